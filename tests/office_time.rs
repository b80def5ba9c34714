//! Time as the office lives it: holiday calendars beyond one year, and the warning when a
//! run's dates pass what its calendars cover.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn expansim() -> Command {
    Command::cargo_bin("expansim").expect("binary builds")
}

/// One class through one pool on the office calendar, from `start` for `horizon` days.
fn scenario(include: &str, start: &str, horizon: u32) -> String {
    format!(
        r#"
[scenario]
name = "office"
time_unit = "day"
start_date = "{start}"
calendar = "office"
horizon = {horizon}
warmup = 10
replications = 2
seed = 1

[calendars.office]
include = {include}

[pools]
clerk = {{ size = 2, calendar = "office" }}

[[classes]]
name = "c"
arrival_rate = 2
start = "work"

[stages.work]
pool = "clerk"
duration = {{ dist = "exponential", mean = "1h" }}
next = "end"
"#
    )
}

fn run(dir: &Path, text: &str) -> serde_json::Value {
    let file = dir.join("s.toml");
    fs::write(&file, text).unwrap();
    let out = dir.join("out");
    let _ = fs::remove_dir_all(&out);
    expansim()
        .args(["run", "--quiet", "--out"])
        .arg(&out)
        .arg(&file)
        .assert()
        .success();
    serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap()
}

#[test]
fn a_run_past_its_holiday_years_is_warned_once_with_the_first_uncovered_date() {
    let tmp = tempfile::tempdir().unwrap();
    // 2026 only, a run into 2027.
    let m = run(
        tmp.path(),
        &scenario("\"calendars/cn-2026.toml\"", "2026-06-01", 300),
    );
    let u = m["uncovered_dates"].as_array().expect("recorded");
    assert_eq!(u.len(), 1, "{m}");
    assert_eq!(u[0]["calendar"], "office");
    assert_eq!(u[0]["first_uncovered"], "2027-01-01");
    let warnings: Vec<&str> = m["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w.as_str())
        .filter(|w| w.contains("calendar `office`"))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("2027-01-01"), "{}", warnings[0]);
    // The fix names the year missing, not a file already there.
    assert!(
        warnings[0].contains("with the holidays of 2027") && !warnings[0].contains("cn-2026"),
        "{}",
        warnings[0]
    );
    // 2026 and 2027 together cover it: no warning.
    let m = run(
        tmp.path(),
        &scenario(
            "[\"calendars/cn-2026.toml\", \"calendars/cn-2027.toml\"]",
            "2026-06-01",
            300,
        ),
    );
    assert_eq!(m["uncovered_dates"], serde_json::json!([]), "{m}");
    // A run that starts before the data begin is warned from its first day.
    let m = run(
        tmp.path(),
        &scenario("\"calendars/cn-2026.toml\"", "2025-12-01", 60),
    );
    assert_eq!(m["uncovered_dates"][0]["first_uncovered"], "2025-12-01");
    let warning = m["warnings"][0].as_str().unwrap();
    assert!(
        warning.contains("starts on 2025-12-01, before them")
            && warning.contains("with the holidays of 2025")
            && !warning.contains("shorten the horizon"),
        "{warning}"
    );
    // Before and after the data: both years missing, and both fixes.
    let m = run(
        tmp.path(),
        &scenario("\"calendars/cn-2026.toml\"", "2025-12-01", 500),
    );
    let warning = m["warnings"][0].as_str().unwrap();
    assert!(
        warning.contains("before and after them")
            && warning.contains("with the holidays of 2025, 2027")
            && warning.contains("the horizon within the years it covers"),
        "{warning}"
    );
    // A year missing between two covered ones: that year named, not "from" it on.
    let m = run(
        tmp.path(),
        &scenario(
            "[\"calendars/cn-2025.toml\", \"calendars/cn-2027.toml\"]",
            "2025-12-01",
            500,
        ),
    );
    let warning = m["warnings"][0].as_str().unwrap();
    assert!(
        warning.contains("simulated dates in 2026, between them")
            && warning.contains("with the holidays of 2026"),
        "{warning}"
    );
    // Dates written as TOML dates, unquoted: holidays as the start date; run.json gives
    // them as text, as written with quotes.
    let text = scenario("\"calendars/cn-2026.toml\"", "2026-03-02", 60)
        .replace("start_date = \"2026-03-02\"", "start_date = 2026-03-02")
        .replace(
            "[calendars.office]\n",
            "[calendars.office]\nholidays = [2026-03-03]\n",
        );
    let m = run(tmp.path(), &text);
    assert_eq!(m["scenario"]["scenario"]["start_date"], "2026-03-02", "{m}");
    let holidays = m["scenario"]["calendars"]["office"]["holidays"]
        .as_array()
        .unwrap();
    assert!(holidays.contains(&"2026-03-03".into()), "{holidays:?}");
}

