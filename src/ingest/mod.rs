//! Ingest: turn files, folders, JSONL dumps and stdin into [`Document`]s.
//!
//! A folder is walked recursively in name order, hidden entries and symlinked folders
//! skipped (unless [`IngestOptions::follow_links`]), and yields
//! its text files (`.txt`, `.text`, `.md`, `.markdown`, `.html`, `.htm`) and JSONL
//! files (`.jsonl`), or, with `--glob`, exactly the files whose path below the folder
//! matches one of the globs. Each JSONL line is one record
//! `{"id", "text", "source"?, "title"?}`. HTML is reduced to its main content
//! ([`html`]). One bad file or line yields an error for that item only.

pub mod decode;
pub mod html;
mod jsonl;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use globset::GlobSet;

use crate::bounded::read_at_most;
use crate::document::{Document, TextOrigin};

pub use decode::{decode, Decoded};
pub use jsonl::JsonlReader;

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The input holds no bytes, or only whitespace.
    #[error("input is empty")]
    Empty,
    /// The input is not text.
    #[error("input is binary (it has a NUL byte in its first 8 KiB)")]
    Binary,
    /// HTML nested deeper than the parser goes.
    #[error(
        "HTML is nested about {depth} elements deep, more than the {} newslens parses",
        html::MAX_DEPTH
    )]
    TooDeep {
        /// About how deep.
        depth: usize,
    },
    /// Nothing of the input is article text.
    #[error("no article text found (the input is only markup or page furniture)")]
    NoContent,
    /// A file could not be read.
    #[error("cannot read {}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A JSONL line is not a record.
    #[error("{}:{line}: not a valid record (expected {{\"id\", \"text\"}})", path.display())]
    Record {
        /// The JSONL file.
        path: PathBuf,
        /// The line's number, from 1.
        line: usize,
        /// What the JSON parser said.
        #[source]
        source: serde_json::Error,
    },
    /// The input is larger than `--max-bytes`.
    #[error("input is over the limit of {limit} bytes (raise it with --max-bytes)")]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
}

/// Default largest input read: 50 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;

/// Largest input newslens can analyse at all: offsets are kept as 32-bit numbers.
pub const MAX_INPUT_BYTES: u64 = u32::MAX as u64;

/// How inputs are chosen and read.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Larger files (and stdin) are refused with [`IngestError::TooLarge`].
    pub max_bytes: u64,
    /// When set, folders yield exactly the files whose path below the folder matches.
    pub globs: Option<GlobSet>,
    /// Enter symlinked folders while walking (each real folder once, so a link loop
    /// ends). Off by default, as in ripgrep: a walk stays inside the folder given.
    pub follow_links: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            max_bytes: DEFAULT_MAX_BYTES,
            globs: None,
            follow_links: false,
        }
    }
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

/// Expands command-line arguments into inputs. A path named explicitly that is not a
/// folder is taken whatever it is (a file of any extension, a FIFO, a device: reads
/// stop at `max_bytes`); folders contribute as the module documentation says.
pub fn expand(args: &[PathBuf], options: &IngestOptions) -> Result<Vec<Input>, IngestError> {
    let mut inputs = Vec::new();
    let mut walker = Walker {
        options,
        entered: HashSet::new(),
        inputs: &mut inputs,
    };
    for arg in args {
        if arg.as_os_str() == "-" {
            walker.inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(arg) {
            Ok(meta) if meta.is_dir() => walker.walk(arg, arg)?,
            Ok(_) => walker.inputs.push(classify(arg.clone())),
            Err(source) => {
                return Err(IngestError::Io {
                    path: arg.clone(),
                    source,
                })
            }
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

/// A recursive walk below the folders given.
struct Walker<'a> {
    options: &'a IngestOptions,
    /// Real paths of the folders entered, when links are followed.
    entered: HashSet<PathBuf>,
    inputs: &'a mut Vec<Input>,
}

impl Walker<'_> {
    fn walk(&mut self, top: &Path, dir: &Path) -> Result<(), IngestError> {
        let io = |source| IngestError::Io {
            path: dir.to_path_buf(),
            source,
        };
        if self.options.follow_links {
            let real = std::fs::canonicalize(dir).map_err(io)?;
            if !self.entered.insert(real) {
                tracing::info!(folder = %dir.display(), "folder already walked (a link loop or a second link); skipped");
                return Ok(());
            }
        }
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
            // The entry itself, then what a link points at (a broken link is skipped).
            let Ok(own) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            let is_link = own.file_type().is_symlink();
            let Ok(target) = std::fs::metadata(&path) else {
                continue;
            };
            if target.is_dir() {
                if !is_link || self.options.follow_links {
                    self.walk(top, &path)?;
                }
                continue;
            }
            if !target.is_file() {
                // Devices, FIFOs and sockets inside a folder are not articles.
                continue;
            }
            let wanted = match &self.options.globs {
                Some(globs) => globs.is_match(path.strip_prefix(top).unwrap_or(&path)),
                None => {
                    let ext = extension(&path);
                    ext == "jsonl" || TEXT_EXTENSIONS.contains(&ext.as_str())
                }
            };
            if wanted {
                self.inputs.push(classify(path));
            }
        }
        Ok(())
    }
}

/// Reads one document from a file: id is the path as given, source its folder.
/// HTML (by extension, or by its first bytes) is reduced to its main content.
/// At most `max_bytes` are read, whatever size the file system reports.
pub fn read_file(path: &Path, options: &IngestOptions) -> Result<Document, IngestError> {
    let io = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    if file.metadata().map_err(io)?.is_dir() {
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "a folder, not a file",
        )));
    }
    let bytes =
        read_at_most(file, options.max_bytes)
            .map_err(io)?
            .ok_or(IngestError::TooLarge {
                limit: options.max_bytes,
            })?;
    let is_html = matches!(extension(path).as_str(), "html" | "htm");
    let mut doc = document_from_bytes(&path.display().to_string(), &bytes, is_html)?;
    doc.source = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    Ok(doc)
}

/// Reads one document from standard input, at most `max_bytes` of it.
pub fn read_stdin(options: &IngestOptions) -> Result<Document, IngestError> {
    let bytes = read_at_most(std::io::stdin().lock(), options.max_bytes)
        .map_err(|source| IngestError::Io {
            path: PathBuf::from("-"),
            source,
        })?
        .ok_or(IngestError::TooLarge {
            limit: options.max_bytes,
        })?;
    document_from_bytes("stdin", &bytes, false)
}

/// Decodes `bytes` into a document; HTML when `is_html` or when it looks like a page.
pub fn document_from_bytes(id: &str, bytes: &[u8], is_html: bool) -> Result<Document, IngestError> {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(IngestError::TooLarge {
            limit: MAX_INPUT_BYTES,
        });
    }
    let Decoded { text, warnings } = decode(bytes)?;
    let mut doc = if is_html || html::looks_like_html(&text) {
        let depth = html::nesting_depth(&text);
        if depth > html::MAX_DEPTH {
            return Err(IngestError::TooDeep { depth });
        }
        let extracted = html::extract(&text);
        if extracted.text.trim().is_empty() {
            return Err(IngestError::NoContent);
        }
        let mut doc = Document::new(id, extracted.text);
        doc.title = extracted.meta.title.clone();
        doc.page = Some(extracted.meta);
        doc.warnings.extend(extracted.warnings);
        doc.origin = TextOrigin::HtmlExtract;
        doc
    } else {
        Document::new(id, text)
    };
    doc.warnings.splice(0..0, warnings);
    Ok(doc)
}
