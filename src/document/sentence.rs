//! One sentence of a document and what the encoder's pass found in it.

use super::{PersonInput, Sentiment, Span, TargetInput};

/// A sentence: where it lies in the original text and what the stages found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// The sentence's bytes in the document's original text.
    pub span: Span,
    /// The cleaned text models and matching read (see `preprocess::clean`); the
    /// reported text is always `span` of the original.
    pub text: String,
    /// The sentence's tone; `None` until the sentiment stage ran.
    pub sentiment: Option<Sentiment>,
    /// Promotional score, 0..1 (see `flags::promotional`); `None` until scored.
    pub promotional: Option<f32>,
    /// The sentence embedding (see `models::embedder`); empty until the embed stage ran.
    pub embedding: Vec<f32>,
    /// The sentiment branch's pooled states, from the same pass, when the embedded
    /// sentiment model has a branch; else empty.
    pub sentiment_input: Vec<f32>,
    /// The peak window on the promotional-tone direction, from the same pass, when the
    /// encoder gives one (see `flags::tone`).
    pub peak: Option<Peak>,
    /// The words the loaded-word tagger scored at least [`LoadedWord::KEPT_FROM`], from
    /// the same pass, in text order (see `flags::promotional`).
    pub loaded: Vec<LoadedWord>,
    /// The entities mentioned in the sentence, each with its mentions' characters and,
    /// once encoded, the states the target-tone head reads (see `entities`).
    pub targets: Vec<TargetInput>,
    /// The names in the sentence that may be people's, each with, once encoded, the
    /// states the target-tone head reads; the sentence's tone takes in its tone toward
    /// them (see `sentiment`).
    pub people: Vec<PersonInput>,
}

/// The stretch of a sentence that projects furthest on a direction in the encoder's
/// token states (see `models::bert::peak_windows`): the words a promotional flag quotes.
#[derive(Debug, Clone, PartialEq)]
pub struct Peak {
    /// Projection of the window's normalised mean state on the direction.
    pub projection: f32,
    /// The window's characters in the text (whole word pieces).
    pub chars: std::ops::Range<usize>,
}

/// A word of a sentence and how likely the loaded-word tagger finds it loaded wording
/// ("assailed", "bombastic"): the highest of its word pieces' probabilities.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedWord {
    /// The word's characters in the sentence's text (its word pieces together, as the
    /// tokenizer counts characters; punctuation attached to it included).
    pub chars: std::ops::Range<usize>,
    /// How likely the tagger finds it loaded wording, 0..1: the highest of its word pieces'.
    pub score: f32,
}

impl LoadedWord {
    /// Words scored below this are not kept.
    pub const KEPT_FROM: f32 = 0.2;
}
