//! `expansim optimize` against the full grid of `expansim sweep`: on a tandem line, a network
//! with a rework loop, and the county restricted to three pools, the search returns the
//! grid's cheapest point that meets the targets, with the same replications per point, and
//! runs at most a quarter of the grid's replications.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

/// Two stations in series, 2 jobs an hour: `a` serves in 1 h, `b` in 0.8 h (exponential).
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
b = { size = 2, cost = 37 }

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
duration = { dist = "exponential", mean = 0.8 }
next = "end"
"#;

/// Intake and review with a rework loop: 30 % of reviews send the case back to intake.
const FEEDBACK: &str = r#"
[scenario]
name = "feedback"
time_unit = "hour"
horizon = 3000
warmup = 200
replications = 6
seed = 5

[pools]
clerk = { size = 2, cost = 50 }
reviewer = { size = 2, cost = 130 }

[[classes]]
name = "case"
arrival_rate = 1.5
start = "intake"

[stages.intake]
pool = "clerk"
duration = { dist = "exponential", mean = 0.9 }
next = "review"

[stages.review]
pool = "reviewer"
duration = { dist = "lognormal", mean = 1.1, sd = 0.6 }
next = { rework = "intake", p = 0.3, max = 3, otherwise = "end" }
"#;

fn expansim() -> Command {
    Command::cargo_bin("expansim").expect("binary builds")
}

/// The cheapest point of a sweep.csv whose verdict is `meets` (of equal costs, the one with
/// the lowest mean lead time of all classes, as `sweep` names it): its values and cost.
fn grid_best(dir: &Path, paths: usize) -> (Vec<String>, f64) {
    let mut r = csv::Reader::from_path(dir.join("sweep.csv")).unwrap();
    let header = r.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (class, metric, subject, mean) = (col("class"), col("metric"), col("subject"), col("mean"));
    let mut best: Option<(Vec<String>, f64, f64)> = None;
    for row in r.records() {
        let row = row.unwrap();
        let lead_time_row =
            &row[class] == "all" && &row[metric] == "lead_time" && row[subject].is_empty();
        if &row[paths + 1] != "meets" || !lead_time_row {
            continue;
        }
        let cost: f64 = row[paths].parse().unwrap();
        let lead: f64 = row[mean].parse().unwrap();
        if best
            .as_ref()
            .is_none_or(|(_, c, l)| cost < *c || (cost == *c && lead < *l))
        {
            best = Some(((0..paths).map(|i| row[i].to_string()).collect(), cost, lead));
        }
    }
    let (values, cost, _) = best.expect("the grid has a point that meets the targets");
    (values, cost)
}

/// Checks that optimize refuses the scenario at `scenario` with `ranges` (and a target on
/// the tandem's job), saying `message`, and writes nothing.
fn refused(scenario: &Path, ranges: &[&str], message: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut c = expansim();
    c.arg("optimize")
        .arg(scenario)
        .args(["--quiet", "--target", "job:lead_time<=2", "-o"])
        .arg(dir.path().join("o"));
    for r in ranges {
        c.args(["--range", r]);
    }
    c.assert()
        .code(2)
        .stderr(predicates::str::contains(message));
    assert!(!dir.path().join("o").exists());
}

/// The paths of the pools optimize.json in `out` says were searched.
fn searched(out: &Path) -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("optimize.json")).unwrap()).unwrap();
    json["pools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect()
}

