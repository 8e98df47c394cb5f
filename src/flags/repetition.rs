//! Restatements within a document: a sentence or paragraph that says again what an
//! earlier one said, copied or in other words. MiniLM cosine finds paraphrases;
//! content-word overlap keeps sentences that merely share a topic from matching.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::stop_words::is_stop_word;
use crate::document::{Document, Flag, FlagKind, RepetitionKind, Span};
use crate::models::cosine;

/// When a sentence counts as restating an earlier one (`[repetition]` in a settings
/// file).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RepetitionSettings {
    /// Cosine at or above which a sentence restates an earlier one on meaning alone.
    pub paraphrase_cosine: f32,
    /// Lower cosine that also counts when enough content words are shared.
    pub overlap_cosine: f32,
    /// Share of content words shared with the earlier sentence that `overlap_cosine` needs.
    pub min_word_overlap: f32,
    /// Sentences shorter than this are never compared (headings, fragments).
    pub min_words: usize,
    /// A loaded phrase used this many times is flagged at every use after the first
    /// (see `flags::phrases`); 0 turns phrase flags off.
    pub phrase_min_count: usize,
}

impl Default for RepetitionSettings {
    fn default() -> Self {
        RepetitionSettings {
            paraphrase_cosine: 0.85,
            overlap_cosine: 0.7,
            min_word_overlap: 0.35,
            min_words: 6,
            phrase_min_count: 2,
        }
    }
}

impl RepetitionSettings {
    /// Whether two passages with this meaning similarity and content-word overlap
    /// say the same thing.
    pub fn restates(&self, cosine: f32, overlap: f32) -> bool {
        cosine >= self.paraphrase_cosine
            || (cosine >= self.overlap_cosine && overlap >= self.min_word_overlap)
    }
}

/// The lower-cased words of `text` that are not stop words.
pub fn content_words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !is_stop_word(w))
        .collect()
}

/// Jaccard overlap of content words.
pub fn word_overlap(a: &HashSet<String>, b: &HashSet<String>) -> f32 {
    let union = a.union(b).count();
    if union == 0 {
        0.0
    } else {
        a.intersection(b).count() as f32 / union as f32
    }
}

struct Unit {
    span: Span,
    embedding: Vec<f32>,
    words: HashSet<String>,
}

fn restatements(
    doc: &Document,
    units: &[Unit],
    settings: &RepetitionSettings,
    what: &str,
) -> Vec<Flag> {
    let mut flags = Vec::new();
    for (j, later) in units.iter().enumerate() {
        // The earliest passage it restates, so every copy points at the first telling.
        let first = units[..j]
            .iter()
            .map(|earlier| {
                let cos = cosine(&earlier.embedding, &later.embedding);
                let overlap = word_overlap(&earlier.words, &later.words);
                (earlier, cos, overlap)
            })
            .find(|&(_, cos, overlap)| settings.restates(cos, overlap));
        if let Some((earlier, cos, overlap)) = first {
            let preview: String = doc.slice(earlier.span).chars().take(60).collect();
            flags.push(Flag {
                kind: FlagKind::Repetitive,
                span: later.span,
                score: cos.clamp(0.0, 1.0),
                reasons: vec![
                    format!("restates an earlier {what}: \"{preview}…\""),
                    format!(
                        "meaning similarity {cos:.2}, {:.0}% shared content words",
                        overlap * 100.0
                    ),
                ],
                repeats: Some(earlier.span),
                subkind: Some(RepetitionKind::Restatement),
                evidence: Vec::new(),
            });
        }
    }
    flags
}

/// Flags sentences, and paragraphs of several sentences, that restate earlier ones.
pub fn flag(doc: &mut Document, settings: &RepetitionSettings) {
    let Some(embeddings) = doc.embeddings() else {
        return;
    };
    let mut sentences = Vec::new();
    let mut paragraphs = Vec::new();
    let mut index = 0;
    for block in &doc.blocks {
        let first = index;
        index += block.sentences.len();
        if block.kind.is_label() {
            continue;
        }
        for (k, sentence) in block.sentences.iter().enumerate() {
            let text = sentence.text.as_str();
            if text.split_whitespace().count() >= settings.min_words {
                sentences.push(Unit {
                    span: sentence.span,
                    embedding: embeddings[first + k].to_vec(),
                    words: content_words(text),
                });
            }
        }
        if block.sentences.len() > 1 {
            let dim = embeddings[first].len();
            let mut mean = vec![0.0f32; dim];
            for e in &embeddings[first..index] {
                for (m, v) in mean.iter_mut().zip(e.iter()) {
                    *m += v;
                }
            }
            paragraphs.push(Unit {
                span: block.span,
                embedding: mean,
                words: block
                    .sentences
                    .iter()
                    .flat_map(|s| content_words(&s.text))
                    .collect(),
            });
        }
    }
    let mut flags = restatements(doc, &paragraphs, settings, "paragraph");
    // A sentence inside a paragraph already flagged as a whole adds nothing.
    let sentence_flags = restatements(doc, &sentences, settings, "sentence");
    let covered: Vec<Span> = flags.iter().map(|f| f.span).collect();
    flags.extend(sentence_flags.into_iter().filter(|f| {
        !covered
            .iter()
            .any(|p| p.start <= f.span.start && f.span.end <= p.end)
    }));
    doc.flags.extend(flags);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_overlap_ignores_stop_words_and_case() {
        let a = content_words("The Council approved the budget.");
        let b = content_words("council approved a budget");
        assert_eq!(word_overlap(&a, &b), 1.0);
        assert_eq!(word_overlap(&a, &content_words("Rain fell.")), 0.0);
    }
}
