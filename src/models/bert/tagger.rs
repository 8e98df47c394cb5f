//! Loaded wording by word piece: a small MLP that reads each word piece's last state of
//! the encoder next to its last state of the sentiment branch, in the same pass (see
//! `flags::loaded`, trained by `scripts/train-loaded`).

use tch::{Kind, Tensor};

/// An MLP (`[encoder state, branch state]` -> hidden, ReLU -> 1, sigmoid) over token
/// states; layers as `[outputs, inputs]` weights and `[outputs]` biases.
#[derive(Debug)]
pub struct Tagger {
    pub hidden: (Tensor, Tensor),
    pub output: (Tensor, Tensor),
}

impl Tagger {
    /// Each token's probability of being loaded wording, `[batch, tokens]`, from the
    /// encoder's states and the branch's (`[batch, tokens, hidden]` each).
    pub fn probabilities(&self, states: &Tensor, branched: &Tensor) -> Tensor {
        let _guard = tch::no_grad_guard();
        let x = Tensor::cat(
            &[states.to_kind(Kind::Float), branched.to_kind(Kind::Float)],
            -1,
        );
        x.linear(&self.hidden.0, Some(&self.hidden.1))
            .relu()
            .linear(&self.output.0, Some(&self.output.1))
            .squeeze_dim(-1)
            .sigmoid()
    }
}
