//! The one pipeline every command runs: a scenario (a file, the built-in county or text),
//! the variants chosen, `--set` overrides, replications (a fixed count, a shard, or until a
//! precision is reached), and the results that the exporters, the report and `sweep` take.
//!
//! Nothing here prints: progress, warnings and notes reach the caller through [`Progress`].
//!
//! ```
//! use expansim::study::{Replications, Silent, Source, Study};
//!
//! let text = r#"
//! [scenario]
//! name = "one desk"
//! time_unit = "hour"
//! horizon = 2000
//! warmup = 100
//! replications = 3
//! seed = 1
//!
//! [pools]
//! desk = 2
//!
//! [[classes]]
//! name = "customer"
//! arrival_rate = 1
//! start = "serve"
//!
//! [stages.serve]
//! pool = "desk"
//! duration = { dist = "exponential", mean = 1.5 }
//! next = "end"
//! "#;
//! let study = Study::load(Source::Text { text, name: "one-desk.toml" }, &[])?;
//! let outcome = study.run(Replications::Scenario, 1, &Silent)?;
//! let lead = outcome.summary(&study, 0, None, expansim::metrics::Metric::LeadTime).unwrap();
//! // M/M/2 at rho = 0.75: mean time in system 3.43 h.
//! assert!((lead.mean - 3.43).abs() < 0.5, "{}", lead.mean);
//! # Ok::<(), expansim::error::Error>(())
//! ```

use std::ops::Range;
use std::path::Path;

use crate::compare::{self, Row};
use crate::engine::{self, Trace};
use crate::error::{Error, ScenarioError, UsageError};
use crate::export::eventlog::Traced;
use crate::export::manifest::{Manifest, PrecisionInfo, Uncovered};
use crate::export::{self, OutputDir};
use crate::i18n::Lang;
use crate::metrics::{Kpi, Metric, Subject};
use crate::options::{Outputs, Shard};
use crate::replication::{self, RunResult, VariantResult};
use crate::scenario::{self, Loaded, Model, Variant};
use crate::stats::Summary;

/// What a running study tells its caller. Every method has a default that does nothing, so
/// a caller implements only what it shows.
pub trait Progress: Sync {
    /// A stage of work of `total` steps (replications) begins.
    fn start(&self, _total: u64, _message: &str) {}
    /// One step is done (called from worker threads).
    fn advance(&self) {}
    /// The stage of work ends.
    fn finish(&self) {}
    /// Something the user should know before trusting the results.
    fn warning(&self, _message: &str) {}
    /// How something ended (e.g. whether a precision was met).
    fn note(&self, _message: &str) {}
    /// Whether to stop: start no more replications, and end with those finished (the
    /// outcome is then not [`complete`](Outcome::complete)).
    fn stopped(&self) -> bool {
        false
    }
}

/// Replications the warm-up check averages (run from time 0 on their own streams).
pub const WARMUP_CHECK_REPLICATIONS: u32 = 5;

/// A [`Progress`] that shows nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {}

/// Where a scenario comes from.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    /// A scenario file; `include`d calendars are read beside it.
    File(&'a Path),
    /// The built-in county scenario.
    County,
    /// Scenario text, named `name` in messages.
    Text {
        /// The TOML text.
        text: &'a str,
        /// Its name in messages.
        name: &'a str,
    },
}

/// How many replications to run.
#[derive(Debug, Clone, PartialEq)]
pub enum Replications {
    /// The scenario's `replications`.
    Scenario,
    /// These replication numbers (a shard of a larger run).
    Range(Range<u32>),
    /// Batches of the scenario's count until the 95% half-width of mean lead time is within
    /// `target` of the mean for every class and variant, or `max` replications.
    Precision {
        /// Relative half-width aimed at.
        target: f64,
        /// Upper limit on replications.
        max: u32,
    },
}

/// A scenario with the variants to run; the first is the baseline of a comparison.
#[derive(Debug, Clone)]
pub struct Study {
    /// The scenario as loaded, with every variant it defines.
    pub loaded: Loaded,
    /// The variants to run, in order.
    pub variants: Vec<Variant>,
}

/// The results of running a [`Study`].
#[derive(Debug, Clone)]
pub struct Outcome {
    /// One per variant of the study, in its order.
    pub results: Vec<RunResult>,
    /// How a precision run ended.
    pub precision: Option<PrecisionInfo>,
    /// Whether every replication asked for ran (false when [`Progress::stopped`] stopped
    /// the run; `results` then hold the replications that finished).
    pub complete: bool,
    /// What the user should know before trusting the results, in the order the run said it
    /// through [`Progress::warning`]: pools near or above capacity and `--set`s a variant
    /// does not have (before the run); with a precision, a limit below the first batch and
    /// a warm-up that looks too short; cases still in the process when the run ended and
    /// holiday data the run outlasted (after it).
    pub warnings: Vec<String>,
}

/// Most simulated cases a run or sweep takes on without `--yes`: hours of work even at
/// millions of cases a second.
pub const MAX_WORK: f64 = 1e10;

/// Most stage visits a run or sweep takes on without `--yes`: [`MAX_WORK`] cases of five
/// stages each. A loop taken with a probability near 1 makes few cases many visits.
pub const MAX_VISITS: f64 = 5e10;

impl Study {
    /// The cases one replication of every chosen variant simulates, expected from the
    /// arrival rates over the horizon.
    pub fn cases_per_replication(&self) -> f64 {
        self.variants
            .iter()
            .map(|v| {
                let m = &v.model;
                m.classes
                    .iter()
                    .map(|c| c.arrival.rate())
                    .filter(|r| r.is_finite())
                    .sum::<f64>()
                    * m.settings.horizon
            })
            .sum()
    }

