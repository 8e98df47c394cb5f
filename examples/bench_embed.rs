//! The Rust half of `scripts/bench-vs-python` (which runs it; see there).
//!
//!     bench_embed sentences DATA_DIR OUT     the CNN/DM dev sentences as newslens
//!                                            segments them, one per line
//!     bench_embed embed FILE OUT             embeds FILE's lines, writes f32 LE
//!                                            embeddings to OUT, prints sentences/s
//!
//! `embed` reads BATCH (default 32), THREADS (default: libtorch's) and PRECISION
//! (default f32, the one that matches Python) from the environment. The model is loaded
//! and warmed up on the first 64 sentences before the clock starts, as on the Python side.

use std::io::Write;
use std::time::Instant;

use newslens::ingest::document_from_bytes;
use newslens::models::{Backend, Embedder, Precision};
use newslens::preprocess::segment;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [mode, data, out] if mode == "sentences" => {
            let source = std::fs::read_to_string(std::path::Path::new(data).join("dev.source"))?;
            let mut file = std::io::BufWriter::new(std::fs::File::create(out)?);
            for article in source.lines() {
                let mut doc = document_from_bytes("a", article.as_bytes(), false)?;
                segment(&mut doc);
                for (_, s) in doc.sentences() {
                    writeln!(file, "{}", s.text.replace('\n', " "))?;
                }
            }
            file.flush()?;
        }
        [mode, input, out] if mode == "embed" => {
            if let Some(threads) = env("THREADS") {
                tch::set_num_threads(threads.parse()?);
            }
            let precision: Precision = env("PRECISION").unwrap_or("f32".into()).parse()?;
            let batch: usize = env("BATCH").unwrap_or("32".into()).parse()?;
            let text = std::fs::read_to_string(input)?;
            let sentences: Vec<&str> = text.lines().collect();
            let embedder =
                Embedder::load_with(None, Backend::Fused, precision)?.with_batch_size(batch);
            embedder.embed(&sentences[..sentences.len().min(64)])?;
            let started = Instant::now();
            let vectors = embedder.embed(&sentences)?;
            let seconds = started.elapsed().as_secs_f64();
            let bytes: Vec<u8> = vectors
                .iter()
                .flatten()
                .flat_map(|v| v.to_le_bytes())
                .collect();
            std::fs::write(out, bytes)?;
            println!(
                "newslens {precision:?} batch {batch} threads {}: {} sentences in {seconds:.2} s, {:.1} sentences/s",
                tch::get_num_threads(),
                sentences.len(),
                sentences.len() as f64 / seconds
            );
        }
        _ => return Err("usage: bench_embed sentences DATA_DIR OUT | embed FILE OUT".into()),
    }
    Ok(())
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}
