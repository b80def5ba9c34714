//! The binary as a user drives it: validation, runs, output files, errors.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn expansim() -> Command {
    Command::cargo_bin("expansim").expect("binary builds")
}

fn shipped_scenarios() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![PathBuf::from("scenarios")];
    while let Some(d) = dirs.pop() {
        for e in fs::read_dir(&d).expect("scenarios folder") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                // Calendar files are included by scenarios, not scenarios themselves.
                if !p.ends_with("calendars") {
                    dirs.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "toml") {
                out.push(p);
            }
        }
    }
    out.sort();
    assert!(!out.is_empty());
    out
}

#[test]
fn every_shipped_scenario_validates() {
    for s in shipped_scenarios() {
        expansim()
            .arg("validate")
            .arg(&s)
            .assert()
            .success()
            .stdout(predicate::str::contains("ok"));
    }
}

#[test]
fn every_shipped_scenario_runs() {
    let dir = tempfile::tempdir().unwrap();
    for (i, s) in shipped_scenarios().iter().enumerate() {
        // Short runs: the point is that each file runs end to end, not its statistics.
        expansim()
            .args([
                "run",
                "--quiet",
                "--replications",
                "2",
                "--set",
                "scenario.horizon=2000",
                "--set",
                "scenario.warmup=100",
                "--out",
            ])
            .arg(dir.path().join(i.to_string()))
            .arg(s)
            .assert()
            .success()
            .stdout(predicate::str::contains("Lead time by class"));
    }
}

fn expectations(file: &Path) -> Vec<String> {
    fs::read_to_string(file)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("# expect: ").map(str::to_string))
        .collect()
}

#[test]
fn each_broken_scenario_fails_with_exit_2_naming_the_field() {
    let mut n = 0;
    for e in fs::read_dir("tests/broken").unwrap() {
        let file = e.unwrap().path();
        let expected = expectations(&file);
        assert!(
            !expected.is_empty(),
            "{} has no # expect: lines",
            file.display()
        );
        let out = expansim().arg("validate").arg(&file).assert().code(2);
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        for x in expected {
            assert!(
                stderr.contains(&x),
                "{}: expected {x:?} in:\n{stderr}",
                file.display()
            );
        }
        // The same file is refused by `run` too, before anything is written, with `-r`
        // (a value set on the command line) as without; each problem said once.
        let dir = tempfile::tempdir().unwrap();
        for r in [&[][..], &["-r", "3"][..]] {
            let out = expansim()
                .args(["run", "--quiet", "--out"])
                .arg(dir.path().join("out"))
                .args(r)
                .arg(&file)
                .assert()
                .code(2);
            let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
            let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("  - ")).collect();
            let once: std::collections::BTreeSet<&str> = lines.iter().copied().collect();
            assert_eq!(once.len(), lines.len(), "{}: {stderr}", file.display());
        }
        assert!(!dir.path().join("out").exists());
        n += 1;
    }
    assert!(n >= 10);
}

/// Whether `text` holds a Chinese character.
fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn a_broken_scenario_is_explained_in_chinese() {
    let mut n = 0;
    for e in fs::read_dir("tests/broken").unwrap() {
        let file = e.unwrap().path();
        let out = expansim()
            .args(["validate", "--lang", "zh"])
            .arg(&file)
            .assert()
            .code(2);
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        let first = stderr.lines().next().unwrap_or_default();
        assert!(first.starts_with("错误：情景文件 '"), "{stderr}");
        // The file and each problem's path stay as written; each problem reads in Chinese.
        assert!(first.contains(&file.display().to_string()), "{stderr}");
        for line in stderr.lines().filter(|l| l.starts_with("  - ")) {
            let (path, message) = line[4..].split_once('：').unwrap_or_default();
            assert!(
                path.is_ascii() && has_chinese(message),
                "{}: not in Chinese: {line}\n{stderr}",
                file.display()
            );
        }
        n += 1;
    }
    assert!(n >= 10);
    // One problem reads as one.
    let out = expansim()
        .args(["validate", "--lang", "zh", "tests/broken/missing_pool.toml"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("有 1 处问题："), "{stderr}");
}

#[test]
fn help_is_in_the_language_of_lang_else_of_the_environment() {
    let help = |lang: &str, args: &[&str]| {
        let out = expansim()
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", lang)
            .args(args)
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let zh = help("zh_CN.UTF-8", &["--help"]);
    assert!(
        zh.contains("用法：expansim") && zh.contains("仿真一个情景"),
        "{zh}"
    );
    let run = help("C", &["run", "--help", "--lang", "zh"]);
    assert!(run.contains("选项") && run.contains("重复次数"), "{run}");
    assert!(
        !run.contains("Possible values") && !run.contains("[default"),
        "{run}"
    );
    let short = help("C", &["run", "-h", "--lang", "zh"]);
    assert!(short.contains("[可选值：table, json]"), "{short}");
    let en = help("zh_CN.UTF-8", &["run", "--lang=en", "--help"]);
    assert!(
        en.contains("Usage: expansim run") && en.contains("Options:"),
        "{en}"
    );
}

#[test]
fn all_problems_are_listed_at_once() {
    let out = expansim()
        .args(["validate", "tests/broken/many_problems_at_once.toml"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("has 4 problems"), "{stderr}");
    assert!(stderr.contains("did you mean"), "{stderr}");
}

#[test]
fn run_writes_the_three_files_with_the_design_headers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    expansim()
        .args(["run", "--quiet", "-r", "3", "--out"])
        .arg(&out)
        .arg("scenarios/theory/tandem_rework.toml")
        .assert()
        .success();
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(summary.starts_with(
        "variant,class,metric,subject,unit,mean,std_dev,ci95_low,ci95_high,replications\n"
    ));
    assert!(summary.contains("current,standard,lead_time,,hour,"));
    assert!(summary.contains("current,all,utilization,desk,share,"));
    assert!(summary.contains("current,standard,waiting_time,review,hour,"));
    let reps = fs::read_to_string(out.join("replications.csv")).unwrap();
    assert!(reps.starts_with("variant,replication,class,metric,subject,unit,value\n"));
    assert!(reps.contains("\ncurrent,2,standard,lead_time,,hour,"));
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(manifest["replications"], 3);
    assert_eq!(manifest["seed"], 1);
    assert_eq!(manifest["scenario"]["scenario"]["replications"], 3);
    assert_eq!(manifest["scenario_sha256"].as_str().unwrap().len(), 64);
    // No temporary files are left behind.
    let names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
}

#[test]
fn refuses_a_non_empty_output_folder_without_force() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let run = || {
        let mut c = expansim();
        c.args(["run", "--quiet", "-r", "2", "--out"])
            .arg(dir.path())
            .arg("scenarios/theory/mm1_rho05.toml");
        c
    };
    run()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not empty").and(predicate::str::contains("--force")));
    assert!(!dir.path().join("summary.csv").exists());
    // --force replaces earlier results whole, so it refuses a folder with other files in it.
    run()
        .arg("--force")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("notes.txt"));
    assert!(!dir.path().join("summary.csv").exists());
    assert_eq!(
        fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn set_overrides_a_value_and_reports_a_bad_path() {
    let dir = tempfile::tempdir().unwrap();
    expansim()
        .args([
            "run",
            "--quiet",
            "-r",
            "2",
            "--set",
            "pools.review=5",
            "--format",
            "json",
            "--out",
        ])
        .arg(dir.path().join("a"))
        .arg("scenarios/theory/tandem_rework.toml")
        .assert()
        .success()
        .stdout(predicate::str::contains("\"metric\": \"utilization\""));
    let manifest = fs::read_to_string(dir.path().join("a/run.json")).unwrap();
    assert!(manifest.contains("\"review\": 5"), "{manifest}");
    expansim()
        .args(["run", "--quiet", "--set", "pools.reviewers=5", "--out"])
        .arg(dir.path().join("b"))
        .arg("scenarios/theory/tandem_rework.toml")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("reviewers"));
    expansim()
        .args([
            "run",
            "--quiet",
            "--set",
            "stages.review.next[0].p=0.5",
            "--out",
        ])
        .arg(dir.path().join("c"))
        .arg("scenarios/theory/tandem_rework.toml")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("stages.review.next")
                .and(predicate::str::contains("sum to 1.3")),
        );
}

