//! The loaded-word tagger's files: an MLP over each word piece's last encoder state and
//! last sentiment-branch state (768 -> hidden, ReLU -> 1), trained on the loaded-wording
//! spans of the Propaganda Techniques Corpus and BASIL by `scripts/train-loaded`; weights
//! in `loaded.safetensors`, shapes and provenance in `loaded.json`, beside the sentiment
//! head and in its manifest entry. It runs inside the encoder's pass
//! ([`crate::models::bert::Tagger`]); `flags::promotional` reads the words it tags.
//! The same file may hold the sentence probe (`sentence.weight`, `sentence.bias`: a
//! logistic regression on a sentence's embedding and branch states, see
//! [`SentenceProbe`]), which the flags read too.

use std::path::Path;

use super::branch_head::{read_branch_head, BranchHeadFiles};
use super::head::tensor_values;
use crate::flags::promotional::SentenceProbe;
use crate::models::bert::Tagger;
use crate::models::ModelError;

/// The tagger's shapes, pinned branch and provenance, in the model folder.
pub const META_FILE: &str = "loaded.json";
/// The tagger's weights, in the model folder.
pub const WEIGHTS_FILE: &str = "loaded.safetensors";

/// The tagger, and the sentence probe when its file has one.
#[derive(Debug)]
pub struct Loaded {
    /// Loaded wording by word piece, run in the encoder's pass.
    pub tagger: Tagger,
    /// Loaded wording by sentence, read from what the pass keeps of each.
    pub probe: Option<SentenceProbe>,
}

/// Reads the tagger in `dir`; `None` when `dir` has no `loaded.json`. `branch_weights`
/// and `branch_sha` as in [`read_branch_head`].
pub fn read_tagger(
    dir: &Path,
    branch_weights: &Path,
    branch_sha: Option<&str>,
) -> Result<Option<Loaded>, ModelError> {
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
    let (meta, hidden, output) = read_branch_head(&files, branch_weights, branch_sha)?;
    let probe = read_probe(files.weights, meta.inputs)?;
    Ok(Some(Loaded {
        tagger: Tagger { hidden, output },
        probe,
    }))
}

/// The sentence probe in the tagger's weights, if they hold one: `sentence.weight`
/// (`inputs` values) and `sentence.bias` (one).
fn read_probe(path: &Path, inputs: usize) -> Result<Option<SentenceProbe>, ModelError> {
    let invalid = |why: String| ModelError::Invalid {
        what: "sentence probe",
        path: path.to_path_buf(),
        why,
    };
    let tensors = tch::Tensor::read_safetensors(path).map_err(|e| invalid(e.to_string()))?;
    let get =
        |name: &str| tensor_values(&tensors, name).map(|r| r.map_err(|e| invalid(e.to_string())));
    let (weight, bias) = match (get("sentence.weight"), get("sentence.bias")) {
        (None, None) => return Ok(None),
        (Some(weight), Some(bias)) => (weight?, bias?),
        _ => {
            return Err(invalid(
                "sentence.weight and sentence.bias go together".into(),
            ))
        }
    };
    if weight.iter().chain(&bias).any(|x| !x.is_finite()) {
        return Err(invalid("a weight that is not a finite number".into()));
    }
    match bias[..] {
        [bias] if weight.len() == inputs => Ok(Some(SentenceProbe::new(weight, bias))),
        _ => Err(invalid(format!(
            "sentence.weight has {} values and sentence.bias {}, expected {inputs} and 1",
            weight.len(),
            bias.len()
        ))),
    }
}
