//! The library API a program of its own uses (`expansim::study`): what it returns is what
//! the commands write, warnings reach the caller's `Progress` and the outcome, a run that
//! cannot keep up is an error, and a `--set` is refused where the command line refuses it.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use assert_cmd::Command;
use expansim::error::{Error, ScenarioError};
use expansim::metrics::Metric;
use expansim::study::{Outcome, Progress, Replications, Silent, Source, Study};

/// One desk, exponential arrivals at `rate` an hour and service of mean 1 h (an M/M/1
/// queue at load `rate`), and a step of `after` hours without staff after it.
fn desk(rate: f64, after: f64, replications: u32) -> String {
    format!(
        r#"
[scenario]
name = "one desk"
time_unit = "hour"
horizon = 2000
warmup = 100
replications = {replications}
seed = 5

[pools]
desk = 1

[[classes]]
name = "customer"
arrival_rate = {rate}
start = "serve"

[stages.serve]
pool = "desk"
duration = {{ dist = "exponential", mean = 1 }}
next = "post"

[stages.post]
external = true
duration = {{ dist = "deterministic", value = {after} }}
next = "end"
"#
    )
}

/// What a caller's progress is told.
#[derive(Default)]
struct Heard {
    starts: Mutex<Vec<u64>>,
    advances: AtomicU64,
    warnings: Mutex<Vec<String>>,
    /// Stop once this many replications are done.
    stop_after: Option<u64>,
}

impl Progress for Heard {
    fn start(&self, total: u64, _message: &str) {
        self.starts.lock().unwrap().push(total);
    }
    fn advance(&self) {
        self.advances.fetch_add(1, Ordering::SeqCst);
    }
    fn warning(&self, message: &str) {
        self.warnings.lock().unwrap().push(message.to_string());
    }
    fn stopped(&self) -> bool {
        self.stop_after
            .is_some_and(|n| self.advances.load(Ordering::SeqCst) >= n)
    }
}

fn load(text: &str, sets: &[&str]) -> Study {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    Study::load(
        Source::Text {
            text,
            name: "desk.toml",
        },
        &sets,
    )
    .expect("the scenario loads")
}

#[test]
fn warnings_reach_the_progress_and_the_outcome_in_the_order_said() {
    // Load 0.96 is near saturation; a step of 10,000 h after the desk outlasts three
    // horizons, so every counted case is still in the process when the run ends.
    let study = load(&desk(0.96, 10_000.0, 2), &[]);
    let heard = Heard::default();
    let outcome = study
        .run(Replications::Scenario, 1, &heard)
        .expect("the run ends");
    let said = heard.warnings.lock().unwrap().clone();
    assert_eq!(said, outcome.warnings);
    assert_eq!(said.len(), 2, "{said:#?}");
    assert!(said[0].contains("near saturation"), "{said:#?}");
    // None finished: the class is told it has no lead times, not that they are too short.
    assert!(said[1].contains("had not finished"), "{said:#?}");
    assert!(said[1].contains("so it has no lead times"), "{said:#?}");
    // The commands say the same.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("desk.toml");
    std::fs::write(&file, desk(0.96, 10_000.0, 2)).unwrap();
    let out = Command::cargo_bin("expansim")
        .unwrap()
        .args(["run", "--quiet", "-j", "1", "--lang", "en", "--out"])
        .arg(dir.path().join("out"))
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    for w in &said {
        assert!(stderr.contains(w.as_str()), "{w} not in\n{stderr}");
    }
}

#[test]
fn a_run_without_warnings_says_none() {
    let study = load(&desk(0.5, 1.0, 2), &[]);
    let heard = Heard::default();
    let outcome = study.run(Replications::Scenario, 2, &heard).unwrap();
    assert!(outcome.warnings.is_empty(), "{:#?}", outcome.warnings);
    assert!(heard.warnings.lock().unwrap().is_empty());
}

#[test]
fn progress_advances_once_per_replication_of_each_variant() {
    let study = load(&desk(0.5, 1.0, 4), &[]);
    let heard = Heard::default();
    let outcome = study.run(Replications::Scenario, 2, &heard).unwrap();
    assert_eq!(*heard.starts.lock().unwrap(), vec![4]);
    assert_eq!(heard.advances.load(Ordering::SeqCst), 4);
    assert!(outcome.complete);
    assert_eq!(outcome.results[0].replications.len(), 4);
}

#[test]
fn a_progress_that_says_stop_ends_the_run_incomplete() {
    let study = load(&desk(0.5, 1.0, 6), &[]);
    let heard = Heard {
        stop_after: Some(2),
        ..Heard::default()
    };
    let outcome = study.run(Replications::Scenario, 1, &heard).unwrap();
    assert!(!outcome.complete);
    let done = outcome.results[0].replications.len();
    assert!((2..6).contains(&done), "{done} replications ran");
}

