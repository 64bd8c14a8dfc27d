//! `newtera cp` and `newtera mv`: local to remote, remote to local, remote
//! to remote; one object, several, wildcards, or (`-r`) a whole folder or
//! prefix; `-` for stdin or stdout.

use std::path::Path;
use std::time::SystemTime;

use clap::Args;
use futures_util::TryStreamExt;
use newtera::Newtera;
use serde_json::json;

use crate::context::Context;
use crate::download_plan;
use crate::error::{CliError, CliResult, Context as _};
use crate::filter::{Filter, FilterArgs};
use crate::headers::{HeaderArgs, ObjectHeaders};
use crate::jobs::{self, Job};
use crate::local::{self, LocalFile};
use crate::path::{self, Location, RemotePath};

/// Copies files and objects.
#[derive(Debug, Args)]
pub(crate) struct CpArgs {
    /// Copy folders and prefixes recursively (`dir` copies the folder,
    /// `dir/` its contents).
    #[arg(short, long)]
    pub(crate) recursive: bool,
    /// What to do when several objects would land on one local file
    /// (`x/a/b`, `x/a//b`, `x/a/./b`; `A` and `a` on a case-folding file
    /// system; `x/a` beside `x/a/b`): `refuse` downloads none of them and
    /// fails the command, `rename` saves the later ones as `NAME~1`, `NAME~2`.
    #[arg(long, value_enum, default_value_t = Collisions::Refuse)]
    pub(crate) on_collision: Collisions,
    /// Resume interrupted uploads: a file the target already holds (same
    /// size and ETag) is skipped, an unfinished upload of the target is
    /// continued (only missing or changed parts are sent), and an upload
    /// that fails is kept to be continued by the next `cp --continue`
    /// (`rm --incomplete` frees it). Needs a server that lists unfinished
    /// uploads (not s3s-fs).
    #[arg(long = "continue", short = 'c')]
    pub(crate) resume: bool,
    /// Requests in flight at once, shared by the transfers: a small
    /// object takes one, a large one one per part or range it sends at
    /// once (up to 4). 32 was the fastest of 4–64 for 2,000 small objects
    /// on Garage and Ceph (docs/BENCHMARKS.md).
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub(crate) parallel: u16,
    /// Skip every target that already exists.
    #[arg(long, short = 'n')]
    pub(crate) no_clobber: bool,
    /// Skip every target that already exists with the source's size.
    #[arg(long, conflicts_with = "no_clobber")]
    pub(crate) if_size_differ: bool,
    #[command(flatten)]
    pub(crate) headers: HeaderArgs,
    #[command(flatten)]
    pub(crate) filter: FilterArgs,
    /// SOURCE… TARGET: local paths or ALIAS/BUCKET/KEY; a source may hold
    /// wildcards in its last segment (`ALIAS/BUCKET/logs/*.gz`, quoted);
    /// `-` is stdin as a source (to one object) and stdout as a target.
    /// With several sources the target is a folder or prefix.
    #[arg(required = true, num_args = 2.., value_name = "PATHS")]
    pub(crate) paths: Vec<String>,
}

/// How a recursive download treats keys that land on one local path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Collisions {
    /// Download none of them; the command fails.
    Refuse,
    /// Download all of them, the later ones as `NAME~N`.
    Rename,
}

pub(crate) async fn run(ctx: &Context, args: CpArgs) -> CliResult<()> {
    if args.resume && crate::throttle::limits_upload() {
        // A resumed upload goes through the library's parallel parts, which
        // the per-chunk budget cannot pace.
        return Err(CliError::usage(
            "--continue cannot be combined with --limit-upload",
        ));
    }
    if let Some((target, sources)) = args.paths.split_last()
        && (target == "-" || sources.iter().any(|s| s == "-"))
    {
        return super::pipe::stdio_copy(ctx, sources, target, &args.headers.parse()?).await;
    }
    let jobs = plan(ctx, &args).await?;
    jobs::run_all(ctx.output, jobs, usize::from(args.parallel)).await
}

