//! Ingest: turn files, folders, JSONL dumps and stdin into [`Document`]s.
//!
//! A folder is walked recursively in name order and yields its text files
//! (`.txt`, `.text`, `.md`, `.markdown`, `.html`, `.htm`) and JSONL files (`.jsonl`);
//! other files are skipped. Each JSONL line is one record
//! `{"id", "text", "source"?, "title"?}`. One bad file or line yields an error for
//! that item only.

pub mod decode;
mod jsonl;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::document::Document;

pub use decode::{decode, Decoded};
pub use jsonl::JsonlReader;

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("input is empty")]
    Empty,
    #[error("input is binary (it has a NUL byte in its first 8 KiB)")]
    Binary,
    #[error("cannot read {}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: not a valid record (expected {{\"id\", \"text\"}})", path.display())]
    Record {
        path: PathBuf,
        line: usize,
        #[source]
        source: serde_json::Error,
    },
    #[error("{} is not a file or folder newslens reads (.txt, .md, .html, .jsonl)", path.display())]
    Unsupported { path: PathBuf },
}

/// One thing to read, after folders have been expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A text, Markdown or HTML file: one document.
    File(PathBuf),
    /// A JSONL file: one document per line.
    Jsonl(PathBuf),
    /// Standard input: one document.
    Stdin,
}

const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "html", "htm"];

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Expands command-line arguments into inputs. A file named explicitly is taken
/// whatever its extension; folders contribute only the extensions listed above.
pub fn expand(args: &[PathBuf]) -> Result<Vec<Input>, IngestError> {
    let mut inputs = Vec::new();
    for arg in args {
        if arg.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if arg.is_dir() {
            walk(arg, &mut inputs)?;
        } else if arg.is_file() {
            inputs.push(classify(arg.clone()));
        } else {
            return Err(IngestError::Io {
                path: arg.clone(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            });
        }
    }
    Ok(inputs)
}

fn classify(path: PathBuf) -> Input {
    if extension(&path) == "jsonl" {
        Input::Jsonl(path)
    } else {
        Input::File(path)
    }
}

fn walk(dir: &Path, inputs: &mut Vec<Input>) -> Result<(), IngestError> {
    let io = |source| IngestError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(io)?;
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, inputs)?;
        } else {
            let ext = extension(&path);
            if ext == "jsonl" || TEXT_EXTENSIONS.contains(&ext.as_str()) {
                inputs.push(classify(path));
            }
        }
    }
    Ok(())
}

/// Reads one document from a file: id is the path as given, source its folder.
pub fn read_file(path: &Path) -> Result<Document, IngestError> {
    let bytes = std::fs::read(path).map_err(|source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut doc = document_from_bytes(&path.display().to_string(), &bytes)?;
    doc.source = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    if matches!(extension(path).as_str(), "html" | "htm") {
        doc.warnings
            .push("HTML markup is not extracted yet; the markup is analysed as text".into());
    }
    Ok(doc)
}

/// Reads one document from standard input.
pub fn read_stdin() -> Result<Document, IngestError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|source| IngestError::Io {
            path: PathBuf::from("-"),
            source,
        })?;
    document_from_bytes("stdin", &bytes)
}

pub fn document_from_bytes(id: &str, bytes: &[u8]) -> Result<Document, IngestError> {
    let Decoded { text, warnings } = decode(bytes)?;
    let mut doc = Document::new(id, text);
    doc.warnings = warnings;
    Ok(doc)
}
