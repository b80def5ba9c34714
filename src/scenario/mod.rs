//! Scenario files: reading, `--set` overrides, validation and the validated [`Model`].

pub mod model;
pub mod parse;
pub mod set;
pub mod variant;

use std::path::Path;

pub use model::Model;

use crate::error::{Problem, ScenarioError};
use crate::i18n::Lang;

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
    /// Variants that the `--set` overrides leave invalid (`pools.reviewer=1` where a variant
    /// trains two reviewers), with their problems: reported when a command uses them, so
    /// the current process and the other variants still run.
    pub unusable: Vec<(String, Vec<Problem>)>,
    /// `--set` assignments whose path only variants have (a stage a variant makes), with
    /// why the current process cannot take them and the variants that have the path: they
    /// stop only what runs the current process or another variant.
    pub unset: Vec<(String, String, Vec<String>)>,
    /// The `--set` assignments, applied to `document` and, after their operators, to
    /// every variant.
    pub overrides: Vec<String>,
    /// SHA-256 of each file of arrivals the scenario replays (`arrivals = { trace = ... }`),
    /// by its name as written: the results depend on them as on the scenario file.
    pub inputs: std::collections::BTreeMap<String, String>,
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

/// The problems of these broken variants, each said once: a variant that extends a broken
/// one has its problems too.
fn each_once(broken: &[(String, Vec<Problem>)]) -> Vec<Problem> {
    let mut problems: Vec<Problem> = Vec::new();
    for p in broken.iter().flat_map(|(_, p)| p) {
        if !problems.contains(p) {
            problems.push(p.clone());
        }
    }
    problems
}

impl Loaded {
    /// The variant named `name` (its key, or its label where no key is that and one
    /// variant has it), or an error naming the variants there are.
    pub fn variant(&self, name: &str) -> Result<&Variant, ScenarioError> {
        let name = self.variant_key(name);
        if let Some((_, problems)) = self.unusable.iter().find(|(n, _)| n == name) {
            return Err(self.unusable_error(problems));
        }
        if let Some(unset) = self.unset.iter().find(|(_, _, have)| {
            have.iter().all(|h| h != name) && self.variants.iter().any(|v| v.name == name)
        }) {
            // The variant exists but does not have the path the command line sets.
            return Err(not_here(unset));
        }
        self.variants
            .iter()
            .find(|v| v.name == name)
            .ok_or_else(|| {
                // A variant is named by its key or its label: both are suggested and listed.
                let known = self
                    .variants
                    .iter()
                    .flat_map(|v| std::iter::once(v.name.as_str()).chain(v.label.as_deref()));
                let listed: Vec<String> = self
                    .variants
                    .iter()
                    .map(|v| match &v.label {
                        Some(label) if *label != v.name => format!("{} ({label})", v.name),
                        _ => v.name.clone(),
                    })
                    .collect();
                // A label two variants share names neither.
                let sharing: Vec<&str> = self
                    .variants
                    .iter()
                    .filter(|v| v.label.as_deref() == Some(name))
                    .map(|v| v.name.as_str())
                    .collect();
                let hint = if sharing.len() > 1 {
                    format!(
                        " (the label of {keys}: name one by its key)",
                        keys = sharing.join(", ")
                    )
                } else {
                    parse::did_you_mean(name, known)
                };
                ScenarioError::NoVariant {
                    name: name.to_string(),
                    hint,
                    file: self.source.clone(),
                    variants: if listed.is_empty() {
                        "–".to_string()
                    } else {
                        listed.join(", ")
                    },
                }
            })
    }

    /// The key of the variant `name` names: itself, unless it is no variant's key but one
    /// variant's label (a planner reads 受理审核合并 in every table, not `merged`).
    fn variant_key<'a>(&'a self, name: &'a str) -> &'a str {
        let Some(variants) = self
            .document
            .get("variants")
            .and_then(toml::Value::as_table)
        else {
            return name;
        };
        if variants.contains_key(name) {
            return name;
        }
        let mut labelled = variants
            .iter()
            .filter(|(_, v)| v.get("label").and_then(toml::Value::as_str) == Some(name));
        match (labelled.next(), labelled.next()) {
            (Some((key, _)), None) => key,
            _ => name,
        }
    }

