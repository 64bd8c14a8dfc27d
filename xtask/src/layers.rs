//! The layer check: the sans-IO crates pull in no runtime, read from
//! `cargo metadata`.

use std::collections::{BTreeSet, HashMap};
use std::process::Command;

use serde_json::Value;

/// Crates that must stay sans-IO, and what they may never depend on.
const SANS_IO: &[&str] = &["newtera-sign", "newtera-proto"];
const FORBIDDEN: &[&str] = &[
    "tokio",
    "hyper",
    "hyper-util",
    "tower",
    "tower-service",
    "tower-layer",
    "mio",
    "reqwest",
];
const FORBIDDEN_PREFIXES: &[&str] = &["aws-", "tokio-"];

/// Checks every sans-IO crate; returns one `(crate, problem)` per failure.
pub(crate) fn check() -> Result<Vec<String>, String> {
    let metadata = metadata()?;
    let graph = normal_graph(&metadata)?;
    let names = package_names(&metadata);
    let mut failures = Vec::new();
    for krate in SANS_IO {
        let id = names
            .iter()
            .find(|(_, name)| name.as_str() == *krate)
            .map(|(id, _)| id.clone())
            .ok_or_else(|| format!("{krate} is not in the workspace"))?;
        let tree = reachable(&graph, &id);
        let bad: BTreeSet<&str> = tree
            .iter()
            .filter_map(|dep| names.get(dep))
            .map(String::as_str)
            .filter(|n| forbidden(n))
            .collect();
        if bad.is_empty() {
            println!(
                "layers: {krate} ok ({} crates in its normal tree, no runtime)",
                tree.len()
            );
        } else {
            let problem = format!(
                "{krate} depends on {}",
                bad.into_iter().collect::<Vec<_>>().join(", ")
            );
            println!("layers: FAILED {problem}");
            failures.push(problem);
        }
    }
    if failures.is_empty() {
        Ok(failures)
    } else {
        Err(failures.join("; "))
    }
}

fn forbidden(name: &str) -> bool {
    FORBIDDEN.contains(&name) || FORBIDDEN_PREFIXES.iter().any(|p| name.starts_with(p))
}

fn metadata() -> Result<Value, String> {
    let out = crate::cmd::output(
        Command::new(crate::cmd::cargo_bin())
            .args(["metadata", "--format-version", "1"])
            .current_dir(crate::cmd::workspace_root()),
    )?;
    serde_json::from_str(&out).map_err(|e| format!("bad cargo metadata output: {e}"))
}

fn package_names(metadata: &Value) -> HashMap<String, String> {
    let packages = metadata["packages"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    packages
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?.to_owned(), p["name"].as_str()?.to_owned())))
        .collect()
}

/// Package id → ids of its normal (non-dev, non-build) dependencies.
fn normal_graph(metadata: &Value) -> Result<HashMap<String, Vec<String>>, String> {
    let nodes = metadata["resolve"]["nodes"]
        .as_array()
        .ok_or("cargo metadata has no resolve graph")?;
    Ok(nodes
        .iter()
        .filter_map(|node| {
            let deps = node["deps"].as_array()?;
            let normal = deps
                .iter()
                .filter(|d| {
                    d["dep_kinds"]
                        .as_array()
                        .is_some_and(|k| k.iter().any(|k| k["kind"].is_null()))
                })
                .filter_map(|d| d["pkg"].as_str().map(str::to_owned))
                .collect();
            Some((node["id"].as_str()?.to_owned(), normal))
        })
        .collect())
}

fn reachable(graph: &HashMap<String, Vec<String>>, root: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![root.to_owned()];
    while let Some(id) = stack.pop() {
        for dep in graph.get(&id).into_iter().flatten() {
            if seen.insert(dep.clone()) {
                stack.push(dep.clone());
            }
        }
    }
    seen
}
