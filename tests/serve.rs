//! `expansim serve`: the page in the language asked for, runs that give the figures of
//! `expansim run`, bad input refused while the server keeps serving, 30 browsers pressing
//! Run together, Ctrl-C; and the page in a real Chromium driven through WebDriver (with
//! `EXPANSIM_BROWSER_TEST=1`, as `.ci/run` sets, which also installs `chromium-driver`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `expansim serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
    stderr: Option<std::process::ChildStderr>,
}

impl Server {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_expansim"));
        cmd.arg("serve").arg("--port").arg("0").args(args);
        cmd.env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("expansim serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        let stderr = child.stderr.take();
        Server {
            child,
            addr,
            stderr,
        }
    }

    /// Sends Ctrl-C (SIGINT) and waits for the server to end: cleanly, within 20 s.
    fn interrupt(&mut self) {
        let pid = self.child.id().to_string();
        assert!(
            Command::new("kill")
                .args(["-INT", &pid])
                .status()
                .unwrap()
                .success()
        );
        let t = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "{status:?}");
                break;
            }
            assert!(
                t.elapsed() < Duration::from_secs(20),
                "still running after Ctrl-C"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Resident memory of the server, in MiB.
    fn rss_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request; the status and the body.
fn http(addr: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    http_with(addr, method, path, "", body)
}

/// [`http`] with more header lines (each ending in `\r\n`).
fn http_with(addr: &str, method: &str, path: &str, headers: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(600))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    // Bodies come whole or chunked; a chunked body is joined.
    let body = if text
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(&body)
    } else {
        body
    };
    (status, body)
}

fn dechunk(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&after[..n]);
        rest = &after[n + 2..];
    }
    out
}

/// The value of `data-value` of the first element whose attributes include `attrs`.
fn data_value(html: &str, attrs: &str) -> f64 {
    let i = html
        .find(attrs)
        .unwrap_or_else(|| panic!("{attrs} not in the answer"));
    let rest = &html[i..];
    let j = rest.find("data-value=\"").unwrap() + 12;
    rest[j..j + rest[j..].find('"').unwrap()].parse().unwrap()
}

/// Mean lead time of all classes from `expansim run --format json` with `args`.
fn cli_lead_time(args: &[&str]) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_expansim"))
        .args(["run", "--format", "json", "-q", "-o"])
        .arg(dir.path().join("r"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["class"] == "all" && r["metric"] == "lead_time" && r["subject"] == "")
        .unwrap()["mean"]
        .as_f64()
        .unwrap()
}

