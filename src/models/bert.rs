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

use serde::{Deserialize, Serialize};
use tch::{Kind, Tensor};

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

struct Linear {
    weight: Tensor,
    bias: Tensor,
    fast: Fast,
}

enum Fast {
    None,
    Bf16(Tensor),
    /// Transposed int8 weight `[in, out]` and its per-output scales `[1, out]`.
    Int8(Tensor, Tensor),
}

impl Linear {
    fn new(weight: Tensor, bias: Tensor, precision: Precision) -> Linear {
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

    fn forward(&self, x: &Tensor) -> Tensor {
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

    /// One pass: the L2-normalised sentence embeddings `[batch, hidden]`; with a branch,
    /// the mean of the branch's token states (not normalised); with a `probe`, each
    /// input's peak window on it (see [`peak_windows`]).
    pub fn encode(
        &self,
        ids: &Tensor,
        mask: &Tensor,
        branch: Option<&Branch>,
        probe: Option<&Probe>,
    ) -> Pass {
        let (states, branched) = self.forward_branched(ids, mask, branch);
        let _guard = tch::no_grad_guard();
        let peaks = probe.map(|probe| peak_windows(&states, mask, probe));
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
            peaks,
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

impl Linear {
    fn with(self, precision: Precision) -> Linear {
        Linear::new(self.weight, self.bias, precision)
    }
}

/// What one pass of [`BertEncoder::encode`] gives for a batch.
pub struct Pass {
    /// L2-normalised sentence embeddings `[batch, hidden]`.
    pub embeddings: Tensor,
    /// The branch's mean-pooled states `[batch, hidden]`, with a branch.
    pub branched: Option<Tensor>,
    /// With a probe: each input's peak projection `[batch]` (NaN for an input with no
    /// word piece) and the index of its window's first token `[batch]`.
    pub peaks: Option<(Tensor, Tensor)>,
}

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

fn norm(l: Linear) -> LayerNorm {
    LayerNorm {
        weight: l.weight,
        bias: l.bias,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peak_window_skips_special_tokens_and_padding() {
        let plain = [0.0f32, 1.0];
        let loaded = [1.0f32, 0.0];
        // Stronger along the direction than anything real: must never be chosen.
        let special = [9.0f32, 0.0];
        let rows: [[[f32; 2]; 8]; 3] = [
            // [CLS], six word pieces of which the 3rd and 4th are loaded, [SEP].
            [special, plain, plain, loaded, loaded, plain, plain, special],
            // [CLS], one word piece, [SEP], then padding.
            [
                special,
                [0.6, 0.8],
                special,
                special,
                special,
                special,
                special,
                special,
            ],
            // [CLS] [SEP] only: no word piece.
            [special; 8],
        ];
        let flat: Vec<f32> = rows.iter().flatten().flatten().copied().collect();
        let states = Tensor::from_slice(&flat).view([3, 8, 2]);
        let lengths = [8i64, 3, 2];
        let mask: Vec<i64> = lengths
            .iter()
            .flat_map(|&n| (0..8).map(move |i| i64::from(i < n)))
            .collect();
        let mask = Tensor::from_slice(&mask).view([3, 8]);
        let probe = Probe {
            direction: Tensor::from_slice(&[1.0f32, 0.0]),
            window: 2,
        };
        let (best, at) = peak_windows(&states, &mask, &probe);
        let best = Vec::<f32>::try_from(best).unwrap();
        let at = Vec::<i64>::try_from(at).unwrap();
        assert!((best[0] - 1.0).abs() < 1e-6, "{best:?}");
        assert_eq!(at[0], 3);
        // Shorter than the window: the one word piece is the window.
        assert!((best[1] - 0.6).abs() < 1e-6, "{best:?}");
        assert!(best[2].is_nan(), "{best:?}");
    }
}