/// A `--set` that leaves a variant invalid (one reviewer where `training` trains two)
/// stops only the commands that use that variant; and a rework branch set to 0 switches off
/// the stages it led to instead of making them "never reached".
#[test]
fn a_set_that_breaks_one_variant_stops_only_what_uses_it() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], out: &str| {
        let mut c = expansim();
        c.args(args)
            .args(["-r", "1", "--quiet", "--out"])
            .arg(dir.path().join(out));
        c.assert()
    };
    run(&["run", "--set", "pools.reviewer=1"], "a").success();
    for (args, out) in [
        (&["compare", "--set", "pools.reviewer=1"][..], "b"),
        (
            &["run", "--variant", "training", "--set", "pools.reviewer=1"][..],
            "c",
        ),
    ] {
        run(args, out).code(2).stderr(
            predicate::str::contains("variants.training.train")
                .and(predicate::str::contains("to train 2: it has 1")),
        );
    }
    run(
        &["run", "--variant", "merged", "--set", "pools.reviewer=1"],
        "d",
    )
    .success();
    // No design is rejected: the stages of the comments' round trip are switched off.
    run(&["run", "--set", "stages.review.next.p=0"], "e").success();
    // A stage only a variant makes takes a --set when that variant runs, and only then.
    let one_stop = "stages.one_stop_lv.next.p=0.1";
    run(&["run", "--variant", "one_stop", "--set", one_stop], "f").success();
    run(&["run", "--set", one_stop], "g")
        .code(2)
        .stderr(predicate::str::contains("--variant"));
    // Only the variants that have the path are named.
    run(&["run", "--set", one_stop], "g2").code(2).stderr(
        predicate::str::contains("the variants one_stop, all_reforms have it")
            .and(predicate::str::contains("merged").not()),
    );
    // A variant without the path does not run as if nothing had been asked.
    run(&["run", "--variant", "merged", "--set", one_stop], "i")
        .code(2)
        .stderr(predicate::str::contains("one_stop, all_reforms have it"));
    // A path no variant has either is an error as before, whatever runs.
    run(&["run", "--set", "stages.nowhere.duration=1"], "h")
        .code(2)
        .stderr(predicate::str::contains("nowhere"));
    for args in [
        &["run", "--variant", "merged", "--set", "pools.clerc=4"][..],
        &["compare", "--set", "pools.clerc=4"][..],
    ] {
        run(args, "j").code(2).stderr(
            predicate::str::contains("did you mean \"clerk\"")
                .and(predicate::str::contains("have it").not()),
        );
    }
    // A bad value for a path a variant makes is that value's problem.
    run(
        &[
            "run",
            "--variant",
            "one_stop",
            "--set",
            "stages.one_stop_lv.next.p=1.5",
        ],
        "k",
    )
    .code(2)
    .stderr(predicate::str::contains(
        "--set stages.one_stop_lv.next.p=1.5: expected a rework probability",
    ));
}

/// Problems a `--set` value makes are blamed on the command line, not the file, and are
/// listed with the file's own problems and the paths nothing has.
#[test]
fn problems_of_set_values_name_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let county = std::fs::read_to_string("scenarios/county.toml").unwrap();
    let broken = county.replacen("checker = { size = 2,", "checker = { size = 0,", 1);
    assert_ne!(broken, county);
    let file = dir.path().join("c.toml");
    std::fs::write(&file, broken).unwrap();
    let out = expansim()
        .arg("show")
        .arg(&file)
        .args(["--set", "pools.zzz=3", "--set", "stages.review.duraton=1"])
        .args(["--set", "pools.clerk=abc"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    for line in [
        "has 4 problems",
        "- pools.checker.size: must be a whole number >= 1, got 0",
        r#"- --set pools.clerk=abc: must be a whole number >= 1, got "abc""#,
        "- --set stages.review.duraton=1: unknown key `duraton`",
        "- --set pools.zzz=3: `pools` has no `zzz`",
    ] {
        assert!(err.contains(line), "{line} in {err}");
    }
    // A problem of a whole stage or of the graph is not the assignment's.
    expansim()
        .arg("show")
        .arg("tests/broken/unreachable_stage.toml")
        .args(["--set", "stages.orphan.duration=2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--set").not());
    // A bad parameter of a distribution is the assignment's own problem.
    expansim()
        .args(["show", "--set", "stages.review.duration.min=-1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "- --set stages.review.duration.min=-1: triangular: `min` must be a non-negative finite number, got -1",
        ));
}

#[test]
fn unstable_pool_is_reported_before_the_run() {
    let dir = tempfile::tempdir().unwrap();
    expansim()
        .args([
            "run",
            "--quiet",
            "-r",
            "2",
            "--set",
            "classes.customer.arrival_rate=1.2",
            "--set",
            "scenario.horizon=500",
            "--set",
            "scenario.warmup=50",
            "--out",
        ])
        .arg(dir.path().join("a"))
        .arg("scenarios/theory/mm1_rho05.toml")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "pool `server` is unstable: offered load 1.20 staff-equivalents for 1 staff (120%)",
        ));
}

#[test]
fn a_missing_file_is_a_clear_error() {
    expansim()
        .args(["run", "no/such/file.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "could not read scenario 'no/such/file.toml'",
        ));
}

#[test]
fn set_on_the_command_line_wins_over_a_variant() {
    // `merged` sets 6 clerks; the command line asks for 4 (and 12).
    for clerks in ["4", "12"] {
        let set = format!("pools.clerk={clerks}");
        let loaded = expansim::scenario::load(
            Path::new("scenarios/county.toml"),
            std::slice::from_ref(&set),
        )
        .unwrap();
        let merged = loaded.variant("merged").unwrap();
        let clerk = merged
            .model
            .pools
            .iter()
            .find(|p| p.name == "clerk")
            .unwrap();
        assert_eq!(clerk.size.to_string(), clerks);
        expansim()
            .args([
                "show",
                "scenarios/county.toml",
                "--variant",
                "merged",
                "--set",
                &set,
            ])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!(
                "[[pools.clerk.members]]\ncount = {clerks}\n"
            )));
    }
    // Without --set the variant's own value stands.
    let loaded = expansim::scenario::load(Path::new("scenarios/county.toml"), &[]).unwrap();
    let merged = loaded.variant("merged").unwrap();
    let clerk = merged
        .model
        .pools
        .iter()
        .find(|p| p.name == "clerk")
        .unwrap();
    assert_eq!(clerk.size, 6);
    // The header says what was resolved in the language asked for.
    expansim()
        .args(["show", "--lang", "zh"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "# built-in:county — 现行流程，由 expansim",
        ));
}

#[test]
fn a_review_sent_back_once_at_most_is_not_called_unstable() {
    // p = [0.8, 0.0], max = 1: 1.8 reviews per case of 0.6 h at 1 case/h is 1.08
    // staff-equivalents for 2 reviewers (54%), far from unstable.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("review.toml");
    fs::write(
        &file,
        r#"
[scenario]
name = "review with one resubmission"
time_unit = "hour"
horizon = 2000
warmup = 100
replications = 2
seed = 1

[pools]
desk = 2
review = 2

[[classes]]
name = "a"
arrival_rate = 1
start = "prepare"

[stages.prepare]
pool = "desk"
duration = { dist = "exponential", mean = 0.5 }
next = "review"

[stages.review]
pool = "review"
duration = { dist = "exponential", mean = 0.6 }
next = { rework = "prepare", p = [0.8, 0.0], max = 1, otherwise = "end" }
"#,
    )
    .unwrap();
    expansim()
        .args(["run", "--quiet", "--out"])
        .arg(dir.path().join("out"))
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains("unstable").not());
    // Always sent back three times: exactly 4 reviews, 2.4 staff-equivalents (120%).
    let text = fs::read_to_string(&file)
        .unwrap()
        .replace("p = [0.8, 0.0], max = 1", "p = 1.0, max = 3");
    fs::write(&file, text).unwrap();
    expansim()
        .args(["validate"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "offered load 2.40 staff-equivalents for 2 staff (120%)",
        ));
}

