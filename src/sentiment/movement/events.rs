//! Company events that are good or bad news without a figure: "to close 40 stores",
//! "recalls 200,000 vehicles", "wins a 300 million dollar contract", "falls into
//! administration". A word list, like the figures': an event word with one of its
//! objects a few words after it.

use super::Direction;

/// An event word, the objects that make it company news (none: the word is news by
/// itself), how many words after it the object may come, and which news it is.
struct Event {
    words: &'static [&'static str],
    objects: &'static [&'static str],
    within: usize,
    news: Direction,
}

#[rustfmt::skip]
const EVENTS: &[Event] = &[
    Event {
        words: &["close", "closes", "closing", "shut", "shuts", "shutting", "shutters"],
        objects: &["stores", "shops", "plants", "plant", "factories", "factory", "branches",
                   "sites", "mines", "mills", "outlets", "offices", "restaurants", "hotels"],
        within: 4,
        news: Direction::Bad,
    },
    Event {
        words: &["open", "opens", "opening"],
        objects: &["stores", "shops", "plants", "plant", "factories", "factory", "branches",
                   "outlets", "restaurants", "hotels"],
        within: 4,
        news: Direction::Good,
    },
    Event {
        words: &["recall", "recalls", "recalled", "recalling"],
        objects: &["vehicles", "cars", "trucks", "products", "units", "models", "devices",
                   "phones", "batteries", "airbags"],
        within: 4,
        news: Direction::Bad,
    },
    // "wins a 300 million dollar contract": five.
    Event {
        words: &["wins", "won", "win", "secures", "secured", "lands", "landed", "awarded",
                 "signs", "signed"],
        objects: &["contract", "contracts", "deal"],
        within: 5,
        news: Direction::Good,
    },
    // "wins a EUR 10 mn order from ...": five; only verbs of winning (one "receives" an order
    // from a court or a president too).
    Event {
        words: &["wins", "won", "win", "secures", "secured", "lands", "landed", "books",
                 "booked", "bags", "clinches", "clinched"],
        objects: &["order", "orders"],
        within: 5,
        news: Direction::Good,
    },
    Event {
        words: &["gets", "got", "wins", "won", "receives", "received", "granted", "secures"],
        objects: &["approval", "clearance"],
        within: 3,
        news: Direction::Good,
    },
    Event {
        words: &["upgrade", "upgrades", "upgraded", "raise", "raises", "raised"],
        objects: &["buy", "outperform", "overweight"],
        within: 4,
        news: Direction::Good,
    },
    Event {
        words: &["downgrade", "downgrades", "downgraded", "cut", "cuts"],
        objects: &["sell", "underperform", "underweight"],
        within: 4,
        news: Direction::Bad,
    },
    Event {
        words: &["faces", "facing"],
        objects: &["probe", "investigation", "lawsuit", "fine", "fines", "strike", "strikes"],
        within: 3,
        news: Direction::Bad,
    },
    Event {
        words: &["into"],
        objects: &["administration", "receivership", "liquidation"],
        within: 1,
        news: Direction::Bad,
    },
    Event {
        words: &["files", "filed", "filing"],
        objects: &["bankruptcy", "insolvency"],
        within: 2,
        news: Direction::Bad,
    },
    // "hit by pilot strike", "hurt by the slowdown" ("hit a weak chip" is golf).
    Event {
        words: &["hit", "hits", "hurt", "hurts", "dented", "hampered"],
        objects: &["strike", "strikes", "walkout", "walkouts", "slump", "slowdown", "downturn",
                   "writedown", "writedowns"],
        within: 4,
        news: Direction::Bad,
    },
    // "warns of a tougher year", "warned of more job cuts".
    Event {
        words: &["warns", "warned", "warning"],
        objects: &["tougher", "weaker", "lower", "slowdown", "downturn", "losses", "cuts",
                   "decline"],
        within: 4,
        news: Direction::Bad,
    },
    // "agrees a partnership with", "agreed to a takeover at a 40 percent premium" (not
    // "agrees to pay a fine").
    Event {
        words: &["agrees", "agreed", "agree"],
        objects: &["partnership", "alliance", "takeover", "merger", "tie-up", "venture",
                   "buyout"],
        within: 4,
        news: Direction::Good,
    },
    // "strikes a major copper find".
    Event {
        words: &["strikes", "struck", "strike"],
        objects: &["find", "discovery"],
        within: 4,
        news: Direction::Good,
    },
    // "Bank fined 30 million pounds over ...".
    Event {
        words: &["fined"],
        objects: &[],
        within: 0,
        news: Direction::Bad,
    },
    Event {
        words: &["delays", "delayed", "postpones", "postponed"],
        objects: &["launch", "launches", "delivery", "deliveries", "production"],
        within: 4,
        news: Direction::Bad,
    },
];

/// The balance of the company events in `words` (lower case, in order): +1 for each good
/// one, -1 for each bad one, none for an event word after "not" or "no".
pub(super) fn balance(words: &[&str], negated: impl Fn(usize) -> bool) -> i32 {
    let mut balance = 0;
    for (i, word) in words.iter().enumerate() {
        let event = EVENTS.iter().find(|e| {
            e.words.contains(word)
                && (e.objects.is_empty()
                    || words[i + 1..words.len().min(i + 1 + e.within)]
                        .iter()
                        .any(|w| e.objects.contains(w)))
        });
        if let Some(event) = event.filter(|_| !negated(i)) {
            balance += super::sign(event.news);
        }
    }
    balance
}
