use super::*;

#[test]
fn the_peak_window_skips_special_tokens_and_padding() {
    let plain = [0.0f32, 1.0];
    let loaded = [1.0f32, 0.0];
    // Stronger along the direction than anything real: must never be chosen.
    let special = [9.0f32, 0.0];
    let rows: [[[f32; 2]; 8]; 3] = [
        // [CLS], six word pieces of which the 3rd and 4th are loaded, [SEP].
        [special, plain, plain, loaded, loaded, plain, plain, special],
        // [CLS], one word piece, [SEP], then padding.
        [
            special,
            [0.6, 0.8],
            special,
            special,
            special,
            special,
            special,
            special,
        ],
        // [CLS] [SEP] only: no word piece.
        [special; 8],
    ];
    let flat: Vec<f32> = rows.iter().flatten().flatten().copied().collect();
    let states = Tensor::from_slice(&flat).view([3, 8, 2]);
    let lengths = [8i64, 3, 2];
    let mask: Vec<i64> = lengths
        .iter()
        .flat_map(|&n| (0..8).map(move |i| i64::from(i < n)))
        .collect();
    let mask = Tensor::from_slice(&mask).view([3, 8]);
    let probe = Probe {
        direction: Tensor::from_slice(&[1.0f32, 0.0]),
        window: 2,
    };
    let (best, at) = peak_windows(&states, &mask, &probe).unwrap();
    let best = Vec::<f32>::try_from(best).unwrap();
    let at = Vec::<i64>::try_from(at).unwrap();
    assert!((best[0] - 1.0).abs() < 1e-6, "{best:?}");
    assert_eq!(at[0], 3);
    // Shorter than the window: the one word piece is the window.
    assert!((best[1] - 0.6).abs() < 1e-6, "{best:?}");
    assert!(best[2].is_nan(), "{best:?}");
}

/// A one-layer BERT of width 4 (2 heads) with every tensor but `skip`, written to `dir`.
fn tiny_bert(dir: &Path, hidden_act: &str, skip: &str) -> (PathBuf, PathBuf) {
    let config = dir.join("config.json");
    std::fs::write(
        &config,
        format!(
            r#"{{"hidden_size": 4, "num_attention_heads": 2, "num_hidden_layers": 1,
                "max_position_embeddings": 8, "hidden_act": "{hidden_act}"}}"#
        ),
    )
    .unwrap();
    let mut named: Vec<(String, Tensor)> = vec![
        (
            "embeddings.word_embeddings.weight".into(),
            Tensor::ones([10, 4], (Kind::Float, tch::Device::Cpu)),
        ),
        (
            "embeddings.position_embeddings.weight".into(),
            Tensor::ones([8, 4], (Kind::Float, tch::Device::Cpu)),
        ),
        (
            "embeddings.token_type_embeddings.weight".into(),
            Tensor::ones([2, 4], (Kind::Float, tch::Device::Cpu)),
        ),
    ];
    let mut linear = |prefix: String, out: i64, inp: i64| {
        named.push((
            format!("{prefix}.weight"),
            Tensor::ones([out, inp], (Kind::Float, tch::Device::Cpu)),
        ));
        named.push((
            format!("{prefix}.bias"),
            Tensor::zeros([out], (Kind::Float, tch::Device::Cpu)),
        ));
    };
    linear("embeddings.LayerNorm".into(), 4, 1);
    let p = "encoder.layer.0";
    for part in [
        "attention.self.query",
        "attention.self.key",
        "attention.self.value",
        "attention.output.dense",
    ] {
        linear(format!("{p}.{part}"), 4, 4);
    }
    linear(format!("{p}.attention.output.LayerNorm"), 4, 1);
    linear(format!("{p}.intermediate.dense"), 8, 4);
    linear(format!("{p}.output.dense"), 4, 8);
    linear(format!("{p}.output.LayerNorm"), 4, 1);
    let named: Vec<(String, Tensor)> = named
        .into_iter()
        .filter(|(name, _)| name != skip)
        // Layer norms are vectors.
        .map(|(name, t)| match name.contains("LayerNorm.weight") {
            true => (name, t.view([-1])),
            false => (name, t),
        })
        .collect();
    let weights = dir.join("model.safetensors");
    Tensor::write_safetensors(&named, &weights).unwrap();
    (config, weights)
}

#[test]
fn a_model_the_encoder_cannot_load_says_why_in_a_typed_error() {
    let dir = tempfile::tempdir().unwrap();
    let (config, weights) = tiny_bert(dir.path(), "gelu", "");
    let encoder = BertEncoder::load(&config, &weights, Precision::F32).unwrap();

    let (config, weights) = tiny_bert(dir.path(), "relu", "");
    let err = BertEncoder::load(&config, &weights, Precision::F32)
        .err()
        .unwrap();
    assert!(
        matches!(&err, LoadError::Unsupported(why) if why.contains("relu")),
        "{err}"
    );

    let missing = "encoder.layer.0.intermediate.dense.bias";
    let (config, weights) = tiny_bert(dir.path(), "gelu", missing);
    let err = BertEncoder::load(&config, &weights, Precision::F32)
        .err()
        .unwrap();
    assert!(
        matches!(&err, LoadError::MissingTensor(name) if name == missing),
        "{err}"
    );

    std::fs::write(&config, "{").unwrap();
    let err = BertEncoder::load(&config, &weights, Precision::F32)
        .err()
        .unwrap();
    assert!(matches!(err, LoadError::Config(_)), "{err}");

    // A branch from a layer the encoder does not have, and one whose file lacks tensors.
    let err = encoder
        .load_branch(&weights, 1, Precision::F32)
        .err()
        .unwrap();
    assert!(
        matches!(&err, LoadError::Shape(why) if why.contains("layer 1")),
        "{err}"
    );
    let err = encoder
        .load_branch(&weights, 0, Precision::F32)
        .err()
        .unwrap();
    assert!(
        matches!(&err, LoadError::MissingTensor(name) if name.starts_with("branch.layer.0.")),
        "{err}"
    );
}
