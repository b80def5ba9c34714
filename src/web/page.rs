//! The page of `expansim serve`, written in the chosen language before any script runs, and
//! the pieces of HTML a run answers with.

use std::fmt::Write;

use super::{CHANGED, Kind, Lab, heat};
use crate::compare::Row;
use crate::export::esc as h;
use crate::export::graph;
use crate::i18n::Lang;
use crate::metrics::Metric;
use crate::report::{STYLE, num, pct};
use crate::scenario::Model;
use crate::study::{Outcome, Study};

/// The page's script: the Run button, the replay and the Gantt.
pub const APP_JS: &str = include_str!("app.js");
/// The page's own style (beside the report's).
pub const APP_CSS: &str = include_str!("app.css");

/// The messages the script shows, in the page's language.
const SCRIPT_MESSAGES: &[&str] = &[
    "Play",
    "Pause",
    "Running…",
    "An error",
    "waiting",
    "hands-on work",
    "hand-off",
    "customer",
    "lead time",
    "day",
    "Changed settings",
];

/// The whole page for `lab` in `lang`.
pub fn page(lab: &Lab, lang: Lang) -> String {
    let m = &lab.loaded.model;
    let l = lang;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="{}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{} — expansim</title><style>{STYLE}</style><link rel="stylesheet" href="/app.css"></head><body>
<header><h1>{}</h1><nav id="lang">"#,
        l.html(),
        h(&m.settings.name),
        h(&m.settings.name),
    );
    for other in Lang::ALL {
        if other == l {
            let _ = write!(out, r#"<b>{}</b> "#, other.native_name());
        } else {
            let _ = write!(
                out,
                r#"<a href="/?lang={}" data-lang="{}">{}</a> "#,
                other.code(),
                other.code(),
                other.native_name()
            );
        }
    }
    out.push_str("</nav></header><div class=\"lab\"><aside><form id=\"settings\" novalidate>");
    let _ = write!(
        out,
        r#"<h2>{}</h2><label class="row">{}<select name="variant" id="variant"><option value="">{}</option>"#,
        l.t("Change settings"),
        l.t("Variant"),
        h(crate::scenario::variant::BASELINE)
    );
    for v in &lab.loaded.variants {
        let _ = write!(
            out,
            r#"<option value="{}">{}</option>"#,
            h(&v.name),
            h(&match &v.label {
                Some(label) => format!("{} ({label})", v.name),
                None => v.name.clone(),
            })
        );
    }
    out.push_str("</select></label>");
    for kind in [Kind::Pool, Kind::Arrival, Kind::Handoff, Kind::Rework] {
        let controls: Vec<_> = lab.controls.iter().filter(|c| c.kind == kind).collect();
        if controls.is_empty() {
            continue;
        }
        let _ = write!(out, "<fieldset><legend>{}</legend>", l.t(kind.heading()));
        for c in controls {
            let _ = write!(
                out,
                r#"<label class="row"><span title="{}">{}</span><input type="number" data-path="{}" value="{}" data-default="{}" min="{}" max="{}" step="{}"><small class="unit">{}</small></label>"#,
                h(&c.path),
                h(&c.label),
                h(&c.path),
                c.value,
                c.value,
                c.min,
                c.max,
                if c.step == 1.0 {
                    "1".to_string()
                } else {
                    "any".to_string()
                },
                h(&unit_text(&c.unit, l))
            );
        }
        out.push_str("</fieldset>");
    }
    let reps = m.settings.replications;
    let _ = write!(
        out,
        r#"<label class="row"><span>{}</span><input type="number" id="replications" value="{reps}" data-default="{reps}" min="1" max="{}" step="1"></label>
<button type="submit" id="run">{}</button><p id="error" class="warn" role="alert" hidden></p></form></aside>
<section id="out"><p id="status" class="note">{}</p><div id="headline"></div><p id="command" class="note"></p>
<h2>{}</h2><div id="map">"#,
        l.t("Replications"),
        lab.limits.replications,
        l.t("Run"),
        l.t("(nothing run yet: change a setting and press Run)"),
        l.t("Process map"),
    );
    if let Ok(map) = graph::map(m, &[], l) {
        out.push_str(&map.svg);
    }
    let _ = write!(
        out,
        r#"</div>
<h2>{}</h2><p class="note">{}</p><div class="player"><button type="button" id="play">{}</button>
<label>{} <select id="speed"><option value="0.5">½ {}</option><option value="1" selected>1 {}</option><option value="3">3 {}</option><option value="7">7 {}</option></select></label>
<span id="clock" class="clock">–</span></div><svg id="timeline" viewBox="0 0 1000 28" width="1000" height="28" role="img"></svg>
<div class="replay"><figure id="anim-0"><figcaption>{}</figcaption></figure><figure id="anim-1"><figcaption>{}</figcaption></figure></div>
<h2>{}</h2><label>{} <select id="case"></select></label><div id="gantt"></div>
<div id="results"></div>
<h2>{}</h2><p class="note">{}</p><div class="player"><button type="button" id="sensitivity">{}</button><span id="sensitivity-status" class="note"></span></div><div id="tornado"></div></section></div>
<script id="expansim-data" type="application/json">{}</script><script src="/app.js"></script></body></html>
"#,
        l.t("Animated replay"),
        l.t("The baseline (left) and the changed settings (right), the same arrivals and times: one replication, cases as dots, queues as bars in front of each stage; closed days shaded on the clock."),
        l.t("Play"),
        l.t("Speed"),
        l.t("day"),
        l.t("day"),
        l.t("day"),
        l.t("day"),
        h(crate::scenario::variant::BASELINE),
        l.t("Changed settings"),
        l.t("Gantt of one case"),
        l.t("Case"),
        l.t("Which inputs matter"),
        l.t("Every input of the changed settings raised and lowered on its own: which ones move lead times and the share within the limit most. Each change runs on the replications set on the left, so this takes many times as long as Run."),
        l.t("Find out"),
        script_data(lab, l)
    );
    out
}

