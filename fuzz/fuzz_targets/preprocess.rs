//! ingest + clean + segment on arbitrary bytes: no panic, and every span keeps the
//! promises of `Document::check_spans`. The first byte chooses HTML or text.
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
    }
});
