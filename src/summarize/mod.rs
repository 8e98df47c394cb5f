//! Summaries. The embedded default is extractive on MiniLM embeddings; users with a
//! BART / Pegasus / T5 summarization model get abstractive ones.

pub mod abstractive;
pub mod extractive;

pub use abstractive::{Abstractive, AbstractiveSettings};
pub use extractive::{summarize, SummarySettings};
