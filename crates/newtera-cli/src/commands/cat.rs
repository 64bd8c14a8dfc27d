//! `newtera cat`: stream objects to stdout, whole or from an offset, or
//! only their last bytes. A missing object is reported and the others are
//! still written; the run then fails.

use clap::Args;
use futures_util::TryStreamExt;
use newtera::Newtera;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _, ErrorKind};
use crate::path::RemotePath;

/// Writes objects to stdout, one after the other.
#[derive(Debug, Args)]
pub(crate) struct CatArgs {
    /// Start at this byte of each object.
    #[arg(long, value_name = "BYTES", conflicts_with = "tail")]
    pub(crate) offset: Option<u64>,
    /// Only the last BYTES bytes of each object.
    #[arg(long, value_name = "BYTES")]
    pub(crate) tail: Option<u64>,
    /// ALIAS/BUCKET/KEY, one or more.
    #[arg(required = true)]
    pub(crate) targets: Vec<String>,
}

pub(crate) async fn run(ctx: &Context, args: CatArgs) -> CliResult<()> {
    let mut stdout = tokio::io::stdout();
    let mut failures = Vec::new();
    for target in &args.targets {
        let written = async {
            let (client, path) = ctx.object(target)?;
            let offset = match (args.offset, args.tail) {
                (_, Some(tail)) => {
                    let stat = client
                        .stat_object(&path.bucket, &path.key)
                        .await
                        .context(&path)?;
                    stat.size.saturating_sub(tail)
                }
                (offset, None) => offset.unwrap_or(0),
            };
            write_object(&client, &path, offset, &mut stdout).await
        }
        .await;
        match written {
            Ok(()) => {}
            // A closed pipe ends the run quietly (see `ErrorKind::ClosedPipe`).
            Err(e) if e.kind() == ErrorKind::ClosedPipe => return Err(e),
            Err(e) if args.targets.len() == 1 => return Err(e),
            Err(e) => {
                ctx.output.warn(&e);
                failures.push(e.kind());
            }
        }
    }
    stdout.flush().await?;
    failed(&failures, args.targets.len())
}

/// The error of a run where `failures` of `count` objects could not be
/// read: not found when every one was missing.
pub(crate) fn failed(failures: &[ErrorKind], count: usize) -> CliResult<()> {
    if failures.is_empty() {
        return Ok(());
    }
    let kind = if failures.iter().all(|k| *k == ErrorKind::NotFound) {
        ErrorKind::NotFound
    } else {
        ErrorKind::Failure
    };
    Err(CliError::new(
        kind,
        format!("{} of {count} object(s) could not be read", failures.len()),
    ))
}

/// Writes the object at `path` from byte `offset` to `out`. An offset at
/// or past the end writes nothing.
pub(crate) async fn write_object(
    client: &Newtera,
    path: &RemotePath,
    offset: u64,
    out: &mut (impl AsyncWrite + Unpin),
) -> CliResult<()> {
    let mut get = client.get_object(&path.bucket, &path.key);
    if offset > 0 {
        let size = client
            .stat_object(&path.bucket, &path.key)
            .await
            .context(path)?
            .size;
        if offset >= size {
            return Ok(());
        }
        get = get.offset(offset);
    }
    let mut body = get.await.context(path)?.into_body();
    while let Some(chunk) = body.try_next().await.context(path)? {
        crate::throttle::download(chunk.len() as u64).await;
        out.write_all(&chunk).await?;
    }
    Ok(())
}
