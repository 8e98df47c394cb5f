//! Page metadata: title, author, published date, site name, language, canonical URL
//! and description, read from JSON-LD, `<meta>` (Open Graph, Dublin Core, Twitter,
//! Parse.ly, `article:`), `<time>`, `<link rel=canonical>` and `<html lang>`. A field
//! the page does not state is absent, never guessed.
//!
//! The order of sources follows Mozilla Readability's: JSON-LD first, then the meta
//! tags, then the document itself (the `<title>` with its site suffix removed).

use scraper::{ElementRef, Html, Selector};

pub use crate::document::PageMeta;

mod jsonld;

use jsonld::JsonLd;

fn selector(css: &str) -> Selector {
    // The selectors below are constants; a parse failure is a bug caught by the tests.
    Selector::parse(css).unwrap_or_else(|_| panic!("bad selector {css}"))
}

/// Whitespace folded to single spaces; `None` when nothing is left.
pub(super) fn folded(text: &str) -> Option<String> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

fn element_text(element: ElementRef) -> String {
    element.text().collect::<Vec<_>>().join("")
}

/// Reads every field the page states.
pub fn read(html: &Html) -> PageMeta {
    let tags = MetaTags::read(html);
    let ld = JsonLd::read(html);
    let document_title = html
        .select(&selector("title"))
        .next()
        .and_then(|t| folded(&element_text(t)));
    let title = ld
        .title(document_title.as_deref())
        .or_else(|| {
            tags.first(&[
                "dc:title",
                "dcterm:title",
                "og:title",
                "weibo:article:title",
                "weibo:webpage:title",
                "title",
                "twitter:title",
                "parsely-title",
            ])
        })
        .or_else(|| document_title.map(|t| article_title(&t, html)));
    let author = ld
        .author
        .clone()
        .or_else(|| tags.first(&["dc:creator", "dcterm:creator", "author", "parsely-author"]))
        .filter(|a| !a.starts_with("http"))
        .or_else(|| byline_in_body(html));
    let published = ld
        .published
        .as_deref()
        .and_then(iso_date)
        .or_else(|| {
            tags.first(&[
                "article:published_time",
                "parsely-pub-date",
                "dc:date",
                "date",
                "pubdate",
            ])
            .as_deref()
            .and_then(iso_date)
        })
        .or_else(|| {
            html.select(&selector("time[pubdate][datetime], article time[datetime]"))
                .next()
                .and_then(|t| t.value().attr("datetime"))
                .and_then(iso_date)
        });
    let site_name = ld
        .site_name
        .clone()
        .or_else(|| tags.first(&["og:site_name"]));
    let language = html
        .root_element()
        .value()
        .attr("lang")
        .and_then(folded)
        .or_else(|| tags.first(&["og:locale"]).map(|l| l.replace('_', "-")));
    let canonical_url = html
        .select(&selector("link[rel=canonical][href]"))
        .next()
        .and_then(|l| l.value().attr("href"))
        .and_then(folded)
        .or_else(|| tags.first(&["og:url"]));
    let description = ld.description.clone().or_else(|| {
        tags.first(&[
            "dc:description",
            "dcterm:description",
            "og:description",
            "weibo:article:description",
            "weibo:webpage:description",
            "description",
            "twitter:description",
        ])
    });
    PageMeta {
        title,
        author,
        published,
        site_name,
        language,
        canonical_url,
        description,
    }
}

/// `<meta>` values keyed by their lower-cased `property` or `name`, first one kept.
struct MetaTags(Vec<(String, String)>);

impl MetaTags {
    fn read(html: &Html) -> Self {
        let mut values = Vec::new();
        for meta in html.select(&selector("meta[content]")) {
            let element = meta.value();
            let Some(content) = element.attr("content").and_then(folded) else {
                continue;
            };
            // `property` may hold several space-separated names.
            for key in element.attr("property").unwrap_or("").split_whitespace() {
                values.push((key.to_ascii_lowercase(), content.clone()));
            }
            if let Some(name) = element.attr("name").or_else(|| element.attr("itemprop")) {
                let name = name.trim().to_ascii_lowercase();
                // Readability reads `dc.title`, `dc-title` and `dc:title` alike.
                let name = name.replacen(['.', '-'], ":", 1);
                values.push((name.clone(), content.clone()));
                if !name.contains(':') {
                    continue;
                }
                values.push((name.replace(':', "-"), content.clone()));
            }
        }
        MetaTags(values)
    }

    fn first(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|key| {
            self.0
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| decode_entities(v))
        })
    }
}

/// Entities left encoded inside attribute values by careless CMSs (`&amp;#39;`).
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let fragment = Html::parse_fragment(&format!("<p>{text}</p>"));
    folded(&element_text(fragment.root_element())).unwrap_or_default()
}

