//! Markdown report: the same content as the text report, for pasting into notes.

use std::fmt::Write;

use super::{excerpt, kind_name};
use crate::record::Record;

pub fn render(record: &Record, text: &str) -> String {
    let slice = |start: usize, end: usize| text.get(start..end).unwrap_or("");
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", record.id);
    let _ = writeln!(
        out,
        "**Overall sentiment:** {} ({:+.2})\n",
        kind_name(record.sentiment.label),
        record.sentiment.score
    );
    let _ = writeln!(out, "## Summary\n");
    if record.summary.sentences.is_empty() {
        let _ = writeln!(out, "> {}\n", record.summary.text);
    }
    for s in &record.summary.sentences {
        let _ = writeln!(out, "> {}\n", s.text);
    }
    let _ = writeln!(out, "## Paragraphs\n");
    let _ = writeln!(out, "| # | kind | sentiment | score | promotional | text |");
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for (i, p) in record.paragraphs.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:+.2} | {:.2} | {} |",
            i + 1,
            kind_name(p.kind),
            kind_name(p.sentiment.label),
            p.sentiment.score,
            p.promotional,
            excerpt(slice(p.start, p.end), 80).replace('|', "\\|")
        );
    }
    if !record.entities.is_empty() {
        let _ = writeln!(out, "\n## Tone toward\n");
        let _ = writeln!(out, "| entity | tone | score | mentions |");
        let _ = writeln!(out, "|---|---|---|---|");
        for e in &record.entities {
            let (label, score) = e
                .tone
                .as_ref()
                .map_or(("no tone".to_string(), String::new()), |t| {
                    (kind_name(t.label), format!("{:+.2}", t.score))
                });
            let _ = writeln!(
                out,
                "| {} | {label} | {score} | {} |",
                e.name.replace('|', "\\|"),
                e.count
            );
        }
    }
    let _ = writeln!(out, "\n## Flags\n");
    if record.flags.is_empty() {
        let _ = writeln!(out, "None.");
    }
    for flag in &record.flags {
        let _ = writeln!(
            out,
            "- **{}** {:.2}, bytes {}..{}: \"{}\"",
            kind_name(flag.kind),
            flag.score,
            flag.span.start,
            flag.span.end,
            excerpt(slice(flag.span.start, flag.span.end), 100)
        );
        for reason in &flag.reasons {
            let _ = writeln!(out, "  - {reason}");
        }
    }
    if !record.warnings.is_empty() {
        let _ = writeln!(out, "\n## Warnings\n");
        for w in &record.warnings {
            let _ = writeln!(out, "- {w}");
        }
    }
    out
}
