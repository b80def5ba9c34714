//! The page of `expansim serve`, written in the chosen language before any script runs.

use std::fmt::Write;

use super::lab::{Kind, Lab};
use crate::export::esc as h;
use crate::export::graph;
use crate::i18n::Lang;
use crate::report::STYLE;

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
    "the current process",
    "done in {seconds} s",
    "{setting}: enter a number",
    "{setting}: enter a whole number",
    ": {open} in process, {done} finished",
    "the server cannot be reached: it may have stopped; start expansim serve again and reload the page",
];

/// The whole page for `lab` in `lang`.
pub fn page(lab: &Lab, lang: Lang) -> String {
    let m = &lab.loaded.model;
    let l = lang;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="{}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
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
        h(&crate::scenario::variant::shown(
            l,
            crate::scenario::variant::BASELINE,
            None
        ))
    );
    for v in &lab.loaded.variants {
        let _ = write!(
            out,
            r#"<option value="{}">{}</option>"#,
            h(&v.name),
            h(&crate::scenario::variant::shown(
                l,
                &v.name,
                v.label.as_deref()
            ))
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
                r#"<label class="row"><span title="{} ({})">{}</span><input type="number" data-path="{}" value="{}" data-default="{}" min="{}" max="{}" step="{}"><small class="unit">{}</small></label>"#,
                // The whole label where the row cuts it, and the path to give to --set.
                h(&c.label),
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
<button type="submit" id="run">{}</button><button type="button" id="reset">{}</button><p id="error" class="warn" role="alert" hidden></p></form></aside>
<section id="out"><p id="status" class="note">{}</p><p id="stale" class="warn" hidden>{}</p><div id="warnings"></div><div id="headline"></div><p id="command" class="note"></p>
<h2>{}</h2><div id="map">"#,
        l.t("Replications"),
        lab.limits.replications,
        l.t("Run"),
        l.t("Reset every setting to the scenario's value"),
        l.t("(nothing run yet: change a setting and press Run)"),
        l.t("The figures below are those of earlier settings: press Run to bring them up to date"),
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
<div id="replay-legend" class="legend"></div><div class="replay"><figure id="anim-0"><figcaption>{}</figcaption></figure><figure id="anim-1"><figcaption>{}</figcaption></figure></div>
<h2>{}</h2><label>{} <select id="case"></select></label><div id="gantt"></div>
<div id="results"></div>
<h2>{}</h2><p class="note">{}</p><div class="player"><button type="button" id="sensitivity">{}</button><span id="sensitivity-status" class="note"></span></div><div id="tornado"></div></section></div>
<script id="expansim-data" type="application/json">{}</script><script src="/app.js"></script></body></html>
"#,
        l.t("Animated replay"),
        l.t("The baseline and the changed settings (side by side on a wide screen, else the baseline above), the same arrivals and times: one replication, cases as dots, queues as bars in front of each stage; closed days shaded on the clock."),
        l.t("Play"),
        l.t("Speed (simulated days a second)"),
        l.t("day"),
        l.t("day"),
        l.units("day"),
        l.units("day"),
        h(&crate::scenario::variant::shown(l, crate::scenario::variant::BASELINE, None)),
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
