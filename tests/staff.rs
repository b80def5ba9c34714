//! Staff as people: member groups with their own speed, quality and learning curve, and how
//! a free member is chosen.

use expansim::engine;
use expansim::metrics::{Kpi, Metric, Subject};
use expansim::replication;
use expansim::scenario::{self, Model};

/// Checks that loading `text` fails with each of `needles` among its problems.
fn assert_problems(text: &str, needles: &[&str]) {
    let err = scenario::load_str(text, "staff.toml", &[])
        .unwrap_err()
        .to_string();
    for needle in needles {
        assert!(err.contains(needle), "{needle} not in:\n{err}");
    }
}

fn load(text: &str) -> Model {
    scenario::load_str(text, "staff.toml", &[])
        .expect("valid scenario")
        .model
}

/// One class through one stage at pool `desk`, whose definition is `pool` (and a customer's
/// fix when `next` sends work back to it).
fn scenario(pool: &str, arrival: &str, duration: &str, next: &str) -> String {
    let fix = if next.contains("fix") {
        "[stages.fix]\nexternal = true\nduration = 1\nnext = \"work\"\n"
    } else {
        ""
    };
    format!(
        r#"
[scenario]
name = "staff"
time_unit = "hour"
horizon = 20000
warmup = 0
replications = 4
seed = 3

[pools]
desk = {pool}

[[classes]]
name = "c"
{arrival}
start = "work"

[stages.work]
pool = "desk"
duration = {duration}
next = {next}

{fix}"#
    )
}

#[test]
fn a_learning_curve_follows_wrights_law() {
    // One member, work of exactly 1 h at the start, a case every 2 h: no queue, so task k
    // (from 0) takes (experience + k) / experience to the power log2(rate) hours.
    let text = scenario(
        "{ members = [{ count = 1, learning = { rate = 0.9, experience = 4 } }] }",
        "arrival = { dist = \"deterministic\", value = 2 }",
        "{ dist = \"deterministic\", value = 1 }",
        "\"end\"",
    )
    .replace("horizon = 20000", "horizon = 400");
    let model = load(&text);
    let (_, trace) = engine::simulate_traced(&model, 0, 0.0, None);
    let mut work: Vec<(f64, f64)> = trace
        .activities
        .iter()
        .map(|a| (a.start, a.end - a.start))
        .collect();
    work.sort_by(|x, y| x.0.total_cmp(&y.0));
    assert!(work.len() > 150, "{} tasks", work.len());
    for (k, (_, d)) in work.iter().enumerate() {
        let expected = ((4.0 + k as f64) / 4.0).powf(0.9f64.log2());
        assert!(
            (d - expected).abs() < 1e-9,
            "task {k}: {d} h against {expected} h"
        );
    }
    // Each doubling of experience: 0.9 times the time.
    assert!((work[4].1 / work[0].1 - 0.9).abs() < 1e-9);
    assert!((work[12].1 / work[4].1 - 0.9).abs() < 1e-9);
}

/// Mean over all replications of `model` of `metric` about `subject`, all classes.
fn mean(model: &Model, metric: Metric, subject: Subject) -> f64 {
    let r = replication::run(model, 0..model.settings.replications, 2, &|| {});
    let k = Kpi {
        class: None,
        metric,
        subject,
    };
    let col = r.column(&k).unwrap();
    col.iter().sum::<f64>() / col.len() as f64
}

