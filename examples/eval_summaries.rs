//! ROUGE of summaries of the 125 CNN/DailyMail dev articles against their reference
//! highlights: LEAD baselines and the newslens extractive default (3 sentences).
//!
//!     cargo run --release --example eval_summaries -- ../shared/data/cnndm
//!     CV=5 cargo run --release --example eval_summaries -- ../shared/data/cnndm
//!
//! `CV=K` scores a grid of settings (lead weight x MMR lambda x title weight x skipping
//! unfit sentences) and cross-validates the choice: articles are dealt into K folds by
//! index, each fold is summarized with the setting chosen on the other folds (the one
//! whose worst margin over LEAD-3 there is highest, see `choose`), and the folds' scores
//! are reported with LEAD-3's on the same articles, then their mean and spread.
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
    let folds: usize = std::env::var("CV")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(0);
    // CV=K scores a grid of settings of the extractive summarizer on the same embeddings.
    let grid: Vec<SummarySettings> = if folds > 1 {
        let mut grid = Vec::new();
        for lead_weight in [0.5, 0.7, 0.85, 1.0] {
            for lambda in [0.85, 1.0] {
                for title_weight in [0.0, 0.25] {
                    for (skip_unfit, promotional_share) in
                        [(false, 1.0), (true, 0.3), (true, 0.5), (true, 1.0)]
                    {
                        if lead_weight + title_weight > 1.0 {
                            continue;
                        }
                        grid.push(SummarySettings {
                            sentences: Some(3),
                            lead_weight,
                            lambda,
                            title_weight,
                            skip_unfit,
                            promotional_share,
                            ..SummarySettings::default()
                        });
                    }
                }
            }
        }
        grid
    } else {
        Vec::new()
    };
    // Per article: LEAD-3's three scores and each grid setting's.
    let mut per_article: Vec<([f64; 3], Vec<[f64; 3]>)> = Vec::new();
    let scores = |candidate: &str, reference: &str| {
        [
            rouge_n(candidate, reference, 1).f1,
            rouge_n(candidate, reference, 2).f1,
            rouge_lsum(candidate, reference).f1,
        ]
    };
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
        let lead = scores(&simple[..simple.len().min(3)].join("\n"), &reference);
        let variants = grid
            .iter()
            .map(|variant| {
                summarize(&mut doc, variant);
                scores(&summary_lines(&doc), &reference)
            })
            .collect();
        per_article.push((lead, variants));
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
    if folds > 1 {
        cross_validate(&grid, &per_article, folds);
    }
    Ok(())
}

fn name(s: &SummarySettings) -> String {
    format!(
        "lead {} lambda {} title {} skip {} (promotional share {})",
        s.lead_weight, s.lambda, s.title_weight, s.skip_unfit, s.promotional_share
    )
}

/// The setting chosen on `train` articles for robustness rather than the best mean:
/// `train` is cut again into `folds - 1` parts (by article index), and the setting whose
/// worst margin over LEAD-3 (the lowest, over those parts and the three ROUGE scores,
/// of its mean minus LEAD-3's) is highest wins; ties go to the simplest, the closest to
/// the plain lead (highest lead weight, then lambda, then lowest title weight). The
/// target is to never lose to the lead on news the summarizer was not tuned on, and a
/// setting that wins on average by winning big on a few articles does not hold there
/// (the dev-tuned MMR setting fell below LEAD-3 on other CNN/DailyMail articles).
fn choose(
    grid: &[SummarySettings],
    per_article: &[([f64; 3], Vec<[f64; 3]>)],
    train: &[usize],
    folds: usize,
) -> usize {
    let parts = (folds - 1).max(1);
    let worst_margin = |v: usize| -> f64 {
        let mut worst = f64::INFINITY;
        for part in 0..parts {
            let members: Vec<usize> = train
                .iter()
                .enumerate()
                .filter(|(k, _)| k % parts == part)
                .map(|(_, &i)| i)
                .collect();
            let n = members.len().max(1) as f64;
            for metric in 0..3 {
                let margin: f64 = members
                    .iter()
                    .map(|&i| per_article[i].1[v][metric] - per_article[i].0[metric])
                    .sum::<f64>()
                    / n;
                worst = worst.min(margin);
            }
        }
        worst
    };
    let simplicity = |v: usize| {
        let s = &grid[v];
        (
            (s.lead_weight * 100.0) as i64,
            (s.lambda * 100.0) as i64,
            -(s.title_weight * 100.0) as i64,
        )
    };
    (0..grid.len())
        .max_by(|&a, &b| {
            worst_margin(a)
                .total_cmp(&worst_margin(b))
                .then(simplicity(a).cmp(&simplicity(b)))
        })
        .unwrap_or(0)
}

