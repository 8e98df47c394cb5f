//! The promotional cue lexicon: categories of terms with a weight and a reason label,
//! read from `lexicon.toml` (compiled in) and matched on whole words; and the emotive
//! words with their valence, read from `emotive.tsv` (VADER's lexicon).

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const BUILTIN: &str = include_str!("lexicon.toml");
const BUILTIN_EMOTIVE: &str = include_str!("emotive.tsv");

/// A category of promotional cues (`glittering`, `pr_speak`, ...) and its terms.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// What a flag's reason says when a term of it is found.
    pub reason: String,
    /// Raw evidence each term adds (times the settings' `cue_weight`).
    pub weight: f32,
    /// Words and phrases, matched case-insensitively on word boundaries.
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

/// The promotional cues by category and the emotive words (the built-in ones are
/// `lexicon.toml` and `emotive.tsv`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    /// Cue categories by name.
    #[serde(default)]
    pub categories: BTreeMap<String, Category>,
    /// Emotive words and their valence, -4..4; a settings file's entries add words or
    /// replace their valence (0 takes a word out).
    #[serde(default)]
    pub emotive: BTreeMap<String, f32>,
    /// The one-word cue terms as matching reads them, collected on first use.
    #[serde(skip)]
    cue_words: OnceLock<HashSet<String>>,
}

/// One cue found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct CueHit<'l> {
    /// The category's name.
    pub category: &'l str,
    /// The category's reason.
    pub reason: &'l str,
    /// The term as the lexicon writes it.
    pub term: &'l str,
    /// The category's weight.
    pub weight: f32,
}

/// An emotive word found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct EmotiveHit<'t> {
    /// The word as the text writes it.
    pub word: &'t str,
    /// Its valence, -4..4.
    pub valence: f32,
}

impl Lexicon {
    /// The lexicon compiled into newslens.
    pub fn builtin() -> Lexicon {
        // Both files are parsed by unit tests, so a broken file never ships.
        let mut lexicon: Lexicon = toml::from_str(BUILTIN).unwrap_or(Lexicon {
            categories: BTreeMap::new(),
            emotive: BTreeMap::new(),
            cue_words: OnceLock::new(),
        });
        lexicon.emotive = parse_emotive(BUILTIN_EMOTIVE);
        lexicon
    }

    /// A lexicon from TOML in the format of `lexicon.toml` (a settings file's `[lexicon]`).
    pub fn parse(text: &str) -> Result<Lexicon, toml::de::Error> {
        toml::from_str(text)
    }

    /// Adds or replaces categories and emotive words from `other`.
    pub fn merge(&mut self, other: Lexicon) {
        self.categories.extend(other.categories);
        self.cue_words = OnceLock::new();
        self.emotive.extend(
            other
                .emotive
                .into_iter()
                .map(|(word, valence)| (normalize(&word), valence)),
        );
    }