/// The county scenario with `from` replaced by `to`, written into `dir`; its calendar files
/// are copied beside it.
fn county_with(dir: &Path, from: &str, to: &str) -> PathBuf {
    let text = fs::read_to_string("scenarios/county.toml").unwrap();
    assert!(text.contains(from), "county has {from}");
    fs::create_dir_all(dir.join("calendars")).unwrap();
    for year in [2025, 2026, 2027] {
        let name = format!("calendars/cn-{year}.toml");
        fs::copy(format!("scenarios/{name}"), dir.join(&name)).unwrap();
    }
    let file = dir.join("county.toml");
    fs::write(&file, text.replacen(from, to, 1)).unwrap();
    file
}

#[test]
fn a_bad_setting_is_reported_once_without_the_problems_that_only_follow_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = county_with(dir.path(), "time_unit = \"day\"", "time_unit = \"days\"");
    let text = fs::read_to_string(&file)
        .unwrap()
        .replace("start_date = \"2025-01-06\"", "start_date = \"2025/01/06\"");
    fs::write(&file, text).unwrap();
    let out = expansim().arg("validate").arg(&file).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("has 2 problems"), "{stderr}");
    assert!(stderr.contains("did you mean \"day\"?"), "{stderr}");
    assert!(stderr.contains("write \"2025-01-06\""), "{stderr}");
    assert!(!stderr.contains("no calendar named"), "{stderr}");
    assert!(!stderr.contains("need a calendar"), "{stderr}");
    // A broken calendar is reported where it is broken, not where it is used.
    let file = county_with(
        dir.path(),
        "include = [",
        "hours = [\"08:30-12:00\", \"13:00-25:00\"]\ninclude = [",
    );
    let out = expansim().arg("validate").arg(&file).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("has 1 problem:"), "{stderr}");
    assert!(stderr.contains("calendars.office.hours[1]"), "{stderr}");
    // So is a class whose arrivals cannot be read: the stages' overrides for it are not
    // reported as naming an unknown class.
    let file = county_with(
        dir.path(),
        "arrival_rate = \"16.8/wd\"",
        "arrival_rate = \"16.8 per wd\"",
    );
    let out = expansim().arg("validate").arg(&file).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("has 1 problem:"), "{stderr}");
    assert!(stderr.contains("classes[0].arrival_rate"), "{stderr}");
    assert!(!stderr.contains("no class named"), "{stderr}");
}

/// Problems that do not follow from each other are all reported: a misspelt branch target
/// and the branches' sum, an unknown arrival calendar and a rate that is not positive, a
/// variant's operator and a problem of the process it changes; a calendar's bad period is
/// not reported again as a week without open time.
#[test]
fn independent_problems_are_reported_together() {
    let dir = tempfile::tempdir().unwrap();
    let problems = |from: &str, to: &str, more: &[(&str, &str)]| {
        let file = county_with(dir.path(), from, to);
        let mut text = fs::read_to_string(&file).unwrap();
        for (a, b) in more {
            assert!(text.contains(a), "county has {a}");
            text = text.replacen(a, b, 1);
        }
        fs::write(&file, text).unwrap();
        let out = expansim().arg("validate").arg(&file).assert().code(2);
        String::from_utf8_lossy(&out.get_output().stderr).to_string()
    };
    let e = problems(
        r#"next = [{ to = "grid_works", p = 0.2 }, { to = "completion", p = 0.8 }]"#,
        r#"next = [{ to = "grid_works", p = 0.3 }, { to = "completon", p = 0.8 }]"#,
        &[],
    );
    assert!(
        e.contains("has 2 problems") && e.contains("sum to 1.1"),
        "{e}"
    );
    // A sum as a person adds it, not as binary fractions do (0.8999999999999999).
    let e = problems(
        r#"next = [{ to = "grid_works", p = 0.2 }, { to = "completion", p = 0.8 }]"#,
        r#"next = [{ to = "grid_works", p = 0.2 }, { to = "completion", p = 0.7 }]"#,
        &[],
    );
    assert!(e.contains("0.2 + 0.7 sum to 0.9, not 1"), "{e}");
    let e = problems(
        "arrival_calendar = \"office\"",
        "arrival_calendar = \"offfice\"",
        &[("arrival_rate = \"16.8/wd\"", "arrival_rate = \"-3/wd\"")],
    );
    assert!(e.contains("has 2 problems"), "{e}");
    assert!(
        e.contains("classes[0].arrival_rate") && e.contains(r#"got "-3/wd""#),
        "{e}"
    );
    let e = problems("hours = [\"00:00-24:00\"]", "hours = [\"8:30-12\"]", &[]);
    assert!(
        e.contains("has 1 problem:") && !e.contains("no open time"),
        "{e}"
    );
    // A value is named as written: 2.0 is not a whole number, and says so as 2.0.
    // 2.0 is a whole number; 2.5 is not.
    let e = problems("checker = { size = 2,", "checker = { size = 2.5,", &[]);
    assert!(
        e.contains("pools.checker.size") && e.contains("got 2.5"),
        "{e}"
    );
    let e = problems(
        "checker = { size = 2,",
        "checker = { size = 0,",
        &[(
            "count = 2, cost = 20000 },\n    { pool = \"reviewer\"",
            "count = 9, cost = 20000 },\n    { pool = \"reviewer\"",
        )],
    );
    assert!(
        e.contains("has 2 problems") && e.contains("pools.checker.size"),
        "{e}"
    );
    assert!(e.contains("variants.training.train[0].count"), "{e}");
    // A variant the file breaks stops a run with -r too (an override of its own).
    let file = dir.path().join("county.toml");
    expansim()
        .args(["run", "-q", "-r", "2", "--out"])
        .arg(dir.path().join("r"))
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("variants.training.train[0].count"));
    // An include's bad element is named, and the files beside it are still read.
    let e = problems(
        "include = [\"calendars/cn-2025.toml\",",
        "include = [5, \"calendars/cn-2025.toml\",",
        &[],
    );
    assert!(e.contains("has 1 problem:"), "{e}");
    assert!(
        e.contains("calendars.office.include[0]: expected a file name"),
        "{e}"
    );
}

#[test]
fn a_limit_without_a_unit_asks_for_working_days() {
    let dir = tempfile::tempdir().unwrap();
    let file = county_with(dir.path(), "limit = \"5wd\"", "limit = 5");
    expansim()
        .arg("validate")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("classes[0].limit").and(predicate::str::contains("\"5wd\"")),
        );
}

#[test]
fn an_unquoted_chinese_key_gets_a_hint_to_quote_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("zh.toml");
    fs::write(
        &file,
        "[scenario]\nname = \"t\"\ntime_unit = \"hour\"\nhorizon = 100\nwarmup = 0\nreplications = 1\nseed = 1\n\n[pools]\ndesk = 1\n\n[[classes]]\nname = \"a\"\narrival_rate = 0.1\nstart = \"受理\"\n\n[stages.受理]\npool = \"desk\"\nduration = 1\nnext = \"end\"\n",
    )
    .unwrap();
    expansim()
        .arg("validate")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "keys with Chinese (or other non-ASCII) characters must be quoted",
        ));
    // Quoted, it is a valid scenario.
    let text = fs::read_to_string(&file)
        .unwrap()
        .replace("[stages.受理]", "[stages.\"受理\"]");
    fs::write(&file, text).unwrap();
    expansim().arg("validate").arg(&file).assert().success();
}

