//! `report.html`: one self-contained page (inline SVG and CSS, no script, nothing fetched)
//! with the pictures planners and trainers look at.
//!
//! Every number drawn from the results carries `data-variant`, `data-class`, `data-metric`
//! and `data-value` attributes holding the exact value written to `summary.csv`, so the page
//! can be checked against the files.

use std::fmt::Write;

use crate::compare::Row;
use crate::engine::Trace;
use crate::export::esc;
use crate::export::manifest::Manifest;
use crate::i18n::Lang;
use crate::metrics::{Kpi, Metric, Subject, TIME_IN_STATE};
use crate::replication::RunResult;
use crate::scenario::Model;
use crate::scenario::model::{Stage, StageKind};
use crate::stats::Summary;

/// One variant as the report needs it.
#[derive(Debug, Clone, Copy)]
pub struct Variant<'a> {
    /// Name (`current` for the process as written).
    pub name: &'a str,
    /// Label, if any.
    pub label: Option<&'a str>,
    /// The model that ran.
    pub model: &'a Model,
    /// Its results over all replications.
    pub result: &'a RunResult,
    /// The trace of its first replication (queue lengths over time).
    pub trace: &'a Trace,
}

/// Everything on the page.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The variants; the first is the baseline of the comparison.
    pub variants: &'a [Variant<'a>],
    /// Paired comparison rows (empty after `run`).
    pub comparison: &'a [Row],
    /// What was run.
    pub manifest: &'a Manifest,
    /// The language of the page.
    pub lang: Lang,
}

/// Colours of variants, in order (colour-blind safe, after Okabe and Ito).
const VARIANT_COLOURS: [&str; 8] = [
    "#555555", "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#b8a100",
];
/// Colours of the time-in-state categories of [`crate::engine::STATES`].
const STATE_COLOURS: [&str; crate::engine::STATES.len()] = [
    "#d55e00", "#0072b2", "#56b4e9", "#e69f00", "#999999", "#cc79a7",
];
/// What each category of [`crate::engine::STATES`] is called on the page (in English; the
/// catalogue translates).
const STATE_NAMES: [&str; crate::engine::STATES.len()] = [
    "waiting for staff",
    "hands-on work",
    "paused while closed",
    "hand-offs",
    "customer side",
    "rework",
];

pub(crate) const STYLE: &str = r#"
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Source Han Sans SC",
  "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; color: #222; margin: 0;
  background: #fff; line-height: 1.4; }
main { max-width: 1060px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.25em; margin: 32px 0 4px; border-bottom: 2px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 1.02em; margin: 18px 0 4px; }
p.note { color: #555; margin: 4px 0 10px; font-size: 0.92em; }
table { border-collapse: collapse; font-size: 0.9em; margin: 6px 0 12px; }
th, td { padding: 3px 10px; border-bottom: 1px solid #e4e4e4; text-align: right;
  word-break: keep-all; }
td { white-space: nowrap; }
/* A column per variant: many variants wrap their cells rather than pass the page's width. */
table.variants td { white-space: normal; overflow-wrap: break-word; }
table.variants th, table.variants td { padding: 3px 6px; }
.nw { white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
th { background: #f4f4f4; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: inherit; fill: #222; }
.legend span { display: inline-block; margin-right: 14px; font-size: 0.88em; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px;
  vertical-align: -1px; }
.warn { color: #b00020; font-weight: 600; }
figure { margin: 0 0 16px; break-inside: avoid; page-break-inside: avoid; }
td code { white-space: normal; overflow-wrap: anywhere; }
@media screen and (max-width: 1100px) { main { padding: 16px 12px; } }
@media print { main { max-width: none; padding: 0; }
  h2, h3, .legend, p.note { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; } tr { break-inside: avoid; }
  table.variants { font-size: 0.8em; } }
/* A column per variant: printed across the page. */
@page { size: A4 landscape; margin: 12mm; }
"#;

/// A variant's name at the head of its column, which may break after an underscore
/// (`parallel_<wbr>review`): narrow columns then fit a page.
fn column_head(v: &Variant, l: Lang) -> String {
    esc(&display_name(v, l)).replace('_', "_<wbr>")
}

/// `text`, escaped, in two parts kept whole each, with a line break allowed before `tail`
/// (its last occurrence, with the bracket before it: "load 12.03 (85.9 %)" may break before
/// "(85.9 %)", "负荷 12.03（85.9 %）" before "（").
fn breakable_before(text: &str, tail: &str) -> String {
    let cut = text
        .rfind(tail)
        .map(|i| text[..i].trim_end_matches(['(', '（']).len())
        .filter(|&i| i > 0);
    match cut {
        Some(i) => {
            let (head, rest) = text.split_at(i);
            let gap = if head.ends_with(' ') { " " } else { "<wbr>" };
            format!(
                r#"<span class="nw">{}</span>{gap}<span class="nw">{}</span>"#,
                esc(head.trim_end()),
                esc(rest)
            )
        }
        None => format!(r#"<span class="nw">{}</span>"#, esc(text)),
    }
}

/// What goes between two sentences: a space in English, nothing after a Chinese full stop.
fn sentence_gap(l: Lang) -> &'static str {
    if l == Lang::Zh { "" } else { " " }
}

/// A number for people: one decimal from 10 up, two below, three below 0.1.
pub(crate) fn num(x: f64) -> String {
    let text = if !x.is_finite() {
        "–".to_string()
    } else if x.abs() >= 10.0 {
        format!("{x:.1}")
    } else if x.abs() >= 0.1 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    };
    // What rounds to zero has no sign.
    match text.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        _ => text,
    }
}

/// `x` with `decimals` decimals and its sign (`+1.5`, `-0.3`); a value that rounds to zero
/// has none (`0.0`, never `+0.0` or `-0.0`).
///
/// ```
/// use expansim::report::plus;
/// assert_eq!(plus(-0.028, 1), "0.0");
/// assert_eq!(plus(0.05, 1), "+0.1");
/// assert_eq!(plus(-2.0, 2), "-2.00");
/// ```
pub fn plus(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    with_sign(&format!("{x:.decimals$}"))
}

/// A formatted number with a `+` when positive and no sign when it reads as zero.
pub fn with_sign(text: &str) -> String {
    let digits = text.trim_start_matches('-');
    if !digits.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        digits.to_string()
    } else if text.starts_with('-') || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        text.to_string()
    } else {
        format!("+{text}")
    }
}

/// A whole number with its thousands grouped (`2,349,147`).
pub(crate) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A share (0 to 1) with its 95% interval, in percent, `space` between the number and `%`:
/// `88.3% ± 4.1`; `88.3% [75.8, 100]` where the interval is cut at 0 or 100 %; `100.0%`
/// where every replication gave the same; "–" without a value.
pub fn share(s: Option<Summary>, space: &str) -> String {
    match s {
        // Every replication the same (all within the limit): no interval to show.
        Some(s) if s.half_width() == 0.0 => format!("{}{space}%", percent_of(s.mean, 1)),
        Some(s) if s.half_width().is_finite() => {
            // More decimals where the interval is narrower than a tenth of a point, so
            // that its half-width shows a digit (up to a thousandth of a point).
            let d = match 100.0 * s.half_width() {
                w if w >= 0.05 => 1,
                w if w >= 0.005 => 2,
                _ => 3,
            };
            let mean = percent_of(s.mean, d);
            let d = mean.split_once('.').map_or(0, |(_, f)| f.len());
            let (below, above) = (s.mean - s.ci95_low, s.ci95_high - s.mean);
            if (below - above).abs() > 1e-9 {
                // Cut at 0 or 100 %: the interval itself, not a ± it does not have (100,
                // not 100.0).
                let bound = |x: f64| {
                    let text = format!("{:.d$}", 100.0 * x);
                    match text.contains('.') {
                        true => text.trim_end_matches('0').trim_end_matches('.').to_string(),
                        false => text,
                    }
                };
                format!(
                    "{mean}{space}% [{}, {}]",
                    bound(s.ci95_low),
                    bound(s.ci95_high)
                )
            } else {
                format!("{mean}{space}% ± {:.d$}", 100.0 * s.half_width())
            }
        }
        Some(s) if s.mean.is_finite() => format!("{}{space}%", percent_of(s.mean, 1)),
        _ => "–".to_string(),
    }
}

/// A share in percent with at least `d` decimals, more (up to three) where fewer would
/// round a share below 1 to 100 or one above 0 to 0: "100.0" means every case, and a share
/// nearer than three decimals show is held just off it ("99.999").
pub fn percent_of(share: f64, d: usize) -> String {
    let x = 100.0 * share;
    let reads_whole = |d: usize| {
        let text = format!("{x:.d$}");
        (share < 1.0 && text.starts_with("100"))
            || (share > 0.0 && text.bytes().all(|b| b == b'0' || b == b'.'))
    };
    let d = (d..3).find(|&d| !reads_whole(d)).unwrap_or(d.max(3));
    let step = 10f64.powi(-(d as i32));
    let x = match share {
        s if s > 0.0 && s < 1.0 => x.clamp(step, 100.0 - step),
        _ => x,
    };
    format!("{x:.d$}")
}

