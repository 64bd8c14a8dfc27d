//! The Python package's steps of `cargo xtask test`: clippy on
//! `crates/newtera-py` (outside the default members, so plain `cargo test`
//! needs no Python), then its pytest suite against the embedded server and
//! each real server.
//!
//! The suite runs in a venv kept in the cache beside the tools
//! (`~/.cache/newtera/venv`, made once per machine from PyPI: maturin,
//! pytest, urllib3, boto3), with the package built as a wheel by maturin
//! (debug-free dev profile: the tests need correctness, not speed) and
//! installed into it, never built in place in the checkout.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use crate::tally::Tally;

/// The packages the suite needs, from PyPI.
const PACKAGES: &[&str] = &["maturin>=1.5,<2", "pytest>=7", "urllib3>=2", "boto3"];

/// The venv's python with the extension freshly built into it, once per run.
fn prepared() -> Result<PathBuf, String> {
    static READY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    READY.get_or_init(prepare).clone()
}

fn prepare() -> Result<PathBuf, String> {
    let dir = crate::tools::tools_dir()
        .parent()
        .map_or_else(|| PathBuf::from("/tmp/newtera-venv"), |p| p.join("venv"));
    let python = dir.join("bin/python");
    let ready = Command::new(&python)
        .args(["-c", "import maturin, pytest, urllib3, boto3"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ready {
        eprintln!("xtask: making the Python test venv in {}", dir.display());
        crate::cmd::output(Command::new("python3").arg("-m").arg("venv").arg(&dir))?;
        crate::cmd::output(
            Command::new(&python)
                .args(["-m", "pip", "install", "-q"])
                .args(PACKAGES),
        )?;
    }
    install(&dir, "dev")?;
    Ok(python)
}

/// Builds the package's wheel with `profile` (`dev` or `release`) using the
/// maturin of the venv at `venv`, and installs it there (replacing any
/// earlier build).
pub(crate) fn install(venv: &std::path::Path, profile: &str) -> Result<(), String> {
    let root = crate::cmd::workspace_root();
    let target =
        std::env::var("CARGO_TARGET_DIR").map_or_else(|_| root.join("target"), PathBuf::from);
    let wheels = target.join(format!("newtera-py-wheels-{profile}"));
    let _ = std::fs::remove_dir_all(&wheels);
    crate::cmd::output(
        Command::new(venv.join("bin/maturin"))
            .args(["build", "--quiet", "--profile", profile, "--interpreter"])
            .arg(venv.join("bin/python"))
            .arg("--out")
            .arg(&wheels)
            .current_dir(root.join("crates/newtera-py")),
    )?;
    let wheel = std::fs::read_dir(&wheels)
        .map_err(|e| format!("no wheel in {}: {e}", wheels.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .ok_or_else(|| format!("maturin left no wheel in {}", wheels.display()))?;
    crate::cmd::output(
        Command::new(venv.join("bin/python"))
            .args([
                "-m",
                "pip",
                "install",
                "-q",
                "--no-deps",
                "--force-reinstall",
            ])
            .arg(wheel),
    )
    .map(drop)
}

/// `cargo clippy -p newtera-py --all-targets -D warnings`.
pub(crate) fn clippy() -> Result<(), String> {
    crate::cmd::cargo(
        &[
            "clippy",
            "-p",
            "newtera-py",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    )
}

/// The suite against an embedded s3s-fs server started here.
pub(crate) fn embedded_suite(tally: &mut Tally) {
    let server = match newtera_testkit::EmbeddedServer::start() {
        Ok(server) => server,
        Err(e) => {
            tally.check(
                "python suite (embedded s3s-fs): server start",
                Err(e.to_string()),
            );
            return;
        }
    };
    let env = [
        ("NEWTERA_TEST_SERVER", "s3s-fs".to_owned()),
        ("NEWTERA_TEST_ENDPOINT", server.endpoint()),
        ("NEWTERA_TEST_ACCESS_KEY", server.access_key().to_owned()),
        ("NEWTERA_TEST_SECRET_KEY", server.secret_key().to_owned()),
        ("NEWTERA_TEST_REGION", server.region().to_owned()),
    ];
    suite(tally, "embedded s3s-fs", &env);
}

/// The pytest suite against the server `env` names.
pub(crate) fn suite(tally: &mut Tally, server: &str, env: &[(&str, String)]) {
    let name = format!("python suite ({server})");
    eprintln!("\n== {name} ==");
    let python = match prepared() {
        Ok(python) => python,
        Err(e) => {
            tally.check(&name, Err(format!("could not prepare Python: {e}")));
            return;
        }
    };
    let root = crate::cmd::workspace_root();
    let mut command = Command::new(python);
    command
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfE"])
        .arg(root.join("crates/newtera-py/tests"))
        .current_dir(&root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            tally.check(&name, Err(format!("cannot run pytest: {e}")));
            return;
        }
    };
    let mut summary = String::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            if line.contains(" passed") || line.contains(" failed") || line.contains(" error") {
                summary = line;
            }
        }
    }
    let success = child.wait().is_ok_and(|s| s.success());
    tally.tests(&name, &cargo_style(&summary), success);
}

/// pytest's closing line (`3 passed, 1 failed, 2 skipped in 4.1s`) as the
/// `test result:` line the tally reads; errors count as failures and
/// skips as ignored.
fn cargo_style(summary: &str) -> String {
    let words: Vec<&str> = summary
        .split(|c: char| c == ',' || c.is_whitespace() || c == '=')
        .filter(|w| !w.is_empty())
        .collect();
    let count = |names: &[&str]| -> u64 {
        words
            .windows(2)
            .filter_map(|w| match w {
                [n, word] if names.contains(word) => n.parse::<u64>().ok(),
                _ => None,
            })
            .sum()
    };
    format!(
        "test result: {}. {} passed; {} failed; {} ignored",
        "pytest",
        count(&["passed"]),
        count(&["failed", "error", "errors"]),
        count(&["skipped", "xfailed"]),
    )
}

/// `cargo xtask pytest`: the suite alone, against the server the
/// `NEWTERA_TEST_*` variables name, else an embedded one.
pub(crate) fn command() -> Result<(), String> {
    let mut tally = Tally::default();
    if std::env::var_os("NEWTERA_TEST_ENDPOINT").is_some() {
        suite(&mut tally, "the NEWTERA_TEST_* server", &[]);
    } else {
        embedded_suite(&mut tally);
    }
    print!("{}", tally.report());
    if tally.failed() == 0 {
        Ok(())
    } else {
        Err(format!("{} failed", tally.failed()))
    }
}
