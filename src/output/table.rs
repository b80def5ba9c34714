//! Plain-text results tables for stdout.

use std::fmt::Write;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::compare::Row;
use crate::export::VariantResult;
use crate::i18n::{Lang, named};
use crate::metrics::{Metric, Subject};
use crate::scenario::model::Class;
use crate::stats::Summary;

/// What a table shows where a value is missing (no case finished, no interval).
pub const MISSING: &str = "–";

/// Aligns rows of cells into columns (first column left, the rest right), by the width the
/// text takes in a terminal: a Chinese character takes two columns.
pub fn align(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c].saturating_sub(cell.width());
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

/// Columns the results tables fit in.
pub const WIDTH: usize = 100;

/// [`align`], with the first column's text cut short (ending in `…`) where the table would
/// be wider than `width` columns: a long stage or class label gives way before the figures.
/// The first column keeps at least 24 columns.
pub fn align_within(rows: &[Vec<String>], width: usize) -> String {
    const KEEP: usize = 24;
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widest = |c: usize| {
        rows.iter()
            .filter_map(|r| r.get(c))
            .map(|s| s.width())
            .max()
    };
    let total: usize = (0..cols).filter_map(widest).sum::<usize>() + 2 * cols.saturating_sub(1);
    let first = widest(0).unwrap_or(0);
    if total <= width || first <= KEEP {
        return align(rows);
    }
    let room = first.saturating_sub(total - width).max(KEEP);
    let cut: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut r = r.clone();
            if let Some(cell) = r.first_mut()
                && cell.width() > room
            {
                *cell = cut(cell, room);
            }
            r
        })
        .collect();
    align(&cut)
}

/// `text` cut to at most `room` columns, ending in `…` and then the brackets it opened
/// and did not close (`lv (低压居民客户（含分布式…）)`).
fn cut(text: &str, room: usize) -> String {
    let closer = |c: char| match c {
        '(' => Some(')'),
        '（' => Some('）'),
        '[' => Some(']'),
        '《' => Some('》'),
        '【' => Some('】'),
        '「' => Some('」'),
        _ => None,
    };
    let (mut kept, mut used) = (String::new(), 0);
    let mut open: Vec<char> = Vec::new();
    for ch in text.chars() {
        let mut after = open.clone();
        if let Some(c) = closer(ch) {
            after.push(c);
        } else if after.last() == Some(&ch) {
            after.pop();
        }
        let closing: usize = after.iter().map(|&c| c.width().unwrap_or(0)).sum();
        let wide = ch.width().unwrap_or(0);
        if used + wide + 1 + closing > room {
            break;
        }
        kept.push(ch);
        used += wide;
        open = after;
    }
    kept.push('…');
    kept.extend(open.iter().rev());
    kept
}

/// A number with `digits` significant decimals, or [`MISSING`].
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return MISSING.to_string();
    }
    let decimals = |a: f64| match a {
        a if a >= 1000.0 => 0,
        a if a >= 100.0 => 1,
        a if a >= 1.0 => 2,
        _ => 3,
    };
    let d = decimals(x.abs());
    let text = format!("{x:.d$}");
    // Rounding may carry the figure up to the next range (0.9997 to 1.000): it then has
    // that range's decimals, 1.00, as every other figure of its size.
    match text.parse::<f64>().map(|r| decimals(r.abs())) {
        Ok(fewer) if fewer < d => format!("{x:.fewer$}"),
        _ => text,
    }
}

/// A cost or head count with its thousands grouped, as a budget is read: a whole number as
/// it is (`7,230,000`), a fraction to the cent (`3,004.50`), so that the figures of one
/// column read alike and none is rounded to a neighbour's.
///
/// ```
/// use expansim::output::table::money;
///
/// assert_eq!(money(7_230_000.0), "7,230,000");
/// assert_eq!(money(-1_500.0), "-1,500");
/// assert_eq!(money(999.0), "999");
/// assert_eq!(money(12.5), "12.50");
/// assert_eq!(money(2004.5), "2,004.50");
/// assert_eq!(money(-0.25), "-0.25");
/// ```
pub fn money(x: f64) -> String {
    if !(x.is_finite() && x.abs() < 1e13) {
        return num(x);
    }
    let cents = (x.abs() * 100.0).round() as u64;
    let sign = if x < 0.0 && cents > 0 { "-" } else { "" };
    let whole = crate::report::grouped(cents / 100);
    if x.fract() == 0.0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{:02}", cents % 100)
    }
}

