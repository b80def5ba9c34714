//! `expansim fit`: a scenario calibrated from a utility's own event logs, and the check of
//! the fitted scenario against the log it came from.
//!
//! ```text
//! log.csv / log.xes ──read──> records ──discover──> classes, stages, routing, pools,
//!                                                    calendar, fitted durations
//!                                      ──write──> scenario.toml (a comment per number)
//!                                      ──check──> simulated vs observed lead times, waits,
//!                                                 frequencies, cycle-time distance
//! ```

pub mod discover;
pub mod distfit;
pub mod log;
pub mod page;
pub mod write;

use std::path::Path;

use crate::error::{Error, UsageError};
use crate::i18n::Lang;
use crate::study::{Progress, Source, Study};

/// A scenario fitted from a log.
#[derive(Debug, Clone)]
pub struct Fitted {
    /// The log as read.
    pub log: log::Log,
    /// What was discovered.
    pub model: discover::Model,
    /// The scenario file's text.
    pub text: String,
    /// The scenario, loaded (so it is known to be valid and runnable).
    pub study: Study,
}

/// Reads the logs at `paths`, discovers the model and writes it as a scenario, its comments
/// in `lang`.
pub fn fit(
    paths: &[&Path],
    columns: &log::Columns,
    zones: log::Zones,
    lang: crate::i18n::Lang,
) -> Result<Fitted, Error> {
    // Readiness from the whole log: work on cases cut off by its period kept staff busy too.
    let log =
        discover::without_cut_cases(&discover::with_enabled(&log::read(paths, columns, zones)?));
    let log = discover::with_loop_exits(discover::with_repeat_exits(discover::with_handoffs(&log)));
    let source = paths
        .iter()
        .map(|p| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |f| f.to_string_lossy().into_owned(),
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let load = |text: &str| {
        Study::load(
            Source::Text {
                text,
                name: "fitted scenario",
            },
            &[],
        )
    };
    // Parallel work as forks where the scenario can express them (each branch entered only
    // through its fork, every branch reaching the join); else sequenced by start.
    let mut model = discover::discover(&log);
    let mut text = write::scenario(&model, &log, &source, lang, None);
    let mut loaded = load(&text);
    if loaded.is_err() && !model.forks.is_empty() {
        model = discover::discover_with(&log, false);
        text = write::scenario(&model, &log, &source, lang, None);
        loaded = load(&text);
    }
    // A warm-up as long as the slowest queue takes to forget the empty start (three of its
    // relaxation times, as the run's own warning asks), where that is longer than the one
    // the lead times give.
    if let Ok(study) = &loaded
        && let Some(slowest) = slowest_queue(&study.loaded.model)
        && 3.0 * slowest.1 > study.loaded.model.settings.warmup
    {
        let settled = write::scenario(&model, &log, &source, lang, Some(slowest));
        if let Ok(study) = load(&settled) {
            (text, loaded) = (settled, Ok(study));
        }
    }
    // The scenario's text on the lines after the message, as it is.
    let study = loaded.map_err(|e| {
        UsageError(
            format!(
                "the fitted scenario is not valid ({why}); its text:",
                why = e
            ) + "\n"
                + &text,
        )
    })?;
    Ok(Fitted {
        log,
        model,
        text,
        study,
    })
}

/// The pool whose queue takes longest to forget an empty start, and that time (the
/// relaxation time of an M/M/c queue at its offered load), in the fitted scenario's days.
fn slowest_queue(model: &crate::scenario::model::Model) -> Option<(String, f64)> {
    model
        .relaxation_times()
        .into_iter()
        .enumerate()
        .filter(|(_, t)| t.is_finite() && *t > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(p, t)| (model.pools[p].name.clone(), t))
}

/// Most cases [`check`] simulates (over all its replications): it keeps each case's
/// activities to compare them with the log.
pub const MAX_CHECK_CASES: f64 = 2e6;

/// Mean, median and 90th percentile of a sample (NaN when empty).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// Observations.
    pub n: usize,
    /// Mean.
    pub mean: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
}

impl Spread {
    fn of(sample: &mut [f64]) -> Spread {
        sample.sort_by(f64::total_cmp);
        let q = |p: f64| {
            if sample.is_empty() {
                f64::NAN
            } else {
                sample[((sample.len() as f64 * p) as usize).min(sample.len() - 1)]
            }
        };
        Spread {
            n: sample.len(),
            mean: if sample.is_empty() {
                f64::NAN
            } else {
                sample.iter().sum::<f64>() / sample.len() as f64
            },
            p50: q(0.5),
            p90: q(0.9),
        }
    }
}

