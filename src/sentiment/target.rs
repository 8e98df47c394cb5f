//! The tone toward one target in a sentence: negative, neutral or positive toward the
//! person or organisation a mention names, which may differ from the sentence's own tone
//! ("Critics assailed the senator" is negative toward the senator, not toward the
//! critics). An MLP (768 -> hidden, ReLU -> 3) reads the sentiment branch's states
//! averaged over the mention's word pieces, next to their average over the sentence
//! (the sentence head's own input), so it costs no extra encoder pass. Trained on
//! NewsMTSC by `scripts/train-target`; weights in `target.safetensors`, shapes and
//! provenance in `target.json`, beside the sentiment head and in its manifest entry.

use std::path::Path;

use tch::{Kind, TchError, Tensor};

use super::branch_head::{read_branch_head, BranchHeadFiles, BranchHeadMeta};
use crate::document::Probabilities;
use crate::models::ModelError;

/// The target head's shapes, pinned branch and provenance, in the model folder.
pub const META_FILE: &str = "target.json";
/// The target head's weights, in the model folder.
pub const WEIGHTS_FILE: &str = "target.safetensors";

/// The MLP's layers as tensors, so that all of a document's mentions go through in two
/// matrix products.
#[derive(Debug)]
pub struct TargetHead {
    /// Its shapes, pinned branch and provenance (`target.json`).
    pub meta: BranchHeadMeta,
    hidden: (Tensor, Tensor),
    output: (Tensor, Tensor),
}

impl TargetHead {
    /// Reads `target.json` and `target.safetensors` from `dir`; `None` when the folder
    /// has no `target.json` (a sentiment head trained without one). See
    /// [`read_branch_head`] for `branch_weights` and `branch_sha`.
    pub fn read(
        dir: &Path,
        branch_weights: &Path,
        branch_sha: Option<&str>,
    ) -> Result<Option<TargetHead>, ModelError> {
        let files = BranchHeadFiles {
            meta: &dir.join(META_FILE),
            weights: &dir.join(WEIGHTS_FILE),
            outputs: 3,
            what: "target head",
            retrain: "bash scripts/train-target",
        };
        if !files.meta.exists() {
            return Ok(None);
        }
        let (meta, hidden, output) = read_branch_head(&files, branch_weights, branch_sha)?;
        Ok(Some(TargetHead {
            meta,
            hidden,
            output,
        }))
    }

    /// Each input's width: the branch's states over a mention, or over a sentence.
    pub fn width(&self) -> usize {
        self.meta.inputs / 2
    }

    /// The probabilities toward a target from the branch's states pooled over its
    /// mentions in a sentence and over the whole sentence; `None` when either is not
    /// [`TargetHead::width`] long.
    pub fn probabilities(
        &self,
        mention: &[f32],
        sentence: &[f32],
    ) -> Result<Option<Probabilities>, TchError> {
        Ok(self
            .probabilities_many(&[(mention, sentence)])?
            .pop()
            .flatten())
    }

    /// [`TargetHead::probabilities`] of many (mention, sentence) pairs at once, in two
    /// matrix products: one result per pair.
    pub fn probabilities_many(
        &self,
        pairs: &[(&[f32], &[f32])],
    ) -> Result<Vec<Option<Probabilities>>, TchError> {
        let width = self.width();
        let fits = |(mention, sentence): &(&[f32], &[f32])| {
            mention.len() == width && sentence.len() == width
        };
        let mut input = Vec::with_capacity(pairs.len() * 2 * width);
        for (mention, sentence) in pairs.iter().filter(|p| fits(p)) {
            input.extend_from_slice(mention);
            input.extend_from_slice(sentence);
        }
        let rows = (input.len() / (2 * width).max(1)) as i64;
        let mut computed = Vec::new();
        if rows > 0 {
            let _guard = tch::no_grad_guard();
            let probabilities = Tensor::from_slice(&input)
                .f_view([rows, 2 * width as i64])?
                .f_linear(&self.hidden.0, Some(&self.hidden.1))?
                .f_relu()?
                .f_linear(&self.output.0, Some(&self.output.1))?
                .f_softmax(-1, Kind::Float)?;
            computed = Vec::<f32>::try_from(probabilities.f_flatten(0, -1)?)?;
        }
        let mut rows = computed.chunks_exact(3).map(|p| Probabilities {
            negative: p[0],
            neutral: Some(p[1]),
            positive: p[2],
        });
        Ok(pairs
            .iter()
            .map(|pair| if fits(pair) { rows.next() } else { None })
            .collect())
    }
}
