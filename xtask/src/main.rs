//! Project automation for newtera, run as `cargo xtask <command>`.
//!
//! | command | what it does |
//! |---|---|
//! | `test` | the one test command: fmt, clippy, docs, `cargo test`, layer check and the Python suite on the embedded server, then conformance, CLI and Python suites on Garage and Ceph |
//! | `demo` | the product tour against an embedded server (or `NEWTERA_ENDPOINT`), optimised |
//! | `server [--port N] [--dir DIR]` | the embedded s3s-fs server in the foreground (default port 9000) |
//! | `garage start\|stop\|status\|env` | a 3-node Garage cluster on loopback ports |
//! | `ceph start\|stop\|status\|env` | a single-node Ceph RGW (mon, memstore OSD, radosgw) on loopback ports |
//! | `layers` | checks that the sans-IO crates pull in no runtime |
//! | `bench --cli [options]` | the CLI rows: `newtera cp`/`mirror` against aws-cli, s3cmd, rclone, minio-py and boto3 on Garage and Ceph (`bench/cli`) |
//! | `pytest` | the Python package's suite alone: against `NEWTERA_TEST_*` when set, else an embedded server |

mod bench;
mod bench_cli;
mod ceph;
mod cmd;
mod compile;
mod fuzz;
mod garage;
mod layers;
mod process;
mod python;
mod tally;
mod test;
mod tools;

use std::process::ExitCode;

/// The tour lives in its own crate (`crates/newtera-demo`), so the CLI does
/// not depend on the test servers; the `newtera` binary it tours is built
/// first, into the same folder. Both are optimised, so the speeds the tour
/// prints are real, and cargo shows its progress (a first build takes
/// minutes on a small machine).
fn demo(rest: &[&str]) -> Result<(), String> {
    eprintln!(
        "xtask: building the demo and the newtera command (optimised; the first build takes a few minutes)"
    );
    cmd::cargo(
        &[
            "build",
            "--release",
            "-p",
            "newtera-cli",
            "--bin",
            "newtera",
            "-p",
            "newtera-demo",
        ],
        &[],
    )?;
    cmd::cargo(
        &[
            "run",
            "--quiet",
            "--release",
            "-p",
            "newtera-demo",
            "--bin",
            "newtera-demo",
            "--",
        ],
        rest,
    )
}

/// The embedded s3s-fs server in the foreground (`crates/newtera-demo`'s
/// `newtera-server`), printing the `newtera alias set` line and the
/// environment the demo and the CLI read.
fn server(rest: &[&str]) -> Result<(), String> {
    cmd::cargo(
        &["run", "-p", "newtera-demo", "--bin", "newtera-server", "--"],
        rest,
    )
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["test", rest @ ..] => test::run(rest),
        ["fuzz", rest @ ..] => fuzz::run(rest),
        ["bench", "--cli", rest @ ..] => bench_cli::run(rest),
        ["bench", rest @ ..] => bench::run(rest),
        ["demo", rest @ ..] => demo(rest),
        ["server", rest @ ..] => server(rest),
        ["garage", rest @ ..] => garage::command(rest),
        ["ceph", rest @ ..] => ceph::command(rest),
        ["layers"] => layers::check().map(|_| ()),
        ["pytest"] => python::command(),
        _ => Err(usage()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> String {
    "usage: cargo xtask <test [--no-garage] [--no-ceph] [--servers-only] | demo | server [--port N] [--dir DIR] | garage start|stop|status|env | ceph start|stop|status|env | layers | pytest>".into()
}
