//! report.html, event logs and cases.csv, read back as their users' tools would.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

const SCENARIO: &str = r#"
[scenario]
name = "small office"
time_unit = "hour"
horizon = 2000
warmup = 200
replications = 4
seed = 11

[pools]
desk = { size = 2, label = "窗口" }
review = 1

[[classes]]
name = "small"
label = "小客户"
arrival_rate = 0.5
start = "accept"
limit = "8h"

[[classes]]
name = "large"
arrival_rate = 0.1
start = "accept"
limit = "30h"

[stages.accept]
label = "受理"
pool = "desk"
duration = { dist = "triangular", min = 0.5, mode = 1, max = 2 }
next = "paper"

[stages.paper]
handoff = true
duration = { dist = "uniform", min = 1, max = 3 }
next = "review"

[stages.review]
pool = "review"
duration = { dist = "exponential", mean = 0.8 }
next = { rework = "fix", p = 0.3, max = 2, otherwise = "end" }

[stages.fix]
external = true
duration = { dist = "exponential", mean = 5 }
next = "review"

[variants.digital]
label = "线上"
digital_handoff = { delay = 0.1 }

[variants.more_review]
set = { "pools.review" = 2 }
"#;

fn expansim() -> Command {
    Command::cargo_bin("expansim").expect("binary builds")
}

/// Runs `compare` with every optional output into a fresh folder.
fn outputs(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("small.toml");
    fs::write(&scenario, SCENARIO).unwrap();
    let out = dir.path().join("out");
    expansim()
        .args(["compare", "--quiet", "--report", "--event-log", "--cases"])
        .args(extra)
        .arg("--out")
        .arg(&out)
        .arg(&scenario)
        .assert()
        .success();
    (dir, out)
}

/// `variant,class,metric,subject` → the `mean` column of summary.csv, as written.
fn summary_means(out: &Path) -> BTreeMap<(String, String, String, String), String> {
    let mut r = csv::Reader::from_path(out.join("summary.csv")).unwrap();
    r.records()
        .map(|x| x.unwrap())
        .map(|x| {
            (
                (
                    x[0].to_string(),
                    x[1].to_string(),
                    x[2].to_string(),
                    x[3].to_string(),
                ),
                x[5].to_string(),
            )
        })
        .collect()
}

/// The value of attribute `name` in an element's text `<... name="value" ...>`.
fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = element.find(&key)? + key.len();
    let end = element[start..].find('"')? + start;
    Some(&element[start..end])
}