/// Observed against simulated lead time of one class (or all), in days.
#[derive(Debug, Clone)]
pub struct ClassCheck {
    /// Class name (`all` for every class).
    pub class: String,
    /// In the log.
    pub observed: Spread,
    /// In the simulation.
    pub simulated: Spread,
    /// Cycle-time distribution distance: the 1-Wasserstein distance between the two
    /// lead-time distributions, in hours.
    pub ctd_hours: f64,
    /// The observed lead times, ascending.
    pub observed_values: Vec<f64>,
    /// The simulated lead times, ascending.
    pub simulated_values: Vec<f64>,
}

/// Observed against simulated figures of one activity.
#[derive(Debug, Clone)]
pub struct ActivityCheck {
    /// Activity name.
    pub activity: String,
    /// Mean visits per case, observed and simulated.
    pub frequency: (f64, f64),
    /// Mean waiting (enabled to start) in hours, observed (NaN without enabled times) and
    /// simulated.
    pub waiting_hours: (f64, f64),
    /// Mean processing (start to end, elapsed; a customer's or hand-off step from ready to
    /// done, unless it is collected at a fixed hour) in hours, observed and simulated.
    pub processing_hours: (f64, f64),
}

/// The fitted scenario against its log.
#[derive(Debug, Clone)]
pub struct Check {
    /// Per class, then all.
    pub classes: Vec<ClassCheck>,
    /// Per activity, in the scenario's order.
    pub activities: Vec<ActivityCheck>,
    /// Replications simulated.
    pub replications: u32,
    /// Whether the log's waiting was estimated (it gave no enabled times).
    pub ready_estimated: bool,
}

/// Said under the activity table when the log's waiting is an estimate.
pub const READY_ESTIMATED: &str = "The log gives no enabled times: the waiting of its steps is estimated, from the last moment before each started at which a member of its pool was free. If the log holds every case its staff worked on, that may be too long, and a hand-off found before it too short; if it holds only some (a sample), staff look free while they worked on the others, and the waits come out too short, taken as hand-offs.";

impl Check {
    /// The lead-time table in `lang`: a header, then per class (and all classes) the log's
    /// cases, mean, P50 and P90 against the simulation's, and the cycle-time distance.
    pub fn class_table(&self, lang: Lang) -> Vec<Vec<String>> {
        use crate::output::table::num;
        let mut rows = vec![header(
            &[
                "class", "cases", "mean", "P50", "P90", "sim mean", "sim P50", "sim P90", "CTD (h)",
            ],
            lang,
        )];
        for k in &self.classes {
            let (o, s) = (&k.observed, &k.simulated);
            // The row of every class together, named as in the other tables.
            let class = match k.class.as_str() {
                "all" => lang.t("all classes").to_string(),
                name => name.to_string(),
            };
            rows.push(vec![
                class,
                o.n.to_string(),
                num(o.mean),
                num(o.p50),
                num(o.p90),
                num(s.mean),
                num(s.p50),
                num(s.p90),
                num(k.ctd_hours),
            ]);
        }
        rows
    }

    /// The per-activity table in `lang`: visits per case, mean waiting and mean processing
    /// (hours), each from the log and from the simulation.
    pub fn activity_table(&self, lang: Lang) -> Vec<Vec<String>> {
        use crate::output::table::num;
        let mut rows = vec![header(
            &[
                "activity",
                "visits",
                "sim visits",
                "waiting",
                "sim waiting",
                "processing",
                "sim processing",
            ],
            lang,
        )];
        for a in &self.activities {
            rows.push(vec![
                a.activity.clone(),
                num(a.frequency.0),
                num(a.frequency.1),
                num(a.waiting_hours.0),
                num(a.waiting_hours.1),
                num(a.processing_hours.0),
                num(a.processing_hours.1),
            ]);
        }
        rows
    }
}

