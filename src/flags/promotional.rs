//! Promotional tone per sentence: lexicon cues (puffery, glittering generalities,
//! filler, intensifiers, loaded words, PR-speak), low information density, and a
//! strongly positive tone, combined into a 0..1 score.

use serde::{Deserialize, Serialize};

use super::lexicon::Lexicon;
use crate::document::{BlockKind, Document, Flag, FlagKind};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct PromotionalSettings {
    /// A sentence is flagged when its score reaches this.
    pub threshold: f32,
    /// Below this share of concrete tokens (numbers, quotes, attributions, names),
    /// a sentence of at least `min_words` counts as saying nothing concrete.
    pub min_density: f32,
    pub min_words: usize,
}

impl Default for PromotionalSettings {
    fn default() -> Self {
        PromotionalSettings {
            threshold: 0.5,
            min_density: 0.1,
            min_words: 8,
        }
    }
}

const ATTRIBUTIONS: &[&str] = &[
    "said",
    "says",
    "told",
    "according",
    "reported",
    "announced",
    "stated",
    "wrote",
    "added",
];

/// Share of words that are concrete: numbers, quoted words, attributions, or names
/// (capitalised words that do not start the sentence).
fn information_density(sentence: &str) -> (usize, f32) {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if words.is_empty() {
        return (0, 0.0);
    }
    let mut concrete = 0;
    let mut names = std::collections::HashSet::new();
    for (i, word) in words.iter().enumerate() {
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        let number = core.chars().any(|c| c.is_ascii_digit());
        if number || ATTRIBUTIONS.contains(&core.to_lowercase().as_str()) {
            concrete += 1;
        } else if i > 0 && core.chars().next().is_some_and(char::is_uppercase) {
            // Repeating the same name adds nothing new.
            if names.insert(core.to_string()) {
                concrete += 1;
            }
        }
    }
    if sentence.contains(['“', '"']) {
        concrete += 2;
    }
    (words.len(), concrete as f32 / words.len() as f32)
}

/// Flags promotional sentences; reads sentence sentiment when it is there.
pub fn flag(doc: &mut Document, lexicon: &Lexicon, settings: &PromotionalSettings) {
    let mut flags = Vec::new();
    for block in &doc.blocks {
        if matches!(block.kind, BlockKind::Heading | BlockKind::TableRow) {
            continue;
        }
        for sentence in &block.sentences {
            let text = sentence.text.as_str();
            let mut reasons = Vec::new();
            let hits = lexicon.find(text);
            let cue_sum: f32 = hits.iter().map(|h| h.weight).sum();
            for hit in &hits {
                reasons.push(format!("{} '{}'", hit.reason, hit.term));
            }
            let cue = 1.0 - (-cue_sum * 1.5).exp();
            let (words, density) = information_density(text);
            let vague = if words >= settings.min_words && density < settings.min_density {
                reasons.push(format!(
                    "no concrete fact ({:.0}% of words are numbers, names, quotes or attributions)",
                    density * 100.0
                ));
                0.2
            } else {
                0.0
            };
            let glowing = match sentence.sentiment {
                Some(s) if s.score > 0.6 => {
                    reasons.push(format!("strongly positive tone ({:+.2})", s.score));
                    0.2 * s.score
                }
                _ => 0.0,
            };
            let score = 1.0 - (1.0 - cue) * (1.0 - vague) * (1.0 - glowing);
            if !hits.is_empty() && score >= settings.threshold {
                flags.push(Flag {
                    kind: FlagKind::Promotional,
                    span: sentence.span,
                    score,
                    reasons,
                    repeats: None,
                });
            }
        }
    }
    doc.flags.extend(flags);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preprocess::segment;

    #[test]
    fn puffery_is_flagged_with_reasons_and_plain_reporting_is_not() {
        let mut doc = Document::new(
            "t",
            "The council approved a $3.2 million budget on Tuesday, Mayor Ann Lee said.\n\n\
             Their unwavering commitment is a testament to an everlasting friendship that transcends time.",
        );
        segment(&mut doc);
        flag(
            &mut doc,
            &Lexicon::builtin(),
            &PromotionalSettings::default(),
        );
        assert_eq!(doc.flags.len(), 1, "{:?}", doc.flags);
        let flag = &doc.flags[0];
        assert!(doc.slice(flag.span).starts_with("Their unwavering"));
        assert!(flag.score >= 0.5 && flag.score <= 1.0);
        assert!(
            flag.reasons
                .iter()
                .any(|r| r == "peacock term 'unwavering'"),
            "{:?}",
            flag.reasons
        );
        assert!(
            flag.reasons
                .iter()
                .any(|r| r.starts_with("no concrete fact")),
            "{:?}",
            flag.reasons
        );
    }
}
