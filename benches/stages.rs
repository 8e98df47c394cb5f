//! Criterion benchmarks of the CPU-only stages that follow the model: flagging
//! (promotional cues + restatements, on documents whose embeddings and sentiment are
//! already computed) and ROUGE scoring, on the 125 CNN/DailyMail dev articles.
//!
//!     cargo bench --bench stages
//!
//! Data is read from `$NEWSLENS_DATA/cnndm/` (default `../shared/data`); without it the
//! bench says so and does nothing.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newslens::batch::CHUNK;
use newslens::document::Document;
use newslens::eval::rouge::{rouge_lsum, rouge_n};
use newslens::flags::tone::ToneDirection;
use newslens::flags::{phrases, promotional, repetition, Lexicon};
use newslens::ingest::document_from_bytes;
use newslens::pipeline::{Pipeline, Settings};

fn analysed(source: &str) -> Option<Vec<Document>> {
    let pipeline = Pipeline::load(None, Settings::default()).ok()?;
    let mut docs: Vec<Document> = source
        .lines()
        .enumerate()
        .filter_map(|(i, l)| document_from_bytes(&i.to_string(), l.as_bytes(), false).ok())
        .collect();
    for chunk in docs.chunks_mut(CHUNK) {
        pipeline.run_all(chunk);
    }
    Some(docs)
}

fn stages(c: &mut Criterion) {
    let data = newslens::eval::data_dir().join("cnndm");
    let (Ok(source), Ok(target)) = (
        std::fs::read_to_string(data.join("dev.source")),
        std::fs::read_to_string(data.join("dev.target")),
    ) else {
        eprintln!("stages bench skipped: cnndm/dev.source not found (set NEWSLENS_DATA)");
        return;
    };
    let Some(docs) = analysed(&source) else {
        eprintln!("stages bench skipped: models not installed (bash scripts/setup)");
        return;
    };
    let settings = Settings::default();
    let lexicon = Lexicon::builtin();
    let tone = ToneDirection::builtin();
    let sentences: usize = docs.iter().map(|d| d.sentences().count()).sum();
    let mut group = c.benchmark_group("flag");
    group.throughput(Throughput::Elements(sentences as u64));
    group.sample_size(20);
    // Each flagger alone over clones of the analysed documents (the clone is in all
    // three, so compare them with one another): the tone's cost is the difference of
    // the first two.
    let mut bench = |name: &str, flag: &dyn Fn(&mut Document)| {
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut flagged = 0;
                for doc in &docs {
                    let mut doc = doc.clone();
                    doc.flags.clear();
                    flag(&mut doc);
                    flagged += doc.flags.len();
                }
                flagged
            })
        });
    };
    bench("promotional, 125 cnndm dev articles", &|doc| {
        let readers = promotional::Readers {
            tone: tone.as_ref(),
            probe: None,
        };
        promotional::flag(doc, &lexicon, readers, &settings.promotional)
    });
    bench("promotional without the tone", &|doc| {
        promotional::flag(doc, &lexicon, Default::default(), &settings.promotional)
    });
    bench("restatements", &|doc| {
        repetition::flag(doc, &settings.repetition)
    });
    bench("repeated phrases", &|doc| {
        phrases::flag(doc, &lexicon, settings.repetition.phrase_min_count)
    });
    group.finish();

    // ROUGE of each article's first three sentences against its reference.
    let pairs: Vec<(String, String)> = source
        .lines()
        .zip(target.lines())
        .map(|(s, t)| {
            let lead: Vec<&str> = s.split(". ").take(3).collect();
            (
                lead.join(".\n"),
                t.split(" . ").collect::<Vec<_>>().join("\n"),
            )
        })
        .collect();
    let mut group = c.benchmark_group("rouge");
    group.throughput(Throughput::Elements(pairs.len() as u64));
    group.bench_function("rouge-1, rouge-2, rouge-lsum, 125 pairs", |b| {
        b.iter(|| {
            pairs
                .iter()
                .map(|(c, r)| rouge_n(c, r, 1).f1 + rouge_n(c, r, 2).f1 + rouge_lsum(c, r).f1)
                .sum::<f64>()
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
