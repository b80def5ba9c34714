//! Plain-text results tables for stdout.

use std::fmt::Write;

use crate::export::VariantResult;
use crate::metrics::{Metric, Subject};
use crate::scenario::model::StageKind;
use crate::stats::Summary;

/// Aligns rows of cells into columns (first column left, the rest right).
pub fn align(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c].saturating_sub(cell.chars().count());
            if c == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A number with `digits` significant decimals, or "-" when missing.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return "-".to_string();
    }
    let a = x.abs();
    if a >= 1000.0 {
        format!("{x:.0}")
    } else if a >= 100.0 {
        format!("{x:.1}")
    } else if a >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    }
}

/// "mean ± half-width" of a summary.
pub fn mean_pm(s: &Summary) -> String {
    if s.half_width().is_finite() {
        format!("{} ± {}", num(s.mean), num(s.half_width()))
    } else {
        num(s.mean)
    }
}

/// The results of one variant as tables: classes, stages, pools.
pub fn variant(v: &VariantResult) -> String {
    let model = v.model;
    let unit = model.settings.time_unit.name();
    let summaries = v.result.summaries();
    let find = |class: Option<u32>, metric: Metric, subject: Subject| -> Option<Summary> {
        v.result
            .kpis
            .iter()
            .position(|k| k.class == class && k.metric == metric && k.subject == subject)
            .map(|i| summaries[i])
    };
    let cell = |s: Option<Summary>, pm: bool| match s {
        Some(s) if pm => mean_pm(&s),
        Some(s) => num(s.mean),
        None => "-".to_string(),
    };
    let mut out = String::new();
    let clock = if model.settings.calendar.is_some() {
        "utility time and limits in working days"
    } else {
        "utility time in the time unit"
    };
    let _ = writeln!(
        out,
        "Lead time by class ({unit}s; mean ± 95% CI half-width over {} replications; {clock})",
        v.result.replications.len()
    );
    let mut rows = vec![vec![
        "class".to_string(),
        format!("throughput/{unit}"),
        "lead time".to_string(),
        "P50".to_string(),
        "P90".to_string(),
        "P95".to_string(),
        "rework".to_string(),
        "WIP".to_string(),
        "utility time".to_string(),
        "limit met".to_string(),
    ]];
    let classes: Vec<Option<u32>> = (0..model.classes.len() as u32)
        .map(Some)
        .chain([None])
        .collect();
    for &c in &classes {
        let name = match c {
            Some(c) => model.classes[c as usize].name.clone(),
            None => "all".to_string(),
        };
        let f = |m| find(c, m, Subject::None);
        rows.push(vec![
            name,
            cell(f(Metric::Throughput), false),
            cell(f(Metric::LeadTime), true),
            cell(f(Metric::LeadTimeP50), false),
            cell(f(Metric::LeadTimeP90), false),
            cell(f(Metric::LeadTimeP95), false),
            cell(f(Metric::ReworkCount), false),
            cell(f(Metric::Wip), false),
            cell(f(Metric::UtilityTime), false),
            match f(Metric::LimitMetShare) {
                Some(s) if s.half_width().is_finite() => {
                    format!("{:.1}% ± {:.1}", 100.0 * s.mean, 100.0 * s.half_width())
                }
                Some(s) => format!("{:.1}%", 100.0 * s.mean),
                None => "-".to_string(),
            },
        ]);
    }
    out.push_str(&align(&rows));
    let _ = writeln!(out, "\nStages, all classes ({unit}s per visit)");
    let mut rows = vec![vec![
        "stage".to_string(),
        "kind".to_string(),
        "waiting".to_string(),
        "touch/elapsed".to_string(),
    ]];
    for (s, stage) in model.stages.iter().enumerate() {
        let subject = Subject::Stage(s as u32);
        let kind = match &stage.kind {
            StageKind::Staffed { pool } => model.pools[*pool as usize].name.clone(),
            StageKind::External => "external".to_string(),
            StageKind::Handoff { .. } => "hand-off".to_string(),
        };
        let name = match &stage.label {
            Some(l) => format!("{} ({l})", stage.name),
            None => stage.name.clone(),
        };
        rows.push(vec![
            name,
            kind,
            cell(find(None, Metric::WaitingTime, subject), true),
            cell(find(None, Metric::TouchTime, subject), false),
        ]);
    }
    out.push_str(&align(&rows));
    let _ = writeln!(out, "\nPools");
    let mut rows = vec![vec![
        "pool".to_string(),
        "staff".to_string(),
        "utilization".to_string(),
        "queue length".to_string(),
    ]];
    for (p, pool) in model.pools.iter().enumerate() {
        let subject = Subject::Pool(p as u32);
        let name = match &pool.label {
            Some(l) => format!("{} ({l})", pool.name),
            None => pool.name.clone(),
        };
        rows.push(vec![
            name,
            pool.size.to_string(),
            cell(find(None, Metric::Utilization, subject), true),
            cell(find(None, Metric::QueueLength, subject), true),
        ]);
    }
    out.push_str(&align(&rows));
    out
}
