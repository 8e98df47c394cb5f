//! The model families newslens loads from a Hugging Face folder, named once: read from
//! `config.json`'s `model_type` in one place, and from there what each family is for,
//! which rust-bert type runs it and which rust-bert configuration it must parse as.

use std::path::Path;

use rust_bert::pipelines::common::ModelType;

use super::{FolderConfig, ModelError};

/// A supported `model_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelKind {
    /// BERT (`bert`), e.g. a fine-tuned BERT sentiment classifier.
    Bert,
    /// DistilBERT (`distilbert`), e.g. DistilBERT-SST2.
    DistilBert,
    /// RoBERTa (`roberta`), e.g. twitter-roberta-base-sentiment.
    Roberta,
    /// BART (`bart`), e.g. DistilBART-CNN.
    Bart,
    /// T5 (`t5`).
    T5,
    /// Pegasus (`pegasus`).
    Pegasus,
}

/// What a model folder is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// A sequence classifier for `--sentiment-model`.
    Sentiment,
    /// A sequence-to-sequence model for `--summarizer abstractive --model`.
    Summarization,
}

const ALL: [ModelKind; 6] = [
    ModelKind::Bert,
    ModelKind::DistilBert,
    ModelKind::Roberta,
    ModelKind::Bart,
    ModelKind::T5,
    ModelKind::Pegasus,
];

impl ModelKind {
    /// `model_type` as `config.json` writes it.
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::Bert => "bert",
            ModelKind::DistilBert => "distilbert",
            ModelKind::Roberta => "roberta",
            ModelKind::Bart => "bart",
            ModelKind::T5 => "t5",
            ModelKind::Pegasus => "pegasus",
        }
    }

    /// What a folder of this kind is for.
    pub fn task(self) -> Task {
        match self {
            ModelKind::Bert | ModelKind::DistilBert | ModelKind::Roberta => Task::Sentiment,
            ModelKind::Bart | ModelKind::T5 | ModelKind::Pegasus => Task::Summarization,
        }
    }

    /// rust-bert's name for the family.
    pub fn rust_bert(self) -> ModelType {
        match self {
            ModelKind::Bert => ModelType::Bert,
            ModelKind::DistilBert => ModelType::DistilBert,
            ModelKind::Roberta => ModelType::Roberta,
            ModelKind::Bart => ModelType::Bart,
            ModelKind::T5 => ModelType::T5,
            ModelKind::Pegasus => ModelType::Pegasus,
        }
    }

    /// The family of the folder's `model_type`, whatever its task.
    pub fn of_folder(dir: &Path) -> Result<ModelKind, ModelError> {
        ModelKind::of_config(&FolderConfig::read(dir, "model")?, None, "model")
    }

    /// The config's `model_type`, which must be one of `task`'s families (any task
    /// when `None`); the error lists those, and `what` names the folder.
    pub(crate) fn of_config(
        config: &FolderConfig,
        task: Option<Task>,
        what: &'static str,
    ) -> Result<ModelKind, ModelError> {
        #[derive(serde::Deserialize)]
        struct Config {
            model_type: String,
        }
        let model_type = config.parse::<Config>(what)?.model_type;
        let candidates = ALL
            .into_iter()
            .filter(|k| task.is_none_or(|task| k.task() == task));
        let supported: Vec<&str> = candidates.clone().map(ModelKind::name).collect();
        candidates
            .into_iter()
            .find(|k| k.name() == model_type)
            .ok_or_else(|| ModelError::Invalid {
                what,
                path: config.path.clone(),
                why: format!(
                    "model_type {model_type:?} is not supported ({})",
                    supported.join(", ")
                ),
            })
    }

    /// Parses `config.json` as rust-bert's own configuration type for the family, so
    /// that a missing or mistyped field (`hidden_act`, ...) is an error that names it:
    /// rust-bert itself panics on one when it loads the model.
    pub(crate) fn check_config(
        self,
        config: &FolderConfig,
        what: &'static str,
    ) -> Result<(), ModelError> {
        use rust_bert::{bart, bert, distilbert, pegasus, t5};
        match self {
            ModelKind::Bert | ModelKind::Roberta => {
                config.parse::<bert::BertConfig>(what).map(drop)
            }
            ModelKind::DistilBert => config.parse::<distilbert::DistilBertConfig>(what).map(drop),
            ModelKind::Bart => config.parse::<bart::BartConfig>(what).map(drop),
            ModelKind::T5 => config.parse::<t5::T5Config>(what).map(drop),
            ModelKind::Pegasus => config.parse::<pegasus::PegasusConfig>(what).map(drop),
        }
    }
}
