//! A mutation fuzzer for the response decoders that runs on the stable
//! toolchain: no sanitizers or coverage feedback (that needs nightly and
//! cargo-fuzz), but a deterministic stream of mutated XML fixtures fed to
//! [`newtera_proto::fuzz_decode_all`], each call guarded by
//! `catch_unwind`, so any panic is reported with the input that caused it.
//!
//! ```
//! use newtera_faults::fuzz::{self, Config};
//! let corpus = vec![b"<ListAllMyBucketsResult/>".to_vec()];
//! let report = fuzz::run(&corpus, &Config { iterations: 50, ..Config::default() });
//! assert_eq!(report.iterations, 50);
//! assert!(report.findings.is_empty());
//! ```

mod mutate;
mod rng;

use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

use rng::Rng;

/// Findings kept in a report; one is enough to act on, a few show a pattern.
const MAX_FINDINGS: usize = 8;

/// How long and with which seed to fuzz.
#[derive(Debug, Clone)]
pub struct Config {
    /// The random seed: the same seed and corpus give the same inputs.
    pub seed: u64,
    /// The most cases to run.
    pub iterations: u64,
    /// Stop after this long even if iterations remain.
    pub time_budget: Option<Duration>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            seed: 0x5eed,
            iterations: 10_000,
            time_budget: None,
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Cases run.
    pub iterations: u64,
    /// Seeds in the corpus (fixtures plus the built-in ones).
    pub corpus: usize,
    /// The largest input tried, in bytes.
    pub largest_input: usize,
    /// The slowest single case.
    pub slowest_case: Duration,
    /// Inputs that made a decoder panic (at most a few).
    pub findings: Vec<Finding>,
    /// Panics in all, including those not kept.
    pub panics: u64,
}

/// An input that made a decoder panic.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Which case it was.
    pub iteration: u64,
    /// The panic message.
    pub message: String,
    /// The input.
    pub input: Vec<u8>,
}

/// Every `*.xml` file in `dir`, in name order (so runs are reproducible).
pub fn load_corpus(dir: &Path) -> io::Result<Vec<Vec<u8>>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    paths.sort();
    paths.iter().map(std::fs::read).collect()
}

/// Inputs that are always worth trying besides the fixtures.
fn builtin_seeds() -> Vec<Vec<u8>> {
    [
        &b""[..],
        b"<",
        b"<?xml version=\"1.0\"?>",
        b"<Error></Error>",
        b"<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>",
        b"<CompleteMultipartUploadResult/>",
        b"\xff\xfe<\x00a\x00>\x00",
    ]
    .iter()
    .map(|s| s.to_vec())
    .collect()
}

/// Fuzzes the decoders with mutations of `corpus` (plus built-in seeds).
pub fn run(corpus: &[Vec<u8>], config: &Config) -> Report {
    let mut seeds = corpus.to_vec();
    seeds.extend(builtin_seeds());
    let mut rng = Rng::new(config.seed);
    let started = Instant::now();
    let mut report = Report {
        corpus: seeds.len(),
        ..Report::default()
    };
    // Each seed is tried unchanged once before mutations start.
    let mut queue = seeds.clone().into_iter();
    while report.iterations < config.iterations {
        if config.time_budget.is_some_and(|b| started.elapsed() >= b) {
            break;
        }
        let input = queue.next().unwrap_or_else(|| {
            let base = rng.pick(&seeds).clone();
            let other = rng.pick(&seeds).clone();
            mutate::mutate(&mut rng, &base, &other)
        });
        one_case(&input, &mut report);
    }
    report
}

fn one_case(input: &[u8], report: &mut Report) {
    let started = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        newtera_proto::fuzz_decode_all(input);
    }));
    report.slowest_case = report.slowest_case.max(started.elapsed());
    report.largest_input = report.largest_input.max(input.len());
    if let Err(panic) = outcome {
        report.panics += 1;
        if report.findings.len() < MAX_FINDINGS {
            report.findings.push(Finding {
                iteration: report.iterations,
                message: panic_message(&*panic),
                input: input.to_vec(),
            });
        }
    }
    report.iterations += 1;
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_run_over_the_builtin_seeds_finds_nothing() {
        let report = run(
            &[],
            &Config {
                iterations: 100,
                ..Config::default()
            },
        );
        assert_eq!(report.iterations, 100);
        assert_eq!(report.corpus, builtin_seeds().len());
        assert_eq!(report.panics, 0, "{:?}", report.findings.first());
    }

    #[test]
    fn panic_messages_are_read_from_both_payload_kinds() {
        let a = catch_unwind(|| panic!("static")).unwrap_err();
        assert_eq!(panic_message(&*a), "static");
        let b = catch_unwind(|| panic!("{}", 42)).unwrap_err();
        assert_eq!(panic_message(&*b), "42");
    }
}
