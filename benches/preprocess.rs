//! Ingest + clean + segment throughput on real news text: the 125 CNN/DailyMail dev
//! articles concatenated (one article per paragraph).
//!
//!     cargo bench --bench preprocess
//!
//! Data is read from `$NEWSLENS_DATA/cnndm/dev.source` (default `../shared/data`);
//! without it the bench says so and does nothing.

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

criterion_group!(benches, preprocess);
criterion_main!(benches);
