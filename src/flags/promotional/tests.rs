use super::*;
use crate::preprocess::segment;

/// Readers with the tone direction alone.
fn tone_only(tone: &ToneDirection) -> Readers<'_> {
    Readers {
        tone: Some(tone),
        probe: None,
    }
}

#[test]
fn puffery_is_flagged_with_reasons_and_plain_reporting_is_not() {
    let mut doc = Document::new(
        "t",
        "The council approved a $3.2 million budget on Tuesday, Mayor Ann Lee said.\n\n\
         Their unwavering commitment is a testament to an everlasting friendship that transcends time.",
    );
    segment(&mut doc);
    // The lexicon's evidence alone (no embeddings here, so no tone), on the scale
    // it had before the tone counted.
    let settings = PromotionalSettings {
        half_score_at: 8.0,
        ..PromotionalSettings::default()
    };
    flag(&mut doc, &Lexicon::builtin(), Readers::default(), &settings);
    assert_eq!(doc.flags.len(), 1, "{:?}", doc.flags);
    let flag = &doc.flags[0];
    assert!(doc.slice(flag.span).starts_with("Their unwavering"));
    assert!(flag.score >= 0.5 && flag.score <= 1.0);
    assert!(
        flag.reasons
            .iter()
            .any(|r| r == "peacock term 'unwavering'"),
        "{:?}",
        flag.reasons
    );
    assert!(
        flag.reasons
            .iter()
            .any(|r| r.starts_with("no concrete fact")),
        "{:?}",
        flag.reasons
    );
    // Every sentence and block is scored, flagged or not; the document's score lies
    // between its sentences'.
    let scores: Vec<f32> = doc
        .blocks
        .iter()
        .map(|b| b.sentences[0].promotional.unwrap())
        .collect();
    assert!(scores[0] < 0.5 && scores[1] >= 0.5, "{scores:?}");
    assert_eq!(doc.blocks[1].promotional, Some(scores[1]));
    let overall = doc.promotional.unwrap();
    assert!(scores[0] < overall && overall < scores[1], "{overall}");
}

#[test]
fn the_peak_window_sets_the_tone_and_is_quoted_in_whole_words() {
    // Its peak window ("ptivating tale o", cut inside words) lies past the
    // promotional examples (position 2).
    let mut doc = Document::new("t", "Their alliance, a captivating tale of old, goes on.");
    segment(&mut doc);
    let mut tone = ToneDirection::from_embeddings(&[vec![1.0, 0.0]], &[vec![0.0, 1.0]]).unwrap();
    tone.peak = Some(super::super::tone::PeakScale {
        window: 5,
        factual_mean: 0.0,
        promotional_mean: 0.5,
    });
    let peak = crate::document::Peak {
        projection: 1.0,
        chars: 20..36,
    };
    // The tone reasons of the one sentence, given its embedding and peak.
    let tone_reasons = |embedding: Vec<f32>, peak: Option<crate::document::Peak>| {
        let mut doc = doc.clone();
        let sentence = &mut doc.blocks[0].sentences[0];
        sentence.embedding = embedding;
        sentence.peak = peak;
        // The scale before the loaded-word tagger and the sentence probe counted, which
        // tone alone reaches.
        let settings = PromotionalSettings {
            threshold: 0.5,
            half_score_at: 17.5,
            ..PromotionalSettings::default()
        };
        flag(&mut doc, &Lexicon::builtin(), tone_only(&tone), &settings);
        doc.flags
            .into_iter()
            .flat_map(|f| f.reasons)
            .filter(|r| r.starts_with("reads like"))
            .collect::<Vec<_>>()
    };
    // The sentence as a whole sits at the factual side (0): the peak counts.
    assert_eq!(
        tone_reasons(vec![0.0, 1.0], Some(peak.clone())),
        ["reads like promotional copy, most of all 'captivating tale of' (tone 2.00; factual examples 0, promotional 1)"]
    );
    // It reads promotional as a whole more than in its peak (3 against 2): the
    // higher of the two counts.
    assert!(tone_reasons(vec![5.0, 0.0], Some(peak))[0]
        .starts_with("reads like promotional copy, most of all 'captivating tale of' (tone 3.00"));
    // Without a peak, the sentence's own embedding places it: no tone reason.
    assert!(tone_reasons(vec![0.0, 1.0], None).is_empty());
}

