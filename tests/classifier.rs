//! The `--sentiment-model` path for Hugging Face sequence classifiers, exercised on
//! tiny random-weight models this test builds and saves exactly as a real model
//! folder looks, then loads through the same code as real weights. It checks the
//! plumbing (label mapping, probabilities, the record), not the predictions.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use newslens::document::SentimentLabel;
use newslens::models::classifier::Classifier;
use newslens::record::Record;
use rust_bert::bert::{BertConfig, BertForSequenceClassification};
use rust_bert::distilbert::{DistilBertConfig, DistilBertModelClassifier};
use rust_bert::Config;
use tch::{nn, Device};

const WORDS: &str =
    "the a council budget approved monday rain is expected tomorrow great terrible \
                     good bad vote city said it was . , ! ? and of to in on";

fn write_vocab(dir: &Path) -> i64 {
    let mut vocab = vec!["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
    vocab.extend(WORDS.split_whitespace());
    std::fs::write(dir.join("vocab.txt"), vocab.join("\n") + "\n").unwrap();
    vocab.len() as i64
}

fn tiny_distilbert(dir: &Path) {
    let vocab_size = write_vocab(dir);
    let config = format!(
        r#"{{"model_type": "distilbert", "activation": "gelu", "attention_dropout": 0.1, "dim": 32,
            "dropout": 0.1, "hidden_dim": 64, "initializer_range": 0.02, "max_position_embeddings": 64,
            "n_heads": 2, "n_layers": 2, "qa_dropout": 0.1, "seq_classif_dropout": 0.2,
            "sinusoidal_pos_embds": false, "tie_weights_": false, "vocab_size": {vocab_size},
            "id2label": {{"0": "NEGATIVE", "1": "POSITIVE"}}, "label2id": {{"NEGATIVE": 0, "POSITIVE": 1}}}}"#
    );
    std::fs::write(dir.join("config.json"), config).unwrap();
    let config = DistilBertConfig::from_file(dir.join("config.json"));
    let vs = nn::VarStore::new(Device::Cpu);
    DistilBertModelClassifier::new(vs.root(), &config).unwrap();
    vs.save(dir.join("model.safetensors")).unwrap();
}

fn tiny_bert_three_class(dir: &Path) {
    let vocab_size = write_vocab(dir);
    let config = format!(
        r#"{{"model_type": "bert", "hidden_act": "gelu", "attention_probs_dropout_prob": 0.1,
            "hidden_dropout_prob": 0.1, "hidden_size": 32, "initializer_range": 0.02,
            "intermediate_size": 64, "max_position_embeddings": 64, "num_attention_heads": 2,
            "num_hidden_layers": 2, "type_vocab_size": 2, "vocab_size": {vocab_size},
            "id2label": {{"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"}}}}"#
    );
    std::fs::write(dir.join("config.json"), config).unwrap();
    std::fs::write(
        dir.join("tokenizer_config.json"),
        r#"{"do_lower_case": true}"#,
    )
    .unwrap();
    let config = BertConfig::from_file(dir.join("config.json"));
    let vs = nn::VarStore::new(Device::Cpu);
    BertForSequenceClassification::new(vs.root(), &config).unwrap();
    vs.save(dir.join("model.safetensors")).unwrap();
}

#[test]
fn a_binary_distilbert_classifier_gives_two_class_probabilities() {
    let dir = tempfile::tempdir().unwrap();
    tiny_distilbert(dir.path());
    let classifier = Classifier::load(dir.path()).unwrap();
    assert_eq!(classifier.max_length(), 64);
    let texts = [
        "the council approved the budget monday .",
        "rain",
        "great !",
    ];
    let p = classifier.probabilities(&texts).unwrap();
    assert_eq!(p.len(), 3);
    for p in &p {
        assert!(p.neutral.is_none());
        assert!((p.negative + p.positive - 1.0).abs() < 1e-5, "{p:?}");
    }
    // Sorting by length inside must not reorder the results.
    let alone = classifier.probabilities(&[texts[1]]).unwrap();
    assert!((alone[0].positive - p[1].positive).abs() < 1e-5);
    // Input longer than the model's 64 positions is truncated, not a crash.
    let long = "the council said ".repeat(100);
    assert_eq!(classifier.probabilities(&[long]).unwrap().len(), 1);
}

#[test]
fn a_three_class_bert_maps_label_k_to_negative_neutral_positive() {
    let dir = tempfile::tempdir().unwrap();
    tiny_bert_three_class(dir.path());
    let classifier = Classifier::load(dir.path()).unwrap();
    let p = classifier
        .probabilities(&["it was good", "it was bad"])
        .unwrap();
    for p in &p {
        let total = p.negative + p.neutral.unwrap() + p.positive;
        assert!((total - 1.0).abs() < 1e-5, "{p:?}");
    }
}

#[test]
fn bad_model_folders_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let err = Classifier::load(dir.path()).err().unwrap().to_string();
    assert!(err.contains("config.json"), "{err}");
    std::fs::write(
        dir.path().join("config.json"),
        r#"{"model_type": "gpt2", "id2label": {"0": "NEGATIVE", "1": "POSITIVE"}}"#,
    )
    .unwrap();
    let err = Classifier::load(dir.path()).err().unwrap().to_string();
    assert!(err.contains("not supported"), "{err}");
    std::fs::write(
        dir.path().join("config.json"),
        r#"{"model_type": "bert", "id2label": {"0": "joy", "1": "anger"}}"#,
    )
    .unwrap();
    let err = Classifier::load(dir.path()).err().unwrap().to_string();
    assert!(err.contains("not negative, neutral or positive"), "{err}");
    std::fs::write(dir.path().join("config.json"), "{ not json").unwrap();
    assert!(Classifier::load(dir.path()).is_err());
}

#[test]
fn the_cli_uses_the_classifier_for_every_sentence() {
    let dir = tempfile::tempdir().unwrap();
    tiny_distilbert(dir.path());
    let out = common::command()
        .args([
            "summarize",
            "examples/harbor-lumen-partnership.txt",
            "--format",
            "json",
            "--sentiment-model",
        ])
        .arg(dir.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let record: Record = serde_json::from_slice(&out.stdout).unwrap();
    for paragraph in &record.paragraphs {
        for sentence in &paragraph.sentences {
            let p = sentence.sentiment.probabilities.unwrap();
            assert!(p.neutral.is_none(), "a binary model has no neutral class");
            assert_ne!(sentence.sentiment.label, SentimentLabel::Neutral);
            assert!((sentence.sentiment.score - (p.positive - p.negative)).abs() < 1e-5);
        }
    }
}

/// A config.json that lacks a field rust-bert needs: rust-bert panics on it; newslens
/// names the file and the field, and the CLI exits 2 with one line.
#[test]
fn a_config_missing_a_field_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    tiny_bert_three_class(dir.path());
    common::remove_config_field(dir.path(), "hidden_act");
    let err = Classifier::load(dir.path()).err().unwrap().to_string();
    assert!(
        err.contains("config.json") && err.contains("hidden_act"),
        "{err}"
    );
    for args in [
        vec![
            "summarize",
            "examples/harbor-lumen-partnership.txt",
            "--sentiment-model",
        ],
        vec!["models", "verify"],
    ] {
        let out = common::command()
            .args(&args)
            .arg(dir.path())
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("hidden_act"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{args:?}: {stderr}");
    }
}
