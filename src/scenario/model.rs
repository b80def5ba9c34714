//! The validated, index-based model the engine runs.
//!
//! Everything here has been checked by [`crate::scenario::parse`]: names are resolved to
//! indices, distributions are built, routes are known to terminate. The engine never looks
//! a name up.

use std::fmt;

use crate::calendar::Calendar;
use crate::dist::Dist;

/// Index of a stage in [`Model::stages`].
pub type StageId = u32;
/// Index of a staff pool in [`Model::pools`].
pub type PoolId = u32;
/// Index of a customer class in [`Model::classes`].
pub type ClassId = u32;

/// Where a route leads: a stage, or out of the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// Continue at this stage.
    Stage(StageId),
    /// Leave the process (`"end"`).
    End,
}

/// The time unit of bare numbers in a scenario, and of reported results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Calendar days.
    Day,
}

impl TimeUnit {
    /// The unit's name as written in a scenario file.
    pub fn name(self) -> &'static str {
        match self {
            TimeUnit::Minute => "minute",
            TimeUnit::Hour => "hour",
            TimeUnit::Day => "day",
        }
    }

    /// Parses the name written in a scenario file.
    pub fn from_name(name: &str) -> Option<TimeUnit> {
        // As Chinese staff write them too, as in times ("3天").
        match name {
            "minute" | "分钟" | "分" => Some(TimeUnit::Minute),
            "hour" | "小时" => Some(TimeUnit::Hour),
            "day" | "天" | "日" => Some(TimeUnit::Day),
            _ => None,
        }
    }

    /// Length of one unit in minutes.
    pub fn minutes(self) -> f64 {
        match self {
            TimeUnit::Minute => 1.0,
            TimeUnit::Hour => 60.0,
            TimeUnit::Day => 1440.0,
        }
    }
}

/// Index of a calendar in [`Model::calendars`].
pub type CalendarId = u32;

/// A staff pool.
#[derive(Debug, Clone, PartialEq)]
pub struct Pool {
    /// Name used in the scenario file.
    pub name: String,
    /// Display label (e.g. 设计审查组), if any.
    pub label: Option<String>,
    /// Number of staff members.
    pub size: u32,
    /// Office hours of the pool; `None` = always working.
    pub calendar: Option<CalendarId>,
    /// Share of the staff's working time spent on this process (0 < a ≤ 1): touch time is
    /// stretched by 1/a.
    pub availability: f64,
    /// Cost per staff member per year (any currency), for staffing sweeps.
    pub cost: Option<f64>,
    /// Groups of members who work alike (`members = [...]`), in file order; empty when the
    /// pool is `size` identical members.
    pub groups: Vec<MemberGroup>,
    /// Which free member takes a waiting case, when members differ.
    pub dispatch: Dispatch,
    /// Yearly cost of training and incentives (the `train` operator adds to it), counted in
    /// staffing sweeps beside `size × cost`.
    pub training_cost: f64,
}

impl Pool {
    /// The index of the first of this pool's groups among all pools' groups, given the pools
    /// before it.
    pub fn group_offset(pools: &[Pool], pool: usize) -> usize {
        pools[..pool].iter().map(|p| p.groups.len()).sum()
    }

    /// Members of other pools who also take this pool's work (cross-trained).
    pub fn shared_in(pools: &[Pool], pool: PoolId) -> u32 {
        pools
            .iter()
            .flat_map(|p| &p.groups)
            .filter(|g| g.also.contains(&pool))
            .map(|g| g.count)
            .sum()
    }

    /// The rework multiplier of the pool's work: its member groups' `quality`, each weighted
    /// by the share of the work the group does with everyone busy (its count × speed); 1 for
    /// a pool of identical members.
    pub fn mean_quality(&self) -> f64 {
        let capacity = self.capacity();
        if self.groups.iter().all(|g| g.quality == 1.0) || capacity <= 0.0 {
            return 1.0;
        }
        self.groups
            .iter()
            .map(|g| f64::from(g.count) * g.speed * g.quality)
            .sum::<f64>()
            / capacity
    }

    /// Work the pool does per unit of its open time with everyone busy: its size, or the sum of
    /// its members' speeds.
    pub fn capacity(&self) -> f64 {
        if self.groups.is_empty() {
            f64::from(self.size)
        } else {
            self.groups
                .iter()
                .map(|g| f64::from(g.count) * g.speed)
                .sum()
        }
    }
}

/// Members of a pool who work alike.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberGroup {
    /// How many.
    pub count: u32,
    /// Work per unit of time relative to the stage's duration: a task takes `duration / speed`.
    pub speed: f64,
    /// Display name (e.g. "senior").
    pub label: Option<String>,
    /// Its name in results: `pool/label`, or `pool/1` (its place in the list) without a label.
    pub key: String,
    /// Multiplier on the rework probability of the stages this group's members work on (a
    /// novice's plan is rejected more often: above 1).
    pub quality: f64,
    /// Wright's learning curve: each doubling of the tasks a member has done multiplies the
    /// work time by `rate`, from `experience` tasks done before the run.
    pub learning: Option<Learning>,
    /// Other pools whose work these members also take (cross-training), in order, when no
    /// work of their own pool waits.
    pub also: Vec<PoolId>,
    /// The members' own hours (a roster), instead of the pool's.
    pub calendar: Option<CalendarId>,
    /// Working days a year each member is away, as random whole days.
    pub absence: f64,
}

impl MemberGroup {
    /// Whether its members keep their own timetable (a roster or days of absence).
    pub fn rostered(&self) -> bool {
        self.calendar.is_some() || self.absence > 0.0
    }

    /// The chance that a member is away on a working day, with `working_days` a year on
    /// their calendar ([`Calendar::working_days_first_year`]).
    pub fn absent_share(&self, working_days: usize) -> f64 {
        (self.absence / working_days.max(1) as f64).min(1.0)
    }
}

