//! `newtera du`: how much a bucket or prefix holds.

use clap::Args;
use futures_util::TryStreamExt;
use newtera::Newtera;
use serde_json::json;

use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _};
use crate::output::human_size;
use crate::path::RemotePath;

/// Sums object sizes under a prefix, a bucket, or every bucket of an alias.
#[derive(Debug, Args)]
pub(crate) struct DuArgs {
    /// ALIAS, ALIAS/BUCKET or ALIAS/BUCKET/PREFIX.
    pub(crate) target: String,
}

pub(crate) async fn run(ctx: &Context, args: DuArgs) -> CliResult<()> {
    let (client, path) = ctx.remote(&args.target)?;
    if !path.bucket.is_empty() {
        let (objects, bytes) = usage(&client, &path).await?;
        // A prefix that holds nothing is most likely a typo: fail as mc does.
        if objects == 0 && !path.key.is_empty() {
            return Err(CliError::not_found(format!("{path}: no objects under it")));
        }
        report(ctx, &path, objects, bytes);
        return Ok(());
    }
    let (mut all_objects, mut all_bytes) = (0, 0);
    for bucket in client.list_buckets().await? {
        let bucket_path = RemotePath {
            alias: path.alias.clone(),
            bucket: bucket.name,
            key: String::new(),
        };
        let (objects, bytes) = usage(&client, &bucket_path).await?;
        report(ctx, &bucket_path, objects, bytes);
        all_objects += objects;
        all_bytes += bytes;
    }
    report(ctx, &path, all_objects, all_bytes);
    Ok(())
}

async fn usage(client: &Newtera, path: &RemotePath) -> CliResult<(u64, u64)> {
    client
        .list_objects(&path.bucket)
        .prefix(path.folder_prefix())
        .recursive(true)
        .into_stream()
        .try_fold((0u64, 0u64), |(n, bytes), o| async move {
            Ok((n + 1, bytes + o.size))
        })
        .await
        .context(path)
}

fn report(ctx: &Context, path: &RemotePath, objects: u64, bytes: u64) {
    ctx.output.record(
        json!({"path": path.to_string(), "objects": objects, "bytes": bytes}),
        || format!("{:>10}  {objects:>8} object(s)  {path}", human_size(bytes)),
    );
}
