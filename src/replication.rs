//! Running replications in parallel, and summarising them.
//!
//! Replication `r` draws only from streams derived from (seed, r), and results are collected
//! in replication order, so the output does not depend on the number of threads.

use rayon::prelude::*;

use crate::engine::simulate;
use crate::metrics::{Kpi, Metric, Subject, catalog, values};
use crate::scenario::Model;
use crate::stats::{Histogram, Summary, summarize};

/// The results of a set of replications of one model.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// The KPIs, in report order.
    pub kpis: Vec<Kpi>,
    /// Replication indices that were run, in order.
    pub replications: Vec<u32>,
    /// `values[i][k]`: KPI `k` in the `i`-th replication run.
    pub values: Vec<Vec<f64>>,
    /// Events processed over all replications.
    pub events: u64,
    /// Cases that arrived over all replications.
    pub arrivals: u64,
    /// Lead times of the counted finished cases of all replications, per class and then all
    /// classes together.
    pub lead_hist: Vec<Histogram>,
    /// Set when a replication stopped as unstable (a queue past its bound): why, and which.
    /// The run then starts no more replications, and its figures are meaningless.
    pub unstable: Option<String>,
    /// The latest simulated time any replication reached (see [`crate::engine::RepStats::end`]).
    pub end: f64,
}

impl RunResult {
    /// No replications yet of `model`.
    pub fn empty(model: &Model) -> RunResult {
        RunResult {
            kpis: catalog(model),
            replications: Vec::new(),
            values: Vec::new(),
            events: 0,
            arrivals: 0,
            lead_hist: Vec::new(),
            unstable: None,
            end: 0.0,
        }
    }

    /// Across-replication summary of every KPI, its interval cut to the values the metric
    /// can take.
    pub fn summaries(&self) -> Vec<Summary> {
        (0..self.kpis.len())
            .map(|k| {
                let column: Vec<f64> = self.values.iter().map(|v| v[k]).collect();
                summarize(&column).within(self.kpis[k].metric.bounds())
            })
            .collect()
    }

    /// Appends the replications of `more` (the same model, later replications).
    pub fn extend(&mut self, more: RunResult) {
        self.replications.extend(more.replications);
        self.values.extend(more.values);
        self.events += more.events;
        self.arrivals += more.arrivals;
        self.end = self.end.max(more.end);
        for (h, m) in self.lead_hist.iter_mut().zip(&more.lead_hist) {
            h.merge(m);
        }
    }

    /// The replications among `range` only, without events, cases and histograms (which
    /// are not kept by replication).
    pub fn within(&self, range: &std::ops::Range<u32>) -> RunResult {
        let keep: Vec<usize> = (0..self.replications.len())
            .filter(|&i| range.contains(&self.replications[i]))
            .collect();
        RunResult {
            kpis: self.kpis.clone(),
            replications: keep.iter().map(|&i| self.replications[i]).collect(),
            values: keep.iter().map(|&i| self.values[i].clone()).collect(),
            events: 0,
            arrivals: 0,
            lead_hist: Vec::new(),
            unstable: None,
            end: self.end,
        }
    }

    /// These replications and those of `other` (the same model, other replications),
    /// in replication order.
    pub fn merged(self, other: RunResult) -> RunResult {
        let mut rows: Vec<(u32, Vec<f64>)> = self
            .replications
            .into_iter()
            .zip(self.values)
            .chain(other.replications.into_iter().zip(other.values))
            .collect();
        rows.sort_by_key(|(r, _)| *r);
        let mut lead_hist = self.lead_hist;
        if lead_hist.is_empty() {
            lead_hist = other.lead_hist;
        } else {
            for (h, m) in lead_hist.iter_mut().zip(&other.lead_hist) {
                h.merge(m);
            }
        }
        RunResult {
            kpis: self.kpis,
            replications: rows.iter().map(|(r, _)| *r).collect(),
            values: rows.into_iter().map(|(_, v)| v).collect(),
            events: self.events + other.events,
            arrivals: self.arrivals + other.arrivals,
            lead_hist,
            unstable: self.unstable.or(other.unstable),
            end: self.end.max(other.end),
        }
    }

    /// The values of one KPI across replications.
    pub fn column(&self, kpi: &Kpi) -> Option<Vec<f64>> {
        let k = self.kpis.iter().position(|x| x == kpi)?;
        Some(self.values.iter().map(|v| v[k]).collect())
    }
}

