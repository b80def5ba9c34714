//! Generated scenario files against the real binary. A generator writes small scenarios
//! (pools, classes, stages with every kind of duration and route, calendars, redesign
//! variants) and breaks them on purpose: numbers at the edges (0, negative, 1e308, NaN,
//! infinities, the tiniest floats), units (`"3wd"`, `"-3wd"`, `"2h"`, garbage), missing,
//! duplicated and unknown keys and tables, unknown or reserved names of pools, stages,
//! classes, calendars, variants and distributions, routing cycles, mangled redesign
//! operators, and broken TOML. For every file:
//!
//! - no command panics, and each ends with exit code 0, 1 or 2;
//! - every refusal (exit 2) names the file and, for each problem, its TOML path (or, for a
//!   syntax error, the line);
//! - `validate` accepts a file exactly when `run` does not refuse it;
//! - what `show` prints for an accepted file (and, for a file with redesigns, for one of its
//!   variants) is accepted by `validate` in turn.
//!
//! The generator is seeded, so every run checks the same files; a failure prints the file,
//! which reproduces it with `expansim validate FILE` or `expansim run FILE`.

use std::cell::Cell;
use std::ffi::OsString;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};

// ---------------------------------------------------------------- scenario documents

/// What a value means, which decides the edge values it may be replaced with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A duration or a time: a bare number in the time unit, or a string with a unit.
    Time,
    /// A duration of staff work, which pools stretch over their calendar and availability.
    Work,
    /// The horizon, whose valid extremes would make a run long.
    Horizon,
    /// A parameter of an inter-arrival distribution.
    Interarrival,
    /// Arrivals per time unit.
    Rate,
    Replications,
    PoolSize,
    /// A rework cap.
    Max,
    Probability,
    Seed,
    Priority,
    Availability,
    Cost,
    /// `k` of erlang, `shape` of weibull.
    Unitless,
    Text,
    Flag,
    Date,
    Dates,
    Clock,
    Period,
    Weekdays,
    TimeUnit,
    Dist,
    File,
    Pool,
    Stage,
    Class,
    Calendar,
    Variant,
}

impl Kind {
    fn is_name(self) -> bool {
        matches!(
            self,
            Kind::Pool | Kind::Stage | Kind::Class | Kind::Calendar | Kind::Variant | Kind::Dist
        )
    }
}

/// A value of a scenario file, kept as a tree so that a mutation can reach any key or value
/// before the file is written out.
#[derive(Clone, Debug)]
enum Val {
    /// Raw TOML text of a scalar (or of a value replaced whole).
    Leaf(Kind, String),
    Table(Vec<Entry>),
    Array(Vec<Val>),
}

#[derive(Clone, Debug)]
struct Entry {
    key: String,
    /// Whether the key is itself a name (a pool, a class under `by_class`, a `set` path).
    named: bool,
    val: Val,
}

/// A `[table]` or `[[array of tables]]` with its entries.
#[derive(Clone, Debug)]
struct Tbl {
    header: Vec<String>,
    /// `[[header]]` rather than `[header]`.
    array: bool,
    entries: Vec<Entry>,
}

/// A scenario file: its tables in order.
#[derive(Clone, Debug, Default)]
struct Doc {
    tables: Vec<Tbl>,
}

/// One step from a table into its values: an entry of a (possibly inline) table, or an
/// element of an array.
#[derive(Clone, Copy, Debug)]
enum Step {
    Entry(usize),
    Elem(usize),
}

/// Where a value is: its table's index, then the steps into it.
type Spot = (usize, Vec<Step>);

fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A key as TOML writes it: bare when it can be, quoted otherwise.
fn key(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        s.to_string()
    } else {
        quote(s)
    }
}

fn leaf(kind: Kind, raw: impl Into<String>) -> Val {
    Val::Leaf(kind, raw.into())
}

fn name(kind: Kind, s: &str) -> Val {
    Val::Leaf(kind, quote(s))
}

fn entry(k: &str, val: Val) -> Entry {
    Entry {
        key: k.to_string(),
        named: false,
        val,
    }
}

fn named(k: &str, val: Val) -> Entry {
    Entry {
        key: k.to_string(),
        named: true,
        val,
    }
}

fn table(entries: Vec<Entry>) -> Val {
    Val::Table(entries)
}

fn names(kind: Kind, list: &[&str]) -> Val {
    Val::Array(list.iter().map(|s| name(kind, s)).collect())
}

fn render_val(v: &Val, out: &mut String) {
    match v {
        Val::Leaf(_, raw) => out.push_str(raw),
        Val::Table(entries) if entries.is_empty() => out.push_str("{}"),
        Val::Table(entries) => {
            out.push_str("{ ");
            for (i, e) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&key(&e.key));
                out.push_str(" = ");
                render_val(&e.val, out);
            }
            out.push_str(" }");
        }
        Val::Array(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                render_val(x, out);
            }
            out.push(']');
        }
    }
}

impl Doc {
    fn render(&self) -> String {
        let mut out = String::new();
        for t in &self.tables {
            let header: Vec<String> = t.header.iter().map(|h| key(h)).collect();
            let (open, close) = if t.array { ("[[", "]]") } else { ("[", "]") };
            out.push_str(&format!("{open}{}{close}\n", header.join(".")));
            for e in &t.entries {
                out.push_str(&key(&e.key));
                out.push_str(" = ");
                render_val(&e.val, &mut out);
                out.push('\n');
            }
            out.push('\n');
        }
        out
    }

    fn push(&mut self, header: &[&str], array: bool, entries: Vec<Entry>) {
        self.tables.push(Tbl {
            header: header.iter().map(|s| s.to_string()).collect(),
            array,
            entries,
        });
    }

    /// Every entry and array element, as a path from its table.
    fn spots(&self) -> Vec<Spot> {
        fn walk(v: &Val, at: &mut Vec<Step>, t: usize, out: &mut Vec<Spot>) {
            match v {
                Val::Leaf(..) => {}
                Val::Table(entries) => {
                    for (i, e) in entries.iter().enumerate() {
                        at.push(Step::Entry(i));
                        out.push((t, at.clone()));
                        walk(&e.val, at, t, out);
                        at.pop();
                    }
                }
                Val::Array(items) => {
                    for (i, x) in items.iter().enumerate() {
                        at.push(Step::Elem(i));
                        out.push((t, at.clone()));
                        walk(x, at, t, out);
                        at.pop();
                    }
                }
            }
        }
        let mut out = Vec::new();
        for (t, tbl) in self.tables.iter().enumerate() {
            let top = Val::Table(tbl.entries.clone());
            walk(&top, &mut Vec::new(), t, &mut out);
        }
        out
    }

    /// The value a spot leads to; its entries when it is a table.
    fn val_mut(&mut self, t: usize, steps: &[Step]) -> Option<&mut Val> {
        let (first, rest) = steps.split_first()?;
        let Step::Entry(i) = first else { return None };
        let mut v = &mut self.tables.get_mut(t)?.entries.get_mut(*i)?.val;
        for s in rest {
            v = match (s, v) {
                (Step::Entry(i), Val::Table(entries)) => &mut entries.get_mut(*i)?.val,
                (Step::Elem(i), Val::Array(items)) => items.get_mut(*i)?,
                _ => return None,
            };
        }
        Some(v)
    }