pub(crate) fn pct(x: f64) -> String {
    if x.is_finite() {
        format!("{} %", percent_of(x, 1))
    } else {
        "–".to_string()
    }
}

pub(crate) fn colour(i: usize) -> &'static str {
    VARIANT_COLOURS[i % VARIANT_COLOURS.len()]
}

fn display_name(v: &Variant, l: Lang) -> String {
    crate::scenario::variant::shown(l, v.name, v.label)
}

/// The line that says which variants' figures are no result, if any are.
fn unstable_note(input: &Input) -> String {
    let l = input.lang;
    let names: Vec<String> = input
        .variants
        .iter()
        .filter(|v| v.model.unstable())
        .map(|v| display_name(v, l))
        .collect();
    if names.is_empty() {
        return String::new();
    }
    format!(
        r#"<p class="warn">{}{}{}{}{}</p>"#,
        esc(l.t("unstable")),
        l.t(": "),
        esc(&names.join(l.t(", "))),
        l.t("; "),
        esc(l.t("A pool gets more work than it can do: its queue, and these figures, grow the longer the run is, so they are no result. Add staff to that pool or lower its work."))
    )
}

fn summary(v: &Variant, class: Option<u32>, metric: Metric, subject: Subject) -> Option<Summary> {
    let kpi = Kpi {
        class,
        metric,
        subject,
    };
    v.result.column(&kpi).map(|c| crate::stats::summarize(&c))
}

fn data(v: &Variant, class: &str, metric: &str, subject: &str, value: f64) -> String {
    format!(
        r#" data-variant="{}" data-class="{}" data-metric="{metric}" data-subject="{}" data-value="{}""#,
        esc(v.name),
        esc(class),
        esc(subject),
        crate::export::number(value)
    )
}

/// Classes of the baseline model: (index, name, label), then all classes.
fn classes(m: &Model) -> Vec<(Option<u32>, String, Option<String>)> {
    m.classes
        .iter()
        .enumerate()
        .map(|(i, c)| (Some(i as u32), c.name.clone(), c.label.clone()))
        .chain([(None, "all".to_string(), None)])
        .collect()
}

fn class_heading(lang: Lang, name: &str, label: &Option<String>) -> String {
    match label {
        Some(l) => format!("{} · {}", esc(l), esc(name)),
        None if name == "all" => lang.t("all classes").to_string(),
        None => esc(name),
    }
}

/// A section's heading and the note under it (both already in the page's language; the note
/// is escaped here).
fn section(out: &mut String, title: &str, note: &str) {
    let _ = write!(
        out,
        r#"<h2>{}</h2><p class="note">{}</p>"#,
        esc(title),
        esc(note)
    );
}

pub(crate) fn legend(items: &[(String, &str)]) -> String {
    let mut s = String::from(r#"<div class="legend">"#);
    for (name, c) in items {
        let _ = write!(
            s,
            r#"<span><i style="background:{c}"></i>{}</span>"#,
            esc(name)
        );
    }
    s.push_str("</div>");
    s
}

/// A round step (1, 2 or 5 × 10^k) giving about five intervals over `span`.
fn nice_step(span: f64) -> f64 {
    let raw = (span / 5.0).max(1e-12);
    let p = 10f64.powf(raw.log10().floor());
    let m = raw / p;
    p * if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    }
}

/// Where a chart's plot starts when its row labels, drawn right-aligned just left of it at
/// `font` pixels, are `labels`: at `least`, or further right so the longest label fits
/// (a Chinese character is about a font size wide, a Latin letter or digit a little over
/// half), but at most half the 1000-pixel chart.
fn label_room<'a>(labels: impl Iterator<Item = &'a str>, font: f64, least: f64) -> f64 {
    use unicode_width::UnicodeWidthStr;
    let widest = labels.map(|l| l.width()).max().unwrap_or(0) as f64;
    (widest * 0.56 * font + 16.0).clamp(least, 500.0)
}

/// A row's label, right-aligned at `x` with its baseline at `y`: on one line when it fits in
/// `room` pixels (as [`label_room`] measures), else on two (the second, like the first, a
/// line of `font` pixels) ending in "…" when even two are not enough, with the whole label
/// as its tooltip.
fn row_label(name: &str, x: f64, y: f64, font: f64, room: f64) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let columns = ((room - 16.0) / (0.56 * font)).floor().max(4.0) as usize;
    // Two lines broken between words (at " · " or a space) when both then fit.
    if name.width() > columns {
        let between = name
            .match_indices(" · ")
            .map(|(i, sep)| (i, i + sep.len()))
            .chain(name.match_indices(' ').map(|(i, _)| (i, i + 1)))
            .find(|&(end, start)| {
                name[..end].width() <= columns && name[start..].width() <= columns
            });
        if let Some((end, start)) = between {
            return two_lines(name, (&name[..end], &name[start..]), (x, y), font);
        }
    }
    let mut lines: Vec<String> = vec![String::new()];
    let mut width = 0;
    for c in name.chars() {
        let w = c.width().unwrap_or(0);
        if width + w > columns {
            if lines.len() == 2 {
                // No room for a third line: the second ends in "…".
                let last = lines.last_mut().expect("two lines");
                while unicode_width::UnicodeWidthStr::width(last.as_str()) + 1 > columns {
                    last.pop();
                }
                last.push('…');
                break;
            }
            lines.push(String::new());
            width = 0;
        }
        lines.last_mut().expect("a line").push(c);
        width += w;
    }
    match &lines[..] {
        [one] => format!(
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{font}" text-anchor="end">{}</text>"#,
            esc(one)
        ),
        [first, second] => two_lines(name, (first, second), (x, y), font),
        _ => unreachable!("at most two lines"),
    }
}

/// [`row_label`] on two lines, with the whole label as its tooltip.
fn two_lines(name: &str, (first, second): (&str, &str), (x, y): (f64, f64), font: f64) -> String {
    format!(
        r#"<text x="{x:.1}" y="{:.1}" font-size="{font}" text-anchor="end"><title>{}</title><tspan x="{x:.1}">{}</tspan><tspan x="{x:.1}" dy="{:.1}">{}</tspan></text>"#,
        y - 0.55 * font,
        esc(name),
        esc(first),
        1.1 * font,
        esc(second)
    )
}

/// The room an axis title takes under the tick labels.
pub(crate) const AXIS_TITLE_ROOM: f64 = 16.0;

/// An axis covering [lo, hi], widened to round ticks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Axis {
    lo: f64,
    pub(crate) hi: f64,
    step: f64,
}

impl Axis {
    pub(crate) fn new(lo: f64, hi: f64) -> Axis {
        let (lo, hi) = if hi > lo && hi.is_finite() && lo.is_finite() {
            (lo, hi)
        } else {
            (0.0, 1.0)
        };
        let step = nice_step(hi - lo);
        Axis {
            lo: (lo / step).floor() * step,
            hi: (hi / step).ceil() * step,
            step,
        }
    }

    /// Pixel position of `v` between `x0` and `x1`.
    fn at(&self, v: f64, x0: f64, x1: f64) -> f64 {
        x0 + (x1 - x0) * ((v - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0)
    }

    fn ticks(&self) -> Vec<f64> {
        let n = ((self.hi - self.lo) / self.step).round() as i64;
        (0..=n).map(|i| self.lo + self.step * i as f64).collect()
    }

    fn label(&self, v: f64) -> String {
        let decimals = (-self.step.log10().floor()).max(0.0) as usize;
        format!("{:.*}", decimals, v + 0.0)
    }

    /// Vertical grid lines with labels, between pixels `x0` and `x1`.
    pub(crate) fn draw(
        &self,
        out: &mut String,
        x0: f64,
        x1: f64,
        top: f64,
        bottom: f64,
        (suffix, title): (&str, &str),
    ) {
        if !title.is_empty() {
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#444" class="axis-title">{}</text>"##,
                (x0 + x1) / 2.0,
                bottom + AXIS_TITLE_ROOM + 13.0,
                esc(title)
            );
        }
        for v in self.ticks() {
            let x = self.at(v, x0, x1);
            let label = if suffix == "%" {
                format!("{:.0} %", 100.0 * v)
            } else {
                self.label(v)
            };
            let _ = write!(
                out,
                r##"<line x1="{x:.1}" y1="{top:.1}" x2="{x:.1}" y2="{bottom:.1}" stroke="#e3e3e3"/><text x="{x:.1}" y="{:.1}" font-size="11" text-anchor="middle">{label}</text>"##,
                bottom + 13.0,
            );
        }
    }
}

