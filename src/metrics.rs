//! The key performance indicators (KPIs) reported for every replication, and how each is
//! computed from a replication's raw statistics.
//!
//! The list of KPIs of a model is fixed before the run ([`catalog`]), so every replication
//! yields a vector of values in the same order; a value is NaN where a replication has no
//! observation (e.g. no case of a rare class finished).

use crate::engine::RepStats;
use crate::scenario::model::{ClassId, Model, StageKind, TimeUnit};

/// A metric name, as written in the `metric` column of the CSV files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    /// Mean lead time (arrival to exit) of counted cases.
    LeadTime,
    /// Median lead time.
    LeadTimeP50,
    /// 90th percentile of lead time.
    LeadTimeP90,
    /// 95th percentile of lead time.
    LeadTimeP95,
    /// Mean queue wait per visit of a stage.
    WaitingTime,
    /// Mean touch time per visit of a stage: hands-on working time (staffed), or elapsed
    /// time (external, hand-off).
    TouchTime,
    /// Time-average share of a pool's staff that is busy.
    Utilization,
    /// Time-average number of cases waiting for a pool.
    QueueLength,
    /// Time-average number of cases in the process.
    Wip,
    /// Departures per time unit during the observation window.
    Throughput,
    /// Mean number of rework loops per finished case.
    ReworkCount,
    /// Mean lead time in working days of the scenario calendar.
    LeadTimeWd,
    /// Mean utility-side time (the statutory clock: lead time less external stages), in
    /// working days with a calendar, else in the time unit.
    UtilityTime,
    /// Share of finished cases whose utility-side time is within the class's limit.
    LimitMetShare,
    /// Mean time per finished case spent queueing for staff (outside rework).
    TimeWaiting,
    /// Mean hands-on working time per finished case in staff work (outside rework); in a
    /// fork, of the branch the case waits for, so that the times add up to the lead time.
    TimeTouch,
    /// Mean time per finished case in which a started task is paused: its pool is closed
    /// (nights, weekends, holidays) or its member is away on other duties (availability
    /// below 1), outside rework. With `time_touch` it makes up the span of staff work.
    TimePaused,
    /// Mean time per finished case in hand-offs between departments (outside rework).
    TimeHandoff,
    /// Mean time per finished case on the customer's side: external stages (outside rework).
    TimeCustomer,
    /// Mean time per finished case in rework: from a rework decision until the case passes
    /// the stage that sent it back.
    TimeRework,
    /// Mean over finished cases of hands-on work (all staffed tasks, rework included)
    /// divided by lead time.
    FlowEfficiency,
    /// Cases that arrived in the observation window but had not finished when the run
    /// ended (three times the horizon): left out of the lead times.
    CensoredCases,
}

/// The metrics about a class's cases as a whole (no stage or pool), in report order.
pub const PROCESS_METRICS: [Metric; 18] = [
    Metric::LeadTime,
    Metric::LeadTimeP50,
    Metric::LeadTimeP90,
    Metric::LeadTimeP95,
    Metric::Throughput,
    Metric::Wip,
    Metric::ReworkCount,
    Metric::CensoredCases,
    Metric::LeadTimeWd,
    Metric::UtilityTime,
    Metric::LimitMetShare,
    Metric::FlowEfficiency,
    Metric::TimeWaiting,
    Metric::TimeTouch,
    Metric::TimePaused,
    Metric::TimeHandoff,
    Metric::TimeCustomer,
    Metric::TimeRework,
];

/// Every metric, in report order: the process-level ones, then those about a stage or pool.
pub const ALL_METRICS: [Metric; PROCESS_METRICS.len() + 4] = {
    let mut out = [Metric::WaitingTime; PROCESS_METRICS.len() + 4];
    let mut i = 0;
    while i < PROCESS_METRICS.len() {
        out[i] = PROCESS_METRICS[i];
        i += 1;
    }
    out[i] = Metric::WaitingTime;
    out[i + 1] = Metric::TouchTime;
    out[i + 2] = Metric::Utilization;
    out[i + 3] = Metric::QueueLength;
    out
};

/// The time-in-state metrics, in the order of [`crate::engine::STATES`].
pub const TIME_IN_STATE: [Metric; crate::engine::STATES.len()] = [
    Metric::TimeWaiting,
    Metric::TimeTouch,
    Metric::TimePaused,
    Metric::TimeHandoff,
    Metric::TimeCustomer,
    Metric::TimeRework,
];