#[test]
fn peak_quotes_widen_to_whole_words_and_drop_end_punctuation() {
    let text = "Ties, \u{201c}everlasting\u{201d} and true.";
    // From inside "Ties" to inside "everlasting".
    assert_eq!(
        whole_words(text, &(2..10)),
        Some("Ties, \u{201c}everlasting")
    );
    assert_eq!(whole_words(text, &(4..7)), None);
    assert_eq!(whole_words(text, &(0..99)), None);
}

#[test]
fn tone_adds_evidence_and_a_reason_and_can_flag_on_its_own() {
    // A plain sentence (no cue, no emotive word) whose embedding sits well past the
    // promotional examples, and one at the factual examples.
    let mut doc = Document::new(
        "t",
        "Together they have walked a long road side by side.\n\nThe bill now goes to the Senate.",
    );
    segment(&mut doc);
    let tone = ToneDirection::from_embeddings(&[vec![1.0, 0.0]], &[vec![0.0, 1.0]]).unwrap();
    doc.blocks[0].sentences[0].embedding = vec![3.0, 0.0];
    doc.blocks[1].sentences[0].embedding = vec![0.0, 1.0];
    // The scale before the loaded-word tagger and the sentence probe counted, which tone
    // alone reaches.
    let settings = PromotionalSettings {
        threshold: 0.5,
        half_score_at: 17.5,
        ..PromotionalSettings::default()
    };
    flag(&mut doc, &Lexicon::builtin(), tone_only(&tone), &settings);
    assert_eq!(doc.flags.len(), 1, "{:?}", doc.flags);
    assert!(doc.slice(doc.flags[0].span).starts_with("Together"));
    assert!(
        doc.flags[0]
            .reasons
            .iter()
            .any(|r| r.starts_with("reads like promotional copy (tone 2.00")),
        "{:?}",
        doc.flags[0].reasons
    );
    let factual = doc.blocks[1].sentences[0].promotional.unwrap();
    // Without the tone, the first sentence is not flagged.
    flag(&mut doc, &Lexicon::builtin(), Readers::default(), &settings);
    assert_eq!(doc.flags.len(), 1, "only the earlier flag: {:?}", doc.flags);
    assert!(doc.blocks[0].sentences[0].promotional.unwrap() < 0.5);
    assert!(factual < 0.3, "{factual}");
}

#[test]
fn tagged_words_count_as_evidence_quoted_together_with_their_neighbours() {
    let text = "Critics assailed the plan, and she ripped the roof off the hall.";
    // The first `w` at or after `from`.
    let word = |w: &str, from: usize, score: f32| {
        let start = from + text[from..].find(w).unwrap();
        LoadedWord {
            chars: start..start + w.len(),
            score,
        }
    };
    let ripped = text.find("ripped").unwrap();
    // ASCII text: characters are bytes. "ripped the roof off" is four tagged words in
    // a row; "plan," is below the word threshold.
    let loaded = [
        word("assailed", 0, 0.91),
        word("plan,", 0, 0.3),
        word("ripped", 0, 0.8),
        word("the", ripped, 0.65),
        word("roof", ripped, 0.7),
        word("off", ripped, 0.75),
    ];
    let lexicon = Lexicon::builtin();
    let settings = PromotionalSettings {
        loaded_from: 0.6,
        ..PromotionalSettings::default()
    };
    let with = score(text, None, &loaded, None, &lexicon, &settings);
    let without = score(text, None, &[], None, &lexicon, &settings);
    assert!(with.has_evidence);
    assert!(
        with.score > without.score,
        "{} vs {}",
        with.score,
        without.score
    );
    assert!(
        with.reasons
            .contains(&"loaded word 'assailed' (0.91)".to_string()),
        "{:?}",
        with.reasons
    );
    assert!(
        with.reasons
            .contains(&"loaded words 'ripped the roof off' (0.80)".to_string()),
        "{:?}",
        with.reasons
    );
    assert_eq!(
        with.loaded,
        vec![
            ("assailed".to_string(), 0.91),
            ("ripped the roof off".to_string(), 0.8)
        ]
    );
    assert!(with.evidence.contains(&Evidence {
        category: "loaded".into(),
        term: "ripped the roof off".into()
    }));
    // Off: the same words add nothing.
    let off = PromotionalSettings {
        loaded_weight: 0.0,
        ..settings
    };
    let scored = score(text, None, &loaded, None, &lexicon, &off);
    assert_eq!(scored.score, without.score);
}

