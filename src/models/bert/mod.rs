//! A BERT encoder written directly on tch ops, for sentence embeddings.
//!
//! rust-bert's BERT computes attention step by step (matmul, mask, softmax, matmul);
//! this one runs the same weights through libtorch's fused
//! `scaled_dot_product_attention` and one fused query/key/value projection per layer.
//! `tests/model.rs` checks that it matches rust-bert's sentence-embeddings pipeline to
//! 1e-4 on every embedding component; `cargo bench --bench embed_speed` measures both.
//!
//! Only what sentence embedding needs: absolute positions, token type 0, GELU, no
//! pooler, inference only.
//!
//! A [`Branch`] is a second copy of the top layers with adapted weights (the sentiment
//! model, see `scripts/train_sentiment.py`): [`BertEncoder::encode`] runs the layers
//! below it once and both tops from there, so the sentence embedding and the
//! sentiment features come out of one pass.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use tch::{Kind, Tensor};

mod linear;
mod pass;
mod peak;
mod tagger;

use linear::Linear;
pub use linear::Precision;
pub use pass::{Extras, Pass};
pub use peak::{peak_windows, Probe};
pub use tagger::Tagger;

/// The fields of a Hugging Face BERT `config.json` this encoder reads.
#[derive(Debug, Clone, Deserialize)]
pub struct BertConfig {
    pub hidden_size: i64,
    pub num_attention_heads: i64,
    pub num_hidden_layers: i64,
    pub max_position_embeddings: i64,
    #[serde(default = "default_eps")]
    pub layer_norm_eps: f64,
    #[serde(default = "default_act")]
    pub hidden_act: String,
}

fn default_eps() -> f64 {
    1e-12
}

fn default_act() -> String {
    "gelu".into()
}

struct LayerNorm {
    weight: Tensor,
    bias: Tensor,
}

struct Layer {
    qkv: Linear,
    attention_out: Linear,
    attention_norm: LayerNorm,
    intermediate: Linear,
    output: Linear,
    output_norm: LayerNorm,
}

/// Adapted copies of the encoder's top layers, from `first` to the last.
pub struct Branch {
    first: usize,
    layers: Vec<Layer>,
}

pub struct BertEncoder {
    word: Tensor,
    position: Tensor,
    token_type: Tensor,
    embedding_norm: LayerNorm,
    layers: Vec<Layer>,
    heads: i64,
    hidden: i64,
    eps: f64,
}

impl BertEncoder {
    /// Loads `config.json` and `model.safetensors` (Hugging Face names, with or
    /// without the `bert.` prefix). Errors name the missing tensor or bad field.
    pub fn load(
        config: &Path,
        weights: &Path,
        precision: Precision,
    ) -> Result<BertEncoder, String> {
        let text = crate::bounded::read_small_file(config, crate::bounded::SMALL_FILE_LIMIT)
            .map_err(|e| e.to_string())?;
        let config: BertConfig = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        if config.hidden_act != "gelu" {
            return Err(format!("hidden_act {} is not supported", config.hidden_act));
        }
        if config.num_attention_heads <= 0 || config.hidden_size % config.num_attention_heads != 0 {
            return Err("hidden_size is not a multiple of num_attention_heads".into());
        }
        let tensors = Tensor::read_safetensors(weights).map_err(|e| e.to_string())?;
        let mut w = Weights(
            tensors
                .into_iter()
                .map(|(name, t)| {
                    let name = name.strip_prefix("bert.").unwrap_or(&name).to_string();
                    (name, t)
                })
                .collect(),
        );
        let word = w.take("embeddings.word_embeddings.weight")?;
        let position = w.take("embeddings.position_embeddings.weight")?;
        let token_type = w.take("embeddings.token_type_embeddings.weight")?.get(0);
        let embedding_norm = norm(w.linear("embeddings.LayerNorm")?);
        let mut layers = Vec::new();
        for i in 0..config.num_hidden_layers {
            let p = format!("encoder.layer.{i}");
            let q = w.linear(&format!("{p}.attention.self.query"))?;
            let k = w.linear(&format!("{p}.attention.self.key"))?;
            let v = w.linear(&format!("{p}.attention.self.value"))?;
            layers.push(Layer {
                qkv: Linear::new(
                    Tensor::cat(&[q.weight, k.weight, v.weight], 0),
                    Tensor::cat(&[q.bias, k.bias, v.bias], 0),
                    precision,
                ),
                attention_out: w
                    .linear(&format!("{p}.attention.output.dense"))?
                    .with(precision),
                attention_norm: norm(w.linear(&format!("{p}.attention.output.LayerNorm"))?),
                intermediate: w
                    .linear(&format!("{p}.intermediate.dense"))?
                    .with(precision),
                output: w.linear(&format!("{p}.output.dense"))?.with(precision),
                output_norm: norm(w.linear(&format!("{p}.output.LayerNorm"))?),
            });
        }
        if word.size().get(1) != Some(&config.hidden_size) {
            return Err("word embeddings do not match hidden_size".into());
        }
        Ok(BertEncoder {
            word,
            position,
            token_type,
            embedding_norm,
            layers,
            heads: config.num_attention_heads,
            hidden: config.hidden_size,
            eps: config.layer_norm_eps,
        })
    }

