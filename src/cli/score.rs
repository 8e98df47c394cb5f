//! `newslens score`: many documents, one record each, to stdout or a resumable file.

use anyhow::{bail, Context, Result};

use newslens::batch::{self, BatchOptions};
use newslens::ingest::{self, Input};
use newslens::report::RowFormat;

use super::args::{RowFormatArg, ScoreArgs, Verbosity};
use super::jobs::score_in_jobs;
use super::runtime::Threads;
use super::settings::{ingest_options, load_pipeline, settings};
use super::ExitStatus;

pub(crate) fn score(
    args: ScoreArgs,
    verbosity: Verbosity,
    threads: &mut Threads,
) -> Result<ExitStatus> {
    if let Some(jobs) = args.jobs.filter(|&n| n > 1) {
        return score_in_jobs(&args, usize::from(jobs), verbosity);
    }
    let settings = settings(&args.models, |_| {})?;
    let options = ingest_options(&args.input_options, Some(&args.walk))?;
    let inputs = ingest::expand(&args.inputs, &options)?;
    if inputs.is_empty() {
        bail!("no input files found (folders are searched for .txt .md .html .jsonl)");
    }
    if inputs.iter().filter(|i| **i == Input::Stdin).count() > 1 {
        bail!("standard input (-) can be named only once");
    }
    let format = match args.format {
        RowFormatArg::Jsonl => RowFormat::Jsonl,
        RowFormatArg::Csv => RowFormat::Csv,
        RowFormatArg::Markdown => RowFormat::Markdown,
    };
    if args.resume && format != RowFormat::Jsonl {
        bail!("--resume works with --format jsonl only");
    }
    let pipeline = load_pipeline(&args.models, settings, verbosity)?;
    let progress = progress_bar(&inputs, verbosity);
    let mut report = |id: &str, error: Option<&str>| {
        progress.inc(1);
        threads.adapt();
        match (error, verbosity) {
            (_, Verbosity::Quiet) => {}
            (Some(error), _) => progress.suspend(|| eprintln!("newslens: {id}: {error}")),
            (None, Verbosity::Verbose) => progress.suspend(|| eprintln!("newslens: {id}: ok")),
            (None, Verbosity::Normal) => {}
        }
    };
    let mut batch_options = BatchOptions {
        ingest: options,
        format,
        skip: Default::default(),
        header: true,
        shard: args.shard,
    };
    let summary = match &args.out {
        Some(path) => {
            let mut file = if args.resume {
                let state = batch::prepare_resume(path)
                    .with_context(|| format!("resuming {}", path.display()))?;
                if state.repaired_bytes > 0 {
                    eprintln!(
                        "newslens: {}: cut off a torn last line ({} bytes)",
                        path.display(),
                        state.repaired_bytes
                    );
                }
                let file = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .with_context(|| format!("opening {}", path.display()))?;
                batch_options.skip = state.done;
                batch_options.header = false;
                file
            } else {
                std::fs::File::create(path)
                    .with_context(|| format!("creating {}", path.display()))?
            };
            // Unbuffered: every record is one write of one whole line.
            let summary = batch::score(&pipeline, &inputs, &batch_options, &mut file, &mut report)?;
            file.sync_all()?;
            if summary.skipped > 0 {
                eprintln!(
                    "newslens: resumed: {} documents were already in {}",
                    summary.skipped,
                    path.display()
                );
            }
            summary
        }
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            batch::score(&pipeline, &inputs, &batch_options, &mut stdout, &mut report)?
        }
    };
    progress.finish_and_clear();
    if summary.failed > 0 {
        eprintln!(
            "newslens: {} of {} documents failed",
            summary.failed, summary.documents
        );
    }
    Ok(ExitStatus::failed_if(summary.failed > 0))
}

/// A progress bar on stderr when it is a terminal (documents/s, ETA), hidden otherwise
/// and with --quiet. The total counts files and JSONL lines (a fast scan); with --shard
/// or --resume the bar's total is an upper bound.
pub(crate) fn progress_bar(inputs: &[Input], verbosity: Verbosity) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if verbosity == Verbosity::Quiet
        || !std::io::stderr().is_terminal()
        || std::env::var_os("NEWSLENS_NO_PROGRESS").is_some()
    {
        return indicatif::ProgressBar::hidden();
    }
    let total: u64 = inputs
        .iter()
        .map(|input| match input {
            Input::Jsonl(path) => count_lines(path).unwrap_or(0),
            _ => 1,
        })
        .sum();
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:30} {pos}/{len} documents  {rate}  ETA {eta}",
        )
        .map(|style| style.with_key("rate", rate))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// Documents per second with at most one decimal, from indicatif's recent-steps
/// estimate (its own `{per_sec}` prints `3.8199/s`).
fn rate(state: &indicatif::ProgressState, out: &mut dyn std::fmt::Write) {
    let per_sec = state.per_sec();
    let _ = if per_sec >= 10.0 {
        write!(out, "{per_sec:.0}/s")
    } else {
        write!(out, "{per_sec:.1}/s")
    };
}

/// Newlines in a regular file, read in blocks: memory stays constant however large
/// it is. Anything else (a FIFO, a device) may never end: 0, an unknown total.
fn count_lines(path: &std::path::Path) -> std::io::Result<u64> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    if !file.metadata()?.is_file() {
        return Ok(0);
    }
    let mut block = vec![0u8; 1 << 16];
    let mut lines = 0u64;
    loop {
        match file.read(&mut block) {
            Ok(0) => return Ok(lines),
            Ok(n) => lines += block[..n].iter().filter(|&&b| b == b'\n').count() as u64,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
}
