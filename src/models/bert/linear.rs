//! The encoder's matrix products at a chosen [`Precision`]: f32, bf16 or int8.

use serde::{Deserialize, Serialize};
use tch::{Kind, Tensor};

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
    /// Transposed int8 weight `[in, out]` and its per-output scales `[1, out]`.
    Int8(Tensor, Tensor),
}

impl Linear {
    pub(super) fn new(weight: Tensor, bias: Tensor, precision: Precision) -> Linear {
        let fast = match precision.resolve() {
            Precision::F32 | Precision::Auto => Fast::None,
            Precision::Bf16 => Fast::Bf16(weight.to_kind(Kind::BFloat16)),
            Precision::Int8 => {
                let scales = weight.abs().amax([1i64].as_slice(), true).clamp_min(1e-12) / 127.0;
                let q = (&weight / &scales)
                    .round()
                    .to_kind(Kind::Int8)
                    .tr()
                    .contiguous();
                Fast::Int8(q, scales.view([1, -1]))
            }
        };
        Linear { weight, bias, fast }
    }

    pub(super) fn forward(&self, x: &Tensor) -> Tensor {
        match &self.fast {
            Fast::None => x.linear(&self.weight, Some(&self.bias)),
            Fast::Bf16(w) => {
                x.to_kind(Kind::BFloat16)
                    .linear(w, None::<Tensor>)
                    .to_kind(Kind::Float)
                    + &self.bias
            }
            Fast::Int8(w, scales) => {
                let mut shape = x.size();
                let rows = x.reshape([-1, *shape.last().unwrap_or(&1)]);
                let row_scales = rows.abs().amax([1i64].as_slice(), true).clamp_min(1e-12) / 127.0;
                let q = (&rows / &row_scales).round().to_kind(Kind::Int8);
                let out =
                    q.internal_int_mm(w).to_kind(Kind::Float) * row_scales * scales + &self.bias;
                if let Some(last) = shape.last_mut() {
                    *last = w.size()[1];
                }
                out.view(shape.as_slice())
            }
        }
    }

    /// The same weights at another precision.
    pub(super) fn with(self, precision: Precision) -> Linear {
        Linear::new(self.weight, self.bias, precision)
    }
}
