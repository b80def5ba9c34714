//! `expansim sweep`: every point of a full factorial on the same replications; the table of
//! points by cost, and what the targets say.

use std::path::Path;

use expansim::export::OutputDir;
use expansim::i18n::Lang;
use expansim::options::{Format, Given, RunOptions};
use expansim::output::table;
use expansim::study::{Progress, Study};
use expansim::sweep::{self, Plan, PointInfo, Target, Vary, Verdict};
use unicode_width::UnicodeWidthStr;

use super::{out, outln};

/// Sweeps the scenario at `path` (or its variant `variant`) over `vary`.
pub fn sweep(
    path: Option<&Path>,
    vary: &[Given<Vary>],
    variant: Option<&str>,
    targets: &[Given<Target>],
    opts: &RunOptions,
) -> anyhow::Result<()> {
    // Values that do not parse are said with the problems that need the scenario.
    let (vary, mut problems) = Given::sort("--vary", vary);
    let (targets, bad) = Given::sort("--target", targets);
    problems.extend(bad);
    // The varied paths and the targets, checked against the scenario.
    let check = |study: &expansim::study::Study| {
        let m = study.model();
        if vary.is_empty() {
            sweep::check_targets(&sweep::by_key(&targets, m), m)
        } else {
            match sweep::plan(study, &vary, &targets) {
                Err(expansim::error::ScenarioError::Invalid { problems, .. }) => problems,
                _ => Vec::new(),
            }
        }
    };
    let study = super::load_checking(path, opts, &problems, &|s| match s.clone().only(variant) {
        Ok(s) => check(&s),
        Err(_) => Vec::new(),
    })?;
    let (study, bad) = super::only_or_current(study, variant)?;
    problems.extend(bad);
    if !problems.is_empty() {
        problems.extend(check(&study));
        return super::all_problems(&study.loaded.source, problems);
    }
    let (vary, targets) = (&vary[..], &targets[..]);
    // Before the plan, which checks every point.
    let all_points = sweep::point_count(vary);
    let points = opts.shard.map_or(all_points, |s| {
        s.slice(all_points.min(u64::from(u32::MAX)) as u32).len() as u64
    });
    // A target the plan refuses (a misspelt metric), or more points than a sweep takes, is
    // said before asking to confirm a large sweep: the plan lists it with every other
    // problem, and --yes would not get past it.
    let m = study.model();
    if all_points <= sweep::MAX_POINTS
        && sweep::check_targets(&sweep::by_key(targets, m), m).is_empty()
    {
        study.check_work(u64::from(m.settings.replications), points, opts.yes)?;
    }
    let plan = sweep::plan(&study, vary, targets)?;
    let terminal = super::terminal(opts.quiet, opts.outputs.lang, true);
    for w in &plan.warnings {
        terminal.warning(w);
    }
    let out_path = opts.out_dir.clone().unwrap_or_else(|| {
        let mut p = super::default_out_dir(path);
        p.set_file_name(format!(
            "{}-sweep",
            p.file_name()
                .map_or("sweep".into(), |f| f.to_string_lossy())
        ));
        p
    });
    let out = OutputDir::prepare(&out_path, opts.force)?
        .with_bom(opts.outputs.bom)
        .superseding(opts.resume.as_deref());
    let started = super::now_rfc3339();
    let previous = super::resume::manifest(opts.resume.as_deref(), Some(&study))?;
    let swept = plan.run(
        &study,
        opts.shard,
        opts.jobs,
        &out,
        &terminal,
        opts.resume.as_deref(),
    )?;
    let n = study.model().settings.replications;
    let mut manifest = study.manifest(n, opts.jobs, opts.shard, started, super::now_rfc3339())?;
    match previous {
        Some(p) => (manifest.command_line, manifest.started) = (p.command_line, p.started),
        None => manifest.command_line = std::env::args().collect(),
    }
    if !swept.complete {
        manifest.complete = false;
        manifest.points_done = Some(swept.points_done);
    }
    for w in &swept.warnings {
        terminal.warning(w);
    }
    manifest.warnings = plan
        .warnings
        .iter()
        .chain(&swept.warnings)
        .cloned()
        .collect();
    manifest.uncovered_dates = study.uncovered_dates();
    manifest.events = swept.events;
    manifest.cases = swept.cases;
    manifest.sweep = Some(expansim::export::manifest::SweepInfo {
        // The key, however the command line named it (a label names the same sweep).
        variant: variant.map(|_| study.variants[0].name.clone()),
        vary: vary.iter().map(ToString::to_string).collect(),
        targets: targets.iter().map(ToString::to_string).collect(),
    });
    if !swept.complete {
        let target = out.incomplete_target();
        (manifest.replaces, manifest.replaces_sha256) = super::interrupt::replaces(&target);
        out.write("run.json", &manifest.to_bytes())?;
        let kept = out.path().to_path_buf();
        out.commit_incomplete(&target.dir)?;
        let total = opts.shard.map_or(plan.points.len(), |s| {
            s.slice(plan.points.len() as u32).len()
        });
        let lang = opts.outputs.lang;
        let done = lang.fill(
            "{done} of {total} points",
            &[
                ("done", &swept.points_done.to_string()),
                ("total", &total.to_string()),
            ],
        );
        return Err(
            super::interrupt::Interrupted::new("sweep", &target, &kept, &done, lang).into(),
        );
    }
    out.write("run.json", &manifest.to_bytes())?;
    let dir = out.commit()?;
    let paired = print(
        &dir.join("sweep.csv"),
        &plan,
        &swept.points,
        (&study, opts.jobs, &terminal),
        (opts.format, opts.shard),
        opts.outputs.lang,
    )?;
    if opts.format == Format::Table {
        outln!("{}", super::written(&dir, opts.outputs.lang));
    }
    // Every point is written, but the findings lack pairs the signal cut short: the run
    // ends as an interrupted one does.
    if !paired {
        return Err(
            super::interrupt::Interrupted::while_pairing("sweep", &dir, opts.outputs.lang).into(),
        );
    }
    Ok(())
}

