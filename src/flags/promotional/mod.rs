//! Promotional tone per sentence, paragraph and article. Evidence is summed into a raw score:
//! - each emotive word adds `emotive_weight` times its |valence| (0..4, VADER's
//!   ratings): words of praise or of blame;
//! - each puffery cue of the lexicon (peacock terms, glittering generalities, filler,
//!   intensifiers, PR-speak) adds `cue_weight` times its category weight;
//! - a sentence of at least `min_words` with almost nothing concrete (numbers, names,
//!   quotes, attributions) adds `vague_weight`;
//! - each word the loaded-word tagger scores at least `loaded_from` (a small head on the
//!   encoder's token states, trained on loaded wording that annotators marked in news:
//!   "assailed", "bombastic", "ripped the roof off") adds `loaded_weight` times its score;
//!   the reasons quote them, neighbouring words as one phrase;
//! - the sentence probe's probability that the sentence as a whole is loaded ([`probe`],
//!   trained with the tagger), past `sentence_from`, adds `sentence_weight` per unit;
//! - its tone from the embedding ([`super::tone`]: 0 where the factual example
//!   sentences lie on average, 1 where their promotional rewrites do) adds
//!   `tone_weight` per unit past 0.5, where it is nearer the rewrites than the originals.
//!   The tone is the higher of the whole sentence's and its peak window's (its most
//!   promotional stretch of a few words, when the encoder gives one; the reasons quote
//!   it): a loaded phrase in a long, plain sentence is diluted in the sentence's mean,
//!   while a short sentence that is all puffery shows best whole.
//!
//! The score is `1 - 2^(-raw / half_score_at)`, 0..1, reaching 0.5 at `half_score_at`;
//! a sentence is flagged when it reaches `threshold` and has at least one cue, emotive
//! or loaded word to show as evidence, a tone of at least 1, or a probe's probability of
//! at least 0.3. A paragraph's and the article's scores are the length-weighted means of
//! their sentences' (see [`flag`]).

use std::ops::Range;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::lexicon::Lexicon;
use super::tone::ToneDirection;
use crate::document::{Document, Evidence, Flag, FlagKind, LoadedPhrase, LoadedWord, Peak, Span};
use words::{contains_word, information_density, loaded_phrases, whole_words};

/// How promotional evidence is weighed and when a sentence is flagged (`[promotional]`
/// in a settings file).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PromotionalSettings {
    /// A sentence is flagged when its score reaches this.
    pub threshold: f32,
    /// The raw evidence at which the score is 0.5.
    pub half_score_at: f32,
    /// Raw evidence per unit of a cue's category weight.
    pub cue_weight: f32,
    /// Raw evidence per unit of an emotive word's |valence| (0..4).
    pub emotive_weight: f32,
    /// Raw evidence of a long sentence that says nothing concrete (see `min_density`).
    pub vague_weight: f32,
    /// Weight of the tone position (0 turns the embedding's part off).
    pub tone_weight: f32,
    /// A file of `factual<TAB>promotional` sentence pairs (as `tone_examples.tsv`) to
    /// compute the tone direction from when the pipeline loads, instead of the built-in
    /// one: for copy of another kind than news. Embeds each sentence once per load.
    pub tone_examples: Option<PathBuf>,
    /// Below this share of concrete tokens (numbers, quotes, attributions, names),
    /// a sentence of at least `min_words` counts as saying nothing concrete.
    pub min_density: f32,
    /// Sentences shorter than this are never judged vague.
    pub min_words: usize,
    /// Raw evidence per unit of a tagged loaded word's score (0 turns the tagger off).
    pub loaded_weight: f32,
    /// A word counts as loaded from this tagger score (0..1).
    pub loaded_from: f32,
    /// Raw evidence per unit of the sentence probe's probability past `sentence_from`
    /// (0 turns the probe off).
    pub sentence_weight: f32,
    /// The sentence probe's probability (0..1) from which it counts.
    pub sentence_from: f32,

    /// A folder with a loaded-word tagger (`loaded.json`, `loaded.safetensors`, as
    /// `scripts/train-loaded` writes) to use instead of the built-in one; it must have
    /// been trained on the embedded sentiment model's branch.
    pub tagger: Option<PathBuf>,
}

impl Default for PromotionalSettings {
    fn default() -> Self {
        PromotionalSettings {
            threshold: 0.5,
            half_score_at: 27.0,
            cue_weight: 16.0,
            emotive_weight: 1.0,
            vague_weight: 2.0,
            tone_weight: 12.0,
            tone_examples: None,
            min_density: 0.1,
            min_words: 8,
            loaded_weight: 8.0,
            loaded_from: 0.8,
            sentence_weight: 64.0,
            sentence_from: 0.1,
            tagger: None,
        }
    }
}

/// How many emotive words a flag names; the rest still count.
const EMOTIVE_REASONS: usize = 4;

