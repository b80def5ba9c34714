//! Reading event logs: CSV (one row per activity instance) or XES (start/complete lifecycle
//! pairs), streamed into compact activity records.

use std::collections::{BTreeSet, HashMap};
use std::io::BufRead;
use std::path::Path;

use chrono::FixedOffset;

use crate::error::{Error, UsageError};
use crate::i18n::Lang;
pub use crate::text::TextEncoding;

/// What to do about a CSV that turns out not to be UTF-8.
const FIX_ENCODING: &str = "give --encoding gb18030, or save it as UTF-8";

/// The problem of a file whose row `utf8` is UTF-8 and row `other` is not (`why`: what it
/// is).
fn mixed_encodings(utf8: u64, other: u64, why: &str) -> String {
    format!(
        "the file mixes two encodings: row {utf8} is UTF-8 and row {other} {why}, as when two exports saved differently are joined into one; save the whole file as UTF-8 (or fit each part on its own), then fit again"
    )
}

/// Which columns (CSV) or attributes (XES) hold what. `None`: the first of the defaults
/// the file has.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// Case identifier.
    pub case: Option<String>,
    /// Activity name.
    pub activity: Option<String>,
    /// Start of the activity.
    pub start: Option<String>,
    /// End of the activity.
    pub end: Option<String>,
    /// When the activity became ready to start (optional).
    pub enabled: Option<String>,
    /// Who performed it (optional).
    pub resource: Option<String>,
    /// The case's customer class (optional; a case attribute).
    pub class: Option<String>,
    /// How a CSV's text is encoded.
    pub encoding: TextEncoding,
}

/// Default column names, PM4Py's first, then common alternatives, then the names Chinese
/// marketing and workflow systems export. Matched without regard to letter case, spaces,
/// underscores and hyphens (`Start Time` is `start_time`).
const CASE: &[&str] = &[
    "case:concept:name",
    "case_id",
    "case",
    "工单编号",
    "工单号",
    "申请编号",
    "流程编号",
];
const ACTIVITY: &[&str] = &[
    "concept:name",
    "activity",
    "activity_name",
    "task",
    "环节名称",
    "环节",
    "活动名称",
    "任务名称",
];
/// The names a start column is found by (in any letter case, spaces, underscores and hyphens
/// alike), when `--start` does not name it.
pub const START: &[&str] = &[
    "start_timestamp",
    "start_time",
    "start",
    "开始时间",
    "环节开始时间",
    "处理开始时间",
];
const END: &[&str] = &[
    "time:timestamp",
    "end_time",
    "end",
    "complete_timestamp",
    "completion_time",
    "结束时间",
    "完成时间",
    "环节结束时间",
    "环节完成时间",
    "处理完成时间",
];
const ENABLED: &[&str] = &[
    "enabled_time",
    "enable_time",
    "enabled_timestamp",
    "到达时间",
    "环节到达时间",
];
const RESOURCE: &[&str] = &[
    "org:resource",
    "resource",
    "user",
    "performer",
    "处理人",
    "办理人",
    "经办人",
    "处理人员",
];
const CLASS: &[&str] = &[
    "case:class",
    "class",
    "customer_class",
    "用户类别",
    "客户类别",
    "业务类型",
];
/// A column that names the display label of an activity (expansim's own logs).
const LABEL: &[&str] = &["activity_label"];
/// A column of lifecycle transitions: a log of events, one row for an activity's start and
/// one for its completion (PM4Py's CSV of a lifecycle log), paired as XES's events are.
const LIFECYCLE: &[&str] = &["lifecycle:transition", "lifecycle", "transition"];

/// A row of a CSV log of events, waiting to be paired with the other rows of its case.
struct Event {
    case: u32,
    time: f64,
    /// A start (else a completion).
    start: bool,
    activity: u32,
    resource: u32,
    enabled: f64,
}

/// Pairs each case's completions with the open start of the same activity before them (the
/// first one open), in time order, a start before a completion at the same time; a
/// completion without one is a log of ends (its start estimated), a start without one is
/// counted as unpaired.
fn pair_events(mut events: Vec<Event>, path: &Path, b: &mut Builder) {
    // Sorted by case, then time, a start first at equal times.
    events.sort_by(|x, y| {
        x.case
            .cmp(&y.case)
            .then(x.time.total_cmp(&y.time))
            .then(y.start.cmp(&x.start))
    });
    let mut open: Vec<&Event> = Vec::new();
    let mut unpaired = 0u64;
    for (i, e) in events.iter().enumerate() {
        if i > 0 && events[i - 1].case != e.case {
            unpaired += open.len() as u64;
            open.clear();
        }
        if e.start {
            b.log.start_events += 1;
            open.push(e);
            continue;
        }
        let start = open
            .iter()
            .position(|s| s.activity == e.activity)
            .map(|k| open.remove(k));
        if start.is_none() {
            b.estimate.push(b.log.records.len());
        }
        let from = start.map_or(e.time, |s| s.time);
        b.log.records.push(Record {
            case: e.case,
            activity: e.activity,
            resource: match (e.resource, start) {
                (NONE, Some(s)) => s.resource,
                (r, _) => r,
            },
            start: from,
            end: e.time,
            enabled: if e.enabled.is_nan() {
                f64::NAN
            } else {
                e.enabled.min(from)
            },
            start_given: true,
        });
    }
    unpaired += open.len() as u64;
    if unpaired > 0 {
        b.log.skipped.unpaired += unpaired;
        b.log.skipped.note(format!(
            "'{file}': {unpaired} start rows without a completion",
            file = path.display()
        ));
    }
}

/// One activity instance; times are local seconds (the office's clock, `--office-timezone`)
/// since 1970-01-01 00:00.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Record {
    /// Index into [`Log::cases`].
    pub case: u32,
    /// Index into [`Log::activities`].
    pub activity: u32,
    /// Index into [`Log::resources`], or [`NONE`].
    pub resource: u32,
    /// Start.
    pub start: f64,
    /// End.
    pub end: f64,
    /// When it became ready (NaN when the log does not say).
    pub enabled: f64,
    /// Whether the log gives the start; else it is estimated from the end (an XES complete
    /// event without a start, [`Log::estimated_starts`]) and says nothing of office hours.
    pub start_given: bool,
}

/// No resource.
pub const NONE: u32 = u32::MAX;

/// Whether `text` starts with a year outside [`PLAUSIBLE`] (`9999-12-31`, `0001/1/1`).
fn placeholder_year(text: &str) -> bool {
    let t = text.trim();
    let year = t.get(..4).and_then(|y| y.parse::<u32>().ok());
    let dated = matches!(t.as_bytes().get(4), Some(b'-' | b'/'))
        || t.get(4..).is_some_and(|rest| rest.starts_with('年'));
    year.is_some_and(|y| dated && !(1990..2100).contains(&y))
}

/// Times a log can hold (local seconds, 1990-01-01 to 2100-01-01): outside them, a date is
/// an export's placeholder for "not recorded" (1900-01-01, 0001-01-01, 9999-12-31).
const PLAUSIBLE: std::ops::Range<f64> = 631_152_000.0..4_102_444_800.0;

/// A case no row of which has named a class yet.
const UNCLASSED: u32 = u32::MAX;

/// Most customer classes a log may have.
pub const MAX_CLASSES: usize = 100;

/// Rows of a log that were not used, and why.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Skipped {
    /// Rows missing the case, activity, start or end.
    pub missing: u64,
    /// Rows whose end is before their start.
    pub end_before_start: u64,
    /// XES start events without a complete event (or the reverse).
    pub unpaired: u64,
    /// XES events of another lifecycle transition than start or complete (schedule,
    /// assign, suspend, resume, ate_abort, …).
    pub other_transition: u64,
    /// Exact duplicates of another row (same case, activity, start, end and resource).
    pub duplicates: u64,
    /// Rows with more (non-empty) fields than the header row: a value holding an unquoted
    /// delimiter shifts the values after it, so none of them can be trusted. (Rows with
    /// fewer fields, which lack a column in use, are [`Skipped::missing`].)
    pub misshapen: u64,
    /// The first few skipped rows of each reason, as "file row N: why".
    pub examples: Vec<String>,
}

impl Skipped {
    /// Keeps `example` if it is one of the first two of its reason (the text without its
    /// numbers and quoted values), twelve in all: a row of each problem can be found, not
    /// only of the most common one.
    fn note(&mut self, example: String) {
        fn reason(text: &str) -> String {
            let mut out = String::new();
            let mut quoted = None;
            for c in text.chars() {
                match quoted {
                    Some(q) if c == q => quoted = None,
                    Some(_) => {}
                    None if c == '"' || c == '\'' => quoted = Some(c),
                    None if !c.is_ascii_digit() => out.push(c),
                    None => {}
                }
            }
            out
        }
        let why = reason(&example);
        let alike = self.examples.iter().filter(|e| reason(e) == why).count();
        if alike < 2 && self.examples.len() < 12 {
            self.examples.push(example);
        }
    }

    /// All rows skipped.
    pub fn total(&self) -> u64 {
        self.missing
            + self.end_before_start
            + self.unpaired
            + self.other_transition
            + self.duplicates
            + self.misshapen
    }
}

/// The activity instances of one or more logs.
#[derive(Debug, Clone, Default)]
pub struct Log {
    /// The records, in the order read.
    pub records: Vec<Record>,
    /// Case identifiers.
    pub cases: Vec<String>,
    /// Each case's class (index into `classes`).
    pub case_class: Vec<u32>,
    /// Activity names.
    pub activities: Vec<String>,
    /// Each activity's display label, where the log gives one.
    pub labels: Vec<Option<String>>,
    /// Resource names.
    pub resources: Vec<String>,
    /// Class names (one, `customer`, without a class column).
    pub classes: Vec<String>,
    /// Rows not used.
    pub skipped: Skipped,
    /// Rows read.
    pub rows: u64,
    /// The files found not to be UTF-8 and read as GB18030 text.
    pub gb18030: Vec<String>,
    /// Activity instances read with their start: XES start events, CSV rows of a file with a
    /// start column.
    pub start_events: u64,
    /// The CSV files without a start column, read as logs of ends (starts estimated).
    pub ends_only: Vec<String>,
    /// Activity instances whose start the log does not give (an XES complete event
    /// without a start): their start is estimated as the later of the end of the case's
    /// previous activity instance and the end of the same resource's previous one.
    pub estimated_starts: u64,
    /// Whether any of the files is XES.
    pub xes: bool,
    /// Cases with a row that could not be used (ending before it starts, missing a field,
    /// a placeholder date, another shape than the header): their route has a hole, so they
    /// are left out of what is fitted ([`crate::fit::discover::without_cut_cases`]) but
    /// count as arrivals. Indices into [`Log::cases`], in order.
    pub unusable_cases: Vec<u32>,
    /// Cases whose rows name more than one class: each keeps the first class its rows name.
    pub class_conflicts: u64,
    /// Cases none of whose rows names a class, when others do: they are the class
    /// `customer`.
    pub unclassed: u64,
    /// Cases with rows in a later file that fall within the time their rows in the first
    /// file span: two files that number their cases each on their own, read as one case.
    pub colliding_cases: u64,
    /// The first of them: its id, the first class its rows name and the other.
    pub class_conflict: Option<(String, String, String)>,
    /// Activity instances whose enabled time is after their start: taken as ready when
    /// they started.
    pub enabled_after_start: u64,
    /// Cases left out as cut off by the log's period: begun before its start, and still
    /// open at its end ([`crate::fit::discover::without_cut_cases`]).
    pub cut_cases: (u64, u64),
    /// The arrivals of those cases, which the log saw though not their ends: (class,
    /// arrival, first activity, whether cut off at the log's end rather than its start).
    pub cut_arrivals: Vec<CutArrival>,
    /// The log spans so short a period that cases still open at its end cannot be told
    /// from finished ones (no case ended long enough before its end to show which steps
    /// end cases): its span and the longest a case's steps are apart, in days.
    pub too_short: Option<(f64, f64)>,
    /// Routing steps added after runs of a step repeated directly, or after the visits of a step sent back that go on ([`crate::fit::discover::with_repeat_exits`], [`crate::fit::discover::with_loop_exits`]; not rows of the log).
    pub routes_found: u64,
    /// The activities those routing steps are.
    pub route_activities: Vec<u32>,
    /// Rows that end before an optional column in use (resource, enabled time, class), read
    /// with it empty: how many, and the first (where, and the columns it lacks).
    pub short_rows: (u64, Option<(String, String)>),
    /// Hand-offs found in gaps between steps and added as records (not rows of the log).
    pub handoffs_found: u64,
    /// The activities those hand-offs are.
    pub handoff_activities: Vec<u32>,
    /// Whether the log gave no enabled times, so that when each step became ready was
    /// estimated (see `discover::with_enabled`).
    pub ready_estimated: bool,
}

/// The arrival of a case left out as cut off by the log's period
/// ([`Log::cut_arrivals`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CutArrival {
    /// Index into [`Log::classes`].
    pub class: u32,
    /// Its earliest enabled time or start.
    pub arrival: f64,
    /// Its first activity.
    pub activity: u32,
    /// Cut off at the log's end (its arrival is in the log's period), not at its start; or
    /// left out as `unusable`, arriving in the period too.
    pub at_end: bool,
    /// Left out for a row that could not be used ([`Log::unusable_cases`]), not cut off.
    pub unusable: bool,
}

/// Interns names as indices.
#[derive(Debug, Default)]
struct Names {
    index: HashMap<String, u32>,
}

