//! Splits a document's text into blocks: headings, paragraphs, list items, table
//! rows and quotes. Works on lines of the original text, so every block span is an
//! exact byte range of it; markers (`#`, bullets, `>`, `|`) stay outside the span.

use crate::document::{BlockKind, Span};

/// A line of the original text without its line ending.
#[derive(Debug, Clone, Copy)]
struct Line<'t> {
    start: usize,
    text: &'t str,
}

impl<'t> Line<'t> {
    fn trimmed_span(&self) -> Option<Span> {
        let lead = self.text.len() - self.text.trim_start().len();
        let body = self.text.trim();
        (!body.is_empty()).then(|| Span::new(self.start + lead, self.start + lead + body.len()))
    }
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let body = piece.trim_end_matches(['\n', '\r']);
        out.push(Line { start, text: body });
        start += piece.len();
    }
    out
}

const BULLETS: &[char] = &[
    '•', '◦', '▪', '▫', '‣', '∙', '·', '●', '○', '■', '□', '–', '—', '-', '*', '+',
];
const TERMINAL: &[char] = &['.', '!', '?', '…', ';', ':', '"', '”', '’', '\'', ')'];

/// A line's marker, if it has one: the block kind it opens and how many bytes of the
/// trimmed line the marker takes (including the space after it).
fn marker(line: &str) -> Option<(BlockKind, usize)> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\t']) {
        return Some((BlockKind::Heading, hashes + 1));
    }
    if let Some(rest) = line.strip_prefix('>') {
        return Some((BlockKind::Quote, line.len() - rest.trim_start().len()));
    }
    if line.starts_with('|') && line.ends_with('|') && line.len() > 1 {
        return Some((
            BlockKind::TableRow,
            line.len() - line[1..].trim_start().len(),
        ));
    }
    let mut chars = line.chars();
    if let Some(first) = chars.next() {
        if BULLETS.contains(&first) && chars.next().is_some_and(char::is_whitespace) {
            let rest = &line[first.len_utf8()..];
            return Some((BlockKind::ListItem, line.len() - rest.trim_start().len()));
        }
    }
    // Numbered or lettered items: "1." "12)" "a)" "b."
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let label = if digits > 0 && digits <= 3 {
        digits
    } else if line.len() > 1 && line.as_bytes()[0].is_ascii_lowercase() {
        1
    } else {
        0
    };
    if label > 0 {
        let rest = &line[label..];
        let is_item = if digits > 0 {
            rest.starts_with(['.', ')'])
        } else {
            rest.starts_with(')')
        };
        if is_item && rest[1..].starts_with([' ', '\t']) {
            let after = &rest[1..];
            return Some((BlockKind::ListItem, line.len() - after.trim_start().len()));
        }
    }
    None
}

fn is_setext_underline(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 2 && (t.bytes().all(|b| b == b'=') || t.bytes().all(|b| b == b'-'))
}

fn is_pipe_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.bytes().all(|b| matches!(b, b'|' | b'-' | b':' | b' '))
}

fn ends_like_sentence(text: &str) -> bool {
    text.trim_end().ends_with(TERMINAL)
}

/// A short line with no closing punctuation that starts like a title.
fn is_title_like(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=20).contains(&words)
        && !ends_like_sentence(text)
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Splits `text` into blocks in document order.
pub fn split_blocks(text: &str) -> Vec<(BlockKind, Span)> {
    let lines = lines(text);
    let mut blocks = Vec::new();
    let mut run: Vec<Span> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let Some(span) = line.trimmed_span() else {
            flush_run(text, &mut run, &mut blocks);
            i += 1;
            continue;
        };
        let trimmed = span.text(text);
        if is_pipe_separator(trimmed) {
            i += 1;
            continue;
        }
        // Setext heading: a text line underlined by === or ---.
        if run.is_empty()
            && marker(trimmed).is_none()
            && lines
                .get(i + 1)
                .is_some_and(|next| is_setext_underline(next.text))
        {
            blocks.push((BlockKind::Heading, span));
            i += 2;
            continue;
        }
        if let Some((kind, skip)) = marker(trimmed) {
            flush_run(text, &mut run, &mut blocks);
            let mut body = Span::new(span.start + skip, span.end);
            if kind == BlockKind::Heading {
                let inner = body.text(text).trim_end_matches('#').trim_end();
                body.end = body.start + inner.len();
            }
            if kind == BlockKind::TableRow {
                let inner = body.text(text).trim_end_matches('|').trim_end();
                body.end = body.start + inner.len();
            }
            // A list item or quote continues on indented (or, for quotes, `>`) lines.
            let mut j = i + 1;
            if matches!(kind, BlockKind::ListItem | BlockKind::Quote) {
                while let Some(next) = lines.get(j).and_then(|l| continuation(text, l, kind)) {
                    body.end = next.end;
                    j += 1;
                }
            }
            if !body.is_empty() {
                blocks.push((kind, body));
            }
            i = j;
            continue;
        }
        run.push(span);
        i += 1;
    }
    flush_run(text, &mut run, &mut blocks);
    blocks
}

