//! `expansim fit` on expansim's own log: a year of the county scenario, fitted and simulated
//! again, must give back the scenario's lead times, waits, routing and staff.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn expansim() -> Command {
    Command::cargo_bin("expansim").expect("binary builds")
}

/// `(class, metric, subject) -> mean` of a summary.csv.
fn summary(dir: &Path) -> HashMap<(String, String, String), f64> {
    let mut out = HashMap::new();
    let mut r = csv::Reader::from_path(dir.join("summary.csv")).unwrap();
    for row in r.records() {
        let row = row.unwrap();
        if let Ok(mean) = row[5].parse::<f64>() {
            out.insert(
                (row[1].to_string(), row[2].to_string(), row[3].to_string()),
                mean,
            );
        }
    }
    out
}

fn table(text: &str) -> toml::Table {
    toml::from_str(text).unwrap()
}

/// The rework probability (first attempt) out of `stage`.
fn rework_p(doc: &toml::Table, stage: &str) -> f64 {
    let next = &doc["stages"][stage]["next"];
    match &next["p"] {
        toml::Value::Float(p) => *p,
        toml::Value::Array(a) => a[0].as_float().unwrap(),
        other => panic!("{stage}: p is {other}"),
    }
}

/// One year of the county's cases (a run of `args` with its event log of every case) in
/// `dir`, fitted to `dir/fitted.toml`: what fit printed, and the scenario's text.
fn a_year_fitted(dir: &Path, args: &[&str]) -> (String, String) {
    expansim()
        .args(["run", "-r", "1", "--quiet", "--set", "scenario.horizon=545"])
        .args(args)
        .args(["--event-log", "--log-cases", "all", "--out"])
        .arg(dir.join("log"))
        .assert()
        .success();
    let fitted = dir.join("fitted.toml");
    let said = expansim()
        .arg("fit")
        .arg(dir.join("log/event_log.csv"))
        .arg("--out")
        .arg(&fitted)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    (
        String::from_utf8_lossy(&said).to_string(),
        fs::read_to_string(&fitted).unwrap(),
    )
}

/// One year of the county's cases fitted and run again.
///
/// Tolerances: the issue's (lead time 5 %, waiting 10 % or 0.2 days, probabilities 0.02).
/// They rest on the log's sampling error: a year holds about 4,200 LV residential cases
/// (relative SE of their mean lead time under 1 %) and 7,400 visits of the LV document check
/// (SE of its rework probability 0.005); the HV dual-supply class, about 30 cases a year, gets
/// its own design time and routing from tests on its mean and its proportions.
///
/// One estimate has a sampling error larger than the waiting tolerance: an arrival rate. The
/// HV lane sees about 270 cases a year, so its rate is known to about 6 % (Poisson), and a
/// wait at a pool 70-85 % busy moves by several times that: this seed's year has 11 % more
/// HV single-supply cases than the county's rate gives, and the inspectors, who also see the
/// HV cases, wait 0.89 days instead of 0.50. So the waits are checked with the county's own
/// rates put back, at every staffed stage, which checks everything else the fit estimated;
/// the lead times, which the waits make up only a small part of, with the fitted rates.
#[test]
fn a_year_of_the_county_fits_back_to_the_county() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let (said, text) = a_year_fitted(t, &[]);
    assert!(said.contains("Found 4 classes"), "{said}");
    let fitted = t.join("fitted.toml");
    let doc = table(&text);
    let county = table(include_str!("../scenarios/county.toml"));
    // Staff: exact.
    for (pool, spec) in county["pools"].as_table().unwrap() {
        // `size`, or the members of its groups.
        let size = spec
            .get("size")
            .and_then(toml::Value::as_integer)
            .unwrap_or_else(|| {
                spec["members"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|g| g["count"].as_integer().unwrap())
                    .sum()
            });
        assert_eq!(
            doc["pools"][pool]["size"].as_integer(),
            Some(size),
            "pool {pool}:\n{text}"
        );
    }
    // Rework probabilities.
    for (stage, p) in [("check_lv", 0.25), ("completion", 0.25)] {
        let got = rework_p(&doc, stage);
        assert!((got - p).abs() <= 0.02, "{stage}: {got} against {p}");
    }
    // Simulated again, against the county itself.
    expansim()
        .args(["run", "-r", "10", "--quiet", "--out"])
        .arg(t.join("refit"))
        .arg(&fitted)
        .assert()
        .success();
    expansim()
        .args(["run", "-r", "10", "--quiet", "--out"])
        .arg(t.join("county"))
        .assert()
        .success();
    let (a, b) = (summary(&t.join("county")), summary(&t.join("refit")));
    for class in [
        "lv_residential",
        "lv_nonresidential",
        "hv_single",
        "hv_dual",
    ] {
        let key = (class.to_string(), "lead_time".to_string(), String::new());
        let (x, y) = (a[&key], b[&key]);
        assert!(
            (y - x).abs() <= 0.05 * x,
            "{class}: lead time {y:.2} days against the county's {x:.2}"
        );
    }
    // The county's arrival rates put back: every staffed stage.
    let mut run = expansim();
    run.args(["run", "-r", "10", "--quiet", "--out"])
        .arg(t.join("refit_rates"));
    for class in county["classes"].as_array().unwrap() {
        run.arg("--set").arg(format!(
            "classes.{}.arrival_rate={}",
            class["name"].as_str().unwrap(),
            class["arrival_rate"]
        ));
    }
    run.arg(&fitted).assert().success();
    let b = summary(&t.join("refit_rates"));
    let staffed = county["stages"]
        .as_table()
        .unwrap()
        .values()
        .filter(|s| s.get("pool").is_some())
        .count();
    assert_eq!(waits_agree(&a, &b, |_| true), staffed);
}

