//! From names in sentences to entities: which mentions name the same one, which are
//! people (for pronouns), and which entities a document reports.

use std::collections::HashMap;
use std::ops::Range;

use super::names::{self, is_personal_pronoun, Name};
use super::{EntitySettings, Found, Target};
use crate::flags::stop_words::is_stop_word;

/// Mentions that name the same entity.
#[derive(Debug, Clone)]
pub(super) struct Group {
    pub name: String,
    pub requested: bool,
    /// A person (a pronoun may stand for it).
    pub person: bool,
}

fn looks_like_person(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    (2..=4).contains(&words.len()) && words.iter().all(|w| names::is_personal_name_word(w))
}

/// Whole-word, case-sensitive occurrences of `needle` in `text`.
fn occurrences<'t>(text: &'t str, needle: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    text.match_indices(needle).filter_map(move |(at, _)| {
        let end = at + needle.len();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        (!needle.is_empty() && !word(before) && !word(after)).then_some(at..end)
    })
}

/// Groups the names of the sentences (`texts`, `None` for one that is skipped; `blocks`
/// gives each its block, `labels` whether that block is a heading or table row, whose
/// capitals mark no names) into entities, the requested `targets` first (group `i` is
/// target `i`), and gives every mention, pronouns included.
pub(super) fn group(
    texts: &[Option<&str>],
    blocks: &[usize],
    labels: &[bool],
    targets: &[Target],
) -> (Vec<Group>, Vec<Found>) {
    let mut groups: Vec<Group> = targets
        .iter()
        .map(|t| Group {
            name: t.name.clone(),
            requested: true,
            person: looks_like_person(&t.name),
        })
        .collect();
    let mut found: Vec<Found> = Vec::new();
    let mut raw: Vec<(usize, Name, bool)> = Vec::new();
    let common: std::collections::HashSet<&str> = texts
        .iter()
        .flatten()
        .flat_map(|t| names::lower_case_words(t))
        .collect();
    let title_case = |i: usize, text: &str| {
        labels[i] || names::is_title_case(text, |w| common.contains(w) || is_stop_word(w))
    };
    for (i, text) in texts.iter().enumerate() {
        let Some(text) = text else { continue };
        let mut claimed: Vec<Range<usize>> = Vec::new();
        for (t, target) in targets.iter().enumerate() {
            // Longer aliases first: "President Xi" before "Xi".
            let mut aliases: Vec<&String> = target.aliases.iter().collect();
            aliases.sort_by_key(|a| std::cmp::Reverse(a.len()));
            for alias in aliases {
                for range in occurrences(text, alias) {
                    if claimed
                        .iter()
                        .any(|c| c.start < range.end && range.start < c.end)
                    {
                        continue;
                    }
                    claimed.push(range.clone());
                    found.push(Found {
                        sentence: i,
                        range,
                        group: t,
                        pronoun: false,
                    });
                }
            }
        }
        if title_case(i, text) {
            continue;
        }
        for name in names::names(text) {
            if claimed
                .iter()
                .any(|c| c.start < name.range.end && name.range.start < c.end)
            {
                continue;
            }
            let initial = !text[..name.range.start].chars().any(char::is_alphanumeric);
            // "Port Logistics: the two authorities will ..." labels a list item.
            if initial && !name.titled && text[name.range.end..].trim_start().starts_with(':') {
                continue;
            }
            raw.push((i, name, initial));
        }
    }
    // In a heading, a table row or a title-case headline capitals mark no names: there
    // only the names written in the running text count.
    let mut known: Vec<String> = raw.iter().map(|(_, n, _)| n.name.clone()).collect();
    known.sort_by_key(|n| std::cmp::Reverse(n.len()));
    known.dedup();
    for (i, text) in texts.iter().enumerate() {
        let Some(text) = text.filter(|t| title_case(i, t)) else {
            continue;
        };
        let mut taken: Vec<Range<usize>> = found
            .iter()
            .filter(|f| f.sentence == i)
            .map(|f| f.range.clone())
            .collect();
        for name in &known {
            for range in occurrences(text, name) {
                if taken
                    .iter()
                    .any(|c| c.start < range.end && range.start < c.end)
                {
                    continue;
                }
                taken.push(range.clone());
                let name = Name {
                    range,
                    name: name.clone(),
                    titled: false,
                };
                // Where it stands says nothing here: counted as if at a sentence start.
                raw.push((i, name, true));
            }
        }
    }
    // Fuller names first: a name of several words keyed by its first and last word
    // ("Donald J. Trump" and "Donald Trump" are one).
    let mut by_key: HashMap<(String, String), usize> = HashMap::new();
    let mut full: Vec<(usize, String, String)> = Vec::new();
    for (t, target) in targets.iter().enumerate() {
        let words: Vec<&str> = target.name.split_whitespace().collect();
        if let (true, Some(first), Some(last)) = (words.len() > 1, words.first(), words.last()) {
            by_key.insert((first.to_string(), last.to_string()), t);
            full.push((t, first.to_string(), last.to_string()));
        }
    }
    let mut group_of: Vec<Option<usize>> = vec![None; raw.len()];
    for (k, (_, name, _)) in raw.iter().enumerate() {
        let words: Vec<&str> = name.name.split_whitespace().collect();
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            continue;
        };
        if words.len() < 2 {
            continue;
        }
        let key = (first.to_string(), last.to_string());
        let g = *by_key.entry(key).or_insert_with(|| {
            groups.push(Group {
                name: name.name.clone(),
                requested: false,
                person: false,
            });
            full.push((groups.len() - 1, first.to_string(), last.to_string()));
            groups.len() - 1
        });
        if !groups[g].requested && words.len() > groups[g].name.split_whitespace().count() {
            groups[g].name = name.name.clone();
        }
        group_of[k] = Some(g);
    }
    // A single word joins the one fuller name that starts or ends with it.
    let mut single: HashMap<String, usize> = HashMap::new();
    for (k, (_, name, _)) in raw.iter().enumerate() {
        if group_of[k].is_some() {
            continue;
        }
        let fuller: Vec<usize> = full
            .iter()
            .filter(|(_, first, last)| *first == name.name || *last == name.name)
            .map(|(g, _, _)| *g)
            .collect();
        // Several: the one named most, if one is ("Trump" is Donald Trump in an
        // article that names Melania Trump once).
        let named = |g: usize| {
            let by_name = raw.iter().zip(&group_of).filter(|(_, og)| **og == Some(g));
            by_name.count() + found.iter().filter(|f| f.group == g).count()
        };
        let mut fuller = fuller;
        if fuller.len() > 1 {
            fuller.sort_by_key(|&g| std::cmp::Reverse(named(g)));
            if named(fuller[0]) > named(fuller[1]) {
                fuller.truncate(1);
            }
        }
        group_of[k] = Some(match fuller.as_slice() {
            [g] => {
                // People are called by their surname; organisations seldom by their
                // last word.
                if full.iter().any(|(f, _, last)| f == g && *last == name.name) {
                    groups[*g].person = true;
                }
                *g
            }
            _ => *single.entry(name.name.clone()).or_insert_with(|| {
                groups.push(Group {
                    name: name.name.clone(),
                    requested: false,
                    person: false,
                });
                groups.len() - 1
            }),
        });
    }
    // A word alone, joined to no fuller name, without a title and met only at sentence
    // starts is a capitalised common word ("Critics", "Officials") or a list item's
    // label ("Education: two exchanges a year"), not a name.
    for &g in single.values() {
        let mut mentions = raw.iter().zip(&group_of).filter(|(_, og)| **og == Some(g));
        if mentions.all(|((_, name, initial), _)| *initial && !name.titled) {
            for og in group_of.iter_mut().filter(|og| **og == Some(g)) {
                *og = None;
            }
        }
    }
    for ((i, name, _), g) in raw.iter().zip(&group_of) {
        let Some(g) = *g else { continue };
        if name.titled {
            groups[g].person = true;
        }
        found.push(Found {
            sentence: *i,
            range: name.range.clone(),
            group: g,
            pronoun: false,
        });
    }
    let pronouns = pronouns(texts, blocks, &found, &groups);
    found.extend(pronouns);
    (groups, found)
}

