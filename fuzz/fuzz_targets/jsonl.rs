//! JSONL on arbitrary bytes, both ways newslens reads it: as articles (the reader,
//! then segmentation, spans checked) and as `score` output (a record per line, as
//! `compare` reads it, then every compare report, HTML included, over records whose
//! offsets may point anywhere). No panic.
//!
//!     RUSTC_BOOTSTRAP=1 cargo fuzz run jsonl -s none
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use newslens::ingest::JsonlReader;
use newslens::preprocess::segment;
use newslens::record::Record;
use newslens::report;

fuzz_target!(|data: &[u8]| {
    for (_, doc) in JsonlReader::new(Path::new("fuzz.jsonl"), data, 4096) {
        if let Ok(mut doc) = doc {
            segment(&mut doc);
            if let Err(breach) = doc.check_spans() {
                panic!("{breach}");
            }
        }
    }
    let records: Vec<Record> = data
        .split(|&b| b == b'\n')
        .filter_map(|line| serde_json::from_slice(line).ok())
        .collect();
    if records.is_empty() {
        return;
    }
    let comparison = newslens::compare::compare(&records, "source", |r| r.source.clone());
    let _ = report::compare::text(&comparison);
    let _ = report::compare::csv(&comparison);
    let articles: Vec<(Record, Option<String>)> = records
        .into_iter()
        .map(|r| {
            let text = r.extracted_text.clone();
            (r, text)
        })
        .collect();
    let _ = report::html::comparison(&comparison, &articles);
    for (record, text) in &articles {
        let text = text.as_deref().unwrap_or("");
        for format in [
            report::Format::Text,
            report::Format::Json,
            report::Format::Markdown,
            report::Format::Html,
        ] {
            let _ = report::render(record, text, format, true);
        }
    }
});
