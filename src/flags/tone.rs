//! Promotional tone from the sentence embedding: where a sentence lies between factual
//! news sentences and the same sentences rewritten as loaded or puffed-up copy
//! (`tone_examples.tsv`, pairs written for newslens). The direction is the difference of
//! the two sides' mean embeddings; as each pair shares its subject, the subjects cancel
//! and what is left is tone. A sentence's *position* is its projection on the direction,
//! scaled so that the factual sentences average 0 and their rewrites 1.
//!
//! A loaded phrase in a long sentence is diluted in the sentence's mean embedding, so
//! the encoder also finds each sentence's *peak*: the stretch of [`PEAK_WINDOW`] word
//! pieces whose own mean state projects furthest on the direction (see
//! `models::bert::peak_windows`). Its position is scaled the same way, by the peaks of
//! the factual sentences and of their rewrites ([`PeakScale`]); the promotional score
//! takes the higher of a sentence's two positions, and the peak says where in the
//! sentence the tone is.
//!
//! The direction is computed once with the embedded model and committed as
//! `tone_direction.json` (compiled in), so loading costs nothing; a test recomputes it
//! from the examples and checks that it still matches. Rebuild it after editing the
//! examples with `cargo run --release --example tone_direction`.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::models::{Embedder, ModelError};

/// Word pieces in a peak window: about three or four words, the length of most loaded
/// phrases ("a captivating tale of", "spineless senator shamefully").
pub const PEAK_WINDOW: usize = 5;

/// The built-in tone examples: factual news sentences and their promotional rewrites.
pub const EXAMPLES: &str = include_str!("tone_examples.tsv");
const BUILTIN_DIRECTION: &str = include_str!("tone_direction.json");

/// The example sentences, by side; `promotional[i]` rewrites `factual[i]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Examples {
    /// The promotional rewrites.
    pub promotional: Vec<String>,
    /// The factual originals.
    pub factual: Vec<String>,
}

impl Examples {
    /// Parses the examples file: one `factual<TAB>promotional` pair a line, `#` comments.
    /// A line without a tab is skipped.
    pub fn parse(text: &str) -> Examples {
        let mut examples = Examples::default();
        for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
            if let Some((factual, promotional)) = line.split_once('\t') {
                examples.factual.push(factual.trim().to_string());
                examples.promotional.push(promotional.trim().to_string());
            }
        }
        examples
    }

    /// The built-in examples ([`EXAMPLES`]).
    pub fn builtin() -> Examples {
        Examples::parse(EXAMPLES)
    }
}

/// The tone direction and the two groups' mean projections on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToneDirection {
    /// The embedding model the direction lives in.
    pub embedding_model: String,
    /// sha256 of the examples file it was computed from.
    pub examples_sha256: String,
    /// How many promotional sentences the direction was computed from.
    pub promotional_examples: usize,
    /// How many factual sentences it was computed from.
    pub factual_examples: usize,
    /// Mean projection of the factual sentences (position 0).
    pub factual_mean: f32,
    /// Mean projection of their promotional rewrites (position 1).
    pub promotional_mean: f32,
    /// Unit vector from the factual to the promotional mean embedding.
    pub direction: Vec<f32>,
    /// How the examples' peak windows project, to place a sentence's peak; absent when
    /// the encoder gives no peaks (rust-bert's backend).
    #[serde(default)]
    pub peak: Option<PeakScale>,
}

/// The mean peak projections of the two groups of examples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeakScale {
    /// Word pieces per window.
    pub window: usize,
    /// Mean peak projection of the factual sentences (peak position 0).
    pub factual_mean: f32,
    /// Mean peak projection of their promotional rewrites (peak position 1).
    pub promotional_mean: f32,
}

impl PeakScale {
    /// Where a peak projection lies: 0 at the factual examples' mean peak, 1 at the
    /// promotional ones'.
    pub fn position(&self, projection: f32) -> f32 {
        (projection - self.factual_mean) / (self.promotional_mean - self.factual_mean)
    }
}

impl ToneDirection {
    /// The committed direction (parsed by a unit test, so a broken file never ships).
    pub fn builtin() -> Option<ToneDirection> {
        serde_json::from_str(BUILTIN_DIRECTION).ok()
    }

    /// Computes the direction from the embeddings of the two groups of examples.
    /// `None` when a group is empty, the sizes differ or the groups' means coincide.
    pub fn from_embeddings(
        promotional: &[Vec<f32>],
        factual: &[Vec<f32>],
    ) -> Option<ToneDirection> {
        let (p, f) = (mean(promotional)?, mean(factual)?);
        if p.len() != f.len() {
            return None;
        }
        let mut direction: Vec<f32> = p.iter().zip(&f).map(|(a, b)| a - b).collect();
        let norm = direction.iter().map(|v| v * v).sum::<f32>().sqrt();
        if norm <= f32::EPSILON {
            return None;
        }
        direction.iter_mut().for_each(|v| *v /= norm);
        let project = |group: &[Vec<f32>]| {
            group.iter().map(|e| dot(e, &direction)).sum::<f32>() / group.len() as f32
        };
        Some(ToneDirection {
            embedding_model: String::new(),
            examples_sha256: String::new(),
            promotional_examples: promotional.len(),
            factual_examples: factual.len(),
            factual_mean: project(factual),
            promotional_mean: project(promotional),
            direction,
            peak: None,
        })
    }

