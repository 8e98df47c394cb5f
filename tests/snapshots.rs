//! Snapshots of what the commands print for the demo article, at `--precision f32
//! --threads 1` (exact arithmetic in one order, so the same on every run of a machine):
//! a change that alters any output shows here as a diff to review, and a change that
//! must not (a refactoring) shows that it did not. On another CPU libtorch may take other
//! kernels, whose floats differ in their last bits; so that those bits never decide, the
//! JSON record's numbers are rounded to 1 decimal (its labels, spans, texts and reasons
//! stay whole) and the CSV's to 2, as the other formats print them.
//!
//! After an intended change of output: `INSTA_UPDATE=always cargo test --release --test
//! snapshots`, then read the diff of `tests/snapshots/` before committing it.
#![allow(clippy::unwrap_used)]

mod common;

use common::newslens;

const DEMO: &str = "examples/harbor-lumen-partnership.txt";
const EXACT: [&str; 4] = ["--precision", "f32", "--threads", "1"];

fn run(command: &str, format: &str) -> String {
    let mut args = vec![command, DEMO, "--format", format];
    args.extend(EXACT);
    let out = newslens(&args);
    assert!(out.status.success(), "{}", common::stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

/// `value` with every number that is not an integer rounded to 1 decimal.
fn rounded(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            let x = n.as_f64().unwrap_or(0.0);
            serde_json::json!(format!("{x:.1}").replace("-0.0", "0.0"))
        }
        Value::Array(items) => Value::Array(items.into_iter().map(rounded).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, rounded(v))).collect())
        }
        other => other,
    }
}

#[test]
fn summarize_text() {
    insta::assert_snapshot!(run("summarize", "text"));
}

#[test]
fn summarize_markdown() {
    insta::assert_snapshot!(run("summarize", "markdown"));
}

#[test]
fn summarize_html() {
    insta::assert_snapshot!(run("summarize", "html"));
}

#[test]
fn summarize_json() {
    let record: serde_json::Value = serde_json::from_str(&run("summarize", "json")).unwrap();
    insta::assert_snapshot!(serde_json::to_string_pretty(&rounded(record)).unwrap());
}

/// `csv` with every field that is a decimal number rounded to 2 decimals.
fn coarse_csv(csv: &str) -> String {
    let field = |f: &str| match f.parse::<f64>() {
        Ok(x) if f.contains('.') => format!("{x:.2}").replace("-0.00", "0.00"),
        _ => f.to_string(),
    };
    csv.lines()
        .map(|line| line.split(',').map(field).collect::<Vec<_>>().join(","))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn score_csv() {
    insta::assert_snapshot!(coarse_csv(&run("score", "csv")));
}

#[test]
fn score_markdown() {
    insta::assert_snapshot!(run("score", "markdown"));
}
