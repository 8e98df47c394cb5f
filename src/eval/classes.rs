//! Scores of a three-class labelling (0 negative, 1 neutral, 2 positive) and the
//! NewsMTSC data (Hamborg & Donnay, EACL 2021) they are measured on.

use std::path::Path;

use sha2::Digest;

use crate::document::Probabilities;

/// The most probable class of negative/neutral/positive probabilities, after
/// multiplying the neutral one by `exp(neutral_bias)` (0 leaves them as they are).
pub fn most_probable(p: &Probabilities, neutral_bias: f32) -> usize {
    let q = [
        p.negative,
        p.neutral.unwrap_or(0.0) * neutral_bias.exp(),
        p.positive,
    ];
    (0..3).max_by(|&a, &b| q[a].total_cmp(&q[b])).unwrap_or(1)
}

/// Macro-F1, per-class F1 and accuracy of `predicted` against `gold`.
pub fn macro_f1(gold: &[usize], predicted: &[usize]) -> (f64, [f64; 3], f64) {
    let mut f1 = [0.0f64; 3];
    for (class, f) in f1.iter_mut().enumerate() {
        let count = |pred: bool, is: bool| {
            gold.iter()
                .zip(predicted)
                .filter(|(g, p)| (**p == class) == pred && (**g == class) == is)
                .count() as f64
        };
        let (tp, fp, fn_) = (count(true, true), count(true, false), count(false, true));
        *f = if tp > 0.0 {
            2.0 * tp / (2.0 * tp + fp + fn_)
        } else {
            0.0
        };
    }
    let correct = gold.iter().zip(predicted).filter(|(g, p)| g == p).count();
    (
        f1.iter().sum::<f64>() / 3.0,
        f1,
        correct as f64 / gold.len().max(1) as f64,
    )
}

/// One target of a NewsMTSC sentence.
#[derive(Debug, Clone)]
pub struct Target {
    /// Character ranges in the sentence: the main mention, then its further mentions
    /// (pronouns and other names of the same target).
    pub mentions: Vec<std::ops::Range<usize>>,
    /// 0 negative, 1 neutral, 2 positive.
    pub class: usize,
}

/// One NewsMTSC sentence.
#[derive(Debug, Clone)]
pub struct NewsSentence {
    /// The sentence, as NewsMTSC normalised it.
    pub sentence: String,
    /// Each target mentioned in it, with the sentiment toward it.
    pub targets: Vec<Target>,
    /// Whether its article is in the tenth of `train.jsonl` that the training scripts
    /// hold out (sha256 of the article name, mod 10 = 0).
    pub held_out: bool,
}

impl NewsSentence {
    /// The class all targets agree on, if they do.
    pub fn agreed_class(&self) -> Option<usize> {
        let first = self.targets.first()?.class;
        self.targets
            .iter()
            .all(|t| t.class == first)
            .then_some(first)
    }
}

/// Reads a NewsMTSC JSONL file (`train.jsonl`, `devtest_rw.jsonl`, `devtest_mt.jsonl`).
pub fn read_newsmtsc(path: &Path) -> Result<Vec<NewsSentence>, Box<dyn std::error::Error>> {
    let mut rows = Vec::new();
    for line in std::fs::read_to_string(path)?
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let value: serde_json::Value = serde_json::from_str(line)?;
        let span = |v: &serde_json::Value| -> Option<std::ops::Range<usize>> {
            Some(v["from"].as_u64()? as usize..v["to"].as_u64()? as usize)
        };
        let mut targets = Vec::new();
        for t in value["targets"].as_array().into_iter().flatten() {
            let class = match t["polarity"].as_f64().map(|p| p as i64) {
                Some(2) => 0,
                Some(4) => 1,
                Some(6) => 2,
                _ => continue,
            };
            let further = t["further_mentions"].as_array().into_iter().flatten();
            let mentions: Vec<_> = std::iter::once(t).chain(further).filter_map(span).collect();
            targets.push(Target { mentions, class });
        }
        // primary_gid: SOURCE_ARTICLE_..._TARGET_FROM_TO; the first three fields name the article.
        let gid = value["primary_gid"].as_str().unwrap_or("");
        let article = gid.split('_').take(3).collect::<Vec<_>>().join("_");
        let digest = format!("{:x}", sha2::Sha256::digest(article.as_bytes()));
        let held_out = digest
            .chars()
            .filter_map(|c| c.to_digit(16))
            .fold(0u32, |r, d| (r * 16 + d) % 10)
            == 0;
        rows.push(NewsSentence {
            sentence: value["sentence_normalized"]
                .as_str()
                .unwrap_or("")
                .to_string(),
            targets,
            held_out,
        });
    }
    Ok(rows)
}
