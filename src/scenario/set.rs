//! `--set PATH=VALUE`: changes one value of a scenario document by its TOML path.
//!
//! Paths use dots and indices as in error messages: `pools.review`, `scenario.seed`,
//! `stages.review.duration.mean`, `stages.review.next[0].p`. A class can be named instead of
//! indexed: `classes.standard.arrival_rate` is the same as `classes[0].arrival_rate`.
//! The value is read as TOML (`4`, `0.25`, `"4h"`, `true`); anything that is not valid TOML
//! is taken as a string, so `--set stages.a.duration=4h` works.

use toml::{Table, Value};

use super::parse::did_you_mean;
use crate::error::ScenarioError;

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Key(String),
    Index(usize),
}

fn parse_path(path: &str) -> Result<Vec<Segment>, String> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if key.is_empty() && out.is_empty() {
            return Err(format!(
                r#"path "{path}" must start with a key, e.g. pools.review"#
            ));
        }
        if !key.is_empty() {
            out.push(Segment::Key(key.to_string()));
        }
        while !rest.is_empty() {
            let close = rest
                .find(']')
                .ok_or_else(|| format!(r#"unclosed '[' in path "{path}""#))?;
            let index = rest[1..close].parse().map_err(|_| {
                format!(
                    r#""{index}" in path "{path}" is not an index"#,
                    index = &rest[1..close]
                )
            })?;
            out.push(Segment::Index(index));
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return Err(format!(r#"unexpected "{rest}" in path "{path}""#));
            }
        }
    }
    Ok(out)
}

fn parse_value(text: &str) -> Value {
    match toml::from_str::<Table>(&format!("v = {text}")) {
        Ok(mut t) => t
            .remove("v")
            .unwrap_or_else(|| Value::String(text.to_string())),
        Err(_) => Value::String(text.to_string()),
    }
}

/// Applies one `PATH=VALUE` assignment to `doc`.
pub fn apply(doc: &mut Table, assignment: &str) -> Result<(), ScenarioError> {
    let err = |message: String| ScenarioError::Override {
        assignment: assignment.to_string(),
        message,
    };
    let (path, value) = assignment
        .split_once('=')
        .ok_or_else(|| err("expected PATH=VALUE, e.g. pools.review=4".to_string()))?;
    apply_value(doc, path.trim(), parse_value(value.trim())).map_err(err)
}

/// The key of the entry labelled `given` among `entries` (key, label), when no key is
/// spelled so and exactly one key carries that label (a stage and its pool of the same key
/// and label count once).
pub fn key_by_label<'a>(
    given: &str,
    entries: impl Iterator<Item = (&'a str, Option<&'a str>)> + Clone,
) -> Option<&'a str> {
    if entries.clone().any(|(key, _)| key == given) {
        return None;
    }
    let labelled: std::collections::BTreeSet<&str> = entries
        .filter(|(_, label)| *label == Some(given))
        .map(|(key, _)| key)
        .collect();
    match labelled.len() {
        1 => labelled.first().copied(),
        _ => None,
    }
}

/// Why `assignment`'s path cannot be read: a part of it is no key but the label of two or
/// more entries (`stages.资料流转` where two hand-offs carry that label), so which one is
/// meant is unknown. Read in the file as written, before any variant removes one of them.
pub fn ambiguous(doc: &Table, assignment: &str) -> Option<String> {
    let path = assignment
        .split_once('=')
        .map_or(assignment, |(p, _)| p)
        .trim();
    let segments = parse_path(path).ok()?;
    let mut here: Option<&Value> = match segments.first() {
        Some(Segment::Key(k)) => doc.get(k),
        _ => None,
    };
    let mut walked = match segments.first() {
        Some(Segment::Key(k)) => k.clone(),
        _ => return None,
    };
    for seg in segments.iter().skip(1) {
        let value = here?;
        if let Segment::Key(k) = seg {
            let entries = match value {
                Value::Table(t) => table_entries(t),
                Value::Array(a) => list_entries(a),
                _ => Vec::new(),
            };
            let carrying: Vec<&str> = entries
                .iter()
                .filter(|(_, label)| *label == Some(k.as_str()))
                .map(|(key, _)| *key)
                .collect();
            if !entries.iter().any(|(key, _)| key == k) && carrying.len() > 1 {
                // The path as given with the label written as the first key.
                let mut example = format!("{walked}.{}", carrying[0]);
                let at = segments
                    .iter()
                    .position(|x| std::ptr::eq(x, seg))
                    .unwrap_or(0);
                for rest in &segments[at + 1..] {
                    match rest {
                        Segment::Key(k) => example.push_str(&format!(".{k}")),
                        Segment::Index(i) => example.push_str(&format!("[{i}]")),
                    }
                }
                return Some(format!(
                    "the label `{k}` names {n} entries of `{walked}` ({keys}): write the key of the one meant, such as `{example}`",
                    n = carrying.len(),
                    keys = carrying.join(", "),
                ));
            }
        }
        here = child(value, seg);
        match seg {
            Segment::Key(k) => walked = format!("{walked}.{k}"),
            Segment::Index(i) => walked = format!("{walked}[{i}]"),
        }
    }
    None
}

