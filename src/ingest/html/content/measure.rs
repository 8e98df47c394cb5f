//! How much text, link text, commas, paragraphs and pictures each element holds, once
//! the elements an attempt leaves out are marked.

use std::collections::{HashMap, HashSet};

use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::cues::*;
use super::{element, Page, Rules};

/// Text measures of one element (its removed descendants left out).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Measure {
    /// Characters of text, runs of white space counted as one.
    pub(super) chars: usize,
    /// Of those, characters inside links.
    pub(super) link_chars: usize,
    pub(super) commas: usize,
    pub(super) paragraphs: usize,
    pub(super) images: usize,
    pub(super) list_items: usize,
    pub(super) headings_chars: usize,
    pub(super) has_block_child: bool,
}

impl Measure {
    pub(super) fn link_density(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / self.chars as f64
        }
    }

    pub(super) fn add(&mut self, other: &Measure) {
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

impl<'a> Page<'a> {
    pub(super) fn measure(html: &'a Html, rules: Rules) -> Self {
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

    pub(super) fn m(&self, id: NodeId) -> Measure {
        self.measures.get(&id).copied().unwrap_or_default()
    }
}
