//! `newtera event`: a bucket's event notifications, like `mc event`.

use clap::Subcommand;
use newtera::{NotificationConfiguration, NotificationTarget};
use serde_json::json;

use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _};

/// Adds, lists or removes event notifications.
#[derive(Debug, Subcommand)]
pub(crate) enum EventCommand {
    /// Send a bucket's events to a destination (an SNS topic, SQS queue or
    /// MinIO target ARN).
    Add {
        /// ALIAS/BUCKET.
        target: String,
        /// The destination's ARN (`arn:aws:sns:…` topics, `arn:aws:sqs:…`
        /// or `arn:minio:sqs:…` queues, `arn:aws:lambda:…` functions).
        arn: String,
        /// Which events: `put`, `delete`, or full S3 event names, comma-separated.
        #[arg(long, default_value = "put,delete", value_delimiter = ',')]
        event: Vec<String>,
        /// Only keys starting with this.
        #[arg(long)]
        prefix: Option<String>,
        /// Only keys ending with this.
        #[arg(long)]
        suffix: Option<String>,
        /// An id for the rule.
        #[arg(long)]
        id: Option<String>,
    },
    /// List the bucket's notification rules.
    List {
        /// ALIAS/BUCKET.
        target: String,
    },
    /// Remove the rules sending to `ARN`, or all rules (`--all`).
    Remove {
        /// ALIAS/BUCKET.
        target: String,
        /// The destination whose rules go.
        #[arg(required_unless_present = "all")]
        arn: Option<String>,
        /// Remove every rule.
        #[arg(long)]
        all: bool,
    },
}

pub(crate) async fn run(ctx: &Context, command: EventCommand) -> CliResult<()> {
    match command {
        EventCommand::Add {
            target,
            arn,
            event,
            prefix,
            suffix,
            id,
        } => {
            let (client, path) = ctx.bucket(&target)?;
            // Checked before any request.
            let service = arn_service(&arn)?;
            let rule = NotificationTarget {
                id,
                arn: arn.clone(),
                events: event
                    .iter()
                    .map(|e| event_name(e))
                    .collect::<CliResult<_>>()?,
                prefix,
                suffix,
            };
            let mut config = client
                .get_bucket_notification(&path.bucket)
                .await
                .context(&path)?;
            match service {
                Service::Topic => config.topics.push(rule),
                Service::Queue => config.queues.push(rule),
                Service::Lambda => config.lambdas.push(rule),
            }
            client
                .set_bucket_notification(&path.bucket, config)
                .await
                .context(&path)?;
            ctx.output.record(
                json!({"status": "ok", "bucket": path.bucket, "arn": arn}),
                || format!("events of {path} now go to {arn}"),
            );
        }
        EventCommand::List { target } => {
            let (client, path) = ctx.bucket(&target)?;
            let config = client
                .get_bucket_notification(&path.bucket)
                .await
                .context(&path)?;
            let all = config
                .topics
                .iter()
                .chain(&config.queues)
                .chain(&config.lambdas);
            let mut any = false;
            for rule in all {
                any = true;
                ctx.output.record(
                    json!({"arn": rule.arn, "id": rule.id, "events": rule.events,
                           "prefix": rule.prefix, "suffix": rule.suffix}),
                    || {
                        format!(
                            "{}  {}  prefix {:?} suffix {:?}",
                            rule.arn,
                            rule.events.join(","),
                            rule.prefix.as_deref().unwrap_or(""),
                            rule.suffix.as_deref().unwrap_or("")
                        )
                    },
                );
            }
            if !any {
                ctx.output
                    .record(json!({"bucket": path.bucket, "rules": []}), || {
                        format!("{path} sends no events")
                    });
            }
        }
        EventCommand::Remove { target, arn, all } => {
            let (client, path) = ctx.bucket(&target)?;
            if all {
                client
                    .delete_bucket_notification(&path.bucket)
                    .await
                    .context(&path)?;
            } else {
                let arn = arn.unwrap_or_default();
                let mut config = client
                    .get_bucket_notification(&path.bucket)
                    .await
                    .context(&path)?;
                let before = count(&config);
                for list in [&mut config.topics, &mut config.queues, &mut config.lambdas] {
                    list.retain(|r| r.arn != arn);
                }
                if count(&config) == before {
                    return Err(CliError::not_found(format!(
                        "{path}: no rule sends to {arn}"
                    )));
                }
                if count(&config) == 0 {
                    client.delete_bucket_notification(&path.bucket).await
                } else {
                    client.set_bucket_notification(&path.bucket, config).await
                }
                .context(&path)?;
            }
            ctx.output
                .record(json!({"status": "ok", "bucket": path.bucket}), || {
                    format!("event rules of {path} updated")
                });
        }
    }
    Ok(())
}

fn count(config: &NotificationConfiguration) -> usize {
    config.topics.len() + config.queues.len() + config.lambdas.len()
}

/// `put` / `delete` / `get` as mc spells them, or a full S3 event name.
pub(crate) fn event_name(short: &str) -> CliResult<String> {
    Ok(match short.trim() {
        "put" => "s3:ObjectCreated:*".to_owned(),
        "delete" => "s3:ObjectRemoved:*".to_owned(),
        "get" => "s3:ObjectAccessed:*".to_owned(),
        full if full.starts_with("s3:") => full.to_owned(),
        other => {
            return Err(CliError::usage(format!(
                "unknown event {other:?}: use put, delete, get or an S3 event name (s3:ObjectCreated:*)"
            )));
        }
    })
}

/// The kinds of destination, by the ARN's service.
enum Service {
    Topic,
    Queue,
    Lambda,
}

fn arn_service(arn: &str) -> CliResult<Service> {
    match arn.split(':').nth(2) {
        Some("sns") if arn.starts_with("arn:") => Ok(Service::Topic),
        Some("sqs") if arn.starts_with("arn:") => Ok(Service::Queue),
        Some("lambda") if arn.starts_with("arn:") => Ok(Service::Lambda),
        _ => Err(CliError::usage(format!(
            "{arn:?} is not an sns, sqs or lambda ARN (arn:PARTITION:SERVICE:…)"
        ))),
    }
}
