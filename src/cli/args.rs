//! The command line as clap reads it: every command's arguments and their help. No
//! behaviour here; each command's module reads its own arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use newslens::batch;
use newslens::ingest::{DEFAULT_MAX_BYTES, MAX_INPUT_BYTES};
use newslens::models::Precision;

#[derive(Debug, Parser)]
#[command(
    name = "newslens",
    version,
    about = "What an article says, how it feels, and where it is selling something. Offline."
)]
pub struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// Only the final result and fatal errors on stderr: no progress bar, no
    /// per-document error lines.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
    /// Also a line on stderr for every document scored.
    #[arg(long, short, global = true)]
    pub(crate) verbose: bool,
    /// Threads for the model's matrix products, 1-1024 (default: libtorch's, one per core).
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub(crate) threads: Option<u16>,
}

/// How much `score` says on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
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
pub(crate) struct ModelOptions {
    /// Folder that holds the models (default: $NEWSLENS_MODELS, else the source tree's models/).
    #[arg(long, value_name = "DIR")]
    pub(crate) models_dir: Option<PathBuf>,
    /// TOML settings file ([summary], [abstractive], [embedding], [promotional],
    /// [repetition], [sentiment], [lexicon]); default: $NEWSLENS_CONFIG, ./newslens.toml,
    /// then ~/.config/newslens/newslens.toml.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Promotional score (0..1) at which a sentence is flagged.
    #[arg(long, value_name = "SCORE")]
    pub(crate) promo_threshold: Option<f32>,
    /// Report the tone toward this person or organisation, with other names for it
    /// after '=' ("Xi Jinping=Xi,President Xi"); repeatable ([entities] targets).
    #[arg(long = "target", value_name = "NAME[=ALIAS,...]")]
    pub(crate) targets: Vec<String>,
    /// MiniLM cosine (0..1) at which a sentence restates an earlier one on meaning
    /// alone ([repetition] paraphrase_cosine).
    #[arg(long, value_name = "COSINE")]
    pub(crate) repeat_cosine: Option<f32>,
    /// Sentences per forward pass of the embedding model ([embedding] batch_size).
    #[arg(long, value_name = "N")]
    pub(crate) batch_size: Option<usize>,
    /// A local Hugging Face sentiment classifier (BERT, DistilBERT or RoBERTa folder)
    /// to use instead of the embedded head.
    #[arg(long, value_name = "DIR")]
    pub(crate) sentiment_model: Option<PathBuf>,
    /// Arithmetic of the embedding model's matrix products: auto (bf16 on CPUs with
    /// native bf16, else int8), f32 (exact), bf16 or int8.
    #[arg(long, value_name = "P")]
    pub(crate) precision: Option<Precision>,
    /// Encode every sentence afresh: do not read or write the on-disk sentence cache
    /// ($NEWSLENS_CACHE_DIR, else ~/.cache/newslens).
    #[arg(long)]
    pub(crate) no_cache: bool,
    /// extractive (the embedded default) or abstractive (needs --model).
    #[arg(long, value_enum)]
    pub(crate) summarizer: Option<SummarizerArg>,
    /// Summarization model folder for --summarizer abstractive (BART, DistilBART,
    /// Pegasus or T5: config.json, weights, tokenizer files).
    #[arg(long, value_name = "DIR")]
    pub(crate) model: Option<PathBuf>,
    /// Abstractive: beam search width.
    #[arg(long, value_name = "N")]
    pub(crate) beams: Option<i64>,
    /// Abstractive: shortest summary in model tokens.
    #[arg(long, value_name = "TOKENS")]
    pub(crate) min_length: Option<i64>,
    /// Abstractive: longest summary in model tokens.
    #[arg(long, value_name = "TOKENS")]
    pub(crate) max_length: Option<i64>,
    /// Abstractive: no n-gram of this size repeats in the summary (0 = off).
    #[arg(long, value_name = "N")]
    pub(crate) no_repeat_ngram: Option<i64>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum SummarizerArg {
    Extractive,
    Abstractive,
}

#[derive(Debug, Args)]
pub(crate) struct InputOptions {
    /// Largest input file read, in bytes (at most 4 GiB - 1, the offsets' range);
    /// larger ones are an error for that file.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES,
          value_parser = clap::value_parser!(u64).range(1..=MAX_INPUT_BYTES))]
    pub(crate) max_bytes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RowFormatArg {
    Jsonl,
    Csv,
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum FormatArg {
    Text,
    Json,
    Markdown,
    Html,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub(crate) struct SummarizeArgs {
    /// Article file (.txt, .md), or - for standard input.
    pub(crate) input: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: FormatArg,
    /// Colours in the text report: auto (when stdout is a terminal and NO_COLOR is not
    /// set), always, never.
    #[arg(long, value_enum, default_value = "auto")]
    pub(crate) color: ColorArg,
    /// Summary length in sentences.
    #[arg(long, value_name = "N", conflicts_with = "words")]
    pub(crate) sentences: Option<usize>,
    /// Summary length as a word budget.
    #[arg(long, value_name = "N")]
    pub(crate) words: Option<usize>,
    #[command(flatten)]
    pub(crate) input_options: InputOptions,
    #[command(flatten)]
    pub(crate) models: ModelOptions,
}

#[derive(Debug, Args)]
pub(crate) struct ScoreArgs {
    /// Files, folders (walked recursively for .txt .md .html .jsonl) and .jsonl dumps; - for stdin.
    #[arg(required = true)]
    pub(crate) inputs: Vec<PathBuf>,
    /// Write JSONL here instead of standard output, one whole record per line as each
    /// document finishes.
    #[arg(long, short, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
    /// Continue an interrupted run: keep the records already in --out (cutting off a
    /// torn last line) and score only the documents not there yet. JSONL only.
    #[arg(long, requires = "out")]
    pub(crate) resume: bool,
    /// Score in N processes, each a --shard of the input with its share of the threads,
    /// then merge their parts into --out (records grouped by part, not in input order).
    /// The parts stay next to --out until the merge, so --resume continues them.
    /// At most one job per core: more are cut to the cores there are.
    #[arg(long, value_name = "N", requires = "out", conflicts_with = "shard", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub(crate) jobs: Option<u16>,
    /// jsonl: the full record per line; csv: one row per document; markdown: a table.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub(crate) format: RowFormatArg,
    /// Score only shard K of N (e.g. 2/8): a fixed share of the documents by a hash of
    /// their id, so N machines given the same inputs split them between them; join the
    /// parts with `newslens merge`.
    #[arg(long, value_name = "K/N")]
    pub(crate) shard: Option<batch::Shard>,
    #[command(flatten)]
    pub(crate) walk: WalkOptions,
    #[command(flatten)]
    pub(crate) input_options: InputOptions,
    #[command(flatten)]
    pub(crate) models: ModelOptions,
}

/// How folders named on the command line are walked.
#[derive(Debug, Args)]
pub(crate) struct WalkOptions {
    /// Take exactly the files below a folder whose relative path matches (repeatable),
    /// e.g. --glob '**/*.txt' --glob 'news/*.html'.
    #[arg(long, value_name = "GLOB")]
    pub(crate) glob: Vec<String>,
    /// Follow symlinked folders while walking (each real folder once, so link loops
    /// end); by default they are skipped.
    #[arg(long, short = 'L')]
    pub(crate) follow: bool,
}

#[derive(Debug, Args)]
pub(crate) struct CompareArgs {
    /// Files, folders and .jsonl dumps as for `score`, or .jsonl files written by `score`
    /// (their records are used as they are, without the model).
    #[arg(required = true)]
    pub(crate) inputs: Vec<PathBuf>,
    /// source (the JSONL `source`, else the parent folder), folder (the parent folder),
    /// site, author or language (what saved web pages state: `og:site_name`, JSON-LD,
    /// bylines, `<html lang>`), or the name of a field of the JSONL records.
    #[arg(long, default_value = "source", value_name = "KEY")]
    pub(crate) by: String,
    /// Also compare the tone toward this person or organisation, with other names for it
    /// after '=' ("Xi Jinping=Xi,President Xi"); documents scored here report it as a
    /// target, records read from `score` output are matched by the entity's name.
    #[arg(long, value_name = "NAME[=ALIAS,...]")]
    pub(crate) entity: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: CompareFormat,
    #[command(flatten)]
    pub(crate) walk: WalkOptions,
    #[command(flatten)]
    pub(crate) input_options: InputOptions,
    #[command(flatten)]
    pub(crate) models: ModelOptions,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum CompareFormat {
    Text,
    Json,
    Csv,
    /// One self-contained page: table, charts, and every article with its flags.
    Html,
}

#[derive(Debug, Args)]
pub(crate) struct MergeArgs {
    /// JSONL outputs of `newslens score`, in the order their records should follow.
    #[arg(required = true)]
    pub(crate) parts: Vec<PathBuf>,
    /// The merged file, written whole under a temporary name and then renamed into place.
    #[arg(long, short, value_name = "FILE")]
    pub(crate) out: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct ModelsArgs {
    #[arg(long, value_name = "DIR")]
    pub(crate) models_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub(crate) action: Option<ModelsAction>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ModelsAction {
    /// Check a model folder you fetched (summarization or sentiment): its files, their
    /// sha256, and that it loads.
    Verify {
        /// The folder (config.json, weights, tokenizer files).
        dir: PathBuf,
    },
}
