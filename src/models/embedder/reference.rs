//! rust-bert's sentence-embeddings pipeline over the same files: the reference the
//! fused encoder must match.

use std::path::Path;

use rust_bert::pipelines::common::ModelType;
use rust_bert::pipelines::sentence_embeddings::{
    SentenceEmbeddingsConfig, SentenceEmbeddingsModel,
};
use rust_bert::resources::LocalResource;

use super::MINILM;
use crate::models::ModelError;

pub(super) fn load_rust_bert(dir: &Path) -> Result<SentenceEmbeddingsModel, ModelError> {
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
    SentenceEmbeddingsModel::new(config).map_err(|source| ModelError::Load {
        model: MINILM.into(),
        source,
    })
}