/// The caret under a TOML syntax error stands under the faulty character when the line
/// before it holds Chinese text (two columns a character in a terminal).
#[test]
fn a_syntax_error_after_chinese_text_is_marked_under_the_right_character() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("zh.toml");
    fs::write(&file, "[scenario]\nname = \"县级业扩\" x\n").unwrap();
    let out = expansim().arg("validate").arg(&file).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    let lines: Vec<&str> = err.lines().collect();
    let shown = lines
        .iter()
        .position(|l| l.starts_with("2 | "))
        .expect(&err);
    let caret = lines[shown + 1];
    let under = display_width(&caret[..caret.find('^').expect(&err)]);
    let x = display_width(&lines[shown][..lines[shown].find(" x").expect(&err) + 1]);
    assert_eq!(under, x, "{err}");
    assert!(err.contains("line 2, column 15"), "{err}");
    // A fault at the end of a Windows line (an unclosed quote), and one after a tab: a
    // clear error, the caret under the tab's text.
    fs::write(&file, "[scenario]\r\nname = \"县级\r\n").unwrap();
    expansim()
        .arg("validate")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("TOML parse error at line 2"));
    fs::write(&file, "[scenario]\n\tname = \"县级\" x\n").unwrap();
    let out = expansim().arg("validate").arg(&file).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("2 | \tname"), "{err}");
    assert!(err.contains(&format!(" | \t{}^", " ".repeat(14))), "{err}");
}

#[test]
fn set_with_an_unknown_path_suggests_the_nearest() {
    for (set, hint) in [
        ("pools.reviwer=3", "did you mean \"reviewer\"?"),
        ("scenaro.seed=3", "did you mean \"scenario\"?"),
        ("stages.reveiw.duration=3", "did you mean \"review\"?"),
        (
            "classes.hv_singel.arrival_rate=1",
            "did you mean \"hv_single\"?",
        ),
    ] {
        expansim()
            .args(["show", "scenarios/county.toml", "--set", set])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(hint));
    }
}

/// Width of `s` in a terminal: two columns for East Asian wide characters.
fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

#[test]
fn compare_tables_fit_100_columns_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "zh"] {
        let out = expansim()
            .args(["compare", "-q", "-r", "2", "--lang", lang, "--out"])
            .arg(dir.path().join(lang))
            .assert()
            .success();
        let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
        assert!(text.lines().count() > 30, "{text}");
        for line in text.lines() {
            assert!(
                display_width(line) <= 100,
                "{lang}: {} columns: {line}",
                display_width(line)
            );
        }
    }
}

#[test]
fn tables_align_with_chinese_labels_fit_100_columns_and_name_the_variant() {
    let dir = tempfile::tempdir().unwrap();
    let out = expansim()
        .args([
            "run",
            "-q",
            "-r",
            "2",
            "--variant",
            "merged",
            "--cases",
            "--out",
        ])
        .arg(dir.path().join("a"))
        .arg("scenarios/county.toml")
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.lines().next().unwrap().contains("variant merged"),
        "{text}"
    );
    for line in text.lines() {
        assert!(
            display_width(line) <= 100,
            "{} columns: {line}",
            display_width(line)
        );
    }
    // Pool rows (labels in Chinese): the staff column ends at the same display column.
    let pools: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "Pools")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(
        pools.len() > 5 && pools[1].contains("营业厅窗口"),
        "{pools:?}"
    );
    let staff_end = |l: &str| {
        let i = l.find(" 0.").expect("utilisation column");
        display_width(l[..i].trim_end())
    };
    let first = staff_end(pools[1]);
    for l in &pools[1..] {
        assert_eq!(staff_end(l), first, "misaligned: {l}");
    }
    // cases.csv: stages a case did not pass are empty, not 0.
    let mut r = csv::Reader::from_path(dir.path().join("a/cases.csv")).unwrap();
    let header = r.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (class, review, accept) = (col("class"), col("waiting:review"), col("touch:accept_lv"));
    let mut checked = 0;
    for row in r.records().map(Result::unwrap) {
        if row[class] == *"lv_residential" {
            assert_eq!(&row[review], "", "an LV case has no design review");
            assert!(!row[accept].is_empty());
            checked += 1;
        }
    }
    assert!(checked > 100);
}

#[test]
fn one_replication_has_no_interval_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = expansim()
        .args(["compare", "-q", "-r", "1", "--out"])
        .arg(dir.path().join("a"))
        .arg("scenarios/county.toml")
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("n/a"), "{text}");
    assert!(!text.contains("NaN"), "{text}");
    assert!(
        !text
            .lines()
            .any(|l| l.contains("digital") && l.ends_with(" no")),
        "{text}"
    );
    let csv = fs::read_to_string(dir.path().join("a/comparison.csv")).unwrap();
    let line = csv
        .lines()
        .find(|l| l.starts_with("digital,current,all,lead_time,"))
        .unwrap();
    assert!(line.ends_with(','), "no interval, no verdict: {line}");
}

#[test]
fn merge_takes_quiet_and_lang_like_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for k in 0..2 {
        expansim()
            .args([
                "run",
                "-q",
                "-r",
                "2",
                "--shard",
                &format!("{k}/2"),
                "--out",
            ])
            .arg(dir.path().join(format!("s{k}")))
            .arg("scenarios/theory/mm1_rho05.toml")
            .assert()
            .success();
    }
    expansim()
        .args(["merge", "--quiet", "--out"])
        .arg(dir.path().join("m"))
        .arg(dir.path().join("s0"))
        .arg(dir.path().join("s1"))
        .assert()
        .success();
    // In Chinese when asked.
    expansim()
        .args(["merge", "--lang", "zh", "--out"])
        .arg(dir.path().join("m_zh"))
        .arg(dir.path().join("s0"))
        .arg(dir.path().join("s1"))
        .assert()
        .success()
        .stdout(predicate::str::contains("已将 2 个分片"));
}

#[test]
fn sizes_beyond_the_stated_limits_are_refused_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    for (args, says) in [
        (
            vec!["-r", "4294967295"],
            "'4294967295' for '--replications <REPLICATIONS>': 4294967295 is not in 1..=100000",
        ),
        (
            vec!["--set", "pools.server=100000000"],
            "--set pools.server=100000000: must be at most 100000",
        ),
        (
            vec!["--set", "scenario.horizon=1e308"],
            "--set scenario.horizon=1e308: must be at most",
        ),
    ] {
        expansim()
            .args(["run", "-q", "--out"])
            .arg(dir.path().join("x"))
            .args(&args)
            .arg("scenarios/theory/mm1_rho05.toml")
            .timeout(std::time::Duration::from_secs(30))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
        assert!(!dir.path().join("x").exists(), "{args:?} wrote a folder");
    }
    // An include that never ends (a device) is not read.
    let file = dir.path().join("zero.toml");
    let text = fs::read_to_string("scenarios/theory/calendar_pool.toml")
        .unwrap()
        .replace(
            "[calendars.office]\n",
            "[calendars.office]\ninclude = \"/dev/zero\"\n",
        );
    fs::write(&file, text).unwrap();
    expansim()
        .arg("validate")
        .arg(&file)
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a file"));
    // A file beyond the limit is cut there.
    fs::write(dir.path().join("big.toml"), "# x\n".repeat(300_000)).unwrap();
    fs::write(
        &file,
        fs::read_to_string(&file)
            .unwrap()
            .replace("/dev/zero", "big.toml"),
    )
    .unwrap();
    expansim()
        .arg("validate")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("larger than 1048576 bytes"));
    // Far more threads than replications run as many as there are replications.
    expansim()
        .args(["run", "-q", "-r", "2", "--jobs", "100000", "--out"])
        .arg(dir.path().join("jobs"))
        .arg("scenarios/theory/mm1_rho05.toml")
        .assert()
        .success();
}

