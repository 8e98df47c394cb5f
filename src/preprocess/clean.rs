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
    /// The cleaned text.
    pub text: String,
    /// For each byte of `text`, the original byte offset of the character it came
    /// from, and that character's length in bytes.
    starts: Vec<u32>,
    lens: Vec<u8>,
}

/// What one non-ASCII character becomes; `None` drops it.
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
    /// Cleans `span` of `original`. Offsets must fit in 32 bits (inputs are far
    /// smaller: see `ingest::DEFAULT_MAX_BYTES`).
    pub fn new(original: &str, span: Span) -> Cleaned {
        let body = span.text(original);
        let mut cleaned = Cleaned {
            text: String::with_capacity(body.len()),
            starts: Vec::with_capacity(body.len()),
            lens: Vec::with_capacity(body.len()),
        };
        let bytes = body.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let at = (span.start + i) as u32;
            let b = bytes[i];
            if b.is_ascii() {
                // The fast path: most news text is ASCII.
                match b {
                    b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => cleaned.push_space(at, 1),
                    0..=0x1F | 0x7F => {}
                    b'`' => cleaned.push('\'', at, 1),
                    _ => cleaned.push(char::from(b), at, 1),
                }
                i += 1;
                continue;
            }
            let Some(c) = body[i..].chars().next() else {
                break;
            };
            let len = c.len_utf8() as u8;
            for out in std::iter::once(c).nfkc() {
                match fold(out) {
                    Some(' ') => cleaned.push_space(at, len),
                    Some(out) => cleaned.push(out, at, len),
                    None => {}
                }
            }
            i += usize::from(len);
        }
        if cleaned.text.ends_with(' ') {
            cleaned.text.pop();
            cleaned.starts.pop();
            cleaned.lens.pop();
        }
        cleaned
    }

    fn push(&mut self, c: char, at: u32, len: u8) {
        self.text.push(c);
        for _ in 0..c.len_utf8() {
            self.starts.push(at);
            self.lens.push(len);
        }
    }

    /// A space, unless the text is empty or already ends in one.
    fn push_space(&mut self, at: u32, len: u8) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.push(' ', at, len);
        }
    }

    fn original(&self, i: usize) -> Option<(usize, usize)> {
        let start = *self.starts.get(i)? as usize;
        Some((start, start + usize::from(self.lens[i])))
    }

    /// The original span of cleaned bytes `start..end` (an empty range maps to an
    /// empty span at the original position).
    pub fn original_span(&self, start: usize, end: usize) -> Span {
        match (
            self.original(start),
            end.checked_sub(1).and_then(|e| self.original(e)),
        ) {
            (Some(first), Some(last)) if start < end => Span::new(first.0, last.1),
            (Some(first), _) => Span::new(first.0, first.0),
            _ => {
                let end = self
                    .original(self.starts.len().wrapping_sub(1))
                    .map_or(0, |a| a.1);
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
