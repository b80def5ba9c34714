//! Per-case outputs from traced replications: `event_log.csv` and `event_log.xes` for
//! process-mining tools, and `cases.csv`.
//!
//! Times become ISO 8601 timestamps with a zone: simulated time 0 is 00:00 on the
//! scenario's `start_date`, in China Standard Time (+08:00).

use std::collections::BTreeSet;
use std::fmt::Write;

use chrono::{FixedOffset, NaiveDateTime, TimeZone};

use crate::engine::{Activity, CaseRecord, Trace};
use crate::export::esc as xml;
use crate::export::number;
use crate::scenario::Model;
use crate::scenario::model::StageKind;

/// The zone of every timestamp: China Standard Time, UTC+8.
pub const UTC_OFFSET_SECONDS: i32 = 8 * 3600;

/// Columns of `event_log.csv`.
pub const EVENT_LOG_HEADER: [&str; 11] = [
    "case:concept:name",
    "concept:name",
    "org:resource",
    "start_timestamp",
    "time:timestamp",
    "enabled_time",
    "variant",
    "replication",
    "case:class",
    "activity_label",
    "member",
];

/// The traced replication of one variant, with the cases to write.
#[derive(Debug, Clone, Copy)]
pub struct Traced<'a> {
    /// Variant name.
    pub variant: &'a str,
    /// Replication index.
    pub replication: u32,
    /// The model that ran.
    pub model: &'a Model,
    /// Its trace (which holds the cases chosen for the logs; see
    /// [`crate::engine::simulate_traced`]).
    pub trace: &'a Trace,
}

impl Traced<'_> {
    /// Case numbers to write: the traced cases that finished (an unfinished case has
    /// activities but no row in cases.csv, so it is left out of the logs too).
    fn chosen(&self) -> BTreeSet<u64> {
        self.trace.cases.iter().map(|c| c.case).collect()
    }

    fn case_id(&self, case: u64) -> String {
        format!("{}:{}:{}", self.variant, self.replication, case)
    }

    fn resource(&self, stage: u32) -> &str {
        match &self.model.stages[stage as usize].kind {
            StageKind::Staffed { pool } => &self.model.pools[*pool as usize].name,
            StageKind::External => "customer",
            StageKind::Handoff { .. } => "handoff",
        }
    }

    /// Activities of the chosen cases, by case and then in order of start.
    fn activities(&self) -> Vec<&Activity> {
        let chosen = self.chosen();
        let mut acts: Vec<&Activity> = self
            .trace
            .activities
            .iter()
            .filter(|a| chosen.contains(&a.case))
            .collect();
        acts.sort_by(|a, b| {
            a.case
                .cmp(&b.case)
                .then(a.start.total_cmp(&b.start))
                .then(a.end.total_cmp(&b.end))
        });
        acts
    }

    /// The finished cases, by case number.
    fn cases(&self) -> Vec<&CaseRecord> {
        let mut cases: Vec<&CaseRecord> = self.trace.cases.iter().collect();
        cases.sort_by_key(|c| c.case);
        cases
    }
}

/// ISO 8601 timestamp (milliseconds, +08:00) of simulated time `t` of `model`.
pub fn timestamp(model: &Model, t: f64) -> String {
    let zone = FixedOffset::east_opt(UTC_OFFSET_SECONDS).expect("a valid offset");
    let midnight: NaiveDateTime = model
        .settings
        .start_date
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    let millis = (t * model.settings.time_unit.minutes() * 60_000.0).round() as i64;
    let at = midnight + chrono::Duration::milliseconds(millis);
    match zone.from_local_datetime(&at).single() {
        Some(dt) => dt.format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string(),
        None => String::new(),
    }
}

/// `event_log.csv`: one row per activity instance.
pub fn csv(logs: &[Traced]) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = csv_header(&mut out);
    for log in logs {
        let _ = csv_rows(&mut out, log);
    }
    out
}

