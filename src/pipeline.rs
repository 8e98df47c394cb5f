//! Runs the stages in order over one [`Document`]:
//! segment → embed → sentiment → flag → summarize.
//! Each stage reads what the ones before it wrote into the document.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::document::Document;
use crate::document::SummaryMethod;
use crate::flags::tone::ToneDirection;
use crate::flags::{
    phrases, promotional, repetition, Lexicon, PromotionalSettings, RepetitionSettings,
};
use crate::models::classifier::Classifier;
use crate::models::embedder::MINILM;
use crate::models::sentence_cache::{Analysis, SentenceCache};
use crate::models::{Backend, Embedder, ModelError};
use crate::preprocess;
use crate::sentiment::{self, SentimentHead};
pub use crate::settings::{Settings, SettingsError};
use crate::summarize::{self, Abstractive, SummarySettings};

/// Sentences longer than this many words are checked against the model's window.
const LONG_SENTENCE_WORDS: usize = 150;
/// all-MiniLM-L6-v2 reads at most this many tokens of a sentence.
use crate::models::embedder::MAX_TOKENS;

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error("an abstractive summary needs a model folder: --model DIR (BART, DistilBART, Pegasus or T5; `newslens models` lists them)")]
    NoSummaryModel,
    #[error("embedding failed: {0}")]
    Embedding(String),
    #[error("no article text found (the input is only boilerplate such as share, subscribe or cookie lines)")]
    NoContent,
    #[error("tone examples {path}: {why}")]
    ToneExamples { path: PathBuf, why: String },
}

/// One step of the pipeline; it changes the document it is given.
pub trait Stage {
    fn name(&self) -> &'static str;
    fn run(&self, doc: &mut Document) -> Result<(), PipelineError>;

    /// Runs over several documents at once; a stage that gains from it (batching
    /// model inputs across documents) overrides this. One result per document.
    fn run_all(&self, docs: &mut [&mut Document]) -> Vec<Result<(), PipelineError>> {
        docs.iter_mut().map(|doc| self.run(doc)).collect()
    }
}

struct SegmentStage;

impl Stage for SegmentStage {
    fn name(&self) -> &'static str {
        "segment"
    }
    fn run(&self, doc: &mut Document) -> Result<(), PipelineError> {
        preprocess::segment(doc);
        if doc.blocks.is_empty() {
            return Err(PipelineError::NoContent);
        }
        Ok(())
    }
}

struct EmbedStage {
    embedder: Embedder,
    /// Sentences already encoded in this run, by text.
    cache: SentenceCache,
}

impl Stage for EmbedStage {
    fn name(&self) -> &'static str {
        "embed"
    }
    fn run(&self, doc: &mut Document) -> Result<(), PipelineError> {
        self.run_all(&mut [doc]).pop().unwrap_or(Ok(()))
    }

    /// Embeds the sentences of all `docs` in one call, so that batches are sorted by
    /// length across documents and pad little. A sentence seen before in this run, or
    /// twice among `docs`, is encoded once.
    fn run_all(&self, docs: &mut [&mut Document]) -> Vec<Result<(), PipelineError>> {
        // Each sentence's analysis: from the cache (Ok), or the index of the text to
        // encode (Err), each distinct text once.
        let mut found: Vec<Vec<Result<Analysis, usize>>> = Vec::with_capacity(docs.len());
        let mut to_encode: Vec<&str> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for doc in docs.iter() {
            let mut analyses = Vec::new();
            for (_, s) in doc.sentences() {
                let analysis = match self.cache.get(&s.text) {
                    Some(cached) => Ok(cached),
                    None => Err(*index.entry(s.text.as_str()).or_insert_with(|| {
                        to_encode.push(s.text.as_str());
                        to_encode.len() - 1
                    })),
                };
                analyses.push(analysis);
            }
            found.push(analyses);
        }
        let warnings: Vec<Vec<String>> = docs.iter().map(|doc| self.long_sentences(doc)).collect();
        let encoded = match self.embedder.encode(&to_encode) {
            Ok(encoded) => encoded,
            Err(err) => {
                let message = crate::error::error_chain(&err);
                return docs
                    .iter()
                    .map(|_| Err(PipelineError::Embedding(message.clone())))
                    .collect();
            }
        };
        let new: Vec<Analysis> = (0..to_encode.len())
            .map(|i| Analysis {
                embedding: encoded.embeddings.get(i).cloned().unwrap_or_default(),
                branch: encoded.branch.get(i).cloned().unwrap_or_default(),
                peak: encoded.peaks.get(i).cloned().flatten(),
            })
            .collect();
        for (text, analysis) in to_encode.iter().zip(&new) {
            self.cache.put(text, analysis.clone());
        }
        let (branch, tone) = (self.embedder.has_branch(), self.embedder.has_tone());
        for ((doc, analyses), warnings) in docs.iter_mut().zip(found).zip(warnings) {
            let sentences = doc.blocks.iter_mut().flat_map(|b| &mut b.sentences);
            for (sentence, analysis) in sentences.zip(analyses) {
                let analysis = analysis.unwrap_or_else(|i| new[i].clone());
                sentence.embedding = analysis.embedding;
                if branch {
                    sentence.sentiment_input = analysis.branch;
                }
                if tone {
                    sentence.peak = analysis.peak;
                }
            }
            doc.warnings.extend(warnings);
        }
        docs.iter().map(|_| Ok(())).collect()
    }
}

