//! `newtera rm`: remove objects, one by one or (`-r`) every object under
//! a prefix with batch deletes.

use clap::Args;
use futures_util::TryStreamExt;
use newtera::Newtera;
use serde_json::json;

use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _};
use crate::path::RemotePath;

/// Removes objects.
#[derive(Debug, Args)]
pub(crate) struct RmArgs {
    /// Remove every object under each prefix (batch delete).
    #[arg(short, long)]
    pub(crate) recursive: bool,
    /// ALIAS/BUCKET/KEY (or a prefix with -r), one or more.
    #[arg(required = true)]
    pub(crate) targets: Vec<String>,
}

pub(crate) async fn run(ctx: &Context, args: RmArgs) -> CliResult<()> {
    for target in &args.targets {
        if args.recursive {
            let (client, path) = ctx.bucket(target)?;
            if remove_prefix(ctx, &client, &path, true).await? == 0 {
                return Err(CliError::not_found(format!("{path}: nothing to remove")));
            }
        } else {
            let (client, path) = ctx.object(target)?;
            remove_one(ctx, &client, &path).await?;
        }
    }
    Ok(())
}

async fn remove_one(ctx: &Context, client: &Newtera, path: &RemotePath) -> CliResult<()> {
    // S3 deletes of missing keys succeed; stat first so a typo exits with 3.
    client
        .stat_object(&path.bucket, &path.key)
        .await
        .context(path)?;
    client
        .remove_object(&path.bucket, &path.key)
        .await
        .context(path)?;
    report(ctx, path);
    Ok(())
}

/// Removes every object under `path`'s prefix in batches of 1,000 keys and
/// returns how many went. Each removed key is reported when `verbose`.
pub(crate) async fn remove_prefix(
    ctx: &Context,
    client: &Newtera,
    path: &RemotePath,
    verbose: bool,
) -> CliResult<usize> {
    let keys: Vec<String> = client
        .list_objects(&path.bucket)
        .prefix(path.key.clone())
        .recursive(true)
        .into_stream()
        .map_ok(|o| o.object_name)
        .try_collect()
        .await
        .context(path)?;
    let failures: Vec<_> = client
        .remove_objects(&path.bucket, keys.clone())
        .try_collect()
        .await
        .context(path)?;
    for failure in &failures {
        ctx.output.warn(&CliError::failure(format!(
            "{}: {} {}",
            path.with_key(failure.object_name.clone()),
            failure.error_code,
            failure.error_message
        )));
    }
    let failed: std::collections::HashSet<&str> =
        failures.iter().map(|f| f.object_name.as_str()).collect();
    let removed: Vec<&String> = keys
        .iter()
        .filter(|k| !failed.contains(k.as_str()))
        .collect();
    if verbose {
        for key in &removed {
            report(ctx, &path.with_key((*key).clone()));
        }
    }
    if failures.is_empty() {
        Ok(removed.len())
    } else {
        Err(CliError::failure(format!(
            "{path}: {} object(s) could not be removed",
            failures.len()
        )))
    }
}

fn report(ctx: &Context, path: &RemotePath) {
    ctx.output.record(
        json!({"status": "ok", "removed": path.to_string(), "bucket": path.bucket, "key": path.key}),
        || format!("removed {path}"),
    );
}
