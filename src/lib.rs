//! newslens reads news and web articles offline and tells a reader what an article
//! says (a summary), how it feels (sentiment per sentence, paragraph and article),
//! and where it is selling something or repeating itself (flags with reasons).
//!
//! The work is a pipeline of stages over one [`Document`]:
//!
//! ```text
//! ingest -> segment -> embed (MiniLM) -> sentiment -> flag -> summarize -> record
//! ```
//!
//! Every offset in the output is a UTF-8 byte offset into the original text.
//!
//! ```no_run
//! use newslens::{ingest, pipeline::{Pipeline, Settings}, record::Record};
//!
//! let pipeline = Pipeline::load(None, Settings::default())?;
//! let mut doc = ingest::document_from_bytes("note", b"The council met on Monday. It voted.", false)?;
//! pipeline.run(&mut doc)?;
//! let record = Record::from(&doc);
//! println!("{}", serde_json::to_string(&record)?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

pub mod atomic;
pub mod batch;
pub mod bounded;
pub mod compare;
pub mod document;
pub mod entities;
pub mod error;
pub mod eval;
pub mod flags;
pub mod hash;
pub mod ingest;
pub mod models;
pub mod pipeline;
pub mod preprocess;
pub mod record;
pub mod report;
pub mod sentiment;
pub mod settings;
pub mod summarize;

pub use document::Document;
pub use pipeline::{Pipeline, Settings};
pub use record::Record;