/// A limit or setting for people: no trailing zeros.
pub(crate) fn plain(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Calendar days per working day of the scenario calendar over the horizon.
fn days_per_working_day(m: &Model) -> Option<f64> {
    let cal = m.calendar()?;
    let minutes = m.settings.time_unit.minutes();
    let wd = cal.working_days_between(0.0, m.settings.horizon * minutes);
    (wd > 0.0).then(|| m.settings.horizon * minutes / 1440.0 / wd)
}

/// The page.
pub fn html(input: &Input) -> String {
    let m = input.variants[0].model;
    let l = input.lang;
    // Values set on the command line change every variant: said under the title, and the
    // process as written is no longer the current one (a printed page must not present the
    // changed figures as today's).
    let sets = crate::scenario::set::changing(&input.manifest.overrides);
    let as_set = l.t("the current process, with the values set on the command line");
    let relabelled: Vec<Variant> = input
        .variants
        .iter()
        .map(|v| match v.name {
            crate::scenario::variant::BASELINE if !sets.is_empty() && v.label.is_none() => {
                Variant {
                    label: Some(as_set),
                    ..*v
                }
            }
            _ => *v,
        })
        .collect();
    let input = &Input {
        variants: &relabelled,
        ..*input
    };
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="{}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{} — {}</title><style>{STYLE}</style></head><body><main>
<h1>{}</h1>
<p class="note">{}</p>
"#,
        l.html(),
        esc(&m.settings.name),
        l.t("expansim report"),
        esc(&m.settings.name),
        esc(&l.fill(
            "{n} variants · {r} replications · seed {seed} · horizon {h} {unit}, warm-up {w} · expansim {v} · {finished}",
            &[
                ("n", &input.variants.len().to_string()),
                ("r", &input.manifest.replications.to_string()),
                ("seed", &input.manifest.seed.to_string()),
                ("h", &m.settings.horizon.to_string()),
                ("unit", &l.units(m.settings.time_unit.name())),
                ("w", &m.settings.warmup.to_string()),
                ("v", &input.manifest.expansim_version),
                ("finished", &input.manifest.finished),
            ],
        )),
    );
    if !sets.is_empty() {
        let _ = write!(
            out,
            r#"<p class="note warn">{}</p>"#,
            esc(&l.fill(
                "values set on the command line: {sets}",
                &[("sets", &sets.join(l.t("; ")))]
            ))
        );
    }
    out.push_str(&sections(input));
    out.push_str("</main></body></html>\n");
    out
}

/// The report's sections without the page around them: what the web app of `serve` shows
/// after each run.
pub fn sections(input: &Input) -> String {
    let mut out = String::new();
    let unit = &input
        .lang
        .units(input.variants[0].model.settings.time_unit.name());
    let variant_legend: Vec<(String, &str)> = input
        .variants
        .iter()
        .enumerate()
        .map(|(i, v)| (display_name(v, input.lang), colour(i)))
        .collect();
    overview(&mut out, input, unit);
    where_time_goes(&mut out, input, unit);
    distributions(&mut out, input, unit, &variant_legend);
    limits(&mut out, input);
    if !input.comparison.is_empty() {
        forest(&mut out, input, unit);
    }
    utilisation(&mut out, input, &variant_legend);
    queues(&mut out, input, unit);
    parameters(&mut out, input, unit);
    out
}

