//! Renders a [`Record`] for people (text, Markdown) or programs (JSON).

pub mod compare;
pub mod html;
mod markdown;
mod rows;
mod text;

pub use rows::RowFormat;

use crate::record::Record;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
    /// A self-contained page (see [`html`]).
    Html,
}

/// Renders `record` of the document whose original text is `text`.
pub fn render(record: &Record, text: &str, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(record).unwrap_or_default() + "\n",
        Format::Text => text::render(record, text),
        Format::Markdown => markdown::render(record, text),
        Format::Html => html::page(
            record.title.as_deref().unwrap_or(&record.id),
            &html::article(record, Some(text)),
        ),
    }
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
