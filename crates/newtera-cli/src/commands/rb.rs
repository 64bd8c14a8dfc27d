//! `newtera rb`: remove a bucket, with `--force` its objects first.

use clap::Args;
use serde_json::json;

use crate::commands::rm::remove_prefix;
use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _};

/// Removes a bucket.
#[derive(Debug, Args)]
pub(crate) struct RbArgs {
    /// Remove every object in the bucket first.
    #[arg(long)]
    pub(crate) force: bool,
    /// ALIAS/BUCKET.
    pub(crate) target: String,
}

pub(crate) async fn run(ctx: &Context, args: RbArgs) -> CliResult<()> {
    let (client, path) = ctx.bucket(&args.target)?;
    if !path.key.is_empty() {
        return Err(CliError::usage(format!(
            "{}: rb takes ALIAS/BUCKET (use rm -r for a prefix)",
            args.target
        )));
    }
    let mut removed = 0;
    if args.force {
        removed = remove_prefix(ctx, &client, &path, false).await?;
    }
    client.remove_bucket(&path.bucket).await.context(&path)?;
    ctx.output.record(
        json!({"status": "ok", "bucket": path.bucket, "removed": true, "objects_removed": removed}),
        || format!("bucket {path} removed"),
    );
    Ok(())
}
