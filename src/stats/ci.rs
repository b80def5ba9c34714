//! Across-replication summaries: mean, standard deviation and Student-t 95% interval.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// Mean, sample standard deviation and 95% confidence interval of independent values.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Summary {
    /// Number of values (replications) the summary is based on.
    pub n: usize,
    /// Arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (divisor n − 1); NaN when n < 2.
    pub std_dev: f64,
    /// Lower end of the Student-t 95% confidence interval of the mean; NaN when n < 2.
    pub ci95_low: f64,
    /// Upper end of the interval; NaN when n < 2.
    pub ci95_high: f64,
}

impl Summary {
    /// Half-width of the 95% interval: how far it reaches from the mean. An interval cut at
    /// one end by [`Summary::within`] keeps the Student-t half-width of its other end.
    pub fn half_width(&self) -> f64 {
        (self.mean - self.ci95_low).max(self.ci95_high - self.mean)
    }

    /// The interval cut to the values the quantity can take, `[lo, hi]`: a share's interval
    /// from few replications can reach below 0 or above 1, and the part outside holds no
    /// value the quantity can have, so cutting it keeps the coverage.
    pub fn within(self, (lo, hi): (f64, f64)) -> Summary {
        let cut = |x: f64| if x.is_nan() { x } else { x.clamp(lo, hi) };
        Summary {
            ci95_low: cut(self.ci95_low),
            ci95_high: cut(self.ci95_high),
            ..self
        }
    }
}

/// The 0.975 quantile of Student's t distribution with `df` degrees of freedom.
pub fn t_quantile_975(df: usize) -> f64 {
    t_quantile(0.975, df)
}

/// The `p` quantile of Student's t distribution with `df` degrees of freedom (df >= 1).
pub fn t_quantile(p: f64, df: usize) -> f64 {
    t_quantile_real(p, df as f64)
}

/// [`t_quantile`] for real degrees of freedom (Welch–Satterthwaite).
fn t_quantile_real(p: f64, df: f64) -> f64 {
    match StudentsT::new(0.0, 1.0, df) {
        Ok(t) => t.inverse_cdf(p),
        Err(_) => f64::NAN,
    }
}

/// Summarises the finite values of `values` (NaN entries, e.g. a class with no completed
/// case in one replication, are left out and reduce `n`).
pub fn summarize(values: &[f64]) -> Summary {
    summarize_at(values, 0.975)
}

/// Like [`summarize`] but with a two-sided interval whose upper quantile is `p`.
pub fn summarize_at(values: &[f64], p: f64) -> Summary {
    let finite = || values.iter().copied().filter(|x| x.is_finite());
    let n = finite().count();
    if n == 0 {
        return Summary {
            n,
            mean: f64::NAN,
            std_dev: f64::NAN,
            ci95_low: f64::NAN,
            ci95_high: f64::NAN,
        };
    }
    let mean = finite().sum::<f64>() / n as f64;
    if n < 2 {
        return Summary {
            n,
            mean,
            std_dev: f64::NAN,
            ci95_low: f64::NAN,
            ci95_high: f64::NAN,
        };
    }
    let var = finite().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64;
    let sd = var.sqrt();
    let hw = t_quantile(p, n - 1) * sd / (n as f64).sqrt();
    Summary {
        n,
        mean,
        std_dev: sd,
        ci95_low: mean - hw,
        ci95_high: mean + hw,
    }
}

/// Mean difference `b − a` of two independent samples with its Welch 95% interval
/// (Welch–Satterthwaite degrees of freedom): what a comparison without common random
/// numbers can claim. Returns (difference, low, high); NaN bounds with fewer than two values
/// on either side.
pub fn welch_difference(a: &[f64], b: &[f64]) -> (f64, f64, f64) {
    welch_difference_at(a, b, 0.975)
}

/// Like [`welch_difference`] but with a two-sided interval whose upper quantile is `p`.
pub fn welch_difference_at(a: &[f64], b: &[f64], p: f64) -> (f64, f64, f64) {
    let (sa, sb) = (summarize(a), summarize(b));
    let d = sb.mean - sa.mean;
    let (va, vb) = (
        sa.std_dev * sa.std_dev / sa.n as f64,
        sb.std_dev * sb.std_dev / sb.n as f64,
    );
    let se2 = va + vb;
    if !se2.is_finite() {
        return (d, f64::NAN, f64::NAN);
    }
    if se2 == 0.0 {
        return (d, d, d);
    }
    let df = se2 * se2 / (va * va / (sa.n as f64 - 1.0) + vb * vb / (sb.n as f64 - 1.0));
    let hw = t_quantile_real(p, df) * se2.sqrt();
    (d, d - hw, d + hw)
}

