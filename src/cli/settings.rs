//! From the command line and the settings file to the library's [`Settings`],
//! [`IngestOptions`] and a loaded [`Pipeline`].

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use newslens::bounded::{read_small_file, SMALL_FILE_LIMIT};
use newslens::document::SummaryMethod;
use newslens::ingest::IngestOptions;
use newslens::pipeline::{Pipeline, Settings};

use super::args::{InputOptions, ModelOptions, SummarizerArg, Verbosity, WalkOptions};

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
    Some(xdg_home("XDG_CONFIG_HOME", ".config")?.join("newslens/newslens.toml"))
        .filter(|p| p.is_file())
}

/// `$VARIABLE`, else `$HOME/fallback`: a freedesktop base folder.
fn xdg_home(variable: &str, fallback: &str) -> Option<PathBuf> {
    std::env::var_os(variable)
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(fallback)))
}

/// The on-disk sentence cache's folder: `$NEWSLENS_CACHE_DIR`, else `newslens` in
/// `$XDG_CACHE_HOME` (on Linux, defaulting to ~/.cache), `~/Library/Caches` on macOS or
/// `%LOCALAPPDATA%` on Windows; none when none of these is known.
pub(crate) fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("NEWSLENS_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let base = if cfg!(target_os = "macos") {
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join("Library/Caches"))
    } else if cfg!(windows) {
        std::env::var_os("LOCALAPPDATA").map(PathBuf::from)
    } else {
        xdg_home("XDG_CACHE_HOME", ".cache")
    };
    base.map(|b| b.join("newslens"))
}

/// The settings file's settings, with the command line's options over them and then
/// `adjust` (a command's own options), checked by [`Settings::validate`].
pub(crate) fn settings(
    options: &ModelOptions,
    adjust: impl FnOnce(&mut Settings),
) -> Result<Settings> {
    let mut settings = match config_file(options.config.as_deref()) {
        Some(path) => {
            let text = read_small_file(&path, SMALL_FILE_LIMIT)
                .with_context(|| format!("reading {}", path.display()))?;
            Settings::from_toml(&text).with_context(|| format!("parsing {}", path.display()))?
        }
        None => Settings::default(),
    };
    fn set<T: Clone>(field: &mut T, value: Option<&T>) {
        if let Some(value) = value {
            *field = value.clone();
        }
    }
    set(
        &mut settings.promotional.threshold,
        options.promo_threshold.as_ref(),
    );
    set(
        &mut settings.repetition.paraphrase_cosine,
        options.repeat_cosine.as_ref(),
    );
    set(
        &mut settings.embedding.batch_size,
        options.batch_size.as_ref(),
    );
    set(
        &mut settings.embedding.precision,
        options.precision.as_ref(),
    );
    settings
        .entities
        .targets
        .extend(options.targets.iter().cloned());
    let embedding = &mut settings.embedding;
    embedding.cache &= !options.no_cache;
    if embedding.cache && embedding.cache_dir.is_none() {
        embedding.cache_dir = cache_dir();
    }
    if let Some(dir) = &options.sentiment_model {
        settings.sentiment.model = Some(dir.clone());
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
    set(&mut abstractive.beams, options.beams.as_ref());
    set(&mut abstractive.min_length, options.min_length.as_ref());
    set(&mut abstractive.max_length, options.max_length.as_ref());
    set(
        &mut abstractive.no_repeat_ngram,
        options.no_repeat_ngram.as_ref(),
    );
    adjust(&mut settings);
    settings.validate()?;
    Ok(settings)
}

/// How inputs are read; `walk` is absent for commands that take one file.
pub(crate) fn ingest_options(
    input: &InputOptions,
    walk: Option<&WalkOptions>,
) -> Result<IngestOptions> {
    let globs = walk.map_or(&[][..], |w| &w.glob[..]);
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
        follow_links: walk.is_some_and(|w| w.follow),
    })
}

/// The pipeline of `settings`; what it runs without (see [`Pipeline::notes`]) goes to
/// stderr as a warning unless `verbosity` is quiet.
pub(crate) fn load_pipeline(
    options: &ModelOptions,
    settings: Settings,
    verbosity: Verbosity,
) -> Result<Pipeline> {
    let pipeline = Pipeline::load(options.models_dir.as_deref(), settings)?;
    if verbosity != Verbosity::Quiet {
        for note in pipeline.notes() {
            eprintln!("newslens: warning: {note}");
        }
    }
    Ok(pipeline)
}
