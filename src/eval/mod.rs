//! Evaluation metrics and the shared data the benchmarks and evaluations read.

pub mod classes;
pub mod counts;
pub mod extraction;
pub mod ptc;
pub mod rouge;

use std::path::{Path, PathBuf};

pub use counts::Counts;

/// The shared evaluation data (never copied into this repository): `$NEWSLENS_DATA`,
/// else `../shared/data` beside the source tree.
pub fn data_dir() -> PathBuf {
    std::env::var_os("NEWSLENS_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"))
}

/// The embedding precision `$PRECISION` names (default auto).
pub fn precision_from_env() -> Result<crate::models::Precision, Box<dyn std::error::Error>> {
    Ok(std::env::var("PRECISION")
        .unwrap_or_else(|_| "auto".into())
        .parse()?)
}

/// The sentiment head in the folder `$HEAD` (a retrained one, read without the
/// manifest check), else the installed one.
pub fn sentiment_head_from_env(
) -> Result<crate::sentiment::SentimentHead, crate::models::ModelError> {
    match std::env::var_os("HEAD") {
        Some(dir) => crate::sentiment::SentimentHead::read(Path::new(&dir)),
        None => crate::sentiment::SentimentHead::load(None),
    }
}

/// Reads a `sentence<TAB>label` file (SST-2's format; a first line that does not
/// parse is a header) as (sentence, class) pairs: class 0 negative (`0`), 1 neutral,
/// 2 positive (`1`).
pub fn read_labelled(path: &Path) -> std::io::Result<Vec<(String, i64)>> {
    let text = std::fs::read_to_string(path)?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let class = line.rsplit_once('\t').and_then(|(sentence, label)| {
            let class = match label.trim() {
                "0" | "negative" => 0,
                "neutral" => 1,
                "1" | "positive" => 2,
                _ => return None,
            };
            Some((sentence.trim().to_string(), class))
        });
        match class {
            Some(pair) => out.push(pair),
            None if i == 0 => continue,
            None => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "{}:{}: expected `sentence<TAB>label`",
                        path.display(),
                        i + 1
                    ),
                ))
            }
        }
    }
    Ok(out)
}