#[test]
fn quality_scales_the_rework_probability_of_the_work_a_group_did() {
    // Rework with p = 0.2 at every attempt: p/(1-p) = 0.25 loops per case; a group of
    // quality 2 is sent back with p = 0.4: 0.667 loops. About 20,000 cases over four
    // replications: the SE of the mean is under 0.01, and the tolerance 0.03 is 3 SEs or more.
    // The same rework written as a random route with a branch that comes back.
    let routes = [
        "{ rework = \"fix\", p = 0.2, otherwise = \"end\" }",
        "[{ to = \"fix\", p = 0.2 }, { to = \"end\", p = 0.8 }]",
    ];
    for route in routes {
        for (quality, loops) in [(1.0, 0.25), (2.0, 0.4 / 0.6), (0.5, 0.1 / 0.9)] {
            let text = scenario(
                &format!("{{ members = [{{ count = 3, quality = {quality} }}] }}"),
                "arrival_rate = 0.25",
                "{ dist = \"exponential\", mean = 1 }",
                route,
            );
            let model = load(&text);
            let got = mean(&model, Metric::ReworkCount, Subject::None);
            assert!(
                (got - loops).abs() < 0.03,
                "{route}, quality {quality}: {got} loops against {loops}"
            );
            // The offered load counts the visits the quality makes: 1 + loops per case.
            let load = model.pool_loads()[0].staff_equivalents;
            let want = 0.25 * (1.0 + loops);
            assert!(
                (load - want).abs() < 1e-9,
                "{route}, quality {quality}: load {load} against {want}"
            );
        }
    }
    // A quality that would send every case back is refused.
    assert_problems(
        &scenario(
            "{ members = [{ count = 3, quality = 5 }] }",
            "arrival_rate = 0.25",
            "1",
            routes[1],
        ),
        &["pools.desk.members", "quality 5", "below 5"],
    );
    // Rework with a cap lets cases leave, but 0.2 × 6 is no probability.
    assert_problems(
        &scenario(
            "{ members = [{ count = 3, quality = 6 }] }",
            "arrival_rate = 0.25",
            "1",
            "{ rework = \"fix\", p = 0.2, max = 2, otherwise = \"end\" }",
        ),
        &["pools.desk.members", "0.2 × 6 > 1", "at most 5.000"],
    );
}

/// Utilisation of each group of pool 0.
fn group_utilization(model: &Model) -> Vec<f64> {
    (0..model.pools[0].groups.len() as u32)
        .map(|g| mean(model, Metric::Utilization, Subject::Group(0, g)))
        .collect()
}

#[test]
fn dispatch_picks_the_fastest_or_the_longest_idle_member() {
    // Light load (0.1 cases an hour, work of 1 h at speed 1): a case nearly always finds both
    // members free. Fastest first gives the work to the fast member unless it is busy (the
    // Markov chain of `verify::mm2_fast_slow` gives the shares exactly); longest idle
    // alternates, so each does about half the cases and the slow one (speed 0.75 against
    // 1.5) is busy twice as long. Tolerances: about 8,000 cases, a relative SE near 2 % for
    // the fast member, 5 % for the slow one's few cases (3 SEs or more).
    let pool = |dispatch: &str| {
        format!(
            "{{ members = [{{ count = 1, speed = 1.5, label = \"fast\" }}, {{ count = 1, speed = 0.75, label = \"slow\" }}], dispatch = \"{dispatch}\" }}"
        )
    };
    let text = |d: &str| {
        scenario(
            &pool(d),
            "arrival_rate = 0.1",
            "{ dist = \"exponential\", mean = 1 }",
            "\"end\"",
        )
    };
    let fastest = group_utilization(&load(&text("fastest")));
    let (_, fast, slow) = expansim::verify::mm2_fast_slow(0.1, 1.5, 0.75);
    assert!(
        (fastest[0] - fast).abs() < 0.06 * fast,
        "{fastest:?} against {fast}"
    );
    assert!(
        (fastest[1] - slow).abs() < 0.15 * slow,
        "{fastest:?} against {slow}"
    );
    let idle = group_utilization(&load(&text("longest_idle")));
    // Half each: 0.05 / 1.5 = 0.0333 and 0.05 / 0.75 = 0.0667.
    assert!((idle[0] - 0.05 / 1.5).abs() < 0.004, "{idle:?}");
    assert!((idle[1] - 0.05 / 0.75).abs() < 0.006, "{idle:?}");
}