#[test]
fn the_page_is_written_in_the_language_of_lang_and_of_the_request() {
    let zh = Server::start(&[], &[("LANG", "zh_CN.UTF-8")]);
    let (status, page) = http(&zh.addr, "GET", "/", "");
    assert_eq!(status, 200);
    assert!(page.contains(r#"<html lang="zh-CN">"#), "{}", &page[..200]);
    assert!(page.contains("修改设置") && page.contains("流程图"));
    // The scenario's own labels, and a control for each pool.
    assert!(page.contains("设计审查") && page.contains(r#"data-path="pools.reviewer""#));
    let (_, en) = http(&zh.addr, "GET", "/?lang=en", "");
    assert!(en.contains(r#"<html lang="en">"#) && en.contains("Change settings"));
    let plain = Server::start(&[], &[("LANG", "C.UTF-8")]);
    assert!(
        http(&plain.addr, "GET", "/", "")
            .1
            .contains(r#"<html lang="en">"#)
    );
    let asked = Server::start(&["--lang", "zh"], &[("LANG", "en_US.UTF-8")]);
    assert!(
        http(&asked.addr, "GET", "/", "")
            .1
            .contains(r#"<html lang="zh-CN">"#)
    );
    // A server whose locale names no language answers in the browser's: Accept-Language by
    // its weights; `?lang=` as a tag, the first of two.
    let browser = |lang: &str| {
        let header = format!("Accept-Language: {lang}\r\n");
        http_with(&plain.addr, "GET", "/", &header, "").1
    };
    assert!(browser("zh-CN,zh;q=0.9,en;q=0.8").contains(r#"<html lang="zh-CN">"#));
    assert!(browser("fr-FR, en;q=0.5, zh;q=0.7").contains(r#"<html lang="zh-CN">"#));
    assert!(browser("fr, zh;q=0, en-GB;q=0.3").contains(r#"<html lang="en">"#));
    for path in ["/?lang=zh-CN", "/?lang=zh&lang=en", "/?lang=xx&lang=zh_TW"] {
        let (status, page) = http(&plain.addr, "GET", path, "");
        assert!(
            status == 200 && page.contains(r#"<html lang="zh-CN">"#),
            "{path}"
        );
    }
    // A language the server was given, by --lang or its locale, holds against the browser's.
    let header = "Accept-Language: zh-CN\r\n";
    let english = Server::start(&["--lang", "en"], &[("LANG", "C")]);
    for (server, want) in [(&asked, "zh-CN"), (&english, "en")] {
        let page = http_with(&server.addr, "GET", "/", header, "").1;
        assert!(page.contains(&format!(r#"<html lang="{want}">"#)));
    }
    let (_, en) = http_with(&zh.addr, "GET", "/", "Accept-Language: en\r\n", "");
    assert!(en.contains(r#"<html lang="zh-CN">"#));
    // The assets are in the binary.
    let (s, js) = http(&zh.addr, "GET", "/app.js", "");
    assert!(s == 200 && js.contains("/api/run"));
    assert_eq!(http(&zh.addr, "GET", "/etc/passwd", "").0, 404);
}

#[test]
fn a_run_gives_the_figures_of_expansim_run_with_the_same_settings() {
    let server = Server::start(&["--lang", "en"], &[]);
    let (status, body) = http(
        &server.addr,
        "POST",
        "/api/run",
        r#"{"values": {"pools.reviewer": 3, "pools.clerk": 4}, "replications": 3}"#,
    );
    assert_eq!(status, 200, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    let headline = answer["headline"].as_str().unwrap();
    let changed = data_value(
        headline,
        r#"data-variant="changed" data-class="all" data-metric="lead_time""#,
    );
    let base = data_value(
        headline,
        r#"data-variant="current" data-class="all" data-metric="lead_time""#,
    );
    assert_eq!(
        changed,
        cli_lead_time(&["--set", "pools.reviewer=3", "-r", "3"])
    );
    assert_eq!(base, cli_lead_time(&["-r", "3"]));
    // The command shown is that command; the report's charts and the coloured map come too.
    assert_eq!(
        answer["command"],
        "expansim run --set pools.reviewer=3 --set scenario.replications=3"
    );
    let report = answer["report"].as_str().unwrap();
    assert!(report.contains("Where the time goes") && report.contains("Each redesign against"));
    assert!(answer["map"].as_str().unwrap().contains("<svg"));
    // Its Run table gives that command, when it ran and the cases it simulated.
    assert!(
        report.contains(
            "<code>expansim run --set pools.reviewer=3 --set scenario.replications=3</code>"
        ),
        "{report}"
    );
    let cases = report
        .split("cases simulated</td><td>")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .and_then(|n| n.replace(',', "").parse::<u64>().ok())
        .unwrap_or(0);
    assert!(cases > 10_000, "cases simulated: {cases}");
    // A variant with changes on top.
    let (status, body) = http(
        &server.addr,
        "POST",
        "/api/run",
        r#"{"variant": "merged", "values": {"pools.inspector": 4}, "replications": 2}"#,
    );
    assert_eq!(status, 200, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    let changed = data_value(
        answer["headline"].as_str().unwrap(),
        r#"data-variant="changed" data-class="all" data-metric="lead_time""#,
    );
    assert_eq!(
        changed,
        cli_lead_time(&[
            "--variant",
            "merged",
            "--set",
            "pools.inspector=4",
            "-r",
            "2"
        ])
    );
}

#[test]
fn the_replay_traces_both_over_the_same_weeks() {
    let server = Server::start(&[], &[]);
    let (status, body) = http(
        &server.addr,
        "POST",
        "/api/replay",
        r#"{"values": {"stages.handoff_plan_lv.duration": 5}, "weeks": 4}"#,
    );
    assert_eq!(status, 200, "{body}");
    let r: serde_json::Value = serde_json::from_str(&body).unwrap();
    let tracks = r["tracks"].as_array().unwrap();
    assert_eq!(tracks.len(), 2);
    // Weekends are closed: 8 of the 28 days, or more with holidays.
    let closed = r["closed_days"].as_array().unwrap().len();
    assert!((8..=14).contains(&closed), "{closed}");
    let from = r["from"].as_f64().unwrap();
    for t in tracks {
        assert!(t["activities"].as_array().unwrap().len() > 500);
        // It opens on a full process: the county holds about 480 cases on average (its
        // `wip`), and those in it when the replay starts are drawn too.
        let mut before: Vec<f64> = t["activities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a[3].as_f64().unwrap() < from)
            .map(|a| a[0].as_f64().unwrap())
            .collect();
        before.sort_by(f64::total_cmp);
        before.dedup();
        assert!(before.len() > 200, "{} cases in the process", before.len());
        assert!(
            t["map"]["stages"]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s.is_array())
        );
    }
    // The same cases arrive in both (common random numbers).
    let arrivals = |t: &serde_json::Value| {
        t["cases"].as_array().unwrap()[..50]
            .iter()
            .map(|c| c[2].as_f64().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(arrivals(&tracks[0]), arrivals(&tracks[1]));
}

/// Two stations in series, `b` with labels and a rework loop; `b`'s staff and time matter
/// most.
const TANDEM: &str = r#"
[scenario]
name = "tandem"
time_unit = "hour"
horizon = 2000
warmup = 200
replications = 5
seed = 11

[pools]
a = { size = 3 }
b = { size = 4, label = "审核岗" }

[[classes]]
name = "job"
label = "工单"
arrival_rate = 2
start = "first"

[stages.first]
pool = "a"
duration = { dist = "exponential", mean = 1 }
next = "second"

[stages.second]
pool = "b"
label = "审核"
duration = { dist = "exponential", mean = 1 }
next = [{ to = "second", p = 0.3 }, { to = "end", p = 0.7 }]
"#;

#[test]
fn which_inputs_matter_gives_the_effects_of_expansim_sensitivity_by_label() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tandem.toml");
    std::fs::write(&file, TANDEM).unwrap();
    let server = Server::start(&[file.to_str().unwrap(), "--lang", "zh"], &[]);
    let (status, body) = http(
        &server.addr,
        "POST",
        "/api/sensitivity",
        r#"{"values": {}}"#,
    );
    assert_eq!(status, 200, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    let html = answer["html"].as_str().unwrap();
    // The same changes as the command line (one, a's staff down to a full load, not run and
    // said so), named by label in the page's language.
    let out = dir.path().join("sens");
    let status = Command::new(env!("CARGO_BIN_EXE_expansim"))
        .arg("sensitivity")
        .arg(&file)
        .args(["--quiet", "-o"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let mut r = csv::Reader::from_path(out.join("sensitivity.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let runs = rows
        .iter()
        .map(|r| format!("{} {}", &r[0], &r[2]))
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    assert_eq!(answer["runs"], runs, "{html}");
    assert!(
        html.contains("a：人数 -1") && html.contains("5 次重复"),
        "{html}"
    );
    assert!(
        html.contains("全部类别 · 办电时长（小时）") && html.contains("工单 · 办电时长（小时）"),
        "{html}"
    );
    // Each bar carries the command's paired difference: one fewer and one more at b, and b's
    // time, on all classes' lead time.
    let diff = |input: &str, step: &str| {
        let r = rows
            .iter()
            .find(|r| &r[0] == input && &r[2] == step && &r[3] == "all" && &r[4] == "lead_time")
            .unwrap_or_else(|| panic!("{input} {step}"));
        r[8].parse::<f64>().unwrap()
    };
    let bar = |label: &str, colour: &str| {
        let chart = html.split("<figure>").nth(1).unwrap();
        data_value(chart, &format!(r#"fill="{colour}" data-input="{label}""#))
    };
    let (raised, lowered) = ("#d55e00", "#0072b2");
    assert_eq!(bar("审核岗：人数", lowered), diff("pools.b", "-1"));
    assert_eq!(bar("审核岗：人数", raised), diff("pools.b", "+1"));
    assert_eq!(
        bar("审核：时长", raised),
        diff("stages.second.duration", "+20%")
    );
    assert!(diff("pools.b", "-1") > 0.0);
    // Too much work is refused, with what to do about it: the county's 115 changes on its 20
    // replications.
    let county = Server::start(&["--lang", "en"], &[]);
    let (status, body) = http(
        &county.addr,
        "POST",
        "/api/sensitivity",
        r#"{"values": {}}"#,
    );
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("fewer replications"), "{body}");
}

#[test]
fn bad_input_is_refused_with_a_message_and_the_server_keeps_serving() {
    let server = Server::start(&["--lang", "en"], &[]);
    let cases = [
        (r#"{"values": {"pools.reviewer": -1}}"#, "pools.reviewer"),
        (r#"{"values": {"pools.reviewer": 2.5}}"#, "whole people"),
        (r#"{"values": {"scenario.seed": 1}}"#, "scenario.seed"),
        (r#"{"replications": 100000}"#, "replications = 100000"),
        (r#"{"variant": "nope"}"#, "\"nope\""),
        (r#"{"weeks": 1000}"#, "weeks = 1000"),
        (
            r#"{"values": {"classes.hv_single.arrival_rate": 1e9}}"#,
            "arrival_rate",
        ),
        (r#"{"surprise": 1}"#, "surprise"),
        ("not json", "not the page's settings"),
        ("[]", "expected an object"),
        // A value of the wrong type is named by the setting the page shows, in the
        // request's language.
        (
            r#"{"replications": 1.5, "lang": "zh"}"#,
            "重复次数：请填写整数（1.5）",
        ),
        (
            r#"{"replications": -3}"#,
            "Replications: enter a count from 1 (-3)",
        ),
        // Too many to hold is still a whole number.
        (
            r#"{"replications": 5000000000}"#,
            "replications = 5000000000 is outside 1 to 200",
        ),
        (r#"{"weeks": 5000000000, "lang": "zh"}"#, "5000000000"),
        (
            r#"{"replications": 1e20}"#,
            "replications = 100000000000000000000 is outside 1 to 200",
        ),
        // A whole number written as a decimal, past the limit: the limit is the problem.
        (
            r#"{"replications": 1e9}"#,
            "replications = 1000000000 is outside 1 to 200",
        ),
        (
            r#"{"weeks": 1.5, "lang": "zh"}"#,
            "回放周数：请填写整数（1.5）",
        ),
        (
            r#"{"values": {"pools.reviewer": "abc", "pools.clerk": null}}"#,
            "reviewer: enter a number (\"abc\")",
        ),
    ];
    for (body, needle) in cases {
        let (status, answer) = http(&server.addr, "POST", "/api/run", body);
        assert_eq!(status, 400, "{body}: {answer}");
        let e: serde_json::Value = serde_json::from_str(&answer).unwrap();
        assert!(
            e["error"].as_str().unwrap().contains(needle),
            "{body}: {answer}"
        );
    }
    // A body beyond the limit is refused before it is read.
    let big = format!(r#"{{"variant": "{}"}}"#, "x".repeat(200_000));
    assert_eq!(http(&server.addr, "POST", "/api/run", &big).0, 413);
    // ... and so is one declared beyond it, at once, without waiting for the body.
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "POST /api/run HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut head = [0u8; 12];
    s.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 413");
    // Other addresses and methods are answered with a message, not an empty body.
    for (method, path, status, needle) in [
        ("GET", "/nope", 404, "the page is at /"),
        ("POST", "/", 405, "answers GET only"),
        ("GET", "/api/run", 405, "answers POST only"),
    ] {
        let (got, answer) = http(&server.addr, method, path, "");
        assert_eq!(got, status, "{method} {path}: {answer}");
        let e: serde_json::Value = serde_json::from_str(&answer).unwrap();
        assert!(e["error"].as_str().unwrap().contains(needle), "{answer}");
    }
    let (status, _) = http(&server.addr, "POST", "/api/run", r#"{"replications": 1}"#);
    assert_eq!(status, 200);
    // The controls of a variant carry the values it runs; an unknown one is refused.
    let (status, answer) = http(&server.addr, "GET", "/api/controls?variant=digital", "");
    assert_eq!(status, 200, "{answer}");
    let controls: serde_json::Value = serde_json::from_str(&answer).unwrap();
    let handoff = controls
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"] == "stages.handoff_check_lv.duration")
        .unwrap();
    assert!(
        (handoff["value"].as_f64().unwrap() - 0.05).abs() < 1e-9,
        "{handoff}"
    );
    let (status, answer) = http(&server.addr, "GET", "/api/controls?variant=nope", "");
    assert_eq!(status, 400, "{answer}");
    // Before the body's own `lang` is read, a refusal is in the language of `?lang=`.
    for (method, path, body, needle) in [
        (
            "GET",
            "/api/controls?variant=nope&lang=zh",
            "",
            "情景中没有方案",
        ),
        (
            "POST",
            "/api/run?lang=zh",
            "not json",
            "请求的内容不是本页的设置",
        ),
    ] {
        let (status, answer) = http(&server.addr, method, path, body);
        assert_eq!(status, 400, "{path}: {answer}");
        assert!(answer.contains(needle), "{path}: {answer}");
    }
}

#[test]
fn thirty_clients_pressing_run_five_times_each_all_get_answers() {
    let server = Server::start(&["--lang", "en"], &[]);
    let addr = server.addr.clone();
    let rss_before = server.rss_mib();
    let started = Instant::now();
    let threads: Vec<_> = (0..30)
        .map(|c| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let mut slowest = Duration::ZERO;
                for k in 0..5 {
                    let body = format!(
                        r#"{{"values": {{"pools.reviewer": {}}}, "replications": 2}}"#,
                        2 + (c + k) % 3
                    );
                    let t = Instant::now();
                    let (status, answer) = http(&addr, "POST", "/api/run", &body);
                    slowest = slowest.max(t.elapsed());
                    assert_eq!(status, 200, "client {c}, run {k}: {answer}");
                    assert!(answer.contains("\"headline\""));
                }
                slowest
            })
        })
        .collect();
    let slowest = threads
        .into_iter()
        .map(|t| t.join().expect("every client is answered"))
        .max()
        .unwrap();
    let took = started.elapsed();
    let rss_after = server.rss_mib();
    eprintln!(
        "load: 150 runs by 30 clients in {:.1} s, slowest answer {:.1} s, server memory {rss_before:.0} MiB before, {rss_after:.0} MiB after",
        took.as_secs_f64(),
        slowest.as_secs_f64()
    );
    // Generous bounds: a 2-core machine answers in about a minute.
    assert!(took < Duration::from_secs(900), "{took:?}");
    assert!(rss_after < 1024.0, "memory {rss_after} MiB");
}

#[test]
fn ctrl_c_stops_the_server_cleanly_and_another_host_is_announced() {
    let mut server = Server::start(&["--host", "0.0.0.0"], &[]);
    let mut warning = String::new();
    BufReader::new(server.stderr.take().unwrap())
        .read_line(&mut warning)
        .unwrap();
    assert!(
        warning.contains("WARNING") && warning.contains("127.0.0.1"),
        "{warning}"
    );
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    assert_eq!(http(&format!("127.0.0.1:{port}"), "GET", "/", "").0, 200);
    server.interrupt();
}

/// Ctrl-C while a long run is under way stops that run at its next replication: the server
/// ends within moments (not when the run would have ended, about a minute later), and the
/// run's client is told it was stopped.
#[test]
fn ctrl_c_during_a_long_run_stops_the_run() {
    let mut server = Server::start(&["--lang", "en"], &[]);
    let addr = server.addr.clone();
    let client = std::thread::spawn(move || {
        http(
            &addr,
            "POST",
            "/api/run",
            r#"{"replications": 200, "values": {"classes.lv_residential.arrival_rate": 168}}"#,
        )
    });
    std::thread::sleep(Duration::from_millis(1500));
    server.interrupt();
    let (status, body) = client.join().unwrap();
    // Not the request's fault: the server is stopping.
    assert_eq!(status, 503, "{body}");
    assert!(
        body.contains("the run was stopped before it finished"),
        "{body}"
    );
}

// ---- in a real browser ----------------------------------------------------------------

/// A running chromedriver, stopped when dropped with the Chromium it started (found by its
/// profile folder), even when the test fails half-way.
struct Driver(Child, String, PathBuf);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
        let _ = Command::new("pkill")
            .arg("-f")
            .arg(self.2.display().to_string())
            .status();
    }
}

/// A WebDriver session in headless Chromium with a window of `size` (`"1400,1000"`).
async fn session(driver: &Driver, profile: &std::path::Path, size: &str) -> fantoccini::Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", format!("--window-size={size}"),
                format!("--user-data-dir={}", profile.display())]
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    fantoccini::ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&driver.1)
        .await
        .expect("a WebDriver session in Chromium")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn chromedriver(profile: &std::path::Path) -> Driver {
    let port = free_port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver (Debian's chromium-driver) is installed");
    let addr = format!("127.0.0.1:{port}");
    let t = Instant::now();
    while http_ok(&addr).is_none() {
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Driver(child, format!("http://{addr}"), profile.to_path_buf())
}

fn http_ok(addr: &str) -> Option<()> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(
        s,
        "GET /status HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    // chromedriver keeps the connection open: the status line is enough.
    let mut b = [0u8; 16];
    let n = s.read(&mut b).ok()?;
    String::from_utf8_lossy(&b[..n])
        .contains("200")
        .then_some(())
}

/// Where screenshots go: target/screenshots, and docs/ with EXPANSIM_SCREENSHOTS=docs.
fn save_screenshot(name: &str, png: &[u8]) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("target/screenshots")];
    if std::env::var("EXPANSIM_SCREENSHOTS").as_deref() == Ok("docs") {
        dirs.push(root.join("docs"));
    }
    for d in dirs {
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join(name), png).unwrap();
    }
}

#[test]
fn in_chromium_a_trainer_changes_a_pool_runs_plays_the_replay_and_switches_language() {
    if std::env::var("EXPANSIM_BROWSER_TEST").is_err() {
        eprintln!(
            "skipped: set EXPANSIM_BROWSER_TEST=1 (with chromium and chromium-driver installed)"
        );
        return;
    }
    let server = Server::start(&["--lang", "zh"], &[]);
    let profile = tempfile::tempdir().unwrap();
    let driver = chromedriver(profile.path());
    let expected = cli_lead_time(&["--set", "pools.reviewer=3", "-r", "5"]);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        use fantoccini::Locator;
        let c = session(&driver, profile.path(), "1400,1000").await;
        let url = format!("http://{}/", server.addr);
        c.goto(&url).await.unwrap();
        // Written in Chinese before any script runs.
        let html = c.find(Locator::Css("html")).await.unwrap();
        assert_eq!(html.attr("lang").await.unwrap().as_deref(), Some("zh-CN"));
        let heading = c.find(Locator::Css("aside h2")).await.unwrap().text().await.unwrap();
        assert_eq!(heading, "修改设置");
        save_screenshot("serve-start.png", &c.screenshot().await.unwrap());

        // One more design reviewer, five replications, Run.
        let reviewer = c
            .find(Locator::Css(r#"input[data-path="pools.reviewer"]"#))
            .await
            .unwrap();
        reviewer.clear().await.unwrap();
        reviewer.send_keys("3").await.unwrap();
        let reps = c.find(Locator::Css("#replications")).await.unwrap();
        reps.clear().await.unwrap();
        reps.send_keys("5").await.unwrap();
        let t = Instant::now();
        c.find(Locator::Css("#run")).await.unwrap().click().await.unwrap();
        c.wait().at_most(Duration::from_secs(120))
            .for_element(Locator::Css(r#"body[data-runs="1"]"#))
            .await
            .expect("the figures arrive");
        eprintln!("browser: Run to figures in {:.2} s", t.elapsed().as_secs_f64());
        let cell = c
            .find(Locator::Css(
                r#"#headline td[data-variant="changed"][data-class="all"][data-metric="lead_time"]"#,
            ))
            .await
            .unwrap();
        let shown: f64 = cell.attr("data-value").await.unwrap().unwrap().parse().unwrap();
        assert_eq!(shown, expected, "the page and `expansim run --set pools.reviewer=3 -r 5`");
        let text = c.find(Locator::Css("#results")).await.unwrap().text().await.unwrap();
        assert!(text.contains("时间花在哪里"), "the report's sections in Chinese");
        save_screenshot("serve-results.png", &c.screenshot().await.unwrap());

        // The replay: the clock advances and cases move.
        c.wait().at_most(Duration::from_secs(120))
            .for_element(Locator::Css("#case option"))
            .await
            .expect("the replay is loaded");
        let clock = c.find(Locator::Css("#clock")).await.unwrap();
        let before: f64 = clock.attr("data-time").await.unwrap().unwrap().parse().unwrap();
        c.find(Locator::Css("#play")).await.unwrap().click().await.unwrap();
        tokio::time::sleep(Duration::from_millis(2500)).await;
        let after: f64 = clock.attr("data-time").await.unwrap().unwrap().parse().unwrap();
        assert!(after > before, "the clock advances: {before} → {after}");
        let dots = c.find_all(Locator::Css("#anim-1 circle.case")).await.unwrap();
        assert!(!dots.is_empty(), "cases are drawn");
        c.execute("document.querySelector('.player').scrollIntoView()", vec![])
            .await
            .unwrap();
        save_screenshot("serve-replay.png", &c.screenshot().await.unwrap());
        // The Gantt of the case chosen.
        let bars = c.find_all(Locator::Css("#gantt svg rect")).await.unwrap();
        assert!(bars.len() >= 3, "{} bars", bars.len());
        c.execute("document.querySelector('#gantt').scrollIntoView()", vec![])
            .await
            .unwrap();
        save_screenshot("serve-gantt.png", &c.screenshot().await.unwrap());

        // Which inputs matter: a tornado per class, inputs named by their Chinese labels.
        c.find(Locator::Css("#sensitivity")).await.unwrap().click().await.unwrap();
        let t = Instant::now();
        c.wait().at_most(Duration::from_secs(300))
            .for_element(Locator::Css("#tornado svg rect[data-input]"))
            .await
            .expect("the tornado charts arrive");
        eprintln!("browser: which inputs matter in {:.1} s", t.elapsed().as_secs_f64());
        let first = c.find(Locator::Css("#tornado figure h3")).await.unwrap().text().await.unwrap();
        assert_eq!(first, "全部类别 · 办电时长（天）");
        let bars = c.find_all(Locator::Css("#tornado rect[data-input]")).await.unwrap();
        let mut named = Vec::new();
        for b in &bars {
            named.push(b.attr("data-input").await.unwrap().unwrap_or_default());
        }
        assert!(named.iter().any(|n| n.ends_with("：人数")), "{named:?}");
        c.execute("document.querySelector('#tornado').scrollIntoView()", vec![])
            .await
            .unwrap();
        save_screenshot("serve-sensitivity.png", &c.screenshot().await.unwrap());

        // Bad input: the message is shown in the page.
        reviewer.clear().await.unwrap();
        reviewer.send_keys("-5").await.unwrap();
        c.find(Locator::Css("#run")).await.unwrap().click().await.unwrap();
        let error = c.wait().at_most(Duration::from_secs(120))
            .for_element(Locator::Css("#error:not([hidden])"))
            .await
            .expect("the error is shown");
        assert!(error.text().await.unwrap().contains("pools.reviewer"));
        // The figures still on screen are marked as those of earlier settings.
        c.find(Locator::Css("body.stale #stale:not([hidden])"))
            .await
            .expect("the figures are marked as out of date");
        reviewer.clear().await.unwrap();
        reviewer.send_keys("3").await.unwrap();
        // An emptied box is not run as 0: the message names the setting, and nothing runs.
        let handoff = c
            .find(Locator::Css(r#"input[data-path^="stages."]"#))
            .await
            .unwrap();
        let default = handoff.attr("data-default").await.unwrap().unwrap();
        let label = c
            .execute(
                "return document.querySelector('input[data-path^=\"stages.\"]').closest('label').querySelector('span').textContent",
                vec![],
            )
            .await
            .unwrap();
        handoff.clear().await.unwrap();
        c.find(Locator::Css("#run")).await.unwrap().click().await.unwrap();
        let said = c.find(Locator::Css("#error:not([hidden])")).await.unwrap().text().await.unwrap();
        assert!(
            said.contains(&format!("{}：请填写数字", label.as_str().unwrap())),
            "{said}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
        c.find(Locator::Css(r#"body[data-runs="1"]"#))
            .await
            .expect("nothing ran");
        handoff.send_keys(&default).await.unwrap();

        // English, with the settings kept.
        c.find(Locator::Css(r#"#lang a[data-lang="en"]"#))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        c.wait().at_most(Duration::from_secs(120))
            .for_element(Locator::Css(r#"html[lang="en"]"#))
            .await
            .expect("the page in English");
        let heading = c.find(Locator::Css("aside h2")).await.unwrap().text().await.unwrap();
        assert_eq!(heading, "Change settings");
        let kept = c
            .find(Locator::Css(r#"input[data-path="pools.reviewer"]"#))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap();
        assert_eq!(kept.as_deref(), Some("3"));

        // A variant shows the values it runs; a value changed by hand stays, and a stage
        // the variant merged away is not offered.
        let value = |path: &'static str| {
            let c = c.clone();
            async move {
                let input = c
                    .find(Locator::Css(&format!(r#"input[data-path="{path}"]"#)))
                    .await
                    .unwrap();
                (
                    input.prop("value").await.unwrap().unwrap_or_default(),
                    input.prop("disabled").await.unwrap().as_deref() == Some("true"),
                )
            }
        };
        let variant = c.find(Locator::Css("#variant")).await.unwrap();
        variant.select_by_value("digital").await.unwrap();
        assert_eq!(value("stages.handoff_check_lv.duration").await, ("0.05".into(), false));
        assert_eq!(value("classes.lv_residential.arrival_rate").await, ("11.507".into(), false));
        assert_eq!(value("pools.reviewer").await, ("3".into(), false));
        variant.select_by_value("merged").await.unwrap();
        assert!(value("stages.handoff_check_lv.duration").await.1, "merged has no such hand-off");
        assert_eq!(value("classes.lv_residential.arrival_rate").await, ("16.8".into(), false));
        save_screenshot("serve-variant.png", &c.screenshot().await.unwrap());
        c.close().await.unwrap();
    });
}

/// On a laptop's 1,024 × 768 the page never scrolls sideways, before or after Run, and the
/// figures shown come back after a switch of language, run again with the same settings.
#[test]
fn in_chromium_the_page_fits_a_small_laptop_and_keeps_its_figures_over_a_switch_of_language() {
    if std::env::var("EXPANSIM_BROWSER_TEST").is_err() {
        eprintln!(
            "skipped: set EXPANSIM_BROWSER_TEST=1 (with chromium and chromium-driver installed)"
        );
        return;
    }
    let server = Server::start(&["--lang", "zh"], &[]);
    let profile = tempfile::tempdir().unwrap();
    let driver = chromedriver(profile.path());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        use fantoccini::Locator;
        let c = session(&driver, profile.path(), "1024,768").await;
        let sideways = || {
            let c = c.clone();
            async move {
                c.execute(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
                    vec![],
                )
                .await
                .unwrap()
                .as_i64()
                .unwrap()
            }
        };
        c.goto(&format!("http://{}/", server.addr)).await.unwrap();
        assert_eq!(sideways().await, 0, "before Run");
        let reviewer = c
            .find(Locator::Css(r#"input[data-path="pools.reviewer"]"#))
            .await
            .unwrap();
        reviewer.clear().await.unwrap();
        reviewer.send_keys("3").await.unwrap();
        let reps = c.find(Locator::Css("#replications")).await.unwrap();
        reps.clear().await.unwrap();
        reps.send_keys("2").await.unwrap();
        c.find(Locator::Css("#run")).await.unwrap().click().await.unwrap();
        c.wait().at_most(Duration::from_secs(120))
            .for_element(Locator::Css(r#"body[data-runs="1"]"#))
            .await
            .expect("the figures arrive");
        let figure = || {
            let c = c.clone();
            async move {
                c.find(Locator::Css(
                    r#"#headline td[data-variant="changed"][data-class="all"][data-metric="lead_time"]"#,
                ))
                .await
                .unwrap()
                .attr("data-value")
                .await
                .unwrap()
                .unwrap()
            }
        };
        let before = figure().await;
        assert_eq!(sideways().await, 0, "after Run");
        save_screenshot("serve-1024.png", &c.screenshot().await.unwrap());
        c.find(Locator::Css(r#"#lang a[data-lang="en"]"#))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        c.wait().at_most(Duration::from_secs(120))
            .for_element(Locator::Css(r#"html[lang="en"] body[data-runs="1"]"#))
            .await
            .expect("the figures again, in English");
        assert_eq!(figure().await, before, "the same settings, the same figures");
        let heading = c.find(Locator::Css("#headline h2")).await.unwrap().text().await.unwrap();
        assert_eq!(heading, "Results");
        assert_eq!(sideways().await, 0, "in English");
        c.close().await.unwrap();
    });
    drop(driver);
}