/// "mean ± half-width" of a summary; "mean [low, high]" where the interval is cut to the
/// values the quantity can take (a utilisation at 1, a queue length at 0), as summary.csv
/// gives it.
pub fn mean_pm(s: &Summary) -> String {
    let hw = s.half_width();
    if !hw.is_finite() {
        return num(s.mean);
    }
    let (below, above) = (s.mean - s.ci95_low, s.ci95_high - s.mean);
    if (below - above).abs() > 1e-9 * hw.max(1.0) {
        format!(
            "{} [{}, {}]",
            num(s.mean),
            num(s.ci95_low),
            num(s.ci95_high)
        )
    } else {
        format!("{} ± {}", num(s.mean), num(hw))
    }
}

/// The results of one variant as tables: classes, stages, pools.
pub fn variant(v: &VariantResult, l: Lang) -> String {
    let model = v.model;
    let unit = &l.units(model.settings.time_unit.name());
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
        None => MISSING.to_string(),
    };
    let mut out = String::new();
    let clock = if model.settings.calendar.is_some() {
        l.t("; utility time in working days")
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "{}",
        l.fill(
            "Lead time by class ({unit}; mean ± 95% CI half-width, {n} replications{clock})",
            &[
                ("unit", unit),
                ("n", &v.result.replications.len().to_string()),
                ("clock", clock)
            ]
        )
    );
    let header = |cells: &[&'static str]| cells.iter().map(|c| l.t(c).to_string()).collect();
    let mut rows: Vec<Vec<String>> = vec![header(&[
        "class",
        "lead time",
        "P50",
        "P90",
        "P95",
        "utility time",
        "limit met",
    ])];
    let mut flow: Vec<Vec<String>> = vec![header(&[
        "class",
        "throughput",
        "WIP",
        "reworks",
        "touch, first pass",
        "flow efficiency",
    ])];
    flow[0][1] = l.fill(
        "throughput/{unit}",
        &[("unit", l.t(model.settings.time_unit.name()))],
    );
    let share = |s: Option<Summary>| crate::report::share(s, "");
    let classes: Vec<Option<u32>> = (0..model.classes.len() as u32)
        .map(Some)
        .chain([None])
        .collect();
    for &c in &classes {
        let name = match c {
            Some(c) => class_name(&model.classes[c as usize]),
            None => l.t("all").to_string(),
        };
        let f = |m| find(c, m, Subject::None);
        rows.push(vec![
            name.clone(),
            cell(f(Metric::LeadTime), true),
            cell(f(Metric::LeadTimeP50), false),
            cell(f(Metric::LeadTimeP90), false),
            cell(f(Metric::LeadTimeP95), false),
            cell(f(Metric::UtilityTime), false),
            share(f(Metric::LimitMetShare)),
        ]);
        flow.push(vec![
            name,
            cell(f(Metric::Throughput), false),
            cell(f(Metric::Wip), false),
            cell(f(Metric::ReworkCount), false),
            cell(f(Metric::TimeTouch), false),
            share(f(Metric::FlowEfficiency)),
        ]);
    }
    out.push_str(&align_within(&rows, WIDTH));
    let _ = writeln!(
        out,
        "\n{}",
        l.fill(
            "Flow by class ({unit} per case; touch outside rework; flow efficiency: all touch ÷ lead time)",
            &[("unit", unit)]
        )
    );
    out.push_str(&align_within(&flow, WIDTH));
    let _ = writeln!(
        out,
        "\n{}",
        l.fill(
            "Stages, all classes ({unit} per visit; touch: hands-on work, or elapsed time)",
            &[("unit", unit)]
        )
    );
    let mut rows: Vec<Vec<String>> = vec![header(&["stage", "kind", "waiting", "touch"])];
    for (s, stage) in model.stages.iter().enumerate() {
        let subject = Subject::Stage(s as u32);
        let kind = crate::report::stage_kind(model, stage, l);
        let name = named(&stage.name, stage.label.as_deref());
        rows.push(vec![
            name,
            kind,
            cell(find(None, Metric::WaitingTime, subject), true),
            cell(find(None, Metric::TouchTime, subject), false),
        ]);
    }
    out.push_str(&align_within(&rows, WIDTH));
    let _ = writeln!(out, "\n{}", l.t("Pools"));
    let mut rows: Vec<Vec<String>> =
        vec![header(&["pool", "staff", "utilization", "queue length"])];
    for (p, pool) in model.pools.iter().enumerate() {
        let subject = Subject::Pool(p as u32);
        let name = named(&pool.name, pool.label.as_deref());
        rows.push(vec![
            name,
            pool.size.to_string(),
            cell(find(None, Metric::Utilization, subject), true),
            cell(find(None, Metric::QueueLength, subject), true),
        ]);
        // Its member groups, each with its own utilisation.
        for (g, group) in pool.groups.iter().enumerate().filter(|(_, g)| g.count > 0) {
            let subject = Subject::Group(p as u32, g as u32);
            rows.push(vec![
                format!("  {}", group.key),
                group.count.to_string(),
                cell(find(None, Metric::Utilization, subject), true),
                String::new(),
            ]);
        }
    }
    out.push_str(&align_within(&rows, WIDTH));
    out
}