#[test]
fn messages_say_what_was_written_and_how_to_fix_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.toml");
    let text = fs::read_to_string("scenarios/theory/calendar_pool.toml")
        .unwrap()
        .replace(
            "duration = { dist = \"exponential\", mean = 2 }",
            "duration = \"-3wd\"",
        )
        .replace("warmup = 2000", "warmup = \"abc\"");
    fs::write(&file, text).unwrap();
    let out = expansim().arg("validate").arg(&file).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("\"-3wd\" is negative"), "{stderr}");
    assert!(
        stderr.contains("\"abc\" is not a time: write a number and a unit"),
        "{stderr}"
    );
    // The OS error once, not twice.
    let out = expansim()
        .args(["run", "no/such/file.toml"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert_eq!(
        stderr.matches("No such file or directory").count(),
        1,
        "{stderr}"
    );
    // `report` has no --out: its refusal names the file and --force only.
    let run = dir.path().join("run");
    expansim()
        .args(["run", "-q", "-r", "2", "--report", "--out"])
        .arg(&run)
        .arg("scenarios/theory/mm1_rho05.toml")
        .assert()
        .success();
    let out = expansim().args(["report", "-q"]).arg(&run).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("report.html' exists already; pass --force"),
        "{stderr}"
    );
    assert!(!stderr.contains("--out"), "{stderr}");
    // Zero threads are refused everywhere; --log-* without a traced output too.
    expansim().args(["verify", "--jobs", "0"]).assert().code(2);
    expansim()
        .args(["run", "-q", "--log-cases", "5", "--out"])
        .arg(dir.path().join("lc"))
        .arg("scenarios/theory/mm1_rho05.toml")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--event-log|--cases"));
}

#[test]
fn cases_still_open_when_the_run_ends_are_counted_and_reported() {
    // Customer time of 800 h on average against a horizon of 1,000 h: some cases that
    // arrive in the window are still out at 3,000 h, when the run ends.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.toml");
    fs::write(
        &file,
        "[scenario]\nname = \"long customer delay\"\ntime_unit = \"hour\"\nhorizon = 1000\nwarmup = 100\nreplications = 3\nseed = 5\n\n[pools]\ndesk = 2\n\n[[classes]]\nname = \"job\"\narrival_rate = 0.2\nstart = \"serve\"\n\n[stages.serve]\npool = \"desk\"\nduration = { dist = \"exponential\", mean = 1 }\nnext = \"wait\"\n\n[stages.wait]\nexternal = true\nduration = { dist = \"exponential\", mean = 800 }\nnext = \"end\"\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    expansim()
        .args(["run", "-q", "--out"])
        .arg(&out)
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "cases of class `job` over 3 replications had not finished",
        ));
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    let row = summary
        .lines()
        .find(|l| l.starts_with("current,job,censored_cases,,cases,"))
        .expect("censored_cases row");
    let mean: f64 = row.split(',').nth(5).unwrap().parse().unwrap();
    assert!(mean >= 1.0, "{row}");
    let manifest = fs::read_to_string(out.join("run.json")).unwrap();
    assert!(manifest.contains("had not finished"), "{manifest}");
    // Merged shards count the censored cases of all their replications, as the one run did.
    let mut shards = Vec::new();
    for k in 0..3 {
        let shard = dir.path().join(format!("shard{k}"));
        expansim()
            .args(["run", "-q", "--shard", &format!("{k}/3"), "--out"])
            .arg(&shard)
            .arg(&file)
            .assert()
            .success();
        shards.push(shard);
    }
    let merged = dir.path().join("merged");
    expansim()
        .arg("merge")
        .args(&shards)
        .arg("--out")
        .arg(&merged)
        .assert()
        .success();
    let warnings = |folder: &std::path::Path| {
        let json: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(folder.join("run.json")).unwrap()).unwrap();
        json["warnings"].clone()
    };
    assert_eq!(warnings(&merged), warnings(&out));
    // Nothing is open at the end of an M/M/1 at rho 0.5: no warning, a zero count.
    let out = dir.path().join("mm1");
    expansim()
        .args(["run", "-q", "-r", "2", "--out"])
        .arg(&out)
        .arg("scenarios/theory/mm1_rho05.toml")
        .assert()
        .success()
        .stderr(predicate::str::contains("had not finished").not());
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(
        summary.contains("\ncurrent,customer,censored_cases,,cases,0,0,0,0,2\n"),
        "{summary}"
    );
}

#[test]
fn a_class_with_no_finished_case_is_told_it_has_no_lead_times() {
    // Work of 500 h each at one desk, arriving every 2 h, against a horizon of 100 h: the
    // first case is still being served when the run ends at 300 h.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("stuck.toml");
    fs::write(
        &file,
        "[scenario]\nname = \"stuck\"\ntime_unit = \"hour\"\nhorizon = 100\nwarmup = 0\nreplications = 2\nseed = 5\n\n[pools]\ndesk = 1\n\n[[classes]]\nname = \"job\"\narrival_rate = 0.5\nstart = \"serve\"\n\n[stages.serve]\npool = \"desk\"\nduration = { dist = \"uniform\", min = 500, max = 501 }\nnext = \"end\"\n",
    )
    .unwrap();
    for (lang, says, never) in [
        (
            "en",
            "cases of class `job` over 2 replications had not finished when the run ended (300 hours, 3 x the horizon), and none of the class had, so it has no lead times",
            "too short",
        ),
        ("zh", "且该类别无一办结，因此没有办电时长", "偏短"),
    ] {
        let out = dir.path().join(lang);
        expansim()
            .args(["run", "-q", "--lang", lang, "--out"])
            .arg(&out)
            .arg(&file)
            .assert()
            .success()
            .stderr(predicate::str::contains(says))
            .stderr(predicate::str::contains(never).not());
    }
}

#[test]
fn show_writes_the_process_graph_for_graphviz_and_mermaid() {
    expansim()
        .args(["show", "--format", "dot", "--variant", "parallel_review"])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("digraph process {")
                .and(predicate::str::contains("style=bold"))
                .and(predicate::str::contains("设计审查")),
        );
    expansim()
        .args(["show", "--format", "mermaid"])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("flowchart LR")
                .and(predicate::str::contains("-.->|\"40 % / 20 %, ≤ 4×\"|")),
        );
}

/// The lines of the first table in `text` (up to its first empty line) have one display
/// width: every column lines up, Chinese headers included.
fn assert_table_aligned(text: &str) {
    let table: Vec<&str> = text
        .lines()
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(table.len() > 2, "{text}");
    let width = display_width(table[0]);
    for l in &table {
        assert_eq!(display_width(l), width, "misaligned: {l}\n{text}");
    }
}

