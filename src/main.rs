//! The newslens binary: parse arguments, run, report the error chain once, exit.
//! Exit codes: 0 success, 2 an error or at least one failed document.

use std::process::ExitCode;

use clap::Parser;

mod cli;

fn main() -> ExitCode {
    cli::keep_freed_memory();
    // Logs go to stderr, filtered by RUST_LOG (e.g. RUST_LOG=newslens=debug); off by
    // default. Data never goes there.
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("off")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(status) => status.code(),
        Err(err) => {
            // A closed pipe (`newslens score ... | head`) is not an error.
            let broken_pipe = err.chain().any(|cause| {
                cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("newslens: {err:#}");
            ExitCode::from(2)
        }
    }
}
