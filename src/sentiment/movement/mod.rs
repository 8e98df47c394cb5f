//! Figures that move: "Net sales rose 18%", "operating profit fell to EUR 3.2 million",
//! "the net loss narrowed", "the carmaker cut its sales forecast". Business and economic
//! news states good and bad news as fact, and a reader of it (an investor, an analyst)
//! reads such a sentence as positive or negative, where a model that learnt that plain
//! factual reporting is neutral calls it neutral.
//!
//! [`direction`] finds a measure of performance (sales, profit, orders, shares, the
//! economy; or one whose growth is bad news: losses, costs, debt, unemployment) with a
//! word that moves it (rose, fell, narrowed, record, cut) within a few words before or
//! after it, or a phrase that is such news by itself ("profit warning", "job cuts",
//! "laid off"). A measure whose growth is bad news turns the direction over ("costs
//! fell" is good news). A mover after "not" or "no" counts for nothing; when the moves
//! of a sentence cancel out ("sales rose but profit fell") there is no direction.
//! Company events that are news without a figure ("to close 40 stores", "wins a
//! contract") count as moves too (see `events`).
//! [`with_movement`] gives a sentence with a direction that label: its probabilities
//! are mixed with certainty in the direction at [`MOVEMENT_WEIGHT`].

use crate::document::Probabilities;
use words::*;

/// Which way a sentence's figures move, for the reader of business news.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Good news: a good measure up, a bad one down.
    Good,
    /// Bad news: a good measure down, a bad one up.
    Bad,
}

/// How much of a sentence's probabilities is the certainty of its figures' direction.
/// Above one half the direction always wins, so a sentence with moving figures is never
/// neutral and never read against its figures; the head's own probabilities still set
/// how loud it is. Not tuned: no labelled business news is at hand here (BENCHMARKS.md,
/// "Figures that move").
pub const MOVEMENT_WEIGHT: f32 = 0.6;

/// How many words after a measure a mover may come ("operating profit totalled EUR 9.0
/// mn, down from ...": six).
const AFTER: usize = 6;
/// How many words before a measure a mover may come ("cut its sales forecast": two); a
/// turn or a report one more ("swung to a net loss").
const BEFORE: usize = 3;
/// How many words before a measure a change "in" it may come ("a rise in the company's
/// net sales": five).
const CHANGE_IN: usize = 6;
/// How many words after a measure "up by", "up from", "down by" or "down from" may come:
/// they close the clause that states its figure ("the order book stood at EUR 1.5 bn at
/// the end of September, up by 24 percent").
const CLAUSE: usize = 16;