/// `newtera mv`: copies, then removes the sources once every copy
/// succeeded (after a failure nothing is removed, so a rerun finishes it).
pub(crate) async fn move_paths(ctx: &Context, args: CpArgs) -> CliResult<()> {
    if args.paths.iter().any(|p| p == "-") {
        return Err(CliError::usage(
            "mv cannot move stdin or stdout: use cp or pipe",
        ));
    }
    let jobs = plan(ctx, &args).await?;
    let sources: Vec<Moved> = jobs.iter().filter_map(Moved::of).collect();
    jobs::run_all(ctx.output, jobs, usize::from(args.parallel)).await?;
    for source in sources {
        source.remove(ctx).await?;
    }
    Ok(())
}

/// A source `mv` removes once copied.
enum Moved {
    File(std::path::PathBuf),
    Object(Newtera, RemotePath),
}

impl Moved {
    fn of(job: &Job) -> Option<Self> {
        match job {
            Job::Upload { path, .. } => Some(Self::File(path.clone())),
            Job::Download { client, source, .. } => {
                Some(Self::Object(client.clone(), source.clone()))
            }
            Job::Copy { from, source, .. } => Some(Self::Object(from.clone(), source.clone())),
            Job::Folder { .. } | Job::Refused(_) => None,
        }
    }

    async fn remove(self, ctx: &Context) -> CliResult<()> {
        let gone = match self {
            Self::File(path) => {
                tokio::fs::remove_file(&path)
                    .await
                    .context(path.display())?;
                path.display().to_string()
            }
            Self::Object(client, path) => {
                client
                    .remove_object(&path.bucket, &path.key)
                    .await
                    .context(&path)?;
                path.to_string()
            }
        };
        ctx.output
            .record(json!({"status": "ok", "removed": gone}), || {
                format!("removed {gone}")
            });
        Ok(())
    }
}

/// Every transfer `args` asks for, those the target already holds left
/// out (`--no-clobber`, `--if-size-differ`), and those that would share a
/// target or copy an object onto itself refused (`targets`).
async fn plan(ctx: &Context, args: &CpArgs) -> CliResult<Vec<Job>> {
    let Some((target, sources)) = args.paths.split_last() else {
        return Err(CliError::usage("expected SOURCE… TARGET"));
    };
    let headers = args.headers.parse()?;
    let filter = args.filter.parse()?;
    let mut expanded = Vec::new();
    let mut patterns = false;
    for source in sources {
        let paths = expand(ctx, source).await?;
        // A source that names a file or object is not a pattern.
        patterns |= paths.len() != 1 || paths.first() != Some(source);
        expanded.extend(paths);
    }
    // Several sources, or a wildcard (however many it matched), go into
    // the target as a folder.
    let several = expanded.len() > 1 || patterns;
    let target = if several && !target.ends_with('/') {
        if let Location::Local(dir) = ctx.locate(target)
            && !dir.is_dir()
        {
            return Err(CliError::usage(format!(
                "{target}: several sources need a folder as the target"
            )));
        }
        format!("{target}/")
    } else {
        target.clone()
    };
    let mut jobs = Vec::new();
    for source in &expanded {
        jobs.extend(source_jobs(ctx, args, source, &target, (&headers, &filter)).await?);
    }
    skip_existing(ctx, args, crate::targets::refuse_shared(jobs)).await
}

async fn source_jobs(
    ctx: &Context,
    args: &CpArgs,
    source: &str,
    target: &str,
    (headers, filter): (&ObjectHeaders, &Filter),
) -> CliResult<Vec<Job>> {
    Ok(match (ctx.locate(source), ctx.locate(target)) {
        (Location::Local(from), Location::Remote(to)) => upload_jobs(
            ctx,
            source,
            &from,
            &to,
            (args.recursive, headers, filter, args.resume),
        )?,
        (Location::Remote(from), Location::Local(to)) => {
            download_jobs(
                ctx,
                &from,
                target,
                &to,
                (args.recursive, args.on_collision, filter),
            )
            .await?
        }
        (Location::Remote(from), Location::Remote(to)) => {
            copy_jobs(ctx, &from, &to, (args.recursive, filter)).await?
        }
        (Location::Local(_), Location::Local(_)) => {
            return Err(CliError::usage(
                "both paths are local: one side must be ALIAS/BUCKET[/KEY]",
            ));
        }
    })
}

