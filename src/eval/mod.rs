//! Evaluation metrics and the shared data the benchmarks and evaluations read.

pub mod rouge;

use std::path::PathBuf;

/// The shared evaluation data (never copied into this repository): `$NEWSLENS_DATA`,
/// else `../shared/data` beside the source tree.
pub fn data_dir() -> PathBuf {
    std::env::var_os("NEWSLENS_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"))
}
