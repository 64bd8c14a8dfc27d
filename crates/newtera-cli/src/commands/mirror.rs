//! `newtera mirror`: make a prefix hold what a local folder holds,
//! uploading only what changed.
//!
//! A file is unchanged when the object has the same size and either the
//! same MD5 (the ETag of a single-part upload) or, for multipart ETags
//! (which are not an MD5 of the content), the same modification time as
//! recorded in the object's `newtera-mtime` metadata by an earlier mirror.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use clap::Args;
use futures_util::TryStreamExt;
use md5::{Digest, Md5};
use newtera::Newtera;
use serde_json::json;

use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _};
use crate::jobs::{self, Job};
use crate::local::{self, LocalFile};
use crate::path::{RemotePath, join_key};

/// The user metadata entry holding a file's modification time (Unix
/// seconds and nanoseconds, `1700000000.123456789`).
pub(crate) const MTIME_META: &str = "newtera-mtime";

/// Syncs a local folder to a prefix.
#[derive(Debug, Args)]
pub(crate) struct MirrorArgs {
    /// Uploads in flight at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub(crate) parallel: u16,
    /// Show what would be uploaded (and removed) without doing it.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Also remove objects under the prefix that have no local file.
    #[arg(long)]
    pub(crate) remove: bool,
    /// The local folder.
    pub(crate) source: PathBuf,
    /// ALIAS/BUCKET[/PREFIX].
    pub(crate) target: String,
}

/// What the server holds for one key: size and ETag.
type Remote = HashMap<String, (u64, Option<String>)>;

pub(crate) async fn run(ctx: &Context, args: MirrorArgs) -> CliResult<()> {
    let (client, path) = ctx.bucket(&args.target)?;
    if !args.source.is_dir() {
        return Err(CliError::not_found(format!(
            "{}: not a folder",
            args.source.display()
        )));
    }
    let prefix = path.folder_prefix();
    let (files, skipped) = local::walk(&args.source)?;
    let mut remote = listing(&client, &path.with_key(prefix.clone())).await?;
    let mut jobs: Vec<Job> = skipped.into_iter().map(Job::Refused).collect();
    for file in files {
        let target = path.with_key(join_key(&prefix, &file.relative));
        let known = remote.remove(&target.key);
        if unchanged(&client, &target, &file, known).await? {
            ctx.output.record(
                json!({"status": "skipped", "type": "unchanged", "source": file.path.display().to_string(), "target": target.to_string()}),
                || format!("unchanged {target}"),
            );
        } else {
            jobs.push(upload_job(&client, file, target));
        }
    }
    // What is left in `remote` has no local file.
    let extra: Vec<String> = remote.into_keys().collect();
    if args.dry_run {
        return dry_run(ctx, &jobs, &path, &extra, args.remove);
    }
    let uploaded = jobs::run_all(ctx.output, jobs, usize::from(args.parallel)).await;
    if args.remove {
        remove_extra(ctx, &client, &path, extra).await?;
    }
    uploaded
}

async fn listing(client: &Newtera, path: &RemotePath) -> CliResult<Remote> {
    client
        .list_objects(&path.bucket)
        .prefix(path.key.clone())
        .recursive(true)
        .into_stream()
        // A weak ETag names equivalent content, never an MD5 of the bytes.
        .map_ok(|o| {
            let etag = o.etag.filter(|e| !e.is_weak());
            (o.object_name, (o.size, etag.map(|e| e.as_str().to_owned())))
        })
        .try_collect()
        .await
        .context(path)
}

