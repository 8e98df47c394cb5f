//! Any Hugging Face sequence classifier (BERT, DistilBERT, RoBERTa) from a local
//! folder, through rust-bert, with its labels mapped to negative/neutral/positive.
//!
//! The folder holds `config.json` (with `id2label`), `model.safetensors` or
//! `rust_model.ot`, and the tokenizer files (`vocab.txt`, or `vocab.json` +
//! `merges.txt` for RoBERTa). `config.json` is read and checked here first, because
//! rust-bert panics on a malformed one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_bert::pipelines::common::{ModelResource, TokenizerOption};
use rust_bert::pipelines::sequence_classification::{
    SequenceClassificationConfig, SequenceClassificationOption,
};
use rust_bert::resources::LocalResource;
use serde::Deserialize;
use tch::{Device, Kind};

use super::{guarded, FolderConfig, ModelError, ModelKind, Task};
use crate::document::{Probabilities, SentimentLabel};

const WHAT: &str = "sentiment model";

/// Sentences per forward pass; inputs are sorted by length first.
const BATCH_SIZE: usize = 32;

#[derive(Debug, Deserialize)]
struct ClassifierConfig {
    #[serde(default)]
    id2label: BTreeMap<String, String>,
    #[serde(default)]
    max_position_embeddings: Option<usize>,
}

#[derive(Debug, Deserialize, Default)]
struct TokenizerConfig {
    do_lower_case: Option<bool>,
}

/// A Hugging Face sequence classifier (BERT, DistilBERT, RoBERTa) from a local folder,
/// run through rust-bert, its labels mapped to negative/neutral/positive.
pub struct Classifier {
    tokenizer: TokenizerOption,
    model: SequenceClassificationOption,
    /// The sentiment class of each model output.
    classes: Vec<SentimentLabel>,
    max_length: usize,
    pad_id: i64,
}

/// Maps a label name to a class: by name (NEGATIVE, neutral, pos, ...), or for
/// `LABEL_k` names by position (2 labels: negative, positive; 3: negative, neutral, positive).
fn map_labels(id2label: &BTreeMap<String, String>) -> Result<Vec<SentimentLabel>, String> {
    let mut labels: Vec<(usize, String)> = id2label
        .iter()
        .map(|(id, name)| {
            id.parse::<usize>()
                .map(|id| (id, name.to_lowercase()))
                .map_err(|_| format!("id2label key {id:?} is not a number"))
        })
        .collect::<Result<_, _>>()?;
    labels.sort();
    if labels.iter().enumerate().any(|(i, (id, _))| i != *id) || !(2..=3).contains(&labels.len()) {
        return Err(format!(
            "id2label must number 2 or 3 labels from 0, got {id2label:?}"
        ));
    }
    let by_position = |n: usize, i: usize| match (n, i) {
        (2, 0) | (3, 0) => SentimentLabel::Negative,
        (3, 1) => SentimentLabel::Neutral,
        _ => SentimentLabel::Positive,
    };
    let n = labels.len();
    labels
        .iter()
        .map(|(i, name)| {
            if name.starts_with("neg") {
                Ok(SentimentLabel::Negative)
            } else if name.starts_with("neu") {
                Ok(SentimentLabel::Neutral)
            } else if name.starts_with("pos") {
                Ok(SentimentLabel::Positive)
            } else if name.starts_with("label_") {
                Ok(by_position(n, *i))
            } else {
                Err(format!(
                    "label {name:?} is not negative, neutral or positive"
                ))
            }
        })
        .collect()
}

