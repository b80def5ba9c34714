//! `expansim optimize`: the cheapest staffing whose 95% confidence bounds meet every target,
//! found without running the full grid.
//!
//! The procedure:
//!
//! 1. **Bounds.** Each pool ranges from the smallest size at which its offered load is below
//!    its capacity (no point with a load ≥ 1 is simulated) to a maximum (`--range`, or three
//!    times its size and at least five more than the bound).
//! 2. **Sequential evaluation.** A point runs replications 0, 1, … in batches, on common
//!    random numbers (replication *i* draws the same numbers at every point). After each
//!    batch, a point whose 99% interval of some target lies wholly on the failing side is
//!    infeasible and stops. One that can no longer meet some target at its 95% bound on all
//!    the replications, whatever the rest give within the metric's range (a share of 0.85
//!    on three of ten replications cannot reach a bound of 0.93), stops too, undecided: it
//!    does not meet on these replications, but it rules out no smaller point (a bound is
//!    not monotone in the staffing), and it is listed as undecided when its estimates meet
//!    the targets. Otherwise a point runs on to the scenario's replications, where it is
//!    judged as `sweep` judges it: it meets when every target holds at its 95% bound.
//! 3. **Greedy allocation.** From the lower bounds, add one member of staff to the pool that
//!    improves the targets most per unit of cost (shortfalls scaled by the target values),
//!    until the point meets the targets.
//! 4. **Local moves.** Remove one member of staff from a pool, or move one to a cheaper pool,
//!    while the point still meets the targets.
//! 5. **Confirmation.** Staffing more never makes a target worse (an assumption the grid
//!    checks in the tests bear out), so the best point is the cheapest if every *maximal*
//!    cheaper point (one that cannot take another member of staff without costing as much)
//!    fails. Each is evaluated, unless a failing point already covers it, as `sweep` judges
//!    it (on all the replications, unless its 99% interval fails early: one stopped before
//!    as unable to meet runs on); one that meets becomes the new best and the search goes
//!    on from it. Cheaper points whose 95% interval
//!    of some target holds the target's value (neither meeting nor failing it) are reported
//!    as undecided: more replications would tell.
//! 6. **Ties.** Of the points that cost as much as the best, every one not covered by a
//!    failing point is evaluated, and the one with the lowest mean lead time is named, as
//!    `sweep` names it.
//!
//! A batch never takes the replications past `--budget-replications`; points the budget
//! left unevaluated are not listed.

use std::collections::HashMap;

use serde::Serialize;
use toml::Value;

use crate::error::{Problem, ScenarioError};
use crate::replication::run_until;
use crate::scenario::model::PoolLoad;
use crate::scenario::{Model, Variant};
use crate::stats::{Summary, summarize};
use crate::study::Progress;
use crate::sweep::{self, Direction, Target, Vary, Verdict};

/// One pool the search sizes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dim {
    /// Its `--set` path (`pools.NAME`).
    pub path: String,
    /// Smallest size searched (at least the load bound).
    pub lo: u32,
    /// Largest size searched.
    pub hi: u32,
    /// Cost of one member of staff (1 without costs).
    pub cost: f64,
    /// The smallest size of its `--range`, when the offered load raised it to `lo`: fewer
    /// staff could not keep up with the pool's work.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asked: Option<u32>,
}

/// How one point fared.
#[derive(Debug, Clone)]
pub struct Point {
    /// Size of each pool, in the order of the dims.
    pub sizes: Vec<u32>,
    /// Its cost (as `sweep` counts it).
    pub cost: f64,
    /// Replications run.
    pub replications: u32,
    /// Each target's summary over those replications.
    pub estimates: Vec<Summary>,
    /// Its verdict: `meets` and `undecided` only after all the scenario's replications
    /// (`undecided` also early, when a target can no longer be met on them); `fails` also
    /// early, when a 99% interval fails.
    pub verdict: Verdict,
    /// Whether it stopped before the scenario's replications.
    pub early: bool,
    /// What decided its verdict: `95% bound` (all the scenario's replications), `99%
    /// interval` (failed early), `cannot meet` (stopped early, undecided: whatever the
    /// replications left give, some target's 95% bound on all of them misses it), `larger
    /// point fails` (a point with as many staff or more in every pool fails), `offered load` (a load ≥ 1, not simulated), `99% intervals meet`
    /// (the largest staffing, which the search needs to know only can meet: undecided, but
    /// not in doubt), or empty: not decided (the search took only a first look, or the budget
    /// ended).
    pub decided_by: &'static str,
    /// Mean lead time of all classes over those replications, which orders points of equal
    /// cost as `sweep` orders them.
    pub lead_time: f64,
}

/// The outcome of a search.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The pools searched.
    pub dims: Vec<Dim>,
    /// Every point evaluated, in the order first evaluated.
    pub points: Vec<Point>,
    /// Index of the cheapest point that meets every target (`None`: none found).
    pub best: Option<usize>,
    /// Replications run over all points.
    pub replications_used: u64,
    /// Events processed in those replications.
    pub events: u64,
    /// Cases arrived in those replications.
    pub cases: u64,
    /// Replications per point of the scenario (what a full grid runs at each point).
    pub replications: u32,
    /// Points of the full grid over the dims.
    pub grid_points: u64,
    /// Cheaper points left undecided (a 95% interval holds a target's value), by index.
    pub undecided: Vec<usize>,
    /// Whether every maximal cheaper point was checked (else only the neighbours were); some
    /// may have stayed [`Outcome::undecided`].
    pub confirmed: bool,
    /// Whether the replication budget ran out before the search ended.
    pub out_of_budget: bool,
    /// The largest staffing of the ranges, by index, when it fails (so, staffing more never
    /// hurting, no point meets, and the search stopped there).
    pub ceiling: Option<usize>,
    /// Today's staffing, and whether the search had evaluated it before (else it ran after
    /// the search, or, over capacity, not at all: then it is not among the points);
    /// `None` when the budget ran out first.
    pub today: Option<(Point, bool)>,
    /// The runner-up: a point of the best's cost that also meets every target (the one of
    /// the lower mean lead time after the best), by index, with the difference of its mean
    /// lead time from the best's, paired replication by replication on common random
    /// numbers. When that difference's interval holds 0 the two cannot be told apart.
    pub runner_up: Option<(usize, Summary)>,
}

/// Settings of a search.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Replications per batch.
    pub batch: u32,
    /// Most replications over the whole search.
    pub budget: u64,
    /// Worker threads.
    pub jobs: usize,
}

