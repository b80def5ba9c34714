//! Paired comparison of variants with the current process.
//!
//! Replication r of every variant uses the same random streams as replication r of the
//! current process (common random numbers), so the difference is taken replication by
//! replication and summarised with a Student-t interval on the differences.

use crate::replication::VariantResult;
use crate::stats::{Summary, summarize};

/// One metric of one variant against the baseline.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Row {
    /// Variant name.
    pub variant: String,
    /// Baseline name (`current`).
    pub baseline: String,
    /// Class name or `all`.
    pub class: String,
    /// Metric name.
    pub metric: String,
    /// Stage or pool, or empty.
    pub subject: String,
    /// Unit of the metric.
    pub unit: String,
    /// Mean of the baseline over the paired replications.
    pub baseline_mean: f64,
    /// Mean of the variant over the paired replications.
    pub variant_mean: f64,
    /// The paired differences (variant − baseline): mean and 95% interval (cut to what a
    /// difference of the metric can be, e.g. [−1, 1] for a share).
    pub difference: Summary,
    /// Difference relative to the baseline mean (NaN when the baseline mean is 0).
    pub relative_change: f64,
    /// Whether the 95% interval of the difference excludes zero (`None`: there is no
    /// interval, with fewer than two paired replications).
    pub significant: Option<bool>,
}

/// Relative size below which two paired values count as equal: the rounding of sums of the
/// same values taken in another order (a redesign that reorders events without changing a
/// stage's work) differs by about √n·ε ≈ 1e-13 of the value for n = 10⁵ terms, and no effect of
/// a redesign is a ten-billionth of a mean.
const ROUNDING: f64 = 1e-10;

/// `y − x`, or 0 when the two agree to [`ROUNDING`]: such a difference is the arithmetic's,
/// not the redesign's, and must not show as significant.
fn difference(x: f64, y: f64) -> f64 {
    let d = y - x;
    if d.abs() <= ROUNDING * x.abs().max(y.abs()) {
        0.0
    } else {
        d
    }
}

/// Compares `variant` with `baseline` on every metric both report (matched by class, metric
/// and subject name), pairing replications by index. A replication where either side has no
/// value (no case of the class finished) is left out of that metric's pairs.
pub fn paired(baseline: &VariantResult, variant: &VariantResult) -> Vec<Row> {
    let base_columns: std::collections::HashMap<[String; 4], usize> = baseline
        .result
        .kpis
        .iter()
        .enumerate()
        .map(|(i, k)| (baseline.kpi_columns(k), i))
        .collect();
    let mut rows = Vec::new();
    for (vk, kpi) in variant.result.kpis.iter().enumerate() {
        let columns = variant.kpi_columns(kpi);
        let Some(&bk) = base_columns.get(&columns) else {
            continue;
        };
        let mut b = Vec::new();
        let mut v = Vec::new();
        for (r, values) in variant
            .result
            .replications
            .iter()
            .zip(&variant.result.values)
        {
            let Some(i) = baseline.result.replications.iter().position(|x| x == r) else {
                continue;
            };
            let (x, y) = (baseline.result.values[i][bk], values[vk]);
            if x.is_finite() && y.is_finite() {
                b.push(x);
                v.push(y);
            }
        }
        let diffs: Vec<f64> = v.iter().zip(&b).map(|(&y, &x)| difference(x, y)).collect();
        // Two values in [lo, hi] differ by at most hi − lo either way.
        let (lo, hi) = kpi.metric.bounds();
        let difference = summarize(&diffs).within((lo - hi, hi - lo));
        let baseline_mean = summarize(&b).mean;
        let [class, metric, subject, unit] = columns;
        rows.push(Row {
            variant: variant.name.to_string(),
            baseline: baseline.name.to_string(),
            class,
            metric,
            subject,
            unit,
            baseline_mean,
            variant_mean: summarize(&v).mean,
            difference,
            relative_change: if baseline_mean != 0.0 {
                difference.mean / baseline_mean
            } else {
                f64::NAN
            },
            significant: (difference.ci95_low.is_finite() && difference.ci95_high.is_finite())
                .then_some(difference.ci95_low > 0.0 || difference.ci95_high < 0.0),
        });
    }
    rows
}
