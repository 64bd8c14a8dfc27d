//! `cargo xtask bench --cli [--servers garage,ceph] [driver options]`: the
//! commands people time. Installs the peers on first use (aws-cli, s3cmd,
//! minio-py and boto3 from PyPI into `~/.cache/newtera/cli-venv`; rclone
//! from Debian with `apt-get`), builds the release `newtera`, starts each
//! server as the test suite does, and runs `bench/cli/cli_bench.py` against
//! it (every other option goes to the driver unchanged: `--tools`,
//! `--workloads`, `--repeat`, `--big-mib`, `--small-count`,
//! `--newtera-variant NAME=ARGS`). Tables land in
//! `target/bench/cli-<server>.md` and, all together, `target/bench/cli.md`.
//! A server this command started is stopped afterwards. Not part of
//! `cargo xtask test`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::ceph::Ceph;
use crate::cmd;
use crate::garage::Cluster;

/// The peers from PyPI.
const PACKAGES: &[&str] = &["awscli", "s3cmd", "minio", "boto3"];

/// Runs the CLI benchmark; `rest` is `[--servers LIST] [driver options]`.
pub(crate) fn run(rest: &[&str]) -> Result<(), String> {
    let (servers, driver_args) = match rest {
        ["--servers", list, tail @ ..] => (list.split(',').collect::<Vec<_>>(), tail),
        _ => (vec!["garage", "ceph"], rest),
    };
    let venv = venv()?;
    crate::tools::rclone()?;
    let newtera = cmd::release_cli()?;
    let out = cmd::target_dir().join("bench");
    let mut failures = Vec::new();
    let mut tables = String::new();
    for server in servers {
        let result = match server {
            "garage" => on_garage(&venv, &newtera, &out, driver_args),
            "ceph" => on_ceph(&venv, &newtera, &out, driver_args),
            other => Err(format!("unknown server {other} (garage, ceph)")),
        };
        if let Err(e) = result {
            failures.push(format!("{server}: {e}"));
        }
        if let Ok(md) = std::fs::read_to_string(out.join(format!("cli-{server}.md"))) {
            tables.push_str(&md);
        }
    }
    std::fs::write(out.join("cli.md"), tables).map_err(|e| format!("cannot write cli.md: {e}"))?;
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("; "))
    }
}

fn on_garage(venv: &Path, newtera: &Path, out: &Path, args: &[&str]) -> Result<(), String> {
    let was_running = Cluster::load().is_ok_and(|c| c.is_running());
    let cluster = Cluster::start()?;
    let result = driver(venv, newtera, out, "garage", &cluster.env(), args);
    if !was_running {
        Cluster::stop()?;
    }
    result
}

fn on_ceph(venv: &Path, newtera: &Path, out: &Path, args: &[&str]) -> Result<(), String> {
    let was_running = Ceph::load().is_ok_and(|c| c.gateway_alive());
    let ceph = Ceph::start()?;
    let gc = format!(
        "radosgw-admin -c {} gc process --include-all",
        ceph.conf().display()
    );
    let mut args: Vec<&str> = args.to_vec();
    args.extend(["--gc-command", &gc]);
    let result = driver(venv, newtera, out, "ceph", &ceph.env(), &args);
    if !was_running {
        Ceph::stop()?;
    }
    result
}

/// The driver against the server `env` names.
fn driver(
    venv: &Path,
    newtera: &Path,
    out: &Path,
    server: &str,
    env: &[(&str, String)],
    args: &[&str],
) -> Result<(), String> {
    let var = |name: &str| {
        env.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| format!("{server} gave no {name}"))
    };
    let status = Command::new(venv.join("bin/python"))
        .arg(cmd::workspace_root().join("bench/cli/cli_bench.py"))
        .args(["--server", server, "--endpoint"])
        .arg(var("NEWTERA_TEST_ENDPOINT")?)
        .arg("--access")
        .arg(var("NEWTERA_TEST_ACCESS_KEY")?)
        .arg("--secret")
        .arg(var("NEWTERA_TEST_SECRET_KEY")?)
        .arg("--region")
        .arg(var("NEWTERA_TEST_REGION")?)
        .arg("--newtera")
        .arg(newtera)
        .arg("--bin")
        .arg(venv.join("bin"))
        .arg("--out")
        .arg(out)
        .args(args)
        .status()
        .map_err(|e| format!("cannot run the CLI benchmark: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the CLI benchmark on {server} failed ({status})"))
    }
}

/// `~/.cache/newtera/cli-venv` with the PyPI peers, made once per machine.
fn venv() -> Result<PathBuf, String> {
    let dir = crate::tools::tools_dir().parent().map_or_else(
        || PathBuf::from("/tmp/newtera-cli-venv"),
        |p| p.join("cli-venv"),
    );
    let ready = Command::new(dir.join("bin/python"))
        .args(["-c", "import minio, boto3, awscli, S3"])
        .status()
        .is_ok_and(|s| s.success());
    if !ready {
        eprintln!(
            "xtask: installing {} into {} (once per machine)",
            PACKAGES.join(" "),
            dir.display()
        );
        cmd::output(Command::new("python3").arg("-m").arg("venv").arg(&dir))?;
        cmd::output(
            Command::new(dir.join("bin/pip"))
                .args(["install", "-q"])
                .args(PACKAGES),
        )?;
    }
    Ok(dir)
}