    /// The entries of the table (top-level or inline) that holds the spot's last step.
    fn holder_mut(&mut self, t: usize, steps: &[Step]) -> Option<Holder<'_>> {
        let (last, parent) = steps.split_last()?;
        if parent.is_empty() {
            let Step::Entry(i) = last else { return None };
            return Some(Holder::Entries(&mut self.tables.get_mut(t)?.entries, *i));
        }
        match (self.val_mut(t, parent)?, last) {
            (Val::Table(entries), Step::Entry(i)) => Some(Holder::Entries(entries, *i)),
            (Val::Array(items), Step::Elem(i)) => Some(Holder::Items(items, *i)),
            _ => None,
        }
    }

    /// Every leaf with its kind.
    fn leaves(&mut self) -> Vec<(Spot, Kind)> {
        let mut out = Vec::new();
        for (t, steps) in self.spots() {
            if let Some(Val::Leaf(kind, _)) = self.val_mut(t, &steps) {
                out.push(((t, steps), *kind));
            }
        }
        out
    }

    /// The names defined in the scenario, of every family.
    fn defined_names(&self) -> Vec<String> {
        let mut out = Vec::new();
        for t in &self.tables {
            match t.header.first().map(String::as_str) {
                Some("stages" | "variants" | "calendars") if t.header.len() == 2 => {
                    out.push(t.header[1].clone())
                }
                Some("pools") => out.extend(t.entries.iter().map(|e| e.key.clone())),
                Some("classes") => {
                    for e in &t.entries {
                        if let (true, Val::Leaf(_, raw)) = (e.key == "name", &e.val) {
                            out.push(raw.trim_matches('"').to_string());
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn stage_tables(&self) -> Vec<usize> {
        (0..self.tables.len())
            .filter(|&i| self.tables[i].header.len() == 2 && self.tables[i].header[0] == "stages")
            .collect()
    }
}

/// The entries or elements around a spot, and its index among them.
enum Holder<'a> {
    Entries(&'a mut Vec<Entry>, usize),
    Items(&'a mut Vec<Val>, usize),
}

// ---------------------------------------------------------------- the generator

/// Choices read from a list of numbers: a shrunk list (all zeros) gives the simplest
/// scenario, so a failure shrinks towards a small file.
struct Dice<'a> {
    rolls: &'a [u32],
    at: usize,
}

impl Dice<'_> {
    fn pick(&mut self, n: usize) -> usize {
        let r = self.rolls.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        r as usize % n.max(1)
    }

    /// True with probability 1/n (false for a zero roll).
    fn one_in(&mut self, n: usize) -> bool {
        self.pick(n) == n - 1
    }

    fn of<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.pick(xs.len())]
    }
}

fn num(x: f64) -> String {
    format!("{x}")
}

/// How the scenario writes times.
struct Units {
    /// Hours in one time unit.
    unit_hours: f64,
    /// Whether the scenario has a calendar, so that "wd" can be used.
    calendar: bool,
}

impl Units {
    /// A unit style for the parameters of one duration: 0 bare, 1 h, 2 min, 3 d, 4 wd.
    fn style(&self, d: &mut Dice) -> usize {
        d.pick(if self.calendar { 5 } else { 4 })
    }

    fn time(&self, hours: f64, style: usize) -> String {
        match style {
            1 => quote(&format!("{}h", num(hours))),
            2 => quote(&format!("{}min", num(hours * 60.0))),
            3 => quote(&format!("{}d", num(hours / 24.0))),
            // The generated calendars are open 8 hours a day.
            4 => quote(&format!("{}wd", num(hours / 8.0))),
            _ => num(hours / self.unit_hours),
        }
    }
}

/// A duration with mean about `m` hours, of any distribution.
fn duration(d: &mut Dice, u: &Units, m: f64, kind: Kind) -> Val {
    let style = u.style(d);
    let t = |h: f64| leaf(kind, u.time(h, style));
    let dist = |n: &str, params: Vec<Entry>| {
        let mut e = vec![entry("dist", name(Kind::Dist, n))];
        e.extend(params);
        table(e)
    };
    match d.pick(11) {
        0 => dist("exponential", vec![entry("mean", t(m))]),
        1 => t(m),
        2 => dist("deterministic", vec![entry("value", t(m))]),
        3 => dist(
            "uniform",
            vec![entry("min", t(m / 2.0)), entry("max", t(m * 1.5))],
        ),
        4 => dist(
            "triangular",
            vec![
                entry("min", t(m / 2.0)),
                entry("mode", t(m)),
                entry("max", t(m * 2.0)),
            ],
        ),
        5 => dist("normal", vec![entry("mean", t(m)), entry("sd", t(m / 4.0))]),
        6 => dist(
            "lognormal",
            vec![entry("mean", t(m)), entry("sd", t(m / 2.0))],
        ),
        7 => dist("gamma", vec![entry("mean", t(m)), entry("sd", t(m / 2.0))]),
        8 => dist(
            "erlang",
            vec![entry("k", leaf(Kind::Unitless, "3")), entry("mean", t(m))],
        ),
        9 => dist(
            "weibull",
            vec![
                entry("shape", leaf(Kind::Unitless, "1.5")),
                entry("scale", t(m)),
            ],
        ),
        _ => dist(
            "empirical",
            vec![entry(
                "values",
                Val::Array(vec![t(m / 2.0), t(m), t(m * 1.5)]),
            )],
        ),
    }
}

const CHAIN: [&str; 4] = ["accept", "check", "survey", "review"];
const POOLS: [&str; 3] = ["desk", "review", "field"];
const CLASSES: [&str; 2] = ["standard", "urgent"];
const VARIANTS: [&str; 3] = ["lean", "digital", "fast"];

/// A small scenario, valid as generated but for rare combinations; with `variants`, one to
/// three redesigns.
fn scenario(d: &mut Dice, variants: bool) -> Doc {
    let mut doc = Doc::default();
    let (unit_name, unit_hours) = d.of(&[("hour", 1.0), ("minute", 1.0 / 60.0), ("day", 24.0)]);
    let calendar = d.one_in(2);
    let u = Units {
        unit_hours,
        calendar,
    };
    // Small horizons and rates keep each run to a few hundred cases.
    let horizon = d.of(&[40.0, 80.0, 160.0]);
    let mut s = vec![
        entry("name", name(Kind::Text, "fuzz")),
        entry("time_unit", name(Kind::TimeUnit, unit_name)),
        entry("horizon", leaf(Kind::Horizon, u.time(horizon, d.pick(3)))),
        entry(
            "warmup",
            leaf(Kind::Time, u.time(d.of(&[0.0, horizon / 10.0]), d.pick(2))),
        ),
        entry(
            "replications",
            leaf(Kind::Replications, (1 + d.pick(3)).to_string()),
        ),
        entry("seed", leaf(Kind::Seed, d.pick(1000).to_string())),
    ];
    if calendar {
        s.push(entry("calendar", name(Kind::Calendar, "office")));
        if d.one_in(2) {
            let date = d.of(&["2026-01-05", "2026-09-28", "2026-12-28"]);
            s.push(entry("start_date", name(Kind::Date, date)));
        }
    }
    doc.push(&["scenario"], false, s);

    if calendar {
        let mut c = vec![entry(
            "hours",
            names(Kind::Period, &["08:00-12:00", "13:00-17:00"]),
        )];
        if d.one_in(2) {
            c.insert(
                0,
                entry("include", name(Kind::File, "calendars/cn-2026.toml")),
            );
        }
        if d.one_in(3) {
            c.push(entry(
                "days",
                leaf(
                    Kind::Weekdays,
                    d.of(&[
                        r#"["mon", "tue", "wed", "thu", "fri"]"#,
                        r#"["mon", "tue", "wed", "thu", "fri", "sat"]"#,
                    ]),
                ),
            ));
        }
        if d.one_in(3) {
            c.push(entry(
                "holidays",
                leaf(Kind::Dates, r#"["2026-01-06", "2026-01-07"]"#),
            ));
        }
        if d.one_in(4) {
            c.push(entry("makeup_days", leaf(Kind::Dates, r#"["2026-01-10"]"#)));
        }
        if d.one_in(3) {
            c.push(entry("label", name(Kind::Text, "营业时间")));
        }
        doc.push(&["calendars", "office"], false, c);
    }

    let n_pools = 1 + d.pick(3);
    let mut pools = Vec::new();
    for p in &POOLS[..n_pools] {
        let size = leaf(Kind::PoolSize, (1 + d.pick(4)).to_string());
        // With a calendar, most pools work its hours.
        let on_calendar = calendar && d.pick(3) > 0;
        let v = if on_calendar || d.one_in(2) {
            let mut t = vec![entry("size", size)];
            if d.one_in(3) {
                t.push(entry("label", name(Kind::Text, "窗口")));
            }
            if on_calendar {
                t.push(entry("calendar", name(Kind::Calendar, "office")));
            }
            if d.one_in(3) {
                t.push(entry("availability", leaf(Kind::Availability, "0.5")));
            }
            if d.one_in(3) {
                t.push(entry("cost", leaf(Kind::Cost, "160000")));
            }
            table(t)
        } else {
            size
        };
        pools.push(named(p, v));
    }
    doc.push(&["pools"], false, pools);

    let n_classes = 1 + d.pick(2);
    let rate = d.of(&[0.25, 0.5, 1.0]) / n_classes as f64;
    let n = 2 + d.pick(3);
    let chain = &CHAIN[..n];
    let mut starts_late = false;
    let mut rate_given = false;
    for (i, c) in CLASSES[..n_classes].iter().enumerate() {
        let mut t = vec![entry("name", name(Kind::Class, c))];
        if d.one_in(3) {
            t.push(entry("label", name(Kind::Text, "低压居民")));
        }
        if d.one_in(4) {
            let style = d.pick(3);
            let mean = leaf(Kind::Interarrival, u.time(1.0 / rate, style));
            let dist = if d.one_in(2) {
                table(vec![
                    entry("dist", name(Kind::Dist, "exponential")),
                    entry("mean", mean),
                ])
            } else {
                table(vec![
                    entry("dist", name(Kind::Dist, "uniform")),
                    entry("min", leaf(Kind::Interarrival, u.time(0.5 / rate, style))),
                    entry("max", leaf(Kind::Interarrival, u.time(1.5 / rate, style))),
                ])
            };
            t.push(entry("arrival", dist));
        } else {
            rate_given |= i == 0;
            t.push(entry(
                "arrival_rate",
                leaf(Kind::Rate, num(rate * unit_hours)),
            ));
        }
        let start = if i == 1 && d.one_in(2) {
            starts_late = true;
            chain[1]
        } else {
            chain[0]
        };
        t.push(entry("start", name(Kind::Stage, start)));
        if d.one_in(3) {
            let limit = if calendar && d.one_in(2) {
                quote(&format!("{}wd", 1 + d.pick(10)))
            } else {
                u.time(24.0 * (1 + d.pick(5)) as f64, 1 + d.pick(3))
            };
            t.push(entry("limit", leaf(Kind::Time, limit)));
        }
        if i == 1 {
            t.push(entry("priority", leaf(Kind::Priority, "1")));
        }
        doc.push(&["classes"], true, t);
    }

    let fork = d.one_in(3);
    let join = if d.one_in(2) { "sign" } else { "end" };
    let tail = if fork { "split" } else { "end" };
    let mut info: Vec<StageInfo> = chain
        .iter()
        .map(|_| StageInfo {
            kind: 0,
            plain: false,
            entered: false,
            by_duration: false,
            by_next: false,
        })
        .collect();
    if starts_late {
        info[1].entered = true;
    }
    for (i, s) in chain.iter().enumerate() {
        let next = chain.get(i + 1).copied().unwrap_or(tail);
        let mut t = Vec::new();
        if d.one_in(4) {
            t.push(entry("label", name(Kind::Text, "现场勘查")));
        }
        let (m, work) = match d.pick(5) {
            3 => {
                t.push(entry("external", leaf(Kind::Flag, "true")));
                info[i].kind = 1;
                (d.of(&[1.0, 4.0]), Kind::Time)
            }
            4 => {
                t.push(entry("handoff", leaf(Kind::Flag, "true")));
                if calendar && d.one_in(2) {
                    t.push(entry("collect", name(Kind::Clock, "16:00")));
                }
                info[i].kind = 2;
                (d.of(&[0.5, 2.0]), Kind::Time)
            }
            _ => {
                let p = POOLS[d.pick(n_pools)];
                t.push(entry("pool", name(Kind::Pool, p)));
                (d.of(&[0.1, 0.25, 0.5]), Kind::Work)
            }
        };
        t.push(entry("duration", duration(d, &u, m, work)));
        let route = match d.pick(6) {
            3 if next != "end" => Val::Array(vec![
                table(vec![
                    entry("to", name(Kind::Stage, next)),
                    entry("p", leaf(Kind::Probability, "0.8")),
                ]),
                table(vec![
                    entry("to", name(Kind::Stage, "end")),
                    entry("p", leaf(Kind::Probability, "0.2")),
                ]),
            ]),
            4 if i > 0 => Val::Array(vec![
                table(vec![
                    entry(
                        "to",
                        name(Kind::Stage, {
                            let j = d.pick(i);
                            info[j].entered = true;
                            chain[j]
                        }),
                    ),
                    entry("p", leaf(Kind::Probability, "0.3")),
                ]),
                table(vec![
                    entry("to", name(Kind::Stage, next)),
                    entry("p", leaf(Kind::Probability, "0.7")),
                ]),
            ]),
            5 => {
                let p = if d.one_in(2) {
                    Val::Array(vec![
                        leaf(Kind::Probability, "0.4"),
                        leaf(Kind::Probability, "0.2"),
                    ])
                } else {
                    leaf(Kind::Probability, "0.3")
                };
                let j = d.pick(i + 1);
                info[j].entered = true;
                let mut r = vec![entry("rework", name(Kind::Stage, chain[j])), entry("p", p)];
                if d.one_in(2) {
                    r.push(entry("max", leaf(Kind::Max, (1 + d.pick(3)).to_string())));
                }
                r.push(entry("otherwise", name(Kind::Stage, next)));
                table(r)
            }
            _ => {
                info[i].plain = true;
                name(Kind::Stage, next)
            }
        };
        t.push(entry("next", route));
        if n_classes == 2 && d.one_in(4) {
            let o = if d.one_in(2) {
                info[i].by_duration = true;
                vec![entry("duration", duration(d, &u, m * 2.0, work))]
            } else {
                info[i].by_next = true;
                vec![entry("next", name(Kind::Stage, "end"))]
            };
            t.push(entry("by_class", table(vec![named("urgent", table(o))])));
        }
        if d.one_in(8) {
            t.push(entry(
                "streams",
                table(vec![entry("duration", name(Kind::Stage, chain[0]))]),
            ));
        }
        doc.push(&["stages", s], false, t);
    }
    if fork {
        doc.push(
            &["stages", "split"],
            false,
            vec![
                entry("external", leaf(Kind::Flag, "true")),
                entry("duration", leaf(Kind::Time, "0")),
                entry(
                    "next",
                    table(vec![
                        entry("fork", names(Kind::Stage, &["left", "right"])),
                        entry("join", name(Kind::Stage, join)),
                    ]),
                ),
            ],
        );
        let p = POOLS[d.pick(n_pools)];
        doc.push(
            &["stages", "left"],
            false,
            vec![
                entry("pool", name(Kind::Pool, p)),
                entry("duration", duration(d, &u, 0.25, Kind::Work)),
                entry("next", name(Kind::Stage, join)),
            ],
        );
        doc.push(
            &["stages", "right"],
            false,
            vec![
                entry("external", leaf(Kind::Flag, "true")),
                entry("duration", duration(d, &u, 2.0, Kind::Time)),
                entry("next", name(Kind::Stage, join)),
            ],
        );
        if join == "sign" {
            doc.push(
                &["stages", "sign"],
                false,
                vec![
                    entry("pool", name(Kind::Pool, POOLS[0])),
                    entry("duration", duration(d, &u, 0.1, Kind::Work)),
                    entry("next", name(Kind::Stage, "end")),
                ],
            );
        }
    }

    if variants || d.one_in(4) {
        let count = 1 + d.pick(VARIANTS.len());
        for (v, variant) in VARIANTS.iter().enumerate().take(count) {
            let mut t = Vec::new();
            if d.one_in(3) {
                t.push(entry("label", name(Kind::Text, "一窗受理")));
            }
            if d.one_in(4) {
                t.push(entry("description", name(Kind::Text, "merged steps")));
            }
            let mut used = Vec::new();
            let p = Process {
                chain,
                info: &info,
                n_classes,
                rate_given,
            };
            for _ in 0..1 + usize::from(d.one_in(3)) {
                let (k, val) = operator(d, &u, &p, v);
                if !used.contains(&k) {
                    used.push(k);
                    t.push(entry(k, val));
                }
            }
            doc.push(&["variants", variant], false, t);
        }
    }
    doc
}

/// What the redesign operators need to know of a generated stage of the main chain.
struct StageInfo {
    /// 0 staffed, 1 external, 2 hand-off.
    kind: u8,
    /// Whether its route is a plain `next = "stage"`.
    plain: bool,
    /// Whether a case can reach it other than from the stage before it (a rework loop, a
    /// branch back, a class starting there).
    entered: bool,
    /// Whether the second class has its own duration, or its own route, there.
    by_duration: bool,
    by_next: bool,
}

/// The generated process, as the redesign operators see it.
struct Process<'a> {
    chain: &'a [&'a str],
    info: &'a [StageInfo],
    n_classes: usize,
    /// Whether the first class has an `arrival_rate` (rather than an `arrival`).
    rate_given: bool,
}

impl Process<'_> {
    /// Runs of stages that can become one step: staffed stages in sequence, with at most a
    /// hand-off between them, entered only at the first.
    fn fusable(&self) -> Vec<Vec<usize>> {
        let mut out = Vec::new();
        for a in 0..self.chain.len() {
            let first = &self.info[a];
            if first.kind != 0 || !first.plain || first.by_next {
                continue;
            }
            let mut b = a + 1;
            if self
                .info
                .get(b)
                .is_some_and(|s| s.kind == 2 && s.plain && !s.entered)
            {
                b += 1;
            }
            if self.info.get(b).is_some_and(|s| s.kind == 0 && !s.entered)
                && self.info[a + 1].kind != 1
            {
                out.push(vec![a, b]);
            }
        }
        out
    }

    /// Runs of stages in direct sequence with plain routes, entered only at the first.
    fn sequences(&self) -> Vec<Vec<usize>> {
        let ok = |i: usize, first: bool| {
            let s = &self.info[i];
            s.plain && !s.by_next && (first || !s.entered)
        };
        let mut out = Vec::new();
        for a in 0..self.chain.len().saturating_sub(1) {
            if ok(a, true) && ok(a + 1, false) {
                out.push(vec![a, a + 1]);
                if a + 2 < self.chain.len() && ok(a + 2, false) {
                    out.push(vec![a, a + 1, a + 2]);
                }
            }
        }
        out
    }

    fn names(&self, run: &[usize]) -> Vec<&str> {
        run.iter().map(|&i| self.chain[i]).collect()
    }
}

/// One redesign operator of variant number `v`, as written in county.toml, on stages it
/// applies to where the process has them.
fn operator(d: &mut Dice, u: &Units, p: &Process, v: usize) -> (&'static str, Val) {
    let one_or_list = |d: &mut Dice, t: Val| {
        if d.one_in(3) { Val::Array(vec![t]) } else { t }
    };
    let fusable = p.fusable();
    let sequences = p.sequences();
    let handoffs: Vec<&str> = (0..p.chain.len())
        .filter(|&i| p.info[i].kind == 2)
        .map(|i| p.chain[i])
        .collect();
    let removable: Vec<&str> = (1..p.chain.len())
        .filter(|&i| p.info[i].plain && !p.info[i].entered)
        .map(|i| p.chain[i])
        .collect();
    match d.pick(7) {
        0 | 1 if !fusable.is_empty() => {
            let run = &fusable[d.pick(fusable.len())];
            let stages = names(Kind::Stage, &p.names(run));
            let by_duration = run.iter().any(|&i| p.info[i].by_duration);
            let mut t = if d.one_in(2) {
                let mut t = vec![
                    entry("stages", stages),
                    entry("duration", duration(d, u, 0.4, Kind::Work)),
                ];
                if d.one_in(3) {
                    t.push(entry("name", name(Kind::Stage, "merged")));
                }
                if d.one_in(3) {
                    t.push(entry("pool", name(Kind::Pool, POOLS[0])));
                }
                t
            } else {
                vec![
                    entry("classes", names(Kind::Class, &[CLASSES[0]])),
                    entry("stages", stages),
                    entry("pool", name(Kind::Pool, POOLS[0])),
                    entry("duration", duration(d, u, 0.5, Kind::Work)),
                    entry("name", name(Kind::Stage, "one_stop")),
                ]
            };
            let op = if t[0].key == "classes" {
                "one_stop"
            } else {
                "merge"
            };
            if d.one_in(4) {
                t.push(entry("label", name(Kind::Text, "一窗受理")));
            }
            if p.n_classes == 2 && (by_duration || d.one_in(3)) {
                t.push(entry(
                    "by_class",
                    table(vec![named(
                        "urgent",
                        table(vec![entry("duration", duration(d, u, 0.2, Kind::Work))]),
                    )]),
                ));
            }
            (op, one_or_list(d, table(t)))
        }
        2 if !sequences.is_empty() => {
            let run = &sequences[d.pick(sequences.len())];
            let t = vec![entry("stages", names(Kind::Stage, &p.names(run)))];
            ("parallel", one_or_list(d, table(t)))
        }
        3 if !handoffs.is_empty() => {
            let delay = if u.calendar && d.one_in(2) {
                quote("0.05wd")
            } else {
                quote("0.1h")
            };
            let mut t = vec![entry("delay", leaf(Kind::Time, delay))];
            if d.one_in(2) {
                t.push(entry("stages", names(Kind::Stage, &handoffs)));
            }
            ("digital_handoff", table(t))
        }
        4 if !removable.is_empty() => {
            let stage = removable[d.pick(removable.len())];
            let mut t = vec![entry("stages", names(Kind::Stage, &[stage]))];
            if d.one_in(2) {
                t.push(entry(
                    "classes",
                    names(Kind::Class, &[CLASSES[d.pick(p.n_classes)]]),
                ));
            }
            ("remove", one_or_list(d, table(t)))
        }
        5 if v > 0 => ("extends", names(Kind::Variant, &[VARIANTS[d.pick(v)]])),
        _ => {
            let t = match d.pick(3) {
                0 => named(
                    &format!("pools.{}", POOLS[0]),
                    leaf(Kind::PoolSize, (2 + d.pick(3)).to_string()),
                ),
                1 if p.rate_given => named(
                    &format!("classes.{}.arrival_rate", CLASSES[0]),
                    leaf(Kind::Rate, num(0.2 * u.unit_hours)),
                ),
                _ => named(
                    &format!("stages.{}.duration", p.chain[d.pick(p.chain.len())]),
                    duration(d, u, 0.2, Kind::Work),
                ),
            };
            ("set", table(vec![t]))
        }
    }
}

// ---------------------------------------------------------------- mutations

/// Values at the edges, by what a value means: extremes a scenario may well accept (zero,
/// the tiniest floats, the largest values allowed, units written loosely), and values it
/// must refuse (negative, NaN, infinite, too large, garbled units, wrong types). Which list
/// a value is in is a guess the properties do not depend on. Valid values that would only
/// make a run long (a rate of 1e308, a horizon of centuries, 100,000 replications, a rework
/// loop capped at four billion rounds) are left out: they are not wrong, just slow.
fn edges(kind: Kind) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        Kind::Time => (
            &[
                "0",
                "-0.0",
                "1e-300",
                "5e-324",
                "1e100",
                "9007199254740993",
                r#""3wd""#,
                r#""0.5wd""#,
                r#""2h""#,
                r#""0h""#,
                r#""-0h""#,
                r#""+2h""#,
                r#""2 h""#,
                r#"" 2h ""#,
                r#""30min""#,
                r#""1e-300min""#,
                r#""5e-324h""#,
                r#""3d""#,
                r#""9999999999999d""#,
            ],
            TIME_WRONG,
        ),
        Kind::Work => (
            &[
                "0",
                "5e-324",
                "1e-300",
                "1e20",
                "1e100",
                r#""5e-324h""#,
                r#""0.5wd""#,
                r#""9999999999999d""#,
                r#""2 h""#,
            ],
            TIME_WRONG,
        ),
        Kind::Horizon => (
            &["1", "1e-300", "5e-324", r#""2h""#, r#""40 h""#, r#""1d""#],
            &[
                "0",
                "-1",
                "1e308",
                "1e12",
                "nan",
                "inf",
                r#""3wd""#,
                r#""-3wd""#,
                r#""1e308d""#,
                r#""9999999999999d""#,
                r#""""#,
                "true",
            ],
        ),
        Kind::Interarrival => (
            &["1e100", "1e99", r#""2h""#, r#""3d""#],
            &[
                "0",
                "-1",
                "1e308",
                "nan",
                "inf",
                "-inf",
                r#""-3wd""#,
                r#""2x""#,
                r#""""#,
                "[]",
            ],
        ),
        Kind::Rate => (
            &["1e-300", "5e-324", "1e-9"],
            &[
                "0", "-2", "-0.0", "nan", "inf", "-inf", r#""1""#, "true", "[1]",
            ],
        ),
        Kind::Replications => (
            &["1", "3"],
            &[
                "0",
                "-1",
                "1.5",
                "1e308",
                "100001",
                "9223372036854775807",
                "-9223372036854775808",
                r#""2""#,
                "nan",
                "true",
            ],
        ),
        Kind::PoolSize => (
            &["1", "99999", "100000"],
            &[
                "0",
                "-1",
                "1.5",
                "1e308",
                "100001",
                "4294967296",
                "9223372036854775807",
                "-9223372036854775808",
                r#""2""#,
                "nan",
                "{}",
            ],
        ),
        Kind::Max => (
            &["0", "1"],
            &[
                "-1",
                "1.5",
                "4294967295",
                "4294967296",
                "1e308",
                r#""2""#,
                "nan",
            ],
        ),
        Kind::Probability => (
            &[
                "0",
                "1",
                "1e-300",
                "5e-324",
                "0.9999999999",
                "[1.0]",
                "[0, 1]",
                "[1, 0]",
            ],
            &[
                "-0.1",
                "1.5",
                "nan",
                "inf",
                r#""0.5""#,
                "1.0000000001",
                "[]",
                "[0.5, nan]",
                "[0.2, -1]",
                "true",
            ],
        ),
        Kind::Seed => (
            &["0", "9223372036854775807"],
            &["-1", "1.5", r#""1""#, "nan", "1e308"],
        ),
        Kind::Priority => (
            &["-9223372036854775808", "9223372036854775807", "-1", "0"],
            &["1.5", r#""1""#, "nan"],
        ),
        Kind::Availability => (
            &["1", "1e-9", "1e-300", "2.2250738585072014e-308", "5e-324"],
            &["0", "1.0000001", "-0.5", "nan", r#""0.5""#],
        ),
        Kind::Cost => (
            &["0", "-0.0", "1e308", "1.7976931348623157e308"],
            &["-1", "nan", "inf", r#""1""#],
        ),
        Kind::Unitless => (
            &["1", "1e15", "0.0121", "1e308"],
            &[
                "0", "-1", "nan", "inf", r#""2""#, "1e-300", "0.0119", r#""3h""#,
            ],
        ),
        Kind::Text => (
            &[
                r#""""#,
                r#""受理""#,
                r#""a\nb""#,
                r#""\u0000""#,
                r#""𝄞 \t \u202e end""#,
            ],
            &["1", "true", "[]"],
        ),
        Kind::Flag => (&["false"], &["1", r#""true""#, "0"]),
        Kind::Date => (
            &[
                r#""9999-12-31""#,
                r#""0001-01-01""#,
                r#""262143-12-31""#,
                r#""2026-12-31""#,
                r#""1970-01-01""#,
                r#""2026-1-5""#,
            ],
            &[
                r#""2026-02-30""#,
                r#""2026/01/05""#,
                r#""""#,
                r#""+262143-12-31""#,
                r#""-0001-01-01""#,
                "2026-01-05",
                "20260105",
            ],
        ),
        Kind::Dates => (
            &[
                "[]",
                r#"["2026-01-05", "2026-01-05"]"#,
                r#"["9999-12-31"]"#,
                r#"["262143-12-31"]"#,
                SIX_WEEKS_OFF,
            ],
            &[r#"["2026-02-30"]"#, r#""2026-01-06""#, "[1]"],
        ),
        Kind::Clock => (
            &[
                r#""00:00""#,
                r#""23:59""#,
                r#""24:00""#,
                "[]",
                r#"["16:00", "16:00"]"#,
                r#"["08:00", "12:00", "16:00"]"#,
            ],
            &[
                r#""25:00""#,
                r#""16:60""#,
                r#""""#,
                r#""16""#,
                r#""-1:00""#,
                r#""23:59:59""#,
                "16",
                r#""4pm""#,
            ],
        ),
        Kind::Period => (
            &[
                r#""00:00-24:00""#,
                r#""00:00-00:01""#,
                r#""23:59-24:00""#,
                r#""10:00-14:00""#,
                r#""12:00-13:00""#,
            ],
            &[
                r#""12:00-08:00""#,
                r#""08:00-08:00""#,
                r#""25:00-26:00""#,
                r#""garbage""#,
                r#""08:00-12:00-13:00""#,
                "8",
            ],
        ),
        Kind::Weekdays => (
            &[
                "[]",
                r#"["sun"]"#,
                r#"["mon", "mon"]"#,
                r#"["sat", "sun"]"#,
                r#"["mon", "tue", "wed", "thu", "fri", "sat", "sun"]"#,
            ],
            &[r#"["Mon"]"#, r#"["monday"]"#, r#""mon""#],
        ),
        Kind::TimeUnit => (
            &[r#""minute""#, r#""hour""#, r#""day""#],
            &[
                r#""hours""#,
                r#""Hour""#,
                r#""fortnight""#,
                r#""""#,
                r#""h""#,
                "1",
            ],
        ),
        Kind::File => (
            &[r#""calendars/cn-2026.toml""#],
            &[
                r#""calendars/none.toml""#,
                r#""""#,
                r#"".""#,
                r#""calendars""#,
                "1",
            ],
        ),
        // Names get their candidates from the scenario (see `other_names`).
        Kind::Pool | Kind::Stage | Kind::Class | Kind::Calendar | Kind::Variant | Kind::Dist => {
            (&[], &[])
        }
    }
}

/// Times a scenario must refuse.
const TIME_WRONG: &[&str] = &[
    "-1",
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "-inf",
    "1.0000001e100",
    r#""-3wd""#,
    r#""2""#,
    r#""2hours""#,
    r#""h""#,
    r#""""#,
    r#""1e308d""#,
    r#""1e99d""#,
    r#""nan""#,
    r#""NaNh""#,
    r#""1e3h""#,
    r#""3WD""#,
    r#""1_000h""#,
    r#""2x""#,
    r#""２h""#,
    "true",
    "[1, 2]",
    "{}",
    "2026-01-05",
];

/// Six weeks of holidays from New Year 2026: a calendar that opens only after a run that
/// starts on the default date has ended.
const SIX_WEEKS_OFF: &str = r#"["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09", "2026-01-10", "2026-01-11", "2026-01-12", "2026-01-13", "2026-01-14", "2026-01-15", "2026-01-16", "2026-01-17", "2026-01-18", "2026-01-19", "2026-01-20", "2026-01-21", "2026-01-22", "2026-01-23", "2026-01-24", "2026-01-25", "2026-01-26", "2026-01-27", "2026-01-28", "2026-01-29", "2026-01-30", "2026-01-31", "2026-02-01", "2026-02-02", "2026-02-03", "2026-02-04", "2026-02-05", "2026-02-06", "2026-02-07", "2026-02-08", "2026-02-09", "2026-02-10"]"#;

/// Values of the wrong type for anything.
const GARBAGE: &[&str] = &[
    r#""""#,
    "{}",
    "[]",
    "[[]]",
    "true",
    "-1",
    "nan",
    r#""x""#,
    "{ a = 1 }",
    "1979-05-27T07:32:00Z",
    "'lit'",
    "\"\"\"multi\nline\"\"\"",
];

/// Names a reference or a definition may be changed to: near misses, reserved words, the
/// names of other things.
fn other_names(current: &str, doc: &Doc) -> Vec<String> {
    let mut typo: Vec<char> = current.chars().collect();
    if typo.len() >= 3 {
        typo.swap(1, 2);
    } else {
        typo.push('x');
    }
    let mut out: Vec<String> = vec![
        typo.into_iter().collect(),
        "nope".into(),
        String::new(),
        "end".into(),
        "all".into(),
        "current".into(),
        "受理".into(),
        "a.b".into(),
        "x y".into(),
        "exponentail".into(),
    ];
    out.extend(doc.defined_names());
    out
}

/// The mutations each test draws from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    /// A number, unit or date at the edge.
    EdgeNumber,
    /// A number, unit or date at the edge, of those a scenario may accept.
    Extreme,
    /// A name replaced by another (unknown, reserved, of another family).
    EdgeName,
    /// Any value replaced by one of the wrong type.
    Garbage,
    /// An entry or an array element removed, or written twice.
    Remove,
    Duplicate,
    /// A key added where it does not belong.
    UnknownKey,
    /// A whole table removed, or written twice.
    RemoveTable,
    DuplicateTable,
    /// A stage, variant, calendar, pool, `by_class` class or `set` path renamed.
    Rename,
    /// A stage's route replaced by a loop, a self-reference or a malformed fork.
    Reroute,
    /// The file cut short.
    Truncate,
    /// A line of broken or misplaced TOML inserted.
    GarbageLine,
}

/// A mutation: what to do, and three choices that say where and with which value.
#[derive(Clone, Debug)]
struct Mutation {
    op: Op,
    a: Index,
    b: Index,
    c: Index,
}

fn mutation(ops: &'static [Op]) -> impl Strategy<Value = Mutation> {
    (0..ops.len(), any::<Index>(), any::<Index>(), any::<Index>()).prop_map(move |(k, a, b, c)| {
        Mutation {
            op: ops[k],
            a,
            b,
            c,
        }
    })
}

/// Keys added by [`Op::UnknownKey`], besides near misses of the keys already there.
const UNKNOWN_KEYS: &[&str] = &[
    "servers", "dist", "label", "stages", "p", "受理", "", "next", "size", "mean",
];

/// Lines inserted by [`Op::GarbageLine`]: broken TOML, tables defined twice, empty and
/// reserved names, a variant extending itself.
const GARBAGE_LINES: &[&str] = &[
    "= 3",
    "[stages.",
    "x = \"unterminated",
    "受理 = 1",
    "\"\" = 1",
    "[\"\"]",
    "[[scenario]]",
    "[pools]",
    "[stages.accept]",
    "key = ",
    "a.b.c = 1",
    "[scenario.x]",
    "\u{feff}",
    "\u{0}",
    "[variants.x]\nextends = [\"x\"]",
    "[variants.current]\nset = { \"pools.desk\" = 2 }",
    "[variants.y]\nmerge = { stages = [\"accept\", \"accept\"], duration = 1 }",
    "[calendars]",
    "[[classes]]\nname = \"standard\"\narrival_rate = 0.1\nstart = \"accept\"",
    "[stages.end]\nexternal = true\nduration = 1\nnext = \"end\"",
    "[stages.all]\nexternal = true\nduration = 1\nnext = \"end\"",
];

/// Applies a mutation to the document (mutations of the text are [`apply_text`]'s).
fn apply(doc: &mut Doc, m: &Mutation) {
    match m.op {
        Op::EdgeNumber | Op::Extreme | Op::EdgeName | Op::Garbage => {
            let wanted = |k: Kind| match m.op {
                Op::EdgeNumber | Op::Extreme => !k.is_name(),
                Op::EdgeName => k.is_name(),
                _ => true,
            };
            let leaves: Vec<(Spot, Kind)> = doc
                .leaves()
                .into_iter()
                .filter(|(_, k)| wanted(*k))
                .collect();
            // A kind first, then a value of that kind: rare kinds (an availability, a cost,
            // a date) are hit as often as the many durations.
            let mut kinds: Vec<Kind> = Vec::new();
            for (_, k) in &leaves {
                if !kinds.contains(k) {
                    kinds.push(*k);
                }
            }
            if kinds.is_empty() {
                return;
            }
            let kind = kinds[m.a.index(kinds.len())];
            let of_kind: Vec<&Spot> = leaves
                .iter()
                .filter(|(_, k)| *k == kind)
                .map(|(s, _)| s)
                .collect();
            let (t, steps) = of_kind[m.c.index(of_kind.len())].clone();
            let value = if m.op == Op::Garbage {
                GARBAGE[m.b.index(GARBAGE.len())].to_string()
            } else if kind.is_name() {
                let current = match doc.val_mut(t, &steps) {
                    Some(Val::Leaf(_, raw)) => raw.trim_matches('"').to_string(),
                    _ => String::new(),
                };
                let mut candidates: Vec<String> = other_names(&current, doc)
                    .iter()
                    .map(|n| quote(n))
                    .collect();
                if kind == Kind::Dist {
                    candidates.extend(
                        [
                            "erlang",
                            "empirical",
                            "deterministic",
                            "poisson",
                            "Exponential",
                        ]
                        .map(quote),
                    );
                }
                candidates.extend(["1".to_string(), r#"["x"]"#.to_string()]);
                candidates[m.b.index(candidates.len())].clone()
            } else {
                let (extremes, wrong) = edges(kind);
                let e: Vec<&str> = if m.op == Op::Extreme {
                    extremes.to_vec()
                } else {
                    extremes.iter().chain(wrong).copied().collect()
                };
                e[m.b.index(e.len())].to_string()
            };
            if let Some(Val::Leaf(_, raw)) = doc.val_mut(t, &steps) {
                *raw = value;
            }
        }
        Op::Remove | Op::Duplicate => {
            let spots = doc.spots();
            if spots.is_empty() {
                return;
            }
            let (t, steps) = spots[m.a.index(spots.len())].clone();
            let remove = matches!(m.op, Op::Remove);
            match doc.holder_mut(t, &steps) {
                Some(Holder::Entries(entries, i)) if remove => {
                    entries.remove(i);
                }
                Some(Holder::Entries(entries, i)) => {
                    let e = entries[i].clone();
                    entries.insert(i + 1, e);
                }
                Some(Holder::Items(items, i)) if remove => {
                    items.remove(i);
                }
                Some(Holder::Items(items, i)) => {
                    let x = items[i].clone();
                    items.insert(i + 1, x);
                }
                None => {}
            }
        }
        Op::UnknownKey => {
            // A top-level table, or an inline table anywhere.
            let mut holders: Vec<Spot> = (0..doc.tables.len()).map(|t| (t, Vec::new())).collect();
            for (t, steps) in doc.spots() {
                if matches!(doc.val_mut(t, &steps), Some(Val::Table(_))) {
                    holders.push((t, steps));
                }
            }
            if holders.is_empty() {
                return;
            }
            let (t, steps) = holders[m.a.index(holders.len())].clone();
            let entries = if steps.is_empty() {
                &mut doc.tables[t].entries
            } else {
                match doc.val_mut(t, &steps) {
                    Some(Val::Table(entries)) => entries,
                    _ => return,
                }
            };
            let mut keys: Vec<String> = UNKNOWN_KEYS.iter().map(|s| s.to_string()).collect();
            // A near miss of a key that is there.
            keys.extend(entries.iter().map(|e| format!("{}s", e.key)));
            let k = keys[m.b.index(keys.len())].clone();
            let at = m.c.index(entries.len() + 1);
            entries.insert(at, entry(&k, leaf(Kind::Unitless, "3")));
        }
        Op::RemoveTable => {
            if !doc.tables.is_empty() {
                let i = m.a.index(doc.tables.len());
                doc.tables.remove(i);
            }
        }
        Op::DuplicateTable => {
            if !doc.tables.is_empty() {
                let i = m.a.index(doc.tables.len());
                let t = doc.tables[i].clone();
                let at = m.b.index(doc.tables.len() + 1);
                doc.tables.insert(at, t);
            }
        }
        Op::Rename => {
            // Definitions: stage, variant and calendar tables; pools; class names under
            // `by_class`; `set` paths.
            let mut spots: Vec<Spot> = doc
                .tables
                .iter()
                .enumerate()
                .filter(|(_, t)| {
                    t.header.len() == 2
                        && ["stages", "variants", "calendars"].contains(&t.header[0].as_str())
                })
                .map(|(i, _)| (i, Vec::new()))
                .collect();
            for (t, steps) in doc.spots() {
                if let Some(Holder::Entries(entries, i)) = doc.holder_mut(t, &steps)
                    && entries[i].named
                {
                    spots.push((t, steps));
                }
            }
            if spots.is_empty() {
                return;
            }
            let (t, steps) = spots[m.a.index(spots.len())].clone();
            if steps.is_empty() {
                let current = doc.tables[t].header[1].clone();
                let candidates = other_names(&current, doc);
                doc.tables[t].header[1] = candidates[m.b.index(candidates.len())].clone();
            } else {
                let current = match doc.holder_mut(t, &steps) {
                    Some(Holder::Entries(entries, i)) => entries[i].key.clone(),
                    _ => return,
                };
                let mut candidates = other_names(&current, doc);
                // A `set` path that reaches somewhere else, or nowhere.
                candidates.extend(
                    [
                        "scenario.seed",
                        "pools.nope",
                        "stages.accept.next[0].p",
                        "stages.accept.duration.mean",
                        "classes[5].arrival_rate",
                        "classes.urgent.priority",
                        "stages..duration",
                        "[0]",
                        "variants.lean",
                    ]
                    .map(String::from),
                );
                let new = candidates[m.b.index(candidates.len())].clone();
                if let Some(Holder::Entries(entries, i)) = doc.holder_mut(t, &steps) {
                    entries[i].key = new;
                }
            }
        }
        Op::Reroute => {
            let stages = doc.stage_tables();
            if stages.is_empty() {
                return;
            }
            let t = stages[m.a.index(stages.len())];
            let all: Vec<String> = stages
                .iter()
                .map(|&i| doc.tables[i].header[1].clone())
                .collect();
            let me = doc.tables[t].header[1].clone();
            let x = all[m.b.index(all.len())].as_str();
            let y = all[m.c.index(all.len())].as_str();
            let s = |n: &str| name(Kind::Stage, n);
            let p = |x: &str| leaf(Kind::Probability, x);
            let branch = |to: &str, q: &str| table(vec![entry("to", s(to)), entry("p", p(q))]);
            let route = match (m.b.index(7919) + m.c.index(7919)) % 13 {
                0 => s(&me),
                1 => s(x),
                2 => Val::Array(vec![branch(x, "1.0"), branch("end", "0.0")]),
                3 => Val::Array(vec![branch(x, "0.5"), branch(&me, "0.5")]),
                4 => table(vec![
                    entry("rework", s(x)),
                    entry("p", p("1")),
                    entry("max", leaf(Kind::Max, "3")),
                    entry("otherwise", s(&me)),
                ]),
                5 => table(vec![
                    entry("rework", s(&me)),
                    entry("p", p("0.5")),
                    entry("otherwise", s(x)),
                ]),
                6 => table(vec![
                    entry("fork", Val::Array(vec![s(x), s(&me)])),
                    entry("join", s(y)),
                ]),
                7 => table(vec![
                    entry("fork", Val::Array(vec![s(x), s(x)])),
                    entry("join", s(x)),
                ]),
                8 => table(vec![
                    entry("fork", Val::Array(vec![s(x), s(y)])),
                    entry("join", s(&me)),
                ]),
                9 => table(vec![
                    entry("fork", Val::Array(vec![s(x), s(y)])),
                    entry("join", s("end")),
                ]),
                10 => table(vec![
                    entry("fork", Val::Array(vec![s(x)])),
                    entry("join", s(y)),
                ]),
                11 => table(vec![entry("join", s(y))]),
                _ => s("end"),
            };
            let entries = &mut doc.tables[t].entries;
            match entries.iter_mut().find(|e| e.key == "next") {
                Some(e) => e.val = route,
                None => entries.push(entry("next", route)),
            }
        }
        Op::Truncate | Op::GarbageLine => {}
    }
}

/// Mutations of the text itself, after the document is written.
fn apply_text(text: &mut String, m: &Mutation) {
    match m.op {
        Op::Truncate => {
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            text.truncate(bounds[m.a.index(bounds.len())]);
        }
        Op::GarbageLine => {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            let at = starts[m.a.index(starts.len())];
            let line = GARBAGE_LINES[m.b.index(GARBAGE_LINES.len())];
            text.insert_str(at, &format!("{line}\n"));
        }
        _ => {}
    }
}

/// Scenario files: a generated scenario (with redesigns when `variants`), then `count`
/// mutations drawn from `ops`.
fn scenarios(
    variants: bool,
    ops: &'static [Op],
    count: std::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = String> {
    (
        prop::collection::vec(any::<u32>(), 96),
        prop::collection::vec(mutation(ops), count),
    )
        .prop_map(move |(rolls, mutations)| {
            let mut doc = scenario(
                &mut Dice {
                    rolls: &rolls,
                    at: 0,
                },
                variants,
            );
            for m in &mutations {
                apply(&mut doc, m);
            }
            let mut text = doc.render();
            for m in &mutations {
                apply_text(&mut text, m);
            }
            text
        })
}

// ---------------------------------------------------------------- the properties

/// Top-level keys of a scenario: where every problem path starts.
const TOP_KEYS: &[&str] = &[
    "scenario",
    "calendars",
    "pools",
    "classes",
    "stages",
    "variants",
];

/// Runs the binary in `dir`; a command that takes longer than `timeout` seconds is killed,
/// and then has no exit code.
fn expansim(args: &[OsString], dir: &Path, timeout: u64) -> Output {
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_expansim"))
        .args(args)
        .current_dir(dir)
        .timeout(Duration::from_secs(timeout))
        .output()
        .expect("expansim starts")
}

/// `list`, then the scenario file.
fn args(list: &[&str], file: &Path) -> Vec<OsString> {
    let mut out: Vec<OsString> = list.iter().map(OsString::from).collect();
    out.push(file.as_os_str().to_owned());
    out
}

/// What a failure message shows: the command, its output and the scenario file.
fn report(what: &str, command: &[OsString], out: &Output, text: &str) -> String {
    let command: Vec<String> = command
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    format!(
        "{what}\ncommand: expansim {}\nexit: {:?}\n--- stderr ---\n{}\n--- stdout (start) ---\n{}\n--- scenario ---\n{text}\n--- end of scenario ---",
        command.join(" "),
        out.status.code(),
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
            .chars()
            .take(2000)
            .collect::<String>(),
    )
}

/// The exit code, after checking that the command finished by itself without a panic and
/// with one of the documented codes.
fn exit_code(command: &[OsString], out: &Output, text: &str) -> Result<i32, TestCaseError> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let Some(code) = out.status.code() else {
        return Err(TestCaseError::fail(report(
            "killed: no exit code (timed out, or ended by a signal)",
            command,
            out,
            text,
        )));
    };
    if code == 101 || stderr.contains("panicked") {
        return Err(TestCaseError::fail(report("panicked", command, out, text)));
    }
    if !matches!(code, 0..=2) {
        return Err(TestCaseError::fail(report(
            "exit code other than 0, 1 or 2",
            command,
            out,
            text,
        )));
    }
    Ok(code)
}

/// Whether a refusal says where the problem is: the file, and each problem's TOML path, or
/// the line of a syntax error.
fn says_where(stderr: &str, file: &Path, text: &str) -> Result<(), String> {
    let file = file.display().to_string();
    if !stderr.contains(&format!("'{file}'")) {
        return Err(format!("the message does not name the file '{file}'"));
    }
    if stderr.contains("is not valid TOML") {
        let has_line = stderr
            .match_indices("line ")
            .any(|(i, _)| stderr[i + 5..].starts_with(|c: char| c.is_ascii_digit()));
        return if has_line {
            Ok(())
        } else {
            Err("a syntax error without its line".to_string())
        };
    }
    let problems: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("  - "))
        .collect();
    if problems.is_empty() {
        return Err("no problem listed".to_string());
    }
    for p in problems {
        // "PATH: message"; a path starts with a top-level key of the file (a known one, or
        // an unknown one reported as such).
        let path = p.split_once(": ").map_or("", |(path, _)| path);
        let first = path.split(['.', '[', ' ']).next().unwrap_or("");
        let written = [
            format!("{first} ="),
            format!("{first}."),
            format!("\"{first}\" ="),
            format!("[{first}"),
            format!("[\"{first}\""),
        ];
        let in_file = !first.is_empty()
            && text.lines().any(|l| {
                written
                    .iter()
                    .any(|w| l.trim_start().starts_with(w.as_str()))
            });
        if !(TOP_KEYS.contains(&first) || in_file) {
            return Err(format!("a problem without its TOML path: {p:?}"));
        }
    }
    Ok(())
}

/// The variants `validate` lists for a valid file.
fn variants_listed(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .find_map(|l| l.split_once(": ok, with variants "))
        .map(|(_, v)| v.split(", ").map(str::to_string).collect())
        .unwrap_or_default()
}

/// Checks one scenario file (see the top of this file); the exit codes of validate and run.
fn check(text: &str, dir: &Path, file: &Path) -> Result<(i32, i32), TestCaseError> {
    std::fs::write(file, text).expect("scenario written");
    let validate = args(&["validate"], file);
    let v_out = expansim(&validate, dir, 30);
    let v = exit_code(&validate, &v_out, text)?;
    let v_err = String::from_utf8_lossy(&v_out.stderr);
    if v == 2
        && let Err(e) = says_where(&v_err, file, text)
    {
        return Err(TestCaseError::fail(report(&e, &validate, &v_out, text)));
    }
    if v == 2 {
        // In Chinese, each problem reads in Chinese after its path.
        let zh = args(&["validate", "--lang", "zh"], file);
        let z_out = expansim(&zh, dir, 30);
        let z_err = String::from_utf8_lossy(&z_out.stderr);
        let chinese = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        if let Some(line) = z_err
            .lines()
            .find(|l| l.starts_with("  - ") && !l.split_once('：').is_some_and(|(_, m)| chinese(m)))
        {
            return Err(TestCaseError::fail(report(
                &format!("a problem not in Chinese: {line}"),
                &zh,
                &z_out,
                text,
            )));
        }
    }

    // The file's own replications and horizon (both small): `--replications` would be a
    // `--set` that repairs a bad or missing value, so run would accept what validate refuses.
    let out_dir = dir.join("out");
    let mut run = vec![
        OsString::from("run"),
        "--quiet".into(),
        "--jobs".into(),
        "1".into(),
        "--force".into(),
        "--out".into(),
        out_dir.into_os_string(),
    ];
    run.push(file.as_os_str().to_owned());
    let r_out = expansim(&run, dir, 120);
    let r = exit_code(&run, &r_out, text)?;
    if r == 2
        && let Err(e) = says_where(&String::from_utf8_lossy(&r_out.stderr), file, text)
    {
        return Err(TestCaseError::fail(report(&e, &run, &r_out, text)));
    }
    if (v == 0) != (r != 2) {
        return Err(TestCaseError::fail(format!(
            "validate exits {v} but run exits {r}\n--- validate stderr ---\n{v_err}\n{}",
            report("run:", &run, &r_out, text)
        )));
    }
    if v != 0 {
        return Ok((v, r));
    }

    // What show prints runs as it is: it validates again, for the current process and for a
    // variant (a redesign's document is built by its operators).
    let mut shows = vec![args(&["show"], file)];
    if let Some(name) = variants_listed(&String::from_utf8_lossy(&v_out.stdout)).first() {
        shows.push(args(&["show", "--variant", name], file));
    }
    let shown = dir.join("shown.toml");
    for show in shows {
        let s_out = expansim(&show, dir, 30);
        let s = exit_code(&show, &s_out, text)?;
        if s != 0 {
            return Err(TestCaseError::fail(report(
                "show fails on a valid file",
                &show,
                &s_out,
                text,
            )));
        }
        std::fs::write(&shown, &s_out.stdout).expect("shown scenario written");
        let again = args(&["validate"], &shown);
        let a_out = expansim(&again, dir, 30);
        let a = exit_code(&again, &a_out, text)?;
        if a != 0 {
            return Err(TestCaseError::fail(format!(
                "what show prints does not validate\n--- shown ---\n{}\n{}",
                String::from_utf8_lossy(&s_out.stdout),
                report("validate of the shown file:", &again, &a_out, text)
            )));
        }
    }
    Ok((v, r))
}

/// Runs `cases` files from `strategy` through [`check`], seeded so every run sees the same
/// files; no regression files are written. At least `valid` and `refused` of the files must
/// be valid and invalid respectively, so that a generator gone wrong (everything broken, or
/// nothing) does not pass unnoticed.
fn fuzz(
    label: &str,
    seed: u8,
    cases: u32,
    valid: u32,
    refused: u32,
    strategy: impl Strategy<Value = String>,
) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join(format!("{label}.toml"));
    let config = Config {
        cases,
        failure_persistence: None,
        // Each case starts processes: keep shrinking to a bounded time.
        max_shrink_iters: 200,
        max_shrink_time: 120_000,
        ..Config::default()
    };
    let mut runner = TestRunner::new_with_rng(
        config,
        TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]),
    );
    let (accepted, rejected, failed) = (Cell::new(0), Cell::new(0), Cell::new(0));
    let started = Instant::now();
    let result = runner.run(&strategy, |text| {
        let (v, r) = check(&text, dir.path(), &file)?;
        let counter = if v == 0 { &accepted } else { &rejected };
        counter.set(counter.get() + 1);
        failed.set(failed.get() + u32::from(r == 1));
        Ok(())
    });
    match result {
        // The reason holds the scenario as written; the shrunk input would repeat it escaped.
        Err(TestError::Fail(reason, _)) => panic!("{label}: {reason}"),
        Err(e) => panic!("{label}: {e}"),
        Ok(()) => {}
    }
    eprintln!(
        "{label}: {cases} files, {} valid, {} refused, {} runs ending with exit 1, {:.1} s",
        accepted.get(),
        rejected.get(),
        failed.get(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        accepted.get() >= valid && rejected.get() >= refused,
        "{label}: expected at least {valid} valid and {refused} refused files, got {} and {}",
        accepted.get(),
        rejected.get()
    );
}

#[test]
fn generated_scenarios_validate_run_and_show() {
    fuzz(
        "as-generated",
        1,
        800,
        750,
        0,
        scenarios(false, &[Op::Remove], 0..=0),
    );
}

#[test]
fn extreme_values_a_scenario_may_accept() {
    const OPS: &[Op] = &[Op::Extreme];
    fuzz("extremes", 2, 1500, 500, 100, scenarios(false, OPS, 1..=3));
}

#[test]
fn numbers_units_and_dates_at_the_edges() {
    const OPS: &[Op] = &[Op::EdgeNumber, Op::EdgeNumber, Op::EdgeNumber, Op::Garbage];
    fuzz(
        "edge-numbers",
        3,
        1200,
        100,
        500,
        scenarios(false, OPS, 1..=2),
    );
}

#[test]
fn missing_duplicated_and_unknown_keys_names_and_broken_toml() {
    const OPS: &[Op] = &[
        Op::EdgeName,
        Op::Remove,
        Op::Duplicate,
        Op::UnknownKey,
        Op::RemoveTable,
        Op::DuplicateTable,
        Op::Rename,
        Op::Truncate,
        Op::GarbageLine,
    ];
    fuzz("names-keys", 4, 1500, 50, 700, scenarios(false, OPS, 1..=2));
}

#[test]
fn routing_cycles_and_redesign_operators() {
    const OPS: &[Op] = &[
        Op::Reroute,
        Op::Reroute,
        Op::EdgeName,
        Op::EdgeName,
        Op::Remove,
        Op::Duplicate,
        Op::Rename,
        Op::Extreme,
    ];
    fuzz(
        "routes-variants",
        5,
        1200,
        200,
        400,
        scenarios(true, OPS, 0..=2),
    );
}