#[test]
fn the_report_has_every_chart_and_its_numbers_are_the_summary_values() {
    let (_dir, out) = outputs(&[]);
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    // Self-contained: nothing to fetch, nothing to run.
    for bad in ["<script", "http://", "https://", "@import", "<link"] {
        assert!(!html.contains(bad), "report.html contains {bad}");
    }
    // Notes speak of what the scenario has: limits, but no calendar to shade.
    assert!(html.contains("The red line marks the statutory limit"));
    assert!(!html.contains("Shaded days are closed"));
    for heading in [
        "Lead time by class",
        "Where the time goes",
        "Lead-time distribution",
        "Statutory limit met",
        "Each redesign against current",
        "Staff utilisation",
        "Queues over time",
        "Scenario and run",
    ] {
        assert!(
            html.contains(&format!("<h2>{heading}")),
            "missing section {heading}"
        );
    }
    // The share of hands-on work is the one measured, not a fixed phrase.
    let means = summary_means(&out);
    let shares: Vec<f64> = means
        .iter()
        .filter(|((v, _, m, _), _)| v == "current" && m == "flow_efficiency")
        .map(|(_, x)| x.parse::<f64>().unwrap())
        .collect();
    let pct = |x: f64| format!("{:.1} %", 100.0 * x);
    let (lo, hi) = (
        pct(shares.iter().copied().fold(f64::INFINITY, f64::min)),
        pct(shares.iter().copied().fold(0.0, f64::max)),
    );
    let share = if lo == hi { lo } else { format!("{lo}–{hi}") };
    assert!(
        html.contains(&format!(
            "Hands-on work is {share} of a case's lead time in the current process, over the classes"
        )),
        "{share}"
    );
    assert!(!html.contains("Only a small part"));
    // Labels, Chinese included, are used.
    assert!(html.contains("小客户") && html.contains("窗口") && html.contains("线上"));
    // Every chart has something drawn in it.
    let svgs: Vec<&str> = html.split("<svg").skip(1).collect();
    assert!(svgs.len() >= 15, "only {} charts", svgs.len());
    for (i, svg) in svgs.iter().enumerate() {
        let body = &svg[..svg.find("</svg>").unwrap()];
        let marks = body.matches("<rect").count()
            + body.matches("<circle").count()
            + body.matches("<path").count();
        assert!(marks > 0, "chart {i} is empty");
    }
    // Every number carried by a mark equals the summary.csv value.
    let mut checked = 0;
    for element in html.split('<').filter(|e| e.contains(" data-value=\"")) {
        let metric = attr(element, "data-metric").unwrap();
        if metric == "lead_time_difference" {
            continue;
        }
        let key = (
            attr(element, "data-variant").unwrap().to_string(),
            attr(element, "data-class").unwrap().to_string(),
            metric.to_string(),
            attr(element, "data-subject").unwrap().to_string(),
        );
        let expected = means
            .get(&key)
            .unwrap_or_else(|| panic!("{key:?} not in summary.csv"));
        assert_eq!(attr(element, "data-value").unwrap(), expected, "{key:?}");
        checked += 1;
    }
    assert!(checked > 50, "only {checked} numbers checked");
    // The comparison's differences are those of comparison.csv.
    let mut r = csv::Reader::from_path(out.join("comparison.csv")).unwrap();
    let diffs: BTreeSet<String> = r
        .records()
        .map(|x| x.unwrap())
        .filter(|x| &x[3] == "lead_time")
        .map(|x| format!("{}/{}/{}", &x[0], &x[2], &x[8]))
        .collect();
    let drawn: BTreeSet<String> = html
        .split('<')
        .filter(|e| attr(e, "data-metric") == Some("lead_time_difference"))
        .map(|e| {
            format!(
                "{}/{}/{}",
                attr(e, "data-variant").unwrap(),
                attr(e, "data-class").unwrap(),
                attr(e, "data-value").unwrap()
            )
        })
        .collect();
    assert_eq!(drawn, diffs);
    // Case counts of the distributions add up to the finished cases of each variant.
    let distribution_cases: Vec<u64> = html
        .split('<')
        .filter(|e| attr(e, "data-chart") == Some("distribution"))
        .map(|e| attr(e, "data-cases").unwrap().parse().unwrap())
        .collect();
    assert!(distribution_cases.iter().all(|&n| n > 100));
}

/// The utilisation chart has a bar for each member group beside its pool's, in every
/// variant that has staff in it (the county's `training` moves planners and reviewers into
/// a trained group), each the summary.csv value.
#[test]
fn utilisation_is_drawn_per_member_group_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    expansim()
        .args([
            "compare",
            "--quiet",
            "--report",
            "-r",
            "2",
            "--variants",
            "training",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    let drawn: BTreeSet<(String, String)> = html
        .split('<')
        .filter(|e| attr(e, "data-metric") == Some("utilization"))
        .map(|e| {
            (
                attr(e, "data-variant").unwrap().to_string(),
                attr(e, "data-subject").unwrap().to_string(),
            )
        })
        .collect();
    let groups: BTreeSet<(String, String)> = summary_means(&out)
        .into_keys()
        .filter(|(_, class, metric, subject)| {
            class == "all" && metric == "utilization" && subject.contains('/')
        })
        .map(|(variant, _, _, subject)| (variant, subject))
        .collect();
    assert!(groups.len() >= 4, "{groups:?}");
    let missing: Vec<_> = groups.difference(&drawn).collect();
    assert!(missing.is_empty(), "no bar for {missing:?}");
}

#[test]
fn a_chinese_report_gives_its_warnings_in_chinese() {
    // An overloaded reviewer: the warning kept in run.json is English; the page says it in
    // the language of --lang, as the terminal does.
    let (_dir, out) = outputs(&["--lang", "zh", "--set", "stages.review.duration.mean=1.5"]);
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("岗位 <code>review</code> 不稳定"),
        "no Chinese warning"
    );
    assert!(
        !html.contains("is unstable"),
        "an English warning in the Chinese page"
    );
}

