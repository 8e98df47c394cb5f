//! Settings of every stage, as one TOML file sets them (one table per stage) and the
//! command line overrides them, and the one place their ranges are checked:
//! [`Settings::validate`], which [`Pipeline::load`](crate::Pipeline::load) calls.
//! A key no stage knows is an error when the file is read, never silently ignored.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::entities::EntitySettings;
use crate::flags::{Lexicon, PromotionalSettings, RepetitionSettings};
use crate::models::embedder::DEFAULT_BATCH_SIZE;
use crate::models::Precision;
use crate::models::{sentence_cache, sentence_store};
use crate::summarize::{AbstractiveSettings, SummarySettings};

/// Settings of every stage, loadable from a TOML file with one table per stage.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// How long the summary is and how its sentences are chosen (`[summary]`).
    pub summary: SummarySettings,
    /// When a sentence is promotional (`[promotional]`).
    pub promotional: PromotionalSettings,
    /// When a passage repeats an earlier one (`[repetition]`).
    pub repetition: RepetitionSettings,
    /// Which sentiment model (`[sentiment]`).
    pub sentiment: SentimentSettings,
    /// How MiniLM runs (`[embedding]`).
    pub embedding: EmbeddingSettings,
    /// The abstractive summarizer's model and generation (`[abstractive]`).
    pub abstractive: AbstractiveSettings,
    /// Which people and organisations get a tone (`[entities]`).
    pub entities: EntitySettings,
    /// Extra or replacement lexicon categories, as in `src/flags/lexicon.toml`.
    pub lexicon: Option<Lexicon>,
}

/// Which sentiment model runs (`[sentiment]`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SentimentSettings {
    /// A local Hugging Face sequence-classification model folder to use instead of
    /// the embedded head (see `models::classifier`).
    pub model: Option<PathBuf>,
}

/// How MiniLM runs (`[embedding]`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EmbeddingSettings {
    /// `auto` (bf16 on CPUs with native bf16, else int8), `f32`, `bf16` or `int8`;
    /// see BENCHMARKS.md for what each costs in speed and accuracy.
    pub precision: Precision,
    /// Sentences per forward pass (sorted by token count first).
    pub batch_size: usize,
    /// Sentences of this run kept encoded (about 3 KB each), so that a repeated one is
    /// encoded once; 0 turns it off.
    pub sentence_cache: usize,
    /// Keep sentence analyses on disk between runs, in `cache_dir` (the command line's
    /// `--no-cache` sets it false); see [`crate::models::sentence_store`].
    pub cache: bool,
    /// The folder of the on-disk sentence cache. The library keeps none without one;
    /// the command line fills in `$NEWSLENS_CACHE_DIR`, else the platform's cache
    /// folder (`~/.cache/newslens` on Linux).
    pub cache_dir: Option<PathBuf>,
    /// Sentences the on-disk cache holds at most (about 5 KB each on disk); the least
    /// recently used go first.
    pub cache_max_sentences: usize,
}

impl Default for EmbeddingSettings {
    fn default() -> EmbeddingSettings {
        EmbeddingSettings {
            precision: Precision::Auto,
            batch_size: DEFAULT_BATCH_SIZE,
            sentence_cache: sentence_cache::DEFAULT_CAPACITY,
            cache: true,
            cache_dir: None,
            cache_max_sentences: sentence_store::DEFAULT_MAX_SENTENCES,
        }
    }
}

/// A setting outside the values it can take.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("[{table}] {key} = {value} is out of range: it must be {rule}{}", flag.map(|f| format!(" ({f} on the command line)")).unwrap_or_default())]
pub struct SettingsError {
    /// The settings table (`promotional`, `summary`, ...).
    pub table: &'static str,
    /// The setting's key.
    pub key: String,
    /// The value given.
    pub value: String,
    /// The values it can take.
    pub rule: String,
    /// The command-line option that sets it, if one does.
    pub flag: Option<&'static str>,
}

/// One range check: `value` of `[table] key` must lie in `low..=high` (and be a number).
struct Check {
    table: &'static str,
    key: &'static str,
    flag: Option<&'static str>,
}

impl Check {
    fn new(table: &'static str, key: &'static str) -> Check {
        Check {
            table,
            key,
            flag: None,
        }
    }

