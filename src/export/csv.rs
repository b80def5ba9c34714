//! `summary.csv` and `replications.csv` (DESIGN §5 columns).

use super::{VariantResult, number};
use crate::compare::Row;
use crate::sweep::Target;

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

/// The summary.csv rows of one variant (without header).
pub fn summary_rows(v: &VariantResult) -> Vec<Vec<String>> {
    v.result
        .kpis
        .iter()
        .zip(v.result.summaries())
        .map(|(kpi, s)| {
            let [class, metric, subject, unit] = v.kpi_columns(kpi);
            vec![
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
            ]
        })
        .collect()
}

/// One row per variant and KPI: mean, sd and 95% CI across replications.
pub fn summary(variants: &[VariantResult]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(SUMMARY_HEADER);
    for v in variants {
        for row in summary_rows(v) {
            let _ = w.write_record(&row);
        }
    }
    finish(w)
}

/// `sweep.csv`, written as points finish: one column per varied path, then the summary.csv
/// columns.
pub struct SweepWriter<W: std::io::Write> {
    w: csv::Writer<W>,
}

impl<W: std::io::Write> SweepWriter<W> {
    /// A file with the header for `paths` and `targets`: the
    /// [`crate::sweep::leading_columns`], then those of `summary.csv`.
    pub fn new(out: W, paths: &[String], targets: &[Target]) -> SweepWriter<W> {
        let mut w = csv::Writer::from_writer(out);
        let leading = crate::sweep::leading_columns(paths, targets);
        let header: Vec<&str> = leading
            .iter()
            .map(String::as_str)
            .chain(SUMMARY_HEADER)
            .collect();
        let _ = w.write_record(&header);
        SweepWriter { w }
    }

    /// The rows of one point that ran: its values, cost and verdicts, then each summary row.
    /// Without targets the verdict is empty (there is nothing to meet).
    pub fn point(
        &mut self,
        values: &[String],
        cost: f64,
        targets: &[Target],
        view: &VariantResult,
    ) -> std::io::Result<()> {
        let rows = summary_rows(view);
        let summaries = view.result.summaries();
        let lookup = |t: &Target| {
            let names = |k: &crate::metrics::Kpi| view.kpi_columns(k);
            view.result
                .kpis
                .iter()
                .position(|k| {
                    let [class, metric, subject, _] = names(k);
                    class == t.class && metric == t.metric && subject == t.subject
                })
                .map(|i| summaries[i])
        };
        let (verdict, each) = crate::sweep::verdicts(targets, &lookup);
        let mut leading: Vec<String> = values.to_vec();
        leading.push(number(cost));
        leading.push(if targets.is_empty() {
            String::new()
        } else {
            verdict.name().to_string()
        });
        leading.extend(each.iter().map(|v| v.name().to_string()));
        for row in rows {
            self.row(leading.iter().chain(&row))?;
        }
        Ok(())
    }

    /// The one row of a point that was not run because a pool is unstable.
    pub fn unstable(
        &mut self,
        values: &[String],
        cost: f64,
        targets: &[Target],
        variant: &str,
    ) -> std::io::Result<()> {
        let unstable = crate::sweep::Verdict::Unstable.name();
        let mut row: Vec<String> = values.to_vec();
        row.push(number(cost));
        row.push(unstable.to_string());
        row.extend(targets.iter().map(|_| unstable.to_string()));
        row.push(variant.to_string());
        row.extend(SUMMARY_HEADER.iter().skip(1).map(|_| String::new()));
        self.row(&row)
    }

    /// One row: the point's values followed by a summary row (or a whole row read back).
    pub fn row<I: IntoIterator<Item = S>, S: AsRef<[u8]>>(
        &mut self,
        cells: I,
    ) -> std::io::Result<()> {
        self.w.write_record(cells).map_err(std::io::Error::other)
    }

    /// The underlying writer, flushed.
    pub fn finish(self) -> std::io::Result<W> {
        self.w
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
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
            r.significant.map_or(String::new(), |b| b.to_string()),
        ]);
    }
    finish(w)
}

