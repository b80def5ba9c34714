//! Scenario files: reading, `--set` overrides, validation and the validated [`Model`].

pub mod model;
pub mod parse;
pub mod set;
pub mod variant;

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
    /// Folder that `include`d files are read from.
    pub base: Option<std::path::PathBuf>,
    /// Every variant of the scenario, resolved and validated, in file order.
    pub variants: Vec<Variant>,
    /// The `--set` assignments, applied to `document` and, after their operators, to
    /// every variant.
    pub overrides: Vec<String>,
}

/// A redesign of the process (`[variants.NAME]`), applied to the current process.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Its name.
    pub name: String,
    /// Its label, if it has one.
    pub label: Option<String>,
    /// The scenario document it produces (no `[variants]`).
    pub document: toml::Table,
    /// The validated model.
    pub model: Model,
}

impl Loaded {
    /// The variant named `name`, or an error naming the variants there are.
    pub fn variant(&self, name: &str) -> Result<&Variant, ScenarioError> {
        self.variants
            .iter()
            .find(|v| v.name == name)
            .ok_or_else(|| {
                let known: Vec<&str> = self.variants.iter().map(|v| v.name.as_str()).collect();
                ScenarioError::Invalid {
                    file: self.source.clone(),
                    problems: vec![crate::error::Problem {
                        path: "variants".to_string(),
                        message: format!(
                            "no variant named \"{name}\"{}; variants: {}",
                            parse::did_you_mean(name, known.iter().copied()),
                            if known.is_empty() {
                                "none".to_string()
                            } else {
                                known.join(", ")
                            }
                        ),
                    }],
                }
            })
    }

    /// The current process as a variant named `current`.
    pub fn current(&self) -> Variant {
        let mut document = self.document.clone();
        document.remove("variants");
        Variant {
            name: variant::BASELINE.to_string(),
            label: None,
            document,
            model: self.model.clone(),
        }
    }
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
    let text = std::fs::read_to_string(path).map_err(|error| ScenarioError::Read {
        file: file.clone(),
        error,
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
    let mut document: toml::Table =
        toml::from_str(text).map_err(|e| syntax_error(text, source, &e))?;
    for assignment in sets {
        // `-r` and `--seed` on a file without [scenario]: the file's own problems (its
        // missing settings) are the ones to report, not the option.
        if assignment.starts_with("scenario.") && !document.contains_key("scenario") {
            document.insert("scenario".to_string(), toml::Table::new().into());
        }
        set::apply(&mut document, assignment)?;
    }
    let sha256: String = sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    from_document(document, source, &sha256, base, sets)
}

/// Longest source line a TOML error message repeats in full.
const ECHO_LIMIT: usize = 160;

/// A TOML parse error of scenario `text`, as a [`ScenarioError::Syntax`]: the parser's
/// message with over-long echoed lines cut, and a hint where a key with Chinese (or other
/// non-ASCII) characters was left unquoted.
pub fn syntax_error(text: &str, source: &str, e: &toml::de::Error) -> ScenarioError {
    let mut message: String = e
        .to_string()
        .trim_end()
        .lines()
        .map(|l| {
            if l.chars().count() > ECHO_LIMIT {
                let cut: String = l.chars().take(ECHO_LIMIT).collect();
                format!("{cut}… (line cut)")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let at = e.span().map(|r| r.start).unwrap_or(0);
    let line = text
        .get(..at.min(text.len()))
        .map_or(0, |before| before.matches('\n').count());
    let unquoted = text
        .lines()
        .nth(line)
        .is_some_and(|l| !l.is_ascii() && message.contains("invalid unquoted key"));
    if unquoted {
        message.push_str(
            "\nkeys with Chinese (or other non-ASCII) characters must be quoted, e.g. [stages.\"受理\"] and start = \"受理\"; or use an ASCII key with a label: [stages.accept] label = \"受理\"",
        );
    }
    ScenarioError::Syntax {
        file: source.to_string(),
        message,
    }
}

/// Validates a scenario document (with its variants). `sha256` is the hash of the file it
/// came from; `overrides`, the `--set` assignments already applied to `document`, are
/// applied again to each variant after its operators, so the command line wins.
pub fn from_document(
    document: toml::Table,
    source: &str,
    sha256: &str,
    base: Option<&Path>,
    overrides: &[String],
) -> Result<Loaded, ScenarioError> {
    let model = parse::model_from_table(&document, source, base)?;
    let mut variants = Vec::new();
    let mut problems = Vec::new();
    for name in variant::names(&document) {
        if name == variant::BASELINE {
            problems.push(crate::error::Problem {
                path: format!("variants.{name}"),
                message: format!(
                    "\"{name}\" names the process as written; give the variant another name"
                ),
            });
            continue;
        }
        match variant::resolve_with(&document, &name, overrides) {
            Ok(doc) => match parse::model_from_table(&doc, source, base) {
                Ok(model) => variants.push(Variant {
                    label: variant::label(&document, &name),
                    name,
                    document: doc,
                    model,
                }),
                Err(ScenarioError::Invalid { problems: p, .. }) => {
                    problems.extend(p.into_iter().map(|p| crate::error::Problem {
                        path: format!("variants.{name} (the scenario it produces) {}", p.path),
                        message: p.message,
                    }))
                }
                Err(e) => return Err(e),
            },
            Err(p) => problems.extend(p),
        }
    }
    if !problems.is_empty() {
        return Err(ScenarioError::Invalid {
            file: source.to_string(),
            problems,
        });
    }
    Ok(Loaded {
        source: source.to_string(),
        sha256: sha256.to_string(),
        document,
        model,
        base: base.map(Path::to_path_buf),
        variants,
        overrides: overrides.to_vec(),
    })
}

/// A scenario document that stands on its own: calendars' `include`d files are written out
/// in full, so it loads from any folder.
pub fn inline_includes(
    document: &toml::Table,
    base: Option<&Path>,
) -> Result<toml::Table, ScenarioError> {
    let mut doc = document.clone();
    if let Some(toml::Value::Table(calendars)) = doc.get_mut("calendars") {
        for (name, cal) in calendars.iter_mut() {
            let Some(own) = cal.as_table() else { continue };
            let Some(include) = own.get("include") else {
                continue;
            };
            let problem = |message: String| ScenarioError::Invalid {
                file: "(resolved scenario)".to_string(),
                problems: vec![crate::error::Problem {
                    path: format!("calendars.{name}.include"),
                    message,
                }],
            };
            let mut merged = toml::Table::new();
            for file in parse::include_files(include).map_err(problem)? {
                let text = parse::read_include(base, file).map_err(problem)?;
                let table: toml::Table =
                    toml::from_str(&text).map_err(|e| problem(format!("\"{file}\": {e}")))?;
                parse::merge_calendar(&mut merged, &table);
            }
            parse::merge_calendar(&mut merged, own);
            *cal = toml::Value::Table(merged);
        }
    }
    Ok(doc)
}

/// [`inline_includes`] as TOML text.
pub fn to_toml(document: &toml::Table, base: Option<&Path>) -> Result<String, ScenarioError> {
    toml::to_string(&inline_includes(document, base)?).map_err(|e| ScenarioError::Syntax {
        file: "(resolved scenario)".to_string(),
        message: e.to_string(),
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
                    "pool `{}` is unstable: offered load {l}, at or above its capacity, so its queue grows without bound; add staff or reduce the work routed to it",
                    pool.name
                )
            } else {
                format!(
                    "pool `{}` is near saturation: offered load {l}; queues will be long and slow to settle",
                    pool.name
                )
            }
        })
        .collect()
}
