//! The bad-input matrix: each awkward input gets a clear answer, in one batch that
//! never stops. README's "Bad input" table lists the same outcomes.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::path::Path;

use newslens::record::Record;

mod common;

use common::newslens;

const ARTICLE: &str =
    "The council approved the budget on Monday. Councillor Ana Silva said work starts in April.";

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// One folder holding every case, scored in one run.
fn matrix(dir: &Path) {
    write(dir, "01-empty.txt", b"");
    write(dir, "02-whitespace.txt", b"  \n\t\r\n  ");
    write(dir, "03-binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    let mut invalid = ARTICLE.as_bytes().to_vec();
    invalid.extend_from_slice(b" Caf\xE9 owners objected.");
    write(dir, "04-invalid-utf8.txt", &invalid);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(ARTICLE.as_bytes());
    write(dir, "05-bom.txt", &bom);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(ARTICLE.encode_utf16().flat_map(|u| u.to_le_bytes()));
    write(dir, "06-utf16.txt", &utf16);
    // Just over the default 50 MiB limit.
    let big = "Word and word again. ".repeat(50 * 1024 * 1024 / 21 + 100);
    write(dir, "07-too-large.txt", big.as_bytes());
    write(
        dir,
        "08-long-paragraph.txt",
        "word ".repeat(40_000).as_bytes(),
    );
    let nested = format!(
        "<html><body>{}<p>Deep.</p></body></html>",
        "<div>".repeat(20_000)
    );
    write(dir, "09-deep.html", nested.as_bytes());
    write(
        dir,
        "10-boilerplate.txt",
        b"Share this article\n\nSubscribe to our newsletter\n\nRead more\n",
    );
    write(
        dir,
        "11-german.txt",
        "Die Bundesregierung hat am Dienstag eine neue Rentenreform angek\u{fc}ndigt, die im n\u{e4}chsten Monat dem Bundestag vorgelegt werden soll.".as_bytes(),
    );
    write(
        dir,
        "12-control.txt",
        format!("{ARTICLE}\u{7}\u{1b}[0m").as_bytes(),
    );
    write(dir, "13-crlf.txt", b"Council Votes\r\n\r\nThe council approved the budget on Monday.\r\nIt starts in April.\r\n");
    write(dir, "14-page.html", b"<html><body><nav>Home</nav><article><h1>Budget passes</h1><p>The council approved the budget on Monday.</p></article></body></html>");
}

#[test]
fn every_bad_input_gets_a_clear_answer_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    matrix(dir.path());
    let out = newslens(&["score", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "some inputs fail");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 14, "one line per input, none lost");
    let by_name: HashMap<String, &serde_json::Value> = lines
        .iter()
        .map(|l| {
            let id = l["id"].as_str().unwrap();
            (
                Path::new(id)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                l,
            )
        })
        .collect();
    let error = |name: &str| {
        by_name[name]["error"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let record = |name: &str| -> Record { serde_json::from_value(by_name[name].clone()).unwrap() };
    let warned =
        |name: &str, needle: &str| record(name).warnings.iter().any(|w| w.contains(needle));

    assert!(error("01-empty.txt").contains("input is empty"));
    assert!(error("02-whitespace.txt").contains("input is empty"));
    assert!(error("03-binary.txt").contains("binary"));
    assert!(warned("04-invalid-utf8.txt", "not valid UTF-8"));
    assert_eq!(
        record("05-bom.txt").paragraphs[0].start,
        0,
        "offsets count from after the BOM"
    );
    assert_eq!(record("06-utf16.txt").paragraphs[0].sentences.len(), 2);
    assert!(
        error("07-too-large.txt").contains("over the limit"),
        "{}",
        error("07-too-large.txt")
    );
    let long = record("08-long-paragraph.txt");
    assert!(long.paragraphs[0].sentences.len() >= 100);
    assert!(warned("08-long-paragraph.txt", "no sentence end"));
    assert!(
        error("09-deep.html").contains("nested"),
        "{}",
        error("09-deep.html")
    );
    assert!(
        error("10-boilerplate.txt").contains("no article text"),
        "{}",
        error("10-boilerplate.txt")
    );
    assert!(warned("11-german.txt", "German"));
    assert!(warned("12-control.txt", "control character"));
    let crlf = record("13-crlf.txt");
    assert_eq!(crlf.paragraphs.len(), 2);
    assert_eq!(
        crlf.paragraphs[0].end - crlf.paragraphs[0].start,
        "Council Votes".len()
    );
    let page = record("14-page.html");
    let extracted = page.extracted_text.as_deref().unwrap();
    assert_eq!(
        extracted,
        "# Budget passes\n\nThe council approved the budget on Monday."
    );
    assert_eq!(
        &extracted[page.paragraphs[1].start..page.paragraphs[1].end],
        "The council approved the budget on Monday."
    );
    assert!(record("04-invalid-utf8.txt").extracted_text.is_none());
}

#[test]
fn the_size_limit_is_configurable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, ARTICLE).unwrap();
    let out = newslens(&["summarize", path.to_str().unwrap(), "--max-bytes", "10"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("over the limit of 10 bytes"));
    let out = newslens(&["summarize", path.to_str().unwrap(), "--max-bytes", "1000"]);
    assert!(out.status.success());
}

#[test]
fn globs_choose_the_files_of_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("news")).unwrap();
    write(&dir.path().join("news"), "a.article", ARTICLE.as_bytes());
    write(dir.path(), "b.txt", ARTICLE.as_bytes());
    let out = newslens(&[
        "score",
        dir.path().to_str().unwrap(),
        "--glob",
        "news/*.article",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1);
    assert!(stdout.contains("a.article"));
}