#[test]
fn a_pool_of_alike_members_gives_the_same_results_as_its_size() {
    let a = load(&scenario(
        "3",
        "arrival_rate = 2",
        "{ dist = \"exponential\", mean = 1 }",
        "\"end\"",
    ));
    let b = load(&scenario(
        "{ members = [{ count = 3 }], dispatch = \"longest_idle\" }",
        "arrival_rate = 2",
        "{ dist = \"exponential\", mean = 1 }",
        "\"end\"",
    ));
    // Members alike: which one takes a case changes nothing a case sees.
    let (x, y) = (engine::simulate(&a, 0), engine::simulate(&b, 0));
    assert_eq!(x.lead_sum, y.lead_sum);
    assert_eq!(x.wait_sum, y.wait_sum);
    assert_eq!(x.utilization, y.utilization);
    assert!((y.group_utilization[0] - y.utilization[0]).abs() < 1e-12);
}

#[test]
fn bad_member_groups_are_named_with_their_fix() {
    let text = scenario(
        "{ size = 2, members = [{ count = 1 }] }",
        "arrival_rate = 1",
        "1",
        "\"end\"",
    ) + r#"
[pools.b]
members = [{ count = -1, speed = -1 }, { label = "x" }, { count = 1, label = "x", learning = { rate = 1.5 } }, { count = 1, calendar = "nights", absence = "ten days" }]
dispatch = "random"
"#;
    assert_problems(
        &text,
        &[
            "pools.desk: give either `size`",
            "pools.b.members[0].count",
            "pools.b.members[0].speed",
            "pools.b.members[1].count: missing",
            "pools.b.members[2].label",
            "pools.b.members[2].learning.rate",
            "pools.b.dispatch",
            "\"longest_idle\"",
            "pools.b.members[3].calendar: no calendar named \"nights\"",
            "pools.b.members[3].absence",
            "\"10d/year\"",
        ],
    );
}

#[test]
fn training_moves_members_between_groups_and_adds_its_cost() {
    let loaded = scenario::load_county(&[]).unwrap();
    let v = loaded.variant("training").unwrap();
    let reviewer = v.model.pools.iter().find(|p| p.name == "reviewer").unwrap();
    let counts: Vec<u32> = reviewer.groups.iter().map(|g| g.count).collect();
    assert_eq!(counts, [0, 2]);
    assert_eq!(reviewer.training_cost, 40_000.0);
    // A staffing sweep counts it: the variant costs 2 x 20,000 more a year per trained pool
    // (planners and reviewers, the same people as before, trained).
    let extra = expansim::sweep::cost(&v.model) - expansim::sweep::cost(&loaded.model);
    assert_eq!(extra, 80_000.0);
    // The size of a pool of groups goes to its first group.
    let bigger = scenario::load_county(&["pools.reviewer=3".to_string()]).unwrap();
    let r = bigger
        .model
        .pools
        .iter()
        .find(|p| p.name == "reviewer")
        .unwrap();
    assert_eq!((r.size, r.groups[0].count), (3, 3));
}

#[test]
fn a_training_that_cannot_be_done_says_why() {
    let text = scenario(
        "{ members = [{ count = 2, label = \"novice\" }, { count = 0, label = \"senior\", speed = 1.2 }] }",
        "arrival_rate = 1",
        "1",
        "\"end\"",
    ) + r#"
[variants.too_many]
train = { pool = "desk", from = "novice", to = "senior", count = 3 }

[variants.no_label]
train = { pool = "desk", from = "novice", to = "expert", count = 1 }

[variants.no_pool]
train = { pool = "dsk", from = "novice", to = "senior", count = 1 }

[variants.all_at_once]
train = { pool = "desk", from = "novce", to = "senior", count = 1, cost = -3 }

[variants.same]
train = { pool = "desk", from = "novice", to = "novice", count = 1 }
"#;
    assert_problems(
        &text,
        &[
            // A bad cost does not hide a misspelt group.
            "variants.all_at_once.train.cost",
            "variants.all_at_once.train.from",
            "did you mean \"novice\"",
            "variants.same.train.to",
            "variants.too_many.train.count",
            "has too few members labelled \"novice\" to train 3: it has 2",
            "variants.no_label.train.to",
            "no member group labelled \"expert\"; its groups: novice, senior",
            "variants.no_pool.train.pool",
            "did you mean \"desk\"",
        ],
    );
}