/// "he", "she", "his", "her" where exactly one person has been named in the paragraph
/// before them.
fn pronouns(
    texts: &[Option<&str>],
    blocks: &[usize],
    found: &[Found],
    groups: &[Group],
) -> Vec<Found> {
    let mut out = Vec::new();
    let mut seen: Vec<usize> = Vec::new();
    let mut block = usize::MAX;
    for (i, text) in texts.iter().enumerate() {
        if blocks[i] != block {
            block = blocks[i];
            seen.clear();
        }
        let Some(text) = text else { continue };
        let mut events: Vec<(usize, Option<usize>, Range<usize>)> = found
            .iter()
            .filter(|f| f.sentence == i && groups[f.group].person)
            .map(|f| (f.range.start, Some(f.group), f.range.clone()))
            .collect();
        events.extend(
            names::word_ranges(text)
                .filter(|r| is_personal_pronoun(&text[r.clone()]))
                .map(|r| (r.start, None, r)),
        );
        events.sort_by_key(|e| e.0);
        for (_, group, range) in events {
            match (group, seen.as_slice()) {
                (Some(g), _) if !seen.contains(&g) => seen.push(g),
                (None, [only]) => out.push(Found {
                    sentence: i,
                    range,
                    group: *only,
                    pronoun: true,
                }),
                _ => {}
            }
        }
    }
    out
}

/// The groups a document reports: the requested ones, then the most-named (pronouns not
/// counted) with at least `min_mentions`, up to `max`.
pub(super) fn choose(groups: &[Group], found: &[Found], settings: &EntitySettings) -> Vec<usize> {
    // Per group: how many mentions, and where the first is.
    let mut counts: Vec<(usize, (usize, usize))> =
        vec![(0, (usize::MAX, usize::MAX)); groups.len()];
    for f in found.iter().filter(|f| !f.pronoun) {
        let count = &mut counts[f.group];
        count.0 += 1;
        count.1 = count.1.min((f.sentence, f.range.start));
    }
    let mut chosen: Vec<usize> = (0..groups.len()).filter(|&g| groups[g].requested).collect();
    if settings.enabled {
        let mut rest: Vec<usize> = (0..groups.len())
            .filter(|&g| !groups[g].requested && counts[g].0 >= settings.min_mentions.max(1))
            .collect();
        rest.sort_by_key(|&g| (std::cmp::Reverse(counts[g].0), counts[g].1));
        chosen.extend(rest.into_iter().take(settings.max));
    }
    chosen
}
