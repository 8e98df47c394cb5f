//! The embedded sentiment model: a small MLP (384 -> hidden, ReLU -> 3 classes) on the
//! mean-pooled states of a *branch*, MiniLM's top layers adapted for sentiment (their
//! matrices whole or as low-rank updates, their biases and layer norms), which the embedder runs
//! beside the original top layers in the same pass. Trained by
//! `scripts/train-sentiment`. Weights (branch and MLP) live in `head.safetensors`, shapes
//! and provenance in `head.json`; both are listed with their sha256 in
//! `models/manifest.toml`. A head without a branch reads the sentence embeddings.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::loaded::{read_tagger, Loaded};
use crate::document::{Probabilities, Sentence, Sentiment, SentimentLabel};
use crate::models::embedder::Encoded;
use crate::models::manifest::{models_dir, Manifest};
use crate::models::{Embedder, ModelError};
use crate::sentiment::target::TargetHead;

/// The embedded sentiment model's name in `models/manifest.toml`.
pub const HEAD: &str = "sentiment-head";
/// The head's shapes and provenance, in the model folder.
pub const META_FILE: &str = "head.json";
/// The branch's and the head's weights, in the model folder.
pub const WEIGHTS_FILE: &str = "head.safetensors";

/// The output classes, in the order of the head's outputs.
pub const CLASSES: [SentimentLabel; 3] = [
    SentimentLabel::Negative,
    SentimentLabel::Neutral,
    SentimentLabel::Positive,
];

/// Shapes and provenance of a trained head, as stored in `head.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HeadMeta {
    /// The embedding model the head was trained on.
    pub embedding_model: String,
    /// Width of the vector the MLP reads (the branch's pooled states).
    pub inputs: usize,
    /// Width of the MLP's hidden layer.
    pub hidden: usize,
    /// The adapted top layers the head reads; without them it reads the embeddings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<BranchMeta>,
    /// How the head was trained.
    pub provenance: Provenance,
}

/// Which of the encoder's layers the branch adapts, and how they are stored.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct BranchMeta {
    /// The first of the encoder's layers the branch replaces.
    pub first_layer: usize,
    /// Rank of the low-rank updates; 0 when the matrices are stored whole.
    pub rank: usize,
}

/// How a head was trained: data, measures at training time and the command that
/// reruns it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Provenance {
    /// Each training file with the number of examples taken from it.
    pub train_data: Vec<(String, usize)>,
    /// The SST-2 file the dev measures are on.
    pub dev_data: String,
    /// SST-2 dev: positive when P(positive) > P(negative).
    pub dev_accuracy: f32,
    /// Share of the (all polar) dev sentences labelled neutral.
    pub dev_neutral_share: f32,
    /// Accuracy on the held-out tenth of the 3-class training file(s), if any.
    pub heldout_3class_accuracy: Option<f32>,
    /// Macro-F1 on the held-out tenth of NewsMTSC train's articles, if trained on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heldout_news_macro_f1: Option<f32>,
    /// How much each news sentence's loss counted against one SST-2 phrase or tweet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub news_weight: Option<f64>,
    /// How much the loss of tone toward each NewsMTSC target counted, if trained on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_weight: Option<f64>,
    /// Seed of the training run.
    pub seed: i64,
    /// Passes over the training data.
    pub epochs: usize,
    /// Examples per step.
    pub batch_size: usize,
    /// Learning rate of the branch (AdamW).
    pub learning_rate: f64,
    /// AdamW's weight decay.
    pub weight_decay: f64,
    /// Date and torch version of the run.
    pub trained_on: String,
    /// The command that reruns the training.
    pub command: String,
}

/// A dense layer, weights row-major `[outputs][inputs]`.
#[derive(Debug, Clone)]
pub(super) struct Dense {
    weight: Vec<f32>,
    bias: Vec<f32>,
    inputs: usize,
}

impl Dense {
    /// Weights (row-major `[outputs][inputs]`) and biases.
    pub(super) fn parts(&self) -> (&[f32], &[f32]) {
        (&self.weight, &self.bias)
    }

    pub(super) fn forward(&self, x: &[f32]) -> Vec<f32> {
        self.bias
            .iter()
            .enumerate()
            .map(|(o, b)| {
                let row = &self.weight[o * self.inputs..(o + 1) * self.inputs];
                b + row.iter().zip(x).map(|(w, v)| w * v).sum::<f32>()
            })
            .collect()
    }
}

