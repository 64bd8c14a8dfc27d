//! `newtera rm --versions` and `rm --version-id`: removing versions of
//! objects for good on a versioned bucket (S3 API reference, DeleteObject
//! and DeleteObjects with `versionId`), where a plain `rm` only adds a
//! delete marker.

use futures_util::TryStreamExt;
use newtera::{DeleteObjectRef, Newtera};
use serde_json::json;

use super::rm::{RmArgs, confirmed, listing_prefix};
use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _};
use crate::path::RemotePath;

/// `rm --version-id ID`: that version of the key, after checking it
/// exists (S3 answers a delete of a missing version with success).
pub(crate) async fn remove_version(
    ctx: &Context,
    client: &Newtera,
    path: &RemotePath,
    version_id: &str,
    dry_run: bool,
) -> CliResult<()> {
    client
        .stat_object(&path.bucket, &path.key)
        .version_id(version_id)
        .await
        .context(format!("{path} (version {version_id})"))?;
    if !dry_run {
        client
            .remove_object(&path.bucket, &path.key)
            .version_id(version_id)
            .await
            .context(path)?;
    }
    report(ctx, path, version_id, dry_run);
    Ok(())
}

/// `rm --versions`: every version and delete marker of the key, or with
/// `-r` (after `--force` or a yes) of every key in the folder.
pub(crate) async fn remove_versions(
    ctx: &Context,
    client: &Newtera,
    path: &RemotePath,
    args: &RmArgs,
) -> CliResult<()> {
    let versions: Vec<DeleteObjectRef> = client
        .list_object_versions(&path.bucket)
        .prefix(listing_prefix(path, args))
        .recursive(true)
        .into_stream()
        .try_filter_map(|v| {
            let wanted = !v.is_dir && (args.recursive || v.object_name == path.key);
            let found = DeleteObjectRef::with_version(v.object_name, v.version_id);
            futures_util::future::ready(Ok(wanted.then_some(found)))
        })
        .try_collect()
        .await
        .context(path)?;
    if versions.is_empty() {
        return Err(CliError::not_found(format!("{path}: no versions")));
    }
    let what = format!("{} version(s) under {path} for good", versions.len());
    if args.recursive && !args.dry_run && !args.force && !confirmed(&what)? {
        return Err(CliError::usage(format!(
            "{path}: not removed ({what}); a recursive remove needs --force \
             (or --dry-run to see what would go)"
        )));
    }
    if !args.dry_run {
        let failures: Vec<_> = client
            .remove_objects(&path.bucket, versions.clone())
            .try_collect()
            .await
            .context(path)?;
        if !failures.is_empty() {
            for f in &failures {
                let at = path.with_key(f.object_name.clone());
                let id = f.version_id.as_deref().unwrap_or_default();
                ctx.output.warn(&CliError::failure(format!(
                    "{at} (version {id}): {} {}",
                    f.error_code, f.error_message
                )));
            }
            return Err(CliError::failure(format!(
                "{path}: {} version(s) could not be removed",
                failures.len()
            )));
        }
    }
    for v in &versions {
        let id = v.version_id.as_deref().unwrap_or_default();
        report(ctx, &path.with_key(v.name.clone()), id, args.dry_run);
    }
    Ok(())
}

fn report(ctx: &Context, path: &RemotePath, version_id: &str, dry_run: bool) {
    let (status, verb) = if dry_run {
        ("dry-run", "would remove")
    } else {
        ("ok", "removed")
    };
    ctx.output.record(
        json!({"status": status, "removed": path.to_string(), "bucket": path.bucket,
               "key": path.key, "version_id": version_id}),
        || format!("{verb} {path} (version {version_id})"),
    );
}
