//! `summary.csv` and `replications.csv` (DESIGN §5 columns).

use super::{VariantResult, number};

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
