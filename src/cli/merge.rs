//! `newslens merge`: shard outputs into one file, each document once, written under a
//! temporary name and renamed into place.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use newslens::batch;

use super::args::MergeArgs;
use super::ExitStatus;

pub(crate) fn merge(args: MergeArgs) -> Result<ExitStatus> {
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
    Ok(ExitStatus::failed_if(summary.torn > 0))
}

/// A new file next to `target` (same folder, so that a rename is atomic).
pub(crate) fn tempfile_in(dir: &Path, target: &Path) -> Result<(PathBuf, std::fs::File)> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "merged".into());
    let path = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let file =
        std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
    Ok((path, file))
}
