//! Working calendar: office hours, public holidays and make-up working days (调休).
//!
//! Simulation time is an `f64` number of minutes since 00:00 of the scenario's start date, the
//! *epoch*. A [`Calendar`] answers the questions the simulator asks for every task: is the office
//! open, when does it open next, when does a task needing so many minutes of open time finish,
//! and how much open time lies between two instants.
//!
//! A calendar is built from a [`CalendarSpec`]: open periods for each weekday, holiday dates
//! (closed all day) and make-up days (weekend days worked with the hours of a normal working
//! day). [`Calendar::new`] validates the spec and expands it into a per-day table covering the
//! simulation horizon plus 400 days (and every listed date), with a running total of open
//! minutes, so every query costs O(1) or O(log days crossed), allocates nothing and does no date
//! arithmetic. Beyond the table the plain weekly pattern applies (no holidays, no make-up
//! days); times before the epoch follow the plain weekly pattern too.
//!
//! Whole-minute inputs give exact results: every intermediate value is an integer far below
//! 2^53. Times and amounts of work are meant to be finite and within ±2^50 minutes of the
//! epoch; beyond that results saturate, a NaN input gives a NaN result, and nothing panics.
//!
//! # Examples
//!
//! ```
//! use chrono::NaiveDate;
//! use expansim::calendar::{parse_period, Calendar, CalendarSpec};
//!
//! let office = vec![parse_period("08:30-12:00")?, parse_period("13:30-17:30")?];
//! let weekday = || office.clone();
//! let spec = CalendarSpec {
//!     epoch: NaiveDate::from_ymd_opt(2026, 1, 5).expect("a valid date"), // a Monday
//!     weekly: [weekday(), weekday(), weekday(), weekday(), weekday(), vec![], vec![]],
//!     holidays: vec![],
//!     makeup_days: vec![],
//!     makeup_periods: None,
//! };
//! let cal = Calendar::new(spec, 365.0 * 1440.0)?;
//! assert_eq!(cal.working_day_minutes(), 450.0); // 3.5 h + 4 h
//!
//! // A 4 h task started on Friday (day 4) at 16:30 ends on Monday (day 7) at 11:30.
//! let friday_1630 = 4.0 * 1440.0 + 990.0;
//! assert_eq!(cal.add_working(friday_1630, 240.0), 7.0 * 1440.0 + 690.0);
//! assert_eq!(cal.working_between(friday_1630, 7.0 * 1440.0 + 690.0), 240.0);
//! # Ok::<(), expansim::calendar::CalendarError>(())
//! ```

use std::cell::Cell;
use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, Timelike};

/// Simulation time or duration in minutes; times count from 00:00 of the calendar's epoch.
pub type Minutes = f64;

/// Minutes in a day.
const DAY: f64 = 1440.0;
/// Minutes in a day, as an integer clock value (24:00).
const MIDNIGHT: u32 = 1440;
/// Days the per-day table extends past the horizon.
const TABLE_MARGIN_DAYS: i64 = 400;
/// Largest per-day table (about 200 years); later days follow the weekly pattern.
const MAX_TABLE_DAYS: i64 = 200 * 366;
/// Times are clamped to ±2^50 minutes before being split into day and clock time.
const TIME_LIMIT: f64 = 1_125_899_906_842_624.0;
/// Searches for a day never go past this index (2^42 days).
const MAX_SEARCH_DAY: i64 = 1 << 42;
/// Less than one minute: "reach this much open time" means "any open time at all".
const ANY_OPEN: f64 = 0.5;
/// Names used in error messages, index 0 = Monday.
const WEEKDAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
/// Name used in error messages for the list of make-up day periods.
const MAKEUP_NAME: &str = "make-up days";

/// One open period within a day, in minutes after midnight, `start < end <= 1440`.
///
/// The start is inclusive and the end exclusive. Displays as `hh:mm-hh:mm`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Period {
    /// Opening time, minutes after midnight.
    pub start: u32,
    /// Closing time, minutes after midnight (1440 = 24:00).
    pub end: u32,
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", Clock(self.start), Clock(self.end))
    }
}

/// A minute of the day displayed as `hh:mm`.
struct Clock(u32);

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// Everything needed to build a [`Calendar`].
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarSpec {
    /// Date whose 00:00 is simulation time 0.
    pub epoch: NaiveDate,
    /// Open periods per weekday, index 0 = Monday … 6 = Sunday, sorted and disjoint.
    pub weekly: [Vec<Period>; 7],
    /// Public holidays: closed all day, whatever the weekday. Dates before the epoch or past
    /// the calendar's table (about 200 years) have no effect.
    pub holidays: Vec<NaiveDate>,
    /// Make-up working days (调休), usually a Saturday or Sunday, worked with the make-up
    /// periods whatever the weekday. Dates before the epoch or past the table have no effect.
    pub makeup_days: Vec<NaiveDate>,
    /// Periods used on a make-up working day; None = the periods of the first weekday
    /// (Mon..Fri order) that has any, and when none has (a roster of weekends only), a
    /// make-up day keeps its own weekday's periods: it makes weekday staff work, not them.
    pub makeup_periods: Option<Vec<Period>>,
}

/// A calendar spec, clock time or period that cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// A clock time is not `hh:mm` between 00:00 and 24:00.
    #[error("invalid clock time '{text}': write hh:mm between 00:00 and 24:00, e.g. 08:30")]
    InvalidClock {
        /// The text as given.
        text: String,
    },
    /// A period is not `hh:mm-hh:mm` with the end later than the start.
    #[error(
        "invalid period '{text}': write hh:mm-hh:mm with the end later than the start, e.g. 08:30-12:00"
    )]
    InvalidPeriod {
        /// The text as given.
        text: String,
    },
    /// A period does not end after it starts.
    #[error(
        "period {period} on {day} does not end after it starts: make the end later than the start"
    )]
    EmptyPeriod {
        /// The bad period.
        period: Period,
        /// The weekday (`monday` … `sunday`) or `make-up days`.
        day: String,
    },
    /// A period ends after 24:00.
    #[error("period {period} on {day} ends after 24:00: end it at 24:00 at the latest")]
    PastMidnight {
        /// The bad period.
        period: Period,
        /// The weekday (`monday` … `sunday`) or `make-up days`.
        day: String,
    },
    /// A period starts before the previous one ends.
    #[error("period {period} overlaps {previous} on {day}: make the periods disjoint")]
    Overlap {
        /// The period that overlaps.
        period: Period,
        /// The period listed just before it.
        previous: Period,
        /// The weekday (`monday` … `sunday`) or `make-up days`.
        day: String,
    },
    /// A period starts before the period listed just before it.
    #[error("period {period} starts before {previous} on {day}: list the periods in time order")]
    Unsorted {
        /// The period out of order.
        period: Period,
        /// The period listed just before it.
        previous: Period,
        /// The weekday (`monday` … `sunday`) or `make-up days`.
        day: String,
    },
    /// No weekday has any open period.
    #[error("the week has no open time: give at least one weekday an open period")]
    NoOpenTime,
    /// A date is listed both as a holiday and as a make-up day.
    #[error("{date} is both a holiday and a make-up day: remove it from one of the two lists")]
    HolidayAndMakeupDay {
        /// The date listed twice.
        date: NaiveDate,
    },
    /// The horizon is negative or not a number.
    #[error("horizon {horizon} min is invalid: give a number of minutes >= 0")]
    InvalidHorizon {
        /// The horizon as given, in minutes.
        horizon: f64,
    },
}

/// Parses a clock time `hh:mm` (or `h:mm`) into minutes after midnight: `"08:30"` gives 510,
/// `"24:00"` gives 1440.
///
/// Surrounding whitespace is ignored. Minutes must have two digits and be below 60; hours may
/// be 0 to 24, and 24 only as `24:00`.
pub fn parse_clock(s: &str) -> Result<u32, CalendarError> {
    let bad = || CalendarError::InvalidClock {
        text: s.to_string(),
    };
    let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) || h.len() > 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: u32 = h.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    let minutes = h * 60 + m;
    if m >= 60 || minutes > MIDNIGHT {
        return Err(bad());
    }
    Ok(minutes)
}

/// Parses a period `hh:mm-hh:mm`, e.g. `"08:30-12:00"`; the end must be later than the start.
pub fn parse_period(s: &str) -> Result<Period, CalendarError> {
    let bad = || CalendarError::InvalidPeriod {
        text: s.to_string(),
    };
    let (a, b) = s.split_once('-').ok_or_else(bad)?;
    let start = parse_clock(a).map_err(|_| bad())?;
    let end = parse_clock(b).map_err(|_| bad())?;
    if start >= end {
        return Err(bad());
    }
    Ok(Period { start, end })
}

/// Checks that `list` is sorted, disjoint and within the day; `day` names it in errors.
fn validate_periods(list: &[Period], day: &str) -> Result<(), CalendarError> {
    let mut previous: Option<Period> = None;
    for &period in list {
        if period.start >= period.end {
            return Err(CalendarError::EmptyPeriod {
                period,
                day: day.to_string(),
            });
        }
        if period.end > MIDNIGHT {
            return Err(CalendarError::PastMidnight {
                period,
                day: day.to_string(),
            });
        }
        if let Some(previous) = previous {
            if period.start < previous.start {
                return Err(CalendarError::Unsorted {
                    period,
                    previous,
                    day: day.to_string(),
                });
            }
            if period.start < previous.end {
                return Err(CalendarError::Overlap {
                    period,
                    previous,
                    day: day.to_string(),
                });
            }
        }
        previous = Some(period);
    }
    Ok(())
}