#[test]
fn a_plain_weekly_calendar_holds_in_every_year() {
    let tmp = tempfile::tempdir().unwrap();
    let text = scenario("\"calendars/cn-2026.toml\"", "2026-06-01", 900).replace(
        "include = \"calendars/cn-2026.toml\"",
        "days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\nhours = [\"09:00-17:00\"]",
    );
    let m = run(tmp.path(), &text);
    assert_eq!(m["uncovered_dates"], serde_json::json!([]), "{m}");
}

#[test]
fn the_2027_calendar_closes_on_the_statutory_days() {
    let text = scenario(
        "[\"calendars/cn-2026.toml\", \"calendars/cn-2027.toml\"]",
        "2026-12-28",
        400,
    );
    let model = expansim::scenario::load_str(&text, "s.toml", &[])
        .expect("valid")
        .model;
    let cal = &model.calendars[0].calendar;
    let day = |y, m, d| {
        chrono::NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .signed_duration_since(cal.epoch())
            .num_days()
    };
    // 春节 (eve 2027-02-05 to 初三, with the weekend days made up on 9 and 10 February),
    // 清明 4-05, 端午 6-09, 中秋 9-15, 国庆 10-01..05 are closed; the weekdays around are open.
    for (m, d) in [
        (2, 5),
        (2, 8),
        (2, 9),
        (2, 10),
        (4, 5),
        (6, 9),
        (9, 15),
        (10, 4),
        (10, 5),
    ] {
        assert!(!cal.is_working_day(day(2027, m, d)), "2027-{m}-{d}");
    }
    for (m, d) in [
        (2, 4),
        (2, 11),
        (4, 6),
        (6, 8),
        (6, 10),
        (9, 14),
        (9, 16),
        (10, 6),
    ] {
        assert!(cal.is_working_day(day(2027, m, d)), "2027-{m}-{d}");
    }
    // The two files together cover both years.
    assert_eq!(
        model.calendars[0]
            .covers
            .iter()
            .copied()
            .collect::<Vec<_>>(),
        [2026, 2027]
    );
}

/// A model from scenario text, read as if from `dir` (for traces next to it).
fn model_in(dir: &Path, text: &str) -> expansim::scenario::Model {
    let file = dir.join("s.toml");
    fs::write(&file, text).unwrap();
    expansim::scenario::load(&file, &[]).expect("valid").model
}

/// Arrival times (hours since the start date) of every case of replication 0.
fn arrivals(model: &expansim::scenario::Model) -> Vec<f64> {
    let (_, trace) = expansim::engine::simulate_traced(model, 0, 0.0, None);
    let mut t: Vec<f64> = trace.cases.iter().map(|c| c.arrival).collect();
    t.sort_by(f64::total_cmp);
    t
}

/// Pearson's statistic of `counts` against expected shares `weights` (any scale).
fn chi_square(counts: &[f64], weights: &[f64]) -> f64 {
    let n: f64 = counts.iter().sum();
    let w: f64 = weights.iter().sum();
    counts
        .iter()
        .zip(weights)
        .map(|(c, x)| {
            let e = n * x / w;
            (c - e).powi(2) / e
        })
        .sum()
}

/// Applications at a window open Monday to Friday 08:30-12:00 and 13:00-17:30 (no holidays),
/// 40 a working day, busier on Mondays and quieter on Fridays; a year, in hours.
const WINDOW: &str = r#"
[scenario]
name = "window"
time_unit = "hour"
start_date = "2026-01-05"
horizon = 8736
warmup = 0
replications = 1
seed = 11

[calendars.office]
days = ["mon", "tue", "wed", "thu", "fri"]
hours = ["08:30-12:00", "13:00-17:30"]

[pools]
clerk = { size = 100 }

[[classes]]
name = "c"
arrival_rate = "40/wd"
arrival_calendar = "office"
weekday_profile = [1.3, 1.0, 1.0, 1.0, 0.9, 0, 0]
start = "work"

[stages.work]
pool = "clerk"
duration = { dist = "deterministic", value = "1min" }
next = "end"
"#;

/// Chi-square critical values at 0.1 % (standard tables): a correct generator fails a given
/// check with probability 0.001; the seed is fixed, so each check is deterministic.
const CHI2_999_DF4: f64 = 18.47;
const CHI2_999_DF11: f64 = 31.26;
const CHI2_999_DF15: f64 = 37.70;

