//! `newslens score` analyses documents in chunks whose sentences are embedded together
//! (sorted by length across documents). That must give each document what analysing
//! it alone gives, and a document that fails must not take the others down.
#![allow(clippy::unwrap_used)]

use newslens::document::Document;
use newslens::ingest::document_from_bytes;
use newslens::models::cosine;
use newslens::pipeline::{Pipeline, Settings};
use newslens::record::Record;

fn docs() -> Vec<Document> {
    let texts = [
        std::fs::read_to_string("tests/data/batch/a-council.txt").unwrap(),
        "Share this article. Subscribe to our newsletter.".to_string(),
        std::fs::read_to_string("examples/harbor-lumen-partnership.txt").unwrap(),
        "Rain is expected on Tuesday. The river may rise by a metre, officials said.".into(),
    ];
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| document_from_bytes(&i.to_string(), t.as_bytes(), false).unwrap())
        .collect()
}

#[test]
fn a_chunk_gives_each_document_what_it_gets_alone() {
    let mut settings = Settings::default();
    settings.embedding.precision = "f32".parse().unwrap();
    // No sentence cache: each document alone is encoded again, not read back.
    settings.embedding.sentence_cache = 0;
    let pipeline = Pipeline::load(None, settings).unwrap();
    let mut together = docs();
    let results = pipeline.run_all(&mut together);
    assert_eq!(results.len(), 4);
    // The boilerplate-only document fails; the others go on.
    assert!(results[1].is_err());
    for (i, mut alone) in docs().into_iter().enumerate() {
        let single = pipeline.run(&mut alone);
        assert_eq!(single.is_ok(), results[i].is_ok(), "document {i}");
        if single.is_err() {
            continue;
        }
        let (a, b) = (&together[i], &alone);
        let (ea, eb) = (a.embeddings().unwrap(), b.embeddings().unwrap());
        assert_eq!(ea.len(), eb.len());
        for (x, y) in ea.iter().zip(&eb) {
            assert!(cosine(x, y) > 0.9999);
        }
        let (ra, rb) = (Record::from(a), Record::from(b));
        assert_eq!(ra.summary, rb.summary, "document {i}");
        assert_eq!(ra.flags.len(), rb.flags.len(), "document {i}");
        assert_eq!(ra.sentiment.label, rb.sentiment.label, "document {i}");
        assert!((ra.sentiment.score - rb.sentiment.score).abs() < 1e-3);
    }
}

#[test]
fn a_repeated_document_gets_the_analysis_of_its_first_telling() {
    let pipeline = Pipeline::load(None, Settings::default()).unwrap();
    let text = std::fs::read_to_string("examples/harbor-lumen-partnership.txt").unwrap();
    let read = |id: &str| document_from_bytes(id, text.as_bytes(), false).unwrap();
    // The copy arrives in a later chunk, with another document beside it.
    let mut first = vec![read("first")];
    let mut later = vec![docs().remove(0), read("copy")];
    assert!(pipeline.run_all(&mut first)[0].is_ok());
    assert!(pipeline.run_all(&mut later)[1].is_ok());
    let (mut a, mut b) = (Record::from(&first[0]), Record::from(&later[1]));
    b.id = a.id.clone();
    // A sentence naming an entity is encoded anew for its mentions, in a batch of other
    // lengths, so the tone toward the entity may differ in the last float bits;
    // everything else comes from the first telling as it was.
    assert_eq!(a.entities.len(), b.entities.len());
    for (x, y) in a.entities.iter_mut().zip(&mut b.entities) {
        assert_eq!((&x.name, x.count), (&y.name, y.count));
        let tones = |e: &mut newslens::record::EntityRecord| {
            let mut tones = vec![e.tone.take()];
            tones.extend(e.mentions.iter_mut().map(|m| m.tone.take()));
            tones
        };
        for (tx, ty) in tones(x).into_iter().zip(tones(y)) {
            let (tx, ty) = (tx.unwrap(), ty.unwrap());
            assert_eq!(tx.label, ty.label, "{}", x.name);
            assert!(
                (tx.score - ty.score).abs() < 1e-4,
                "{}: {tx:?} {ty:?}",
                x.name
            );
        }
    }
    assert_eq!(a, b);
    assert_eq!(first[0].embeddings(), later[1].embeddings());
}
