//! The shape of the code: a thin binary, and no module (nor file) that imports one importing
//! it back.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Top-level module of the library → the top-level modules its code names (`crate::x`).
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, code) in files() {
        let module = path.split("::").next().unwrap().to_string();
        let entry = out.entry(module.clone()).or_default();
        for (i, _) in code.match_indices("crate::") {
            let name: String = code[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() && name != module {
                entry.insert(name);
            }
        }
    }
    out
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = imports();
    // Depth-first search for any cycle, reporting its path.
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if let Some(i) = path.iter().position(|x| x == n) {
            panic!("import cycle: {} -> {n}", path[i..].join(" -> "));
        }
        if done.contains(n) {
            return;
        }
        path.push(n.to_string());
        for m in graph.get(n).into_iter().flatten() {
            visit(m, graph, path, done);
        }
        path.pop();
        done.insert(n.to_string());
    }
    let mut done = BTreeSet::new();
    for n in graph.keys() {
        visit(n, &graph, &mut Vec::new(), &mut done);
    }
    assert!(graph.len() > 10, "{graph:?}");
}

#[test]
fn main_only_parses_dispatches_and_maps_errors() {
    let main = fs::read_to_string("src/main.rs").unwrap();
    assert!(
        main.lines().count() <= 100,
        "{} lines",
        main.lines().count()
    );
}

/// Every library file as its module path (`src/web/page.rs` → `web::page`), with its code
/// (tests and comments left out); the binary (`main.rs`, `commands/`) is left out.
fn files() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![Path::new("src").to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
                continue;
            }
            let rel = p.strip_prefix("src").unwrap().with_extension("");
            let parts: Vec<String> = rel
                .iter()
                .map(|s| s.to_string_lossy().into_owned())
                .filter(|s| s != "mod")
                .collect();
            if matches!(parts[0].as_str(), "main" | "lib" | "commands") {
                continue;
            }
            let text = fs::read_to_string(&p).unwrap();
            // Comments name modules without importing them (documentation links).
            let code: String = text
                .split("#[cfg(test)]")
                .next()
                .unwrap()
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            out.insert(parts.join("::"), code);
        }
    }
    out
}

/// The paths a piece of code names: `crate::a::b`, `super::a` (groups `{a, b}` opened), and
/// `child::x` for the modules it declares with `mod child;`, as module paths from the crate
/// root.
fn named_paths(module: &str, code: &str) -> Vec<Vec<String>> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let here: Vec<String> = module.split("::").map(str::to_string).collect();
    let parent = &here[..here.len() - 1];
    let mut out = Vec::new();
    let mut follow = |base: Vec<String>, rest: &str| {
        let mut rest = rest;
        let mut path = base;
        loop {
            if let Some(group) = rest.strip_prefix('{') {
                for item in group.split('}').next().unwrap_or("").split(',') {
                    let name = ident(item.trim());
                    if !name.is_empty() {
                        let mut p = path.clone();
                        p.push(name);
                        out.push(p);
                    }
                }
                return;
            }
            let name = ident(rest);
            if name.is_empty() {
                out.push(path);
                return;
            }
            path.push(name.clone());
            rest = &rest[name.len()..];
            match rest.strip_prefix("::") {
                Some(r) => rest = r,
                None => {
                    out.push(path);
                    return;
                }
            }
        }
    };
    for (i, _) in code.match_indices("crate::") {
        follow(Vec::new(), &code[i + 7..]);
    }
    for (i, _) in code.match_indices("super::") {
        if code[..i].ends_with("::") {
            continue;
        }
        follow(parent.to_vec(), &code[i + 7..]);
    }
    for line in code.lines() {
        let line = line.trim();
        let Some(child) = line
            .strip_prefix("mod ")
            .or_else(|| line.strip_prefix("pub mod "))
            .and_then(|l| l.strip_suffix(';'))
        else {
            continue;
        };
        let needle = format!("{child}::");
        for (i, _) in code.match_indices(&needle) {
            let before = code[..i].chars().last().unwrap_or(' ');
            if !(before.is_ascii_alphanumeric() || before == '_' || before == ':') {
                let mut base = here.clone();
                base.push(child.to_string());
                follow(base, &code[i + needle.len()..]);
            }
        }
    }
    out
}

/// No file of the library imports one that imports it back, submodules included (a child
/// using its parent's items while the parent uses the child's). One exception, named: the
/// scenario reader's methods are one `impl` split over `scenario/parse.rs` and its children.
#[test]
fn no_file_imports_one_that_imports_it_back() {
    let files = files();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in &files {
        let edges = graph.entry(module.clone()).or_default();
        for path in named_paths(module, code) {
            // The longest prefix that is a file of the library.
            let target = (1..=path.len())
                .rev()
                .map(|n| path[..n].join("::"))
                .find(|p| files.contains_key(p));
            if let Some(t) = target
                && t != *module
            {
                edges.insert(t);
            }
        }
    }
    let split_impl = |a: &str, b: &str| {
        let reader = |m: &str| m == "scenario::parse" || m.starts_with("scenario::parse::");
        reader(a) && reader(b)
    };
    let mut cycles = Vec::new();
    for (a, to) in &graph {
        for b in to {
            if a < b && graph.get(b).is_some_and(|back| back.contains(a)) && !split_impl(a, b) {
                cycles.push(format!("{a} <-> {b}"));
            }
        }
    }
    assert!(cycles.is_empty(), "{cycles:#?}");
    assert!(graph.len() > 40, "{} files", graph.len());
}