/// The span of `line` when it continues a list item (indented, no marker of its
/// own) or a quote (another `>` line).
fn continuation(text: &str, line: &Line<'_>, kind: BlockKind) -> Option<Span> {
    let span = line.trimmed_span()?;
    let body = span.text(text);
    let continues = match kind {
        BlockKind::Quote => body.starts_with('>'),
        _ => line.text.starts_with([' ', '\t']) && marker(body).is_none(),
    };
    continues.then_some(span)
}

/// Classifies a run of consecutive plain lines (no blank line, no markers between).
fn flush_run(text: &str, run: &mut Vec<Span>, blocks: &mut Vec<(BlockKind, Span)>) {
    if run.is_empty() {
        return;
    }
    let texts: Vec<&str> = run.iter().map(|s| s.text(text)).collect();
    let mut first = 0;
    // A title-like first line followed by prose is a heading of its own, unless the
    // next line carries on its sentence in lower case (hard-wrapped prose).
    if run.len() > 1
        && is_title_like(texts[0])
        && ends_like_sentence(texts[texts.len() - 1])
        && !texts[1].starts_with(char::is_lowercase)
    {
        blocks.push((BlockKind::Heading, run[0]));
        first = 1;
    }
    let rest = &run[first..];
    let rest_texts = &texts[first..];
    if rest.len() == 1 {
        let kind = if is_title_like(rest_texts[0]) {
            BlockKind::Heading
        } else {
            BlockKind::Paragraph
        };
        blocks.push((kind, rest[0]));
    } else if rest_texts.iter().all(|t| !ends_like_sentence(t)) {
        // Several lines and not one ends like a sentence: a table flattened to lines.
        blocks.extend(rest.iter().map(|&s| (BlockKind::TableRow, s)));
    } else if rest_texts.iter().all(|t| t.len() <= 100) {
        // Hard-wrapped prose: short lines that only end a sentence here and there.
        blocks.push((
            BlockKind::Paragraph,
            Span::new(rest[0].start, rest[rest.len() - 1].end),
        ));
    } else {
        // One paragraph per line, as pasted text often has.
        for (&span, t) in rest.iter().zip(rest_texts) {
            let kind = if is_title_like(t) {
                BlockKind::Heading
            } else {
                BlockKind::Paragraph
            };
            blocks.push((kind, span));
        }
    }
    run.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(BlockKind, &str)> {
        split_blocks(text)
            .into_iter()
            .map(|(k, s)| (k, s.text(text)))
            .collect()
    }

    #[test]
    fn headings_paragraphs_bullets_and_a_flattened_table() {
        let text = "Big News Today\n\nThe council met on Monday. It voted.\n\n  • First: a point.\n  • Second: another.\nAreas Examples\nEconomic Joint projects, trade\nPolitical Support on issues\n";
        assert_eq!(
            kinds(text),
            vec![
                (BlockKind::Heading, "Big News Today"),
                (BlockKind::Paragraph, "The council met on Monday. It voted."),
                (BlockKind::ListItem, "First: a point."),
                (BlockKind::ListItem, "Second: another."),
                (BlockKind::TableRow, "Areas Examples"),
                (BlockKind::TableRow, "Economic Joint projects, trade"),
                (BlockKind::TableRow, "Political Support on issues"),
            ]
        );
    }

    #[test]
    fn markdown_markers_stay_outside_spans() {
        let text = "# Title #\n\nSub\n===\n\n> quoted words\n> more\n\n1. one\n2) two\n\n| a | b |\n|---|---|\n| c | d |\n";
        assert_eq!(
            kinds(text),
            vec![
                (BlockKind::Heading, "Title"),
                (BlockKind::Heading, "Sub"),
                (BlockKind::Quote, "quoted words\n> more"),
                (BlockKind::ListItem, "one"),
                (BlockKind::ListItem, "two"),
                (BlockKind::TableRow, "a | b"),
                (BlockKind::TableRow, "c | d"),
            ]
        );
    }

    #[test]
    fn wrapped_prose_is_one_paragraph_and_pasted_lines_are_many() {
        let wrapped = "The minister said the plan would cost more than\nexpected, and that the vote would wait.\n";
        assert_eq!(kinds(wrapped).len(), 1);
        let long = "x".repeat(120);
        let pasted = format!("{long} one.\n{long} two.\n");
        assert_eq!(
            kinds(&pasted),
            vec![
                (BlockKind::Paragraph, format!("{long} one.").as_str()),
                (BlockKind::Paragraph, format!("{long} two.").as_str()),
            ]
        );
    }

    #[test]
    fn crlf_and_odd_input_keep_valid_spans() {
        for text in [
            "a\r\n\r\nb.\r\n",
            "•",
            "#",
            "> ",
            "1.",
            "\u{FEFF}x",
            "é\n-\n|",
        ] {
            for (_, span) in split_blocks(text) {
                assert!(
                    text.get(span.start..span.end).is_some(),
                    "{text:?} {span:?}"
                );
                assert!(!span.is_empty());
            }
        }
    }
}
