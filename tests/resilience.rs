//! Results folders that are never half-written, interrupts that lose nothing, and inputs that
//! cannot hang the program or exhaust its memory.

use std::fs;
use std::path::Path;
use std::process::{Child, Command as Process, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;

fn expansim() -> Command {
    Command::cargo_bin("expansim").expect("binary builds")
}

/// The binary started in the background, for signals.
fn spawn(args: &[&str], dir: &Path) -> Child {
    Process::new(assert_cmd::cargo::cargo_bin("expansim"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("expansim starts")
}

fn signal(child: &Child, sig: &str) {
    let ok = Process::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(ok.success());
}

/// SIGINT once the first replications have finished (they take a few tens of milliseconds
/// each); the run's stderr, after checking it exited 130.
fn interrupt_after_a_while(child: Child) -> String {
    std::thread::sleep(Duration::from_millis(1500));
    interrupt(child)
}

/// SIGINT now; the run's stderr, after checking it exited 130.
fn interrupt(mut child: Child) -> String {
    signal(&child, "-INT");
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    stderr
}

fn read(p: impl AsRef<Path>) -> Vec<u8> {
    fs::read(p.as_ref()).unwrap_or_else(|e| panic!("{:?}: {e}", p.as_ref()))
}

/// The hidden entries in `dir` (temporary folders left behind).
fn hidden(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A run of two replications into `out`, with `extra` arguments, that succeeds.
fn run_into(out: &Path, extra: &[&str]) {
    expansim()
        .args(["run", "-r", "2", "--quiet", "--out"])
        .arg(out)
        .args(extra)
        .assert()
        .success();
}

#[test]
fn a_forced_rerun_replaces_the_whole_folder_and_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    let run = |extra: &[&str]| run_into(&out, extra);
    run(&["--report", "--event-log", "--cases"]);
    assert!(out.join("report.html").exists() && out.join("cases.csv").exists());
    run(&["--force", "--seed", "7"]);
    // A rerun without the optional outputs keeps none of the old ones beside its run.json.
    assert_eq!(
        names(&out),
        ["replications.csv", "run.json", "summary.csv"],
        "stale files of the previous run stayed"
    );
    assert!(
        String::from_utf8(read(out.join("run.json")))
            .unwrap()
            .contains("\"seed\": 7")
    );
    assert!(hidden(tmp.path()).is_empty(), "{:?}", hidden(tmp.path()));
}

#[test]
fn force_never_deletes_files_expansim_did_not_write() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("summary.csv"), "old").unwrap();
    fs::write(out.join("notes.txt"), "mine").unwrap();
    expansim()
        .args(["run", "-r", "2", "--quiet", "--force", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("notes.txt"));
    assert_eq!(read(out.join("notes.txt")), b"mine");
    assert_eq!(read(out.join("summary.csv")), b"old");
    // Files named as expansim names its own, in a folder without a run.json of its own, or
    // a folder where a file of that name should be, are the user's too.
    let out = tmp.path().join("mine");
    fs::create_dir_all(out.join("run.json")).unwrap();
    fs::write(out.join("run.json/keep.txt"), "mine").unwrap();
    fs::write(out.join("cases.csv"), "mine").unwrap();
    expansim()
        .args(["run", "-r", "2", "--quiet", "--force", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did not write (cases.csv, run.json)",
        ));
    assert_eq!(read(out.join("run.json/keep.txt")), b"mine");
    assert_eq!(read(out.join("cases.csv")), b"mine");
    // In a folder of results: a report of one's own saved as report.html, or an edited
    // summary.csv, written after the run, is the user's; the run's own files are not.
    let out = tmp.path().join("results");
    let run = || {
        let mut c = expansim();
        c.args(["run", "-r", "2", "--quiet", "--force", "--out"])
            .arg(&out);
        c
    };
    run().assert().success();
    let later = |file: &Path, bytes: &[u8]| {
        fs::write(file, bytes).unwrap();
        let f = fs::OpenOptions::new().write(true).open(file).unwrap();
        f.set_modified(std::time::SystemTime::now() + Duration::from_secs(60))
            .unwrap();
    };
    later(&out.join("report.html"), b"<p>mine</p>");
    run()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did not write (report.html)"));
    assert_eq!(read(out.join("report.html")), b"<p>mine</p>");
    fs::remove_file(out.join("report.html")).unwrap();
    let mut edited = read(out.join("summary.csv"));
    edited.extend_from_slice(b"# checked by hand\n");
    later(&out.join("summary.csv"), &edited);
    run()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did not write (summary.csv)"));
    assert_eq!(read(out.join("summary.csv")), edited);
}

#[test]
fn usage_problems_with_the_output_are_found_before_any_work() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a-file");
    fs::write(&file, "x").unwrap();
    expansim()
        .args(["run", "-r", "2", "--quiet", "--out"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a-file").and(predicate::str::contains("--out")));
    assert_eq!(read(&file), b"x");
    // Below a file no folder can be made: refused before simulating, nothing left behind.
    expansim()
        .args(["run", "-r", "2", "--quiet", "--out"])
        .arg(file.join("sub"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a-file"));
    // --log-replications outside a --precision run's limit.
    let out = tmp.path().join("p");
    expansim()
        .args([
            "run",
            "--quiet",
            "--precision",
            "0.1",
            "--max-replications",
            "5",
        ])
        .args(["--event-log", "--log-replications", "9", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--log-replications 9"));
    assert!(!out.exists());
    assert!(hidden(tmp.path()).is_empty(), "{:?}", hidden(tmp.path()));
}

#[test]
fn a_folder_left_by_a_killed_run_is_removed_by_the_next() {
    let tmp = tempfile::tempdir().unwrap();
    // No process has this number (above Linux's largest, 2^22).
    let stale = tmp.path().join(".r.partial-4999999");
    fs::create_dir(&stale).unwrap();
    fs::write(stale.join("summary.csv"), "half").unwrap();
    expansim()
        .current_dir(tmp.path())
        .args(["run", "-r", "2", "--quiet", "--out", "r"])
        .assert()
        .success();
    assert!(!stale.exists());
    assert!(hidden(tmp.path()).is_empty(), "{:?}", hidden(tmp.path()));
}

/// A run killed between moving the earlier result aside and moving its own in leaves no
/// folder, only the two hidden ones: the next run puts the earlier result back (and so,
/// without --force, refuses to replace it) instead of clearing both away.
#[test]
fn a_result_moved_aside_by_a_killed_commit_is_put_back() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |seed: &str| {
        let mut c = expansim();
        c.current_dir(tmp.path())
            .args(["run", "-r", "2", "--quiet", "--seed", seed, "--out", "r"]);
        c
    };
    run("1").assert().success();
    let before = fs::read(tmp.path().join("r/summary.csv")).unwrap();
    // What the kill leaves (no process has these numbers: above Linux's largest, 2^22).
    fs::rename(tmp.path().join("r"), tmp.path().join(".r.old-4999999")).unwrap();
    let new = tmp.path().join(".r.partial-4999998");
    fs::create_dir(&new).unwrap();
    fs::write(new.join("summary.csv"), "the new result").unwrap();
    run("2")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(fs::read(tmp.path().join("r/summary.csv")).unwrap(), before);
    assert!(hidden(tmp.path()).is_empty(), "{:?}", hidden(tmp.path()));
    // With --force it is replaced as usual.
    run("2").arg("--force").assert().success();
    assert_ne!(fs::read(tmp.path().join("r/summary.csv")).unwrap(), before);
}

/// A stage that sends its work back to itself with p = 1 - 1e-9: 100 cases would make
/// 10^11 visits (hours of simulation). Refused before running, naming the loop, unless --yes.
#[test]
fn a_loop_that_almost_never_ends_is_refused_before_running() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("loop.toml");
    fs::write(
        &file,
        r#"
[scenario]
name = "loop"
time_unit = "hour"
horizon = 100
warmup = 10
replications = 1
seed = 1

[pools]
d = 1

[[classes]]
name = "c"
arrival_rate = 1
start = "a"

[stages.a]
pool = "d"
duration = { dist = "deterministic", value = 0 }
next = [{ to = "a", p = 0.999999999 }, { to = "end", p = 0.000000001 }]
"#,
    )
    .unwrap();
    expansim()
        .current_dir(tmp.path())
        .args(["run", "--quiet", "loop.toml"])
        .timeout(Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("stage visits").and(predicate::str::contains("--yes")));
    assert!(!tmp.path().join("results/loop").exists());
    assert!(hidden(&tmp.path().join("results")).is_empty());
}

/// `optimize` may simulate its whole replication budget: one that could pass 10^10 cases is
/// refused before the search, in Chinese as a whole sentence, as a run that size is.
#[test]
fn an_optimisation_whose_budget_is_too_large_is_refused_before_running() {
    let tmp = tempfile::tempdir().unwrap();
    let search = |lang: &str| {
        let out = expansim()
            .current_dir(tmp.path())
            .args(["--lang", lang, "optimize", "--quiet"])
            .arg(format!(
                "{}/scenarios/theory/tandem_rework.toml",
                env!("CARGO_MANIFEST_DIR")
            ))
            .args(["--set", "scenario.horizon=8766000", "--target"])
            .arg("standard:lead_time<=1")
            .timeout(Duration::from_secs(60))
            .assert()
            .code(2);
        String::from_utf8_lossy(&out.get_output().stderr).to_string()
    };
    let en = search("en");
    assert!(
        en.contains("20000 replications") && en.contains("--yes"),
        "{en}"
    );
    let zh = search("zh");
    assert!(
        zh.contains("超过无需确认即可运行的上限") && !zh.contains("unasked"),
        "{zh}"
    );
    assert!(!tmp.path().join("results").exists());
}

/// Checking a process of 50,000 chained stages, or a calendar that includes a file 100,000
/// times, is linear: well under a second here, where it once took minutes (all pairs of
/// stages tabulated; the holiday list copied at every include). The timeout only stops a
/// hang.
#[test]
fn long_processes_and_long_include_lists_are_checked_in_linear_time() {
    let tmp = tempfile::tempdir().unwrap();
    let head = "[scenario]\nname = \"long\"\ntime_unit = \"hour\"\nhorizon = 100\nwarmup = 10\nreplications = 1\nseed = 1\n";
    let mut chain = format!(
        "{head}\n[pools]\nd = 100\n\n[[classes]]\nname = \"c\"\narrival_rate = 1\nstart = \"s0\"\n"
    );
    let n = 50_000;
    for i in 0..n {
        let next = if i + 1 < n {
            format!("s{}", i + 1)
        } else {
            "end".into()
        };
        chain.push_str(&format!(
            "\n[stages.s{i}]\npool = \"d\"\nduration = 0.0001\nnext = \"{next}\"\n"
        ));
    }
    fs::write(tmp.path().join("chain.toml"), chain).unwrap();
    fs::write(tmp.path().join("day.toml"), "holidays = [\"2026-12-31\"]\n").unwrap();
    let includes = vec!["\"day.toml\""; 100_000].join(", ");
    let calendar = format!(
        "{head}calendar = \"office\"\n\n[calendars.office]\ninclude = [{includes}]\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\nhours = [\"09:00-17:00\"]\n\n[pools]\nd = {{ size = 1, calendar = \"office\" }}\n\n[[classes]]\nname = \"c\"\narrival_rate = 0.1\nstart = \"a\"\n\n[stages.a]\npool = \"d\"\nduration = 1\nnext = \"end\"\n"
    );
    fs::write(tmp.path().join("calendar.toml"), calendar).unwrap();
    expansim()
        .current_dir(tmp.path())
        .args(["validate", "chain.toml", "calendar.toml"])
        .timeout(Duration::from_secs(60))
        .assert()
        .success();
}

/// Under a file-size limit (`ulimit -f`) a write fails like one to a full disk: a message
/// naming the file, exit 1, nothing left behind; not a silent death by SIGXFSZ (exit 153)
/// with a half-written hidden folder.
#[test]
fn a_file_size_limit_is_reported_not_fatal() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("expansim");
    let out = Process::new("sh")
        .current_dir(tmp.path())
        .arg("-c")
        .arg(format!(
            "ulimit -f 40 && exec '{}' run -r 5 --quiet --out o",
            bin.display()
        ))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("could not write 'o/"), "{stderr}");
    assert!(!tmp.path().join("o").exists());
    assert!(hidden(tmp.path()).is_empty(), "{:?}", hidden(tmp.path()));
}

/// SIGINT once replications have finished, then --resume: the same bytes as one
/// uninterrupted run.
#[test]
fn an_interrupted_comparison_resumes_to_the_uninterrupted_result() {
    let tmp = tempfile::tempdir().unwrap();
    let args = [
        "compare",
        "-r",
        "400",
        "--quiet",
        "--variants",
        "merged",
        "--out",
    ];
    let stderr = interrupt_after_a_while(spawn(&[&args[..], &["int"]].concat(), tmp.path()));
    assert!(stderr.contains("expansim compare --resume int"), "{stderr}");
    // Even with --quiet, the first interrupt says at once what it does.
    assert!(
        stderr.contains("Stopping: the work under way finishes"),
        "{stderr}"
    );
    let manifest = String::from_utf8(read(tmp.path().join("int/run.json"))).unwrap();
    assert!(manifest.contains("\"complete\": false"), "{manifest}");
    // The same command again is pointed to --resume, which keeps the finished work.
    expansim()
        .current_dir(tmp.path())
        .args([&args[..], &["int"]].concat())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "holds an interrupted run (run.json says \"complete\": false): continue it with expansim compare --resume int",
        ));
    // The folder is a valid result of what finished: report and merge refuse it by name.
    expansim()
        .current_dir(tmp.path())
        .args(["report", "int"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--resume int"));
    expansim()
        .current_dir(tmp.path())
        .args(["compare", "--resume", "int", "-j", "1", "--lang", "zh"])
        .assert()
        .success()
        .stdout(predicate::str::contains("结果已写入"));
    expansim()
        .current_dir(tmp.path())
        .args([&args[..], &["whole"]].concat())
        .assert()
        .success();
    for f in ["summary.csv", "replications.csv", "comparison.csv"] {
        assert!(
            read(tmp.path().join("int").join(f)) == read(tmp.path().join("whole").join(f)),
            "{f} differs after resuming"
        );
    }
    let manifest = String::from_utf8(read(tmp.path().join("int/run.json"))).unwrap();
    assert!(manifest.contains("\"complete\": true"), "{manifest}");
    // Resuming a complete folder does nothing.
    expansim()
        .current_dir(tmp.path())
        .args(["compare", "--resume", "int"])
        .assert()
        .success()
        .stderr(predicate::str::contains("complete"));
    assert!(hidden(tmp.path()).is_empty(), "{:?}", hidden(tmp.path()));
}

#[test]
fn a_terminated_sweep_resumes_to_the_uninterrupted_result() {
    let tmp = tempfile::tempdir().unwrap();
    let args = [
        "sweep",
        "--vary",
        "pools.reviewer=2,3,4",
        "--vary",
        "pools.inspector=2,3,4,5",
        "-r",
        "60",
        "--quiet",
        "--out",
    ];
    let mut child = spawn(&[&args[..], &["int"]].concat(), tmp.path());
    std::thread::sleep(Duration::from_millis(1500));
    signal(&child, "-TERM");
    assert_eq!(child.wait().unwrap().code(), Some(143));
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    // Told of a SIGTERM, not of a Ctrl-C nobody pressed.
    assert!(stderr.contains("Stopping on SIGTERM"), "{stderr}");
    assert!(stderr.contains("interrupted by SIGTERM"), "{stderr}");
    let manifest = String::from_utf8(read(tmp.path().join("int/run.json"))).unwrap();
    assert!(manifest.contains("\"complete\": false"), "{manifest}");
    // Another command is not a continuation.
    expansim()
        .current_dir(tmp.path())
        .args(["sweep", "--resume", "int", "-r", "5"])
        .assert()
        .code(2);
    // Given again with the whole command, --resume continues it too.
    expansim()
        .current_dir(tmp.path())
        .args([&args[..], &["int", "--resume", "int"]].concat())
        .assert()
        .success();
    expansim()
        .current_dir(tmp.path())
        .args([&args[..], &["whole"]].concat())
        .assert()
        .success();
    assert!(read(tmp.path().join("int/sweep.csv")) == read(tmp.path().join("whole/sweep.csv")));
}

/// Ctrl-C after every point of a sweep is written, while its points are paired on common
/// random numbers: the points stay written and complete, and the run ends as interrupted
/// (130), saying so, rather than as a finished sweep whose findings silently lack pairs.
#[test]
fn an_interrupt_while_pairing_keeps_the_points_and_exits_130() {
    let tmp = tempfile::tempdir().unwrap();
    // Three head counts of one pool, no targets: the Pareto front's neighbours are paired,
    // each pair as long again as its points took.
    let args = [
        "sweep",
        "--vary",
        "pools.reviewer=1..=3",
        "-r",
        "40",
        "-j",
        "1",
        "--quiet",
        "--out",
        "int",
    ];
    let mut child = spawn(&args, tmp.path());
    // The points are written (the folder committed) before the pairing starts.
    let csv = tmp.path().join("int/sweep.csv");
    while !csv.exists() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "ended before writing its points"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    signal(&child, "-INT");
    let code = child.wait().unwrap().code();
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert_eq!(code, Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted by Ctrl-C while pairing points on common random numbers"),
        "{stderr}"
    );
    let manifest = String::from_utf8(read(tmp.path().join("int/run.json"))).unwrap();
    assert!(manifest.contains("\"complete\": true"), "{manifest}");
    // Every point has its rows.
    let points: std::collections::BTreeSet<String> = fs::read_to_string(&csv)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    assert_eq!(points.into_iter().collect::<Vec<_>>(), ["1", "2", "3"]);
    assert!(hidden(tmp.path()).is_empty(), "{:?}", hidden(tmp.path()));
}

#[test]
fn a_second_interrupt_exits_at_once_and_keeps_the_previous_result() {
    let tmp = tempfile::tempdir().unwrap();
    expansim()
        .current_dir(tmp.path())
        .args(["run", "-r", "2", "--quiet", "--out", "r"])
        .assert()
        .success();
    let before = read(tmp.path().join("r/summary.csv"));
    // Replications of 160 years: the first interrupt waits for the running ones to finish.
    let mut child = spawn(
        &[
            "run",
            "-r",
            "4",
            "--jobs",
            "2",
            "--quiet",
            "--force",
            "--out",
            "r",
            "--set",
            "scenario.horizon=60000",
        ],
        tmp.path(),
    );
    std::thread::sleep(Duration::from_millis(500));
    signal(&child, "-INT");
    // Later than the moments within which a repeat is the same signal.
    std::thread::sleep(Duration::from_millis(700));
    signal(&child, "-INT");
    assert_eq!(child.wait().unwrap().code(), Some(130));
    assert_eq!(read(tmp.path().join("r/summary.csv")), before);
    assert!(
        String::from_utf8(read(tmp.path().join("r/run.json")))
            .unwrap()
            .contains("\"complete\": true")
    );
    // Nothing half-written stays behind, not even hidden. (On a busy machine the first
    // interrupt may come before any replication starts, and the run ends, writing what it
    // has beside `r`, before the second: that is a whole folder, not a half-written one.)
    assert!(hidden(tmp.path()).is_empty(), "{:?}", names(tmp.path()));
}

/// An interrupt while the event log is written, after every replication finished: the
/// statistics are kept, the log is left to `--resume`, which writes the same bytes as an
/// uninterrupted run.
#[test]
fn an_interrupt_while_the_event_log_is_written_keeps_the_statistics() {
    let tmp = tempfile::tempdir().unwrap();
    let args = [
        "run",
        "-r",
        "3",
        "-j",
        "1",
        "--quiet",
        "--event-log",
        "--cases",
        "--log-cases",
        "all",
        "--log-replications",
        "0..3",
        "--out",
    ];
    let mut child = spawn(&[&args[..], &["int"]].concat(), tmp.path());
    // The log being written: its temporary file in the folder being written.
    let writing = || {
        fs::read_dir(tmp.path()).unwrap().any(|e| {
            let dir = e.unwrap().path();
            dir.is_dir() && dir.join(".event_log.csv.partial").exists()
        })
    };
    let started = std::time::Instant::now();
    while !writing() {
        assert!(
            started.elapsed() < Duration::from_secs(300) && child.try_wait().unwrap().is_none(),
            "the event log was never written"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let stderr = interrupt(child);
    assert!(
        // Only the outputs asked for are named.
        stderr.contains("all 3 replications (not yet their event log or case table)"),
        "{stderr}"
    );
    let dir = tmp.path().join("int");
    assert_eq!(
        names(&dir),
        ["replications.csv", "run.json", "summary.csv"],
        "{stderr}"
    );
    let manifest = String::from_utf8(read(dir.join("run.json"))).unwrap();
    assert!(manifest.contains("\"complete\": false"), "{manifest}");
    expansim()
        .current_dir(tmp.path())
        .args(["run", "--resume", "int", "--quiet"])
        .assert()
        .success();
    expansim()
        .current_dir(tmp.path())
        .args([&args[..], &["whole"]].concat())
        .assert()
        .success();
    for f in [
        "summary.csv",
        "replications.csv",
        "event_log.csv",
        "event_log.xes",
        "cases.csv",
    ] {
        assert!(
            read(dir.join(f)) == read(tmp.path().join("whole").join(f)),
            "{f} differs after resuming"
        );
    }
    assert!(hidden(tmp.path()).is_empty(), "{:?}", hidden(tmp.path()));
}

/// A scenario file edited after the run was interrupted does not change the continued run
/// (it goes on with the scenario it recorded), and the user is told so.
#[test]
fn resuming_after_the_scenario_file_changed_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("s.toml");
    fs::copy("scenarios/county.toml", &file).unwrap();
    let args = ["run", "s.toml", "-r", "300", "--quiet", "--out", "r"];
    interrupt_after_a_while(spawn(&args, tmp.path()));
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("\n# edited\n");
    fs::write(&file, text).unwrap();
    let out = expansim()
        .current_dir(tmp.path())
        .args(["run", "--resume", "r", "--quiet"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains(
            "'s.toml' has changed since this run began; it continues with the scenario recorded in"
        ),
        "{stderr}"
    );
}

/// `timeout -s INT` sends its signal to the process and then to its group: the repeat,
/// moments later, is the same interrupt, and what finished is written, not thrown away as
/// after a second Ctrl-C.
#[test]
fn a_signal_repeated_at_once_is_one_interrupt() {
    let tmp = tempfile::tempdir().unwrap();
    let mut child = spawn(&["run", "-r", "400", "--quiet", "--out", "r"], tmp.path());
    std::thread::sleep(Duration::from_millis(1500));
    signal(&child, "-INT");
    signal(&child, "-INT");
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted by Ctrl-C"), "{stderr}");
    assert!(
        String::from_utf8(read(tmp.path().join("r/run.json")))
            .unwrap()
            .contains("\"complete\": false")
    );
}

/// An interrupted `--force` rerun never replaces a complete result: what finished goes
/// beside it, and only the completed continuation takes its place.
#[test]
fn an_interrupted_forced_rerun_keeps_the_previous_result_until_it_completes() {
    let tmp = tempfile::tempdir().unwrap();
    expansim()
        .current_dir(tmp.path())
        .args(["run", "-r", "3", "--quiet", "--out", "r"])
        .assert()
        .success();
    let before = read(tmp.path().join("r/summary.csv"));
    // A private folder: the interrupted run beside it is private too.
    #[cfg(unix)]
    let mode = |dir: &str| {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(tmp.path().join(dir))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(tmp.path().join("r"), fs::Permissions::from_mode(0o700)).unwrap();
    }
    let args = ["run", "-r", "400", "--quiet", "--force", "--out", "r"];
    let stderr = interrupt_after_a_while(spawn(&args, tmp.path()));
    assert!(
        stderr.contains("expansim run --resume r.interrupted"),
        "{stderr}"
    );
    #[cfg(unix)]
    assert_eq!(mode("r.interrupted"), 0o700);
    assert_eq!(read(tmp.path().join("r/summary.csv")), before);
    let aside = String::from_utf8(read(tmp.path().join("r.interrupted/run.json"))).unwrap();
    assert!(aside.contains("\"complete\": false"), "{aside}");
    assert!(aside.contains("\"replications_done\""), "{aside}");
    // Asked to resume the complete result, it points to the rerun beside it.
    expansim()
        .current_dir(tmp.path())
        .args(["run", "--resume", "r"])
        .assert()
        .success()
        .stderr(predicate::str::contains("--resume r.interrupted"));
    expansim()
        .current_dir(tmp.path())
        .args(["run", "--resume", "r.interrupted"])
        .assert()
        .success();
    expansim()
        .current_dir(tmp.path())
        .args([&args[..3], &["--quiet", "--out", "whole"]].concat())
        .assert()
        .success();
    for f in ["summary.csv", "replications.csv"] {
        assert!(
            read(tmp.path().join("r").join(f)) == read(tmp.path().join("whole").join(f)),
            "{f} differs after resuming"
        );
    }
    // The completed run replaced both the old result and the folder it continued.
    assert_eq!(names(tmp.path()), ["r", "whole"]);
    #[cfg(unix)]
    assert_eq!(mode("r"), 0o700);
}

/// A person's file put into the (empty) output folder while a run goes: the interrupted
/// run's results go beside it, to `r-2`, which `--resume` then completes in place.
#[test]
fn an_interrupted_run_leaves_a_folder_that_came_to_hold_a_persons_file() {
    let tmp = tempfile::tempdir().unwrap();
    let args = ["run", "-r", "400", "--quiet", "--out"];
    let child = spawn(&[&args[..], &["r"]].concat(), tmp.path());
    std::thread::sleep(Duration::from_millis(300));
    fs::create_dir_all(tmp.path().join("r")).unwrap();
    fs::write(tmp.path().join("r/notes.txt"), "mine").unwrap();
    let stderr = interrupt_after_a_while(child);
    assert!(stderr.contains("(notes.txt)"), "{stderr}");
    assert!(stderr.contains("expansim run --resume r-2"), "{stderr}");
    assert!(!stderr.contains("previous result"), "{stderr}");
    assert_eq!(names(&tmp.path().join("r")), ["notes.txt"]);
    expansim()
        .current_dir(tmp.path())
        .args(["run", "--resume", "r-2"])
        .assert()
        .success();
    expansim()
        .current_dir(tmp.path())
        .args([&args[..], &["whole"]].concat())
        .assert()
        .success();
    assert!(read(tmp.path().join("r-2/summary.csv")) == read(tmp.path().join("whole/summary.csv")));
    assert_eq!(read(tmp.path().join("r/notes.txt")), b"mine");
    assert_eq!(names(tmp.path()), ["r", "r-2", "whole"]);
}

#[test]
fn an_unstable_queue_stops_with_a_message_not_an_abort() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("flood.toml");
    fs::write(
        &file,
        r#"
[scenario]
name = "flood"
time_unit = "hour"
horizon = 1000
warmup = 0
replications = 2
seed = 1

[pools]
desk = 1

[[classes]]
name = "c"
arrival_rate = 100000
start = "serve"

[stages.serve]
pool = "desk"
duration = { dist = "exponential", mean = 1.0 }
next = "end"
"#,
    )
    .unwrap();
    expansim()
        .args(["run", "--quiet", "--out"])
        .arg(tmp.path().join("out"))
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "unstable: the queue at pool `desk` passed 1000000 cases",
        ));
    assert!(!tmp.path().join("out").exists());
    assert_eq!(hidden(tmp.path()), Vec::<String>::new());
}

#[test]
fn a_huge_sweep_is_refused_with_its_estimate_unless_asked() {
    expansim()
        .args([
            "sweep",
            "--vary",
            "pools.reviewer=1..1001",
            "--vary",
            "pools.inspector=1..1001",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("1000000 points").and(predicate::str::contains("--yes")));
}

#[test]
fn replications_on_an_empty_file_leave_the_files_own_problems_in_view() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("empty.toml");
    fs::write(&file, "").unwrap();
    expansim()
        .args(["run", "-r", "2"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("scenario.horizon")
                .and(predicate::str::contains("--set").not()),
        );
}

#[test]
fn an_interrupted_search_writes_no_answer() {
    let tmp = tempfile::tempdir().unwrap();
    for command in [
        &["optimize", "--target", "hv_single:limit_met_share>=0.95"][..],
        &["sensitivity"][..],
    ] {
        let mut args = command.to_vec();
        args.extend(["-j1", "--quiet", "--out", "o"]);
        let stderr = interrupt_after_a_while(spawn(&args, tmp.path()));
        assert!(stderr.contains("nothing was written"), "{stderr}");
        // The first interrupt already says so, not that what is done is written.
        assert!(
            stderr.contains("ends without writing its files"),
            "{stderr}"
        );
        assert!(!stderr.contains("what is done is written"), "{stderr}");
        assert!(names(tmp.path()).is_empty(), "{:?}", names(tmp.path()));
    }
}

/// A scenario replaying `trace.csv` (an arrival every `gap` seconds from 2026-01-05, 100,000
/// rows) in `dir`.
fn trace_scenario(dir: &Path, gap: u64) {
    fs::write(
        dir.join("tr.toml"),
        "[scenario]\nname = \"trace\"\ntime_unit = \"hour\"\nhorizon = 2000\nwarmup = 10\nreplications = 3\nseed = 3\n\n[pools]\na = 40\n\n[[classes]]\nname = \"c\"\narrivals = { trace = \"trace.csv\" }\nstart = \"s1\"\n\n[stages.s1]\npool = \"a\"\nduration = { dist = \"exponential\", mean = 1 }\nnext = \"end\"\n",
    )
    .unwrap();
    let mut text = String::from("time\n");
    // 2026-01-05 00:00 in seconds after 1970-01-01, for counting days and times of day.
    let start = 1_767_571_200u64;
    for i in 0..100_000u64 {
        let t = start + i * gap;
        let (d, s) = (t / 86_400, t % 86_400);
        // Days after 2026-01-05.
        let day = 5 + (d - start / 86_400);
        let (month, day) = if day <= 31 { (1, day) } else { (2, day - 31) };
        text.push_str(&format!(
            "2026-{month:02}-{day:02} {:02}:{:02}:{:02}\n",
            s / 3600,
            s / 60 % 60,
            s % 60
        ));
    }
    fs::write(dir.join("trace.csv"), text).unwrap();
}

/// Replications of other arrivals are never mixed in: a file of arrivals that changed
/// stops a resumed run and a merge.
#[test]
fn a_changed_file_of_arrivals_is_not_resumed_or_merged() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    trace_scenario(t, 20);
    for k in ["0", "1"] {
        if k == "1" {
            trace_scenario(t, 40);
        }
        expansim()
            .current_dir(t)
            .args(["run", "tr.toml", "-q", "-r", "2", "--shard"])
            .arg(format!("{k}/2"))
            .args(["--out", &format!("s{k}")])
            .assert()
            .success();
    }
    expansim()
        .current_dir(t)
        .args(["merge", "s0", "s1", "--out", "m"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("another file of arrivals"));
    trace_scenario(t, 20);
    let stderr = interrupt_after_a_while(spawn(
        &["run", "tr.toml", "-q", "-r", "1000", "--out", "int"],
        t,
    ));
    assert!(stderr.contains("--resume int"), "{stderr}");
    trace_scenario(t, 40);
    expansim()
        .current_dir(t)
        .args(["run", "--resume", "int"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("was run with other arrivals"));
    // With the arrivals it had, it goes on.
    trace_scenario(t, 20);
    expansim()
        .current_dir(t)
        .args(["run", "--resume", "int", "-q"])
        .assert()
        .success();
}

/// The merged result never takes the place of one of its shards, and a link to a folder
/// stays a link, the results going into the folder it names.
#[test]
fn merge_keeps_its_shards_and_a_linked_folder_stays_linked() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    for k in 0..2 {
        expansim()
            .current_dir(t)
            .args(["run", "-q", "-r", "2", "--shard"])
            .arg(format!("{k}/2"))
            .args(["--out", &format!("s{k}")])
            .assert()
            .success();
    }
    let before = read(t.join("s1/replications.csv"));
    expansim()
        .current_dir(t)
        .args(["merge", "s0", "s1", "--force", "--out", "./s1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is the shard"));
    assert_eq!(read(t.join("s1/replications.csv")), before);
    #[cfg(unix)]
    {
        fs::create_dir(t.join("scratch")).unwrap();
        std::os::unix::fs::symlink(t.join("scratch"), t.join("link")).unwrap();
        expansim()
            .current_dir(t)
            .args(["merge", "s0", "s1", "--out", "link"])
            .assert()
            .success();
        assert!(
            fs::symlink_metadata(t.join("link"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(t.join("scratch/replications.csv").exists());
    }
}

/// What the command line refuses is said as a bad value, even when it is negative, and the
/// command to continue an interrupted run can be pasted into a shell.
#[test]
fn negative_values_are_bad_values_and_the_resume_command_is_quoted() {
    let tmp = tempfile::tempdir().unwrap();
    for (args, said) in [
        (["-r", "-1"], "invalid value '-1' for '--replications"),
        (["--seed", "-5"], "invalid value '-5' for '--seed"),
    ] {
        expansim()
            .current_dir(tmp.path())
            .arg("run")
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(said));
    }
    let stderr = interrupt_after_a_while(spawn(
        &["run", "-r", "400", "--quiet", "--out", "结果 一"],
        tmp.path(),
    ));
    assert!(
        stderr.contains("expansim run --resume '结果 一'"),
        "{stderr}"
    );
}

/// A result written into the folder after a run was interrupted beside it is newer than
/// the one that run was to replace: continuing the run keeps it, and completes where the
/// run was written.
#[test]
fn continuing_an_old_run_keeps_a_newer_result() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    expansim()
        .current_dir(t)
        .args(["run", "-q", "-r", "2", "--out", "r"])
        .assert()
        .success();
    interrupt_after_a_while(spawn(
        &[
            "run", "-q", "-r", "400", "--seed", "8", "--force", "--out", "r",
        ],
        t,
    ));
    expansim()
        .current_dir(t)
        .args([
            "run", "-q", "-r", "2", "--seed", "9", "--force", "--out", "r",
        ])
        .assert()
        .success();
    let newer = read(t.join("r/summary.csv"));
    expansim()
        .current_dir(t)
        .args(["run", "-q", "--resume", "r.interrupted"])
        .assert()
        .success()
        .stderr(predicate::str::contains("it is kept"));
    assert_eq!(read(t.join("r/summary.csv")), newer);
    let done = String::from_utf8(read(t.join("r.interrupted/run.json"))).unwrap();
    assert!(
        done.contains("\"complete\": true") && done.contains("\"seed\": 8"),
        "{done}"
    );
}

/// A run written through a link to a folder, interrupted and continued through the same
/// link, completes in the folder the link names; the link stays.
#[cfg(unix)]
#[test]
fn a_run_through_a_link_is_continued_through_it() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    fs::create_dir(t.join("scratch")).unwrap();
    std::os::unix::fs::symlink(t.join("scratch"), t.join("link")).unwrap();
    let stderr = interrupt_after_a_while(spawn(&["run", "-q", "-r", "400", "--out", "link"], t));
    assert!(stderr.contains("--resume"), "{stderr}");
    expansim()
        .current_dir(t)
        .args(["run", "-q", "--resume", "link"])
        .assert()
        .success();
    assert!(
        fs::symlink_metadata(t.join("link"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let done = String::from_utf8(read(t.join("scratch/run.json"))).unwrap();
    assert!(done.contains("\"complete\": true"), "{done}");
}

/// A closed terminal (SIGHUP) stops a run as SIGTERM does: what is done is written, and it
/// can be continued.
#[test]
fn a_hang_up_keeps_the_finished_replications() {
    let tmp = tempfile::tempdir().unwrap();
    let mut child = spawn(
        &["run", "-r", "200", "-j", "1", "--quiet", "--out", "hup"],
        tmp.path(),
    );
    std::thread::sleep(Duration::from_millis(1500));
    signal(&child, "-HUP");
    assert_eq!(child.wait().unwrap().code(), Some(129));
    let manifest = String::from_utf8(read(tmp.path().join("hup/run.json"))).unwrap();
    assert!(manifest.contains("\"complete\": false"), "{manifest}");
    assert!(hidden(tmp.path()).is_empty(), "{:?}", hidden(tmp.path()));
}

/// A folder the user made for the results keeps its permissions: a private one stays
/// private, however often it is written again.
#[cfg(unix)]
#[test]
fn an_output_folder_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("private");
    fs::create_dir(&out).unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o700)).unwrap();
    for extra in [&[][..], &["--force"][..]] {
        run_into(&out, extra);
        let mode = fs::metadata(&out).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, 0o700, "{mode:o}");
    }
}

/// A precision run that stopped before any interval (one replication: the precision
/// reached is not a number, written `null`) is a results folder like any other.
#[test]
fn a_precision_run_of_one_replication_reads_back() {
    let tmp = tempfile::tempdir().unwrap();
    expansim()
        .current_dir(tmp.path())
        .args([
            "run",
            "--precision",
            "0.1",
            "--max-replications",
            "1",
            "--quiet",
            "--out",
            "p",
        ])
        .assert()
        .success();
    let manifest = String::from_utf8(read(tmp.path().join("p/run.json"))).unwrap();
    assert!(manifest.contains("\"achieved\": null"), "{manifest}");
    expansim()
        .current_dir(tmp.path())
        .args(["report", "p"])
        .assert()
        .success();
}

/// A folder asked for under a file is a usage problem that names the file, found before
/// any work.
#[test]
fn a_results_folder_under_a_file_is_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    expansim()
        .current_dir(tmp.path())
        .args(["run", "-r", "2", "--quiet", "--out", "notes.txt/run"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "'notes.txt/run' cannot be made: 'notes.txt' is a file",
        ));
    assert_eq!(read(tmp.path().join("notes.txt")), b"mine");
}

/// Printed results that cannot be written (standard output on a full disk) are a failure,
/// said, not a success.
#[cfg(target_os = "linux")]
#[test]
fn printed_results_that_cannot_be_written_fail() {
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("Linux has /dev/full");
    let out = Process::new(assert_cmd::cargo::cargo_bin("expansim"))
        .args(["show"])
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("could not write to standard output"),
        "{stderr}"
    );
}
