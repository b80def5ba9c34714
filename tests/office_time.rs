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
    // 2026 and 2027 together cover it: no warning.
    let m = run(
        tmp.path(),
        &scenario(
            "[\"calendars/cn-2026.toml\", \"calendars/cn-2027.toml\"]",
            "2026-06-01",
            300,
        ),
    );
    assert!(m.get("uncovered_dates").is_none(), "{m}");
    // A run that starts before the data begin is warned from its first day.
    let m = run(
        tmp.path(),
        &scenario("\"calendars/cn-2026.toml\"", "2025-12-01", 60),
    );
    assert_eq!(m["uncovered_dates"][0]["first_uncovered"], "2025-12-01");
}

#[test]
fn a_plain_weekly_calendar_holds_in_every_year() {
    let tmp = tempfile::tempdir().unwrap();
    let text = scenario("\"calendars/cn-2026.toml\"", "2026-06-01", 900).replace(
        "include = \"calendars/cn-2026.toml\"",
        "days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\nhours = [\"09:00-17:00\"]",
    );
    let m = run(tmp.path(), &text);
    assert!(m.get("uncovered_dates").is_none(), "{m}");
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
