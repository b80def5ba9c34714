//! `expansim optimize`: the cheapest staffing that meets the targets, by the library's
//! search ([`expansim::optimize`]); writes `optimize.csv` and `optimize.json` and prints the
//! answer beside today's staffing.

use std::path::Path;

use expansim::export::OutputDir;
use expansim::i18n::Lang;
use expansim::optimize::{self, Outcome, Search, Settings};
use expansim::options::Given;
use expansim::output::table;
use expansim::study::Progress;
use expansim::sweep::{Direction, Target, Vary, Verdict};

use super::{outln, sayln};

/// What `optimize` was asked.
pub struct Request<'a> {
    /// Scenario file (`None`: the county).
    pub path: Option<&'a Path>,
    /// Targets every answer must meet at its 95% bound.
    pub targets: Vec<Target>,
    /// Pools and their ranges (default: every pool with a cost, or every pool without costs).
    pub ranges: Vec<Vary>,
    /// The targets and ranges that do not parse, said with the problems that need the
    /// scenario.
    pub problems: Vec<expansim::error::Problem>,
    /// Variant to size.
    pub variant: Option<&'a str>,
    /// Most replications over the whole search.
    pub budget: u64,
    /// Replications per batch.
    pub batch: u32,
}

impl<'a> Request<'a> {
    /// The request of a parsed `optimize` command, and its run options.
    pub fn from(
        c: &'a expansim::cli::Command,
    ) -> Option<(Request<'a>, expansim::options::RunOptions)> {
        match c {
            expansim::cli::Command::Optimize {
                scenario,
                targets,
                ranges,
                variant,
                budget_replications,
                batch,
                run,
            } => Some({
                let (targets, mut problems) = Given::sort("--target", targets);
                let (ranges, bad) = Given::sort("--range", ranges);
                problems.extend(bad);
                (
                    Request {
                        path: scenario.as_deref(),
                        targets,
                        ranges,
                        problems,
                        variant: variant.as_deref(),
                        budget: *budget_replications,
                        batch: *batch,
                    },
                    run.to_options(),
                )
            }),
            _ => None,
        }
    }
}