#[test]
fn sweep_optimize_fit_and_sensitivity_print_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let target = "hv_single:limit_met_share>=0.8";
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let stdout = |args: &[&str]| {
        let o = expansim()
            .args(args)
            .args(["--lang", "zh", "-q"])
            .assert()
            .success();
        String::from_utf8_lossy(&o.get_output().stdout).to_string()
    };
    let sweep = stdout(&[
        "sweep",
        "-r",
        "3",
        "--vary",
        "pools.reviewer=1..=3",
        "--target",
        target,
        "--out",
        &path("sweep"),
    ]);
    // Below the lines that name the scenario and its replications.
    assert!(
        sweep.starts_with("县级供电公司业扩报装\n3 次重复"),
        "{sweep}"
    );
    assert_table_aligned(&sweep[sweep.find("\n\n").unwrap()..]);
    for said in [
        "年成本",
        "办电时长（全部，天）",
        "结论",
        "帕累托前沿",
        "结果已写入",
    ] {
        assert!(sweep.contains(said), "{said} not in:\n{sweep}");
    }
    assert!(
        !sweep.contains("Pareto") && !sweep.contains("verdict"),
        "{sweep}"
    );
    let optimize = stdout(&[
        "optimize",
        "--target",
        target,
        "--range",
        "pools.reviewer=1..=3",
        "--range",
        "pools.inspector=3..=4",
        "--out",
        &path("optimize"),
    ]);
    for said in ["岗位", "现状", "个配置", "结果已写入"] {
        assert!(optimize.contains(said), "{said} not in:\n{optimize}");
    }
    assert!(!optimize.contains("points evaluated"), "{optimize}");
    let fit = stdout(&[
        "fit",
        "scenarios/logs/county-sample.csv",
        "--check",
        "-r",
        "1",
        "--out",
        &path("fit.toml"),
        "--report",
        &path("fit.html"),
    ]);
    for said in [
        "读取",
        "情景已写入",
        "办电时长（天）",
        "全部类别",
        "仿真均值",
    ] {
        assert!(fit.contains(said), "{said} not in:\n{fit}");
    }
    let page = fs::read_to_string(dir.path().join("fit.html")).unwrap();
    assert!(page.contains(r#"<html lang="zh-CN""#), "{page}");
    assert!(page.contains("拟合情景与其日志对比") && page.contains("拟合的环节时长"));
    // Steps other than staffed work that end in office hours are fitted in working days,
    // and the page says so.
    assert!(page.contains("工作日"), "{page}");
    // The check's tables are on the page too, as in the terminal.
    assert!(
        page.contains("<th>仿真均值</th>")
            && page.contains("<td>全部类别</td>")
            && page.contains("<th>次数</th>"),
        "{page}"
    );
    // A step fitted per class shows each class's own density, the one the scenario draws.
    let scenario = fs::read_to_string(dir.path().join("fit.toml")).unwrap();
    assert!(
        scenario.contains("[stages.survey_lv.by_class.lv_residential]"),
        "{scenario}"
    );
    assert!(
        page.contains("<h3>survey_lv (现场勘查) · lv_residential</h3>"),
        "{page}"
    );
    let check = &fit[fit.find("办电时长（天）").unwrap()..];
    assert_table_aligned(&check[check.find('\n').unwrap() + 1..]);
    let sensitivity = stdout(&[
        "sensitivity",
        "scenarios/theory/tandem_rework.toml",
        "-r",
        "2",
        "--out",
        &path("sensitivity"),
    ]);
    for said in ["逐项改变", "输入", "相对变化", "结果已写入"] {
        assert!(sensitivity.contains(said), "{said} not in:\n{sensitivity}");
    }
    let page = fs::read_to_string(dir.path().join("sensitivity/report.html")).unwrap();
    assert!(
        page.contains("<h3>全部类别 · 办电时长（小时）</h3>"),
        "{page}"
    );
    assert!(page.contains("敏感性分析"), "{page}");
    // `report` says what such a folder holds instead of drawing it.
    for (folder, holds) in [
        ("optimize", "the results of optimize"),
        ("sensitivity", "the results of sensitivity"),
        ("sweep", "a sweep"),
    ] {
        expansim()
            .arg("report")
            .arg(dir.path().join(folder))
            .assert()
            .failure()
            .stderr(predicate::str::contains(holds));
    }
}

/// `verify` shows the interval its verdict reads: theory inside it (up to a percentile's
/// 0.2 % resolution) wherever a check passes; in Chinese, every quantity reads in Chinese.
#[test]
fn verify_shows_the_interval_its_verdict_reads() {
    let out = expansim()
        .args(["verify", "-q", "--lang", "zh"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.lines().next().unwrap().contains("99.9% 置信区间"),
        "{text}"
    );
    let chinese = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let mut rows = 0;
    for line in text.lines().filter(|l| l.starts_with("  ")) {
        let cells: Vec<&str> = line
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        let [label, theory, _, interval, verdict] = cells[..] else {
            panic!("{line}");
        };
        assert!(chinese(label), "{line}");
        let theory: f64 = theory.parse().unwrap();
        let (low, high) = interval
            .trim_matches(['[', ']'])
            .split_once(", ")
            .map(|(a, b)| (a.parse::<f64>().unwrap(), b.parse::<f64>().unwrap()))
            .unwrap();
        // A percentile's 0.2 % resolution, and a unit of the fourth decimal the table rounds to.
        let slack = 0.002 * theory.abs() + 1e-4;
        if verdict == "通过" {
            assert!(low - slack <= theory && theory <= high + slack, "{line}");
        }
        rows += 1;
    }
    assert!(rows >= 30, "{text}");
}

/// A class none of whose cases finished has no lead time, and neither have all classes:
/// they would be the other classes' alone, and look faster than before.
#[test]
fn all_classes_have_no_lead_time_when_a_class_finished_none() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("nf.toml");
    fs::write(&file, SCENARIO_ONE_CLASS_STUCK).unwrap();
    expansim()
        .arg("run")
        .arg(&file)
        .args(["-q", "--out"])
        .arg(tmp.path().join("o"))
        .assert()
        .success()
        .stderr(predicate::str::contains("of class `stuck`"));
    let summary = fs::read_to_string(tmp.path().join("o/summary.csv")).unwrap();
    let row = |class: &str, metric: &str| {
        summary
            .lines()
            .find(|l| l.starts_with(&format!("current,{class},{metric},,")))
            .unwrap_or_else(|| panic!("{class} {metric}: {summary}"))
            .split(',')
            .nth(5)
            .unwrap()
            .to_string()
    };
    assert!(!row("quick", "lead_time").is_empty());
    for metric in ["lead_time", "lead_time_p90", "rework_count"] {
        assert_eq!(row("stuck", metric), "", "{metric}");
        assert_eq!(row("all", metric), "", "{metric}");
    }
    // Counts of the run stay.
    assert!(!row("all", "throughput").is_empty());
}

const SCENARIO_ONE_CLASS_STUCK: &str = r#"[scenario]
name = "one class never finishes"
time_unit = "hour"
horizon = 100
warmup = 0
replications = 2
seed = 1

[pools]
desk = 2
slow = 1

[[classes]]
name = "quick"
arrival_rate = 1
start = "a"

[[classes]]
name = "stuck"
arrival_rate = 0.1
start = "b"

[stages.a]
pool = "desk"
duration = { dist = "exponential", mean = 0.5 }
next = "end"

[stages.b]
pool = "slow"
duration = { dist = "deterministic", value = 1000 }
next = "end"
"#;

/// A rate per working day set on the command line means another demand in a variant that
/// has the class arrive by another calendar: said, for that variant only.
#[test]
fn a_set_rate_that_changes_a_variants_demand_is_warned() {
    let tmp = tempfile::tempdir().unwrap();
    let set = "classes.lv_residential.arrival_rate=20/wd";
    for (variant, warned) in [("digital", true), ("merged", false)] {
        let out = expansim()
            .args([
                "compare",
                "-r",
                "1",
                "-q",
                "--variants",
                variant,
                "--set",
                set,
            ])
            .arg("--out")
            .arg(tmp.path().join(variant))
            .output()
            .unwrap();
        assert!(out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            stderr.contains(&format!(
                "variant {variant}: class `lv_residential` (低压居民) arrives 20.0 times per day in the long run, against 13.6 in the current process"
            )) && stderr.contains("no longer meet the same demand"),
            warned,
            "{stderr}"
        );
    }
    // Each class's warning names its own assignment.
    let out = expansim()
        .args(["compare", "-r", "1", "-q", "--variants", "digital"])
        .args(["--set", "classes.hv_dual.arrival_rate=0.2/wd", "--set", set])
        .arg("--out")
        .arg(tmp.path().join("both"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = |class: &str| {
        stderr
            .lines()
            .find(|l| l.contains(&format!("class `{class}` (")) && l.contains("arrives"))
            .unwrap_or_else(|| panic!("{class}: {stderr}"))
            .to_string()
    };
    assert!(line("lv_residential").contains(&format!("after --set {set}:")));
    assert!(line("hv_dual").contains("after --set classes.hv_dual.arrival_rate=0.2/wd:"));
    assert!(!stderr.contains("class `hv_single` ("), "{stderr}");
}

/// A problem outside the process graph (an unknown key, a bad pool size) does not hide the
/// graph's: a loop with no way out and an unreachable stage come in the same report; a
/// broken stage does hide them (its route is not known).
#[test]
fn graph_problems_are_reported_beside_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    let text = r#"
[scenario]
name = "loop"
time_unit = "hour"
horizon = 100
warmup = 20
replications = 2
seed = 1
colour = 2

[pools]
desk = 2
spare = -1

[[classes]]
name = "standard"
arrival_rate = 1
start = "a"

[stages.a]
pool = "desk"
duration = 0.1
next = "b"

[stages.b]
pool = "desk"
duration = 0.1
next = "a"

[stages.orphan]
pool = "desk"
duration = 0.1
next = "end"
"#;
    let file = tmp.path().join("loop.toml");
    fs::write(&file, text).unwrap();
    expansim()
        .arg("validate")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("scenario.colour")
                .and(predicate::str::contains("pools.spare"))
                .and(predicate::str::contains("form a loop with no way out"))
                .and(predicate::str::contains(
                    "stages.orphan: this stage is never reached",
                )),
        );
    fs::write(&file, text.replace("next = \"b\"", "next = \"bb\"")).unwrap();
    expansim()
        .arg("validate")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("did you mean \"b\"")
                .and(predicate::str::contains("never reached").not()),
        );
}

