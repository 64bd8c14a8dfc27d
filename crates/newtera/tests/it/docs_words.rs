//! Public docs speak to someone who has never seen the project: they name
//! minio-py, the MinIO Python client whose methods newtera mirrors, never
//! "the seed" (the project's internal name for that API reference), and no
//! product a reader cannot look up.

use std::path::{Path, PathBuf};

/// Words a reader cannot resolve. "The seed signature" of aws-chunked
/// uploads is AWS's own term and stays.
fn unexplained(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase().replace("the seed signature", "");
    ["the seed", "seed's", "newtera tdm"]
        .into_iter()
        .filter(|word| lower.contains(word))
        .collect()
}

/// README files, `docs/*.md`, and the sources and examples of every crate
/// (crate docs are generated from them).
fn public_doc_files(root: &Path) -> Vec<PathBuf> {
    let mut files = vec![root.join("README.md")];
    let mut dirs = vec![root.join("docs")];
    let crates = std::fs::read_dir(root.join("crates")).expect("crates/");
    for krate in crates.flatten() {
        files.push(krate.path().join("README.md"));
        dirs.push(krate.path().join("src"));
        dirs.push(krate.path().join("examples"));
    }
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if matches!(path.extension().and_then(|e| e.to_str()), Some("rs" | "md")) {
                files.push(path);
            }
        }
    }
    files.retain(|f| f.is_file());
    files
}

#[test]
fn public_docs_name_things_a_stranger_can_look_up() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let files = public_doc_files(&root);
    assert!(files.len() > 50, "the workspace was found: {}", files.len());
    let found: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let text = std::fs::read_to_string(f).ok()?;
            let words = unexplained(&text);
            (!words.is_empty()).then(|| format!("{}: {words:?}", f.display()))
        })
        .collect();
    assert!(
        found.is_empty(),
        "unexplained words in public docs:\n{}",
        found.join("\n")
    );
}
