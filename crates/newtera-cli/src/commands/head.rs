//! `newtera head`: the first lines of objects, reading no more of each
//! than those lines need.

use clap::Args;
use futures_util::TryStreamExt;
use tokio::io::AsyncWriteExt;

use crate::context::Context;
use crate::error::{CliResult, Context as _, ErrorKind};

/// Prints the first lines of objects.
#[derive(Debug, Args)]
pub(crate) struct HeadArgs {
    /// How many lines.
    #[arg(short = 'n', long, default_value_t = 10)]
    pub(crate) lines: u64,
    /// ALIAS/BUCKET/KEY, one or more.
    #[arg(required = true)]
    pub(crate) targets: Vec<String>,
}

pub(crate) async fn run(ctx: &Context, args: HeadArgs) -> CliResult<()> {
    let mut stdout = tokio::io::stdout();
    let mut failures = Vec::new();
    for target in &args.targets {
        let written = async {
            let (client, path) = ctx.object(target)?;
            let mut body = client
                .get_object(&path.bucket, &path.key)
                .await
                .context(&path)?
                .into_body();
            let mut left = args.lines;
            while left > 0 {
                let Some(chunk) = body.try_next().await.context(&path)? else {
                    break;
                };
                let (part, rest) = lines_in(&chunk, left);
                stdout.write_all(part).await?;
                left = rest;
            }
            // Dropping the body stops the download.
            CliResult::Ok(())
        }
        .await;
        match written {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::ClosedPipe || args.targets.len() == 1 => {
                return Err(e);
            }
            Err(e) => {
                ctx.output.warn(&e);
                failures.push(e.kind());
            }
        }
    }
    stdout.flush().await?;
    super::cat::failed(&failures, args.targets.len())
}

/// The start of `chunk` holding at most `lines` line ends, and how many
/// lines are still wanted after it.
fn lines_in(chunk: &[u8], lines: u64) -> (&[u8], u64) {
    let mut left = lines;
    for (i, byte) in chunk.iter().enumerate() {
        if *byte == b'\n' {
            left -= 1;
            if left == 0 {
                return (chunk.split_at(i + 1).0, 0);
            }
        }
    }
    (chunk, left)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_cut_after_the_last_wanted_newline() {
        assert_eq!(lines_in(b"a\nb\nc\n", 2), (&b"a\nb\n"[..], 0));
        assert_eq!(lines_in(b"a\nb", 3), (&b"a\nb"[..], 2));
        assert_eq!(lines_in(b"", 1), (&b""[..], 1));
    }
}
