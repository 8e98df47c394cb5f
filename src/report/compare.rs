//! Renders a [`Comparison`] as a terminal table or CSV.

use std::fmt::Write;

use super::rows::csv as csv_field;
use crate::compare::{Comparison, Difference};

fn percent(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// `word (count), word (count), ...`: the cues, entities or loaded words of a group.
pub(crate) fn counted(list: &[(String, usize)]) -> String {
    list.iter()
        .map(|(c, n)| format!("{c} ({n})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `A - B: +0.123 [+0.045, +0.201]`.
fn difference(d: &Difference) -> String {
    format!(
        "{} - {}: {:+.3} [{:+.3}, {:+.3}]",
        d.a, d.b, d.sentiment_difference, d.ci.low, d.ci.high
    )
}

/// A table for a terminal, then the differences larger than their intervals.
pub fn text(c: &Comparison) -> String {
    let mut out = String::new();
    let width = c
        .groups
        .iter()
        .map(|g| g.group.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = writeln!(
        out,
        "{:<width$}  {:>5}  {:>24}  {:>6}  {:>6}  {:>5}  {:>6}  {:>6}  top promotional cues",
        c.by, "docs", "sentiment [95% CI]", "+para", "-para", "promo", "promo%", "repeat"
    );
    for g in &c.groups {
        let _ = writeln!(
            out,
            "{:<width$}  {:>5}  {:>+7.3} [{:>+6.3}, {:>+6.3}]  {:>6}  {:>6}  {:>5.2}  {:>6}  {:>6}  {}",
            g.group,
            g.documents,
            g.mean_sentiment,
            g.sentiment_ci.low,
            g.sentiment_ci.high,
            percent(g.positive_paragraphs),
            percent(g.negative_paragraphs),
            g.mean_promotional,
            percent(g.promotional_share),
            percent(g.repetitive_share),
            counted(&g.top_cues)
        );
    }
    let _ = writeln!(out, "\nMost-mentioned entities");
    for g in &c.groups {
        let _ = writeln!(out, "  {:<width$}  {}", g.group, counted(&g.top_entities));
    }
    let _ = writeln!(
        out,
        "\nMost loaded words (per document, then the most frequent)"
    );
    for g in &c.groups {
        let _ = writeln!(
            out,
            "  {:<width$}  {:>5.1}  {}",
            g.group,
            g.loaded_per_document,
            counted(&g.top_loaded)
        );
    }
    if let Some(name) = &c.entity {
        let _ = writeln!(
            out,
            "\nTone toward {name} (mean over the documents naming it)"
        );
        for g in &c.groups {
            match &g.entity {
                Some(e) => {
                    let _ = writeln!(
                        out,
                        "  {:<width$}  {:>+7.3} [{:>+6.3}, {:>+6.3}]  {} documents, {} mentions",
                        g.group,
                        e.mean_tone,
                        e.tone_ci.low,
                        e.tone_ci.high,
                        e.documents,
                        e.mentions
                    );
                }
                None => {
                    let _ = writeln!(out, "  {:<width$}  not named", g.group);
                }
            }
        }
        for d in &c.entity_differences {
            let _ = writeln!(out, "  difference {}", difference(d));
        }
    }
    if c.differences.is_empty() {
        let _ = writeln!(
            out,
            "\nNo difference in mean sentiment between groups is larger than its 95% interval."
        );
    } else {
        let _ = writeln!(
            out,
            "\nDifferences in mean sentiment larger than their 95% interval:"
        );
        for d in &c.differences {
            let _ = writeln!(out, "  {}", difference(d));
        }
    }
    out
}

/// One row per group.
pub fn csv(c: &Comparison) -> String {
    let mut out = String::from(
        "group,documents,mean_sentiment,ci_low,ci_high,positive_paragraphs,negative_paragraphs,mean_promotional,promotional_share,repetitive_share,top_cues,top_entities,loaded_per_document,top_loaded,entity_documents,entity_tone,entity_ci_low,entity_ci_high\n",
    );
    for g in &c.groups {
        let entity = g.entity.as_ref().map_or_else(
            || ",,,".to_string(),
            |e| {
                format!(
                    "{},{:.4},{:.4},{:.4}",
                    e.documents, e.mean_tone, e.tone_ci.low, e.tone_ci.high
                )
            },
        );
        let _ = writeln!(
            out,
            "{},{},{:.4},{:.4},{:.4},{:.4},{:.4},{:.4},{:.4},{:.4},{},{},{:.4},{},{entity}",
            csv_field(&g.group),
            g.documents,
            g.mean_sentiment,
            g.sentiment_ci.low,
            g.sentiment_ci.high,
            g.positive_paragraphs,
            g.negative_paragraphs,
            g.mean_promotional,
            g.promotional_share,
            g.repetitive_share,
            csv_field(&counted(&g.top_cues)),
            csv_field(&counted(&g.top_entities)),
            g.loaded_per_document,
            csv_field(&counted(&g.top_loaded))
        );
    }
    out
}