/// The results of one variant of a scenario (`current` for the process as written).
#[derive(Debug, Clone, Copy)]
pub struct VariantResult<'a> {
    /// Variant name.
    pub name: &'a str,
    /// The model that was run.
    pub model: &'a Model,
    /// Its results.
    pub result: &'a RunResult,
}

impl VariantResult<'_> {
    /// The CSV identity columns `class, metric, subject, unit` of a KPI.
    pub fn kpi_columns(&self, kpi: &Kpi) -> [String; 4] {
        [
            kpi.class_name(self.model).to_string(),
            kpi.metric.name().to_string(),
            kpi.subject_name(self.model).to_string(),
            kpi.metric.unit(
                self.model.settings.time_unit,
                self.model.settings.calendar.is_some(),
            ),
        ]
    }
}

/// Most worker threads a run starts, whatever `--jobs` asks.
pub const MAX_JOBS: usize = 256;

/// A pool of `jobs` worker threads, made once per size and kept for the process, so that a
/// sweep of many points does not start (and allocate for) new threads at every point.
fn thread_pool(jobs: usize) -> Option<std::sync::Arc<rayon::ThreadPool>> {
    use std::sync::{Arc, Mutex, OnceLock};
    /// Pools by number of threads.
    type Pools = Mutex<Vec<(usize, Arc<rayon::ThreadPool>)>>;
    static POOLS: OnceLock<Pools> = OnceLock::new();
    let mut pools = POOLS.get_or_init(|| Mutex::new(Vec::new())).lock().ok()?;
    if let Some((_, p)) = pools.iter().find(|(n, _)| *n == jobs) {
        return Some(p.clone());
    }
    let pool = Arc::new(
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build()
            .ok()?,
    );
    pools.push((jobs, pool.clone()));
    Some(pool)
}

/// Runs replications `replications` of `model` on `jobs` threads, calling `progress` after
/// each finished replication.
pub fn run(
    model: &Model,
    replications: std::ops::Range<u32>,
    jobs: usize,
    progress: &(dyn Fn() + Sync),
) -> RunResult {
    run_until(model, replications.collect(), jobs, progress, &|| false)
}

/// `f` of each of `indices` on `jobs` threads, in their order; `None` when `stop` said so
/// before all had started (those not started are not run).
pub fn map_until<T: Send>(
    indices: &[u32],
    jobs: usize,
    stop: &(dyn Fn() -> bool + Sync),
    f: &(dyn Fn(u32) -> T + Sync),
) -> Option<Vec<T>> {
    let jobs = jobs.min(indices.len()).min(MAX_JOBS);
    let one = |&r: &u32| (!stop()).then(|| f(r));
    let out: Vec<Option<T>> = match (jobs > 1).then(|| thread_pool(jobs)).flatten() {
        Some(pool) => pool.install(|| indices.par_iter().map(one).collect()),
        None => indices.iter().map(one).collect(),
    };
    out.into_iter().collect()
}

/// A finished replication: its number, KPI values, events, arrivals and end time.
type Finished = (u32, Vec<f64>, u64, u64, f64);

