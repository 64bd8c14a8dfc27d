//! The `newtera` command: `ls`, `cp`, `mv`, `cat`, `stat`, `rm`, `mirror`,
//! `find`, `share` and more for S3-compatible object storage, built on
//! the [`newtera`] client.
//!
//! This library holds the command so it can be tested and benchmarked; the
//! binary is a one-line `main` around [`run`]. Only the path rules are
//! public ([`path`]), because they are what keeps downloads inside their
//! target folder.

// Nothing a server sends may panic this crate: no unchecked indexing or
// slicing, no unwrap/expect, no panic! outside tests.
#![warn(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

mod alias;
mod cli;
mod collide;
mod commands;
mod config;
mod context;
mod download_plan;
mod error;
mod filter;
mod headers;
mod jobs;
mod limited;
mod local;
mod output;
pub mod path;
mod progress;
mod targets;
mod terminal;
mod throttle;
mod trace;
mod transfer;
mod units;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::Cli;
use crate::context::Context;
use crate::error::{CliError, CliResult, ErrorKind};
use crate::output::Output;

/// Runs the command with the process's arguments and returns its exit
/// code: 0 success, 1 failure, 2 usage error, 3 not found, 130 interrupted.
pub fn run() -> ExitCode {
    run_from(std::env::args_os())
}

/// Runs the command with `args` (the first is the program name), as
/// [`run`] does with the process's; for tests that drive the tool in
/// process. Blocks: it starts its own async runtime.
pub fn run_from<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with 0; mistakes to stderr with 2.
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let output = Output::new(cli.json).quiet(cli.quiet);
    match execute(cli, output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == ErrorKind::ClosedPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", output.error_line(&e));
            ExitCode::from(e.kind().exit_code())
        }
    }
}

/// A signal that stops the run: Ctrl-C (SIGINT), or SIGTERM (`kill`,
/// `timeout`, a cancelled CI job) where there is one.
async fn stop_signal() -> ErrorKind {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            return tokio::select! {
                _ = tokio::signal::ctrl_c() => ErrorKind::Interrupted,
                _ = term.recv() => ErrorKind::Terminated,
            };
        }
    }
    let _ = tokio::signal::ctrl_c().await;
    ErrorKind::Interrupted
}

/// The error of a stopped run, once the clean-up its transfers started
/// (part files removed, multipart uploads aborted) is done; another signal,
/// or 30 s, stops waiting.
async fn stopped(ctx: &Context, kind: ErrorKind, resumable: bool) -> CliError {
    let limit = std::time::Duration::from_secs(30);
    let cleaned = tokio::select! {
        done = ctx.wait_for_cleanup(limit) => done,
        _ = stop_signal() => false,
    };
    let what = if kind == ErrorKind::Terminated {
        "terminated"
    } else {
        "interrupted"
    };
    let message = if resumable {
        format!(
            "{what}; unfinished uploads are kept: run the same `newtera cp --continue` to \
             resume them, or `newtera rm --incomplete -r --force ALIAS/BUCKET` to remove them"
        )
    } else if cleaned {
        format!("{what}; unfinished transfers cleaned up")
    } else {
        format!(
            "{what} before unfinished uploads could be aborted \
             (`newtera rm --incomplete -r --force ALIAS/BUCKET` removes them)"
        )
    };
    CliError::new(kind, message)
}

fn execute(cli: Cli, output: Output) -> CliResult<()> {
    let dir = config::config_dir(cli.config_dir.as_deref())?;
    throttle::set(throttle::Limits {
        upload: cli.limit_upload.map(throttle::Throttle::new),
        download: cli.limit_download.map(throttle::Throttle::new),
    });
    let parallel = match &cli.command {
        crate::cli::Command::Cp(a) | crate::cli::Command::Mv(a) => Some(a.parallel),
        crate::cli::Command::Mirror(a) => Some(a.parallel),
        _ => None,
    };
    let settings = context::ClientSettings {
        debug: cli.debug,
        part_size: cli.part_size,
        parallel,
    };
    let ctx = Context::load(output, dir, settings)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::failure(format!("starting the async runtime: {e}")))?;
    // `cp --continue` keeps its unfinished uploads to resume them.
    let resumable = matches!(&cli.command, crate::cli::Command::Cp(a) if a.resume);
    runtime.block_on(async {
        // Dropping the command on Ctrl-C or SIGTERM drops its transfers,
        // whose guards remove the part files they were writing and abort the
        // multipart uploads they had started; the run ends once those
        // aborts are sent.
        tokio::select! {
            result = commands::run(&ctx, cli.command) => result,
            kind = stop_signal() => Err(stopped(&ctx, kind, resumable).await),
        }
    })
}
