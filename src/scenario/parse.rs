//! Reading a scenario file: TOML text → checked [`Model`], with every problem reported at
//! once.
//!
//! The file is first parsed as plain TOML, then walked by hand so that each problem can name
//! its TOML path (`stages.review.next[1].p`), the bad value and what would be valid, and so
//! that all problems are collected before reporting.
//!
//! This file reads the settings, calendars, pools and classes and holds the reader's field
//! checks; `stages` reads stages, durations and routes; `graph` validates the process as a
//! whole (forks, reachability, loops, what the statutory clock needs) once every field reads.

mod graph;
mod stages;
pub(crate) use stages::no_pool_named;

use std::collections::{BTreeMap, BTreeSet};

use toml::{Table, Value};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::model::*;
use crate::dist::Dist;
use crate::error::{Problem, ScenarioError};

/// Longest source line a TOML error message repeats in full.
const ECHO_LIMIT: usize = 160;

/// A TOML parse error of scenario `text`, as a [`ScenarioError::Syntax`]: the line with a
/// caret under the fault, placed by display width so that it stays under the right
/// character on a line with Chinese text (the parser's own rendering counts characters, and
/// a Chinese character takes two columns), the line cut around the fault when it is long,
/// and a hint where a key with Chinese (or other non-ASCII) characters was left unquoted.
pub fn syntax_error(text: &str, source: &str, e: &toml::de::Error) -> ScenarioError {
    let span = e.span().unwrap_or(0..0);
    let at = char_start(text, span.start);
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line_no = text[..at].matches('\n').count() + 1;
    let line = text[line_start..line_end].trim_end_matches('\r');
    let before = &line[..(at - line_start).min(line.len())];
    let column = before.chars().count() + 1;
    // The fault may be the line's end itself (its `\r` or `\n`): then one caret after it.
    let end = char_start(text, span.end.min(line_start + line.len()).max(at));
    let under = &text[at..end];
    // A long line is shown from a little before the fault, at most ECHO_LIMIT characters.
    let skip = before.chars().count().saturating_sub(ECHO_LIMIT / 4);
    let shown: String = line.chars().skip(skip).take(ECHO_LIMIT).collect();
    let lead = if skip > 0 { "…" } else { "" };
    let tail = if line.chars().count() > skip + ECHO_LIMIT {
        "… (line cut)"
    } else {
        ""
    };
    // Under the text before the fault: a tab where it has one (the terminal moves both
    // alike), else as many spaces as the character is wide.
    let indent: String = " ".repeat(lead.width())
        + &before
            .chars()
            .skip(skip)
            .map(|c| match c {
                '\t' => "\t".to_string(),
                c => " ".repeat(c.width().unwrap_or(0)),
            })
            .collect::<String>();
    let carets = under.width().clamp(1, ECHO_LIMIT);
    let gutter = " ".repeat(line_no.to_string().len());
    let mut message = format!("TOML parse error at line {line_no}, column {column}");
    message.push_str(&format!(
        "\n{gutter} |\n{line_no} | {lead}{shown}{tail}\n{gutter} | {}{}\n{}",
        indent,
        "^".repeat(carets),
        e.message().trim_end()
    ));
    let unquoted = !line.is_ascii() && e.message().contains("invalid unquoted key");
    // A quote, comma or equals sign typed full-width where TOML needs the ASCII one.
    let wide = text[at..]
        .chars()
        .next()
        .and_then(|c| Some((c, typed_ascii(c)?)));
    if let (Some((wide, ascii)), false) = (wide, unquoted) {
        message.push('\n');
        message.push_str(&format!(
            "the `{wide}` here is full-width: TOML needs the ASCII `{ascii}` (type its signs and digits with the input method in half-width mode)"
        ));
    }
    if unquoted {
        message.push('\n');
        message.push_str(
            r#"keys with Chinese (or other non-ASCII) characters must be quoted, e.g. [stages."受理"] and start = "受理"; or use an ASCII key with a label: [stages.accept] label = "受理""#,
        );
    }
    // The parser stops at its first fault: the other signs typed full-width are told now,
    // not one run at a time.
    let others: Vec<_> = wide_outside_strings(text)
        .into_iter()
        .filter(|&(l, c, _, _)| (l, c) != (line_no, column))
        .collect();
    if !others.is_empty() {
        message.push('\n');
        message
            .push_str("full-width signs outside quotes elsewhere in the file, each a fault too:");
        // A file typed all in full-width mode is not listed sign by sign.
        const SHOWN: usize = 20;
        for &(line, column, wide, ascii) in others.iter().take(SHOWN) {
            message.push_str("\n  ");
            message.push_str(&format!(
                "line {line}, column {column}: `{wide}`, where `{ascii}` is meant"
            ));
        }
        if others.len() > SHOWN {
            message.push_str("\n  ");
            message.push_str(&format!("and {more} more", more = others.len() - SHOWN));
        }
    }
    ScenarioError::Syntax {
        file: source.to_string(),
        message,
    }
}

/// The signs typed full-width (`，`, `＝`, `“`, `３`) outside TOML's strings and comments,
/// where TOML needs ASCII: each as (line, column, sign, ASCII sign), columns counted in
/// characters from 1. Text between full-width quotes is a string meant, and after a
/// full-width `＃` a comment meant: their signs are the text's own, as are brackets beside a
/// Chinese character (a label or key such as 受理（一）, which wants quoting, not ASCII).
fn wide_outside_strings(text: &str) -> Vec<(usize, usize, char, char)> {
    let chinese = |c: Option<char>| c.is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let mut found = Vec::new();
    let (mut line, mut column) = (1, 0);
    // The quotes that close the string being read (one or three; a full-width one for a
    // string meant between full-width quotes), or none.
    let mut closing: Option<&str> = None;
    let mut comment = false;
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        column += 1;
        let before = previous.replace(c);
        if c == '\n' {
            (line, column, comment) = (line + 1, 0, false);
            // A one-line string left open ends with its line (the parser says so).
            if closing.is_some_and(|q| q.chars().count() == 1) {
                closing = None;
            }
            continue;
        }
        if comment {
            continue;
        }
        let rest = &text[i..];
        match closing {
            Some(end) if c == '\\' && end.starts_with('"') => {
                // An escape in a basic string: the next character is the string's.
                if chars.next_if(|&(_, n)| n != '\n' && n != '\r').is_some() {
                    column += 1;
                }
            }
            Some(end) if rest.starts_with(end) => {
                if let Some(ascii) = typed_ascii(c) {
                    found.push((line, column, c, ascii));
                }
                for _ in 1..end.chars().count() {
                    chars.next();
                    column += 1;
                }
                // A multi-line string may end in one or two quotes of its own.
                if end.chars().count() == 3 {
                    for _ in 0..2 {
                        if chars.next_if(|&(_, n)| end.starts_with(n)).is_some() {
                            column += 1;
                        }
                    }
                }
                closing = None;
            }
            Some(_) => {}
            None if c == '#' => comment = true,
            None if c == '"' || c == '\'' => {
                let three = if c == '"' { "\"\"\"" } else { "'''" };
                let end = if rest.starts_with(three) {
                    three
                } else {
                    &rest[..1]
                };
                for _ in 1..end.len() {
                    chars.next();
                    column += 1;
                }
                closing = Some(end);
            }
            None => {
                let bracket = matches!(c, '（' | '）' | '［' | '］' | '｛' | '｝');
                let next = chars.peek().map(|&(_, n)| n);
                if bracket && (chinese(before) || chinese(next)) {
                    continue;
                }
                if let Some(ascii) = typed_ascii(c) {
                    found.push((line, column, c, ascii));
                }
                match c {
                    '＃' => comment = true,
                    '“' | '”' => closing = Some("”"),
                    '‘' | '’' => closing = Some("’"),
                    _ => {}
                }
            }
        }
    }
    found
}

/// A TOML parse error of an included file `file` (text `text`) in one line, as a problem
/// of the scenario that includes it: where it is and what the parser says.
pub(crate) fn toml_fault(file: &str, text: &str, e: &toml::de::Error) -> String {
    let at = char_start(text, e.span().map_or(0, |s| s.start));
    let line = text[..at].matches('\n').count() + 1;
    let column = text[..at].rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!(
        r#""{file}" is not valid TOML at line {line}, column {column}: {why}"#,
        why = e.message().trim_end().replace('\n', "; ")
    )
}