    /// Every variant, or the problems of those the `--set` overrides leave invalid.
    pub fn all_variants(&self) -> Result<&[Variant], ScenarioError> {
        match self.unusable.as_slice() {
            [] => Ok(&self.variants),
            broken => Err(self.unusable_error(&each_once(broken))),
        }
    }

    fn unusable_error(&self, problems: &[Problem]) -> ScenarioError {
        ScenarioError::Invalid {
            file: self.source.clone(),
            problems: problems.to_vec(),
        }
    }

    /// The scenario's name in messages and the folder its own files (calendar includes,
    /// arrival traces) are read from: what a model built again from a variant's document
    /// (a point of a sweep or a search) needs.
    pub fn place(&self) -> (&str, Option<&Path>) {
        (&self.source, self.base.as_deref())
    }

    /// Whether the current process can run: not if a `--set` names a path only variants
    /// have.
    pub fn check_current(&self) -> Result<(), ScenarioError> {
        match self.unset.first() {
            None => Ok(()),
            Some(unset) => Err(not_here(unset)),
        }
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

/// The error of a `--set` assignment that the process being run does not have the path of,
/// naming the variants that do.
fn not_here((assignment, why, have): &(String, String, Vec<String>)) -> ScenarioError {
    ScenarioError::Override {
        assignment: assignment.clone(),
        message: format!(
            "{why}; the variants {variants} have it: run one of them with --variant",
            variants = have.join(", ")
        ),
    }
}

/// A problem at `path` blamed on the `--set` assignment that set a value there: its path
/// becomes the assignment; when the assignment set a part of what the problem is about
/// (`--set stages.a.duration.mean=-1`, a problem of `stages.a.duration`), the message
/// keeps that path in front.
fn blame_on_set(problem: &mut Problem, overrides: &[String], doc: &toml::Table) -> bool {
    if let Some(set) = overridden(&problem.path, overrides, doc) {
        problem.path = set;
        return true;
    }
    // Only a problem of a value (`stages.a.duration`, `classes[0].arrival`), not of a
    // whole stage, class or section, which an assignment inside it need not have caused.
    let depth = problem.path.split('.').count();
    let of_value = depth
        >= if problem.path.starts_with("classes[") {
            2
        } else {
            3
        };
    let within = overrides.iter().rev().filter(|_| of_value).find(|a| {
        let set = &set::by_key(doc, a.split_once('=').map_or(a.as_str(), |(p, _)| p.trim()));
        [Some(set.to_string()), by_place(set, doc)]
            .into_iter()
            .flatten()
            .any(|at| {
                at.strip_prefix(problem.path.as_str())
                    .is_some_and(|rest| rest.starts_with(['.', '[']))
            })
    });
    // A problem of a value measured against another that the command line set (a warm-up
    // no longer shorter than the horizon given with --set) is the assignment's too.
    const AGAINST: [(&str, &str); 1] = [("scenario.warmup", "scenario.horizon")];
    let against = || {
        AGAINST
            .iter()
            .filter(|(at, _)| *at == problem.path)
            .find_map(|(_, other)| overridden(other, overrides, doc))
            .and_then(|set| set.strip_prefix("--set ").map(str::to_string))
    };
    match within.cloned().or_else(against) {
        Some(a) => {
            problem.message = format!("{}: {}", problem.path, problem.message);
            problem.path = format!("--set {a}");
            true
        }
        None => false,
    }
}

/// `classes.NAME...` as problems name it, by the class's place in `doc`
/// (`classes[2]...`).
fn by_place(set: &str, doc: &toml::Table) -> Option<String> {
    let rest = set.strip_prefix("classes.")?;
    let (name, rest) = rest.split_once('.').unwrap_or((rest, ""));
    let classes = doc.get("classes")?.as_array()?;
    let i = classes
        .iter()
        .position(|c| c.get("name").and_then(toml::Value::as_str) == Some(name))?;
    Some(match rest {
        "" => format!("classes[{i}]"),
        rest => format!("classes[{i}].{rest}"),
    })
}

/// The `--set` assignment whose path is `path` or holds it: the one to blame for a problem
/// there, rather than the file. A class set by its name (`classes.hv.arrival_rate`) is
/// found at its place in `doc` (`classes[2].arrival_rate`), as problems name it.
fn overridden(path: &str, overrides: &[String], doc: &toml::Table) -> Option<String> {
    overrides.iter().rev().find_map(|a| {
        // A pool, stage or class set by its label is named by its key in problems.
        let set = &set::by_key(doc, a.split_once('=')?.0.trim());
        let under = |at: &str| {
            path.strip_prefix(at)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        };
        (under(set) || by_place(set, doc).is_some_and(|at| under(&at)))
            .then(|| format!("--set {a}"))
    })
}

/// Whether variant `name` of `doc` has the path `assignment` sets.
fn takes(doc: &toml::Table, name: &str, assignment: &str) -> bool {
    variant::resolve_with(doc, name, &[])
        .is_ok_and(|(mut produced, _)| set::apply(&mut produced, assignment).is_ok())
}

/// The built-in scenario: the county new-connection process (`scenarios/county.toml`).
pub const COUNTY: &str = include_str!("../../scenarios/county.toml");

/// Loads the built-in county scenario, applying `sets`.
pub fn load_county(sets: &[String]) -> Result<Loaded, ScenarioError> {
    load_str_in(COUNTY, "built-in:county", sets, None)
}

/// Reads and validates a scenario file, applying `sets` (`PATH=VALUE`) first.
pub fn load(path: &Path, sets: &[String]) -> Result<Loaded, ScenarioError> {
    use std::io::Read;
    let file = path.display().to_string();
    let read = |error| ScenarioError::Read {
        file: file.clone(),
        error,
    };
    // A scenario is kilobytes: a larger file (or a device that never ends) is not one.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_SCENARIO_BYTES + 1).read_to_end(&mut bytes))
        .map_err(read)?;
    if bytes.len() as u64 > MAX_SCENARIO_BYTES {
        return Err(read(std::io::Error::other(format!(
            "it is larger than {max} bytes; a scenario file is a few kilobytes",
            max = MAX_SCENARIO_BYTES
        ))));
    }
    // The hash is of the file as it is on disk, whatever its encoding (`--resume` compares
    // it with the file's bytes).
    let sha256 = crate::text::sha256_hex(&bytes);
    let text = crate::text::decode(bytes).map_err(|why| {
        read(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("it is neither UTF-8, UTF-16 nor GBK/GB18030 text ({why}); save it as UTF-8"),
        ))
    })?;
    let mut loaded = load_str_in(&text, &file, sets, path.parent())?;
    loaded.sha256 = sha256;
    Ok(loaded)
}

/// Largest scenario file read.
pub const MAX_SCENARIO_BYTES: u64 = 16 << 20;

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
    load_each_problem(text, source, sets, base).map_err(|e| match e {
        ScenarioError::Invalid { file, problems } => ScenarioError::Invalid {
            file,
            problems: parse::merge_missing(problems),
        },
        other => other,
    })
}