/// The part of `value` that `seg` names: a table's key, a named list's entry (`[[classes]]`
/// by `name`), a list's index.
fn child<'a>(value: &'a Value, seg: &Segment) -> Option<&'a Value> {
    match (seg, value) {
        (Segment::Key(k), Value::Table(t)) => t.get(k),
        (Segment::Key(k), Value::Array(a)) => a
            .iter()
            .find(|v| v.get("name").and_then(Value::as_str) == Some(k)),
        (Segment::Index(i), Value::Array(a)) => a.get(*i),
        _ => None,
    }
}

/// The (key, label) of each entry of table `t` (`[pools]`).
fn table_entries(t: &Table) -> Vec<(&str, Option<&str>)> {
    t.iter()
        .map(|(k, v)| (k.as_str(), v.get("label").and_then(Value::as_str)))
        .collect()
}

/// The (name, label) of each entry of the named list `a` (`[[classes]]`).
fn list_entries(a: &[Value]) -> Vec<(&str, Option<&str>)> {
    a.iter()
        .filter_map(|v| {
            let name = v.get("name").and_then(Value::as_str)?;
            Some((name, v.get("label").and_then(Value::as_str)))
        })
        .collect()
}

/// Entries for a message, each with its label if it has one (`reviewer (设计审查)`).
fn listed<'a>(entries: impl Iterator<Item = (&'a str, Option<&'a str>)>) -> String {
    entries
        .map(|(key, label)| crate::i18n::named(key, label))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `path` with every part that names a pool, stage, class or calendar by its label
/// (`pools.设计审查`) written with its key instead (`pools.reviewer`), as results name it.
/// A label counts only when no key is spelled so and exactly one entry carries it; the rest
/// of the path, and a path that does not parse, is returned as given.
pub fn by_key(doc: &Table, path: &str) -> String {
    spelled(doc, path, false)
}

/// One spelling of the place `path` names, to tell whether two paths name the same place:
/// [`by_key`], with an entry of a named list taken by its place (`classes[2]`) written by its
/// name (`classes.hv_single`).
pub fn place(doc: &Table, path: &str) -> String {
    spelled(doc, path, true)
}

