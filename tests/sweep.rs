//! Sweeps, targets and cost, replications to a precision, shards and merge.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use expansim::replication::{self, next_checkpoint, worst_relative_half_width};
use expansim::scenario;
use predicates::prelude::*;

/// One queue: 2 cases an hour, exponential service of 1 h at `desk`, and a tiny second step
/// at `side` that never limits anything. By Erlang C the mean lead time is 1.444 h with 3 desk
/// staff, 1.087 h with 4 and 1.020 h with 5; with 2 the desk is unstable.
const QUEUE: &str = r#"
[scenario]
name = "one queue"
time_unit = "hour"
horizon = 4000
warmup = 200
replications = 8
seed = 3

[pools]
desk = { size = 3, cost = 100 }
side = { size = 1, cost = 40 }

[[classes]]
name = "job"
arrival_rate = 2
start = "serve"

[stages.serve]
pool = "desk"
duration = { dist = "exponential", mean = 1 }
next = "stamp"

[stages.stamp]
pool = "side"
duration = { dist = "exponential", mean = 0.01 }
next = "end"
"#;

fn expansim() -> Command {
    Command::cargo_bin("expansim").expect("binary builds")
}

fn scenario_file(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("queue.toml");
    fs::write(&p, QUEUE).unwrap();
    p
}

#[test]
fn the_sweep_finds_the_cheapest_point_known_by_construction() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario_file(dir.path());
    let out = expansim()
        .args([
            "sweep",
            "--quiet",
            "--vary",
            "pools.desk=2..=5",
            "--vary",
            "pools.side=1,2",
        ])
        .args(["--target", "all:lead_time<=1.3", "--out"])
        .arg(dir.path().join("sw"))
        .arg(&s)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    // 3 desk staff (1.444 h) fail, 4 (1.087 h) meet at the lowest cost: 4 × 100 + 1 × 40.
    // The target 1.3 h sits between them with room: with these 8 replications the 95%
    // half-widths are 0.05 h (3 staff: 1.46 [1.41, 1.51]) and 0.017 h (4 staff: 1.10
    // [1.08, 1.12]), so both verdicts are clear of the threshold.
    assert!(
        text.contains(
            "Cheapest point meeting every target (all:lead_time<=1.3): pools.desk=4 pools.side=1 — cost 440,"
        ),
        "{text}"
    );
    assert!(
        text.contains("Runner-up: pools.desk=4 pools.side=2 — cost 480,"),
        "{text}"
    );
    assert!(
        text.contains("unstable"),
        "2 desk staff are unstable:\n{text}"
    );
    // sweep.csv: the varied paths, cost and verdicts, then the summary columns; unstable
    // points are not run but have their row and verdict.
    let csv = fs::read_to_string(dir.path().join("sw/sweep.csv")).unwrap();
    assert!(csv.starts_with(
        "pools.desk,pools.side,cost,verdict,verdict:all:lead_time<=1.3,variant,class,metric,subject,unit,mean,"
    ));
    assert!(
        csv.contains("\n3,1,340,fails,fails,current,all,lead_time,,hour,"),
        "{csv}"
    );
    assert!(
        csv.contains("\n4,1,440,meets,meets,current,all,lead_time,,hour,"),
        "{csv}"
    );
    assert!(
        csv.contains("\n2,1,240,unstable,unstable,current,,,,,,,,,\n"),
        "{csv}"
    );
}

