//! The tools cache: binaries installed once per machine, outside the
//! checkout, so fresh clones reuse them.

use std::path::PathBuf;
use std::process::Command;

/// The Garage version the project tests against.
pub(crate) const GARAGE_VERSION: &str = "2.5.0";

/// `$NEWTERA_TOOLS_DIR`, else `$XDG_CACHE_HOME/newtera/tools`, else
/// `~/.cache/newtera/tools`.
pub(crate) fn tools_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("NEWTERA_TOOLS_DIR") {
        return PathBuf::from(dir);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| PathBuf::from("/tmp"));
    cache.join("newtera").join("tools")
}

/// The Garage binary, installed with `cargo install` when missing or of
/// another version.
pub(crate) fn garage() -> Result<PathBuf, String> {
    let root = tools_dir().join(format!("garage-{GARAGE_VERSION}"));
    let bin = root.join("bin").join("garage");
    if bin.is_file() {
        return Ok(bin);
    }
    eprintln!(
        "xtask: installing garage {GARAGE_VERSION} into {} (about 8 minutes on 2 cores, once per machine)",
        root.display()
    );
    let status = Command::new(crate::cmd::cargo_bin())
        .args(["install", "--locked", "--quiet", "garage"])
        .arg(format!("--version={GARAGE_VERSION}"))
        .arg("--root")
        .arg(&root)
        // Build outside the checkout and with the toolchain cargo gives us.
        .current_dir(tools_dir_created()?)
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .map_err(|e| format!("cannot run cargo install: {e}"))?;
    if status.success() && bin.is_file() {
        Ok(bin)
    } else {
        Err(format!(
            "cargo install garage@{GARAGE_VERSION} failed ({status})"
        ))
    }
}

fn tools_dir_created() -> Result<PathBuf, String> {
    let dir = tools_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

/// The Debian packages that make the loopback Ceph cluster.
const CEPH_PACKAGES: [&str; 4] = ["radosgw", "ceph-mon", "ceph-osd", "ceph-common"];

/// The Ceph programs the cluster runs.
const CEPH_PROGRAMS: [&str; 6] = [
    "radosgw",
    "radosgw-admin",
    "ceph-mon",
    "ceph-osd",
    "ceph",
    "monmaptool",
];

/// Makes sure the Ceph daemons are installed: with `apt-get` (about 60 s,
/// once per machine) when any is missing, as root or through `sudo -n`.
pub(crate) fn ceph() -> Result<(), String> {
    debian(&CEPH_PROGRAMS, &CEPH_PACKAGES, "about a minute")
}

/// Makes sure `curl` is there: the POST-policy example's test runs the
/// command the example prints, as a user pasting it would.
pub(crate) fn curl() -> Result<(), String> {
    debian(&["curl"], &["curl"], "a few seconds")
}

/// Makes sure `rclone` is there (Debian's), for `cargo xtask bench --cli`.
pub(crate) fn rclone() -> Result<(), String> {
    debian(&["rclone"], &["rclone"], "a few seconds")
}

/// Installs `packages` with `apt-get` when one of `programs` is missing.
fn debian(programs: &[&str], packages: &[&str], how_long: &str) -> Result<(), String> {
    if programs.iter().all(|p| on_path(p)) {
        return Ok(());
    }
    eprintln!(
        "xtask: installing {} with apt-get ({how_long}, once per machine)",
        packages.join(" ")
    );
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    let apt = |args: &[&str]| -> Result<(), String> {
        let mut command = if root {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.args(["-n", "apt-get"]);
            sudo
        };
        let status = command
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| format!("cannot run apt-get: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("apt-get {} failed ({status})", args.join(" ")))
        }
    };
    apt(&["update", "-qq"])?;
    let mut install = vec!["install", "-y", "-qq", "--no-install-recommends"];
    install.extend(packages);
    apt(&install)?;
    match programs.iter().find(|p| !on_path(p)) {
        Some(missing) => Err(format!("{missing} is still missing after apt-get install")),
        None => Ok(()),
    }
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}
