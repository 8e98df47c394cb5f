//! Drives the real binary the way a user does and checks what they see.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Output, Stdio};

use newslens::document::{BlockKind, FlagKind, RepetitionKind};
use newslens::record::{ErrorRecord, Record};

mod common;

use common::{newslens, newslens_stdin, repo, stderr};

/// The `id` of every JSONL line, sorted.
fn sorted_ids(jsonl: &[u8]) -> Vec<String> {
    let mut ids: Vec<String> = String::from_utf8_lossy(jsonl)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    ids.sort();
    ids
}

/// Checks what the record promises: every offset slices the original text.
fn check_offsets(record: &Record, text: &str) {
    for s in &record.summary.sentences {
        assert_eq!(&text[s.start..s.end], s.text);
    }
    for p in &record.paragraphs {
        assert!(text
            .get(p.start..p.end)
            .is_some_and(|t| !t.trim().is_empty()));
        for s in &p.sentences {
            assert!(p.start <= s.start && s.end <= p.end);
            assert!(text.get(s.start..s.end).is_some());
        }
    }
    for f in &record.flags {
        assert!(text.get(f.span.start..f.span.end).is_some());
        assert!((0.0..=1.0).contains(&f.score), "{f:?}");
        assert!(!f.reasons.is_empty());
        if let Some(r) = f.repeats {
            assert!(text.get(r.start..r.end).is_some() && r.start < f.span.start);
        }
    }
}

const EXAMPLE: &str = "examples/harbor-lumen-partnership.txt";

#[test]
fn summarize_json_is_a_complete_record_of_the_example_article() {
    let out = newslens(&["summarize", EXAMPLE, "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let record: Record = serde_json::from_slice(&out.stdout).unwrap();
    let text = std::fs::read_to_string(repo().join(EXAMPLE)).unwrap();
    check_offsets(&record, &text);
    assert_eq!(record.id, EXAMPLE);

    let kinds: Vec<BlockKind> = record.paragraphs.iter().map(|p| p.kind).collect();
    assert_eq!(kinds[0], BlockKind::Heading);
    assert_eq!(
        kinds.iter().filter(|&&k| k == BlockKind::ListItem).count(),
        3
    );
    assert_eq!(
        kinds.iter().filter(|&&k| k == BlockKind::TableRow).count(),
        4
    );
    assert!(record
        .paragraphs
        .iter()
        .all(|p| p.sentiment.probabilities.is_some()));

    // The puffery paragraph is flagged as promotional, the factual budget one is not.
    let flagged = |kind: FlagKind, needle: &str| {
        record
            .flags
            .iter()
            .any(|f| f.kind == kind && text[f.span.start..f.span.end].contains(needle))
    };
    assert!(flagged(FlagKind::Promotional, "serves as a blueprint"));
    assert!(flagged(FlagKind::Promotional, "rich tapestry"));
    assert!(!flagged(FlagKind::Promotional, "estimated at $1.2 million"));

    // The restated signing ceremony points back at its first telling.
    let restatement = record
        .flags
        .iter()
        .find(|f| {
            f.kind == FlagKind::Repetitive
                && text[f.span.start..].starts_with("At Tuesday's signing")
        })
        .expect("restatement flagged");
    let original = restatement.repeats.unwrap();
    assert!(text[original.start..original.end].starts_with("At a signing ceremony on Tuesday"));

    // A summary of 1..=3 sentences that never says the same thing twice.
    let summary = &record.summary.sentences;
    assert!((1..=3).contains(&summary.len()), "{summary:?}");
    let ceremony = summary
        .iter()
        .filter(|s| s.text.contains("signing ceremony"))
        .count();
    assert!(ceremony <= 1, "{summary:?}");
    assert!(summary.windows(2).all(|w| w[0].start < w[1].start));
    assert_no_promotional_sentence_in_summary(&record);
}

/// No summary sentence lies inside a promotional flag.
fn assert_no_promotional_sentence_in_summary(record: &Record) {
    for s in &record.summary.sentences {
        let flagged = record.flags.iter().any(|f| {
            f.kind == FlagKind::Promotional && f.span.start <= s.start && s.end <= f.span.end
        });
        assert!(
            !flagged,
            "flagged promotional sentence in the summary: {:?}",
            s.text
        );
    }
}

#[test]
fn text_and_markdown_reports_show_summary_paragraphs_and_flags() {
    let text = newslens(&["summarize", EXAMPLE]);
    assert!(text.status.success(), "{}", stderr(&text));
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Overall sentiment: "));
    assert!(text.contains("\nSummary (extractive)\n"));
    assert!(text.contains("list_item"));
    assert!(text.contains("peacock term 'unwavering'"));
    assert!(text.contains("restates an earlier sentence"));

    let md = newslens(&[
        "summarize",
        EXAMPLE,
        "--format",
        "markdown",
        "--sentences",
        "2",
    ]);
    assert!(md.status.success(), "{}", stderr(&md));
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.starts_with("# examples/harbor-lumen-partnership.txt\n"));
    assert_eq!(md.matches("\n> ").count(), 2, "{md}");
    assert!(md.contains("| 1 | heading |"));
}

#[test]
fn stdin_input_works() {
    let out = newslens_stdin(
        &["summarize", "-", "--format", "json"],
        b"The museum reopened on Friday after a two-year renovation costing $12 million. Director Lena Park said visitor numbers had doubled.",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let record: Record = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record.id, "stdin");
    assert_eq!(record.summary.sentences.len(), 1);
    assert!(record.flags.is_empty(), "{:?}", record.flags);
}

fn assert_one_line_error(out: &Output, needle: &str) {
    assert_eq!(out.status.code(), Some(2), "{}", stderr(out));
    let err = stderr(out);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.starts_with("newslens: ") && err.contains(needle),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn empty_binary_and_missing_inputs_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, " \n\n ").unwrap();
    assert_one_line_error(
        &newslens(&["summarize", empty.to_str().unwrap()]),
        "input is empty",
    );
    assert_one_line_error(&newslens_stdin(&["summarize", "-"], b""), "input is empty");
    assert_one_line_error(&newslens(&["summarize", "tests/data/binary.bin"]), "binary");
    assert_one_line_error(
        &newslens(&["summarize", "no/such/file.txt"]),
        "no/such/file.txt",
    );
}