/// An export as a marketing system writes it: no hand-off rows and no enabled times, only
/// each step's start and end. The gaps between departments (papers moved, a survey
/// booked) must become hand-offs, not waiting: queueing explains a gap only while the
/// step's pool had no member free, whoever did the step (a busy surveyor beside a free one
/// is not a queue).
///
/// Tolerance: 10 % on the LV classes' mean lead time. Their means in the sample are known
/// to about 1.5 % (729 and 254 cases, coefficients of variation 0.3-0.4), the five
/// simulated replications' to about 1 %; the rest is what a log without enabled times
/// cannot tell (a hand-off and a queue in the same gap). Taking a gap as queueing whenever
/// the person who did the step was busy made both classes 23 % too short.
#[test]
fn gaps_a_free_colleague_could_have_taken_are_hand_offs() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let mut rows = csv::Reader::from_path("scenarios/logs/county-sample.csv").unwrap();
    let header = rows.headers().unwrap().clone();
    let resource = header.iter().position(|h| h == "org:resource").unwrap();
    let enabled = header.iter().position(|h| h == "enabled_time").unwrap();
    let mut export = csv::Writer::from_path(t.join("export.csv")).unwrap();
    let keep = |r: &csv::StringRecord| -> Vec<String> {
        (0..r.len())
            .filter(|&j| j != enabled)
            .map(|j| r[j].to_string())
            .collect()
    };
    export.write_record(keep(&header)).unwrap();
    let mut written = 0;
    for row in rows.records() {
        let row = row.unwrap();
        if &row[resource] != "handoff" {
            export.write_record(keep(&row)).unwrap();
            written += 1;
        }
    }
    export.flush().unwrap();
    let out = expansim()
        .arg("fit")
        .arg(t.join("export.csv"))
        .arg("--out")
        .arg(t.join("fitted.toml"))
        .args(["--check", "-q", "--report"])
        .arg(t.join("fit.html"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8_lossy(&out);
    assert!(out.contains("handoff: check_lv → survey_lv"), "{out}");
    // The page and the scenario count the rows of the export, not the hand-offs found.
    let said = format!("{written} activity instances of ");
    assert!(out.starts_with(&format!("Read {said}")), "{out}");
    for file in ["fit.html", "fitted.toml"] {
        let text = fs::read_to_string(t.join(file)).unwrap();
        assert!(text.contains(&said), "{file}");
    }
    for class in ["lv_residential", "lv_nonresidential"] {
        let cells: Vec<f64> = out
            .lines()
            .find(|l| l.starts_with(&format!("{class} ")))
            .unwrap_or_else(|| panic!("no row of {class} in:\n{out}"))
            .split_whitespace()
            .skip(1)
            .map(|c| c.parse().unwrap())
            .collect();
        // cases, mean, P50, P90, then the simulated mean.
        let (log, sim) = (cells[1], cells[4]);
        assert!(
            (sim - log).abs() <= 0.1 * log,
            "{class}: simulated {sim} days against the log's {log}\n{out}"
        );
    }
}

/// Checks the mean waits over all classes at the stages `include` picks, `b` against `a`
/// (10 % or 0.2 days); returns how many it checked.
fn waits_agree(
    a: &HashMap<(String, String, String), f64>,
    b: &HashMap<(String, String, String), f64>,
    include: impl Fn(&str) -> bool,
) -> usize {
    let mut checked = 0;
    for ((class, metric, stage), x) in a {
        if metric != "waiting_time" || class != "all" || !include(stage) {
            continue;
        }
        checked += 1;
        let y = b[&(class.clone(), metric.clone(), stage.clone())];
        assert!(
            (y - x).abs() <= (0.1 * x).max(0.2),
            "{stage}: waiting {y:.3} days against {x:.3}"
        );
    }
    checked
}

#[test]
fn a_log_it_cannot_read_is_named_with_its_row_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("log.csv");
    fs::write(
        &log,
        "case_id,activity,start_time,end_time\n1,受理,2026-03-02 08:30,2026-03-02 09:00\n1,审核,03/02/2026,2026-03-02 10:00\n2,受理,2026-03-02 09:00,2026-03-32 10:00\n",
    )
    .unwrap();
    // Every value that is not a timestamp, at once.
    expansim()
        .arg("fit")
        .arg(&log)
        .args(["--out"])
        .arg(tmp.path().join("s.toml"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("log.csv")
                .and(predicate::str::contains("2 values are not a timestamp"))
                .and(predicate::str::contains("row 3, column \"start_time\""))
                .and(predicate::str::contains(
                    "row 4, column \"end_time\": \"2026-03-32 10:00\"",
                )),
        );
    assert!(!tmp.path().join("s.toml").exists());
}

/// Every column that cannot be found, in every log given, and every file that cannot be
/// read, in one message; a binary file and an XES file cut inside a tag are called what
/// they are.
#[test]
fn every_problem_of_every_log_is_said_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    fs::write(t.join("a.csv"), "case_id,foo,bar\nc1,x,y\n").unwrap();
    fs::write(
        t.join("b.csv"),
        "case_id,activity,start_time,end_time\n1,a,2026-03-02 08:30,2026-03-02 09:00\n",
    )
    .unwrap();
    fs::write(
        t.join("bin.csv"),
        b"\x7fELF\x02\x01\x01\x00\x00,\x00\x00\n\x01\x02",
    )
    .unwrap();
    let mut xes = String::from("<?xml version=\"1.0\"?>\n<log>\n");
    for c in 0..3 {
        xes.push_str(&format!(
            "<trace><string key=\"concept:name\" value=\"c{c}\"/><event><string key=\"concept:name\" value=\"a\"/><date key=\"time:timestamp\" value=\"2026-03-02T09:00:00+08:00\"/></event></trace>\n"
        ));
    }
    let cut = xes.len() - 30;
    fs::write(t.join("cut.xes"), &xes[..cut]).unwrap();
    // `fit` with `args` is refused, saying every one of `parts`, and writes nothing.
    let refused = |args: &[&str], parts: &[&str]| {
        let said = expansim()
            .arg("fit")
            .args(args)
            .args(["--out", "s.toml"])
            .current_dir(t)
            .assert()
            .code(2)
            .get_output()
            .stderr
            .clone();
        let said = String::from_utf8_lossy(&said);
        for part in parts {
            assert!(said.contains(part), "{part}:\n{said}");
        }
        assert!(!t.join("s.toml").exists());
    };
    let logs = ["a.csv", "b.csv", "missing.csv", "bin.csv", "cut.xes"];
    let mut args = logs.to_vec();
    args.extend(["--resource", "who"]);
    refused(
        &args,
        &[
            // A log without a start column is a log of ends (starts estimated).
            "the logs have 7 problems:",
            "'a.csv' has none of the columns concept:name",
            "for --end",
            r#"'a.csv' has no column "who" (--resource)"#,
            r#"'b.csv' has no column "who" (--resource)"#,
            "could not read 'missing.csv'",
            "could not read 'bin.csv': it is not a text file",
            "could not read 'cut.xes': the file ends at byte",
            "it was cut off; export or copy it again",
        ],
    );
    // In XES too: every value that is not a timestamp, every attribute a flag names that
    // the file does not have.
    let bad = format!("{xes}</log>\n")
        .replacen("2026-03-02T09:00:00+08:00", "yesterday", 1)
        .replacen("2026-03-02T09:00:00+08:00", "2026-99-05T11:00:00", 1);
    fs::write(t.join("bad.xes"), bad).unwrap();
    refused(
        &["bad.xes", "--class", "kind", "--resource", "who"],
        &[
            "the log has 3 problems:",
            r#"'bad.xes' has no attribute "kind" (--class)"#,
            r#"'bad.xes' has no attribute "who" (--resource)"#,
            r#"2 values are not a timestamp: trace "c0", attribute "time:timestamp": "yesterday"; trace "c1""#,
        ],
    );
}

