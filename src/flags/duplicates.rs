//! Near-duplicate documents across a batch (syndicated copies, lightly edited
//! re-posts): MinHash signatures of word 5-gram shingles, indexed by locality-sensitive
//! hashing (bands of rows), so each document is compared only with the few earlier ones
//! that share a band: the cost stays near-linear in the number of documents.

use std::collections::HashMap;

use crate::hash::{fnv1a, mix64};

/// Hash functions per signature, as `BANDS` bands of `ROWS` rows.
const BANDS: usize = 16;
const ROWS: usize = 4;
const HASHES: usize = BANDS * ROWS;
const SHINGLE_WORDS: usize = 5;

/// Near-duplicate detection over a batch: MinHash signatures of each document's word
/// 5-grams, banded (locality-sensitive hashing), so that each new document is compared
/// only with the earlier ones that share a band.
pub struct NearDuplicates {
    /// Estimated Jaccard similarity of shingle sets at which a document is a copy.
    threshold: f32,
    /// (band, band hash) -> documents with that band.
    buckets: HashMap<(usize, u64), Vec<usize>>,
    documents: Vec<(String, [u64; HASHES])>,
}

/// FNV-1a seeded per hash function, then mixed: cheap, stable across runs.
fn hash(bytes: &[u8], seed: u64) -> u64 {
    mix64(fnv1a(bytes, seed))
}

fn signature(text: &str) -> Option<[u64; HASHES]> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() < SHINGLE_WORDS {
        return None;
    }
    let mut sig = [u64::MAX; HASHES];
    for shingle in words.windows(SHINGLE_WORDS) {
        let base = hash(shingle.join(" ").as_bytes(), 0);
        for (i, slot) in sig.iter_mut().enumerate() {
            let h = hash(&base.to_le_bytes(), i as u64 + 1);
            if h < *slot {
                *slot = h;
            }
        }
    }
    Some(sig)
}

impl NearDuplicates {
    /// An empty index; a document counts as a copy from estimated Jaccard similarity
    /// `threshold` (0..1).
    pub fn new(threshold: f32) -> NearDuplicates {
        NearDuplicates {
            threshold,
            buckets: HashMap::new(),
            documents: Vec::new(),
        }
    }

    /// Adds a document; if an earlier one is a near-copy of it, returns that one's id
    /// and the estimated similarity (the earliest such document).
    pub fn add(&mut self, id: &str, text: &str) -> Option<(String, f32)> {
        let sig = signature(text)?;
        let mut candidates: Vec<usize> = Vec::new();
        let keys: Vec<(usize, u64)> = (0..BANDS)
            .map(|b| {
                let band: Vec<u8> = sig[b * ROWS..(b + 1) * ROWS]
                    .iter()
                    .flat_map(|h| h.to_le_bytes())
                    .collect();
                (b, hash(&band, 0))
            })
            .collect();
        for key in &keys {
            if let Some(docs) = self.buckets.get(key) {
                candidates.extend(docs);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let found = candidates.into_iter().find_map(|d| {
            let (other, other_sig) = &self.documents[d];
            let same = sig.iter().zip(other_sig).filter(|(a, b)| a == b).count();
            let similarity = same as f32 / HASHES as f32;
            (similarity >= self.threshold).then(|| (other.clone(), similarity))
        });
        let index = self.documents.len();
        self.documents.push((id.to_string(), sig));
        for key in keys {
            self.buckets.entry(key).or_default().push(index);
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "The central bank kept interest rates at 4.5 per cent on Thursday, its \
        governor said, adding that inflation had eased for a third month while wages kept rising \
        faster than expected across most of the country's regions and industries.";

    #[test]
    fn copies_and_light_edits_are_found_and_other_stories_are_not() {
        let mut index = NearDuplicates::new(0.8);
        assert_eq!(index.add("a", STORY), None);
        let copy = index.add("b", &format!("{STORY} Reuters contributed."));
        assert_eq!(copy.as_ref().map(|c| c.0.as_str()), Some("a"), "{copy:?}");
        assert!(copy.unwrap().1 >= 0.8);
        let other = "Heavy rain closed three roads in the north of the county on Tuesday \
            and the river is expected to rise by a metre before the weekend, officials said.";
        assert_eq!(index.add("c", other), None);
        assert_eq!(index.add("d", "Too short."), None);
    }
}
