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
const TOP_KEYS: &[&str] = &["scenario", "pools", "classes", "stages"];
const SCENARIO_KEYS: &[&str] = &[
    "name",
    "description",
    "time_unit",
    "horizon",
    "warmup",
    "replications",
    "seed",
];
const POOL_KEYS: &[&str] = &["size", "label"];
const CLASS_KEYS: &[&str] = &["name", "label", "arrival_rate", "arrival", "start"];
const STAGE_KEYS: &[&str] = &["label", "pool", "external", "duration", "next"];
const BRANCH_KEYS: &[&str] = &["to", "p"];
const FORK_KEYS: &[&str] = &["fork", "join"];

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
    let root: Table = toml::from_str(text).map_err(|e| ScenarioError::Syntax {
        file: file.to_string(),
        message: e.to_string().trim_end().to_string(),
    })?;
    model_from_table(&root, file)
}

/// Builds a model from an already parsed TOML table (after `--set` overrides).
pub fn model_from_table(root: &Table, file: &str) -> Result<Model, ScenarioError> {
    let mut r = Reader::default();
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
}

fn describe(v: &Value) -> String {
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

/// Splits a duration string such as `"30min"`, `"4h"`, `"3d"` into value and unit minutes.
fn parse_duration_string(s: &str) -> Result<f64, String> {
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
        "wd" => {
            return Err(format!(
                "\"{s}\" is in working days (wd), which need a calendar; write it in min, h or d"
            ));
        }
        other => {
            return Err(format!(
                "unknown unit \"{other}\" in \"{s}\"; use min, h, d (e.g. \"30min\", \"4h\", \"3d\")"
            ));
        }
    };
    Ok(value * minutes)
}

