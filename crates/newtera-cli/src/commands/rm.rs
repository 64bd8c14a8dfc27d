//! `newtera rm`: remove objects, one by one or (`-r`) every object in a
//! folder with batch deletes. A recursive remove follows the folder rule of
//! every recursive command (`logs` is `logs/…`, never `logs.txt`) and needs
//! `--force` or a yes at the terminal; `--dry-run` shows what would go.

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
    /// Remove every object in each folder (`ALIAS/BUCKET/DIR`, or a whole
    /// bucket), in batches.
    #[arg(short, long)]
    pub(crate) recursive: bool,
    /// Remove recursively without asking.
    #[arg(long)]
    pub(crate) force: bool,
    /// Show what would be removed, and remove nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Remove unfinished multipart uploads (of the key, or with -r, after
    /// --force or a yes, of every key in the folder) instead of objects.
    #[arg(long, short = 'I', conflicts_with_all = ["versions", "version_id"])]
    pub(crate) incomplete: bool,
    /// Remove every version and delete marker of the key (with -r, after
    /// --force or a yes, of every key in the folder) for good, on a
    /// versioned bucket; a plain rm only adds a delete marker there.
    #[arg(long, conflicts_with = "version_id")]
    pub(crate) versions: bool,
    /// Remove this version of the key for good.
    #[arg(long, value_name = "ID", conflicts_with = "recursive")]
    pub(crate) version_id: Option<String>,
    /// ALIAS/BUCKET/KEY (or a folder with -r), one or more.
    #[arg(required = true)]
    pub(crate) targets: Vec<String>,
}

/// Removes each target in turn; one that fails is reported and the others
/// are still removed (as `mc rm` does), and the run then fails: with the
/// failures' kind when they share one (3 when every one was missing).
pub(crate) async fn run(ctx: &Context, args: RmArgs) -> CliResult<()> {
    let mut failures = Vec::new();
    for target in &args.targets {
        match remove_target(ctx, target, &args).await {
            Ok(()) => {}
            Err(e) if args.targets.len() == 1 => return Err(e),
            Err(e) => {
                ctx.output.warn(&e);
                failures.push(e.kind());
            }
        }
    }
    let Some(first) = failures.first().copied() else {
        return Ok(());
    };
    let kind = if failures.iter().all(|k| *k == first) {
        first
    } else {
        crate::error::ErrorKind::Failure
    };
    Err(CliError::new(
        kind,
        format!(
            "{} of {} target(s) could not be removed",
            failures.len(),
            args.targets.len()
        ),
    ))
}

async fn remove_target(ctx: &Context, target: &str, args: &RmArgs) -> CliResult<()> {
    if args.incomplete {
        let (client, path) = ctx.bucket(target)?;
        remove_incomplete(ctx, &client, &path, args).await
    } else if let Some(id) = &args.version_id {
        let (client, path) = one_object(ctx, target)?;
        super::rm_versions::remove_version(ctx, &client, &path, id, args.dry_run).await
    } else if args.versions {
        let (client, path) = if args.recursive {
            ctx.bucket(target)?
        } else {
            one_object(ctx, target)?
        };
        super::rm_versions::remove_versions(ctx, &client, &path, args).await
    } else if args.recursive {
        let (client, path) = ctx.bucket(target)?;
        remove_folder(ctx, &client, &path, args).await
    } else if args.dry_run {
        let (client, path) = one_object(ctx, target)?;
        client
            .stat_object(&path.bucket, &path.key)
            .await
            .context(&path)?;
        report_dry(ctx, &path);
        Ok(())
    } else {
        let (client, path) = one_object(ctx, target)?;
        remove_one(ctx, &client, &path).await
    }
}

/// The object a plain `rm` removes: any key, one ending in `/` (a folder
/// marker) too.
fn one_object(ctx: &Context, target: &str) -> CliResult<(Newtera, RemotePath)> {
    let (client, path) = ctx.bucket(target)?;
    if path.key.is_empty() {
        return Err(CliError::usage(format!(
            "{target}: expected ALIAS/BUCKET/KEY (use -r for a whole bucket or folder)"
        )));
    }
    Ok((client, path))
}

/// `rm -r`: the folder's objects, after `--force` or a yes; an object of
/// exactly that name when the folder is empty (as `cp -r` copies it).
async fn remove_folder(
    ctx: &Context,
    client: &Newtera,
    path: &RemotePath,
    args: &RmArgs,
) -> CliResult<()> {
    if args.dry_run {
        return dry_run_folder(ctx, client, path).await;
    }
    let mut keys = list_folder(client, path).await?;
    let may_be_object = !path.key.is_empty() && !path.key.ends_with('/');
    if keys.is_empty() && may_be_object && client.stat_object(&path.bucket, &path.key).await.is_ok()
    {
        keys.push(path.key.clone());
    }
    if keys.is_empty() {
        return Err(CliError::not_found(format!("{path}: nothing to remove")));
    }
    if !args.force && !confirmed(&format!("{} object(s) under {path}", keys.len()))? {
        return Err(CliError::usage(format!(
            "{path}: not removed ({} object(s)); a recursive remove needs --force \
             (or --dry-run to see what would go)",
            keys.len()
        )));
    }
    remove_keys(ctx, client, path, keys, true).await.map(drop)
}