/// A merged step keeps its first stage's key: its figures get a row named by the merged
/// step, next to the row of the stage it replaces, never the figures of one under the
/// other's name; so does a merged step named anew, and one labelled as the stage it
/// replaces gets a row of its own that names the variants having it.
#[test]
fn a_merged_step_has_its_own_row_in_the_stages_table() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("merged.toml");
    let merge = |name: &str, extra: &str| {
        format!(
            "[variants.{name}]\nmerge = {{ stages = [\"accept\", \"review\"], {extra}, duration = {{ dist = \"exponential\", mean = 1.5 }} }}\n"
        )
    };
    let text = format!(
        "{SCENARIO}\n{}{}{}",
        merge("merged", "label = \"一次办\""),
        merge("same", "label = \"受理\""),
        merge("renamed", "name = \"front\", label = \"前台\"")
    );
    fs::write(&scenario, text).unwrap();
    let out = dir.path().join("out");
    expansim()
        .args(["compare", "--quiet", "--report", "-r", "2", "--out"])
        .arg(&out)
        .arg(&scenario)
        .assert()
        .success();
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    let table = &html[html.find("<h3>Stages</h3>").expect("a stages table")..];
    let table = &table[..table.find("</table>").unwrap()];
    // Each row's label and its cells: current, digital, more_review, merged, same, renamed.
    let rows: Vec<(String, Vec<String>)> = table
        .split("<tr>")
        .skip(2)
        .map(|row| {
            let cells: Vec<String> = row
                .split("<td>")
                .skip(1)
                .map(|c| c.split("</td>").next().unwrap().to_string())
                .collect();
            (cells[0].clone(), cells[2..].to_vec())
        })
        .collect();
    let at = |label: &str| {
        rows.iter()
            .position(|(l, _)| l == label)
            .unwrap_or_else(|| panic!("no row {label} in {rows:?}"))
    };
    // The stage `accept`, then the three steps that continue its work, in the variants'
    // order.
    let accept = at("受理 · accept");
    assert_eq!(at("一次办 · accept"), accept + 1, "{rows:?}");
    assert_eq!(at("受理 · accept (same)"), accept + 2, "{rows:?}");
    assert_eq!(at("前台 · front"), accept + 3, "{rows:?}");
    // Each row has figures for the variants that have its step, dashes for the others.
    let dash = "–";
    for (row, having) in [(0, [true, true, true, false, false, false])]
        .into_iter()
        .chain((1..4).map(|k| {
            let mut having = [false; 6];
            having[2 + k] = true;
            (k, having)
        }))
    {
        let cells = &rows[accept + row].1;
        for (cell, has) in cells.iter().zip(having) {
            assert_eq!(cell != dash, has, "row {}: {rows:?}", accept + row);
        }
    }
}

