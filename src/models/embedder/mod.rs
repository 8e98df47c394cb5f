//! Sentence embeddings with all-MiniLM-L6-v2, loaded from verified local files only.
//!
//! Two backends over the same files: [`Backend::Fused`] (the default) runs the
//! encoder in [`super::bert`] with libtorch's fused attention; [`Backend::RustBert`]
//! is rust-bert's sentence-embeddings pipeline, kept as the reference the fused
//! encoder must match (tests/model.rs) and as the baseline of `benches/embed_speed.rs`.

use std::ops::Range;
use std::path::Path;

use rust_bert::pipelines::sentence_embeddings::SentenceEmbeddingsModel;
use rust_tokenizers::tokenizer::{BertTokenizer, Tokenizer, TruncationStrategy};
use rust_tokenizers::Offset;
use tch::Tensor;

mod fingerprint;
mod fused;
mod inputs;
mod reference;

use super::bert::{BertEncoder, Branch, Precision, Probe, Tagger};
use super::manifest::{models_dir, Manifest};
use super::{guarded, ModelError};
use crate::document::{LoadedWord, Peak};
use reference::load_rust_bert;

/// The embedded sentence model's name in `models/manifest.toml`.
pub const MINILM: &str = "all-MiniLM-L6-v2";

/// Longest input in tokens, as in the model's `sentence_bert_config.json`.
pub const MAX_TOKENS: usize = 256;

/// Sentences per forward pass by default. Inputs are sorted by token count first, so a
/// batch pads to about its own length rather than the longest sentence of the document.
/// Chosen with `cargo bench --bench embed_speed` (see BENCHMARKS.md).
pub const DEFAULT_BATCH_SIZE: usize = 32;

/// Which implementation runs MiniLM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Our encoder on tch ops with fused attention.
    Fused,
    /// rust-bert's sentence-embeddings pipeline (the reference).
    RustBert,
}

enum Model {
    Fused(BertEncoder),
    RustBert(Box<SentenceEmbeddingsModel>),
}

/// MiniLM with its tokenizer: sentence embeddings and, in the same pass, what the
/// sentiment branch, the tone probe, the tagger and the mentions ask for.
pub struct Embedder {
    model: Model,
    tokenizer: BertTokenizer,
    batch_size: usize,
    precision: Precision,
    /// The sentiment model's adapted top layers, run in the same pass.
    branch: Option<Branch>,
    /// The promotional-tone direction, whose peak window each pass finds.
    tone: Option<Probe>,
    /// The loaded-word tagger, run over the tokens of each pass (needs the branch).
    tagger: Option<Tagger>,
}

/// What one pass of the encoder gives for a list of texts, in input order.
#[derive(Debug, Clone, Default)]
pub struct Encoded {
    /// L2-normalised sentence embeddings.
    pub embeddings: Vec<Vec<f32>>,
    /// The mean-pooled states of the attached branch; empty without one.
    pub branch: Vec<Vec<f32>>,
    /// Each text's peak window on the attached tone direction; empty without one (or
    /// with rust-bert's backend, which does not expose token states).
    pub peaks: Vec<Option<Peak>>,
    /// With a branch and mentions asked for ([`Embedder::encode_mentions`]): for each
    /// text, for each mention group, the branch's states averaged over the word pieces
    /// the group's characters touch (over the whole text when they touch none).
    pub mentions: Vec<Vec<Vec<f32>>>,
    /// With a branch and a tagger attached: each text's words the tagger scored at
    /// least [`LoadedWord::KEPT_FROM`]; empty without them.
    pub loaded: Vec<Vec<LoadedWord>>,
}

/// For one text, groups of character ranges: the mentions of one target in it, whose
/// branch states [`Embedder::encode_mentions`] pools together.
pub type MentionGroups = Vec<Vec<Range<usize>>>;

impl Embedder {
    /// Verifies and loads MiniLM from `models_dir` (see [`models_dir`]).
    /// The fused encoder at [`Precision::Auto`].
    pub fn load(models: Option<&Path>) -> Result<Embedder, ModelError> {
        Embedder::load_with(models, Backend::Fused, Precision::Auto)
    }

