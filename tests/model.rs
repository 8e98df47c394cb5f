//! The embedded model is the real all-MiniLM-L6-v2: reference token ids and embedding
//! values (checked against an independent NumPy forward pass), and similarities that
//! only a trained sentence encoder gives.
#![allow(clippy::unwrap_used)]

use newslens::models::{cosine, Backend, Embedder, Precision};

/// f32, so that reference values hold to 1e-4 on any CPU.
fn embedder() -> Embedder {
    Embedder::load_with(None, Backend::Fused, Precision::F32).unwrap()
}

#[test]
fn reference_tokens_and_embedding_values() {
    let model = embedder();
    assert_eq!(
        model.token_ids("A man is eating food."),
        vec![101, 1037, 2158, 2003, 5983, 2833, 1012, 102]
    );
    let e = model
        .embed(&["A man is eating food.", "A man is eating a piece of bread."])
        .unwrap();
    assert_eq!(e[0].len(), 384);
    let reference = [0.033242f32, 0.004406, -0.006277, 0.048379, -0.138702];
    for (got, want) in e[0].iter().zip(reference) {
        assert!((got - want).abs() < 1e-4, "{got} vs {want}");
    }
    assert!(
        (cosine(&e[0], &e[1]) - 0.7553).abs() < 1e-4,
        "{}",
        cosine(&e[0], &e[1])
    );
}

/// The fused encoder (the default) against rust-bert's pipeline (the reference) on the
/// first 200 sentences of the CNN/DM dev articles, in batches that mix lengths (so
/// padding is exercised) plus one sentence past the 256-token window.
#[test]
fn fused_encoder_matches_rust_bert_to_1e_4() {
    let data = newslens::eval::data_dir().join("cnndm/dev.source");
    let Ok(source) = std::fs::read_to_string(&data) else {
        eprintln!("skipped: {} not found (set NEWSLENS_DATA)", data.display());
        return;
    };
    let mut texts: Vec<String> = source
        .lines()
        .flat_map(|article| article.split(". "))
        .filter(|s| !s.trim().is_empty())
        .take(200)
        .map(str::to_string)
        .collect();
    texts.push("word ".repeat(400));
    let fused = Embedder::load_with(None, Backend::Fused, Precision::F32)
        .unwrap()
        .with_batch_size(16);
    let reference = Embedder::load_with(None, Backend::RustBert, Precision::F32)
        .unwrap()
        .with_batch_size(7);
    let a = fused.embed(&texts).unwrap();
    let b = reference.embed(&texts).unwrap();
    let worst = a
        .iter()
        .zip(&b)
        .flat_map(|(x, y)| x.iter().zip(y).map(|(p, q)| (p - q).abs()))
        .fold(0f32, f32::max);
    assert!(worst < 1e-4, "max abs difference {worst}");
    assert_eq!(a.len(), texts.len());
}

/// Reduced precision changes the arithmetic of the matrix products only: embeddings
/// stay within a small angle of f32 (BENCHMARKS.md has the figures on all dev sentences).
#[test]
fn reduced_precision_stays_close_to_f32() {
    let texts = [
        "The company reported quarterly revenue of $3.2 billion.",
        "Officials said the bridge would reopen on Monday after repairs.",
        "An unforgettable, breathtaking triumph of the human spirit!",
        "x",
    ];
    let exact = embedder().embed(&texts).unwrap();
    for (precision, floor) in [(Precision::Bf16, 0.999), (Precision::Int8, 0.97)] {
        let fast = Embedder::load_with(None, Backend::Fused, precision).unwrap();
        for (a, b) in fast.embed(&texts).unwrap().iter().zip(&exact) {
            let c = cosine(a, b);
            assert!(c > floor, "{precision:?}: cosine {c} to f32");
        }
    }
    assert_eq!("bf16".parse::<Precision>().unwrap(), Precision::Bf16);
    assert!("f16".parse::<Precision>().is_err());
    assert_ne!(Precision::Auto.resolve(), Precision::Auto);
}

#[test]
fn identical_sentences_embed_to_cosine_one_and_order_does_not_matter() {
    let model = embedder();
    let texts = [
        "The central bank raised interest rates by a quarter point on Wednesday.",
        "Short.",
        "The central bank raised interest rates by a quarter point on Wednesday.",
    ];
    let e = model.embed(&texts).unwrap();
    assert!((cosine(&e[0], &e[2]) - 1.0).abs() < 1e-5);
    // Batching sorts by length internally; results come back in input order.
    let alone = model.embed(&[texts[1]]).unwrap();
    assert!((cosine(&alone[0], &e[1]) - 1.0).abs() < 1e-5);
    let norm: f32 = e[0].iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!(
        (norm - 1.0).abs() < 1e-4,
        "embeddings are L2-normalised: {norm}"
    );
}

