//! Rule-based sentence segmentation inside one block, with exact byte offsets.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (runs such as `?!` or `...` count once),
//! optionally followed by closing quotes or brackets, then whitespace, then something
//! that can start a sentence. A full stop does not end a sentence after a known
//! abbreviation, an initial, or when the next word starts in lower case.

use crate::document::Span;

/// Abbreviations after which a full stop rarely ends a sentence (lower case, without
/// the final dot). "Inc." and "Ltd." often do end one, so they are not listed.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "gov", "sen", "rep", "col",
    "lt", "sgt", "capt", "cmdr", "adm", "maj", "rev", "hon", "pres", "supt", "det", "insp", "vs",
    "etc", "e.g", "i.e", "cf", "approx", "nos", "fig", "vol", "pp", "ca", "est", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n",
    "e.u", "a.m", "p.m", "d.c", "ph.d", "ft", "sq", "dept", "univ", "assn", "bros",
];

/// Words that continue a time rather than start a sentence: "at 7 p.m. Wednesday".
#[rustfmt::skip]
const TIME_FOLLOWERS: &[&str] = &[
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "ET", "EST",
    "EDT", "PT", "PST", "PDT", "CT", "GMT", "UTC", "BST", "CET", "local",
];

/// Whether the word after the '.' at byte `dot` (and the spaces after it) is one of `words`.
fn starts_with_any(text: &str, dot: usize, words: &[&str]) -> bool {
    let rest = text[dot + 1..].trim_start();
    let word = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    words.contains(&word)
}

const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']', '»'];
const OPENERS: &[char] = &['"', '\'', '“', '‘', '(', '[', '«'];

/// What may open a sentence: not a lower-case letter, and not punctuation that
/// closes or continues one. A dash may ("... a mystery. -Newsweek"); datelines
/// ("TUCSON, Ariz. - U.S. agents") are kept whole by the abbreviation list.
fn can_start_sentence(c: char) -> bool {
    if c.is_alphabetic() {
        return !c.is_lowercase();
    }
    OPENERS.contains(&c) || !CLOSERS.contains(&c) && !matches!(c, ',' | ';' | ':' | '!' | '?')
}

/// The word right before byte `dot` (which holds a '.'), lower-cased, with inner dots.
/// A hyphen starts a new word here, so "then-Sen." reads as "sen".
fn word_before(text: &str, dot: usize) -> String {
    let head = &text[..dot];
    let start = head
        .rfind(|c: char| c.is_whitespace() || OPENERS.contains(&c) || c == '-')
        .map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
    head[start..].to_lowercase()
}

/// Whether the '.' at byte `dot` ends an abbreviation rather than a sentence, given
/// the character that follows the space after it.
fn is_abbreviation_stop(text: &str, dot: usize, next: char) -> bool {
    let word = word_before(text, dot);
    if word.is_empty() {
        return false;
    }
    // "No. 5" but "They said no. Then ..."; "p.m." and "a.m." before a capital end a
    // sentence far more often than they precede a name.
    match word.as_str() {
        "no" => return next.is_ascii_digit(),
        "a.m" | "p.m" => return starts_with_any(text, dot, TIME_FOLLOWERS),
        _ => {}
    }
    // An initial ("J. Smith") or dotted initials ("J.B.", "N.J.", "U.S.").
    let initials = word
        .split('.')
        .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic));
    initials || ABBREVIATIONS.contains(&word.as_str())
}

/// Splits `span` of `text` into sentence spans, trimmed of surrounding whitespace.
pub fn split_sentences(text: &str, span: Span) -> Vec<Span> {
    let body = span.text(text);
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if !matches!(c, '.' | '!' | '?' | '…') {
            i += 1;
            continue;
        }
        // Consume a run of terminators, then closing quotes and brackets.
        let mut j = i;
        while j < chars.len() && matches!(chars[j].1, '.' | '!' | '?' | '…') {
            j += 1;
        }
        let single_dot = c == '.' && j - i == 1;
        while j < chars.len() && CLOSERS.contains(&chars[j].1) {
            j += 1;
        }
        let end = chars.get(j).map_or(body.len(), |&(p, _)| p);
        // What follows must be whitespace and then a plausible sentence start.
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        let boundary = if j == chars.len() {
            true
        } else if k == j || k == chars.len() {
            false
        } else {
            let next = chars[k].1;
            let link = ["http", "www.", "pic.twitter"]
                .iter()
                .any(|p| body[chars[k].0..].starts_with(p));
            (can_start_sentence(next) || link)
                && !(single_dot && is_abbreviation_stop(body, pos, next))
                && !(c == '.' && next.is_lowercase() && !link)
        };
        // Punctuation alone ("..." between two sentences) is no sentence: it joins
        // the one that follows.
        let has_words = body[start..end].chars().any(char::is_alphanumeric);
        if boundary && has_words {
            push_trimmed(body, start, end, span.start, &mut out);
            start = end;
        }
        i = j.max(i + 1);
    }
    push_trimmed(body, start, body.len(), span.start, &mut out);
    out
}

fn push_trimmed(body: &str, start: usize, end: usize, base: usize, out: &mut Vec<Span>) {
    let piece = &body[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        let s = base + start + lead;
        out.push(Span::new(s, s + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        split_sentences(text, Span::new(0, text.len()))
            .into_iter()
            .map(|s| s.text(text))
            .collect()
    }

    #[test]
    fn abbreviations_initials_decimals_and_money_do_not_split() {
        assert_eq!(
            split("Mr. Smith paid $3.50 to Dr. J. R. Jones in the U.S. on Monday. He left."),
            vec![
                "Mr. Smith paid $3.50 to Dr. J. R. Jones in the U.S. on Monday.",
                "He left."
            ]
        );
        assert_eq!(
            split("It rose 2.5 per cent, e.g. in Jan. and Feb. data."),
            vec!["It rose 2.5 per cent, e.g. in Jan. and Feb. data."]
        );
    }

    #[test]
    fn quotes_brackets_and_ellipses() {
        assert_eq!(
            split("“We won,” he said. “It is over.” Then (quietly.) She wept… Really?! Yes."),
            vec![
                "“We won,” he said.",
                "“It is over.”",
                "Then (quietly.)",
                "She wept…",
                "Really?!",
                "Yes."
            ]
        );
    }

    #[test]
    fn lower_case_after_a_stop_does_not_split_and_offsets_are_exact() {
        let text = "  The trial ends in Sept. next year.   Next one.  ";
        let spans = split_sentences(text, Span::new(0, text.len()));
        let got: Vec<&str> = spans.iter().map(|s| s.text(text)).collect();
        assert_eq!(got, vec!["The trial ends in Sept. next year.", "Next one."]);
        assert_eq!(spans[0].start, 2);
    }

    #[test]
    fn no_final_stop_still_gives_one_sentence() {
        assert_eq!(
            split("A heading without a stop"),
            vec!["A heading without a stop"]
        );
        assert!(split("   ").is_empty());
    }
}
