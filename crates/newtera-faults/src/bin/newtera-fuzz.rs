//! `newtera-fuzz [--seconds N] [--seed S] [--corpus DIR] [--out DIR]`: fuzzes
//! the proto decoders for a time budget and writes any panicking input to
//! `DIR/crash-<n>.xml`. `cargo xtask fuzz` runs it.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use newtera_faults::fuzz::{self, Config};

struct Args {
    seconds: u64,
    seed: u64,
    corpus: PathBuf,
    out: PathBuf,
}

fn parse(mut raw: impl Iterator<Item = String>) -> Result<Args, String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut args = Args {
        seconds: 60,
        seed: 0x5eed,
        corpus: root.join("crates/newtera-proto/tests/fixtures"),
        out: root.join("target/fuzz"),
    };
    while let Some(flag) = raw.next() {
        let value = raw.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--seconds" => args.seconds = value.parse().map_err(|e| format!("--seconds: {e}"))?,
            "--seed" => args.seed = value.parse().map_err(|e| format!("--seed: {e}"))?,
            "--corpus" => args.corpus = value.into(),
            "--out" => args.out = value.into(),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("newtera-fuzz: {e}");
            return ExitCode::from(2);
        }
    };
    let corpus = match fuzz::load_corpus(&args.corpus) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("newtera-fuzz: corpus {}: {e}", args.corpus.display());
            return ExitCode::from(2);
        }
    };
    let config = Config {
        seed: args.seed,
        iterations: u64::MAX,
        time_budget: Some(Duration::from_secs(args.seconds)),
    };
    let report = fuzz::run(&corpus, &config);
    println!(
        "fuzzed {} inputs from {} seeds in {} s (seed {}): {} panics, largest input {} bytes, slowest case {:?}",
        report.iterations,
        report.corpus,
        args.seconds,
        args.seed,
        report.panics,
        report.largest_input,
        report.slowest_case
    );
    save_findings(&args.out, &report.findings)
}

fn save_findings(out: &std::path::Path, findings: &[fuzz::Finding]) -> ExitCode {
    if findings.is_empty() {
        return ExitCode::SUCCESS;
    }
    let _ = std::fs::create_dir_all(out);
    for (i, f) in findings.iter().enumerate() {
        let path = out.join(format!("crash-{i}.xml"));
        let _ = std::fs::write(&path, &f.input);
        eprintln!(
            "panic at case {}: {} -> {}",
            f.iteration,
            f.message,
            path.display()
        );
    }
    ExitCode::FAILURE
}