/// MSER-5 truncation point of an output series: the number of leading observations to
/// delete, a multiple of 5, minimising the squared standard error of the mean of what is
/// left (White 1997; Franklin & White 2008), searched over the first half of the series.
pub fn mser5(series: &[f64]) -> usize {
    let batches: Vec<f64> = series
        .chunks_exact(5)
        .map(|c| c.iter().sum::<f64>() / 5.0)
        .collect();
    let k = batches.len();
    if k < 4 {
        return 0;
    }
    // Suffix sums give the mean and sum of squares of batches[d..] in O(1) per d.
    let (mut sum, mut sq) = (0.0, 0.0);
    let mut best = (f64::INFINITY, 0);
    for d in (0..k).rev() {
        sum += batches[d];
        sq += batches[d] * batches[d];
        let n = (k - d) as f64;
        if d <= k / 2 {
            let var_sum = sq - sum * sum / n;
            let stat = var_sum / (n * n);
            if stat <= best.0 {
                best = (stat, d);
            }
        }
    }
    best.1 * 5
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tabulated t quantiles (two-sided 95%) from any statistics table, 4 decimals.
    #[test]
    fn t_quantiles_match_tables() {
        for (df, expected) in [
            (1, 12.7062),
            (4, 2.7764),
            (9, 2.2622),
            (29, 2.0452),
            (120, 1.9799),
        ] {
            assert!((t_quantile_975(df) - expected).abs() < 1e-4, "df {df}");
        }
    }

    #[test]
    fn intervals_are_cut_to_what_the_quantity_can_take() {
        // Shares 0, 0, 0.8: mean 0.267, t(2) interval about ±1.15.
        let s = summarize(&[0.0, 0.0, 0.8]).within((0.0, 1.0));
        assert_eq!((s.ci95_low, s.ci95_high), (0.0, 1.0));
        assert!((s.mean - 0.8 / 3.0).abs() < 1e-12);
        // Cut at one end, the half-width is still the t half-width.
        let u = summarize(&[0.9, 1.0, 1.0]);
        let cut = u.within((0.0, 1.0));
        assert_eq!(cut.ci95_high, 1.0);
        assert!((cut.half_width() - (u.ci95_high - u.ci95_low) / 2.0).abs() < 1e-12);
        // Inside the range: unchanged; no interval: still none.
        let t = summarize(&[0.4, 0.5, 0.6]);
        assert_eq!(t.within((0.0, 1.0)), t);
        assert!(summarize(&[0.5]).within((0.0, 1.0)).ci95_low.is_nan());
    }

    #[test]
    fn half_width_of_known_sample() {
        // values 1..=10: mean 5.5, sd sqrt(55/6) = 3.02765; hw = 2.26216 * 3.02765 / sqrt(10).
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        let s = summarize(&v);
        assert_eq!(s.mean, 5.5);
        assert!((s.std_dev - 3.027_650_354).abs() < 1e-9);
        assert!((s.half_width() - 2.262_157_163 * 3.027_650_354 / 10f64.sqrt()).abs() < 1e-8);
    }

    #[test]
    fn welch_interval_of_known_samples() {
        // a = 1..=5 (mean 3, var 2.5), b = 2,4,..,10 (mean 6, var 10): se² = 0.5 + 2 = 2.5,
        // df = 2.5² / (0.5²/4 + 2²/4) = 5.882…; t(0.975, 5.882) = 2.45882 (Simpson integration
        // of the t density, bisection on the CDF).
        let a: Vec<f64> = (1..=5).map(f64::from).collect();
        let b: Vec<f64> = (1..=5).map(|x| f64::from(2 * x)).collect();
        let (d, lo, hi) = welch_difference(&a, &b);
        assert_eq!(d, 3.0);
        assert!(
            ((hi - lo) / 2.0 - 2.45882 * 2.5f64.sqrt()).abs() < 1e-4,
            "{lo} {hi}"
        );
    }

    #[test]
    fn mser5_cuts_an_initial_transient() {
        // 200 observations at 10 after 50 that climb from 0: the cut lands near 50.
        let mut v: Vec<f64> = (0..50).map(|i| f64::from(i) / 5.0).collect();
        v.extend((0..200).map(|i| 10.0 + if i % 2 == 0 { 0.5 } else { -0.5 }));
        let d = mser5(&v);
        assert!((40..=55).contains(&d), "{d}");
        // A stationary series needs no cut.
        let flat: Vec<f64> = (0..200)
            .map(|i| if i % 2 == 0 { 1.0 } else { -1.0 })
            .collect();
        assert_eq!(mser5(&flat), 0);
    }

    #[test]
    fn nan_values_are_left_out_and_one_value_has_no_interval() {
        let s = summarize(&[f64::NAN, 2.0]);
        assert_eq!(s.n, 1);
        assert_eq!(s.mean, 2.0);
        assert!(s.ci95_low.is_nan());
        assert!(summarize(&[]).mean.is_nan());
    }
}