/// The header row of `event_log.csv`.
pub fn csv_header(out: &mut impl std::io::Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(EVENT_LOG_HEADER)?;
    w.flush()
}

/// The rows of `event_log.csv` of one traced replication.
pub fn csv_rows(out: &mut impl std::io::Write, log: &Traced) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let m = log.model;
    for a in log.activities() {
        let stage = &m.stages[a.stage as usize];
        w.write_record([
            log.case_id(a.case),
            stage.name.clone(),
            log.resource(a.stage).to_string(),
            timestamp(m, a.start),
            timestamp(m, a.end),
            timestamp(m, a.enabled),
            log.variant.to_string(),
            log.replication.to_string(),
            m.classes[a.class as usize].name.clone(),
            stage.label.clone().unwrap_or_default(),
            a.member.map(|x| m.member_name(x)).unwrap_or_default(),
        ])?;
    }
    w.flush()
}

/// `event_log.xes`: IEEE 1849 XES, one trace per case, a start and a complete event per
/// activity instance, in time order.
pub fn xes(logs: &[Traced]) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = xes_header(&mut out);
    for log in logs {
        let _ = xes_traces(&mut out, log);
    }
    let _ = xes_footer(&mut out);
    out
}

/// The start of `event_log.xes`, before its traces.
pub fn xes_header(out: &mut impl std::io::Write) -> std::io::Result<()> {
    out.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
  <global scope="trace">
    <string key="concept:name" value="__INVALID__"/>
  </global>
  <global scope="event">
    <string key="concept:name" value="__INVALID__"/>
    <string key="lifecycle:transition" value="complete"/>
    <date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>
  </global>
  <classifier name="Activity" keys="concept:name"/>
  <classifier name="Activity with lifecycle" keys="concept:name lifecycle:transition"/>
  <string key="concept:name" value="expansim event log"/>
"#,
    )
}

/// The end of `event_log.xes`, after its traces.
pub fn xes_footer(out: &mut impl std::io::Write) -> std::io::Result<()> {
    out.write_all(b"</log>\n")
}

