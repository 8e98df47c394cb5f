//! The people and organisations an article names, and the tone toward each.

use std::ops::Range;

use super::{Sentiment, Span};

/// A person or organisation the article names (or a target the user asked about), its
/// mentions, and the article's tone toward it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// The fullest form the article uses ("Hillary Clinton"), or the name asked for.
    pub name: String,
    /// Asked for with `--target`, rather than found among the most-named.
    pub requested: bool,
    /// In document order.
    pub mentions: Vec<Mention>,
    /// The mean of the mentions' tone probabilities; `None` without mentions or without
    /// a target-tone model.
    pub tone: Option<Sentiment>,
}

/// One mention of an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Bytes of the document text ("President Trump", "Clinton", "she").
    pub span: Span,
    /// Index of the sentence in document order.
    pub sentence: usize,
    /// A pronoun standing for the entity.
    pub pronoun: bool,
    /// The tone toward the entity in this sentence (shared by its mentions there).
    pub tone: Option<Sentiment>,
}

/// A name in a sentence that may be a person's (see `entities::names::Name::may_be_person`),
/// as the encoder reads it: its characters in the sentence's cleaned text, and the sentiment
/// branch's states pooled over them. The sentence's tone takes in the tone toward it (see
/// `sentiment::PEOPLE_WEIGHT`).
#[derive(Debug, Clone, PartialEq)]
pub struct PersonInput {
    /// Character range (as the tokenizer counts) of the sentence's cleaned text.
    pub chars: Range<usize>,
    /// The branch's states averaged over the name's word pieces; empty until encoded.
    pub state: Vec<f32>,
}

/// One entity's mentions in one sentence, as the encoder reads them: their characters in
/// the sentence's cleaned text, and the sentiment branch's states pooled over them.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetInput {
    /// Index into [`super::Document::entities`].
    pub entity: usize,
    /// Character ranges (as the tokenizer counts) of the sentence's cleaned text.
    pub chars: Vec<Range<usize>>,
    /// The branch's states averaged over the mentions' word pieces; empty until encoded.
    pub state: Vec<f32>,
}