/// Runs the search and writes its files.
pub fn optimize(req: Request, opts: &expansim::options::RunOptions) -> anyhow::Result<()> {
    if opts.shard.is_some() || opts.resume.is_some() {
        anyhow::bail!(expansim::error::UsageError(
            "optimize takes neither --shard nor --resume: the search decides which points to run as it goes".to_string()
        ));
    }
    // Every problem of the variant, the targets and the ranges at once.
    let mut problems = req.problems;
    let study = super::load_checking(req.path, opts, &problems, &|s| match s
        .clone()
        .only(req.variant)
    {
        Ok(s) => {
            let m = &s.variants[0].model;
            let targets = expansim::sweep::by_key(&req.targets, m);
            let mut all = expansim::sweep::check_targets(&targets, m);
            if let Err(expansim::error::ScenarioError::Invalid { problems, .. }) =
                optimize::dims(&s.variants[0], &req.ranges, &s.loaded.source)
            {
                all.extend(problems);
            }
            all
        }
        Err(_) => Vec::new(),
    })?;
    let (study, bad) = super::only_or_current(study, req.variant)?;
    problems.extend(bad);
    let variant = &study.variants[0];
    let source = &study.loaded.source;
    let targets = &expansim::sweep::by_key(&req.targets, &variant.model);
    problems.extend(expansim::sweep::check_targets(targets, &variant.model));
    problems.extend(optimize::check_monotone(targets));
    // With a --range that did not parse, the others are not all the ranges asked for: only
    // their own problems are said (not, say, that a pool left without a range is over
    // capacity).
    let some_bad = problems.iter().any(|p| p.path.starts_with("--range "));
    let given = |p: &expansim::error::Problem| {
        !some_bad
            || req
                .ranges
                .iter()
                .any(|r| p.path == format!("--range {}", r.path))
    };
    let dims = match optimize::dims(variant, &req.ranges, source) {
        Ok(dims) => dims,
        Err(expansim::error::ScenarioError::Invalid { problems: more, .. }) => {
            problems.extend(more.into_iter().filter(given));
            Vec::new()
        }
        Err(e) => return Err(e.into()),
    };
    super::all_problems(source, problems)?;
    // The budget is the most the search may simulate.
    study.check_work(req.budget, 1, opts.yes)?;
    let out_path = opts.out_dir.clone().unwrap_or_else(|| {
        let mut p = super::default_out_dir(req.path);
        p.set_file_name(format!(
            "{}-optimize",
            p.file_name()
                .map_or("optimize".into(), |f| f.to_string_lossy())
        ));
        p
    });
    let out = OutputDir::prepare(&out_path, opts.force)?.with_bom(opts.outputs.bom);
    let terminal = super::terminal(opts.quiet, opts.outputs.lang, false);
    // Every warning said is kept in run.json too, as run and sweep keep theirs.
    let uncovered = study.uncovered_dates();
    let mut warnings: Vec<String> = study.skipped_sets();
    warnings.extend(uncovered.iter().map(ToString::to_string));
    let free: Vec<&str> = dims
        .iter()
        .map(|d| d.path.trim_start_matches("pools."))
        .filter(|name| {
            variant
                .model
                .pools
                .iter()
                .any(|p| p.name == *name && p.cost.is_none())
        })
        .collect();
    // Without any cost, points are ranked by head count: then no pool is free.
    if expansim::sweep::costed(&variant.model) && !free.is_empty() {
        warnings.push(Lang::En.fill(
            if free.len() == 1 {
                "pool {pools} has no `cost`, so its staff count as free in the search's costs"
            } else {
                "pools {pools} have no `cost`, so their staff count as free in the search's costs"
            },
            &[("pools", &free.join(", "))],
        ));
    }
    // With --range, the other pools with a cost keep today's size: said, not silent.
    let held: Vec<String> = variant
        .model
        .pools
        .iter()
        .filter(|p| p.cost.is_some() && !dims.iter().any(|d| d.path == format!("pools.{}", p.name)))
        .map(|p| format!("pools.{}={}", p.name, p.size))
        .collect();
    if !held.is_empty() {
        warnings.push(Lang::En.fill(
            if held.len() == 1 {
                "{pools} also has a cost but no --range, so it stays at today's size in every point; add a --range to size it"
            } else {
                "{pools} also have a cost but no --range, so they stay at today's size in every point; add a --range to size them"
            },
            &[("pools", &held.join(", "))],
        ));
    }
    for w in &warnings {
        terminal.warning(w);
    }
    terminal.start_budget(req.budget, "optimize");
    let settings = Settings {
        batch: req.batch,
        budget: req.budget,
        jobs: opts.jobs,
    };
    let started = std::time::Instant::now();
    let started_at = super::now_rfc3339();
    // Today's staffing is judged the same way, as a point of the search.
    let today_sizes: Vec<u32> = dims
        .iter()
        .map(|d| {
            let name = d.path.trim_start_matches("pools.");
            variant
                .model
                .pools
                .iter()
                .find(|p| p.name == name)
                .map_or(0, |p| p.size)
        })
        .collect();
    let outcome = Search::new(
        variant,
        study.loaded.place(),
        targets,
        dims.clone(),
        settings,
        &terminal,
    )
    .with_today(today_sizes)
    .run()?;
    if terminal.stopped() {
        terminal.finish();
        anyhow::bail!(super::interrupt::Interrupted {
            message: "interrupted: the search did not finish; nothing was written (an earlier result in the folder is kept)".into()
        });
    }
    let today = outcome.today.as_ref().map(|(p, searched)| (p, *searched));
    terminal.finish();
    // run.json records what ran (so that --force may replace this folder later); it names
    // no variant, since the folder holds no summary for `report` to redraw.
    let mut manifest = study.manifest(
        outcome.replications,
        opts.jobs,
        None,
        started_at,
        super::now_rfc3339(),
    )?;
    manifest.command_line = std::env::args().collect();
    manifest.variants.clear();
    manifest.uncovered_dates = uncovered;
    (manifest.events, manifest.cases) = (outcome.events, outcome.cases);
    manifest.warnings = warnings;
    out.write("run.json", &manifest.to_bytes())?;
    out.write("optimize.csv", &outcome.csv(targets))?;
    let mut json = outcome.json(targets, variant);
    if let Some((t, searched)) = &today {
        json["today"] = serde_json::json!({
            "sizes": outcome
                .dims
                .iter()
                .zip(&t.sizes)
                .map(|(d, &s)| (d.path.clone(), serde_json::Value::from(s)))
                .collect::<serde_json::Map<_, _>>(),
            "cost": t.cost,
            "replications": t.replications,
            "verdict": t.verdict.name(),
            "estimates": t.estimates.iter().map(|e| e.mean).collect::<Vec<_>>(),
            "searched": searched,
        });
    } else {
        // Not evaluated: the budget ran out before it.
        json["today"] = serde_json::Value::Null;
    }
    out.write(
        "optimize.json",
        (serde_json::to_string_pretty(&json)? + "\n").as_bytes(),
    )?;
    let dir = out.commit()?;
    if opts.format == expansim::options::Format::Json {
        outln!("{}", serde_json::to_string_pretty(&json)?);
        return Ok(());
    }
    print(
        &outcome,
        variant,
        today,
        targets,
        started.elapsed().as_secs_f64(),
        opts.outputs.lang,
    );
    outln!("{}", super::written(&dir, opts.outputs.lang));
    Ok(())
}

