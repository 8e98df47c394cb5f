//! The embedded sentiment model on news it was not trained on: NewsMTSC's two test sets
//! (`devtest_rw`, natural label distribution; `devtest_mt`, more sentences with several
//! targets), sentence level: a sentence whose targets all agree carries that label
//! (negative / neutral / positive). Each sentence is read as newslens reads it
//! (`sentiment::reading`): the head's probabilities with the tone toward the names in it
//! that may be people's (`entities::people_in`) and the direction of the figures it
//! reports taken in. Prints macro-F1, per-class F1 and
//! accuracy (and macro-F1 of the head alone), the same for business and market
//! sentences of MSRP labelled here (`examples/data/msrp-business.tsv`, in three parts),
//! and SST-2 dev accuracy (positive when P(positive) > P(negative)) for the
//! same model.
//!
//!     cargo run --release --example eval_news_sentiment
//!     HEAD=DIR cargo run --release --example eval_news_sentiment   # a retrained head folder
//!
//! NEWSLENS_DATA points at the shared data folder (default ../shared/data).

use newslens::document::Probabilities;
use newslens::entities::people_in;
use newslens::eval::classes::{macro_f1, most_probable, read_newsmtsc};
use newslens::eval::read_labelled;
use newslens::models::embedder::MentionGroups;
use newslens::models::{Backend, Embedder};
use newslens::sentiment::reading;

/// One labelled sentence as read here.
struct Row {
    sentence: String,
    class: usize,
}

/// Sentences whose targets all agree, with class 0 negative, 1 neutral, 2 positive;
/// with `held_out_only`, only those whose article is in the tenth of NewsMTSC train that
/// `scripts/train_sentiment.py` holds out.
fn read_agreed(
    path: &std::path::Path,
    held_out_only: bool,
) -> Result<Vec<Row>, Box<dyn std::error::Error>> {
    Ok(read_newsmtsc(path)?
        .into_iter()
        .filter(|s| s.held_out || !held_out_only)
        .filter_map(|s| {
            Some(Row {
                class: s.agreed_class()?,
                sentence: s.sentence.trim().to_string(),
            })
        })
        .collect())
}

/// The business sentences labelled here: each sentence of MSRP's test split (`msrp`)
/// that `examples/data/msrp-business.tsv` names, with its class, and the part it is in
/// (`dev`: the rules were written from its errors; `test`, `fresh`: never read for them).
fn read_business(msrp: &std::path::Path) -> Result<Vec<(String, Row)>, Box<dyn std::error::Error>> {
    let mut by_id = std::collections::HashMap::new();
    for line in std::fs::read_to_string(msrp)?.lines().skip(1) {
        if let [_, a, b, x, y] = line.split('\t').collect::<Vec<_>>()[..] {
            by_id.insert(a.to_string(), x.to_string());
            by_id.insert(b.to_string(), y.to_string());
        }
    }
    let labels = include_str!("data/msrp-business.tsv");
    let mut rows = Vec::new();
    for line in labels.lines().filter(|l| !l.starts_with('#')) {
        let [id, label, part] = line.split('\t').collect::<Vec<_>>()[..] else {
            return Err(format!("bad line in msrp-business.tsv: {line}").into());
        };
        let class = ["negative", "neutral", "positive"]
            .iter()
            .position(|c| *c == label)
            .ok_or_else(|| format!("unknown label {label}"))?;
        let text = by_id
            .get(id)
            .ok_or_else(|| format!("MSRP sentence {id} not in {}", msrp.display()))?;
        let row = Row {
            sentence: text.clone(),
            class,
        };
        rows.push((part.to_string(), row));
    }
    Ok(rows)
}

