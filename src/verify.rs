//! `expansim verify`: the simulator against queueing theory.
//!
//! Each check runs a shipped scenario from `scenarios/theory/` and compares simulated means
//! with exact results: M/M/1, M/M/c (Erlang C), M/D/1 and M/G/1 (Pollaczek–Khinchine), an open
//! Jackson network with a rework loop, a two-branch fork/join (Nelson–Tantawi), M/M/1 with
//! two non-preemptive priority classes (Cobham), Little's law, a pool that works office
//! hours only (Little's law and utilisation against open capacity), and M/M/2 with a fast and
//! a slow server taking work fastest first (its Markov chain).
//!
//! **Pass rule.** A quantity passes when the theory value lies inside the 99.9% Student-t
//! confidence interval of the simulated mean, widened by the stated resolution of the
//! quantity (0.2% for percentiles, from the lead-time histogram). With this rule a correct
//! simulator fails a given check with probability about 0.001; that interval is the one
//! printed. A check is also required to be *precise*: its 95% half-width must be within 3% of
//! the theory value (or 0.03 absolute for quantities whose theory value is 0), so a pass is
//! not just a wide interval.

use crate::metrics::{Kpi, Metric, Subject};
use crate::replication::{self, RunResult};
use crate::scenario::{self, Model};
use crate::stats::{HISTOGRAM_RELATIVE_ERROR, Summary, summarize, summarize_at};

/// Upper quantile of the two-sided 99.9% interval used by the pass rule.
pub const PASS_QUANTILE: f64 = 0.9995;
/// Largest relative 95% half-width for a check to count as precise.
pub const PRECISION: f64 = 0.03;

/// A theory scenario shipped with expansim.
#[derive(Debug, Clone, Copy)]
pub struct TheoryScenario {
    /// Short name of the check.
    pub name: &'static str,
    /// Path in the repository.
    pub file: &'static str,
    /// The file's text (embedded in the binary).
    pub text: &'static str,
}

/// A shipped theory scenario by check name and file name in `scenarios/theory/`.
macro_rules! theory {
    ($name:literal, $file:literal) => {
        TheoryScenario {
            name: $name,
            file: concat!("scenarios/theory/", $file),
            text: include_str!(concat!("../scenarios/theory/", $file)),
        }
    };
}

/// The shipped theory scenarios.
pub const SCENARIOS: &[TheoryScenario] = &[
    theory!("M/M/1 rho=0.5", "mm1_rho05.toml"),
    theory!("M/M/1 rho=0.8", "mm1_rho08.toml"),
    theory!("M/M/3 Erlang C", "mmc_erlang_c.toml"),
    theory!("M/D/1 P-K", "md1.toml"),
    theory!("M/G/1 lognormal P-K", "mg1_lognormal.toml"),
    theory!("Jackson rework", "tandem_rework.toml"),
    theory!("fork/join", "fork_join.toml"),
    theory!("M/M/1 priority", "mm1_priority.toml"),
    theory!("office hours", "calendar_pool.toml"),
    theory!("M/M/2 fast and slow", "mm2_hetero.toml"),
];

/// Probability that an arriving customer waits in an M/M/c queue (Erlang C) with offered
/// load `a` = λ/μ erlangs on `c` servers (a < c).
pub fn erlang_c(c: u32, a: f64) -> f64 {
    // Erlang B by its stable recursion, then C = B / (1 - ρ (1 - B)).
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (f64::from(k) + a * b);
    }
    let rho = a / f64::from(c);
    b / (1.0 - rho * (1.0 - b))
}

/// Mean wait in queue of M/M/c: C(c, λ/μ) / (cμ − λ).
pub fn mmc_wait(c: u32, lambda: f64, mean_service: f64) -> f64 {
    let mu = 1.0 / mean_service;
    erlang_c(c, lambda * mean_service) / (f64::from(c) * mu - lambda)
}

/// Mean wait in queue of M/G/1 by Pollaczek–Khinchine: λ E\[S²\] / (2 (1 − ρ)).
pub fn pk_wait(lambda: f64, mean: f64, second_moment: f64) -> f64 {
    lambda * second_moment / (2.0 * (1.0 - lambda * mean))
}

