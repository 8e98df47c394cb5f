//! Page furniture that is not part of an article: share buttons, newsletter and
//! cookie prompts, "Read more" links, bylines of the site rather than the story.
//! Such blocks are dropped from analysis; the original text and its offsets stay.

/// Whole-block patterns, lower case, matched against a short block's cleaned text
/// with trailing punctuation removed. `*` at the end matches any rest.
const PATTERNS: &[&str] = &[
    "share this*",
    "share on *",
    "share",
    "share article",
    "share via *",
    "tweet",
    "tweet this*",
    "email",
    "print",
    "print this*",
    "subscribe*",
    "sign up*",
    "newsletter*",
    "get our newsletter*",
    "join our newsletter*",
    "read more*",
    "continue reading*",
    "click here*",
    "related:*",
    "related articles*",
    "related stories*",
    "recommended*",
    "more from *",
    "you may also like*",
    "advertisement",
    "sponsored*",
    "skip to *",
    "follow us*",
    "like us on *",
    "all rights reserved*",
    "copyright *",
    "© *",
    "(c) *",
    "back to top",
    "comments",
    "leave a comment*",
    "show comments",
    "we use cookies*",
    "this website uses cookies*",
    "this site uses cookies*",
    "accept cookies",
    "accept all cookies",
    "cookie settings",
    "cookie policy",
    "privacy policy",
    "terms of use",
    "terms of service",
    "image:*",
    "photo:*",
    "listen to this article*",
];

/// Blocks longer than this are content, whatever words they contain.
const MAX_WORDS: usize = 14;

/// Whether a block (its cleaned text) is page furniture.
pub fn is_boilerplate(cleaned: &str) -> bool {
    if cleaned.split_whitespace().count() > MAX_WORDS {
        return false;
    }
    let text = cleaned
        .trim()
        .trim_end_matches(|c: char| c.is_ascii_punctuation() && c != ')')
        .trim()
        .to_lowercase();
    PATTERNS
        .iter()
        .any(|pattern| match pattern.strip_suffix('*') {
            Some(prefix) => text.starts_with(prefix),
            None => text == *pattern,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_furniture_is_recognised() {
        for line in [
            "Share this article",
            "SUBSCRIBE",
            "Read more: Why rates rose",
            "We use cookies to improve your experience. Accept?",
            "© 2024 Example News. All rights reserved.",
            "Advertisement",
        ] {
            assert!(is_boilerplate(line), "{line}");
        }
    }

    #[test]
    fn content_that_mentions_the_words_is_kept() {
        for line in [
            "Readers can subscribe to the council's minutes, the clerk said, but few have done so since the rules changed in 2019.",
            "Share prices fell 3% on Monday.",
            "Email records show the minister knew.",
            "Sign language interpreters walked out.",
        ] {
            assert!(!is_boilerplate(line), "{line}");
        }
    }
}
