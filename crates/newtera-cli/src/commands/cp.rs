//! `newtera cp`: local to remote, remote to local, remote to remote; one
//! object or (`-r`) a whole folder or prefix.

use std::path::Path;

use clap::Args;
use futures_util::TryStreamExt;
use newtera::Newtera;

use crate::context::Context;
use crate::download_plan;
use crate::error::{CliError, CliResult, Context as _};
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
    /// Transfers in flight at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub(crate) parallel: u16,
    /// A local path or ALIAS/BUCKET/KEY.
    pub(crate) source: String,
    /// A local path or ALIAS/BUCKET[/KEY].
    pub(crate) target: String,
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
    let jobs = match (ctx.locate(&args.source), ctx.locate(&args.target)) {
        (Location::Local(from), Location::Remote(to)) => {
            upload_jobs(ctx, &args.source, &from, &to, (args.recursive, args.resume))?
        }
        (Location::Remote(from), Location::Local(to)) => {
            download_jobs(
                ctx,
                &from,
                &args.target,
                &to,
                (args.recursive, args.on_collision),
            )
            .await?
        }
        (Location::Remote(from), Location::Remote(to)) => {
            copy_jobs(ctx, &from, &to, args.recursive).await?
        }
        (Location::Local(_), Location::Local(_)) => {
            return Err(CliError::usage(
                "both paths are local: one side must be ALIAS/BUCKET[/KEY]",
            ));
        }
    };
    jobs::run_all(ctx.output, jobs, usize::from(args.parallel)).await
}

/// Where one file or the files of a folder go under `to`.
fn upload_jobs(
    ctx: &Context,
    arg: &str,
    from: &Path,
    to: &RemotePath,
    (recursive, resume): (bool, bool),
) -> CliResult<Vec<Job>> {
    let client = needs_bucket(ctx, to)?;
    if !from.is_dir() {
        let file = local::single(from)?;
        let key = object_key(&to.key, &file.relative);
        return Ok(vec![upload_job(&client, file, to.with_key(key), resume)]);
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
        let key = path::join_key(&to.key, &path::join_key(&base, &file.relative));
        jobs.push(upload_job(&client, file, to.with_key(key), resume));
    }
    Ok(jobs)
}

fn upload_job(client: &Newtera, file: LocalFile, target: RemotePath, resume: bool) -> Job {
    Job::Upload {
        client: client.clone(),
        path: file.path,
        size: file.size,
        target,
        metadata: Vec::new(),
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
    (recursive, collisions): (bool, Collisions),
) -> CliResult<Vec<Job>> {
    let client = needs_bucket(ctx, from)?;
    let listed = if recursive {
        list(&client, from).await?
    } else {
        None
    };
    let Some(objects) = listed else {
        let stat = client
            .stat_object(&from.bucket, &from.key)
            .await
            .context(from)?;
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
    recursive: bool,
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
        list(&source, from).await?
    } else {
        None
    };
    let Some(objects) = listed else {
        let stat = source
            .stat_object(&from.bucket, &from.key)
            .await
            .context(from)?;
        let name = path::leaf(&from.key).unwrap_or_default();
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

/// Every object under `from`'s prefix, as (key, size). A prefix without a
/// trailing `/` names a folder: `data` lists `data/…`, not `database.txt`.
/// `None` when nothing is under it but it may name one object, so `-r` on
/// an object copies that object.
async fn list(client: &Newtera, from: &RemotePath) -> CliResult<Option<Vec<(String, u64)>>> {
    client
        .list_objects(&from.bucket)
        .prefix(from.folder_prefix())
        .recursive(true)
        .into_stream()
        .map_ok(|o| (o.object_name, o.size))
        .try_collect::<Vec<_>>()
        .await
        .context(from)
        .and_then(|objects| {
            if !objects.is_empty() {
                Ok(Some(objects))
            } else if from.key.is_empty() || from.key.ends_with('/') {
                Err(CliError::not_found(format!("{from}: no objects to copy")))
            } else {
                Ok(None)
            }
        })
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
