//! `expansim show`: the resolved scenario (of a variant) as TOML that `run` accepts.

use std::path::Path;

use expansim::options::RunOptions;
use expansim::scenario;

use super::{out, outln};

/// Prints the scenario, or variant `variant` of it, after `sets`.
pub fn show(path: Option<&Path>, variant: Option<&str>, sets: Vec<String>) -> anyhow::Result<()> {
    let opts = RunOptions {
        sets,
        ..RunOptions::default()
    };
    let study = super::load(path, &opts)?.only(variant)?;
    let chosen = &study.variants[0];
    let text = scenario::to_toml(&chosen.document, study.loaded.base.as_deref())?;
    outln!(
        "# {} — {}, resolved by expansim {} (runs as it is: expansim run FILE)\n",
        study.loaded.source,
        chosen.name,
        env!("CARGO_PKG_VERSION")
    );
    out!("{text}");
    Ok(())
}
