//! `newslens merge`: shard outputs into one file, each document once, written under a
//! temporary name and renamed into place.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use newslens::{atomic, batch};

use super::args::MergeArgs;
use super::ExitStatus;

pub(crate) fn merge(args: MergeArgs) -> Result<ExitStatus> {
    let parts: Vec<&Path> = args.parts.iter().map(PathBuf::as_path).collect();
    let summary = atomic::replace_file(&args.out, |w| batch::merge(&parts, w))
        .with_context(|| format!("merging into {}", args.out.display()))?;
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
