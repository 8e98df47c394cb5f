//! Tone across sources: documents grouped by a key (their source, their folder, or a
//! field), and per group the document sentiment with a 95% bootstrap confidence
//! interval, the share of positive and negative paragraphs, the mean promotional score
//! of the documents, the promotional and repetitive shares of the text, and the most
//! frequent promotional cues, the most-mentioned entities and the words the loaded-word
//! tagger marks most (with how many per document). Pairs of groups whose
//! difference in mean sentiment has a bootstrap interval that excludes zero are reported
//! as differences. Asked about one entity ([`compare_toward`]), each group also gets the
//! tone toward it (the mean over the documents that name it of their tone toward it,
//! with its interval), and the differences in that tone.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::document::{FlagKind, SentimentLabel};
use crate::entities::Target;
use crate::record::Record;

mod bootstrap;
use bootstrap::mean;
pub use bootstrap::{bootstrap_difference, bootstrap_mean};

/// A 95% bootstrap confidence interval.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Interval {
    /// Lower bound (2.5th percentile of the bootstrap means).
    pub low: f64,
    /// Upper bound (97.5th percentile).
    pub high: f64,
}

/// What one group (a source, a date, a folder) of documents looks like.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GroupStats {
    /// The group's name: the value of the `--by` field.
    pub group: String,
    /// Documents in the group.
    pub documents: usize,
    /// Mean of the documents' sentiment scores (-1..1).
    pub mean_sentiment: f64,
    /// 95% bootstrap interval of `mean_sentiment`.
    pub sentiment_ci: Interval,
    /// Mean document score of each document, for charts.
    pub sentiments: Vec<f64>,
    /// Share of the group's paragraphs labelled positive.
    pub positive_paragraphs: f64,
    /// Share of the group's paragraphs labelled negative.
    pub negative_paragraphs: f64,
    /// Mean of the documents' promotional scores (0..1), whatever the flag threshold.
    pub mean_promotional: f64,
    /// Flagged characters over all characters of the group's documents.
    pub promotional_share: f64,
    /// Characters in repetitive flags over all characters of the group's documents.
    pub repetitive_share: f64,
    /// The most frequent promotional cues, with their counts.
    pub top_cues: Vec<(String, usize)>,
    /// The entities mentioned most in the group's documents, with their mentions.
    pub top_entities: Vec<(String, usize)>,
    /// The words and phrases the loaded-word tagger marks most (lower-cased), with
    /// their counts.
    pub top_loaded: Vec<(String, usize)>,
    /// Loaded words and phrases per document.
    pub loaded_per_document: f64,
    /// The tone toward the entity asked about, if any document of the group names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<EntityStats>,
}

/// A group's tone toward one entity.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EntityStats {
    /// Documents that name it (and have a tone toward it).
    pub documents: usize,
    /// Mentions over those documents.
    pub mentions: usize,
    /// Mean over the documents of their tone toward it (-1..1), and its 95% bootstrap
    /// interval.
    pub mean_tone: f64,
    /// 95% bootstrap interval of `mean_tone`.
    pub tone_ci: Interval,
    /// Each document's tone toward it, for charts.
    pub tones: Vec<f64>,
}

/// A difference in mean sentiment between two groups.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Difference {
    /// The first group's name.
    pub a: String,
    /// The second group's name.
    pub b: String,
    /// Mean sentiment of `a` minus that of `b`, and its 95% bootstrap interval.
    pub sentiment_difference: f64,
    /// 95% bootstrap interval of `sentiment_difference`.
    pub ci: Interval,
}

/// The result of `newslens compare`: statistics per group and their differences.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Comparison {
    /// The field the documents were grouped by (`source`, `date`, ...).
    pub by: String,
    /// One entry per group, in the order of their names.
    pub groups: Vec<GroupStats>,
    /// Pairs whose interval excludes zero.
    pub differences: Vec<Difference>,
    /// The entity asked about, if one was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// Pairs whose difference in tone toward the entity has an interval excluding zero.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub entity_differences: Vec<Difference>,
}

/// The entity of `record` that is `target` (with a tone): the one named by the target's
/// name, else by one of its aliases, else by the last word of its name alone ("Trump"
/// in an article that never wrote "Donald Trump"); case aside.
fn entity_of<'r>(record: &'r Record, target: &Target) -> Option<&'r crate::record::EntityRecord> {
    let last_word = target.name.split_whitespace().last().unwrap_or("");
    let names = std::iter::once(target.name.as_str())
        .chain(target.aliases.iter().map(String::as_str))
        .chain([last_word]);
    let with_tone: Vec<_> = record
        .entities
        .iter()
        .filter(|e| e.tone.is_some())
        .collect();
    names.into_iter().find_map(|name| {
        with_tone
            .iter()
            .find(|e| e.name.to_lowercase() == name.to_lowercase())
            .copied()
    })
}

fn entity_stats(records: &[&Record], target: &Target, seed: u64) -> Option<EntityStats> {
    let named: Vec<_> = records
        .iter()
        .filter_map(|r| entity_of(r, target))
        .collect();
    if named.is_empty() {
        return None;
    }
    let tones: Vec<f64> = named
        .iter()
        .filter_map(|e| e.tone.as_ref().map(|t| f64::from(t.score)))
        .collect();
    Some(EntityStats {
        documents: named.len(),
        mentions: named.iter().map(|e| e.count).sum(),
        mean_tone: mean(&tones),
        tone_ci: bootstrap_mean(&tones, seed),
        tones,
    })
}

