//! `expansim run` (and, through [`simulate`], `compare`): replications of a study, the result
//! files, and the tables or JSON on stdout.

use std::path::Path;

use expansim::error::UsageError;
use expansim::export::{self, OutputDir};
use expansim::options::{Format, RunOptions};
use expansim::output::table;
use expansim::scenario;
use expansim::study::{self, Progress, Replications, Study};

use super::{out, outln};

/// Runs the current process, or variant `variant`, of the scenario at `path`.
pub fn run(path: Option<&Path>, variant: Option<&str>, opts: &RunOptions) -> anyhow::Result<()> {
    let study = super::load(path, opts)?.only(variant)?;
    simulate(path, &study, opts, false)
}

/// Runs every variant of `study` (the first is the baseline when `compare`), writes the
/// result files and prints the results.
pub fn simulate(
    path: Option<&Path>,
    study: &Study,
    opts: &RunOptions,
    compare: bool,
) -> anyhow::Result<()> {
    let settings = &study.model().settings;
    let out_path = opts
        .out_dir
        .clone()
        .unwrap_or_else(|| super::default_out_dir(path));
    // Refuse an occupied folder before spending time on the run.
    let out = OutputDir::prepare(&out_path, opts.force)?
        .with_bom(opts.outputs.bom)
        .superseding(opts.resume.as_deref());
    let terminal = super::terminal(opts.quiet, opts.outputs.lang, true);
    let o = &opts.outputs;
    if opts.shard.is_some() && opts.precision.is_some() {
        anyhow::bail!(UsageError(
            "--shard cannot be combined with --precision: a shard runs its own fixed part of the replications, while --precision decides their number as it goes; give the number with -r".to_string(),
        ));
    }
    if opts.shard.is_some() && (o.report || o.event_log || o.cases) {
        anyhow::bail!(UsageError(
            "--shard cannot be combined with --report, --event-log or --cases; merge the shards first (expansim merge), then run expansim report on the merged folder".to_string(),
        ));
    }
    let n = settings.replications;
    // Found before anything runs (with --precision the count is known only at the end, but
    // is at most the limit).
    study::check_outputs(o, opts.precision.map_or(n, |_| opts.max_replications))?;
    let planned = match (opts.precision, opts.shard) {
        (Some(_), _) => opts.max_replications,
        (None, Some(s)) => s.slice(n).len() as u32,
        (None, None) => n,
    };
    study.check_work(u64::from(planned), 1, opts.yes)?;
    let previous = super::resume::manifest(opts.resume.as_deref(), Some(study))?;
    // The report's lead-time histograms are not kept by replication: with one, every
    // replication runs again.
    let done = match &opts.resume {
        Some(dir) if !o.report => Some(study::finished(dir, study)?),
        _ => None,
    };
    let started = super::now_rfc3339();
    let replications = match (opts.precision, opts.shard) {
        (Some(target), _) => Replications::Precision {
            target,
            max: opts.max_replications,
        },
        (None, Some(shard)) => Replications::Range(shard.slice(n)),
        (None, None) => Replications::Scenario,
    };
    let taken = done.is_some();
    let outcome = study.resume(replications, opts.jobs, &terminal, done)?;
    let mut warnings = outcome.warnings.clone();
    let uncovered = outcome.uncovered_dates(study);
    // A shard's manifest names the whole run it is part of; a precision run, the
    // replications it reached.
    let n = match opts.precision {
        Some(_) if opts.shard.is_none() => outcome
            .results
            .iter()
            .map(|r| r.replications.len() as u32)
            .max()
            .unwrap_or(0),
        _ => n,
    };
    let views = outcome.views(study);
    let mut manifest = study.manifest(n, opts.jobs, opts.shard, started, super::now_rfc3339())?;
    manifest.complete = outcome.complete;
    (manifest.events, manifest.cases) = outcome.counts();
    match previous {
        Some(p) => {
            // The run continued: its command, start and the counts of what it kept.
            manifest.command_line = p.command_line;
            manifest.started = p.started;
            if taken {
                manifest.events += p.events;
                manifest.cases += p.cases;
            }
        }
        None => manifest.command_line = std::env::args().collect(),
    }
    let unrun: Vec<String> = o
        .log_replications
        .iter()
        .filter(|&&r| (o.event_log || o.cases) && r >= n)
        .map(u32::to_string)
        .collect();
    if !unrun.is_empty() {
        let w = format!(
            "--log-replications: the precision was reached after {n} replications, so replication {list} did not run and is not logged",
            list = unrun.join(", ")
        );
        terminal.warning(&w);
        warnings.push(w);
    }
    manifest.warnings = warnings;
    manifest.uncovered_dates = uncovered;
    manifest.precision = outcome.precision.clone();
    let comparison = if compare {
        outcome.comparison(study)
    } else {
        Vec::new()
    };
    out.write("summary.csv", &export::csv::summary(&views))?;
    out.write("replications.csv", &export::csv::replications(&views))?;
    if compare {
        out.write("comparison.csv", &export::csv::comparison(&comparison))?;
    }
    // The event logs, cases and report of a complete run; a signal meanwhile stops them, and
    // the run is left to be continued (which writes them).
    let optional = outcome.complete
        && study::write_optional(&out, study, &outcome, &comparison, &manifest, o, &|| {
            terminal.stopped()
        })?;
    if optional {
        out.write("run.json", &manifest.to_bytes())?;
    } else {
        manifest.complete = false;
        let counts: Vec<(String, u32)> = study
            .variants
            .iter()
            .zip(&outcome.results)
            .map(|(v, r)| (v.name.clone(), r.replications.len() as u32))
            .collect();
        manifest.replications_done = Some(counts.iter().cloned().collect());
        let target = out.incomplete_target();
        (manifest.replaces, manifest.replaces_sha256) = super::interrupt::replaces(&target);
        out.write("run.json", &manifest.to_bytes())?;
        let kept = out.path().to_path_buf();
        out.commit_incomplete(&target.dir)?;
        let l = o.lang;
        let counts: Vec<String> = (study.variants.iter().zip(&counts))
            .map(|(v, (_, r))| match study.variants.len() {
                1 => r.to_string(),
                _ => format!(
                    "{} {r}",
                    scenario::variant::shown(l, v.name.as_str(), v.label.as_deref())
                ),
            })
            .collect();
        let each = counts.len() > 1;
        let counts = counts.join(l.t(", "));
        // The outputs asked for, none of which is written when every replication is done.
        let pending: Vec<&str> = [
            (o.event_log, "event log"),
            (o.cases, "case table"),
            (o.report, "report"),
        ]
        .into_iter()
        .filter(|&(asked, _)| asked)
        .map(|(_, name)| l.t(name))
        .collect();
        let pending = match pending.split_last() {
            Some((last, [])) => last.to_string(),
            Some((last, rest)) => format!("{}{}{last}", rest.join(l.t(", ")), l.t(" or ")),
            None => String::new(),
        };
        let done = match (opts.precision, opts.shard) {
            _ if outcome.complete && !pending.is_empty() => l.fill(
                if each {
                    "all {n} replications of each variant (not yet their {outputs})"
                } else {
                    "all {n} replications (not yet their {outputs})"
                },
                &[
                    // Complete: every variant ran the same replications (a shard's, its slice).
                    (
                        "n",
                        &match each {
                            true => outcome.results[0].replications.len().to_string(),
                            false => counts.clone(),
                        },
                    ),
                    ("outputs", &pending),
                ],
            ),
            (Some(_), _) => l.fill("{done} replications", &[("done", &counts)]),
            (None, shard) => l.fill(
                if each {
                    "{done} of {total} replications each"
                } else {
                    "{done} of {total} replications"
                },
                &[
                    ("done", &counts),
                    (
                        "total",
                        &shard.map_or(n, |s| s.slice(n).len() as u32).to_string(),
                    ),
                ],
            ),
        };
        let command = if compare { "compare" } else { "run" };
        return Err(super::interrupt::Interrupted::new(command, &target, &kept, &done, l).into());
    }
    let dir = out.commit()?;
    match opts.format {
        Format::Table => {
            let l = o.lang;
            outln!("{}", super::heading(study, n, l));
            // A shard's table is of its slice only, or of nothing.
            if let Some(s) = opts.shard {
                let slice = s.slice(n);
                let numbers = match slice.len() {
                    1 => slice.start.to_string(),
                    _ => format!("{}–{}", slice.start, slice.end.saturating_sub(1)),
                };
                let values = [
                    ("k", s.to_string()),
                    ("m", slice.len().to_string()),
                    ("numbers", numbers),
                    ("n", n.to_string()),
                ];
                let values: Vec<(&str, &str)> =
                    values.iter().map(|(k, v)| (*k, v.as_str())).collect();
                if slice.is_empty() {
                    outln!(
                        "{}",
                        l.fill(
                            "Shard {k} runs none of the {n} replications (there are more shards than replications): its folder holds no results, and merge takes it with the others.",
                            &values
                        )
                    );
                    outln!("{}", super::written(&dir, o.lang));
                    return Ok(());
                }
                outln!(
                    "{}\n",
                    l.fill(
                        "Shard {k}: {m} of the {n} replications ({numbers} in replications.csv), and only those below; merge the shards with expansim merge for the results of all.",
                        &values
                    )
                );
            }
            if compare {
                let labels: Vec<(String, Option<String>)> = study
                    .variants
                    .iter()
                    .map(|v| (v.name.clone(), v.label.clone()))
                    .collect();
                let unstable: Vec<String> = study
                    .variants
                    .iter()
                    .filter(|v| v.model.unstable())
                    .map(|v| v.name.clone())
                    .collect();
                out!(
                    "{}",
                    table::comparison(
                        &comparison,
                        &study.model().classes,
                        &labels,
                        &unstable,
                        o.lang
                    )
                );
            } else {
                out!("{}", table::variant(&views[0], o.lang));
            }
            outln!("{}", super::written(&dir, o.lang));
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
    Ok(())
}
