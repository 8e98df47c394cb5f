//! Ingest + clean + segment throughput on real news text: the 125 CNN/DailyMail dev
//! articles concatenated (one article per paragraph); and web extraction on the 130
//! dev pages (`extraction/pages/*/source.html`), next to parsing them alone (the
//! baseline: html5ever's tree, which extraction cannot avoid).
//!
//!     cargo bench --bench preprocess
//!
//! Data is read from `$NEWSLENS_DATA` (default `../shared/data`); without it the bench
//! says so and does nothing.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newslens::ingest::document_from_bytes;
use newslens::preprocess::segment;

fn corpus() -> Option<Vec<u8>> {
    let data = newslens::eval::data_dir();
    let text = std::fs::read_to_string(data.join("cnndm/dev.source")).ok()?;
    Some(text.lines().collect::<Vec<_>>().join("\n\n").into_bytes())
}

fn preprocess(c: &mut Criterion) {
    let Some(bytes) = corpus() else {
        eprintln!("preprocess bench skipped: cnndm/dev.source not found (set NEWSLENS_DATA)");
        return;
    };
    let mut group = c.benchmark_group("preprocess");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(20);
    group.bench_function("ingest+clean+segment cnndm dev", |b| {
        b.iter(|| {
            let Ok(mut doc) = document_from_bytes("cnndm", &bytes, false) else {
                return 0;
            };
            segment(&mut doc);
            doc.sentence_count()
        })
    });
    group.finish();
}

fn pages() -> Vec<String> {
    let dir = newslens::eval::data_dir().join("extraction/pages");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path().join("source.html")))
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect()
}

fn extraction(c: &mut Criterion) {
    let pages = pages();
    if pages.is_empty() {
        eprintln!("extraction bench skipped: extraction/pages not found (set NEWSLENS_DATA)");
        return;
    }
    let bytes: usize = pages.iter().map(String::len).sum();
    let mut group = c.benchmark_group("html");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("parse only (baseline), 130 dev pages", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|p| scraper::Html::parse_document(p).tree.nodes().count())
                .sum::<usize>()
        })
    });
    group.bench_function(
        "extract (parse, metadata, main content), 130 dev pages",
        |b| {
            b.iter(|| {
                pages
                    .iter()
                    .map(|p| newslens::ingest::html::extract(p).text.len())
                    .sum::<usize>()
            })
        },
    );
    group.finish();
}

criterion_group!(benches, preprocess, extraction);
criterion_main!(benches);