/// Share of `b`'s word tokens that also occur in `a` (Readability's text similarity).
fn similarity(a: &str, b: &str) -> f64 {
    let tokens = |s: &str| -> Vec<String> {
        s.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (a, b) = (tokens(a), tokens(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let unique: Vec<&String> = b.iter().filter(|t| !a.contains(t)).collect();
    let unique_len: usize =
        unique.iter().map(|t| t.len()).sum::<usize>() + unique.len().saturating_sub(1);
    let b_len: usize = b.iter().map(|t| t.len()).sum::<usize>() + b.len() - 1;
    1.0 - unique_len as f64 / b_len as f64
}

const SEPARATORS: &[char] = &['|', '-', '–', '—', '\\', '/', '>', '»'];

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The article's title from the document `<title>`: the site's name after (or before)
/// a separator removed, as Readability does.
pub(super) fn article_title(original: &str, html: &Html) -> String {
    let spaced = |s: &str| {
        // " | " and the like: a separator with a space on both sides.
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        chars
            .windows(3)
            .filter(|w| w[0].1 == ' ' && w[2].1 == ' ' && SEPARATORS.contains(&w[1].1))
            .map(|w| w[1].0)
            .collect::<Vec<usize>>()
    };
    let mut title = original.to_string();
    let mut hierarchical = false;
    let separators = spaced(original);
    if let (Some(&first), Some(&last)) = (separators.first(), separators.last()) {
        hierarchical = separators
            .iter()
            .any(|&i| matches!(original[i..].chars().next(), Some('\\' | '/' | '>' | '»')));
        title = original[..last].to_string();
        if word_count(&title) < 3 {
            let after = first + original[first..].chars().next().map_or(1, char::len_utf8);
            title = original[after..].to_string();
        }
    } else if original.contains(": ") {
        let headings_match = html
            .select(&selector("h1, h2"))
            .any(|h| element_text(h).trim() == original.trim());
        if !headings_match {
            let last = original.rfind(':').unwrap_or(0);
            title = original[last + 1..].to_string();
            let first = original.find(':').unwrap_or(0);
            if word_count(&title) < 3 {
                title = original[first + 1..].to_string();
            } else if word_count(&original[..first]) > 5 {
                title = original.to_string();
            }
        }
    } else if original.chars().count() > 150 || original.chars().count() < 15 {
        let h1s: Vec<ElementRef> = html.select(&selector("h1")).collect();
        if let [only] = h1s.as_slice() {
            title = element_text(*only);
        }
    }
    let title = folded(&title).unwrap_or_default();
    let count = word_count(&title);
    let without_separators: String = original
        .chars()
        .filter(|c| !SEPARATORS.contains(c))
        .collect();
    if count <= 4 && (!hierarchical || count + 1 != word_count(&without_separators)) {
        return folded(original).unwrap_or_default();
    }
    title
}

/// A byline written in the page: `rel=author`, `itemprop=author` or a class or id
/// token naming a byline, when its text is short enough to be one.
fn byline_in_body(html: &Html) -> Option<String> {
    let candidates = selector(
        r#"[rel=author], [itemprop~=author], .byline, .author, .p-author, #byline, .byline-name, .author-name"#,
    );
    for element in html.select(&candidates) {
        let text = element
            .select(&selector(r#"[itemprop~=name]"#))
            .next()
            .map(element_text)
            .unwrap_or_else(|| element_text(element));
        if let Some(text) = folded(&text) {
            let text = strip_by(&text).to_string();
            if !text.is_empty() && text.chars().count() < 100 {
                return Some(text);
            }
        }
    }
    None
}

/// A byline without its leading "By".
fn strip_by(text: &str) -> &str {
    match text.get(..3) {
        Some(by) if by.eq_ignore_ascii_case("by ") => text[3..].trim_start(),
        _ => text,
    }
}

/// An ISO 8601 date or date-time from what pages write: ISO itself, or with a space
/// for the `T`; anything else is absent rather than guessed.
fn iso_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let bytes = raw.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
    };
    let is_date = digits(0..4)
        && bytes.get(4) == Some(&b'-')
        && digits(5..7)
        && bytes.get(7) == Some(&b'-')
        && digits(8..10);
    if !is_date {
        return None;
    }
    let rest = &raw[10..];
    if rest.is_empty() {
        return Some(raw.to_string());
    }
    let time = rest.strip_prefix(['T', ' '])?;
    let time_ok = time.len() >= 5
        && time.as_bytes()[2] == b':'
        && time[..2].bytes().all(|b| b.is_ascii_digit());
    Some(if time_ok {
        format!("{}T{}", &raw[..10], time)
    } else {
        raw[..10].to_string()
    })
}

#[cfg(test)]
mod tests;
