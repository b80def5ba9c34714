//! `expansim sensitivity`: which inputs matter. Every numeric input is changed one at a time
//! (pool sizes by one member of staff; arrival rates, or the time between arrivals where a
//! class gives that, stage times and a class's own times at a stage by ± `delta`; rework and
//! branch probabilities, the stage's and each class's own, by ± `delta` relative, the other
//! branches renormalised; a class replaying a trace has no rate to change), each change
//! is run on the same replications as the unchanged scenario (common random numbers), and
//! the paired differences in lead time and in the share within the statutory limit are
//! ranked by size.

use crate::compare::{Row, paired};
use crate::error::{Problem, ScenarioError};
use crate::i18n::Lang;
use crate::replication::VariantResult;
use crate::report::TornadoRow;
use crate::scenario::model::{Arrival, Model, PoolLoad};
use crate::scenario::set::{apply_value, lookup, scaled, six_decimals as six};
use crate::scenario::{Variant, parse::model_from_table};
use crate::study::{Outcome, Study};

/// The metrics changes are ranked on: mean lead time and the share within the limit.
pub const METRICS: [&str; 2] = ["lead_time", "limit_met_share"];

/// One change of one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The input, as its scenario path (`pools.reviewer`, `stages.review.duration`).
    pub input: String,
    /// What kind of input it is (`staff`, `arrivals`, `time`, `rework`, `branch`).
    pub kind: &'static str,
    /// The change: `+1`, `-1`, `+20%`, `-20%`.
    pub step: String,
    /// The values set, by path.
    pub sets: Vec<(String, toml::Value)>,
}

impl Change {
    /// Its name as a variant of the study (`pools.reviewer +1`).
    pub fn name(&self) -> String {
        format!("{} {}", self.input, self.step)
    }
}

/// One change's effect on one class and metric.
#[derive(Debug, Clone)]
pub struct Effect<'a> {
    /// The change.
    pub change: &'a Change,
    /// The paired comparison with the unchanged scenario.
    pub row: &'a Row,
}