impl Log {
    /// Activity `a` as a person reads it: its name, with the log's label beside it when
    /// the log gives one (`accept (受理)`).
    pub fn activity_name(&self, a: usize) -> String {
        crate::i18n::named(
            &self.activities[a],
            self.labels.get(a).and_then(Option::as_deref),
        )
    }

    /// The activity instances the files gave: the records without the hand-offs and
    /// routing steps that fit found between them.
    pub fn given_records(&self) -> u64 {
        (self.records.len() as u64).saturating_sub(self.handoffs_found + self.routes_found)
    }

    /// The runs of expansim a log of its own holds, when more than one: every case named
    /// `variant:replication:case`, with more than one `variant:replication`. Fitted as one
    /// office over one period, their arrivals and staff would add up.
    pub fn runs(&self) -> Vec<&str> {
        let mut runs = BTreeSet::new();
        for id in &self.cases {
            let Some((run, case)) = id.rsplit_once(':') else {
                return Vec::new();
            };
            let replication = run.rsplit_once(':').map(|(_, r)| r);
            // Numbers as expansim writes them: no leading zero (a record number of the
            // utility's own, `0017`, is not one).
            let digits = |t: &str| {
                !t.is_empty()
                    && t.bytes().all(|b| b.is_ascii_digit())
                    && (t == "0" || !t.starts_with('0'))
            };
            if !digits(case) || !replication.is_some_and(digits) {
                return Vec::new();
            }
            runs.insert(run);
        }
        if runs.len() > 1 {
            runs.into_iter().collect()
        } else {
            Vec::new()
        }
    }
}

impl Names {
    fn get(&mut self, list: &mut Vec<String>, name: &str) -> u32 {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = list.len() as u32;
        list.push(name.to_string());
        self.index.insert(name.to_string(), i);
        i
    }
}

/// Builds a [`Log`] from rows.
#[derive(Debug, Default)]
struct Builder {
    log: Log,
    cases: Names,
    activities: Names,
    resources: Names,
    classes: Names,
    /// Records whose start is to be estimated.
    estimate: Vec<usize>,
    /// Each case's first event time (XES), for the start estimate.
    case_first: Vec<f64>,
    /// Cases found with rows of another class than their first.
    conflicting: std::collections::HashSet<u32>,
    /// Problems of the files read so far (a file with one stops there), said all at once.
    problems: Vec<String>,
    /// XES values of a time attribute that are not a timestamp: how many, and the first
    /// few (where, and what they hold).
    bad_times: u64,
    bad_examples: Vec<String>,
    /// The ids of cases with a row that could not be used ([`Log::unusable_cases`]).
    unusable: std::collections::HashSet<String>,
}

impl Builder {
    /// Notes that case `id` has a row that could not be used.
    fn unusable(&mut self, id: &str) {
        if !id.is_empty() && !self.unusable.contains(id) {
            self.unusable.insert(id.to_string());
        }
    }

    fn case(&mut self, id: &str, class: Option<&str>) -> u32 {
        let before = self.log.cases.len();
        // The files are one log (split by month, say): a case id is one case in any of them.
        let c = self.cases.get(&mut self.log.cases, id);
        let class = class.filter(|s| !s.is_empty());
        if self.log.cases.len() > before {
            self.log.case_class.push(UNCLASSED);
        }
        if let Some(class) = class
            && self.log.case_class[c as usize] == UNCLASSED
        {
            // The first row that names a class (exports often name it on one row only).
            self.log.case_class[c as usize] = self.classes.get(&mut self.log.classes, class);
        } else if let Some(class) = class {
            let first = &self.log.classes[self.log.case_class[c as usize] as usize];
            if first != class && self.conflicting.insert(c) {
                self.log.class_conflicts += 1;
                if self.log.class_conflict.is_none() {
                    let example = (id.to_string(), first.clone(), class.to_string());
                    self.log.class_conflict = Some(example);
                }
            }
        }
        c
    }

    fn activity(&mut self, name: &str, label: Option<&str>) -> u32 {
        let a = self.activities.get(&mut self.log.activities, name);
        if self.log.labels.len() < self.log.activities.len() {
            self.log.labels.push(None);
        }
        if let Some(l) = label.filter(|l| !l.is_empty() && *l != name) {
            self.log.labels[a as usize].get_or_insert_with(|| l.to_string());
        }
        a
    }

    fn resource(&mut self, name: Option<&str>) -> u32 {
        match name.filter(|s| !s.is_empty()) {
            Some(n) => self.resources.get(&mut self.log.resources, n),
            None => NONE,
        }
    }
}

pub use crate::calendar::parse_time;

/// Zone names that mean China Standard Time, +08:00 all year (no daylight saving since 1991).
const CHINA_STANDARD_TIME: [&str; 7] = [
    "Asia/Shanghai",
    "Asia/Chongqing",
    "Asia/Harbin",
    "PRC",
    "Asia/Hong_Kong",
    "Asia/Macau",
    "Asia/Taipei",
];

/// The zones a log's times are read in: `naive`, of timestamps written without an offset
/// (`--timezone`), and `office`, the office's own clock, in which every time is kept and
/// office hours and days are found (`--office-timezone`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zones {
    /// Zone of timestamps without an offset.
    pub naive: FixedOffset,
    /// The office's clock.
    pub office: FixedOffset,
}

impl Zones {
    /// Both at one zone.
    pub fn at(zone: FixedOffset) -> Self {
        Zones {
            naive: zone,
            office: zone,
        }
    }
}

/// Parses a `--timezone`: an offset (`+08:00`, `+0800`, `+08`, `-05:30`), optionally after
/// `UTC` or `GMT` (`UTC+8`), `UTC`, `GMT` or `Z` alone, or a zone name of China Standard Time
/// such as `Asia/Shanghai`.
pub fn parse_zone(text: &str) -> Result<FixedOffset, String> {
    let t = text.trim();
    let expected = || {
        format!(
            r#"expected an offset such as +08:00, +0800 or UTC+8, UTC, or Asia/Shanghai; got "{text}""#
        )
    };
    if CHINA_STANDARD_TIME
        .iter()
        .any(|z| z.eq_ignore_ascii_case(t))
    {
        return Ok(FixedOffset::east_opt(8 * 3600).expect("+08:00"));
    }
    if t.is_empty() {
        return Err(expected());
    }
    let upper = t.to_ascii_uppercase();
    let offset = ["UTC", "GMT", "Z"]
        .iter()
        .find_map(|p| upper.strip_prefix(p))
        .unwrap_or(&upper);
    if offset.is_empty() {
        return Ok(FixedOffset::east_opt(0).expect("zero offset"));
    }
    let (sign, rest) = match offset.as_bytes()[0] {
        b'+' => (1, &offset[1..]),
        b'-' => (-1, &offset[1..]),
        _ => return Err(expected()),
    };
    // hh:mm, hhmm, or h / hh.
    let (h, m) = match rest.split_once(':') {
        Some(hm) => hm,
        None if rest.len() == 4 && rest.is_ascii() => rest.split_at(2),
        None => (rest, "0"),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return Err(expected());
    }
    match (h.parse::<i32>(), m.parse::<i32>()) {
        (Ok(h), Ok(m)) if h <= 14 && m < 60 => FixedOffset::east_opt(sign * (h * 3600 + m * 60))
            .ok_or_else(|| format!(r#"offset "{text}" is out of range"#)),
        _ => Err(format!(
            r#"offset "{text}" is out of range: offsets run from -14:00 to +14:00"#
        )),
    }
}

/// Reads `paths` (CSV, or XES: a file that starts with an XML tag, whatever its name; either
/// may be gzip-compressed) into one log.
pub fn read(paths: &[&Path], columns: &Columns, zone: Zones) -> Result<Log, Error> {
    let mut b = Builder::default();
    // Each file's problems, all at once.
    let mut first: Option<Error> = None;
    // The first file each case has rows in and the time they span there, and whether rows
    // of another file fall within that time (a log split by month has none).
    let (mut first_file, mut collides) = (Vec::new(), Vec::new());
    for (f, p) in paths.iter().enumerate() {
        let before = b.log.records.len();
        if let Err(e) = read_one(p, columns, zone, &mut b) {
            b.problems.push(e.to_string());
            first.get_or_insert(e);
        }
        let added = &b.log.records[before..];
        for r in added {
            let c = r.case as usize;
            if first_file.len() <= c {
                first_file.resize(c + 1, (usize::MAX, f64::INFINITY, f64::NEG_INFINITY));
                collides.resize(c + 1, false);
            }
            let (g, lo, hi) = &mut first_file[c];
            if *g == usize::MAX {
                *g = f;
            }
            if *g == f {
                (*lo, *hi) = (lo.min(r.start), hi.max(r.end));
            }
        }
        for r in added {
            let (g, lo, hi) = first_file[r.case as usize];
            collides[r.case as usize] |= g != f && r.start < hi && r.end > lo;
        }
    }
    b.log.colliding_cases = collides.iter().filter(|&&c| c).count() as u64;
    match (b.problems.len(), first) {
        (0, _) => {}
        // One problem keeps its kind of error.
        (1, Some(e)) => return Err(e),
        _ => return Err(listed(std::mem::take(&mut b.problems), paths.len())),
    }
    drop_duplicates(&mut b);
    estimate_starts(&mut b);
    // Cases no row of which names a class: one class of their own.
    let unclassed = b.log.case_class.iter().filter(|&&k| k == UNCLASSED).count();
    if unclassed > 0 {
        let k = b.classes.get(&mut b.log.classes, "customer");
        for c in &mut b.log.case_class {
            if *c == UNCLASSED {
                *c = k;
            }
        }
        if b.log.classes.len() > 1 {
            b.log.unclassed = unclassed as u64;
        }
    }
    // A class per case, or nearly, is not a customer class but some other attribute.
    let classes = b.log.classes.len();
    if classes > MAX_CLASSES {
        return Err(UsageError(format!(
            "the class column gives {classes} classes for {cases} cases; a customer class groups many cases (at most {max} classes): name the class column with --class, or leave it out for one class",
            cases = b.log.cases.len(),
            max = MAX_CLASSES
        ))
        .into());
    }
    if b.log.records.is_empty() {
        let files = paths
            .iter()
            .map(|p| format!("'{}'", p.display()))
            .collect::<Vec<_>>()
            .join(", ");
        let (rows, skipped) = (b.log.rows, b.log.skipped.total());
        return Err(UsageError(match b.log.skipped.examples.first() {
            Some(why) => format!(
                "no usable activity in {files}: {rows} rows read, {skipped} skipped (first: {why})"
            ),
            None => format!("no usable activity in {files}: {rows} rows read, {skipped} skipped"),
        })
        .into());
    }
    in_time_order(&mut b.log);
    if !b.unusable.is_empty() {
        let mut cases: Vec<u32> = (0..b.log.cases.len() as u32)
            .filter(|&c| b.unusable.contains(&b.log.cases[c as usize]))
            .collect();
        cases.sort_unstable();
        b.log.unusable_cases = cases;
    }
    Ok(b.log)
}

/// Puts the records in the order of a log sorted by case (cases by their first start) and
/// time, and numbers cases, activities, resources and classes in the order they first
/// appear in it: an export in another row order (a database query without `ORDER BY`, files
/// given in another order) fits to the same scenario, written the same way.
fn in_time_order(log: &mut Log) {
    let mut first = vec![f64::INFINITY; log.cases.len()];
    for r in &log.records {
        let f = &mut first[r.case as usize];
        *f = f.min(r.start);
    }
    fn name(names: &[String], i: u32) -> &str {
        names.get(i as usize).map_or("", String::as_str)
    }
    let mut order: Vec<u32> = (0..log.records.len() as u32).collect();
    order.sort_unstable_by(|&i, &j| {
        let (a, b) = (&log.records[i as usize], &log.records[j as usize]);
        first[a.case as usize]
            .total_cmp(&first[b.case as usize])
            .then_with(|| name(&log.cases, a.case).cmp(name(&log.cases, b.case)))
            .then_with(|| a.start.total_cmp(&b.start))
            .then_with(|| a.end.total_cmp(&b.end))
            .then_with(|| name(&log.activities, a.activity).cmp(name(&log.activities, b.activity)))
            .then_with(|| name(&log.resources, a.resource).cmp(name(&log.resources, b.resource)))
            .then_with(|| a.enabled.total_cmp(&b.enabled))
    });
    // New numbers in order of first appearance; those that appear in no record (all their
    // rows skipped) keep their order after the others.
    fn renumber(count: usize, seen: impl Iterator<Item = u32>) -> Vec<u32> {
        let mut new = vec![NONE; count];
        let mut next = 0;
        for old in seen.chain(0..count as u32) {
            if let Some(n) = new.get_mut(old as usize).filter(|n| **n == NONE) {
                *n = next;
                next += 1;
            }
        }
        new
    }
    let records = &log.records;
    let sorted = || order.iter().map(|&i| &records[i as usize]);
    let case = renumber(log.cases.len(), sorted().map(|r| r.case));
    let activity = renumber(log.activities.len(), sorted().map(|r| r.activity));
    let resource = renumber(log.resources.len(), sorted().map(|r| r.resource));
    let mut by_case = vec![0; log.cases.len()];
    for (old, &new) in case.iter().enumerate() {
        by_case[new as usize] = old as u32;
    }
    let class = renumber(
        log.classes.len(),
        by_case.iter().map(|&c| log.case_class[c as usize]),
    );
    log.records = sorted()
        .map(|r| Record {
            case: case[r.case as usize],
            activity: activity[r.activity as usize],
            resource: resource.get(r.resource as usize).copied().unwrap_or(NONE),
            ..*r
        })
        .collect();
    fn permute<T: Default>(items: &mut Vec<T>, new: &[u32]) {
        let mut out: Vec<T> = (0..items.len()).map(|_| T::default()).collect();
        for (old, item) in std::mem::take(items).into_iter().enumerate() {
            out[new[old] as usize] = item;
        }
        *items = out;
    }
    for k in &mut log.case_class {
        *k = class[*k as usize];
    }
    permute(&mut log.case_class, &case);
    permute(&mut log.cases, &case);
    permute(&mut log.activities, &activity);
    permute(&mut log.labels, &activity);
    permute(&mut log.resources, &resource);
    permute(&mut log.classes, &class);
}

/// Whether the file is a spreadsheet workbook: a zip archive (.xlsx) or an OLE compound
/// file (.xls).
fn is_workbook(path: &Path) -> std::io::Result<bool> {
    let mut file = crate::text::raw(path)?;
    let head = file.fill_buf()?;
    Ok(head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]))
}

