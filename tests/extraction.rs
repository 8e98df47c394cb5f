//! Web extraction on small pages written for these tests, one per failure class seen on
//! real pages: furniture words inside the article's own class names, `<article>`s that
//! are reader comments or teasers, pages with no `<article>` or `<main>`, captions and
//! prompts inside the story, and the page metadata. No model is needed.

use newslens::ingest::html::extract;

/// Four paragraphs of a story, each long enough to count as prose.
const STORY: &str = r#"
  <p>The harbour authority approved a new schedule on Tuesday, cutting the average wait for container ships from 31 hours to 19, according to figures released by the port.</p>
  <p>Shipping companies had complained for months that the queue, which stretched past the breakwater on busy days, was costing them fuel, crew time and contracts.</p>
  <p>Under the plan, berths will be booked a week ahead, and ships that miss their window by more than six hours will move to the back of the line, the authority said.</p>
  <p>"We expect the first effects before the end of the quarter," the port's director, Ana Ruiz, told reporters after the vote, adding that fees would not change this year.</p>
"#;

fn page(head: &str, body: &str) -> String {
    format!("<!DOCTYPE html><html lang=\"en\"><head><title>Port cuts waiting times for ships | Harbor Times</title>{head}</head><body>{body}</body></html>")
}

fn assert_has_story(text: &str) {
    for needle in [
        "The harbour authority approved a new schedule",
        "Shipping companies had complained",
        "Under the plan, berths will be booked",
        "We expect the first effects",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

#[test]
fn furniture_words_inside_longer_class_names_do_not_remove_the_story() {
    for wrapper in [
        r#"<div class="l-sidebar-fixed"><div class="story">STORY</div></div><div class="sidebar"><p>Most read: ten other things that happened elsewhere in the world today.</p></div>"#,
        r#"<div class="content-with-sidebar-wrp">STORY</div>"#,
        r#"<article class="url-breadcrumb">STORY</article>"#,
        r#"<div class="modal-enabled">STORY</div>"#,
        r#"<div class="story-promotion-wrapper">STORY</div>"#,
        r#"<div class="paywall">STORY</div>"#,
    ] {
        let html = page("", &wrapper.replace("STORY", STORY));
        let extracted = extract(&html);
        assert_has_story(&extracted.text);
        assert!(!extracted.text.contains("Most read"), "{}", extracted.text);
    }
}

#[test]
fn reader_comments_in_article_elements_are_not_the_story() {
    let comments: String = (0..6)
        .map(|i| {
            format!(
                r#"<article class="comment"><p>Reader {i}: I have lived near the port for twenty years, and honestly, the queue was never as bad as they say, but fine, let us see.</p></article>"#
            )
        })
        .collect();
    let html = page(
        "",
        &format!(
            r#"<div class="story-body">{STORY}</div><section id="comments">{comments}</section>"#
        ),
    );
    let text = extract(&html).text;
    assert_has_story(&text);
    assert!(!text.contains("Reader 3"), "{text}");
}

#[test]
fn a_teaser_card_larger_than_the_story_is_not_chosen() {
    let teasers: String = (0..8)
        .map(|i| {
            format!(
                r#"<div class="card"><a href="/story/{i}"><h3>Other headline number {i} about the city council, the budget and the new harbour plans</h3><p>Read the whole story about the council's long budget meeting number {i}.</p></a></div>"#
            )
        })
        .collect();
    let html = page(
        "",
        &format!(r#"<section>{STORY}</section><article class="teasers">{teasers}</article>"#),
    );
    let text = extract(&html).text;
    assert_has_story(&text);
    assert!(!text.contains("Other headline number 5"), "{text}");
}

#[test]
fn a_page_without_article_or_main_loses_its_menus_and_keeps_its_story() {
    let menu = r#"<div class="top"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></div>"#;
    let ticker = r#"<div><a href="/a">Markets close higher</a> <a href="/b">Storm warning lifted</a> <a href="/c">Transit fares to rise</a></div>"#;
    let html = page("", &format!("{menu}{ticker}<div>{STORY}</div>"));
    let text = extract(&html).text;
    assert_has_story(&text);
    for furniture in ["Weather", "Storm warning lifted"] {
        assert!(!text.contains(furniture), "{furniture:?} kept in:\n{text}");
    }
}

#[test]
fn captions_credits_prompts_headline_and_byline_stay_out_of_the_body() {
    let body = format!(
        r#"<article>
          <h1>Port cuts waiting times for ships</h1>
          <p class="byline">By Jo Smith</p>
          <figure><img src="port.jpg"><figcaption>Container ships wait outside the harbour. Photo: Jo Smith/Harbor Times</figcaption></figure>
          {STORY}
          <p class="photo-credit">Getty Images</p>
          <p>Like this story? Share it with a friend</p>
          <p>Also on Harbor Times: the ferry timetable</p>
        </article>"#
    );
    let extracted = extract(&page("", &body));
    let text = &extracted.text;
    assert_has_story(text);
    for out in [
        "Port cuts waiting",
        "Jo Smith",
        "Container ships wait",
        "Getty",
        "Like this story",
        "Also on",
    ] {
        assert!(!text.contains(out), "{out:?} kept in:\n{text}");
    }
    assert!(
        extracted.warnings.iter().any(|w| w.contains("captions")),
        "{:?}",
        extracted.warnings
    );
    assert_eq!(
        extracted.meta.title.as_deref(),
        Some("Port cuts waiting times for ships")
    );
    assert_eq!(extracted.meta.author.as_deref(), Some("Jo Smith"));
}

#[test]
fn a_story_inside_furniture_is_still_found_rather_than_nothing() {
    // Every container is marked as furniture; the later attempts keep the story.
    let html = page(
        "",
        &format!(r#"<div class="comments-and-sidebar">{STORY}</div>"#),
    );
    assert_has_story(&extract(&html).text);
}

#[test]
fn page_metadata_from_open_graph_json_ld_and_time() {
    let head = r#"<meta property="og:site_name" content="Harbor Times">
        <link rel="canonical" href="https://harbortimes.example/port">
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
          "headline":"Port cuts waiting times for ships","author":{"@type":"Person","name":"Jo Smith"},
          "datePublished":"2024-05-07T09:00:00Z"}</script>"#;
    let meta = extract(&page(head, STORY)).meta;
    assert_eq!(
        meta.title.as_deref(),
        Some("Port cuts waiting times for ships")
    );
    assert_eq!(meta.author.as_deref(), Some("Jo Smith"));
    assert_eq!(meta.published.as_deref(), Some("2024-05-07T09:00:00Z"));
    assert_eq!(meta.site_name.as_deref(), Some("Harbor Times"));
    assert_eq!(meta.language.as_deref(), Some("en"));
    assert_eq!(
        meta.canonical_url.as_deref(),
        Some("https://harbortimes.example/port")
    );
}

#[test]
fn block_kinds_survive_extraction() {
    let body = format!(
        r#"<div class="article-body">{STORY}<h2>What changes</h2><ul><li>Berths are booked a week ahead of arrival.</li><li>Late ships lose their place in the queue.</li></ul>
        <blockquote><p>It is a fair system.</p></blockquote><table><tr><th>Year</th><th>Wait</th></tr><tr><td>2023</td><td>31 h</td></tr></table></div>"#
    );
    let text = extract(&page("", &body)).text;
    for line in [
        "## What changes",
        "- Berths are booked a week ahead of arrival.",
        "> It is a fair system.",
        "| Year | Wait |",
        "| 2023 | 31 h |",
    ] {
        assert!(text.contains(line), "{line:?} missing in:\n{text}");
    }
}