impl Metric {
    /// The name used in CSV files.
    pub fn name(self) -> &'static str {
        match self {
            Metric::LeadTime => "lead_time",
            Metric::LeadTimeP50 => "lead_time_p50",
            Metric::LeadTimeP90 => "lead_time_p90",
            Metric::LeadTimeP95 => "lead_time_p95",
            Metric::WaitingTime => "waiting_time",
            Metric::TouchTime => "touch_time",
            Metric::Utilization => "utilization",
            Metric::QueueLength => "queue_length",
            Metric::Wip => "wip",
            Metric::Throughput => "throughput",
            Metric::ReworkCount => "rework_count",
            Metric::LeadTimeWd => "lead_time_wd",
            Metric::UtilityTime => "utility_time",
            Metric::LimitMetShare => "limit_met_share",
            Metric::TimeWaiting => "time_waiting",
            Metric::TimeTouch => "time_touch",
            Metric::TimePaused => "time_paused",
            Metric::FlowEfficiency => "flow_efficiency",
            Metric::CensoredCases => "censored_cases",
            Metric::TimeHandoff => "time_handoff",
            Metric::TimeCustomer => "time_customer",
            Metric::TimeRework => "time_rework",
        }
    }

    /// The values the metric can take: shares lie in [0, 1], every other metric is a time, a
    /// count or a rate and at least 0. Flow efficiency, a ratio written as a share, passes 1
    /// when a fork's branches work at once.
    pub fn bounds(self) -> (f64, f64) {
        match self {
            Metric::Utilization | Metric::LimitMetShare => (0.0, 1.0),
            _ => (0.0, f64::INFINITY),
        }
    }

    /// The unit written in the `unit` column (`calendar`: whether the scenario has one).
    pub fn unit(self, time: TimeUnit, calendar: bool) -> String {
        match self {
            Metric::LeadTimeWd => "working_day".to_string(),
            Metric::UtilityTime if calendar => "working_day".to_string(),
            Metric::UtilityTime => time.name().to_string(),
            Metric::LimitMetShare | Metric::FlowEfficiency => "share".to_string(),
            Metric::LeadTime
            | Metric::LeadTimeP50
            | Metric::LeadTimeP90
            | Metric::LeadTimeP95
            | Metric::WaitingTime
            | Metric::TouchTime
            | Metric::TimeWaiting
            | Metric::TimeTouch
            | Metric::TimePaused
            | Metric::TimeHandoff
            | Metric::TimeCustomer
            | Metric::TimeRework => time.name().to_string(),
            Metric::Utilization => "share".to_string(),
            Metric::QueueLength | Metric::Wip | Metric::CensoredCases => "cases".to_string(),
            Metric::Throughput => format!("cases_per_{}", time.name()),
            Metric::ReworkCount => "loops_per_case".to_string(),
        }
    }
}

/// What a KPI is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    /// Nothing in particular (the whole process).
    None,
    /// A stage, by index.
    Stage(u32),
    /// A pool, by index.
    Pool(u32),
    /// A group of a pool's members, by pool index and the group's place in the pool.
    Group(u32, u32),
}

/// One reported KPI: a metric for a class (or all classes) about a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Kpi {
    /// The class, or `None` for all classes together.
    pub class: Option<ClassId>,
    /// The metric.
    pub metric: Metric,
    /// The stage or pool it is about.
    pub subject: Subject,
}

impl Kpi {
    /// The class column: a class name or `all`.
    pub fn class_name<'a>(&self, model: &'a Model) -> &'a str {
        match self.class {
            Some(c) => &model.classes[c as usize].name,
            None => "all",
        }
    }

    /// The subject column: a stage or pool name, or empty.
    pub fn subject_name<'a>(&self, model: &'a Model) -> &'a str {
        match self.subject {
            Subject::None => "",
            Subject::Stage(s) => &model.stages[s as usize].name,
            Subject::Pool(p) => &model.pools[p as usize].name,
            Subject::Group(p, g) => &model.pools[p as usize].groups[g as usize].key,
        }
    }
}