/// [`by_key`], and with `by_name` [`place`].
fn spelled(doc: &Table, path: &str, by_name: bool) -> String {
    let Ok(mut segments) = parse_path(path) else {
        return path.to_string();
    };
    let mut here: Option<&Value> = match segments.first() {
        Some(Segment::Key(k)) => doc.get(k),
        _ => None,
    };
    // The classes, by which a stage's `by_class` entries are named (also one not there yet).
    let classes = doc
        .get("classes")
        .and_then(Value::as_array)
        .map(|a| list_entries(a))
        .unwrap_or_default();
    let mut after_by_class = false;
    for seg in segments.iter_mut().skip(1) {
        if let (true, Segment::Key(k)) = (after_by_class, &mut *seg)
            && let Some(key) = key_by_label(k, classes.iter().copied())
        {
            *k = key.to_string();
        }
        after_by_class = matches!(seg, Segment::Key(k) if k == "by_class");
        let Some(value) = here else {
            continue;
        };
        if let Segment::Key(k) = seg {
            let key = match value {
                Value::Table(t) => key_by_label(k, table_entries(t).into_iter()),
                Value::Array(a) => key_by_label(k, list_entries(a).into_iter()),
                _ => None,
            };
            if let Some(key) = key {
                *k = key.to_string();
            }
        }
        let next = child(value, seg);
        if let (true, Segment::Index(_), Some(name)) = (
            by_name,
            &seg,
            next.and_then(|v| v.get("name")).and_then(Value::as_str),
        ) {
            *seg = Segment::Key(name.to_string());
        }
        here = next;
    }
    let mut out = String::new();
    for seg in &segments {
        match seg {
            Segment::Key(k) if out.is_empty() => out.push_str(k),
            Segment::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The assignments of `overrides` that change the process: all but the replications and the
/// seed (`-r` and `--seed`, said apart), as headings and reports list them.
pub fn changing(overrides: &[String]) -> Vec<&str> {
    overrides
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with("scenario.replications=") && !a.starts_with("scenario.seed="))
        .collect()
}

/// Sets the value at `path` (as in [`apply`]; a pool, stage, class or calendar may be named
/// by its label, see [`by_key`]) to `value`; the error says what the path does not match.
pub fn apply_value(doc: &mut Table, path: &str, value: Value) -> Result<(), String> {
    if let Some(why) = ambiguous(doc, path) {
        return Err(why);
    }
    let mut segments = parse_path(&by_key(doc, path))?;
    // `pools.reviewer.size=4` on a pool of member groups sets its size as `pools.reviewer=4`
    // does (a `size` beside the groups would be refused).
    if let [Segment::Key(top), Segment::Key(name), Segment::Key(size)] = segments.as_slice()
        && top == "pools"
        && size == "size"
        && doc
            .get("pools")
            .and_then(|p| p.get(name))
            .is_some_and(|pool| pool.get("members").is_some() && pool.get("size").is_none())
    {
        segments.pop();
    }
    let top: Vec<String> = doc.keys().cloned().collect();
    let mut here: &mut Value = doc
        .get_mut(match &segments[0] {
            Segment::Key(k) => k.as_str(),
            Segment::Index(_) => "",
        })
        .ok_or_else(|| {
            let key = match &segments[0] {
                Segment::Key(k) => k.as_str(),
                Segment::Index(_) => "",
            };
            format!(
                "the scenario has no top-level `{key}`{hint}; it has: {keys}",
                hint = did_you_mean(key, top.iter().map(String::as_str)),
                keys = top.join(", ")
            )
        })?;
    let mut walked = match &segments[0] {
        Segment::Key(k) => k.clone(),
        Segment::Index(i) => format!("[{i}]"),
    };
    let last = segments.len() - 1;
    for (n, seg) in segments.iter().enumerate().skip(1) {
        let is_last = n == last;
        here = match (seg, here) {
            (Segment::Key(k), Value::Table(t)) => {
                // A new pool from a typo would be silently unused: only existing pools can be set.
                if is_last && !t.contains_key(k) && walked != "pools" {
                    // A class's arrivals in the other form give way: an `arrival_rate` set on
                    // a class with an `arrival` distribution makes its arrivals Poisson.
                    if walked.starts_with("classes") {
                        match k.as_str() {
                            "arrival_rate" => t.remove("arrival"),
                            "arrival" => t.remove("arrival_rate"),
                            _ => None,
                        };
                    }
                    t.insert(k.clone(), value);
                    return Ok(());
                }
                // A stage's per-class overrides may be added: `stages.a.by_class.c.duration`
                // (validation then checks the class).
                if !t.contains_key(k)
                    && walked.starts_with("stages.")
                    && (k == "by_class" || walked.ends_with(".by_class"))
                {
                    t.insert(k.clone(), Value::Table(Table::new()));
                }
                let keys: Vec<String> = t.keys().cloned().collect();
                let listed = listed(table_entries(t).into_iter());
                t.get_mut(k).ok_or_else(|| {
                    if keys.is_empty() {
                        // Nothing to list: the value is set whole.
                        format!(
                            "`{walked}` has no `{key}` yet: set it whole, as `{whole}=...`",
                            key = k,
                            whole = format_args!("{walked}.{k}")
                        )
                    } else {
                        format!(
                            "`{walked}` has no `{key}`{hint}; it has: {listed}",
                            key = k,
                            hint = did_you_mean(k, keys.iter().map(String::as_str)),
                        )
                    }
                })?
            }
            (Segment::Key(k), Value::Array(a)) => {
                let names: Vec<String> = a
                    .iter()
                    .filter_map(|v| v.get("name").and_then(Value::as_str).map(str::to_string))
                    .collect();
                let listed = listed(list_entries(a).into_iter());
                let len = a.len();
                a.iter_mut()
                    .find(|v| v.get("name").and_then(Value::as_str) == Some(k))
                    .ok_or_else(|| {
                        if names.is_empty() {
                            format!(
                                r#"`{walked}` is a list of {n} entries without names: give the index of one, as `{first}`, or set the list whole"#,
                                n = len,
                                first = format_args!("{walked}[0]")
                            )
                        } else {
                            format!(
                                r#"`{walked}` has no entry named "{name}"{hint}; names: {names}"#,
                                name = k,
                                hint = did_you_mean(k, names.iter().map(String::as_str)),
                                names = listed
                            )
                        }
                    })?
            }
            (Segment::Index(i), Value::Array(a)) => {
                let len = a.len();
                a.get_mut(*i).ok_or_else(|| {
                    format!("`{walked}` has {len} entries; index {i} is out of range")
                })?
            }
            (_, other) => {
                return Err(format!(
                    "`{walked}` is {got}, which has no part `{part}`",
                    got = crate::scenario::parse::describe(other),
                    part = match seg {
                        Segment::Key(k) => k.clone(),
                        Segment::Index(i) => format!("[{i}]"),
                    }
                ));
            }
        };
        match seg {
            Segment::Key(k) => walked = format!("{walked}.{k}"),
            Segment::Index(i) => walked = format!("{walked}[{i}]"),
        }
    }
    // A pool written as a table keeps its label when its size is set: `pools.review=4`.
    if let (Value::Table(t), Value::Integer(_)) = (&mut *here, &value)
        && t.contains_key("size")
    {
        t.insert("size".to_string(), value);
        return Ok(());
    }
    // A pool of member groups takes a new size in its first group: `pools.review=4`.
    if let (Value::Table(t), Value::Integer(n)) = (&mut *here, &value)
        && let Some(Value::Array(groups)) = t.get_mut("members")
        && !groups.is_empty()
    {
        let count = |g: &Value| g.get("count").and_then(Value::as_integer).unwrap_or(0);
        let others: i64 = groups[1..].iter().map(count).sum();
        if *n < 1 {
            // As for a pool of one group: the groups are not the point.
            return Err(format!(
                "{walked}: {}",
                crate::i18n::Lang::En.fill(
                    "must be a whole number >= {min}, got {got}",
                    &[("min", "1"), ("got", &n.to_string())]
                )
            ));
        }
        if *n < others {
            return Err(format!(
                "{walked}: its groups after the first have {others} staff in all; its size can be set to {others} or more (set a group with {walked}.members[1].count=N)",
            ));
        }
        if let Some(first) = groups[0].as_table_mut() {
            first.insert("count".to_string(), Value::Integer(n - others));
        }
        return Ok(());
    }
    // A pool written as a table is not replaced by what is no size (`pools.review=abc`): it
    // would lose its label, and the problem its place on the command line.
    if segments.len() == 2
        && walked.starts_with("pools.")
        && matches!(here, Value::Table(_))
        && !matches!(value, Value::Table(_))
    {
        return Err(crate::i18n::Lang::En.fill(
            "must be a whole number >= {min}, got {got}",
            &[("min", "1"), ("got", &value.to_string())],
        ));
    }
    *here = value;
    Ok(())
}

/// The value at a dotted `path` of a document (`stages.x.duration`).
pub fn lookup<'a>(doc: &'a toml::Table, path: &str) -> Option<&'a toml::Value> {
    let mut parts = path.split('.');
    let mut here = doc.get(parts.next()?)?;
    for p in parts {
        here = here.as_table()?.get(p)?;
    }
    Some(here)
}

