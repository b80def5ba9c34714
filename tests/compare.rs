//! Redesign operators, common random numbers and paired comparison.
//!
//! The operator tests use a process in which no case ever waits: one case every 100 h,
//! deterministic durations, so every lead time is known to the hour.

use assert_cmd::Command;
use expansim::compare::{Row, paired};
use expansim::export::VariantResult;
use expansim::replication::{self, RunResult};
use expansim::scenario::{self, Loaded, Model};
use expansim::stats::{summarize, welch_difference};
use predicates::prelude::PredicateBooleanExt;

/// Classes `a` and `b` pass: desk 2 h → paper hand-off 1 h → back 3 h → sign 0.5 h.
fn exact(variants: &str) -> Loaded {
    let text = format!(
        r#"
[scenario]
name = "exact"
time_unit = "hour"
horizon = 2000
warmup = 0
replications = 3
seed = 7

[pools]
desk = 2
back = 2
sign = 2

[[classes]]
name = "a"
arrival = {{ dist = "deterministic", value = 100 }}
start = "desk"

[[classes]]
name = "b"
arrival = {{ dist = "deterministic", value = 100 }}
start = "desk"

[stages.desk]
pool = "desk"
duration = 2
next = "paper"

[stages.paper]
handoff = true
duration = 1
next = "back"

[stages.back]
pool = "back"
duration = 3
next = "sign"

[stages.sign]
pool = "sign"
duration = 0.5
next = "end"

{variants}
"#
    );
    scenario::load_str(&text, "exact.toml", &[]).expect("valid scenario")
}

fn run(model: &Model) -> RunResult {
    replication::run(model, 0..model.settings.replications, 1, &|| {})
}

fn view<'a>(name: &'a str, model: &'a Model, result: &'a RunResult) -> VariantResult<'a> {
    VariantResult {
        name,
        model,
        result,
    }
}

/// Runs `current` and variant `name` and returns the comparison rows.
fn compare(loaded: &Loaded, name: &str) -> Vec<Row> {
    let variant = loaded.variant(name).expect("variant exists");
    let (b, v) = (run(&loaded.model), run(&variant.model));
    paired(
        &view("current", &loaded.model, &b),
        &view(name, &variant.model, &v),
    )
}

fn lead(rows: &[Row], class: &str) -> (f64, f64) {
    let r = rows
        .iter()
        .find(|r| r.class == class && r.metric == "lead_time")
        .expect("lead time row");
    (r.baseline_mean, r.variant_mean)
}

fn has_stage(rows: &[Row], class: &str, stage: &str) -> bool {
    rows.iter()
        .any(|r| r.class == class && r.metric == "touch_time" && r.subject == stage)
}

fn close(x: f64, y: f64) -> bool {
    (x - y).abs() < 1e-9
}

#[test]
fn parallel_stages_take_the_longest_not_the_sum() {
    // back (3 h) and sign (0.5 h) concurrently: desk 2 + paper 1 + max(3, 0.5) = 6 h
    // instead of 6.5 h.
    let l = exact(
        r#"[variants.p]
parallel = { stages = ["back", "sign"] }"#,
    );
    let rows = compare(&l, "p");
    assert_eq!(lead(&rows, "a"), (6.5, 6.0));
    let m = &l.variant("p").unwrap().model;
    assert!(
        m.stages
            .iter()
            .any(|s| matches!(s.route, expansim::scenario::model::Route::Fork { .. }))
    );
}

#[test]
fn parallel_of_two_and_three_hours_takes_three() {
    let l = exact(
        r#"[variants.p]
parallel = { stages = ["desk", "back"] }"#,
    );
    let v = l.variant("p").unwrap();
    let r = run(&v.model);
    let k = r
        .kpis
        .iter()
        .position(|k| k.class.is_none() && k.metric == expansim::metrics::Metric::LeadTime)
        .unwrap();
    // The hand-off between them disappears: max(2, 3) + sign 0.5 = 3.5 h, against
    // 2 + 1 + 3 + 0.5 = 6.5 h in sequence.
    for values in &r.values {
        assert!(close(values[k], 3.5), "{}", values[k]);
    }
}

#[test]
fn merge_removes_the_handoff_between_the_merged_stages() {
    let l = exact(
        r#"[variants.m]
merge = { stages = ["desk", "back"], duration = 4 }"#,
    );
    let rows = compare(&l, "m");
    // One 4 h step and sign 0.5 h; the 1 h hand-off is gone.
    assert_eq!(lead(&rows, "a"), (6.5, 4.5));
    assert!(has_stage(&rows, "a", "desk"));
    let v = &l.variant("m").unwrap().model;
    assert!(
        v.stages
            .iter()
            .all(|s| s.name != "paper" && s.name != "back")
    );
}

