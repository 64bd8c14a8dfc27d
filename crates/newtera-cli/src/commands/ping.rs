//! `newtera ping` and `newtera ready`: is the server there, and how fast
//! does it answer. Any S3 answer counts, an error document too (the server
//! is up even if these keys may not list buckets); a connection failure or
//! timeout does not.

use std::time::{Duration, Instant};

use clap::Args;
use newtera::Newtera;
use serde_json::json;

use crate::context::Context;
use crate::error::{CliError, CliResult};

/// Measures the server's answers.
#[derive(Debug, Args)]
pub(crate) struct PingArgs {
    /// How many requests (0: until interrupted).
    #[arg(short, long, default_value_t = 4)]
    pub(crate) count: u64,
    /// The pause between requests (`1s`, `2m`).
    #[arg(long, default_value = "1s", value_parser = super::presign::parse_duration)]
    pub(crate) interval: Duration,
    /// ALIAS.
    pub(crate) alias: String,
}

/// Waits until the server answers.
#[derive(Debug, Args)]
pub(crate) struct ReadyArgs {
    /// How long to wait before failing (`30s`, `5m`).
    #[arg(long, default_value = "30s", value_parser = super::presign::parse_duration)]
    pub(crate) timeout: Duration,
    /// ALIAS.
    pub(crate) alias: String,
}

/// One probe: the time to an answer, or why there was none.
async fn probe(client: &Newtera) -> Result<Duration, CliError> {
    let started = Instant::now();
    match client.list_buckets().await {
        Ok(_) => Ok(started.elapsed()),
        Err(e) if e.status().is_some() => Ok(started.elapsed()),
        Err(e) => Err(CliError::from(e)),
    }
}

pub(crate) async fn ping(ctx: &Context, args: PingArgs) -> CliResult<()> {
    let (client, path) = ctx.remote(&args.alias)?;
    let mut failed = 0u64;
    let mut n = 0u64;
    while args.count == 0 || n < args.count {
        if n > 0 {
            tokio::time::sleep(args.interval).await;
        }
        n += 1;
        match probe(&client).await {
            Ok(took) => {
                let ms = took.as_secs_f64() * 1000.0;
                ctx.output.record(
                    json!({"alias": path.alias, "seq": n, "ok": true, "ms": ms}),
                    || format!("{}: seq={n} time={ms:.1} ms", path.alias),
                );
            }
            Err(e) => {
                failed += 1;
                ctx.output.record(
                    json!({"alias": path.alias, "seq": n, "ok": false, "error": e.message()}),
                    || format!("{}: seq={n} {}", path.alias, e.message()),
                );
            }
        }
    }
    match failed {
        0 => Ok(()),
        f => Err(CliError::failure(format!(
            "{}: {f} of {n} request(s) got no answer",
            path.alias
        ))),
    }
}

pub(crate) async fn ready(ctx: &Context, args: ReadyArgs) -> CliResult<()> {
    let (client, path) = ctx.remote(&args.alias)?;
    let deadline = Instant::now() + args.timeout;
    loop {
        match probe(&client).await {
            Ok(_) => {
                ctx.output
                    .record(json!({"alias": path.alias, "ready": true}), || {
                        format!("{} is ready", path.alias)
                    });
                return Ok(());
            }
            Err(e) if Instant::now() >= deadline => {
                return Err(e.context(format!(
                    "{}: not ready after {}s",
                    path.alias,
                    args.timeout.as_secs()
                )));
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(500)).await,
        }
    }
}