/// The start of the character of `text` at byte `i` (or the end of `text`).
fn char_start(text: &str, i: usize) -> usize {
    (0..=i.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// Most replications one run takes.
pub const MAX_REPLICATIONS: u32 = 100_000;
/// Most staff in one pool: each member is simulated on their own.
pub const MAX_POOL_SIZE: u32 = 100_000;

/// Smallest share of working time a pool's staff may be available: below it a task's end
/// lies beyond any representable time.
pub const MIN_AVAILABILITY: f64 = 0.001;

/// Most Poisson arrivals per time unit: a million a minute even in hours, far beyond any
/// utility's applications, and bounded so that a replication's case count stays finite.
pub const MAX_ARRIVAL_RATE: f64 = 1e6;
const POOL_WHY: &str = "each member of staff is simulated on their own";
/// Longest horizon, in minutes: about 1,000 years, far inside the range where the clock
/// resolves well under a second.
pub const MAX_HORIZON_MINUTES: f64 = 1000.0 * 365.25 * 1440.0;
/// Largest file `include` reads.
pub const MAX_INCLUDE_BYTES: u64 = 1 << 20;

/// Keys allowed in each table, for the unknown-key check.
const TOP_KEYS: &[&str] = &[
    "scenario",
    "calendars",
    "pools",
    "classes",
    "stages",
    "variants",
];
const SCENARIO_KEYS: &[&str] = &[
    "name",
    "description",
    "time_unit",
    "horizon",
    "warmup",
    "replications",
    "seed",
    "calendar",
    "start_date",
];
const POOL_KEYS: &[&str] = &[
    "size",
    "members",
    "dispatch",
    "label",
    "calendar",
    "availability",
    "cost",
    "training_cost",
];
const MEMBER_KEYS: &[&str] = &[
    "count", "speed", "label", "quality", "learning", "also", "calendar", "absence",
];
const LEARNING_KEYS: &[&str] = &["rate", "experience"];
const CALENDAR_KEYS: &[&str] = &[
    "label",
    "include",
    "days",
    "hours",
    "holidays",
    "makeup_days",
    "covers",
];
/// A class's keys that make its Poisson arrivals vary with the office's hours and the day.
const VARYING_KEYS: &[&str] = &["arrival_calendar", "weekday_profile", "month_profile"];
/// Columns a trace's arrival times may have, in order of preference (any case).
const TRACE_TIME_COLUMNS: &[&str] = &[
    "time",
    "timestamp",
    "arrival",
    "arrival_time",
    "time:timestamp",
    "start_time",
];
/// Columns a trace's class may have (any case).
const TRACE_CLASS_COLUMNS: &[&str] = &["class", "case:class"];
/// Most days a weekday or month profile is tabulated for (200 years).
const MAX_PROFILE_DAYS: usize = 73_100;
/// Most unreadable rows of a trace named one by one.
const TRACE_PROBLEMS_SHOWN: usize = 5;
const CALENDAR_FILE_KEYS: &[&str] = &["days", "hours", "holidays", "makeup_days", "covers"];
const CLASS_KEYS: &[&str] = &[
    "name",
    "label",
    "arrival_rate",
    "arrival",
    "arrival_calendar",
    "weekday_profile",
    "month_profile",
    "arrivals",
    "start",
    "limit",
    "priority",
];
const STAGE_KEYS: &[&str] = &[
    "label", "pool", "external", "handoff", "collect", "duration", "next", "by_class", "streams",
];
const STREAM_KEYS: &[&str] = &["duration", "route"];
const OVERRIDE_KEYS: &[&str] = &["duration", "next"];
const REWORK_KEYS: &[&str] = &["rework", "p", "max", "otherwise"];
/// The weekdays as scenarios write them, Monday first.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Start date used when a scenario gives none: a Monday.
pub const DEFAULT_START_DATE: (i32, u32, u32) = (2026, 1, 5);

/// Files a scenario may `include` that are built into the binary, so the built-in scenario
/// works from any folder. A file of the same path next to the scenario takes precedence.
pub const EMBEDDED_FILES: &[(&str, &str)] = &[
    (
        "calendars/cn-2025.toml",
        include_str!("../../scenarios/calendars/cn-2025.toml"),
    ),
    (
        "calendars/cn-2026.toml",
        include_str!("../../scenarios/calendars/cn-2026.toml"),
    ),
    (
        "calendars/cn-2027.toml",
        include_str!("../../scenarios/calendars/cn-2027.toml"),
    ),
];
const BRANCH_KEYS: &[&str] = &["to", "p"];
const FORK_KEYS: &[&str] = &["fork", "join"];

/// Per-class overrides of a stage's duration and route, by (class, stage).
type Overrides = BTreeMap<(ClassId, StageId), (Option<Duration>, Option<Route>)>;

/// Tolerance on the sum of branch probabilities.
pub const PROBABILITY_SUM_TOLERANCE: f64 = 1e-9;
/// Stands in for a branch or rework probability that could not be read, so that the checks
/// of the whole graph see the route's targets; the scenario is refused all the same.
const STAND_IN_PROBABILITY: f64 = 0.5;

/// The distributions a `duration` or `arrival` table may name, with their parameters.
/// Parameters listed in `TIME_PARAMS` carry a time unit; the others are pure numbers.
const DISTRIBUTIONS: &[(&str, &[&str])] = &[
    ("exponential", &["mean"]),
    ("deterministic", &["value"]),
    ("uniform", &["min", "max"]),
    ("triangular", &["min", "mode", "max"]),
    ("normal", &["mean", "sd"]),
    ("lognormal", &["mean", "sd"]),
    ("gamma", &["mean", "sd"]),
    ("erlang", &["k", "mean"]),
    ("weibull", &["shape", "scale"]),
    ("empirical", &["values"]),
];
const UNITLESS_PARAMS: &[&str] = &["k", "shape"];

/// Parses scenario text. `file` names the source in error messages.
pub fn parse_str(text: &str, file: &str) -> Result<Model, ScenarioError> {
    let root: Table = toml::from_str(text).map_err(|e| syntax_error(text, file, &e))?;
    model_from_table(&root, file, None)
}

/// Builds a model from an already parsed TOML table (after `--set` overrides). Files named
/// by `include` are looked up relative to `base` (the scenario's folder), then among
/// [`EMBEDDED_FILES`].
pub fn model_from_table(
    root: &Table,
    file: &str,
    base: Option<&std::path::Path>,
) -> Result<Model, ScenarioError> {
    let mut r = Reader {
        base: base.map(std::path::Path::to_path_buf),
        ..Reader::default()
    };
    let model = r.model(root);
    match model {
        Some(m) if r.problems.is_empty() => Ok(m),
        _ => {
            // The same problem found twice (two classes of one name, one route) is said once.
            let mut problems: Vec<Problem> = Vec::with_capacity(r.problems.len());
            for p in r.problems {
                if !problems.contains(&p) {
                    problems.push(p);
                }
            }
            Err(ScenarioError::Invalid {
                file: file.to_string(),
                problems,
            })
        }
    }
}

/// A calendar or file that is not there, named by several fields of the file: said once,
/// with every field that names it (a calendar renamed by mistake is one problem, not one a
/// field). Problems blamed on a `--set` or on a variant's operators keep their own place.
pub(crate) fn merge_missing(problems: Vec<Problem>) -> Vec<Problem> {
    let missing = |p: &Problem| {
        (p.message.starts_with("no calendar named \"") || p.message.starts_with("could not read '"))
            && !p.path.starts_with("--set ")
            && !p.path.starts_with("variants")
    };
    let mut out: Vec<Problem> = Vec::with_capacity(problems.len());
    for p in problems {
        match out
            .iter_mut()
            .find(|q| missing(q) && missing(&p) && q.message == p.message)
        {
            Some(first) => first.path = format!("{}, {}", first.path, p.path),
            None => out.push(p),
        }
    }
    out
}

/// What arrivals that follow the calendar and the date need to know.
struct ArrivalTime<'a> {
    /// The names and labels of the scenario's classes (a trace's rows name them by either).
    classes: Vec<(String, Option<String>)>,
    calendars: &'a [NamedCalendar],
    index: &'a BTreeMap<&'a str, CalendarId>,
    settings: Option<&'a Settings>,
}

#[derive(Default)]
struct Reader {
    problems: Vec<Problem>,
    time_unit: Option<TimeUnit>,
    /// Length of one working day in the time unit, once the scenario calendar is known.
    working_day: Option<f64>,
    /// Time values read in working days / in other units since the last reset (to tell
    /// whether a distribution is in working time, and to refuse mixtures).
    seen_wd: u32,
    seen_other: u32,
    base: Option<std::path::PathBuf>,
    /// Calendars that are defined but could not be built (their problems are reported):
    /// references to them are not reported again.
    broken_calendars: std::collections::BTreeSet<String>,
    /// Classes that are named but could not be read (their problems are reported): stages'
    /// `by_class` entries for them are not reported again.
    broken_classes: BTreeSet<String>,
    /// Whether the scenario calendar is one of those: values in working days are then read
    /// with a standard 8-hour day instead of being reported as needing a calendar.
    calendar_broken: bool,
    /// Whether a class, pool or stage names one of [`Reader::broken_calendars`]: it was
    /// then left out, and the process graph would miss it.
    uses_broken_calendar: bool,
    /// Member groups' `also` pools, resolved once every pool is read: (path, pool, group,
    /// names).
    also_names: Vec<(String, String, usize, Vec<String>)>,
    /// Working days in the first year of each calendar (by id), for bounding days of absence.
    calendar_year_days: Vec<usize>,
    /// Routes (by path, such as `stages.a.next`) whose every target was read but some of
    /// whose probabilities were not: built with stand-ins so that the checks of the whole
    /// graph still run, and left out of those that weigh probabilities.
    stand_in_routes: BTreeSet<String>,
}

pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let wide = typed_wide(s);
            if wide.is_empty() {
                return format!("\"{s}\"");
            }
            let list = |f: fn(&(char, char)) -> char| {
                let quoted: Vec<String> = wide.iter().map(|w| format!("`{}`", f(w))).collect();
                quoted.join(", ")
            };
            let value = format!("\"{s}\"");
            format!(
                "{value} (with the full-width {chars}, where {ascii} is meant)",
                chars = list(|w| w.0),
                ascii = list(|w| w.1)
            )
        }
        Value::Table(_) => "a table".to_string(),
        Value::Array(a) if a.is_empty() => "an empty list".to_string(),
        Value::Array(_) => "an array".to_string(),
        // 1e300 as written, not as three hundred digits (2.0 stays 2.0).
        Value::Float(f) if f.is_finite() && *f != 0.0 && !(1e-5..1e16).contains(&f.abs()) => {
            format!("{f:e}")
        }
        other => other.to_string(),
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// Largest multiplier of a weekday or month profile: a day a million times as busy as
/// another is a mistake, and larger ones would carry the arrival rate past its bound.
const MAX_PROFILE: f64 = 1e6;

/// A duration string's value: minutes, or working days.
enum Amount {
    Minutes(f64),
    WorkingDays(f64),
}

/// `s` with the full-width digits, letters and signs a Chinese input method types (`２０`,
/// `：`, the ideographic space) as their ASCII forms.
fn half_width(s: &str) -> String {
    s.chars().map(|c| ascii_form(c).unwrap_or(c)).collect()
}

/// The ASCII character a full-width one stands for, if it is one.
fn ascii_form(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        '\u{3000}' => Some(' '),
        _ => None,
    }
}

/// The ASCII sign a Chinese input method's full-width one (`：`, `“`, `。`) stands for.
fn typed_ascii(c: char) -> Option<char> {
    match c {
        '“' | '”' => Some('"'),
        '‘' | '’' => Some('\''),
        '。' => Some('.'),
        c => ascii_form(c),
    }
}

/// The signs of a value without Chinese text that a Chinese input method typed where ASCII
/// is meant (`：` in `16：00`), each once, with the ASCII it stands for; in a text with
/// Chinese words (a label: `受理：窗口`), and brackets anywhere, they are the text's own.
fn typed_wide(s: &str) -> Vec<(char, char)> {
    let mut found: Vec<(char, char)> = Vec::new();
    if s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        return found;
    }
    for c in s.chars() {
        let ascii = match c {
            '（' | '）' | '［' | '］' | '｛' | '｝' => None,
            c => typed_ascii(c),
        };
        if let Some(a) = ascii
            && !found.iter().any(|(w, _)| *w == c)
        {
            found.push((c, a));
        }
    }
    found
}

/// The unit of an arrival rate as written after its `/` (`wd`, `工作日`; `h`, `小时`), as
/// `wd` or `h`.
fn rate_unit(per: &str) -> Option<&'static str> {
    match per.trim().to_ascii_lowercase().as_str() {
        "wd" | "工作日" | "个工作日" => Some("wd"),
        "h" | "小时" | "个小时" => Some("h"),
        _ => None,
    }
}

/// A rate written as text per calendar day (`"10/d"`, `"10/天"`, `"10/日"`): the number.
fn per_day(text: &str) -> Option<f64> {
    let text = half_width(text);
    let (x, per) = text.split_once('/')?;
    matches!(
        per.trim().to_ascii_lowercase().as_str(),
        "d" | "day" | "天" | "日"
    )
    .then(|| x.trim().parse().ok())
    .flatten()
}

/// A number, or a number written as text (`"10"`, `"１０"`).
fn number_or_text(v: &Value) -> Option<f64> {
    match v {
        Value::String(text) => half_width(text).trim().parse().ok(),
        v => number(v),
    }
}

