//! `merge`: the folders of the shards of one run (or sweep) into the results of one machine,
//! byte for byte.

use std::path::{Path, PathBuf};

use crate::error::{Error, UsageError};
use crate::export::manifest::{Manifest, SweepInfo};
use crate::export::{self, OutputDir};
use crate::replication::RunResult;
use crate::study::{Outcome, Study};

/// What a merge wrote.
#[derive(Debug)]
pub enum Merged {
    /// Shards of a sweep: the merged `sweep.csv`, and the sweep to judge it by.
    Sweep {
        /// The merged sweep.csv.
        file: PathBuf,
        /// The sweep the shards ran.
        plan: crate::sweep::Plan,
        /// The study it swept.
        study: Box<Study>,
    },
    /// Shards of a run or comparison.
    Run {
        /// Number of shards.
        shards: usize,
        /// Replications of the whole run.
        replications: u32,
        /// Variants run.
        variants: Vec<String>,
    },
}

/// Checks that `dirs` are all the shards of one run (same version, scenario, seed,
/// replications, variants and sweep; every shard number once) and writes the combined
/// results into `out_dir` (refused if not empty, unless `force`). `command_line` is
/// recorded in the merged run.json.
pub fn merge(
    dirs: &[PathBuf],
    out_dir: &Path,
    force: bool,
    command_line: Vec<String>,
) -> Result<(Merged, PathBuf), Error> {
    // The merged result never replaces a shard it is made of, --force or not.
    if let Some(d) = dirs.iter().find(|d| export::same_folder(d, out_dir)) {
        return Err(UsageError(format!(
            "--out {out} is the shard '{dir}' being merged; write the merged result to a folder of its own, e.g. --out merged",
            out = out_dir.display(),
            dir = d.display()
        ))
        .into());
    }
    // Every folder's problems at once: an unreadable one is one problem among the others.
    let mut problems = Vec::new();
    let mut shards: Vec<(Manifest, PathBuf)> = Vec::new();
    for d in dirs {
        match Manifest::read(&d.join("run.json")) {
            Ok(m) => shards.push((m, d.clone())),
            Err(e) => problems.push(e.0),
        }
    }
    let refuse = |problems: Vec<String>| Err(refused(&problems).into());
    let Some((first, first_dir)) = shards.first().cloned() else {
        return refuse(problems);
    };
    let Some(count) = first.shard.map(|s| s.count) else {
        problems.push(format!(
            "'{dir}' is not a shard (its run had no --shard)",
            dir = first_dir.display()
        ));
        return refuse(problems);
    };
    for (k, (m, d)) in shards.iter().enumerate() {
        // A folder given twice is said once, as a shard given twice.
        if shards[..k].iter().any(|(_, e)| export::same_folder(d, e)) {
            continue;
        }
        if !m.complete {
            problems.push(crate::study::interrupted_folder(d, m));
        } else {
            // The results themselves, said with the rest (read in full below).
            let data = d.join(if first.sweep.is_some() {
                "sweep.csv"
            } else {
                "replications.csv"
            });
            if !data.is_file() {
                problems.push(format!(
                    "'{file}' is missing: the shard's results are incomplete; run that shard again",
                    file = data.display()
                ));
            }
        }
        let mut differ = |why: &str, there: String, here: String| {
            if there != here {
                problems.push(format!(
                    "'{dir}' has another {why} than '{first}' ({values})",
                    dir = d.display(),
                    first = first_dir.display(),
                    values = format_args!("{there} ≠ {here}")
                ));
            }
        };
        differ(
            "expansim version",
            m.expansim_version.clone(),
            first.expansim_version.clone(),
        );
        differ("seed", m.seed.to_string(), first.seed.to_string());
        differ(
            "number of replications",
            m.replications.to_string(),
            first.replications.to_string(),
        );
        differ(
            "list of variants",
            m.variants.join(","),
            first.variants.join(","),
        );
        let shard_count = |m: &Manifest| m.shard.map_or("–".to_string(), |s| s.count.to_string());
        differ("shard count", shard_count(m), shard_count(&first));
        // The settings the two scenarios differ in, but for those said above.
        let mut settings = Vec::new();
        settings_apart("", &m.scenario, &first.scenario, &mut settings);
        settings.retain(|(path, _)| path != "scenario.seed" && path != "scenario.replications");
        if !settings.is_empty() {
            const SHOWN: usize = 5;
            let mut list: Vec<String> = settings
                .iter()
                .take(SHOWN)
                .map(|(path, values)| format!("{path}: {values}"))
                .collect();
            if settings.len() > SHOWN {
                list.push(format!("+{}", settings.len() - SHOWN));
            }
            problems.push(format!(
                "'{dir}' has another scenario than '{first}' ({settings})",
                dir = d.display(),
                first = first_dir.display(),
                settings = list.join("; ")
            ));
        } else if m.scenario_sha256 != first.scenario_sha256 && m.scenario != first.scenario {
            problems.push(format!(
                "'{dir}' has another {why} than '{first}'",
                why = "scenario (SHA-256 and settings)",
                dir = d.display(),
                first = first_dir.display(),
            ));
        }
        // By content: a resumed shard names its files by their full path.
        let hashes = |m: &Manifest| {
            let mut h: Vec<String> = m.inputs_sha256.values().cloned().collect();
            h.sort();
            h
        };
        // Shards of a version that did not record them are not told apart by them.
        let recorded = !m.inputs_sha256.is_empty() && !first.inputs_sha256.is_empty();
        if recorded && hashes(m) != hashes(&first) {
            problems.push(format!(
                "'{dir}' has another {why} than '{first}'",
                why = "file of arrivals (SHA-256)",
                dir = d.display(),
                first = first_dir.display(),
            ));
        }
        if m.sweep != first.sweep {
            // What differs: the variant swept, the --vary or the --target lists.
            let list = |s: &Option<SweepInfo>, pick: fn(&SweepInfo) -> String| {
                s.as_ref().map_or("–".to_string(), pick)
            };
            let mut apart = Vec::new();
            for (what, pick) in [
                (
                    "--variant",
                    (|s: &SweepInfo| s.variant.clone().unwrap_or_else(|| "–".to_string()))
                        as fn(&SweepInfo) -> String,
                ),
                ("--vary", |s: &SweepInfo| s.vary.join(" ")),
                ("--target", |s: &SweepInfo| s.targets.join(" ")),
            ] {
                let (there, here) = (list(&m.sweep, pick), list(&first.sweep, pick));
                if there != here {
                    apart.push(format!("{what}: {there} ≠ {here}"));
                }
            }
            problems.push(format!(
                "'{dir}' has another {why} than '{first}' ({values})",
                why = "sweep",
                dir = d.display(),
                first = first_dir.display(),
                values = apart.join("; ")
            ));
        }
    }
    // The folders that hold each shard, as given.
    let mut seen: Vec<Vec<&Path>> = vec![Vec::new(); count as usize];
    for (m, d) in &shards {
        if let Some(s) = m.shard
            && s.index < count
        {
            seen[s.index as usize].push(d);
        }
    }
    let missing: Vec<String> = (0..count)
        .filter(|&k| seen[k as usize].is_empty())
        .map(|k| format!("{k}/{count}"))
        .collect();
    // Named with the folders that claim it: a copied folder whose run.json was edited.
    let doubled: Vec<String> = (0..count)
        .filter(|&k| seen[k as usize].len() > 1)
        .map(|k| {
            let dirs: Vec<String> = seen[k as usize]
                .iter()
                .map(|d| format!("'{}'", d.display()))
                .collect();
            format!("{k}/{count} ({})", dirs.join(", "))
        })
        .collect();
    if !missing.is_empty() {
        let shards = missing.join(", ");
        problems.push(if missing.len() > 1 {
            format!("missing shards: {shards}")
        } else {
            format!("missing shard: {shards}")
        });
    }
    if !doubled.is_empty() {
        let shards = doubled.join(", ");
        problems.push(format!("shard given twice: {shards}"));
    }
    if !problems.is_empty() {
        return refuse(problems);
    }
    shards.sort_by_key(|(m, _)| m.shard.map_or(0, |s| s.index));
    let out = OutputDir::prepare(out_dir, force)?;
    let bom = |p: &Path| std::fs::read(p).map(|b| b.starts_with(b"\xef\xbb\xbf"));
    let with_bom = bom(&shards[0].1.join(if first.sweep.is_some() {
        "sweep.csv"
    } else {
        "summary.csv"
    }))
    .unwrap_or(false);
    let out = out.with_bom(with_bom);
    let study = Study::from_manifest(&first)?;
    let mut merged = first.clone();
    merged.shard = None;
    merged.command_line = command_line;
    merged.started = shards
        .iter()
        .map(|(m, _)| m.started.clone())
        .min()
        .unwrap_or_default();
    merged.finished = shards
        .iter()
        .map(|(m, _)| m.finished.clone())
        .max()
        .unwrap_or_default();
    // Each shard's warnings (of a sweep, its points' own), once.
    merged.warnings = Vec::new();
    for w in shards.iter().flat_map(|(m, _)| &m.warnings) {
        if !merged.warnings.contains(w) {
            merged.warnings.push(w.clone());
        }
    }
    merged.events = shards.iter().map(|(m, _)| m.events).sum();
    merged.cases = shards.iter().map(|(m, _)| m.cases).sum();
    let input = |file: &Path, e: &dyn std::fmt::Display| Error::Input {
        file: file.display().to_string(),
        message: e.to_string(),
    };
    let what = if let Some(info) = &first.sweep {
        let vary: Vec<crate::sweep::Vary> = info
            .vary
            .iter()
            .map(|v| crate::sweep::parse_vary(v).map_err(UsageError))
            .collect::<Result<_, _>>()?;
        let targets: Vec<crate::sweep::Target> = info
            .targets
            .iter()
            .map(|t| crate::sweep::parse_target(t).map_err(UsageError))
            .collect::<Result<_, _>>()?;
        // Named by key, as the shards' files are (`--vary pools.设计审查=...` is
        // `pools.reviewer`).
        let paths: Vec<String> = vary
            .iter()
            .map(|v| crate::scenario::set::by_key(&study.variants[0].document, &v.path))
            .collect();
        let io = |e: std::io::Error| crate::error::ExportError::Io {
            file: out.path().join("sweep.csv").display().to_string(),
            error: e,
        };
        let plan = crate::sweep::plan(&study, &vary, &targets)?;
        let mut sweep_csv =
            export::csv::SweepWriter::new(out.create("sweep.csv")?, &paths, &targets);
        let mut columns = crate::sweep::leading_columns(&paths, &targets);
        columns.extend(export::csv::SUMMARY_HEADER.map(String::from));
        // Every shard's problems at once.
        let mut problems = Vec::new();
        let mut all_rows = Vec::new();
        for (m, d) in &shards {
            let file = d.join("sweep.csv");
            let text = export::open_csv(&file).map_err(|e| input(&file, &e))?;
            let rows = csv::ReaderBuilder::new()
                .flexible(true)
                .from_reader(text)
                .records()
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| input(&file, &e))?;
            // The rows must be those of the shard's points, each once, each a result.
            let slice = m.shard.map_or(0..plan.points.len() as u32, |s| {
                s.slice(plan.points.len() as u32)
            });
            let expected = &plan.points[slice.start as usize..slice.end as usize];
            let why = rows
                .iter()
                .enumerate()
                .find_map(|(i, r)| {
                    sweep_row_problem(r, &columns, paths.len(), targets.len())
                        .map(|why| format!("line {line}: {why}", line = i + 2))
                })
                .or_else(|| sweep_rows_missing(&rows, expected, paths.len(), targets.len()));
            match why {
                Some(why) => problems.push(format!(
                    "'{file}' does not hold the rows of shard {shard}: {why}; run that shard again",
                    file = file.display(),
                    shard = m.shard.map_or("0/1".to_string(), |s| s.to_string())
                )),
                None => all_rows.push(rows),
            }
        }
        cannot_merge(problems)?;
        for r in all_rows.iter().flatten() {
            sweep_csv.row(r).map_err(io)?;
        }
        sweep_csv.finish().map_err(io)?.commit()?;
        out.write("run.json", &merged.to_bytes())?;
        Merged::Sweep {
            file: out.path().join("sweep.csv"),
            plan,
            study: Box::new(study),
        }
    } else {
        let mut results: Vec<RunResult> = study
            .variants
            .iter()
            .map(|v| RunResult::empty(&v.model))
            .collect();
        // Every shard's problems at once.
        let mut problems = Vec::new();
        for (m, d) in &shards {
            let file = d.join("replications.csv");
            let bytes = std::fs::read(&file).map_err(|e| input(&file, &e))?;
            let text = export::strip_bom(&bytes);
            let before: Vec<usize> = results.iter().map(|r| r.replications.len()).collect();
            if let Err(why) = export::csv::read_replications(text, &study.variants, &mut results) {
                problems.push(format!(
                    "'{file}' does not match its run.json: {why}",
                    file = file.display()
                ));
                continue;
            }
            // Every replication of the shard's slice, for every variant, and no other.
            let expected: Vec<u32> = m.shard.map_or(0..0, |s| s.slice(m.replications)).collect();
            for ((v, r), from) in study.variants.iter().zip(&results).zip(before) {
                let got = export::csv::replications_from(r, from);
                if got != expected.as_slice() {
                    let found = format!("{got:?}");
                    let expected = format!("{expected:?}");
                    problems.push(format!(
                        "'{file}' holds replications {found} of variant {variant}, but its run.json says shard {shard} has {expected}; the file is incomplete or from another run",
                        file = file.display(),
                        variant = v.name,
                        shard = m.shard.map_or(String::new(), |s| s.to_string())
                    ));
                    break;
                }
            }
        }
        cannot_merge(problems)?;
        let mut outcome = Outcome {
            results,
            precision: None,
            complete: true,
            warnings: study.warnings(),
        };
        // Censoring is counted over all the shards' replications, not shard 0's.
        outcome
            .warnings
            .extend(outcome.censoring_warnings(&study, crate::study::CENSORED));
        outcome
            .warnings
            .extend(merged.uncovered_dates.iter().map(ToString::to_string));
        merged.warnings = outcome.warnings.clone();
        let views = outcome.views(&study);
        out.write("summary.csv", &export::csv::summary(&views))?;
        out.write("replications.csv", &export::csv::replications(&views))?;
        if study.variants.len() > 1 && shards[0].1.join("comparison.csv").exists() {
            out.write(
                "comparison.csv",
                &export::csv::comparison(&outcome.comparison(&study)),
            )?;
        }
        out.write("run.json", &merged.to_bytes())?;
        Merged::Run {
            shards: shards.len(),
            replications: merged.replications,
            variants: first.variants.clone(),
        }
    };
    Ok((what, out.commit()?))
}

