//! `expansim report DIR`: report.html for a results folder written earlier.

use std::path::Path;

use expansim::i18n::Lang;
use expansim::output::progress::Terminal;
use expansim::study;

use super::outln;

/// Re-runs the replications recorded in `dir` on `jobs` threads and writes its report, in
/// `lang` (default: the environment's language).
pub fn report(
    dir: &Path,
    force: bool,
    jobs: usize,
    quiet: bool,
    lang: Option<Lang>,
) -> anyhow::Result<()> {
    let lang = lang.unwrap_or_else(Lang::from_env);
    let written =
        study::report_folder(dir, force, jobs, lang, &Terminal::new(quiet).in_lang(lang))?;
    outln!(
        "{}",
        lang.fill(
            "Report written to {file}",
            &[("file", &written.display().to_string())]
        )
    );
    Ok(())
}