/// `x` to six decimals, as [`scaled`] writes the values it changes.
pub fn six_decimals(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A duration or rate written in a scenario (a number, `"2wd"`, `"16.8/wd"`, or a
/// distribution table) with every time in it multiplied by `factor`; shape parameters stay.
pub fn scaled(v: &toml::Value, factor: f64) -> Option<toml::Value> {
    use toml::Value;
    let num = |x: f64| six_decimals(x * factor);
    match v {
        Value::Integer(i) => Some(Value::Float(num(*i as f64))),
        Value::Float(x) => Some(Value::Float(num(*x))),
        Value::String(s) => {
            let split = s
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == 'e'))
                .unwrap_or(s.len());
            let x: f64 = s[..split].trim().parse().ok()?;
            Some(Value::String(format!("{}{}", num(x), &s[split..])))
        }
        Value::Table(t) => {
            let mut out = toml::Table::new();
            for (k, x) in t {
                let time = matches!(
                    k.as_str(),
                    "mean"
                        | "sd"
                        | "min"
                        | "mode"
                        | "max"
                        | "scale"
                        | "value"
                        | "median"
                        | "values"
                );
                out.insert(k.clone(), if time { scaled(x, factor)? } else { x.clone() });
            }
            Some(Value::Table(out))
        }
        // An empirical distribution's values.
        Value::Array(a) => a
            .iter()
            .map(|x| scaled(x, factor))
            .collect::<Option<Vec<_>>>()
            .map(Value::Array),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Table {
        toml::from_str(
            r#"
            [pools]
            desk = 4
            review = { size = 3, label = "审核" }
            [[classes]]
            name = "standard"
            arrival_rate = 10
            [stages.review]
            next = [{ to = "accept", p = 0.2 }, { to = "end", p = 0.8 }]
            "#,
        )
        .unwrap()
    }

    #[test]
    fn sets_numbers_by_key_index_and_class_name() {
        let mut d = doc();
        apply(&mut d, "pools.desk=5").unwrap();
        apply(&mut d, "pools.review=4").unwrap();
        apply(&mut d, "classes.standard.arrival_rate=9.5").unwrap();
        apply(&mut d, "stages.review.next[0].p=0.1").unwrap();
        assert_eq!(d["pools"]["desk"].as_integer(), Some(5));
        assert_eq!(d["pools"]["review"]["size"].as_integer(), Some(4));
        assert_eq!(d["pools"]["review"]["label"].as_str(), Some("审核"));
        assert_eq!(d["classes"][0]["arrival_rate"].as_float(), Some(9.5));
        assert_eq!(d["stages"]["review"]["next"][0]["p"].as_float(), Some(0.1));
    }

    /// A class's arrivals are one of two forms: setting the other replaces the first.
    #[test]
    fn arrivals_set_in_the_other_form_replace_the_first() {
        let mut d = doc();
        apply(
            &mut d,
            r#"classes.standard.arrival={dist="exponential",mean=2}"#,
        )
        .unwrap();
        assert!(d["classes"][0].get("arrival_rate").is_none());
        assert_eq!(d["classes"][0]["arrival"]["mean"].as_integer(), Some(2));
        apply(&mut d, "classes[0].arrival_rate=3").unwrap();
        assert!(d["classes"][0].get("arrival").is_none());
        assert_eq!(d["classes"][0]["arrival_rate"].as_integer(), Some(3));
    }

    #[test]
    fn a_pool_stage_or_class_may_be_named_by_its_label() {
        let mut d = doc();
        d["classes"].as_array_mut().unwrap()[0]
            .as_table_mut()
            .unwrap()
            .insert("label".into(), "低压居民".into());
        d["stages"]["review"]
            .as_table_mut()
            .unwrap()
            .insert("label".into(), "设计审查".into());
        assert_eq!(by_key(&d, "pools.审核"), "pools.review");
        assert_eq!(by_key(&d, "pools.审核.size"), "pools.review.size");
        assert_eq!(
            by_key(&d, "stages.设计审查.next[1].p"),
            "stages.review.next[1].p"
        );
        assert_eq!(
            by_key(&d, "classes.低压居民.arrival_rate"),
            "classes.standard.arrival_rate"
        );
        // A stage's per-class values by the class's label, also where it has none yet.
        assert_eq!(
            by_key(&d, "stages.设计审查.by_class.低压居民.duration.mean"),
            "stages.review.by_class.standard.duration.mean"
        );
        // Neither a key nor a label: left for the error to name.
        assert_eq!(by_key(&d, "pools.nobody"), "pools.nobody");
        apply(&mut d, "pools.审核=5").unwrap();
        apply(&mut d, "classes.低压居民.arrival_rate=7.5").unwrap();
        apply(&mut d, "stages.设计审查.duration=2h").unwrap();
        assert_eq!(d["pools"]["review"]["size"].as_integer(), Some(5));
        assert_eq!(d["classes"][0]["arrival_rate"].as_float(), Some(7.5));
        assert_eq!(d["stages"]["review"]["duration"].as_str(), Some("2h"));
        assert!(!d["pools"].as_table().unwrap().contains_key("审核"));
        // The error lists each key with its label.
        let e = apply(&mut d, "pools.reviewer=2").unwrap_err().to_string();
        assert!(e.contains("review (审核)"), "{e}");
        let e = apply(&mut d, "classes.premium.arrival_rate=1")
            .unwrap_err()
            .to_string();
        assert!(e.contains("standard (低压居民)"), "{e}");
    }

    #[test]
    fn a_pool_keeps_its_label_and_groups_when_its_size_is_set() {
        let mut d: Table = toml::from_str(
            r#"
            [pools]
            check = { size = 2, label = "资料审核" }
            review = { label = "设计审查", members = [{ count = 2 }, { count = 1, speed = 1.5 }] }
            "#,
        )
        .unwrap();
        // A size that is no whole number is refused where it was set, not left for
        // validation to find on a pool that lost its label.
        for bad in [
            "pools.资料审核=abc",
            "pools.设计审查=2.5",
            "pools.review.size=x",
        ] {
            let e = apply(&mut d, bad).unwrap_err().to_string();
            assert!(e.contains("must be a whole number >= 1"), "{bad}: {e}");
        }
        assert_eq!(d["pools"]["check"]["label"].as_str(), Some("资料审核"));
        // `size` on a pool of groups sets the first group, as the pool's own size does.
        apply(&mut d, "pools.设计审查.size=4").unwrap();
        assert_eq!(
            d["pools"]["review"]["members"][0]["count"].as_integer(),
            Some(3)
        );
        assert!(d["pools"]["review"].get("size").is_none());
        // A pool may still be replaced whole by a table.
        apply(&mut d, "pools.check={ size = 3 }").unwrap();
        assert_eq!(d["pools"]["check"]["size"].as_integer(), Some(3));
    }

    #[test]
    fn a_label_gives_way_to_a_key_and_two_entries_with_one_label_name_neither() {
        let mut d: Table = toml::from_str(
            r#"
            [pools]
            a = { size = 1, label = "b" }
            b = { size = 2, label = "x" }
            c = { size = 3, label = "x" }
            "#,
        )
        .unwrap();
        assert_eq!(by_key(&d, "pools.b"), "pools.b");
        assert_eq!(by_key(&d, "pools.x"), "pools.x");
        apply(&mut d, "pools.b=4").unwrap();
        assert_eq!(d["pools"]["b"]["size"].as_integer(), Some(4));
        assert_eq!(d["pools"]["a"]["size"].as_integer(), Some(1));
        assert!(apply(&mut d, "pools.x=4").is_err());
        // The second is said to be a label of two entries, with both keys.
        let why = ambiguous(&d, "pools.x=4").unwrap();
        assert!(why.contains("names 2 entries of `pools` (b, c)"), "{why}");
        assert!(why.contains("`pools.b`"), "{why}");
        let why = ambiguous(&d, "pools.x.size=4").unwrap();
        assert!(why.contains("such as `pools.b.size`"), "{why}");
        assert_eq!(ambiguous(&d, "pools.b=4"), None);
        assert_eq!(ambiguous(&d, "pools.a=4"), None);
    }

    #[test]
    fn a_bare_word_is_a_string() {
        let mut d = doc();
        apply(&mut d, "stages.review.duration=4h").unwrap();
        assert_eq!(d["stages"]["review"]["duration"].as_str(), Some("4h"));
    }

    #[test]
    fn fails_with_unknown_path_naming_what_exists() {
        let mut d = doc();
        let e = apply(&mut d, "pools.desk.size.x=1")
            .unwrap_err()
            .to_string();
        assert!(e.contains("pools.desk"), "{e}");
        let e = apply(&mut d, "classes.premium.arrival_rate=1")
            .unwrap_err()
            .to_string();
        assert!(e.contains("standard"), "{e}");
        let e = apply(&mut d, "stages.review.next[5].p=1")
            .unwrap_err()
            .to_string();
        assert!(e.contains("out of range"), "{e}");
        assert!(apply(&mut d, "nothing").is_err());
    }
}
