//! `expansim sensitivity`: every input changed one at a time, paired with the unchanged
//! scenario on common random numbers, ranked by effect; sensitivity.csv and the tornado page.

use std::fs;

use assert_cmd::Command;

/// Two stations in series, 2 jobs an hour: `a` (3 staff) serves in 1 h, `b` (4 staff) in 1 h
/// and sends 30 % of jobs round again, so it has 2.86 staff of work: a load of 0.71, and 0.95
/// with one fewer. Its staff, its time and the arrivals matter most.
const TANDEM: &str = r#"
[scenario]
name = "tandem"
time_unit = "hour"
horizon = 3000
warmup = 200
replications = 6
seed = 11

[pools]
a = { size = 3, cost = 100 }
b = { size = 4, cost = 37 }

[[classes]]
name = "job"
arrival_rate = 2
start = "first"

[stages.first]
pool = "a"
duration = { dist = "exponential", mean = 1 }
next = "second"

[stages.second]
pool = "b"
duration = { dist = "exponential", mean = 1 }
next = [{ to = "second", p = 0.3 }, { to = "end", p = 0.7 }]
"#;

#[test]
fn every_input_is_changed_paired_and_ranked() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("t.toml");
    fs::write(&s, TANDEM).unwrap();
    let out = dir.path().join("sens");
    let assert = Command::cargo_bin("expansim")
        .unwrap()
        .arg("sensitivity")
        .arg(&s)
        .args(["--quiet", "--delta", "0.1", "-o"])
        .arg(&out)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    // a: 3 → 2 staff puts its load at 1: not run, and said so.
    assert!(text.contains("a · staff (pools.a) -1"), "{text}");
    let mut r = csv::Reader::from_path(out.join("sensitivity.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let changes: std::collections::BTreeSet<String> = rows
        .iter()
        .map(|r| format!("{} {}", &r[0], &r[2]))
        .collect();
    for c in [
        "pools.a +1",
        "pools.b +1",
        "pools.b -1",
        "classes.job.arrival_rate +10%",
        "classes.job.arrival_rate -10%",
        "stages.first.duration +10%",
        "stages.second.duration -10%",
        "stages.second.next[0].p +10%",
        "stages.second.next[1].p -10%",
    ] {
        assert!(changes.contains(c), "{c} missing from {changes:?}");
    }
    // All classes' lead time: b's staff, b's time and the arrivals move it most, each in its
    // direction with a 95% interval that excludes zero (fixed seed: a deterministic check).
    let lead: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|r| &r[3] == "all" && &r[4] == "lead_time")
        .collect();
    let diff = |c: &str, step: &str| {
        let r = lead
            .iter()
            .find(|r| &r[0] == c && &r[2] == step)
            .unwrap_or_else(|| panic!("{c} {step}"));
        let f = |i: usize| r[i].parse::<f64>().unwrap();
        (f(8), f(9), f(10))
    };
    let (d, lo, _) = diff("pools.b", "-1");
    assert!(d > 0.0 && lo > 0.0, "one fewer at b: {d} [{lo}, ..]");
    let (d, _, hi) = diff("pools.b", "+1");
    assert!(d < 0.0 && hi < 0.0, "one more at b: {d} [.., {hi}]");
    let (up, lo, _) = diff("classes.job.arrival_rate", "+10%");
    assert!(up > 0.0 && lo > 0.0);
    let (d, _, hi) = diff("stages.second.duration", "-10%");
    assert!(d < 0.0 && hi < 0.0);
    // Ranked: the all-classes lead time rows come 1, 2, … by the size of their effect.
    let ranks: Vec<usize> = lead.iter().map(|r| r[12].parse().unwrap()).collect();
    assert_eq!(ranks, (1..=lead.len()).collect::<Vec<_>>());
    let sizes: Vec<f64> = lead
        .iter()
        .map(|r| r[8].parse::<f64>().unwrap().abs())
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    // Removing a member of b's staff does more than adding one to a, whose load is light.
    let (a_up, _, _) = diff("pools.a", "+1");
    assert!(diff("pools.b", "-1").0 > a_up.abs() * 5.0, "{a_up}");
    // The largest effect first on stdout, named by its label (the pool's name here).
    let first = text
        .lines()
        .skip_while(|l| !l.starts_with("input"))
        .nth(1)
        .unwrap();
    assert!(first.starts_with("b · staff"), "{text}");
    // The tornado page draws each input, named as a person reads it (the pool without a
    // label by its name, and what changed), under the class and metric.
    let page = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(page.contains(r#"data-input="b · staff""#), "{page}");
    assert!(page.contains("all classes · lead time (hours)"), "{page}");
    // The page says what was not run, and why, as the terminal does.
    assert!(
        page.contains("Not run, a pool's load would reach its capacity: a · staff -1"),
        "{page}"
    );
    // The terminal names it the same way, with the path to copy.
    assert!(
        text.contains("Not run, a pool's load would reach its capacity: a · staff (pools.a) -1"),
        "{text}"
    );
}

/// Two classes, one arriving by a renewal process, a class's own time at a stage, an
/// empirical time and a stage of no time: each time is an input, except the one of no time.
const INPUTS: &str = r#"
[scenario]
name = "inputs"
time_unit = "hour"
horizon = 2000
warmup = 100
replications = 4
seed = 5

[pools]
a = 4

[[classes]]
name = "small"
arrival_rate = 1
start = "first"

[[classes]]
name = "big"
arrival = { dist = "exponential", mean = 2 }
start = "first"

[stages.first]
pool = "a"
duration = { dist = "empirical", values = [0.5, 1, 2] }
next = "post"
[stages.first.by_class.big]
duration = { dist = "exponential", mean = 2 }

[stages.post]
external = true
duration = 0
next = "end"
"#;

/// Runs `sensitivity` on `scenario` with `--format json` and `args`, in `dir`; its JSON.
fn effects_json(dir: &std::path::Path, scenario: &str, args: &[&str]) -> serde_json::Value {
    let s = dir.join("t.toml");
    fs::write(&s, scenario).unwrap();
    let assert = Command::cargo_bin("expansim")
        .unwrap()
        .arg("sensitivity")
        .arg(&s)
        .args(["--quiet", "--format", "json", "--force", "-o"])
        .arg(dir.join("o"))
        .args(args)
        .assert()
        .success();
    serde_json::from_slice(&assert.get_output().stdout).unwrap()
}

/// Why `change` (`pools.a -1`) was not run.
fn not_run_why(json: &serde_json::Value, change: &str) -> String {
    json["not_run_why"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["change"] == change)
        .and_then(|w| w["why"].as_str())
        .unwrap_or_else(|| panic!("{change} not listed as not run: {json}"))
        .to_string()
}

/// The lead-time difference of `input` changed by `change` for `class`.
fn effect(json: &serde_json::Value, input: &str, change: &str, class: &str) -> f64 {
    json["effects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["input"] == input
                && e["change"] == change
                && e["class"] == class
                && e["metric"] == "lead_time"
        })
        .unwrap_or_else(|| panic!("{input} {change} {class} missing from {json}"))["difference"]
        .as_f64()
        .unwrap()
}

#[test]
fn class_times_renewal_arrivals_and_empirical_times_are_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("t.toml");
    let json = effects_json(dir.path(), INPUTS, &[]);
    let effect = |input: &str, change: &str, class: &str| effect(&json, input, change, class);
    // Longer times at `first` lengthen the lead time of the class they belong to.
    assert!(effect("stages.first.duration", "+20%", "small") > 0.0);
    assert!(effect("stages.first.by_class.big.duration", "+20%", "big") > 0.0);
    // More `big` arrivals (shorter gaps between them) load the pool.
    assert!(effect("classes.big.arrival", "+20%", "all") > 0.0);
    let inputs: Vec<&str> = json["effects"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["input"].as_str())
        .collect();
    assert!(!inputs.contains(&"stages.post.duration"), "{inputs:?}");
    // No class has a limit: there is no share within it to rank by.
    Command::cargo_bin("expansim")
        .unwrap()
        .arg("sensitivity")
        .arg(&s)
        .args(["--quiet", "--metric", "limit_met_share", "-o"])
        .arg(dir.path().join("p"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no class of the scenario has a `limit`",
        ));
}

