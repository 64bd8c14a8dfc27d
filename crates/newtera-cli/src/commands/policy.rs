//! `newtera policy`: a bucket's access policy, like `mc anonymous`.

use clap::{Subcommand, ValueEnum};
use serde_json::json;

use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _};

/// Reads, sets or removes a bucket's policy.
#[derive(Debug, Subcommand)]
pub(crate) enum PolicyCommand {
    /// Print the bucket's policy (JSON), or say it has none.
    Get {
        /// ALIAS/BUCKET.
        target: String,
    },
    /// Set the bucket's policy from a JSON file (`-` reads stdin).
    Set {
        /// ALIAS/BUCKET.
        target: String,
        /// The policy document.
        file: String,
    },
    /// Open the bucket to anonymous users: `download` (read), `upload`
    /// (write only) or `public` (read and write).
    Public {
        /// ALIAS/BUCKET.
        target: String,
        /// What anonymous users may do.
        #[arg(value_enum, default_value = "download")]
        access: Access,
    },
    /// Remove the bucket's policy (private again).
    Remove {
        /// ALIAS/BUCKET.
        target: String,
    },
}

/// The canned anonymous access levels.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum Access {
    /// List and download.
    Download,
    /// Upload only.
    Upload,
    /// List, download, upload and delete.
    Public,
}

pub(crate) async fn run(ctx: &Context, command: PolicyCommand) -> CliResult<()> {
    match command {
        PolicyCommand::Get { target } => {
            let (client, path) = ctx.bucket(&target)?;
            let policy = client
                .get_bucket_policy(&path.bucket)
                .await
                .context(&path)?;
            let value: serde_json::Value = match &policy {
                Some(text) => serde_json::from_str(text).unwrap_or_else(|_| json!(text)),
                None => serde_json::Value::Null,
            };
            ctx.output.record(
                json!({"bucket": path.bucket, "policy": value}),
                || match policy {
                    Some(_) => value.to_string(),
                    None => format!("{path} has no policy (private)"),
                },
            );
        }
        PolicyCommand::Set { target, file } => {
            let (client, path) = ctx.bucket(&target)?;
            let text = read_document(&file)?;
            serde_json::from_str::<serde_json::Value>(&text)
                .map_err(|e| CliError::usage(format!("{file}: not a JSON policy: {e}")))?;
            client
                .set_bucket_policy(&path.bucket, text)
                .await
                .context(&path)?;
            ctx.output
                .record(json!({"status": "ok", "bucket": path.bucket}), || {
                    format!("policy of {path} set from {file}")
                });
        }
        PolicyCommand::Public { target, access } => {
            let (client, path) = ctx.bucket(&target)?;
            let policy = match access {
                Access::Download => newtera::policy::public_read(&path.bucket),
                Access::Upload => newtera::policy::public_write(&path.bucket),
                Access::Public => newtera::policy::public_read_write(&path.bucket),
            };
            client
                .set_bucket_policy(&path.bucket, policy)
                .await
                .context(&path)?;
            let level = format!("{access:?}").to_lowercase();
            ctx.output.record(
                json!({"status": "ok", "bucket": path.bucket, "access": level}),
                || format!("{path} is now open for anonymous {level}"),
            );
        }
        PolicyCommand::Remove { target } => {
            let (client, path) = ctx.bucket(&target)?;
            client
                .delete_bucket_policy(&path.bucket)
                .await
                .context(&path)?;
            ctx.output
                .record(json!({"status": "ok", "bucket": path.bucket}), || {
                    format!("policy of {path} removed")
                });
        }
    }
    Ok(())
}

/// A document from a file, or stdin for `-`.
pub(crate) fn read_document(file: &str) -> CliResult<String> {
    if file == "-" {
        std::io::read_to_string(std::io::stdin()).context("stdin")
    } else {
        std::fs::read_to_string(file).context(file)
    }
}