/// The traces of `event_log.xes` of one traced replication: one a case, a start and a
/// complete event an activity instance, in time order.
pub fn xes_traces(w: &mut impl std::io::Write, log: &Traced) -> std::io::Result<()> {
    let mut out = String::new();
    {
        let m = log.model;
        let acts = log.activities();
        let mut i = 0;
        while i < acts.len() {
            let case = acts[i].case;
            let end = acts[i..]
                .iter()
                .position(|a| a.case != case)
                .map_or(acts.len(), |n| i + n);
            // When the case arrived (it reached its first stage then): a lead time measured
            // from the first event would leave out the wait for the first step.
            let arrival = acts[i..end]
                .iter()
                .map(|a| a.enabled)
                .fold(f64::INFINITY, f64::min);
            let _ = write!(
                out,
                r#"  <trace>
    <string key="concept:name" value="{}"/>
    <string key="class" value="{}"/>
    <string key="variant" value="{}"/>
    <int key="replication" value="{}"/>
    <date key="arrival" value="{}"/>
"#,
                xml(&log.case_id(case)),
                xml(&m.classes[acts[i].class as usize].name),
                xml(log.variant),
                log.replication,
                timestamp(m, arrival)
            );
            // (time, activity, transition): a start before its own complete at equal times.
            let mut events: Vec<(f64, usize, u8)> = Vec::new();
            for (k, a) in acts[i..end].iter().enumerate() {
                events.push((a.start, k, 0));
                events.push((a.end, k, 1));
            }
            events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
            for (t, k, kind) in events {
                let a = acts[i + k];
                let stage = &m.stages[a.stage as usize];
                let _ = write!(
                    out,
                    r#"    <event>
      <string key="concept:name" value="{}"/>
      <string key="lifecycle:transition" value="{}"/>
      <string key="org:resource" value="{}"/>
      <date key="time:timestamp" value="{}"/>
      <date key="enabled_time" value="{}"/>
"#,
                    xml(&stage.name),
                    if kind == 0 { "start" } else { "complete" },
                    xml(log.resource(a.stage)),
                    timestamp(m, t),
                    timestamp(m, a.enabled)
                );
                if let Some(label) = &stage.label {
                    let _ = writeln!(out, r#"      <string key="label" value="{}"/>"#, xml(label));
                }
                if let Some(x) = a.member {
                    let _ = writeln!(
                        out,
                        r#"      <string key="member" value="{}"/>"#,
                        xml(&m.member_name(x))
                    );
                }
                out.push_str("    </event>\n");
            }
            out.push_str("  </trace>\n");
            i = end;
            // A trace at a time: the text of a replication is not all kept.
            w.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    Ok(())
}

/// `cases.csv`: one row per case, with per-stage waiting, hands-on (or elapsed) and paused
/// time (columns for every stage of any variant, in order of first appearance; empty where
/// the case did not pass the stage).
pub fn cases(logs: &[Traced]) -> Vec<u8> {
    let stages = case_stages(logs.iter().map(|l| l.model));
    let mut out = Vec::new();
    let _ = cases_header(&mut out, &stages);
    for log in logs {
        let _ = cases_rows(&mut out, &stages, log);
    }
    out
}

/// The stages of `cases.csv`'s columns: every stage of the models, in order of first
/// appearance.
pub fn case_stages<'a>(models: impl IntoIterator<Item = &'a Model>) -> Vec<String> {
    let mut stages: Vec<String> = Vec::new();
    for m in models {
        for s in &m.stages {
            if !stages.contains(&s.name) {
                stages.push(s.name.clone());
            }
        }
    }
    stages
}

/// The header row of `cases.csv` with columns for `stages` ([`case_stages`]).
pub fn cases_header(out: &mut impl std::io::Write, stages: &[String]) -> std::io::Result<()> {
    let mut header: Vec<String> = [
        "variant",
        "replication",
        "case",
        "class",
        "arrival",
        "end",
        "arrival_timestamp",
        "end_timestamp",
        "lead_time",
        "lead_time_wd",
        "utility_time",
        "limit_met",
        "rework_count",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for s in stages {
        header.push(format!("waiting:{s}"));
        header.push(format!("touch:{s}"));
        header.push(format!("paused:{s}"));
    }
    let mut w = csv::Writer::from_writer(out);
    w.write_record(&header)?;
    w.flush()
}

/// The rows of `cases.csv` of one traced replication, with columns for `stages`.
pub fn cases_rows(
    out: &mut impl std::io::Write,
    stages: &[String],
    log: &Traced,
) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    {
        let m = log.model;
        let index: Vec<Option<usize>> = stages
            .iter()
            .map(|s| m.stages.iter().position(|x| x.name == *s))
            .collect();
        for c in log.cases() {
            let mut row = vec![
                log.variant.to_string(),
                log.replication.to_string(),
                log.case_id(c.case),
                m.classes[c.class as usize].name.clone(),
                number(c.arrival),
                number(c.end),
                timestamp(m, c.arrival),
                timestamp(m, c.end),
                number(c.end - c.arrival),
                if m.settings.calendar.is_some() {
                    number(c.lead_wd)
                } else {
                    String::new()
                },
                number(c.utility),
                c.limit_met.map_or(String::new(), |b| b.to_string()),
                c.rework.to_string(),
            ];
            for i in &index {
                match i.map(|s| c.stage_times[s]) {
                    Some(t) if t.visits > 0 => {
                        // Paused time is the span of work less its touch time: a rounding
                        // error of that difference (2.4e-14 h) is none.
                        let paused = if t.paused.abs() <= 1e-9 * (1.0 + t.touch.abs()) {
                            0.0
                        } else {
                            t.paused
                        };
                        row.extend([number(t.waiting), number(t.touch), number(paused)]);
                    }
                    _ => row.extend([String::new(), String::new(), String::new()]),
                }
            }
            w.write_record(&row)?;
        }
    }
    w.flush()
}