/// Whether the file (decompressed) starts with an XML tag.
fn is_xml(path: &Path) -> std::io::Result<bool> {
    Ok(crate::text::starts_with_tag(
        crate::text::raw(path)?.fill_buf()?,
    ))
}

/// Drops the exact duplicates of a record (same case, activity, start, end and resource): a
/// row exported twice would count as rework and as more work for the staff.
fn drop_duplicates(b: &mut Builder) {
    let mut seen = std::collections::HashSet::new();
    let mut estimated = vec![false; b.log.records.len()];
    for &i in &b.estimate {
        estimated[i] = true;
    }
    let mut kept = Vec::with_capacity(b.log.records.len());
    let mut estimate = Vec::new();
    for (i, r) in std::mem::take(&mut b.log.records).into_iter().enumerate() {
        let key = (
            r.case,
            r.activity,
            r.resource,
            r.start.to_bits(),
            r.end.to_bits(),
        );
        if !seen.insert(key) {
            b.log.skipped.duplicates += 1;
            let case = &b.log.cases[r.case as usize];
            let activity = &b.log.activities[r.activity as usize];
            b.log.skipped.note(format!(
                r#"case "{case}", activity "{activity}": an exact duplicate of another row"#
            ));
            continue;
        }
        if estimated[i] {
            estimate.push(kept.len());
        }
        kept.push(r);
    }
    b.log.records = kept;
    b.estimate = estimate;
}

/// Estimates the start of each activity instance the log gives only the end of (an XES
/// complete event without a start), as Simod does: the later of when it was enabled (the
/// end of the case's previous activity instance, or the case's first event) and when its
/// resource became free (the end of the resource's previous activity instance).
fn estimate_starts(b: &mut Builder) {
    if b.estimate.is_empty() {
        return;
    }
    let records = &mut b.log.records;
    let mut order: Vec<usize> = (0..records.len()).collect();
    order.sort_by(|&x, &y| records[x].end.total_cmp(&records[y].end));
    let mut wanted = vec![false; records.len()];
    for &i in &b.estimate {
        wanted[i] = true;
    }
    let mut case_end: HashMap<u32, f64> = HashMap::new();
    let mut resource_end: HashMap<u32, f64> = HashMap::new();
    for i in order {
        let r = records[i];
        if wanted[i] {
            let first = b
                .case_first
                .get(r.case as usize)
                .copied()
                .filter(|t| t.is_finite())
                .unwrap_or(r.end);
            let free = match r.resource {
                NONE => f64::NEG_INFINITY,
                res => resource_end.get(&res).copied().unwrap_or(f64::NEG_INFINITY),
            };
            let day = |t: f64| (t / 86_400.0).floor();
            let enabled = if r.enabled.is_finite() {
                r.enabled
            } else if let Some(&end) = case_end.get(&r.case) {
                end
            } else if free.is_finite() && day(free) == day(r.end) {
                // A case's first step: taken up when its person finished their work before
                // it, that day.
                free
            } else {
                first
            };
            records[i].start = enabled.max(free).min(r.end);
            records[i].start_given = false;
            if r.enabled.is_finite() {
                records[i].enabled = r.enabled.min(records[i].start);
            }
        }
        case_end.insert(r.case, r.end);
        if r.resource != NONE {
            resource_end.insert(r.resource, r.end);
        }
    }
    b.log.estimated_starts = b.estimate.len() as u64;
    b.estimate.clear();
}

impl Builder {
    /// Counts an XES time attribute that is not a timestamp (the first ten named).
    fn not_a_time(&mut self, trace: &str, attribute: &str, text: &str) {
        self.bad_times += 1;
        if self.bad_examples.len() < 10 {
            self.bad_examples.push(format!(
                r#"trace "{trace}", attribute "{attribute}": "{text}""#
            ));
        }
    }
}

/// Problems of the `logs` logs as one error: the problem itself, or a list of them.
fn listed(problems: Vec<String>, logs: usize) -> Error {
    if problems.len() == 1 {
        return UsageError(problems.concat()).into();
    }
    let n = problems.len();
    let mut text = if logs == 1 {
        format!("the log has {n} problems:")
    } else {
        format!("the logs have {n} problems:")
    };
    for p in problems {
        text.push_str("\n  - ");
        text.push_str(&p);
    }
    UsageError(text).into()
}

/// Reads one log file (XES or CSV) into `b`.
fn read_one(p: &Path, columns: &Columns, zone: Zones, b: &mut Builder) -> Result<(), Error> {
    let input = |e: std::io::Error| Error::Input {
        file: p.display().to_string(),
        message: e.to_string(),
    };
    if is_workbook(p).map_err(input)? {
        return Err(Error::Input {
            file: p.display().to_string(),
            message: "this is a spreadsheet workbook (Excel .xlsx or .xls), not text; save the sheet as CSV (File → Save As → CSV UTF-8, or CSV), then fit that file".to_string(),
        });
    }
    let xml = is_xml(p).map_err(input)?;
    let named = p.to_string_lossy().to_lowercase();
    if !xml && (named.ends_with(".xes") || named.ends_with(".xes.gz")) {
        return Err(Error::Input {
            file: p.display().to_string(),
            message: if std::fs::metadata(p).map(|m| m.len() == 0).unwrap_or(false) {
                "it is named as XES but is empty: an XES log starts with <?xml or <log; export it again, or give the CSV it came from"
            } else {
                "it is named as XES but does not start with an XML tag: an XES log starts with <?xml or <log; export it again, or give the CSV it came from"
            }
            .to_string(),
        });
    }
    if xml {
        b.log.xes = true;
        read_xes(p, columns, zone, b)
    } else {
        read_csv(p, columns, zone, b)
    }
}

/// A column or attribute name as it is matched: without spaces (also full-width),
/// underscores and hyphens, in lower case (`Start Time` is `start_time`).
fn loose(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '\u{3000}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The column of `header` that `given` names, or the first default present.
fn pick(
    header: &csv::StringRecord,
    given: &Option<String>,
    defaults: &[&str],
    flag: &str,
    file: &Path,
    required: bool,
) -> Result<Option<usize>, Error> {
    // The name as given, else the same name written another way.
    let find = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name.trim()))
            .or_else(|| header.iter().position(|h| loose(h) == loose(name)))
    };
    // A column named twice cannot be told apart from its twin.
    let found = match given {
        Some(name) => find(name),
        None => defaults.iter().find_map(|d| find(d)),
    };
    if let Some(i) = found {
        let same = |h: &str| loose(h) == loose(&header[i]);
        if let Some(j) = header
            .iter()
            .enumerate()
            .position(|(j, h)| j != i && same(h))
        {
            let (file, column) = (file.display(), header[i].trim());
            let (first, second) = (i.min(j) + 1, i.max(j) + 1);
            return Err(UsageError(if flag.is_empty() {
                format!(
                    r#"'{file}' has two columns named "{column}" (columns {first} and {second}), so the label cannot tell which to read; rename or delete one of them"#
                )
            } else {
                format!(
                    r#"'{file}' has two columns named "{column}" (columns {first} and {second}), so {flag} cannot tell which to read; rename or delete one of them"#
                )
            })
            .into());
        }
    }
    match given {
        Some(name) => find(name).map(Some).ok_or_else(|| {
            UsageError(format!(
                r#"'{file}' has no column "{name}" ({flag}); its columns are: {columns}"#,
                file = file.display(),
                columns = column_list(header)
            ))
            .into()
        }),
        None => {
            let found = defaults.iter().find_map(|d| find(d));
            if found.is_none() && required {
                return Err(UsageError(format!(
                    "'{file}' has none of the columns {defaults} for {flag}; name the column with {flag} COLUMN (its columns are: {columns})",
                    file = file.display(),
                    defaults = defaults.join(", "),
                    columns = column_list(header)
                ))
                .into());
            }
            Ok(found)
        }
    }
}

/// The header's columns for a message: the first 30, each cut at 60 characters.
fn column_list(header: &csv::StringRecord) -> String {
    let cut = |h: &str| match h.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &h[..i]),
        None => h.to_string(),
    };
    let mut list: Vec<String> = header.iter().take(30).map(cut).collect();
    if header.len() > 30 {
        list.push(format!("… ({} columns in all)", header.len()));
    }
    list.join(", ")
}