    /// The stage visits one replication of every chosen variant makes: each class's
    /// arrivals over the horizon times its expected visits per case (loops included).
    pub fn visits_per_replication(&self) -> f64 {
        self.variants
            .iter()
            .map(|v| {
                let m = &v.model;
                (0..m.classes.len())
                    .map(|c| {
                        use crate::scenario::model::{ClassId, DRAIN_FACTOR, StageId};
                        let class = c as ClassId;
                        let cases = m.classes[c].arrival.rate() * m.settings.horizon;
                        let visits = m.expected_visits(class);
                        // A loop whose stages take time ends with the run: no case makes
                        // more visits than the run's length over its quickest stage's mean.
                        let quickest = (0..visits.len())
                            .filter(|&s| visits[s] > 0.0)
                            .map(|s| m.duration(class, s as StageId).dist.mean())
                            .fold(f64::INFINITY, f64::min);
                        let run = m.settings.horizon * DRAIN_FACTOR;
                        let each = visits.iter().sum::<f64>().min(run / quickest);
                        if cases.is_finite() { cases * each } else { 0.0 }
                    })
                    .sum::<f64>()
            })
            .sum()
    }

    /// Refuses a run of `replications` replications of `points` points that would simulate
    /// more than [`MAX_WORK`] cases or [`MAX_VISITS`] stage visits, unless `yes`.
    pub fn check_work(&self, replications: u64, points: u64, yes: bool) -> Result<(), Error> {
        let per = self.cases_per_replication();
        let total = per * replications as f64 * points as f64;
        if yes {
            return Ok(());
        }
        if total <= MAX_WORK {
            let visits = self.visits_per_replication();
            let all = visits * replications as f64 * points as f64;
            // NaN (no case arrives) is no work.
            if all <= MAX_VISITS || all.is_nan() {
                return Ok(());
            }
            let each = if per > 0.0 { visits / per } else { visits };
            return Err(UsageError(Lang::En.fill(
                "this would simulate about {all} stage visits, {each} per case on average, beyond the {max} a run takes on unasked: a loop taken with a probability near 1 keeps its cases going round; check the routes' probabilities, or pass --yes to run it anyway",
                &[
                    ("all", &format!("{all:.2e}")),
                    ("each", &format!("{each:.3e}")),
                    ("max", &format!("{MAX_VISITS:.0e}")),
                ],
            ))
            .into());
        }
        let values = [
            ("total", format!("{total:.2e}")),
            ("points", points.to_string()),
            ("replications", replications.to_string()),
            ("per", format!("{per:.0}")),
            ("n", self.variants.len().to_string()),
            ("max", format!("{MAX_WORK:.0e}")),
        ];
        let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Err(UsageError(Lang::En.fill(
            if points > 1 {
                "this would simulate about {total} cases ({points} points × {replications} replications × {per} cases each, over {n} variants), beyond the {max} a run takes on unasked; pass --yes to run it anyway, or use fewer replications or points"
            } else {
                "this would simulate about {total} cases ({replications} replications × {per} cases each, over {n} variants), beyond the {max} a run takes on unasked; pass --yes to run it anyway, or use fewer replications"
            },
            &values,
        ))
        .into())
    }

    /// Loads a scenario, applying `sets` (`PATH=VALUE`, the command line's `--set`); the
    /// study runs the current process until variants are chosen.
    pub fn load(source: Source, sets: &[String]) -> Result<Study, ScenarioError> {
        let loaded = match source {
            Source::File(p) => scenario::load(p, sets)?,
            Source::County => scenario::load_county(sets)?,
            Source::Text { text, name } => scenario::load_str(text, name, sets)?,
        };
        let variants = vec![loaded.current()];
        Ok(Study { loaded, variants })
    }

    /// Runs the variant `name` (or the current process, for `None` or `current`) alone.
    pub fn only(mut self, name: Option<&str>) -> Result<Study, ScenarioError> {
        self.variants = vec![match name {
            Some(n) if n != scenario::variant::BASELINE => self.loaded.variant(n)?.clone(),
            _ => {
                self.loaded.check_current()?;
                self.loaded.current()
            }
        }];
        Ok(self)
    }

    /// [`Outcome::uncovered_dates`] of runs that end at the horizon, known before they run
    /// (sweeps and searches, whose points all simulate the same dates).
    pub fn uncovered_dates(&self) -> Vec<Uncovered> {
        uncovered(self.variants.iter().map(|v| (v, v.model.settings.horizon)))
    }

    /// The current process against `names` (every variant of the scenario when empty).
    pub fn compare(mut self, names: &[String]) -> Result<Study, ScenarioError> {
        self.loaded.check_current()?;
        let mut chosen = vec![self.loaded.current()];
        if names.is_empty() {
            chosen.extend(self.loaded.all_variants()?.iter().cloned());
        } else {
            // Every name the scenario does not have, not only the first.
            let mut unknown = Vec::new();
            for v in names {
                if v != scenario::variant::BASELINE {
                    match self.loaded.variant(v) {
                        Ok(variant) if chosen.iter().any(|c| c.name == variant.name) => {}
                        Ok(variant) => chosen.push(variant.clone()),
                        Err(e) => match e.no_variant_problem("--variants") {
                            Some(problem) => unknown.push((e, problem)),
                            None => return Err(e),
                        },
                    }
                }
            }
            if unknown.len() > 1 {
                return Err(ScenarioError::Invalid {
                    file: self.loaded.source.clone(),
                    problems: unknown.into_iter().map(|(_, problem)| problem).collect(),
                });
            }
            if let Some((e, _)) = unknown.pop() {
                return Err(e);
            }
        }
        if chosen.len() < 2 {
            let all = scenario::variant::names(&self.loaded.document);
            let others: Vec<&str> = all
                .iter()
                .map(String::as_str)
                .filter(|n| *n != scenario::variant::BASELINE)
                .collect();
            let (path, message) = if others.is_empty() {
                (
                    "variants",
                    "the scenario has no variants to compare; add [variants.NAME] tables (see the README)".to_string(),
                )
            } else {
                // Only `current` asked for: it is always compared; name the others.
                (
                    "--variants",
                    format!(
                        "current is always compared: name at least one variant beside it, one of: {others}",
                        others = others.join(", ")
                    ),
                )
            };
            return Err(ScenarioError::Invalid {
                file: self.loaded.source.clone(),
                problems: vec![crate::error::Problem {
                    path: path.to_string(),
                    message,
                }],
            });
        }
        self.variants = chosen;
        Ok(self)
    }

    /// The current process's model as loaded (with the `--set`s), whatever variants are
    /// chosen: its `settings` (horizon, replications, seed) are every variant's. A chosen
    /// variant's own model is `variants[i].model`.
    pub fn model(&self) -> &Model {
        &self.loaded.model
    }

