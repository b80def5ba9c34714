//! `expansim sensitivity`: every numeric input changed one at a time against the scenario as
//! it is, on common random numbers ([`expansim::sensitivity`]); `sensitivity.csv`, a tornado
//! chart per class in `report.html`, and the largest effects on stdout.

use std::path::Path;

use expansim::export::OutputDir;
use expansim::options::Given;
use expansim::output::table;
use expansim::sensitivity::{self, Change, METRICS};
use expansim::study::{Progress, Replications};

use super::{outln, sayln};

/// The terminal's progress, without the warnings of the run's variants: each is one input
/// changed (a pool one member short may be near capacity), which the table's effects show;
/// the calendars' uncovered dates are said once the run has ended.
struct ChangesOnly<'a>(&'a dyn Progress);

impl Progress for ChangesOnly<'_> {
    fn start(&self, total: u64, message: &str) {
        self.0.start(total, message);
    }
    fn advance(&self) {
        self.0.advance();
    }
    fn finish(&self) {
        self.0.finish();
    }
    fn note(&self, message: &str) {
        self.0.note(message);
    }
    fn stopped(&self) -> bool {
        self.0.stopped()
    }
}

/// Runs the changes of `path` (its variant `variant`) by `delta`, ranking on `metric`; the
/// `top` largest effects are shown (by default [`TOP`], and [`PER_CLASS`] in each class's
/// table).
pub fn sensitivity(
    path: Option<&Path>,
    variant: Option<&str>,
    delta: &Given<f64>,
    metric: &str,
    top: Option<usize>,
    opts: &expansim::options::RunOptions,
) -> anyhow::Result<()> {
    if opts.shard.is_some() || opts.resume.is_some() {
        anyhow::bail!(expansim::error::UsageError(
            "sensitivity takes neither --shard nor --resume".to_string()
        ));
    }
    // The delta's, the variant's and the metric's problems at once.
    let (delta, mut problems) = Given::sort("--delta", std::slice::from_ref(delta));
    let (base, bad) = super::only_or_current(super::load_noting(path, opts, &problems)?, variant)?;
    problems.extend(bad);
    if !METRICS.contains(&metric) {
        problems.push(expansim::error::Problem {
            path: "--metric".to_string(),
            message: format!(r#""{metric}": sensitivity ranks by lead_time or limit_met_share"#),
        });
    }
    let r = base.variants[0].model.settings.replications;
    if r < 2 {
        problems.push(expansim::error::Problem {
            path: "scenario.replications".to_string(),
            message: format!(
                "sensitivity gives each effect a 95% interval, which needs at least 2 replications, got {r}: pass -r 2 or more"
            ),
        });
    }
    super::all_problems(&base.loaded.source, problems)?;
    let delta = delta[0];
    let v = &base.variants[0];
    if metric == "limit_met_share" && v.model.classes.iter().all(|c| c.limit.is_none()) {
        anyhow::bail!(expansim::error::UsageError(
            "--metric limit_met_share: no class of the scenario has a `limit`, so there is no share within it to rank by; use --metric lead_time, or give the classes a limit".to_string()
        ));
    }
    let (changes, left_out) = sensitivity::changes(v, delta);
    let (study, run, unstable) = sensitivity::study(&base, v, &changes)?;
    // Every change not run, with why: a load at capacity, then the reasons of `changes`.
    let not_run: Vec<(Change, &str)> = unstable
        .into_iter()
        .map(|c| (c, sensitivity::AT_CAPACITY))
        .chain(left_out)
        .collect();
    let n = study.model().settings.replications;
    study.check_work(u64::from(n), 1, opts.yes)?;
    let out_path = opts.out_dir.clone().unwrap_or_else(|| {
        let mut p = super::default_out_dir(path);
        p.set_file_name(format!(
            "{}-sensitivity",
            p.file_name()
                .map_or("sensitivity".into(), |f| f.to_string_lossy())
        ));
        p
    });
    let out = OutputDir::prepare(&out_path, opts.force)?.with_bom(opts.outputs.bom);
    let terminal = super::terminal(opts.quiet, opts.outputs.lang, false);
    let started = super::now_rfc3339();
    let clock = std::time::Instant::now();
    let outcome = study.run(Replications::Scenario, opts.jobs, &ChangesOnly(&terminal))?;
    if !outcome.complete {
        anyhow::bail!(super::interrupt::Interrupted {
            message: "interrupted: sensitivity stopped before every change ran; nothing was written (an earlier result in the folder is kept)".into()
        });
    }
    let rows = sensitivity::rows(&study, &outcome, &METRICS);
    let uncovered = outcome.uncovered_dates(&study);
    let mut manifest = study.manifest(n, opts.jobs, None, started, super::now_rfc3339())?;
    for u in &uncovered {
        let w = u.to_string();
        terminal.warning(&w);
        manifest.warnings.push(w);
    }
    manifest.uncovered_dates = uncovered;
    (manifest.events, manifest.cases) = outcome.counts();
    manifest.command_line = std::env::args().collect();
    manifest.variants.clear();
    out.write("run.json", &manifest.to_bytes())?;
    let lang = opts.outputs.lang;
    // `label` is the column for people: in their language, as the terminal says it.
    let label = |input: &str| sensitivity::input_label(&v.model, &v.document, input, lang);
    out.write("sensitivity.csv", &sensitivity::csv(&run, &rows, &label))?;
    let each = top.unwrap_or(PER_CLASS);
    let top = top.unwrap_or(TOP);
    let charts = sensitivity::charts(v, &run, &rows, top, lang);
    let title = lang.fill("{name} — sensitivity", &[("name", &v.model.settings.name)]);
    let pct = sensitivity::step("", delta);
    let note = lang.fill(
        "Each input raised and lowered on its own (pool sizes by one member of staff; rates, times and probabilities by {pct}), against the scenario as it is, on {n} replications with common random numbers: the bar is the mean paired difference, the line its 95% interval. Largest effects first.",
        &[("pct", &pct), ("n", &n.to_string())],
    );
    let notes = sensitivity::not_run_notes(v, &not_run, false, lang);
    out.write(
        "report.html",
        expansim::report::tornado_page(&title, &note, &notes, &charts, &manifest, lang).as_bytes(),
    )?;
    let dir = out.commit()?;
    if opts.format == expansim::options::Format::Json {
        outln!("{}", sensitivity::json(&run, &rows, &not_run, &label));
        return Ok(());
    }
    let inputs = run
        .iter()
        .map(|c| &c.input)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    sayln!(
        "{}\n",
        lang.fill(
            "{inputs} inputs changed one at a time ({runs} runs of {n} replications) in {seconds} s; all classes, largest effect on {metric} first:",
            &[
                ("inputs", &inputs.to_string()),
                ("runs", &run.len().to_string()),
                ("n", &n.to_string()),
                ("seconds", &format!("{:.1}", clock.elapsed().as_secs_f64())),
                ("metric", &sensitivity::metric_name(metric, lang)),
            ]
        )
    );
    // The largest effects on all classes, then on each class (where a change of the mix of
    // classes does not move the figure): the first few of each.
    let classes = &study.model().classes;
    for (k, class) in std::iter::once("all")
        .chain(classes.iter().map(|c| c.name.as_str()))
        .enumerate()
    {
        let ranked = sensitivity::ranked(&run, &rows, class, metric);
        if ranked.is_empty() {
            continue;
        }
        if k > 0 {
            sayln!(
                "\n{}",
                lang.fill(
                    "Class {class}, largest effect on {metric} first:",
                    &[
                        (
                            "class",
                            &classes
                                .iter()
                                .find(|c| c.name == class)
                                .map_or(class.to_string(), |c| {
                                    expansim::i18n::named(&c.name, c.label.as_deref())
                                })
                        ),
                        ("metric", &sensitivity::metric_name(metric, lang))
                    ]
                )
            );
        }
        // A difference in time says its unit; one in a share is a share.
        let unit = match ranked[0].row.unit.as_str() {
            "share" | "" => String::new(),
            u => lang.aside(&lang.units(u)),
        };
        let mut table_rows = vec![vec![
            lang.t("input").to_string(),
            lang.t("change").to_string(),
            // The metric is in the heading above: the column says only what it holds.
            lang.t("difference").to_string() + &unit,
            lang.t("95% CI").to_string(),
            lang.t("relative").to_string(),
        ]];
        for e in ranked.iter().take(if k == 0 { top } else { each }) {
            let d = e.row.difference;
            table_rows.push(vec![
                sensitivity::input_label(&v.model, &v.document, &e.change.input, lang),
                e.change.step.clone(),
                expansim::report::with_sign(&small(d.mean)),
                format!("[{}, {}]", small(d.ci95_low), small(d.ci95_high)),
                if e.row.relative_change.is_finite() {
                    format!(
                        "{}%",
                        expansim::report::plus(100.0 * e.row.relative_change, 1)
                    )
                } else {
                    table::MISSING.to_string()
                },
            ]);
        }
        outln!(
            "{}",
            table::align_within(&table_rows, table::WIDTH).trim_end()
        );
    }
    for note in sensitivity::not_run_notes(v, &not_run, true, lang) {
        sayln!("\n{note}");
    }
    let dir = dir.display().to_string();
    outln!(
        "\n{}",
        lang.fill(
            "Results written to {dir} (sensitivity.csv, report.html)",
            &[("dir", &dir)]
        )
    );
    Ok(())
}

/// Rows of each class's table in the terminal without --top (all of them are in
/// sensitivity.csv and the report).
const PER_CLASS: usize = 5;

/// Rows of the table of all classes, and inputs in each tornado, without --top.
const TOP: usize = 15;

/// [`table::num`], except that an effect too small for its three decimals (times of minutes
/// in a scenario of days) keeps three significant digits instead of showing as 0.000, in
/// decimals (0.000484) down to a millionth, in powers of ten below.
fn small(x: f64) -> String {
    let a = x.abs();
    if x == 0.0 || a >= 0.0005 {
        table::num(x)
    } else if a >= 1e-6 {
        let d = (2.0 - a.log10().floor()) as usize;
        let text = format!("{x:.d$}");
        // Rounded up to the next power of ten (0.0000999996 to 0.0001000): one decimal less.
        match text.parse::<f64>() {
            Ok(r) if r.abs() >= 10f64.powf(a.log10().floor() + 1.0) => {
                format!("{x:.prec$}", prec = d - 1)
            }
            _ => text,
        }
    } else {
        format!("{x:.2e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_effect_keeps_three_significant_digits_in_decimals() {
        assert_eq!(small(0.000484), "0.000484");
        assert_eq!(small(9.9996e-5), "0.000100");
        assert_eq!(small(-0.0001234), "-0.000123");
        assert_eq!(small(0.0000025), "0.00000250");
        assert_eq!(small(4.2e-9), "4.20e-9");
        assert_eq!(small(0.0), "0.000");
        assert_eq!(small(0.9997), "1.00");
        assert_eq!(small(2.6337), "2.63");
    }
}
