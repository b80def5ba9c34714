//! One replication of a model: the event loop.
//!
//! State lives in flat vectors indexed by class, stage, pool, case slot and token slot;
//! cases and tokens are recycled through free lists, so the steady state allocates nothing.
//! A *token* is one place a case is at: a case has one token, except inside a fork, where
//! each parallel branch has its own.

use std::collections::VecDeque;

use rand::Rng;

use super::event_queue::EventQueue;
use super::rng::{DrawRng, Purpose, Streams, purpose_key};
use crate::scenario::model::{Arrival, Model, Route, StageKind, Target};
use crate::stats::Histogram;

#[derive(Debug, Clone, Copy)]
enum Event {
    Arrival(u32),
    Done(u32),
}

#[derive(Debug, Clone, Copy, Default)]
struct Case {
    class: u32,
    arrival: f64,
    key: u64,
    rework: u32,
    open_branches: u32,
    counted: bool,
    live: bool,
}

#[derive(Debug, Clone, Copy, Default)]
struct Token {
    case: u32,
    stage: u32,
    visit: u32,
    entered: f64,
}

/// Time-weighted statistics are kept as areas: each busy period, wait or stay adds its
/// overlap with the observation window once, when it ends (or at the horizon), which equals
/// integrating the step function but costs one addition instead of an update per change.
#[derive(Debug, Clone, Default)]
struct PoolState {
    free: u32,
    queue: VecDeque<u32>,
    busy_area: f64,
    wait_area: f64,
}

/// Per-stage constants the hot loop needs, copied out of the model.
#[derive(Debug, Clone, Copy)]
struct StageInfo {
    pool: Option<u32>,
    duration_key: u64,
    route_key: u64,
    /// The join that ends this stage's parallel branch, if it is inside one.
    branch_join: Option<Target>,
}

/// Raw results of one replication. Index `class` runs over the model's classes and then
/// one more for all classes together.
#[derive(Debug, Clone)]
pub struct RepStats {
    /// Number of classes in the model (the "all" index equals this).
    pub classes: usize,
    /// Number of stages.
    pub stages: usize,
    /// Length of the observation window (horizon − warm-up).
    pub window: f64,
    /// Sum of lead times of counted cases that finished, per class.
    pub lead_sum: Vec<f64>,
    /// Number of counted cases that finished, per class.
    pub finished: Vec<u64>,
    /// Lead-time histograms of counted finished cases, per class.
    pub lead_hist: Vec<Histogram>,
    /// Total rework count of counted finished cases, per class.
    pub rework_sum: Vec<u64>,
    /// Departures (of any case) during the window, per class.
    pub departures: Vec<u64>,
    /// Sum and count of queue waits per (class, stage) at `class * stages + stage`.
    pub wait_sum: Vec<f64>,
    /// Number of waits recorded per (class, stage).
    pub wait_n: Vec<u64>,
    /// Sum of touch (or elapsed external) times per (class, stage).
    pub touch_sum: Vec<f64>,
    /// Number of touch times recorded per (class, stage).
    pub touch_n: Vec<u64>,
    /// Time-average number of cases in the process, per class.
    pub wip: Vec<f64>,
    /// Time-average share of busy staff, per pool.
    pub utilization: Vec<f64>,
    /// Time-average number of waiting tokens, per pool.
    pub queue_length: Vec<f64>,
    /// Events processed.
    pub events: u64,
    /// Cases that arrived.
    pub arrivals: u64,
}

struct Sim<'m> {
    model: &'m Model,
    info: Vec<StageInfo>,
    streams: Streams,
    queue: EventQueue<Event>,
    now: f64,
    warmup: f64,
    horizon: f64,
    cases: Vec<Case>,
    free_cases: Vec<u32>,
    tokens: Vec<Token>,
    free_tokens: Vec<u32>,
    /// Visits per (case slot, stage), for keying draws by visit number.
    visits: Vec<u32>,
    pools: Vec<PoolState>,
    arrival_rngs: Vec<DrawRng>,
    next_case: u64,
    wip_area: Vec<f64>,
    stats: RepStats,
}

/// Simulates replication `replication` of `model`.
pub fn simulate(model: &Model, replication: u64) -> RepStats {
    let mut sim = Sim::new(model, replication);
    sim.run();
    sim.finish()
}

