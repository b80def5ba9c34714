//! Staffing sweeps: a full factorial over scenario values, targets on the results, staff
//! cost, and the cheapest point that meets every target.
//!
//! Every point runs the same replications (the same seeds), so points differ only by what
//! was varied (common random numbers).

use toml::Value;

use crate::i18n::Lang;
use crate::metrics::Metric;
use crate::scenario::model::PoolLoad;
use crate::stats::Summary;

/// One varied path and its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    /// The `--set` path, e.g. `pools.reviewer`.
    pub path: String,
    /// Its values, in order.
    pub values: Vec<Value>,
}

/// Parses `PATH=SPEC`: SPEC is a list `2,3,4` or a range `1..5` (5 excluded) or `1..=4`.
pub fn parse_vary(s: &str) -> Result<Vary, String> {
    let (path, spec) = s.split_once('=').ok_or_else(|| {
        format!(r#"expected PATH=VALUES such as pools.reviewer=1..=4, got "{s}""#)
    })?;
    let path = path.trim().to_string();
    let spec = spec.trim();
    let bad = || {
        format!(
            r#""{spec}" is not a list (2,3,4 or 2h,4h) or an integer range (1..5 without 5, 1..=4 with it)"#
        )
    };
    let values: Vec<Value> = if let Some(range) = crate::options::int_range(spec) {
        range?.map(Value::Integer).collect()
    } else {
        spec.split(',')
            .map(|x| {
                let x = x.trim();
                // Numbers, or text such as "4h" (checked with the scenario, as for --set).
                if x.is_empty() {
                    return Err(bad());
                }
                Ok(x.parse::<i64>()
                    .map(Value::Integer)
                    .or_else(|_| x.parse::<f64>().map(Value::Float))
                    .unwrap_or_else(|_| Value::String(x.to_string())))
            })
            .collect::<Result<_, _>>()?
    };
    if values.is_empty() {
        return Err(bad());
    }
    Ok(Vary { path, values })
}

/// The direction of a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The metric must be at least the value.
    AtLeast,
    /// The metric must be at most the value.
    AtMost,
}

/// A target on a metric of `summary.csv`, e.g. `hv_single:limit_met_share>=0.95`, or on a
/// stage or pool: `hv_single:waiting_time:review<=2`, `all:utilization:inspector<=0.85`.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Class name or `all`.
    pub class: String,
    /// Metric name.
    pub metric: String,
    /// The stage or pool the metric is about (empty for process-level metrics).
    pub subject: String,
    /// At least or at most.
    pub direction: Direction,
    /// The threshold.
    pub value: f64,
}

impl Target {
    /// The values the target's metric can take (see [`crate::metrics::Metric::bounds`]).
    pub fn bounds(&self) -> (f64, f64) {
        crate::metrics::ALL_METRICS
            .iter()
            .find(|m| m.name() == self.metric)
            .map_or((f64::NEG_INFINITY, f64::INFINITY), |m| m.bounds())
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let op = match self.direction {
            Direction::AtLeast => ">=",
            Direction::AtMost => "<=",
        };
        if self.subject.is_empty() {
            write!(f, "{}:{}{op}{}", self.class, self.metric, self.value)
        } else {
            write!(
                f,
                "{}:{}:{}{op}{}",
                self.class, self.metric, self.subject, self.value
            )
        }
    }
}

/// Parses `CLASS:METRIC[:SUBJECT]>=VALUE` or `...<=VALUE`. Whether the metric is one and
/// the threshold can be met ([`Target::problem`]), and whether the class, metric and
/// subject are reported by the scenario, are checked with the other values of the command
/// ([`check_targets`]), so that every problem is said at once.
pub fn parse_target(s: &str) -> Result<Target, String> {
    let usage = || {
        format!(
            r#"expected CLASS:METRIC>=VALUE or CLASS:METRIC<=VALUE, e.g. hv_single:limit_met_share>=0.95, or CLASS:METRIC:SUBJECT<=VALUE for a stage or pool, e.g. all:utilization:inspector<=0.85; got "{s}""#
        )
    };
    let (class, rest) = s.split_once(':').ok_or_else(usage)?;
    let (metric, direction, value) = if let Some((m, v)) = rest.split_once(">=") {
        (m, Direction::AtLeast, v)
    } else if let Some((m, v)) = rest.split_once("<=") {
        (m, Direction::AtMost, v)
    } else {
        return Err(usage());
    };
    let (metric, subject) = match metric.split_once(':') {
        Some((m, sub)) => (m.trim(), sub.trim()),
        None => (metric.trim(), ""),
    };
    let value: f64 = value
        .trim()
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| format!(r#""{value}" is not a number"#, value = value.trim()))?;
    Ok(Target {
        class: class.trim().to_string(),
        metric: metric.to_string(),
        subject: subject.to_string(),
        direction,
        value,
    })
}

impl Target {
    /// What is wrong with the target whatever the scenario: a metric that is none, or a
    /// threshold beyond every value the metric can take, which is never met (a typing slip,
    /// 1.5 for 0.95 or a minus sign, that would otherwise run a whole search for nothing).
    pub fn problem(&self) -> Option<String> {
        let metric = &self.metric;
        if !crate::metrics::ALL_METRICS
            .iter()
            .any(|m| m.name() == metric)
        {
            let names: Vec<&str> = crate::metrics::ALL_METRICS
                .iter()
                .map(|m| m.name())
                .collect();
            return Some(format!(
                r#""{metric}" is not a metric{hint}; one of: {names}"#,
                hint = crate::scenario::parse::did_you_mean(metric, names.iter().copied()),
                names = names.join(", ")
            ));
        }
        let (lo, hi) = self.bounds();
        let never = match self.direction {
            Direction::AtLeast => self.value > hi,
            Direction::AtMost => self.value < lo,
        };
        let s = self;
        never.then(|| {
            if hi.is_finite() {
                format!(
                    r#""{s}" can never be met: {metric} is between {lo} and {hi}; give a threshold in that range"#
                )
            } else {
                format!(
                    r#""{s}" can never be met: {metric} is {lo} or more; give a threshold in that range"#
                )
            }
        })
    }
}

/// `targets` with each class, stage or pool given by its label (`高压单电源`, `设计审查`)
/// named by its key, as the results name it. A label counts only when no key is spelled so
/// and exactly one class (or one stage or pool) carries it; anything else is left for
/// [`check_targets`] to judge.
pub fn by_key(targets: &[Target], model: &crate::scenario::Model) -> Vec<Target> {
    fn key<'a>(
        given: &str,
        named: impl Iterator<Item = (&'a str, Option<&'a str>)> + Clone,
    ) -> Option<String> {
        crate::scenario::set::key_by_label(given, named).map(str::to_string)
    }
    let classes = model
        .classes
        .iter()
        .map(|c| (c.name.as_str(), c.label.as_deref()));
    let reported = crate::metrics::catalog(model);
    // A stage and its pool often share a label: the metric says which is meant.
    let subjects = |metric: &str| {
        let about: Vec<&str> = reported
            .iter()
            .filter(|k| k.metric.name() == metric)
            .map(|k| k.subject_name(model))
            .collect();
        model
            .stages
            .iter()
            .map(|s| (s.name.as_str(), s.label.as_deref()))
            .chain(
                model
                    .pools
                    .iter()
                    .map(|p| (p.name.as_str(), p.label.as_deref())),
            )
            .filter(move |(key, _)| about.contains(key))
    };
    targets
        .iter()
        .map(|t| {
            let mut t = t.clone();
            if t.class != "all"
                && let Some(k) = key(&t.class, classes.clone())
            {
                t.class = k;
            }
            if !t.subject.is_empty()
                && let Some(k) = key(&t.subject, subjects(&t.metric))
            {
                t.subject = k;
            }
            t
        })
        .collect()
}