fn read_csv(path: &Path, columns: &Columns, zone: Zones, b: &mut Builder) -> Result<(), Error> {
    let input = |message: String| Error::Input {
        file: path.display().to_string(),
        message,
    };
    let (text, census) =
        crate::text::open(path, columns.encoding).map_err(|e| input(e.to_string()))?;
    let gb18030 = census.gb18030();
    // Said only when it was guessed: `--encoding gb18030` asked for it.
    if gb18030 && columns.encoding == crate::text::TextEncoding::Detect {
        b.log.gb18030.push(path.display().to_string());
    }
    let (delimiter, text) = crate::text::sniffed(text).map_err(|e| input(e.to_string()))?;
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text);
    let header = csv
        .headers()
        .map_err(|e| {
            input(format!(
                "cannot read the header row: {why}",
                why = crate::text::csv_error(&e, FIX_ENCODING)
            ))
        })?
        .clone();
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err(input(
            "it is empty: an event log starts with a header row naming its columns, e.g. case_id,activity,start_time,end_time,resource".to_string(),
        ));
    }
    // A header of control characters is a binary file read as text: its "columns" are noise.
    if header
        .iter()
        .any(|h| h.chars().any(|c| c.is_control() && c != '\t'))
    {
        return Err(input(
            "it is not a text file (its first line holds control characters): export the log as CSV (UTF-8, UTF-16 or GB18030) or XES".to_string(),
        ));
    }
    // Every column that cannot be found, at once.
    let mut problems: Vec<String> = Vec::new();
    let mut want = |given: &Option<String>, defaults: &[&str], flag: &str, required: bool| {
        pick(&header, given, defaults, flag, path, required).unwrap_or_else(|e| {
            problems.push(e.to_string());
            None
        })
    };
    let case = want(&columns.case, CASE, "--case", true).unwrap_or(0);
    let activity = want(&columns.activity, ACTIVITY, "--activity", true).unwrap_or(0);
    // Without a start column (a log of ends, as PM4Py exports complete events), each start
    // is estimated from the end before it, as for an XES complete event without a start.
    let start = want(&columns.start, START, "--start", false);
    let end = want(&columns.end, END, "--end", true).unwrap_or(0);
    let enabled = want(&columns.enabled, ENABLED, "--enabled", false);
    let resource = want(&columns.resource, RESOURCE, "--resource", false);
    let class = want(&columns.class, CLASS, "--class", false);
    let label = want(&None, LABEL, "", false);
    // A log of events (start and completion rows) when it has no start column.
    let lifecycle = match start {
        None => want(&None, LIFECYCLE, "", false),
        Some(_) => None,
    };
    if start == Some(end) && problems.is_empty() {
        problems.push(
            UsageError(format!(
                r#"'{file}': --start and --end both name the column "{column}", which would make every activity take no time; leave --start out and each start is estimated from the end of the work before it"#,
                file = path.display(),
                column = header.get(end).unwrap_or("").trim()
            ))
            .to_string(),
        );
    }
    let ends_only = start.is_none();
    let mut events: Vec<Event> = Vec::new();
    let start = start.unwrap_or(end);
    if !problems.is_empty() {
        // Said with the other files' problems; nothing more of this file can be read.
        b.problems.extend(problems);
        return Ok(());
    }
    let name = |i: usize| header.get(i).unwrap_or("").to_string();
    let mut row = csv::StringRecord::new();
    let mut line = 1u64;
    let (mut bad_times, mut bad_examples) = (0u64, Vec::new());
    // Read as UTF-8: the first row with text beyond ASCII (a file not UTF-8 after it mixes
    // two encodings).
    let mut utf8_row = None;
    loop {
        match csv.read_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let why = match (e.kind(), utf8_row) {
                    (csv::ErrorKind::Utf8 { err, .. }, Some(first)) => mixed_encodings(
                        first,
                        line + 1,
                        &format!(
                            r#"is not (its column "{column}")"#,
                            column = name(err.field())
                        ),
                    ),
                    _ => crate::text::csv_error(&e, FIX_ENCODING),
                };
                return Err(input(match utf8_row {
                    Some(_) => why,
                    None => format!("row {row}: {why}", row = line + 1),
                }));
            }
        }
        line += 1;
        b.log.rows += 1;
        if utf8_row.is_none() && !row.as_slice().is_ascii() {
            utf8_row = Some(line);
        }
        // A quote left open takes the rows after it into one field, silently.
        let whole_rows = |field: &str| {
            field.contains('\n')
                && field.lines().skip(1).any(|l| {
                    l.bytes().filter(|&c| c == delimiter).count() >= header.len().max(3) - 1
                })
        };
        if let Some(col) = row.iter().position(whole_rows) {
            return Err(input(format!(
                r#"row {line}, column "{column}": a quote opens a field that takes in the rows after it (it is not closed where the field ends); close the quote or remove it"#,
                column = name(col)
            )));
        }
        // A row of another shape than the header: its values are shifted or cut off. A row
        // that ends before an optional column in use is read with it empty (exports leave
        // out trailing empty fields), and counted.
        if row.len() != header.len() {
            let required = [case, activity, start, end];
            let cut: Vec<String> = required
                .into_iter()
                .filter(|&i| i >= row.len())
                .map(name)
                .collect();
            let extra = row.iter().skip(header.len()).any(|f| !f.trim().is_empty());
            let optional = [enabled, resource, class, label].into_iter().flatten();
            if !extra && cut.is_empty() && optional.clone().any(|i| i >= row.len()) {
                let cut: Vec<String> = optional.filter(|&i| i >= row.len()).map(name).collect();
                b.log.short_rows.0 += 1;
                b.log.short_rows.1.get_or_insert_with(|| {
                    (format!("'{}' row {line}", path.display()), cut.join(", "))
                });
            }
            if extra || !cut.is_empty() {
                let fields = [
                    ("file", path.display().to_string()),
                    ("line", line.to_string()),
                    ("n", row.len().to_string()),
                    ("header", header.len().to_string()),
                    ("which", cut.join(", ")),
                ];
                let fields: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                b.unusable(row.get(case).map_or("", str::trim));
                if extra {
                    b.log.skipped.misshapen += 1;
                    b.log.skipped.note(Lang::En.fill(
                        "'{file}' row {line}: {n} fields where the header row has {header} (a value holding an unquoted delimiter shifts the values after it)",
                        &fields,
                    ));
                } else {
                    b.log.skipped.missing += 1;
                    b.log.skipped.note(Lang::En.fill(
                        if row.len() == 1 {
                            "'{file}' row {line}: one field where the header row has {header}: no {which}"
                        } else {
                            "'{file}' row {line}: {n} fields where the header row has {header}: no {which}"
                        },
                        &fields,
                    ));
                }
                continue;
            }
        }
        let get = |i: usize| row.get(i).map(str::trim).unwrap_or("");
        let (c, a, s, e) = (get(case), get(activity), get(start), get(end));
        if c.is_empty() || a.is_empty() || s.is_empty() || e.is_empty() {
            b.log.skipped.missing += 1;
            b.unusable(c);
            // A log of ends has one time column, named once.
            let which = [(case, c), (activity, a), (start, s), (end, e)]
                .iter()
                .enumerate()
                .filter(|(k, (_, v))| v.is_empty() && !(ends_only && *k == 2))
                .map(|(_, (i, _))| name(*i))
                .collect::<Vec<_>>()
                .join(", ");
            b.log.skipped.note(Lang::En.fill(
                "'{file}' row {line}: no {which}",
                &[
                    ("file", &path.display().to_string()),
                    ("line", &line.to_string()),
                    ("which", &which),
                ],
            ));
            continue;
        }
        // Every timestamp that is not one is named (the first ten), all at once at the end.
        let mut time = |col: usize, text: &str| {
            // A date in a year no log holds (9999-12-31) is a placeholder, below.
            let t = parse_time(text, zone.naive, zone.office)
                .or_else(|| placeholder_year(text).then_some(f64::NAN));
            if t.is_none() {
                bad_times += 1;
                if bad_examples.len() < 10 {
                    bad_examples.push(format!(
                        r#"row {line}, column "{column}": "{text}""#,
                        column = name(col)
                    ));
                }
            }
            t
        };
        // A log of ends reads its one time once (a bad one is one problem).
        let s = (!ends_only).then(|| time(start, s));
        let e = time(end, e);
        let (Some(s), Some(e)) = (s.unwrap_or(e), e) else {
            continue;
        };
        // 1900-01-01 and the like stand for "not recorded": a missing field, not a time.
        if let Some((col, text)) = [(start, s), (end, e)]
            .into_iter()
            .find(|(_, t)| !PLAUSIBLE.contains(t))
            .map(|(col, _)| (col, get(col)))
        {
            b.log.skipped.missing += 1;
            b.unusable(c);
            b.log.skipped.note(Lang::En.fill(
                r#"'{file}' row {line}: column "{column}" holds {text}, a placeholder date (before 1990 or after 2100), taken as missing"#,
                &[
                    ("file", &path.display().to_string()),
                    ("line", &line.to_string()),
                    ("column", &name(col)),
                    ("text", text),
                ],
            ));
            continue;
        }
        if e < s {
            b.log.skipped.end_before_start += 1;
            b.unusable(c);
            b.log.skipped.note(Lang::En.fill(
                "'{file}' row {line}: ends before it starts",
                &[
                    ("file", &path.display().to_string()),
                    ("line", &line.to_string()),
                ],
            ));
            continue;
        }
        // Ready no later than it started: a later "enabled" time is not one (counted).
        let en = match enabled.map(get).filter(|t| !t.is_empty()) {
            Some(t) => {
                let Some(en) = time(enabled.unwrap_or(0), t) else {
                    continue;
                };
                if en > s {
                    b.log.enabled_after_start += 1;
                }
                en.min(s)
            }
            None => f64::NAN,
        };
        let cls = class.map(get);
        if let Some(col) = lifecycle {
            // XES's rule: no transition is a completion.
            let transition = get(col);
            let start = transition.eq_ignore_ascii_case("start");
            if !start && !transition.is_empty() && !transition.eq_ignore_ascii_case("complete") {
                b.log.skipped.other_transition += 1;
                b.log.skipped.note(format!(
                    r#"'{file}' row {line}: a "{transition}" row of "{a}" (only start and complete are used)"#,
                    file = path.display()
                ));
                continue;
            }
            events.push(Event {
                case: b.case(c, cls),
                time: e,
                start,
                activity: b.activity(a, label.map(get)),
                resource: b.resource(resource.map(get)),
                enabled: en,
            });
            continue;
        }
        let record = Record {
            case: b.case(c, cls),
            activity: b.activity(a, label.map(get)),
            resource: b.resource(resource.map(get)),
            start: s,
            end: e,
            enabled: en,
            start_given: true,
        };
        if ends_only {
            b.estimate.push(b.log.records.len());
        } else {
            b.log.start_events += 1;
        }
        b.log.records.push(record);
    }
    // Read as GB18030, what its lines' bytes were: UTF-8 in a few lines may be chance, in
    // more than one in a hundred (ten at the least) it is not.
    let lines = census.lines();
    match (lines.utf8, lines.other) {
        ((n, Some(utf8)), (m, Some(other))) if n >= 10 && n * 100 >= m => {
            return Err(input(mixed_encodings(
                utf8,
                other,
                "is GB18030, as it was read",
            )));
        }
        ((n, Some(utf8)), (0, _)) if n >= 3 => {
            return Err(input(format!(
                "it is UTF-8, not GBK or GB18030: its text reads as UTF-8 (row {utf8} the first), and as GB18030 it would be garbled; leave out --encoding gb18030"
            )));
        }
        _ => {}
    }
    let starts_before = b.log.start_events;
    if lifecycle.is_some() {
        pair_events(events, path, b);
    }
    // Without a start column or start rows, every start is estimated.
    if ends_only && b.log.start_events == starts_before {
        b.log.ends_only.push(path.display().to_string());
    }
    if bad_times > 0 {
        return Err(input(not_timestamps(
            bad_times,
            &bad_examples,
            &b.log.skipped,
        )));
    }
    Ok(())
}

/// The message for `bad` values that are not a timestamp (`examples_given`: the first few,
/// where they are and what they hold), with the other rows `skipped` would leave unused.
fn not_timestamps(bad: u64, examples_given: &[String], skipped: &Skipped) -> String {
    // The rows and columns with what they hold, as they are (read point by point in
    // another language: see `Lang::translate`).
    let mut examples = examples_given.join("; ");
    if bad > examples_given.len() as u64 {
        let more = bad - examples_given.len() as u64;
        examples += &format!("; and {more} more");
    }
    // The other rows that would not be used, too: every problem at once.
    let why = if skipped.total() > 0 {
        let values = [
            ("rows", skipped.total().to_string()),
            ("missing", skipped.missing.to_string()),
            ("reversed", skipped.end_before_start.to_string()),
            ("misshapen", skipped.misshapen.to_string()),
            ("examples", skipped.examples.join("; ")),
        ];
        let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        crate::i18n::Lang::En.fill(
            ". Also {rows} rows not used ({missing} missing a field, {reversed} ending before they start, {misshapen} with more fields than the header), e.g. {examples}",
            &values,
        )
    } else {
        String::new()
    };
    let n = bad;
    if n == 1 {
        format!(
            "{n} value is not a timestamp: {examples}; expected ISO 8601 such as 2026-03-05T14:02:11+08:00, 2026-03-05 14:02:11, 2026/3/5 14:02 or 2026年3月5日 14:02{why}"
        )
    } else {
        format!(
            "{n} values are not a timestamp: {examples}; expected ISO 8601 such as 2026-03-05T14:02:11+08:00, 2026-03-05 14:02:11, 2026/3/5 14:02 or 2026年3月5日 14:02{why}"
        )
    }
}