impl<'m> Sim<'m> {
    fn new(model: &'m Model, replication: u64) -> Self {
        let s = &model.settings;
        let streams = Streams::new(s.seed, replication);
        let info = model
            .stages
            .iter()
            .map(|st| StageInfo {
                pool: match st.kind {
                    StageKind::Staffed { pool } => Some(pool),
                    StageKind::External => None,
                },
                duration_key: purpose_key(st.key, Purpose::Duration),
                route_key: purpose_key(st.key, Purpose::Route),
                branch_join: st
                    .branch_of
                    .and_then(|f| match &model.stages[f as usize].route {
                        Route::Fork { join, .. } => Some(*join),
                        _ => None,
                    }),
            })
            .collect();
        let nc = model.classes.len();
        let ns = model.stages.len();
        let np = model.pools.len();
        let stats = RepStats {
            classes: nc,
            stages: ns,
            window: s.horizon - s.warmup,
            lead_sum: vec![0.0; nc + 1],
            finished: vec![0; nc + 1],
            lead_hist: vec![Histogram::default(); nc + 1],
            rework_sum: vec![0; nc + 1],
            departures: vec![0; nc + 1],
            wait_sum: vec![0.0; (nc + 1) * ns],
            wait_n: vec![0; (nc + 1) * ns],
            touch_sum: vec![0.0; (nc + 1) * ns],
            touch_n: vec![0; (nc + 1) * ns],
            wip: vec![0.0; nc + 1],
            utilization: vec![0.0; np],
            queue_length: vec![0.0; np],
            events: 0,
            arrivals: 0,
        };
        Sim {
            model,
            info,
            streams,
            queue: EventQueue::default(),
            now: 0.0,
            warmup: s.warmup,
            horizon: s.horizon,
            cases: Vec::with_capacity(1024),
            free_cases: Vec::with_capacity(1024),
            tokens: Vec::with_capacity(1024),
            free_tokens: Vec::with_capacity(1024),
            visits: Vec::with_capacity(1024 * ns),
            pools: model
                .pools
                .iter()
                .map(|p| PoolState {
                    free: p.size,
                    queue: VecDeque::with_capacity(256),
                    ..PoolState::default()
                })
                .collect(),
            arrival_rngs: (0..nc).map(|c| streams.arrivals(c as u64)).collect(),
            next_case: 0,
            wip_area: vec![0.0; nc],
            stats,
        }
    }

    fn interarrival(&mut self, class: usize) -> f64 {
        let rng = &mut self.arrival_rngs[class];
        match &self.model.classes[class].arrival {
            Arrival::Poisson { rate } => rng.sample::<f64, _>(rand_distr::Exp1) / rate,
            Arrival::Renewal(d) => d.sample(rng),
        }
    }

    fn run(&mut self) {
        for c in 0..self.model.classes.len() {
            let t = self.interarrival(c);
            if t <= self.horizon {
                self.queue.push(t, Event::Arrival(c as u32));
            }
        }
        while let Some((t, event)) = self.queue.pop() {
            if t > self.horizon {
                break;
            }
            self.now = t;
            self.stats.events += 1;
            match event {
                Event::Arrival(c) => self.arrival(c),
                Event::Done(tok) => self.done(tok),
            }
        }
        self.now = self.horizon;
    }

    /// Length of [a, b] inside the observation window [warm-up, horizon].
    #[inline]
    fn in_window(&self, a: f64, b: f64) -> f64 {
        (b.min(self.horizon) - a.max(self.warmup)).max(0.0)
    }

    fn arrival(&mut self, class: u32) {
        let now = self.now;
        let c = class as usize;
        let case_no = self.next_case;
        self.next_case += 1;
        self.stats.arrivals += 1;
        let case = Case {
            class,
            arrival: now,
            key: self.streams.case_key(case_no),
            rework: 0,
            open_branches: 0,
            counted: now >= self.warmup,
            live: true,
        };
        let slot = match self.free_cases.pop() {
            Some(s) => {
                self.cases[s as usize] = case;
                let ns = self.info.len();
                self.visits[s as usize * ns..(s as usize + 1) * ns].fill(0);
                s
            }
            None => {
                self.cases.push(case);
                self.visits.resize(self.visits.len() + self.info.len(), 0);
                (self.cases.len() - 1) as u32
            }
        };
        let token = self.new_token(slot);
        self.enter(token, self.model.classes[c].start);
        let next = now + self.interarrival(c);
        if next <= self.horizon {
            self.queue.push(next, Event::Arrival(class));
        }
    }

    fn new_token(&mut self, case: u32) -> u32 {
        let t = Token {
            case,
            ..Token::default()
        };
        match self.free_tokens.pop() {
            Some(i) => {
                self.tokens[i as usize] = t;
                i
            }
            None => {
                self.tokens.push(t);
                (self.tokens.len() - 1) as u32
            }
        }
    }

    /// The token arrives at stage `stage`.
    fn enter(&mut self, token: u32, stage: u32) {
        let ns = self.info.len();
        let tk = &mut self.tokens[token as usize];
        let v = &mut self.visits[tk.case as usize * ns + stage as usize];
        tk.stage = stage;
        tk.visit = *v;
        tk.entered = self.now;
        *v += 1;
        match self.info[stage as usize].pool {
            Some(p) => {
                let pool = &mut self.pools[p as usize];
                if pool.free > 0 {
                    pool.free -= 1;
                    self.start_work(token);
                } else {
                    pool.queue.push_back(token);
                }
            }
            None => self.start_work(token),
        }
    }