impl Classifier {
    /// Loads the classifier in `dir` (`config.json` with `id2label`, weights, vocabulary),
    /// checking that its labels map to sentiment classes.
    pub fn load(dir: &Path) -> Result<Classifier, ModelError> {
        let invalid = |path: PathBuf, why: String| ModelError::Invalid {
            what: WHAT,
            path,
            why,
        };
        let folder_config = FolderConfig::read(dir, WHAT)?;
        let config_path = folder_config.path.clone();
        let config: ClassifierConfig = folder_config.parse(WHAT)?;
        let classes =
            map_labels(&config.id2label).map_err(|why| invalid(config_path.clone(), why))?;
        let kind = ModelKind::of_config(&folder_config, Some(Task::Sentiment), WHAT)?;
        kind.check_config(&folder_config, WHAT)?;
        let model_type = kind.rust_bert();
        let weights = super::weights_in(dir, &["model.safetensors", "rust_model.ot"], WHAT)?;
        let (vocab, merges) = match kind {
            ModelKind::Roberta => (dir.join("vocab.json"), Some(dir.join("merges.txt"))),
            _ => (dir.join("vocab.txt"), None),
        };
        for file in std::iter::once(&vocab).chain(merges.as_ref()) {
            if !file.is_file() {
                return Err(invalid(file.clone(), "tokenizer file missing".into()));
            }
        }
        let tokenizer_config: TokenizerConfig = crate::bounded::read_small_file(
            &dir.join("tokenizer_config.json"),
            crate::bounded::SMALL_FILE_LIMIT,
        )
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
        let lower_case = tokenizer_config
            .do_lower_case
            .unwrap_or(kind != ModelKind::Roberta);
        let load = |source| ModelError::Load {
            model: dir.display().to_string(),
            source,
        };
        let tokenizer =
            super::tokenizer_in(dir, model_type, &vocab, merges.as_deref(), lower_case, WHAT)?;
        let mut rb_config = SequenceClassificationConfig::new(
            model_type,
            ModelResource::Torch(Box::new(LocalResource::from(weights))),
            LocalResource::from(config_path),
            LocalResource::from(vocab),
            merges.map(LocalResource::from),
            lower_case,
            None,
            None,
        );
        rb_config.device = Device::Cpu;
        let model = SequenceClassificationOption::new(&rb_config).map_err(load)?;
        let pad_id = tokenizer.get_pad_id().unwrap_or(0);
        // RoBERTa's positions start after the padding index.
        let offset = if kind == ModelKind::Roberta { 2 } else { 0 };
        let max_length = config
            .max_position_embeddings
            .unwrap_or(512)
            .saturating_sub(offset)
            .clamp(8, 512);
        Ok(Classifier {
            tokenizer,
            model,
            classes,
            max_length,
            pad_id,
        })
    }

    /// Longest input in tokens; longer sentences are truncated.
    pub fn max_length(&self) -> usize {
        self.max_length
    }

    /// Class probabilities for each text, in input order; an error when the model's
    /// output cannot be read or does not have one value per class for each text.
    pub fn probabilities<S: AsRef<str>>(
        &self,
        texts: &[S],
    ) -> Result<Vec<Probabilities>, ModelError> {
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| texts[i].as_ref().len());
        let mut out = vec![
            Probabilities {
                negative: 0.0,
                neutral: None,
                positive: 0.0
            };
            texts.len()
        ];
        for chunk in order.chunks(BATCH_SIZE) {
            let batch: Vec<&str> = chunk.iter().map(|&i| texts[i].as_ref()).collect();
            let flat = guarded(WHAT, || {
                let (ids, token_types) =
                    self.tokenizer
                        .tokenize_and_pad(&batch, self.max_length, Device::Cpu);
                let mask = ids.f_ne(self.pad_id)?.f_to_kind(Kind::Int64)?;
                let _guard = tch::no_grad_guard();
                let probs = self
                    .model
                    .forward_t(
                        Some(&ids),
                        Some(&mask),
                        Some(&token_types),
                        None,
                        None,
                        false,
                    )
                    .f_softmax(-1, Kind::Float)?;
                Ok(Vec::<f32>::try_from(probs.f_flatten(0, -1)?)?)
            })?;
            let n = self.classes.len();
            if flat.len() != n * chunk.len() {
                return Err(ModelError::Shape(format!(
                    "{} values for {} sentences, where config.json names {n} labels",
                    flat.len(),
                    chunk.len()
                )));
            }
            for (row, &i) in flat.chunks_exact(n).zip(chunk) {
                let mut p = Probabilities {
                    negative: 0.0,
                    neutral: None,
                    positive: 0.0,
                };
                for (class, value) in self.classes.iter().zip(row) {
                    match class {
                        SentimentLabel::Negative => p.negative += value,
                        SentimentLabel::Neutral => *p.neutral.get_or_insert(0.0) += value,
                        SentimentLabel::Positive => p.positive += value,
                    }
                }
                out[i] = p;
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Result<Vec<SentimentLabel>, String> {
        map_labels(
            &pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn labels_map_by_name_or_position() {
        use SentimentLabel::*;
        assert_eq!(
            labels(&[("0", "NEGATIVE"), ("1", "POSITIVE")]).unwrap(),
            vec![Negative, Positive]
        );
        assert_eq!(
            labels(&[("0", "LABEL_0"), ("1", "LABEL_1"), ("2", "LABEL_2")]).unwrap(),
            vec![Negative, Neutral, Positive]
        );
        assert_eq!(
            labels(&[("2", "Negative"), ("0", "Positive"), ("1", "Neutral")]).unwrap(),
            vec![Positive, Neutral, Negative]
        );
        assert!(labels(&[("0", "joy"), ("1", "anger")]).is_err());
        assert!(labels(&[("0", "negative")]).is_err());
        assert!(labels(&[("0", "negative"), ("2", "positive")]).is_err());
    }
}
