//! Sentence-boundary F1 on the Propaganda Techniques Corpus articles, which have one
//! gold sentence per line. Each run of non-blank lines (after the title) is joined
//! into a paragraph and segmented; a boundary is the byte where one sentence ends
//! inside a paragraph (paragraph ends are not counted: they are given).
//!
//! Two protocols, both reported:
//! - `joined`: every line joined with a space.
//! - `layout`: a line that does not end like a sentence (a subheading, a list line,
//!   a tweet's date line, a line ending in a colon) keeps its line break, as it had
//!   in the source page; sentence-final lines are joined with a space.
//!
//!     cargo run --release --example eval_segmentation -- ../shared/data/ptc/articles

use std::collections::BTreeSet;

use newslens::ingest::document_from_bytes;
use newslens::preprocess::segment;

fn ends_like_sentence(line: &str) -> bool {
    line.trim_end_matches(['"', '\'', '”', '’', ')', ']'])
        .ends_with(['.', '!', '?', '…'])
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/data/ptc/articles".into());
    for layout in [false, true] {
        evaluate(&dir, layout)?;
    }
    Ok(())
}

fn evaluate(dir: &str, layout: bool) -> Result<(), Box<dyn std::error::Error>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    paths.sort();
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let (mut paragraphs, mut sentences) = (0usize, 0usize);
    let mut errors: Vec<String> = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path)?;
        // Line 1 is the title, line 2 blank.
        let body: Vec<&str> = text.lines().skip(2).collect();
        for group in body.split(|l| l.trim().is_empty()) {
            let lines: Vec<&str> = group
                .iter()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty())
                .collect();
            if lines.is_empty() {
                continue;
            }
            paragraphs += 1;
            sentences += lines.len();
            let mut joined = String::new();
            for (i, line) in lines.iter().enumerate() {
                if i > 0 {
                    let keep_break = layout && !ends_like_sentence(lines[i - 1]);
                    joined.push(if keep_break { '\n' } else { ' ' });
                }
                joined.push_str(line);
            }
            let mut gold = BTreeSet::new();
            let mut at = 0;
            for line in &lines[..lines.len() - 1] {
                at += line.len();
                gold.insert(at);
                at += 1;
            }
            let Ok(mut doc) = document_from_bytes("p", joined.as_bytes(), false) else {
                continue;
            };
            segment(&mut doc);
            let ends: Vec<usize> = doc.sentences().map(|(_, s)| s.span.end).collect();
            let predicted: BTreeSet<usize> = ends[..ends.len().saturating_sub(1)]
                .iter()
                .copied()
                .collect();
            tp += gold.intersection(&predicted).count();
            for &b in predicted.difference(&gold) {
                fp += 1;
                errors.push(format!(
                    "split here (not gold): ...{}|{}...",
                    tail(&joined[..b], 40),
                    head(&joined[b..], 30)
                ));
            }
            for &b in gold.difference(&predicted) {
                fn_ += 1;
                errors.push(format!(
                    "missed gold boundary: ...{}|{}...",
                    tail(&joined[..b], 40),
                    head(&joined[b..], 30)
                ));
            }
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
    println!("protocol: {}", if layout { "layout" } else { "joined" });
    println!(
        "articles {} paragraphs {paragraphs} gold sentences {sentences}",
        paths.len()
    );
    println!(
        "internal boundaries: gold {} predicted {} correct {tp}",
        tp + fn_,
        tp + fp
    );
    println!("precision {precision:.4} recall {recall:.4} F1 {f1:.4}");
    if std::env::var_os("SHOW_ERRORS")
        .is_some_and(|v| v == if layout { "layout" } else { "joined" })
    {
        for e in &errors {
            println!("{e}");
        }
    }
    Ok(())
}

fn tail(s: &str, n: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars[chars.len().saturating_sub(n)..].iter().collect()
}

fn head(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}
