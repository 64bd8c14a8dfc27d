//! Integration tests for newtera-proto: one binary, one module per concern.

mod addressing;
mod config;
mod encode;
mod errors;
mod fixtures;
mod robustness;
mod roundtrip;
mod sts;

use std::path::PathBuf;

/// Reads a fixture from `tests/fixtures`.
pub(crate) fn fixture(name: &str) -> Vec<u8> {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", name]
        .iter()
        .collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

/// Every fixture file name, for the robustness tests.
pub(crate) fn all_fixtures() -> Vec<Vec<u8>> {
    let dir: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures"]
        .iter()
        .collect();
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xml"))
        .collect();
    names.sort();
    names.iter().map(|n| fixture(n)).collect()
}