/// A learning curve (Wright's law).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Learning {
    /// Work time multiplier per doubling of tasks done (0 < rate <= 1).
    pub rate: f64,
    /// Tasks each member has done before the run (at least 1).
    pub experience: f64,
}

impl Learning {
    /// The work-time multiplier of a member's task after `done` tasks in the run, relative to
    /// the duration drawn (which is the time at the starting experience).
    pub fn factor(&self, done: u32) -> f64 {
        ((self.experience + f64::from(done)) / self.experience).powf(self.rate.log2())
    }
}

/// Which free member takes a waiting case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dispatch {
    /// The fastest free member; among equals, the one free the longest.
    #[default]
    Fastest,
    /// The member free the longest.
    LongestIdle,
}

/// A named working calendar.
#[derive(Debug, Clone)]
pub struct NamedCalendar {
    /// Name used in the scenario file.
    pub name: String,
    /// Display label, if any.
    pub label: Option<String>,
    /// The calendar (times in minutes since the scenario's start date).
    pub calendar: Calendar,
    /// The years whose holidays it lists (`covers`, or the years of its holiday and make-up
    /// dates); none for a plain weekly calendar, which holds in any year.
    pub covers: std::collections::BTreeSet<i32>,
}

impl NamedCalendar {
    /// The first date in `from..=to` that falls in a year the calendar's holiday data does not
    /// cover (on which it follows its plain weekly pattern, holidays unknown), if any.
    pub fn first_uncovered(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Option<chrono::NaiveDate> {
        use chrono::Datelike;
        if self.covers.is_empty() {
            return None;
        }
        (from.year()..=to.year())
            .find(|y| !self.covers.contains(y))
            .and_then(|y| chrono::NaiveDate::from_ymd_opt(y, 1, 1))
            .map(|d| d.max(from))
    }
}

impl PartialEq for NamedCalendar {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

/// A statutory time limit on the utility-side time of a case.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit {
    /// The limit: in working days when `working`, else in the scenario's time unit.
    pub value: f64,
    /// Whether the limit counts working days of the scenario calendar.
    pub working: bool,
}

/// A duration distribution and how it elapses.
#[derive(Debug, Clone, PartialEq)]
pub struct Duration {
    /// The distribution, in the scenario's time unit (of working time when `working`).
    pub dist: Dist,
    /// Given in working days (`"2wd"`): for external and hand-off stages it elapses only in
    /// the scenario calendar's open time. Staffed work always elapses in its pool's open time.
    pub working: bool,
}

/// How cases of a class arrive.
#[derive(Debug, Clone, PartialEq)]
pub enum Arrival {
    /// Poisson arrivals with this rate per time unit.
    Poisson {
        /// Arrivals per time unit.
        rate: f64,
    },
    /// Renewal arrivals with this inter-arrival distribution.
    Renewal(Dist),
    /// Poisson arrivals whose rate varies with the office's hours and the day: a
    /// non-homogeneous Poisson process, drawn by thinning.
    Varying(VaryingArrivals),
    /// Arrival times replayed from a file.
    Trace {
        /// Times in time units from the start date, ascending.
        times: std::sync::Arc<[f64]>,
        /// Arrivals in the horizon per time unit.
        rate: f64,
    },
}

/// Poisson arrivals that come only while a calendar is open, or at a rate that varies by
/// weekday and month, or both.
#[derive(Debug, Clone, PartialEq)]
pub struct VaryingArrivals {
    /// Arrivals per time unit of open time (of elapsed time without a calendar), before the
    /// day's multiplier.
    pub rate: f64,
    /// Arrivals come only while this calendar is open.
    pub calendar: Option<CalendarId>,
    /// The multiplier of each simulated day from the start date (weekday profile times month
    /// profile); empty when the rate does not vary by day. Days past its end take its last.
    pub daily: std::sync::Arc<[f64]>,
    /// The largest of `daily` (1 when it is empty).
    pub peak: f64,
    /// Long-run arrivals per elapsed time unit over the horizon.
    pub mean_rate: f64,
    /// Weekdays (0 = Monday) whose multiplier in the weekday profile is neither 0 nor 1
    /// though the arrival calendar never opens on them, with that multiplier: never used.
    pub unused_weekdays: Vec<(usize, f64)>,
}

impl Arrival {
    /// Long-run arrivals per time unit.
    pub fn rate(&self) -> f64 {
        match self {
            Arrival::Poisson { rate } => *rate,
            Arrival::Renewal(d) => 1.0 / d.mean(),
            Arrival::Varying(v) => v.mean_rate,
            Arrival::Trace { rate, .. } => *rate,
        }
    }
}

/// A customer class.
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    /// Name used in the scenario file and in results.
    pub name: String,
    /// Display label, if any.
    pub label: Option<String>,
    /// Arrival process.
    pub arrival: Arrival,
    /// First stage of every case of this class.
    pub start: StageId,
    /// Statutory limit on utility-side time, if any.
    pub limit: Option<Limit>,
    /// Priority at pools: higher is served first; equal priorities are FIFO.
    pub priority: i64,
}

/// What kind of work a stage is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageKind {
    /// Queue for a member of the pool, work for the duration, release.
    Staffed {
        /// The pool that serves this stage.
        pool: PoolId,
    },
    /// Customer-side or third-party time: no staff, no queue; stops the statutory clock.
    External,
    /// Information moving between departments: a delay, optionally after waiting for the
    /// next scheduled collection.
    Handoff {
        /// Collection times (minutes after midnight) on working days of the scenario
        /// calendar; empty = the delay starts at once.
        collect: Vec<u32>,
    },
}

/// One probabilistic branch of a route.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Branch {
    /// Where the branch leads.
    pub to: Target,
    /// Probability of this branch.
    pub p: f64,
    /// Cumulative probability up to and including this branch (the last one is exactly 1).
    pub cumulative: f64,
    /// Whether following this branch is counted as a rework loop: a way back to redo work
    /// (see `redo`), or the way that closes a loop without one.
    pub rework: bool,
    /// Whether this branch leads, sooner or later, back to the stage it leaves: the case is
    /// in rework from here until it passes that stage again.
    pub redo: bool,
}

