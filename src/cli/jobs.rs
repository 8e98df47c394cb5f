//! `newslens score --jobs N`: the same command in N child processes, one shard each,
//! merged at the end.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};

use super::args::{MergeArgs, RowFormatArg, ScoreArgs, Verbosity};
use super::merge::merge;
use super::ExitStatus;

/// `score --jobs N`: runs this same command N times as child processes, child k with
/// `--shard k/N --out OUT.part-k-of-N`, then merges the parts into OUT.
pub(crate) fn score_in_jobs(
    args: &ScoreArgs,
    jobs: usize,
    verbosity: Verbosity,
) -> Result<ExitStatus> {
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
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let jobs = if jobs > cores {
        eprintln!("newslens: --jobs {jobs} is more than the {cores} cores here; running {cores}");
        cores
    } else {
        jobs
    };
    let threads = (usize::try_from(tch::get_num_threads()).unwrap_or(1) / jobs).max(1);
    let part = |k: usize| PathBuf::from(format!("{}.part-{k}-of-{jobs}", out.display()));
    let exe = std::env::current_exe().context("finding the newslens executable")?;
    if verbosity != Verbosity::Quiet {
        eprintln!("newslens: scoring in {jobs} jobs");
    }
    // Dropped on any early return: the jobs already started are stopped and waited for.
    let mut children = Children(Vec::new());
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
        // The jobs share the cores: a thread that waits for work sleeps instead of
        // spinning on a core another job needs. libgomp reads it only at start-up.
        if std::env::var_os("OMP_WAIT_POLICY").is_none() {
            command.env("OMP_WAIT_POLICY", "passive");
        }
        children.0.push(
            command
                .spawn()
                .with_context(|| format!("starting job {k}"))?,
        );
    }
    let mut all_ran = true;
    let mut documents_failed = false;
    for (k, status) in children.wait_all()?.into_iter().enumerate() {
        match status.code() {
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
    if merged == ExitStatus::Success {
        for p in &parts {
            let _ = std::fs::remove_file(p);
        }
    }
    Ok(ExitStatus::failed_if(
        merged != ExitStatus::Success || documents_failed,
    ))
}

/// Child processes that are stopped and waited for when dropped before
/// [`Children::wait_all`] has seen them finish: no job outlives a failed start.
struct Children(Vec<std::process::Child>);

impl Children {
    /// Waits for every child in order; their exit statuses.
    fn wait_all(mut self) -> std::io::Result<Vec<std::process::ExitStatus>> {
        let mut statuses = Vec::new();
        // Each child leaves the guard only once it has been waited for.
        while let Some(child) = self.0.first_mut() {
            statuses.push(child.wait()?);
            let _finished = self.0.remove(0).wait();
        }
        Ok(statuses)
    }
}

impl Drop for Children {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_left_behind_are_stopped_and_reaped() {
        let spawn = || {
            std::process::Command::new("sleep")
                .arg("60")
                .spawn()
                .unwrap()
        };
        let children = Children(vec![spawn(), spawn()]);
        let pids: Vec<u32> = children.0.iter().map(std::process::Child::id).collect();
        drop(children);
        for pid in pids {
            // Reaped: gone, or the pid reused by a process that is not our child.
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let parent = stat
                .rsplit_once(") ")
                .and_then(|(_, rest)| rest.split(' ').nth(1))
                .and_then(|p| p.parse::<u32>().ok());
            assert_ne!(
                parent,
                Some(std::process::id()),
                "job {pid} outlived: {stat}"
            );
        }
        let quick = Children(vec![std::process::Command::new("true").spawn().unwrap()]);
        assert!(quick.wait_all().unwrap()[0].success());
    }
}
