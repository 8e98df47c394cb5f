//! Preprocess: split the original text into blocks and sentences, offsets exact.

pub mod blocks;
pub mod sentences;

use crate::document::{Block, Document, Sentence};

pub use blocks::split_blocks;
pub use sentences::split_sentences;

/// Fills `doc.blocks`: every block with its sentences. Headings, list items and
/// table rows that do not end like a sentence still count as one sentence each.
pub fn segment(doc: &mut Document) {
    doc.blocks = split_blocks(&doc.text)
        .into_iter()
        .map(|(kind, span)| Block {
            span,
            kind,
            sentences: split_sentences(&doc.text, span)
                .into_iter()
                .map(|span| Sentence {
                    span,
                    sentiment: None,
                })
                .collect(),
            sentiment: None,
        })
        .filter(|block| !block.sentences.is_empty())
        .collect();
}