fn overview(out: &mut String, input: &Input, unit: &str) {
    let base = &input.variants[0];
    let l = input.lang;
    let _ = write!(
        out,
        r#"<h2>{}</h2><p class="note">{}</p><table class="variants"><thead><tr><th>{}</th>"#,
        l.t("Lead time by class"),
        l.fill("Mean time from application to energization, in {unit}, with its 95% confidence interval over the replications; P90: 9 in 10 cases finish sooner; flow efficiency: the share of a case's lead time in which staff work on it hands-on (mean over cases).", &[("unit", unit)]),
        l.t("class"),
    );
    for v in input.variants {
        let _ = write!(out, "<th>{}</th>", column_head(v, l));
    }
    out.push_str("</tr></thead>");
    for (c, name, label) in classes(base.model) {
        let _ = write!(out, "<tr><td>{}</td>", class_heading(l, &name, &label));
        for v in input.variants {
            let lt = summary(v, c, Metric::LeadTime, Subject::None);
            let p90 = summary(v, c, Metric::LeadTimeP90, Subject::None);
            let flow = summary(v, c, Metric::FlowEfficiency, Subject::None);
            match (lt, p90) {
                (Some(s), Some(p)) => {
                    let _ = write!(
                        out,
                        "<td><span class=\"nw\"><span{}>{}</span> ± {}</span><br><small>P90 {}",
                        data(v, &name, "lead_time", "", s.mean),
                        num(s.mean),
                        num(s.half_width()),
                        num(p.mean)
                    );
                    if let Some(f) = flow.filter(|f| f.mean.is_finite()) {
                        let _ = write!(
                            out,
                            " · {} <span{}>{}</span>",
                            l.t("flow efficiency"),
                            data(v, &name, "flow_efficiency", "", f.mean),
                            pct(f.mean)
                        );
                    }
                    out.push_str("</small></td>");
                }
                _ => out.push_str("<td>–</td>"),
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
    out.push_str(&unstable_note(input));
}

fn where_time_goes(out: &mut String, input: &Input, unit: &str) {
    let base = &input.variants[0];
    let l = input.lang;
    section(out, l.t("Where the time goes"), &l.fill("Mean {unit} per finished case: queueing for staff, hands-on work by staff (working time only), tasks paused while their office is closed or their staff are on other duties (nights, weekends, holidays, part-time availability), hand-offs between departments, the customer's own time (documents, design, construction), and rework (from a rejection until the case is past the step that rejected it).", &[("unit", unit)]));
    // How much of it is hands-on work, as measured, not as a process is expected to be.
    let shares: Vec<f64> = classes(base.model)
        .iter()
        .filter_map(|(c, _, _)| summary(base, *c, Metric::FlowEfficiency, Subject::None))
        .map(|s| s.mean)
        .filter(|x| x.is_finite())
        .collect();
    if let (Some(lo), Some(hi)) = (
        shares.iter().copied().reduce(f64::min),
        shares.iter().copied().reduce(f64::max),
    ) {
        let share = if pct(lo) == pct(hi) {
            pct(lo)
        } else {
            format!("{}–{}", pct(lo), pct(hi))
        };
        let process = match (base.name, base.label) {
            (crate::scenario::variant::BASELINE, None) => l.t("the current process").to_string(),
            _ => display_name(base, l),
        };
        let _ = write!(
            out,
            r#"<p class="note">{}</p>"#,
            esc(&l.fill(
                "Hands-on work is {share} of a case's lead time in {variant}, over the classes (the flow efficiency of the headline table, a mean over cases).",
                &[("share", &share), ("variant", &process)]
            ))
        );
    }
    let items: Vec<(String, &str)> = STATE_NAMES
        .iter()
        .zip(STATE_COLOURS)
        .map(|(n, c)| (l.t(n).to_string(), c))
        .collect();
    out.push_str(&legend(&items));
    let (left, right, row) = (230.0, 980.0, 26.0);
    for (c, name, label) in classes(base.model) {
        let rows: Vec<(&Variant, Vec<f64>)> = input
            .variants
            .iter()
            .map(|v| {
                let parts = TIME_IN_STATE
                    .iter()
                    .map(|&mt| summary(v, c, mt, Subject::None).map_or(f64::NAN, |s| s.mean))
                    .collect();
                (v, parts)
            })
            .collect();
        // Room to the right of the longest bar for its total.
        let axis = Axis::new(
            0.0,
            1.08 * rows
                .iter()
                .map(|(_, p)| p.iter().filter(|x| x.is_finite()).sum::<f64>())
                .fold(0.0, f64::max),
        );
        let height = 20.0 + row * rows.len() as f64 + 22.0 + AXIS_TITLE_ROOM;
        let _ = write!(
            out,
            r#"<figure><h3>{}</h3><svg viewBox="0 0 1000 {height:.0}" width="1000" height="{height:.0}" role="img" aria-label="{}, {}">"#,
            class_heading(l, &name, &label),
            esc(l.t("Where the time goes")),
            class_heading(l, &name, &label)
        );
        let bottom = 10.0 + row * rows.len() as f64;
        let title = l.fill("mean time per finished case ({unit})", &[("unit", unit)]);
        axis.draw(out, left, right, 6.0, bottom, ("", &title));
        for (i, (v, parts)) in rows.iter().enumerate() {
            let y = 10.0 + row * i as f64;
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end">{}</text>"#,
                left - 6.0,
                y + 14.0,
                esc(&display_name(v, l))
            );
            let mut x = left;
            for (k, &p) in parts.iter().enumerate() {
                if !p.is_finite() {
                    continue;
                }
                let w = axis.at(p, left, right) - left;
                let _ = write!(
                    out,
                    r#"<rect x="{x:.2}" y="{y:.1}" width="{w:.2}" height="{:.1}" fill="{}"{}><title>{}{}{} {unit}</title></rect>"#,
                    row - 8.0,
                    STATE_COLOURS[k],
                    data(v, &name, TIME_IN_STATE[k].name(), "", p),
                    l.t(STATE_NAMES[k]),
                    l.t(": "),
                    num(p)
                );
                x += w;
            }
            let total: f64 = parts.iter().filter(|x| x.is_finite()).sum();
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{:.1}" font-size="11">{}</text>"#,
                x + 4.0,
                y + 13.0,
                num(total)
            );
        }
        out.push_str("</svg></figure>");
    }
}

fn distributions(out: &mut String, input: &Input, unit: &str, variant_legend: &[(String, &str)]) {
    let base = &input.variants[0];
    let m = base.model;
    let per_wd = days_per_working_day(m);
    let l = input.lang;
    let mut note = l.fill(
        "Share of finished cases by lead time ({unit}), all replications, one row per variant on the same scale; the black line is the mean.",
        &[("unit", unit)],
    );
    if m.classes.iter().any(|c| c.limit.is_some()) {
        note = format!("{note}{}{}", sentence_gap(l), l.t("The red line marks the statutory limit converted to calendar time; the limit itself counts only the utility's working days (customer time excluded), so cases to its right may still meet it."));
    }
    section(out, l.t("Lead-time distribution"), &note);
    out.push_str(&legend(variant_legend));
    let bins = 40usize;
    let (left, right, band) = (230.0, 980.0, 46.0);
    for (c, name, label) in classes(m) {
        let ci = c.map_or(m.classes.len(), |c| c as usize);
        // The statutory limit in calendar time.
        let limit = c.and_then(|c| m.classes[c as usize].limit);
        let limit_at = limit.and_then(|limit| match limit.working {
            true => per_wd.map(|d| limit.value * d * 1440.0 / m.settings.time_unit.minutes()),
            false => Some(limit.value),
        });
        let slowest = input
            .variants
            .iter()
            .map(|v| v.result.lead_hist[ci].quantile(0.99))
            .filter(|x| x.is_finite())
            .fold(0.0, f64::max);
        // The axis reaches the limit unless it is far beyond the cases (then an arrow at
        // the edge says where it is).
        let reach = match limit_at {
            Some(x) if x > slowest && x <= 3.0 * slowest.max(f64::MIN_POSITIVE) => 1.02 * x,
            _ => slowest,
        };
        let axis = Axis::new(0.0, reach);
        let xmax = axis.hi;
        let edges: Vec<f64> = (0..=bins).map(|i| xmax * i as f64 / bins as f64).collect();
        // Room under the axis for a limit beyond it.
        let under = match limit_at {
            Some(x) if x > xmax => 38.0,
            _ => 24.0,
        } + AXIS_TITLE_ROOM;
        let height = 10.0 + band * input.variants.len() as f64 + under;
        let _ = write!(
            out,
            r#"<figure><h3>{}</h3><svg viewBox="0 0 1000 {height:.0}" width="1000" height="{height:.0}" role="img" aria-label="{}, {}">"#,
            class_heading(l, &name, &label),
            esc(l.t("Lead-time distribution")),
            class_heading(l, &name, &label)
        );
        let bottom = 10.0 + band * input.variants.len() as f64;
        let title = l.fill("lead time ({unit})", &[("unit", unit)]);
        axis.draw(out, left, right, 6.0, bottom, ("", &title));
        for (i, v) in input.variants.iter().enumerate() {
            let h = &v.result.lead_hist[ci];
            let counts = h.bin_counts(&edges);
            let total = h.count().max(1) as f64;
            let peak = counts.iter().copied().max().unwrap_or(0).max(1) as f64 / total;
            let y0 = 10.0 + band * (i as f64 + 1.0) - 4.0;
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end">{}</text><g data-variant="{}" data-class="{}" data-chart="distribution" data-cases="{}">"#,
                left - 6.0,
                y0 - 12.0,
                esc(&display_name(v, l)),
                esc(v.name),
                esc(&name),
                h.count()
            );
            let w = (right - left) / bins as f64;
            for (b, &n) in counts.iter().enumerate() {
                if n == 0 {
                    continue;
                }
                let share = n as f64 / total;
                let bh = (band - 10.0) * share / peak;
                let _ = write!(
                    out,
                    r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{bh:.2}" fill="{}"><title>{}–{} {unit}{}{}</title></rect>"#,
                    left + w * b as f64,
                    y0 - bh,
                    w - 1.0,
                    colour(i),
                    num(edges[b]),
                    num(edges[b + 1]),
                    l.t(": "),
                    pct(share)
                );
            }
            // The slowest cases lie past the axis (at most about 1 %): say how many.
            let beyond = h.count().saturating_sub(counts.iter().sum::<u64>());
            if beyond > 0 {
                let _ = write!(
                    out,
                    r##"<text x="{right:.1}" y="{:.1}" font-size="11" text-anchor="end" fill="#555">{}</text>"##,
                    y0 - band + 20.0,
                    l.fill(
                        "{share} beyond {x} {unit}",
                        &[
                            ("share", &pct(beyond as f64 / total)),
                            ("x", &plain(xmax)),
                            ("unit", unit)
                        ]
                    )
                );
            }
            // No mean without a finished case.
            if let Some(s) =
                summary(v, c, Metric::LeadTime, Subject::None).filter(|s| s.mean.is_finite())
            {
                let x = left + (right - left) * (s.mean / xmax).min(1.0);
                let _ = write!(
                    out,
                    r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{y0:.1}" stroke="#000" stroke-width="1.5"{}/>"##,
                    y0 - band + 10.0,
                    data(v, &name, "lead_time", "", s.mean)
                );
            }
            out.push_str("</g>");
        }
        if let (Some(limit), Some(x_limit)) = (limit, limit_at) {
            let text = l.fill(
                "limit {value}{rest}",
                &[
                    ("value", &plain(limit.value)),
                    (
                        "rest",
                        &if limit.working {
                            format!("{} ≈ {} {unit}", l.t(" WD"), plain(x_limit))
                        } else {
                            format!(" {unit}")
                        },
                    ),
                ],
            );
            if x_limit <= xmax {
                let x = left + (right - left) * x_limit / xmax;
                let _ = write!(
                    out,
                    r##"<line x1="{x:.1}" y1="6" x2="{x:.1}" y2="{bottom:.1}" stroke="#b00020" stroke-width="2" stroke-dasharray="5 3"/><text x="{:.1}" y="{:.1}" font-size="11" fill="#b00020">{}</text>"##,
                    x + 4.0,
                    18.0,
                    esc(&text)
                );
            } else {
                // Beyond the axis: where it is, at the edge, under the axis's end.
                let _ = write!(
                    out,
                    r##"<text x="{right:.1}" y="{:.1}" font-size="11" text-anchor="end" fill="#b00020">{} →</text>"##,
                    bottom + 30.0 + AXIS_TITLE_ROOM,
                    esc(&text)
                );
            }
        }
        out.push_str("</svg></figure>");
    }
}

/// A dot with its 95% CI per variant, on a shared axis.
fn interval_rows(
    out: &mut String,
    rows: &[(String, String, Summary, &str, String)],
    axis: Axis,
    suffix: &str,
    title: &str,
    zero_line: bool,
) {
    let (lo, hi) = (axis.lo, axis.hi);
    let left = label_room(rows.iter().map(|r| r.0.as_str()), 12.0, 230.0);
    let (right, row) = (740.0, 24.0);
    let height = 14.0 + row * rows.len() as f64 + 22.0 + AXIS_TITLE_ROOM;
    let _ = write!(
        out,
        r#"<svg viewBox="0 0 1000 {height:.0}" width="1000" height="{height:.0}" role="img">"#
    );
    let bottom = 10.0 + row * rows.len() as f64;
    let scale = |v: f64| axis.at(v, left, right);
    axis.draw(out, left, right, 6.0, bottom, (suffix, title));
    if zero_line && lo <= 0.0 && hi >= 0.0 {
        let x = scale(0.0);
        let _ = write!(
            out,
            r##"<line x1="{x:.1}" y1="6" x2="{x:.1}" y2="{bottom:.1}" stroke="#333" stroke-width="1.5"/>"##
        );
    }
    for (i, (name, attrs, s, c, text)) in rows.iter().enumerate() {
        let y = 10.0 + row * i as f64 + 10.0;
        out.push_str(&row_label(name, left - 6.0, y + 4.0, 12.0, left));
        if s.ci95_low.is_finite() {
            let _ = write!(
                out,
                r#"<line x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{c}" stroke-width="2"/>"#,
                scale(s.ci95_low.max(lo)),
                scale(s.ci95_high.min(hi))
            );
        }
        if s.mean.is_finite() {
            let _ = write!(
                out,
                r#"<circle cx="{:.1}" cy="{y:.1}" r="4.5" fill="{c}"{attrs}/><text x="{:.1}" y="{:.1}" font-size="11">{}</text>"#,
                scale(s.mean.clamp(lo, hi)),
                right + 12.0,
                y + 4.0,
                esc(text)
            );
        }
    }
    out.push_str("</svg>");
}