/// A class as tables name it: its name, and its label if it has one.
fn class_name(class: &Class) -> String {
    named(&class.name, class.label.as_deref())
}

/// The comparison of variants with the baseline, one table per class of `classes` and one
/// for all, variants sorted by their effect on mean lead time (largest reduction first).
/// `labels` gives the variants' labels; `unstable` the variants with a pool whose offered
/// load is at or above its capacity, whose differences are no result (said so in their
/// rows and under the tables).
pub fn comparison(
    rows: &[Row],
    classes: &[Class],
    labels: &[(String, Option<String>)],
    unstable: &[String],
    l: Lang,
) -> String {
    let mut out = String::new();
    let find = |variant: &str, class: &str, metric: &str| {
        rows.iter()
            .find(|r| r.variant == variant && r.class == class && r.metric == metric)
    };
    let label_of = |variant: &str| {
        let label = labels.iter().find(|(n, _)| n == variant);
        crate::scenario::variant::shown(l, variant, label.and_then(|(_, label)| label.as_deref()))
    };
    // Replications paired where every class had a finished case.
    let most = rows.iter().map(|r| r.difference.n).max().unwrap_or(0);
    let all = "all".to_string();
    let class_names = classes
        .iter()
        .map(|c| (&c.name, class_name(c)))
        .chain([(&all, l.t("all").to_string())]);
    for (class, name) in class_names {
        // The baseline's own figures are those paired with the variant with the most pairs
        // (all of them, unless the class has no finished case in some replications).
        let Some(base) = rows
            .iter()
            .filter(|r| r.class == *class && r.metric == Metric::LeadTime.name())
            .reduce(|a, b| {
                if b.difference.n > a.difference.n {
                    b
                } else {
                    a
                }
            })
        else {
            continue;
        };
        if out.is_empty() {
            let _ = writeln!(
                out,
                "{}\n",
                l.fill(
                    "Mean lead time by class, in {unit}; paired difference with {base} ± 95% CI half-width",
                    &[("unit", &l.units(&base.unit)), ("base", &label_of(&base.baseline))]
                )
            );
        }
        let _ = writeln!(out, "{name}");
        let limits = find(&base.variant, class, Metric::LimitMetShare.name()).is_some();
        let header: Vec<String> = [
            "variant",
            "lead time",
            "difference",
            "change",
            "excludes 0",
            "limit met",
            "diff. (pp)",
        ]
        .iter()
        .take(if limits { 7 } else { 5 })
        .map(|h| l.t(h).to_string())
        .collect();
        let mut table = vec![header];
        let mut baseline_row = vec![
            label_of(&base.baseline),
            num(base.baseline_mean),
            String::new(),
            String::new(),
            String::new(),
        ];
        if limits {
            baseline_row.push(
                find(&base.variant, class, Metric::LimitMetShare.name())
                    .map_or(MISSING.into(), |r| percent(r.baseline_mean)),
            );
            baseline_row.push(String::new());
        }
        table.push(baseline_row);
        let mut lead: Vec<&Row> = rows
            .iter()
            .filter(|r| r.class == *class && r.metric == Metric::LeadTime.name())
            .collect();
        lead.sort_by(|a, b| a.difference.mean.total_cmp(&b.difference.mean));
        // A class with no finished case in some replications pairs fewer of them: each
        // row's means are over its own pairs, which the note gives.
        let pairs = (lead.iter().any(|r| r.difference.n < most)).then(|| {
            let counts: Vec<String> = lead
                .iter()
                .map(|r| format!("{} {}", label_of(&r.variant), r.difference.n))
                .collect();
            l.fill(
                "{class}: some replications have no finished case of this class; a variant's lead time and difference are over the replications where both it and {base} have one (pairs: {pairs}, of {of}), and {base}'s over its pairs with {with}, so a difference need not be the gap between the lead times shown",
                &[
                    ("class", &name),
                    ("base", &label_of(&base.baseline)),
                    ("with", &label_of(&base.variant)),
                    ("pairs", &counts.join(l.t(", "))),
                    ("of", &most.to_string()),
                ],
            )
        });
        for r in &lead {
            let name = label_of(&r.variant);
            let mut row = vec![
                name,
                num(r.variant_mean),
                // A difference of lead times can take any value: its interval is the
                // symmetric t-interval.
                if r.difference.ci95_low.is_finite() {
                    format!(
                        "{} ± {}",
                        signed(r.difference.mean),
                        num(r.difference.half_width())
                    )
                } else {
                    signed(r.difference.mean)
                },
                if r.relative_change.is_finite() {
                    format!("{}%", crate::report::plus(100.0 * r.relative_change, 1))
                } else {
                    MISSING.to_string()
                },
                l.t(match r.significant {
                    // Queues that grow without bound: a difference the run's length makes.
                    _ if unstable.contains(&r.variant) || unstable.contains(&r.baseline) => {
                        "unstable"
                    }
                    Some(true) => "yes",
                    Some(false) => "no",
                    None => "n/a",
                })
                .to_string(),
            ];
            if limits {
                match find(&r.variant, class, Metric::LimitMetShare.name()) {
                    Some(x) => {
                        row.push(percent(x.variant_mean));
                        row.push(if x.difference.mean.is_finite() {
                            crate::report::plus(100.0 * x.difference.mean, 1)
                        } else {
                            MISSING.to_string()
                        });
                    }
                    None => row.extend([MISSING.to_string(), MISSING.to_string()]),
                }
            }
            table.push(row);
        }
        out.push_str(&align_within(&table, WIDTH));
        if let Some(note) = pairs {
            out.push_str(&note);
            out.push('\n');
        }
        out.push('\n');
    }
    if !unstable.is_empty() && !out.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            l.t("A pool gets more work than it can do: its queue, and these figures, grow the longer the run is, so they are no result. Add staff to that pool or lower its work.")
        );
    }
    out
}