#[test]
fn window_arrivals_follow_the_office_hours_and_the_weekday_profile() {
    let tmp = tempfile::tempdir().unwrap();
    let model = model_in(tmp.path(), WINDOW);
    let times = arrivals(&model);
    // 52 weeks of 5 days at 40 a day times the profile's mean (5.2 / 5).
    let expected = 52.0 * 40.0 * 5.2;
    let n = times.len() as f64;
    assert!(
        (n - expected).abs() < 4.0 * expected.sqrt(),
        "{n} arrivals against {expected} (4 Poisson SDs)"
    );
    // Every arrival inside the office hours, on a weekday.
    let mut by_weekday = [0.0; 7];
    let mut by_slot = [0.0; 48];
    for t in &times {
        let day = (t / 24.0).floor();
        let minute = (t - day * 24.0) * 60.0;
        by_weekday[day as usize % 7] += 1.0; // day 0 is a Monday
        by_slot[(minute / 30.0) as usize] += 1.0;
        let open = (510.0..720.0).contains(&minute) || (780.0..1050.0).contains(&minute);
        assert!(open, "an arrival at {minute:.1} minutes past midnight");
    }
    assert_eq!(by_weekday[5] + by_weekday[6], 0.0, "{by_weekday:?}");
    let chi = chi_square(&by_weekday[..5], &[1.3, 1.0, 1.0, 1.0, 0.9]);
    assert!(
        chi < CHI2_999_DF4,
        "weekdays: chi2 = {chi:.2}, {by_weekday:?}"
    );
    // Uniform over the 16 open half-hours.
    let open_slots: Vec<f64> = (17..24).chain(26..35).map(|s| by_slot[s]).collect();
    let chi = chi_square(&open_slots, &[1.0; 16]);
    assert!(
        chi < CHI2_999_DF15,
        "half-hours: chi2 = {chi:.2}, {open_slots:?}"
    );
    // The rate the load check uses is the long-run one.
    let rate = model.classes[0].arrival.rate() * 8736.0;
    assert!(
        (rate / expected - 1.0).abs() < 0.01,
        "{rate} against {expected}"
    );
}

/// 30 arrivals a day around the clock for a year, varying by month.
fn months_scenario(months: &[f64]) -> String {
    format!(
        r#"
[scenario]
name = "months"
time_unit = "day"
start_date = "2026-01-01"
horizon = 365
warmup = 0
replications = 1
seed = 5

[pools]
clerk = {{ size = 1000 }}

[[classes]]
name = "c"
arrival_rate = 30
month_profile = {months:?}
start = "work"

[stages.work]
pool = "clerk"
duration = {{ dist = "deterministic", value = 0.0001 }}
next = "end"
"#
    )
}

#[test]
fn arrivals_follow_the_month_profile() {
    let tmp = tempfile::tempdir().unwrap();
    let months = [0.8, 0.6, 1.0, 1.0, 1.1, 1.2, 1.0, 1.0, 1.1, 0.9, 1.2, 1.5];
    let text = months_scenario(&months);
    let model = model_in(tmp.path(), &text);
    let times = arrivals(&model);
    let lengths = [
        31.0, 28.0, 31.0, 30.0, 31.0, 30.0, 31.0, 31.0, 30.0, 31.0, 30.0, 31.0,
    ];
    let mut counts = [0.0; 12];
    let mut first = 0.0;
    let starts: Vec<f64> = lengths
        .iter()
        .map(|l| {
            let s = first;
            first += l;
            s
        })
        .collect();
    for t in times.iter().filter(|&&t| t < 365.0) {
        let m = starts.iter().rposition(|s| s <= t).unwrap();
        counts[m] += 1.0;
    }
    let weights: Vec<f64> = months.iter().zip(lengths).map(|(m, l)| m * l).collect();
    let chi = chi_square(&counts, &weights);
    assert!(chi < CHI2_999_DF11, "months: chi2 = {chi:.2}, {counts:?}");
}

/// A variant that changes the rate of some days (here January's, which becomes the peak,
/// and February's) keeps the arrivals of every other day: common random numbers pair the
/// cases of the days it leaves alone exactly.
#[test]
fn changing_one_months_rate_keeps_every_other_days_arrivals() {
    let tmp = tempfile::tempdir().unwrap();
    let months = [0.8, 0.6, 1.0, 1.0, 1.1, 1.2, 1.0, 1.0, 1.1, 0.9, 1.2, 1.5];
    let mut changed = months;
    (changed[0], changed[1]) = (2.0, 0.3);
    let a = arrivals(&model_in(tmp.path(), &months_scenario(&months)));
    let b = arrivals(&model_in(tmp.path(), &months_scenario(&changed)));
    let after = |t: &Vec<f64>| -> Vec<u64> {
        t.iter()
            .filter(|&&x| (59.0..365.0).contains(&x))
            .map(|x| x.to_bits())
            .collect()
    };
    assert!(after(&a).len() > 8000);
    assert_eq!(after(&a), after(&b), "March to December");
    let january = |t: &Vec<f64>| t.iter().filter(|&&x| x < 31.0).count() as f64;
    // About 744 against 1,860: far more than Poisson noise apart.
    assert!(
        january(&b) > 2.0 * january(&a),
        "{} {}",
        january(&a),
        january(&b)
    );
}