/// Most maximal cheaper points the confirmation evaluates; beyond, it checks neighbours.
const MAX_CONFIRM: usize = 400;

/// Replications of a point's first batch, after which it is first judged.
const FIRST_LOOK: u32 = 3;

/// Replications on which the greedy step compares its candidates: on three, chance ranked
/// them often enough to lead the county's full search to a dearer answer.
const GLANCE: u32 = 4;

/// The pools to search: those of `ranges` (`pools.NAME=LO..=HI`), or else every pool with a
/// cost (every pool, by head count, when none has one); each starting no lower than its
/// load bound.
pub fn dims(variant: &Variant, ranges: &[Vary], source: &str) -> Result<Vec<Dim>, ScenarioError> {
    let m = &variant.model;
    let mut problems = Vec::new();
    let costed = sweep::costed(m);
    let mut out = Vec::new();
    // Without --range: every pool with a cost, or every pool (by head count) when none has.
    let chosen: Vec<(usize, Option<&Vary>)> = if ranges.is_empty() {
        m.pools
            .iter()
            .enumerate()
            .filter(|(_, p)| p.cost.is_some() || !costed)
            .map(|(i, _)| (i, None))
            .collect()
    } else {
        ranges
            .iter()
            .filter_map(|r| {
                // A pool may be named by its label: `pools.设计审查`.
                let path = crate::scenario::set::by_key(&variant.document, &r.path);
                let name = path.strip_prefix("pools.").filter(|n| !n.contains('.'));
                match name.and_then(|n| m.pools.iter().position(|p| p.name == n)) {
                    Some(i) => Some((i, Some(r))),
                    None => {
                        let names = m.pools.iter().map(|p| p.name.as_str());
                        let ambiguous = crate::scenario::set::ambiguous(&variant.document, &r.path);
                        let message = match (ambiguous, name) {
                            (Some(why), _) => why,
                            // A pool's path, of a pool the scenario does not have.
                            (None, Some(name)) => format!(
                                r#"no pool named "{name}"{hint}; pools: {pools}"#,
                                hint = crate::scenario::parse::did_you_mean(name, names.clone()),
                                pools = m
                                    .pools
                                    .iter()
                                    .map(|p| crate::i18n::named(&p.name, p.label.as_deref()))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                            (None, None) => format!(
                                "optimize sizes pools: give pools.NAME, one of: {pools}",
                                pools = names
                                    .map(|p| format!("pools.{p}"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        };
                        problems.push(Problem {
                            path: format!("--range {}", r.path),
                            message,
                        });
                        None
                    }
                }
            })
            .collect()
    };
    if chosen.is_empty() && problems.is_empty() {
        problems.push(Problem {
            path: "pools".to_string(),
            message: "the scenario has no staff pools, and optimize sizes staff: give stages a `pool` and the scenario [pools]".to_string(),
        });
    }
    if m.settings.replications < 2 {
        problems.push(Problem {
            path: "scenario.replications".to_string(),
            message: format!(
                "optimize judges each point at its 95% bound, which needs at least 2 replications per point, got {r}: pass -r 2 or more",
                r = m.settings.replications
            ),
        });
    }
    let mut seen = std::collections::HashSet::new();
    let loads = m.pool_loads();
    for (i, range) in chosen {
        let p = &m.pools[i];
        if !seen.insert(i) {
            problems.push(Problem {
                path: format!("--range pools.{}", p.name),
                message: "the pool is given twice: give one range per pool".to_string(),
            });
            continue;
        }
        // Offered load in staff: the least size with a load below 1.
        let Some(bound) = loads[i].least_stable_size() else {
            problems.push(never_carried(p, &loads[i]));
            continue;
        };
        let (lo, hi) = match range {
            Some(r) => {
                let ints: Option<Vec<u32>> = r
                    .values
                    .iter()
                    .map(|v| v.as_integer().and_then(|x| u32::try_from(x).ok()))
                    .collect();
                match ints {
                    Some(mut v) if !v.is_empty() => {
                        v.sort_unstable();
                        v.dedup();
                        let (lo, hi) = (v[0], v[v.len() - 1]);
                        if v.len() as u64 != u64::from(hi - lo) + 1 {
                            problems.push(Problem {
                                path: format!("--range {}", r.path),
                                message: format!(
                                    "optimize searches every size between the smallest and the largest, so a list with gaps would not be honoured: give {lo}..={hi}, or use sweep to run only the listed sizes"
                                ),
                            });
                            continue;
                        }
                        (lo, hi)
                    }
                    _ => {
                        problems.push(Problem {
                            path: format!("--range {}", r.path),
                            message: "give whole numbers of staff, e.g. 1..=8".to_string(),
                        });
                        continue;
                    }
                }
            }
            None => (0, (3 * p.size).max(bound + 5)),
        };
        // A pool of member groups is sized by its first group: the others stay as written.
        let others: u32 = p.groups.iter().skip(1).map(|g| g.count).sum();
        let asked = lo;
        let lo = lo.max(bound).max(others);
        if lo > hi {
            let message = if others > bound {
                format!(
                    "the pool's groups after its first have {others} staff in all, so it has at least {others}, above the range's largest value {hi}"
                )
            } else {
                format!(
                    "the pool's offered load needs at least {bound} staff, above the range's largest value {hi}"
                )
            };
            problems.push(Problem {
                path: format!("--range pools.{}", p.name),
                message,
            });
            continue;
        }
        out.push(Dim {
            path: format!("pools.{}", p.name),
            lo,
            hi,
            cost: if costed { p.cost.unwrap_or(0.0) } else { 1.0 },
            asked: (range.is_some() && asked < lo).then_some(asked),
        });
    }
    // A pool the search does not size, over capacity at its size: every point would be.
    for (i, p) in m.pools.iter().enumerate() {
        let load = &loads[i];
        if seen.contains(&i) || !load.unstable() {
            continue;
        }
        let Some(bound) = load.least_stable_size() else {
            problems.push(never_carried(p, load));
            continue;
        };
        problems.push(Problem {
            path: format!("pools.{}", p.name),
            message: format!(
                "offered load {load}, and the search does not size the pool, so every point would be over capacity: add --range pools.{name}={bound}..={hi}, or --set pools.{name}={bound}",
                name = p.name,
                hi = bound + 5
            ),
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(ScenarioError::Invalid {
            file: source.to_string(),
            problems,
        })
    }
}

/// Which way a target on `metric` must point for staffing more never to make it worse: at
/// most for times, queues and loads (they fall as staff are added), at least for the shares
/// within the limit, flow efficiency and throughput (they rise); `None` for what staffing
/// does not move (touch times, rework, hand-offs, the customer's time) or a name that is no
/// metric.
pub fn staff_improves(metric: &str) -> Option<Direction> {
    match metric {
        "limit_met_share" | "flow_efficiency" | "throughput" => Some(Direction::AtLeast),
        "lead_time" | "lead_time_p50" | "lead_time_p90" | "lead_time_p95" | "lead_time_wd"
        | "utility_time" | "waiting_time" | "utilization" | "queue_length" | "wip"
        | "time_waiting" | "time_paused" | "time_rework" | "censored_cases" => {
            Some(Direction::AtMost)
        }
        // Touch times, rework, hand-offs, the customer's time; a name no metric has is
        // refused by the targets' own check.
        _ => None,
    }
}

/// The targets that staffing more can make worse (`all:utilization:reviewer>=0.7`): the
/// search's shortcuts (the largest staffing failing means every point fails; a point below
/// one that fails fails too) rest on the opposite, so they are refused.
pub fn check_monotone(targets: &[Target]) -> Vec<Problem> {
    targets
        .iter()
        .filter(|t| staff_improves(&t.metric).is_some_and(|d| d != t.direction))
        .map(|t| Problem {
            path: format!("--target {t}"),
            message: match t.direction {
                Direction::AtLeast => format!(
                    "{metric} falls as staff are added, so staffing more can make this target worse, while optimize relies on the opposite (the largest staffing failing means every point fails): search it with sweep --vary, or give it as {metric}<=",
                    metric = t.metric
                ),
                Direction::AtMost => format!(
                    "{metric} rises as staff are added, so staffing more can make this target worse, while optimize relies on the opposite (the largest staffing failing means every point fails): search it with sweep --vary, or give it as {metric}>=",
                    metric = t.metric
                ),
            },
        })
        .collect()
}

/// The search: the variant, its targets and pools, and every point evaluated so far.
pub struct Search<'a> {
    variant: &'a Variant,
    /// The scenario's name and folder ([`crate::scenario::Loaded::place`]).
    source: &'a str,
    base: Option<&'a std::path::Path>,
    targets: &'a [Target],
    dims: Vec<Dim>,
    r: u32,
    /// [`t_quantiles`] of `r`.
    t95: Vec<f64>,
    settings: Settings,
    progress: &'a dyn Progress,
    points: Vec<Point>,
    /// Per point: each target's value in each replication run.
    values: Vec<Vec<Vec<f64>>>,
    /// Per point: the mean lead time of all classes in each replication run.
    lead: Vec<Vec<f64>>,
    index: HashMap<Vec<u32>, usize>,
    /// Today's staffing, evaluated after the search like any point.
    today: Option<Vec<u32>>,
    used: u64,
    /// Confirming: a point is judged as `sweep` judges it, on all the replications (or
    /// until it clearly fails), never stopped because it can no longer meet a target.
    settling: bool,
    /// Events and arrived cases over the replications run.
    events: u64,
    cases: u64,
}

impl<'a> Search<'a> {
    /// A search over `dims` of `variant` for `targets`, on the scenario's replications.
    pub fn new(
        variant: &'a Variant,
        (source, base): (&'a str, Option<&'a std::path::Path>),
        targets: &'a [Target],
        dims: Vec<Dim>,
        settings: Settings,
        progress: &'a dyn Progress,
    ) -> Search<'a> {
        let r = variant.model.settings.replications.max(1);
        Search {
            r,
            t95: t_quantiles(r),
            variant,
            source,
            base,
            targets,
            dims,
            settings,
            progress,
            points: Vec::new(),
            values: Vec::new(),
            lead: Vec::new(),
            index: HashMap::new(),
            today: None,
            used: 0,
            settling: false,
            events: 0,
            cases: 0,
        }
    }

    /// Also evaluates today's staffing (sizes in the order of the dims) once the search is
    /// done, as a point of its own when the search did not reach it, within the budget.
    pub fn with_today(mut self, sizes: Vec<u32>) -> Self {
        self.today = Some(sizes);
        self
    }

    fn model(&self, sizes: &[u32]) -> Result<Model, ScenarioError> {
        let vary: Vec<Vary> = self
            .dims
            .iter()
            .map(|d| Vary {
                path: d.path.clone(),
                values: Vec::new(),
            })
            .collect();
        let values: Vec<Value> = sizes
            .iter()
            .map(|&s| Value::Integer(i64::from(s)))
            .collect();
        sweep::model(
            &self.variant.document,
            &vary,
            &values,
            (self.source, self.base),
        )
        .map_err(|problems| ScenarioError::Invalid {
            file: self.source.to_string(),
            problems,
        })
    }

    fn cost(&self, sizes: &[u32], base: f64) -> f64 {
        base + self
            .dims
            .iter()
            .zip(sizes)
            .map(|(d, &s)| d.cost * f64::from(s))
            .sum::<f64>()
    }

    /// Evaluates `sizes` as the procedure says; the index of its point.
    fn assess(&mut self, sizes: &[u32]) -> Result<usize, ScenarioError> {
        self.assess_to(sizes, self.r)
    }

    /// [`Search::assess`], running at most `most` replications of the point.
    fn assess_to(&mut self, sizes: &[u32], most: u32) -> Result<usize, ScenarioError> {
        if let Some(&i) = self.index.get(sizes)
            && (self.points[i].verdict == Verdict::Unstable || self.decided(i))
        {
            return Ok(i);
        }
        let m = self.model(sizes)?;
        let i = match self.index.get(sizes) {
            Some(&i) => i,
            None => {
                let unstable = m.pool_loads().iter().any(PoolLoad::unstable);
                self.points.push(Point {
                    sizes: sizes.to_vec(),
                    cost: sweep::cost(&m),
                    replications: 0,
                    estimates: Vec::new(),
                    verdict: if unstable {
                        Verdict::Unstable
                    } else {
                        Verdict::Undecided
                    },
                    early: false,
                    decided_by: if unstable { "offered load" } else { "" },
                    lead_time: f64::NAN,
                });
                self.values.push(vec![Vec::new(); self.targets.len()]);
                self.lead.push(Vec::new());
                self.index.insert(sizes.to_vec(), self.points.len() - 1);
                if unstable {
                    return Ok(self.points.len() - 1);
                }
                self.points.len() - 1
            }
        };
        while !self.decided(i)
            && self.used < self.settings.budget
            && self.points[i].replications < most
        {
            let have = self.points[i].replications;
            // The first look comes after three replications: with two, the 99% interval's
            // t quantile (63.7) leaves almost no point decided.
            let batch = if have == 0 {
                self.settings.batch.max(FIRST_LOOK)
            } else {
                self.settings.batch
            };
            // Never past the budget: a batch is cut to what is left of it.
            let left = u32::try_from(self.settings.budget - self.used).unwrap_or(u32::MAX);
            let next = (have + batch.min(left)).min(self.r).min(most.max(have + 1));
            let result = run_until(
                &m,
                (have..next).collect(),
                self.settings.jobs,
                &|| self.progress.advance(),
                &|| self.progress.stopped(),
            );
            if result.unstable.is_some() {
                self.points[i].verdict = Verdict::Unstable;
                break;
            }
            self.used += u64::from(next - have);
            self.events += result.events;
            self.cases += result.arrivals;
            let column = |class: &str, metric: &str, subject: &str| {
                let k = result.kpis.iter().position(|k| {
                    k.class_name(&m) == class
                        && k.metric.name() == metric
                        && k.subject_name(&m) == subject
                });
                k.map_or_else(
                    || vec![f64::NAN; (next - have) as usize],
                    |k| result.values.iter().map(|v| v[k]).collect::<Vec<f64>>(),
                )
            };
            for (t, target) in self.targets.iter().enumerate() {
                let col = column(&target.class, &target.metric, &target.subject);
                self.values[i][t].extend(col);
            }
            let lead = column("all", crate::metrics::Metric::LeadTime.name(), "");
            self.lead[i].extend(lead);
            self.points[i].replications = next;
            self.judge(i);
            if self.progress.stopped() {
                break;
            }
        }
        Ok(i)
    }

    /// What the greedy step needs to know of `sizes`: [`GLANCE`] replications, on which the
    /// shortfalls compare, and all of them only when its means meet every target (whether it
    /// meets at its bound is then the question). A point left at a glance is finished when a
    /// later step needs it; those the greedy passes by may stay there.
    fn glance(&mut self, sizes: &[u32]) -> Result<usize, ScenarioError> {
        let i = self.assess_to(sizes, GLANCE)?;
        if self.shortfall(i) == 0.0 {
            return self.assess(sizes);
        }
        Ok(i)
    }

    /// Whether every target's 99% interval at point `i` lies wholly on the meeting side.
    fn clearly_meets(&self, i: usize) -> bool {
        self.points[i].replications >= 2
            && self.targets.iter().zip(&self.values[i]).all(|(t, v)| {
                let s = crate::stats::summarize_at(v, 0.995);
                match t.direction {
                    Direction::AtLeast => s.ci95_low >= t.value,
                    Direction::AtMost => s.ci95_high <= t.value,
                }
            })
    }

    /// Whether point `i` needs no more replications.
    fn decided(&self, i: usize) -> bool {
        let p = &self.points[i];
        let settled = !(self.settling && p.decided_by == "cannot meet");
        p.replications >= self.r || (p.replications > 0 && p.early && settled)
    }

    /// Judges point `i` on its replications so far.
    fn judge(&mut self, i: usize) {
        let summaries: Vec<Summary> = (self.targets.iter().zip(&self.values[i]))
            .map(|(t, v)| summarize(v).within(t.bounds()))
            .collect();
        let n = self.points[i].replications;
        let verdict = if n >= self.r {
            sweep::verdicts(self.targets, &|t| {
                let k = self.targets.iter().position(|x| x == t)?;
                Some(summaries[k])
            })
            .0
        } else {
            Verdict::Undecided
        };
        // Early: a 99% interval wholly on the failing side.
        let clearly_fails = n < self.r
            && self.targets.iter().zip(&self.values[i]).any(|(t, v)| {
                let s = crate::stats::summarize_at(v, 0.995);
                match t.direction {
                    Direction::AtLeast => s.ci95_high < t.value,
                    Direction::AtMost => s.ci95_low > t.value,
                }
            });
        // Early too: the replications left cannot bring some target to its bound. Not the
        // largest staffing, whose failure ends the search: it is judged on its intervals, as
        // before, so that a target not quite monotone (a wait downstream of more staff) is
        // still searched below a largest staffing that only ends undecided.
        let top = (self.points[i].sizes.iter().zip(&self.dims)).all(|(s, d)| *s == d.hi);
        let cannot = !clearly_fails
            && !self.settling
            && !top
            && n < self.r
            && (self.targets.iter().zip(&self.values[i]))
                .any(|(t, v)| cannot_meet(t, v, &self.t95));
        let lead = &self.lead[i];
        let p = &mut self.points[i];
        p.lead_time = lead.iter().sum::<f64>() / lead.len().max(1) as f64;
        p.estimates = summaries;
        if clearly_fails {
            p.verdict = Verdict::Fails;
            p.early = true;
            p.decided_by = "99% interval";
        } else if cannot {
            // Not `fails`: on all the replications its interval might still hold the target
            // (sweep would call it undecided), and a smaller point's might lie above it.
            p.verdict = Verdict::Undecided;
            p.early = true;
            p.decided_by = "cannot meet";
        } else {
            p.verdict = verdict;
            p.early = false;
            p.decided_by = if n >= self.r { "95% bound" } else { "" };
        }
    }

    fn meets(&self, i: usize) -> bool {
        self.points[i].verdict == Verdict::Meets
    }

    /// How far point `i` is from the targets: the shortfalls scaled by the targets' values.
    fn shortfall(&self, i: usize) -> f64 {
        if self.points[i].verdict == Verdict::Unstable || self.points[i].estimates.is_empty() {
            return f64::INFINITY;
        }
        self.targets
            .iter()
            .zip(&self.points[i].estimates)
            .map(|(t, s)| {
                let gap = match t.direction {
                    Direction::AtLeast => t.value - s.mean,
                    Direction::AtMost => s.mean - t.value,
                };
                if gap.is_finite() {
                    gap.max(0.0) / t.value.abs().max(1e-9)
                } else {
                    1.0
                }
            })
            .sum()
    }

    /// Whether `sizes` is covered by a point that failed: no larger than it in every pool.
    fn covered(&self, sizes: &[u32]) -> bool {
        self.points.iter().any(|p| {
            matches!(p.verdict, Verdict::Fails | Verdict::Unstable)
                && sizes.iter().zip(&p.sizes).all(|(a, b)| a <= b)
        })
    }

    fn out_of_budget(&self) -> bool {
        self.used >= self.settings.budget || self.progress.stopped()
    }

    /// Runs the search.
    pub fn run(mut self) -> Result<Outcome, ScenarioError> {
        let base_cost = {
            let lo: Vec<u32> = self.dims.iter().map(|d| d.lo).collect();
            let m = self.model(&lo)?;
            sweep::cost(&m) - self.cost(&lo, 0.0)
        };
        let mut x: Vec<u32> = self.dims.iter().map(|d| d.lo).collect();
        let mut best: Option<usize> = None;
        let mut confirmed = false;
        // The largest staffing of the ranges, judged on a first look: if it fails, so does
        // every point (staffing more never hurting), and the search need not walk up to it.
        // It runs on until it fails, or its 99% intervals all meet (then the search goes on).
        let top: Vec<u32> = self.dims.iter().map(|d| d.hi).collect();
        let mut look = FIRST_LOOK;
        let ceiling = loop {
            let i = self.assess_to(&top, look)?;
            if self.decided(i)
                || self.clearly_meets(i)
                || self.points[i].verdict == Verdict::Unstable
                || self.points[i].replications < look
            {
                break i;
            }
            look += self.settings.batch;
        };
        // Stopped early because it clearly can meet: said so in optimize.csv, where its
        // verdict stays undecided until it runs all the replications.
        if !self.decided(ceiling) && self.clearly_meets(ceiling) {
            self.points[ceiling].decided_by = "99% intervals meet";
        }
        let hopeless = self.points[ceiling].verdict == Verdict::Fails;
        'search: loop {
            if hopeless {
                break;
            }
            // Greedy allocation until the point meets the targets.
            loop {
                let i = self.glance(&x)?;
                if self.meets(i) || self.out_of_budget() {
                    break;
                }
                let mut choice: Option<(f64, usize)> = None;
                let here = self.shortfall(i);
                // One more member of staff in each pool, cheapest first: once one of them
                // meets, those that cost more are not needed (nor any costing as much as a
                // point already found to meet).
                let mut steps: Vec<usize> = (0..self.dims.len())
                    .filter(|&d| x[d] < self.dims[d].hi)
                    .collect();
                steps.sort_by(|&a, &b| self.dims[a].cost.total_cmp(&self.dims[b].cost));
                let mut enough = best.map_or(f64::INFINITY, |b| self.points[b].cost);
                for d in steps {
                    let mut y = x.clone();
                    y[d] += 1;
                    if enough.is_finite()
                        && self.cost(&y, base_cost) >= enough - 1e-9 * enough.abs().max(1.0)
                    {
                        continue;
                    }
                    let j = self.glance(&y)?;
                    let gain = if self.meets(j) {
                        enough = self.points[j].cost;
                        f64::INFINITY
                    } else {
                        (here - self.shortfall(j)) / self.dims[d].cost.max(1e-9)
                    };
                    if choice.is_none_or(|(g, _)| gain > g) {
                        choice = Some((gain, d));
                    }
                }
                match choice {
                    Some((_, d)) => x[d] += 1,
                    None => break 'search,
                }
            }
            let i = self.assess(&x)?;
            if !self.meets(i) {
                break;
            }
            best = Some(i);
            // Local moves: remove one member of staff, or move one to a cheaper pool.
            let mut moved = true;
            while moved && !self.out_of_budget() {
                moved = false;
                let mut moves = Vec::new();
                for p in 0..self.dims.len() {
                    if x[p] > self.dims[p].lo {
                        let mut y = x.clone();
                        y[p] -= 1;
                        moves.push(y.clone());
                        for q in 0..self.dims.len() {
                            if q != p
                                && x[q] < self.dims[q].hi
                                && self.dims[q].cost < self.dims[p].cost
                            {
                                let mut z = y.clone();
                                z[q] += 1;
                                moves.push(z);
                            }
                        }
                    }
                }
                // The largest first: one that fails covers the smaller ones.
                moves.sort_by(|a, b| self.cost(b, 0.0).total_cmp(&self.cost(a, 0.0)));
                for y in moves {
                    if self.covered(&y) {
                        continue;
                    }
                    let j = self.assess(&y)?;
                    if self.meets(j) && self.points[j].cost < self.points[best.unwrap_or(j)].cost {
                        x = y;
                        best = Some(j);
                        moved = true;
                        break;
                    }
                }
            }
            // Confirmation over the maximal cheaper points.
            let b = best.unwrap_or(i);
            let limit = self.points[b].cost - base_cost - 1e-9;
            let maximal = self.maximal_below(limit);
            confirmed = maximal.len() <= MAX_CONFIRM;
            let candidates = if confirmed {
                maximal
            } else {
                // Too many: the neighbours, as the local moves saw them.
                Vec::new()
            };
            // Each judged as sweep judges it: one stopped as unable to meet a target may
            // still be undecided on all the replications.
            self.settling = true;
            for y in candidates {
                if self.out_of_budget() {
                    confirmed = false;
                    break;
                }
                if self.covered(&y) {
                    continue;
                }
                let j = self.assess(&y)?;
                if self.meets(j) && self.points[j].cost < self.points[b].cost {
                    self.settling = false;
                    x = y;
                    continue 'search;
                }
            }
            self.settling = false;
            break;
        }
        let mut best = best.filter(|&b| self.meets(b));
        // The budget can end the greedy walk before it reaches a point that meets, when one
        // it judged on the way (the largest staffing, on all its replications) does: the
        // cheapest such point is the best found.
        if best.is_none() {
            best = (0..self.points.len())
                .filter(|&j| self.meets(j))
                .min_by(|&a, &b| self.points[a].cost.total_cmp(&self.points[b].cost));
        }
        if let Some(b) = best {
            best = Some(self.among_equals(b)?);
        }
        let runner_up = best.and_then(|b| self.runner_up(b));
        // Today's staffing: the search's figures when it reached it, else its own run.
        // Over capacity, it is not simulated, and not a point of the search's files.
        let today_model = self.today.as_deref().map(|t| self.model(t)).transpose()?;
        let over = today_model
            .as_ref()
            .is_some_and(|m| m.pool_loads().iter().any(PoolLoad::unstable));
        let mut today = match (self.today.clone(), today_model) {
            (Some(t), Some(m)) if over => {
                let over = Point {
                    sizes: t,
                    cost: sweep::cost(&m),
                    replications: 0,
                    estimates: Vec::new(),
                    verdict: Verdict::Unstable,
                    early: false,
                    decided_by: "offered load",
                    lead_time: f64::NAN,
                };
                Some((over, false))
            }
            (Some(t), _) => {
                // What the search knows of it; when the budget has run out, that is all.
                let known = self.index.get(&t).copied().filter(|&i| {
                    self.points[i].replications > 0 || self.points[i].verdict == Verdict::Unstable
                });
                let searched = known.is_some_and(|i| {
                    self.decided(i)
                        || self.points[i].verdict == Verdict::Unstable
                        || self.out_of_budget()
                });
                let i = match known {
                    Some(i) if self.out_of_budget() => Some(i),
                    None if self.out_of_budget() => None,
                    _ => Some(self.assess(&t)?),
                };
                if let Some(i) = i {
                    // A point of the ranges the search did not show to meet (its
                    // confirmation cut short) that meets and costs less is the better answer.
                    let inside = t
                        .iter()
                        .zip(&self.dims)
                        .all(|(&s, d)| (d.lo..=d.hi).contains(&s));
                    if inside
                        && self.meets(i)
                        && best.is_none_or(|b| self.points[i].cost < self.points[b].cost)
                    {
                        best = Some(i);
                    }
                }
                i.map(|i| (self.points[i].clone(), searched))
            }
            _ => None,
        };
        // A point left after a first look below one that fails fails too.
        for j in 0..self.points.len() {
            let p = &self.points[j];
            if p.verdict == Verdict::Undecided && p.replications < self.r {
                let below = self.points.iter().any(|q| {
                    q.verdict == Verdict::Fails && p.sizes.iter().zip(&q.sizes).all(|(a, b)| a <= b)
                });
                if below {
                    self.points[j].verdict = Verdict::Fails;
                    self.points[j].decided_by = "larger point fails";
                }
            }
        }
        // Today's staffing as the relabelling left it (a first look below a failing point).
        if let Some((p, _)) = today.as_mut()
            && let Some(&i) = self.index.get(&p.sizes)
            && self.points[i].replications > 0
        {
            *p = self.points[i].clone();
        }
        // Cheaper points (any, when none meets) that neither met nor failed on all their
        // replications, or on those the budget left them; and those stopped as unable to
        // meet on the scenario's replications whose estimates meet every target (more
        // replications could show they meet).
        let out_of_budget = self.used >= self.settings.budget;
        let undecided: Vec<usize> = (0..self.points.len())
            .filter(|&j| {
                let p = &self.points[j];
                let in_doubt = p.decided_by == "cannot meet"
                    && self
                        .targets
                        .iter()
                        .zip(&p.estimates)
                        .all(|(t, s)| match t.direction {
                            Direction::AtLeast => s.mean >= t.value,
                            Direction::AtMost => s.mean <= t.value,
                        });
                p.verdict == Verdict::Undecided
                    && p.replications > 0
                    && (p.replications >= self.r || out_of_budget || in_doubt)
                    && best.is_none_or(|b| p.cost < self.points[b].cost)
            })
            .collect();
        let grid_points = self
            .dims
            .iter()
            .map(|d| u64::from(d.hi - d.lo + 1))
            .product();
        // Points the budget left without a replication were not evaluated.
        let kept: Vec<usize> = (0..self.points.len())
            .filter(|&j| {
                self.points[j].replications > 0 || self.points[j].verdict == Verdict::Unstable
            })
            .collect();
        let renumber = |i: usize| kept.binary_search(&i).ok();
        let points = kept.iter().map(|&j| self.points[j].clone()).collect();
        Ok(Outcome {
            ceiling: renumber(ceiling).filter(|_| hopeless),
            today,
            out_of_budget,
            best: best.and_then(renumber),
            runner_up: runner_up.and_then(|(i, d)| Some((renumber(i)?, d))),
            undecided: undecided.into_iter().filter_map(renumber).collect(),
            dims: self.dims,
            points,
            replications_used: self.used,
            events: self.events,
            cases: self.cases,
            replications: self.r,
            grid_points,
            confirmed,
        })
    }

    /// Of the points that cost what point `b` costs, the one `sweep` would name: every such
    /// point not covered by a failing one is evaluated (up to [`MAX_CONFIRM`]), and among
    /// those meeting every target the lowest mean lead time wins.
    fn among_equals(&mut self, b: usize) -> Result<usize, ScenarioError> {
        let own = self.cost(&self.points[b].sizes, 0.0);
        let tolerance = 1e-9 * own.abs().max(1.0);
        let equal = self.box_points(own + tolerance, &|_, c| (c - own).abs() <= tolerance);
        if equal.len() <= MAX_CONFIRM {
            for y in equal {
                if self.out_of_budget() {
                    break;
                }
                if !self.covered(&y) {
                    self.assess(&y)?;
                }
            }
        }
        let cost = self.points[b].cost;
        let same = |c: f64| (c - cost).abs() <= 1e-9 * cost.abs().max(1.0);
        Ok((0..self.points.len())
            .filter(|&j| self.meets(j) && same(self.points[j].cost))
            .min_by(|&i, &j| {
                self.points[i]
                    .lead_time
                    .total_cmp(&self.points[j].lead_time)
            })
            .unwrap_or(b))
    }

    /// The point after `b` among those of its cost that meet every target (by mean lead
    /// time), and its mean lead time less `b`'s, paired on the replications both ran.
    fn runner_up(&self, b: usize) -> Option<(usize, Summary)> {
        let cost = self.points[b].cost;
        let same = |c: f64| (c - cost).abs() <= 1e-9 * cost.abs().max(1.0);
        let next = (0..self.points.len())
            .filter(|&j| j != b && self.meets(j) && same(self.points[j].cost))
            .min_by(|&i, &j| {
                self.points[i]
                    .lead_time
                    .total_cmp(&self.points[j].lead_time)
            })?;
        let differences: Vec<f64> = self.lead[next]
            .iter()
            .zip(&self.lead[b])
            .map(|(x, y)| x - y)
            .collect();
        Some((next, summarize(&differences)))
    }

    /// Every point of the box whose own staff cost is below `limit` and that cannot take one
    /// more member of staff in any pool without reaching it (up to [`MAX_CONFIRM`] + 1).
    fn maximal_below(&self, limit: f64) -> Vec<Vec<u32>> {
        let dims = &self.dims;
        self.box_points(limit, &|y, c| {
            c < limit && (0..dims.len()).all(|k| y[k] >= dims[k].hi || c + dims[k].cost >= limit)
        })
    }

    /// The points of the box whose own staff cost is at most `most` and that `keep` (given
    /// the sizes and that cost) accepts, in grid order (up to [`MAX_CONFIRM`] + 1).
    fn box_points(&self, most: f64, keep: &dyn Fn(&[u32], f64) -> bool) -> Vec<Vec<u32>> {
        let mut out = Vec::new();
        let mut y: Vec<u32> = self.dims.iter().map(|d| d.lo).collect();
        self.walk(0, &mut y, most, keep, &mut out);
        out
    }

    fn walk(
        &self,
        d: usize,
        y: &mut Vec<u32>,
        most: f64,
        keep: &dyn Fn(&[u32], f64) -> bool,
        out: &mut Vec<Vec<u32>>,
    ) {
        if out.len() > MAX_CONFIRM {
            return;
        }
        if d == self.dims.len() {
            if keep(y, self.cost(y, 0.0)) {
                out.push(y.clone());
            }
            return;
        }
        for s in self.dims[d].lo..=self.dims[d].hi {
            y[d] = s;
            if self.cost(&y[..=d], 0.0) + self.rest_lo(d + 1) > most {
                break;
            }
            self.walk(d + 1, y, most, keep, out);
        }
        y[d] = self.dims[d].lo;
    }

    /// The cost of the lower bounds of the dims from `d` on.
    fn rest_lo(&self, d: usize) -> f64 {
        self.dims[d..]
            .iter()
            .map(|x| x.cost * f64::from(x.lo))
            .sum()
    }
}

impl Outcome {
    /// The best point's sizes by path.
    pub fn best_sizes(&self) -> Option<Vec<(String, u32)>> {
        let b = &self.points[self.best?];
        Some(
            self.dims
                .iter()
                .zip(&b.sizes)
                .map(|(d, &s)| (d.path.clone(), s))
                .collect(),
        )
    }

    /// optimize.csv: every point evaluated (sizes, cost, replications, verdict, whether it
    /// stopped early, mean lead time, each target's estimate and 95% bound), in the order
    /// evaluated.
    pub fn csv(&self, targets: &[Target]) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header: Vec<String> = self.dims.iter().map(|d| d.path.clone()).collect();
        header.extend(
            [
                "cost",
                "replications",
                "verdict",
                "stopped_early",
                "decided_by",
                "lead_time",
            ]
            .map(String::from),
        );
        for t in targets {
            header.push(format!("{t}"));
            header.push(format!("{t} 95% bound"));
        }
        let _ = w.write_record(&header);
        for p in &self.points {
            let mut row: Vec<String> = p.sizes.iter().map(u32::to_string).collect();
            row.push(format!("{}", p.cost));
            row.push(p.replications.to_string());
            row.push(p.verdict.name().to_string());
            row.push(p.early.to_string());
            row.push(p.decided_by.to_string());
            row.push(if p.lead_time.is_finite() {
                format!("{}", p.lead_time)
            } else {
                String::new()
            });
            for (t, s) in targets
                .iter()
                .zip(p.estimates.iter().map(Some).chain(std::iter::repeat(None)))
            {
                match s {
                    Some(s) => {
                        row.push(format!("{}", s.mean));
                        row.push(format!("{}", t.bound(s)));
                    }
                    None => row.extend([String::new(), String::new()]),
                }
            }
            let _ = w.write_record(&row);
        }
        w.into_inner().unwrap_or_default()
    }

    /// optimize.json: the best point and its cost, the replications used against the full
    /// grid's, and the comparisons left undecided.
    pub fn json(&self, targets: &[Target], variant: &Variant) -> serde_json::Value {
        let best = self.best_sizes().map(|b| {
            b.into_iter()
                .map(|(k, v)| (k, serde_json::Value::from(v)))
                .collect::<serde_json::Map<_, _>>()
        });
        serde_json::json!({
            "variant": variant.name,
            "targets": targets.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "pools": self.dims,
            "best": best,
            "cost": self.best.map(|b| self.points[b].cost),
            "replications_used": self.replications_used,
            "replications_per_point": self.replications,
            "points_evaluated": self.points.len(),
            "grid_points": self.grid_points,
            "grid_replications": self.grid_points.saturating_mul(u64::from(self.replications)),
            "runner_up": self.runner_up.map(|(i, _)| self.label(i)),
            "tied": self.tied(),
            "tie_difference": self.runner_up.map(|(_, d)| serde_json::json!({
                "mean": d.mean,
                "ci95_low": d.ci95_low.is_finite().then_some(d.ci95_low),
                "ci95_high": d.ci95_high.is_finite().then_some(d.ci95_high),
            })),
            "undecided": self.undecided.iter().map(|&i| self.label(i)).collect::<Vec<_>>(),
            "confirmed": self.confirmed && self.undecided.is_empty() && self.best.is_some(),
            "cheaper_points_checked": self.confirmed,
            "out_of_budget": self.out_of_budget,
        })
    }

    /// Whether the best point and the runner-up of the same cost cannot be told apart: the
    /// paired difference of their mean lead times holds 0.
    pub fn tied(&self) -> bool {
        self.runner_up
            .is_some_and(|(_, d)| !(d.ci95_low > 0.0 || d.ci95_high < 0.0))
    }

    /// A point as `pools.a=3 pools.b=2`.
    pub fn label(&self, i: usize) -> String {
        self.dims
            .iter()
            .zip(&self.points[i].sizes)
            .map(|(d, s)| format!("{}={s}", d.path))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Point `i` as its changes from point `from` (`pools.reviewer 3→2, pools.inspector
    /// 4→5`, joined by `sep`): the pools whose sizes differ.
    pub fn changes_from(&self, from: usize, i: usize, sep: &str) -> String {
        self.dims
            .iter()
            .zip(self.points[from].sizes.iter().zip(&self.points[i].sizes))
            .filter(|(_, (a, b))| a != b)
            .map(|(d, (a, b))| format!("{} {a}→{b}", d.path))
            .collect::<Vec<_>>()
            .join(sep)
    }
}

/// The 0.975 quantiles of Student's t for 0 to `r - 1` degrees of freedom (NaN for 0), for
/// the 95% bounds of up to `r` replications: [`cannot_meet`] asks for them at every look.
fn t_quantiles(r: u32) -> Vec<f64> {
    (0..r as usize)
        .map(|df| {
            if df == 0 {
                f64::NAN
            } else {
                crate::stats::t_quantile_975(df)
            }
        })
        .collect()
}

/// Whether `target` cannot be met at its 95% bound once all `t95.len()` replications (the
/// [`t_quantiles`] of their count) have run,
/// whatever those not run yet give, from `values`, those run so far (NaN where the metric
/// had no value). The rest can do no better than to add equal values (for a given sum,
/// equal values spread least): any number of them up to those left (the others without a
/// value), anywhere in the metric's range. With `k` of them at `v`, the bound on the meeting
/// side is concave in `v` (a mean, linear in `v`, less a multiple of a standard deviation,
/// convex in it), so golden-section search finds its best. A metric without an end on the
/// meeting side (a throughput that could still be any size) is never ruled out early.
fn cannot_meet(target: &Target, values: &[f64], t95: &[f64]) -> bool {
    let seen: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    let left = t95.len().saturating_sub(values.len());
    let (lo, hi) = target.bounds();
    let up = target.direction == Direction::AtLeast;
    // A target every value meets (`>=` the metric's least), or one without an end on the
    // meeting side to take the best from, is not ruled out here.
    let trivial = if up {
        target.value <= lo
    } else {
        target.value >= hi
    };
    if left == 0 || seen.is_empty() || trivial || !(if up { hi } else { lo }).is_finite() {
        return false;
    }
    // Sums about the mean of what was seen, for a stable variance.
    let n = seen.len() as f64;
    let centre = seen.iter().sum::<f64>() / n;
    let sq: f64 = seen.iter().map(|x| (x - centre) * (x - centre)).sum();
    // The bound on the meeting side of n + k values, k of them v, signed so that larger is
    // better (the lower bound for `>=`, minus the upper bound for `<=`).
    let bound = |k: usize, v: f64, t: f64| {
        let m = n + k as f64;
        let d = v - centre;
        let shift = k as f64 * d / m;
        // Squares about the new mean: about the old one, less what the shift takes out.
        let ss = sq + k as f64 * d * d - m * shift * shift;
        let hw = t * (ss.max(0.0) / (m - 1.0)).sqrt() / m.sqrt();
        let mean = centre + shift;
        if up { mean - hw } else { -(mean + hw) }
    };
    let need = if up { target.value } else { -target.value };
    let slack = 1e-9 * target.value.abs().max(1.0);
    // The best `v` lies between what was seen and the metric's end on the meeting side.
    let (min, max) = seen
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    let (a0, b0) = if up {
        (min.min(hi), hi)
    } else {
        (lo, max.max(lo))
    };
    for k in 0..=left {
        let m = seen.len() + k;
        if m < 2 {
            continue;
        }
        let t = t95[m - 1];
        let f = |v: f64| bound(k, v, t);
        let (mut a, mut b) = (a0, b0);
        let g = (5f64.sqrt() - 1.0) / 2.0;
        let (mut c, mut d) = (b - g * (b - a), a + g * (b - a));
        let (mut fc, mut fd) = (f(c), f(d));
        for _ in 0..100 {
            if fc < fd {
                (a, c, fc) = (c, d, fd);
                d = a + g * (b - a);
                fd = f(d);
            } else {
                (b, d, fd) = (d, c, fc);
                c = b - g * (b - a);
                fc = f(c);
            }
        }
        let best = [a0, b0, c, d]
            .into_iter()
            .map(f)
            .fold(f64::NEG_INFINITY, f64::max);
        if best >= need - slack {
            return false;
        }
    }
    true
}

/// The problem of pool `p`, whose work no number of staff carries (its hours never open in
/// the run).
fn never_carried(p: &crate::scenario::model::Pool, load: &PoolLoad) -> Problem {
    Problem {
        path: format!("pools.{}", p.name),
        message: format!(
            "offered load {load}: no number of staff carries it, as the pool's hours leave no time for its work in the run; check the pool's calendar"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share_at_least(value: f64) -> Target {
        crate::sweep::parse_target(&format!("x:limit_met_share>={value}")).unwrap()
    }

    /// All the ways the replications left can go, for a few of them: none does better than
    /// [`cannot_meet`] allows.
    #[test]
    fn what_cannot_meet_never_meets_whatever_the_rest_give() {
        let grid: Vec<f64> = (0..=10)
            .map(|i| f64::from(i) / 10.0)
            .chain([f64::NAN])
            .collect();
        let meets = |t: &Target, v: &[f64]| {
            let s = summarize(v).within(t.bounds());
            t.verdict(Some(s)) == Verdict::Meets
        };
        for first in [
            [0.8, 0.85, 0.9],
            [0.9, 0.95, 1.0],
            [0.7, 0.75, 0.8],
            [0.5, 0.9, 1.0],
        ] {
            for value in [0.8, 0.85, 0.9, 0.93, 0.95] {
                let t = share_at_least(value);
                let ruled_out = cannot_meet(&t, &first, &t_quantiles(6));
                // Every way of three more replications, each a value of the grid or none.
                let mut any = false;
                for a in &grid {
                    for b in &grid {
                        for c in &grid {
                            let mut v = first.to_vec();
                            v.extend([*a, *b, *c]);
                            any |= meets(&t, &v);
                        }
                    }
                }
                assert!(!(ruled_out && any), "{first:?} >= {value}");
            }
        }
        // Far below: ruled out on the first look; near: not.
        assert!(cannot_meet(
            &share_at_least(0.93),
            &[0.85, 0.82, 0.88],
            &t_quantiles(10)
        ));
        assert!(!cannot_meet(
            &share_at_least(0.93),
            &[0.92, 0.95, 0.9],
            &t_quantiles(10)
        ));
        // A time at most some value: the best the rest can give is 0.
        let t = crate::sweep::parse_target("x:lead_time<=10").unwrap();
        assert!(cannot_meet(&t, &[30.0, 32.0, 31.0], &t_quantiles(4)));
        assert!(!cannot_meet(&t, &[30.0, 32.0, 31.0], &t_quantiles(20)));
        // A throughput could still be any size: never ruled out early.
        let t = crate::sweep::parse_target("x:throughput>=10").unwrap();
        assert!(!cannot_meet(&t, &[1.0, 1.0, 1.0], &t_quantiles(4)));
        // Nothing left: the point is judged as it is.
        assert!(!cannot_meet(
            &share_at_least(0.93),
            &[0.1, 0.1],
            &t_quantiles(2)
        ));
    }
}
