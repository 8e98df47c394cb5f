//! Models: the manifest that pins every file, and the loaders built on rust-bert.

pub mod bert;
pub mod classifier;
pub mod embedder;
pub mod kind;
pub mod manifest;
pub mod sentence_cache;
pub mod sentence_store;

use std::path::{Path, PathBuf};

use rust_bert::pipelines::common::{ModelType, TokenizerOption};

pub use bert::Precision;
pub use embedder::{cosine, Backend, Embedder};
pub use kind::{ModelKind, Task};
pub use manifest::{install_command, models_dir, Manifest};

/// Why a model could not be found, loaded or run.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// A model's file is not there.
    #[error("model {model} is not installed ({} is missing); install it with: {fix}", path.display())]
    Missing {
        /// The model's name in the manifest.
        model: String,
        /// The missing file.
        path: PathBuf,
        /// The command that installs it.
        fix: String,
    },
    /// A model's file differs from the manifest (size or sha256).
    #[error("model {model} is damaged ({}: {why}); reinstall it with: {fix}", path.display())]
    Corrupt {
        /// The model's name in the manifest.
        model: String,
        /// The damaged file.
        path: PathBuf,
        /// How it differs.
        why: String,
        /// The command that reinstalls it.
        fix: String,
    },
    /// A model name the manifest does not list.
    #[error("no model named {0} in the manifest")]
    Unknown(String),
    /// rust-bert could not load a model folder.
    #[error("cannot load model {model}")]
    Load {
        /// Which model.
        model: String,
        /// rust-bert's error.
        #[source]
        source: rust_bert::RustBertError,
    },
    /// rust-bert returned an error on an input.
    #[error("model {model} failed on the input")]
    Inference {
        /// Which model.
        model: String,
        /// rust-bert's error.
        #[source]
        source: rust_bert::RustBertError,
    },
    /// A libtorch operation failed (shapes that do not fit, memory).
    #[error("libtorch failed: {0}")]
    Tensor(#[from] tch::TchError),
    /// A rust-bert model panicked on an input; the model's name.
    #[error("model {0} failed on the input (it panicked inside rust-bert or libtorch)")]
    Panicked(String),
    /// Models or settings that cannot work together (a tagger without a branch, a tone
    /// direction of another width); what does not fit.
    #[error("these models do not fit together: {0}")]
    Incompatible(String),
    /// A model's output is not the shape its input and config promise; what differs.
    #[error("the model's output does not fit its input: {0}")]
    Shape(String),
    /// The fused encoder or its sentiment branch could not be read from its files.
    #[error("cannot load the {what} from {}", path.display())]
    Encoder {
        /// What was loaded ("BERT model", "sentiment branch").
        what: &'static str,
        /// The weights file.
        path: PathBuf,
        /// Why.
        #[source]
        source: bert::LoadError,
    },
    /// A file of a model folder is not what it must be.
    #[error("invalid {what} in {}: {why}", path.display())]
    Invalid {
        /// What the file is ("sentiment head", "config.json", ...).
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        why: String,
    },
}

/// Runs a call into rust-bert, whose models panic (through tch's panicking calls) on inputs
/// they cannot take instead of returning an error: a panic becomes
/// [`ModelError::Panicked`], so that one document's failure stays that document's. The
/// fused encoder needs no guard: it uses tch's fallible `f_` calls throughout.
pub(crate) fn guarded<T>(
    model: &str,
    call: impl FnOnce() -> Result<T, ModelError>,
) -> Result<T, ModelError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(call))
        .unwrap_or_else(|_| Err(ModelError::Panicked(model.to_string())))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_a_guarded_call_becomes_an_error_naming_the_model() {
        let result: Result<(), ModelError> = guarded("tiny-bart", || panic!("index out of range"));
        match result {
            Err(ModelError::Panicked(model)) => assert_eq!(model, "tiny-bart"),
            other => panic!("expected Panicked, got {other:?}"),
        }
        let fine = guarded("tiny-bart", || Ok(7));
        assert_eq!(fine.ok(), Some(7));
    }
}