    /// Warnings about the chosen variants before a run (pools near or above capacity),
    /// named by variant unless the current process runs alone.
    pub fn warnings(&self) -> Vec<String> {
        let alone = self.variants.len() == 1;
        let mut out = Vec::new();
        for v in &self.variants {
            for w in scenario::warnings(&v.model) {
                out.push(if v.name == scenario::variant::BASELINE && alone {
                    w
                } else {
                    of_variant(&v.name, &w)
                });
            }
        }
        out.extend(self.skipped_sets());
        out.extend(self.demand_warnings());
        out
    }

    /// A `--set` whose path a chosen variant no longer has (a stage it merged or removed)
    /// does not apply to that variant: said, so that its results are not read as if it did.
    pub fn skipped_sets(&self) -> Vec<String> {
        let mut out = Vec::new();
        for v in self
            .variants
            .iter()
            .filter(|v| v.name != scenario::variant::BASELINE)
        {
            for assignment in &self.loaded.overrides {
                let path = assignment
                    .split_once('=')
                    .map_or(assignment.as_str(), |(p, _)| p.trim());
                if path == "variants" || path.starts_with("variants.") {
                    continue;
                }
                let mut doc = v.document.clone();
                if scenario::set::apply(&mut doc, assignment).is_err() {
                    let w = Lang::En.fill(
                        "--set {assignment} does not apply to this variant, which has no `{path}` as the file names it (a stage it merged, removed or relabelled, or a part of one): it runs without it",
                        &[("assignment", assignment), ("path", path)],
                    );
                    out.push(of_variant(&v.name, &w));
                }
            }
        }
        out
    }

    /// A `--set` of arrivals applies to each variant as written: where a variant has its
    /// own arrival calendar for the class, a rate per working day is another demand there.
    /// Warned, for each class an assignment names, when a variant's long-run rate then
    /// differs from the current process's by more than 1 %.
    fn demand_warnings(&self) -> Vec<String> {
        let base = self.model();
        // The assignment of a class's arrivals, by its name or its place.
        let set_of = |i: usize, name: &str| {
            self.loaded.overrides.iter().rev().find(|a| {
                let path = a.split_once('=').map_or(a.as_str(), |(p, _)| p.trim());
                [format!("classes.{name}."), format!("classes[{i}].")]
                    .iter()
                    .any(|head| {
                        path.strip_prefix(head.as_str())
                            .is_some_and(|k| k == "arrival_rate" || k == "arrival_calendar")
                    })
            })
        };
        let unit = base.settings.time_unit.name();
        let mut out = Vec::new();
        for v in self
            .variants
            .iter()
            .filter(|v| v.name != scenario::variant::BASELINE)
        {
            for class in &v.model.classes {
                let Some((i, b)) = base
                    .classes
                    .iter()
                    .enumerate()
                    .find(|(_, c)| c.name == class.name)
                else {
                    continue;
                };
                let Some(assignment) = set_of(i, &class.name) else {
                    continue;
                };
                let (rate, was) = (class.arrival.rate(), b.arrival.rate());
                if (rate / was - 1.0).abs() > 0.01 {
                    let w = Lang::En.fill(
                        "class {class} arrives {rate} times per {unit} in the long run, against {base} in the current process, after --set {assignment}: the variants no longer meet the same demand (a rate per working day counts the working days of the calendar the class arrives by, which this variant changes)",
                        &[
                            (
                                "class",
                                &crate::i18n::tagged(&class.name, class.label.as_deref()),
                            ),
                            ("rate", &three_digits(rate)),
                            ("unit", unit),
                            ("base", &three_digits(was)),
                            ("assignment", assignment),
                        ],
                    );
                    out.push(of_variant(&v.name, &w));
                }
            }
        }
        out
    }

    /// Runs the replications of every chosen variant on `jobs` threads. Warnings go to
    /// `progress` as they arise and are kept in [`Outcome::warnings`].
    ///
    /// Refused when the current process is among the variants while a `--set` names a
    /// path only variants have ([`ScenarioError::Override`]), and when a queue passes its
    /// bound ([`Error::Unstable`]: the process cannot keep up, and no figure of the run
    /// would mean anything).
    pub fn run(
        &self,
        replications: Replications,
        jobs: usize,
        progress: &dyn Progress,
    ) -> Result<Outcome, Error> {
        self.resume(replications, jobs, progress, None)
    }

    /// [`Study::run`], continuing from `done`: results of some of the replications (one per
    /// variant, as an interrupted run left them), which are taken rather than run again. The
    /// outcome is the same as that of an uninterrupted run, except that the counts of events
    /// and cases and the histograms of lead times hold only the replications run now.
    pub fn resume(
        &self,
        replications: Replications,
        jobs: usize,
        progress: &dyn Progress,
        done: Option<Vec<RunResult>>,
    ) -> Result<Outcome, Error> {
        if self
            .variants
            .iter()
            .any(|v| v.name == scenario::variant::BASELINE)
        {
            self.loaded.check_current()?;
        }
        let mut warnings = Vec::new();
        let mut warn = |w: String| {
            progress.warning(&w);
            warnings.push(w);
        };
        for w in self.warnings() {
            warn(w);
        }
        let n = self.model().settings.replications;
        if let Replications::Precision { max, .. } = replications {
            if max < n {
                // The limit bounds the run, the first batch too: said, not done silently.
                warn(format!(
                    "--max-replications {max} is fewer than the first batch of --precision, {n} replications (-r, or the scenario's `replications`): the run stops at {max}"
                ));
            }
            if let Some(w) = self.warmup_warning(jobs, progress) {
                warn(w);
            }
        }
        let mut outcome = self.run_all(replications, jobs, progress, done.as_deref());
        if let Some(why) = outcome.unstable(self) {
            return Err(Error::Unstable(why));
        }
        for w in outcome.censoring_warnings(self, CENSORED) {
            warn(w);
        }
        for u in outcome.uncovered_dates(self) {
            warn(u.to_string());
        }
        outcome.warnings = warnings;
        Ok(outcome)
    }

