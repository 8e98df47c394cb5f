//! Evaluation metrics used by the benchmarks and evaluation commands.

pub mod rouge;
