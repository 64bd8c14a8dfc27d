//! `newtera mirror`: make a target hold what a source holds, in every
//! direction (folder to prefix, prefix to folder, prefix to prefix),
//! sending only what is missing or changed.
//!
//! A file and an object (or two objects) are the same when their sizes
//! match and either their MD5s do (the ETag of a single-part upload is the
//! MD5 of its content) or, where an ETag is not an MD5 (multipart), the
//! modification time recorded in the object's `newtera-mtime` metadata by
//! an earlier mirror matches the file's (downloads: the file is at least
//! as new as the object; copies: the ETags are equal).
//!
//! A target that exists and differs is replaced only with `--overwrite`;
//! targets without a source are removed only with `--remove` and either
//! `--force` or a yes at the terminal, and never when an entry of a local
//! source could not be read (a link to a folder, a dangling link).

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use clap::Args;
use futures_util::TryStreamExt;
use md5::{Digest, Md5};
use newtera::Newtera;
use serde_json::json;

use crate::commands::cp::Collisions;
use crate::context::Context;
use crate::download_plan;
use crate::error::{CliError, CliResult, Context as _};
use crate::filter::{Filter, FilterArgs};
use crate::headers::{HeaderArgs, ObjectHeaders};
use crate::jobs::{self, Job};
use crate::local::{self, LocalFile};
use crate::path::{Location, RemotePath, join_key, safe_join};

/// The user metadata entry holding a file's modification time (Unix
/// seconds and nanoseconds, `1700000000.123456789`).
pub(crate) const MTIME_META: &str = "newtera-mtime";

/// Syncs a folder or prefix to another.
#[derive(Debug, Args)]
pub(crate) struct MirrorArgs {
    /// Requests in flight at once, shared by the transfers: a small
    /// object takes one, a large one one per part or range it sends at
    /// once (up to 4). 32 was the fastest of 4–64 for 2,000 small objects
    /// on Garage and Ceph (docs/BENCHMARKS.md).
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub(crate) parallel: u16,
    /// Show what would be sent (and removed, and what would fail, such as
    /// dangling symbolic links) without doing it.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Also remove what the target holds that the source does not.
    #[arg(long)]
    pub(crate) remove: bool,
    /// Remove (`--remove`) without asking.
    #[arg(long)]
    pub(crate) force: bool,
    /// Replace targets that exist and differ (without it they are
    /// reported and left alone).
    #[arg(long)]
    pub(crate) overwrite: bool,
    /// Keep mirroring until interrupted: look again every `--interval`
    /// and send what changed (polling; each look lists both sides).
    #[arg(long, conflicts_with = "dry_run")]
    pub(crate) watch: bool,
    /// The pause between looks with `--watch` (`5s`, `1m`).
    #[arg(long, default_value = "5s", value_parser = super::presign::parse_duration, requires = "watch")]
    pub(crate) interval: std::time::Duration,
    #[command(flatten)]
    pub(crate) headers: HeaderArgs,
    #[command(flatten)]
    pub(crate) filter: FilterArgs,
    /// A local folder or ALIAS/BUCKET[/PREFIX].
    pub(crate) source: String,
    /// A local folder or ALIAS/BUCKET[/PREFIX].
    pub(crate) target: String,
}

/// What the server holds for one key: size, ETag (an MD5 or not) and
/// modification time.
#[derive(Debug, Clone)]
struct Listed {
    size: u64,
    etag: Option<String>,
    modified: Option<SystemTime>,
}

/// What a mirror will do.
#[derive(Default)]
struct Plan {
    jobs: Vec<Job>,
    /// (source, target) pairs already the same.
    unchanged: Vec<(String, String)>,
    /// What the target holds that the source does not.
    extra: Extra,
}

#[derive(Default)]
enum Extra {
    #[default]
    Nothing,
    Objects(Newtera, RemotePath, Vec<String>),
    Files(Vec<PathBuf>),
}

impl Extra {
    fn names(&self) -> Vec<String> {
        match self {
            Self::Nothing => Vec::new(),
            Self::Objects(_, path, keys) => keys
                .iter()
                .map(|k| path.with_key(k.clone()).to_string())
                .collect(),
            Self::Files(files) => files.iter().map(|f| f.display().to_string()).collect(),
        }
    }
}