    /// The last hidden states, and those of `branch` when given: the layers below the
    /// branch run once.
    fn forward_branched(
        &self,
        ids: &Tensor,
        mask: &Tensor,
        branch: Option<&Branch>,
    ) -> (Tensor, Option<Tensor>) {
        let _guard = tch::no_grad_guard();
        let (batch, tokens) = ids.size2().unwrap_or((0, 0));
        let positions = self.position.narrow(0, 0, tokens);
        let x = Tensor::embedding(&self.word, ids, -1, false, false) + positions + &self.token_type;
        let mut x = self.layer_norm(&x, &self.embedding_norm);
        // Additive mask over keys, broadcast over heads and queries: 0 for tokens, a
        // large negative number for padding (as transformers does).
        let additive =
            ((mask.to_kind(Kind::Float) - 1.0) * f64::from(f32::MAX)).view([batch, 1, 1, tokens]);
        let mut branched = None;
        for (i, layer) in self.layers.iter().enumerate() {
            if let Some(branch) = branch.filter(|b| b.first == i) {
                let mut y = x.shallow_clone();
                for layer in &branch.layers {
                    y = self.layer(layer, &y, &additive);
                }
                branched = Some(y);
            }
            x = self.layer(layer, &x, &additive);
        }
        (x, branched)
    }

    fn layer(&self, layer: &Layer, x: &Tensor, additive: &Tensor) -> Tensor {
        let (batch, tokens, _) = x.size3().unwrap_or((0, 0, 0));
        let head_dim = self.hidden / self.heads;
        let qkv = layer
            .qkv
            .forward(x)
            .view([batch, tokens, 3, self.heads, head_dim])
            .permute([2, 0, 3, 1, 4]);
        let attended = Tensor::scaled_dot_product_attention(
            &qkv.get(0),
            &qkv.get(1),
            &qkv.get(2),
            Some(additive),
            0.0,
            false,
            None,
        )
        .transpose(1, 2)
        .reshape([batch, tokens, self.hidden]);
        let attended = layer.attention_out.forward(&attended) + x;
        let x = self.layer_norm(&attended, &layer.attention_norm);
        let inner = layer.intermediate.forward(&x).gelu("none");
        let out = layer.output.forward(&inner) + &x;
        self.layer_norm(&out, &layer.output_norm)
    }

