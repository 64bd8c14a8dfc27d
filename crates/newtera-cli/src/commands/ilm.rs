//! `newtera ilm`: a bucket's lifecycle rules, like `mc ilm rule`.

use clap::Subcommand;
use newtera::{Expiration, LifecycleConfiguration, LifecycleFilter, LifecycleRule};
use serde_json::json;

use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _};

/// Adds, lists or removes lifecycle rules.
#[derive(Debug, Subcommand)]
pub(crate) enum IlmCommand {
    /// Add a rule (the other rules stay).
    Add {
        /// ALIAS/BUCKET.
        target: String,
        /// The rule's id (default: a new one).
        #[arg(long)]
        id: Option<String>,
        /// Only keys starting with this.
        #[arg(long)]
        prefix: Option<String>,
        /// Delete objects this many days after they were written.
        #[arg(long, value_name = "DAYS")]
        expire_days: Option<u32>,
        /// Delete noncurrent versions this many days after they were replaced.
        #[arg(long, value_name = "DAYS")]
        noncurrent_expire_days: Option<u32>,
        /// Abort multipart uploads this many days after they were started.
        #[arg(long, value_name = "DAYS")]
        abort_incomplete_days: Option<u32>,
    },
    /// List the rules.
    List {
        /// ALIAS/BUCKET.
        target: String,
    },
    /// Remove one rule (`--id`) or all of them (`--all`).
    Remove {
        /// ALIAS/BUCKET.
        target: String,
        /// The rule to remove.
        #[arg(long, conflicts_with = "all")]
        id: Option<String>,
        /// Remove every rule.
        #[arg(long)]
        all: bool,
    },
}

pub(crate) async fn run(ctx: &Context, command: IlmCommand) -> CliResult<()> {
    match command {
        IlmCommand::Add {
            target,
            id,
            prefix,
            expire_days,
            noncurrent_expire_days,
            abort_incomplete_days,
        } => {
            let (client, path) = ctx.bucket(&target)?;
            let mut config = client
                .get_bucket_lifecycle(&path.bucket)
                .await
                .context(&path)?
                .unwrap_or_default();
            let id = id.unwrap_or_else(|| format!("rule-{}", config.rules.len() + 1));
            if config.rules.iter().any(|r| r.id.as_deref() == Some(&id)) {
                return Err(CliError::usage(format!("{path} already has a rule {id:?}")));
            }
            config.rules.push(LifecycleRule {
                id: Some(id.clone()),
                enabled: true,
                filter: LifecycleFilter {
                    prefix,
                    ..LifecycleFilter::default()
                },
                expiration: expire_days.map(|days| Expiration {
                    days: Some(days),
                    ..Expiration::default()
                }),
                noncurrent_version_expiration: noncurrent_expire_days.map(|days| {
                    newtera::NoncurrentVersionExpiration {
                        noncurrent_days: days,
                        newer_noncurrent_versions: None,
                    }
                }),
                abort_incomplete_multipart_upload_days: abort_incomplete_days,
                transitions: Vec::new(),
            });
            client
                .set_bucket_lifecycle(&path.bucket, config)
                .await
                .context(&path)?;
            ctx.output.record(
                json!({"status": "ok", "bucket": path.bucket, "id": id}),
                || format!("rule {id} added to {path}"),
            );
        }
        IlmCommand::List { target } => {
            let (client, path) = ctx.bucket(&target)?;
            let config = client
                .get_bucket_lifecycle(&path.bucket)
                .await
                .context(&path)?
                .unwrap_or_default();
            if config.rules.is_empty() {
                ctx.output
                    .record(json!({"bucket": path.bucket, "rules": []}), || {
                        format!("{path} has no lifecycle rules")
                    });
            }
            for rule in &config.rules {
                ctx.output.record(rule_json(rule), || describe(rule));
            }
        }
        IlmCommand::Remove { target, id, all } => {
            let (client, path) = ctx.bucket(&target)?;
            if all {
                client
                    .delete_bucket_lifecycle(&path.bucket)
                    .await
                    .context(&path)?;
            } else {
                let id = id.ok_or_else(|| CliError::usage("say which rule: --id ID, or --all"))?;
                remove_rule(&client, &path.bucket, &id)
                    .await
                    .context(&path)?;
            }
            ctx.output
                .record(json!({"status": "ok", "bucket": path.bucket}), || {
                    format!("lifecycle rules of {path} updated")
                });
        }
    }
    Ok(())
}

async fn remove_rule(client: &newtera::Newtera, bucket: &str, id: &str) -> CliResult<()> {
    let mut config: LifecycleConfiguration = client
        .get_bucket_lifecycle(bucket)
        .await?
        .unwrap_or_default();
    let before = config.rules.len();
    config.rules.retain(|r| r.id.as_deref() != Some(id));
    if config.rules.len() == before {
        return Err(CliError::not_found(format!("no lifecycle rule {id:?}")));
    }
    if config.rules.is_empty() {
        client.delete_bucket_lifecycle(bucket).await?;
    } else {
        client.set_bucket_lifecycle(bucket, config).await?;
    }
    Ok(())
}

fn rule_json(rule: &LifecycleRule) -> serde_json::Value {
    json!({
        "id": rule.id,
        "enabled": rule.enabled,
        "prefix": rule.filter.prefix,
        "expire_days": rule.expiration.as_ref().and_then(|e| e.days),
        "noncurrent_expire_days": rule.noncurrent_version_expiration.as_ref().map(|n| n.noncurrent_days),
        "abort_incomplete_days": rule.abort_incomplete_multipart_upload_days,
    })
}

fn describe(rule: &LifecycleRule) -> String {
    let mut parts = vec![format!(
        "{} ({})",
        rule.id.as_deref().unwrap_or("-"),
        if rule.enabled { "enabled" } else { "disabled" }
    )];
    parts.push(format!(
        "prefix {:?}",
        rule.filter.prefix.as_deref().unwrap_or("")
    ));
    if let Some(days) = rule.expiration.as_ref().and_then(|e| e.days) {
        parts.push(format!("expire after {days} d"));
    }
    if let Some(n) = &rule.noncurrent_version_expiration {
        parts.push(format!("noncurrent after {} d", n.noncurrent_days));
    }
    if let Some(days) = rule.abort_incomplete_multipart_upload_days {
        parts.push(format!("abort uploads after {days} d"));
    }
    parts.join(", ")
}
