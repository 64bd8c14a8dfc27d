//! `newtera cors`: a bucket's CORS rules, like `mc cors`. Rules are read
//! and written as the S3 `CORSConfiguration` XML document.

use clap::Subcommand;
use newtera::CorsConfiguration;
use newtera::proto::op::config::BucketConfig;
use serde_json::json;

use crate::commands::policy::read_document;
use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _};

/// Reads, sets or removes a bucket's CORS rules.
#[derive(Debug, Subcommand)]
pub(crate) enum CorsCommand {
    /// Print the rules as `CORSConfiguration` XML.
    Get {
        /// ALIAS/BUCKET.
        target: String,
    },
    /// Set the rules from a `CORSConfiguration` XML file (`-` reads stdin).
    Set {
        /// ALIAS/BUCKET.
        target: String,
        /// The XML document.
        file: String,
    },
    /// Remove the rules.
    Remove {
        /// ALIAS/BUCKET.
        target: String,
    },
}

pub(crate) async fn run(ctx: &Context, command: CorsCommand) -> CliResult<()> {
    match command {
        CorsCommand::Get { target } => {
            let (client, path) = ctx.bucket(&target)?;
            let config = client.get_bucket_cors(&path.bucket).await.context(&path)?;
            // A configuration read from the server renders as long as it has a rule.
            let xml = config.and_then(|c| c.to_body().ok());
            ctx.output
                .record(json!({"bucket": path.bucket, "cors": xml}), || {
                    xml.clone()
                        .unwrap_or_else(|| format!("{path} has no CORS rules"))
                });
        }
        CorsCommand::Set { target, file } => {
            let (client, path) = ctx.bucket(&target)?;
            let text = read_document(&file)?;
            let config = CorsConfiguration::from_body(text.as_bytes())
                .map_err(|e| CliError::usage(format!("{file}: not a CORSConfiguration: {e}")))?;
            client
                .set_bucket_cors(&path.bucket, config)
                .await
                .context(&path)?;
            ctx.output
                .record(json!({"status": "ok", "bucket": path.bucket}), || {
                    format!("CORS rules of {path} set from {file}")
                });
        }
        CorsCommand::Remove { target } => {
            let (client, path) = ctx.bucket(&target)?;
            client
                .delete_bucket_cors(&path.bucket)
                .await
                .context(&path)?;
            ctx.output
                .record(json!({"status": "ok", "bucket": path.bucket}), || {
                    format!("CORS rules of {path} removed")
                });
        }
    }
    Ok(())
}
