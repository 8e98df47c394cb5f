//! Command-line arguments and what each command does with them. clap types stay in
//! this module; the library never sees them.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use newslens::batch::{self, BatchOptions};
use newslens::document::SummaryMethod;
use newslens::ingest::{self, IngestOptions, Input, DEFAULT_MAX_BYTES};
use newslens::models::{install_command, models_dir, Manifest, Precision};
use newslens::pipeline::{Pipeline, Settings};
use newslens::report::{self, Format, RowFormat};
use newslens::summarize::abstractive::{self, Abstractive};

#[derive(Debug, Parser)]
#[command(
    name = "newslens",
    version,
    about = "What an article says, how it feels, and where it is selling something. Offline."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Only the final result and fatal errors on stderr: no progress bar, no
    /// per-document error lines.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also a line on stderr for every document scored.
    #[arg(long, short, global = true)]
    verbose: bool,
    /// Threads for the model's matrix products (default: libtorch's, one per core).
    #[arg(long, global = true, value_name = "N")]
    threads: Option<usize>,
}

/// How much `score` says on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyse one article: summary, sentiment per paragraph, promotional and repetitive passages.
    Summarize(SummarizeArgs),
    /// Score many articles (files, folders, .jsonl dumps) into JSONL, one record per document.
    Score(ScoreArgs),
    /// List the models newslens knows and check the installed files against their sha256.
    Models(ModelsArgs),
    /// Compare tone across groups of documents (by source, folder or a JSONL field):
    /// sentiment with 95% bootstrap intervals, positive/negative paragraphs, promotional
    /// and repetitive shares, top promotional cues. Takes articles, or `score` output.
    Compare(CompareArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff), e.g. `newslens man > newslens.1`.
    Man,
    /// Join the JSONL outputs of `score --shard` runs (or any runs) into one file, each
    /// document once.
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
struct ModelOptions {
    /// Folder that holds the models (default: $NEWSLENS_MODELS, else the source tree's models/).
    #[arg(long, value_name = "DIR")]
    models_dir: Option<PathBuf>,
    /// TOML settings file ([summary], [abstractive], [embedding], [promotional],
    /// [repetition], [sentiment], [lexicon]); default: $NEWSLENS_CONFIG, ./newslens.toml,
    /// then ~/.config/newslens/newslens.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Promotional score (0..1) at which a sentence is flagged.
    #[arg(long, value_name = "SCORE")]
    promo_threshold: Option<f32>,
    /// MiniLM cosine (0..1) at which a sentence restates an earlier one on meaning
    /// alone ([repetition] paraphrase_cosine).
    #[arg(long, value_name = "COSINE")]
    repeat_cosine: Option<f32>,
    /// Sentences per forward pass of the embedding model ([embedding] batch_size).
    #[arg(long, value_name = "N")]
    batch_size: Option<usize>,
    /// A local Hugging Face sentiment classifier (BERT, DistilBERT or RoBERTa folder)
    /// to use instead of the embedded head.
    #[arg(long, value_name = "DIR")]
    sentiment_model: Option<PathBuf>,
    /// Arithmetic of the embedding model's matrix products: auto (bf16 on CPUs with
    /// native bf16, else int8), f32 (exact), bf16 or int8.
    #[arg(long, value_name = "P")]
    precision: Option<Precision>,
    /// extractive (the embedded default) or abstractive (needs --model).
    #[arg(long, value_enum)]
    summarizer: Option<SummarizerArg>,
    /// Summarization model folder for --summarizer abstractive (BART, DistilBART,
    /// Pegasus or T5: config.json, weights, tokenizer files).
    #[arg(long, value_name = "DIR")]
    model: Option<PathBuf>,
    /// Abstractive: beam search width.
    #[arg(long, value_name = "N")]
    beams: Option<i64>,
    /// Abstractive: shortest summary in model tokens.
    #[arg(long, value_name = "TOKENS")]
    min_length: Option<i64>,
    /// Abstractive: longest summary in model tokens.
    #[arg(long, value_name = "TOKENS")]
    max_length: Option<i64>,
    /// Abstractive: no n-gram of this size repeats in the summary (0 = off).
    #[arg(long, value_name = "N")]
    no_repeat_ngram: Option<i64>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SummarizerArg {
    Extractive,
    Abstractive,
}

#[derive(Debug, Args)]
struct InputOptions {
    /// Largest input file read, in bytes; larger ones are an error for that file.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES)]
    max_bytes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RowFormatArg {
    Jsonl,
    Csv,
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Json,
    Markdown,
    Html,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
struct SummarizeArgs {
    /// Article file (.txt, .md), or - for standard input.
    input: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    format: FormatArg,
    /// Colours in the text report: auto (when stdout is a terminal and NO_COLOR is not
    /// set), always, never.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorArg,
    /// Summary length in sentences.
    #[arg(long, value_name = "N", conflicts_with = "words")]
    sentences: Option<usize>,
    /// Summary length as a word budget.
    #[arg(long, value_name = "N")]
    words: Option<usize>,
    #[command(flatten)]
    input_options: InputOptions,
    #[command(flatten)]
    models: ModelOptions,
}

#[derive(Debug, Args)]
struct ScoreArgs {
    /// Files, folders (walked recursively for .txt .md .html .jsonl) and .jsonl dumps; - for stdin.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Write JSONL here instead of standard output, one whole record per line as each
    /// document finishes.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Continue an interrupted run: keep the records already in --out (cutting off a
    /// torn last line) and score only the documents not there yet. JSONL only.
    #[arg(long, requires = "out")]
    resume: bool,
    /// Score in N processes, each a --shard of the input with its share of the threads,
    /// then merge their parts into --out (records grouped by part, not in input order).
    /// The parts stay next to --out until the merge, so --resume continues them.
    #[arg(long, value_name = "N", requires = "out", conflicts_with = "shard")]
    jobs: Option<usize>,
    /// jsonl: the full record per line; csv: one row per document; markdown: a table.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: RowFormatArg,
    /// Score only shard K of N (e.g. 2/8): a fixed share of the documents by a hash of
    /// their id, so N machines given the same inputs split them between them; join the
    /// parts with `newslens merge`.
    #[arg(long, value_name = "K/N")]
    shard: Option<batch::Shard>,
    /// Take exactly the files below a folder whose relative path matches (repeatable),
    /// e.g. --glob '**/*.txt' --glob 'news/*.html'.
    #[arg(long, value_name = "GLOB")]
    glob: Vec<String>,
    #[command(flatten)]
    input_options: InputOptions,
    #[command(flatten)]
    models: ModelOptions,
}

#[derive(Debug, Args)]
struct CompareArgs {
    /// Files, folders and .jsonl dumps as for `score`, or .jsonl files written by `score`
    /// (their records are used as they are, without the model).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// source (the JSONL `source`, else the parent folder), folder (the parent folder),
    /// site, author or language (what saved web pages state: `og:site_name`, JSON-LD,
    /// bylines, `<html lang>`), or the name of a field of the JSONL records.
    #[arg(long, default_value = "source", value_name = "KEY")]
    by: String,
    #[arg(long, value_enum, default_value = "text")]
    format: CompareFormat,
    #[command(flatten)]
    input_options: InputOptions,
    #[command(flatten)]
    models: ModelOptions,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum CompareFormat {
    Text,
    Json,
    Csv,
    /// One self-contained page: table, charts, and every article with its flags.
    Html,
}

#[derive(Debug, Args)]
struct MergeArgs {
    /// JSONL outputs of `newslens score`, in the order their records should follow.
    #[arg(required = true)]
    parts: Vec<PathBuf>,
    /// The merged file, written whole under a temporary name and then renamed into place.
    #[arg(long, short, value_name = "FILE")]
    out: PathBuf,
}

#[derive(Debug, Args)]
struct ModelsArgs {
    #[arg(long, value_name = "DIR")]
    models_dir: Option<PathBuf>,
    #[command(subcommand)]
    action: Option<ModelsAction>,
}

#[derive(Debug, Subcommand)]
enum ModelsAction {
    /// Check a model folder you fetched (summarization or sentiment): its files, their
    /// sha256, and that it loads.
    Verify {
        /// The folder (config.json, weights, tokenizer files).
        dir: PathBuf,
    },
}

/// Runs the parsed command; `Ok(false)` means it finished but something failed.
pub fn run(cli: Cli) -> Result<bool> {
    if let Some(threads) = cli.threads {
        if threads == 0 {
            bail!("--threads must be at least 1");
        }
        tch::set_num_threads(threads as i32);
    }
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    match cli.command {
        Command::Summarize(args) => summarize(args),
        Command::Score(args) => score(args, verbosity),
        Command::Merge(args) => merge(args),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "newslens", &mut std::io::stdout());
            Ok(true)
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(command).render(&mut std::io::stdout())?;
            Ok(true)
        }
        Command::Compare(args) => compare(args, verbosity),
        Command::Models(args) => models(args),
    }
}

/// The settings file: `--config FILE`, else `$NEWSLENS_CONFIG`, else `newslens.toml` in
/// the current folder, else `$XDG_CONFIG_HOME/newslens/newslens.toml` (XDG_CONFIG_HOME
/// defaulting to ~/.config); none is fine. A file named explicitly must exist.
fn config_file(explicit: Option<&Path>) -> Option<PathBuf> {
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

fn settings(options: &ModelOptions) -> Result<Settings> {
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

fn ingest_options(input: &InputOptions, globs: &[String]) -> Result<IngestOptions> {
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

fn load_pipeline(options: &ModelOptions, settings: Settings) -> Result<Pipeline> {
    Ok(Pipeline::load(options.models_dir.as_deref(), settings)?)
}

fn summarize(args: SummarizeArgs) -> Result<bool> {
    let mut settings = settings(&args.models)?;
    if args.sentences == Some(0) || args.words == Some(0) {
        bail!("--sentences and --words must be at least 1");
    }
    if args.sentences.is_some() || args.words.is_some() {
        settings.summary.sentences = args.sentences;
        settings.summary.words = args.words;
    }
    // Read the input before loading models, so a bad file fails fast.
    let options = ingest_options(&args.input_options, &[])?;
    let doc = if args.input.as_os_str() == "-" {
        ingest::read_stdin(&options)
    } else {
        ingest::read_file(&args.input, &options)
    }
    .with_context(|| format!("reading {}", args.input.display()))?;
    let pipeline = load_pipeline(&args.models, settings)?;
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
    Ok(true)
}

fn score(args: ScoreArgs, verbosity: Verbosity) -> Result<bool> {
    if let Some(jobs) = args.jobs.filter(|&n| n > 1) {
        return score_in_jobs(&args, jobs, verbosity);
    }
    let settings = settings(&args.models)?;
    let options = ingest_options(&args.input_options, &args.glob)?;
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
    let pipeline = load_pipeline(&args.models, settings)?;
    let progress = progress_bar(&inputs, verbosity);
    let mut report = |id: &str, error: Option<&str>| {
        progress.inc(1);
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
    Ok(summary.failed == 0)
}

/// `score --jobs N`: runs this same command N times as child processes, child k with
/// `--shard k/N --out OUT.part-k-of-N`, then merges the parts into OUT.
fn score_in_jobs(args: &ScoreArgs, jobs: usize, verbosity: Verbosity) -> Result<bool> {
    if args.format != RowFormatArg::Jsonl {
        bail!("--jobs works with --format jsonl only");
    }
    if args.inputs.iter().any(|p| p.as_os_str() == "-") {
        bail!("--jobs cannot read standard input (each job reads the inputs itself)");
    }
    let Some(out) = &args.out else {
        bail!("--jobs needs --out");
    };
    // The command line as given, without --jobs and --out, which each child gets its own of.
    let mut given: Vec<std::ffi::OsString> = Vec::new();
    let mut argv = std::env::args_os().skip(1);
    while let Some(arg) = argv.next() {
        let text = arg.to_string_lossy();
        if text == "--jobs" || text == "--out" || text == "-o" {
            argv.next();
        } else if !(text.starts_with("--jobs=")
            || text.starts_with("--out=")
            || (text.starts_with("-o") && text.len() > 2 && !text.starts_with("--")))
        {
            given.push(arg);
        }
    }
    let explicit_threads = given
        .iter()
        .any(|a| a.to_string_lossy().starts_with("--threads"));
    let threads = (tch::get_num_threads().max(1) as usize / jobs).max(1);
    let part = |k: usize| PathBuf::from(format!("{}.part-{k}-of-{jobs}", out.display()));
    let exe = std::env::current_exe().context("finding the newslens executable")?;
    if verbosity != Verbosity::Quiet {
        eprintln!("newslens: scoring in {jobs} jobs");
    }
    let mut children = Vec::new();
    for k in 1..=jobs {
        let mut command = std::process::Command::new(&exe);
        command
            .args(&given)
            .arg("--shard")
            .arg(format!("{k}/{jobs}"))
            .arg("--out")
            .arg(part(k))
            .env("NEWSLENS_NO_PROGRESS", "1");
        if !explicit_threads {
            command.arg("--threads").arg(threads.to_string());
        }
        children.push(
            command
                .spawn()
                .with_context(|| format!("starting job {k}"))?,
        );
    }
    let mut all_ran = true;
    let mut documents_failed = false;
    for (k, mut child) in children.into_iter().enumerate() {
        match child.wait()?.code() {
            Some(0) => {}
            Some(2) => documents_failed = true,
            _ => all_ran = false,
        }
        if !part(k + 1).exists() {
            all_ran = false;
        }
    }
    if !all_ran {
        bail!(
            "a job did not finish; its part is kept next to {}: run the same command with --resume",
            out.display()
        );
    }
    let parts: Vec<PathBuf> = (1..=jobs).map(part).collect();
    let merged = merge(MergeArgs {
        parts: parts.clone(),
        out: out.clone(),
    })?;
    if merged {
        for p in &parts {
            let _ = std::fs::remove_file(p);
        }
    }
    Ok(merged && !documents_failed)
}

/// A progress bar on stderr when it is a terminal (documents/s, ETA), hidden otherwise
/// and with --quiet. The total counts files and JSONL lines (a fast scan); with --shard
/// or --resume the bar's total is an upper bound.
fn progress_bar(inputs: &[Input], verbosity: Verbosity) -> indicatif::ProgressBar {
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
            Input::Jsonl(path) => std::fs::read(path)
                .map(|b| b.iter().filter(|&&c| c == b'\n').count() as u64)
                .unwrap_or(0),
            _ => 1,
        })
        .sum();
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:30} {pos}/{len} documents  {per_sec}  ETA {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// The host of a URL (`https://news.example/a` -> `news.example`).
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| host.trim_start_matches("www.").to_string())
}

fn compare(args: CompareArgs, verbosity: Verbosity) -> Result<bool> {
    let options = ingest_options(&args.input_options, &[])?;
    let inputs = ingest::expand(&args.inputs, &options)?;
    // Fields of every JSONL line, by id, for --by FIELD; and records `score` wrote.
    let mut fields: std::collections::HashMap<String, String> = Default::default();
    let mut records = Vec::new();
    // Texts of the documents scored here (records read from `score` output carry none).
    let mut texts: std::collections::HashMap<String, String> = Default::default();
    let mut to_score = Vec::new();
    for input in inputs {
        let Input::Jsonl(path) = &input else {
            to_score.push(input);
            continue;
        };
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let mut scored = Vec::new();
        let mut all_records = true;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let value: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
            if let (Some(id), Some(field)) = (
                value.get("id").and_then(|v| v.as_str()),
                value.get(&args.by).and_then(|v| v.as_str()),
            ) {
                fields.insert(id.to_string(), field.to_string());
            }
            // `score` output: records (error records are left out); anything else is articles.
            if value.get("error").is_some() && value.get("paragraphs").is_none() {
                continue;
            }
            match serde_json::from_value::<newslens::Record>(value) {
                Ok(record) => scored.push(record),
                Err(_) => all_records = false,
            }
        }
        if all_records {
            records.extend(scored);
        } else {
            to_score.push(input);
        }
    }
    let mut failed = 0;
    if !to_score.is_empty() {
        // Scored exactly as `score` does, into memory.
        let pipeline = load_pipeline(&args.models, settings(&args.models)?)?;
        let progress = progress_bar(&to_score, verbosity);
        let report = |id: &str, error: Option<&str>| {
            progress.inc(1);
            if let (Some(error), false) = (error, verbosity == Verbosity::Quiet) {
                progress.suspend(|| eprintln!("newslens: {id}: {error}"));
            }
        };
        let batch_options = BatchOptions {
            ingest: options,
            format: RowFormat::Jsonl,
            skip: Default::default(),
            header: false,
            shard: None,
        };
        let summary =
            batch::each_analysed(&pipeline, &to_score, &batch_options, &mut |id, result| {
                match result {
                    Ok((record, text)) => {
                        report(&id, None);
                        records.push(record);
                        texts.insert(id, text);
                    }
                    Err(error) => report(&id, Some(&error)),
                }
                Ok(())
            })?;
        progress.finish_and_clear();
        failed = summary.failed;
    }
    if records.is_empty() {
        bail!("no documents to compare");
    }
    let folder = |id: &str| {
        Path::new(id)
            .parent()
            .map(|p| p.display().to_string())
            .filter(|p| !p.is_empty())
    };
    let comparison = match args.by.as_str() {
        "source" => newslens::compare::compare(&records, "source", |r| {
            r.source.clone().or_else(|| folder(&r.id))
        }),
        "folder" => newslens::compare::compare(&records, "folder", |r| folder(&r.id)),
        // What saved web pages say about themselves (a JSONL field of that name wins).
        field @ ("site" | "author" | "language") => {
            newslens::compare::compare(&records, field, |r| {
                fields.get(&r.id).cloned().or_else(|| match field {
                    "site" => r.site.clone().or_else(|| r.url.as_deref().and_then(host)),
                    "author" => r.author.clone(),
                    _ => r.language.clone(),
                })
            })
        }
        field => newslens::compare::compare(&records, field, |r| fields.get(&r.id).cloned()),
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        CompareFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&comparison)?)?,
        CompareFormat::Csv => out.write_all(report::compare::csv(&comparison).as_bytes())?,
        CompareFormat::Text => out.write_all(report::compare::text(&comparison).as_bytes())?,
        CompareFormat::Html => {
            let articles: Vec<(newslens::Record, Option<String>)> = records
                .into_iter()
                .map(|r| {
                    let text = r.extracted_text.clone().or_else(|| texts.remove(&r.id));
                    (r, text)
                })
                .collect();
            out.write_all(report::html::comparison(&comparison, &articles).as_bytes())?
        }
    }
    if failed > 0 {
        eprintln!("newslens: {failed} documents failed and are left out");
    }
    Ok(failed == 0)
}

