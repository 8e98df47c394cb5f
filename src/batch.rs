//! Scores many documents with one loaded pipeline and writes one JSON record per
//! line, in input order. A document that fails yields an error record in its place
//! and the batch goes on.
//!
//! Output to a file is resumable: each record goes out as one whole line in one
//! write, so a crash can tear at most the last line; [`prepare_resume`] cuts a torn
//! line off and lists the ids already written, which [`score`] then skips.

use std::collections::HashSet;
use std::io::{Read, Seek, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use crate::document::Document;
use crate::ingest::{self, IngestError, IngestOptions, Input, JsonlReader};
use crate::pipeline::Pipeline;
use crate::record::{ErrorRecord, Record};
use crate::report::RowFormat;

/// What a finished batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchSummary {
    pub documents: usize,
    pub failed: usize,
    /// Documents skipped because a resumed output already held them.
    pub skipped: usize,
}

/// What an interrupted output file held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResumeState {
    /// Ids of the complete records already written.
    pub done: HashSet<String>,
    /// Bytes of a torn last line that were cut off.
    pub repaired_bytes: u64,
}

/// Opens `path` for appending after checking it: a last line without its newline is
/// torn and cut off; every complete line must be a record with an `id`.
pub fn prepare_resume(path: &Path) -> std::io::Result<ResumeState> {
    let mut file = match std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
    {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(ResumeState::default()),
        Err(err) => return Err(err),
    };
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let mut state = ResumeState {
        repaired_bytes: (bytes.len() - complete) as u64,
        ..ResumeState::default()
    };
    if state.repaired_bytes > 0 {
        file.set_len(complete as u64)?;
        file.seek(std::io::SeekFrom::End(0))?;
        file.sync_all()?;
    }
    for (n, line) in bytes[..complete].split(|&b| b == b'\n').enumerate() {
        if line.is_empty() {
            continue;
        }
        let id = serde_json::from_slice::<serde_json::Value>(line)
            .ok()
            .and_then(|v| v.get("id").and_then(|id| id.as_str().map(str::to_string)));
        match id {
            Some(id) => {
                state.done.insert(id);
            }
            None => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "{}: line {} is not a newslens record",
                        path.display(),
                        n + 1
                    ),
                ))
            }
        }
    }
    Ok(state)
}

/// One document as read from the inputs, or why it could not be read.
type Item = (String, Result<Document, IngestError>);

/// Every document of `inputs`, read lazily: memory holds one document at a time.
pub fn documents<'a>(
    inputs: &'a [Input],
    options: &'a IngestOptions,
) -> impl Iterator<Item = Item> + 'a {
    inputs
        .iter()
        .flat_map(|input| -> Box<dyn Iterator<Item = Item>> {
            match input {
                Input::File(path) => {
                    let id = path.display().to_string();
                    Box::new(std::iter::once((id, ingest::read_file(path, options))))
                }
                Input::Stdin => Box::new(std::iter::once((
                    "stdin".to_string(),
                    ingest::read_stdin(options),
                ))),
                Input::Jsonl(path) => match JsonlReader::open(path) {
                    Ok(reader) => Box::new(reader),
                    Err(err) => Box::new(std::iter::once((path.display().to_string(), Err(err)))),
                },
            }
        })
}

/// Runs the pipeline on one document; a panic inside a model becomes an error.
pub fn analyse(pipeline: &Pipeline, mut doc: Document) -> Result<(Document, Record), String> {
    let outcome = catch_unwind(AssertUnwindSafe(|| pipeline.run(&mut doc)));
    match outcome {
        Ok(Ok(())) => {
            let record = Record::from(&doc);
            Ok((doc, record))
        }
        Ok(Err(err)) => Err(error_chain(&err)),
        Err(_) => Err("internal error while analysing this document (a model panicked)".into()),
    }
}

