//! Small heads that read the sentiment branch's token states (the target-tone head, the
//! loaded-word tagger): an MLP (inputs -> hidden, ReLU -> outputs) in a safetensors file,
//! with its shapes, provenance and the sha256 of the branch it was trained on in a JSON
//! file beside it. A head trained on another branch reads states it never saw, so it is
//! refused, with the command that retrains it.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tch::Tensor;

use super::head::read_mlp;
use crate::models::ModelError;

/// A branch head's JSON file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BranchHeadMeta {
    /// What each input row holds, in the branch's (and encoder's) widths.
    pub inputs: usize,
    /// Width of the hidden layer.
    pub hidden: usize,
    /// The sha256 of the `head.safetensors` whose branch it reads.
    pub sentiment_head_sha256: String,
    /// How it was trained (data, seed, command), as the training script wrote it.
    pub provenance: serde_json::Value,
}

/// Where a branch head's files are and what it is.
pub struct BranchHeadFiles<'a> {
    /// The JSON file (shapes, the pinned sha256, provenance).
    pub meta: &'a Path,
    /// The safetensors file with the MLP's layers.
    pub weights: &'a Path,
    /// Outputs of the MLP (3 classes, or 1 for the tagger).
    pub outputs: usize,
    /// For errors: "target head", "loaded-word tagger".
    pub what: &'static str,
    /// The command that retrains it, for the error when the branch differs.
    pub retrain: &'static str,
}

/// A layer as tensors: weight `[outputs, inputs]`, bias `[outputs]`.
pub type Layer = (Tensor, Tensor);

/// Reads a branch head and checks that `branch_weights` (whose sha256 is `branch_sha`
/// when already known, hashed here otherwise) is the branch it was trained on.
pub fn read_branch_head(
    files: &BranchHeadFiles,
    branch_weights: &Path,
    branch_sha: Option<&str>,
) -> Result<(BranchHeadMeta, Layer, Layer), ModelError> {
    let invalid = |why: String| ModelError::Invalid {
        what: files.what,
        path: files.meta.to_path_buf(),
        why,
    };
    let text = crate::bounded::read_small_file(files.meta, crate::bounded::SMALL_FILE_LIMIT)
        .map_err(|e| invalid(e.to_string()))?;
    let meta: BranchHeadMeta = serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
    let branch_sha = match branch_sha {
        Some(sha) => sha.to_string(),
        None => crate::models::manifest::sha256_file(branch_weights)
            .map_err(|e| invalid(e.to_string()))?,
    };
    if branch_sha != meta.sentiment_head_sha256 {
        return Err(invalid(format!(
            "trained on a sentiment branch with sha256 {}, but {} has {branch_sha}: \
             retrain it with `{}`",
            meta.sentiment_head_sha256,
            branch_weights.display(),
            files.retrain
        )));
    }
    let (hidden, output) = read_mlp(
        files.weights,
        [meta.inputs, meta.hidden, files.outputs],
        files.what,
    )?;
    let tensors = |(weight, bias): (&[f32], &[f32])| {
        let outputs = bias.len() as i64;
        (
            Tensor::from_slice(weight).view([outputs, -1]),
            Tensor::from_slice(bias),
        )
    };
    Ok((meta, tensors(hidden.parts()), tensors(output.parts())))
}