    /// The replications of [`Study::resume`], without its checks and warnings.
    fn run_all(
        &self,
        replications: Replications,
        jobs: usize,
        progress: &dyn Progress,
        done: Option<&[RunResult]>,
    ) -> Outcome {
        let n = self.model().settings.replications;
        let name = &self.model().settings.name;
        match replications {
            Replications::Scenario | Replications::Range(_) => {
                let range = match replications {
                    Replications::Range(r) => r,
                    _ => 0..n,
                };
                let results = self.run_range(range.clone(), jobs, name, progress, done);
                Outcome {
                    complete: results.iter().all(|r| r.replications.len() == range.len()),
                    results,
                    precision: None,
                    warnings: Vec::new(),
                }
            }
            Replications::Precision { target, max } => {
                // The limit bounds the first batch too.
                let max = max.max(1);
                let mut done_to = n.min(max);
                let mut results = self.run_range(0..done_to, jobs, "replications", progress, done);
                let full = |results: &[RunResult], to: u32| {
                    results.iter().all(|r| r.replications.len() == to as usize)
                };
                let mut complete = full(&results, done_to);
                let mut worst = replication::worst_relative_half_width(&results);
                while complete && worst > target && done_to < max {
                    let next = replication::next_checkpoint(done_to, n, worst, target, max);
                    let more = self.run_range(done_to..next, jobs, "replications", progress, done);
                    for (r, m) in results.iter_mut().zip(more) {
                        r.extend(m);
                    }
                    complete = full(&results, next);
                    done_to = next;
                    worst = replication::worst_relative_half_width(&results);
                }
                let met = worst <= target;
                let achieved = if worst.is_finite() {
                    Lang::En.fill("{share} of the mean", &[("share", &percent(worst))])
                } else {
                    "not known: fewer than two replications give no interval".to_string()
                };
                if complete {
                    let values = [
                        ("n", done_to.to_string()),
                        ("achieved", achieved),
                        ("target", percent(target)),
                        ("max", max.to_string()),
                    ];
                    let values: Vec<(&str, &str)> =
                        values.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    progress.note(&Lang::En.fill(
                        if met {
                            "precision: met after {n} replications (largest 95% half-width of mean lead time {achieved}; target {target})"
                        } else {
                            "precision: not met after {n} replications (largest 95% half-width of mean lead time {achieved}; target {target}; --max-replications {max} reached)"
                        },
                        &values,
                    ));
                }
                Outcome {
                    results,
                    precision: Some(PrecisionInfo {
                        target,
                        achieved: worst,
                        met: met && complete,
                    }),
                    complete,
                    warnings: Vec::new(),
                }
            }
        }
    }

    /// Replications `range` of every variant, as one stage of progress; those in `done` are
    /// taken from there.
    fn run_range(
        &self,
        range: Range<u32>,
        jobs: usize,
        message: &str,
        progress: &dyn Progress,
        done: Option<&[RunResult]>,
    ) -> Vec<RunResult> {
        let have = |v: usize| done.and_then(|d| d.get(v));
        let todo: Vec<Vec<u32>> = (0..self.variants.len())
            .map(|v| {
                range
                    .clone()
                    .filter(|r| have(v).is_none_or(|h| !h.replications.contains(r)))
                    .collect()
            })
            .collect();
        progress.start(todo.iter().map(|t| t.len() as u64).sum(), message);
        let results = self
            .variants
            .iter()
            .zip(todo)
            .enumerate()
            .map(|(v, (variant, todo))| {
                let new = replication::run_until(
                    &variant.model,
                    todo,
                    jobs,
                    &|| progress.advance(),
                    &|| progress.stopped(),
                );
                match have(v) {
                    Some(h) => h.within(&range).merged(new),
                    None => new,
                }
            })
            .collect();
        progress.finish();
        results
    }

    /// A warning when MSER-5 puts the end of the initial transient after the warm-up: run on
    /// each class's lead times in order of arrival from time 0, averaged case by case over
    /// the first [`WARMUP_CHECK_REPLICATIONS`] replications (the average over replications
    /// that Hoad, Robinson and Davies (2010) recommend: one replication's late fluctuations
    /// alone put the cut far into a run already steady).
    ///
    /// Runs on `jobs` threads as a stage of `progress`; none when it is stopped.
    pub fn warmup_warning(&self, jobs: usize, progress: &dyn Progress) -> Option<String> {
        let model = self.model();
        let mut from_zero = model.clone();
        from_zero.settings.warmup = 0.0;
        let indices: Vec<u32> = (0..WARMUP_CHECK_REPLICATIONS).collect();
        progress.start(indices.len() as u64, "checking the warm-up");
        let runs = replication::map_until(&indices, jobs, &|| progress.stopped(), &|r| {
            let (_, trace) = engine::simulate_traced(&from_zero, u64::from(r), 0.0, None);
            let mut cases = trace.cases;
            cases.sort_by(|a, b| a.arrival.total_cmp(&b.arrival));
            progress.advance();
            cases
        });
        progress.finish();
        let runs: Vec<Vec<engine::CaseRecord>> = runs?;
        // The latest end of the transient over classes with enough cases to tell.
        let at = (0..model.classes.len() as u32)
            .filter_map(|c| {
                let mine: Vec<Vec<_>> = runs
                    .iter()
                    .map(|cases| cases.iter().filter(|x| x.class == c).collect())
                    .collect();
                let n = mine.iter().map(Vec::len).min().unwrap_or(0);
                let mean = |f: &dyn Fn(&engine::CaseRecord) -> f64, i: usize| {
                    mine.iter().map(|run| f(run[i])).sum::<f64>() / mine.len() as f64
                };
                let leads: Vec<f64> = (0..n).map(|i| mean(&|x| x.end - x.arrival, i)).collect();
                let cut = crate::stats::mser5(&leads);
                if n < 100 || cut == 0 {
                    return None;
                }
                let at = mean(&|x| x.arrival, cut);
                // A transient, not noise: the cases from the warm-up to the cut differ from
                // those after it alike in every replication (the 99% interval of the
                // replications' differences of mean lead time excludes 0).
                let warmup = model.settings.warmup;
                let diffs: Vec<f64> = mine
                    .iter()
                    .map(|run| {
                        let part = |keep: &dyn Fn(f64) -> bool| {
                            let v: Vec<f64> = run
                                .iter()
                                .filter(|x| keep(x.arrival))
                                .map(|x| x.end - x.arrival)
                                .collect();
                            v.iter().sum::<f64>() / v.len() as f64
                        };
                        part(&|a| a >= warmup && a < at) - part(&|a| a >= at)
                    })
                    .collect();
                let d = crate::stats::summarize_at(&diffs, 0.995);
                (d.ci95_low > 0.0 || d.ci95_high < 0.0).then_some(at)
            })
            .fold(0.0, f64::max);
        (at > model.settings.warmup).then(|| {
            let at = format!("{at:.1}");
            let units = format!("{}s", model.settings.time_unit.name());
            format!(
                "the warm-up looks too short: MSER-5 on the lead times averaged over replications 0 to {last} deletes the cases arriving before {at} {units}; scenario.warmup is {warmup}",
                last = WARMUP_CHECK_REPLICATIONS - 1,
                warmup = model.settings.warmup
            )
        })
    }

