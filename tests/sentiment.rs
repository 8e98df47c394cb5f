//! The embedded sentiment model on sentences written for this test: plain factual
//! reporting is neutral, clear opinion is not.
#![allow(clippy::unwrap_used)]

use newslens::document::SentimentLabel;
use newslens::models::Embedder;
use newslens::sentiment::SentimentHead;

fn labels(sentences: &[&str]) -> Vec<SentimentLabel> {
    let mut embedder = Embedder::load(None).unwrap();
    let head = SentimentHead::load(None).unwrap();
    head.attach(&mut embedder).unwrap();
    let encoded = embedder.encode(sentences).unwrap();
    head.inputs(&encoded)
        .iter()
        .map(|e| head.predict(e).label)
        .collect()
}

#[test]
fn plain_factual_reporting_is_neutral() {
    let facts = [
        "The company reported quarterly revenue of $3.2 billion.",
        "The meeting is scheduled for 10 a.m. on Thursday at City Hall.",
        "The bill was sent to the Senate committee on Tuesday.",
        "Officials said the bridge will be closed for repairs until March.",
        "The central bank kept its benchmark rate at 4.5 percent.",
        "About 2,000 people attended the conference in Geneva.",
        "The court will hear the case in the spring.",
        "The train leaves the station at 8:15 every morning.",
    ];
    let got = labels(&facts);
    let neutral = got
        .iter()
        .filter(|&&l| l == SentimentLabel::Neutral)
        .count();
    assert!(
        neutral >= 7,
        "{:?}",
        facts.iter().zip(&got).collect::<Vec<_>>()
    );
}

#[test]
fn clear_opinion_is_not_swallowed_by_neutral() {
    let positive = [
        "The concert was a joyous, unforgettable triumph.",
        "I loved every minute of this wonderful film.",
        "The new park is beautiful and the staff were delightful.",
    ];
    let negative = [
        "The service was slow, rude and utterly disappointing.",
        "This is the worst policy the city has ever adopted.",
        "The film is a boring, incoherent mess.",
    ];
    assert!(
        labels(&positive)
            .iter()
            .all(|&l| l == SentimentLabel::Positive),
        "{:?}",
        labels(&positive)
    );
    assert!(
        labels(&negative)
            .iter()
            .all(|&l| l == SentimentLabel::Negative),
        "{:?}",
        labels(&negative)
    );
}
