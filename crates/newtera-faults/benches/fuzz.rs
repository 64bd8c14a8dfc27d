//! Fuzzer throughput: cases per second (mutation plus every decoder) over
//! the proto fixtures, so a long `cargo xtask fuzz` run can be sized.
//! A plain timing loop (no criterion): warm-up, then a best-of-five.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use newtera_faults::fuzz::{self, Config};

const CASES: u64 = 2_000;

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../newtera-proto/tests/fixtures");
    let corpus = fuzz::load_corpus(&dir).unwrap_or_default();
    let run = |seed: u64| {
        let config = Config {
            seed,
            iterations: CASES,
            time_budget: None,
        };
        black_box(fuzz::run(black_box(&corpus), &config))
    };
    run(1);
    let mut best = Duration::MAX;
    for seed in 2..7 {
        let started = Instant::now();
        let report = run(seed);
        assert_eq!(report.panics, 0);
        best = best.min(started.elapsed());
    }
    let ns = best.as_nanos() as f64 / CASES as f64;
    println!(
        "fuzz case (mutate + all decoders, {} seeds): {ns:.0} ns/op, {:.0} ops/s",
        corpus.len(),
        1e9 / ns
    );
}
