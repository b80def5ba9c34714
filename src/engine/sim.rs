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
use crate::calendar::{Calendar, Cursor};
use crate::dist::unit_exponential;
use crate::i18n::Lang;
use crate::scenario::model::{
    Arrival, Branch, Dispatch, Duration, Learning, Model, Pool, Route, StageKind, Target,
};
use crate::stats::Histogram;

/// Events are `u32`s in the queue: a token's id when its work is done,
/// `ARRIVAL - class` for the next arrival of a class, or `ARRIVAL - classes - pool` when a
/// pool with office hours opens and has staff free for work that waits.
const ARRIVAL: u32 = u32::MAX;

/// Minutes by which "now" is moved forward before asking a calendar whether it is open, so
/// that a time a rounding error short of a closing (a task that ended exactly at closing,
/// converted between units) counts as closed, and one a rounding error short of an opening
/// counts as open. Calendars are whole minutes, so this changes nothing else.
const OPEN_TOLERANCE: f64 = 1e-6;

pub use crate::scenario::model::DRAIN_FACTOR;

/// Where a finished case's time went: the categories of [`RepStats::state_sum`].
///
/// `touch` is hands-on working time; `paused` is the rest of the span of staff work, when
/// the task waits for its pool to open again (nights, weekends, holidays) or for its
/// member's time away from this process (availability below 1).
pub const STATES: [&str; 6] = [
    "waiting", "touch", "paused", "handoff", "customer", "rework",
];
const WAITING: usize = 0;
const TOUCH: usize = 1;
const PAUSED: usize = 2;
const HANDOFF: usize = 3;
const CUSTOMER: usize = 4;
const REWORK: usize = 5;
/// A case's running tallies: the categories of [`STATES`], then its hands-on work in all
/// staffed tasks (rework included), for flow efficiency.
const TALLIES: usize = STATES.len() + 1;
const HANDS_ON: usize = STATES.len();

/// No stage (a token not in rework).
const NO_STAGE: u32 = u32::MAX;
/// No pool (a stage that is not staffed).
const NO_POOL: u32 = u32::MAX;
/// No event slot.
const NO_SLOT: u32 = u32::MAX;
/// No member group (work not done by a member of a pool with groups).
const NO_GROUP: u32 = u32::MAX;

/// Most cases waiting at one pool before a replication stops as unstable: far beyond any
/// office's backlog, and a few hundred MB of memory at most.
pub const MAX_QUEUE: usize = 1_000_000;

/// Most cases in the process at once (waiting, in work or with the customer) before a
/// replication stops as unstable: thousands of times the county's few hundred, about
/// 400 MB for each replication running at once, and beyond [`MAX_QUEUE`], so that a queue
/// that grows without end is named by its pool.
pub const MAX_CASES: usize = 1_500_000;

#[derive(Debug, Clone, Copy, Default)]
struct Case {
    /// Case number in arrival order (the key of its random draws).
    number: u64,
    class: u32,
    arrival: f64,
    key: u64,
    rework: u32,
    open_branches: u32,
    counted: bool,
    live: bool,
    /// Customer-side (external) time so far, in time units and in working days.
    external: f64,
    external_wd: f64,
    /// Time so far per category of [`STATES`], then hands-on work ([`TALLIES`]).
    times: [f64; TALLIES],
}

#[derive(Debug, Clone, Copy, Default)]
struct Token {
    case: u32,
    /// The case's class, key and whether it is counted (copied so that starting work needs
    /// nothing from the case).
    class: u32,
    key: u64,
    counted: bool,
    stage: u32,
    visit: u32,
    entered: f64,
    /// The duration drawn for this visit when the token entered the stage (so a token that
    /// queues has it ready when its turn comes).
    draw: f64,
    /// When work (or the hand-off, after its collection) started.
    start: f64,
    /// The event slot of the work in progress (a member of staff's, or the token's own in a
    /// stage without staff).
    slot: u32,
    /// The stage that sent this token into rework, until the token passes it again
    /// ([`NO_STAGE`] when not in rework).
    rework_from: u32,
    /// The member group (global index) whose member does this visit's work, or
    /// [`NO_GROUP`].
    group: u32,
}

/// A layer of the candidate arrivals of one day of a class whose rate varies by day: the
/// points of heights [`Layer::low`, `low + height`), at the class's rate per unit of height.
#[derive(Debug, Clone)]
struct Layer {
    low: f64,
    height: f64,
    rng: DrawRng,
    /// Its next candidate's time (infinite when the day has no more) and height.
    next: f64,
    y: f64,
    /// Candidates drawn so far.
    drawn: u32,
}

impl Layer {
    /// The layers whose heights reach below `m`: [0, 1), [1, 2), [2, 4), …, streams from
    /// `stream` by layer.
    fn up_to(m: f64, stream: impl Fn(u32) -> DrawRng) -> Vec<Layer> {
        let mut layers = Vec::new();
        let mut low = 0.0;
        while low < m {
            let k = layers.len() as u32;
            let height = if low < 1.0 { 1.0 } else { low };
            layers.push(Layer {
                low,
                height,
                rng: stream(k),
                next: f64::INFINITY,
                y: 0.0,
                drawn: 0,
            });
            low += height;
        }
        layers
    }
}

/// Time-weighted statistics are kept as areas: each busy period, wait or stay adds its
/// overlap with the observation window once, when it ends (or at the horizon), which equals
/// integrating the step function but costs one addition instead of an update per change.
#[derive(Debug, Clone, Default)]
struct PoolState {
    /// The event slots of the staff without work.
    idle: Vec<u32>,
    /// The FIFO queue of the highest priority level (held here, one load nearer).
    first: VecDeque<u32>,
    /// The FIFO queues of the lower priority levels, in order.
    lower: Vec<VecDeque<u32>>,
    /// With office hours: the event slot of the pool's next opening, and whether an opening
    /// is scheduled there (it is while the pool is closed with both staff free and work
    /// waiting, the one state in which a free member and a waiting case coexist).
    opening_slot: u32,
    opening: bool,
    busy_area: f64,
    wait_area: f64,
    /// Which free member takes work matters (member groups, or members of other pools who
    /// also take this pool's work): [`Sim::pick`] chooses, by this rule.
    choose: Option<Dispatch>,
    /// Some of its members keep their own timetable (a roster, days of absence).
    roster: bool,
}

impl PoolState {
    #[inline]
    fn pop(&mut self) -> Option<u32> {
        match self.first.pop_front() {
            Some(t) => Some(t),
            None => self.lower.iter_mut().find_map(VecDeque::pop_front),
        }
    }

    #[inline]
    fn push(&mut self, level: u32, token: u32) {
        match level.checked_sub(1) {
            None => self.first.push_back(token),
            Some(l) => self.lower[l as usize].push_back(token),
        }
    }

    /// Waiting tokens, highest priority first.
    fn waiting(&self) -> impl Iterator<Item = u32> + '_ {
        self.first
            .iter()
            .chain(self.lower.iter().flatten())
            .copied()
    }

    fn queue_length(&self) -> usize {
        self.first.len() + self.lower.iter().map(VecDeque::len).sum::<usize>()
    }
}

/// Per (class, stage) constants the hot loop needs, taken out of the model, at
/// `class * stages + stage`.
#[derive(Debug, Clone, Copy)]
struct Step<'m> {
    duration: &'m Duration,
    route: &'m Route,
    /// Queue (priority level) of the class at the stage's pool.
    level: u32,
    /// The stage's pool, or [`NO_POOL`].
    pool: u32,
    /// Staffed by a pool that is always open and fully available, of members alike: work
    /// ends exactly its duration after it starts.
    plain: bool,
    /// Staffed by a pool with office hours: work starts only while it is open.
    shifts: bool,
    handoff: bool,
    external: bool,
    duration_key: u64,
    route_key: u64,
    /// The join that ends this stage's parallel branch, if it is inside one.
    branch_join: Option<Target>,
    /// The route's target and rework flag when it is [`Route::Next`], read without
    /// decoding the route.
    next: Option<(Target, bool)>,
}