/// One class at a single server with non-preemptive priorities: (priority, arrival rate,
/// mean service, second moment of service).
pub type PriorityClass = (i64, f64, f64, f64);

/// Mean waits in queue of a single server serving classes by non-preemptive priority
/// (Cobham), one per class in the order given. Classes of equal priority share one FIFO
/// level. Level k (from the highest) waits W0 / ((1 − σ_{k−1})(1 − σ_k)), where
/// W0 = Σ λ_i E\[S_i²\] / 2 over all classes and σ_k is the load of levels 1..=k.
pub fn priority_waits(classes: &[PriorityClass]) -> Vec<f64> {
    let w0: f64 = classes.iter().map(|(_, l, _, m2)| l * m2).sum::<f64>() / 2.0;
    // Load of the classes whose priority passes `keep`.
    let load = |keep: &dyn Fn(i64) -> bool| -> f64 {
        classes
            .iter()
            .filter(|c| keep(c.0))
            .map(|(_, l, s, _)| l * s)
            .sum()
    };
    classes
        .iter()
        .map(|&(p, ..)| w0 / ((1.0 - load(&|q| q > p)) * (1.0 - load(&|q| q >= p))))
        .collect()
}

/// M/M/2 with servers of rates `fast` > `slow`, a waiting customer going to the fastest free
/// server, at arrival rate `lambda`: the stationary distribution of its Markov chain on
/// {empty, only the fast server busy, only the slow one busy, n ≥ 2 present}. Above two
/// present the chain is a birth-death chain of ratio r = λ / (fast + slow), so with
/// p₂ = 1 the balance of "only slow busy", the cut between one and two present, and the
/// balance of "empty" give the rest. Returns (mean wait Wq, share of time each server is
/// busy: fast, slow).
pub fn mm2_fast_slow(lambda: f64, fast: f64, slow: f64) -> (f64, f64, f64) {
    let r = lambda / (fast + slow);
    let p2 = 1.0;
    let p_slow = fast * p2 / (lambda + slow);
    let p_fast = (fast + slow) * p2 / lambda - p_slow;
    let p0 = (fast * p_fast + slow * p_slow) / lambda;
    let both = p2 / (1.0 - r);
    let total = p0 + p_fast + p_slow + both;
    let lq = p2 * r / ((1.0 - r) * (1.0 - r)) / total;
    (
        lq / lambda,
        (p_fast + both) / total,
        (p_slow + both) / total,
    )
}

/// What is compared with theory: a KPI, or a Little's-law residual L − λW per replication.
#[derive(Debug, Clone, PartialEq)]
pub enum Quantity {
    /// A reported KPI, by class name (`None` = all), metric and subject name.
    Kpi {
        /// Class name, or `None` for all classes.
        class: Option<String>,
        /// The metric.
        metric: Metric,
        /// Stage or pool name, if any.
        subject: Option<String>,
    },
    /// `L − λ·W` per replication: `l` and `w` are KPIs, `lambda` the theoretical rate.
    Little {
        /// The time-average count (queue length or WIP).
        l: Box<Quantity>,
        /// The matching mean time (waiting time or lead time).
        w: Box<Quantity>,
        /// Arrival rate into the queue or system.
        lambda: f64,
    },
}

/// One comparison of a simulated quantity with its theory value.
#[derive(Debug, Clone)]
pub struct Expectation {
    /// What is compared, for people.
    pub label: String,
    /// How to compute it from the results.
    pub quantity: Quantity,
    /// The exact value from theory.
    pub theory: f64,
    /// Extra relative tolerance from the quantity's resolution (percentiles), 0 otherwise.
    pub resolution: f64,
}

/// The outcome of one comparison.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Which check.
    pub check: &'static str,
    /// The comparison.
    pub expectation: Expectation,
    /// The simulated mean with its 95% interval.
    pub simulated: Summary,
    /// The same with the 99.9% interval of the pass rule.
    pub wide: Summary,
}

impl Outcome {
    /// The 99.9% interval widened by the quantity's resolution: the pass rule's.
    pub fn bounds(&self) -> (f64, f64) {
        let slack = self.expectation.resolution * self.expectation.theory.abs();
        (self.wide.ci95_low - slack, self.wide.ci95_high + slack)
    }