/// A variant that lowers Friday's rate of one class from 1.3 to 0.7 and raises Monday's
/// from 1.9 to 2.2 (across the layers of candidates at 1 and 2), and raises December's of
/// another, keeps the cases of every other day the same cases: the same class, the same
/// arrival and the same work, also in the other class, whose case numbers the changed days
/// move. The changed days are thinned, not drawn anew: the variant's Fridays are some of
/// today's, today's Mondays some of the variant's.
#[test]
fn a_variant_that_changes_some_days_rate_pairs_the_other_days_cases() {
    let tmp = tempfile::tempdir().unwrap();
    let text = r#"
[scenario]
name = "profiles"
time_unit = "hour"
horizon = 4380
warmup = 0
replications = 1
seed = 11
start_date = "2026-01-05"

[calendars.office]
days = ["mon", "tue", "wed", "thu", "fri"]
hours = ["08:30-12:00", "13:00-17:30"]

[pools]
desk = 50

[[classes]]
name = "hall"
arrival_rate = "12/wd"
arrival_calendar = "office"
weekday_profile = [1.9, 1.0, 1.0, 1.0, 1.3, 0, 0]
start = "w"

[[classes]]
name = "web"
arrival_rate = 1
month_profile = [0.8, 0.6, 1, 1, 1, 1, 1, 1, 1, 1, 1.1, 1.5]
start = "w"

[stages.w]
pool = "desk"
duration = { dist = "exponential", mean = 0.02 }
next = "end"

[variants.friday]
set = { "classes.hall.weekday_profile" = [2.2, 1.0, 1.0, 1.0, 0.7, 0, 0], "classes.web.month_profile" = [0.8, 0.6, 1, 1, 1, 1, 1, 1, 1, 1, 1.1, 3.0] }
"#;
    fs::write(tmp.path().join("s.toml"), text).unwrap();
    expansim()
        .current_dir(tmp.path())
        .args(["compare", "s.toml", "-r", "1", "--quiet", "--cases"])
        .args(["--log-cases", "all", "--out", "r"])
        .assert()
        .success();
    // (class, arrival) -> (case, touch) of each variant.
    let mut cases: [std::collections::HashMap<(String, String), (String, String)>; 2] =
        Default::default();
    let mut rows = csv::Reader::from_path(tmp.path().join("r/cases.csv")).unwrap();
    let header = rows.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (variant, case, class, arrival, touch) = (
        at("variant"),
        at("case"),
        at("class"),
        at("arrival"),
        at("touch:w"),
    );
    for r in rows.records() {
        let r = r.unwrap();
        let v = usize::from(&r[variant] == "friday");
        cases[v].insert(
            (r[class].to_string(), r[arrival].to_string()),
            (r[case].to_string(), r[touch].to_string()),
        );
    }
    let weekday = |(class, at): &(String, String), d: i64| {
        let day = (at.parse::<f64>().unwrap() / 24.0).floor() as i64;
        class == "hall" && day.rem_euclid(7) == d
    };
    let friday = |k: &(String, String)| weekday(k, 4);
    let monday = |k: &(String, String)| weekday(k, 0);
    let [today, variant] = &cases;
    let shared: Vec<_> = today.keys().filter(|k| variant.contains_key(*k)).collect();
    // Half a year of 12 a working day and one an hour, less Friday's and December's share.
    assert!(shared.len() > 5000, "{}", shared.len());
    for k in &shared {
        assert_eq!(today[*k].1, variant[*k].1, "{k:?}: the work differs");
    }
    // Some case numbers moved (Friday's fewer arrivals come first in the numbering).
    assert!(
        shared
            .iter()
            .any(|k| today[*k].0.rsplit(':').next() != variant[*k].0.rsplit(':').next())
    );
    // Every day but Friday and Monday the same arrivals of the hall; Friday's of the
    // variant some of today's, Monday's of today some of the variant's.
    for k in today.keys().filter(|k| k.0 == "hall" && !monday(k)) {
        assert!(friday(k) || variant.contains_key(k), "{k:?} lost");
    }
    for k in variant.keys().filter(|k| k.0 == "hall" && !friday(k)) {
        assert!(monday(k) || today.contains_key(k), "{k:?} lost");
    }
    for k in variant.keys().filter(|k| friday(k)) {
        assert!(today.contains_key(k), "{k:?} drawn anew");
    }
    for k in today.keys().filter(|k| monday(k)) {
        assert!(variant.contains_key(k), "{k:?} drawn anew");
    }
    let fridays = |c: &std::collections::HashMap<_, _>| c.keys().filter(|k| friday(k)).count();
    // 1.3 against 0.7 of 12 a day on 26 Fridays: about 406 against 218.
    assert!(
        fridays(variant) < fridays(today),
        "{} {}",
        fridays(today),
        fridays(variant)
    );
}

/// A bad date in an included calendar file is named in that file, at its place there; one
/// in the scenario's own list, at its place in the scenario.
#[test]
fn a_bad_date_is_named_in_the_file_that_holds_it() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("extra.toml"),
        "holidays = [\"2026-01-01\", \"2026-13-01\"]\n",
    )
    .unwrap();
    let text = scenario(
        r#"["calendars/cn-2026.toml", "extra.toml"]"#,
        "2026-01-05",
        60,
    )
    .replace("[pools]", "holidays = [\"2026-02-30\"]\n\n[pools]");
    let file = tmp.path().join("s.toml");
    fs::write(&file, text).unwrap();
    let err = expansim::scenario::load(&file, &[])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("calendars.office.include (\"extra.toml\").holidays[1]: ")
            && err.contains("\"2026-13-01\""),
        "{err}"
    );
    assert!(
        err.contains("calendars.office.holidays[0]: ") && err.contains("\"2026-02-30\""),
        "{err}"
    );
}

