//! The encoder's matrix products at a chosen [`Precision`]: f32, bf16 or int8.

use serde::{Deserialize, Serialize};
use tch::{Kind, TchError, Tensor};

/// Arithmetic of the linear layers (attention, layer norms and pooling stay in f32).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// bf16 where the CPU multiplies bf16 natively (AVX512-BF16), else int8: the fastest
    /// that keeps SST-2, ROUGE and MSRP within half a point of f32 (see BENCHMARKS.md).
    #[default]
    Auto,
    /// f32 throughout: matches rust-bert to 1e-4.
    F32,
    /// bfloat16 matrix products with f32 accumulation.
    Bf16,
    /// int8 matrix products: weights quantized per output channel at load,
    /// activations per row at run time (symmetric), int32 accumulation.
    Int8,
}

impl Precision {
    /// What [`Precision::Auto`] means on this CPU; other values are returned as they are.
    pub fn resolve(self) -> Precision {
        match self {
            Precision::Auto if native_bf16() => Precision::Bf16,
            Precision::Auto => Precision::Int8,
            other => other,
        }
    }
}

impl std::str::FromStr for Precision {
    type Err = String;
    fn from_str(s: &str) -> Result<Precision, String> {
        match s {
            "auto" => Ok(Precision::Auto),
            "f32" => Ok(Precision::F32),
            "bf16" => Ok(Precision::Bf16),
            "int8" => Ok(Precision::Int8),
            _ => Err(format!("unknown precision {s} (auto, f32, bf16, int8)")),
        }
    }
}

/// Without native bf16 instructions libtorch emulates bf16 products, slower than f32.
fn native_bf16() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        // CPUs with AMX have AVX512-BF16 too.
        std::arch::is_x86_feature_detected!("avx512bf16")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// A linear layer: f32 weights, and their faster copy at the chosen precision. The
/// encoder reads `weight` and `bias` of the layers it loads as layer norms.
pub(super) struct Linear {
    pub(super) weight: Tensor,
    pub(super) bias: Tensor,
    fast: Fast,
}

enum Fast {
    None,
    Bf16(Tensor),
    /// The int8 weight `[out, in]` and its per-output scales `[1, out]`.
    Int8(Tensor, Tensor),
}

impl Linear {
    pub(super) fn new(
        weight: Tensor,
        bias: Tensor,
        precision: Precision,
    ) -> Result<Linear, TchError> {
        let fast = match precision.resolve() {
            Precision::F32 | Precision::Auto => Fast::None,
            Precision::Bf16 => Fast::Bf16(weight.f_to_kind(Kind::BFloat16)?),
            Precision::Int8 => {
                let scales = weight
                    .f_abs()?
                    .f_amax([1i64].as_slice(), true)?
                    .f_clamp_min(1e-12)?
                    .f_div_scalar(127.0)?;
                let q = weight.f_div(&scales)?.f_round()?.f_to_kind(Kind::Int8)?;
                Fast::Int8(q, scales.f_view([1, -1])?)
            }
        };
        Ok(Linear { weight, bias, fast })
    }

    pub(super) fn forward(&self, x: &Tensor) -> Result<Tensor, TchError> {
        match &self.fast {
            Fast::None => x.f_linear(&self.weight, Some(&self.bias)),
            Fast::Bf16(w) => x
                .f_to_kind(Kind::BFloat16)?
                .f_linear(w, None::<Tensor>)?
                .f_to_kind(Kind::Float)?
                .f_add(&self.bias),
            Fast::Int8(w, scales) => {
                let mut shape = x.size();
                let rows = x.f_reshape([-1, *shape.last().unwrap_or(&1)])?;
                let row_scales = rows
                    .f_abs()?
                    .f_amax([1i64].as_slice(), true)?
                    .f_clamp_min(1e-12)?
                    .f_div_scalar(127.0)?;
                let q = rows.f_div(&row_scales)?.f_round()?.f_to_kind(Kind::Int8)?;
                let out = q
                    // Given as a transposed view of `[out, in]`: libtorch's int8 product
                    // runs 6-11% faster on it than on a contiguous `[in, out]` copy.
                    .f_internal_int_mm(&w.f_tr()?)?
                    .f_to_kind(Kind::Float)?
                    .f_mul(&row_scales)?
                    .f_mul(scales)?
                    .f_add(&self.bias)?;
                if let Some(last) = shape.last_mut() {
                    *last = w.size2()?.0;
                }
                out.f_view(shape.as_slice())
            }
        }
    }

    /// The same weights at another precision.
    pub(super) fn with(self, precision: Precision) -> Result<Linear, TchError> {
        Linear::new(self.weight, self.bias, precision)
    }
}