#[test]
fn targets_on_a_stage_or_pool_get_their_own_verdict_and_json_says_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario_file(dir.path());
    let out = expansim()
        .args([
            "sweep",
            "--quiet",
            "--vary",
            "pools.desk=3..=5",
            "--format",
            "json",
        ])
        .args([
            "--target",
            "all:utilization:desk<=0.6",
            "--target",
            "job:waiting_time:serve<=0.3",
            "--out",
        ])
        .arg(dir.path().join("sw"))
        .arg(&s)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    // Utilisation is 2/3, 1/2 and 2/5 with 3, 4 and 5 staff; the mean wait (Erlang C) is
    // 0.444, 0.087 and 0.020 h. So 3 staff fail both, and 4 is the cheapest to meet both.
    let json: serde_json::Value = serde_json::from_slice(&out).expect("JSON on stdout");
    let points = json["points"].as_array().unwrap();
    assert_eq!(points.len(), 3);
    assert_eq!(json["cheapest"]["values"]["pools.desk"], 4);
    assert_eq!(points[0]["verdict"], "fails");
    assert_eq!(points[0]["targets"][0]["verdict"], "fails");
    assert_eq!(
        points[0]["targets"][1]["target"],
        "job:waiting_time:serve<=0.3"
    );
    let csv = fs::read_to_string(dir.path().join("sw/sweep.csv")).unwrap();
    assert!(csv.starts_with(
        "pools.desk,cost,verdict,verdict:all:utilization:desk<=0.6,verdict:job:waiting_time:serve<=0.3,"
    ));
    assert!(
        csv.contains("\n4,440,meets,meets,meets,current,all,utilization,desk,share,"),
        "{csv}"
    );
    // In text, a table too wide for 100 columns with its targets written out heads them T1,
    // T2, ... and writes each out below it (two targets then fit).
    let text = expansim()
        .args(["sweep", "-q", "--vary", "pools.desk=3..=5"])
        .args(["--target", "all:utilization:desk<=0.6"])
        .args(["--target", "job:waiting_time:serve<=0.3", "--out"])
        .arg(dir.path().join("text"))
        .arg(&s)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(text).unwrap();
    // Below the lines that name the scenario and its replications.
    let body = &text[text.find("\n\n").unwrap() + 2..];
    let table: Vec<&str> = body.lines().take_while(|l| !l.is_empty()).collect();
    for line in &table {
        assert!(
            unicode_width::UnicodeWidthStr::width(*line) <= 100,
            "{line}\n{text}"
        );
    }
    assert!(table[0].contains("T1") && table[0].contains("T2"), "{text}");
    assert!(table.contains(&"T2: job:waiting_time:serve<=0.3"), "{text}");
    // A subject the metric is not reported for is named with what would be valid.
    expansim()
        .args([
            "sweep",
            "-q",
            "--vary",
            "pools.desk=3,4",
            "--target",
            "all:utilization:dsk<=0.6",
        ])
        .arg("--out")
        .arg(dir.path().join("bad"))
        .arg(&s)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("did you mean \"desk\""));
}

/// A pool's size and its member groups' counts, or a value and one inside it, varied
/// together: the later would override the other in part, and the points would be labelled
/// with sizes they do not have. Refused, each pair named; a pool's cost beside its size is
/// another thing and runs.
#[test]
fn a_path_and_one_inside_it_are_refused_together() {
    let dir = tempfile::tempdir().unwrap();
    let out = expansim()
        .args([
            "sweep",
            "-q",
            "-r",
            "2",
            "--vary",
            "pools.clerk=4,5",
            "--vary",
            "pools.clerk.members[1].count=0,1",
            "--vary",
            "stages.check_lv.duration=1h,2h",
            "--vary",
            "stages.check_lv.duration.max=1h,2h",
        ])
        .arg("--out")
        .arg(dir.path().join("sw"))
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8_lossy(&out);
    for (path, other) in [
        ("pools.clerk.members[1].count", "pools.clerk"),
        ("stages.check_lv.duration.max", "stages.check_lv.duration"),
    ] {
        assert!(
            err.contains(&format!(
                "--vary {path}: --vary {other} sets part of the same thing"
            )),
            "{err}"
        );
    }
    assert!(!dir.path().join("sw").exists());
    expansim()
        .args([
            "sweep",
            "-q",
            "-r",
            "2",
            "--vary",
            "pools.reviewer=2,3",
            "--vary",
            "pools.reviewer.cost=1,2",
        ])
        .arg("--out")
        .arg(dir.path().join("sw"))
        .assert()
        .success();
}

#[test]
fn the_same_path_twice_is_refused_and_help_lists_only_what_sweep_takes() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario_file(dir.path());
    expansim()
        .args([
            "sweep",
            "-q",
            "--vary",
            "pools.desk=3,4",
            "--vary",
            "pools.desk=5",
        ])
        .arg("--out")
        .arg(dir.path().join("sw"))
        .arg(&s)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("the same path is varied twice"));
    assert!(!dir.path().join("sw").exists());
    // A --set of a varied path would not run, though run.json would record it.
    expansim()
        .args([
            "sweep",
            "-q",
            "--vary",
            "pools.desk=3,4",
            "--set",
            "pools.desk=9",
        ])
        .arg("--out")
        .arg(dir.path().join("sw"))
        .arg(&s)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--set pools.desk=9 sets the same value",
        ));
    assert!(!dir.path().join("sw").exists());
    let help = expansim().args(["sweep", "--help"]).assert().success();
    let help = String::from_utf8_lossy(&help.get_output().stdout).to_string();
    for absent in [
        "--report",
        "--event-log",
        "--cases",
        "--precision",
        "--log-cases",
    ] {
        assert!(!help.contains(absent), "sweep --help lists {absent}");
    }
    for present in ["--vary", "--target", "--format", "--shard", "--set"] {
        assert!(help.contains(present), "sweep --help lacks {present}");
    }
}

