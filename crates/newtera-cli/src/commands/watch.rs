//! `newtera watch`: follow a bucket's events as they happen (MinIO's
//! ListenBucketNotification), like `mc watch`.

use clap::Args;
use futures_util::TryStreamExt;

use crate::context::Context;
use crate::error::{CliError, CliResult};

/// Prints a bucket's events until interrupted.
#[derive(Debug, Args)]
pub(crate) struct WatchArgs {
    /// Which events: `put`, `delete`, `get` (comma-separated).
    #[arg(long, default_value = "put,delete", value_delimiter = ',')]
    pub(crate) events: Vec<String>,
    /// Only keys starting with this.
    #[arg(long)]
    pub(crate) prefix: Option<String>,
    /// Only keys ending with this.
    #[arg(long)]
    pub(crate) suffix: Option<String>,
    /// ALIAS/BUCKET.
    pub(crate) target: String,
}

pub(crate) async fn run(ctx: &Context, args: WatchArgs) -> CliResult<()> {
    let (client, path) = ctx.bucket(&args.target)?;
    let events = args
        .events
        .iter()
        .map(|e| super::event::event_name(e))
        .collect::<CliResult<Vec<_>>>()?;
    let mut listen = client.listen_bucket_notification(&path.bucket, events);
    if let Some(prefix) = args.prefix {
        listen = listen.prefix(prefix);
    }
    if let Some(suffix) = args.suffix {
        listen = listen.suffix(suffix);
    }
    let mut stream = listen.into_stream();
    while let Some(record) = stream
        .try_next()
        .await
        .map_err(|e| unsupported(e).context(&path))?
    {
        ctx.output.record(record.raw.clone(), || {
            format!(
                "[{}] {} {} {}",
                record.event_time.as_deref().unwrap_or("-"),
                record.event_name,
                path.with_key(record.key.clone()),
                record
                    .size
                    .map(crate::output::human_size)
                    .unwrap_or_default()
            )
        });
    }
    Ok(())
}

/// ListenBucketNotification is MinIO's own API: other servers refuse it
/// (Ceph RGW with AccessDenied, Garage with InvalidRequest, others with
/// NotImplemented or 405), which says nothing about the keys. Answers that
/// do name a real problem (a missing bucket, bad keys, a skewed clock)
/// are reported as they are.
fn unsupported(e: newtera::Error) -> CliError {
    let genuine = matches!(
        e.code(),
        Some(
            "NoSuchBucket"
                | "SignatureDoesNotMatch"
                | "InvalidAccessKeyId"
                | "RequestTimeTooSkewed"
                | "ExpiredToken"
        )
    );
    if e.status().is_none() || genuine {
        return CliError::from(e);
    }
    // The answer as the server gave it, without the hint about keys that
    // a plain AccessDenied would get.
    CliError::failure(format!(
        "the server does not support MinIO's ListenBucketNotification, which \
         `newtera watch` needs (it answered: {e})"
    ))
}
