//! Summaries. The embedded default is extractive on MiniLM embeddings.

pub mod extractive;

pub use extractive::{summarize, SummarySettings};
