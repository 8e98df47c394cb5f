//! The model families newslens loads from a Hugging Face folder, named once: read from
//! `config.json`'s `model_type` in one place, and from there what each family is for,
//! which rust-bert type runs it and which rust-bert configuration it must parse as.

use std::path::Path;

use rust_bert::pipelines::common::ModelType;

use super::ModelError;

/// A supported `model_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelKind {
    Bert,
    DistilBert,
    Roberta,
    Bart,
    T5,
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

    /// The folder's `model_type`, which must be one of `task`'s families; `what` names
    /// the folder in errors.
    pub fn of_folder(dir: &Path, task: Task, what: &'static str) -> Result<ModelKind, ModelError> {
        ModelKind::read(dir, Some(task), what)
    }

    /// What the folder is for, from its `model_type`, if newslens loads it at all.
    pub fn task_of_folder(dir: &Path) -> Result<Task, ModelError> {
        ModelKind::read(dir, None, "model").map(ModelKind::task)
    }

    /// The folder's family among those of `task` (any task when `None`); the error
    /// lists those.
    fn read(dir: &Path, task: Option<Task>, what: &'static str) -> Result<ModelKind, ModelError> {
        #[derive(serde::Deserialize)]
        struct Config {
            model_type: String,
        }
        let (path, config): (_, Config) = super::read_config(dir, what)?;
        let candidates = ALL
            .into_iter()
            .filter(|k| task.is_none_or(|task| k.task() == task));
        let supported: Vec<&str> = candidates.clone().map(ModelKind::name).collect();
        candidates
            .into_iter()
            .find(|k| k.name() == config.model_type)
            .ok_or_else(|| ModelError::Invalid {
                what,
                path,
                why: format!(
                    "model_type {:?} is not supported ({})",
                    config.model_type,
                    supported.join(", ")
                ),
            })
    }

    /// Parses `config.json` as rust-bert's own configuration type for the family, so
    /// that a missing or mistyped field (`hidden_act`, ...) is an error that names it:
    /// rust-bert itself panics on one when it loads the model.
    pub(crate) fn check_config(self, dir: &Path, what: &'static str) -> Result<(), ModelError> {
        use rust_bert::{bart, bert, distilbert, pegasus, t5};
        match self {
            ModelKind::Bert | ModelKind::Roberta => {
                super::read_config::<bert::BertConfig>(dir, what).map(drop)
            }
            ModelKind::DistilBert => {
                super::read_config::<distilbert::DistilBertConfig>(dir, what).map(drop)
            }
            ModelKind::Bart => super::read_config::<bart::BartConfig>(dir, what).map(drop),
            ModelKind::T5 => super::read_config::<t5::T5Config>(dir, what).map(drop),
            ModelKind::Pegasus => super::read_config::<pegasus::PegasusConfig>(dir, what).map(drop),
        }
    }
}