    /// Embeds `examples` with `embedder` and computes the direction, then the two
    /// groups' peaks on it; the examples' text is hashed into `examples_sha256`.
    pub fn compute(
        embedder: &Embedder,
        examples_text: &str,
        embedding_model: &str,
    ) -> Result<Option<ToneDirection>, ModelError> {
        let examples = Examples::parse(examples_text);
        let promotional = embedder.embed(&examples.promotional)?;
        let factual = embedder.embed(&examples.factual)?;
        let Some(mut tone) = ToneDirection::from_embeddings(&promotional, &factual) else {
            return Ok(None);
        };
        tone.embedding_model = embedding_model.to_string();
        tone.examples_sha256 = format!("{:x}", Sha256::digest(examples_text));
        let mean_peak = |sentences: &[String]| -> Result<Option<f32>, ModelError> {
            let peaks = embedder.peaks(sentences, &tone.direction, PEAK_WINDOW)?;
            let projections: Vec<f32> = peaks.into_iter().flatten().map(|p| p.projection).collect();
            Ok((!projections.is_empty())
                .then(|| projections.iter().sum::<f32>() / projections.len() as f32))
        };
        if let (Some(factual_mean), Some(promotional_mean)) = (
            mean_peak(&examples.factual)?,
            mean_peak(&examples.promotional)?,
        ) {
            if promotional_mean > factual_mean {
                tone.peak = Some(PeakScale {
                    window: PEAK_WINDOW,
                    factual_mean,
                    promotional_mean,
                });
            }
        }
        Ok(Some(tone))
    }

    /// Where `embedding` lies: 0 at the factual examples' mean, 1 at the promotional
    /// ones'. `None` for an embedding of another size.
    pub fn position(&self, embedding: &[f32]) -> Option<f32> {
        if embedding.len() != self.direction.len() {
            return None;
        }
        let span = self.promotional_mean - self.factual_mean;
        Some((dot(embedding, &self.direction) - self.factual_mean) / span)
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The element-wise mean of equally long vectors; `None` when empty or ragged.
fn mean(vectors: &[Vec<f32>]) -> Option<Vec<f32>> {
    let first = vectors.first()?;
    let mut sum = vec![0.0f32; first.len()];
    for v in vectors {
        if v.len() != sum.len() {
            return None;
        }
        sum.iter_mut().zip(v).for_each(|(s, x)| *s += x);
    }
    Some(sum.into_iter().map(|s| s / vectors.len() as f32).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_parse_into_two_balanced_groups() {
        let examples = Examples::builtin();
        assert!(
            examples.promotional.len() >= 100,
            "{}",
            examples.promotional.len()
        );
        assert_eq!(examples.promotional.len(), examples.factual.len());
        assert!(examples
            .factual
            .contains(&"The bill now goes to the Senate.".to_string()));
        assert!(examples.promotional.iter().all(|s| !s.starts_with('#')));
    }

    #[test]
    fn builtin_direction_parses_and_matches_the_examples_file() {
        let tone = ToneDirection::builtin().expect("tone_direction.json parses");
        assert_eq!(tone.direction.len(), 384);
        assert_eq!(
            tone.examples_sha256,
            format!("{:x}", Sha256::digest(EXAMPLES))
        );
        let norm: f32 = tone.direction.iter().map(|v| v * v).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "{norm}");
        assert!(tone.promotional_mean > tone.factual_mean);
        let peak = tone.peak.expect("the committed direction has a peak scale");
        assert_eq!(peak.window, PEAK_WINDOW);
        assert!(peak.promotional_mean > peak.factual_mean);
        assert!((peak.position(peak.promotional_mean) - 1.0).abs() < 1e-5);
        assert!(peak.position(peak.factual_mean).abs() < 1e-5);
    }

    #[test]
    fn positions_are_scaled_between_the_group_means() {
        let promotional = vec![vec![1.0, 0.0], vec![0.8, 0.2]];
        let factual = vec![vec![0.0, 1.0], vec![0.2, 0.8]];
        let tone = ToneDirection::from_embeddings(&promotional, &factual).unwrap();
        let at = |v: &[f32]| tone.position(v).unwrap();
        assert!((at(&[0.9, 0.1]) - 1.0).abs() < 1e-5);
        assert!(at(&[0.1, 0.9]).abs() < 1e-5);
        assert!((at(&[0.5, 0.5]) - 0.5).abs() < 1e-5);
        assert_eq!(tone.position(&[1.0]), None);
        assert_eq!(ToneDirection::from_embeddings(&promotional, &[]), None);
        assert_eq!(ToneDirection::from_embeddings(&factual, &factual), None);
    }
}
