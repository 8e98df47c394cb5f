//! Preprocess: split the original text into blocks and sentences with exact offsets.
//!
//! Blocks come from lines of the original text ([`blocks`]); each block is cleaned
//! with an alignment map ([`clean`]); page furniture is dropped ([`boilerplate`]);
//! sentences are split on the cleaned text ([`sentences`]) and mapped back, and a
//! sentence too long for any model is cut into bounded chunks with a warning.

pub mod blocks;
pub mod boilerplate;
pub mod clean;
pub mod sentences;

use crate::document::{Block, BlockKind, Document, Sentence, Span};

pub use blocks::split_blocks;
pub use clean::Cleaned;
pub use sentences::split_sentences;

/// Longest sentence (cleaned bytes) passed on; longer ones are cut at spaces. About
/// 300 English words, past the 256-token window of the embedded model.
pub const MAX_SENTENCE_BYTES: usize = 2_000;

/// How much cleaned text the language check reads.
const LANGUAGE_SAMPLE_BYTES: usize = 4_000;

/// Fills `doc.blocks` and adds warnings for what a reader should know.
pub fn segment(doc: &mut Document) {
    let mut blocks = Vec::new();
    let mut dropped = 0;
    let mut chunked = Vec::new();
    for (kind, span) in split_blocks(&doc.text) {
        let cleaned = Cleaned::new(&doc.text, span);
        if cleaned.text.is_empty() {
            continue;
        }
        if boilerplate::is_boilerplate(&cleaned.text) {
            dropped += 1;
            continue;
        }
        // (cleaned range, original span) of each sentence piece.
        let mut pieces: Vec<(Span, Span)> = Vec::new();
        for s in split_sentences(&cleaned.text, Span::new(0, cleaned.text.len())) {
            let chunks = chunk(&cleaned.text, s, MAX_SENTENCE_BYTES);
            if chunks.len() > 1 {
                chunked.push((cleaned.original_span(s.start, s.end), chunks.len()));
            }
            for piece in chunks {
                let original = cleaned.original_span(piece.start, piece.end);
                match pieces.last_mut() {
                    // A cut inside one original character's expansion ("ﬃ" cleans to
                    // "ffi") would give two pieces the same character: keep them one.
                    Some((last, last_original)) if original.start < last_original.end => {
                        last.end = piece.end;
                        last_original.end = last_original.end.max(original.end);
                    }
                    _ => pieces.push((piece, original)),
                }
            }
        }
        let sentences: Vec<Sentence> = pieces
            .into_iter()
            .map(|(piece, original)| Sentence {
                span: original,
                text: piece.text(&cleaned.text).to_string(),
                sentiment: None,
                promotional: None,
                embedding: Vec::new(),
                sentiment_input: Vec::new(),
                peak: None,
                loaded: Vec::new(),
                targets: Vec::new(),
                people: Vec::new(),
            })
            .collect();
        if !sentences.is_empty() {
            blocks.push(Block {
                span,
                kind,
                sentences,
                sentiment: None,
                promotional: None,
            });
        }
    }
    // A title-like line heads what follows it; a document of nothing but such lines (a
    // headline scored alone) has nothing under them, so they are its text.
    if blocks.iter().all(|b| b.kind == BlockKind::Heading) {
        for block in &mut blocks {
            block.kind = BlockKind::Paragraph;
        }
    }
    doc.blocks = blocks;

    for (span, n) in chunked {
        doc.warnings.push(format!(
            "text at bytes {}..{} has no sentence end for {} bytes; it was cut into {n} chunks of at most {MAX_SENTENCE_BYTES} bytes",
            span.start,
            span.end,
            span.len()
        ));
    }
    if dropped > 0 {
        doc.warnings.push(format!(
            "{dropped} boilerplate block(s) (share, subscribe, cookie, read-more lines) left out of the analysis"
        ));
    }
    let controls = doc
        .text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    if controls > 0 {
        doc.warnings.push(format!(
            "{controls} control character(s) in the input were ignored for analysis"
        ));
    }
    if let Some(warning) = language_warning(doc) {
        doc.warnings.push(warning);
    }
}

/// Cuts `span` of `text` into pieces of at most `max` bytes, at the last space
/// before the limit when there is one, else at a character boundary.
fn chunk(text: &str, span: Span, max: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = span.start;
    while span.end - start > max {
        let mut cut = start + max;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(space) = text[start..cut].rfind(' ') {
            if space > 0 {
                cut = start + space;
            }
        }
        out.push(Span::new(start, cut));
        start = cut;
        while text[start..span.end].starts_with(' ') {
            start += 1;
        }
    }
    if start < span.end {
        out.push(Span::new(start, span.end));
    }
    out
}

