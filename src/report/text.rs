//! Plain-text report for a terminal.

use std::fmt::Write;

use super::{excerpt, kind_name};
use crate::document::FlagKind;
use crate::record::{Record, SentimentRecord};

fn sentiment(s: &SentimentRecord) -> String {
    format!("{:<8} {:+.2}", kind_name(s.label), s.score)
}

pub fn render(record: &Record, text: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", record.id);
    let _ = writeln!(out, "Overall sentiment: {}\n", sentiment(&record.sentiment));
    let _ = writeln!(out, "Summary ({})", kind_name(record.summary.method));
    if record.summary.sentences.is_empty() {
        let _ = writeln!(out, "  {}", record.summary.text);
    }
    for s in &record.summary.sentences {
        let _ = writeln!(out, "  {}", s.text);
    }
    let _ = writeln!(out, "\nParagraphs");
    for (i, p) in record.paragraphs.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:>3}  {:<10} {}  {}",
            i + 1,
            kind_name(p.kind),
            sentiment(&p.sentiment),
            excerpt(slice(text, p.start, p.end), 70)
        );
    }
    let promotional = record
        .flags
        .iter()
        .filter(|f| f.kind == FlagKind::Promotional)
        .count();
    let repetitive = record.flags.len() - promotional;
    let _ = writeln!(
        out,
        "\nFlags ({promotional} promotional, {repetitive} repetitive)"
    );
    for flag in &record.flags {
        let _ = writeln!(
            out,
            "  {:<11} {:.2}  bytes {}..{}  \"{}\"",
            kind_name(flag.kind),
            flag.score,
            flag.span.start,
            flag.span.end,
            excerpt(slice(text, flag.span.start, flag.span.end), 60)
        );
        for reason in &flag.reasons {
            let _ = writeln!(out, "      - {reason}");
        }
    }
    if !record.warnings.is_empty() {
        let _ = writeln!(out, "\nWarnings");
        for w in &record.warnings {
            let _ = writeln!(out, "  - {w}");
        }
    }
    out
}

fn slice(text: &str, start: usize, end: usize) -> &str {
    text.get(start..end).unwrap_or("")
}
