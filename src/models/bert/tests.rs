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
