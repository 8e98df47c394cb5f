//! The JSON record every command emits for one document. These types are the
//! schema: tests deserialize real output into them, rejecting unknown fields.
//!
//! ```text
//! {"id": "...", "source"?: "...", "title"?: "...",
//!  "author"?: "...", "published"?: "ISO 8601", "site"?: "...", "language"?: "...",
//!  "url"?: "...",                                  (what a web page says about itself)
//!  "summary": {"method": "extractive"|"abstractive", "text": "...",
//!              "sentences": [{"start", "end", "text"}],    (extractive: the chosen sentences)
//!              "windows"?: [{"start", "end"}]},           (abstractive: the model inputs)
//!  "sentiment": {"label": "negative"|"neutral"|"positive", "score": -1..1,
//!                "probabilities"?: {"negative", "neutral"?, "positive"}},
//!  "promotional": 0..1,
//!  "paragraphs": [{"start", "end", "kind": "heading"|"paragraph"|"list_item"|"table_row"|"quote",
//!                  "sentiment": {...}, "promotional": 0..1,
//!                  "sentences": [{"start", "end", "sentiment": {...}, "promotional": 0..1}]}],
//!  "flags": [{"kind": "promotional"|"repetitive", "start", "end", "score": 0..1,
//!             "reasons": ["..."], "repeats"?: {"start", "end"},
//!             "subkind"?: "restatement"|"phrase",           (repetitive)
//!             "evidence"?: [{"category", "term"}]}],         (promotional: cues and
//!                                                  emotive words, `category` "emotive")
//!  "loaded"?: [{"start", "end", "text", "score"}],  (loaded words the tagger marks, every
//!                                        sentence outside headings and table rows)
//!  "entities"?: [{"name", "requested"?: true, "count", "tone"?: {...},
//!                 "mentions": [{"start", "end", "text", "pronoun"?: true, "tone"?: {...}}]}],
//!                                       (the people and organisations named most, and
//!                                        those asked for with --target; see below)
//!  "promotional_share": 0..1, "repetitive_share": 0..1,
//!  "warnings": ["..."],
//!  "duplicate_of"?: {"id", "similarity"},
//!  "extracted_text"?: "..."}
//! ```
//!
//! `start`/`end` are UTF-8 byte offsets into the document's original text (for JSONL
//! input, the record's `text`; for HTML input, `extracted_text`); `text[start..end]`
//! is always valid. `paragraphs` lists
//! every block, whatever its kind. `entities` (absent when there are none) gives, for
//! each person or organisation, every mention (pronouns that stand for it marked), the
//! tone toward it in each mention's sentence, and the article's `tone` toward it: the
//! mean of its mentions' probabilities, over `count` mentions (see `entities`). A document that fails is written as
//! [`ErrorRecord`] `{"id", "error"}` instead.

use serde::{Deserialize, Serialize};

mod build;

use crate::document::{BlockKind, Flag, LoadedPhrase, SentimentLabel, Span, SummaryMethod};

/// One document's analysis, as every command writes it (the schema is in the module
/// documentation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The document's id: its path, or a JSONL record's `id`.
    pub id: String,
    /// Where it comes from (a JSONL record's `source`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<String>,
    /// Its title, from the input.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    /// Author or byline, as the page states it (HTML input).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub author: Option<String>,
    /// Publication date or date-time, ISO 8601 (HTML input), so `jq 'select(.published
    /// >= "2024-01")'` filters by date.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub published: Option<String>,
    /// The site's name (`og:site_name`, the publisher in JSON-LD).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub site: Option<String>,
    /// The page's declared language (`<html lang>`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub language: Option<String>,
    /// The page's canonical URL.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub url: Option<String>,
    /// The summary.
    pub summary: SummaryRecord,
    /// The article's tone (headings and table rows left out).
    pub sentiment: SentimentRecord,
    /// Promotional score of the article, 0..1: the length-weighted mean of its
    /// sentences' (headings and table rows left out); see `flags::promotional`.
    /// Absent from records written before it existed: read as 0.
    #[serde(default)]
    pub promotional: f32,
    /// Every block of the text, whatever its kind, in order.
    pub paragraphs: Vec<ParagraphRecord>,
    /// Promotional and repetitive flags, in text order.
    pub flags: Vec<Flag>,
    /// The words and phrases the loaded-word tagger marks at the promotional settings'
    /// `loaded_from`, flagged or not, in text order (see `flags::promotional`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub loaded: Vec<LoadedPhrase>,
    /// The people and organisations named most, and the targets asked for.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub entities: Vec<EntityRecord>,
    /// Share of the text's bytes inside promotional flags (0..1).
    pub promotional_share: f32,
    /// Share of the text's bytes inside repetitive flags (0..1).
    pub repetitive_share: f32,
    /// What a reader should know of how the document was read and analysed.
    pub warnings: Vec<String>,
    /// In `score` and `compare` batches: an earlier document of the batch this one is a
    /// near-copy of (MinHash estimate of shared word 5-grams; see `flags::duplicates`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub duplicate_of: Option<DuplicateOf>,
    /// Present only when the input was HTML: the main-content text extracted from it,
    /// which this record's offsets point into.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub extracted_text: Option<String>,
}

