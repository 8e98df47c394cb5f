//! Tone across sources: documents grouped by a key (their source, their folder, or a
//! field), and per group the document sentiment with a 95% bootstrap confidence
//! interval, the share of positive and negative paragraphs, the mean promotional score
//! of the documents, the promotional and repetitive shares of the text, and the most
//! frequent promotional cues. Pairs of groups whose difference in mean sentiment has a
//! bootstrap interval that excludes zero are reported as differences.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::document::{FlagKind, SentimentLabel};
use crate::record::Record;

/// Bootstrap resamples per interval.
const RESAMPLES: usize = 2000;

#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GroupStats {
    pub group: String,
    pub documents: usize,
    pub mean_sentiment: f64,
    pub sentiment_ci: Interval,
    /// Mean document score of each document, for charts.
    pub sentiments: Vec<f64>,
    pub positive_paragraphs: f64,
    pub negative_paragraphs: f64,
    /// Mean of the documents' promotional scores (0..1), whatever the flag threshold.
    pub mean_promotional: f64,
    /// Flagged characters over all characters of the group's documents.
    pub promotional_share: f64,
    pub repetitive_share: f64,
    /// The most frequent promotional cues, with their counts.
    pub top_cues: Vec<(String, usize)>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Difference {
    pub a: String,
    pub b: String,
    /// Mean sentiment of `a` minus that of `b`, and its 95% bootstrap interval.
    pub sentiment_difference: f64,
    pub ci: Interval,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Comparison {
    pub by: String,
    pub groups: Vec<GroupStats>,
    /// Pairs whose interval excludes zero.
    pub differences: Vec<Difference>,
}

/// A small deterministic generator (SplitMix64): the same input gives the same
/// intervals on every run and machine.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        crate::hash::mix64(self.0)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    }
}

fn percentile_interval(mut samples: Vec<f64>) -> Interval {
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    Interval {
        low: at(0.025),
        high: at(0.975),
    }
}

fn resample_mean(values: &[f64], rng: &mut SplitMix) -> f64 {
    (0..values.len())
        .map(|_| values[rng.below(values.len())])
        .sum::<f64>()
        / values.len() as f64
}

/// 95% percentile bootstrap interval of the mean.
pub fn bootstrap_mean(values: &[f64], seed: u64) -> Interval {
    if values.len() < 2 {
        let m = mean(values);
        return Interval { low: m, high: m };
    }
    let mut rng = SplitMix(seed);
    percentile_interval(
        (0..RESAMPLES)
            .map(|_| resample_mean(values, &mut rng))
            .collect(),
    )
}

/// 95% percentile bootstrap interval of mean(a) - mean(b), resampling each group.
pub fn bootstrap_difference(a: &[f64], b: &[f64], seed: u64) -> Interval {
    if a.is_empty() || b.is_empty() {
        return Interval {
            low: f64::NAN,
            high: f64::NAN,
        };
    }
    let mut rng = SplitMix(seed);
    percentile_interval(
        (0..RESAMPLES)
            .map(|_| resample_mean(a, &mut rng) - resample_mean(b, &mut rng))
            .collect(),
    )
}

fn group_stats(group: String, records: &[&Record], seed: u64) -> GroupStats {
    let sentiments: Vec<f64> = records
        .iter()
        .map(|r| f64::from(r.sentiment.score))
        .collect();
    let (mut positive, mut negative, mut paragraphs) = (0usize, 0usize, 0usize);
    let (mut chars, mut promotional, mut repetitive) = (0.0, 0.0, 0.0);
    let mut cues: BTreeMap<String, usize> = BTreeMap::new();
    let promotional_scores: Vec<f64> = records.iter().map(|r| f64::from(r.promotional)).collect();
    for record in records {
        for p in &record.paragraphs {
            if p.kind.is_label() {
                continue;
            }
            paragraphs += 1;
            match p.sentiment.label {
                SentimentLabel::Positive => positive += 1,
                SentimentLabel::Negative => negative += 1,
                SentimentLabel::Neutral => {}
            }
        }
        let length = record.paragraphs.last().map_or(0, |p| p.end) as f64;
        chars += length;
        promotional += f64::from(record.promotional_share) * length;
        repetitive += f64::from(record.repetitive_share) * length;
        for flag in record
            .flags
            .iter()
            .filter(|f| f.kind == FlagKind::Promotional)
        {
            for evidence in &flag.evidence {
                *cues.entry(evidence.term.clone()).or_default() += 1;
            }
        }
    }
    let mut top_cues: Vec<(String, usize)> = cues.into_iter().collect();
    top_cues.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top_cues.truncate(5);
    let share = |n: usize| {
        if paragraphs == 0 {
            0.0
        } else {
            n as f64 / paragraphs as f64
        }
    };
    let of_text = |x: f64| if chars == 0.0 { 0.0 } else { x / chars };
    GroupStats {
        group,
        documents: records.len(),
        mean_sentiment: mean(&sentiments),
        sentiment_ci: bootstrap_mean(&sentiments, seed),
        sentiments,
        positive_paragraphs: share(positive),
        negative_paragraphs: share(negative),
        mean_promotional: mean(&promotional_scores),
        promotional_share: of_text(promotional),
        repetitive_share: of_text(repetitive),
        top_cues,
    }
}