/// A control's unit as a person reads it.
fn unit_text(unit: &str, l: Lang) -> String {
    match unit {
        "wd" => l.t("WD").to_string(),
        "/wd" => format!("/{}", l.t("WD")),
        u => match u.strip_prefix('/') {
            Some(u) => format!(
                "/{}",
                l.t(match u {
                    "hour" => "hour",
                    "minute" => "minute",
                    _ => "day",
                })
            ),
            None => String::new(),
        },
    }
}

/// What the script needs, as JSON safe inside a `<script>` element.
fn script_data(lab: &Lab, l: Lang) -> String {
    let messages: serde_json::Map<String, serde_json::Value> = SCRIPT_MESSAGES
        .iter()
        .map(|k| (k.to_string(), serde_json::Value::from(l.t(k))))
        .collect();
    // Each variant's values, for the page to show what the chosen one runs.
    let names = std::iter::once("").chain(lab.loaded.variants.iter().map(|v| v.name.as_str()));
    let controls: serde_json::Map<String, serde_json::Value> = names
        .filter_map(|v| {
            let shown: Vec<serde_json::Value> = lab
                .controls_of(v)?
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "path": c.path,
                        "value": c.value,
                        "min": c.min,
                        "max": c.max,
                        "unit": unit_text(&c.unit, l),
                    })
                })
                .collect();
            Some((v.to_string(), serde_json::Value::from(shown)))
        })
        .collect();
    let data = serde_json::json!({
        "lang": l.code(),
        "messages": messages,
        "unit": lab.loaded.model.settings.time_unit.name(),
        "controls": controls,
    });
    data.to_string().replace("</", "<\\/")
}

/// Key figures by class: mean lead time and the share within the statutory limit, of the
/// baseline and the changed settings, with the paired difference and its 95% interval.
/// Every figure carries `data-variant`, `data-class`, `data-metric` and `data-value`.
pub fn headline(study: &Study, outcome: &Outcome, comparison: &[Row], l: Lang) -> String {
    let m = study.model();
    let unit = l.units(m.settings.time_unit.name());
    let mut out = String::new();
    let _ = write!(
        out,
        "<h2>{}</h2><table><tr><th>{}</th><th>{} · {}</th><th>{} · {}</th><th>{} [{}] ({unit})</th><th>{} · {}</th><th>{} · {}</th></tr>",
        l.t("Results"),
        l.t("class"),
        l.t("lead time"),
        h(&study.variants[0].name),
        l.t("lead time"),
        l.t("Changed settings"),
        l.t("difference"),
        l.t("95% CI"),
        l.t("limit met"),
        h(&study.variants[0].name),
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
                let strong = if d.ci95_low > 0.0 || d.ci95_high < 0.0 {
                    "b"
                } else {
                    "span"
                };
                // One replication has no interval.
                if d.ci95_low.is_finite() && d.ci95_high.is_finite() {
                    format!(
                        "<{strong}>{:+.2}</{strong}> [{:+.2}, {:+.2}]",
                        d.mean, d.ci95_low, d.ci95_high
                    )
                } else {
                    format!("<span>{:+.2}</span> [{}]", d.mean, l.t("n/a"))
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
        r#"<div class="legend"><span>{} ({unit}): 0 </span><span class="scale" style="background:linear-gradient(90deg,{},{})"></span><span> {}</span></div>"#,
        l.t("mean waiting time"),
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
                h(&super::stage_label(s)),
                num(w)
            );
            first = false;
        }
    }
    out.push_str("</p>");
    out
}