#[test]
fn bad_requests_are_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let log = t.join("log.csv");
    fs::write(&log, "case_id,activity,start_time,end_time\n").unwrap();
    // A header and nothing else.
    expansim()
        .arg("fit")
        .arg(&log)
        .arg("--out")
        .arg(t.join("a.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no usable activity"));
    // An existing scenario is not overwritten without --force.
    fs::write(t.join("mine.toml"), "# mine").unwrap();
    expansim()
        .arg("fit")
        .arg("scenarios/logs/county-sample.csv")
        .arg("--out")
        .arg(t.join("mine.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(fs::read_to_string(t.join("mine.toml")).unwrap(), "# mine");
    // A zone that is not one.
    expansim()
        .args([
            "fit",
            "scenarios/logs/county-sample.csv",
            "--timezone",
            "Beijing",
            "--out",
        ])
        .arg(t.join("b.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--timezone"));
    // XES that is not XML.
    let xes = t.join("broken.xes");
    fs::write(
        &xes,
        "<log><trace><string key=\"concept:name\" value=\"1\"></log>",
    )
    .unwrap();
    expansim()
        .arg("fit")
        .arg(&xes)
        .arg("--out")
        .arg(t.join("c.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.xes"));
    // A folder that is not there, named with the fix.
    expansim()
        .args(["fit", "scenarios/logs/county-sample.csv", "--out"])
        .arg(t.join("nope/d.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--out").and(predicate::str::contains("no folder")));
    for f in ["a.toml", "b.toml", "c.toml"] {
        assert!(!t.join(f).exists(), "{f} was written");
    }
}

/// A marketing-system style export: Chinese headers, names and classes, people as
/// resources, naive timestamps in two formats.
#[test]
fn a_chinese_export_with_people_fits_to_a_runnable_scenario() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let mut csv = String::from("工单编号,环节名称,处理人,开始时间,结束时间,用户类别\n");
    let staff = ["张三", "李四"];
    for case in 0..300 {
        let day = 2 + (case / 40) % 20;
        let minute = 8 * 60 + 30 + (case % 40) * 11;
        let (h, m) = (minute / 60, minute % 60);
        let class = if case % 3 == 0 { "高压" } else { "低压" };
        let (eh, em) = ((minute + 5) / 60, (minute + 5) % 60);
        csv.push_str(&format!(
            "GD{case},受理,{},2026/3/{day} {h}:{m:02},2026-03-{day:02} {eh:02}:{em:02}:00,{class}\n",
            staff[case % 2],
        ));
        csv.push_str(&format!(
            "GD{case},现场勘查,王五,2026-03-{:02} 09:00:00,2026-03-{:02} 11:00:00,{class}\n",
            day + 1,
            day + 1
        ));
    }
    fs::write(t.join("export.csv"), csv).unwrap();
    let out = t.join("fitted.toml");
    // The export's columns named in Chinese, the scenario written to `to`.
    let fit = |extra: &[&str], to: &Path| {
        expansim()
            .arg("fit")
            .arg(t.join("export.csv"))
            .args(["--case", "工单编号", "--activity", "环节名称"])
            .args([
                "--resource",
                "处理人",
                "--start",
                "开始时间",
                "--end",
                "结束时间",
            ])
            .args(["--class", "用户类别"])
            .args(extra)
            .arg("--out")
            .arg(to)
            .assert()
            .success();
    };
    fit(&[], &out);
    let text = fs::read_to_string(&out).unwrap();
    let doc = table(&text);
    assert_eq!(
        doc["stages"]["shou_li"]["label"].as_str(),
        Some("受理"),
        "{text}"
    );
    assert!(doc["stages"]["xian_chang_kan_cha"].is_table(), "{text}");
    let classes: Vec<&str> = doc["classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(classes, ["高压", "低压"]);
    // Two people at the window make one pool of two, named by its work; its comment names
    // them.
    let window = &doc["pools"]["shou_li"];
    assert_eq!(window["size"].as_integer(), Some(2), "{text}");
    assert_eq!(window["label"].as_str(), Some("受理"), "{text}");
    assert!(text.contains("members: 张三, 李四"), "{text}");
    expansim()
        .args(["run", "-r", "2", "--quiet", "--out"])
        .arg(t.join("run"))
        .arg(&out)
        .assert()
        .success();
    // In Chinese, the comments (and the scenario's name) read in Chinese; the numbers are
    // those of the English file.
    let zh = t.join("fitted-zh.toml");
    fit(&["--lang", "zh", "--quiet"], &zh);
    let chinese = fs::read_to_string(&zh).unwrap();
    for said in [
        "由 `expansim fit` 根据 export.csv 拟合",
        "直接后继关系",
        "日志中有 2 个资源",
    ] {
        assert!(chinese.contains(said), "{said}:\n{chinese}");
    }
    for english in [
        "directly-follows",
        "resources in the log",
        "by AIC among",
        "per ",
    ] {
        assert!(!chinese.contains(english), "{english}:\n{chinese}");
    }
    let numbers = |text: &str| -> Vec<String> {
        text.lines()
            .map(|l| l.split('#').next().unwrap_or("").to_string())
            .filter(|l| !l.starts_with("name ="))
            .collect()
    };
    assert_eq!(numbers(&chinese), numbers(&text));
}

/// Work done at once (two steps whose times overlap in every case) is a fork into parallel
/// branches that join before the next step; gaps that free staff let pass are hand-offs,
/// found without enabled times.
#[test]
fn overlapping_work_becomes_a_fork() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let mut csv = String::from("case_id,activity,start_time,end_time,resource\n");
    for case in 0..80 {
        let day = 1 + case % 28;
        let at = |h: u32, m: u32| format!("2026-03-{day:02} {h:02}:{m:02}:00");
        let rows = [
            ("accept", at(8, 0), at(8, 30), "clerk"),
            ("survey", at(9, 0), at(11, 0), "field"),
            ("design_check", at(9, 30), at(10, 30), "engineer"),
            ("contract", at(13, 0), at(13, 30), "clerk"),
        ];
        for (a, s, e, r) in rows {
            csv.push_str(&format!("c{case},{a},{s},{e},{r}\n"));
        }
    }
    fs::write(t.join("log.csv"), &csv).unwrap();
    let out = t.join("fitted.toml");
    expansim()
        .arg("fit")
        .arg(t.join("log.csv"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("outside a fork").not());
    let text = fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("80 cases have activities that overlap in time; work done at once is a fork")
    );
    // Two surveyors on one visit in every fourth case: not a fork, sequenced, and said so
    // on the terminal as in the scenario.
    let mut two = csv.clone();
    for case in (0..80).step_by(4) {
        let day = 1 + case % 28;
        two.push_str(&format!(
            "c{case},survey,2026-03-{day:02} 09:05:00,2026-03-{day:02} 11:00:00,field\n"
        ));
    }
    fs::write(t.join("two.csv"), &two).unwrap();
    let said = "of 80 cases have work that overlaps in time outside a fork";
    expansim()
        .arg("fit")
        .arg(t.join("two.csv"))
        .arg("--out")
        .arg(t.join("two.toml"))
        .assert()
        .success()
        .stdout(predicate::str::contains(said));
    assert!(
        fs::read_to_string(t.join("two.toml"))
            .unwrap()
            .contains("cases have work that overlaps in time outside a fork")
    );
    // A second office's export that numbers its cases as the first does: the ids collide.
    expansim()
        .arg("fit")
        .arg(t.join("log.csv"))
        .arg(t.join("two.csv"))
        .arg("--out")
        .arg(t.join("both.toml"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Warning: 80 cases have rows in one file that fall within the time of their rows in another",
        ));
    let doc = table(&text);
    // The field staff and the engineer are free all morning, so the half-hour after
    // `accept` is not waiting for them but a hand-off; so are the two hours the clerk, free,
    // lets pass after the branch that ends last.
    assert_eq!(
        doc["stages"]["accept"]["next"].as_str(),
        Some("handoff_accept_survey"),
        "{text}"
    );
    let next = &doc["stages"]["handoff_accept_survey"]["next"];
    let fork: Vec<&str> = next["fork"]
        .as_array()
        .unwrap_or_else(|| panic!("no fork:\n{text}"))
        .iter()
        .map(|b| b.as_str().unwrap())
        .collect();
    assert_eq!(fork, ["survey", "design_check"], "{text}");
    let join = "handoff_survey_contract";
    assert_eq!(next["join"].as_str(), Some(join), "{text}");
    for branch in ["survey", "design_check"] {
        assert_eq!(doc["stages"][branch]["next"].as_str(), Some(join), "{text}");
    }
    assert_eq!(
        doc["stages"][join]["next"].as_str(),
        Some("contract"),
        "{text}"
    );
}

