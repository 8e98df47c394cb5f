//! ingest + clean + segment + entities on arbitrary bytes: no panic, every span keeps the
//! promises of `Document::check_spans`, and every entity mention lies on the text's
//! character boundaries. The first byte chooses HTML or text.
//!
//!     RUSTC_BOOTSTRAP=1 cargo fuzz run preprocess -s none
#![no_main]

use libfuzzer_sys::fuzz_target;
use newslens::ingest::document_from_bytes;
use newslens::preprocess::segment;

fuzz_target!(|data: &[u8]| {
    let (is_html, bytes) = match data.split_first() {
        Some((first, rest)) => (first & 1 == 1, rest),
        None => (false, data),
    };
    if let Ok(mut doc) = document_from_bytes("fuzz", bytes, is_html) {
        segment(&mut doc);
        if let Err(breach) = doc.check_spans() {
            panic!("{breach}");
        }
        let settings = newslens::entities::EntitySettings {
            min_mentions: 1,
            targets: vec!["Anna Berg=Berg".into()],
            ..Default::default()
        };
        newslens::entities::find(&mut doc, &settings);
        for mention in doc.entities.iter().flat_map(|e| &e.mentions) {
            assert!(doc.text.get(mention.span.start..mention.span.end).is_some());
        }
    }
});
