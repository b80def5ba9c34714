//! `summary.csv` and `replications.csv` (DESIGN §5 columns).

use super::{VariantResult, number};
use crate::compare::Row;

/// Columns of `summary.csv`.
pub const SUMMARY_HEADER: [&str; 10] = [
    "variant",
    "class",
    "metric",
    "subject",
    "unit",
    "mean",
    "std_dev",
    "ci95_low",
    "ci95_high",
    "replications",
];

/// Columns of `replications.csv`.
pub const REPLICATIONS_HEADER: [&str; 7] = [
    "variant",
    "replication",
    "class",
    "metric",
    "subject",
    "unit",
    "value",
];

/// Columns of `comparison.csv`.
pub const COMPARISON_HEADER: [&str; 13] = [
    "variant",
    "baseline",
    "class",
    "metric",
    "subject",
    "unit",
    "baseline_mean",
    "variant_mean",
    "difference",
    "ci95_low",
    "ci95_high",
    "relative_change",
    "significant",
];

fn finish(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    // Writing into a Vec cannot fail.
    w.into_inner().unwrap_or_default()
}

/// One row per variant and KPI: mean, sd and 95% CI across replications.
pub fn summary(variants: &[VariantResult]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(SUMMARY_HEADER);
    for v in variants {
        for (kpi, s) in v.result.kpis.iter().zip(v.result.summaries()) {
            let [class, metric, subject, unit] = v.kpi_columns(kpi);
            let _ = w.write_record([
                v.name.to_string(),
                class,
                metric,
                subject,
                unit,
                number(s.mean),
                number(s.std_dev),
                number(s.ci95_low),
                number(s.ci95_high),
                s.n.to_string(),
            ]);
        }
    }
    finish(w)
}

/// One row per variant, replication and KPI.
pub fn replications(variants: &[VariantResult]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(REPLICATIONS_HEADER);
    for v in variants {
        let columns: Vec<[String; 4]> = v.result.kpis.iter().map(|k| v.kpi_columns(k)).collect();
        for (r, values) in v.result.replications.iter().zip(&v.result.values) {
            for (cols, x) in columns.iter().zip(values) {
                let _ = w.write_record([
                    v.name,
                    &r.to_string(),
                    &cols[0],
                    &cols[1],
                    &cols[2],
                    &cols[3],
                    &number(*x),
                ]);
            }
        }
    }
    finish(w)
}

/// One row per variant and metric: the paired difference with the baseline.
pub fn comparison(rows: &[Row]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(COMPARISON_HEADER);
    for r in rows {
        let _ = w.write_record([
            r.variant.clone(),
            r.baseline.clone(),
            r.class.clone(),
            r.metric.clone(),
            r.subject.clone(),
            r.unit.clone(),
            number(r.baseline_mean),
            number(r.variant_mean),
            number(r.difference.mean),
            number(r.difference.ci95_low),
            number(r.difference.ci95_high),
            number(r.relative_change),
            r.significant.to_string(),
        ]);
    }
    finish(w)
}
