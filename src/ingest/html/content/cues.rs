//! The words and tags that mark an element as article or as page furniture.

use scraper::node::Element;

/// Elements never read: code, styling, embedded objects, forms' controls and the head.
pub(super) const NEVER_TEXT: &[&str] = &[
    "script", "style", "noscript", "template", "button", "iframe", "svg", "canvas", "select",
    "input", "textarea", "object", "embed", "video", "audio", "map", "head", "title", "meta",
    "link", "dialog",
];

/// Elements that are page structure around an article, never inside one.
pub(super) const OUTSIDE_ARTICLE: &[&str] = &["nav", "footer", "aside"];

/// Words in a class or id that mark an element unlikely to hold the article.
pub(super) const UNLIKELY: &[&str] = &[
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
pub(super) const LIKELY: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "main", "post", "story", "text", "blog",
    "column", "prose", "richtext",
];

/// Words weighing an element's class or id down (in addition to [`UNLIKELY`]).
pub(super) const NEGATIVE: &[&str] = &[
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
pub(super) const CAPTION: &[&str] = &["caption", "credit", "credits", "figcaption"];

/// Words in a class or id that mark a byline or dateline.
pub(super) const BYLINE: &[&str] = &[
    "byline",
    "dateline",
    "author",
    "writtenby",
    "timestamp",
    "date",
];

/// Tags whose text is always read as one paragraph for scoring (others are when they
/// hold no block, see `Page::is_paragraph`).
pub(super) const PARAGRAPH_TAGS: &[&str] = &["p", "pre"];

/// Whether a tag is block-level: the writer's blocks, and the page structure the
/// writer never sees. A `div` holding none of these is read as a paragraph.
pub(super) fn is_block(tag: &str) -> bool {
    crate::ingest::html::BLOCK_TAGS.contains(&tag)
        || matches!(tag, "form" | "aside" | "nav" | "footer")
}

/// An article shorter than this is chosen again with fewer rules.
pub(super) const MIN_ARTICLE_CHARS: usize = 500;

/// The words of an element's class and id: lower case, split at every character that
/// is not a letter or digit and at lower-to-upper case changes (`storyBody` is `story body`).
pub(super) fn class_words(element: &Element) -> Vec<String> {
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

pub(super) fn has_word(words: &[String], list: &[&str]) -> bool {
    words.iter().any(|w| list.contains(&w.as_str()))
}

/// The whole class names of an element: `l-sidebar-fixed` is one name, not `sidebar`.
pub(super) fn class_names(element: &Element) -> impl Iterator<Item = String> + '_ {
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
pub(super) fn class_weight(element: &Element) -> f64 {
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
pub(super) fn names_article_body(element: &Element) -> bool {
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

pub(super) fn tag_weight(tag: &str) -> f64 {
    match tag {
        "div" | "article" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Readability's unlikely-candidate rule on whole words: a class or id word that marks
/// furniture, no word that marks content, and not a structural element of the article.
pub(super) fn is_unlikely(e: &Element) -> bool {
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
pub(super) fn is_prompt(text: &str) -> bool {
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

pub(super) fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && (a == b || (b.len() > 20 && b.contains(&a) && a.len() * 10 >= b.len() * 7))
}