/// Bad weekdays and hours are named in the file whose `days` and `hours` the calendar uses
/// (they replace those of earlier files): a later included file's, or the scenario's own.
#[test]
fn bad_days_and_hours_are_named_where_they_are_written() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("week.toml"),
        "days = [\"mon\", \"satur\"]\nhours = [\"08:30-12:00\", \"13:00-25:00\"]\n",
    )
    .unwrap();
    let load = |text: String| {
        let file = tmp.path().join("s.toml");
        fs::write(&file, text).unwrap();
        expansim::scenario::load(&file, &[])
            .unwrap_err()
            .to_string()
    };
    let err = load(scenario(
        r#"["calendars/cn-2026.toml", "week.toml"]"#,
        "2026-01-05",
        60,
    ));
    for at in [
        "calendars.office.include (\"week.toml\").days[1]: ",
        "calendars.office.include (\"week.toml\").hours[1]: ",
    ] {
        assert!(err.contains(at), "{at}: {err}");
    }
    // The scenario's own hours replace the file's: a bad one is the scenario's.
    let err = load(
        scenario(r#"["week.toml"]"#, "2026-01-05", 60)
            .replace("[pools]", "hours = [\"09:00-08:00\"]\n\n[pools]"),
    );
    assert!(err.contains("calendars.office.hours[0]: "), "{err}");
    assert!(
        err.contains("calendars.office.include (\"week.toml\").days[1]: "),
        "{err}"
    );
}

/// A weekday multiplier for a day the arrival calendar never opens is never used: warned
/// of, naming the day; 0 and 1 there are the plain pattern and say nothing.
#[test]
fn a_weekday_multiplier_for_a_closed_day_is_warned_of() {
    let tmp = tempfile::tempdir().unwrap();
    let with = |profile: &str| {
        scenario("\"calendars/cn-2026.toml\"", "2026-03-02", 60).replace(
            "arrival_rate = 2\n",
            &format!(
                "arrival_rate = \"8/wd\"\narrival_calendar = \"office\"\nweekday_profile = {profile}\n"
            ),
        )
    };
    let warned = |m: &serde_json::Value| {
        m["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|w| w.as_str())
            .filter(|w| w.contains("weekday_profile gives"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let m = run(tmp.path(), &with("[1, 1, 1, 1, 1.2, 2, 0.5]"));
    let w = warned(&m);
    assert_eq!(w.len(), 1, "{m}");
    assert!(
        w[0].contains("sat 2, sun 0.5") && w[0].contains("`office`"),
        "{}",
        w[0]
    );
    let m = run(tmp.path(), &with("[1, 1, 1, 1, 1.2, 1, 0]"));
    assert!(warned(&m).is_empty(), "{m}");
}

/// A make-up day the scenario lists on a weekday the calendar already works is a date
/// written wrong: named; a make-up Saturday is what make-up days are.
#[test]
fn a_make_up_day_on_a_working_weekday_is_refused() {
    let text = |day: &str| {
        scenario("[]", "2026-03-02", 60).replace(
            "include = []\n",
            &format!("hours = [\"08:30-17:30\"]\nmakeup_days = [\"{day}\"]\n"),
        )
    };
    let err = expansim::scenario::load_str(&text("2026-03-04"), "m.toml", &[])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "calendars.office.makeup_days[0]: 2026-03-04 is a working day of this calendar already"
        ),
        "{err}"
    );
    assert!(expansim::scenario::load_str(&text("2026-03-07"), "m.toml", &[]).is_ok());
}

/// A calendar closed on every simulated day is warned about before the run.
#[test]
fn a_calendar_never_open_is_warned_about() {
    let days: Vec<String> = (5..=31)
        .map(|d| format!("\"2026-01-{d:02}\""))
        .chain((1..=10).map(|d| format!("\"2026-02-{d:02}\"")))
        .collect();
    let text = scenario("\"calendars/cn-2026.toml\"", "2026-01-05", 20).replace(
        "[pools]",
        &format!("holidays = [{}]\n\n[pools]", days.join(", ")),
    );
    let loaded = expansim::scenario::load_str(&text, "closed.toml", &[]).expect("valid");
    let warnings = expansim::scenario::warnings(&loaded.model);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("calendar `office` is never open")),
        "{warnings:?}"
    );
    let open = expansim::scenario::load_str(
        &scenario("\"calendars/cn-2026.toml\"", "2026-01-05", 20),
        "open.toml",
        &[],
    )
    .expect("valid");
    assert!(expansim::scenario::warnings(&open.model).is_empty());
}

