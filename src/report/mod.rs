//! Renders a [`Record`] for people (text, Markdown) or programs (JSON).

pub mod compare;
pub mod html;
mod markdown;
mod rows;
mod text;

pub use rows::RowFormat;

use crate::record::Record;

/// How `summarize` writes its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// The record as JSON (see `record`).
    Json,
    /// A Markdown report.
    Markdown,
    /// A self-contained page (see [`html`]).
    Html,
}

/// Renders `record` of the document whose original text is `text`; `colour` applies
/// to [`Format::Text`] (ANSI colours for a terminal).
pub fn render(record: &Record, text: &str, format: Format, colour: bool) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(record).unwrap_or_default() + "\n",
        Format::Text => text::render(record, text, colour),
        Format::Markdown => markdown::render(record, text),
        Format::Html => html::page(
            record.title.as_deref().unwrap_or(&record.id),
            &html::article(record, Some(text)),
        ),
    }
}

/// `text[start..end]` cut where flags begin and end: each piece with the indices (into
/// `record.flags`) of the flags covering it.
pub(crate) fn flagged_pieces<'t>(
    text: &'t str,
    start: usize,
    end: usize,
    record: &Record,
) -> Vec<(&'t str, Vec<usize>)> {
    let inside = |f: &crate::document::Flag| f.span.start < end && f.span.end > start;
    let mut cuts = vec![start, end];
    for f in record.flags.iter().filter(|f| inside(f)) {
        cuts.push(f.span.start.clamp(start, end));
        cuts.push(f.span.end.clamp(start, end));
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .filter_map(|pair| {
            let (a, b) = (pair[0], pair[1]);
            let covering = record
                .flags
                .iter()
                .enumerate()
                .filter(|(_, f)| f.span.start <= a && b <= f.span.end)
                .map(|(i, _)| i)
                .collect();
            Some((text.get(a..b)?, covering))
        })
        .collect()
}

/// The serde name of an enum value ("list_item", "positive").
fn kind_name<T: serde::Serialize>(kind: T) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// At most `max` characters of `s` on one line, with an ellipsis when cut.
fn excerpt(s: &str, max: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}
