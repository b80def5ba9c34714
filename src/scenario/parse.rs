//! Reading a scenario file: TOML text → checked [`Model`], with every problem reported at
//! once.
//!
//! The file is first parsed as plain TOML, then walked by hand so that each problem can name
//! its TOML path (`stages.review.next[1].p`), the bad value and what would be valid, and so
//! that all problems are collected before reporting.

use std::collections::{BTreeMap, BTreeSet};

use toml::{Table, Value};

use super::model::*;
use crate::dist::Dist;
use crate::error::{Problem, ScenarioError};

/// Keys allowed in each table, for the unknown-key check.
const TOP_KEYS: &[&str] = &[
    "scenario",
    "calendars",
    "pools",
    "classes",
    "stages",
    "variants",
];
const SCENARIO_KEYS: &[&str] = &[
    "name",
    "description",
    "time_unit",
    "horizon",
    "warmup",
    "replications",
    "seed",
    "calendar",
    "start_date",
];
const POOL_KEYS: &[&str] = &["size", "label", "calendar", "availability", "cost"];
const CALENDAR_KEYS: &[&str] = &[
    "label",
    "include",
    "days",
    "hours",
    "holidays",
    "makeup_days",
];
const CALENDAR_FILE_KEYS: &[&str] = &["days", "hours", "holidays", "makeup_days"];
const CLASS_KEYS: &[&str] = &[
    "name",
    "label",
    "arrival_rate",
    "arrival",
    "start",
    "limit",
    "priority",
];
const STAGE_KEYS: &[&str] = &[
    "label", "pool", "external", "handoff", "collect", "duration", "next", "by_class", "streams",
];
const STREAM_KEYS: &[&str] = &["duration", "route"];
const OVERRIDE_KEYS: &[&str] = &["duration", "next"];
const REWORK_KEYS: &[&str] = &["rework", "p", "max", "otherwise"];
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Start date used when a scenario gives none: a Monday.
pub const DEFAULT_START_DATE: (i32, u32, u32) = (2026, 1, 5);

/// Files a scenario may `include` that are built into the binary, so the built-in scenario
/// works from any folder. A file of the same path next to the scenario takes precedence.
pub const EMBEDDED_FILES: &[(&str, &str)] = &[(
    "calendars/cn-2026.toml",
    include_str!("../../scenarios/calendars/cn-2026.toml"),
)];
const BRANCH_KEYS: &[&str] = &["to", "p"];
const FORK_KEYS: &[&str] = &["fork", "join"];

/// Per-class overrides of a stage's duration and route, by (class, stage).
type Overrides = BTreeMap<(ClassId, StageId), (Option<Duration>, Option<Route>)>;

/// Tolerance on the sum of branch probabilities.
pub const PROBABILITY_SUM_TOLERANCE: f64 = 1e-9;

/// The distributions a `duration` or `arrival` table may name, with their parameters.
/// Parameters listed in `TIME_PARAMS` carry a time unit; the others are pure numbers.
const DISTRIBUTIONS: &[(&str, &[&str])] = &[
    ("exponential", &["mean"]),
    ("deterministic", &["value"]),
    ("uniform", &["min", "max"]),
    ("triangular", &["min", "mode", "max"]),
    ("normal", &["mean", "sd"]),
    ("lognormal", &["mean", "sd"]),
    ("gamma", &["mean", "sd"]),
    ("erlang", &["k", "mean"]),
    ("weibull", &["shape", "scale"]),
    ("empirical", &["values"]),
];
const UNITLESS_PARAMS: &[&str] = &["k", "shape"];

/// Parses scenario text. `file` names the source in error messages.
pub fn parse_str(text: &str, file: &str) -> Result<Model, ScenarioError> {
    let root: Table = toml::from_str(text).map_err(|e| super::syntax_error(text, file, &e))?;
    model_from_table(&root, file, None)
}

/// Builds a model from an already parsed TOML table (after `--set` overrides). Files named
/// by `include` are looked up relative to `base` (the scenario's folder), then among
/// [`EMBEDDED_FILES`].
pub fn model_from_table(
    root: &Table,
    file: &str,
    base: Option<&std::path::Path>,
) -> Result<Model, ScenarioError> {
    let mut r = Reader {
        base: base.map(std::path::Path::to_path_buf),
        ..Reader::default()
    };
    let model = r.model(root);
    match model {
        Some(m) if r.problems.is_empty() => Ok(m),
        _ => Err(ScenarioError::Invalid {
            file: file.to_string(),
            problems: r.problems,
        }),
    }
}

#[derive(Default)]
struct Reader {
    problems: Vec<Problem>,
    time_unit: Option<TimeUnit>,
    /// Length of one working day in the time unit, once the scenario calendar is known.
    working_day: Option<f64>,
    /// Time values read in working days / in other units since the last reset (to tell
    /// whether a distribution is in working time, and to refuse mixtures).
    seen_wd: u32,
    seen_other: u32,
    base: Option<std::path::PathBuf>,
    /// Calendars that are defined but could not be built (their problems are reported):
    /// references to them are not reported again.
    broken_calendars: std::collections::BTreeSet<String>,
    /// Whether the scenario calendar is one of those: values in working days are then read
    /// with a standard 8-hour day instead of being reported as needing a calendar.
    calendar_broken: bool,
}

pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{s}\""),
        Value::Table(_) => "a table".to_string(),
        Value::Array(_) => "an array".to_string(),
        other => other.to_string(),
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// A duration string's value: minutes, or working days.
enum Amount {
    Minutes(f64),
    WorkingDays(f64),
}

/// Splits a duration string such as `"30min"`, `"4h"`, `"3d"`, `"2wd"`.
fn parse_duration_string(s: &str) -> Result<Amount, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| c.is_ascii_alphabetic())
        .ok_or_else(|| format!("\"{s}\" has no unit"))?;
    let (num, unit) = s.split_at(split);
    let value: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("\"{num}\" in \"{s}\" is not a number"))?;
    let minutes = match unit.trim() {
        "min" => 1.0,
        "h" => 60.0,
        "d" => 1440.0,
        "wd" => return Ok(Amount::WorkingDays(value)),
        other => {
            return Err(format!(
                "unknown unit \"{other}\" in \"{s}\"; use min, h, d or wd (e.g. \"30min\", \"4h\", \"3d\", \"2wd\")"
            ));
        }
    };
    Ok(Amount::Minutes(value * minutes))
}

/// " (did you mean `x`?)" for the closest of `candidates` within two edits, or "".
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(c, word), c))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, c)| format!(" (did you mean \"{c}\"?)"))
        .unwrap_or_default()
}

impl Reader {
    fn problem(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }

    fn check_keys(&mut self, t: &Table, path: &str, allowed: &[&str]) {
        for key in t.keys() {
            if !allowed.contains(&key.as_str()) {
                let full = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                let hint = did_you_mean(key, allowed.iter().copied());
                self.problem(
                    full,
                    format!(
                        "unknown key `{key}`{hint}; valid keys here: {}",
                        allowed.join(", ")
                    ),
                );
            }
        }
    }