/// Runs the grid and the search with the same replications; checks they agree and returns
/// the share of the grid's replications the search used.
fn check(
    scenario: Option<&str>,
    ranges: &[(&str, u32, u32)],
    targets: &[&str],
    extra: &[&str],
) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let mut common: Vec<String> = Vec::new();
    if let Some(text) = scenario {
        let p = dir.path().join("s.toml");
        fs::write(&p, text).unwrap();
        common.push(p.display().to_string());
    }
    common.push("--quiet".into());
    common.extend(extra.iter().map(|s| s.to_string()));
    for t in targets {
        common.push("--target".into());
        common.push(t.to_string());
    }
    let grid_dir = dir.path().join("grid");
    let mut sweep = expansim();
    sweep.arg("sweep").args(&common).arg("-o").arg(&grid_dir);
    for (p, lo, hi) in ranges {
        sweep.arg("--vary").arg(format!("{p}={lo}..={hi}"));
    }
    sweep.assert().success();
    let (best, cost) = grid_best(&grid_dir, ranges.len());

    let opt_dir = dir.path().join("opt");
    let mut opt = expansim();
    opt.arg("optimize").args(&common).arg("-o").arg(&opt_dir);
    for (p, lo, hi) in ranges {
        opt.arg("--range").arg(format!("{p}={lo}..={hi}"));
    }
    let out = opt.assert().success().get_output().stdout.clone();
    let text = String::from_utf8_lossy(&out);
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(opt_dir.join("optimize.json")).unwrap()).unwrap();
    for ((p, _, _), want) in ranges.iter().zip(&best) {
        assert_eq!(
            json["best"][*p].to_string(),
            *want,
            "{p}: the search and the grid disagree\n{text}"
        );
    }
    assert_eq!(json["cost"].as_f64().unwrap(), cost, "{text}");
    // What ran is recorded: events and cases of every replication the search ran.
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(opt_dir.join("run.json")).unwrap()).unwrap();
    let used = json["replications_used"].as_u64().unwrap();
    assert!(
        manifest["events"].as_u64().unwrap() > manifest["cases"].as_u64().unwrap()
            && manifest["cases"].as_u64().unwrap() >= used,
        "{manifest}"
    );
    // Every cheaper point that cannot take one more member of staff was checked; the answer
    // is confirmed when none of them stayed undecided.
    assert_eq!(json["cheaper_points_checked"], true, "{text}");
    let undecided = json["undecided"].as_array().unwrap();
    assert_eq!(json["confirmed"], undecided.is_empty(), "{text}");
    // What the sweep ran: every point of the ranges on the same replications.
    let used = json["replications_used"].as_f64().unwrap();
    let points: usize = ranges
        .iter()
        .map(|(_, lo, hi)| (hi - lo + 1) as usize)
        .product();
    let grid = points as f64 * json["replications_per_point"].as_f64().unwrap();
    // The search's own box starts at the load bounds, so it is no larger.
    assert!(json["grid_replications"].as_f64().unwrap() <= grid);
    // optimize.csv has a row per point evaluated.
    let rows = csv::Reader::from_path(opt_dir.join("optimize.csv"))
        .unwrap()
        .records()
        .count();
    assert_eq!(rows as u64, json["points_evaluated"].as_u64().unwrap());
    // Today's staffing: a point like the others, with its row of optimize.csv (its
    // replications counted), evaluated by the search or after it, as the table says.
    let today = &json["today"];
    let sizes: Vec<String> = ranges
        .iter()
        .map(|(p, _, _)| today["sizes"][*p].to_string())
        .collect();
    let mut reader = csv::Reader::from_path(opt_dir.join("optimize.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = reader.records().map(Result::unwrap).find(|r| {
        ranges
            .iter()
            .zip(&sizes)
            .all(|((p, _, _), s)| &r[col(p)] == s)
    });
    if today["verdict"] == "unstable" {
        // Over capacity: not simulated, so not a point of optimize.csv.
        assert!(row.is_none(), "{today}");
        assert_eq!(today["replications"], 0);
        assert!(text.contains("is over capacity"), "{text}");
    } else {
        let row = row.unwrap_or_else(|| panic!("today not in optimize.csv: {today}"));
        assert_eq!(
            row[col("replications")].parse::<u64>().ok(),
            today["replications"].as_u64()
        );
        match today["searched"].as_bool() {
            Some(true) => assert!(text.contains("a point of the search"), "{text}"),
            Some(false) => assert!(text.contains("evaluated after the search"), "{text}"),
            None => panic!("no today in optimize.json: {json}"),
        }
    }
    eprintln!("{text}\nreplications: {used} of the grid's {grid}");
    used / grid
}