/// Whether the object already holds `file` (see the module docs).
async fn unchanged(
    client: &Newtera,
    target: &RemotePath,
    file: &LocalFile,
    known: Option<(u64, Option<String>)>,
) -> CliResult<bool> {
    let Some((size, etag)) = known else {
        return Ok(false);
    };
    if size != file.size {
        return Ok(false);
    }
    if let Some(etag) = etag.filter(|e| is_md5(e)) {
        return Ok(md5_file(&file.path).await? == etag.to_ascii_lowercase());
    }
    // Some servers (s3s-fs) list no ETags: ask for the object's own.
    let stat = client
        .stat_object(&target.bucket, &target.key)
        .await
        .context(target)?;
    if !stat.etag.is_weak() && is_md5(stat.etag.as_str()) {
        return Ok(md5_file(&file.path).await? == stat.etag.as_str().to_ascii_lowercase());
    }
    let recorded = stat.metadata.get(MTIME_META);
    Ok(recorded.is_some() && recorded.cloned() == mtime(file.modified))
}

fn is_md5(etag: &str) -> bool {
    etag.len() == 32 && etag.bytes().all(|b| b.is_ascii_hexdigit())
}

async fn md5_file(path: &Path) -> CliResult<String> {
    let path = path.to_path_buf();
    let digest = tokio::task::spawn_blocking(move || -> std::io::Result<String> {
        let mut file = std::fs::File::open(&path)?;
        let mut hasher = Md5::new();
        let mut buf = vec![0u8; 1 << 20];
        loop {
            match file.read(&mut buf)? {
                0 => break,
                n => hasher.update(buf.get(..n).unwrap_or_default()),
            }
        }
        Ok(hex::encode(hasher.finalize()))
    })
    .await
    .map_err(|e| CliError::failure(format!("hashing task: {e}")))?;
    Ok(digest?)
}

fn mtime(modified: Option<SystemTime>) -> Option<String> {
    let since = modified?.duration_since(UNIX_EPOCH).ok()?;
    Some(format!("{}.{:09}", since.as_secs(), since.subsec_nanos()))
}

fn upload_job(client: &Newtera, file: LocalFile, target: RemotePath) -> Job {
    let metadata = mtime(file.modified)
        .map(|m| vec![(MTIME_META.to_owned(), m)])
        .unwrap_or_default();
    Job::Upload {
        client: client.clone(),
        path: file.path,
        size: file.size,
        target,
        metadata,
        resume: false,
    }
}

fn dry_run(
    ctx: &Context,
    jobs: &[Job],
    path: &RemotePath,
    extra: &[String],
    remove: bool,
) -> CliResult<()> {
    for job in jobs {
        if let Job::Upload {
            path: file, target, ..
        } = job
        {
            ctx.output.record(
                json!({"status": "dry_run", "type": "upload", "source": file.display().to_string(), "target": target.to_string()}),
                || format!("would upload {} -> {target}", file.display()),
            );
        }
    }
    for key in extra.iter().filter(|_| remove) {
        let target = path.with_key(key.clone());
        ctx.output.record(
            json!({"status": "dry_run", "type": "remove", "target": target.to_string()}),
            || format!("would remove {target}"),
        );
    }
    Ok(())
}

async fn remove_extra(
    ctx: &Context,
    client: &Newtera,
    path: &RemotePath,
    extra: Vec<String>,
) -> CliResult<()> {
    let keys: HashSet<String> = extra.into_iter().collect();
    let failures: Vec<_> = client
        .remove_objects(&path.bucket, keys.iter().cloned().collect::<Vec<_>>())
        .try_collect()
        .await
        .context(path)?;
    let failed: HashSet<&str> = failures.iter().map(|f| f.object_name.as_str()).collect();
    for key in keys.iter().filter(|k| !failed.contains(k.as_str())) {
        let target = path.with_key(key.clone());
        ctx.output.record(
            json!({"status": "ok", "removed": target.to_string()}),
            || format!("removed {target}"),
        );
    }
    match failures.len() {
        0 => Ok(()),
        n => Err(CliError::failure(format!(
            "{n} object(s) could not be removed"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_and_mtimes() {
        assert!(is_md5("d41d8cd98f00b204e9800998ecf8427e"));
        assert!(!is_md5("d41d8cd98f00b204e9800998ecf8427e-2"));
        assert_eq!(
            mtime(Some(UNIX_EPOCH + std::time::Duration::from_secs(7))),
            Some("7.000000000".into())
        );
    }
}