impl EmbedStage {
    fn long_sentences(&self, doc: &Document) -> Vec<String> {
        let mut warnings = Vec::new();
        for (_, s) in doc.sentences() {
            if s.text.split_whitespace().count() > LONG_SENTENCE_WORDS
                && self.embedder.token_ids(&s.text).len() >= MAX_TOKENS
            {
                warnings.push(format!(
                    "sentence at bytes {}..{} is longer than the model's {MAX_TOKENS}-token window; its embedding covers only its start",
                    s.span.start, s.span.end
                ));
            }
        }
        warnings
    }
}

enum SentimentStage {
    Head(Box<SentimentHead>),
    Classifier(Box<Classifier>),
}

impl Stage for SentimentStage {
    fn name(&self) -> &'static str {
        "sentiment"
    }
    fn run(&self, doc: &mut Document) -> Result<(), PipelineError> {
        match self {
            SentimentStage::Head(head) => sentiment::score_with_head(doc, head)?,
            SentimentStage::Classifier(model) => sentiment::score_with_classifier(doc, model)?,
        }
        Ok(())
    }
}

struct SummarizeStage {
    extractive: SummarySettings,
    /// Runs after the extractive summary, which it replaces unless the input is tiny.
    abstractive: Option<Abstractive>,
}

impl Stage for SummarizeStage {
    fn name(&self) -> &'static str {
        "summarize"
    }
    fn run(&self, doc: &mut Document) -> Result<(), PipelineError> {
        summarize::summarize(doc, &self.extractive);
        if let Some(model) = &self.abstractive {
            model.summarize(doc)?;
        }
        Ok(())
    }
}

struct FlagStage {
    lexicon: Lexicon,
    /// The promotional-tone direction in the embedding space.
    tone: Option<ToneDirection>,
    promotional: PromotionalSettings,
    repetition: RepetitionSettings,
}

impl Stage for FlagStage {
    fn name(&self) -> &'static str {
        "flag"
    }
    fn run(&self, doc: &mut Document) -> Result<(), PipelineError> {
        promotional::flag(doc, &self.lexicon, self.tone.as_ref(), &self.promotional);
        repetition::flag(doc, &self.repetition);
        phrases::flag(doc, &self.lexicon, self.repetition.phrase_min_count);
        doc.flags.sort_by_key(|f| (f.span.start, f.span.end));
        Ok(())
    }
}

/// Computes the tone direction from a file of `factual<TAB>promotional` pairs.
fn tone_from_file(embedder: &Embedder, path: &Path) -> Result<ToneDirection, PipelineError> {
    let error = |why: String| PipelineError::ToneExamples {
        path: path.to_path_buf(),
        why,
    };
    let text = crate::bounded::read_small_file(path, crate::bounded::SMALL_FILE_LIMIT)
        .map_err(|e| error(e.to_string()))?;
    ToneDirection::compute(embedder, &text, MINILM)?.ok_or_else(|| {
        error("no factual<TAB>promotional pairs (or the two sides embed alike)".into())
    })
}

