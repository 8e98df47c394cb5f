//! The embedded sentiment model on sentences written for this test: plain factual
//! reporting is neutral, clear opinion is not, and business news whose figures move takes
//! their direction.
#![allow(clippy::unwrap_used)]

mod common;

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

/// What the labels mean for news (README, "What the sentiment labels mean"): plain
/// factual reporting is neutral; judgement carried by the words is polar; good or bad
/// news stated as a fact may be neutral or polar in its own direction. The counts below
/// are what the committed model achieves; the sentences it still misreads are named in
/// the README, and a model that misreads more fails here.
#[test]
fn news_labels_follow_judgement_not_topic() {
    let factual = [
        "The two harbour authorities will share scheduling data to cut container waiting times, which averaged 31 hours last year.",
        "The council will vote on the festival budget, estimated at $1.2 million, next month.",
        "Mayor Ortega met the delegation from Lumen Bay at City Hall on Tuesday.",
        "Culture: alternating summer festival",
        "Education: two student exchanges a year",
        "The agreement runs for five years, according to a joint statement.",
        "The senator introduced the bill on Monday and it was referred to the finance committee.",
        "Police said the road would reopen at 6 p.m.",
        "The survey of 1,200 adults was conducted between March 3 and March 9.",
        "The minister will travel to Brussels on Thursday for talks on fishing quotas.",
        "Voters in the district will elect a new representative in November.",
        "The company employs about 4,000 people in three countries.",
    ];
    let judgement_positive = [
        "The mayor's bold, visionary plan is a triumph for the whole city.",
        "Critics praised the new hospital as a model of compassion and excellence.",
        "The rescue was a heroic effort that saved dozens of lives.",
        "Her brilliant speech inspired the crowd.",
    ];
    let judgement_negative = [
        "The senator's reckless scheme is a disgrace to the state.",
        "Residents condemned the botched repairs as a shameful waste of money.",
        "The minister's arrogant, dishonest answers infuriated the committee.",
        "The attack was a brutal, senseless act of violence.",
    ];
    // (sentence, the direction it must not have)
    let news_as_fact = [
        (
            "Profit rose 12% in the third quarter.",
            SentimentLabel::Negative,
        ),
        (
            "Unemployment fell to its lowest level in a decade.",
            SentimentLabel::Negative,
        ),
        ("Sales fell 30% after the recall.", SentimentLabel::Positive),
        (
            "Three people were killed in the crash.",
            SentimentLabel::Positive,
        ),
    ];
    let got = labels(&factual);
    let neutral = got
        .iter()
        .filter(|&&l| l == SentimentLabel::Neutral)
        .count();
    assert!(
        neutral >= 12,
        "{neutral} of 12 factual sentences neutral; not neutral: {:?}",
        factual
            .iter()
            .zip(&got)
            .filter(|(_, l)| **l != SentimentLabel::Neutral)
            .collect::<Vec<_>>()
    );
    for (sentences, expected) in [
        (&judgement_positive[..], SentimentLabel::Positive),
        (&judgement_negative[..], SentimentLabel::Negative),
    ] {
        let got = labels(sentences);
        assert!(
            got.iter().all(|&l| l == expected),
            "{:?}",
            sentences.iter().zip(&got).collect::<Vec<_>>()
        );
    }
    let texts: Vec<&str> = news_as_fact.iter().map(|(s, _)| *s).collect();
    let got = labels(&texts);
    let wrong: Vec<_> = news_as_fact
        .iter()
        .zip(&got)
        .filter(|((_, wrong), label)| *label == wrong)
        .collect();
    assert!(
        wrong.len() <= 1,
        "news stated as fact read the wrong way: {wrong:?}"
    );
}

/// Business news as `newslens score` reads it, one sentence per document: figures that
/// move take their direction (`sentiment::movement`), figures that stand still and plain
/// business facts stay neutral. A headline scored alone is read at full voice.
#[test]
fn business_news_takes_the_direction_of_its_figures() {
    use newslens::document::SentimentLabel::{Negative, Neutral, Positive};
    let cases = [
        (
            "Net sales increased by 18 percent to 42.3 million euros in the third quarter.",
            Positive,
        ),
        (
            "The group's order intake grew 25 percent during the period.",
            Positive,
        ),
        (
            "The net loss narrowed to 2.1 million dollars from 5.8 million dollars.",
            Positive,
        ),
        (
            "The retailer raised its full-year profit forecast after strong holiday sales.",
            Positive,
        ),
        (
            "Its net debt fell to 410 million pounds from 560 million pounds.",
            Positive,
        ),
        (
            "Barclays profit doubles as investment bank recovers",
            Positive,
        ),
        (
            "Operating profit totalled EUR 9.0 mn, down from EUR 9.7 mn a year earlier.",
            Negative,
        ),
        (
            "The carmaker cut its sales forecast for the year.",
            Negative,
        ),
        (
            "The company swung to a net loss of 12 million dollars in the quarter.",
            Negative,
        ),
        (
            "Like-for-like sales slipped 1.2 percent in the 12 weeks to June.",
            Negative,
        ),
        (
            "Germany's economy shrank by 0.3 percent in the third quarter.",
            Negative,
        ),
        (
            "Glencore to cut 4,000 jobs after copper price slump",
            Negative,
        ),
        (
            "The company is headquartered in Helsinki and employs about 3,000 people.",
            Neutral,
        ),
        (
            "The annual general meeting will be held on April 12 in Stockholm.",
            Neutral,
        ),
        (
            "The board proposes a dividend of 0.20 euros per share.",
            Neutral,
        ),
        (
            "Sales of the unit totalled 54 million euros in 2025.",
            Neutral,
        ),
        (
            "The company will publish its interim report on July 20.",
            Neutral,
        ),
        (
            "The deal is expected to be completed in the second quarter of 2027.",
            Neutral,
        ),
        (
            "The shares will be listed on the Nasdaq Helsinki exchange.",
            Neutral,
        ),
        (
            "The contract covers the delivery of software and maintenance services.",
            Neutral,
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("business.jsonl");
    let lines: Vec<String> = cases
        .iter()
        .enumerate()
        .map(|(i, (text, _))| serde_json::json!({"id": i.to_string(), "text": text}).to_string())
        .collect();
    std::fs::write(&input, lines.join("\n")).unwrap();
    let out_path = dir.path().join("out.jsonl");
    let out = common::newslens(&[
        "score",
        input.to_str().unwrap(),
        "--out",
        out_path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let written = std::fs::read_to_string(&out_path).unwrap();
    assert_eq!(written.lines().count(), cases.len(), "{written}");
    let mut wrong = Vec::new();
    for line in written.lines() {
        let record: newslens::record::Record = serde_json::from_str(line).unwrap();
        let (text, expected) = cases[record.id.parse::<usize>().unwrap()];
        let got = record.sentiment.label;
        if got != expected {
            wrong.push((text, got));
        }
    }
    assert!(wrong.is_empty(), "read the wrong way: {wrong:?}");
}
