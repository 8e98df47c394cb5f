//! Bootstrap intervals of a mean and of a difference of means, with a deterministic
//! generator: the same input gives the same intervals on every run and machine.

use super::Interval;

/// Bootstrap resamples per interval.
const RESAMPLES: usize = 2000;

/// A small deterministic generator (SplitMix64): the same input gives the same
/// intervals on every run and machine.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        crate::hash::mix64(self.0)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

pub(super) fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    }
}

fn percentile_interval(mut samples: Vec<f64>) -> Interval {
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    Interval {
        low: at(0.025),
        high: at(0.975),
    }
}

fn resample_mean(values: &[f64], rng: &mut SplitMix) -> f64 {
    (0..values.len())
        .map(|_| values[rng.below(values.len())])
        .sum::<f64>()
        / values.len() as f64
}

/// 95% percentile bootstrap interval of the mean.
pub fn bootstrap_mean(values: &[f64], seed: u64) -> Interval {
    if values.len() < 2 {
        let m = mean(values);
        return Interval { low: m, high: m };
    }
    let mut rng = SplitMix(seed);
    percentile_interval(
        (0..RESAMPLES)
            .map(|_| resample_mean(values, &mut rng))
            .collect(),
    )
}

/// 95% percentile bootstrap interval of mean(a) - mean(b), resampling each group.
pub fn bootstrap_difference(a: &[f64], b: &[f64], seed: u64) -> Interval {
    if a.is_empty() || b.is_empty() {
        return Interval {
            low: f64::NAN,
            high: f64::NAN,
        };
    }
    let mut rng = SplitMix(seed);
    percentile_interval(
        (0..RESAMPLES)
            .map(|_| resample_mean(a, &mut rng) - resample_mean(b, &mut rng))
            .collect(),
    )
}
