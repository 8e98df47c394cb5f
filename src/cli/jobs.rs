//! `newslens score --jobs N`: the same command in N child processes, one shard each,
//! merged at the end.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};

use super::args::{MergeArgs, RowFormatArg, ScoreArgs, Verbosity};
use super::merge::merge;

/// `score --jobs N`: runs this same command N times as child processes, child k with
/// `--shard k/N --out OUT.part-k-of-N`, then merges the parts into OUT.
pub(crate) fn score_in_jobs(args: &ScoreArgs, jobs: usize, verbosity: Verbosity) -> Result<bool> {
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
