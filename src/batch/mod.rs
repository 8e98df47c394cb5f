//! Scores many documents with one loaded pipeline and writes one JSON record per
//! line, in input order. A document that fails yields an error record in its place
//! and the batch goes on.
//!
//! Output to a file is resumable: each record goes out as one whole line in one
//! write, so a crash can tear at most the last line; [`prepare_resume`] cuts a torn
//! line off and lists the ids already written, which [`score`] then skips.

use std::collections::HashSet;
use std::io::{BufReader, Write};
use std::path::Path;

use crate::bounded::{self, Line};
use crate::document::Document;
use crate::error::error_chain;
use crate::flags::duplicates::NearDuplicates;
use crate::ingest::{self, IngestError, IngestOptions, Input, JsonlReader};
use crate::pipeline::Pipeline;
use crate::record::{DuplicateOf, ErrorRecord, Record};
use crate::report::RowFormat;

/// What a finished batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchSummary {
    /// Documents read (analysed, failed or skipped).
    pub documents: usize,
    /// Documents that could not be read or analysed; each is an error row in the output.
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

/// Longest line of a `score` output that [`prepare_resume`] and [`merge`] read: a
/// record of the largest input newslens reads by default is far shorter.
const RECORD_LINE_LIMIT: usize = 512 * 1024 * 1024;

fn not_a_record(path: &Path, n: usize) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!("{}: line {n} is not a newslens record", path.display()),
    )
}

/// The id of output line `n` of `path`.
fn record_id(path: &Path, n: usize, line: &[u8]) -> std::io::Result<String> {
    serde_json::from_slice::<serde_json::Value>(line)
        .ok()
        .and_then(|v| v.get("id").and_then(|id| id.as_str().map(str::to_string)))
        .ok_or_else(|| not_a_record(path, n))
}

/// Opens `path` for appending after checking it: a last line without its newline is
/// torn and cut off; every complete line must be a record with an `id`. The file is
/// read a line at a time.
pub fn prepare_resume(path: &Path) -> std::io::Result<ResumeState> {
    let file = match std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
    {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(ResumeState::default()),
        Err(err) => return Err(err),
    };
    let mut state = ResumeState::default();
    let mut reader = BufReader::new(&file);
    let (mut buf, mut complete, mut n) = (Vec::new(), 0u64, 0usize);
    loop {
        n += 1;
        match bounded::read_line(&mut reader, &mut buf, RECORD_LINE_LIMIT)? {
            Line::End => break,
            Line::Unterminated => {
                state.repaired_bytes = buf.len() as u64;
                break;
            }
            Line::TooLong => return Err(not_a_record(path, n)),
            Line::Complete => {
                complete += buf.len() as u64 + 1;
                if !buf.iter().all(u8::is_ascii_whitespace) {
                    state.done.insert(record_id(path, n, &buf)?);
                }
            }
        }
    }
    drop(reader);
    if state.repaired_bytes > 0 {
        file.set_len(complete)?;
        file.sync_all()?;
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
                Input::Jsonl(path) => match JsonlReader::open(path, options.max_bytes) {
                    Ok(reader) => Box::new(reader),
                    Err(err) => Box::new(std::iter::once((path.display().to_string(), Err(err)))),
                },
            }
        })
}

/// Runs the pipeline on one document.
pub fn analyse(pipeline: &Pipeline, mut doc: Document) -> Result<(Document, Record), String> {
    match pipeline.run(&mut doc) {
        Ok(()) => {
            let record = Record::from(&doc);
            Ok((doc, record))
        }
        Err(err) => Err(error_chain(&err)),
    }
}

/// Runs the pipeline on several documents at once (model inputs batched across them).
/// Each outcome carries the document's text, which its record's offsets point into.
pub fn analyse_all(pipeline: &Pipeline, mut docs: Vec<Document>) -> Vec<Analysed> {
    let results = pipeline.run_all(&mut docs);
    docs.into_iter()
        .zip(results)
        .map(|(doc, result)| match result {
            Ok(()) => Ok((Record::from(&doc), doc.text)),
            Err(err) => Err(error_chain(&err)),
        })
        .collect()
}