/// The refusal of a merge with `problems`, saying all of them.
fn refused(problems: &[String]) -> UsageError {
    let mut text = "cannot merge:".to_string();
    for p in problems {
        text.push_str("\n  - ");
        text.push_str(p);
    }
    UsageError(text)
}

/// [`refused`] when there are `problems`.
fn cannot_merge(problems: Vec<String>) -> Result<(), UsageError> {
    match problems.is_empty() {
        true => Ok(()),
        false => Err(refused(&problems)),
    }
}

/// Why a row of a shard's sweep.csv with `columns` (`paths` values, then cost and
/// verdicts, then a summary row) cannot be a result, or `None` if it can: a row cut off or
/// a value that no sweep writes (a verdict without targets, a number that is not finite).
fn sweep_row_problem(
    r: &csv::StringRecord,
    columns: &[String],
    paths: usize,
    targets: usize,
) -> Option<String> {
    use crate::sweep::Verdict;
    if r.len() != columns.len() {
        return Some(format!(
            "it has {n} cells where the header has {all} (the file is cut off or was edited)",
            n = r.len(),
            all = columns.len()
        ));
    }
    let cell = |i: usize| r.get(i).unwrap_or_default();
    let bad = |column: &str, text: &str| {
        Some(format!(
            r#"the value "{text}" in column {column} cannot be a result; the file was edited"#
        ))
    };
    let number = |text: &str| text.is_empty() || text.parse::<f64>().is_ok_and(f64::is_finite);
    if !cell(paths).parse::<f64>().is_ok_and(f64::is_finite) {
        return bad(&columns[paths], cell(paths));
    }
    let verdicts = [
        Verdict::Meets,
        Verdict::Undecided,
        Verdict::Fails,
        Verdict::Unstable,
    ];
    let unstable = cell(paths + 1) == Verdict::Unstable.name();
    let verdict_columns = columns
        .iter()
        .zip(r.iter())
        .skip(paths + 1)
        .take(targets + 1);
    for (column, text) in verdict_columns {
        let known = if targets == 0 && !unstable {
            text.is_empty()
        } else {
            verdicts.iter().any(|v| v.name() == text)
        };
        if !known {
            return bad(column, text);
        }
    }
    // After the variant, class, metric, subject and unit: the numbers.
    (paths + 2 + targets + 5..columns.len())
        .find(|&i| !number(cell(i)))
        .and_then(|i| bad(&columns[i], cell(i)))
}