/// Per-visit sums of one (class, stage), kept together so that a visit touches one record;
/// copied into [`RepStats`] at the end.
#[derive(Debug, Clone, Copy, Default)]
struct VisitSums {
    wait: f64,
    waits: u64,
    touch: f64,
    visits: u64,
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
    /// Sum of utility-side (statutory clock) time of counted finished cases, per class: in
    /// working days with a scenario calendar, else in the time unit.
    pub utility_sum: Vec<f64>,
    /// Sum of lead times in working days (zero without a calendar), per class.
    pub lead_wd_sum: Vec<f64>,
    /// Counted finished cases of classes with a limit, per class.
    pub limit_n: Vec<u64>,
    /// Of those, cases within the limit.
    pub limit_met: Vec<u64>,
    /// Total time of counted finished cases per category of [`STATES`], per class.
    pub state_sum: Vec<[f64; STATES.len()]>,
    /// Sum over counted finished cases of hands-on work divided by lead time, per class.
    pub flow_sum: Vec<f64>,
    /// Events processed.
    pub events: u64,
    /// Cases that arrived.
    pub arrivals: u64,
    /// Counted cases still in the process when the run ended (at `DRAIN_FACTOR × horizon`),
    /// per class: left out of lead times, which they would lengthen.
    pub censored: Vec<u64>,
    /// Why the replication stopped early: a queue or the number of cases in the process
    /// passed its bound (`MAX_QUEUE`, `MAX_CASES`); its other figures are then
    /// meaningless.
    pub unstable: Option<String>,
    /// Simulated time of the last event handled (the horizon, or later while counted cases
    /// finish): the latest date the replication's calendars were asked about.
    pub end: f64,
    /// Utilisation of each member group (pools' groups in order).
    pub group_utilization: Vec<f64>,
    /// Per pool, the index of its first group in `group_utilization`.
    pub group_offset: Vec<usize>,
}

/// One activity instance (a visit of a stage) of a traced case, in the time unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Activity {
    /// Case number in arrival order within the replication.
    pub case: u64,
    /// Class index.
    pub class: u32,
    /// Stage index.
    pub stage: u32,
    /// When the case reached the stage.
    pub enabled: f64,
    /// When work began (after queueing, or a hand-off's collection).
    pub start: f64,
    /// When it finished.
    pub end: f64,
    /// Who did the work: the member of staff, numbered over all pools' members in pool order
    /// (see [`Model::member_name`]), or `None` for work without staff.
    pub member: Option<u32>,
}

/// One counted case that finished.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRecord {
    /// Case number in arrival order within the replication.
    pub case: u64,
    /// Class index.
    pub class: u32,
    /// Arrival time.
    pub arrival: f64,
    /// Exit time.
    pub end: f64,
    /// Lead time in working days of the scenario calendar (0 without one).
    pub lead_wd: f64,
    /// Utility-side time: working days with a calendar, else time units.
    pub utility: f64,
    /// Whether the utility-side time is within the class's limit (`None`: no limit).
    pub limit_met: Option<bool>,
    /// Rework loops.
    pub rework: u32,
    /// Per stage, summed over the case's visits.
    pub stage_times: Vec<StageTimes>,
}

/// One case's time at one stage, summed over its visits.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StageTimes {
    /// Visits made (0: the case did not pass the stage).
    pub visits: u32,
    /// From reaching the stage to the start of work (or of a hand-off, at its collection).
    pub waiting: f64,
    /// Hands-on working time (staffed), or elapsed time (external, hand-off).
    pub touch: f64,
    /// Started staff work paused while the pool was closed or its member away.
    pub paused: f64,
}

/// Everything about one replication that per-case outputs need: every activity instance and
/// every finished case (of the counted cases), and each pool's queue length whenever it
/// changed during a span after the warm-up.
#[derive(Debug, Clone, Default)]
pub struct Trace {
    /// Activity instances, in the order their work was scheduled (not sorted by time).
    pub activities: Vec<Activity>,
    /// Finished counted cases, in order of exit.
    pub cases: Vec<CaseRecord>,
    /// Per pool: (time, queue length) at each change in [warm-up, warm-up + span], starting
    /// with the length at the warm-up.
    pub queues: Vec<Vec<(f64, u32)>>,
    /// End of the queue-length span.
    pub span_end: f64,
    /// Record only the first this many counted cases (`None`: all).
    limit: Option<u64>,
    /// Number of the first counted case (cases are numbered in arrival order).
    first_counted: Option<u64>,
    /// Whether the queue lengths at the warm-up have been taken.
    queues_started: bool,
    /// Also the activities, ending after the warm-up, of the cases that arrived before it.
    in_flight: bool,
    /// Per case slot: stage times of the case in it, at `slot * stages + stage`.
    slot_times: Vec<StageTimes>,
}

struct Sim<'m> {
    model: &'m Model,
    /// Minutes per time unit.
    minutes: f64,
    /// The scenario calendar, and a cursor on it.
    calendar: Option<&'m Calendar>,
    calendar_cursor: Cursor,
    /// Per pool, its office hours and a cursor on them.
    pool_calendars: Vec<Option<&'m Calendar>>,
    pool_cursors: Vec<Cursor>,
    /// Counted cases still in the process.
    outstanding: u64,
    steps: Vec<Step<'m>>,
    /// Number of stages.
    stages: usize,
    streams: Streams,
    queue: EventQueue,
    now: f64,
    warmup: f64,
    horizon: f64,
    cases: Vec<Case>,
    free_cases: Vec<u32>,
    tokens: Vec<Token>,
    /// Per token slot, inside a parallel branch: the branch's time per category of
    /// [`STATES`]. The branch that reaches the join last is the one the case waited for;
    /// its times become the case's.
    branch_times: Vec<[f64; TALLIES]>,
    free_tokens: Vec<u32>,
    /// Event slots: one per class (its arrivals), one per member of staff, one per pool with
    /// office hours (its openings), then one for each token in a stage without staff,
    /// recycled through `free_slots`.
    free_slots: Vec<u32>,
    /// The first slot not handed out yet.
    next_slot: u32,
    /// The slot of work without staff that just ended, while the token moves on (else
    /// [`NO_SLOT`]).
    spare_slot: u32,
    /// Visits per (case slot, stage), for keying draws by visit number.
    visits: Vec<u32>,
    pools: Vec<PoolState>,
    arrival_rngs: Vec<DrawRng>,
    /// Per class, a cursor on the calendar its arrivals keep (if any).
    arrival_cursors: Vec<Cursor>,
    /// Per class whose rate varies by day: the day its arrivals are drawn for, and its
    /// layers of candidates ([`Layer`]).
    arrival_days: Vec<(u64, Vec<Layer>)>,
    /// Per class whose rate varies by day: the day, layer and candidate of its next
    /// arrival, which key the case's draws.
    arrival_keys: Vec<Option<(u64, u32, u32)>>,
    /// Per class, the index of its next replayed arrival (trace arrivals).
    trace_next: Vec<usize>,
    /// Per member group (global index): its quality and learning curve.
    groups: Vec<(f64, Option<Learning>)>,
    /// Per member group: busy time inside the window, like [`PoolState::busy_area`].
    group_busy: Vec<f64>,
    /// Event slot of the first member of staff; per member from there: their pool, group
    /// (or [`NO_GROUP`]), speed, when they were last freed and the tasks they have done.
    first_staff: u32,
    slot_home: Vec<u32>,
    slot_group: Vec<u32>,
    slot_speed: Vec<f64>,
    idle_since: Vec<f64>,
    tasks_done: Vec<u32>,
    /// Per member group: the other pools its members also take work from, in order.
    group_also: Vec<Vec<u32>>,
    /// Per member of staff with a timetable of their own (a roster, days of absence): that
    /// calendar, and the event slot of their next start of work while work waits for them.
    personal: Vec<Option<Box<Calendar>>>,
    personal_cursors: Vec<Cursor>,
    wake_slot: Vec<u32>,
    waking: Vec<bool>,
    next_case: u64,
    /// Cases numbered so far of classes whose rate does not vary by day: the number that
    /// keys their draws.
    next_plain_case: u64,
    wip_area: Vec<f64>,
    /// Per (class, stage), at `class * stages + stage`.
    visit_sums: Vec<VisitSums>,
    stats: RepStats,
    trace: Option<Box<Trace>>,
}

/// Simulates replication `replication` of `model`.
pub fn simulate(model: &Model, replication: u64) -> RepStats {
    let mut sim = Sim::new(model, replication);
    sim.run();
    sim.finish().0
}

/// Simulates replication `replication` of `model` and records its [`Trace`]: the activities
/// and cases of the first `limit` counted cases (all when `None`), and queue lengths over
/// `span` time units after the warm-up. The statistics equal [`simulate`]'s.
pub fn simulate_traced(
    model: &Model,
    replication: u64,
    span: f64,
    limit: Option<usize>,
) -> (RepStats, Trace) {
    traced(model, replication, span, limit, false)
}

/// [`simulate_traced`] for a replay that starts at the warm-up: the trace also holds the
/// activities of the cases already in the process then (arrived before it, not counted),
/// those that end after the warm-up, so that the process is drawn as full as it is. Their
/// cases have no [`CaseRecord`].
pub fn simulate_replay(
    model: &Model,
    replication: u64,
    span: f64,
    limit: Option<usize>,
) -> (RepStats, Trace) {
    traced(model, replication, span, limit, true)
}

fn traced(
    model: &Model,
    replication: u64,
    span: f64,
    limit: Option<usize>,
    in_flight: bool,
) -> (RepStats, Trace) {
    let mut sim = Sim::new(model, replication);
    let warmup = model.settings.warmup;
    sim.trace = Some(Box::new(Trace {
        queues: vec![vec![(warmup, 0)]; model.pools.len()],
        span_end: warmup + span.max(0.0),
        limit: limit.map(|l| l as u64),
        in_flight,
        ..Trace::default()
    }));
    sim.run();
    let (stats, trace) = sim.finish();
    (stats, trace.map(|t| *t).unwrap_or_default())
}

