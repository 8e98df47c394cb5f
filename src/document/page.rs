//! What a web page says about itself (HTML input).

use serde::{Deserialize, Serialize};

/// What a page says about itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageMeta {
    /// The page's title (`og:title`, `<title>` or the JSON-LD headline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Author or byline, as the page writes it (several authors joined by ", ").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Publication date-time as ISO 8601 (`2019-03-05` or `2019-03-05T10:00:00Z`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The site's name (`og:site_name`, the publisher in JSON-LD).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    /// The page's declared language (`<html lang>` or `og:locale`), e.g. `en`, `pt-BR`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The page's canonical URL (`<link rel=canonical>`, `og:url`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<String>,
    /// The page's own description (`og:description`, `<meta name=description>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl PageMeta {
    /// Whether the page says nothing about itself.
    pub fn is_empty(&self) -> bool {
        *self == PageMeta::default()
    }
}