/// [`load_str_in`], with a problem of several fields said at each.
fn load_each_problem(
    text: &str,
    source: &str,
    sets: &[String],
    base: Option<&Path>,
) -> Result<Loaded, ScenarioError> {
    let mut document: toml::Table =
        toml::from_str(text).map_err(|e| parse::syntax_error(text, source, &e))?;
    let mut unset = Vec::new();
    let mut ambiguous = Vec::new();
    let original = (!sets.is_empty()).then(|| document.clone());
    for assignment in sets {
        if let Some(message) = set::ambiguous(&document, assignment) {
            ambiguous.push((assignment.clone(), message));
            continue;
        }
        // `-r` and `--seed` on a file without [scenario]: the file's own problems (its
        // missing settings) are the ones to report, not the option.
        if assignment.starts_with("scenario.") && !document.contains_key("scenario") {
            document.insert("scenario".to_string(), toml::Table::new().into());
        }
        match set::apply(&mut document, assignment) {
            // Perhaps a path that only a variant makes: tried on each variant after its
            // operators; else reported with every other one.
            Err(ScenarioError::Override {
                assignment,
                message,
            }) => unset.push((assignment, message)),
            other => other?,
        }
    }
    let sha256 = crate::text::sha256_hex(text.as_bytes());
    // The variants are tried only if the document is valid: kept to report their own
    // problems when it is not.
    let kept = document.clone();
    let mut loaded = match from_document(document, source, &sha256, base, sets) {
        Ok(loaded) => loaded,
        Err(ScenarioError::Invalid { file, mut problems }) => {
            // A route to a stage that does not exist cuts the stages after it off, and the
            // variants' operators would name them as missing: said once, at the route (the
            // variants' other problems still are).
            let cut_off = problems
                .iter()
                .any(|p| p.message.starts_with("no stage named"));
            let follows = |p: &Problem| {
                cut_off
                    && (p.message.starts_with("no stage named")
                        || p.message.contains("` has no `")
                        || p.message.contains("never reaches"))
            };
            let mut add = |p: Problem| {
                if !problems.contains(&p) {
                    problems.push(p);
                }
            };
            // Every problem at once: the variants' operators' own (what they name and how
            // they are written, in the file as written; what they would make of a broken
            // process is not read) ...
            let written = original.as_ref().unwrap_or(&kept);
            for name in variant::names(written) {
                if let Err(p) = variant::resolve_with(written, &name, &[]) {
                    p.into_iter().filter(|p| !follows(p)).for_each(&mut add);
                }
            }
            // ... and an assignment no variant has the path of, or whose path is unclear.
            for (assignment, message) in &ambiguous {
                add(Problem {
                    path: format!("--set {assignment}"),
                    message: message.clone(),
                });
            }
            for (assignment, message) in &unset {
                if !variant::names(&kept)
                    .iter()
                    .any(|name| takes(&kept, name, assignment))
                {
                    add(Problem {
                        path: format!("--set {assignment}"),
                        message: message.clone(),
                    });
                }
            }
            return Err(ScenarioError::Invalid { file, problems });
        }
        Err(e) => return Err(e),
    };
    // A variant the file itself breaks (not the overrides) stops every command, as it
    // does without overrides.
    if let Some(original) = &original {
        let broken: Vec<(String, Vec<Problem>)> = loaded
            .unusable
            .iter()
            .filter(|(name, _)| {
                !variant::resolve_with(original, name, &[])
                    .is_ok_and(|(doc, _)| parse::model_from_table(&doc, source, base).is_ok())
            })
            .cloned()
            .collect();
        let own = each_once(&broken);
        if !own.is_empty() {
            return Err(ScenarioError::Invalid {
                file: source.to_string(),
                problems: own,
            });
        }
    }
    let mut placed = Vec::new();
    let mut typos = Vec::new();
    for (assignment, message) in unset {
        let have: Vec<String> = variant::names(&loaded.document)
            .into_iter()
            .filter(|name| takes(&loaded.document, name, &assignment))
            .collect();
        if have.is_empty() {
            // No variant has the path either: a typo, not a path a redesign makes.
            typos.push((assignment, message));
        } else {
            placed.push((assignment, message, have));
        }
    }
    typos.splice(0..0, ambiguous);
    match typos.len() {
        0 => {}
        1 => {
            let (assignment, message) = typos.remove(0);
            return Err(ScenarioError::Override {
                assignment,
                message,
            });
        }
        _ => {
            return Err(ScenarioError::Invalid {
                file: source.to_string(),
                problems: typos
                    .into_iter()
                    .map(|(assignment, message)| Problem {
                        path: format!("--set {assignment}"),
                        message,
                    })
                    .collect(),
            });
        }
    }
    loaded.unset = placed;
    Ok(loaded)
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
    // A value the command line set is blamed on the command line.
    let blame = |mut problems: Vec<Problem>| {
        for p in &mut problems {
            blame_on_set(p, overrides, &document);
        }
        problems
    };
    let model = parse::model_from_table(&document, source, base).map_err(|e| match e {
        ScenarioError::Invalid { file, problems } => ScenarioError::Invalid {
            file,
            problems: blame(problems),
        },
        e => e,
    })?;
    let mut variants = Vec::new();
    let mut problems = Vec::new();
    let mut unusable = Vec::new();
    for name in variant::names(&document) {
        let before = problems.len();
        if name == variant::BASELINE {
            problems.push(crate::error::Problem {
                path: format!("variants.{name}"),
                message: format!(
                    r#""{name}" names the process as written; give the variant another name"#
                ),
            });
            continue;
        }
        let (produced, own) = variant::resolve_sets_apart(&document, &name, overrides);
        for p in own {
            if !problems.contains(&p) {
                problems.push(p);
            }
        }
        let (doc, origins, whole) = match produced {
            variant::Produced::Whole(doc, origins) => (doc, origins, true),
            variant::Produced::Partial(doc, origins) => (doc, origins, false),
        };
        match parse::model_from_table(&doc, source, base) {
            Ok(model) if problems.len() == before => variants.push(Variant {
                label: variant::label(&document, &name),
                name: name.clone(),
                document: doc,
                model,
            }),
            Ok(_) => {}
            Err(ScenarioError::Invalid { problems: p, .. }) => {
                const PRODUCED: &str = " (the scenario it produces) ";
                for mut problem in p {
                    // A value the command line or an operator wrote is blamed on it,
                    // once; of a variant with an operator left out, only those.
                    if !blame_on_set(&mut problem, overrides, &doc) {
                        match origins.operator_path(&problem.path) {
                            Some(op) => problem.path = op,
                            None if whole => {
                                problem.path =
                                    format!("variants.{name}{PRODUCED}{path}", path = problem.path)
                            }
                            None => continue,
                        }
                    } else if !whole {
                        continue;
                    }
                    if !problems.contains(&problem) {
                        problems.push(problem);
                    }
                }
            }
            Err(e) => return Err(e),
        }
        // With overrides, a variant they break waits until a command uses it.
        if !overrides.is_empty() && problems.len() > before {
            unusable.push((name, problems.split_off(before)));
        }
    }
    if !problems.is_empty() {
        return Err(ScenarioError::Invalid {
            file: source.to_string(),
            problems,
        });
    }
    let inputs = traces_read(&document, base);
    Ok(Loaded {
        inputs,
        source: source.to_string(),
        sha256: sha256.to_string(),
        document,
        model,
        base: base.map(Path::to_path_buf),
        variants,
        unusable,
        unset: Vec::new(),
        overrides: overrides.to_vec(),
    })
}

