//! Loaded wording by word piece: a small MLP that reads each word piece's last state of
//! the encoder next to its last state of the sentiment branch, in the same pass (see
//! `flags::loaded`, trained by `scripts/train-loaded`).

use tch::{Kind, TchError, Tensor};

/// An MLP (`[encoder state, branch state]` -> hidden, ReLU -> 1, sigmoid) over token
/// states; layers as `[outputs, inputs]` weights and `[outputs]` biases.
#[derive(Debug)]
pub struct Tagger {
    /// First layer: weight `[hidden, 2 x states]` and bias `[hidden]`.
    pub hidden: (Tensor, Tensor),
    /// Second layer: weight `[1, hidden]` and bias `[1]`.
    pub output: (Tensor, Tensor),
}

impl Tagger {
    /// Each token's probability of being loaded wording, `[batch, tokens]`, from the
    /// encoder's states and the branch's (`[batch, tokens, hidden]` each).
    pub fn probabilities(&self, states: &Tensor, branched: &Tensor) -> Result<Tensor, TchError> {
        let _guard = tch::no_grad_guard();
        let x = Tensor::f_cat(
            &[
                states.f_to_kind(Kind::Float)?,
                branched.f_to_kind(Kind::Float)?,
            ],
            -1,
        )?;
        x.f_linear(&self.hidden.0, Some(&self.hidden.1))?
            .f_relu()?
            .f_linear(&self.output.0, Some(&self.output.1))?
            .f_squeeze_dim(-1)?
            .f_sigmoid()
    }
}
