//! The loaded-word tagger (#22): on sentences written for this test, in the encoder's
//! pass; through the command line, as reasons and the record's `loaded`; and refused
//! when trained on another sentiment branch.
#![allow(clippy::unwrap_used)]

mod common;

use common::newslens;
use newslens::document::LoadedWord;
use newslens::flags::PromotionalSettings;
use newslens::models::Embedder;
use newslens::pipeline::{Pipeline, Settings};
use newslens::record::Record;
use newslens::sentiment::SentimentHead;

/// Each sentence's words the tagger scores at least the default word threshold.
fn tagged(sentences: &[&str]) -> Vec<Vec<String>> {
    let mut embedder = Embedder::load(None).unwrap();
    let head = SentimentHead::load(None).unwrap();
    head.attach(&mut embedder).unwrap();
    embedder
        .attach_tagger(head.read_tagger(None).unwrap().unwrap())
        .unwrap();
    let from = PromotionalSettings::default().loaded_from;
    let encoded = embedder.encode(sentences).unwrap();
    sentences
        .iter()
        .zip(&encoded.loaded)
        .map(|(sentence, words)| {
            let chars: Vec<char> = sentence.chars().collect();
            words
                .iter()
                .filter(|w: &&LoadedWord| w.score >= from)
                .map(|w| chars[w.chars.clone()].iter().collect())
                .collect()
        })
        .collect()
}

#[test]
fn the_tagger_marks_loaded_wording_and_leaves_plain_reporting_alone() {
    let loaded = [
        "The senator's bombastic tirade was a disgraceful stunt.",
        "Critics slammed the mayor's idiotic and reckless scheme.",
        "The regime's thugs brutally crushed the heroic protesters.",
        "His phony outrage fooled no one.",
        "This shameful, corrupt deal betrays every hardworking American.",
    ];
    let plain = [
        "The council met on Tuesday and approved a budget of $3.2 million.",
        "The bridge will close for repairs from March 4 to March 18.",
        "Officials said 42 people attended the meeting in Springfield.",
        "The company reported revenue of $1.2 billion for the quarter.",
        "The train leaves the station at 9:15 every weekday.",
    ];
    let found = tagged(&loaded);
    let hits = found.iter().filter(|w| !w.is_empty()).count();
    assert!(hits >= 4, "loaded sentences with a tagged word: {found:?}");
    let found = tagged(&plain);
    let hits = found.iter().filter(|w| !w.is_empty()).count();
    assert!(hits <= 1, "plain sentences with a tagged word: {found:?}");
}

#[test]
fn records_list_loaded_words_where_they_stand_and_flags_quote_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("op-ed.txt");
    let text = "City Hall's Folly\n\n\
        The council met on Tuesday and approved a budget of $3.2 million.\n\n\
        The mayor's bombastic, disgraceful tirade was a phony stunt by a reckless demagogue.\n";
    std::fs::write(&path, text).unwrap();
    let out = newslens(&["summarize", path.to_str().unwrap(), "--format", "json"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let record: Record = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!record.loaded.is_empty(), "{record:?}");
    for phrase in &record.loaded {
        assert_eq!(&text[phrase.span.start..phrase.span.end], phrase.text);
        assert!(phrase.score >= PromotionalSettings::default().loaded_from);
        assert!(text[phrase.span.start..].starts_with(&phrase.text));
    }
    // All in the tirade, none in the council's budget.
    let tirade = text.find("The mayor's").unwrap();
    assert!(record.loaded.iter().all(|p| p.span.start > tirade));
    let flag = record
        .flags
        .iter()
        .find(|f| f.span.start == tirade)
        .expect("the tirade is flagged");
    assert!(
        flag.reasons.iter().any(|r| r.starts_with("loaded word")),
        "{:?}",
        flag.reasons
    );
}

#[test]
fn a_tagger_trained_on_another_branch_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let models = newslens::models::manifest::models_dir(None).join("sentiment");
    for file in ["loaded.json", "loaded.safetensors"] {
        std::fs::copy(models.join(file), dir.path().join(file)).unwrap();
    }
    let meta = std::fs::read_to_string(dir.path().join("loaded.json")).unwrap();
    let mut meta: serde_json::Value = serde_json::from_str(&meta).unwrap();
    meta["sentiment_head_sha256"] = "0".repeat(64).into();
    std::fs::write(dir.path().join("loaded.json"), meta.to_string()).unwrap();
    let mut settings = Settings::default();
    settings.promotional.tagger = Some(dir.path().to_path_buf());
    let err = Pipeline::load(None, settings).err().expect("refused");
    let message = newslens::error::error_chain(&err);
    assert!(message.contains("bash scripts/train-loaded"), "{message}");
}
