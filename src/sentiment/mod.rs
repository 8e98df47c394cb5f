//! Sentiment per sentence, per block and per document.
//!
//! Sentences are scored by a model. A block's P(positive) is the mean of its
//! sentences' P(positive) weighted by sentence length in bytes, so one long sentence
//! is not outvoted by a short aside; the document's is the same weighted mean over the
//! sentences of every block except headings and table rows, which label rather than
//! say something. Labels then use the model's neutral band.

pub mod head;
pub mod train;

use crate::document::{BlockKind, Document};

pub use head::SentimentHead;

/// Scores every sentence from `doc.embeddings`, then blocks and the document.
pub fn score(doc: &mut Document, head: &SentimentHead) {
    let mut index = 0;
    // (sum, weight) over content blocks, and over all blocks as the fallback for a
    // document that is nothing but headings or table rows.
    let mut content = (0.0f64, 0.0f64);
    let mut all = (0.0f64, 0.0f64);
    for block in &mut doc.blocks {
        let mut sum = 0.0f64;
        let mut weight = 0.0f64;
        for sentence in &mut block.sentences {
            let Some(embedding) = doc.embeddings.get(index) else {
                return;
            };
            index += 1;
            let p = head.positive_probability(embedding);
            sentence.sentiment = Some(head.from_probability(p));
            let w = sentence.span.len().max(1) as f64;
            sum += w * p as f64;
            weight += w;
        }
        if weight > 0.0 {
            block.sentiment = Some(head.from_probability((sum / weight) as f32));
            all = (all.0 + sum, all.1 + weight);
            if !matches!(block.kind, BlockKind::Heading | BlockKind::TableRow) {
                content = (content.0 + sum, content.1 + weight);
            }
        }
    }
    let (sum, weight) = if content.1 > 0.0 { content } else { all };
    if weight > 0.0 {
        doc.sentiment = Some(head.from_probability((sum / weight) as f32));
    }
}
