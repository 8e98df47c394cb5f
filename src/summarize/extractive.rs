//! Extractive summary on sentence embeddings: relevance (centrality, similarity to
//! the title, a lead prior that news needs) traded against redundancy by maximal
//! marginal relevance; a restatement of a chosen sentence is never chosen.
//!
//! News puts its point first, and on articles it was not tuned on nothing beats the
//! lead by much, so by default relevance is the lead alone (BENCHMARKS.md has the
//! cross-validation on the CNN/DailyMail dev articles). What the lead gets wrong is
//! skipped: a byline or dateline line, a sentence that restates an earlier passage, and
//! in a largely promotional document (a puff piece, PR copy) its promotional sentences;
//! the next sentence takes its place.

use serde::{Deserialize, Serialize};

use crate::document::{
    BlockKind, Document, FlagKind, RepetitionKind, Span, Summary, SummaryMethod,
};
use crate::models::cosine;

/// How long an extractive summary is and how its sentences are chosen (`[summary]`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SummarySettings {
    /// `extractive` (the embedded default) or `abstractive` (needs `[abstractive] model`).
    pub method: SummaryMethod,
    /// Exact number of sentences; overrides `words`.
    pub sentences: Option<usize>,
    /// Word budget: sentences are added until it is reached.
    pub words: Option<usize>,
    /// Default length: this many sentences for an article of up to `short_article`
    /// words, one more for each further `words_per_sentence` words, at most
    /// `max_default_sentences`; never more than a third of the candidates.
    pub default_sentences: usize,
    /// Most sentences of a default-length summary.
    pub max_default_sentences: usize,
    /// Words up to which an article gets `default_sentences`.
    pub short_article: usize,
    /// Further words for each sentence more.
    pub words_per_sentence: usize,
    /// MMR trade-off: 1.0 is pure relevance, 0.0 pure novelty.
    pub lambda: f32,
    /// A candidate this similar to a chosen sentence is a restatement and never chosen.
    pub redundancy_cosine: f32,
    /// Sentences shorter than this are poor summary sentences.
    pub min_words: usize,
    /// Share of relevance from position: news puts the point first.
    pub lead_weight: f32,
    /// How fast the position prior falls: 1 / (1 + decay * rank).
    pub lead_decay: f32,
    /// Share of relevance from similarity to the title, when there is one.
    pub title_weight: f32,
    /// Leave out byline and dateline lines, sentences the flag stage marks as restating
    /// an earlier passage, and, in a promotional document, those it marks promotional
    /// (while other sentences remain).
    pub skip_unfit: bool,
    /// A document with at least this share of its text in promotional flags is
    /// promotional: its flagged sentences are not summary sentences.
    pub promotional_share: f32,
}

impl Default for SummarySettings {
    fn default() -> Self {
        SummarySettings {
            method: SummaryMethod::Extractive,
            sentences: None,
            words: None,
            default_sentences: 3,
            max_default_sentences: 6,
            short_article: 600,
            words_per_sentence: 250,
            lambda: 1.0,
            redundancy_cosine: 0.8,
            min_words: 6,
            lead_weight: 1.0,
            lead_decay: 0.2,
            title_weight: 0.0,
            skip_unfit: true,
            promotional_share: 0.5,
        }
    }
}

fn default_length(settings: &SummarySettings, candidates: usize, words: usize) -> usize {
    let extra = words.saturating_sub(settings.short_article) / settings.words_per_sentence.max(1);
    (settings.default_sentences + extra)
        .min(
            settings
                .max_default_sentences
                .max(settings.default_sentences),
        )
        .min(candidates.div_ceil(3))
        .max(1)
}

struct Candidate {
    index: usize,
    words: usize,
    relevance: f32,
}

/// Whether a sentence is a poor summary sentence: a byline or dateline line, a passage
/// the flag stage marked as restating an earlier one, or, in a document that is largely
/// promotional (`promotional_share`), a sentence it marked promotional. (In news, a vivid
/// lead is often flagged and still the best summary sentence: skipping flagged sentences
/// everywhere cost 0.7 ROUGE-1 on the CNN/DailyMail dev articles, and skipping questions
/// 0.03; see BENCHMARKS.md.)
fn unfit(doc: &Document, span: Span, text: &str, promotional_document: bool) -> bool {
    let lower = text.trim_start().to_lowercase();
    let byline = text.split_whitespace().count() <= 12
        && ["by ", "published:", "updated:", "last updated"]
            .iter()
            .any(|p| lower.starts_with(p));
    let flagged = doc.flags.iter().any(|f| {
        let covers = f.span.start <= span.start && span.end <= f.span.end;
        covers
            && (f.subkind == Some(RepetitionKind::Restatement)
                || (promotional_document && f.kind == FlagKind::Promotional))
    });
    byline || flagged
}

