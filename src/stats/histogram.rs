//! Streaming quantiles with bounded memory: a log-linear histogram.
//!
//! Each power of two is split into 256 equal sub-buckets, so a quantile reported as its
//! bucket's midpoint is within [`HISTOGRAM_RELATIVE_ERROR`] (2⁻⁹ ≈ 0.2%) of the exact order
//! statistic, and never outside the smallest and largest values recorded (kept exactly: a
//! quantile of values that are all 13.5 is 13.5). Memory is fixed (72 × 256 counters),
//! whatever the number of cases.

const SUB_BITS: u32 = 8;
const SUB: usize = 1 << SUB_BITS;
const MIN_EXP: i32 = -32;
const MAX_EXP: i32 = 40;
const BUCKETS: usize = ((MAX_EXP - MIN_EXP) as usize) * SUB;

/// Largest relative error of a reported quantile for values in [2⁻³², 2⁴⁰).
pub const HISTOGRAM_RELATIVE_ERROR: f64 = 1.0 / 512.0;

/// Counts of non-negative values in log-linear buckets.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    counts: Vec<u64>,
    small: u64,
    total: u64,
    /// The smallest and largest values recorded (negative ones as 0).
    min: f64,
    max: f64,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            counts: vec![0; BUCKETS],
            small: 0,
            total: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }
}

impl Histogram {
    /// Records one value (negative values count as 0).
    #[inline]
    pub fn add(&mut self, x: f64) {
        self.total += 1;
        let x = x.max(0.0);
        self.min = self.min.min(x);
        self.max = self.max.max(x);
        if x < f64::powi(2.0, MIN_EXP) {
            self.small += 1;
            return;
        }
        let bits = x.to_bits();
        let exp = ((bits >> 52) & 0x7ff) as i32 - 1023;
        let mant = ((bits >> (52 - SUB_BITS)) as usize) & (SUB - 1);
        let i = (((exp - MIN_EXP) as usize) << SUB_BITS) | mant;
        self.counts[i.min(BUCKETS - 1)] += 1;
    }

    /// Number of recorded values.
    pub fn count(&self) -> u64 {
        self.total
    }

    /// Adds another histogram's counts to this one.
    pub fn merge(&mut self, other: &Histogram) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.small += other.small;
        self.total += other.total;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }

    /// Counts of values in `[edges[i], edges[i + 1])` for each i (a value counts by its
    /// bucket's midpoint); values outside all bins are left out.
    pub fn bin_counts(&self, edges: &[f64]) -> Vec<u64> {
        let mut out = vec![0; edges.len().saturating_sub(1)];
        let mut place = |x: f64, c: u64| {
            if let Some(i) = edges.windows(2).position(|w| x >= w[0] && x < w[1]) {
                out[i] += c;
            }
        };
        place(0.0, self.small);
        for (i, &c) in self.counts.iter().enumerate() {
            if c > 0 {
                place(bucket_mid(i), c);
            }
        }
        out
    }

    /// The `q` quantile (0 < q ≤ 1) by the nearest-rank rule, as the midpoint of the bucket
    /// holding that rank, kept within the smallest and largest values recorded; NaN when
    /// empty.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.total == 0 {
            return f64::NAN;
        }
        let rank = ((q * self.total as f64).ceil() as u64).clamp(1, self.total);
        let mut seen = self.small;
        if seen >= rank {
            return 0.0;
        }
        for (i, &c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return bucket_mid(i).clamp(self.min, self.max);
            }
        }
        f64::NAN
    }
}

/// Midpoint of bucket `i`.
fn bucket_mid(i: usize) -> f64 {
    let exp = (i >> SUB_BITS) as i32 + MIN_EXP;
    let mant = (i & (SUB - 1)) as f64;
    let width = f64::powi(2.0, exp) / SUB as f64;
    f64::powi(2.0, exp) + (mant + 0.5) * width
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bin_counts_put_each_value_in_its_bin() {
        let mut h = Histogram::default();
        for v in [0.0, 0.5, 1.5, 1.6, 2.5, 9.0] {
            h.add(v);
        }
        assert_eq!(h.bin_counts(&[0.0, 1.0, 2.0, 3.0]), vec![2, 2, 1]);
    }

    #[test]
    fn quantiles_stay_within_the_values_recorded() {
        let mut h = Histogram::default();
        for _ in 0..10 {
            h.add(13.5);
        }
        assert_eq!(
            (h.quantile(0.5), h.quantile(0.9), h.quantile(1.0)),
            (13.5, 13.5, 13.5)
        );
        let mut other = Histogram::default();
        other.add(20.0);
        h.merge(&other);
        assert_eq!(h.quantile(1.0), 20.0);
        // Between the two, the bucket's midpoint.
        assert!((h.quantile(0.5) / 13.5 - 1.0).abs() <= HISTOGRAM_RELATIVE_ERROR);
    }

    #[test]
    fn quantiles_are_within_the_stated_relative_error() {
        let mut h = Histogram::default();
        let values: Vec<f64> = (1..=10_000).map(|i| f64::from(i) * 0.37).collect();
        for &v in &values {
            h.add(v);
        }
        for q in [0.5, 0.9, 0.95, 1.0] {
            let exact = values[((q * 10_000.0_f64).ceil() as usize) - 1];
            let got = h.quantile(q);
            assert!(
                (got - exact).abs() <= exact * HISTOGRAM_RELATIVE_ERROR,
                "q {q}: {got} vs {exact}"
            );
        }
    }

    #[test]
    fn merge_equals_one_pass() {
        let (mut a, mut b, mut all) = (
            Histogram::default(),
            Histogram::default(),
            Histogram::default(),
        );
        for i in 0..1000 {
            let x = f64::from(i).sqrt();
            if i % 3 == 0 {
                a.add(x)
            } else {
                b.add(x)
            }
            all.add(x);
        }
        a.merge(&b);
        assert_eq!(a, all);
    }

    #[test]
    fn empty_histogram_has_no_quantile() {
        assert!(Histogram::default().quantile(0.5).is_nan());
    }
}
