//! Which part of a page is the article, decided by evidence rather than tag names.
//!
//! Every paragraph-like element (a `<p>` or `<pre>`, or a `<div>`, `<td>`, `<li>` or
//! `<blockquote>` holding no block) of at least 25 characters scores 1 + its commas + one
//! per 100 characters (at most 3), scaled by the share of its text that is not link
//! text; the score goes to its parent in full, its grandparent in
//! half and further ancestors divided by three times their distance. Each ancestor
//! starts from its tag (`div` +5, lists and forms -3, headings -5) and the words of its
//! class and id (`article-body`, `story`, `post-content` +25; `comment`, `sidebar`,
//! `promo` -25, matched as whole words), and its total is scaled by the share of its
//! text that is not link text. The best candidate, moved up to the ancestor that several
//! close runners-up share, is the article, with those of its siblings that score
//! nearly as well or read as prose.
//!
//! Inside it, elements that look like furniture are dropped: mostly links, more
//! pictures than paragraphs, a negative class with little prose, captions and credits,
//! the headline and byline (they belong in the page metadata), and short share,
//! newsletter and "read more" prompts. Like Mozilla Readability, the choice is made
//! again with fewer of these rules when it keeps less than 500 characters, and the
//! longest result wins, so a page that holds an article never comes out empty.

use std::collections::{HashMap, HashSet};

use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{Html, Node};

use crate::preprocess::boilerplate::is_boilerplate;

/// Elements never read: code, styling, embedded objects, forms' controls and the head.
const NEVER_TEXT: &[&str] = &[
    "script", "style", "noscript", "template", "button", "iframe", "svg", "canvas", "select",
    "input", "textarea", "object", "embed", "video", "audio", "map", "head", "title", "meta",
    "link", "dialog",
];

/// Elements that are page structure around an article, never inside one.
const OUTSIDE_ARTICLE: &[&str] = &["nav", "footer", "aside"];

/// Words in a class or id that mark an element unlikely to hold the article.
const UNLIKELY: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "advertisement",
    "agegate",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "combx",
    "comment",
    "comments",
    "community",
    "cookie",
    "consent",
    "disqus",
    "footer",
    "gdpr",
    "menu",
    "modal",
    "newsletter",
    "outbrain",
    "pager",
    "pagination",
    "popup",
    "related",
    "remark",
    "replies",
    "rss",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "taboola",
    "ticker",
    "nav",
    "navbar",
    "navigation",
    "masthead",
    "recommended",
    "recirc",
    "trending",
    "popular",
    "toolbar",
    "widget",
    "signup",
    "paywall",
    "legends",
    "gallery",
    "carousel",
    "slideshow",
    "kudos",
    "extra",
    "supplemental",
];

/// Words that make an element likely to be or hold the article, whatever else it says.
const LIKELY: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "main", "post", "story", "text", "blog",
    "column", "prose", "richtext",
];

/// Words weighing an element's class or id down (in addition to [`UNLIKELY`]).
const NEGATIVE: &[&str] = &[
    "hidden",
    "hid",
    "com",
    "contact",
    "media",
    "meta",
    "promo",
    "promotion",
    "promoted",
    "scroll",
    "shopping",
    "tags",
    "tag",
    "widget",
    "caption",
    "credit",
    "credits",
    "byline",
    "teaser",
    "card",
    "more",
    "next",
    "prev",
    "author",
    "bio",
    "subscription",
];

/// Words in a class or id that mark a caption or credit.
const CAPTION: &[&str] = &["caption", "credit", "credits", "figcaption"];

/// Words in a class or id that mark a byline or dateline.
const BYLINE: &[&str] = &[
    "byline",
    "dateline",
    "author",
    "writtenby",
    "timestamp",
    "date",
];

/// Tags whose text is always read as one paragraph for scoring (others are when they
/// hold no block, see `Page::is_paragraph`).
const PARAGRAPH_TAGS: &[&str] = &["p", "pre"];

/// Whether a tag is block-level: the writer's blocks, and the page structure the
/// writer never sees. A `div` holding none of these is read as a paragraph.
fn is_block(tag: &str) -> bool {
    super::BLOCK_TAGS.contains(&tag) || matches!(tag, "form" | "aside" | "nav" | "footer")
}

/// An article shorter than this is chosen again with fewer rules.
const MIN_ARTICLE_CHARS: usize = 500;

