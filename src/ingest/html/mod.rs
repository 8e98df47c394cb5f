//! Main-content extraction from HTML with a real parser (html5ever via scraper).
//!
//! Script, style, navigation, footers, asides, forms and elements whose class or id
//! marks them as page furniture (share bars, cookie banners, newsletter boxes,
//! related links, comments, ads) are dropped. What remains is written as light
//! Markdown, one block per element, which the block splitter reads back exactly:
//! `# ` headings, `- ` list items, `> ` block quotes, `| a | b |` table rows,
//! paragraphs separated by blank lines. Entities are decoded by the parser. Offsets
//! of an HTML document point into this extracted text.

mod content;
pub mod meta;

pub use meta::PageMeta;

use ego_tree::NodeRef;
use scraper::{Html, Node};

/// Deepest element nesting parsed. The HTML5 tree builder's work grows with the
/// square of nesting depth (40,000 levels take seconds), so deeper input is refused.
pub const MAX_DEPTH: usize = 5_000;

/// Elements that never nest: void elements, and those the parser closes implicitly
/// when a sibling opens (an unclosed `<p>` or `<li>` does not deepen the tree).
const NON_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "td", "th", "tr", "dt", "dd", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "!doctype",
];

/// An upper estimate of element nesting depth from start and end tags alone.
pub fn nesting_depth(source: &str) -> usize {
    let bytes = source.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        i += offset + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'!')
            .count();
        if len == 0 {
            continue;
        }
        let name = source[start..start + len].to_ascii_lowercase();
        if NON_NESTING.contains(&name.as_str()) || name.starts_with('!') {
            continue;
        }
        // `<div/>` opens an element in HTML5 like `<div>` does, so a slash is ignored.
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// The extracted article text and what the page says about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// The main text, blocks separated by blank lines, headings and list items marked
    /// as in Markdown.
    pub text: String,
    /// What the page says about itself.
    pub meta: PageMeta,
    /// What was left out inside the article (captions, prompts, link lists).
    pub warnings: Vec<String>,
}

/// Elements the writer makes blocks of (the rest is inline text).
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "hr",
    "address",
    "details",
    "summary",
    "caption",
];

/// What a flushed run of inline text becomes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Context {
    Other,
    Heading(usize),
    ListItem,
    Row,
    Quote,
}

struct Writer {
    out: String,
    buffer: String,
    contexts: Vec<Context>,
}

impl Writer {
    fn push_text(&mut self, text: &str) {
        for word in text.split_whitespace() {
            if !self.buffer.is_empty() && !self.buffer.ends_with(' ') {
                self.buffer.push(' ');
            }
            self.buffer.push_str(word);
        }
        if text.ends_with(char::is_whitespace) && !self.buffer.is_empty() {
            self.buffer.push(' ');
        }
    }

    fn flush(&mut self) {
        let text = self.buffer.trim().to_string();
        self.buffer.clear();
        if text.is_empty() {
            return;
        }
        let in_quote = self.contexts.contains(&Context::Quote);
        let kind = self
            .contexts
            .iter()
            .rev()
            .find(|c| !matches!(c, Context::Other | Context::Quote))
            .copied()
            .unwrap_or(Context::Other);
        let line = match kind {
            Context::Heading(level) => format!("{} {text}", "#".repeat(level)),
            Context::ListItem => format!("- {text}"),
            Context::Row => format!("| {} |", text.trim_end_matches('|').trim()),
            Context::Other | Context::Quote => text,
        };
        if !self.out.is_empty() {
            self.out.push_str("\n\n");
        }
        if in_quote {
            self.out.push_str("> ");
        }
        self.out.push_str(&line);
    }
}

enum Step<'a> {
    Enter(NodeRef<'a, Node>),
    Exit(bool),
}