/// Two classes whose arrivals replay `arrivals.csv` beside the scenario.
const TRACED: &str = r#"
[scenario]
name = "trace"
time_unit = "hour"
start_date = "2026-01-05"
horizon = 200
warmup = 0
replications = 1
seed = 1

[pools]
clerk = { size = 10 }

[[classes]]
name = "a"
arrivals = { trace = "arrivals.csv" }
start = "work"

[[classes]]
name = "b"
arrivals = { trace = "arrivals.csv" }
start = "work"

[stages.work]
pool = "clerk"
duration = { dist = "deterministic", value = "1min" }
next = "end"
"#;

#[test]
fn a_trace_is_replayed_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("arrivals.csv"),
        "time,class\n2026-01-05 08:31:00,a\n2026-01-05 09:00:30,b\n2026-01-06T10:15:00+08:00,a\n2026/1/7 16:59,a\n2026-01-07 02:00:00+00:00,b\n",
    )
    .unwrap();
    let model = model_in(tmp.path(), TRACED);
    let (_, trace) = expansim::engine::simulate_traced(&model, 0, 0.0, None);
    let mut got: Vec<(u32, f64)> = trace.cases.iter().map(|c| (c.class, c.arrival)).collect();
    got.sort_by(|x, y| x.1.total_cmp(&y.1));
    let h = |d: f64, hh: f64, m: f64, s: f64| d * 24.0 + hh + m / 60.0 + s / 3600.0;
    let want = [
        (0, h(0.0, 8.0, 31.0, 0.0)),
        (1, h(0.0, 9.0, 0.0, 30.0)),
        (0, h(1.0, 10.0, 15.0, 0.0)),
        (1, h(2.0, 10.0, 0.0, 0.0)), // 02:00 UTC is 10:00 at +08:00
        (0, h(2.0, 16.0, 59.0, 0.0)),
    ];
    assert_eq!(got.len(), want.len(), "{got:?}");
    for ((c, t), (wc, wt)) in got.iter().zip(want) {
        assert_eq!(*c, wc);
        assert!((t - wt).abs() < 1e-9, "{t} against {wt}");
    }
}

/// A trace from the marketing system names classes as people read them: by label (低压居民)
/// as well as by name.
#[test]
fn a_traces_class_column_may_give_the_class_label() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("arrivals.csv"),
        "time,class\n2026-01-05 08:31:00,低压居民\n2026-01-05 09:00:00,b\n2026-01-05 10:00:00,a\n",
    )
    .unwrap();
    let text = TRACED.replacen("name = \"a\"", "name = \"a\"\nlabel = \"低压居民\"", 1);
    let model = model_in(tmp.path(), &text);
    let (_, trace) = expansim::engine::simulate_traced(&model, 0, 0.0, None);
    let mut got: Vec<(u32, f64)> = trace.cases.iter().map(|c| (c.class, c.arrival)).collect();
    got.sort_by(|x, y| x.1.total_cmp(&y.1));
    let want = [(0, 8.0 + 31.0 / 60.0), (1, 9.0), (0, 10.0)];
    assert_eq!(got.len(), want.len(), "{got:?}");
    for ((c, t), (wc, wt)) in got.iter().zip(want) {
        assert_eq!(*c, wc, "{got:?}");
        assert!((t - wt).abs() < 1e-9, "{t} against {wt}");
    }
}

/// On a make-up working day (调休) the office works a weekday's hours, and applications come
/// as on that weekday: a profile that is 0 at weekends still brings them on a make-up
/// Saturday. 2026's make-up days (cn-2026.toml) include Saturdays 2026-02-28 and 2026-10-10.
#[test]
fn a_make_up_saturday_takes_the_weekday_multiplier() {
    let tmp = tempfile::tempdir().unwrap();
    let text = WINDOW
        .replace(
            "days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]",
            "include = \"calendars/cn-2026.toml\"",
        )
        .replace("horizon = 8736", "horizon = 8000");
    let model = model_in(tmp.path(), &text);
    let times = arrivals(&model);
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let on = |date: chrono::NaiveDate| {
        let day = date.signed_duration_since(start).num_days() as f64 * 24.0;
        times
            .iter()
            .filter(|&&t| t >= day && t < day + 24.0)
            .count()
    };
    for date in [(2, 28), (10, 10)] {
        let date = chrono::NaiveDate::from_ymd_opt(2026, date.0, date.1).unwrap();
        // Monday's multiplier 1.3 at 40 a working day: 52 expected; 4 Poisson SDs below is 23.
        let n = on(date);
        assert!(n > 23, "{n} arrivals on the make-up day {date}");
    }
    // An ordinary Saturday and a holiday Monday (2026-10-05, National Day) have none.
    for date in [(3, 7), (10, 5)] {
        let date = chrono::NaiveDate::from_ymd_opt(2026, date.0, date.1).unwrap();
        assert_eq!(on(date), 0, "arrivals on {date}");
    }
}