/// Problems with `targets` on `model`: each must name a class (or `all`) and a metric, and
/// a stage or pool exactly where the metric is about one, as `summary.csv` reports them.
pub fn check_targets(
    targets: &[Target],
    model: &crate::scenario::Model,
) -> Vec<crate::error::Problem> {
    let mut problems = Vec::new();
    let classes: Vec<&str> = model.classes.iter().map(|c| c.name.as_str()).collect();
    let shown: Vec<String> = model
        .classes
        .iter()
        .map(|c| crate::i18n::named(&c.name, c.label.as_deref()))
        .collect();
    let reported = crate::metrics::catalog(model);
    for (i, t) in targets.iter().enumerate() {
        if targets[..i].contains(t) {
            problems.push(crate::error::Problem {
                path: format!("--target {t}"),
                message: "given twice (perhaps once by label, once by key): give each target once"
                    .to_string(),
            });
            continue;
        }
        let bad = t.problem();
        if let Some(message) = &bad {
            problems.push(crate::error::Problem {
                path: format!("--target {t}"),
                message: message.clone(),
            });
        }
        if t.class != "all" && !classes.contains(&t.class.as_str()) {
            problems.push(crate::error::Problem {
                path: format!("--target {t}"),
                message: format!(
                    r#"no class named "{class}"; classes (by key or label): all, {classes}"#,
                    class = t.class,
                    classes = shown.join(", ")
                ),
            });
        } else if bad.is_none()
            && !reported.iter().any(|k| {
                k.class_name(model) == t.class
                    && k.metric.name() == t.metric
                    && k.subject_name(model) == t.subject
            })
        {
            // What this class and metric are reported about, to say what would be valid.
            let subjects: Vec<&str> = reported
                .iter()
                .filter(|k| k.class_name(model) == t.class && k.metric.name() == t.metric)
                .map(|k| k.subject_name(model))
                .collect();
            let message = if t.metric == "limit_met_share" && subjects.is_empty() {
                format!(
                    r#"class "{class}" has no limit_met_share (it has no `limit`)"#,
                    class = t.class
                )
            } else if subjects.is_empty() {
                format!(
                    r#"class "{class}" has no {metric} in this scenario"#,
                    class = t.class,
                    metric = t.metric
                )
            } else if subjects == [""] {
                format!(
                    r#"{metric} is about the whole process, not a stage or pool: leave out ":{subject}""#,
                    metric = t.metric,
                    subject = t.subject
                )
            } else {
                let hint =
                    crate::scenario::parse::did_you_mean(&t.subject, subjects.iter().copied());
                let names = subjects.join(", ");
                if t.subject.is_empty() {
                    format!(
                        r#"{metric} of class "{class}" is reported for each stage or pool{hint}; name one of: {names}"#,
                        metric = t.metric,
                        class = t.class
                    )
                } else {
                    format!(
                        r#"{metric} of class "{class}" is reported for other subjects{hint}; name one of: {names}"#,
                        metric = t.metric,
                        class = t.class
                    )
                }
            };
            problems.push(crate::error::Problem {
                path: format!("--target {t}"),
                message,
            });
        }
    }
    problems
}

/// The full factorial of `vary`, first path varying slowest.
pub fn points(vary: &[Vary]) -> Vec<Vec<Value>> {
    let mut out: Vec<Vec<Value>> = vec![Vec::new()];
    for v in vary {
        out = out
            .into_iter()
            .flat_map(|prefix| {
                v.values.iter().map(move |x| {
                    let mut p = prefix.clone();
                    p.push(x.clone());
                    p
                })
            })
            .collect();
    }
    out
}

/// How a point fares against the targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every target holds at the 95% confidence bound.
    Meets,
    /// No target fails with 95% confidence, but not every one holds at its bound: some
    /// target's 95% interval contains its value, and more replications would tell.
    Undecided,
    /// Some target fails with 95% confidence: its whole 95% interval is on the failing side
    /// (or the metric has no value).
    Fails,
    /// A pool's offered load is at or above its capacity: not run.
    Unstable,
}

impl Verdict {
    /// How it is written in the CSV files (and printed in English; see [`Verdict::label`]).
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Meets => "meets",
            Verdict::Undecided => "undecided",
            Verdict::Fails => "fails",
            Verdict::Unstable => "unstable",
        }
    }

    /// How it is printed in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.t(self.name())
    }
}

impl Target {
    /// The end of the metric's 95% interval that must meet the target: the lower for `>=`,
    /// the upper for `<=`.
    pub fn bound(&self, s: &Summary) -> f64 {
        match self.direction {
            Direction::AtLeast => s.ci95_low,
            Direction::AtMost => s.ci95_high,
        }
    }

    /// How a point fares against this target, given the summary of its metric (`None`:
    /// not reported, or no value).
    pub fn verdict(&self, s: Option<Summary>) -> Verdict {
        let Some(s) = s.filter(|s| s.mean.is_finite()) else {
            return Verdict::Fails;
        };
        // One value (one replication, or one with the metric) has no interval: its mean
        // decides, as far as it can.
        if s.ci95_low.is_nan() || s.ci95_high.is_nan() {
            let mean_ok = match self.direction {
                Direction::AtLeast => s.mean >= self.value,
                Direction::AtMost => s.mean <= self.value,
            };
            return if mean_ok {
                Verdict::Undecided
            } else {
                Verdict::Fails
            };
        }
        // The bound that must meet the target, and the other end of the interval: when that
        // one misses too, the whole interval is on the failing side.
        let (meets, fails) = match self.direction {
            Direction::AtLeast => (s.ci95_low >= self.value, s.ci95_high < self.value),
            Direction::AtMost => (s.ci95_high <= self.value, s.ci95_low > self.value),
        };
        if meets {
            Verdict::Meets
        } else if fails {
            Verdict::Fails
        } else {
            Verdict::Undecided
        }
    }
}

/// Judges one point against every target: the point's verdict (fails if one target fails,
/// else undecided if one is undecided, else meets) and each target's. `lookup(target)` gives
/// the summary of the target's metric, if reported.
pub fn verdicts(
    targets: &[Target],
    lookup: &dyn Fn(&Target) -> Option<Summary>,
) -> (Verdict, Vec<Verdict>) {
    let each: Vec<Verdict> = targets.iter().map(|t| t.verdict(lookup(t))).collect();
    let overall = if each.contains(&Verdict::Fails) {
        Verdict::Fails
    } else if each.contains(&Verdict::Undecided) {
        Verdict::Undecided
    } else {
        Verdict::Meets
    };
    (overall, each)
}

/// The columns of `sweep.csv` before those of `summary.csv`: the varied paths, the point's
/// cost, its verdict and each target's verdict (`verdict:TARGET`).
pub fn leading_columns(paths: &[String], targets: &[Target]) -> Vec<String> {
    let mut out = paths.to_vec();
    out.push("cost".to_string());
    out.push("verdict".to_string());
    out.extend(targets.iter().map(|t| format!("verdict:{t}")));
    out
}