    /// The manifest of a run of this study of `replications` replications, started at
    /// `started`; the caller fills in the command line, times and outcome details.
    pub fn manifest(
        &self,
        replications: u32,
        jobs: usize,
        shard: Option<Shard>,
        started: String,
        finished: String,
    ) -> Result<Manifest, Error> {
        let scenario =
            scenario::inline_includes(&self.loaded.document, self.loaded.base.as_deref())?;
        Ok(Manifest {
            expansim_version: env!("CARGO_PKG_VERSION").to_string(),
            command_line: Vec::new(),
            scenario_file: self.loaded.source.clone(),
            scenario_sha256: self.loaded.sha256.clone(),
            inputs_sha256: self.loaded.inputs.clone(),
            variants: self.variants.iter().map(|v| v.name.clone()).collect(),
            seed: self.model().settings.seed,
            replications,
            complete: true,
            points_done: None,
            replications_done: None,
            replaces: None,
            replaces_sha256: None,
            // The threads a run can use, not a number beyond them.
            jobs: jobs.min(crate::replication::MAX_JOBS),
            started,
            finished,
            events: 0,
            cases: 0,
            warnings: Vec::new(),
            shard,
            sweep: None,
            precision: None,
            overrides: self.loaded.overrides.clone(),
            uncovered_dates: Vec::new(),
            scenario: crate::export::manifest::scenario_json(&scenario),
        })
    }

    /// The study a manifest recorded: its scenario, overrides and variants.
    pub fn from_manifest(manifest: &Manifest) -> Result<Study, Error> {
        let document: toml::Table =
            serde_json::from_value(manifest.scenario.clone()).map_err(|why| {
                UsageError(format!(
                    "the manifest's scenario is not a scenario document: {why}"
                ))
            })?;
        let loaded = scenario::from_document(
            document,
            &manifest.scenario_file,
            &manifest.scenario_sha256,
            None,
            &manifest.overrides,
        )?;
        if manifest.variants.is_empty() {
            return Err(UsageError(
                "the manifest names no variant: it was not written by `expansim run`, `compare` or `sweep`".to_string(),
            )
            .into());
        }
        let variants = manifest
            .variants
            .iter()
            .map(|name| {
                if name == scenario::variant::BASELINE {
                    Ok(loaded.current())
                } else {
                    loaded.variant(name).cloned()
                }
            })
            .collect::<Result<_, _>>()?;
        Ok(Study { loaded, variants })
    }
}

impl Outcome {
    /// Each variant's results beside its name and model.
    pub fn views<'a>(&'a self, study: &'a Study) -> Vec<VariantResult<'a>> {
        study
            .variants
            .iter()
            .zip(&self.results)
            .map(|(v, result)| VariantResult {
                name: &v.name,
                model: &v.model,
                result,
            })
            .collect()
    }

    /// Every variant after the first against the first, paired by replication.
    pub fn comparison(&self, study: &Study) -> Vec<Row> {
        comparison(&self.views(study))
    }

    /// The across-replication summary of `metric` for variant `variant` (by position), class
    /// `class` (`None`: all classes) and no subject, if reported.
    pub fn summary(
        &self,
        study: &Study,
        variant: usize,
        class: Option<&str>,
        metric: Metric,
    ) -> Option<Summary> {
        let model = &study.variants.get(variant)?.model;
        let result = self.results.get(variant)?;
        let class = match class {
            Some(c) => Some(model.classes.iter().position(|x| x.name == c)? as u32),
            None => None,
        };
        let kpi = Kpi {
            class,
            metric,
            subject: Subject::None,
        };
        let k = result.kpis.iter().position(|x| *x == kpi)?;
        result.summaries().get(k).copied()
    }

