//! Proper names in one sentence, without a tagger: runs of capitalised words ("Hillary
//! Clinton", "the Democratic National Committee", "NATO"), with a title in front kept in
//! the mention but not in the name ("President Trump" names "Trump"), a possessive cut
//! off ("Trump's"), and the capitalised function words that start sentences left out
//! ("But", "The").

use std::ops::Range;

use super::words::{CONNECTORS, GROUP_WORDS, NATIONALITIES, NOT_NAMES, ORGANISATION_WORDS, TITLES};
use crate::flags::stop_words::is_stop_word;

/// One proper name found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// Bytes of the sentence the mention covers, title included.
    pub range: Range<usize>,
    /// The name without title or possessive ("Trump" for "President Trump's").
    pub name: String,
    /// Whether a personal title came before it (a person, then).
    pub titled: bool,
}

impl Name {
    /// Whether the name may be a person's, read from the sentence alone: a title came
    /// before it, or it is one to four capitalised words with lower case in them
    /// ("Trump", "Hillary Clinton"), none an organisation's or a group's word ("Senate",
    /// "Republicans"). A company or place named in one word ("Nokia", "Texas") passes
    /// too: the sentence alone does not tell them apart.
    pub fn may_be_person(&self) -> bool {
        if self.titled {
            return true;
        }
        let words: Vec<&str> = self.name.split_whitespace().collect();
        (1..=4).contains(&words.len())
            && words
                .iter()
                .all(|w| is_personal_name_word(w) && !GROUP_WORDS.contains(w))
    }
}

/// Whether `word` may be part of a person's name: capitalised, with lower case after its
/// first letter, and not a word that makes a name an organisation's or a place's.
pub(super) fn is_personal_name_word(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().skip(1).any(char::is_lowercase)
        && !ORGANISATION_WORDS.contains(&word)
}

/// A word of the sentence: its bytes, and whether a comma, colon, quote or other break
/// lies between it and the next word.
struct Word {
    range: Range<usize>,
    broken_after: bool,
}

fn words(text: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut start = None;
    let in_word = |c: char| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '.' | '&');
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (start, in_word(c) && i < text.len()) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                // A trailing dot ends a sentence or an abbreviation: kept only for the
                // known abbreviations ("Sen.", "U.S.").
                let mut end = i;
                let word = &text[s..end];
                if word.ends_with('.') && !TITLES.contains(&word) && !is_initials(word) {
                    end -= 1;
                }
                let word = text[s..end].trim_end_matches(['\'', '’', '-']);
                let end = s + word.len();
                if word.chars().any(char::is_alphanumeric) {
                    out.push(Word {
                        range: s..end,
                        broken_after: false,
                    });
                } else if let Some(last) = out.last_mut() {
                    // A dash standing alone ("WASHINGTON - President Trump") breaks.
                    last.broken_after = true;
                }
                start = None;
            }
            _ => {}
        }
        if !in_word(c) && c != ' ' {
            if let Some(last) = out.last_mut() {
                last.broken_after = true;
            }
        }
    }
    out
}

/// "U.S.", "J." — letters each followed by a dot.
fn is_initials(word: &str) -> bool {
    let mut chars = word.chars();
    let mut any = false;
    while let Some(c) = chars.next() {
        if !c.is_uppercase() || chars.next() != Some('.') {
            return false;
        }
        any = true;
    }
    any
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) && word.chars().any(char::is_alphabetic)
}

/// The proper names of `text` (one sentence), in order.
pub fn names(text: &str) -> Vec<Name> {
    let words = words(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = &text[words[i].range.clone()];
        if !capitalised(word) {
            i += 1;
            continue;
        }
        // The run of capitalised words (and connectors between two of them) from i.
        let mut end = i + 1;
        while end < words.len() && !words[end - 1].broken_after {
            let next = &text[words[end].range.clone()];
            if capitalised(next) {
                end += 1;
            } else if CONNECTORS.contains(&next)
                && ORGANISATION_WORDS.contains(&&text[words[end - 1].range.clone()])
                && !words[end].broken_after
                && words
                    .get(end + 1)
                    .is_some_and(|w| capitalised(&text[w.range.clone()]))
            {
                end += 2;
            } else {
                break;
            }
        }
        let run = i..end;
        i = end;
        // A title inside the run starts the mention, and the name follows the last
        // title ("U.S. Sen. Marco Rubio": "Sen. Marco Rubio", naming "Marco Rubio").
        let is_title = |k: usize| TITLES.contains(&&text[words[k].range.clone()]);
        let last_title = (run.start..run.end - 1).rev().find(|&k| is_title(k));
        let (start, first, titled) = match last_title {
            Some(k) => {
                let mut t = k;
                while t > run.start && is_title(t - 1) {
                    t -= 1;
                }
                (words[t].range.start, k + 1, true)
            }
            None => {
                // Leading function words ("But", "The").
                let mut first = run.start;
                while first < run.end
                    && (is_stop_word(&text[words[first].range.clone()].to_lowercase())
                        || is_title(first))
                {
                    first += 1;
                }
                if first == run.end {
                    continue;
                }
                (words[first].range.start, first, false)
            }
        };
        let last = &words[run.end - 1].range;
        let mut name_end = last.end;
        for possessive in ["'s", "’s", "'", "’"] {
            if text[..name_end].ends_with(possessive) {
                name_end -= possessive.len();
                break;
            }
        }
        let name = &text[words[first].range.start..name_end];
        if name.chars().filter(|c| c.is_alphabetic()).count() < 2
            || NOT_NAMES.contains(&name)
            || between_countries(name)
        {
            continue;
        }
        out.push(Name {
            range: start..name_end,
            name: name.to_string(),
            titled,
        });
    }
    out
}

