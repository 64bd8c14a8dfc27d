//! `newtera diff`: what differs between two folders or prefixes (local or
//! remote, in any combination), by name and size, and by ETag where both
//! sides are objects with MD5 ETags.

use std::collections::BTreeMap;

use clap::Args;
use futures_util::TryStreamExt;
use serde_json::json;

use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _};
use crate::local;
use crate::path::Location;

/// Lists the differences between two folders or prefixes.
#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// A local folder or ALIAS/BUCKET[/PREFIX].
    pub(crate) first: String,
    /// A local folder or ALIAS/BUCKET[/PREFIX].
    pub(crate) second: String,
}

/// One side's entries: relative name to size and (for objects) an MD5 ETag.
type Entries = BTreeMap<String, (u64, Option<String>)>;

pub(crate) async fn run(ctx: &Context, args: DiffArgs) -> CliResult<()> {
    let first = entries(ctx, &args.first).await?;
    let mut second = entries(ctx, &args.second).await?;
    for (name, (size, etag)) in first {
        let (kind, mark) = match second.remove(&name) {
            None => ("only-in-first", "<"),
            Some((other, _)) if other != size => ("size", "!"),
            Some((_, Some(other))) if etag.as_ref().is_some_and(|e| *e != other) => {
                ("content", "!")
            }
            Some(_) => continue,
        };
        report(ctx, &args, &name, kind, mark);
    }
    for name in second.into_keys() {
        report(ctx, &args, &name, "only-in-second", ">");
    }
    Ok(())
}

fn report(ctx: &Context, args: &DiffArgs, name: &str, kind: &str, mark: &str) {
    ctx.output.record(
        json!({"type": "diff", "difference": kind, "name": name,
               "first": args.first, "second": args.second}),
        || format!("{mark} {name}"),
    );
}

async fn entries(ctx: &Context, arg: &str) -> CliResult<Entries> {
    match ctx.locate(arg) {
        Location::Local(dir) => {
            if !dir.is_dir() {
                return Err(CliError::not_found(format!("{arg}: not a folder")));
            }
            let (files, skipped) = local::walk(&dir)?;
            for e in &skipped {
                ctx.output.warn(e);
            }
            Ok(files
                .into_iter()
                .map(|f| (f.relative, (f.size, None)))
                .collect())
        }
        Location::Remote(_) => {
            let (client, path) = ctx.bucket(arg)?;
            let prefix = path.folder_prefix();
            let found: Entries = client
                .list_objects(&path.bucket)
                .prefix(prefix.clone())
                .recursive(true)
                .into_stream()
                .try_filter_map(|o| {
                    let relative = o.object_name.strip_prefix(&prefix).map(str::to_owned);
                    let etag = o
                        .etag
                        .filter(|e| !e.is_weak() && e.as_str().len() == 32)
                        .map(|e| e.as_str().to_ascii_lowercase());
                    // A folder marker is no file to compare.
                    let entry = relative
                        .filter(|r| !r.is_empty() && !r.ends_with('/'))
                        .map(|r| (r, (o.size, etag)));
                    futures_util::future::ready(Ok(entry))
                })
                .try_collect()
                .await
                .context(&path)?;
            // A prefix that holds nothing is most likely a typo: fail as
            // `ls`, `du` and `tree` do, rather than list every name as missing.
            if found.is_empty() && !path.key.is_empty() {
                return Err(CliError::not_found(format!("{path}: no objects under it")));
            }
            Ok(found)
        }
    }
}
