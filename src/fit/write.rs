//! The discovered model as a scenario file, with a comment beside every fitted number.

use std::fmt::Write;

use super::discover::{Differs, Duration, FORK, Kind, Model, Next, Office, Route};
use super::log::Log;
use crate::dist::Dist;
use crate::i18n::Lang;

/// An ASCII key for `name`: the name itself when it is one, else its pinyin (Chinese) or
/// letters and digits, joined by `_`.
pub fn ascii_key(name: &str) -> String {
    use pinyin::ToPinyin;
    let mut out = String::new();
    let mut sep = false;
    for ch in name.chars() {
        let piece = match ch.to_pinyin() {
            // ü is written v, as Chinese keyboards type it (吕 lv): a key is ASCII.
            Some(p) => Some(p.plain().replace('ü', "v")),
            None if ch.is_ascii_alphanumeric() => Some(ch.to_ascii_lowercase().to_string()),
            None => None,
        };
        match piece {
            Some(p) => {
                // Syllables are separate words; ASCII letters run on.
                let word = !ch.is_ascii();
                if (sep || word) && !out.is_empty() && !out.ends_with('_') {
                    out.push('_');
                }
                out.push_str(&p);
                sep = word;
            }
            None => sep = true,
        }
    }
    let out = out.trim_matches('_').to_string();
    match out.chars().next() {
        None => "step".to_string(),
        Some(c) if c.is_ascii_digit() => format!("s_{out}"),
        _ => out,
    }
}

/// Unique keys for `names`, in order, none of them a name the scenario reserves (`end`,
/// `all`).
fn keys(names: &[String]) -> Vec<String> {
    let mut used: std::collections::HashSet<String> = ["end", "all", "current"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    names
        .iter()
        .map(|n| {
            let base = ascii_key(n);
            let mut key = base.clone();
            let mut k = 1;
            while used.contains(&key) {
                k += 1;
                key = format!("{base}_{k}");
            }
            used.insert(key.clone());
            key
        })
        .collect()
}

/// A number to 4 significant digits, as TOML.
fn num(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return "0".to_string();
    }
    let digits = (3 - x.abs().log10().floor() as i32).max(0) as usize;
    let s = format!("{x:.digits$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s.contains('.') || s.contains('e') {
        s
    } else {
        format!("{s}.0")
    }
}

/// A TOML string.
fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A duration distribution as an inline table, times with `unit` ("h" or "" for days).
fn dist(d: &Dist, unit: &str) -> String {
    let time = |x: f64| {
        if unit.is_empty() {
            num(x)
        } else {
            q(&format!("{}{unit}", num(x)))
        }
    };
    if let Some(values) = d.empirical_values() {
        let list: Vec<String> = values.iter().map(|&v| time(v)).collect();
        return format!("{{ dist = \"empirical\", values = [{}] }}", list.join(", "));
    }
    if d.is_deterministic() {
        return time(d.mean());
    }
    let params: Vec<String> = d
        .params()
        .into_iter()
        .map(|(name, v)| {
            if matches!(name, "shape" | "k") {
                format!("{name} = {}", num(v))
            } else {
                format!("{name} = {}", time(v))
            }
        })
        .collect();
    format!("{{ dist = \"{}\", {} }}", d.name(), params.join(", "))
}

/// The words for a duration's `unit` ("" days, "wd" working days, "h" working hours).
fn unit_name(unit: &str) -> &'static str {
    match unit {
        "" => "days",
        "wd" => "working days",
        _ => "working hours",
    }
}

fn duration_line(d: &Duration, unit: &str, what: &str, lang: Lang) -> String {
    let comment = lang.fill(
        "{what}: n = {n}, mean {mean} {unit}; {method}",
        &[
            ("what", what),
            ("n", &d.n.to_string()),
            ("mean", &num(d.mean)),
            ("unit", lang.t(unit_name(unit))),
            ("method", &d.fit.method.text(lang)),
        ],
    );
    format!("duration = {}   # {comment}", dist(&d.fit.dist, unit))
}