    /// Theory inside [`Outcome::bounds`].
    pub fn passed(&self) -> bool {
        let (low, high) = self.bounds();
        self.expectation.theory >= low && self.expectation.theory <= high
    }

    /// 95% half-width within [`PRECISION`] of the theory value.
    pub fn precise(&self) -> bool {
        let scale = self.expectation.theory.abs().max(1.0);
        self.simulated.half_width() <= PRECISION * scale
    }
}

fn kpi(class: Option<&str>, metric: Metric, subject: Option<&str>) -> Quantity {
    Quantity::Kpi {
        class: class.map(str::to_string),
        metric,
        subject: subject.map(str::to_string),
    }
}

fn expect(label: &str, quantity: Quantity, theory: f64) -> Expectation {
    let resolution = match &quantity {
        Quantity::Kpi {
            metric: Metric::LeadTimeP50 | Metric::LeadTimeP90 | Metric::LeadTimeP95,
            ..
        } => HISTOGRAM_RELATIVE_ERROR,
        _ => 0.0,
    };
    Expectation {
        label: label.to_string(),
        quantity,
        theory,
        resolution,
    }
}

fn little(label: &str, l: Quantity, w: Quantity, lambda: f64) -> Expectation {
    expect(
        label,
        Quantity::Little {
            l: Box::new(l),
            w: Box::new(w),
            lambda,
        },
        0.0,
    )
}

