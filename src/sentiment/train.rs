//! Trains the embedded sentiment head: an MLP on frozen MiniLM embeddings.
//!
//! Training files are `sentence<TAB>label`, label `0`/`1` (SST-2: negative/positive)
//! or `negative`/`neutral`/`positive`. Every tenth example of a 3-class file is held
//! out to report 3-class accuracy; SST-2 dev measures polarity and how much clear
//! sentiment the neutral class swallows. Mini-batch Adam with weight decay;
//! deterministic for a given seed. Embeddings are cached by each file's sha256.

use std::path::{Path, PathBuf};

use tch::nn::{self, Module, OptimizerConfig};
use tch::{Device, Kind, Tensor};

use super::head::{HeadMeta, Provenance, CLASSES, META_FILE, WEIGHTS_FILE};
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
    #[error("{}:{line}: expected `sentence<TAB>label` with label 0, 1, negative, neutral or positive", path.display())]
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
    pub train: Vec<PathBuf>,
    pub dev: PathBuf,
    pub cache_dir: PathBuf,
    pub seed: i64,
    pub epochs: usize,
    pub hidden: usize,
    pub batch_size: usize,
    pub learning_rate: f64,
    pub weight_decay: f64,
}

/// Class index of a label: 0 negative, 1 neutral, 2 positive.
fn class(label: &str) -> Option<i64> {
    match label.trim() {
        "0" | "negative" => Some(0),
        "neutral" => Some(1),
        "1" | "positive" => Some(2),
        _ => None,
    }
}

/// Reads a `sentence<TAB>label` file; a first line that does not parse is a header.
pub fn read_labelled(path: &Path) -> Result<Vec<(String, i64)>, TrainError> {
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
            .and_then(|(sentence, label)| Some((sentence.trim().to_string(), class(label)?)));
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

/// A labelled file, embedded.
struct Labelled {
    x: Tensor,
    y: Vec<i64>,
}

fn load(embedder: &Embedder, path: &Path, cache_dir: &Path) -> Result<Labelled, TrainError> {
    let data = read_labelled(path)?;
    let sentences: Vec<&str> = data.iter().map(|(s, _)| s.as_str()).collect();
    Ok(Labelled {
        x: embed_cached(embedder, path, &sentences, cache_dir)?,
        y: data.iter().map(|&(_, c)| c).collect(),
    })
}

fn rows(x: &Tensor, keep: &[i64]) -> Tensor {
    x.index_select(0, &Tensor::from_slice(keep))
}

fn mlp(root: &nn::Path, inputs: i64, hidden: i64) -> impl Module {
    nn::seq()
        .add(nn::linear(
            root / "hidden",
            inputs,
            hidden,
            Default::default(),
        ))
        .add_fn(|x| x.relu())
        .add(nn::linear(
            root / "output",
            hidden,
            CLASSES.len() as i64,
            Default::default(),
        ))
}

/// A trained head, ready to be written.
pub struct Trained {
    pub meta: HeadMeta,
    vs: nn::VarStore,
}

impl Trained {
    /// Writes `head.json` and `head.safetensors` into `dir`.
    pub fn save(&self, dir: &Path) -> Result<(), TrainError> {
        let write = |path: PathBuf| move |source| TrainError::Write { path, source };
        std::fs::create_dir_all(dir).map_err(write(dir.to_path_buf()))?;
        let json = serde_json::to_string_pretty(&self.meta).map_err(std::io::Error::other);
        let meta_path = dir.join(META_FILE);
        std::fs::write(&meta_path, json.map_err(write(meta_path.clone()))? + "\n")
            .map_err(write(meta_path.clone()))?;
        self.vs.save(dir.join(WEIGHTS_FILE))?;
        Ok(())
    }
}

/// Trains a head on `opts.train` and measures it on `opts.dev`.
pub fn train(embedder: &Embedder, opts: &TrainOptions) -> Result<Trained, TrainError> {
    tch::manual_seed(opts.seed);
    let mut xs = Vec::new();
    let mut ys = Vec::new();
    let mut heldout: Vec<Labelled> = Vec::new();
    let mut train_data = Vec::new();
    for path in &opts.train {
        let file = load(embedder, path, &opts.cache_dir)?;
        let three_class = file.y.contains(&1);
        let (keep, hold): (Vec<i64>, Vec<i64>) =
            (0..file.y.len() as i64).partition(|i| !(three_class && i % 10 == 9));
        xs.push(rows(&file.x, &keep));
        ys.extend(keep.iter().map(|&i| file.y[i as usize]));
        train_data.push((path.display().to_string(), keep.len()));
        if !hold.is_empty() {
            heldout.push(Labelled {
                x: rows(&file.x, &hold),
                y: hold.iter().map(|&i| file.y[i as usize]).collect(),
            });
        }
    }
    let x = Tensor::cat(&xs, 0);
    let y = Tensor::from_slice(&ys);
    let n = ys.len() as i64;

    let vs = nn::VarStore::new(Device::Cpu);
    let net = mlp(&vs.root(), embedder.dim() as i64, opts.hidden as i64);
    let mut opt = nn::Adam {
        wd: opts.weight_decay,
        ..Default::default()
    }
    .build(&vs, opts.learning_rate)?;
    for _ in 0..opts.epochs {
        let order = Tensor::randperm(n, (Kind::Int64, Device::Cpu));
        let mut start = 0;
        while start < n {
            let len = (opts.batch_size as i64).min(n - start);
            let idx = order.narrow(0, start, len);
            let logits = net.forward(&x.index_select(0, &idx));
            let loss = logits.cross_entropy_for_logits(&y.index_select(0, &idx));
            opt.backward_step(&loss);
            start += len;
        }
    }

    let predict = |x: &Tensor| -> Result<Vec<[f32; 3]>, TrainError> {
        let p = tch::no_grad(|| net.forward(x).softmax(-1, Kind::Float));
        let flat = Vec::<f32>::try_from(p.flatten(0, -1))?;
        Ok(flat.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect())
    };
    let dev = load(embedder, &opts.dev, &opts.cache_dir)?;
    let dev_p = predict(&dev.x)?;
    let correct = dev_p
        .iter()
        .zip(&dev.y)
        .filter(|(p, &y)| (p[2] > p[0]) == (y == 2))
        .count();
    let neutral = dev_p
        .iter()
        .filter(|p| p[1] >= p[0] && p[1] >= p[2])
        .count();
    let heldout_3class_accuracy = if heldout.is_empty() {
        None
    } else {
        let (mut right, mut total) = (0usize, 0usize);
        for part in &heldout {
            let p = predict(&part.x)?;
            for (p, &y) in p.iter().zip(&part.y) {
                let argmax = (0..3).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap_or(1);
                right += usize::from(argmax as i64 == y);
                total += 1;
            }
        }
        Some(right as f32 / total as f32)
    };

    Ok(Trained {
        meta: HeadMeta {
            embedding_model: MINILM.into(),
            inputs: embedder.dim(),
            hidden: opts.hidden,
            provenance: Provenance {
                train_data,
                dev_data: opts.dev.display().to_string(),
                dev_accuracy: correct as f32 / dev_p.len() as f32,
                dev_neutral_share: neutral as f32 / dev_p.len() as f32,
                heldout_3class_accuracy,
                seed: opts.seed,
                epochs: opts.epochs,
                batch_size: opts.batch_size,
                learning_rate: opts.learning_rate,
                weight_decay: opts.weight_decay,
                trained_on: String::new(),
                command: String::new(),
            },
        },
        vs,
    })
}
