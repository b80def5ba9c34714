//! Result files: each exporter turns results into bytes; [`OutputDir`] writes them safely.

pub mod csv;
pub mod eventlog;
pub mod manifest;

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::ExportError;

pub use crate::replication::VariantResult;

/// Text for HTML and XML: the special characters escaped.
pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An output folder that refuses to overwrite earlier results unless forced, and writes each
/// file under a temporary name first, so an interrupted run never leaves a half-written file
/// where a good one was.
#[derive(Debug, Clone)]
pub struct OutputDir {
    path: PathBuf,
    bom: bool,
}

impl OutputDir {
    /// Creates the folder if needed; fails if it holds anything and `force` is false.
    pub fn prepare(path: &Path, force: bool) -> Result<OutputDir, ExportError> {
        let io = |error| ExportError::Io {
            file: path.display().to_string(),
            error,
        };
        if path.exists() {
            let non_empty = fs::read_dir(path).map_err(io)?.next().is_some();
            if non_empty && !force {
                return Err(ExportError::NotEmpty {
                    dir: path.display().to_string(),
                });
            }
        } else {
            fs::create_dir_all(path).map_err(io)?;
        }
        Ok(OutputDir {
            path: path.to_path_buf(),
            bom: false,
        })
    }

    /// An existing folder, written into as it is (for adding a file to earlier results).
    pub fn prepare_existing(path: &Path) -> OutputDir {
        OutputDir {
            path: path.to_path_buf(),
            bom: false,
        }
    }

