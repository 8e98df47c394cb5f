//! The loaded-word tagger's files: an MLP over each word piece's last encoder state and
//! last sentiment-branch state (768 -> hidden, ReLU -> 1), trained on the loaded-wording
//! spans of the Propaganda Techniques Corpus and BASIL by `scripts/train-loaded`; weights
//! in `loaded.safetensors`, shapes and provenance in `loaded.json`, beside the sentiment
//! head and in its manifest entry. It runs inside the encoder's pass
//! ([`crate::models::bert::Tagger`]); `flags::promotional` reads the words it tags.

use std::path::Path;

use super::branch_head::{read_branch_head, BranchHeadFiles};
use crate::models::bert::Tagger;
use crate::models::ModelError;

/// The tagger's shapes, pinned branch and provenance, in the model folder.
pub const META_FILE: &str = "loaded.json";
/// The tagger's weights, in the model folder.
pub const WEIGHTS_FILE: &str = "loaded.safetensors";

/// Reads the tagger in `dir`; `None` when `dir` has no `loaded.json`. `branch_weights`
/// and `branch_sha` as in [`read_branch_head`].
pub fn read_tagger(
    dir: &Path,
    branch_weights: &Path,
    branch_sha: Option<&str>,
) -> Result<Option<Tagger>, ModelError> {
    let files = BranchHeadFiles {
        meta: &dir.join(META_FILE),
        weights: &dir.join(WEIGHTS_FILE),
        outputs: 1,
        what: "loaded-word tagger",
        retrain: "bash scripts/train-loaded",
    };
    if !files.meta.exists() {
        return Ok(None);
    }
    let (_, hidden, output) = read_branch_head(&files, branch_weights, branch_sha)?;
    Ok(Some(Tagger { hidden, output }))
}