pub(crate) async fn run(ctx: &Context, args: MirrorArgs) -> CliResult<()> {
    if !args.watch {
        return once(ctx, &args).await;
    }
    if args.remove && !args.force {
        return Err(CliError::usage(
            "mirror --watch --remove needs --force (nobody is there to ask each time)",
        ));
    }
    // Each look reports its own failures and the watch goes on; Ctrl-C
    // ends it (and cleans up a transfer in flight).
    loop {
        if let Err(e) = once(ctx, &args).await {
            ctx.output.warn(&e);
        }
        tokio::time::sleep(args.interval.max(std::time::Duration::from_secs(1))).await;
    }
}

async fn once(ctx: &Context, args: &MirrorArgs) -> CliResult<()> {
    let headers = args.headers.parse()?;
    let filter = args.filter.parse()?;
    let plan = match (ctx.locate(&args.source), ctx.locate(&args.target)) {
        (Location::Local(dir), Location::Remote(to)) => {
            to_remote(ctx, args, &dir, &to, (&headers, &filter)).await?
        }
        (Location::Remote(from), Location::Local(dir)) => {
            to_local(ctx, args, &from, &dir, &filter).await?
        }
        (Location::Remote(from), Location::Remote(to)) => {
            between(ctx, args, &from, &to, &filter).await?
        }
        (Location::Local(_), Location::Local(_)) => {
            return Err(CliError::usage(
                "both paths are local: one side must be ALIAS/BUCKET[/PREFIX]",
            ));
        }
    };
    finish(ctx, args, plan).await
}

async fn finish(ctx: &Context, args: &MirrorArgs, plan: Plan) -> CliResult<()> {
    // A watch reports only what it does.
    let unchanged = if args.watch {
        &[][..]
    } else {
        &plan.unchanged[..]
    };
    for (source, target) in unchanged {
        ctx.output.record(
            json!({"status": "skipped", "type": "unchanged", "source": source, "target": target}),
            || format!("unchanged {target}"),
        );
    }
    let extra = if args.remove {
        plan.extra
    } else {
        Extra::Nothing
    };
    if args.dry_run {
        return dry_run(ctx, &plan.jobs, &extra);
    }
    let names = extra.names();
    if args.watch && plan.jobs.is_empty() && names.is_empty() {
        return Ok(());
    }
    if !names.is_empty()
        && !args.force
        && !crate::terminal::ask(&format!(
            "remove {} item(s) the source does not hold from {}?",
            names.len(),
            args.target
        ))?
    {
        return Err(CliError::usage(format!(
            "{}: nothing done; --remove would remove {} item(s) and needs --force \
             (or --dry-run to see what would go)",
            args.target,
            names.len()
        )));
    }
    let sent = jobs::run_all(ctx.output, plan.jobs, usize::from(args.parallel)).await;
    remove_extra(ctx, extra).await?;
    sent
}

/// Folder to prefix.
async fn to_remote(
    ctx: &Context,
    args: &MirrorArgs,
    dir: &Path,
    to: &RemotePath,
    (headers, filter): (&ObjectHeaders, &Filter),
) -> CliResult<Plan> {
    let client = ctx.bucket(&args.target)?.0;
    if !dir.is_dir() {
        return Err(CliError::not_found(format!(
            "{}: not a folder",
            dir.display()
        )));
    }
    let prefix = to.folder_prefix();
    let (files, skipped) = local::walk(dir)?;
    let mut remote = listing(&client, &to.with_key(prefix.clone())).await?;
    let unread = skipped.len();
    let mut plan = Plan {
        jobs: skipped.into_iter().map(Job::Refused).collect(),
        ..Plan::default()
    };
    for file in files {
        let target = to.with_key(join_key(&prefix, &file.relative));
        let known = remote.remove(&target.key);
        if !filter.takes(&file.relative, file.modified) {
            continue;
        }
        let exists = known.is_some();
        if same_file(&client, &target, &file, known).await? {
            plan.unchanged
                .push((file.path.display().to_string(), target.to_string()));
        } else if exists && !args.overwrite {
            plan.jobs.push(differs(&target.to_string()));
        } else {
            plan.jobs.push(upload_job(&client, file, target, headers));
        }
    }
    // What is left in `remote` has no local file, unless it is behind an
    // entry that could not be read: then nothing is removed (as rsync
    // skips deletion after an I/O error).
    if unread > 0 {
        if args.remove {
            plan.jobs.push(Job::Refused(CliError::failure(format!(
                "{to}: nothing removed: {unread} item(s) of the source could not be read, \
                 so what they hold is not known"
            ))));
        }
        return Ok(plan);
    }
    let extra: Vec<String> = remote
        .into_keys()
        .filter(|k| filter.takes_name(k.strip_prefix(&prefix).unwrap_or(k)))
        .collect();
    plan.extra = Extra::Objects(client, to.clone(), extra);
    Ok(plan)
}

