//! From activity records to a model: classes and arrivals, stages and routing (branches and
//! rework by attempt), pools and their sizes, the office calendar, and the time distributions.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Datelike, NaiveDate};

use super::distfit::{self, Fit};
use super::log::{Log, NONE, Record};
use crate::calendar::{Calendar, CalendarSpec, Period};
use crate::i18n::Lang;

/// Minutes in a day.
const DAY: f64 = 1440.0;
/// Observations a class needs before the shape of its durations is tested against the
/// other classes' (two-sample Kolmogorov–Smirnov).
const MIN_CLASS_OBS: usize = 30;
/// Observations a small class needs before its mean duration is tested against the other
/// classes': a class of 25 cases a year whose design takes half as long again is told
/// apart by a test on the mean long before a test on the whole distribution can.
const MIN_SMALL_CLASS_OBS: usize = 10;
/// Visits of a class too small to be tested before it takes the times of the class nearest
/// to it in mean: with one or two, which class is nearest is much a matter of chance.
const MIN_NEAREST_OBS: usize = 3;
/// Visits of a class before its routing is tested against the other classes': from three
/// on, a path the class always takes and the others rarely do differs by more than three
/// standard errors (five cases that all go to the HV outage window, where 95 % of the
/// office's cases go to LV metering, are not sent to LV metering).
const MIN_CLASS_ROUTE_OBS: usize = 3;
/// Starts and ends that open a half-hour or a weekday at the least: one stray activity (a
/// start and an end at 22:00, a Saturday's overtime) does not.
const MIN_OPEN_TIMES: u64 = 3;
/// Work starts a pool needs before it may have hours of its own.
const MIN_POOL_CALENDAR_STARTS: usize = 500;
/// Visits an attempt needs before its own rework probability is estimated: attempts that
/// the data cannot tell apart (within three standard errors) are pooled again afterwards.
const MIN_ATTEMPT_OBS: usize = 10;
/// Office minutes per transition that gaps in a minority of a pair's transitions must add
/// up to before they are taken for a hand-off: half an hour, under a tenth of the shortest
/// paper hand-off between departments (half a working day).
const MIN_HANDOFF_MINUTES: f64 = 30.0;
/// Fewest cases of a class whose arrival rate is taken without a warning: the rate's
/// standard error is 1/√n of it, under 30 cases more than 18 %.
pub const MIN_RATE_CASES: usize = 30;
/// Share of a resource's busy time with two or more of its activities open from which it is
/// taken for a team (its staff the most it had open at once) rather than one person.
const TEAM_OVERLAP: f64 = 0.1;

/// Largest share of a log's cases with a row that could not be used that is left out of the
/// fit ([`without_cut_cases`]): beyond it the rows are systematically unusable (a step whose
/// start is never recorded), their holes all alike, and the cases are kept.
const MAX_UNUSABLE_SHARE: f64 = 0.1;

/// What kind of step an activity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Staff of a pool work on it.
    Staffed,
    /// The customer (or a third party): no resource, or the resource `customer`.
    External,
    /// A hand-off between departments (expansim's own logs name its resource `handoff`).
    Handoff,
}

/// A discovered office calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct Office {
    /// Working weekdays, 0 = Monday.
    pub days: Vec<u32>,
    /// Open periods of a working day.
    pub hours: Vec<Period>,
    /// The shipped Chinese holiday calendars to include, when their holidays and make-up
    /// days match the log: those of the log's years and the years after (which the fitted
    /// scenario's run reaches as its cases finish). Empty when they do not match.
    pub cn_holidays: Vec<&'static str>,
    /// Years of the log that no shipped Chinese holiday calendar covers: their holidays
    /// could not be checked.
    pub uncovered_years: Vec<i32>,
    /// Public holidays on working weekdays on which some work was done though the holidays
    /// match (overtime, an emergency): too few to open them.
    pub holidays_worked: Vec<NaiveDate>,
    /// Holidays of the log's span on working weekdays, and on how many of them work was done.
    pub holidays_open: (usize, usize),
    /// Share of staffed work starts and ends inside these hours.
    pub coverage: f64,
}

/// Where a case goes after a stage.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// Always to this activity (`None`: the case ends).
    To(Option<u32>),
    /// Branches with probabilities.
    Branches(Vec<(Option<u32>, f64)>),
    /// Back to an earlier stage with a probability by attempt, else on.
    Rework {
        /// The stage the case goes back to.
        to: u32,
        /// Probability on the 1st, 2nd, … visit; the last applies from then on.
        p: Vec<f64>,
        /// What `p` rests on: the attempts pooled into each of its distinct values, in order
        /// (how many attempts, how many visits); the last group holds every later attempt.
        visits: Vec<(usize, usize)>,
        /// Most reworks observed, when the data show none beyond.
        max: Option<usize>,
        /// Where the case goes otherwise.
        otherwise: Option<u32>,
    },
}

/// Routing out of a stage with its observation count.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// The routing.
    pub next: Next,
    /// Visits it was estimated from.
    pub n: usize,
}

/// A fitted duration with the sample it came from.
#[derive(Debug, Clone)]
pub struct Duration {
    /// The chosen fit.
    pub fit: Fit,
    /// Observations.
    pub n: usize,
    /// Mean of the sample (the fit's unit: hours of work or days elapsed).
    pub mean: f64,
    /// The sample, for pictures of the fit.
    pub sample: Vec<f64>,
}

/// One discovered stage.
#[derive(Debug, Clone)]
pub struct Stage {
    /// The log's activity index.
    pub activity: u32,
    /// Its kind.
    pub kind: Kind,
    /// The pool (index into [`Model::pools`]) of a staffed stage.
    pub pool: Option<usize>,
    /// Whether the duration of a customer's or hand-off step is in working days of the
    /// office calendar (it ends in office hours), else elapsed days.
    pub working_days: bool,
    /// A hand-off's collection round (minute of the day): its papers leave then, and its
    /// duration runs from there.
    pub collect: Option<u32>,
    /// Duration of the classes without their own (of all, where none has its own): hours
    /// of work (staffed) or days elapsed.
    pub duration: Option<Duration>,
    /// Per class (index) where it differs from the other classes', and the test that
    /// said so.
    pub by_class_duration: BTreeMap<u32, (Duration, Differs)>,
    /// Routing over all classes.
    pub route: Route,
    /// Per class where it differs.
    pub by_class_route: BTreeMap<u32, Route>,
    /// Visits in the log.
    pub visits: usize,
}

/// The test by which a class's durations differ from the other classes', or why the class
/// takes another's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Differs {
    /// Their distributions: two-sample Kolmogorov–Smirnov at 0.1 %.
    Shape,
    /// Their mean log duration (durations all positive) or mean duration: Welch's t at 1 %.
    Mean,
    /// Too few visits to be tested (`n`, of mean `mean`): the class takes the times of
    /// class `class`, the nearest to it in mean.
    Nearest {
        /// The class whose times it takes.
        class: u32,
        /// Its own visits.
        n: usize,
        /// Their mean.
        mean: f64,
    },
}

impl Differs {
    /// How the scenario's comment names the test (`None` for [`Differs::Nearest`]).
    pub fn describe(self) -> Option<&'static str> {
        match self {
            Differs::Shape => Some("two-sample KS at 0.1 %"),
            Differs::Mean => Some("Welch's t on log durations at 1 %"),
            Differs::Nearest { .. } => None,
        }
    }
}

/// A discovered pool.
#[derive(Debug, Clone)]
pub struct Pool {
    /// The resources that make it up.
    pub resources: Vec<u32>,
    /// Staff: the sum over its resources of the most intervals each had open at once.
    pub size: u32,
    /// The resources taken for teams (their work ran in parallel), with the staff of each.
    pub teams: Vec<(u32, u32)>,
    /// The pool's own hours, when its work starts at other times than the office's (its
    /// staff's availability over the week).
    pub office: Option<Office>,
}

/// A discovered class.
#[derive(Debug, Clone)]
pub struct Class {
    /// Its name in the log.
    pub name: String,
    /// Cases (complete in the log).
    pub cases: usize,
    /// Arrivals in the log's period: its cases, and those still open at its end (for a
    /// class every case of which began before the log, those cases).
    pub arrivals: usize,
    /// Of the arrivals, cases still open at the log's end.
    pub open_at_end: usize,
    /// Of the arrivals, cases left out for a row that could not be used.
    pub left_out: usize,
    /// Of the arrivals, cases begun before the log (only when it has no others).
    pub begun_before: usize,
    /// Arrivals per day.
    pub rate: f64,
    /// First activity.
    pub start: u32,
    /// Share of its cases that start there.
    pub start_share: f64,
    /// Every first activity with its cases, when there are several.
    pub starts: Vec<(u32, usize)>,
    /// Share of arrivals inside the office's open hours (with a calendar).
    pub arrivals_open: Option<f64>,
}

/// The model a log shows.
#[derive(Debug, Clone)]
pub struct Model {
    /// The classes.
    pub classes: Vec<Class>,
    /// The stages, in order of first appearance.
    pub stages: Vec<Stage>,
    /// The pools.
    pub pools: Vec<Pool>,
    /// The office calendar, if work keeps office hours.
    pub office: Option<Office>,
    /// Without one, why (one of [`NO_OFFICE`]).
    pub no_office: Option<&'static str>,
    /// First day of the log.
    pub start_date: NaiveDate,
    /// Days from the first to the last arrival.
    pub span_days: f64,
    /// Observed lead times (days) per case, with the case's class.
    pub lead_times: Vec<(u32, f64)>,
    /// Cases whose activities overlap in time.
    pub overlapping_cases: usize,
    /// Of them, those with work that overlaps outside a fork (the same step twice at once,
    /// or steps no fork holds): sequenced by start, a step done twice at once a repeat.
    pub sequenced_cases: usize,
    /// The forks that routes lead into (`FORK + i` names `forks[i]`).
    pub forks: Vec<Fork>,
    /// Share of the open time covered by arrivals, as a check of around-the-clock arrivals.
    pub open_share: Option<f64>,
}

impl Model {
    /// The stage index of activity `a`.
    pub fn stage_of(&self, a: u32) -> Option<usize> {
        self.stages.iter().position(|s| s.activity == a)
    }
}

/// Resource names that mean the customer, not staff (lower case).
const CUSTOMER: [&str; 5] = ["customer", "客户", "用户", "客户方", "申请人"];

/// The kind of activity `a` from its resources.
fn kind(log: &Log, resources: &[u32]) -> Kind {
    let named = |r: &u32| (*r != NONE).then(|| log.resources[*r as usize].to_lowercase());
    let names: Vec<Option<String>> = resources.iter().map(named).collect();
    if names.iter().all(|n| n.as_deref() == Some("handoff")) && !names.is_empty() {
        Kind::Handoff
    } else if names
        .iter()
        .all(|n| n.as_deref().is_none_or(|n| CUSTOMER.contains(&n)))
    {
        Kind::External
    } else {
        Kind::Staffed
    }
}

/// Per activity of `log`: whose it is ([`kind`]), from the resources that did it.
fn kinds(log: &Log) -> Vec<Kind> {
    let mut resources_of: Vec<Vec<u32>> = vec![Vec::new(); log.activities.len()];
    for r in &log.records {
        let list = &mut resources_of[r.activity as usize];
        if !list.contains(&r.resource) && list.len() < 1000 {
            list.push(r.resource);
        }
    }
    resources_of.iter().map(|rs| kind(log, rs)).collect()
}

/// Weekday (0 = Monday) and minute of the day of local seconds `t`.
fn clock(t: f64) -> (NaiveDate, u32, f64) {
    let days = (t / 86_400.0).floor();
    let date = DateTime::from_timestamp(days as i64 * 86_400, 0)
        .map(|d| d.date_naive())
        .unwrap_or_default();
    (
        date,
        date.weekday().num_days_from_monday(),
        (t - days * 86_400.0) / 60.0,
    )
}

/// The date of local seconds `t`, and the local seconds of its midnight: a calendar's epoch.
fn day_of(t: f64) -> (NaiveDate, f64) {
    let date = clock(t).0;
    let midnight = date
        .and_hms_opt(0, 0, 0)
        .map_or(0.0, |d| d.and_utc().timestamp() as f64);
    (date, midnight)
}

/// The shipped Chinese holiday calendars: file, year, holidays and make-up days.
fn shipped_cn() -> Vec<(&'static str, i32, Vec<NaiveDate>, Vec<NaiveDate>)> {
    crate::scenario::parse::EMBEDDED_FILES
        .iter()
        .filter(|(file, _)| file.starts_with("calendars/cn-"))
        .filter_map(|(file, text)| {
            let table: toml::Table = toml::from_str(text).ok()?;
            let year = i32::try_from(table.get("covers")?.as_integer()?).ok()?;
            let dates = |key: &str| {
                table
                    .get(key)
                    .and_then(toml::Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|d| d.as_str()?.parse::<NaiveDate>().ok())
                            .collect()
                    })
                    .unwrap_or_default()
            };
            Some((*file, year, dates("holidays"), dates("makeup_days")))
        })
        .collect()
}

/// The years the shipped Chinese holiday calendars cover, in order.
pub fn shipped_years() -> Vec<i32> {
    let mut years: Vec<i32> = shipped_cn().iter().map(|s| s.1).collect();
    years.sort_unstable();
    years
}

/// The holidays and make-up days of the shipped calendar `files`.
fn cn_dates(files: &[&str]) -> (Vec<NaiveDate>, Vec<NaiveDate>) {
    let (mut holidays, mut makeup) = (Vec::new(), Vec::new());
    for (file, _, h, m) in shipped_cn() {
        if files.contains(&file) {
            holidays.extend(h);
            makeup.extend(m);
        }
    }
    (holidays, makeup)
}

/// The times staffed work starts and ends (an end a millisecond before its instant: work
/// done at 17:00 is work in the half-hour before, work done at 08:30:00.8 is work after
/// 08:30), for [`office`]. An end written in whole minutes (with its start: an export, or
/// one month's file of several, that drops seconds) is taken half a minute after its
/// minute, where it lies on average: "08:30" is a time in 08:30-08:31, truncated, and work
/// done then was done after 08:30. A start the log does not give (estimated from the end
/// before it, which may be a customer's at night) says nothing of the hours.
fn work_times<'a>(records: impl Iterator<Item = &'a Record>) -> Vec<f64> {
    let whole = |t: f64| t.rem_euclid(60.0) == 0.0;
    let mut out = Vec::new();
    for r in records {
        if r.start_given {
            out.push(r.start);
        }
        let late = if whole(r.start) && whole(r.end) {
            30.0
        } else {
            0.0
        };
        out.push(r.end + late - 1e-3);
    }
    out
}

/// Office hours from the times staffed work starts and ends ([`work_times`]): 30-minute
/// slots in which work starts or ends (a slot with under 0.1 % of the busiest slot's times is
/// closed), working weekdays (a day with under 1 % of the busiest day's times, or worked on
/// under half the share of its dates that the most regular weekday is, is closed), and the
/// shipped Chinese holidays if no work starts or ends on them. `None` when work happens
/// around the clock, or the log cannot tell ([`office_or_why`] says which).
fn office(starts: &[f64]) -> Option<Office> {
    office_or_why(starts).ok()
}

