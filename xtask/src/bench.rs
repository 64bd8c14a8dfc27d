//! `cargo xtask bench [--quick] [harness options]`: sets up the Python venv
//! for newtera's Python package (built in release mode with maturin) and the
//! minio-py and boto3 peers, builds the harness in release mode and runs it.
//! Its results land in `target/bench/results.{md,json}`.
//! `cargo xtask bench --compile [--rounds N]` measures build time and size
//! instead (`compile.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cmd;

/// Builds and runs the harness; `rest` goes to it unchanged.
pub(crate) fn run(rest: &[&str]) -> Result<(), String> {
    match rest {
        ["--compile"] => return crate::compile::run(2),
        ["--compile", "--rounds", n] => {
            return crate::compile::run(n.parse().map_err(|_| "--rounds takes a number")?);
        }
        _ => {}
    }
    let root = cmd::workspace_root();
    let python = venv(&root);
    cmd::cargo(&["build", "--release", "-p", "newtera-bench"], &[])?;
    let target =
        std::env::var("CARGO_TARGET_DIR").map_or_else(|_| root.join("target"), PathBuf::from);
    let mut harness = Command::new(target.join("release/newtera-bench"));
    harness.current_dir(&root).args(rest);
    if let Some(python) = &python {
        harness.arg("--python").arg(python);
    }
    if wants_ceph(rest) {
        // Started like the test suites start it (reused when running).
        harness.envs(crate::ceph::Ceph::start()?.env());
    }
    let status = harness
        .status()
        .map_err(|e| format!("cannot run the harness: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the harness failed ({status})"))
    }
}

/// Whether `--servers` names Ceph and the environment does not already
/// point at a running one.
fn wants_ceph(rest: &[&str]) -> bool {
    let named = rest
        .windows(2)
        .any(|w| matches!(w, [flag, list] if *flag == "--servers" && list.split(',').any(|s| s == "ceph")));
    named && std::env::var("NEWTERA_TEST_SERVER").map_or(true, |s| s != "ceph")
}

/// `target/bench-venv` with `minio`, `boto3` and `maturin`, made once,
/// and newtera's Python package rebuilt into it (release) on every run;
/// `None` (and a warning) when Python or the packages cannot be had, so the
/// Rust peers still run.
fn venv(root: &Path) -> Option<PathBuf> {
    let dir = root.join("target/bench-venv");
    let python = dir.join("bin/python");
    let ready = |p: &Path| {
        Command::new(p)
            .args(["-c", "import minio, boto3, maturin"])
            .status()
            .is_ok_and(|s| s.success())
    };
    let made = if python.exists() && ready(&python) {
        Ok(String::new())
    } else {
        cmd::output(Command::new("python3").arg("-m").arg("venv").arg(&dir)).and_then(|_| {
            cmd::output(
                Command::new(dir.join("bin/pip"))
                    .args(["install", "-q", "minio", "boto3", "maturin"]),
            )
        })
    };
    let made = made.and_then(|_| crate::python::install(&dir, "release").map(|()| String::new()));
    match made {
        Ok(_) if ready(&python) => Some(python),
        Ok(_) => None,
        Err(e) => {
            eprintln!("xtask bench: no Python peers ({e})");
            None
        }
    }
}
