//! The embedded sentiment model (branch and head) on SST-2 dev (872 sentences, binary): accuracy of
//! "positive probability above negative" against the gold label, and how many
//! sentences come out neutral, at a chosen embedding precision.
//!
//!     cargo run --release --example eval_sentiment                 # precision auto
//!     PRECISION=f32 cargo run --release --example eval_sentiment
//!
//! NEWSLENS_DATA points at the shared data folder (default ../shared/data).

use newslens::document::SentimentLabel;
use newslens::eval::read_labelled;
use newslens::models::{Backend, Embedder};
use newslens::sentiment::SentimentHead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let precision = newslens::eval::precision_from_env()?;
    let dev = read_labelled(&newslens::eval::data_dir().join("sst2/dev.tsv"))?;
    let mut embedder = Embedder::load_with(None, Backend::Fused, precision)?;
    let head = SentimentHead::load(None)?;
    head.attach(&mut embedder)?;
    let texts: Vec<&str> = dev.iter().map(|(s, _)| s.as_str()).collect();
    let encoded = embedder.encode(&texts)?;
    let (mut correct, mut neutral) = (0usize, 0usize);
    for ((_, gold), v) in dev.iter().zip(head.inputs(&encoded)) {
        let p = head.predict(v);
        correct += usize::from((p.score > 0.0) == (*gold == 2));
        neutral += usize::from(p.label == SentimentLabel::Neutral);
    }
    let n = dev.len() as f64;
    println!(
        "SST-2 dev, precision {precision:?} ({:?} on this CPU): accuracy {:.2}% of {}, neutral {:.2}%",
        precision.resolve(),
        100.0 * correct as f64 / n,
        dev.len(),
        100.0 * neutral as f64 / n
    );
    Ok(())
}
