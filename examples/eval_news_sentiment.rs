//! The embedded sentiment model on news it was not trained on: NewsMTSC's two test sets
//! (`devtest_rw`, natural label distribution; `devtest_mt`, more sentences with several
//! targets), sentence level: a sentence whose targets all agree carries that label
//! (negative / neutral / positive). Prints macro-F1, per-class F1 and accuracy, and SST-2
//! dev accuracy (positive when P(positive) > P(negative)) for the same model.
//!
//!     cargo run --release --example eval_news_sentiment
//!     HEAD=DIR cargo run --release --example eval_news_sentiment   # a retrained head folder
//!
//! NEWSLENS_DATA points at the shared data folder (default ../shared/data).

use std::path::PathBuf;

use sha2::Digest;

use newslens::eval::read_labelled;
use newslens::models::{Backend, Embedder, Precision};
use newslens::sentiment::SentimentHead;

/// One NewsMTSC sentence as read here.
struct Row {
    sentence: String,
    class: usize,
    held_out: bool,
}

/// Sentences whose targets all agree, with class 0 negative, 1 neutral, 2 positive,
/// and whether their article is in the tenth of NewsMTSC train that
/// `scripts/train_sentiment.py` holds out (sha256 of the article name, mod 10 = 0).
fn read_newsmtsc(path: &std::path::Path) -> Result<Vec<Row>, Box<dyn std::error::Error>> {
    let mut rows = Vec::new();
    for line in std::fs::read_to_string(path)?
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let value: serde_json::Value = serde_json::from_str(line)?;
        let polarities: Vec<f64> = value["targets"]
            .as_array()
            .map(|t| t.iter().filter_map(|t| t["polarity"].as_f64()).collect())
            .unwrap_or_default();
        let Some(&first) = polarities.first() else {
            continue;
        };
        if polarities.iter().any(|p| *p != first) {
            continue;
        }
        let class = match first as i64 {
            2 => 0,
            4 => 1,
            6 => 2,
            _ => continue,
        };
        let sentence = value["sentence_normalized"]
            .as_str()
            .unwrap_or("")
            .trim()
            .to_string();
        // primary_gid: SOURCE_ARTICLE_..._TARGET_FROM_TO; the first three fields name the article.
        let gid = value["primary_gid"].as_str().unwrap_or("");
        let article = gid.split('_').take(3).collect::<Vec<_>>().join("_");
        let digest = format!("{:x}", sha2::Sha256::digest(article.as_bytes()));
        let held_out = digest
            .chars()
            .filter_map(|c| c.to_digit(16))
            .fold(0u32, |r, d| (r * 16 + d) % 10)
            == 0;
        rows.push(Row {
            sentence,
            class,
            held_out,
        });
    }
    Ok(rows)
}

/// Macro-F1, per-class F1 and accuracy of the most probable class, after multiplying
/// the neutral probability by `exp(neutral_bias)`.
fn scores(gold: &[usize], probabilities: &[[f32; 3]], neutral_bias: f32) -> (f64, [f64; 3], f64) {
    let predicted: Vec<usize> = probabilities
        .iter()
        .map(|p| {
            let q = [p[0], p[1] * neutral_bias.exp(), p[2]];
            (0..3).max_by(|&a, &b| q[a].total_cmp(&q[b])).unwrap_or(1)
        })
        .collect();
    let mut f1 = [0.0f64; 3];
    for (class, f) in f1.iter_mut().enumerate() {
        let count = |pred: bool, is: bool| {
            gold.iter()
                .zip(&predicted)
                .filter(|(g, p)| (**p == class) == pred && (**g == class) == is)
                .count() as f64
        };
        let (tp, fp, fn_) = (count(true, true), count(true, false), count(false, true));
        *f = if tp > 0.0 {
            2.0 * tp / (2.0 * tp + fp + fn_)
        } else {
            0.0
        };
    }
    let correct = gold.iter().zip(&predicted).filter(|(g, p)| g == p).count();
    (
        f1.iter().sum::<f64>() / 3.0,
        f1,
        correct as f64 / gold.len().max(1) as f64,
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let precision: Precision = std::env::var("PRECISION")
        .unwrap_or_else(|_| "auto".into())
        .parse()?;
    let data = newslens::eval::data_dir();
    let head = match std::env::var_os("HEAD") {
        Some(dir) => SentimentHead::read(&PathBuf::from(dir))?,
        None => SentimentHead::load(None)?,
    };
    let mut embedder = Embedder::load_with(None, Backend::Fused, precision)?;
    head.attach(&mut embedder)?;
    let classify = |embedder: &mut Embedder,
                    texts: &[&str]|
     -> Result<Vec<[f32; 3]>, Box<dyn std::error::Error>> {
        let encoded = embedder.encode(texts)?;
        Ok(head
            .inputs(&encoded)
            .iter()
            .map(|v| {
                let p = head.probabilities(v);
                [p.negative, p.neutral.unwrap_or(0.0), p.positive]
            })
            .collect())
    };
    // CALIBRATE=1: the neutral bias on the held-out tenth of NewsMTSC train only.
    if std::env::var_os("CALIBRATE").is_some() {
        let rows: Vec<_> = read_newsmtsc(&data.join("newsmtsc/train.jsonl"))?
            .into_iter()
            .filter(|r| r.held_out)
            .collect();
        let texts: Vec<&str> = rows.iter().map(|r| r.sentence.as_str()).collect();
        let gold: Vec<usize> = rows.iter().map(|r| r.class).collect();
        let probabilities = classify(&mut embedder, &texts)?;
        println!("held-out NewsMTSC train: {} sentences", rows.len());
        for step in -10..=10 {
            let bias = step as f32 / 10.0;
            let (macro_f1, f1, accuracy) = scores(&gold, &probabilities, bias);
            println!(
                "  neutral bias {bias:+.1}: macro-F1 {macro_f1:.4} (negative {:.3}, neutral {:.3}, positive {:.3}), accuracy {accuracy:.3}",
                f1[0], f1[1], f1[2]
            );
        }
        return Ok(());
    }
    let bias: f32 = std::env::var("NEUTRAL_BIAS")
        .ok()
        .map(|b| b.parse())
        .transpose()?
        .unwrap_or(0.0);
    for set in ["devtest_rw", "devtest_mt"] {
        let rows = read_newsmtsc(&data.join(format!("newsmtsc/{set}.jsonl")))?;
        let texts: Vec<&str> = rows.iter().map(|r| r.sentence.as_str()).collect();
        let gold: Vec<usize> = rows.iter().map(|r| r.class).collect();
        let probabilities = classify(&mut embedder, &texts)?;
        let (macro_f1, f1, accuracy) = scores(&gold, &probabilities, bias);
        println!(
            "NewsMTSC {set}: {} sentences, macro-F1 {macro_f1:.3} (negative {:.3}, neutral {:.3}, positive {:.3}), accuracy {accuracy:.3}",
            rows.len(),
            f1[0],
            f1[1],
            f1[2],
        );
    }
    let dev = read_labelled(&data.join("sst2/dev.tsv"))?;
    let texts: Vec<&str> = dev.iter().map(|(s, _)| s.as_str()).collect();
    let probabilities = classify(&mut embedder, &texts)?;
    let correct = dev
        .iter()
        .zip(&probabilities)
        .filter(|((_, gold), p)| (p[2] > p[0]) == (*gold == 2))
        .count();
    println!(
        "SST-2 dev: accuracy {:.2}% of {} (precision {precision:?})",
        100.0 * correct as f64 / dev.len() as f64,
        dev.len()
    );
    Ok(())
}