#[test]
fn a_tandem_line_gets_the_grids_answer_with_a_quarter_of_its_replications() {
    let share = check(
        Some(TANDEM),
        &[("pools.a", 1, 8), ("pools.b", 1, 8)],
        &["all:lead_time<=2"],
        &[],
    );
    assert!(share <= 0.25, "{share}");
}

#[test]
fn a_network_with_rework_gets_the_grids_answer_with_a_quarter_of_its_replications() {
    let share = check(
        Some(FEEDBACK),
        &[("pools.clerk", 1, 9), ("pools.reviewer", 1, 9)],
        &["all:lead_time<=4.5", "all:waiting_time:review<=0.5"],
        &[],
    );
    assert!(share <= 0.25, "{share}");
}

#[test]
fn the_county_on_three_pools_gets_the_grids_answer_with_a_quarter_of_its_replications() {
    let share = check(
        None,
        &[
            ("pools.reviewer", 1, 6),
            ("pools.inspector", 2, 7),
            ("pools.metering", 2, 7),
        ],
        &[
            "hv_single:limit_met_share>=0.9",
            "lv_nonresidential:lead_time<=46",
        ],
        &["-r", "3", "--set", "pools.metering.cost=90000"],
    );
    assert!(share <= 0.25, "{share}");
}

