//! Self-contained HTML reports: one file, no scripts, nothing loaded from anywhere
//! (a Content-Security-Policy that forbids it), charts drawn as inline SVG. Article
//! text, ids, titles, source names and cues are hostile input: every one goes through
//! [`escape`], in element content and in attributes alike.

use std::fmt::Write;

use crate::compare::{Comparison, Difference};
use crate::document::{FlagKind, SentimentLabel};
use crate::record::Record;
use crate::report::compare::counted;

mod charts;
use charts::{entity_chart, sentiment_chart, shares_chart};

const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}\
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}table{border-collapse:collapse;margin:1em 0}\
td,th{border-bottom:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}\
td.n{text-align:right;font-variant-numeric:tabular-nums}\
mark.promotional{background:#ffe08a}mark.repetitive{background:#b8e0ff}\
mark.promotional.repetitive{background:#d6c4ff}p.block{margin:.4em 0}.meta{color:#666}\
.pos{color:#1a7f37}.neg{color:#c62828}.neu{color:#666}details{margin:.5em 0}summary{cursor:pointer}\
svg text{font:12px system-ui,sans-serif;fill:#333}";

/// Text safe inside HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole page around `body`.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n{body}\n</body></html>\n",
        escape(title)
    )
}

fn tone_class(label: SentimentLabel) -> &'static str {
    match label {
        SentimentLabel::Positive => "pos",
        SentimentLabel::Negative => "neg",
        SentimentLabel::Neutral => "neu",
    }
}

fn tone_colour(score: f32) -> String {
    // Red for -1, grey for 0, green for +1.
    let s = score.clamp(-1.0, 1.0);
    let (r, g, b) = if s < 0.0 {
        (200.0, 200.0 + 40.0 * s, 200.0 + 40.0 * s)
    } else {
        (200.0 - 170.0 * s, 200.0 - 73.0 * s, 200.0 - 145.0 * s)
    };
    format!("rgb({:.0},{:.0},{:.0})", r, g, b)
}

/// The text of `start..end` with flagged stretches wrapped in `<mark>`s whose title
/// carries the flags' reasons.
fn highlighted(text: &str, start: usize, end: usize, record: &Record) -> String {
    let mut out = String::new();
    for (piece, covering) in super::flagged_pieces(text, start, end, record) {
        if covering.is_empty() {
            out.push_str(&escape(piece));
            continue;
        }
        let flags: Vec<_> = covering.iter().map(|&i| &record.flags[i]).collect();
        let mut classes: Vec<&str> = flags
            .iter()
            .map(|f| match f.kind {
                FlagKind::Promotional => "promotional",
                FlagKind::Repetitive => "repetitive",
            })
            .collect();
        classes.sort_unstable();
        classes.dedup();
        let reasons: Vec<String> = flags
            .iter()
            .map(|f| format!("{:.2}: {}", f.score, f.reasons.join("; ")))
            .collect();
        let _ = write!(
            out,
            "<mark class=\"{}\" title=\"{}\">{}</mark>",
            classes.join(" "),
            escape(&reasons.join("\n")),
            escape(piece)
        );
    }
    out
}

/// A strip of one coloured cell per paragraph, by its sentiment.
fn tone_strip(record: &Record) -> String {
    let n = record.paragraphs.len().max(1);
    let cell = (600.0 / n as f64).clamp(2.0, 24.0);
    let mut svg = format!(
        "<svg role=\"img\" aria-label=\"tone per paragraph\" width=\"{:.0}\" height=\"18\" viewBox=\"0 0 {:.0} 18\">",
        cell * n as f64,
        cell * n as f64
    );
    for (i, p) in record.paragraphs.iter().enumerate() {
        let _ = write!(
            svg,
            "<rect x=\"{:.1}\" y=\"0\" width=\"{:.1}\" height=\"18\" fill=\"{}\"><title>paragraph {}: {:+.2}</title></rect>",
            i as f64 * cell,
            (cell - 1.0).max(1.0),
            tone_colour(p.sentiment.score),
            i + 1,
            p.sentiment.score
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One article: summary, tone, the per-paragraph strip, and (with its text) every
/// paragraph with flagged passages highlighted; without it, the flags listed.
pub fn article(record: &Record, text: Option<&str>) -> String {
    let mut out = String::new();
    let heading = record.title.as_deref().unwrap_or(&record.id);
    let _ = writeln!(out, "<h2>{}</h2>", escape(heading));
    let _ = writeln!(
        out,
        "<p class=\"meta\">id {}{} · overall tone <span class=\"{}\">{:?} ({:+.2})</span> · promotional score {:.2} · flagged promotional {:.1}% · repetitive {:.1}% of the text</p>",
        escape(&record.id),
        record
            .source
            .as_deref()
            .map(|s| format!(" · source {}", escape(s)))
            .unwrap_or_default(),
        tone_class(record.sentiment.label),
        record.sentiment.label,
        record.sentiment.score,
        record.promotional,
        100.0 * record.promotional_share,
        100.0 * record.repetitive_share
    );
    let _ = writeln!(
        out,
        "<h3>Summary</h3><blockquote>{}</blockquote>",
        escape(&record.summary.text)
    );
    let _ = writeln!(out, "<h3>Tone by paragraph</h3>{}", tone_strip(record));
    if !record.entities.is_empty() {
        let _ = writeln!(out, "<h3>Tone toward</h3><ul>");
        for e in &record.entities {
            let tone = e.tone.as_ref().map_or_else(
                || "no tone".to_string(),
                |t| {
                    format!(
                        "<span class=\"{}\">{:?} ({:+.2})</span>",
                        tone_class(t.label),
                        t.label,
                        t.score
                    )
                },
            );
            let _ = writeln!(
                out,
                "<li>{}: {tone}, {} mentions</li>",
                escape(&e.name),
                e.count
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    match text {
        Some(text) => {
            let _ = writeln!(out, "<h3>Text</h3>");
            for p in &record.paragraphs {
                let _ = writeln!(
                    out,
                    "<p class=\"block\">{}</p>",
                    highlighted(text, p.start, p.end, record)
                );
            }
        }
        None => {
            let _ = writeln!(out, "<h3>Flags</h3><ul>");
            for f in &record.flags {
                let _ = writeln!(
                    out,
                    "<li>{:?} {:.2} at bytes {}..{}: {}</li>",
                    f.kind,
                    f.score,
                    f.span.start,
                    f.span.end,
                    escape(&f.reasons.join("; "))
                );
            }
            let _ = writeln!(out, "</ul>");
        }
    }
    out
}

/// The tone toward the entity asked about: per group a line, the chart, the differences.
fn entity_section(c: &Comparison) -> String {
    let mut out = String::from("<ul>\n");
    for g in &c.groups {
        let line = match &g.entity {
            Some(e) => format!(
                "{:+.3} [{:+.3}, {:+.3}] over {} documents ({} mentions)",
                e.mean_tone, e.tone_ci.low, e.tone_ci.high, e.documents, e.mentions
            ),
            None => "not named".into(),
        };
        let _ = writeln!(out, "<li>{}: {line}</li>", escape(&g.group));
    }
    out.push_str("</ul>\n");
    out.push_str(&entity_chart(c));
    for d in &c.entity_differences {
        let _ = writeln!(out, "<p>{}</p>", difference(d));
    }
    out
}

/// `A − B: +0.123 [+0.045, +0.201]`, the names escaped.
fn difference(d: &Difference) -> String {
    format!(
        "{} − {}: {:+.3} [{:+.3}, {:+.3}]",
        escape(&d.a),
        escape(&d.b),
        d.sentiment_difference,
        d.ci.low,
        d.ci.high
    )
}

/// The comparison page: table, charts, differences, and a drill-down per article.
pub fn comparison(c: &Comparison, articles: &[(Record, Option<String>)]) -> String {
    let mut body = format!("<h1>Tone by {}</h1>\n", escape(&c.by));
    body.push_str(
        "<table><tr><th>group</th><th>documents</th><th>mean sentiment [95% interval]</th><th>positive paragraphs</th><th>negative paragraphs</th><th>mean promotional score</th><th>promotional share</th><th>repetitive share</th><th>top promotional cues</th></tr>\n",
    );
    for g in &c.groups {
        let _ = writeln!(
            body,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{:+.3} [{:+.3}, {:+.3}]</td><td class=\"n\">{:.1}%</td><td class=\"n\">{:.1}%</td><td class=\"n\">{:.2}</td><td class=\"n\">{:.1}%</td><td class=\"n\">{:.1}%</td><td>{}</td></tr>",
            escape(&g.group),
            g.documents,
            g.mean_sentiment,
            g.sentiment_ci.low,
            g.sentiment_ci.high,
            100.0 * g.positive_paragraphs,
            100.0 * g.negative_paragraphs,
            g.mean_promotional,
            100.0 * g.promotional_share,
            100.0 * g.repetitive_share,
            escape(&counted(&g.top_cues))
        );
    }
    body.push_str("</table>\n<h2>Document sentiment</h2>\n");
    body.push_str(&sentiment_chart(c));
    body.push_str("\n<h2>Promotional and repetitive share of the text</h2>\n");
    body.push_str(&shares_chart(c));
    body.push_str("\n<h2>Differences</h2>\n");
    if c.differences.is_empty() {
        body.push_str("<p>No difference in mean sentiment between groups is larger than its 95% interval.</p>\n");
    } else {
        body.push_str("<ul>\n");
        for d in &c.differences {
            let _ = writeln!(body, "<li>{}</li>", difference(d));
        }
        body.push_str("</ul>\n");
    }
    if let Some(name) = &c.entity {
        let _ = writeln!(body, "<h2>Tone toward {}</h2>", escape(name));
        body.push_str(&entity_section(c));
    }
    body.push_str("<h2>Most-mentioned entities</h2>\n<table><tr><th>group</th><th>entities (mentions)</th></tr>\n");
    for g in &c.groups {
        let _ = writeln!(
            body,
            "<tr><td>{}</td><td>{}</td></tr>",
            escape(&g.group),
            escape(&counted(&g.top_entities))
        );
    }
    body.push_str("</table>\n<h2>Most loaded words</h2>\n");
    body.push_str(&charts::loaded_chart(c));
    body.push_str("\n<h2>Articles</h2>\n");
    for (record, text) in articles {
        let label = record.title.as_deref().unwrap_or(&record.id);
        let _ = writeln!(
            body,
            "<details><summary>{} <span class=\"{}\">{:+.2}</span></summary>{}</details>",
            escape(label),
            tone_class(record.sentiment.label),
            record.sentiment.score,
            article(record, text.as_deref())
        );
    }
    page(&format!("newslens: tone by {}", c.by), &body)
}
