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
        .attach_tagger(head.read_tagger(None).unwrap().unwrap().tagger)
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

/// Puffery a careful editor strikes by its words alone (the seed's "tapestry", #22):
/// flagged among plain reporting, which is not.
#[test]
fn a_sentence_of_empty_filler_is_flagged_and_plain_reporting_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("friendship.txt");
    let text = "The two presidents met in Moscow on Tuesday and signed 14 agreements.\n\n\
        It is a tapestry that depicts a landscape of intertwined histories, cultures, and \
        dreams – one that paints a vivid portrait of unity and brotherhood.\n";
    std::fs::write(&path, text).unwrap();
    let out = newslens(&["summarize", path.to_str().unwrap(), "--format", "json"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let record: Record = serde_json::from_slice(&out.stdout).unwrap();
    let tapestry = text.find("It is a tapestry").unwrap();
    let flagged: Vec<usize> = record.flags.iter().map(|f| f.span.start).collect();
    assert_eq!(flagged, [tapestry], "{:?}", record.flags);
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

/// The committed sentence probe's probability for each sentence.
fn probed(sentences: &[&str]) -> Vec<f32> {
    let mut embedder = Embedder::load(None).unwrap();
    let head = SentimentHead::load(None).unwrap();
    head.attach(&mut embedder).unwrap();
    let probe = head.read_tagger(None).unwrap().unwrap().probe;
    let probe = probe.expect("the committed tagger's file holds a sentence probe");
    let encoded = embedder.encode(sentences).unwrap();
    encoded
        .embeddings
        .iter()
        .zip(&encoded.branch)
        .map(|(embedding, branch)| probe.probability(embedding, branch).unwrap())
        .collect()
}

#[test]
fn the_sentence_probe_reads_loaded_sentences_apart_from_plain_ones() {
    let loaded = probed(&[
        "The senator's bombastic tirade was a disgraceful stunt.",
        "Critics slammed the mayor's idiotic and reckless scheme.",
        "The regime's thugs brutally crushed the heroic protesters.",
        "This shameful, corrupt deal betrays every hardworking American.",
        "It is a tapestry that depicts a landscape of intertwined histories, cultures, and \
         dreams – one that paints a vivid portrait of unity and brotherhood.",
    ]);
    let plain = probed(&[
        "The council met on Tuesday and approved a budget of $3.2 million.",
        "The bridge will close for repairs from March 4 to March 18.",
        "Officials said 42 people attended the meeting in Springfield.",
        "The company reported revenue of $1.2 billion for the quarter.",
        "The train leaves the station at 9:15 every weekday.",
    ]);
    let lowest = loaded.iter().copied().fold(f32::MAX, f32::min);
    let highest = plain.iter().copied().fold(f32::MIN, f32::max);
    assert!(lowest > highest, "loaded {loaded:?}, plain {plain:?}");
    assert!(highest < 0.1, "plain {plain:?}");
}

/// A copy of the committed tagger in a temporary folder, its weights file rewritten
/// without the tensors `drop` and with `add`.
fn tagger_without(drop: &[&str], add: Option<(&str, tch::Tensor)>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let models = newslens::models::manifest::models_dir(None).join("sentiment");
    std::fs::copy(models.join("loaded.json"), dir.path().join("loaded.json")).unwrap();
    let tensors = tch::Tensor::read_safetensors(models.join("loaded.safetensors")).unwrap();
    let kept: Vec<_> = tensors
        .into_iter()
        .filter(|(name, _)| !drop.contains(&name.as_str()))
        .chain(add.map(|(name, tensor)| (name.to_string(), tensor)))
        .collect();
    tch::Tensor::write_safetensors(&kept, dir.path().join("loaded.safetensors")).unwrap();
    dir
}

#[test]
fn a_tagger_without_a_probe_still_loads_and_half_a_probe_or_a_nan_is_refused() {
    let load = |dir: &tempfile::TempDir| {
        let mut settings = Settings::default();
        settings.promotional.tagger = Some(dir.path().to_path_buf());
        Pipeline::load(None, settings)
    };
    // A tagger trained before the probe existed.
    let dir = tagger_without(&["sentence.weight", "sentence.bias"], None);
    assert!(load(&dir).is_ok());
    let head = SentimentHead::load(None).unwrap();
    let read = head.read_tagger(Some(dir.path())).unwrap().unwrap();
    assert!(read.probe.is_none());
    let dir = tagger_without(&["sentence.bias"], None);
    let err = load(&dir).err().expect("refused");
    let message = newslens::error::error_chain(&err);
    assert!(message.contains("go together"), "{message}");
    let nan = tch::Tensor::from_slice(&[f32::NAN]);
    let dir = tagger_without(&["sentence.bias"], Some(("sentence.bias", nan)));
    let err = load(&dir).err().expect("refused");
    let message = newslens::error::error_chain(&err);
    assert!(message.contains("not a finite number"), "{message}");
}