#[test]
fn remove_drops_the_stage_for_the_named_classes_only() {
    let l = exact(
        r#"[variants.r]
remove = { stages = ["back"], classes = ["b"] }"#,
    );
    let v = l.variant("r").unwrap();
    let (b, r) = (run(&l.model), run(&v.model));
    let rows = paired(&view("current", &l.model, &b), &view("r", &v.model, &r));
    assert_eq!(lead(&rows, "a"), (6.5, 6.5));
    assert_eq!(lead(&rows, "b"), (6.5, 3.5));
    // The variant reports `back` for class a, not for class b.
    let names = |res: &RunResult, m: &Model, class: &str| -> Vec<String> {
        res.kpis
            .iter()
            .filter(|k| k.class_name(m) == class && k.subject_name(m) == "back")
            .map(|k| k.metric.name().to_string())
            .collect()
    };
    assert_eq!(names(&r, &v.model, "a"), ["waiting_time", "touch_time"]);
    assert!(names(&r, &v.model, "b").is_empty());
    assert_eq!(names(&b, &l.model, "b"), ["waiting_time", "touch_time"]);
}

#[test]
fn digital_handoff_replaces_the_delay() {
    let l = exact(
        r#"[variants.d]
digital_handoff = { delay = 0.05 }"#,
    );
    let rows = compare(&l, "d");
    let (b, v) = lead(&rows, "b");
    assert!(close(b - v, 0.95), "{b} {v}");
}

#[test]
fn one_stop_changes_the_named_classes_only() {
    let l = exact(
        r#"[variants.o]
one_stop = { classes = ["a"], stages = ["desk", "back"], pool = "sign", name = "visit", duration = 2.5 }"#,
    );
    let rows = compare(&l, "o");
    assert_eq!(lead(&rows, "a"), (6.5, 3.0));
    assert_eq!(lead(&rows, "b"), (6.5, 6.5));
    assert!(has_stage(&rows, "b", "desk") && !has_stage(&rows, "a", "desk"));
}

#[test]
fn set_changes_a_value_by_path() {
    let l = exact(
        r#"[variants.s]
set = { "stages.sign.duration" = 1.5 }"#,
    );
    assert_eq!(lead(&compare(&l, "s"), "a"), (6.5, 7.5));
}

#[test]
fn a_variant_identical_to_current_differs_by_exactly_zero() {
    // A queueing scenario with random everything; the variant sets values to what they are.
    let text = std::fs::read_to_string("scenarios/theory/tandem_rework.toml").unwrap();
    let text =
        format!("{text}\n[variants.same]\nset = {{ \"pools.review\" = 3, \"pools.desk\" = 4 }}\n");
    let l = scenario::load_str(&text, "same.toml", &["scenario.horizon=3000".into()]).unwrap();
    let v = l.variant("same").unwrap();
    assert_eq!(
        v.model, l.model,
        "the variant should resolve to the same model"
    );
    let rows = compare(&l, "same");
    assert!(rows.len() > 10);
    for r in &rows {
        assert_eq!(
            r.difference.mean, 0.0,
            "{} {} {}",
            r.class, r.metric, r.subject
        );
        assert_eq!(r.difference.ci95_low, 0.0);
        assert_eq!(r.difference.ci95_high, 0.0);
        assert_eq!(r.significant, Some(false));
    }
}

#[test]
fn rounding_noise_is_no_difference_but_a_small_real_one_is() {
    // The same values summed in another order differ in their last bits: such a difference
    // is 0 and not significant, whatever its sign pattern; one of a millionth is kept.
    let text = std::fs::read_to_string("scenarios/theory/tandem_rework.toml").unwrap();
    let l = scenario::load_str(&text, "t.toml", &["scenario.horizon=2000".into()]).unwrap();
    let base = run(&l.model);
    let shifted = |factor: f64| {
        let mut r = base.clone();
        for row in &mut r.values {
            for x in row.iter_mut() {
                *x *= factor;
            }
        }
        r
    };
    let (noise, real) = (shifted(1.0 + 4.0 * f64::EPSILON), shifted(1.0 + 1e-6));
    let rows = |other: &RunResult| {
        paired(
            &view("current", &l.model, &base),
            &view("v", &l.model, other),
        )
    };
    let noisy = rows(&noise);
    assert!(noisy.len() > 10);
    for r in &noisy {
        assert_eq!(r.difference.mean, 0.0, "{} {}", r.metric, r.subject);
        assert_eq!(r.significant, Some(false), "{} {}", r.metric, r.subject);
    }
    let lead = rows(&real)
        .into_iter()
        .find(|r| r.metric == "lead_time" && r.class == "all")
        .unwrap();
    assert!(lead.difference.mean > 0.0 && lead.significant == Some(true));
}