/// The words of an element's class and id: lower case, split at every character that
/// is not a letter or digit and at lower-to-upper case changes (`storyBody` is `story body`).
fn class_words(element: &Element) -> Vec<String> {
    let mut words = Vec::new();
    for value in [element.attr("class"), element.attr("id")]
        .into_iter()
        .flatten()
    {
        let mut word = String::new();
        let mut previous_lower = false;
        for c in value.chars() {
            let boundary = !c.is_alphanumeric() || (c.is_uppercase() && previous_lower);
            if boundary && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            if c.is_alphanumeric() {
                word.extend(c.to_lowercase());
            }
            previous_lower = c.is_lowercase();
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    words
}

fn has_word(words: &[String], list: &[&str]) -> bool {
    words.iter().any(|w| list.contains(&w.as_str()))
}

/// The whole class names of an element: `l-sidebar-fixed` is one name, not `sidebar`.
fn class_names(element: &Element) -> impl Iterator<Item = String> + '_ {
    [element.attr("class"), element.attr("id")]
        .into_iter()
        .flatten()
        .flat_map(str::split_whitespace)
        .map(str::to_ascii_lowercase)
}

/// Whether the element is hidden from readers (`hidden`, `aria-hidden`, `display:none`).
pub(super) fn is_hidden(element: &Element) -> bool {
    element.attr("hidden").is_some()
        || element.attr("aria-hidden") == Some("true")
        || element.attr("style").is_some_and(|s| {
            let s = s.replace(' ', "").to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
}

/// -25 per negative and +25 per positive signal among an element's class and id.
fn class_weight(element: &Element) -> f64 {
    let words = class_words(element);
    let mut weight = 0.0;
    if has_word(&words, LIKELY) {
        weight += 25.0;
    }
    if has_word(&words, UNLIKELY) || has_word(&words, NEGATIVE) {
        weight -= 25.0;
    }
    if names_article_body(element) {
        weight += 25.0;
    }
    weight
}

/// A class, id or `itemprop` that names the article's body outright.
fn names_article_body(element: &Element) -> bool {
    element.attr("itemprop") == Some("articleBody")
        || class_names(element).any(|n| {
            matches!(
                n.as_str(),
                "article-body"
                    | "articlebody"
                    | "story-body"
                    | "post-content"
                    | "entry-content"
                    | "article-content"
                    | "story-content"
                    | "post-body"
                    | "article__body"
                    | "articletext"
                    | "article-text"
                    | "main-content"
                    | "story-text"
                    | "post-text"
            )
        })
}

fn tag_weight(tag: &str) -> f64 {
    match tag {
        "div" | "article" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Text measures of one element (its removed descendants left out).
#[derive(Debug, Default, Clone, Copy)]
struct Measure {
    /// Characters of text, runs of white space counted as one.
    chars: usize,
    /// Of those, characters inside links.
    link_chars: usize,
    commas: usize,
    paragraphs: usize,
    images: usize,
    list_items: usize,
    headings_chars: usize,
    has_block_child: bool,
}

impl Measure {
    fn link_density(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / self.chars as f64
        }
    }

    fn add(&mut self, other: &Measure) {
        self.chars += other.chars;
        self.link_chars += other.link_chars;
        self.commas += other.commas;
        self.paragraphs += other.paragraphs;
        self.images += other.images;
        self.list_items += other.list_items;
        self.headings_chars += other.headings_chars;
    }
}

fn text_measure(text: &str) -> Measure {
    let mut chars = 0;
    let mut in_space = true;
    let mut commas = 0;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                chars += 1;
            }
            in_space = true;
        } else {
            chars += 1;
            in_space = false;
            commas += usize::from(matches!(c, ',' | '，' | '、' | '،'));
        }
    }
    Measure {
        chars,
        commas,
        ..Measure::default()
    }
}

/// Which of the rules an attempt applies; later attempts drop them one by one.
#[derive(Debug, Clone, Copy)]
struct Rules {
    strip_unlikely: bool,
    weigh_classes: bool,
    clean_conditionally: bool,
}

/// The part of the page that is the article.
pub(super) struct Choice {
    /// The chosen elements, in document order.
    pub roots: Vec<NodeId>,
    /// Elements inside them that are left out.
    pub skip: HashSet<NodeId>,
    /// What was left out inside the article, for a warning: (kind, count).
    pub dropped: Vec<(&'static str, usize)>,
}

/// Chooses the article; `title` is the page's title, whose heading is left out.
pub(super) fn choose(html: &Html, title: Option<&str>) -> Choice {
    let attempts = [
        Rules {
            strip_unlikely: true,
            weigh_classes: true,
            clean_conditionally: true,
        },
        Rules {
            strip_unlikely: false,
            weigh_classes: true,
            clean_conditionally: true,
        },
        Rules {
            strip_unlikely: false,
            weigh_classes: false,
            clean_conditionally: true,
        },
        Rules {
            strip_unlikely: false,
            weigh_classes: false,
            clean_conditionally: false,
        },
    ];
    let mut best: Option<(usize, Choice)> = None;
    for rules in attempts {
        let page = Page::measure(html, rules);
        let choice = page.choose(title);
        let chars = page.kept_chars(&choice);
        if chars >= MIN_ARTICLE_CHARS {
            return choice;
        }
        if best.as_ref().is_none_or(|(most, _)| chars > *most) {
            best = Some((chars, choice));
        }
    }
    best.map(|(_, choice)| choice).unwrap_or(Choice {
        roots: vec![html.tree.root().id()],
        skip: HashSet::new(),
        dropped: Vec::new(),
    })
}

/// One attempt's view of the page: which elements are out, and each element's text.
struct Page<'a> {
    html: &'a Html,
    rules: Rules,
    removed: HashSet<NodeId>,
    measures: HashMap<NodeId, Measure>,
    /// Each measured element's place in document order.
    order: HashMap<NodeId, usize>,
}

fn element(node: NodeRef<'_, Node>) -> Option<&Element> {
    node.value().as_element()
}

impl<'a> Page<'a> {
    fn measure(html: &'a Html, rules: Rules) -> Self {
        let mut page = Page {
            html,
            rules,
            removed: HashSet::new(),
            measures: HashMap::new(),
            order: HashMap::new(),
        };
        page.mark_removed();
        page.measure_tree(html.tree.root());
        page
    }

    fn mark_removed(&mut self) {
        let mut stack = vec![self.html.tree.root()];
        let mut unlikely = Vec::new();
        while let Some(node) = stack.pop() {
            if let Some(e) = element(node) {
                let tag = e.name();
                if NEVER_TEXT.contains(&tag) || OUTSIDE_ARTICLE.contains(&tag) || is_hidden(e) {
                    self.removed.insert(node.id());
                    continue;
                }
                if self.rules.strip_unlikely && is_unlikely(e) {
                    unlikely.push(node.id());
                    continue;
                }
            }
            stack.extend(node.children());
        }
        // A furniture class is not believed for an element that holds the page's main
        // element or its marked article body (a story inside `l-sidebar-fixed`); for
        // the rest, the attempts without this rule catch a story inside furniture.
        for id in unlikely {
            let holds_article = self.html.tree.get(id).is_some_and(|node| {
                node.descendants()
                    .filter_map(element)
                    .any(|e| e.name() == "main" || e.attr("itemprop") == Some("articleBody"))
            });
            if !holds_article {
                self.removed.insert(id);
            }
        }
    }

    /// Post-order pass: each element's text measures, removed elements left out.
    fn measure_tree(&mut self, root: NodeRef<'_, Node>) {
        enum Step<'n> {
            Enter(NodeRef<'n, Node>),
            Exit(NodeRef<'n, Node>),
        }
        let mut stack = vec![Step::Enter(root)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Enter(node) => {
                    if self.removed.contains(&node.id()) {
                        continue;
                    }
                    self.order.insert(node.id(), self.order.len());
                    stack.push(Step::Exit(node));
                    stack.extend(node.children().rev().map(Step::Enter));
                }
                Step::Exit(node) => {
                    let mut m = Measure::default();
                    for child in node.children() {
                        match child.value() {
                            Node::Text(text) => m.add(&text_measure(text)),
                            Node::Element(e) => {
                                if let Some(c) = self.measures.get(&child.id()) {
                                    m.add(&c.clone());
                                }
                                m.has_block_child |= is_block(e.name());
                            }
                            _ => {}
                        }
                    }
                    if let Some(e) = element(node) {
                        match e.name() {
                            "a" => m.link_chars = m.chars,
                            "p" => m.paragraphs += 1,
                            "img" => m.images += 1,
                            "li" => m.list_items += 1,
                            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => m.headings_chars = m.chars,
                            _ => {}
                        }
                    }
                    self.measures.insert(node.id(), m);
                }
            }
        }
    }

    fn m(&self, id: NodeId) -> Measure {
        self.measures.get(&id).copied().unwrap_or_default()
    }

    fn is_paragraph(&self, node: NodeRef<'_, Node>) -> bool {
        let Some(e) = element(node) else {
            return false;
        };
        PARAGRAPH_TAGS.contains(&e.name())
            || (matches!(
                e.name(),
                "div" | "section" | "span" | "font" | "center" | "td" | "blockquote" | "li" | "dd"
            ) && !self.m(node.id()).has_block_child
                && node
                    .parent()
                    .and_then(element)
                    .is_some_and(|p| p.name() != "p"))
    }

    fn initial_score(&self, e: &Element) -> f64 {
        let weight = if self.rules.weigh_classes {
            class_weight(e)
        } else {
            0.0
        };
        tag_weight(e.name()) + weight
    }

    /// Scores paragraphs into their ancestors and picks the best candidate.
    fn choose(&self, title: Option<&str>) -> Choice {
        let mut scores: HashMap<NodeId, f64> = HashMap::new();
        let mut stack = vec![self.html.tree.root()];
        while let Some(node) = stack.pop() {
            if self.removed.contains(&node.id()) {
                continue;
            }
            stack.extend(node.children());
            if !self.is_paragraph(node) {
                continue;
            }
            let m = self.m(node.id());
            if m.chars < 25 {
                continue;
            }
            // A paragraph of links (a list of names, tags or headlines) is not prose.
            let score = (1.0 + m.commas as f64 + (m.chars as f64 / 100.0).floor().min(3.0))
                * (1.0 - m.link_density());
            for (level, ancestor) in node
                .ancestors()
                .filter(|a| element(*a).is_some())
                .take(5)
                .enumerate()
            {
                let Some(e) = element(ancestor) else { continue };
                if matches!(e.name(), "html") {
                    break;
                }
                let divider = match level {
                    0 => 1.0,
                    1 => 2.0,
                    _ => level as f64 * 3.0,
                };
                *scores
                    .entry(ancestor.id())
                    .or_insert_with(|| self.initial_score(e)) += score / divider;
            }
        }
        let final_score = |id: &NodeId, score: f64| score * (1.0 - self.m(*id).link_density());
        let mut ranked: Vec<(NodeId, f64)> = scores
            .iter()
            .map(|(id, s)| (*id, final_score(id, *s)))
            .collect();
        // Ties go to the element that comes first in the page.
        ranked.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then(self.order.get(&a.0).cmp(&self.order.get(&b.0)))
        });
        let Some(&(mut top, mut top_score)) = ranked.first() else {
            return self.whole_body(title);
        };
        let tree = &self.html.tree;
        let node_of = |id: NodeId| tree.get(id);
        // Several close runners-up inside one ancestor: the article is that ancestor.
        let close: Vec<NodeId> = ranked
            .iter()
            .skip(1)
            .take(5)
            .filter(|(_, s)| *s >= top_score * 0.75)
            .map(|(id, _)| *id)
            .collect();
        if close.len() >= 3 {
            let mut ancestor = node_of(top).and_then(|n| n.parent());
            while let Some(a) = ancestor {
                if element(a).is_none_or(|e| e.name() == "body") {
                    break;
                }
                let holds = close
                    .iter()
                    .filter(|id| {
                        node_of(**id).is_some_and(|n| n.ancestors().any(|x| x.id() == a.id()))
                    })
                    .count();
                if holds >= 3 {
                    top = a.id();
                    top_score = scores
                        .get(&top)
                        .map_or(top_score, |s| final_score(&top, *s));
                    break;
                }
                ancestor = a.parent();
            }
        }
        // A lone child says nothing: its parent is the container.
        while let Some(parent) = node_of(top).and_then(|n| n.parent()) {
            if element(parent).is_none_or(|e| e.name() == "body" || e.name() == "html") {
                break;
            }
            let siblings = parent
                .children()
                .filter(|c| element(*c).is_some() && !self.removed.contains(&c.id()))
                .count();
            if siblings != 1 {
                break;
            }
            top = parent.id();
        }
        let roots = self.with_siblings(top, top_score, &scores);
        let mut choice = Choice {
            roots,
            skip: HashSet::new(),
            dropped: Vec::new(),
        };
        self.clean(&mut choice, title);
        choice
    }

    fn whole_body(&self, title: Option<&str>) -> Choice {
        let body = self
            .html
            .tree
            .root()
            .descendants()
            .find(|n| element(*n).is_some_and(|e| e.name() == "body"))
            .unwrap_or(self.html.tree.root());
        let mut choice = Choice {
            roots: vec![body.id()],
            skip: HashSet::new(),
            dropped: Vec::new(),
        };
        self.clean(&mut choice, title);
        choice
    }

    /// The top candidate with those siblings that score close to it or read as prose.
    fn with_siblings(
        &self,
        top: NodeId,
        top_score: f64,
        scores: &HashMap<NodeId, f64>,
    ) -> Vec<NodeId> {
        let tree = &self.html.tree;
        let Some(top_node) = tree.get(top) else {
            return vec![top];
        };
        let Some(parent) = top_node.parent() else {
            return vec![top];
        };
        if element(parent).is_none_or(|e| e.name() == "html") {
            return vec![top];
        }
        let threshold = (top_score * 0.2).max(10.0);
        let top_class = element(top_node).and_then(|e| e.attr("class"));
        let mut roots = Vec::new();
        for sibling in parent.children() {
            let id = sibling.id();
            if id == top {
                roots.push(id);
                continue;
            }
            let Some(e) = element(sibling) else { continue };
            if self.removed.contains(&id) {
                continue;
            }
            let m = self.m(id);
            let bonus = if top_class.is_some() && e.attr("class") == top_class {
                top_score * 0.2
            } else {
                0.0
            };
            let score = scores
                .get(&id)
                .map_or(0.0, |s| s * (1.0 - m.link_density()));
            let prose = e.name() == "p"
                && ((m.chars > 80 && m.link_density() < 0.25)
                    || (m.link_density() == 0.0 && plain_text(sibling).trim_end().ends_with('.')));
            if score + bonus >= threshold || prose {
                roots.push(id);
            }
        }
        roots
    }

    fn kept_chars(&self, choice: &Choice) -> usize {
        let tree = &self.html.tree;
        let mut total = 0;
        for root in &choice.roots {
            total += self.m(*root).chars;
            // What was skipped inside is not kept.
            if let Some(node) = tree.get(*root) {
                for d in node.descendants() {
                    if choice.skip.contains(&d.id()) {
                        total = total.saturating_sub(self.m(d.id()).chars);
                    }
                }
            }
        }
        total
    }

    /// Leaves out what looks like furniture inside the chosen elements.
    fn clean(&self, choice: &mut Choice, title: Option<&str>) {
        let mut counts: HashMap<&'static str, usize> = HashMap::new();
        let tree = &self.html.tree;
        let mut stack: Vec<NodeRef<'_, Node>> =
            choice.roots.iter().filter_map(|id| tree.get(*id)).collect();
        let mut title_seen = false;
        while let Some(node) = stack.pop() {
            let Some(e) = element(node) else { continue };
            if self.removed.contains(&node.id()) {
                choice.skip.insert(node.id());
                continue;
            }
            if let Some(kind) = self.furniture(node, e, title, &mut title_seen) {
                choice.skip.insert(node.id());
                if !kind.is_empty() {
                    *counts.entry(kind).or_insert(0) += 1;
                }
                continue;
            }
            stack.extend(node.children());
        }
        let mut dropped: Vec<(&'static str, usize)> = counts.into_iter().collect();
        dropped.sort();
        choice.dropped = dropped;
    }

    /// Why an element inside the article is left out, if it is: a kind for the warning
    /// ("" for what needs no mention).
    fn furniture(
        &self,
        node: NodeRef<'_, Node>,
        e: &Element,
        title: Option<&str>,
        title_seen: &mut bool,
    ) -> Option<&'static str> {
        let tag = e.name();
        let m = self.m(node.id());
        let words = class_words(e);
        if tag == "figcaption"
            || (m.chars < 300 && has_word(&words, CAPTION) && !has_word(&words, LIKELY))
        {
            return Some("photo captions and credits");
        }
        if matches!(tag, "h1" | "h2") && !*title_seen {
            if let Some(title) = title {
                let text = plain_text(node);
                if same_text(&text, title) {
                    *title_seen = true;
                    return Some("");
                }
            }
        }
        if m.chars < 150
            && has_word(&words, BYLINE)
            && !has_word(&words, LIKELY)
            && m.paragraphs <= 1
        {
            return Some("");
        }
        if matches!(
            tag,
            "p" | "div" | "li" | "span" | "a" | "h3" | "h4" | "h5" | "h6" | "section"
        ) && m.chars < 120
        {
            let text = plain_text(node);
            if is_boilerplate(&text) || is_prompt(&text) {
                return Some("share, subscription and read-more prompts");
            }
        }
        if !self.rules.clean_conditionally {
            return None;
        }
        if !matches!(
            tag,
            "div"
                | "section"
                | "ul"
                | "ol"
                | "table"
                | "form"
                | "header"
                | "figure"
                | "aside"
                | "dl"
        ) {
            return None;
        }
        // A data table keeps its rows.
        if tag == "table" && self.is_data_table(node) {
            return None;
        }
        let weight = if self.rules.weigh_classes {
            class_weight(e)
        } else {
            0.0
        };
        if weight < 0.0 && m.paragraphs == 0 && m.chars < 200 {
            return Some("link lists and page furniture");
        }
        if m.commas >= 10 {
            return None;
        }
        let link_density = m.link_density();
        let is_list = matches!(tag, "ul" | "ol");
        let heading_density = if m.chars == 0 {
            0.0
        } else {
            m.headings_chars as f64 / m.chars as f64
        };
        let reason = (m.images > 1 && (m.paragraphs as f64) / (m.images as f64) < 0.5 && m.chars < 200)
            || (!is_list && m.list_items > m.paragraphs + 100)
            || (!is_list && m.chars < 25 && (m.images == 0 || m.images > 2) && heading_density < 0.9 && m.paragraphs == 0)
            || (!is_list && weight < 25.0 && link_density > 0.2 && m.chars < 2000)
            // A list of links is a menu or a list of headlines unless its items are
            // sentences (a changelog, a list of sources).
            || (is_list && link_density > 0.5 && (weight < 0.0 || m.chars < 40 * m.list_items.max(1)))
            || (weight >= 25.0 && link_density > 0.5);
        reason.then_some("link lists and page furniture")
    }

    fn is_data_table(&self, node: NodeRef<'_, Node>) -> bool {
        let Some(e) = element(node) else { return false };
        if e.attr("role") == Some("presentation") {
            return false;
        }
        let mut rows = 0;
        let mut has_th = false;
        for d in node.descendants() {
            if let Some(de) = element(d) {
                match de.name() {
                    "tr" => rows += 1,
                    "th" | "caption" | "thead" => has_th = true,
                    "table" if d.id() != node.id() => return false,
                    _ => {}
                }
            }
        }
        has_th || (rows >= 2 && self.m(node.id()).link_density() < 0.3)
    }
}

