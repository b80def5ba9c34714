use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use expansim::cli::{Cli, Command};
use expansim::error::{ExportError, ScenarioError};
use expansim::export::{self, OutputDir, VariantResult, manifest::Manifest};
use expansim::options::{Format, RunOptions};
use expansim::output::{progress, table};
use expansim::{replication, scenario, verify};

/// Prints to stdout, ignoring a closed pipe (`expansim run … | head` must not panic).
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Exit code for an invalid scenario or bad usage.
const EXIT_INVALID: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("Error: {e:#}");
            // An unusable scenario or a refused output folder is the user's to fix: exit 2.
            let invalid = e.chain().any(|c| {
                c.downcast_ref::<ScenarioError>().is_some()
                    || matches!(
                        c.downcast_ref::<ExportError>(),
                        Some(ExportError::NotEmpty { .. })
                    )
            });
            ExitCode::from(if invalid { EXIT_INVALID } else { 1 })
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Run { scenario, run } => run_command(scenario.as_deref(), &run.to_options()),
        Command::Validate { scenarios } => Ok(validate(&scenarios)),
        Command::Verify { jobs, quiet } => verify_command(jobs, quiet),
    }
}

fn validate(files: &[PathBuf]) -> ExitCode {
    let mut ok = true;
    for f in files {
        match scenario::load(f, &[]) {
            Ok(loaded) => {
                outln!("{}: ok", f.display());
                for w in scenario::warnings(&loaded.model) {
                    outln!("{}: warning: {w}", f.display());
                }
            }
            Err(e) => {
                ok = false;
                eprintln!("Error: {e}");
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INVALID)
    }
}

fn default_out_dir(scenario: &Path) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map_or_else(|| "scenario".into(), |s| s.to_string_lossy().into_owned());
    PathBuf::from("results").join(stem)
}

fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn run_command(path: Option<&Path>, opts: &RunOptions) -> anyhow::Result<ExitCode> {
    let loaded = match path {
        Some(p) => scenario::load(p, &opts.all_sets())?,
        None => scenario::load_county(&opts.all_sets())?,
    };
    let model = &loaded.model;
    let out_path = opts
        .out_dir
        .clone()
        .unwrap_or_else(|| default_out_dir(path.unwrap_or(Path::new("county.toml"))));
    // Refuse an occupied folder before spending time on the run.
    let out = OutputDir::prepare(&out_path, opts.force)?;
    let warnings = scenario::warnings(model);
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let started = now_rfc3339();
    let n = model.settings.replications;
    let bar = progress::bar(u64::from(n), &model.settings.name, opts.quiet);
    let result = replication::run(model, 0..n, opts.jobs, &|| bar.inc(1));
    bar.finish_and_clear();
    let variants = [VariantResult {
        name: "current",
        model,
        result: &result,
    }];
    let manifest = Manifest {
        expansim_version: env!("CARGO_PKG_VERSION").to_string(),
        command_line: std::env::args().collect(),
        scenario_file: loaded.source.clone(),
        scenario_sha256: loaded.sha256.clone(),
        seed: model.settings.seed,
        replications: n,
        jobs: opts.jobs,
        started,
        finished: now_rfc3339(),
        events: result.events,
        cases: result.arrivals,
        warnings,
        scenario: serde_json::to_value(&loaded.document)
            .context("could not convert the scenario to JSON")?,
    };
    out.write("summary.csv", &export::csv::summary(&variants))?;
    out.write("replications.csv", &export::csv::replications(&variants))?;
    out.write("run.json", &manifest.to_bytes())?;
    match opts.format {
        Format::Table => {
            outln!(
                "{} — {} replications, seed {}, horizon {} {}s (warm-up {})\n",
                model.settings.name,
                n,
                model.settings.seed,
                model.settings.horizon,
                model.settings.time_unit.name(),
                model.settings.warmup
            );
            out!("{}", table::variant(&variants[0]));
            outln!("\nResults written to {}", out.path().display());
        }
        Format::Json => {
            let summary = export::json::summary(&variants);
            outln!("{}", serde_json::to_string_pretty(&summary)?);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn verify_command(jobs: Option<usize>, quiet: bool) -> anyhow::Result<ExitCode> {
    let jobs = jobs.unwrap_or_else(|| RunOptions::default().jobs);
    let bar = progress::bar(verify::SCENARIOS.len() as u64, "verify", quiet);
    let mut rows = vec![vec![
        "check".to_string(),
        "quantity".to_string(),
        "theory".to_string(),
        "simulated".to_string(),
        "95% CI".to_string(),
        "verdict".to_string(),
    ]];
    let mut failed = 0;
    for s in verify::SCENARIOS {
        for o in verify::run_check(s, jobs, None) {
            let verdict = match (o.passed(), o.precise()) {
                (true, true) => "ok",
                (true, false) => "imprecise",
                (false, _) => "FAIL",
            };
            if verdict != "ok" {
                failed += 1;
            }
            rows.push(vec![
                o.check.to_string(),
                o.expectation.label.clone(),
                format!("{:.4}", o.expectation.theory),
                format!("{:.4}", o.simulated.mean),
                format!(
                    "[{:.4}, {:.4}]",
                    o.simulated.ci95_low, o.simulated.ci95_high
                ),
                verdict.to_string(),
            ]);
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    out!("{}", table::align(&rows));
    outln!(
        "\npass rule: theory inside the 99.9% CI of the simulated mean (percentiles: plus 0.2% histogram resolution); precise: 95% half-width within {}% of theory",
        verify::PRECISION * 100.0
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
