//! Crash safety: a real `newslens score` run is killed with SIGKILL part-way, a torn
//! half line is left at the end of its output, and `--resume` must finish the job
//! with every input id exactly once, in input order.
#![allow(clippy::unwrap_used)]

use std::process::Stdio;
use std::time::{Duration, Instant};

mod common;

const DOCUMENTS: usize = 60;

#[test]
fn a_killed_batch_resumes_to_every_id_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("articles");
    std::fs::create_dir(&inputs).unwrap();
    let mut ids = Vec::new();
    for i in 0..DOCUMENTS {
        let path = inputs.join(format!("{i:03}.txt"));
        let text = format!(
            "Council Report {i}\n\nThe council met on day {i} and approved item {i}. Councillor Ana Silva said the vote was {i} to 2.\n"
        );
        std::fs::write(&path, text).unwrap();
        ids.push(path.display().to_string());
    }
    let out = dir.path().join("out.jsonl");
    let mut child = common::command()
        .args([
            "score",
            inputs.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once a few records are out (or when it is done, on a very fast machine).
    let started = Instant::now();
    loop {
        let lines = std::fs::read_to_string(&out).map_or(0, |t| t.lines().count());
        if lines >= 5
            || started.elapsed() > Duration::from_secs(120)
            || child.try_wait().unwrap().is_some()
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().ok();
    child.wait().unwrap();
    let before = std::fs::read_to_string(&out).unwrap();
    let complete_before = before.matches('\n').count();
    // A write cut short by the crash: half a record with no newline.
    std::fs::write(
        &out,
        format!("{before}{{\"id\": \"{}\", \"summ", ids[DOCUMENTS - 1]),
    )
    .unwrap();

    let resumed = common::command()
        .args([
            "score",
            inputs.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--resume",
        ])
        .output()
        .unwrap();
    assert!(
        resumed.status.success(),
        "{}",
        String::from_utf8_lossy(&resumed.stderr)
    );
    let stderr = String::from_utf8_lossy(&resumed.stderr);
    assert!(stderr.contains("cut off a torn last line"), "{stderr}");

    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.ends_with('\n'));
    let got: Vec<String> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(got, ids, "every id exactly once, in input order");
    assert!(
        text.starts_with(&before[..before.rfind('\n').map_or(0, |i| i + 1)]),
        "kept what was there"
    );
    eprintln!("killed after {complete_before} of {DOCUMENTS} records");
}
