//! Yes/no decisions against gold: true and false positives and false negatives, and the
//! precision, recall and F1 they give.

/// True positives, false positives and false negatives, for precision, recall and F1.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Predicted and true.
    pub tp: usize,
    /// Predicted but not true.
    pub fp: usize,
    /// True but not predicted.
    pub fn_: usize,
}

impl Counts {
    /// Counts one decision.
    pub fn add(&mut self, predicted: bool, gold: bool) {
        match (predicted, gold) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.fn_ += 1,
            (false, false) => {}
        }
    }

    /// Adds `other`'s counts.
    pub fn merge(&mut self, other: &Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }

    /// tp / (tp + fp); 0 with nothing predicted.
    pub fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }

    /// tp / (tp + fn); 0 with nothing true.
    pub fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }

    /// 0 when there is nothing to find and nothing found.
    pub fn f1(&self) -> f64 {
        2.0 * self.tp as f64 / (2 * self.tp + self.fp + self.fn_).max(1) as f64
    }

    /// `P / R / F1` to three decimals.
    pub fn prf(&self) -> String {
        format!(
            "{:.3} / {:.3} / {:.3}",
            self.precision(),
            self.recall(),
            self.f1()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f1_is_the_harmonic_mean_of_precision_and_recall() {
        let mut c = Counts::default();
        for (predicted, gold) in [(true, true), (true, false), (false, true), (false, false)] {
            c.add(predicted, gold);
        }
        c.add(true, true);
        // tp 2, fp 1, fn 1: P = R = F1 = 2/3.
        assert_eq!(c.prf(), "0.667 / 0.667 / 0.667");
        let mut total = Counts::default();
        total.merge(&c);
        total.merge(&c);
        assert_eq!((total.tp, total.fp, total.fn_), (4, 2, 2));
        assert_eq!(Counts::default().f1(), 0.0);
    }
}
