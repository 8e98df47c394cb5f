//! The on-disk sentence cache through the CLI: a second run reads what the first wrote
//! and writes the same records; `--no-cache` leaves no file; a damaged cache file is a
//! warning, never a failed run.
#![allow(clippy::unwrap_used)]

use std::path::Path;

mod common;

/// `newslens score` of the demo article and a short one (written in `dir`), with the
/// cache in `cache`; the records and the stderr.
fn score(dir: &Path, cache: &Path, extra: &[&str]) -> (String, String) {
    let short = dir.join("short.txt");
    std::fs::write(
        &short,
        "Harbor City opened its new ferry terminal on Monday. Mayor Ana Silva called it a \
         triumph. Critics said the terminal cost twice its budget.",
    )
    .unwrap();
    let out = dir.join("out.jsonl");
    let _ = std::fs::remove_file(&out);
    let run = common::command()
        .env("NEWSLENS_CACHE_DIR", cache)
        .env("RUST_LOG", "newslens=debug")
        .args([
            "score",
            "examples/harbor-lumen-partnership.txt",
            short.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args(extra)
        .output()
        .unwrap();
    let stderr = common::stderr(&run);
    assert!(run.status.success(), "{stderr}");
    (std::fs::read_to_string(&out).unwrap(), stderr)
}

#[test]
fn a_second_run_reads_the_cache_and_writes_the_same_records() {
    let (dir, cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let file = cache.path().join("sentences.sqlite3");
    let (first, _) = score(dir.path(), cache.path(), &[]);
    assert_eq!(first.lines().count(), 2, "{first}");
    let written = std::fs::metadata(&file).unwrap().len();
    assert!(written > 0);
    let (second, log) = score(dir.path(), cache.path(), &[]);
    assert!(first == second, "the second run's records differ");
    // Every sentence asked for was found (the log's numbers, RUST_LOG set by `score`).
    let line = log
        .lines()
        .find(|l| l.contains("on-disk sentence cache"))
        .unwrap_or_else(|| panic!("no cache line in {log}"));
    let number = |field: &str| {
        let at = line.find(&format!("{field}=")).unwrap() + field.len() + 1;
        line[at..]
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(number("asked"), number("found"), "{line}");
    assert_ne!(number("found"), "0", "{line}");

    // Another threshold: the same analyses, other flags.
    let (strict, _) = score(dir.path(), cache.path(), &["--promo-threshold", "0.9"]);
    let (strict_fresh, _) = score(
        dir.path(),
        cache.path(),
        &["--promo-threshold", "0.9", "--no-cache"],
    );
    assert!(strict == strict_fresh, "cached and fresh records differ");
    assert!(strict != first, "--promo-threshold 0.9 changed nothing");
}

#[test]
fn no_cache_leaves_no_file() {
    let (dir, cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (records, _) = score(dir.path(), cache.path(), &["--no-cache"]);
    assert_eq!(records.lines().count(), 2);
    assert_eq!(std::fs::read_dir(cache.path()).unwrap().count(), 0);
}

#[test]
fn a_damaged_cache_file_is_a_warning_and_the_run_goes_on() {
    let (dir, cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (fresh, _) = score(dir.path(), cache.path(), &["--no-cache"]);
    std::fs::write(
        cache.path().join("sentences.sqlite3"),
        b"not a database at all, but long enough to look like a header of one",
    )
    .unwrap();
    let (records, stderr) = score(dir.path(), cache.path(), &[]);
    assert!(records == fresh, "records differ with a damaged cache");
    assert!(stderr.contains("sentence cache"), "{stderr}");
}

#[test]
fn a_run_whose_sentence_cache_overflows_stores_what_it_wrote() {
    // 48 documents of about 1.3 KB (three chunks of 16) drawn from 30 sentences, and a
    // run's cache of 4 sentences: repeated sentences leave the run's cache while later
    // chunks take rows from the store. A later run, reading only the store, must write
    // the same records: each sentence keeps the one analysis the first run gave it.
    let (dir, cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let towns = [
        "Harbor City",
        "Lumen Bay",
        "Northfield",
        "Port Avery",
        "Eastmere",
    ];
    let pool: Vec<String> = (0..30)
        .map(|i| {
            let mut s = format!(
                "The council of {} voted {} to {} on the ferry budget after a debate \
                 that lasted {} hours, and the mayor promised a review of the costs",
                towns[i % 5],
                5 + i,
                i % 4,
                2 + i % 7
            );
            for _ in 0..i % 3 {
                s.push_str(", while residents asked why the terminal had cost twice its estimate");
            }
            s.push('.');
            s
        })
        .collect();
    let input = dir.path().join("docs.jsonl");
    let lines: Vec<String> = (0..48)
        .map(|j| {
            let text: Vec<&str> = (0..8)
                .map(|k| pool[(j * 7 + k * 11) % 30].as_str())
                .collect();
            serde_json::json!({"id": format!("d{j}"), "text": text.join(" ")}).to_string()
        })
        .collect();
    std::fs::write(&input, lines.join("\n")).unwrap();
    let config = dir.path().join("small.toml");
    std::fs::write(&config, "[embedding]\nsentence_cache = 4\n").unwrap();
    let run = |name: &str| {
        let out = dir.path().join(name);
        let status = common::command()
            .env("NEWSLENS_CACHE_DIR", cache.path())
            .args(["score", "-q", "--config", config.to_str().unwrap()])
            .args([input.to_str().unwrap(), "--out", out.to_str().unwrap()])
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::read_to_string(out).unwrap()
    };
    let first = run("first.jsonl");
    assert_eq!(first.lines().count(), 48);
    let second = run("second.jsonl");
    assert!(
        first == second,
        "the store's rows differ from what the first run wrote"
    );
}