/// [`office`], or why there are none (one of [`NO_OFFICE`]).
fn office_or_why(starts: &[f64]) -> Result<Office, &'static str> {
    // 50 activities: a start and an end each.
    if starts.len() < 100 {
        return Err(NO_OFFICE[0]);
    }
    let shipped = shipped_cn();
    let all: Vec<&str> = shipped.iter().map(|s| s.0).collect();
    let (holidays, makeup) = cn_dates(&all);
    let mut slots = [0u64; 48];
    let mut weekdays = [0u64; 7];
    // The dates of each weekday on which work starts or ends.
    let mut worked: [HashSet<NaiveDate>; 7] = Default::default();
    let mut on_makeup = 0u64;
    let mut holidays_worked: BTreeSet<NaiveDate> = BTreeSet::new();
    let (mut first, mut last) = (NaiveDate::MAX, NaiveDate::MIN);
    for &t in starts {
        let (date, wd, minute) = clock(t);
        slots[((minute / 30.0) as usize).min(47)] += 1;
        first = first.min(date);
        last = last.max(date);
        if holidays.contains(&date) {
            holidays_worked.insert(date);
        } else if makeup.contains(&date) {
            on_makeup += 1;
        } else {
            weekdays[wd as usize] += 1;
            worked[wd as usize].insert(date);
        }
    }
    // Working days need two weeks of work to tell a closed weekday from one not yet seen.
    if (last - first).num_days() < 13 {
        return Err(NO_OFFICE[1]);
    }
    let busiest = slots.iter().copied().max().unwrap_or(0) as f64;
    // Open: 0.1 % of the busiest half-hour, and more than one stray activity's start and end.
    let open: Vec<bool> = slots
        .iter()
        .map(|&c| c as f64 >= busiest * 1e-3 && c >= MIN_OPEN_TIMES)
        .collect();
    let open_slots = open.iter().filter(|&&o| o).count();
    if open_slots >= 46 {
        // Work starts at every hour: no office hours.
        return Err(NO_OFFICE[2]);
    }
    let mut hours = Vec::new();
    let mut i = 0;
    while i < 48 {
        if open[i] {
            let j = (i..48).find(|&j| !open[j]).unwrap_or(48);
            hours.push(Period {
                start: i as u32 * 30,
                end: j as u32 * 30,
            });
            i = j;
        } else {
            i += 1;
        }
    }
    // A weekday is open when work happens on it as often as on the others: on at least half
    // the share of its dates in the log's span that the most regular weekday has (one
    // Saturday of overtime in twenty, or a year's make-up days without their calendar, do
    // not open every Saturday), and with enough work (1 % of the busiest weekday's).
    let mut dates_of = [0u64; 7];
    for d in first.iter_days().take_while(|d| *d <= last) {
        if !holidays.contains(&d) && !makeup.contains(&d) {
            dates_of[d.weekday().num_days_from_monday() as usize] += 1;
        }
    }
    let regular: Vec<f64> = (0..7)
        .map(|d| worked[d].len() as f64 / dates_of[d].max(1) as f64)
        .collect();
    let most_regular = regular.iter().copied().fold(0.0, f64::max);
    let busiest_day = weekdays.iter().copied().max().unwrap_or(0) as f64;
    let days: Vec<u32> = (0..7)
        .filter(|&d| {
            let c = weekdays[d as usize];
            c as f64 >= busiest_day * 0.01
                && c >= MIN_OPEN_TIMES
                && regular[d as usize] >= 0.5 * most_regular
        })
        .collect();
    let covered: u64 = slots
        .iter()
        .zip(&open)
        .filter(|(_, o)| **o)
        .map(|(c, _)| *c)
        .sum();
    // The holidays match when the log spans some of them, work happens on them as seldom
    // as on a closed weekday (on under half the share of them that the most regular
    // weekday is worked on: an emergency on one holiday does not open them all), and work
    // happens on make-up days (if any fall in the log and weekends are otherwise closed).
    let spanned = holidays
        .iter()
        .filter(|d| (first..=last).contains(d))
        .count();
    // Holidays on a working weekday: a holiday on a closed weekday says nothing.
    let on_workdays = |d: &&NaiveDate| days.contains(&d.weekday().num_days_from_monday());
    let spanned_open = holidays
        .iter()
        .filter(|d| (first..=last).contains(*d))
        .filter(on_workdays)
        .count();
    // Work on a holiday that falls on a closed weekday says nothing either.
    holidays_worked.retain(|d| on_workdays(&d));
    let worked_open = holidays_worked.len();
    let holidays_open = (spanned_open, worked_open);
    let seldom =
        worked_open == 0 || (worked_open as f64) < 0.5 * most_regular * spanned_open as f64;
    let makeup_spanned = makeup.iter().any(|d| (first..=last).contains(d));
    let matched = spanned >= 3 && seldom && {
        let weekend_days = (0..7).filter(|d| !days.contains(d)).count();
        weekend_days == 0 || on_makeup > 0 || !makeup_spanned
    };
    let cn_holidays = if matched {
        shipped
            .iter()
            .filter(|s| s.1 >= first.year())
            .map(|s| s.0)
            .collect()
    } else {
        Vec::new()
    };
    // Years without a shipped calendar, when the log does not show work on the holidays of
    // the years that have one (a foreign office's log is not told about Chinese holidays).
    let uncovered_years = if matched || spanned < 3 {
        (first.year()..=last.year())
            .filter(|y| !shipped.iter().any(|s| s.1 == *y))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Office {
        days,
        hours,
        holidays_open,
        holidays_worked: if matched {
            holidays_worked.into_iter().collect()
        } else {
            Vec::new()
        },
        cn_holidays,
        uncovered_years,
        coverage: covered as f64 / starts.len() as f64,
    })
}

/// Dates as a person reads them: the first five, and how many more.
pub fn dates_listed(dates: &[NaiveDate], lang: Lang) -> String {
    let mut listed: Vec<String> = dates.iter().take(5).map(NaiveDate::to_string).collect();
    if dates.len() > 5 {
        let more = (dates.len() - 5).to_string();
        listed.push(lang.fill("and {n} more days", &[("n", &more)]));
    }
    listed.join(lang.t(", "))
}

/// Why the log shows no office hours: too few staffed activities, too short a span, or work
/// at nearly every hour.
pub const NO_OFFICE: [&str; 3] = [
    "fewer than 50 staffed activities, too few to tell open hours from chance",
    "staffed work spans less than two weeks, too short to tell a closed weekday from one not yet seen",
    "staffed work starts and ends at nearly every hour of the day",
];

/// The calendar of `office` from `epoch`.
pub fn calendar(office: &Office, epoch: NaiveDate) -> Option<Calendar> {
    let mut weekly: [Vec<Period>; 7] = Default::default();
    for &d in &office.days {
        weekly[d as usize] = office.hours.clone();
    }
    let (holidays, makeup_days) = cn_dates(&office.cn_holidays);
    Calendar::new(
        CalendarSpec {
            epoch,
            weekly,
            holidays,
            makeup_days,
            makeup_periods: None,
        },
        f64::INFINITY,
    )
    .ok()
}

/// Per resource of `log`: whether it is staff, not `handoff` or the customer.
fn people(log: &Log) -> Vec<bool> {
    log.resources
        .iter()
        .map(|n| {
            let n = n.to_lowercase();
            n != "handoff" && !CUSTOMER.contains(&n.as_str())
        })
        .collect()
}

/// Connected groups of resources and the staffed activities they perform: each group is a
/// pool, and each staffed activity belongs to the pool of its resources; and each
/// resource's staff (1, or a team's most work open at once).
fn pools(
    log: &Log,
    staffed: &[bool],
    by_case: &[usize],
) -> (Vec<Pool>, HashMap<u32, usize>, Vec<u32>) {
    let n_res = log.resources.len();
    let mut parent: Vec<usize> = (0..n_res + log.activities.len()).collect();
    fn root(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    // `handoff` and `customer` are not staff, even beside people on the same activity.
    let person = people(log);
    let staff = |r: &Record| r.resource != NONE && person[r.resource as usize];
    for r in &log.records {
        if staff(r) && staffed[r.activity as usize] {
            let (a, b) = (
                root(&mut parent, r.resource as usize),
                root(&mut parent, n_res + r.activity as usize),
            );
            parent[a] = b;
        }
    }
    // Each resource is one member of staff: a person's odd overlap (a minute over into the
    // next job) is not a second person. A resource with work open in parallel for much of
    // its busy time is a team's name (expansim's own logs name the pool): its staff is the
    // most activities it had open at once.
    let mut capacity = vec![1u32; n_res];
    let mut team = vec![false; n_res];
    let mut by_resource: Vec<Vec<(f64, i32)>> = vec![Vec::new(); n_res];
    for &i in by_case {
        let r = &log.records[i];
        if staff(r) && staffed[r.activity as usize] && r.end > r.start {
            by_resource[r.resource as usize].push((r.start, 1));
            by_resource[r.resource as usize].push((r.end, -1));
        }
    }
    for (res, mut ev) in by_resource.into_iter().enumerate() {
        // Ends before starts at the same instant: back-to-back work is one member.
        ev.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let (mut now, mut most) = (0i32, 0i32);
        let (mut busy, mut parallel, mut last) = (0.0, 0.0, 0.0);
        for (t, d) in ev {
            if now >= 1 {
                busy += t - last;
            }
            if now >= 2 {
                parallel += t - last;
            }
            now += d;
            most = most.max(now);
            last = t;
        }
        if busy > 0.0 && parallel >= TEAM_OVERLAP * busy {
            capacity[res] = most.max(1) as u32;
            team[res] = true;
        }
    }
    let mut groups: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
    let mut used = vec![false; n_res];
    for r in &log.records {
        if staff(r) && staffed[r.activity as usize] {
            used[r.resource as usize] = true;
        }
    }
    for (res, _) in used.iter().enumerate().filter(|(_, u)| **u) {
        let g = root(&mut parent, res);
        groups.entry(g).or_default().push(res as u32);
    }
    let mut out = Vec::new();
    let mut of_group = HashMap::new();
    for (g, resources) in groups {
        of_group.insert(g, out.len());
        out.push(Pool {
            size: resources.iter().map(|&r| capacity[r as usize]).sum(),
            teams: resources
                .iter()
                .filter(|&&r| team[r as usize])
                .map(|&r| (r, capacity[r as usize]))
                .collect(),
            resources,
            office: None,
        });
    }
    let mut of_activity = HashMap::new();
    for (a, _) in staffed.iter().enumerate().filter(|(_, s)| **s) {
        let g = root(&mut parent, n_res + a);
        if let Some(&p) = of_group.get(&g) {
            of_activity.insert(a as u32, p);
        }
    }
    (out, of_activity, capacity)
}

/// How often a stage was followed by each next stage (`None`: the case ended).
type Counts = BTreeMap<Option<u32>, usize>;

/// Routing from transition counts: `counts[k][to]` is how often a visit numbered k + 1
/// (within its case) went to `to` (`None`: the case ended). `again` is where visits that
/// were not a case's last visit of the stage went: the way back of a rework loop.
fn route(counts: &[BTreeMap<Option<u32>, usize>], again: &BTreeMap<Option<u32>, usize>) -> Route {
    let mut total: BTreeMap<Option<u32>, usize> = BTreeMap::new();
    for c in counts {
        for (k, v) in c {
            *total.entry(*k).or_default() += v;
        }
    }
    let n: usize = total.values().sum();
    let next = if total.len() == 1 {
        Next::To(*total.keys().next().unwrap_or(&None))
    } else {
        let back = again
            .iter()
            .max_by_key(|(_, n)| **n)
            .and_then(|(k, _)| *k)
            .filter(|k| total.contains_key(&Some(*k)));
        if let (2, Some(to)) = (total.len(), back) {
            let otherwise = *total.keys().find(|k| **k != Some(to)).unwrap_or(&None);
            // Rework probability by attempt while attempts have enough visits; the rest pooled.
            // (visits, reworked) of each attempt estimated on its own.
            let mut est: Vec<(usize, usize)> = Vec::new();
            let mut max = None;
            let mut rest = (0usize, 0usize);
            for (k, c) in counts.iter().enumerate() {
                let visits: usize = c.values().sum();
                let reworked = c.get(&Some(to)).copied().unwrap_or(0);
                if visits >= MIN_ATTEMPT_OBS && rest.0 == 0 {
                    if reworked == 0 && (k == 0 || no_rework_is_a_limit(&est, visits)) {
                        max = Some(k);
                        break;
                    }
                    if reworked > 0 {
                        est.push((visits, reworked));
                        continue;
                    }
                }
                rest.0 += visits;
                rest.1 += reworked;
            }
            if rest.0 > 0 {
                if rest.1 > 0 {
                    est.push(rest);
                } else if est.is_empty() || no_rework_is_a_limit(&est, rest.0) {
                    max = Some(est.len());
                } else if let Some(last) = est.last_mut() {
                    // As likely chance as a limit: one probability with the attempt before.
                    last.0 += rest.0;
                }
            }
            // Later attempts pooled from fewer visits than an attempt needs join the one
            // before.
            if est.len() > 1 && est.last().is_some_and(|e| e.0 < MIN_ATTEMPT_OBS) {
                let (v, r) = est.pop().unwrap_or_default();
                if let Some(last) = est.last_mut() {
                    *last = (last.0 + v, last.1 + r);
                }
            }
            let groups = pool_attempts(&est);
            let share = |&((v, r), _): &((usize, usize), usize)| r as f64 / v as f64;
            // Each group's probability once for each of its attempts, the last group's once
            // (it holds every later attempt).
            let mut p: Vec<f64> = Vec::new();
            for (i, g) in groups.iter().enumerate() {
                let times = if i + 1 == groups.len() { 1 } else { g.1 };
                p.extend(std::iter::repeat_n(share(g), times));
            }
            let visits: Vec<(usize, usize)> = groups.iter().map(|&((v, _), n)| (n, v)).collect();
            if p.last().is_some_and(|&x| x >= 1.0) && max.is_none() {
                max = Some(p.len());
            }
            if p.is_empty() {
                // No rework on the first attempt, some later: plain shares say it better.
                return Route {
                    next: Next::Branches(
                        total
                            .iter()
                            .map(|(k, v)| (*k, *v as f64 / n as f64))
                            .collect(),
                    ),
                    n,
                };
            }
            Next::Rework {
                to,
                p,
                visits,
                max,
                otherwise,
            }
        } else {
            Next::Branches(
                total
                    .iter()
                    .map(|(k, v)| (*k, *v as f64 / n as f64))
                    .collect(),
            )
        }
    };
    Route { next, n }
}

/// `est`, the (visits, reworked) of consecutive attempts, with neighbours the data cannot
/// tell apart (their shares within three standard errors of their difference) pooled, the
/// closest pair first: each group's (visits, reworked) and how many attempts it holds.
fn pool_attempts(est: &[(usize, usize)]) -> Vec<((usize, usize), usize)> {
    let mut groups: Vec<((usize, usize), usize)> = est.iter().map(|&e| (e, 1)).collect();
    loop {
        let closest = groups
            .windows(2)
            .enumerate()
            .filter_map(|(i, w)| {
                let (((v1, r1), _), ((v2, r2), _)) = (w[0], w[1]);
                let all = (r1 + r2) as f64 / (v1 + v2) as f64;
                let se = (all * (1.0 - all) * (1.0 / v1 as f64 + 1.0 / v2 as f64)).sqrt();
                let gap = (r1 as f64 / v1 as f64 - r2 as f64 / v2 as f64).abs();
                let z = if gap == 0.0 { 0.0 } else { gap / se };
                (z <= 3.0).then_some((z, i))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0));
        let Some((_, i)) = closest else {
            return groups;
        };
        let ((v, r), n) = groups.remove(i + 1);
        let g = &mut groups[i];
        *g = ((g.0.0 + v, g.0.1 + r), g.1 + n);
    }
}

/// Whether `visits` further attempts none of which was reworked show a limit on the loop,
/// not chance: at the rate of the attempt before (`est`: visits and reworks of each attempt
/// so far), no rework in all of them has a probability under 1 %.
fn no_rework_is_a_limit(est: &[(usize, usize)], visits: usize) -> bool {
    est.last().is_some_and(|&(v, r)| {
        let q = 1.0 - r as f64 / v as f64;
        q.powf(visits as f64) < 0.01
    })
}

/// Whether two routings differ by more than sampling error.
fn differs(a: &Route, b: &Route) -> bool {
    let probs = |r: &Route| -> BTreeMap<Option<u32>, f64> {
        match &r.next {
            Next::To(t) => [(*t, 1.0)].into(),
            Next::Branches(b) => b.iter().copied().collect(),
            Next::Rework {
                to, p, otherwise, ..
            } => {
                let q = p.first().copied().unwrap_or(0.0);
                [(Some(*to), q), (*otherwise, 1.0 - q)].into()
            }
        }
    };
    let (pa, pb) = (probs(a), probs(b));
    let keys: BTreeSet<_> = pa.keys().chain(pb.keys()).collect();
    keys.into_iter().any(|k| {
        let (x, y) = (
            pa.get(k).copied().unwrap_or(0.0),
            pb.get(k).copied().unwrap_or(0.0),
        );
        let p = (x + y) / 2.0;
        let se = (p * (1.0 - p) * (1.0 / a.n.max(1) as f64 + 1.0 / b.n.max(1) as f64)).sqrt();
        (x - y).abs() > (3.0 * se).max(0.02)
    })
}

/// Whether a class's sample `a` differs from the other classes' `b`, and by which test;
/// either way by a difference a planner would notice (10 % of the mean).
fn samples_differ(a: &[f64], b: &[f64]) -> Option<Differs> {
    if a.len() < MIN_SMALL_CLASS_OBS || b.len() < MIN_SMALL_CLASS_OBS {
        return None;
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (ma, mb) = (mean(a), mean(b));
    if (ma - mb).abs() <= 0.1 * ma.max(mb) {
        return None;
    }
    if a.len() >= MIN_CLASS_OBS && ks_differ(a, b) {
        return Some(Differs::Shape);
    }
    // Durations are skewed: their logs are closer to normal, which the t test assumes.
    let logs = |v: &[f64]| v.iter().map(|x| x.ln()).collect::<Vec<f64>>();
    let (_, low, high) = if a.iter().chain(b).all(|&x| x > 0.0) {
        crate::stats::welch_difference_at(&logs(a), &logs(b), 0.995)
    } else {
        crate::stats::welch_difference_at(a, b, 0.995)
    };
    (low > 0.0 || high < 0.0).then_some(Differs::Mean)
}

/// Whether two samples differ by a two-sample Kolmogorov–Smirnov test at 0.1 %.
fn ks_differ(a: &[f64], b: &[f64]) -> bool {
    let (mut x, mut y) = (a.to_vec(), b.to_vec());
    x.sort_by(f64::total_cmp);
    y.sort_by(f64::total_cmp);
    let (n, m) = (x.len() as f64, y.len() as f64);
    let (mut i, mut j, mut d) = (0usize, 0usize, 0f64);
    while i < x.len() && j < y.len() {
        let t = x[i].min(y[j]);
        while i < x.len() && x[i] <= t {
            i += 1;
        }
        while j < y.len() && y[j] <= t {
            j += 1;
        }
        d = d.max((i as f64 / n - j as f64 / m).abs());
    }
    // c(0.001) = 1.95.
    d > 1.95 * ((n + m) / (n * m)).sqrt()
}

/// The duration of a stage for the classes without their own in `own` (`samples` per
/// class), fitted on their visits (on every visit where they are fewer than
/// [`MIN_SMALL_CLASS_OBS`]): the six HV cases at a step LV and HV share are not given the
/// LV times. A class with visits too few to be tested against the others (but at least
/// [`MIN_NEAREST_OBS`]) first takes the times of the class with its own it is nearest to in
/// mean (of log durations, where all are positive), where that is nearer than the other
/// classes without their own, or these have too few visits to tell.
fn shared_duration(
    samples: &[Vec<f64>],
    own: &mut BTreeMap<u32, (Duration, Differs)>,
) -> Option<Duration> {
    let all: Vec<f64> = samples.iter().flatten().copied().collect();
    if own.is_empty() {
        return duration(&all);
    }
    let logs = all.iter().all(|&x| x > 0.0);
    let centre = |v: &[f64]| {
        let sum: f64 = v.iter().map(|&x| if logs { x.ln() } else { x }).sum();
        sum / v.len() as f64
    };
    let takers: Vec<usize> = (0..samples.len())
        .filter(|&c| !samples[c].is_empty() && !own.contains_key(&(c as u32)))
        .collect();
    let tested: Vec<(u32, f64)> = own
        .iter()
        .map(|(&o, (d, _))| (o, centre(&d.sample)))
        .collect();
    for &c in &takers {
        let sample = &samples[c];
        // One or two visits say too little of the mean to choose by it.
        if sample.len() >= MIN_SMALL_CLASS_OBS || sample.len() < MIN_NEAREST_OBS {
            continue;
        }
        let others: Vec<f64> = takers
            .iter()
            .filter(|&&o| o != c && !own.contains_key(&(o as u32)))
            .flat_map(|&o| samples[o].iter().copied())
            .collect();
        let m = centre(sample);
        // Too few visits of the other classes without their own to stand for them.
        let shared = if others.len() >= MIN_SMALL_CLASS_OBS {
            (m - centre(&others)).abs()
        } else {
            f64::INFINITY
        };
        let nearest = tested
            .iter()
            .map(|&(o, centre)| (o, (m - centre).abs()))
            .filter(|&(_, d)| d < shared)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((o, _)) = nearest {
            let times = own[&o].0.clone();
            let n = sample.len();
            let mean = sample.iter().sum::<f64>() / n as f64;
            own.insert(c as u32, (times, Differs::Nearest { class: o, n, mean }));
        }
    }
    let taken: Vec<f64> = takers
        .iter()
        .filter(|&&c| !own.contains_key(&(c as u32)))
        .flat_map(|&c| samples[c].iter().copied())
        .collect();
    // A handful of visits left (or none) is no fit: the stage's is then of every visit.
    if taken.len() < MIN_SMALL_CLASS_OBS {
        duration(&all)
    } else {
        duration(&taken).or_else(|| duration(&all))
    }
}

fn duration(sample: &[f64]) -> Option<Duration> {
    let fit = distfit::choose(sample)?;
    Some(Duration {
        fit,
        n: sample.len(),
        mean: sample.iter().sum::<f64>() / sample.len() as f64,
        sample: sample.to_vec(),
    })
}

/// Indices of the records by case, then start, then end.
fn case_order(log: &Log) -> Vec<usize> {
    let mut order: Vec<usize> = (0..log.records.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&log.records[a], &log.records[b]);
        x.case
            .cmp(&y.case)
            .then(x.start.total_cmp(&y.start))
            .then(x.end.total_cmp(&y.end))
    });
    order
}

