//! Sentiment per sentence, per block and per document.
//!
//! Sentences are scored by a model that gives negative/neutral/positive
//! probabilities. A block's probabilities are the mean of its sentences'
//! probabilities weighted by sentence length in bytes, so a long sentence is not
//! outvoted by a short aside; the document's are the same weighted mean over the
//! sentences of every block except headings and table rows, which label rather than
//! say something (all blocks count when there is nothing else). The label is the most
//! probable class and the score is P(positive) - P(negative), from -1 to 1.
//!
//! A heading or table row is read as the label it is: a few words ("Culture Alternating
//! summer festival") say too little to be loud, so its probabilities are mixed with
//! neutral in proportion to its length, at full weight from [`LABEL_FULL_WORDS`] words.
//! A document of labels alone (a table and nothing else) is read at full voice; a headline
//! alone is a paragraph already (`preprocess::segment`).
//!
//! News is often judged by how it treats the people it names: with the embedded model, a
//! sentence's probabilities take in, with weight [`PEOPLE_WEIGHT`], the target head's
//! tone toward the names in it that may be people's (`Sentence::people`), averaged.
//! Business news states good and bad news as fact ("net sales rose 18%"): with the
//! embedded model, a sentence whose figures move takes their direction ([`movement`]).

pub mod branch_head;
pub mod head;
pub mod loaded;
pub mod movement;
pub mod target;

use crate::document::{Document, Probabilities};
use crate::models::classifier::Classifier;
use crate::models::ModelError;
use target::TargetHead;

pub use head::{sentiment, SentimentHead};

/// Scores every sentence with the embedded head, on each sentence's branch states
/// (or, for a head without a branch, its embedding); a sentence the embed stage has not
/// reached is an error.
pub fn score_with_head(doc: &mut Document, head: &SentimentHead) -> Result<(), ModelError> {
    let mut own = Vec::with_capacity(doc.sentence_count());
    for (_, sentence) in doc.sentences() {
        let input = head.input(sentence);
        if input.is_empty() {
            return Err(ModelError::Shape(format!(
                "no encoder output for the sentence at bytes {}..{}",
                sentence.span.start, sentence.span.end
            )));
        }
        own.push(head.probabilities(input));
    }
    let toward = match &head.target {
        Some(target) => toward_people(doc, target)?,
        None => vec![Vec::new(); own.len()],
    };
    let probabilities: Vec<Probabilities> = doc
        .sentences()
        .zip(own)
        .zip(&toward)
        .map(|(((_, sentence), own), toward)| reading(own, toward, &sentence.text))
        .collect();
    apply(doc, &probabilities)
}

/// A sentence's probabilities as newslens reads them with the embedded model: the head's
/// own (`own`), with the tone toward the people it names (`toward`) and then the
/// direction of the figures its `text` reports taken in.
pub fn reading(own: Probabilities, toward: &[Probabilities], text: &str) -> Probabilities {
    movement::with_movement(with_people(own, toward), text)
}

/// How much of a sentence's tone is its tone toward the people it names: chosen on the
/// held-out tenth of NewsMTSC train, among 0-1 in steps of 0.1 (BENCHMARKS.md, session 14).
pub const PEOPLE_WEIGHT: f32 = 0.3;

/// A sentence's probabilities `own`, mixed with the mean of its tone toward the people it
/// names (`toward`; none leaves `own` as it is).
pub fn with_people(own: Probabilities, toward: &[Probabilities]) -> Probabilities {
    mean(toward).map_or(own, |theirs| mixed(own, theirs, PEOPLE_WEIGHT))
}

/// `own` mixed with `other` at weight `w`, class by class (a missing neutral in `other`
/// counts as 0; `own` keeps its neutral class, or its lack of one).
pub fn mixed(own: Probabilities, other: Probabilities, w: f32) -> Probabilities {
    let mix = |own: f32, other: f32| (1.0 - w) * own + w * other;
    Probabilities {
        negative: mix(own.negative, other.negative),
        neutral: own.neutral.map(|v| mix(v, other.neutral.unwrap_or(0.0))),
        positive: mix(own.positive, other.positive),
    }
}