impl<'m> Sim<'m> {
    fn new(model: &'m Model, replication: u64) -> Self {
        let s = &model.settings;
        let streams = Streams::new(s.seed, replication);
        let mut priorities: Vec<i64> = model.classes.iter().map(|c| c.priority).collect();
        priorities.sort_unstable_by(|a, b| b.cmp(a));
        priorities.dedup();
        let mut steps = Vec::with_capacity(model.classes.len() * model.stages.len());
        for (c, class) in model.classes.iter().enumerate() {
            let level = priorities
                .iter()
                .position(|p| *p == class.priority)
                .unwrap_or(0) as u32;
            for (i, st) in model.stages.iter().enumerate() {
                let duration = model.duration(c as u32, i as u32);
                let route = model.route(c as u32, i as u32);
                steps.push(Step {
                    duration,
                    route,
                    level,
                    pool: match st.kind {
                        StageKind::Staffed { pool } => pool,
                        _ => NO_POOL,
                    },
                    plain: match st.kind {
                        StageKind::Staffed { pool } => {
                            let p = &model.pools[pool as usize];
                            p.calendar.is_none()
                                && p.availability == 1.0
                                && p.groups.is_empty()
                                && Pool::shared_in(&model.pools, pool) == 0
                        }
                        _ => false,
                    },
                    shifts: match st.kind {
                        StageKind::Staffed { pool } => {
                            let p = &model.pools[pool as usize];
                            p.calendar.is_some() || p.groups.iter().any(|g| g.rostered())
                        }
                        _ => false,
                    },
                    handoff: matches!(st.kind, StageKind::Handoff { .. }),
                    external: st.kind == StageKind::External,
                    duration_key: purpose_key(st.duration_key, Purpose::Duration),
                    route_key: purpose_key(st.route_key, Purpose::Route),
                    branch_join: model.branch_join(i as u32),
                    next: match route {
                        Route::Next { to, rework } => Some((*to, *rework)),
                        _ => None,
                    },
                });
            }
        }
        let nc = model.classes.len();
        let ns = model.stages.len();
        let np = model.pools.len();
        let ng = Pool::group_offset(&model.pools, np);
        let mut next_slot = nc as u32;
        let mut pools: Vec<PoolState> = model
            .pools
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let idle = (next_slot..next_slot + p.size).rev().collect();
                next_slot += p.size;
                let shared = Pool::shared_in(&model.pools, i as u32) > 0;
                PoolState {
                    idle,
                    first: VecDeque::with_capacity(256),
                    lower: vec![VecDeque::with_capacity(256); priorities.len().saturating_sub(1)],
                    choose: (!p.groups.is_empty() || shared).then_some(p.dispatch),
                    roster: p.groups.iter().any(|g| g.rostered())
                        || model
                            .pools
                            .iter()
                            .flat_map(|o| &o.groups)
                            .any(|g| g.rostered() && g.also.contains(&(i as u32))),
                    ..PoolState::default()
                }
            })
            .collect();
        // Members who also work for other pools are free there too at the start.
        let (slot_home, slot_group, slot_speed) = staff(&model.pools);
        let first_staff = nc as u32;
        let mut group_also: Vec<Vec<u32>> = Vec::new();
        for pool in &model.pools {
            group_also.extend(pool.groups.iter().map(|g| g.also.clone()));
        }
        for (i, &g) in slot_group.iter().enumerate() {
            if let Some(also) = group_also.get(g as usize) {
                for &q in also {
                    pools[q as usize].idle.insert(0, first_staff + i as u32);
                }
            }
        }
        // Members with their own timetable: their calendar, and a slot for their returns.
        let personal = personal_calendars(model, &slot_home, &slot_group, &streams);
        let mut wake_slot = vec![u32::MAX; personal.len()];
        for (w, cal) in wake_slot.iter_mut().zip(&personal) {
            if cal.is_some() {
                *w = next_slot;
                next_slot += 1;
            }
        }
        let waking = vec![false; personal.len()];
        // Pools with office hours get a slot for their openings.
        for (state, pool) in pools.iter_mut().zip(&model.pools) {
            if pool.calendar.is_some() {
                state.opening_slot = next_slot;
                next_slot += 1;
            }
        }
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
            utility_sum: vec![0.0; nc + 1],
            lead_wd_sum: vec![0.0; nc + 1],
            limit_n: vec![0; nc + 1],
            limit_met: vec![0; nc + 1],
            state_sum: vec![[0.0; STATES.len()]; nc + 1],
            flow_sum: vec![0.0; nc + 1],
            events: 0,
            arrivals: 0,
            censored: vec![0; nc + 1],
            unstable: None,
            end: 0.0,
            group_utilization: vec![0.0; ng],
            group_offset: (0..np)
                .map(|p| Pool::group_offset(&model.pools, p))
                .collect(),
        };
        Sim {
            model,
            minutes: s.time_unit.minutes(),
            calendar: model.calendar(),
            calendar_cursor: Cursor::default(),
            pool_cursors: vec![Cursor::default(); model.pools.len()],
            pool_calendars: model
                .pools
                .iter()
                .map(|p| p.calendar.map(|c| &model.calendars[c as usize].calendar))
                .collect(),
            outstanding: 0,
            steps,
            stages: ns,
            streams,
            queue: EventQueue::new(next_slot as usize),
            now: 0.0,
            warmup: s.warmup,
            horizon: s.horizon,
            cases: Vec::with_capacity(1024),
            free_cases: Vec::with_capacity(1024),
            tokens: Vec::with_capacity(1024),
            branch_times: Vec::with_capacity(1024),
            free_tokens: Vec::with_capacity(1024),
            free_slots: Vec::with_capacity(64),
            next_slot,
            spare_slot: NO_SLOT,
            visits: Vec::with_capacity(1024 * ns),
            pools,
            // (A class whose rate varies by day draws from its days' layers instead.)
            arrival_rngs: (0..nc).map(|c| streams.arrivals(c as u64)).collect(),
            arrival_cursors: vec![Cursor::default(); nc],
            arrival_days: vec![(u64::MAX, Vec::new()); nc],
            arrival_keys: vec![None; nc],
            trace_next: vec![0; nc],
            groups: model
                .pools
                .iter()
                .flat_map(|p| p.groups.iter().map(|g| (g.quality, g.learning)))
                .collect(),
            group_busy: vec![0.0; ng],
            first_staff,
            idle_since: vec![0.0; slot_home.len()],
            tasks_done: vec![0; slot_home.len()],
            slot_home,
            slot_group,
            slot_speed,
            group_also,
            personal_cursors: vec![Cursor::default(); personal.len()],
            personal,
            wake_slot,
            waking,
            next_case: 0,
            next_plain_case: 0,
            wip_area: vec![0.0; nc],
            visit_sums: vec![VisitSums::default(); nc * ns],
            stats,
            trace: None,
        }
    }

    /// The time of the next arrival of `class` after one at `now` (infinite when there is
    /// none before the run's cap).
    #[inline]
    fn next_arrival(&mut self, class: usize, now: f64) -> f64 {
        let rng = &mut self.arrival_rngs[class];
        match &self.model.classes[class].arrival {
            Arrival::Poisson { rate } => now + unit_exponential(rng) / rate,
            Arrival::Renewal(d) => now + d.sample(rng),
            Arrival::Varying(_) | Arrival::Trace { .. } => self.next_shaped_arrival(class, now),
        }
    }

    /// [`Sim::next_arrival`] of arrivals that keep a calendar, vary by day, or are replayed.
    #[cold]
    fn next_shaped_arrival(&mut self, class: usize, now: f64) -> f64 {
        let rng = &mut self.arrival_rngs[class];
        match &self.model.classes[class].arrival {
            Arrival::Varying(v) if !v.daily.is_empty() => self.next_arrival_by_day(class),
            Arrival::Varying(v) => {
                let cap = self.horizon * DRAIN_FACTOR;
                let cal = v
                    .calendar
                    .map(|c| &self.model.calendars[c as usize].calendar);
                let at = &self.arrival_cursors[class];
                let gap = unit_exponential(rng) / (v.rate * v.peak);
                let t = match cal {
                    Some(cal) => {
                        at.add_working(cal, now * self.minutes, gap * self.minutes) / self.minutes
                    }
                    None => now + gap,
                };
                if t > cap { f64::INFINITY } else { t }
            }
            Arrival::Trace { times, .. } => {
                let i = self.trace_next[class];
                self.trace_next[class] += 1;
                times.get(i).copied().unwrap_or(f64::INFINITY)
            }
            Arrival::Poisson { .. } | Arrival::Renewal(_) => self.next_arrival(class, now),
        }
    }

    /// The next arrival of class `class`, whose rate varies by day: each day a Poisson
    /// process at the class's rate times the day's multiplier `m` (in the open time of its
    /// calendar, if it keeps one), by thinning a Poisson process of points (time, height)
    /// at the class's rate per unit of height: the points below `m` are the day's arrivals.
    /// Heights come in layers ([0, 1), [1, 2), [2, 4), …), each drawn from its own stream of
    /// the day, as many as reach `m`. A variant that changes a day's multiplier, up or down,
    /// keeps every point below both: the arrivals the two share are the same points, and
    /// their day, layer and place key the case, so they pair their work.
    fn next_arrival_by_day(&mut self, class: usize) -> f64 {
        let model = self.model;
        let Arrival::Varying(v) = &model.classes[class].arrival else {
            return f64::INFINITY;
        };
        let cal = v.calendar.map(|c| &model.calendars[c as usize].calendar);
        let cap = self.horizon * DRAIN_FACTOR;
        let per_day = 1440.0 / self.minutes;
        let minutes = self.minutes;
        // The first candidate of a layer after `from` (infinite past the day's `end`).
        let draw = |layer: &mut Layer, cursor: &Cursor, from: f64, end: f64| {
            let gap = unit_exponential(&mut layer.rng) / (v.rate * layer.height);
            // Drawn for every candidate, kept or not, so the stream stays aligned.
            layer.y = layer.low + layer.rng.random::<f64>() * layer.height;
            let t = match cal {
                Some(cal) => cursor.add_working(cal, from * minutes, gap * minutes) / minutes,
                None => from + gap,
            };
            layer.next = if t < end { t } else { f64::INFINITY };
        };
        if self.arrival_days[class].0 == u64::MAX {
            self.arrival_days[class].0 = 0;
            let m = v.daily[0];
            let layers = Layer::up_to(m, |k| self.streams.arrivals_in_layer(class as u64, 0, k));
            self.arrival_days[class].1 = layers;
            let cursor = &self.arrival_cursors[class];
            for layer in &mut self.arrival_days[class].1 {
                draw(layer, cursor, 0.0, per_day);
            }
        }
        loop {
            let day = self.arrival_days[class].0;
            let end = (day + 1) as f64 * per_day;
            let m = v.daily[(day as usize).min(v.daily.len() - 1)];
            let cursor = &self.arrival_cursors[class];
            let layers = &mut self.arrival_days[class].1;
            // The layer whose candidate comes first (the lowest layer on a tie).
            let first = (0..layers.len())
                .filter(|&k| layers[k].next.is_finite())
                .min_by(|&a, &b| layers[a].next.total_cmp(&layers[b].next));
            if let Some(k) = first {
                let layer = &mut layers[k];
                let (t, y, place) = (layer.next, layer.y, layer.drawn);
                layer.drawn += 1;
                draw(layer, cursor, t, end);
                if y < m {
                    self.arrival_keys[class] = Some((day, k as u32, place));
                    return if t > cap { f64::INFINITY } else { t };
                }
                continue;
            }
            // The day is over (memoryless: what is left of a gap is redrawn tomorrow).
            if end > cap {
                return f64::INFINITY;
            }
            let next_m = v.daily[((day + 1) as usize).min(v.daily.len() - 1)];
            let mut layers = Layer::up_to(next_m, |k| {
                self.streams.arrivals_in_layer(class as u64, day + 1, k)
            });
            for layer in &mut layers {
                draw(layer, cursor, end, end + per_day);
            }
            self.arrival_days[class] = (day + 1, layers);
        }
    }

    fn run(&mut self) {
        for c in 0..self.model.classes.len() {
            let t = self.next_arrival(c, 0.0);
            if t <= self.horizon {
                self.queue.set(c as u32, t, ARRIVAL - c as u32);
            }
        }
        let cap = self.horizon * DRAIN_FACTOR;
        let classes = self.model.classes.len() as u32;
        let pools = self.model.pools.len() as u32;
        let last_token = ARRIVAL - classes - pools - self.slot_home.len() as u32;
        // Each event's handler sets or clears the event's slot, which removes it.
        while let Some((t, event)) = self.queue.first() {
            if (t > self.horizon && (self.outstanding == 0 || t > cap))
                || self.stats.unstable.is_some()
            {
                break;
            }
            self.now = t;
            self.stats.events += 1;
            if self.trace.is_some() && t >= self.warmup {
                self.start_queue_trace();
            }
            if event <= last_token {
                self.done(event);
            } else if event > ARRIVAL - classes {
                self.arrival(ARRIVAL - event);
            } else if event > ARRIVAL - classes - pools {
                self.open(ARRIVAL - classes - event);
            } else {
                self.wake(ARRIVAL - classes - pools - event);
            }
        }
        self.stats.end = self.now.max(self.horizon);
        self.now = self.horizon;
    }

    /// Length of [a, b] inside the observation window [warm-up, horizon].
    #[inline]
    fn in_window(&self, a: f64, b: f64) -> f64 {
        // Plain comparisons: `f64::min`/`max` also handle NaN, which cannot occur here, at
        // several instructions each on the hottest path.
        let hi = if b < self.horizon { b } else { self.horizon };
        let lo = if a > self.warmup { a } else { self.warmup };
        if hi > lo { hi - lo } else { 0.0 }
    }

    fn arrival(&mut self, class: u32) {
        let now = self.now;
        let c = class as usize;
        let case_no = self.next_case;
        self.next_case += 1;
        self.stats.arrivals += 1;
        // A class whose rate varies by day keys its cases by day, layer and place; the
        // others by their own count, which those do not move.
        let key = match self.arrival_keys[c].take() {
            Some((day, layer, place)) => self.streams.case_key_on(class.into(), day, layer, place),
            None => {
                self.next_plain_case += 1;
                self.streams.case_key(self.next_plain_case - 1)
            }
        };
        let case = Case {
            number: case_no,
            class,
            arrival: now,
            key,
            rework: 0,
            open_branches: 0,
            counted: now >= self.warmup && now <= self.horizon,
            live: true,
            external: 0.0,
            external_wd: 0.0,
            times: [0.0; TALLIES],
        };
        if case.counted {
            self.outstanding += 1;
            if let Some(trace) = &mut self.trace {
                trace.first_counted.get_or_insert(case_no);
            }
        }
        let slot = match self.free_cases.pop() {
            Some(s) => {
                self.cases[s as usize] = case;
                let ns = self.stages;
                self.visits[s as usize * ns..(s as usize + 1) * ns].fill(0);
                s
            }
            None => {
                self.cases.push(case);
                self.visits.resize(self.visits.len() + self.stages, 0);
                if self.cases.len() > MAX_CASES {
                    self.overflow(Lang::En.fill(
                        "more than {n} cases were in the process at once",
                        &[("n", &MAX_CASES.to_string())],
                    ));
                }
                (self.cases.len() - 1) as u32
            }
        };
        if let Some(trace) = &mut self.trace {
            let width = self.stages;
            let at = slot as usize * width;
            if trace.slot_times.len() < at + width {
                trace.slot_times.resize(at + width, StageTimes::default());
            }
            trace.slot_times[at..at + width].fill(StageTimes::default());
        }
        let token = self.new_token(slot);
        self.enter(token, self.model.classes[c].start);
        let next = self.next_arrival(c, now);
        if next <= self.horizon * DRAIN_FACTOR {
            self.queue.set(class, next, ARRIVAL - class);
        } else {
            self.queue.clear(class);
        }
    }

    fn new_token(&mut self, case: u32) -> u32 {
        debug_assert!(
            self.tokens.len()
                < (ARRIVAL
                    - (self.model.classes.len() + self.model.pools.len() + self.slot_home.len())
                        as u32) as usize,
            "token ids must stay below the arrival, opening and return events"
        );
        let c = &self.cases[case as usize];
        let t = Token {
            case,
            class: c.class,
            key: c.key,
            counted: c.counted,
            rework_from: NO_STAGE,
            group: NO_GROUP,
            ..Token::default()
        };
        match self.free_tokens.pop() {
            Some(i) => {
                self.tokens[i as usize] = t;
                self.branch_times[i as usize] = [0.0; TALLIES];
                i
            }
            None => {
                self.tokens.push(t);
                self.branch_times.push([0.0; TALLIES]);
                (self.tokens.len() - 1) as u32
            }
        }
    }

    /// The token arrives at stage `stage`.
    #[inline(always)]
    fn enter(&mut self, token: u32, stage: u32) {
        let ns = self.stages;
        let tk = &mut self.tokens[token as usize];
        let v = &mut self.visits[tk.case as usize * ns + stage as usize];
        tk.stage = stage;
        tk.visit = *v;
        tk.entered = self.now;
        *v += 1;
        let step = &self.steps[tk.class as usize * ns + stage as usize];
        let mut rng = DrawRng::for_draw(tk.key, step.duration_key, tk.visit);
        tk.draw = step.duration.dist.sample(&mut rng);
        let (p, level) = (step.pool, step.level);
        if p == NO_POOL {
            let slot = if self.spare_slot != NO_SLOT {
                std::mem::replace(&mut self.spare_slot, NO_SLOT)
            } else {
                self.free_slots.pop().unwrap_or_else(|| {
                    self.next_slot += 1;
                    self.next_slot - 1
                })
            };
            self.start_work(token, slot);
            return;
        }
        if step.shifts {
            self.enter_shifts(token, p, level);
            return;
        }
        if let Some(slot) = self.take(p) {
            self.start_work(token, slot);
        } else {
            let pool = &mut self.pools[p as usize];
            pool.push(level, token);
            self.check_queue(p);
            self.trace_queue(p);
        }
    }

    /// A free member of pool `p` for waiting work: the last freed (members alike), or the
    /// one [`Sim::pick`] chooses.
    #[inline(always)]
    fn take(&mut self, p: u32) -> Option<u32> {
        let pool = &mut self.pools[p as usize];
        if pool.choose.is_none() {
            return pool.idle.pop();
        }
        self.pick(p)
    }

    /// [`Sim::take`] where members differ: the pool's own members before members of other
    /// pools (who help only while no work of their own pool waits), then by the pool's
    /// dispatch rule (the fastest, then the one free longest; or the one free longest), then
    /// the first in the pool's list. A member of several pools leaves their free lists.
    #[inline(never)]
    fn pick(&mut self, p: u32) -> Option<u32> {
        let pool = &self.pools[p as usize];
        let dispatch = pool.choose.unwrap_or_default();
        let mut best: Option<(usize, (bool, f64, f64, u32))> = None;
        for (i, &slot) in pool.idle.iter().enumerate() {
            let m = (slot - self.first_staff) as usize;
            let home = self.slot_home[m];
            let guest = home != p;
            if (guest && self.pools[home as usize].queue_length() > 0) || self.member_off(slot) {
                continue;
            }
            let speed = match dispatch {
                Dispatch::Fastest => -self.slot_speed[m],
                Dispatch::LongestIdle => 0.0,
            };
            let key = (guest, speed, self.idle_since[m], slot);
            let better = best.as_ref().is_none_or(|(_, b)| {
                key.0
                    .cmp(&b.0)
                    .then(key.1.total_cmp(&b.1))
                    .then(key.2.total_cmp(&b.2))
                    .then(key.3.cmp(&b.3))
                    .is_lt()
            });
            if better {
                best = Some((i, key));
            }
        }
        let (i, _) = best?;
        let slot = self.pools[p as usize].idle[i];
        self.unlist(slot);
        Some(slot)
    }

    /// The `i`-th pool member `slot` works for: their own (0), then those they also help.
    #[inline]
    fn served(&self, slot: u32, i: usize) -> Option<u32> {
        let m = (slot - self.first_staff) as usize;
        match i {
            0 => Some(self.slot_home[m]),
            _ => self
                .group_also
                .get(self.slot_group[m] as usize)?
                .get(i - 1)
                .copied(),
        }
    }

    /// Whether member `slot` works for pool `p`.
    fn serves(&self, slot: u32, p: u32) -> bool {
        (0..).map_while(|i| self.served(slot, i)).any(|q| q == p)
    }

    /// Takes member `slot` off the free lists of every pool they work for.
    fn unlist(&mut self, slot: u32) {
        let mut i = 0;
        while let Some(q) = self.served(slot, i) {
            let idle = &mut self.pools[q as usize].idle;
            if let Some(j) = idle.iter().position(|&s| s == slot) {
                idle.swap_remove(j);
            }
            i += 1;
        }
    }

    /// Member `slot` of a pool where members differ is done: they take the next work
    /// waiting at their own pool, else at the pools they also help, in order (each only while
    /// it is open); else they are free in all of them.
    fn release(&mut self, slot: u32) {
        if !self.member_off(slot) {
            let mut i = 0;
            while let Some(q) = self.served(slot, i) {
                if let Some(next) = self.pools[q as usize].pop() {
                    self.start_work(next, slot);
                    self.trace_queue(q);
                    return;
                }
                i += 1;
            }
        }
        self.queue.clear(slot);
        self.idle_since[(slot - self.first_staff) as usize] = self.now;
        let mut i = 0;
        while let Some(q) = self.served(slot, i) {
            let pool = &mut self.pools[q as usize];
            pool.idle.push(slot);
            if pool.queue_length() > 0 {
                // Work waits while the pool or the member is off: take it at the return.
                self.schedule_opening(q);
                self.schedule_wake(slot);
            }
            i += 1;
        }
    }

    /// Stops the replication if the queue at pool `p` passed [`MAX_QUEUE`].
    #[inline]
    fn check_queue(&mut self, p: u32) {
        if self.pools[p as usize].queue_length() > MAX_QUEUE {
            let name = &self.model.pools[p as usize].name;
            let why = Lang::En.fill(
                "the queue at pool `{pool}` passed {n} cases",
                &[("pool", name), ("n", &MAX_QUEUE.to_string())],
            );
            self.overflow(why);
        }
    }

    /// Ends the replication now, as unstable for `why`.
    #[cold]
    fn overflow(&mut self, why: String) {
        if self.stats.unstable.is_none() {
            let unit = self.model.settings.time_unit.name();
            self.stats.unstable = Some(Lang::En.fill(
                "{why}, at {time} {unit}",
                &[
                    ("why", &why),
                    ("time", &format!("{:.1}", self.now)),
                    ("unit", &Lang::En.units(unit)),
                ],
            ));
        }
    }

    /// [`Sim::enter`] at pool `p`, which has office hours: a free member takes the token
    /// only while the pool is open and nothing else waits (something waits beside a free
    /// member only until an opening due now is handled). Otherwise the token queues, and
    /// free staff take the queue in priority order when the pool opens.
    fn enter_shifts(&mut self, token: u32, p: u32, level: u32) {
        // Members with their own timetable may work while the pool is closed.
        let open = self.pool_open(p) || self.pools[p as usize].roster;
        if open
            && self.pools[p as usize].queue_length() == 0
            && let Some(slot) = self.take(p)
        {
            self.start_work(token, slot);
            return;
        }
        let pool = &mut self.pools[p as usize];
        pool.push(level, token);
        let free = !pool.idle.is_empty();
        self.check_queue(p);
        self.trace_queue(p);
        if free {
            self.schedule_opening(p);
            if self.pools[p as usize].roster {
                for i in 0..self.pools[p as usize].idle.len() {
                    let slot = self.pools[p as usize].idle[i];
                    self.schedule_wake(slot);
                }
            }
        }
    }

    /// Whether pool `p` (which has office hours) is open now.
    #[inline]
    fn pool_open(&self, p: u32) -> bool {
        self.pool_calendars[p as usize].is_none_or(|cal| {
            self.pool_cursors[p as usize].is_open(cal, self.now * self.minutes + OPEN_TOLERANCE)
        })
    }

    /// Whether member `slot` is off now: by their own timetable if they keep one, else by
    /// their pool's hours.
    #[inline]
    fn member_off(&self, slot: u32) -> bool {
        let m = (slot - self.first_staff) as usize;
        match self.personal[m].as_deref() {
            Some(cal) => {
                !self.personal_cursors[m].is_open(cal, self.now * self.minutes + OPEN_TOLERANCE)
            }
            None => !self.pool_open(self.slot_home[m]),
        }
    }

    /// Makes sure member `slot`, who keeps their own timetable, is woken when they next start
    /// work (free, with work waiting for them).
    fn schedule_wake(&mut self, slot: u32) {
        let m = (slot - self.first_staff) as usize;
        let Some(cal) = self.personal[m].as_deref() else {
            return;
        };
        if self.waking[m] {
            return;
        }
        self.waking[m] = true;
        let at = self.personal_cursors[m].next_open(cal, self.now * self.minutes + OPEN_TOLERANCE)
            / self.minutes;
        let at = if at < self.now { self.now } else { at };
        let pools = self.model.pools.len() as u32;
        let event = ARRIVAL - self.model.classes.len() as u32 - pools - m as u32;
        self.queue.set(self.wake_slot[m], at, event);
    }

    /// Member `m` (counted from the first member of staff) starts work by their own
    /// timetable: if free, they take the next waiting work of the pools they serve.
    fn wake(&mut self, m: u32) {
        let slot = self.first_staff + m;
        self.queue.clear(self.wake_slot[m as usize]);
        self.waking[m as usize] = false;
        let home = self.slot_home[m as usize];
        if !self.pools[home as usize].idle.contains(&slot) {
            return;
        }
        if self.member_off(slot) {
            // A return shorter than the tolerance: wait for the next.
            self.schedule_wake(slot);
            return;
        }
        let mut i = 0;
        while let Some(q) = self.served(slot, i) {
            if let Some(token) = self.pools[q as usize].pop() {
                self.unlist(slot);
                self.start_work(token, slot);
                self.trace_queue(q);
                return;
            }
            i += 1;
        }
    }

    /// Makes sure pool `p`'s next opening is scheduled (free staff, work waiting).
    fn schedule_opening(&mut self, p: u32) {
        let Some(cal) = self.pool_calendars[p as usize] else {
            return;
        };
        let pool = &mut self.pools[p as usize];
        if pool.opening {
            return;
        }
        pool.opening = true;
        let at = self.pool_cursors[p as usize]
            .next_open(cal, self.now * self.minutes + OPEN_TOLERANCE)
            / self.minutes;
        let at = if at < self.now { self.now } else { at };
        let event = ARRIVAL - self.model.classes.len() as u32 - p;
        self.queue.set(pool.opening_slot, at, event);
    }

    /// Pool `p` opens: its free staff take waiting work, highest priority first.
    fn open(&mut self, p: u32) {
        let slot = self.pools[p as usize].opening_slot;
        self.queue.clear(slot);
        self.pools[p as usize].opening = false;
        if !self.pool_open(p) {
            // An opening shorter than the tolerance: wait for the next.
            self.schedule_opening(p);
            return;
        }
        let mut started = false;
        loop {
            let pool = &mut self.pools[p as usize];
            if pool.idle.is_empty() || pool.queue_length() == 0 {
                break;
            }
            let Some(member) = self.take(p) else { break };
            let Some(token) = self.pools[p as usize].pop() else {
                self.release(member);
                break;
            };
            self.start_work(token, member);
            started = true;
        }
        if started {
            self.trace_queue(p);
        }
    }

    /// Takes each pool's queue length at the warm-up as the start of its traced series.
    #[cold]
    fn start_queue_trace(&mut self) {
        if let Some(trace) = &mut self.trace
            && !trace.queues_started
        {
            trace.queues_started = true;
            for (q, pool) in trace.queues.iter_mut().zip(&self.pools) {
                q[0].1 = pool.queue_length() as u32;
            }
        }
    }

    /// Whether the trace records case `number` (counted cases only).
    fn traced_case(trace: &Trace, number: u64) -> bool {
        let first = trace.first_counted.unwrap_or(number);
        trace.limit.is_none_or(|l| number.saturating_sub(first) < l)
    }

    /// Records pool `p`'s queue length now, when tracing within the span.
    #[inline]
    fn trace_queue(&mut self, p: u32) {
        if self.trace.is_some() {
            self.record_queue(p);
        }
    }

    #[cold]
    fn record_queue(&mut self, p: u32) {
        if let Some(trace) = &mut self.trace
            && self.now >= self.warmup
            && self.now <= trace.span_end
        {
            let len = self.pools[p as usize].queue_length();
            trace.queues[p as usize].push((self.now, len as u32));
        }
    }

    /// `t` plus `work` of open time on `cal` (time units in and out).
    #[inline]
    fn add_working(&self, (cal, at): (&Calendar, &Cursor), t: f64, work: f64) -> f64 {
        at.add_working(cal, t * self.minutes, work * self.minutes) / self.minutes
    }

    /// Working days of the scenario calendar between `a` and `b`.
    #[inline]
    fn working_days(&self, a: f64, b: f64) -> f64 {
        self.calendar.map_or(0.0, |c| {
            self.calendar_cursor
                .working_days_between(c, a * self.minutes, b * self.minutes)
        })
    }

    /// The hours member `slot` works at pool `p` (their own timetable, else the pool's), and
    /// the cursor that reads them; `None` when they work around the clock.
    #[inline]
    fn hours(&self, slot: u32, p: usize) -> Option<(&Calendar, &Cursor)> {
        let m = slot.wrapping_sub(self.first_staff) as usize;
        match self.personal.get(m).and_then(|c| c.as_deref()) {
            Some(cal) => Some((cal, &self.personal_cursors[m])),
            None => self.pool_calendars[p].map(|cal| (cal, &self.pool_cursors[p])),
        }
    }

    /// When a hand-off that is ready now is collected: the next scheduled collection on a
    /// working day of the scenario calendar, or now if it has no schedule.
    fn collection(&self, stage: usize) -> f64 {
        match (&self.model.stages[stage].kind, self.calendar) {
            (StageKind::Handoff { collect }, Some(cal)) if !collect.is_empty() => {
                let t = self.now * self.minutes;
                collect
                    .iter()
                    .map(|&m| cal.next_daily_at(t, m))
                    .fold(f64::INFINITY, f64::min)
                    / self.minutes
            }
            _ => self.now,
        }
    }

    /// Member `slot` takes the token's work at a pool where members differ: a member of a
    /// group works at their speed, along their learning curve, and the token remembers the
    /// group (for its quality and busy time).
    #[cold]
    fn member_work(&mut self, token: u32, slot: u32) {
        let m = (slot - self.first_staff) as usize;
        let group = self.slot_group[m];
        let tk = &mut self.tokens[token as usize];
        tk.group = group;
        let Some(&(_, learning)) = self.groups.get(group as usize) else {
            return;
        };
        let factor = learning.map_or(1.0, |l| l.factor(self.tasks_done[m]));
        self.tasks_done[m] += 1;
        tk.draw = tk.draw / self.slot_speed[m] * factor;
    }

    /// Work (or external elapsed time, or a hand-off) starts now for the token, its end
    /// scheduled in event slot `slot`.
    fn start_work(&mut self, token: u32, slot: u32) {
        let tk = self.tokens[token as usize];
        let (class, s) = (tk.class, tk.stage as usize);
        let info = self.steps[class as usize * self.stages + s];
        let d = tk.draw;
        let now = self.now;
        let (start, end, d) = if info.plain {
            // Always open, fully available: the busy time is the exact overlap with the window.
            let end = now + d;
            let busy = self.in_window(now, end);
            let waited = self.in_window(tk.entered, now);
            let pool = &mut self.pools[info.pool as usize];
            pool.busy_area += busy;
            pool.wait_area += waited;
            (now, end, d)
        } else {
            let (start, end) = self.start_general(token, slot);
            // Member groups change the work time.
            (start, end, self.tokens[token as usize].draw)
        };

        if tk.counted {
            // Per class only; the all-classes totals are sums, formed once in `finish`.
            let sums = &mut self.visit_sums[class as usize * self.stages + s];
            if info.pool != NO_POOL {
                sums.wait += start - tk.entered;
                sums.waits += 1;
                sums.touch += d;
            } else {
                sums.touch += end - tk.entered;
            }
            sums.visits += 1;
        }
        // A case not counted can matter to a replay if its work reaches past the warm-up.
        if self.trace.is_some() && (tk.counted || end >= self.warmup) {
            let member = (info.pool != NO_POOL).then(|| slot - self.first_staff);
            self.trace_activity(token, member, start, end);
        }
        let tk = &mut self.tokens[token as usize];
        tk.start = start;
        tk.slot = slot;
        self.queue.set(slot, end, token);
    }

    /// Records a token's activity instance: a counted case's if the case is traced; for a
    /// replay ([`simulate_replay`]), also one of a case already in the process at the warm-up.
    #[cold]
    fn trace_activity(&mut self, token: u32, member: Option<u32>, start: f64, end: f64) {
        let tk = self.tokens[token as usize];
        let case = &self.cases[tk.case as usize];
        let (number, in_flight) = (case.number, case.arrival < self.warmup);
        let keep = |t: &Trace| {
            if tk.counted {
                Self::traced_case(t, number)
            } else {
                t.in_flight && in_flight
            }
        };
        if let Some(trace) = self.trace.as_mut().filter(|t| keep(t)) {
            trace.activities.push(Activity {
                case: number,
                class: tk.class,
                stage: tk.stage,
                enabled: tk.entered,
                start,
                end,
                member,
            });
        }
    }

    /// [`Sim::start_work`] of a stage that is not [`Step::plain`]: a pool with office
    /// hours, partial availability or member groups (member `slot` does the work), a
    /// hand-off, or customer-side time. Returns when the
    /// work starts and ends.
    fn start_general(&mut self, token: u32, slot: u32) -> (f64, f64) {
        let mut tk = self.tokens[token as usize];
        let info = self.steps[tk.class as usize * self.stages + tk.stage as usize];
        let grouped = info.pool != NO_POOL && self.pools[info.pool as usize].choose.is_some();
        if grouped {
            self.member_work(token, slot);
            tk = self.tokens[token as usize];
        }
        let d = tk.draw;
        let now = self.now;
        let mut start = now;
        let end = if info.pool != NO_POOL {
            let p = info.pool as usize;
            // Touch time is work: stretched by availability, advancing only in office hours
            // (the member's own, if they keep their own timetable).
            let stretched = d / self.model.pools[p].availability;
            match self.hours(slot, p) {
                Some(hours @ (cal, at)) => {
                    start = at.next_open(cal, now * self.minutes) / self.minutes;
                    self.add_working(hours, now, stretched)
                }
                None => now + stretched,
            }
        } else {
            if info.handoff {
                start = self.collection(tk.stage as usize);
            }
            match (info.duration.working, self.calendar) {
                (true, Some(cal)) => self.add_working((cal, &self.calendar_cursor), start, d),
                _ => start + d,
            }
        };
        // No work at a closed pool ends when it starts, not before.
        let end = if end < start { start } else { end };
        if info.pool != NO_POOL {
            // Busy time: the open time the task occupies inside the window, scaled by
            // availability like the capacity it is compared with in `finish`.
            let p = info.pool as usize;
            let occupied = match self.hours(slot, p) {
                Some((cal, at)) => {
                    let (a, b) = (start.max(self.warmup), end.min(self.horizon));
                    at.working_between(cal, a * self.minutes, b * self.minutes) / self.minutes
                }
                None => self.in_window(start, end),
            };
            let busy = occupied * self.model.pools[p].availability;
            let waited = self.in_window(tk.entered, now);
            self.pools[info.pool as usize].wait_area += waited;
            if grouped {
                // A member's work counts in every pool they work for.
                let mut i = 0;
                while let Some(q) = self.served(slot, i) {
                    self.pools[q as usize].busy_area += busy;
                    i += 1;
                }
                if let Some(g) = self.group_busy.get_mut(tk.group as usize) {
                    *g += busy;
                }
            } else {
                self.pools[info.pool as usize].busy_area += busy;
            }
        }
        (start, end)
    }

    /// The token's work at its stage is done: it moves on.
    fn done(&mut self, token: u32) {
        self.move_on(token);
        if self.spare_slot != NO_SLOT {
            // No token took over the slot of the work without staff that ended.
            self.queue.clear(self.spare_slot);
            self.free_slots.push(self.spare_slot);
            self.spare_slot = NO_SLOT;
        }
    }

    /// [`Sim::done`], up to freeing the event slot of work without staff, which a token that
    /// enters a stage without staff meanwhile takes over (one update of the event list
    /// instead of two).
    #[inline(always)]
    fn move_on(&mut self, token: u32) {
        let tk = self.tokens[token as usize];
        let s = tk.stage as usize;
        let class = tk.class as usize;
        let info = self.steps[class * self.stages + s];
        // Where this visit's time went. Hands-on work: the touch time drawn, within the
        // span of the task.
        let (before, during) = (tk.start - tk.entered, self.now - tk.start);
        let hands_on = if info.plain || tk.draw > during {
            during
        } else {
            tk.draw
        };
        {
            let times = if self.cases[tk.case as usize].open_branches > 0 {
                &mut self.branch_times[token as usize]
            } else {
                &mut self.cases[tk.case as usize].times
            };
            if info.pool != NO_POOL {
                times[HANDS_ON] += hands_on;
            }
            if tk.rework_from != NO_STAGE {
                times[REWORK] += before + during;
            } else if info.pool != NO_POOL {
                times[WAITING] += before;
                times[TOUCH] += hands_on;
                times[PAUSED] += during - hands_on;
            } else if info.handoff {
                times[HANDOFF] += before + during;
            } else {
                times[CUSTOMER] += before + during;
            }
        }
        if let Some(trace) = &mut self.trace {
            let times = &mut trace.slot_times[tk.case as usize * self.stages + s];
            times.visits += 1;
            times.waiting += before;
            if info.pool != NO_POOL {
                times.touch += hands_on;
                times.paused += during - hands_on;
            } else {
                times.touch += during;
            }
        }
        if info.pool != NO_POOL {
            let p = info.pool;
            if self.pools[p as usize].choose.is_some() {
                self.release(tk.slot);
            } else {
                // Staff take work only while their pool is open.
                let open = !info.shifts || self.pool_open(p);
                let pool = &mut self.pools[p as usize];
                match if open { pool.pop() } else { None } {
                    Some(next) => {
                        self.start_work(next, tk.slot);
                        self.trace_queue(p);
                    }
                    None => {
                        pool.idle.push(tk.slot);
                        self.queue.clear(tk.slot);
                        if !open && pool.queue_length() > 0 {
                            self.schedule_opening(p);
                        }
                    }
                }
            }
        } else {
            self.spare_slot = tk.slot;
            if info.external && self.cases[tk.case as usize].open_branches == 0 {
                // Customer-side time stops the statutory clock (outside parallel branches,
                // where the utility's own branches keep it running).
                let wd = self.working_days(tk.entered, self.now);
                let case = &mut self.cases[tk.case as usize];
                case.external += self.now - tk.entered;
                case.external_wd += wd;
            }
        }
        // The uniform that decides a random route, keyed like every draw.
        let route_draw = || -> f64 { DrawRng::for_draw(tk.key, info.route_key, tk.visit).random() };
        // (where to, whether the edge is counted as a rework loop, whether the case now starts
        // redoing work that brings it back to this stage)
        let (target, rework, redo) = match (info.next, info.route) {
            (Some((to, rework)), _) | (None, &Route::Next { to, rework }) => (to, rework, false),
            (
                None,
                Route::Rework {
                    to,
                    p,
                    max,
                    otherwise,
                    back,
                    redo,
                },
            ) => {
                if tk.visit < *max {
                    let q = p[(tk.visit as usize).min(p.len() - 1)];
                    // The quality of the member group that did the work scales it.
                    let q = match self.quality(info.pool, tk.group) {
                        Some(quality) => (q * quality).min(1.0),
                        None => q,
                    };
                    if route_draw() < q {
                        (*to, *back, *redo)
                    } else {
                        (*otherwise, false, false)
                    }
                } else {
                    (*otherwise, false, false)
                }
            }
            (None, Route::Branches(branches)) => {
                let u = route_draw();
                let b = match self.quality(info.pool, tk.group) {
                    Some(quality) if quality != 1.0 => with_quality(branches, u, quality),
                    _ => branches
                        .iter()
                        .find(|b| u < b.cumulative)
                        .unwrap_or(&branches[branches.len() - 1]),
                };
                (b.to, b.rework, b.redo)
            }
            (None, Route::Fork { branches, .. }) => {
                self.cases[tk.case as usize].open_branches = branches.len() as u32;
                for (i, &b) in branches.iter().enumerate() {
                    let t = if i == 0 {
                        token
                    } else {
                        self.new_token(tk.case)
                    };
                    self.tokens[t as usize].rework_from = tk.rework_from;
                    self.enter(t, b);
                }
                return;
            }
        };
        if rework {
            self.cases[tk.case as usize].rework += 1;
        }
        if redo {
            if tk.rework_from == NO_STAGE {
                self.tokens[token as usize].rework_from = s as u32;
            }
        } else if tk.rework_from == s as u32 {
            self.tokens[token as usize].rework_from = NO_STAGE;
        }
        if let Some(join) = info.branch_join
            && target == join
        {
            let case = &mut self.cases[tk.case as usize];
            case.open_branches -= 1;
            if case.open_branches > 0 {
                // Where the time went follows the branch the case waits for (the last), but
                // every branch's staff did their work.
                case.times[HANDS_ON] += self.branch_times[token as usize][HANDS_ON];
                self.free_tokens.push(token);
                return;
            }
            let branch = std::mem::take(&mut self.branch_times[token as usize]);
            for (t, b) in case.times.iter_mut().zip(branch) {
                *t += b;
            }
        }
        match target {
            Target::Stage(next) => self.enter(token, next),
            Target::End => self.depart(token),
        }
    }

    /// The quality of member group `group` when it did the work at pool `pool` (a pool of
    /// member groups), else `None`.
    #[inline]
    fn quality(&self, pool: u32, group: u32) -> Option<f64> {
        let grouped = self
            .pools
            .get(pool as usize)
            .is_some_and(|p| p.choose.is_some());
        match self.groups.get(group as usize) {
            Some(&(quality, _)) if grouped => Some(quality),
            _ => None,
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
        if now >= self.warmup && now <= self.horizon {
            self.stats.departures[c] += 1;
        }
        if case.counted {
            self.outstanding -= 1;
            let lead = now - case.arrival;
            let lead_wd = self.working_days(case.arrival, now);
            let utility_wd = lead_wd - case.external_wd;
            let utility = lead - case.external;
            let has_calendar = self.calendar.is_some();
            let st = &mut self.stats;
            st.lead_sum[c] += lead;
            st.finished[c] += 1;
            st.lead_hist[c].add(lead);
            st.rework_sum[c] += u64::from(case.rework);
            for (sum, t) in st.state_sum[c].iter_mut().zip(case.times) {
                *sum += t;
            }
            st.flow_sum[c] += if lead > 0.0 {
                case.times[HANDS_ON] / lead
            } else {
                1.0
            };
            st.lead_wd_sum[c] += lead_wd;
            st.utility_sum[c] += if has_calendar { utility_wd } else { utility };
            let mut limit_met = None;
            if let Some(limit) = self.model.classes[c].limit {
                st.limit_n[c] += 1;
                let clock = if limit.working { utility_wd } else { utility };
                // 1e-9 absorbs rounding in the calendar sums.
                let met = clock <= limit.value + 1e-9;
                if met {
                    st.limit_met[c] += 1;
                }
                limit_met = Some(met);
            }
            if let Some(trace) = self
                .trace
                .as_mut()
                .filter(|t| Self::traced_case(t, case.number))
            {
                let width = self.stages;
                let at = case_slot as usize * width;
                trace.cases.push(CaseRecord {
                    case: case.number,
                    class: case.class,
                    arrival: case.arrival,
                    end: now,
                    lead_wd,
                    utility: if has_calendar { utility_wd } else { utility },
                    limit_met,
                    rework: case.rework,
                    stage_times: trace.slot_times[at..at + width].to_vec(),
                });
            }
        }
    }

    /// Member `m`'s open time in the window: by their own timetable, else `pool_open` (their
    /// pool's).
    fn member_window(&self, m: usize, pool_open: f64) -> f64 {
        match self.personal[m].as_deref() {
            Some(cal) => {
                cal.working_between(self.warmup * self.minutes, self.horizon * self.minutes)
                    / self.minutes
            }
            None => pool_open,
        }
    }

    fn finish(mut self) -> (RepStats, Option<Box<Trace>>) {
        // Stays and waits still open at the end count up to the horizon.
        for case in self.cases.iter().filter(|c| c.live && c.counted) {
            self.stats.censored[case.class as usize] += 1;
        }
        for case in self.cases.iter().filter(|c| c.live) {
            self.wip_area[case.class as usize] +=
                (self.horizon - case.arrival.max(self.warmup)).max(0.0);
        }
        for pool in &mut self.pools {
            let mut area = pool.wait_area;
            for tok in pool.waiting() {
                let entered = self.tokens[tok as usize].entered;
                area += (self.horizon - entered.max(self.warmup)).max(0.0);
            }
            pool.wait_area = area;
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
        st.utility_sum[all] = st.utility_sum[..all].iter().sum();
        st.lead_wd_sum[all] = st.lead_wd_sum[..all].iter().sum();
        st.flow_sum[all] = st.flow_sum[..all].iter().sum();
        for c in 0..all {
            let row = st.state_sum[c];
            for (total, x) in st.state_sum[all].iter_mut().zip(row) {
                *total += x;
            }
        }
        for v in [
            &mut st.censored,
            &mut st.finished,
            &mut st.rework_sum,
            &mut st.departures,
            &mut st.limit_n,
            &mut st.limit_met,
        ] {
            v[all] = v[..all].iter().sum();
        }
        let (classes, merged) = st.lead_hist.split_at_mut(all);
        for h in classes.iter() {
            merged[0].merge(h);
        }
        for (i, sums) in self.visit_sums.iter().enumerate() {
            st.wait_sum[i] = sums.wait;
            st.wait_n[i] = sums.waits;
            st.touch_sum[i] = sums.touch;
            st.touch_n[i] = sums.visits;
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
            let pool = &self.model.pools[i];
            let open = match self.pool_calendars[i] {
                Some(cal) => {
                    cal.working_between(self.warmup * self.minutes, self.horizon * self.minutes)
                        / self.minutes
                }
                None => window,
            };
            // Members of other pools who also take its work count in its capacity; members
            // with their own timetable, with their own open time.
            let staff = pool.size + Pool::shared_in(&self.model.pools, i as u32);
            let capacity = if p.roster {
                pool.availability
                    * (0..self.slot_home.len())
                        .filter(|&m| self.serves(self.first_staff + m as u32, i as u32))
                        .map(|m| self.member_window(m, open))
                        .sum::<f64>()
            } else {
                f64::from(staff) * pool.availability * open
            };
            // Busy time never exceeds open time; `min` only absorbs rounding in the sums.
            // Staff never at work in the window (a calendar closed all through it) have no
            // utilization: not a number, shown as one missing, not as fully busy.
            self.stats.utilization[i] = share_of(p.busy_area, capacity);
            self.stats.queue_length[i] = p.wait_area / window;
            let first = self.stats.group_offset[i];
            for (g, group) in pool.groups.iter().enumerate() {
                let capacity = if group.rostered() {
                    pool.availability
                        * (0..self.slot_home.len())
                            .filter(|&m| self.slot_group[m] == (first + g) as u32)
                            .map(|m| self.member_window(m, open))
                            .sum::<f64>()
                } else {
                    f64::from(group.count) * pool.availability * open
                };
                self.stats.group_utilization[first + g] =
                    share_of(self.group_busy[first + g], capacity);
            }
        }
        (self.stats, self.trace)
    }
}

/// `busy` as a share of `capacity` (at most 1, absorbing rounding in the sums); not a number
/// without capacity.
fn share_of(busy: f64, capacity: f64) -> f64 {
    if capacity > 0.0 {
        (busy / capacity).min(1.0)
    } else {
        f64::NAN
    }
}

/// Per member of staff: their own calendar when their group keeps a roster or days of
/// absence. A roster is the group's calendar, else the pool's, else every hour of every day;
/// days of absence are working days of it closed at random, each with probability
/// (days a year) / (working days in its first year), drawn from the member's own stream
/// (their pool, group and place in the group).
fn personal_calendars(
    model: &Model,
    home: &[u32],
    group: &[u32],
    streams: &Streams,
) -> Vec<Option<Box<Calendar>>> {
    let groups: Vec<&crate::scenario::model::MemberGroup> =
        model.pools.iter().flat_map(|p| &p.groups).collect();
    let s = &model.settings;
    let horizon = s.horizon * DRAIN_FACTOR * s.time_unit.minutes();
    let always = || {
        let day = vec![crate::calendar::Period {
            start: 0,
            end: 24 * 60,
        }];
        Calendar::new(
            crate::calendar::CalendarSpec {
                epoch: s.start_date,
                weekly: std::array::from_fn(|_| day.clone()),
                holidays: Vec::new(),
                makeup_days: Vec::new(),
                makeup_periods: None,
            },
            horizon,
        )
        .ok()
    };
    // A member's stream is keyed by their group and place in it, not their place in the
    // pool: training that moves members between two groups, or another group's size, leaves
    // everyone else's days away as they were.
    let mut place = vec![0u64; groups.len()];
    home.iter()
        .zip(group)
        .map(|(&p, &g)| {
            let grp = groups.get(g as usize)?;
            let n = place[g as usize];
            place[g as usize] += 1;
            if !grp.rostered() {
                return None;
            }
            let pool = &model.pools[p as usize];
            let base = match grp.calendar.or(pool.calendar) {
                Some(c) => model.calendars[c as usize].calendar.clone(),
                None => always()?,
            };
            if grp.absence <= 0.0 {
                return Some(Box::new(base));
            }
            let p_off = grp.absent_share(base.working_days_first_year());
            // A labelled group by its label, another by its place (`#2`), so that a group
            // labelled "2" does not share the stream of the second group.
            let group = match &grp.label {
                Some(label) => format!("label={label}"),
                None => format!("#{}", grp.key),
            };
            let key = crate::scenario::parse::stage_key(&format!("{}/{group}", pool.name));
            let mut rng = streams.absence(key, n);
            let off: Vec<usize> = (0..base.table_days())
                .filter(|&d| base.is_working_day(d as i64) && rng.random::<f64>() < p_off)
                .collect();
            Some(Box::new(base.with_days_off(&off)))
        })
        .collect()
}

/// Per staff slot (members of all pools in order): its pool, its member group (global index,
/// or [`NO_GROUP`]) and its speed.
fn staff(pools: &[Pool]) -> (Vec<u32>, Vec<u32>, Vec<f64>) {
    let (mut home, mut group, mut speed) = (Vec::new(), Vec::new(), Vec::new());
    for (p, pool) in pools.iter().enumerate() {
        if pool.groups.is_empty() {
            home.extend(std::iter::repeat_n(p as u32, pool.size as usize));
            group.extend(std::iter::repeat_n(NO_GROUP, pool.size as usize));
            speed.extend(std::iter::repeat_n(1.0, pool.size as usize));
            continue;
        }
        let offset = Pool::group_offset(pools, p) as u32;
        for (g, grp) in pool.groups.iter().enumerate() {
            home.extend(std::iter::repeat_n(p as u32, grp.count as usize));
            group.extend(std::iter::repeat_n(offset + g as u32, grp.count as usize));
            speed.extend(std::iter::repeat_n(grp.speed, grp.count as usize));
        }
    }
    (home, group, speed)
}

/// The branch the uniform `u` picks when the work was done by a member group of `quality`
/// ([`Branch::quality_factors`]).
fn with_quality(branches: &[Branch], u: f64, quality: f64) -> &Branch {
    let (to_back, to_onward) = Branch::quality_factors(branches, quality);
    let mut cumulative = 0.0;
    for b in branches {
        cumulative += b.p * if b.sends_back() { to_back } else { to_onward };
        if u < cumulative {
            return b;
        }
    }
    &branches[branches.len() - 1]
}
