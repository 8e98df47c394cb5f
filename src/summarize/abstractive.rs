//! Abstractive summaries with a local BART / DistilBART / Pegasus / T5 model through
//! rust-bert's summarization pipeline, for users who have those weights.
//!
//! Any length of article: the sentences are packed, in order and whole, into windows
//! that fit the model's input (map), each window is summarized, and when the joined
//! partial summaries are longer than one summary they are summarized again (reduce),
//! up to `max_rounds` times. Nothing is cut silently: the document's warnings say how
//! the input was windowed and if a sentence had to be truncated. Inputs shorter than
//! `min_input_words` never reach the model (rust-bert panics on empty input, its
//! issue #267; and a two-sentence text summarized is noise): they get the extractive
//! summary, with a warning.
//!
//! The folder holds `config.json` (with `model_type`), `rust_model.ot` or
//! `model.safetensors`, and the tokenizer files: `vocab.json` + `merges.txt` (BART)
//! or `spiece.model` (T5, Pegasus).

use std::path::{Path, PathBuf};

use rust_bert::pipelines::common::{ModelResource, TokenizerOption};
use rust_bert::pipelines::summarization::{SummarizationConfig, SummarizationModel};
use rust_bert::resources::LocalResource;
use serde::{Deserialize, Serialize};

use crate::document::{Document, Span, Summary, SummaryMethod};
use crate::models::{guarded, FolderConfig, ModelError, ModelKind, Task};

const WHAT: &str = "summarization model";

/// The abstractive summarizer's model and generation settings (`[abstractive]`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AbstractiveSettings {
    /// The model folder (see the module documentation).
    pub model: Option<PathBuf>,
    /// Beam search width (1 = greedy).
    pub beams: i64,
    /// Shortest summary, in model tokens.
    pub min_length: i64,
    /// Longest summary, in model tokens.
    pub max_length: i64,
    /// No n-gram of this size appears twice in a summary (0 = off).
    pub no_repeat_ngram: i64,
    /// Above 1 favours longer beams.
    pub length_penalty: f64,
    /// Inputs with fewer words are not sent to the model.
    pub min_input_words: usize,
    /// Longest chain of reduce steps before the joined summaries are kept as they are.
    pub max_rounds: usize,
}

impl Default for AbstractiveSettings {
    /// The generation settings of distilbart-cnn / bart-large-cnn.
    fn default() -> Self {
        AbstractiveSettings {
            model: None,
            beams: 4,
            min_length: 56,
            max_length: 142,
            no_repeat_ngram: 3,
            length_penalty: 2.0,
            min_input_words: 40,
            max_rounds: 3,
        }
    }
}

#[derive(Debug, Deserialize)]
struct ModelConfig {
    #[serde(default)]
    max_position_embeddings: Option<usize>,
    /// T5's name for its usual input length.
    #[serde(default)]
    n_positions: Option<usize>,
}

/// A sequence-to-sequence summarizer (BART, DistilBART, Pegasus, T5) from a local
/// folder, run through rust-bert; long articles are summarized window by window and
/// the windows' summaries summarized again.
pub struct Abstractive {
    model: SummarizationModel,
    tokenizer: TokenizerOption,
    /// Tokens of article text one window may hold (special tokens and prefix excluded).
    window: usize,
    settings: AbstractiveSettings,
}

/// What a model folder holds, as far as newslens needs to know before loading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelFolder {
    /// The model's family, from `config.json`'s `model_type`.
    pub kind: ModelKind,
    /// The weights file (`rust_model.ot` or `model.safetensors`).
    pub weights: PathBuf,
    /// The tokenizer's files (vocabulary, merges or SentencePiece model).
    pub tokenizer: Vec<PathBuf>,
    /// Longest input in tokens the model takes.
    pub max_positions: usize,
}

/// Checks a summarization model folder without loading the weights: which model it
/// is, and that every file it needs is there.
pub fn inspect(dir: &Path) -> Result<ModelFolder, ModelError> {
    let invalid = |path: PathBuf, why: String| ModelError::Invalid {
        what: WHAT,
        path,
        why,
    };
    let folder_config = FolderConfig::read(dir, WHAT)?;
    let config_path = folder_config.path.clone();
    let config: ModelConfig = folder_config.parse(WHAT)?;
    let kind = ModelKind::of_config(&folder_config, Some(Task::Summarization), WHAT)?;
    kind.check_config(&folder_config, WHAT)?;
    let (tokenizer, default_positions): (&[&str], usize) = match kind {
        ModelKind::Bart => (&["vocab.json", "merges.txt"], 1024),
        _ => (&["spiece.model"], 512),
    };
    let weights = crate::models::weights_in(dir, &["rust_model.ot", "model.safetensors"], WHAT)?;
    let tokenizer: Vec<PathBuf> = tokenizer.iter().map(|f| dir.join(f)).collect();
    if let Some(missing) = tokenizer.iter().find(|p| !p.is_file()) {
        return Err(invalid(missing.clone(), "tokenizer file missing".into()));
    }
    let max_positions = config
        .max_position_embeddings
        .or(config.n_positions)
        .unwrap_or(default_positions);
    if max_positions < 16 {
        return Err(invalid(
            config_path,
            format!("max_position_embeddings {max_positions} is too small"),
        ));
    }
    Ok(ModelFolder {
        kind,
        weights,
        tokenizer,
        max_positions,
    })
}