/// Whether the last segment of `arg` holds a wildcard.
fn has_wildcard(arg: &str) -> bool {
    path::leaf(arg).is_some_and(|leaf| leaf.contains(['*', '?', '[']))
}

/// A source with wildcards in its last segment, as the paths it matches
/// (sorted); any other source, or one that names an existing file or
/// object (`x[1].txt`), as itself. A wildcard that matches nothing
/// is an error naming it.
async fn expand(ctx: &Context, source: &str) -> CliResult<Vec<String>> {
    if !has_wildcard(source) {
        return Ok(vec![source.to_owned()]);
    }
    let matches = match ctx.locate(source) {
        Location::Local(pattern) if !pattern.exists() => expand_local(source, &pattern)?,
        Location::Local(_) => return Ok(vec![source.to_owned()]),
        Location::Remote(path) => {
            let client = needs_bucket(ctx, &path)?;
            let matcher = crate::filter::glob(&path.key)?.compile_matcher();
            let fixed = path
                .key
                .split(['*', '?', '['])
                .next()
                .unwrap_or_default()
                .to_owned();
            // The object of exactly that name, if listed, is the source.
            let keys: Vec<String> = client
                .list_objects(&path.bucket)
                .prefix(fixed)
                .recursive(true)
                .into_stream()
                .try_filter_map(|o| {
                    let hit = o.object_name == path.key || matcher.is_match(&o.object_name);
                    futures_util::future::ready(Ok(hit.then_some(o.object_name)))
                })
                .try_collect()
                .await
                .context(&path)?;
            if keys.contains(&path.key) {
                return Ok(vec![source.to_owned()]);
            }
            keys.into_iter()
                .map(|k| path.with_key(k).to_string())
                .collect()
        }
    };
    if matches.is_empty() {
        return Err(CliError::not_found(format!("{source}: no match")));
    }
    Ok(matches)
}

/// The entries of a local folder matching the last segment of `pattern`.
fn expand_local(arg: &str, pattern: &Path) -> CliResult<Vec<String>> {
    let name = path::leaf(arg).unwrap_or_default();
    let matcher = crate::filter::glob(name)?.compile_matcher();
    let dir = match pattern.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => dir.to_path_buf(),
        None => std::path::PathBuf::from("."),
    };
    let prefix = arg.strip_suffix(name).unwrap_or_default();
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).context(dir.display())? {
        let entry = entry.context(dir.display())?;
        if let Some(file) = entry.file_name().to_str()
            && matcher.is_match(file)
        {
            out.push(format!("{prefix}{file}"));
        }
    }
    out.sort();
    Ok(out)
}

/// `jobs` without those whose target already exists (`--no-clobber`) or
/// exists with the same size (`--if-size-differ`); each skip is reported.
async fn skip_existing(ctx: &Context, args: &CpArgs, jobs: Vec<Job>) -> CliResult<Vec<Job>> {
    if !args.no_clobber && !args.if_size_differ {
        return Ok(jobs);
    }
    let mut kept = Vec::with_capacity(jobs.len());
    for job in jobs {
        let existing = match &job {
            Job::Upload { client, target, .. } => remote_size(client, target).await?,
            Job::Copy { to, target, .. } => remote_size(to, target).await?,
            Job::Download { dest, .. } => std::fs::metadata(dest).ok().map(|m| m.len()),
            Job::Folder { .. } | Job::Refused(_) => None,
        };
        let size = match &job {
            Job::Upload { size, .. } | Job::Copy { size, .. } | Job::Download { size, .. } => {
                Some(*size)
            }
            Job::Folder { .. } | Job::Refused(_) => None,
        };
        let skip = match existing {
            Some(_) if args.no_clobber => Some("exists"),
            Some(found) if size == Some(found) => Some("same size"),
            _ => None,
        };
        match skip {
            Some(why) => {
                let (from, to) = job.endpoints();
                ctx.output.record(
                    json!({"status": "skipped", "type": why, "source": from, "target": to}),
                    || format!("skipped {to} ({why})"),
                );
            }
            None => kept.push(job),
        }
    }
    Ok(kept)
}

