//! Running commands and finding the workspace.

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The workspace root (the parent of `xtask/`).
pub(crate) fn workspace_root() -> PathBuf {
    let xtask = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().map(PathBuf::from).unwrap_or(xtask)
}

/// The cargo binary that runs us.
pub(crate) fn cargo_bin() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Runs cargo with `args` then `extra`, inheriting stdio; an error if it fails.
pub(crate) fn cargo(args: &[&str], extra: &[&str]) -> Result<(), String> {
    let status = Command::new(cargo_bin())
        .args(args)
        .args(extra)
        .current_dir(workspace_root())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo {} failed ({status})", args.join(" ")))
    }
}

/// Runs a command and returns its standard output, or an error with its
/// standard error.
/// The workspace's target folder (`CARGO_TARGET_DIR` when set).
pub(crate) fn target_dir() -> PathBuf {
    std::env::var("CARGO_TARGET_DIR")
        .map_or_else(|_| workspace_root().join("target"), PathBuf::from)
}

/// Builds the release `newtera` command and returns its path.
pub(crate) fn release_cli() -> Result<PathBuf, String> {
    cargo(
        &[
            "build",
            "--release",
            "-p",
            "newtera-cli",
            "--bin",
            "newtera",
        ],
        &[],
    )?;
    Ok(target_dir().join("release/newtera"))
}

pub(crate) fn output(command: &mut Command) -> Result<String, String> {
    let out = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {:?}: {e}", command.get_program()))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "{:?} {:?} failed ({}): {}{}",
            command.get_program(),
            command.get_args().collect::<Vec<_>>(),
            out.status,
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout),
        ))
    }
}

/// `export` lines for a test server's variables, followed by the same
/// endpoint, keys and region under the names the demo and the `newtera`
/// command read (`NEWTERA_ENDPOINT`, …: the CLI's `env` alias).
pub(crate) fn export_lines(env: &[(&'static str, String)]) -> String {
    let mut script: String = env
        .iter()
        .map(|(k, v)| format!("export {k}={v}\n"))
        .collect();
    for (k, v) in env {
        if let Some(name) = k.strip_prefix("NEWTERA_TEST_")
            && name != "SERVER"
            && !name.starts_with("KMS")
        {
            script.push_str(&format!("export NEWTERA_{name}={v}\n"));
        }
    }
    script
}