/// Open minutes of a validated period list.
fn open_minutes(list: &[Period]) -> u32 {
    list.iter().map(|p| p.end - p.start).sum()
}

/// Index of `list` in `lists`, appending it if new.
fn intern<'a>(lists: &mut Vec<&'a [Period]>, list: &'a [Period]) -> u8 {
    let index = lists.iter().position(|l| *l == list).unwrap_or_else(|| {
        lists.push(list);
        lists.len() - 1
    });
    // At most 7 weekdays + make-up + closed = 9 kinds.
    u8::try_from(index).unwrap_or(0)
}

/// One distinct list of open periods, as a range of `Calendar::periods`.
#[derive(Debug, Clone, Copy)]
struct DayKind {
    first: usize,
    last: usize,
    open: f64,
}

/// A working calendar, ready for fast queries. Build it with [`Calendar::new`].
#[derive(Debug, Clone)]
pub struct Calendar {
    epoch: NaiveDate,
    /// Weekday of day 0, 0 = Monday.
    epoch_weekday: i64,
    /// Open periods of every day kind, `(start, end)` in minutes after midnight.
    periods: Vec<(f64, f64)>,
    /// Distinct day kinds; kind 0 is closed all day.
    kinds: Vec<DayKind>,
    /// Kind of each weekday (0 = Monday) in the plain weekly pattern.
    weekly_kind: [u8; 7],
    /// Kind of each day 0..n.
    day_kind: Vec<u8>,
    /// `prefix[d]` = open minutes in days 0..d, for d in 0..=n.
    prefix: Vec<f64>,
    /// Open minutes in the first k days (k = 0..=7) of a plain week starting on the epoch's weekday.
    week_partial: [f64; 8],
    /// Open minutes in a plain week.
    week_open: f64,
    /// Open minutes in a standard working day.
    working_day: f64,
    /// Make-up working days (indices from the epoch, sorted) and the weekday (0 = Monday)
    /// whose hours they work; none when no weekday lends them hours.
    makeup: Option<(usize, Vec<i64>)>,
}

impl Calendar {
    /// Validates `spec` and builds the per-day table for times up to `horizon` minutes (plus 400
    /// days, and at least up to the last listed holiday or make-up day, at most about 200 years).
    ///
    /// An infinite horizon is allowed and gives the largest table.
    pub fn new(spec: CalendarSpec, horizon: Minutes) -> Result<Calendar, CalendarError> {
        if horizon.is_nan() || horizon < 0.0 {
            return Err(CalendarError::InvalidHorizon { horizon });
        }
        for (list, name) in spec.weekly.iter().zip(WEEKDAY_NAMES) {
            validate_periods(list, name)?;
        }
        if let Some(list) = &spec.makeup_periods {
            validate_periods(list, MAKEUP_NAME)?;
        }
        let week_open: u32 = spec.weekly.iter().map(|l| open_minutes(l)).sum();
        if week_open == 0 {
            return Err(CalendarError::NoOpenTime);
        }
        if let Some(&date) = spec.makeup_days.iter().find(|d| spec.holidays.contains(d)) {
            return Err(CalendarError::HolidayAndMakeupDay { date });
        }
        let lender = spec.weekly[..5].iter().position(|l| !l.is_empty());
        let makeup_list: Option<&[Period]> = match &spec.makeup_periods {
            Some(list) => Some(list),
            None => lender.map(|w| spec.weekly[w].as_slice()),
        };

        // Distinct period lists; index 0 is the closed day.
        let mut lists: Vec<&[Period]> = vec![&[]];
        let mut weekly_kind = [0u8; 7];
        for (kind, list) in weekly_kind.iter_mut().zip(&spec.weekly) {
            *kind = intern(&mut lists, list);
        }
        let makeup_kind = makeup_list.map(|list| intern(&mut lists, list));
        let mut periods = Vec::new();
        let mut kinds = Vec::with_capacity(lists.len());
        for list in &lists {
            let first = periods.len();
            periods.extend(list.iter().map(|p| (f64::from(p.start), f64::from(p.end))));
            kinds.push(DayKind {
                first,
                last: periods.len(),
                open: f64::from(open_minutes(list)),
            });
        }

        let epoch = spec.epoch;
        let epoch_weekday = i64::from(epoch.weekday().num_days_from_monday());
        let day_index = |date: &NaiveDate| date.signed_duration_since(epoch).num_days();
        let horizon_days = if horizon.is_finite() {
            // Saturating float-to-int conversion; capped just below anyway.
            (horizon / DAY).ceil().min(MAX_TABLE_DAYS as f64) as i64
        } else {
            MAX_TABLE_DAYS
        };
        let last_listed = spec
            .holidays
            .iter()
            .chain(&spec.makeup_days)
            .map(day_index)
            .max()
            .unwrap_or(-1);
        let n = (horizon_days + TABLE_MARGIN_DAYS + 1)
            .max(last_listed.saturating_add(1))
            .min(MAX_TABLE_DAYS);
        let mut day_kind: Vec<u8> = (0..n)
            .map(|d| weekly_kind[((epoch_weekday + d) % 7) as usize])
            .collect();
        let mut set = |date: &NaiveDate, kind: u8| {
            if let Some(slot) = usize::try_from(day_index(date))
                .ok()
                .and_then(|i| day_kind.get_mut(i))
            {
                *slot = kind;
            }
        };
        for date in &spec.holidays {
            set(date, 0);
        }
        if let Some(kind) = makeup_kind {
            for date in &spec.makeup_days {
                set(date, kind);
            }
        }
        let mut prefix = Vec::with_capacity(day_kind.len() + 1);
        let mut total = 0.0;
        prefix.push(total);
        for &kind in &day_kind {
            total += kinds[usize::from(kind)].open;
            prefix.push(total);
        }
        let mut week_partial = [0.0; 8];
        for k in 0..7 {
            let kind = weekly_kind[((epoch_weekday + k as i64) % 7) as usize];
            week_partial[k + 1] = week_partial[k] + kinds[usize::from(kind)].open;
        }
        let days_open = spec.weekly.iter().filter(|l| !l.is_empty()).count();
        let week_open = f64::from(week_open);
        Ok(Calendar {
            epoch,
            epoch_weekday,
            periods,
            kinds,
            weekly_kind,
            day_kind,
            prefix,
            week_partial,
            week_open,
            working_day: week_open / days_open as f64,
            makeup: lender.filter(|_| makeup_list.is_some()).map(|w| {
                let mut days: Vec<i64> = spec.makeup_days.iter().map(day_index).collect();
                days.sort_unstable();
                (w, days)
            }),
        })
    }

    /// Days in the per-day table (after them the plain weekly pattern holds).
    pub fn table_days(&self) -> usize {
        self.day_kind.len()
    }

    /// This calendar with the days `off` (indices from the epoch, within the table) closed: a
    /// member's own calendar with their days of absence.
    pub fn with_days_off(&self, off: &[usize]) -> Calendar {
        let mut c = self.clone();
        for &d in off {
            if let Some(k) = c.day_kind.get_mut(d) {
                *k = 0;
            }
        }
        let mut total = 0.0;
        for (d, &kind) in c.day_kind.iter().enumerate() {
            c.prefix[d] = total;
            total += c.kinds[usize::from(kind)].open;
        }
        if let Some(last) = c.prefix.last_mut() {
            *last = total;
        }
        c
    }

    /// The date whose 00:00 is simulation time 0.
    pub fn epoch(&self) -> NaiveDate {
        self.epoch
    }

    /// Open minutes in a standard working day: total weekly open minutes divided by the number
    /// of weekdays with any open time (450 for Mon–Fri 08:30–12:00 and 13:30–17:30). This is
    /// the length of one working day (unit `wd`).
    pub fn working_day_minutes(&self) -> Minutes {
        self.working_day
    }

    /// Share of a plain week (no holidays) that is open: capacity of a pool on this calendar
    /// relative to a pool that never closes.
    pub fn open_share_of_week(&self) -> f64 {
        self.week_open / (7.0 * 1440.0)
    }

    /// Whether the calendar is open at `t` (period start inclusive, end exclusive).
    pub fn is_open(&self, t: Minutes) -> bool {
        self.is_open_via(t, |t| self.place(t))
    }

    /// [`is_open`](Self::is_open) with `place` locating `t`.
    #[inline(always)]
    fn is_open_via(&self, t: Minutes, place: impl Fn(f64) -> Place) -> bool {
        if !t.is_finite() {
            return false;
        }
        let Place { m, kind, .. } = place(t);
        self.kind_periods(kind)
            .iter()
            .any(|&(s, e)| s <= m && m < e)
    }

    /// The weekday (0 = Monday) whose hours day `day` (0 = the epoch) keeps: its own, or for
    /// a make-up working day (调休) the weekday that lends it its hours.
    pub fn weekday_worked(&self, day: i64) -> usize {
        match &self.makeup {
            Some((lender, days)) if days.binary_search(&day).is_ok() => *lender,
            _ => (self.epoch_weekday + day).rem_euclid(7) as usize,
        }
    }

