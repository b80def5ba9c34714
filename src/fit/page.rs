//! The page of `expansim fit --report`, drawn with the report's chart parts.

use std::fmt::Write;

use crate::export::esc;
use crate::i18n::Lang;
use crate::report::{Axis, STYLE, colour, legend, num, pct};

/// Shares of `values` in `bins` equal bins over [0, `xmax`], and the share beyond it (not
/// piled into the last bin, where it would look like a mode of the data).
fn bin_shares(values: &[f64], xmax: f64, bins: usize) -> (Vec<f64>, f64) {
    let mut counts = vec![0usize; bins];
    let mut beyond = 0usize;
    for &v in values {
        let b = ((v / xmax) * bins as f64).floor();
        if b.is_finite() && b >= 0.0 {
            match counts.get_mut(b as usize) {
                Some(c) => *c += 1,
                // The largest value itself ends the last bin.
                None if v <= xmax => counts[bins - 1] += 1,
                None => beyond += 1,
            }
        }
    }
    let total = values.len().max(1) as f64;
    (
        counts.iter().map(|&c| c as f64 / total).collect(),
        beyond as f64 / total,
    )
}

/// `rows` as an HTML table, the first row its headings.
fn table(rows: &[Vec<String>]) -> String {
    let mut out = String::from("<table>");
    for (r, row) in rows.iter().enumerate() {
        out.push_str("<tr>");
        let tag = if r == 0 { "th" } else { "td" };
        for cell in row {
            let _ = write!(out, "<{tag}>{}</{tag}>", esc(cell));
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
    out
}

/// One chart: the histogram of `observed` (bars) and the shares of `line` in the same bins
/// (a line), over 0 to the 99th percentile of both, in `unit`.
fn fit_chart(
    out: &mut String,
    title: &str,
    note: &str,
    observed: &[f64],
    line: &[f64],
    unit: &str,
    lang: Lang,
) {
    let q99 = |v: &[f64]| {
        let mut s = v.to_vec();
        s.sort_by(f64::total_cmp);
        s.get(((s.len() as f64 * 0.99) as usize).min(s.len().saturating_sub(1)))
            .copied()
            .unwrap_or(1.0)
    };
    let axis = Axis::new(0.0, q99(observed).max(q99(line)));
    let bins = 40;
    let (left, right, top, bottom) = (60.0, 980.0, 10.0, 170.0);
    let (obs, obs_beyond) = bin_shares(observed, axis.hi, bins);
    let (fit, fit_beyond) = bin_shares(line, axis.hi, bins);
    let peak = obs.iter().chain(&fit).copied().fold(1e-12, f64::max);
    let _ = write!(
        out,
        r#"<figure><h3>{}</h3><p class="note">{}</p><svg viewBox="0 0 1000 216" width="1000" height="216" role="img" aria-label="{}">"#,
        esc(title),
        esc(note),
        esc(title)
    );
    let x_title = lang.fill("time ({unit})", &[("unit", unit)]);
    axis.draw(out, left, right, top, bottom, ("", &x_title));
    if obs_beyond + fit_beyond > 0.0 {
        let _ = write!(
            out,
            r##"<text x="{right:.1}" y="{:.1}" font-size="11" text-anchor="end" fill="#555">{}</text>"##,
            top + 10.0,
            esc(&lang.fill(
                "{share} beyond {x} {unit}",
                &[
                    (
                        "share",
                        &format!("{} / {}", pct(obs_beyond), pct(fit_beyond))
                    ),
                    ("x", &crate::report::plain(axis.hi)),
                    ("unit", unit)
                ]
            ))
        );
    }
    let w = (right - left) / bins as f64;
    for (b, &share) in obs.iter().enumerate() {
        let h = (bottom - top) * share / peak;
        let _ = write!(
            out,
            r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{h:.2}" fill="{}"><title>{}–{} {unit}: {}</title></rect>"#,
            left + w * b as f64,
            bottom - h,
            w - 1.0,
            colour(0),
            num(axis.hi * b as f64 / bins as f64),
            num(axis.hi * (b + 1) as f64 / bins as f64),
            pct(share)
        );
    }
    let points: Vec<String> = fit
        .iter()
        .enumerate()
        .map(|(b, &share)| {
            format!(
                "{:.1},{:.1}",
                left + w * (b as f64 + 0.5),
                bottom - (bottom - top) * share / peak
            )
        })
        .collect();
    let _ = write!(
        out,
        r##"<polyline points="{}" fill="none" stroke="#000" stroke-width="2"/><text x="{right}" y="{:.0}" font-size="11" text-anchor="end">{unit}</text></svg></figure>"##,
        points.join(" "),
        bottom + 26.0
    );
}

/// The page of `expansim fit --report`, in `lang`: per class the log's lead times against
/// the fitted scenario's simulation, and per stage the observed durations under the fitted
/// density.
pub fn html(fitted: &super::Fitted, check: &super::Check, lang: Lang) -> String {
    let log = &fitted.log;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="{}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{} — expansim fit</title><style>{STYLE}</style></head><body><main>
<h1>{}</h1>
<p class="note">{}</p>
<h2>{}</h2>{}{}"#,
        lang.html(),
        esc(lang.t("Fitted scenario")),
        esc(lang.t("Fitted scenario against its log")),
        esc(&lang.fill(
            "{records} activity instances of {cases} cases · {n} simulated replications · expansim {version}",
            &[
                ("records", &log.given_records().to_string()),
                ("cases", &log.cases.len().to_string()),
                ("n", &check.replications.to_string()),
                ("version", env!("CARGO_PKG_VERSION")),
            ]
        )),
        esc(lang.t("Lead time: log and simulation")),
        table(&check.class_table(lang)),
        legend(&[
            (lang.t("log (bars)").to_string(), colour(0)),
            (lang.t("simulated (line)").to_string(), "#000")
        ])
    );
    for c in &check.classes {
        let class = match c.class.as_str() {
            "all" => lang.t("all classes"),
            name => name,
        };
        fit_chart(
            &mut out,
            class,
            &lang.fill(
                "{log} cases in the log, {sim} simulated; mean {mean} against {sim_mean} days; cycle-time distance {ctd} h",
                &[
                    ("log", &c.observed.n.to_string()),
                    ("sim", &c.simulated.n.to_string()),
                    ("mean", &num(c.observed.mean)),
                    ("sim_mean", &num(c.simulated.mean)),
                    ("ctd", &num(c.ctd_hours)),
                ],
            ),
            &c.observed_values,
            &c.simulated_values,
            &lang.units("day"),
            lang,
        );
    }
    let _ = write!(
        out,
        r#"<h2>{}</h2>{}<p class="note">{}</p>"#,
        esc(lang.t(
            "Per activity: visits per case, mean waiting and mean processing (hours from start to end, nights and weekends included), log / simulated"
        )),
        table(&check.activity_table(lang)),
        esc(lang.t(
            "CTD: the earth mover's distance between the log's and the simulation's lead-time distributions."
        ))
    );
    if check.ready_estimated {
        let _ = write!(
            out,
            r#"<p class="note">{}</p>"#,
            esc(lang.t(super::READY_ESTIMATED))
        );
    }
    let _ = write!(
        out,
        r#"<h2>{}</h2><p class="note">{}</p>"#,
        esc(lang.t("Fitted durations")),
        esc(lang.t("Bars: the log's durations (working hours of staffed work, working days of other steps that end in office hours, elapsed days otherwise); line: 20,000 draws from the fitted distribution in the same bins. Values beyond the axis are not drawn; top right, the share of the log's and of the draws' beyond it."))
    );
    for st in &fitted.model.stages {
        let unit = match st.kind {
            super::discover::Kind::Staffed => lang.t("working hours").to_string(),
            _ if st.working_days => lang.t("working days").to_string(),
            _ => lang.units("day"),
        };
        // The stage's fit, then each class's own where the scenario gives it one: the
        // densities the fitted scenario draws from.
        let name = log.activity_name(st.activity as usize);
        let class_name = |c: u32| {
            fitted
                .model
                .classes
                .get(c as usize)
                .map_or("?", |c| c.name.as_str())
        };
        let own = st.by_class_duration.iter().map(|(&c, (d, test))| {
            let title = match *test {
                super::discover::Differs::Nearest { class, .. } => lang.fill(
                    "{step} · {class}, with the times of {other}",
                    &[
                        ("step", &name),
                        ("class", class_name(c)),
                        ("other", class_name(class)),
                    ],
                ),
                _ => format!("{name} · {}", class_name(c)),
            };
            (title, d)
        });
        for (title, d) in st.duration.iter().map(|d| (name.clone(), d)).chain(own) {
            let mut rng = crate::engine::rng::DrawRng::new(1);
            let draws: Vec<f64> = (0..20_000).map(|_| d.fit.dist.sample(&mut rng)).collect();
            fit_chart(
                &mut out,
                &title,
                &lang.fill(
                    "{dist}: mean {mean}, sd {sd} {unit}; Kolmogorov–Smirnov distance {ks} (n = {n})",
                    &[
                        ("dist", lang.t(d.fit.dist.name())),
                        ("mean", &num(d.fit.dist.mean())),
                        ("sd", &num(d.fit.dist.variance().sqrt())),
                        ("unit", &unit),
                        ("ks", &format!("{:.3}", d.fit.ks)),
                        ("n", &d.n.to_string()),
                    ],
                ),
                &d.sample,
                &draws,
                &unit,
                lang,
            );
        }
    }
    out.push_str("</main></body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values past the axis are counted apart, not piled into the last bin (where a fitted
    /// density's tail would rise like a mode); the axis's end itself is in the last bin.
    #[test]
    fn values_beyond_the_axis_are_not_in_the_last_bin() {
        let (shares, beyond) = bin_shares(&[0.5, 1.5, 2.0, 9.0], 2.0, 2);
        assert_eq!(shares, [0.25, 0.5]);
        assert_eq!(beyond, 0.25);
    }
}
