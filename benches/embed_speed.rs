//! Sentence embedding throughput on news sentences (the CNN/DailyMail dev articles
//! segmented by newslens): the fused encoder (default) against rust-bert's pipeline
//! (reference), A/B alternated in one run, by batch size, plus the sentiment model on
//! top, and the arithmetic ceiling: the multiply-adds the encoder does per sentence
//! against the rate libtorch's matrix products reach on this CPU, in the same run.
//! A bench binary rather than criterion: one pass over the sentences is the
//! measurement, and a warm-up pass is not counted.
//!
//!     cargo bench --bench embed_speed                 # all dev sentences
//!     SENTENCES=1000 BATCHES=8,32 cargo bench --bench embed_speed
//!
//! NEWSLENS_DATA points at the shared data folder (default ../shared/data).

use std::time::Instant;

use newslens::ingest::document_from_bytes;
use newslens::models::{Backend, Embedder, Precision};
use newslens::preprocess::segment;
use newslens::sentiment::SentimentHead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = newslens::eval::data_dir();
    let Ok(source) = std::fs::read_to_string(data.join("cnndm/dev.source")) else {
        eprintln!("embed_speed skipped: cnndm/dev.source not found (set NEWSLENS_DATA)");
        return Ok(());
    };
    let limit: usize = env_or("SENTENCES", usize::MAX);
    let batches: Vec<usize> = std::env::var("BATCHES")
        .unwrap_or_else(|_| "8,16,32,64".into())
        .split(',')
        .filter_map(|b| b.trim().parse().ok())
        .collect();
    let mut sentences = Vec::new();
    for article in source.lines() {
        let Ok(mut doc) = document_from_bytes("a", article.as_bytes(), false) else {
            continue;
        };
        segment(&mut doc);
        sentences.extend(doc.sentences().map(|(_, s)| s.text.clone()));
    }
    sentences.truncate(limit);
    let words: usize = sentences.iter().map(|s| s.split_whitespace().count()).sum();
    println!(
        "{} CNN/DM dev sentences, {:.1} words on average, {} torch threads",
        sentences.len(),
        words as f64 / sentences.len() as f64,
        tch::get_num_threads()
    );
    let head = SentimentHead::load(None)?;
    let mut fused = Embedder::load_with(None, Backend::Fused, Precision::F32)?;
    let mut reference = Embedder::load_with(None, Backend::RustBert, Precision::F32)?;
    let warm = &sentences[..sentences.len().min(64)];
    let a = fused.embed(warm)?;
    let b = reference.embed(warm)?;
    let diff = a
        .iter()
        .zip(&b)
        .flat_map(|(x, y)| x.iter().zip(y).map(|(p, q)| (p - q).abs()))
        .fold(0f32, f32::max);
    println!("max abs difference fused vs rust-bert on the first 64: {diff:.2e}");
    for batch in batches {
        fused = fused.with_batch_size(batch);
        reference = reference.with_batch_size(batch);
        let (mut f, mut r) = (0.0, 0.0);
        // A/B alternated: reference, fused, reference, fused.
        for _ in 0..2 {
            r += seconds(|| reference.embed(&sentences).map(drop))?;
            f += seconds(|| fused.embed(&sentences).map(drop))?;
        }
        let n = 2.0 * sentences.len() as f64;
        println!(
            "batch {batch:>3}: fused {:>6.1} sentences/s, rust-bert {:>6.1} sentences/s, ratio {:.2}",
            n / f,
            n / r,
            r / f
        );
    }
    fused = fused.with_batch_size(newslens::models::embedder::DEFAULT_BATCH_SIZE);
    // Reduced precision for the linear layers, against f32 in the same run.
    let exact = fused.embed(&sentences)?;
    for precision in [Precision::Bf16, Precision::Int8] {
        if precision == Precision::Bf16 && Precision::Auto.resolve() != Precision::Bf16 {
            // Without AVX512-BF16 libtorch emulates bf16, several times slower than f32.
            println!("Bf16: skipped, this CPU has no native bf16 products");
            continue;
        }
        let fast = Embedder::load_with(None, Backend::Fused, precision)?;
        fast.embed(warm)?;
        let (mut f, mut r) = (0.0, 0.0);
        let mut got = Vec::new();
        for _ in 0..2 {
            r += seconds(|| fused.embed(&sentences).map(drop))?;
            f += seconds(|| fast.embed(&sentences).map(|v| got = v))?;
        }
        let worst = got
            .iter()
            .zip(&exact)
            .map(|(a, b)| newslens::models::cosine(a, b))
            .fold(1f32, f32::min);
        let n = 2.0 * sentences.len() as f64;
        println!(
            "{precision:?}: {:>6.1} sentences/s vs f32 {:>6.1}, ratio {:.2}; lowest cosine to f32 {worst:.4}",
            n / f,
            n / r,
            r / f
        );
    }
    // Embeddings and sentiment together (what `score` runs), against embeddings alone,
    // at f32, bf16 where the CPU has it natively, and int8: the branch in the same pass.
    let mut precisions = vec![Precision::F32, Precision::Int8];
    if Precision::Auto.resolve() == Precision::Bf16 {
        precisions.insert(1, Precision::Bf16);
    }
    for precision in precisions {
        let mut model = Embedder::load_with(None, Backend::Fused, precision)?;
        model.embed(warm)?;
        let embed_only = seconds(|| model.embed(&sentences).map(drop))?;
        head.attach(&mut model)?;
        model.encode(warm)?;
        let mut labels = 0;
        let both = seconds(|| {
            let encoded = model.encode(&sentences)?;
            labels = head
                .inputs(&encoded)
                .iter()
                .map(|v| head.predict(v).label as usize)
                .sum();
            Ok(())
        })?;
        // And each sentence's peak window on the promotional-tone direction, as the
        // pipeline runs it.
        let tone = newslens::flags::tone::ToneDirection::builtin().ok_or("no tone direction")?;
        model.attach_tone(&tone.direction, newslens::flags::tone::PEAK_WINDOW)?;
        model.encode(warm)?;
        let with_peaks = seconds(|| model.encode(&sentences).map(drop))?;
        let n = sentences.len() as f64;
        println!(
            "embeddings + sentiment, precision {precision:?} ({:?} here), batch {}: {:.1} sentences/s vs embeddings alone {:.1} (label checksum {labels}); with tone peaks too {:.1} ({:.3}x the time without)",
            precision.resolve(),
            newslens::models::embedder::DEFAULT_BATCH_SIZE,
            n / both,
            n / embed_only,
            n / with_peaks,
            with_peaks / both
        );
    }
    ceiling(&fused, &sentences)?;
    Ok(())
}