/// Indices of the points on the cost / lead-time Pareto front (no other point is at most as
/// costly and at most as slow, and better in one), by increasing cost.
pub fn pareto(points: &[(usize, f64, f64)]) -> Vec<usize> {
    let mut sorted: Vec<&(usize, f64, f64)> = points
        .iter()
        .filter(|p| p.1.is_finite() && p.2.is_finite())
        .collect();
    sorted.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.2.total_cmp(&b.2)));
    let mut front = Vec::new();
    let mut best = f64::INFINITY;
    for p in sorted {
        if p.2 < best {
            front.push(p.0);
            best = p.2;
        }
    }
    front
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(mean: f64, lo: f64, hi: f64) -> Summary {
        Summary {
            n: 10,
            mean,
            std_dev: 1.0,
            ci95_low: lo,
            ci95_high: hi,
        }
    }

    #[test]
    fn specs_parse_as_lists_and_ranges() {
        assert_eq!(parse_vary("pools.a=1..4").unwrap().values.len(), 3);
        assert_eq!(parse_vary("pools.a=1..=4").unwrap().values.len(), 4);
        let v = parse_vary("stages.x.duration.mean = 0.5, 1").unwrap();
        assert_eq!(v.path, "stages.x.duration.mean");
        assert_eq!(v.values, vec![Value::Float(0.5), Value::Integer(1)]);
        assert!(parse_vary("pools.a=4..2").is_err());
        assert!(parse_vary("pools.a").is_err());
        assert_eq!(
            parse_vary("stages.x.duration.mean=2h,4h").unwrap().values[1],
            Value::String("4h".into())
        );
        assert!(parse_vary("pools.a=1,,2").is_err());
    }

    #[test]
    fn targets_parse_and_name_bad_metrics() {
        let t = parse_target("hv_single:limit_met_share>=0.95").unwrap();
        assert_eq!(t.direction, Direction::AtLeast);
        assert_eq!(t.to_string(), "hv_single:limit_met_share>=0.95");
        assert!(parse_target("all:lead_time<=30").is_ok());
        let t = parse_target("all:utilization:inspector<=0.85").unwrap();
        assert_eq!(
            (t.metric.as_str(), t.subject.as_str()),
            ("utilization", "inspector")
        );
        assert_eq!(t.to_string(), "all:utilization:inspector<=0.85");
        let t = parse_target("hv_single:waiting_time:review<=2").unwrap();
        assert_eq!(t.subject, "review");
        let problem = |s: &str| parse_target(s).unwrap().problem();
        assert!(
            problem("all:utilisation:inspector>=0.5")
                .unwrap()
                .contains("did you mean \"utilization\"")
        );
        assert!(parse_target("all:lead_time=30").is_err());
        for never in [
            "c:limit_met_share>=1.5",
            "all:lead_time<=-1",
            "all:utilization:a<=-0.1",
        ] {
            let e = problem(never).unwrap();
            assert!(e.contains("can never be met"), "{never}: {e}");
        }
        assert_eq!(problem("c:limit_met_share>=1"), None);
        assert_eq!(problem("all:lead_time<=0"), None);
    }

    #[test]
    fn the_factorial_varies_the_last_path_fastest() {
        let p = points(&[
            parse_vary("a=1..=2").unwrap(),
            parse_vary("b=5,6,7").unwrap(),
        ]);
        assert_eq!(p.len(), 6);
        assert_eq!(p[1], vec![Value::Integer(1), Value::Integer(6)]);
    }

    #[test]
    fn verdicts_use_the_confidence_bound() {
        let t = [parse_target("c:limit_met_share>=0.95").unwrap()];
        let at = |x: Summary| verdicts(&t, &|_| Some(x)).0;
        assert_eq!(at(s(0.97, 0.96, 0.98)), Verdict::Meets);
        assert_eq!(at(s(0.96, 0.94, 0.98)), Verdict::Undecided);
        // The mean misses, but the interval holds the target: not decided either way.
        assert_eq!(at(s(0.94, 0.92, 0.96)), Verdict::Undecided);
        assert_eq!(at(s(0.90, 0.88, 0.94)), Verdict::Fails);
        let at_most = [parse_target("c:lead_time<=10").unwrap()];
        let at = |x: Summary| verdicts(&at_most, &|_| Some(x)).0;
        assert_eq!(at(s(9.0, 8.0, 9.9)), Verdict::Meets);
        assert_eq!(at(s(10.2, 9.8, 10.6)), Verdict::Undecided);
        assert_eq!(at(s(11.0, 10.4, 11.6)), Verdict::Fails);
        // An end on the target: the interval holds it.
        assert_eq!(at(s(10.5, 10.0, 11.0)), Verdict::Undecided);
        // No interval (one value): the mean decides what it can.
        assert_eq!(at(s(9.0, f64::NAN, f64::NAN)), Verdict::Undecided);
        assert_eq!(at(s(11.0, f64::NAN, f64::NAN)), Verdict::Fails);
        // Two targets: the point takes the worst of them; each keeps its own.
        let two = [
            parse_target("c:limit_met_share>=0.95").unwrap(),
            parse_target("c:lead_time<=10").unwrap(),
        ];
        let (all, each) = verdicts(&two, &|t| {
            Some(if t.metric == "lead_time" {
                s(9.0, 8.0, 10.5)
            } else {
                s(0.97, 0.96, 0.98)
            })
        });
        assert_eq!(all, Verdict::Undecided);
        assert_eq!(each, vec![Verdict::Meets, Verdict::Undecided]);
    }

    #[test]
    fn pareto_front_keeps_the_undominated() {
        let f = pareto(&[(0, 10.0, 5.0), (1, 8.0, 6.0), (2, 12.0, 5.5), (3, 8.0, 7.0)]);
        assert_eq!(f, vec![1, 0]);
    }

    #[test]
    fn a_front_point_is_close_by_its_paired_difference_where_there_is_one() {
        let point = |cost: f64, lead: Summary| Judged {
            point: PointInfo {
                values: vec![cost.to_string()],
                cost,
                unstable: false,
            },
            verdict: Verdict::Meets,
            lead_time: lead,
            targets: Vec::new(),
        };
        // Three points along the front, each interval overlapping the one before it.
        let judged = [
            point(1.0, s(5.0, 4.8, 5.2)),
            point(2.0, s(4.9, 4.7, 5.1)),
            point(3.0, s(4.8, 4.6, 5.0)),
        ];
        let unpaired = Ranking::of(&judged, &[], &Pairing::default());
        assert_eq!(unpaired.front, [0, 1, 2]);
        assert_eq!(unpaired.close, [false, true, true]);
        // Paired: the second gains for sure, the third may not.
        let pairing = Pairing {
            tie: None,
            front: vec![None, Some(s(-0.1, -0.12, -0.08)), Some(s(-0.1, -0.3, 0.1))],
            stopped: false,
        };
        let paired = Ranking::of(&judged, &[], &pairing);
        assert_eq!(paired.close, [false, false, true]);
        let said = findings(&judged, &[], &["x".to_string()], true, &pairing, Lang::En);
        assert!(said.contains("x=3 (cost 3, 4.80)*"), "{said}");
        assert!(
            said.contains("*: paired with the point before it"),
            "{said}"
        );
    }
}

/// A point of a sweep as the analysis needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct PointInfo {
    /// The varied values, as written in `sweep.csv`.
    pub values: Vec<String>,
    /// Staff cost per year (or staff count when no pool has a cost).
    pub cost: f64,
    /// A pool's offered load is at or above capacity: the point was not run.
    pub unstable: bool,
}

/// The verdict, lead time and target summaries of every point, from `sweep.csv` records
/// (the [`leading_columns`], then the summary.csv columns).
#[derive(Debug, Clone)]
pub struct Judged {
    /// The point.
    pub point: PointInfo,
    /// Its verdict.
    pub verdict: Verdict,
    /// Mean lead time of all classes (NaN when not run).
    pub lead_time: Summary,
    /// The summary of each target's metric (None when not reported).
    pub targets: Vec<Option<Summary>>,
}

fn parse_summary(r: &csv::StringRecord, at: usize) -> Summary {
    let f = |i: usize| {
        r.get(at + i)
            .and_then(|x| x.parse().ok())
            .unwrap_or(f64::NAN)
    };
    Summary {
        n: r.get(at + 9).and_then(|x| x.parse().ok()).unwrap_or(0),
        mean: f(5),
        std_dev: f(6),
        ci95_low: f(7),
        ci95_high: f(8),
    }
}

