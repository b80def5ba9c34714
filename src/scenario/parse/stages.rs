//! Reading the stages of a scenario: durations (distributions with units) and routes
//! (next, branches, rework, forks), with per-class overrides, field by field.

use super::*;

impl Reader {
    pub(super) fn dist(&mut self, v: &Value, path: &str) -> Option<Dist> {
        // A bare number or a duration string is a deterministic duration.
        if !matches!(v, Value::Table(_)) {
            let x = self.time(v, path)?;
            return match Dist::deterministic(x) {
                Ok(d) => Some(d),
                Err(e) => {
                    // The time itself is the value: said without a parameter's name.
                    let message = match e {
                        crate::dist::DistError::Negative { .. } => {
                            format!("must be a time >= 0, got {got}", got = describe(v))
                        }
                        other => other.to_string(),
                    };
                    self.problem(path, message);
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
                    format!(
                        "expected a distribution name, got {got}",
                        got = describe(other)
                    ),
                );
                return None;
            }
            None => {
                let names: Vec<&str> = DISTRIBUTIONS.iter().map(|(n, _)| *n).collect();
                self.problem(
                    format!("{path}.dist"),
                    format!("missing `dist`; one of: {names}", names = names.join(", ")),
                );
                return None;
            }
        };
        let Some(&(_, params)) = DISTRIBUTIONS.iter().find(|(n, _)| *n == kind) else {
            let names: Vec<&str> = DISTRIBUTIONS.iter().map(|(n, _)| *n).collect();
            self.problem(
                format!("{path}.dist"),
                format!(
                    r#"unknown distribution "{kind}"{hint}; one of: {names}"#,
                    hint = match chinese_distribution(kind) {
                        Some(en) => format!(r#" (did you mean "{en}"?)"#),
                        None => did_you_mean(kind, names.iter().copied()),
                    },
                    names = names.join(", ")
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
                            "expected an array of durations, got {got}",
                            got = other.map(describe).unwrap_or_else(|| "nothing".into())
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
                        format!(
                            "missing `{param}`; {kind} needs {params}",
                            params = params.join(", ")
                        ),
                    );
                    ok = false;
                }
                Some(v) if UNITLESS_PARAMS.contains(&param) => match number(v) {
                    Some(x) => values.push(x),
                    None => {
                        self.problem(
                            p,
                            format!("expected a number, got {got}", got = describe(v)),
                        );
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
                // The parameters as the file writes them ("30min"), not in the time unit.
                let written = |param: &str| match t.get(param) {
                    Some(Value::String(s)) => s.clone(),
                    Some(v) => v.to_string(),
                    None => String::new(),
                };
                use crate::dist::DistError;
                let (at, message) = match &e {
                    DistError::OutOfOrder { lower, upper, .. } => (
                        format!("{path}.{upper}"),
                        format!(
                            "{kind}: `{lower}` ({lower_value}) must not exceed `{upper}` ({upper_value}); they must satisfy {order}",
                            lower_value = written(lower),
                            upper_value = written(upper),
                            order = params.join(" <= ")
                        ),
                    ),
                    DistError::NotLess { lower, upper, .. } => (
                        format!("{path}.{upper}"),
                        format!(
                            "{kind}: `{lower}` ({lower_value}) must be less than `{upper}` ({upper_value})",
                            lower_value = written(lower),
                            upper_value = written(upper)
                        ),
                    ),
                    // A bad parameter is named by its own path when the table writes it.
                    DistError::NotPositive { param, .. }
                    | DistError::Negative { param, .. }
                    | DistError::TooLarge { param, .. }
                    | DistError::NotPositiveInteger { param, .. }
                        if t.contains_key(*param) =>
                    {
                        (format!("{path}.{param}"), format!("{kind}: {why}", why = e))
                    }
                    _ => (path.to_string(), format!("{kind}: {why}", why = e)),
                };
                self.problem(at, message);
                None
            }
        }
    }

    /// A duration: a distribution, in working time if its values were given in `wd`.
    pub(super) fn duration(&mut self, v: &Value, path: &str) -> Option<Duration> {
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
    pub(super) fn stages(
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
                    format!(r#""{name}" is reserved and cannot name a stage; rename it"#),
                );
            }
            let Some(st) = self.table(v, &path) else {
                continue;
            };
            let problems_before = self.problems.len();
            self.check_keys(st, &path, STAGE_KEYS);
            let label = self.opt_string(st, "label", &path);
            let flag = |r: &mut Self, key: &str| match st.get(key) {
                None => false,
                Some(Value::Boolean(b)) => *b,
                Some(other) => {
                    r.problem(
                        format!("{path}.{key}"),
                        format!("expected true or false, got {got}", got = describe(other)),
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
                                        r#"expected a clock time such as "16:00", got {got}"#,
                                        got = describe(x)
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
                        // [pools] itself could not be read (its problem is reported): no
                        // pool is known, and naming one is not another problem.
                        None if self.problems.iter().any(|p| {
                            p.path == "pools" && p.message.starts_with("expected a table")
                        }) =>
                        {
                            None
                        }
                        None => {
                            let known: Vec<&str> = pools.keys().copied().collect();
                            self.problem(format!("{path}.pool"), no_pool_named(p, &known));
                            None
                        }
                    },
                    Some(other) => {
                        self.problem(
                            format!("{path}.pool"),
                            format!("expected a pool name, got {got}", got = describe(other)),
                        );
                        None
                    }
                    None => {
                        self.problem(
                            path.clone(),
                            r#"stage has no kind: give `pool = "NAME"` (staffed), `external = true` (customer-side time) or `handoff = true` (transfer between departments)"#,
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
                        format!(
                            "missing `duration`, e.g. {example}",
                            example = r#"{ dist = "exponential", mean = 0.25 }"#
                        ),
                    );
                    None
                }
            };
            let route = match st.get("next") {
                Some(n) => self.route(n, &format!("{path}.next"), index),
                None => {
                    self.problem(
                        format!("{path}.next"),
                        format!(
                            r#"missing `next`: a stage name, "end", branches {branches}, {rework} or {fork}"#,
                            branches = "[{ to, p }, ...]",
                            rework = "{ rework = ..., p = ..., otherwise = ... }",
                            fork = "{ fork = [...], join = ... }"
                        ),
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
                            if self.broken_classes.contains(cname.as_str()) {
                                // The class's own problems are reported.
                                continue;
                            }
                            let known: Vec<&str> = classes.keys().copied().collect();
                            self.problem(
                                opath,
                                format!(
                                    r#"no class named "{cname}"{hint}; classes: {known}"#,
                                    hint = did_you_mean(cname, known.iter().copied()),
                                    known = known.join(", ")
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
            // A stage whose kind or duration has a problem keeps its place with stand-ins, so
            // that the routes can still be checked and their problems said with the others
            // (a model with problems is never run).
            let stand_in = self.problems.len() > problems_before;
            let kind = kind.or(stand_in.then_some(StageKind::External));
            let duration = duration.or_else(|| {
                let dist = Dist::deterministic(0.0).ok().filter(|_| stand_in)?;
                Some(Duration {
                    dist,
                    working: false,
                })
            });
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

    pub(super) fn route(
        &mut self,
        v: &Value,
        path: &str,
        index: &BTreeMap<&str, StageId>,
    ) -> Option<Route> {
        match v {
            Value::String(s) => self
                .stage_ref(s, path, index, true)
                .map(|to| Route::Next { to, rework: false }),
            Value::Array(list) => {
                if list.is_empty() {
                    self.problem(
                        path,
                        format!(
                            "no branches; give at least one {example}",
                            example = "{ to, p }"
                        ),
                    );
                    return None;
                }
                let mut branches = Vec::new();
                let mut sum = 0.0;
                // Every branch read, and every probability (a bad target does not keep the
                // sum from being checked: it is a problem of its own).
                let (mut ok, mut probabilities) = (true, Vec::new());
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
                                        "must be a probability between 0 and 1, got {got}",
                                        got = describe(pv)
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
                    if let Some(p) = p {
                        probabilities.push(p);
                    }
                    match (to, p.or(Some(STAND_IN_PROBABILITY))) {
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
                let total: f64 = probabilities.iter().sum();
                if probabilities.len() == list.len()
                    && (total - 1.0).abs() > PROBABILITY_SUM_TOLERANCE
                {
                    let ps: Vec<String> = probabilities.iter().map(f64::to_string).collect();
                    // 0.2 + 0.7 is 0.8999999999999999 in binary: twelve places say 0.9, and
                    // still show a sum that misses 1 by more than the tolerance.
                    let sum = format!("{total:.12}");
                    let sum = sum.trim_end_matches('0').trim_end_matches('.');
                    let tolerance = format!("{PROBABILITY_SUM_TOLERANCE:e}");
                    self.problem(
                        path,
                        format!(
                            "branch probabilities {ps} sum to {sum}, not 1 (tolerance {tolerance}); adjust them so they add up to 1",
                            ps = ps.join(" + ")
                        ),
                    );
                }
                if !ok {
                    return None;
                }
                if probabilities.len() < list.len()
                    || (total - 1.0).abs() > PROBABILITY_SUM_TOLERANCE
                {
                    self.stand_in_routes.insert(path.to_string());
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
                                "expected a stage name, got {got}",
                                got = other.map(describe).unwrap_or_else(|| "nothing".into())
                            ),
                        );
                        None
                    }
                };
                let to = target(self, "rework");
                let otherwise = target(self, "otherwise");
                // A probability that could not be read has a stand-in (see
                // `stand_in_routes`), so the route's targets still take part in the checks.
                let mut stand_in = false;
                let p: Vec<f64> = match t.get("p") {
                    Some(Value::Array(a)) if !a.is_empty() => a
                        .iter()
                        .enumerate()
                        .map(|(i, x)| match number(x) {
                            Some(q) if (0.0..=1.0).contains(&q) => q,
                            _ => {
                                self.problem(
                                    format!("{path}.p[{i}]"),
                                    format!(
                                        "must be a probability between 0 and 1, got {got}",
                                        got = describe(x)
                                    ),
                                );
                                stand_in = true;
                                STAND_IN_PROBABILITY
                            }
                        })
                        .collect(),
                    Some(x) if number(x).is_some_and(|q| (0.0..=1.0).contains(&q)) => {
                        number(x).map_or_else(Vec::new, |q| vec![q])
                    }
                    other => {
                        self.problem(
                            format!("{path}.p"),
                            format!(
                                "expected a rework probability or a list by attempt such as [0.4, 0.2], got {got}",
                                got = other.map(describe).unwrap_or_else(|| "nothing".into())
                            ),
                        );
                        stand_in = true;
                        vec![STAND_IN_PROBABILITY]
                    }
                };
                let max = match t.get("max") {
                    None => Some(u32::MAX),
                    Some(v) => self.count(
                        v,
                        &format!("{path}.max"),
                        0,
                        u32::MAX - 1,
                        "leave `max` out for no cap",
                    ),
                };
                if p.last() == Some(&1.0) && max == Some(u32::MAX) {
                    self.problem(
                        format!("{path}.p"),
                        "the last rework probability is 1 and there is no `max`: cases would loop for ever; lower it or set `max`",
                    );
                    return None;
                }
                let route = Route::Rework {
                    to: to?,
                    p,
                    max: max?,
                    otherwise: otherwise?,
                    back: false,
                    redo: false,
                };
                if stand_in {
                    self.stand_in_routes.insert(path.to_string());
                }
                Some(route)
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
                                                    r#"stage "{s}" is listed twice in the fork"#
                                                ),
                                            );
                                        }
                                        out.push(id);
                                    }
                                }
                                other => self.problem(
                                    bp,
                                    format!(
                                        "expected a stage name, got {got}",
                                        got = describe(other)
                                    ),
                                ),
                            }
                        }
                        Some(out)
                    }
                    other => {
                        self.problem(
                            format!("{path}.fork"),
                            format!(
                                "expected a list of two or more stage names that start the parallel branches, got {got}",
                                got = match other {
                                    // Too short a list, as written: `["a"]`.
                                    Some(list @ Value::Array(_)) => list.to_string(),
                                    Some(v) => describe(v),
                                    None => "nothing".into(),
                                }
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
                                r#"a fork needs its join: the stage (or "end") where the branches meet, got {got}"#,
                                got = other.map(describe).unwrap_or_else(|| "nothing".into())
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
                        r#"expected a stage name, "end", branches {branches} or {fork}, got {got}"#,
                        branches = "[{ to, p }, ...]",
                        fork = "{ fork = [...], join = ... }",
                        got = describe(other)
                    ),
                );
                None
            }
        }
    }
}

