//! Models: the manifest that pins every file, and the loaders built on rust-bert.

pub mod bert;
pub mod classifier;
pub mod embedder;
pub mod kind;
pub mod manifest;
pub mod sentence_cache;

use std::path::{Path, PathBuf};

use rust_bert::pipelines::common::{ModelType, TokenizerOption};

pub use bert::Precision;
pub use embedder::{cosine, Backend, Embedder};
pub use kind::{ModelKind, Task};
pub use manifest::{install_command, models_dir, Manifest};

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("model {model} is not installed ({} is missing); install it with: {fix}", path.display())]
    Missing {
        model: String,
        path: PathBuf,
        fix: String,
    },
    #[error("model {model} is damaged ({}: {why}); reinstall it with: {fix}", path.display())]
    Corrupt {
        model: String,
        path: PathBuf,
        why: String,
        fix: String,
    },
    #[error("no model named {0} in the manifest")]
    Unknown(String),
    #[error("cannot load model {model}")]
    Load {
        model: String,
        #[source]
        source: rust_bert::RustBertError,
    },
    #[error("model {model} failed on the input")]
    Inference {
        model: String,
        #[source]
        source: rust_bert::RustBertError,
    },
    #[error("tensor conversion failed: {0}")]
    Tensor(String),
    #[error("the model's output does not fit its input: {0}")]
    Shape(String),
    #[error("invalid {what} in {}: {why}", path.display())]
    Invalid {
        what: &'static str,
        path: PathBuf,
        why: String,
    },
}

/// The first of `names` that is a file in `dir`: a model folder's weights.
pub(crate) fn weights_in(
    dir: &Path,
    names: &[&str],
    what: &'static str,
) -> Result<PathBuf, ModelError> {
    names
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| ModelError::Invalid {
            what,
            path: dir.to_path_buf(),
            why: format!("no {}", names.join(" or ")),
        })
}

/// A model folder's tokenizer through rust-bert: a vocabulary, and merges for BPE models.
pub(crate) fn tokenizer_in(
    dir: &Path,
    model_type: ModelType,
    vocab: &Path,
    merges: Option<&Path>,
    lower_case: bool,
    what: &'static str,
) -> Result<TokenizerOption, ModelError> {
    fn utf8<'a>(p: &'a Path, what: &'static str) -> Result<&'a str, ModelError> {
        p.to_str().ok_or_else(|| ModelError::Invalid {
            what,
            path: p.to_path_buf(),
            why: "path is not UTF-8".into(),
        })
    }
    TokenizerOption::from_file(
        model_type,
        utf8(vocab, what)?,
        merges.map(|m| utf8(m, what)).transpose()?,
        lower_case,
        None,
        None,
    )
    .map_err(|source| ModelError::Load {
        model: dir.display().to_string(),
        source,
    })
}

/// A model folder's `config.json`, read and parsed once, then read as each type that
/// describes part of it ([`FolderConfig::parse`]); errors name the file.
pub(crate) struct FolderConfig {
    pub(crate) path: PathBuf,
    value: serde_json::Value,
}

impl FolderConfig {
    pub(crate) fn read(dir: &Path, what: &'static str) -> Result<FolderConfig, ModelError> {
        let (path, value) = read_config(dir, what)?;
        Ok(FolderConfig { path, value })
    }

    pub(crate) fn parse<'c, T: serde::Deserialize<'c>>(
        &'c self,
        what: &'static str,
    ) -> Result<T, ModelError> {
        T::deserialize(&self.value).map_err(|e| ModelError::Invalid {
            what,
            path: self.path.clone(),
            why: e.to_string(),
        })
    }
}

/// A model folder's `config.json`, parsed; errors name the file.
pub(crate) fn read_config<T: serde::de::DeserializeOwned>(
    dir: &Path,
    what: &'static str,
) -> Result<(PathBuf, T), ModelError> {
    let path = dir.join("config.json");
    let invalid = |why: String| ModelError::Invalid {
        what,
        path: path.clone(),
        why,
    };
    let text = crate::bounded::read_small_file(&path, crate::bounded::SMALL_FILE_LIMIT)
        .map_err(|e| invalid(e.to_string()))?;
    let config = serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
    Ok((path, config))
}
