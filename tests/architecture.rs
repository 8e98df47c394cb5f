//! The shape of the source, checked from the files: no two top-level modules of the
//! library use each other, directly or through others (an import cycle), so a lower
//! layer never reaches up (edges are read from `crate::MODULE` paths outside
//! `#[cfg(test)]` blocks and `tests.rs` files), and no source file is over 400 lines.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module of `src/` with the top-level modules its code names.
fn edges() -> BTreeMap<String, BTreeSet<String>> {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    let src = stack[0].clone();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            // Unit tests (`tests.rs` beside a module) may use anything.
            if path.extension().is_none_or(|e| e != "rs") || path.ends_with("tests.rs") {
                continue;
            }
            let relative = path.strip_prefix(&src).unwrap();
            let first = relative.components().next().unwrap();
            let module = first
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string();
            if module == "lib" || module == "main" || module == "cli" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            let targets = edges.entry(module.clone()).or_default();
            for (i, _) in code.match_indices("crate::") {
                let rest = &code[i + "crate::".len()..];
                let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
                    let group = &group[..group.find('}').unwrap_or(group.len())];
                    group
                        .split(',')
                        .map(|n| n.trim().split("::").next().unwrap_or(""))
                        .collect()
                } else {
                    vec![rest
                        .split(|c: char| !c.is_alphanumeric() && c != '_')
                        .next()
                        .unwrap_or("")]
                };
                for name in names {
                    if !name.is_empty()
                        && name != module
                        && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    {
                        targets.insert(name.to_string());
                    }
                }
            }
        }
    }
    edges
}

#[test]
fn no_module_imports_one_that_imports_it() {
    let edges = edges();
    assert!(
        edges.contains_key("pipeline") && edges.contains_key("document"),
        "{edges:?}"
    );
    // Everything reachable from each module.
    let reach = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(m) = todo.pop() {
            for next in edges.get(&m).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let mut cycles = Vec::new();
    for (module, targets) in &edges {
        for target in targets {
            if reach(target).contains(module) {
                cycles.push(format!("{module} -> {target} -> ... -> {module}"));
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
    // The data model sits at the bottom.
    assert!(
        edges["document"]
            .iter()
            .all(|m| m == "bounded" || m == "hash"),
        "document uses {:?}",
        edges["document"]
    );
}

/// Every source file stays short enough to read in one sitting.
#[test]
fn no_source_file_is_over_400_lines() {
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    let mut long = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let lines = std::fs::read_to_string(&path).unwrap().lines().count();
                if lines > 400 {
                    long.push(format!("{}: {lines}", path.display()));
                }
            }
        }
    }
    assert!(long.is_empty(), "files over 400 lines: {long:#?}");
}