#[test]
fn bad_ranges_and_targets_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.toml");
    fs::write(&p, TANDEM).unwrap();
    expansim()
        .arg("optimize")
        .arg(&p)
        .args([
            "--quiet",
            "--target",
            "job:lead_time<=2",
            "--range",
            "stages.first=1..=3",
        ])
        .arg("-o")
        .arg(dir.path().join("o"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("pools.a, pools.b"));
    expansim()
        .arg("optimize")
        .arg(&p)
        .args(["--quiet", "--target", "nobody:lead_time<=2"])
        .arg("-o")
        .arg(dir.path().join("o"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no class named \"nobody\""));
    // The load bound is above the range.
    expansim()
        .arg("optimize")
        .arg(&p)
        .args([
            "--quiet",
            "--target",
            "job:lead_time<=2",
            "--range",
            "pools.a=1..=2",
        ])
        .arg("-o")
        .arg(dir.path().join("o"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("at least 3 staff"));
    // Every problem at once: an unknown variant, class and pool, and a range below its bound.
    let err = expansim()
        .arg("optimize")
        .arg(&p)
        .args([
            "--quiet",
            "--variant",
            "nope",
            "--target",
            "nobody:lead_time<=2",
            "--target",
            "job:lead_tme<=2",
            "--target",
            "job:limit_met_share>=1.5",
        ])
        .args(["--range", "pools.zzz=1..=3", "--range", "pools.a=1..=2"])
        .arg("-o")
        .arg(dir.path().join("o"))
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8_lossy(&err);
    for said in [
        "6 problems",
        "no variant named \"nope\"",
        "no class named \"nobody\"",
        "\"lead_tme\" is not a metric (did you mean \"lead_time\"?)",
        "\"job:limit_met_share>=1.5\" can never be met",
        "--range pools.zzz",
        "at least 3 staff",
    ] {
        assert!(err.contains(said), "{said} not in: {err}");
    }
}

/// Values the command line refuses are named all at once, not only the first.
#[test]
fn every_bad_value_on_the_command_line_is_named() {
    for lang in ["en", "zh"] {
        let err = expansim()
            .args(["optimize", "--quiet", "--lang", lang])
            .args(["--target", "hv_single:limit_met_share=0.9"])
            .args(["--range=pools.reviewer=3..x", "--target", "lv:lead_time>=x"])
            .args(["-r", "0", "--range", "pools.inspector=2..=5"])
            .assert()
            .code(2)
            .get_output()
            .stderr
            .clone();
        let err = String::from_utf8_lossy(&err);
        for said in [
            "'hv_single:limit_met_share=0.9'",
            "'pools.reviewer=3..x'",
            "'lv:lead_time>=x'",
            "'0'",
        ] {
            assert!(err.contains(said), "{said} not in: {err}");
        }
        // The good one is not named.
        assert!(!err.contains("pools.inspector"), "{err}");
    }
}

/// A value that does not parse is named with the problems that need the scenario (an
/// unknown pool, class or variant), in optimize, sweep and sensitivity alike.
#[test]
fn a_value_that_does_not_parse_is_named_with_the_scenarios_problems() {
    let said = |args: &[&str]| {
        let err = expansim()
            .args(args)
            .args(["--quiet", "-o", "/nonexistent/never-written"])
            .assert()
            .code(2)
            .get_output()
            .stderr
            .clone();
        String::from_utf8_lossy(&err).to_string()
    };
    let err = said(&[
        "optimize",
        "--range",
        "pools.reviewer=5..=2",
        "--range",
        "pools.nope=1..=3",
        "--target",
        "hv_nope:limit_met_share>=0.9",
        "--target",
        "x",
    ]);
    for s in [
        "4 problems",
        "--range pools.reviewer=5..=2: the range \"5..=2\" is empty",
        "--range pools.nope: no pool named \"nope\"",
        "no class named \"hv_nope\"",
        "--target x: expected CLASS:METRIC>=VALUE",
    ] {
        assert!(err.contains(s), "{s} not in: {err}");
    }
    let err = said(&[
        "sweep",
        "--vary",
        "pools.inspector=1,,2",
        "--vary",
        "pools.nope=1..=2",
        "--variant",
        "zz",
    ]);
    for s in [
        "3 problems",
        "--vary pools.inspector=1,,2",
        "no variant named \"zz\"",
        "pools.nope",
    ] {
        assert!(err.contains(s), "{s} not in: {err}");
    }
    let err = said(&["sensitivity", "--delta", "3", "--metric", "foo"]);
    for s in ["2 problems", "--delta 3: expected a share", "--metric"] {
        assert!(err.contains(s), "{s} not in: {err}");
    }
    // Problems of the options alone are the command line's, not the (built-in) scenario's.
    assert!(
        err.contains("the command line has 2 problems:") && !err.contains("scenario '"),
        "{err}"
    );
    let err = said(&["sensitivity", "--metric", "foo", "--lang", "zh"]);
    assert!(err.contains("命令行有 1 处问题："), "{err}");
}

/// A target no staffing of the ranges meets is found at the largest staffing, which the
/// search runs first: it stops there, after a few replications, and names the target.
#[test]
fn a_target_the_largest_staffing_misses_ends_the_search_there() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.toml");
    fs::write(&p, TANDEM).unwrap();
    let out = dir.path().join("o");
    // Service alone takes 1.8 h on average: no staffing brings the mean lead time to 1 h.
    let stdout = expansim()
        .arg("optimize")
        .arg(&p)
        .args([
            "--quiet",
            "--target",
            "job:lead_time<=1",
            "--target",
            "job:lead_time_p90<=9",
        ])
        .args(["--range", "pools.a=3..=8", "--range", "pools.b=2..=8", "-o"])
        .arg(&out)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&stdout);
    assert!(
        text.contains("even the largest staffing (pools.a=8 pools.b=8) fails")
            && text.contains("missing job:lead_time<=1 (")
            && !text.contains("job:lead_time_p90<=9 ("),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("optimize.json")).unwrap()).unwrap();
    assert_eq!(json["best"], serde_json::Value::Null);
    assert_eq!(json["confirmed"], false);
    // The largest point and today's: no walk through the grid.
    assert!(json["points_evaluated"].as_u64().unwrap() <= 2, "{json}");
    assert!(json["replications_used"].as_u64().unwrap() <= 12, "{json}");
}

#[test]
fn of_equal_costs_the_search_names_the_point_the_grid_names() {
    // Both pools cost the same, so 3 + 4 and 4 + 3 staff cost alike; the grid names the one
    // with the lower mean lead time, and so must the search.
    let equal = TANDEM.replace("cost = 37", "cost = 100");
    let share = check(
        Some(&equal),
        &[("pools.a", 1, 8), ("pools.b", 1, 8)],
        &["job:lead_time<=2.2"],
        &[],
    );
    assert!(share <= 0.25, "{share}");
}