/// Every KPI reported for `model`, in report order: per class (then all classes) the
/// process-level metrics and the per-stage times of stages that class can visit; then
/// per-pool utilisation and queue length.
pub fn catalog(model: &Model) -> Vec<Kpi> {
    let nc = model.classes.len();
    let visits: Vec<Vec<f64>> = (0..nc)
        .map(|c| model.expected_visits(c as ClassId))
        .collect();
    let mut out = Vec::new();
    for class in (0..nc).map(|c| Some(c as ClassId)).chain([None]) {
        for metric in PROCESS_METRICS {
            let applies = match metric {
                Metric::LeadTimeWd => model.settings.calendar.is_some(),
                Metric::UtilityTime => {
                    model.settings.calendar.is_some()
                        || model.classes.iter().any(|c| c.limit.is_some())
                }
                // Only where some staff work can pause.
                Metric::TimePaused => model
                    .pools
                    .iter()
                    .any(|p| p.calendar.is_some() || p.availability < 1.0),
                Metric::LimitMetShare => match class {
                    Some(c) => model.classes[c as usize].limit.is_some(),
                    None => model.classes.iter().any(|c| c.limit.is_some()),
                },
                _ => true,
            };
            if applies {
                out.push(Kpi {
                    class,
                    metric,
                    subject: Subject::None,
                });
            }
        }
        for (s, stage) in model.stages.iter().enumerate() {
            let visited = match class {
                Some(c) => visits[c as usize][s] > 0.0,
                None => visits.iter().any(|v| v[s] > 0.0),
            };
            if !visited {
                continue;
            }
            if matches!(stage.kind, StageKind::Staffed { .. }) {
                out.push(Kpi {
                    class,
                    metric: Metric::WaitingTime,
                    subject: Subject::Stage(s as u32),
                });
            }
            out.push(Kpi {
                class,
                metric: Metric::TouchTime,
                subject: Subject::Stage(s as u32),
            });
        }
    }
    for metric in [Metric::Utilization, Metric::QueueLength] {
        for p in 0..model.pools.len() {
            out.push(Kpi {
                class: None,
                metric,
                subject: Subject::Pool(p as u32),
            });
        }
    }
    // Pools whose members differ: utilisation per group.
    for (p, pool) in model.pools.iter().enumerate() {
        for (g, _) in pool.groups.iter().enumerate().filter(|(_, g)| g.count > 0) {
            out.push(Kpi {
                class: None,
                metric: Metric::Utilization,
                subject: Subject::Group(p as u32, g as u32),
            });
        }
    }
    out
}

fn ratio(sum: f64, n: u64) -> f64 {
    if n == 0 { f64::NAN } else { sum / n as f64 }
}

/// The value of each KPI of `kpis` in one replication.
///
/// A class none of whose cases finished has no lead time; then neither have all classes
/// together, which would be the other classes' alone (a pool too small for one class
/// would make all classes look faster).
pub fn values(kpis: &[Kpi], stats: &RepStats) -> Vec<f64> {
    let none_finished = (0..stats.classes).any(|c| stats.finished[c] == 0 && stats.censored[c] > 0);
    kpis.iter()
        .map(|k| {
            let c = k.class.map_or(stats.classes, |c| c as usize);
            let cs = |s: u32| c * stats.stages + s as usize;
            let of_finished = matches!(
                k.metric,
                Metric::LeadTime
                    | Metric::LeadTimeP50
                    | Metric::LeadTimeP90
                    | Metric::LeadTimeP95
                    | Metric::ReworkCount
                    | Metric::LeadTimeWd
                    | Metric::UtilityTime
                    | Metric::LimitMetShare
                    | Metric::FlowEfficiency
            ) || TIME_IN_STATE.contains(&k.metric);
            if k.class.is_none() && none_finished && of_finished {
                return f64::NAN;
            }
            match (k.metric, k.subject) {
                (Metric::LeadTime, _) => ratio(stats.lead_sum[c], stats.finished[c]),
                (Metric::LeadTimeP50, _) => stats.lead_hist[c].quantile(0.5),
                (Metric::LeadTimeP90, _) => stats.lead_hist[c].quantile(0.9),
                (Metric::LeadTimeP95, _) => stats.lead_hist[c].quantile(0.95),
                (Metric::Throughput, _) => stats.departures[c] as f64 / stats.window,
                (Metric::Wip, _) => stats.wip[c],
                (Metric::ReworkCount, _) => ratio(stats.rework_sum[c] as f64, stats.finished[c]),
                (Metric::LeadTimeWd, _) => ratio(stats.lead_wd_sum[c], stats.finished[c]),
                (Metric::UtilityTime, _) => ratio(stats.utility_sum[c], stats.finished[c]),
                (Metric::LimitMetShare, _) => ratio(stats.limit_met[c] as f64, stats.limit_n[c]),
                (Metric::FlowEfficiency, _) => ratio(stats.flow_sum[c], stats.finished[c]),
                (Metric::CensoredCases, _) => stats.censored[c] as f64,
                (m, _) if TIME_IN_STATE.contains(&m) => {
                    let i = TIME_IN_STATE.iter().position(|x| *x == m).unwrap_or(0);
                    ratio(stats.state_sum[c][i], stats.finished[c])
                }
                (Metric::WaitingTime, Subject::Stage(s)) => {
                    ratio(stats.wait_sum[cs(s)], stats.wait_n[cs(s)])
                }
                (Metric::TouchTime, Subject::Stage(s)) => {
                    ratio(stats.touch_sum[cs(s)], stats.touch_n[cs(s)])
                }
                (Metric::Utilization, Subject::Pool(p)) => stats.utilization[p as usize],
                (Metric::Utilization, Subject::Group(p, g)) => {
                    stats.group_utilization[stats.group_offset[p as usize] + g as usize]
                }
                (Metric::QueueLength, Subject::Pool(p)) => stats.queue_length[p as usize],
                _ => f64::NAN,
            }
        })
        .collect()
}