/// Judges every point against `targets` from the rows of `sweep.csv`.
pub fn judge(points: &[PointInfo], rows: &[csv::StringRecord], targets: &[Target]) -> Vec<Judged> {
    let paths = points.first().map_or(0, |p| p.values.len());
    let at = paths + 2 + targets.len();
    // Rows by (point values, class, metric, subject), the first of each: one pass, so a
    // sweep of many points is judged in linear time.
    let key = |values: Vec<&str>, class: &str, metric: &str, subject: &str| {
        let mut k = values.join("\u{1f}");
        for part in [class, metric, subject] {
            k.push('\u{1e}');
            k.push_str(part);
        }
        k
    };
    let mut index: std::collections::HashMap<String, &csv::StringRecord> =
        std::collections::HashMap::with_capacity(rows.len());
    for r in rows {
        let values: Vec<&str> = (0..paths).map(|i| r.get(i).unwrap_or_default()).collect();
        let k = key(
            values,
            r.get(at + 1).unwrap_or_default(),
            r.get(at + 2).unwrap_or_default(),
            r.get(at + 3).unwrap_or_default(),
        );
        index.entry(k).or_insert(r);
    }
    let find = |p: &PointInfo, class: &str, metric: &str, subject: &str| -> Option<Summary> {
        let values = p.values.iter().map(String::as_str).collect();
        index
            .get(&key(values, class, metric, subject))
            .map(|r| parse_summary(r, at))
    };
    points
        .iter()
        .map(|p| {
            let lead_time = find(p, "all", Metric::LeadTime.name(), "").unwrap_or(Summary {
                n: 0,
                mean: f64::NAN,
                std_dev: f64::NAN,
                ci95_low: f64::NAN,
                ci95_high: f64::NAN,
            });
            let summaries: Vec<Option<Summary>> = targets
                .iter()
                .map(|t| find(p, &t.class, &t.metric, &t.subject))
                .collect();
            let verdict = if p.unstable {
                Verdict::Unstable
            } else {
                verdicts(targets, &|t| {
                    let i = targets.iter().position(|x| x == t)?;
                    summaries[i]
                })
                .0
            };
            Judged {
                point: p.clone(),
                verdict,
                lead_time,
                targets: summaries,
            }
        })
        .collect()
}

/// What a judged sweep found: the points meeting every target, cheapest first (the
/// cheapest, then the runner-up); whether those two cannot be told apart (same cost,
/// overlapping lead-time intervals); the undecided points no dearer than the cheapest (every
/// undecided point when none meets them); and the Pareto front of cost against mean lead
/// time of all classes (indices into the judged points).
#[derive(Debug)]
pub struct Ranking<'a> {
    /// Points meeting every target, by cost, then mean lead time.
    pub meets: Vec<&'a Judged>,
    /// Whether the cheapest two meeting every target cost the same and cannot be told
    /// apart: the paired difference of their mean lead times includes 0 (without it, their
    /// intervals overlap).
    pub tied: bool,
    /// That paired difference (runner-up minus cheapest), when the two cost the same and
    /// were run again to pair them ([`Plan::pair`]).
    pub paired: Option<Summary>,
    /// Undecided points that cost no more than the cheapest point meeting every target, or,
    /// when no point meets them, every undecided point, by cost: more replications may find
    /// one that does.
    pub undecided: Vec<&'a Judged>,
    /// The Pareto front, as indices into the judged points.
    pub front: Vec<usize>,
    /// For each point of the front, whether its gain over the point before it may be
    /// noise, not told apart with these replications: the paired difference of their mean
    /// lead times includes 0, or, where the two were not paired, their intervals overlap.
    pub close: Vec<bool>,
}

/// Differences of mean lead time (all classes) between points of a sweep, paired
/// replication by replication on common random numbers ([`Plan::pair`]).
#[derive(Debug, Clone, Default)]
pub struct Pairing {
    /// Runner-up minus cheapest, when the two cheapest points meeting every target cost the
    /// same.
    pub tie: Option<Summary>,
    /// For each point of the Pareto front whose interval overlaps the one of the point
    /// before it, this point minus that one (`None` for the first point and where the
    /// intervals alone tell the two apart).
    pub front: Vec<Option<Summary>>,
    /// Whether an interrupt stopped the pairing before every pair was run: the pairs not run
    /// are judged by their intervals alone.
    pub stopped: bool,
}

impl<'a> Ranking<'a> {
    /// The ranking of `judged` against `targets`, with the paired differences of
    /// [`Plan::pair`] where there are some.
    pub fn of(judged: &'a [Judged], targets: &[Target], pairing: &Pairing) -> Ranking<'a> {
        let paired = pairing.tie;
        let mut meets: Vec<&Judged> = judged
            .iter()
            .filter(|j| !targets.is_empty() && j.verdict == Verdict::Meets)
            .collect();
        meets.sort_by(|a, b| {
            a.point
                .cost
                .total_cmp(&b.point.cost)
                .then(a.lead_time.mean.total_cmp(&b.lead_time.mean))
        });
        let tied = match (meets.first(), meets.get(1), paired) {
            (Some(best), Some(next), _) if next.point.cost != best.point.cost => false,
            (Some(_), Some(_), Some(d)) => d.ci95_low <= 0.0 && d.ci95_high >= 0.0,
            (Some(best), Some(next), None) => next.lead_time.ci95_low <= best.lead_time.ci95_high,
            _ => false,
        };
        let mut undecided: Vec<&Judged> = judged
            .iter()
            .filter(|j| {
                j.verdict == Verdict::Undecided
                    && meets
                        .first()
                        .is_none_or(|best| j.point.cost <= best.point.cost)
            })
            .collect();
        undecided.sort_by(|a, b| a.point.cost.total_cmp(&b.point.cost));
        let front: Vec<(usize, f64, f64)> = judged
            .iter()
            .enumerate()
            .filter(|(_, j)| j.verdict != Verdict::Unstable)
            .map(|(i, j)| (i, j.point.cost, j.lead_time.mean))
            .collect();
        let front = pareto(&front);
        let close = front
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                k > 0
                    && match pairing.front.get(k).copied().flatten() {
                        Some(d) => d.ci95_high >= 0.0,
                        None => overlaps(&judged[i].lead_time, &judged[front[k - 1]].lead_time),
                    }
            })
            .collect();
        Ranking {
            meets,
            tied,
            paired,
            undecided,
            front,
            close,
        }
    }
}

/// Whether the lead-time interval of `this` (the faster) reaches the one of `before`.
fn overlaps(this: &Summary, before: &Summary) -> bool {
    this.ci95_high >= before.ci95_low
}