#[test]
fn common_random_numbers_narrow_the_interval_at_least_threefold() {
    // The county scenario's `merged` redesign, overall mean lead time, 20 replications (a
    // redesign that keeps the arrivals: `digital` moves them online, round the clock, so its
    // pairs share only the order of arrivals, not their times).
    let l = scenario::load_county(&[]).unwrap();
    let v = l.variant("merged").unwrap();
    let base = run(&l.model);
    let same_streams = run(&v.model);
    let mut other = v.model.clone();
    other.settings.seed += 1_000_003;
    let independent = run(&other);
    let k = expansim::metrics::Kpi {
        class: None,
        metric: expansim::metrics::Metric::LeadTime,
        subject: expansim::metrics::Subject::None,
    };
    let col = |r: &RunResult| r.column(&k).unwrap();
    let diffs: Vec<f64> = col(&same_streams)
        .iter()
        .zip(col(&base))
        .map(|(v, b)| v - b)
        .collect();
    let crn = summarize(&diffs);
    let (d, lo, hi) = welch_difference(&col(&base), &col(&independent));
    let crn_width = crn.ci95_high - crn.ci95_low;
    let ind_width = hi - lo;
    println!(
        "lead time difference, common random numbers: {:.3} [{:.3}, {:.3}] (width {crn_width:.4})",
        crn.mean, crn.ci95_low, crn.ci95_high
    );
    println!("independent streams (Welch): {d:.3} [{lo:.3}, {hi:.3}] (width {ind_width:.4})");
    println!("ratio {:.1}", ind_width / crn_width);
    assert!(
        ind_width >= 3.0 * crn_width,
        "CRN interval {crn_width} is not 3x narrower than independent {ind_width}"
    );
}

fn expansim() -> Command {
    Command::cargo_bin("expansim").expect("binary builds")
}

/// Rows of replications.csv for one variant, without the variant column.
fn replication_rows(file: &std::path::Path, variant: &str) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_path(file).unwrap();
    r.records()
        .map(|x| x.unwrap())
        .filter(|x| &x[0] == variant)
        .map(|x| x.iter().skip(1).map(str::to_string).collect())
        .collect()
}

