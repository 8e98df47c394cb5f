//! Mean MiniLM cosine of paraphrase vs non-paraphrase pairs in the Microsoft
//! Research Paraphrase Corpus test split, and the accuracy of the repetition flag's
//! rule (cosine with content-word overlap, default settings) as a paraphrase detector.
//!
//!     cargo run --release --example eval_msrp -- ../shared/data/msrp/test.tsv

use newslens::flags::repetition::{content_words, word_overlap};
use newslens::flags::RepetitionSettings;
use newslens::models::{cosine, Embedder};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/data/msrp/test.tsv".into());
    let text = std::fs::read_to_string(&path)?;
    let embedder = Embedder::load(None)?;
    let mut pairs = Vec::new();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() == 5 {
            pairs.push((cols[0] == "1", cols[3], cols[4]));
        }
    }
    let left: Vec<&str> = pairs.iter().map(|p| p.1).collect();
    let right: Vec<&str> = pairs.iter().map(|p| p.2).collect();
    let started = std::time::Instant::now();
    let a = embedder.embed(&left)?;
    let b = embedder.embed(&right)?;
    let seconds = started.elapsed().as_secs_f64();
    let (mut sum, mut n) = ([0.0f64; 2], [0usize; 2]);
    let mut scored = Vec::new();
    let settings = RepetitionSettings::default();
    let mut rule_correct = 0usize;
    for ((label, l, r), (x, y)) in pairs.iter().zip(a.iter().zip(&b)) {
        let cos = cosine(x, y);
        let overlap = word_overlap(&content_words(l), &content_words(r));
        rule_correct += usize::from(settings.restates(cos, overlap) == *label);
        let c = f64::from(cos);
        let k = usize::from(*label);
        sum[k] += c;
        n[k] += 1;
        scored.push((c, *label));
    }
    // Best accuracy of a single cosine threshold, for reference.
    scored.sort_by(|x, y| x.0.total_cmp(&y.0));
    let positives = n[1];
    let mut best = (0usize, 0.0f64);
    let mut below_neg = 0;
    let mut below_pos = 0;
    for (i, &(c, label)) in scored.iter().enumerate() {
        if label {
            below_pos += 1;
        } else {
            below_neg += 1;
        }
        let correct = below_neg + (positives - below_pos);
        if correct > best.0 {
            best = (correct, scored.get(i + 1).map_or(c, |s| s.0));
        }
    }
    println!("pairs: {} ({} paraphrase, {} not)", pairs.len(), n[1], n[0]);
    println!("mean cosine, paraphrase:     {:.4}", sum[1] / n[1] as f64);
    println!("mean cosine, non-paraphrase: {:.4}", sum[0] / n[0] as f64);
    println!(
        "best single threshold: cosine >= {:.3} gives accuracy {:.4}",
        best.1,
        best.0 as f64 / pairs.len() as f64
    );
    println!(
        "repetition rule (cosine >= {} or cosine >= {} with >= {:.0}% shared content words): accuracy {:.4}",
        settings.paraphrase_cosine,
        settings.overlap_cosine,
        settings.min_word_overlap * 100.0,
        rule_correct as f64 / pairs.len() as f64
    );
    println!(
        "embedded {} sentences in {seconds:.1}s ({:.0} sentences/s)",
        2 * pairs.len(),
        2.0 * pairs.len() as f64 / seconds
    );
    Ok(())
}