/// A trace as exported on Chinese Windows: GBK text with Chinese dates, or UTF-8 with a
/// byte-order mark, gives the same arrivals as plain UTF-8.
#[test]
fn a_trace_in_gbk_or_with_a_byte_order_mark_is_read_alike() {
    let rows = "time,class,备注\n2026年1月5日 8:31,a,营业厅受理\n2026/1/5 9:00:30,b,线上\n2026-01-06 10:15,a,营业厅\n";
    let want = [8.0 + 31.0 / 60.0, 9.0 + 0.5 / 60.0, 24.0 + 10.25];
    let gbk = encoding_rs::GBK.encode(rows).0.into_owned();
    let bom = [b"\xef\xbb\xbf".as_slice(), rows.as_bytes()].concat();
    for bytes in [rows.as_bytes().to_vec(), gbk, bom] {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("arrivals.csv"), &bytes).unwrap();
        let got = arrivals(&model_in(tmp.path(), TRACED));
        assert_eq!(got.len(), want.len(), "{got:?}");
        for (t, w) in got.iter().zip(want) {
            assert!((t - w).abs() < 1e-9, "{t} against {w}");
        }
    }
}

#[test]
fn bad_arrival_keys_are_named_with_their_fix() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("bad.csv"),
        "time\n2026-01-05 08:00\nyesterday\n2025-12-01 08:00\n",
    )
    .unwrap();
    let text = WINDOW
        .replace("arrival_rate = \"40/wd\"", "arrival_rate = \"40/week\"")
        .replace("[1.3, 1.0, 1.0, 1.0, 0.9, 0, 0]", "[1.3, 1.0]")
        + r#"
[[classes]]
name = "d"
arrivals = { trace = "bad.csv" }
start = "work"
"#;
    let file = tmp.path().join("s.toml");
    fs::write(&file, &text).unwrap();
    let err = expansim::scenario::load(&file, &[])
        .unwrap_err()
        .to_string();
    for needle in [
        "classes[0].arrival_rate",
        "\"40/week\"",
        "12/wd",
        "classes[0].weekday_profile",
        "7 multipliers",
        "classes[1].arrivals.trace",
        "row 3, column `time`",
        "\"yesterday\"",
        "arrivals before the start date 2026-01-05: 1 (the first at row ",
        "got 2 values: [1.3, 1.0]",
    ] {
        assert!(err.contains(needle), "{needle} not in:\n{err}");
    }
    // A misspelt calendar does not hide the profile's problem.
    let text = WINDOW
        .replace(
            "arrival_calendar = \"office\"",
            "arrival_calendar = \"offce\"",
        )
        .replace("[1.3, 1.0, 1.0, 1.0, 0.9, 0, 0]", "[1.3, 1.0]");
    fs::write(&file, &text).unwrap();
    let err = expansim::scenario::load(&file, &[])
        .unwrap_err()
        .to_string();
    for needle in [
        "classes[0].arrival_calendar",
        "did you mean \"office\"",
        "classes[0].weekday_profile",
    ] {
        assert!(err.contains(needle), "{needle} not in:\n{err}");
    }
}

/// A profile that gives arrivals only on days the arrival calendar never opens (weekends on
/// a Monday-Friday office), or only in the warm-up, would leave the class's results empty
/// without a word: warned of before the run.
#[test]
fn a_profile_with_no_arrivals_in_the_window_is_warned_of() {
    let warned = |text: &str| {
        let loaded = expansim::scenario::load_str(text, "w.toml", &[]).expect("valid");
        expansim::scenario::warnings(&loaded.model)
            .iter()
            .any(|w| w.starts_with("class `c` has no arrivals from the warm-up to the horizon"))
    };
    assert!(!warned(WINDOW));
    let weekends = WINDOW.replace("[1.3, 1.0, 1.0, 1.0, 0.9, 0, 0]", "[0, 0, 0, 0, 0, 1, 1]");
    assert!(warned(&weekends));
    // One open day with arrivals is enough.
    let friday = WINDOW.replace("[1.3, 1.0, 1.0, 1.0, 0.9, 0, 0]", "[0, 0, 0, 0, 0.1, 1, 1]");
    assert!(!warned(&friday));
    // Arrivals in January only, of a run whose warm-up lasts through it.
    let january = WINDOW.replace(
        "weekday_profile = [1.3, 1.0, 1.0, 1.0, 0.9, 0, 0]",
        "month_profile = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]",
    );
    assert!(!warned(&january));
    // (The year from 2026-01-05 ends in January 2027: a horizon to December.)
    let january = january.replace("horizon = 8736", "horizon = 8000");
    assert!(!warned(&january));
    assert!(warned(&january.replace("warmup = 0", "warmup = 1000")));
    // Nor may the rate at the busiest day pass the bound of arrival rates.
    let busiest = WINDOW.replace("[1.3, 1.0, 1.0, 1.0, 0.9, 0, 0]", "[1e6, 1, 1, 1, 1, 0, 0]");
    let err = expansim::scenario::load_str(&busiest, "b.toml", &[])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "classes[0].arrival_rate: the rate times the profiles' largest multiplier (1000000)"
        ),
        "{err}"
    );
    // A multiplier beyond a million is a mistake, not a busy day.
    let huge = WINDOW.replace(
        "[1.3, 1.0, 1.0, 1.0, 0.9, 0, 0]",
        "[1e300, 1, 1, 1, 1, 0, 0]",
    );
    let err = expansim::scenario::load_str(&huge, "h.toml", &[])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("weekday_profile[0]: expected a multiplier of the arrival rate from 0 to 1e6"),
        "{err}"
    );
}

