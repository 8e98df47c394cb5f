//! `newslens compare`: tone and promotion per group of documents.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};

use newslens::batch::{self, BatchOptions};
use newslens::bounded::{pass_long_line, read_line, Line};
use newslens::ingest::{self, Input};
use newslens::report::{self, RowFormat};

use super::args::{CompareArgs, CompareFormat, Verbosity};
use super::score::progress_bar;
use super::settings::{ingest_options, load_pipeline, settings};
use super::ExitStatus;

/// The host of a URL (`https://news.example/a` -> `news.example`).
pub(crate) fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| host.trim_start_matches("www.").to_string())
}

pub(crate) fn compare(args: CompareArgs, verbosity: Verbosity) -> Result<ExitStatus> {
    let options = ingest_options(&args.input_options, Some(&args.walk))?;
    let inputs = ingest::expand(&args.inputs, &options)?;
    // Fields of every JSONL line, by id, for --by FIELD; and records `score` wrote.
    let mut fields: std::collections::HashMap<String, String> = Default::default();
    let mut records = Vec::new();
    // Texts of the documents scored here (records read from `score` output carry none).
    let mut texts: std::collections::HashMap<String, String> = Default::default();
    let mut to_score = Vec::new();
    // Records are kept with only what the statistics read, unless the report shows
    // every article.
    let keep_detail = matches!(args.format, CompareFormat::Html);
    let keep = |mut record: newslens::Record| {
        if !keep_detail {
            record.shed_detail();
        }
        record
    };
    let wants_field = !matches!(args.by.as_str(), "source" | "folder");
    // A record line may be longer than the article it describes.
    let line_limit = usize::try_from(options.max_bytes.saturating_mul(4)).unwrap_or(usize::MAX);
    for input in inputs {
        let Input::Jsonl(path) = &input else {
            to_score.push(input);
            continue;
        };
        // Read a line at a time: records while every line is one, and the --by field.
        let file =
            std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
        let ends = file.metadata().is_ok_and(|m| m.is_file());
        let mut reader = std::io::BufReader::new(file);
        let mut buf = Vec::new();
        let mut scored = Vec::new();
        let mut all_records = true;
        loop {
            match read_line(&mut reader, &mut buf, line_limit)
                .with_context(|| format!("reading {}", path.display()))?
            {
                Line::End => break,
                Line::TooLong => {
                    // Not `score` output: scored as articles, where that line is an
                    // error. Read on for the --by fields, if the file ends.
                    all_records = false;
                    if pass_long_line(&mut reader, ends)
                        .with_context(|| format!("reading {}", path.display()))?
                    {
                        continue;
                    }
                    break;
                }
                Line::Complete | Line::Unterminated => {}
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let value: serde_json::Value = serde_json::from_slice(&buf).unwrap_or_default();
            if let (true, Some(id), Some(field)) = (
                wants_field,
                value.get("id").and_then(|v| v.as_str()),
                value.get(&args.by).and_then(|v| v.as_str()),
            ) {
                fields.insert(id.to_string(), field.to_string());
            }
            // `score` output: records (error records are left out); anything else is articles.
            if !all_records || value.get("error").is_some() && value.get("paragraphs").is_none() {
                continue;
            }
            match serde_json::from_value::<newslens::Record>(value) {
                Ok(record) => scored.push(keep(record)),
                Err(_) => {
                    all_records = false;
                    scored = Vec::new();
                }
            }
        }
        if all_records {
            records.extend(scored);
        } else {
            to_score.push(input);
        }
    }
    let mut failed = 0;
    if !to_score.is_empty() {
        // Scored exactly as `score` does, into memory.
        let settings = settings(&args.models, |s| {
            s.entities.targets.extend(args.entity.iter().cloned());
        })?;
        let pipeline = load_pipeline(&args.models, settings, verbosity)?;
        let progress = progress_bar(&to_score, verbosity);
        let report = |id: &str, error: Option<&str>| {
            progress.inc(1);
            if let (Some(error), false) = (error, verbosity == Verbosity::Quiet) {
                progress.suspend(|| eprintln!("newslens: {id}: {error}"));
            }
        };
        let batch_options = BatchOptions {
            ingest: options,
            format: RowFormat::Jsonl,
            skip: Default::default(),
            header: false,
            shard: None,
        };
        let summary =
            batch::each_analysed(&pipeline, &to_score, &batch_options, &mut |id, result| {
                match result {
                    Ok((record, text)) => {
                        report(&id, None);
                        records.push(keep(record));
                        if keep_detail {
                            texts.insert(id, text);
                        }
                    }
                    Err(error) => report(&id, Some(&error)),
                }
                Ok(())
            })?;
        progress.finish_and_clear();
        failed = summary.failed;
    }
    if records.is_empty() {
        bail!("no documents to compare");
    }
    let folder = |id: &str| {
        Path::new(id)
            .parent()
            .map(|p| p.display().to_string())
            .filter(|p| !p.is_empty())
    };
    let entity = match &args.entity {
        Some(spec) => Some(
            newslens::entities::Target::parse(spec)
                .with_context(|| format!("--entity {spec:?}: a name must come before any '='"))?,
        ),
        None => None,
    };
    let compare = |by: &str, key: &dyn Fn(&newslens::Record) -> Option<String>| {
        newslens::compare::compare_toward(&records, by, key, entity.as_ref())
    };
    let comparison = match args.by.as_str() {
        "source" => compare("source", &|r| r.source.clone().or_else(|| folder(&r.id))),
        "folder" => compare("folder", &|r| folder(&r.id)),
        // What saved web pages say about themselves (a JSONL field of that name wins).
        field @ ("site" | "author" | "language") => compare(field, &|r| {
            fields.get(&r.id).cloned().or_else(|| match field {
                "site" => r.site.clone().or_else(|| r.url.as_deref().and_then(host)),
                "author" => r.author.clone(),
                _ => r.language.clone(),
            })
        }),
        field => compare(field, &|r| fields.get(&r.id).cloned()),
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        CompareFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&comparison)?)?,
        CompareFormat::Csv => out.write_all(report::compare::csv(&comparison).as_bytes())?,
        CompareFormat::Text => out.write_all(report::compare::text(&comparison).as_bytes())?,
        CompareFormat::Html => {
            let articles: Vec<(newslens::Record, Option<String>)> = records
                .into_iter()
                .map(|r| {
                    let text = r.extracted_text.clone().or_else(|| texts.remove(&r.id));
                    (r, text)
                })
                .collect();
            out.write_all(report::html::comparison(&comparison, &articles).as_bytes())?
        }
    }
    if failed > 0 {
        eprintln!("newslens: {failed} documents failed and are left out");
    }
    Ok(ExitStatus::failed_if(failed > 0))
}