    /// `precision` applies to the fused backend; rust-bert's is always f32.
    pub fn load_with(
        models: Option<&Path>,
        backend: Backend,
        precision: Precision,
    ) -> Result<Embedder, ModelError> {
        let manifest = Manifest::builtin();
        let entry = manifest
            .get(MINILM)
            .ok_or_else(|| ModelError::Unknown(MINILM.into()))?;
        let dir = entry.verify(&models_dir(models))?;
        // tokenizer_config.json: do_lower_case true, strip_accents null (follows lower case).
        let tokenizer =
            BertTokenizer::from_file(dir.join("vocab.txt"), true, true).map_err(|e| {
                ModelError::Invalid {
                    what: "vocabulary",
                    path: dir.join("vocab.txt"),
                    why: e.to_string(),
                }
            })?;
        let model = match backend {
            Backend::Fused => {
                let weights = dir.join("model.safetensors");
                let encoder = BertEncoder::load(&dir.join("config.json"), &weights, precision)
                    .map_err(|source| ModelError::Encoder {
                        what: "BERT model",
                        path: weights,
                        source,
                    })?;
                Model::Fused(encoder)
            }
            Backend::RustBert => Model::RustBert(Box::new(load_rust_bert(&dir)?)),
        };
        Ok(Embedder {
            model,
            tokenizer,
            batch_size: DEFAULT_BATCH_SIZE,
            precision,
            branch: None,
            tone: None,
            tagger: None,
        })
    }

    /// Whether an encoding also gives the branch's states ([`Encoded::branch`]).
    pub fn has_branch(&self) -> bool {
        self.branch.is_some()
    }

    /// Whether an encoding also gives peak windows ([`Encoded::peaks`]).
    pub fn has_tone(&self) -> bool {
        self.tone.is_some()
    }

    /// Attaches adapted copies of the top layers from `first` up, read from `weights`
    /// (see [`BertEncoder::load_branch`]); [`Embedder::encode`] then also returns
    /// their pooled states. Only the fused encoder has branches.
    pub fn attach_branch(&mut self, weights: &Path, first: usize) -> Result<(), ModelError> {
        let Model::Fused(encoder) = &self.model else {
            return Err(ModelError::Incompatible(
                "a branch needs the fused encoder, not rust-bert's".into(),
            ));
        };
        let branch = encoder
            .load_branch(weights, first, self.precision)
            .map_err(|source| ModelError::Encoder {
                what: "sentiment branch",
                path: weights.to_path_buf(),
                source,
            })?;
        self.branch = Some(branch);
        Ok(())
    }

    /// Whether an encoding also gives loaded words ([`Encoded::loaded`]).
    pub fn has_tagger(&self) -> bool {
        self.tagger.is_some()
    }

    /// Attaches the loaded-word tagger; it reads the branch's token states, so a branch
    /// must be attached first.
    pub fn attach_tagger(&mut self, tagger: Tagger) -> Result<(), ModelError> {
        if self.branch.is_none() {
            return Err(ModelError::Incompatible(
                "the loaded-word tagger reads the sentiment branch, and none is attached".into(),
            ));
        }
        let inputs = tagger.hidden.0.size().get(1).copied();
        if inputs != Some(2 * self.dim() as i64) {
            return Err(ModelError::Incompatible(format!(
                "the loaded-word tagger reads {inputs:?} values per word piece, not the \
                 encoder's and the branch's states ({})",
                2 * self.dim()
            )));
        }
        self.tagger = Some(tagger);
        Ok(())
    }

    /// Attaches a direction (unit length, [`Embedder::dim`] long) whose peak window of
    /// `window` word pieces [`Embedder::encode`] then finds in each text. The fused
    /// encoder only; rust-bert's gives no peaks.
    pub fn attach_tone(&mut self, direction: &[f32], window: usize) -> Result<(), ModelError> {
        self.tone = Some(self.probe(direction, window)?);
        Ok(())
    }

