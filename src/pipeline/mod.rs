//! Runs the stages in order over one [`Document`]:
//! segment → entities → embed → sentiment → flag → summarize.
//! Each stage reads what the ones before it wrote into the document.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use crate::document::Document;
use crate::document::SummaryMethod;
use crate::entities::{self, EntitySettings};
use crate::flags::promotional::SentenceProbe;
use crate::flags::tone::ToneDirection;
use crate::flags::{
    phrases, promotional, repetition, Lexicon, PromotionalSettings, RepetitionSettings,
};
use crate::models::classifier::Classifier;
use crate::models::embedder::MINILM;
use crate::models::sentence_cache::SentenceCache;
use crate::models::sentence_store::SentenceStore;
use crate::models::{Backend, Embedder, ModelError};
use crate::preprocess;

mod embed;
use crate::sentiment::{self, SentimentHead};
use crate::settings::EmbeddingSettings;
pub use crate::settings::{Settings, SettingsError};
use crate::summarize::{self, Abstractive, SummarySettings};
use embed::EmbedStage;

/// Why the pipeline could not analyse a document.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// A model could not be found, loaded or run.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// A setting is out of range.
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// An abstractive summary was asked for without a model folder.
    #[error("an abstractive summary needs a model folder: --model DIR (BART, DistilBART, Pegasus or T5; `newslens models` lists them)")]
    NoSummaryModel,
    /// The embed stage failed; the error's text.
    #[error("embedding failed: {0}")]
    Embedding(String),
    /// A stage panicked on this document: a bug in newslens, caught so that the other
    /// documents of the batch go on; the stage's name.
    #[error("the {0} stage failed on this document (a bug in newslens; please report it with the input)")]
    Panicked(&'static str),
    /// Nothing of the input is article text.
    #[error("no article text found (the input is only boilerplate such as share, subscribe or cookie lines)")]
    NoContent,
    /// The tone examples file of the settings could not be read or used.
    #[error("tone examples {path}: {why}")]
    ToneExamples {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        why: String,
    },
}

/// One step of the pipeline; it changes the document it is given.
pub trait Stage {
    /// The stage's name, as logs and stage timings give it.
    fn name(&self) -> &'static str;
    /// Runs the stage on `doc`; an error stops the document, not the batch.
    fn run(&self, doc: &mut Document) -> Result<(), PipelineError>;

    /// Runs over several documents at once; a stage that gains from it (batching
    /// model inputs across documents) overrides this, and [`Stage::batches`]. One
    /// result per document.
    fn run_all(&self, docs: &mut [&mut Document]) -> Vec<Result<(), PipelineError>> {
        docs.iter_mut().map(|doc| self.run(doc)).collect()
    }

    /// Whether [`Stage::run_all`] does more than [`Stage::run`] on each document in
    /// turn. Its results are then written only once all are computed, so that it can
    /// run again on each document alone (see [`run_stage`]).
    fn batches(&self) -> bool {
        false
    }
}

/// Runs `stage` over `docs` so that a panic in it (a bug of ours on some input) fails
/// only the document it happened on, as [`PipelineError::Panicked`]: a stage that
/// batches runs again on each document alone; any other runs each document under its
/// own guard, so none runs twice. Model calls into rust-bert have their own guard
/// (`models::guarded`).
fn run_stage(stage: &dyn Stage, docs: &mut [&mut Document]) -> Vec<Result<(), PipelineError>> {
    let alone = |doc: &mut Document| {
        catch_unwind(AssertUnwindSafe(|| stage.run(doc)))
            .unwrap_or_else(|_| Err(PipelineError::Panicked(stage.name())))
    };
    if !stage.batches() || docs.len() == 1 {
        return docs.iter_mut().map(|doc| alone(doc)).collect();
    }
    catch_unwind(AssertUnwindSafe(|| stage.run_all(docs)))
        .unwrap_or_else(|_| docs.iter_mut().map(|doc| alone(doc)).collect())
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

struct EntityStage(EntitySettings);

impl Stage for EntityStage {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn run(&self, doc: &mut Document) -> Result<(), PipelineError> {
        entities::find(doc, &self.0);
        entities::find_people(doc);
        Ok(())
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
            SentimentStage::Head(head) => {
                sentiment::score_with_head(doc, head)?;
                if let Some(target) = &head.target {
                    entities::score(doc, target)?;
                }
            }
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
    /// Loaded wording by sentence, with the loaded-word tagger.
    probe: Option<SentenceProbe>,
    promotional: PromotionalSettings,
    repetition: RepetitionSettings,
}

impl Stage for FlagStage {
    fn name(&self) -> &'static str {
        "flag"
    }
    fn run(&self, doc: &mut Document) -> Result<(), PipelineError> {
        let readers = promotional::Readers {
            tone: self.tone.as_ref(),
            probe: self.probe.as_ref(),
        };
        promotional::flag(doc, &self.lexicon, readers, &self.promotional);
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

/// The on-disk sentence cache of `settings`, if it is on; why not, if it cannot be
/// opened (a read-only folder, a damaged file): then the run encodes every sentence.
fn open_store(
    embedder: &Embedder,
    settings: &EmbeddingSettings,
) -> Result<Option<SentenceStore>, String> {
    let Some(dir) = settings.cache_dir.as_deref().filter(|_| settings.cache) else {
        return Ok(None);
    };
    let fingerprint = embedder.fingerprint().map_err(|e| e.to_string())?;
    SentenceStore::open(dir, fingerprint, settings.cache_max_sentences)
        .map(Some)
        .map_err(|e| crate::error::error_chain(&e))
}

/// The whole pipeline with its models loaded once.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
    /// What could not be set up and is done without (see [`Pipeline::notes`]).
    notes: Vec<String>,
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
        let mut probe = None;
        let sentiment = match &settings.sentiment.model {
            Some(dir) => SentimentStage::Classifier(Box::new(Classifier::load(dir)?)),
            None => {
                let head = SentimentHead::load(models_dir)?;
                // The head's branch runs in the embedding pass, and the loaded-word
                // tagger on the branch's states.
                head.attach(&mut embedder)?;
                let promotional = &settings.promotional;
                if promotional.loaded_weight > 0.0 || promotional.sentence_weight > 0.0 {
                    let loaded = head.read_tagger(promotional.tagger.as_deref())?;
                    if let Some(loaded) = loaded {
                        probe = loaded.probe;
                        if promotional.loaded_weight > 0.0 {
                            embedder.attach_tagger(loaded.tagger)?;
                        }
                    }
                }
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
        let mut notes = Vec::new();
        let store = open_store(&embedder, &settings.embedding).unwrap_or_else(|why| {
            notes.push(format!("the sentence cache is off for this run: {why}"));
            None
        });
        Ok(Pipeline {
            notes,
            stages: vec![
                Box::new(SegmentStage),
                Box::new(EntityStage(settings.entities)),
                Box::new(EmbedStage {
                    store,
                    embedder,
                    cache: SentenceCache::new(settings.embedding.sentence_cache),
                }),
                Box::new(sentiment),
                // Flags first: the summary leaves out what they mark.
                Box::new(FlagStage {
                    lexicon,
                    tone,
                    probe,
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
            run_stage(stage.as_ref(), &mut [&mut *doc])
                .pop()
                .unwrap_or(Ok(()))?;
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
            for (slot, result) in slots.into_iter().zip(run_stage(stage.as_ref(), &mut live)) {
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

    /// What the pipeline could not set up and runs without, for the user to know (the
    /// on-disk sentence cache that could not be opened); empty as a rule.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The stages' names, in the order they run.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }
}

#[cfg(test)]
mod tests;
