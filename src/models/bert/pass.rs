//! What one pass of the encoder is asked for and gives back.

use tch::Tensor;

use super::{Branch, Probe, Tagger};

/// What a pass of [`super::BertEncoder::encode`] reads besides the sentence embeddings.
#[derive(Clone, Copy, Default)]
pub struct Extras<'a> {
    /// Adapted top layers to run too: [`Pass::branched`].
    pub branch: Option<&'a Branch>,
    /// With a branch, weightings of the tokens (`[batch, pools, tokens]`, each row
    /// summing to 1) to pool the branch's states by: [`Pass::pooled`].
    pub pools: Option<&'a Tensor>,
    /// A direction whose peak window to find: [`Pass::peaks`].
    pub probe: Option<&'a Probe>,
    /// With a branch, the loaded-word tagger to run over every token: [`Pass::loaded`].
    pub tagger: Option<&'a Tagger>,
}

/// What one pass of [`super::BertEncoder::encode`] gives for a batch.
pub struct Pass {
    /// L2-normalised sentence embeddings `[batch, hidden]`.
    pub embeddings: Tensor,
    /// The branch's mean-pooled states `[batch, hidden]`, with a branch.
    pub branched: Option<Tensor>,
    /// The branch's states pooled by the weightings asked for `[batch, pools, hidden]`,
    /// with a branch and pools.
    pub pooled: Option<Tensor>,
    /// With a probe: each input's peak projection `[batch]` (NaN for an input with no
    /// word piece) and the index of its window's first token `[batch]`.
    pub peaks: Option<(Tensor, Tensor)>,
    /// With a branch and a tagger: each token's probability of being loaded wording
    /// `[batch, tokens]` (padding included; read under the mask).
    pub loaded: Option<Tensor>,
}
