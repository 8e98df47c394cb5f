//! Sentence sentiment throughput on the embedded default (MiniLM embedding + head),
//! by batch size, on news sentences: the CNN/DailyMail dev articles segmented by
//! newslens. A bench binary rather than criterion: one pass over 1,000 sentences
//! per batch size is the measurement, and the first (warm-up) pass is not counted.
//!
//!     cargo bench --bench sentiment_speed     # NEWSLENS_DATA=../shared/data by default

use std::time::Instant;

use newslens::ingest::document_from_bytes;
use newslens::models::Embedder;
use newslens::preprocess::segment;
use newslens::sentiment::SentimentHead;

const SENTENCES: usize = 1_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = newslens::eval::data_dir();
    let Ok(source) = std::fs::read_to_string(data.join("cnndm/dev.source")) else {
        eprintln!("sentiment_speed skipped: cnndm/dev.source not found (set NEWSLENS_DATA)");
        return Ok(());
    };
    let mut sentences = Vec::new();
    for article in source.lines() {
        let Ok(mut doc) = document_from_bytes("a", article.as_bytes(), false) else {
            continue;
        };
        segment(&mut doc);
        sentences.extend(doc.sentences().map(|(_, s)| s.text.clone()));
        if sentences.len() >= SENTENCES {
            break;
        }
    }
    sentences.truncate(SENTENCES);
    let words: usize = sentences.iter().map(|s| s.split_whitespace().count()).sum();
    println!(
        "{} CNN/DM dev sentences, {:.1} words on average, {} torch threads",
        sentences.len(),
        words as f64 / sentences.len() as f64,
        tch::get_num_threads()
    );
    let head = SentimentHead::load(None)?;
    let mut embedder = Embedder::load(None)?;
    embedder.embed(&sentences[..64])?;
    for batch in [1, 4, 8, 16, 32, 64, 128] {
        embedder = embedder.with_batch_size(batch);
        let started = Instant::now();
        let vectors = embedder.embed(&sentences)?;
        let labels: usize = vectors.iter().map(|v| head.predict(v).label as usize).sum();
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "batch {batch:>3}: {:>6.1} sentences/s ({seconds:.2} s; checksum {labels})",
            sentences.len() as f64 / seconds
        );
    }
    Ok(())
}