/// Column headings in `lang`.
fn header(cells: &[&'static str], lang: Lang) -> Vec<String> {
    cells.iter().map(|h| lang.t(h).to_string()).collect()
}

/// Simulates the fitted scenario over the log's period (`replications` traced replications
/// of its observation window) and sets it beside the log.
pub fn check(fitted: &Fitted, replications: u32, progress: &dyn Progress) -> Check {
    use rayon::prelude::*;
    let model = &fitted.study.variants[0].model;
    let log = &fitted.log;
    let n_class = log.classes.len();
    progress.start(u64::from(replications), "checking the fitted scenario");
    let traces: Vec<crate::engine::Trace> = (0..replications)
        .into_par_iter()
        .map(|r| {
            let t = crate::engine::simulate_traced(model, u64::from(r), 0.0, None).1;
            progress.advance();
            t
        })
        .collect();
    progress.finish();
    // Simulated: lead times per class (days), and per stage visits, waits and work (hours).
    let hours = model.settings.time_unit.minutes() / 60.0;
    let mut sim_lead: Vec<Vec<f64>> = vec![Vec::new(); n_class + 1];
    let n_stage = model.stages.len();
    let mut sim_visits = vec![0usize; n_stage];
    let mut sim_wait = vec![0.0; n_stage];
    let mut sim_work = vec![0.0; n_stage];
    let mut sim_cases = 0usize;
    for t in &traces {
        let done: std::collections::HashSet<u64> = t.cases.iter().map(|c| c.case).collect();
        for c in &t.cases {
            let lead = (c.end - c.arrival) * hours / 24.0;
            sim_lead[c.class as usize].push(lead);
            sim_lead[n_class].push(lead);
            sim_cases += 1;
        }
        for a in t.activities.iter().filter(|a| done.contains(&a.case)) {
            let s = a.stage as usize;
            sim_visits[s] += 1;
            sim_wait[s] += (a.start - a.enabled) * hours;
            sim_work[s] += (a.end - a.start) * hours;
        }
    }
    let mut obs_lead: Vec<Vec<f64>> = vec![Vec::new(); n_class + 1];
    for &(c, l) in &fitted.model.lead_times {
        obs_lead[c as usize].push(l);
        obs_lead[n_class].push(l);
    }
    let mut classes = Vec::new();
    for c in 0..=n_class {
        let name = if c == n_class {
            "all".to_string()
        } else {
            log.classes[c].clone()
        };
        let ctd = distfit::wasserstein(&obs_lead[c], &sim_lead[c]) * 24.0;
        let observed = Spread::of(&mut obs_lead[c]);
        let simulated = Spread::of(&mut sim_lead[c]);
        classes.push(ClassCheck {
            class: name,
            observed,
            simulated,
            ctd_hours: ctd,
            observed_values: std::mem::take(&mut obs_lead[c]),
            simulated_values: std::mem::take(&mut sim_lead[c]),
        });
    }
    // Observed per activity.
    let n_act = log.activities.len();
    let mut obs_visits = vec![0usize; n_act];
    let mut obs_wait = vec![(0.0, 0usize); n_act];
    let mut obs_work = vec![0.0; n_act];
    // A customer's or hand-off step is simulated from ready to done: compare it so (its
    // time before the start is part of the delay, not waiting). A hand-off collected at a
    // fixed hour starts then, in the log and in the simulation: it waits until it.
    let mut queueless = vec![false; n_act];
    for st in &fitted.model.stages {
        queueless[st.activity as usize] =
            st.kind != discover::Kind::Staffed && st.collect.is_none();
    }
    for r in &log.records {
        let a = r.activity as usize;
        obs_visits[a] += 1;
        let from = if queueless[a] && r.enabled.is_finite() {
            r.enabled.min(r.start)
        } else {
            r.start
        };
        obs_work[a] += (r.end - from) / 3600.0;
        if r.enabled.is_finite() {
            if !queueless[a] {
                obs_wait[a].0 += (r.start - r.enabled) / 3600.0;
            }
            obs_wait[a].1 += 1;
        }
    }
    let obs_cases = log.cases.len().max(1) as f64;
    let activities = fitted
        .model
        .stages
        .iter()
        .enumerate()
        .map(|(s, st)| {
            let a = st.activity as usize;
            let per = |x: f64, n: usize| if n == 0 { f64::NAN } else { x / n as f64 };
            ActivityCheck {
                activity: log.activity_name(a),
                frequency: (
                    obs_visits[a] as f64 / obs_cases,
                    sim_visits.get(s).copied().unwrap_or(0) as f64 / sim_cases.max(1) as f64,
                ),
                waiting_hours: (
                    per(obs_wait[a].0, obs_wait[a].1),
                    per(
                        sim_wait.get(s).copied().unwrap_or(0.0),
                        sim_visits.get(s).copied().unwrap_or(0),
                    ),
                ),
                processing_hours: (
                    per(obs_work[a], obs_visits[a]),
                    per(
                        sim_work.get(s).copied().unwrap_or(0.0),
                        sim_visits.get(s).copied().unwrap_or(0),
                    ),
                ),
            }
        })
        .collect();
    Check {
        classes,
        activities,
        replications,
        ready_estimated: fitted.log.ready_estimated,
    }
}
