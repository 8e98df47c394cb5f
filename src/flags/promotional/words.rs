//! The words a promotional flag quotes: loaded words joined into phrases, and a peak
//! window widened to whole words.

use std::ops::Range;

use super::super::stop_words::is_stop_word;
use crate::document::LoadedWord;

/// Loaded words next to each other (nothing but spaces between them), quoted as one.
pub(super) struct Phrase<'t> {
    pub(super) text: &'t str,
    pub(super) words: usize,
    /// The highest of its words' scores, and their sum.
    pub(super) score: f32,
    pub(super) sum: f32,
}

/// The words of `loaded` scored at least `from`, neighbours joined into phrases, in text
/// order; each phrase's text without the punctuation at its ends ("“students.”" is
/// quoted as students, scare quotes count as loaded wording in BASIL). A phrase of stop
/// words alone ("the", "my": the tagger learnt from spans that cover whole slogans) is
/// left out.
pub(super) fn loaded_phrases<'t>(
    text: &'t str,
    loaded: &[LoadedWord],
    from: f32,
) -> Vec<Phrase<'t>> {
    // Runs of neighbouring words: their bytes, how many, their highest score and sum.
    struct Run {
        bytes: Range<usize>,
        words: usize,
        score: f32,
        sum: f32,
    }
    let mut runs: Vec<Run> = Vec::new();
    for word in loaded.iter().filter(|w| w.score >= from) {
        let (Some(start), Some(end)) = (
            byte_at(text, word.chars.start),
            byte_at(text, word.chars.end),
        ) else {
            continue;
        };
        // Only spaces between the two words: punctuation ("camaraderie, we", "blasted
        // “hysterical") ends a phrase.
        let joins = |last: &Run| {
            let gap = text.get(last.bytes.end..start);
            let before = text
                .get(..last.bytes.end)
                .and_then(|t| t.chars().next_back());
            let after = text.get(start..).and_then(|t| t.chars().next());
            gap.is_some_and(|gap| gap.trim().is_empty())
                && before.is_some_and(char::is_alphanumeric)
                && after.is_some_and(char::is_alphanumeric)
        };
        match runs.last_mut() {
            Some(last) if joins(last) => {
                last.bytes.end = end;
                last.words += 1;
                last.score = last.score.max(word.score);
                last.sum += word.score;
            }
            _ => runs.push(Run {
                bytes: start..end,
                words: 1,
                score: word.score,
                sum: word.score,
            }),
        }
    }
    runs.into_iter()
        .filter_map(|run| {
            let quoted = text
                .get(run.bytes)?
                .trim_matches(|c: char| !c.is_alphanumeric());
            let content = quoted
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| !w.is_empty() && !is_stop_word(&w.to_lowercase()));
            content.then_some(Phrase {
                text: quoted,
                words: run.words,
                score: run.score,
                sum: run.sum,
            })
        })
        .collect()
}

/// Whether `word` is one of the words of `phrase` (ignoring case).
pub(super) fn contains_word(phrase: &str, word: &str) -> bool {
    phrase
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .any(|w| w.eq_ignore_ascii_case(word))
}

/// The byte offset of the `char`-th character of `text` (its length for one past the end).
fn byte_at(text: &str, char: usize) -> Option<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .nth(char)
}

/// The text of `chars` (character offsets, as the tokenizer gives them), widened to
/// whole words, without the punctuation at its ends.
pub(super) fn whole_words<'t>(text: &'t str, chars: &Range<usize>) -> Option<&'t str> {
    let (mut start, mut end) = (byte_at(text, chars.start)?, byte_at(text, chars.end)?);
    let in_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '’';
    // Only a word cut in two is widened: the window starts or ends inside it.
    while text[start..].chars().next().is_some_and(in_word) {
        match text[..start].chars().next_back().filter(|&c| in_word(c)) {
            Some(c) => start -= c.len_utf8(),
            None => break,
        }
    }
    while text[..end].chars().next_back().is_some_and(in_word) {
        match text[end..].chars().next().filter(|&c| in_word(c)) {
            Some(c) => end += c.len_utf8(),
            None => break,
        }
    }
    let words = text[start..end].trim_matches(|c: char| !c.is_alphanumeric());
    (!words.is_empty()).then_some(words)
}

const ATTRIBUTIONS: &[&str] = &[
    "said",
    "says",
    "told",
    "according",
    "reported",
    "announced",
    "stated",
    "wrote",
    "added",
];

/// Share of words that are concrete: numbers, quoted words, attributions, or names
/// (capitalised words that do not start the sentence).
pub(super) fn information_density(sentence: &str) -> (usize, f32) {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if words.is_empty() {
        return (0, 0.0);
    }
    let mut concrete = 0;
    let mut names = std::collections::HashSet::new();
    for (i, word) in words.iter().enumerate() {
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        let number = core.chars().any(|c| c.is_ascii_digit());
        if number || ATTRIBUTIONS.contains(&core.to_lowercase().as_str()) {
            concrete += 1;
        } else if i > 0 && core.chars().next().is_some_and(char::is_uppercase) {
            // Repeating the same name adds nothing new.
            if names.insert(core.to_string()) {
                concrete += 1;
            }
        }
    }
    if sentence.contains(['“', '"']) {
        concrete += 2;
    }
    (words.len(), concrete as f32 / words.len() as f32)
}