/// Splits a duration string such as `"30min"`, `"4h"`, `"3d"`, `"2wd"`.
fn parse_duration_string(s: &str) -> Result<Amount, String> {
    // Full-width digits and letters, as a Chinese input method types them: `２０分钟`.
    let s = half_width(s);
    let s = s.trim();
    // The unit starts at the first letter: a Latin one, or a Chinese one (`20分钟`); an
    // exponent (`1e5h`, `2.5E-3d`) is part of the number, as no unit starts with e.
    let bytes = s.as_bytes();
    let exponent = |i: usize| {
        let digit = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_digit);
        matches!(bytes[i], b'e' | b'E')
            && i > 0
            && (digit(i - 1) || bytes[i - 1] == b'.')
            && (digit(i + 1) || (matches!(bytes.get(i + 1), Some(b'+' | b'-')) && digit(i + 2)))
    };
    let split = s
        .char_indices()
        .find(|&(i, c)| (c.is_ascii_alphabetic() && !exponent(i)) || !c.is_ascii())
        .map(|(i, _)| i)
        .ok_or_else(|| {
            format!(
                r#""{s}" has no unit: write a number and a unit, e.g. "30min", "4h", "3d" or "2wd""#
            )
        })?;
    let (num, unit) = s.split_at(split);
    if num.trim().is_empty() {
        return Err(format!(
            r#""{s}" is not a time: write a number and a unit, e.g. "30min", "4h", "3d" or "2wd""#
        ));
    }
    let value: f64 = num
        .trim()
        .parse()
        .map_err(|_| {
            format!(
                r#""{num}" in "{s}" is not a number: write a number and a unit, e.g. "30min", "4h", "3d" or "2wd""#
            )
        })?;
    if value < 0.0 {
        return Err(format!(r#""{s}" is negative: times must be 0 or more"#));
    }
    // The units as Chinese staff write them too: 分钟, 小时, 天, 工作日; in either case
    // ("2WD" as "2wd").
    let minutes = match unit.trim().to_ascii_lowercase().as_str() {
        "min" | "分钟" | "分" => 1.0,
        "h" | "小时" | "个小时" => 60.0,
        "d" | "天" | "日" => 1440.0,
        "wd" | "工作日" | "个工作日" => return Ok(Amount::WorkingDays(value)),
        other => {
            return Err(format!(
                r#"unknown unit "{other}" in "{s}"; use min, h, d or wd, or 分钟, 小时, 天 or 工作日 (e.g. "30min", "4h", "3d", "2wd")"#
            ));
        }
    };
    Ok(Amount::Minutes(value * minutes))
}

/// Why `v` is not a date: not written as one, or written as one that does not exist
/// (`2026-02-30`).
fn not_a_date(v: &Value) -> String {
    let shaped = date_text(v).is_some_and(|x| {
        let b = x.as_bytes();
        b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    });
    if shaped {
        format!(
            r#"{got} is not a day of the calendar: write a date that exists, as "YYYY-MM-DD""#,
            got = describe(v)
        )
    } else {
        format!(
            r#"expected a date as "YYYY-MM-DD", got {got}"#,
            got = describe(v)
        )
    }
}

/// ` (did you mean "x"?)` for the candidate nearest `word` (within two edits; both when
/// two are as near), else for the candidates `word` (of three letters or more) is a whole
/// part of (`check` of `check_lv` and `check_hv`; two at most), or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    // Near: at most two edits, and no more than half the longer word (`zz` is not `x`).
    let distance = |c: &str| {
        let d = strsim::levenshtein(c, word);
        let longer = c.chars().count().max(word.chars().count());
        (d <= 2 && 2 * d <= longer).then_some(d)
    };
    let nearest = candidates.iter().filter_map(|c| distance(c)).min();
    let mut chosen: Vec<&str> = match nearest {
        Some(d) => candidates
            .iter()
            .copied()
            .filter(|c| distance(c) == Some(d))
            .collect(),
        // Two letters (`lv`) are a part of too many names to guess from.
        None if word.chars().count() < 3 => Vec::new(),
        None => candidates
            .iter()
            .copied()
            .filter(|c| {
                c.split(['_', '.', '-'])
                    .any(|part| part.eq_ignore_ascii_case(word))
            })
            .collect(),
    };
    chosen.dedup();
    match chosen[..] {
        [c] => format!(r#" (did you mean "{c}"?)"#),
        [c, d] => format!(r#" (did you mean "{c}" or "{d}"?)"#),
        _ => String::new(),
    }
}

impl Reader {
    fn problem(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }

    /// An arrival rate that is not one, for a class whose arrivals keep a calendar or not.
    fn bad_rate(&mut self, path: String, rate: &Value, calendar: bool) {
        let (max, got) = (format!("{MAX_ARRIVAL_RATE:.0e}"), describe(rate));
        let message = if calendar && rate.as_str().and_then(per_day).is_some() {
            format!(
                r#"arrivals that keep `arrival_calendar` come in its open hours, so a rate per calendar day does not say how many: give them per working day ("10/wd", "10/工作日") or per open hour ("3/h"), got {got}"#
            )
        } else if calendar {
            format!(
                r#"expected a positive number of arrivals per open hour (such as 3, or "3/h"), or per working day ("12/wd"), at most {max} per time unit, got {got}"#
            )
        } else {
            format!(
                r#"expected a positive number of arrivals per time unit ("/wd" and "/h" rates need `arrival_calendar`), at most {max} per time unit, got {got}"#
            )
        };
        self.problem(path, message);
    }

    fn check_keys(&mut self, t: &Table, path: &str, allowed: &[&str]) {
        for key in t.keys() {
            if !allowed.contains(&key.as_str()) {
                // An empty key is shown quoted, as TOML writes it, so the path names it.
                let shown = if key.is_empty() { "\"\"" } else { key.as_str() };
                let full = if path.is_empty() {
                    shown.to_string()
                } else {
                    format!("{path}.{shown}")
                };
                let hint = did_you_mean(key, allowed.iter().copied());
                self.problem(
                    full,
                    format!(
                        "unknown key `{key}`{hint}; valid keys here: {keys}",
                        keys = allowed.join(", ")
                    ),
                );
            }
        }
    }

    fn table<'a>(&mut self, v: &'a Value, path: &str) -> Option<&'a Table> {
        match v {
            Value::Table(t) => Some(t),
            other => {
                self.problem(
                    path,
                    format!("expected a table, got {got}", got = describe(other)),
                );
                None
            }
        }
    }

    fn string<'a>(&mut self, t: &'a Table, key: &str, path: &str) -> Option<&'a str> {
        match t.get(key) {
            None => {
                self.problem(format!("{path}.{key}"), format!("missing `{key}`"));
                None
            }
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                self.problem(
                    format!("{path}.{key}"),
                    format!("expected a string, got {got}", got = describe(other)),
                );
                None
            }
        }
    }

    fn opt_string(&mut self, t: &Table, key: &str, path: &str) -> Option<String> {
        t.get(key)?;
        self.string(t, key, path).map(str::to_string)
    }

    /// A whole number in `min..=max` (pool sizes, replications, rework caps); `why` says
    /// where the upper limit comes from.
    fn count(&mut self, v: &Value, path: &str, min: i64, max: u32, why: &str) -> Option<u32> {
        // `1.0` is a whole number too, as written by a spreadsheet or another program.
        let whole;
        let v = match v {
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 9e15 => {
                whole = Value::Integer(*f as i64);
                &whole
            }
            v => v,
        };
        match v {
            Value::Integer(i) if *i >= min && *i <= i64::from(max) => Some(*i as u32),
            Value::Integer(i) if *i > i64::from(max) => {
                self.problem(path, format!("must be at most {max} ({why}), got {i}"));
                None
            }
            other => {
                self.problem(
                    path,
                    format!(
                        "must be a whole number >= {min}, got {got}",
                        got = describe(other)
                    ),
                );
                None
            }
        }
    }

    /// A time amount: a bare number in the scenario's time unit, or a string with a unit.
    fn time(&mut self, v: &Value, path: &str) -> Option<f64> {
        let unit = self.time_unit.unwrap_or(TimeUnit::Hour);
        let value = match v {
            Value::String(s) => match parse_duration_string(s) {
                Ok(Amount::Minutes(minutes)) => {
                    self.seen_other += 1;
                    minutes / unit.minutes()
                }
                Ok(Amount::WorkingDays(days)) => match self.working_day {
                    Some(wd) => {
                        self.seen_wd += 1;
                        days * wd
                    }
                    // The calendar's own problems are reported; read on with 8 hours.
                    None if self.calendar_broken => {
                        self.seen_wd += 1;
                        days * 480.0 / unit.minutes()
                    }
                    None => {
                        self.problem(
                            path,
                            format!(r#""{s}" is in working days (wd), which need a calendar: set `calendar` in [scenario] and define it under [calendars], or write it in min, h or d"#),
                        );
                        return None;
                    }
                },
                Err(e) => {
                    self.problem(path, e);
                    return None;
                }
            },
            other => match number(other) {
                Some(x) => {
                    self.seen_other += 1;
                    x
                }
                None => {
                    self.problem(
                        path,
                        format!(
                            r#"expected a number (in {units}) or a string with a unit such as "4h", got {got}"#,
                            units = format_args!("{}s", unit.name()),
                            got = describe(other)
                        ),
                    );
                    return None;
                }
            },
        };
        if !value.is_finite() {
            self.problem(
                path,
                format!("must be finite, got {got}", got = describe(v)),
            );
            return None;
        }
        Some(value)
    }

    fn model(&mut self, root: &Table) -> Option<Model> {
        self.check_keys(root, "", TOP_KEYS);
        let settings = match root.get("scenario") {
            Some(v) => self.table(v, "scenario").and_then(|t| self.settings(t)),
            None => {
                self.problem(
                    "scenario",
                    "missing the [scenario] table (name, time_unit, horizon, warmup, replications, seed)",
                );
                None
            }
        };
        let calendar_name = root
            .get("scenario")
            .and_then(|s| s.get("calendar"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let calendars = match &settings {
            Some(st) => self.calendars(root.get("calendars"), st),
            None => Vec::new(),
        };
        self.calendar_broken = calendar_name
            .as_ref()
            .is_some_and(|n| self.broken_calendars.contains(n));
        let calendar_index: BTreeMap<&str, CalendarId> = calendars
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.as_str(), i as CalendarId))
            .collect();
        let mut settings = settings;
        if let (Some(st), Some(name)) = (settings.as_mut(), calendar_name) {
            match calendar_index.get(name.as_str()) {
                Some(&id) => {
                    st.calendar = Some(id);
                    let cal = &calendars[id as usize].calendar;
                    self.working_day = Some(cal.working_day_minutes() / st.time_unit.minutes());
                }
                None => {
                    self.unknown_calendar("scenario.calendar", &name, &calendar_index);
                    // Working days are read with 8 hours, not each reported as needing a
                    // calendar: the misspelt name is the one problem.
                    self.calendar_broken = true;
                }
            }
        }
        self.calendar_year_days = calendars
            .iter()
            .map(|c| c.calendar.working_days_first_year())
            .collect();
        let pools = self.pools(root.get("pools"), &calendar_index);
        let stage_names: Vec<String> = match root.get("stages") {
            Some(Value::Table(t)) => t.keys().cloned().collect(),
            _ => Vec::new(),
        };
        let stage_index: BTreeMap<&str, StageId> = stage_names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i as StageId))
            .collect();
        let pool_index: BTreeMap<&str, PoolId> = pools
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.as_str(), i as PoolId))
            .collect();
        let time = ArrivalTime {
            classes: root
                .get("classes")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|c| {
                            let label = c.get("label").and_then(Value::as_str);
                            Some((c.get("name")?.as_str()?.into(), label.map(Into::into)))
                        })
                        .collect()
                })
                .unwrap_or_default(),
            calendars: &calendars,
            index: &calendar_index,
            settings: settings.as_ref(),
        };
        let classes = self.classes(root.get("classes"), &stage_index, &time);
        let class_index: BTreeMap<&str, ClassId> = classes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.as_str(), i as ClassId))
            .collect();
        let (stages, overrides) =
            self.stages(root.get("stages"), &stage_index, &pool_index, &class_index)?;
        let settings = settings?;
        let nc = classes.len();
        let ns = stages.len();
        let mut durations = Vec::with_capacity(nc * ns);
        let mut routes = Vec::with_capacity(nc * ns);
        for c in 0..nc {
            for (s, stage) in stages.iter().enumerate() {
                let o = overrides.get(&(c as ClassId, s as StageId));
                durations.push(
                    o.and_then(|o| o.0.clone())
                        .unwrap_or_else(|| stage.duration.clone()),
                );
                routes.push(
                    o.and_then(|o| o.1.clone())
                        .unwrap_or_else(|| stage.route.clone()),
                );
            }
        }
        let mut model = Model {
            settings,
            pools,
            classes,
            stages,
            calendars,
            durations,
            routes,
        };
        // The graph is whole when its stages and classes were read without a problem: a
        // problem elsewhere (an unknown key in [scenario], a pool's cost) does not hide
        // a loop with no way out. The clock's needs want the calendar read too.
        let within = |p: &Problem, parts: &[&str]| {
            // A value given with --set is blamed on it: `--set stages.a.next=x`.
            let path = p.path.strip_prefix("--set ").unwrap_or(&p.path);
            parts.iter().any(|part| {
                path.strip_prefix(part)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[', '=']))
            })
        };
        // Problems of a stage's kind or duration, or of a class's arrivals, leave the routes
        // whole (the stage keeps its place in the model with stand-ins); those of a route, of
        // a class's start, or of a stage that could not be read at all do not.
        let bare = |p: &Problem| {
            let path = p.path.strip_prefix("--set ").unwrap_or(&p.path);
            path.split('=').next().unwrap_or(path).to_string()
        };
        // Of the stages' routes ...
        let stage_routing = |p: &Problem| {
            let path = bare(p);
            // A probability of a route whose targets were all read leaves the graph whole.
            if self.stand_in_routes.iter().any(|r| {
                path.strip_prefix(r.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
            }) {
                return false;
            }
            if path == "stages" || path == "stages.end" || path == "stages.all" {
                return true;
            }
            path.strip_prefix("stages.").is_some_and(|rest| {
                rest.split(['.', '['])
                    .skip(1)
                    .any(|part| part == "next" || part == "by_class")
            })
        };
        // ... and of the classes that walk them.
        let class_routing = |p: &Problem| {
            let path = bare(p);
            path == "classes"
                || path
                    .strip_prefix("classes[")
                    .is_some_and(|rest| rest.ends_with(']') || rest.contains("].start"))
        };
        let class_entries = root
            .get("classes")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        // The stages and their routes alone are enough for the forks' checks; the rest
        // (what is reached, loops, rework) follows each class from its start.
        let stages_read =
            model.stages.len() == stage_names.len() && !self.problems.iter().any(stage_routing);
        let classes_read = !self.uses_broken_calendar
            && model.classes.len() == class_entries
            && !self.problems.iter().any(class_routing);
        let graph_read = stages_read && classes_read;
        let before = self.problems.len();
        if stages_read {
            self.check_graph(&mut model, &overrides, classes_read);
        }
        let calendar_read = !self.calendar_broken
            && !self
                .problems
                .iter()
                .any(|p| within(p, &["calendars", "scenario.calendar", "include"]));
        if graph_read && calendar_read && self.problems.len() == before {
            self.check_clock_needs(&model);
        }
        Some(model)
    }

    fn unknown_calendar(&mut self, path: &str, name: &str, known: &BTreeMap<&str, CalendarId>) {
        if self.broken_calendars.contains(name) {
            // Defined, with its own problems reported: naming it is not another problem.
            self.uses_broken_calendar = true;
            return;
        }
        // Those defined with problems of their own are defined too.
        let mut names: Vec<&str> = known
            .keys()
            .copied()
            .chain(self.broken_calendars.iter().map(String::as_str))
            .collect();
        names.sort_unstable();
        names.dedup();
        // With no calendar defined there is nothing to guess at either.
        let message = if names.is_empty() {
            format!(r#"no calendar named "{name}"; defined under [calendars]: none"#)
        } else {
            format!(
                r#"no calendar named "{name}"{hint}; defined under [calendars]: {names}"#,
                hint = did_you_mean(name, names.iter().copied()),
                names = names.join(", ")
            )
        };
        self.problem(path, message);
    }

    /// A list of dates `["2026-01-01", ...]`.
    fn dates(&mut self, v: &Value, path: &str) -> Vec<chrono::NaiveDate> {
        let Value::Array(a) = v else {
            self.problem(
                path,
                format!(
                    r#"expected a list of dates such as ["2026-10-01"], got {got}"#,
                    got = describe(v)
                ),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, d) in a.iter().enumerate() {
            match date_text(d).map(|x| chrono::NaiveDate::parse_from_str(&x, "%Y-%m-%d")) {
                Some(Ok(date)) => out.push(date),
                _ => self.problem(format!("{path}[{i}]"), not_a_date(d)),
            }
        }
        out
    }

    /// Years a calendar's holiday data covers: a year or a list of years.
    fn years(&mut self, v: &Value, path: &str) -> std::collections::BTreeSet<i32> {
        let items: Vec<&Value> = match v {
            Value::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        let mut out = std::collections::BTreeSet::new();
        for item in items {
            match item.as_integer().and_then(|y| i32::try_from(y).ok()) {
                Some(y) if (1900..=2200).contains(&y) => {
                    out.insert(y);
                }
                _ => self.problem(
                    path,
                    format!(
                        "expected the years whose holidays the calendar lists, such as 2026 or [2026, 2027], got {got}",
                        got = describe(item)
                    ),
                ),
            }
        }
        out
    }

    fn calendars(&mut self, v: Option<&Value>, settings: &Settings) -> Vec<NamedCalendar> {
        let Some(v) = v else {
            return Vec::new();
        };
        let Some(t) = self.table(v, "calendars") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, v) in t {
            let path = format!("calendars.{name}");
            let Some(ct) = self.table(v, &path) else {
                self.broken_calendars.insert(name.clone());
                continue;
            };
            let problems_before = self.problems.len();
            self.check_keys(ct, &path, CALENDAR_KEYS);
            // Keys from an included file first; the scenario's own keys replace `days` and
            // `hours` and add to `holidays` and `makeup_days`.
            let mut merged = Table::new();
            // Which file each merged date came from: (file, holidays, make-up days) in
            // merge order, so a bad date is named in its own file.
            let mut sources: Vec<(String, usize, usize)> = Vec::new();
            // The years the holiday data cover, where given: each file's `covers` read in
            // that file, so a bad one is named there.
            let mut covers: Option<std::collections::BTreeSet<i32>> = None;
            let mut include_broke = false;
            // Where the `days` and `hours` used are written, for their problems.
            let (mut days_from, mut hours_from) = (path.clone(), path.clone());
            if let Some(inc) = ct.get("include") {
                let ipath = format!("{path}.include");
                let (files, bad) = include_list(inc);
                let before_include = self.problems.len();
                for (at, why) in bad {
                    self.problem(format!("{ipath}{at}"), why);
                }
                for file in files {
                    match self.read_include(file) {
                        Ok(text) => match toml::from_str::<Table>(&text) {
                            Ok(ft) => {
                                self.check_keys(
                                    &ft,
                                    &format!("{ipath} (\"{file}\")"),
                                    CALENDAR_FILE_KEYS,
                                );
                                let count = |k: &str| match ft.get(k) {
                                    Some(Value::Array(a)) => a.len(),
                                    Some(_) => 1,
                                    None => 0,
                                };
                                sources.push((
                                    format!("{ipath} (\"{file}\")"),
                                    count("holidays"),
                                    count("makeup_days"),
                                ));
                                // `days` and `hours` replace: a later file's or the
                                // scenario's own are the ones used.
                                for (key, from) in
                                    [("days", &mut days_from), ("hours", &mut hours_from)]
                                {
                                    if ft.contains_key(key) {
                                        *from = format!("{ipath} (\"{file}\")");
                                    }
                                }
                                if let Some(c) = ft.get("covers") {
                                    let at = format!("{ipath} (\"{file}\").covers");
                                    covers.get_or_insert_default().extend(self.years(c, &at));
                                }
                                merge_calendar(&mut merged, &ft);
                            }
                            Err(e) => self.problem(ipath.clone(), toml_fault(file, &text, &e)),
                        },
                        Err(e) => self.problem(ipath.clone(), e),
                    }
                }
                include_broke = self.problems.len() > before_include;
            }
            // With an include that could not be read, the calendar's own keys are still
            // checked; what the file would have given (its hours, say) is not missing too.
            let after_include = self.problems.len();
            for (key, from) in [("days", &mut days_from), ("hours", &mut hours_from)] {
                if ct.contains_key(key) {
                    from.clone_from(&path);
                }
            }
            merge_calendar(&mut merged, ct);
            merged.remove("label");
            let days: Vec<usize> = match merged.get("days") {
                None => (0..5).collect(),
                Some(Value::Array(a)) => a
                    .iter()
                    .enumerate()
                    .filter_map(|(i, d)| {
                        let pos = d
                            .as_str()
                            .and_then(|x| WEEKDAYS.iter().position(|w| *w == x));
                        if pos.is_none() {
                            self.problem(
                                format!("{days_from}.days[{i}]"),
                                format!(
                                    "expected a weekday ({weekdays}), got {got}{hint}",
                                    weekdays = WEEKDAYS.join(", "),
                                    got = describe(d),
                                    hint = d.as_str().map_or(String::new(), |x| {
                                        did_you_mean(&x.to_lowercase(), WEEKDAYS)
                                    })
                                ),
                            );
                        }
                        pos
                    })
                    .collect(),
                Some(other) => {
                    self.problem(
                        format!("{days_from}.days"),
                        format!(
                            r#"expected a list of weekdays such as ["mon", "tue"], got {got}"#,
                            got = describe(other)
                        ),
                    );
                    Vec::new()
                }
            };
            let hours: Vec<crate::calendar::Period> = match merged.get("hours") {
                Some(Value::Array(a)) => a
                    .iter()
                    .enumerate()
                    .filter_map(
                        |(i, h)| match h.as_str().map(crate::calendar::parse_period) {
                            Some(Ok(p)) => Some(p),
                            Some(Err(e)) => {
                                // A full-width sign looks like the one meant: named.
                                let message = if h.as_str().is_some_and(|t| !typed_wide(t).is_empty()) {
                                    format!(
                                        "invalid period {got}: write hh:mm-hh:mm with the end later than the start, e.g. 08:30-12:00",
                                        got = describe(h)
                                    )
                                } else {
                                    e.to_string()
                                };
                                self.problem(format!("{hours_from}.hours[{i}]"), message);
                                None
                            }
                            None => {
                                self.problem(
                                    format!("{hours_from}.hours[{i}]"),
                                    format!(
                                        r#"expected "HH:MM-HH:MM", got {got}"#,
                                        got = describe(h)
                                    ),
                                );
                                None
                            }
                        },
                    )
                    .collect(),
                other => {
                    self.problem(
                        format!("{hours_from}.hours"),
                        format!(
                            r#"expected office hours such as ["08:30-12:00", "13:00-17:30"], got {got}"#,
                            got = other.map(describe).unwrap_or_else(|| "nothing".into())
                        ),
                    );
                    Vec::new()
                }
            };
            let holidays = merged
                .get("holidays")
                .map(|v| self.dates(v, &format!("{path}.holidays")))
                .unwrap_or_default();
            let makeup_days = merged
                .get("makeup_days")
                .map(|v| self.dates(v, &format!("{path}.makeup_days")))
                .unwrap_or_default();
            // Every date in both lists, whatever else is wrong with the calendar, named
            // where it is written (in an included file, that file).
            if let Some(Value::Array(listed)) = merged.get("makeup_days") {
                for (i, d) in listed.iter().enumerate() {
                    let date = date_text(d)
                        .and_then(|x| chrono::NaiveDate::parse_from_str(&x, "%Y-%m-%d").ok());
                    if let Some(date) = date.filter(|date| holidays.contains(date)) {
                        let e = crate::calendar::CalendarError::HolidayAndMakeupDay { date };
                        self.problem(format!("{path}.makeup_days[{i}]"), e.to_string());
                    }
                }
            }
            // A make-up day is a weekend day worked instead of a holiday: one the scenario
            // lists on an open Monday to Friday changes nothing, and is a date written wrong
            // (a national make-up Saturday may fall on an office's or a roster's open one).
            let included: usize = sources.iter().map(|s| s.2).sum();
            if let Some(Value::Array(listed)) = merged.get("makeup_days")
                && !hours.is_empty()
            {
                for (i, d) in listed.iter().enumerate().skip(included) {
                    let date = date_text(d)
                        .and_then(|x| chrono::NaiveDate::parse_from_str(&x, "%Y-%m-%d").ok());
                    let Some(date) = date else { continue };
                    let weekday = chrono::Datelike::weekday(&date).num_days_from_monday() as usize;
                    if weekday < 5 && days.contains(&weekday) && !holidays.contains(&date) {
                        self.problem(
                            format!("{path}.makeup_days[{i}]"),
                            format!(
                                "{date} is a working day of this calendar already (its weekday is open): a make-up day (调休) is a closed weekday worked instead of a holiday; check the date"
                            ),
                        );
                    }
                }
            }
            for problem in &mut self.problems[problems_before..] {
                relocate_date(problem, &path, &sources);
            }
            if let Some(c) = ct.get("covers") {
                let own = self.years(c, &format!("{path}.covers"));
                covers.get_or_insert_default().extend(own);
            }
            // Dates the calendar lists itself beside the files' (a later year's notice
            // added by hand) cover their years, as they do in a calendar without files.
            if let Some(covers) = covers.as_mut() {
                for key in ["holidays", "makeup_days"] {
                    let dates = match ct.get(key) {
                        Some(Value::Array(a)) => a.iter().collect(),
                        Some(v) => vec![v],
                        None => Vec::new(),
                    };
                    covers.extend(dates.into_iter().filter_map(|d| {
                        let date = chrono::NaiveDate::parse_from_str(&date_text(d)?, "%Y-%m-%d");
                        date.ok().map(|d| chrono::Datelike::year(&d))
                    }));
                }
            }
            // Without `covers`, holiday data covers the years its dates fall in.
            let covers = covers.unwrap_or_else(|| {
                holidays
                    .iter()
                    .chain(&makeup_days)
                    .map(chrono::Datelike::year)
                    .collect()
            });
            let label = self.opt_string(ct, "label", &path);
            // Hours or days all refused leave the week empty: not a second problem.
            let refused = |key: &str, this: &Self| {
                this.problems[problems_before..]
                    .iter()
                    .any(|p| p.path.starts_with(&format!("{path}.{key}")))
            };
            let emptied = (hours.is_empty() && refused("hours", self))
                || (days.is_empty() && refused("days", self));
            let mut weekly: [Vec<crate::calendar::Period>; 7] = Default::default();
            for d in days {
                weekly[d] = hours.clone();
            }
            let spec = crate::calendar::CalendarSpec {
                epoch: settings.start_date,
                weekly,
                holidays,
                makeup_days,
                makeup_periods: None,
            };
            // The table covers the horizon and the drain after it (see the engine).
            let horizon =
                settings.horizon * super::model::DRAIN_FACTOR * settings.time_unit.minutes();
            match crate::calendar::Calendar::new(spec, horizon) {
                Ok(calendar) if !include_broke => out.push(NamedCalendar {
                    name: name.clone(),
                    label,
                    calendar,
                    covers,
                }),
                Ok(_) | Err(crate::calendar::CalendarError::NoOpenTime) if emptied => {}
                // Reported above, each date where it is written.
                Ok(_) | Err(crate::calendar::CalendarError::HolidayAndMakeupDay { .. }) => {}
                Err(e) => self.problem(path.clone(), e.to_string()),
            }
            if include_broke {
                // A problem of the whole week (hours that overlap) is the calendar's own
                // only when its hours are.
                let own = |p: &Problem| {
                    if p.path == path {
                        return ct.contains_key("hours");
                    }
                    // A bad date of an include that could be read, named in its file.
                    if p.path.starts_with(&format!("{path}.include")) {
                        return true;
                    }
                    ct.keys().filter(|k| *k != "include").any(|k| {
                        p.path
                            .strip_prefix(&format!("{path}.{k}"))
                            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
                    })
                };
                let later = self.problems.split_off(after_include);
                self.problems.extend(later.into_iter().filter(own));
            }
            if self.problems.len() > problems_before {
                self.broken_calendars.insert(name.clone());
            }
        }
        out
    }

    fn read_include(&self, file: &str) -> Result<String, String> {
        read_include(self.base.as_deref(), file)
    }

    fn settings(&mut self, t: &Table) -> Option<Settings> {
        /// Horizon to read on with when the scenario's own is missing or bad: a year of
        /// hours, enough to build calendars for checking.
        const FALLBACK_HORIZON: f64 = 8760.0;
        let path = "scenario";
        self.check_keys(t, path, SCENARIO_KEYS);
        let name = self.string(t, "name", path).map(str::to_string);
        if name.as_deref().is_some_and(|n| n.trim().is_empty()) {
            self.problem(
                "scenario.name",
                r#"must not be empty: give the name that heads the results, e.g. "county new connections""#,
            );
        }
        let time_unit = match t
            .get("time_unit")
            .map(|_| self.string(t, "time_unit", path))
        {
            None => {
                self.problem(
                    "scenario.time_unit",
                    r#"missing `time_unit`: give "minute", "hour" or "day", the unit of times written as bare numbers"#,
                );
                None
            }
            Some(None) => None,
            Some(Some(u)) => match TimeUnit::from_name(u) {
                Some(unit) => Some(unit),
                None => {
                    self.problem(
                        "scenario.time_unit",
                        format!(
                            r#"unknown time unit "{u}"{hint}; use "minute", "hour" or "day" (分钟, 小时 or 天)"#,
                            hint = did_you_mean(u, ["minute", "hour", "day"])
                        ),
                    );
                    None
                }
            },
        };
        self.time_unit = time_unit;
        let positive_time = |r: &mut Self, key: &str, allow_zero: bool| -> Option<f64> {
            let p = format!("scenario.{key}");
            let v = match t.get(key) {
                Some(v) => r.time(v, &p)?,
                None => {
                    let message = if allow_zero {
                        r#"missing `warmup`: give the time at the start left out of the statistics, e.g. 100 (in time units) or "10d", or 0"#
                    } else {
                        r#"missing `horizon`: give how long each replication runs, e.g. 10000 (in time units) or "400d""#
                    };
                    r.problem(p, message);
                    return None;
                }
            };
            if v < 0.0 || (!allow_zero && v == 0.0) {
                let message = if allow_zero {
                    format!("must be >= 0, got {v}")
                } else {
                    format!("must be > 0, got {v}")
                };
                r.problem(p, message);
                return None;
            }
            Some(v)
        };
        let mut horizon = positive_time(self, "horizon", false);
        if let (Some(h), Some(unit)) = (horizon, time_unit)
            && h * unit.minutes() > MAX_HORIZON_MINUTES
        {
            self.problem(
                "scenario.horizon",
                format!(
                    "must be at most {max} {units} (about 1,000 years), got {h}",
                    max = MAX_HORIZON_MINUTES / unit.minutes(),
                    units = format_args!("{}s", unit.name()),
                    h = if h >= 1e9 {
                        format!("{h:e}")
                    } else {
                        h.to_string()
                    }
                ),
            );
            horizon = None;
        }
        let warmup = positive_time(self, "warmup", true);
        if let (Some(h), Some(w)) = (horizon, warmup)
            && w >= h
        {
            self.problem(
                "scenario.warmup",
                format!("must be shorter than the horizon ({h}), got {w}"),
            );
        }
        let replications = match t.get("replications") {
            Some(v) => self.count(
                v,
                "scenario.replications",
                1,
                MAX_REPLICATIONS,
                "more belong in shards: --shard K/N, then expansim merge",
            ),
            None => {
                self.problem(
                    "scenario.replications",
                    "missing `replications`: give how many independent runs to make, e.g. 20",
                );
                None
            }
        };
        let seed = match t.get("seed") {
            Some(Value::Integer(i)) if *i >= 0 => Some(*i as u64),
            Some(other) => {
                self.problem(
                    "scenario.seed",
                    format!(
                        "must be a whole number >= 0, got {got}",
                        got = describe(other)
                    ),
                );
                None
            }
            None => {
                self.problem(
                    "scenario.seed",
                    "missing `seed`: give a whole number >= 0, e.g. 1 (the same seed gives the same results)",
                );
                None
            }
        };
        let (y, m, d) = DEFAULT_START_DATE;
        let default_date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        let start_date = match t.get("start_date") {
            None => default_date,
            Some(v) => {
                match date_text(v).map(|x| chrono::NaiveDate::parse_from_str(&x, "%Y-%m-%d")) {
                    Some(Ok(date)) => date,
                    _ => {
                        // A date in another common form: say how to write it.
                        let written = v.as_str().and_then(|x| {
                            ["%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日"]
                                .iter()
                                .find_map(|f| chrono::NaiveDate::parse_from_str(x.trim(), f).ok())
                        });
                        let message = match written {
                            Some(d) => format!(
                                r#"expected a date as "YYYY-MM-DD", got {got} (write "{date}")"#,
                                got = describe(v),
                                date = d.format("%Y-%m-%d")
                            ),
                            None => not_a_date(v),
                        };
                        self.problem("scenario.start_date", message);
                        // Read on from the default date, so calendars are still checked.
                        default_date
                    }
                }
            }
        };
        if let Some(c) = t.get("calendar")
            && !c.is_str()
        {
            self.problem(
                "scenario.calendar",
                format!("expected a calendar name, got {got}", got = describe(c)),
            );
        }
        // A bad value is reported once; the rest of the scenario is read on with a stand-in,
        // so that what only follows from it (calendars, working days) is not reported too.
        // The problems reported keep the model from being used.
        Some(Settings {
            name: name.unwrap_or_default(),
            time_unit: time_unit.unwrap_or(TimeUnit::Hour),
            horizon: horizon.unwrap_or(FALLBACK_HORIZON),
            warmup: warmup.unwrap_or(0.0),
            replications: replications.unwrap_or(1),
            seed: seed.unwrap_or(0),
            calendar: None,
            start_date,
        })
    }

    fn pools(&mut self, v: Option<&Value>, calendars: &BTreeMap<&str, CalendarId>) -> Vec<Pool> {
        let Some(v) = v else {
            return Vec::new();
        };
        let Some(t) = self.table(v, "pools") else {
            return Vec::new();
        };
        let mut pools = Vec::new();
        for (name, v) in t {
            let path = format!("pools.{name}");
            let mut pool = Pool {
                name: name.clone(),
                label: None,
                size: 1,
                calendar: None,
                availability: 1.0,
                cost: None,
                groups: Vec::new(),
                dispatch: Dispatch::Fastest,
                training_cost: 0.0,
            };
            match v {
                Value::Table(pt) => {
                    self.check_keys(pt, &path, POOL_KEYS);
                    let own_calendar = pt
                        .get("calendar")
                        .and_then(Value::as_str)
                        .and_then(|c| calendars.get(c).copied());
                    match (pt.get("size"), pt.get("members")) {
                        (Some(s), None) => {
                            pool.size = self
                                .count(s, &format!("{path}.size"), 1, MAX_POOL_SIZE, POOL_WHY)
                                .unwrap_or(1)
                        }
                        (None, Some(m)) => {
                            let before = self.problems.len();
                            pool.groups = self.members(
                                m,
                                &format!("{path}.members"),
                                name,
                                calendars,
                                own_calendar,
                            );
                            let size: u64 = pool.groups.iter().map(|g| u64::from(g.count)).sum();
                            if size > u64::from(MAX_POOL_SIZE) {
                                self.problem(
                                    format!("{path}.members"),
                                    format!(
                                        "at most {max} members in all ({why}), got {size}",
                                        max = MAX_POOL_SIZE,
                                        why = POOL_WHY
                                    ),
                                );
                            }
                            // A count refused above is left out: not a second problem.
                            let refused = self.problems[before..]
                                .iter()
                                .any(|p| p.path.ends_with(".count"));
                            if size == 0 && !pool.groups.is_empty() && !refused {
                                self.problem(
                                    format!("{path}.members"),
                                    "every group has count 0: a pool needs at least one member",
                                );
                            }
                            pool.size = u32::try_from(size).unwrap_or(1).max(1);
                        }
                        (Some(_), Some(m)) => {
                            self.problem(
                                path.clone(),
                                "give either `size` (identical members) or `members` (groups), not both",
                            );
                            // The groups' own problems, at once.
                            let path = format!("{path}.members");
                            self.members(m, &path, name, calendars, own_calendar);
                        }
                        (None, None) => self.problem(
                            format!("{path}.size"),
                            format!(
                                "missing `size` (or `members = {example}`)",
                                example = "[{ count = 2 }, ...]"
                            ),
                        ),
                    }
                    if let Some(d) = pt.get("dispatch") {
                        match d.as_str() {
                            Some("fastest") => pool.dispatch = Dispatch::Fastest,
                            Some("longest_idle") => pool.dispatch = Dispatch::LongestIdle,
                            _ => self.problem(
                                format!("{path}.dispatch"),
                                format!(
                                    r#"expected "fastest" (the fastest free member, then the one free longest) or "longest_idle", got {got}"#,
                                    got = describe(d)
                                ),
                            ),
                        }
                    }
                    pool.label = self.opt_string(pt, "label", &path);
                    if let Some(c) = self.opt_string(pt, "calendar", &path) {
                        match calendars.get(c.as_str()) {
                            Some(&id) => pool.calendar = Some(id),
                            None => {
                                self.unknown_calendar(&format!("{path}.calendar"), &c, calendars)
                            }
                        }
                    }
                    if let Some(a) = pt.get("availability") {
                        match number(a) {
                            Some(x) if (MIN_AVAILABILITY..=1.0).contains(&x) => {
                                pool.availability = x
                            }
                            _ => self.problem(
                                format!("{path}.availability"),
                                format!(
                                    "must be a share of working time in [{min}, 1], got {got}",
                                    min = MIN_AVAILABILITY,
                                    got = describe(a)
                                ),
                            ),
                        }
                    }
                    if let Some(c) = pt.get("training_cost") {
                        match number(c) {
                            Some(x) if x >= 0.0 && x.is_finite() => pool.training_cost = x,
                            _ => self.problem(
                                format!("{path}.training_cost"),
                                format!(
                                    "must be a finite yearly cost of training and incentives >= 0, got {got}",
                                    got = describe(c)
                                ),
                            ),
                        }
                    }
                    if let Some(c) = pt.get("cost") {
                        match number(c) {
                            Some(x) if x >= 0.0 && x.is_finite() => pool.cost = Some(x),
                            _ => self.problem(
                                format!("{path}.cost"),
                                format!(
                                    "must be a finite cost per staff member per year >= 0, got {got}",
                                    got = describe(c)
                                ),
                            ),
                        }
                    }
                }
                other => {
                    pool.size = self
                        .count(other, &path, 1, MAX_POOL_SIZE, POOL_WHY)
                        .unwrap_or(1)
                }
            }
            pools.push(pool);
        }
        self.resolve_also(&mut pools);
        // The limit holds for the whole office, not only for each pool.
        let total: u64 = pools.iter().map(|p| u64::from(p.size)).sum();
        if total > u64::from(MAX_POOL_SIZE) {
            self.problem(
                "pools",
                format!(
                    "at most {max} staff in all pools together ({why}), got {total}",
                    max = MAX_POOL_SIZE,
                    why = POOL_WHY
                ),
            );
        }
        pools
    }

    /// Member groups' `also` pools by index: existing pools other than their own, with the
    /// same office hours and availability (a member works to one timetable).
    fn resolve_also(&mut self, pools: &mut [Pool]) {
        for (path, home, g, names) in std::mem::take(&mut self.also_names) {
            let Some(h) = pools.iter().position(|p| p.name == home) else {
                continue;
            };
            let mut ids = Vec::new();
            for (i, name) in names.iter().enumerate() {
                let at = format!("{path}[{i}]");
                match pools.iter().position(|p| &p.name == name) {
                    None => {
                        let known: Vec<&str> = pools.iter().map(|p| p.name.as_str()).collect();
                        self.problem(
                            at,
                            format!(
                                r#"no pool named "{name}"{hint}; pools: {pools}"#,
                                hint = did_you_mean(name, known.iter().copied()),
                                pools = known.join(", ")
                            ),
                        );
                    }
                    Some(o) if o == h => self.problem(
                        at,
                        format!(r#""{name}" is these members' own pool; `also` names other pools they help"#),
                    ),
                    Some(o) if pools[o].calendar != pools[h].calendar
                        || pools[o].availability != pools[h].availability =>
                    {
                        self.problem(
                            at,
                            format!(
                                r#"pool "{name}" keeps other hours or availability than "{home}"; a member who works for both needs the same `calendar` and `availability` in both"#
                            ),
                        )
                    }
                    Some(o) if ids.contains(&(o as PoolId)) => {}
                    Some(o) => ids.push(o as PoolId),
                }
            }
            if let Some(group) = pools[h].groups.get_mut(g) {
                group.also = ids;
            }
        }
    }

    /// A pool's member groups: `[{ count = 1, speed = 1.2, label = "senior" }, ...]`.
    fn members(
        &mut self,
        v: &Value,
        path: &str,
        pool: &str,
        calendars: &BTreeMap<&str, CalendarId>,
        pool_calendar: Option<CalendarId>,
    ) -> Vec<MemberGroup> {
        let Some(list) = v.as_array().filter(|a| !a.is_empty()) else {
            self.problem(
                path,
                format!(
                    "expected a list of member groups such as {example}, got {got}",
                    example = r#"[{ count = 1, speed = 1.2, label = "senior" }, { count = 2 }]"#,
                    got = describe(v)
                ),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut labels = BTreeSet::new();
        for (i, g) in list.iter().enumerate() {
            let gp = format!("{path}[{i}]");
            let Some(t) = self.table(g, &gp) else {
                continue;
            };
            self.check_keys(t, &gp, MEMBER_KEYS);
            let count = match t.get("count") {
                // 0: a group training may move members into.
                Some(c) => self.count(c, &format!("{gp}.count"), 0, MAX_POOL_SIZE, POOL_WHY),
                None => {
                    self.problem(format!("{gp}.count"), "missing `count`: how many members");
                    None
                }
            };
            let mut factor = |key: &str, why: &str| match t.get(key) {
                None => 1.0,
                Some(x) => match number(x) {
                    // A hundredth to a hundredfold: beyond, a typo, not a person.
                    Some(x) if (0.01..=100.0).contains(&x) => x,
                    _ => {
                        self.problem(
                            format!("{gp}.{key}"),
                            format!(
                                "must be a {why} from 0.01 to 100 (1 = the stage as written), got {got}",
                                got = describe(x)
                            ),
                        );
                        1.0
                    }
                },
            };
            let speed = factor(
                "speed",
                "speed: work done per hour relative to the stage's duration",
            );
            let quality = factor(
                "quality",
                "multiplier on the rework probability of the stages worked on",
            );
            let label = self.opt_string(t, "label", &gp);
            if let Some(l) = &label
                && !labels.insert(l.clone())
            {
                self.problem(
                    format!("{gp}.label"),
                    format!(r#"two groups are labelled "{l}"; labels name a pool's groups in results and must differ"#),
                );
            }
            let learning = t.get("learning").and_then(|l| {
                let lp = format!("{gp}.learning");
                let lt = self.table(l, &lp)?;
                self.check_keys(lt, &lp, LEARNING_KEYS);
                let rate = match lt.get("rate").and_then(number) {
                    Some(r) if r > 0.0 && r <= 1.0 => r,
                    other => {
                        self.problem(
                            format!("{lp}.rate"),
                            format!(
                                "expected the work-time multiplier per doubling of tasks done, in (0, 1] (0.9: each doubling takes 10 % off), got {got}",
                                got = other.map_or("nothing".to_string(), |x| x.to_string())
                            ),
                        );
                        return None;
                    }
                };
                let experience = match lt.get("experience") {
                    None => 1.0,
                    Some(e) => match number(e) {
                        Some(x) if (1.0..=1e9).contains(&x) => x,
                        _ => {
                            self.problem(
                                format!("{lp}.experience"),
                                format!(
                                    "expected the tasks each member had done before the run, at least 1, got {got}",
                                    got = describe(e)
                                ),
                            );
                            return None;
                        }
                    },
                };
                Some(Learning { rate, experience })
            });
            let also = match t.get("also") {
                None => Vec::new(),
                Some(Value::Array(a)) if a.iter().all(Value::is_str) => a
                    .iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect(),
                Some(other) => {
                    self.problem(
                        format!("{gp}.also"),
                        format!(
                            r#"expected the other pools these members also work for, such as ["checker"], got {got}"#,
                            got = describe(other)
                        ),
                    );
                    Vec::new()
                }
            };
            if !also.is_empty() {
                self.also_names
                    .push((format!("{gp}.also"), pool.to_string(), out.len(), also));
            }
            let calendar = self.opt_string(t, "calendar", &gp).and_then(|c| {
                let id = calendars.get(c.as_str()).copied();
                if id.is_none() {
                    self.unknown_calendar(&format!("{gp}.calendar"), &c, calendars);
                }
                id
            });
            let absence = match t.get("absence") {
                None => 0.0,
                Some(a) => {
                    let days = match a {
                        Value::String(text) => text
                            .strip_suffix("/year")
                            .map(|x| x.trim().trim_end_matches('d'))
                            .and_then(|x| x.trim().parse::<f64>().ok()),
                        other => number(other),
                    };
                    // Working days a year the members could be away from.
                    let year = match calendar.or(pool_calendar) {
                        Some(c) => self.calendar_year_days.get(c as usize).copied(),
                        None => Some(365),
                    };
                    match days {
                        Some(x) if year.is_some_and(|y| x >= y as f64) && x <= 200.0 => {
                            self.problem(
                                format!("{gp}.absence"),
                                format!(
                                    "{x} days away a year is every working day of the members' calendar ({year} a year): they would never work; give fewer days, or leave the group out",
                                    year = year.unwrap_or(0)
                                ),
                            );
                            0.0
                        }
                        Some(x) if (0.0..=200.0).contains(&x) => x,
                        _ => {
                            self.problem(
                                format!("{gp}.absence"),
                                format!(
                                    r#"expected working days away a year, such as "10d/year", from 0 to 200, got {got}"#,
                                    got = describe(a)
                                ),
                            );
                            0.0
                        }
                    }
                }
            };
            if let Some(count) = count {
                let key = format!(
                    "{pool}/{}",
                    label.clone().unwrap_or_else(|| (i + 1).to_string())
                );
                out.push(MemberGroup {
                    count,
                    speed,
                    key,
                    label,
                    quality,
                    learning,
                    also: Vec::new(),
                    calendar,
                    absence,
                });
            }
        }
        out
    }

    fn classes(
        &mut self,
        v: Option<&Value>,
        stages: &BTreeMap<&str, StageId>,
        time: &ArrivalTime,
    ) -> Vec<Class> {
        let Some(v) = v else {
            self.problem(
                "classes",
                "missing [[classes]]: at least one customer class with `name`, `arrival_rate` and `start`",
            );
            return Vec::new();
        };
        let Value::Array(list) = v else {
            self.problem(
                "classes",
                format!(
                    "expected an array of tables ([[classes]]), got {got}",
                    got = describe(v)
                ),
            );
            return Vec::new();
        };
        if list.is_empty() {
            self.problem("classes", "at least one class is needed");
        }
        let mut classes = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, v) in list.iter().enumerate() {
            let path = format!("classes[{i}]");
            let Some(t) = self.table(v, &path) else {
                continue;
            };
            let problems_before = self.problems.len();
            self.check_keys(t, &path, CLASS_KEYS);
            let name = self.string(t, "name", &path).map(str::to_string);
            if let Some(n) = &name {
                if n.is_empty() || n == "all" {
                    self.problem(
                        format!("{path}.name"),
                        format!(
                            r#""{n}" cannot name a class (empty or reserved); choose another name"#
                        ),
                    );
                } else if !seen.insert(n.clone()) {
                    self.problem(
                        format!("{path}.name"),
                        format!(r#"class "{n}" is defined twice; class names must be unique"#),
                    );
                }
            }
            let label = self.opt_string(t, "label", &path);
            let varying = VARYING_KEYS.iter().any(|k| t.contains_key(*k));
            let arrival = match (t.get("arrivals"), t.get("arrival_rate"), t.get("arrival")) {
                (Some(trace), None, None) if !varying => {
                    self.trace_arrivals(trace, &format!("{path}.arrivals"), name.as_deref(), time)
                }
                (Some(_), _, _) => {
                    self.problem(
                        format!("{path}.arrivals"),
                        "a replayed trace gives the arrivals on its own: leave out `arrival_rate`, `arrival`, `arrival_calendar` and the profiles",
                    );
                    None
                }
                (None, _, _) if varying => self.varying_arrivals(t, &path, time),
                _ => self.arrival(t, &path),
            };
            let start = self
                .string(t, "start", &path)
                .and_then(|s| self.stage_ref(s, &format!("{path}.start"), stages, false));
            let limit = t.get("limit").and_then(|v| {
                let p = format!("{path}.limit");
                if let Some(x) = number(v) {
                    // A bare number read as time units silently halves or worse the share
                    // within a limit meant in working days.
                    let suffix = match self.time_unit.unwrap_or(TimeUnit::Hour) {
                        TimeUnit::Minute => "min",
                        TimeUnit::Hour => "h",
                        TimeUnit::Day => "d",
                    };
                    let elapsed = format!("{x}{suffix}");
                    let message = if self.working_day.is_some() || self.calendar_broken {
                        format!(
                            r#"a statutory limit needs its unit: write "{x}wd" for working days (the statutory clock), or "{elapsed}" for elapsed time"#
                        )
                    } else {
                        format!(
                            r#"a statutory limit needs its unit: write "{elapsed}" for elapsed time, or set a scenario calendar and write "{x}wd" for working days"#
                        )
                    };
                    self.problem(p, message);
                    return None;
                }
                let before = self.seen_wd;
                let value = self.time(v, &p)?;
                let working = self.seen_wd > before;
                if value <= 0.0 {
                    self.problem(p, format!("must be positive, got {got}", got = describe(v)));
                    return None;
                }
                // Working-day limits are kept in working days, the unit of the statutory clock.
                let value = match (working, self.working_day) {
                    (true, Some(wd)) => value / wd,
                    _ => value,
                };
                Some(Limit { value, working })
            });
            let priority = match t.get("priority") {
                None => 0,
                Some(Value::Integer(i)) => *i,
                Some(other) => {
                    self.problem(
                        format!("{path}.priority"),
                        format!(
                            "must be a whole number (higher is served first), got {got}",
                            got = describe(other)
                        ),
                    );
                    0
                }
            };
            // A class whose arrivals have a problem keeps its place with none, so that the
            // routes from its start are still checked (a model with problems is never run).
            let arrival = arrival.or_else(|| {
                (self.problems.len() > problems_before).then_some(Arrival::Poisson { rate: 0.0 })
            });
            match (name, arrival, start) {
                (Some(name), Some(arrival), Some(Target::Stage(start))) => {
                    classes.push(Class {
                        name,
                        label,
                        arrival,
                        start,
                        limit,
                        priority,
                    });
                }
                (Some(name), _, _) => {
                    self.broken_classes.insert(name);
                }
                _ => {}
            }
        }
        classes
    }

    /// Poisson arrivals while a calendar is open, or scaled by weekday and month.
    fn varying_arrivals(&mut self, t: &Table, path: &str, time: &ArrivalTime) -> Option<Arrival> {
        if t.contains_key("arrival") {
            self.problem(
                format!("{path}.arrival"),
                "`arrival_calendar` and the profiles shape Poisson arrivals: give `arrival_rate` instead of an inter-arrival distribution",
            );
            return None;
        }
        // A bad calendar name is reported with the profiles' problems, not instead of them.
        let calendar = match t.get("arrival_calendar") {
            None => Some(None),
            Some(v) => {
                let p = format!("{path}.arrival_calendar");
                match v.as_str() {
                    Some(name) => match time.index.get(name) {
                        Some(&id) => Some(Some(id)),
                        None => {
                            self.unknown_calendar(&p, name, time.index);
                            None
                        }
                    },
                    None => {
                        self.problem(
                            p,
                            format!("expected a calendar's name, got {got}", got = describe(v)),
                        );
                        None
                    }
                }
            }
        };
        let weekday = self.profile(t, "weekday_profile", 7, "Monday to Sunday", path);
        let month = self.profile(t, "month_profile", 12, "January to December", path);
        let rate_path = format!("{path}.arrival_rate");
        let Some(calendar) = calendar else {
            // The rate is still read as far as it does not need the calendar: a rate that
            // is not positive is a problem of its own.
            let amount = t.get("arrival_rate").and_then(|v| match v {
                Value::String(text) => half_width(text)
                    .split('/')
                    .next()?
                    .trim()
                    .parse::<f64>()
                    .ok(),
                v => number(v),
            });
            if let Some(rate) = t.get("arrival_rate")
                && !amount.is_some_and(|x| x > 0.0 && x.is_finite())
            {
                self.bad_rate(rate_path, rate, true);
            }
            return None;
        };
        let Some(rate) = t.get("arrival_rate") else {
            self.problem(
                rate_path,
                "missing: give the Poisson rate the profiles and calendar shape (`arrival_rate`)",
            );
            return None;
        };
        let settings = time.settings?;
        let unit = settings.time_unit.minutes();
        let cal = calendar.map(|c| &time.calendars[c as usize].calendar);
        // Arrivals per minute of open time (of elapsed time without a calendar).
        let per_minute = match (cal, rate) {
            (Some(_), v) if number_or_text(v).is_some() => number_or_text(v).map(|x| x / 60.0),
            (Some(cal), Value::String(text)) => {
                let text = half_width(text);
                let (x, per) = text.split_once('/').unwrap_or((&text, ""));
                match (x.trim().parse::<f64>(), rate_unit(per)) {
                    (Ok(x), Some("h")) => Some(x / 60.0),
                    (Ok(x), Some("wd")) => Some(x / cal.working_day_minutes()),
                    _ => None,
                }
            }
            (None, v) => number_or_text(v)
                .map(|x| x / unit)
                .or_else(|| v.as_str().and_then(per_day).map(|x| x / 1440.0)),
            _ => None,
        };
        let per_minute = match per_minute {
            Some(x) if x > 0.0 && x * unit <= MAX_ARRIVAL_RATE => x,
            _ => {
                self.bad_rate(rate_path, rate, cal.is_some());
                return None;
            }
        };
        let (weekday, month) = (weekday?, month?);
        let minutes_run = settings.horizon * super::model::DRAIN_FACTOR * unit;
        let days = ((minutes_run / 1440.0).ceil() as usize + 1).min(MAX_PROFILE_DAYS);
        let daily: Vec<f64> = if weekday.is_none() && month.is_none() {
            Vec::new()
        } else {
            (0..days)
                .map(|d| {
                    let date = settings.start_date + chrono::Days::new(d as u64);
                    // A make-up working day (调休) counts as the weekday whose hours it works.
                    let worked = match cal {
                        Some(cal) => {
                            cal.weekday_worked(date.signed_duration_since(cal.epoch()).num_days())
                        }
                        None => chrono::Datelike::weekday(&date).num_days_from_monday() as usize,
                    };
                    let w = weekday.as_ref().map_or(1.0, |w| w[worked]);
                    let m = month
                        .as_ref()
                        .map_or(1.0, |m| m[chrono::Datelike::month0(&date) as usize]);
                    w * m
                })
                .collect()
        };
        let peak = if daily.is_empty() {
            1.0
        } else {
            daily.iter().copied().fold(0.0, f64::max)
        };
        if peak <= 0.0 {
            self.problem(
                path,
                "the weekday and month profiles leave no day with arrivals; give some day a positive multiplier",
            );
            return None;
        }
        if per_minute * unit * peak > MAX_ARRIVAL_RATE {
            let unit = settings.time_unit.name();
            let busiest = format!("{:.3e}", per_minute * settings.time_unit.minutes() * peak);
            self.problem(
                rate_path,
                format!(
                    "the rate times the profiles' largest multiplier ({peak}) is {busiest} arrivals per {unit}, more than {max}; lower the rate or the multipliers",
                    max = format_args!("{MAX_ARRIVAL_RATE:.0e}"),
                ),
            );
            return None;
        }
        // Expected arrivals over the horizon, day by day.
        let horizon = settings.horizon * unit;
        let whole_days = (horizon / 1440.0).ceil() as usize;
        let expected: f64 = (0..whole_days)
            .map(|d| {
                let (a, b) = (d as f64 * 1440.0, ((d + 1) as f64 * 1440.0).min(horizon));
                let open = cal.map_or(b - a, |c| c.working_between(a, b));
                let m = if daily.is_empty() {
                    1.0
                } else {
                    daily[d.min(daily.len() - 1)]
                };
                per_minute * open * m
            })
            .sum();
        let unused_weekdays = match (cal, &weekday) {
            (Some(cal), Some(w)) => (0..7)
                .filter(|&d| w[d] != 0.0 && w[d] != 1.0 && !cal.weekday_open(d))
                .map(|d| (d, w[d]))
                .collect(),
            _ => Vec::new(),
        };
        Some(Arrival::Varying(super::model::VaryingArrivals {
            rate: per_minute * unit,
            calendar,
            daily: daily.into(),
            peak,
            mean_rate: expected / settings.horizon,
            unused_weekdays,
        }))
    }

    /// A profile of `n` multipliers from 0 to [`MAX_PROFILE`], if given: `Some(None)` when absent, `None`
    /// when it is wrong (reported).
    fn profile(
        &mut self,
        t: &Table,
        key: &str,
        n: usize,
        order: &str,
        path: &str,
    ) -> Option<Option<Vec<f64>>> {
        let Some(v) = t.get(key) else {
            return Some(None);
        };
        let values: Option<Vec<f64>> = v
            .as_array()
            .filter(|a| a.len() == n)
            .and_then(|a| a.iter().map(number).collect())
            .filter(|x: &Vec<f64>| x.iter().all(|m| (0.0..=MAX_PROFILE).contains(m)));
        // A list of the right length: its bad values, each at its place.
        if values.is_none()
            && let Some(a) = v.as_array().filter(|a| a.len() == n)
        {
            for (i, x) in a.iter().enumerate() {
                if !number(x).is_some_and(|m| (0.0..=MAX_PROFILE).contains(&m)) {
                    self.problem(
                        format!("{path}.{key}[{i}]"),
                        format!(
                            "expected a multiplier of the arrival rate from 0 to {max}, got {got}",
                            max = format_args!("{MAX_PROFILE:.0e}"),
                            got = describe(x)
                        ),
                    );
                }
            }
            return None;
        }
        if values.is_none() {
            // The list as written: its length is the problem.
            let got = match v {
                Value::Array(a) => {
                    let items: Vec<String> = a.iter().map(describe).collect();
                    format!(
                        "{count} values: [{items}]",
                        count = a.len(),
                        items = items.join(", ")
                    )
                }
                other => describe(other),
            };
            self.problem(
                format!("{path}.{key}"),
                format!(
                    "expected {n} multipliers of the arrival rate ({why}), each from 0 to {max}, such as [{example}], got {got}",
                    why = order,
                    max = format_args!("{MAX_PROFILE:.0e}"),
                    example = vec!["1.0"; n].join(", "),
                ),
            );
        }
        values.map(Some)
    }

    /// Arrivals replayed from a file: `{ trace = "arrivals.csv" }`.
    fn trace_arrivals(
        &mut self,
        v: &Value,
        path: &str,
        class: Option<&str>,
        time: &ArrivalTime,
    ) -> Option<Arrival> {
        // A table with `trace` and other keys: the other keys are named.
        if let Some(t) = v
            .as_table()
            .filter(|t| t.len() > 1 && t.contains_key("trace"))
        {
            self.check_keys(t, path, &["trace"]);
            return None;
        }
        let file = match v
            .as_table()
            .and_then(|t| (t.len() == 1).then(|| t.get("trace").and_then(Value::as_str))?)
        {
            Some(f) => f,
            None => {
                self.problem(
                    path,
                    format!(
                        "expected {example} (a CSV file of arrival times, optionally with a `class` column), got {got}",
                        example = r#"{ trace = "arrivals.csv" }"#,
                        got = describe(v)
                    ),
                );
                return None;
            }
        };
        let settings = time.settings?;
        let p = format!("{path}.trace");
        let file_path = match &self.base {
            Some(b) => b.join(file),
            None => std::path::PathBuf::from(file),
        };
        let zone = chrono::FixedOffset::east_opt(8 * 3600)?;
        // UTF-8, UTF-16 or GB18030 (GBK) as exported on Chinese Windows, comma- or tab-separated.
        let open = |headers: bool| {
            let (text, _) = crate::text::open(&file_path, crate::text::TextEncoding::Detect)?;
            let (delimiter, text) = crate::text::sniffed(text)?;
            std::io::Result::Ok(
                csv::ReaderBuilder::new()
                    .flexible(true)
                    .delimiter(delimiter)
                    .has_headers(headers)
                    .from_reader(text),
            )
        };
        // A first row that is a timestamp is data: a file of times, then classes, no header.
        let first = open(false).ok().and_then(|mut r| r.records().next()?.ok());
        let headerless = first
            .as_ref()
            .and_then(|f| f.get(0))
            .is_some_and(|t| crate::calendar::parse_time(t, zone, zone).is_some());
        let mut reader = match open(!headerless) {
            Ok(r) => r,
            Err(e) => {
                self.problem(
                    p,
                    format!(
                        "could not read '{file}': {why}",
                        file = file_path.display(),
                        why = e
                    ),
                );
                return None;
            }
        };
        let headers = if headerless {
            csv::StringRecord::from(vec!["time", "class"])
        } else {
            match reader.headers() {
                Ok(h) => h.clone(),
                Err(e) => {
                    self.problem(
                        p,
                        format!(
                            "could not read the header of '{file}': {why}",
                            file = file_path.display(),
                            why = e
                        ),
                    );
                    return None;
                }
            }
        };
        // A binary file read as text: its "columns" are noise, not to be echoed.
        if headers
            .iter()
            .any(|h| h.chars().any(|c| c.is_control() && c != '\t'))
        {
            self.problem(
                p,
                format!(
                    "'{file}' is not a text file (its first line holds control characters): give the arrival times as a CSV file (UTF-8, UTF-16 or GB18030)",
                    file = file_path.display()
                ),
            );
            return None;
        }
        let find = |names: &[&str]| {
            names.iter().find_map(|n| {
                headers
                    .iter()
                    .position(|h| h.trim().eq_ignore_ascii_case(n))
            })
        };
        let named_time = find(TRACE_TIME_COLUMNS);
        let time_col = named_time.unwrap_or(0);
        let class_col = find(TRACE_CLASS_COLUMNS)
            .filter(|_| !headerless || first.as_ref().is_some_and(|f| f.len() > 1));
        let origin = crate::calendar::seconds(settings.start_date.and_hms_opt(0, 0, 0)?);
        let unit = settings.time_unit.minutes() * 60.0;
        let (mut times, mut bad, mut early) = (Vec::new(), Vec::new(), 0usize);
        // Rows of classes the scenario does not have: by class, how many and the first row.
        let mut strangers: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        let mut first_early = 0;
        for (i, record) in reader.records().enumerate() {
            let row = i + if headerless { 1 } else { 2 };
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let why = crate::text::csv_error(&e, "save it as UTF-8");
                    bad.push(format!("row {row}: {why}"));
                    continue;
                }
            };
            if let (Some(c), Some(name)) = (class_col, class) {
                // A row names its class by name or by label (低压居民).
                let of = record.get(c).map(str::trim).unwrap_or("");
                let by_name = time.classes.iter().find(|(n, _)| n == of);
                let by_label = || time.classes.iter().find(|(_, l)| l.as_deref() == Some(of));
                match by_name.or_else(by_label) {
                    Some((n, _)) if n == name => {}
                    Some(_) => continue,
                    None => {
                        strangers.entry(of.to_string()).or_insert((0, row)).0 += 1;
                        continue;
                    }
                }
            }
            let text = record.get(time_col).unwrap_or("");
            match crate::calendar::parse_time(text, zone, zone) {
                Some(s) if s >= origin => times.push((s - origin) / unit),
                Some(_) => {
                    early += 1;
                    if first_early == 0 {
                        first_early = row;
                    }
                }
                None => bad.push(format!(
                    r#"row {row}, column `{column}`: "{text}" is not a timestamp such as 2026-03-05 14:02:11"#,
                    column = headers.get(time_col).unwrap_or("")
                )),
            }
        }
        let name = file_path.display();
        if !strangers.is_empty() {
            let rows: usize = strangers.values().map(|(n, _)| n).sum();
            let names: Vec<String> = strangers
                .keys()
                .take(5)
                .map(|k| format!("\"{k}\""))
                .collect();
            let at: Vec<String> = strangers
                .values()
                .take(5)
                .map(|(_, row)| row.to_string())
                .collect();
            let message = crate::i18n::Lang::En.fill(
                "'{name}': {rows} rows of classes the scenario does not have ({classes}; the first row of each: {at}); add them under [[classes]] or leave the rows out",
                &[
                    ("name", &name.to_string()),
                    ("rows", &rows.to_string()),
                    ("classes", &names.join(", ")),
                    ("at", &at.join(", ")),
                ],
            );
            // Every class replaying the file would say so: once is enough.
            if !self.problems.iter().any(|x| x.message == message) {
                self.problem(p.clone(), message);
            }
        }
        if !bad.is_empty() {
            let more = bad.len().saturating_sub(TRACE_PROBLEMS_SHOWN);
            bad.truncate(TRACE_PROBLEMS_SHOWN);
            if more > 0 {
                bad.push(format!("and {more} more"));
            }
            if named_time.is_none() && !headerless {
                let names: Vec<String> = TRACE_TIME_COLUMNS
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect();
                let (last, rest) = names.split_last().expect("named columns");
                let names = format!("{} or {last}", rest.join(", "));
                bad.insert(
                    0,
                    format!(
                        "no column is named {names}, so the first, `{column}`, was read as the arrival times: name the column of arrival times `time`",
                        column = headers.get(0).unwrap_or("")
                    ),
                );
            }
            self.problem(p.clone(), format!("'{name}': {why}", why = bad.join("; ")));
        }
        if early > 0 {
            self.problem(
                p.clone(),
                format!(
                    "'{name}': arrivals before the start date {date}: {early} (the first at row {first_early}); set `scenario.start_date` to the trace's first day",
                    date = settings.start_date
                ),
            );
        }
        if times.is_empty() && bad.is_empty() && early == 0 {
            let message = match (class_col, class) {
                (Some(c), Some(n)) => format!(
                    r#"'{name}' has no arrivals with {column} = "{n}""#,
                    column = headers.get(c).unwrap_or("class")
                ),
                _ => format!("'{name}' has no arrivals"),
            };
            self.problem(p, message);
            return None;
        }
        if !bad.is_empty() || early > 0 {
            return None;
        }
        times.sort_by(f64::total_cmp);
        let within = times.iter().filter(|&&t| t <= settings.horizon).count();
        Some(Arrival::Trace {
            rate: within as f64 / settings.horizon,
            times: times.into(),
        })
    }

    /// A class's `arrival_rate` (Poisson) or `arrival` (renewal).
    fn arrival(&mut self, t: &Table, path: &str) -> Option<Arrival> {
        let path = path.to_string();
        match (t.get("arrival_rate"), t.get("arrival")) {
            (Some(rate), None) => {
                let p = format!("{path}.arrival_rate");
                let unit = self.time_unit.map(TimeUnit::name).unwrap_or("time unit");
                // Per time unit, or per calendar day ("10/天") in the time unit.
                let per_unit = number_or_text(rate).or_else(|| {
                    let minutes = self.time_unit?.minutes();
                    rate.as_str()
                        .and_then(per_day)
                        .map(|x| x * minutes / 1440.0)
                });
                match per_unit {
                    Some(x) if x > 0.0 && x <= MAX_ARRIVAL_RATE => {
                        Some(Arrival::Poisson { rate: x })
                    }
                    // A rate with a unit counts the time of a calendar: say which.
                    _ if rate.as_str().is_some_and(|r| {
                        half_width(r)
                            .split_once('/')
                            .is_some_and(|(_, per)| rate_unit(per).is_some())
                    }) =>
                    {
                        self.problem(
                            p,
                            format!(
                                r#"a rate per working day or per open hour ("12/wd", "3/h") counts the time of a calendar: set `arrival_calendar` to the one its arrivals keep, or give arrivals per {unit} as a number, got {got}"#,
                                got = describe(rate)
                            ),
                        );
                        None
                    }
                    _ => {
                        let max = format!("{MAX_ARRIVAL_RATE:.0e}");
                        let got = describe(rate);
                        let message = if rate.is_str() {
                            // A rate written with a unit the reader does not know.
                            format!(
                                r#"must be a positive number of arrivals per {unit} (such as 0.5), or with `arrival_calendar` per working day or open hour ("12/wd", "3/h"), or without it per day ("10/d", "10/天"), at most {max}, got {got}"#
                            )
                        } else {
                            format!(
                                "must be a positive number of arrivals per {unit}, at most {max}, got {got}"
                            )
                        };
                        self.problem(p, message);
                        None
                    }
                }
            }
            (None, Some(d)) => {
                let d = self.dist(d, &format!("{path}.arrival"));
                match d {
                    Some(d) if d.mean() <= 0.0 => {
                        self.problem(
                            format!("{path}.arrival"),
                            format!("inter-arrival times must have a positive mean, got {d}"),
                        );
                        None
                    }
                    other => other.map(Arrival::Renewal),
                }
            }
            (Some(_), Some(_)) => {
                self.problem(
                path.clone(),
                "give either `arrival_rate` (Poisson) or `arrival` (inter-arrival distribution), not both",
            );
                None
            }
            (None, None) => {
                self.problem(
                format!("{path}.arrival_rate"),
                "missing arrivals: give `arrival_rate` (Poisson, per time unit) or `arrival` (an inter-arrival distribution)",
            );
                None
            }
        }
    }

    fn stage_ref(
        &mut self,
        name: &str,
        path: &str,
        stages: &BTreeMap<&str, StageId>,
        allow_end: bool,
    ) -> Option<Target> {
        if name == "end" {
            if allow_end {
                return Some(Target::End);
            }
            self.problem(path, r#""end" is not a stage here; name a stage"#);
            return None;
        }
        match stages.get(name) {
            Some(&i) => Some(Target::Stage(i)),
            None => {
                // "End" in Chinese words, as a planner may write it.
                const END: [&str; 6] = ["结束", "完成", "终止", "办结", "完结", "结束流程"];
                let hint = match did_you_mean(name, stages.keys().copied()) {
                    h if h.is_empty()
                        && allow_end
                        && (END.contains(&name.trim())
                            || name.trim().eq_ignore_ascii_case("end")) =>
                    {
                        r#" (did you mean "end"?)"#.to_string()
                    }
                    h => h,
                };
                let known: Vec<&str> = stages.keys().copied().collect();
                let stages = known.join(", ");
                let message = if known.is_empty() {
                    format!(r#"no stage named "{name}": the scenario defines no stages"#)
                } else if allow_end {
                    format!(r#"no stage named "{name}"{hint}; defined stages: {stages}, or "end""#)
                } else {
                    format!(r#"no stage named "{name}"{hint}; defined stages: {stages}"#)
                };
                self.problem(path, message);
                None
            }
        }
    }
}

/// Reads a file named by `include`: next to the scenario (in `base`) if it is there, else
/// among [`EMBEDDED_FILES`].
pub fn read_include(base: Option<&std::path::Path>, file: &str) -> Result<String, String> {
    if let Some(base) = base {
        let p = base.join(file);
        if p.exists() {
            use std::io::Read;
            // A pipe or a device would be read without end.
            if !p.is_file() {
                return Err(format!(
                    "'{file}' is not a file; a calendar file is a TOML file of a few kilobytes",
                    file = p.display()
                ));
            }
            let mut bytes = Vec::new();
            let could_not =
                |why: String| format!("could not read '{file}': {why}", file = p.display(),);
            std::fs::File::open(&p)
                .and_then(|f| f.take(MAX_INCLUDE_BYTES + 1).read_to_end(&mut bytes))
                .map_err(|e| could_not(e.to_string()))?;
            if bytes.len() as u64 > MAX_INCLUDE_BYTES {
                return Err(format!(
                    "'{file}' is larger than {max} bytes; a calendar file is a few kilobytes",
                    file = p.display(),
                    max = MAX_INCLUDE_BYTES
                ));
            }
            return crate::text::decode(bytes).map_err(|why| {
                could_not(format!(
                    "it is neither UTF-8, UTF-16 nor GBK/GB18030 text ({why}); save it as UTF-8"
                ))
            });
        }
    }
    EMBEDDED_FILES
        .iter()
        .find(|(name, _)| *name == file)
        .map(|(_, text)| (*text).to_string())
        .ok_or_else(|| {
            // A scenario in the current folder has an empty base.
            let folder = match base.map(|b| b.display().to_string()) {
                Some(b) if !b.is_empty() => b,
                _ => ".".to_string(),
            };
            let built_in: Vec<&str> = EMBEDDED_FILES.iter().map(|(name, _)| *name).collect();
            format!(
                r#"file "{file}" not found next to the scenario (in '{folder}') nor among the built-in calendars ({built_in}); check the name"#,
                built_in = built_in.join(", ")
            )
        })
}

/// The files a calendar's `include` names: one file, or a list of them.
pub fn include_files(v: &Value) -> Result<Vec<&str>, String> {
    let (files, bad) = include_list(v);
    match bad.into_iter().next() {
        Some((_, why)) => Err(why),
        None => Ok(files),
    }
}

/// The files an `include` names, and what is wrong with it: the whole (at "") or an element
/// of its list (at "[i]"), each with why; the elements that are names are read anyway.
fn include_list(v: &Value) -> (Vec<&str>, Vec<(String, String)>) {
    let bad = || {
        format!(
            r#"expected a file name or a list of them, such as ["calendars/cn-2026.toml", "calendars/cn-2027.toml"], got {got}"#,
            got = describe(v)
        )
    };
    match v {
        Value::String(file) => (vec![file.as_str()], Vec::new()),
        Value::Array(a) if !a.is_empty() => {
            let mut problems = Vec::new();
            let files = a
                .iter()
                .enumerate()
                .filter_map(|(i, f)| {
                    if f.as_str().is_none() {
                        problems.push((
                            format!("[{i}]"),
                            format!(
                                r#"expected a file name such as "calendars/cn-2026.toml", got {got}"#,
                                got = describe(f)
                            ),
                        ));
                    }
                    f.as_str()
                })
                .collect();
            (files, problems)
        }
        _ => (Vec::new(), vec![(String::new(), bad())]),
    }
}

/// A date's text: a quoted date, or TOML's own (unquoted) local date, as `--set` writes it.
fn date_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => Some(d.to_string()),
        _ => None,
    }
}

/// Names the included file a bad date of calendar `path` came from: `path.holidays[i]`
/// becomes `path.include ("file").holidays[j]` when the date is the file's `j`-th.
fn relocate_date(problem: &mut Problem, path: &str, sources: &[(String, usize, usize)]) {
    for (key, pick) in [("holidays", 0), ("makeup_days", 1)] {
        let Some(index) = problem
            .path
            .strip_prefix(&format!("{path}.{key}["))
            .and_then(|rest| rest.strip_suffix(']'))
            .and_then(|i| i.parse::<usize>().ok())
        else {
            continue;
        };
        let mut first = 0;
        for (file, holidays, makeup) in sources {
            let n = if pick == 0 { *holidays } else { *makeup };
            if index < first + n {
                problem.path = format!("{file}.{key}[{}]", index - first);
                return;
            }
            first += n;
        }
        // Past the included dates: the scenario's own, at their own place.
        if first > 0 {
            problem.path = format!("{path}.{key}[{}]", index - first);
        }
    }
}

/// Adds a calendar table's keys (its own, or a later included file's) to those read so far:
/// `days` and `hours` replace, `holidays`, `makeup_days` and `covers` add; `include` itself
/// is dropped.
pub fn merge_calendar(merged: &mut Table, own: &Table) {
    let list = |v: &Value| match v {
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    };
    for (k, val) in own {
        match (k.as_str(), merged.get_mut(k)) {
            // Extended in place: a long list of included files stays linear.
            ("holidays" | "makeup_days" | "covers", Some(Value::Array(all))) => {
                all.extend(list(val));
            }
            ("holidays" | "makeup_days" | "covers", Some(existing)) => {
                let mut all = list(existing);
                all.extend(list(val));
                *existing = Value::Array(all);
            }
            ("include", _) => {}
            _ => {
                merged.insert(k.clone(), val.clone());
            }
        }
    }
}

/// Stable 64-bit identity of a stage name (FNV-1a), used to key random draws.
pub fn stage_key(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A guess names the nearest key, both of two as near, or the keys a word is a part of;
    /// said in Chinese too.
    #[test]
    fn a_guess_names_every_key_as_near() {
        let keys = ["accept_lv", "check_lv", "check_hv", "review"];
        assert_eq!(did_you_mean("reveiw", keys), r#" (did you mean "review"?)"#);
        assert_eq!(
            did_you_mean("check_xv", keys),
            r#" (did you mean "check_lv" or "check_hv"?)"#
        );
        assert_eq!(
            did_you_mean("check", keys),
            r#" (did you mean "check_lv" or "check_hv"?)"#
        );
        assert_eq!(did_you_mean("lv", keys), "");
        assert_eq!(did_you_mean("survey", keys), "");
        assert_eq!(did_you_mean("", keys), "");
        // Two edits of a two-letter word are no guess.
        assert_eq!(did_you_mean("zz", ["x", "y"]), "");
        assert_eq!(did_you_mean("ab", ["a", "q"]), r#" (did you mean "a"?)"#);
        let message = format!(
            "`stages` has no `check`{}; it has: a, b",
            did_you_mean("check", keys)
        );
        assert_eq!(
            crate::i18n::Lang::Zh.translate(&message),
            r#"`stages` 下没有 `check`（是否应为 "check_lv" 或 "check_hv"？）；现有：a、b"#
        );
    }

    #[test]
    fn a_time_may_have_an_exponent_but_a_unit_is_still_required() {
        let minutes = |s: &str| match parse_duration_string(s) {
            Ok(Amount::Minutes(m)) => Ok(m),
            Ok(Amount::WorkingDays(d)) => Ok(-d),
            Err(e) => Err(e),
        };
        assert_eq!(minutes("1e5h"), Ok(6e6));
        assert_eq!(minutes("2.5E-3d"), Ok(3.6));
        assert_eq!(minutes("1.e1min"), Ok(10.0));
        assert_eq!(minutes("3e+0wd"), Ok(-3.0));
        assert_eq!(minutes("30min"), Ok(30.0));
        // An e that is no exponent is a unit, and an unknown one.
        assert!(minutes("5e").unwrap_err().contains("unknown unit \"e\""));
        assert!(minutes("1e5").unwrap_err().contains("has no unit"));
    }

    #[test]
    fn full_width_signs_outside_strings_are_found_with_their_places() {
        let text = r##"a = { size = ３， b = "１，２" }   # 注释：，
c = '“x”' ＃
d = """
，\""""
e = "\""，f = '''
'
，'''（
g = "open，
h = ，"##;
        assert_eq!(
            wide_outside_strings(text),
            [
                (1, 14, '３', '3'),
                (1, 15, '，', ','),
                (2, 11, '＃', '#'),
                (5, 9, '，', ','),
                (7, 5, '（', '('),
                (9, 5, '，', ','),
            ]
        );
        // Told beside the parser's own fault, which may be elsewhere (`３，` reads as a key)...
        let message = |text: &str| {
            let e = toml::from_str::<toml::Table>(text).unwrap_err();
            syntax_error(text, "x.toml", &e).to_string()
        };
        let all = message(text);
        assert!(
            all.contains("TOML parse error at line 1, column 19\n"),
            "{all}"
        );
        assert!(
            all.contains("full-width signs outside quotes elsewhere in the file, each a fault too:\n  line 1, column 14: `３`, where `3` is meant\n  line 1, column 15: `，`, where `,` is meant\n  line 2, column 11"),
            "{all}"
        );
        assert_eq!(all.matches("\n  line ").count(), 6, "{all}");
        let zh = crate::i18n::Lang::Zh.translate(&all);
        assert!(
            zh.contains(
                "文件中引号外另有以下全角符号，每处也都是错误：\n  第 1 行第 14 列：`３`，应为 `3`"
            ),
            "{zh}"
        );
        // ... or at one of them, which is then not told twice.
        let one = message("days = [\"mon\"，\"tue\"]\nsize = ３\n");
        assert!(one.contains("the `，` here is full-width"), "{one}");
        assert!(
            one.ends_with("each a fault too:\n  line 2, column 8: `３`, where `3` is meant"),
            "{one}"
        );
    }

    #[test]
    fn text_meant_as_a_string_or_comment_keeps_its_full_width_signs() {
        let found = |text: &str| wide_outside_strings(text);
        // Between full-width quotes: a label meant, whose quotes alone are the fault.
        assert_eq!(
            found("label = “受理，窗口（一）”\r\nx = １"),
            [(1, 9, '“', '"'), (1, 18, '”', '"'), (2, 5, '１', '1')]
        );
        // After a full-width `＃`: a comment meant.
        assert_eq!(found("x = 1 ＃ 注释：说明，\n"), [(1, 7, '＃', '#')]);
        // Brackets beside Chinese text are the text's (a key to quote), elsewhere TOML's.
        assert_eq!(
            found("[stages.受理（一）]\ndays = ［\"mon\"］"),
            [(2, 8, '［', '['), (2, 14, '］', ']')]
        );
        // A multi-line string may end in one or two quotes of its own.
        assert!(found(r#"a = ["""x"""", "，"]"#).is_empty());
        assert!(found("b = '''y''''' ，").len() == 1);
        // A file typed all in full-width mode is told twenty signs and how many more.
        let all = "ａ＝１\n".repeat(12);
        let e = toml::from_str::<toml::Table>(&all).unwrap_err();
        let message = syntax_error(&all, "x.toml", &e).to_string();
        assert_eq!(message.matches("\n  line ").count(), 20, "{message}");
        assert!(message.ends_with("\n  and 16 more"), "{message}");
    }

    /// What a Chinese input method types: full-width digits and signs are read in times and
    /// rates, named in a value refused, and rates take the units times take in Chinese.
    #[test]
    fn full_width_input_is_read_or_named() {
        assert!(matches!(
            parse_duration_string("１５分钟"),
            Ok(Amount::Minutes(15.0))
        ));
        assert_eq!(rate_unit("工作日"), Some("wd"));
        assert_eq!(rate_unit(" 个工作日"), Some("wd"));
        assert_eq!(rate_unit("小时"), Some("h"));
        assert_eq!(
            rate_unit(
                "ＷＤ"
                    .chars()
                    .map(|c| ascii_form(c).unwrap())
                    .collect::<String>()
                    .as_str()
            ),
            Some("wd")
        );
        assert_eq!(rate_unit("天"), None);
        assert_eq!(
            describe(&Value::String("16：00".into())),
            "\"16：00\" (with the full-width `：`, where `:` is meant)"
        );
        assert_eq!(
            describe(&Value::String("“１”。".into())),
            "\"“１”。\" (with the full-width `“`, `１`, `”`, `。`, where `\"`, `1`, `\"`, `.` is meant)"
        );
        // A Chinese label's brackets are its own.
        assert_eq!(
            describe(&Value::String("受理（窗口）".into())),
            "\"受理（窗口）\""
        );
        assert_eq!(
            crate::i18n::Lang::Zh.translate(&format!(
                "pools.a.size: must be a whole number >= 1, got {}",
                describe(&Value::String("２".into()))
            )),
            "pools.a.size：必须为 >= 1 的整数，实际为 \"２\"（其中 `２` 是全角字符，应为 `2`）"
        );
    }
}