/// `log` without the cases its period cuts off: a case that began before the log starts,
/// or was still open when it ends, shows only part of its path, and would add starts in
/// the middle of the process and exits where none are.
///
/// A case is complete at its end when its last work ended long enough before the log's end
/// (`reach`: the longest gap between steps of a case plus the longest step) that a next
/// step would have been recorded. The last activities of those cases are the ones that end
/// cases; a case ending within `reach` of the log's end, with an activity that never ended
/// a complete case, is cut off. Likewise at the start, with first activities. Both sets come
/// from the log itself, so a log whose period is shorter than `reach` is kept whole.
/// Returns the log kept, with the cases left out at its start and at its end counted in
/// [`Log::cut_cases`].
pub fn without_cut_cases(log: &Log) -> Log {
    let n = log.cases.len();
    let order = case_order(log);
    // Per case: (first start, its activity), (last end, its activity).
    let mut first: Vec<(f64, u32)> = vec![(f64::INFINITY, 0); n];
    let mut last: Vec<(f64, u32)> = vec![(f64::NEG_INFINITY, 0); n];
    let (mut gap, mut longest) = (0.0f64, 0.0f64);
    let mut end_so_far: Vec<f64> = vec![f64::NEG_INFINITY; n];
    let mut arrival: Vec<f64> = vec![f64::INFINITY; n];
    for &k in &order {
        let r = &log.records[k];
        let c = r.case as usize;
        arrival[c] = arrival[c].min(if r.enabled.is_finite() {
            r.enabled.min(r.start)
        } else {
            r.start
        });
        if end_so_far[c].is_finite() {
            gap = gap.max(r.start - end_so_far[c]);
        }
        end_so_far[c] = end_so_far[c].max(r.end);
        longest = longest.max(r.end - r.start);
        if r.start < first[c].0 {
            first[c] = (r.start, r.activity);
        }
        if r.end >= last[c].0 {
            last[c] = (r.end, r.activity);
        }
    }
    let reach = gap + longest;
    let t0 = first.iter().map(|f| f.0).fold(f64::INFINITY, f64::min);
    let t1 = last.iter().map(|l| l.0).fold(f64::NEG_INFINITY, f64::max);
    let n_act = log.activities.len();
    let (mut starts, mut ends) = (vec![false; n_act], vec![false; n_act]);
    for c in 0..n {
        if first[c].0 > t0 + reach {
            starts[first[c].1 as usize] = true;
        }
        if last[c].0 < t1 - reach {
            ends[last[c].1 as usize] = true;
        }
    }
    let any = |v: &[bool]| v.iter().any(|&b| b);
    let cut_start: Vec<bool> = (0..n)
        .map(|c| any(&starts) && first[c].0 <= t0 + reach && !starts[first[c].1 as usize])
        .collect();
    let cut_end: Vec<bool> = (0..n)
        .map(|c| any(&ends) && last[c].0 >= t1 - reach && !ends[last[c].1 as usize])
        .collect();
    let at_start = cut_start.iter().filter(|&&b| b).count() as u64;
    let at_end = (0..n).filter(|&c| cut_end[c] && !cut_start[c]).count() as u64;
    // A case with a row that could not be used has a hole in its route: left out of the
    // fit, its arrival counted, unless it is cut off anyway or has no row left. When many
    // are (a step whose rows all lack a time), the holes are the log's and all agree:
    // leaving the cases out would leave little to fit.
    let mut unusable = vec![false; n];
    if log.unusable_cases.len() as f64 <= MAX_UNUSABLE_SHARE * n as f64 {
        for &c in &log.unusable_cases {
            let c = c as usize;
            if let Some(u) = unusable.get_mut(c) {
                *u = !cut_start[c] && !cut_end[c] && arrival[c].is_finite();
            }
        }
    }
    let left_out = |c: usize| cut_start[c] || cut_end[c] || unusable[c];
    let mut out = log.clone();
    // Said as left out (or not) here; the case numbers change below.
    out.unusable_cases.clear();
    // No case ended a reach before the log's end: which steps end cases is unknown, so
    // none still open can be told (a period of two reaches would show them).
    if !any(&ends) && t1 > t0 {
        out.too_short = Some(((t1 - t0) / 86_400.0, reach / 86_400.0));
    }
    if !(0..n).any(left_out) {
        return out;
    }
    out.cut_cases = (at_start, at_end);
    out.cut_arrivals = (0..n)
        .filter(|&c| left_out(c))
        .map(|c| crate::fit::log::CutArrival {
            class: log.case_class[c],
            arrival: arrival[c],
            activity: first[c].1,
            at_end: !cut_start[c],
            unusable: unusable[c],
        })
        .collect();
    let mut index = vec![u32::MAX; n];
    out.cases.clear();
    out.case_class.clear();
    for c in (0..n).filter(|&c| !left_out(c)) {
        index[c] = out.cases.len() as u32;
        out.cases.push(log.cases[c].clone());
        out.case_class.push(log.case_class[c]);
    }
    out.records = log
        .records
        .iter()
        .filter(|r| index[r.case as usize] != u32::MAX)
        .map(|r| Record {
            case: index[r.case as usize],
            ..*r
        })
        .collect();
    out
}

/// A log without enabled times: each step is taken as ready when the step before it in its
/// case ended (the first step of a case when it started), the usual reading of a log of
/// starts and ends, unless its pool had a member free, in office hours, after that end:
/// work waiting at a pool with a free member in office hours does not wait, so the step was
/// not ready before the pool's last free open minute. A pool is the group of resources
/// discovery finds, as the fitted scenario will staff it: the person who did the step may
/// have been busy while a colleague was free (see `pool_free_at` for who counts as free). The gap before becomes a hand-off in [`with_handoffs`].
/// Waiting is then start less ready. A customer's step whose start the log gives was ready
/// when it started (a customer does not queue): the time before it, from the end of the
/// step before, is the office's (a reply being sent), a hand-off in [`with_handoffs`] where
/// such gaps are systematic, else the customer's after all. A hand-off step counts from
/// the end of the step before, so no time between steps is lost.
pub fn with_enabled(log: &Log) -> Log {
    let mut out = log.clone();
    if log.records.iter().any(|r| r.enabled.is_finite()) {
        return out;
    }
    out.ready_estimated = true;
    let free_at = pool_free_at(log);
    let kind = kinds(log);
    for (k, done) in after_work_before(log) {
        let n = &log.records[k];
        let ready = done.min(n.start);
        out.records[k].enabled = match kind[n.activity as usize] {
            Kind::External if n.start_given => n.start,
            _ => free_at[k].clamp(ready, n.start),
        };
    }
    out
}

/// Per record of a staffed activity: the last moment before it started at which its pool
/// had a member free in office hours (a minute or more of open time with fewer of its
/// members busy than were at work); minus infinity for other records, and when the pool
/// was never free before. A member is at work on the days their work in the log spans
/// (someone on leave, gone or part-time is not a free colleague), busy while any of their
/// work is open, and a team logged under one name counts as the most work it had open at
/// once.
fn pool_free_at(log: &Log) -> Vec<f64> {
    let mut free_at = vec![f64::NEG_INFINITY; log.records.len()];
    let staffed: Vec<bool> = kinds(log).iter().map(|k| *k == Kind::Staffed).collect();
    let all: Vec<usize> = (0..log.records.len()).collect();
    let (pools, pool_of, capacity) = pools(log, &staffed, &all);
    let person = people(log);
    let mut member_of = vec![usize::MAX; log.resources.len()];
    for (p, pool) in pools.iter().enumerate() {
        for &r in &pool.resources {
            member_of[r as usize] = p;
        }
    }
    let (cal, epoch_seconds) = match people_calendar(log) {
        Some((cal, epoch)) => (Some(cal), epoch),
        None => (None, 0.0),
    };
    let minutes = |t: f64| (t - epoch_seconds) / 60.0;
    // The last free open moment of a stretch `a..b` with a member free: none unless it
    // holds a minute of open time.
    let free_in = |a: f64, b: f64| match &cal {
        Some(cal) => (cal.working_between(minutes(a), minutes(b)) >= 1.0)
            .then(|| (cal.last_open(minutes(b)) * 60.0 + epoch_seconds).min(b)),
        None => (b - a >= 60.0).then_some(b),
    };
    // Per pool, in time order: work ending, a member leaving at the end of their days at
    // work, one arriving, a step asking when the pool was last free, work starting; at one
    // instant in that order, so that back-to-back work leaves no free moment and steps
    // starting together see the pool as it was.
    const END: u8 = 0;
    const LEAVE: u8 = 1;
    const JOIN: u8 = 2;
    const ASK: u8 = 3;
    const START: u8 = 4;
    let mut events: Vec<Vec<(f64, u8, usize)>> = vec![Vec::new(); pools.len()];
    let mut days: Vec<Vec<(f64, f64)>> = vec![Vec::new(); log.resources.len()];
    for (k, r) in log.records.iter().enumerate() {
        if let Some(&p) = pool_of.get(&r.activity) {
            events[p].push((r.start, ASK, k));
        }
        let staff = r.resource != NONE && person[r.resource as usize];
        let p = if staff {
            member_of[r.resource as usize]
        } else {
            usize::MAX
        };
        if p == usize::MAX {
            continue;
        }
        let day = |t: f64| (t / 86_400.0).floor() * 86_400.0;
        days[r.resource as usize].push((day(r.start), day(r.end) + 86_400.0));
        if r.end > r.start {
            events[p].push((r.start, START, r.resource as usize));
            events[p].push((r.end, END, r.resource as usize));
        }
    }
    // Each member's days at work, as runs of days.
    for (res, mut spans) in days.into_iter().enumerate() {
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut run: Option<(f64, f64)> = None;
        for (a, b) in spans.into_iter().chain([(f64::INFINITY, f64::INFINITY)]) {
            match run {
                Some((lo, hi)) if a <= hi => run = Some((lo, hi.max(b))),
                _ => {
                    if let Some((lo, hi)) = run {
                        let p = member_of[res];
                        events[p].push((lo, JOIN, res));
                        events[p].push((hi, LEAVE, res));
                    }
                    run = Some((a, b));
                }
            }
        }
    }
    let mut open = vec![0u32; log.resources.len()];
    for mut ev in events {
        ev.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        // Staff at work, and of them busy; free while fewer are busy than are at work.
        let (mut at_work, mut busy) = (0u32, 0u32);
        let (mut since, mut last) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
        for (t, what, x) in ev {
            let was_free = busy < at_work;
            match what {
                ASK => {
                    free_at[x] = if was_free {
                        free_in(since, t).unwrap_or(last)
                    } else {
                        last
                    };
                    continue;
                }
                START => {
                    if open[x] < capacity[x] {
                        busy += 1;
                    }
                    open[x] += 1;
                }
                END => {
                    open[x] = open[x].saturating_sub(1);
                    if open[x] < capacity[x] {
                        busy = busy.saturating_sub(1);
                    }
                }
                JOIN => at_work += capacity[x],
                _ => at_work = at_work.saturating_sub(capacity[x]),
            }
            let is_free = busy < at_work;
            if was_free && !is_free {
                if let Some(m) = free_in(since, t) {
                    last = m;
                }
            } else if !was_free && is_free {
                since = t;
            }
        }
    }
    free_at
}