/// Macro-F1, per-class F1 and accuracy of the most probable class, after multiplying
/// the neutral probability by `exp(neutral_bias)`.
fn scores(
    gold: &[usize],
    probabilities: &[Probabilities],
    neutral_bias: f32,
) -> (f64, [f64; 3], f64) {
    let predicted: Vec<usize> = probabilities
        .iter()
        .map(|p| most_probable(p, neutral_bias))
        .collect();
    macro_f1(gold, &predicted)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let precision = newslens::eval::precision_from_env()?;
    let data = newslens::eval::data_dir();
    let head = newslens::eval::sentiment_head_from_env()?;
    let mut embedder = Embedder::load_with(None, Backend::Fused, precision)?;
    head.attach(&mut embedder)?;
    // Each sentence's probabilities as newslens gives them (`sentiment::reading`), and
    // the head's alone, for comparison.
    let classify = |embedder: &mut Embedder,
                    texts: &[&str]|
     -> Result<Vec<(Probabilities, Probabilities)>, Box<dyn std::error::Error>> {
        let people: Vec<MentionGroups> = texts
            .iter()
            .map(|t| people_in(t).into_iter().map(|r| vec![r]).collect())
            .collect();
        let encoded = embedder.encode_mentions(texts, &people)?;
        let inputs = head.inputs(&encoded);
        let mut out = Vec::with_capacity(texts.len());
        for (i, input) in inputs.iter().enumerate() {
            let own = head.probabilities(input);
            let mut toward = Vec::new();
            if let Some(target) = &head.target {
                for state in encoded.mentions.get(i).into_iter().flatten() {
                    toward.extend(target.probabilities(state, input)?);
                }
            }
            out.push((reading(own, &toward, texts[i]), own));
        }
        Ok(out)
    };
    // CALIBRATE=1: the neutral bias on the held-out tenth of NewsMTSC train only.
    if std::env::var_os("CALIBRATE").is_some() {
        let rows = read_agreed(&data.join("newsmtsc/train.jsonl"), true)?;
        let texts: Vec<&str> = rows.iter().map(|r| r.sentence.as_str()).collect();
        let gold: Vec<usize> = rows.iter().map(|r| r.class).collect();
        let both = classify(&mut embedder, &texts)?;
        let alone: Vec<Probabilities> = both.iter().map(|p| p.1).collect();
        let (m, _, _) = scores(&gold, &alone, 0.0);
        println!("held-out NewsMTSC train, the head alone: macro-F1 {m:.4}");
        let probabilities: Vec<Probabilities> = both.iter().map(|p| p.0).collect();
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
    // NewsMTSC's test sets, then the business sentences' three parts.
    let mut sets: Vec<(String, Vec<Row>)> = Vec::new();
    for set in ["devtest_rw", "devtest_mt"] {
        let rows = read_agreed(&data.join(format!("newsmtsc/{set}.jsonl")), false)?;
        sets.push((format!("NewsMTSC {set}"), rows));
    }
    let mut business = read_business(&data.join("msrp/test.tsv"))?;
    for part in ["dev", "test", "fresh"] {
        let (rows, rest) = business.into_iter().partition(|(p, _)| p == part);
        business = rest;
        let rows = rows.into_iter().map(|(_, r)| r).collect();
        sets.push((format!("MSRP business sentences, {part} part"), rows));
    }
    for (name, rows) in &sets {
        let texts: Vec<&str> = rows.iter().map(|r| r.sentence.as_str()).collect();
        let gold: Vec<usize> = rows.iter().map(|r| r.class).collect();
        let both = classify(&mut embedder, &texts)?;
        let alone: Vec<Probabilities> = both.iter().map(|p| p.1).collect();
        let probabilities: Vec<Probabilities> = both.iter().map(|p| p.0).collect();
        let (alone_f1, _, _) = scores(&gold, &alone, bias);
        let (macro_f1, f1, accuracy) = scores(&gold, &probabilities, bias);
        println!(
            "{name}: {} sentences, macro-F1 {macro_f1:.3} (negative {:.3}, neutral {:.3}, positive {:.3}), accuracy {accuracy:.3}; the head alone (without the tone toward people or figures) {alone_f1:.3}",
            rows.len(),
            f1[0],
            f1[1],
            f1[2],
        );
    }
    let dev = read_labelled(&data.join("sst2/dev.tsv"))?;
    let texts: Vec<&str> = dev.iter().map(|(s, _)| s.as_str()).collect();
    let probabilities: Vec<Probabilities> = classify(&mut embedder, &texts)?
        .into_iter()
        .map(|p| p.0)
        .collect();
    let correct = dev
        .iter()
        .zip(&probabilities)
        .filter(|((_, gold), p)| (p.positive > p.negative) == (*gold == 2))
        .count();
    println!(
        "SST-2 dev: accuracy {:.2}% of {} (precision {precision:?})",
        100.0 * correct as f64 / dev.len() as f64,
        dev.len()
    );
    Ok(())
}
