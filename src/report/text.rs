//! Plain-text report for a terminal: with colour, tones are coloured and flagged
//! passages highlighted; without (piped, `NO_COLOR`, `--color never`), the tone strip
//! uses + - · and flagged passages are bracketed with the number of their flag.

use std::fmt::Write;

use super::{excerpt, kind_name};
use crate::document::{FlagKind, SentimentLabel};
use crate::record::{Record, SentimentRecord};

const RESET: &str = "\x1b[0m";

fn tone_colour(label: SentimentLabel) -> &'static str {
    match label {
        SentimentLabel::Positive => "\x1b[32m",
        SentimentLabel::Negative => "\x1b[31m",
        SentimentLabel::Neutral => "\x1b[90m",
    }
}

fn sentiment(s: &SentimentRecord, colour: bool) -> String {
    let plain = format!("{:<8} {:+.2}", kind_name(s.label), s.score);
    if colour {
        format!("{}{plain}{RESET}", tone_colour(s.label))
    } else {
        plain
    }
}

/// One mark per paragraph (headings and table rows included), by its tone.
fn tone_strip(record: &Record, colour: bool) -> String {
    record
        .paragraphs
        .iter()
        .map(|p| match (colour, p.sentiment.label) {
            (true, label) => format!("{}█{RESET}", tone_colour(label)),
            (false, SentimentLabel::Positive) => "+".into(),
            (false, SentimentLabel::Negative) => "-".into(),
            (false, SentimentLabel::Neutral) => "·".into(),
        })
        .collect()
}

/// The paragraphs with flagged passages highlighted (colour) or bracketed with
/// their flag numbers, e.g. `[This unwavering plan.](2)`.
fn marked_text(record: &Record, text: &str, colour: bool) -> String {
    let mut out = String::new();
    for p in &record.paragraphs {
        let mut line = String::new();
        for (piece, covering) in super::flagged_pieces(text, p.start, p.end, record) {
            let piece = piece.replace(['\n', '\r'], " ");
            if covering.is_empty() {
                line.push_str(&piece);
            } else if colour {
                let promotional = covering
                    .iter()
                    .any(|&i| record.flags[i].kind == FlagKind::Promotional);
                let style = if promotional {
                    "\x1b[30;43m"
                } else {
                    "\x1b[30;46m"
                };
                let _ = write!(line, "{style}{piece}{RESET}");
            } else {
                let numbers: Vec<String> = covering.iter().map(|i| (i + 1).to_string()).collect();
                let _ = write!(line, "[{piece}]({})", numbers.join(","));
            }
        }
        let _ = writeln!(out, "  {}", line.trim_end());
    }
    out
}

pub fn render(record: &Record, text: &str, colour: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", record.id);
    let _ = writeln!(
        out,
        "Overall sentiment: {}",
        sentiment(&record.sentiment, colour)
    );
    let _ = writeln!(out, "Tone by paragraph: {}", tone_strip(record, colour));
    let _ = writeln!(
        out,
        "Promotional: {:.2} (flagged: {:.0}% of the text promotional, {:.0}% repetitive)\n",
        record.promotional,
        100.0 * record.promotional_share,
        100.0 * record.repetitive_share
    );
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
            "  {:>3}  {:<10} {}  promo {:.2}  {}",
            i + 1,
            kind_name(p.kind),
            sentiment(&p.sentiment, colour),
            p.promotional,
            excerpt(slice(text, p.start, p.end), 70)
        );
    }
    if !record.entities.is_empty() {
        let _ = writeln!(out, "\nTone toward");
        let width = record
            .entities
            .iter()
            .map(|e| e.name.chars().count())
            .max()
            .unwrap_or(0)
            .min(30);
        for e in &record.entities {
            let tone = e
                .tone
                .as_ref()
                .map_or_else(|| format!("{:<14}", "no tone"), |t| sentiment(t, colour));
            let name: String = e.name.chars().take(30).collect();
            let pronouns = e.mentions.iter().filter(|m| m.pronoun).count();
            let _ = writeln!(
                out,
                "  {name:<width$}  {tone}  {} mention{}{}",
                e.count,
                if e.count == 1 { "" } else { "s" },
                if pronouns > 0 {
                    format!(" ({pronouns} by pronoun)")
                } else {
                    String::new()
                }
            );
        }
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
    for (n, flag) in record.flags.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:>3}. {:<11} {:.2}  bytes {}..{}  \"{}\"",
            n + 1,
            kind_name(flag.kind),
            flag.score,
            flag.span.start,
            flag.span.end,
            excerpt(slice(text, flag.span.start, flag.span.end), 60)
        );
        for reason in &flag.reasons {
            let _ = writeln!(out, "         - {reason}");
        }
    }
    let _ = writeln!(out, "\nText, flagged passages marked");
    out.push_str(&marked_text(record, text, colour));
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