    /// Work (or external elapsed time) starts now for the token.
    fn start_work(&mut self, token: u32) {
        let tk = self.tokens[token as usize];
        let case = self.cases[tk.case as usize];
        let s = tk.stage as usize;
        let info = self.info[s];
        let mut rng = DrawRng::for_draw(case.key, info.duration_key, tk.visit);
        let d = self.model.stages[s].duration.sample(&mut rng);
        let end = self.now + d;
        if let Some(p) = info.pool {
            let busy = self.in_window(self.now, end);
            let waited = self.in_window(tk.entered, self.now);
            let pool = &mut self.pools[p as usize];
            pool.busy_area += busy;
            pool.wait_area += waited;
        }
        if case.counted {
            // Per class only; the all-classes totals are sums, formed once in `finish`.
            let i = case.class as usize * self.info.len() + s;
            if info.pool.is_some() {
                self.stats.wait_sum[i] += self.now - tk.entered;
                self.stats.wait_n[i] += 1;
            }
            self.stats.touch_sum[i] += d;
            self.stats.touch_n[i] += 1;
        }
        self.queue.push(end, Event::Done(token));
    }

    fn done(&mut self, token: u32) {
        let tk = self.tokens[token as usize];
        let s = tk.stage as usize;
        let info = self.info[s];
        if let Some(p) = info.pool {
            let pool = &mut self.pools[p as usize];
            match pool.queue.pop_front() {
                Some(next) => self.start_work(next),
                None => pool.free += 1,
            }
        }
        let (target, rework) = match &self.model.stages[s].route {
            Route::Next { to, rework } => (*to, *rework),
            Route::Branches(branches) => {
                let key = self.cases[tk.case as usize].key;
                let u: f64 = DrawRng::for_draw(key, info.route_key, tk.visit).random();
                let b = branches
                    .iter()
                    .find(|b| u < b.cumulative)
                    .unwrap_or(&branches[branches.len() - 1]);
                (b.to, b.rework)
            }
            Route::Fork { branches, .. } => {
                self.cases[tk.case as usize].open_branches = branches.len() as u32;
                for (i, &b) in branches.iter().enumerate() {
                    let t = if i == 0 {
                        token
                    } else {
                        self.new_token(tk.case)
                    };
                    self.enter(t, b);
                }
                return;
            }
        };
        if rework {
            self.cases[tk.case as usize].rework += 1;
        }
        if let Some(join) = info.branch_join {
            if target == join {
                let case = &mut self.cases[tk.case as usize];
                case.open_branches -= 1;
                if case.open_branches > 0 {
                    self.free_tokens.push(token);
                    return;
                }
            }
        }
        match target {
            Target::Stage(next) => self.enter(token, next),
            Target::End => self.depart(token),
        }
    }

    fn depart(&mut self, token: u32) {
        let case_slot = self.tokens[token as usize].case;
        self.free_tokens.push(token);
        self.free_cases.push(case_slot);
        self.cases[case_slot as usize].live = false;
        let case = self.cases[case_slot as usize];
        let now = self.now;
        let c = case.class as usize;
        self.wip_area[c] += self.in_window(case.arrival, now);
        if now >= self.warmup {
            self.stats.departures[c] += 1;
        }
        if case.counted {
            let lead = now - case.arrival;
            self.stats.lead_sum[c] += lead;
            self.stats.finished[c] += 1;
            self.stats.lead_hist[c].add(lead);
            self.stats.rework_sum[c] += u64::from(case.rework);
        }
    }

    fn finish(mut self) -> RepStats {
        // Stays and waits still open at the end count up to the horizon.
        for case in self.cases.iter().filter(|c| c.live) {
            self.wip_area[case.class as usize] +=
                (self.horizon - case.arrival.max(self.warmup)).max(0.0);
        }
        for pool in &mut self.pools {
            for &tok in &pool.queue {
                let entered = self.tokens[tok as usize].entered;
                pool.wait_area += (self.horizon - entered.max(self.warmup)).max(0.0);
            }
        }
        let window = self.horizon - self.warmup;
        let st = &mut self.stats;
        let all = st.classes;
        for (i, area) in self.wip_area.iter().enumerate() {
            st.wip[i] = area / window;
        }
        // The all-classes column is the sum of the class columns.
        st.wip[all] = st.wip[..all].iter().sum();
        st.lead_sum[all] = st.lead_sum[..all].iter().sum();
        for v in [&mut st.finished, &mut st.rework_sum, &mut st.departures] {
            v[all] = v[..all].iter().sum();
        }
        let (classes, merged) = st.lead_hist.split_at_mut(all);
        for h in classes.iter() {
            merged[0].merge(h);
        }
        let ns = st.stages;
        for s in 0..ns {
            let total = |v: &[f64]| (0..all).map(|c| v[c * ns + s]).sum::<f64>();
            let count = |v: &[u64]| (0..all).map(|c| v[c * ns + s]).sum::<u64>();
            st.wait_sum[all * ns + s] = total(&st.wait_sum);
            st.touch_sum[all * ns + s] = total(&st.touch_sum);
            st.wait_n[all * ns + s] = count(&st.wait_n);
            st.touch_n[all * ns + s] = count(&st.touch_n);
        }
        for (i, p) in self.pools.iter().enumerate() {
            let size = f64::from(self.model.pools[i].size);
            self.stats.utilization[i] = p.busy_area / (size * window);
            self.stats.queue_length[i] = p.wait_area / window;
        }
        self.stats
    }
}