/// The mean of `all`, class by class (a missing neutral counts as 0); `None` for none.
pub fn mean(all: &[Probabilities]) -> Option<Probabilities> {
    if all.is_empty() {
        return None;
    }
    let n = all.len() as f32;
    let mean = |part: fn(&Probabilities) -> f32| all.iter().map(part).sum::<f32>() / n;
    Some(Probabilities {
        negative: mean(|p| p.negative),
        neutral: Some(mean(|p| p.neutral.unwrap_or(0.0))),
        positive: mean(|p| p.positive),
    })
}

/// Each sentence's tone toward the people it names (in document order), all of a
/// document's names read by the target head at once.
fn toward_people(
    doc: &Document,
    target: &TargetHead,
) -> Result<Vec<Vec<Probabilities>>, ModelError> {
    let mut toward: Vec<Vec<Probabilities>> = vec![Vec::new(); doc.sentence_count()];
    let mut pairs: Vec<(&[f32], &[f32])> = Vec::new();
    let mut owners: Vec<usize> = Vec::new();
    for (i, (_, sentence)) in doc.sentences().enumerate() {
        for person in &sentence.people {
            pairs.push((&person.state, &sentence.sentiment_input));
            owners.push(i);
        }
    }
    if pairs.is_empty() {
        return Ok(toward);
    }
    for (i, p) in owners.into_iter().zip(target.probabilities_many(&pairs)?) {
        if let (Some(list), Some(p)) = (toward.get_mut(i), p) {
            list.push(p);
        }
    }
    Ok(toward)
}

/// Scores every sentence with a sequence classifier on the sentences' text.
pub fn score_with_classifier(
    doc: &mut Document,
    classifier: &Classifier,
) -> Result<(), ModelError> {
    let texts: Vec<&str> = doc.sentences().map(|(_, s)| s.text.as_str()).collect();
    let probabilities = classifier.probabilities(&texts)?;
    apply(doc, &probabilities)
}

/// A heading or table row of this many words is weighed like a sentence of prose.
pub const LABEL_FULL_WORDS: usize = 12;

/// A label's probabilities mixed, with weight `1 - words / LABEL_FULL_WORDS`, with
/// neutral, or for a model without a neutral class with an even split (its score
/// shrinks the same way, and it keeps no neutral class).
fn as_label(p: Probabilities, words: usize) -> Probabilities {
    let w = (words as f32 / LABEL_FULL_WORDS as f32).min(1.0);
    match p.neutral {
        Some(neutral) => Probabilities {
            negative: w * p.negative,
            neutral: Some(w * neutral + (1.0 - w)),
            positive: w * p.positive,
        },
        None => Probabilities {
            negative: w * p.negative + (1.0 - w) / 2.0,
            neutral: None,
            positive: w * p.positive + (1.0 - w) / 2.0,
        },
    }
}

