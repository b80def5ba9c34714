//! `expansim verify`: the shipped theory scenarios, simulation beside theory.

use expansim::i18n::Lang;
use expansim::options::RunOptions;
use expansim::output::{progress, table};
use expansim::verify;

use super::outln;

/// Runs every check on `jobs` threads (default: all cores) and prints the table in `lang`
/// (default: from the environment); whether all passed.
pub fn verify(jobs: Option<u64>, quiet: bool, lang: Option<Lang>) -> bool {
    let jobs = jobs.map_or(RunOptions::default().jobs, |j| j as usize);
    let lang = lang.unwrap_or_else(Lang::from_env);
    let bar = progress::bar(
        verify::SCENARIOS.len() as u64,
        lang.t("verify"),
        progress::SCENARIOS,
        quiet,
        lang,
    );
    let mut rows = vec![
        ["quantity", "theory", "simulated", "99.9% CI", "verdict"]
            .map(|h| lang.t(h).to_string())
            .to_vec(),
    ];
    // The check each row belongs to, printed once above its rows.
    let mut checks: Vec<String> = Vec::new();
    let mut failed = 0;
    for s in verify::SCENARIOS {
        for o in verify::run_check(s, jobs, None) {
            let verdict = match (o.passed(), o.precise()) {
                (true, true) => "ok",
                (true, false) => "imprecise",
                (false, _) => "FAIL",
            };
            if verdict != "ok" {
                failed += 1;
            }
            checks.push(lang.t(o.check).to_string());
            rows.push(vec![
                format!("  {}", lang.translate(&o.expectation.label)),
                format!("{:.4}", o.expectation.theory),
                format!("{:.4}", o.simulated.mean),
                // The interval the verdict reads.
                {
                    let (low, high) = o.bounds();
                    format!("[{low:.4}, {high:.4}]")
                },
                lang.t(verdict).to_string(),
            ]);
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    let table = table::align(&rows);
    let mut lines = table.lines();
    outln!("{}", lines.next().unwrap_or_default());
    let mut previous = None;
    for (line, check) in lines.zip(&checks) {
        if previous != Some(check) {
            outln!("{check}");
            previous = Some(check);
        }
        outln!("{line}");
    }
    outln!(
        "\n{}",
        lang.t(
            "pass rule: theory inside the 99.9% CI of the simulated mean (percentiles: plus 0.2% bin width);"
        )
    );
    outln!(
        "{}",
        lang.fill(
            "precise: 95% half-width within {pct}% of theory",
            &[("pct", &(verify::PRECISION * 100.0).to_string())]
        )
    );
    failed == 0
}
