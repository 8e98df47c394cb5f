//! Segmentation of whole articles, and the span invariants under arbitrary input.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use newslens::document::{BlockKind, Document};
use newslens::ingest::document_from_bytes;
use newslens::preprocess::segment;
use proptest::prelude::*;

fn segmented(text: &str) -> Document {
    let mut doc = document_from_bytes("t", text.as_bytes(), false).unwrap();
    segment(&mut doc);
    doc
}

/// The project's example article: every heading, paragraph, bullet and table row.
#[test]
fn the_example_article_segments_into_exactly_its_blocks() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/harbor-lumen-partnership.txt");
    let doc = segmented(&std::fs::read_to_string(path).unwrap());
    use BlockKind::*;
    let expected: &[(BlockKind, &str, usize)] = &[
        (
            Heading,
            "Mayor Ortega Pledges to Deepen Historic Partnership with Lumen Bay",
            1,
        ),
        (
            Heading,
            "Harbor City and Lumen Bay: A Shining Model of Timeless Cooperation",
            1,
        ),
        (Paragraph, "At a signing ceremony on Tuesday,", 2),
        (Paragraph, "Mayor Ortega described the partnership", 2),
        (
            Paragraph,
            "The agreement names several areas of cooperation:",
            1,
        ),
        (ListItem, "Port Logistics: The two harbour authorities", 1),
        (
            ListItem,
            "Education: Each city will host 40 exchange students",
            1,
        ),
        (ListItem, "Culture: A joint music festival", 1),
        (TableRow, "Area Commitment", 1),
        (
            TableRow,
            "Port Logistics Shared scheduling data, joint training",
            1,
        ),
        (TableRow, "Education 40 exchange students a year", 1),
        (TableRow, "Culture Alternating summer festival", 1),
        (Paragraph, "The success of this remarkable partnership", 2),
        (Heading, "Building on a Proud History", 1),
        (Paragraph, "At Tuesday's signing ceremony, Mayor Ortega", 1),
        (
            Paragraph,
            "The city council will vote on the festival budget",
            2,
        ),
        (Paragraph, "As we bid farewell to this inspiring chapter", 1),
    ];
    let got: Vec<(BlockKind, &str, usize)> = doc
        .blocks
        .iter()
        .map(|b| (b.kind, doc.slice(b.span), b.sentences.len()))
        .collect();
    assert_eq!(got.len(), expected.len(), "{got:#?}");
    for ((kind, text, n), (want_kind, prefix, want_n)) in got.iter().zip(expected) {
        assert_eq!(kind, want_kind, "{text}");
        assert!(
            text.starts_with(prefix),
            "{text:?} should start with {prefix:?}"
        );
        assert_eq!(n, want_n, "{text}");
    }
    // Markers stay out of spans: no bullet glyph starts a list item.
    assert!(doc
        .blocks
        .iter()
        .all(|b| !doc.slice(b.span).starts_with('•')));
    doc.check_spans().unwrap();
}

/// The archetype article from the shared data: its table and bullets are found.
#[test]
fn the_archetype_article_blocks() {
    let data = newslens::eval::data_dir();
    let Ok(text) = std::fs::read_to_string(data.join("examples/everlasting-friendship.txt")) else {
        eprintln!("skipped: shared data not found (set NEWSLENS_DATA)");
        return;
    };
    let doc = segmented(&text);
    let count = |kind| doc.blocks.iter().filter(|b| b.kind == kind).count();
    assert_eq!(count(BlockKind::Heading), 4);
    assert_eq!(count(BlockKind::ListItem), 9);
    assert_eq!(count(BlockKind::TableRow), 4);
    assert_eq!(count(BlockKind::Paragraph), 14);
    let rows: Vec<&str> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::TableRow)
        .map(|b| doc.slice(b.span))
        .collect();
    assert_eq!(rows[0], "Areas of Cooperation Examples");
    doc.check_spans().unwrap();
}

/// Text made of the pieces that trouble segmenters: markers, quotes, stops,
/// abbreviations, CRLF, control and wide characters, HTML fragments.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("# ".to_string()),
        Just("• ".to_string()),
        Just("- ".to_string()),
        Just("1. ".to_string()),
        Just("> ".to_string()),
        Just("| a | b |".to_string()),
        Just("===".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just(". ".to_string()),
        Just("?! ".to_string()),
        Just("… ".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("Mr. ".to_string()),
        Just("U.S. ".to_string()),
        Just("3.5 ".to_string()),
        Just("\u{0007}".to_string()),
        Just("\u{200B}".to_string()),
        Just("ﬁ".to_string()),
        Just("Ｗ".to_string()),
        Just("é".to_string()),
        Just("<p>".to_string()),
        Just("Share this".to_string()),
        "[A-Za-z]{1,8}",
        " {1,3}",
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn spans_are_valid_ordered_and_nested(text in tricky_text()) {
        if let Ok(mut doc) = document_from_bytes("p", text.as_bytes(), false) {
            segment(&mut doc);
            prop_assert!(doc.check_spans().is_ok(), "{:?}", doc.check_spans());
            for (_, s) in doc.sentences() {
                prop_assert!(!s.text.is_empty());
            }
        }
    }

    #[test]
    fn html_input_never_breaks_the_invariants(text in tricky_text()) {
        let html = format!("<html><body><article>{text}</article></body></html>");
        if let Ok(mut doc) = document_from_bytes("h", html.as_bytes(), true) {
            segment(&mut doc);
            prop_assert!(doc.check_spans().is_ok(), "{:?}", doc.check_spans());
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(mut doc) = document_from_bytes("b", &bytes, false) {
            segment(&mut doc);
            prop_assert!(doc.check_spans().is_ok(), "{:?}", doc.check_spans());
        }
    }
}

/// Inputs the fuzzer once broke (`fuzz/fuzz_targets/preprocess.rs`), kept as
/// regression tests: the first byte chooses HTML (odd) or text, as in the target.
#[test]
fn fuzzer_findings_stay_fixed() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut found = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if !path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("fuzz-crash-")
        {
            continue;
        }
        found += 1;
        let data = std::fs::read(&path).unwrap();
        let (first, rest) = data.split_first().unwrap();
        if let Ok(mut doc) = document_from_bytes("fuzz", rest, first & 1 == 1) {
            segment(&mut doc);
            assert!(
                doc.check_spans().is_ok(),
                "{}: {:?}",
                path.display(),
                doc.check_spans()
            );
        }
    }
    assert!(found >= 1, "the regression inputs are in tests/data");
}
