//! Scores many documents with one loaded pipeline and writes one JSON record per
//! line, in input order. A document that fails yields an error record in its place
//! and the batch goes on.

use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::document::Document;
use crate::ingest::{self, IngestError, IngestOptions, Input, JsonlReader};
use crate::pipeline::Pipeline;
use crate::record::{ErrorRecord, Record};

/// What a finished batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchSummary {
    pub documents: usize,
    pub failed: usize,
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

/// Scores `inputs` into `out` as JSONL; `on_error(id, message)` hears of each failure.
pub fn score(
    pipeline: &Pipeline,
    inputs: &[Input],
    options: &IngestOptions,
    out: &mut dyn Write,
    on_error: &mut dyn FnMut(&str, &str),
) -> std::io::Result<BatchSummary> {
    let mut summary = BatchSummary::default();
    for (id, doc) in documents(inputs, options) {
        summary.documents += 1;
        let result = doc
            .map_err(|e| error_chain(&e))
            .and_then(|doc| analyse(pipeline, doc));
        let line = match result {
            Ok((_, record)) => serde_json::to_string(&record),
            Err(error) => {
                summary.failed += 1;
                on_error(&id, &error);
                serde_json::to_string(&ErrorRecord { id, error })
            }
        }
        .map_err(std::io::Error::other)?;
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(summary)
}
