//! The blocking facade mirrors the async client: every public method of
//! `Newtera` and every option of the builders they return has its line in
//! `src/blocking/` (read from the sources, so a new async method or option
//! without its blocking line fails here).

use std::collections::BTreeSet;
use std::path::Path;

/// The setters `read_setters!()` and `extras_setters!()` expand to.
const READ: &[&str] = &[
    "version_id",
    "sse",
    "if_match",
    "if_none_match",
    "if_modified_since",
    "if_unmodified_since",
    "header",
    "query_param",
];
const EXTRAS: &[&str] = &["header", "query_param"];

/// Methods that are not operations (no request to mirror).
const NOT_OPERATIONS: &[&str] = &["new", "builder", "endpoint", "wait_for_cleanup"];
/// Builder methods the blocking side replaces by iteration.
const ITERATION: &[&str] = &["into_stream"];

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if !path.ends_with("blocking") {
                sources(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
}

/// The `pub fn` names of each top-level `impl Name {` block, by name
/// (macro-made setters included).
fn impl_methods(text: &str) -> Vec<(String, BTreeSet<String>)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, BTreeSet<String>)> = None;
    for line in text.lines() {
        if let Some(rest) = line
            .strip_prefix("impl ")
            .or_else(|| line.strip_prefix("impl<T> "))
        {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
            if line.ends_with(" {") && !line.contains(" for ") {
                current = Some((name, BTreeSet::new()));
            }
            continue;
        }
        if line == "}" {
            blocks.extend(current.take());
            continue;
        }
        let Some((_, names)) = current.as_mut() else {
            continue;
        };
        let trimmed = line.trim_start();
        if line.starts_with("    pub fn ") {
            let name: String = trimmed["pub fn ".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.insert(name);
        } else if trimmed.starts_with("crate::ops::read::read_setters!()") {
            names.extend(READ.iter().map(|s| s.to_string()));
        } else if trimmed.starts_with("extras_setters!()") {
            names.extend(EXTRAS.iter().map(|s| s.to_string()));
        } else if trimmed.starts_with("get_")
            || trimmed.starts_with("set_")
            || trimmed.starts_with("delete_")
        {
            // config_methods!(Type, "what", get_x, set_x, delete_x)
            if trimmed.ends_with(',') || !trimmed.contains(' ') {
                names.insert(trimmed.trim_end_matches(',').to_owned());
            }
        }
    }
    blocks
}

/// `name(` entries of a block of the blocking sources: the lines between
/// `start` and the next line equal to `end`.
fn entries(text: &str, start: &str, end: &str) -> BTreeSet<String> {
    let mut inside = false;
    let mut names = BTreeSet::new();
    for line in text.lines() {
        if line == start {
            inside = true;
        } else if inside && line == end {
            break;
        } else if inside {
            let name: String = line
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if line.trim_start().starts_with(&format!("{name}(")) && !name.is_empty() {
                names.insert(name);
            }
        }
    }
    names
}

#[test]
fn every_async_method_and_option_has_a_blocking_line() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let blocking_methods = std::fs::read_to_string(src.join("blocking/methods.rs")).unwrap();
    let blocking_options = std::fs::read_to_string(src.join("blocking/options.rs")).unwrap();

    let mut missing = Vec::new();
    let mut builders = BTreeSet::new();
    for (file, text) in &files {
        for (name, methods) in impl_methods(text) {
            if name == "Newtera" {
                let mirrored = entries(&blocking_methods, "methods! {", "}");
                for m in methods {
                    let handwritten = blocking_methods.contains(&format!("pub fn {m}<"));
                    if !NOT_OPERATIONS.contains(&m.as_str())
                        && !mirrored.contains(&m)
                        && !handwritten
                    {
                        missing.push(format!("Newtera::{m} ({file})"));
                    }
                }
            } else if blocking_methods.contains(&format!("-> {name};"))
                || blocking_methods.contains(&format!("-> {name}<"))
                || blocking_methods.contains(&format!("Request<{name}>"))
            {
                builders.insert(name.clone());
                let mut mirrored = entries(&blocking_options, &format!("    {name} {{"), "    }");
                if blocking_options.contains(&format!("impl<T> Request<crate::{name}<T>>")) {
                    mirrored.extend(entries(
                        &blocking_options,
                        &format!("impl<T> Request<crate::{name}<T>> {{"),
                        "}",
                    ));
                    mirrored.insert("version_id".into());
                }
                if let Some(read) = blocking_options.find("read_options! {") {
                    let read_block = &blocking_options[read..];
                    let read_block = &read_block[..read_block.find("\n}\n").unwrap()];
                    if read_block.contains(&format!("    {name} {{")) {
                        mirrored.extend(READ.iter().map(|s| s.to_string()));
                    }
                }
                for line in blocking_options.lines() {
                    if let Some(list) = line.trim().strip_prefix(&format!("{name}: ")) {
                        mirrored.extend(list.trim_end_matches(';').split(", ").map(str::to_owned));
                    }
                }
                for m in methods {
                    if !ITERATION.contains(&m.as_str()) && !mirrored.contains(&m) {
                        missing.push(format!("{name}::{m} ({file})"));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "no blocking line for: {missing:#?}");
    // The check saw the builders (a change of layout must not make it pass
    // vacuously).
    for expected in [
        "GetObject",
        "PutObject",
        "ListObjects",
        "CopyObject",
        "Presign",
        "ObjectRequest",
    ] {
        assert!(
            builders.contains(expected),
            "{expected} not seen: {builders:?}"
        );
    }
}