    /// Warnings after a run: per variant and class, cases that arrived in the observation
    /// window but had not finished when the run ended, so lead times leave them out; `said`
    /// as [`censoring`] takes it.
    pub fn censoring_warnings(&self, study: &Study, said: [&'static str; 2]) -> Vec<String> {
        let mut out = Vec::new();
        for (v, result) in study.variants.iter().zip(&self.results) {
            let alone = study.variants.len() == 1 && v.name == scenario::variant::BASELINE;
            for w in censoring(&v.model, result, said) {
                out.push(if alone { w } else { of_variant(&v.name, &w) });
            }
        }
        out
    }

    /// Calendars whose holiday data end before the dates the run simulated (or begin after
    /// them): one per calendar, with the first date it does not cover.
    pub fn uncovered_dates(&self, study: &Study) -> Vec<Uncovered> {
        uncovered(
            study
                .variants
                .iter()
                .zip(self.results.iter().map(|r| r.end)),
        )
    }

    /// Why the run stopped as unstable (a queue passed its bound), if it did.
    pub fn unstable(&self, study: &Study) -> Option<String> {
        study
            .variants
            .iter()
            .zip(&self.results)
            .find_map(|(v, r)| {
                let why = r.unstable.as_ref()?;
                let said = Lang::En.fill(
                    "unstable: {why}; the process cannot keep up: add staff or lower the arrival rate (the offered-load warning names the pool)",
                    &[("why", why)],
                );
                Some(if study.variants.len() > 1 {
                    of_variant(&v.name, &said)
                } else {
                    said
                })
            })
    }

    /// Events processed and cases simulated over all variants.
    pub fn counts(&self) -> (u64, u64) {
        (
            self.results.iter().map(|r| r.events).sum(),
            self.results.iter().map(|r| r.arrivals).sum(),
        )
    }
}

/// What to say of an interrupted run's folder `dir` that a command cannot take.
pub fn interrupted_folder(dir: &Path, manifest: &Manifest) -> String {
    let command = manifest.command_line.get(1).map_or("run", String::as_str);
    format!(
        r#"'{dir}' holds an interrupted run (run.json says "complete": false); finish it first with: expansim {command} --resume {dir}"#,
        dir = dir.display()
    )
}

/// The replications an interrupted run of `study` left in `dir` (its replications.csv), one
/// result per variant, for [`Study::resume`].
pub fn finished(dir: &Path, study: &Study) -> Result<Vec<RunResult>, Error> {
    let file = dir.join("replications.csv");
    let bytes = std::fs::read(&file).map_err(|e| Error::Input {
        file: file.display().to_string(),
        message: e.to_string(),
    })?;
    let mut results: Vec<RunResult> = study
        .variants
        .iter()
        .map(|v| RunResult::empty(&v.model))
        .collect();
    export::csv::read_replications(export::strip_bom(&bytes), &study.variants, &mut results)
        .map_err(|why| {
            UsageError(format!(
                "'{file}' does not match its run.json: {why}; run the command again without --resume",
                file = file.display()
            ))
        })?;
    Ok(results)
}

/// Every view after the first against the first.
pub fn comparison(views: &[VariantResult]) -> Vec<Row> {
    views[1..]
        .iter()
        .flat_map(|v| compare::paired(&views[0], v))
        .collect()
}

/// Span of the queue-length pictures: four weeks after the warm-up, or the whole window.
fn queue_span(model: &Model) -> f64 {
    let s = &model.settings;
    (28.0 * 1440.0 / s.time_unit.minutes()).min(s.horizon - s.warmup)
}

/// Checks that the optional outputs fit a run of `replications` replications, before
/// anything runs.
pub fn check_outputs(outputs: &Outputs, replications: u32) -> Result<(), Error> {
    if (outputs.event_log || outputs.cases)
        && let Some(bad) = outputs
            .log_replications
            .iter()
            .find(|r| **r >= replications)
    {
        return Err(UsageError(format!(
            "--log-replications {bad}: the run has replications 0..{replications} only"
        ))
        .into());
    }
    Ok(())
}

/// Writes report.html, the event logs and cases.csv of `outcome` into `out`, as `outputs`
/// asks.
///
/// Returns whether it wrote them all: once `stop` says so, it stops before the next traced
/// replication or the report, and leaves none of them.
pub fn write_optional(
    out: &OutputDir,
    study: &Study,
    outcome: &Outcome,
    comparison: &[Row],
    manifest: &Manifest,
    outputs: &Outputs,
    stop: &dyn Fn() -> bool,
) -> Result<bool, Error> {
    let o = outputs;
    let variants = &study.variants;
    // With --precision the run may stop before a replication asked for: only those run
    // are logged (the command says which were not).
    let logged: Vec<u32> = o
        .log_replications
        .iter()
        .copied()
        .filter(|&r| r < manifest.replications)
        .collect();
    // Replication 0's traces, kept for the report's queue pictures.
    let mut traces: Vec<(usize, u32, Trace)> = Vec::new();
    if o.event_log || o.cases {
        use export::eventlog as log;
        // Streamed, one traced replication at a time: the memory of one, however many
        // are logged.
        let open = |name: &str, wanted: bool| wanted.then(|| out.create(name)).transpose();
        let mut csv = open("event_log.csv", o.event_log)?;
        let mut xes = open("event_log.xes", o.event_log)?;
        let mut cases = open("cases.csv", o.cases)?;
        let stages = log::case_stages(variants.iter().map(|v| &v.model));
        let failed = |name: &str| {
            let file = out.path().join(name).display().to_string();
            move |error| crate::error::ExportError::Io { file, error }
        };
        if let Some(f) = &mut csv {
            log::csv_header(f).map_err(failed("event_log.csv"))?;
        }
        if let Some(f) = &mut xes {
            log::xes_header(f).map_err(failed("event_log.xes"))?;
        }
        if let Some(f) = &mut cases {
            log::cases_header(f, &stages).map_err(failed("cases.csv"))?;
        }
        for (i, v) in variants.iter().enumerate() {
            for &r in &logged {
                if stop() {
                    return Ok(false);
                }
                let span = queue_span(&v.model);
                let trace = engine::simulate_traced(&v.model, u64::from(r), span, o.log_cases).1;
                // A signal is heeded between the pieces of work, not only before them: the
                // last replication's logs can take longer than all the runs.
                if stop() {
                    return Ok(false);
                }
                let traced = Traced {
                    variant: &v.name,
                    replication: r,
                    model: &v.model,
                    trace: &trace,
                };
                if let Some(f) = &mut csv {
                    log::csv_rows(f, &traced).map_err(failed("event_log.csv"))?;
                }
                if let Some(f) = &mut xes {
                    if stop() {
                        return Ok(false);
                    }
                    log::xes_traces(f, &traced).map_err(failed("event_log.xes"))?;
                }
                if let Some(f) = &mut cases {
                    if stop() {
                        return Ok(false);
                    }
                    log::cases_rows(f, &stages, &traced).map_err(failed("cases.csv"))?;
                }
                if r == 0 && o.report {
                    traces.push((i, r, trace));
                }
            }
        }
        if stop() {
            return Ok(false);
        }
        if let Some(mut f) = xes {
            log::xes_footer(&mut f).map_err(failed("event_log.xes"))?;
            f.commit()?;
        }
        for f in [csv, cases].into_iter().flatten() {
            f.commit()?;
        }
    }
    if o.report {
        if stop() {
            return Ok(false);
        }
        let html = report_html(study, outcome, comparison, manifest, traces, o.lang);
        if stop() {
            return Ok(false);
        }
        out.write("report.html", html.as_bytes())?;
    }
    Ok(true)
}

/// The report; the queue pictures come from replication 0 of each variant, taken from
/// `traced` (the event-log traces) where it is there, else traced now.
pub fn report_html(
    study: &Study,
    outcome: &Outcome,
    comparison: &[Row],
    manifest: &Manifest,
    traced: Vec<(usize, u32, Trace)>,
    lang: crate::i18n::Lang,
) -> String {
    with_report(
        study,
        outcome,
        comparison,
        manifest,
        traced,
        lang,
        crate::report::html,
    )
}

/// The report's sections without the page around them (for the web app of `serve`).
pub fn report_sections(
    study: &Study,
    outcome: &Outcome,
    comparison: &[Row],
    manifest: &Manifest,
    lang: crate::i18n::Lang,
) -> String {
    with_report(
        study,
        outcome,
        comparison,
        manifest,
        Vec::new(),
        lang,
        crate::report::sections,
    )
}

fn with_report(
    study: &Study,
    outcome: &Outcome,
    comparison: &[Row],
    manifest: &Manifest,
    mut traced: Vec<(usize, u32, Trace)>,
    lang: crate::i18n::Lang,
    draw: fn(&crate::report::Input) -> String,
) -> String {
    let variants = &study.variants;
    let traces: Vec<Trace> = (0..variants.len())
        .map(
            |i| match traced.iter().position(|(v, r, _)| *v == i && *r == 0) {
                Some(k) => traced.swap_remove(k).2,
                None => {
                    let m = &variants[i].model;
                    engine::simulate_traced(m, 0, queue_span(m), Some(0)).1
                }
            },
        )
        .collect();
    let parts: Vec<crate::report::Variant> = variants
        .iter()
        .zip(&outcome.results)
        .zip(&traces)
        .map(|((v, result), trace)| crate::report::Variant {
            name: &v.name,
            label: v.label.as_deref(),
            model: &v.model,
            result,
            trace,
        })
        .collect();
    draw(&crate::report::Input {
        variants: &parts,
        comparison,
        manifest,
        lang,
    })
}

/// `command_line` (from a run.json) run again into `dir`, replacing what is there, so that
/// the folder gets its report: its own `--out`, `--report` and `--force` left out, and
/// quoted for a shell. A merge, which draws no report, is followed by `report`.
fn rerun_into(command_line: &[String], dir: &Path) -> String {
    let quote = crate::export::shell_word;
    let merge = command_line.get(1).is_some_and(|c| c == "merge");
    let mut out = Vec::new();
    let mut args = command_line.iter();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" | "-o" => {
                args.next();
            }
            "--report" | "--force" => {}
            a if a.starts_with("--out=") || (a.starts_with("-o") && a.len() > 2) => {}
            a => out.push(quote(a)),
        }
    }
    if !merge {
        out.push("--report".to_string());
    }
    out.extend(["--force".to_string(), "--out".to_string()]);
    let dir = quote(&dir.display().to_string());
    out.push(dir.clone());
    let command = out.join(" ");
    match merge {
        true => format!("{command}, then expansim report {dir}"),
        false => command,
    }
}