fn merge(args: MergeArgs) -> Result<bool> {
    let parts: Vec<&Path> = args.parts.iter().map(PathBuf::as_path).collect();
    let dir = args
        .out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile_in(dir, &args.out)?;
    let summary = {
        let mut writer = std::io::BufWriter::new(&mut tmp.1);
        let summary = batch::merge(&parts, &mut writer).context("merging")?;
        writer.flush()?;
        summary
    };
    tmp.1.sync_all()?;
    std::fs::rename(&tmp.0, &args.out)
        .with_context(|| format!("renaming into {}", args.out.display()))?;
    eprintln!(
        "newslens: merged {} records from {} parts into {}{}{}",
        summary.records,
        parts.len(),
        args.out.display(),
        match summary.duplicates {
            0 => String::new(),
            n => format!("; {n} repeated ids dropped"),
        },
        match summary.torn {
            0 => String::new(),
            n => format!("; {n} torn last lines dropped (resume those shards first)"),
        }
    );
    Ok(summary.torn == 0)
}

/// A new file next to `target` (same folder, so that a rename is atomic).
fn tempfile_in(dir: &Path, target: &Path) -> Result<(PathBuf, std::fs::File)> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "merged".into());
    let path = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let file =
        std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
    Ok((path, file))
}

fn models(args: ModelsArgs) -> Result<bool> {
    if let Some(ModelsAction::Verify { dir }) = &args.action {
        return verify_folder(dir);
    }
    let root = models_dir(args.models_dir.as_deref());
    // writeln! rather than println!: a closed pipe is an error to return, not a panic.
    let mut out = std::io::stdout().lock();
    writeln!(out, "models folder: {}", root.display())?;
    let mut ok = true;
    for entry in Manifest::builtin().model {
        let status = match entry.verify(&root) {
            Ok(_) => "ok".to_string(),
            Err(err) => {
                ok = false;
                err.to_string()
            }
        };
        let source = entry
            .package
            .as_deref()
            .unwrap_or("committed in the repository");
        writeln!(
            out,
            "{:<18} {}\n  {}\n  source: {source}; license: {}",
            entry.name, status, entry.description, entry.license
        )?;
    }
    let manifest = Manifest::builtin();
    writeln!(
        out,
        "\nLarger models (fetch where there is internet, then pass the folder):"
    )?;
    for known in &manifest.known {
        writeln!(
            out,
            "{:<50} {:<14} {}\n  {}",
            known.id, known.task, known.option, known.notes
        )?;
    }
    if !ok {
        eprintln!(
            "newslens: some models are missing or damaged; install them with: {}",
            install_command(&root)
        );
    }
    Ok(ok)
}