/// Readability's unlikely-candidate rule on whole words: a class or id word that marks
/// furniture, no word that marks content, and not a structural element of the article.
fn is_unlikely(e: &Element) -> bool {
    if matches!(
        e.name(),
        "body" | "html" | "a" | "article" | "main" | "table" | "tbody" | "tr" | "td" | "p"
    ) {
        return false;
    }
    if e.attr("role").is_some_and(|r| {
        matches!(
            r,
            "menu"
                | "menubar"
                | "complementary"
                | "navigation"
                | "alert"
                | "alertdialog"
                | "dialog"
        )
    }) {
        return true;
    }
    let words = class_words(e);
    has_word(&words, UNLIKELY) && !has_word(&words, LIKELY)
}

/// Short calls to action that pages put inside the story.
fn is_prompt(text: &str) -> bool {
    let text = text.trim().to_lowercase();
    if text.split_whitespace().count() > 12 {
        return false;
    }
    const PROMPTS: &[&str] = &[
        "also on ",
        "like this story",
        "to read the full story",
        "most popular",
        "most read",
        "read next",
        "read the full story",
        "sign up for",
        "subscribe to",
        "share this story",
        "share on",
        "more on this",
        "more stories",
        "related content",
        "related coverage",
        "see also",
        "watch:",
        "listen:",
        "advertisement",
    ];
    PROMPTS.iter().any(|p| text.starts_with(p))
}

/// An element's text, runs of white space folded.
pub(super) fn plain_text(node: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            out.push_str(t);
        }
    }
    super::meta::folded(&out).unwrap_or_default()
}

fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && (a == b || (b.len() > 20 && b.contains(&a) && a.len() * 10 >= b.len() * 7))
}