#[test]
fn a_review_sent_back_once_at_most_is_swept_not_skipped() {
    // p = [0.8, 0.0], max = 1: 1.8 reviews of 0.5 h per case at 1.6 cases/h need 1.44
    // staff-equivalents. 2 reviewers are stable (72%); with p taken as 0.8 for every visit
    // (5 visits) the load would have been 4 staff-equivalents and both points skipped.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("review.toml");
    fs::write(
        &file,
        QUEUE
            .replace("arrival_rate = 2", "arrival_rate = 1.6")
            .replace(
                "duration = { dist = \"exponential\", mean = 1 }\nnext = \"stamp\"",
                "duration = { dist = \"exponential\", mean = 0.5 }\nnext = { rework = \"serve\", p = [0.8, 0.0], max = 1, otherwise = \"stamp\" }",
            ),
    )
    .unwrap();
    expansim()
        .args(["sweep", "-q", "--vary", "pools.desk=2,3", "--out"])
        .arg(dir.path().join("sw"))
        .arg(&file)
        .assert()
        .success();
    let csv = fs::read_to_string(dir.path().join("sw/sweep.csv")).unwrap();
    assert!(!csv.contains("unstable"), "{csv}");
    assert!(
        csv.contains("\n2,240,,current,all,lead_time,,hour,"),
        "{csv}"
    );
}

#[test]
fn no_point_meeting_the_targets_is_said_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario_file(dir.path());
    expansim()
        .args([
            "sweep",
            "-q",
            "--vary",
            "pools.desk=3,4",
            "--target",
            "all:lead_time<=0.5",
        ])
        .arg("--out")
        .arg(dir.path().join("sw"))
        .arg(&s)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "No point meets every target (all:lead_time<=0.5)",
        ));
}

#[test]
fn with_no_point_meeting_the_targets_the_undecided_ones_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario_file(dir.path());
    let sweep = |target: &str, format: &str, out: &str| {
        let run = expansim()
            .args([
                "sweep",
                "-q",
                "--vary",
                "pools.desk=3..=5",
                "--format",
                format,
            ])
            .args(["--target", target])
            .arg("--out")
            .arg(dir.path().join(out))
            .arg(&s)
            .assert()
            .success();
        String::from_utf8_lossy(&run.get_output().stdout).to_string()
    };
    // The best point's own estimate as the threshold: its interval holds it, so it is
    // undecided; the other points' whole intervals are above it.
    let first: serde_json::Value =
        serde_json::from_str(&sweep("all:lead_time<=100", "json", "a")).unwrap();
    let best = first["points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["values"]["pools.desk"] == 5)
        .unwrap()["lead_time"]["mean"]
        .as_f64()
        .unwrap();
    let target = format!("all:lead_time<={best}");
    let json: serde_json::Value = serde_json::from_str(&sweep(&target, "json", "b")).unwrap();
    assert!(json["cheapest"].is_null(), "{json}");
    let undecided = json["undecided"].as_array().unwrap();
    assert_eq!(undecided.len(), 1, "{json}");
    assert_eq!(undecided[0]["values"]["pools.desk"], 5);
    // The front's first point has none before it to be told apart from.
    assert_eq!(json["pareto_front"][0]["close"], false, "{json}");
    let text = sweep(&target, "table", "c");
    // The undecided points one a line, under what they are.
    assert!(
        text.contains("\nUndecided, neither meeting nor failing"),
        "{text}"
    );
    let mut lines = text.lines().skip_while(|l| !l.ends_with("meets them:"));
    assert!(lines.next().is_some(), "{text}");
    assert!(text.contains("No point meets every target"), "{text}");
    assert_eq!(lines.next(), Some("  pools.desk=5 (cost 540)"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
}

#[test]
fn a_sweep_table_with_many_targets_fits_100_columns() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario_file(dir.path());
    let run = expansim()
        .args([
            "sweep",
            "-q",
            "--vary",
            "pools.desk=4,5",
            "--vary",
            "pools.side=1,2",
        ])
        .args([
            "--target",
            "job:lead_time<=2",
            "--target",
            "all:lead_time_p90<=4",
        ])
        .args(["--target", "job:waiting_time:serve<=1"])
        .args(["--target", "all:utilization:desk<=0.9"])
        .args(["--target", "job:throughput>=0.1"])
        .arg("--out")
        .arg(dir.path().join("w"))
        .arg(&s)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&run.get_output().stdout).to_string();
    // Every table line (the findings after the tables are prose).
    let tables = &text[..text.find("Cheapest point").unwrap()];
    for line in tables.lines() {
        assert!(
            line.chars().count() <= 100,
            "{} columns: {line}",
            line.len()
        );
    }
    // Each target's estimate is still shown, each beside the points' values.
    for t in ["T1", "T2", "T3", "T4", "T5"] {
        assert!(tables.contains(&format!("{t}: ")), "{t}: {text}");
    }
}

