//! `newtera cat`: stream objects to stdout.

use clap::Args;
use futures_util::TryStreamExt;
use tokio::io::AsyncWriteExt;

use crate::context::Context;
use crate::error::{CliResult, Context as _};

/// Writes objects to stdout, one after the other.
#[derive(Debug, Args)]
pub(crate) struct CatArgs {
    /// ALIAS/BUCKET/KEY, one or more.
    #[arg(required = true)]
    pub(crate) targets: Vec<String>,
}

pub(crate) async fn run(ctx: &Context, args: CatArgs) -> CliResult<()> {
    let mut stdout = tokio::io::stdout();
    for target in &args.targets {
        let (client, path) = ctx.object(target)?;
        let mut body = client
            .get_object(&path.bucket, &path.key)
            .await
            .context(&path)?
            .into_body();
        while let Some(chunk) = body.try_next().await.context(&path)? {
            // A closed pipe ends the run quietly (see `ErrorKind::ClosedPipe`).
            stdout.write_all(&chunk).await?;
        }
    }
    stdout.flush().await?;
    Ok(())
}
