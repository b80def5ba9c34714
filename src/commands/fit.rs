//! `expansim fit`: writes the scenario fitted to event logs, says what it found and, with
//! `--check`, how the fitted scenario's simulation compares with the log.

use expansim::calendar::Period;
use expansim::cli::Command;
use expansim::error::{ExportError, UsageError};
use expansim::export::OutputDir;
use expansim::fit::{self, Check, log::Columns};
use expansim::i18n::Lang;
use expansim::output::table::align;
use expansim::study::Progress;

use super::{outln, sayln};

/// Runs `expansim fit` as parsed.
pub fn fit(command: Command) -> anyhow::Result<()> {
    let Command::Fit {
        logs,
        out,
        force,
        case,
        activity,
        start,
        end,
        enabled,
        resource,
        class,
        timezone,
        office_timezone,
        encoding,
        check,
        report,
        replications,
        quiet,
        lang,
    } = command
    else {
        return Ok(());
    };
    // Refused before the work: files that would be overwritten, a bad zone.
    let same = |a: &std::path::Path, b: &std::path::Path| {
        let canon = |p: &std::path::Path| {
            std::fs::canonicalize(folder(p)).map(|d| d.join(p.file_name().unwrap_or_default()))
        };
        match (canon(a), canon(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => a == b,
        }
    };
    for (flag, f) in
        std::iter::once(("--out", &out)).chain(report.as_ref().map(|r| ("--report", r)))
    {
        // A log is the user's record: never replaced, even with --force.
        if let Some(log) = logs.iter().find(|l| same(f, l)) {
            anyhow::bail!(UsageError(format!(
                "'{file}' is one of the logs being fitted; write the scenario and the page to files of their own, e.g. --out fitted.toml",
                file = log.display()
            )));
        }
        if f.is_dir() {
            anyhow::bail!(UsageError(format!(
                "'{file}' is a folder; give a file name",
                file = f.display()
            )));
        }
        if f.exists() && !force {
            anyhow::bail!(ExportError::Exists {
                file: f.display().to_string()
            });
        }
        let dir = f.parent().filter(|d| !d.as_os_str().is_empty());
        if let Some(d) = dir.filter(|d| !d.is_dir()) {
            anyhow::bail!(UsageError(format!(
                "{flag} {file}: there is no folder '{dir}'; create it first, or name a file in an existing folder",
                file = f.display(),
                dir = d.display()
            )));
        }
    }
    if let Some(r) = &report
        && same(r, &out)
    {
        anyhow::bail!(UsageError(format!(
            "--report {file} is the scenario file --out names; give the page its own name, e.g. fit.html",
            file = r.display()
        )));
    }
    let zones = match (
        fit::log::parse_zone(&timezone),
        fit::log::parse_zone(&office_timezone),
    ) {
        (Ok(naive), Ok(office)) => fit::log::Zones { naive, office },
        (naive, office) => {
            let problems: Vec<String> = [
                naive.err().map(|why| format!("--timezone: {why}")),
                office.err().map(|why| format!("--office-timezone: {why}")),
            ]
            .into_iter()
            .flatten()
            .collect();
            anyhow::bail!(UsageError(problems.join("\n")));
        }
    };
    let columns = Columns {
        case,
        activity,
        start,
        end,
        enabled,
        resource,
        class,
        encoding,
    };
    let paths: Vec<&std::path::Path> = logs.iter().map(|p| p.as_path()).collect();
    let lang = lang.unwrap_or_else(Lang::from_env);
    let fitted = fit::fit(&paths, &columns, zones, lang)?;
    write_file(&out, fitted.text.as_bytes())?;
    let log = &fitted.log;
    let m = &fitted.model;
    outln!(
        "{}",
        lang.fill(
            "Read {records} activity instances of {cases} cases ({rows} rows; {unused} not used: {missing} missing a field, {reversed} ending before they start, {unpaired} unpaired, {other} of another lifecycle transition than start or complete, {duplicates} exact duplicates, {misshapen} with more fields than the header)",
            &[
                ("records", &log.given_records().to_string()),
                ("cases", &log.cases.len().to_string()),
                ("rows", &log.rows.to_string()),
                ("unused", &log.skipped.total().to_string()),
                ("missing", &log.skipped.missing.to_string()),
                ("reversed", &log.skipped.end_before_start.to_string()),
                ("unpaired", &log.skipped.unpaired.to_string()),
                ("other", &log.skipped.other_transition.to_string()),
                ("duplicates", &log.skipped.duplicates.to_string()),
                ("misshapen", &log.skipped.misshapen.to_string()),
            ]
        )
    );
    for e in &log.skipped.examples {
        outln!(
            "  {}",
            lang.fill("e.g. {example}", &[("example", &lang.translate(e))])
        );
    }
    // U+FFFD stands where a tool could not read a character: once saved, the text is lost.
    // (The log's own names: not the hand-offs and routing steps found in it, named after them.)
    let found = |i: usize| {
        let i = i as u32;
        log.handoff_activities.contains(&i) || log.route_activities.contains(&i)
    };
    let damaged: Vec<&String> = log
        .activities
        .iter()
        .enumerate()
        .filter_map(|(i, a)| (!found(i)).then_some(a))
        .chain(&log.classes)
        .chain(&log.resources)
        .filter(|name| name.contains('\u{fffd}'))
        .collect();
    if let Some(first) = damaged.first() {
        outln!(
            "{}",
            lang.fill(
                "Warning: names of activities, classes or resources hold the sign � ({n} of them; the first: {first}), which stands where a character could not be read: the file was read in another encoding than it was written in (give --encoding gb18030 or utf-8 as it is), or its text was lost so before it was saved (export the log again from the source system)",
                &[("n", &damaged.len().to_string()), ("first", first)]
            )
        );
    }
    if log.enabled_after_start > 0 {
        outln!(
            "{}",
            lang.fill(
                "Warning: {n} activity instances are enabled after they started; each is taken as ready when it started",
                &[("n", &log.enabled_after_start.to_string())]
            )
        );
    }
    if log.cut_cases != (0, 0) {
        outln!(
            "{}",
            lang.fill(
                "Left out, cut off by the log's period: {start} cases begun before it (their first step never starts a case that began later) and {end} still open at its end (their last step never ends a case that ended earlier)",
                &[
                    ("start", &log.cut_cases.0.to_string()),
                    ("end", &log.cut_cases.1.to_string()),
                ]
            )
        );
    }
    let unusable = log.cut_arrivals.iter().filter(|x| x.unusable).count();
    if unusable > 0 {
        outln!(
            "{}",
            lang.fill(
                "Left out: {n} cases with a row that could not be used, since their route would have a hole (a step missing, or a branch never taken); they count as arrivals",
                &[("n", &unusable.to_string())]
            )
        );
    }
    if let Some((span, reach)) = log.too_short {
        outln!(
            "{}",
            lang.fill(
                "Warning: the log spans {span} days, but the steps of one case can be {reach} days apart (the longest wait between two of its steps, plus the longest step): cases still open at its end cannot be told from finished ones, so they are taken as finished, which shortens lead times and adds exits where there are none; export a period of at least {need} days",
                &[
                    ("span", &days(span)),
                    ("reach", &days(reach)),
                    ("need", &format!("{:.0}", (2.0 * reach).ceil().max(1.0))),
                ]
            )
        );
    }
    if let Some(warning) = expansim::fit::write::several_runs(log, lang) {
        outln!("{}", lang.fill("warning: {text}", &[("text", &warning)]));
    }
    for file in &log.ends_only {
        outln!(
            "{}",
            lang.fill(
                "'{file}' has no start column (none named {names}): its rows are read as ends, each start estimated; if it has one, name it with --start",
                &[("file", file), ("names", &expansim::fit::log::START.join(", "))]
            )
        );
    }
    if log.estimated_starts > 0 {
        let n = log.estimated_starts.to_string();
        let text = if log.start_events == 0 {
            lang.fill(
                "The log has no start events: every start ({n} activity instances) is estimated as the later of the end of the case's previous activity and the end of the same resource's previous activity (for a case's first activity, the resource's previous end that day), so processing times are estimates",
                &[("n", &n)],
            )
        } else {
            lang.fill(
                "{n} activity instances had no start event: start estimated as the later of the end of the case's previous activity and the end of the same resource's previous activity (for a case's first activity, the resource's previous end that day)",
                &[("n", &n)],
            )
        };
        outln!("{text}");
    }
    for f in &log.gb18030 {
        outln!(
            "{}",
            lang.fill(
                "'{file}' is not UTF-8: read as GB18030 (GBK)",
                &[("file", f)]
            )
        );
    }
    let hours = match &m.office {
        Some(o) => {
            let periods = periods(&o.hours, lang);
            let holidays = if o.cn_holidays.is_empty() {
                String::new()
            } else {
                lang.fill(
                    ", Chinese public holidays ({files})",
                    &[("files", &o.cn_holidays.join(lang.t(", ")))],
                )
            };
            lang.fill(
                "office hours {periods} on {days} days a week{holidays}",
                &[
                    ("periods", &periods),
                    ("days", &o.days.len().to_string()),
                    ("holidays", &holidays),
                ],
            )
        }
        None => match m.no_office {
            Some(why) => lang.fill("work around the clock ({why})", &[("why", lang.t(why))]),
            None => lang.t("work around the clock").to_string(),
        },
    };
    outln!(
        "{}",
        lang.fill(
            "Found {classes} classes, {stages} stages, {pools} pools ({staff} staff), {hours}",
            &[
                ("classes", &m.classes.len().to_string()),
                ("stages", &m.stages.len().to_string()),
                ("pools", &m.pools.len().to_string()),
                (
                    "staff",
                    &m.pools.iter().map(|p| p.size).sum::<u32>().to_string()
                ),
                ("hours", &hours),
            ]
        )
    );
    if let Some(o) = m.office.as_ref().filter(|o| at_night(&o.hours)) {
        outln!("{}", lang.fill(
            "Warning: the office hours found ({periods}) lie mostly at night: if the log's times without an offset are not on the office's clock (UTC, or another zone), give the zone they are in with --timezone (now {zone}); if the office's clock is not {office}, give it with --office-timezone; then fit again",
            &[("periods", &periods(&o.hours, lang)), ("zone", &timezone), ("office", &office_timezone)]
        ));
    }
    if let Some(o) = m.office.as_ref().filter(|o| !o.uncovered_years.is_empty()) {
        outln!("{}", lang.fill(
            "Warning: no shipped Chinese holiday calendar covers {years} (they cover {covered}), so the fitted calendar has no public holidays in those years; if the office closed on them, list them under `holidays` in [calendars.office]",
            &[
                ("years", &years(&o.uncovered_years, lang)),
                ("covered", &years(&fit::discover::shipped_years(), lang)),
            ]
        ));
    }
    if let Some(o) = m.office.as_ref().filter(|o| !o.holidays_worked.is_empty()) {
        outln!(
            "{}",
            lang.fill(
                "Note: work on public holidays ({dates}) is taken as overtime; the fitted calendar keeps the Chinese public holidays closed",
                &[("dates", &fit::discover::dates_listed(&o.holidays_worked, lang))]
            )
        );
    }
    if log.handoffs_found > 0 {
        outln!(
            "{}",
            lang.fill(
                "Hand-offs: {n} gaps between one step's end and the next step's readiness, which queueing does not explain, are hand-off stages ({stages})",
                &[
                    ("n", &log.handoffs_found.to_string()),
                    (
                        "stages",
                        &log.handoff_activities
                            .iter()
                            .map(|&a| log.activities[a as usize].as_str())
                            .collect::<Vec<_>>()
                            .join(lang.t(", "))
                    ),
                ]
            )
        );
    }
    if m.sequenced_cases > 0 {
        outln!(
            "{}",
            lang.fill(
                "Warning: {n} of {cases} cases have work that overlaps in time outside a fork (one step done twice at once, such as two surveyors on one visit, or steps no fork of this scenario holds): it is sequenced by start, a step done twice at once counting as a repeat",
                &[
                    ("n", &m.sequenced_cases.to_string()),
                    ("cases", &log.cases.len().to_string()),
                ]
            )
        );
    }
    if log.colliding_cases > 0 {
        outln!(
            "{}",
            lang.fill(
                "Warning: {n} cases have rows in one file that fall within the time of their rows in another; a case id names one case in every file, so if the files number their cases each on their own (two offices' exports), the ids collide: fit them one at a time",
                &[("n", &log.colliding_cases.to_string())]
            )
        );
    }
    if let Some((case, first, other)) = &log.class_conflict {
        outln!(
            "{}",
            lang.fill(
                "Warning: cases with rows of more than one class: {n} (the first, case {case}: {first}, then {other}); each is taken as the first class its rows name",
                &[
                    ("n", &log.class_conflicts.to_string()),
                    ("case", case),
                    ("first", first),
                    ("other", other),
                ]
            )
        );
    }
    if log.unclassed > 0 {
        outln!(
            "{}",
            lang.fill(
                "Warning: {n} cases name no class on any row; they are the class customer",
                &[("n", &log.unclassed.to_string())]
            )
        );
    }
    if log.routes_found > 0 {
        let stages: Vec<&str> = log
            .route_activities
            .iter()
            .map(|&a| log.activities[a as usize].as_str())
            .collect();
        outln!(
            "{}",
            lang.fill(
                "Repeats: a step repeated, directly or through other steps, goes on more than one way after it ({stages}): its repeats are a rework loop by attempt, and the ways on a routing step of no time, passed {n} times",
                &[
                    ("n", &log.routes_found.to_string()),
                    ("stages", &stages.join(lang.t(", ")))
                ]
            )
        );
    }
    if let (n, Some((first, columns))) = &log.short_rows {
        outln!(
            "{}",
            lang.fill(
                "Warning: {n} rows end before the last columns of the header (the first: {first}); their {columns} are taken as empty",
                &[("n", &n.to_string()), ("first", first), ("columns", columns)]
            )
        );
    }
    if m.pools.is_empty() {
        outln!(
            "{}",
            lang.t("Warning: no activity names a member of staff, so every step is taken as the customer's or as elapsed time, with no staff and no queues; if the log says who did the work, name its column with --resource")
        );
    }
    for c in m
        .classes
        .iter()
        .filter(|c| c.arrivals < fit::discover::MIN_RATE_CASES)
    {
        outln!(
            "{}",
            lang.fill(
                "Warning: the arrival rate of class {class} rests on {n} cases, fewer than {min}: it is uncertain by about {pct} % (1/√n)",
                &[
                    ("class", &c.name),
                    ("n", &c.arrivals.to_string()),
                    ("min", &fit::discover::MIN_RATE_CASES.to_string()),
                    ("pct", &format!("{:.0}", 100.0 / (c.arrivals.max(1) as f64).sqrt())),
                ]
            )
        );
    }
    let file = out.display().to_string();
    outln!(
        "{}",
        lang.fill("Scenario written to {file}", &[("file", &file)])
    );
    // A pool the log loads to its capacity or beyond (its queue grew through the log's
    // period): the fitted scenario's queue grows without bound, and its check says little.
    let terminal = super::terminal(quiet, lang, true);
    for w in fitted.study.warnings() {
        terminal.warning(&w);
    }
    if check || report.is_some() {
        // The check keeps every simulated case of its replications in memory.
        let cases = fitted.study.cases_per_replication() * f64::from(replications);
        if cases > fit::MAX_CHECK_CASES {
            anyhow::bail!(UsageError(format!(
                "the scenario is written, but checking it would simulate about {cases} cases ({replications} replications), more than the {max} the check holds in memory: use fewer with -r, or run the scenario with expansim run",
                cases = format_args!("{cases:.2e}"),
                max = format_args!("{:.0e}", fit::MAX_CHECK_CASES)
            )));
        }
        let result = fit::check(&fitted, replications, &terminal);
        if terminal.stopped() {
            anyhow::bail!(super::interrupt::Interrupted {
                message: "interrupted: the check did not finish; the scenario is written".into()
            });
        }
        print_check(&result, lang);
        if let Some(path) = &report {
            let html = fit::page::html(&fitted, &result, lang);
            write_file(path, html.as_bytes())?;
            outln!(
                "{}",
                lang.fill(
                    "Report written to {file}",
                    &[("file", &path.display().to_string())]
                )
            );
        }
    }
    Ok(())
}

/// The folder `path` is in (`.` for a bare file name).
fn folder(path: &std::path::Path) -> std::path::PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    }
}