fn limits(out: &mut String, input: &Input) {
    let base = &input.variants[0];
    let m = base.model;
    if m.classes.iter().all(|c| c.limit.is_none()) {
        return;
    }
    let l = input.lang;
    section(out, l.t("Statutory limit met"), l.t("Share of finished cases whose utility-side time (working days, customer time excluded) is within the class's limit; the line is the 95% confidence interval over the replications."));
    for (c, name, label) in classes(m) {
        let limit = c.and_then(|c| m.classes[c as usize].limit);
        if c.is_some() && limit.is_none() {
            continue;
        }
        let rows: Vec<_> = input
            .variants
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let s = summary(v, c, Metric::LimitMetShare, Subject::None)?;
                Some((
                    display_name(v, l),
                    data(v, &name, "limit_met_share", "", s.mean),
                    s,
                    colour(i),
                    // As the terminal gives it: an interval cut at 100 % as such.
                    share(Some(s), " "),
                ))
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "<figure><h3>{}{}</h3>",
            class_heading(l, &name, &label),
            limit.map_or(String::new(), |lim| format!(
                " — {}",
                l.fill(
                    "limit {value}{rest}",
                    &[
                        ("value", &plain(lim.value)),
                        (
                            "rest",
                            &if lim.working {
                                l.t(" WD").to_string()
                            } else {
                                format!(" {}", l.units(m.settings.time_unit.name()))
                            }
                        )
                    ]
                )
            ))
        );
        let axis = Axis {
            lo: 0.0,
            hi: 1.0,
            step: 0.2,
        };
        let title = l.t("share of finished cases within the limit");
        interval_rows(out, &rows, axis, "%", title, false);
        out.push_str("</figure>");
    }
}

fn forest(out: &mut String, input: &Input, unit: &str) {
    let base = &input.variants[0];
    let l = input.lang;
    let shown = display_name(base, l);
    section(out, &l.fill("Each redesign against {base}", &[("base", &shown)]), &l.fill("Difference in mean lead time ({unit}), variant minus {base}, with its 95% confidence interval from replications paired on common random numbers. Left of the black line: faster. An interval that does not cross the line is a real effect, not noise.", &[("unit", unit), ("base", &shown)]));
    for (_, name, label) in classes(base.model) {
        let mut rows: Vec<&Row> = input
            .comparison
            .iter()
            .filter(|r| r.class == name && r.metric == Metric::LeadTime.name())
            .collect();
        if rows.is_empty() {
            continue;
        }
        rows.sort_by(|a, b| a.difference.mean.total_cmp(&b.difference.mean));
        let lo = rows
            .iter()
            .map(|r| r.difference.ci95_low.min(r.difference.mean))
            .filter(|x| x.is_finite())
            .fold(0.0, f64::min);
        let hi = rows
            .iter()
            .map(|r| r.difference.ci95_high.max(r.difference.mean))
            .filter(|x| x.is_finite())
            .fold(0.0, f64::max);
        // Room on both sides of zero, so that no point sits on the frame.
        let pad = 0.05 * (hi.max(0.0) - lo.min(0.0));
        let axis = Axis::new(lo.min(0.0) - pad, hi.max(0.0) + pad);
        let items: Vec<_> = rows
            .iter()
            .map(|r| {
                let i = input
                    .variants
                    .iter()
                    .position(|v| v.name == r.variant)
                    .unwrap_or(0);
                let v = &input.variants[i];
                let shown = match v.model.unstable() || input.variants[0].model.unstable() {
                    true => format!("{}{}", display_name(v, l), l.aside(l.t("unstable"))),
                    false => display_name(v, l),
                };
                (
                    shown,
                    data(v, &name, "lead_time_difference", "", r.difference.mean),
                    r.difference,
                    colour(i),
                    format!(
                        "{} [{}, {}] ({} %)",
                        with_sign(&num(r.difference.mean)),
                        num(r.difference.ci95_low),
                        num(r.difference.ci95_high),
                        plus(100.0 * r.relative_change, 1)
                    ),
                )
            })
            .collect();
        let _ = write!(out, "<figure><h3>{}</h3>", class_heading(l, &name, &label));
        let title = l.fill("difference in mean lead time ({unit})", &[("unit", unit)]);
        interval_rows(out, &items, axis, "", &title, true);
        out.push_str("</figure>");
    }
}

fn utilisation(out: &mut String, input: &Input, variant_legend: &[(String, &str)]) {
    let l = input.lang;
    section(out, l.t("Staff utilisation"), l.t("Time-average share of each pool's open capacity that is busy, and below a pool with member groups, of each group's. Pools marked in red have an offered load near (≥ 95 %) or above their capacity: queues there grow long or without bound."));
    out.push_str(&legend(variant_legend));
    let base = &input.variants[0];
    // Each pool, then its member groups with staff in any variant (a group a redesign
    // trains has none today): (pool, group key), and the label.
    let mut rows: Vec<((String, Option<String>), String)> = Vec::new();
    for p in &base.model.pools {
        let label = p
            .label
            .as_ref()
            .map_or(p.name.clone(), |l| format!("{l} · {}", p.name));
        rows.push(((p.name.clone(), None), label));
        for v in input.variants {
            let Some(vp) = v.model.pools.iter().find(|x| x.name == p.name) else {
                continue;
            };
            for g in vp.groups.iter().filter(|g| g.count > 0) {
                let row = (p.name.clone(), Some(g.key.clone()));
                if !rows.iter().any(|(r, _)| *r == row) {
                    // Named as people read it: the pool's label and the group's
                    // (`营业厅窗口 / 现有人员`, not the key `clerk/现有人员`).
                    let pool = p.label.as_deref().unwrap_or(&p.name);
                    let own = g.key.strip_prefix(&format!("{}/", p.name));
                    let group = g.label.as_deref().or(own).unwrap_or(&g.key);
                    rows.push((row, format!("{pool} / {group}")));
                }
            }
        }
    }
    let labels: Vec<&str> = rows.iter().map(|(_, l)| l.as_str()).collect();
    let left = label_room(labels.iter().copied(), 12.0, 230.0);
    let (right, bar) = (900.0, 11.0);
    let group = bar * input.variants.len() as f64 + 8.0;
    let height = 10.0 + group * rows.len() as f64 + 22.0 + AXIS_TITLE_ROOM;
    let _ = write!(
        out,
        r#"<figure><svg viewBox="0 0 1000 {height:.0}" width="1000" height="{height:.0}" role="img" aria-label="{}">"#,
        esc(l.t("Staff utilisation"))
    );
    let bottom = 10.0 + group * rows.len() as f64;
    let axis = Axis {
        lo: 0.0,
        hi: 1.0,
        step: 0.2,
    };
    let title = l.t("share of open staff time at work");
    axis.draw(out, left, right, 6.0, bottom, ("%", title));
    for (p, ((pool_name, member_group), label)) in rows.iter().enumerate() {
        let y0 = 10.0 + group * p as f64;
        out.push_str(&row_label(label, left - 6.0, y0 + group / 2.0, 12.0, left));
        for (i, v) in input.variants.iter().enumerate() {
            let Some(vp) = v.model.pools.iter().position(|x| x.name == *pool_name) else {
                continue;
            };
            let (subject, subject_name) = match member_group {
                None => (Subject::Pool(vp as u32), pool_name),
                Some(key) => {
                    let groups = &v.model.pools[vp].groups;
                    match groups.iter().position(|g| g.key == *key && g.count > 0) {
                        Some(g) => (Subject::Group(vp as u32, g as u32), key),
                        None => continue,
                    }
                }
            };
            let Some(s) = summary(v, None, Metric::Utilization, subject) else {
                continue;
            };
            let load = v.model.pool_loads()[vp].utilization;
            let y = y0 + bar * i as f64;
            // No bar for staff never at work in the window (no utilization).
            let w = if s.mean.is_finite() {
                (right - left) * s.mean.clamp(0.0, 1.0)
            } else {
                0.0
            };
            let _ = write!(
                out,
                r#"<rect x="{left}" y="{y:.1}" width="{w:.2}" height="{:.1}" fill="{}"{}><title>{}{}{}</title></rect>"#,
                bar - 2.0,
                colour(i),
                data(v, "all", "utilization", subject_name, s.mean),
                esc(&display_name(v, l)),
                l.t(": "),
                pct(s.mean)
            );
            let (mark, fill) = if member_group.is_some() {
                // The pool's load is marked on the pool's bar.
                (String::new(), "#222")
            } else if load >= crate::scenario::model::UNSTABLE_LOAD {
                (format!(" {}", l.t("unstable")), "#b00020")
            } else if load >= 0.95 {
                (format!(" {}", l.t("near saturation")), "#b00020")
            } else {
                (String::new(), "#222")
            };
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{:.1}" font-size="10" fill="{fill}">{}{mark}</text>"#,
                left + w + 4.0,
                y + bar - 3.0,
                pct(s.mean)
            );
        }
    }
    out.push_str("</svg></figure>");
}

