//! Redesigns as operators on the current process: `[variants.NAME]`.
//!
//! A variant is a list of operators applied, in the order written, to the scenario document
//! of the current process. Each operator rewrites the TOML document, so the result is an
//! ordinary scenario: `expansim show --variant NAME` prints it and `run` accepts it.
//!
//! - `merge = { stages = ["a", "b"], duration = ..., name?, pool?, label? }`: the stages
//!   become one step for everyone; hand-off stages between them disappear.
//! - `one_stop = { classes = [...], stages = [...], pool, duration, name, label? }`: for
//!   the given classes one pool does the run of stages in one visit; other classes keep the
//!   stages as they were.
//! - `parallel = { stages = [...] }`: stages in sequence run as the branches of a fork that
//!   joins where the last one led.
//! - `digital_handoff = { delay = ..., stages? = [...] }`: hand-off stages (all, or the
//!   listed ones) take `delay` instead, with no collection schedule.
//! - `remove = { stages = [...], classes? = [...] }`: cases of the classes (default all)
//!   skip the stages, and any rework loop they start.
//! - `set = { "PATH" = VALUE, ... }`: any value by the `--set` path.
//! - `extends = ["other", ...]`: applies other variants first.
//!
//! `merge`, `one_stop`, `parallel` and `remove` take one table or an array of tables.
//! A stage merged away is afterwards known by the merged step's name, so later operators
//! (and variants that extend this one) can still name it.

use std::collections::{BTreeMap, BTreeSet};

use toml::{Table, Value};

use super::parse::{describe, did_you_mean, no_pool_named};
use super::set;
use crate::error::Problem;

/// Keys of a `[variants.NAME]` table.
pub const VARIANT_KEYS: &[&str] = &[
    "label",
    "description",
    "extends",
    "merge",
    "one_stop",
    "parallel",
    "digital_handoff",
    "remove",
    "train",
    "set",
];
const MERGE_KEYS: &[&str] = &["stages", "name", "label", "pool", "duration", "by_class"];
const ONE_STOP_KEYS: &[&str] = &[
    "classes", "stages", "name", "label", "pool", "duration", "by_class",
];
const PARALLEL_KEYS: &[&str] = &["stages"];
const DIGITAL_KEYS: &[&str] = &["delay", "stages"];
const REMOVE_KEYS: &[&str] = &["stages", "classes"];
const TRAIN_KEYS: &[&str] = &["pool", "from", "to", "count", "cost"];

/// The name of the process as written, which no variant may take.
pub const BASELINE: &str = "current";

/// The name of the settings a person changed by hand (the web app's what-if), which are
/// shown by their label alone.
pub const CHANGED: &str = "changed";

/// How a variant is shown: `name (label)`. The current process has no label in the
/// scenario; in Chinese it reads `现行流程`, a word of its own (`current` in English). The
/// settings changed by hand read as their label.
pub fn shown(l: crate::i18n::Lang, name: &str, label: Option<&str>) -> String {
    match (name, label) {
        (BASELINE, None) => l
            .find("the current process")
            .unwrap_or(BASELINE)
            .to_string(),
        // The process as written, changed on the command line; the web app's changed
        // settings: named by their label alone.
        (BASELINE | CHANGED, Some(label)) => label.to_string(),
        _ => crate::i18n::named(name, label),
    }
}

/// Names of the variants of a scenario document, in file order.
pub fn names(doc: &Table) -> Vec<String> {
    doc.get("variants")
        .and_then(Value::as_table)
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default()
}

/// The label of a variant, if it has one.
pub fn label(doc: &Table, name: &str) -> Option<String> {
    doc.get("variants")?
        .get(name)?
        .get("label")?
        .as_str()
        .map(str::to_string)
}

/// Applies variant `name` to `doc` (a valid current process) and returns the resulting
/// scenario document, without its `[variants]`.
pub fn resolve(doc: &Table, name: &str) -> Result<Table, Vec<Problem>> {
    resolve_traced(doc, name).map(|(t, _)| t)
}

/// [`resolve`], with where the operators' values went.
fn resolve_traced(doc: &Table, name: &str) -> Result<(Table, Origins), Vec<Problem>> {
    let (out, origins, problems) = resolve_all(doc, name);
    if problems.is_empty() {
        Ok((out, origins))
    } else {
        Err(problems)
    }
}

/// The scenario variant `name` of `doc` produces, where its operators' values went, and its
/// operators' problems (an operator with a problem is left out, or the part of it that has
/// one).
fn resolve_all(doc: &Table, name: &str) -> (Table, Origins, Vec<Problem>) {
    let mut r = Resolver {
        variants: doc
            .get("variants")
            .and_then(Value::as_table)
            .cloned()
            .unwrap_or_default(),
        doc: doc.clone(),
        aliases: BTreeMap::new(),
        problems: Vec::new(),
        stack: Vec::new(),
        applied: BTreeSet::new(),
        origins: Origins::default(),
        unformed: Vec::new(),
    };
    r.doc.remove("variants");
    if name != BASELINE {
        r.apply_variant(name, "variants");
    }
    (r.doc, r.origins, r.problems)
}

/// [`resolve`], then the command line's `--set` assignments (`overrides`, already checked
/// against the current process) on the result: the command line wins over the variant's
/// own operators. An assignment to `variants.…` changed the variant before it was resolved;
/// one whose path the variant no longer has (a stage it merged or removed) does not apply.
pub fn resolve_with(
    doc: &Table,
    name: &str,
    overrides: &[String],
) -> Result<(Table, Origins), Vec<Problem>> {
    match resolve_sets_apart(doc, name, overrides) {
        (Produced::Whole(out, origins), problems) if problems.is_empty() => Ok((out, origins)),
        (_, problems) => Err(problems),
    }
}

/// What a variant produces beside its operators' problems: [`Produced::Whole`] when its only
/// problems are entries of its `set` (each left out, the others applied), so that the
/// scenario's own problems can be said with them; [`Produced::Partial`] when an operator
/// has one (left out, or the part of it that has one), so that only the problems of values
/// the operators wrote are said with them (a route it did not change is not a problem).
pub enum Produced {
    /// The whole scenario, and where its values came from.
    Whole(Table, Origins),
    /// The scenario with the operators that have a problem left out, and where its values
    /// came from.
    Partial(Table, Origins),
}

/// [`resolve_with`], and the scenario the variant produces without its operators' problems
/// (see [`Produced`]).
pub fn resolve_sets_apart(
    doc: &Table,
    name: &str,
    overrides: &[String],
) -> (Produced, Vec<Problem>) {
    let (mut out, origins, problems) = resolve_all(doc, name);
    let in_set = |p: &Problem| p.path.contains(".set.\"") || p.path.ends_with(".set");
    if !problems.iter().all(in_set) {
        return (Produced::Partial(out, origins), problems);
    }
    for assignment in overrides {
        let path = assignment.split_once('=').map_or("", |(p, _)| p.trim());
        if path == "variants" || path.starts_with("variants.") {
            continue;
        }
        let mut changed = out.clone();
        if set::apply(&mut changed, assignment).is_ok() {
            out = changed;
        }
    }
    (Produced::Whole(out, origins), problems)
}

/// Operator arguments naming a run of stages.
struct Fuse {
    stages: Vec<String>,
    classes: Option<Vec<String>>,
    name: Option<String>,
    label: Option<Value>,
    pool: Option<Value>,
    duration: Option<Value>,
    /// Per-class durations of the combined step: class → duration.
    by_class: BTreeMap<String, Value>,
}

struct Resolver {
    variants: Table,
    doc: Table,
    /// Stage merged away → the step that replaced it.
    aliases: BTreeMap<String, String>,
    problems: Vec<Problem>,
    /// Variants being applied (to refuse `extends` cycles).
    stack: Vec<String>,
    /// Variants already applied (one reached twice through `extends` applies once).
    applied: BTreeSet<String>,
    /// Where values an operator wrote came from: path in the produced scenario → the
    /// operator's key, so that a problem with such a value is reported where it was written.
    origins: Origins,
    /// The names of the merged or one-stop steps an operator with a problem did not form
    /// (`None`: one whose name is missing or wrong): a `set` of such a step follows from
    /// that problem and is not another.
    unformed: Vec<Option<String>>,
}

/// Paths of a produced scenario (`stages.check.duration`) and the operator keys that wrote
/// their values (`variants.digital.digital_handoff.delay`), latest last.
#[derive(Debug, Default, Clone)]
pub struct Origins(Vec<(String, String)>);

impl Origins {
    /// The operator key that wrote the value at `path` of the produced scenario (or at a
    /// table around it), with the rest of `path` appended; `None` for a value the current
    /// process has.
    pub fn operator_path(&self, path: &str) -> Option<String> {
        self.0.iter().rev().find_map(|(produced, op)| {
            let rest = path.strip_prefix(produced.as_str())?;
            (rest.is_empty() || rest.starts_with(['.', '['])).then(|| format!("{op}{rest}"))
        })
    }

    fn add(&mut self, produced: String, op: String) {
        self.0.push((produced, op));
    }
}

/// The stage names a route value refers to.
fn route_targets(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => {
            for b in a {
                if let Some(s) = b.get("to").and_then(Value::as_str) {
                    out.push(s.to_string());
                }
            }
        }
        Value::Table(t) => {
            for key in ["rework", "otherwise", "join"] {
                if let Some(s) = t.get(key).and_then(Value::as_str) {
                    out.push(s.to_string());
                }
            }
            if let Some(Value::Array(f)) = t.get("fork") {
                out.extend(f.iter().filter_map(Value::as_str).map(str::to_string));
            }
        }
        _ => {}
    }
    out.retain(|s| s != "end");
    out
}

/// Replaces every stage name in a route value for which `map` gives a new name.
fn rename_targets(v: &mut Value, map: &dyn Fn(&str) -> Option<String>) {
    let swap = |s: &mut Value| {
        if let Some(new) = s.as_str().and_then(map) {
            *s = Value::String(new);
        }
    };
    match v {
        Value::String(_) => swap(v),
        Value::Array(a) => {
            for b in a {
                if let Some(to) = b.get_mut("to") {
                    swap(to);
                }
            }
        }
        Value::Table(t) => {
            for key in ["rework", "otherwise", "join"] {
                if let Some(x) = t.get_mut(key) {
                    swap(x);
                }
            }
            if let Some(Value::Array(f)) = t.get_mut("fork") {
                f.iter_mut().for_each(swap);
            }
        }
        _ => {}
    }
}

