//! `cargo xtask fuzz [--seconds N] [--seed S] [--release]`: runs the stable
//! mutation fuzzer (`newtera-faults`' `newtera-fuzz` binary) over the proto
//! fixtures for a time budget. `cargo test` runs a bounded 1,500-case pass
//! of the same fuzzer; this is the long run. Panicking inputs are written to
//! `target/fuzz/crash-N.xml` and make the command fail.

/// Runs the fuzzer with the given options.
pub(crate) fn run(args: &[&str]) -> Result<(), String> {
    let mut seconds = "60".to_owned();
    let mut seed: Option<String> = None;
    let mut release = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--seconds" => seconds = value(rest.next(), "--seconds")?,
            "--seed" => seed = Some(value(rest.next(), "--seed")?),
            "--release" => release = true,
            other => return Err(format!("fuzz: unknown option {other}\n{}", usage())),
        }
    }
    let mut cargo = vec![
        "run",
        "--quiet",
        "-p",
        "newtera-faults",
        "--bin",
        "newtera-fuzz",
    ];
    if release {
        cargo.push("--release");
    }
    cargo.push("--");
    let mut extra = vec!["--seconds", seconds.as_str()];
    if let Some(seed) = &seed {
        extra.extend(["--seed", seed.as_str()]);
    }
    crate::cmd::cargo(&cargo, &extra)
}

/// A flag's value, which must be a whole number.
fn value(v: Option<&&str>, flag: &str) -> Result<String, String> {
    let v = v.ok_or(format!("fuzz: {flag} needs a value"))?;
    v.parse::<u64>()
        .map(|_| (*v).to_owned())
        .map_err(|e| format!("fuzz: {flag} {v}: {e}"))
}

fn usage() -> &'static str {
    "usage: cargo xtask fuzz [--seconds N] [--seed S] [--release]"
}
