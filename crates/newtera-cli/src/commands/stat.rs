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
    ctx.output.record(stat_json(&stat), || stat_text(&stat));
    Ok(())
}

fn stat_json(stat: &ObjectStat) -> serde_json::Value {
    json!({"type": "object", "bucket": stat.bucket_name, "key": stat.object_name,
           "size": stat.size, "etag": stat.etag.to_string(), "content_type": stat.content_type,
           "last_modified": json_time(stat.last_modified), "metadata": stat.metadata,
           "version_id": stat.version_id})
}

fn stat_text(stat: &ObjectStat) -> String {
    let mut text = format!(
        "Name      : {}\nSize      : {} ({} bytes)\nETag      : {}\nType      : {}\nModified  : {}",
        stat.object_name,
        human_size(stat.size),
        stat.size,
        stat.etag,
        stat.content_type.as_deref().unwrap_or("-"),
        stat.last_modified
            .map(timestamp)
            .unwrap_or_else(|| "-".into()),
    );
    for (name, value) in &stat.metadata {
        text.push_str(&format!("\nMetadata  : {name}: {value}"));
    }
    text
}
