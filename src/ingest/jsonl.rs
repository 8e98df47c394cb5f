//! JSONL dumps: one `{"id", "text", "source"?, "title"?, "targets"?}` record per line
//! (`targets`: names to report the tone toward, as `--target` takes them).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::IngestError;
use crate::bounded::{self, Line};
use crate::document::Document;

#[derive(Debug, Deserialize)]
struct JsonlRecord {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    targets: Vec<String>,
}

/// Streams the documents of a JSONL file, one line at a time; blank lines are skipped.
/// Each item is `(id, result)`: a line that cannot be parsed gets the id `PATH:LINE`.
/// A line longer than the input limit is an error for that line, read through
/// without being kept, so memory holds one line of at most the limit.
pub struct JsonlReader<R = BufReader<std::fs::File>> {
    path: PathBuf,
    reader: R,
    buf: Vec<u8>,
    max_bytes: u64,
    line: usize,
    /// After a read error nothing more is read: it would not go away by reading on.
    failed: bool,
    /// Whether the input ends (a regular file), so that a line over the limit can be
    /// read through to the next; in a FIFO or device it might never end.
    ends: bool,
}

impl JsonlReader {
    /// Opens a JSONL file; lines over `max_bytes` are errors.
    pub fn open(path: &Path, max_bytes: u64) -> Result<Self, IngestError> {
        let file = std::fs::File::open(path).map_err(|source| IngestError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let ends = file.metadata().is_ok_and(|m| m.is_file());
        let mut reader = JsonlReader::new(path, BufReader::new(file), max_bytes);
        reader.ends = ends;
        Ok(reader)
    }
}

impl<R: BufRead> JsonlReader<R> {
    /// Reads records from `reader`, which must end; `path` names it in ids and errors.
    pub fn new(path: &Path, reader: R, max_bytes: u64) -> Self {
        JsonlReader {
            path: path.to_path_buf(),
            reader,
            buf: Vec::new(),
            max_bytes,
            line: 0,
            failed: false,
            ends: true,
        }
    }

    fn parse(&self, line: &str) -> Result<Document, IngestError> {
        let record: JsonlRecord =
            serde_json::from_str(line).map_err(|source| IngestError::Record {
                path: self.path.clone(),
                line: self.line,
                source,
            })?;
        if record.text.trim().is_empty() {
            return Err(IngestError::Empty);
        }
        if record.text.len() as u64 > super::MAX_INPUT_BYTES {
            return Err(IngestError::TooLarge {
                limit: super::MAX_INPUT_BYTES,
            });
        }
        let id = match record.id {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        };
        let mut doc = Document::new(id, record.text);
        doc.source = record.source;
        doc.title = record.title;
        doc.targets = record.targets;
        Ok(doc)
    }

    fn line_id(&self, line: &str) -> String {
        // Keep the record's own id in error items when it can be read.
        serde_json::from_str::<serde_json::Value>(line)
            .ok()
            .and_then(|v| match v.get("id")? {
                serde_json::Value::String(s) => Some(s.clone()),
                other => Some(other.to_string()),
            })
            .unwrap_or_else(|| self.place())
    }

    fn place(&self) -> String {
        format!("{}:{}", self.path.display(), self.line)
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = (String, Result<Document, IngestError>);

    fn next(&mut self) -> Option<Self::Item> {
        let limit = usize::try_from(self.max_bytes).unwrap_or(usize::MAX);
        while !self.failed {
            let read = bounded::read_line(&mut self.reader, &mut self.buf, limit);
            self.line += 1;
            let error = match read {
                Ok(Line::End) => return None,
                Ok(Line::Complete | Line::Unterminated) => None,
                Ok(Line::TooLong) => {
                    match bounded::pass_long_line(&mut self.reader, self.ends) {
                        Ok(goes_on) => self.failed = !goes_on,
                        Err(source) => {
                            self.failed = true;
                            tracing::warn!(path = %self.path.display(), %source, "read failed");
                        }
                    }
                    Some(IngestError::TooLarge {
                        limit: self.max_bytes,
                    })
                }
                Err(source) => {
                    self.failed = true;
                    Some(IngestError::Io {
                        path: self.path.clone(),
                        source,
                    })
                }
            };
            if let Some(error) = error {
                return Some((self.place(), Err(error)));
            }
            let line = String::from_utf8_lossy(&self.buf);
            if line.trim().is_empty() {
                continue;
            }
            let line = line.into_owned();
            return Some((self.line_id(&line), self.parse(&line)));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn reads_records_and_reports_bad_lines_without_stopping() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        writeln!(
            file,
            r#"{{"id": "a", "text": "First text.", "source": "wire"}}"#
        )
        .unwrap();
        writeln!(file).unwrap();
        writeln!(file, "not json").unwrap();
        writeln!(file, r#"{{"id": 7, "text": "  "}}"#).unwrap();
        writeln!(file, r#"{{"id": "b", "text": "Second."}}"#).unwrap();
        let items: Vec<_> = JsonlReader::open(file.path(), 1 << 20).unwrap().collect();
        assert_eq!(items.len(), 4);
        let (id, doc) = &items[0];
        assert_eq!(id, "a");
        let doc = doc.as_ref().unwrap();
        assert_eq!(doc.text, "First text.");
        assert_eq!(doc.source.as_deref(), Some("wire"));
        assert!(items[1].0.ends_with(":3"), "{}", items[1].0);
        assert!(matches!(
            items[1].1,
            Err(IngestError::Record { line: 3, .. })
        ));
        assert_eq!(items[2].0, "7");
        assert!(matches!(items[2].1, Err(IngestError::Empty)));
        assert_eq!(items[3].1.as_ref().unwrap().id, "b");
    }
}
