//! The layer check, read from `cargo metadata`: the sans-IO crates pull in
//! no runtime, and no published crate pulls in a test server.

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

/// Crates that are published, and the test servers they may never depend on
/// (the CLI carried s3s and s3s-fs while the demo lived in it).
const PUBLISHED: &[&str] = &[
    "newtera-sign",
    "newtera-proto",
    "newtera-transport",
    "newtera",
    "newtera-cli",
];
const TEST_ONLY: &[&str] = &["s3s", "s3s-fs", "newtera-testkit", "newtera-faults"];

/// One rule: a crate, and what its normal tree must not contain.
struct Rule {
    krate: &'static str,
    forbidden: fn(&str) -> bool,
    holds: &'static str,
}

fn rules() -> Vec<Rule> {
    let sans_io = SANS_IO.iter().map(|&krate| Rule {
        krate,
        forbidden,
        holds: "no runtime",
    });
    let published = PUBLISHED.iter().map(|&krate| Rule {
        krate,
        forbidden: |name| TEST_ONLY.contains(&name),
        holds: "no test server",
    });
    sans_io.chain(published).collect()
}

/// Checks every sans-IO crate; returns one `(crate, problem)` per failure.
pub(crate) fn check() -> Result<Vec<String>, String> {
    let metadata = metadata()?;
    let graph = normal_graph(&metadata)?;
    let names = package_names(&metadata);
    let mut failures = Vec::new();
    for Rule {
        krate,
        forbidden,
        holds,
    } in rules()
    {
        let id = names
            .iter()
            .find(|(_, name)| name.as_str() == krate)
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
                "layers: {krate} ok ({} crates in its normal tree, {holds})",
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
