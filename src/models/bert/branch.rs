//! The sentiment branch: adapted copies of the encoder's top layers (see
//! `scripts/train_sentiment.py`), loaded beside the encoder's own.

use std::path::Path;

use tch::Tensor;

use super::linear::{Linear, Precision};
use super::{norm, BertEncoder, Layer, LoadError, Weights};

/// Adapted copies of the encoder's top layers, from `first` to the last.
pub struct Branch {
    pub(super) first: usize,
    pub(super) layers: Vec<Layer>,
}

impl Branch {
    /// The first of the encoder's layers it replaces.
    pub fn first_layer(&self) -> usize {
        self.first
    }
}

impl BertEncoder {
    /// Reads a branch from `weights`: for every layer from `first` up, tensors named
    /// `branch.layer.{i}.` plus the Hugging Face name of each part. A matrix is stored
    /// either whole (`.weight`) or as a low-rank update of this encoder's own
    /// (`.lora_a` `[rank, in]` and `.lora_b` `[out, rank]`: W + B A); biases and
    /// layer norms are stored whole.
    pub fn load_branch(
        &self,
        weights: &Path,
        first: usize,
        precision: Precision,
    ) -> Result<Branch, LoadError> {
        if first >= self.layers.len() {
            return Err(LoadError::Shape(format!(
                "the branch starts at layer {first}, the encoder has {}",
                self.layers.len()
            )));
        }
        let mut w = Weights(super::mapped::read(weights)?.into_iter().collect());
        let mut layers = Vec::new();
        for (i, base) in self.layers.iter().enumerate().skip(first) {
            let p = format!("branch.layer.{i}");
            let h = self.hidden;
            let mut matrix = |name: &str, base: Tensor| -> Result<Tensor, LoadError> {
                let prefix = format!("{p}.{name}");
                if let Ok(whole) = w.take(&format!("{prefix}.weight")) {
                    return Ok(whole);
                }
                let a = w.take(&format!("{prefix}.lora_a"))?;
                let b = w.take(&format!("{prefix}.lora_b"))?;
                Ok(base.f_add(&b.f_matmul(&a)?)?)
            };
            let part = |at: i64| base.qkv.weight.f_narrow(0, at * h, h);
            let q = matrix("attention.self.query", part(0)?)?;
            let k = matrix("attention.self.key", part(1)?)?;
            let v = matrix("attention.self.value", part(2)?)?;
            let attention_out = matrix(
                "attention.output.dense",
                base.attention_out.weight.shallow_clone(),
            )?;
            let intermediate = matrix(
                "intermediate.dense",
                base.intermediate.weight.shallow_clone(),
            )?;
            let output = matrix("output.dense", base.output.weight.shallow_clone())?;
            let mut bias = |name: &str| w.take(&format!("{p}.{name}.bias"));
            let qkv_bias = Tensor::f_cat(
                &[
                    bias("attention.self.query")?,
                    bias("attention.self.key")?,
                    bias("attention.self.value")?,
                ],
                0,
            )?;
            let linear = |weight: Tensor, bias: Tensor| Linear::new(weight, bias, precision);
            let attention_out = linear(attention_out, bias("attention.output.dense")?)?;
            let intermediate = linear(intermediate, bias("intermediate.dense")?)?;
            let output = linear(output, bias("output.dense")?)?;
            let qkv = Tensor::f_cat(&[q, k, v], 0)?;
            let layer = Layer {
                qkv: linear(qkv, qkv_bias)?,
                attention_out,
                attention_norm: norm(w.linear(&format!("{p}.attention.output.LayerNorm"))?),
                intermediate,
                output,
                output_norm: norm(w.linear(&format!("{p}.output.LayerNorm"))?),
            };
            for (part, shape) in [
                (&layer.qkv.weight, base.qkv.weight.size()),
                (&layer.intermediate.weight, base.intermediate.weight.size()),
                (&layer.output.weight, base.output.weight.size()),
            ] {
                if part.size() != shape {
                    return Err(LoadError::Shape(format!(
                        "{p}: a matrix of shape {:?}, expected {shape:?}",
                        part.size()
                    )));
                }
            }
            layers.push(layer);
        }
        Ok(Branch { first, layers })
    }
}
