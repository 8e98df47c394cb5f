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

mod clean;
mod cues;
mod measure;

use cues::*;
use measure::Measure;

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
