//! The lab behind the page: the controls a scenario (and each variant) offers, requests
//! read against them, and the runs, replays and sensitivity charts they ask for.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::{Deserialize, Serialize};

use super::figures::{self, CHANGED, stage_label};
use crate::engine;
use crate::error::ScenarioError;
use crate::export::graph;
use crate::i18n::Lang;
use crate::metrics::{Kpi, Metric, Subject};
use crate::scenario::model::{Route, StageKind};
use crate::scenario::{self, Model, Variant, variant::BASELINE};
#[cfg(test)]
use crate::study::Silent;
use crate::study::{Progress, Replications, Study};

/// Relative change of rates, times and probabilities when the page asks which inputs matter.
const SENSITIVITY_DELTA: f64 = 0.2;
/// What [`crate::study::censoring`] says on the page, which has no horizon to change.
const CENSORED: [&str; 2] = [
    "{n} cases of class {class} over {replications} replications had not finished when the run ended ({time} {unit}, 3 x the horizon); lead times leave them out and are too short: run the command line shown under the figures with a longer horizon (add --set scenario.horizon=...)",
    "{n} cases of class {class} over {replications} replications had not finished when the run ended ({time} {unit}, 3 x the horizon), and none of the class had, so it has no lead times: if a pool is unstable, add staff or lower its load, else run the command line shown under the figures with a longer horizon (add --set scenario.horizon=...)",
];
/// Why a run has no answer: it was stopped (its client went away, or the server is stopping).
const STOPPED: &str = "the run was stopped before it finished";
/// Inputs shown per tornado chart in the page.
const SENSITIVITY_TOP: usize = 10;

/// What a kind of control changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The staff of a pool.
    Pool,
    /// The arrival rate of a class.
    Arrival,
    /// The mean delay of a hand-off stage (the shape of its distribution kept).
    Handoff,
    /// The rework probability of a stage (first attempt).
    Rework,
}

impl Kind {
    /// The heading of the controls of this kind.
    pub fn heading(self) -> &'static str {
        match self {
            Kind::Pool => "Staff",
            // Each in its own unit (per working day, per hour…).
            Kind::Arrival => "Arrival rates",
            Kind::Handoff => "Hand-off delays (mean)",
            Kind::Rework => "Rework probabilities",
        }
    }
}

/// One setting the page offers, with its bounds.
#[derive(Debug, Clone, Serialize)]
pub struct Control {
    /// The scenario path it changes (as `--set` writes it).
    pub path: String,
    /// What it changes.
    pub kind: Kind,
    /// What a person reads beside it (the scenario's label and name).
    pub label: String,
    /// Its value in the scenario.
    pub value: f64,
    /// Smallest value accepted.
    pub min: f64,
    /// Largest value accepted.
    pub max: f64,
    /// Step of the input.
    pub step: f64,
    /// The unit of the value as the page shows it (`wd`, `day`, `/wd`; empty for a count
    /// or a probability).
    pub unit: String,
    /// The unit suffix the scenario writes after the value (`/wd`), if any.
    #[serde(skip)]
    suffix: String,
}

/// Bounds on what one request may ask for.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Most replications of a run.
    pub replications: u32,
    /// Most simulated cases of a run (both variants, all replications).
    pub cases: f64,
    /// Most weeks of a replay.
    pub weeks: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            replications: 200,
            cases: 2e7,
            weeks: 26,
        }
    }
}

/// A problem of a request's value, with the value it got.
fn said_of(l: Lang, problem: String, got: &serde_json::Value) -> String {
    problem + &l.aside(&crate::error::clip(&got.to_string()))
}

/// What the page asks for.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// A variant of the scenario to start from (empty: the process as written).
    #[serde(default)]
    pub variant: String,
    /// Replications (default: the scenario's).
    #[serde(default)]
    pub replications: Option<u32>,
    /// Values of controls, by path; those equal to the scenario's value change nothing.
    #[serde(default)]
    pub values: BTreeMap<String, f64>,
    /// Language of the answer (default: the server's).
    #[serde(default)]
    pub lang: Option<Lang>,
    /// Weeks of the replay (default 8).
    #[serde(default)]
    pub weeks: Option<u32>,
}

/// The answer to "which inputs matter": each input of the changed settings raised and lowered
/// on its own, against those settings.
#[derive(Debug, Clone, Serialize)]
pub struct Sensitivity {
    /// What was done, and a tornado chart per class for lead time and the share within the
    /// limit: HTML.
    pub html: String,
    /// Changes run, each on the request's replications.
    pub runs: usize,
}

/// The answer to a run.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// Key figures by class: HTML table.
    pub headline: String,
    /// The report's sections for the baseline and the changed settings.
    pub report: String,
    /// The process map of the changed settings, coloured by mean waiting time, with its
    /// legend.
    pub map: String,
    /// The same run on the command line.
    pub command: String,
    /// Warnings about the changed settings (pools near or above capacity).
    pub warnings: Vec<String>,
}

/// One replication of a variant, traced for the replay.
#[derive(Debug, Clone, Serialize)]
pub struct Track {
    /// `current` or [`CHANGED`].
    pub name: String,
    /// The process map cases move on.
    pub map: graph::Map,
    /// Stage labels, by stage index.
    pub labels: Vec<String>,
    /// Stage kinds (`staffed`, `handoff`, `external`), by stage index.
    pub kinds: Vec<&'static str>,
    /// Activities `[case, class, stage, enabled, start, end]` of the cases that arrive in the
    /// window, and those that end in it of the cases already in the process at its start,
    /// times in the scenario's unit.
    pub activities: Vec<[f64; 6]>,
    /// Per case that arrives in the window: `[case, class, arrival, end]` (end `-1` when
    /// unfinished).
    pub cases: Vec<[f64; 4]>,
    /// Per pool: its label, and `(time, cases waiting)` at each change.
    pub queues: Vec<(String, Vec<(f64, u32)>)>,
}

