//! `newtera share`: links that let others download or upload without
//! keys. `share upload` prints a presigned POST policy as a `curl` command
//! (Amazon S3, "Browser-based uploads using POST").

use std::time::{Duration, SystemTime};

use clap::Subcommand;
use newtera::PostPolicy;
use serde_json::json;

use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _};

/// Shares objects.
#[derive(Debug, Subcommand)]
pub(crate) enum ShareCommand {
    /// A presigned GET URL (as `presign`).
    Download {
        /// How long the link works: `90s`, `15m`, `1h`, `7d` (1 s to 7 days).
        #[arg(long, default_value = "7d", value_parser = super::presign::parse_duration)]
        expires: Duration,
        /// ALIAS/BUCKET/KEY.
        target: String,
    },
    /// A `curl` command that uploads one file with a presigned POST form:
    /// to the key, or with a key ending in `/` to any key under it.
    Upload {
        /// How long the form works (1 s to 7 days).
        #[arg(long, default_value = "7d", value_parser = super::presign::parse_duration)]
        expires: Duration,
        /// The Content-Type the upload must have.
        #[arg(long, value_name = "TYPE")]
        content_type: Option<String>,
        /// The largest upload accepted (`10MiB`).
        #[arg(long, value_name = "SIZE", value_parser = crate::units::parse_size)]
        max_size: Option<u64>,
        /// ALIAS/BUCKET/KEY, or ALIAS/BUCKET/PREFIX/ for any key under it.
        target: String,
    },
}

/// The longest a SigV4 signature lasts.
const MAX_EXPIRY: Duration = Duration::from_secs(7 * 24 * 3600);

pub(crate) async fn run(ctx: &Context, command: ShareCommand) -> CliResult<()> {
    match command {
        ShareCommand::Download { expires, target } => {
            super::presign::run(
                ctx,
                super::presign::PresignArgs {
                    expires,
                    put: false,
                    target,
                },
            )
            .await
        }
        ShareCommand::Upload {
            expires,
            content_type,
            max_size,
            target,
        } => upload(ctx, expires, content_type, max_size, &target).await,
    }
}

async fn upload(
    ctx: &Context,
    expires: Duration,
    content_type: Option<String>,
    max_size: Option<u64>,
    target: &str,
) -> CliResult<()> {
    if expires.is_zero() || expires > MAX_EXPIRY {
        return Err(CliError::usage("--expires must be 1 s to 7 days"));
    }
    let (client, path) = ctx.bucket(target)?;
    let mut policy = PostPolicy::new(&path.bucket, SystemTime::now() + expires);
    let key_field = if path.key.is_empty() || path.key.ends_with('/') {
        policy = policy.key_starts_with(&path.key);
        format!("{}<NAME>", path.key)
    } else {
        policy = policy.key(&path.key);
        path.key.clone()
    };
    if let Some(content_type) = &content_type {
        policy = policy.content_type(content_type);
    }
    if let Some(max) = max_size {
        policy = policy.content_length_range(0, max);
    }
    let post = client.presigned_post_policy(policy).await.context(&path)?;
    let mut fields = post.fields.clone();
    // A prefix policy takes any key under it: the form names where this
    // upload goes, for the user to fill in.
    if !fields.iter().any(|(name, _)| name == "key") {
        fields.push(("key".to_owned(), key_field));
    }
    if let Some(content_type) = &content_type
        && !fields
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("content-type"))
    {
        fields.push(("Content-Type".to_owned(), content_type.clone()));
    }
    let mut curl = format!("curl {}", quote(&post.url));
    for (name, value) in &fields {
        curl.push_str(&format!(" -F {}", quote(&format!("{name}={value}"))));
    }
    // S3 reads the fields before the file: it goes last.
    curl.push_str(" -F file=@<FILE>");
    let object: serde_json::Map<String, serde_json::Value> = fields
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    ctx.output.record(
        json!({"url": post.url, "fields": object, "curl": curl, "expires_seconds": expires.as_secs()}),
        || curl.clone(),
    );
    Ok(())
}

/// `text` quoted for a POSIX shell.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn shell_quoting() {
        assert_eq!(super::quote("a b"), "'a b'");
        assert_eq!(super::quote("it's"), r"'it'\''s'");
    }
}