#[test]
fn paraphrases_score_clearly_higher_than_unrelated_pairs() {
    let model = embedder();
    let paraphrases = [
        (
            "The company reported a sharp drop in quarterly profit.",
            "Quarterly earnings at the firm fell steeply.",
        ),
        (
            "Heavy rain flooded several streets in the city centre.",
            "Downtown roads were under water after a downpour.",
        ),
        (
            "The minister resigned after the scandal became public.",
            "Once the scandal broke, the minister stepped down.",
        ),
        (
            "Scientists discovered a new species of frog in the rainforest.",
            "A previously unknown frog was found by researchers in the jungle.",
        ),
    ];
    let unrelated = [
        (
            "The company reported a sharp drop in quarterly profit.",
            "A new species of frog was found in the jungle.",
        ),
        (
            "Heavy rain flooded several streets in the city centre.",
            "The minister resigned after the scandal became public.",
        ),
        (
            "The orchestra performed Beethoven's ninth symphony.",
            "Quarterly earnings at the firm fell steeply.",
        ),
        (
            "Scientists discovered a new species of frog in the rainforest.",
            "Downtown roads were closed for a marathon.",
        ),
    ];
    let mean = |pairs: &[(&str, &str)]| {
        let scores: Vec<f32> = pairs
            .iter()
            .map(|(a, b)| {
                let e = model.embed(&[*a, *b]).unwrap();
                cosine(&e[0], &e[1])
            })
            .collect();
        (scores.iter().sum::<f32>() / scores.len() as f32, scores)
    };
    let (para, para_scores) = mean(&paraphrases);
    let (unrel, unrel_scores) = mean(&unrelated);
    let min_para = para_scores.iter().copied().fold(f32::MAX, f32::min);
    let max_unrel = unrel_scores.iter().copied().fold(f32::MIN, f32::max);
    assert!(para > 0.6, "paraphrase mean {para}: {para_scores:?}");
    assert!(unrel < 0.3, "unrelated mean {unrel}: {unrel_scores:?}");
    assert!(
        min_para > max_unrel + 0.2,
        "{para_scores:?} vs {unrel_scores:?}"
    );
}

#[test]
fn a_missing_model_names_the_command_that_installs_it() {
    let empty = tempfile::tempdir().unwrap();
    let err = Embedder::load(Some(empty.path()))
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("all-MiniLM-L6-v2"), "{err}");
    assert!(
        err.contains("bash ") && err.contains("scripts/setup"),
        "{err}"
    );
}

/// A branch whose low-rank updates are zero and whose biases and layer norms are the
/// model's own is the model's own top: its pooled states, normalised, are the
/// embeddings. A non-zero update moves them. Checks the branch plumbing (which layer it
/// starts from, the LoRA merge, the pooling) without the trained weights.
#[test]
fn a_branch_with_zero_updates_reproduces_the_embeddings() {
    let models = newslens::models::models_dir(None).join("all-MiniLM-L6-v2");
    let base = tch::Tensor::read_safetensors(models.join("model.safetensors")).unwrap();
    let get = |name: &str| {
        base.iter()
            .find(|(n, _)| n == name || n.strip_prefix("bert.") == Some(name))
            .map(|(_, t)| t.to_kind(tch::Kind::Float))
            .unwrap_or_else(|| panic!("{name}"))
    };
    let branch = |scale: f64| {
        let mut tensors = Vec::new();
        for i in 4..6 {
            for (part, (out, inp)) in [
                ("attention.self.query", (384, 384)),
                ("attention.self.key", (384, 384)),
                ("attention.self.value", (384, 384)),
                ("attention.output.dense", (384, 384)),
                ("intermediate.dense", (1536, 384)),
                ("output.dense", (384, 1536)),
            ] {
                let p = format!("branch.layer.{i}.{part}");
                let a = tch::Tensor::ones([4, inp], (tch::Kind::Float, tch::Device::Cpu)) * 0.01;
                let b = tch::Tensor::ones([out, 4], (tch::Kind::Float, tch::Device::Cpu)) * scale;
                tensors.push((format!("{p}.lora_a"), a));
                tensors.push((format!("{p}.lora_b"), b));
                tensors.push((
                    format!("{p}.bias"),
                    get(&format!("encoder.layer.{i}.{part}.bias")),
                ));
            }
            for norm in ["attention.output.LayerNorm", "output.LayerNorm"] {
                for what in ["weight", "bias"] {
                    let name = format!("encoder.layer.{i}.{norm}.{what}");
                    tensors.push((format!("branch.layer.{i}.{norm}.{what}"), get(&name)));
                }
            }
        }
        tensors
    };
    let dir = tempfile::tempdir().unwrap();
    let sentences = [
        "The council approved the budget on Tuesday.",
        "A short one.",
        "Officials said the bridge will be closed for repairs until March, when work ends.",
    ];
    let pooled = |scale: f64| {
        let path = dir.path().join(format!("branch-{scale}.safetensors"));
        tch::Tensor::write_safetensors(&branch(scale), &path).unwrap();
        let mut model = embedder();
        model.attach_branch(&path, 4).unwrap();
        model.encode(&sentences).unwrap()
    };
    let same = pooled(0.0);
    for (embedding, state) in same.embeddings.iter().zip(&same.branch) {
        let norm = state.iter().map(|v| v * v).sum::<f32>().sqrt();
        let diff = embedding
            .iter()
            .zip(state)
            .map(|(e, s)| (e - s / norm).abs())
            .fold(0f32, f32::max);
        assert!(diff < 1e-5, "{diff}");
    }
    let moved = pooled(0.05);
    assert_eq!(
        moved.embeddings, same.embeddings,
        "the embeddings never change"
    );
    assert!(cosine(&moved.branch[0], &same.branch[0]) < 0.999);
}