/// A share as a percentage, or [`MISSING`].
fn percent(x: f64) -> String {
    if x.is_finite() {
        format!("{}%", crate::report::percent_of(x, 1))
    } else {
        MISSING.to_string()
    }
}

/// A number with its sign.
fn signed(x: f64) -> String {
    crate::report::with_sign(&num(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_rounded_up_takes_the_decimals_of_its_new_size() {
        assert_eq!(num(0.9997), "1.00");
        assert_eq!(num(-0.99951), "-1.00");
        assert_eq!(num(99.996), "100.0");
        assert_eq!(num(999.96), "1000");
        assert_eq!(num(0.9994), "0.999");
        assert_eq!(num(0.5), "0.500");
        assert_eq!(num(2.5), "2.50");
        assert_eq!(num(f64::NAN), MISSING);
    }

    #[test]
    fn a_long_first_column_gives_way_to_fit_the_width() {
        let label = "很长很长的阶段名称".repeat(4);
        let rows = vec![
            vec!["stage".to_string(), "waiting".to_string()],
            vec![label, "1.00 ± 0.10".to_string()],
            vec!["short".to_string(), "2.00 ± 0.20".to_string()],
        ];
        let fitted = align_within(&rows, 40);
        for line in fitted.lines() {
            assert!(line.width() <= 40, "{} columns: {line}", line.width());
        }
        assert!(fitted.contains("很长很长的阶段名称很长很长…  "), "{fitted}");
        assert!(
            fitted.contains("1.00 ± 0.10") && fitted.contains("short"),
            "{fitted}"
        );
        // A table that fits is left as it is.
        assert_eq!(align_within(&rows, 200), align(&rows));
    }

    #[test]
    fn a_cut_label_closes_the_brackets_it_opened() {
        let label = "lv (低压居民客户（含分布式光伏并网及充电桩报装）)";
        let cut = cut(label, 24);
        assert_eq!(cut, "lv (低压居民客户（含…）)");
        assert!(cut.width() <= 24, "{cut}");
        // Brackets closed before the cut need nothing more.
        assert_eq!(super::cut("ab (c) defghij", 10), "ab (c) de…");
    }
}
