//! The embed stage: every sentence through MiniLM once, with the sentiment branch, the
//! peak windows, the loaded-word tagger and the entities' mentions in the same pass,
//! batched across documents.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use super::{PipelineError, Stage};
use crate::document::Document;
use crate::models::embedder::{MentionGroups, MAX_TOKENS};
use crate::models::sentence_cache::{Analysis, SentenceCache};
use crate::models::sentence_store::{Key, SentenceStore, Stored};
use crate::models::Embedder;

/// Sentences longer than this many words are checked against the model's window.
const LONG_SENTENCE_WORDS: usize = 150;

pub(super) struct EmbedStage {
    pub(super) embedder: Embedder,
    /// Sentences already encoded in this run, by text.
    pub(super) cache: SentenceCache,
    /// Sentences encoded in earlier runs, when the on-disk cache is on.
    pub(super) store: Option<SentenceStore>,
}

impl Stage for EmbedStage {
    fn name(&self) -> &'static str {
        "embed"
    }
    fn run(&self, doc: &mut Document) -> Result<(), PipelineError> {
        self.run_all(&mut [doc]).pop().unwrap_or(Ok(()))
    }

    fn batches(&self) -> bool {
        true
    }

    /// Embeds the sentences of all `docs` in one call, so that batches are sorted by
    /// length across documents and pad little. A sentence seen before in this run, or
    /// twice among `docs`, is encoded once; one in the on-disk store is not encoded.
    fn run_all(&self, docs: &mut [&mut Document]) -> Vec<Result<(), PipelineError>> {
        // Each sentence's text, the mentions of each target in it, its key in the
        // on-disk store, and what the run's cache holds for its text, taken now: the
        // cache may drop it while this chunk's store rows go in. Then the store's row of
        // every sentence: with a store, each key gets one analysis for good, the one
        // written the first time, and a later run gives every sentence that one.
        let mut asked: Vec<Key> = Vec::new();
        let planned: Vec<Vec<Planned>> = docs
            .iter()
            .map(|doc| {
                doc.sentences()
                    .map(|(_, s)| {
                        // Each target's mentions, then each name that may be a person's.
                        let spans: MentionGroups = s
                            .targets
                            .iter()
                            .map(|t| t.chars.clone())
                            .chain(s.people.iter().map(|p| vec![p.chars.clone()]))
                            .collect();
                        let key = self.store.as_ref().map(|store| store.key(&s.text, &spans));
                        let cached = self.cache.get(&s.text);
                        asked.extend(key);
                        Planned {
                            text: &s.text,
                            spans,
                            key,
                            cached,
                        }
                    })
                    .collect()
            })
            .collect();
        asked.sort_unstable();
        asked.dedup();
        let rows: HashMap<Key, Stored> = match &self.store {
            Some(store) if !asked.is_empty() => asked
                .iter()
                .zip(store.get_many(&asked))
                .filter_map(|(key, row)| Some((*key, row?)))
                .collect(),
            _ => HashMap::new(),
        };
        if self.store.is_some() {
            tracing::debug!(
                asked = asked.len(),
                found = rows.len(),
                "on-disk sentence cache"
            );
        }
        // Each sentence's analysis and mention states: known (Ok), or the index of the
        // text to encode (Err), each distinct text and mentions once.
        let mut found: Vec<Vec<Result<Stored, usize>>> = Vec::with_capacity(docs.len());
        let mut to_encode: Vec<&str> = Vec::new();
        // The mentions to pool in each text to encode (see `entities`), and its store key.
        let mut groups: Vec<MentionGroups> = Vec::new();
        let mut encode_keys: Vec<Option<Key>> = Vec::new();
        let mut index: HashMap<(&str, MentionGroups), usize> = HashMap::new();
        // A text the run's cache held, encoded again for its mentions' states: its
        // analysis as first given.
        let mut seen: HashMap<&str, Analysis> = HashMap::new();
        // Sentences the run's cache answered that the store does not hold yet.
        let mut unstored: Vec<(Key, Stored)> = Vec::new();
        for sentences in planned {
            let mut analyses = Vec::new();
            for Planned {
                text,
                spans,
                key,
                cached,
            } in sentences
            {
                if let Some(row) = key.and_then(|key| rows.get(&key).cloned()) {
                    self.cache.put(text, row.analysis.clone());
                    analyses.push(Ok(row));
                    continue;
                }
                if spans.is_empty() {
                    if let Some(analysis) = cached {
                        let known = Stored {
                            analysis,
                            mentions: Vec::new(),
                        };
                        if let Some(key) = key {
                            unstored.push((key, known.clone()));
                        }
                        analyses.push(Ok(known));
                        continue;
                    }
                }
                // Encoded once per text and mentions: a sentence naming entities pools
                // its own mentions' states, which the same words elsewhere need not have.
                if let Some(cached) = cached {
                    seen.entry(text).or_insert(cached);
                }
                let slot = match index.entry((text, spans)) {
                    Entry::Occupied(slot) => *slot.get(),
                    Entry::Vacant(slot) => {
                        to_encode.push(text);
                        groups.push(slot.key().1.clone());
                        encode_keys.push(key);
                        *slot.insert(to_encode.len() - 1)
                    }
                };
                analyses.push(Err(slot));
            }
            found.push(analyses);
        }
        let warnings: Vec<Vec<String>> = docs.iter().map(|doc| self.long_sentences(doc)).collect();
        let encoded = match self.embedder.encode_mentions(&to_encode, &groups) {
            Ok(encoded) => encoded,
            // Each document alone, so that only the one the model fails on fails.
            Err(_) if docs.len() > 1 => {
                return docs.iter_mut().map(|doc| self.run(doc)).collect();
            }
            Err(err) => {
                let message = crate::error::error_chain(&err);
                return docs
                    .iter()
                    .map(|_| Err(PipelineError::Embedding(message.clone())))
                    .collect();
            }
        };
        // A sentence's own analysis does not depend on the mentions pooled beside it, so
        // each text keeps one for the whole run: what the cache held, else its first
        // encoding here. Encodings of the same words in batches of other lengths may
        // differ in their last bits, and the store must hold what the run wrote.
        let mut analyses: HashMap<&str, Analysis> = seen;
        let new: Vec<Stored> = to_encode
            .iter()
            .enumerate()
            .map(|(i, text)| Stored {
                analysis: analyses
                    .entry(text)
                    .or_insert_with(|| Analysis {
                        embedding: encoded.embeddings.get(i).cloned().unwrap_or_default(),
                        branch: encoded.branch.get(i).cloned().unwrap_or_default(),
                        peak: encoded.peaks.get(i).cloned().flatten(),
                        loaded: encoded.loaded.get(i).cloned().unwrap_or_default(),
                    })
                    .clone(),
                mentions: encoded.mentions.get(i).cloned().unwrap_or_default(),
            })
            .collect();
        for (text, fresh) in to_encode.iter().zip(&new) {
            self.cache.put(text, fresh.analysis.clone());
        }
        if let Some(store) = &self.store {
            let fresh = encode_keys
                .iter()
                .zip(&new)
                .filter_map(|(key, fresh)| Some(((*key)?, fresh.clone())));
            unstored.extend(fresh);
            store.put_many(&unstored);
        }
        let (branch, tone) = (self.embedder.has_branch(), self.embedder.has_tone());
        for ((doc, analyses), warnings) in docs.iter_mut().zip(found).zip(warnings) {
            let sentences = doc.blocks.iter_mut().flat_map(|b| &mut b.sentences);
            for (sentence, analysis) in sentences.zip(analyses) {
                let known = analysis.unwrap_or_else(|i| new[i].clone());
                let mut states = known.mentions.into_iter();
                for (target, state) in sentence.targets.iter_mut().zip(states.by_ref()) {
                    target.state = state;
                }
                for (person, state) in sentence.people.iter_mut().zip(states) {
                    person.state = state;
                }
                let analysis = known.analysis;
                sentence.embedding = analysis.embedding;
                if branch {
                    sentence.sentiment_input = analysis.branch;
                }
                if tone {
                    sentence.peak = analysis.peak;
                }
                sentence.loaded = analysis.loaded;
            }
            doc.warnings.extend(warnings);
        }
        docs.iter().map(|_| Ok(())).collect()
    }
}

/// One sentence of a chunk, as the embed stage plans it.
struct Planned<'a> {
    text: &'a str,
    /// The character spans of each target's mentions in it, then of each name that may be
    /// a person's (one group each).
    spans: MentionGroups,
    /// Its key in the on-disk store, if there is one.
    key: Option<Key>,
    /// Its analysis in the run's cache when the chunk began.
    cached: Option<Analysis>,
}

impl EmbedStage {
    fn long_sentences(&self, doc: &Document) -> Vec<String> {
        let mut warnings = Vec::new();
        for (_, s) in doc.sentences() {
            if s.text.split_whitespace().count() > LONG_SENTENCE_WORDS
                && self.embedder.token_ids(&s.text).len() >= MAX_TOKENS
            {
                warnings.push(format!(
                    "sentence at bytes {}..{} is longer than the model's {MAX_TOKENS}-token window; its embedding covers only its start",
                    s.span.start, s.span.end
                ));
            }
        }
        warnings
    }
}
