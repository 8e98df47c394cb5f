//! `newslens summarize`: one article, one report.

use std::io::Write;

use anyhow::{Context, Result};

use newslens::batch;
use newslens::ingest;
use newslens::report::{self, Format};

use super::args::{ColorArg, FormatArg, SummarizeArgs, Verbosity};
use super::settings::{ingest_options, load_pipeline, settings};
use super::ExitStatus;

pub(crate) fn summarize(args: SummarizeArgs, verbosity: Verbosity) -> Result<ExitStatus> {
    let settings = settings(&args.models, |settings| {
        if args.sentences.is_some() || args.words.is_some() {
            settings.summary.sentences = args.sentences;
            settings.summary.words = args.words;
        }
    })?;
    // Read the input before loading models, so a bad file fails fast.
    let options = ingest_options(&args.input_options, None)?;
    let doc = if args.input.as_os_str() == "-" {
        ingest::read_stdin(&options)
    } else {
        ingest::read_file(&args.input, &options)
    }
    .with_context(|| format!("reading {}", args.input.display()))?;
    let pipeline = load_pipeline(&args.models, settings, verbosity)?;
    let (doc, record) = batch::analyse(&pipeline, doc)
        .map_err(|e| anyhow::anyhow!("analysing {}: {e}", args.input.display()))?;
    let format = match args.format {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Html => Format::Html,
    };
    let mut stdout = std::io::stdout().lock();
    let colour = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            use std::io::IsTerminal;
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    stdout.write_all(report::render(&record, &doc.text, format, colour).as_bytes())?;
    stdout.flush()?;
    Ok(ExitStatus::Success)
}
