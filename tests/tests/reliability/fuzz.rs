//! The bounded fuzz step: mutated proto fixtures fed to every decoder.
//! `cargo xtask fuzz --seconds N` runs the same fuzzer for longer.

use std::path::PathBuf;
use std::time::Duration;

use newtera_faults::fuzz::{self, Config};

use crate::harness::{Case, Outcome};
use crate::report::Row;

pub(crate) fn cases() -> Vec<Case> {
    vec![Case::sync("fuzz::decoders_never_panic", run)]
}

/// Cases in the bounded run: a fixed count (the table stays stable) that
/// takes a few seconds in a debug build.
const ITERATIONS: u64 = 1_500;

fn run() -> Outcome {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../crates/newtera-proto/tests/fixtures");
    let corpus = fuzz::load_corpus(&dir).expect("the proto fixtures");
    assert!(corpus.len() >= 20, "fixtures found: {}", corpus.len());
    let config = Config {
        iterations: ITERATIONS,
        time_budget: Some(Duration::from_secs(90)),
        ..Config::default()
    };
    let report = fuzz::run(&corpus, &config);
    if let Some(f) = report.findings.first() {
        let path = std::env::temp_dir().join("newtera-fuzz-finding.xml");
        let _ = std::fs::write(&path, &f.input);
        panic!(
            "decoder panic at case {}: {} (input saved to {})",
            f.iteration,
            f.message,
            path.display()
        );
    }
    assert_eq!(report.iterations, ITERATIONS, "the budget ran out first");
    Outcome::Rows(vec![Row::new(
        "Fuzzing",
        format!(
            "mutated XML from {} seeds (the proto fixtures and built-ins; bit flips, splices, truncation, nesting to 5,000 levels, 256 KiB text, entities) into every decoder",
            report.corpus
        ),
        report.iterations,
        "no panic (each case under catch_unwind); longer runs: `cargo xtask fuzz --seconds N`",
    )])
}