/// The office calendar of the people's work in `log` ([`office`]), and the local seconds of
/// the midnight its minutes count from (the first day of the log).
fn people_calendar(log: &Log) -> Option<(Calendar, f64)> {
    let person = people(log);
    let office = office(&work_times(
        log.records
            .iter()
            .filter(|r| r.resource != NONE && person[r.resource as usize]),
    ))?;
    let first = log
        .records
        .iter()
        .map(|r| r.start)
        .fold(f64::INFINITY, f64::min);
    let (epoch, epoch_seconds) = day_of(first);
    calendar(&office, epoch).map(|cal| (cal, epoch_seconds))
}

/// Each record but a case's first, with when the case's work before it was done: the
/// latest end of the records of its case that started before it, or its own start when the
/// one just before it is still in progress (parallel work).
fn after_work_before(log: &Log) -> Vec<(usize, f64)> {
    let order = case_order(log);
    let mut out = Vec::with_capacity(order.len());
    let mut done = f64::NEG_INFINITY;
    for w in order.windows(2) {
        let (p, n) = (&log.records[w[0]], &log.records[w[1]]);
        if p.case != n.case {
            done = f64::NEG_INFINITY;
            continue;
        }
        done = done.max(p.end);
        out.push((w[1], if p.end > n.start { n.start } else { done }));
    }
    out
}

/// Hand-off delays the log shows only as gaps: where a step became ready (its enabled time)
/// well after the step before it ended, the gap is not queueing (that runs from ready to
/// start) but time between departments. For each pair of activities where at least half
/// the transitions (or one in twenty, ten or more) have a gap of over a minute of office
/// hours (a step that ends after hours and the next one ready at opening time is the
/// office's calendar, not a hand-off),
/// the gaps become activities of their own,
/// `handoff: A → B` (`交接：A → B` where the activities have Chinese names), done by `handoff` (so discovered as hand-off stages).
pub fn with_handoffs(log: &Log) -> Log {
    // Each step after the work before it in its case, by the last of that work to end
    // (after parallel work, the branch that ended last).
    let order = case_order(log);
    // (the work before, the step, the step's index)
    let mut before: Vec<(&Record, &Record, usize)> = Vec::new();
    let mut last: Option<&Record> = None;
    for w in order.windows(2) {
        let (p, n) = (&log.records[w[0]], &log.records[w[1]]);
        if p.case != n.case {
            last = None;
            continue;
        }
        let l = *last.insert(match last {
            Some(l) if l.end >= p.end => l,
            _ => p,
        });
        if n.enabled.is_finite() && n.start >= l.end {
            before.push((l, n, w[1]));
        }
    }
    let pairs = || before.iter().map(|&(p, n, _)| (p, n));
    // Minutes of office hours from `a` to `b` (local seconds), or all of them without hours.
    let office = people_calendar(log);
    let open_minutes = |a: f64, b: f64| match &office {
        Some((cal, epoch)) => cal.working_between((a - epoch) / 60.0, (b - epoch) / 60.0),
        None => (b - a) / 60.0,
    };
    // Parallel branches: the gap between one that ended and the other's start is not a
    // hand-off (it is the fork's, where discovery puts both branches).
    let parallel = concurrent_pairs(log, &order, &case_spans(log, &order));
    // (transitions, those with a gap, office minutes of the gaps)
    let mut counts: HashMap<(u32, u32), (usize, usize, f64)> = HashMap::new();
    for (p, n) in pairs() {
        if parallel.contains(&pair(p.activity, n.activity)) {
            continue;
        }
        let c = counts.entry((p.activity, n.activity)).or_default();
        c.0 += 1;
        if n.enabled > p.end + 60.0 {
            let minutes = open_minutes(p.end, n.enabled);
            if minutes > 1.0 {
                c.1 += 1;
                c.2 += minutes;
            }
        }
    }
    // Gaps in half the transitions, or in enough of them to estimate from (a branch of
    // the route that only some cases take, such as works on the grid between a customer's
    // construction and the inspection): else the time between the two steps would be lost.
    // Gaps in a minority of transitions must also add up to some time: without enabled
    // times, a colleague free for a moment before the step started makes a few short
    // gaps between any two steps.
    let systematic: Vec<(u32, u32)> = counts
        .iter()
        .filter(|&(_, &(all, gaps, minutes))| {
            gaps > 0
                && (gaps * 2 >= all
                    || (gaps >= MIN_ATTEMPT_OBS
                        && gaps * 20 >= all
                        && minutes >= MIN_HANDOFF_MINUTES * all as f64))
        })
        .map(|(k, _)| *k)
        .collect();
    let mut out = log.clone();
    // A customer's step whose gap before it is no hand-off counts from the end of the work
    // before it (see `with_enabled`): the time is the customer's, not lost.
    let kind = kinds(log);
    for &(p, n, k) in &before {
        if kind[n.activity as usize] == Kind::External
            && !systematic.contains(&(p.activity, n.activity))
        {
            out.records[k].enabled = out.records[k].enabled.min(p.end);
        }
    }
    if systematic.is_empty() {
        return out;
    }
    let resource = out.resources.len() as u32;
    out.resources.push("handoff".to_string());
    let mut names: HashMap<(u32, u32), u32> = HashMap::new();
    let mut added = Vec::new();
    for (p, n) in pairs() {
        let key = (p.activity, n.activity);
        if !systematic.contains(&key) {
            continue;
        }
        let activity = *names.entry(key).or_insert_with(|| {
            let (a, b) = (
                &log.activities[p.activity as usize],
                &log.activities[n.activity as usize],
            );
            // In the log's own language: a Chinese log's hand-offs are 交接.
            let chinese = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            out.activities.push(if chinese(a) || chinese(b) {
                format!("交接：{a} → {b}")
            } else {
                format!("handoff: {a} → {b}")
            });
            out.labels.push(None);
            (out.activities.len() - 1) as u32
        });
        let end = n.enabled.max(p.end);
        added.push(Record {
            case: p.case,
            activity,
            resource,
            start: p.end,
            end,
            enabled: p.end,
            start_given: true,
        });
    }
    out.handoffs_found = added.len() as u64;
    out.handoff_activities = names.into_values().collect();
    out.handoff_activities.sort_unstable();
    out.records.extend(added);
    out
}

/// A step repeated directly (A, A, …) whose cases then go on two or more ways: a rework
/// loop has one way on, so the repeats become a loop back to A, estimated by attempt, and
/// the ways on the branches of a routing step after each run of A, `route: A` (`去向：A`
/// where the activity has a Chinese name), of no time and done by no one. Only where the
/// repeats are enough to estimate from (10 or more, as for any attempt); else the repeat
/// stays a branch among the others.
pub fn with_repeat_exits(log: Log) -> Log {
    let order = case_order(&log);
    // Per activity: direct repeats, and where its runs went on (`None`: the case ended).
    let mut repeats: HashMap<u32, usize> = HashMap::new();
    let mut exits: HashMap<u32, HashSet<Option<u32>>> = HashMap::new();
    let mut run_ends = Vec::new();
    for (i, &k) in order.iter().enumerate() {
        let r = &log.records[k];
        let next = order
            .get(i + 1)
            .map(|&j| &log.records[j])
            .filter(|n| n.case == r.case);
        match next {
            // Work of the same activity at once is parallel, not a repeat.
            Some(n) if n.activity == r.activity && n.start < r.end => {}
            Some(n) if n.activity == r.activity => {
                *repeats.entry(r.activity).or_default() += 1;
            }
            _ => {
                exits
                    .entry(r.activity)
                    .or_default()
                    .insert(next.map(|n| n.activity));
                run_ends.push(k);
            }
        }
    }
    let routed: HashSet<u32> = repeats
        .iter()
        .filter(|&(a, &n)| n >= MIN_ATTEMPT_OBS && exits.get(a).is_some_and(|e| e.len() >= 2))
        .map(|(a, _)| *a)
        .collect();
    if routed.is_empty() {
        return log;
    }
    let ends: Vec<usize> = run_ends
        .into_iter()
        .filter(|&k| routed.contains(&log.records[k].activity))
        .collect();
    with_routing_steps(log, &ends)
}

/// A step sent back through other steps (A, B, …, A) whose cases then go on two or more
/// ways: as [`with_repeat_exits`] for a repeat, the visits of A that do not go back (to
/// the step most visits that A follows again go to) are followed by a routing step,
/// `route: A`, whose branches are the ways on, and A keeps a loop estimated by attempt.
/// Only where 10 visits or more went back; not where a way on is parallel work.
pub fn with_loop_exits(log: Log) -> Log {
    let order = case_order(&log);
    // Per activity: where visits that the case later repeats went, where its other visits
    // went (`None`: the case ended), and those visits.
    let mut again: HashMap<u32, HashMap<Option<u32>, usize>> = HashMap::new();
    let mut visits: HashMap<u32, Vec<(usize, Option<u32>)>> = HashMap::new();
    let mut parallel: HashSet<u32> = HashSet::new();
    let mut i = 0;
    while i < order.len() {
        let case = log.records[order[i]].case;
        let mut end = i;
        while end < order.len() && log.records[order[end]].case == case {
            end += 1;
        }
        for j in i..end {
            let r = &log.records[order[j]];
            let next = (j + 1 < end).then(|| &log.records[order[j + 1]]);
            if next.is_some_and(|n| n.start < r.end) {
                parallel.insert(r.activity);
            }
            let next = next.map(|n| n.activity);
            let repeated = (j + 1..end).any(|m| log.records[order[m]].activity == r.activity);
            if repeated {
                *again
                    .entry(r.activity)
                    .or_default()
                    .entry(next)
                    .or_default() += 1;
            }
            visits.entry(r.activity).or_default().push((order[j], next));
        }
        i = end;
    }
    let mut ends = Vec::new();
    for (a, back) in &again {
        if parallel.contains(a) || log.route_activities.contains(a) {
            continue;
        }
        let Some((&to, &n)) = back.iter().max_by_key(|(to, n)| (**n, Reverse(**to))) else {
            continue;
        };
        if n < MIN_ATTEMPT_OBS || to == Some(*a) {
            continue;
        }
        let on: Vec<(usize, Option<u32>)> = visits[a]
            .iter()
            .copied()
            .filter(|&(_, next)| next != to)
            .collect();
        let ways: HashSet<Option<u32>> = on.iter().map(|&(_, next)| next).collect();
        if ways.len() >= 2 {
            ends.extend(on.iter().map(|&(k, _)| k));
        }
    }
    ends.sort_unstable();
    with_routing_steps(log, &ends)
}

/// `log` with a routing step of no time, done by no one, after each record of `after`:
/// `去向：A` after a step with a Chinese name, else `route: A`.
fn with_routing_steps(mut log: Log, after: &[usize]) -> Log {
    if after.is_empty() {
        return log;
    }
    let mut names: HashMap<u32, u32> = HashMap::new();
    for &k in after {
        let r = log.records[k];
        let activity = *names.entry(r.activity).or_insert_with(|| {
            let a = &log.activities[r.activity as usize];
            let chinese = a.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            let name = if chinese {
                format!("去向：{a}")
            } else {
                format!("route: {a}")
            };
            log.activities.push(name);
            log.labels.push(None);
            (log.activities.len() - 1) as u32
        });
        log.records.push(Record {
            case: r.case,
            activity,
            resource: NONE,
            start: r.end,
            end: r.end,
            enabled: r.end,
            start_given: true,
        });
        log.routes_found += 1;
    }
    log.route_activities.extend(names.into_values());
    log.route_activities.sort_unstable();
    log
}

/// Each case's records in `order` ([`case_order`]): (first, end) indices into it.
fn case_spans(log: &Log, order: &[usize]) -> Vec<(usize, usize)> {
    let mut cases = Vec::new();
    let mut i = 0;
    while i < order.len() {
        let c = log.records[order[i]].case;
        let j = order[i..]
            .iter()
            .position(|&k| log.records[k].case != c)
            .map_or(order.len(), |n| i + n);
        cases.push((i, j));
        i = j;
    }
    cases
}

/// Two activities, smaller first.
fn pair(a: u32, b: u32) -> (u32, u32) {
    (a.min(b), a.max(b))
}

/// Work that overlaps the next by less than this (in seconds) was not done at once: an export
/// that writes its times to the minute (`2026/3/5 14:02`) puts a step begun in the minute
/// the one before it ended up to 59 s before that end.
const ROUNDING_SECONDS: f64 = 60.0;

/// The pairs of activities done in parallel: their work overlaps in time in at least two
/// cases and in at least 5 % of the cases where one directly follows the other, and either
/// follows the other in some cases, or they overlap in most (work of one case that overlaps
/// in time is parallel work; a single overlap, or a few with one always first, may be slips
/// in the records). Parallel work need not overlap in every case: a branch may be done
/// before the other starts.
fn concurrent_pairs(log: &Log, order: &[usize], cases: &[(usize, usize)]) -> HashSet<(u32, u32)> {
    // Per pair: cases where they overlap, where they follow each other (a then b with a < b,
    // and b then a).
    let mut seen: HashMap<(u32, u32), (usize, usize, usize)> = HashMap::new();
    for &(a, b) in cases {
        let recs = &order[a..b];
        let mut in_case: HashSet<((u32, u32), u8)> = HashSet::new();
        for (i, &k) in recs.iter().enumerate() {
            let r = &log.records[k];
            if let Some(&k2) = recs.get(i + 1) {
                let n = &log.records[k2];
                if n.activity != r.activity {
                    let order = u8::from(r.activity > n.activity);
                    in_case.insert((pair(r.activity, n.activity), 1 + order));
                }
            }
            for &k2 in &recs[i + 1..] {
                let n = &log.records[k2];
                if n.start >= r.end - ROUNDING_SECONDS {
                    break;
                }
                if n.activity != r.activity {
                    in_case.insert((pair(r.activity, n.activity), 0));
                }
            }
        }
        for (p, what) in in_case {
            let e = seen.entry(p).or_default();
            match what {
                0 => e.0 += 1,
                1 => e.1 += 1,
                _ => e.2 += 1,
            }
        }
    }
    seen.into_iter()
        .filter(|&(_, (overlap, ab, ba))| {
            let follows = (ab + ba) as f64;
            overlap >= 2
                && overlap as f64 >= 0.05 * follows
                && ((ab > 0 && ba > 0) || overlap as f64 >= 0.5 * follows)
        })
        .map(|(p, _)| p)
        .collect()
}

/// Successors from this index on are forks: `FORK + i` is [`Model::forks`]`[i]`.
pub const FORK: u32 = 1 << 30;

/// Parallel work in a case: the activities of a run of records that overlap in time (each
/// starts before the run's work so far has ended), and the activity that follows the run.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fork {
    /// The activities done at once, sorted.
    pub branches: Vec<u32>,
    /// Where the case goes when all are done (`None`: it ends).
    pub join: Option<u32>,
}

/// Discovers the model of `log`, with parallel work as forks.
pub fn discover(log: &Log) -> Model {
    discover_with(log, true)
}

