//! JSONL dumps: one `{"id", "text", "source"?, "title"?}` record per line.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::IngestError;
use crate::document::Document;

#[derive(Debug, Deserialize)]
struct JsonlRecord {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    title: Option<String>,
}

/// Streams the documents of a JSONL file, one line at a time; blank lines are skipped.
/// Each item is `(id, result)`: a line that cannot be parsed gets the id `PATH:LINE`.
pub struct JsonlReader {
    path: PathBuf,
    lines: std::io::Lines<std::io::BufReader<std::fs::File>>,
    line: usize,
}

impl JsonlReader {
    pub fn open(path: &Path) -> Result<Self, IngestError> {
        let file = std::fs::File::open(path).map_err(|source| IngestError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(JsonlReader {
            path: path.to_path_buf(),
            lines: std::io::BufReader::new(file).lines(),
            line: 0,
        })
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
        let id = match record.id {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        };
        let mut doc = Document::new(id, record.text);
        doc.source = record.source;
        doc.title = record.title;
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
            .unwrap_or_else(|| format!("{}:{}", self.path.display(), self.line))
    }
}

impl Iterator for JsonlReader {
    type Item = (String, Result<Document, IngestError>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let line = self.lines.next()?;
            self.line += 1;
            let line = match line {
                Ok(line) => line,
                Err(source) => {
                    let id = format!("{}:{}", self.path.display(), self.line);
                    let err = IngestError::Io {
                        path: self.path.clone(),
                        source,
                    };
                    return Some((id, Err(err)));
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            return Some((self.line_id(&line), self.parse(&line)));
        }
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
        let items: Vec<_> = JsonlReader::open(file.path()).unwrap().collect();
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