/// The county's concurrent sign-offs, simulated and fitted back: one fork of the three,
/// though in some cases one sign-off was done before another started (no overlap there).
#[test]
fn the_countys_parallel_sign_offs_fit_back_to_a_fork() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, text) = a_year_fitted(tmp.path(), &["--variant", "parallel_review"]);
    let doc = table(&text);
    let next = &doc["stages"]["plan_hv"]["next"];
    let mut fork: Vec<&str> = next["fork"]
        .as_array()
        .unwrap_or_else(|| panic!("no fork:\n{text}"))
        .iter()
        .map(|b| b.as_str().unwrap())
        .collect();
    fork.sort_unstable();
    assert_eq!(
        fork,
        ["signoff_dispatch", "signoff_operations", "signoff_planning"]
    );
    assert_eq!(next["join"].as_str(), Some("handoff_reply_hv"), "{text}");
    for branch in fork {
        assert_eq!(
            doc["stages"][branch]["next"].as_str(),
            Some("handoff_reply_hv"),
            "{text}"
        );
    }
}

/// Inputs that once produced an invalid scenario or a wrong one: each fits to a scenario
/// that loads, or is refused by name.
#[test]
fn awkward_logs_fit_to_valid_scenarios_or_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let fit = |name: &str, text: &str| {
        let log = t.join(format!("{name}.csv"));
        fs::write(&log, text).unwrap();
        let out = t.join(format!("{name}.toml"));
        let status = expansim()
            .arg("fit")
            .arg(&log)
            .arg("--out")
            .arg(&out)
            .assert();
        (status, out)
    };
    let header = "case_id,activity,start_time,end_time,resource\n";
    // Cases that start at different steps; an activity named `end`; names that collide
    // after conversion to keys; a branch taken once in many.
    let mut text = String::from(header);
    for c in 0..200 {
        let first = if c % 3 == 0 { "shou li" } else { "shou_li" };
        let next = if c == 7 { "end" } else { "shou_li_2" };
        text.push_str(&format!(
            "{c},{first},2026-03-02 09:00,2026-03-02 09:30,x\n"
        ));
        text.push_str(&format!("{c},{next},2026-03-02 10:00,2026-03-02 10:30,y\n"));
    }
    let (status, out) = fit("awkward", &text);
    status.success();
    expansim().arg("validate").arg(&out).assert().success();
    let doc = table(&fs::read_to_string(&out).unwrap());
    let stages = doc["stages"].as_table().unwrap();
    for k in [
        "shou_li",
        "shou_li_2",
        "shou_li_3",
        "end_2",
        "arrive_customer",
    ] {
        assert!(stages.contains_key(k), "{k}: {stages:?}");
    }
    // A year outside any utility's records is refused by row, not a panic.
    let (status, _) = fit(
        "far",
        &format!("{header}1,a,+262142-12-30 12:00,+262142-12-30 13:00,x\n"),
    );
    status.code(2).stderr(predicate::str::contains("row 2"));
    // The files are one log split by month: a case in both is one case.
    let a = t.join("jan.csv");
    let b = t.join("feb.csv");
    fs::write(&a, format!("{header}1,a,2026-01-30 09:00,2026-01-30 10:00,x\n2,a,2026-01-30 11:00,2026-01-30 12:00,x\n")).unwrap();
    fs::write(&b, format!("{header}1,b,2026-02-02 09:00,2026-02-02 10:00,x\n3,a,2026-02-02 11:00,2026-02-02 12:00,x\n")).unwrap();
    expansim()
        .arg("fit")
        .args([&a, &b])
        .arg("--out")
        .arg(t.join("two.toml"))
        .assert()
        .success()
        .stdout(
            predicate::str::contains("of 3 cases")
                .and(predicate::str::contains("fall within the time").not()),
        );
    // --report may not overwrite the scenario.
    expansim()
        .arg("fit")
        .arg(&a)
        .arg("--out")
        .arg(t.join("same.toml"))
        .arg("--report")
        .arg(t.join("same.toml"))
        .assert()
        .code(2);
    assert!(!t.join("same.toml").exists());
}

