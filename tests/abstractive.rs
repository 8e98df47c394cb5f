//! The abstractive summarizer on a tiny random-weight BART that this test builds and
//! saves exactly as a real model folder looks (config.json, weights, vocab.json,
//! merges.txt), loaded through the same code as real weights. Random weights write
//! noise: these tests check the plumbing (windows, offsets, warnings, lengths, errors),
//! not the prose.
#![allow(clippy::unwrap_used)]

mod common;

use common::newslens;
use std::path::Path;

use newslens::document::SummaryMethod;
use newslens::ingest::document_from_bytes;
use newslens::pipeline::{Pipeline, Settings};
use newslens::record::Record;
use newslens::summarize::abstractive::inspect;
use rust_bert::bart::{BartConfig, BartForConditionalGeneration};
use rust_bert::Config;
use tch::{nn, Device};

/// GPT-2's byte-to-unicode table: the 256 symbols of a byte-level BPE vocabulary.
fn byte_symbols() -> Vec<char> {
    let mut bytes: Vec<u32> = (u32::from('!')..=u32::from('~'))
        .chain(0xA1..=0xAC)
        .chain(0xAE..=0xFF)
        .collect();
    let mut chars = bytes.clone();
    let mut extra = 0;
    for b in 0..256 {
        if !bytes.contains(&b) {
            bytes.push(b);
            chars.push(256 + extra);
            extra += 1;
        }
    }
    chars.into_iter().filter_map(char::from_u32).collect()
}

/// Writes a BART folder with 64 positions (62 article tokens per window) and a
/// byte-level vocabulary without merges, so every byte is one token.
fn tiny_bart(dir: &Path) {
    let mut vocab = serde_json::Map::new();
    for special in ["<s>", "<pad>", "</s>", "<unk>"] {
        vocab.insert(special.into(), vocab.len().into());
    }
    for c in byte_symbols() {
        vocab.insert(c.to_string(), vocab.len().into());
    }
    vocab.insert("<mask>".into(), vocab.len().into());
    let size = vocab.len();
    std::fs::write(
        dir.join("vocab.json"),
        serde_json::to_string(&vocab).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.join("merges.txt"), "#version: 0.2\n").unwrap();
    let config = format!(
        r#"{{"model_type": "bart", "activation_function": "gelu", "activation_dropout": 0.0,
            "attention_dropout": 0.0, "d_model": 16, "decoder_attention_heads": 2,
            "decoder_ffn_dim": 32, "decoder_layerdrop": 0.0, "decoder_layers": 1,
            "decoder_start_token_id": 2, "dropout": 0.0, "encoder_attention_heads": 2,
            "encoder_ffn_dim": 32, "encoder_layerdrop": 0.0, "encoder_layers": 1,
            "bos_token_id": 0, "eos_token_id": 2, "forced_bos_token_id": 0, "forced_eos_token_id": 2,
            "pad_token_id": 1, "init_std": 0.02, "is_encoder_decoder": true,
            "max_position_embeddings": 64, "num_hidden_layers": 1, "scale_embedding": false,
            "normalize_embedding": true, "static_position_embeddings": false, "output_past": true,
            "vocab_size": {size}}}"#
    );
    std::fs::write(dir.join("config.json"), config).unwrap();
    let config = BartConfig::from_file(dir.join("config.json"));
    tch::manual_seed(7);
    let vs = nn::VarStore::new(Device::Cpu);
    BartForConditionalGeneration::new(vs.root(), &config);
    vs.save(dir.join("model.safetensors")).unwrap();
}

fn settings(dir: &Path) -> Settings {
    let text = format!(
        "[summary]\nmethod = \"abstractive\"\n[abstractive]\nmodel = {:?}\nbeams = 2\nmin_length = 4\nmax_length = 12\n",
        dir.display().to_string()
    );
    Settings::from_toml(&text).unwrap()
}

const SENTENCES: [&str; 8] = [
    "The council approved the new budget on Monday evening.",
    "Spending on roads rises by four percent next year.",
    "Two members voted against the plan after a long debate.",
    "The mayor said the city could afford the repairs.",
    "Residents asked for more money for the public library.",
    "The finance office expects tax income to stay flat.",
    "A final vote on school funding is due in March.",
    "Critics said the plan ignores rising energy costs.",
];