/// `report DIR`: re-runs the replications recorded in `DIR/run.json`, checks that they
/// reproduce `DIR/summary.csv`, and writes `DIR/report.html` in `lang` (replacing one only
/// with `force`). Returns the report's path.
pub fn report_folder(
    dir: &Path,
    force: bool,
    jobs: usize,
    lang: crate::i18n::Lang,
    progress: &dyn Progress,
) -> Result<std::path::PathBuf, Error> {
    let manifest_path = dir.join("run.json");
    // Not a results folder: say which folders make a report (a sweep's does not).
    if let Err(why) = std::fs::metadata(&manifest_path) {
        return Err(UsageError(format!(
            "could not read '{file}' ({why}); give a folder written by expansim run or compare",
            file = manifest_path.display()
        ))
        .into());
    }
    let manifest = Manifest::read(&manifest_path)?;
    let version = env!("CARGO_PKG_VERSION");
    if manifest.expansim_version != version {
        return Err(UsageError(format!(
            "'{dir}' was written by expansim {written}, this is {version}; rerun the command in it ({command}) to make a report",
            dir = dir.display(),
            written = manifest.expansim_version,
            command = manifest.command_line.join(" ")
        ))
        .into());
    }
    if !manifest.complete {
        return Err(UsageError(interrupted_folder(dir, &manifest)).into());
    }
    if manifest.shard.is_some() || manifest.sweep.is_some() || manifest.variants.is_empty() {
        return Err(UsageError(format!(
            "'{dir}' holds {why}; make a report of a run or comparison (merge shards first)",
            dir = dir.display(),
            why = if manifest.shard.is_some() {
                "one shard of a run"
            } else if dir.join("optimize.json").exists() {
                "the results of optimize (optimize.csv and optimize.json)"
            } else if dir.join("sensitivity.csv").exists() {
                if dir.join("report.html").exists() {
                    "the results of sensitivity, whose report.html is already there"
                } else {
                    "the results of sensitivity, which draws its report.html itself (its command is in run.json: run it again to redraw it)"
                }
            } else {
                "a sweep"
            }
        ))
        .into());
    }
    if dir.join("report.html").exists() && !force {
        return Err(crate::error::ExportError::Exists {
            file: dir.join("report.html").display().to_string(),
        }
        .into());
    }
    let study = Study::from_manifest(&manifest)?;
    let outcome = study.run(
        Replications::Range(0..manifest.replications),
        jobs,
        progress,
    )?;
    let views = outcome.views(&study);
    let existing = std::fs::read(dir.join("summary.csv")).unwrap_or_default();
    let existing = export::strip_bom(&existing);
    let rerun = export::csv::summary(&views);
    if existing != rerun.as_slice() {
        // The first line that differs, as the file has it and as the run gives it.
        let text = |b: &[u8]| {
            String::from_utf8_lossy(b)
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let (was, now) = (text(existing), text(&rerun));
        let line = (0..was.len().max(now.len()))
            .find(|&i| was.get(i) != now.get(i))
            .unwrap_or(0);
        let shown =
            |l: Option<&String>| l.map_or("(none)".to_string(), |l| l.chars().take(120).collect());
        return Err(UsageError(format!(
            "re-running '{file}' does not reproduce its summary.csv (was a file edited?): line {n} is {was} in the file, {now} re-run; run the command again into this folder to draw its report: {command}",
            file = manifest_path.display(),
            n = line + 1,
            was = shown(was.get(line)),
            now = shown(now.get(line)),
            command = rerun_into(&manifest.command_line, dir)
        ))
        .into());
    }
    let comparison = if dir.join("comparison.csv").exists() && views.len() > 1 {
        comparison(&views)
    } else {
        Vec::new()
    };
    let out = OutputDir::prepare_existing(dir);
    let written = out.write(
        "report.html",
        report_html(&study, &outcome, &comparison, &manifest, Vec::new(), lang).as_bytes(),
    )?;
    // The report is one of the results: a later `--force` replaces it with them.
    crate::export::touch(&manifest_path);
    Ok(written)
}

/// Calendars whose holiday data do not cover the dates of `runs` (each variant simulated
/// up to a time): one per calendar, with the first date it does not cover.
fn uncovered<'a>(runs: impl Iterator<Item = (&'a Variant, f64)>) -> Vec<Uncovered> {
    let mut out: Vec<Uncovered> = Vec::new();
    for (v, end) in runs {
        let s = &v.model.settings;
        let days = (end * s.time_unit.minutes() / 1440.0).ceil();
        let to = s.start_date + chrono::Days::new(days.clamp(0.0, 1e6) as u64);
        for c in &v.model.calendars {
            if out.iter().any(|u| u.calendar == c.name) {
                continue;
            }
            if let Some(first) = c.first_uncovered(s.start_date, to) {
                out.push(Uncovered {
                    calendar: c.name.clone(),
                    covers: c.covers.iter().copied().collect(),
                    first_uncovered: first,
                    last_simulated: to,
                });
            }
        }
    }
    out
}