#[test]
fn show_variant_output_runs_to_the_same_results_as_inside_compare() {
    let dir = tempfile::tempdir().unwrap();
    let shown = dir.path().join("merged.toml");
    let out = expansim()
        .args([
            "show",
            "--variant",
            "all_reforms",
            "--set",
            "scenario.horizon=400",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    std::fs::write(&shown, out).unwrap();
    let cmp = dir.path().join("cmp");
    let single = dir.path().join("single");
    expansim()
        .args(["compare", "--quiet", "-r", "3", "--variants", "all_reforms"])
        .args(["--set", "scenario.horizon=400", "--out"])
        .arg(&cmp)
        .assert()
        .success();
    expansim()
        .args(["run", "--quiet", "-r", "3", "--out"])
        .arg(&single)
        .arg(&shown)
        .assert()
        .success();
    let a = replication_rows(&cmp.join("replications.csv"), "all_reforms");
    let b = replication_rows(&single.join("replications.csv"), "current");
    assert!(a.len() > 100);
    assert_eq!(a, b);
}

#[test]
fn compare_writes_the_comparison_file_and_a_table_per_class() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c");
    expansim()
        .args([
            "compare",
            "--quiet",
            "-r",
            "3",
            "--set",
            "scenario.horizon=300",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicates::str::contains("Mean lead time by class"))
        .stdout(predicates::str::contains(
            "\nhv_single (高压单电源)\nvariant ",
        ))
        .stdout(predicates::str::contains("all_reforms"));
    let text = std::fs::read_to_string(out.join("comparison.csv")).unwrap();
    assert!(text.starts_with(
        "variant,baseline,class,metric,subject,unit,baseline_mean,variant_mean,difference,ci95_low,ci95_high,relative_change,significant\n"
    ));
    for v in [
        "merged",
        "one_stop",
        "parallel_review",
        "digital",
        "all_reforms",
    ] {
        assert!(
            text.contains(&format!("\n{v},current,hv_single,lead_time,")),
            "{v}"
        );
    }
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(
        summary.contains("\ncurrent,all,lead_time,")
            && summary.contains("\ndigital,all,lead_time,")
    );
}

#[test]
fn unknown_variants_are_refused_with_the_names_there_are() {
    for args in [
        vec!["compare", "--variants", "digtal"],
        vec!["show", "--variant", "digtal"],
        vec!["run", "--variant", "digtal"],
    ] {
        expansim()
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("did you mean \"digital\""))
            // The command line's problem, not one of the scenario file.
            .stderr(predicates::str::contains("problem").not());
    }
}

/// A variant is named by its key or by its label, which is what a planner reads in every
/// table; named twice, it runs once.
#[test]
fn a_variant_is_named_by_its_label_too() {
    let l = scenario::load_county(&[]).unwrap();
    let merged = l.variant("受理审核合并").unwrap();
    assert_eq!(merged.name, "merged");
    let study = expansim::study::Study::load(expansim::study::Source::County, &[])
        .unwrap()
        .compare(&["受理审核合并".to_string(), "merged".to_string()])
        .unwrap();
    let names: Vec<&str> = study.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["current", "merged"]);
    // A name near a label is suggested; the variants are listed with their labels.
    let refused = l.variant("受理审核").unwrap_err().to_string();
    assert!(
        refused.contains(r#"(did you mean "受理审核合并"?)"#)
            && refused.contains("its variants: merged (受理审核合并), one_stop (低压一站式)"),
        "{refused}"
    );
    // A label two variants share names neither: it says so, and suggests no label.
    let text = include_str!("../scenarios/county.toml")
        .replace(r#"label = "低压一站式""#, r#"label = "受理审核合并""#);
    let shared = scenario::load_str(&text, "county.toml", &[]).unwrap();
    let refused = shared.variant("受理审核合并").unwrap_err().to_string();
    assert!(
        refused.contains(r#"no variant named "受理审核合并" (the label of merged, one_stop: name one by its key)"#),
        "{refused}"
    );
}

/// A route to a misspelt stage cuts off the stages after it; the variants that name those
/// stages are not reported one by one as well.
#[test]
fn a_misspelt_route_is_one_problem_not_one_per_variant() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("county.toml");
    let text = include_str!("../scenarios/county.toml");
    assert!(text.contains(r#"next = "handoff_check_lv""#));
    std::fs::write(
        &file,
        text.replace(
            r#"next = "handoff_check_lv""#,
            r#"next = "handoff_chek_lv""#,
        ),
    )
    .unwrap();
    let out = expansim().arg("validate").arg(&file).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("has 1 problem:"), "{err}");
    assert!(err.contains(r#"did you mean "handoff_check_lv""#), "{err}");
}

/// A class so rare that some replications finish none of its cases pairs fewer
/// replications than the others: the table says how many each variant pairs, since its
/// lead times are then over different replications and need not differ by the difference.
#[test]
fn a_class_missing_from_some_replications_says_its_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rare.toml");
    std::fs::write(
        &file,
        r#"
[scenario]
name = "rare"
time_unit = "hour"
horizon = 600
warmup = 100
replications = 30
seed = 3

[pools]
desk = 2

[[classes]]
name = "common"
arrival_rate = 1
start = "s"

[[classes]]
name = "rare"
arrival_rate = 0.003
start = "s"

[stages.s]
pool = "desk"
duration = { dist = "exponential", mean = 1.5 }
next = "end"

[variants.norare]
set = { "classes.rare.arrival_rate" = 0.001 }
"#,
    )
    .unwrap();
    let out = expansim()
        .args(["compare", "--quiet", "-j", "1", "--out"])
        .arg(dir.path().join("out"))
        .arg(&file)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    // Where the pairs come from: comparison.csv's rows are over them.
    let rows = std::fs::read_to_string(dir.path().join("out/replications.csv")).unwrap();
    let header: Vec<&str> = rows.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let finished = |v: &str| -> Vec<String> {
        rows.lines()
            .skip(1)
            .map(|l| l.split(',').collect::<Vec<_>>())
            .filter(|f| f[col("variant")] == v && f[col("class")] == "rare")
            .filter(|f| f[col("metric")] == "lead_time" && !f[col("value")].is_empty())
            .map(|f| f[col("replication")].to_string())
            .collect()
    };
    let (a, b) = (finished("current"), finished("norare"));
    let both = b.iter().filter(|r| a.contains(r)).count();
    assert!(both < 30, "every replication has a rare case: {text}");
    assert!(
        text.contains(&format!("pairs: norare {both}, of 30")),
        "{both} pairs:\n{text}"
    );
    // The classes every replication has need no note.
    assert_eq!(text.matches("pairs:").count(), 1, "{text}");
}