/// The problem of a stage's `pool` that names none of the `known` pools.
pub(crate) fn no_pool_named(p: &str, known: &[&str]) -> String {
    let hint = did_you_mean(p, known.iter().copied());
    if known.is_empty() {
        format!(r#"no pool named "{p}"{hint}; defined in [pools]: none"#)
    } else {
        format!(
            r#"no pool named "{p}"{hint}; defined in [pools]: {known}"#,
            known = known.join(", ")
        )
    }
}

/// The distribution a Chinese name stands for (`指数`, `指数分布`, `对数正态`), if one does.
fn chinese_distribution(name: &str) -> Option<&'static str> {
    // The longer name first: 对数正态 holds 正态.
    const NAMES: [(&str, &str); 13] = [
        ("对数正态", "lognormal"),
        ("指数", "exponential"),
        ("定值", "deterministic"),
        ("常数", "deterministic"),
        ("均匀", "uniform"),
        ("三角", "triangular"),
        ("正态", "normal"),
        ("伽马", "gamma"),
        ("伽玛", "gamma"),
        ("爱尔朗", "erlang"),
        ("威布尔", "weibull"),
        ("韦布尔", "weibull"),
        ("经验", "empirical"),
    ];
    NAMES
        .iter()
        .find(|(zh, _)| name.contains(zh))
        .map(|&(_, en)| en)
}
