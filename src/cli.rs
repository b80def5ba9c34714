//! Command-line definitions (clap). No logic here: `main.rs` wires commands to the library.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::options::{Format, RunOptions};

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
