//! `newtera ls`: buckets of an alias, or objects under a prefix.

use clap::Args;
use futures_util::TryStreamExt;
use newtera::{Newtera, Object, ObjectVersion};
use serde_json::json;

use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _};
use crate::output::{human_size, json_time, timestamp};
use crate::path::{RemotePath, prefix_base};

/// Lists buckets or objects.
#[derive(Debug, Args)]
pub(crate) struct LsArgs {
    /// List every object under the prefix, not just one level.
    #[arg(short, long)]
    pub(crate) recursive: bool,
    /// List every version and delete marker of each object.
    #[arg(long)]
    pub(crate) versions: bool,
    /// ALIAS, ALIAS/BUCKET or ALIAS/BUCKET/PREFIX.
    pub(crate) target: String,
}

pub(crate) async fn run(ctx: &Context, args: LsArgs) -> CliResult<()> {
    let (client, path) = ctx.remote(&args.target)?;
    if path.bucket.is_empty() {
        return buckets(ctx, &client).await;
    }
    if args.versions {
        return versions(ctx, &client, &path, args.recursive).await;
    }
    objects(ctx, &client, &path, args.recursive).await
}

async fn buckets(ctx: &Context, client: &Newtera) -> CliResult<()> {
    for bucket in client.list_buckets().await? {
        let when = bucket.creation_date.map(timestamp).unwrap_or_default();
        ctx.output.record(
            json!({"type": "bucket", "name": bucket.name, "created": json_time(bucket.creation_date)}),
            || format!("[{when:>20}] {:>10}  {}/", "0 B", bucket.name),
        );
    }
    Ok(())
}

async fn objects(
    ctx: &Context,
    client: &Newtera,
    path: &RemotePath,
    recursive: bool,
) -> CliResult<()> {
    let mut stream = client
        .list_objects(&path.bucket)
        .prefix(path.key.clone())
        .recursive(recursive)
        .into_stream();
    let base = prefix_base(&path.key);
    let mut count = 0usize;
    while let Some(object) = stream.try_next().await.context(path)? {
        count += 1;
        print_object(ctx, &object, base);
    }
    if count == 0 && !path.key.is_empty() {
        return Err(CliError::not_found(format!(
            "{path}: no such object or prefix"
        )));
    }
    Ok(())
}

fn print_object(ctx: &Context, object: &Object, base: &str) {
    let kind = if object.is_dir { "folder" } else { "file" };
    let name = object
        .object_name
        .strip_prefix(base)
        .unwrap_or(&object.object_name);
    let when = object.last_modified.map(timestamp).unwrap_or_default();
    ctx.output.record(
        json!({"type": kind, "key": object.object_name, "size": object.size,
               "etag": object.etag.as_ref().map(ToString::to_string), "last_modified": json_time(object.last_modified)}),
        || format!("[{when:>20}] {:>10}  {name}", human_size(object.size)),
    );
}

async fn versions(
    ctx: &Context,
    client: &Newtera,
    path: &RemotePath,
    recursive: bool,
) -> CliResult<()> {
    let mut stream = client
        .list_object_versions(&path.bucket)
        .prefix(path.key.clone())
        .recursive(recursive)
        .into_stream();
    let base = prefix_base(&path.key);
    let mut count = 0usize;
    while let Some(version) = stream.try_next().await.context(path)? {
        count += 1;
        print_version(ctx, &version, base);
    }
    if count == 0 && !path.key.is_empty() {
        return Err(CliError::not_found(format!(
            "{path}: no such object or prefix"
        )));
    }
    Ok(())
}

fn print_version(ctx: &Context, v: &ObjectVersion, base: &str) {
    let kind = match (v.is_dir, v.is_delete_marker) {
        (true, _) => "folder",
        (_, true) => "delete-marker",
        _ => "version",
    };
    let name = v.object_name.strip_prefix(base).unwrap_or(&v.object_name);
    let when = v.last_modified.map(timestamp).unwrap_or_default();
    let what = match (v.is_dir, v.is_delete_marker) {
        (true, _) => String::new(),
        (_, true) => "DEL".to_owned(),
        _ => "PUT".to_owned(),
    };
    let latest = if v.is_latest && !v.is_dir {
        " (latest)"
    } else {
        ""
    };
    ctx.output.record(
        json!({"type": kind, "key": v.object_name, "version_id": v.version_id,
               "is_latest": v.is_latest, "size": v.size,
               "etag": v.etag.as_ref().map(ToString::to_string), "last_modified": json_time(v.last_modified)}),
        || format!("[{when:>20}] {:>10} {what:>3} {:<32} {name}{latest}", human_size(v.size), v.version_id),
    );
}