    /// One pass: the L2-normalised sentence embeddings `[batch, hidden]`, and what
    /// `extras` asks for (see [`Extras`]).
    pub fn encode(&self, ids: &Tensor, mask: &Tensor, extras: Extras) -> Pass {
        let (states, branched) = self.forward_branched(ids, mask, extras.branch);
        let _guard = tch::no_grad_guard();
        let peaks = extras.probe.map(|probe| peak_windows(&states, mask, probe));
        let pooled = match (&branched, extras.pools) {
            (Some(branched), Some(pools)) => Some(pools.bmm(&branched.to_kind(Kind::Float))),
            _ => None,
        };
        let loaded = match (&branched, extras.tagger) {
            (Some(branched), Some(tagger)) => Some(tagger.probabilities(&states, branched)),
            _ => None,
        };
        let mask = mask.to_kind(Kind::Float).unsqueeze(-1);
        let counts = mask
            .sum_dim_intlist([1i64].as_slice(), false, Kind::Float)
            .clamp_min(1e-9);
        let mean = |states: Tensor| {
            (states * &mask).sum_dim_intlist([1i64].as_slice(), false, Kind::Float) / &counts
        };
        let embedding = mean(states);
        let norms = embedding
            .norm_scalaropt_dim(2, [1i64].as_slice(), true)
            .clamp_min(1e-12);
        Pass {
            embeddings: embedding / norms,
            branched: branched.map(mean),
            pooled,
            peaks,
            loaded,
        }
    }

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
    ) -> Result<Branch, String> {
        if first >= self.layers.len() {
            return Err(format!(
                "the branch starts at layer {first}, the encoder has {}",
                self.layers.len()
            ));
        }
        let mut w = Weights(
            Tensor::read_safetensors(weights)
                .map_err(|e| e.to_string())?
                .into_iter()
                .collect(),
        );
        let mut layers = Vec::new();
        for (i, base) in self.layers.iter().enumerate().skip(first) {
            let p = format!("branch.layer.{i}");
            let h = self.hidden;
            let mut matrix = |name: &str, base: Tensor| -> Result<Tensor, String> {
                let prefix = format!("{p}.{name}");
                if let Ok(whole) = w.take(&format!("{prefix}.weight")) {
                    return Ok(whole);
                }
                let a = w.take(&format!("{prefix}.lora_a"))?;
                let b = w.take(&format!("{prefix}.lora_b"))?;
                Ok(base + b.matmul(&a))
            };
            let q = matrix("attention.self.query", base.qkv.weight.narrow(0, 0, h))?;
            let k = matrix("attention.self.key", base.qkv.weight.narrow(0, h, h))?;
            let v = matrix("attention.self.value", base.qkv.weight.narrow(0, 2 * h, h))?;
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
            let qkv_bias = Tensor::cat(
                &[
                    bias("attention.self.query")?,
                    bias("attention.self.key")?,
                    bias("attention.self.value")?,
                ],
                0,
            );
            let attention_out =
                Linear::new(attention_out, bias("attention.output.dense")?, precision);
            let intermediate = Linear::new(intermediate, bias("intermediate.dense")?, precision);
            let output = Linear::new(output, bias("output.dense")?, precision);
            let layer = Layer {
                qkv: Linear::new(Tensor::cat(&[q, k, v], 0), qkv_bias, precision),
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
                    return Err(format!(
                        "{p}: a matrix of shape {:?}, expected {shape:?}",
                        part.size()
                    ));
                }
            }
            layers.push(layer);
        }
        Ok(Branch { first, layers })
    }

    fn layer_norm(&self, x: &Tensor, norm: &LayerNorm) -> Tensor {
        x.layer_norm(
            [self.hidden].as_slice(),
            Some(&norm.weight),
            Some(&norm.bias),
            self.eps,
            false,
        )
    }
}

struct Weights(HashMap<String, Tensor>);

impl Weights {
    fn take(&mut self, name: &str) -> Result<Tensor, String> {
        self.0
            .remove(name)
            .map(|t| t.to_kind(Kind::Float))
            .ok_or_else(|| format!("tensor {name} is missing"))
    }

    fn linear(&mut self, prefix: &str) -> Result<Linear, String> {
        Ok(Linear::new(
            self.take(&format!("{prefix}.weight"))?,
            self.take(&format!("{prefix}.bias"))?,
            Precision::F32,
        ))
    }
}

fn norm(l: Linear) -> LayerNorm {
    LayerNorm {
        weight: l.weight,
        bias: l.bias,
    }
}

#[cfg(test)]
mod tests;
