//! End-to-end speed of the embedded default: model load, the whole pipeline over the
//! 125 CNN/DailyMail dev articles (articles/s, sentences/s, time by stage, peak RSS),
//! and one ~1,000-word article. A bench binary: each figure is one timed pass after a
//! warm-up pass.
//!
//!     cargo bench --bench pipeline_speed           # NEWSLENS_DATA=../shared/data by default
//!     PRECISION=f32 cargo bench --bench pipeline_speed

use std::time::{Duration, Instant};

use newslens::batch::CHUNK;
use newslens::document::Document;
use newslens::ingest::document_from_bytes;
use newslens::pipeline::{Pipeline, Settings};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = newslens::eval::data_dir();
    let Ok(source) = std::fs::read_to_string(data.join("cnndm/dev.source")) else {
        eprintln!("pipeline_speed skipped: cnndm/dev.source not found (set NEWSLENS_DATA)");
        return Ok(());
    };
    let mut settings = Settings::default();
    // Every pass computes: the warm-up pass and the repeats below would otherwise find
    // every sentence in the run's sentence cache (measured on its own in BENCHMARKS.md).
    settings.embedding.sentence_cache = 0;
    if let Ok(precision) = std::env::var("PRECISION") {
        settings.embedding.precision = precision.parse()?;
    }
    let started = Instant::now();
    let pipeline = Pipeline::load(None, settings)?;
    let load = started.elapsed();
    println!(
        "model load (MiniLM + sentiment model, verified): {:.3} s",
        load.as_secs_f64()
    );
    let docs = || -> Result<Vec<Document>, Box<dyn std::error::Error>> {
        source
            .lines()
            .enumerate()
            .map(|(i, line)| Ok(document_from_bytes(&i.to_string(), line.as_bytes(), false)?))
            .collect()
    };
    // Warm-up pass, then the timed one.
    for mut doc in docs()? {
        pipeline.run(&mut doc)?;
    }
    let names = pipeline.stage_names();
    let mut spent = vec![Duration::ZERO; names.len()];
    let mut sentences = 0;
    let started = Instant::now();
    let mut articles = docs()?;
    let n = articles.len();
    // As `newslens score` does: chunks of documents whose sentences are embedded together.
    for chunk in articles.chunks_mut(CHUNK) {
        for result in pipeline.run_all_timed(chunk, &mut spent) {
            result?;
        }
        sentences += chunk.iter().map(|d| d.sentences().count()).sum::<usize>();
    }
    let total = started.elapsed().as_secs_f64();
    println!(
        "{n} CNN/DM dev articles: {total:.2} s, {:.1} articles/s, {:.1} sentences/s",
        n as f64 / total,
        sentences as f64 / total
    );
    let staged: f64 = spent.iter().map(Duration::as_secs_f64).sum();
    for (name, t) in names.iter().zip(&spent) {
        println!(
            "  {name:<10} {:>7.3} s  {:>5.1}%",
            t.as_secs_f64(),
            100.0 * t.as_secs_f64() / staged
        );
    }
    // One article of about 1,000 words: the longest dev articles near that length.
    let article = source
        .lines()
        .min_by_key(|l| l.split_whitespace().count().abs_diff(1000))
        .unwrap_or_default();
    let mut times = Vec::new();
    for _ in 0..5 {
        let mut doc = document_from_bytes("one", article.as_bytes(), false)?;
        let started = Instant::now();
        pipeline.run(&mut doc)?;
        times.push(started.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "one {}-word article, whole pipeline (summary, sentiment, flags): median of 5 {:.3} s",
        article.split_whitespace().count(),
        times[2]
    );
    if let Some(peak) = peak_rss_mib() {
        println!("peak RSS: {peak:.0} MiB");
    }
    Ok(())
}

/// VmHWM from /proc/self/status (Linux), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}
