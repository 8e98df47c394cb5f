//! Sentence-level precision/recall/F1 of newslens's flags on the Propaganda
//! Techniques Corpus (250 articles, one sentence per line, technique spans in
//! character offsets):
//! - promotional flags vs lines overlapping Loaded_Language, Exaggeration,Minimisation,
//!   Flag-Waving or Slogans spans, swept over the promotional threshold;
//! - repetitive flags vs lines overlapping Repetition spans, by subkind and together.
//!
//! A line counts as flagged when a flag's span overlaps it. No training on PTC.
//!
//!     cargo run --release --example eval_flags -- ../shared/data/ptc
//!
//! `PRECISION=f32|bf16|int8` sets the embedding precision (default auto).

use std::path::PathBuf;

use newslens::document::{FlagKind, RepetitionKind};
use newslens::eval::ptc::{self, PROMOTIONAL};
use newslens::eval::Counts;
use newslens::ingest::document_from_bytes;
use newslens::pipeline::{Pipeline, Settings};

const THRESHOLDS: &[f32] = &[
    0.25, 0.3, 0.325, 0.35, 0.375, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7,
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/data/ptc".into()),
    );
    let mut settings = Settings::default();
    settings.promotional.threshold = 0.0;
    if let Ok(precision) = std::env::var("PRECISION") {
        settings.embedding.precision = precision.parse()?;
    }
    let pipeline = Pipeline::load(None, settings)?;
    let articles = ptc::read(&dir)?;
    let mut promotional = vec![Counts::default(); THRESHOLDS.len()];
    // Restatements, repeated phrases, either.
    let mut repetitive = [Counts::default(); 3];
    let (mut lines_total, mut gold_promo, mut gold_rep) = (0, 0, 0);
    let started = std::time::Instant::now();
    for article in &articles {
        let Ok(mut doc) = document_from_bytes("ptc", article.text.as_bytes(), false) else {
            continue;
        };
        if pipeline.run(&mut doc).is_err() {
            continue;
        }
        let overlaps = |f: &newslens::document::Flag, line: &std::ops::Range<usize>| {
            f.span.start < line.end && line.start < f.span.end
        };
        for line in &article.lines {
            lines_total += 1;
            let is_promo = article.marked(line, PROMOTIONAL);
            let is_rep = article.marked(line, &["Repetition"]);
            gold_promo += usize::from(is_promo);
            gold_rep += usize::from(is_rep);
            let score = doc
                .flags
                .iter()
                .filter(|f| f.kind == FlagKind::Promotional && overlaps(f, line))
                .map(|f| f.score)
                .fold(None, |best: Option<f32>, s| {
                    Some(best.map_or(s, |b| b.max(s)))
                });
            for (counts, &threshold) in promotional.iter_mut().zip(THRESHOLDS) {
                counts.add(score.is_some_and(|s| s >= threshold), is_promo);
            }
            let flagged = |kind: Option<RepetitionKind>| {
                doc.flags.iter().any(|f| {
                    f.kind == FlagKind::Repetitive
                        && (kind.is_none() || f.subkind == kind)
                        && overlaps(f, line)
                })
            };
            repetitive[0].add(flagged(Some(RepetitionKind::Restatement)), is_rep);
            repetitive[1].add(flagged(Some(RepetitionKind::Phrase)), is_rep);
            repetitive[2].add(flagged(None), is_rep);
        }
    }
    println!(
        "{} articles, {lines_total} sentences ({gold_promo} promotional gold, {gold_rep} repetition gold), {:.0} s",
        articles.len(),
        started.elapsed().as_secs_f64()
    );
    println!("| promotional threshold | P / R / F1 |");
    println!("|---|---|");
    for (counts, threshold) in promotional.iter().zip(THRESHOLDS) {
        println!("| {threshold} | {} |", counts.prf());
    }
    println!("| repetitive (default settings) | P / R / F1 |");
    println!("|---|---|");
    for (counts, what) in
        repetitive
            .iter()
            .zip(["restatements", "repeated phrases", "both (the product)"])
    {
        println!("| {what} | {} |", counts.prf());
    }
    Ok(())
}