#[test]
fn report_from_a_results_folder_equals_the_one_written_by_the_run() {
    let (_dir, out) = outputs(&[]);
    let first = fs::read(out.join("report.html")).unwrap();
    // Refuses to replace it without --force.
    expansim().arg("report").arg(&out).assert().code(2);
    expansim()
        .args(["report", "--quiet", "--force"])
        .arg(&out)
        .assert()
        .success();
    assert!(first == fs::read(out.join("report.html")).unwrap());
    // A folder whose summary no longer matches its manifest is refused.
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    fs::write(out.join("summary.csv"), summary.replacen(",4\n", ",5\n", 1)).unwrap();
    expansim()
        .args(["report", "--quiet", "--force"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("does not reproduce")
                // The line that differs, and a command that writes into this folder.
                .and(predicates::str::contains(",5 in the file, "))
                .and(predicates::str::contains(",4 re-run"))
                .and(predicates::str::contains(format!(
                    "--report --force --out {}",
                    out.display()
                ))),
        );
}

#[test]
fn event_logs_parse_back_with_ordered_events_and_the_cases_of_cases_csv() {
    let (_dir, out) = outputs(&["--log-replications", "0,2", "--log-cases", "all"]);
    // cases.csv: one row per case.
    let mut r = csv::Reader::from_path(out.join("cases.csv")).unwrap();
    let cases: BTreeSet<String> = r.records().map(|x| x.unwrap()[2].to_string()).collect();
    assert!(cases.len() > 500);
    // The CSV log: every activity starts when or after it is enabled and ends after it starts.
    let mut r = csv::Reader::from_path(out.join("event_log.csv")).unwrap();
    assert_eq!(
        r.headers().unwrap().iter().take(5).collect::<Vec<_>>(),
        [
            "case:concept:name",
            "concept:name",
            "org:resource",
            "start_timestamp",
            "time:timestamp"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let parse = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
    let mut csv_cases = BTreeSet::new();
    // When each case reached its first stage: its arrival.
    let mut arrivals = BTreeMap::new();
    for row in &rows {
        let (start, end, enabled) = (parse(&row[3]), parse(&row[4]), parse(&row[5]));
        assert!(enabled <= start && start <= end, "{row:?}");
        assert!(row[3].ends_with("+08:00"));
        csv_cases.insert(row[0].to_string());
        let first = arrivals.entry(row[0].to_string()).or_insert(enabled);
        *first = (*first).min(enabled);
    }
    assert_eq!(csv_cases, cases);
    let replications: BTreeSet<&str> = rows.iter().map(|r| &r[7]).collect();
    assert_eq!(replications, ["0", "2"].into());
    // The XES log: well-formed, one trace per case, events in time order, each start before
    // its complete.
    let text = fs::read_to_string(out.join("event_log.xes")).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "log");
    let value = |n: roxmltree::Node, key: &str| {
        n.children()
            .find(|c| c.is_element() && c.attribute("key") == Some(key))
            .and_then(|c| c.attribute("value"))
            .map(str::to_string)
    };
    let mut xes_cases = BTreeSet::new();
    let mut events = 0;
    for trace in root.children().filter(|n| n.has_tag_name("trace")) {
        let case = value(trace, "concept:name").unwrap();
        // A trace says when its case arrived, as the CSV's first enabled time does.
        assert_eq!(parse(&value(trace, "arrival").unwrap()), arrivals[&case]);
        xes_cases.insert(case);
        let mut last = None;
        let mut open: BTreeMap<String, i32> = BTreeMap::new();
        for e in trace.children().filter(|n| n.has_tag_name("event")) {
            events += 1;
            let t = parse(&value(e, "time:timestamp").unwrap());
            assert!(last.is_none_or(|l| l <= t), "events out of order");
            last = Some(t);
            let activity = value(e, "concept:name").unwrap();
            match value(e, "lifecycle:transition").unwrap().as_str() {
                "start" => *open.entry(activity).or_default() += 1,
                "complete" => {
                    let n = open.entry(activity.clone()).or_default();
                    assert!(*n > 0, "{activity} completes before it starts");
                    *n -= 1;
                }
                other => panic!("transition {other}"),
            }
        }
        assert!(open.values().all(|&n| n == 0));
    }
    assert_eq!(xes_cases, cases);
    assert_eq!(events, 2 * rows.len());
}

#[test]
fn bom_is_written_only_on_request() {
    let (_dir, out) = outputs(&[]);
    assert!(
        !fs::read(out.join("summary.csv"))
            .unwrap()
            .starts_with(b"\xef\xbb\xbf")
    );
    let (_dir, out) = outputs(&["--bom"]);
    for f in [
        "summary.csv",
        "replications.csv",
        "comparison.csv",
        "cases.csv",
        "event_log.csv",
    ] {
        assert!(
            fs::read(out.join(f)).unwrap().starts_with(b"\xef\xbb\xbf"),
            "{f}"
        );
    }
    assert!(
        !fs::read(out.join("run.json"))
            .unwrap()
            .starts_with(b"\xef\xbb\xbf")
    );
}

/// Renders report.html in headless Chromium. `.ci/run` installs Chromium and sets
/// EXPANSIM_BROWSER_TEST=1, which makes a missing browser a failure; elsewhere the test says
/// it was skipped.
fn chromium() -> Option<&'static str> {
    let browser = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            std::process::Command::new(b)
                .arg("--version")
                .output()
                .is_ok()
        });
    if browser.is_none() {
        assert!(
            std::env::var_os("EXPANSIM_BROWSER_TEST").is_none(),
            "EXPANSIM_BROWSER_TEST is set but no Chromium was found"
        );
        eprintln!("skipped: no Chromium on this machine (.ci/run installs it)");
    }
    browser
}

