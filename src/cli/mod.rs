//! The command line: [`args`] holds what clap parses, [`settings`] turns it into the
//! library's settings, and each command lives in a module of its name. The library
//! never sees a clap type.

mod args;
mod compare;
mod jobs;
mod merge;
mod models;
mod score;
mod settings;
mod summarize;

use anyhow::Result;

pub use args::Cli;
use args::{Command, Verbosity};

/// Runs the parsed command; `Ok(false)` means it finished but something failed.
pub fn run(cli: Cli) -> Result<bool> {
    if let Some(threads) = cli.threads {
        tch::set_num_threads(i32::from(threads));
    }
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    match cli.command {
        Command::Summarize(args) => summarize::summarize(args),
        Command::Score(args) => score::score(args, verbosity),
        Command::Merge(args) => merge::merge(args),
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
        Command::Compare(args) => compare::compare(args, verbosity),
        Command::Models(args) => models::models(args),
    }
}