/// A hyphenated word of nationalities alone ("Chinese-Russian", "US-China"): a relation
/// between countries, not a name.
fn between_countries(name: &str) -> bool {
    name.contains('-') && name.split('-').all(|part| NATIONALITIES.contains(&part))
}

/// Whether `text` is a headline in title case ("President Xi Jinping Vows to
/// Strengthen Enduring Friendship"), where capitals mark no names: four in five of its
/// words of four letters or more (at least three) are capitalised, and at least two of
/// those are common words (`is_common` of their lower case, e.g. written in lower case
/// elsewhere in the article), so that a sentence of names alone is not one.
pub fn is_title_case(text: &str, is_common: impl Fn(&str) -> bool) -> bool {
    let long: Vec<&str> = words(text)
        .into_iter()
        .map(|w| &text[w.range])
        .filter(|w| w.chars().count() >= 4)
        .collect();
    let capitalised: Vec<&&str> = long
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .collect();
    let common = capitalised
        .iter()
        .filter(|w| is_common(&w.to_lowercase()))
        .count();
    long.len() >= 3 && capitalised.len() * 5 >= long.len() * 4 && common >= 2
}

/// The words of `text` written in lower case.
pub fn lower_case_words(text: &str) -> impl Iterator<Item = &str> {
    words(text)
        .into_iter()
        .map(move |w| &text[w.range])
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
}

/// The personal pronouns that can stand for a person named before them.
pub fn is_personal_pronoun(word: &str) -> bool {
    matches!(
        word,
        "he" | "He" | "him" | "Him" | "his" | "His" | "she" | "She" | "her" | "Her" | "hers"
    )
}

/// Each word of `text` with its bytes, for pronoun search.
pub fn word_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    words(text).into_iter().map(|w| w.range)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, String, bool)> {
        names(text)
            .into_iter()
            .map(|n| (text[n.range].to_string(), n.name, n.titled))
            .collect()
    }

    #[test]
    fn finds_names_titles_and_possessives() {
        assert_eq!(
            found("But President Trump's aides met Sen. Elizabeth Warren on Monday."),
            [
                ("President Trump".into(), "Trump".into(), true),
                (
                    "Sen. Elizabeth Warren".into(),
                    "Elizabeth Warren".into(),
                    true
                ),
            ]
        );
        assert_eq!(
            found("The Bank of England and NATO said the U.S. would act."),
            [
                ("Bank of England".into(), "Bank of England".into(), false),
                ("NATO".into(), "NATO".into(), false),
                ("U.S.".into(), "U.S.".into(), false),
            ]
        );
    }

    #[test]
    fn a_comma_or_quote_ends_a_name() {
        assert_eq!(
            found("Clinton, Obama and \"Biden\" spoke."),
            [
                ("Clinton".into(), "Clinton".into(), false),
                ("Obama".into(), "Obama".into(), false),
                ("Biden".into(), "Biden".into(), false),
            ]
        );
    }

    #[test]
    fn a_relation_between_countries_is_not_a_name() {
        let names =
            |text: &str| -> Vec<String> { names(text).into_iter().map(|n| n.name).collect() };
        assert_eq!(
            names("Both stressed the Chinese-Russian alliance and US-China trade."),
            Vec::<String>::new()
        );
        assert_eq!(
            names("Sino-Soviet ties and China-Russia relations were discussed."),
            Vec::<String>::new()
        );
        // Hyphenated names of people and companies stay names.
        assert_eq!(
            names("Alexandria Ocasio-Cortez flew to Rolls-Royce in Russia."),
            ["Alexandria Ocasio-Cortez", "Rolls-Royce", "Russia"]
        );
    }

    #[test]
    fn headlines_in_title_case_are_told_from_sentences() {
        let common = |w: &str| ["strengthen", "friendship", "vows"].contains(&w);
        assert!(is_title_case(
            "President Xi Jinping Vows to Strengthen Enduring Friendship",
            common
        ));
        assert!(!is_title_case(
            "President Xi Jinping vowed to strengthen the friendship.",
            common
        ));
        assert!(!is_title_case("John Smith Met Mary Jones", common));
    }

    #[test]
    fn sentence_starters_and_months_are_not_names() {
        assert!(found("In March, they said it would rain.").is_empty());
        assert!(found("I think The").is_empty());
    }
}