#[test]
fn a_missing_model_is_a_one_line_error_with_the_install_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = newslens(&[
        "summarize",
        EXAMPLE,
        "--models-dir",
        dir.path().to_str().unwrap(),
    ]);
    assert_one_line_error(&out, "is not installed");
    assert!(stderr(&out).contains(&format!("bash {}", repo().join("scripts/setup").display())));
}

fn jsonl(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn score_a_folder_in_order_and_go_on_past_a_bad_file() {
    let out = newslens(&["score", "tests/data/batch"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "one file is binary: {}",
        stderr(&out)
    );
    let lines = jsonl(&out.stdout);
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        vec![
            "tests/data/batch/a-council.txt",
            "tests/data/batch/b-festival.md",
            "tests/data/batch/c-broken.txt"
        ]
    );
    let first: Record = serde_json::from_value(lines[0].clone()).unwrap();
    assert_eq!(first.source.as_deref(), Some("batch"));
    assert!(first.flags.is_empty(), "{:?}", first.flags);
    let second: Record = serde_json::from_value(lines[1].clone()).unwrap();
    assert!(second.flags.iter().any(|f| f.kind == FlagKind::Promotional));
    let broken: ErrorRecord = serde_json::from_value(lines[2].clone()).unwrap();
    assert!(broken.error.contains("binary"), "{}", broken.error);
    assert!(stderr(&out).contains("c-broken.txt"));
}

#[test]
fn score_a_jsonl_dump_into_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.jsonl");
    let out = newslens(&[
        "score",
        "tests/data/articles.jsonl",
        "--out",
        target.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "one record is empty: {}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
    let lines = jsonl(&std::fs::read(&target).unwrap());
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["wire-1", "blog-1", "empty-1", "42"]);
    assert_eq!(lines[0]["source"], "wire");
    assert_eq!(lines[1]["title"], "Amazing");
    assert!(lines[2]["error"].as_str().unwrap().contains("empty"));
    let wire: Record = serde_json::from_value(lines[0].clone()).unwrap();
    let blog: Record = serde_json::from_value(lines[1].clone()).unwrap();
    assert!(
        blog.sentiment.score > wire.sentiment.score,
        "{:?} vs {:?}",
        blog.sentiment,
        wire.sentiment
    );
    assert!(blog.flags.iter().any(|f| f.kind == FlagKind::Promotional));
    // Nothing is left behind but the output.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

/// The archetype input from the shared data (never copied into the repository).
#[test]
fn the_archetype_article_is_summarized_and_flagged() {
    let path = newslens::eval::data_dir().join("examples/everlasting-friendship.txt");
    if !Path::new(&path).exists() {
        eprintln!("skipped: {} not found (set NEWSLENS_DATA)", path.display());
        return;
    }
    let out = newslens(&["summarize", path.to_str().unwrap(), "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let record: Record = serde_json::from_slice(&out.stdout).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    check_offsets(&record, &text);
    let promotional = record
        .flags
        .iter()
        .filter(|f| f.kind == FlagKind::Promotional)
        .count();
    let repetitive = record
        .flags
        .iter()
        .filter(|f| f.kind == FlagKind::Repetitive)
        .count();
    assert!(promotional >= 5, "{promotional}");
    assert!(repetitive >= 2, "{repetitive}");
    let flags_on = |kind: FlagKind, start: usize, end: usize| {
        record
            .flags
            .iter()
            .filter(move |f| f.kind == kind && f.span.start < end && start < f.span.end)
    };
    // The flowery closing paragraphs are promotional.
    for needle in [
        "illustrious history",
        "captivating tale of camaraderie",
        "beacon of stability",
        "bid adieu",
        // The issue's (#22) sentence that is puffery by its words alone.
        "It is a tapestry that depicts",
    ] {
        let at = text.find(needle).unwrap();
        assert!(
            flags_on(FlagKind::Promotional, at, at + needle.len())
                .next()
                .is_some(),
            "{needle} is not flagged promotional"
        );
    }
    // The tone reason quotes the words that carry it most, taken from the flagged
    // sentence (as cleaned: typographic quotes folded to ASCII).
    let cleaned = |s: &str| s.replace(['“', '”'], "\"").replace(['‘', '’'], "'");
    let mut quoted = 0;
    for flag in record
        .flags
        .iter()
        .filter(|f| f.kind == FlagKind::Promotional)
    {
        for reason in &flag.reasons {
            if let Some(rest) = reason.strip_prefix("reads like promotional copy, most of all '") {
                let words = &rest[..rest.rfind("' (tone").unwrap()];
                assert!(
                    cleaned(&text[flag.span.start..flag.span.end]).contains(words),
                    "{words:?} is not in the flagged sentence"
                );
                quoted += 1;
            }
        }
    }
    assert!(quoted >= 5, "{quoted} flags quote their peak");
    // The bullet items that name areas of cooperation are not: no list item's first
    // sentence is flagged.
    for item in record
        .paragraphs
        .iter()
        .filter(|p| p.kind == BlockKind::ListItem)
    {
        let first = &item.sentences[0];
        assert!(
            flags_on(FlagKind::Promotional, first.start, first.end)
                .next()
                .is_none(),
            "{}",
            &text[first.start..first.end]
        );
    }
    // Every paragraph has a promotional score: the paragraphs holding the flowery
    // closing phrases score above every bullet item.
    let paragraph_with = |needle: &str| {
        let at = text.find(needle).unwrap();
        record
            .paragraphs
            .iter()
            .find(|p| p.start <= at && at < p.end)
            .unwrap()
    };
    let flowery = ["illustrious history", "captivating tale of camaraderie"]
        .map(|needle| paragraph_with(needle).promotional);
    let bullets = record
        .paragraphs
        .iter()
        .filter(|p| p.kind == BlockKind::ListItem)
        .map(|p| p.promotional)
        .fold(0.0f32, f32::max);
    assert!(
        flowery.iter().all(|&score| score > bullets),
        "{flowery:?} vs bullets up to {bullets}"
    );
    // The meeting with Moscow's top lawmaker is told three times; the second and third
    // tellings are restatements pointing at the first.
    let tellings: Vec<usize> = text
        .match_indices("recent meeting with Moscow’s top lawmaker")
        .map(|(at, _)| at)
        .collect();
    assert_eq!(tellings.len(), 3);
    for &at in &tellings[1..] {
        let restatement = flags_on(FlagKind::Repetitive, at, at + 1)
            .find(|f| f.subkind == Some(RepetitionKind::Restatement))
            .unwrap_or_else(|| panic!("the telling at byte {at} is not flagged"));
        let first = restatement.repeats.unwrap();
        assert!(
            first.start <= tellings[0] && tellings[0] < first.end,
            "{first:?}"
        );
    }
    assert!(record
        .paragraphs
        .iter()
        .any(|p| p.kind == BlockKind::TableRow));
    // The "Moscow's top lawmaker" meeting is told three times; the summary tells it once.
    let told = record
        .summary
        .sentences
        .iter()
        .filter(|s| s.text.contains("top lawmaker"))
        .count();
    assert!(told <= 1, "{:?}", record.summary.sentences);
    assert_no_promotional_sentence_in_summary(&record);
    // Who, what and the areas of cooperation; no two summary sentences restate each other.
    let summary = &record.summary.text;
    for needle in [
        "Xi Jinping",
        "state visit",
        "top lawmaker",
        "everlasting",
        "economic",
    ] {
        assert!(summary.contains(needle), "{needle} missing from {summary}");
    }
    let texts: Vec<&str> = record
        .summary
        .sentences
        .iter()
        .map(|s| s.text.as_str())
        .collect();
    let vectors = newslens::models::Embedder::load(None)
        .unwrap()
        .embed(&texts)
        .unwrap();
    for (i, a) in vectors.iter().enumerate() {
        for b in &vectors[i + 1..] {
            assert!(newslens::models::cosine(a, b) < 0.8, "{texts:?}");
        }
    }
}

#[test]
fn score_writes_csv_and_markdown_rows() {
    let out = newslens(&["score", "tests/data/batch", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2), "one file is binary");
    let csv = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[0].starts_with("id,source,title,sentiment,score,promotional_share"));
    assert!(
        lines[0].ends_with(",summary,entities,warnings,error"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("tests/data/batch/a-council.txt,batch,,"));
    // The festival piece is mostly puffery: a large promotional share.
    let festival: Vec<&str> = lines[2].split(',').collect();
    assert!(festival[5].parse::<f32>().unwrap() > 0.5, "{}", lines[2]);
    assert!(lines[3].ends_with(",input is binary (it has a NUL byte in its first 8 KiB)"));

    let out = newslens(&["score", "tests/data/articles.jsonl", "--format", "markdown"]);
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.starts_with("| id | source | sentiment | promotional | repetitive | summary |\n|---|")
    );
    assert!(
        md.contains("| empty-1 | | | | | error: input is empty |"),
        "{md}"
    );
    assert_eq!(md.lines().count(), 6);

    let out = newslens(&[
        "score",
        "tests/data/batch",
        "--format",
        "csv",
        "--out",
        "/tmp/x.csv",
        "--resume",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--resume works with --format jsonl only")
    );
}

/// Two shards of the same inputs hold every document exactly once between them, and
/// `merge` joins them into one file with every id once.
#[test]
fn shards_split_a_batch_and_merge_joins_them() {
    let dir = tempfile::tempdir().unwrap();
    let part = |k: usize| dir.path().join(format!("part{k}.jsonl"));
    let ids_in = |path: &Path| sorted_ids(&std::fs::read(path).unwrap());
    for k in 1..=2 {
        let out = newslens(&[
            "score",
            "tests/data/articles.jsonl",
            "tests/data/batch",
            "--shard",
            &format!("{k}/2"),
            "--out",
            part(k).to_str().unwrap(),
            "-q",
        ]);
        assert!(out.status.code().is_some(), "{}", stderr(&out));
        assert!(
            stderr(&out).lines().all(|l| !l.contains(": input")),
            "-q: {}",
            stderr(&out)
        );
    }
    let merged = dir.path().join("all.jsonl");
    let out = newslens(&[
        "merge",
        part(1).to_str().unwrap(),
        part(2).to_str().unwrap(),
        "--out",
        merged.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (a, b) = (ids_in(&part(1)), ids_in(&part(2)));
    assert!(!a.is_empty() && !b.is_empty(), "{a:?} {b:?}");
    assert!(a.iter().all(|id| !b.contains(id)));
    let all = ids_in(&merged);
    let unsharded = newslens(&["score", "tests/data/articles.jsonl", "tests/data/batch"]);
    let expected = sorted_ids(&unsharded.stdout);
    assert_eq!(all, expected);
    let out = newslens(&["score", "tests/data/articles.jsonl", "--shard", "3/2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("K/N"), "{}", stderr(&out));
}

/// `compare` groups documents and reports per group; it takes articles (and runs the
/// model) or `score` output (and does not), with the same result.
#[test]
fn compare_groups_by_source_from_articles_or_scored_records() {
    let dir = tempfile::tempdir().unwrap();
    let scored = dir.path().join("scored.jsonl");
    let out = newslens(&[
        "score",
        "tests/data/articles.jsonl",
        "--out",
        scored.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "one record is empty");
    let from_records = newslens(&["compare", scored.to_str().unwrap(), "--format", "json"]);
    assert!(from_records.status.success(), "{}", stderr(&from_records));
    let c: serde_json::Value = serde_json::from_slice(&from_records.stdout).unwrap();
    let groups = c["groups"].as_array().unwrap();
    let names: Vec<&str> = groups
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["blog", "wire"]);
    let blog = &groups[0];
    assert_eq!(blog["documents"], 1);
    assert!(blog["promotional_share"].as_f64().unwrap() > 0.3, "{blog}");
    let promotional = |g: &serde_json::Value| g["mean_promotional"].as_f64().unwrap();
    assert!(promotional(blog) > promotional(&groups[1]), "{c}");
    // The blog's cues, most frequent first (ties alphabetically), all from its text.
    let blog_text = "this incredible, world-class product is a testament to our unwavering \
                     commitment to excellence. it is truly the finest ever made.";
    let cues = blog["top_cues"].as_array().unwrap();
    assert_eq!(cues.len(), 5, "{blog}");
    assert!(
        cues.iter()
            .all(|c| blog_text.contains(c[0].as_str().unwrap())),
        "{blog}"
    );
    let wire = &groups[1];
    assert_eq!(wire["documents"], 2);
    let (low, high) = (
        wire["sentiment_ci"]["low"].as_f64().unwrap(),
        wire["sentiment_ci"]["high"].as_f64().unwrap(),
    );
    let mean = wire["mean_sentiment"].as_f64().unwrap();
    assert!(low <= mean && mean <= high, "{wire}");

    let from_articles = newslens(&["compare", "tests/data/articles.jsonl", "--format", "json"]);
    assert_eq!(
        from_articles.status.code(),
        Some(2),
        "the empty record fails"
    );
    let d: serde_json::Value = serde_json::from_slice(&from_articles.stdout).unwrap();
    assert_eq!(c["groups"], d["groups"]);

    let text = newslens(&["compare", scored.to_str().unwrap()]);
    let table = String::from_utf8(text.stdout).unwrap();
    assert!(table.starts_with("source"), "{table}");
    assert!(
        table.contains("sentiment [95% CI]") && table.contains("a testament to (1)"),
        "{table}"
    );
    let csv = newslens(&[
        "compare",
        scored.to_str().unwrap(),
        "--format",
        "csv",
        "--by",
        "title",
    ]);
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(
        csv.starts_with("group,documents,mean_sentiment,ci_low,ci_high"),
        "{csv}"
    );
    assert!(
        csv.contains("\nAmazing,1,") && csv.contains("\n(none),2,"),
        "{csv}"
    );
}

/// Article text, ids, titles and source names are hostile input: the HTML reports
/// escape all of them, load nothing from outside, and carry no script of their own.
#[test]
fn html_reports_escape_hostile_text_and_load_nothing() {
    let out = newslens(&[
        "compare",
        "tests/data/hostile.jsonl",
        "--format",
        "html",
        "-q",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = String::from_utf8(out.stdout).unwrap();
    let summarize = newslens(&["summarize", EXAMPLE, "--format", "html"]);
    assert!(summarize.status.success(), "{}", stderr(&summarize));
    let single = String::from_utf8(summarize.stdout).unwrap();
    for page in [&html, &single] {
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(
            page.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'")
        );
        let lower = page.to_lowercase();
        for forbidden in [
            "<script",
            "<img",
            "src=\"http",
            "href=\"http",
            "<link",
            "@import",
        ] {
            assert!(!lower.contains(forbidden), "{forbidden} in the page");
        }
        assert_eq!(
            lower.matches("</style>").count(),
            1,
            "only the page's own style block"
        );
        assert!(page.contains("<svg"), "charts are inline SVG");
    }
    // The hostile strings are there, as text.
    assert!(html.contains("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&lt;/style&gt;&lt;script&gt;"));
    // Flagged passages are highlighted with their reasons.
    assert!(
        html.contains("<mark class=\"promotional\" title=\""),
        "{html}"
    );
    assert!(single.contains("<mark class=\"promotional\""));
}

#[test]
fn completions_man_page_threads_and_the_config_search_order() {
    let out = newslens(&["completions", "bash"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("newslens"));
    let out = newslens(&["man"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with(".ie \\n(.g .ds Aq"));
    assert!(String::from_utf8_lossy(&out.stdout).contains(".TH newslens"));
    // $NEWSLENS_CONFIG is read when --config is not given; --config wins over it.
    let dir = tempfile::tempdir().unwrap();
    let two = dir.path().join("two.toml");
    std::fs::write(&two, "[summary]\nsentences = 2\n").unwrap();
    let one = dir.path().join("one.toml");
    std::fs::write(&one, "[summary]\nsentences = 1\n").unwrap();
    let summary_len = |args: &[&str], env: Option<&Path>| {
        let mut command = common::command();
        command.args(args).current_dir(repo()).stdin(Stdio::null());
        if let Some(path) = env {
            command.env("NEWSLENS_CONFIG", path);
        }
        let out = command.output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let record: Record = serde_json::from_slice(&out.stdout).unwrap();
        record.summary.sentences.len()
    };
    let base = ["summarize", EXAMPLE, "--format", "json", "--threads", "1"];
    assert_eq!(summary_len(&base, Some(&two)), 2);
    let with_config = [&base[..], &["--config", one.to_str().unwrap()]].concat();
    assert_eq!(summary_len(&with_config, Some(&two)), 1);
    let out = newslens(&["summarize", EXAMPLE, "--threads", "0"]);
    assert_eq!(out.status.code(), Some(2));
    // Thresholds as flags: a restatement cut of 1.0 leaves only the word-overlap rule.
    let repetitive = |extra: &[&str]| {
        let out = newslens(&[&["summarize", EXAMPLE, "--format", "json"], extra].concat());
        assert!(out.status.success(), "{}", stderr(&out));
        let record: Record = serde_json::from_slice(&out.stdout).unwrap();
        record
            .flags
            .iter()
            .filter(|f| f.kind == FlagKind::Repetitive)
            .count()
    };
    assert!(repetitive(&["--repeat-cosine", "0.5"]) > repetitive(&["--repeat-cosine", "1.0"]));
    let out = newslens(&["summarize", EXAMPLE, "--repeat-cosine", "2"]);
    assert_eq!(out.status.code(), Some(2));
}

/// The terminal report: colour only when asked or on a terminal without NO_COLOR;
/// piped, flagged passages are bracketed with their flag numbers.
#[test]
fn the_text_report_colours_on_request_and_stays_readable_when_piped() {
    let plain = newslens(&["summarize", EXAMPLE]);
    let plain = String::from_utf8(plain.stdout).unwrap();
    assert!(!plain.contains('\x1b'), "no escapes when piped");
    // One symbol per block: + positive, - negative, · neutral.
    let strip = plain
        .lines()
        .find_map(|l| l.strip_prefix("Tone by paragraph: "))
        .unwrap_or_else(|| panic!("{plain}"));
    assert_eq!(strip.chars().count(), 17, "{strip}");
    assert!(
        strip.chars().all(|c| matches!(c, '+' | '-' | '·')),
        "{strip}"
    );
    // The demo's positive puffery and its neutral reporting (it has no negative paragraph).
    assert!(strip.contains('+') && strip.contains('·'), "{strip}");
    assert!(
        plain.contains("[As we bid farewell to this inspiring chapter"),
        "{plain}"
    );
    let coloured = newslens(&["summarize", EXAMPLE, "--color", "always"]);
    let coloured = String::from_utf8(coloured.stdout).unwrap();
    assert!(
        coloured.contains("\x1b[30;43mAs we bid farewell"),
        "{coloured}"
    );
    let never = newslens(&["summarize", EXAMPLE, "--color", "never"]);
    assert_eq!(String::from_utf8(never.stdout).unwrap(), plain);
}

#[test]
fn logs_go_to_stderr_only_when_rust_log_asks() {
    let run = |log: Option<&str>| {
        let mut command = common::command();
        command
            .args(["score", "tests/data/articles.jsonl"])
            .current_dir(repo())
            .stdin(Stdio::null());
        if let Some(filter) = log {
            command.env("RUST_LOG", filter);
        } else {
            command.env_remove("RUST_LOG");
        }
        command.output().unwrap()
    };
    let quiet = run(None);
    let logged = run(Some("newslens=debug"));
    assert_eq!(quiet.stdout, logged.stdout, "logs never reach the data");
    assert!(!stderr(&quiet).contains("pipeline loaded"));
    assert!(
        stderr(&logged).contains("pipeline loaded"),
        "{}",
        stderr(&logged)
    );
    assert!(stderr(&logged).contains("stage done"));
}

#[test]
fn jobs_score_in_child_processes_and_merge_every_document_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all.jsonl");
    let run = newslens(&[
        "score",
        "tests/data/articles.jsonl",
        "tests/data/batch",
        "--jobs",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        run.status.code(),
        Some(2),
        "two inputs are bad: {}",
        stderr(&run)
    );
    let single = newslens(&["score", "tests/data/articles.jsonl", "tests/data/batch"]);
    assert_eq!(
        sorted_ids(&std::fs::read(&out).unwrap()),
        sorted_ids(&single.stdout)
    );
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "the parts are removed after the merge");
    let out = newslens(&["score", "tests/data/articles.jsonl", "--jobs", "2"]);
    assert_eq!(out.status.code(), Some(2), "--jobs needs --out");
}

/// A syndicated copy in a batch points at the first telling with `duplicate_of`;
/// distinct articles do not.
#[test]
fn score_marks_near_duplicate_documents() {
    let dir = tempfile::tempdir().unwrap();
    let original: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(repo().join("tests/data/articles.jsonl"))
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let text = original["text"].as_str().unwrap();
    let copy = serde_json::json!({"id": "copy", "text": format!("{text} (Reuters)")});
    let dump = dir.path().join("copies.jsonl");
    std::fs::write(&dump, format!("{copy}\n")).unwrap();
    let out = newslens(&["score", "tests/data/articles.jsonl", dump.to_str().unwrap()]);
    let records: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let marked: Vec<(&str, &str)> = records
        .iter()
        .filter(|r| !r["duplicate_of"].is_null())
        .map(|r| {
            (
                r["id"].as_str().unwrap(),
                r["duplicate_of"]["id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(marked, [("copy", "wire-1")]);
    let record: Record = serde_json::from_value(records.last().unwrap().clone()).unwrap();
    assert!(record.duplicate_of.unwrap().similarity >= 0.8);
}

/// `[promotional] tone_examples` replaces the built-in tone direction with one computed
/// at load from the user's pairs: with the sides swapped, the demo article's puffery no
/// longer "reads like promotional copy"; a missing file is an error that names it.
#[test]
fn tone_examples_from_the_settings_file_replace_the_built_in_direction() {
    let text =
        std::fs::read_to_string(repo().join("examples/harbor-lumen-partnership.txt")).unwrap();
    let puffery = text
        .find("The success of this remarkable partnership")
        .unwrap();
    // Where the flags that cite the tone start.
    let tone_flags = |args: &[&str]| -> Vec<usize> {
        let out = newslens(
            &[
                &[
                    "summarize",
                    "examples/harbor-lumen-partnership.txt",
                    "--format",
                    "json",
                ],
                args,
            ]
            .concat(),
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let record: Record = serde_json::from_slice(&out.stdout).unwrap();
        record
            .flags
            .iter()
            .filter(|f| {
                f.reasons
                    .iter()
                    .any(|r| r.starts_with("reads like promotional copy"))
            })
            .map(|f| f.span.start)
            .collect()
    };
    assert!(tone_flags(&[]).contains(&puffery));

    let dir = tempfile::tempdir().unwrap();
    let swapped: String = newslens::flags::tone::EXAMPLES
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(factual, promotional)| format!("{promotional}\t{factual}\n"))
        .collect();
    let pairs = dir.path().join("pairs.tsv");
    std::fs::write(&pairs, swapped).unwrap();
    let config = dir.path().join("settings.toml");
    let setting = |path: &Path| format!("[promotional]\ntone_examples = {:?}\n", path);
    std::fs::write(&config, setting(&pairs)).unwrap();
    let swapped = tone_flags(&["--config", config.to_str().unwrap()]);
    assert!(!swapped.contains(&puffery), "{swapped:?}");

    let missing = dir.path().join("missing.tsv");
    std::fs::write(&config, setting(&missing)).unwrap();
    let out = newslens(&[
        "summarize",
        "examples/harbor-lumen-partnership.txt",
        "--config",
        config.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("tone examples") && stderr(&out).contains("missing.tsv"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn saved_web_pages_carry_their_metadata_and_compare_by_site_and_author() {
    let dir = tempfile::tempdir().unwrap();
    let story = "<p>The harbour authority approved a new schedule on Tuesday, cutting the average \
                 wait for container ships from 31 hours to 19, according to figures released by \
                 the port.</p><p>Shipping companies had complained for months that the queue was \
                 costing them fuel, crew time and contracts, the authority said.</p>";
    for (name, site, author, date) in [
        ("a.html", "Harbor Times", "Jo Smith", "2024-05-07"),
        ("b.html", "Lumen Post", "Ann Lee", "2024-05-08"),
    ] {
        let page = format!(
            r#"<!DOCTYPE html><html lang="en"><head><title>Port cuts waiting times for ships | {site}</title>
            <meta property="og:site_name" content="{site}"><meta name="author" content="{author}">
            <meta property="article:published_time" content="{date}T08:00:00Z"></head>
            <body><article><h1>Port cuts waiting times for ships</h1>{story}</article></body></html>"#
        );
        std::fs::write(dir.path().join(name), page).unwrap();
    }
    let a = dir.path().join("a.html");
    let out = newslens(&["summarize", a.to_str().unwrap(), "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let record: Record = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        record.title.as_deref(),
        Some("Port cuts waiting times for ships")
    );
    assert_eq!(record.site.as_deref(), Some("Harbor Times"));
    assert_eq!(record.author.as_deref(), Some("Jo Smith"));
    assert_eq!(record.published.as_deref(), Some("2024-05-07T08:00:00Z"));
    assert_eq!(record.language.as_deref(), Some("en"));
    // The headline lives in `title`, not in the body.
    let text = record.extracted_text.as_deref().unwrap();
    assert!(text.starts_with("The harbour authority"), "{text}");
    for (by, names) in [
        ("site", ["Harbor Times", "Lumen Post"]),
        ("author", ["Ann Lee", "Jo Smith"]),
    ] {
        let out = newslens(&[
            "compare",
            dir.path().to_str().unwrap(),
            "--by",
            by,
            "--format",
            "json",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let groups: Vec<&str> = c["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["group"].as_str().unwrap())
            .collect();
        assert_eq!(groups, names, "--by {by}");
    }
}