/// Compares groups of records; `key` gives each record's group (records without one
/// go to "(none)"). Groups are in name order.
pub fn compare(
    records: &[Record],
    by: &str,
    key: impl Fn(&Record) -> Option<String>,
) -> Comparison {
    let mut groups: BTreeMap<String, Vec<&Record>> = BTreeMap::new();
    for record in records {
        let name = key(record).unwrap_or_else(|| "(none)".into());
        groups.entry(name).or_default().push(record);
    }
    let stats: Vec<GroupStats> = groups
        .into_iter()
        .enumerate()
        .map(|(i, (name, members))| group_stats(name, &members, 0x5eed + i as u64))
        .collect();
    let mut differences = Vec::new();
    for (i, a) in stats.iter().enumerate() {
        for (j, b) in stats.iter().enumerate().skip(i + 1) {
            let ci = bootstrap_difference(&a.sentiments, &b.sentiments, (i * 7919 + j) as u64);
            if ci.low > 0.0 || ci.high < 0.0 {
                differences.push(Difference {
                    a: a.group.clone(),
                    b: b.group.clone(),
                    sentiment_difference: a.mean_sentiment - b.mean_sentiment,
                    ci,
                });
            }
        }
    }
    Comparison {
        by: by.to_string(),
        groups: stats,
        differences,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bootstrap_intervals_cover_the_mean_and_separate_distinct_groups() {
        let a: Vec<f64> = (0..40).map(|i| 0.5 + 0.01 * f64::from(i % 7)).collect();
        let b: Vec<f64> = (0..40).map(|i| -0.2 + 0.01 * f64::from(i % 5)).collect();
        let ci = bootstrap_mean(&a, 1);
        assert!(ci.low <= mean(&a) && mean(&a) <= ci.high, "{ci:?}");
        assert!(ci.high - ci.low < 0.05);
        let d = bootstrap_difference(&a, &b, 2);
        assert!(d.low > 0.5, "{d:?}");
        // Same distribution: the interval of the difference straddles zero.
        let d = bootstrap_difference(&a, &a, 3);
        assert!(d.low < 0.0 && d.high > 0.0, "{d:?}");
        assert_eq!(bootstrap_mean(&a, 1), bootstrap_mean(&a, 1));
        assert_eq!(
            bootstrap_mean(&[0.3], 1),
            Interval {
                low: 0.3,
                high: 0.3
            }
        );
    }

    #[test]
    fn cues_are_counted_from_the_flags_evidence_whole() {
        use crate::flags::{promotional, Lexicon, PromotionalSettings};
        let text = "In today's fast-paced world, our unparalleled, unparalleled service delights.";
        let lexicon = Lexicon::builtin();
        let scored = promotional::score(text, None, &lexicon, &PromotionalSettings::default());
        let mut doc = crate::Document::new("a", text);
        crate::preprocess::segment(&mut doc);
        doc.flags.push(crate::document::Flag {
            kind: FlagKind::Promotional,
            span: doc.blocks[0].span,
            score: scored.score,
            reasons: scored.reasons,
            repeats: None,
            subkind: None,
            evidence: scored.evidence,
        });
        let record = Record::from(&doc);
        let comparison = compare(&[record], "source", |_| Some("x".into()));
        let cues = &comparison.groups[0].top_cues;
        assert!(
            cues.contains(&("in today's fast-paced world".to_string(), 1)),
            "{cues:?}"
        );
        assert!(cues.contains(&("unparalleled".to_string(), 1)), "{cues:?}");
    }
}
