//! Tone toward the people and organisations of a story (#21) on BASIL (Fan et al.,
//! EMNLP 2019): 150 articles, 50 events told by Fox, the New York Times and HuffPost,
//! each with the annotators' feeling of the author toward the main entities
//! (`author_feeling_<Entity_Name>`: neg / neu / pos). Each annotated entity is asked for
//! as a target (`targets`, its underscores read as spaces), the article's tone toward it
//! (the mean over its mentions, neutral without one) is compared with the annotation.
//! Prints macro-F1 over neg / neu / pos with the majority class and the article's own
//! tone given to every entity (what newslens said before tone toward entities), and a
//! 5-fold cross-validation by event of a neutral bias (the neutral probability times
//! exp(b), b chosen on four folds, measured on the fifth).
//!
//!     cargo run --release --example eval_basil
//!
//! NEWSLENS_DATA points at the shared data folder (default ../shared/data).

use newslens::document::{Document, Probabilities};
use newslens::eval::classes::{macro_f1, most_probable};
use newslens::pipeline::{Pipeline, Settings};

struct Item {
    event: String,
    gold: usize,
    /// The article's tone toward the entity, if it was mentioned.
    toward: Option<Probabilities>,
    article: Probabilities,
}

fn predict(items: &[&Item], bias: f32) -> (Vec<usize>, Vec<usize>) {
    let gold = items.iter().map(|i| i.gold).collect();
    let predicted = items
        .iter()
        .map(|i| i.toward.as_ref().map_or(1, |p| most_probable(p, bias)))
        .collect();
    (gold, predicted)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = newslens::eval::data_dir().join("basil/articles.jsonl");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: {e} (BASIL is in the shared data)", path.display()))?;
    let mut settings = Settings::default();
    // Only the annotated entities, asked for per article.
    settings.entities.enabled = false;
    let pipeline = Pipeline::load(None, settings)?;
    let mut docs = Vec::new();
    let mut golds = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let value: serde_json::Value = serde_json::from_str(line)?;
        let mut doc = Document::new(
            value["id"].as_str().unwrap_or(""),
            value["text"].as_str().unwrap_or(""),
        );
        doc.source = value["source"].as_str().map(str::to_string);
        let mut gold = Vec::new();
        for (key, feeling) in value["article"].as_object().into_iter().flatten() {
            let Some(entity) = key.strip_prefix("author_feeling_") else {
                continue;
            };
            let class = match feeling.as_str() {
                Some("neg") => 0,
                Some("neu") => 1,
                Some("pos") => 2,
                _ => continue,
            };
            if entity == "main_event" {
                continue;
            }
            let name = entity.replace('_', " ");
            doc.targets.push(name.clone());
            gold.push((name, class));
        }
        golds.push((value["event"].as_str().unwrap_or("").to_string(), gold));
        docs.push(doc);
    }
    let results = pipeline.run_all(&mut docs);
    let mut items = Vec::new();
    let mut unmentioned = 0;
    for ((doc, result), (event, gold)) in docs.iter().zip(results).zip(golds) {
        result?;
        let article = doc
            .sentiment
            .map(|s| s.probabilities)
            .ok_or("no sentiment")?;
        for (name, class) in gold {
            let toward = doc
                .entities
                .iter()
                .find(|e| e.name == name)
                .and_then(|e| e.tone)
                .map(|t| t.probabilities);
            unmentioned += usize::from(toward.is_none());
            items.push(Item {
                event: event.clone(),
                gold: class,
                toward,
                article,
            });
        }
    }
    let all: Vec<&Item> = items.iter().collect();
    let counts: Vec<usize> = (0..3)
        .map(|c| items.iter().filter(|i| i.gold == c).count())
        .collect();
    println!(
        "BASIL dev: {} annotated entities in {} articles (neg {}, neu {}, pos {}); {unmentioned} never matched in their article",
        items.len(),
        docs.len(),
        counts[0],
        counts[1],
        counts[2]
    );
    let show = |what: &str, gold: &[usize], predicted: &[usize]| {
        let (m, f1, accuracy) = macro_f1(gold, predicted);
        println!(
            "  {what}: macro-F1 {m:.3} (neg {:.3}, neu {:.3}, pos {:.3}), accuracy {accuracy:.3}",
            f1[0], f1[1], f1[2]
        );
    };
    let gold: Vec<usize> = all.iter().map(|i| i.gold).collect();
    show("majority class (neutral)", &gold, &vec![1; gold.len()]);
    show(
        "the article's tone for every entity",
        &gold,
        &all.iter()
            .map(|i| most_probable(&i.article, 0.0))
            .collect::<Vec<_>>(),
    );
    let (gold, predicted) = predict(&all, 0.0);
    show("tone toward the entity (no bias)", &gold, &predicted);
    // 5 folds by event: a hash of the event id.
    let fold = |event: &str| {
        event
            .bytes()
            .fold(0u32, |h, b| h.wrapping_mul(31) + b as u32)
            % 5
    };
    let biases: Vec<f32> = (-10..=30).map(|s| s as f32 / 10.0).collect();
    let mut scores = Vec::new();
    for k in 0..5 {
        let train: Vec<&Item> = items.iter().filter(|i| fold(&i.event) != k).collect();
        let test: Vec<&Item> = items.iter().filter(|i| fold(&i.event) == k).collect();
        let best = biases
            .iter()
            .copied()
            .max_by(|&a, &b| {
                let f = |bias| {
                    let (g, p) = predict(&train, bias);
                    macro_f1(&g, &p).0
                };
                f(a).total_cmp(&f(b))
            })
            .unwrap_or(0.0);
        let (g, p) = predict(&test, best);
        let (m, _, _) = macro_f1(&g, &p);
        println!(
            "  fold {k}: neutral bias {best:+.1} chosen on {} entities, macro-F1 {m:.3} on {}",
            train.len(),
            test.len()
        );
        scores.push(m);
    }
    let mean = scores.iter().sum::<f64>() / scores.len() as f64;
    let (low, high) = scores
        .iter()
        .fold((f64::MAX, f64::MIN), |(l, h), &s| (l.min(s), h.max(s)));
    println!("  cross-validated: macro-F1 mean {mean:.3} (folds {low:.3} to {high:.3})");
    Ok(())
}