    /// Whether weekday `weekday` (0 = Monday) has open time in the plain weekly pattern.
    pub fn weekday_open(&self, weekday: usize) -> bool {
        self.weekly_kind
            .get(weekday)
            .is_some_and(|&k| self.kinds[usize::from(k)].open > 0.0)
    }

    /// Whether day `day` (0 = the epoch) has any open time.
    pub fn is_working_day(&self, day: i64) -> bool {
        self.kinds[self.kind_of(day)].open > 0.0
    }

    /// Working days among the first 365 from the epoch: the year over which a yearly count
    /// of days away (a member group's `absence`) is spread.
    pub fn working_days_first_year(&self) -> usize {
        (0..365).filter(|&d| self.is_working_day(d)).count()
    }

    /// Earliest time >= `t` at which the calendar is open (`t` itself if open).
    pub fn next_open(&self, t: Minutes) -> Minutes {
        self.next_open_via(t, |t| self.place(t))
    }

    /// [`next_open`](Self::next_open) with `place` locating `t`.
    #[inline(always)]
    fn next_open_via(&self, t: Minutes, place: impl Fn(f64) -> Place) -> Minutes {
        if !t.is_finite() {
            return t;
        }
        let Place { day, m, kind } = place(t);
        for &(s, e) in self.kind_periods(kind) {
            if m < e {
                return if m >= s { t } else { day as f64 * DAY + s };
            }
        }
        let next = self.first_day_reaching(day + 1, ANY_OPEN);
        let first = self.kind_periods(self.kind_of(next)).first();
        next as f64 * DAY + first.map_or(0.0, |p| p.0)
    }

    /// Latest time <= `t` at which the calendar is open or an open period ends (`t` itself
    /// if open); minus infinity if it was closed for the whole year before `t`.
    pub fn last_open(&self, t: Minutes) -> Minutes {
        if !t.is_finite() {
            return t;
        }
        let Place { day, m, kind } = self.place(t);
        let mut latest = f64::NEG_INFINITY;
        for &(s, e) in self.kind_periods(kind) {
            if m >= s {
                latest = if m < e { t } else { day as f64 * DAY + e };
            }
        }
        if latest > f64::NEG_INFINITY {
            return latest;
        }
        (day - 366..day)
            .rev()
            .find_map(|d| {
                let last = self.kind_periods(self.kind_of(d)).last()?;
                Some(d as f64 * DAY + last.1)
            })
            .unwrap_or(f64::NEG_INFINITY)
    }

    /// The time at which `work` minutes of open time have elapsed, starting at `t`.
    ///
    /// Work advances only while open; a task not finished at closing resumes at the next
    /// opening, and a task finishing exactly at a closing time ends at that closing time.
    /// `work <= 0` returns `t` unchanged, even when closed. Exact for whole-minute inputs.
    pub fn add_working(&self, t: Minutes, work: Minutes) -> Minutes {
        self.add_working_via(
            t,
            work,
            |t| self.place(t),
            |first, need| self.reach(first, need),
        )
    }

    /// [`add_working`](Self::add_working) with `place` locating `t`,
    /// and `reach` finding the day it ends on when that is not `t`'s.
    fn add_working_via(
        &self,
        t: Minutes,
        work: Minutes,
        place: impl Fn(f64) -> Place,
        reach: impl Fn(i64, f64) -> (i64, f64),
    ) -> Minutes {
        if t.is_nan() || work.is_nan() {
            return f64::NAN;
        }
        if work <= 0.0 || t.is_infinite() {
            return t;
        }
        if work >= TIME_LIMIT {
            return f64::INFINITY;
        }
        let Place { day, m, kind } = place(t);
        let base = day as f64 * DAY;
        let mut left = work;
        for &(s, e) in self.kind_periods(kind) {
            if e <= m {
                continue;
            }
            let from = s.max(m);
            let available = e - from;
            if left <= available {
                return if from == m {
                    t + left
                } else {
                    base + from + left
                };
            }
            left -= available;
        }
        // `left` > 0 remains for the following days.
        let (last, before) = reach(day + 1, left);
        let mut rest = left - before;
        let base = last as f64 * DAY;
        let periods = self.kind_periods(self.kind_of(last));
        for &(s, e) in periods {
            let available = e - s;
            if rest <= available {
                return base + s + rest;
            }
            rest -= available;
        }
        // Unreachable with exact arithmetic: `last` holds at least `rest` open minutes.
        base + periods.last().map_or(DAY, |p| p.1)
    }

    /// Open minutes within `[a, b]` (0 if `b <= a`). Exact for whole-minute inputs.
    pub fn working_between(&self, a: Minutes, b: Minutes) -> Minutes {
        self.working_between_via(a, b, |t| self.place(t))
    }

    /// [`working_between`](Self::working_between) with `place` locating `a` and `b`.
    #[inline(always)]
    fn working_between_via(&self, a: Minutes, b: Minutes, place: impl Fn(f64) -> Place) -> Minutes {
        if a.is_nan() || b.is_nan() {
            return f64::NAN;
        }
        if b <= a {
            return 0.0;
        }
        if a.is_infinite() || b.is_infinite() {
            return f64::INFINITY;
        }
        let Place {
            day: da,
            m: ma,
            kind: ka,
        } = place(a);
        let Place {
            day: db,
            m: mb,
            kind: kb,
        } = place(b);
        let before_a = self.open_before(ka, ma);
        let before_b = self.open_before(kb, mb);
        let open = if da == db {
            before_b - before_a
        } else {
            (self.cum_day(db) - self.cum_day(da) - before_a) + before_b
        };
        open.max(0.0)
    }

    /// Next time >= `t` that falls on a working day at clock time `minute_of_day` (minutes after
    /// midnight, e.g. 960 = 16:00), e.g. for "paper collected daily at 16:00 on working days".
    ///
    /// Returns `t` itself when it is such a time. Values above 1440 are treated as 1440, the
    /// end (24:00) of the working day.
    pub fn next_daily_at(&self, t: Minutes, minute_of_day: u32) -> Minutes {
        if !t.is_finite() {
            return t;
        }
        let clock = f64::from(minute_of_day.min(MIDNIGHT));
        let t = t.clamp(-TIME_LIMIT, TIME_LIMIT);
        // Smallest day d with d * 1440 + clock >= t, robust to rounding in the division.
        let mut day = ((t - clock) / DAY).ceil();
        if day * DAY + clock < t {
            day += 1.0;
        }
        let day = self.first_day_reaching(day as i64, ANY_OPEN);
        day as f64 * DAY + clock
    }

    /// Working days (fractional) between `a` and `b`: open minutes divided by
    /// [`working_day_minutes`](Self::working_day_minutes).
    pub fn working_days_between(&self, a: Minutes, b: Minutes) -> f64 {
        self.working_between(a, b) / self.working_day
    }

    /// Where `t` falls: its day, minutes after that day's midnight and the day's kind.
    #[inline]
    fn place(&self, t: Minutes) -> Place {
        let (day, m) = split(t);
        Place {
            day,
            m,
            kind: self.kind_of(day),
        }
    }

    /// Day kind of day `day`: from the table, else from the weekly pattern.
    #[inline]
    fn kind_of(&self, day: i64) -> usize {
        if let Some(&kind) = usize::try_from(day).ok().and_then(|i| self.day_kind.get(i)) {
            return usize::from(kind);
        }
        let weekday = (day.rem_euclid(7) + self.epoch_weekday) % 7;
        usize::from(self.weekly_kind[weekday as usize])
    }

    /// Open periods of a day kind, in minutes after midnight.
    #[inline]
    fn kind_periods(&self, kind: usize) -> &[(f64, f64)] {
        let k = self.kinds[kind];
        &self.periods[k.first..k.last]
    }

    /// Open minutes in `[0, m)` of a day of the given kind.
    #[inline]
    fn open_before(&self, kind: usize, m: f64) -> f64 {
        let mut open = 0.0;
        for &(s, e) in self.kind_periods(kind) {
            if m >= e {
                open += e - s;
            } else {
                if m > s {
                    open += m - s;
                }
                break;
            }
        }
        open
    }

    /// Open minutes in the plain weekly pattern over days 0..day (negative for day < 0).
    #[inline]
    fn plain_cum(&self, day: i64) -> f64 {
        day.div_euclid(7) as f64 * self.week_open + self.week_partial[day.rem_euclid(7) as usize]
    }

    /// Open minutes over days 0..day (negative for day < 0); always a whole number.
    #[inline]
    fn cum_day(&self, day: i64) -> f64 {
        let n = self.day_kind.len();
        match usize::try_from(day) {
            Err(_) => self.plain_cum(day),
            Ok(d) if d <= n => self.prefix[d],
            Ok(_) => {
                let n_day = n as i64;
                self.prefix[n] + (self.plain_cum(day) - self.plain_cum(n_day))
            }
        }
    }

    /// The day on which `need` (> 0) open minutes from the start of day `first` are reached
    /// ([`Calendar::first_day_reaching`]), and the open minutes of the days before it from
    /// `first` on.
    fn reach(&self, first: i64, need: f64) -> (i64, f64) {
        let last = self.first_day_reaching(first, need);
        (last, self.cum_day(last) - self.cum_day(first))
    }