/// A replay of the baseline and the changed settings over the same window.
#[derive(Debug, Clone, Serialize)]
pub struct Replay {
    /// Window start and end, in time units.
    pub from: f64,
    /// Window end.
    pub to: f64,
    /// Minutes per time unit.
    pub minutes: f64,
    /// The date at time 0 (ISO).
    pub start_date: String,
    /// Days (numbered from the start date) in the window on which the office is closed.
    pub closed_days: Vec<i64>,
    /// Class labels.
    pub classes: Vec<String>,
    /// Baseline, then changed settings.
    pub tracks: Vec<Track>,
}

/// A refused request: every problem found, each naming the setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub Vec<String>);

impl Refused {
    /// The problems in `lang`, one after the other.
    pub fn in_lang(&self, lang: Lang) -> String {
        let problems: Vec<String> = self.0.iter().map(|p| lang.translate(p)).collect();
        problems.join(match lang {
            Lang::En => "; ",
            Lang::Zh => "；",
        })
    }
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join("; "))
    }
}

/// A scenario served to the page: its document (included calendars written out, so nothing
/// is read again), the process as written, and the controls it offers.
#[derive(Debug, Clone)]
pub struct Lab {
    document: toml::Table,
    /// The scenario as loaded (the process as written and its variants).
    pub loaded: scenario::Loaded,
    /// The controls, in page order, with the values of the process as written.
    pub controls: Vec<Control>,
    /// Each variant's controls, with the values the variant runs: a variant may change a
    /// rate, a delay or a pool, or leave a stage out (by variant name).
    variant_controls: BTreeMap<String, Vec<Control>>,
    /// Bounds on requests.
    pub limits: Limits,
    /// The path of the scenario file as given, for the command line shown (`None`: the
    /// built-in county).
    pub file: Option<String>,
}

impl Lab {
    /// The request in `body` (JSON), or why it is not one, in its own language (else in
    /// `lang`): a value that is not a number, or a count that is not a whole number, is
    /// named by the setting the page shows.
    pub fn request(&self, body: &[u8], lang: Lang) -> Result<Request, String> {
        let not_settings = |why: &str, l: Lang| {
            l.translate(&format!("the request is not the page's settings: {why}"))
        };
        let value: serde_json::Value =
            serde_json::from_slice(body).map_err(|why| not_settings(&why.to_string(), lang))?;
        let Some(fields) = value.as_object() else {
            let example = r#"{"values": {"pools.reviewer": 3}, "replications": 5}"#;
            return Err(not_settings(
                &format!("expected an object such as {example}"),
                lang,
            ));
        };
        let l = fields
            .get("lang")
            .and_then(serde_json::Value::as_str)
            .and_then(Lang::from_code)
            .unwrap_or(lang);
        let mut problems = Vec::new();
        for (key, name) in [
            ("replications", l.t("Replications")),
            ("weeks", l.t("Weeks of the replay")),
        ] {
            let whole =
                |v: &serde_json::Value| v.as_u64().is_some_and(|n| n <= u64::from(u32::MAX));
            let limit = |n: &str| match key {
                "replications" => format!(
                    "replications = {r} is outside 1 to {max}",
                    r = n,
                    max = self.limits.replications
                ),
                _ => format!(
                    "weeks = {w} is outside 1 to {max}",
                    w = n,
                    max = self.limits.weeks
                ),
            };
            // Whole, but more than any count held (written as an integer or as 1e20).
            let too_many = fields.get(key).and_then(|v| {
                v.as_u64().map(|n| n.to_string()).or_else(|| {
                    v.as_f64()
                        .filter(|x| x.is_finite() && x.fract() == 0.0 && *x > 0.0)
                        .map(|x| format!("{x:.0}"))
                })
            });
            let max = match key {
                "replications" => self.limits.replications,
                _ => self.limits.weeks,
            };
            // Past what a count holds, or written as a decimal (1e9) past the limit: the
            // limit is the problem, not the way it is written.
            let past = |n: &String| n.parse::<u32>().map_or(true, |n| n > max);
            if let Some(n) = too_many.filter(past) {
                problems.push(l.translate(&limit(&n)));
            } else if let Some(v) = fields.get(key).filter(|v| !v.is_null() && !whole(v)) {
                let template = if v.as_i64().is_some_and(|n| n < 0) {
                    "{setting}: enter a count from 1"
                } else {
                    "{setting}: enter a whole number"
                };
                problems.push(said_of(l, l.fill(template, &[("setting", name)]), v));
            }
        }
        if let Some(values) = fields.get("values").and_then(serde_json::Value::as_object) {
            for (path, v) in values {
                if !v.is_number() {
                    let name = self
                        .controls
                        .iter()
                        .find(|c| c.path == *path)
                        .map_or(path.as_str(), |c| c.label.as_str());
                    problems.push(said_of(
                        l,
                        l.fill("{setting}: enter a number", &[("setting", name)]),
                        v,
                    ));
                }
            }
        }
        if !problems.is_empty() {
            return Err(Refused(problems).in_lang(l));
        }
        serde_json::from_value(value).map_err(|why| not_settings(&why.to_string(), l))
    }