#[test]
fn flagging_lists_every_sentence_s_loaded_words_with_their_place_in_the_text() {
    let text = "# A bombastic title\n\nThe senator, a gaffe-prone figure, spoke.";
    let mut doc = Document::new("t", text);
    segment(&mut doc);
    for block in &mut doc.blocks {
        for sentence in &mut block.sentences {
            let at = sentence
                .text
                .find("gaffe-prone")
                .or(sentence.text.find("bombastic"));
            if let Some(at) = at {
                let len = if sentence.text[at..].starts_with('g') {
                    11
                } else {
                    9
                };
                sentence.loaded = vec![LoadedWord {
                    chars: at..at + len,
                    score: 0.9,
                }];
            }
        }
    }
    flag(
        &mut doc,
        &Lexicon::builtin(),
        Readers::default(),
        &PromotionalSettings::default(),
    );
    // The heading's word is left out, as headings are never flagged.
    assert_eq!(doc.loaded.len(), 1, "{:?}", doc.loaded);
    let phrase = &doc.loaded[0];
    assert_eq!(phrase.text, "gaffe-prone");
    assert_eq!(doc.slice(phrase.span), "gaffe-prone");
}

#[test]
fn the_sentence_probe_adds_evidence_past_its_start_and_can_flag_on_its_own() {
    // Two plain sentences (no cue, no emotive word); a probe that reads the first input
    // alone: 0.99 for the first sentence, 0.01 for the second.
    let mut doc = Document::new(
        "t",
        "Together they have walked a long road side by side.\n\nThe bill now goes to the Senate.",
    );
    segment(&mut doc);
    for (block, x) in doc.blocks.iter_mut().zip([1.0, 0.0]) {
        block.sentences[0].embedding = vec![x];
        block.sentences[0].sentiment_input = vec![0.0];
    }
    let probe = SentenceProbe::new(vec![10.0, 0.0], -5.0);
    let readers = Readers {
        tone: None,
        probe: Some(&probe),
    };
    let settings = PromotionalSettings::default();
    flag(&mut doc, &Lexicon::builtin(), readers, &settings);
    assert_eq!(doc.flags.len(), 1, "{:?}", doc.flags);
    assert!(doc.slice(doc.flags[0].span).starts_with("Together"));
    let reason = "loaded as a whole (probe 0.99; most straight news below 0.1)";
    assert!(
        doc.flags[0].reasons.iter().any(|r| r == reason),
        "{:?}",
        doc.flags[0].reasons
    );
    assert!(doc.blocks[1].sentences[0].promotional.unwrap() < 0.01);
    // Off, or without the branch's states: nothing.
    let off = PromotionalSettings {
        sentence_weight: 0.0,
        ..settings.clone()
    };
    flag(&mut doc, &Lexicon::builtin(), readers, &off);
    assert_eq!(doc.flags.len(), 1, "only the earlier flag: {:?}", doc.flags);
    doc.flags.clear();
    doc.blocks[0].sentences[0].sentiment_input.clear();
    flag(&mut doc, &Lexicon::builtin(), readers, &settings);
    assert!(doc.flags.is_empty(), "{:?}", doc.flags);
}
