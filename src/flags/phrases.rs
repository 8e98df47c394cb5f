//! Repeated loaded phrases within a document: the slogan or epithet that propaganda and
//! PR copy hammer ("illegal aliens", "unbreakable bond"). Most of the Repetition spans
//! in the Propaganda Techniques Corpus are such 1-3 word phrases, not whole sentences.
//!
//! A phrase is two adjacent words, neither a stop word, at least one of them emotive
//! (in the lexicon's valence list) or a promotional cue. Names are left out (a word
//! capitalised mid-sentence: news repeats names, and the titles of books, laws and
//! operations, quoted or not, as a matter of course).
//! Word forms are folded crudely (`-ing`, `-ed`, `-es`, `-s`), so "promoting ties" and
//! "promote ties" count as one phrase. Every use after the first, when there are at
//! least `phrase_min_count`, is flagged at the phrase itself, pointing at the first,
//! unless it lies in a sentence or paragraph already flagged as a restatement.

use std::collections::HashMap;

use super::lexicon::Lexicon;
use super::stop_words::is_stop_word;
use crate::document::{BlockKind, Document, Flag, FlagKind, RepetitionKind, Span};

struct Word {
    span: Span,
    key: String,
    /// Whether the word counts as loaded: emotive or a lexicon cue.
    loaded: bool,
    /// A name or a stop word: never part of a phrase.
    skip: bool,
}

/// Crude folding of English word forms, enough to match "promoting" and "promote".
fn stem(word: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(root) = word.strip_suffix(suffix) {
            if root.chars().count() >= 4 {
                return root;
            }
        }
    }
    word
}

/// The words of one sentence of the original text, with their byte spans.
fn words(text: &str, offset: usize, lexicon: &Lexicon, out: &mut Vec<Word>) {
    let mut first = true;
    let mut start = None;
    let push = |s: usize, e: usize, first: &mut bool, out: &mut Vec<Word>| {
        // A word may not end in an apostrophe or hyphen ("aliens'", "well-").
        let raw = text[s..e].trim_end_matches(['\'', '’', '-']);
        let e = s + raw.len();
        let lower = raw.to_lowercase().replace('’', "'");
        let name = !*first && raw.chars().next().is_some_and(char::is_uppercase);
        *first = false;
        let stop = is_stop_word(&lower) || lower.chars().count() < 3;
        let loaded = !lexicon.emotive_words(raw).is_empty() || lexicon.is_cue_word(raw);
        out.push(Word {
            span: Span::new(offset + s, offset + e),
            key: stem(&lower).to_string(),
            loaded,
            skip: name || stop,
        });
    };
    for (i, c) in text.char_indices() {
        let word_char = c.is_alphanumeric() || (start.is_some() && matches!(c, '\'' | '’' | '-'));
        match (word_char, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                push(s, i, &mut first, out);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut first, out);
    }
}

/// Flags each repeated use of a loaded two-word phrase.
pub fn flag(doc: &mut Document, lexicon: &Lexicon, min_count: usize) {
    if min_count < 2 {
        return;
    }
    let mut words_of = Vec::new();
    for block in &doc.blocks {
        if block.kind == BlockKind::TableRow {
            continue;
        }
        for sentence in &block.sentences {
            let mut sentence_words = Vec::new();
            words(
                doc.slice(sentence.span),
                sentence.span.start,
                lexicon,
                &mut sentence_words,
            );
            words_of.push(sentence_words);
        }
    }
    // Each phrase's uses in document order; phrases never span sentences.
    let mut uses: HashMap<String, Vec<(Span, String)>> = HashMap::new();
    for sentence in &words_of {
        for pair in sentence.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.skip || b.skip || !(a.loaded || b.loaded) {
                continue;
            }
            let span = Span::new(a.span.start, b.span.end);
            uses.entry(format!("{} {}", a.key, b.key))
                .or_default()
                .push((span, doc.slice(span).to_string()));
        }
    }
    let mut flags = Vec::new();
    for occurrences in uses.values().filter(|u| u.len() >= min_count) {
        let (first, first_text) = &occurrences[0];
        for (span, _) in &occurrences[1..] {
            flags.push(Flag {
                kind: FlagKind::Repetitive,
                span: *span,
                score: 1.0 - 1.0 / occurrences.len() as f32,
                reasons: vec![format!(
                    "phrase '{first_text}' used {} times in the article",
                    occurrences.len()
                )],
                repeats: Some(*first),
                subkind: Some(RepetitionKind::Phrase),
                evidence: Vec::new(),
            });
        }
    }
    // A phrase inside a passage already flagged as a restatement adds nothing.
    let restated: Vec<Span> = doc
        .flags
        .iter()
        .filter(|f| f.kind == FlagKind::Repetitive)
        .map(|f| f.span)
        .collect();
    flags.retain(|f| {
        !restated
            .iter()
            .any(|r| r.start <= f.span.start && f.span.end <= r.end)
    });
    flags.sort_by_key(|f| f.span.start);
    doc.flags.extend(flags);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preprocess::segment;

    fn phrase_flags(text: &str) -> Vec<(String, String)> {
        let mut doc = Document::new("t", text);
        segment(&mut doc);
        flag(&mut doc, &Lexicon::builtin(), 2);
        doc.flags
            .iter()
            .map(|f| {
                (
                    doc.slice(f.span).to_string(),
                    doc.slice(f.repeats.unwrap()).to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn a_repeated_loaded_phrase_is_flagged_at_each_later_use() {
        let flags = phrase_flags(
            "The senator attacked illegal aliens in a speech on Monday.\n\n\
             Officials counted the votes twice.\n\n\
             He said illegal aliens were to blame, and illegal alien crime was rising.",
        );
        assert_eq!(
            flags,
            vec![
                ("illegal aliens".to_string(), "illegal aliens".to_string()),
                ("illegal alien".to_string(), "illegal aliens".to_string()),
            ]
        );
    }

    #[test]
    fn names_titles_and_neutral_phrases_are_not_phrases() {
        // "Peace Mission" is a name, "Great Patriotic War" a title, "budget vote" is
        // repeated but not loaded.
        let flags = phrase_flags(
            "The Peace Mission exercise began. The budget vote was close.\n\n\
             The Peace Mission exercise ended. The budget vote passed. The \"Great \
             Patriotic War\" film opened, and a Great Patriotic War museum too.",
        );
        assert!(flags.is_empty(), "{flags:?}");
    }
}