/// Probabilities that sum to 1 as the scenario adds them: each as observed (rare branches
/// keep their small share, not a rounded 0), the last the rest.
fn rounded(ps: &[f64]) -> Vec<f64> {
    let mut out = ps.to_vec();
    let rest: f64 = out[..out.len().saturating_sub(1)].iter().sum();
    if let Some(last) = out.last_mut() {
        *last = (1.0 - rest).max(0.0);
    }
    out
}

/// A probability to twelve decimals, without trailing zeros: a branch's last share, one
/// less the others, reads 0.2545, not 0.25449999999999995, and the shares still sum to 1
/// far within the 1e-9 the scenario allows.
fn prob(p: f64) -> String {
    let s = format!("{p:.12}");
    let s = s.trim_end_matches('0');
    match s.strip_suffix('.') {
        Some(whole) => format!("{whole}.0"),
        None => s.to_string(),
    }
}

fn next_line(r: &Route, key: &dyn Fn(Option<u32>) -> String, lang: Lang) -> String {
    let body = match &r.next {
        Next::To(t) => key(*t),
        Next::Branches(b) => {
            let ps = rounded(&b.iter().map(|x| x.1).collect::<Vec<_>>());
            let parts: Vec<String> = b
                .iter()
                .zip(ps)
                .map(|((t, _), p)| format!("{{ to = {}, p = {} }}", key(*t), prob(p)))
                .collect();
            format!("[{}]", parts.join(", "))
        }
        Next::Rework {
            to,
            p,
            max,
            otherwise,
            ..
        } => {
            // To 4 significant digits, as every other fitted number (0.2516, not
            // 0.2515679442508711).
            let ps: Vec<String> = p
                .iter()
                .map(|&x| prob(format!("{x:.3e}").parse().unwrap_or(x)))
                .collect();
            let p = if ps.len() == 1 {
                ps[0].clone()
            } else {
                format!("[{}]", ps.join(", "))
            };
            let max = max.map_or(String::new(), |m| format!(", max = {m}"));
            format!(
                "{{ rework = {}, p = {p}{max}, otherwise = {} }}",
                key(Some(*to)),
                key(*otherwise)
            )
        }
    };
    let n = r.n.to_string();
    let what = match &r.next {
        Next::Rework { p, max, visits, .. } => {
            let what = match max {
                Some(m) => lang.fill(
                    "rework by attempt from {n} visits; none after attempt {max}",
                    &[("n", &n), ("max", &m.to_string())],
                ),
                None if p.len() > 1 => lang.fill("rework by attempt from {n} visits", &[("n", &n)]),
                None => lang.fill(
                    "rework by attempt from {n} visits; one probability fits every attempt",
                    &[("n", &n)],
                ),
            };
            if visits.len() > 1 {
                let each = attempt_visits(visits, *max);
                format!(
                    "{what}{}{}",
                    lang.t("; "),
                    lang.fill("visits of each attempt: {each}", &[("each", &each)])
                )
            } else {
                what
            }
        }
        _ => lang.fill("directly-follows over {n} visits", &[("n", &n)]),
    };
    format!("next = {body}   # {what}")
}

/// The visits behind each probability of a rework loop: `1: 2432, 2–3: 1108, 4+: 14` (the
/// attempts pooled into one, the last group holding every later one up to `max`).
fn attempt_visits(visits: &[(usize, usize)], max: Option<usize>) -> String {
    let mut first = 1;
    let mut parts = Vec::with_capacity(visits.len());
    for (i, &(attempts, n)) in visits.iter().enumerate() {
        let last = if i + 1 < visits.len() {
            Some(first + attempts - 1)
        } else {
            max
        };
        let which = match last {
            Some(l) if l <= first => first.to_string(),
            Some(l) => format!("{first}–{l}"),
            None => format!("{first}+"),
        };
        parts.push(format!("{which}: {n}"));
        first += attempts;
    }
    parts.join(", ")
}