/// A sentence's promotional score and the evidence for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// 0..1.
    pub score: f32,
    /// Why the score is what it is, as a reader reads it (`loaded word 'bombastic' (0.93)`).
    pub reasons: Vec<String>,
    /// The cues and emotive words found, each once.
    pub evidence: Vec<Evidence>,
    /// Whether there is a cue, an emotive or a loaded word to show; without one, no flag.
    pub has_evidence: bool,
    /// The loaded words and phrases found, with the tagger's score.
    pub loaded: Vec<(String, f32)>,
}

/// The tone position from which it counts as evidence (and the reasons mention it):
/// nearer the promotional rewrites than the factual originals.
const TONE_FROM: f32 = 0.5;

/// The sentence probe's probability from which a sentence has something to show
/// without a cue, emotive or loaded word: past what 95% of straight-news sentences reach
/// (0.27 on the CNN/DM dev sentences, BENCHMARKS.md).
const WHOLE_EVIDENCE: f32 = 0.3;

/// Where a sentence lies on the tone direction (0 factual, 1 promotional), and the
/// characters of its peak window in the sentence's text, when known.
#[derive(Debug, Clone, PartialEq)]
pub struct ToneReading {
    /// 0 at the factual examples' mean projection, 1 at the promotional rewrites'.
    pub position: f32,
    /// The characters of the peak window in the sentence's text.
    pub peak: Option<Range<usize>>,
}

/// Scores one sentence; `tone` places it on the tone direction, if known; `loaded` are
/// the words the tagger scored in it (none without a tagger); `whole` is the sentence
/// probe's probability that it is loaded as a whole, if known.
pub fn score(
    text: &str,
    tone: Option<ToneReading>,
    loaded: &[LoadedWord],
    whole: Option<f32>,
    lexicon: &Lexicon,
    settings: &PromotionalSettings,
) -> Scored {
    let mut reasons = Vec::new();
    let mut evidence: Vec<Evidence> = Vec::new();
    let mut note = |category: &str, term: &str| {
        let item = Evidence {
            category: category.to_string(),
            term: term.to_lowercase(),
        };
        if !evidence.contains(&item) {
            evidence.push(item);
        }
    };
    let hits = lexicon.find(text);
    let cue_sum: f32 = hits.iter().map(|h| h.weight).sum();
    for hit in &hits {
        reasons.push(format!("{} '{}'", hit.reason, hit.term));
        note(hit.category, hit.term);
    }
    let phrases = loaded_phrases(text, loaded, settings.loaded_from);
    let loaded_sum: f32 = phrases.iter().map(|p| p.sum).sum();
    // A loaded word the lexicon already names as a cue is counted, not named twice.
    let named = |p: &&words::Phrase| !hits.iter().any(|h| h.term.eq_ignore_ascii_case(p.text));
    for phrase in phrases.iter().filter(named) {
        let s = if phrase.words > 1 { "s" } else { "" };
        reasons.push(format!(
            "loaded word{s} '{}' ({:.2})",
            phrase.text, phrase.score
        ));
        note("loaded", phrase.text);
    }
    // Words already named as cues or loaded words are counted, not named twice.
    let mut emotive = lexicon.emotive_words(text);
    let emotive_sum: f32 = emotive.iter().map(|h| h.valence.abs()).sum();
    emotive.retain(|e| {
        !hits.iter().any(|h| h.term.eq_ignore_ascii_case(e.word))
            && !phrases.iter().any(|p| contains_word(p.text, e.word))
    });
    // Strongest first, each word once.
    emotive.sort_by(|a, b| {
        b.valence
            .abs()
            .total_cmp(&a.valence.abs())
            .then_with(|| a.word.to_lowercase().cmp(&b.word.to_lowercase()))
    });
    emotive.dedup_by(|a, b| a.word.eq_ignore_ascii_case(b.word));
    for e in &emotive {
        note("emotive", e.word);
    }
    for e in emotive.iter().take(EMOTIVE_REASONS) {
        let kind = if e.valence > 0.0 { "praise" } else { "blame" };
        reasons.push(format!(
            "emotive word '{}' ({kind} {:.1}/4)",
            e.word,
            e.valence.abs()
        ));
    }
    let (tone, peak) = tone.map_or((0.0, None), |t| (t.position.max(0.0), t.peak));
    let whole = whole
        .filter(|_| settings.sentence_weight > 0.0)
        .unwrap_or(0.0);
    let has_evidence = !hits.is_empty()
        || emotive_sum > 0.0
        || !phrases.is_empty()
        || tone >= 1.0
        || whole >= WHOLE_EVIDENCE;

    let mut raw = settings.emotive_weight * emotive_sum
        + settings.cue_weight * cue_sum
        + settings.loaded_weight * loaded_sum;
    let (words, density) = information_density(text);
    if words >= settings.min_words && density < settings.min_density {
        raw += settings.vague_weight;
        reasons.push(format!(
            "no concrete fact ({:.0}% of words are numbers, names, quotes or attributions)",
            density * 100.0
        ));
    }
    if settings.tone_weight > 0.0 && tone > TONE_FROM {
        raw += settings.tone_weight * (tone - TONE_FROM);
        // Quoted only here, where a reason says it.
        let most = peak
            .and_then(|chars| whole_words(text, &chars))
            .map_or(String::new(), |p| format!(", most of all '{p}'"));
        reasons.push(format!(
            "reads like promotional copy{most} (tone {tone:.2}; factual examples 0, promotional 1)"
        ));
    }
    if whole > settings.sentence_from {
        raw += settings.sentence_weight * (whole - settings.sentence_from);
        reasons.push(format!(
            "loaded as a whole (probe {whole:.2}; most straight news below 0.1)"
        ));
    }
    Scored {
        score: 1.0 - (-raw / settings.half_score_at.max(f32::EPSILON)).exp2(),
        reasons,
        evidence,
        has_evidence,
        loaded: phrases
            .iter()
            .map(|p| (p.text.to_string(), p.score))
            .collect(),
    }
}

