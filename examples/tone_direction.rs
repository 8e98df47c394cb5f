//! Recomputes the promotional-tone direction from `src/flags/tone_examples.tsv` with the
//! embedded model at f32 and prints it as JSON, for `src/flags/tone_direction.json`:
//!
//!     cargo run --release --example tone_direction > src/flags/tone_direction.json

use newslens::flags::tone::{ToneDirection, EXAMPLES};
use newslens::models::{Backend, Embedder, Precision};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let embedder = Embedder::load_with(None, Backend::Fused, Precision::F32)?;
    let tone = ToneDirection::compute(&embedder, EXAMPLES, "all-MiniLM-L6-v2")?
        .ok_or("the examples file has no factual<TAB>promotional pairs")?;
    println!("{}", serde_json::to_string_pretty(&tone)?);
    Ok(())
}