    /// Serves the study's scenario (loaded without overrides); `file` is its path as the
    /// user gave it.
    pub fn new(study: &Study, file: Option<String>) -> Result<Lab, ScenarioError> {
        let loaded = study.loaded.clone();
        let document = scenario::inline_includes(&loaded.document, loaded.base.as_deref())?;
        let controls = controls(&loaded.document, &loaded.model);
        let variant_controls = loaded
            .variants
            .iter()
            .map(|v| (v.name.clone(), self::controls(&v.document, &v.model)))
            .collect();
        Ok(Lab {
            document,
            loaded,
            controls,
            variant_controls,
            limits: Limits::default(),
            file,
        })
    }

    /// The controls of `variant` (empty or `current`: the process as written; an unknown
    /// name has none), with the values it runs.
    pub fn controls_of(&self, variant: &str) -> Option<&[Control]> {
        match variant {
            "" | BASELINE => Some(&self.controls),
            v => self.variant_controls.get(v).map(Vec::as_slice),
        }
    }

    /// The scenario document of `variant` (as [`Lab::controls_of`] names it).
    fn document_of(&self, variant: &str) -> &toml::Table {
        match self.loaded.variants.iter().find(|v| v.name == variant) {
            Some(v) => &v.document,
            None => &self.document,
        }
    }

    /// The `--set` assignments a request stands for (replications included), or every
    /// problem with it. Values are read against the chosen variant's: one it leaves as it
    /// runs is no change.
    pub fn sets(&self, req: &Request) -> Result<Vec<String>, Refused> {
        let mut problems = Vec::new();
        let mut sets = Vec::new();
        // An unknown variant is reported below; the values are still checked.
        let controls = self
            .controls_of(&req.variant)
            .unwrap_or(self.controls.as_slice());
        let document = self.document_of(&req.variant);
        for (path, &v) in &req.values {
            let Some(c) = controls.iter().find(|c| c.path == *path) else {
                let variant = &req.variant;
                problems.push(if self.controls.iter().any(|c| c.path == *path) {
                    format!(
                        r#""{path}" is not a setting of this page with variant "{variant}", which has no such stage"#
                    )
                } else {
                    format!(
                        r#""{path}" is not a setting of this page; the settings are the pools, arrival rates, hand-off delays and rework probabilities listed"#
                    )
                });
                continue;
            };
            if !v.is_finite() || v < c.min || v > c.max {
                let (label, min, max) = (&c.label, c.min, c.max);
                problems.push(format!("{label} ({path}) = {v} is outside {min} to {max}"));
                continue;
            }
            if c.kind == Kind::Pool && v.fract() != 0.0 {
                let label = &c.label;
                problems.push(format!(
                    "{label} ({path}) = {v}: staff come in whole people"
                ));
                continue;
            }
            if (v - c.value).abs() <= 1e-12 * c.value.abs().max(1.0) {
                continue;
            }
            match assignment(c, v, document) {
                Ok(s) => sets.extend(s),
                Err(e) => problems.push(e),
            }
        }
        let default = self.loaded.model.settings.replications;
        match req.replications {
            Some(r) if r == 0 || r > self.limits.replications => problems.push(format!(
                "replications = {r} is outside 1 to {max}",
                max = self.limits.replications
            )),
            Some(r) if r != default => sets.push(format!("scenario.replications={r}")),
            _ => {}
        }
        if !req.variant.is_empty()
            && req.variant != BASELINE
            && self.loaded.variant(&req.variant).is_err()
        {
            let names: Vec<&str> = self
                .loaded
                .variants
                .iter()
                .map(|v| v.name.as_str())
                .collect();
            problems.push(if names.is_empty() {
                format!(
                    r#"variant "{variant}" is not in the scenario, which has none; start from the current process"#,
                    variant = req.variant
                )
            } else {
                format!(
                    r#"variant "{variant}" is not in the scenario (it has: {names})"#,
                    variant = req.variant,
                    names = names.join(", ")
                )
            });
        }
        if let Some(w) = req.weeks
            && (w == 0 || w > self.limits.weeks)
        {
            problems.push(format!(
                "weeks = {w} is outside 1 to {max}",
                max = self.limits.weeks
            ));
        }
        if problems.is_empty() {
            Ok(sets)
        } else {
            Err(Refused(problems))
        }
    }

    /// The study a request runs: the baseline (the process as written, with the request's
    /// replications) and the changed settings (its variant and values), under common random
    /// numbers; with the `--set`s that make the changed settings.
    pub fn study(&self, req: &Request) -> Result<(Study, Vec<String>), Refused> {
        let sets = self.sets(req)?;
        let refused = |e: ScenarioError| Refused(vec![e.to_string()]);
        let reps: Vec<String> = sets
            .iter()
            .filter(|s| s.starts_with("scenario.replications="))
            .cloned()
            .collect();
        let base = self.load(&reps).map_err(refused)?.current();
        let loaded = self.load(&sets).map_err(refused)?;
        let mut changed = match req.variant.as_str() {
            "" | BASELINE => loaded.current(),
            v => loaded.variant(v).map_err(refused)?.clone(),
        };
        let lang = req.lang.unwrap_or_default();
        changed.label = Some(if changed.name == BASELINE {
            lang.t("Changed settings").to_string()
        } else {
            format!("{} + {}", changed.name, lang.t("Changed settings"))
        });
        changed.name = CHANGED.to_string();
        let study = Study {
            loaded,
            variants: vec![base, changed],
        };
        let work = study.cases_per_replication() * f64::from(study.model().settings.replications);
        if work > self.limits.cases {
            return Err(Refused(vec![format!(
                "this run would simulate about {work} cases, more than the {max} a run of this page may; use fewer replications or lower arrival rates",
                work = format_args!("{work:.1e}"),
                max = format_args!("{:.0e}", self.limits.cases)
            )]));
        }
        Ok((study, sets))
    }

