//! What a web page says about itself (HTML input).

use serde::{Deserialize, Serialize};

/// What a page says about itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageMeta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Author or byline, as the page writes it (several authors joined by ", ").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Publication date-time as ISO 8601 (`2019-03-05` or `2019-03-05T10:00:00Z`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    /// The page's declared language (`<html lang>` or `og:locale`), e.g. `en`, `pt-BR`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl PageMeta {
    pub fn is_empty(&self) -> bool {
        *self == PageMeta::default()
    }
}
