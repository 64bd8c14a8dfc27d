//! `newtera mb`: make a bucket.

use clap::Args;
use serde_json::json;

use crate::context::Context;
use crate::error::{CliResult, Context as _};

/// Makes a bucket.
#[derive(Debug, Args)]
pub(crate) struct MbArgs {
    /// The region to create the bucket in.
    #[arg(long)]
    pub(crate) region: Option<String>,
    /// Succeed when the bucket already exists.
    #[arg(long, short = 'p')]
    pub(crate) ignore_existing: bool,
    /// ALIAS/BUCKET.
    pub(crate) target: String,
}

pub(crate) async fn run(ctx: &Context, args: MbArgs) -> CliResult<()> {
    let (client, path) = ctx.bucket(&args.target)?;
    let existed =
        args.ignore_existing && client.bucket_exists(&path.bucket).await.context(&path)?;
    if !existed {
        let mut make = client.make_bucket(&path.bucket);
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