/// Scores every sentence, block and the document, and flags the promotional
/// sentences. Blocks and the document get the length-weighted mean (in bytes) of their
/// sentences' scores, as sentiment does; the document's leaves out headings and table
/// rows, which label rather than say something, and so are never flagged either.
/// `readers` read each sentence's embedding, peak window and branch states, when the
/// embed stage gave them.
pub fn flag(
    doc: &mut Document,
    lexicon: &Lexicon,
    readers: Readers,
    settings: &PromotionalSettings,
) {
    let mut flags = Vec::new();
    let mut loaded = Vec::new();
    let original = &doc.text;
    let mut scores = Vec::with_capacity(doc.sentence_count());
    for block in &mut doc.blocks {
        let labels = block.kind.is_label();
        for sentence in &mut block.sentences {
            let embedding = Some(&sentence.embedding).filter(|e| !e.is_empty());
            let reading =
                (readers.tone).and_then(|tone| read_tone(tone, embedding, sentence.peak.as_ref()));
            let whole = (readers.probe)
                .and_then(|p| p.probability(&sentence.embedding, &sentence.sentiment_input));
            let scored = score(
                &sentence.text,
                reading,
                &sentence.loaded,
                whole,
                lexicon,
                settings,
            );
            sentence.promotional = Some(scored.score);
            scores.push([f64::from(scored.score)]);
            if !labels {
                let said = original.get(sentence.span.start..sentence.span.end);
                loaded.extend(scored.loaded.iter().map(|(text, score)| {
                    let at = said.and_then(|said| said.find(text.as_str()));
                    let span = at.map_or(sentence.span, |at| Span {
                        start: sentence.span.start + at,
                        end: sentence.span.start + at + text.len(),
                    });
                    LoadedPhrase {
                        span,
                        text: text.clone(),
                        score: *score,
                    }
                }));
            }
            if !labels && scored.has_evidence && scored.score >= settings.threshold {
                flags.push(Flag {
                    kind: FlagKind::Promotional,
                    span: sentence.span,
                    score: scored.score,
                    reasons: scored.reasons,
                    repeats: None,
                    subkind: None,
                    evidence: scored.evidence,
                });
            }
        }
    }
    let (blocks, document) = doc.weighted_means(&scores);
    for (block, mean) in doc.blocks.iter_mut().zip(blocks) {
        block.promotional = mean.map(|[m]| m as f32);
    }
    doc.promotional = document.map(|[m]| m as f32);
    doc.flags.extend(flags);
    doc.loaded = loaded;
}

/// What reads the encoder's output of each sentence for [`flag`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Readers<'a> {
    /// The promotional-tone direction, for the embedding and the peak window.
    pub tone: Option<&'a ToneDirection>,
    /// The sentence probe, for the embedding and the branch's states.
    pub probe: Option<&'a SentenceProbe>,
}

/// Where a sentence lies on `tone`: the higher of its embedding's position and its
/// peak window's, and where the peak is.
fn read_tone(
    tone: &ToneDirection,
    embedding: Option<&Vec<f32>>,
    peak: Option<&Peak>,
) -> Option<ToneReading> {
    let whole = embedding.and_then(|e| tone.position(e));
    let Some((peak, scale)) = peak.zip(tone.peak.as_ref()) else {
        return whole.map(|position| ToneReading {
            position,
            peak: None,
        });
    };
    let position = scale.position(peak.projection);
    Some(ToneReading {
        position: whole.map_or(position, |w| w.max(position)),
        peak: Some(peak.chars.clone()),
    })
}

mod probe;
mod words;

pub use probe::SentenceProbe;

#[cfg(test)]
mod tests;
