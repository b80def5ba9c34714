use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use expansim::cli::{Cli, Command};
use expansim::error::{ExportError, ScenarioError};
use expansim::export::{self, OutputDir, VariantResult, manifest::Manifest};
use expansim::options::{Format, RunOptions};
use expansim::output::{progress, table};
use expansim::{compare, replication, report, scenario, verify};

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
        Command::Run {
            scenario,
            variant,
            run,
        } => {
            let opts = run.to_options();
            let loaded = load(scenario.as_deref(), &opts)?;
            let chosen = match variant {
                Some(v) => loaded.variant(&v)?.clone(),
                None => loaded.current(),
            };
            simulate(scenario.as_deref(), &loaded, &[chosen], &opts, false)
        }
        Command::Compare {
            scenario,
            variants,
            run,
        } => {
            let opts = run.to_options();
            let loaded = load(scenario.as_deref(), &opts)?;
            let mut chosen = vec![loaded.current()];
            if variants.is_empty() {
                chosen.extend(loaded.variants.iter().cloned());
            } else {
                for v in &variants {
                    chosen.push(loaded.variant(v)?.clone());
                }
            }
            if chosen.len() < 2 {
                anyhow::bail!(ScenarioError::Invalid {
                    file: loaded.source.clone(),
                    problems: vec![expansim::error::Problem {
                        path: "variants".to_string(),
                        message: "the scenario has no variants to compare; add [variants.NAME] tables (see the README)".to_string(),
                    }],
                });
            }
            simulate(scenario.as_deref(), &loaded, &chosen, &opts, true)
        }
        Command::Show {
            scenario,
            variant,
            sets,
        } => {
            let opts = RunOptions {
                sets,
                ..RunOptions::default()
            };
            let loaded = load(scenario.as_deref(), &opts)?;
            let (name, document) = match &variant {
                Some(v) => (v.as_str(), &loaded.variant(v)?.document),
                None => ("current", &loaded.current().document),
            };
            let text = scenario::to_toml(document, loaded.base.as_deref())?;
            outln!(
                "# {} — {name}, resolved by expansim {} (runs as it is: expansim run FILE)\n",
                loaded.source,
                env!("CARGO_PKG_VERSION")
            );
            out!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Report {
            dir,
            force,
            jobs,
            quiet,
        } => report_command(&dir, force, jobs, quiet),
        Command::Validate { scenarios } => Ok(validate(&scenarios)),
        Command::Verify { jobs, quiet } => verify_command(jobs, quiet),
    }
}

fn load(path: Option<&Path>, opts: &RunOptions) -> Result<scenario::Loaded, ScenarioError> {
    match path {
        Some(p) => scenario::load(p, &opts.all_sets()),
        None => scenario::load_county(&opts.all_sets()),
    }
}