/// A `[calendars.NAME]` table of office hours found from when `whose` work starts and ends.
fn calendar_table(name: &str, o: &Office, whose: &'static str, lang: Lang) -> String {
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let days: Vec<String> = o.days.iter().map(|&d| q(DAYS[d as usize])).collect();
    let hours: Vec<String> = o
        .hours
        .iter()
        .map(|p| {
            q(&format!(
                "{:02}:{:02}-{:02}:{:02}",
                p.start / 60,
                p.start % 60,
                p.end / 60,
                p.end % 60
            ))
        })
        .collect();
    let mut s = format!(
        "\n[calendars.{name}]\n# {}\ndays = [{}]\nhours = [{}]",
        lang.fill(
            "From the times {whose} ({share} % of starts and ends fall in these hours).",
            &[
                ("whose", lang.t(whose)),
                ("share", &format!("{:.1}", 100.0 * o.coverage))
            ]
        ),
        days.join(", "),
        hours.join(", ")
    );
    if !o.uncovered_years.is_empty() {
        let years: Vec<String> = o.uncovered_years.iter().map(i32::to_string).collect();
        let _ = write!(
            s,
            "\n# {}",
            lang.fill(
                "No shipped Chinese holiday calendar covers {years}: public holidays of those years are not in this calendar.",
                &[("years", &years.join(lang.t(", ")))]
            )
        );
    }
    if !o.cn_holidays.is_empty() {
        let files: Vec<String> = o.cn_holidays.iter().map(|f| format!("\"{f}\"")).collect();
        let why = if o.holidays_worked.is_empty() {
            lang.t("No work starts or ends on the Chinese public holidays; work on the make-up days (调休) where the log has them.").to_string()
        } else {
            lang.fill(
                "Work on the Chinese public holidays is as rare as on a closed day (on {dates}: {n} of the {spanned} holidays on working weekdays in the log), so it is taken as overtime and the holidays are closed; work on the make-up days (调休) where the log has them.",
                &[
                    ("dates", &super::discover::dates_listed(&o.holidays_worked, lang)),
                    ("n", &o.holidays_open.1.to_string()),
                    ("spanned", &o.holidays_open.0.to_string()),
                ],
            )
        };
        let _ = write!(s, "\n# {why}\ninclude = [{}]", files.join(", "));
    }
    s
}

/// Share of a class's arrivals inside office hours from which they are taken to keep them.
const OFFICE_ARRIVALS: f64 = 0.95;

