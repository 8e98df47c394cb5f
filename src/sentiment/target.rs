//! The tone toward one target in a sentence: negative, neutral or positive toward the
//! person or organisation a mention names, which may differ from the sentence's own tone
//! ("Critics assailed the senator" is negative toward the senator, not toward the
//! critics). An MLP (768 -> hidden, ReLU -> 3) reads the sentiment branch's states
//! averaged over the mention's word pieces, next to their average over the sentence
//! (the sentence head's own input), so it costs no extra encoder pass. Trained on
//! NewsMTSC by `scripts/train-target`; weights in `target.safetensors`, shapes and
//! provenance in `target.json`, beside the sentiment head and in its manifest entry.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::head::{mlp, read_mlp, Dense};
use crate::document::Probabilities;
use crate::models::ModelError;

pub const META_FILE: &str = "target.json";
pub const WEIGHTS_FILE: &str = "target.safetensors";

/// Shapes and provenance of a trained target head, as stored in `target.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TargetMeta {
    /// Twice the branch's width: the mention's states, then the sentence's.
    pub inputs: usize,
    pub hidden: usize,
    /// The sha256 of the `head.safetensors` whose branch it reads.
    pub sentiment_head_sha256: String,
    pub provenance: serde_json::Value,
}

#[derive(Debug, Clone)]
pub struct TargetHead {
    pub meta: TargetMeta,
    hidden: Dense,
    output: Dense,
}

impl TargetHead {
    /// Reads `target.json` and `target.safetensors` from `dir`; `None` when the folder
    /// has no `target.json` (a sentiment head trained without one). `branch_weights`
    /// is the head file whose branch it must have been trained on.
    pub fn read(dir: &Path, branch_weights: &Path) -> Result<Option<TargetHead>, ModelError> {
        let meta_path = dir.join(META_FILE);
        if !meta_path.exists() {
            return Ok(None);
        }
        let invalid = |why: String| ModelError::Invalid {
            what: "target head",
            path: meta_path.clone(),
            why,
        };
        let text = crate::bounded::read_small_file(&meta_path, crate::bounded::SMALL_FILE_LIMIT)
            .map_err(|e| invalid(e.to_string()))?;
        let meta: TargetMeta = serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
        let branch_sha = crate::models::manifest::sha256_file(branch_weights)
            .map_err(|e| invalid(e.to_string()))?;
        if branch_sha != meta.sentiment_head_sha256 {
            return Err(invalid(format!(
                "trained on a sentiment branch with sha256 {}, but {} has {branch_sha}: \
                 retrain it with `bash scripts/train-target`",
                meta.sentiment_head_sha256,
                branch_weights.display()
            )));
        }
        let (hidden, output) = read_mlp(
            &dir.join(WEIGHTS_FILE),
            meta.inputs,
            meta.hidden,
            "target head",
        )?;
        Ok(Some(TargetHead {
            meta,
            hidden,
            output,
        }))
    }

    /// The probabilities toward a target from the branch's states pooled over its
    /// mentions in a sentence and over the whole sentence.
    pub fn probabilities(&self, mention: &[f32], sentence: &[f32]) -> Probabilities {
        let input: Vec<f32> = mention.iter().chain(sentence).copied().collect();
        mlp(&self.hidden, &self.output, &input)
    }
}