#[test]
fn a_trace_without_a_header_is_read_from_its_first_row_and_strangers_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("times.csv"),
        "2026-01-05 08:31:00\n2026-01-05 09:00:30\n",
    )
    .unwrap();
    let text = |file: &str| {
        format!(
            r#"
[scenario]
name = "trace"
time_unit = "hour"
start_date = "2026-01-05"
horizon = 100
warmup = 0
replications = 1
seed = 1

[pools]
clerk = 1

[[classes]]
name = "a"
arrivals = {{ trace = "{file}" }}
start = "work"

[[classes]]
name = "b"
arrivals = {{ trace = "{file}" }}
start = "work"

[stages.work]
pool = "clerk"
duration = "1min"
next = "end"
"#
        )
    };
    let model = model_in(tmp.path(), &text("times.csv"));
    // Without a class column every class replays every row.
    assert_eq!(arrivals(&model).len(), 4);
    fs::write(
        tmp.path().join("classes.csv"),
        "time,class\n2026-01-05 08:31,a\n2026-01-05 09:00,c\n2026-01-05 10:00,c\n",
    )
    .unwrap();
    let file = tmp.path().join("s.toml");
    fs::write(&file, text("classes.csv")).unwrap();
    let err = expansim::scenario::load(&file, &[])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "2 rows of classes the scenario does not have (\"c\"; the first row of each: "
        ),
        "{err}"
    );
    assert_eq!(err.matches("does not have").count(), 1, "{err}");
}

/// Dates a calendar lists itself beside an included file (a later year's notice added by
/// hand) cover their year: the run into that year is not warned of as without holidays.
#[test]
fn a_later_years_dates_written_beside_the_files_cover_that_year() {
    let tmp = tempfile::tempdir().unwrap();
    let into_2027 = scenario("\"calendars/cn-2026.toml\"", "2026-06-01", 300);
    let m = run(tmp.path(), &into_2027);
    assert_eq!(m["uncovered_dates"][0]["first_uncovered"], "2027-01-01");
    let added = into_2027.replace(
        "[pools]",
        "holidays = [\"2027-01-01\"]\nmakeup_days = [\"2027-01-30\"]\n\n[pools]",
    );
    let m = run(tmp.path(), &added);
    assert_eq!(m["uncovered_dates"], serde_json::json!([]), "{m}");
}

/// A member group on hours of its own without the holiday files, in a pool whose calendar
/// has them, would work on National Day: said before the run, and not once the roster
/// includes the files.
#[test]
fn a_roster_without_the_holidays_of_its_pool_is_warned_about() {
    let base = scenario("\"calendars/cn-2026.toml\"", "2026-01-05", 200).replace(
        "clerk = { size = 2, calendar = \"office\" }",
        "clerk = { calendar = \"office\", members = [{ count = 1 }, { count = 1, calendar = \"mornings\", label = \"part-timer\" }] }",
    );
    let roster = |include: &str| {
        base.replace(
            "[pools]",
            &format!("[calendars.mornings]\n{include}hours = [\"09:00-12:00\"]\n\n[pools]"),
        )
    };
    let warned = |text: &str| {
        let loaded = expansim::scenario::load_str(text, "roster.toml", &[]).expect("valid");
        expansim::scenario::warnings(&loaded.model)
            .into_iter()
            .filter(|w| w.contains("which has no public holidays"))
            .collect::<Vec<_>>()
    };
    let w = warned(&roster(""));
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("members[1] (part-timer)")
            && w[0].contains("`mornings`")
            && w[0].contains("`office`"),
        "{}",
        w[0]
    );
    assert!(warned(&roster("include = \"calendars/cn-2026.toml\"\n")).is_empty());
}

/// A trace that is a binary file is said to be one; its bytes are not echoed as columns.
#[test]
fn a_binary_file_given_as_a_trace_is_said_to_be_one() {
    let tmp = tempfile::tempdir().unwrap();
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    fs::write(tmp.path().join("arrivals.csv"), bytes).unwrap();
    let file = tmp.path().join("s.toml");
    fs::write(&file, TRACED).unwrap();
    let err = expansim::scenario::load(&file, &[])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("classes[0].arrivals.trace:") && err.contains("is not a text file"),
        "{err}"
    );
    assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
}
