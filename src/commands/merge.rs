//! `expansim merge`: shard folders into the results of one run.

use std::path::{Path, PathBuf};

use expansim::i18n::Lang;
use expansim::merge::{self, Merged};
use expansim::options::Format;

use super::outln;

/// Merges the shard folders `dirs` into `out`.
pub fn merge(dirs: &[PathBuf], out: &Path, force: bool) -> anyhow::Result<()> {
    let (merged, written) = merge::merge(dirs, out, force, std::env::args().collect())?;
    match merged {
        Merged::Sweep { file, plan, unit } => {
            let lang = Lang::from_env();
            super::sweep::print(&file, &plan, &plan.points, &unit, Format::Table, lang)?;
        }
        Merged::Run {
            shards,
            replications,
            variants,
        } => {
            outln!(
                "Merged {shards} shards ({replications} replications of {}) into {}",
                variants.join(", "),
                written.display()
            );
        }
    }
    Ok(())
}