    /// Each text's peak window on `direction` (as with [`Embedder::attach_tone`], for
    /// this call only); all `None` with rust-bert's backend.
    pub fn peaks<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        direction: &[f32],
        window: usize,
    ) -> Result<Vec<Option<Peak>>, ModelError> {
        let probe = self.probe(direction, window)?;
        let peaks = self.encode_probed(texts, Some(&probe), &[])?.peaks;
        Ok(if peaks.is_empty() {
            vec![None; texts.len()]
        } else {
            peaks
        })
    }

    fn probe(&self, direction: &[f32], window: usize) -> Result<Probe, ModelError> {
        if direction.len() != self.dim() {
            return Err(ModelError::Incompatible(format!(
                "a tone direction of {} values for embeddings of {}",
                direction.len(),
                self.dim()
            )));
        }
        Ok(Probe {
            direction: Tensor::from_slice(direction),
            window: window.max(1) as i64,
        })
    }

    /// Sentences per forward pass (at least 1).
    pub fn with_batch_size(mut self, batch_size: usize) -> Embedder {
        self.batch_size = batch_size.max(1);
        self
    }

    /// Width of the embeddings (384).
    pub fn dim(&self) -> usize {
        384
    }

    /// Token ids as the model sees them (with `[CLS]` and `[SEP]`, truncated to
    /// [`MAX_TOKENS`]).
    pub fn token_ids(&self, text: &str) -> Vec<i64> {
        self.tokenize(&[text]).pop().unwrap_or_default().0
    }

    /// Token ids and each token's characters in its text (`None` for `[CLS]`, `[SEP]`).
    fn tokenize<S: AsRef<str>>(&self, texts: &[S]) -> Vec<(Vec<i64>, Vec<Option<Offset>>)> {
        self.tokenizer
            .encode_list(texts, MAX_TOKENS, &TruncationStrategy::LongestFirst, 0)
            .into_iter()
            .map(|t| (t.token_ids, t.token_offsets))
            .collect()
    }

    /// L2-normalised embeddings, one per text, in input order.
    pub fn embed<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Result<Vec<Vec<f32>>, ModelError> {
        Ok(self.encode(texts)?.embeddings)
    }

    /// Embeddings and, with a branch attached, the branch's pooled states; with a tone
    /// attached, each text's peak window on it.
    pub fn encode<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Result<Encoded, ModelError> {
        self.encode_probed(texts, self.tone.as_ref(), &[])
    }

    /// [`Embedder::encode`], and with a branch attached, the branch's states pooled over
    /// each text's mention groups ([`Encoded::mentions`]); `mentions` is empty or has one
    /// entry per text (ranges in characters, as the tokenizer counts them).
    pub fn encode_mentions<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        mentions: &[MentionGroups],
    ) -> Result<Encoded, ModelError> {
        self.encode_probed(texts, self.tone.as_ref(), mentions)
    }

    fn encode_probed<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        probe: Option<&Probe>,
        mentions: &[MentionGroups],
    ) -> Result<Encoded, ModelError> {
        // Sorted by length, so that each batch pads to about its own length.
        let ids = match &self.model {
            Model::Fused(_) => self.tokenize(texts),
            Model::RustBert(_) => Vec::new(),
        };
        let mut order: Vec<usize> = (0..texts.len()).collect();
        match &self.model {
            Model::Fused(_) => order.sort_by_key(|&i| ids[i].0.len()),
            Model::RustBert(_) => order.sort_by_key(|&i| texts[i].as_ref().len()),
        }
        let mut out = Encoded {
            embeddings: vec![Vec::new(); texts.len()],
            branch: vec![
                Vec::new();
                if self.branch.is_some() {
                    texts.len()
                } else {
                    0
                }
            ],
            peaks: Vec::new(),
            mentions: vec![Vec::new(); texts.len()],
            loaded: vec![
                Vec::new();
                if self.tagger.is_some() {
                    texts.len()
                } else {
                    0
                }
            ],
        };
        if probe.is_some() && matches!(self.model, Model::Fused(_)) {
            out.peaks = vec![None; texts.len()];
        }
        for chunk in order.chunks(self.batch_size) {
            let (vectors, branched) = match &self.model {
                Model::Fused(encoder) => {
                    self.encode_fused(encoder, chunk, &ids, mentions, probe, &mut out)?
                }
                Model::RustBert(model) => {
                    let batch: Vec<&str> = chunk.iter().map(|&i| texts[i].as_ref()).collect();
                    let vectors = guarded(MINILM, || {
                        model
                            .encode(&batch)
                            .map_err(|source| ModelError::Inference {
                                model: MINILM.into(),
                                source,
                            })
                    })?;
                    (vectors, None)
                }
            };
            for (&i, v) in chunk.iter().zip(vectors) {
                out.embeddings[i] = v;
            }
            for (&i, v) in chunk.iter().zip(branched.unwrap_or_default()) {
                out.branch[i] = v;
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