/// Reads `replications.csv` text back into `results` (one per variant of `variants`, with
/// their KPI lists), appending each replication found. Replications must come in order.
pub fn read_replications(
    text: &[u8],
    variants: &[crate::scenario::Variant],
    results: &mut [crate::replication::RunResult],
) -> Result<(), String> {
    // Every file written here ends with a newline: without one, the last row was cut.
    if !text.is_empty() && !text.ends_with(b"\n") {
        return Err("the file ends in the middle of a row (it was truncated)".to_string());
    }
    let mut reader = csv::Reader::from_reader(text);
    let columns: Vec<std::collections::HashMap<[String; 4], usize>> = variants
        .iter()
        .zip(results.iter())
        .map(|(v, r)| {
            let view = VariantResult {
                name: &v.name,
                model: &v.model,
                result: r,
            };
            r.kpis
                .iter()
                .enumerate()
                .map(|(i, k)| (view.kpi_columns(k), i))
                .collect()
        })
        .collect();
    // Which metric rows each replication read here has, to find missing and doubled ones.
    let first_new: Vec<usize> = results.iter().map(|r| r.replications.len()).collect();
    let mut seen: Vec<Vec<Vec<bool>>> = vec![Vec::new(); results.len()];
    for record in reader.records() {
        let r = record.map_err(|e| e.to_string())?;
        let cell = |i: usize| {
            r.get(i)
                .ok_or_else(|| format!("a row has {n} columns, expected 7", n = r.len()))
        };
        let Some(v) = variants.iter().position(|x| Ok(x.name.as_str()) == cell(0)) else {
            return Err(format!(r#"unknown variant "{name}""#, name = cell(0)?));
        };
        let rep: u32 = cell(1)?
            .parse()
            .map_err(|_| format!(r#"bad replication "{text}""#, text = &r[1]))?;
        let key = [
            cell(2)?.to_string(),
            cell(3)?.to_string(),
            cell(4)?.to_string(),
            cell(5)?.to_string(),
        ];
        let Some(&k) = columns[v].get(&key) else {
            let key = format!("{key:?}");
            return Err(format!("unknown metric {key}"));
        };
        let res = &mut results[v];
        if res.replications.last() != Some(&rep) {
            if res.replications.last().is_some_and(|&last| last > rep) {
                return Err(format!("replication {rep} out of order"));
            }
            res.replications.push(rep);
            res.values.push(vec![f64::NAN; res.kpis.len()]);
            seen[v].push(vec![false; res.kpis.len()]);
        }
        let Some(have) = seen[v].last_mut() else {
            return Err(format!("replication {rep} continues one read before"));
        };
        if std::mem::replace(&mut have[k], true) {
            let row = format!("{key:?}");
            return Err(format!(
                "replication {rep} of variant {variant} has the row {row} twice",
                variant = variants[v].name
            ));
        }
        let text = cell(6)?;
        let value = if text.is_empty() {
            f64::NAN
        } else {
            let x: f64 = text.parse().map_err(|_| format!(r#"bad value "{text}""#))?;
            // What expansim writes: a finite number within the metric's range (an empty
            // cell where there is none), to the rounding of the sums behind it.
            let (lo, hi) = res.kpis[k].metric.bounds();
            let slack = 1e-9 * x.abs().max(1.0);
            if !x.is_finite() || x < lo - slack || x > hi + slack {
                let row = format!("{key:?}");
                return Err(format!(
                    r#"replication {rep} of variant {variant}, row {row}: the value "{text}" cannot be a result ({what}); the file was edited"#,
                    variant = variants[v].name,
                    what = if hi.is_finite() {
                        format!("a share lies in [{lo}, {hi}]")
                    } else {
                        format!("times, counts and rates are finite and at least {lo}")
                    }
                ));
            }
            x
        };
        if let Some(row) = res.values.last_mut() {
            row[k] = value;
        }
    }
    for (v, reps) in seen.iter().enumerate() {
        for (i, have) in reps.iter().enumerate() {
            let missing = have.iter().filter(|x| !**x).count();
            if missing > 0 {
                return Err(format!(
                    "replication {rep} of variant {variant} lacks {missing} of its {n} metric rows (the file is truncated or edited)",
                    rep = results[v].replications[first_new[v] + i],
                    variant = variants[v].name,
                    n = have.len()
                ));
            }
        }
    }
    Ok(())
}

/// The replications of `result` from position `from` on.
pub fn replications_from(result: &crate::replication::RunResult, from: usize) -> &[u32] {
    result.replications.get(from..).unwrap_or_default()
}