#[test]
fn precision_mode_stops_at_the_first_checkpoint_that_meets_it() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario_file(dir.path());
    let (batch, target, max) = (4, 0.01, 200);
    expansim()
        .args(["run", "-q", "-r", "4", "--precision", "0.01", "--out"])
        .arg(dir.path().join("p"))
        .arg(&s)
        .assert()
        .success();
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("p/run.json")).unwrap()).unwrap();
    let stopped = manifest["replications"].as_u64().unwrap() as u32;
    // Replay the schedule with the library: the first checkpoint whose interval meets the
    // target is where the run must stop.
    let model = scenario::load(&s, &[]).unwrap().model;
    let mut n = batch;
    loop {
        let worst = worst_relative_half_width(&[replication::run(&model, 0..n, 2, &|| {})]);
        if worst <= target || n >= max {
            assert_eq!(stopped, n);
            assert_eq!(manifest["precision"]["met"], worst <= target);
            assert_eq!(manifest["precision"]["achieved"].as_f64().unwrap(), worst);
            break;
        }
        n = next_checkpoint(n, batch, worst, target, max);
    }
    assert!(stopped > batch, "the first batch should not suffice at 1%");
}

#[test]
fn a_run_shard_says_which_replications_its_table_holds() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario_file(dir.path());
    let shard = |k: &str, out: &str| {
        let run = expansim()
            .args(["run", "-r", "9", "--shard", k, "--out"])
            .arg(dir.path().join(out))
            .arg(&s)
            .assert()
            .success();
        String::from_utf8_lossy(&run.get_output().stdout).to_string()
    };
    let second = shard("1/2", "a");
    assert!(
        second.contains("Shard 1/2: 5 of the 9 replications (4–8 in replications.csv)")
            && second.contains("5 replications)"),
        "{second}"
    );
    let csv = fs::read_to_string(dir.path().join("a/replications.csv")).unwrap();
    let numbers: std::collections::BTreeSet<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(
        numbers.into_iter().collect::<Vec<_>>(),
        ["4", "5", "6", "7", "8"]
    );
    // More shards than replications: an empty shard says so and prints no table.
    let empty = shard("0/10", "b");
    assert!(
        empty.contains("Shard 0/10 runs none of the 9 replications")
            && !empty.contains("Lead time"),
        "{empty}"
    );
}

fn run_shards(dir: &Path, args: &[&str], shards: u32) {
    for k in 0..shards {
        expansim()
            .args(args)
            .args(["--shard", &format!("{k}/{shards}"), "--out"])
            .arg(dir.join(format!("shard{k}")))
            .assert()
            .success();
    }
    expansim()
        .args(args)
        .arg("--out")
        .arg(dir.join("one"))
        .assert()
        .success();
    let mut merge = expansim();
    merge.arg("merge");
    // In any order.
    for k in (0..shards).rev() {
        merge.arg(dir.join(format!("shard{k}")));
    }
    merge
        .arg("--out")
        .arg(dir.join("merged"))
        .assert()
        .success();
}

#[test]
fn three_shards_merged_equal_one_run_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "compare",
        "-q",
        "-r",
        "7",
        "--set",
        "scenario.horizon=400",
        "--variants",
        "digital,merged",
    ];
    run_shards(dir.path(), &args, 3);
    for f in ["summary.csv", "replications.csv", "comparison.csv"] {
        let one = fs::read(dir.path().join("one").join(f)).unwrap();
        let merged = fs::read(dir.path().join("merged").join(f)).unwrap();
        assert!(one.len() > 1000 && one == merged, "{f} differs");
    }
    let dir = tempfile::tempdir().unwrap();
    let s = scenario_file(dir.path());
    let s = s.to_str().unwrap();
    let args = [
        "sweep",
        "-q",
        "--vary",
        "pools.desk=3..=5",
        "--vary",
        "pools.side=1,2",
        s,
    ];
    run_shards(dir.path(), &args, 3);
    let one = fs::read(dir.path().join("one/sweep.csv")).unwrap();
    let merged = fs::read(dir.path().join("merged/sweep.csv")).unwrap();
    assert!(one.len() > 1000 && one == merged, "sweep.csv differs");
    // A shard whose sweep.csv lost rows, a point, or holds a row twice is refused, named.
    let file = dir.path().join("shard1/sweep.csv");
    let text = fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let header_only = format!("{}\n", lines[0]);
    let one_row_lost = lines[..lines.len() - 1].join("\n") + "\n";
    let one_row_twice = format!("{text}{}\n", lines[lines.len() - 1]);
    for (i, broken) in [header_only, one_row_lost, one_row_twice]
        .iter()
        .enumerate()
    {
        fs::write(&file, broken).unwrap();
        expansim()
            .arg("merge")
            .args((0..3).map(|k| dir.path().join(format!("shard{k}"))))
            .arg("--out")
            .arg(dir.path().join(format!("broken{i}")))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("shard 1/3"));
        assert!(!dir.path().join(format!("broken{i}")).exists());
    }
}