/// Sets sentence sentiment from per-sentence probabilities (in document order), then
/// block and document sentiment from them. Probabilities for another number of
/// sentences are an error: no sentence is left silently without a sentiment.
pub fn apply(doc: &mut Document, probabilities: &[Probabilities]) -> Result<(), ModelError> {
    if probabilities.len() != doc.sentence_count() {
        return Err(ModelError::Shape(format!(
            "sentiment for {} sentences, where the document has {}",
            probabilities.len(),
            doc.sentence_count()
        )));
    }
    // A document that is all labels (a table and nothing else) has no text that they
    // label: its lines are its text, read at full voice.
    let has_prose = doc.has_prose();
    let probabilities: Vec<Probabilities> = doc
        .sentences()
        .zip(probabilities)
        .map(|((b, s), &p)| {
            if has_prose && doc.blocks[b].kind.is_label() {
                as_label(p, s.text.split_whitespace().count())
            } else {
                p
            }
        })
        .collect();
    let mut each = probabilities.iter();
    for sentence in doc.blocks.iter_mut().flat_map(|b| &mut b.sentences) {
        sentence.sentiment = each.next().map(|&p| sentiment(p));
    }
    let vectors: Vec<[f64; 3]> = probabilities
        .iter()
        .map(|p| [p.negative, p.neutral.unwrap_or(0.0), p.positive].map(f64::from))
        .collect();
    let as_sentiment = |[negative, neutral, positive]: [f64; 3]| {
        sentiment(Probabilities {
            negative: negative as f32,
            neutral: Some(neutral as f32),
            positive: positive as f32,
        })
    };
    let (blocks, document) = doc.weighted_means(&vectors);
    for (block, mean) in doc.blocks.iter_mut().zip(blocks) {
        block.sentiment = mean.map(as_sentiment);
    }
    doc.sentiment = document.map(as_sentiment);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, SentimentLabel};

    fn loud() -> Probabilities {
        Probabilities {
            negative: 0.02,
            neutral: Some(0.05),
            positive: 0.93,
        }
    }

    #[test]
    fn the_tone_toward_people_is_mixed_in_at_its_weight() {
        assert_eq!(with_people(loud(), &[]), loud());
        let hostile = Probabilities {
            negative: 0.9,
            neutral: Some(0.1),
            positive: 0.0,
        };
        let calm = Probabilities {
            negative: 0.1,
            neutral: Some(0.9),
            positive: 0.0,
        };
        // The mean of the two toward-people readings: negative 0.5, neutral 0.5, positive 0.
        let mixed = with_people(loud(), &[hostile, calm]);
        let w = PEOPLE_WEIGHT;
        assert!((mixed.negative - ((1.0 - w) * 0.02 + w * 0.5)).abs() < 1e-6);
        assert!((mixed.neutral.unwrap() - ((1.0 - w) * 0.05 + w * 0.5)).abs() < 1e-6);
        assert!((mixed.positive - (1.0 - w) * 0.93).abs() < 1e-6);
        let sum = mixed.negative + mixed.neutral.unwrap() + mixed.positive;
        assert!((sum - 1.0).abs() < 1e-6);
    }

    #[test]
    fn probabilities_for_another_number_of_sentences_are_an_error() {
        let mut doc = Document::new("t", "One sentence here. And a second one.");
        crate::preprocess::segment(&mut doc);
        assert_eq!(doc.sentence_count(), 2);
        let err = apply(&mut doc, &[loud()]).unwrap_err().to_string();
        assert!(
            err.contains("1 sentences") && err.contains("has 2"),
            "{err}"
        );
        assert!(doc.blocks[0]
            .sentences
            .iter()
            .all(|s| s.sentiment.is_none()));
        assert!(apply(&mut doc, &[]).is_err());
        apply(&mut doc, &[loud(), loud()]).unwrap();
    }

    #[test]
    fn a_short_label_is_quieter_than_the_text_it_labels() {
        let mut doc = Document::new("t", "Culture Alternating summer festival\n\nThe festival drew record crowds and delighted everyone who came.");
        crate::preprocess::segment(&mut doc);
        doc.blocks[0].kind = BlockKind::TableRow;
        assert_eq!(doc.sentence_count(), 2);
        apply(&mut doc, &[loud(), loud()]).unwrap();
        let row = doc.blocks[0].sentences[0].sentiment.unwrap();
        let prose = doc.blocks[1].sentences[0].sentiment.unwrap();
        assert_eq!(row.label, SentimentLabel::Neutral);
        assert!((row.score - 0.91 * 4.0 / 12.0).abs() < 1e-5, "{row:?}");
        assert_eq!(prose.label, SentimentLabel::Positive);
        assert!((prose.score - 0.91).abs() < 1e-5);
        // The document is its prose: the row is left out as before.
        assert!((doc.sentiment.unwrap().score - 0.91).abs() < 1e-5);
    }

    #[test]
    fn a_binary_model_keeps_no_neutral_class() {
        let p = as_label(
            Probabilities {
                negative: 0.1,
                neutral: None,
                positive: 0.9,
            },
            6,
        );
        assert_eq!(p.neutral, None);
        assert!((p.positive - p.negative - 0.4).abs() < 1e-6, "{p:?}");
    }

    #[test]
    fn a_long_label_keeps_its_probabilities() {
        let p = as_label(loud(), LABEL_FULL_WORDS + 3);
        assert_eq!(p, loud());
    }
}