impl Abstractive {
    /// Loads the model in `dir` (see [`inspect`]) with `settings`.
    pub fn load(dir: &Path, settings: AbstractiveSettings) -> Result<Abstractive, ModelError> {
        let folder = inspect(dir)?;
        let folder_kind = folder.kind;
        let model_type = folder_kind.rust_bert();
        let load = |source| ModelError::Load {
            model: dir.display().to_string(),
            source,
        };
        let vocab = folder.tokenizer[0].clone();
        let merges = folder.tokenizer.get(1).cloned();
        let tokenizer =
            crate::models::tokenizer_in(dir, model_type, &vocab, merges.as_deref(), false, WHAT)?;
        let config = SummarizationConfig {
            model_type,
            model_resource: ModelResource::Torch(Box::new(LocalResource::from(folder.weights))),
            config_resource: Box::new(LocalResource::from(dir.join("config.json"))),
            vocab_resource: Box::new(LocalResource::from(vocab)),
            merges_resource: merges.map(|m| Box::new(LocalResource::from(m)) as _),
            min_length: settings.min_length.max(0),
            max_length: Some(settings.max_length.max(settings.min_length).max(1)),
            do_sample: false,
            early_stopping: true,
            num_beams: settings.beams.max(1),
            temperature: 1.0,
            top_k: 50,
            top_p: 1.0,
            repetition_penalty: 1.0,
            length_penalty: settings.length_penalty,
            no_repeat_ngram_size: settings.no_repeat_ngram.max(0),
            num_return_sequences: 1,
            num_beam_groups: None,
            diversity_penalty: None,
            device: tch::Device::Cpu,
            kind: None,
        };
        let model = SummarizationModel::new(config).map_err(load)?;
        // rust-bert prefixes T5 inputs with "summarize: ".
        let prefix = if folder_kind == ModelKind::T5 { 8 } else { 0 };
        let window = folder.max_positions.min(1024).saturating_sub(2 + prefix);
        Ok(Abstractive {
            model,
            tokenizer,
            window,
            settings,
        })
    }

    fn tokens(&self, text: &str) -> usize {
        self.tokenizer.tokenize(text).len()
    }

    fn generate(&self, texts: &[String]) -> Result<Vec<String>, ModelError> {
        let mut out = Vec::with_capacity(texts.len());
        // One window at a time: beams x window x layers of activations is the peak.
        for text in texts {
            let summary = guarded(WHAT, || {
                self.model
                    .summarize(&[text.as_str()])
                    .map_err(|source| ModelError::Inference {
                        model: WHAT.into(),
                        source,
                    })
            })?;
            out.push(
                summary
                    .into_iter()
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            );
        }
        Ok(out)
    }

    /// Writes an abstractive summary of `doc` (or the extractive one already there,
    /// for a tiny input) and says in `doc.warnings` how the input was windowed.
    pub fn summarize(&self, doc: &mut Document) -> Result<(), ModelError> {
        let sentences: Vec<(Span, String)> = doc
            .sentences()
            .map(|(_, s)| (s.span, s.text.clone()))
            .filter(|(_, t)| !t.trim().is_empty())
            .collect();
        let words: usize = sentences
            .iter()
            .map(|(_, t)| t.split_whitespace().count())
            .sum();
        if words < self.settings.min_input_words {
            doc.warnings.push(format!(
                "input has {words} words, fewer than the {} an abstractive summary needs; the summary is extractive",
                self.settings.min_input_words
            ));
            return Ok(());
        }
        let (windows, truncated) = self.windows(&sentences);
        for span in &truncated {
            doc.warnings.push(format!(
                "sentence at bytes {}..{} is longer than the summarization model's {}-token input; only its start was read",
                span.start, span.end, self.window
            ));
        }
        let texts: Vec<String> = windows.iter().map(|w| w.1.clone()).collect();
        let mut partial = self.generate(&texts)?;
        let mut rounds = 0;
        let tokens = |t: &[String]| self.tokens(&t.join(" "));
        while partial.len() > 1
            && tokens(&partial) > self.settings.max_length as usize
            && rounds < self.settings.max_rounds
        {
            rounds += 1;
            let pieces: Vec<(Span, String)> = partial
                .iter()
                .map(|t| (Span { start: 0, end: 0 }, t.clone()))
                .collect();
            let (joined, _) = self.windows(&pieces);
            let texts: Vec<String> = joined.into_iter().map(|w| w.1).collect();
            partial = self.generate(&texts)?;
        }
        if windows.len() > 1 {
            doc.warnings.push(format!(
                "input is longer than the summarization model's {}-token window: it was summarized in {} windows{}",
                self.window,
                windows.len(),
                match rounds {
                    0 => ", and the partial summaries were joined".to_string(),
                    n => format!(", and the partial summaries summarized again ({n} rounds)"),
                }
            ));
            if partial.len() > 1 {
                doc.warnings.push(format!(
                    "the partial summaries were still longer than {} tokens after {} rounds; they are joined as they are",
                    self.settings.max_length, self.settings.max_rounds
                ));
            }
        }
        doc.summary = Some(Summary {
            method: SummaryMethod::Abstractive,
            sentences: Vec::new(),
            text: Some(partial.join(" ")),
            windows: windows.iter().map(|w| w.0).collect(),
        });
        Ok(())
    }

    /// Packs sentences, in order and whole, into windows of at most `self.window`
    /// tokens; a sentence longer than a window gets one of its own (the model reads
    /// its start) and is reported. Each window: the span it covers and its text.
    fn windows(&self, sentences: &[(Span, String)]) -> (Vec<(Span, String)>, Vec<Span>) {
        let mut windows: Vec<(Span, String)> = Vec::new();
        let mut truncated = Vec::new();
        for (span, text) in sentences {
            if self.tokens(text) > self.window {
                truncated.push(*span);
            }
            if let Some((covered, joined)) = windows.last_mut() {
                let longer = format!("{joined} {text}");
                if self.tokens(&longer) <= self.window {
                    covered.end = span.end;
                    *joined = longer;
                    continue;
                }
            }
            windows.push((*span, text.clone()));
        }
        (windows, truncated)
    }
}
