//! Loaded wording read from a whole sentence: a linear probe over what the encoder's pass
//! keeps of every sentence anyway (its embedding, then the sentiment branch's mean
//! states), trained by `scripts/train-loaded` beside the word tagger, on the sentences
//! annotators marked as loaded in PTC and BASIL against the rest of them and against
//! straight wire news (MSRP's sentences). Where the tagger finds loaded words, the probe
//! reads a sentence that is loaded as a whole ("a tapestry of intertwined dreams")
//! without one word that is.

/// A logistic regression on `[embedding, branch states]` (384 + 384 with MiniLM).
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceProbe {
    weight: Vec<f32>,
    bias: f32,
}

impl SentenceProbe {
    /// A probe with one weight per input (the embedding's, then the branch's) and a bias.
    pub fn new(weight: Vec<f32>, bias: f32) -> SentenceProbe {
        SentenceProbe { weight, bias }
    }

    /// The probability that a sentence holds loaded wording, from its embedding and the
    /// branch's mean states; `None` when it lacks either (not encoded, or no branch) or
    /// their widths are not the probe's.
    pub fn probability(&self, embedding: &[f32], branch: &[f32]) -> Option<f32> {
        if embedding.is_empty()
            || branch.is_empty()
            || embedding.len() + branch.len() != self.weight.len()
        {
            return None;
        }
        let logit = embedding
            .iter()
            .chain(branch)
            .zip(&self.weight)
            .fold(self.bias, |sum, (x, w)| sum + x * w);
        Some(1.0 / (1.0 + (-logit).exp()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_reads_both_inputs_and_refuses_other_widths() {
        let probe = SentenceProbe::new(vec![1.0, 0.0, 0.0, -2.0], 0.5);
        let p = probe.probability(&[1.0, 9.0], &[9.0, 0.25]).unwrap();
        // logit 0.5 + 1 - 0.5 = 1
        assert!((p - 1.0 / (1.0 + (-1.0f32).exp())).abs() < 1e-6, "{p}");
        assert_eq!(probe.probability(&[1.0, 2.0], &[]), None);
        assert_eq!(probe.probability(&[], &[1.0, 2.0]), None);
        assert_eq!(probe.probability(&[1.0], &[1.0, 2.0, 3.0, 4.0]), None);
        let high = SentenceProbe::new(vec![1000.0, 0.0], 0.0);
        assert_eq!(high.probability(&[1.0], &[0.0]), Some(1.0));
        assert_eq!(high.probability(&[-1.0], &[0.0]), Some(0.0));
    }
}
