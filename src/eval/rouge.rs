//! ROUGE-N and ROUGE-Lsum as Google's `rouge-score` package computes them (stemming
//! on): lower-case, every run of characters outside `[a-z0-9]` becomes a space,
//! tokens longer than 3 characters are Porter-stemmed. ROUGE-Lsum reads each line of
//! a summary as a sentence and takes, per reference sentence, the union of its
//! longest common subsequences with every candidate sentence.

use std::collections::HashMap;

/// Precision, recall and F1 of one comparison, each 0..1.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
    /// Shared n-grams over the candidate's n-grams.
    pub precision: f64,
    /// Shared n-grams over the reference's n-grams.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Score {
    fn new(hits: usize, candidate: usize, reference: usize) -> Score {
        let precision = if candidate == 0 {
            0.0
        } else {
            hits as f64 / candidate as f64
        };
        let recall = if reference == 0 {
            0.0
        } else {
            hits as f64 / reference as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Score {
            precision,
            recall,
            f1,
        }
    }
}

/// rouge-score's tokenizer with its Porter stemmer on.
pub fn tokenize(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let cleaned: String = lower
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                ' '
            }
        })
        .collect();
    cleaned
        .split_whitespace()
        .map(|t| {
            if t.len() > 3 {
                porter_stemmer::stem(t)
            } else {
                t.to_string()
            }
        })
        .filter(|t| !t.is_empty())
        .collect()
}

fn ngrams(tokens: &[String], n: usize) -> HashMap<&[String], usize> {
    let mut counts = HashMap::new();
    if n > 0 && tokens.len() >= n {
        for gram in tokens.windows(n) {
            *counts.entry(gram).or_insert(0) += 1;
        }
    }
    counts
}

/// ROUGE-N of a candidate against a reference, both whole texts.
pub fn rouge_n(candidate: &str, reference: &str, n: usize) -> Score {
    let (c, r) = (tokenize(candidate), tokenize(reference));
    let (cg, rg) = (ngrams(&c, n), ngrams(&r, n));
    let hits = cg
        .iter()
        .map(|(gram, &count)| count.min(rg.get(gram).copied().unwrap_or(0)))
        .sum();
    Score::new(hits, cg.values().sum(), rg.values().sum())
}

/// Indices into `reference` of one longest common subsequence with `candidate`,
/// backtracked as rouge-score does (ties move left in the candidate).
fn lcs_indices(reference: &[String], candidate: &[String]) -> Vec<usize> {
    let (m, n) = (reference.len(), candidate.len());
    let mut table = vec![vec![0u32; n + 1]; m + 1];
    for i in 1..=m {
        for j in 1..=n {
            table[i][j] = if reference[i - 1] == candidate[j - 1] {
                table[i - 1][j - 1] + 1
            } else {
                table[i - 1][j].max(table[i][j - 1])
            };
        }
    }
    let (mut i, mut j) = (m, n);
    let mut out = Vec::new();
    while i > 0 && j > 0 {
        if reference[i - 1] == candidate[j - 1] {
            out.push(i - 1);
            i -= 1;
            j -= 1;
        } else if table[i][j - 1] > table[i - 1][j] {
            j -= 1;
        } else {
            i -= 1;
        }
    }
    out.reverse();
    out
}

/// ROUGE-Lsum: `candidate` and `reference` hold one sentence per line.
pub fn rouge_lsum(candidate: &str, reference: &str) -> Score {
    let sentences = |text: &str| -> Vec<Vec<String>> {
        text.split('\n')
            .filter(|s| !s.is_empty())
            .map(tokenize)
            .collect()
    };
    let (c, r) = (sentences(candidate), sentences(reference));
    let m: usize = r.iter().map(Vec::len).sum();
    let n: usize = c.iter().map(Vec::len).sum();
    if m == 0 || n == 0 {
        return Score::default();
    }
    let mut count_r: HashMap<&str, usize> = HashMap::new();
    let mut count_c: HashMap<&str, usize> = HashMap::new();
    for t in r.iter().flatten() {
        *count_r.entry(t).or_insert(0) += 1;
    }
    for t in c.iter().flatten() {
        *count_c.entry(t).or_insert(0) += 1;
    }
    let mut hits = 0;
    for sentence in &r {
        let mut union: Vec<usize> = c
            .iter()
            .flat_map(|cand| lcs_indices(sentence, cand))
            .collect();
        union.sort_unstable();
        union.dedup();
        for i in union {
            let token = sentence[i].as_str();
            let (Some(in_c), Some(in_r)) = (count_c.get_mut(token), count_r.get_mut(token)) else {
                continue;
            };
            if *in_c > 0 && *in_r > 0 {
                hits += 1;
                *in_c -= 1;
                *in_r -= 1;
            }
        }
    }
    Score::new(hits, n, m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizer_lowercases_splits_on_non_alphanumerics_and_stems_long_tokens() {
        assert_eq!(
            tokenize("The Cats' running-shoes, 2,100!"),
            vec!["the", "cat", "run", "shoe", "2", "100"]
        );
    }

    #[test]
    fn rouge_n_counts_clipped_ngram_overlap() {
        let s = rouge_n("the cat sat on the mat", "the cat lay on the mat", 1);
        assert!((s.precision - 5.0 / 6.0).abs() < 1e-9);
        assert!((s.recall - 5.0 / 6.0).abs() < 1e-9);
        let s = rouge_n("the cat sat on the mat", "the cat lay on the mat", 2);
        assert!((s.f1 - 3.0 / 5.0).abs() < 1e-9);
        assert_eq!(rouge_n("", "the cat", 1), Score::default());
    }

    #[test]
    fn rouge_lsum_unions_lcs_over_candidate_sentences() {
        // The reference sentence's LCS with each candidate line covers 3 of its 4 tokens.
        let s = rouge_lsum(
            "police killed the gunman\nthe gunman was shot",
            "police kill the gunman",
        );
        // Candidate tokens: police kill the gunman / the gunman was shot (8); hits 4.
        assert!((s.recall - 1.0).abs() < 1e-9, "{s:?}");
        assert!((s.precision - 4.0 / 8.0).abs() < 1e-9, "{s:?}");
    }
}