/// The whole pipeline with its models loaded once.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    /// Loads the embedded default models (verified against the manifest) from
    /// `models_dir` or the default models folder.
    pub fn load(models_dir: Option<&Path>, settings: Settings) -> Result<Pipeline, PipelineError> {
        let started = std::time::Instant::now();
        settings.validate()?;
        let pipeline = Pipeline::load_stages(models_dir, settings)?;
        tracing::info!(
            seconds = started.elapsed().as_secs_f64(),
            stages = ?pipeline.stage_names(),
            threads = tch::get_num_threads(),
            "pipeline loaded"
        );
        Ok(pipeline)
    }

    fn load_stages(
        models_dir: Option<&Path>,
        settings: Settings,
    ) -> Result<Pipeline, PipelineError> {
        let mut embedder =
            Embedder::load_with(models_dir, Backend::Fused, settings.embedding.precision)?
                .with_batch_size(settings.embedding.batch_size);
        let sentiment = match &settings.sentiment.model {
            Some(dir) => SentimentStage::Classifier(Box::new(Classifier::load(dir)?)),
            None => {
                let head = SentimentHead::load(models_dir)?;
                // The head's branch runs in the embedding pass.
                head.attach(&mut embedder)?;
                SentimentStage::Head(Box::new(head))
            }
        };
        let abstractive = match (settings.summary.method, &settings.abstractive.model) {
            (SummaryMethod::Extractive, _) => None,
            (SummaryMethod::Abstractive, Some(dir)) => {
                Some(Abstractive::load(dir, settings.abstractive.clone())?)
            }
            (SummaryMethod::Abstractive, None) => return Err(PipelineError::NoSummaryModel),
        };
        // The tone direction: the committed one, or one computed here from the user's
        // pairs (with the embedder, before the Embed stage takes it).
        let tone = match &settings.promotional.tone_examples {
            None => ToneDirection::builtin(),
            Some(path) => Some(tone_from_file(&embedder, path)?),
        };
        // Each sentence's peak window on the direction comes out of the embedding pass.
        if let Some(tone) = &tone {
            if let Some(peak) = &tone.peak {
                embedder.attach_tone(&tone.direction, peak.window)?;
            }
        }
        let mut lexicon = Lexicon::builtin();
        if let Some(extra) = settings.lexicon {
            lexicon.merge(extra);
        }
        Ok(Pipeline {
            stages: vec![
                Box::new(SegmentStage),
                Box::new(EmbedStage {
                    embedder,
                    cache: SentenceCache::new(settings.embedding.sentence_cache),
                }),
                Box::new(sentiment),
                // Flags first: the summary leaves out what they mark.
                Box::new(FlagStage {
                    lexicon,
                    tone,
                    promotional: settings.promotional,
                    repetition: settings.repetition,
                }),
                Box::new(SummarizeStage {
                    extractive: settings.summary,
                    abstractive,
                }),
            ],
        })
    }

    /// Runs every stage over `doc`.
    pub fn run(&self, doc: &mut Document) -> Result<(), PipelineError> {
        for stage in &self.stages {
            stage.run(doc)?;
        }
        Ok(())
    }

    /// Runs every stage over all `docs`, stage by stage, so that stages batch model
    /// inputs across documents; a document that fails a stage skips the rest.
    /// One result per document.
    pub fn run_all(&self, docs: &mut [Document]) -> Vec<Result<(), PipelineError>> {
        let mut spent = vec![std::time::Duration::ZERO; self.stages.len()];
        self.run_all_timed(docs, &mut spent)
    }

    /// [`Pipeline::run_all`], adding each stage's wall time to `spent` (indexed as
    /// [`Pipeline::stage_names`]).
    pub fn run_all_timed(
        &self,
        docs: &mut [Document],
        spent: &mut [std::time::Duration],
    ) -> Vec<Result<(), PipelineError>> {
        let mut results: Vec<Result<(), PipelineError>> = docs.iter().map(|_| Ok(())).collect();
        for (stage, total) in self.stages.iter().zip(spent.iter_mut()) {
            let started = std::time::Instant::now();
            let (mut live, slots): (Vec<&mut Document>, Vec<usize>) = docs
                .iter_mut()
                .zip(&results)
                .enumerate()
                .filter(|(_, (_, r))| r.is_ok())
                .map(|(i, (doc, _))| (doc, i))
                .unzip();
            let documents = live.len();
            for (slot, result) in slots.into_iter().zip(stage.run_all(&mut live)) {
                if result.is_err() {
                    results[slot] = result;
                }
            }
            let elapsed = started.elapsed();
            tracing::debug!(
                stage = stage.name(),
                documents,
                seconds = elapsed.as_secs_f64(),
                "stage done"
            );
            *total += elapsed;
        }
        results
    }

    /// The stages' names, in the order they run.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }
}
