//! `newtera mb`: make a bucket.

use clap::Args;
use serde_json::json;

use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _};

/// Makes a bucket.
#[derive(Debug, Args)]
pub(crate) struct MbArgs {
    /// The region to create the bucket in.
    #[arg(long)]
    pub(crate) region: Option<String>,
    /// Succeed when the bucket already exists.
    #[arg(long, short = 'p')]
    pub(crate) ignore_existing: bool,
    /// Turn on Object Lock (and with it versioning) for the new bucket.
    #[arg(long)]
    pub(crate) with_lock: bool,
    /// ALIAS/BUCKET.
    pub(crate) target: String,
}

pub(crate) async fn run(ctx: &Context, args: MbArgs) -> CliResult<()> {
    let (client, path) = ctx.bucket(&args.target)?;
    // Asked first: some servers (Ceph RGW, AWS in us-east-1) answer 200 to
    // re-creating one's own bucket, which would read as "created".
    let existed = match client.bucket_exists(&path.bucket).await {
        Ok(existed) => existed,
        // A bodiless 400 to the HEAD: the server refuses the name; the
        // create's answer says why.
        Err(e) if e.status().map(|s| s.as_u16()) == Some(400) => false,
        Err(e) => return Err(CliError::from(e).context(&path)),
    };
    if existed && !args.ignore_existing {
        return Err(CliError::failure(format!(
            "{path}: the bucket already exists (-p accepts that)"
        )));
    }
    if !existed {
        let mut make = client.make_bucket(&path.bucket).object_lock(args.with_lock);
        if let Some(region) = args.region {
            make = make.location(region);
        }
        make.await.context(&path)?;
    }
    ctx.output.record(
        json!({"status": "ok", "bucket": path.bucket, "created": !existed}),
        || {
            if existed {
                format!("bucket {path} already exists")
            } else {
                format!("bucket {path} created")
            }
        },
    );
    Ok(())
}