/// What the sweep found, in words (in `lang`): the cheapest point meeting every target, the
/// runner-up, whether they can be told apart, cheaper undecided points, and the Pareto front.
pub fn findings(
    judged: &[Judged],
    targets: &[Target],
    paths: &[String],
    costed: bool,
    pairing: &Pairing,
    lang: Lang,
) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let name = |j: &Judged| {
        paths
            .iter()
            .zip(&j.point.values)
            .map(|(p, v)| format!("{p}={v}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let money = lang.t(if costed { "cost" } else { "staff" });
    // A point, what it costs and its mean lead time with the interval.
    let point = |en: &'static str, j: &Judged, extra: &[(&str, &str)]| {
        let values = [
            ("point", name(j)),
            ("money", money.to_string()),
            ("amount", crate::output::table::money(j.point.cost)),
            ("mean", format!("{:.2}", j.lead_time.mean)),
            ("low", format!("{:.2}", j.lead_time.ci95_low)),
            ("high", format!("{:.2}", j.lead_time.ci95_high)),
        ];
        let mut all: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        all.extend_from_slice(extra);
        lang.fill(en, &all)
    };
    let ranking = Ranking::of(judged, targets, pairing);
    let meets = &ranking.meets;
    if !targets.is_empty() {
        let list: Vec<String> = targets.iter().map(ToString::to_string).collect();
        let list = list.join(", ");
        match meets.first() {
            None => {
                let _ = writeln!(
                    out,
                    "{}",
                    lang.fill(
                        "No point meets every target ({targets}) at its 95% confidence bound.",
                        &[("targets", &list)]
                    )
                );
                if !ranking.undecided.is_empty() {
                    // The cheapest ten; every one is in sweep.csv and the JSON.
                    const SHOWN: usize = 10;
                    // One point a line.
                    let mut list: String = ranking
                        .undecided
                        .iter()
                        .take(SHOWN)
                        .map(|u| {
                            let amount = crate::output::table::money(u.point.cost);
                            format!(
                                "\n  {}{}",
                                name(u),
                                lang.aside(&format!("{money} {amount}"))
                            )
                        })
                        .collect();
                    let more = ranking.undecided.len().saturating_sub(SHOWN);
                    if more > 0 {
                        list.push_str("\n  ");
                        list.push_str(
                            &lang.fill("and {more} more", &[("more", &more.to_string())]),
                        );
                    }
                    let _ = writeln!(
                        out,
                        "{}",
                        lang.fill(
                            "Undecided, neither meeting nor failing the targets at the 95% bound, so more replications may find one that meets them:{points}",
                            &[("points", &list)]
                        )
                    );
                }
            }
            Some(best) => {
                let _ = writeln!(
                    out,
                    "{}",
                    point(
                        "Cheapest point meeting every target ({targets}): {point} — {money} {amount}, mean lead time of all classes {mean} [{low}, {high}].",
                        best,
                        &[("targets", &list)]
                    )
                );
                if let Some(next) = meets.get(1) {
                    let _ = writeln!(
                        out,
                        "{}",
                        point(
                            "Runner-up: {point} — {money} {amount}, mean lead time of all classes {mean} [{low}, {high}].",
                            next,
                            &[]
                        )
                    );
                    let difference = |d: &Summary| {
                        [
                            ("difference", crate::report::plus(d.mean, 3)),
                            ("low", crate::report::plus(d.ci95_low, 3)),
                            ("high", crate::report::plus(d.ci95_high, 3)),
                        ]
                    };
                    let said = match (ranking.tied, &ranking.paired) {
                        (true, Some(d)) => Some(lang.fill(
                            "The two cost the same, and the difference in mean lead time, paired on common random numbers, {difference} [{low}, {high}], includes 0: they cannot be told apart with these replications.",
                            &difference(d).iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>(),
                        )),
                        (true, None) => Some(lang.t("The two cost the same and their lead-time intervals overlap: they cannot be told apart with these replications.").to_string()),
                        (false, Some(d)) => Some(lang.fill(
                            "The two cost the same; paired on common random numbers, the runner-up's mean lead time differs by {difference} [{low}, {high}], so the cheapest is the faster.",
                            &difference(d).iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>(),
                        )),
                        (false, None) => None,
                    };
                    if let Some(said) = said {
                        let _ = writeln!(out, "{said}");
                    }
                }
                for u in &ranking.undecided {
                    let _ = writeln!(
                        out,
                        "{}",
                        point(
                            if u.point.cost < best.point.cost {
                                "Undecided: {point} ({money} {amount}) neither meets nor fails the targets at its 95% bound; more replications would tell whether it is as good and cheaper."
                            } else {
                                "Undecided: {point} ({money} {amount}) neither meets nor fails the targets at its 95% bound; more replications would tell whether it is as good at the same cost."
                            },
                            u,
                            &[]
                        )
                    );
                }
            }
        }
    }
    let front = ranking
        .front
        .iter()
        .zip(&ranking.close)
        .map(|(&i, &close)| {
            let j = &judged[i];
            let amount = crate::output::table::money(j.point.cost);
            let mean = format!("{:.2}", j.lead_time.mean);
            format!(
                "\n  {}{}{}",
                name(j),
                lang.aside(&format!("{money} {amount}{}{mean}", lang.comma())),
                if close { "*" } else { "" }
            )
        })
        .collect::<String>();
    // Without a point that ran (every one unstable) there is no front to name.
    if !ranking.front.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            lang.fill(
                "Pareto front ({money} against mean lead time of all classes):{front}",
                &[("money", money), ("front", &front)]
            )
        );
    }
    if ranking.close.contains(&true) {
        let _ = writeln!(
            out,
            "{}",
            lang.t(if pairing.front.iter().any(Option::is_some) {
                "*: paired with the point before it on common random numbers, the 95% interval of the difference in mean lead time includes 0, so with these replications it may be no faster."
            } else {
                "*: its lead-time interval overlaps the one of the point before it, so with these replications it may be no faster."
            })
        );
    }
    if pairing.stopped {
        let _ = writeln!(
            out,
            "{}",
            lang.t("Interrupted while pairing points on common random numbers: the points not paired are judged by their intervals alone (every point ran; run the sweep again with --force for the pairing).")
        );
    }
    // Prose lines within a terminal's usual width.
    crate::output::wrap::wrap(&out, crate::output::table::WIDTH)
}

impl std::fmt::Display for Vary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let values: Vec<String> = self.values.iter().map(value_text).collect();
        write!(f, "{}={}", self.path, values.join(","))
    }
}

/// A varied value as written in `sweep.csv`.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Integer(i) => i.to_string(),
        Value::Float(x) => crate::export::number(*x),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The model of one point: `document` with the point's values set.
pub fn model(
    document: &toml::Table,
    vary: &[Vary],
    values: &[Value],
    (source, base): (&str, Option<&std::path::Path>),
) -> Result<crate::scenario::Model, Vec<crate::error::Problem>> {
    use crate::error::{Problem, ScenarioError};
    let mut doc = document.clone();
    // Every path that cannot be set, at once.
    let unset: Vec<Problem> = vary
        .iter()
        .zip(values)
        .filter_map(|(v, x)| {
            crate::scenario::set::apply_value(&mut doc, &v.path, x.clone())
                .err()
                .map(|e| Problem {
                    path: format!("--vary {}", v.path),
                    message: e,
                })
        })
        .collect();
    if !unset.is_empty() {
        return Err(unset);
    }
    let at = Lang::En.fill("at {point}", &[("point", &point_label(vary, values))]);
    crate::scenario::parse::model_from_table(&doc, source, base).map_err(|e| match e {
        ScenarioError::Invalid { problems, .. } => problems
            .into_iter()
            .map(|p| Problem {
                path: format!("{at}: {}", p.path),
                message: p.message,
            })
            .collect(),
        other => vec![Problem {
            path: at.clone(),
            message: other.to_string(),
        }],
    })
}

/// Most points of one sweep's full factorial.
pub const MAX_POINTS: u64 = 1_000_000;

/// The number of points of the full factorial over `vary` (saturating).
pub fn point_count(vary: &[Vary]) -> u64 {
    vary.iter()
        .fold(1u64, |n, v| n.saturating_mul(v.values.len() as u64))
}

