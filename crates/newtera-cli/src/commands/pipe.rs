//! `newtera pipe` (and `cp - TARGET`, `cp SOURCE… -`): stdin to an object
//! of unknown length, or objects to stdout.

use bytes::BytesMut;
use clap::Args;
use futures_util::stream;
use newtera::ObjectData;
use serde_json::json;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};

use crate::context::Context;
use crate::error::{CliError, CliResult, Context as _, ErrorKind};
use crate::headers::{HeaderArgs, ObjectHeaders};
use crate::output::human_size;
use crate::path::RemotePath;

/// Uploads stdin to an object.
#[derive(Debug, Args)]
pub(crate) struct PipeArgs {
    #[command(flatten)]
    pub(crate) headers: HeaderArgs,
    /// ALIAS/BUCKET/KEY.
    pub(crate) target: String,
}

/// Bytes read from stdin per chunk handed to the uploader.
const CHUNK: usize = 256 << 10;

pub(crate) async fn run(ctx: &Context, args: PipeArgs) -> CliResult<()> {
    let headers = args.headers.parse()?;
    upload_stdin(ctx, &args.target, &headers).await
}

/// `cp` with `-` on one side.
pub(crate) async fn stdio_copy(
    ctx: &Context,
    sources: &[String],
    target: &str,
    headers: &ObjectHeaders,
) -> CliResult<()> {
    match sources {
        [only] if only == "-" && target != "-" => upload_stdin(ctx, target, headers).await,
        _ if target == "-" && sources.iter().all(|s| s != "-") => {
            let mut stdout = tokio::io::stdout();
            let mut failures = Vec::new();
            for source in sources {
                let written = async {
                    let (client, path) = ctx.object(source)?;
                    super::cat::write_object(&client, &path, 0, &mut stdout).await
                }
                .await;
                match written {
                    Ok(()) => {}
                    Err(e) if e.kind() == ErrorKind::ClosedPipe || sources.len() == 1 => {
                        return Err(e);
                    }
                    Err(e) => {
                        ctx.output.warn(&e);
                        failures.push(e.kind());
                    }
                }
            }
            stdout.flush().await?;
            super::cat::failed(&failures, sources.len())
        }
        _ => Err(CliError::usage(
            "`-` is stdin as the only source (to one object), or stdout as the target",
        )),
    }
}

async fn upload_stdin(ctx: &Context, target: &str, headers: &ObjectHeaders) -> CliResult<()> {
    let (client, path) = ctx.object(target)?;
    let size = upload_reader(&client, &path, tokio::io::stdin(), headers).await?;
    ctx.output.record(
        json!({"status": "ok", "type": "transfer", "source": "-", "target": path.to_string(), "size": size}),
        || format!("- -> {path} ({})", human_size(size)),
    );
    Ok(())
}

/// Uploads everything `reader` gives, of unknown length (one PUT when it
/// fits a part, else a multipart upload that an interruption aborts).
/// Returns the bytes uploaded.
pub(crate) async fn upload_reader(
    client: &newtera::Newtera,
    path: &RemotePath,
    reader: impl AsyncRead + Unpin + Send + 'static,
    headers: &ObjectHeaders,
) -> CliResult<u64> {
    let counted = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let tally = counted.clone();
    let chunks = stream::try_unfold(reader, move |mut reader| {
        let tally = tally.clone();
        async move {
            let mut buf = BytesMut::with_capacity(CHUNK);
            while buf.len() < CHUNK {
                if reader.read_buf(&mut buf).await? == 0 {
                    break;
                }
            }
            crate::throttle::upload(buf.len() as u64).await;
            tally.fetch_add(buf.len() as u64, std::sync::atomic::Ordering::Relaxed);
            Ok::<_, std::io::Error>((!buf.is_empty()).then(|| (buf.freeze(), reader)))
        }
    });
    let put = client.put_object(
        &path.bucket,
        &path.key,
        ObjectData::from_stream(chunks, None),
    );
    headers.for_name(&path.key).apply(put).await.context(path)?;
    Ok(counted.load(std::sync::atomic::Ordering::Relaxed))
}
