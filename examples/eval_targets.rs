//! Tone toward a target (#21) on NewsMTSC, target level: every target of every sentence
//! is one item (negative / neutral / positive toward it). Reports macro-F1, per-class F1
//! and accuracy on the held-out tenth of `train.jsonl` (where choices were made) and on
//! the two test sets, next to the sentence's own tone given to every target (what a
//! model that ignores the target gets).
//!
//!     cargo run --release --example eval_targets
//!     HEAD=DIR cargo run --release --example eval_targets   # a retrained head folder
//!
//! NEWSLENS_DATA points at the shared data folder (default ../shared/data).

use newslens::eval::classes::{macro_f1, most_probable, read_newsmtsc};
use newslens::models::embedder::MentionGroups;
use newslens::models::{Backend, Embedder};

/// The byte offset of character `char` of `text`.
fn char_byte(text: &str, char: usize) -> usize {
    text.char_indices().nth(char).map_or(text.len(), |(b, _)| b)
}

/// Characters `range` of `text`.
fn char_slice(text: &str, range: std::ops::Range<usize>) -> Option<&str> {
    text.get(char_byte(text, range.start)..char_byte(text, range.end))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let precision = newslens::eval::precision_from_env()?;
    let data = newslens::eval::data_dir();
    let head = newslens::eval::sentiment_head_from_env()?;
    let target = head
        .target
        .as_ref()
        .ok_or("the sentiment head has no target.json")?;
    let mut embedder = Embedder::load_with(None, Backend::Fused, precision)?;
    head.attach(&mut embedder)?;
    for (name, file, held_only) in [
        ("held-out tenth of train", "train", true),
        ("devtest_rw", "devtest_rw", false),
        ("devtest_mt", "devtest_mt", false),
    ] {
        let rows: Vec<_> = read_newsmtsc(&data.join(format!("newsmtsc/{file}.jsonl")))?
            .into_iter()
            .filter(|r| !held_only || r.held_out)
            .collect();
        let texts: Vec<&str> = rows.iter().map(|r| r.sentence.as_str()).collect();
        let groups: Vec<MentionGroups> = rows
            .iter()
            .map(|r| r.targets.iter().map(|t| t.mentions.clone()).collect())
            .collect();
        let encoded = embedder.encode_mentions(&texts, &groups)?;
        let (mut gold, mut toward, mut sentence) = (Vec::new(), Vec::new(), Vec::new());
        for (i, row) in rows.iter().enumerate() {
            let whole = &encoded.branch[i];
            let sentence_class = most_probable(&head.probabilities(whole), 0.0);
            for (t, pooled) in row.targets.iter().zip(&encoded.mentions[i]) {
                gold.push(t.class);
                toward.push(
                    target
                        .probabilities(pooled, whole)?
                        .map_or(1, |p| most_probable(&p, 0.0)),
                );
                sentence.push(sentence_class);
            }
        }
        let report = |what: &str, predicted: &[usize]| {
            let (m, f1, accuracy) = macro_f1(&gold, predicted);
            println!(
                "  {what}: macro-F1 {m:.3} (negative {:.3}, neutral {:.3}, positive {:.3}), accuracy {accuracy:.3}",
                f1[0], f1[1], f1[2]
            );
        };
        // How many of the annotated main mentions that are not pronouns the name finder
        // (what `newslens` uses to choose targets) finds, as a name overlapping them.
        let (mut named, mut found) = (0, 0);
        for row in &rows {
            let names = newslens::entities::names::names(&row.sentence);
            for t in &row.targets {
                let Some(main) = t.mentions.first() else {
                    continue;
                };
                let Some(text) = char_slice(&row.sentence, main.clone()) else {
                    continue;
                };
                if text.chars().next().is_some_and(char::is_lowercase)
                    || newslens::entities::names::is_personal_pronoun(text)
                {
                    continue;
                }
                named += 1;
                let bytes =
                    char_byte(&row.sentence, main.start)..char_byte(&row.sentence, main.end);
                found += usize::from(
                    names
                        .iter()
                        .any(|n| n.range.start < bytes.end && bytes.start < n.range.end),
                );
            }
        }
        println!(
            "NewsMTSC {name}: {} targets in {} sentences",
            gold.len(),
            rows.len()
        );
        println!(
            "  name finder: {found} of {named} capitalised main mentions found ({:.1}%)",
            100.0 * found as f64 / named.max(1) as f64
        );
        report("tone toward the target", &toward);
        report("the sentence's tone for every target", &sentence);
    }
    Ok(())
}