/// The direction of the figures `sentence` reports, if any.
pub fn direction(sentence: &str) -> Option<Direction> {
    // Each word, and whether a comma, semicolon or bracket comes just before it.
    let mut words: Vec<String> = Vec::new();
    let mut after_comma: Vec<bool> = Vec::new();
    let mut comma = false;
    for raw in sentence.split(|c: char| c.is_whitespace() || c == '/' || c == '—' || c == '–') {
        let word = raw
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
            .replace('’', "'");
        let lead = raw.len() - raw.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        comma |= raw[..lead].contains([',', ';', '(']);
        if !word.is_empty() {
            words.push(word);
            after_comma.push(comma);
            comma = false;
        }
        let tail = &raw[raw.trim_end_matches(|c: char| !c.is_alphanumeric()).len()..];
        // "26%" and "26 %" say "percent" as a word would.
        if tail.contains('%') {
            words.push("percent".to_string());
            after_comma.push(false);
        }
        comma |= tail.contains([',', ';', '(']);
    }
    let words: Vec<&str> = words
        .iter()
        .map(|w| w.strip_suffix("n't").map_or(w.as_str(), |_| "n't"))
        .collect();
    let mut balance = events::balance(&words, |i| negated(&words, i));
    for (i, pair) in words.windows(2).enumerate() {
        if let Some((_, _, d)) = PHRASES.iter().find(|(a, b, _)| pair == [*a, *b]) {
            if !negated(&words, i) {
                balance += sign(*d);
            }
        }
    }
    // "record high" (1) and "record low" (-1), which move a measure before them too
    // ("passenger numbers hit a record high").
    let extreme = |j: usize| -> Option<i32> {
        if words[j] != "record" {
            return None;
        }
        match words.get(j + 1).copied() {
            Some("high" | "highs") => Some(1),
            Some("low" | "lows") => Some(-1),
            _ => None,
        }
    };
    for (i, word) in words.iter().enumerate() {
        let Some(measure) = measure_at(&words, i) else {
            continue;
        };
        if words[i.saturating_sub(BEFORE)..i]
            .iter()
            .any(|w| PARTS.contains(w))
        {
            continue;
        }
        // The move a word at `j` gives a measure: 1 up, -1 down, 0 negated; none for a
        // word that is no mover (a measure among them: "profit" after "sales").
        let mover = |j: usize| -> Option<i32> {
            let w = *words.get(j)?;
            if BEFORE_A_FIGURE.contains(&w) && figure(&words, j + 1).is_none() {
                return None;
            }
            // "the index gave up 12 points"
            let given_up = w == "up"
                && j > 0
                && matches!(words[j - 1], "gave" | "give" | "gives" | "giving" | "given");
            let m = if extreme(j) == Some(-1) || given_up {
                -1
            } else if UP.contains(&w) {
                1
            } else if DOWN.contains(&w) {
                -1
            } else {
                return None;
            };
            // "costs up to $10,000" is a ceiling, not a rise.
            let ceiling = w == "up" && words.get(j + 1) == Some(&"to");
            Some(if negated(&words, j) || ceiling { 0 } else { m })
        };
        // ", up by 24 percent", ", down from EUR 9.7 mn", ", up $1.63" (not "set up by"),
        // ", a gain of 6 cents", or a mover with its figure: "Sales, a key gauge of ...,
        // grew 5 percent".
        let closing = |j: usize| {
            let next = words.get(j + 1).copied();
            let by_figure = figure(&words, j + 1).is_some()
                || (next == Some("by") && figure(&words, j + 2).is_some());
            (after_comma[j]
                && AFTER_ONLY.contains(&words[j])
                && (matches!(next, Some("by" | "from")) || by_figure))
                || (after_comma[j - 1] && words[j - 1] == "a" && next == Some("of"))
                || (!AFTER_ONLY.contains(&words[j]) && by_figure)
        };
        // "record" after its measure only as one set: "unit volumes set a record".
        let set_record = |j: usize| {
            words[j.saturating_sub(3)..j]
                .iter()
                .any(|w| matches!(*w, "set" | "sets" | "hit" | "hits" | "reached" | "reaches"))
        };
        let after = (i + 1..words.len().min(i + 1 + AFTER))
            .filter(|&j| !BEFORE_ONLY.contains(&words[j]) || extreme(j).is_some() || set_record(j))
            .find_map(mover)
            .or_else(|| {
                (i + 1 + AFTER..words.len().min(i + 1 + CLAUSE))
                    .take_while(|&j| measure_sign(words[j]).is_none())
                    .filter(|&j| closing(j))
                    .find_map(mover)
            });
        let before = (i.saturating_sub(BEFORE)..i)
            .rev()
            .filter(|&j| !AFTER_ONLY.contains(&words[j]))
            .find_map(mover)
            .or_else(|| {
                // A mover named as a change "in" the measure reaches further: "a fall in
                // its third-quarter earnings".
                (i.saturating_sub(CHANGE_IN)..i.saturating_sub(BEFORE))
                    .rev()
                    .filter(|&j| words.get(j + 1) == Some(&"in"))
                    .find_map(mover)
            });
        let reach = i.saturating_sub(BEFORE + 1)..i;
        // "in turn" is no turn.
        let turned = reach
            .clone()
            .any(|j| TURNS.contains(&words[j]) && !(j > 0 && words[j - 1] == "in"));
        let reported = measure < 0 && reach.clone().any(|j| REPORTS.contains(&words[j]));
        let moved = match (before, after) {
            (Some(m), _) | (None, Some(m)) => m,
            (None, None) if turned || reported => 1,
            (None, None) => match compared(word, &words[i + 1..]) {
                Some(m) => m,
                None => continue,
            },
        };
        balance += measure * moved;
    }
    match balance.signum() {
        1 => Some(Direction::Good),
        -1 => Some(Direction::Bad),
        _ => None,
    }
}

/// [`measure_sign`] of the word at `i`, unless the words around it make it no measure
/// of performance there.
fn measure_at(words: &[&str], i: usize) -> Option<i32> {
    let word = words[i];
    let before = |k: usize| i.checked_sub(k).map(|j| words[j]);
    let next = words.get(i + 1).copied();
    // "order" alone is an order book only as one ("order intake rose"): "in order to",
    // "an executive order to cut ..." and "the pecking order" name none ("won an order"
    // is an event, `events`).
    let no_book = word == "order" && !next.is_some_and(|w| ORDER_BOOKS.contains(&w));
    // Orders that are commands: "carries out orders of", "on the orders of".
    let commands = word == "orders"
        && (before(1).is_some_and(|w| COMMANDED_BY.contains(&w))
            || (before(1) == Some("the") && before(2) == Some("on")));
    // A price index measures inflation, whose rise is no one's good news.
    let prices = matches!(word, "index" | "indexes" | "indices")
        && matches!(before(1), Some("price" | "prices"));
    // "raising the debt limit" moves a cap, not the debt; "an increase in income tax" a
    // tax, not income.
    let cap = next.is_some_and(|w| CAPS.contains(&w));
    if no_book || commands || prices || cap {
        return None;
    }
    measure_sign(word)
}

/// 1 for a measure whose growth is good news, -1 for one whose growth is bad news, none
/// for a word that is no measure.
fn measure_sign(word: &str) -> Option<i32> {
    if GOOD_MEASURES.contains(&word) {
        Some(1)
    } else if BAD_MEASURES.contains(&word) {
        Some(-1)
    } else {
        None
    }
}

