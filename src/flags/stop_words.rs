//! The function words both repetition detectors ignore: restatements compare the
//! remaining content words, repeated phrases are built from them.

/// Lower-case stop words, sorted for binary search.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "being", "both", "but", "by", "can", "could", "did", "do", "does", "done",
    "down", "each", "few", "first", "for", "from", "had", "has", "have", "he", "her", "here",
    "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "last", "like", "may",
    "me", "might", "more", "most", "must", "my", "new", "no", "not", "of", "off", "on", "once",
    "one", "only", "or", "other", "our", "out", "over", "own", "said", "same", "say", "says",
    "she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "to", "too", "two", "under", "up", "us", "very", "was", "we",
    "well", "were", "what", "when", "where", "which", "who", "whom", "whose", "why", "will",
    "with", "would", "yes", "you", "your",
];

/// Whether a lower-cased word is a stop word.
pub fn is_stop_word(lower: &str) -> bool {
    STOP_WORDS.binary_search(&lower).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_so_binary_search_finds_every_word() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| is_stop_word(w)));
        assert!(!is_stop_word("friendship"));
    }
}