/// `--variants current` alone names the variants to compare it with.
#[test]
fn comparing_current_alone_names_the_variants() {
    let tmp = tempfile::tempdir().unwrap();
    expansim()
        .args(["compare", "--variants", "current", "-r", "1", "-q", "--out"])
        .arg(tmp.path().join("o"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--variants: current is always compared: name at least one variant beside it, one of: merged, one_stop",
        ));
}

/// Every unknown name in `--variants` is reported, each with its "did you mean", and
/// nothing is run.
#[test]
fn every_unknown_variant_is_named_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    expansim()
        .args([
            "compare",
            "--variants",
            "merged,nosuch,digtal",
            "-r",
            "1",
            "-q",
        ])
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("2 problems")
                .and(predicate::str::contains(
                    r#"--variants: no variant named "nosuch""#,
                ))
                .and(predicate::str::contains(
                    r#"--variants: no variant named "digtal" (did you mean "digital"?)"#,
                )),
        );
    assert!(!out.exists());
}

/// A calendar with a problem of its own is still defined: a misspelt reference to it gets
/// its name offered.
#[test]
fn a_broken_calendar_is_still_offered_for_a_misspelt_name() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("cal.toml");
    fs::write(
        &file,
        r#"
[scenario]
name = "calbad"
time_unit = "hour"
calendar = "offce"
horizon = 150
warmup = 0
replications = 1
seed = 1

[calendars.office]
hours = ["08:00-12:00", "11:00-13:00"]
days = ["mon", "tue"]

[pools]
desk = { size = 1, calendar = "ofice" }

[[classes]]
name = "c"
arrival_rate = 0.1
start = "work"

[stages.work]
pool = "desk"
duration = 1
next = "end"
"#,
    )
    .unwrap();
    expansim()
        .arg("validate")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("calendars.office: period 11:00-13:00 overlaps")
                .and(predicate::str::contains(
                    r#"scenario.calendar: no calendar named "offce" (did you mean "office"?); defined under [calendars]: office"#,
                ))
                .and(predicate::str::contains(r#"no calendar named "ofice" (did you mean "office"?)"#)),
        );
    // In Chinese, the day too.
    expansim()
        .arg("validate")
        .arg(&file)
        .args(["--lang", "zh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "calendars.office：星期一的时段 11:00-13:00 与 08:00-12:00 重叠",
        ));
}

/// A rate with a unit but no arrival calendar says what the unit needs.
#[test]
fn a_rate_per_working_day_without_its_calendar_says_what_it_needs() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("rate.toml");
    let text = SCENARIO_ONE_CLASS_STUCK.replace("arrival_rate = 1\n", "arrival_rate = \"8/wd\"\n");
    fs::write(&file, text).unwrap();
    expansim()
        .arg("validate")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(
                "classes[0].arrival_rate: a rate per working day or per open hour",
            )
            .and(predicate::str::contains("set `arrival_calendar`")),
        );
}