/// `rm -r --dry-run`: each object that would go, reported as the listing
/// streams in (memory stays flat for any number of objects).
async fn dry_run_folder(ctx: &Context, client: &Newtera, path: &RemotePath) -> CliResult<()> {
    let mut listing = client
        .list_objects(&path.bucket)
        .prefix(path.folder_prefix())
        .recursive(true)
        .into_stream();
    let mut count = 0u64;
    while let Some(object) = listing.try_next().await.context(path)? {
        report_dry(ctx, &path.with_key(object.object_name));
        count += 1;
    }
    let may_be_object = !path.key.is_empty() && !path.key.ends_with('/');
    if count == 0 && may_be_object && client.stat_object(&path.bucket, &path.key).await.is_ok() {
        report_dry(ctx, path);
        count += 1;
    }
    if count == 0 {
        return Err(CliError::not_found(format!("{path}: nothing to remove")));
    }
    Ok(())
}

/// `rm --incomplete`: aborts the unfinished uploads of one key, or with
/// `-r` of every key in the folder.
async fn remove_incomplete(
    ctx: &Context,
    client: &Newtera,
    path: &RemotePath,
    args: &RmArgs,
) -> CliResult<()> {
    let uploads: Vec<_> = client
        .list_incomplete_uploads(&path.bucket)
        .prefix(listing_prefix(path, args))
        .into_stream()
        .try_filter(|u| futures_util::future::ready(args.recursive || u.object_name == path.key))
        .try_collect()
        .await
        .context(path)?;
    if uploads.is_empty() {
        return Err(CliError::not_found(format!(
            "{path}: no unfinished uploads"
        )));
    }
    let mut keys: Vec<String> = uploads.into_iter().map(|u| u.object_name).collect();
    keys.sort();
    keys.dedup();
    // A folder's uploads may be another program's in progress, or kept by
    // `cp --continue`: as for `rm -r`, --force or a yes.
    let what = format!(
        "the unfinished uploads of {} key(s) under {path}",
        keys.len()
    );
    if args.recursive && !args.dry_run && !args.force && !confirmed(&what)? {
        return Err(CliError::usage(format!(
            "{path}: not aborted ({what}); a recursive remove needs --force \
             (or --dry-run to see what would go)"
        )));
    }
    for key in keys {
        let at = path.with_key(key);
        if !args.dry_run {
            client
                .remove_incomplete_upload(&at.bucket, &at.key)
                .await
                .context(&at)?;
        }
        ctx.output.record(
            json!({"status": if args.dry_run { "dry-run" } else { "ok" }, "aborted_uploads_of": at.to_string()}),
            || format!("{} unfinished uploads of {at}", if args.dry_run { "would abort" } else { "aborted" }),
        );
    }
    Ok(())
}

/// Asks whether to remove `what` at the terminal; `false` (without
/// asking) when stdin is not one.
pub(crate) fn confirmed(what: &str) -> CliResult<bool> {
    use std::io::{BufRead, IsTerminal, Write};
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Ok(false);
    }
    eprint!("remove {}? [y/N] ", crate::terminal::escape(what));
    std::io::stderr().flush().context("stderr")?;
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer).context("stdin")?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}

async fn list_folder(client: &Newtera, path: &RemotePath) -> CliResult<Vec<String>> {
    client
        .list_objects(&path.bucket)
        .prefix(path.folder_prefix())
        .recursive(true)
        .into_stream()
        .map_ok(|o| o.object_name)
        .try_collect()
        .await
        .context(path)
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

/// Removes `keys` of `path`'s bucket in batches, reporting each.
pub(crate) async fn remove_listed(
    ctx: &Context,
    client: &Newtera,
    path: &RemotePath,
    keys: Vec<String>,
) -> CliResult<()> {
    remove_keys(ctx, client, path, keys, true).await.map(drop)
}

async fn remove_keys(
    ctx: &Context,
    client: &Newtera,
    path: &RemotePath,
    keys: Vec<String>,
    verbose: bool,
) -> CliResult<usize> {
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

fn report_dry(ctx: &Context, path: &RemotePath) {
    ctx.output.record(
        json!({"status": "dry-run", "would_remove": path.to_string(), "bucket": path.bucket, "key": path.key}),
        || format!("would remove {path}"),
    );
}

fn report(ctx: &Context, path: &RemotePath) {
    ctx.output.record(
        json!({"status": "ok", "removed": path.to_string(), "bucket": path.bucket, "key": path.key}),
        || format!("removed {path}"),
    );
}

/// What `rm --incomplete` / `rm --versions` list: the folder with `-r`,
/// else the key itself (the listing is then filtered to that exact key).
pub(crate) fn listing_prefix(path: &RemotePath, args: &RmArgs) -> String {
    if args.recursive {
        path.folder_prefix()
    } else {
        path.key.clone()
    }
}
