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

use crate::document::{BlockKind, Document, Probabilities};
use crate::models::classifier::Classifier;

pub use head::{sentiment, SentimentHead};

/// Length-weighted sum of probability vectors.
#[derive(Debug, Clone, Copy, Default)]
struct Mean {
    negative: f64,
    neutral: f64,
    positive: f64,
    weight: f64,
}

impl Mean {
    fn add(&mut self, p: Probabilities, weight: f64) {
        self.negative += weight * f64::from(p.negative);
        self.neutral += weight * f64::from(p.neutral.unwrap_or(0.0));
        self.positive += weight * f64::from(p.positive);
        self.weight += weight;
    }

    fn merge(&mut self, other: Mean) {
        self.negative += other.negative;
        self.neutral += other.neutral;
        self.positive += other.positive;
        self.weight += other.weight;
    }

    fn get(&self) -> Option<Probabilities> {
        (self.weight > 0.0).then(|| Probabilities {
            negative: (self.negative / self.weight) as f32,
            neutral: Some((self.neutral / self.weight) as f32),
            positive: (self.positive / self.weight) as f32,
        })
    }
}

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
    let mut index = 0;
    let (mut content, mut all) = (Mean::default(), Mean::default());
    for block in &mut doc.blocks {
        let mut mean = Mean::default();
        for sentence in &mut block.sentences {
            let p = probabilities[index];
            index += 1;
            sentence.sentiment = Some(sentiment(p));
            mean.add(p, sentence.span.len().max(1) as f64);
        }
        block.sentiment = mean.get().map(sentiment);
        all.merge(mean);
        if !matches!(block.kind, BlockKind::Heading | BlockKind::TableRow) {
            content.merge(mean);
        }
    }
    let overall = if content.weight > 0.0 { content } else { all };
    doc.sentiment = overall.get().map(sentiment);
}
