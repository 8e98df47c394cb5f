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
use std::path::{Path, PathBuf};

use serde::Deserialize;
use tch::{Kind, TchError, Tensor};

mod branch;
mod linear;
mod mapped;
mod pass;
mod peak;
mod tagger;

pub use branch::Branch;
use linear::Linear;
pub use linear::Precision;
pub use pass::{Extras, Pass};
pub use peak::{peak_windows, Probe};
pub use tagger::Tagger;

/// The fields of a Hugging Face BERT `config.json` this encoder reads.
#[derive(Debug, Clone, Deserialize)]
pub struct BertConfig {
    /// Width of the token states (384 for MiniLM).
    pub hidden_size: i64,
    /// Attention heads per layer; they divide `hidden_size`.
    pub num_attention_heads: i64,
    /// Layers of the encoder.
    pub num_hidden_layers: i64,
    /// Longest input in tokens the position embeddings cover.
    pub max_position_embeddings: i64,
    /// Epsilon of the layer norms.
    #[serde(default = "default_eps")]
    pub layer_norm_eps: f64,
    /// Activation of the feed-forward layers; only `gelu` is supported.
    #[serde(default = "default_act")]
    pub hidden_act: String,
}

/// Why an encoder or a branch could not be read from its files.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file could not be read.
    #[error("cannot read {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// `config.json` is not a BERT config this encoder reads.
    #[error("invalid config.json")]
    Config(#[from] serde_json::Error),
    /// The config or the weights ask for what this encoder does not do; what.
    #[error("not supported: {0}")]
    Unsupported(String),
    /// A tensor the model needs is not in the weights; its name.
    #[error("tensor {0} is missing")]
    MissingTensor(String),
    /// A tensor has another shape than the config promises; which, and how.
    #[error("{0}")]
    Shape(String),
    /// libtorch could not read or convert the weights.
    #[error("libtorch failed")]
    Tensor(#[from] TchError),
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

/// A BERT encoder (MiniLM) for sentence embeddings, with an optional branch and extras
/// read from the same pass (see [`BertEncoder::encode`]).
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
    ) -> Result<BertEncoder, LoadError> {
        let text = crate::bounded::read_small_file(config, crate::bounded::SMALL_FILE_LIMIT)
            .map_err(|source| LoadError::Read {
                path: config.to_path_buf(),
                source,
            })?;
        let config: BertConfig = serde_json::from_str(&text)?;
        if config.hidden_act != "gelu" {
            return Err(LoadError::Unsupported(format!(
                "hidden_act {}",
                config.hidden_act
            )));
        }
        if config.num_attention_heads <= 0 || config.hidden_size % config.num_attention_heads != 0 {
            return Err(LoadError::Unsupported(
                "hidden_size is not a multiple of num_attention_heads".into(),
            ));
        }
        let tensors = mapped::read(weights)?;
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
        let token_type = w
            .take("embeddings.token_type_embeddings.weight")?
            .f_get(0)?;
        let embedding_norm = norm(w.linear("embeddings.LayerNorm")?);
        let mut layers = Vec::new();
        for i in 0..config.num_hidden_layers {
            let p = format!("encoder.layer.{i}");
            let q = w.linear(&format!("{p}.attention.self.query"))?;
            let k = w.linear(&format!("{p}.attention.self.key"))?;
            let v = w.linear(&format!("{p}.attention.self.value"))?;
            layers.push(Layer {
                qkv: Linear::new(
                    Tensor::f_cat(&[q.weight, k.weight, v.weight], 0)?,
                    Tensor::f_cat(&[q.bias, k.bias, v.bias], 0)?,
                    precision,
                )?,
                attention_out: w
                    .linear(&format!("{p}.attention.output.dense"))?
                    .with(precision)?,
                attention_norm: norm(w.linear(&format!("{p}.attention.output.LayerNorm"))?),
                intermediate: w
                    .linear(&format!("{p}.intermediate.dense"))?
                    .with(precision)?,
                output: w.linear(&format!("{p}.output.dense"))?.with(precision)?,
                output_norm: norm(w.linear(&format!("{p}.output.LayerNorm"))?),
            });
        }
        if word.size().get(1) != Some(&config.hidden_size) {
            return Err(LoadError::Shape(
                "word embeddings do not match hidden_size".into(),
            ));
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
    ) -> Result<(Tensor, Option<Tensor>), TchError> {
        let _guard = tch::no_grad_guard();
        let (batch, tokens) = ids.size2()?;
        let positions = self.position.f_narrow(0, 0, tokens)?;
        let x = Tensor::f_embedding(&self.word, ids, -1, false, false)?
            .f_add(&positions)?
            .f_add(&self.token_type)?;
        let mut x = self.layer_norm(&x, &self.embedding_norm)?;
        // Additive mask over keys, broadcast over heads and queries: 0 for tokens, a
        // large negative number for padding (as transformers does).
        let additive = mask
            .f_to_kind(Kind::Float)?
            .f_sub_scalar(1.0)?
            .f_mul_scalar(f64::from(f32::MAX))?
            .f_view([batch, 1, 1, tokens])?;
        let mut branched = None;
        for (i, layer) in self.layers.iter().enumerate() {
            if let Some(branch) = branch.filter(|b| b.first == i) {
                let mut y = x.shallow_clone();
                for layer in &branch.layers {
                    y = self.layer(layer, &y, &additive)?;
                }
                branched = Some(y);
            }
            x = self.layer(layer, &x, &additive)?;
        }
        Ok((x, branched))
    }

    fn layer(&self, layer: &Layer, x: &Tensor, additive: &Tensor) -> Result<Tensor, TchError> {
        let (batch, tokens, _) = x.size3()?;
        let head_dim = self.hidden / self.heads;
        let qkv = layer
            .qkv
            .forward(x)?
            .f_view([batch, tokens, 3, self.heads, head_dim])?
            .f_permute([2, 0, 3, 1, 4])?;
        let attended = Tensor::f_scaled_dot_product_attention(
            &qkv.f_get(0)?,
            &qkv.f_get(1)?,
            &qkv.f_get(2)?,
            Some(additive),
            0.0,
            false,
            None,
        )?
        .f_transpose(1, 2)?
        .f_reshape([batch, tokens, self.hidden])?;
        let attended = layer.attention_out.forward(&attended)?.f_add(x)?;
        let x = self.layer_norm(&attended, &layer.attention_norm)?;
        let inner = layer.intermediate.forward(&x)?.f_gelu("none")?;
        let out = layer.output.forward(&inner)?.f_add(&x)?;
        self.layer_norm(&out, &layer.output_norm)
    }

    /// One pass: the L2-normalised sentence embeddings `[batch, hidden]`, and what
    /// `extras` asks for (see [`Extras`]). An error is libtorch's, e.g. inputs whose
    /// shapes do not fit.
    pub fn encode(&self, ids: &Tensor, mask: &Tensor, extras: Extras) -> Result<Pass, TchError> {
        let (states, branched) = self.forward_branched(ids, mask, extras.branch)?;
        let _guard = tch::no_grad_guard();
        let peaks = extras
            .probe
            .map(|probe| peak_windows(&states, mask, probe))
            .transpose()?;
        let pooled = match (&branched, extras.pools) {
            (Some(branched), Some(pools)) => Some(pools.f_bmm(&branched.f_to_kind(Kind::Float)?)?),
            _ => None,
        };
        let loaded = match (&branched, extras.tagger) {
            (Some(branched), Some(tagger)) => Some(tagger.probabilities(&states, branched)?),
            _ => None,
        };
        let mask = mask.f_to_kind(Kind::Float)?.f_unsqueeze(-1)?;
        let counts = mask
            .f_sum_dim_intlist([1i64].as_slice(), false, Kind::Float)?
            .f_clamp_min(1e-9)?;
        let mean = |states: Tensor| {
            states
                .f_mul(&mask)?
                .f_sum_dim_intlist([1i64].as_slice(), false, Kind::Float)?
                .f_div(&counts)
        };
        let embedding = mean(states)?;
        let norms = embedding
            .f_norm_scalaropt_dim(2, [1i64].as_slice(), true)?
            .f_clamp_min(1e-12)?;
        Ok(Pass {
            embeddings: embedding.f_div(&norms)?,
            branched: branched.map(mean).transpose()?,
            pooled,
            peaks,
            loaded,
        })
    }

    fn layer_norm(&self, x: &Tensor, norm: &LayerNorm) -> Result<Tensor, TchError> {
        x.f_layer_norm(
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
    fn take(&mut self, name: &str) -> Result<Tensor, LoadError> {
        let tensor = self
            .0
            .remove(name)
            .ok_or_else(|| LoadError::MissingTensor(name.to_string()))?;
        Ok(tensor.f_to_kind(Kind::Float)?)
    }

    fn linear(&mut self, prefix: &str) -> Result<Linear, LoadError> {
        Ok(Linear::new(
            self.take(&format!("{prefix}.weight"))?,
            self.take(&format!("{prefix}.bias"))?,
            Precision::F32,
        )?)
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
