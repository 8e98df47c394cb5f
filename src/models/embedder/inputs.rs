//! The encoder's inputs and what is read back by token: padded batches, the weightings
//! that pool mentions, the characters of a peak window, and loaded words.

use std::ops::Range;

use rust_tokenizers::Offset;
use tch::Tensor;

use crate::document::{LoadedWord, Peak};

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

/// The words of one text whose highest word-piece probability (`probabilities`, one
/// per token, `[CLS]` and `[SEP]` included) reaches [`LoadedWord::KEPT_FROM`]. A word is
/// a run of word pieces with no character between them ("gaffe-prone" is one word).
pub(super) fn loaded_words(offsets: &[Option<Offset>], probabilities: &[f32]) -> Vec<LoadedWord> {
    let mut words: Vec<LoadedWord> = Vec::new();
    let mut current: Option<LoadedWord> = None;
    for (offset, &p) in offsets.iter().zip(probabilities) {
        let Some(o) = offset.filter(|o| o.end > o.begin) else {
            continue;
        };
        let (begin, end) = (o.begin as usize, o.end as usize);
        match current.as_mut() {
            Some(word) if word.chars.end == begin => {
                word.chars.end = end;
                word.score = word.score.max(p);
            }
            _ => {
                words.extend(current.take());
                current = Some(LoadedWord {
                    chars: begin..end,
                    score: p,
                });
            }
        }
    }
    words.extend(current);
    words.retain(|w| w.score >= LoadedWord::KEPT_FROM);
    words
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

#[cfg(test)]
mod tests {
    use super::*;

    fn offset(begin: u32, end: u32) -> Option<Offset> {
        Some(Offset { begin, end })
    }

    #[test]
    fn word_pieces_with_nothing_between_them_are_one_word_at_their_highest_score() {
        // "[CLS] gaff ##e - prone critics [SEP]" for "gaffe-prone critics"
        let offsets = [
            None,
            offset(0, 4),
            offset(4, 5),
            offset(5, 6),
            offset(6, 11),
            offset(12, 19),
            None,
        ];
        let words = loaded_words(&offsets, &[0.9, 0.1, 0.8, 0.3, 0.2, 0.1, 0.9]);
        assert_eq!(
            words,
            vec![LoadedWord {
                chars: 0..11,
                score: 0.8
            }]
        );
        let none = loaded_words(&offsets, &[0.0; 7]);
        assert!(none.is_empty());
    }
}