#[test]
fn a_run_that_cannot_keep_up_is_an_error_not_figures() {
    // Fifty arrivals an hour at one desk serving one an hour: the queue passes its bound
    // (a million cases) after about 20,400 h.
    let study = load(&desk(50.0, 1.0, 2), &["scenario.horizon=30000"]);
    match study.run(Replications::Scenario, 1, &Silent) {
        Err(e @ Error::Unstable(_)) => {
            let said = e.to_string();
            assert!(said.contains("unstable") && said.contains("desk"), "{said}");
            assert!(!e.is_usage(), "a failure while running, not of the input");
        }
        Err(other) => panic!("another error: {other}"),
        Ok(o) => panic!("figures of an unstable run: {:?}", o.results[0].unstable),
    }
}

#[test]
fn a_set_only_a_variant_has_is_refused_when_the_current_process_runs() {
    let sets: Vec<String> = [
        "stages.one_stop_lv.duration=1",
        "scenario.horizon=200",
        "scenario.warmup=20",
        "scenario.replications=1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let study = Study::load(Source::County, &sets).expect("the variants have the stage");
    match study.run(Replications::Scenario, 1, &Silent) {
        Err(Error::Scenario(e @ ScenarioError::Override { .. })) => {
            assert!(e.to_string().contains("one_stop"), "{e}");
        }
        Err(other) => panic!("another error: {other}"),
        Ok(_) => panic!("the current process ran without the --set"),
    }
    // The variant that has the stage runs with it.
    let one_stop = Study::load(Source::County, &sets)
        .unwrap()
        .only(Some("one_stop"))
        .unwrap();
    assert!(one_stop.run(Replications::Scenario, 1, &Silent).is_ok());
}

#[test]
fn the_outcome_is_what_run_writes() {
    let text = desk(0.7, 2.0, 3);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("desk.toml");
    std::fs::write(&file, &text).unwrap();
    let out = dir.path().join("out");
    Command::cargo_bin("expansim")
        .unwrap()
        .args(["run", "--quiet", "-j", "2", "--out"])
        .arg(&out)
        .arg(&file)
        .assert()
        .success();
    let study = load(&text, &[]);
    let outcome: Outcome = study.run(Replications::Scenario, 1, &Silent).unwrap();
    let views = outcome.views(&study);
    assert_eq!(
        std::fs::read(out.join("summary.csv")).unwrap(),
        expansim::export::csv::summary(&views)
    );
    assert_eq!(
        std::fs::read(out.join("replications.csv")).unwrap(),
        expansim::export::csv::replications(&views)
    );
    // M/M/1 at load 0.7 with service of mean 1 h: 1 / (1 - 0.7) = 3.33 h in the system, then
    // 2 h after it, inside the 99.9% interval of the 3 replications (the 95% half-width
    // times t(0.9995, 2) / t(0.975, 2) = 31.60 / 4.303).
    let lead = outcome
        .summary(&study, 0, None, Metric::LeadTime)
        .expect("reported");
    let expected = 1.0 / (1.0 - 0.7) + 2.0;
    assert!(
        (lead.mean - expected).abs() < lead.half_width() * 31.60 / 4.303,
        "{lead:?}"
    );
}

#[test]
fn a_rate_per_day_or_in_quotes_is_the_same_rate_per_time_unit() {
    // 12 a day is 0.5 an hour: the same summary, byte for byte, however it is written.
    let summary = |text: &str| {
        let study = load(text, &[]);
        let outcome = study.run(Replications::Scenario, 1, &Silent).unwrap();
        expansim::export::csv::summary(&outcome.views(&study))
    };
    let plain = desk(0.5, 2.0, 2);
    let expected = summary(&plain);
    for written in [r#""0.5""#, r#""12/天""#, r#""12/d""#, r#""１２/日""#] {
        let text = plain.replace("arrival_rate = 0.5", &format!("arrival_rate = {written}"));
        assert_ne!(text, plain);
        assert!(summary(&text) == expected, "{written}");
    }
    // Arrivals that keep a calendar come in its open hours: a rate per calendar day is
    // refused with the units that say how many.
    let problem = |rate: &str| match Study::load(
        Source::Text {
            text: &format!(
                "{}\n[calendars.office]\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\nhours = [\"08:30-17:30\"]\n",
                plain.replace(
                    "arrival_rate = 0.5",
                    &format!("arrival_rate = {rate}\narrival_calendar = \"office\""),
                )
            ),
            name: "desk.toml",
        },
        &[],
    ) {
        Err(e) => e.to_string(),
        Ok(_) => String::new(),
    };
    let refused = problem(r#""12/天""#);
    assert!(
        refused.contains("classes[0].arrival_rate: arrivals that keep `arrival_calendar` come in its open hours, so a rate per calendar day does not say how many: give them per working day"),
        "{refused}"
    );
    assert_eq!(problem(r#""12/工作日""#), "");
}
