//! Flags: promotional passages and passages that repeat earlier ones.

pub mod duplicates;
pub mod lexicon;
pub mod phrases;
pub mod promotional;
pub mod repetition;
pub mod stop_words;
pub mod tone;

pub use lexicon::Lexicon;
pub use promotional::PromotionalSettings;
pub use repetition::RepetitionSettings;
