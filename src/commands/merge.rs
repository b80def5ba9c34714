//! `expansim merge`: shard folders into the results of one run.

use std::path::{Path, PathBuf};

use expansim::i18n::Lang;
use expansim::merge::{self, Merged};
use expansim::options::Format;

use super::outln;

/// Merges the shard folders `dirs` into `out`, printing in `lang` (default: from LANG); a
/// merged sweep's points run again to pair them on `jobs` threads, with a progress bar
/// unless `quiet`.
pub fn merge(
    dirs: &[PathBuf],
    out: &Path,
    force: bool,
    (jobs, quiet): (usize, bool),
    lang: Option<Lang>,
) -> anyhow::Result<()> {
    let lang = lang.unwrap_or_else(Lang::from_env);
    let (merged, written) = merge::merge(dirs, out, force, std::env::args().collect())?;
    match merged {
        Merged::Sweep { file, plan, study } => {
            let paired = super::sweep::print(
                &file,
                &plan,
                &plan.points,
                (&study, jobs, &super::terminal(quiet, lang, true)),
                (Format::Table, None),
                lang,
            )?;
            if !paired {
                return Err(
                    super::interrupt::Interrupted::while_pairing("merge", &written, lang).into(),
                );
            }
        }
        Merged::Run {
            shards,
            replications,
            variants,
        } => {
            outln!(
                "{}",
                lang.fill(
                    "Merged {shards} shards ({replications} replications of {variants}) into {dir}",
                    &[
                        ("shards", &shards.to_string()),
                        ("replications", &replications.to_string()),
                        (
                            "variants",
                            &variants
                                .iter()
                                .map(|v| expansim::scenario::variant::shown(lang, v, None))
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                        ("dir", &written.display().to_string()),
                    ]
                )
            );
        }
    }
    Ok(())
}
