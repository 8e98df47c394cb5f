//! The command line: [`args`] holds what clap parses, [`settings`] turns it into the
//! library's settings, and each command lives in a module of its name. The library
//! never sees a clap type.

mod args;
mod compare;
mod jobs;
mod merge;
mod models;
mod runtime;
mod score;
mod settings;
mod summarize;

use anyhow::Result;

pub use args::Cli;
use args::{Command, Verbosity};
pub use runtime::keep_freed_memory;

/// How a command that ran to its end went; an `Err` from [`run`] is the other way out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Exit code 0.
    Success,
    /// Exit code 2: the command finished, but a document, a job, a part or a model
    /// check failed (each said so on stderr).
    SomeFailed,
}

impl ExitStatus {
    /// `SomeFailed` when `failed`, else `Success`.
    pub fn failed_if(failed: bool) -> ExitStatus {
        if failed {
            ExitStatus::SomeFailed
        } else {
            ExitStatus::Success
        }
    }

    /// The process exit code; an error that stops a command exits 2 too.
    pub fn code(self) -> std::process::ExitCode {
        match self {
            ExitStatus::Success => std::process::ExitCode::SUCCESS,
            ExitStatus::SomeFailed => std::process::ExitCode::from(2),
        }
    }
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> Result<ExitStatus> {
    let mut threads = runtime::Threads::new(cli.threads);
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    // Only the commands that may run the model look at how busy the machine is.
    if matches!(
        cli.command,
        Command::Summarize(_) | Command::Score(_) | Command::Compare(_)
    ) {
        threads.adapt();
    }
    match cli.command {
        Command::Summarize(args) => summarize::summarize(args, verbosity),
        Command::Score(args) => score::score(args, verbosity, &mut threads),
        Command::Merge(args) => merge::merge(args),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "newslens", &mut std::io::stdout());
            Ok(ExitStatus::Success)
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(command).render(&mut std::io::stdout())?;
            Ok(ExitStatus::Success)
        }
        Command::Compare(args) => compare::compare(args, verbosity),
        Command::Models(args) => models::models(args),
    }
}