/// A screenshot of `page` in headless Chromium, `width` × `height` pixels: its pixels (RGB
/// or RGBA) and the number of channels.
fn screenshot(browser: &str, page: &Path, width: u32, height: u32) -> (Vec<u8>, usize) {
    let dir = tempfile::tempdir().unwrap();
    let png_path = dir.path().join("page.png");
    let output = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("--screenshot={}", png_path.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&output.stderr);
    let console: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .collect();
    assert!(console.is_empty(), "console messages: {console:?}");
    let decoder = png::Decoder::new(std::io::BufReader::new(
        fs::File::open(&png_path).expect("a screenshot"),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (width, height));
    buf.truncate(info.buffer_size());
    (buf, info.color_type.samples())
}

#[test]
fn the_report_renders_in_a_browser_without_errors() {
    let Some(browser) = chromium() else {
        return;
    };
    let (_dir, out) = outputs(&[]);
    let (pixels, channels) = screenshot(browser, &out.join("report.html"), 1200, 2400);
    let mut colours = BTreeSet::new();
    let mut ink = 0usize;
    for p in pixels.chunks(channels) {
        colours.insert(p[..3.min(channels)].to_vec());
        if p[..3.min(channels)].iter().any(|&c| c < 200) {
            ink += 1;
        }
    }
    let total = pixels.len() / channels;
    assert!(
        colours.len() > 20,
        "screenshot has {} colours",
        colours.len()
    );
    assert!(
        ink * 100 > total,
        "screenshot is blank ({ink} of {total} pixels drawn)"
    );
}

/// The county's comparison of all eight variants, in either language, fits a laptop's
/// 1280-pixel-wide window: the page's column is centred with a white margin on each side, so
/// a table wider than the column would draw into the screenshot's right-hand strip.
#[test]
fn the_county_report_fits_a_laptop_screen() {
    let Some(browser) = chromium() else {
        return;
    };
    for lang in ["en", "zh"] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        expansim()
            .args([
                "compare", "--quiet", "--report", "-r", "2", "--lang", lang, "--out",
            ])
            .arg(&out)
            .assert()
            .success();
        let (width, height) = (1280u32, 20000u32);
        let (pixels, channels) = screenshot(browser, &out.join("report.html"), width, height);
        let row = width as usize * channels;
        let drawn: Vec<usize> = (0..height as usize)
            .filter(|y| {
                pixels[y * row..(y + 1) * row]
                    .chunks(channels)
                    .skip(width as usize - 40)
                    .any(|p| p[..3].iter().any(|&c| c < 240))
            })
            .collect();
        assert!(
            drawn.is_empty(),
            "{lang}: something drawn in the right-hand 40 px of rows {:?}…",
            &drawn[..drawn.len().min(5)]
        );
        // The page was all in the window (else the strip would be blank below its end).
        let ink_rows = (0..height as usize)
            .filter(|y| {
                pixels[y * row..(y + 1) * row]
                    .chunks(channels)
                    .any(|p| p[..3].iter().any(|&c| c < 200))
            })
            .max()
            .unwrap_or(0);
        assert!(
            ink_rows + 100 < height as usize,
            "{lang}: the page may be longer than the window ({ink_rows} rows drawn)"
        );
    }
}