impl Branch {
    /// Whether the branch sends the work back: a way counted as rework, or one that returns
    /// to redo the stage it leaves. A member group's `quality` scales these.
    pub fn sends_back(&self) -> bool {
        self.rework || self.redo
    }

    /// The factors a member group of `quality` multiplies `branches`' probabilities by:
    /// those that send the work back (together at most 1), and the others, which share what
    /// is left in their written proportions. (1, 1) when all or none send back.
    pub fn quality_factors(branches: &[Branch], quality: f64) -> (f64, f64) {
        let rework: f64 = branches
            .iter()
            .filter(|b| b.sends_back())
            .map(|b| b.p)
            .sum();
        if rework <= 0.0 || rework >= 1.0 {
            return (1.0, 1.0);
        }
        let scaled = (rework * quality).min(1.0);
        (scaled / rework, (1.0 - scaled) / (1.0 - rework))
    }
}

/// Where a case goes after a stage.
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    /// Always to the same place.
    Next {
        /// The target.
        to: Target,
        /// Whether this closes a loop that no branch decides (counted as rework).
        rework: bool,
    },
    /// One of several targets, drawn at random.
    Branches(Vec<Branch>),
    /// Rework with memory: on the n-th visit of this stage (counting from 0) the case goes
    /// back to `to` with probability `p[min(n, len − 1)]`, unless it has already been sent
    /// back `max` times; otherwise it continues at `otherwise`.
    Rework {
        /// Where rework goes (an earlier stage).
        to: Target,
        /// Rework probability by attempt; the last value repeats.
        p: Vec<f64>,
        /// Largest number of rework loops from this stage.
        max: u32,
        /// Where the case goes when there is no rework.
        otherwise: Target,
        /// Whether going to `to` is counted as a rework loop.
        back: bool,
        /// Whether `to` leads back to this stage (the case is in rework until it passes the
        /// stage again).
        redo: bool,
    },
    /// All branch stages run concurrently; the case continues at `join` once every
    /// branch has routed to `join`.
    Fork {
        /// First stage of each parallel branch.
        branches: Vec<StageId>,
        /// Where the branches meet.
        join: Target,
    },
}

impl Route {
    /// Every target the route is written with, also those it takes with probability 0
    /// (a rework loop or a branch switched off by `--set`).
    pub fn written_targets(&self) -> Vec<Target> {
        match self {
            Route::Branches(b) => b.iter().map(|b| b.to).collect(),
            Route::Rework { to, otherwise, .. } => vec![*to, *otherwise],
            _ => self.targets(),
        }
    }

    /// Every target this route can lead to with positive probability.
    pub fn targets(&self) -> Vec<Target> {
        match self {
            Route::Next { to, .. } => vec![*to],
            Route::Branches(b) => b.iter().filter(|b| b.p > 0.0).map(|b| b.to).collect(),
            Route::Rework {
                to,
                p,
                otherwise,
                max,
                ..
            } => {
                if *max > 0 && p.iter().any(|&x| x > 0.0) {
                    vec![*to, *otherwise]
                } else {
                    vec![*otherwise]
                }
            }
            Route::Fork { branches, .. } => branches.iter().map(|s| Target::Stage(*s)).collect(),
        }
    }
}

/// A step of the process.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// Name used in the scenario file and in results.
    pub name: String,
    /// Display label (e.g. 现场勘查), if any.
    pub label: Option<String>,
    /// Staffed, external or hand-off.
    pub kind: StageKind,
    /// Touch time (staffed) or elapsed time (external, hand-off), by default.
    pub duration: Duration,
    /// Where cases go next, by default.
    pub route: Route,
    /// The fork stage whose parallel branch contains this stage, if any. Inside a branch, a
    /// route into the fork's join ends the branch.
    pub branch_of: Option<StageId>,
    /// Stable identity of the stage's duration draws (a hash of its name, or of the name in
    /// `streams.duration`), so the same work draws the same numbers whatever else the
    /// scenario contains.
    pub duration_key: u64,
    /// Stable identity of the stage's routing draws (its name, or `streams.route`).
    pub route_key: u64,
}

/// Run settings from the `[scenario]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Scenario name.
    pub name: String,
    /// Unit of bare numbers and of results.
    pub time_unit: TimeUnit,
    /// Simulated time per replication.
    pub horizon: f64,
    /// Cases arriving before this time are excluded from statistics.
    pub warmup: f64,
    /// Number of replications.
    pub replications: u32,
    /// Master seed.
    pub seed: u64,
    /// The calendar of working days (`"wd"` units, statutory clock, hand-off schedules).
    pub calendar: Option<CalendarId>,
    /// Calendar date at simulated time 0 (00:00).
    pub start_date: chrono::NaiveDate,
}

/// A case's arrival in [warm-up, horizon] makes it *counted*: its lead time is observed even
/// if it finishes after the horizon, so long cases are not censored. The run goes on past the
/// horizon (arrivals included, so the load stays the same) until every counted case has
/// left, or until `DRAIN_FACTOR × horizon`, whichever is first.
pub const DRAIN_FACTOR: f64 = 3.0;

/// A validated scenario, ready to simulate.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Run settings.
    pub settings: Settings,
    /// Staff pools.
    pub pools: Vec<Pool>,
    /// Customer classes.
    pub classes: Vec<Class>,
    /// Stages, in file order.
    pub stages: Vec<Stage>,
    /// Calendars.
    pub calendars: Vec<NamedCalendar>,
    /// Effective duration of each (class, stage) at `class * stages.len() + stage`:
    /// the stage default or the class's override.
    pub durations: Vec<Duration>,
    /// Effective route of each (class, stage), same indexing, with rework edges marked.
    pub routes: Vec<Route>,
}