/// The committed promotional-tone direction is what the examples file gives with this
/// model (rebuild it with `cargo run --release --example tone_direction` after editing
/// the examples), and it separates each pair.
#[test]
fn committed_tone_direction_matches_the_examples() {
    use newslens::flags::tone::{Examples, ToneDirection, EXAMPLES};
    let model = embedder();
    let committed = ToneDirection::builtin().unwrap();
    let computed = ToneDirection::compute(&model, EXAMPLES, "all-MiniLM-L6-v2")
        .unwrap()
        .unwrap();
    assert_eq!(computed.examples_sha256, committed.examples_sha256);
    assert_eq!(computed.embedding_model, committed.embedding_model);
    for (got, want) in computed.direction.iter().zip(&committed.direction) {
        assert!((got - want).abs() < 1e-4, "{got} vs {want}");
    }
    assert!((computed.factual_mean - committed.factual_mean).abs() < 1e-4);
    assert!((computed.promotional_mean - committed.promotional_mean).abs() < 1e-4);
    let (got, want) = (computed.peak.unwrap(), committed.peak.clone().unwrap());
    assert_eq!(got.window, want.window);
    assert!((got.factual_mean - want.factual_mean).abs() < 1e-4);
    assert!((got.promotional_mean - want.promotional_mean).abs() < 1e-4);
    // Every rewrite lies further towards promotional than its factual sentence, and
    // most of each side lies on its own side of the midpoint.
    let examples = Examples::builtin();
    let positions = |sentences: &[String]| -> Vec<f32> {
        model
            .embed(sentences)
            .unwrap()
            .iter()
            .map(|e| committed.position(e).unwrap())
            .collect()
    };
    let (promotional, factual) = (
        positions(&examples.promotional),
        positions(&examples.factual),
    );
    for (i, (p, f)) in promotional.iter().zip(&factual).enumerate() {
        assert!(p > f, "{}: {p} <= {f}", examples.promotional[i]);
    }
    // So does each rewrite's peak window, and it lies inside the rewrite.
    let peaks = |sentences: &[String]| {
        model
            .peaks(sentences, &committed.direction, want.window)
            .unwrap()
    };
    let (promotional_peaks, factual_peaks) =
        (peaks(&examples.promotional), peaks(&examples.factual));
    for (i, (p, f)) in promotional_peaks.iter().zip(&factual_peaks).enumerate() {
        let (p, f) = (p.as_ref().unwrap(), f.as_ref().unwrap());
        assert!(
            p.projection > f.projection,
            "{}: {} <= {}",
            examples.promotional[i],
            p.projection,
            f.projection
        );
        assert!(p.chars.end <= examples.promotional[i].chars().count());
    }
    // A direction of another size is an error, not a panic in libtorch.
    assert!(model
        .peaks(&["The bill now goes to the Senate."], &[1.0, 0.0], 5)
        .is_err());
    let share = |positions: &[f32], promotional: bool| {
        positions
            .iter()
            .filter(|&&p| (p > 0.5) == promotional)
            .count() as f32
            / positions.len() as f32
    };
    assert!(share(&promotional, true) > 0.75);
    assert!(share(&factual, false) > 0.75);
}
