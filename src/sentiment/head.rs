//! The embedded sentiment model: logistic regression on frozen MiniLM sentence
//! embeddings, trained by `newslens train-sentiment` (see [`super::train`]).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::document::{Probabilities, Sentiment, SentimentLabel};
use crate::models::manifest::{models_dir, Manifest};
use crate::models::ModelError;

pub const HEAD: &str = "sentiment-head";
const HEAD_FILE: &str = "head.json";

/// Weights and provenance of a trained head, as stored in `models/sentiment/head.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SentimentHead {
    /// The embedding model the head was trained on.
    pub embedding_model: String,
    pub weights: Vec<f32>,
    pub bias: f32,
    /// |score| below this is neutral (score = 2 P(positive) - 1).
    pub neutral_band: f32,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Provenance {
    pub train_data: String,
    pub train_examples: usize,
    pub dev_data: String,
    pub dev_accuracy: f32,
    pub seed: i64,
    pub epochs: usize,
    pub l2: f64,
    pub trained_on: String,
    pub command: String,
}

impl SentimentHead {
    /// Verifies `models/sentiment/head.json` against the manifest and reads it.
    pub fn load(models: Option<&Path>) -> Result<SentimentHead, ModelError> {
        let manifest = Manifest::builtin();
        let entry = manifest
            .get(HEAD)
            .ok_or_else(|| ModelError::Unknown(HEAD.into()))?;
        let path = entry.verify(&models_dir(models))?.join(HEAD_FILE);
        Self::read(&path)
    }

    /// Reads a head file without checking it against the manifest.
    pub fn read(path: &Path) -> Result<SentimentHead, ModelError> {
        let invalid = |why: String| ModelError::Invalid {
            what: "sentiment head",
            path: path.to_path_buf(),
            why,
        };
        let text = std::fs::read_to_string(path).map_err(|e| invalid(e.to_string()))?;
        let head: SentimentHead =
            serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
        if head.weights.is_empty() {
            return Err(invalid("no weights".into()));
        }
        Ok(head)
    }

    /// P(positive) for one embedding.
    pub fn positive_probability(&self, embedding: &[f32]) -> f32 {
        let z: f32 = self
            .weights
            .iter()
            .zip(embedding)
            .map(|(w, x)| w * x)
            .sum::<f32>()
            + self.bias;
        1.0 / (1.0 + (-z).exp())
    }

    pub fn predict(&self, embedding: &[f32]) -> Sentiment {
        self.from_probability(self.positive_probability(embedding))
    }

    /// A sentiment from P(positive), labelled with this head's neutral band.
    pub fn from_probability(&self, positive: f32) -> Sentiment {
        let score = 2.0 * positive - 1.0;
        let label = if score.abs() < self.neutral_band {
            SentimentLabel::Neutral
        } else if score > 0.0 {
            SentimentLabel::Positive
        } else {
            SentimentLabel::Negative
        };
        Sentiment {
            label,
            score,
            probabilities: Probabilities {
                negative: 1.0 - positive,
                neutral: None,
                positive,
            },
        }
    }
}
