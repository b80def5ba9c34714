//! `expansim report DIR`: report.html for a results folder written earlier.

use std::path::Path;

use expansim::output::progress::Terminal;
use expansim::study;

use super::outln;

/// Re-runs the replications recorded in `dir` on `jobs` threads and writes its report.
pub fn report(dir: &Path, force: bool, jobs: usize, quiet: bool) -> anyhow::Result<()> {
    let written = study::report_folder(dir, force, jobs, &Terminal::new(quiet))?;
    outln!("Report written to {}", written.display());
    Ok(())
}