/// Why `rows` of a shard's sweep.csv are not those of its `points` (each with the same
/// number of rows, no row twice), or `None` if they are. A point's rows begin with its
/// values, cost and verdict; `(class, metric, subject)` follow each target's verdict and
/// the variant.
fn sweep_rows_missing(
    rows: &[csv::StringRecord],
    points: &[crate::sweep::PointInfo],
    paths: usize,
    targets: usize,
) -> Option<String> {
    use std::collections::{BTreeMap, BTreeSet};
    let at = paths + 2 + targets;
    let mut per_point: BTreeMap<Vec<&str>, usize> = BTreeMap::new();
    let mut seen: BTreeSet<Vec<&str>> = BTreeSet::new();
    for r in rows {
        let values: Vec<&str> = (0..paths).map(|i| r.get(i).unwrap_or_default()).collect();
        let mut key = values.clone();
        key.extend((1..=3).map(|i| r.get(at + i).unwrap_or_default()));
        if !seen.insert(key) {
            return Some(format!(
                "a row of point {point} is there twice",
                point = values.join(" ")
            ));
        }
        *per_point.entry(values).or_default() += 1;
    }
    let wanted: BTreeSet<Vec<&str>> = points
        .iter()
        .map(|p| p.values.iter().map(String::as_str).collect())
        .collect();
    if let Some(p) = wanted.iter().find(|p| !per_point.contains_key(*p)) {
        return Some(format!("point {point} has no rows", point = p.join(" ")));
    }
    if let Some(p) = per_point.keys().find(|p| !wanted.contains(*p)) {
        return Some(format!(
            "point {point} is not one of the shard's",
            point = p.join(" ")
        ));
    }
    // Points that ran all report the same rows; one with fewer lost some. An unstable point
    // (found before or while it ran) has one row saying so.
    let unstable = crate::sweep::Verdict::Unstable.name();
    let stopped: BTreeSet<Vec<&str>> = rows
        .iter()
        .filter(|r| r.get(paths + 1) == Some(unstable))
        .map(|r| (0..paths).map(|i| r.get(i).unwrap_or_default()).collect())
        .collect();
    let most = per_point.values().copied().max().unwrap_or(0);
    per_point
        .iter()
        .find(|(p, n)| !stopped.contains(*p) && **n < most)
        .map(|(p, n)| {
            let point = p.join(" ");
            format!("point {point} has {n} rows, the others {most}")
        })
}

/// The settings in which scenario `a` differs from `b` (as run.json records them), each with
/// its two values (`5 ≠ 4`), by path below `at`.
fn settings_apart(
    at: &str,
    a: &serde_json::Value,
    b: &serde_json::Value,
    out: &mut Vec<(String, String)>,
) {
    use serde_json::Value;
    let below = |key: &str| {
        if at.is_empty() {
            key.to_string()
        } else {
            format!("{at}.{key}")
        }
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let none = Value::Null;
                settings_apart(
                    &below(k),
                    x.get(k).unwrap_or(&none),
                    y.get(k).unwrap_or(&none),
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                settings_apart(&format!("{at}[{i}]"), p, q, out);
            }
        }
        _ if a != b => {
            let shown = |v: &Value| match v {
                Value::Null => "–".to_string(),
                other => crate::error::clip(&other.to_string()).into_owned(),
            };
            out.push((at.to_string(), format!("{} ≠ {}", shown(a), shown(b))));
        }
        _ => {}
    }
}
