//! `run.json`: what was run, so that any result can be reproduced.

use serde::{Deserialize, Serialize};

/// The manifest of a run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// expansim version that produced the results.
    pub expansim_version: String,
    /// The command line, as given.
    pub command_line: Vec<String>,
    /// The scenario file (or `built-in:NAME`).
    pub scenario_file: String,
    /// SHA-256 of the scenario file's bytes.
    pub scenario_sha256: String,
    /// SHA-256 of each file of arrivals the scenario replays, by its name as written.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub inputs_sha256: std::collections::BTreeMap<String, String>,
    /// The variants run (`current` is the process as written).
    pub variants: Vec<String>,
    /// Master seed.
    pub seed: u64,
    /// Number of replications.
    pub replications: u32,
    /// False when the run was interrupted: the folder holds the replications (of a sweep,
    /// the points) that finished, and `--resume` continues it.
    #[serde(default = "yes")]
    pub complete: bool,
    /// Of an interrupted sweep, the points of its slice that finished (the rows of
    /// sweep.csv).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points_done: Option<u32>,
    /// Of an interrupted run or compare, the replications that finished, by variant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replications_done: Option<std::collections::BTreeMap<String, u32>>,
    /// Of an interrupted run written beside a complete result (which an interrupt never
    /// replaces), that result's folder: `--resume` puts the completed run there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
    /// SHA-256 of the run.json of the result it will replace: a result written there since
    /// is another, and is not replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces_sha256: Option<String>,
    /// Worker threads used (results do not depend on it).
    pub jobs: usize,
    /// Start time (UTC, RFC 3339).
    pub started: String,
    /// End time (UTC, RFC 3339).
    pub finished: String,
    /// Events processed over all replications.
    pub events: u64,
    /// Cases that arrived over all replications.
    pub cases: u64,
    /// Warnings shown before the run.
    pub warnings: Vec<String>,
    /// The shard this folder holds (`--shard K/N`), if it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<crate::options::Shard>,
    /// What a sweep varied and targeted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sweep: Option<SweepInfo>,
    /// How `--precision` ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<PrecisionInfo>,
    /// The `--set` overrides (with `--replications` and `--seed` as sets), which apply to
    /// the scenario and, after their own operators, to its variants.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<String>,
    /// Calendars whose holiday data do not cover every simulated date (an empty list when
    /// they all do).
    #[serde(default)]
    pub uncovered_dates: Vec<Uncovered>,
    /// The full resolved scenario (after `--set` overrides, with included files written out),
    /// variants included.
    pub scenario: serde_json::Value,
}

/// The sweep a folder holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepInfo {
    /// The variant swept, if not the current process.
    pub variant: Option<String>,
    /// The `--vary` specifications.
    pub vary: Vec<String>,
    /// The `--target` specifications.
    pub targets: Vec<String>,
}

/// The outcome of `--precision`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrecisionInfo {
    /// The target relative half-width of mean lead time.
    pub target: f64,
    /// The largest relative half-width over variants and classes at the end (NaN, written
    /// `null`, before any interval: one replication).
    #[serde(deserialize_with = "nan_for_null")]
    pub achieved: f64,
    /// Whether the target was met (else the replication limit was reached).
    pub met: bool,
}

/// A number JSON writes as `null` when it is not one (NaN), read back as NaN.
fn nan_for_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// A manifest without `complete` is of a version that finished every run it wrote.
fn yes() -> bool {
    true
}

impl Manifest {
    /// The manifest `run.json` of a results folder.
    pub fn read(path: &std::path::Path) -> Result<Manifest, crate::error::UsageError> {
        let text = std::fs::read_to_string(path).map_err(|why| {
            crate::error::UsageError(format!(
                "could not read '{file}' ({why}); give a folder written by expansim run, compare or sweep",
                file = path.display()
            ))
        })?;
        serde_json::from_str(&text).map_err(|why| {
            crate::error::UsageError(format!(
                "'{file}' is not an expansim manifest: {why}",
                file = path.display()
            ))
        })
    }

