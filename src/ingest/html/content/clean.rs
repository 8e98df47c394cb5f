//! Inside the chosen article: what to leave out as furniture, and how much is kept.

use std::collections::HashMap;

use ego_tree::NodeRef;
use scraper::node::Element;
use scraper::Node;

use super::cues::*;
use super::{element, plain_text, same_text, Choice, Page};
use crate::preprocess::boilerplate::is_boilerplate;

impl Page<'_> {
    pub(super) fn kept_chars(&self, choice: &Choice) -> usize {
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
    pub(super) fn clean(&self, choice: &mut Choice, title: Option<&str>) {
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
    pub(super) fn furniture(
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

    pub(super) fn is_data_table(&self, node: NodeRef<'_, Node>) -> bool {
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
