//! Cleaning with an alignment map, after tokenizers' `NormalizedString`: the cleaned
//! text feeds models and matching, and every byte of it maps back to the original
//! text, so results are always reported at original offsets.
//!
//! Cleaning applies NFKC, folds typographic quotes and dashes to ASCII, drops control
//! and zero-width characters, and collapses whitespace runs to one space. It never
//! changes the original text, and case is left alone (matching lower-cases on its own).

use unicode_normalization::UnicodeNormalization;

use crate::document::Span;

/// Cleaned text of one span of an original text, with its alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Cleaned {
    pub text: String,
    /// For each byte of `text`, the original byte range of the character it came from.
    alignments: Vec<(usize, usize)>,
}

fn fold(c: char) -> Option<char> {
    Some(match c {
        '“' | '”' | '„' | '‟' | '«' | '»' | '″' => '"',
        '‘' | '’' | '‚' | '‛' | '′' | '`' => '\'',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => '-',
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => return None,
        c if c.is_whitespace() => ' ',
        c if c.is_control() => return None,
        c => c,
    })
}

impl Cleaned {
    /// Cleans `span` of `original`.
    pub fn new(original: &str, span: Span) -> Cleaned {
        let body = span.text(original);
        let mut text = String::with_capacity(body.len());
        let mut alignments = Vec::with_capacity(body.len());
        let mut buf = [0u8; 4];
        for (offset, c) in body.char_indices() {
            let range = (span.start + offset, span.start + offset + c.len_utf8());
            let mut push = |out: char, text: &mut String| {
                let Some(out) = fold(out) else { return };
                if out == ' ' && (text.is_empty() || text.ends_with(' ')) {
                    return;
                }
                text.push_str(out.encode_utf8(&mut buf));
                alignments.extend(std::iter::repeat_n(range, out.len_utf8()));
            };
            if c.is_ascii() {
                push(c, &mut text);
            } else {
                for out in std::iter::once(c).nfkc() {
                    push(out, &mut text);
                }
            }
        }
        if text.ends_with(' ') {
            text.pop();
            alignments.pop();
        }
        Cleaned { text, alignments }
    }

    /// The original span of cleaned bytes `start..end` (an empty range maps to an
    /// empty span at the original position).
    pub fn original_span(&self, start: usize, end: usize) -> Span {
        let at = |i: usize| self.alignments.get(i).copied();
        match (at(start), end.checked_sub(1).and_then(at)) {
            (Some(first), Some(last)) if start < end => Span::new(first.0, last.1),
            (Some(first), _) => Span::new(first.0, first.0),
            _ => {
                let end = self.alignments.last().map_or(0, |a| a.1);
                Span::new(end, end)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_folds_quotes_dashes_and_space_and_maps_back() {
        let original = "  “Ｆｕｌｌ” — width\u{200B}\r\n\tcafé…  ";
        let cleaned = Cleaned::new(original, Span::new(0, original.len()));
        assert_eq!(cleaned.text, "\"Full\" - width café...");
        let at = cleaned.text.find("Full").unwrap();
        let span = cleaned.original_span(at, at + 4);
        assert_eq!(span.text(original), "Ｆｕｌｌ");
        let at = cleaned.text.find("café...").unwrap();
        let span = cleaned.original_span(at, cleaned.text.len());
        assert_eq!(span.text(original), "café…");
    }

    #[test]
    fn control_characters_are_dropped_and_the_original_is_untouched() {
        let original = "a\u{0007}b\u{001B}[0mc";
        let cleaned = Cleaned::new(original, Span::new(0, original.len()));
        assert_eq!(cleaned.text, "ab[0mc");
        assert_eq!(cleaned.original_span(0, 2).text(original), "a\u{0007}b");
    }

    #[test]
    fn empty_and_blank_inputs() {
        let cleaned = Cleaned::new("   ", Span::new(0, 3));
        assert_eq!(cleaned.text, "");
        assert!(cleaned.original_span(0, 0).is_empty());
    }
}
