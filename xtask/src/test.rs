//! `cargo xtask test`: the one test command.
//!
//! Steps: `cargo fmt --check`, clippy with `-D warnings` on all targets, the
//! docs with `-D warnings`, the layer check, `cargo test` (the default
//! members: everything but the benchmark harness)
//! (against the embedded s3s-fs server), then the conformance suite against a
//! 3-node Garage cluster. Every step is counted; a step that could not run is
//! a failure. The last line is `N passed, N failed`.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::garage::Cluster;
use crate::tally::Tally;

/// Runs every step and prints the summary.
pub(crate) fn run(args: &[&str]) -> Result<(), String> {
    if let Some(arg) = args.first() {
        return Err(format!("unknown argument {arg}"));
    }
    let mut tally = Tally::default();
    tally.check(
        "cargo fmt --check",
        crate::cmd::cargo(&["fmt", "--all", "--", "--check"], &[]),
    );
    tally.check(
        "cargo clippy --all-targets -D warnings",
        crate::cmd::cargo(
            &["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"],
            &[],
        ),
    );
    tally.check("cargo doc -D warnings", docs());
    tally.check(
        "layer check (sans-IO crates)",
        crate::layers::check().map(drop),
    );
    cargo_test(&mut tally, "cargo test (embedded s3s-fs)", &[], &[]);
    garage_suite(&mut tally);
    print!("{}", tally.report());
    if tally.failed() == 0 {
        Ok(())
    } else {
        Err(format!("{} failed", tally.failed()))
    }
}

fn docs() -> Result<(), String> {
    let status = Command::new(crate::cmd::cargo_bin())
        .args(["doc", "--no-deps", "--quiet"])
        .env("RUSTDOCFLAGS", "-D warnings")
        .current_dir(crate::cmd::workspace_root())
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo doc failed ({status})"))
    }
}

/// The conformance suite on Garage; the cluster is stopped afterwards unless
/// it was already running before.
fn garage_suite(tally: &mut Tally) {
    let was_running = running();
    let cluster = match Cluster::start() {
        Ok(cluster) => cluster,
        Err(e) => {
            tally.check(
                "garage cluster start (conformance suite could not run)",
                Err(e),
            );
            return;
        }
    };
    tally.check("garage cluster start", Ok(()));
    let env = cluster.env();
    cargo_test(
        tally,
        "conformance suite (garage, 3 nodes)",
        &["-p", "newtera-conformance"],
        &env,
    );
    if !was_running {
        tally.check("garage cluster stop", Cluster::stop());
    }
}

fn running() -> bool {
    Cluster::load().is_ok_and(|c| c.is_running())
}

/// Runs `cargo test` with live output, counting its results.
fn cargo_test(tally: &mut Tally, name: &str, args: &[&str], env: &[(&str, String)]) {
    eprintln!("\n== {name} ==");
    let mut command = Command::new(crate::cmd::cargo_bin());
    command
        .arg("test")
        .args(args)
        .current_dir(crate::cmd::workspace_root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            tally.check(name, Err(format!("cannot run cargo test: {e}")));
            return;
        }
    };
    let mut output = String::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            output.push_str(&line);
            output.push('\n');
        }
    }
    let success = child.wait().is_ok_and(|s| s.success());
    tally.tests(name, &output, success);
}