/// Per class of `model`, the cases of `result` that arrived in the observation window but
/// had not finished when the run ended (lead times leave them out, and are too short), each
/// said by `said` ([`CENSORED`], or texts of the same places with other advice): its first
/// text where some of the class's cases finished, its second where none did.
pub fn censoring(model: &Model, result: &RunResult, said: [&'static str; 2]) -> Vec<String> {
    let mut out = Vec::new();
    for (c, class) in model.classes.iter().enumerate() {
        let kpi = Kpi {
            class: Some(c as u32),
            metric: Metric::CensoredCases,
            subject: Subject::None,
        };
        let censored: f64 = result.column(&kpi).unwrap_or_default().iter().sum();
        if censored > 0.0 {
            let s = &model.settings;
            let lead = Kpi {
                metric: Metric::LeadTime,
                ..kpi
            };
            // With no case finished there are no lead times to be too short.
            let none_finished = result
                .column(&lead)
                .is_some_and(|v| v.iter().all(|x| !x.is_finite()));
            out.push(Lang::En.fill(
                said[usize::from(none_finished)],
                &[
                    ("n", &censored.to_string()),
                    (
                        "class",
                        &crate::i18n::tagged(&class.name, class.label.as_deref()),
                    ),
                    ("replications", &result.replications.len().to_string()),
                    (
                        "time",
                        &(s.horizon * crate::scenario::model::DRAIN_FACTOR).to_string(),
                    ),
                    ("unit", &Lang::En.units(s.time_unit.name())),
                ],
            ));
        }
    }
    out
}

/// What [`censoring`] says where the results are files: of a class some of whose cases
/// finished (their lead times are too short), and of one none of whose cases did (it has no
/// lead times; a longer horizon helps only if no pool is overloaded): the horizon is to be
/// lengthened.
pub const CENSORED: [&str; 2] = [
    "{n} cases of class {class} over {replications} replications had not finished when the run ended ({time} {unit}, 3 x the horizon); lead times leave them out and are too short: lengthen the horizon (see censored_cases in summary.csv)",
    "{n} cases of class {class} over {replications} replications had not finished when the run ended ({time} {unit}, 3 x the horizon), and none of the class had, so it has no lead times: if a pool is unstable, add staff or lower its load, else lengthen the horizon (see censored_cases in summary.csv)",
];

/// A message about variant `name`.
pub fn of_variant(name: &str, message: &str) -> String {
    if name == crate::scenario::variant::BASELINE {
        // The same words, which Chinese reads as the current process's own name.
        return Lang::En.fill("variant current: {message}", &[("message", message)]);
    }
    Lang::En.fill(
        "variant {variant}: {message}",
        &[("variant", name), ("message", message)],
    )
}

/// A rate with three significant digits (20.0, 13.6, 0.0822).
fn three_digits(x: f64) -> String {
    let digits = if x == 0.0 || !x.is_finite() {
        1
    } else {
        (2 - x.abs().log10().floor() as i32).clamp(0, 12) as usize
    };
    format!("{x:.digits$}")
}

/// A share as a percentage with two decimals, or two significant digits when it is smaller
/// (a precision of 1e-6 is 1.0e-4%, not 0.00%).
fn percent(x: f64) -> String {
    let p = 100.0 * x;
    if p == 0.0 || p.abs() >= 0.01 || !p.is_finite() {
        format!("{p:.2}%")
    } else {
        format!("{p:.1e}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_is_run_again_into_the_folder_with_its_report() {
        let args = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        let dir = Path::new("res/r3");
        assert_eq!(
            rerun_into(&args("expansim run my.toml -r 2 --out r2 --report -q"), dir),
            "expansim run my.toml -r 2 -q --report --force --out res/r3"
        );
        assert_eq!(
            rerun_into(
                &args("expansim compare -or2 --out=r2"),
                Path::new("my results")
            ),
            "expansim compare --report --force --out 'my results'"
        );
        assert_eq!(
            rerun_into(&args("expansim merge s0 s1 -o m --force"), Path::new("m")),
            "expansim merge s0 s1 --force --out m, then expansim report m"
        );
    }

    #[test]
    fn rates_are_given_to_three_digits() {
        assert_eq!(three_digits(20.0), "20.0");
        assert_eq!(three_digits(13.589), "13.6");
        assert_eq!(three_digits(0.08219), "0.0822");
        assert_eq!(three_digits(1234.5), "1234");
    }
}
