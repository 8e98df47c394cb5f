//! The main-text metric for web extraction: word 4-gram overlap between the gold
//! article text and the extracted text, averaged over pages.
//!
//! Both texts are cut into `\w+` tokens (Unicode word characters) and then into word
//! 4-gram multisets (a text of fewer than 4 tokens is one gram). Per page, tp is the
//! size of the multiset intersection, fp the predicted grams left over, fn the gold
//! grams left over, and the three are scaled to sum to 1. Precision is the mean over
//! pages with non-empty output, recall the mean over all pages, F1 their harmonic mean.

use std::collections::HashMap;

/// `\w+` tokens: runs of alphanumeric characters, marks and connector punctuation.
pub fn word_tokens(text: &str) -> Vec<&str> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || is_mark(c);
    text.split(|c: char| !is_word(c))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Combining marks, which `\w` in Unicode regular expressions counts as word characters
/// (they appear inside words in Hindi, Thai and decomposed Latin text).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0900..=0x0DFF | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

fn grams<'a>(tokens: &[&'a str]) -> HashMap<Vec<&'a str>, usize> {
    let mut counts = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    if tokens.len() < 4 {
        *counts.entry(tokens.to_vec()).or_insert(0) += 1;
        return counts;
    }
    for window in tokens.windows(4) {
        *counts.entry(window.to_vec()).or_insert(0) += 1;
    }
    counts
}

/// One page's share of true positives, false positives and false negatives (summing
/// to 1; all zero when both texts are empty).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PageScore {
    /// Share of the tokens both extracted and expected.
    pub tp: f64,
    /// Share extracted but not expected.
    pub fp: f64,
    /// Share expected but not extracted.
    pub fn_: f64,
}

impl PageScore {
    /// tp / (tp + fp); 0 with nothing extracted.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// tp / (tp + fn); 0 with nothing expected.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

/// Scores one page: `gold` is the expected article text, `predicted` the extraction.
pub fn score_page(gold: &str, predicted: &str) -> PageScore {
    let gold = grams(&word_tokens(gold));
    let predicted = grams(&word_tokens(predicted));
    let tp: usize = predicted
        .iter()
        .map(|(gram, n)| (*n).min(gold.get(gram).copied().unwrap_or(0)))
        .sum();
    let fp = predicted.values().sum::<usize>() - tp;
    let fn_ = gold.values().sum::<usize>() - tp;
    let total = (tp + fp + fn_) as f64;
    if total == 0.0 {
        return PageScore::default();
    }
    PageScore {
        tp: tp as f64 / total,
        fp: fp as f64 / total,
        fn_: fn_ as f64 / total,
    }
}

/// Precision, recall and F1 over pages, as the module documentation defines them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Precision over the pages.
    pub precision: f64,
    /// Recall over the pages.
    pub recall: f64,
    /// F1 over the pages.
    pub f1: f64,
}

/// Averages page scores; `None` marks a page with empty output (it counts in recall
/// as 0, and not in precision).
pub fn summarize(pages: &[Option<PageScore>]) -> Summary {
    let scored: Vec<&PageScore> = pages.iter().flatten().collect();
    let precision = mean(scored.iter().map(|p| p.precision()), scored.len());
    let recall = mean(
        pages.iter().map(|p| p.map_or(0.0, |p| p.recall())),
        pages.len(),
    );
    let f1 = ratio(2.0 * precision * recall, precision + recall);
    Summary {
        precision,
        recall,
        f1,
    }
}

fn mean(values: impl Iterator<Item = f64>, n: usize) -> f64 {
    ratio(values.sum(), n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unicode_word_runs() {
        assert_eq!(
            word_tokens("It's 4.5% — naïve_café, 東京!"),
            vec!["It", "s", "4", "5", "naïve_café", "東京"]
        );
    }

    #[test]
    fn identical_texts_score_one_and_extra_text_costs_precision() {
        let gold = "one two three four five six";
        let same = score_page(gold, gold);
        assert_eq!((same.precision(), same.recall()), (1.0, 1.0));
        let extra = score_page(gold, "menu home one two three four five six");
        // 3 gold grams all found, 2 extra grams predicted.
        assert!((extra.recall() - 1.0).abs() < 1e-12);
        assert!((extra.precision() - 3.0 / 5.0).abs() < 1e-12);
        assert!((extra.tp + extra.fp + extra.fn_ - 1.0).abs() < 1e-12);
    }

    #[test]
    fn repeated_grams_count_once_per_gold_occurrence() {
        let s = score_page("a b c d", "a b c d a b c d");
        // predicted grams: abcd, bcda, cdab, dabc, abcd -> 1 tp of 5 predicted.
        assert!((s.precision() - 0.2).abs() < 1e-12);
        assert!((s.recall() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn short_texts_are_one_gram_and_empty_output_counts_in_recall_only() {
        assert_eq!(score_page("Hello world", "Hello world").recall(), 1.0);
        let pages = [Some(score_page("a b c d e", "a b c d e")), None];
        let s = summarize(&pages);
        assert_eq!(s.precision, 1.0);
        assert_eq!(s.recall, 0.5);
        assert!((s.f1 - 2.0 / 3.0).abs() < 1e-12);
    }
}