    fn flag(mut self, flag: &'static str) -> Check {
        self.flag = Some(flag);
        self
    }

    fn error(&self, value: String, rule: String) -> SettingsError {
        SettingsError {
            table: self.table,
            key: self.key.to_string(),
            value,
            rule,
            flag: self.flag,
        }
    }

    fn float(self, value: f64, low: f64, high: f64) -> Result<(), SettingsError> {
        if value.is_finite() && (low..=high).contains(&value) {
            return Ok(());
        }
        let rule = if high == f64::MAX {
            format!("a number of at least {low}")
        } else {
            format!("between {low} and {high}")
        };
        Err(self.error(value.to_string(), rule))
    }

    fn int(self, value: i64, low: i64, high: i64) -> Result<(), SettingsError> {
        if (low..=high).contains(&value) {
            return Ok(());
        }
        let rule = if high == i64::MAX {
            format!("at least {low}")
        } else {
            format!("between {low} and {high}")
        };
        Err(self.error(value.to_string(), rule))
    }
}

/// `usize` settings as the checks read them (anything above `i64::MAX` is out of range).
fn int(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// No upper bound.
const ANY: f64 = f64::MAX;

impl Settings {
    /// Reads a settings file's text; a key no table knows is an error naming it.
    pub fn from_toml(text: &str) -> Result<Settings, toml::de::Error> {
        toml::from_str(text)
    }

    /// Checks every setting's range, the same whether it came from a file or a flag.
    pub fn validate(&self) -> Result<(), SettingsError> {
        let s = &self.summary;
        let c = |key| Check::new("summary", key);
        if let Some(n) = s.sentences {
            c("sentences")
                .flag("--sentences")
                .int(int(n), 1, i64::MAX)?;
        }
        if let Some(n) = s.words {
            c("words").flag("--words").int(int(n), 1, i64::MAX)?;
        }
        c("default_sentences").int(int(s.default_sentences), 1, i64::MAX)?;
        c("max_default_sentences").int(
            int(s.max_default_sentences),
            int(s.default_sentences),
            i64::MAX,
        )?;
        c("words_per_sentence").int(int(s.words_per_sentence), 1, i64::MAX)?;
        c("lambda").float(s.lambda.into(), 0.0, 1.0)?;
        c("redundancy_cosine").float(s.redundancy_cosine.into(), -1.0, 1.0)?;
        c("lead_weight").float(s.lead_weight.into(), 0.0, 1.0)?;
        c("lead_decay").float(s.lead_decay.into(), 0.0, ANY)?;
        c("title_weight").float(s.title_weight.into(), 0.0, 1.0)?;
        c("promotional_share").float(s.promotional_share.into(), 0.0, 1.0)?;

        let p = &self.promotional;
        let c = |key| Check::new("promotional", key);
        c("threshold")
            .flag("--promo-threshold")
            .float(p.threshold.into(), 0.0, 1.0)?;
        c("half_score_at").float(p.half_score_at.into(), 1e-6, ANY)?;
        c("cue_weight").float(p.cue_weight.into(), 0.0, ANY)?;
        c("vague_weight").float(p.vague_weight.into(), 0.0, ANY)?;
        c("tone_weight").float(p.tone_weight.into(), 0.0, ANY)?;
        c("emotive_weight").float(p.emotive_weight.into(), 0.0, ANY)?;
        c("loaded_weight").float(p.loaded_weight.into(), 0.0, ANY)?;
        c("loaded_from").float(p.loaded_from.into(), 0.0, 1.0)?;
        c("sentence_weight").float(p.sentence_weight.into(), 0.0, ANY)?;
        c("sentence_from").float(p.sentence_from.into(), 0.0, 1.0)?;
        c("min_density").float(p.min_density.into(), 0.0, 1.0)?;

        let r = &self.repetition;
        let c = |key| Check::new("repetition", key);
        c("paraphrase_cosine").flag("--repeat-cosine").float(
            r.paraphrase_cosine.into(),
            0.0,
            1.0,
        )?;
        c("overlap_cosine").float(r.overlap_cosine.into(), 0.0, 1.0)?;
        c("min_word_overlap").float(r.min_word_overlap.into(), 0.0, 1.0)?;

        Check::new("embedding", "batch_size")
            .flag("--batch-size")
            .int(int(self.embedding.batch_size), 1, 4096)?;
        Check::new("embedding", "sentence_cache").int(
            int(self.embedding.sentence_cache),
            0,
            1_000_000,
        )?;
        Check::new("embedding", "cache_max_sentences").int(
            int(self.embedding.cache_max_sentences),
            1,
            i64::MAX,
        )?;

        let e = &self.entities;
        let c = |key| Check::new("entities", key);
        c("max").int(int(e.max), 0, 1000)?;
        c("min_mentions").int(int(e.min_mentions), 1, i64::MAX)?;
        for target in &e.targets {
            if crate::entities::Target::parse(target).is_none() {
                return Err(SettingsError {
                    table: "entities",
                    key: "targets".into(),
                    value: format!("{target:?}"),
                    rule: "NAME or NAME=ALIAS,ALIAS with a name before any '='".into(),
                    flag: Some("--target"),
                });
            }
        }

        let a = &self.abstractive;
        let c = |key| Check::new("abstractive", key);
        c("beams").flag("--beams").int(a.beams, 1, 64)?;
        c("max_length")
            .flag("--max-length")
            .int(a.max_length, 1, 4096)?;
        c("min_length")
            .flag("--min-length")
            .int(a.min_length, 0, a.max_length)?;
        c("no_repeat_ngram")
            .flag("--no-repeat-ngram")
            .int(a.no_repeat_ngram, 0, 64)?;
        c("length_penalty").float(a.length_penalty, 0.0, ANY)?;
        c("max_rounds").int(int(a.max_rounds), 0, 16)?;

        if let Some(lexicon) = &self.lexicon {
            // Keys named by the file: the check's error gets the key afterwards.
            for (name, category) in &lexicon.categories {
                Check::new("lexicon", "")
                    .float(category.weight.into(), 0.0, ANY)
                    .map_err(|e| SettingsError {
                        key: format!("categories.{name}.weight"),
                        ..e
                    })?;
            }
            for (word, valence) in &lexicon.emotive {
                Check::new("lexicon", "")
                    .float((*valence).into(), -4.0, 4.0)
                    .map_err(|e| SettingsError {
                        key: format!("emotive.{word:?}"),
                        ..e
                    })?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors_in_every_table() {
        for table in [
            "summary",
            "promotional",
            "repetition",
            "sentiment",
            "embedding",
            "abstractive",
        ] {
            let err = Settings::from_toml(&format!("[{table}]\ntreshold = 0.1\n")).unwrap_err();
            assert!(err.to_string().contains("treshold"), "[{table}]: {err}");
        }
        let err = Settings::from_toml(
            "[lexicon.categories.x]\nreason = \"r\"\nweight = 1\nterms = []\nwieght = 2\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("wieght"), "{err}");
        let err = Settings::from_toml("[lexicon]\nemotiv = {}\n").unwrap_err();
        assert!(err.to_string().contains("emotiv"), "{err}");
        assert!(Settings::from_toml("[promotinal]\nthreshold = 0.1\n").is_err());
    }

    #[test]
    fn out_of_range_values_are_errors_that_name_the_key_and_the_flag() {
        let settings = Settings::from_toml("[promotional]\nthreshold = 7\n").unwrap();
        let err = settings.validate().unwrap_err();
        assert_eq!(
            err.to_string(),
            "[promotional] threshold = 7 is out of range: it must be between 0 and 1 (--promo-threshold on the command line)"
        );
        for text in [
            "[summary]\nsentences = 0",
            "[summary]\nlambda = -0.5",
            "[summary]\nwords_per_sentence = 0",
            "[repetition]\nparaphrase_cosine = 1.5",
            "[embedding]\nbatch_size = 0",
            "[abstractive]\nbeams = 0",
            "[abstractive]\nbeams = 100000",
            "[abstractive]\nmin_length = 300\nmax_length = 100",
            "[promotional]\nhalf_score_at = 0",
            "[promotional]\nthreshold = nan",
            "[lexicon.emotive]\nsplendid = 9",
            "[lexicon.categories.peacock]\nreason = \"peacock term\"\nweight = -1\nterms = [\"stellar\"]",
        ] {
            let settings = Settings::from_toml(text).unwrap();
            assert!(settings.validate().is_err(), "{text} passed");
        }
        Settings::default().validate().unwrap();
    }
}