/// SHA-256 of each arrival trace the classes of `doc` replay, read from `base`, by the name
/// written (one that cannot be read is the model's problem, reported when it is built).
fn traces_read(
    doc: &toml::Table,
    base: Option<&Path>,
) -> std::collections::BTreeMap<String, String> {
    let classes = doc.get("classes").and_then(toml::Value::as_array);
    classes
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("arrivals")?.get("trace")?.as_str())
        .filter_map(|file| {
            let path = base.map_or_else(|| Path::new(file).to_path_buf(), |b| b.join(file));
            let bytes = std::fs::read(path).ok()?;
            Some((file.to_string(), crate::text::sha256_hex(&bytes)))
        })
        .collect()
}

/// A scenario document that stands on its own: calendars' `include`d files are written out
/// in full and arrival traces named by their full path, so it loads from any folder.
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
                let table: toml::Table = toml::from_str(&text)
                    .map_err(|e| problem(parse::toml_fault(file, &text, &e)))?;
                parse::merge_calendar(&mut merged, &table);
            }
            parse::merge_calendar(&mut merged, own);
            *cal = toml::Value::Table(merged);
        }
    }
    // Arrival traces are named by their full path: too large to write out, they are still
    // found from any folder.
    if let (Some(base), Some(toml::Value::Array(classes))) = (base, doc.get_mut("classes")) {
        for class in classes {
            if let Some(toml::Value::String(file)) = class
                .get_mut("arrivals")
                .and_then(|a| a.as_table_mut())
                .and_then(|a| a.get_mut("trace"))
                && Path::new(file.as_str()).is_relative()
                && let Ok(full) = std::path::absolute(base.join(file.as_str()))
            {
                *file = full.display().to_string();
            }
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

/// Warnings about a valid model that the user should see before a run: calendars never open
/// in the simulated window, classes whose profiles give no arrivals in the observed window,
/// and pools whose offered load is at or above capacity (the queue grows without bound) or
/// close to it.
pub fn warnings(model: &Model) -> Vec<String> {
    let s = &model.settings;
    // A calendar that never opens in the simulated window: what keeps it stands still.
    let end = s.horizon * s.time_unit.minutes();
    let closed = model
        .calendars
        .iter()
        .filter(|c| c.calendar.working_between(0.0, end) <= 0.0)
        .map(|c| {
            Lang::En.fill(
                "calendar `{calendar}` is never open from the start date {date} to the end of the horizon (every day closed or a holiday): the pools, arrivals and working-day times that keep it stand still; check its days, hours and holidays",
                &[("calendar", &c.name), ("date", &s.start_date.to_string())],
            )
        });
    // A class whose profiles give no arrivals in the open time of the window (weekends only
    // on a Monday-Friday calendar; a season the run does not reach, or reaches only in the
    // warm-up): its results would stay empty without a word.
    let start = s.warmup * s.time_unit.minutes();
    let silent = model.classes.iter().filter_map(move |c| {
        let crate::scenario::model::Arrival::Varying(v) = &c.arrival else {
            return None;
        };
        let cal = v.calendar.map(|i| &model.calendars[i as usize].calendar);
        let open = |a: f64, b: f64| cal.map_or(b - a, |c| c.working_between(a, b));
        if v.daily.is_empty() || open(start, end) <= 0.0 {
            return None;
        }
        let first = (start / 1440.0).floor() as usize;
        let last = (end / 1440.0).ceil() as usize;
        let arrivals: f64 = (first..last)
            .map(|d| {
                let (a, b) = ((d as f64 * 1440.0).max(start), ((d + 1) as f64 * 1440.0).min(end));
                open(a, b) * v.daily[d.min(v.daily.len() - 1)]
            })
            .sum();
        (arrivals <= 0.0).then(|| {
            Lang::En.fill(
                "class {class} has no arrivals from the warm-up to the horizon: its weekday and month profiles give none in the open time of those days (weekends only on a Monday-Friday arrival calendar, a season the run does not reach), so its results stay empty; give one of those days a positive multiplier, or run longer",
                &[("class", &crate::i18n::tagged(&c.name, c.label.as_deref()))],
            )
        })
    });
    // A weekday multiplier for a day the arrival calendar never opens: never used (a
    // make-up working day takes the hours and multiplier of the weekday it works as).
    let unused = model.classes.iter().filter_map(move |c| {
        let crate::scenario::model::Arrival::Varying(v) = &c.arrival else {
            return None;
        };
        let cal = v.calendar.map(|i| model.calendars[i as usize].name.as_str())?;
        let days: Vec<String> = v
            .unused_weekdays
            .iter()
            .map(|&(d, m)| format!("{} {m}", crate::scenario::parse::WEEKDAYS[d]))
            .collect();
        (!days.is_empty()).then(|| {
            Lang::En.fill(
                "class {class}'s weekday_profile gives {days}, but its arrival calendar `{calendar}` is never open on those weekdays, so those multipliers are never used; open the calendar on them, or set them to 0",
                &[
                    ("class", &crate::i18n::tagged(&c.name, c.label.as_deref())),
                    ("days", &days.join(", ")),
                    ("calendar", cal),
                ],
            )
        })
    });
    // A member group on hours of its own that has no public holidays, in a pool whose
    // calendar has them: its members would work through National Day and skip make-up days.
    let holidays_worked = model.pools.iter().flat_map(move |p| {
        let holidays = |c: model::CalendarId| !model.calendars[c as usize].covers.is_empty();
        let pool_calendar = p.calendar.filter(|&c| holidays(c));
        p.groups.iter().enumerate().filter_map(move |(g, group)| {
            let (own, pool_calendar) = (group.calendar?, pool_calendar?);
            (own != pool_calendar && !holidays(own)).then(|| {
                let name = crate::i18n::tagged(&p.name, p.label.as_deref());
                Lang::En.fill(
                    "member group {group} of pool {pool} works to calendar `{calendar}`, which has no public holidays, while the pool's calendar `{pool_calendar}` has them: its members work on holidays and not on make-up days; if they have the holidays off, give `{calendar}` the holiday files (include = [...])",
                    &[
                        ("group", &format!("members[{g}]{}", group.label.as_ref().map_or(String::new(), |l| format!(" ({l})")))),
                        ("pool", &name),
                        ("calendar", &model.calendars[own as usize].name),
                        ("pool_calendar", &model.calendars[pool_calendar as usize].name),
                    ],
                )
            })
        })
    });
    let pool_loads = model.pool_loads();
    // A pool whose queue needs longer to forget the empty start than the warm-up allows (or
    // whose run after it is short beside that time): its waits come out too short, and the
    // warm-up check on the lead times can miss it when a run is only a few of these times
    // long.
    let (warmup, observed) = (s.warmup, s.horizon - s.warmup);
    let relaxation = model.relaxation_times();
    // A start-up that lasts under 1 % of the run after the warm-up moves no mean by more
    // than 1 %, whatever the warm-up: not worth a word. Arrivals all replayed from files
    // are no steady state to settle into.
    let replayed = model
        .classes
        .iter()
        .all(|c| matches!(c.arrival, crate::scenario::model::Arrival::Trace { .. }));
    let short = |t: f64| {
        !replayed
            && t.is_finite()
            && 3.0 * t >= 0.01 * observed
            && (warmup < 3.0 * t || observed < 5.0 * t)
    };
    let units = format!("{}s", s.time_unit.name());
    let figure = |x: f64| match x {
        x if x >= 100.0 || x.fract() == 0.0 => format!("{x:.0}"),
        x if x >= 10.0 => format!("{x:.1}"),
        x => format!("{x:.2}"),
    };
    let loads = pool_loads
        .iter()
        // A pool whose hours never open has no capacity at all: its calendar's warning
        // above says so, an infinite load would not.
        .filter(|l| l.utilization >= 0.95 && l.utilization.is_finite())
        .map(|l| {
            let pool = &model.pools[l.pool as usize];
            let name = crate::i18n::tagged(&pool.name, pool.label.as_deref());
            let values = [("pool", name.as_str()), ("load", &l.to_string())];
            let settles = relaxation[l.pool as usize];
            if l.unstable() {
                Lang::En.fill(
                    "pool {pool} is unstable: offered load {load}, at or above its capacity, so its queue grows without bound; add staff or reduce the work routed to it",
                    &values,
                )
            } else if short(settles) {
                // The bounds the run does not meet, only.
                let template = match (warmup < 3.0 * settles, observed < 5.0 * settles) {
                    (true, false) => "pool {pool} is near saturation: offered load {load}; queues will be long and slow to settle: about {relaxation} {units} to forget the empty start (the relaxation time of an M/M/c queue so loaded), longer than a warm-up of {warmup} and {observed} {units} after it allow, so its waits come out too short; give the run a warm-up of at least {warmup_needed} {units}",
                    (false, true) => "pool {pool} is near saturation: offered load {load}; queues will be long and slow to settle: about {relaxation} {units} to forget the empty start (the relaxation time of an M/M/c queue so loaded), longer than a warm-up of {warmup} and {observed} {units} after it allow, so its waits come out too short; give the run at least {observed_needed} {units} after the warm-up",
                    _ => "pool {pool} is near saturation: offered load {load}; queues will be long and slow to settle: about {relaxation} {units} to forget the empty start (the relaxation time of an M/M/c queue so loaded), longer than a warm-up of {warmup} and {observed} {units} after it allow, so its waits come out too short; give the run a warm-up of at least {warmup_needed} {units} and at least {observed_needed} after it",
                };
                Lang::En.fill(
                    template,
                    &[
                        ("pool", name.as_str()),
                        ("load", &l.to_string()),
                        ("relaxation", &figure(settles)),
                        ("units", &units),
                        ("warmup", &figure(warmup)),
                        ("observed", &figure(observed)),
                        ("warmup_needed", &figure(3.0 * settles)),
                        ("observed_needed", &figure(5.0 * settles)),
                    ],
                )
            } else {
                Lang::En.fill(
                    "pool {pool} is near saturation: offered load {load}; queues will be long and slow to settle",
                    &values,
                )
            }
        });
    // The other pools that settle too slowly: said once, with the slowest three.
    let mut slow: Vec<(usize, f64)> = relaxation
        .iter()
        .copied()
        .enumerate()
        .filter(|&(p, t)| short(t) && pool_loads[p].utilization < 0.95)
        .collect();
    slow.sort_by(|a, b| b.1.total_cmp(&a.1));
    let slow = slow.first().map(|&(_, longest)| {
        let pools: Vec<String> = slow
            .iter()
            .take(3)
            .map(|&(p, t)| {
                let pool = &model.pools[p];
                let name = crate::i18n::tagged(&pool.name, pool.label.as_deref());
                format!("{name} {}", figure(t))
            })
            .collect();
        let template = match (warmup < 3.0 * longest, observed < 5.0 * longest) {
            (true, false) => "the warm-up is short beside how long the slowest queues take to forget the empty start (the relaxation time of an M/M/c queue at their offered load, in {units}: {pools}): with a warm-up of {warmup} and {observed} {units} after it, their waits and the lead times through them come out too short; give the run a warm-up of at least {warmup_needed} {units} (three times the longest)",
            (false, true) => "the warm-up is short beside how long the slowest queues take to forget the empty start (the relaxation time of an M/M/c queue at their offered load, in {units}: {pools}): with a warm-up of {warmup} and {observed} {units} after it, their waits and the lead times through them come out too short; give the run at least {observed_needed} {units} after the warm-up (five times the longest)",
            _ => "the warm-up is short beside how long the slowest queues take to forget the empty start (the relaxation time of an M/M/c queue at their offered load, in {units}: {pools}): with a warm-up of {warmup} and {observed} {units} after it, their waits and the lead times through them come out too short; give the run a warm-up of at least {warmup_needed} {units} (three times the longest) and at least {observed_needed} after it (five times)",
        };
        Lang::En.fill(
            template,
            &[
                ("units", &units),
                ("pools", &pools.join(", ")),
                ("warmup", &figure(warmup)),
                ("observed", &figure(observed)),
                ("warmup_needed", &figure(3.0 * longest)),
                ("observed_needed", &figure(5.0 * longest)),
            ],
        )
    });
    closed
        .chain(silent)
        .chain(unused)
        .chain(holidays_worked)
        .chain(loads)
        .chain(slow)
        .collect()
}