/// Clerks and a checker; one clerk also does document checks when no clerk work waits.
const CROSS: &str = r#"
[scenario]
name = "cross-trained"
time_unit = "hour"
horizon = 5000
warmup = 0
replications = 1
seed = 9

[pools]
clerk = { members = [{ count = 1 }, { count = 1, label = "cross", also = ["checker"] }] }
checker = 1

[[classes]]
name = "c"
arrival_rate = 1.2
start = "accept"

[stages.accept]
pool = "clerk"
duration = { dist = "exponential", mean = 1 }
next = "check"

[stages.check]
pool = "checker"
duration = { dist = "exponential", mean = 0.7 }
next = "end"
"#;

#[test]
fn a_cross_trained_member_helps_only_when_their_own_work_is_done() {
    let model = load(CROSS);
    let (stats, trace) = engine::simulate_traced(&model, 0, 0.0, None);
    let (accept, check) = (0, 1);
    let horizon = model.settings.horizon;
    let shared = |a: &&engine::Activity| {
        a.member.map(|m| model.member_name(m)).as_deref() == Some("clerk:2")
    };
    // Busy time of the shared member from the event log: all the work it did, in both pools.
    let worked: f64 = trace
        .activities
        .iter()
        .filter(shared)
        .map(|a| (a.end.min(horizon) - a.start.min(horizon)).max(0.0))
        .sum();
    assert!(
        trace
            .activities
            .iter()
            .filter(shared)
            .any(|a| a.stage == check),
        "the shared member never checked a document"
    );
    // Its group's utilisation is that work over its open time.
    let group = stats.group_utilization[stats.group_offset[0] + 1];
    assert!(
        (group * horizon - worked).abs() < 1e-6 * worked,
        "{group} x {horizon} against {worked}"
    );
    // The checker pool counts the shared member: its busy time over 2 members.
    let checker_work: f64 = trace
        .activities
        .iter()
        .filter(|a| a.stage == check && !shared(a))
        .map(|a| (a.end.min(horizon) - a.start.min(horizon)).max(0.0))
        .sum();
    let util = stats.utilization[1];
    assert!(
        (util * 2.0 * horizon - (checker_work + worked)).abs() < 1e-6 * worked,
        "checker utilisation {util}"
    );
    // Whenever it starts a check, no clerk work is waiting.
    for a in trace
        .activities
        .iter()
        .filter(shared)
        .filter(|a| a.stage == check)
    {
        let waiting = trace
            .activities
            .iter()
            .filter(|b| b.stage == accept)
            .any(|b| b.enabled <= a.start && b.start > a.start);
        assert!(
            !waiting,
            "the shared member checked at {} while a clerk case waited",
            a.start
        );
    }
    // The shared member is named in the event log.
    let log = expansim::export::eventlog::csv(&[expansim::export::eventlog::Traced {
        variant: "current",
        replication: 0,
        model: &model,
        trace: &trace,
    }]);
    let text = String::from_utf8(log).unwrap();
    assert!(
        text.lines().next().unwrap().ends_with(",member"),
        "{}",
        &text[..200]
    );
    assert!(text.contains(",clerk:2\n"));
}

