//! `expansim compare`: the current process against its variants, paired by replication.

use std::path::Path;

use expansim::options::RunOptions;

/// Compares the current process of the scenario at `path` with `variants` (all when empty).
pub fn compare(path: Option<&Path>, variants: &[String], opts: &RunOptions) -> anyhow::Result<()> {
    let study = super::load(path, opts)?.compare(variants)?;
    super::run::simulate(path, &study, opts, true)
}
