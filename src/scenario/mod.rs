//! Scenario files: reading, `--set` overrides, validation and the validated [`Model`].

pub mod model;
pub mod parse;
pub mod set;

use std::path::Path;

pub use model::Model;

use crate::error::ScenarioError;

/// A scenario as loaded: the (overridden) TOML document and the model built from it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Where it came from (a path, or `built-in:NAME`).
    pub source: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// The TOML document after `--set` overrides.
    pub document: toml::Table,
    /// The validated model.
    pub model: Model,
}

/// The built-in scenario: the county new-connection process (`scenarios/county.toml`).
pub const COUNTY: &str = include_str!("../../scenarios/county.toml");

/// Loads the built-in county scenario, applying `sets`.
pub fn load_county(sets: &[String]) -> Result<Loaded, ScenarioError> {
    load_str_in(COUNTY, "built-in:county", sets, None)
}

/// Reads and validates a scenario file, applying `sets` (`PATH=VALUE`) first.
pub fn load(path: &Path, sets: &[String]) -> Result<Loaded, ScenarioError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Read {
        file: file.clone(),
        source,
    })?;
    load_str_in(&text, &file, sets, path.parent())
}

/// Validates scenario text, applying `sets` (`PATH=VALUE`) first. `source` names it in errors.
pub fn load_str(text: &str, source: &str, sets: &[String]) -> Result<Loaded, ScenarioError> {
    load_str_in(text, source, sets, None)
}

/// Like [`load_str`], resolving `include`d files relative to `base`.
pub fn load_str_in(
    text: &str,
    source: &str,
    sets: &[String],
    base: Option<&Path>,
) -> Result<Loaded, ScenarioError> {
    use sha2::Digest;
    let mut document: toml::Table = toml::from_str(text).map_err(|e| ScenarioError::Syntax {
        file: source.to_string(),
        message: e.to_string().trim_end().to_string(),
    })?;
    for assignment in sets {
        set::apply(&mut document, assignment)?;
    }
    let model = parse::model_from_table(&document, source, base)?;
    let sha256 = sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(Loaded {
        source: source.to_string(),
        sha256,
        document,
        model,
    })
}

/// Warnings about a valid model that the user should see before a run: pools whose offered
/// load is at or above capacity (the queue grows without bound) or close to it.
pub fn warnings(model: &Model) -> Vec<String> {
    model
        .pool_loads()
        .iter()
        .filter(|l| l.utilization >= 0.95)
        .map(|l| {
            let pool = &model.pools[l.pool as usize];
            if l.utilization >= 1.0 {
                format!(
                    "pool `{}` is unstable: offered load {:.3} of its {} staff (>= 1), so its queue grows without bound; add staff or reduce the work routed to it",
                    pool.name, l.utilization, pool.size
                )
            } else {
                format!(
                    "pool `{}` is near saturation: offered load {:.3} of its {} staff; queues will be long and slow to settle",
                    pool.name, l.utilization, pool.size
                )
            }
        })
        .collect()
}
