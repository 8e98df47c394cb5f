//! What a careless user can type or point newslens at: endless inputs, link loops,
//! absurd numbers, settings with typos. Each gets a clear error (exit 2, one line) or
//! a bounded result, never a hang, a memory blow-up or a panic. README's "Bad input"
//! table lists the same rows.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write;
use std::path::Path;

use common::{newslens, stderr};
use newslens::ingest::{expand, IngestOptions, Input};

/// Exit 2 with an error that says `says`, no panic.
fn assert_error(out: &std::process::Output, says: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(says), "wanted {says:?} in: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// The same, in one line on stderr.
fn assert_clear_error(out: &std::process::Output, says: &str) {
    assert_error(out, says);
    let err = stderr(out);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn an_endless_device_stops_at_the_byte_limit() {
    let out = newslens(&["summarize", "/dev/zero", "--max-bytes", "1000000"]);
    assert_clear_error(&out, "over the limit of 1000000 bytes");
    // The default limit too (50 MiB of zeros, read and refused).
    let out = newslens(&["summarize", "/dev/zero"]);
    assert_clear_error(&out, "over the limit");
}

#[test]
fn a_fifo_that_never_ends_stops_at_the_byte_limit() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("endless.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut pipe = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
            let block = [b'a'; 4096];
            // Until the reader goes away.
            while pipe.write_all(&block).is_ok() {}
        })
    };
    let out = newslens(&["summarize", fifo.to_str().unwrap(), "--max-bytes", "200000"]);
    assert_clear_error(&out, "over the limit of 200000 bytes");
    writer.join().unwrap();
}

#[test]
fn a_jsonl_line_over_the_limit_is_an_error_for_that_line_only() {
    use newslens::ingest::JsonlReader;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dump.jsonl");
    let long = "word ".repeat(1000);
    std::fs::write(
        &path,
        format!(
            "{{\"id\": \"a\", \"text\": \"Short one.\"}}\n{{\"id\": \"b\", \"text\": \"{long}\"}}\n{{\"id\": \"c\", \"text\": \"Short two.\"}}\n"
        ),
    )
    .unwrap();
    let items: Vec<_> = JsonlReader::open(&path, 1000).unwrap().collect();
    assert_eq!(items.len(), 3);
    assert!(items[0].1.is_ok());
    let err = items[1].1.as_ref().err().unwrap().to_string();
    assert!(err.contains("over the limit of 1000 bytes"), "{err}");
    assert!(items[1].0.ends_with(":2"), "{}", items[1].0);
    assert_eq!(items[2].1.as_ref().unwrap().text, "Short two.");
    // A .jsonl that is a device ends at its first line over the limit.
    let zeros = dir.path().join("zeros.jsonl");
    std::os::unix::fs::symlink("/dev/zero", &zeros).unwrap();
    let items: Vec<_> = JsonlReader::open(&zeros, 1000).unwrap().collect();
    assert_eq!(items.len(), 1);
    assert!(items[0].1.is_err());
}

fn files(inputs: &[Input], top: &Path) -> Vec<String> {
    inputs
        .iter()
        .map(|input| match input {
            Input::File(p) | Input::Jsonl(p) => p.strip_prefix(top).unwrap().display().to_string(),
            Input::Stdin => "-".into(),
        })
        .collect()
}

#[test]
fn a_symlink_loop_yields_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let top = dir.path();
    std::fs::create_dir_all(top.join("a/b")).unwrap();
    std::fs::write(top.join("a/one.txt"), "One.").unwrap();
    std::fs::write(top.join("a/b/two.txt"), "Two.").unwrap();
    std::os::unix::fs::symlink("..", top.join("a/up")).unwrap();
    std::os::unix::fs::symlink("../..", top.join("a/b/top")).unwrap();
    std::os::unix::fs::symlink("one.txt", top.join("a/link.txt")).unwrap();
    std::os::unix::fs::symlink("missing.txt", top.join("a/broken.txt")).unwrap();
    let walk = |follow_links| {
        let options = IngestOptions {
            follow_links,
            ..IngestOptions::default()
        };
        files(&expand(&[top.to_path_buf()], &options).unwrap(), top)
    };
    // By default linked folders are not entered; a linked file is a file.
    assert_eq!(walk(false), ["a/b/two.txt", "a/link.txt", "a/one.txt"]);
    // Followed, each real folder is walked once: the loops end.
    assert_eq!(walk(true), ["a/b/two.txt", "a/link.txt", "a/one.txt"]);
}

#[test]
fn absurd_numbers_are_range_errors_from_the_command_line() {
    for (args, says) in [
        (vec!["--threads", "2147483648"], "--threads"),
        (vec!["--threads", "0"], "--threads"),
        (vec!["--jobs", "0", "--out", "x.jsonl"], "--jobs"),
        (vec!["--jobs", "100000", "--out", "x.jsonl"], "--jobs"),
    ] {
        let mut all = vec!["score", "README.md"];
        all.extend(args.iter().copied());
        let out = newslens(&all);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{all:?}: {err}");
        assert!(
            err.contains(says) && err.contains("is not in"),
            "{all:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn settings_with_a_typo_or_out_of_range_are_errors_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("newslens.toml");
    let run = |toml: &str, extra: &[&str]| {
        std::fs::write(&config, toml).unwrap();
        let mut args = vec![
            "summarize",
            "/dev/null",
            "--config",
            config.to_str().unwrap(),
        ];
        args.extend(extra);
        newslens(&args)
    };
    for table in [
        "summary",
        "promotional",
        "repetition",
        "lexicon",
        "embedding",
    ] {
        // TOML's own report: the file, the line, the key, and the keys there are.
        let out = run(&format!("[{table}]\ntreshold = 0.1\n"), &[]);
        assert_error(&out, "unknown field `treshold`");
    }
    let out = run("[promotional]\nthreshold = 7\n", &[]);
    assert_clear_error(&out, "[promotional] threshold = 7 is out of range");
    // Flags go through the same checks.
    let out = run("", &["--promo-threshold", "7"]);
    assert_clear_error(&out, "--promo-threshold");
    let out = run("", &["--sentences", "0"]);
    assert_clear_error(&out, "[summary] sentences = 0");
    let out = run("", &["--beams", "100000"]);
    assert_clear_error(&out, "[abstractive] beams = 100000");
    // A settings "file" with no end is read up to a limit, not forever.
    let out = newslens(&["summarize", "/dev/null", "--config", "/dev/zero"]);
    assert_clear_error(&out, "larger than");
}
