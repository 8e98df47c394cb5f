//! ROUGE of summaries of the 125 CNN/DailyMail dev articles against their reference
//! highlights: LEAD baselines and the newslens extractive default (3 sentences).
//!
//!     cargo run --release --example eval_summaries -- ../shared/data/cnndm
//!
//! `PRECISION=f32|bf16|int8` sets the embedding precision (default auto).
//! Scores are mean F1 x 100 as rouge-score reports them (stemming on);
//! `scripts/check-rouge` computes LEAD-3 with the Python package for comparison.

use std::path::PathBuf;

use newslens::document::Document;
use newslens::eval::rouge::{rouge_lsum, rouge_n};
use newslens::ingest::document_from_bytes;
use newslens::pipeline::{Pipeline, Settings};
use newslens::summarize::{summarize, SummarySettings};

/// The LEAD splitter of the reference figures: a boundary is whitespace after
/// `.`, `!` or `?` when the next character is upper case, a digit or an opening quote.
fn simple_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for w in 1..chars.len() {
        let (pos, c) = chars[w];
        if !c.is_whitespace() || !matches!(chars[w - 1].1, '.' | '!' | '?') {
            continue;
        }
        let next = chars[w + 1..].iter().find(|(_, c)| !c.is_whitespace());
        if let Some(&(_, n)) = next {
            if n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '\'' | '“' | '‘') {
                out.push(text[start..pos].trim());
                start = pos;
            }
        }
    }
    out.push(text[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

/// The document's summary, one sentence per line (as ROUGE-Lsum reads it).
fn summary_lines(doc: &Document) -> String {
    let Some(summary) = &doc.summary else {
        return String::new();
    };
    let sentences: Vec<&str> = summary
        .sentences
        .iter()
        .map(|&span| doc.slice(span))
        .collect();
    sentences.join("\n")
}

fn reference(target: &str) -> String {
    target
        .split(" . ")
        .map(|s| s.trim().trim_end_matches(" .").trim_end_matches('.').trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Default)]
struct Mean {
    r1: f64,
    r2: f64,
    rl: f64,
    n: usize,
}

impl Mean {
    fn add(&mut self, candidate: &str, reference: &str) {
        self.r1 += rouge_n(candidate, reference, 1).f1;
        self.r2 += rouge_n(candidate, reference, 2).f1;
        self.rl += rouge_lsum(candidate, reference).f1;
        self.n += 1;
    }

    fn row(&self, name: &str) -> String {
        let n = self.n.max(1) as f64;
        format!(
            "| {name} | {:.2} | {:.2} | {:.2} |",
            100.0 * self.r1 / n,
            100.0 * self.r2 / n,
            100.0 * self.rl / n
        )
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/data/cnndm".into()),
    );
    let sources = std::fs::read_to_string(dir.join("dev.source"))?;
    let targets = std::fs::read_to_string(dir.join("dev.target"))?;
    let mut settings = Settings::default();
    settings.summary.sentences = Some(3);
    if let Ok(precision) = std::env::var("PRECISION") {
        settings.embedding.precision = precision.parse()?;
    }
    let pipeline = Pipeline::load(None, settings)?;
    let (mut lead3, mut lead2, mut ours, mut ours_lead3) = (
        Mean::default(),
        Mean::default(),
        Mean::default(),
        Mean::default(),
    );
    // GRID=1 also scores other settings of the extractive summarizer on the same
    // embeddings: lead weight x MMR lambda.
    let grid: Vec<SummarySettings> = if std::env::var_os("GRID").is_some() {
        let mut grid = Vec::new();
        for lead_weight in [0.3, 0.5, 0.7, 0.85] {
            for lambda in [0.7, 0.85, 1.0] {
                grid.push(SummarySettings {
                    sentences: Some(3),
                    lead_weight,
                    lambda,
                    ..SummarySettings::default()
                });
            }
        }
        grid
    } else {
        Vec::new()
    };
    let mut grid_means: Vec<Mean> = grid.iter().map(|_| Mean::default()).collect();
    let started = std::time::Instant::now();
    for (source, target) in sources.lines().zip(targets.lines()) {
        let reference = reference(target);
        let simple = simple_sentences(source);
        lead3.add(&simple[..simple.len().min(3)].join("\n"), &reference);
        lead2.add(&simple[..simple.len().min(2)].join("\n"), &reference);
        let mut doc = document_from_bytes("a", source.as_bytes(), false)?;
        pipeline.run(&mut doc)?;
        let first: Vec<&str> = doc
            .sentences()
            .take(3)
            .map(|(_, s)| doc.slice(s.span))
            .collect();
        ours_lead3.add(&first.join("\n"), &reference);
        ours.add(&summary_lines(&doc), &reference);
        for (variant, mean) in grid.iter().zip(&mut grid_means) {
            summarize(&mut doc, variant);
            mean.add(&summary_lines(&doc), &reference);
        }
    }
    println!(
        "{} articles, {:.1} s",
        lead3.n,
        started.elapsed().as_secs_f64()
    );
    println!("| summary | ROUGE-1 | ROUGE-2 | ROUGE-Lsum |");
    println!("|---|---|---|---|");
    println!("{}", lead3.row("LEAD-3 (reference splitter)"));
    println!("{}", lead2.row("LEAD-2 (reference splitter)"));
    println!("{}", ours_lead3.row("LEAD-3 (newslens sentences)"));
    println!("{}", ours.row("newslens extractive, 3 sentences"));
    for (variant, mean) in grid.iter().zip(&grid_means) {
        let name = format!(
            "lead_weight {} lambda {}",
            variant.lead_weight, variant.lambda
        );
        println!("{}", mean.row(&name));
    }
    Ok(())
}