/// Each fold summarized with the setting chosen on the other folds, against LEAD-3.
fn cross_validate(
    grid: &[SummarySettings],
    per_article: &[([f64; 3], Vec<[f64; 3]>)],
    folds: usize,
) {
    let mean = |rows: &[&[f64; 3]]| -> [f64; 3] {
        let n = rows.len().max(1) as f64;
        [0, 1, 2].map(|k| 100.0 * rows.iter().map(|r| r[k]).sum::<f64>() / n)
    };
    let in_fold = |fold: usize, inside: bool| -> Vec<usize> {
        (0..per_article.len())
            .filter(|i| (i % folds == fold) == inside)
            .collect()
    };
    // One table row: setting `v` on fold `fold` against LEAD-3; returns the margins.
    let row = |fold: usize, label: &str, v: usize| -> [f64; 3] {
        let test = in_fold(fold, true);
        let ours = mean(
            &test
                .iter()
                .map(|&i| &per_article[i].1[v])
                .collect::<Vec<_>>(),
        );
        let lead = mean(&test.iter().map(|&i| &per_article[i].0).collect::<Vec<_>>());
        println!(
            "| {fold} | {label}{} | {:.2} / {:.2} / {:.2} | {:.2} / {:.2} / {:.2} |",
            name(&grid[v]),
            ours[0],
            ours[1],
            ours[2],
            lead[0],
            lead[1],
            lead[2]
        );
        [0, 1, 2].map(|k| ours[k] - lead[k])
    };
    println!(
        "\n{folds}-fold cross-validation over {} settings",
        grid.len()
    );
    println!(
        "| fold | chosen on the other folds | ours R1 / R2 / RLsum | LEAD-3 R1 / R2 / RLsum |"
    );
    println!("|---|---|---|---|");
    let differences: Vec<[f64; 3]> = (0..folds)
        .map(|fold| {
            row(
                fold,
                "",
                choose(grid, per_article, &in_fold(fold, false), folds),
            )
        })
        .collect();
    report_margins("chosen per fold", &differences);
    // The shipped default on the same folds, for comparison.
    let default = SummarySettings {
        sentences: Some(3),
        ..SummarySettings::default()
    };
    if let Some(v) = grid.iter().position(|g| name(g) == name(&default)) {
        let differences: Vec<[f64; 3]> = (0..folds).map(|fold| row(fold, "default: ", v)).collect();
        report_margins("the default", &differences);
    }
    println!("\nWhole dev set, every setting (tuned on all of it; for reference only):");
    for (v, setting) in grid.iter().enumerate() {
        let all = mean(&per_article.iter().map(|(_, s)| &s[v]).collect::<Vec<_>>());
        println!(
            "{:<45} {:.2} / {:.2} / {:.2}",
            name(setting),
            all[0],
            all[1],
            all[2]
        );
    }
}

fn report_margins(what: &str, differences: &[[f64; 3]]) {
    let n = differences.len() as f64;
    for (k, metric) in ["ROUGE-1", "ROUGE-2", "ROUGE-Lsum"].iter().enumerate() {
        let m = differences.iter().map(|d| d[k]).sum::<f64>() / n;
        let sd = (differences.iter().map(|d| (d[k] - m).powi(2)).sum::<f64>() / (n - 1.0).max(1.0))
            .sqrt();
        let min = differences
            .iter()
            .map(|d| d[k])
            .fold(f64::INFINITY, f64::min);
        println!("{what}, {metric}: ours - LEAD-3 per fold, mean {m:+.2}, sd {sd:.2}, worst fold {min:+.2}");
    }
}
