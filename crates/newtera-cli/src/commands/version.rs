//! `newtera version`: a bucket's versioning, like `mc version`.

use clap::Subcommand;
use newtera::{VersioningConfiguration, VersioningStatus};
use serde_json::json;

use crate::context::Context;
use crate::error::{CliResult, Context as _};

/// Turns a bucket's versioning on or off, or shows it.
#[derive(Debug, Subcommand)]
pub(crate) enum VersionCommand {
    /// Keep every version of every object from now on.
    Enable {
        /// ALIAS/BUCKET.
        target: String,
    },
    /// Stop keeping new versions (existing versions stay).
    Suspend {
        /// ALIAS/BUCKET.
        target: String,
    },
    /// Show whether the bucket keeps versions.
    Info {
        /// ALIAS/BUCKET.
        target: String,
    },
}

pub(crate) async fn run(ctx: &Context, command: VersionCommand) -> CliResult<()> {
    let (target, config) = match command {
        VersionCommand::Enable { target } => (target, VersioningConfiguration::enabled()),
        VersionCommand::Suspend { target } => (target, VersioningConfiguration::suspended()),
        VersionCommand::Info { target } => return info(ctx, &target).await,
    };
    let (client, path) = ctx.bucket(&target)?;
    client
        .set_bucket_versioning(&path.bucket, config)
        .await
        .context(&path)?;
    let state = status_name(config.status);
    ctx.output.record(
        json!({"status": "ok", "bucket": path.bucket, "versioning": state}),
        || format!("versioning of {path} is now {}", state.to_lowercase()),
    );
    Ok(())
}

async fn info(ctx: &Context, target: &str) -> CliResult<()> {
    let (client, path) = ctx.bucket(target)?;
    let config = client
        .get_bucket_versioning(&path.bucket)
        .await
        .context(&path)?;
    let state = status_name(config.status);
    ctx.output.record(
        json!({"bucket": path.bucket, "versioning": state, "mfa_delete": config.mfa_delete}),
        || match config.status {
            None => format!("{path} is not versioned"),
            Some(_) => format!("versioning of {path} is {}", state.to_lowercase()),
        },
    );
    Ok(())
}

/// `Enabled`, `Suspended`, or `Unversioned` for a bucket never versioned.
fn status_name(status: Option<VersioningStatus>) -> &'static str {
    status.map_or("Unversioned", VersioningStatus::as_str)
}