/// A change's label is the change made: a rework probability capped at 0.99 and a branch
/// probability capped at 1 move by less than `--delta`, and a delta of 0.999 is not 100%.
#[test]
fn labels_say_the_change_made() {
    let scenario = r#"
[scenario]
name = "caps"
time_unit = "hour"
horizon = 400
warmup = 20
replications = 3
seed = 5

[pools]
a = 3

[[classes]]
name = "job"
arrival_rate = 0.5
start = "first"

[stages.first]
pool = "a"
duration = { dist = "exponential", mean = 0.5 }
next = { rework = "first", p = 0.9, max = 3, otherwise = "second" }

[stages.second]
pool = "a"
duration = { dist = "exponential", mean = 0.5 }
next = [{ to = "end", p = 0.9 }, { to = "second", p = 0.1 }]
"#;
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("t.toml");
    fs::write(&s, scenario).unwrap();
    let changes = |delta: &str| -> Vec<String> {
        let json = effects_json(dir.path(), scenario, &["--delta", delta]);
        let mut names: Vec<String> = json["effects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                format!(
                    "{} {}",
                    e["input"].as_str().unwrap(),
                    e["change"].as_str().unwrap()
                )
            })
            .collect();
        names.dedup();
        names
    };
    let names = changes("0.2");
    // 0.9 × 1.2 is capped at 0.99: a tenth more; 0.9 × 1.2 capped at 1: a ninth more.
    for expected in [
        "stages.first.next.p +10%",
        "stages.first.next.p -20%",
        "stages.second.next[0].p +11.1%",
        "stages.second.next[1].p +20%",
        "stages.first.duration -20%",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} not in {names:?}"
        );
    }
    let names = changes("0.999");
    assert!(
        names.iter().any(|n| n == "stages.first.duration -99.9%"),
        "{names:?}"
    );
    // Showing no input is refused.
    Command::cargo_bin("expansim")
        .unwrap()
        .arg("sensitivity")
        .arg(&s)
        .args(["--quiet", "--top", "0", "-o"])
        .arg(dir.path().join("c"))
        .assert()
        .code(2);
}