/// The embedded sentiment model: the branch's head (and its target head, when the
/// folder has one), read from `models/sentiment/`.
#[derive(Debug)]
pub struct SentimentHead {
    /// Its shapes and provenance (`head.json`).
    pub meta: HeadMeta,
    /// `head.safetensors`, which also holds the branch.
    weights: PathBuf,
    /// Its sha256, when the manifest check gave it.
    weights_sha: Option<String>,
    hidden: Dense,
    output: Dense,
    /// The tone toward a mention, when the folder has one (`target.json`).
    pub target: Option<TargetHead>,
}

impl SentimentHead {
    /// Verifies the head's files against the manifest and reads them.
    pub fn load(models: Option<&Path>) -> Result<SentimentHead, ModelError> {
        let manifest = Manifest::builtin();
        let entry = manifest
            .get(HEAD)
            .ok_or_else(|| ModelError::Unknown(HEAD.into()))?;
        let dir = entry.verify(&models_dir(models))?;
        // Verified against the manifest just now: no need to hash it again.
        let weights_sha = entry
            .files
            .iter()
            .find(|f| f.path == WEIGHTS_FILE)
            .map(|f| f.sha256.clone());
        Self::read_verified(&dir, weights_sha)
    }

    /// Reads `head.json` and `head.safetensors` from `dir` without the manifest check.
    pub fn read(dir: &Path) -> Result<SentimentHead, ModelError> {
        Self::read_verified(dir, None)
    }

    /// [`SentimentHead::read`], given the sha256 of `head.safetensors` when it is known.
    fn read_verified(dir: &Path, weights_sha: Option<String>) -> Result<SentimentHead, ModelError> {
        let meta_path = dir.join(META_FILE);
        let invalid = |path: &Path, why: String| ModelError::Invalid {
            what: "sentiment head",
            path: path.to_path_buf(),
            why,
        };
        let text = crate::bounded::read_small_file(&meta_path, crate::bounded::SMALL_FILE_LIMIT)
            .map_err(|e| invalid(&meta_path, e.to_string()))?;
        let meta: HeadMeta =
            serde_json::from_str(&text).map_err(|e| invalid(&meta_path, e.to_string()))?;
        let weights_path = dir.join(WEIGHTS_FILE);
        let (inputs, hidden) = (meta.inputs, meta.hidden);
        let (hidden, output) = read_mlp(
            &weights_path,
            [inputs, hidden, CLASSES.len()],
            "sentiment head",
        )?;
        let target = TargetHead::read(dir, &weights_path, weights_sha.as_deref())?;
        Ok(SentimentHead {
            weights: weights_path,
            weights_sha,
            hidden,
            output,
            target,
            meta,
        })
    }

    /// The loaded-word tagger trained on this head's branch: from `dir` when given
    /// (an error when it holds none), else from beside the head (`None` when there is
    /// none, or the head has no branch).
    pub fn read_tagger(&self, dir: Option<&Path>) -> Result<Option<Loaded>, ModelError> {
        if self.meta.branch.is_none() {
            return Ok(None);
        }
        let beside = self.weights.parent().unwrap_or(Path::new("."));
        let tagger = read_tagger(
            dir.unwrap_or(beside),
            &self.weights,
            self.weights_sha.as_deref(),
        )?;
        match (tagger, dir) {
            (None, Some(dir)) => Err(ModelError::Invalid {
                what: "loaded-word tagger",
                path: dir.join(super::loaded::META_FILE),
                why: "no such file".into(),
            }),
            (tagger, _) => Ok(tagger),
        }
    }

    /// Gives `embedder` the head's branch, if it has one; call before encoding.
    pub fn attach(&self, embedder: &mut Embedder) -> Result<(), ModelError> {
        match self.meta.branch {
            Some(branch) => embedder.attach_branch(&self.weights, branch.first_layer),
            None => Ok(()),
        }
    }