#[test]
fn a_member_who_helps_another_pool_needs_its_hours() {
    let text = CROSS
        .replace(
            "checker = 1",
            "checker = { size = 1, availability = 0.5 }\nother = 1",
        )
        .replace(
            "also = [\"checker\"]",
            "also = [\"checker\", \"clerk\", \"nobody\"]",
        );
    assert_problems(
        &text,
        &[
            "pools.clerk.members[1].also[0]",
            "same `calendar` and `availability`",
            "pools.clerk.members[1].also[1]",
            "these members' own pool",
            "pools.clerk.members[1].also[2]",
            "no pool named \"nobody\"",
        ],
    );
}

/// A survey team: one member on weekdays, one who works Saturday mornings only; a case an
/// hour around the clock, a task of 1 h.
const ROSTER: &str = r#"
[scenario]
name = "roster"
time_unit = "hour"
start_date = "2026-03-02"
horizon = 2000
warmup = 0
replications = 1
seed = 4

[calendars.weekdays]
days = ["mon", "tue", "wed", "thu", "fri"]
hours = ["08:00-12:00", "13:00-17:00"]

[calendars.saturday]
days = ["sat"]
hours = ["08:00-12:00"]

[pools]
survey = { calendar = "weekdays", members = [{ count = 1, label = "weekday" }, { count = 1, label = "saturday", calendar = "saturday" }] }

[[classes]]
name = "c"
arrival = { dist = "deterministic", value = 1 }
start = "work"

[stages.work]
pool = "survey"
duration = { dist = "deterministic", value = 1 }
next = "end"
"#;

/// Hour of the week (0 = Monday 00:00) of time `t` in hours from a Monday.
fn week_hour(t: f64) -> f64 {
    t.rem_euclid(168.0)
}

#[test]
fn a_member_on_a_roster_works_only_their_own_hours() {
    let model = load(ROSTER);
    let (stats, trace) = engine::simulate_traced(&model, 0, 0.0, None);
    let name = |a: &engine::Activity| model.member_name(a.member.unwrap());
    let mut saturday = 0;
    for a in &trace.activities {
        let (s, e) = (week_hour(a.start), week_hour(a.end - 1e-9));
        match name(a).as_str() {
            // Saturday is hours 120-144; its mornings 128-132.
            "survey:2" => {
                saturday += 1;
                assert!(
                    (128.0..132.0).contains(&s) && (128.0..132.0).contains(&e),
                    "{a:?}"
                );
            }
            _ => {
                let day = (s / 24.0).floor();
                let hour = s - 24.0 * day;
                assert!(
                    day < 5.0 && (8.0..17.0).contains(&hour) && !(12.0..13.0).contains(&hour),
                    "{a:?}"
                );
            }
        }
    }
    // Work waits all week, so the Saturday member works all of their 4 hours, 4 tasks a week.
    let weeks = (2000.0 / 168.0f64).floor();
    assert!(
        saturday as f64 >= 4.0 * weeks,
        "{saturday} Saturday tasks in {weeks} weeks"
    );
    // Their group is busy all of their own open time.
    let sat = stats.group_utilization[1];
    assert!(sat > 0.99, "Saturday member busy {sat} of their hours");
}

#[test]
fn offered_load_counts_each_members_own_hours_and_days_away() {
    // 2000 h of work over the run's 2000 h (11 weeks and 152 h from a Monday) against the
    // open hours in it: 12 × 40 weekday hours and 12 × 4 Saturday hours (the pool's calendar
    // alone would give 2 × 12 × 40 h).
    let u = load(ROSTER).pool_loads()[0].utilization;
    assert!(
        (u - 2000.0 / (12.0 * 40.0 + 12.0 * 4.0)).abs() < 1e-9,
        "{u}"
    );
    // 30 tasks of 0.04 days a day against one member there 292 days of 365.
    let l = &load(ABSENT).pool_loads()[0];
    assert!(
        (l.utilization - 1.2 / 0.8).abs() < 1e-9,
        "{}",
        l.utilization
    );
    // Said with what the staff carry, which the share is of, not only their head count.
    assert_eq!(
        l.to_string(),
        "1.20 staff-equivalents for 1 staff, who carry 0.80 with their hours, speeds and days away (150%)"
    );
}

