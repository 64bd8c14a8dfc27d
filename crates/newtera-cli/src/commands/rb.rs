//! `newtera rb`: remove a bucket, with `--force` its objects (every
//! version) first.

use clap::Args;
use futures_util::TryStreamExt;
use newtera::Newtera;
use serde_json::json;

use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _};
use crate::path::RemotePath;

/// Removes a bucket.
#[derive(Debug, Args)]
pub(crate) struct RbArgs {
    /// Remove every object in the bucket first: every version, delete
    /// marker and unfinished multipart upload.
    #[arg(long)]
    pub(crate) force: bool,
    /// With --force, remove versions under a GOVERNANCE-mode retention too.
    #[arg(long, requires = "force")]
    pub(crate) bypass: bool,
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
    let removed = if args.force {
        // Every version, delete marker and unfinished upload goes too (mc's
        // `rb --force`); a locked version stops it with that key's error.
        client
            .remove_bucket_force(&path.bucket)
            .bypass_governance_retention(args.bypass)
            .await
            .context(&path)?
    } else if has_objects(&client, &path).await? {
        // Some servers (s3s-fs) delete non-empty buckets; never rely on
        // the server to protect data the user did not ask to remove.
        return Err(CliError::failure(format!(
            "{path}: bucket is not empty (use --force to remove its objects too)"
        )));
    } else {
        client.remove_bucket(&path.bucket).await.context(&path)?;
        0
    };
    ctx.output.record(
        json!({"status": "ok", "bucket": path.bucket, "removed": true, "objects_removed": removed}),
        || format!("bucket {path} removed"),
    );
    Ok(())
}

async fn has_objects(client: &Newtera, path: &RemotePath) -> CliResult<bool> {
    let mut listing = client
        .list_objects(&path.bucket)
        .recursive(true)
        .page_size(1)
        .into_stream();
    Ok(listing.try_next().await.context(path)?.is_some())
}
