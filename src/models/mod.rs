//! Models: the manifest that pins every file, and the loaders built on rust-bert.

pub mod bert;
pub mod classifier;
pub mod embedder;
pub mod manifest;

use std::path::PathBuf;

pub use bert::Precision;
pub use embedder::{cosine, Backend, Embedder};
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
    #[error("invalid {what} in {}: {why}", path.display())]
    Invalid {
        what: &'static str,
        path: PathBuf,
        why: String,
    },
}
