//! Command-line definitions (clap). No logic here: `main.rs` wires commands to the library.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::options::{Format, Outputs, RunOptions};

/// Discrete-event simulator for redesigning a power utility's new-connection process.
#[derive(Debug, Parser)]
#[command(name = "expansim", version, about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and write run.json, summary.csv and replications.csv.
    Run {
        /// The scenario file (TOML); without it, the built-in county scenario.
        scenario: Option<PathBuf>,
        /// Run this variant of the scenario instead of the current process.
        #[arg(long, value_name = "NAME")]
        variant: Option<String>,
        /// Run options.
        #[command(flatten)]
        run: RunArgs,
    },
    /// Compare the current process with its variants (paired replications, common random
    /// numbers); writes comparison.csv beside summary.csv and replications.csv.
    Compare {
        /// The scenario file (TOML); without it, the built-in county scenario.
        scenario: Option<PathBuf>,
        /// Variants to compare with the current process (default: all), e.g. merged,digital.
        #[arg(long, value_delimiter = ',', value_name = "NAMES")]
        variants: Vec<String>,
        /// Run options.
        #[command(flatten)]
        run: RunArgs,
    },
    /// Print the full resolved scenario (of a variant, with --variant) as TOML that `run`
    /// accepts.
    Show {
        /// The scenario file (TOML); without it, the built-in county scenario.
        scenario: Option<PathBuf>,
        /// The variant to print (default: the current process).
        #[arg(long, value_name = "NAME")]
        variant: Option<String>,
        /// Change a scenario value by its path first (repeatable).
        #[arg(long = "set", value_name = "PATH=VALUE")]
        sets: Vec<String>,
    },
    /// Write report.html into an existing results folder (re-running its replications from
    /// run.json, which must come from this version of expansim).
    Report {
        /// A folder written by `run` or `compare`.
        dir: PathBuf,
        /// Replace an existing report.html.
        #[arg(long)]
        force: bool,
        /// Worker threads (default: all cores).
        #[arg(long, short = 'j', value_parser = clap::value_parser!(u64).range(1..))]
        jobs: Option<u64>,
        /// No progress bar.
        #[arg(long, short = 'q')]
        quiet: bool,
    },
    /// Check scenario files and report every problem; exit 2 if any is invalid.
    Validate {
        /// Scenario files to check.
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
    },
    /// Run the shipped queueing-theory scenarios and compare simulation with theory.
    Verify {
        /// Worker threads (default: all cores).
        #[arg(long, short = 'j')]
        jobs: Option<usize>,
        /// Print only the table, no progress.
        #[arg(long, short = 'q')]
        quiet: bool,
    },
}

/// Options of commands that run simulations.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Number of replications (overrides scenario.replications).
    #[arg(long, short = 'r', value_parser = clap::value_parser!(u32).range(1..))]
    pub replications: Option<u32>,
    /// Master seed (overrides scenario.seed).
    #[arg(long, short = 's', value_parser = clap::value_parser!(u64).range(0..=i64::MAX as u64))]
    pub seed: Option<u64>,
    /// Worker threads for replications (default: all cores); results do not depend on it.
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u64).range(1..))]
    pub jobs: Option<u64>,
    /// Output folder (default: results/<scenario file stem>/).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Overwrite the files expansim writes in a non-empty output folder.
    #[arg(long)]
    pub force: bool,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Format of the results on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Change a scenario value by its path, e.g. --set pools.review=4 (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub sets: Vec<String>,
    /// Also write report.html: the pictures (time per state, distributions, limits,
    /// comparison, utilisation, queues) in one self-contained page.
    #[arg(long)]
    pub report: bool,
    /// Also write event_log.csv and event_log.xes for process-mining tools.
    #[arg(long)]
    pub event_log: bool,
    /// Also write cases.csv: one row per case with its times per stage.
    #[arg(long)]
    pub cases: bool,
    /// Replications whose cases go to the event log and cases.csv, e.g. 0,3 or 0..5.
    #[arg(long, value_name = "LIST", default_value = "0", value_parser = parse_replications)]
    pub log_replications: ReplicationList,
    /// How many cases per variant and replication go to the event log and cases.csv (the
    /// first to arrive after the warm-up), or "all".
    #[arg(long, value_name = "N|all", default_value = "1000", value_parser = parse_limit)]
    pub log_cases: CaseLimit,
    /// Start CSV files with a UTF-8 byte-order mark, so that spreadsheet programs on Windows
    /// open Chinese labels correctly.
    #[arg(long)]
    pub bom: bool,
}

/// How many cases to log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseLimit(pub Option<usize>);

fn parse_limit(s: &str) -> Result<CaseLimit, String> {
    if s == "all" {
        return Ok(CaseLimit(None));
    }
    s.parse::<usize>()
        .ok()
        .filter(|n| *n > 0)
        .map(|n| CaseLimit(Some(n)))
        .ok_or_else(|| format!("expected a positive number or \"all\", got \"{s}\""))
}

/// Replication indices, sorted and distinct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicationList(pub Vec<u32>);

/// Parses `0,3,7` or `0..5` (end excluded) or a mixture, into sorted distinct indices.
pub fn parse_replications(s: &str) -> Result<ReplicationList, String> {
    let mut out = Vec::new();
    for part in s.split(',') {
        let part = part.trim();
        let bad =
            || format!("expected replication numbers such as 0,3 or a range 0..5, got \"{part}\"");
        if let Some((a, b)) = part.split_once("..") {
            let (a, b): (u32, u32) = (a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?);
            if a >= b {
                return Err(format!(
                    "the range {part} is empty; the end is excluded, e.g. 0..5"
                ));
            }
            out.extend(a..b);
        } else {
            out.push(part.parse().map_err(|_| bad())?);
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(ReplicationList(out))
}

impl RunArgs {
    /// The options these arguments describe.
    pub fn to_options(&self) -> RunOptions {
        let default = RunOptions::default();
        RunOptions {
            replications: self.replications,
            seed: self.seed,
            jobs: self.jobs.map_or(default.jobs, |j| j as usize),
            out_dir: self.out.clone(),
            force: self.force,
            quiet: self.quiet,
            format: self.format,
            sets: self.sets.clone(),
            outputs: Outputs {
                report: self.report,
                event_log: self.event_log,
                cases: self.cases,
                log_replications: self.log_replications.0.clone(),
                log_cases: self.log_cases.0,
                bom: self.bom,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_app() {
        Cli::command().debug_assert();
    }
}
