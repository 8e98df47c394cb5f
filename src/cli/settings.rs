//! From the command line and the settings file to the library's [`Settings`],
//! [`IngestOptions`] and a loaded [`Pipeline`].

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use newslens::document::SummaryMethod;
use newslens::ingest::IngestOptions;
use newslens::pipeline::{Pipeline, Settings};

use super::args::{InputOptions, ModelOptions, SummarizerArg};

/// The settings file: `--config FILE`, else `$NEWSLENS_CONFIG`, else `newslens.toml` in
/// the current folder, else `$XDG_CONFIG_HOME/newslens/newslens.toml` (XDG_CONFIG_HOME
/// defaulting to ~/.config); none is fine. A file named explicitly must exist.
pub(crate) fn config_file(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(path) = explicit {
        return Some(path.to_path_buf());
    }
    if let Some(path) = std::env::var_os("NEWSLENS_CONFIG") {
        return Some(PathBuf::from(path));
    }
    let local = PathBuf::from("newslens.toml");
    if local.is_file() {
        return Some(local);
    }
    let config_home = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(config_home.join("newslens/newslens.toml")).filter(|p| p.is_file())
}

pub(crate) fn settings(options: &ModelOptions) -> Result<Settings> {
    let mut settings = match config_file(options.config.as_deref()) {
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            Settings::from_toml(&text).with_context(|| format!("parsing {}", path.display()))?
        }
        None => Settings::default(),
    };
    if let Some(threshold) = options.promo_threshold {
        if !(0.0..=1.0).contains(&threshold) {
            bail!("--promo-threshold must be between 0 and 1, got {threshold}");
        }
        settings.promotional.threshold = threshold;
    }
    if let Some(cosine) = options.repeat_cosine {
        if !(0.0..=1.0).contains(&cosine) {
            bail!("--repeat-cosine must be between 0 and 1, got {cosine}");
        }
        settings.repetition.paraphrase_cosine = cosine;
    }
    if let Some(n) = options.batch_size {
        if n == 0 {
            bail!("--batch-size must be at least 1");
        }
        settings.embedding.batch_size = n;
    }
    if let Some(dir) = &options.sentiment_model {
        settings.sentiment.model = Some(dir.clone());
    }
    if let Some(precision) = options.precision {
        settings.embedding.precision = precision;
    }
    if let Some(summarizer) = options.summarizer {
        settings.summary.method = match summarizer {
            SummarizerArg::Extractive => SummaryMethod::Extractive,
            SummarizerArg::Abstractive => SummaryMethod::Abstractive,
        };
    }
    let abstractive = &mut settings.abstractive;
    if let Some(dir) = &options.model {
        abstractive.model = Some(dir.clone());
    }
    for (value, field, least) in [
        (options.beams, &mut abstractive.beams, 1),
        (options.min_length, &mut abstractive.min_length, 0),
        (options.max_length, &mut abstractive.max_length, 1),
        (options.no_repeat_ngram, &mut abstractive.no_repeat_ngram, 0),
    ] {
        if let Some(value) = value {
            if value < least {
                bail!("--beams, --max-length must be at least 1, --min-length and --no-repeat-ngram at least 0");
            }
            *field = value;
        }
    }
    if abstractive.min_length > abstractive.max_length {
        bail!(
            "--min-length {} is above --max-length {}",
            abstractive.min_length,
            abstractive.max_length
        );
    }
    Ok(settings)
}

pub(crate) fn ingest_options(input: &InputOptions, globs: &[String]) -> Result<IngestOptions> {
    let globs = if globs.is_empty() {
        None
    } else {
        let mut set = globset::GlobSetBuilder::new();
        for glob in globs {
            set.add(globset::Glob::new(glob).with_context(|| format!("--glob {glob}"))?);
        }
        Some(set.build()?)
    };
    Ok(IngestOptions {
        max_bytes: input.max_bytes,
        globs,
    })
}

pub(crate) fn load_pipeline(options: &ModelOptions, settings: Settings) -> Result<Pipeline> {
    Ok(Pipeline::load(options.models_dir.as_deref(), settings)?)
}