#[test]
fn merge_rejects_another_seed_and_names_missing_and_doubled_shards() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario_file(dir.path());
    let shard = |k: u32, seed: &str, name: &str| {
        expansim()
            .args([
                "run",
                "-q",
                "-r",
                "6",
                "--seed",
                seed,
                "--shard",
                &format!("{k}/3"),
                "--out",
            ])
            .arg(dir.path().join(name))
            .arg(&s)
            .assert()
            .success();
    };
    shard(0, "3", "a0");
    shard(1, "3", "a1");
    shard(2, "9", "b2");
    shard(1, "3", "a1_gone");
    fs::remove_file(dir.path().join("a1_gone/replications.csv")).unwrap();
    // Shard 2 of a run with one more side clerk.
    expansim()
        .args(["run", "-q", "-r", "6", "--seed", "3", "--shard", "2/3"])
        .args(["--set", "pools.side.size=2", "--out"])
        .arg(dir.path().join("c2"))
        .arg(&s)
        .assert()
        .success();
    for (shards, out, says) in [
        (&["a0", "a1"][..], "m1", &["missing shard: 2/3"][..]),
        (
            &["a0", "a1", "b2"][..],
            "m2",
            &["b2' has another seed than '", "' (9 ≠ 3)"][..],
        ),
        (
            &["a0", "a1", "a1"][..],
            "m3",
            &["shard given twice: 1/3 ('", "a1', '"][..],
        ),
        (
            &["a0", "a1", "c2"][..],
            "m4",
            &[
                "c2' has another scenario than '",
                "(pools.side.size: 2 ≠ 1)",
            ][..],
        ),
        // Every problem at once, an unreadable folder among them.
        (
            &["a0", "nothing", "b2"][..],
            "m5",
            &["could not read", "(9 ≠ 3)", "missing shard: 1/3"][..],
        ),
        // A shard whose results are gone, beside the other problems.
        (
            &["a0", "a1_gone", "b2"][..],
            "m6",
            &["a1_gone/replications.csv' is missing", "(9 ≠ 3)"][..],
        ),
    ] {
        let refused = expansim()
            .arg("merge")
            .args(shards.iter().map(|d| dir.path().join(d)))
            .arg("--out")
            .arg(dir.path().join(out))
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&refused.get_output().stderr).to_string();
        for said in says {
            assert!(stderr.contains(said), "{said} not in\n{stderr}");
        }
        // The seed differs, and nothing else of the scenario is said to.
        assert!(!stderr.contains("scenario.seed"), "{stderr}");
    }
    assert!(
        !dir.path().join("m1").exists(),
        "a refused merge writes nothing"
    );
}

#[test]
fn max_replications_always_bounds_a_precision_run() {
    // A target no run can reach: the limit ends it, below the scenario's own count too.
    let dir = tempfile::tempdir().unwrap();
    let s = scenario_file(dir.path());
    for (max, expected) in [("10", 10), ("1", 1), ("3", 3)] {
        let out = dir.path().join(format!("p{max}"));
        expansim()
            .args([
                "run",
                "-q",
                "-r",
                "4",
                "--precision",
                "1e-6",
                "--max-replications",
                max,
            ])
            .args(["--set", "scenario.horizon=2000", "--out"])
            .arg(&out)
            .arg(&s)
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .success()
            .stderr(predicates::str::contains(format!(
                "not met after {expected} replication{}",
                if expected == 1 { "" } else { "s" }
            )))
            // A limit below the first batch cuts it, and says so.
            .stderr(predicates::function::function(|err: &str| {
                err.contains("is fewer than the first batch of --precision, 4 replications")
                    == (expected < 4)
            }));
        let manifest: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
        assert_eq!(manifest["replications"], expected);
    }
}

