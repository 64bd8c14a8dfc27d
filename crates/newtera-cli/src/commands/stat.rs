//! `newtera stat`: an object's metadata, or whether a bucket exists.

use clap::Args;
use newtera::ObjectStat;
use serde_json::json;

use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _};
use crate::output::{human_size, json_time, timestamp};

/// Shows an object's metadata (or a bucket's existence).
#[derive(Debug, Args)]
pub(crate) struct StatArgs {
    /// ALIAS/BUCKET/KEY or ALIAS/BUCKET.
    pub(crate) target: String,
}

pub(crate) async fn run(ctx: &Context, args: StatArgs) -> CliResult<()> {
    let (client, path) = ctx.bucket(&args.target)?;
    if path.key.is_empty() {
        if !client.bucket_exists(&path.bucket).await.context(&path)? {
            return Err(CliError::not_found(format!("{path}: no such bucket")));
        }
        ctx.output
            .record(json!({"type": "bucket", "name": path.bucket}), || {
                format!("Bucket : {path}")
            });
        return Ok(());
    }
    let stat = client
        .stat_object(&path.bucket, &path.key)
        .await
        .context(&path)?;
    ctx.output
        .record_lines(stat_json(&stat), || stat_lines(&stat));
    Ok(())
}

fn stat_json(stat: &ObjectStat) -> serde_json::Value {
    json!({"type": "object", "bucket": stat.bucket_name, "key": stat.object_name,
           "size": stat.size, "etag": stat.etag.to_string(), "content_type": stat.content_type,
           "last_modified": json_time(stat.last_modified), "metadata": stat.metadata,
           "version_id": stat.version_id})
}

fn stat_lines(stat: &ObjectStat) -> Vec<String> {
    let mut lines = vec![
        format!("Name      : {}", stat.object_name),
        format!(
            "Size      : {} ({} bytes)",
            human_size(stat.size),
            stat.size
        ),
        format!("ETag      : {}", stat.etag),
        format!(
            "Type      : {}",
            stat.content_type.as_deref().unwrap_or("-")
        ),
        format!(
            "Modified  : {}",
            stat.last_modified
                .map(timestamp)
                .unwrap_or_else(|| "-".into())
        ),
    ];
    for (name, value) in &stat.metadata {
        lines.push(format!("Metadata  : {name}: {value}"));
    }
    lines
}