/// Runs a parsed `optimize` command.
pub fn run(c: &expansim::cli::Command) -> anyhow::Result<()> {
    match Request::from(c) {
        Some((req, opts)) => optimize(req, &opts),
        None => anyhow::bail!("not the optimize command"),
    }
}

fn print(
    o: &Outcome,
    variant: &expansim::scenario::Variant,
    today: Option<(&optimize::Point, bool)>,
    targets: &[Target],
    seconds: f64,
    lang: Lang,
) {
    let m = &variant.model;
    let mut rows = vec![
        ["pool", "searched", "today", "best"]
            .map(|h| lang.t(h).to_string())
            .to_vec(),
    ];
    for (k, d) in o.dims.iter().enumerate() {
        let name = d.path.trim_start_matches("pools.");
        let pool = m.pools.iter().find(|p| p.name == name);
        let today = pool.map_or(0, |p| p.size);
        rows.push(vec![
            // The path, to copy into --range, and the label a person knows the pool by.
            expansim::i18n::named(&d.path, pool.and_then(|p| p.label.as_deref())),
            format!("{}..={}", d.lo, d.hi),
            today.to_string(),
            o.best.map_or(table::MISSING.to_string(), |b| {
                o.points[b].sizes[k].to_string()
            }),
        ]);
    }
    outln!("{}", table::align(&rows).trim_end());
    for d in &o.dims {
        if let Some(asked) = d.asked {
            sayln!(
                "{}",
                lang.fill(
                    "--range {path}={asked}..={hi}: searched from {lo}, the fewest staff that keep up with the pool's work (its offered load, or the staff of its other member groups)",
                    &[
                        ("path", &d.path),
                        ("asked", &asked.to_string()),
                        ("hi", &d.hi.to_string()),
                        ("lo", &d.lo.to_string()),
                    ]
                )
            );
        }
    }
    match o.best {
        Some(b) => {
            sayln!(
            "\n{}",
            lang.fill(
                "Cheapest point meeting every target at its 95% bound: {point} — {money} {cost} (today {today})",
                &[
                    ("point", &o.label(b)),
                    (
                        "money",
                        lang.t(if expansim::sweep::costed(m) {
                            "cost"
                        } else {
                            "staff"
                        })
                    ),
                    ("cost", &table::money(o.points[b].cost)),
                    ("today", &table::money(expansim::sweep::cost(m))),
                ]
            )
        );
            if let Some((next, d)) = o.runner_up {
                let values = [
                    ("point", o.changes_from(b, next, lang.t(", "))),
                    ("difference", expansim::report::plus(d.mean, 3)),
                    ("low", expansim::report::plus(d.ci95_low, 3)),
                    ("high", expansim::report::plus(d.ci95_high, 3)),
                ];
                let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
                sayln!("{}", lang.fill("Runner-up of the same cost, also meeting every target: {point}.", &values));
                sayln!("{}", lang.fill(if o.tied() {
                    "The two cost the same, and the difference in mean lead time, paired on common random numbers, {difference} [{low}, {high}], includes 0: they cannot be told apart with these replications."
                } else {
                    "The two cost the same; paired on common random numbers, the runner-up's mean lead time differs by {difference} [{low}, {high}], so the cheapest is the faster."
                }, &values));
            }
        }
        None if o.out_of_budget => sayln!(
            "\n{}",
            lang.t(
                "The replication budget ran out before any point was shown to meet every target at its 95% bound."
            )
        ),
        None if !o.undecided.is_empty() => sayln!(
            "\n{}",
            lang.t(
                "No point was shown to meet every target at its 95% bound; the undecided points below might, with more replications."
            )
        ),
        None => match o.ceiling {
            Some(c) => {
                // The targets the largest staffing misses on its mean, with its estimate.
                let missed: Vec<String> = targets
                    .iter()
                    .zip(&o.points[c].estimates)
                    .filter(|(t, s)| match t.direction {
                        Direction::AtLeast => s.mean < t.value,
                        Direction::AtMost => s.mean > t.value,
                    })
                    .map(|(t, s)| format!("{t}{}", lang.aside(&table::num(s.mean))))
                    .collect();
                sayln!(
                    "\n{}",
                    lang.fill(
                        "No point of the ranges meets every target: even the largest staffing ({point}) fails on {r} replications, missing {missed}. Staffing more never hurting, the search stopped there; widen the ranges or ease the targets.",
                        &[
                            ("point", &o.label(c)),
                            ("r", &o.points[c].replications.to_string()),
                            ("missed", &missed.join(lang.t(", "))),
                        ]
                    )
                )
            }
            None => sayln!(
                "\n{}",
                lang.t("No point of the ranges meets every target at its 95% bound.")
            ),
        },
    }
    if let Some((t, searched)) = today {
        let estimates: Vec<String> = targets
            .iter()
            .zip(&t.estimates)
            .map(|(target, s)| {
                let subject = if target.subject.is_empty() {
                    String::new()
                } else {
                    format!(":{}", target.subject)
                };
                format!(
                    "{}:{}{subject} {}",
                    target.class,
                    target.metric,
                    table::num(s.mean)
                )
            })
            .collect();
        let sizes = o
            .dims
            .iter()
            .zip(&t.sizes)
            .map(|(d, s)| format!("{}={s}", d.path))
            .collect::<Vec<_>>()
            .join(" ");
        let estimates = if estimates.is_empty() {
            String::new()
        } else {
            lang.aside(&estimates.join(lang.t(", ")))
        };
        // Stopped early as unable to meet: said so, not as undecided.
        let verdict = if t.decided_by == "cannot meet" {
            lang.fill(
                "cannot meet every target at its 95% bound on {r} replications",
                &[("r", &o.replications.to_string())],
            )
        } else {
            t.verdict.label(lang).to_string()
        };
        sayln!(
            "{}",
            lang.fill(
                if t.verdict == Verdict::Unstable {
                    "Today's staffing ({sizes}) is over capacity (an offered load at or above its staff): not simulated."
                } else if searched {
                    "Today's staffing ({sizes}), a point of the search, on {r} replications: {verdict}{estimates}"
                } else {
                    "Today's staffing ({sizes}), evaluated after the search, on {r} replications: {verdict}{estimates}"
                },
                &[
                    ("sizes", &sizes),
                    ("r", &t.replications.to_string()),
                    ("verdict", &verdict),
                    ("estimates", &estimates),
                ]
            )
        );
    }
    if today.is_none() {
        sayln!(
            "{}",
            lang.t("Today's staffing was not evaluated: the replication budget ran out first.")
        );
    }
    let grid = o.grid_points.saturating_mul(u64::from(o.replications));
    sayln!(
        "{}",
        lang.fill(
            "{points} points evaluated with {used} replications in {seconds} s ({share} of the {grid} a full grid of {grid_points} points × {r} would run).",
            &[
                ("points", &o.points.len().to_string()),
                ("used", &o.replications_used.to_string()),
                ("seconds", &format!("{seconds:.1}")),
                (
                    "share",
                    &share(o.replications_used as f64 / grid.max(1) as f64)
                ),
                ("grid", &big(grid as f64)),
                ("grid_points", &big(o.grid_points as f64)),
                ("r", &o.replications.to_string()),
            ]
        )
    );
    if o.best.is_some() {
        sayln!(
            "{}",
            lang.t(if o.best.is_some_and(|b| o.points[b].sizes.iter().zip(&o.dims).all(|(&s, d)| s <= d.lo)) {
            "Confirmed: no point is cheaper, as every pool is at the low end of its range or at its load bound (with fewer staff it could not keep up with its work)."
        } else if o.confirmed && o.undecided.is_empty() {
            "Confirmed: every cheaper point that cannot take one more member of staff fails (so, staffing more never hurting, every cheaper point fails)."
        } else if o.confirmed {
            "Not confirmed: every cheaper point that cannot take one more member of staff was checked, and none meets every target at its bound, but some stayed undecided (below)."
        } else if o.out_of_budget {
            "Not confirmed: the budget ended before the cheaper points were all checked."
        } else {
            "Not confirmed over all cheaper points (too many, or the budget ended): only the neighbours reached by the local moves were checked."
            })
        );
    }
    if o.out_of_budget {
        sayln!(
            "{}",
            lang.t(
                "The replication budget ran out: raise --budget-replications for a surer answer."
            )
        );
    }
    if !o.undecided.is_empty() {
        // As changes from the answer when there is one: a point of eleven pools differs
        // from it in two or three.
        let first = o
            .undecided
            .iter()
            .take(3)
            .map(|&i| match o.best {
                Some(b) => o.changes_from(b, i, lang.t(", ")),
                None => o.label(i),
            })
            .collect::<Vec<_>>()
            .join(lang.t("; "));
        let more = match o.undecided.len() {
            n if n > 3 => lang.fill(
                "; and {n} more (optimize.json)",
                &[("n", &(n - 3).to_string())],
            ),
            _ => String::new(),
        };
        sayln!(
            "{}",
            lang.fill(
                if o.best.is_some() {
                    "Undecided, as changes from the answer (neither meets nor fails the targets at its 95% bound; more replications would tell): {points}{more}"
                } else {
                    "Undecided (neither meets nor fails the targets at its 95% bound; more replications would tell): {points}{more}"
                },
                &[("points", &first), ("more", &more)]
            )
        );
    }
    let fails = o
        .points
        .iter()
        .filter(|p| p.verdict == Verdict::Fails)
        .count();
    let by = |how: &str| o.points.iter().filter(|p| p.decided_by == how).count();
    let (early, cannot) = (by("99% interval"), by("cannot meet"));
    let text = if cannot == 0 {
        "{fails} points fail ({early} of them decided early on a 99% interval)."
    } else {
        "{fails} points fail ({early} of them decided early on a 99% interval); {cannot} more stopped early, as the replications left could not bring them to a target's bound."
    };
    let n = |x: usize| x.to_string();
    sayln!(
        "{}",
        lang.fill(
            text,
            &[
                ("fails", &n(fails)),
                ("early", &n(early)),
                ("cannot", &n(cannot))
            ]
        )
    );
}

/// A share as a percentage, with the digits a small one needs.
fn share(x: f64) -> String {
    let pct = 100.0 * x;
    if x >= 0.001 || pct <= 0.0 || !pct.is_finite() {
        format!("{}%", expansim::report::percent_of(x, 1))
    } else if pct < 0.001 {
        // Beyond three zeros, as the grid's counts are written: 7.0e-7%.
        format!("{pct:.1e}%")
    } else {
        // Two significant digits, written out: 0.032%, not 3.2e-2%.
        let decimals = (1 - pct.log10().floor() as i32).clamp(1, 12) as usize;
        format!("{pct:.decimals$}%")
    }
}

/// A count, in scientific notation beyond a million.
fn big(x: f64) -> String {
    if x >= 1e6 {
        format!("{x:.2e}")
    } else {
        format!("{x:.0}")
    }
}