/// Runs the pipeline on several documents at once (model inputs batched across them);
/// if a model panics, each document is run alone so that only the one that panics fails.
pub fn analyse_all(pipeline: &Pipeline, docs: Vec<Document>) -> Vec<Result<Record, String>> {
    let mut together = docs.clone();
    let outcome = catch_unwind(AssertUnwindSafe(|| pipeline.run_all(&mut together)));
    match outcome {
        Ok(results) => together
            .iter()
            .zip(results)
            .map(|(doc, result)| match result {
                Ok(()) => Ok(Record::from(doc)),
                Err(err) => Err(error_chain(&err)),
            })
            .collect(),
        Err(_) => docs
            .into_iter()
            .map(|doc| analyse(pipeline, doc).map(|(_, record)| record))
            .collect(),
    }
}

/// An error and its causes on one line: "a: b: c".
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// How a batch reads its inputs and writes its rows.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    pub ingest: IngestOptions,
    pub format: RowFormat,
    /// Ids already written by an interrupted run (see [`prepare_resume`]).
    pub skip: HashSet<String>,
    /// Whether to write the format's header first (not when appending to a resumed file).
    pub header: bool,
}

/// Scores `inputs` into `out`, one whole row per write; `on_error(id, message)` hears
/// of each failure.
pub fn score(
    pipeline: &Pipeline,
    inputs: &[Input],
    options: &BatchOptions,
    out: &mut dyn Write,
    on_error: &mut dyn FnMut(&str, &str),
) -> std::io::Result<BatchSummary> {
    let mut summary = BatchSummary::default();
    if options.header {
        if let Some(header) = options.format.header() {
            out.write_all(header.as_bytes())?;
        }
    }
    let mut chunk: Vec<(String, Result<Document, String>)> = Vec::with_capacity(CHUNK);
    for (id, doc) in documents(inputs, &options.ingest) {
        if options.skip.contains(&id) {
            summary.skipped += 1;
            continue;
        }
        summary.documents += 1;
        chunk.push((id, doc.map_err(|e| error_chain(&e))));
        if chunk.len() == CHUNK {
            write_chunk(pipeline, &mut chunk, options, out, on_error, &mut summary)?;
        }
    }
    write_chunk(pipeline, &mut chunk, options, out, on_error, &mut summary)?;
    out.flush()?;
    Ok(summary)
}

/// Documents analysed together: their sentences are embedded in shared, length-sorted
/// batches. Memory holds one chunk at a time.
pub const CHUNK: usize = 16;

/// Analyses the chunk and writes its rows in input order, one whole row per write.
fn write_chunk(
    pipeline: &Pipeline,
    chunk: &mut Vec<(String, Result<Document, String>)>,
    options: &BatchOptions,
    out: &mut dyn Write,
    on_error: &mut dyn FnMut(&str, &str),
    summary: &mut BatchSummary,
) -> std::io::Result<()> {
    let docs: Vec<Document> = chunk
        .iter_mut()
        .filter_map(|(_, doc)| doc.as_mut().ok().map(std::mem::take))
        .collect();
    let mut analysed = analyse_all(pipeline, docs).into_iter();
    for (id, doc) in chunk.drain(..) {
        let result = match doc {
            Ok(_) => analysed
                .next()
                .unwrap_or_else(|| Err("internal error: document lost in its batch".into())),
            Err(error) => Err(error),
        };
        let line = match result {
            Ok(record) => options.format.record(&record),
            Err(error) => {
                summary.failed += 1;
                on_error(&id, &error);
                options.format.error(&ErrorRecord { id, error })
            }
        }
        .map_err(std::io::Error::other)?;
        out.write_all(line.as_bytes())?;
        out.flush()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resume_cuts_a_torn_line_and_lists_what_is_done() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        assert_eq!(prepare_resume(&path).unwrap(), ResumeState::default());
        std::fs::write(
            &path,
            "{\"id\": \"a\"}\n{\"id\": \"b\", \"error\": \"x\"}\n{\"id\": \"c\", \"sum",
        )
        .unwrap();
        let state = prepare_resume(&path).unwrap();
        assert_eq!(state.repaired_bytes, "{\"id\": \"c\", \"sum".len() as u64);
        assert_eq!(
            state.done,
            HashSet::from(["a".to_string(), "b".to_string()])
        );
        assert!(std::fs::read_to_string(&path)
            .unwrap()
            .ends_with("\"x\"}\n"));
        std::fs::write(&path, "not json\n").unwrap();
        assert!(prepare_resume(&path).is_err());
    }
}
