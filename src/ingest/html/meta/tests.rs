use super::*;

fn page(head: &str, body: &str) -> Html {
    Html::parse_document(&format!(
        "<!DOCTYPE html><html lang=\"en-GB\"><head>{head}</head><body>{body}</body></html>"
    ))
}

#[test]
fn json_ld_comes_before_meta_tags() {
    let html = page(
        r#"<title>Storm hits coast | The Gazette</title>
        <meta property="og:title" content="OG title">
        <meta name="author" content="Meta Author">
        <meta property="article:published_time" content="2021-04-01T08:00:00+00:00">
        <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
          {"@type":"WebSite","name":"The Gazette"},
          {"@type":"NewsArticle","headline":"Storm hits coast","author":[{"@type":"Person","name":"Ann Lee"},{"name":"Bo Chan"}],
           "datePublished":"2021-04-01T09:30:00Z","publisher":{"@type":"Organization","name":"The Gazette"}}]}</script>
        <link rel="canonical" href="https://gazette.example/storm">"#,
        "<p>Body</p>",
    );
    let meta = read(&html);
    assert_eq!(meta.title.as_deref(), Some("Storm hits coast"));
    assert_eq!(meta.author.as_deref(), Some("Ann Lee, Bo Chan"));
    assert_eq!(meta.published.as_deref(), Some("2021-04-01T09:30:00Z"));
    assert_eq!(meta.site_name.as_deref(), Some("The Gazette"));
    assert_eq!(meta.language.as_deref(), Some("en-GB"));
    assert_eq!(
        meta.canonical_url.as_deref(),
        Some("https://gazette.example/storm")
    );
}

#[test]
fn meta_tags_and_the_document_title_when_there_is_no_json_ld() {
    let html = page(
        r#"<title>Council approves the new harbour budget - Harbor Times</title>
        <meta name="dc.creator" content="Jo Smith">
        <meta property="og:site_name" content="Harbor Times">
        <meta name="description" content="The council voted 7-2.">"#,
        r#"<article><time datetime="2020-02-03" pubdate>3 Feb</time><p>Body</p></article>"#,
    );
    let meta = read(&html);
    assert_eq!(
        meta.title.as_deref(),
        Some("Council approves the new harbour budget")
    );
    assert_eq!(meta.author.as_deref(), Some("Jo Smith"));
    assert_eq!(meta.published.as_deref(), Some("2020-02-03"));
    assert_eq!(meta.site_name.as_deref(), Some("Harbor Times"));
    assert_eq!(meta.description.as_deref(), Some("The council voted 7-2."));
}

#[test]
fn absent_fields_stay_absent() {
    let html = Html::parse_document("<html><body><p>Just text.</p></body></html>");
    let meta = read(&html);
    assert!(meta.is_empty(), "{meta:?}");
    // A date that is not ISO 8601 is not guessed at.
    assert_eq!(iso_date("March 5th"), None);
    assert_eq!(
        iso_date("2019-03-05 10:00"),
        Some("2019-03-05T10:00".into())
    );
}

#[test]
fn a_byline_in_the_body_when_no_tag_names_the_author() {
    let html = page(
        "<title>A long enough title for the page</title>",
        r#"<p class="byline">By <a rel="author" href="/x">Mary Major</a></p><p>Body</p>"#,
    );
    assert_eq!(read(&html).author.as_deref(), Some("Mary Major"));
}

#[test]
fn short_titles_and_colons_follow_readability() {
    let html = page("", "<h1>Other</h1>");
    assert_eq!(article_title("Home | Site", &html), "Home | Site");
    assert_eq!(
        article_title("Politics: Senate passes the spending bill today", &html),
        "Senate passes the spending bill today"
    );
}