#[test]
fn merge_checks_each_shards_rows_against_its_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario_file(dir.path());
    let shard = |k: u32| dir.path().join(format!("s{k}"));
    for k in 0..2 {
        expansim()
            .args([
                "run",
                "-q",
                "-r",
                "4",
                "--shard",
                &format!("{k}/2"),
                "--out",
            ])
            .arg(shard(k))
            .arg(&s)
            .assert()
            .success();
    }
    let original = fs::read_to_string(shard(1).join("replications.csv")).unwrap();
    let lines: Vec<&str> = original.lines().collect();
    let header = lines[0];
    let cut = |n: usize| lines[..n].join("\n") + "\n";
    // The first row of `metric` with its value replaced by `value`.
    let edit = |metric: &str, value: &str| {
        let at = lines.iter().position(|l| l.contains(metric)).unwrap();
        let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        let (row, _) = edited[at].rsplit_once(',').unwrap();
        edited[at] = format!("{row},{value}");
        edited.join("\n") + "\n"
    };
    for (case, text, says) in [
        ("empty", String::new(), "holds replications []"),
        (
            "header only",
            format!("{header}\n"),
            "holds replications []",
        ),
        (
            "truncated mid-row",
            original[..original.len() - 9].to_string(),
            "truncated",
        ),
        ("a row missing", cut(lines.len() - 1), "lacks 1 of its"),
        (
            "a replication missing",
            lines
                .iter()
                .filter(|l| !l.starts_with("current,3,"))
                .map(|l| format!("{l}\n"))
                .collect(),
            "holds replications [2]",
        ),
        (
            "a value not a number",
            edit(",lead_time,", "NaN"),
            "cannot be a result",
        ),
        (
            "an infinite value",
            edit(",lead_time,", "inf"),
            "cannot be a result",
        ),
        ("a negative time", edit(",lead_time,", "-5"), "at least 0"),
        (
            "a share above one",
            edit(",utilization,", "7"),
            "a share lies in [0, 1]",
        ),
    ] {
        fs::write(shard(1).join("replications.csv"), &text).unwrap();
        let out = dir.path().join(format!("m-{}", case.replace(' ', "-")));
        expansim()
            .args(["merge", "--out"])
            .arg(&out)
            .arg(shard(0))
            .arg(shard(1))
            .assert()
            .code(2)
            .stderr(predicates::prelude::PredicateBooleanExt::and(
                predicates::str::contains("s1/replications.csv"),
                predicates::str::contains(says),
            ));
    }
    // Restored, the same shards merge.
    fs::write(shard(1).join("replications.csv"), &original).unwrap();
    expansim()
        .args(["merge", "--out"])
        .arg(dir.path().join("m-ok"))
        .arg(shard(0))
        .arg(shard(1))
        .assert()
        .success();
}

/// A sweep shard's rows must be results too: a value no sweep writes (NaN, a verdict without
/// targets) or a row cut off is refused, and every damaged shard is named at once.
#[test]
fn merge_checks_the_values_of_sweep_shards_and_names_every_damaged_one() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario_file(dir.path());
    let shard = |k: u32| dir.path().join(format!("w{k}"));
    for k in 0..3 {
        expansim()
            .args(["sweep", "-q", "-r", "2", "--vary", "pools.desk=3,4,5"])
            .args(["--shard", &format!("{k}/3"), "--out"])
            .arg(shard(k))
            .arg(&s)
            .assert()
            .success();
    }
    let file = |k: u32| shard(k).join("sweep.csv");
    let originals: Vec<String> = (0..3)
        .map(|k| fs::read_to_string(file(k)).unwrap())
        .collect();
    // Shard 1's sweep.csv with the first point's second row's `column` set to `value`.
    let edited = |column: &str, value: &str| {
        let mut rows: Vec<Vec<String>> = originals[1]
            .lines()
            .map(|l| l.split(',').map(String::from).collect())
            .collect();
        let at = rows[0].iter().position(|c| c == column).unwrap();
        rows[2][at] = value.to_string();
        let lines: Vec<String> = rows.iter().map(|r| r.join(",")).collect();
        lines.join("\n") + "\n"
    };
    let merge = |out: &str| {
        let assert = expansim()
            .args(["merge", "--out"])
            .arg(dir.path().join(out))
            .args((0..3).map(shard))
            .assert();
        String::from_utf8_lossy(&assert.get_output().stderr).to_string()
    };
    for (column, value) in [("mean", "NaN"), ("verdict", "meets"), ("ci95_high", "inf")] {
        fs::write(file(1), edited(column, value)).unwrap();
        let cut = &originals[2][..originals[2].len() - 7];
        fs::write(file(2), cut).unwrap();
        let err = merge("m");
        assert!(
            err.contains(&format!(
                r#"line 3: the value "{value}" in column {column}"#
            )) && err.contains("w1/sweep.csv")
                && err.contains("w2/sweep.csv")
                && err.contains("cut off"),
            "{err}"
        );
        assert!(!dir.path().join("m").exists());
    }
    for k in 1..3 {
        fs::write(file(k), &originals[k as usize]).unwrap();
    }
    expansim()
        .args(["merge", "--out"])
        .arg(dir.path().join("ok"))
        .args((0..3).map(shard))
        .assert()
        .success();
}