    /// Smallest day `e >= base` such that days `base..=e` hold at least `need` (> 0) open
    /// minutes. Gallops then bisects: O(log(e - base)).
    fn first_day_reaching(&self, base: i64, need: f64) -> i64 {
        let start = self.cum_day(base);
        let reached = |e: i64| self.cum_day(e + 1) - start >= need;
        if reached(base) {
            return base;
        }
        let mut lo = base; // not reached
        let mut step = 1;
        let mut hi = base + step;
        while !reached(hi) {
            if hi >= MAX_SEARCH_DAY {
                return hi;
            }
            lo = hi;
            step *= 2;
            hi = (base + step).min(MAX_SEARCH_DAY);
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if reached(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        hi
    }
}

/// Where a time falls on a calendar (see [`Calendar::place`]).
#[derive(Debug, Clone, Copy)]
struct Place {
    day: i64,
    /// Minutes after the day's midnight, in `[0, 1440]`.
    m: f64,
    kind: usize,
}

/// The day a [`Cursor`] looked up last: `[base, end)` in minutes.
#[derive(Debug, Clone, Copy)]
struct CachedDay {
    day: i64,
    base: f64,
    end: f64,
    kind: usize,
}

/// The stretch of one day a [`Cursor`] last answered about: `[lo, hi)` in minutes, one open
/// period or the closed time before the next (or before midnight).
#[derive(Debug, Clone, Copy)]
struct Span {
    lo: f64,
    hi: f64,
    open: bool,
    /// For closed time that ends at an opening the same day (at `hi`): when that period ends.
    /// Else not a number.
    next_end: f64,
}

/// A reader of one calendar that remembers the day and the stretch of open or closed time it
/// last looked up.
///
/// A simulation asks its calendars about times near its clock, which only moves forward, so
/// most questions fall where the one before did: is the office open now, when does it open,
/// when does a task that fits in the open period end. The cursor answers those from the
/// remembered stretch, and otherwise skips finding the day (a division, rounding down, a table
/// lookup) when it is the remembered one. Its answers are the calendar's, bit for bit: on a
/// remembered day the minutes after midnight, `t - base`, are exactly the calendar's
/// (both are exact there), and the bounds of a stretch are whole minutes, so comparing `t`
/// with them is comparing its clock time with the period's.
///
/// A cursor belongs to one calendar: pass the same calendar to every call.
#[derive(Debug, Clone)]
pub struct Cursor {
    day: Cell<CachedDay>,
    span: Cell<Span>,
    /// Open minutes over days 0..d for the [`AHEAD`] + 1 days d after the remembered day:
    /// where work that outlasts the day ends is found among them without a search.
    ahead: Cell<[f64; AHEAD + 1]>,
}

/// Days after a [`Cursor`]'s remembered day whose running totals it keeps.
const AHEAD: usize = 8;

impl Default for Cursor {
    fn default() -> Self {
        // Both match no time.
        Cursor {
            day: Cell::new(CachedDay {
                day: 0,
                base: f64::INFINITY,
                end: f64::NEG_INFINITY,
                kind: 0,
            }),
            span: Cell::new(Span {
                lo: f64::INFINITY,
                hi: f64::NEG_INFINITY,
                open: false,
                next_end: f64::NAN,
            }),
            ahead: Cell::new([f64::NAN; AHEAD + 1]),
        }
    }
}

impl Cursor {
    /// [`Calendar::is_open`].
    #[inline]
    pub fn is_open(&self, cal: &Calendar, t: Minutes) -> bool {
        let sp = self.span.get();
        if t >= sp.lo && t < sp.hi {
            return sp.open;
        }
        self.respan(cal, t).open
    }

    /// [`Calendar::next_open`].
    #[inline]
    pub fn next_open(&self, cal: &Calendar, t: Minutes) -> Minutes {
        let mut sp = self.span.get();
        if !(t >= sp.lo && t < sp.hi) {
            sp = self.respan(cal, t);
        }
        if sp.open {
            t
        } else if !sp.next_end.is_nan() {
            // `day * 1440 + start`, as the calendar computes it.
            sp.hi
        } else {
            cal.next_open_via(t, |t| self.place(cal, t))
        }
    }

    /// [`Calendar::add_working`].
    #[inline]
    pub fn add_working(&self, cal: &Calendar, t: Minutes, work: Minutes) -> Minutes {
        let sp = self.span.get();
        if t >= sp.lo && t < sp.hi && work > 0.0 {
            // Work that fits in the open period, or in the next one when closed: the
            // calendar's first comparison, on equal differences of exact values.
            if sp.open && work <= sp.hi - t {
                return t + work;
            }
            if !sp.open && work <= sp.next_end - sp.hi {
                return sp.hi + work;
            }
        }
        cal.add_working_via(
            t,
            work,
            |t| self.place(cal, t),
            |first, need| self.reach(cal, first, need),
        )
    }

    /// [`Calendar::reach`], from the running totals of the days after the remembered one
    /// when it ends among them: the same comparisons of the same totals, so the same day.
    #[inline]
    fn reach(&self, cal: &Calendar, first: i64, need: f64) -> (i64, f64) {
        if first == self.day.get().day + 1 {
            let ahead = self.ahead.get();
            let start = ahead[0];
            for k in 0..AHEAD {
                if ahead[k + 1] - start >= need {
                    return (first + k as i64, ahead[k] - start);
                }
            }
        }
        cal.reach(first, need)
    }

    /// [`Calendar::working_days_between`], like [`Cursor::working_between`].
    #[inline]
    pub fn working_days_between(&self, cal: &Calendar, a: Minutes, b: Minutes) -> f64 {
        self.working_between(cal, a, b) / cal.working_day
    }

    /// Finds and remembers the stretch of open or closed time around `t` (within its day;
    /// a stretch that cannot be remembered matches no time, and says only whether `t` is
    /// open).
    #[inline(never)]
    fn respan(&self, cal: &Calendar, t: Minutes) -> Span {
        if t.is_finite() {
            // Remembers `t`'s day if it can.
            self.place(cal, t);
        }
        let d = self.day.get();
        if !(t >= d.base && t < d.end) {
            let none = Span {
                lo: f64::INFINITY,
                hi: f64::NEG_INFINITY,
                open: cal.is_open(t),
                next_end: f64::NAN,
            };
            self.span.set(none);
            return none;
        }
        let m = t - d.base;
        let mut lo = 0.0;
        let mut span = Span {
            lo: d.base,
            hi: d.end,
            open: false,
            next_end: f64::NAN,
        };
        for &(s, e) in cal.kind_periods(d.kind) {
            if m < e {
                span = if m >= s {
                    Span {
                        lo: d.base + s,
                        hi: d.base + e,
                        open: true,
                        next_end: f64::NAN,
                    }
                } else {
                    Span {
                        lo: d.base + lo,
                        hi: d.base + s,
                        open: false,
                        next_end: d.base + e,
                    }
                };
                break;
            }
            lo = e;
        }
        if !span.open && span.next_end.is_nan() {
            span.lo = d.base + lo;
        }
        self.span.set(span);
        span
    }

    /// [`Calendar::working_between`]. Only a time on the remembered day is found faster; the
    /// cursor keeps that day, so a question about a long past span does not move it.
    #[inline]
    pub fn working_between(&self, cal: &Calendar, a: Minutes, b: Minutes) -> Minutes {
        cal.working_between_via(a, b, |t| self.peek(cal, t))
    }

    /// Where `t` falls, from the remembered day if it is on it, else from the calendar
    /// (then remembering its day).
    #[inline(always)]
    fn place(&self, cal: &Calendar, t: Minutes) -> Place {
        let d = self.day.get();
        if t >= d.base && t < d.end {
            return Place {
                day: d.day,
                m: t - d.base,
                kind: d.kind,
            };
        }
        self.relocate(cal, t)
    }

    /// [`Cursor::place`] of a time off the remembered day.
    #[inline(never)]
    fn relocate(&self, cal: &Calendar, t: Minutes) -> Place {
        let p = cal.place(t);
        // Only days where `t - base` is exactly `split`'s remainder, sign of zero included:
        // after the epoch's day, below the clamp.
        if p.day >= 1 && t < TIME_LIMIT - DAY {
            let base = p.day as f64 * DAY;
            self.day.set(CachedDay {
                day: p.day,
                base,
                end: base + DAY,
                kind: p.kind,
            });
            self.ahead
                .set(std::array::from_fn(|k| cal.cum_day(p.day + 1 + k as i64)));
        }
        p
    }

    /// Where `t` falls, without moving the remembered day.
    #[inline(always)]
    fn peek(&self, cal: &Calendar, t: Minutes) -> Place {
        let d = self.day.get();
        if t >= d.base && t < d.end {
            Place {
                day: d.day,
                m: t - d.base,
                kind: d.kind,
            }
        } else {
            cal.place(t)
        }
    }
}

/// Splits a (non-NaN) time into a day index and minutes after that day's midnight, in
/// `[0, 1440]`. Exact for times within ±2^50 minutes; larger times are clamped.
#[inline]
fn split(t: f64) -> (i64, f64) {
    let t = t.clamp(-TIME_LIMIT, TIME_LIMIT);
    let mut day = (t / DAY).floor();
    let mut m = t - day * DAY;
    if m < 0.0 {
        day -= 1.0;
        m += DAY;
    } else if m >= DAY {
        day += 1.0;
        m -= DAY;
    }
    (day as i64, m.clamp(0.0, DAY))
}

/// Parses a timestamp: ISO 8601 with or without an offset (`T` or a space between date and
/// time, fractional seconds), `2026-03-05 14:02:11`, `2026/3/5 14:02`, `2026年3月5日 14:02`,
/// `2026年3月5日14时02分`, `20260305140211`.
/// Returns local seconds at `zone`: a timestamp with its own offset is converted to `zone`,
/// one without is read at `naive` and converted likewise.
pub fn parse_time(text: &str, naive_zone: FixedOffset, zone: FixedOffset) -> Option<f64> {
    let s = text.trim();
    let local = |dt: DateTime<FixedOffset>| {
        let t = dt.with_timezone(&zone).naive_local();
        seconds(t)
    };
    let local = |dt: DateTime<FixedOffset>| YEARS.contains(&dt.year()).then(|| local(dt));
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return local(dt);
    }
    let s = s.strip_suffix('Z').map_or(s.to_string(), |u| {
        // UTC written as Z: as an offset of 0.
        format!("{u}+00:00")
    });
    for f in [
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        // An offset of hours alone (ISO 8601 allows +08), or with or without its colon.
        "%Y-%m-%dT%H:%M:%S%.f%#z",
        "%Y-%m-%d %H:%M:%S%.f%#z",
        // Without seconds, which ISO 8601 allows to leave out.
        "%Y-%m-%dT%H:%M%#z",
        "%Y-%m-%d %H:%M%#z",
        // ISO 8601's basic format: 20260305T140211+0800.
        "%Y%m%dT%H%M%S%.f%#z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(&s, f) {
            return local(dt);
        }
    }
    let naive = |s: &str| {
        [
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M",
            "%Y%m%dT%H%M%S%.f",
            "%Y/%m/%d %H:%M:%S%.f",
            "%Y/%m/%d %H:%M",
            // Chinese long dates, as Excel and business systems write them: 2026年3月5日 9:05.
            "%Y年%m月%d日 %H:%M:%S%.f",
            "%Y年%m月%d日 %H:%M",
            "%Y年%m月%d日%H:%M:%S%.f",
            "%Y年%m月%d日%H:%M",
            // Hours and minutes in characters, as forms and reports write them:
            // 2026年3月5日14时02分, 2026年3月5日 14时02分11秒 (点 for 时 in speech-like text).
            "%Y年%m月%d日%H时%M分%S秒",
            "%Y年%m月%d日 %H时%M分%S秒",
            "%Y年%m月%d日%H时%M分",
            "%Y年%m月%d日 %H时%M分",
            "%Y年%m月%d日%H点%M分",
            "%Y年%m月%d日 %H点%M分",
            // Digits only, as database exports write them: 20260305140211, 202603051402.
            "%Y%m%d%H%M%S",
            "%Y%m%d%H%M",
            "%Y%m%d %H:%M:%S%.f",
            "%Y%m%d %H:%M",
        ]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    };
    let t = naive(&s).or_else(|| twelve_hour(&s, naive))?;
    let t = match naive_zone == zone {
        true => t,
        false => t
            .and_local_timezone(naive_zone)
            .single()?
            .with_timezone(&zone)
            .naive_local(),
    };
    YEARS.contains(&t.year()).then(|| seconds(t))
}