    /// Pretty JSON bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).unwrap_or_default();
        v.push(b'\n');
        v
    }
}

/// A calendar whose holiday data do not cover every date a run simulated: on the dates it
/// does not cover it follows its plain weekly pattern, with no public holidays.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Uncovered {
    /// The calendar's name.
    pub calendar: String,
    /// The years its holiday data cover.
    pub covers: Vec<i32>,
    /// The first simulated date outside them.
    pub first_uncovered: chrono::NaiveDate,
    /// The last date the run simulated.
    pub last_simulated: chrono::NaiveDate,
}

impl std::fmt::Display for Uncovered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use chrono::Datelike;
        let years: Vec<String> = self.covers.iter().map(i32::to_string).collect();
        let (from, to) = (self.first_uncovered.year(), self.last_simulated.year());
        let missing: Vec<String> = (from..=to)
            .filter(|y| !self.covers.contains(y))
            .map(|y| y.to_string())
            .collect();
        let before = self.covers.iter().min().is_some_and(|&y| from < y);
        let after = self.covers.iter().max().is_some_and(|&y| to > y);
        let en = if before && after {
            r#"calendar `{calendar}` lists public holidays for {years} only, but the run simulated {first} to {last}, before and after them: outside them it follows its plain weekly pattern with no holidays; include calendar files with the holidays of {missing}, or set `scenario.start_date` and the horizon within the years it covers"#
        } else if !before && !after {
            // A year missing between covered ones (files of 2025 and 2027).
            r#"calendar `{calendar}` lists public holidays for {years} only, but the run simulated dates in {missing}, between them: in those years it follows its plain weekly pattern with no holidays; include a calendar file with the holidays of {missing}"#
        } else if before {
            r#"calendar `{calendar}` lists public holidays for {years} only, but the run starts on {first}, before them: until they begin it follows its plain weekly pattern with no holidays; include a calendar file with the holidays of {missing}, or set `scenario.start_date` within the years it covers"#
        } else {
            r#"calendar `{calendar}` lists public holidays for {years} only, but the run simulated dates up to {last}: from {first} it follows its plain weekly pattern with no holidays; include a calendar file with the holidays of {missing} (include = [...] takes a list of files), or shorten the horizon"#
        };
        f.write_str(&crate::i18n::Lang::En.fill(
            en,
            &[
                ("calendar", &self.calendar),
                ("years", &years.join(", ")),
                ("last", &self.last_simulated.to_string()),
                ("first", &self.first_uncovered.to_string()),
                ("missing", &missing.join(", ")),
            ],
        ))
    }
}

/// A scenario document as JSON for `run.json`: a TOML date (`start_date = 2026-01-05`) is
/// written as the text it is, as a quoted one would be, and read back as such.
pub fn scenario_json(document: &toml::Table) -> serde_json::Value {
    fn value(v: &toml::Value) -> serde_json::Value {
        match v {
            toml::Value::String(s) => s.clone().into(),
            toml::Value::Integer(i) => (*i).into(),
            toml::Value::Float(f) => serde_json::Number::from_f64(*f)
                .map_or_else(|| f.to_string().into(), serde_json::Value::Number),
            toml::Value::Boolean(b) => (*b).into(),
            toml::Value::Datetime(d) => d.to_string().into(),
            toml::Value::Array(a) => a.iter().map(value).collect(),
            toml::Value::Table(t) => table(t),
        }
    }
    fn table(t: &toml::Table) -> serde_json::Value {
        t.iter()
            .map(|(k, v)| (k.clone(), value(v)))
            .collect::<serde_json::Map<_, _>>()
            .into()
    }
    table(document)
}

/// SHA-256 of the file at `path`, hex; `None` when it cannot be read.
pub fn sha256_of(path: &std::path::Path) -> Option<String> {
    Some(crate::text::sha256_hex(&std::fs::read(path).ok()?))
}

/// The time now, as run.json records when a run started and finished (UTC, to the second).
pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