    fn table<'a>(&mut self, v: &'a Value, path: &str) -> Option<&'a Table> {
        match v {
            Value::Table(t) => Some(t),
            other => {
                self.problem(path, format!("expected a table, got {}", describe(other)));
                None
            }
        }
    }

    fn string<'a>(&mut self, t: &'a Table, key: &str, path: &str) -> Option<&'a str> {
        match t.get(key) {
            None => {
                self.problem(format!("{path}.{key}"), format!("missing `{key}`"));
                None
            }
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                self.problem(
                    format!("{path}.{key}"),
                    format!("expected a string, got {}", describe(other)),
                );
                None
            }
        }
    }

    fn opt_string(&mut self, t: &Table, key: &str, path: &str) -> Option<String> {
        t.get(key)?;
        self.string(t, key, path).map(str::to_string)
    }

    /// A positive whole number (pool sizes, replications).
    fn count(&mut self, v: &Value, path: &str, min: i64) -> Option<u32> {
        match v {
            Value::Integer(i) if *i >= min && *i <= i64::from(u32::MAX) => Some(*i as u32),
            other => {
                self.problem(
                    path,
                    format!("must be a whole number >= {min}, got {}", describe(other)),
                );
                None
            }
        }
    }

    /// A time amount: a bare number in the scenario's time unit, or a string with a unit.
    fn time(&mut self, v: &Value, path: &str) -> Option<f64> {
        let unit = self.time_unit.unwrap_or(TimeUnit::Hour);
        let value = match v {
            Value::String(s) => match parse_duration_string(s) {
                Ok(Amount::Minutes(minutes)) => {
                    self.seen_other += 1;
                    minutes / unit.minutes()
                }
                Ok(Amount::WorkingDays(days)) => match self.working_day {
                    Some(wd) => {
                        self.seen_wd += 1;
                        days * wd
                    }
                    // The calendar's own problems are reported; read on with 8 hours.
                    None if self.calendar_broken => {
                        self.seen_wd += 1;
                        days * 480.0 / unit.minutes()
                    }
                    None => {
                        self.problem(
                            path,
                            format!("\"{s}\" is in working days (wd), which need a calendar: set `calendar` in [scenario] and define it under [calendars], or write it in min, h or d"),
                        );
                        return None;
                    }
                },
                Err(e) => {
                    self.problem(path, e);
                    return None;
                }
            },
            other => match number(other) {
                Some(x) => {
                    self.seen_other += 1;
                    x
                }
                None => {
                    self.problem(
                        path,
                        format!(
                            "expected a number (in {}s) or a string with a unit such as \"4h\", got {}",
                            unit.name(),
                            describe(other)
                        ),
                    );
                    return None;
                }
            },
        };
        if !value.is_finite() {
            self.problem(path, format!("must be finite, got {}", describe(v)));
            return None;
        }
        Some(value)
    }

    fn model(&mut self, root: &Table) -> Option<Model> {
        self.check_keys(root, "", TOP_KEYS);
        let settings = match root.get("scenario") {
            Some(v) => self.table(v, "scenario").and_then(|t| self.settings(t)),
            None => {
                self.problem(
                    "scenario",
                    "missing the [scenario] table (name, time_unit, horizon, warmup, replications, seed)",
                );
                None
            }
        };
        let calendar_name = root
            .get("scenario")
            .and_then(|s| s.get("calendar"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let calendars = match &settings {
            Some(st) => self.calendars(root.get("calendars"), st),
            None => Vec::new(),
        };
        self.calendar_broken = calendar_name
            .as_ref()
            .is_some_and(|n| self.broken_calendars.contains(n));
        let calendar_index: BTreeMap<&str, CalendarId> = calendars
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.as_str(), i as CalendarId))
            .collect();
        let mut settings = settings;
        if let (Some(st), Some(name)) = (settings.as_mut(), calendar_name) {
            match calendar_index.get(name.as_str()) {
                Some(&id) => {
                    st.calendar = Some(id);
                    let cal = &calendars[id as usize].calendar;
                    self.working_day = Some(cal.working_day_minutes() / st.time_unit.minutes());
                }
                None => self.unknown_calendar("scenario.calendar", &name, &calendar_index),
            }
        }
        let pools = self.pools(root.get("pools"), &calendar_index);
        let stage_names: Vec<String> = match root.get("stages") {
            Some(Value::Table(t)) => t.keys().cloned().collect(),
            _ => Vec::new(),
        };
        let stage_index: BTreeMap<&str, StageId> = stage_names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i as StageId))
            .collect();
        let pool_index: BTreeMap<&str, PoolId> = pools
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.as_str(), i as PoolId))
            .collect();
        let classes = self.classes(root.get("classes"), &stage_index);
        let class_index: BTreeMap<&str, ClassId> = classes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.as_str(), i as ClassId))
            .collect();
        let (stages, overrides) =
            self.stages(root.get("stages"), &stage_index, &pool_index, &class_index)?;
        let settings = settings?;
        let nc = classes.len();
        let ns = stages.len();
        let mut durations = Vec::with_capacity(nc * ns);
        let mut routes = Vec::with_capacity(nc * ns);
        for c in 0..nc {
            for (s, stage) in stages.iter().enumerate() {
                let o = overrides.get(&(c as ClassId, s as StageId));
                durations.push(
                    o.and_then(|o| o.0.clone())
                        .unwrap_or_else(|| stage.duration.clone()),
                );
                routes.push(
                    o.and_then(|o| o.1.clone())
                        .unwrap_or_else(|| stage.route.clone()),
                );
            }
        }
        let mut model = Model {
            settings,
            pools,
            classes,
            stages,
            calendars,
            durations,
            routes,
        };
        if self.problems.is_empty() {
            self.check_graph(&mut model, &overrides);
        }
        if self.problems.is_empty() {
            self.check_clock_needs(&model);
        }
        Some(model)
    }

    fn unknown_calendar(&mut self, path: &str, name: &str, known: &BTreeMap<&str, CalendarId>) {
        if self.broken_calendars.contains(name) {
            // Defined, with its own problems reported: naming it is not another problem.
            return;
        }
        let names: Vec<&str> = known.keys().copied().collect();
        self.problem(
            path,
            format!(
                "no calendar named \"{name}\"{}; defined under [calendars]: {}",
                did_you_mean(name, names.iter().copied()),
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            ),
        );
    }

    /// Hand-off schedules and working-day limits need the scenario calendar.
    fn check_clock_needs(&mut self, m: &Model) {
        if m.settings.calendar.is_some() {
            return;
        }
        for (i, c) in m.classes.iter().enumerate() {
            if c.limit.is_some_and(|l| l.working) {
                self.problem(
                    format!("classes[{i}].limit"),
                    "a limit in working days needs the scenario calendar: set `calendar` in [scenario]",
                );
            }
        }
        for s in &m.stages {
            if let StageKind::Handoff { collect } = &s.kind
                && !collect.is_empty()
            {
                self.problem(
                        format!("stages.{}.collect", s.name),
                        "collection times are on working days of the scenario calendar: set `calendar` in [scenario]",
                    );
            }
        }
    }

    /// A list of dates `["2026-01-01", ...]`.
    fn dates(&mut self, v: &Value, path: &str) -> Vec<chrono::NaiveDate> {
        let Value::Array(a) = v else {
            self.problem(
                path,
                format!(
                    "expected a list of dates such as [\"2026-10-01\"], got {}",
                    describe(v)
                ),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, d) in a.iter().enumerate() {
            match d
                .as_str()
                .map(|x| chrono::NaiveDate::parse_from_str(x, "%Y-%m-%d"))
            {
                Some(Ok(date)) => out.push(date),
                _ => self.problem(
                    format!("{path}[{i}]"),
                    format!("expected a date as \"YYYY-MM-DD\", got {}", describe(d)),
                ),
            }
        }
        out
    }

    fn calendars(&mut self, v: Option<&Value>, settings: &Settings) -> Vec<NamedCalendar> {
        let Some(v) = v else {
            return Vec::new();
        };
        let Some(t) = self.table(v, "calendars") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, v) in t {
            let path = format!("calendars.{name}");
            let Some(ct) = self.table(v, &path) else {
                self.broken_calendars.insert(name.clone());
                continue;
            };
            let problems_before = self.problems.len();
            self.check_keys(ct, &path, CALENDAR_KEYS);
            // Keys from an included file first; the scenario's own keys replace `days` and
            // `hours` and add to `holidays` and `makeup_days`.
            let mut merged = Table::new();
            if let Some(inc) = ct.get("include") {
                let ipath = format!("{path}.include");
                match inc.as_str() {
                    Some(file) => match self.read_include(file) {
                        Ok(text) => match toml::from_str::<Table>(&text) {
                            Ok(ft) => {
                                self.check_keys(
                                    &ft,
                                    &format!("{ipath} (\"{file}\")"),
                                    CALENDAR_FILE_KEYS,
                                );
                                merged = ft;
                            }
                            Err(e) => self.problem(
                                ipath,
                                format!(
                                    "\"{file}\" is not valid TOML: {}",
                                    e.to_string().trim_end()
                                ),
                            ),
                        },
                        Err(e) => self.problem(ipath, e),
                    },
                    None => self.problem(
                        ipath,
                        format!("expected a file name, got {}", describe(inc)),
                    ),
                }
            }
            merge_calendar(&mut merged, ct);
            merged.remove("label");
            let days: Vec<usize> = match merged.get("days") {
                None => (0..5).collect(),
                Some(Value::Array(a)) => a
                    .iter()
                    .enumerate()
                    .filter_map(|(i, d)| {
                        let pos = d
                            .as_str()
                            .and_then(|x| WEEKDAYS.iter().position(|w| *w == x));
                        if pos.is_none() {
                            self.problem(
                                format!("{path}.days[{i}]"),
                                format!(
                                    "expected a weekday ({}), got {}",
                                    WEEKDAYS.join(", "),
                                    describe(d)
                                ),
                            );
                        }
                        pos
                    })
                    .collect(),
                Some(other) => {
                    self.problem(
                        format!("{path}.days"),
                        format!(
                            "expected a list of weekdays such as [\"mon\", \"tue\"], got {}",
                            describe(other)
                        ),
                    );
                    Vec::new()
                }
            };
            let hours: Vec<crate::calendar::Period> = match merged.get("hours") {
                Some(Value::Array(a)) => a
                    .iter()
                    .enumerate()
                    .filter_map(
                        |(i, h)| match h.as_str().map(crate::calendar::parse_period) {
                            Some(Ok(p)) => Some(p),
                            Some(Err(e)) => {
                                self.problem(format!("{path}.hours[{i}]"), e.to_string());
                                None
                            }
                            None => {
                                self.problem(
                                    format!("{path}.hours[{i}]"),
                                    format!("expected \"HH:MM-HH:MM\", got {}", describe(h)),
                                );
                                None
                            }
                        },
                    )
                    .collect(),
                other => {
                    self.problem(
                        format!("{path}.hours"),
                        format!(
                            "expected office hours such as [\"08:30-12:00\", \"13:00-17:30\"], got {}",
                            other.map(describe).unwrap_or_else(|| "nothing".into())
                        ),
                    );
                    Vec::new()
                }
            };
            let holidays = merged
                .get("holidays")
                .map(|v| self.dates(v, &format!("{path}.holidays")))
                .unwrap_or_default();
            let makeup_days = merged
                .get("makeup_days")
                .map(|v| self.dates(v, &format!("{path}.makeup_days")))
                .unwrap_or_default();
            let label = self.opt_string(ct, "label", &path);
            let mut weekly: [Vec<crate::calendar::Period>; 7] = Default::default();
            for d in days {
                weekly[d] = hours.clone();
            }
            let spec = crate::calendar::CalendarSpec {
                epoch: settings.start_date,
                weekly,
                holidays,
                makeup_days,
                makeup_periods: None,
            };
            // The table covers the horizon and the drain after it (see the engine).
            let horizon =
                settings.horizon * super::model::DRAIN_FACTOR * settings.time_unit.minutes();
            match crate::calendar::Calendar::new(spec, horizon) {
                Ok(calendar) => out.push(NamedCalendar {
                    name: name.clone(),
                    label,
                    calendar,
                }),
                Err(e) => self.problem(path, e.to_string()),
            }
            if self.problems.len() > problems_before {
                self.broken_calendars.insert(name.clone());
            }
        }
        out
    }

    fn read_include(&self, file: &str) -> Result<String, String> {
        read_include(self.base.as_deref(), file)
    }

    fn settings(&mut self, t: &Table) -> Option<Settings> {
        /// Horizon to read on with when the scenario's own is missing or bad: a year of
        /// hours, enough to build calendars for checking.
        const FALLBACK_HORIZON: f64 = 8760.0;
        let path = "scenario";
        self.check_keys(t, path, SCENARIO_KEYS);
        let name = self.string(t, "name", path).map(str::to_string);
        let time_unit = match self.string(t, "time_unit", path) {
            Some(u) => match TimeUnit::from_name(u) {
                Some(unit) => Some(unit),
                None => {
                    self.problem(
                        "scenario.time_unit",
                        format!(
                            "unknown time unit \"{u}\"{}; use \"minute\", \"hour\" or \"day\"",
                            did_you_mean(u, ["minute", "hour", "day"])
                        ),
                    );
                    None
                }
            },
            None => None,
        };
        self.time_unit = time_unit;
        let positive_time = |r: &mut Self, key: &str, allow_zero: bool| -> Option<f64> {
            let p = format!("scenario.{key}");
            let v = match t.get(key) {
                Some(v) => r.time(v, &p)?,
                None => {
                    r.problem(p, format!("missing `{key}`"));
                    return None;
                }
            };
            if v < 0.0 || (!allow_zero && v == 0.0) {
                let bound = if allow_zero { ">= 0" } else { "> 0" };
                r.problem(p, format!("must be {bound}, got {v}"));
                return None;
            }
            Some(v)
        };
        let horizon = positive_time(self, "horizon", false);
        let warmup = positive_time(self, "warmup", true);
        if let (Some(h), Some(w)) = (horizon, warmup)
            && w >= h
        {
            self.problem(
                "scenario.warmup",
                format!("must be shorter than the horizon ({h}), got {w}"),
            );
        }
        let replications = match t.get("replications") {
            Some(v) => self.count(v, "scenario.replications", 1),
            None => {
                self.problem("scenario.replications", "missing `replications`");
                None
            }
        };
        let seed = match t.get("seed") {
            Some(Value::Integer(i)) if *i >= 0 => Some(*i as u64),
            Some(other) => {
                self.problem(
                    "scenario.seed",
                    format!("must be a whole number >= 0, got {}", describe(other)),
                );
                None
            }
            None => {
                self.problem("scenario.seed", "missing `seed`");
                None
            }
        };
        let (y, m, d) = DEFAULT_START_DATE;
        let default_date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        let start_date = match t.get("start_date") {
            None => default_date,
            Some(v) => match v
                .as_str()
                .map(|x| chrono::NaiveDate::parse_from_str(x, "%Y-%m-%d"))
            {
                Some(Ok(date)) => date,
                _ => {
                    // A date in another common form: say how to write it.
                    let hint = v
                        .as_str()
                        .and_then(|x| {
                            ["%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日"]
                                .iter()
                                .find_map(|f| chrono::NaiveDate::parse_from_str(x.trim(), f).ok())
                        })
                        .map(|d| format!(" (write \"{}\")", d.format("%Y-%m-%d")))
                        .unwrap_or_default();
                    self.problem(
                        "scenario.start_date",
                        format!(
                            "expected a date as \"YYYY-MM-DD\", got {}{hint}",
                            describe(v)
                        ),
                    );
                    // Read on from the default date, so calendars are still checked.
                    default_date
                }
            },
        };
        if let Some(c) = t.get("calendar")
            && !c.is_str()
        {
            self.problem(
                "scenario.calendar",
                format!("expected a calendar name, got {}", describe(c)),
            );
        }
        // A bad value is reported once; the rest of the scenario is read on with a stand-in,
        // so that what only follows from it (calendars, working days) is not reported too.
        // The problems reported keep the model from being used.
        Some(Settings {
            name: name.unwrap_or_default(),
            time_unit: time_unit.unwrap_or(TimeUnit::Hour),
            horizon: horizon.unwrap_or(FALLBACK_HORIZON),
            warmup: warmup.unwrap_or(0.0),
            replications: replications.unwrap_or(1),
            seed: seed.unwrap_or(0),
            calendar: None,
            start_date,
        })
    }

    fn pools(&mut self, v: Option<&Value>, calendars: &BTreeMap<&str, CalendarId>) -> Vec<Pool> {
        let Some(v) = v else {
            return Vec::new();
        };
        let Some(t) = self.table(v, "pools") else {
            return Vec::new();
        };
        let mut pools = Vec::new();
        for (name, v) in t {
            let path = format!("pools.{name}");
            let mut pool = Pool {
                name: name.clone(),
                label: None,
                size: 1,
                calendar: None,
                availability: 1.0,
                cost: None,
            };
            match v {
                Value::Table(pt) => {
                    self.check_keys(pt, &path, POOL_KEYS);
                    match pt.get("size") {
                        Some(s) => {
                            pool.size = self.count(s, &format!("{path}.size"), 1).unwrap_or(1)
                        }
                        None => self.problem(format!("{path}.size"), "missing `size`"),
                    }
                    pool.label = self.opt_string(pt, "label", &path);
                    if let Some(c) = self.opt_string(pt, "calendar", &path) {
                        match calendars.get(c.as_str()) {
                            Some(&id) => pool.calendar = Some(id),
                            None => {
                                self.unknown_calendar(&format!("{path}.calendar"), &c, calendars)
                            }
                        }
                    }
                    if let Some(a) = pt.get("availability") {
                        match number(a) {
                            Some(x) if x > 0.0 && x <= 1.0 => pool.availability = x,
                            _ => self.problem(
                                format!("{path}.availability"),
                                format!(
                                    "must be a share of working time in (0, 1], got {}",
                                    describe(a)
                                ),
                            ),
                        }
                    }
                    if let Some(c) = pt.get("cost") {
                        match number(c) {
                            Some(x) if x >= 0.0 && x.is_finite() => pool.cost = Some(x),
                            _ => self.problem(
                                format!("{path}.cost"),
                                format!(
                                    "must be a cost per staff member per year >= 0, got {}",
                                    describe(c)
                                ),
                            ),
                        }
                    }
                }
                other => pool.size = self.count(other, &path, 1).unwrap_or(1),
            }
            pools.push(pool);
        }
        pools
    }

    fn classes(&mut self, v: Option<&Value>, stages: &BTreeMap<&str, StageId>) -> Vec<Class> {
        let Some(v) = v else {
            self.problem(
                "classes",
                "missing [[classes]]: at least one customer class with `name`, `arrival_rate` and `start`",
            );
            return Vec::new();
        };
        let Value::Array(list) = v else {
            self.problem(
                "classes",
                format!(
                    "expected an array of tables ([[classes]]), got {}",
                    describe(v)
                ),
            );
            return Vec::new();
        };
        if list.is_empty() {
            self.problem("classes", "at least one class is needed");
        }
        let mut classes = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, v) in list.iter().enumerate() {
            let path = format!("classes[{i}]");
            let Some(t) = self.table(v, &path) else {
                continue;
            };
            self.check_keys(t, &path, CLASS_KEYS);
            let name = self.string(t, "name", &path).map(str::to_string);
            if let Some(n) = &name {
                if n.is_empty() || n == "all" {
                    self.problem(
                        format!("{path}.name"),
                        format!(
                            "\"{n}\" cannot name a class (empty or reserved); choose another name"
                        ),
                    );
                } else if !seen.insert(n.clone()) {
                    self.problem(
                        format!("{path}.name"),
                        format!("class \"{n}\" is defined twice; class names must be unique"),
                    );
                }
            }
            let label = self.opt_string(t, "label", &path);
            let arrival = match (t.get("arrival_rate"), t.get("arrival")) {
                (Some(rate), None) => {
                    let p = format!("{path}.arrival_rate");
                    let unit = self.time_unit.map(TimeUnit::name).unwrap_or("time unit");
                    match number(rate) {
                        Some(x) if x > 0.0 && x.is_finite() => Some(Arrival::Poisson { rate: x }),
                        _ => {
                            self.problem(
                                p,
                                format!(
                                    "must be a positive number of arrivals per {unit}, got {}",
                                    describe(rate)
                                ),
                            );
                            None
                        }
                    }
                }
                (None, Some(d)) => {
                    let d = self.dist(d, &format!("{path}.arrival"));
                    match d {
                        Some(d) if d.mean() <= 0.0 => {
                            self.problem(
                                format!("{path}.arrival"),
                                format!("inter-arrival times must have a positive mean, got {d}"),
                            );
                            None
                        }
                        other => other.map(Arrival::Renewal),
                    }
                }
                (Some(_), Some(_)) => {
                    self.problem(
                        path.clone(),
                        "give either `arrival_rate` (Poisson) or `arrival` (inter-arrival distribution), not both",
                    );
                    None
                }
                (None, None) => {
                    self.problem(
                        format!("{path}.arrival_rate"),
                        "missing arrivals: give `arrival_rate` (Poisson, per time unit) or `arrival` (an inter-arrival distribution)",
                    );
                    None
                }
            };
            let start = self
                .string(t, "start", &path)
                .and_then(|s| self.stage_ref(s, &format!("{path}.start"), stages, false));
            let limit = t.get("limit").and_then(|v| {
                let p = format!("{path}.limit");
                if let Some(x) = number(v) {
                    // A bare number read as time units silently halves or worse the share
                    // within a limit meant in working days.
                    let elapsed = match self.time_unit.unwrap_or(TimeUnit::Hour) {
                        TimeUnit::Minute => "min",
                        TimeUnit::Hour => "h",
                        TimeUnit::Day => "d",
                    };
                    let message = if self.working_day.is_some() || self.calendar_broken {
                        format!(
                            "a statutory limit needs its unit: write \"{x}wd\" for working days (the statutory clock), or \"{x}{elapsed}\" for elapsed time"
                        )
                    } else {
                        format!(
                            "a statutory limit needs its unit: write \"{x}{elapsed}\" for elapsed time, or set a scenario calendar and write \"{x}wd\" for working days"
                        )
                    };
                    self.problem(p, message);
                    return None;
                }
                let before = self.seen_wd;
                let value = self.time(v, &p)?;
                let working = self.seen_wd > before;
                if value <= 0.0 {
                    self.problem(p, format!("must be positive, got {}", describe(v)));
                    return None;
                }
                // Working-day limits are kept in working days, the unit of the statutory clock.
                let value = match (working, self.working_day) {
                    (true, Some(wd)) => value / wd,
                    _ => value,
                };
                Some(Limit { value, working })
            });
            let priority = match t.get("priority") {
                None => 0,
                Some(Value::Integer(i)) => *i,
                Some(other) => {
                    self.problem(
                        format!("{path}.priority"),
                        format!(
                            "must be a whole number (higher is served first), got {}",
                            describe(other)
                        ),
                    );
                    0
                }
            };
            if let (Some(name), Some(arrival), Some(Target::Stage(start))) = (name, arrival, start)
            {
                classes.push(Class {
                    name,
                    label,
                    arrival,
                    start,
                    limit,
                    priority,
                });
            }
        }
        classes
    }

    fn stage_ref(
        &mut self,
        name: &str,
        path: &str,
        stages: &BTreeMap<&str, StageId>,
        allow_end: bool,
    ) -> Option<Target> {
        if name == "end" {
            if allow_end {
                return Some(Target::End);
            }
            self.problem(path, "\"end\" is not a stage here; name a stage");
            return None;
        }
        match stages.get(name) {
            Some(&i) => Some(Target::Stage(i)),
            None => {
                let hint = did_you_mean(name, stages.keys().copied());
                let known: Vec<&str> = stages.keys().copied().collect();
                self.problem(
                    path,
                    format!(
                        "no stage named \"{name}\"{hint}; defined stages: {}{}",
                        known.join(", "),
                        if allow_end { ", or \"end\"" } else { "" }
                    ),
                );
                None
            }
        }
    }

    fn dist(&mut self, v: &Value, path: &str) -> Option<Dist> {
        // A bare number or a duration string is a deterministic duration.
        if !matches!(v, Value::Table(_)) {
            let x = self.time(v, path)?;
            return match Dist::deterministic(x) {
                Ok(d) => Some(d),
                Err(e) => {
                    self.problem(path, e.to_string());
                    None
                }
            };
        }
        let t = self.table(v, path)?;
        let kind = match t.get("dist") {
            Some(Value::String(s)) => s.as_str(),
            Some(other) => {
                self.problem(
                    format!("{path}.dist"),
                    format!("expected a distribution name, got {}", describe(other)),
                );
                return None;
            }
            None => {
                let names: Vec<&str> = DISTRIBUTIONS.iter().map(|(n, _)| *n).collect();
                self.problem(
                    format!("{path}.dist"),
                    format!("missing `dist`; one of: {}", names.join(", ")),
                );
                return None;
            }
        };
        let Some(&(_, params)) = DISTRIBUTIONS.iter().find(|(n, _)| *n == kind) else {
            let names: Vec<&str> = DISTRIBUTIONS.iter().map(|(n, _)| *n).collect();
            self.problem(
                format!("{path}.dist"),
                format!(
                    "unknown distribution \"{kind}\"{}; one of: {}",
                    did_you_mean(kind, names.iter().copied()),
                    names.join(", ")
                ),
            );
            return None;
        };
        let mut allowed = vec!["dist"];
        allowed.extend_from_slice(params);
        self.check_keys(t, path, &allowed);
        if kind == "empirical" {
            let p = format!("{path}.values");
            let values = match t.get("values") {
                Some(Value::Array(a)) => {
                    let mut out = Vec::with_capacity(a.len());
                    for (i, x) in a.iter().enumerate() {
                        out.push(self.time(x, &format!("{p}[{i}]"))?);
                    }
                    out
                }
                other => {
                    self.problem(
                        p,
                        format!(
                            "expected an array of durations, got {}",
                            other.map(describe).unwrap_or_else(|| "nothing".into())
                        ),
                    );
                    return None;
                }
            };
            return match Dist::empirical(values) {
                Ok(d) => Some(d),
                Err(e) => {
                    self.problem(path, e.to_string());
                    None
                }
            };
        }
        let mut values = Vec::with_capacity(params.len());
        let mut ok = true;
        for &param in params {
            let p = format!("{path}.{param}");
            match t.get(param) {
                None => {
                    self.problem(
                        p,
                        format!("missing `{param}`; {kind} needs {}", params.join(", ")),
                    );
                    ok = false;
                }
                Some(v) if UNITLESS_PARAMS.contains(&param) => match number(v) {
                    Some(x) => values.push(x),
                    None => {
                        self.problem(p, format!("expected a number, got {}", describe(v)));
                        ok = false;
                    }
                },
                Some(v) => match self.time(v, &p) {
                    Some(x) => values.push(x),
                    None => ok = false,
                },
            }
        }
        if !ok {
            return None;
        }
        let built = match kind {
            "exponential" => Dist::exponential(values[0]),
            "deterministic" => Dist::deterministic(values[0]),
            "uniform" => Dist::uniform(values[0], values[1]),
            "triangular" => Dist::triangular(values[0], values[1], values[2]),
            "normal" => Dist::normal(values[0], values[1]),
            "lognormal" => Dist::lognormal(values[0], values[1]),
            "gamma" => Dist::gamma(values[0], values[1]),
            "erlang" => Dist::erlang(values[0], values[1]),
            "weibull" => Dist::weibull(values[0], values[1]),
            _ => unreachable!("every name in DISTRIBUTIONS is matched"),
        };
        match built {
            Ok(d) => Some(d),
            Err(e) => {
                self.problem(path, format!("{kind}: {e}"));
                None
            }
        }
    }

    /// A duration: a distribution, in working time if its values were given in `wd`.
    fn duration(&mut self, v: &Value, path: &str) -> Option<Duration> {
        let (wd, other) = (self.seen_wd, self.seen_other);
        let dist = self.dist(v, path)?;
        let (wd, other) = (self.seen_wd - wd, self.seen_other - other);
        if wd > 0 && other > 0 {
            self.problem(
                path,
                "mixes working days (wd) with other units; give every parameter in wd, or none",
            );
            return None;
        }
        Some(Duration {
            dist,
            working: wd > 0,
        })
    }

    #[allow(clippy::type_complexity)]
    fn stages(
        &mut self,
        v: Option<&Value>,
        index: &BTreeMap<&str, StageId>,
        pools: &BTreeMap<&str, PoolId>,
        classes: &BTreeMap<&str, ClassId>,
    ) -> Option<(Vec<Stage>, Overrides)> {
        let Some(v) = v else {
            self.problem(
                "stages",
                "missing [stages.NAME] tables: the process needs at least one stage",
            );
            return None;
        };
        let t = self.table(v, "stages")?;
        let mut stages = Vec::new();
        let mut overrides = Overrides::new();
        for (name, v) in t {
            let path = format!("stages.{name}");
            if name == "end" || name == "all" {
                self.problem(
                    path.clone(),
                    format!("\"{name}\" is reserved and cannot name a stage; rename it"),
                );
            }
            let Some(st) = self.table(v, &path) else {
                continue;
            };
            self.check_keys(st, &path, STAGE_KEYS);
            let label = self.opt_string(st, "label", &path);
            let flag = |r: &mut Self, key: &str| match st.get(key) {
                None => false,
                Some(Value::Boolean(b)) => *b,
                Some(other) => {
                    r.problem(
                        format!("{path}.{key}"),
                        format!("expected true or false, got {}", describe(other)),
                    );
                    false
                }
            };
            let external = flag(self, "external");
            let handoff = flag(self, "handoff");
            let kinds =
                usize::from(external) + usize::from(handoff) + usize::from(st.contains_key("pool"));
            let kind = if kinds > 1 {
                self.problem(
                    path.clone(),
                    "a stage is one of: staffed (`pool = ...`), `external = true` or `handoff = true`; give only one",
                );
                None
            } else if external {
                Some(StageKind::External)
            } else if handoff {
                let collect = match st.get("collect") {
                    None => Some(Vec::new()),
                    Some(c) => {
                        let list: Vec<Value> = match c {
                            Value::Array(a) => a.clone(),
                            other => vec![other.clone()],
                        };
                        let mut out = Vec::new();
                        for (i, x) in list.iter().enumerate() {
                            match x.as_str().map(crate::calendar::parse_clock) {
                                Some(Ok(m)) => out.push(m),
                                _ => self.problem(
                                    format!("{path}.collect[{i}]"),
                                    format!(
                                        "expected a clock time such as \"16:00\", got {}",
                                        describe(x)
                                    ),
                                ),
                            }
                        }
                        out.sort_unstable();
                        Some(out)
                    }
                };
                collect.map(|collect| StageKind::Handoff { collect })
            } else {
                match st.get("pool") {
                    Some(Value::String(p)) => match pools.get(p.as_str()) {
                        Some(&id) => Some(StageKind::Staffed { pool: id }),
                        None => {
                            let known: Vec<&str> = pools.keys().copied().collect();
                            self.problem(
                                format!("{path}.pool"),
                                format!(
                                    "no pool named \"{p}\"{}; defined in [pools]: {}",
                                    did_you_mean(p, known.iter().copied()),
                                    if known.is_empty() {
                                        "none".to_string()
                                    } else {
                                        known.join(", ")
                                    }
                                ),
                            );
                            None
                        }
                    },
                    Some(other) => {
                        self.problem(
                            format!("{path}.pool"),
                            format!("expected a pool name, got {}", describe(other)),
                        );
                        None
                    }
                    None => {
                        self.problem(
                            path.clone(),
                            "stage has no kind: give `pool = \"NAME\"` (staffed), `external = true` (customer-side time) or `handoff = true` (transfer between departments)",
                        );
                        None
                    }
                }
            };
            if st.contains_key("collect") && !handoff {
                self.problem(
                    format!("{path}.collect"),
                    "`collect` applies to hand-off stages only (`handoff = true`)",
                );
            }
            let duration = match st.get("duration") {
                Some(d) => self.duration(d, &format!("{path}.duration")),
                None if handoff => Some(Duration {
                    dist: Dist::deterministic(0.0).ok()?,
                    working: false,
                }),
                None => {
                    self.problem(
                        format!("{path}.duration"),
                        "missing `duration`, e.g. { dist = \"exponential\", mean = 0.25 }",
                    );
                    None
                }
            };
            let route = match st.get("next") {
                Some(n) => self.route(n, &format!("{path}.next"), index),
                None => {
                    self.problem(
                        format!("{path}.next"),
                        "missing `next`: a stage name, \"end\", branches [{ to, p }, ...], { rework = ..., p = ..., otherwise = ... } or { fork = [...], join = ... }",
                    );
                    None
                }
            };
            let stage_id = index.get(name.as_str()).copied().unwrap_or(0);
            if let Some(bc) = st.get("by_class") {
                let bpath = format!("{path}.by_class");
                if let Some(bt) = self.table(bc, &bpath) {
                    for (cname, ov) in bt {
                        let opath = format!("{bpath}.{cname}");
                        let Some(&class) = classes.get(cname.as_str()) else {
                            let known: Vec<&str> = classes.keys().copied().collect();
                            self.problem(
                                opath,
                                format!(
                                    "no class named \"{cname}\"{}; classes: {}",
                                    did_you_mean(cname, known.iter().copied()),
                                    known.join(", ")
                                ),
                            );
                            continue;
                        };
                        let Some(ot) = self.table(ov, &opath) else {
                            continue;
                        };
                        self.check_keys(ot, &opath, OVERRIDE_KEYS);
                        let d = ot
                            .get("duration")
                            .and_then(|d| self.duration(d, &format!("{opath}.duration")));
                        let r = ot
                            .get("next")
                            .and_then(|n| self.route(n, &format!("{opath}.next"), index));
                        overrides.insert((class, stage_id), (d, r));
                    }
                }
            }
            let (duration_stream, route_stream) = match st.get("streams") {
                None => (name.clone(), name.clone()),
                Some(v) => {
                    let spath = format!("{path}.streams");
                    match self.table(v, &spath) {
                        Some(t) => {
                            self.check_keys(t, &spath, STREAM_KEYS);
                            let d = self.opt_string(t, "duration", &spath);
                            let r = self.opt_string(t, "route", &spath);
                            (
                                d.unwrap_or_else(|| name.clone()),
                                r.unwrap_or_else(|| name.clone()),
                            )
                        }
                        None => (name.clone(), name.clone()),
                    }
                }
            };
            if let (Some(kind), Some(duration), Some(route)) = (kind, duration, route) {
                stages.push(Stage {
                    duration_key: stage_key(&duration_stream),
                    route_key: stage_key(&route_stream),
                    name: name.clone(),
                    label,
                    kind,
                    duration,
                    route,
                    branch_of: None,
                });
            }
        }
        Some((stages, overrides))
    }

    fn route(&mut self, v: &Value, path: &str, index: &BTreeMap<&str, StageId>) -> Option<Route> {
        match v {
            Value::String(s) => self
                .stage_ref(s, path, index, true)
                .map(|to| Route::Next { to, rework: false }),
            Value::Array(list) => {
                if list.is_empty() {
                    self.problem(path, "no branches; give at least one { to, p }");
                    return None;
                }
                let mut branches = Vec::new();
                let mut sum = 0.0;
                let mut ok = true;
                for (i, b) in list.iter().enumerate() {
                    let bp = format!("{path}[{i}]");
                    let Some(bt) = self.table(b, &bp) else {
                        ok = false;
                        continue;
                    };
                    self.check_keys(bt, &bp, BRANCH_KEYS);
                    let to = self
                        .string(bt, "to", &bp)
                        .and_then(|s| self.stage_ref(s, &format!("{bp}.to"), index, true));
                    let p = match bt.get("p") {
                        Some(pv) => match number(pv) {
                            Some(x) if (0.0..=1.0).contains(&x) => Some(x),
                            _ => {
                                self.problem(
                                    format!("{bp}.p"),
                                    format!(
                                        "must be a probability between 0 and 1, got {}",
                                        describe(pv)
                                    ),
                                );
                                None
                            }
                        },
                        None => {
                            self.problem(format!("{bp}.p"), "missing `p`");
                            None
                        }
                    };
                    match (to, p) {
                        (Some(to), Some(p)) => {
                            sum += p;
                            branches.push(Branch {
                                to,
                                p,
                                cumulative: sum,
                                rework: false,
                                redo: false,
                            });
                        }
                        _ => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                if (sum - 1.0).abs() > PROBABILITY_SUM_TOLERANCE {
                    let ps: Vec<String> = branches.iter().map(|b| b.p.to_string()).collect();
                    self.problem(
                        path,
                        format!(
                            "branch probabilities {} sum to {sum}, not 1 (tolerance {PROBABILITY_SUM_TOLERANCE:e}); adjust them so they add up to 1",
                            ps.join(" + ")
                        ),
                    );
                    return None;
                }
                if let Some(last) = branches.last_mut() {
                    last.cumulative = 1.0;
                }
                Some(Route::Branches(branches))
            }
            Value::Table(t) if t.contains_key("rework") => {
                self.check_keys(t, path, REWORK_KEYS);
                let target = |r: &mut Self, key: &str| match t.get(key) {
                    Some(Value::String(s)) => {
                        r.stage_ref(s, &format!("{path}.{key}"), index, key == "otherwise")
                    }
                    other => {
                        r.problem(
                            format!("{path}.{key}"),
                            format!(
                                "expected a stage name, got {}",
                                other.map(describe).unwrap_or_else(|| "nothing".into())
                            ),
                        );
                        None
                    }
                };
                let to = target(self, "rework");
                let otherwise = target(self, "otherwise");
                let p: Option<Vec<f64>> = match t.get("p") {
                    Some(Value::Array(a)) if !a.is_empty() => a
                        .iter()
                        .enumerate()
                        .map(|(i, x)| match number(x) {
                            Some(q) if (0.0..=1.0).contains(&q) => Some(q),
                            _ => {
                                self.problem(
                                    format!("{path}.p[{i}]"),
                                    format!(
                                        "must be a probability between 0 and 1, got {}",
                                        describe(x)
                                    ),
                                );
                                None
                            }
                        })
                        .collect(),
                    Some(x) if number(x).is_some_and(|q| (0.0..=1.0).contains(&q)) => {
                        number(x).map(|q| vec![q])
                    }
                    other => {
                        self.problem(
                            format!("{path}.p"),
                            format!(
                                "expected a rework probability or a list by attempt such as [0.4, 0.2], got {}",
                                other.map(describe).unwrap_or_else(|| "nothing".into())
                            ),
                        );
                        None
                    }
                };
                let max = match t.get("max") {
                    None => Some(u32::MAX),
                    Some(v) => self.count(v, &format!("{path}.max"), 0),
                };
                if p.as_ref().is_some_and(|p| p.last() == Some(&1.0)) && max == Some(u32::MAX) {
                    self.problem(
                        format!("{path}.p"),
                        "the last rework probability is 1 and there is no `max`: cases would loop for ever; lower it or set `max`",
                    );
                    return None;
                }
                Some(Route::Rework {
                    to: to?,
                    p: p?,
                    max: max?,
                    otherwise: otherwise?,
                    back: false,
                    redo: false,
                })
            }
            Value::Table(t) => {
                self.check_keys(t, path, FORK_KEYS);
                let branches = match t.get("fork") {
                    Some(Value::Array(a)) if a.len() >= 2 => {
                        let mut out = Vec::new();
                        for (i, b) in a.iter().enumerate() {
                            let bp = format!("{path}.fork[{i}]");
                            match b {
                                Value::String(s) => {
                                    if let Some(Target::Stage(id)) =
                                        self.stage_ref(s, &bp, index, false)
                                    {
                                        if out.contains(&id) {
                                            self.problem(
                                                bp,
                                                format!(
                                                    "stage \"{s}\" is listed twice in the fork"
                                                ),
                                            );
                                        }
                                        out.push(id);
                                    }
                                }
                                other => self.problem(
                                    bp,
                                    format!("expected a stage name, got {}", describe(other)),
                                ),
                            }
                        }
                        Some(out)
                    }
                    other => {
                        self.problem(
                            format!("{path}.fork"),
                            format!(
                                "expected a list of two or more stage names that start the parallel branches, got {}",
                                other.map(describe).unwrap_or_else(|| "nothing".into())
                            ),
                        );
                        None
                    }
                };
                let join = match t.get("join") {
                    Some(Value::String(s)) => {
                        self.stage_ref(s, &format!("{path}.join"), index, true)
                    }
                    other => {
                        self.problem(
                            format!("{path}.join"),
                            format!(
                                "a fork needs its join: the stage (or \"end\") where the branches meet, got {}",
                                other.map(describe).unwrap_or_else(|| "nothing".into())
                            ),
                        );
                        None
                    }
                };
                Some(Route::Fork {
                    branches: branches?,
                    join: join?,
                })
            }
            other => {
                self.problem(
                    path,
                    format!(
                        "expected a stage name, \"end\", branches [{{ to, p }}, ...] or {{ fork = [...], join = ... }}, got {}",
                        describe(other)
                    ),
                );
                None
            }
        }
    }

    /// Checks that concern the whole process graph: forks and their joins, reachability,
    /// loops with no way out; and marks back edges as rework.
    fn check_graph(&mut self, m: &mut Model, overrides: &Overrides) {
        let name = |m: &Model, s: StageId| m.stages[s as usize].name.clone();
        // Forks: each branch must reach the join and nothing else.
        let forks: Vec<(StageId, Vec<StageId>, Target)> = m
            .stages
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match &s.route {
                Route::Fork { branches, join } => Some((i as StageId, branches.clone(), *join)),
                _ => None,
            })
            .collect();
        for (fork, branches, join) in &forks {
            let fork_path = format!("stages.{}.next", name(m, *fork));
            let join_name = match join {
                Target::Stage(j) => format!("\"{}\"", name(m, *j)),
                Target::End => "\"end\"".to_string(),
            };
            if branches.iter().any(|b| Target::Stage(*b) == *join) {
                self.problem(
                    format!("{fork_path}.fork"),
                    format!(
                        "the join {join_name} is also listed as a branch; a branch must be a stage that leads to the join"
                    ),
                );
            }
            let mut members = BTreeSet::new();
            let mut stack: Vec<StageId> = branches.clone();
            let mut escaped = false;
            while let Some(s) = stack.pop() {
                if Target::Stage(s) == *join || !members.insert(s) {
                    continue;
                }
                if s == *fork {
                    self.problem(
                        fork_path.clone(),
                        format!("a branch of this fork leads back to the fork stage before reaching its join {join_name}"),
                    );
                    escaped = true;
                    continue;
                }
                let stage = &m.stages[s as usize];
                if matches!(stage.route, Route::Fork { .. }) {
                    self.problem(
                        format!("stages.{}.next", stage.name),
                        format!("forks inside a parallel branch (of the fork at \"{}\") are not supported; flatten the branches into one fork", name(m, *fork)),
                    );
                    escaped = true;
                    continue;
                }
                for t in stage.route.targets() {
                    match t {
                        Target::Stage(x) => stack.push(x),
                        Target::End if *join != Target::End => {
                            self.problem(
                                format!("stages.{}.next", stage.name),
                                format!(
                                    "this stage is inside a parallel branch of the fork at \"{}\" but can route to \"end\" without reaching the join {join_name}; route it to the join",
                                    name(m, *fork)
                                ),
                            );
                            escaped = true;
                        }
                        Target::End => {}
                    }
                }
            }
            if escaped {
                continue;
            }
            for &s in &members {
                let stage = &mut m.stages[s as usize];
                if let Some(other) = stage.branch_of {
                    let other_name = m.stages[other as usize].name.clone();
                    self.problem(
                        format!("stages.{}", m.stages[s as usize].name),
                        format!(
                            "stage is inside the branches of two forks (\"{other_name}\" and \"{}\"); each stage may belong to one fork",
                            m.stages[*fork as usize].name
                        ),
                    );
                } else {
                    stage.branch_of = Some(*fork);
                }
            }
        }
        if !self.problems.is_empty() {
            return;
        }
        // Class overrides stay outside forks, so a branch is the same for every class.
        for &(c, st) in overrides.keys() {
            let stage = &m.stages[st as usize];
            let overrides_route = overrides[&(c, st)].1.is_some();
            let is_fork = matches!(stage.route, Route::Fork { .. })
                || matches!(m.route(c, st), Route::Fork { .. });
            if overrides_route && (is_fork || stage.branch_of.is_some()) {
                self.problem(
                    format!(
                        "stages.{}.by_class.{}.next",
                        stage.name, m.classes[c as usize].name
                    ),
                    "routes of forks and of stages inside parallel branches cannot differ by class",
                );
            }
        }
        if !self.problems.is_empty() {
            return;
        }
        let n = m.stages.len();
        let nc = m.classes.len();
        // Stages inside a branch may only be entered from their fork or from the same branch.
        for c in 0..nc as ClassId {
            for (i, stage) in m.stages.iter().enumerate() {
                for t in m.route(c, i as StageId).targets() {
                    let Target::Stage(x) = t else { continue };
                    let target_fork = m.stages[x as usize].branch_of;
                    let from_fork = match &stage.route {
                        Route::Fork { branches, .. } if branches.contains(&x) => Some(i as StageId),
                        _ => None,
                    };
                    if target_fork.is_some()
                        && target_fork != stage.branch_of
                        && target_fork != from_fork
                    {
                        self.problem(
                            format!("stages.{}.next", stage.name),
                            format!(
                                "routes into \"{}\", which is inside a parallel branch of the fork at \"{}\"; a branch can only be entered through its fork",
                                m.stages[x as usize].name,
                                m.stages[target_fork.unwrap_or(0) as usize].name
                            ),
                        );
                    }
                }
            }
        }
        for (i, class) in m.classes.iter().enumerate() {
            if m.stages[class.start as usize].branch_of.is_some() {
                self.problem(
                    format!("classes[{i}].start"),
                    format!(
                        "\"{}\" is inside a parallel branch; start at a stage outside forks",
                        m.stages[class.start as usize].name
                    ),
                );
            }
        }
        if !self.problems.is_empty() {
            return;
        }
        // Successors for class c: a fork continues at its join; a branch member's route into
        // its join ends the branch (the fork carries on from there).
        let succ = |m: &Model, c: ClassId, s: usize| -> Vec<Target> {
            let join = m.branch_join(s as StageId);
            let route = m.route(c, s as StageId);
            let mut out: Vec<Target> = route
                .targets()
                .into_iter()
                .filter(|t| Some(*t) != join)
                .collect();
            if let Route::Fork { join, .. } = route {
                out.push(*join);
            }
            if join.is_some() && route.targets().contains(&join.unwrap_or(Target::End)) {
                out.push(Target::End);
            }
            out
        };
        let mut reached_any = vec![false; n];
        for c in 0..nc as ClassId {
            let mut reached = vec![false; n];
            let mut stack = vec![m.classes[c as usize].start as usize];
            while let Some(s) = stack.pop() {
                if reached[s] {
                    continue;
                }
                reached[s] = true;
                for t in succ(m, c, s) {
                    if let Target::Stage(x) = t {
                        stack.push(x as usize);
                    }
                }
            }
            // Way out: which stages can reach the exit.
            let mut exits = vec![false; n];
            let mut changed = true;
            while changed {
                changed = false;
                for s in 0..n {
                    if !exits[s]
                        && succ(m, c, s).iter().any(|t| match t {
                            Target::End => true,
                            Target::Stage(x) => exits[*x as usize],
                        })
                    {
                        exits[s] = true;
                        changed = true;
                    }
                }
            }
            let trapped: Vec<String> = (0..n)
                .filter(|&s| reached[s] && !exits[s])
                .map(|s| format!("\"{}\"", m.stages[s].name))
                .collect();
            if !trapped.is_empty() {
                self.problem(
                    "stages",
                    format!(
                        "for class \"{}\", stages {} form a loop with no way out: no route from them reaches \"end\"; give one of them a branch to \"end\" or onward",
                        m.classes[c as usize].name,
                        trapped.join(", ")
                    ),
                );
            }
            for s in 0..n {
                reached_any[s] |= reached[s];
            }
        }
        for (i, stage) in m.stages.iter().enumerate() {
            if !reached_any[i] {
                self.problem(
                    format!("stages.{}", stage.name),
                    "this stage is never reached from any class's `start`; route to it or remove it",
                );
            }
        }
        if !self.problems.is_empty() {
            return;
        }
        // Rework: per class, an edge back to a stage on the current depth-first path.
        for c in 0..nc as ClassId {
            let mut on_path = vec![false; n];
            let mut done = vec![false; n];
            let mut back: BTreeSet<(usize, usize)> = BTreeSet::new();
            // Iterative depth-first search: (stage, successors, next successor index).
            let start = m.classes[c as usize].start as usize;
            let mut stack: Vec<(usize, Vec<Target>, usize)> = vec![(start, succ(m, c, start), 0)];
            on_path[start] = true;
            while let Some((s, next, k)) = stack.last_mut() {
                if *k < next.len() {
                    let t = next[*k];
                    *k += 1;
                    if let Target::Stage(x) = t {
                        let x = x as usize;
                        if on_path[x] {
                            back.insert((*s, x));
                        } else if !done[x] {
                            on_path[x] = true;
                            let sx = succ(m, c, x);
                            stack.push((x, sx, 0));
                        }
                    }
                } else {
                    on_path[*s] = false;
                    done[*s] = true;
                    stack.pop();
                }
            }
            // Which stages each stage can lead to, for the class.
            let reach: Vec<BTreeSet<usize>> = (0..n)
                .map(|from| {
                    let mut seen = BTreeSet::new();
                    let mut todo = vec![from];
                    while let Some(x) = todo.pop() {
                        for t in succ(m, c, x) {
                            if let Target::Stage(y) = t
                                && seen.insert(y as usize)
                            {
                                todo.push(y as usize);
                            }
                        }
                    }
                    seen
                })
                .collect();
            for s in 0..n {
                let is_back =
                    |to: Target| matches!(to, Target::Stage(x) if back.contains(&(s, x as usize)));
                let comes_back = |to: Target| match to {
                    Target::Stage(x) => x as usize == s || reach[x as usize].contains(&s),
                    Target::End => false,
                };
                match &mut m.routes[c as usize * n + s] {
                    Route::Next { to, rework } => *rework = is_back(*to),
                    Route::Branches(bs) => {
                        // A branch is redoing work when it returns here and another branch
                        // does not (the way on).
                        let returns: Vec<bool> = bs.iter().map(|b| comes_back(b.to)).collect();
                        let some_go_on = returns.iter().any(|r| !r);
                        for (b, r) in bs.iter_mut().zip(returns) {
                            b.rework = is_back(b.to);
                            b.redo = r && some_go_on;
                        }
                    }
                    Route::Rework {
                        to,
                        back,
                        redo,
                        otherwise,
                        ..
                    } => {
                        *back = is_back(*to);
                        *redo = comes_back(*to) && !comes_back(*otherwise);
                    }
                    Route::Fork { .. } => {}
                }
            }
        }
    }
}