/// A time on a 12-hour clock, as Excel writes it in a Chinese or an English locale
/// (`2026/3/5 下午2:02`, `2026年3月5日 上午9:05`, `2026/3/5 2:02 PM`), read by `naive` once
/// the marker is taken out and the hour set on the 24-hour clock.
fn twelve_hour(s: &str, naive: impl Fn(&str) -> Option<NaiveDateTime>) -> Option<NaiveDateTime> {
    let upper = s.to_ascii_uppercase();
    let (rest, pm) = if s.contains("上午") {
        (s.replacen("上午", " ", 1), false)
    } else if s.contains("下午") {
        (s.replacen("下午", " ", 1), true)
    } else if let Some(r) = upper.strip_suffix("AM") {
        (s[..r.len()].to_string(), false)
    } else if let Some(r) = upper.strip_suffix("PM") {
        (s[..r.len()].to_string(), true)
    } else {
        return None;
    };
    // One space between date and time, as `naive` reads them.
    let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = naive(&rest).or_else(|| naive(&rest.replacen("日 ", "日", 1)))?;
    let hour = t.hour();
    let shift = match (hour, pm) {
        (1..=11, true) => 12,
        // 12:05 AM is five past midnight.
        (12, false) => -12,
        // 12:05 PM is five past noon; 下午14:02 has the hour on the 24-hour clock already.
        (12..=23, true) | (0..=11, false) => 0,
        _ => return None,
    };
    Some(t + chrono::Duration::hours(shift))
}

/// Timestamps outside these years are not a utility's records (and would overflow dates).
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Seconds of `t` since 1970-01-01 00:00 (as UTC), to the microsecond.
pub fn seconds(t: NaiveDateTime) -> f64 {
    let u = t.and_utc();
    u.timestamp() as f64 + f64::from(u.timestamp_subsec_micros()) * 1e-6
}

#[cfg(test)]
mod tests {
    use super::*;

    // Epoch: Monday 2026-01-05 = day 0. Day d starts at d * 1440.
    // Days: 0 Mon 01-05 … 4 Fri 01-09, 5 Sat, 6 Sun, 7 Mon 01-12, 11 Fri 01-16,
    // 14 Mon 01-19 (holiday), 15 Tue 01-20, 18 Fri 01-23, 21 Mon 01-26, 23 Wed 01-28,
    // 24 Thu 01-29 (holiday), 25 Fri 01-30, 26 Sat 01-31 (make-up day), 27 Sun 02-01, 28 Mon 02-02.
    // Office hours 08:30-12:00 (510-720) and 13:30-17:30 (810-1050): 210 + 240 = 450 min a day.

    const D: f64 = 1440.0;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn p(start: u32, end: u32) -> Period {
        Period { start, end }
    }

    fn office() -> Vec<Period> {
        vec![p(510, 720), p(810, 1050)]
    }

    fn plain_spec() -> CalendarSpec {
        let o = office;
        CalendarSpec {
            epoch: date(2026, 1, 5),
            weekly: [o(), o(), o(), o(), o(), vec![], vec![]],
            holidays: vec![],
            makeup_days: vec![],
            makeup_periods: None,
        }
    }

    fn holiday_spec() -> CalendarSpec {
        CalendarSpec {
            holidays: vec![date(2026, 1, 19), date(2026, 1, 29)],
            makeup_days: vec![date(2026, 1, 31)],
            ..plain_spec()
        }
    }

    /// A deliberately odd week: touching periods, periods reaching 00:00 and 24:00, a one-minute
    /// day, closed weekdays, make-up days on weekdays, a holiday past the default table.
    fn odd_spec() -> CalendarSpec {
        CalendarSpec {
            epoch: date(2026, 1, 5),
            weekly: [
                vec![p(0, 360), p(360, 720), p(1200, 1440)],
                vec![p(540, 541)],
                vec![],
                vec![p(480, 1020)],
                vec![],
                vec![p(600, 660)],
                vec![p(0, 1440)],
            ],
            holidays: vec![
                date(2026, 1, 5),
                date(2026, 1, 11),
                date(2026, 12, 31),
                date(2027, 1, 4),
                date(2027, 3, 1),
            ],
            makeup_days: vec![date(2026, 1, 7), date(2026, 1, 9), date(2027, 2, 5)],
            makeup_periods: None,
        }
    }

    fn calendar(spec: CalendarSpec) -> Calendar {
        Calendar::new(spec, 0.0).expect("valid test calendar")
    }

    /// Slow shadow model: looks each day up with chrono and walks period by period.
    struct Shadow {
        spec: CalendarSpec,
        makeup: Option<Vec<Period>>,
    }

    impl Shadow {
        fn new(spec: CalendarSpec) -> Shadow {
            let makeup = spec
                .makeup_periods
                .clone()
                .or_else(|| spec.weekly[..5].iter().find(|l| !l.is_empty()).cloned());
            Shadow { spec, makeup }
        }

        /// Absolute open periods of a day (day >= 0).
        fn periods(&self, day: i64) -> Vec<(f64, f64)> {
            let date = self
                .spec
                .epoch
                .checked_add_days(chrono::Days::new(day as u64))
                .expect("date in range");
            let list = if self.spec.holidays.contains(&date) {
                vec![]
            } else if let (true, Some(makeup)) =
                (self.spec.makeup_days.contains(&date), &self.makeup)
            {
                makeup.clone()
            } else {
                self.spec.weekly[date.weekday().num_days_from_monday() as usize].clone()
            };
            let base = day as f64 * D;
            list.iter()
                .map(|p| (base + f64::from(p.start), base + f64::from(p.end)))
                .collect()
        }

        fn day_of(t: f64) -> i64 {
            (t / D).floor() as i64
        }

        fn is_open(&self, t: f64) -> bool {
            self.periods(Self::day_of(t))
                .iter()
                .any(|&(s, e)| s <= t && t < e)
        }

        fn next_open(&self, t: f64) -> f64 {
            let mut day = Self::day_of(t);
            loop {
                for (s, e) in self.periods(day) {
                    if t < e {
                        return s.max(t);
                    }
                }
                day += 1;
            }
        }