    /// Every word of `text` with a non-zero valence, in order, repeats included.
    /// A hyphenated word not in the list is looked up by its parts.
    pub fn emotive_words<'t>(&self, text: &'t str) -> Vec<EmotiveHit<'t>> {
        let mut hits = Vec::new();
        let mut look_up = |word: &'t str| {
            let valence = self.emotive.get(&normalize(word)).copied().unwrap_or(0.0);
            if valence != 0.0 {
                hits.push(EmotiveHit { word, valence });
                true
            } else {
                false
            }
        };
        for word in text
            .split(|c: char| !(is_word_char(c) || matches!(c, '\'' | '’')))
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
        {
            if !look_up(word) && word.contains('-') {
                for part in word.split('-').filter(|p| !p.is_empty()) {
                    look_up(part);
                }
            }
        }
        hits
    }

    /// Whether the single word `word` is a cue, as [`Lexicon::find`] would find it:
    /// the whole word, or a part of it between apostrophes ("nation" in "nation's").
    /// A set lookup, for callers that ask word by word.
    pub fn is_cue_word(&self, word: &str) -> bool {
        let cue_words = self.cue_words.get_or_init(|| {
            self.categories
                .values()
                .flat_map(Category::normalized_terms)
                .filter(|term| !term.contains(char::is_whitespace))
                .cloned()
                .collect()
        });
        let word = normalize(word);
        cue_words.contains(&word)
            || (word.contains('\'') && word.split('\'').any(|part| cue_words.contains(part)))
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

/// `word<TAB>valence` lines; `#` starts a comment.
fn parse_emotive(text: &str) -> BTreeMap<String, f32> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (word, valence) = line.split_once('\t')?;
            Some((word.to_string(), valence.trim().parse().ok()?))
        })
        .collect()
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
    fn emotive_list_parses_every_line() {
        let lines = BUILTIN_EMOTIVE
            .lines()
            .filter(|l| !l.starts_with('#'))
            .count();
        let emotive = parse_emotive(BUILTIN_EMOTIVE);
        assert!(lines > 7000, "{lines}");
        assert_eq!(emotive.len(), lines);
        assert!(emotive.values().all(|v| (-4.0..=4.0).contains(v)));
    }

    #[test]
    fn finds_emotive_words_with_their_valence() {
        let lexicon = Lexicon::builtin();
        let hits = lexicon.emotive_words(
            "Evil thugs slammed the well-loved, peaceful plan; the plan is 12 pages.",
        );
        let words: Vec<(&str, f32)> = hits.iter().map(|h| (h.word, h.valence)).collect();
        assert!(words.contains(&("Evil", -3.4)), "{words:?}");
        assert!(
            words.iter().any(|(w, v)| *w == "peaceful" && *v > 1.0),
            "{words:?}"
        );
        assert!(
            words.iter().all(|(w, _)| *w != "plan" && *w != "pages"),
            "{words:?}"
        );
        // A hyphenated word is looked up by its parts.
        assert!(words.iter().any(|(w, _)| *w == "loved"), "{words:?}");
    }

    #[test]
    fn settings_add_and_silence_emotive_words() {
        let mut lexicon = Lexicon::builtin();
        lexicon.merge(Lexicon::parse("[emotive]\nregime = -1.5\nEvil = 0\n").unwrap());
        let hits = lexicon.emotive_words("The evil regime.");
        assert_eq!(
            hits,
            vec![EmotiveHit {
                word: "regime",
                valence: -1.5
            }]
        );
    }

    #[test]
    fn merge_overrides_a_category() {
        let mut lexicon = Lexicon::builtin();
        let extra = Lexicon::parse("[categories.peacock]\nreason = \"peacock term\"\nweight = 0.5\nterms = [\"stellar\"]\n").unwrap();
        lexicon.merge(extra);
        assert_eq!(lexicon.find("A stellar year.").len(), 1);
        assert!(lexicon.find("An unwavering year.").is_empty());
    }

    #[test]
    fn cue_words_agree_with_find_word_by_word() {
        let mut lexicon = Lexicon::builtin();
        let text = "An Unwavering, world-class nation’s pursuit: a testament to their \
                    everlasting friendship, truly stellar and very unprecedented.";
        let check = |lexicon: &Lexicon| {
            for word in text
                .split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '-')))
                .filter(|w| !w.is_empty())
            {
                assert_eq!(
                    lexicon.is_cue_word(word),
                    !lexicon.find(word).is_empty(),
                    "{word}"
                );
            }
        };
        check(&lexicon);
        assert!(lexicon.is_cue_word("Unwavering") && !lexicon.is_cue_word("pursuit"));
        // A merged category is seen by later lookups.
        lexicon.merge(Lexicon::parse("[categories.peacock]\nreason = \"peacock term\"\nweight = 0.5\nterms = [\"pursuit\"]\n").unwrap());
        assert!(lexicon.is_cue_word("pursuit"));
        check(&lexicon);
    }
}