/// How many words after a measure its comparison with an earlier figure may end
/// ("net sales were EUR 64.8 mn compared to EUR 59.4 mn": eight; "operating profit was EUR
/// 9.0 mn, or 5.1 percent of net sales, compared to EUR 7.2 mn": fifteen).
const COMPARED_WITHIN: usize = 16;

/// Words that set a figure against an earlier one.
const AGAINST: &[&str] = &["from", "compared", "versus", "vs", "against"];

/// Words that may stand between a comparison word and the figure it compares with.
#[rustfmt::skip]
const BETWEEN: &[&str] = &[
    "to", "with", "the", "a", "an", "eur", "euro", "usd", "us", "gbp", "sek", "nok", "dkk",
    "chf", "jpy", "rs", "rmb", "cny", "aud", "cad",
];

/// The move of `measure` whose figure the words after it (`rest`) compare with an
/// earlier one: "EUR 64.8 mn compared to EUR 59.4 mn" is up, "went from 5 to 3" down;
/// the earlier figure may name the measure again ("compared to a loss of EUR 2.1 mn").
fn compared(measure: &str, rest: &[&str]) -> Option<i32> {
    let rest = &rest[..rest.len().min(COMPARED_WITHIN)];
    let figures: Vec<(usize, f64)> = (0..rest.len())
        .filter_map(|j| Some((j, figure(rest, j)?)))
        .collect();
    let against = rest.iter().position(|w| AGAINST.contains(w))?;
    // "a profit of EUR 1 mn compared to a loss of EUR 2 mn" crossed zero upwards, "a loss
    // ... compared to a profit" downwards: up for the profit, and up for the loss.
    let other_side = |w: &&str| match measure {
        "profit" | "profits" | "earnings" | "income" | "ebit" | "ebitda" => {
            matches!(*w, "loss" | "losses")
        }
        "loss" | "losses" => matches!(*w, "profit" | "profits" | "earnings" | "income"),
        _ => false,
    };
    if rest[against + 1..rest.len().min(against + 5)]
        .iter()
        .any(other_side)
    {
        return Some(1);
    }
    // The figure a word introduces, with only currencies and the like between.
    let introduced = |from: usize| {
        figures.iter().copied().find(|&(j, _)| {
            j > from
                && rest[from + 1..j]
                    .iter()
                    .all(|w| BETWEEN.contains(w) || *w == measure || *w == "of")
        })
    };
    // A share ("9.7 percent of net sales") is compared only with a share.
    let share = |j: usize| matches!(rest.get(j + 1).copied(), Some("percent" | "pct" | "per"));
    let earlier = introduced(against);
    let now = figures.iter().rfind(|&&(j, _)| {
        j < against && earlier.is_none_or(|(then_at, _)| share(j) == share(then_at))
    });
    let (now, then) = match now {
        // "was 64.8 compared to 59.4"
        Some(&(_, now)) => (now, earlier?.1),
        // "went from 5 to 3"
        None => {
            let (at, then) = earlier?;
            let to = at + rest[at..].iter().position(|w| *w == "to")?;
            (introduced(to)?.1, then)
        }
    };
    (now != then).then_some(if now > then { 1 } else { -1 })
}

/// The amount the word at `j` states, times the scale word after it ("9.7 mn"); none
/// for a word that is no number or a year ("in 2008 compared to 2007").
fn figure(words: &[&str], j: usize) -> Option<f64> {
    let word = *words.get(j)?;
    // Only digits: "nan" and "inf" parse as floats too.
    if !word.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let value: f64 = word.replace(',', "").parse().ok()?;
    let year = !word.contains(['.', ',']) && (1900.0..=2100.0).contains(&value);
    let scale = match words.get(j + 1).copied() {
        Some("thousand") => 1e3,
        Some("million" | "millions" | "mn" | "mln" | "m") => 1e6,
        Some("billion" | "billions" | "bn" | "bln" | "b") => 1e9,
        _ if year => return None,
        _ => 1.0,
    };
    Some(value * scale)
}

/// Whether one of the two words before `i` negates it.
fn negated(words: &[&str], i: usize) -> bool {
    words[i.saturating_sub(2)..i]
        .iter()
        .any(|w| NEGATIONS.contains(w))
}

/// 1 for good news, -1 for bad.
fn sign(d: Direction) -> i32 {
    match d {
        Direction::Good => 1,
        Direction::Bad => -1,
    }
}

/// `own` with the direction of the figures `sentence` reports mixed in at
/// [`MOVEMENT_WEIGHT`]; unchanged when it reports none.
pub fn with_movement(own: Probabilities, sentence: &str) -> Probabilities {
    let Some(direction) = direction(sentence) else {
        return own;
    };
    let (positive, negative) = match direction {
        Direction::Good => (1.0, 0.0),
        Direction::Bad => (0.0, 1.0),
    };
    let certain = Probabilities {
        negative,
        neutral: Some(0.0),
        positive,
    };
    super::mixed(own, certain, MOVEMENT_WEIGHT)
}

mod events;
mod words;

#[cfg(test)]
mod tests;
