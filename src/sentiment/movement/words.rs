//! The word lists of [`super::direction`]: measures, the words that move them, and the
//! words around them that change what a move means.

use super::Direction;

/// Measures whose growth is good news.
#[rustfmt::skip]
pub(super) const GOOD_MEASURES: &[&str] = &[
    "sales", "revenue", "revenues", "turnover", "profit", "profits", "earnings", "income",
    "ebit", "ebitda", "eps", "margin", "margins", "orders", "order", "intake", "backlog", "dividend",
    "dividends", "shares", "stock", "stocks", "equities", "market", "markets", "dow", "nasdaq",
    "ftse", "dax", "nikkei", "demand", "deliveries", "passengers", "passenger", "volumes",
    "exports", "economy", "gdp", "output", "production", "jobs", "job", "employment", "wages",
    "forecast", "forecasts", "guidance", "outlook", "expectations", "estimates", "valuation",
    "results", "cash", "value", "workforce", "headcount", "index", "indexes", "indices",
    "s&p", "shipments", "bookings", "subscribers", "subscriptions",
];

/// Measures whose growth is bad news.
#[rustfmt::skip]
pub(super) const BAD_MEASURES: &[&str] = &[
    "loss", "losses", "costs", "cost", "expenses", "debt", "debts", "deficit", "unemployment",
    "jobless", "layoffs", "layoff", "lay-offs", "redundancies", "writedowns", "impairment",
];

/// Words that move a measure up (or, before a measure, describe it as up).
#[rustfmt::skip]
pub(super) const UP: &[&str] = &[
    "rose", "rise", "rises", "risen", "rising", "increase", "increased", "increases",
    "increasing", "grew", "grow", "grows", "grown", "growing", "growth", "climbed", "climb",
    "climbs", "jumped", "jump", "jumps", "surged", "surge", "surges", "soared", "soar", "soars",
    "gained", "gain", "gains", "improved", "improve", "improves", "improvement", "doubled",
    "tripled", "up", "higher", "advanced", "rebounded", "recovered", "widened", "expanded",
    "strengthened", "boosted", "boost", "raised", "raises", "lifted", "beat", "added", "adds",
    "created", "doubles", "triples", "lifts", "tops", "hikes", "hiked", "rallied", "rallies",
    "rally", "widens", "expands", "strengthens", "beats", "exceeded", "topped", "record",
    "strong", "stronger", "robust", "upgraded", "won", "wins", "secured", "secures", "larger",
    "bigger", "rebound", "rebounds", "rebounding", "recover", "recovers", "recovering",
    "turnaround", "firmed", "double", "doubling", "triple", "tripling", "expand", "expanding",
    "strengthen", "strengthening", "raise", "raising", "lift", "lifting", "hike", "boosts",
    "boosting", "climbing", "jumping", "soaring", "surging", "gaining", "improving",
    "advancing", "exceed", "exceeds", "widen", "widening", "rocketed", "skyrocketed",
    "skyrockets", "skyrocketing", "spiked", "spikes", "spiking", "booming",
];

/// Words that move a measure down (or, before a measure, describe it as down).
#[rustfmt::skip]
pub(super) const DOWN: &[&str] = &[
    "fell", "fall", "falls", "fallen", "falling", "decreased", "decrease", "decreases",
    "decreasing", "declined", "decline", "declines", "declining", "dropped", "drop", "drops",
    "slumped", "slump", "slumps", "plunged", "plunge", "plunges", "tumbled", "tumble", "sank",
    "sink", "slid", "slide", "shrank", "shrink", "shrunk", "down", "lower", "weakened",
    "weaker", "weak", "deteriorated", "narrowed", "halved", "contracted", "slipped", "dipped",
    "missed", "cut", "cuts", "slashed", "lowered", "reduced", "reduction", "reduce",
    "reduces", "reducing", "cutting", "shed", "eliminate",
    "eliminated", "downgraded", "sluggish", "lost", "lose", "loses", "losing", "tumbles",
    "slides", "slips", "dips", "sinks", "slashes", "lowers", "trims", "trimmed", "sheds",
    "misses", "narrows", "shrinks", "weakens", "contracts", "halves", "smaller", "eased",
    "eases", "easing", "softened", "softer", "off", "halve", "halving", "narrowing", "slash",
    "slashing", "trim", "trimming", "lowering", "weaken", "weakening", "dip", "dipping", "slip",
    "slipping", "plunging", "tumbling", "sliding", "sinking", "slumping", "shrinking",
    "dropping", "deteriorates", "deteriorating", "contracting", "shedding", "eliminates",
    "eliminating", "plummet", "plummets", "plummeted", "plummeting", "tanked", "tanks",
    "tanking", "crash", "crashed", "crashes", "crashing", "collapse", "collapsed", "collapses",
    "collapsing", "sagged", "sags", "sagging", "dives", "dived", "nosedived", "nosedives",
    "retreated", "retreats", "retreating", "wiped", "wipes", "axe", "axes", "axed", "axing",
    "disappoint", "disappoints", "disappointed", "disappointing",
];

/// The words after "order" that make it an order book ("order intake rose").
pub(super) const ORDER_BOOKS: &[&str] = &["book", "books", "intake", "inflow", "backlog"];

/// Words before "orders" that make them commands ("carries out orders", "under orders
/// from", "executive orders"), not a company's orders.
#[rustfmt::skip]
pub(super) const COMMANDED_BY: &[&str] = &[
    "out", "under", "follow", "followed", "following", "obey", "obeyed", "gave", "give",
    "given", "issued", "executive", "court", "his", "her", "my", "your",
];

/// Words after a measure that make it part of a cap or a tax: "the debt limit", "income
/// tax".
pub(super) const CAPS: &[&str] = &[
    "limit", "limits", "ceiling", "ceilings", "cap", "tax", "taxes",
];

/// Movers only after their measure ("sales were up 5%"): before one they are mostly
/// parts of phrasal verbs ("set up a sales office").
pub(super) const AFTER_ONLY: &[&str] = &["up", "down", "off"];

/// Movers that move a measure only when a figure follows them: "shares were off 2
/// cents", not "the talks were called off".
pub(super) const BEFORE_A_FIGURE: &[&str] = &["off"];

/// Movers only before their measure ("record profit"): after one they are mostly
/// something else ("sales of his record").
pub(super) const BEFORE_ONLY: &[&str] = &["record"];

/// Words that turn the next mover around.
pub(super) const NEGATIONS: &[&str] = &["not", "no", "never", "n't", "without"];

/// Words before a measure that the measure moves to: "swung to a loss", "turned a profit".
#[rustfmt::skip]
pub(super) const TURNS: &[&str] = &[
    "swung", "swings", "swing", "turned", "turns", "turn", "returned", "returns", "return",
    "returning",
];

/// Words before a measure whose growth is bad news that report it as it is: "posted a
/// loss" is bad news, where "posted a profit" says nothing of a change.
#[rustfmt::skip]
pub(super) const REPORTS: &[&str] = &[
    "posted", "posts", "reported", "reports", "booked", "recorded", "suffered",
    "suffers",
];

/// Two-word phrases that are business news by themselves.
pub(super) const PHRASES: &[(&str, &str, Direction)] = &[
    ("profit", "warning", Direction::Bad),
    ("laid", "off", Direction::Bad),
    ("lay", "off", Direction::Bad),
    ("lays", "off", Direction::Bad),
];

/// Words a few words before a measure that make it a part of another figure ("operating
/// profit fell, including a sales gain of EUR 2 mn"), not news of its own.
pub(super) const PARTS: &[&str] = &["including", "includes", "included", "excluding", "excludes"];