/// Checks every point before anything runs (all problems at once) and returns each point's
/// values, cost and stability, and whether the pools have costs.
pub fn check(
    document: &toml::Table,
    vary: &[Vary],
    (source, base): (&str, Option<&std::path::Path>),
) -> Result<(Vec<PointInfo>, bool), crate::error::ScenarioError> {
    let mut problems = Vec::new();
    let mut infos = Vec::new();
    let mut with_cost = false;
    // Each point's problems, by what they say (the scenario's path and the message), with
    // the points that have them.
    let mut found: Vec<(Said, Vec<Vec<usize>>)> = Vec::new();
    let all = points(vary);
    for (n, values) in all.iter().enumerate() {
        match model(document, vary, values, (source, base)) {
            Ok(m) => {
                with_cost |= costed(&m);
                infos.push(PointInfo {
                    values: values.iter().map(value_text).collect(),
                    cost: cost(&m),
                    unstable: m.pool_loads().iter().any(PoolLoad::unstable),
                });
            }
            Err(p) => {
                // A path that does not exist fails at every point: say it once, and check
                // the other paths without it.
                if p.iter().all(|x| x.path.starts_with("--vary")) {
                    let rest: Vec<Vary> = vary
                        .iter()
                        .filter(|v| !p.iter().any(|x| x.path == format!("--vary {}", v.path)))
                        .cloned()
                        .collect();
                    problems.extend(p);
                    if !rest.is_empty()
                        && rest.len() < vary.len()
                        && let Err(crate::error::ScenarioError::Invalid { problems: more, .. }) =
                            check(document, &rest, (source, base))
                    {
                        problems.extend(more);
                    }
                    break;
                }
                let at = grid_place(vary, n);
                let label = Lang::En.fill("at {point}", &[("point", &point_label(vary, values))]);
                for x in p {
                    let inner = x
                        .path
                        .strip_prefix(&format!("{label}: "))
                        .unwrap_or(&x.path);
                    let said = (inner.to_string(), x.message);
                    match found.iter_mut().find(|(k, _)| *k == said) {
                        Some((_, at_points)) => at_points.push(at.clone()),
                        None => found.push((said, vec![at.clone()])),
                    }
                }
            }
        }
    }
    // A problem at every point with some values of one path, whatever the others: that path's
    // values, said once each. Else the points that have it, the first few.
    let sizes: Vec<usize> = vary.iter().map(|v| v.values.len()).collect();
    for ((inner, message), at_points) in found {
        let blamed = (0..vary.len()).find_map(|k| {
            let mut seen: Vec<usize> = at_points.iter().map(|p| p[k]).collect();
            seen.sort_unstable();
            seen.dedup();
            let others: usize = (0..vary.len())
                .filter(|&j| j != k)
                .map(|j| sizes[j])
                .product();
            (at_points.len() == seen.len() * others).then_some((k, seen))
        });
        match blamed {
            Some((k, seen)) => {
                for i in seen {
                    let v = &vary[k];
                    problems.push(crate::error::Problem {
                        path: format!("--vary {}={}: {inner}", v.path, value_text(&v.values[i])),
                        message: message.clone(),
                    });
                }
            }
            None => {
                for p in at_points.iter().take(3) {
                    let values: Vec<Value> = p
                        .iter()
                        .zip(vary)
                        .map(|(&i, v)| v.values[i].clone())
                        .collect();
                    let label =
                        Lang::En.fill("at {point}", &[("point", &point_label(vary, &values))]);
                    problems.push(crate::error::Problem {
                        path: format!("{label}: {inner}"),
                        message: message.clone(),
                    });
                }
                if at_points.len() > 3 {
                    problems.push(crate::error::Problem {
                        path: "--vary".to_string(),
                        message: Lang::En.fill(
                            "the problem above at {n} more points",
                            &[("n", &(at_points.len() - 3).to_string())],
                        ),
                    });
                }
            }
        }
    }
    if problems.is_empty() {
        Ok((infos, with_cost))
    } else {
        Err(crate::error::ScenarioError::Invalid {
            file: source.to_string(),
            problems,
        })
    }
}

/// What a problem says: the scenario's path and the message.
type Said = (String, String);