/// A pool of member groups changes as a whole: `pools.b +1` is five staff where it had four
/// (the first group takes the change), and `-1` three, as `--set pools.b=N` sets it; optimize
/// judges today's staffing at four.
#[test]
fn a_pool_of_member_groups_changes_by_one_member_in_all() {
    let grouped = TANDEM.replace(
        "b = { size = 4, cost = 37 }",
        r#"b = { cost = 37, members = [{ count = 3, label = "x" }, { count = 1, label = "y" }] }"#,
    );
    assert_ne!(grouped, TANDEM);
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("t.toml");
    let json = effects_json(dir.path(), &grouped, &[]);
    let effect = |change: &str| effect(&json, "pools.b", change, "all");
    // One more member shortens the lead time, one fewer (a load of 0.95) lengthens it.
    assert!(effect("+1") < 0.0 && effect("-1") > 0.0);
    let assert = Command::cargo_bin("expansim")
        .unwrap()
        .arg("optimize")
        .arg(&s)
        .args(["--quiet", "--target", "all:lead_time<=100", "-o"])
        .arg(dir.path().join("opt"))
        .assert()
        .success();
    let text = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(
        text.contains("Today's staffing (pools.a=3 pools.b=4)"),
        "{text}"
    );
}

/// A scenario whose queues grow without bound has no baseline to measure changes against:
/// refused, naming each overloaded pool and a size that carries its load, with nothing
/// written.
#[test]
fn an_unstable_scenario_is_refused_with_the_pools_to_fix() {
    // Station b has 2.86 staff of work; with 2 staff it is 143 % loaded.
    let unstable = TANDEM.replace("b = { size = 4, cost = 37 }", "b = { size = 2, cost = 37 }");
    assert_ne!(unstable, TANDEM);
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("t.toml");
    fs::write(&s, unstable).unwrap();
    let out = dir.path().join("out");
    let assert = Command::cargo_bin("expansim")
        .unwrap()
        .arg("sensitivity")
        .arg(&s)
        .args(["--quiet", "-o"])
        .arg(&out)
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        err.contains("pools.b") && err.contains("unstable") && err.contains("--set pools.b=3"),
        "{err}"
    );
    assert!(!out.join("sensitivity.csv").exists());
}

/// Changes that cannot be made are listed with why, not dropped: the last member of a pool,
/// a certain branch raised, a change too small to move a value as written; a certain branch
/// lowered gives the others what it gives up.
#[test]
fn changes_that_cannot_be_made_are_listed_with_why() {
    let scenario = r#"
[scenario]
name = "edges"
time_unit = "hour"
horizon = 400
warmup = 20
replications = 2
seed = 3

[pools]
solo = 1
b = 3

[[classes]]
name = "job"
arrival_rate = 0.3
start = "s1"

[stages.s1]
pool = "solo"
duration = { dist = "exponential", mean = 1 }
next = [{ to = "s2", p = 1.0 }, { to = "end", p = 0.0 }]

[stages.s2]
pool = "b"
duration = { dist = "exponential", mean = 1 }
next = "end"
"#;
    let dir = tempfile::tempdir().unwrap();
    let why = not_run_why;
    let json = effects_json(dir.path(), scenario, &[]);
    assert!(why(&json, "pools.solo -1").contains("at least one member"));
    assert!(why(&json, "stages.s1.next[0].p +20%").contains("at most 1"));
    // Lowered, the certain branch leaves 20 % to the other: more jobs end after s1.
    assert!(effect(&json, "stages.s1.next[0].p", "-20%", "all") < 0.0);
    let json = effects_json(dir.path(), scenario, &["--delta", "1e-9"]);
    assert!(why(&json, "stages.s1.duration +0.0000001%").contains("larger --delta"));
}