#[test]
fn a_long_article_is_summarized_in_windows_with_offsets_and_warnings() {
    let dir = tempfile::tempdir().unwrap();
    tiny_bart(dir.path());
    let folder = inspect(dir.path()).unwrap();
    assert_eq!((folder.kind.name(), folder.max_positions), ("bart", 64));
    let pipeline = Pipeline::load(None, settings(dir.path())).unwrap();
    let text = SENTENCES.join(" ");
    let mut doc = document_from_bytes("council", text.as_bytes(), false).unwrap();
    pipeline.run(&mut doc).unwrap();
    doc.check_spans().unwrap();
    let summary = doc.summary.as_ref().unwrap();
    assert_eq!(summary.method, SummaryMethod::Abstractive);
    assert!(summary.sentences.is_empty());
    assert!(!summary.text.as_deref().unwrap().trim().is_empty());
    // Every sentence is about 55 byte tokens: one per 62-token window, whole, in order.
    assert_eq!(
        summary.windows.len(),
        SENTENCES.len(),
        "{:?}",
        summary.windows
    );
    for (window, sentence) in summary.windows.iter().zip(SENTENCES) {
        assert_eq!(&text[window.start..window.end], sentence);
    }
    // Eight partial summaries of up to 12 tokens are longer than one summary: reduced.
    assert!(
        doc.warnings
            .iter()
            .any(|w| w.contains("summarized in 8 windows")
                && w.contains("partial summaries summarized again")),
        "{:?}",
        doc.warnings
    );
    // Nothing was cut: no sentence is longer than a window.
    assert!(!doc.warnings.iter().any(|w| w.contains("only its start")));
}

#[test]
fn short_sentences_share_a_window_and_an_overlong_one_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    tiny_bart(dir.path());
    let pipeline = Pipeline::load(None, settings(dir.path())).unwrap();
    let long = format!("{} end.", "word ".repeat(20));
    let text = format!(
        "Rain fell. Roads shut. Trains ran late. Schools closed early today. {long} Power came back at noon. Crews cleared the last roads by the evening."
    );
    let mut doc = document_from_bytes("storm", text.as_bytes(), false).unwrap();
    pipeline.run(&mut doc).unwrap();
    doc.check_spans().unwrap();
    let summary = doc.summary.as_ref().unwrap();
    assert_eq!(summary.method, SummaryMethod::Abstractive);
    let first = summary.windows[0];
    assert!(
        text[first.start..first.end].starts_with("Rain fell. Roads shut."),
        "short sentences are packed together: {:?}",
        &text[first.start..first.end]
    );
    assert!(
        doc.warnings
            .iter()
            .any(|w| w.contains("longer than the summarization model's 62-token input")),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn a_tiny_input_never_reaches_the_model() {
    let dir = tempfile::tempdir().unwrap();
    tiny_bart(dir.path());
    let pipeline = Pipeline::load(None, settings(dir.path())).unwrap();
    let text = "The council met on Monday. It approved the budget.";
    let mut doc = document_from_bytes("short", text.as_bytes(), false).unwrap();
    pipeline.run(&mut doc).unwrap();
    let summary = doc.summary.as_ref().unwrap();
    assert_eq!(summary.method, SummaryMethod::Extractive);
    assert!(
        doc.warnings
            .iter()
            .any(|w| w.contains("fewer than the 40 an abstractive summary needs")),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn the_cli_writes_an_abstractive_record_and_verifies_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    tiny_bart(dir.path());
    let model = dir.path().to_str().unwrap();
    let article = dir.path().join("article.txt");
    std::fs::write(&article, SENTENCES.join("\n\n")).unwrap();
    let out = newslens(&[
        "summarize",
        article.to_str().unwrap(),
        "--summarizer",
        "abstractive",
        "--model",
        model,
        "--beams",
        "1",
        "--max-length",
        "10",
        "--min-length",
        "3",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let record: Record = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record.summary.method, SummaryMethod::Abstractive);
    assert!(!record.summary.text.is_empty());
    assert_eq!(record.summary.windows.len(), SENTENCES.len());

    let out = newslens(&["models", "verify", model]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("bart") && said.contains("loads"), "{said}");

    // No model folder, a broken folder: one clear line each, exit 2.
    let out = newslens(&[
        "summarize",
        article.to_str().unwrap(),
        "--summarizer",
        "abstractive",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--model DIR"));
    std::fs::remove_file(dir.path().join("merges.txt")).unwrap();
    let out = newslens(&["models", "verify", model]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("merges.txt"));
    let out = newslens(&[
        "summarize",
        article.to_str().unwrap(),
        "--summarizer",
        "abstractive",
        "--model",
        "/nonexistent",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("config.json"));
}

/// A summarization folder whose config.json lacks a field rust-bert needs: an error that
/// names it, where rust-bert would panic while loading.
#[test]
fn a_config_missing_a_field_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    tiny_bart(dir.path());
    common::remove_config_field(dir.path(), "d_model");
    let err = inspect(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("config.json") && err.contains("d_model"),
        "{err}"
    );
    let model = dir.path().to_str().unwrap();
    let out = newslens(&[
        "summarize",
        "examples/harbor-lumen-partnership.txt",
        "--summarizer",
        "abstractive",
        "--model",
        model,
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("d_model") && !stderr.contains("panicked"),
        "{stderr}"
    );
}