/// The point's values as `pools.a=3 pools.b=2`.
fn point_label(vary: &[Vary], values: &[Value]) -> String {
    vary.iter()
        .zip(values)
        .map(|(v, x)| format!("{}={}", v.path, value_text(x)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The index of each path's value at point `n` of [`points`] (the last path varies
/// fastest).
fn grid_place(vary: &[Vary], mut n: usize) -> Vec<usize> {
    let mut at = vec![0; vary.len()];
    for (k, v) in vary.iter().enumerate().rev() {
        let len = v.values.len().max(1);
        at[k] = n % len;
        n /= len;
    }
    at
}

/// Whether any pool of the model has a `cost`.
pub fn costed(model: &crate::scenario::Model) -> bool {
    model.pools.iter().any(|p| p.cost.is_some())
}

/// Staff cost per year of the model's pools (size × cost, plus training), or the number of
/// staff when no pool has a cost.
pub fn cost(model: &crate::scenario::Model) -> f64 {
    if costed(model) {
        model
            .pools
            .iter()
            .map(|p| f64::from(p.size) * p.cost.unwrap_or(0.0) + p.training_cost)
            .sum()
    } else {
        model.pools.iter().map(|p| f64::from(p.size)).sum()
    }
}

/// A checked sweep: what it varies and targets, and every point of its full factorial.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The varied paths and their values.
    pub vary: Vec<Vary>,
    /// The targets.
    pub targets: Vec<Target>,
    /// Every point, with its cost and stability.
    pub points: Vec<PointInfo>,
    /// Whether the pools have costs (else points are ranked by head count).
    pub costed: bool,
    /// Warnings for the user (varied pools without a cost, when others have one; holiday
    /// calendars that do not cover the simulated dates).
    pub warnings: Vec<String>,
}

/// Checks a sweep of the study's first variant before anything runs: a path varied twice
/// or a `[scenario]` setting varied, targets that name what the scenario does not report,
/// and every point of the factorial (all problems at once).
pub fn plan(
    study: &crate::study::Study,
    vary: &[Vary],
    targets: &[Target],
) -> Result<Plan, crate::error::ScenarioError> {
    // Both sets of problems at once.
    let problems = |e: crate::error::ScenarioError| match e {
        crate::error::ScenarioError::Invalid { problems, .. } => Ok(problems),
        other => Err(other),
    };
    let targets = &by_key(targets, &study.variants[0].model);
    // A pool or stage named by its label is named by its key in the results.
    let vary = &vary
        .iter()
        .map(|v| Vary {
            path: crate::scenario::set::by_key(&study.variants[0].document, &v.path),
            values: v.values.clone(),
        })
        .collect::<Vec<_>>();
    let request = check_request(study, vary, targets);
    let count = point_count(vary);
    let points = if count > MAX_POINTS {
        Err(crate::error::ScenarioError::Invalid {
            file: study.loaded.source.clone(),
            problems: vec![crate::error::Problem {
                path: "--vary".to_string(),
                message: format!(
                    "{count} points, more than the {MAX_POINTS} one sweep takes (each point is checked and kept in memory); vary fewer values, or use optimize, which searches without the full grid"
                ),
            }],
        })
    } else {
        check(&study.variants[0].document, vary, study.loaded.place())
    };
    let (warnings, (points, costed)) = match (request, points) {
        (Ok(w), Ok(p)) => (w, p),
        (a, b) => {
            let mut all = a.err().map(problems).transpose()?.unwrap_or_default();
            all.extend(b.err().map(problems).transpose()?.unwrap_or_default());
            return Err(crate::error::ScenarioError::Invalid {
                file: study.loaded.source.clone(),
                problems: all,
            });
        }
    };
    let mut warnings = warnings;
    warnings.extend(study.skipped_sets());
    warnings.extend(study.uncovered_dates().iter().map(ToString::to_string));
    Ok(Plan {
        vary: vary.to_vec(),
        targets: targets.to_vec(),
        points,
        costed,
        warnings,
    })
}

/// The request checks of [`plan`]; returns its warnings.
fn check_request(
    study: &crate::study::Study,
    vary: &[Vary],
    targets: &[Target],
) -> Result<Vec<String>, crate::error::ScenarioError> {
    let base = &study.variants[0];
    let mut problems = Vec::new();
    // `pools.NAME.size` is `pools.NAME`; a class is the same by its place or its name.
    let key = |path: &str| {
        let path = crate::scenario::set::place(&base.document, path);
        path.strip_suffix(".size").unwrap_or(&path).to_string()
    };
    // A path and one inside it (a distribution and its mean), or a pool's size and its
    // member groups' counts, which make it up: the later --vary would override the other
    // in part, and the points would be labelled with values they do not have.
    let whole = |path: &str| {
        let path = key(path);
        match path.strip_prefix("pools.") {
            Some(pool) if !pool.contains(['.', '[']) => format!("{path}.members"),
            _ => path,
        }
    };
    let inside = |a: &str, b: &str| {
        let (a, b) = (whole(a), whole(b));
        b.strip_prefix(a.as_str())
            .is_some_and(|rest| rest.starts_with(['.', '[']))
    };
    for (i, v) in vary.iter().enumerate() {
        if let Some(w) = vary[..i]
            .iter()
            .find(|w| inside(&w.path, &v.path) || inside(&v.path, &w.path))
        {
            problems.push(crate::error::Problem {
                path: format!("--vary {}", v.path),
                message: format!(
                    "--vary {other} sets part of the same thing (a value and one inside it, or a pool's size and its member groups' counts): the points would not have the values they are labelled with; vary only one of them",
                    other = w.path
                ),
            });
        }
        if let Some(w) = vary[..i].iter().find(|w| key(&w.path) == key(&v.path)) {
            // Both lists in one, each value once.
            let mut values: Vec<String> = Vec::new();
            for x in w.values.iter().chain(&v.values).map(value_text) {
                if !values.contains(&x) {
                    values.push(x);
                }
            }
            problems.push(crate::error::Problem {
                path: format!("--vary {}", v.path),
                message: format!(
                    "the same path is varied twice; give all its values in one --vary: {example}",
                    example = format_args!("--vary {}={}", w.path, values.join(","))
                ),
            });
        }
        if let Some((j, x)) = v
            .values
            .iter()
            .enumerate()
            .find(|(j, x)| v.values[..*j].contains(x))
        {
            problems.push(crate::error::Problem {
                path: format!("--vary {}", v.path),
                message: format!(
                    "{value} is listed twice (value {n}): each point would run twice; list each value once",
                    value = value_text(x),
                    n = j + 1
                ),
            });
        }
        // Each point sets the path from --vary, after the overrides: a --set of it would
        // not run, though run.json would record it.
        if let Some(set) = study.loaded.overrides.iter().find(|a| {
            a.split_once('=')
                .is_some_and(|(p, _)| key(p.trim()) == key(&v.path))
        }) {
            problems.push(crate::error::Problem {
                path: format!("--vary {}", v.path),
                message: format!(
                    "--set {set} sets the same value, which each point takes from --vary instead: leave out one of them"
                ),
            });
        }
        if v.path == "scenario" || v.path.starts_with("scenario.") {
            problems.push(crate::error::Problem {
                path: format!("--vary {}", v.path),
                message: "a sweep cannot vary [scenario] settings: every point runs the same replications, seed, horizon and warm-up; use --replications, --seed or --set".to_string(),
            });
        }
    }
    problems.extend(check_targets(targets, &base.model));
    let r = base.model.settings.replications;
    if !targets.is_empty() && r < 2 {
        problems.push(crate::error::Problem {
            path: "--target".to_string(),
            message: format!(
                "a target is judged at its 95% bound, which needs at least 2 replications per point, got {r}: pass -r 2 or more"
            ),
        });
    }
    let mut warnings = Vec::new();
    let uncosted: Vec<&str> = vary
        .iter()
        .filter_map(|v| v.path.strip_prefix("pools."))
        .map(|p| p.split('.').next().unwrap_or(p))
        .filter(|p| {
            base.model
                .pools
                .iter()
                .any(|x| x.name == *p && x.cost.is_none())
        })
        .collect();
    if costed(&base.model) && !uncosted.is_empty() {
        warnings.push(crate::i18n::Lang::En.fill(
            if uncosted.len() == 1 {
                "pool {pools} has no `cost`, so its staff count as free in the sweep's costs"
            } else {
                "pools {pools} have no `cost`, so their staff count as free in the sweep's costs"
            },
            &[("pools", &uncosted.join(", "))],
        ));
    }
    if problems.is_empty() {
        Ok(warnings)
    } else {
        Err(crate::error::ScenarioError::Invalid {
            file: study.loaded.source.clone(),
            problems,
        })
    }
}

/// What a sweep ran.
#[derive(Debug, Clone)]
pub struct Swept {
    /// The points run (those of the shard, if one), with their cost and stability.
    pub points: Vec<PointInfo>,
    /// Events processed over all points.
    pub events: u64,
    /// Cases simulated over all points.
    pub cases: u64,
    /// Points of the slice whose rows are in sweep.csv (all, unless stopped).
    pub points_done: u32,
    /// Whether every point of the slice ran ([`Progress::stopped`](crate::study::Progress)
    /// ends a sweep after the points that finished).
    pub complete: bool,
    /// Warnings after the run: points with cases not finished when their run ended, whose
    /// lead times (and verdicts on them) are too short.
    pub warnings: Vec<String>,
}

impl Plan {
    /// The varied paths.
    pub fn paths(&self) -> Vec<String> {
        self.vary.iter().map(|v| v.path.clone()).collect()
    }

    /// Runs the points (those of `shard`, if given) on the study's first variant, every
    /// point on the scenario's replications, and writes `sweep.csv` into `out`. Unstable
    /// points are not run.
    ///
    /// With `resume`, the folder of an interrupted run of the same sweep: its finished points
    /// are taken from its sweep.csv rather than run again.
    pub fn run(
        &self,
        study: &crate::study::Study,
        shard: Option<crate::options::Shard>,
        jobs: usize,
        out: &crate::export::OutputDir,
        progress: &dyn crate::study::Progress,
        resume: Option<&std::path::Path>,
    ) -> Result<Swept, crate::error::Error> {
        use crate::error::{ExportError, ScenarioError};
        let (vary, targets, infos) = (&self.vary, &self.targets, &self.points);
        let base = &study.variants[0];
        let source = &study.loaded.source;
        let points = points(vary);
        let n = study.model().settings.replications;
        let slice = shard.map_or(0..points.len() as u32, |s| s.slice(points.len() as u32));
        progress.start(slice.len() as u64 * u64::from(n), "sweep");
        let paths = self.paths();
        let io = |e: std::io::Error| ExportError::Io {
            file: out.path().join("sweep.csv").display().to_string(),
            error: e,
        };
        let mut sweep_csv =
            crate::export::csv::SweepWriter::new(out.create("sweep.csv")?, &paths, targets);
        let (mut events, mut cases) = (0, 0);
        // Points with unfinished cases: how many, and the first one's words.
        let (mut unfinished, mut first_unfinished) = (0usize, None);
        let mut from = slice.start;
        if let Some(dir) = resume {
            let manifest = crate::export::manifest::Manifest::read(&dir.join("run.json"))?;
            let file = dir.join("sweep.csv");
            let input = |e: &dyn std::fmt::Display| crate::error::Error::Input {
                file: file.display().to_string(),
                message: e.to_string(),
            };
            let text = crate::export::open_csv(&file).map_err(|e| input(&e))?;
            for r in csv::Reader::from_reader(text).records() {
                sweep_csv.row(&r.map_err(|e| input(&e))?).map_err(io)?;
            }
            let done = manifest.points_done.unwrap_or(0).min(slice.len() as u32);
            from += done;
            events += manifest.events;
            cases += manifest.cases;
            for _ in 0..u64::from(done) * u64::from(n) {
                progress.advance();
            }
        }
        let mut complete = true;
        let start = from;
        for i in start..slice.end {
            if progress.stopped() {
                complete = false;
                break;
            }
            let info = &infos[i as usize];
            if info.unstable {
                for _ in 0..n {
                    progress.advance();
                }
                sweep_csv
                    .unstable(&info.values, info.cost, targets, &base.name)
                    .map_err(io)?;
                from = i + 1;
                continue;
            }
            // Built again here (checked by `plan`), so that only one point's model is held at once.
            let model = &model(
                &base.document,
                vary,
                &points[i as usize],
                study.loaded.place(),
            )
            .map_err(|problems| ScenarioError::Invalid {
                file: source.clone(),
                problems,
            })?;
            let result = crate::replication::run_until(
                model,
                (0..n).collect(),
                jobs,
                &|| progress.advance(),
                &|| progress.stopped(),
            );
            if result.unstable.is_some() {
                sweep_csv
                    .unstable(&info.values, info.cost, targets, &base.name)
                    .map_err(io)?;
                from = i + 1;
                continue;
            }
            if result.replications.len() < n as usize {
                // Stopped within the point: it is run again on resuming.
                complete = false;
                break;
            }
            from = i + 1;
            events += result.events;
            cases += result.arrivals;
            if let Some(said) =
                crate::study::censoring(model, &result, crate::study::CENSORED).first()
            {
                unfinished += 1;
                first_unfinished.get_or_insert_with(|| {
                    let point: Vec<String> = vary
                        .iter()
                        .zip(&info.values)
                        .map(|(v, x)| format!("{}={x}", v.path))
                        .collect();
                    (point.join(" "), said.clone())
                });
            }
            let view = crate::replication::VariantResult {
                name: &base.name,
                model,
                result: &result,
            };
            sweep_csv
                .point(&info.values, info.cost, targets, &view)
                .map_err(io)?;
        }
        progress.finish();
        sweep_csv.finish().map_err(io)?.commit()?;
        // One warning for all such points: the first one's own words, and how many more.
        let warnings = match first_unfinished {
            Some((point, said)) => vec![crate::i18n::Lang::En.fill(
                "At {n} points, cases had not finished when their run ended, so their lead times are too short and a target on them may pass wrongly; the first, {point}: {message}",
                &[
                    ("n", &unfinished.to_string()),
                    ("point", &point),
                    // The first class's words: each reads in the catalogue alone.
                    ("message", &said),
                ],
            )],
            None => Vec::new(),
        };
        Ok(Swept {
            points: infos[slice.start as usize..from as usize].to_vec(),
            events,
            cases,
            points_done: from - slice.start,
            complete,
            warnings,
        })
    }

    /// Differences of mean lead time (all classes) paired replication by replication on
    /// common random numbers, the points run again with the sweep's own replications on
    /// `jobs` threads, shown on `progress`: the two cheapest points of `judged` meeting
    /// every target when they cost the same, and each point of the Pareto front whose
    /// interval overlaps the one of the point before it, against that point. What
    /// `progress` stops before it is done is left unpaired.
    pub fn pair(
        &self,
        study: &crate::study::Study,
        judged: &[Judged],
        jobs: usize,
        progress: &dyn crate::study::Progress,
    ) -> Pairing {
        let ranking = Ranking::of(judged, &self.targets, &Pairing::default());
        let tie = match (ranking.meets.first(), ranking.meets.get(1)) {
            (Some(best), Some(next)) if best.point.cost == next.point.cost => {
                Some((&best.point, &next.point))
            }
            _ => None,
        };
        let front: Vec<Option<(&PointInfo, &PointInfo)>> = ranking
            .front
            .iter()
            .zip(&ranking.close)
            .enumerate()
            .map(|(k, (&i, &close))| {
                close.then(|| (&judged[ranking.front[k - 1]].point, &judged[i].point))
            })
            .collect();
        let runs = 2 * u64::from(tie.is_some())
            + front
                .iter()
                .enumerate()
                .filter(|(k, p)| p.is_some() && front[k - 1].is_none())
                .count() as u64
            + front.iter().flatten().count() as u64;
        if runs == 0 {
            return Pairing::default();
        }
        let all = points(&self.vary);
        let base = &study.variants[0];
        let n = study.model().settings.replications;
        // Whether an interrupt cut a pair's runs short.
        let cut = std::cell::Cell::new(false);
        let run = |p: &PointInfo| {
            let values = all
                .iter()
                .find(|v| v.iter().map(value_text).eq(p.values.iter().cloned()))?;
            let model = model(&base.document, &self.vary, values, study.loaded.place()).ok()?;
            let result = crate::replication::run_until(
                &model,
                (0..n).collect(),
                jobs,
                &|| progress.advance(),
                &|| progress.stopped(),
            );
            let whole = result.replications.len() == n as usize;
            cut.set(cut.get() || !whole);
            whole.then_some((model, result))
        };
        type Ran = (crate::scenario::Model, crate::replication::RunResult);
        let difference = |(am, ar): &Ran, (bm, br): &Ran| {
            let view = |model, result| crate::replication::VariantResult {
                name: &base.name,
                model,
                result,
            };
            crate::compare::paired(&view(am, ar), &view(bm, br))
                .into_iter()
                .find(|r| {
                    r.class == "all" && r.metric == Metric::LeadTime.name() && r.subject.is_empty()
                })
                .map(|r| r.difference)
        };
        progress.start(
            runs * u64::from(n),
            "pairing points on common random numbers",
        );
        let tie = tie.and_then(|(best, next)| difference(&run(best)?, &run(next)?));
        // Along the front, a point's run serves the pair after it too.
        let mut before: Option<(&PointInfo, Option<Ran>)> = None;
        let mut paired = vec![None; front.len()];
        for (k, pair) in front.iter().enumerate() {
            let Some((a, b)) = *pair else { continue };
            let ran_a = match before.take() {
                Some((p, ran)) if std::ptr::eq(p, a) => ran,
                _ => run(a),
            };
            let ran_b = run(b);
            if let (Some(x), Some(y)) = (&ran_a, &ran_b) {
                paired[k] = difference(x, y);
            }
            before = Some((b, ran_b));
        }
        progress.finish();
        Pairing {
            tie,
            front: paired,
            stopped: cut.get(),
        }
    }
}

/// Reads a written `sweep.csv` back and judges its `points` against `targets`, cheapest
/// first (then by mean lead time).
pub fn judge_file(
    file: &std::path::Path,
    paths: &[String],
    points: &[PointInfo],
    targets: &[Target],
) -> Result<Vec<Judged>, crate::error::Error> {
    let input = |e: &dyn std::fmt::Display| crate::error::Error::Input {
        file: file.display().to_string(),
        message: e.to_string(),
    };
    let text = crate::export::open_csv(file).map_err(|e| input(&e))?;
    // Only the rows the verdicts need: lead time and the targets' metrics.
    let at = paths.len() + 2 + targets.len();
    let needed = |r: &csv::StringRecord| {
        let (metric, subject) = (r.get(at + 2), r.get(at + 3));
        (metric == Some("lead_time") && subject == Some(""))
            || targets
                .iter()
                .any(|t| metric == Some(&t.metric) && subject == Some(&t.subject))
    };
    let mut records = Vec::new();
    for r in csv::Reader::from_reader(text).records() {
        let r = r.map_err(|e| input(&e))?;
        if needed(&r) {
            records.push(r);
        }
    }
    let mut judged = judge(points, &records, targets);
    judged.sort_by(|a, b| {
        a.point
            .cost
            .total_cmp(&b.point.cost)
            .then(a.lead_time.mean.total_cmp(&b.lead_time.mean))
    });
    Ok(judged)
}