/// Where a route continues when it has one way on: a plain `next`, or the `otherwise` of a
/// rework route (returned with the rework table).
fn continuation(v: &Value) -> Option<(String, Option<Table>)> {
    match v {
        Value::String(s) => Some((s.clone(), None)),
        Value::Table(t) if t.contains_key("rework") => t
            .get("otherwise")
            .and_then(Value::as_str)
            .map(|o| (o.to_string(), Some(t.clone()))),
        _ => None,
    }
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        return "[]".to_string();
    }
    names
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Resolver {
    fn problem(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }

    fn stages(&self) -> Table {
        self.doc
            .get("stages")
            .and_then(Value::as_table)
            .cloned()
            .unwrap_or_default()
    }

    fn stages_mut(&mut self) -> &mut Table {
        if !matches!(self.doc.get("stages"), Some(Value::Table(_))) {
            self.doc
                .insert("stages".to_string(), Value::Table(Table::new()));
        }
        match self.doc.get_mut("stages") {
            Some(Value::Table(t)) => t,
            _ => unreachable!("inserted above"),
        }
    }

    fn stage(&self, name: &str) -> Option<&Table> {
        self.doc.get("stages")?.get(name)?.as_table()
    }

    fn stage_mut(&mut self, name: &str) -> Option<&mut Table> {
        self.stages_mut().get_mut(name)?.as_table_mut()
    }

    fn is_handoff(&self, name: &str) -> bool {
        self.stage(name)
            .and_then(|t| t.get("handoff"))
            .and_then(Value::as_bool)
            == Some(true)
    }

    /// The names in [pools], if it is a table.
    fn pools(&self) -> Option<Vec<String>> {
        self.doc
            .get("pools")
            .and_then(Value::as_table)
            .map(|p| p.keys().cloned().collect())
    }

    fn classes(&self) -> Vec<String> {
        self.doc
            .get("classes")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|c| c.get("name").and_then(Value::as_str))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }

    fn start(&self, class: &str) -> Option<String> {
        self.doc
            .get("classes")?
            .as_array()?
            .iter()
            .find(|c| c.get("name").and_then(Value::as_str) == Some(class))?
            .get("start")?
            .as_str()
            .map(str::to_string)
    }

    fn set_start(&mut self, class: &str, stage: &str) {
        if let Some(Value::Array(a)) = self.doc.get_mut("classes") {
            for c in a.iter_mut() {
                if c.get("name").and_then(Value::as_str) == Some(class)
                    && let Some(t) = c.as_table_mut()
                {
                    t.insert("start".to_string(), Value::String(stage.to_string()));
                }
            }
        }
    }

    /// The route of `stage` for `class`: its class override or its default.
    fn next(&self, stage: &str, class: &str) -> Option<Value> {
        let t = self.stage(stage)?;
        t.get("by_class")
            .and_then(|b| b.get(class))
            .and_then(|o| o.get("next"))
            .or_else(|| t.get("next"))
            .cloned()
    }

    /// The stages of `stage`'s own rework loop for `class`: those reached from its `rework`
    /// target without passing a stage of `inside`.
    fn rework_loop(&self, stage: &str, class: &str, inside: &BTreeSet<String>) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<String> = match self.next(stage, class) {
            Some(Value::Table(t)) => t
                .get("rework")
                .and_then(Value::as_str)
                .map(str::to_string)
                .into_iter()
                .collect(),
            _ => Vec::new(),
        };
        while let Some(s) = todo.pop() {
            if inside.contains(&s) || self.stage(&s).is_none() || !seen.insert(s.clone()) {
                continue;
            }
            if let Some(r) = self.next(&s, class) {
                todo.extend(route_targets(&r));
            }
        }
        seen
    }

    /// Stages a case of `class` can visit.
    fn reachable(&self, class: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<String> = self.start(class).into_iter().collect();
        while let Some(s) = todo.pop() {
            if self.stage(&s).is_none() || !seen.insert(s.clone()) {
                continue;
            }
            if let Some(r) = self.next(&s, class) {
                todo.extend(route_targets(&r));
            }
        }
        seen
    }

    /// The back edges `(from, to)` of `class`'s routes: a way from a stage back to one the
    /// case has already passed (rework), found by a depth-first walk from the class's start,
    /// as the scenario's routing counts them.
    fn back_edges(&self, class: &str) -> BTreeSet<(String, String)> {
        let mut back = BTreeSet::new();
        let Some(start) = self.start(class) else {
            return back;
        };
        let succ = |s: &str| -> Vec<String> {
            self.next(s, class)
                .map(|r| route_targets(&r))
                .unwrap_or_default()
        };
        let mut on_path: BTreeSet<String> = [start.clone()].into();
        let mut done: BTreeSet<String> = BTreeSet::new();
        let mut stack: Vec<(String, Vec<String>, usize)> = vec![(start.clone(), succ(&start), 0)];
        while let Some((s, next, k)) = stack.last_mut() {
            if let Some(t) = next.get(*k).cloned() {
                *k += 1;
                if on_path.contains(&t) {
                    back.insert((s.clone(), t));
                } else if !done.contains(&t) && self.stage(&t).is_some() {
                    on_path.insert(t.clone());
                    let sx = succ(&t);
                    stack.push((t, sx, 0));
                }
            } else {
                on_path.remove(s.as_str());
                done.insert(s.clone());
                stack.pop();
            }
        }
        back
    }

    /// Renames stage references in every route (defaults and class overrides) and start.
    fn rename_everywhere(&mut self, map: &dyn Fn(&str) -> Option<String>) {
        for (_, st) in self.stages_mut().iter_mut() {
            if let Some(n) = st.get_mut("next") {
                rename_targets(n, map);
            }
            if let Some(Value::Table(b)) = st.get_mut("by_class") {
                for (_, o) in b.iter_mut() {
                    if let Some(n) = o.get_mut("next") {
                        rename_targets(n, map);
                    }
                }
            }
        }
        for class in self.classes() {
            if let Some(new) = self.start(&class).as_deref().and_then(map) {
                self.set_start(&class, &new);
            }
        }
    }

    /// Renames stage references in the routes the classes in `scope` follow, leaving other
    /// classes' routes as they are. `map(class, stage)` gives the new name. Each stage's
    /// default route becomes the most common route among the classes that reach it; the
    /// others get class overrides (and overrides of classes that never reach it are dropped).
    fn reroute(
        &mut self,
        scope: &[String],
        skip: &BTreeSet<String>,
        map: &dyn Fn(&str, &str) -> Option<String>,
    ) {
        let classes = self.classes();
        let reach: Vec<(String, BTreeSet<String>)> = classes
            .iter()
            .map(|c| (c.clone(), self.reachable(c)))
            .collect();
        let names: Vec<String> = self.stages().keys().cloned().collect();
        for stage in names {
            if skip.contains(&stage) {
                continue;
            }
            let mut routes: Vec<(String, Value)> = Vec::new();
            let mut changed = false;
            for (c, r) in &reach {
                if !r.contains(&stage) {
                    continue;
                }
                let Some(mut route) = self.next(&stage, c) else {
                    continue;
                };
                if scope.contains(c) {
                    let before = route.clone();
                    rename_targets(&mut route, &|s| map(c, s));
                    changed |= route != before;
                }
                routes.push((c.clone(), route));
            }
            if changed {
                self.write_routes(&stage, &routes);
            }
        }
        for c in scope {
            if let Some(new) = self.start(c).and_then(|s| map(c, &s)) {
                self.set_start(c, &new);
            }
        }
    }

    /// Gives each class in `routes` its route at `stage`: the most common one as the
    /// default, the rest as class overrides.
    fn write_routes(&mut self, stage: &str, routes: &[(String, Value)]) {
        let Some(default) = routes
            .iter()
            .max_by_key(|(_, r)| {
                (
                    routes.iter().filter(|(_, x)| x == r).count(),
                    // Ties: the first class's route.
                    std::cmp::Reverse(routes.iter().position(|(_, x)| x == r)),
                )
            })
            .map(|(_, r)| r.clone())
        else {
            return;
        };
        let Some(t) = self.stage_mut(stage) else {
            return;
        };
        t.insert("next".into(), default.clone());
        let mut by_class = match t.remove("by_class") {
            Some(Value::Table(b)) => b,
            _ => Table::new(),
        };
        for (_, o) in by_class.iter_mut() {
            if let Some(o) = o.as_table_mut() {
                o.remove("next");
            }
        }
        for (c, r) in routes {
            if *r != default {
                let o = by_class
                    .entry(c.clone())
                    .or_insert_with(|| Value::Table(Table::new()));
                if let Some(o) = o.as_table_mut() {
                    o.insert("next".into(), r.clone());
                }
            }
        }
        by_class.retain(|_, o| o.as_table().is_some_and(|o| !o.is_empty()));
        if !by_class.is_empty() {
            t.insert("by_class".into(), Value::Table(by_class));
        }
    }

    /// Drops stages that no class can reach any more. Nothing is dropped while a route
    /// names a stage that is not there (a misspelt `set`): where its cases would go is not
    /// known, and the error about it lists the stages there are.
    fn prune(&mut self) {
        let classes = self.classes();
        let mut used = BTreeSet::new();
        for c in &classes {
            used.extend(self.reachable(c));
        }
        let dangling = used.iter().any(|s| {
            classes.iter().any(|c| {
                self.next(s, c).is_some_and(|r| {
                    route_targets(&r)
                        .iter()
                        .any(|t| t != "end" && self.stage(t).is_none())
                })
            })
        });
        if !dangling {
            self.stages_mut().retain(|name, _| used.contains(name));
        }
    }

    fn resolve_name(&self, name: &str) -> String {
        let mut n = name.to_string();
        while let Some(next) = self.aliases.get(&n) {
            n = next.clone();
        }
        n
    }

    /// A list of names (`["a", "b"]`, or one string).
    fn names(&mut self, v: Option<&Value>, path: &str, required: bool) -> Option<Vec<String>> {
        let items: Vec<Value> = match v {
            None if required => {
                self.problem(path, r#"missing: give a list of names, e.g. ["a", "b"]"#);
                return None;
            }
            None => return None,
            Some(Value::Array(a)) => a.clone(),
            Some(s @ Value::String(_)) => vec![s.clone()],
            Some(other) => {
                let got = describe(other);
                self.problem(path, format!("expected a list of names, got {got}"));
                return None;
            }
        };
        let mut out = Vec::new();
        for (i, x) in items.iter().enumerate() {
            match x.as_str() {
                Some(s) => out.push(s.to_string()),
                None => self.problem(
                    format!("{path}[{i}]"),
                    format!("expected a name, got {got}", got = describe(x)),
                ),
            }
        }
        (out.len() == items.len()).then_some(out)
    }

    /// Stage names as given, resolved through earlier merges; every one must exist.
    fn stage_names(&mut self, given: &[String], path: &str) -> Option<Vec<String>> {
        let mut out = Vec::new();
        let mut ok = true;
        for (i, g) in given.iter().enumerate() {
            let n = self.resolve_name(g);
            if self.stage(&n).is_none() {
                let known: Vec<String> = self.stages().keys().cloned().collect();
                self.problem(
                    format!("{path}[{i}]"),
                    format!(
                        r#"no stage named "{stage}"{hint} at this point of the variant; stages: {stages}"#,
                        stage = g,
                        hint = did_you_mean(g, known.iter().map(String::as_str)),
                        stages = known.join(", ")
                    ),
                );
                ok = false;
            } else if out.last() != Some(&n) {
                out.push(n);
            }
        }
        ok.then_some(out)
    }

    fn class_names(&mut self, given: &[String], path: &str) -> Option<Vec<String>> {
        let known = self.classes();
        if given.is_empty() {
            self.problem(
                path,
                format!(
                    "an empty list names no class: name at least one of {classes}",
                    classes = known.join(", ")
                ),
            );
            return None;
        }
        let mut ok = true;
        for (i, c) in given.iter().enumerate() {
            if !known.contains(c) {
                self.problem(
                    format!("{path}[{i}]"),
                    format!(
                        r#"no class named "{class}"{hint}; classes: {classes}"#,
                        class = c,
                        hint = did_you_mean(c, known.iter().map(String::as_str)),
                        classes = known.join(", ")
                    ),
                );
                ok = false;
            }
        }
        ok.then(|| given.to_vec())
    }

    /// The tables of an operator given as one table or an array of tables.
    fn operator_tables(&mut self, v: &Value, path: &str, keys: &[&str]) -> Vec<(String, Table)> {
        let items: Vec<(String, &Value)> = match v {
            Value::Array(a) if a.is_empty() => {
                self.problem(
                    path,
                    "an empty list changes nothing: give the operator's table, or remove the key",
                );
                Vec::new()
            }
            Value::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, x)| (format!("{path}[{i}]"), x))
                .collect(),
            other => vec![(path.to_string(), other)],
        };
        let mut out = Vec::new();
        for (p, x) in items {
            match x {
                Value::Table(t) => {
                    for k in t.keys() {
                        if !keys.contains(&k.as_str()) {
                            self.problem(
                                format!("{p}.{k}"),
                                format!(
                                    "unknown key `{key}`{hint}; valid keys here: {keys}",
                                    key = k,
                                    hint = did_you_mean(k, keys.iter().copied()),
                                    keys = keys.join(", ")
                                ),
                            );
                        }
                    }
                    out.push((p, t.clone()));
                }
                other => self.problem(
                    p,
                    format!(
                        "expected a table such as {example}, got {got}",
                        example = "{ stages = [...] }",
                        got = describe(other)
                    ),
                ),
            }
        }
        out
    }

    fn apply_variant(&mut self, name: &str, from: &str) {
        if let Some(at) = self.stack.iter().position(|s| s == name) {
            // Each extends the next: a → b → a.
            let mut chain = self.stack[at..].to_vec();
            chain.push(name.to_string());
            self.problem(
                from,
                format!(
                    r#"variant "{name}" extends itself (through {chain}); remove the cycle"#,
                    chain = chain.join(" → ")
                ),
            );
            return;
        }
        if self.applied.contains(name) {
            return;
        }
        let Some(Value::Table(ops)) = self.variants.get(name).cloned() else {
            let known: Vec<String> = self.variants.keys().cloned().collect();
            self.problem(
                from,
                format!(
                    r#"no variant named "{name}"{hint}; variants: {variants}"#,
                    hint = did_you_mean(name, known.iter().map(String::as_str)),
                    variants = known.join(", ")
                ),
            );
            return;
        };
        self.stack.push(name.to_string());
        let base = format!("variants.{name}");
        for (key, v) in &ops {
            let path = format!("{base}.{key}");
            match key.as_str() {
                "label" | "description" => {
                    if !v.is_str() {
                        self.problem(
                            path,
                            format!("expected a string, got {got}", got = describe(v)),
                        );
                    }
                }
                "extends" => {
                    if let Some(others) = self.names(Some(v), &path, true) {
                        for (i, o) in others.iter().enumerate() {
                            self.apply_variant(o, &format!("{path}[{i}]"));
                        }
                    }
                }
                "merge" | "one_stop" => {
                    let one_stop = key == "one_stop";
                    let keys = if one_stop { ONE_STOP_KEYS } else { MERGE_KEYS };
                    for (p, t) in self.operator_tables(v, &path, keys) {
                        let before = self.problems.len();
                        if let Some(f) = self.fuse_args(&t, &p, one_stop) {
                            self.fuse(f, &p, key);
                        }
                        // The step it would have made, if absent: its name, or `None` for a
                        // one-stop without a usable one (a merge keeps its first stage's).
                        let first = t
                            .get("stages")
                            .and_then(|s| s.get(0))
                            .and_then(Value::as_str);
                        let name = t
                            .get("name")
                            .and_then(Value::as_str)
                            .or(first.filter(|_| !one_stop));
                        if self.problems.len() > before
                            && name.is_none_or(|n| self.stage(n).is_none())
                            && (one_stop || name.is_some())
                        {
                            self.unformed.push(name.map(str::to_string));
                        }
                    }
                }
                "parallel" => {
                    for (p, t) in self.operator_tables(v, &path, PARALLEL_KEYS) {
                        self.parallel(&t, &p);
                    }
                }
                "digital_handoff" => {
                    for (p, t) in self.operator_tables(v, &path, DIGITAL_KEYS) {
                        self.digital_handoff(&t, &p);
                    }
                }
                "remove" => {
                    for (p, t) in self.operator_tables(v, &path, REMOVE_KEYS) {
                        self.remove(&t, &p);
                    }
                }
                "train" => {
                    for (p, t) in self.operator_tables(v, &path, TRAIN_KEYS) {
                        self.train(&t, &p);
                    }
                }
                "set" => self.set(v, &path),
                other => self.problem(
                    path.clone(),
                    format!(
                        "unknown key `{key}`{hint}; valid keys here: {keys}",
                        key = other,
                        hint = did_you_mean(other, VARIANT_KEYS.iter().copied()),
                        keys = VARIANT_KEYS.join(", ")
                    ),
                ),
            }
            self.prune();
        }
        self.stack.pop();
        self.applied.insert(name.to_string());
    }

    fn fuse_args(&mut self, t: &Table, path: &str, one_stop: bool) -> Option<Fuse> {
        // Every missing or wrong argument is told at once: nothing returns before the last.
        let stages = self.names(t.get("stages"), &format!("{path}.stages"), true);
        let classes = if one_stop {
            let c = self.names(t.get("classes"), &format!("{path}.classes"), true);
            Some(c.and_then(|c| self.class_names(&c, &format!("{path}.classes"))))
        } else {
            None
        };
        let name = match t.get("name") {
            None if one_stop => {
                self.problem(
                    format!("{path}.name"),
                    r#"missing `name`: the one-stop step needs a stage name of its own, e.g. "one_stop_lv""#,
                );
                None
            }
            None => Some(None),
            Some(Value::String(s)) => Some(Some(s.clone())),
            Some(other) => {
                self.problem(
                    format!("{path}.name"),
                    format!("expected a stage name, got {got}", got = describe(other)),
                );
                None
            }
        };
        if one_stop && t.get("pool").is_none() {
            self.problem(
                format!("{path}.pool"),
                r#"missing `pool`: the staff who do the whole visit, e.g. "manager""#,
            );
        }
        // The pool is checked here, so that a wrong one is told with every other problem of
        // the step (checked later, when the step is formed, a missing argument or a wrong
        // stage would hide it); the step, if formed, then keeps its first stage's pool and
        // the problem is not told again.
        let mut pool = t.get("pool").cloned();
        if let (Some(Value::String(p)), Some(mut pools)) = (&pool, self.pools())
            && !pools.contains(p)
        {
            pools.sort();
            let known: Vec<&str> = pools.iter().map(String::as_str).collect();
            self.problem(format!("{path}.pool"), no_pool_named(p, &known));
            pool = None;
        }
        let duration = t.get("duration").cloned();
        if duration.is_none() {
            self.problem(
                format!("{path}.duration"),
                format!(
                    "missing `duration`: the touch time of the combined step, e.g. {example}",
                    example = r#"{ dist = "triangular", min = "1h", mode = "2h", max = "3h" }"#
                ),
            );
        }
        // `by_class = { CLASS = { duration = ... } }`, as under a stage.
        let mut by_class = BTreeMap::new();
        match t.get("by_class") {
            None => {}
            Some(Value::Table(bc)) => {
                for (c, v) in bc {
                    let at = format!("{path}.by_class.{c}");
                    if !self.classes().contains(c) {
                        self.problem(
                            &at,
                            format!(
                                r#"no class named "{class}"{hint}; classes: {classes}"#,
                                class = c,
                                hint = did_you_mean(c, self.classes().iter().map(String::as_str)),
                                classes = self.classes().join(", ")
                            ),
                        );
                        continue;
                    }
                    match v.as_table().map(|o| (o.get("duration"), o.len())) {
                        Some((Some(d), 1)) => {
                            by_class.insert(c.clone(), d.clone());
                        }
                        _ => self.problem(
                            at,
                            format!(
                                "expected {example}, the touch time of the combined step for this class, got {got}",
                                example = "{ duration = ... }",
                                got = describe(v)
                            ),
                        ),
                    }
                }
            }
            Some(other) => self.problem(
                format!("{path}.by_class"),
                format!(
                    "expected a table of classes, e.g. {example}, got {got}",
                    example = r#"{ hv_single = { duration = "3h" } }"#,
                    got = describe(other)
                ),
            ),
        }
        let stages = self.stage_names(&stages?, &format!("{path}.stages"))?;
        if stages.len() < 2 {
            self.problem(
                format!("{path}.stages"),
                format!(
                    "needs at least two different stages, got {stages}",
                    stages = list(&stages)
                ),
            );
            return None;
        }
        let classes = match classes {
            Some(c) => Some(c?),
            None => None,
        };
        let (name, duration) = (name?, duration?);
        Some(Fuse {
            stages,
            classes,
            name,
            label: t.get("label").cloned(),
            pool,
            duration: Some(duration),
            by_class,
        })
    }

    /// A route of `stage` of two branches, one leading on to `next` (through hand-off
    /// stages) and one to a stage from which the case comes back to `stage`: the way back,
    /// its probability and the way on, as a rework route would name them.
    fn loop_as_rework(
        &self,
        stage: &str,
        route: &Value,
        next: &str,
        class: &str,
    ) -> Option<(String, String, String)> {
        let branches = route.as_array().filter(|b| b.len() == 2)?;
        let branch = |b: &Value| {
            let to = b.get("to")?.as_str()?.to_string();
            Some((to, b.get("p")?.clone()))
        };
        let (a, b) = (branch(&branches[0])?, branch(&branches[1])?);
        let on = |to: &str| self.through_handoffs(to, next, class).is_ok();
        let ((back, p), (ahead, _)) = match (on(&a.0), on(&b.0)) {
            (false, true) => (a, b),
            (true, false) => (b, a),
            _ => return None,
        };
        // The way back returns: `stage` is reached again from it.
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut todo = vec![back.clone()];
        while let Some(s) = todo.pop() {
            if s == stage {
                return Some((back, p.to_string(), ahead));
            }
            if self.stage(&s).is_some() && seen.insert(s.clone()) {
                todo.extend(
                    self.next(&s, class)
                        .map(|r| route_targets(&r))
                        .unwrap_or_default(),
                );
            }
        }
        None
    }

    /// Follows hand-off stages from `from` until `to`; returns the hand-offs passed, or the
    /// stage found instead of `to`.
    fn through_handoffs(&self, from: &str, to: &str, class: &str) -> Result<Vec<String>, String> {
        let mut at = from.to_string();
        let mut passed = Vec::new();
        while at != to {
            if !self.is_handoff(&at) || passed.contains(&at) {
                return Err(at);
            }
            passed.push(at.clone());
            match self.next(&at, class).as_ref().and_then(continuation) {
                Some((n, None)) => at = n,
                _ => return Err(at),
            }
        }
        Ok(passed)
    }

    /// `merge` (every class) and `one_stop` (the given classes): a run of staffed stages
    /// becomes one step.
    fn fuse(&mut self, f: Fuse, path: &str, op: &str) {
        let run = &f.stages;
        let before = self.problems.len();
        for (i, s) in run.iter().enumerate() {
            if self.stage(s).and_then(|t| t.get("pool")).is_none() {
                self.problem(
                    format!("{path}.stages[{i}]"),
                    format!(
                        r#""{s}" is not a staffed stage; {op} combines staffed work (hand-off stages between them disappear on their own)"#
                    ),
                );
            }
        }
        let members: BTreeSet<String> = run.iter().cloned().collect();
        let all = self.classes();
        let reach: BTreeMap<String, BTreeSet<String>> =
            all.iter().map(|c| (c.clone(), self.reachable(c))).collect();
        let scope: Vec<String> = match &f.classes {
            Some(cs) => {
                for (i, c) in cs.iter().enumerate() {
                    if !reach[c].contains(&run[0]) {
                        self.problem(
                            format!("{path}.classes[{i}]"),
                            format!(
                                r#"class "{class}" never reaches "{stage}""#,
                                class = c,
                                stage = run[0]
                            ),
                        );
                    }
                }
                cs.clone()
            }
            None => {
                for c in &all {
                    let touched: Vec<&String> =
                        run.iter().filter(|s| reach[c].contains(*s)).collect();
                    if !touched.is_empty() && !reach[c].contains(&run[0]) {
                        self.problem(
                            format!("{path}.stages"),
                            format!(
                                r#"class "{c}" reaches "{stage}" without passing "{first}", so the stages cannot become one step for everyone; use one_stop for the classes that pass them in sequence"#,
                                stage = touched[0],
                                first = run[0]
                            ),
                        );
                    }
                }
                all.iter()
                    .filter(|c| reach[*c].contains(&run[0]))
                    .cloned()
                    .collect()
            }
        };
        if scope.is_empty() {
            self.problem(
                format!("{path}.stages[0]"),
                format!(r#"no class reaches "{stage}""#, stage = run[0]),
            );
        }
        // A class with its own duration at one of the stages keeps one at the combined step:
        // it must be given, since the step's `duration` was written for the others.
        for c in &scope {
            if f.by_class.contains_key(c) {
                continue;
            }
            let own = run.iter().find(|s| {
                self.stage(s)
                    .and_then(|t| t.get("by_class"))
                    .and_then(|b| b.get(c.as_str()))
                    .is_some_and(|o| o.get("duration").is_some())
            });
            if let Some(s) = own {
                let example = format!("by_class = {{ {c} = {{ duration = ... }} }}");
                self.problem(
                    format!("{path}.by_class"),
                    format!(
                        r#"class "{c}" has its own duration at "{s}"; give the combined step's duration for it too, e.g. {example}"#
                    ),
                );
            }
        }
        let name = f.name.clone().unwrap_or_else(|| run[0].clone());
        // A merged step may keep its first stage's name; a one-stop step sits beside the
        // stages it replaces for some classes, so it needs a new one.
        if (f.classes.is_some() || name != run[0]) && self.stage(&name).is_some() {
            self.problem(
                format!("{path}.name"),
                format!(r#"a stage named "{name}" already exists; choose another name"#),
            );
        }
        if self.problems.len() > before {
            return;
        }
        // The route of the combined step, class by class; the stages it takes in (the run
        // and the hand-off stages between).
        let mut routes: Vec<(String, Value, String)> = Vec::new();
        let mut inside = members.clone();
        for c in &scope {
            let mut carried: Option<(String, Table)> = None;
            let mut ok = true;
            for i in 0..run.len() - 1 {
                let route = self.next(&run[i], c);
                let Some((x, rework)) = route.as_ref().and_then(continuation) else {
                    let (stage, next) = (&run[i], &run[i + 1]);
                    let message = match route.and_then(|r| self.loop_as_rework(stage, &r, next, c))
                    {
                        // Two branches, one on and one back: a rework loop written as
                        // branches, which the combined step can carry written as one.
                        Some((back, p, on)) => {
                            let example = format!(
                                r#"next = {{ rework = "{back}", p = {p}, otherwise = "{on}" }}"#
                            );
                            format!(
                                r#"for class "{c}", "{stage}" branches instead of leading on to "{next}"; {op} needs stages that follow one another, and carries a rework loop written as one: {example}"#
                            )
                        }
                        None => format!(
                            r#"for class "{c}", "{stage}" branches instead of leading on to "{next}"; {op} needs stages that follow one another"#
                        ),
                    };
                    self.problem(format!("{path}.stages[{}]", i + 1), message);
                    ok = false;
                    break;
                };
                if let Some(t) = rework {
                    if let Some((other, _)) = &carried {
                        self.problem(
                            format!("{path}.stages"),
                            format!(
                                r#""{other}" and "{stage}" both have a rework loop; one combined step can carry only one"#,
                                stage = run[i]
                            ),
                        );
                        ok = false;
                        break;
                    }
                    carried = Some((run[i].clone(), t));
                }
                match self.through_handoffs(&x, &run[i + 1], c) {
                    Ok(passed) => inside.extend(passed),
                    Err(found) => {
                        // A route to a stage that is not there is reported where it is written.
                        if found == "end" || self.stage(&found).is_some() {
                            self.problem(
                                format!("{path}.stages[{}]", i + 1),
                                format!(
                                    r#""{next}" does not follow "{stage}" for class "{c}": after "{stage}" comes "{found}"; {op} needs stages adjacent on the path (only hand-off stages between them)"#,
                                    next = run[i + 1],
                                    stage = run[i]
                                ),
                            );
                        }
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                return;
            }
            let last = run[run.len() - 1].clone();
            let last_route = self.next(&last, c).unwrap_or(Value::String("end".into()));
            let (route, stream) = match carried {
                None => (last_route, last),
                Some((from, mut t)) => match last_route {
                    Value::String(s) => {
                        t.insert("otherwise".to_string(), Value::String(s));
                        (Value::Table(t), from)
                    }
                    _ => {
                        self.problem(
                            format!("{path}.stages"),
                            format!(
                                r#""{from}" has a rework loop and "{last}" routes to more than one place; one combined step can carry only one of them"#
                            ),
                        );
                        return;
                    }
                },
            };
            routes.push((c.clone(), route, stream));
        }
        // Only the first stage may be entered from outside: a case that reaches a later one
        // another way (a branch past the first, another branch of a fork joining there) does
        // not do the work before it, which one step would make it do. The way home of a
        // stage's own rework loop is the loop, which goes with the step.
        let mut entered = BTreeSet::new();
        for c in &scope {
            for name in reach[c].iter().filter(|s| !inside.contains(*s)) {
                let route = self
                    .next(name, c)
                    .map_or_else(Vec::new, |r| route_targets(&r));
                for target in route {
                    if target != run[0]
                        && inside.contains(&target)
                        && !self.rework_loop(&target, c, &inside).contains(name)
                        && entered.insert((name.clone(), target.clone()))
                    {
                        self.problem(
                            format!("{path}.stages"),
                            format!(
                                r#""{name}" routes into "{target}" in the middle of the sequence; only the first stage may be entered from outside"#
                            ),
                        );
                    }
                }
            }
            if let Some(s) = self.start(c).filter(|s| *s != run[0] && inside.contains(s)) {
                self.problem(
                    format!("{path}.stages"),
                    format!(r#"class "{c}" starts at "{s}" in the middle of the sequence"#),
                );
            }
        }
        if self.problems.len() > before {
            return;
        }
        let first = self.stage(&run[0]).cloned().unwrap_or_default();
        let mut step = Table::new();
        // Without a label of its own the step is called by what it does: the stages' labels
        // (or names), joined by "+".
        let labels: Vec<Option<&str>> = run
            .iter()
            .map(|s| {
                self.stage(s)
                    .and_then(|t| t.get("label"))
                    .and_then(Value::as_str)
            })
            .collect();
        let joined = labels.iter().any(Option::is_some).then(|| {
            let parts: Vec<&str> = (run.iter().zip(&labels))
                .map(|(s, l)| l.unwrap_or(s))
                .collect();
            Value::String(parts.join("+"))
        });
        if let Some(l) = f.label.clone().or(joined) {
            step.insert("label".into(), l);
        }
        step.insert(
            "pool".into(),
            f.pool
                .clone()
                .or_else(|| first.get("pool").cloned())
                .unwrap_or(Value::String(String::new())),
        );
        step.insert(
            "duration".into(),
            f.duration.clone().unwrap_or(Value::Integer(0)),
        );
        let (_, default_route, route_stream) = routes[0].clone();
        step.insert("next".into(), default_route.clone());
        let mut by_class = Table::new();
        for (c, r, _) in &routes[1..] {
            if *r != default_route {
                let mut o = Table::new();
                o.insert("next".into(), r.clone());
                by_class.insert(c.clone(), Value::Table(o));
            }
        }
        for (c, d) in &f.by_class {
            let entry = by_class
                .entry(c.clone())
                .or_insert_with(|| Value::Table(Table::new()));
            if let Value::Table(o) = entry {
                o.insert("duration".into(), d.clone());
            }
        }
        if !by_class.is_empty() {
            step.insert("by_class".into(), Value::Table(by_class));
        }
        // Keep the random streams of the work that continues: the first stage's durations
        // and the routing (rework outcomes) of the stage the route came from.
        // A stage that already draws from another stage's streams (an earlier merge) passes
        // them on.
        let stream_of = |stage: &str, kind: &str| -> String {
            self.stage(stage)
                .and_then(|t| t.get("streams"))
                .and_then(|x| x.get(kind))
                .and_then(Value::as_str)
                .map_or_else(|| stage.to_string(), str::to_string)
        };
        let duration_stream = stream_of(&run[0], "duration");
        let route_stream = stream_of(&route_stream, "route");
        let mut streams = Table::new();
        if duration_stream != name {
            streams.insert("duration".into(), Value::String(duration_stream));
        }
        if route_stream != name {
            streams.insert("route".into(), Value::String(route_stream));
        }
        if !streams.is_empty() {
            step.insert("streams".into(), Value::Table(streams));
        }
        let given = [
            ("pool", f.pool.is_some()),
            ("duration", f.duration.is_some()),
        ];
        for (key, _) in given.iter().filter(|(_, g)| *g) {
            self.origins
                .add(format!("stages.{name}.{key}"), format!("{path}.{key}"));
        }
        for c in f.by_class.keys() {
            self.origins.add(
                format!("stages.{name}.by_class.{c}.duration"),
                format!("{path}.by_class.{c}"),
            );
        }
        let to = name.clone();
        let map = move |s: &str| members.contains(s).then(|| to.clone());
        // The step's own routes may lead back into the stages it replaces.
        if let Some(r) = step.get_mut("next") {
            rename_targets(r, &map);
        }
        if let Some(Value::Table(b)) = step.get_mut("by_class") {
            for (_, o) in b.iter_mut() {
                if let Some(r) = o.get_mut("next") {
                    rename_targets(r, &map);
                }
            }
        }
        if f.classes.is_none() {
            // Every class that passes the stages: they are gone, the step takes their place.
            self.rename_everywhere(&map);
            let old = std::mem::take(self.stages_mut());
            let mut rebuilt = Table::new();
            for (k, v) in old {
                if k == run[0] {
                    rebuilt.insert(name.clone(), Value::Table(step.clone()));
                } else if !run.contains(&k) {
                    rebuilt.insert(k, v);
                }
            }
            *self.stages_mut() = rebuilt;
            for s in run {
                if *s != name {
                    self.aliases.insert(s.clone(), name.clone());
                }
            }
        } else {
            let skip: BTreeSet<String> = run.iter().cloned().collect();
            self.reroute(&scope, &skip, &|_, s| map(s));
            let last = run[run.len() - 1].clone();
            let old = std::mem::take(self.stages_mut());
            let mut rebuilt = Table::new();
            for (k, v) in old {
                let is_last = k == last;
                rebuilt.insert(k, v);
                if is_last {
                    rebuilt.insert(name.clone(), Value::Table(step.clone()));
                }
            }
            *self.stages_mut() = rebuilt;
        }
    }

    fn parallel(&mut self, t: &Table, path: &str) {
        let spath = format!("{path}.stages");
        let Some(given) = self.names(t.get("stages"), &spath, true) else {
            return;
        };
        let Some(run) = self.stage_names(&given, &spath) else {
            return;
        };
        if run.len() < 2 {
            self.problem(
                spath,
                format!(
                    "needs at least two different stages, got {stages}",
                    stages = list(&run)
                ),
            );
            return;
        }
        let before = self.problems.len();
        for (i, s) in run.iter().enumerate() {
            let has_class_route = self
                .stage(s)
                .and_then(|t| t.get("by_class"))
                .and_then(Value::as_table)
                .is_some_and(|b| b.values().any(|o| o.get("next").is_some()));
            if has_class_route {
                self.problem(
                    format!("{spath}[{i}]"),
                    format!(r#""{s}" routes some classes differently; the branches of a parallel step must be the same for every class"#),
                );
            }
        }
        let any = self.classes().into_iter().next().unwrap_or_default();
        let mut passed: BTreeSet<String> = BTreeSet::new();
        for i in 0..run.len() - 1 {
            match self.next(&run[i], &any) {
                Some(Value::String(x)) => match self.through_handoffs(&x, &run[i + 1], &any) {
                    Ok(h) => passed.extend(h),
                    Err(found) => self.problem(
                        format!("{spath}[{}]", i + 1),
                        format!(
                            r#""{next}" does not follow "{stage}": after "{stage}" comes "{found}"; list stages in the order they run now"#,
                            next = run[i + 1],
                            stage = run[i]
                        ),
                    ),
                },
                other => self.problem(
                    format!("{spath}[{i}]"),
                    format!(
                        r#""{stage}" must lead to a single next step to run in parallel, but its next is {got}"#,
                        stage = run[i],
                        got = other.as_ref().map_or("missing".into(), describe)
                    ),
                ),
            }
        }
        let last = &run[run.len() - 1];
        let join = match self.next(last, &any) {
            Some(Value::String(j)) => j,
            other => {
                self.problem(
                    format!("{spath}[{}]", run.len() - 1),
                    format!(
                        "the last parallel stage must lead to a single next step, where the branches join, but its next is {got}",
                        got = other.as_ref().map_or("missing".into(), describe)
                    ),
                );
                return;
            }
        };
        // Later stages of the run may only be entered from the run itself.
        let inside: BTreeSet<String> = run.iter().chain(&passed).cloned().collect();
        let stages = self.stages();
        for (name, st) in &stages {
            if inside.contains(name) {
                continue;
            }
            let mut routes: Vec<&Value> = st.get("next").into_iter().collect();
            if let Some(Value::Table(b)) = st.get("by_class") {
                routes.extend(b.values().filter_map(|o| o.get("next")));
            }
            for r in routes {
                for target in route_targets(r) {
                    if target != run[0] && inside.contains(&target) {
                        self.problem(
                            spath.clone(),
                            format!(
                                r#""{name}" routes into "{target}" in the middle of the sequence; only the first stage may be entered from outside"#
                            ),
                        );
                    }
                }
            }
        }
        for c in self.classes() {
            if let Some(s) = self.start(&c)
                && s != run[0]
                && inside.contains(&s)
            {
                self.problem(
                    spath.clone(),
                    format!(r#"class "{c}" starts at "{s}" in the middle of the sequence"#),
                );
            }
        }
        if self.problems.len() > before {
            return;
        }
        for s in &run {
            if let Some(st) = self.stage_mut(s) {
                st.insert("next".into(), Value::String(join.clone()));
            }
        }
        let mut fork = Table::new();
        fork.insert(
            "fork".into(),
            Value::Array(run.iter().cloned().map(Value::String).collect()),
        );
        fork.insert("join".into(), Value::String(join));
        let fork = Value::Table(fork);
        // One plain predecessor takes the fork as its route; otherwise an instant step does.
        let preds: Vec<(String, bool)> = stages
            .iter()
            .filter(|(n, _)| !inside.contains(*n))
            .filter_map(|(n, st)| {
                let plain = st.get("next") == Some(&Value::String(run[0].clone()));
                let by_class = st
                    .get("by_class")
                    .and_then(Value::as_table)
                    .is_some_and(|b| b.values().any(|o| o.get("next").is_some()));
                let refers = st
                    .get("next")
                    .is_some_and(|r| route_targets(r).contains(&run[0]))
                    || st
                        .get("by_class")
                        .and_then(Value::as_table)
                        .is_some_and(|b| {
                            b.values()
                                .filter_map(|o| o.get("next"))
                                .any(|r| route_targets(r).contains(&run[0]))
                        });
                refers.then(|| (n.clone(), plain && !by_class))
            })
            .collect();
        let starts_here = self
            .classes()
            .iter()
            .any(|c| self.start(c).as_deref() == Some(run[0].as_str()));
        if let [(pred, true)] = preds.as_slice()
            && !starts_here
        {
            let pred = pred.clone();
            if let Some(st) = self.stage_mut(&pred) {
                st.insert("next".into(), fork);
            }
            return;
        }
        let split = format!("{}_fork", run[0]);
        if self.stage(&split).is_some() {
            self.problem(
                spath,
                format!(r#"a stage named "{split}" already exists; the parallel step needs that name for its start"#),
            );
            return;
        }
        // Labelled in the language of the stage's own label.
        let label = match self.stage(&run[0]).and_then(|s| s.get("label")?.as_str()) {
            Some(l) if !l.is_ascii() => format!("{l}（并行开始）"),
            Some(l) => format!("{l} (parallel start)"),
            None => "parallel start".into(),
        };
        let first = run[0].clone();
        let target = split.clone();
        self.rename_everywhere(&move |s: &str| (s == first).then(|| target.clone()));
        let mut st = Table::new();
        st.insert("label".into(), Value::String(label));
        st.insert("external".into(), Value::Boolean(true));
        st.insert("duration".into(), Value::Integer(0));
        st.insert("next".into(), fork);
        let old = std::mem::take(self.stages_mut());
        let mut rebuilt = Table::new();
        for (k, v) in old {
            if k == run[0] {
                rebuilt.insert(split.clone(), Value::Table(st.clone()));
            }
            rebuilt.insert(k, v);
        }
        *self.stages_mut() = rebuilt;
    }

    fn digital_handoff(&mut self, t: &Table, path: &str) {
        let Some(delay) = t.get("delay").cloned() else {
            self.problem(
                format!("{path}.delay"),
                r#"missing `delay`: the hand-off time after the change, e.g. "0.05wd""#,
            );
            return;
        };
        let spath = format!("{path}.stages");
        let targets: Vec<String> = match self.names(t.get("stages"), &spath, false) {
            Some(given) => {
                let Some(found) = self.stage_names(&given, &spath) else {
                    return;
                };
                for (i, s) in found.iter().enumerate() {
                    if !self.is_handoff(s) {
                        self.problem(
                            format!("{spath}[{i}]"),
                            format!(r#""{s}" is not a hand-off stage (`handoff = true`)"#),
                        );
                    }
                }
                found
            }
            None => self
                .stages()
                .keys()
                .filter(|s| self.is_handoff(s))
                .cloned()
                .collect(),
        };
        if targets.is_empty() {
            self.problem(
                path,
                "the scenario has no hand-off stages (`handoff = true`)",
            );
        }
        for s in targets {
            self.origins
                .add(format!("stages.{s}.duration"), format!("{path}.delay"));
            if let Some(st) = self.stage_mut(&s) {
                st.insert("duration".into(), delay.clone());
                st.remove("collect");
                if let Some(Value::Table(b)) = st.get_mut("by_class") {
                    for (_, o) in b.iter_mut() {
                        if let Some(o) = o.as_table_mut() {
                            o.remove("duration");
                        }
                    }
                    b.retain(|_, o| o.as_table().is_some_and(|o| !o.is_empty()));
                }
                if st
                    .get("by_class")
                    .and_then(Value::as_table)
                    .is_some_and(Table::is_empty)
                {
                    st.remove("by_class");
                }
            }
        }
    }

    fn remove(&mut self, t: &Table, path: &str) {
        let spath = format!("{path}.stages");
        let cpath = format!("{path}.classes");
        let Some(given) = self.names(t.get("stages"), &spath, true) else {
            return;
        };
        let Some(stages) = self.stage_names(&given, &spath) else {
            return;
        };
        let classes = match self.names(t.get("classes"), &cpath, false) {
            Some(c) => match self.class_names(&c, &cpath) {
                Some(c) => Some(c),
                None => return,
            },
            None => None,
        };
        for (i, s) in stages.iter().enumerate() {
            let mut refused = false;
            for (name, st) in &self.stages() {
                let mut routes: Vec<&Value> = st.get("next").into_iter().collect();
                if let Some(Value::Table(b)) = st.get("by_class") {
                    routes.extend(b.values().filter_map(|o| o.get("next")));
                }
                for r in routes {
                    let in_fork = r
                        .get("fork")
                        .and_then(Value::as_array)
                        .is_some_and(|f| f.iter().any(|x| x.as_str() == Some(s)));
                    if in_fork {
                        self.problem(
                            format!("{spath}[{i}]"),
                            format!(r#""{s}" is a branch of the parallel step after "{name}"; a branch cannot be removed from a fork (change the fork with `set`)"#),
                        );
                        refused = true;
                    }
                    if r.get("rework").and_then(Value::as_str) == Some(s) {
                        self.problem(
                            format!("{spath}[{i}]"),
                            format!(r#""{s}" is where the rework loop of "{name}" goes; remove "{name}" (its loop goes with it) or change the loop with `set`"#),
                        );
                        refused = true;
                    }
                }
            }
            // A branch back to a stage the case has passed is a rework loop too: its stage
            // cannot go either. (A plain `next` back is the way home of a loop that starts
            // elsewhere, such as the `rework` form's.)
            let sends_back = |from: &str, c: &str| match self.next(from, c) {
                Some(Value::Array(branches)) => branches.iter().any(|b| {
                    b.get("to").and_then(Value::as_str) == Some(s)
                        && b.get("p")
                            .and_then(|p| p.as_float().or_else(|| p.as_integer().map(|i| i as f64)))
                            .is_none_or(|p| p > 0.0)
                }),
                _ => false,
            };
            let looped: BTreeSet<String> = classes
                .clone()
                .unwrap_or_else(|| self.classes())
                .iter()
                .flat_map(|c| {
                    self.back_edges(c)
                        .into_iter()
                        .filter(|(from, to)| to == s && sends_back(from, c))
                        .map(|(from, _)| from)
                })
                .collect();
            for name in looped {
                self.problem(
                    format!("{spath}[{i}]"),
                    format!(r#""{s}" is where a branch of "{name}" goes back to, a rework loop; change the route of "{name}" with `set` first"#),
                );
                refused = true;
            }
            if refused {
                continue;
            }
            let all = self.classes();
            let reach: Vec<String> = all
                .iter()
                .filter(|c| self.reachable(c).contains(s))
                .cloned()
                .collect();
            let scope = match &classes {
                Some(cs) => {
                    let missing: Vec<String> =
                        cs.iter().filter(|c| !reach.contains(c)).cloned().collect();
                    if !missing.is_empty() {
                        self.problem(
                            format!("{spath}[{i}]"),
                            format!(
                                r#"class {classes} never reaches "{s}""#,
                                classes = list(&missing)
                            ),
                        );
                        continue;
                    }
                    cs.clone()
                }
                None => reach.clone(),
            };
            let mut ways: Vec<(String, String)> = Vec::new();
            for c in &scope {
                match self.next(s, c).as_ref().and_then(continuation) {
                    Some((x, _)) => ways.push((c.clone(), x)),
                    None => self.problem(
                        format!("{spath}[{i}]"),
                        format!(
                            r#"for class "{c}", "{s}" branches, so there is no single way on to send its cases; remove the stages it branches to, or change its route with `set`"#
                        ),
                    ),
                }
            }
            if ways.len() != scope.len() {
                continue;
            }
            let same = ways.windows(2).all(|w| w[0].1 == w[1].1);
            let stage = s.clone();
            if scope.len() == reach.len() && same {
                if let Some((_, x)) = ways.first().cloned() {
                    self.rename_everywhere(&move |n: &str| (n == stage).then(|| x.clone()));
                }
            } else {
                let skip: BTreeSet<String> = [s.clone()].into();
                let ways: BTreeMap<String, String> = ways.into_iter().collect();
                self.reroute(&scope, &skip, &|c, n| {
                    (n == stage).then(|| ways.get(c).cloned()).flatten()
                });
            }
            self.prune();
        }
    }

    /// `train = { pool, from, to, count, cost? }`: moves `count` members of `pool` from the
    /// member group labelled `from` to the one labelled `to`; `cost` (per member trained, per
    /// year) is added to the pool's `training_cost`.
    fn train(&mut self, t: &Table, path: &str) {
        let text = |key: &str| t.get(key).and_then(Value::as_str).map(str::to_string);
        let (Some(pool), Some(from), Some(to)) = (text("pool"), text("from"), text("to")) else {
            self.problem(
                path,
                format!(
                    "expected {example}: a pool and the labels of two of its member groups",
                    example = r#"{ pool = "reviewer", from = "novice", to = "senior", count = 1, cost = 20000 }"#
                ),
            );
            return;
        };
        // Every problem of the operator at once: a bad count or cost does not hide the
        // pool's and the groups'.
        let count = match t.get("count") {
            Some(Value::Integer(n)) if *n >= 1 => Some(*n),
            other => {
                self.problem(
                    format!("{path}.count"),
                    format!(
                        "expected how many members are trained, a whole number >= 1, got {got}",
                        got = other.map_or("nothing".to_string(), describe)
                    ),
                );
                None
            }
        };
        let cost = match t.get("cost") {
            None => Some(0.0),
            Some(v) => match v.as_float().or_else(|| v.as_integer().map(|i| i as f64)) {
                Some(x) if x >= 0.0 && x.is_finite() => Some(x),
                _ => {
                    self.problem(
                        format!("{path}.cost"),
                        format!(
                            "expected a yearly cost per member trained, >= 0, got {got}",
                            got = describe(v)
                        ),
                    );
                    None
                }
            },
        };
        if from == to {
            self.problem(
                format!("{path}.to"),
                format!(r#""{to}" is also `from`: training moves members to another group"#),
            );
            return;
        }
        let pools = self.pools().unwrap_or_default();
        let Some(Value::Table(pt)) = self
            .doc
            .get_mut("pools")
            .and_then(Value::as_table_mut)
            .and_then(|p| p.get_mut(&pool))
        else {
            self.problem(
                format!("{path}.pool"),
                format!(
                    r#"no pool named "{pool}" with member groups{hint}; pools: {pools}"#,
                    hint = did_you_mean(&pool, pools.iter().map(String::as_str)),
                    pools = pools.join(", ")
                ),
            );
            return;
        };
        let Some(Value::Array(groups)) = pt.get_mut("members") else {
            let example = format!(
                r#"members = [{{ count = 2, label = "{from}" }}, {{ count = 0, label = "{to}" }}]"#
            );
            self.problem(
                format!("{path}.pool"),
                format!(
                    r#"pool "{pool}" has no member groups to train between: give it `{example}`"#
                ),
            );
            return;
        };
        let label = |g: &Value| g.get("label").and_then(Value::as_str).map(str::to_string);
        let labels: Vec<String> = groups.iter().filter_map(label).collect();
        let find = |name: &str| {
            groups
                .iter()
                .position(|g| label(g).as_deref() == Some(name))
        };
        let (found_from, found_to) = (find(&from), find(&to));
        let (Some(a), Some(b)) = (found_from, found_to) else {
            let missing = [("from", &from, found_from), ("to", &to, found_to)];
            for (key, name, found) in missing {
                if found.is_none() {
                    self.problem(
                        format!("{path}.{key}"),
                        format!(
                            r#"pool "{pool}" has no member group labelled "{name}"{hint}; its groups: {groups}"#,
                            hint = did_you_mean(name, labels.iter().map(String::as_str)),
                            groups = labels.join(", ")
                        ),
                    );
                }
            }
            return;
        };
        let (Some(count), Some(cost)) = (count, cost) else {
            return;
        };
        let have = groups[a]
            .get("count")
            .and_then(Value::as_integer)
            .unwrap_or(0);
        if have < count {
            self.problem(
                format!("{path}.count"),
                format!(r#"pool "{pool}" has too few members labelled "{from}" to train {count}: it has {have}"#),
            );
            return;
        }
        let add = |g: &mut Value, n: i64| {
            if let Some(t) = g.as_table_mut() {
                let c = t.get("count").and_then(Value::as_integer).unwrap_or(0);
                t.insert("count".into(), Value::Integer(c + n));
            }
        };
        add(&mut groups[a], -count);
        add(&mut groups[b], count);
        let before = pt
            .get("training_cost")
            .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
            .unwrap_or(0.0);
        pt.insert(
            "training_cost".into(),
            Value::Float(before + cost * count as f64),
        );
    }

    fn set(&mut self, v: &Value, path: &str) {
        let Value::Table(t) = v else {
            self.problem(
                path,
                format!(
                    "expected a table of paths and values, e.g. {example}, got {got}",
                    example = r#"{ "pools.reviewer" = 3 }"#,
                    got = describe(v)
                ),
            );
            return;
        };
        for (p, value) in t {
            let at = format!("{path}.\"{p}\"");
            if p == "scenario" || p.starts_with("scenario.") {
                self.problem(
                    at,
                    "a variant cannot change [scenario] settings: every variant runs the same replications, seed, horizon and warm-up, so that they can be paired",
                );
                continue;
            }
            // A pool or stage named by its label is named by its key, and a stage merged
            // away by the step that replaced it.
            let p = &set::by_key(&self.doc, p);
            let resolved = match p.strip_prefix("stages.") {
                Some(rest) => {
                    let (stage, tail) = rest.split_once('.').unwrap_or((rest, ""));
                    let stage = self.resolve_name(stage);
                    if tail.is_empty() {
                        format!("stages.{stage}")
                    } else {
                        format!("stages.{stage}.{tail}")
                    }
                }
                None => p.clone(),
            };
            match set::apply_value(&mut self.doc, &resolved, value.clone()) {
                Ok(()) => self.origins.add(resolved, at),
                Err(e) => {
                    // A value of a step not formed for a problem already told.
                    let stage = resolved
                        .strip_prefix("stages.")
                        .map(|r| r.split_once('.').map_or(r, |(s, _)| s));
                    let unformed = stage.is_some_and(|s| {
                        self.stage(s).is_none()
                            && self
                                .unformed
                                .iter()
                                .any(|n| n.as_deref().is_none_or(|n| n == s))
                    });
                    if !unformed {
                        self.problem(at, e);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(extra: &str) -> Table {
        let text = format!(
            r#"
[scenario]
name = "t"
time_unit = "hour"
horizon = 100
warmup = 0
replications = 2
seed = 1

[pools]
desk = 1
back = 1

[[classes]]
name = "a"
arrival_rate = 0.1
start = "accept"

[[classes]]
name = "b"
arrival_rate = 0.1
start = "accept"

[stages.accept]
pool = "desk"
duration = 1
next = "pass"

[stages.pass]
handoff = true
duration = 2
next = "check"

[stages.check]
pool = "back"
duration = 1
next = {{ rework = "fix", p = 0.2, max = 2, otherwise = "sign" }}

[stages.fix]
external = true
duration = 3
next = "check"

[stages.sign]
pool = "back"
duration = 1
next = "end"
{extra}
"#
        );
        toml::from_str(&text).unwrap()
    }

    fn stage<'a>(d: &'a Table, s: &str) -> Option<&'a Table> {
        d["stages"].get(s).and_then(Value::as_table)
    }

    #[test]
    fn merge_drops_the_handoff_and_keeps_the_rework_loop() {
        let d = doc(r#"[variants.m]
merge = { stages = ["accept", "check"], duration = 1.5 }"#);
        let r = resolve(&d, "m").unwrap();
        assert!(stage(&r, "pass").is_none());
        assert!(stage(&r, "check").is_none());
        let acc = stage(&r, "accept").unwrap();
        assert_eq!(acc["next"]["rework"].as_str(), Some("fix"));
        assert_eq!(acc["next"]["otherwise"].as_str(), Some("sign"));
        assert_eq!(acc["streams"]["route"].as_str(), Some("check"));
        assert_eq!(stage(&r, "fix").unwrap()["next"].as_str(), Some("accept"));
        assert!(r.get("variants").is_none());
        crate::scenario::parse::model_from_table(&r, "t", None).unwrap();
    }

    #[test]
    fn merge_keeps_per_class_durations_given_for_the_combined_step() {
        // Class a has its own duration at `check`: the merge must say what it becomes.
        let own = "[stages.check.by_class.a]\nduration = 0.5\n";
        let d = doc(&format!(
            "{own}[variants.m]\nmerge = {{ stages = [\"accept\", \"check\"], duration = 1.5 }}"
        ));
        let e = resolve(&d, "m").unwrap_err();
        assert!(
            e[0].message
                .contains("class \"a\" has its own duration at \"check\""),
            "{e:?}"
        );
        let d = doc(&format!(
            "{own}[variants.m]\nmerge = {{ stages = [\"accept\", \"check\"], duration = 1.5, by_class = {{ a = {{ duration = 1.2 }} }} }}"
        ));
        let r = resolve(&d, "m").unwrap();
        let acc = stage(&r, "accept").unwrap();
        assert_eq!(acc["duration"].as_float(), Some(1.5));
        assert_eq!(acc["by_class"]["a"]["duration"].as_float(), Some(1.2));
        let m = crate::scenario::parse::model_from_table(&r, "t", None).unwrap();
        assert_eq!(m.duration(0, 0).dist.mean(), 1.2);
        assert_eq!(m.duration(1, 0).dist.mean(), 1.5);
        // `set` adds a per-class duration where the stage had none.
        let d = doc("[variants.s]\nset = { \"stages.sign.by_class.b.duration\" = 4 }");
        let r = resolve(&d, "s").unwrap();
        assert_eq!(
            stage(&r, "sign").unwrap()["by_class"]["b"]["duration"].as_integer(),
            Some(4)
        );
    }

    #[test]
    fn merge_refuses_stages_that_do_not_follow_each_other() {
        let d = doc(r#"[variants.m]
merge = { stages = ["sign", "accept"], duration = 1 }"#);
        let e = resolve(&d, "m").unwrap_err();
        assert!(
            e.iter()
                .any(|p| p.path == "variants.m.merge.stages[1]"
                    && p.message.contains("does not follow")),
            "{e:?}"
        );
    }

    /// A case that reaches a later stage of the run without the first would be made to do
    /// the first stage's work too: refused, for `merge` and `one_stop` alike, while the way
    /// home of a stage's own rework loop is allowed.
    #[test]
    fn merge_and_one_stop_refuse_a_way_into_the_middle_of_the_run() {
        let mut d = doc(r#"[variants.m]
merge = { stages = ["check", "sign"], duration = 2 }
[variants.o]
one_stop = { classes = ["a"], stages = ["check", "sign"], name = "both", duration = 2 }"#);
        // Half the cases skip the check.
        d["stages"]["pass"]["next"] =
            toml::from_str::<Table>(r#"n = [{ to = "check", p = 0.5 }, { to = "sign", p = 0.5 }]"#)
                .unwrap()["n"]
                .clone();
        for v in ["m", "o"] {
            let e = resolve(&d, v).unwrap_err();
            assert!(
                e.iter().any(|p| p.message
                    == r#""pass" routes into "sign" in the middle of the sequence; only the first stage may be entered from outside"#),
                "{v}: {e:?}"
            );
        }
        // `fix`, the way home of the check's rework loop, routes into it: allowed.
        let d = doc(r#"[variants.m]
merge = { stages = ["accept", "check", "sign"], duration = 3 }"#);
        assert!(resolve(&d, "m").is_ok());
    }

    #[test]
    fn remove_for_one_class_reroutes_only_that_class() {
        let d = doc(r#"[variants.r]
remove = { stages = ["check"], classes = ["b"] }"#);
        let r = resolve(&d, "r").unwrap();
        let pass = stage(&r, "pass").unwrap();
        assert_eq!(pass["next"].as_str(), Some("check"));
        assert_eq!(pass["by_class"]["b"]["next"].as_str(), Some("sign"));
        // The rework loop still returns to `check`, which class b no longer passes.
        assert_eq!(stage(&r, "fix").unwrap()["next"].as_str(), Some("check"));
        let m = crate::scenario::parse::model_from_table(&r, "t", None).unwrap();
        let check = m.stages.iter().position(|s| s.name == "check").unwrap();
        assert!(m.expected_visits(0)[check] > 0.0);
        assert_eq!(m.expected_visits(1)[check], 0.0);
    }

    #[test]
    fn remove_for_everyone_drops_the_stage_and_its_loop() {
        let d = doc(r#"[variants.r]
remove = { stages = ["check"] }"#);
        let r = resolve(&d, "r").unwrap();
        assert!(stage(&r, "check").is_none());
        assert!(stage(&r, "fix").is_none());
        assert_eq!(stage(&r, "pass").unwrap()["next"].as_str(), Some("sign"));
    }

    #[test]
    fn parallel_forks_at_the_single_predecessor() {
        let d = doc(r#"[variants.p]
parallel = { stages = ["check", "sign"] }"#);
        let e = resolve(&d, "p").unwrap_err();
        // `check` routes through a rework loop, so it cannot simply branch.
        assert!(e[0].message.contains("single next step"), "{e:?}");
        let d = doc(r#"[variants.p]
parallel = { stages = ["accept", "check"] }"#);
        let e = resolve(&d, "p").unwrap_err();
        assert!(e[0].message.contains("where the branches join"), "{e:?}");
    }

    #[test]
    fn digital_handoff_replaces_every_handoff_delay() {
        let d = doc(r#"[variants.d]
digital_handoff = { delay = "0.1h" }"#);
        let r = resolve(&d, "d").unwrap();
        assert_eq!(
            stage(&r, "pass").unwrap()["duration"].as_str(),
            Some("0.1h")
        );
        let d = doc(r#"[variants.d]
digital_handoff = { delay = 0, stages = ["accept"] }"#);
        let e = resolve(&d, "d").unwrap_err();
        assert!(e[0].message.contains("not a hand-off"), "{e:?}");
    }

    #[test]
    fn set_follows_merged_names_and_refuses_scenario_settings() {
        let d = doc(r#"[variants.m]
merge = { stages = ["accept", "check"], duration = 1 }
set = { "stages.check.next.p" = 0.05, "pools.back" = 2 }
[variants.bad]
set = { "scenario.seed" = 3 }
[variants.both]
extends = ["m"]
one_stop = { classes = ["a"], stages = ["check", "sign"], pool = "desk", name = "visit", duration = 2 }"#);
        let r = resolve(&d, "m").unwrap();
        assert_eq!(
            stage(&r, "accept").unwrap()["next"]["p"].as_float(),
            Some(0.05)
        );
        let e = resolve(&d, "bad").unwrap_err();
        assert!(e[0].message.contains("cannot change [scenario]"), "{e:?}");
        let r = resolve(&d, "both").unwrap();
        assert_eq!(r["classes"][0]["start"].as_str(), Some("visit"));
        assert_eq!(r["classes"][1]["start"].as_str(), Some("accept"));
        crate::scenario::parse::model_from_table(&r, "t", None).unwrap();
    }

    #[test]
    fn remove_refuses_rework_targets_and_one_stop_refuses_an_existing_name() {
        let d = doc(r#"[variants.r]
remove = { stages = ["fix"] }
[variants.o]
one_stop = { classes = ["a"], stages = ["accept", "check"], pool = "desk", name = "accept", duration = 1 }
[variants.twice]
extends = ["m", "m2"]
[variants.m]
merge = { stages = ["accept", "check"], duration = 1 }
[variants.m2]
extends = ["m"]"#);
        let e = resolve(&d, "r").unwrap_err();
        assert!(e[0].message.contains("where the rework loop"), "{e:?}");
        // A loop written as branches, back to a stage already passed.
        let mut looped = doc(r#"[variants.r]
remove = { stages = ["pass"] }"#);
        looped["stages"]["sign"]["next"] =
            toml::from_str::<Table>(r#"n = [{ to = "pass", p = 0.1 }, { to = "end", p = 0.9 }]"#)
                .unwrap()["n"]
                .clone();
        let e = resolve(&looped, "r").unwrap_err();
        assert!(
            e[0].message
                .contains(r#""pass" is where a branch of "sign" goes back to"#),
            "{e:?}"
        );
        // The way home of a `rework` loop is no loop of its own: the loop goes with its stage.
        let home = doc(r#"[variants.r]
remove = { stages = ["check"] }"#);
        assert!(resolve(&home, "r").is_ok());
        let e = resolve(&d, "o").unwrap_err();
        assert!(e[0].message.contains("already exists"), "{e:?}");
        // `m` reached twice through `extends` applies once.
        assert!(resolve(&d, "twice").is_ok());
    }

    /// Every missing argument of a `one_stop` is told in one go, not one per attempt.
    #[test]
    fn one_stop_without_its_arguments_names_them_all() {
        let d = doc(r#"[variants.o]
one_stop = { stages = ["accept", "check"] }"#);
        let e = resolve(&d, "o").unwrap_err();
        let paths: Vec<&str> = e.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "variants.o.one_stop.classes",
                "variants.o.one_stop.name",
                "variants.o.one_stop.pool",
                "variants.o.one_stop.duration"
            ],
            "{e:?}"
        );
    }

    /// A pool that does not exist is told with the step's other problems, though a step not
    /// formed never reaches the check of its stages' pools.
    #[test]
    fn a_wrong_pool_is_told_with_the_steps_other_problems() {
        let d = doc(r#"[variants.o]
one_stop = { classes = [], stages = ["accept", "check"], name = "o", pool = "nobody" }"#);
        let e = resolve(&d, "o").unwrap_err();
        let pool = e
            .iter()
            .find(|p| p.path == "variants.o.one_stop.pool")
            .unwrap_or_else(|| panic!("{e:?}"));
        assert!(
            pool.message.starts_with(r#"no pool named "nobody""#),
            "{e:?}"
        );
        assert!(
            e.iter().any(|p| p.path == "variants.o.one_stop.duration"),
            "{e:?}"
        );
        // A step given whole but for a wrong stage: both told.
        let d = doc(r#"[variants.m]
merge = { stages = ["accept", "chek"], pool = "nobody", duration = 1 }"#);
        let e = resolve(&d, "m").unwrap_err();
        let paths: Vec<&str> = e.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            ["variants.m.merge.pool", "variants.m.merge.stages[1]"],
            "{e:?}"
        );
    }

    /// A `set` of a one-stop step that a problem kept from being formed follows from that
    /// problem: it is not told as another; a `set` of a stage that is not there for another
    /// reason still is.
    #[test]
    fn a_value_of_a_step_not_formed_is_no_second_problem() {
        let d = doc(r#"[variants.o]
one_stop = { classes = ["a"], stages = ["accept", "check"], name = "os", pool = "desk" }
set = { "stages.os.duration" = 2, "stages.nowhere.duration" = 2 }
[variants.all]
extends = ["o"]"#);
        for variant in ["o", "all"] {
            let e = resolve(&d, variant).unwrap_err();
            let paths: Vec<&str> = e.iter().map(|p| p.path.as_str()).collect();
            assert_eq!(
                paths,
                [
                    "variants.o.one_stop.duration",
                    "variants.o.set.\"stages.nowhere.duration\""
                ],
                "{e:?}"
            );
        }
        // Without its name, the step could have been any stage not there.
        let d = doc(r#"[variants.o]
one_stop = { classes = ["a"], stages = ["accept", "check"], pool = "desk", duration = 1 }
set = { "stages.os.duration" = 2 }"#);
        let e = resolve(&d, "o").unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].path, "variants.o.one_stop.name");
        // A merge without a name keeps its first stage's: a stage not there is a problem.
        let d = doc(r#"[variants.m]
merge = { stages = ["accept", "chek"], duration = 1 }
set = { "stages.os.duration" = 2 }"#);
        assert_eq!(resolve(&d, "m").unwrap_err().len(), 2);
    }

    /// A rework loop written as two branches cannot be carried by a combined step: the
    /// refusal writes it as the rework route that can.
    #[test]
    fn a_loop_written_as_branches_is_refused_with_its_rework_route() {
        let mut d = doc(r#"[variants.o]
one_stop = { classes = ["a"], stages = ["check", "sign"], name = "os", pool = "back", duration = 1 }"#);
        let branches: Value = toml::from_str::<Table>(
            r#"next = [{ to = "fix", p = 0.2 }, { to = "sign", p = 0.8 }]"#,
        )
        .unwrap()["next"]
            .clone();
        d["stages"]["check"]
            .as_table_mut()
            .unwrap()
            .insert("next".into(), branches);
        let e = resolve(&d, "o").unwrap_err();
        assert!(
            e[0].message
                .ends_with(r#"next = { rework = "fix", p = 0.2, otherwise = "sign" }"#),
            "{e:?}"
        );
    }

    /// A merged step without a label of its own is labelled by all its stages.
    #[test]
    fn a_merged_step_is_labelled_by_its_stages() {
        let mut d = doc(r#"[variants.m]
merge = { stages = ["accept", "check"], duration = 1 }
[variants.own]
merge = { stages = ["accept", "check"], duration = 1, label = "一窗受理" }"#);
        d["stages"]["accept"]
            .as_table_mut()
            .unwrap()
            .insert("label".into(), Value::String("受理".into()));
        let r = resolve(&d, "m").unwrap();
        assert_eq!(r["stages"]["accept"]["label"].as_str(), Some("受理+check"));
        let r = resolve(&d, "own").unwrap();
        assert_eq!(r["stages"]["accept"]["label"].as_str(), Some("一窗受理"));
    }

    #[test]
    fn extends_cycles_and_unknown_operators_are_reported() {
        let d = doc(r#"[variants.x]
extends = ["y"]
[variants.y]
extends = ["x"]
mrege = {}"#);
        let e = resolve(&d, "x").unwrap_err();
        assert!(
            e.iter().any(|p| p.message.contains("extends itself")),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|p| p.message.contains("did you mean \"merge\"")),
            "{e:?}"
        );
    }
}
