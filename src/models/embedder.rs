//! Sentence embeddings with all-MiniLM-L6-v2 through rust-bert's sentence-embeddings
//! pipeline, loaded from verified local files only.

use std::path::Path;

use rust_bert::pipelines::common::ModelType;
use rust_bert::pipelines::sentence_embeddings::{
    SentenceEmbeddingsConfig, SentenceEmbeddingsModel,
};
use rust_bert::resources::LocalResource;

use super::manifest::{models_dir, Manifest};
use super::ModelError;

pub const MINILM: &str = "all-MiniLM-L6-v2";

/// Sentences per forward pass by default. Inputs are sorted by length first, so a
/// batch pads to about its own length rather than the longest sentence of the document.
/// Measured by `cargo bench --bench sentiment_speed` on 2 cores: batches of 4-8 were
/// fastest (141 sentences/s), 32 gave 113, 128 gave 75 (see BENCHMARKS.md).
pub const DEFAULT_BATCH_SIZE: usize = 8;

pub struct Embedder {
    model: SentenceEmbeddingsModel,
    batch_size: usize,
}

impl Embedder {
    /// Verifies and loads MiniLM from `models_dir` (see [`models_dir`]).
    pub fn load(models: Option<&Path>) -> Result<Embedder, ModelError> {
        let manifest = Manifest::builtin();
        let entry = manifest
            .get(MINILM)
            .ok_or_else(|| ModelError::Unknown(MINILM.into()))?;
        let dir = entry.verify(&models_dir(models))?;
        let file = |name: &str| Box::new(LocalResource::from(dir.join(name)));
        let config = SentenceEmbeddingsConfig {
            modules_config_resource: file("modules.json"),
            transformer_type: ModelType::Bert,
            transformer_config_resource: file("config.json"),
            transformer_weights_resource: file("model.safetensors"),
            pooling_config_resource: file("1_Pooling/config.json"),
            dense_config_resource: None,
            dense_weights_resource: None,
            sentence_bert_config_resource: file("sentence_bert_config.json"),
            tokenizer_config_resource: file("tokenizer_config.json"),
            tokenizer_vocab_resource: file("vocab.txt"),
            tokenizer_merges_resource: None,
            device: tch::Device::Cpu,
            kind: None,
        };
        let model = SentenceEmbeddingsModel::new(config).map_err(|source| ModelError::Load {
            model: MINILM.into(),
            source,
        })?;
        Ok(Embedder {
            model,
            batch_size: DEFAULT_BATCH_SIZE,
        })
    }

    /// Sentences per forward pass (at least 1).
    pub fn with_batch_size(mut self, batch_size: usize) -> Embedder {
        self.batch_size = batch_size.max(1);
        self
    }

    pub fn dim(&self) -> usize {
        384
    }

    /// Token ids as the model sees them (with `[CLS]` and `[SEP]`, truncated to 256).
    pub fn token_ids(&self, text: &str) -> Vec<i64> {
        let out = self.model.tokenize(&[text]);
        out.tokens_ids
            .first()
            .map(|t| Vec::<i64>::try_from(t).unwrap_or_default())
            .unwrap_or_default()
    }

    /// L2-normalised embeddings, one per text, in input order.
    pub fn embed<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Result<Vec<Vec<f32>>, ModelError> {
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| texts[i].as_ref().len());
        let mut out = vec![Vec::new(); texts.len()];
        for chunk in order.chunks(self.batch_size) {
            let batch: Vec<&str> = chunk.iter().map(|&i| texts[i].as_ref()).collect();
            let vectors = self
                .model
                .encode(&batch)
                .map_err(|source| ModelError::Inference {
                    model: MINILM.into(),
                    source,
                })?;
            for (&i, v) in chunk.iter().zip(vectors) {
                out[i] = v;
            }
        }
        Ok(out)
    }
}

/// Cosine similarity; for L2-normalised vectors this is the dot product.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}