    /// Start every `.csv` file written from now on with a UTF-8 byte-order mark.
    pub fn with_bom(mut self, bom: bool) -> OutputDir {
        self.bom = bom;
        self
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Starts writing `name` in the folder under a temporary name (streamed, for large files).
    pub fn create(&self, name: &str) -> Result<Pending, ExportError> {
        use std::io::Write;
        let target = self.path.join(name);
        let tmp = self.path.join(format!(".{name}.partial"));
        let io = |error| ExportError::Io {
            file: target.display().to_string(),
            error,
        };
        let mut file = std::io::BufWriter::new(fs::File::create(&tmp).map_err(io)?);
        if self.bom && name.ends_with(".csv") {
            file.write_all(BOM).map_err(io)?;
        }
        Ok(Pending { tmp, target, file })
    }

    /// Writes `bytes` to `name` in the folder atomically (temporary file, then rename).
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, ExportError> {
        let target = self.path.join(name);
        let tmp = self.path.join(format!(".{name}.partial"));
        let io = |error| ExportError::Io {
            file: target.display().to_string(),
            error,
        };
        let bom = self.bom && name.ends_with(".csv");
        let bytes = if bom {
            [BOM, bytes].concat()
        } else {
            bytes.to_vec()
        };
        fs::write(&tmp, bytes).map_err(io)?;
        fs::rename(&tmp, &target).map_err(io)?;
        Ok(target)
    }
}

/// A file being written into an [`OutputDir`] under a temporary name; [`Pending::commit`]
/// gives it its name. Dropped without commit, it leaves no file under the final name.
#[derive(Debug)]
pub struct Pending {
    tmp: PathBuf,
    target: PathBuf,
    file: std::io::BufWriter<fs::File>,
}

impl std::io::Write for Pending {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl Pending {
    /// Flushes the file and renames it to its final name.
    pub fn commit(mut self) -> Result<PathBuf, ExportError> {
        use std::io::Write;
        let io = |error| ExportError::Io {
            file: self.target.display().to_string(),
            error,
        };
        self.file.flush().map_err(io)?;
        fs::rename(&self.tmp, &self.target).map_err(io)?;
        Ok(self.target)
    }
}

/// `bytes` without a leading UTF-8 byte-order mark.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BOM).unwrap_or(bytes)
}

/// The UTF-8 byte-order mark `--bom` writes at the start of CSV files.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// Opens a results file for reading, past a UTF-8 byte-order mark if it has one.
pub fn open_csv(path: &Path) -> std::io::Result<impl std::io::Read> {
    use std::io::{Read, Seek};
    let mut f = fs::File::open(path)?;
    let mut head = [0u8; 3];
    let n = f.read(&mut head)?;
    if n < 3 || head != BOM {
        f.rewind()?;
    }
    Ok(std::io::BufReader::new(f))
}

/// Formats a number for CSV: shortest representation that reads back exactly; empty for
/// NaN (no observation).
pub fn number(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

/// JSON form of the summary, for `--format json`.
pub mod json {
    use super::{VariantResult, number};
    use serde::Serialize;

    /// One summary row.
    #[derive(Debug, Clone, Serialize)]
    pub struct SummaryRow {
        /// Variant name.
        pub variant: String,
        /// Class name or `all`.
        pub class: String,
        /// Metric name.
        pub metric: String,
        /// Stage or pool, or empty.
        pub subject: String,
        /// Unit.
        pub unit: String,
        /// Mean across replications (null when no replication observed it).
        pub mean: Option<f64>,
        /// Standard deviation across replications.
        pub std_dev: Option<f64>,
        /// Lower end of the 95% CI.
        pub ci95_low: Option<f64>,
        /// Upper end of the 95% CI.
        pub ci95_high: Option<f64>,
        /// Replications with a value.
        pub replications: usize,
    }

    fn opt(x: f64) -> Option<f64> {
        (!number(x).is_empty()).then_some(x)
    }

    /// The summary rows of all variants.
    pub fn summary(variants: &[VariantResult]) -> Vec<SummaryRow> {
        let mut rows = Vec::new();
        for v in variants {
            for (kpi, s) in v.result.kpis.iter().zip(v.result.summaries()) {
                let [class, metric, subject, unit] = v.kpi_columns(kpi);
                rows.push(SummaryRow {
                    variant: v.name.to_string(),
                    class,
                    metric,
                    subject,
                    unit,
                    mean: opt(s.mean),
                    std_dev: opt(s.std_dev),
                    ci95_low: opt(s.ci95_low),
                    ci95_high: opt(s.ci95_high),
                    replications: s.n,
                });
            }
        }
        rows
    }

    /// A 95% interval as JSON (`null` where there is no value).
    fn interval(s: &crate::stats::Summary) -> serde_json::Value {
        serde_json::json!({
            "mean": opt(s.mean),
            "ci95_low": opt(s.ci95_low),
            "ci95_high": opt(s.ci95_high),
        })
    }

    /// A judged sweep: every point with its values, cost, verdict, mean lead time and each
    /// target's estimate and verdict, by cost; and the cheapest point meeting every target
    /// (`null` if none does, or there are no targets).
    pub fn sweep(
        judged: &[crate::sweep::Judged],
        paths: &[String],
        targets: &[crate::sweep::Target],
        costed: bool,
    ) -> serde_json::Value {
        use crate::sweep::Verdict;
        let point = |j: &crate::sweep::Judged| {
            let values: serde_json::Map<String, serde_json::Value> = paths
                .iter()
                .cloned()
                .zip(j.point.values.iter().map(|v| serde_json::json!(v)))
                .collect();
            let ran = j.verdict != Verdict::Unstable;
            serde_json::json!({
                "values": values,
                "cost": j.point.cost,
                "verdict": if targets.is_empty() && ran { None } else { Some(j.verdict.name()) },
                "lead_time": if ran { interval(&j.lead_time) } else { serde_json::Value::Null },
                "targets": targets.iter().zip(&j.targets).map(|(t, s)| {
                    let verdict = if ran { t.verdict(*s) } else { Verdict::Unstable };
                    serde_json::json!({
                        "target": t.to_string(),
                        "verdict": verdict.name(),
                        "estimate": s.as_ref().map(interval),
                    })
                }).collect::<Vec<_>>(),
            })
        };
        let cheapest = judged
            .iter()
            .filter(|j| !targets.is_empty() && j.verdict == Verdict::Meets)
            .min_by(|a, b| {
                a.point
                    .cost
                    .total_cmp(&b.point.cost)
                    .then(a.lead_time.mean.total_cmp(&b.lead_time.mean))
            });
        serde_json::json!({
            "cost_unit": if costed { "cost_per_year" } else { "staff" },
            "points": judged.iter().map(point).collect::<Vec<_>>(),
            "cheapest": cheapest.map(point),
        })
    }
}
