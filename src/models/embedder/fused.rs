//! One batch through the fused encoder, and what is read back from it by text.

use std::ops::Range;

use rust_tokenizers::Offset;

use super::inputs::{loaded_words, padded, peak, pool_weights};
use super::{Embedder, Encoded, MentionGroups};
use crate::models::bert::{BertEncoder, Extras, Probe};
use crate::models::ModelError;

/// A batch's embeddings and, with a branch, the branch's mean states, in batch order.
type Vectors = (Vec<Vec<f32>>, Option<Vec<Vec<f32>>>);

impl Embedder {
    /// Encodes the texts `chunk` indexes (`ids`: every text's token ids and offsets),
    /// writing the mentions' states, peaks and loaded words into `out`.
    pub(super) fn encode_fused(
        &self,
        encoder: &BertEncoder,
        chunk: &[usize],
        ids: &[(Vec<i64>, Vec<Option<Offset>>)],
        mentions: &[MentionGroups],
        probe: Option<&Probe>,
        out: &mut Encoded,
    ) -> Result<Vectors, ModelError> {
        let batch: Vec<&[i64]> = chunk.iter().map(|&i| ids[i].0.as_slice()).collect();
        let (tokens, mask) = padded(&batch);
        let groups: Vec<&[Vec<Range<usize>>]> = chunk
            .iter()
            .map(|&i| mentions.get(i).map_or(&[][..], |g| g.as_slice()))
            .collect();
        let offsets: Vec<&[Option<Offset>]> = chunk.iter().map(|&i| ids[i].1.as_slice()).collect();
        let pools = self
            .branch
            .as_ref()
            .and_then(|_| pool_weights(&groups, &offsets));
        let extras = Extras {
            branch: self.branch.as_ref(),
            pools: pools.as_ref(),
            probe,
            tagger: self.tagger.as_ref(),
        };
        let pass = encoder.encode(&tokens, &mask, extras)?;
        if let Some(pooled) = pass.pooled {
            let pooled = Vec::<f32>::try_from(pooled.f_flatten(0, -1)?)?;
            let hidden = self.dim();
            let width = groups.iter().map(|g| g.len()).max().unwrap_or(0);
            for (j, (&i, g)) in chunk.iter().zip(&groups).enumerate() {
                out.mentions[i] = (0..g.len())
                    .map(|k| {
                        let at = (j * width + k) * hidden;
                        pooled.get(at..at + hidden).unwrap_or_default().to_vec()
                    })
                    .collect();
            }
        }
        if let (Some((projections, starts)), Some(probe)) = (pass.peaks, probe) {
            let projections = Vec::<f32>::try_from(projections)?;
            let starts = Vec::<i64>::try_from(starts)?;
            for ((&i, projection), start) in chunk.iter().zip(projections).zip(starts) {
                out.peaks[i] = peak(&ids[i].1, projection, start, probe.window);
            }
        }
        if let Some(loaded) = pass.loaded {
            let loaded = Vec::<Vec<f32>>::try_from(loaded)?;
            for (&i, probabilities) in chunk.iter().zip(loaded) {
                out.loaded[i] = loaded_words(&ids[i].1, &probabilities);
            }
        }
        let branched = pass.branched.map(Vec::<Vec<f32>>::try_from).transpose()?;
        let embeddings = Vec::<Vec<f32>>::try_from(pass.embeddings)?;
        Ok((embeddings, branched))
    }
}