/// The article's main text and metadata from an HTML page: navigation, ads, comments
/// and page furniture left out (see the module documentation).
pub fn extract(source: &str) -> Extracted {
    let html = Html::parse_document(source);
    let meta = meta::read(&html);
    let choice = content::choose(&html, meta.title.as_deref());
    let mut writer = Writer {
        out: String::new(),
        buffer: String::new(),
        contexts: Vec::new(),
    };
    // Iterative walk: deeply nested markup cannot overflow the stack.
    let mut stack: Vec<Step> = choice
        .roots
        .iter()
        .rev()
        .filter_map(|id| html.tree.get(*id))
        .map(Step::Enter)
        .collect();
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Exit(is_block) => {
                if is_block {
                    writer.flush();
                    writer.contexts.pop();
                }
                continue;
            }
            Step::Enter(node) => node,
        };
        match node.value() {
            Node::Text(text) => writer.push_text(text),
            Node::Element(element) => {
                let tag = element.name();
                if choice.skip.contains(&node.id()) {
                    continue;
                }
                if tag == "br" {
                    writer.push_text(" ");
                    continue;
                }
                let is_block = BLOCK_TAGS.contains(&tag);
                if is_block {
                    writer.flush();
                    writer.contexts.push(match tag {
                        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                            Context::Heading(usize::from(tag.as_bytes()[1] - b'0'))
                        }
                        "li" | "dt" | "dd" => Context::ListItem,
                        "tr" => Context::Row,
                        "blockquote" => Context::Quote,
                        _ => Context::Other,
                    });
                }
                // Cells are not blocks: they stay in their row's buffer, separated.
                if matches!(tag, "td" | "th") && !writer.buffer.trim().is_empty() {
                    writer.buffer.push_str(" | ");
                }
                stack.push(Step::Exit(is_block));
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev().map(Step::Enter));
            }
            Node::Document | Node::Fragment => {
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev().map(Step::Enter));
            }
            _ => {}
        }
    }
    writer.flush();
    let warnings = choice
        .dropped
        .iter()
        .map(|(kind, n)| format!("left out of the page's article: {kind} ({n})"))
        .collect();
    Extracted {
        text: writer.out,
        meta,
        warnings,
    }
}

/// Whether bytes that were not named .html still look like an HTML page.
pub fn looks_like_html(text: &str) -> bool {
    // Only the first characters matter; never lower-case a whole large input.
    let head: String = text
        .trim_start()
        .chars()
        .take(15)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_article_blocks_and_drops_furniture() {
        let page = r#"<!DOCTYPE html><html><head><title>Rates &amp; more</title>
            <style>p{color:red}</style><script>var x = "<p>not text</p>";</script></head>
            <body><nav><a href="/">Home</a></nav>
            <div class="share-bar">Share this</div>
            <article>
              <h1>Bank holds rates</h1>
              <p>The central bank held rates at 4.5%&nbsp;on Thursday, officials said.</p>
              <ul><li>Inflation: 3.1%</li><li>Growth: <b>1.2%</b></li></ul>
              <blockquote><p>We will act if needed.</p></blockquote>
              <table><tr><th>Year</th><th>Rate</th></tr><tr><td>2023</td><td>4.5</td></tr></table>
              <div id="related-stories"><p>Related: other news</p></div>
            </article>
            <footer>© 2024 Example</footer></body></html>"#;
        let extracted = extract(page);
        assert_eq!(extracted.meta.title.as_deref(), Some("Rates & more"));
        assert_eq!(
            extracted.text,
            "# Bank holds rates\n\nThe central bank held rates at 4.5% on Thursday, officials said.\n\n\
             - Inflation: 3.1%\n\n- Growth: 1.2%\n\n> We will act if needed.\n\n| Year | Rate |\n\n| 2023 | 4.5 |"
        );
    }

    #[test]
    fn deeply_nested_markup_within_the_limit_is_extracted() {
        let depth = MAX_DEPTH - 10;
        let page = format!(
            "{}<p>Deep text.</p>{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        assert_eq!(nesting_depth(&page), depth);
        assert_eq!(extract(&page).text, "Deep text.");
    }

    #[test]
    fn nesting_depth_ignores_void_and_implicitly_closed_elements() {
        let page =
            "<!DOCTYPE html><html><body>".to_string() + &"<p>x<br><img src=a.png/>".repeat(10_000);
        assert_eq!(nesting_depth(&page), 2);
        assert_eq!(nesting_depth("<div><span></span><div/></div> a < b"), 2);
    }

    #[test]
    fn sniffs_html() {
        assert!(looks_like_html("  <!DOCTYPE html><html>"));
        assert!(looks_like_html("<HTML><body>"));
        assert!(!looks_like_html("Plain <b>text</b>"));
    }
}
