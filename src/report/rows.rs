//! One row per document for `newslens score`: JSON lines, CSV or a Markdown table.

use crate::record::{ErrorRecord, Record};

use super::kind_name;

/// How `score` writes one row per document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFormat {
    /// The full record, one JSON object per line.
    Jsonl,
    /// id, source, title, sentiment, score, promotional_share, repetitive_share,
    /// promotional_flags, repetitive_flags, summary, entities (`NAME +0.42 (3); ...`:
    /// the tone toward each and its mentions), warnings, error.
    Csv,
    /// A table a person can read.
    Markdown,
}

const CSV_HEADER: &str = "id,source,title,sentiment,score,promotional_share,repetitive_share,promotional_flags,repetitive_flags,summary,entities,warnings,error";

/// A CSV field, quoted when it holds a comma, quote or line break.
pub(crate) fn csv(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// Each entity with the tone toward it and its mentions: `Anna Berg +0.42 (3); NATO (2)`.
fn entities(r: &Record) -> String {
    r.entities
        .iter()
        .map(|e| match &e.tone {
            Some(t) => format!("{} {:+.2} ({})", e.name, t.score, e.count),
            None => format!("{} ({})", e.name, e.count),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A Markdown table cell on one line.
fn cell(field: &str) -> String {
    field
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

impl RowFormat {
    /// Lines written once before the first row.
    pub fn header(self) -> Option<String> {
        match self {
            RowFormat::Jsonl => None,
            RowFormat::Csv => Some(format!("{CSV_HEADER}\n")),
            RowFormat::Markdown => Some(
                "| id | source | sentiment | promotional | repetitive | summary |\n|---|---|---|---|---|---|\n"
                    .to_string(),
            ),
        }
    }

    /// One document's row, ending in a newline.
    pub fn record(self, r: &Record) -> serde_json::Result<String> {
        let count = |kind: &str| r.flags.iter().filter(|f| kind_name(f.kind) == kind).count();
        Ok(match self {
            RowFormat::Jsonl => serde_json::to_string(r)? + "\n",
            RowFormat::Csv => {
                let fields = [
                    csv(&r.id),
                    csv(r.source.as_deref().unwrap_or("")),
                    csv(r.title.as_deref().unwrap_or("")),
                    kind_name(r.sentiment.label),
                    format!("{:.4}", r.sentiment.score),
                    format!("{:.4}", r.promotional_share),
                    format!("{:.4}", r.repetitive_share),
                    count("promotional").to_string(),
                    count("repetitive").to_string(),
                    csv(&r.summary.text),
                    csv(&entities(r)),
                    csv(&r.warnings.join(" | ")),
                    String::new(),
                ];
                fields.join(",") + "\n"
            }
            RowFormat::Markdown => format!(
                "| {} | {} | {} {:+.2} | {:.0}% | {:.0}% | {} |\n",
                cell(&r.id),
                cell(r.source.as_deref().unwrap_or("")),
                kind_name(r.sentiment.label),
                r.sentiment.score,
                100.0 * r.promotional_share,
                100.0 * r.repetitive_share,
                cell(&r.summary.text)
            ),
        })
    }

    /// A failed document's row, ending in a newline.
    pub fn error(self, e: &ErrorRecord) -> serde_json::Result<String> {
        Ok(match self {
            RowFormat::Jsonl => serde_json::to_string(e)? + "\n",
            RowFormat::Csv => format!("{},,,,,,,,,,,,{}\n", csv(&e.id), csv(&e.error)),
            RowFormat::Markdown => {
                format!("| {} | | | | | error: {} |\n", cell(&e.id), cell(&e.error))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_what_needs_it() {
        assert_eq!(csv("plain"), "plain");
        assert_eq!(csv("a, \"b\"\nc"), "\"a, \"\"b\"\"\nc\"");
        let row = RowFormat::Csv
            .error(&ErrorRecord {
                id: "x,y".into(),
                error: "input is empty".into(),
            })
            .unwrap();
        assert_eq!(row, "\"x,y\",,,,,,,,,,,,input is empty\n");
        assert_eq!(
            row.matches(',').count(),
            CSV_HEADER.matches(',').count() + 1
        );
    }
}