/// Prefix to folder.
async fn to_local(
    ctx: &Context,
    args: &MirrorArgs,
    from: &RemotePath,
    dir: &Path,
    filter: &Filter,
) -> CliResult<Plan> {
    let client = ctx.bucket(&args.source)?.0;
    let prefix = from.folder_prefix();
    let mut remote = listing(&client, &from.with_key(prefix.clone())).await?;
    // Local files by path as the file system compares them.
    let norm = local_path_norm(dir);
    let mut local: BTreeMap<String, LocalFile> = if dir.is_dir() {
        let (files, _) = local::walk(dir)?;
        files.into_iter().map(|f| (norm(&f.path), f)).collect()
    } else {
        BTreeMap::new()
    };
    let mut plan = Plan::default();
    for (path, keys) in shared_paths(dir, &prefix, remote.keys(), &norm) {
        // Neither key is compared or downloaded, nor the file removed.
        local.remove(&path);
        for key in &keys {
            remote.remove(key);
            let others: Vec<String> = keys
                .iter()
                .filter(|k| *k != key)
                .map(|k| format!("`{k}`"))
                .collect();
            plan.jobs.push(Job::Refused(CliError::failure(format!(
                "{}: not mirrored: it and {} need the same local path ({path}), so one \
                 would silently replace the other",
                from.with_key(key.clone()),
                others.join(", ")
            ))));
        }
    }
    let mut wanted = Vec::new();
    for (key, object) in remote {
        let relative = key.strip_prefix(&prefix).unwrap_or(&key).to_owned();
        let existing = safe_join(dir, &relative)
            .ok()
            .and_then(|p| local.remove(&norm(&p)));
        if !filter.takes(&relative, object.modified) {
            continue;
        }
        match existing {
            Some(file) if same_download(&file, &object).await? => plan.unchanged.push((
                from.with_key(key).to_string(),
                file.path.display().to_string(),
            )),
            Some(file) if !args.overwrite => {
                plan.jobs.push(differs(&file.path.display().to_string()))
            }
            _ => wanted.push((key, object.size)),
        }
    }
    plan.jobs.extend(download_plan::jobs(
        &client,
        from,
        dir,
        &prefix,
        wanted,
        Collisions::Refuse,
    ));
    plan.extra = Extra::Files(
        local
            .into_values()
            .filter(|f| filter.takes_name(&f.relative))
            .map(|f| f.path)
            .collect(),
    );
    Ok(plan)
}

/// How paths under `dir` compare: as text, case-folded where the file
/// system folds case (`collide::folds_case`).
fn local_path_norm(dir: &Path) -> impl Fn(&Path) -> String {
    let fold = crate::collide::folds_case(dir);
    move |p: &Path| {
        let text = p.to_string_lossy();
        if fold {
            text.to_lowercase()
        } else {
            text.into_owned()
        }
    }
}

