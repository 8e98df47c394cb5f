//! Where in a sentence its token states lie furthest along a direction: the words a
//! promotional flag quotes.

use tch::{Kind, TchError, Tensor};

/// A direction to look for the stretch of text that lies furthest along (the
/// promotional tone, see `flags::tone`), and the stretch's length in word pieces.
pub struct Probe {
    /// `[hidden]`, unit length.
    pub direction: Tensor,
    /// The stretch's length in word pieces.
    pub window: i64,
}

/// For each input, the window of `probe.window` consecutive word pieces (`[CLS]` and
/// `[SEP]` left out) whose mean state, L2-normalised as a sentence embedding is, projects
/// furthest on `probe.direction`: a loaded phrase inside a long, plain sentence is
/// diluted in the sentence's mean but not in its own window. An input shorter than the
/// window is one window. Returns the projections `[batch]` and the windows' first token
/// indices `[batch]` (0 is `[CLS]`, which a full window never includes).
pub fn peak_windows(
    states: &Tensor,
    mask: &Tensor,
    probe: &Probe,
) -> Result<(Tensor, Tensor), TchError> {
    let _guard = tch::no_grad_guard();
    let (_, tokens, _) = states.size3()?;
    let states = states.f_to_kind(Kind::Float)?;
    let lengths = mask.f_sum_dim_intlist([1i64].as_slice(), false, Kind::Int64)?;
    // Word pieces only: [CLS] is the first token, [SEP] the last under the mask.
    let positions = Tensor::f_arange(tokens, (Kind::Int64, states.device()))?.f_unsqueeze(0)?;
    let last = lengths.f_unsqueeze(1)?.f_sub_scalar(1)?;
    let inner = positions
        .f_gt(0)?
        .f_logical_and(&positions.f_lt_tensor(&last)?)?
        .f_to_kind(Kind::Float)?;
    let window = probe.window.clamp(1, tokens.max(1));
    let sums = states
        .f_mul(&inner.f_unsqueeze(-1)?)?
        .f_unfold(1, window, 1)?
        .f_sum_dim_intlist([-1i64].as_slice(), false, Kind::Float)?;
    let counts =
        inner
            .f_unfold(1, window, 1)?
            .f_sum_dim_intlist([-1i64].as_slice(), false, Kind::Float)?;
    // A window counts when it is full, or holds the whole of a shorter input.
    let full = lengths
        .f_sub_scalar(2)?
        .f_clamp_min(0)?
        .f_clamp_max(window)?
        .f_to_kind(Kind::Float)?;
    let valid = counts
        .f_eq_tensor(&full.f_unsqueeze(1)?)?
        .f_logical_and(&counts.f_gt(0.0)?)?;
    let means = sums.f_div(&counts.f_clamp_min(1.0)?.f_unsqueeze(-1)?)?;
    let means = means.f_div(
        &means
            .f_norm_scalaropt_dim(2, [-1i64].as_slice(), true)?
            .f_clamp_min(1e-12)?,
    )?;
    let projections = means
        .f_matmul(&probe.direction.f_to_kind(Kind::Float)?)?
        .f_masked_fill(&valid.f_logical_not()?, f64::NEG_INFINITY)?;
    let (best, at) = projections.f_max_dim(1, false)?;
    let best = best.f_masked_fill(&best.f_isinf()?, f64::NAN)?;
    Ok((best, at))
}