/// Picks candidate sentence indices: fit prose first, then any prose, then list items,
/// then anything.
fn candidates(doc: &Document, settings: &SummarySettings) -> Vec<(usize, usize)> {
    let (min_words, skip_unfit) = (settings.min_words, settings.skip_unfit);
    let promotional_document =
        doc.flagged_share(FlagKind::Promotional) >= settings.promotional_share;
    let all: Vec<(usize, BlockKind, usize, bool)> = doc
        .sentences()
        .enumerate()
        .map(|(i, (b, s))| {
            let text = doc.slice(s.span);
            let fit = !(skip_unfit && unfit(doc, s.span, text, promotional_document));
            (i, doc.blocks[b].kind, text.split_whitespace().count(), fit)
        })
        .collect();
    let tiers: [&dyn Fn(BlockKind, usize, bool) -> bool; 4] = [
        &|k, w, fit| fit && k.is_prose() && w >= min_words,
        &|k, w, _| k.is_prose() && w >= min_words,
        &|k, w, _| (k.is_prose() || k == BlockKind::ListItem) && w >= min_words,
        &|_, w, _| w > 0,
    ];
    for keep in tiers {
        let picked: Vec<(usize, usize)> = all
            .iter()
            .filter(|&&(_, k, w, fit)| keep(k, w, fit))
            .map(|&(i, _, w, _)| (i, w))
            .collect();
        if !picked.is_empty() {
            return picked;
        }
    }
    Vec::new()
}

/// The element-wise sum: the centroid's direction, which is all its cosines need.
fn sum(vectors: &[&[f32]]) -> Vec<f32> {
    let dim = vectors.first().map_or(0, |v| v.len());
    let mut out = vec![0.0; dim];
    for v in vectors {
        for (o, x) in out.iter_mut().zip(*v) {
            *o += x;
        }
    }
    out
}

/// Writes `doc`'s extractive summary (see the module documentation); does nothing
/// before the embed stage has run.
pub fn summarize(doc: &mut Document, settings: &SummarySettings) {
    let spans = doc.sentence_spans();
    let Some(embeddings) = doc.embeddings() else {
        return;
    };
    let picked = candidates(doc, settings);
    if picked.is_empty() {
        return;
    }
    let centroid = sum(&picked
        .iter()
        .map(|&(i, _)| embeddings[i])
        .collect::<Vec<_>>());
    // The title: the first heading, when it comes before any prose.
    let title = doc
        .sentences()
        .enumerate()
        .take_while(|(_, (b, _))| !doc.blocks[*b].kind.is_prose())
        .find(|(_, (b, _))| doc.blocks[*b].kind == BlockKind::Heading)
        .map(|(i, _)| i);
    let mut pool: Vec<Candidate> = picked
        .iter()
        .enumerate()
        .map(|(rank, &(index, words))| {
            let e = embeddings[index];
            let centrality = cosine(e, &centroid);
            let lead = 1.0 / (1.0 + settings.lead_decay * rank as f32);
            let title_similarity = title.map(|t| cosine(e, embeddings[t]));
            let title_weight = if title.is_some() {
                settings.title_weight
            } else {
                0.0
            };
            let relevance = (1.0 - settings.lead_weight - title_weight) * centrality
                + title_weight * title_similarity.unwrap_or(0.0)
                + settings.lead_weight * lead;
            Candidate {
                index,
                words,
                relevance,
            }
        })
        .collect();

    let target = settings.sentences.unwrap_or_else(|| {
        if settings.words.is_some() {
            usize::MAX
        } else {
            let words = doc
                .sentences()
                .map(|(_, s)| s.text.split_whitespace().count());
            default_length(settings, pool.len(), words.sum())
        }
    });
    let mut chosen: Vec<usize> = Vec::new();
    let mut words = 0;
    while chosen.len() < target && !pool.is_empty() {
        let max_sim = |c: &Candidate| {
            chosen
                .iter()
                .map(|&s| cosine(embeddings[c.index], embeddings[s]))
                .fold(0.0f32, f32::max)
        };
        pool.retain(|c| max_sim(c) < settings.redundancy_cosine);
        let best = pool
            .iter()
            .enumerate()
            .map(|(k, c)| {
                (
                    k,
                    settings.lambda * c.relevance - (1.0 - settings.lambda) * max_sim(c),
                )
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(k, _)| k);
        let Some(k) = best else { break };
        let next = pool.swap_remove(k);
        if let Some(budget) = settings.words {
            if !chosen.is_empty() && words + next.words > budget {
                break;
            }
        }
        words += next.words;
        chosen.push(next.index);
    }
    chosen.sort_unstable();
    doc.summary = Some(Summary {
        method: SummaryMethod::Extractive,
        sentences: chosen.into_iter().map(|i| spans[i]).collect(),
        text: None,
        windows: Vec::new(),
    });
}