/// A warning when the text is confidently not English: the models are English-only.
fn language_warning(doc: &Document) -> Option<String> {
    let mut sample = String::new();
    for (_, sentence) in doc.sentences() {
        if sample.len() >= LANGUAGE_SAMPLE_BYTES {
            break;
        }
        sample.push_str(&sentence.text);
        sample.push(' ');
    }
    if sample.split_whitespace().count() < 8 {
        return None;
    }
    let info = whatlang::detect(&sample)?;
    if info.lang() == whatlang::Lang::Eng || !info.is_reliable() {
        return None;
    }
    Some(format!(
        "the text looks like {} (confidence {:.2}); newslens's models are trained on English, so results may be poor",
        info.lang().eng_name(),
        info.confidence()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segmented(text: &str) -> Document {
        let mut doc = Document::new("t", text);
        segment(&mut doc);
        doc
    }

    #[test]
    fn sentences_map_back_to_the_original_through_cleaning() {
        let doc = segmented("He said: “It works.”  Then he left…\r\nfor good. Ｎｏｗ.");
        let spans: Vec<&str> = doc.sentences().map(|(_, s)| doc.slice(s.span)).collect();
        assert_eq!(
            spans,
            vec![
                "He said: “It works.”",
                "Then he left…\r\nfor good.",
                "Ｎｏｗ."
            ]
        );
        let cleaned: Vec<&str> = doc.sentences().map(|(_, s)| s.text.as_str()).collect();
        assert_eq!(
            cleaned,
            vec![
                "He said: \"It works.\"",
                "Then he left... for good.",
                "Now."
            ]
        );
    }

    #[test]
    fn boilerplate_is_dropped_but_offsets_are_kept() {
        let text =
            "Share this article\n\nThe council met on Monday.\n\nSubscribe to our newsletter\n";
        let doc = segmented(text);
        assert_eq!(doc.blocks.len(), 1);
        assert_eq!(doc.slice(doc.blocks[0].span), "The council met on Monday.");
        assert_eq!(doc.blocks[0].span.start, text.find("The council").unwrap());
        assert!(
            doc.warnings.iter().any(|w| w.starts_with("2 boilerplate")),
            "{:?}",
            doc.warnings
        );
    }

    #[test]
    fn a_huge_paragraph_without_punctuation_is_chunked_with_a_warning() {
        let text = "word ".repeat(40_000);
        let doc = segmented(&text);
        assert_eq!(doc.blocks.len(), 1);
        assert_eq!(doc.blocks[0].kind, BlockKind::Paragraph);
        let sentences = &doc.blocks[0].sentences;
        assert!(sentences.len() >= 100, "{}", sentences.len());
        assert!(sentences.iter().all(|s| s.text.len() <= MAX_SENTENCE_BYTES));
        assert!(
            doc.warnings.iter().any(|w| w.contains("no sentence end")),
            "{:?}",
            doc.warnings
        );
        let unbroken = "x".repeat(5_000);
        let doc = segmented(&unbroken);
        assert_eq!(doc.sentence_count(), 3);
    }

    #[test]
    fn a_cut_inside_an_expanded_character_keeps_spans_ordered() {
        // "ﬃ" cleans to three bytes; a chunk limit can fall between them.
        for pad in 0..4 {
            let text = format!("{}{}", "a".repeat(MAX_SENTENCE_BYTES - pad), "ﬃ".repeat(10));
            let doc = segmented(&text);
            doc.check_spans().unwrap();
        }
    }

    #[test]
    fn non_english_text_is_warned_about() {
        let doc = segmented("Le gouvernement a annoncé mardi une nouvelle réforme des retraites, qui sera présentée au Parlement le mois prochain.");
        assert!(
            doc.warnings.iter().any(|w| w.contains("French")),
            "{:?}",
            doc.warnings
        );
        let doc = segmented("The government announced a new pension reform on Tuesday, to be presented to parliament next month.");
        assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    }

    #[test]
    fn a_headline_alone_is_text_and_a_headline_over_text_a_heading() {
        let alone = segmented("Barclays Profit Doubles As Investment Bank Recovers");
        assert_eq!(alone.blocks.len(), 1);
        assert_eq!(alone.blocks[0].kind, BlockKind::Paragraph);
        let over =
            segmented("Barclays Profit Doubles\n\nThe bank said on Tuesday that profit doubled.");
        assert_eq!(over.blocks[0].kind, BlockKind::Heading);
        assert_eq!(over.blocks[1].kind, BlockKind::Paragraph);
    }

    #[test]
    fn control_characters_are_reported() {
        let doc = segmented("The vote\u{0007} passed on Monday.\u{001B}");
        assert_eq!(
            doc.sentences().next().unwrap().1.text,
            "The vote passed on Monday."
        );
        assert!(
            doc.warnings.iter().any(|w| w.starts_with("2 control")),
            "{:?}",
            doc.warnings
        );
    }
}