/// XES: each trace a case, events paired start → complete by activity (first open start
/// of the same activity).
fn read_xes(path: &Path, columns: &Columns, zone: Zones, b: &mut Builder) -> Result<(), Error> {
    use quick_xml::events::Event;
    let input = |message: String| Error::Input {
        file: path.display().to_string(),
        message,
    };
    let key_case = columns
        .case
        .clone()
        .unwrap_or_else(|| "concept:name".into());
    let key_activity = columns
        .activity
        .clone()
        .unwrap_or_else(|| "concept:name".into());
    let key_time = columns
        .end
        .clone()
        .unwrap_or_else(|| "time:timestamp".into());
    let key_resource = columns
        .resource
        .clone()
        .unwrap_or_else(|| "org:resource".into());
    // The trace attribute of the class: the one given, else, from the first trace that has
    // one, the first of the names a CSV's class column is found by (`class`, `用户类别`, ...,
    // in any letter case and with spaces, underscores or hyphens alike), for the whole file.
    let mut key_class: Option<String> = columns.class.clone();
    // expansim's own XES gives each event the time its step became ready as `enabled_time`,
    // as its CSV does.
    let key_enabled = columns.enabled.as_deref().or(Some(ENABLED[0]));
    // Every attribute key of a trace or event, to name a flag's attribute that never occurs.
    let mut seen: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let text = crate::text::xml(path).map_err(|e| input(e.to_string()))?;
    (b.bad_times, b.bad_examples) = (0, Vec::new());
    let mut reader = quick_xml::Reader::from_reader(text);
    let mut buf = Vec::new();
    // Trace attributes, then the trace's events (activity, transition, time, resource).
    // Element depth, and the depths of the open trace and event: only their direct
    // children are their attributes (XES nests attributes in attributes and lists).
    let mut depth = 0usize;
    let mut trace_at: Option<usize> = None;
    let mut event_at: Option<usize> = None;
    let mut trace_attrs: HashMap<String, String> = HashMap::new();
    let mut event: HashMap<String, String> = HashMap::new();
    let mut events: Vec<HashMap<String, String>> = Vec::new();
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(|e| {
            let at = reader.buffer_position();
            input(match e {
                // Input that ended inside a tag, a comment or a declaration (markup such as
                // `<!x` is not: it is wrong where it stands).
                quick_xml::Error::Syntax(why)
                    if why != quick_xml::errors::SyntaxError::InvalidBangMarkup =>
                {
                    format!(
                    "the file ends at byte {at} inside a tag ({why}): it was cut off; export or copy it again"
                    )
                }
                e => format!(
                    "at byte {at}: {why}; the file is not well-formed XML: export it again",
                    why = e
                ),
            })
        })?;
        match ev {
            Event::Eof if depth > 0 => {
                let at = reader.buffer_position();
                return Err(input(if depth == 1 {
                    format!(
                        "the file ends at byte {at} with {depth} element still open (the last trace read was complete up to there): it was cut off; export or copy it again"
                    )
                } else {
                    format!(
                        "the file ends at byte {at} with {depth} elements still open (the last trace read was complete up to there): it was cut off; export or copy it again"
                    )
                }));
            }
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let at = depth + 1;
                match e.local_name().as_ref() {
                    b"trace" if trace_at.is_none() => {
                        trace_attrs.clear();
                        events.clear();
                        if !empty {
                            trace_at = Some(at);
                        }
                    }
                    // An empty <event/> has no attributes: nothing to pair.
                    b"event" if trace_at.is_some() && event_at.is_none() => {
                        event.clear();
                        if !empty {
                            event_at = Some(at);
                        }
                    }
                    _ => {
                        let owner = match (trace_at, event_at) {
                            (_, Some(d)) if at == d + 1 => Some(&mut event),
                            (Some(d), None) if at == d + 1 => Some(&mut trace_attrs),
                            _ => None,
                        };
                        if let Some(owner) = owner {
                            let mut key = None;
                            let mut value = None;
                            for a in e.attributes().flatten() {
                                let v = a
                                    .unescape_value()
                                    .map(|v| v.into_owned())
                                    .unwrap_or_default();
                                match a.key.as_ref() {
                                    b"key" => key = Some(v),
                                    b"value" => value = Some(v),
                                    _ => {}
                                }
                            }
                            if let (Some(k), Some(v)) = (key, value) {
                                if !seen.contains(&k) {
                                    seen.insert(k.clone());
                                }
                                owner.insert(k, v);
                            }
                        }
                    }
                }
                if !empty {
                    depth = at;
                }
            }
            Event::End(ref e) => {
                match e.local_name().as_ref() {
                    b"event" if event_at == Some(depth) => {
                        event_at = None;
                        events.push(std::mem::take(&mut event));
                    }
                    b"trace" if trace_at == Some(depth) => {
                        trace_at = None;
                        if key_class.is_none() {
                            key_class = CLASS.iter().find_map(|name| {
                                trace_attrs
                                    .keys()
                                    .find(|k| loose(k) == loose(name))
                                    .cloned()
                            });
                        }
                        pair_trace(
                            path,
                            &trace_attrs,
                            &events,
                            zone,
                            b,
                            [&key_case, &key_activity, &key_time, &key_resource],
                            (key_class.as_deref(), key_enabled),
                        )?;
                    }
                    _ => {}
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
        buf.clear();
    }
    // A flag naming an attribute the file never has is a mistake, as a CSV's missing column.
    for (given, flag) in [
        (&columns.case, "--case"),
        (&columns.activity, "--activity"),
        (&columns.end, "--end"),
        (&columns.enabled, "--enabled"),
        (&columns.resource, "--resource"),
        (&columns.class, "--class"),
    ] {
        if let Some(name) = given.as_deref().filter(|n| !seen.contains(*n)) {
            b.problems.push(format!(
                r#"'{file}' has no attribute "{name}" ({flag}); the attributes of its traces and events are: {attributes}"#,
                file = path.display(),
                attributes = seen.iter().map(String::as_str).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    if b.bad_times > 0 {
        // Without the starts left unpaired by the completes skipped here.
        let message = not_timestamps(b.bad_times, &b.bad_examples, &Skipped::default());
        b.problems.push(input(message).to_string());
    }
    Ok(())
}

fn pair_trace(
    path: &Path,
    attrs: &HashMap<String, String>,
    events: &[HashMap<String, String>],
    zone: Zones,
    b: &mut Builder,
    [key_case, key_activity, key_time, key_resource]: [&String; 4],
    // The class's key and the enabled time's.
    (key_class, key_enabled): (Option<&str>, Option<&str>),
) -> Result<(), Error> {
    b.log.rows += events.len() as u64;
    let Some(id) = attrs.get(key_case) else {
        b.log.skipped.missing += events.len() as u64;
        b.log.skipped.note(format!(
            "'{file}': a trace without {key}",
            file = path.display(),
            key = key_case
        ));
        return Ok(());
    };
    let class = key_class.and_then(|k| attrs.get(k));
    let case = b.case(id, class.map(String::as_str));
    if b.case_first.len() <= case as usize {
        b.case_first.resize(case as usize + 1, f64::INFINITY);
    }
    // Open starts: (activity, start time, resource).
    let mut open: Vec<(String, f64, Option<String>)> = Vec::new();
    for e in events {
        // Events of other transitions (schedule, assign) are not used in any case.
        let used = e.get("lifecycle:transition").is_none_or(|x| {
            ["start", "complete"]
                .iter()
                .any(|u| x.trim().eq_ignore_ascii_case(u))
        });
        let (Some(a), Some(t)) = (e.get(key_activity), e.get(key_time)) else {
            b.log.skipped.missing += 1;
            if used {
                b.unusable(id);
            }
            let which = [key_activity, key_time]
                .into_iter()
                .filter(|k| !e.contains_key(*k))
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ");
            b.log.skipped.note(format!(
                r#"'{file}' trace "{id}": an event without {which}"#,
                file = path.display()
            ));
            continue;
        };
        let Some(t) = parse_time(t, zone.naive, zone.office) else {
            b.not_a_time(id, key_time, t);
            continue;
        };
        if !PLAUSIBLE.contains(&t) {
            b.log.skipped.missing += 1;
            if used {
                b.unusable(id);
            }
            b.log.skipped.note(format!(
                r#"'{file}' trace "{id}": an event at a placeholder date (before 1990 or after 2100), taken as missing"#,
                file = path.display()
            ));
            continue;
        }
        b.case_first[case as usize] = b.case_first[case as usize].min(t);
        // XES leaves the case of the value open: BPIC 2012 writes START and COMPLETE.
        let transition = e
            .get("lifecycle:transition")
            .map_or("complete", |x| x.trim());
        let resource = e.get(key_resource).cloned();
        match transition {
            x if x.eq_ignore_ascii_case("start") => {
                b.log.start_events += 1;
                open.push((a.clone(), t, resource));
            }
            x if x.eq_ignore_ascii_case("complete") => {
                let start = match open.iter().position(|(x, _, _)| x == a) {
                    Some(i) => open.remove(i).1,
                    // No start (most XES logs have complete events only): estimated once
                    // every file is read.
                    None => {
                        b.estimate.push(b.log.records.len());
                        t
                    }
                };
                if t < start {
                    b.log.skipped.end_before_start += 1;
                    b.unusable(id);
                    continue;
                }
                // Ready no later than it started (an estimated start is set later).
                let enabled = match key_enabled.and_then(|k| e.get(k).map(|v| (k, v))) {
                    Some((k, v)) => match parse_time(v, zone.naive, zone.office) {
                        Some(en) => en.min(t),
                        None => {
                            b.not_a_time(id, k, v);
                            continue;
                        }
                    },
                    None => f64::NAN,
                };
                if enabled > start {
                    b.log.enabled_after_start += 1;
                }
                let record = Record {
                    case,
                    // expansim's own XES gives the display label of a stage beside its key.
                    activity: b.activity(a, e.get("label").map(String::as_str)),
                    resource: b.resource(resource.as_deref()),
                    start,
                    end: t,
                    // NaN stays NaN (`f64::min` would take the start).
                    enabled: if enabled.is_nan() {
                        f64::NAN
                    } else {
                        enabled.min(start)
                    },
                    start_given: true,
                };
                b.log.records.push(record);
            }
            other => {
                b.log.skipped.other_transition += 1;
                b.log.skipped.note(format!(
                    r#"'{file}' trace "{id}": a "{other}" event of "{activity}" (only start and complete are used)"#,
                    file = path.display(),
                    activity = a
                ));
            }
        }
    }
    if !open.is_empty() {
        b.log.skipped.unpaired += open.len() as u64;
        b.log.skipped.note(crate::i18n::Lang::En.fill(
            r#"'{file}' trace "{id}": {n} start events without a complete"#,
            &[
                ("file", &path.display().to_string()),
                ("id", id),
                ("n", &open.len().to_string()),
            ],
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cst() -> FixedOffset {
        parse_zone("+08:00").unwrap()
    }

    #[test]
    fn timestamps_in_every_accepted_form_agree() {
        let z = cst();
        let want = parse_time("2026-03-05T14:02:00+08:00", z, z).unwrap();
        for s in [
            "2026-03-05 14:02:00",
            "2026-03-05T14:02:00",
            "2026-03-05 14:02",
            "2026/3/5 14:02",
            "2026/03/05 14:02:00",
            "2026-03-05T06:02:00Z",
            "2026-03-05T06:02:00.000+00:00",
            "2026-03-05 14:02:00.000000+08:00",
            "2026-03-05T01:02:00-05:00",
            "2026/3/5 14:02:00.000",
            "2026-3-5 14:02",
            "2026年3月5日 14:02",
            "2026年03月05日 14:02:00",
            "2026年3月5日14:02",
            "2026-03-05T14:02:00+08",
            "2026-03-05 14:02:00.000+08",
            // Minutes without seconds, with an offset (ISO 8601 allows both).
            "2026-03-05T14:02+08:00",
            "2026-03-05 14:02+0800",
            "2026-03-05T06:02Z",
            // ISO 8601's basic format.
            "20260305T140200+0800",
            "20260305T140200",
            // A 12-hour clock, as Excel writes it in a Chinese or an English locale.
            "2026/3/5 下午2:02",
            "2026年3月5日 下午2:02",
            "2026年3月5日下午2:02:00",
            "2026/3/5 2:02 PM",
            "2026/3/5 2:02:00 pm",
            "2026/3/5 下午14:02",
            // Hours and minutes in characters; digits only.
            "2026年3月5日14时02分",
            "2026年3月5日 14时02分00秒",
            "2026年03月05日14点02分",
            "20260305140200",
            "202603051402",
            "20260305 14:02:00",
        ] {
            assert_eq!(parse_time(s, z, z), Some(want), "{s}");
        }
        let hour = |s: &str| (parse_time(s, z, z).unwrap() - want) / 3600.0 + 14.0 + 2.0 / 60.0;
        assert_eq!(hour("2026/3/5 上午9:02"), 9.0 + 2.0 / 60.0);
        assert_eq!(hour("2026/3/5 12:02 AM"), 2.0 / 60.0);
        assert_eq!(hour("2026/3/5 12:02 PM"), 12.0 + 2.0 / 60.0);
        assert_eq!(parse_time("2026/3/5 14:02 AM", z, z), None);
        assert_eq!(parse_time("5.3.2026", z, z), None);
        // A day without its time of day cannot give a touch time.
        assert_eq!(parse_time("2026-03-05", z, z), None);
        assert_eq!(parse_time("20260305", z, z), None);
        assert_eq!(parse_time("", z, z), None);
    }

    /// A time without an offset is read at the zone given for such times, then kept on the
    /// office's clock like one written with its offset: a UTC export without offsets and
    /// one with `Z` are the same instants at the same office hours.
    #[test]
    fn a_time_without_offset_is_read_at_its_zone_and_kept_on_the_office_clock() {
        let (utc, z) = (parse_zone("UTC").unwrap(), cst());
        let want = parse_time("2026-03-05T06:02:00Z", z, z).unwrap();
        assert_eq!(parse_time("2026-03-05 06:02:00", utc, z), Some(want));
        assert_eq!(
            parse_time("2026-03-04 22:02", parse_zone("-08:00").unwrap(), z),
            Some(want)
        );
        // Offsets given are the timestamps' own, whatever the zone for those without.
        assert_eq!(parse_time("2026-03-05T14:02:00+08:00", utc, z), Some(want));
    }

    #[test]
    fn zones_in_every_accepted_form() {
        for (text, seconds) in [
            ("+08:00", 8 * 3600),
            ("+0800", 8 * 3600),
            ("+08", 8 * 3600),
            ("+8", 8 * 3600),
            ("UTC+8", 8 * 3600),
            ("GMT+08:00", 8 * 3600),
            ("Asia/Shanghai", 8 * 3600),
            ("asia/shanghai", 8 * 3600),
            ("PRC", 8 * 3600),
            ("-05:30", -(5 * 3600 + 1800)),
            ("-0530", -(5 * 3600 + 1800)),
            ("UTC", 0),
            ("utc", 0),
            ("GMT", 0),
            ("Z", 0),
            (" +09:00 ", 9 * 3600),
        ] {
            assert_eq!(
                parse_zone(text).map(|z| z.local_minus_utc()),
                Ok(seconds),
                "{text}"
            );
        }
        for bad in [
            "8",
            "",
            "+",
            "+15:00",
            "+08:60",
            "+123",
            "+08:0a",
            "Europe/Berlin",
            "UTC+",
            "CST",
            "+a中",
            "+中",
            "+0８00",
        ] {
            assert!(parse_zone(bad).is_err(), "{bad}");
        }
    }

    /// Cases named `variant:replication:case` from more than one run are said to be
    /// several runs; from one, or named otherwise, not.
    #[test]
    fn a_log_of_several_runs_of_expansim_is_told() {
        let header = "case_id,activity,start_time,end_time\n";
        let row = |case: &str| format!("{case},a,2026-03-02 09:00:00,2026-03-02 10:00:00\n");
        let log = |cases: &[&str]| {
            let rows: Vec<String> = cases.iter().map(|c| row(c)).collect();
            let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
            read_rows(header, &rows, &(0..rows.len()).collect::<Vec<_>>())
        };
        assert_eq!(
            log(&["current:0:1", "current:1:1", "merged:0:2"]).runs(),
            ["current:0", "current:1", "merged:0"]
        );
        assert!(log(&["current:0:1", "current:0:2"]).runs().is_empty());
        assert!(log(&["current:0:1", "YK-2026:0017"]).runs().is_empty());
        assert!(log(&["a:b:1", "c:d:2"]).runs().is_empty());
        assert!(log(&["YK:2025:0017", "YK:2026:0018"]).runs().is_empty());
    }

    /// A CSV log of `header` and `rows` in `order`, read with the default columns.
    fn read_rows(header: &str, rows: &[&str], order: &[usize]) -> Log {
        let text: String = std::iter::once(header)
            .chain(order.iter().map(|&i| rows[i]))
            .collect();
        let f = write(&text, ".csv");
        read(&[f.path()], &Columns::default(), Zones::at(cst())).unwrap()
    }

    fn write(text: &str, ext: &str) -> tempfile::NamedTempFile {
        let f = tempfile::Builder::new().suffix(ext).tempfile().unwrap();
        std::fs::write(f.path(), text).unwrap();
        f
    }

    /// PM4Py's CSV of a lifecycle log (a start row and a complete row an activity, in any
    /// order) reads as the log of intervals it is: each completion with its start, a
    /// repeat of an activity with its own, other transitions and a start left open counted.
    #[test]
    fn a_csv_of_start_and_complete_rows_is_paired() {
        let header =
            "case:concept:name,concept:name,lifecycle:transition,time:timestamp,org:resource\n";
        let rows = [
            "c1,受理,start,2026-03-02 08:30,张三\n",
            "c1,受理,complete,2026-03-02 09:00,张三\n",
            "c1,审核,start,2026-03-02 10:00,李四\n",
            "c1,审核,complete,2026-03-02 11:00,李四\n",
            "c1,审核,start,2026-03-02 13:00,李四\n",
            "c1,审核,COMPLETE,2026-03-02 13:30,\n",
            "c2,受理,schedule,2026-03-02 08:00,张三\n",
            "c2,受理,start,2026-03-02 09:10,张三\n",
            "c2,受理,complete,2026-03-02 09:40,张三\n",
            "c2,审核,start,2026-03-02 10:00,李四\n",
        ];
        let read_in = |order: &[usize]| read_rows(header, &rows, order);
        let a = read_in(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        let b = read_in(&[9, 5, 3, 8, 1, 6, 4, 0, 7, 2]);
        let hours = |log: &Log| -> Vec<(u32, u32, f64)> {
            let mut v: Vec<_> = log
                .records
                .iter()
                .map(|r| (r.case, r.activity, (r.end - r.start) / 3600.0))
                .collect();
            v.sort_by(|x, y| x.partial_cmp(y).unwrap());
            v
        };
        assert_eq!(
            hours(&a),
            [(0, 0, 0.5), (0, 1, 0.5), (0, 1, 1.0), (1, 0, 0.5)]
        );
        assert_eq!(hours(&a), hours(&b));
        assert!(a.records.iter().all(|r| r.start_given));
        assert!(a.ends_only.is_empty(), "{:?}", a.ends_only);
        assert_eq!(a.estimated_starts, 0);
        assert_eq!(a.start_events, 5);
        assert_eq!(a.skipped.other_transition, 1);
        assert_eq!(a.skipped.unpaired, 1);
        // A completion without a resource keeps its start's.
        assert!(a.records.iter().all(|r| r.resource != NONE));
    }

    /// An Excel workbook given as it is gets the fix, not a list of binary "columns".
    #[test]
    fn a_workbook_is_named_as_one() {
        for magic in [
            &b"PK\x03\x04\x14\x00"[..],
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1],
        ] {
            let f = tempfile::Builder::new().suffix(".xlsx").tempfile().unwrap();
            std::fs::write(f.path(), magic).unwrap();
            let e = read(&[f.path()], &Columns::default(), Zones::at(cst()))
                .unwrap_err()
                .to_string();
            assert!(e.contains("workbook") && e.contains("CSV"), "{e}");
        }
    }

    /// Rows in any order read to the same log: cases by their first start, and everything
    /// numbered in the order it first appears in time (a skipped row, here case 3's, which
    /// ends before it starts, names nothing).
    #[test]
    fn a_log_in_another_row_order_reads_the_same() {
        let header = "case_id,activity,start_time,end_time,resource,class\n";
        let rows = [
            "b7,受理,2026-03-02 08:30,2026-03-02 09:00,张三,低压\n",
            "b7,审核,2026-03-02 10:00,2026-03-02 11:00,李四,低压\n",
            "a1,勘查,2026-03-02 09:30,2026-03-02 10:30,王五,高压\n",
            "a1,受理,2026-03-02 08:00,2026-03-02 08:20,张三,高压\n",
            "3,答复,2026-03-03 10:00,2026-03-03 09:00,赵六,其他\n",
        ];
        let read_in = |order: &[usize]| read_rows(header, &rows, order);
        let a = read_in(&[0, 1, 2, 3, 4]);
        let b = read_in(&[4, 2, 1, 3, 0]);
        assert_eq!(a.cases, ["a1", "b7"]);
        assert_eq!(a.classes, ["高压", "低压"]);
        assert_eq!(a.activities, ["受理", "勘查", "审核"]);
        assert_eq!(a.resources, ["张三", "王五", "李四"]);
        assert_eq!(a.case_class, [0, 1]);
        assert_eq!(a.skipped.end_before_start, 1);
        assert_eq!((a.records[0].case, a.records[0].activity), (0, 0));
        for (x, y) in [
            (&a.cases, &b.cases),
            (&a.classes, &b.classes),
            (&a.activities, &b.activities),
            (&a.resources, &b.resources),
        ] {
            assert_eq!(x, y);
        }
        assert_eq!(a.case_class, b.case_class);
        assert_eq!(format!("{:?}", a.records), format!("{:?}", b.records));
    }

    /// An enabled time after the start is not one: the step is taken as ready when it
    /// started, and counted.
    #[test]
    fn an_enabled_time_after_the_start_is_counted() {
        let f = write(
            "case_id,activity,enable_time,start_time,end_time\n\
             1,a,2026-03-02 08:00,2026-03-02 08:30,2026-03-02 09:00\n\
             1,b,2026-03-02 10:00,2026-03-02 09:30,2026-03-02 11:00\n",
            ".csv",
        );
        let log = read(&[f.path()], &Columns::default(), Zones::at(cst())).unwrap();
        assert_eq!(log.enabled_after_start, 1);
        assert_eq!(log.records[1].enabled, log.records[1].start);
        assert_eq!(log.records[0].start - log.records[0].enabled, 1800.0);
    }

    #[test]
    fn a_csv_log_with_bad_rows_counts_them() {
        let f = write(
            "case_id,activity,start_time,end_time,resource\n\
             1,受理,2026-03-02 08:30:00,2026-03-02 09:00:00,张三\n\
             1,审核,2026-03-02 10:00:00,2026-03-02 09:00:00,李四\n\
             2,受理,,2026-03-02 09:00:00,张三\n\
             2,审核,2026-03-02 10:00:00,2026-03-02 11:00:00,\n",
            ".csv",
        );
        let log = read(&[f.path()], &Columns::default(), Zones::at(cst())).unwrap();
        assert_eq!(log.records.len(), 2);
        assert_eq!(log.skipped.end_before_start, 1);
        assert_eq!(log.skipped.missing, 1);
        // Both cases lost a row: their routes have holes.
        assert_eq!(log.unusable_cases, [0, 1]);
        assert_eq!(log.activities, ["受理", "审核"]);
        assert_eq!(log.records[1].resource, NONE);
        assert_eq!(log.records[0].end - log.records[0].start, 1800.0);
    }

    #[test]
    fn rows_of_another_shape_than_the_header_are_counted_not_used() {
        let f = write(
            "case_id,activity,start_time,end_time,resource,note\n\
             1,受理,2026-03-02 08:30:00,2026-03-02 09:00:00,张三,\n\
             2,受理,2026-03-02 08:40:00,2026-03-02 09:10:00\n\
             3,受理,2026-03-02 08:50:00,2026-03-02 09:20:00,张,三,加急\n\
             4,受理,2026-03-02 09:00:00,2026-03-02 09:30:00,李四,,\n\
             5,受理,2026-03-02 09:10:00,2026-03-02 09:40:00,李四\n",
            ".csv",
        );
        let log = read(&[f.path()], &Columns::default(), Zones::at(cst())).unwrap();
        // A row whose resource holds a comma is not used; a row cut before its resource is
        // read without one, and counted; an empty trailing field, and a row without an
        // unused last column, are read as they are.
        assert_eq!(log.skipped.misshapen, 1);
        assert_eq!(log.skipped.missing, 0);
        assert_eq!(log.records.len(), 4);
        assert_eq!(log.cases, ["1", "2", "4", "5"]);
        assert_eq!(log.records[1].resource, NONE);
        let (short, first) = &log.short_rows;
        assert_eq!(*short, 1);
        let (at, columns) = first.as_ref().unwrap();
        assert!(at.ends_with("row 3") && columns == "resource", "{first:?}");
        let said = log.skipped.examples.join("; ");
        assert!(
            said.contains("row 4: 7 fields where the header row has 6"),
            "{said}"
        );
        // Cut before a column every row needs: missing a field.
        let f = write(
            "case_id,activity,start_time,end_time\n\
             1,受理,2026-03-02 08:30:00,2026-03-02 09:00:00\n\
             2,受理,2026-03-02 08:40:00\n",
            ".csv",
        );
        let log = read(&[f.path()], &Columns::default(), Zones::at(cst())).unwrap();
        assert_eq!(log.skipped.missing, 1);
        let said = log.skipped.examples.join("; ");
        assert!(
            said.contains("row 3: 3 fields where the header row has 4: no end_time"),
            "{said}"
        );
    }

    /// Many steps still open at the export (no end) do not hide the few rows of another
    /// problem: each reason keeps an example with its row.
    #[test]
    fn every_reason_a_row_was_not_used_keeps_an_example() {
        let mut text = String::from("case_id,activity,start_time,end_time\n");
        for c in 0..20 {
            text += &format!("{c},受理,2026-03-02 08:30:00,2026-03-02 09:00:00\n");
            text += &format!("{c},勘查,2026-03-03 08:30:00,\n");
        }
        text += "30,受理,2026-03-02 10:00:00,2026-03-02 09:00:00\n";
        text += "31,,2026-03-02 10:00:00,2026-03-02 11:00:00\n";
        text += "32,受理,1900-01-01 00:00:00,2026-03-02 11:00:00\n";
        let f = write(&text, ".csv");
        let log = read(&[f.path()], &Columns::default(), Zones::at(cst())).unwrap();
        assert_eq!(log.skipped.missing, 22);
        assert_eq!(log.skipped.end_before_start, 1);
        let said = log.skipped.examples.join("; ");
        for row in [
            "row 3: no end_time",
            "row 42: ends before it starts",
            "row 43: no activity",
        ] {
            assert!(said.contains(row), "{row} in {said}");
        }
        assert!(
            said.contains("row 44: column \"start_time\" holds"),
            "{said}"
        );
        // Two of the twenty open steps, not all.
        assert_eq!(said.matches("no end_time").count(), 2, "{said}");
    }

    #[test]
    fn a_case_whose_rows_name_two_classes_keeps_its_first_and_is_counted() {
        let f = write(
            "case_id,activity,start_time,end_time,class\n\
             1,a,2026-03-02 08:30,2026-03-02 09:00,hv\n\
             1,b,2026-03-02 09:30,2026-03-02 10:00,lv\n\
             1,c,2026-03-02 10:30,2026-03-02 11:00,lv\n\
             2,a,2026-03-02 08:30,2026-03-02 09:00,lv\n\
             2,b,2026-03-02 09:30,2026-03-02 10:00,\n",
            ".csv",
        );
        let log = read(&[f.path()], &Columns::default(), Zones::at(cst())).unwrap();
        assert_eq!(log.class_conflicts, 1);
        let example = ("1".to_string(), "hv".to_string(), "lv".to_string());
        assert_eq!(log.class_conflict, Some(example));
        assert_eq!(log.classes, ["hv", "lv"]);
        assert_eq!(log.case_class, [0, 1]);
        assert_eq!(log.unclassed, 0);
    }

    /// Exports often name the class on one row of a case only, not always the first; a
    /// case with none is counted and put in a class of its own.
    #[test]
    fn a_case_takes_the_first_class_any_of_its_rows_names() {
        let f = write(
            "case_id,activity,start_time,end_time,class\n\
             1,a,2026-03-02 08:30,2026-03-02 09:00,\n\
             1,b,2026-03-02 09:30,2026-03-02 10:00,居民\n\
             2,a,2026-03-02 08:30,2026-03-02 09:00,\n\
             2,b,2026-03-02 09:30,2026-03-02 10:00,高压\n\
             3,a,2026-03-02 08:30,2026-03-02 09:00,\n",
            ".csv",
        );
        let log = read(&[f.path()], &Columns::default(), Zones::at(cst())).unwrap();
        assert_eq!(log.classes, ["居民", "高压", "customer"]);
        assert_eq!(log.case_class, [0, 1, 2]);
        assert_eq!((log.unclassed, log.class_conflicts), (1, 0));
    }

    /// The log at `path` read with its columns found by their names, in `encoding`.
    fn read_encoded(path: &std::path::Path, encoding: TextEncoding) -> Result<Log, Error> {
        let cols = Columns {
            encoding,
            ..Columns::default()
        };
        read(&[path], &cols, Zones::at(cst()))
    }

    #[test]
    fn a_gbk_export_is_read_as_gb18030() {
        let text = "case_id,activity,start_time,end_time,resource\n\
                    GD1,受理,2026-03-02 08:30,2026-03-02 09:00,张三\n\
                    GD1,现场勘查,2026-03-02 10:00,2026-03-02 11:00,李四\n";
        let (bytes, _, lossy) = encoding_rs::GBK.encode(text);
        assert!(!lossy && std::str::from_utf8(&bytes).is_err());
        let f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        std::fs::write(f.path(), &bytes).unwrap();
        let read_as = |encoding| read_encoded(f.path(), encoding);
        for encoding in [TextEncoding::Detect, TextEncoding::Gb18030] {
            let log = read_as(encoding).unwrap();
            assert_eq!(log.activities, ["受理", "现场勘查"]);
            assert_eq!(log.resources[..2], ["张三", "李四"]);
            // Listed (to be said) only when found, not when asked for.
            let found = (encoding == TextEncoding::Detect).then(|| f.path().display().to_string());
            assert_eq!(log.gb18030, Vec::from_iter(found));
        }
        // Told it is UTF-8: the row, the field, and what to do; not the parser's own count.
        let e = read_as(TextEncoding::Utf8).unwrap_err().to_string();
        assert!(
            e.contains("row 2: field 2 is not UTF-8 text; the file is not UTF-8")
                && e.contains("--encoding gb18030")
                && !e.contains("record"),
            "{e}"
        );
        // GBK after a UTF-8 byte-order mark (a tool that adds one whatever it writes) is
        // found as well.
        std::fs::write(f.path(), [&b"\xef\xbb\xbf"[..], &bytes].concat()).unwrap();
        let log = read_as(TextEncoding::Detect).unwrap();
        assert_eq!(log.activities, ["受理", "现场勘查"]);
        assert_eq!(log.gb18030, [f.path().display().to_string()]);
        std::fs::write(f.path(), &bytes).unwrap();
        // UTF-8 stays UTF-8, and is not listed.
        let u = write(text, ".csv");
        let log = read(&[u.path()], &Columns::default(), Zones::at(cst())).unwrap();
        assert_eq!(log.activities, ["受理", "现场勘查"]);
        assert!(log.gb18030.is_empty());
        // ASCII for the first 64 KiB and GBK after it: detection sees UTF-8, and the row
        // that is not says what to do.
        let mut late = b"case_id,activity,start_time,end_time\n".to_vec();
        let mut n = 0;
        while late.len() < 70_000 {
            n += 1;
            late.extend(format!("{n},a,2026-03-02 08:30,2026-03-02 09:00\n").bytes());
        }
        late.extend(
            encoding_rs::GBK
                .encode("x,受理,2026-03-02 08:30,2026-03-02 09:00\n")
                .0
                .iter(),
        );
        std::fs::write(f.path(), &late).unwrap();
        let e = read_as(TextEncoding::Detect).unwrap_err().to_string();
        assert!(
            e.contains(&format!("row {}", n + 2)) && e.contains("--encoding gb18030"),
            "{e}"
        );
    }

    /// Two exports joined, the first saved as UTF-8 and the second as GBK: read as UTF-8 it
    /// breaks where the GBK begins, read as GB18030 the UTF-8 part would come out garbled
    /// (every class and stage twice, once in mojibake). Both are refused as mixed, not the
    /// first told to use --encoding gb18030; a UTF-8 file forced to GB18030 is refused too.
    #[test]
    fn a_log_of_two_encodings_is_refused_as_mixed() {
        let row = |k: usize| format!("GD{k},现场勘查,2026-03-02 10:00,2026-03-02 11:00,李四\n");
        let header = "case_id,activity,start_time,end_time,resource\n";
        let utf8: String = (0..2000).map(row).collect();
        let gbk: String = (2000..2100).map(row).collect();
        let mut bytes = format!("{header}{utf8}").into_bytes();
        bytes.extend(encoding_rs::GBK.encode(&gbk).0.iter());
        let f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        std::fs::write(f.path(), &bytes).unwrap();
        let read_as = |encoding| read_encoded(f.path(), encoding).unwrap_err().to_string();
        for (encoding, second) in [
            (TextEncoding::Detect, "row 2002 is not"),
            (TextEncoding::Gb18030, "row 2002 is GB18030"),
        ] {
            let e = read_as(encoding);
            assert!(
                e.contains("mixes two encodings: row 2 is UTF-8") && e.contains(second),
                "{e}"
            );
        }
        std::fs::write(f.path(), format!("{header}{utf8}")).unwrap();
        let e = read_as(TextEncoding::Gb18030);
        assert!(e.contains("it is UTF-8, not GBK or GB18030"), "{e}");
        // A GBK file whose lines now and then read as UTF-8 by chance is GBK.
        let mut bytes = header.as_bytes().to_vec();
        bytes.extend(encoding_rs::GBK.encode(&utf8).0.iter());
        bytes.extend("GD9,现场勘查,2026-03-02 10:00,2026-03-02 11:00,李四\n".bytes());
        std::fs::write(f.path(), &bytes).unwrap();
        let cols = Columns::default();
        assert!(read(&[f.path()], &cols, Zones::at(cst())).is_ok());
    }

    #[test]
    fn a_csv_of_ends_gets_its_starts_estimated_as_xes_does() {
        let f = write(
            "case_id,activity,end_time,resource\n\
             1,a,2026-03-02 09:00,r1\n\
             1,b,2026-03-02 10:00,r2\n\
             2,a,2026-03-02 09:30,r1\n\
             3,a,2026-03-02 10:00,r1\n\
             3,b,bad,r2\n",
            ".csv",
        );
        let e = read(&[f.path()], &Columns::default(), Zones::at(cst()))
            .unwrap_err()
            .to_string();
        // One bad time, said once.
        assert!(e.contains(r#"row 6, column "end_time": "bad""#), "{e}");
        assert!(!e.contains("2 values"), "{e}");
        let good = std::fs::read_to_string(f.path())
            .unwrap()
            .replace("3,b,bad,r2\n", "");
        let g = write(&good, ".csv");
        let log = read(&[g.path()], &Columns::default(), Zones::at(cst())).unwrap();
        assert_eq!(log.estimated_starts, 4);
        let span = |c: &str, a: &str| {
            let r = log
                .records
                .iter()
                .find(|r| {
                    log.cases[r.case as usize] == c && log.activities[r.activity as usize] == a
                })
                .unwrap();
            (r.end - r.start, r.start_given)
        };
        // b starts when a ended (the case's step before); case 2's a when r1 was free.
        assert_eq!(span("1", "b"), (3600.0, false));
        assert_eq!(span("2", "a"), (1800.0, false));
        // --start naming the end column would make every step take no time.
        let cols = Columns {
            start: Some("end_time".into()),
            ..Columns::default()
        };
        let e = read(&[g.path()], &cols, Zones::at(cst()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("--start and --end both name"), "{e}");
    }

    #[test]
    fn an_empty_file_is_named_as_empty() {
        let f = write("", ".csv");
        let e = read(&[f.path()], &Columns::default(), Zones::at(cst()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("is empty") && e.contains("header row"), "{e}");
    }

    #[test]
    fn a_bad_timestamp_names_the_file_row_and_column() {
        let f = write(
            "case_id,activity,start_time,end_time\n1,a,yesterday,2026-03-02 09:00\n",
            ".csv",
        );
        let e = read(&[f.path()], &Columns::default(), Zones::at(cst()))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("row 2") && e.contains("start_time") && e.contains("yesterday"),
            "{e}"
        );
        let f = write("id,what\n1,a\n", ".csv");
        let e = read(&[f.path()], &Columns::default(), Zones::at(cst()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("--case") && e.contains("id, what"), "{e}");
        let cols = Columns {
            activity: Some("nope".into()),
            ..Columns::default()
        };
        let f = write("case_id,activity,start_time,end_time\n", ".csv");
        let e = read(&[f.path()], &cols, Zones::at(cst()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"nope\" (--activity)"), "{e}");
    }

    #[test]
    fn xes_start_and_complete_events_pair_into_activities() {
        let f = write(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<log xmlns="http://www.xes-standard.org/">
  <trace>
    <string key="concept:name" value="c1"/>
    <string key="class" value="hv"/>
    <event><string key="concept:name" value="a"/><string key="lifecycle:transition" value="start"/><string key="org:resource" value="r1"/><date key="time:timestamp" value="2026-03-02T08:30:00.000+08:00"/></event>
    <event><string key="concept:name" value="a"/><string key="lifecycle:transition" value="complete"/><string key="org:resource" value="r1"/><date key="time:timestamp" value="2026-03-02T09:30:00.000+08:00"/></event>
    <event><string key="concept:name" value="b"/><string key="lifecycle:transition" value="start"/><date key="time:timestamp" value="2026-03-02T10:00:00.000+08:00"/></event>
  </trace>
</log>"#,
            ".xes",
        );
        let log = read(&[f.path()], &Columns::default(), Zones::at(cst())).unwrap();
        assert_eq!(log.records.len(), 1);
        assert_eq!(log.records[0].end - log.records[0].start, 3600.0);
        assert_eq!(log.classes, ["hv"]);
        assert_eq!(log.skipped.unpaired, 1);
        // A Chinese system's class attribute is found by the names a CSV column is.
        let zh = std::fs::read_to_string(f.path()).unwrap().replace(
            r#"key="class" value="hv""#,
            r#"key="用户类别" value="高压""#,
        );
        let g = write(&zh, ".xes");
        let log = read(&[g.path()], &Columns::default(), Zones::at(cst())).unwrap();
        assert_eq!(log.classes, ["高压"]);
        // In any letter case, with spaces, underscores or hyphens alike.
        let other = zh.replace(r#"key="用户类别""#, r#"key="Customer Class""#);
        let h = write(&other, ".xes");
        let log = read(&[h.path()], &Columns::default(), Zones::at(cst())).unwrap();
        assert_eq!(log.classes, ["高压"]);
    }

    /// Exports as they come: Excel's "Unicode text" (UTF-16 with a byte-order mark, tabs), a
    /// semicolon CSV, a gzip-compressed CSV and a compressed XES named .gz or without .xes.
    #[test]
    fn utf16_tabs_semicolons_and_gzip_are_read() {
        use std::io::Write;
        let rows = [
            ["case_id", "activity", "start_time", "end_time", "resource"],
            [
                "GD1",
                "受理",
                "2026-03-02 08:30",
                "2026-03-02 09:00",
                "张三",
            ],
            [
                "GD1",
                "现场勘查",
                "2026-03-02 10:00",
                "2026-03-02 11:00",
                "李四",
            ],
        ];
        let joined = |sep: &str| {
            rows.iter()
                .map(|r| r.join(sep) + "\r\n")
                .collect::<String>()
        };
        let check = |path: &Path| {
            let log = read(&[path], &Columns::default(), Zones::at(cst())).unwrap();
            assert_eq!(log.activities, ["受理", "现场勘查"], "{}", path.display());
            assert_eq!(log.resources[..2], ["张三", "李四"]);
            assert_eq!(log.records[1].end - log.records[1].start, 3600.0);
            assert!(log.gb18030.is_empty());
        };
        let f = tempfile::Builder::new().suffix(".txt").tempfile().unwrap();
        for big_endian in [false, true] {
            let mut bytes: Vec<u8> = if big_endian {
                vec![0xfe, 0xff]
            } else {
                vec![0xff, 0xfe]
            };
            for unit in joined("\t").encode_utf16() {
                let b = if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                };
                bytes.extend(b);
            }
            std::fs::write(f.path(), &bytes).unwrap();
            check(f.path());
        }
        // A semicolon-separated file whose names hold a quoted comma-free field.
        let semi = write(&joined(";").replace("受理", "\"受理\""), ".csv");
        check(semi.path());
        let gzip = |text: &str, suffix: &str| {
            let f = tempfile::Builder::new().suffix(suffix).tempfile().unwrap();
            let mut gz = flate2::write::GzEncoder::new(
                std::fs::File::create(f.path()).unwrap(),
                flate2::Compression::default(),
            );
            gz.write_all(text.as_bytes()).unwrap();
            gz.finish().unwrap();
            f
        };
        check(gzip(&joined(","), ".csv.gz").path());
        let events = |a: &str, r: &str, from: &str, to: &str| {
            xes_event(a, "start", r, from) + &xes_event(a, "complete", r, to)
        };
        let log = xes(&[(
            "GD1",
            vec![
                events("受理", "张三", "08:30", "09:00"),
                events("现场勘查", "李四", "10:00", "11:00"),
            ],
        )]);
        for suffix in [".xes.gz", ".gz", ".log"] {
            let f = if suffix == ".log" {
                write(&log, suffix)
            } else {
                gzip(&log, suffix)
            };
            check(f.path());
        }
    }

    /// GBK text with semicolons, XES in GBK (declared) and in UTF-16, Chinese and spaced
    /// column names.
    #[test]
    fn gbk_with_any_separator_declared_xml_encodings_and_column_names_written_otherwise() {
        let text = "工单编号;环节名称;处理人;开始时间;完成时间\n\
                    GD1;受理;张三;2026-03-02 08:30;2026-03-02 09:00\n\
                    GD1;现场勘查;李四;2026-03-02 10:00;2026-03-02 11:00\n";
        let f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        for body in [text.to_string(), text.replace(';', "\t")] {
            std::fs::write(f.path(), encoding_rs::GBK.encode(&body).0).unwrap();
            let log = read(&[f.path()], &Columns::default(), Zones::at(cst())).unwrap();
            assert_eq!(log.activities, ["受理", "现场勘查"]);
            assert_eq!(log.resources[..2], ["张三", "李四"]);
        }
        let spaced = write(
            "Case ID,Activity,Start Time,End Time\n1,a,2026-03-02 08:30,2026-03-02 09:00\n",
            ".csv",
        );
        let log = read(&[spaced.path()], &Columns::default(), Zones::at(cst())).unwrap();
        assert_eq!(log.records.len(), 1);
        let events = |a: &str, from: &str, to: &str| {
            xes_event(a, "start", "张三", from) + &xes_event(a, "complete", "张三", to)
        };
        let xml = xes(&[(
            "GD1",
            vec![
                events("受理", "08:30", "09:00"),
                events("审核", "10:00", "11:00"),
            ],
        )])
        .replace("encoding=\"UTF-8\"", "encoding=\"GBK\"");
        std::fs::write(f.path(), encoding_rs::GBK.encode(&xml).0).unwrap();
        let log = read(&[f.path()], &Columns::default(), Zones::at(cst())).unwrap();
        assert_eq!(log.activities, ["受理", "审核"]);
        let mut utf16 = vec![0xff, 0xfe];
        for u in xml.replace("GBK", "UTF-16").encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        std::fs::write(f.path(), utf16).unwrap();
        let log = read(&[f.path()], &Columns::default(), Zones::at(cst())).unwrap();
        assert_eq!(log.activities, ["受理", "审核"]);
    }

    /// A quote left open would take every later row into one field: the row and column
    /// are named instead.
    #[test]
    fn a_quote_left_open_is_named_not_read_as_one_long_field() {
        let mut text = String::from("case_id,activity,start_time,end_time\n");
        for k in 0..10 {
            text += &format!("{k},a,2026-03-02 08:30,2026-03-02 09:00\n");
            if k == 3 {
                text.insert_str(text.len() - 1, ",\"stray");
            }
        }
        let f = write(&text, ".csv");
        let e = read(&[f.path()], &Columns::default(), Zones::at(cst()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("row 5") && e.contains("quote"), "{e}");
        // A note over two lines in quotes is one field, as it should be.
        let f = write(
            "case_id,activity,start_time,end_time,note\n1,a,2026-03-02 08:30,2026-03-02 09:00,\"two\nlines\"\n2,a,2026-03-02 08:30,2026-03-02 09:00,x\n",
            ".csv",
        );
        assert_eq!(
            read(&[f.path()], &Columns::default(), Zones::at(cst()))
                .unwrap()
                .records
                .len(),
            2
        );
    }

    /// An XES event of `activity` with `transition` (none when empty) at 2026-03-02 `hm`.
    fn xes_event(activity: &str, transition: &str, resource: &str, hm: &str) -> String {
        let lifecycle = if transition.is_empty() {
            String::new()
        } else {
            format!(r#"<string key="lifecycle:transition" value="{transition}"/>"#)
        };
        let resource = if resource.is_empty() {
            String::new()
        } else {
            format!(r#"<string key="org:resource" value="{resource}"/>"#)
        };
        format!(
            r#"<event><string key="concept:name" value="{activity}"/>{lifecycle}{resource}<date key="time:timestamp" value="2026-03-02T{hm}:00.000+08:00"/></event>"#
        )
    }

    /// An XES log of traces, each (case id, events).
    /// An XES file cut off in the middle (a copy or export that did not finish) is refused,
    /// not fitted from the traces before the cut; a file named .xes that is not XML (empty,
    /// or a CSV renamed) says so.
    #[test]
    fn a_cut_off_or_empty_xes_is_refused() {
        let whole = xes(&[
            (
                "1",
                vec![
                    xes_event("a", "start", "r1", "08:30"),
                    xes_event("a", "complete", "r1", "09:00"),
                ],
            ),
            (
                "2",
                vec![
                    xes_event("a", "start", "r1", "09:30"),
                    xes_event("a", "complete", "r1", "10:00"),
                ],
            ),
        ]);
        let cut = &whole[..whole
            .find("<trace><string key=\"concept:name\" value=\"2\"")
            .unwrap()];
        let f = write(cut, ".xes");
        let e = read(&[f.path()], &Columns::default(), Zones::at(cst()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("cut off") && e.contains("still open"), "{e}");
        assert!(
            read(
                &[write(&whole, ".xes").path()],
                &Columns::default(),
                Zones::at(cst())
            )
            .is_ok()
        );
        for text in ["", "case_id,activity\n1,a\n"] {
            let f = write(text, ".xes");
            let e = read(&[f.path()], &Columns::default(), Zones::at(cst()))
                .unwrap_err()
                .to_string();
            assert!(e.contains("named as XES"), "{e}");
        }
    }

    /// A column named twice is refused with both positions, rather than read from the first.
    #[test]
    fn a_column_named_twice_is_refused() {
        let f = write(
            "case_id,activity,start_time,end_time,activity\n1,a,2026-03-02 08:30,2026-03-02 09:00,b\n",
            ".csv",
        );
        let e = read(&[f.path()], &Columns::default(), Zones::at(cst()))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("two columns named \"activity\" (columns 2 and 5)"),
            "{e}"
        );
        // A twin the fit does not read is no problem.
        let f = write(
            "case_id,activity,start_time,end_time,note,note\n1,a,2026-03-02 08:30,2026-03-02 09:00,x,y\n",
            ".csv",
        );
        assert!(read(&[f.path()], &Columns::default(), Zones::at(cst())).is_ok());
    }

    /// An export's placeholder for "not recorded" (1900-01-01) is a missing field, counted
    /// and named, not a time 126 years before the others.
    #[test]
    fn a_placeholder_date_is_a_missing_field() {
        let f = write(
            "case_id,activity,start_time,end_time\n\
             1,a,2026-03-02 08:30,2026-03-02 09:00\n\
             2,a,1900-01-01 00:00:00,2026-03-02 10:00\n\
             3,a,2026-03-02 10:30,9999-12-31 00:00\n",
            ".csv",
        );
        let log = read(&[f.path()], &Columns::default(), Zones::at(cst())).unwrap();
        assert_eq!(log.records.len(), 1);
        assert_eq!(log.skipped.missing, 2);
        assert!(
            log.skipped.examples[0].contains("placeholder"),
            "{:?}",
            log.skipped.examples
        );
    }

    /// Bad timestamps are refused with the rows that would not be used besides: every
    /// problem of the file at once.
    #[test]
    fn bad_timestamps_are_named_with_the_other_bad_rows() {
        let f = write(
            "case_id,activity,start_time,end_time\n\
             1,a,yesterday,2026-03-02 09:00\n\
             2,,2026-03-02 09:00,2026-03-02 10:00\n\
             3,a,2026-03-02 11:00,2026-03-02 10:00\n",
            ".csv",
        );
        let e = read(&[f.path()], &Columns::default(), Zones::at(cst()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("row 2") && e.contains("\"yesterday\""), "{e}");
        assert!(
            e.contains("row 3: no activity") && e.contains("row 4: ends before it starts"),
            "{e}"
        );
    }

    fn xes(traces: &[(&str, Vec<String>)]) -> String {
        let mut s = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<log xmlns=\"http://www.xes-standard.org/\">\n",
        );
        for (id, events) in traces {
            s += &format!(
                "<trace><string key=\"concept:name\" value=\"{id}\"/>\n{}\n</trace>\n",
                events.join("\n")
            );
        }
        s + "</log>\n"
    }

    #[test]
    fn xes_lifecycle_values_in_any_case_pair_and_other_transitions_are_counted() {
        let f = write(
            &xes(&[(
                "c1",
                vec![
                    xes_event("a", "SCHEDULE", "r1", "08:00"),
                    xes_event("a", "START", "r1", "08:30"),
                    xes_event("a", "suspend", "r1", "08:40"),
                    xes_event("a", "resume", "r1", "08:50"),
                    xes_event("a", "COMPLETE", "r1", "09:30"),
                    xes_event("b", "Start", "r1", "10:00"),
                    xes_event("b", "ate_abort", "r1", "10:10"),
                    xes_event("b", "Complete", "r1", "10:30"),
                ],
            )]),
            ".xes",
        );
        let log = read(&[f.path()], &Columns::default(), Zones::at(cst())).unwrap();
        assert_eq!(log.records.len(), 2);
        assert_eq!(log.records[0].end - log.records[0].start, 3600.0);
        assert_eq!(log.records[1].end - log.records[1].start, 1800.0);
        assert_eq!(log.rows, 8);
        assert_eq!(log.skipped.other_transition, 4);
        assert_eq!(log.skipped.total(), 4);
        assert!(
            log.skipped.examples[0].contains("\"SCHEDULE\""),
            "{:?}",
            log.skipped.examples
        );
    }

    #[test]
    fn xes_complete_only_events_get_an_estimated_start() {
        // c1: a (r1) 08:00 → 09:00; b (r2) completes 10:00, enabled at 09:00, but r2 busy
        // with c2's x until 09:30.
        // c2: x (r2) completes 09:30 first in its case, then y (r2) completes 11:00:
        // enabled at 09:30 but r2 busy with c1's b until 10:00.
        let f = write(
            &xes(&[
                (
                    "c1",
                    vec![
                        xes_event("a", "start", "r1", "08:00"),
                        xes_event("a", "complete", "r1", "09:00"),
                        // No lifecycle attribute: XES reads it as complete.
                        xes_event("b", "", "r2", "10:00"),
                    ],
                ),
                (
                    "c2",
                    vec![
                        xes_event("x", "complete", "r2", "09:30"),
                        xes_event("y", "complete", "r2", "11:00"),
                    ],
                ),
                // First in its case, taken up when r1 finished c1's a at 09:00.
                ("c3", vec![xes_event("z", "complete", "r1", "09:45")]),
            ]),
            ".xes",
        );
        let log = read(&[f.path()], &Columns::default(), Zones::at(cst())).unwrap();
        let hours = |r: &Record| (r.start, (r.end - r.start) / 3600.0);
        let by = |a: &str| {
            let i = log.activities.iter().position(|x| x == a).unwrap() as u32;
            *log.records.iter().find(|r| r.activity == i).unwrap()
        };
        assert_eq!(hours(&by("a")).1, 1.0);
        assert_eq!(hours(&by("b")).1, 0.5);
        // First in its case, r2 not yet busy: no time to go on.
        assert_eq!(hours(&by("x")).1, 0.0);
        // Enabled 09:30, r2 free at 10:00 (c1's b): one hour.
        assert_eq!(hours(&by("y")).1, 1.0);
        assert_eq!(hours(&by("z")).1, 0.75);
        assert_eq!(log.estimated_starts, 4);
        assert_eq!(log.start_events, 1);
        assert_eq!(log.skipped.total(), 0);
    }

    #[test]
    fn exact_duplicate_rows_are_counted_and_not_used() {
        let f = write(
            "case_id,activity,start_time,end_time,resource\n\
             1,a,2026-03-02 08:30,2026-03-02 09:00,r1\n\
             1,a,2026-03-02 08:30,2026-03-02 09:00,r1\n\
             1,a,2026-03-02 08:30,2026-03-02 09:00,r2\n\
             1,b,2026-03-02 09:30,2026-03-02 10:00,r1\n",
            ".csv",
        );
        let log = read(&[f.path()], &Columns::default(), Zones::at(cst())).unwrap();
        assert_eq!(log.records.len(), 3);
        assert_eq!(log.skipped.duplicates, 1);
        assert_eq!(log.skipped.total(), 1);
        assert!(
            log.skipped.examples[0].contains("duplicate"),
            "{:?}",
            log.skipped.examples
        );
    }

    #[test]
    fn an_xes_attribute_a_flag_names_must_occur() {
        let f = write(
            &xes(&[("c1", vec![xes_event("a", "complete", "r1", "09:00")])]),
            ".xes",
        );
        for (flag, cols) in [
            (
                "--class",
                Columns {
                    class: Some("segment".into()),
                    ..Columns::default()
                },
            ),
            (
                "--resource",
                Columns {
                    resource: Some("org:group".into()),
                    ..Columns::default()
                },
            ),
            (
                "--enabled",
                Columns {
                    enabled: Some("enabled".into()),
                    ..Columns::default()
                },
            ),
        ] {
            let e = read(&[f.path()], &cols, Zones::at(cst()))
                .unwrap_err()
                .to_string();
            assert!(
                e.contains(&f.path().display().to_string())
                    && e.contains(flag)
                    && e.contains("has no attribute")
                    && e.contains(
                        "concept:name, lifecycle:transition, org:resource, time:timestamp"
                    ),
                "{e}"
            );
        }
        let cols = Columns {
            resource: Some("org:resource".into()),
            ..Columns::default()
        };
        assert!(read(&[f.path()], &cols, Zones::at(cst())).is_ok());
    }

    #[test]
    fn a_case_split_over_two_files_is_one_case() {
        let header = "case_id,activity,start_time,end_time,resource\n";
        let march = write(
            &format!(
                "{header}1,a,2026-03-31 08:30,2026-03-31 09:00,r1\n2,a,2026-03-31 10:00,2026-03-31 11:00,r1\n"
            ),
            ".csv",
        );
        let april = write(
            &format!("{header}1,b,2026-04-01 08:30,2026-04-01 09:00,r2\n"),
            ".csv",
        );
        let log = read(
            &[march.path(), april.path()],
            &Columns::default(),
            Zones::at(cst()),
        )
        .unwrap();
        assert_eq!(log.cases, ["1", "2"]);
        assert_eq!(log.records.len(), 3);
        assert_eq!(log.records.iter().filter(|r| r.case == 0).count(), 2);
        // XES too, and mixed with CSV.
        let may = write(
            &xes(&[("1", vec![xes_event("c", "complete", "r1", "12:00")])]),
            ".xes",
        );
        let log = read(
            &[march.path(), april.path(), may.path()],
            &Columns::default(),
            Zones::at(cst()),
        )
        .unwrap();
        assert_eq!(log.cases, ["1", "2"]);
        assert_eq!(log.records.iter().filter(|r| r.case == 0).count(), 3);
    }

    #[test]
    fn nested_xes_attributes_belong_to_their_parent_not_the_trace_or_event() {
        let f = write(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<log xmlns="http://www.xes-standard.org/">
  <trace>
    <string key="concept:name" value="c0"><string key="concept:name" value="meta"/></string>
    <event/>
    <event><string key="concept:name" value="a"/><string key="lifecycle:transition" value="start"/><date key="time:timestamp" value="2026-03-02T08:30:00+08:00"/>
      <list key="tags"><string key="concept:name" value="tag"/></list></event>
    <event><string key="concept:name" value="a"/><string key="lifecycle:transition" value="complete"/><date key="time:timestamp" value="2026-03-02T09:00:00+08:00"/></event>
  </trace>
</log>"#,
            ".xes",
        );
        let log = read(&[f.path()], &Columns::default(), Zones::at(cst())).unwrap();
        assert_eq!(log.cases, ["c0"]);
        assert_eq!(log.activities, ["a"]);
        assert_eq!(log.records.len(), 1);
        assert_eq!(log.skipped.unpaired, 0);
    }
}