/// The size of the object at `path`, `None` when there is none.
async fn remote_size(client: &Newtera, path: &RemotePath) -> CliResult<Option<u64>> {
    match client.stat_object(&path.bucket, &path.key).await {
        Ok(stat) => Ok(Some(stat.size)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(CliError::from(e).context(path)),
    }
}

/// Where one file or the files of a folder go under `to`.
fn upload_jobs(
    ctx: &Context,
    arg: &str,
    from: &Path,
    to: &RemotePath,
    (recursive, headers, filter, resume): (bool, &ObjectHeaders, &Filter, bool),
) -> CliResult<Vec<Job>> {
    let client = needs_bucket(ctx, to)?;
    if !from.is_dir() {
        let file = local::single(from)?;
        if !filter.takes(&file.relative, file.modified) {
            return Ok(Vec::new());
        }
        let key = object_key(&to.key, &file.relative);
        return Ok(vec![upload_job(
            &client,
            file,
            to.with_key(key),
            headers,
            resume,
        )]);
    }
    if !recursive {
        return Err(CliError::usage(format!(
            "{} is a folder: use -r to copy it",
            from.display()
        )));
    }
    let (files, skipped) = local::walk(from)?;
    let base = folder_base(arg, from);
    let mut jobs: Vec<Job> = skipped.into_iter().map(Job::Refused).collect();
    for file in files {
        if !filter.takes(&file.relative, file.modified) {
            continue;
        }
        let key = path::join_key(&to.key, &path::join_key(&base, &file.relative));
        jobs.push(upload_job(&client, file, to.with_key(key), headers, resume));
    }
    Ok(jobs)
}

fn upload_job(
    client: &Newtera,
    file: LocalFile,
    target: RemotePath,
    headers: &ObjectHeaders,
    resume: bool,
) -> Job {
    Job::Upload {
        client: client.clone(),
        options: headers.for_name(&file.relative),
        path: file.path,
        size: file.size,
        target,
        resume,
    }
}

/// The folder name a recursive upload keeps: none for `dir/` (its
/// contents), the folder's own name for `dir`.
fn folder_base(arg: &str, from: &Path) -> String {
    if arg.ends_with('/') || arg.ends_with('.') {
        return String::new();
    }
    from.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned()
}

/// The key for a single object copied to `target_key`: the target itself,
/// or the source's name inside it when it is empty or ends with `/`.
fn object_key(target_key: &str, name: &str) -> String {
    if target_key.is_empty() || target_key.ends_with('/') {
        format!("{target_key}{name}")
    } else {
        target_key.to_owned()
    }
}

async fn download_jobs(
    ctx: &Context,
    from: &RemotePath,
    arg: &str,
    to: &Path,
    (recursive, collisions, filter): (bool, Collisions, &Filter),
) -> CliResult<Vec<Job>> {
    let client = needs_bucket(ctx, from)?;
    let listed = if recursive {
        list(&client, from, filter).await?
    } else {
        None
    };
    let Some(objects) = listed else {
        let stat = client
            .stat_object(&from.bucket, &from.key)
            .await
            .context(from)?;
        if !filter.takes(
            path::leaf(&from.key).unwrap_or_default(),
            stat.last_modified,
        ) {
            return Ok(Vec::new());
        }
        let into_folder = to.is_dir() || arg.ends_with('/');
        let dest = if into_folder {
            let name = path::leaf(&from.key).unwrap_or_default();
            path::safe_join(to, name).map_err(|e| CliError::failure(e.to_string()))?
        } else {
            to.to_path_buf()
        };
        return Ok(vec![Job::Download {
            client,
            source: from.clone(),
            size: stat.size,
            dest,
        }]);
    };
    let base = path::prefix_base(&from.key);
    Ok(download_plan::jobs(
        &client, from, to, base, objects, collisions,
    ))
}

async fn copy_jobs(
    ctx: &Context,
    from: &RemotePath,
    to: &RemotePath,
    (recursive, filter): (bool, &Filter),
) -> CliResult<Vec<Job>> {
    let source = needs_bucket(ctx, from)?;
    let target = needs_bucket(ctx, to)?;
    let job = |key: String, size, target_key: String| Job::Copy {
        from: source.clone(),
        to: target.clone(),
        source: from.with_key(key),
        size,
        target: to.with_key(target_key),
    };
    let listed = if recursive {
        list(&source, from, filter).await?
    } else {
        None
    };
    let Some(objects) = listed else {
        let stat = source
            .stat_object(&from.bucket, &from.key)
            .await
            .context(from)?;
        let name = path::leaf(&from.key).unwrap_or_default();
        if !filter.takes(name, stat.last_modified) {
            return Ok(Vec::new());
        }
        return Ok(vec![job(
            from.key.clone(),
            stat.size,
            object_key(&to.key, name),
        )]);
    };
    // Every object is copied, `…/` markers too, and each source key maps to
    // its own target key (the relative part is kept as is, `//` included).
    let base = path::prefix_base(&from.key).to_owned();
    Ok(objects
        .into_iter()
        .map(|(key, size)| match path::relative_key(&key, &base) {
            Ok(relative) => {
                let target_key = path::append_key(&to.key, relative);
                job(key, size, target_key)
            }
            Err(outside) => Job::Refused(CliError::failure(outside)),
        })
        .collect())
}

/// Every object under `from`'s prefix the filter takes, as (key, size). A
/// prefix without a trailing `/` names a folder: `data` lists `data/…`,
/// not `database.txt`. `None` when nothing is under it but it may name one
/// object, so `-r` on an object copies that object.
async fn list(
    client: &Newtera,
    from: &RemotePath,
    filter: &Filter,
) -> CliResult<Option<Vec<(String, u64)>>> {
    let prefix = from.folder_prefix();
    let listed: Vec<(String, u64, Option<SystemTime>)> = client
        .list_objects(&from.bucket)
        .prefix(prefix.clone())
        .recursive(true)
        .into_stream()
        .map_ok(|o| (o.object_name, o.size, o.last_modified))
        .try_collect()
        .await
        .context(from)?;
    let found = !listed.is_empty();
    let objects: Vec<(String, u64)> = listed
        .into_iter()
        .filter(|(key, _, modified)| {
            filter.takes(key.strip_prefix(&prefix).unwrap_or(key), *modified)
        })
        .map(|(key, size, _)| (key, size))
        .collect();
    // Objects the filter left out still make the prefix a folder.
    if found {
        Ok(Some(objects))
    } else if from.key.is_empty() || from.key.ends_with('/') {
        Err(CliError::not_found(format!("{from}: no objects to copy")))
    } else {
        Ok(None)
    }
}

fn needs_bucket(ctx: &Context, path: &RemotePath) -> CliResult<Newtera> {
    if path.bucket.is_empty() {
        return Err(CliError::usage(format!(
            "{path}: expected ALIAS/BUCKET[/KEY]"
        )));
    }
    ctx.client(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_object_keys() {
        assert_eq!(object_key("", "a.txt"), "a.txt");
        assert_eq!(object_key("dir/", "a.txt"), "dir/a.txt");
        assert_eq!(object_key("renamed.txt", "a.txt"), "renamed.txt");
    }

    #[test]
    fn trailing_slash_copies_contents() {
        assert_eq!(folder_base("photos/", Path::new("photos/")), "");
        assert_eq!(folder_base("photos", Path::new("photos")), "photos");
        assert_eq!(folder_base(".", Path::new(".")), "");
    }
}
