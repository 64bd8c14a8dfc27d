//! The second half of the tour: the same server through the `newtera`
//! command, with a private configuration folder so the user's own aliases
//! are never touched.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::{DemoResult, Target, generated};

/// Runs a few commands of the `newtera` binary found beside this program.
pub(crate) fn run(target: &Target) -> DemoResult<()> {
    let exe = std::env::current_exe()?.with_file_name("newtera");
    build_sibling(&exe)?;
    if !exe.exists() {
        println!("\n(the newtera command was not built beside the demo; skipping its tour)");
        return Ok(());
    }
    let scratch = std::env::temp_dir().join(format!("newtera-demo-cli-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    let tour = Tour {
        exe,
        config: scratch.join("config"),
        scratch: scratch.clone(),
    };
    println!("\nthe same server through the newtera command:");
    let result = tour.steps(target);
    std::fs::remove_dir_all(&scratch)?;
    result
}

struct Tour {
    exe: PathBuf,
    config: PathBuf,
    scratch: PathBuf,
}

impl Tour {
    fn steps(&self, target: &Target) -> DemoResult<()> {
        let bucket = format!("demo/demo-cli-{}", std::process::id());
        self.alias_set(target)?;
        self.show(&["mb", &bucket])?;
        let local = self.scratch.join("report.bin");
        std::fs::write(&local, generated(8 << 20))?;
        let path = local.display().to_string();
        self.show(&["cp", &path, &format!("{bucket}/reports/")])?;
        self.show(&["ls", "-r", &bucket])?;
        self.show(&["stat", &format!("{bucket}/reports/report.bin")])?;
        self.show(&["du", &bucket])?;
        let back = self.scratch.join("back/");
        self.show(&[
            "cp",
            "-r",
            &format!("{bucket}/reports/"),
            &back.display().to_string(),
        ])?;
        let same = std::fs::read(back.join("report.bin"))? == std::fs::read(&local)?;
        println!(
            "    downloaded copy {}",
            if same { "verified" } else { "DIFFERS" }
        );
        self.show(&["--json", "stat", &format!("{bucket}/reports/report.bin")])?;
        self.show(&["rb", "--force", &bucket])?;
        if same {
            Ok(())
        } else {
            Err("the downloaded copy differs".into())
        }
    }

    /// `alias set`, with the secret on stdin so it never shows in the
    /// process list (or in this tour's output).
    fn alias_set(&self, target: &Target) -> DemoResult<()> {
        let mut args = vec!["alias", "set", "demo", &target.endpoint, &target.access_key];
        if let Some(region) = &target.region {
            args.extend(["--region", region]);
        }
        println!("  $ newtera {} < secret", args.join(" "));
        let mut child = self
            .command()
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        if let Some(mut stdin) = child.stdin.take() {
            writeln!(stdin, "{}", target.secret_key)?;
        }
        let output = child.wait_with_output()?;
        print_indented(&output.stdout)?;
        if !output.status.success() {
            return Err(String::from_utf8_lossy(&output.stderr).into_owned().into());
        }
        Ok(())
    }

    /// Runs `newtera ARGS`, echoing the command line and its output.
    fn show(&self, args: &[&str]) -> DemoResult<()> {
        println!("  $ newtera {}", args.join(" "));
        let output = self.command().args(args).output()?;
        print_indented(&output.stdout)?;
        if !output.status.success() {
            return Err(format!(
                "newtera {} exited with {:?}: {}",
                args.join(" "),
                output.status.code(),
                String::from_utf8_lossy(&output.stderr).trim()
            )
            .into());
        }
        Ok(())
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(&self.exe);
        cmd.env("NEWTERA_CONFIG_DIR", &self.config)
            .env_remove("NEWTERA_ENDPOINT")
            .env_remove("NEWTERA_ACCESS_KEY")
            .env_remove("NEWTERA_SECRET_KEY")
            .env_remove("NEWTERA_REGION");
        cmd
    }
}

fn print_indented(bytes: &[u8]) -> DemoResult<()> {
    let mut out = std::io::stdout().lock();
    for line in String::from_utf8_lossy(bytes).lines() {
        writeln!(out, "      {line}")?;
    }
    Ok(())
}

/// `cargo run --bin newtera-demo` (what `cargo xtask demo` does) builds the
/// demo only, so when cargo runs us, build the `newtera` binary beside us
/// first (same profile, same target folder): the tour must never run a
/// missing or stale command.
fn build_sibling(exe: &Path) -> DemoResult<()> {
    let Some(cargo) = std::env::var_os("CARGO") else {
        return Ok(());
    };
    let Some(profile_dir) = exe.parent() else {
        return Ok(());
    };
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--quiet", "-p", "newtera-cli", "--bin", "newtera"]);
    match profile_dir.file_name().and_then(|n| n.to_str()) {
        Some("debug") => {}
        Some("release") => {
            cmd.arg("--release");
        }
        // A layout we do not know: use whatever binary is there.
        _ => return Ok(()),
    }
    if let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
        cmd.arg("--manifest-path")
            .arg(Path::new(&manifest_dir).join("Cargo.toml"));
    }
    if let Some(target_dir) = profile_dir.parent() {
        cmd.arg("--target-dir").arg(target_dir);
    }
    if !cmd.status()?.success() {
        return Err("building the newtera command failed".into());
    }
    Ok(())
}