    fn load(&self, sets: &[String]) -> Result<scenario::Loaded, ScenarioError> {
        let mut doc = self.document.clone();
        for s in sets {
            scenario::set::apply(&mut doc, s)?;
        }
        let l = &self.loaded;
        scenario::from_document(doc, &l.source, &l.sha256, None, sets)
    }

    /// The command line that runs the changed settings alone (the same figures).
    pub fn command(&self, req: &Request, sets: &[String]) -> String {
        let mut cmd = String::from("expansim run");
        if let Some(f) = &self.file {
            let _ = write!(cmd, " {}", crate::export::shell_word(f));
        }
        if !req.variant.is_empty() && req.variant != BASELINE {
            let _ = write!(
                cmd,
                " --variant {}",
                crate::export::shell_word(&req.variant)
            );
        }
        for s in sets {
            let _ = write!(cmd, " --set {}", crate::export::shell_word(s));
        }
        cmd
    }

    /// Runs a request on `jobs` threads; refused when `progress` stops it before it ends.
    pub fn run(
        &self,
        req: &Request,
        jobs: usize,
        lang: Lang,
        progress: &dyn Progress,
    ) -> Result<Answer, Refused> {
        let lang = req.lang.unwrap_or(lang);
        let req = &Request {
            lang: Some(lang),
            ..req.clone()
        };
        let (study, sets) = self.study(req)?;
        let started = crate::export::manifest::now_rfc3339();
        let outcome = study
            .run(Replications::Scenario, jobs, progress)
            .map_err(|e| Refused(vec![e.to_string()]))?;
        if !outcome.complete {
            return Err(Refused(vec![STOPPED.to_string()]));
        }
        let comparison = outcome.comparison(&study);
        let reps = study.model().settings.replications;
        let command = self.command(req, &sets);
        let mut manifest = study
            .manifest(
                reps,
                jobs,
                None,
                started,
                crate::export::manifest::now_rfc3339(),
            )
            .map_err(|e| Refused(vec![e.to_string()]))?;
        manifest.command_line = vec![command.clone()];
        (manifest.events, manifest.cases) = outcome.counts();
        let report = crate::study::report_sections(&study, &outcome, &comparison, &manifest, lang);
        let changed = &study.variants[1];
        let waits: Vec<f64> = (0..changed.model.stages.len())
            .map(|s| {
                let kpi = Kpi {
                    class: None,
                    metric: Metric::WaitingTime,
                    subject: Subject::Stage(s as u32),
                };
                outcome.results[1]
                    .column(&kpi)
                    .map_or(f64::NAN, |c| crate::stats::summarize(&c).mean)
            })
            .collect();
        Ok(Answer {
            headline: figures::headline(&study, &outcome, &comparison, lang),
            report,
            map: figures::waiting_map(&changed.model, &waits, lang),
            command,
            warnings: study
                .warnings()
                .into_iter()
                .chain(outcome.censoring_warnings(&study, CENSORED))
                .chain(
                    outcome
                        .uncovered_dates(&study)
                        .iter()
                        .map(ToString::to_string),
                )
                .map(|w| lang.translate(&page_warning(&w)))
                .collect(),
        })
    }

    /// Which inputs matter for the changed settings: every input changed one at a time (as
    /// `expansim sensitivity` does) on the request's replications, common random numbers,
    /// run on `jobs` threads; refused when it would simulate more cases than a run may.
    pub fn sensitivity(
        &self,
        req: &Request,
        jobs: usize,
        lang: Lang,
        progress: &dyn Progress,
    ) -> Result<Sensitivity, Refused> {
        use crate::sensitivity::{self as sens, METRICS};
        let l = req.lang.unwrap_or(lang);
        let (study, _) = self.study(req)?;
        let changed = &study.variants[1];
        let (changes, left_out) = sens::changes(changed, SENSITIVITY_DELTA);
        let (study, run, unstable) =
            sens::study(&study, changed, &changes).map_err(|e| Refused(vec![e.to_string()]))?;
        let reps = study.model().settings.replications;
        let work = study.cases_per_replication() * f64::from(reps);
        if work > self.limits.cases {
            return Err(Refused(vec![format!(
                "finding which inputs matter would simulate about {work} cases ({runs} runs of {reps} replications), more than the {max} a run of this page may; use fewer replications",
                work = format_args!("{work:.1e}"),
                runs = study.variants.len(),
                max = format_args!("{:.0e}", self.limits.cases)
            )]));
        }
        let outcome = study
            .run(Replications::Scenario, jobs, progress)
            .map_err(|e| Refused(vec![e.to_string()]))?;
        if !outcome.complete {
            return Err(Refused(vec![STOPPED.to_string()]));
        }
        let rows = sens::rows(&study, &outcome, &METRICS);
        let variant = &study.variants[0];
        let charts = sens::charts(variant, &run, &rows, SENSITIVITY_TOP, l);
        let mut html = format!(
            r#"<p class="note">{}</p>"#,
            crate::export::esc(&l.fill(
                "Each input of the changed settings raised and lowered on its own (staff by one; arrival rates, times and probabilities by {pct}), against those settings, on {n} replications with common random numbers: the bar is the mean paired difference, the line its 95% confidence interval; the {top} largest effects, largest first. {runs} runs.",
                &[
                    ("pct", &sens::step("", SENSITIVITY_DELTA)),
                    ("n", &reps.to_string()),
                    ("top", &SENSITIVITY_TOP.to_string()),
                    ("runs", &run.len().to_string()),
                ]
            ))
        );
        let not_run: Vec<(sens::Change, &str)> = unstable
            .into_iter()
            .map(|c| (c, sens::AT_CAPACITY))
            .chain(left_out)
            .collect();
        for note in sens::not_run_notes(variant, &not_run, false, l) {
            let _ = write!(
                html,
                r#"<p class="note warn">{}</p>"#,
                crate::export::esc(&note)
            );
        }
        html.push_str(&crate::report::tornado_charts(&charts, l));
        Ok(Sensitivity {
            html,
            runs: run.len(),
        })
    }