/// Offered load of one pool: the share of its capacity the arriving work needs.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolLoad {
    /// The pool.
    pub pool: PoolId,
    /// Work arriving per time unit divided by the pool's capacity (1 or more: unstable).
    pub utilization: f64,
    /// The same work in staff-equivalents: how many members, each with the pool's
    /// availability and open hours, it would keep busy all the time.
    pub staff_equivalents: f64,
    /// The pool's size.
    pub staff: u32,
}

/// Offered load, as a share of capacity, from which a pool is unstable: 1, less the rounding
/// of the sums that make it (a pool with office hours loaded exactly to its capacity comes
/// out a few units of the last place below 1, and must not be called merely saturated).
pub const UNSTABLE_LOAD: f64 = 1.0 - 1e-9;

impl PoolLoad {
    /// Whether the work arriving needs all of the pool's capacity or more: its queue grows
    /// without bound.
    pub fn unstable(&self) -> bool {
        self.utilization >= UNSTABLE_LOAD
    }

    /// The least size of the pool whose load is below [`UNSTABLE_LOAD`] (at what each member
    /// carries now: rosters, days away, speeds), or `None` when no number of staff carries
    /// the work (hours that never open in the run).
    pub fn least_stable_size(&self) -> Option<u32> {
        let needed = self.utilization * f64::from(self.staff.max(1)) / UNSTABLE_LOAD;
        (needed.is_finite() && needed < f64::from(u32::MAX / 2)).then(|| needed.floor() as u32 + 1)
    }
}

impl fmt::Display for PoolLoad {
    /// "3.11 staff-equivalents for 3 staff (104%)".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // What the staff can carry, in staff-equivalents: their head count, unless rosters,
        // days away or speeds make it more or less, which the share is then of.
        let capacity = self.staff_equivalents / self.utilization;
        let (load, staff) = (
            format!("{:.2}", self.staff_equivalents),
            self.staff.to_string(),
        );
        let share = format!("{:.0}%", 100.0 * self.utilization);
        f.write_str(&if capacity.is_finite() && (capacity - f64::from(self.staff)).abs() >= 0.005 {
            crate::i18n::Lang::En.fill(
                "{load} staff-equivalents for {staff} staff, who carry {capacity} with their hours, speeds and days away ({share})",
                &[
                    ("load", &load),
                    ("staff", &staff),
                    ("capacity", &format!("{capacity:.2}")),
                    ("share", &share),
                ],
            )
        } else {
            crate::i18n::Lang::En.fill(
                "{load} staff-equivalents for {staff} staff ({share})",
                &[("load", &load), ("staff", &staff), ("share", &share)],
            )
        })
    }
}

impl Model {
    /// Effective duration of `stage` for `class`.
    pub fn duration(&self, class: ClassId, stage: StageId) -> &Duration {
        &self.durations[class as usize * self.stages.len() + stage as usize]
    }

    /// Effective route of `stage` for `class`.
    pub fn route(&self, class: ClassId, stage: StageId) -> &Route {
        &self.routes[class as usize * self.stages.len() + stage as usize]
    }

    /// The join that ends the parallel branch `stage` is in, if it is inside one.
    pub fn branch_join(&self, stage: StageId) -> Option<Target> {
        self.stages[stage as usize]
            .branch_of
            .and_then(|f| match &self.stages[f as usize].route {
                Route::Fork { join, .. } => Some(*join),
                _ => None,
            })
    }

    /// The scenario calendar, if any.
    pub fn calendar(&self) -> Option<&Calendar> {
        self.settings
            .calendar
            .map(|c| &self.calendars[c as usize].calendar)
    }

    /// Length of one working day in the scenario's time unit, if there is a calendar.
    pub fn working_day(&self) -> Option<f64> {
        self.calendar()
            .map(|c| c.working_day_minutes() / self.settings.time_unit.minutes())
    }

    /// Expected number of visits to each stage per case of `class`.
    ///
    /// Exact for rework whose probability depends on the attempt and is capped by `max`: the
    /// case's state is its stage and the number of visits it has made to each stage with a
    /// rework decision (capped where more visits no longer change that decision), and the
    /// expected visits are the total probability mass that passes through each stage while
    /// the mass still in the process is propagated to its exit. Each fork sends one visit into
    /// each of its branches; a branch's own route into the join ends the branch, and the
    /// join continues with the visits each branch added to the counts (a case keeps its
    /// attempts at a stage inside a branch when it passes the fork again, as the engine
    /// counts them).
    pub fn expected_visits(&self, class: ClassId) -> Vec<f64> {
        let n = self.stages.len();
        // The stages with a rework decision for this class, and how far their visit count
        // matters: up to `max`, or, without a cap, up to the last listed probability.
        let counted: Vec<(StageId, u32)> = (0..n as StageId)
            .filter_map(|s| match self.route(class, s) {
                Route::Rework { p, max, .. } => {
                    let last = p.len().saturating_sub(1) as u32;
                    Some((s, if *max == u32::MAX { last } else { *max }))
                }
                _ => None,
            })
            .collect();
        let mut visits = vec![0.0; n];
        let start = self.classes[class as usize].start;
        let walk = Walk {
            model: self,
            class,
            counted: &counted,
            forks: Default::default(),
        };
        walk.propagate(
            std::collections::HashMap::from([((start, vec![0; counted.len()]), 1.0)]),
            None,
            &mut visits,
        );
        visits
    }

    /// The name of member `index` (numbered over all pools' members in pool order, groups in
    /// order): `pool:n`, counting from 1 within the pool.
    pub fn member_name(&self, index: u32) -> String {
        let mut first = 0;
        for p in &self.pools {
            if index < first + p.size {
                return format!("{}:{}", p.name, index - first + 1);
            }
            first += p.size;
        }
        String::new()
    }

    /// [`Pool::capacity`] over the run: times the `open` share of the pool's hours, with
    /// each member group's own hours and days of absence counted (a member on a roster works
    /// its roster's share of the run; one away `absence` working days a year is there the
    /// rest of them).
    fn open_capacity(&self, pool: &Pool, open: f64) -> f64 {
        if !pool.groups.iter().any(MemberGroup::rostered) {
            return pool.capacity() * open;
        }
        pool.groups
            .iter()
            .map(|g| self.group_capacity(pool, g, open))
            .sum()
    }