/// " (did you mean `x`?)" for the closest of `candidates` within two edits, or "".
fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
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
                Ok(minutes) => minutes / unit.minutes(),
                Err(e) => {
                    self.problem(path, e);
                    return None;
                }
            },
            other => match number(other) {
                Some(x) => x,
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
        let pools = self.pools(root.get("pools"));
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
        let stages = self.stages(root.get("stages"), &stage_index, &pool_index);
        let (settings, stages) = (settings?, stages?);
        let mut model = Model {
            settings,
            pools,
            classes,
            stages,
        };
        if self.problems.is_empty() {
            self.check_graph(&mut model);
        }
        Some(model)
    }

    fn settings(&mut self, t: &Table) -> Option<Settings> {
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
        if let (Some(h), Some(w)) = (horizon, warmup) {
            if w >= h {
                self.problem(
                    "scenario.warmup",
                    format!("must be shorter than the horizon ({h}), got {w}"),
                );
            }
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
        Some(Settings {
            name: name?,
            time_unit: time_unit?,
            horizon: horizon?,
            warmup: warmup?,
            replications: replications?,
            seed: seed?,
        })
    }

    fn pools(&mut self, v: Option<&Value>) -> Vec<Pool> {
        let Some(v) = v else {
            return Vec::new();
        };
        let Some(t) = self.table(v, "pools") else {
            return Vec::new();
        };
        let mut pools = Vec::new();
        for (name, v) in t {
            let path = format!("pools.{name}");
            let (size, label) = match v {
                Value::Table(pt) => {
                    self.check_keys(pt, &path, POOL_KEYS);
                    let size = match pt.get("size") {
                        Some(s) => self.count(s, &format!("{path}.size"), 1),
                        None => {
                            self.problem(format!("{path}.size"), "missing `size`");
                            None
                        }
                    };
                    (size, self.opt_string(pt, "label", &path))
                }
                other => (self.count(other, &path, 1), None),
            };
            pools.push(Pool {
                name: name.clone(),
                label,
                size: size.unwrap_or(1),
            });
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
            if let (Some(name), Some(arrival), Some(Target::Stage(start))) = (name, arrival, start)
            {
                classes.push(Class {
                    name,
                    label,
                    arrival,
                    start,
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

    fn stages(
        &mut self,
        v: Option<&Value>,
        index: &BTreeMap<&str, StageId>,
        pools: &BTreeMap<&str, PoolId>,
    ) -> Option<Vec<Stage>> {
        let Some(v) = v else {
            self.problem(
                "stages",
                "missing [stages.NAME] tables: the process needs at least one stage",
            );
            return None;
        };
        let t = self.table(v, "stages")?;
        let mut stages = Vec::new();
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
            let external = match st.get("external") {
                None => false,
                Some(Value::Boolean(b)) => *b,
                Some(other) => {
                    self.problem(
                        format!("{path}.external"),
                        format!("expected true or false, got {}", describe(other)),
                    );
                    false
                }
            };
            let kind = match (st.get("pool"), external) {
                (Some(_), true) => {
                    self.problem(
                        path.clone(),
                        "a stage is either staffed (`pool = ...`) or `external = true`, not both",
                    );
                    None
                }
                (Some(Value::String(p)), false) => match pools.get(p.as_str()) {
                    Some(&id) => Some(StageKind::Staffed { pool: id }),
                    None => {
                        let known: Vec<&str> = pools.keys().copied().collect();
                        self.problem(
                            format!("{path}.pool"),
                            format!(
                                "no pool named \"{p}\"; defined in [pools]: {}",
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
                (Some(other), false) => {
                    self.problem(
                        format!("{path}.pool"),
                        format!("expected a pool name, got {}", describe(other)),
                    );
                    None
                }
                (None, true) => Some(StageKind::External),
                (None, false) => {
                    self.problem(
                        path.clone(),
                        "stage has no kind: give `pool = \"NAME\"` (staffed) or `external = true` (customer-side time)",
                    );
                    None
                }
            };
            let duration = match st.get("duration") {
                Some(d) => self.dist(d, &format!("{path}.duration")),
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
                        "missing `next`: a stage name, \"end\", branches [{ to, p }, ...] or { fork = [...], join = ... }",
                    );
                    None
                }
            };
            if let (Some(kind), Some(duration), Some(route)) = (kind, duration, route) {
                stages.push(Stage {
                    key: stage_key(name),
                    name: name.clone(),
                    label,
                    kind,
                    duration,
                    route,
                    branch_of: None,
                });
            }
        }
        Some(stages)
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
    fn check_graph(&mut self, m: &mut Model) {
        let n = m.stages.len();
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
        // Stages inside a branch may only be entered from the fork or from the same branch set.
        for (i, stage) in m.stages.iter().enumerate() {
            for t in stage.route.targets() {
                if let Target::Stage(x) = t {
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
        for class in &m.classes {
            if m.stages[class.start as usize].branch_of.is_some() {
                self.problem(
                    format!("classes.{}.start", class.name),
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
        // Successors for reachability: a fork continues at its join; a branch member's route into
        // its join ends the branch.
        let succ = |m: &Model, s: usize| -> Vec<Target> {
            let stage = &m.stages[s];
            let join = stage.branch_of.map(|f| match &m.stages[f as usize].route {
                Route::Fork { join, .. } => *join,
                _ => Target::End,
            });
            let mut out: Vec<Target> = stage
                .route
                .targets()
                .into_iter()
                .filter(|t| Some(*t) != join)
                .collect();
            if let Route::Fork { join, .. } = &stage.route {
                out.push(*join);
            }
            if join.is_some() && out.is_empty() {
                // Reaching the join ends the branch; the fork stage carries on from there.
                out.push(Target::End);
            }
            out
        };
        let mut reached = vec![false; n];
        let mut stack: Vec<usize> = m.classes.iter().map(|c| c.start as usize).collect();
        while let Some(s) = stack.pop() {
            if reached[s] {
                continue;
            }
            reached[s] = true;
            for t in succ(m, s) {
                if let Target::Stage(x) = t {
                    stack.push(x as usize);
                }
            }
        }
        for (i, stage) in m.stages.iter().enumerate() {
            if !reached[i] {
                self.problem(
                    format!("stages.{}", stage.name),
                    "this stage is never reached from any class's `start`; route to it or remove it",
                );
            }
        }
        // Way out: which stages can reach the exit (a branch member exits by reaching its join).
        let mut exits = vec![false; n];
        let mut changed = true;
        while changed {
            changed = false;
            for s in 0..n {
                if exits[s] {
                    continue;
                }
                let branch_done = m.stages[s].branch_of.is_some_and(|f| {
                    let join = match &m.stages[f as usize].route {
                        Route::Fork { join, .. } => *join,
                        _ => Target::End,
                    };
                    m.stages[s].route.targets().contains(&join)
                });
                let ok = branch_done
                    || succ(m, s).iter().any(|t| match t {
                        Target::End => true,
                        Target::Stage(x) => exits[*x as usize],
                    });
                if ok {
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
                    "stages {} form a loop with no way out: no route from them reaches \"end\"; give one of them a branch to \"end\" or onward",
                    trapped.join(", ")
                ),
            );
            return;
        }
        // Rework: an edge back to a stage on the current depth-first path from a start.
        let mut on_path = vec![false; n];
        let mut done = vec![false; n];
        let mut back_edges: BTreeSet<(usize, usize)> = BTreeSet::new();
        fn dfs(
            m: &Model,
            s: usize,
            on_path: &mut [bool],
            done: &mut [bool],
            back: &mut BTreeSet<(usize, usize)>,
        ) {
            on_path[s] = true;
            for t in m.stages[s].route.targets() {
                if let Target::Stage(x) = t {
                    let x = x as usize;
                    if on_path[x] {
                        back.insert((s, x));
                    } else if !done[x] {
                        dfs(m, x, on_path, done, back);
                    }
                }
            }
            if let Route::Fork {
                join: Target::Stage(j),
                ..
            } = &m.stages[s].route
            {
                let j = *j as usize;
                if on_path[j] {
                    back.insert((s, j));
                } else if !done[j] {
                    dfs(m, j, on_path, done, back);
                }
            }
            on_path[s] = false;
            done[s] = true;
        }
        for c in &m.classes {
            dfs(
                m,
                c.start as usize,
                &mut on_path,
                &mut done,
                &mut back_edges,
            );
        }
        for (i, stage) in m.stages.iter_mut().enumerate() {
            match &mut stage.route {
                Route::Next {
                    to: Target::Stage(x),
                    rework,
                } => *rework = back_edges.contains(&(i, *x as usize)),
                Route::Branches(bs) => {
                    for b in bs {
                        if let Target::Stage(x) = b.to {
                            b.rework = back_edges.contains(&(i, x as usize));
                        }
                    }
                }
                _ => {}
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