/// The widest table printed with the targets written out in its header.
const TABLE_WIDTH: usize = 100;

/// Prints the points of `file` (a written sweep.csv) of the study's sweep by cost, and the
/// findings, in `lang`; two cheapest points of the same cost are run again on `jobs` threads
/// to pair them, shown on `progress`. A shard's points are a slice of the grid: it names
/// them, and leaves the findings to the merge. Returns whether every pair ran (an interrupt
/// stops the pairing).
pub fn print(
    file: &Path,
    plan: &Plan,
    points: &[PointInfo],
    (study, jobs, progress): (&Study, usize, &dyn Progress),
    (format, shard): (Format, Option<expansim::options::Shard>),
    lang: Lang,
) -> anyhow::Result<bool> {
    let (paths, targets, costed) = (plan.paths(), &plan.targets, plan.costed);
    let judged = sweep::judge_file(file, &paths, points, targets)?;
    let pairing = match shard {
        Some(_) => sweep::Pairing::default(),
        None => plan.pair(study, &judged, jobs, progress),
    };
    let unit = study.model().settings.time_unit.name();
    if format == Format::Json {
        let mut json = expansim::export::json::sweep(&judged, &paths, targets, costed, &pairing);
        // A shard's points are a slice: the findings over the grid are the merge's.
        if let (Some(s), Some(o)) = (shard, json.as_object_mut()) {
            for key in [
                "cheapest",
                "runner_up",
                "tied",
                "tie_difference",
                "undecided",
                "pareto_front",
            ] {
                o.insert(key.to_string(), serde_json::Value::Null);
            }
            o.insert(
                "shard".to_string(),
                format!("{}/{}", s.index, s.count).into(),
            );
        }
        outln!("{}", serde_json::to_string_pretty(&json)?);
        return Ok(!pairing.stopped);
    }
    outln!(
        "{}",
        super::heading(study, study.model().settings.replications, lang)
    );
    let mut header: Vec<String> = paths.clone();
    header.push(
        lang.t(if costed { "cost/year" } else { "staff" })
            .to_string(),
    );
    header.push(lang.fill("lead time (all, {unit})", &[("unit", &lang.units(unit))]));
    header.extend(targets.iter().map(ToString::to_string));
    // Without targets there is nothing to meet: only whether the point ran.
    header.push(
        lang.t(if targets.is_empty() {
            "status"
        } else {
            "verdict"
        })
        .to_string(),
    );
    let mut rows = vec![header];
    for j in &judged {
        let mut row = j.point.values.clone();
        row.push(table::money(j.point.cost));
        row.push(if j.verdict == Verdict::Unstable {
            table::MISSING.to_string()
        } else {
            table::mean_pm(&j.lead_time)
        });
        for s in &j.targets {
            row.push(match s {
                Some(s) => format!(
                    "{} [{}, {}]",
                    table::num(s.mean),
                    table::num(s.ci95_low),
                    table::num(s.ci95_high)
                ),
                None => table::MISSING.to_string(),
            });
        }
        row.push(match (targets.is_empty(), j.verdict) {
            (true, v) if v != Verdict::Unstable => lang.t("ran").to_string(),
            (_, v) => v.label(lang).to_string(),
        });
        rows.push(row);
    }
    // A terminal is 100 columns: in a wider table the targets' columns are headed T1, T2,
    // ..., each written out below it.
    let mut text = table::align(&rows);
    let width = |t: &str| t.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
    if width(&text) > TABLE_WIDTH && !targets.is_empty() {
        let first = paths.len() + 2;
        for (i, cell) in rows[0][first..first + targets.len()].iter_mut().enumerate() {
            *cell = format!("T{}", i + 1);
        }
        text = table::align(&rows);
        // Still too wide: the targets' columns go beside the points' values in tables of
        // their own, as many to a table as fit.
        if width(&text) > TABLE_WIDTH {
            let n = targets.len();
            let part = |columns: std::ops::Range<usize>| -> String {
                let picked: Vec<Vec<String>> = rows
                    .iter()
                    .map(|r| {
                        r[..paths.len()]
                            .iter()
                            .chain(&r[first + columns.start..first + columns.end])
                            .cloned()
                            .collect()
                    })
                    .collect();
                table::align(&picked)
            };
            let main: Vec<Vec<String>> = rows
                .iter()
                .map(|r| r[..first].iter().chain(&r[first + n..]).cloned().collect())
                .collect();
            text = table::align(&main);
            let mut from = 0;
            while from < n {
                let mut to = from + 1;
                while to < n && width(&part(from..to + 1)) <= TABLE_WIDTH {
                    to += 1;
                }
                text.push('\n');
                text.push_str(&part(from..to));
                from = to;
            }
        }
        for (i, t) in targets.iter().enumerate() {
            text.push_str(&format!("T{}{}{t}\n", i + 1, lang.t(": ")));
        }
    }
    out!("{text}");
    if !costed {
        outln!(
            "\n{}",
            lang.t("No pool has a `cost`: points are ranked by their number of staff.")
        );
    }
    outln!();
    match shard {
        Some(s) => outln!(
            "{}",
            lang.fill(
                "Shard {k}/{n}: {m} of the {p} points; the cheapest point and the Pareto front are found over all of them: merge the shards with expansim merge.",
                &[
                    ("k", &s.index.to_string()),
                    ("n", &s.count.to_string()),
                    ("m", &judged.len().to_string()),
                    ("p", &plan.points.len().to_string()),
                ]
            )
        ),
        None => out!(
            "{}",
            sweep::findings(&judged, targets, &paths, costed, &pairing, lang)
        ),
    }
    Ok(!pairing.stopped)
}