/// Each effect names its input by path (for `--set`) and by label (as the terminal and the
/// report show it), and its rank is a whole number; a change too small to move a probability
/// written to six decimals is left out as one of a time is; one replication, which gives no
/// interval, is refused.
#[test]
fn inputs_carry_their_labels_and_changes_that_move_nothing_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let json = effects_json(dir.path(), TANDEM, &["--delta", "0.1"]);
    let e = json["effects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["input"] == "stages.second.next[0].p")
        .unwrap();
    assert_eq!(e["label"], "second · → second probability", "{e}");
    // In Chinese without `·` and `→`, whose width Chinese consoles disagree on.
    let loaded = expansim::scenario::load_str(TANDEM, "t.toml", &[]).unwrap();
    let zh = expansim::sensitivity::input_label(
        &loaded.model,
        &loaded.document,
        "stages.second.next[0].p",
        expansim::i18n::Lang::Zh,
    );
    assert_eq!(zh, "second：转至second的概率");
    assert!(e["rank"].is_u64(), "{e}");
    let tiny = effects_json(dir.path(), TANDEM, &["--delta", "0.0000001"]);
    let not_run: Vec<&str> = tiny["not_run"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    for c in [
        "stages.second.next[0].p +0.00001%",
        "stages.second.next[1].p -0.00001%",
        "stages.first.duration +0.00001%",
    ] {
        assert!(not_run.contains(&c), "{c} not in {not_run:?}");
    }
    assert!(
        tiny["effects"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["input"].as_str().unwrap().starts_with("pools.")),
        "{tiny}"
    );
    let s = dir.path().join("t.toml");
    Command::cargo_bin("expansim")
        .unwrap()
        .arg("sensitivity")
        .arg(&s)
        .args(["--quiet", "-r", "1", "-o"])
        .arg(dir.path().join("one"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "needs at least 2 replications, got 1",
        ));
    assert!(!dir.path().join("one").exists());
}

/// A class's own routing at a stage is an input like the stage's, labelled with the class;
/// a class whose arrivals replay a trace has no rate to change and is listed as not run,
/// with why; `--top` sets the rows of every table, each class's too.
#[test]
fn a_class_routing_is_an_input_and_a_traced_class_is_said_not_run() {
    let scenario = r#"
[scenario]
name = "routes"
time_unit = "hour"
start_date = "2026-01-05"
horizon = 1000
warmup = 50
replications = 3
seed = 9

[pools]
a = 4

[[classes]]
name = "walk_in"
arrival_rate = 1
start = "first"

[[classes]]
name = "booked"
arrivals = { trace = "arrivals.csv" }
start = "first"

[stages.first]
pool = "a"
duration = { dist = "exponential", mean = 1 }
next = "end"
[stages.first.by_class.walk_in]
next = [{ to = "again", p = 0.5 }, { to = "end", p = 0.5 }]

[stages.again]
pool = "a"
duration = { dist = "exponential", mean = 1 }
next = "end"
"#;
    let dir = tempfile::tempdir().unwrap();
    // A booked customer every three hours.
    let trace: String = std::iter::once("time,class\n".to_string())
        .chain((0..300).map(|k| {
            let (day, hour) = (5 + k * 3 / 24, k * 3 % 24);
            format!("2026-01-{day:02} {hour:02}:00:00,booked\n")
        }))
        .take_while(|row| !row.starts_with("2026-01-32"))
        .collect();
    fs::write(dir.path().join("arrivals.csv"), trace).unwrap();
    let json = effects_json(dir.path(), scenario, &[]);
    // More walk-ins sent on to `again`: longer lead times for them.
    let input = "stages.first.by_class.walk_in.next[0].p";
    assert!(effect(&json, input, "+20%", "walk_in") > 0.0);
    let label = json["effects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["input"] == input)
        .and_then(|e| e["label"].as_str())
        .unwrap();
    assert_eq!(label, "first · → again probability (walk_in)");
    let why = not_run_why(&json, "classes.booked.arrivals +20%");
    assert!(why.contains("trace"), "{why}");
    // Rows of the walk-ins' table in the terminal: five by default, --top of them if given.
    let rows = |args: &[&str]| {
        let out = Command::cargo_bin("expansim")
            .unwrap()
            .arg("sensitivity")
            .arg(dir.path().join("t.toml"))
            .args(["--quiet", "--force", "-o"])
            .arg(dir.path().join("o"))
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8_lossy(&out).to_string();
        let table = text
            .split("Class walk_in, largest effect")
            .nth(1)
            .unwrap_or_else(|| panic!("no table of walk_in: {text}"));
        // The heading's rest, the column names, then a row per change up to a blank line.
        table
            .lines()
            .skip(2)
            .take_while(|l| !l.trim().is_empty())
            .count()
    };
    assert_eq!(rows(&[]), 5);
    assert_eq!(rows(&["--top", "7"]), 7);
}