    /// Replication 0 of the baseline and the changed settings, traced over `weeks` weeks
    /// (default 8) after the warm-up.
    pub fn replay(&self, req: &Request) -> Result<Replay, Refused> {
        let (study, _) = self.study(req)?;
        let base = &study.variants[0].model;
        let s = &base.settings;
        let minutes = s.time_unit.minutes();
        let weeks = req.weeks.unwrap_or(8);
        let span = (f64::from(weeks) * 7.0 * 1440.0 / minutes).min(s.horizon - s.warmup);
        let (from, to) = (s.warmup, s.warmup + span);
        let tracks = study
            .variants
            .iter()
            .map(|v| track(v, from, to, req.lang.unwrap_or_default()))
            .collect::<Result<Vec<_>, _>>()?;
        let first_day = (from * minutes / 1440.0).floor() as i64;
        let last_day = (to * minutes / 1440.0).ceil() as i64;
        let closed_days = match base.calendar() {
            Some(cal) => (first_day..last_day)
                .filter(|&d| cal.working_between(d as f64 * 1440.0, (d + 1) as f64 * 1440.0) == 0.0)
                .collect(),
            None => Vec::new(),
        };
        Ok(Replay {
            from,
            to,
            minutes,
            start_date: s.start_date.to_string(),
            closed_days,
            classes: base
                .classes
                .iter()
                .map(|c| c.label.clone().unwrap_or_else(|| c.name.clone()))
                .collect(),
            tracks,
        })
    }
}

/// One traced replication of `v`: the cases in the process during `[from, to)`.
fn track(v: &Variant, from: f64, to: f64, l: Lang) -> Result<Track, Refused> {
    let m = &v.model;
    let rate: f64 = m
        .classes
        .iter()
        .map(|c| c.arrival.rate())
        .filter(|r| r.is_finite())
        .sum();
    // The cases arriving in the window, with room for chance.
    let expected = rate * (to - from);
    let limit = (expected + 6.0 * expected.sqrt() + 20.0).min(20_000.0) as usize;
    let (_, trace) = engine::simulate_replay(m, 0, to - from, Some(limit));
    let round = |x: f64| (x * 1e4).round() / 1e4;
    let activities: Vec<[f64; 6]> = trace
        .activities
        .iter()
        .filter(|a| a.enabled < to)
        .map(|a| {
            [
                a.case as f64,
                f64::from(a.class),
                f64::from(a.stage),
                round(a.enabled),
                round(a.start),
                round(a.end),
            ]
        })
        .collect();
    // A case with work ready before the window was in the process when it began.
    let before: std::collections::HashSet<u64> = trace
        .activities
        .iter()
        .filter(|a| a.enabled < from)
        .map(|a| a.case)
        .collect();
    let mut cases: BTreeMap<u64, [f64; 4]> = BTreeMap::new();
    for a in trace
        .activities
        .iter()
        .filter(|a| !before.contains(&a.case))
    {
        let e =
            cases
                .entry(a.case)
                .or_insert([a.case as f64, f64::from(a.class), f64::INFINITY, -1.0]);
        e[2] = e[2].min(round(a.enabled));
    }
    for c in &trace.cases {
        if let Some(e) = cases.get_mut(&c.case) {
            e[2] = round(c.arrival);
            e[3] = round(c.end);
        }
    }
    let map = graph::map(m, &[], l).map_err(|e| Refused(vec![e]))?;
    Ok(Track {
        name: v.name.clone(),
        map,
        labels: m.stages.iter().map(stage_label).collect(),
        kinds: m
            .stages
            .iter()
            .map(|s| match s.kind {
                StageKind::Staffed { .. } => "staffed",
                StageKind::Handoff { .. } => "handoff",
                StageKind::External => "external",
            })
            .collect(),
        activities,
        cases: cases.into_values().filter(|c| c[2] < to).collect(),
        queues: m
            .pools
            .iter()
            .zip(trace.queues)
            .map(|(p, q)| (p.label.clone().unwrap_or_else(|| p.name.clone()), q))
            .collect(),
    })
}