/// Runs the replications `indices` (ascending) of `model` on `jobs` threads, calling
/// `progress` after each finished replication; once `stop` says so, starts no more, and
/// returns those that finished (the result lists which).
pub fn run_until(
    model: &Model,
    indices: Vec<u32>,
    jobs: usize,
    progress: &(dyn Fn() + Sync),
    stop: &(dyn Fn() -> bool + Sync),
) -> RunResult {
    let kpis = catalog(model);
    // More threads than replications (or than any machine has cores) only cost.
    let jobs = jobs.min(indices.len()).min(MAX_JOBS);
    // Counts add up in any order, so merging as replications finish stays deterministic.
    let lead_hist = std::sync::Mutex::new(vec![Histogram::default(); model.classes.len() + 1]);
    let unstable = std::sync::Mutex::new(None::<(u32, String)>);
    let seen = |u: &std::sync::Mutex<Option<(u32, String)>>| u.lock().is_ok_and(|u| u.is_some());
    let one = |r: u32| {
        if stop() || seen(&unstable) {
            return None;
        }
        let stats = simulate(model, u64::from(r));
        if let Some(why) = &stats.unstable {
            if let Ok(mut u) = unstable.lock()
                && u.as_ref().is_none_or(|(first, _)| r < *first)
            {
                *u = Some((r, why.clone()));
            }
            return None;
        }
        if let Ok(mut merged) = lead_hist.lock() {
            for (m, h) in merged.iter_mut().zip(&stats.lead_hist) {
                m.merge(h);
            }
        }
        progress();
        Some((
            r,
            values(&kpis, &stats),
            stats.events,
            stats.arrivals,
            stats.end,
        ))
    };
    let results: Vec<Option<Finished>> = if jobs <= 1 {
        indices.iter().map(|&r| one(r)).collect()
    } else {
        match thread_pool(jobs) {
            Some(pool) => pool.install(|| indices.par_iter().map(|&r| one(r)).collect()),
            None => indices.iter().map(|&r| one(r)).collect(),
        }
    };
    let results: Vec<_> = results.into_iter().flatten().collect();
    let events = results.iter().map(|r| r.2).sum();
    let arrivals = results.iter().map(|r| r.3).sum();
    let end = results.iter().map(|r| r.4).fold(0.0, f64::max);
    RunResult {
        kpis,
        replications: results.iter().map(|r| r.0).collect(),
        values: results.into_iter().map(|r| r.1).collect(),
        events,
        arrivals,
        lead_hist: lead_hist.into_inner().unwrap_or_default(),
        end,
        unstable: unstable
            .into_inner()
            .ok()
            .flatten()
            .map(|(r, why)| format!("{why} in replication {r}")),
    }
}

/// The largest relative 95% half-width of mean lead time (`lead_time` of every class and of
/// all classes) over `results`; infinite where fewer than two replications have a value.
pub fn worst_relative_half_width(results: &[RunResult]) -> f64 {
    results
        .iter()
        .flat_map(|r| {
            r.kpis
                .iter()
                .zip(r.summaries())
                .filter(|(k, _)| k.metric == Metric::LeadTime && k.subject == Subject::None)
                .map(|(_, s)| {
                    let rel = s.half_width() / s.mean.abs();
                    if rel.is_finite() { rel } else { f64::INFINITY }
                })
                .collect::<Vec<_>>()
        })
        .fold(0.0, f64::max)
}

/// The replication count to run up to next, with `--precision`: the half-width shrinks as
/// 1/sqrt(n), so aim at the count that should suffice, in whole batches, at most doubling
/// (with few replications the interval, and so the estimate, is wide), at most `max`.
/// Always beyond `n` while `n < max`, so a precision run ends, whatever the numbers (the
/// arithmetic is in 64 bits and saturates).
pub fn next_checkpoint(n: u32, batch: u32, worst: f64, target: f64, max: u32) -> u32 {
    let (n64, batch) = (u64::from(n), u64::from(batch.max(1)));
    let ratio = (worst / target).powi(2);
    let wanted = if ratio.is_finite() {
        // Saturating float-to-integer conversion.
        (n64 as f64 * ratio).ceil() as u64
    } else {
        n64 + batch
    };
    let steps = wanted.saturating_sub(n64).div_ceil(batch).max(1);
    let next = n64
        .saturating_add(batch.saturating_mul(steps))
        .min(2 * n64)
        .min(u64::from(max));
    // At least one more replication until the limit.
    next.max((n64 + 1).min(u64::from(max))) as u32
}

#[cfg(test)]
mod tests {
    use super::next_checkpoint;

    #[test]
    fn precision_checkpoints_always_advance_and_stay_within_the_limit() {
        // A tiny target asks for billions of replications: at most doubling, never wrapping.
        assert_eq!(next_checkpoint(20, 20, 0.5, 1e-6, 10_000), 40);
        assert_eq!(next_checkpoint(20, 20, 0.5, 1e-300, u32::MAX), 40);
        assert_eq!(
            next_checkpoint(u32::MAX / 2, 7, 0.5, 1e-6, u32::MAX),
            u32::MAX - 1
        );
        // Met, or nearly: still one batch more (the caller stops when met).
        assert_eq!(next_checkpoint(10, 10, 0.01, 0.02, 100), 20);
        // Never beyond the limit, and always beyond n below it.
        assert_eq!(next_checkpoint(9, 10, 0.5, 1e-6, 10), 10);
        assert_eq!(next_checkpoint(10, 10, f64::NAN, 0.01, 100), 20);
        for n in 1..50 {
            for max in n + 1..60 {
                let next = next_checkpoint(n, 4, 0.3, 1e-9, max);
                assert!(next > n && next <= max, "{n} {max} {next}");
            }
        }
    }
}
