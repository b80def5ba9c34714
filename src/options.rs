//! Options shared by the commands that run simulations.

use std::path::PathBuf;

/// How results are printed on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Aligned tables for people.
    #[default]
    Table,
    /// One JSON document for programs.
    Json,
}

/// Settings of a run that come from the command line rather than the scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOptions {
    /// Overrides `scenario.replications`.
    pub replications: Option<u32>,
    /// Overrides `scenario.seed`.
    pub seed: Option<u64>,
    /// Worker threads for replications (1 = sequential).
    pub jobs: usize,
    /// Output folder; `None` means `results/<scenario file stem>/`.
    pub out_dir: Option<PathBuf>,
    /// Overwrite files in a non-empty output folder.
    pub force: bool,
    /// No progress bar.
    pub quiet: bool,
    /// Format of stdout.
    pub format: Format,
    /// `PATH=VALUE` overrides applied to the scenario document, in order.
    pub sets: Vec<String>,
    /// Optional outputs.
    pub outputs: Outputs,
    /// Run only this shard.
    pub shard: Option<crate::cli::Shard>,
    /// Target relative half-width of mean lead time per class.
    pub precision: Option<f64>,
    /// Upper limit on replications with `precision`.
    pub max_replications: u32,
}

/// Outputs written only on request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outputs {
    /// `report.html`.
    pub report: bool,
    /// `event_log.csv` and `event_log.xes`.
    pub event_log: bool,
    /// `cases.csv`.
    pub cases: bool,
    /// Replications traced for the event log and cases.csv.
    pub log_replications: Vec<u32>,
    /// Cases per variant and replication in the event log and cases.csv (`None`: all).
    pub log_cases: Option<usize>,
    /// A UTF-8 byte-order mark at the start of CSV files.
    pub bom: bool,
}

impl Default for Outputs {
    fn default() -> Self {
        Outputs {
            report: false,
            event_log: false,
            cases: false,
            log_replications: vec![0],
            log_cases: Some(1000),
            bom: false,
        }
    }
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            replications: None,
            seed: None,
            jobs: std::thread::available_parallelism().map_or(1, usize::from),
            out_dir: None,
            force: false,
            quiet: false,
            format: Format::Table,
            sets: Vec::new(),
            outputs: Outputs::default(),
            shard: None,
            precision: None,
            max_replications: 200,
        }
    }
}

impl RunOptions {
    /// All scenario overrides: `--replications` and `--seed` become `--set`s after the
    /// user's own, so the manifest records one resolved scenario.
    pub fn all_sets(&self) -> Vec<String> {
        let mut sets = self.sets.clone();
        if let Some(r) = self.replications {
            sets.push(format!("scenario.replications={r}"));
        }
        if let Some(s) = self.seed {
            sets.push(format!("scenario.seed={s}"));
        }
        sets
    }
}
