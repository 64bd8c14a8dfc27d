//! `newtera tag`: tags of an object (ALIAS/BUCKET/KEY) or of a bucket
//! (ALIAS/BUCKET), like `mc tag`.

use clap::Subcommand;
use newtera::{Newtera, Tags};
use serde_json::json;

use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _};
use crate::path::RemotePath;

/// Sets, lists or removes tags.
#[derive(Debug, Subcommand)]
pub(crate) enum TagCommand {
    /// Replace the tags with `KEY=VALUE&KEY=VALUE…` (at most 10 on an
    /// object, 50 on a bucket).
    Set {
        /// ALIAS/BUCKET/KEY or ALIAS/BUCKET.
        target: String,
        /// The tags, as `k1=v1&k2=v2`.
        tags: String,
        /// Tag this version of the object.
        #[arg(long)]
        version_id: Option<String>,
    },
    /// Print the tags.
    List {
        /// ALIAS/BUCKET/KEY or ALIAS/BUCKET.
        target: String,
        /// The tags of this version of the object.
        #[arg(long)]
        version_id: Option<String>,
    },
    /// Remove every tag.
    Remove {
        /// ALIAS/BUCKET/KEY or ALIAS/BUCKET.
        target: String,
        /// Untag this version of the object.
        #[arg(long)]
        version_id: Option<String>,
    },
}

pub(crate) async fn run(ctx: &Context, command: TagCommand) -> CliResult<()> {
    match command {
        TagCommand::Set {
            target,
            tags,
            version_id,
        } => {
            let tags = parse_tags(&tags)?;
            let (client, path) = ctx.bucket(&target)?;
            set(&client, &path, tags.clone(), version_id).await?;
            ctx.output.record(
                json!({"status": "ok", "target": path.to_string(), "tags": tags_json(&tags)}),
                || format!("{} tag(s) set on {path}", tags.len()),
            );
        }
        TagCommand::List { target, version_id } => {
            let (client, path) = ctx.bucket(&target)?;
            let tags = get(&client, &path, version_id).await?;
            ctx.output.record_lines(
                json!({"target": path.to_string(), "tags": tags_json(&tags)}),
                || match tags.is_empty() {
                    true => vec![format!("{path} has no tags")],
                    false => tags.iter().map(|(k, v)| format!("{k}={v}")).collect(),
                },
            );
        }
        TagCommand::Remove { target, version_id } => {
            let (client, path) = ctx.bucket(&target)?;
            remove(&client, &path, version_id).await?;
            ctx.output
                .record(json!({"status": "ok", "target": path.to_string()}), || {
                    format!("tags of {path} removed")
                });
        }
    }
    Ok(())
}

async fn set(client: &Newtera, path: &RemotePath, tags: Tags, v: Option<String>) -> CliResult<()> {
    if path.key.is_empty() {
        no_version(&v)?;
        return client
            .set_bucket_tags(&path.bucket, tags)
            .await
            .context(path);
    }
    let mut set = client.set_object_tags(&path.bucket, &path.key, tags);
    if let Some(v) = v {
        set = set.version_id(v);
    }
    set.await.context(path)
}

async fn get(client: &Newtera, path: &RemotePath, v: Option<String>) -> CliResult<Tags> {
    if path.key.is_empty() {
        no_version(&v)?;
        return client.get_bucket_tags(&path.bucket).await.context(path);
    }
    let mut get = client.get_object_tags(&path.bucket, &path.key);
    if let Some(v) = v {
        get = get.version_id(v);
    }
    get.await.context(path)
}

async fn remove(client: &Newtera, path: &RemotePath, v: Option<String>) -> CliResult<()> {
    if path.key.is_empty() {
        no_version(&v)?;
        return client.delete_bucket_tags(&path.bucket).await.context(path);
    }
    // The latest version by its id: Ceph RGW 16.2 answers a
    // DeleteObjectTagging without one, in a bucket with Object Lock, with
    // success and keeps the tags.
    let version = match v {
        Some(v) => Some(v),
        None => client
            .stat_object(&path.bucket, &path.key)
            .await
            .context(path)?
            .version_id
            .filter(|v| v != "null"),
    };
    let mut delete = client.delete_object_tags(&path.bucket, &path.key);
    if let Some(v) = version {
        delete = delete.version_id(v);
    }
    delete.await.context(path)
}

fn no_version(version_id: &Option<String>) -> CliResult<()> {
    match version_id {
        Some(_) => Err(CliError::usage("--version-id needs ALIAS/BUCKET/KEY")),
        None => Ok(()),
    }
}

/// `k1=v1&k2=v2` (a pair without `=` has an empty value), checked against
/// the per-pair limits before anything is sent.
fn parse_tags(text: &str) -> CliResult<Tags> {
    if text.is_empty() {
        return Err(CliError::usage(
            "no tags given (use `tag remove` to remove them)",
        ));
    }
    let pairs = text
        .split('&')
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")));
    Tags::from_pairs(pairs).map_err(|e| CliError::usage(format!("{text:?}: {e}")))
}

fn tags_json(tags: &Tags) -> serde_json::Value {
    tags.iter()
        .map(|(k, v)| (k.to_owned(), json!(v)))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_parse_like_mc() {
        let tags = parse_tags("a=1&b=x=y&c").unwrap();
        let pairs: Vec<(&str, &str)> = tags.iter().collect();
        assert_eq!(pairs, [("a", "1"), ("b", "x=y"), ("c", "")]);
        assert!(parse_tags("").is_err());
        assert!(parse_tags("a=1&a=2").is_err());
        assert!(parse_tags("=v").is_err());
    }
}