    /// What the head reads of an encoder's output: the branch's states, or the
    /// embeddings for a head without a branch.
    pub fn inputs<'e>(&self, encoded: &'e Encoded) -> &'e [Vec<f32>] {
        if self.meta.branch.is_some() {
            &encoded.branch
        } else {
            &encoded.embeddings
        }
    }

    /// What the head reads of one sentence: its branch states, or its embedding for a
    /// head without a branch.
    pub fn input<'s>(&self, sentence: &'s Sentence) -> &'s [f32] {
        if self.meta.branch.is_some() {
            &sentence.sentiment_input
        } else {
            &sentence.embedding
        }
    }

    /// Class probabilities for one input vector (see [`SentimentHead::inputs`]).
    pub fn probabilities(&self, input: &[f32]) -> Probabilities {
        mlp(&self.hidden, &self.output, input)
    }

    /// The sentiment of the branch's pooled states `input`.
    pub fn predict(&self, input: &[f32]) -> Sentiment {
        sentiment(self.probabilities(input))
    }
}

/// Negative/neutral/positive probabilities of a two-layer MLP (ReLU between).
pub(super) fn mlp(hidden: &Dense, output: &Dense, input: &[f32]) -> Probabilities {
    let mut h = hidden.forward(input);
    for v in &mut h {
        *v = v.max(0.0);
    }
    let logits = output.forward(&h);
    let max = logits.iter().copied().fold(f32::MIN, f32::max);
    let exp: Vec<f32> = logits.iter().map(|l| (l - max).exp()).collect();
    let sum: f32 = exp.iter().sum::<f32>().max(f32::MIN_POSITIVE);
    Probabilities {
        negative: exp[0] / sum,
        neutral: Some(exp[1] / sum),
        positive: exp[2] / sum,
    }
}

/// The values of the tensor `name` among `tensors` (as a safetensors file reads), as
/// f32 in order; `None` when there is none.
pub(super) fn tensor_values(
    tensors: &[(String, tch::Tensor)],
    name: &str,
) -> Option<Result<Vec<f32>, tch::TchError>> {
    let tensor = tensors.iter().find(|(n, _)| n == name).map(|(_, t)| t)?;
    Some(Vec::<f32>::try_from(
        tensor.flatten(0, -1).to_kind(tch::Kind::Float),
    ))
}

/// Reads an MLP's two layers, `hidden.*` (`inputs` -> `hidden`) and `output.*`
/// (`hidden` -> `outputs`), from a safetensors file, checking every shape.
pub(super) fn read_mlp(
    path: &Path,
    [inputs, hidden, outputs]: [usize; 3],
    what: &'static str,
) -> Result<(Dense, Dense), ModelError> {
    let invalid = |why: String| ModelError::Invalid {
        what,
        path: path.to_path_buf(),
        why,
    };
    let tensors = tch::Tensor::read_safetensors(path).map_err(|e| invalid(e.to_string()))?;
    let get = |name: &str, len: usize| -> Result<Vec<f32>, ModelError> {
        let values = tensor_values(&tensors, name)
            .ok_or_else(|| invalid(format!("no tensor {name}")))?
            .map_err(|e| invalid(e.to_string()))?;
        if values.len() != len {
            return Err(invalid(format!(
                "{name} has {} values, expected {len}",
                values.len()
            )));
        }
        Ok(values)
    };
    Ok((
        Dense {
            weight: get("hidden.weight", hidden * inputs)?,
            bias: get("hidden.bias", hidden)?,
            inputs,
        },
        Dense {
            weight: get("output.weight", outputs * hidden)?,
            bias: get("output.bias", outputs)?,
            inputs: hidden,
        },
    ))
}

/// A sentiment from class probabilities: the most probable class, and the score
/// P(positive) - P(negative).
pub fn sentiment(p: Probabilities) -> Sentiment {
    let neutral = p.neutral.unwrap_or(0.0);
    let label = if neutral >= p.positive && neutral >= p.negative {
        SentimentLabel::Neutral
    } else if p.positive > p.negative {
        SentimentLabel::Positive
    } else {
        SentimentLabel::Negative
    };
    Sentiment {
        label,
        score: p.positive - p.negative,
        probabilities: p,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_label_is_the_most_probable_class_and_the_score_its_balance() {
        let s = sentiment(Probabilities {
            negative: 0.2,
            neutral: Some(0.5),
            positive: 0.3,
        });
        assert_eq!(s.label, SentimentLabel::Neutral);
        assert!((s.score - 0.1).abs() < 1e-6);
        let s = sentiment(Probabilities {
            negative: 0.6,
            neutral: Some(0.1),
            positive: 0.3,
        });
        assert_eq!(s.label, SentimentLabel::Negative);
    }
}
