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
           "version_id": stat.version_id, "storage_class": stat.storage_class,
           "encryption": encryption(stat), "tag_count": stat.tag_count,
           "cache_control": stat.cache_control, "content_disposition": stat.content_disposition,
           "content_encoding": stat.content_encoding, "content_language": stat.content_language,
           "expires": stat.expires})
}

/// `AES256`, `aws:kms` or `SSE-C`, when the object is encrypted.
fn encryption(stat: &ObjectStat) -> Option<&str> {
    stat.server_side_encryption
        .as_deref()
        .or(stat.sse_customer_algorithm.as_ref().map(|_| "SSE-C"))
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
    let optional = [
        ("Version   ", stat.version_id.as_deref()),
        ("Class     ", stat.storage_class.as_deref()),
        ("Encrypted ", encryption(stat)),
        ("KMS key   ", stat.sse_kms_key_id.as_deref()),
    ];
    for (label, value) in optional {
        if let Some(value) = value {
            lines.push(format!("{label}: {value}"));
        }
    }
    if let Some(count) = stat.tag_count.filter(|n| *n > 0) {
        lines.push(format!("Tags      : {count}"));
    }
    let headers = [
        ("Cache-Control", &stat.cache_control),
        ("Content-Disposition", &stat.content_disposition),
        ("Content-Encoding", &stat.content_encoding),
        ("Content-Language", &stat.content_language),
        ("Expires", &stat.expires),
    ];
    for (name, value) in headers {
        if let Some(value) = value {
            lines.push(format!("Header    : {name}: {value}"));
        }
    }
    for (name, value) in &stat.metadata {
        lines.push(format!("Metadata  : {name}: {value}"));
    }
    lines
}
