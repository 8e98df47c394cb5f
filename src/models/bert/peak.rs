//! Where in a sentence its token states lie furthest along a direction: the words a
//! promotional flag quotes.

use tch::{Kind, Tensor};

/// A direction to look for the stretch of text that lies furthest along (the
/// promotional tone, see `flags::tone`), and the stretch's length in word pieces.
pub struct Probe {
    /// `[hidden]`, unit length.
    pub direction: Tensor,
    pub window: i64,
}

/// For each input, the window of `probe.window` consecutive word pieces (`[CLS]` and
/// `[SEP]` left out) whose mean state, L2-normalised as a sentence embedding is, projects
/// furthest on `probe.direction`: a loaded phrase inside a long, plain sentence is
/// diluted in the sentence's mean but not in its own window. An input shorter than the
/// window is one window. Returns the projections `[batch]` and the windows' first token
/// indices `[batch]` (0 is `[CLS]`, which a full window never includes).
pub fn peak_windows(states: &Tensor, mask: &Tensor, probe: &Probe) -> (Tensor, Tensor) {
    let _guard = tch::no_grad_guard();
    let (batch, tokens, _) = states.size3().unwrap_or((0, 0, 0));
    let states = states.to_kind(Kind::Float);
    let lengths = mask.sum_dim_intlist([1i64].as_slice(), false, Kind::Int64);
    // Word pieces only: [CLS] is the first token, [SEP] the last under the mask.
    let positions = Tensor::arange(tokens, (Kind::Int64, states.device())).unsqueeze(0);
    let inner = positions
        .gt(0)
        .logical_and(&positions.lt_tensor(&(lengths.unsqueeze(1) - 1)))
        .to_kind(Kind::Float);
    let window = probe.window.clamp(1, tokens.max(1));
    let sums = (&states * inner.unsqueeze(-1))
        .unfold(1, window, 1)
        .sum_dim_intlist([-1i64].as_slice(), false, Kind::Float);
    let counts = inner
        .unfold(1, window, 1)
        .sum_dim_intlist([-1i64].as_slice(), false, Kind::Float);
    // A window counts when it is full, or holds the whole of a shorter input.
    let full = (lengths - 2)
        .clamp_min(0)
        .clamp_max(window)
        .to_kind(Kind::Float);
    let valid = counts
        .eq_tensor(&full.unsqueeze(1))
        .logical_and(&counts.gt(0.0));
    let means = sums / counts.clamp_min(1.0).unsqueeze(-1);
    let means = &means
        / means
            .norm_scalaropt_dim(2, [-1i64].as_slice(), true)
            .clamp_min(1e-12);
    let projections = means
        .matmul(&probe.direction.to_kind(Kind::Float))
        .masked_fill(&valid.logical_not(), f64::NEG_INFINITY);
    let (best, at) = projections.max_dim(1, false);
    let best = best.masked_fill(&best.isinf(), f64::NAN);
    debug_assert_eq!(best.size(), [batch]);
    (best, at)
}
