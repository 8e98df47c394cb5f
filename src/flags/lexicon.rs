//! The promotional cue lexicon: categories of terms with a weight and a reason label,
//! read from `lexicon.toml` (compiled in) and matched on whole words.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const BUILTIN: &str = include_str!("lexicon.toml");

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Category {
    pub reason: String,
    pub weight: f32,
    pub terms: Vec<String>,
    /// `terms` as matching reads them, worked out once rather than per sentence.
    #[serde(skip)]
    normalized: OnceLock<Vec<String>>,
}

impl Category {
    fn normalized_terms(&self) -> &[String] {
        self.normalized
            .get_or_init(|| self.terms.iter().map(|t| normalize(t)).collect())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Lexicon {
    pub categories: BTreeMap<String, Category>,
}

/// One cue found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct CueHit<'l> {
    pub category: &'l str,
    pub reason: &'l str,
    pub term: &'l str,
    pub weight: f32,
}

impl Lexicon {
    pub fn builtin() -> Lexicon {
        // Parsed by a unit test, so a broken file never ships.
        toml::from_str(BUILTIN).unwrap_or(Lexicon {
            categories: BTreeMap::new(),
        })
    }

    pub fn parse(text: &str) -> Result<Lexicon, toml::de::Error> {
        toml::from_str(text)
    }

    /// Adds or replaces categories from `other`.
    pub fn merge(&mut self, other: Lexicon) {
        self.categories.extend(other.categories);
    }

    /// Every cue in `text`, each term counted once; a term inside a longer matched
    /// term ("tapestry" in "rich tapestry") is not counted again.
    pub fn find(&self, text: &str) -> Vec<CueHit<'_>> {
        let normalized = normalize(text);
        let mut hits: Vec<CueHit<'_>> = Vec::new();
        let mut terms: Vec<&str> = Vec::new();
        for (name, category) in &self.categories {
            for (term, key) in category.terms.iter().zip(category.normalized_terms()) {
                if contains_phrase(&normalized, key) {
                    hits.push(CueHit {
                        category: name,
                        reason: &category.reason,
                        term,
                        weight: category.weight,
                    });
                    terms.push(key);
                }
            }
        }
        let subsumed: Vec<bool> = terms
            .iter()
            .map(|t| {
                terms
                    .iter()
                    .any(|longer| longer.len() > t.len() && contains_phrase(longer, t))
            })
            .collect();
        hits.into_iter()
            .zip(subsumed)
            .filter(|(_, s)| !s)
            .map(|(h, _)| h)
            .collect()
    }
}

/// Lower case with typographic apostrophes and dashes folded, for matching only.
fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '’' | '‘' | '`' => '\'',
            '‐' | '‑' | '‒' => '-',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

fn contains_phrase(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(pos) = haystack[from..].find(needle) {
        let start = from + pos;
        let end = start + needle.len();
        let before = haystack[..start].chars().next_back();
        let after = haystack[end..].chars().next();
        if !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char) {
            return true;
        }
        from = start + needle.chars().next().map_or(1, char::len_utf8);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_parses_with_categories() {
        let lexicon = Lexicon::parse(BUILTIN).unwrap();
        for name in [
            "peacock",
            "glittering",
            "filler",
            "intensifier",
            "loaded",
            "pr_speak",
        ] {
            assert!(lexicon.categories.contains_key(name), "{name}");
        }
    }

    #[test]
    fn matches_whole_words_and_phrases_case_insensitively() {
        let lexicon = Lexicon::builtin();
        let hits =
            lexicon.find("An Unwavering pursuit — a testament to their “everlasting friendship”.");
        let terms: Vec<&str> = hits.iter().map(|h| h.term).collect();
        assert!(terms.contains(&"unwavering"), "{terms:?}");
        assert!(terms.contains(&"a testament to"), "{terms:?}");
        assert!(terms.contains(&"everlasting friendship"), "{terms:?}");
        // Parts of a longer matched term are not counted twice.
        assert!(
            !terms.contains(&"testament to") && !terms.contains(&"everlasting"),
            "{terms:?}"
        );
        // "vitally" is not "vital"; "epicentre" is not "epic".
        assert!(lexicon.find("The epicentre was vitally placed.").is_empty());
    }

    #[test]
    fn merge_overrides_a_category() {
        let mut lexicon = Lexicon::builtin();
        let extra = Lexicon::parse("[categories.peacock]\nreason = \"peacock term\"\nweight = 0.5\nterms = [\"stellar\"]\n").unwrap();
        lexicon.merge(extra);
        assert_eq!(lexicon.find("A stellar year.").len(), 1);
        assert!(lexicon.find("An unwavering year.").is_empty());
    }
}
