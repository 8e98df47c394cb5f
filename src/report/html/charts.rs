//! The comparison's charts, as inline SVG: every label through [`escape`].

use std::fmt::Write;

use super::escape;
use crate::compare::{Comparison, Interval};
use crate::report::compare::counted;

/// Document sentiment per group: each document a dot, the mean a bar, its 95%
/// interval a band.
pub(super) fn sentiment_chart(c: &Comparison) -> String {
    let rows: Vec<_> = c
        .groups
        .iter()
        .map(|g| {
            (
                g.group.as_str(),
                g.mean_sentiment,
                g.sentiment_ci,
                &g.sentiments[..],
            )
        })
        .collect();
    strip_chart("document sentiment per group", &rows)
}

/// The tone toward the entity asked about, per group that names it.
pub(super) fn entity_chart(c: &Comparison) -> String {
    let rows: Vec<_> = c
        .groups
        .iter()
        .filter_map(|g| {
            let e = g.entity.as_ref()?;
            Some((g.group.as_str(), e.mean_tone, e.tone_ci, &e.tones[..]))
        })
        .collect();
    strip_chart("tone toward the entity per group", &rows)
}

/// Per row (a group, its mean, the mean's interval, its values on -1..1): the values
/// as dots, the interval as a band, the mean as a bar.
fn strip_chart(label: &str, rows: &[(&str, f64, Interval, &[f64])]) -> String {
    let (left, width, row) = (160.0, 440.0, 30.0);
    let x = |s: f64| left + (s.clamp(-1.0, 1.0) + 1.0) / 2.0 * width;
    let height = 30.0 + row * rows.len() as f64;
    let mut svg = format!(
        "<svg role=\"img\" aria-label=\"{}\" width=\"640\" height=\"{height:.0}\" viewBox=\"0 0 640 {height:.0}\">",
        escape(label)
    );
    for tick in [-1.0, -0.5, 0.0, 0.5, 1.0] {
        let _ = write!(
            svg,
            "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"0\" y2=\"{1:.0}\" stroke=\"#ddd\"/><text x=\"{0:.1}\" y=\"{2:.0}\" text-anchor=\"middle\">{3:+.1}</text>",
            x(tick),
            height - 18.0,
            height - 4.0,
            tick
        );
    }
    for (i, &(group, mean, ci, values)) in rows.iter().enumerate() {
        let y = 15.0 + row * i as f64;
        let _ = write!(
            svg,
            "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\">{}</text>",
            left - 8.0,
            y + 4.0,
            escape(group)
        );
        let _ = write!(
            svg,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"12\" fill=\"#9ecae1\" opacity=\"0.6\"><title>95% interval {:+.3} to {:+.3}</title></rect>",
            x(ci.low),
            y - 6.0,
            (x(ci.high) - x(ci.low)).max(1.0),
            ci.low,
            ci.high
        );
        for s in values {
            let _ = write!(
                svg,
                "<circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"2.5\" fill=\"#333\" opacity=\"0.35\"/>",
                x(*s)
            );
        }
        let _ = write!(
            svg,
            "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{1:.1}\" y2=\"{2:.1}\" stroke=\"#08519c\" stroke-width=\"3\"><title>mean {3:+.3}</title></line>",
            x(mean),
            y - 9.0,
            y + 9.0,
            mean
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Promotional and repetitive share of the text per group, as bars.
pub(super) fn shares_chart(c: &Comparison) -> String {
    let (left, width, row) = (160.0, 400.0, 30.0);
    let top = c
        .groups
        .iter()
        .map(|g| g.promotional_share.max(g.repetitive_share))
        .fold(0.01, f64::max);
    let height = 10.0 + row * c.groups.len() as f64;
    let mut svg = format!(
        "<svg role=\"img\" aria-label=\"promotional and repetitive share per group\" width=\"640\" height=\"{height:.0}\" viewBox=\"0 0 640 {height:.0}\">"
    );
    for (i, g) in c.groups.iter().enumerate() {
        let y = 5.0 + row * i as f64;
        let _ = write!(
            svg,
            "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\">{}</text>",
            left - 8.0,
            y + 16.0,
            escape(&g.group)
        );
        for (k, (share, colour, what)) in [
            (g.promotional_share, "#f0b429", "promotional"),
            (g.repetitive_share, "#4c9be8", "repetitive"),
        ]
        .into_iter()
        .enumerate()
        {
            let w = share / top * width;
            let _ = write!(
                svg,
                "<rect x=\"{left:.0}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"10\" fill=\"{colour}\"><title>{what} {:.1}%</title></rect><text x=\"{:.1}\" y=\"{:.1}\">{:.1}%</text>",
                y + 4.0 + 11.0 * k as f64,
                100.0 * share,
                left + w + 4.0,
                y + 13.0 + 11.0 * k as f64,
                100.0 * share
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Loaded words per document per group, as bars, each labelled with the group's most
/// frequent loaded words.
pub(super) fn loaded_chart(c: &Comparison) -> String {
    let (left, width, row) = (160.0, 200.0, 24.0);
    let top = c
        .groups
        .iter()
        .map(|g| g.loaded_per_document)
        .fold(0.1, f64::max);
    let height = 10.0 + row * c.groups.len() as f64;
    let mut svg = format!(
        "<svg role=\"img\" aria-label=\"loaded words per document per group\" width=\"960\" height=\"{height:.0}\" viewBox=\"0 0 960 {height:.0}\">"
    );
    for (i, g) in c.groups.iter().enumerate() {
        let y = 5.0 + row * i as f64;
        let w = g.loaded_per_document / top * width;
        let _ = write!(
            svg,
            "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\">{}</text><rect x=\"{left:.0}\" y=\"{:.0}\" width=\"{w:.1}\" height=\"14\" fill=\"#d9534f\"><title>{:.1} loaded words per document</title></rect><text x=\"{:.1}\" y=\"{:.0}\">{:.1}: {}</text>",
            left - 8.0,
            y + 12.0,
            escape(&g.group),
            y + 1.0,
            g.loaded_per_document,
            left + w + 4.0,
            y + 12.0,
            g.loaded_per_document,
            escape(&counted(&g.top_loaded))
        );
    }
    svg.push_str("</svg>");
    svg
}