/// Writes `bytes` to the file `path` atomically (checked before the work: it names a file).
fn write_file(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    OutputDir::prepare_existing(&folder(path)).write(&name, bytes)?;
    Ok(())
}

/// The check's tables in `lang`: lead times per class, then times per activity.
fn print_check(c: &Check, lang: Lang) {
    outln!(
        "\n{}",
        lang.fill(
            "Lead time (days), log against {n} simulated replications of the fitted scenario",
            &[("n", &c.replications.to_string())]
        )
    );
    outln!("{}", align(&c.class_table(lang)));
    outln!(
        "{}",
        lang.t(
            "Per activity: visits per case, mean waiting and mean processing (hours from start to end, nights and weekends included), log / simulated"
        )
    );
    outln!("{}", align(&c.activity_table(lang)));
    if c.ready_estimated {
        sayln!("{}", lang.t(fit::READY_ESTIMATED));
    }
    outln!(
        "{}",
        lang.t(
            "CTD: the earth mover's distance between the log's and the simulation's lead-time distributions."
        )
    );
    sayln!(
        "{}",
        lang.t(
            "The simulated figures take the cases of all replications together as one sample, as the log is one; run and compare average the replications' own figures instead."
        )
    );
}

/// Days for people: whole from 10 up, one decimal below.
fn days(d: f64) -> String {
    if d >= 10.0 {
        format!("{d:.0}")
    } else if d >= 1.0 {
        format!("{d:.1}")
    } else {
        // Hours of a log that spans less than a day are not "0.0 days".
        format!("{:.2}", (d * 100.0).ceil() / 100.0)
    }
}

/// Years as a list (`2023, 2024`).
fn years(ys: &[i32], lang: Lang) -> String {
    ys.iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(lang.t(", "))
}

/// Open hours as a person reads them: 08:30-12:00, 13:30-17:30.
fn periods(hours: &[Period], lang: Lang) -> String {
    hours
        .iter()
        .map(|p| {
            format!(
                "{:02}:{:02}-{:02}:{:02}",
                p.start / 60,
                p.start % 60,
                p.end / 60,
                p.end % 60
            )
        })
        .collect::<Vec<_>>()
        .join(lang.t(", "))
}

/// Whether most of the open time is at night (before 06:00 or from 21:00): an office's
/// hours read in the wrong zone, such as UTC times read as Beijing time (08:30 is 00:30).
fn at_night(hours: &[Period]) -> bool {
    let (day_start, day_end) = (6 * 60, 21 * 60);
    let (mut day, mut all) = (0, 0);
    for p in hours {
        all += p.end - p.start;
        day += p.end.min(day_end).saturating_sub(p.start.max(day_start));
    }
    all > 0 && 2 * day < all
}