/// A short export (the sample's first two and three weeks): too short to tell open cases
/// from finished ones, so it says so; the scenario is still valid (no collection times
/// without a calendar, no class without arrivals).
#[test]
fn a_few_weeks_of_records_fit_to_a_valid_scenario_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let text = fs::read_to_string("scenarios/logs/county-sample.csv").unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    for until in ["2025-07-21", "2025-07-28"] {
        // Rows started and ended before the day (ISO times compare as text).
        let mut log = format!("{header}\n");
        for r in &rows {
            let f: Vec<&str> = r.split(',').collect();
            if f[3] < until && f[4] < until {
                log.push_str(r);
                log.push('\n');
            }
        }
        let file = tmp.path().join(format!("{until}.csv"));
        fs::write(&file, log).unwrap();
        let out = tmp.path().join(format!("{until}.toml"));
        expansim()
            .arg("fit")
            .arg(&file)
            .arg("--out")
            .arg(&out)
            .assert()
            .success()
            .stdout(predicate::str::contains(
                "cases still open at its end cannot be told",
            ));
        expansim().arg("validate").arg(&out).assert().success();
    }
}

/// An arrival rate from a handful of cases is written, with a warning that says how
/// uncertain it is, on the terminal and beside the rate.
#[test]
fn an_arrival_rate_from_few_cases_is_flagged() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let log = t.join("one.csv");
    fs::write(
        &log,
        "case_id,activity,start_time,end_time,resource\n\
         1,a,2026-03-02 09:00,2026-03-02 10:00,Ann\n\
         1,b,2026-03-02 10:30,2026-03-02 11:00,Bob\n",
    )
    .unwrap();
    let out = t.join("one.toml");
    expansim()
        .arg("fit")
        .arg(&log)
        .arg("--out")
        .arg(&out)
        .args(["--lang", "en"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Warning: the arrival rate of class customer rests on 1 case, fewer than 30: it is uncertain by about 100 %",
        ));
    let text = fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("WARNING: only 1 case, fewer than 30"),
        "{text}"
    );
}

