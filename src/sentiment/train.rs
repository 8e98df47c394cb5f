//! Trains the embedded sentiment head: logistic regression on frozen MiniLM
//! embeddings of SST-2 (`sentence<TAB>label`, 1 = positive), full-batch Adam with L2,
//! deterministic for a given seed. Embeddings are cached by the data file's sha256.

use std::path::{Path, PathBuf};

use tch::nn::{self, Module, OptimizerConfig};
use tch::{Device, Kind, Tensor};

use super::head::{Provenance, SentimentHead};
use crate::models::embedder::MINILM;
use crate::models::manifest::sha256_file;
use crate::models::Embedder;

#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error("cannot read {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: expected `sentence<TAB>0|1`", path.display())]
    Format { path: PathBuf, line: usize },
    #[error("{} has no labelled sentences", path.display())]
    NoData { path: PathBuf },
    #[error(transparent)]
    Model(#[from] crate::models::ModelError),
    #[error(transparent)]
    Torch(#[from] tch::TchError),
    #[error("cannot write {}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub train: PathBuf,
    pub dev: PathBuf,
    pub cache_dir: PathBuf,
    pub seed: i64,
    pub epochs: usize,
    pub l2: f64,
    /// Share of the (all polar) dev sentences the neutral band may take.
    pub max_neutral_share: f32,
}

/// Reads a `sentence<TAB>label` file; a first line that does not parse is a header.
pub fn read_labelled(path: &Path) -> Result<Vec<(String, bool)>, TrainError> {
    let text = std::fs::read_to_string(path).map_err(|source| TrainError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let parsed = line
            .rsplit_once('\t')
            .and_then(|(sentence, label)| match label.trim() {
                "0" => Some((sentence.trim().to_string(), false)),
                "1" => Some((sentence.trim().to_string(), true)),
                _ => None,
            });
        match parsed {
            Some(pair) => out.push(pair),
            None if i == 0 => continue,
            None => {
                return Err(TrainError::Format {
                    path: path.to_path_buf(),
                    line: i + 1,
                })
            }
        }
    }
    if out.is_empty() {
        return Err(TrainError::NoData {
            path: path.to_path_buf(),
        });
    }
    Ok(out)
}

/// Embeds the sentences of `path`, reusing `cache_dir/<sha256>.minilm.f32` when present.
fn embed_cached(
    embedder: &Embedder,
    path: &Path,
    sentences: &[&str],
    cache_dir: &Path,
) -> Result<Tensor, TrainError> {
    let dim = embedder.dim();
    let digest = sha256_file(path).map_err(|source| TrainError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let cache = cache_dir.join(format!("{digest}.minilm.f32"));
    if let Ok(bytes) = std::fs::read(&cache) {
        if bytes.len() == sentences.len() * dim * 4 {
            let values: Vec<f32> = bytes
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect();
            return Ok(Tensor::from_slice(&values).view([sentences.len() as i64, dim as i64]));
        }
    }
    let vectors = embedder.embed(sentences)?;
    let flat: Vec<f32> = vectors.into_iter().flatten().collect();
    let write = |source| TrainError::Write {
        path: cache.clone(),
        source,
    };
    std::fs::create_dir_all(cache_dir).map_err(write)?;
    let bytes: Vec<u8> = flat.iter().flat_map(|v| v.to_le_bytes()).collect();
    std::fs::write(&cache, bytes).map_err(write)?;
    Ok(Tensor::from_slice(&flat).view([sentences.len() as i64, dim as i64]))
}

fn labels(data: &[(String, bool)]) -> Tensor {
    let y: Vec<f32> = data
        .iter()
        .map(|&(_, l)| if l { 1.0 } else { 0.0 })
        .collect();
    Tensor::from_slice(&y)
}

/// Trains a head and reports its accuracy on the dev set.
pub fn train(embedder: &Embedder, opts: &TrainOptions) -> Result<SentimentHead, TrainError> {
    tch::manual_seed(opts.seed);
    let train = read_labelled(&opts.train)?;
    let dev = read_labelled(&opts.dev)?;
    let train_x = embed_cached(
        embedder,
        &opts.train,
        &train.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>(),
        &opts.cache_dir,
    )?;
    let dev_x = embed_cached(
        embedder,
        &opts.dev,
        &dev.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>(),
        &opts.cache_dir,
    )?;
    let train_y = labels(&train);
    let dev_y = labels(&dev);

    let vs = nn::VarStore::new(Device::Cpu);
    let linear = nn::linear(
        vs.root() / "head",
        embedder.dim() as i64,
        1,
        nn::LinearConfig {
            ws_init: nn::Init::Const(0.0),
            bs_init: Some(nn::Init::Const(0.0)),
            bias: true,
        },
    );
    let mut opt = nn::Adam::default().build(&vs, 0.05)?;
    for _ in 0..opts.epochs {
        let logits = linear.forward(&train_x).squeeze_dim(1);
        let loss = logits.binary_cross_entropy_with_logits::<Tensor>(
            &train_y,
            None,
            None,
            tch::Reduction::Mean,
        ) + linear.ws.pow_tensor_scalar(2).sum(Kind::Float) * opts.l2;
        opt.backward_step(&loss);
    }

    let weights = Vec::<f32>::try_from(linear.ws.view([-1]).detach())?;
    let bias = linear
        .bs
        .as_ref()
        .map(|b| b.double_value(&[0]) as f32)
        .unwrap_or(0.0);
    let dev_p = Vec::<f32>::try_from(linear.forward(&dev_x).squeeze_dim(1).sigmoid().detach())?;
    let dev_labels = Vec::<f32>::try_from(dev_y)?;
    let correct = dev_p
        .iter()
        .zip(&dev_labels)
        .filter(|(p, y)| (**p > 0.5) == (**y > 0.5))
        .count();
    let dev_accuracy = correct as f32 / dev_p.len() as f32;

    // Neutral band: the widest |score| that still leaves at most `max_neutral_share`
    // of the clearly polar dev sentences neutral.
    let mut margins: Vec<f32> = dev_p.iter().map(|p| (2.0 * p - 1.0).abs()).collect();
    margins.sort_by(f32::total_cmp);
    let k = ((margins.len() as f32) * opts.max_neutral_share).floor() as usize;
    let neutral_band = margins.get(k).copied().unwrap_or(0.0);

    Ok(SentimentHead {
        embedding_model: MINILM.into(),
        weights,
        bias,
        neutral_band,
        provenance: Provenance {
            train_data: opts.train.display().to_string(),
            train_examples: train.len(),
            dev_data: opts.dev.display().to_string(),
            dev_accuracy,
            seed: opts.seed,
            epochs: opts.epochs,
            l2: opts.l2,
            trained_on: String::new(),
            command: String::new(),
        },
    })
}