/// The theory values of a shipped theory scenario, from its model's parameters.
pub fn expectations(name: &str, model: &Model) -> Vec<Expectation> {
    let class = model
        .classes
        .first()
        .map(|c| c.arrival.rate())
        .unwrap_or(0.0);
    let lambda = class;
    let stage_mean = |s: &str| {
        model
            .stages
            .iter()
            .find(|x| x.name == s)
            .map_or(f64::NAN, |x| x.duration.dist.mean())
    };
    let lead = || kpi(None, Metric::LeadTime, None);
    let wait = |s: &str| kpi(None, Metric::WaitingTime, Some(s));
    let queue = |p: &str| kpi(None, Metric::QueueLength, Some(p));
    match name {
        "M/M/1 rho=0.5" | "M/M/1 rho=0.8" => {
            let s = stage_mean("service");
            let mu = 1.0 / s;
            let rho = lambda * s;
            vec![
                expect(
                    "mean time in system W = 1/(mu-lambda)",
                    lead(),
                    1.0 / (mu - lambda),
                ),
                expect(
                    "mean wait Wq = rho/(mu-lambda)",
                    wait("service"),
                    rho / (mu - lambda),
                ),
                expect(
                    "P90 of time in system = ln(10)/(mu-lambda)",
                    kpi(None, Metric::LeadTimeP90, None),
                    10f64.ln() / (mu - lambda),
                ),
                expect(
                    "queue length Lq = rho^2/(1-rho)",
                    queue("server"),
                    rho * rho / (1.0 - rho),
                ),
                expect(
                    "utilisation = rho",
                    kpi(None, Metric::Utilization, Some("server")),
                    rho,
                ),
                little(
                    "Little's law L - lambda W (whole system)",
                    kpi(None, Metric::Wip, None),
                    lead(),
                    lambda,
                ),
            ]
        }
        "M/M/3 Erlang C" => {
            let s = stage_mean("service");
            let wq = mmc_wait(3, lambda, s);
            vec![
                expect("mean wait Wq = C(c,a)/(c mu - lambda)", wait("service"), wq),
                expect("mean time in system W = Wq + 1/mu", lead(), wq + s),
                expect("queue length Lq = lambda Wq", queue("servers"), lambda * wq),
                little(
                    "Little's law Lq - lambda Wq (pool servers)",
                    queue("servers"),
                    wait("service"),
                    lambda,
                ),
            ]
        }
        "M/D/1 P-K" | "M/G/1 lognormal P-K" => {
            let d = &model.stages[0].duration.dist;
            let wq = pk_wait(lambda, d.mean(), d.second_moment());
            vec![
                expect(
                    "mean wait Wq = lambda E[S^2]/(2(1-rho))",
                    wait("service"),
                    wq,
                ),
                expect("mean time in system W = Wq + E[S]", lead(), wq + d.mean()),
                little(
                    "Little's law Lq - lambda Wq (pool server)",
                    queue("server"),
                    wait("service"),
                    lambda,
                ),
            ]
        }
        "Jackson rework" => {
            // Traffic equations: each node sees lambda / (1 - p) visits per hour.
            let p = match &model.stages[1].route {
                crate::scenario::model::Route::Branches(b) => b[0].p,
                _ => 0.0,
            };
            let eff = lambda / (1.0 - p);
            let (sa, sr) = (stage_mean("accept"), stage_mean("review"));
            let (ca, cr) = (model.pools[0].size, model.pools[1].size);
            let (wa, wr) = (mmc_wait(ca, eff, sa), mmc_wait(cr, eff, sr));
            let visits = 1.0 / (1.0 - p);
            vec![
                expect(
                    "wait per visit at accept (M/M/4, lambda/(1-p))",
                    wait("accept"),
                    wa,
                ),
                expect(
                    "wait per visit at review (M/M/3, lambda/(1-p))",
                    wait("review"),
                    wr,
                ),
                expect(
                    "lead time = (W_accept + W_review)/(1-p)",
                    lead(),
                    visits * (wa + sa + wr + sr),
                ),
                expect(
                    "rework loops per case = p/(1-p)",
                    kpi(None, Metric::ReworkCount, None),
                    p / (1.0 - p),
                ),
                little(
                    "Little's law Lq - lambda Wq (pool desk)",
                    queue("desk"),
                    wait("accept"),
                    eff,
                ),
                little(
                    "Little's law Lq - lambda Wq (pool review)",
                    queue("review"),
                    wait("review"),
                    eff,
                ),
                little(
                    "Little's law L - lambda W (whole process)",
                    kpi(None, Metric::Wip, None),
                    lead(),
                    lambda,
                ),
            ]
        }
        "fork/join" => {
            let mu = 1.0 / stage_mean("left");
            let rho = lambda / mu;
            vec![
                expect(
                    "mean response = (12 - rho)/8 / (mu - lambda)",
                    lead(),
                    (12.0 - rho) / 8.0 / (mu - lambda),
                ),
                expect(
                    "wait at one branch = rho/(mu-lambda)",
                    wait("left"),
                    rho / (mu - lambda),
                ),
            ]
        }
        "M/M/1 priority" => {
            let params: Vec<PriorityClass> = model
                .classes
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let d = &model.duration(i as u32, 0).dist;
                    (c.priority, c.arrival.rate(), d.mean(), d.second_moment())
                })
                .collect();
            let waits = priority_waits(&params);
            let mut out = Vec::new();
            for ((c, wq), (.., s, _)) in model.classes.iter().zip(&waits).zip(&params) {
                let name = Some(c.name.as_str());
                out.push(expect(
                    &format!(
                        "{class}: mean wait W0/((1-s_above)(1-s_with))",
                        class = c.name
                    ),
                    kpi(name, Metric::WaitingTime, Some("service")),
                    *wq,
                ));
                out.push(expect(
                    &format!("{class}: mean time in system = Wq + E[S]", class = c.name),
                    kpi(name, Metric::LeadTime, None),
                    wq + s,
                ));
            }
            let total: f64 = params.iter().map(|(_, l, ..)| l).sum();
            let weighted: f64 = params.iter().zip(&waits).map(|((_, l, ..), w)| l * w).sum();
            out.push(expect(
                "all classes: wait = sum(lambda_k Wq_k)/lambda",
                wait("service"),
                weighted / total,
            ));
            out
        }
        "office hours" => {
            // Long-run work balance: every arriving hour of work is done in open time.
            let s = stage_mean("work");
            let pool = &model.pools[0];
            let (warmup, horizon) = (model.settings.warmup, model.settings.horizon);
            let minutes = model.settings.time_unit.minutes();
            let open_share = pool.calendar.map_or(1.0, |c| {
                model.calendars[c as usize]
                    .calendar
                    .working_between(warmup * minutes, horizon * minutes)
                    / minutes
                    / (horizon - warmup)
            });
            vec![
                little(
                    "Little's law Lq - lambda Wq (with closed hours)",
                    queue("staff"),
                    wait("work"),
                    lambda,
                ),
                little(
                    "Little's law L - lambda W (whole system)",
                    kpi(None, Metric::Wip, None),
                    lead(),
                    lambda,
                ),
                expect(
                    "utilisation = lambda E[S] / (c * open share)",
                    kpi(None, Metric::Utilization, Some("staff")),
                    lambda * s / (f64::from(pool.size) * open_share),
                ),
            ]
        }
        "M/M/2 fast and slow" => {
            let s = stage_mean("service");
            let speeds: Vec<f64> = model
                .pools
                .first()
                .map(|p| p.groups.iter().map(|g| g.speed / s).collect())
                .unwrap_or_default();
            let (fast, slow) = (
                speeds.first().copied().unwrap_or(f64::NAN),
                speeds.get(1).copied().unwrap_or(f64::NAN),
            );
            let (wq, busy_fast, busy_slow) = mm2_fast_slow(lambda, fast, slow);
            vec![
                expect("mean wait Wq (Markov chain)", wait("service"), wq),
                expect(
                    "fast server busy (Markov chain)",
                    kpi(None, Metric::Utilization, Some("servers/fast")),
                    busy_fast,
                ),
                expect(
                    "slow server busy (Markov chain)",
                    kpi(None, Metric::Utilization, Some("servers/slow")),
                    busy_slow,
                ),
                little(
                    "Little's law Lq - lambda Wq (pool servers)",
                    queue("servers"),
                    wait("service"),
                    lambda,
                ),
            ]
        }
        _ => Vec::new(),
    }
}