#[test]
fn a_log_being_fitted_is_never_replaced_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.csv");
    let text = "case_id,activity,start_time,end_time,resource\n\
                1,a,2026-03-02 08:30,2026-03-02 09:00,r1\n";
    fs::write(&log, text).unwrap();
    for flag in ["--out", "--report"] {
        let mut c = expansim();
        c.arg("fit").arg(&log).arg("--force");
        if flag == "--report" {
            c.arg("--out").arg(dir.path().join("s.toml"));
        }
        c.arg(flag).arg(&log);
        c.assert()
            .code(2)
            .stderr(predicates::str::contains("is one of the logs being fitted"));
        assert_eq!(fs::read_to_string(&log).unwrap(), text);
    }
}

/// Fits a log of 40 cases of two steps on 20 days (`first` then 勘查, each with a resource
/// from `resources` where it has them) in English and in Chinese, and checks that the
/// fit succeeds and says `says` in each.
fn fitted_saying(first: &str, resources: Option<(&str, &str)>, says: [(&str, &str); 2]) {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let (head, (a, b)) = match resources {
        Some((a, b)) => (",resource", (format!(",{a}"), format!(",{b}"))),
        None => ("", (String::new(), String::new())),
    };
    let mut csv = format!("case_id,activity,start_time,end_time{head}\n");
    for case in 0..40 {
        let day = 2 + case % 20;
        csv.push_str(&format!(
            "c{case},{first},2026-03-{day:02} 09:00,2026-03-{day:02} 09:30{a}\nc{case},勘查,2026-03-{day:02} 10:00,2026-03-{day:02} 12:00{b}\n"
        ));
    }
    fs::write(t.join("log.csv"), csv).unwrap();
    for (lang, says) in says {
        expansim()
            .arg("fit")
            .arg(t.join("log.csv"))
            .args(["--force", "--lang", lang, "--out"])
            .arg(t.join("fitted.toml"))
            .assert()
            .success()
            .stdout(predicate::str::contains(says));
    }
}