    /// One member group's share of [`Model::open_capacity`].
    fn group_capacity(&self, pool: &Pool, g: &MemberGroup, open: f64) -> f64 {
        if !g.rostered() {
            return f64::from(g.count) * g.speed * open;
        }
        let calendar = g
            .calendar
            .or(pool.calendar)
            .map(|c| &self.calendars[c as usize].calendar);
        let open = calendar.map_or(1.0, |c| self.open_share(c));
        // As the engine draws absences: a share of the calendar's working days.
        let year = calendar.map_or(365, Calendar::working_days_first_year);
        let present = 1.0 - g.absent_share(year);
        f64::from(g.count) * g.speed * open * present
    }

    /// Share of the run (time 0 to the horizon) that `cal` is open: holidays, make-up days
    /// and partial weeks counted, as the long-run arrival rate of a class that follows a
    /// calendar counts them, so that both sides of a load see the same days. The share of a
    /// plain week when the horizon is not a positive finite time.
    pub fn open_share(&self, cal: &Calendar) -> f64 {
        let end = self.settings.horizon * self.settings.time_unit.minutes();
        if end.is_finite() && end > 0.0 {
            cal.working_between(0.0, end) / end
        } else {
            cal.open_share_of_week()
        }
    }

    /// Whether a pool is offered at least as much work as it can do: its queue grows
    /// without bound, and a run's figures with the run's length.
    pub fn unstable(&self) -> bool {
        self.pool_loads().iter().any(PoolLoad::unstable)
    }

    /// Offered load of every pool, in pool order.
    pub fn pool_loads(&self) -> Vec<PoolLoad> {
        self.offered().into_iter().map(|(load, ..)| load).collect()
    }

    /// How long, in time units, each pool's queue takes to forget an empty start: the
    /// relaxation time of an M/M/c queue at its offered load, `s / (C (1 - sqrt(load))^2)`
    /// for a mean work `s` per visit and a capacity `C` in staff (Morse 1955; the decay rate
    /// of M/M/c, `(sqrt(c mu) - sqrt(lambda))^2`). Infinite when unstable, 0 without work.
    pub fn relaxation_times(&self) -> Vec<f64> {
        self.offered()
            .into_iter()
            .map(|(load, per_visit, capacity)| {
                if per_visit <= 0.0 {
                    0.0
                } else if load.unstable() {
                    f64::INFINITY
                } else {
                    per_visit / (capacity * (1.0 - load.utilization.sqrt()).powi(2))
                }
            })
            .collect()
    }

    /// Each pool's load, the mean work per visit of the work offered to it, and its
    /// capacity in staff carrying it all the time.
    fn offered(&self) -> Vec<(PoolLoad, f64, f64)> {
        let mut work = vec![0.0; self.pools.len()];
        let mut visit_rate = vec![0.0; self.pools.len()];
        for (c, class) in self.classes.iter().enumerate() {
            let visits = self.expected_visits(c as ClassId);
            let rate = class.arrival.rate();
            for (s, stage) in self.stages.iter().enumerate() {
                if let StageKind::Staffed { pool } = stage.kind {
                    work[pool as usize] +=
                        rate * visits[s] * self.duration(c as ClassId, s as StageId).dist.mean();
                    visit_rate[pool as usize] += rate * visits[s];
                }
            }
        }
        // Capacity: staff × availability × the share of time the office is open.
        let open: Vec<f64> = self
            .pools
            .iter()
            .map(|p| {
                p.calendar.map_or(1.0, |c| {
                    self.open_share(&self.calendars[c as usize].calendar)
                })
            })
            .collect();
        let own: Vec<f64> = self
            .pools
            .iter()
            .zip(&open)
            .map(|(p, &open)| p.availability * self.open_capacity(p, open))
            .collect();
        // Cross-trained members carry another pool's work with the time their own pool's
        // work leaves them (it goes first): at most their capacity, at most that spare.
        let mut helped = vec![0.0; self.pools.len()];
        for (q, pool) in self.pools.iter().enumerate() {
            let spare = (own[q] - work[q]).max(0.0);
            for (i, help) in helped.iter_mut().enumerate() {
                let helpers: f64 = pool
                    .groups
                    .iter()
                    .filter(|g| i != q && g.also.contains(&(i as PoolId)))
                    .map(|g| pool.availability * self.group_capacity(pool, g, open[q]))
                    .sum();
                if helpers > 0.0 {
                    *help += helpers.min(spare);
                }
            }
        }
        self.pools
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let load = PoolLoad {
                    pool: i as PoolId,
                    utilization: work[i] / (own[i] + helped[i]),
                    staff_equivalents: work[i] / (p.availability * open[i]),
                    staff: p.size,
                };
                let per_visit = if work[i] > 0.0 {
                    work[i] / visit_rate[i]
                } else {
                    0.0
                };
                (load, per_visit, own[i] + helped[i])
            })
            .collect()
    }
}

/// The flow of one class's cases through the stages, for [`Model::expected_visits`].
struct Walk<'a> {
    model: &'a Model,
    class: ClassId,
    /// The stages whose visits are counted, each with the count beyond which it no longer
    /// changes a decision.
    counted: &'a [(StageId, u32)],
    /// [`Walk::fork`]'s answers, by fork and counts.
    forks: std::cell::RefCell<std::collections::HashMap<WalkState, ForkWalk>>,
}

/// What the branches of a fork add for one case: the visits, and the chance of each set of
/// counts at the join.
type ForkWalk = (Vec<f64>, std::collections::HashMap<Vec<u32>, f64>);

/// A stage and the visit counts of the counted stages.
type WalkState = (StageId, Vec<u32>);

