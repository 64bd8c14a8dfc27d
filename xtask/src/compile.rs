//! `cargo xtask bench --compile [--rounds N]`: what a user pays to build
//! against newtera versus aws-sdk-s3.
//!
//! Two hello-world programs are written to a temporary folder outside the
//! checkout, each doing one `ListBuckets` with credentials from the
//! environment: one depends on `newtera` (a path dependency on this tree,
//! default features), the other on `aws-sdk-s3` and `aws-config` (default
//! features, what `cargo add aws-sdk-s3 aws-config` gives). Both use
//! `tokio` with the same features and start from this workspace's
//! `Cargo.lock`, so shared dependencies resolve to the same versions.
//! Sources are fetched first (untimed); then each program is built from
//! clean, debug and release, into a target folder of its own, with the
//! workspace's toolchain and cargo's default profiles (the caller's
//! `CARGO_PROFILE_*` / `CARGO_INCREMENTAL` settings are removed). The table
//! gives wall time, the number of crates compiled (distinct packages in
//! cargo's `compiler-artifact` messages) and the size of the binary, then
//! the size of the installed `newtera` command (`cargo build --release -p
//! newtera-cli`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::cmd;

/// `Cargo.toml` dependencies and `main.rs` of one hello-world program.
struct Program {
    name: &'static str,
    deps: String,
    main: &'static str,
}

const TOKIO: &str = r#"tokio = { version = "1", features = ["rt-multi-thread", "macros"] }"#;

const NEWTERA_MAIN: &str = r#"#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let endpoint = std::env::var("S3_ENDPOINT")?;
    let client = newtera::Newtera::builder(endpoint.as_str())
        .credentials(std::env::var("AWS_ACCESS_KEY_ID")?, std::env::var("AWS_SECRET_ACCESS_KEY")?)
        .build()?;
    for bucket in client.list_buckets().await? {
        println!("{}", bucket.name);
    }
    Ok(())
}
"#;

const AWS_MAIN: &str = r#"#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = aws_sdk_s3::Client::new(&config);
    for bucket in client.list_buckets().send().await?.buckets() {
        println!("{}", bucket.name().unwrap_or_default());
    }
    Ok(())
}
"#;

/// One measured build.
struct Build {
    seconds: f64,
    crates: usize,
    binary: u64,
    load: String,
}

/// Writes the two programs, builds each `rounds` times (debug and release,
/// back to back) and prints a Markdown table.
pub(crate) fn run(rounds: u32) -> Result<(), String> {
    let root = cmd::workspace_root();
    let dir = std::env::temp_dir().join(format!("newtera-compile-{}", std::process::id()));
    let newtera_dep = format!(
        "newtera = {{ path = {:?} }}",
        root.join("crates/newtera").display().to_string()
    );
    let programs = [
        Program {
            name: "hello-newtera",
            deps: newtera_dep,
            main: NEWTERA_MAIN,
        },
        Program {
            name: "hello-aws",
            deps: "aws-config = \"1\"\naws-sdk-s3 = \"1\"".to_owned(),
            main: AWS_MAIN,
        },
    ];
    let toolchain = toolchain(&root)?;
    println!("toolchain: {toolchain}");
    println!(
        "| round | program | profile | wall time (s) | crates compiled | binary (MB) | load average before (1/5/15 min) |"
    );
    println!("|---:|---|---|---:|---:|---:|---|");
    for p in &programs {
        write_program(&dir, &root, p)?;
        let status = clean_cargo(&toolchain, &dir.join(p.name))
            .args(["fetch", "--quiet"])
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("cargo fetch failed for {}", p.name));
        }
    }
    for round in 1..=rounds.max(1) {
        for profile in ["debug", "release"] {
            for p in &programs {
                eprintln!("xtask: round {round}, {} {profile}", p.name);
                let b = build(&toolchain, &dir.join(p.name), p.name, profile)?;
                // Printed as each build ends: a long run on a busy
                // machine may be cut short.
                println!(
                    "| {round} | {} | {profile} | {:.1} | {} | {:.1} | {} |",
                    p.name,
                    b.seconds,
                    b.crates,
                    b.binary as f64 / 1e6,
                    b.load
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    cli_size()
}

fn write_program(dir: &Path, root: &Path, p: &Program) -> Result<(), String> {
    let crate_dir = dir.join(p.name);
    let src = crate_dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| e.to_string())?;
    let manifest = format!(
        "[package]\nname = \"{}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [workspace]\n\n[dependencies]\n{}\n{TOKIO}\n",
        p.name, p.deps
    );
    let write = |path: PathBuf, text: &str| std::fs::write(path, text).map_err(|e| e.to_string());
    write(crate_dir.join("Cargo.toml"), &manifest)?;
    write(src.join("main.rs"), p.main)?;
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock"))
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// The channel of `rust-toolchain.toml` (the programs live outside the
/// checkout, so rustup would not see that file).
fn toolchain(root: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(root.join("rust-toolchain.toml"))
        .map_err(|e| format!("rust-toolchain.toml: {e}"))?;
    text.lines()
        .find_map(|l| l.trim().strip_prefix("channel"))
        .and_then(|rest| rest.split('"').nth(1))
        .map(str::to_owned)
        .ok_or_else(|| "rust-toolchain.toml names no channel".into())
}

/// Cargo in `dir` with the toolchain and none of the caller's profile
/// overrides.
fn clean_cargo(toolchain: &str, dir: &Path) -> Command {
    let mut c = Command::new("cargo");
    c.current_dir(dir).env("RUSTUP_TOOLCHAIN", toolchain);
    for (k, _) in std::env::vars() {
        if k.starts_with("CARGO_PROFILE_") || k == "CARGO_INCREMENTAL" || k == "CARGO_TARGET_DIR" {
            c.env_remove(k);
        }
    }
    c
}

fn build(toolchain: &str, dir: &Path, name: &str, profile: &str) -> Result<Build, String> {
    let target = dir.join("target-measured");
    let _ = std::fs::remove_dir_all(&target);
    let load = std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    let mut c = clean_cargo(toolchain, dir);
    c.args(["build", "--offline", "--message-format=json"])
        .env("CARGO_TARGET_DIR", &target)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if profile == "release" {
        c.arg("--release");
    }
    let started = Instant::now();
    let out = c.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    if !out.status.success() {
        return Err(format!("building {name} ({profile}) failed"));
    }
    let crates = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact")
        .filter_map(|m| m["package_id"].as_str().map(str::to_owned))
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let binary = std::fs::metadata(target.join(profile).join(name))
        .map(|m| m.len())
        .map_err(|e| format!("{name} binary: {e}"))?;
    let _ = std::fs::remove_dir_all(&target);
    Ok(Build {
        seconds,
        crates,
        binary,
        load,
    })
}

/// Size of the release `newtera` command, built in the workspace's target.
fn cli_size() -> Result<(), String> {
    let size = std::fs::metadata(cmd::release_cli()?)
        .map(|m| m.len())
        .map_err(|e| format!("newtera binary: {e}"))?;
    println!(
        "\nrelease `newtera` command (cargo build --release -p newtera-cli): {:.1} MB",
        size as f64 / 1e6
    );
    Ok(())
}
