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

use std::collections::HashMap;
use std::path::PathBuf;

use newslens::document::{FlagKind, RepetitionKind};
use newslens::eval::Counts;
use newslens::ingest::document_from_bytes;
use newslens::pipeline::{Pipeline, Settings};

const PROMOTIONAL: &[&str] = &[
    "Loaded_Language",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Slogans",
];
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
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir.join("articles"))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    paths.sort();
    let mut promotional = vec![Counts::default(); THRESHOLDS.len()];
    // Restatements, repeated phrases, either.
    let mut repetitive = [Counts::default(); 3];
    let (mut lines_total, mut gold_promo, mut gold_rep) = (0, 0, 0);
    let started = std::time::Instant::now();
    for path in &paths {
        let text = std::fs::read_to_string(path)?;
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.strip_prefix("article"))
            .unwrap_or("");
        // Byte offset of every character, to turn the labels' character offsets into bytes.
        let mut byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_at.push(text.len());
        let labels = std::fs::read_to_string(
            dir.join("labels")
                .join(format!("article{id}.task2-TC.labels")),
        )
        .unwrap_or_default();
        // Lines with their byte ranges (the title and blank lines included; blank lines never match).
        let mut lines = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            lines.push((at, at + body.len(), !body.trim().is_empty()));
            at += line.len();
        }
        let overlaps =
            |(s, e): (usize, usize), line: (usize, usize, bool)| line.2 && s < line.1 && line.0 < e;
        let mut gold: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
        for row in labels.lines() {
            let cols: Vec<&str> = row.split('\t').collect();
            if cols.len() != 4 {
                continue;
            }
            let (Ok(s), Ok(e)) = (cols[2].parse::<usize>(), cols[3].parse::<usize>()) else {
                continue;
            };
            let span = (
                byte_at[s.min(byte_at.len() - 1)],
                byte_at[e.min(byte_at.len() - 1)],
            );
            gold.entry(cols[1]).or_default().push(span);
        }
        let Ok(mut doc) = document_from_bytes("ptc", text.as_bytes(), false) else {
            continue;
        };
        if pipeline.run(&mut doc).is_err() {
            continue;
        }
        for &line in &lines {
            if !line.2 {
                continue;
            }
            lines_total += 1;
            let is_promo = PROMOTIONAL
                .iter()
                .flat_map(|t| gold.get(t).into_iter().flatten())
                .any(|&span| overlaps(span, line));
            let is_rep = gold
                .get("Repetition")
                .into_iter()
                .flatten()
                .any(|&span| overlaps(span, line));
            gold_promo += usize::from(is_promo);
            gold_rep += usize::from(is_rep);
            let score = doc
                .flags
                .iter()
                .filter(|f| {
                    f.kind == FlagKind::Promotional && overlaps((f.span.start, f.span.end), line)
                })
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
                        && overlaps((f.span.start, f.span.end), line)
                })
            };
            repetitive[0].add(flagged(Some(RepetitionKind::Restatement)), is_rep);
            repetitive[1].add(flagged(Some(RepetitionKind::Phrase)), is_rep);
            repetitive[2].add(flagged(None), is_rep);
        }
    }
    println!(
        "{} articles, {lines_total} sentences ({gold_promo} promotional gold, {gold_rep} repetition gold), {:.0} s",
        paths.len(),
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