fn group_stats(
    group: String,
    records: &[&Record],
    seed: u64,
    entity: Option<&Target>,
) -> GroupStats {
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
    let mut entities: BTreeMap<String, usize> = BTreeMap::new();
    for e in records.iter().flat_map(|r| &r.entities) {
        *entities.entry(e.name.clone()).or_default() += e.count;
    }
    let mut loaded: BTreeMap<String, usize> = BTreeMap::new();
    for phrase in records.iter().flat_map(|r| &r.loaded) {
        *loaded.entry(phrase.text.to_lowercase()).or_default() += 1;
    }
    let loaded_count: usize = loaded.values().sum();
    let top = |counts: BTreeMap<String, usize>, n: usize| {
        let mut top: Vec<(String, usize)> = counts.into_iter().collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        top.truncate(n);
        top
    };
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
        top_cues: top(cues, 5),
        top_entities: top(entities, 5),
        top_loaded: top(loaded, 8),
        loaded_per_document: loaded_count as f64 / records.len().max(1) as f64,
        entity: entity.and_then(|target| entity_stats(records, target, seed ^ 0xe17)),
    }
}

/// Compares groups of records; `key` gives each record's group (records without one
/// go to "(none)"). Groups are in name order.
pub fn compare(
    records: &[Record],
    by: &str,
    key: impl Fn(&Record) -> Option<String>,
) -> Comparison {
    compare_toward(records, by, key, None)
}

/// [`compare`], and with `entity`, each group's tone toward it (found in each record as
/// `entity_of` says) and the differences between groups in it.
pub fn compare_toward(
    records: &[Record],
    by: &str,
    key: impl Fn(&Record) -> Option<String>,
    entity: Option<&Target>,
) -> Comparison {
    let mut groups: BTreeMap<String, Vec<&Record>> = BTreeMap::new();
    for record in records {
        let name = key(record).unwrap_or_else(|| "(none)".into());
        groups.entry(name).or_default().push(record);
    }
    let stats: Vec<GroupStats> = groups
        .into_iter()
        .enumerate()
        .map(|(i, (name, members))| group_stats(name, &members, 0x5eed + i as u64, entity))
        .collect();
    let differences = differences(&stats, |g| Some((g.mean_sentiment, &g.sentiments)), 0);
    let entity_differences = differences_toward(&stats);
    Comparison {
        by: by.to_string(),
        groups: stats,
        differences,
        entity: entity.map(|t| t.name.clone()),
        entity_differences,
    }
}

fn differences_toward(stats: &[GroupStats]) -> Vec<Difference> {
    differences(
        stats,
        |g| g.entity.as_ref().map(|e| (e.mean_tone, &e.tones)),
        0xe17,
    )
}

/// The pairs of groups whose difference in a mean (`values` of a group: the mean and
/// the values it is of) has a bootstrap interval that excludes zero.
fn differences<'g>(
    stats: &'g [GroupStats],
    values: impl Fn(&'g GroupStats) -> Option<(f64, &'g Vec<f64>)>,
    seed: u64,
) -> Vec<Difference> {
    let mut out = Vec::new();
    for (i, a) in stats.iter().enumerate() {
        for (j, b) in stats.iter().enumerate().skip(i + 1) {
            let (Some((mean_a, values_a)), Some((mean_b, values_b))) = (values(a), values(b))
            else {
                continue;
            };
            let ci = bootstrap_difference(values_a, values_b, seed ^ (i * 7919 + j) as u64);
            if ci.low > 0.0 || ci.high < 0.0 {
                out.push(Difference {
                    a: a.group.clone(),
                    b: b.group.clone(),
                    sentiment_difference: mean_a - mean_b,
                    ci,
                });
            }
        }
    }
    out
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
        use crate::flags::{promotional, Lexicon};
        let text = "In today's fast-paced world, our unparalleled, unparalleled service delights.";
        let lexicon = Lexicon::builtin();
        let scored = promotional::score(text, None, &[], None, &lexicon, &Default::default());
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

    #[test]
    fn loaded_words_are_counted_per_group_whatever_their_case() {
        let text = "Phony claims. A phony, bombastic tirade.";
        let mut doc = crate::Document::new("a", text);
        crate::preprocess::segment(&mut doc);
        for word in ["Phony", "phony", "bombastic"] {
            let start = text.rfind(word).unwrap();
            doc.loaded.push(crate::document::LoadedPhrase {
                span: crate::document::Span {
                    start,
                    end: start + word.len(),
                },
                text: word.to_string(),
                score: 0.9,
            });
        }
        let records = [
            Record::from(&doc),
            Record::from(&crate::Document::new("b", "Plain.")),
        ];
        let comparison = compare(&records, "source", |_| Some("x".into()));
        let group = &comparison.groups[0];
        assert_eq!(
            group.top_loaded,
            [("phony".to_string(), 2), ("bombastic".to_string(), 1)]
        );
        assert!((group.loaded_per_document - 1.5).abs() < 1e-9);
    }
}