fn validate(files: &[PathBuf]) -> ExitCode {
    let mut ok = true;
    for f in files {
        match scenario::load(f, &[]) {
            Ok(loaded) => {
                let names: Vec<&str> = loaded.variants.iter().map(|v| v.name.as_str()).collect();
                if names.is_empty() {
                    outln!("{}: ok", f.display());
                } else {
                    outln!("{}: ok, with variants {}", f.display(), names.join(", "));
                }
                for w in scenario::warnings(&loaded.model) {
                    outln!("{}: warning: {w}", f.display());
                }
                for v in &loaded.variants {
                    for w in scenario::warnings(&v.model) {
                        outln!("{}: warning: variant {}: {w}", f.display(), v.name);
                    }
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

/// Runs `variants` (the first is the baseline when `compare`), writes the result files and
/// prints the results.
fn simulate(
    path: Option<&Path>,
    loaded: &scenario::Loaded,
    variants: &[scenario::Variant],
    opts: &RunOptions,
    compare: bool,
) -> anyhow::Result<ExitCode> {
    let settings = &loaded.model.settings;
    let out_path = opts
        .out_dir
        .clone()
        .unwrap_or_else(|| default_out_dir(path.unwrap_or(Path::new("county.toml"))));
    // Refuse an occupied folder before spending time on the run.
    let out = OutputDir::prepare(&out_path, opts.force)?.with_bom(opts.outputs.bom);
    let mut warnings = Vec::new();
    for v in variants {
        for w in scenario::warnings(&v.model) {
            let w = if v.name == "current" && !compare {
                w
            } else {
                format!("{}: {w}", v.name)
            };
            eprintln!("warning: {w}");
            warnings.push(w);
        }
    }
    let started = now_rfc3339();
    let n = settings.replications;
    let results = run_variants(variants, n, opts.jobs, &settings.name, opts.quiet);
    let views = views(variants, &results);
    let manifest = Manifest {
        expansim_version: env!("CARGO_PKG_VERSION").to_string(),
        command_line: std::env::args().collect(),
        scenario_file: loaded.source.clone(),
        scenario_sha256: loaded.sha256.clone(),
        variants: variants.iter().map(|v| v.name.clone()).collect(),
        seed: settings.seed,
        replications: n,
        jobs: opts.jobs,
        started,
        finished: now_rfc3339(),
        events: results.iter().map(|r| r.events).sum(),
        cases: results.iter().map(|r| r.arrivals).sum(),
        warnings,
        scenario: serde_json::to_value(scenario::inline_includes(
            &loaded.document,
            loaded.base.as_deref(),
        )?)
        .context("could not convert the scenario to JSON")?,
    };
    let comparison = if compare {
        comparison(&views)
    } else {
        Vec::new()
    };
    out.write("summary.csv", &export::csv::summary(&views))?;
    out.write("replications.csv", &export::csv::replications(&views))?;
    if compare {
        out.write("comparison.csv", &export::csv::comparison(&comparison))?;
    }
    out.write("run.json", &manifest.to_bytes())?;
    write_optional(&out, variants, &results, &comparison, &manifest, opts)?;
    match opts.format {
        Format::Table => {
            outln!(
                "{} — {} replications, seed {}, horizon {} {}s (warm-up {})\n",
                settings.name,
                n,
                settings.seed,
                settings.horizon,
                settings.time_unit.name(),
                settings.warmup
            );
            if compare {
                let mut classes: Vec<String> = loaded
                    .model
                    .classes
                    .iter()
                    .map(|c| c.name.clone())
                    .collect();
                classes.push("all".to_string());
                let labels: Vec<(String, Option<String>)> = variants
                    .iter()
                    .map(|v| (v.name.clone(), v.label.clone()))
                    .collect();
                out!("{}", table::comparison(&comparison, &classes, &labels));
            } else {
                out!("{}", table::variant(&views[0]));
            }
            outln!("\nResults written to {}", out.path().display());
        }
        Format::Json => {
            let summary = export::json::summary(&views);
            let json = if compare {
                serde_json::json!({
                    "summary": summary,
                    "comparison": comparison,
                })
            } else {
                serde_json::to_value(&summary)?
            };
            outln!("{}", serde_json::to_string_pretty(&json)?);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Replications `0..n` of every variant, with one progress bar over all of them.
fn run_variants(
    variants: &[scenario::Variant],
    n: u32,
    jobs: usize,
    message: &str,
    quiet: bool,
) -> Vec<replication::RunResult> {
    let bar = progress::bar(u64::from(n) * variants.len() as u64, message, quiet);
    let results = variants
        .iter()
        .map(|v| replication::run(&v.model, 0..n, jobs, &|| bar.inc(1)))
        .collect();
    bar.finish_and_clear();
    results
}

fn views<'a>(
    variants: &'a [scenario::Variant],
    results: &'a [replication::RunResult],
) -> Vec<VariantResult<'a>> {
    variants
        .iter()
        .zip(results)
        .map(|(v, result)| VariantResult {
            name: &v.name,
            model: &v.model,
            result,
        })
        .collect()
}

/// Every variant after the first against the first.
fn comparison(views: &[VariantResult]) -> Vec<compare::Row> {
    views[1..]
        .iter()
        .flat_map(|v| compare::paired(&views[0], v))
        .collect()
}

/// Span of the queue-length pictures: four weeks after the warm-up, or the whole window.
fn queue_span(model: &scenario::Model) -> f64 {
    let s = &model.settings;
    (28.0 * 1440.0 / s.time_unit.minutes()).min(s.horizon - s.warmup)
}

/// Writes report.html, the event logs and cases.csv, as requested.
fn write_optional(
    out: &OutputDir,
    variants: &[scenario::Variant],
    results: &[replication::RunResult],
    comparison: &[compare::Row],
    manifest: &Manifest,
    opts: &RunOptions,
) -> anyhow::Result<()> {
    let o = &opts.outputs;
    if o.event_log || o.cases {
        let n = manifest.replications;
        if let Some(bad) = o.log_replications.iter().find(|r| **r >= n) {
            anyhow::bail!(ScenarioError::Override {
                assignment: format!("--log-replications {bad}"),
                message: format!("the run has replications 0..{n} only"),
            });
        }
        let traces: Vec<(usize, u32, expansim::engine::Trace)> = variants
            .iter()
            .enumerate()
            .flat_map(|(i, v)| {
                o.log_replications.iter().map(move |&r| {
                    let span = queue_span(&v.model);
                    (
                        i,
                        r,
                        expansim::engine::simulate_traced(&v.model, u64::from(r), span).1,
                    )
                })
            })
            .collect();
        let logs: Vec<export::eventlog::Traced> = traces
            .iter()
            .map(|(i, r, t)| export::eventlog::Traced {
                variant: &variants[*i].name,
                replication: *r,
                model: &variants[*i].model,
                trace: t,
                limit: o.log_cases,
            })
            .collect();
        if o.event_log {
            out.write("event_log.csv", &export::eventlog::csv(&logs))?;
            out.write("event_log.xes", &export::eventlog::xes(&logs))?;
        }
        if o.cases {
            out.write("cases.csv", &export::eventlog::cases(&logs))?;
        }
    }
    if o.report {
        out.write(
            "report.html",
            report_html(variants, results, comparison, manifest).as_bytes(),
        )?;
    }
    Ok(())
}

fn report_html(
    variants: &[scenario::Variant],
    results: &[replication::RunResult],
    comparison: &[compare::Row],
    manifest: &Manifest,
) -> String {
    let traces: Vec<expansim::engine::Trace> = variants
        .iter()
        .map(|v| expansim::engine::simulate_traced(&v.model, 0, queue_span(&v.model)).1)
        .collect();
    let parts: Vec<report::Variant> = variants
        .iter()
        .zip(results)
        .zip(&traces)
        .map(|((v, result), trace)| report::Variant {
            name: &v.name,
            label: v.label.as_deref(),
            model: &v.model,
            result,
            trace,
        })
        .collect();
    report::html(&report::Input {
        variants: &parts,
        comparison,
        manifest,
    })
}

/// `expansim report DIR`: re-runs the replications recorded in DIR/run.json, checks that they
/// reproduce DIR/summary.csv, and writes DIR/report.html.
fn report_command(
    dir: &Path,
    force: bool,
    jobs: Option<u64>,
    quiet: bool,
) -> anyhow::Result<ExitCode> {
    let manifest_path = dir.join("run.json");
    let text = std::fs::read_to_string(&manifest_path).with_context(|| {
        format!(
            "could not read '{}'; give a folder written by `expansim run` or `expansim compare`",
            manifest_path.display()
        )
    })?;
    let manifest: Manifest = serde_json::from_str(&text)
        .with_context(|| format!("'{}' is not an expansim manifest", manifest_path.display()))?;
    let version = env!("CARGO_PKG_VERSION");
    if manifest.expansim_version != version {
        anyhow::bail!(
            "'{}' was written by expansim {}, this is {version}; rerun the command in it ({}) to make a report",
            dir.display(),
            manifest.expansim_version,
            manifest.command_line.join(" ")
        );
    }
    if dir.join("report.html").exists() && !force {
        anyhow::bail!(ExportError::NotEmpty {
            dir: format!("{} (it has a report.html)", dir.display())
        });
    }
    let document: toml::Table = serde_json::from_value(manifest.scenario.clone())
        .context("the manifest's scenario is not a scenario document")?;
    let loaded = scenario::from_document(
        document,
        &manifest.scenario_file,
        &manifest.scenario_sha256,
        None,
    )?;
    let mut variants = Vec::new();
    for name in &manifest.variants {
        variants.push(if name == "current" {
            loaded.current()
        } else {
            loaded.variant(name)?.clone()
        });
    }
    let jobs = jobs.map_or(RunOptions::default().jobs, |j| j as usize);
    let results = run_variants(
        &variants,
        manifest.replications,
        jobs,
        &loaded.model.settings.name,
        quiet,
    );
    let views = views(&variants, &results);
    let existing = std::fs::read(dir.join("summary.csv")).unwrap_or_default();
    let existing = existing.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&existing);
    if existing != export::csv::summary(&views).as_slice() {
        anyhow::bail!(
            "re-running '{}' does not reproduce its summary.csv (was a file edited?); rerun the command ({}) with --report",
            manifest_path.display(),
            manifest.command_line.join(" ")
        );
    }
    let comparison = if dir.join("comparison.csv").exists() && views.len() > 1 {
        comparison(&views)
    } else {
        Vec::new()
    };
    let out = OutputDir::prepare_existing(dir);
    let written = out.write(
        "report.html",
        report_html(&variants, &results, &comparison, &manifest).as_bytes(),
    )?;
    outln!("Report written to {}", written.display());
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
