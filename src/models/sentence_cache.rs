//! Sentences already encoded in this run: a repeated sentence (wire copy syndicated
//! across outlets, boilerplate, the same article twice in a dump) is encoded once.
//! Bounded: two generations of at most `capacity / 2` sentences each; a sentence used
//! again moves to the newer one, and when the newer one is full the older is dropped
//! (a cheap approximation of least-recently-used).

use std::collections::HashMap;
use std::sync::Mutex;

use crate::document::{LoadedWord, Peak};

/// What the encoder gave for one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The L2-normalised sentence embedding.
    pub embedding: Vec<f32>,
    /// The branch's mean-pooled states; empty without a branch.
    pub branch: Vec<f32>,
    /// The peak window on the tone direction, when the encoder gives one.
    pub peak: Option<Peak>,
    /// The words the loaded-word tagger kept; empty without one.
    pub loaded: Vec<LoadedWord>,
}

/// Default capacity: about 3 KB a sentence, so some 60 MB when full.
pub const DEFAULT_CAPACITY: usize = 20_000;

#[derive(Debug, Default)]
struct Generations {
    newer: HashMap<String, Analysis>,
    older: HashMap<String, Analysis>,
}

/// A bounded map from sentence text to its [`Analysis`], safe to share between threads.
#[derive(Debug)]
pub struct SentenceCache {
    generations: Mutex<Generations>,
    capacity: usize,
}

impl SentenceCache {
    /// A cache of about `capacity` sentences (0 turns it off).
    pub fn new(capacity: usize) -> SentenceCache {
        SentenceCache {
            generations: Mutex::new(Generations::default()),
            capacity,
        }
    }

    /// The analysis of `text`, if it is here.
    pub fn get(&self, text: &str) -> Option<Analysis> {
        let mut g = self.generations.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = g.newer.get(text) {
            return Some(found.clone());
        }
        let found = g.older.remove(text)?;
        self.put_locked(&mut g, text.to_string(), found.clone());
        Some(found)
    }

    /// Keeps `analysis` for `text`.
    pub fn put(&self, text: &str, analysis: Analysis) {
        if self.capacity == 0 {
            return;
        }
        let mut g = self.generations.lock().unwrap_or_else(|e| e.into_inner());
        self.put_locked(&mut g, text.to_string(), analysis);
    }

    fn put_locked(&self, g: &mut Generations, text: String, analysis: Analysis) {
        if g.newer.len() >= self.capacity.div_ceil(2) {
            g.older = std::mem::take(&mut g.newer);
        }
        g.newer.insert(text, analysis);
    }

    /// Sentences held now.
    pub fn len(&self) -> usize {
        let g = self.generations.lock().unwrap_or_else(|e| e.into_inner());
        g.newer.len() + g.older.len()
    }

    /// Whether it holds no sentence.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analysis(x: f32) -> Analysis {
        Analysis {
            embedding: vec![x],
            branch: Vec::new(),
            peak: None,
            loaded: Vec::new(),
        }
    }

    #[test]
    fn holds_at_most_its_capacity_and_keeps_what_is_used() {
        let cache = SentenceCache::new(4);
        for i in 0..10 {
            cache.put(&format!("s{i}"), analysis(i as f32));
            // s0 is read every time: it stays.
            assert!(cache.get("s0").is_some(), "lost s0 at {i}");
            assert!(cache.len() <= 4, "{} at {i}", cache.len());
        }
        assert_eq!(cache.get("s9").unwrap().embedding, [9.0]);
        assert!(cache.get("s1").is_none());
        let off = SentenceCache::new(0);
        off.put("a", analysis(1.0));
        assert!(off.get("a").is_none() && off.is_empty());
    }
}