/// Every one-at-a-time change of `variant`'s inputs, `delta` the relative change of rates,
/// times and probabilities; and the changes that cannot be made, each with why (one of
/// [`LEFT_OUT`]).
pub fn changes(variant: &Variant, delta: f64) -> (Vec<Change>, Vec<(Change, &'static str)>) {
    let doc = &variant.document;
    let m = &variant.model;
    let mut out = Vec::new();
    let mut left_out = Vec::new();
    let no_change = |input: &str, kind, step: String| Change {
        input: input.to_string(),
        kind,
        step,
        sets: Vec::new(),
    };
    // `inverse`: the value is a time between arrivals, which a higher rate shortens.
    type LeftOut = Vec<(Change, &'static str)>;
    let scale = |(out, left_out): (&mut Vec<Change>, &mut LeftOut),
                 input: String,
                 kind,
                 value: &toml::Value,
                 inverse| {
        for (sign, f) in [("+", 1.0 + delta), ("-", 1.0 - delta)] {
            let factor = if inverse { 1.0 / f } else { f };
            // An input no change moves (a time of zero) is not an input; one this change
            // leaves as it is, written to six decimals, is left out and said so.
            let same = scaled(value, 1.0);
            match scaled(value, factor) {
                Some(v) if Some(&v) != same.as_ref() => out.push(Change {
                    input: input.clone(),
                    kind,
                    step: step(sign, delta),
                    sets: vec![(input.clone(), v)],
                }),
                Some(_) if scaled(value, 2.0) != same => {
                    left_out.push((no_change(&input, kind, step(sign, delta)), LEFT_OUT[1]));
                }
                _ => {}
            }
        }
    };
    for p in &m.pools {
        // The whole pool: a pool of member groups takes the change in its first group, and
        // cannot have fewer than its other groups' members.
        let least = p.groups.iter().skip(1).map(|g| g.count).sum::<u32>().max(1);
        let input = format!("pools.{}", p.name);
        for (step, s) in [("+1", p.size + 1), ("-1", p.size.wrapping_sub(1))] {
            if s == u32::MAX || s < least {
                left_out.push((no_change(&input, "staff", step.to_string()), LEFT_OUT[0]));
                continue;
            }
            out.push(Change {
                input: input.clone(),
                kind: "staff",
                step: step.to_string(),
                sets: vec![(input.clone(), toml::Value::Integer(i64::from(s)))],
            });
        }
    }
    if let Some(classes) = doc.get("classes").and_then(toml::Value::as_array) {
        for (c, class) in m.classes.iter().enumerate() {
            let written = classes.get(c);
            match class.arrival {
                Arrival::Poisson { .. } | Arrival::Varying(_) => {
                    if let Some(rate) = written.and_then(|t| t.get("arrival_rate")) {
                        let input = format!("classes.{}.arrival_rate", class.name);
                        scale((&mut out, &mut left_out), input, "arrivals", rate, false);
                    }
                }
                // The time between arrivals: a rate +delta divides it by 1 + delta.
                Arrival::Renewal(_) => {
                    if let Some(gap) = written.and_then(|t| t.get("arrival")) {
                        let input = format!("classes.{}.arrival", class.name);
                        scale((&mut out, &mut left_out), input, "arrivals", gap, true);
                    }
                }
                Arrival::Trace { .. } => {
                    let input = format!("classes.{}.arrivals", class.name);
                    for sign in ["+", "-"] {
                        let change = no_change(&input, "arrivals", step(sign, delta));
                        left_out.push((change, LEFT_OUT[3]));
                    }
                }
            }
        }
    }
    for st in &m.stages {
        let path = format!("stages.{}.duration", st.name);
        if let Some(d) = lookup(doc, &path) {
            scale((&mut out, &mut left_out), path, "time", d, false);
        }
        // A class's own time at the stage is an input of its own.
        let by_class = lookup(doc, &format!("stages.{}.by_class", st.name));
        for (class, table) in by_class
            .and_then(toml::Value::as_table)
            .into_iter()
            .flatten()
        {
            if let Some(d) = table.get("duration") {
                let path = format!("stages.{}.by_class.{class}.duration", st.name);
                scale((&mut out, &mut left_out), path, "time", d, false);
            }
        }
        // The stage's routing and each class's own: rework and branch probabilities.
        let own = by_class
            .and_then(toml::Value::as_table)
            .into_iter()
            .flatten();
        let routes = [(
            format!("stages.{}.next", st.name),
            lookup(doc, &format!("stages.{}.next", st.name)),
        )]
        .into_iter()
        .chain(own.map(|(class, table)| {
            (
                format!("stages.{}.by_class.{class}.next", st.name),
                table.get("next"),
            )
        }));
        for (path, next) in routes {
            if let Some(next) = next {
                probabilities((&mut out, &mut left_out), &path, next, delta);
            }
        }
    }
    (out, left_out)
}

/// The changes of one routing's rework or branch probabilities (`path`: a stage's `next`,
/// or a class's own at the stage), by its value in the document, `next`.
fn probabilities(
    (out, left_out): (&mut Vec<Change>, &mut Vec<(Change, &'static str)>),
    path: &str,
    next: &toml::Value,
    delta: f64,
) {
    let no_change = |input: &str, kind, step: String| Change {
        input: input.to_string(),
        kind,
        step,
        sets: Vec::new(),
    };
    if let Some(p) = next.get("rework").and(next.get("p")) {
        let path = format!("{path}.p");
        for (sign, f) in [("+", 1.0 + delta), ("-", 1.0 - delta)] {
            // At most 0.99: a loop taken for sure never ends.
            let up = |x: f64| (x * f).min(MAX_REWORK);
            let (v, label) = match p {
                // A probability of zero is not an input; one at the cap
                // cannot go up.
                toml::Value::Float(x) if *x == 0.0 => continue,
                toml::Value::Float(x) if up(*x) == *x => {
                    left_out.push((no_change(&path, "rework", step(sign, delta)), LEFT_OUT[2]));
                    continue;
                }
                toml::Value::Float(x) if six(up(*x)) == six(*x) => {
                    left_out.push((no_change(&path, "rework", step(sign, delta)), LEFT_OUT[1]));
                    continue;
                }
                // The change made, which the cap may make smaller.
                toml::Value::Float(x) => (
                    toml::Value::Float(up(*x)),
                    step(sign, (up(*x) / x - 1.0).abs()),
                ),
                toml::Value::Array(a) => {
                    let xs: Vec<f64> = a.iter().map(|x| x.as_float().unwrap_or(0.0)).collect();
                    if xs.iter().all(|&x| up(x) == x) {
                        if xs.iter().any(|&x| x > 0.0) {
                            left_out
                                .push((no_change(&path, "rework", step(sign, delta)), LEFT_OUT[2]));
                        }
                        continue;
                    }
                    if xs.iter().all(|&x| six(up(x)) == six(x)) {
                        left_out.push((no_change(&path, "rework", step(sign, delta)), LEFT_OUT[1]));
                        continue;
                    }
                    let capped = xs.iter().any(|&x| up(x) != x * f);
                    let label = if capped {
                        format!("{} (at most {MAX_REWORK})", step(sign, delta))
                    } else {
                        step(sign, delta)
                    };
                    let v = xs.iter().map(|&x| toml::Value::Float(up(x))).collect();
                    (toml::Value::Array(v), label)
                }
                _ => continue,
            };
            out.push(Change {
                input: path.clone(),
                kind: "rework",
                step: label,
                sets: vec![(path.clone(), v)],
            });
        }
    } else if let Some(branches) = next.as_array() {
        let ps: Vec<f64> = branches
            .iter()
            .map(|b| {
                b.get("p")
                    .and_then(toml::Value::as_float)
                    .unwrap_or(f64::NAN)
            })
            .collect();
        if ps.iter().any(|p| !p.is_finite()) || ps.len() < 2 {
            return;
        }
        for (i, &p) in ps.iter().enumerate() {
            let input = format!("{path}[{i}].p");
            for (sign, f) in [("+", 1.0 + delta), ("-", 1.0 - delta)] {
                let new = (p * f).clamp(0.0, 1.0);
                let rest = 1.0 - p;
                if p == 0.0 {
                    // Not an input: no relative change moves it.
                    continue;
                }
                if new == p || six(new) == six(p) {
                    left_out.push((
                        no_change(&input, "branch", step(sign, delta)),
                        LEFT_OUT[if new == p { 2 } else { 1 }],
                    ));
                    continue;
                }
                // The other branches keep their proportions; when they had none
                // (this branch was certain), they share what it gives up equally.
                let others = (ps.len() - 1) as f64;
                let sets = ps
                    .iter()
                    .enumerate()
                    .map(|(j, &q)| {
                        let v = if j == i {
                            new
                        } else if rest > 0.0 {
                            q * (1.0 - new) / rest
                        } else {
                            (1.0 - new) / others
                        };
                        (format!("{path}[{j}].p"), toml::Value::Float(v))
                    })
                    .collect();
                out.push(Change {
                    input: input.clone(),
                    kind: "branch",
                    // The change made, which a probability of 1 may cap.
                    step: step(sign, (new / p - 1.0).abs()),
                    sets,
                });
            }
        }
    }
}

/// Why a change is not run when a pool's load would reach its capacity ([`study`]).
pub const AT_CAPACITY: &str = "a pool's load would reach its capacity";

/// The changes of `variant` not run (`not_run`, each with why: [`AT_CAPACITY`] or one of
/// [`LEFT_OUT`]), one sentence per reason in `l`, the changes named by their labels, and
/// for a terminal (`paths`) their paths too, to be copied.
pub fn not_run_notes(
    variant: &Variant,
    not_run: &[(Change, &str)],
    paths: bool,
    l: Lang,
) -> Vec<String> {
    std::iter::once(AT_CAPACITY)
        .chain(LEFT_OUT)
        .filter_map(|why| {
            let names: Vec<String> = not_run
                .iter()
                .filter(|(_, w)| *w == why)
                .map(|(c, _)| {
                    let label = input_label(&variant.model, &variant.document, &c.input, l);
                    match paths {
                        true => format!("{label}{} {}", l.aside(&c.input), c.step),
                        false => format!("{label} {}", c.step),
                    }
                })
                .collect();
            (!names.is_empty()).then(|| {
                l.fill(
                    "Not run, {why}: {changes}",
                    &[("why", l.t(why)), ("changes", &names.join(l.t(", ")))],
                )
            })
        })
        .collect()
}

/// Why a change is left out (besides a load that would reach capacity): a pool's last
/// member; a change of a value written to six decimals that leaves it as it is; a
/// probability that cannot go up; arrivals replayed from a file.
pub const LEFT_OUT: [&str; 4] = [
    "a pool keeps at least one member (and a pool of member groups its other groups' members)",
    "the change leaves the value as written (six decimals) as it is; use a larger --delta",
    "a probability is at most 1, a rework probability at most 0.99",
    "arrivals replayed from a trace file have no rate to change; scale the trace to try another",
];

/// Largest rework probability a change sets.
const MAX_REWORK: f64 = 0.99;

/// A change's label: `+20%`, `-12.5%`, `-99.9%`, `+0.01%` (a relative change `r` ≥ 0, to
/// 0.1% or, below 1%, two significant digits).
pub fn step(sign: &str, r: f64) -> String {
    let pct = 100.0 * r;
    let decimals = if pct >= 1.0 || pct <= 0.0 {
        1
    } else {
        (1 - pct.log10().floor() as i32).clamp(1, 12) as usize
    };
    let text = format!("{pct:.decimals$}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{sign}{text}%")
}

/// The study that runs the unchanged `variant` first, then each change that keeps every
/// pool's offered load below its capacity; and the changes left out as unstable. An
/// unstable `variant` is refused, with each overloaded pool and the size that would carry
/// its load.
pub fn study(
    base: &Study,
    variant: &Variant,
    changes: &[Change],
) -> Result<(Study, Vec<Change>, Vec<Change>), ScenarioError> {
    let source = &base.loaded.source;
    // Nothing can be measured against a scenario whose queues grow without bound.
    let overloaded: Vec<Problem> = variant
        .model
        .pool_loads()
        .iter()
        .filter(|l| l.unstable())
        .map(|l| {
            let name = &variant.model.pools[l.pool as usize].name;
            Problem {
                path: format!("pools.{name}"),
                message: format!(
                    "offered load {load}: the scenario as it is is unstable, so no change can be measured against it; give the pool more staff (e.g. --set pools.{name}={size}) or less work",
                    load = l,
                    // Enough for the load at what each member carries (rosters, days away,
                    // speeds), and at least one more than today.
                    size = l
                        .least_stable_size()
                        .unwrap_or(0)
                        .max(l.staff.saturating_add(1))
                ),
            }
        })
        .collect();
    if !overloaded.is_empty() {
        return Err(ScenarioError::Invalid {
            file: source.clone(),
            problems: overloaded,
        });
    }
    let mut variants = vec![variant.clone()];
    let (mut run, mut unstable) = (Vec::new(), Vec::new());
    let mut problems = Vec::new();
    for c in changes {
        let mut doc = variant.document.clone();
        for (path, v) in &c.sets {
            if let Err(e) = apply_value(&mut doc, path, v.clone()) {
                problems.push(Problem {
                    path: c.name(),
                    message: e,
                });
            }
        }
        match model_from_table(&doc, source, base.loaded.base.as_deref()) {
            Ok(model) if model.pool_loads().iter().any(PoolLoad::unstable) => {
                unstable.push(c.clone());
            }
            Ok(model) => {
                variants.push(Variant {
                    name: c.name(),
                    label: None,
                    document: doc,
                    model,
                });
                run.push(c.clone());
            }
            Err(ScenarioError::Invalid { problems: p, .. }) => {
                problems.extend(p.into_iter().map(|p| Problem {
                    path: format!("{}: {}", c.name(), p.path),
                    message: p.message,
                }));
            }
            Err(e) => return Err(e),
        }
    }
    if !problems.is_empty() {
        return Err(ScenarioError::Invalid {
            file: source.clone(),
            problems,
        });
    }
    Ok((
        Study {
            loaded: base.loaded.clone(),
            variants,
        },
        run,
        unstable,
    ))
}

/// Each change against the unchanged scenario on `metrics`, paired by replication.
pub fn rows(study: &Study, outcome: &Outcome, metrics: &[&str]) -> Vec<Row> {
    let views: Vec<VariantResult> = outcome.views(study);
    views[1..]
        .iter()
        .flat_map(|v| paired(&views[0], v))
        .filter(|r| r.subject.is_empty() && metrics.contains(&r.metric.as_str()))
        .collect()
}

/// The effects on `class` and `metric`, largest first (by the size of the mean difference).
pub fn ranked<'a>(
    changes: &'a [Change],
    rows: &'a [Row],
    class: &str,
    metric: &str,
) -> Vec<Effect<'a>> {
    let mut out: Vec<Effect> = rows
        .iter()
        .filter(|r| r.class == class && r.metric == metric)
        .filter_map(|row| {
            let change = changes.iter().find(|c| c.name() == row.variant)?;
            Some(Effect { change, row })
        })
        .collect();
    out.sort_by(|a, b| {
        b.row
            .difference
            .mean
            .abs()
            .total_cmp(&a.row.difference.mean.abs())
    });
    out
}

/// A tornado chart of `class` and `metric`: the unit of the differences, and the `top` inputs
/// with the largest effect (largest first), each with the effect of raising and of lowering
/// it. `None` when no change has a result for them.
pub fn tornado(
    changes: &[Change],
    rows: &[Row],
    class: &str,
    metric: &str,
    top: usize,
) -> Option<(String, Vec<TornadoRow>)> {
    let ranked = ranked(changes, rows, class, metric);
    let unit = ranked.first()?.row.unit.clone();
    let mut inputs: Vec<&str> = Vec::new();
    for e in &ranked {
        if !inputs.contains(&e.change.input.as_str()) {
            inputs.push(&e.change.input);
        }
    }
    let bars = inputs
        .iter()
        .take(top)
        .map(|input| {
            let pick = |up: bool| {
                ranked
                    .iter()
                    .find(|e| e.change.input == *input && e.change.step.starts_with('+') == up)
                    .map(|e| e.row.difference)
            };
            (input.to_string(), pick(true), pick(false))
        })
        .collect();
    Some((unit, bars))
}

/// The tornado charts of every class (all classes first) and of each of [`METRICS`], in
/// `lang`: each titled by the class's label and the metric, its `top` inputs named by
/// [`input_label`].
pub fn charts(
    variant: &Variant,
    changes: &[Change],
    rows: &[Row],
    top: usize,
    lang: Lang,
) -> Vec<(String, String, Vec<TornadoRow>)> {
    let (m, doc) = (&variant.model, &variant.document);
    let classes = std::iter::once(("all", lang.t("all classes"))).chain(
        m.classes
            .iter()
            .map(|c| (c.name.as_str(), c.label.as_deref().unwrap_or(&c.name))),
    );
    let mut charts = Vec::new();
    for (class, label) in classes {
        for metric in METRICS {
            if let Some((unit, bars)) = tornado(changes, rows, class, metric, top) {
                let what = match unit.as_str() {
                    "share" => format!(
                        "{}{}",
                        metric_name(metric, lang),
                        lang.aside(lang.t("percentage points"))
                    ),
                    _ => format!(
                        "{}{}",
                        metric_name(metric, lang),
                        lang.aside(&lang.units(&unit))
                    ),
                };
                let bars = bars
                    .into_iter()
                    .map(|(input, up, down)| (input_label(m, doc, &input, lang), up, down))
                    .collect();
                charts.push((format!("{label} · {what}"), unit, bars));
            }
        }
    }
    charts
}

/// One of [`METRICS`] as a person reads it: "lead time", "limit met" (in `lang`).
pub fn metric_name(metric: &str, lang: Lang) -> String {
    match metric {
        "lead_time" => lang.t("lead time").to_string(),
        "limit_met_share" => lang.t("limit met").to_string(),
        other => other.to_string(),
    }
}

/// How a person reads an input that a change changes (`pools.reviewer`,
/// `stages.review.duration`, `stages.review.by_class.hv.duration`, `stages.review.next.p`,
/// `stages.review.by_class.hv.next[0].p`,
/// `stages.works.next[1].p`, `classes.hv.arrival_rate`, `classes.hv.arrival`): the label of its pool, stage or class and what of it changed
/// (a branch's probability with where it leads); the path itself if it names none.
pub fn input_label(m: &Model, doc: &toml::Table, input: &str, l: Lang) -> String {
    let mut parts = input.splitn(3, '.');
    let (kind, name, rest) = (parts.next(), parts.next(), parts.next().unwrap_or(""));
    let label = |label: &Option<String>, name: &str| label.clone().unwrap_or(name.to_string());
    // Stages of different classes often share a label: then the name tells them apart.
    let stage = |s: &crate::scenario::model::Stage| {
        let text = label(&s.label, &s.name);
        if s.label.is_some() && m.stages.iter().filter(|o| o.label == s.label).count() > 1 {
            format!("{text} ({})", s.name)
        } else {
            text
        }
    };
    let found = match (kind, name) {
        (Some("pools"), Some(n)) => m
            .pools
            .iter()
            .find(|p| p.name == n)
            .map(|p| (label(&p.label, &p.name), l.t("staff").to_string())),
        (Some("classes"), Some(n)) => m
            .classes
            .iter()
            .find(|c| c.name == n)
            .map(|c| (label(&c.label, &c.name), l.t("arrival rate").to_string())),
        (Some("stages"), Some(n)) => m.stages.iter().find(|s| s.name == n).map(|s| {
            // A class's own time or routing at the stage: `by_class.CLASS.…`.
            let (class, rest) = match rest.strip_prefix("by_class.") {
                Some(r) => match r.split_once('.') {
                    Some((class, r)) => (Some(class), r),
                    None => (None, rest),
                },
                None => (None, rest),
            };
            let what = if rest.starts_with("duration") {
                l.t("time").to_string()
            } else if rest == "next.p" {
                l.t("rework probability").to_string()
            } else {
                // A branch, `next[i].p`: named by where it leads.
                let to = rest
                    .strip_prefix("next[")
                    .and_then(|r| r.split(']').next())
                    .and_then(|i| i.parse::<usize>().ok())
                    .and_then(|i| branch_target(doc, n, class, i));
                match to {
                    Some(to) => {
                        let target = match m.stages.iter().find(|s| s.name == to) {
                            Some(s) => stage(s),
                            None if to == "end" => l.t("end").to_string(),
                            None => to,
                        };
                        l.fill("→ {target} probability", &[("target", &target)])
                    }
                    None => l.t("probability").to_string(),
                }
            };
            let what = match class {
                Some(class) => {
                    let c = m.classes.iter().find(|c| c.name == class);
                    let c = c.map_or(class.to_string(), |c| label(&c.label, &c.name));
                    format!("{what}{}", l.aside(&c))
                }
                None => what,
            };
            (stage(s), what)
        }),
        _ => None,
    };
    found.map_or_else(
        || input.to_string(),
        |(label, what)| l.fill("{input} · {what}", &[("input", &label), ("what", &what)]),
    )
}

/// Where branch `i` of stage `stage`'s `next` (class `class`'s own, if given) leads, by the
/// scenario document.
fn branch_target(doc: &toml::Table, stage: &str, class: Option<&str>, i: usize) -> Option<String> {
    let stage = doc.get("stages")?.get(stage)?;
    let next = match class {
        Some(c) => stage.get("by_class")?.get(c)?.get("next")?,
        None => stage.get("next")?,
    };
    Some(next.get(i)?.get("to")?.as_str()?.to_string())
}

// ---- sensitivity.csv and `--format json` ---------------------------------------------

/// The columns of sensitivity.csv (and the fields of each effect in `--format json`).
pub const COLUMNS: [&str; 14] = [
    "input",
    "kind",
    "change",
    "class",
    "metric",
    "unit",
    "baseline",
    "changed",
    "difference",
    "ci95_low",
    "ci95_high",
    "relative_change",
    "rank",
    "label",
];

/// Where the numbers start among [`COLUMNS`] (up to `rank`; `label` after it is text).
const FIRST_NUMBER: usize = 6;

/// Each row of a change that ran, as the values of [`COLUMNS`]: per class and metric (in
/// the order they first come), ranked by the size of the effect (`rank` 1 the largest).
fn records(changes: &[Change], rows: &[Row], label: &dyn Fn(&str) -> String) -> Vec<[String; 14]> {
    let mut groups: Vec<(&str, &str)> = Vec::new();
    for r in rows {
        if !groups.contains(&(r.class.as_str(), r.metric.as_str())) {
            groups.push((&r.class, &r.metric));
        }
    }
    let mut out = Vec::new();
    for (class, metric) in groups {
        for (rank, e) in ranked(changes, rows, class, metric).iter().enumerate() {
            out.push(record(e.change, label(&e.change.input), e.row, rank + 1));
        }
    }
    out
}

/// One row of sensitivity.csv.
fn record(c: &Change, label: String, r: &Row, rank: usize) -> [String; 14] {
    [
        c.input.clone(),
        c.kind.to_string(),
        c.step.clone(),
        r.class.clone(),
        r.metric.clone(),
        r.unit.clone(),
        format!("{}", r.baseline_mean),
        format!("{}", r.variant_mean),
        format!("{}", r.difference.mean),
        format!("{}", r.difference.ci95_low),
        format!("{}", r.difference.ci95_high),
        format!("{}", r.relative_change),
        rank.to_string(),
        label,
    ]
}

/// `sensitivity.csv`: a row per change that ran, class and metric (the [`COLUMNS`]),
/// ranked within its class and metric; `label` names an input for people.
pub fn csv(changes: &[Change], rows: &[Row], label: &dyn Fn(&str) -> String) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(COLUMNS);
    for record in records(changes, rows, label) {
        let _ = w.write_record(&record);
    }
    w.into_inner().unwrap_or_default()
}

/// `--format json`: every effect (the fields of sensitivity.csv, numbers as numbers, none
/// for one that is not defined) and the changes not run (`not_run`, with why in
/// `not_run_why`).
pub fn json(
    changes: &[Change],
    rows: &[Row],
    not_run: &[(Change, &str)],
    label: &dyn Fn(&str) -> String,
) -> String {
    let effects: Vec<serde_json::Value> = records(changes, rows, label)
        .into_iter()
        .map(|record| {
            let fields = COLUMNS.iter().zip(record).enumerate().map(|(i, (k, v))| {
                let value = if i < FIRST_NUMBER || *k == "label" {
                    serde_json::Value::from(v)
                } else if *k == "rank" {
                    serde_json::Value::from(v.parse::<u64>().unwrap_or_default())
                } else {
                    v.parse::<f64>()
                        .ok()
                        .and_then(serde_json::Number::from_f64)
                        .map_or(serde_json::Value::Null, serde_json::Value::Number)
                };
                (k.to_string(), value)
            });
            serde_json::Value::Object(fields.collect())
        })
        .collect();
    let doc = serde_json::json!({
        "effects": effects,
        "not_run": not_run.iter().map(|(c, _)| c.name()).collect::<Vec<_>>(),
        "not_run_why": not_run
            .iter()
            .map(|(c, why)| serde_json::json!({ "change": c.name(), "why": why }))
            .collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::step;

    #[test]
    fn a_step_is_labelled_with_the_change_made() {
        assert_eq!(step("+", 0.2), "+20%");
        assert_eq!(step("-", 1.0), "-100%");
        assert_eq!(step("-", 0.999), "-99.9%");
        assert_eq!(step("+", 0.125), "+12.5%");
        assert_eq!(step("+", 0.0001), "+0.01%");
        assert_eq!(step("+", 0.005), "+0.5%");
        assert_eq!(step("", 1e-9), "0.0000001%");
    }
}