fn queues(out: &mut String, input: &Input, unit: &str) {
    let base = &input.variants[0];
    let m = base.model;
    let minutes = m.settings.time_unit.minutes();
    let (start, end) = (m.settings.warmup, base.trace.span_end);
    // The current process as a grey area; the last variant, if any, as a line over it.
    let shown: Vec<(usize, &Variant)> = match input.variants.len() {
        1 => vec![(0, base)],
        n => vec![(0, base), (n - 1, &input.variants[n - 1])],
    };
    let l = input.lang;
    let shown_text = shown
        .iter()
        .map(|(i, v)| {
            if *i == 0 {
                l.fill("{base} as the grey area", &[("base", &display_name(v, l))])
            } else {
                l.fill(
                    "{name} as the coloured line",
                    &[("name", &display_name(v, l))],
                )
            }
        })
        .collect::<Vec<_>>()
        .join(l.comma());
    let mut note = l.fill(
        "Cases waiting for each pool in the first replication, over {span} {unit} after the warm-up: {shown}.",
        &[("span", &num(end - start)), ("unit", unit), ("shown", &shown_text)],
    );
    if m.settings.calendar.is_some() || m.pools.iter().any(|p| p.calendar.is_some()) {
        note = format!("{note}{}{}", sentence_gap(l), l.t("Shaded days are closed (weekends, holidays). Work piles up while the office is closed and is worked off after it reopens."));
    }
    section(out, l.t("Queues over time"), &note);
    let (left, right, h) = (60.0, 980.0, 70.0);
    let x =
        |t: f64| left + (right - left) * ((t - start) / (end - start).max(1e-9)).clamp(0.0, 1.0);
    // Closed days of the scenario calendar.
    let mut closed = String::new();
    let mut ticks = String::new();
    let first_day = (start * minutes / 1440.0).floor() as i64;
    let last_day = (end * minutes / 1440.0).ceil() as i64;
    for d in first_day..last_day {
        let (a, b) = (
            d as f64 * 1440.0 / minutes,
            (d + 1) as f64 * 1440.0 / minutes,
        );
        if let Some(cal) = m.calendar()
            && cal.working_between(d as f64 * 1440.0, (d + 1) as f64 * 1440.0) == 0.0
        {
            let _ = write!(
                closed,
                r##"<rect x="{:.1}" y="6" width="{:.1}" height="{h}" fill="#eeeeee"/>"##,
                x(a),
                (x(b) - x(a)).max(0.0)
            );
        }
        let date = m.settings.start_date + chrono::Duration::days(d);
        if chrono::Datelike::weekday(&date) == chrono::Weekday::Mon && a >= start {
            let _ = write!(
                ticks,
                r##"<text x="{:.1}" y="{:.1}" font-size="10" text-anchor="middle">{}</text>"##,
                x(a),
                6.0 + h + 12.0,
                l.fill("Mon {date}", &[("date", &date.format("%m-%d").to_string())])
            );
        }
    }
    for pool in &m.pools {
        let series: Vec<(usize, &Vec<(f64, u32)>)> = shown
            .iter()
            .filter_map(|(i, v)| {
                let vp = v.model.pools.iter().position(|x| x.name == pool.name)?;
                Some((*i, v.trace.queues.get(vp)?))
            })
            .collect();
        let peak = series
            .iter()
            .flat_map(|(_, s)| s.iter().map(|&(_, n)| n))
            .max()
            .unwrap_or(0);
        let axis = Axis::new(0.0, f64::from(peak.max(1)));
        let step = axis.step.max(1.0);
        let ymax = axis.hi.max(1.0);
        let label = pool
            .label
            .as_ref()
            .map_or(pool.name.clone(), |l| format!("{l} · {}", pool.name));
        let _ = write!(
            out,
            r#"<figure><h3>{}</h3><svg viewBox="0 0 1000 {:.0}" width="1000" height="{:.0}" role="img" aria-label="{}, {}">{closed}"#,
            esc(&label),
            h + 30.0,
            h + 30.0,
            esc(l.t("queue length")),
            esc(&label)
        );
        let bottom = 6.0 + h;
        let _ = write!(
            out,
            r##"<text transform="translate(14 {:.1}) rotate(-90)" font-size="11" text-anchor="middle" fill="#444" class="axis-title">{}</text>"##,
            6.0 + h / 2.0,
            esc(l.t("cases waiting"))
        );
        let mut v = 0.0;
        while v <= ymax + 1e-9 {
            let y = bottom - h * v / ymax;
            let _ = write!(
                out,
                r##"<line x1="{left}" y1="{y:.1}" x2="{right}" y2="{y:.1}" stroke="#dddddd"/><text x="{:.1}" y="{:.1}" font-size="10" text-anchor="end">{v}</text>"##,
                left - 4.0,
                y + 3.0
            );
            v += step;
        }
        out.push_str(&ticks);
        for (i, s) in &series {
            let mut d = String::new();
            let mut last = 0u32;
            for (k, &(t, n)) in s.iter().enumerate() {
                let (px, py) = (x(t), bottom - h * f64::from(n) / ymax);
                if k == 0 {
                    let _ = write!(d, "M{px:.1},{py:.1}");
                } else {
                    let _ = write!(d, "H{px:.1}V{py:.1}");
                }
                last = n;
            }
            let _ = write!(d, "H{right:.1}");
            let (fill, stroke) = if *i == 0 {
                ("#bbbbbb", "#777777")
            } else {
                ("none", colour(*i))
            };
            if *i == 0 {
                let _ = write!(d, "V{bottom:.1}H{left:.1}Z");
            }
            let _ = write!(
                out,
                r#"<path d="{d}" fill="{fill}" fill-opacity="0.8" stroke="{stroke}" stroke-width="1.2" data-variant="{}" data-chart="queue" data-points="{}" data-last="{last}"/>"#,
                esc(input.variants[*i].name),
                s.len()
            );
        }
        out.push_str("</svg></figure>");
    }
}