/// The controls a scenario offers: each pool's staff (for a pool of member groups, the whole
/// pool, as `--set pools.NAME=N` reads it: the first group takes what the others leave),
/// each class's arrival rate (Poisson rates only), each hand-off's mean delay, and each rework
/// decision's first-attempt probability.
fn controls(doc: &toml::Table, m: &Model) -> Vec<Control> {
    let mut out = Vec::new();
    let named = |label: &Option<String>, name: &str| match label {
        Some(l) => format!("{l} · {name}"),
        None => name.to_string(),
    };
    for p in &m.pools {
        let value = f64::from(p.size);
        // The members of the other groups stay: the pool cannot shrink below them.
        let others: u32 = p.groups.iter().skip(1).map(|g| g.count).sum();
        out.push(Control {
            path: format!("pools.{}", p.name),
            kind: Kind::Pool,
            label: named(&p.label, &p.name),
            value,
            min: f64::from(others.max(1)),
            max: (value * 10.0).clamp(50.0, 1000.0),
            step: 1.0,
            unit: String::new(),
            suffix: String::new(),
        });
    }
    for c in &m.classes {
        if !matches!(
            c.arrival,
            crate::scenario::model::Arrival::Poisson { .. }
                | crate::scenario::model::Arrival::Varying(_)
        ) {
            continue;
        }
        let path = format!("classes.{}.arrival_rate", c.name);
        let (value, suffix) = match lookup_class_rate(doc, &c.name) {
            Some(toml::Value::String(s)) => match s.find('/') {
                Some(i) => match s[..i].trim().parse::<f64>() {
                    Ok(x) => (x, s[i..].to_string()),
                    Err(_) => continue,
                },
                None => continue,
            },
            Some(toml::Value::Float(x)) => (*x, String::new()),
            Some(toml::Value::Integer(i)) => (*i as f64, String::new()),
            _ => continue,
        };
        out.push(Control {
            path,
            kind: Kind::Arrival,
            label: named(&c.label, &c.name),
            value,
            // A class keeps some arrivals: a rate must be positive.
            min: 0.01,
            max: (value * 10.0).max(1.0),
            step: 0.01,
            unit: if suffix.is_empty() {
                format!("/{}", m.settings.time_unit.name())
            } else {
                suffix.clone()
            },
            suffix,
        });
    }
    for st in &m.stages {
        if !matches!(st.kind, StageKind::Handoff { .. }) {
            continue;
        }
        let path = format!("stages.{}.duration", st.name);
        if crate::scenario::set::lookup(doc, &path).is_none() {
            continue;
        }
        // In working days when written in them, as the scenario writes it.
        let mut value = st.duration.dist.mean();
        let mut unit = m.settings.time_unit.name();
        if let (true, Some(cal)) = (st.duration.working, m.calendar()) {
            value *= m.settings.time_unit.minutes() / cal.working_day_minutes();
            unit = "wd";
        }
        let value = (value * 1e4).round() / 1e4;
        out.push(Control {
            path,
            kind: Kind::Handoff,
            label: named(&st.label, &st.name),
            value,
            min: 0.0,
            max: (value * 20.0).max(30.0),
            step: 0.05,
            unit: unit.to_string(),
            suffix: String::new(),
        });
    }
    let n = m.stages.len();
    for (si, st) in m.stages.iter().enumerate() {
        let rework = |path: String, value: f64| Control {
            path,
            kind: Kind::Rework,
            label: named(&st.label, &st.name),
            value,
            min: 0.0,
            max: 0.95,
            step: 0.01,
            unit: String::new(),
            suffix: String::new(),
        };
        if let Route::Rework { p, .. } = &st.route {
            let path = format!("stages.{}.next.p", st.name);
            if crate::scenario::set::lookup(doc, &path).is_some() {
                out.push(rework(path, p.first().copied().unwrap_or(0.0)));
            }
        }
        // Rework written as a random route with a branch back to earlier work.
        if let Route::Branches(bs) = &st.route {
            let route = format!("stages.{}.next", st.name);
            let written = crate::scenario::set::lookup(doc, &route)
                .and_then(toml::Value::as_array)
                .map_or(0, Vec::len);
            if written != bs.len() || bs.len() < 2 {
                continue;
            }
            // Back edges are marked on the classes' routes.
            let back = |i: usize| {
                (0..m.classes.len()).any(|c| {
                    matches!(m.routes.get(c * n + si), Some(Route::Branches(r)) if r.get(i).is_some_and(|b| b.rework))
                })
            };
            for (i, b) in bs.iter().enumerate().filter(|(i, _)| back(*i)) {
                out.push(rework(format!("{route}[{i}].p"), b.p));
            }
        }
    }
    out
}

/// A probability worked out from others, to 12 decimals: `0.7`, not the `0.6999999999999998`
/// of the arithmetic, in the command a user copies (and the run it stands for).
fn tidy(p: f64) -> f64 {
    (p * 1e12).round() / 1e12
}

