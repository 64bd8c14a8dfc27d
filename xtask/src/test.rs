//! `cargo xtask test`: the one test command.
//!
//! Steps: `cargo fmt --check`, clippy with `-D warnings` on all targets, the
//! docs with `-D warnings`, the layer check, `cargo test` (the default
//! members: everything but the benchmark harness)
//! (against the embedded s3s-fs server), clippy on the Python extension and
//! its pytest suite (`python.rs`), then the conformance suite against a
//! 3-node Garage cluster, then on a single-node Ceph RGW (with a watchdog
//! that restarts a crashed radosgw and fails the run). Every step is
//! counted; a step that could not run is a failure. The last line is
//! `N passed, N failed`. `--no-garage` / `--no-ceph` leave a server out
//! and `--servers-only` skips the steps before them (for local iteration;
//! CI runs everything).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::ceph::Ceph;
use crate::garage::Cluster;
use crate::tally::Tally;

/// Runs every step and prints the summary.
pub(crate) fn run(args: &[&str]) -> Result<(), String> {
    let (mut local, mut garage, mut ceph) = (true, true, true);
    for arg in args {
        match *arg {
            "--no-garage" => garage = false,
            "--no-ceph" => ceph = false,
            "--servers-only" => local = false,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let mut tally = Tally::default();
    if local {
        local_steps(&mut tally);
    }
    if garage {
        garage_suite(&mut tally);
    }
    if ceph {
        ceph_suite(&mut tally);
    }
    print!("{}", tally.report());
    if tally.failed() == 0 {
        Ok(())
    } else {
        Err(format!("{} failed", tally.failed()))
    }
}

/// The steps that need no server but the embedded one.
fn local_steps(tally: &mut Tally) {
    tally.check(
        "curl installed (the POST-policy example's test runs the printed command)",
        crate::tools::curl(),
    );
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
        "newtera-sign builds without default features (signer-only users)",
        crate::cmd::cargo(
            &[
                "build",
                "--quiet",
                "-p",
                "newtera-sign",
                "--no-default-features",
            ],
            &[],
        ),
    );
    tally.check(
        "layer check (sans-IO crates)",
        crate::layers::check().map(drop),
    );
    cargo_test(tally, "cargo test (embedded s3s-fs)", &[], &[]);
    tally.check(
        "cargo clippy -p newtera-py -D warnings (the Python extension)",
        crate::python::clippy(),
    );
    crate::python::embedded_suite(tally);
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
    server_suites(tally, "garage, 3 nodes", &cluster.env());
    if !was_running {
        tally.check("garage cluster stop", Cluster::stop());
    }
}

/// The conformance suite on Ceph RGW, watched: a radosgw that dies is
/// restarted at once (so one crash cannot turn the rest of the run into
/// connection errors) and the crash fails the run, with the log's tail.
fn ceph_suite(tally: &mut Tally) {
    let was_running = Ceph::load().is_ok_and(|c| c.gateway_alive());
    let ceph = match Ceph::start() {
        Ok(ceph) => ceph,
        Err(e) => {
            tally.check("ceph start (conformance suite could not run)", Err(e));
            return;
        }
    };
    tally.check("ceph start", Ok(()));
    let env = ceph.env();
    let ceph = Arc::new(Mutex::new(ceph));
    let done = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let (ceph, done) = (Arc::clone(&ceph), Arc::clone(&done));
        std::thread::spawn(move || watch_gateway(&ceph, &done))
    };
    server_suites(tally, "ceph rgw", &env);
    done.store(true, Ordering::Relaxed);
    let crashes = watchdog
        .join()
        .unwrap_or_else(|_| vec!["watchdog panicked".into()]);
    tally.check(
        "radosgw stayed up during the ceph run",
        if crashes.is_empty() {
            Ok(())
        } else {
            Err(crashes.join("\n"))
        },
    );
    if !was_running {
        tally.check("ceph stop", Ceph::stop());
    }
}

/// Polls radosgw until `done`; restarts it when it dies. Returns one report
/// per crash.
fn watch_gateway(ceph: &Mutex<Ceph>, done: &AtomicBool) -> Vec<String> {
    let mut crashes = Vec::new();
    while !done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(200));
        let Ok(mut ceph) = ceph.lock() else {
            break;
        };
        if ceph.gateway_alive() {
            continue;
        }
        let log = ceph.gateway_log_tail(40);
        eprintln!("\nxtask: radosgw died; restarting it. Its last log lines:\n{log}");
        let restart = ceph.restart_gateway();
        crashes.push(format!(
            "radosgw crashed (restart: {}); last log lines:\n{log}",
            restart
                .as_ref()
                .map_or_else(String::clone, |()| "ok".into())
        ));
    }
    crashes
}

/// The suites that run on every real server: conformance and reliability
/// (`newtera-conformance`), the command line's daily commands, and the
/// Python package's suite.
fn server_suites(tally: &mut Tally, server: &str, env: &[(&str, String)]) {
    cargo_test(
        tally,
        &format!("conformance and reliability suites ({server})"),
        &["-p", "newtera-conformance", "--no-fail-fast"],
        env,
    );
    cargo_test(
        tally,
        &format!("command-line suite ({server})"),
        &["-p", "newtera-cli", "--test", "it", "servers::"],
        env,
    );
    crate::python::suite(tally, server, env);
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