/// Two cheapest points of the same cost are told apart by their paired difference (the
/// sweep's replications share their random numbers), not by whether their two intervals
/// overlap; two points that simulate the same are tied.
#[test]
fn two_points_of_the_same_cost_are_compared_paired() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario_file(dir.path());
    let sweep = |vary: &str, out: &str| {
        let stdout = expansim()
            .args([
                "sweep",
                "-q",
                "--vary",
                vary,
                "--target",
                "job:lead_time<=2",
            ])
            .args(["-r", "4", "--format", "json", "--out"])
            .arg(dir.path().join(out))
            .arg(&s)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let json: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
        json
    };
    // 1 % faster service: the intervals of the two means (4 replications) overlap, the
    // paired difference does not include 0.
    let close = sweep("stages.serve.duration.mean=1,0.99", "close");
    let (best, next) = (
        &close["cheapest"]["lead_time"],
        &close["runner_up"]["lead_time"],
    );
    assert!(
        next["ci95_low"].as_f64().unwrap() <= best["ci95_high"].as_f64().unwrap(),
        "the marginal intervals overlap: {close}"
    );
    let d = &close["tie_difference"];
    assert!(d["ci95_low"].as_f64().unwrap() > 0.0, "{close}");
    assert_eq!(close["tied"], false);
    // A label changes nothing: the same replications, a difference of exactly 0.
    let same = sweep("stages.stamp.label=a,b", "same");
    assert_eq!(same["tied"], true);
    assert_eq!(same["tie_difference"]["mean"].as_f64(), Some(0.0));
}

/// Points whose cases had not all finished when their run ended have lead times that are
/// too short: the sweep says so, on stderr and in run.json.
#[test]
fn points_with_unfinished_cases_are_warned_of() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("long.toml");
    fs::write(
        &s,
        QUEUE
            .replace("horizon = 4000", "horizon = 400")
            .replace("replications = 8", "replications = 2")
            .replace(
                "[stages.stamp]\npool = \"side\"\nduration = { dist = \"exponential\", mean = 0.01 }",
                "[stages.stamp]\nexternal = true\nduration = { dist = \"exponential\", mean = 600 }",
            ),
    )
    .unwrap();
    let out = expansim()
        .args(["sweep", "-q", "--vary", "pools.desk=3,4", "--out"])
        .arg(dir.path().join("sw"))
        .arg(&s)
        .assert()
        .success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("At 2 points, cases had not finished") && err.contains("pools.desk=3"),
        "{err}"
    );
    let manifest = fs::read_to_string(dir.path().join("sw/run.json")).unwrap();
    assert!(manifest.contains("At 2 points"), "{manifest}");
}

/// A shard holds a slice of the grid: it names it, and leaves the cheapest point to the
/// merge.
#[test]
fn a_shard_leaves_the_findings_to_the_merge() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario_file(dir.path());
    let out = expansim()
        .args([
            "sweep",
            "-q",
            "--vary",
            "pools.desk=3,4,5",
            "--shard",
            "1/2",
        ])
        .args(["--target", "job:lead_time<=3", "-r", "2", "--out"])
        .arg(dir.path().join("s1"))
        .arg(&s)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains("Shard 1/2: ") && text.contains(" of the 3 points"),
        "{text}"
    );
    assert!(
        !text.contains("Cheapest point") && !text.contains("No point"),
        "{text}"
    );
    // In JSON too: the slice's points, and no findings.
    let out = expansim()
        .args([
            "sweep",
            "-q",
            "--vary",
            "pools.desk=3,4,5",
            "--shard",
            "1/2",
        ])
        .args([
            "--target",
            "job:lead_time<=3",
            "-r",
            "2",
            "--format",
            "json",
            "--out",
        ])
        .arg(dir.path().join("s1j"))
        .arg(&s)
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json["shard"], "1/2", "{json}");
    assert!(
        json["cheapest"].is_null() && json["pareto_front"].is_null(),
        "{json}"
    );
    assert!(!json["points"].as_array().unwrap().is_empty(), "{json}");
}