/// Every path of the command line that nothing has is reported at once, with a guess.
#[test]
fn every_mistyped_path_of_the_command_line_is_reported_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = expansim()
            .args(args)
            .args(["-r", "1", "-q", "--out"])
            .arg(tmp.path().join("o"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let err = run(&["run", "--set", "pools.revewer=1", "--set", "pools.fild=3"]);
    assert!(
        err.contains(
            r#"--set pools.revewer=1: `pools` has no `revewer` (did you mean "reviewer"?)"#
        ) && err.contains(r#"--set pools.fild=3: `pools` has no `fild` (did you mean "field"?)"#),
        "{err}"
    );
    let err = run(&[
        "sweep",
        "--vary",
        "pools.revewer=1,2",
        "--vary",
        "pools.fild=3,4",
    ]);
    assert!(
        err.contains("--vary pools.revewer: ") && err.contains("--vary pools.fild: "),
        "{err}"
    );
    let err = run(&[
        "optimize",
        "--target",
        "hv_single:limit_met_share>=0.95",
        "--range",
        "pools.revewer=1..=3",
    ]);
    assert!(
        err.contains(
            r#"--range pools.revewer: no pool named "revewer" (did you mean "reviewer"?)"#
        ),
        "{err}"
    );
}

/// A calendar file that cannot be read is one problem: what it would have given (the
/// office hours) and the classes and stages that keep that calendar are not reported
/// again. A pipe is not read without end.
#[test]
fn a_calendar_file_that_cannot_be_read_is_one_problem() {
    let dir = tempfile::tempdir().unwrap();
    let county = include_str!("../scenarios/county.toml");
    let include = r#"include = ["calendars/cn-2025.toml", "calendars/cn-2026.toml", "calendars/cn-2027.toml"]"#;
    assert!(county.contains(include));
    let mut files = vec![("missing", "nowhere.toml")];
    #[cfg(unix)]
    {
        let fifo = dir.path().join("fifo");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        files.push(("fifo", "fifo"));
    }
    for (name, file) in files {
        let path = dir.path().join(format!("{name}.toml"));
        fs::write(
            &path,
            county.replace(include, &format!(r#"include = ["{file}"]"#)),
        )
        .unwrap();
        let out = expansim()
            .arg("validate")
            .arg(&path)
            .timeout(std::time::Duration::from_secs(20))
            .assert()
            .code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(err.contains("has 1 problem:"), "{err}");
        assert!(err.contains("calendars.office.include"), "{err}");
    }
}

/// Options that would do nothing are refused: a replication limit without a precision to
/// reach, and targets judged at a 95% bound with one replication.
#[test]
fn options_that_would_do_nothing_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    expansim()
        .args(["run", "-q", "-r", "5", "--max-replications", "50", "--out"])
        .arg(dir.path().join("a"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--precision"));
    expansim()
        .args(["sweep", "-q", "-r", "1", "--vary", "pools.reviewer=2,3"])
        .args(["--target", "hv_single:limit_met_share>=0.9", "--out"])
        .arg(dir.path().join("b"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at least 2 replications"));
    assert!(!dir.path().join("a").exists() && !dir.path().join("b").exists());
}

/// The warm-up check of `--precision` warns of a transient past the warm-up, and not of
/// noise: the county started empty (warm-up 1 day) is warned of; an M/M/1 queue at 70 %
/// load with a warm-up of 200 h, five times its relaxation time 1/(√μ − √λ)² ≈ 38 h, is not,
/// on any of ten seeds. (MSER-5 on one replication's lead times warned on 13 of 60 seeds of
/// that queue; on the lead times averaged over five replications and with the cut checked
/// against every replication at 99 %, on none of 60.)
#[test]
fn the_warm_up_check_warns_of_a_transient_not_of_noise() {
    let dir = tempfile::tempdir().unwrap();
    let out = expansim()
        .args(["run", "-q", "-r", "3", "--precision", "0.05"])
        .args(["--set", "scenario.warmup=1", "--out"])
        .arg(dir.path().join("county"))
        .assert()
        .success();
    let said = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(said.contains("the warm-up looks too short"), "{said}");
    // The shipped M/M/1 at 70 % load, on a run of the tester's length.
    let mm1 = [
        "--set",
        "classes.customer.arrival_rate=0.7",
        "--set",
        "scenario.horizon=3000",
        "--set",
        "scenario.warmup=200",
        "--set",
        "scenario.replications=3",
    ];
    for seed in 1..=10 {
        let out = expansim()
            .args([
                "run",
                "-q",
                "--precision",
                "0.05",
                "--seed",
                &seed.to_string(),
            ])
            .args(mm1)
            .arg("--out")
            .arg(dir.path().join(format!("mm1-{seed}")))
            .arg("scenarios/theory/mm1_rho05.toml")
            .assert()
            .success();
        let said = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(!said.contains("warm-up"), "seed {seed}: {said}");
    }
}

#[test]
fn a_label_two_stages_carry_is_refused_naming_both_even_where_a_variant_drops_one() {
    // The county's two hand-offs are both labelled 资料流转; one_stop removes the LV one.
    for variant in [None, Some("one_stop")] {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = expansim();
        cmd.args([
            "run",
            "-q",
            "-r",
            "1",
            "--set",
            "stages.资料流转.duration=1h",
        ]);
        if let Some(v) = variant {
            cmd.args(["--variant", v]);
        }
        let out = cmd.arg("--out").arg(dir.path().join("o")).assert().code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(
            err.contains("names 2 entries of `stages` (handoff_check_lv, handoff_check_hv)")
                && !err.contains("--variant"),
            "{variant:?}: {err}"
        );
    }
}

#[test]
fn a_label_two_entries_carry_is_refused_by_vary_range_and_a_variants_set() {
    let dir = tempfile::tempdir().unwrap();
    let sweep = expansim()
        .args([
            "sweep",
            "-q",
            "-r",
            "1",
            "--vary",
            "stages.资料流转.delay=1h,2h",
        ])
        .arg("--out")
        .arg(dir.path().join("s"))
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&sweep.get_output().stderr).to_string();
    assert!(
        err.contains("names 2 entries of `stages` (handoff_check_lv, handoff_check_hv)")
            && err.contains("`stages.handoff_check_lv.delay`"),
        "{err}"
    );
    // Two pools labelled 审核, and a variant that sets a stage by a label two carry.
    let file = dir.path().join("two.toml");
    fs::write(
        &file,
        r#"
[scenario]
name = "two labelled alike"
time_unit = "hour"
horizon = 200
warmup = 20
replications = 2
seed = 1
[pools]
a = { size = 2, label = "审核", cost = 1 }
b = { size = 2, label = "审核", cost = 1 }
[[classes]]
name = "c"
arrival_rate = 0.5
start = "x"
[stages.x]
pool = "a"
label = "审"
duration = { dist = "exponential", mean = 1 }
next = "y"
[stages.y]
pool = "b"
label = "审"
duration = { dist = "exponential", mean = 1 }
next = "end"
"#,
    )
    .unwrap();
    let optimize = expansim()
        .args(["optimize", "-q", "--range", "pools.审核=1..=3"])
        .args(["--target", "c:lead_time_mean<=10"])
        .arg(&file)
        .arg("--out")
        .arg(dir.path().join("o"))
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&optimize.get_output().stderr).to_string();
    assert!(
        err.contains("names 2 entries of `pools` (a, b)") && err.contains("`pools.a`"),
        "{err}"
    );
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("[variants.v]\nset = { \"stages.审.duration.mean\" = 2 }\n");
    fs::write(&file, text).unwrap();
    let run = expansim()
        .args(["run", "-q", "--variant", "v"])
        .arg(&file)
        .arg("--out")
        .arg(dir.path().join("r"))
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(
        err.contains(r#"variants.v.set."stages.审.duration.mean""#)
            && err.contains("names 2 entries of `stages` (x, y)"),
        "{err}"
    );
}

#[test]
fn values_set_on_the_command_line_are_named_and_one_a_variant_cannot_take_is_warned() {
    let dir = tempfile::tempdir().unwrap();
    let run = expansim()
        .args(["run", "-r", "1", "--variant", "merged"])
        .args([
            "--set",
            "stages.check_lv.duration=3h",
            "--set",
            "pools.clerk=5",
        ])
        .arg("--out")
        .arg(dir.path().join("r"))
        .assert()
        .success();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&run.get_output().stdout).to_string(),
        String::from_utf8_lossy(&run.get_output().stderr).to_string(),
    );
    assert!(
        stdout
            .contains("values set on the command line: stages.check_lv.duration=3h; pools.clerk=5"),
        "{stdout}"
    );
    // `merged` joined the LV document check into the window: the first value is not its.
    assert!(
        stderr.contains("variant merged: --set stages.check_lv.duration=3h does not apply to this variant, which has no `stages.check_lv.duration` as the file names it")
            && !stderr.contains("--set pools.clerk=5 does not apply"),
        "{stderr}"
    );
    let show = expansim()
        .args(["show", "--variant", "merged", "--set", "pools.clerk=5"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&show.get_output().stdout).to_string();
    assert!(
        text.lines().nth(1) == Some("# values set on the command line: pools.clerk=5"),
        "{text}"
    );
}

#[test]
fn a_set_into_an_empty_table_or_unnamed_list_says_how_and_a_target_given_twice_is_refused() {
    let show = |set: &str| {
        let out = expansim().args(["show", "--set", set]).assert().code(2);
        String::from_utf8_lossy(&out.get_output().stderr).to_string()
    };
    let err = show("stages.review.by_class.hv_single.duration.mean=3");
    assert!(
        err.contains("`stages.review.by_class.hv_single` has no `duration` yet: set it whole, as `stages.review.by_class.hv_single.duration=...`"),
        "{err}"
    );
    let err = show("stages.construction_lv.next.p=0.5");
    assert!(
        err.contains("`stages.construction_lv.next` is a list of 2 entries without names: give the index of one, as `stages.construction_lv.next[0]`"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let sweep = expansim()
        .args(["sweep", "-q", "-r", "1", "--vary", "pools.reviewer=2,3"])
        .args(["--target", "hv_single:limit_met_share>=0.9"])
        .args(["--target", "高压单电源:limit_met_share>=0.9"])
        .arg("--out")
        .arg(dir.path().join("s"))
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&sweep.get_output().stderr).to_string();
    assert!(
        err.contains("given twice (perhaps once by label, once by key)"),
        "{err}"
    );
}

#[test]
fn an_output_folder_that_cannot_be_made_is_named_as_given() {
    // Its parent is a file: the error names the folder asked for, not the parent.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain");
    fs::write(&file, "mine").unwrap();
    let out = file.join("results");
    let run = expansim()
        .args(["run", "-q", "-r", "1", "--out"])
        .arg(&out)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(
        err.contains(&format!(
            "'{}' cannot be made: '{}' is a file",
            out.display(),
            file.display()
        )),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "mine");
}

#[test]
fn a_horizon_set_below_the_warm_up_is_blamed_on_its_set() {
    let dir = tempfile::tempdir().unwrap();
    let out = expansim()
        .args(["run", "-q", "--set", "scenario.horizon=10", "--out"])
        .arg(dir.path().join("o"))
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains(
            "--set scenario.horizon=10: scenario.warmup: must be shorter than the horizon (10)"
        ),
        "{err}"
    );
}

/// A scenario written in Chinese words: the time unit as in times ("天"), and a
/// distribution by its Chinese name pointed to the name to write.
#[test]
fn chinese_units_are_read_and_chinese_distribution_names_get_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let text = include_str!("../scenarios/theory/mm1_rho08.toml");
    let file = dir.path().join("zh.toml");
    fs::write(
        &file,
        text.replace(r#"time_unit = "hour""#, r#"time_unit = "小时""#),
    )
    .unwrap();
    expansim().arg("validate").arg(&file).assert().success();
    fs::write(
        &file,
        text.replace(r#"dist = "exponential""#, r#"dist = "指数分布""#),
    )
    .unwrap();
    expansim()
        .arg("validate")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            r#"unknown distribution "指数分布" (did you mean "exponential"?)"#,
        ));
}
