//! Flags: passages that sell something or repeat an earlier one, with their evidence.

use serde::{Deserialize, Serialize};

use super::Span;

/// What a flag marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// Selling language: puffery, loaded or glittering words, PR-speak, empty filler.
    Promotional,
    /// A passage that restates an earlier one, or a phrase said too often.
    Repetitive,
}

/// A passage that sells something or repeats an earlier one, with the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    /// What the flag marks.
    pub kind: FlagKind,
    /// The flagged passage: a sentence, or a phrase of one.
    #[serde(flatten)]
    pub span: Span,
    /// How strongly the passage shows the trait, 0..1.
    pub score: f32,
    /// Human-readable evidence, e.g. "peacock term 'unwavering'".
    pub reasons: Vec<String>,
    /// For repetitive flags: the earliest passage this one restates, or the first
    /// use of the repeated phrase.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeats: Option<Span>,
    /// For repetitive flags: a restated sentence or paragraph, or a repeated phrase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subkind: Option<RepetitionKind>,
    /// For promotional flags: the words the reasons name, as data to count.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// A word or phrase that counts as promotional evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The lexicon category of a cue (`peacock`, `pr_speak`, ...), `emotive` for an
    /// emotive word, `loaded` for a word or phrase the loaded-word tagger marks.
    pub category: String,
    /// The cue or word as it stands in the text, lower-cased.
    pub term: String,
}

/// A word or phrase the loaded-word tagger marks in a sentence, flagged or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadedPhrase {
    /// Where it stands in the text (its sentence, in the rare case that cleaning changed
    /// its words).
    #[serde(flatten)]
    pub span: Span,
    /// As it stands in the sentence (neighbouring loaded words together), without the
    /// punctuation at its ends.
    pub text: String,
    /// The tagger's highest score among its words, 0..1.
    pub score: f32,
}

/// What a repetitive flag found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepetitionKind {
    /// A sentence or paragraph that says again what an earlier one said.
    Restatement,
    /// A loaded phrase used again (a slogan, an epithet).
    Phrase,
}