/// Floating-point operations (2 per multiply-add) of `layers` MiniLM layers for one
/// sentence of `tokens` tokens: per token 12 h^2 multiply-adds in the linear layers
/// (query, key, value and output 4 h^2, feed-forward 8 h^2), plus 2 L h in attention.
fn flops(tokens: usize, layers: usize) -> f64 {
    let (l, h) = (tokens as f64, 384.0);
    layers as f64 * 2.0 * (12.0 * h * h * l + 2.0 * l * l * h)
}

/// What the encoder asks of the CPU against what libtorch's matrix products give:
/// the rate of one layer's four products (f32, and int8 with int32 sums) at the
/// shapes of a batch of 32 news sentences, and the rate the encoder reached.
fn ceiling(model: &Embedder, sentences: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    use tch::{Device, Kind, Tensor};
    let tokens: Vec<usize> = sentences.iter().map(|s| model.token_ids(s).len()).collect();
    let mean_tokens = tokens.iter().sum::<usize>() as f64 / tokens.len() as f64;
    let embedding: f64 = tokens.iter().map(|&t| flops(t, 6)).sum::<f64>() / tokens.len() as f64;
    let branch: f64 = tokens.iter().map(|&t| flops(t, 2)).sum::<f64>() / tokens.len() as f64;
    let seconds_embedding = seconds(|| model.embed(sentences).map(drop))?;
    let achieved = embedding * sentences.len() as f64 / seconds_embedding / 1e9;
    let rows = (32.0 * mean_tokens).round() as i64;
    let shapes = [(384, 1152), (384, 384), (384, 1536), (1536, 384)];
    let per_round: f64 = shapes
        .iter()
        .map(|&(k, n)| 2.0 * (rows * k * n) as f64)
        .sum();
    let rate = |kind: Kind| -> f64 {
        let pairs: Vec<(Tensor, Tensor)> = shapes
            .iter()
            .map(|&(k, n)| match kind {
                Kind::Int8 => (
                    Tensor::randint_low(-127, 127, [rows, k], (Kind::Int8, Device::Cpu)),
                    Tensor::randint_low(-127, 127, [k, n], (Kind::Int8, Device::Cpu)),
                ),
                _ => (
                    Tensor::randn([rows, k], (Kind::Float, Device::Cpu)),
                    Tensor::randn([k, n], (Kind::Float, Device::Cpu)),
                ),
            })
            .collect();
        let round = || {
            for (a, b) in &pairs {
                match kind {
                    Kind::Int8 => drop(a.internal_int_mm(b)),
                    _ => drop(a.matmul(b)),
                }
            }
        };
        round();
        let rounds = 60;
        let started = Instant::now();
        for _ in 0..rounds {
            round();
        }
        per_round * rounds as f64 / started.elapsed().as_secs_f64() / 1e9
    };
    let (f32_rate, int8_rate) = (rate(Kind::Float), rate(Kind::Int8));
    println!(
        "ceiling: {mean_tokens:.1} tokens per sentence on average; {:.2} GFLOP per sentence for the embedding, {:.2} with the sentiment branch",
        embedding / 1e9,
        (embedding + branch) / 1e9
    );
    println!(
        "ceiling: matrix products of one layer at batch 32 ({rows} rows): f32 {f32_rate:.0} GFLOP/s, int8 {int8_rate:.0} GOP/s; the f32 encoder reached {achieved:.0} GFLOP/s ({:.0}% of the f32 products' rate)",
        100.0 * achieved / f32_rate
    );
    for (what, per_sentence) in [
        ("embeddings", embedding),
        ("embeddings + sentiment", embedding + branch),
    ] {
        println!(
            "ceiling: {what} at 300 sentences/s needs {:.0} GFLOP/s; at the products' rate alone (nothing else costing time) f32 gives {:.0} sentences/s, int8 {:.0}",
            300.0 * per_sentence / 1e9,
            f32_rate * 1e9 / per_sentence,
            int8_rate * 1e9 / per_sentence
        );
    }
    Ok(())
}

fn seconds(
    f: impl FnOnce() -> Result<(), newslens::models::ModelError>,
) -> Result<f64, newslens::models::ModelError> {
    let started = Instant::now();
    f()?;
    Ok(started.elapsed().as_secs_f64())
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