/// The scenario text of `model`, fitted from `log` (named `source` in the header), with its
/// comments (and its name) in `lang`.
///
/// `slowest`: the pool whose queue takes longest to forget the empty start and that time
/// (in days), when the warm-up must cover three of it.
pub fn scenario(
    model: &Model,
    log: &Log,
    source: &str,
    lang: Lang,
    slowest: Option<(String, f64)>,
) -> String {
    let stage_keys = keys(&log.activities);
    let class_keys = keys(
        &model
            .classes
            .iter()
            .map(|c| c.name.clone())
            .collect::<Vec<_>>(),
    );
    // Each pool's name, and whether it is that of its work (its members named apart).
    let (pool_names, by_work): (Vec<String>, Vec<bool>) = model
        .pools
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let names: Vec<&str> = p
                .resources
                .iter()
                .map(|&r| log.resources[r as usize].as_str())
                .collect();
            // One resource keeps its whole name ("r0" stays "r0").
            if names.len() == 1 {
                return (names[0].to_string(), false);
            }
            // Members "Clerk 1", "Clerk 2" share the pool's name; members of several
            // groups ("field:13", "manager:2") are named by their groups.
            let group = |n: &str| {
                n.trim_end_matches(|c: char| {
                    c.is_ascii_digit() || matches!(c, ' ' | '_' | '-' | ':' | '：' | '#' | '.')
                })
                .to_string()
            };
            let mut groups: Vec<String> = Vec::new();
            for g in names.iter().map(|n| group(n)) {
                if !groups.contains(&g) {
                    groups.push(g);
                }
            }
            if groups.len() < names.len() && groups.iter().all(|g| !g.is_empty()) {
                return (groups.join("+"), false);
            }
            // People by name (沈五, 蒋四): the pool is named by the work it does, as an
            // office names its teams; who is in it, the pool's comment says.
            let work: Vec<&str> = model
                .stages
                .iter()
                .filter(|st| st.pool == Some(i))
                .map(|st| log.activities[st.activity as usize].as_str())
                .collect();
            let name = match work.as_slice() {
                [] => names.join("+"),
                [one] => one.to_string(),
                [one, two] => format!("{one}+{two}"),
                [one, two, ..] => format!("{one}+{two}+…"),
            };
            (name, !work.is_empty())
        })
        .unzip();
    let pool_keys = keys(&pool_names);
    let stage = |a: Option<u32>| match a {
        Some(a) => q(&stage_keys[a as usize]),
        None => q("end"),
    };
    let key = |a: Option<u32>| match a {
        Some(f) if f >= FORK => match model.forks.get((f - FORK) as usize) {
            Some(fork) => format!(
                "{{ fork = [{}], join = {} }}",
                fork.branches
                    .iter()
                    .map(|&b| stage(Some(b)))
                    .collect::<Vec<_>>()
                    .join(", "),
                stage(fork.join)
            ),
            None => stage(None),
        },
        other => stage(other),
    };
    let mut s = String::new();
    let lead_p95 = {
        let mut v: Vec<f64> = model.lead_times.iter().map(|x| x.1).collect();
        v.sort_by(f64::total_cmp);
        v.get(((v.len() as f64 * 0.95) as usize).min(v.len().saturating_sub(1)))
            .copied()
            .unwrap_or(1.0)
    };
    let filled = (lead_p95 * 1.5).ceil().max(1.0);
    let warmup = match &slowest {
        Some((_, t)) => filled.max((3.0 * t).ceil()),
        None => filled,
    };
    let horizon = (warmup + model.span_days).ceil();
    let to = model
        .start_date
        .checked_add_signed(chrono::Duration::days(model.span_days.ceil() as i64))
        .unwrap_or(model.start_date);
    let mut header = vec![lang.fill(
        "Fitted by `expansim fit` from {source}: {records} activity instances of {cases} cases, {from} to {to} ({days} days of arrivals).",
        &[
            ("source", source),
            ("records", &log.given_records().to_string()),
            ("cases", &log.cases.len().to_string()),
            ("from", &model.start_date.to_string()),
            ("to", &to.to_string()),
            ("days", &num(model.span_days)),
        ],
    )];
    if log.handoffs_found > 0 {
        header.push(lang.fill(
            "Besides them, {n} hand-offs: gaps between one step's end and the next step's readiness that queueing does not explain.",
            &[("n", &log.handoffs_found.to_string())],
        ));
    }
    header.push(lang.t(r#"Every fitted number says what it rests on. Times: bare numbers are days; "h" are working hours of staff work."#).to_string());
    if log.skipped.total() > 0 {
        let k = &log.skipped;
        header.push(lang.fill(
            "Rows not used: {missing} missing a field, {reversed} ending before they start, {unpaired} unpaired XES events, {other} XES events of another lifecycle transition than start or complete, {duplicates} exact duplicates of another row, {misshapen} with more fields than the header row.",
            &[
                ("missing", &k.missing.to_string()),
                ("reversed", &k.end_before_start.to_string()),
                ("unpaired", &k.unpaired.to_string()),
                ("other", &k.other_transition.to_string()),
                ("duplicates", &k.duplicates.to_string()),
                ("misshapen", &k.misshapen.to_string()),
            ],
        ));
    }
    header.extend(several_runs(log, lang).map(|w| lang.fill("warning: {text}", &[("text", &w)])));
    if log.estimated_starts > 0 {
        header.push(lang.fill(
            if log.start_events == 0 {
                "{n} activity instances (all: the log has no start events) had no start event: each start is estimated as the later of the end of the case's previous activity and the end of the same resource's previous activity, so their touch times are estimates."
            } else {
                "{n} activity instances had no start event: each start is estimated as the later of the end of the case's previous activity and the end of the same resource's previous activity, so their touch times are estimates."
            },
            &[("n", &log.estimated_starts.to_string())],
        ));
    }
    if let Some(why) = model.no_office {
        header.push(lang.fill(
            "No office hours found ({why}): staff work around the clock.",
            &[("why", lang.t(why))],
        ));
    }
    if log.cut_cases != (0, 0) {
        header.push(lang.fill(
            "Left out, cut off by the log's period: {before} cases begun before it and {open} still open at its end.",
            &[
                ("before", &log.cut_cases.0.to_string()),
                ("open", &log.cut_cases.1.to_string()),
            ],
        ));
    }
    let unusable = log.cut_arrivals.iter().filter(|x| x.unusable).count();
    if unusable > 0 {
        header.push(lang.fill(
            "Left out: {n} cases with a row that could not be used (their route would have a hole); they count as arrivals.",
            &[("n", &unusable.to_string())],
        ));
    }
    if let Some((span, reach)) = log.too_short {
        header.push(lang.fill(
            "WARNING: the log spans {span} days, but one case's steps can be {reach} days apart: cases still open at its end are taken as finished. Fit a period of at least {need} days.",
            &[
                ("span", &format!("{span:.1}")),
                ("reach", &format!("{reach:.1}")),
                ("need", &format!("{:.0}", (2.0 * reach).ceil().max(2.0))),
            ],
        ));
    }
    if model.overlapping_cases > 0 && !model.forks.is_empty() {
        header.push(lang.fill(
            "{n} cases have activities that overlap in time; work done at once is a fork into parallel branches.",
            &[("n", &model.overlapping_cases.to_string())],
        ));
    }
    if model.sequenced_cases > 0 {
        header.push(lang.fill(
            "{n} cases have work that overlaps in time outside a fork (one step done twice at once, or steps no fork of this scenario holds); it is sequenced by start here, a step done twice at once as a repeat.",
            &[("n", &model.sequenced_cases.to_string())],
        ));
    }
    for line in header {
        let _ = writeln!(s, "# {line}");
    }
    let _ = writeln!(
        s,
        "\n[scenario]\nname = {}\ntime_unit = \"day\"\nstart_date = \"{}\"   # {}",
        q(&lang.fill("fitted from {source}", &[("source", source)])),
        model.start_date,
        lang.t("the log's first arrival")
    );
    if model.office.is_some() {
        let _ = writeln!(s, "calendar = \"office\"");
    }
    let _ = writeln!(
        s,
        "horizon = {}   # {}\nwarmup = {}   # {}\nreplications = 10\nseed = 1",
        num(horizon),
        lang.fill(
            "warm-up + the log's {days} days of arrivals",
            &[("days", &num(model.span_days))]
        ),
        num(warmup),
        match &slowest {
            Some((pool, t)) if warmup > filled => lang.fill(
                "three times the {days} days pool `{pool}` takes to forget the empty start (the relaxation time of an M/M/c queue at its offered load), longer than 1.5 x the observed 95th percentile of lead time ({p95} days)",
                &[("days", &num(*t)), ("pool", pool), ("p95", &num(lead_p95))]
            ),
            _ => lang.fill(
                "1.5 x the observed 95th percentile of lead time ({p95} days), so the queues fill first",
                &[("p95", &num(lead_p95))]
            ),
        },
    );
    // The office's calendar, then each pool's own where its hours differ; the pool's name
    // (a pool key is never "office": that would be one calendar).
    let mut calendars: Vec<(String, &Office, &'static str)> = Vec::new();
    if let Some(o) = &model.office {
        calendars.push(("office".to_string(), o, "staffed work starts and ends"));
        for (p, k) in model.pools.iter().zip(&pool_keys) {
            if let Some(own) = &p.office {
                calendars.push((
                    format!("{k}_hours"),
                    own,
                    "this pool's work starts and ends",
                ));
            }
        }
    }
    for (name, o, whose) in &calendars {
        let _ = writeln!(s, "{}", calendar_table(name, o, whose, lang));
    }
    let _ = writeln!(s, "\n[pools]");
    for (((p, k), name), &by_work) in model
        .pools
        .iter()
        .zip(&pool_keys)
        .zip(&pool_names)
        .zip(&by_work)
    {
        let label = if *k != *name {
            format!("label = {}, ", q(name))
        } else {
            String::new()
        };
        let cal = match (&model.office, &p.office) {
            (_, Some(_)) => format!(", calendar = {}", q(&format!("{k}_hours"))),
            (Some(_), None) => ", calendar = \"office\"".to_string(),
            (None, None) => String::new(),
        };
        // Which rule gave the size: people, or teams logged under one name.
        let people = (p.resources.len() - p.teams.len()).to_string();
        let mut staff = Vec::new();
        if !p.teams.is_empty() {
            let teams: Vec<String> = p
                .teams
                .iter()
                .map(|&(r, k)| format!("{} {k}", log.resources[r as usize]))
                .collect();
            staff.push(lang.fill(
                "{teams}: a team's name in the log (its work runs in parallel for a tenth or more of its busy time), as many staff as it had activities open at once",
                &[("teams", &teams.join(lang.t(", ")))],
            ));
        }
        if p.resources.len() > p.teams.len() {
            staff.push(lang.fill(
                "{n} resources in the log, one person each",
                &[("n", &people)],
            ));
        }
        // Who the pool is, when it is named by its work: the first eight.
        let members: Vec<&str> = p
            .resources
            .iter()
            .map(|&r| log.resources[r as usize].as_str())
            .collect();
        if by_work {
            let shown = match members.len() {
                n if n > 8 => format!("{} …", members[..8].join(lang.t(", "))),
                _ => members.join(lang.t(", ")),
            };
            staff.push(lang.fill("members: {members}", &[("members", &shown)]));
        }
        let staff = staff.join(lang.t("; "));
        let _ = writeln!(
            s,
            "{k} = {{ {label}size = {}{cal} }}   # {staff}{}{}",
            p.size,
            lang.t("; "),
            lang.t(
                "availability 1: time away from this process cannot be told from working time in a log, so it is in the touch times"
            )
        );
    }
    let mut arrivals: Vec<String> = Vec::new();
    for (c, k) in model.classes.iter().zip(&class_keys) {
        let _ = writeln!(s, "\n[[classes]]\nname = {}", q(k));
        if *k != c.name {
            let _ = writeln!(s, "label = {}", q(&c.name));
        }
        // Arrivals nearly all inside office hours keep the office calendar: a rate per
        // working day of the log's span.
        let working_days = match (&model.office, model.open_share) {
            (Some(o), Some(share)) => {
                let day: u32 = o.hours.iter().map(|p| p.end - p.start).sum();
                (day > 0).then(|| share * model.span_days * 1440.0 / f64::from(day))
            }
            _ => None,
        };
        let office_arrivals = match (c.arrivals_open, working_days) {
            (Some(a), Some(wd)) if a >= OFFICE_ARRIVALS && wd > 0.0 => Some(wd),
            _ => None,
        };
        // Without enabled times a case arrives when its first step starts, which staff
        // do in office hours: said, not taken for when customers come.
        let template = if log.ready_estimated {
            "; the log has no enabled times, so a case arrives when its first step starts: {arrive} % of those starts are in office hours, which are {office} % of the time: {what}"
        } else {
            "; {arrive} % arrive in office hours, which are {office} % of the time: {what}"
        };
        let open = match (c.arrivals_open, model.open_share) {
            (Some(a), Some(o)) => lang.fill(
                template,
                &[
                    ("arrive", &format!("{:.0}", 100.0 * a)),
                    ("office", &format!("{:.0}", 100.0 * o)),
                    (
                        "what",
                        lang.t(if office_arrivals.is_some() {
                            "arrivals follow the office calendar"
                        } else if a > o + 0.2 {
                            "arrivals lean to office hours but come at other times too (modelled around the clock at the same daily rate)"
                        } else {
                            "arrivals come around the clock"
                        }),
                    ),
                ],
            ),
            _ => String::new(),
        };
        // Cases of the class that start at several steps: a step of no time that routes
        // them there in the log's shares.
        let start = if c.starts.is_empty() {
            format!(
                "{}   # {}",
                key(Some(c.start)),
                lang.fill(
                    "{share} % of its cases start here",
                    &[("share", &format!("{:.0}", 100.0 * c.start_share))]
                )
            )
        } else {
            let name = format!("arrive_{k}");
            let started: usize = c.starts.iter().map(|x| x.1).sum();
            let shares = rounded(
                &c.starts
                    .iter()
                    .map(|(_, n)| *n as f64 / started as f64)
                    .collect::<Vec<_>>(),
            );
            let branches: Vec<String> = c
                .starts
                .iter()
                .zip(shares)
                .map(|((a, _), p)| format!("{{ to = {}, p = {} }}", key(Some(*a)), prob(p)))
                .collect();
            let steps = c.starts.len().to_string();
            arrivals.push(format!(
                "\n[stages.{name}]\nexternal = true   # {}\nduration = 0\nnext = [{}]",
                lang.fill(
                    "no time: the class's cases start at {n} steps",
                    &[("n", &steps)]
                ),
                branches.join(", ")
            ));
            format!(
                "{}   # {}",
                q(&name),
                lang.fill("its cases start at {n} steps (below)", &[("n", &steps)])
            )
        };
        let few = if c.arrivals < super::discover::MIN_RATE_CASES {
            lang.fill(
                "; WARNING: only {n} cases, fewer than {min}: the rate is uncertain by about {pct} % (1/sqrt(n))",
                &[
                    ("n", &c.arrivals.to_string()),
                    ("min", &super::discover::MIN_RATE_CASES.to_string()),
                    (
                        "pct",
                        &format!("{:.0}", 100.0 / (c.arrivals.max(1) as f64).sqrt()),
                    ),
                ],
            )
        } else {
            String::new()
        };
        // Cases cut off by the log's end arrived in its period: counted here only.
        let still = match (c.open_at_end, c.begun_before) {
            (0, 0) => String::new(),
            (0, n) => lang.fill(
                " (all {n} begun before the log's start, the only cases of the class)",
                &[("n", &n.to_string())],
            ),
            (n, _) => lang.fill(
                " ({n} still open at the log's end, left out of everything else)",
                &[("n", &n.to_string())],
            ),
        };
        let still = match c.left_out {
            0 => still,
            n => {
                still
                    + &lang.fill(
                        " ({n} with a row that could not be used, left out of everything else)",
                        &[("n", &n.to_string())],
                    )
            }
        };
        let cases = c.arrivals.to_string();
        let _ = match office_arrivals {
            Some(wd) => writeln!(
                s,
                "arrival_rate = \"{}/wd\"   # {}{still}{open}{few}\narrival_calendar = \"office\"\nstart = {start}",
                num(c.arrivals as f64 / wd),
                lang.fill(
                    "per working day: {n} cases over {days} working days",
                    &[("n", &cases), ("days", &num(wd))]
                ),
            ),
            None => writeln!(
                s,
                "arrival_rate = {}   # {}{still}{open}{few}\nstart = {start}",
                num(c.rate),
                lang.fill(
                    "per day: {n} cases over {days} days",
                    &[("n", &cases), ("days", &num(model.span_days))]
                ),
            ),
        };
    }
    for st in &model.stages {
        let a = st.activity as usize;
        let _ = writeln!(s, "\n[stages.{}]", stage_keys[a]);
        let label = log.labels[a]
            .clone()
            .or_else(|| (stage_keys[a] != log.activities[a]).then(|| log.activities[a].clone()));
        if let Some(l) = label {
            let _ = writeln!(s, "label = {}", q(&l));
        }
        let unit = match st.kind {
            Kind::Staffed => {
                let pool = st.pool.map_or("?", |p| pool_keys[p].as_str());
                let _ = writeln!(s, "pool = {}", q(pool));
                "h"
            }
            Kind::External => {
                let why = if log.route_activities.contains(&st.activity) {
                    lang.t("a routing step of no time: where cases go once the step before is no longer repeated (its repeats are a rework loop by attempt)")
                } else {
                    lang.t("no resource, or the customer")
                };
                let _ = writeln!(s, "external = true   # {why}");
                if st.working_days { "wd" } else { "" }
            }
            Kind::Handoff => {
                let _ = writeln!(
                    s,
                    "handoff = true   # {}",
                    lang.t(r#"time between departments, not work: the log's resource is "handoff", or the gap from one step's end to the next one's being ready"#)
                );
                if let Some(m) = st.collect {
                    let _ = writeln!(
                        s,
                        "collect = \"{:02}:{:02}\"   # {}",
                        m / 60,
                        m % 60,
                        lang.t("90 % or more of its waits end at this time of day")
                    );
                }
                if st.working_days { "wd" } else { "" }
            }
        };
        let what = lang.t(match (st.kind, st.working_days) {
            (Kind::Staffed, _) => "working time start to end",
            (_, true) => "ready to done in working days (it ends in office hours)",
            _ => "elapsed time ready to done",
        });
        if let Some(d) = &st.duration {
            let _ = writeln!(s, "{}", duration_line(d, unit, what, lang));
        }
        let _ = writeln!(s, "{}", next_line(&st.route, &key, lang));
        let classes: std::collections::BTreeSet<u32> = st
            .by_class_duration
            .keys()
            .chain(st.by_class_route.keys())
            .copied()
            .collect();
        for c in classes {
            let _ = writeln!(
                s,
                "[stages.{}.by_class.{}]",
                stage_keys[a], class_keys[c as usize]
            );
            if let Some((d, test)) = st.by_class_duration.get(&c) {
                let why = match *test {
                    Differs::Nearest { class, n, mean } => lang.fill(
                        "too few visits of this class to fit its own ({n}, mean {mean} {unit}): the times of class {class}, the nearest in mean",
                        &[
                            ("n", &n.to_string()),
                            ("mean", &num(mean)),
                            ("unit", lang.t(unit_name(unit))),
                            ("class", &class_keys[class as usize]),
                        ],
                    ),
                    test => lang.fill(
                        "this class differs ({test})",
                        &[("test", test.describe().map_or("", |t| lang.t(t)))],
                    ),
                };
                let _ = writeln!(s, "{}", duration_line(d, unit, &why, lang));
            }
            if let Some(r) = st.by_class_route.get(&c) {
                let _ = writeln!(s, "{}", next_line(r, &key, lang));
            }
        }
    }
    // After the log's stages, so that stage i of the scenario is the log's stage i.
    for a in &arrivals {
        let _ = writeln!(s, "{a}");
    }
    s
}

/// What a log of several of expansim's own runs is fitted as (see [`Log::runs`]), if it
/// is one.
pub fn several_runs(log: &Log, lang: Lang) -> Option<String> {
    let runs = log.runs();
    let shown: Vec<&str> = runs.iter().take(3).copied().collect();
    (!runs.is_empty()).then(|| {
        lang.fill(
            "the log holds the cases of {n} runs of expansim ({runs}, as variant:replication), fitted as one office over one period: their arrivals add up and their staff count together; fit the rows of one run (one `variant` and one `replication`)",
            &[
                ("n", &runs.len().to_string()),
                ("runs", &format!("{}{}", shown.join(", "), if runs.len() > 3 { ", …" } else { "" })),
            ],
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_ascii_and_unique() {
        assert_eq!(ascii_key("现场勘查"), "xian_chang_kan_cha");
        assert_eq!(ascii_key("check_lv"), "check_lv");
        assert_eq!(ascii_key("Design Review"), "design_review");
        assert_eq!(ascii_key("2nd 审核"), "s_2nd_shen_he");
        assert_eq!(ascii_key("!!"), "step");
        // ü as a keyboard types it: keys stay ASCII, so the scenario parses.
        assert_eq!(ascii_key("吕三"), "lv_san");
        assert_eq!(ascii_key("绿色通道受理"), "lv_se_tong_dao_shou_li");
        assert_eq!(ascii_key("女"), "nv");
        assert_eq!(
            keys(&["受理".into(), "受理!".into(), "a".into()]),
            ["shou_li", "shou_li_2", "a"]
        );
        assert_eq!(
            keys(&[
                "shou_li".into(),
                "shou li".into(),
                "shou_li_2".into(),
                "end".into(),
                "All".into()
            ]),
            ["shou_li", "shou_li_2", "shou_li_2_2", "end_2", "all_2"]
        );
    }

    #[test]
    fn probabilities_round_to_a_sum_of_one() {
        let r = rounded(&[1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0]);
        assert!((r.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{r:?}");
        // A branch seen once in 30,000 keeps its share.
        let r = rounded(&[30_000.0 / 30_001.0, 1.0 / 30_001.0]);
        assert!(
            r[1] > 0.0 && (r.iter().sum::<f64>() - 1.0).abs() < 1e-12,
            "{r:?}"
        );
        // The last share, one less the others, reads as it would be written by hand.
        assert_eq!(prob(1.0 - 0.7455), "0.2545");
        assert_eq!(prob(1.0), "1.0");
        assert_eq!(prob(1.0 / 30_001.0), "0.000033332222");
        assert_eq!(num(0.123456), "0.1235");
        assert_eq!(num(1234.6), "1235.0");
        assert_eq!(num(2.0), "2.0");
    }
}
