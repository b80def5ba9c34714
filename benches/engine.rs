//! Engine speed, one thread:
//!
//! - `tandem5`: `scenarios/bench/tandem5.toml` (five staffed stages, rework loop) against a
//!   minimal hand-written event loop of the same model, in cases (arrivals) per second;
//! - `events`: events per second of one replication of the tandem and of the built-in county
//!   scenario (office hours, holidays, working-day hand-offs and limits, member groups), side
//!   by side: what calendars and a realistic process cost per event. `county_no_calendars`
//!   is the county with every calendar taken out (staff around the clock, arrivals Poisson at
//!   the same long-run rate, working days counted as days): the same stages, routes, draws and
//!   dispatch, so the gap between the two is what the calendars cost.
//!
//! Run with `cargo bench --bench engine`; the README's performance table quotes these figures.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use expansim::scenario::model::Arrival;
use rand::{Rng, SeedableRng};

/// Simulated hours per benchmark iteration (about 100,000 cases at 10 per hour).
const HORIZON: f64 = 10_000.0;

fn expansim_one_replication(c: &mut Criterion) {
    let sets = vec![
        format!("scenario.horizon={HORIZON}"),
        "scenario.warmup=100".to_string(),
    ];
    let loaded = expansim::scenario::load(Path::new("scenarios/bench/tandem5.toml"), &sets)
        .expect("benchmark scenario loads");
    let model = loaded.model;
    let cases = expansim::engine::simulate(&model, 0).arrivals;
    let mut g = c.benchmark_group("tandem5");
    g.throughput(Throughput::Elements(cases));
    g.sample_size(20);
    g.bench_function("expansim", |b| {
        b.iter(|| expansim::engine::simulate(&model, 0));
    });
    g.bench_function("minimal_loop", |b| {
        b.iter(|| minimal_loop(HORIZON, 1));
    });
    g.finish();
}

/// The same model written as directly as possible: a binary heap of (time, seq, event),
/// FIFO queues, exponential draws from one generator, no statistics beyond the lead-time sum.
fn minimal_loop(horizon: f64, seed: u64) -> (u64, f64) {
    const SIZES: [u32; 5] = [3, 2, 5, 2, 3];
    const MEANS: [f64; 5] = [0.25, 0.18, 0.35, 0.15, 0.28];
    let mut rng = rand::rngs::SmallRng::seed_from_u64(seed);
    let exp = |mean: f64, rng: &mut rand::rngs::SmallRng| -> f64 {
        mean * rng.sample::<f64, _>(rand_distr::Exp1)
    };
    // Event: (time bits, seq, kind) with kind = 0 for arrival, else 1 + case index.
    let mut heap: BinaryHeap<Reverse<(u64, u64, u32)>> = BinaryHeap::with_capacity(256);
    let mut seq = 0u64;
    let mut free = SIZES;
    let mut queues: [VecDeque<u32>; 5] = Default::default();
    let mut stage_of: Vec<u8> = Vec::with_capacity(1024);
    let mut arrived_at: Vec<f64> = Vec::with_capacity(1024);
    let mut free_slots: Vec<u32> = Vec::with_capacity(1024);
    let (mut done, mut lead) = (0u64, 0.0);
    let t0 = exp(0.1, &mut rng);
    heap.push(Reverse((t0.to_bits(), seq, 0)));
    while let Some(Reverse((tb, _, kind))) = heap.pop() {
        let now = f64::from_bits(tb);
        if now > horizon {
            break;
        }
        let (case, stage) = if kind == 0 {
            let next = now + exp(0.1, &mut rng);
            seq += 1;
            heap.push(Reverse((next.to_bits(), seq, 0)));
            let slot = match free_slots.pop() {
                Some(s) => {
                    arrived_at[s as usize] = now;
                    s
                }
                None => {
                    arrived_at.push(now);
                    stage_of.push(0);
                    (arrived_at.len() - 1) as u32
                }
            };
            (slot, 0usize)
        } else {
            let case = kind - 1;
            let s = stage_of[case as usize] as usize;
            if let Some(next) = queues[s].pop_front() {
                seq += 1;
                let t = now + exp(MEANS[s], &mut rng);
                heap.push(Reverse((t.to_bits(), seq, next + 1)));
            } else {
                free[s] += 1;
            }
            let to = match s {
                3 if rng.random::<f64>() < 0.2 => 2,
                4 => {
                    done += 1;
                    lead += now - arrived_at[case as usize];
                    free_slots.push(case);
                    continue;
                }
                _ => s + 1,
            };
            (case, to)
        };
        stage_of[case as usize] = stage as u8;
        if free[stage] > 0 {
            free[stage] -= 1;
            seq += 1;
            let t = now + exp(MEANS[stage], &mut rng);
            heap.push(Reverse((t.to_bits(), seq, case + 1)));
        } else {
            queues[stage].push_back(case);
        }
    }
    (done, lead)
}

fn events_per_second(c: &mut Criterion) {
    let sets = [
        format!("scenario.horizon={HORIZON}"),
        "scenario.warmup=100".to_string(),
    ];
    let tandem = expansim::scenario::load(Path::new("scenarios/bench/tandem5.toml"), &sets)
        .expect("benchmark scenario loads")
        .model;
    let county = expansim::study::Study::load(expansim::study::Source::County, &[])
        .expect("the county loads")
        .variants
        .swap_remove(0)
        .model;
    let mut free = county.clone();
    free.settings.calendar = None;
    for pool in &mut free.pools {
        pool.calendar = None;
    }
    for class in &mut free.classes {
        if let Arrival::Varying(v) = &class.arrival {
            class.arrival = Arrival::Poisson { rate: v.mean_rate };
        }
    }
    let mut g = c.benchmark_group("events");
    g.sample_size(20);
    for (name, model) in [
        ("tandem5", &tandem),
        ("county", &county),
        ("county_no_calendars", &free),
    ] {
        g.throughput(Throughput::Elements(
            expansim::engine::simulate(model, 0).events,
        ));
        g.bench_function(name, |b| b.iter(|| expansim::engine::simulate(model, 0)));
    }
    g.finish();
}

criterion_group!(benches, expansim_one_replication, events_per_second);
criterion_main!(benches);