/// How a batch reads its inputs and writes its rows.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// How documents are read: size limit, format detection, JSONL fields.
    pub ingest: IngestOptions,
    /// The output format of the rows.
    pub format: RowFormat,
    /// Ids already written by an interrupted run (see [`prepare_resume`]).
    pub skip: HashSet<String>,
    /// Whether to write the format's header first (not when appending to a resumed file).
    pub header: bool,
    /// Score only this share of the documents (see [`Shard`]).
    pub shard: Option<Shard>,
}

/// Shard `index` of `count` (1-based, as `--shard 2/8` reads): the documents whose id
/// hashes to it. The hash (FNV-1a, 64 bit) is fixed, so N machines given the same inputs
/// split them into disjoint shares that together hold every document once, whatever
/// order they read them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which share this is, 1..=`count`.
    pub index: u64,
    /// How many shares the documents are split into.
    pub count: u64,
}

impl Shard {
    /// Whether the document `id` belongs to this shard.
    pub fn holds(&self, id: &str) -> bool {
        crate::hash::fnv1a(id.as_bytes(), 0) % self.count == self.index - 1
    }
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("--shard takes K/N with 1 <= K <= N, e.g. 2/8; got {s:?}");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

/// Hears of each document as its row is written: its id, and the error if it failed.
pub type OnDocument<'a> = dyn FnMut(&str, Option<&str>) + 'a;

/// A document's outcome: its record and the text its offsets point into, or why it failed.
pub type Analysed = Result<(Record, String), String>;

/// Scores `inputs` into `out`, one whole row per write; `report` hears of each document.
pub fn score(
    pipeline: &Pipeline,
    inputs: &[Input],
    options: &BatchOptions,
    out: &mut dyn Write,
    report: &mut OnDocument,
) -> std::io::Result<BatchSummary> {
    if options.header {
        if let Some(header) = options.format.header() {
            out.write_all(header.as_bytes())?;
        }
    }
    let summary = each_analysed(pipeline, inputs, options, &mut |id, result| {
        let line = match result {
            Ok((record, _)) => {
                report(&id, None);
                options.format.record(&record)
            }
            Err(error) => {
                report(&id, Some(&error));
                options.format.error(&ErrorRecord { id, error })
            }
        }
        .map_err(std::io::Error::other)?;
        out.write_all(line.as_bytes())?;
        out.flush()
    })?;
    out.flush()?;
    Ok(summary)
}

/// Analyses every document of `inputs` (in the shard, not skipped) and hands each
/// outcome to `each` in input order. Documents go through the pipeline in chunks (see
/// [`CHUNK`]) whose sentences are embedded together; memory holds one chunk at a time
/// (plus a MinHash signature per document, to mark near-copies of earlier documents
/// of the same run with `duplicate_of`).
pub fn each_analysed(
    pipeline: &Pipeline,
    inputs: &[Input],
    options: &BatchOptions,
    each: &mut dyn FnMut(String, Analysed) -> std::io::Result<()>,
) -> std::io::Result<BatchSummary> {
    let mut summary = BatchSummary::default();
    let mut copies = NearDuplicates::new(DUPLICATE_SIMILARITY);
    let mut each = |id: String, mut result: Analysed| {
        if let Ok((record, text)) = &mut result {
            record.duplicate_of = copies
                .add(&id, text)
                .map(|(id, similarity)| DuplicateOf { id, similarity });
        }
        each(id, result)
    };
    let mut chunk: Vec<(String, Result<Document, String>)> = Vec::with_capacity(CHUNK);
    let mut bytes = 0;
    for (id, doc) in documents(inputs, &options.ingest) {
        if options.shard.is_some_and(|shard| !shard.holds(&id)) {
            continue;
        }
        if options.skip.contains(&id) {
            summary.skipped += 1;
            continue;
        }
        summary.documents += 1;
        bytes += doc.as_ref().map_or(0, |d| d.text.len());
        chunk.push((id, doc.map_err(|e| error_chain(&e))));
        if chunk_is_full(chunk.len(), bytes) {
            bytes = 0;
            for (id, result) in analyse_chunk(pipeline, &mut chunk) {
                summary.failed += usize::from(result.is_err());
                each(id, result)?;
            }
        }
    }
    for (id, result) in analyse_chunk(pipeline, &mut chunk) {
        summary.failed += usize::from(result.is_err());
        each(id, result)?;
    }
    Ok(summary)
}

/// Documents analysed together: their sentences are embedded in shared, length-sorted
/// batches. A chunk holds at least this many documents and [`CHUNK_BYTES`] of text, so
/// that short documents (headlines, posts, one sentence each) still fill whole batches,
/// and at most [`MAX_CHUNK`] documents.
pub const CHUNK: usize = 16;

/// Text a chunk holds at least: 16 documents of 1 KB. Sixteen news articles hold more
/// (the shortest of the 125 CNN/DailyMail dev articles has 1.5 KB), so their chunks are
/// sixteen documents, as they were before short documents were batched more.
pub const CHUNK_BYTES: usize = 16 * 1024;

/// Most documents in one chunk (512 one-line posts of about 32 bytes).
pub const MAX_CHUNK: usize = 512;

/// Whether a chunk of `documents` holding `bytes` of text is analysed now.
fn chunk_is_full(documents: usize, bytes: usize) -> bool {
    (documents >= CHUNK && bytes >= CHUNK_BYTES) || documents >= MAX_CHUNK
}

/// Estimated share of word 5-grams two documents must share to be copies.
const DUPLICATE_SIMILARITY: f32 = 0.8;

/// Analyses the chunk (emptying it); outcomes in input order.
fn analyse_chunk(
    pipeline: &Pipeline,
    chunk: &mut Vec<(String, Result<Document, String>)>,
) -> Vec<(String, Analysed)> {
    let docs: Vec<Document> = chunk
        .iter_mut()
        .filter_map(|(_, doc)| doc.as_mut().ok().map(std::mem::take))
        .collect();
    tracing::debug!(documents = docs.len(), "analysing a chunk");
    let mut analysed = analyse_all(pipeline, docs).into_iter();
    chunk
        .drain(..)
        .map(|(id, doc)| {
            let result = match doc {
                Ok(_) => analysed
                    .next()
                    .unwrap_or_else(|| Err("internal error: document lost in its batch".into())),
                Err(error) => Err(error),
            };
            (id, result)
        })
        .collect()
}

/// What [`merge`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeSummary {
    /// Records written.
    pub records: usize,
    /// Records dropped because a record with the same id came before.
    pub duplicates: usize,
    /// Incomplete last lines (a run cut off mid-write) left out.
    pub torn: usize,
}

/// Joins the JSONL outputs of shards (or of any runs) into `out`, part after part:
/// every complete record once (a second record with an id already seen is dropped and
/// counted), a torn last line of a part dropped and counted. A line that is not a
/// newslens record is an error naming the part and line.
pub fn merge(parts: &[&Path], out: &mut dyn Write) -> std::io::Result<MergeSummary> {
    let mut seen = HashSet::new();
    let mut summary = MergeSummary::default();
    let mut buf = Vec::new();
    for part in parts {
        let mut reader = BufReader::new(std::fs::File::open(part)?);
        let mut n = 0;
        loop {
            n += 1;
            match bounded::read_line(&mut reader, &mut buf, RECORD_LINE_LIMIT)? {
                Line::End => break,
                Line::Unterminated => {
                    summary.torn += 1;
                    break;
                }
                Line::TooLong => return Err(not_a_record(part, n)),
                Line::Complete => {}
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if !seen.insert(record_id(part, n, &buf)?) {
                summary.duplicates += 1;
                continue;
            }
            out.write_all(&buf)?;
            out.write_all(b"\n")?;
            summary.records += 1;
        }
    }
    out.flush()?;
    Ok(summary)
}

#[cfg(test)]
mod tests;
