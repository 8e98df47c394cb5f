//! The HTML path on arbitrary bytes: main-content extraction and page metadata, then
//! segmentation. No panic, and every span keeps the promises of
//! `Document::check_spans`.
//!
//!     RUSTC_BOOTSTRAP=1 cargo fuzz run html -s none
#![no_main]

use libfuzzer_sys::fuzz_target;
use newslens::ingest::document_from_bytes;
use newslens::preprocess::segment;

fuzz_target!(|data: &[u8]| {
    if let Ok(mut doc) = document_from_bytes("fuzz.html", data, true) {
        segment(&mut doc);
        if let Err(breach) = doc.check_spans() {
            panic!("{breach}");
        }
    }
});
