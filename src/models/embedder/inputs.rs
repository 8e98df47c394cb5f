//! The encoder's inputs and what is read back by token: padded batches, the weightings
//! that pool mentions, and the characters of a peak window.

use std::ops::Range;

use rust_tokenizers::Offset;
use tch::Tensor;

use crate::document::Peak;

/// The peak of one text from its window's first token: the characters its word
/// pieces cover. `None` for a text with no word piece (a NaN projection).
pub(super) fn peak(
    offsets: &[Option<Offset>],
    projection: f32,
    start: i64,
    window: i64,
) -> Option<Peak> {
    if projection.is_nan() {
        return None;
    }
    let start = usize::try_from(start).ok()?;
    let end = start.saturating_add(usize::try_from(window).ok()?);
    let covered = offsets.get(start..end.min(offsets.len()))?.iter().flatten();
    let (begin, end) = covered.fold((u32::MAX, 0), |(b, e), o| (b.min(o.begin), e.max(o.end)));
    (begin < end).then_some(Peak {
        projection,
        chars: begin as usize..end as usize,
    })
}

/// The weightings that pool each text's mention groups, `[batch, groups, tokens]`
/// (the most groups and tokens in the batch; missing ones all zero): a group weighs the
/// word pieces its characters touch alike, or all word pieces when it touches none (a
/// mention cut off by truncation). `None` when no text has a group.
pub(super) fn pool_weights(
    groups: &[&[Vec<Range<usize>>]],
    offsets: &[&[Option<Offset>]],
) -> Option<Tensor> {
    let width = groups.iter().map(|g| g.len()).max().unwrap_or(0);
    let tokens = offsets.iter().map(|o| o.len()).max().unwrap_or(0);
    if width == 0 || tokens == 0 {
        return None;
    }
    let mut weights = vec![0f32; groups.len() * width * tokens];
    for (j, (text_groups, text_offsets)) in groups.iter().zip(offsets).enumerate() {
        for (k, ranges) in text_groups.iter().enumerate() {
            let row = &mut weights[(j * width + k) * tokens..][..tokens];
            let touches = |o: &Option<Offset>| {
                o.is_some_and(|o| {
                    o.end > o.begin
                        && ranges
                            .iter()
                            .any(|r| (o.begin as usize) < r.end && (o.end as usize) > r.start)
                })
            };
            let mut hits: Vec<usize> = (0..text_offsets.len())
                .filter(|&t| touches(&text_offsets[t]))
                .collect();
            if hits.is_empty() {
                hits = (0..text_offsets.len())
                    .filter(|&t| text_offsets[t].is_some())
                    .collect();
            }
            for &t in &hits {
                row[t] = 1.0 / hits.len() as f32;
            }
        }
    }
    let shape = [groups.len() as i64, width as i64, tokens as i64];
    Some(Tensor::from_slice(&weights).view(shape))
}

/// Token ids padded with 0 (`[PAD]`) to the longest in the batch, and the mask.
pub(super) fn padded(batch: &[&[i64]]) -> (Tensor, Tensor) {
    let width = batch.iter().map(|t| t.len()).max().unwrap_or(0);
    let mut ids = Vec::with_capacity(batch.len() * width);
    let mut mask = Vec::with_capacity(batch.len() * width);
    for tokens in batch {
        ids.extend_from_slice(tokens);
        ids.resize(ids.len() + width - tokens.len(), 0);
        mask.extend(std::iter::repeat_n(1i64, tokens.len()));
        mask.resize(mask.len() + width - tokens.len(), 0);
    }
    let shape = [batch.len() as i64, width as i64];
    (
        Tensor::from_slice(&ids).view(shape),
        Tensor::from_slice(&mask).view(shape),
    )
}