/// The local paths (as `norm` gives them) that several of `keys` under
/// `prefix` land on in `dir` (`a/b` and `a//b`; `A` and `a` where case
/// folds), with those keys.
fn shared_paths<'k>(
    dir: &Path,
    prefix: &str,
    keys: impl Iterator<Item = &'k String>,
    norm: &impl Fn(&Path) -> String,
) -> Vec<(String, Vec<String>)> {
    let mut by_path: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for key in keys {
        let relative = key.strip_prefix(prefix).unwrap_or(key);
        if let Ok(path) = safe_join(dir, relative) {
            by_path.entry(norm(&path)).or_default().push(key.clone());
        }
    }
    by_path
        .into_iter()
        .filter(|(_, keys)| keys.len() > 1)
        .map(|(path, mut keys)| {
            keys.sort();
            (path, keys)
        })
        .collect()
}

/// Prefix to prefix: server-side copies within one alias, streamed between
/// aliases.
async fn between(
    ctx: &Context,
    args: &MirrorArgs,
    from: &RemotePath,
    to: &RemotePath,
    filter: &Filter,
) -> CliResult<Plan> {
    let source = ctx.bucket(&args.source)?.0;
    let target = ctx.bucket(&args.target)?.0;
    let (from_prefix, to_prefix) = (from.folder_prefix(), to.folder_prefix());
    // One listing would hold the other's objects: `--remove` would remove
    // the source, and each run would nest the target deeper.
    let same_bucket = from.bucket == to.bucket
        && crate::targets::server_id(&source) == crate::targets::server_id(&target);
    if same_bucket && (from_prefix.starts_with(&to_prefix) || to_prefix.starts_with(&from_prefix)) {
        return Err(CliError::usage(format!(
            "{} and {} overlap (one folder holds the other): mirror between folders \
             apart from each other",
            from.with_key(from_prefix.clone()),
            to.with_key(to_prefix.clone())
        )));
    }
    let objects = listing(&source, &from.with_key(from_prefix.clone())).await?;
    let mut existing = listing(&target, &to.with_key(to_prefix.clone())).await?;
    let mut plan = Plan::default();
    for (key, object) in objects {
        let relative = key.strip_prefix(&from_prefix).unwrap_or(&key).to_owned();
        let target_key = format!("{to_prefix}{relative}");
        let known = existing.remove(&target_key);
        if !filter.takes(&relative, object.modified) {
            continue;
        }
        let to_path = to.with_key(target_key);
        let from_path = from.with_key(key);
        let same = match &known {
            Some(t) => same_object((&source, &from_path, &object), (&target, &to_path, t)).await?,
            None => false,
        };
        match known {
            Some(_) if same => plan
                .unchanged
                .push((from_path.to_string(), to_path.to_string())),
            Some(_) if !args.overwrite => plan.jobs.push(differs(&to_path.to_string())),
            _ => plan.jobs.push(Job::Copy {
                from: source.clone(),
                to: target.clone(),
                source: from_path,
                size: object.size,
                target: to_path,
            }),
        }
    }
    let extra = existing
        .into_keys()
        .filter(|k| filter.takes_name(k.strip_prefix(&to_prefix).unwrap_or(k)))
        .collect();
    plan.extra = Extra::Objects(target, to.clone(), extra);
    Ok(plan)
}

/// Whether two objects hold the same bytes: same size and same ETag, asked
/// of each object (HEAD) when a listing gave none (s3s-fs lists none).
async fn same_object(
    (source, from, a): (&Newtera, &RemotePath, &Listed),
    (target, to, b): (&Newtera, &RemotePath, &Listed),
) -> CliResult<bool> {
    if a.size != b.size {
        return Ok(false);
    }
    let etag = |client: &Newtera, path: &RemotePath, listed: &Listed| {
        let (client, path, listed) = (client.clone(), path.clone(), listed.etag.clone());
        async move {
            if let Some(etag) = listed {
                return Ok::<_, CliError>(Some(etag));
            }
            let stat = client
                .stat_object(&path.bucket, &path.key)
                .await
                .context(&path)?;
            Ok((!stat.etag.is_weak() && !stat.etag.as_str().is_empty())
                .then(|| stat.etag.as_str().to_ascii_lowercase()))
        }
    };
    let (x, y) = (etag(source, from, a).await?, etag(target, to, b).await?);
    Ok(x.is_some() && x == y)
}

fn differs(target: &str) -> Job {
    Job::Refused(CliError::failure(format!(
        "{target}: exists and differs; not replaced (--overwrite replaces it)"
    )))
}

