//! The pieces of HTML a run of the page answers with: the key figures by class and the
//! process map coloured by waiting time.

use std::fmt::Write;

use crate::compare::Row;
use crate::export::esc as h;
use crate::export::graph;
use crate::i18n::Lang;
use crate::metrics::Metric;
use crate::report::{num, pct, plus};
use crate::scenario::Model;
use crate::study::{Outcome, Study};

/// The name of the changed settings in results (`data-variant` in the page).
pub use crate::scenario::variant::CHANGED;

/// A stage as a person reads it: its label, else its name.
pub(super) fn stage_label(s: &crate::scenario::model::Stage) -> String {
    s.label.clone().unwrap_or_else(|| s.name.clone())
}

/// Colour of a mean waiting time `w` on a scale up to `max`: white to deep orange.
pub(super) fn heat(w: f64, max: f64) -> String {
    let x = if max > 0.0 && w.is_finite() {
        (w / max).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mix = |a: f64, b: f64| (a + (b - a) * x).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(255.0, 213.0),
        mix(255.0, 94.0),
        mix(255.0, 0.0)
    )
}

/// Key figures by class: mean lead time and the share within the statutory limit, of the
/// baseline and the changed settings, with the paired difference and its 95% interval.
/// Every figure carries `data-variant`, `data-class`, `data-metric` and `data-value`.
pub fn headline(study: &Study, outcome: &Outcome, comparison: &[Row], l: Lang) -> String {
    let m = study.model();
    let unit = l.units(m.settings.time_unit.name());
    let base = &study.variants[0];
    let baseline = crate::scenario::variant::shown(l, &base.name, base.label.as_deref());
    let mut out = String::new();
    let _ = write!(
        out,
        "<h2>{}</h2><table><tr><th>{}</th><th>{} · {}</th><th>{} · {}</th><th>{} [{}]{}</th><th>{} · {}</th><th>{} · {}</th></tr>",
        l.t("Results"),
        l.t("class"),
        l.t("lead time"),
        h(&baseline),
        l.t("lead time"),
        l.t("Changed settings"),
        l.t("difference"),
        l.t("95% CI"),
        l.aside(&unit),
        l.t("limit met"),
        h(&baseline),
        l.t("limit met"),
        l.t("Changed settings"),
    );
    let classes: Vec<(Option<u32>, String, String)> = m
        .classes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (
                Some(i as u32),
                c.name.clone(),
                c.label.clone().unwrap_or_else(|| c.name.clone()),
            )
        })
        .chain([(None, "all".to_string(), l.t("all classes").to_string())])
        .collect();
    // A pool given more work than it can do: its queue, and every figure, grows with the
    // length of the run, so no difference is a result.
    let unstable = study.variants.iter().any(|v| v.model.unstable());
    let cell = |variant: &str, class: &str, metric: &str, v: Option<f64>, text: String| match v {
        Some(v) if v.is_finite() => format!(
            r#"<td data-variant="{}" data-class="{}" data-metric="{metric}" data-value="{v}">{text}</td>"#,
            h(variant),
            h(class)
        ),
        _ => "<td>–</td>".to_string(),
    };
    for (c, name, label) in classes {
        let c = c.map(|_| name.as_str());
        let base = outcome.summary(study, 0, c, Metric::LeadTime);
        let changed = outcome.summary(study, 1, c, Metric::LeadTime);
        let row = comparison
            .iter()
            .find(|r| r.class == name && r.metric == Metric::LeadTime.name());
        let limit = |i| outcome.summary(study, i, c, Metric::LimitMetShare);
        let _ = write!(out, "<tr><td>{}</td>", h(&label));
        out.push_str(&cell(
            &study.variants[0].name,
            &name,
            "lead_time",
            base.map(|s| s.mean),
            base.map_or(String::new(), |s| {
                format!("{} ± {}", num(s.mean), num(s.half_width()))
            }),
        ));
        out.push_str(&cell(
            CHANGED,
            &name,
            "lead_time",
            changed.map(|s| s.mean),
            changed.map_or(String::new(), |s| {
                format!("{} ± {}", num(s.mean), num(s.half_width()))
            }),
        ));
        out.push_str(&cell(
            CHANGED,
            &name,
            "lead_time_difference",
            row.map(|r| r.difference.mean),
            row.map_or(String::new(), |r| {
                let d = &r.difference;
                let strong = if unstable {
                    "s"
                } else if d.ci95_low > 0.0 || d.ci95_high < 0.0 {
                    "b"
                } else {
                    "span"
                };
                // One replication has no interval.
                if d.ci95_low.is_finite() && d.ci95_high.is_finite() {
                    format!(
                        "<{strong}>{}</{strong}> [{}, {}]",
                        plus(d.mean, 2),
                        plus(d.ci95_low, 2),
                        plus(d.ci95_high, 2)
                    )
                } else {
                    format!("<span>{}</span> [{}]", plus(d.mean, 2), l.t("n/a"))
                }
            }),
        ));
        for i in 0..2 {
            let s = limit(i);
            out.push_str(&cell(
                if i == 0 {
                    &study.variants[0].name
                } else {
                    CHANGED
                },
                &name,
                "limit_met_share",
                s.map(|s| s.mean),
                s.map_or(String::new(), |s| pct(s.mean)),
            ));
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
    if unstable {
        let _ = write!(
            out,
            r#"<p class="warn">{}</p>"#,
            h(l.t("A pool gets more work than it can do: its queue, and these figures, grow the longer the run is, so they are no result. Add staff to that pool or lower its work."))
        );
    }
    out
}

/// The process map of `model` with each stage coloured by its mean waiting time `waits`
/// (time units), and the colour scale.
pub fn waiting_map(model: &Model, waits: &[f64], l: Lang) -> String {
    let max = waits
        .iter()
        .copied()
        .filter(|w| w.is_finite())
        .fold(0.0, f64::max);
    let fills: Vec<Option<String>> = waits
        .iter()
        .zip(&model.stages)
        .map(|(&w, s)| {
            matches!(s.kind, crate::scenario::model::StageKind::Staffed { .. })
                .then(|| heat(w, max))
        })
        .collect();
    let mut out = String::new();
    let unit = l.units(model.settings.time_unit.name());
    let _ = write!(
        out,
        r#"<div class="legend"><span>{}{}{}0 </span><span class="scale" style="background:linear-gradient(90deg,{},{})"></span><span> {}</span></div>"#,
        l.t("mean waiting time"),
        l.aside(&unit),
        l.t(": "),
        heat(0.0, 1.0),
        heat(1.0, 1.0),
        num(max)
    );
    match graph::map(model, &fills, l) {
        Ok(map) => out.push_str(&map.svg),
        Err(e) => {
            let _ = write!(out, r#"<p class="warn">{}</p>"#, h(&e));
        }
    }
    // The waiting times as a list too, for those who cannot tell the colours apart.
    out.push_str(r#"<p class="note waits">"#);
    let mut first = true;
    for (s, &w) in model.stages.iter().zip(waits) {
        if w.is_finite() && w > 0.0 {
            let _ = write!(
                out,
                "{}{} {}",
                if first { "" } else { " · " },
                h(&stage_label(s)),
                num(w)
            );
            first = false;
        }
    }
    out.push_str("</p>");
    out
}