#[test]
fn a_pool_given_twice_or_a_list_with_gaps_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.toml");
    fs::write(&p, TANDEM).unwrap();
    refused(&p, &["pools.a=3..=8", "pools.a=4..=5"], "given twice");
    refused(&p, &["pools.a=3,5,7"], "give 3..=7");
}

/// The search's shortcuts rest on staffing more never making a target worse: a target that
/// more staff make worse is refused, naming the way it would work; so is a pool the search
/// leaves at a size below its load, with the size that carries it. Both at once.
#[test]
fn targets_more_staff_make_worse_and_an_overloaded_pool_left_out_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.toml");
    // b carries 1.6 staff of load: one is too few.
    fs::write(&p, TANDEM.replace("b = { size = 2,", "b = { size = 1,")).unwrap();
    let out = expansim()
        .arg("optimize")
        .arg(&p)
        .args([
            "--quiet",
            "--target",
            "all:utilization:a>=0.5",
            "--target",
            "job:limit_met_share<=0.9",
            "--target",
            "job:lead_time<=3",
            "--range",
            "pools.a=3..=6",
            "-o",
        ])
        .arg(dir.path().join("o"))
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let said = String::from_utf8_lossy(&out);
    assert!(
        said.contains("utilization falls as staff are added")
            && said.contains("give it as utilization<=")
            && said.contains("--target all:utilization:a>=0.5"),
        "{said}"
    );
    assert!(
        said.contains("limit_met_share rises as staff are added"),
        "{said}"
    );
    assert!(!said.contains("lead_time rises"), "{said}");
    assert!(
        said.contains("pools.b: offered load 1.60 staff-equivalents for 1 staff (160%)")
            && said.contains("--range pools.b=2..=7, or --set pools.b=2"),
        "{said}"
    );
    assert!(!dir.path().join("o").exists());
}

#[test]
fn a_budget_that_ends_early_says_so_and_lists_what_stayed_undecided() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.toml");
    fs::write(&p, TANDEM).unwrap();
    // optimize on the tandem with `args`, into `name`: what it printed, and optimize.json.
    let run = |name: &str, args: &[&str]| {
        let out = dir.path().join(name);
        let stdout = expansim()
            .arg("optimize")
            .arg(&p)
            .args(["--quiet", "--target", "job:lead_time<=2.2", "-o"])
            .arg(&out)
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let json: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(out.join("optimize.json")).unwrap()).unwrap();
        (String::from_utf8_lossy(&stdout).to_string(), json, out)
    };
    let ranges = ["--range", "pools.a=1..=8", "--range", "pools.b=1..=8"];
    let (text, json, out) = run(
        "o",
        &[&ranges[..], &["--budget-replications", "5"]].concat(),
    );
    assert!(text.contains("budget ran out"), "{text}");
    assert!(!text.contains("No point of the ranges meets"), "{text}");
    assert_eq!(json["out_of_budget"], true);
    // The batches stop at the budget, and every point listed ran.
    assert_eq!(json["replications_used"].as_u64(), Some(5), "{json}");
    let mut r = csv::Reader::from_path(out.join("optimize.csv")).unwrap();
    let reps = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "replications")
        .unwrap();
    let mut undecided = 0;
    for row in r.records() {
        let row = row.unwrap();
        assert_ne!(&row[reps], "0", "{row:?}");
        undecided += usize::from(row.iter().any(|f| f == "undecided"));
    }
    assert_eq!(
        json["undecided"].as_array().unwrap().len(),
        undecided,
        "{json}"
    );
    // Today's staffing (3 + 2, the load bounds) is the search's first point after the
    // largest: reported with what the budget let it run, in the table and in optimize.json.
    assert!(
        json["today"]["replications"]
            .as_u64()
            .is_some_and(|r| r > 0),
        "{json}"
    );
    assert_eq!(json["today"]["searched"], true, "{json}");
    assert!(!text.contains("not evaluated"), "{text}");
    // A budget that ends before today's staffing is reached: `"today": null`, and said.
    let (text, json, _) = run(
        "o2",
        &["--range", "pools.a=4..=8", "--budget-replications", "2"],
    );
    assert!(
        text.contains("Today's staffing was not evaluated"),
        "{text}"
    );
    assert!(json["today"].is_null(), "{json}");
}