fn column(q: &Quantity, model: &Model, result: &RunResult) -> Vec<f64> {
    match q {
        Quantity::Kpi {
            class,
            metric,
            subject,
        } => {
            let class_id = class.as_ref().and_then(|c| {
                model
                    .classes
                    .iter()
                    .position(|x| &x.name == c)
                    .map(|i| i as u32)
            });
            let find = |names: Vec<&String>, s: &String| {
                names
                    .iter()
                    .position(|n| *n == s)
                    .map_or(u32::MAX, |i| i as u32)
            };
            let subject = match (subject, metric) {
                (None, _) => Subject::None,
                (Some(s), Metric::WaitingTime | Metric::TouchTime) => {
                    Subject::Stage(find(model.stages.iter().map(|x| &x.name).collect(), s))
                }
                (Some(s), _) => {
                    let group = model.pools.iter().enumerate().find_map(|(p, pool)| {
                        let g = pool.groups.iter().position(|g| &g.key == s)?;
                        Some(Subject::Group(p as u32, g as u32))
                    });
                    group.unwrap_or_else(|| {
                        Subject::Pool(find(model.pools.iter().map(|x| &x.name).collect(), s))
                    })
                }
            };
            let k = Kpi {
                class: class_id,
                metric: *metric,
                subject,
            };
            result
                .column(&k)
                .unwrap_or_else(|| vec![f64::NAN; result.values.len()])
        }
        Quantity::Little { l, w, lambda } => {
            let (l, w) = (column(l, model, result), column(w, model, result));
            l.iter().zip(&w).map(|(l, w)| l - lambda * w).collect()
        }
    }
}

/// Runs one theory scenario on `jobs` threads and compares it with theory.
pub fn run_check(s: &TheoryScenario, jobs: usize, replications: Option<u32>) -> Vec<Outcome> {
    let sets: Vec<String> = replications
        .map(|r| vec![format!("scenario.replications={r}")])
        .unwrap_or_default();
    let loaded = match scenario::load_str(s.text, s.file, &sets) {
        Ok(l) => l,
        Err(_) => return Vec::new(),
    };
    let model = &loaded.model;
    let n = model.settings.replications;
    let result = replication::run(model, 0..n, jobs, &|| {});
    expectations(s.name, model)
        .into_iter()
        .map(|e| {
            let values = column(&e.quantity, model, &result);
            Outcome {
                check: s.name,
                simulated: summarize(&values),
                wide: summarize_at(&values, PASS_QUANTILE),
                expectation: e,
            }
        })
        .collect()
}