/// A point of the Pareto front is marked as perhaps no faster than the one before it only
/// when the two, paired replication by replication on their common random numbers, cannot
/// be told apart: a second `side` clerk saves about 0.0002 h a case, far inside both
/// intervals of the mean but, paired, on every replication.
#[test]
fn the_front_is_judged_on_paired_differences() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario_file(dir.path());
    let run = |format: &str, out: &str| {
        expansim()
            .args([
                "sweep",
                "-q",
                "--vary",
                "pools.desk=4,5",
                "--vary",
                "pools.side=1,2",
            ])
            .args(["--format", format, "--out"])
            .arg(dir.path().join(out))
            .arg(&s)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let json: serde_json::Value = serde_json::from_slice(&run("json", "j")).unwrap();
    let front = json["pareto_front"].as_array().unwrap();
    let values: Vec<(i64, i64)> = front
        .iter()
        .map(|p| {
            let v = &p["values"];
            (
                v["pools.desk"].as_i64().unwrap(),
                v["pools.side"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(values, [(4, 1), (4, 2), (5, 1), (5, 2)], "{json}");
    let at = |k: usize, key: &str| front[k]["lead_time"][key].as_f64().unwrap();
    for k in [1, 3] {
        // The intervals of the two means overlap ...
        assert!(at(k, "ci95_high") >= at(k - 1, "ci95_low"), "{json}");
        // ... and the paired difference is below 0 all the same.
        let d = &front[k]["paired_difference"];
        assert!(d["ci95_high"].as_f64().unwrap() < 0.0, "{json}");
        assert_eq!(front[k]["close"], false, "{json}");
    }
    // Five desk staff against four: the intervals alone tell them apart.
    assert!(at(2, "ci95_high") < at(1, "ci95_low"), "{json}");
    assert!(front[2]["paired_difference"].is_null(), "{json}");
    let text = String::from_utf8(run("table", "t")).unwrap();
    assert!(!text.contains('*'), "{text}");
}

/// A class by its place and by its name is one path: varied twice, refused.
#[test]
fn a_class_by_place_and_by_name_is_the_same_path() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario_file(dir.path());
    for (flag, says) in [
        ("--vary", "the same path is varied twice"),
        ("--set", "sets the same value"),
    ] {
        expansim()
            .args(["sweep", "-q", "--vary", "classes[0].arrival_rate=1,1.5"])
            .args([flag, "classes.job.arrival_rate=1.8", "--out"])
            .arg(dir.path().join("sw"))
            .arg(&s)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(says));
    }
    assert!(!dir.path().join("sw").exists());
}

/// A sweep and a search build each point from the scenario's document: its calendar
/// includes are read beside the scenario, whatever folder the command runs in, and a file
/// of its own comes before a built-in one of the same name.
#[test]
fn sweep_and_optimize_read_the_scenarios_own_calendars() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("office");
    fs::create_dir_all(sub.join("calendars")).unwrap();
    // The office's own hours under a built-in calendar's name: one hour on Mondays only.
    for name in ["cn-2026.toml", "my-office.toml"] {
        fs::write(
            sub.join("calendars").join(name),
            "days = [\"mon\"]\nhours = [\"09:00-10:00\"]\n",
        )
        .unwrap();
    }
    let scenario = |include: &str| {
        format!(
            r#"
[scenario]
name = "own hours"
time_unit = "day"
horizon = 120
warmup = 10
replications = 3
seed = 4
start_date = "2026-01-05"

[calendars.office]
include = ["{include}"]

[pools]
desk = {{ size = 2, calendar = "office", cost = 10 }}

[[classes]]
name = "c"
arrival_rate = 0.5
start = "serve"

[stages.serve]
pool = "desk"
duration = "0.2h"
next = "end"
"#
        )
    };
    fs::write(sub.join("shadow.toml"), scenario("calendars/cn-2026.toml")).unwrap();
    fs::write(sub.join("own.toml"), scenario("calendars/my-office.toml")).unwrap();
    // The mean lead time of `run` and of the sweep's point of the staffing as written.
    let all_lead = |file: &Path, leading: usize| {
        let text = fs::read_to_string(file).unwrap();
        let line = text
            .lines()
            .find(|l| {
                let f: Vec<&str> = l.split(',').collect();
                f.len() > leading + 2 && f[leading] == "all" && f[leading + 1] == "lead_time"
            })
            .unwrap_or_else(|| panic!("{text}"))
            .to_string();
        line.split(',')
            .nth(leading + 4)
            .unwrap()
            .parse::<f64>()
            .unwrap()
    };
    let from = dir.path();
    expansim()
        .current_dir(from)
        .args(["run", "-q", "--out", "r", "office/shadow.toml"])
        .assert()
        .success();
    expansim()
        .current_dir(from)
        .args(["sweep", "-q", "--vary", "pools.desk=2", "--out", "s"])
        .arg("office/shadow.toml")
        .assert()
        .success();
    // summary.csv: variant, class, metric, subject, unit, mean; sweep.csv: the varied path,
    // cost and verdict before them.
    let run = all_lead(&from.join("r/summary.csv"), 1);
    let swept = all_lead(&from.join("s/sweep.csv"), 4);
    assert_eq!(run.to_bits(), swept.to_bits(), "run {run}, sweep {swept}");
    // Open one hour a week, service takes days of calendar time.
    assert!(run > 2.0, "{run}");
    for command in [
        &["sweep", "--vary", "pools.desk=1,2"][..],
        &[
            "optimize",
            "--target",
            "c:lead_time<=100",
            "--range",
            "pools.desk=1..=3",
        ][..],
    ] {
        expansim()
            .current_dir(from)
            .args(command)
            .args(["-q", "--out", &format!("o-{}", command[0])])
            .arg("office/own.toml")
            .assert()
            .success();
    }
}
