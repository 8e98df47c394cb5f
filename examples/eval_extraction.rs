//! Web extraction on the shared dev pages (`extraction/pages/NAME/`: `source.html`, the
//! article as Readability extracts it in `expected.html`, and `expected-metadata.json`):
//! main-text precision, recall and F1 over word 4-grams (`newslens::eval::extraction`),
//! pages that end in an error or come out empty, and metadata accuracy.
//!
//!     cargo run --release --example eval_extraction
//!     PAGES=1 cargo run --release --example eval_extraction      # one line per page
//!
//! NEWSLENS_DATA points at the shared data folder (default ../shared/data).

use std::path::Path;

use newslens::eval::extraction::{score_page, summarize, PageScore};
use newslens::ingest::html::{self, PageMeta};
use newslens::ingest::{document_from_bytes, IngestError};
use scraper::{Html, Node};

/// The gold article text: every text node of `expected.html`, with a space wherever an
/// element starts or ends a block (so `<p>a</p><p>b</p>` is not read as one word).
fn gold_text(source: &str) -> String {
    let html = Html::parse_fragment(source);
    let mut out = String::new();
    for edge in html.root_element().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) | ego_tree::iter::Edge::Close(node) => {
                match node.value() {
                    Node::Text(text) if matches!(edge, ego_tree::iter::Edge::Open(_)) => {
                        out.push_str(text)
                    }
                    Node::Element(e) if !is_inline(e.name()) => out.push(' '),
                    _ => {}
                }
            }
        }
    }
    out
}

fn is_inline(tag: &str) -> bool {
    matches!(
        tag,
        "a" | "b"
            | "strong"
            | "i"
            | "em"
            | "span"
            | "code"
            | "sup"
            | "sub"
            | "small"
            | "u"
            | "abbr"
            | "cite"
            | "q"
            | "mark"
            | "s"
            | "del"
            | "ins"
            | "time"
            | "font"
            | "kbd"
            | "var"
    )
}

fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Default)]
struct MetaCount {
    right: usize,
    total: usize,
}

impl MetaCount {
    fn add(
        &mut self,
        expected: Option<&str>,
        got: Option<&str>,
        same: impl Fn(&str, &str) -> bool,
    ) {
        let Some(expected) = expected.filter(|e| !e.trim().is_empty()) else {
            return;
        };
        self.total += 1;
        self.right += usize::from(got.is_some_and(|g| same(&fold(expected), &fold(g))));
    }

    fn show(&self) -> String {
        format!(
            "{}/{} ({:.1}%)",
            self.right,
            self.total,
            100.0 * self.right as f64 / self.total.max(1) as f64
        )
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pages_dir = newslens::eval::data_dir().join("extraction/pages");
    let per_page = std::env::var_os("PAGES").is_some();
    let mut names: Vec<_> = std::fs::read_dir(&pages_dir)
        .map_err(|e| format!("{}: {e}", pages_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("source.html").is_file())
        .collect();
    names.sort();
    let (mut scores, mut errors, mut empty, mut html_bytes) = (Vec::new(), 0, 0, 0usize);
    let [mut title, mut byline, mut date, mut site, mut lang]: [MetaCount; 5] = Default::default();
    let started = std::time::Instant::now();
    for dir in &names {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(dir.join("source.html"))?;
        html_bytes += bytes.len();
        let gold = gold_text(&std::fs::read_to_string(dir.join("expected.html"))?);
        let expected: serde_json::Value = read_json(&dir.join("expected-metadata.json"))?;
        let field = |k: &str| expected.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let outcome = if std::env::var("EXTRACTOR").as_deref() == Ok("trafilatura") {
            trafilatura(&name, &bytes)
        } else {
            document_from_bytes(&name, &bytes, true)
        };
        let (score, meta, note) = match outcome {
            Ok(doc) => {
                let meta = doc.page.clone().unwrap_or_default();
                (Some(score_page(&gold, &doc.text)), meta, String::new())
            }
            Err(IngestError::NoContent) => {
                empty += 1;
                (None, PageMeta::default(), "empty".into())
            }
            Err(err) => {
                errors += 1;
                (None, PageMeta::default(), format!("error: {err}"))
            }
        };
        title.add(field("title").as_deref(), meta.title.as_deref(), |a, b| {
            a == b
        });
        byline.add(
            field("byline").as_deref(),
            meta.author.as_deref(),
            |a, b| a == b || b.contains(a) || a.contains(b),
        );
        date.add(
            field("publishedTime").as_deref(),
            meta.published.as_deref(),
            |a, b| a.get(..10) == b.get(..10),
        );
        site.add(
            field("siteName").as_deref(),
            meta.site_name.as_deref(),
            |a, b| a == b,
        );
        lang.add(
            field("lang").as_deref(),
            meta.language.as_deref(),
            |a, b| a.eq_ignore_ascii_case(b),
        );
        if per_page {
            let s = score.unwrap_or(PageScore::default());
            println!(
                "{name:<45} P {:.3} R {:.3} {note}",
                s.precision(),
                s.recall()
            );
        }
        scores.push(score);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let summary = summarize(&scores);
    println!(
        "{} pages: precision {:.3}  recall {:.3}  F1 {:.3}  errors {errors}  empty {empty}",
        scores.len(),
        summary.precision,
        summary.recall,
        summary.f1
    );
    println!(
        "metadata: title {}  byline {}  published {}  site {}  language {}",
        title.show(),
        byline.show(),
        date.show(),
        site.show(),
        lang.show()
    );
    println!(
        "{:.1} MB of HTML in {elapsed:.2} s (whole ingest, one thread)",
        html_bytes as f64 / 1e6
    );
    let _ = html::MAX_DEPTH;
    Ok(())
}

/// rs-trafilatura's text and metadata, for comparison.
fn trafilatura(name: &str, bytes: &[u8]) -> Result<newslens::document::Document, IngestError> {
    let result = rs_trafilatura::extract_bytes(bytes).map_err(|_| IngestError::NoContent)?;
    if result.content_text.trim().is_empty() {
        return Err(IngestError::NoContent);
    }
    let mut doc = newslens::document::Document::new(name, result.content_text);
    doc.page = Some(PageMeta {
        title: result.metadata.title,
        author: result.metadata.author,
        published: result.metadata.date.map(|d| d.to_rfc3339()),
        site_name: result.metadata.sitename,
        language: result.metadata.language,
        ..PageMeta::default()
    });
    Ok(doc)
}

fn read_json(path: &Path) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
}