fn parameters(out: &mut String, input: &Input, unit: &str) {
    let base = &input.variants[0];
    let m = base.model;
    let l = input.lang;
    let _ = write!(
        out,
        r#"<h2>{}</h2><p class="note">{}</p><h3>{}</h3><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>"#,
        l.t("Scenario and run"),
        l.t("What was simulated, so that a printed report can be reproduced: the same scenario, seed and replications give the same numbers."),
        l.t("Customer classes"),
        l.t("class"),
        l.fill("arrivals per {unit}", &[("unit", l.t(m.settings.time_unit.name()))]),
        l.t("statutory limit")
    );
    for c in &m.classes {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            class_heading(l, &c.name, &c.label),
            num(c.arrival.rate()),
            c.limit.map_or("–".to_string(), |lim| if lim.working {
                format!("{}{}", plain(lim.value), l.t(" WD"))
            } else {
                format!("{} {unit}", plain(lim.value))
            })
        );
    }
    let _ = write!(
        out,
        "</table><h3>{}</h3><p>{}</p><table class=\"variants\"><thead><tr><th>{}</th>",
        l.t("Staff pools"),
        l.t("Each pool's staff, and below it the work offered to it in staff-equivalents: how many members it would keep busy all their open time (its share of the capacity)."),
        l.t("pool")
    );
    for v in input.variants {
        let _ = write!(out, "<th>{}</th>", column_head(v, l));
    }
    out.push_str("</tr></thead>");
    for pool in &m.pools {
        let label = pool
            .label
            .as_ref()
            .map_or(pool.name.clone(), |l| format!("{l} · {}", pool.name));
        let _ = write!(out, "<tr><td>{}</td>", esc(&label));
        for v in input.variants {
            match v.model.pools.iter().position(|x| x.name == pool.name) {
                Some(vp) => {
                    let vpool = &v.model.pools[vp];
                    let offered = &v.model.pool_loads()[vp];
                    // Head count, then the load on its own line. Each figure is kept whole,
                    // but a line may break between them: the columns of many variants then
                    // fit a laptop's screen and a printed page.
                    let share = pct(offered.utilization);
                    let load = l.fill(
                        "load {load} ({share})",
                        &[
                            ("load", &format!("{:.2}", offered.staff_equivalents)),
                            ("share", &share),
                        ],
                    );
                    let _ = write!(
                        out,
                        "<td{}><span class=\"nw\">{}</span>{}<br><small>{}</small></td>",
                        if offered.utilization >= 0.95 {
                            r#" class="warn""#
                        } else {
                            ""
                        },
                        esc(&l.fill("{n} staff", &[("n", &vpool.size.to_string())])),
                        if vpool.availability < 1.0 {
                            format!(
                                " <span class=\"nw\">× {}</span>",
                                esc(&pct(vpool.availability))
                            )
                        } else {
                            String::new()
                        },
                        breakable_before(&load, &share)
                    );
                }
                None => out.push_str("<td>–</td>"),
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
    stages(out, input, unit);
    let _ = write!(
        out,
        "<h3>{}</h3><table><tr><th>{}</th><th>{}</th></tr>",
        l.t("Variants"),
        l.t("variant"),
        l.t("stages")
    );
    for v in input.variants {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td></tr>",
            esc(&display_name(v, l)),
            v.model.stages.len()
        );
    }
    out.push_str("</table>");
    run_table(out, input.manifest, l);
}

/// Each stage of every variant (the baseline's in its order, then those only a redesign
/// has), with its kind and, per variant, its mean waiting and touch time per visit over all
/// classes: where a case's time goes step by step, named by the stages' labels.
fn stages(out: &mut String, input: &Input, unit: &str) {
    let l = input.lang;
    // A row is a step as a case meets it: its key, what it is called and the random
    // streams its work and routing draw from (a step moved to other staff stays one row,
    // its kind as the first variant that has it has it). A redesign that keeps a key for
    // another step (a merged step keeps its first stage's key, and draws its first stage's
    // durations but routes as its last) gets a row of its own, beside the stage whose work
    // it continues, so that no figure stands under the name of a step it is not.
    let shown = |stage: &Stage| {
        stage.label.as_ref().map_or(stage.name.clone(), |label| {
            format!("{label} · {}", stage.name)
        })
    };
    type Key = (String, String, u64, u64);
    let key = |stage: &Stage| -> Key {
        (
            stage.name.clone(),
            shown(stage),
            stage.duration_key,
            stage.route_key,
        )
    };
    // Each row, with its kind.
    let mut rows: Vec<(Key, String)> = Vec::new();
    for v in input.variants {
        for stage in &v.model.stages {
            let row = key(stage);
            if rows.iter().any(|(r, _)| *r == row) {
                continue;
            }
            let beside = rows
                .iter()
                .rposition(|(r, _)| r.0 == row.0)
                .or_else(|| rows.iter().rposition(|(r, _)| r.2 == row.2));
            let row = (row, stage_kind(v.model, stage, l));
            match beside {
                Some(i) => rows.insert(i + 1, row),
                None => rows.push(row),
            }
        }
    }
    let _ = write!(
        out,
        "<h3>{}</h3><p>{}</p><table class=\"variants\"><thead><tr><th>{}</th><th>{}</th>",
        l.t("Stages"),
        esc(&l.fill(
            "Mean {unit} per visit, all classes: waiting for staff on the first line, touch time below it (hands-on work at a staffed stage; elapsed time at a hand-off or the customer's own step). A dash: the variant has no such stage, or no case reached it.",
            &[("unit", unit)]
        )),
        l.t("stage"),
        l.t("kind")
    );
    for v in input.variants {
        let _ = write!(out, "<th>{}</th>", column_head(v, l));
    }
    out.push_str("</tr></thead>");
    for (i, (row, kind)) in rows.iter().enumerate() {
        // Two steps shown alike (a merged step labelled as the stage it replaces): the
        // second names the variants that have it.
        let mut label = row.1.clone();
        if rows[..i].iter().any(|(r, _)| r.1 == row.1) {
            let having: Vec<String> = input
                .variants
                .iter()
                .filter(|v| v.model.stages.iter().any(|s| key(s) == *row))
                .map(|v| display_name(v, l))
                .collect();
            label += &l.aside(&having.join(l.t(", ")));
        }
        let _ = write!(out, "<tr><td>{}</td><td>{}</td>", esc(&label), esc(kind));
        for v in input.variants {
            let at = v.model.stages.iter().position(|s| key(s) == *row);
            let mean = |metric| {
                at.and_then(|s| summary(v, None, metric, Subject::Stage(s as u32)))
                    .map(|s| s.mean)
            };
            match (mean(Metric::WaitingTime), mean(Metric::TouchTime)) {
                (_, None) => out.push_str("<td>–</td>"),
                (wait, Some(touch)) => {
                    let _ = write!(
                        out,
                        "<td><span class=\"nw\">{}</span><br><small>{}</small></td>",
                        wait.map_or("–".to_string(), num),
                        num(touch)
                    );
                }
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
}

/// What a stage is, for its row in a table: its pool (by label), a hand-off, the
/// customer's own (external) time, or a step of no time where cases part ways (routing).
pub(crate) fn stage_kind(model: &Model, stage: &Stage, l: Lang) -> String {
    match &stage.kind {
        StageKind::Staffed { pool } => {
            let pool = &model.pools[*pool as usize];
            pool.label.clone().unwrap_or_else(|| pool.name.clone())
        }
        StageKind::External => {
            let s = model.stages.iter().position(|s| s.name == stage.name);
            match s.is_some_and(|s| crate::export::graph::routing(model, s)) {
                true => l.t("routing").to_string(),
                false => l.t("external").to_string(),
            }
        }
        StageKind::Handoff { .. } => l.t("hand-off").to_string(),
    }
}

/// How the run was made (version, command, scenario, seed, replications, times, cases),
/// and its warnings: what a printed page needs to be made again.
fn run_table(out: &mut String, mf: &Manifest, l: Lang) {
    let _ = write!(
        out,
        "<h3>{}</h3><table><tr><td>expansim</td><td>{}</td></tr><tr><td>{}</td><td><code>{}</code></td></tr><tr><td>{}</td><td>{} (SHA-256 {})</td></tr><tr><td>{}</td><td>{}</td></tr><tr><td>{}</td><td>{}</td></tr><tr><td>{}</td><td>{}</td></tr><tr><td>{}</td><td>{}</td></tr><tr><td>{}</td><td>{}</td></tr></table>",
        l.t("Run"),
        esc(&mf.expansim_version),
        l.t("command"),
        esc(&mf.command_line.join(" ")),
        l.t("scenario"),
        esc(&mf.scenario_file),
        esc(&mf.scenario_sha256),
        l.t("seed"),
        mf.seed,
        l.t("replications"),
        mf.replications,
        l.t("started"),
        esc(&mf.started),
        l.t("finished"),
        esc(&mf.finished),
        l.t("cases simulated"),
        grouped(mf.cases)
    );
    for w in &mf.warnings {
        let _ = write!(
            out,
            r#"<p class="warn">{}</p>"#,
            code_spans(&esc(
                &l.fill("warning: {text}", &[("text", &l.translate(w))])
            ))
        );
    }
}

/// `html` with each `name` in backquotes (as messages write a key) set as code.
fn code_spans(html: &str) -> String {
    let parts: Vec<&str> = html.split('`').collect();
    if parts.len().is_multiple_of(2) {
        // An unpaired backquote: left as it is.
        return html.to_string();
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| match i % 2 {
            1 => format!("<code>{p}</code>"),
            _ => p.to_string(),
        })
        .collect()
}

/// One input of a tornado chart: its name, and the paired difference (mean and 95%
/// interval) after raising it and after lowering it.
pub type TornadoRow = (String, Option<Summary>, Option<Summary>);

/// A page of tornado charts (the effects of one-at-a-time changes), one per heading, with
/// the difference in `unit`; rows in the order given (largest effect first); under the
/// note, the changes not run and why (`not_run`, one sentence each); at the end, how the
/// run was made (`manifest`).
pub fn tornado_page(
    title: &str,
    note: &str,
    not_run: &[String],
    charts: &[(String, String, Vec<TornadoRow>)],
    manifest: &Manifest,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="{}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{} — {}</title><style>{STYLE}</style></head><body><main><h1>{}</h1><p class="note">{}</p>"#,
        lang.html(),
        esc(title),
        lang.t("expansim report"),
        esc(title),
        esc(note)
    );
    for n in not_run {
        let _ = write!(out, r#"<p class="note warn">{}</p>"#, esc(n));
    }
    out.push_str(&tornado_charts(charts, lang));
    run_table(&mut out, manifest, lang);
    out.push_str("</main></body></html>\n");
    out
}

/// Tornado charts, one per heading, under one legend (see [`tornado_page`]): for a page of
/// their own or a part of another (the web app's).
pub fn tornado_charts(charts: &[(String, String, Vec<TornadoRow>)], lang: Lang) -> String {
    let mut out = legend(&[
        (lang.t("raised").to_string(), "#d55e00"),
        (lang.t("lowered").to_string(), "#0072b2"),
    ]);
    for (heading, unit, rows) in charts {
        // A difference in time is in the time unit (in the plural); one in a share in
        // percentage points.
        let (unit, scale) = match unit.as_str() {
            "share" => (lang.t("percentage points").to_string(), 100.0),
            u => (lang.units(u), 1.0),
        };
        // Nothing moved it (every HV case within the limit whatever changed): said, not
        // drawn as a ranking of zeros on an axis of 1e-10.
        let moved = rows
            .iter()
            .flat_map(|(_, a, b)| [a, b])
            .flatten()
            .any(|s| [s.mean, s.ci95_low, s.ci95_high].iter().any(|x| *x != 0.0));
        if !moved {
            let _ = write!(
                out,
                r#"<figure><h3>{}</h3><p class="note">{}</p></figure>"#,
                esc(heading),
                esc(lang.t(
                    "No change of an input moved this figure: it came out the same in every replication of every change."
                ))
            );
            continue;
        }
        tornado(&mut out, heading, &unit, scale, rows, lang);
    }
    out
}

/// One tornado chart: a bar per change from zero to its mean difference, with its 95%
/// interval as a line; drawn and named in `unit`, `scale` times the differences (each
/// bar's `data-value` is the difference itself).
fn tornado(
    out: &mut String,
    heading: &str,
    unit: &str,
    scale: f64,
    rows: &[TornadoRow],
    lang: Lang,
) {
    let all = rows
        .iter()
        .flat_map(|(_, a, b)| [a, b])
        .flatten()
        .flat_map(|s| [s.mean, s.ci95_low, s.ci95_high])
        .map(|x| scale * x)
        .filter(|x| x.is_finite());
    let (lo, hi) = all.fold((0.0f64, 0.0f64), |(l, h), x| (l.min(x), h.max(x)));
    let pad = 0.05 * (hi - lo).max(1e-9);
    let axis = Axis::new(lo - pad, hi + pad);
    let left = label_room(rows.iter().map(|r| r.0.as_str()), 11.0, 330.0);
    let (right, row) = (980.0, 24.0);
    let height = 14.0 + row * rows.len() as f64 + 22.0 + AXIS_TITLE_ROOM;
    let bottom = 10.0 + row * rows.len() as f64;
    let _ = write!(
        out,
        r#"<figure><h3>{}</h3><svg viewBox="0 0 1000 {height:.0}" width="1000" height="{height:.0}" role="img" aria-label="{}">"#,
        esc(heading),
        esc(heading)
    );
    let title = lang.fill("change against the baseline ({unit})", &[("unit", unit)]);
    axis.draw(out, left, right, 6.0, bottom, ("", &title));
    let zero = axis.at(0.0, left, right);
    let _ = write!(
        out,
        r##"<line x1="{zero:.1}" y1="6" x2="{zero:.1}" y2="{bottom:.1}" stroke="#333" stroke-width="1.2"/>"##
    );
    for (i, (name, up, down)) in rows.iter().enumerate() {
        let y = 10.0 + row * i as f64;
        out.push_str(&row_label(name, left - 6.0, y + 15.0, 11.0, left));
        for (k, s, colour) in [(0.0, up, "#d55e00"), (1.0, down, "#0072b2")] {
            let Some(s) = s.filter(|s| s.mean.is_finite()) else {
                continue;
            };
            let y0 = y + 3.0 + 9.0 * k;
            let x = axis.at(scale * s.mean, left, right);
            let _ = write!(
                out,
                r#"<rect x="{:.1}" y="{y0:.1}" width="{:.1}" height="8" fill="{colour}" data-input="{}" data-value="{}"><title>{}{}{} {}</title></rect>"#,
                x.min(zero),
                (x - zero).abs().max(0.5),
                esc(name),
                s.mean,
                esc(name),
                lang.t(": "),
                num(scale * s.mean),
                esc(unit)
            );
            if s.ci95_low.is_finite() {
                let _ = write!(
                    out,
                    r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#222" stroke-width="1"/>"##,
                    axis.at(scale * s.ci95_low, left, right),
                    y0 + 4.0,
                    axis.at(scale * s.ci95_high, left, right),
                    y0 + 4.0
                );
            }
        }
    }
    out.push_str("</svg></figure>");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A label that fits its margin is one line; a longer one two, cut with "…" beyond
    /// that, and then whole in its tooltip: never drawn outside the chart.
    #[test]
    fn a_long_label_wraps_within_its_margin() {
        let fits = row_label("审核岗：人数", 100.0, 20.0, 11.0, 330.0);
        assert!(
            !fits.contains("<tspan") && fits.contains(">审核岗：人数</text>"),
            "{fits}"
        );
        let long = "供电方案编制、答复、多部门联合会签与审批意见汇总反馈：转至业务受理及客户申请资料完整性、真实性、合规性审查与电子归档（含一次性告知）的概率";
        let two = row_label(long, 324.0, 20.0, 11.0, 330.0);
        assert_eq!(two.matches("<tspan").count(), 2, "{two}");
        assert!(two.contains(&format!("<title>{long}</title>")), "{two}");
        assert!(two.contains("…</tspan>"), "{two}");
        // Each line within the room the margin has (as label_room measures it).
        use unicode_width::UnicodeWidthStr;
        let columns = ((330.0 - 16.0) / (0.56 * 11.0)) as usize;
        for line in two.split("<tspan").skip(1) {
            let text = &line[line.find('>').unwrap() + 1..line.find("</tspan>").unwrap()];
            assert!(
                text.width() <= columns,
                "{text}: {} > {columns}",
                text.width()
            );
        }
    }

    /// A label of a pool's name and key that does not fit breaks between them, not inside
    /// the key (`approve_plannin` / `g`).
    #[test]
    fn a_label_breaks_between_words_where_it_can() {
        let two = row_label(
            "发展策划部审批 · approve_planning",
            160.0,
            20.0,
            11.0,
            160.0,
        );
        assert!(
            two.contains(">发展策划部审批</tspan>") && two.contains(">approve_planning</tspan>"),
            "{two}"
        );
    }

    /// A figure no change moved gets a sentence, not a ranking of zeros; one that moved, a
    /// chart.
    #[test]
    fn a_tornado_of_zeros_says_so() {
        let s = |x: f64| {
            Some(Summary {
                n: 3,
                mean: x,
                std_dev: 0.0,
                ci95_low: x,
                ci95_high: x,
            })
        };
        let rows = |x| {
            vec![
                ("a".to_string(), s(x), s(0.0)),
                ("b".to_string(), s(0.0), None),
            ]
        };
        let chart =
            |x| tornado_charts(&[("h".to_string(), "share".to_string(), rows(x))], Lang::En);
        let still = chart(0.0);
        assert!(still.contains("No change of an input moved") && !still.contains("<svg"));
        let moved = chart(0.01);
        assert!(moved.contains("<svg") && !moved.contains("No change"));
    }

    /// "100.0%" is every case and "0.0%" none: a share just below or above reads as what it
    /// is.
    #[test]
    fn a_share_near_all_or_none_is_not_rounded_to_it() {
        let of = |mean: f64, low: f64, high: f64| {
            share(
                Some(Summary {
                    n: 10,
                    mean,
                    std_dev: 0.0,
                    ci95_low: low,
                    ci95_high: high,
                }),
                "",
            )
        };
        assert_eq!(of(0.99965, 0.999, 1.0), "99.97% [99.9, 100]");
        assert_eq!(of(1.0, 1.0, 1.0), "100.0%");
        assert_eq!(of(0.0004, 0.0, 0.0011), "0.04% [0, 0.11]");
        assert_eq!(of(0.5, 0.4, 0.6), "50.0% ± 10.0");
        assert_eq!(of(0.999_999, 0.999_999, 0.999_999), "99.999%");
        assert!(of(0.000_001, 0.0, 0.000_003).starts_with("0.001% ["));
    }

    /// A value that rounds to zero has no sign.
    #[test]
    fn zero_has_no_sign() {
        assert_eq!(num(-0.0), "0.000");
        assert_eq!(num(-0.0001), "0.000");
        assert_eq!(num(-0.5), "-0.50");
        assert_eq!(grouped(2_349_147), "2,349,147");
        assert_eq!(grouped(999), "999");
    }
}