/// Discovers the model of `log`; without `parallel`, overlapping work is sequenced by start.
pub fn discover_with(log: &Log, parallel: bool) -> Model {
    let n_act = log.activities.len();
    let order = case_order(log);
    let kinds = kinds(log);
    let staffed: Vec<bool> = kinds.iter().map(|k| *k == Kind::Staffed).collect();
    let staffed_starts = work_times(log.records.iter().filter(|r| staffed[r.activity as usize]));
    let found = office_or_why(&staffed_starts);
    let why_no_office = found.as_ref().err().copied();
    let office = found.ok();
    // Case spans: (first record, end), arrival = earliest enabled or start.
    let cases = case_spans(log, &order);
    let arrival = |recs: &[usize]| {
        recs.iter()
            .map(|&k| {
                let r = &log.records[k];
                if r.enabled.is_finite() {
                    r.enabled.min(r.start)
                } else {
                    r.start
                }
            })
            .fold(f64::INFINITY, f64::min)
    };
    let first_arrival = cases
        .iter()
        .map(|&(a, b)| arrival(&order[a..b]))
        .fold(f64::INFINITY, f64::min);
    // Cases still open at the log's end arrived in its period: they count in the rates.
    let last_arrival = cases
        .iter()
        .map(|&(a, b)| arrival(&order[a..b]))
        .chain(
            log.cut_arrivals
                .iter()
                .filter(|c| c.at_end)
                .map(|c| c.arrival),
        )
        .fold(f64::NEG_INFINITY, f64::max);
    let (start_date, epoch_seconds) = day_of(first_arrival);
    let cal = office.as_ref().and_then(|o| calendar(o, start_date));
    // Pools whose work starts at other hours or on other days than the office's keep their
    // own calendar; a staffed step's working time is counted on its pool's.
    let (mut pool_list, pool_of, _) = pools(log, &staffed, &order);
    if let Some(o) = &office {
        for (p, pool) in pool_list.iter_mut().enumerate() {
            let starts = work_times(
                log.records
                    .iter()
                    .filter(|r| pool_of.get(&r.activity) == Some(&p)),
            );
            // Enough starts that an empty half-hour is a closed one, not chance.
            if starts.len() >= 2 * MIN_POOL_CALENDAR_STARTS {
                pool.office =
                    self::office(&starts).filter(|own| own.hours != o.hours || own.days != o.days);
            }
        }
    }
    let pool_cals: Vec<Option<Calendar>> = pool_list
        .iter()
        .map(|p| p.office.as_ref().and_then(|o| calendar(o, start_date)))
        .collect();
    let minutes = |t: f64| (t - epoch_seconds) / 60.0;
    let span_days = ((last_arrival - first_arrival) / 86_400.0).max(1.0 / 24.0);
    // Stages in order of first appearance over the cases.
    let mut stage_order: Vec<u32> = Vec::new();
    let mut seen = vec![false; n_act];
    for &k in &order {
        let a = log.records[k].activity;
        if !seen[a as usize] {
            seen[a as usize] = true;
            stage_order.push(a);
        }
    }
    let n_class = log.classes.len();
    // Samples: durations per (activity, class); transitions per (activity, class, attempt).
    let mut samples: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); n_class]; n_act];
    let mut wd_samples: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); n_class]; n_act];
    let mut ends_open = vec![0usize; n_act];
    // Hand-offs: minute of the day each starts (a collection round), and their times from
    // the start rather than from ready.
    let mut start_minutes: Vec<HashMap<u32, usize>> = vec![HashMap::new(); n_act];
    let mut from_start: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); n_class]; n_act];
    let working_day = office
        .as_ref()
        .map_or(480.0, |o| {
            o.hours
                .iter()
                .map(|p| f64::from(p.end - p.start))
                .sum::<f64>()
        })
        .max(1.0);
    let mut trans: Vec<Vec<Vec<Counts>>> = vec![vec![Vec::new(); n_class]; n_act];
    let mut again: Vec<Vec<BTreeMap<Option<u32>, usize>>> =
        vec![vec![BTreeMap::new(); n_class]; n_act];
    let mut starts: Vec<BTreeMap<u32, usize>> = vec![BTreeMap::new(); n_class];
    let mut class_cases = vec![0usize; n_class];
    let mut lead_times = Vec::new();
    let (mut overlapping, mut sequenced) = (0, 0);
    let mut forks: Vec<Fork> = Vec::new();
    let mut arrivals_open = vec![(0usize, 0usize); n_class];
    let mut visits = vec![0usize; n_act];
    let concurrent = if parallel {
        concurrent_pairs(log, &order, &cases)
    } else {
        HashSet::new()
    };
    for &(a, b) in &cases {
        let recs = &order[a..b];
        let first = &log.records[recs[0]];
        let class = log.case_class[first.case as usize] as usize;
        class_cases[class] += 1;
        *starts[class].entry(first.activity).or_default() += 1;
        let arrived = arrival(recs);
        let end = recs
            .iter()
            .map(|&k| log.records[k].end)
            .fold(f64::NEG_INFINITY, f64::max);
        lead_times.push((class as u32, (end - arrived) / 86_400.0));
        if let Some(cal) = &cal {
            arrivals_open[class].1 += 1;
            if cal.is_open(minutes(arrived)) {
                arrivals_open[class].0 += 1;
            }
        }
        let mut count = vec![0usize; n_act];
        let mut left = vec![0usize; n_act];
        for &k in recs {
            left[log.records[k].activity as usize] += 1;
        }
        let (mut overlap, mut unforked) = (false, false);
        // Runs of parallel work: records from the second on that start before the work so
        // far has ended, or whose activity runs in parallel with every one of the run so far
        // (parallel work that happened not to overlap in this case), of two activities or
        // more (not at the very start of the case, which has to be one stage).
        let mut runs: Vec<Option<(usize, usize)>> = vec![None; recs.len()];
        let mut i = 1;
        while i < recs.len() {
            let mut end = log.records[recs[i]].end;
            let mut j = i + 1;
            while j < recs.len() {
                let r = &log.records[recs[j]];
                let with_all = recs[i..j]
                    .iter()
                    .all(|&k| concurrent.contains(&pair(log.records[k].activity, r.activity)));
                if !(r.start < end - ROUNDING_SECONDS || with_all) {
                    break;
                }
                end = end.max(r.end);
                j += 1;
            }
            let distinct = {
                let mut a: Vec<u32> = recs[i..j]
                    .iter()
                    .map(|&k| log.records[k].activity)
                    .collect();
                a.sort_unstable();
                a.dedup();
                a.len()
            };
            if j - i >= 2 && distinct == j - i {
                for r in &mut runs[i..j] {
                    *r = Some((i, j));
                }
            }
            i = j;
        }
        for (i, &k) in recs.iter().enumerate() {
            let r: &Record = &log.records[k];
            let act = r.activity as usize;
            visits[act] += 1;
            if i + 1 < recs.len() && log.records[recs[i + 1]].start < r.end - ROUNDING_SECONDS {
                overlap = true;
                // Not within one fork: the scenario runs the two one after the other.
                unforked |= !parallel || runs[i].is_none() || runs[i] != runs[i + 1];
            }
            let d = match kinds[act] {
                Kind::Staffed => match pool_of
                    .get(&r.activity)
                    .and_then(|&p| pool_cals[p].as_ref())
                    .or(cal.as_ref())
                {
                    Some(c) => c.working_between(minutes(r.start), minutes(r.end)) / 60.0,
                    None => (r.end - r.start) / 3600.0,
                },
                // No queue here: the whole time from ready to done is the delay (a hand-off
                // collected at a fixed hour, the customer's own time).
                _ => {
                    let from = if r.enabled.is_finite() {
                        r.enabled.min(r.start)
                    } else {
                        r.start
                    };
                    (r.end - from) / 86_400.0
                }
            };
            samples[act][class].push(d);
            // The same delay in working days, for steps that end in office hours.
            if let (Some(c), false) = (&cal, staffed[act]) {
                let from = if r.enabled.is_finite() {
                    r.enabled.min(r.start)
                } else {
                    r.start
                };
                let end = minutes(r.end);
                wd_samples[act][class].push(c.working_between(minutes(from), end) / working_day);
                if c.is_open(end) || c.is_open(end - 1e-3) {
                    ends_open[act] += 1;
                }
            }
            if kinds[act] == Kind::Handoff && r.enabled.is_finite() && r.start > r.enabled {
                *start_minutes[act]
                    .entry(clock(r.start).2.round() as u32)
                    .or_default() += 1;
            }
            if kinds[act] == Kind::Handoff {
                from_start[act][class].push(match &cal {
                    Some(c) => c.working_between(minutes(r.start), minutes(r.end)) / working_day,
                    None => (r.end - r.start) / 86_400.0,
                });
            }
            let run_here = if parallel { runs[i] } else { None };
            let run_next = if parallel {
                runs.get(i + 1)
                    .copied()
                    .flatten()
                    .filter(|(start, _)| *start == i + 1)
            } else {
                None
            };
            let next = match (run_here, run_next) {
                // In a run of parallel work: on to what follows the run.
                (Some((_, end)), _) => recs.get(end).map(|&k2| log.records[k2].activity),
                // Just before a run: into its fork.
                (None, Some((start, end))) => {
                    let mut branches: Vec<u32> = recs[start..end]
                        .iter()
                        .map(|&k| log.records[k].activity)
                        .collect();
                    branches.sort_unstable();
                    branches.dedup();
                    let fork = Fork {
                        branches,
                        join: recs.get(end).map(|&k2| log.records[k2].activity),
                    };
                    let id = match forks.iter().position(|f| *f == fork) {
                        Some(id) => id,
                        None => {
                            forks.push(fork);
                            forks.len() - 1
                        }
                    };
                    Some(FORK + id as u32)
                }
                (None, None) => recs.get(i + 1).map(|&k2| log.records[k2].activity),
            };
            let attempt = count[act];
            count[act] += 1;
            let t = &mut trans[act][class];
            if t.len() <= attempt {
                t.resize(attempt + 1, BTreeMap::new());
            }
            *t[attempt].entry(next).or_default() += 1;
            left[act] -= 1;
            if left[act] > 0 {
                *again[act][class].entry(next).or_default() += 1;
            }
        }
        if overlap {
            overlapping += 1;
        }
        if unforked {
            sequenced += 1;
        }
    }

    let mut stages = Vec::new();
    for &a in &stage_order {
        let act = a as usize;
        // A customer's or hand-off's time that ends in office hours (95 % of visits) is
        // counted in working days, so that the simulated step ends in office hours too.
        let working_days = !staffed[act] && ends_open[act] as f64 >= 0.95 * visits[act] as f64;
        if working_days {
            samples[act] = std::mem::take(&mut wd_samples[act]);
        }
        // A hand-off that waits for a collection round: 90 % of its waits end at one clock
        // time. Its time then runs from the collection, on the working days of the office
        // calendar (without one, the log is too short to tell collection days).
        let collect = start_minutes[act]
            .iter()
            .max_by_key(|(m, n)| (**n, std::cmp::Reverse(**m)))
            .filter(|(_, n)| cal.is_some() && **n as f64 >= 0.9 * visits[act] as f64)
            .map(|(m, _)| *m);
        if collect.is_some() {
            samples[act] = std::mem::take(&mut from_start[act]);
            if !working_days {
                for s in samples[act].iter_mut().flatten() {
                    // from_start holds working days only with a calendar.
                    *s = s.max(0.0);
                }
            }
        }
        let pooled_counts = {
            let longest = trans[act].iter().map(Vec::len).max().unwrap_or(0);
            let mut c = vec![BTreeMap::new(); longest];
            for per_class in &trans[act] {
                for (k, m) in per_class.iter().enumerate() {
                    for (to, n) in m {
                        *c[k].entry(*to).or_default() += n;
                    }
                }
            }
            c
        };
        let mut again_all = BTreeMap::new();
        for per_class in &again[act] {
            for (to, n) in per_class {
                *again_all.entry(*to).or_default() += n;
            }
        }
        let route_all = route(&pooled_counts, &again_all);
        let mut by_class_route = BTreeMap::new();
        let mut by_class_duration = BTreeMap::new();
        for c in 0..n_class {
            let r = route(&trans[act][c], &again[act][c]);
            if r.n >= MIN_CLASS_ROUTE_OBS && differs(&r, &route_all) {
                by_class_route.insert(c as u32, r);
            }
            let rest: Vec<f64> = (0..n_class)
                .filter(|&o| o != c)
                .flat_map(|o| samples[act][o].iter().copied())
                .collect();
            if let Some(test) = samples_differ(&samples[act][c], &rest)
                && let Some(d) = duration(&samples[act][c])
            {
                by_class_duration.insert(c as u32, (d, test));
            }
        }
        let shared = shared_duration(&samples[act], &mut by_class_duration);
        stages.push(Stage {
            activity: a,
            kind: kinds[act],
            pool: pool_of.get(&a).copied(),
            working_days: working_days || (collect.is_some() && cal.is_some()),
            collect,
            duration: shared,
            by_class_duration,
            route: route_all,
            by_class_route,
            visits: visits[act],
        });
    }
    let cut = |c: usize, at_end: bool| {
        log.cut_arrivals
            .iter()
            .filter(move |x| x.class as usize == c && x.at_end == at_end)
    };
    let classes = (0..n_class)
        .map(|c| {
            // A class whose every case the log's period cuts off starts where they start
            // (at a step other cases reach), else where cases start.
            let mut starts_c = starts[c].clone();
            if starts_c.is_empty() {
                for x in cut(c, true).chain(cut(c, false)) {
                    if stage_order.contains(&x.activity) {
                        *starts_c.entry(x.activity).or_default() += 1;
                    }
                }
            }
            if starts_c.is_empty() {
                starts_c = starts
                    .iter()
                    .flatten()
                    .fold(BTreeMap::new(), |mut m, (a, n)| {
                        *m.entry(*a).or_default() += n;
                        m
                    });
            }
            let (&start, &n) = starts_c.iter().max_by_key(|(_, n)| **n).unwrap_or((&0, &0));
            let started: usize = starts_c.values().sum();
            // Arrivals in the log's period: cases still open at its end too; a class of
            // cases begun before it only counts those.
            let open_at_end = cut(c, true).filter(|x| !x.unusable).count();
            let left_out = cut(c, true).filter(|x| x.unusable).count();
            let mut arrivals = class_cases[c] + open_at_end + left_out;
            let begun_before = if arrivals == 0 {
                cut(c, false).count()
            } else {
                0
            };
            arrivals += begun_before;
            Class {
                name: log.classes[c].clone(),
                cases: class_cases[c],
                arrivals,
                open_at_end,
                left_out,
                begun_before,
                rate: arrivals as f64 / span_days,
                start,
                start_share: n as f64 / started.max(1) as f64,
                starts: if starts_c.len() > 1 {
                    starts_c.iter().map(|(a, n)| (*a, *n)).collect()
                } else {
                    Vec::new()
                },
                arrivals_open: (arrivals_open[c].1 > 0)
                    .then(|| arrivals_open[c].0 as f64 / arrivals_open[c].1 as f64),
            }
        })
        .collect();
    let open_share = cal.as_ref().map(|c| {
        let from = minutes(first_arrival);
        c.working_between(from, from + span_days * DAY) / (span_days * DAY)
    });
    Model {
        no_office: why_no_office,
        classes,
        stages,
        pools: pool_list,
        office,
        start_date,
        span_days,
        lead_times,
        overlapping_cases: overlapping,
        sequenced_cases: sequenced,
        forks,
        open_share,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fit::log::{Log, Record};

    /// A log of `cases` built from (case, activity, resource, start hour, end hour) on
    /// Monday 2026-03-02 (local seconds), one class.
    fn log(rows: &[(u32, &str, Option<&str>, f64, f64)]) -> Log {
        let base = NaiveDate::from_ymd_opt(2026, 3, 2)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc().timestamp() as f64)
            .unwrap_or(0.0);
        let mut l = Log {
            classes: vec!["customer".into()],
            ..Log::default()
        };
        for &(case, act, res, s, e) in rows {
            while l.cases.len() <= case as usize {
                l.cases.push(l.cases.len().to_string());
                l.case_class.push(0);
            }
            let a = match l.activities.iter().position(|x| x == act) {
                Some(a) => a,
                None => {
                    l.activities.push(act.to_string());
                    l.labels.push(None);
                    l.activities.len() - 1
                }
            } as u32;
            let r = match res {
                None => NONE,
                Some(name) => match l.resources.iter().position(|x| x == name) {
                    Some(r) => r as u32,
                    None => {
                        l.resources.push(name.to_string());
                        (l.resources.len() - 1) as u32
                    }
                },
            };
            l.records.push(Record {
                case,
                activity: a,
                resource: r,
                start: base + s * 3600.0,
                end: base + e * 3600.0,
                enabled: f64::NAN,
                start_given: true,
            });
        }
        l
    }

    #[test]
    fn pool_size_counts_people_and_a_team_by_its_work_open_at_once() {
        // "desk" is a pool-named resource with up to 3 open activities; Ann and Bob are people
        // sharing the activity "review": one pool of 2.
        let mut rows = Vec::new();
        for c in 0..3 {
            rows.push((c, "accept", Some("desk"), 1.0, 2.0 + c as f64));
            rows.push((
                c,
                "review",
                Some(if c == 0 { "Ann" } else { "Bob" }),
                10.0 + c as f64,
                10.5 + c as f64,
            ));
        }
        let l = log(&rows);
        let m = discover(&l);
        let sizes: Vec<u32> = m.pools.iter().map(|p| p.size).collect();
        assert_eq!(sizes, [3, 2], "{:?}", m.pools);
        assert_eq!(m.stages.len(), 2);
        assert!(m.stages.iter().all(|s| s.kind == Kind::Staffed));
    }

    #[test]
    fn a_person_who_overlaps_work_briefly_is_one_member_of_staff() {
        // Ann and Bob share "review"; Ann runs a minute over into her next job once.
        let mut rows = Vec::new();
        for c in 0..6u32 {
            let h = 9.0 + c as f64;
            let who = if c % 2 == 0 { "Ann" } else { "Bob" };
            rows.push((c, "review", Some(who), h, h + 0.9));
        }
        rows.push((6, "review", Some("Ann"), 15.0, 16.0 + 1.0 / 60.0));
        rows.push((7, "review", Some("Ann"), 16.0, 16.5));
        let m = discover(&log(&rows));
        let sizes: Vec<u32> = m.pools.iter().map(|p| p.size).collect();
        assert_eq!(sizes, [2], "{:?}", m.pools);
    }

    #[test]
    fn office_hours_reach_the_last_end_of_work_not_only_the_last_start() {
        // Three weeks of weekdays; work starts every half-hour from 09:00 to 16:00 and takes
        // 90 minutes less 15 seconds: the last ends at 17:29:45.
        let mut rows = Vec::new();
        let mut c = 0;
        for day in (0..21).filter(|d| d % 7 < 5) {
            for k in 0..15 {
                let s = day as f64 * 24.0 + 9.0 + 0.5 * k as f64;
                rows.push((c, "review", Some("Ann"), s, s + 1.5 - 15.0 / 3600.0));
                c += 1;
            }
        }
        let m = discover(&log(&rows));
        let o = m.office.expect("office hours");
        assert_eq!(o.hours.first().map(|p| p.start), Some(9 * 60), "{o:?}");
        assert_eq!(o.hours.last().map(|p| p.end), Some(17 * 60 + 30), "{o:?}");
        assert_eq!(o.days, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn an_export_in_whole_minutes_keeps_its_opening_hour() {
        // Office 08:30-17:30, times cut to the minute. Work starts on the half-hour from
        // 08:30; each day one task left from the evening before resumes at 08:30 and ends
        // within that minute, written "08:30": work after 08:30, not before it.
        let mut rows = Vec::new();
        let mut c = 0;
        for day in (0..21).filter(|d| d % 7 < 5) {
            let d = f64::from(day) * 24.0;
            for k in 0..17 {
                let s = d + 8.5 + 0.5 * f64::from(k);
                rows.push((c, "review", Some("Ann"), s, s + 20.0 / 60.0));
                c += 1;
            }
            if day > 0 {
                rows.push((c, "review", Some("Bob"), d - 24.0 + 17.0, d + 8.5));
                c += 1;
            }
        }
        let m = discover(&log(&rows));
        let o = m.office.expect("office hours");
        assert_eq!(o.hours.first().map(|p| p.start), Some(8 * 60 + 30), "{o:?}");
        assert_eq!(o.hours.last().map(|p| p.end), Some(17 * 60 + 30), "{o:?}");
        // The same weeks beside three more exported with seconds (another month's file):
        // the minutes of the first are still read as cut to the minute.
        let seconds = rows.len();
        for day in (21..42).filter(|d| d % 7 < 5) {
            let d = f64::from(day) * 24.0;
            for k in 0..17 {
                let s = d + 8.5 + 0.5 * f64::from(k) + 7.0 / 3600.0;
                rows.push((c, "review", Some("Ann"), s, s + 1211.0 / 3600.0));
                c += 1;
            }
        }
        assert!(rows.len() > seconds);
        let o = discover(&log(&rows)).office.expect("office hours");
        assert_eq!(o.hours.first().map(|p| p.start), Some(8 * 60 + 30), "{o:?}");
    }

    #[test]
    fn a_start_estimated_from_a_customers_night_says_nothing_of_the_hours() {
        // Office 08:30-17:30; each case's review follows the customer's step, which ends at
        // 21:00. Without start events the review's start is estimated from that end.
        let mut rows = Vec::new();
        let mut c = 0;
        for day in (0..21).filter(|d| d % 7 < 5) {
            let d = f64::from(day) * 24.0;
            for k in 0..17 {
                let s = d + 8.5 + 0.5 * f64::from(k);
                rows.push((c, "customer", None, d - 24.0 + 9.0, d - 24.0 + 21.0));
                rows.push((c, "review", Some("Ann"), s, s + 0.4));
                c += 1;
            }
        }
        let mut l = log(&rows);
        for r in &mut l.records {
            if l.activities[r.activity as usize] == "review" {
                r.start = r.start.min(r.end - 0.4 * 3600.0) - 11.5 * 3600.0;
                r.start_given = false;
            }
        }
        // Ends alone: the last is at 16:54.
        let o = discover(&l).office.expect("office hours");
        assert_eq!(o.hours.len(), 1, "{o:?}");
        assert_eq!(o.hours[0].start, 8 * 60 + 30, "{o:?}");
        assert_eq!(o.hours[0].end, 17 * 60, "{o:?}");
    }

    #[test]
    fn rework_by_attempt_and_its_limit_are_found() {
        // 1,000 cases: each checked; cases 0..400 sent back once (p = 0.4 on the first
        // check), of those 0..100 a second time (p = 0.25 on the second), never a third time.
        let times: Vec<u32> = (0..1000)
            .map(|c| match c {
                0..100 => 3,
                100..400 => 2,
                _ => 1,
            })
            .collect();
        assert_eq!(rework_of(&times), (vec![0.4, 0.25], Some(2)));
        let m = discover(&log(&checked(&times)));
        let fix = m.stages.iter().find(|s| s.kind == Kind::External);
        assert!(
            fix.is_some(),
            "an activity without a resource is the customer's"
        );
    }

    /// A survey repeated directly (p = 0.5 on the first visit, 0.05 on the second, never a
    /// third time in ten), then on to one of two steps: a rework loop by attempt and a routing step
    /// of no time, not one constant branch back among the ways on.
    #[test]
    fn a_step_repeated_directly_then_going_two_ways_is_rework_by_attempt() {
        let mut rows = Vec::new();
        for c in 0..400u32 {
            let times = match c {
                _ if c % 40 == 0 => 3,
                _ if c % 2 == 0 => 2,
                _ => 1,
            };
            let mut t = f64::from(c) * 24.0 + 9.0;
            for _ in 0..times {
                rows.push((c, "survey", Some("x"), t, t + 1.0));
                t += 1.0;
            }
            let next = if c % 4 < 2 { "plan" } else { "meter" };
            rows.push((c, next, Some("y"), t, t + 1.0));
        }
        let l = with_repeat_exits(log(&rows));
        assert_eq!(l.activities, ["survey", "plan", "meter", "route: survey"]);
        assert_eq!(l.routes_found, 400);
        let m = discover(&l);
        let route = |a: u32| next_of(&m, a);
        match route(0) {
            Next::Rework {
                to,
                p,
                max,
                otherwise,
                ..
            } => {
                assert_eq!((*to, *otherwise), (0, Some(3)));
                // 200 of 400 first visits repeated, 10 of 200 second ones; the ten third
                // visits, none repeated, are as likely chance as a limit: pooled with the
                // second (10 of 210).
                assert_eq!(p, &[0.5, 10.0 / 210.0]);
                assert_eq!(*max, None);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            route(3),
            &Next::Branches(vec![(Some(1), 0.5), (Some(2), 0.5)])
        );
        // Once through, or repeats too few to estimate from: the log as it is.
        let once: Vec<_> = rows.iter().filter(|r| r.0 % 2 == 1).copied().collect();
        assert_eq!(with_repeat_exits(log(&once)).activities.len(), 3);
    }

    /// A check that sends cases back to be fixed (30 % of first checks, 10 % of second ones,
    /// none of the third) and then sends them on two ways (survey or plan, half each): the
    /// loop keeps its probability by attempt, the ways on are a routing step's branches (as
    /// one three-way branch, every attempt would be sent back at the same 0.26).
    #[test]
    fn a_loop_whose_cases_then_go_two_ways_is_rework_by_attempt() {
        let mut rows = Vec::new();
        // 120 of 400 cases are sent back once, 12 of those twice.
        for c in 0..400u32 {
            let times = match c {
                _ if c % 100 < 3 => 3,
                _ if c % 20 < 6 => 2,
                _ => 1,
            };
            let mut t = f64::from(c) * 24.0;
            for k in 0..times {
                rows.push((c, "check", Some("desk"), t, t + 0.5));
                t += 1.0;
                if k + 1 < times {
                    rows.push((c, "fix", None, t, t + 2.0));
                    t += 3.0;
                }
            }
            let next = if c % 2 == 0 { "survey" } else { "plan" };
            rows.push((c, next, Some("field"), t, t + 1.0));
        }
        let l = with_loop_exits(with_repeat_exits(log(&rows)));
        assert_eq!(
            l.activities,
            ["check", "fix", "survey", "plan", "route: check"]
        );
        assert_eq!(l.routes_found, 400);
        let m = discover(&l);
        let route = |a: u32| next_of(&m, a);
        match route(0) {
            Next::Rework {
                to, p, otherwise, ..
            } => {
                assert_eq!((*to, *otherwise), (1, Some(4)));
                // The 12 third checks, none sent back, are as likely chance as a limit at
                // 0.1 (0.9^12 = 0.28): pooled with the second (12 of 132).
                assert_eq!(p, &[120.0 / 400.0, 12.0 / 132.0]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            route(4),
            &Next::Branches(vec![(Some(2), 0.5), (Some(3), 0.5)])
        );
        // One way on: the loop as it was, with no routing step.
        let one: Vec<_> = rows
            .iter()
            .map(|&(c, a, r, s, e)| (c, if a == "plan" { "survey" } else { a }, r, s, e))
            .collect();
        let l = with_loop_exits(with_repeat_exits(log(&one)));
        assert_eq!(l.routes_found, 0);
        assert!(matches!(
            discover(&l).stages[0].route.next,
            Next::Rework { .. }
        ));
    }

    /// Where the cases go after activity `a`'s stage.
    fn next_of(m: &Model, a: u32) -> &Next {
        &m.stages
            .iter()
            .find(|s| s.activity == a)
            .unwrap()
            .route
            .next
    }

    /// Rows of cases checked `times[c]` times (sent to `fix` between checks), then approved.
    fn checked(times: &[u32]) -> Vec<(u32, &'static str, Option<&'static str>, f64, f64)> {
        let mut rows = Vec::new();
        for (c, &times) in times.iter().enumerate() {
            let (c, mut t) = (c as u32, 0.0);
            for k in 0..times {
                rows.push((c, "check", Some("desk"), t, t + 0.5));
                t += 1.0;
                if k + 1 < times {
                    rows.push((c, "fix", None, t, t + 2.0));
                    t += 3.0;
                }
            }
            rows.push((c, "approve", Some("boss"), t, t + 0.5));
        }
        rows
    }

    fn rework_of(times: &[u32]) -> (Vec<f64>, Option<usize>) {
        match &discover(&log(&checked(times))).stages[0].route.next {
            Next::Rework { p, max, .. } => (p.clone(), *max),
            other => panic!("{other:?}"),
        }
    }

    /// A small office's loop is found by attempt where the data leave no doubt: 20 cases all
    /// sent back exactly once are [1.0] with a limit of one, not a geometric 0.5; half of them
    /// once and never twice, [0.5] with a limit (0.5^10 < 1 %). A tail of attempts without
    /// rework that chance explains does not cap the loop.
    #[test]
    fn rework_of_a_small_log_is_by_attempt_where_the_data_decide() {
        assert_eq!(rework_of(&[2; 20]), (vec![1.0], Some(1)));
        let half: Vec<u32> = (0..20).map(|c| 1 + u32::from(c < 10)).collect();
        assert_eq!(rework_of(&half), (vec![0.5], Some(1)));
        // 30 cases, 8 sent back once, 2 of them twice, none three times: 2 second
        // attempts without rework are as likely as not at p = 0.2 or so.
        let geometric: Vec<u32> = (0..30)
            .map(|c| match c {
                0..2 => 3,
                2..8 => 2,
                _ => 1,
            })
            .collect();
        let (p, max) = rework_of(&geometric);
        assert_eq!(max, None, "{p:?}");
        assert_eq!(p.len(), 1, "{p:?}");
        assert!((p[0] - 10.0 / 40.0).abs() < 1e-9, "{p:?}");
    }

    /// p = 0.41 on the first check, about 0.1 on every later one: the later attempts, alike
    /// within sampling error, are pooled into one probability (0.106 from 1,122 visits), not
    /// given one each (0.105, 0.124, then 0.071 from 14 visits).
    #[test]
    fn neighbouring_attempts_alike_are_pooled() {
        let times: Vec<u32> = (0..2432)
            .map(|c| match c {
                0..1 => 5,
                1..13 => 4,
                13..105 => 3,
                105..1003 => 2,
                _ => 1,
            })
            .collect();
        match &discover(&log(&checked(&times))).stages[0].route.next {
            Next::Rework { p, visits, max, .. } => {
                assert_eq!(p, &[1003.0 / 2432.0, 119.0 / 1122.0]);
                assert_eq!(visits, &[(1, 2432), (3, 1122)]);
                assert_eq!(*max, None);
            }
            other => panic!("{other:?}"),
        }
        // Each pair of neighbours as far apart as three standard errors stays apart.
        assert_eq!(pool_attempts(&[(100, 50), (100, 20)]).len(), 2);
        assert_eq!(pool_attempts(&[(100, 50), (100, 40)]).len(), 1);
    }

    /// `n` lognormal durations at evenly spaced quantiles: median `median`, log-sd 0.5.
    fn lognormal_sample(n: usize, median: f64) -> Vec<f64> {
        use statrs::distribution::{ContinuousCDF, Normal};
        let z = Normal::standard();
        (0..n)
            .map(|i| median * (0.5 * z.inverse_cdf((i as f64 + 0.5) / n as f64)).exp())
            .collect()
    }

    #[test]
    fn a_small_class_gets_its_own_duration_when_its_mean_differs() {
        let rest = lognormal_sample(300, 15.0);
        // 24 cases whose design takes 1.5 times as long: the t statistic on the logs is
        // ln 1.5 / (0.5 * sqrt(1/24 + 1/300)) = 3.8, past t(0.995) = 2.8.
        assert_eq!(
            samples_differ(&lognormal_sample(24, 22.5), &rest),
            Some(Differs::Mean)
        );
        // The same class with as many cases as the rest: its whole distribution is told apart.
        assert_eq!(
            samples_differ(&lognormal_sample(300, 22.5), &rest),
            Some(Differs::Shape)
        );
        // Like the others; too few to test; different, but by less than a planner would notice.
        assert_eq!(samples_differ(&lognormal_sample(24, 15.0), &rest), None);
        assert_eq!(samples_differ(&lognormal_sample(9, 60.0), &rest), None);
        assert_eq!(samples_differ(&lognormal_sample(3000, 16.0), &rest), None);
        // Zero durations (work inside one instant) fall back to the t test on the durations.
        let mut with_zero = lognormal_sample(24, 22.5);
        with_zero[0] = 0.0;
        assert_eq!(samples_differ(&with_zero, &rest), Some(Differs::Mean));
    }

    /// The duration of the stage and of each class, as the scenario gives it, for per-class
    /// samples fitted as [`shared_duration`] fits them after the classes' own tests.
    fn shares(samples: &[Vec<f64>]) -> (f64, BTreeMap<u32, (f64, Differs)>) {
        let mut own = BTreeMap::new();
        for (c, sample) in samples.iter().enumerate() {
            let rest: Vec<f64> = (0..samples.len())
                .filter(|&o| o != c)
                .flat_map(|o| samples[o].iter().copied())
                .collect();
            if let Some(test) = samples_differ(sample, &rest) {
                own.insert(c as u32, (duration(sample).unwrap(), test));
            }
        }
        let shared = shared_duration(samples, &mut own).unwrap();
        let own = own
            .into_iter()
            .map(|(c, (d, t))| (c, (d.fit.dist.mean(), t)))
            .collect();
        (shared.fit.dist.mean(), own)
    }

    #[test]
    fn a_class_without_its_own_duration_takes_the_others_like_it() {
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let (lv, hv, few) = (
            lognormal_sample(300, 10.0),
            lognormal_sample(40, 35.0),
            lognormal_sample(6, 30.0),
        );
        // LV and HV differ; the six cases of the third class are too few to be tested, and
        // no other class shares the stage's duration with them: they take HV's, nearer.
        let (shared, own) = shares(&[lv.clone(), hv.clone(), few.clone()]);
        assert_eq!(own.keys().copied().collect::<Vec<_>>(), [0, 1, 2]);
        assert!(matches!(own[&2].1, Differs::Nearest { class: 1, .. }));
        let all: Vec<f64> = [&lv, &hv, &few].into_iter().flatten().copied().collect();
        assert!((shared - mean(&all)).abs() < 0.05 * mean(&all), "{shared}");
        // Two cases are too few to choose by: they take the stage's duration.
        let (_, own) = shares(&[lv.clone(), hv.clone(), lognormal_sample(2, 30.0)]);
        assert!(!own.contains_key(&2), "{own:?}");
        // Beside a large class that takes it too, they take HV's times, nearer their mean.
        let more_lv = lognormal_sample(200, 10.5);
        let (shared, own) = shares(&[lv.clone(), hv.clone(), few.clone(), more_lv.clone()]);
        let (times, why) = own[&2];
        assert!(
            matches!(why, Differs::Nearest { class: 1, n: 6, mean: m } if (m - mean(&few)).abs() < 1e-9),
            "{why:?}"
        );
        assert!((times - own[&1].0).abs() < 1e-9);
        // The stage's duration is the LV-like class's alone.
        assert!(
            (shared - mean(&more_lv)).abs() < 0.05 * mean(&more_lv),
            "{shared}"
        );
        // Six cases like that other class stay with it.
        let (_, own) = shares(&[lv.clone(), hv, lognormal_sample(6, 10.5), more_lv]);
        assert!(!own.contains_key(&2), "{own:?}");
        // Where no class has its own, the stage's duration is fitted on every visit.
        let (shared, own) = shares(&[lv.clone(), lognormal_sample(6, 10.0)]);
        assert!(own.is_empty());
        let all: Vec<f64> = lv
            .iter()
            .chain(&lognormal_sample(6, 10.0))
            .copied()
            .collect();
        assert!((shared - mean(&all)).abs() < 0.05 * mean(&all), "{shared}");
    }

    #[test]
    fn a_small_class_that_always_takes_another_path_keeps_it() {
        // 200 cases go a -> b; 12 of another class go a -> c.
        let mut rows = Vec::new();
        for c in 0..212u32 {
            rows.push((c, "a", Some("x"), 0.0, 1.0));
            rows.push((c, if c < 200 { "b" } else { "c" }, Some("x"), 2.0, 3.0));
        }
        let mut l = log(&rows);
        l.classes.push("other".into());
        for c in 200..212 {
            l.case_class[c] = 1;
        }
        let m = discover(&l);
        let a = &m.stages[0];
        assert_eq!(a.by_class_route[&1].next, Next::To(Some(2)));
    }

    #[test]
    fn branches_carry_their_shares() {
        let mut rows = Vec::new();
        for c in 0..10u32 {
            rows.push((c, "a", Some("x"), 0.0, 1.0));
            rows.push((c, if c < 3 { "b" } else { "c" }, Some("x"), 2.0, 3.0));
        }
        let m = discover(&log(&rows));
        match &m.stages[0].route.next {
            Next::Branches(b) => {
                let shares: Vec<f64> = b.iter().map(|x| x.1).collect();
                assert_eq!(shares, [0.3, 0.7]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(m.stages[1].route.next, Next::To(None));
    }

    #[test]
    fn a_case_with_a_row_that_could_not_be_used_shapes_no_route_but_arrives() {
        // Every case goes a → b → c; three lost their b row (it ended before it started).
        let mut rows = Vec::new();
        for c in 0..40u32 {
            let t = f64::from(c) * 24.0;
            rows.push((c, "a", Some("x"), t, t + 1.0));
            if c % 13 != 5 {
                rows.push((c, "b", Some("y"), t + 2.0, t + 3.0));
            }
            rows.push((c, "c", Some("z"), t + 4.0, t + 5.0));
        }
        let mut l = log(&rows);
        l.unusable_cases = vec![5, 18, 31];
        let kept = without_cut_cases(&l);
        assert_eq!(kept.cases.len(), 37);
        let m = discover(&kept);
        let a = m.stage_of(0).expect("a is a stage");
        assert_eq!(
            m.stages[a].route.next,
            Next::To(Some(1)),
            "{:?}",
            m.stages[a]
        );
        assert_eq!(m.classes[0].arrivals, 40);
        assert_eq!(m.classes[0].left_out, 3);
        // Without the mark, the holes are a branch from a to c.
        let m = discover(&without_cut_cases(&log(&rows)));
        assert!(matches!(m.stages[a].route.next, Next::Branches(_)));
        // A case none of whose rows could be used (an XES trace of untimed events) has no
        // arrival to count.
        let mut l = log(&rows);
        l.cases.push("empty".into());
        l.case_class.push(0);
        l.unusable_cases = vec![5, 40];
        let m = discover(&without_cut_cases(&l));
        assert_eq!((m.classes[0].arrivals, m.classes[0].left_out), (40, 1));
        assert!(
            m.classes[0].rate > 0.9 && m.classes[0].rate < 1.1,
            "{:?}",
            m.classes[0]
        );
        // Rows unusable in many cases are the log's way (a step never timed): kept.
        let mut l = log(&rows);
        l.unusable_cases = (0..10).collect();
        assert_eq!(without_cut_cases(&l).cases.len(), 40);
    }

    #[test]
    fn office_hours_come_from_when_work_starts() {
        // Work starts every 10 minutes 08:30-12:00 and 13:00-17:30, Monday to Friday, for
        // four weeks.
        let mut starts = Vec::new();
        let base = NaiveDate::from_ymd_opt(2026, 3, 2)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc().timestamp() as f64)
            .unwrap_or(0.0);
        for day in 0..28 {
            if day % 7 >= 5 {
                continue;
            }
            for (from, to) in [(510, 720), (780, 1050)] {
                for m in (from..to).step_by(10) {
                    starts.push(base + (day * 1440 + m) as f64 * 60.0);
                }
            }
        }
        let o = office(&starts).expect("office hours");
        assert_eq!(o.days, [0, 1, 2, 3, 4]);
        assert_eq!(
            o.hours,
            [
                Period {
                    start: 510,
                    end: 720
                },
                Period {
                    start: 780,
                    end: 1050
                }
            ]
        );
        // One stray activity, started and ended at 22:00 on a Saturday, opens neither the
        // evening nor Saturday; three such evenings open the half-hour.
        let saturday_night = base + (5 * 1440 + 22 * 60) as f64 * 60.0;
        let mut stray = starts.clone();
        stray.extend([saturday_night, saturday_night + 600.0]);
        let with_stray = office(&stray).expect("office hours");
        assert_eq!((&with_stray.days, &with_stray.hours), (&o.days, &o.hours));
        stray.extend([saturday_night + 7.0 * 86_400.0]);
        let o3 = office(&stray).expect("office hours");
        assert!(o3.hours.iter().any(|p| p.start == 22 * 60), "{o3:?}");
        // Around the clock: no office.
        let all: Vec<f64> = (0..10_000).map(|i| base + i as f64 * 601.0).collect();
        assert!(office(&all).is_none());
    }

    #[test]
    fn a_weekday_opens_when_it_is_worked_as_regularly_as_the_others() {
        // Twenty weeks of 2024 (a year no shipped holiday calendar covers), work every
        // 10 minutes 09:00-12:00 Monday to Friday.
        let base = NaiveDate::from_ymd_opt(2024, 3, 4)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc().timestamp() as f64)
            .unwrap_or(0.0);
        let day = |d: i64| -> Vec<f64> {
            (540..720)
                .step_by(10)
                .map(|m| base + (d * 1440 + m) as f64 * 60.0)
                .collect()
        };
        let weekdays: Vec<f64> = (0..140).filter(|d| d % 7 < 5).flat_map(day).collect();
        let o = office(&weekdays).expect("office hours");
        assert_eq!(o.days, [0, 1, 2, 3, 4]);
        assert_eq!(o.uncovered_years, [2024]);
        // A whole Saturday of overtime, once in twenty weeks: Saturdays stay closed.
        let mut overtime = weekdays.clone();
        overtime.extend(day(7 * 8 + 5));
        assert_eq!(office(&overtime).expect("office hours").days, o.days);
        // A little work on every Saturday: open.
        let mut saturdays = weekdays.clone();
        saturdays.extend((0..20).flat_map(|w| day(7 * w + 5).into_iter().take(3)));
        assert_eq!(
            office(&saturdays).expect("office hours").days,
            [0, 1, 2, 3, 4, 5]
        );
    }

    #[test]
    fn work_on_one_public_holiday_keeps_the_holidays() {
        // 2025-03-03 to 2025-11-30, work every 10 minutes 09:00-12:00 on the working days
        // of the shipped calendar (weekdays but holidays, and the make-up days).
        let shipped = shipped_cn();
        let (holidays, makeup) = cn_dates(&["calendars/cn-2025.toml"]);
        assert!(shipped.iter().any(|s| s.1 == 2025));
        let first = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
        let seconds = |d: NaiveDate, m: i64| {
            d.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp() as f64 + m as f64 * 60.0
        };
        let day = |d: NaiveDate| (540..720).step_by(10).map(move |m| seconds(d, m));
        let working: Vec<NaiveDate> = first
            .iter_days()
            .take_while(|d| d.year() == 2025 && d.month() < 12)
            .filter(|d| {
                makeup.contains(d)
                    || (d.weekday().num_days_from_monday() < 5 && !holidays.contains(d))
            })
            .collect();
        let starts: Vec<f64> = working.iter().copied().flat_map(day).collect();
        let o = office(&starts).expect("office hours");
        assert!(o.cn_holidays.contains(&"calendars/cn-2025.toml"), "{o:?}");
        assert!(o.holidays_worked.is_empty());
        // Three emergencies on National Day (a Friday): the holidays still match, and the
        // day is named.
        let national_day = NaiveDate::from_ymd_opt(2025, 10, 3).unwrap();
        assert!(holidays.contains(&national_day));
        let mut emergency = starts.clone();
        emergency.extend(day(national_day).take(3));
        let e = office(&emergency).expect("office hours");
        assert_eq!(e.cn_holidays, o.cn_holidays);
        assert_eq!(e.holidays_worked, [national_day]);
        // Work on every holiday: an office that does not keep them.
        let mut always = starts.clone();
        always.extend(
            holidays
                .iter()
                .filter(|d| (first..=national_day).contains(*d))
                .flat_map(|&d| day(d)),
        );
        assert!(
            office(&always)
                .expect("office hours")
                .cn_holidays
                .is_empty()
        );
    }

    #[test]
    fn gaps_between_a_step_and_the_next_ready_become_handoffs() {
        let rows: Vec<_> = (0..50u32)
            .flat_map(|c| [(c, "a", Some("x"), 0.0, 1.0), (c, "b", Some("y"), 6.0, 7.0)])
            .collect();
        let mut l = log(&rows);
        // b became ready 4 hours after a ended (and waited an hour for y).
        for r in l.records.iter_mut().filter(|r| r.activity == 1) {
            r.enabled = r.start - 3600.0;
        }
        let with = with_handoffs(&l);
        assert_eq!(with.activities[2], "handoff: a → b");
        let m = discover(&with);
        let h = m
            .stages
            .iter()
            .find(|s| s.kind == Kind::Handoff)
            .expect("a hand-off");
        let d = h.duration.as_ref().expect("its time");
        assert!((d.mean - 4.0 / 24.0).abs() < 1e-9, "{}", d.mean);
        // Without gaps nothing is added.
        assert_eq!(with_handoffs(&log(&rows)).activities.len(), 2);
        // A Chinese log's hand-offs are named in Chinese.
        l.activities = vec!["受理".into(), "勘查".into()];
        assert_eq!(with_handoffs(&l).activities[2], "交接：受理 → 勘查");
    }

    #[test]
    fn a_pool_that_works_other_hours_keeps_its_own_calendar() {
        // The desk works 08:00-12:00 on weekdays; the night crew 20:00-24:00 every day, four
        // weeks of each, enough starts for both calendars.
        let mut rows = Vec::new();
        let mut case = 0u32;
        for day in 0..28 {
            for k in 0..24 {
                if day % 7 < 5 {
                    let h = (day * 24) as f64 + 8.0 + k as f64 / 6.0;
                    rows.push((case, "accept", Some("desk"), h, h + 0.1));
                }
                let h = (day * 24) as f64 + 20.0 + k as f64 / 6.0;
                rows.push((case, "repair", Some("night crew"), h, h + 0.1));
                case += 1;
            }
        }
        let m = discover(&log(&rows));
        let office = m.office.as_ref().expect("office hours");
        let night = m
            .pools
            .iter()
            .find(|p| p.office.is_some())
            .and_then(|p| p.office.as_ref())
            .expect("the night crew's own hours");
        assert_ne!(night.hours, office.hours);
        assert_eq!(
            night.hours,
            [Period {
                start: 1200,
                end: 1440
            }]
        );
        assert_eq!(night.days.len(), 7);
    }

    #[test]
    fn without_enabled_times_a_step_is_ready_when_the_one_before_ended() {
        let rows = [
            (0, "a", Some("x"), 1.0, 2.0),
            (0, "wait for customer", None, 2.5, 5.0),
            (0, "b", Some("x"), 6.0, 7.0),
            // x is busy from before the customer's step ended until b starts.
            (1, "a", Some("x"), 4.5, 6.0),
        ];
        let l = with_enabled(&log(&rows));
        let hours: Vec<f64> = l.records.iter().map(|r| r.enabled).collect();
        assert!(hours[0].is_nan(), "the first step is ready when it starts");
        // A customer does not queue: ready when the step started.
        assert_eq!(hours[1], l.records[1].start);
        assert_eq!(hours[2], l.records[1].end);
        // The half hour before the customer's step, in every case that has the two, is
        // the office's: a hand-off, and the customer's step is 2.5 hours.
        let with = with_handoffs(&l);
        let m = discover(&with);
        let wait = m.stages.iter().find(|s| s.kind == Kind::External).unwrap();
        let d = wait.duration.as_ref().unwrap();
        assert!((d.mean - 2.5 / 24.0).abs() < 1e-9, "{}", d.mean);
        let handoff = m.stages.iter().find(|s| s.kind == Kind::Handoff).unwrap();
        let d = handoff.duration.as_ref().unwrap();
        assert!((d.mean - 0.5 / 24.0).abs() < 1e-9, "{}", d.mean);
    }

    /// A gap before a customer's step in a few cases only is not a hand-off: it stays the
    /// customer's time, not lost.
    #[test]
    fn an_occasional_gap_before_a_customers_step_is_the_customers() {
        let mut rows = Vec::new();
        for case in 0..40u32 {
            let h = f64::from(case) * 24.0;
            // One case in eight has an hour between the office's step and the customer's.
            let gap = if case % 8 == 0 { 1.0 } else { 0.0 };
            rows.push((case, "a", Some("x"), h + 1.0, h + 2.0));
            rows.push((case, "customer", None, h + 2.0 + gap, h + 5.0));
        }
        let l = with_handoffs(&with_enabled(&log(&rows)));
        let m = discover(&l);
        assert!(m.stages.iter().all(|s| s.kind != Kind::Handoff));
        let wait = m.stages.iter().find(|s| s.kind == Kind::External).unwrap();
        let d = wait.duration.as_ref().unwrap();
        assert!((d.mean - 3.0 / 24.0).abs() < 1e-9, "{}", d.mean);
    }

    #[test]
    fn without_enabled_times_a_gap_the_person_was_free_through_is_a_handoff() {
        // Each day one case: x does `a` 9-10, y does `b` 12-13 and is free all morning, so
        // `b` was not ready before 12:00: two hours between the desks, not waiting.
        let mut rows = Vec::new();
        for day in 0..20u32 {
            let h = f64::from(day) * 24.0;
            rows.push((day, "a", Some("x"), h + 9.0, h + 10.0));
            rows.push((day, "b", Some("y"), h + 12.0, h + 13.0));
        }
        let with = with_handoffs(&with_enabled(&log(&rows)));
        assert_eq!(with.activities[2], "handoff: a → b");
        let m = discover(&with);
        let h = m.stages.iter().find(|s| s.kind == Kind::Handoff).unwrap();
        let d = h.duration.as_ref().unwrap();
        assert!((d.mean - 2.0 / 24.0).abs() < 1e-9, "{}", d.mean);
        // Twenty cases at once: y works through them back to back, so each waits for y
        // from the end of its `a`: queueing, no hand-off.
        let mut rows = Vec::new();
        for k in 0..20u32 {
            let a_end = 9.5 + 0.5 * f64::from(k);
            rows.push((k, "a", Some("x"), a_end - 0.5, a_end));
            let b = 9.5 + f64::from(k);
            rows.push((k, "b", Some("y"), b, b + 1.0));
        }
        let l = with_enabled(&log(&rows));
        for k in 0..20 {
            assert_eq!(
                l.records[2 * k + 1].enabled,
                l.records[2 * k].end,
                "case {k}"
            );
        }
        assert_eq!(with_handoffs(&l).activities.len(), 2);
    }

    /// A row of [`log`]: case, activity, resource, start and end hour.
    type Row = (u32, &'static str, Option<&'static str>, f64, f64);

    /// Twenty days, each with case A (`a` by y 9-10, `b` by x1 12-13), case B (`a` 7-8,
    /// `b` by x1 8-12) and, on the days `x2_works`, case C (`a` 14-15, `b` by x2 15-16).
    fn colleagues(x2_works: impl Fn(u32) -> bool) -> Vec<Row> {
        let mut rows = Vec::new();
        for day in 0..20u32 {
            let h = f64::from(day) * 24.0;
            rows.push((3 * day, "a", Some("y"), h + 9.0, h + 10.0));
            rows.push((3 * day, "b", Some("x1"), h + 12.0, h + 13.0));
            rows.push((3 * day + 1, "a", Some("y"), h + 7.0, h + 8.0));
            rows.push((3 * day + 1, "b", Some("x1"), h + 8.0, h + 12.0));
            if x2_works(day) {
                rows.push((3 * day + 2, "a", Some("y"), h + 14.0, h + 15.0));
                rows.push((3 * day + 2, "b", Some("x2"), h + 15.0, h + 16.0));
            }
        }
        rows
    }

    #[test]
    fn without_enabled_times_a_gap_a_colleague_was_free_through_is_not_queueing() {
        // Each day, x1 does case B's `b` 8-12 and then case A's `b` 12-13; A's `a` ended at
        // 10. x1 was busy, but x2, who does `b` too (case C, afternoons), was free all
        // morning: A's `b` was not ready before 12:00, not waiting for x1 since 10:00.
        let mut rows = colleagues(|_| true);
        let l = with_enabled(&log(&rows));
        for day in 0..20 {
            let (a, b) = (&l.records[6 * day], &l.records[6 * day + 1]);
            assert_eq!(b.enabled, b.start, "day {day}: ready when x2 was last free");
            assert!(b.enabled > a.end);
            // Case B's `b` started as `a` ended: no gap to explain.
            assert_eq!(l.records[6 * day + 3].enabled, l.records[6 * day + 2].end);
        }
        // Both busy (x2 takes the morning too): A's `b` waited for one of them from 10:00.
        for (k, r) in rows.iter_mut().enumerate() {
            if k % 6 == 5 {
                (r.3, r.4) = (r.3 - 7.0, r.4 - 3.0);
            }
        }
        let l = with_enabled(&log(&rows));
        for day in 0..20 {
            assert_eq!(l.records[6 * day + 1].enabled, l.records[6 * day].end);
        }
    }

    #[test]
    fn without_enabled_times_a_colleague_not_at_work_is_not_free() {
        // As above, but x2 works only the first ten days (then leaves): from day 10 on,
        // A's `b` waited for x1 from the end of its `a`.
        // Case numbers are the log's case indices; each case has one `a` and one `b`.
        let of = |l: &Log, case: u32, act: &str| {
            let a = l.activities.iter().position(|x| x == act).unwrap() as u32;
            *l.records
                .iter()
                .find(|r| r.case == case && r.activity == a)
                .unwrap()
        };
        let l = with_enabled(&log(&colleagues(|day| day < 10)));
        for day in 0..20u32 {
            let b = of(&l, 3 * day, "b");
            let want = if day < 10 {
                b.start
            } else {
                of(&l, 3 * day, "a").end
            };
            assert_eq!(b.enabled, want, "day {day}");
        }
        // One person with two pieces of work open is one busy member: x2 free beside them
        // makes the gap a hand-off, as when x1 had one.
        let mut rows = Vec::new();
        for day in 0..20u32 {
            let h = f64::from(day) * 24.0;
            rows.push((4 * day, "a", Some("y"), h + 9.0, h + 10.0));
            rows.push((4 * day, "b", Some("x1"), h + 12.0, h + 13.0));
            for (k, from) in [(1, 8.0), (2, 8.5)] {
                rows.push((4 * day + k, "a", Some("y"), h + from - 1.0, h + from));
                rows.push((4 * day + k, "b", Some("x1"), h + from, h + 12.0));
            }
            rows.push((4 * day + 3, "a", Some("y"), h + 14.0, h + 15.0));
            rows.push((4 * day + 3, "b", Some("x2"), h + 15.0, h + 16.0));
        }
        let l = with_enabled(&log(&rows));
        for day in 0..20u32 {
            let b = of(&l, 4 * day, "b");
            assert_eq!(b.enabled, b.start, "day {day}");
        }
    }

    #[test]
    fn a_customer_step_ending_after_hours_is_not_a_handoff() {
        // Monday to Thursday, one case a day: x does `a` between 09:00 and 12:00, the
        // customer's `c` runs to 20:00, and y does `b` at 09:00, opening time, the next
        // day. The gap from 20:00 to the next opening is the office's night, not a hand-off
        // (the test above has one inside office hours).
        let mut rows = Vec::new();
        for day in (0..56u32).filter(|d| d % 7 < 4) {
            let h = f64::from(day) * 24.0;
            let a = h + 9.0 + 0.5 * f64::from(day % 6);
            rows.push((day, "a", Some("x"), a, a + 1.0));
            rows.push((day, "c", None, a + 1.0, h + 20.0));
            rows.push((day, "b", Some("y"), h + 33.0, h + 34.0));
        }
        let l = with_enabled(&log(&rows));
        // `b` is ready at opening time (y was free at work), or, on the first of y's days at
        // work, when `c` ended the evening before: no office time between.
        let b = l.activities.iter().position(|a| a == "b").unwrap() as u32;
        for (k, r) in l
            .records
            .iter()
            .enumerate()
            .filter(|(_, r)| r.activity == b)
        {
            let (_, _, minute) = clock(r.enabled);
            assert!(
                minute == 9.0 * 60.0 || r.enabled == l.records[k - 1].end,
                "{r:?}"
            );
        }
        assert_eq!(
            with_handoffs(&l).activities,
            ["a", "c", "b"],
            "no hand-off stage"
        );
    }

    /// Parallel work that overlaps in time in most cases is a fork in all of them, also
    /// where one branch happened to be done before the other started; work that overlapped
    /// once, one step always after the other, stays a sequence.
    #[test]
    fn parallel_work_is_a_fork_also_where_it_did_not_overlap() {
        let mut rows = Vec::new();
        for c in 0..40u32 {
            let h = f64::from(c) * 24.0;
            rows.push((c, "accept", Some("desk"), h + 9.0, h + 10.0));
            // Cases 0-29 overlap; 30-34 do b then a, 35-39 a then b.
            let (a, b) = match c {
                0..30 => ((10.0, 12.0), (10.5, 11.5)),
                30..35 => ((11.0, 12.0), (10.0, 11.0)),
                _ => ((10.0, 11.0), (11.0, 12.0)),
            };
            rows.push((c, "plan", Some("ann"), h + a.0, h + a.1));
            rows.push((c, "price", Some("bob"), h + b.0, h + b.1));
            rows.push((c, "meter", Some("cy"), h + 12.0, h + 13.0));
        }
        let m = discover(&log(&rows));
        assert_eq!(
            m.forks,
            vec![Fork {
                branches: vec![1, 2],
                join: Some(3)
            }]
        );
        assert_eq!(m.stages[0].route.next, Next::To(Some(FORK)));
        // Without enabled times, `price` begun two hours after `plan` ended (bob was free)
        // in cases 35-39: the gap is the fork's, not a hand-off between the branches.
        for r in rows
            .iter_mut()
            .filter(|r| r.0 >= 35 && r.1 != "accept" && r.1 != "plan")
        {
            (r.3, r.4) = (r.3 + 2.0, r.4 + 2.0);
        }
        let l = with_handoffs(&with_enabled(&log(&rows)));
        assert_eq!(l.activities, ["accept", "plan", "price", "meter"]);
        assert_eq!(discover(&l).forks, m.forks);
        // One overlap in 40 cases, `price` always after `plan`: a sequence.
        let mut rows = Vec::new();
        for c in 0..40u32 {
            let h = f64::from(c) * 24.0;
            let end = if c == 0 { 11.5 } else { 11.0 };
            rows.push((c, "accept", Some("desk"), h + 9.0, h + 10.0));
            rows.push((c, "plan", Some("ann"), h + 10.0, h + end));
            rows.push((c, "price", Some("bob"), h + 11.0, h + 12.0));
        }
        let l = log(&rows);
        let cases: Vec<(usize, usize)> = (0..40).map(|c| (3 * c, 3 * c + 3)).collect();
        assert!(concurrent_pairs(&l, &case_order(&l), &cases).is_empty());
    }

    /// Times written to the minute put a step begun in the minute the one before it ended
    /// up to 59 s before that end: not parallel work, which the fork after it still is.
    #[test]
    fn a_step_begun_in_the_minute_the_last_ended_is_no_parallel_work() {
        let mut rows = Vec::new();
        for c in 0..40u32 {
            let h = f64::from(c) * 24.0;
            // The survey ends at 11:00:30; the plan and the price are written as begun at
            // 11:00 (the minute of the survey's end) and overlap each other for an hour.
            rows.push((c, "accept", Some("desk"), h + 9.0, h + 10.0));
            rows.push((c, "survey", Some("sam"), h + 10.0, h + 11.0 + 30.0 / 3600.0));
            rows.push((c, "plan", Some("ann"), h + 11.0, h + 13.0));
            rows.push((c, "price", Some("bob"), h + 11.0, h + 12.0));
            rows.push((c, "meter", Some("cy"), h + 13.0, h + 14.0));
        }
        let m = discover(&log(&rows));
        assert_eq!(
            m.forks,
            vec![Fork {
                branches: vec![2, 3],
                join: Some(4)
            }]
        );
        assert_eq!(m.stages[1].route.next, Next::To(Some(FORK)));
        assert_eq!(m.sequenced_cases, 0);
    }

    /// A log exported for a period cuts cases off at both ends: those begun before it show
    /// their last steps only, those still open at its end their first. Both are left out;
    /// the complete cases are kept whole.
    #[test]
    fn cases_cut_off_by_the_logs_period_are_left_out() {
        // Case k: a on day k, b on day k + 1, c on day k + 2, each 09:00-10:00; the export
        // holds the work started from day 2 and ended by day 60.
        let mut rows = Vec::new();
        for k in 0..60u32 {
            for (i, act) in ["a", "b", "c"].into_iter().enumerate() {
                let h = 24.0 * f64::from(k + i as u32);
                if h + 9.0 >= 48.0 && h + 10.0 <= 1440.0 {
                    rows.push((k, act, Some("x"), h + 9.0, h + 10.0));
                }
            }
        }
        let l = log(&rows);
        let kept = without_cut_cases(&l);
        // Cases 0 and 1 begin with c and b; cases 58 and 59 end with b and a.
        assert_eq!(kept.cut_cases, (2, 2));
        assert_eq!(kept.cases.len(), 56);
        assert_eq!(kept.records.len(), 56 * 3);
        assert_eq!(kept.cases.first().map(String::as_str), Some("2"));
        assert_eq!(kept.cases.last().map(String::as_str), Some("57"));
        assert_eq!(kept.too_short, None);
        // The arrivals of those still open at the end are in the period: they count in the
        // rate (58 cases arrived on days 2..=59), and those begun before it do not.
        let at_end: Vec<f64> = kept
            .cut_arrivals
            .iter()
            .filter(|c| c.at_end)
            .map(|c| c.arrival)
            .collect();
        assert_eq!(at_end.len(), 2);
        assert_eq!(at_end[1] - at_end[0], 86_400.0);
        let m = discover(&kept);
        // From case 2's arrival to case 59's.
        let span = 59.0 - 2.0;
        assert_eq!(m.classes[0].arrivals, 58);
        assert!(
            (m.classes[0].rate - 58.0 / span).abs() < 1e-9,
            "{}",
            m.classes[0].rate
        );
        // The whole log, or one too short to tell, is kept as it is; the short one says so.
        let whole: Vec<_> = rows
            .iter()
            .filter(|r| (2..58).contains(&r.0))
            .copied()
            .collect();
        assert_eq!(without_cut_cases(&log(&whole)).cut_cases, (0, 0));
        let short: Vec<_> = rows.iter().filter(|r| r.0 < 3).copied().collect();
        assert_eq!(without_cut_cases(&log(&short)).records.len(), short.len());
        // A day of the export: no case ended long enough before its end to show which
        // steps end cases.
        let day: Vec<_> = rows.iter().filter(|r| r.3 < 72.0).copied().collect();
        let kept = without_cut_cases(&log(&day));
        assert_eq!(kept.records.len(), day.len());
        assert!(kept.too_short.is_some(), "{:?}", kept.too_short);
    }

    /// A log that cannot show office hours says why work is taken around the clock.
    #[test]
    fn a_log_without_office_hours_says_why() {
        let rows = |cases: u32| -> Vec<(u32, &str, Option<&str>, f64, f64)> {
            (0..cases)
                .map(|c| {
                    let h = 24.0 * f64::from(c % 5) + 9.0 + f64::from(c % 7);
                    (c, "work", Some("ann"), h, h + 0.5)
                })
                .collect()
        };
        // 10 activities; then 60, all within five days.
        assert_eq!(discover(&log(&rows(10))).no_office, Some(NO_OFFICE[0]));
        let m = discover(&log(&rows(60)));
        assert_eq!(
            (m.office.is_none(), m.no_office),
            (true, Some(NO_OFFICE[1]))
        );
    }
}
