//! `newtera encrypt`: a bucket's default encryption, like `mc encrypt`.

use clap::Subcommand;
use newtera::EncryptionConfiguration;
use serde_json::json;

use crate::context::Context;
use crate::error::{CliResult, Context as _};

/// Sets, shows or clears a bucket's default encryption.
#[derive(Debug, Subcommand)]
pub(crate) enum EncryptCommand {
    /// Encrypt new objects by default: `sse-s3`, or `sse-kms KEY_ID`.
    Set {
        /// ALIAS/BUCKET.
        target: String,
        /// `sse-s3` or `sse-kms`.
        #[arg(value_parser = ["sse-s3", "sse-kms"])]
        kind: String,
        /// The KMS key, for `sse-kms`.
        #[arg(required_if_eq("kind", "sse-kms"))]
        key_id: Option<String>,
    },
    /// Show the default encryption.
    Info {
        /// ALIAS/BUCKET.
        target: String,
    },
    /// Stop encrypting new objects by default.
    Clear {
        /// ALIAS/BUCKET.
        target: String,
    },
}

pub(crate) async fn run(ctx: &Context, command: EncryptCommand) -> CliResult<()> {
    match command {
        EncryptCommand::Set {
            target,
            kind,
            key_id,
        } => {
            let (client, path) = ctx.bucket(&target)?;
            let config = match key_id {
                Some(key) if kind == "sse-kms" => EncryptionConfiguration::sse_kms(key),
                _ => EncryptionConfiguration::sse_s3(),
            };
            client
                .set_bucket_encryption(&path.bucket, config)
                .await
                .context(&path)?;
            ctx.output.record(
                json!({"status": "ok", "bucket": path.bucket, "kind": kind}),
                || format!("{path} encrypts new objects with {kind} by default"),
            );
        }
        EncryptCommand::Info { target } => {
            let (client, path) = ctx.bucket(&target)?;
            let config = client
                .get_bucket_encryption(&path.bucket)
                .await
                .context(&path)?;
            let rule = config.and_then(|c| c.rules.into_iter().next());
            let algorithm = rule.as_ref().map(|r| r.sse_algorithm.clone());
            let key = rule.and_then(|r| r.kms_master_key_id);
            ctx.output.record(
                json!({"bucket": path.bucket, "algorithm": algorithm, "kms_key_id": key}),
                || match (&algorithm, &key) {
                    (Some(a), Some(k)) => format!("{path}: {a} with key {k}"),
                    (Some(a), None) => format!("{path}: {a}"),
                    _ => format!("{path} has no default encryption"),
                },
            );
        }
        EncryptCommand::Clear { target } => {
            let (client, path) = ctx.bucket(&target)?;
            client
                .delete_bucket_encryption(&path.bucket)
                .await
                .context(&path)?;
            ctx.output
                .record(json!({"status": "ok", "bucket": path.bucket}), || {
                    format!("default encryption of {path} cleared")
                });
        }
    }
    Ok(())
}