async fn listing(client: &Newtera, path: &RemotePath) -> CliResult<HashMap<String, Listed>> {
    client
        .list_objects(&path.bucket)
        .prefix(path.key.clone())
        .recursive(true)
        .into_stream()
        // A weak ETag names equivalent content, never an MD5 of the bytes.
        .map_ok(|o| {
            let etag = o.etag.filter(|e| !e.is_weak());
            let listed = Listed {
                size: o.size,
                etag: etag.map(|e| e.as_str().to_ascii_lowercase()),
                modified: o.last_modified,
            };
            (o.object_name, listed)
        })
        .try_collect()
        .await
        .context(path)
}

/// Whether the object already holds `file` (see the module docs).
async fn same_file(
    client: &Newtera,
    target: &RemotePath,
    file: &LocalFile,
    known: Option<Listed>,
) -> CliResult<bool> {
    let Some(known) = known else {
        return Ok(false);
    };
    if known.size != file.size {
        return Ok(false);
    }
    if let Some(etag) = known.etag.filter(|e| is_md5(e)) {
        return Ok(md5_file(&file.path).await? == etag);
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

/// Whether a local file already holds the object: same size, and the same
/// MD5 or (multipart) a file at least as new as the object.
async fn same_download(file: &LocalFile, object: &Listed) -> CliResult<bool> {
    if file.size != object.size {
        return Ok(false);
    }
    match &object.etag {
        Some(etag) if is_md5(etag) => Ok(md5_file(&file.path).await? == *etag),
        _ => Ok(matches!((file.modified, object.modified), (Some(f), Some(o)) if f >= o)),
    }
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

fn upload_job(
    client: &Newtera,
    file: LocalFile,
    target: RemotePath,
    headers: &ObjectHeaders,
) -> Job {
    let mut options = headers.for_name(&file.relative);
    if let Some(m) = mtime(file.modified) {
        options.metadata.push((MTIME_META.to_owned(), m));
    }
    Job::Upload {
        client: client.clone(),
        path: file.path,
        size: file.size,
        target,
        options,
        resume: false,
    }
}

/// Prints what would happen, failures included (dangling links, unsafe
/// keys, targets that differ), and fails when the real run would.
fn dry_run(ctx: &Context, jobs: &[Job], extra: &Extra) -> CliResult<()> {
    let mut failing = 0;
    for job in jobs {
        let (kind, from, to) = match job {
            Job::Upload { path, target, .. } => {
                ("upload", path.display().to_string(), target.to_string())
            }
            Job::Download { source, dest, .. } => {
                ("download", source.to_string(), dest.display().to_string())
            }
            Job::Copy { source, target, .. } => ("copy", source.to_string(), target.to_string()),
            Job::Folder { source, dest } => {
                ("folder", source.to_string(), dest.display().to_string())
            }
            Job::Refused(e) => {
                failing += 1;
                ctx.output.warn(&CliError::new(
                    e.kind(),
                    format!("would fail: {}", e.message()),
                ));
                continue;
            }
        };
        ctx.output.record(
            json!({"status": "dry_run", "type": kind, "source": from, "target": to}),
            || format!("would {kind} {from} -> {to}"),
        );
    }
    for name in extra.names() {
        ctx.output.record(
            json!({"status": "dry_run", "type": "remove", "target": name}),
            || format!("would remove {name}"),
        );
    }
    match failing {
        0 => Ok(()),
        n => Err(CliError::failure(format!("{n} item(s) would fail"))),
    }
}

async fn remove_extra(ctx: &Context, extra: Extra) -> CliResult<()> {
    match extra {
        Extra::Nothing => Ok(()),
        Extra::Objects(client, path, keys) if !keys.is_empty() => {
            super::rm::remove_listed(ctx, &client, &path, keys).await
        }
        Extra::Objects(..) => Ok(()),
        Extra::Files(files) => {
            for file in files {
                tokio::fs::remove_file(&file)
                    .await
                    .context(file.display())?;
                let name = file.display().to_string();
                ctx.output
                    .record(json!({"status": "ok", "removed": name}), || {
                        format!("removed {name}")
                    });
            }
            Ok(())
        }
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