/// The `PATH=VALUE`s for control `c` set to `v` in `document` (the chosen variant's): one,
/// or for a branch of a random route one per branch (the others keep their proportions, so
/// the probabilities still sum to 1).
fn assignment(c: &Control, v: f64, document: &toml::Table) -> Result<Vec<String>, String> {
    if let Some((route, i)) = branch_of(&c.path) {
        let branches = crate::scenario::set::lookup(document, route)
            .and_then(toml::Value::as_array)
            .ok_or_else(|| format!("{label}: the scenario has no {route}", label = c.label))?;
        let ps: Vec<f64> = branches
            .iter()
            .map(|b| b.get("p").and_then(toml::Value::as_float).unwrap_or(0.0))
            .collect();
        let rest = 1.0 - ps.get(i).copied().unwrap_or(1.0);
        if rest <= 0.0 {
            return Err(format!(
                "{label}: the other branches have no probability to take from",
                label = c.label
            ));
        }
        return Ok(ps
            .iter()
            .enumerate()
            .map(|(j, &q)| {
                let x = if j == i { v } else { q * (1.0 - v) / rest };
                format!("{route}[{j}].p={}", tidy(x))
            })
            .collect());
    }
    let value = match c.kind {
        Kind::Pool => format!("{}", v as u64),
        // Rework by attempt (`p = [0.4, 0.2]`): the first attempt's share is the control,
        // and the later ones move with it in proportion, as written relative to it.
        Kind::Rework => match crate::scenario::set::lookup(document, &c.path) {
            Some(toml::Value::Array(ps)) if ps.len() > 1 => {
                let ps: Vec<f64> = ps
                    .iter()
                    .map(|p| p.as_float().or_else(|| p.as_integer().map(|i| i as f64)))
                    .collect::<Option<_>>()
                    .ok_or_else(|| format!("{}: {} is not a list of numbers", c.label, c.path))?;
                let first = ps[0];
                let scaled: Vec<String> = ps
                    .iter()
                    .map(|&p| {
                        let x = if first > 0.0 { v * (p / first) } else { v };
                        format!("{}", tidy(x.min(1.0)))
                    })
                    .collect();
                format!("[{}]", scaled.join(", "))
            }
            _ => format!("{v}"),
        },
        Kind::Arrival if c.suffix.is_empty() => format!("{v}"),
        Kind::Arrival => format!("\"{v}{}\"", c.suffix),
        Kind::Handoff => {
            let at = crate::scenario::set::lookup(document, &c.path)
                .ok_or_else(|| format!("{}: the scenario has no {}", c.label, c.path))?;
            let factor = if c.value > 0.0 { v / c.value } else { 0.0 };
            // No delay at all: a digital hand-off.
            if factor == 0.0 {
                return Ok(vec![format!(
                    "{}={{ dist = \"deterministic\", value = 0 }}",
                    c.path
                )]);
            }
            match crate::scenario::set::scaled(at, factor) {
                Some(toml::Value::Table(t)) => {
                    let mut s = String::from("{ ");
                    for (i, (k, x)) in t.iter().enumerate() {
                        let _ = write!(s, "{}{k} = {x}", if i > 0 { ", " } else { "" });
                    }
                    s + " }"
                }
                Some(x) => x.to_string(),
                None => format!("\"{v}wd\""),
            }
        }
    };
    Ok(vec![format!("{}={value}", c.path)])
}

/// The route and branch of a branch probability's path (`stages.x.next[1].p`).
fn branch_of(path: &str) -> Option<(&str, usize)> {
    let inner = path.strip_suffix("].p")?;
    let (route, i) = inner.rsplit_once('[')?;
    Some((route, i.parse().ok()?))
}

/// The written arrival rate of class `name`.
fn lookup_class_rate<'a>(doc: &'a toml::Table, name: &str) -> Option<&'a toml::Value> {
    doc.get("classes")?
        .as_array()?
        .iter()
        .filter_map(toml::Value::as_table)
        .find(|c| c.get("name").and_then(toml::Value::as_str) == Some(name))?
        .get("arrival_rate")
}

