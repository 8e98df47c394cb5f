//! What identifies the numbers an [`Embedder`] gives, for the sentence store's keys
//! ([`crate::models::sentence_store`]).

use sha2::{Digest, Sha256};
use tch::{Kind, TchError, Tensor};

use super::{Embedder, Model};
use crate::models::manifest::MANIFEST;

/// Changes whenever the encoder's code gives other numbers for the same files, so that
/// rows written by an older newslens are not read.
const ENCODING_VERSION: &str = "newslens sentence analysis 1";

impl Embedder {
    /// A sha256 of what an encoding depends on: this code's version of the encoding,
    /// the pinned model files (the compiled-in manifest; MiniLM and the sentiment
    /// head, whose branch the pipeline attaches, are verified against it on load), the
    /// backend and precision, which parts are attached, and the tone direction and
    /// tagger weights themselves (either may come from the user's files). Two embedders
    /// with one fingerprint give a sentence the same analysis, up to the last bits that
    /// batching moves under int8.
    pub fn fingerprint(&self) -> Result<[u8; 32], TchError> {
        let mut hash = Sha256::new();
        hash.update(ENCODING_VERSION);
        hash.update(MANIFEST);
        let backend = match self.model {
            Model::Fused(_) => "fused",
            Model::RustBert(_) => "rust-bert",
        };
        hash.update(format!(
            "{backend} {:?} branch from {:?}",
            self.precision.resolve(),
            self.branch.as_ref().map(|b| b.first_layer())
        ));
        if let Some(tone) = &self.tone {
            hash.update(format!("tone window {}", tone.window));
            tensor(&mut hash, &tone.direction)?;
        }
        if let Some(tagger) = &self.tagger {
            hash.update("tagger");
            for t in [
                &tagger.hidden.0,
                &tagger.hidden.1,
                &tagger.output.0,
                &tagger.output.1,
            ] {
                tensor(&mut hash, t)?;
            }
        }
        Ok(hash.finalize().into())
    }
}

/// Adds a tensor's shape and values (as f32) to `hash`.
fn tensor(hash: &mut Sha256, t: &Tensor) -> Result<(), TchError> {
    hash.update(format!("{:?}", t.size()));
    let values = Vec::<f32>::try_from(t.f_to_kind(Kind::Float)?.f_flatten(0, -1)?)?;
    for v in values {
        hash.update(v.to_le_bytes());
    }
    Ok(())
}