        fn add_working(&self, t: f64, work: f64) -> f64 {
            if work == 0.0 {
                return t;
            }
            let mut left = work;
            let mut day = Self::day_of(t);
            loop {
                for (s, e) in self.periods(day) {
                    let s = s.max(t);
                    if e <= s {
                        continue;
                    }
                    if left <= e - s {
                        return s + left;
                    }
                    left -= e - s;
                }
                day += 1;
            }
        }

        fn working_between(&self, a: f64, b: f64) -> f64 {
            let mut total = 0.0;
            for day in Self::day_of(a)..=Self::day_of(b) {
                for (s, e) in self.periods(day) {
                    let (s, e) = (s.max(a), e.min(b));
                    if e > s {
                        total += e - s;
                    }
                }
            }
            total
        }

        fn next_daily_at(&self, t: f64, clock: u32) -> f64 {
            let mut day = Self::day_of(t) - 1;
            loop {
                let at = day as f64 * D + f64::from(clock);
                if at >= t && !self.periods(day).is_empty() {
                    return at;
                }
                day += 1;
            }
        }
    }

    /// Small deterministic generator (xorshift64*), so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        /// Uniform integer in 0..n.
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }

        /// Uniform in [0, 1).
        fn unit(&mut self) -> f64 {
            (self.next() >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    #[test]
    fn working_day_is_total_weekly_open_time_over_open_weekdays() {
        // (08:30-12:00 = 210) + (13:30-17:30 = 240) = 450 on each of 5 days: 2250 / 5 = 450.
        assert_eq!(calendar(plain_spec()).working_day_minutes(), 450.0);
        // Adding Saturday 09:00-12:00 (180): (2250 + 180) / 6 = 405.
        let mut spec = plain_spec();
        spec.weekly[5] = vec![p(540, 720)];
        assert_eq!(calendar(spec).working_day_minutes(), 405.0);
        assert_eq!(calendar(plain_spec()).epoch(), date(2026, 1, 5));
    }

    #[test]
    fn task_crossing_lunch_resumes_after_break() {
        let cal = calendar(holiday_spec());
        // Mon 11:00 = 660, 120 min: 60 until 12:00, then 13:30 (810) + 60 = 870 (14:30).
        assert_eq!(cal.add_working(660.0, 120.0), 870.0);
        // Exactly the morning's remainder ends at 12:00 = 720, not at 13:30.
        assert_eq!(cal.add_working(660.0, 60.0), 720.0);
        // Started inside lunch (12:30 = 750), 30 min: 13:30 + 30 = 14:00 = 840.
        assert_eq!(cal.add_working(750.0, 30.0), 840.0);
    }

    #[test]
    fn task_crossing_weekend_resumes_on_monday() {
        let cal = calendar(holiday_spec());
        // Fri day 4 16:30 = 4*1440 + 990 = 6750; 240 min: 60 on Friday, 180 on Monday day 7
        // from 08:30: 11:30 = 7*1440 + 690 = 10770.
        assert_eq!(cal.add_working(6750.0, 240.0), 10770.0);
    }

    #[test]
    fn task_crossing_holiday_skips_it() {
        let cal = calendar(holiday_spec());
        // Fri day 11 16:30 = 11*1440 + 990 = 16830; 60 on Friday, Mon day 14 is a holiday,
        // 180 on Tue day 15 from 08:30: 11:30 = 15*1440 + 690 = 22290.
        assert_eq!(cal.add_working(16830.0, 240.0), 22290.0);
    }

    #[test]
    fn task_crossing_makeup_saturday_works_normal_hours() {
        let cal = calendar(holiday_spec());
        // Fri day 25 16:00 = 25*1440 + 960 = 36960; 360 min: 90 on Friday (to 17:30),
        // 210 on make-up Sat day 26 morning, 60 after lunch: 14:30 = 26*1440 + 870 = 38310.
        assert_eq!(cal.add_working(36960.0, 360.0), 38310.0);
        // Without the make-up day the remaining 270 go to Mon day 28 (40320): 210 in the
        // morning, 60 after lunch: 14:30 = 40320 + 870 = 41190.
        let mut spec = holiday_spec();
        spec.makeup_days.clear();
        assert_eq!(calendar(spec).add_working(36960.0, 360.0), 41190.0);
    }

    #[test]
    fn long_task_of_thirty_working_days_ends_on_thirtieth_working_day() {
        let cal = calendar(holiday_spec());
        // From Mon day 0 08:30 (510), 30 * 450 = 13500 min. Working days: 0-4 (5), 7-11 (10),
        // 15-18 (14; day 14 holiday), 21-23, 25 (18; day 24 holiday), 26 make-up (19),
        // 28-32 (24), 35-39 (29), 42 (30). Ends day 42 17:30 = 42*1440 + 1050 = 61530.
        assert_eq!(cal.add_working(510.0, 13500.0), 61530.0);
        assert_eq!(cal.working_between(510.0, 61530.0), 13500.0);
    }

    #[test]
    fn zero_work_returns_t_even_when_closed() {
        let cal = calendar(holiday_spec());
        // Saturday day 5 03:00 = 7200 + 180 = 7380: closed, but no work to do.
        assert_eq!(cal.add_working(7380.0, 0.0), 7380.0);
        assert_eq!(cal.add_working(750.5, 0.0), 750.5);
        assert_eq!(cal.add_working(750.5, -3.0), 750.5);
    }

    #[test]
    fn next_open_skips_lunch_evening_and_holiday() {
        let cal = calendar(holiday_spec());
        // Inside lunch, Tue day 1 12:30 = 1440 + 750 = 2190 -> 13:30 = 1440 + 810 = 2250.
        assert_eq!(cal.next_open(2190.0), 2250.0);
        // Friday evening, day 4 18:00 = 5760 + 1080 = 6840 -> Mon day 7 08:30 = 10080 + 510 = 10590.
        assert_eq!(cal.next_open(6840.0), 10590.0);
        // Holiday Mon day 14 10:00 = 20160 + 600 = 20760 -> Tue day 15 08:30 = 21600 + 510 = 22110.
        assert_eq!(cal.next_open(20760.0), 22110.0);
        // Open already: unchanged, including at a period start; a period end is closed.
        assert_eq!(cal.next_open(600.25), 600.25);
        assert_eq!(cal.next_open(510.0), 510.0);
        assert_eq!(cal.next_open(720.0), 810.0);
        assert!(cal.is_open(510.0) && !cal.is_open(720.0) && !cal.is_open(509.999));
    }

    #[test]
    fn working_days_follow_holidays_and_makeup_days() {
        let cal = calendar(holiday_spec());
        let working: Vec<i64> = (0..29).filter(|&d| cal.is_working_day(d)).collect();
        let expected = [
            0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 15, 16, 17, 18, 21, 22, 23, 25, 26, 28,
        ];
        assert_eq!(working, expected);
    }

    #[test]
    fn working_between_counts_weekend_holiday_and_makeup_day() {
        let cal = calendar(holiday_spec());
        // Wed day 23 08:30 (33120 + 510 = 33630) to Mon day 28 08:30 (40320 + 510 = 40830):
        // Wed 450 + Thu holiday 0 + Fri 450 + make-up Sat 450 + Sun 0 = 1350.
        assert_eq!(cal.working_between(33630.0, 40830.0), 1350.0);
        // Same span without the make-up day: 900.
        let mut spec = holiday_spec();
        spec.makeup_days.clear();
        assert_eq!(calendar(spec).working_between(33630.0, 40830.0), 900.0);
        // Reversed or empty intervals hold nothing.
        assert_eq!(cal.working_between(40830.0, 33630.0), 0.0);
        assert_eq!(cal.working_between(600.0, 600.0), 0.0);
        // Within one day across lunch: 11:00 (660) to 14:00 (840) = 60 + 30 = 90.
        assert_eq!(cal.working_between(660.0, 840.0), 90.0);
    }

    #[test]
    fn working_days_between_over_a_normal_week_is_five() {
        let cal = calendar(holiday_spec());
        // Mon day 0 00:00 to Mon day 7 00:00 = 10080: 2250 / 450 = 5.
        assert_eq!(cal.working_days_between(0.0, 10080.0), 5.0);
        // The holiday week: Mon day 14 to Mon day 21 = 20160..30240: 4 days.
        assert_eq!(cal.working_days_between(20160.0, 30240.0), 4.0);
    }

    #[test]
    fn next_daily_at_picks_the_next_working_day_clock_time() {
        let cal = calendar(holiday_spec());
        // Thu day 3 15:00 = 4320 + 900 = 5220 -> same day 16:00 = 4320 + 960 = 5280.
        assert_eq!(cal.next_daily_at(5220.0, 960), 5280.0);
        // Exactly at 16:00 returns that time.
        assert_eq!(cal.next_daily_at(5280.0, 960), 5280.0);
        // Fri day 4 16:30 = 5760 + 990 = 6750 -> Mon day 7 16:00 = 10080 + 960 = 11040.
        assert_eq!(cal.next_daily_at(6750.0, 960), 11040.0);
        // Fri day 25 16:30 = 36000 + 990 = 36990 -> make-up Sat day 26 16:00 = 37440 + 960 = 38400.
        assert_eq!(cal.next_daily_at(36990.0, 960), 38400.0);
        // Fri day 11 16:30 = 15840 + 990 = 16830 -> Mon day 14 is a holiday -> Tue day 15
        // 16:00 = 21600 + 960 = 22560.
        assert_eq!(cal.next_daily_at(16830.0, 960), 22560.0);
        // 24:00 of a working day: Fri day 4 at 24:00 is 7200, which is Saturday's 00:00.
        assert_eq!(cal.next_daily_at(7200.0, 1440), 7200.0);
        assert_eq!(cal.next_daily_at(7200.5, 5000), 10080.0 + 1440.0);
    }

    #[test]
    fn makeup_periods_default_to_first_open_weekday() {
        // Monday closed, Tuesday 09:00-10:00: a make-up Saturday (day 5) works 09:00-10:00.
        let mut spec = plain_spec();
        spec.weekly[0] = vec![];
        spec.weekly[1] = vec![p(540, 600)];
        spec.makeup_days = vec![date(2026, 1, 10)];
        let cal = calendar(spec.clone());
        // Sat day 5 00:00 = 7200 -> 09:00 = 7200 + 540 = 7740.
        assert_eq!(cal.next_open(7200.0), 7740.0);
        assert_eq!(cal.working_between(7200.0, 8640.0), 60.0);
        // Explicit make-up periods win: 10:00-11:00 -> 7200 + 600 = 7800.
        spec.makeup_periods = Some(vec![p(600, 660)]);
        assert_eq!(calendar(spec).next_open(7200.0), 7800.0);
    }

    #[test]
    fn beyond_the_table_the_weekly_pattern_applies() {
        // Horizon 0: the table covers days 0..=400; day 1000 is well past it.
        let cal = calendar(plain_spec());
        // Days 0..1000: 142 full weeks (994 days) + Mon..Sat = 142*5 + 5 = 715 working days,
        // 715 * 450 = 321750 min.
        assert_eq!(cal.working_between(0.0, 1000.0 * D), 321750.0);
        // Day 1001 = 1001 % 7 = 0 -> a Monday: 08:30 opens it.
        assert!(cal.is_working_day(1001) && !cal.is_working_day(1000));
        assert_eq!(cal.next_open(1000.0 * D), 1001.0 * D + 510.0);
        // A 10-working-day task (4500 min) from Mon day 399 (399 % 7 = 0) 08:30 ends on
        // Fri day 410 at 17:30, across the table end (day 401).
        assert_eq!(
            cal.add_working(399.0 * D + 510.0, 4500.0),
            410.0 * D + 1050.0
        );
        // Listed dates extend the table: a holiday on 2027-06-01 (day 512, a Tuesday) is kept.
        let mut spec = plain_spec();
        spec.holidays = vec![date(2027, 6, 1)];
        let cal = calendar(spec);
        assert!(!cal.is_working_day(512) && cal.is_working_day(511));
    }

    #[test]
    fn times_before_the_epoch_follow_the_weekly_pattern() {
        let cal = calendar(holiday_spec());
        // Monday before the epoch, 10:00 = -7*1440 + 600 = -9480: open.
        assert!(cal.is_open(-9480.0));
        // Sunday 23:59 before the epoch (-1) -> Monday day 0 08:30 = 510.
        assert_eq!(cal.next_open(-1.0), 510.0);
        // Friday before the epoch 17:00 (-3*1440 + 1020 = -3300) + 60 min -> 30 on Friday,
        // 30 on Monday: 08:30 + 30 = 540.
        assert_eq!(cal.add_working(-3300.0, 60.0), 540.0);
        assert_eq!(cal.working_between(-3300.0, 540.0), 60.0);
    }

    #[test]
    fn odd_inputs_never_panic() {
        let cal = calendar(odd_spec());
        for &t in &[
            f64::NAN,
            f64::INFINITY,
            -f64::INFINITY,
            1e300,
            -1e300,
            0.0,
            -0.0,
        ] {
            for &w in &[f64::NAN, f64::INFINITY, 1e300, 1e15, 0.0, -1.0, 1.0] {
                let _ = cal.add_working(t, w);
                let _ = cal.working_between(t, w);
                let _ = cal.working_between(w, t);
            }
            let _ = cal.is_open(t);
            let _ = cal.next_open(t);
            let _ = cal.next_daily_at(t, u32::MAX);
        }
        for day in [i64::MIN, i64::MAX, -1, 0, 1 << 50] {
            let _ = cal.is_working_day(day);
        }
        assert!(cal.add_working(f64::NAN, 1.0).is_nan());
        assert!(cal.next_open(f64::NAN).is_nan());
        assert_eq!(cal.add_working(0.0, f64::INFINITY), f64::INFINITY);
        assert!(Calendar::new(plain_spec(), f64::INFINITY).is_ok());
    }

    #[test]
    fn twenty_years_out_whole_minutes_stay_exact() {
        let spec = holiday_spec();
        let cal = Calendar::new(spec.clone(), 20.0 * 366.0 * D).expect("valid calendar");
        let shadow = Shadow::new(spec);
        let mut rng = Rng(0x5eed_2040);
        for _ in 0..2_000 {
            let a = (7000 * 1440 + rng.below(300 * 1440)) as f64;
            let w = rng.below(40 * 450) as f64;
            let end = cal.add_working(a, w);
            assert_eq!(end, shadow.add_working(a, w), "a={a} w={w}");
            assert_eq!(cal.working_between(a, end), w, "a={a} w={w}");
        }
    }

    /// Compares the calendar with the shadow model on random whole-minute and fractional inputs.
    fn check_against_shadow(spec: CalendarSpec, seed: u64) {
        let cal = calendar(spec.clone());
        let shadow = Shadow::new(spec);
        let wd = cal.working_day_minutes();
        let mut rng = Rng(seed);
        for case in 0..10_000 {
            // Days 0..700 cross the end of the table (day 401 or the last listed date).
            let a = rng.below(700 * 1440) as f64;
            let w = match rng.below(4) {
                0 => rng.below(61) as f64,
                1 => rng.below(3001) as f64,
                2 => rng.below(31 * wd as u64) as f64,
                _ => 0.0,
            };
            let b = a + rng.below(60 * 1440) as f64;
            let clock = rng.below(1441) as u32;
            let end = cal.add_working(a, w);
            assert_eq!(end, shadow.add_working(a, w), "case {case}: a={a} w={w}");
            assert_eq!(cal.working_between(a, end), w, "case {case}: a={a} w={w}");
            assert_eq!(
                cal.working_between(a, b),
                shadow.working_between(a, b),
                "case {case}: a={a} b={b}"
            );
            assert_eq!(cal.is_open(a), shadow.is_open(a), "case {case}: a={a}");
            assert_eq!(cal.next_open(a), shadow.next_open(a), "case {case}: a={a}");
            assert_eq!(
                cal.next_daily_at(a, clock),
                shadow.next_daily_at(a, clock),
                "case {case}: a={a} clock={clock}"
            );
            let day = (a / D) as i64;
            assert_eq!(
                cal.is_working_day(day),
                !shadow.periods(day).is_empty(),
                "case {case}: day={day}"
            );

            // Fractional inputs: equal up to rounding.
            let af = a + rng.unit();
            let wf = w + rng.unit();
            let endf = cal.add_working(af, wf);
            let tol = 1e-6;
            assert!(
                (endf - shadow.add_working(af, wf)).abs() < tol,
                "case {case}: af={af} wf={wf}"
            );
            assert!(
                (cal.working_between(af, endf) - wf).abs() < tol,
                "case {case}: af={af} wf={wf}"
            );
            assert!(endf >= af);
        }
    }

    /// A cursor's answers equal the calendar's bit for bit, for times that move forward in
    /// small and large steps (whole, fractional and tiny fractions of minutes, exactly at
    /// period bounds, before and after the table's end) and now and then jump back.
    fn check_cursor(spec: CalendarSpec, seed: u64) {
        let cal = calendar(spec);
        let cursor = Cursor::default();
        let mut rng = Rng(seed);
        let mut t = 0.0;
        for case in 0..200_000 {
            t = match rng.below(8) {
                0 => rng.below(700 * 1440) as f64 + rng.unit(),
                1 => t + rng.below(3) as f64,
                2 => t + rng.unit() * 1e-9,
                3 => {
                    (t / D).floor() * D + [0.0, 510.0, 720.0, 810.0, 1050.0][rng.below(5) as usize]
                }
                4 => t + rng.below(3 * 1440) as f64,
                _ => t + rng.unit() * 120.0,
            };
            let w = match rng.below(4) {
                0 => rng.below(600) as f64 + rng.unit(),
                1 => rng.below(61) as f64,
                2 => rng.below(10 * 1440) as f64 * rng.unit(),
                _ => [0.0, -1.0, f64::INFINITY, f64::NAN][rng.below(4) as usize],
            };
            let b = t + rng.below(2 * 1440) as f64 * rng.unit();
            let same = |x: f64, y: f64| x.to_bits() == y.to_bits();
            assert_eq!(
                cursor.is_open(&cal, t),
                cal.is_open(t),
                "case {case}: t={t}"
            );
            let (x, y) = (cursor.next_open(&cal, t), cal.next_open(t));
            assert!(same(x, y), "case {case}: next_open({t}) {x} != {y}");
            let (x, y) = (cursor.add_working(&cal, t, w), cal.add_working(t, w));
            assert!(same(x, y), "case {case}: add_working({t}, {w}) {x} != {y}");
            let (x, y) = (
                cursor.working_between(&cal, t, b),
                cal.working_between(t, b),
            );
            assert!(
                same(x, y),
                "case {case}: working_between({t}, {b}) {x} != {y}"
            );
            let (x, y) = (
                cursor.working_between(&cal, b - 3000.0, t),
                cal.working_between(b - 3000.0, t),
            );
            assert!(
                same(x, y),
                "case {case}: working_between({}, {t}) {x} != {y}",
                b - 3000.0
            );
        }
        for t in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -0.0,
            -5000.5,
            1e300,
        ] {
            assert_eq!(cursor.is_open(&cal, t), cal.is_open(t), "t={t}");
            let same = |x: f64, y: f64| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan());
            assert!(same(cursor.next_open(&cal, t), cal.next_open(t)), "t={t}");
            assert!(
                same(cursor.add_working(&cal, t, 30.0), cal.add_working(t, 30.0)),
                "t={t}"
            );
            assert!(
                same(
                    cursor.working_between(&cal, t, 9e3),
                    cal.working_between(t, 9e3)
                ),
                "t={t}"
            );
        }
    }

    #[test]
    fn cursor_answers_like_the_office_calendar_bit_for_bit() {
        check_cursor(holiday_spec(), 0xc0ff_ee00_1234);
    }

    #[test]
    fn cursor_answers_like_an_odd_calendar_bit_for_bit() {
        check_cursor(odd_spec(), 0x5eed_0fc0_de00);
    }

    #[test]
    fn office_calendar_matches_shadow_model_on_random_cases() {
        check_against_shadow(holiday_spec(), 0x0ddb_a11c_afe5);
    }

    #[test]
    fn odd_calendar_matches_shadow_model_on_random_cases() {
        check_against_shadow(odd_spec(), 0x1234_5678_9abc);
    }

    proptest::proptest! {
        #[test]
        fn work_added_is_work_measured(a in 0.0..500.0 * 1440.0, w in 0.0..20_000.0f64) {
            let cal = calendar(holiday_spec());
            let end = cal.add_working(a, w);
            proptest::prop_assert!(end >= a);
            proptest::prop_assert!((cal.working_between(a, end) - w).abs() < 1e-6);
            // The last bit of work is done while open, just before the finish.
            proptest::prop_assert!(w < 1e-3 || cal.working_between(end - 1e-3, end) > 0.0);
        }

        #[test]
        fn next_open_is_open_and_skips_only_closed_time(t in 0.0..500.0 * 1440.0) {
            let cal = calendar(holiday_spec());
            let next = cal.next_open(t);
            proptest::prop_assert!(next >= t && cal.is_open(next));
            proptest::prop_assert_eq!(cal.working_between(t, next), 0.0);
        }

        #[test]
        fn last_open_is_open_just_before_and_skips_only_closed_time(t in 0.0..500.0 * 1440.0) {
            let cal = calendar(holiday_spec());
            let last = cal.last_open(t);
            proptest::prop_assert!(last <= t && last > t - 30.0 * 1440.0);
            proptest::prop_assert_eq!(cal.working_between(last, t), 0.0);
            proptest::prop_assert!(cal.working_between(last - 1e-3, last) > 0.0);
        }
    }

    #[test]
    fn parse_clock_accepts_and_rejects_as_documented() {
        assert_eq!(parse_clock("08:30"), Ok(510));
        assert_eq!(parse_clock("00:00"), Ok(0));
        assert_eq!(parse_clock("24:00"), Ok(1440));
        assert_eq!(parse_clock("8:30"), Ok(510));
        assert_eq!(parse_clock(" 17:30 "), Ok(1050));
        for bad in [
            "8:3x", "25:00", "24:01", "12:60", "", "12", "1230", "-1:00", "+1:00", "123:00",
            "12:5", "12:345", ":30", "12:",
        ] {
            assert_eq!(
                parse_clock(bad),
                Err(CalendarError::InvalidClock {
                    text: bad.to_string()
                }),
                "{bad}"
            );
        }
        let message = parse_clock("25:00").unwrap_err().to_string();
        assert_eq!(
            message,
            "invalid clock time '25:00': write hh:mm between 00:00 and 24:00, e.g. 08:30"
        );
    }

    #[test]
    fn parse_period_accepts_and_rejects_as_documented() {
        assert_eq!(parse_period("08:30-12:00"), Ok(p(510, 720)));
        assert_eq!(parse_period("20:00-24:00"), Ok(p(1200, 1440)));
        assert_eq!(parse_period("08:30 - 12:00"), Ok(p(510, 720)));
        for bad in [
            "12:00-08:30",
            "08:30-08:30",
            "08:30",
            "08:30-1x:00",
            "08:30-12:00-13:00",
        ] {
            assert_eq!(
                parse_period(bad),
                Err(CalendarError::InvalidPeriod {
                    text: bad.to_string()
                }),
                "{bad}"
            );
        }
        assert_eq!(p(510, 720).to_string(), "08:30-12:00");
    }

    #[test]
    fn overlapping_periods_are_rejected() {
        let mut spec = plain_spec();
        spec.weekly[0] = vec![p(510, 750), p(720, 780)];
        let err = Calendar::new(spec, 0.0).unwrap_err();
        assert_eq!(
            err,
            CalendarError::Overlap {
                period: p(720, 780),
                previous: p(510, 750),
                day: "monday".to_string()
            }
        );
        assert_eq!(
            err.to_string(),
            "period 12:00-13:00 overlaps 08:30-12:30 on monday: make the periods disjoint"
        );
    }

    #[test]
    fn unsorted_periods_are_rejected() {
        let mut spec = plain_spec();
        spec.weekly[2] = vec![p(810, 1050), p(510, 720)];
        let err = Calendar::new(spec, 0.0).unwrap_err();
        assert!(matches!(err, CalendarError::Unsorted { ref day, .. } if day == "wednesday"));
        assert_eq!(
            err.to_string(),
            "period 08:30-12:00 starts before 13:30-17:30 on wednesday: list the periods in time order"
        );
    }

    #[test]
    fn empty_and_past_midnight_periods_are_rejected() {
        let mut spec = plain_spec();
        spec.weekly[4] = vec![p(720, 720)];
        let err = Calendar::new(spec, 0.0).unwrap_err();
        assert!(matches!(err, CalendarError::EmptyPeriod { ref day, .. } if day == "friday"));
        assert!(err.to_string().starts_with("period 12:00-12:00 on friday"));

        let mut spec = plain_spec();
        spec.weekly[6] = vec![p(1200, 1500)];
        let err = Calendar::new(spec, 0.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "period 20:00-25:00 on sunday ends after 24:00: end it at 24:00 at the latest"
        );

        // Make-up periods are checked too.
        let mut spec = plain_spec();
        spec.makeup_periods = Some(vec![p(600, 500)]);
        let err = Calendar::new(spec, 0.0).unwrap_err();
        assert!(matches!(err, CalendarError::EmptyPeriod { ref day, .. } if day == "make-up days"));
    }

    #[test]
    fn week_without_open_time_is_rejected() {
        let spec = CalendarSpec {
            weekly: Default::default(),
            ..plain_spec()
        };
        let err = Calendar::new(spec, 0.0).unwrap_err();
        assert_eq!(err, CalendarError::NoOpenTime);
        assert_eq!(
            err.to_string(),
            "the week has no open time: give at least one weekday an open period"
        );
    }

    #[test]
    fn date_both_holiday_and_makeup_day_is_rejected() {
        let mut spec = holiday_spec();
        spec.makeup_days.push(date(2026, 1, 19));
        let err = Calendar::new(spec, 0.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "2026-01-19 is both a holiday and a make-up day: remove it from one of the two lists"
        );
    }

    #[test]
    fn a_weekend_roster_keeps_its_own_hours_on_make_up_days() {
        // Only Saturday is open (a survey team's roster), so no weekday lends its hours: a
        // make-up Sunday stays closed and a make-up Saturday keeps Saturday's hours, while
        // holidays still close it.
        let mut spec = plain_spec();
        spec.weekly = [vec![], vec![], vec![], vec![], vec![], office(), vec![]];
        // Epoch Mon 2026-01-05: Sat 2026-01-10 is day 5, Sun 2026-01-11 day 6, Sat
        // 2026-01-17 day 12.
        spec.makeup_days = vec![date(2026, 1, 10), date(2026, 1, 11)];
        spec.holidays = vec![date(2026, 1, 17)];
        let cal = Calendar::new(spec.clone(), 0.0).expect("a weekend roster with make-up days");
        let day = |d: usize| cal.working_between(d as f64 * D, (d + 1) as f64 * D);
        assert_eq!(day(5), 450.0);
        assert_eq!(day(6), 0.0);
        assert_eq!(day(12), 0.0);
        assert_eq!(day(19), 450.0);
        // Explicit make-up periods still apply.
        spec.makeup_periods = Some(vec![p(540, 600)]);
        let cal = Calendar::new(spec, 0.0).expect("explicit make-up periods");
        assert_eq!(cal.working_between(6.0 * D, 7.0 * D), 60.0);
    }

    #[test]
    fn invalid_horizon_is_rejected() {
        for horizon in [-1.0, f64::NAN] {
            let err = Calendar::new(plain_spec(), horizon).unwrap_err();
            assert!(matches!(err, CalendarError::InvalidHorizon { .. }));
        }
        assert_eq!(
            Calendar::new(plain_spec(), -1.0).unwrap_err().to_string(),
            "horizon -1 min is invalid: give a number of minutes >= 0"
        );
    }
}