/// Reads a file named by `include`: next to the scenario (in `base`) if it is there, else
/// among [`EMBEDDED_FILES`].
pub fn read_include(base: Option<&std::path::Path>, file: &str) -> Result<String, String> {
    if let Some(base) = base {
        let p = base.join(file);
        if p.exists() {
            return std::fs::read_to_string(&p)
                .map_err(|e| format!("could not read '{}': {e}", p.display()));
        }
    }
    EMBEDDED_FILES
        .iter()
        .find(|(name, _)| *name == file)
        .map(|(_, text)| (*text).to_string())
        .ok_or_else(|| {
            format!(
                "file \"{file}\" not found next to the scenario{}",
                base.map(|b| format!(" (in '{}')", b.display()))
                    .unwrap_or_default()
            )
        })
}

/// Adds a calendar table's own keys to the keys of its included file: `days` and `hours`
/// replace, `holidays` and `makeup_days` add; `include` itself is dropped.
pub fn merge_calendar(merged: &mut Table, own: &Table) {
    for (k, val) in own {
        match (k.as_str(), merged.get_mut(k)) {
            ("holidays" | "makeup_days", Some(Value::Array(existing))) => {
                if let Value::Array(extra) = val {
                    existing.extend(extra.iter().cloned());
                }
            }
            ("include", _) => {}
            _ => {
                merged.insert(k.clone(), val.clone());
            }
        }
    }
}

/// Stable 64-bit identity of a stage name (FNV-1a), used to key random draws.
pub fn stage_key(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