/// `newslens models verify DIR`: what the folder is, each file's size and sha256, and
/// whether it loads through the same code as `--model` / `--sentiment-model`.
fn verify_folder(dir: &Path) -> Result<bool> {
    let config = dir.join("config.json");
    let text = std::fs::read_to_string(&config)
        .with_context(|| format!("reading {}", config.display()))?;
    let model_type = serde_json::from_str::<serde_json::Value>(&text)
        .with_context(|| format!("parsing {}", config.display()))?
        .get("model_type")
        .and_then(|t| t.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut out = std::io::stdout().lock();
    let (task, files) = match model_type.as_str() {
        "bart" | "t5" | "pegasus" => {
            let folder = abstractive::inspect(dir)?;
            writeln!(
                out,
                "{}: {model_type} summarization model, {} positions (use --summarizer abstractive --model {})",
                dir.display(),
                folder.max_positions,
                dir.display()
            )?;
            let mut files = vec![config.clone(), folder.weights];
            files.extend(folder.tokenizer);
            ("summarization", files)
        }
        _ => {
            writeln!(
                out,
                "{}: {model_type} sentiment classifier (use --sentiment-model {})",
                dir.display(),
                dir.display()
            )?;
            ("sentiment", vec![config.clone()])
        }
    };
    for file in &files {
        let size = std::fs::metadata(file)?.len();
        let digest = newslens::models::manifest::sha256_file(file)?;
        writeln!(
            out,
            "  {:<20} {size:>12} bytes  sha256 {digest}",
            file_name(file)
        )?;
    }
    let started = std::time::Instant::now();
    if task == "summarization" {
        Abstractive::load(dir, Default::default())?;
    } else {
        newslens::models::classifier::Classifier::load(dir)?;
    }
    writeln!(out, "  loads in {:.2} s", started.elapsed().as_secs_f64())?;
    Ok(true)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