/// A warning as the page says it: the changed settings are not a variant by name.
fn page_warning(warning: &str) -> String {
    let prefix = crate::study::of_variant(CHANGED, "");
    match warning.strip_prefix(&prefix) {
        Some(message) => Lang::En.fill("the changed settings: {message}", &[("message", message)]),
        None => warning.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab() -> Lab {
        let study = Study::load(crate::study::Source::County, &[]).unwrap();
        Lab::new(&study, None).unwrap()
    }

    #[test]
    fn the_county_offers_its_pools_rates_handoffs_and_rework() {
        let lab = lab();
        let kinds = |k| lab.controls.iter().filter(|c| c.kind == k).count();
        assert_eq!(kinds(Kind::Pool), lab.loaded.model.pools.len());
        assert_eq!(kinds(Kind::Arrival), 4);
        assert!(kinds(Kind::Handoff) >= 5, "{}", kinds(Kind::Handoff));
        assert!(kinds(Kind::Rework) >= 2, "{}", kinds(Kind::Rework));
        let reviewer = lab
            .controls
            .iter()
            .find(|c| c.path == "pools.reviewer")
            .unwrap();
        assert_eq!(reviewer.value, 2.0);
        let rate = lab
            .controls
            .iter()
            .find(|c| c.path == "classes.hv_single.arrival_rate")
            .unwrap();
        assert_eq!((rate.value, rate.suffix.as_str()), (1.08, "/wd"));
    }

    #[test]
    fn rework_by_attempt_moves_every_attempt_in_proportion() {
        // The county's design review sends back 40 % at the first attempt and 20 % after:
        // lowering the control to 0.36 lowers both (to 0.36 and 0.18), not the later
        // attempts up to 0.36.
        let lab = lab();
        let c = lab
            .controls
            .iter()
            .find(|c| c.path == "stages.review.next.p")
            .expect("the design review's rework");
        let mut req = Request::default();
        req.values.insert(c.path.clone(), 0.36);
        let sets = lab.sets(&req).unwrap();
        assert_eq!(sets, [format!("{}=[0.36, 0.18]", c.path)]);
        let loaded = lab.load(&sets).unwrap();
        let stage = c
            .path
            .trim_start_matches("stages.")
            .trim_end_matches(".next.p");
        let st = loaded
            .model
            .stages
            .iter()
            .find(|s| s.name == stage)
            .unwrap();
        match &st.route {
            Route::Rework { p, .. } => assert_eq!(p.as_slice(), [0.36, 0.18]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_request_becomes_the_sets_of_the_command_line() {
        let lab = lab();
        let mut req = Request::default();
        req.values.insert("pools.reviewer".into(), 3.0);
        req.values.insert("pools.clerk".into(), 4.0); // unchanged: no set
        req.values
            .insert("classes.hv_single.arrival_rate".into(), 2.0);
        req.values
            .insert("stages.handoff_plan_lv.duration".into(), 3.0);
        req.replications = Some(5);
        let sets = lab.sets(&req).unwrap();
        assert_eq!(sets[0], "classes.hv_single.arrival_rate=\"2/wd\"");
        assert_eq!(sets[1], "pools.reviewer=3");
        assert!(
            sets[2].starts_with(
                "stages.handoff_plan_lv.duration={ dist = \"triangular\", min = \"1wd\""
            ),
            "{}",
            sets[2]
        );
        assert_eq!(sets[3], "scenario.replications=5");
        // The sets load, and the hand-off's mean is what was asked.
        let loaded = lab.load(&sets).unwrap();
        let after = controls(&loaded.document, &loaded.model);
        let c = after
            .iter()
            .find(|c| c.path == "stages.handoff_plan_lv.duration")
            .unwrap();
        assert!((c.value - 3.0).abs() < 1e-3, "{}", c.value);
        assert_eq!(c.unit, "wd");
        assert!(lab.command(&req, &sets).contains("--set pools.reviewer=3"));
    }

    #[test]
    fn a_variant_is_shown_and_read_with_the_values_it_runs() {
        let lab = lab();
        let digital = lab.controls_of("digital").unwrap();
        let value = |path: &str| digital.iter().find(|c| c.path == path).unwrap().value;
        // Online around the clock, and paper hand-offs of 0.05 working days.
        assert_eq!(value("classes.lv_residential.arrival_rate"), 11.507);
        assert!((value("stages.handoff_check_lv.duration") - 0.05).abs() < 1e-9);
        let mut req = Request {
            variant: "digital".into(),
            ..Request::default()
        };
        req.values
            .insert("classes.lv_residential.arrival_rate".into(), 11.507);
        req.values
            .insert("stages.handoff_check_lv.duration".into(), 0.05);
        assert_eq!(lab.sets(&req).unwrap(), Vec::<String>::new());
        // The process as written's one working day, asked for with digital, is a change.
        req.values
            .insert("stages.handoff_check_lv.duration".into(), 1.0);
        let sets = lab.sets(&req).unwrap();
        assert_eq!(sets.len(), 1, "{sets:?}");
        let loaded = lab.load(&sets).unwrap();
        let back = controls(
            &loaded.variant("digital").unwrap().document,
            &loaded.variant("digital").unwrap().model,
        );
        let c = back
            .iter()
            .find(|c| c.path == "stages.handoff_check_lv.duration")
            .unwrap();
        assert!((c.value - 1.0).abs() < 1e-9, "{sets:?}: {}", c.value);
        // merged has no hand-off before the document check.
        let mut req = Request {
            variant: "merged".into(),
            ..Request::default()
        };
        req.values
            .insert("stages.handoff_check_lv.duration".into(), 2.0);
        let Refused(p) = lab.sets(&req).unwrap_err();
        assert!(p[0].contains("with variant \"merged\""), "{p:?}");
        assert!(lab.controls_of("nope").is_none());
    }

    #[test]
    fn rework_on_a_random_route_is_offered_and_renormalised() {
        let text = include_str!("../../scenarios/theory/tandem_rework.toml");
        let study = Study::load(
            crate::study::Source::Text {
                text,
                name: "tandem_rework.toml",
            },
            &[],
        )
        .unwrap();
        let lab = Lab::new(&study, None).unwrap();
        let c = lab
            .controls
            .iter()
            .find(|c| c.kind == Kind::Rework)
            .expect("the branch back to accept");
        assert_eq!((c.path.as_str(), c.value), ("stages.review.next[0].p", 0.2));
        let mut req = Request::default();
        req.values.insert(c.path.clone(), 0.4);
        let sets = lab.sets(&req).unwrap();
        assert_eq!(
            sets,
            ["stages.review.next[0].p=0.4", "stages.review.next[1].p=0.6"]
        );
        assert!(lab.load(&sets).is_ok());
    }

    #[test]
    fn bad_requests_name_every_problem() {
        let lab = lab();
        let mut req = Request::default();
        req.values.insert("pools.reviewer".into(), -1.0);
        req.values.insert("pools.clerk".into(), 2.5);
        req.values.insert("scenario.seed".into(), 3.0);
        req.replications = Some(100_000);
        req.variant = "nope".into();
        let Refused(p) = lab.sets(&req).unwrap_err();
        assert_eq!(p.len(), 5, "{p:#?}");
        assert!(p.iter().any(|x| x.contains("scenario.seed")));
        assert!(p.iter().any(|x| x.contains("whole people")));
        assert!(p.iter().any(|x| x.contains("replications = 100000")));
        assert!(p.iter().any(|x| x.contains("\"nope\"")));
    }

    #[test]
    fn warnings_name_the_changed_settings_not_a_variant() {
        let w = crate::study::of_variant(CHANGED, "pool `field` is unstable");
        assert_eq!(
            page_warning(&w),
            "the changed settings: pool `field` is unstable"
        );
        let zh = Lang::Zh.translate(&page_warning(&w));
        assert!(zh.starts_with("修改后的设置："), "{zh}");
        assert_eq!(page_warning("as it is"), "as it is");
    }

    #[test]
    fn the_changed_settings_give_the_figures_of_a_run_of_them_alone() {
        let lab = lab();
        let mut req = Request::default();
        req.values.insert("pools.reviewer".into(), 3.0);
        req.replications = Some(2);
        let (study, sets) = lab.study(&req).unwrap();
        let both = study.run(Replications::Scenario, 2, &Silent).unwrap();
        let alone = Study::load(crate::study::Source::County, &sets).unwrap();
        let one = alone.run(Replications::Scenario, 1, &Silent).unwrap();
        let a = both.summary(&study, 1, None, Metric::LeadTime).unwrap();
        let b = one.summary(&alone, 0, None, Metric::LeadTime).unwrap();
        assert_eq!(a.mean.to_bits(), b.mean.to_bits());
    }
}
