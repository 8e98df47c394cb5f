//! The page's schema.org Article in JSON-LD (`@graph` included): headline, author,
//! dates, publisher.

use scraper::Html;
use serde_json::Value;

use super::*;

/// The fields of the page's schema.org Article in JSON-LD, if it has one.
#[derive(Default)]
pub(super) struct JsonLd {
    pub(super) name: Option<String>,
    pub(super) headline: Option<String>,
    pub(super) author: Option<String>,
    pub(super) published: Option<String>,
    pub(super) site_name: Option<String>,
    pub(super) description: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "AdvertiserContentArticle",
    "NewsArticle",
    "AnalysisNewsArticle",
    "AskPublicNewsArticle",
    "BackgroundNewsArticle",
    "OpinionNewsArticle",
    "ReportageNewsArticle",
    "ReviewNewsArticle",
    "Report",
    "SatiricalArticle",
    "ScholarlyArticle",
    "MedicalScholarlyArticle",
    "SocialMediaPosting",
    "BlogPosting",
    "LiveBlogPosting",
    "DiscussionForumPosting",
    "TechArticle",
    "APIReference",
    "WebPage",
];

impl JsonLd {
    pub(super) fn read(html: &Html) -> Self {
        for script in html.select(&selector(r#"script[type="application/ld+json"]"#)) {
            let raw = element_text(script);
            // Some pages wrap the JSON in CDATA markers.
            let raw = raw
                .trim()
                .trim_start_matches("<![CDATA[")
                .trim_end_matches("]]>");
            let Ok(value) = serde_json::from_str::<Value>(raw) else {
                continue;
            };
            if let Some(article) = find_article(&value) {
                return JsonLd::from_article(article);
            }
        }
        JsonLd::default()
    }

    fn from_article(article: &Value) -> Self {
        let text = |key: &str| article.get(key).and_then(Value::as_str).and_then(folded);
        JsonLd {
            name: text("name"),
            headline: text("headline"),
            author: article.get("author").and_then(author_names),
            published: text("datePublished"),
            site_name: article
                .get("publisher")
                .and_then(|p| p.get("name"))
                .and_then(Value::as_str)
                .and_then(folded),
            description: text("description"),
        }
    }

    /// Of `name` and `headline`, the one closer to the document's `<title>` (Readability's rule).
    pub(super) fn title(&self, document_title: Option<&str>) -> Option<String> {
        match (&self.name, &self.headline) {
            (Some(name), Some(headline)) if name != headline => {
                let title = document_title.unwrap_or("");
                if similarity(name, title) < 0.75 && similarity(headline, title) > 0.75 {
                    Some(headline.clone())
                } else {
                    Some(name.clone())
                }
            }
            (Some(name), _) => Some(name.clone()),
            (None, headline) => headline.clone(),
        }
    }
}

fn find_article(value: &Value) -> Option<&Value> {
    match value {
        Value::Array(items) => items.iter().find_map(find_article),
        Value::Object(map) => {
            if let Some(graph) = map.get("@graph") {
                if let Some(found) = find_article(graph) {
                    return Some(found);
                }
            }
            let is_article = match map.get("@type") {
                Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
                Some(Value::Array(types)) => types
                    .iter()
                    .filter_map(Value::as_str)
                    .any(|t| ARTICLE_TYPES.contains(&t)),
                _ => false,
            };
            is_article.then_some(value)
        }
        _ => None,
    }
}

fn author_names(author: &Value) -> Option<String> {
    match author {
        Value::String(name) => folded(name),
        Value::Object(map) => map.get("name").and_then(Value::as_str).and_then(folded),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(author_names).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}