/// Without any cost, every pool is sized and points are ranked by head count; the grid
/// of `sweep` over the same pools names the same point.
#[test]
fn without_costs_every_pool_is_sized_by_head_count() {
    let free = TANDEM
        .replace("a = { size = 3, cost = 100 }", "a = { size = 3 }")
        .replace("b = { size = 2, cost = 37 }", "b = { size = 2 }");
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.toml");
    fs::write(&p, &free).unwrap();
    let out = dir.path().join("o");
    expansim()
        .arg("optimize")
        .arg(&p)
        .args(["--quiet", "--target", "job:lead_time<=2", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(searched(&out), ["pools.a", "pools.b"]);
    check(
        Some(&free),
        &[("pools.a", 3, 8), ("pools.b", 2, 7)],
        &["job:lead_time<=2"],
        &[],
    );
}

/// A Chinese planner names pools by their labels: `--range` and sweep's `--vary` take them,
/// and the results name each pool by its key, so both files line up; a pool named once by
/// key and once by label is given twice.
#[test]
fn pools_may_be_named_by_their_labels() {
    let labelled = TANDEM
        .replace(
            "a = { size = 3, cost = 100 }",
            r#"a = { size = 3, cost = 100, label = "受理" }"#,
        )
        .replace(
            "b = { size = 2, cost = 37 }",
            r#"b = { size = 2, cost = 37, label = "审核" }"#,
        );
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.toml");
    fs::write(&p, &labelled).unwrap();
    let (search, grid) = (dir.path().join("o"), dir.path().join("g"));
    expansim()
        .arg("optimize")
        .arg(&p)
        .args(["--quiet", "-r", "2", "--target", "job:lead_time<=2"])
        .args([
            "--range",
            "pools.受理=3..=4",
            "--range",
            "pools.审核=2..=3",
            "-o",
        ])
        .arg(&search)
        .assert()
        .success();
    assert_eq!(searched(&search), ["pools.a", "pools.b"]);
    expansim()
        .arg("sweep")
        .arg(&p)
        .args(["--quiet", "-r", "2", "--vary", "pools.审核=2,3", "-o"])
        .arg(&grid)
        .assert()
        .success();
    let header = fs::read_to_string(grid.join("sweep.csv")).unwrap();
    assert!(header.starts_with("pools.b,"), "{header}");
    // Once by key, once by label; and a name that is neither lists keys with labels.
    refused(&p, &["pools.a=3..=8", "pools.受理=4..=5"], "given twice");
    refused(&p, &["pools.设计=3..=8"], "pools: a (受理), b (审核)");
}

/// The budget can end the greedy walk up from the load bounds before it reaches a point
/// that meets, after the largest staffing met on all its replications (the target set
/// between its 95% bound on 6 replications, 1.801 h, and its 99% bound on 5, 1.818 h, so
/// it is judged on all 6): that point is the answer found, not "none".
#[test]
fn a_budget_that_ends_the_walk_still_names_the_point_found_to_meet() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.toml");
    fs::write(&p, TANDEM).unwrap();
    let out = dir.path().join("o");
    let assert = expansim()
        .arg("optimize")
        .arg(&p)
        .args(["--quiet", "--target", "job:lead_time<=1.81"])
        .args(["--range", "pools.a=3..=8", "--range", "pools.b=2..=8"])
        .args(["--budget-replications", "10", "-o"])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("optimize.json")).unwrap()).unwrap();
    assert_eq!(json["best"]["pools.a"], 8, "{json}");
    assert_eq!(json["best"]["pools.b"], 8, "{json}");
    assert_eq!(json["confirmed"], false, "{json}");
    assert!(!stdout.contains("before any point was shown"), "{stdout}");
    let csv = fs::read_to_string(out.join("optimize.csv")).unwrap();
    assert!(csv.contains("\n8,8,1096,6,meets,"), "{csv}");
}
