//! Tone toward the people and organisations an article names (#21): the target head on
//! sentences written for this test, where two people in one sentence are treated
//! differently, and the command line's `entities`, `--target` and `compare --entity`.
#![allow(clippy::unwrap_used)]

mod common;

use common::newslens;
use newslens::models::embedder::MentionGroups;
use newslens::models::Embedder;
use newslens::record::Record;
use newslens::sentiment::SentimentHead;

/// Tone score (P(positive) - P(negative)) toward each of `names` in `sentence`.
fn toward(embedder: &Embedder, head: &SentimentHead, sentence: &str, names: &[&str]) -> Vec<f32> {
    let groups: MentionGroups = names
        .iter()
        .map(|name| {
            let at = sentence.find(name).unwrap();
            let start = sentence[..at].chars().count();
            std::iter::once(start..start + name.chars().count()).collect()
        })
        .collect();
    let encoded = embedder.encode_mentions(&[sentence], &[groups]).unwrap();
    let target = head.target.as_ref().unwrap();
    encoded.mentions[0]
        .iter()
        .map(|state| {
            let p = target
                .probabilities(state, &encoded.branch[0])
                .unwrap()
                .unwrap();
            p.positive - p.negative
        })
        .collect()
}

#[test]
fn the_tone_follows_the_target_within_one_sentence() {
    let mut embedder = Embedder::load(None).unwrap();
    let head = SentimentHead::load(None).unwrap();
    head.attach(&mut embedder).unwrap();
    // (sentence, the person treated well, the person treated badly)
    let cases = [
        ("Mayor Tom Hale praised the engineers, while critics said Councillor Anna Berg had wasted millions.", "Tom Hale", "Anna Berg"),
        ("Anna Berg was cleared of all charges, and the court said Tom Hale had lied under oath.", "Anna Berg", "Tom Hale"),
        ("Voters ousted the scandal-plagued Tom Hale and elected the widely admired Anna Berg.", "Anna Berg", "Tom Hale"),
        ("Tom Hale thanked Anna Berg for her brilliant work, a day after Berg's rival Mark Vole was arrested for fraud.", "Anna Berg", "Mark Vole"),
        ("Investigators accused Mark Vole of bribery; Anna Berg, who reported him, was honoured for her courage.", "Anna Berg", "Mark Vole"),
        ("The award went to Mark Vole, while Tom Hale was fired in disgrace.", "Mark Vole", "Tom Hale"),
    ];
    let mut right = 0;
    for (sentence, good, bad) in cases {
        let scores = toward(&embedder, &head, sentence, &[good, bad]);
        if scores[0] > scores[1] {
            right += 1;
        } else {
            eprintln!(
                "{sentence}: {good} {:+.2}, {bad} {:+.2}",
                scores[0], scores[1]
            );
        }
    }
    assert!(
        right >= 5,
        "{right} of {} sentences ordered right",
        cases.len()
    );
}

#[test]
fn records_list_entities_with_mentions_that_point_into_the_text() {
    let text = "Senator Anna Berg opened the new children's hospital on Monday, and parents \
                thanked her warmly.\n\nBerg said the hospital would serve 40,000 families. \
                Critics of Mark Vole, the former health minister, said Vole had blocked it \
                for years.\n\nVole did not comment.";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, text).unwrap();
    let out = newslens(&[
        "summarize",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--target",
        "Ministry of Health=health ministry",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let record: Record = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = record.entities.iter().map(|e| e.name.as_str()).collect();
    // The requested target first, then by mentions (pronouns not counted).
    assert_eq!(names, ["Ministry of Health", "Mark Vole", "Anna Berg"]);
    assert!(record.entities[0].requested && record.entities[0].mentions.is_empty());
    let (vole, berg) = (&record.entities[1], &record.entities[2]);
    assert_eq!(berg.count, 3);
    for m in &berg.mentions {
        assert_eq!(&text[m.start..m.end], m.text);
        assert!(m.tone.is_some());
    }
    assert_eq!(berg.mentions[1].text, "her");
    assert!(berg.mentions[1].pronoun);
    let tone = |e: &newslens::record::EntityRecord| e.tone.as_ref().unwrap().score;
    assert_eq!(vole.count, 3);
    assert!(tone(berg) > tone(vole), "{} {}", tone(berg), tone(vole));
    let report = newslens(&["summarize", path.to_str().unwrap()]);
    let report = String::from_utf8_lossy(&report.stdout);
    assert!(report.contains("Tone toward"), "{report}");
    assert!(report.contains("Anna Berg"), "{report}");
    for (format, section) in [
        ("markdown", "## Tone toward"),
        ("html", "<h3>Tone toward</h3>"),
    ] {
        let out = newslens(&["summarize", path.to_str().unwrap(), "--format", format]);
        let out = String::from_utf8_lossy(&out.stdout);
        assert!(out.contains(section) && out.contains("Mark Vole"), "{out}");
    }
}

#[test]
fn compare_gives_each_source_its_tone_toward_an_entity() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.jsonl");
    let line = |id: usize, source: &str, text: &str| {
        serde_json::json!({"id": id.to_string(), "source": source, "text": text}).to_string()
    };
    let mut lines = Vec::new();
    for i in 0..3 {
        lines.push(line(
            i,
            "kind",
            "Anna Berg was praised by residents for rebuilding the library. Berg's generous, \
             tireless work won her an award.",
        ));
        lines.push(line(
            10 + i,
            "harsh",
            "Anna Berg was condemned by residents for wrecking the library. Berg's reckless, \
             wasteful plan drew angry protests.",
        ));
    }
    std::fs::write(&path, lines.join("\n")).unwrap();
    let out = newslens(&[
        "compare",
        path.to_str().unwrap(),
        "--entity",
        "Anna Berg",
        "--format",
        "json",
        "-q",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["entity"], "Anna Berg");
    let tone = |group: usize| {
        json["groups"][group]["entity"]["mean_tone"]
            .as_f64()
            .unwrap()
    };
    // Groups in name order: harsh, kind.
    assert_eq!(json["groups"][0]["group"], "harsh");
    assert!(tone(0) < 0.0 && tone(1) > 0.0, "{} {}", tone(0), tone(1));
    assert_eq!(json["groups"][1]["entity"]["documents"], 3);
    assert_eq!(json["groups"][1]["top_entities"][0][0], "Anna Berg");
    let html = newslens(&[
        "compare",
        path.to_str().unwrap(),
        "--entity",
        "Anna Berg",
        "--format",
        "html",
        "-q",
    ]);
    let html = String::from_utf8_lossy(&html.stdout);
    assert!(html.contains("Tone toward Anna Berg"));
    assert!(html.contains("tone toward the entity per group"));
}

#[test]
fn a_target_head_trained_on_another_branch_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let models = common::repo().join("models/sentiment");
    for file in ["head.json", "head.safetensors", "target.safetensors"] {
        std::fs::copy(models.join(file), dir.path().join(file)).unwrap();
    }
    let meta = std::fs::read_to_string(models.join("target.json")).unwrap();
    let mut meta: serde_json::Value = serde_json::from_str(&meta).unwrap();
    meta["sentiment_head_sha256"] = "0".repeat(64).into();
    std::fs::write(dir.path().join("target.json"), meta.to_string()).unwrap();
    let error = SentimentHead::read(dir.path()).unwrap_err().to_string();
    assert!(error.contains("scripts/train-target"), "{error}");
}