/// A person or organisation and the article's tone toward it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityRecord {
    /// The entity's name (its fullest form in the article, or the target as asked for).
    pub name: String,
    /// Asked for with `--target`.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub requested: bool,
    /// Mentions, pronouns included.
    pub count: usize,
    /// The mean over the mentions; absent without mentions or a target-tone model.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tone: Option<SentimentRecord>,
    /// Every mention, in text order.
    pub mentions: Vec<MentionRecord>,
}

/// One mention of an entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MentionRecord {
    /// First byte of the mention in the original text.
    pub start: usize,
    /// The byte after it.
    pub end: usize,
    /// The mention as written.
    pub text: String,
    /// A pronoun (`he`, `she`) that stands for the entity.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub pronoun: bool,
    /// The tone toward the entity in this mention's sentence.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tone: Option<SentimentRecord>,
}

/// The earlier document a near-copy repeats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuplicateOf {
    /// Its id.
    pub id: String,
    /// Estimated Jaccard similarity of the two documents' word 5-gram sets.
    pub similarity: f32,
}

/// The summary as written out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryRecord {
    /// Extractive (sentences of the article) or abstractive (generated).
    pub method: SummaryMethod,
    /// The summary's text.
    pub text: String,
    /// Extractive: the chosen sentences, in text order.
    pub sentences: Vec<SpanText>,
    /// Abstractive: the windows of the text the model read.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub windows: Vec<Span>,
}

/// A span of the original text and its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpanText {
    /// First byte.
    pub start: usize,
    /// The byte after the last.
    pub end: usize,
    /// The spanned text.
    pub text: String,
}

/// A sentiment as written out; `probabilities` is absent only when nothing was scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentimentRecord {
    /// The most probable class.
    pub label: SentimentLabel,
    /// P(positive) - P(negative), -1..1.
    pub score: f32,
    /// The class probabilities.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub probabilities: Option<crate::document::Probabilities>,
}

/// One block of the text: a paragraph, heading, list item, table row or quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParagraphRecord {
    /// First byte.
    pub start: usize,
    /// The byte after the last.
    pub end: usize,
    /// What kind of block.
    pub kind: BlockKind,
    /// Its tone: the length-weighted mean of its sentences'.
    pub sentiment: SentimentRecord,
    /// Length-weighted mean of the sentences' promotional scores, 0..1.
    #[serde(default)]
    pub promotional: f32,
    /// Its sentences, in order.
    pub sentences: Vec<SentenceRecord>,
}

/// One sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentenceRecord {
    /// First byte.
    pub start: usize,
    /// The byte after the last.
    pub end: usize,
    /// Its tone.
    pub sentiment: SentimentRecord,
    /// Promotional score, 0..1; flagged at `--promo-threshold`.
    #[serde(default)]
    pub promotional: f32,
}

impl Record {
    /// Drops what statistics over many records never read (sentences, reasons, the
    /// summary's sentences, warnings, the extracted text, entity mentions), so that `compare` holds
    /// thousands of records in little memory. Paragraphs, flags' spans, kinds and
    /// evidence, entities' names, counts and tone, and every score stay.
    pub fn shed_detail(&mut self) {
        self.summary.sentences = Vec::new();
        self.summary.windows = Vec::new();
        self.warnings = Vec::new();
        self.extracted_text = None;
        for paragraph in &mut self.paragraphs {
            paragraph.sentences = Vec::new();
        }
        for flag in &mut self.flags {
            flag.reasons = Vec::new();
        }
        for entity in &mut self.entities {
            entity.mentions = Vec::new();
        }
    }
}

/// A document that could not be analysed: the batch writes this in its place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorRecord {
    /// The document's id.
    pub id: String,
    /// Why it failed, with its causes.
    pub error: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::preprocess::segment;

    #[test]
    fn records_written_before_promotional_scores_still_read() {
        let mut doc = Document::new("t", "One sentence here. Another one there.");
        segment(&mut doc);
        let mut value = serde_json::to_value(Record::from(&doc)).unwrap();
        // Strip every "promotional" key, as in a record of an older version.
        fn strip(value: &mut serde_json::Value) {
            match value {
                serde_json::Value::Object(map) => {
                    map.remove("promotional");
                    map.values_mut().for_each(strip);
                }
                serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
                _ => {}
            }
        }
        strip(&mut value);
        assert!(!value.to_string().contains("\"promotional\""));
        let record: Record = serde_json::from_value(value).unwrap();
        assert_eq!(record.promotional, 0.0);
        assert_eq!(record.paragraphs[0].sentences.len(), 2);
    }
}