/// A log that names nobody fits to a scenario without staff, and says so and what to give.
#[test]
fn a_log_without_resources_is_fitted_with_a_warning() {
    fitted_saying(
        "受理",
        None,
        [("en", "--resource"), ("zh", "请用 --resource 指定")],
    );
}

#[test]
fn names_whose_text_was_lost_before_saving_are_warned_of() {
    // GBK read as UTF-8 and saved again: the characters it could not read became U+FFFD.
    fitted_saying(
        "\u{fffd}\u{fffd}\u{fffd}",
        Some(("a", "b")),
        [
            (
                "en",
                "Warning: names of activities, classes or resources hold the sign \u{fffd} (1 of them; the first: \u{fffd}\u{fffd}\u{fffd})",
            ),
            ("zh", "请从源系统重新导出日志）"),
        ],
    );
}

/// A pool is named by what its members share: the group of numbered members ("field:3",
/// "manager:1" make `field+manager`), or, for people known by name, the work they do.
#[test]
fn pools_are_named_by_their_members_groups() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let members = ["field:1", "field:2", "manager:1", "field:3", "manager:2"];
    let people = [
        "张三",
        "李四",
        "王五",
        "赵六",
        "钱七",
        "孙八",
        "周九",
        "吴十",
        "郑十一",
        "冯十二",
        "陈十三",
        "褚十四",
    ];
    let mut csv = String::from("case_id,activity,start_time,end_time,resource\n");
    for case in 0..600 {
        let day = 2 + case / 60;
        let minute = 8 * 60 + 30 + (case % 60) * 7;
        let at = |m: usize| format!("2026-03-{day:02} {:02}:{:02}:00", m / 60, m % 60);
        csv.push_str(&format!(
            "{case},a,{},{},{}\n{case},b,{},{},{}\n",
            at(minute),
            at(minute + 5),
            members[case % members.len()],
            at(minute + 6),
            at(minute + 11),
            people[case % people.len()],
        ));
    }
    fs::write(t.join("log.csv"), csv).unwrap();
    expansim()
        .args(["fit", "log.csv", "--quiet", "--out", "s.toml"])
        .current_dir(t)
        .assert()
        .success();
    let text = fs::read_to_string(t.join("s.toml")).unwrap();
    let doc = table(&text);
    // A pool's label, or its key where that is its name.
    let labels: Vec<&str> = doc["pools"]
        .as_table()
        .unwrap()
        .iter()
        .map(|(k, p)| p.get("label").and_then(|l| l.as_str()).unwrap_or(k))
        .collect();
    assert!(labels.contains(&"field+manager"), "{text}");
    // Twelve people by name: a pool named by its work, `b`, its members in its comment.
    assert!(labels.contains(&"b"), "{text}");
    assert!(text.contains("members: 张三, 李四, 王五"), "{text}");
}

/// The XES of a run gives each step's enabled time, as its CSV does: the two logs of one run
/// fit to the same scenario (they once did not: without enabled times the XES made every
/// hand-off's queue a step of its own).
#[test]
fn the_xes_and_the_csv_of_one_run_fit_alike() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    expansim()
        .args(["run", "-r", "1", "--quiet", "--event-log", "--out"])
        .arg(t.join("log"))
        .assert()
        .success();
    let fitted: Vec<String> = ["csv", "xes"]
        .iter()
        .map(|ext| {
            let out = t.join(format!("{ext}.toml"));
            expansim()
                .arg("fit")
                .arg(t.join(format!("log/event_log.{ext}")))
                .arg("--out")
                .arg(&out)
                .assert()
                .success();
            fs::read_to_string(out)
                .unwrap()
                .lines()
                .filter(|l| !l.starts_with('#') && !l.starts_with("name = "))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    assert_eq!(fitted[0], fitted[1]);
}
