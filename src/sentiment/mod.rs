//! Sentiment per sentence, per block and per document.
//!
//! Sentences are scored by a model that gives negative/neutral/positive
//! probabilities. A block's probabilities are the mean of its sentences'
//! probabilities weighted by sentence length in bytes, so a long sentence is not
//! outvoted by a short aside; the document's are the same weighted mean over the
//! sentences of every block except headings and table rows, which label rather than
//! say something (all blocks count when there is nothing else). The label is the most
//! probable class and the score is P(positive) - P(negative), from -1 to 1.

pub mod head;

use crate::document::{Document, Probabilities};
use crate::models::classifier::Classifier;

pub use head::{sentiment, SentimentHead};

/// Scores every sentence with the embedded head, on `doc.sentiment_inputs` (its
/// branch's states) or, for a head without a branch, `doc.embeddings`.
pub fn score_with_head(doc: &mut Document, head: &SentimentHead) {
    let inputs = head.select(&doc.embeddings, &doc.sentiment_inputs);
    let probabilities: Vec<Probabilities> = inputs.iter().map(|e| head.probabilities(e)).collect();
    apply(doc, &probabilities);
}

/// Scores every sentence with a sequence classifier on the sentences' text.
pub fn score_with_classifier(doc: &mut Document, classifier: &Classifier) {
    let texts: Vec<&str> = doc.sentences().map(|(_, s)| s.text.as_str()).collect();
    let probabilities = classifier.probabilities(&texts);
    apply(doc, &probabilities);
}

/// Sets sentence sentiment from per-sentence probabilities (in document order), then
/// block and document sentiment from them.
pub fn apply(doc: &mut Document, probabilities: &[Probabilities]) {
    if probabilities.len() != doc.sentence_count() {
        return;
    }
    let mut each = probabilities.iter();
    for sentence in doc.blocks.iter_mut().flat_map(|b| &mut b.sentences) {
        sentence.sentiment = each.next().map(|&p| sentiment(p));
    }
    let vectors: Vec<[f64; 3]> = probabilities
        .iter()
        .map(|p| [p.negative, p.neutral.unwrap_or(0.0), p.positive].map(f64::from))
        .collect();
    let as_sentiment = |[negative, neutral, positive]: [f64; 3]| {
        sentiment(Probabilities {
            negative: negative as f32,
            neutral: Some(neutral as f32),
            positive: positive as f32,
        })
    };
    let (blocks, document) = doc.weighted_means(&vectors);
    for (block, mean) in doc.blocks.iter_mut().zip(blocks) {
        block.sentiment = mean.map(as_sentiment);
    }
    doc.sentiment = document.map(as_sentiment);
}