/// One member around the clock, away 73 days a year (a fifth of the days), with more work
/// than they can do.
const ABSENT: &str = r#"
[scenario]
name = "absence"
time_unit = "day"
horizon = 400
warmup = 0
replications = 1
seed = 8

[pools]
desk = { members = [{ count = 1, absence = "73d/year" }] }

[[classes]]
name = "c"
arrival_rate = 30
start = "work"

[stages.work]
pool = "desk"
duration = { dist = "exponential", mean = 0.04 }
next = "end"

[variants.faster]
set = { "stages.work.duration" = { dist = "exponential", mean = 0.035 } }
"#;

/// Days (of 400) on which the member started some work.
fn days_worked(model: &Model) -> Vec<bool> {
    let (_, trace) = engine::simulate_traced(model, 0, 0.0, None);
    let mut worked = vec![false; 400];
    for a in trace.activities.iter().filter(|a| a.start < 400.0) {
        worked[a.start as usize] = true;
    }
    worked
}

/// Days (of 400) on which member `member` started some work.
fn days_member_worked(model: &Model, member: u32) -> Vec<bool> {
    let (_, trace) = engine::simulate_traced(model, 0, 0.0, None);
    let mut worked = vec![false; 400];
    for a in trace.activities.iter() {
        if a.start < 400.0 && a.member == Some(member) {
            worked[a.start as usize] = true;
        }
    }
    worked
}

/// Training that moves a member between two groups leaves a member of a third group away
/// on the same days, though their place in the pool moves (common random numbers for the
/// staff a variant does not touch).
#[test]
fn training_other_members_keeps_a_members_days_away() {
    let text = ABSENT
        .replace(
            r#"desk = { members = [{ count = 1, absence = "73d/year" }] }"#,
            r#"desk = { members = [{ count = 1, label = "a" }, { count = 1, label = "h", absence = "73d/year" }, { count = 0, label = "b" }] }"#,
        )
        .replace("arrival_rate = 30", "arrival_rate = 60")
        .replace(
            "[variants.faster]",
            "[variants.trained]\ntrain = { pool = \"desk\", from = \"a\", to = \"b\", count = 1 }\n\n[variants.faster]",
        );
    let loaded = scenario::load_str(&text, "absence.toml", &[]).unwrap();
    // Members in pool order: a, h (current); h, b (trained).
    let current = days_member_worked(&loaded.model, 1);
    let trained = days_member_worked(&loaded.variant("trained").unwrap().model, 0);
    let away = current.iter().filter(|w| !**w).count();
    // With more work than two can do, the days h starts nothing are the days away: about a
    // fifth of 400 (SE 8); tolerance 4 SEs.
    assert!((away as f64 - 80.0).abs() < 32.0, "away {away} days");
    assert_eq!(current, trained);
}

#[test]
fn days_of_absence_are_whole_random_days_kept_across_variants() {
    let loaded = scenario::load_str(ABSENT, "absence.toml", &[]).unwrap();
    let worked = days_worked(&loaded.model);
    let off = worked.iter().filter(|w| !**w).count() as f64 / 400.0;
    // p = 73/365 = 0.2 a day; 400 days: SE 0.02, tolerance 3 SEs.
    assert!((off - 0.2).abs() < 0.06, "away {off} of the days");
    // The same member is away on the same days whatever else changes (common random numbers).
    let faster = loaded.variant("faster").unwrap();
    assert_eq!(worked, days_worked(&faster.model));
    // Work in progress pauses over a day away: no task ends on a day the member started
    // nothing (with work always waiting, those are exactly the days away).
    let (_, trace) = engine::simulate_traced(&loaded.model, 0, 0.0, None);
    for a in trace.activities.iter().filter(|a| a.end < 400.0) {
        let day = a.end.floor() as usize;
        assert!(worked[day], "{a:?} ended on day {day}, a day away");
    }
}