impl Walk<'_> {
    /// The branches of the fork at `stage` walked from `counts`, for one case: the visits
    /// they add, and the chance of each set of counts the case reaches the join with. Each
    /// branch is walked on its own from the counts at the fork; the join goes on with the
    /// visits each branch added (to a stage two branches share, the sum of both). A fork in
    /// a loop is met again with the same counts: walked once.
    fn fork(
        &self,
        stage: StageId,
        branches: &[StageId],
        join: Target,
        counts: &[u32],
    ) -> (Vec<f64>, std::collections::HashMap<Vec<u32>, f64>) {
        use std::collections::HashMap;
        let key = (stage, counts.to_vec());
        if let Some(known) = self.forks.borrow().get(&key) {
            return known.clone();
        }
        let mut visits = vec![0.0; self.model.stages.len()];
        let mut joint: HashMap<Vec<u32>, f64> = HashMap::from([(counts.to_vec(), 1.0)]);
        for b in branches {
            let ended = self.propagate(
                HashMap::from([((*b, counts.to_vec()), 1.0)]),
                Some(join),
                &mut visits,
            );
            let mut combined = HashMap::with_capacity(joint.len() * ended.len());
            for (before, p) in &joint {
                for (after, q) in &ended {
                    let merged: Vec<u32> = before
                        .iter()
                        .zip(after)
                        .zip(counts)
                        .zip(self.counted)
                        .map(|(((b, a), at_fork), (_, cap))| (b + (a - at_fork)).min(*cap))
                        .collect();
                    *combined.entry(merged).or_insert(0.0) += p * q;
                }
            }
            joint = combined;
        }
        let out = (visits, joint);
        self.forks.borrow_mut().insert(key, out.clone());
        out
    }

    /// Moves `mass` through the stages until it leaves the process or reaches `stop` (a
    /// fork's join), adding what passes each stage to `visits`; returns the mass that
    /// reached `stop` by the counts it came with.
    fn propagate(
        &self,
        mut mass: std::collections::HashMap<WalkState, f64>,
        stop: Option<Target>,
        visits: &mut [f64],
    ) -> std::collections::HashMap<Vec<u32>, f64> {
        use std::collections::HashMap;
        let model = self.model;
        let slot = |s: StageId| self.counted.iter().position(|(c, _)| *c == s);
        let mut arrived: HashMap<Vec<u32>, f64> = HashMap::new();
        // Mass below this is dropped: far below any figure reported (loads to 3 decimals).
        const NEGLIGIBLE: f64 = 1e-15;
        // Each round moves every case one step; every stage reaches the exit (validation
        // checked it), so the mass left decays geometrically.
        let (mut before, mut now) = (f64::NAN, f64::NAN);
        for _ in 0..1_000_000 {
            if mass.is_empty() {
                break;
            }
            (before, now) = (now, mass.values().sum());
            let mut next: HashMap<WalkState, f64> = HashMap::with_capacity(mass.len());
            let mut send = |to: Target, counts: &Vec<u32>, m: f64| {
                if m <= NEGLIGIBLE {
                    return;
                }
                if Some(to) == stop {
                    *arrived.entry(counts.clone()).or_insert(0.0) += m;
                } else if let Target::Stage(s) = to {
                    *next.entry((s, counts.clone())).or_insert(0.0) += m;
                }
            };
            for ((stage, counts), m) in mass {
                visits[stage as usize] += m;
                // The members' quality scales the share of work sent back.
                let quality = match model.stages[stage as usize].kind {
                    StageKind::Staffed { pool } => model.pools[pool as usize].mean_quality(),
                    _ => 1.0,
                };
                match model.route(self.class, stage) {
                    Route::Next { to, .. } => send(*to, &counts, m),
                    Route::Branches(bs) if quality != 1.0 => {
                        let (to_back, to_onward) = Branch::quality_factors(bs, quality);
                        bs.iter().for_each(|b| {
                            let f = if b.sends_back() { to_back } else { to_onward };
                            send(b.to, &counts, m * b.p * f)
                        })
                    }
                    Route::Branches(bs) => bs.iter().for_each(|b| send(b.to, &counts, m * b.p)),
                    Route::Rework {
                        to,
                        p,
                        max,
                        otherwise,
                        ..
                    } => {
                        let i = slot(stage).unwrap_or(0);
                        let attempt = counts[i];
                        let last = p.len().saturating_sub(1);
                        let q = if attempt < *max {
                            p.get((attempt as usize).min(last)).copied().unwrap_or(0.0)
                        } else {
                            0.0
                        };
                        let q = if quality == 1.0 {
                            q
                        } else {
                            (q * quality).min(1.0)
                        };
                        let mut after = counts.clone();
                        after[i] = (attempt + 1).min(self.counted[i].1);
                        send(*to, &after, m * q);
                        send(*otherwise, &after, m * (1.0 - q));
                    }
                    Route::Fork { branches, join } => {
                        let (branch_visits, joint) = self.fork(stage, branches, *join, &counts);
                        for (v, b) in visits.iter_mut().zip(&branch_visits) {
                            *v += m * b;
                        }
                        for (counts, p) in joint {
                            send(*join, &counts, m * p);
                        }
                    }
                }
            }
            mass = next;
        }
        // A loop taken with a probability near 1 outlasts the rounds: the mass still in it
        // decays by the ratio of the last two rounds, and makes 1 / (1 - ratio) times its
        // own visits more (all of them when it does not decay).
        if !mass.is_empty() {
            let ratio = now / before;
            let more = if ratio < 1.0 {
                1.0 / (1.0 - ratio)
            } else {
                f64::INFINITY
            };
            for ((stage, _), m) in mass {
                visits[stage as usize] += m * more;
            }
        }
        arrived
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::load_str;

    /// A review that sends work back to `prepare` with `rework`; one staff each, one case
    /// per 10 h, 1 h of work per visit.
    fn model(rework: &str) -> super::Model {
        let text = format!(
            r#"
[scenario]
name = "t"
time_unit = "hour"
horizon = 100
warmup = 0
replications = 1
seed = 1

[pools]
desk = 1
review = 2

[[classes]]
name = "a"
arrival_rate = 0.1
start = "prepare"

[stages.prepare]
pool = "desk"
duration = 1
next = "review"

[stages.review]
pool = "review"
duration = 1
next = {{ rework = "prepare", {rework}, otherwise = "end" }}
"#
        );
        load_str(&text, "t.toml", &[]).expect("valid").model
    }

    fn visits(rework: &str) -> Vec<f64> {
        model(rework).expected_visits(0)
    }

    #[test]
    fn expected_visits_follow_the_rework_probability_of_each_attempt() {
        // 1 + 0.8 (the second attempt is never sent back, and max = 1 anyway).
        let v = visits("p = [0.8, 0.0], max = 1");
        assert!(
            (v[0] - 1.8).abs() < 1e-12 && (v[1] - 1.8).abs() < 1e-12,
            "{v:?}"
        );
        // 1 + 0.4 + 0.4·0.2 + 0.4·0.2·0.2 = 1.496: the last probability repeats up to max.
        let v = visits("p = [0.4, 0.2], max = 3");
        assert!((v[1] - 1.496).abs() < 1e-12, "{v:?}");
        // Always sent back, three times at most: exactly 4 visits.
        let v = visits("p = 1.0, max = 3");
        assert!((v[1] - 4.0).abs() < 1e-12, "{v:?}");
        // One probability, no cap: geometric, 1/(1 − 0.3).
        let v = visits("p = 0.3");
        assert!((v[1] - 1.0 / 0.7).abs() < 1e-12, "{v:?}");
    }

    /// A rework loop inside a fork's branch, the fork passed again after the join: the
    /// case keeps its attempts at the branch's stage, as the engine counts them.
    #[test]
    fn expected_visits_keep_a_branchs_attempts_when_the_fork_is_passed_again() {
        let text = r#"
[scenario]
name = "fork rework"
time_unit = "hour"
horizon = 4000
warmup = 100
replications = 1
seed = 2

[pools]
p1 = 3
p2 = 3
p3 = 3

[[classes]]
name = "c"
arrival_rate = 0.5
start = "split"

[stages.split]
external = true
duration = 0
next = { fork = ["b1", "b2"], join = "final" }

[stages.b1]
pool = "p1"
duration = 1
next = { rework = "b1fix", p = [0.9, 0.0], max = 1, otherwise = "final" }

[stages.b1fix]
external = true
duration = 1
next = "b1"

[stages.b2]
pool = "p2"
duration = 1
next = "final"

[stages.final]
pool = "p3"
duration = 1
next = [{ to = "split", p = 0.5 }, { to = "end", p = 0.5 }]
"#;
        let m = load_str(text, "t.toml", &[]).expect("valid").model;
        let v = m.expected_visits(0);
        // Two passes on average (half go round again). The first pass visits b1 1.9 times
        // (sent back with 0.9 once at most); after it the count is at `max`, so every later
        // pass visits b1 once: 1.9 + 1 = 2.9, not 2 × 1.9.
        let expected = [2.0, 2.9, 0.9, 2.0, 2.0];
        for (got, want) in v.iter().zip(expected) {
            assert!((got - want).abs() < 1e-12, "{v:?}");
        }
        assert!(
            (m.pool_loads()[0].staff_equivalents - 0.5 * 2.9).abs() < 1e-12,
            "{:?}",
            m.pool_loads()
        );
    }

    #[test]
    fn a_loop_that_outlasts_the_walk_is_counted_to_its_end() {
        // A stage that sends its cases back to itself with p: 1 / (1 - p) visits a case.
        for p in [0.9, 1.0 - 1e-5, 1.0 - 1e-9] {
            let text = format!(
                r#"
[scenario]
name = "loop"
time_unit = "hour"
horizon = 100
warmup = 0
replications = 1
seed = 1

[pools]
d = 1

[[classes]]
name = "c"
arrival_rate = 0.001
start = "a"

[stages.a]
pool = "d"
duration = 1
next = [{{ to = "a", p = {p} }}, {{ to = "end", p = {q} }}]
"#,
                q = 1.0 - p
            );
            let m = load_str(&text, "t.toml", &[]).expect("valid").model;
            let v = m.expected_visits(0)[0];
            let want = 1.0 / (1.0 - p);
            assert!((v / want - 1.0).abs() < 1e-6, "p = {p}: {v} against {want}");
        }
    }

    #[test]
    fn cross_trained_members_carry_load_with_the_time_their_own_pool_leaves() {
        // Checks need 1.1 staff-equivalents from 1 checker: unstable alone. Of 3 clerks, one
        // also checks; window work needs 1 of them, so 2 are spare, but only the one helper
        // can check: capacity 1 + 1, load 1.1 / 2.
        let text = |helper: &str, window: f64| {
            format!(
                r#"
[scenario]
name = "cross"
time_unit = "hour"
horizon = 1000
warmup = 0
replications = 1
seed = 1

[pools.clerk]
members = [{{ count = 2 }}, {{ count = 1{helper} }}]

[pools.checker]
size = 1

[[classes]]
name = "a"
arrival_rate = 1.0
start = "c"

[stages.c]
pool = "clerk"
duration = {{ dist = "exponential", mean = {window} }}
next = "k"

[stages.k]
pool = "checker"
duration = {{ dist = "exponential", mean = 1.1 }}
next = "end"
"#
            )
        };
        let loads = |helper: &str, window: f64| {
            load_str(&text(helper, window), "t.toml", &[])
                .expect("valid")
                .model
                .pool_loads()
        };
        let helped = loads(r#", also = ["checker"]"#, 1.0);
        assert!(
            (helped[1].utilization - 1.1 / 2.0).abs() < 1e-12,
            "{helped:?}"
        );
        assert!(!helped[1].unstable());
        // The clerks' own load is what it was.
        assert!(
            (helped[0].utilization - 1.0 / 3.0).abs() < 1e-12,
            "{helped:?}"
        );
        // Without the helper, or with clerks busy enough to leave only 0.05 spare, the checks
        // outrun their capacity.
        assert!(loads("", 1.0)[1].unstable());
        let busy = loads(r#", also = ["checker"]"#, 2.95);
        assert!((busy[1].utilization - 1.1 / 1.05).abs() < 1e-12, "{busy:?}");
        assert!(busy[1].unstable());
    }

    #[test]
    fn offered_load_reads_in_staff_equivalents() {
        // 0.1 cases/h × 1.8 visits × 1 h = 0.18 staff-equivalents for 2 reviewers (9%).
        let m = model("p = [0.8, 0.0], max = 1");
        let load = &m.pool_loads()[1];
        assert!((load.utilization - 0.09).abs() < 1e-12, "{load:?}");
        assert_eq!(load.to_string(), "0.18 staff-equivalents for 2 staff (9%)");
    }

    /// Morse's relaxation time: an M/M/1 queue at load 0.95 with 1 h of work settles over
    /// 1 / (1 - sqrt(0.95))^2 = 1,560 h; two servers at the same load over half that; a
    /// pool without work at once. The warning names the slowest pools while the warm-up is
    /// under three of these times or the run after it under five (a pool near saturation
    /// in its own warning), unless three of them are under 1 % of the run after the warm-up.
    #[test]
    fn relaxation_time_is_that_of_an_m_m_c_queue_at_the_load() {
        let text = |servers: u32, rate: f64, warmup: u32, horizon: u32| {
            format!(
                r#"
[scenario]
name = "t"
time_unit = "hour"
horizon = {horizon}
warmup = {warmup}
replications = 1
seed = 1

[pools]
srv = {servers}
idle = 1

[[classes]]
name = "a"
arrival_rate = {rate}
start = "s"

[stages.s]
pool = "srv"
duration = {{ dist = "exponential", mean = 1 }}
next = "end"
"#
            )
        };
        let model = |t: String| load_str(&t, "t.toml", &[]).expect("valid").model;
        let exact = 1.0 / (1.0 - 0.95f64.sqrt()).powi(2);
        let one = model(text(1, 0.95, 0, 3000)).relaxation_times();
        assert!((one[0] - exact).abs() < 1e-9 * exact, "{one:?}");
        assert_eq!(one[1], 0.0);
        let two = model(text(2, 1.9, 0, 3000)).relaxation_times();
        assert!((two[0] - exact / 2.0).abs() < 1e-9 * exact, "{two:?}");
        let warned = |t: String| {
            crate::scenario::warnings(&model(t))
                .into_iter()
                .find(|w| w.starts_with("the warm-up is short"))
        };
        // At load 0.9: 1 / (1 - sqrt(0.9))^2 = 379.7 h.
        let w = warned(text(1, 0.9, 0, 3000)).expect("warned");
        assert!(
            w.contains("`srv` 380") && w.contains("at least 1139 hours"),
            "{w}"
        );
        // Three relaxation times of warm-up and five after it: no warning; a run too short
        // after a long enough warm-up still gets one.
        assert_eq!(warned(text(1, 0.9, 1200, 3200)), None);
        // Only the bound the run misses is asked for.
        let after = warned(text(1, 0.9, 1200, 3000)).unwrap();
        assert!(
            after.contains("give the run at least") && !after.contains("a warm-up of at least"),
            "{after}"
        );
        let before = warned(text(1, 0.9, 100, 9000)).unwrap();
        assert!(
            before.contains("a warm-up of at least") && !before.contains("after it (five"),
            "{before}"
        );
        assert_eq!(warned(text(1, 0.5, 100, 1000)), None);
        // At load 0.5 the start-up lasts 3 × 11.7 h: under 1 % of a 4,000 h run, not warned
        // of even without a warm-up; of a 3,000 h run, more than 1 %, warned of.
        assert_eq!(warned(text(1, 0.5, 0, 4000)), None);
        assert!(warned(text(1, 0.5, 0, 3000)).is_some());
        // A pool near saturation is said to settle slowly in its own warning.
        let near = crate::scenario::warnings(&model(text(1, 0.95, 0, 3000)));
        assert_eq!(near.len(), 1, "{near:?}");
        assert!(
            near[0].starts_with("pool `srv` is near saturation")
                && near[0].contains("about 1560 hours")
                && near[0].contains("at least 4679 hours"),
            "{near:?}"
        );
    }

    /// Arrivals that follow the office calendar stop on public holidays, and so does the
    /// office: 4 cases a working day of 16 h of work each are 8 staff-equivalents with the
    /// holidays or without them, whatever the horizon.
    #[test]
    fn offered_load_is_the_same_with_public_holidays() {
        for (holidays, horizon) in [("", 350), ("", 1000), ("calendars/cn-2026.toml", 350)]
            .into_iter()
            .chain([("calendars/cn-2026.toml", 700)])
        {
            let office = if holidays.is_empty() {
                r#"days = ["mon", "tue", "wed", "thu", "fri"]
hours = ["08:30-12:00", "13:00-17:30"]"#
                    .to_string()
            } else {
                format!("include = [\"{holidays}\"]")
            };
            let text = format!(
                r#"
[scenario]
name = "t"
time_unit = "day"
start_date = "2026-01-05"
calendar = "office"
horizon = {horizon}
warmup = 30
replications = 1
seed = 1

[calendars.office]
{office}

[pools]
w = {{ size = 9, calendar = "office" }}

[[classes]]
name = "c"
arrival_rate = "4/wd"
arrival_calendar = "office"
start = "s"

[stages.s]
pool = "w"
duration = {{ dist = "exponential", mean = "16h" }}
next = "end"
"#
            );
            let m = load_str(&text, "t.toml", &[]).expect("valid").model;
            let load = &m.pool_loads()[0];
            assert!(
                (load.staff_equivalents - 8.0).abs() < 1e-9,
                "{holidays} {horizon}: {load}"
            );
        }
    }
}
