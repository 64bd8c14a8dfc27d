//! A batch of transfers run with bounded parallelism under one progress
//! report; one failure never stops the others.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use futures_util::{StreamExt, stream};
use newtera::Newtera;
use serde_json::json;
use tokio::sync::Semaphore;

use crate::error::{CliError, CliResult};
use crate::output::{Output, human_size};
use crate::path::RemotePath;
use crate::progress::Progress;
use crate::transfer;

/// One transfer to make, or one refused up front.
#[derive(Debug)]
pub(crate) enum Job {
    /// A local file to upload.
    Upload {
        client: Newtera,
        path: PathBuf,
        size: u64,
        target: RemotePath,
        options: crate::headers::UploadOptions,
        /// `cp --continue`: skip a file the target already holds, resume
        /// an unfinished upload, keep a failed one to resume.
        resume: bool,
    },
    /// An object to download.
    Download {
        client: Newtera,
        source: RemotePath,
        size: u64,
        dest: PathBuf,
    },
    /// An object to copy to another object.
    Copy {
        from: Newtera,
        to: Newtera,
        source: RemotePath,
        size: u64,
        target: RemotePath,
    },
    /// An empty folder marker (a key ending with `/`) downloaded as the
    /// folder it stands for.
    Folder { source: RemotePath, dest: PathBuf },
    /// A transfer that must not happen (an unsafe key); reported as a
    /// failure while the rest goes on.
    Refused(CliError),
}

/// The bytes one request of a transfer carries: the library's part size
/// (uploads, copies) and download range size.
const PART: u64 = 8 << 20;
const RANGE: u64 = 16 << 20;
/// The parts or ranges one transfer keeps in flight (the library's
/// `parallel_uploads` / `parallel_downloads` default).
pub(crate) const PER_TRANSFER: u64 = 4;

/// The requests a transfer of `size` bytes in `per_request` pieces keeps
/// in flight: 1 to [`PER_TRANSFER`].
fn requests(size: u64, per_request: u64) -> u32 {
    u32::try_from(size.div_ceil(per_request).clamp(1, PER_TRANSFER)).unwrap_or(1)
}

impl Job {
    /// How many of the command's requests in flight this transfer takes:
    /// one for an object that fits one request, else one per part or range
    /// the library sends at once.
    fn weight(&self) -> u32 {
        match self {
            Self::Upload { size, .. } | Self::Copy { size, .. } => requests(*size, PART),
            Self::Download { size, .. } => requests(*size, RANGE),
            Self::Folder { .. } | Self::Refused(_) => 1,
        }
    }

    fn size(&self) -> u64 {
        match self {
            Self::Upload { size, .. } | Self::Download { size, .. } | Self::Copy { size, .. } => {
                *size
            }
            Self::Folder { .. } | Self::Refused(_) => 0,
        }
    }

    pub(crate) fn endpoints(&self) -> (String, String) {
        match self {
            Self::Upload { path, target, .. } => (path.display().to_string(), target.to_string()),
            Self::Download { source, dest, .. } => (source.to_string(), dest.display().to_string()),
            Self::Copy { source, target, .. } => (source.to_string(), target.to_string()),
            Self::Folder { source, dest } => (source.to_string(), dest.display().to_string()),
            Self::Refused(_) => (String::new(), String::new()),
        }
    }

    async fn run(self, progress: &Progress) -> CliResult<u64> {
        let (from, to) = self.endpoints();
        let size = match self {
            Self::Upload {
                client,
                path,
                target,
                options,
                resume,
                size,
            } => {
                if resume && transfer::already_uploaded(&client, &target, &path).await? {
                    progress.advance(size);
                    progress.done(
                        json!({"status": "skipped", "type": "transfer", "source": from, "target": to, "size": size, "reason": "already complete"}),
                        || format!("{from} -> {to}: already complete, skipped"),
                    );
                    return Ok(size);
                }
                transfer::upload(&client, &target, &path, &options, resume, progress).await?
            }
            Self::Download {
                client,
                source,
                dest,
                ..
            } => transfer::download(&client, &source, &dest, progress).await?,
            Self::Copy {
                from,
                to,
                source,
                target,
                ..
            } => transfer::copy((&from, &to), &source, &target, progress).await?,
            Self::Folder { source, dest } => {
                tokio::fs::create_dir_all(&dest)
                    .await
                    .map_err(|e| CliError::failure(format!("{source}: {}: {e}", dest.display())))?;
                0
            }
            Self::Refused(e) => return Err(e),
        };
        progress.done(
            json!({"status": "ok", "type": "transfer", "source": from, "target": to, "size": size}),
            || format!("{from} -> {to} ({})", human_size(size)),
        );
        Ok(size)
    }
}

/// Runs `jobs` with at most `parallel` requests in flight between them:
/// small objects run `parallel` at once, large ones fewer, each with its
/// parts or ranges in parallel ([`Job::weight`]; with a budget under
/// [`PER_TRANSFER`] the clients send only that many parts or ranges at
/// once, `ClientSettings::parallel`, so a large transfer runs alone). A lone job's error is returned as is (so
/// a missing object exits with 3); in a batch each failure is reported and
/// the batch fails at the end.
pub(crate) async fn run_all(output: Output, jobs: Vec<Job>, parallel: usize) -> CliResult<()> {
    let count = jobs.len();
    let progress = Progress::new(output, jobs.iter().map(Job::size).sum(), count);
    let started = Instant::now();
    let budget = u32::try_from(parallel.max(1)).unwrap_or(u32::MAX);
    let requests = Arc::new(Semaphore::new(budget as usize));
    let results: Vec<CliResult<u64>> = stream::iter(jobs)
        .map(|job| {
            let progress = progress.clone();
            let requests = Arc::clone(&requests);
            async move {
                // Never closed, so the permits always come.
                let _held = requests.acquire_many(job.weight().min(budget)).await;
                job.run(&progress).await
            }
        })
        .buffer_unordered(parallel.max(1))
        .collect()
        .await;
    progress.finish();
    let mut bytes = 0;
    let mut failures = Vec::new();
    for result in results {
        match result {
            Ok(n) => bytes += n,
            Err(e) => failures.push(e),
        }
    }
    if count == 1
        && let Some(e) = failures.pop()
    {
        return Err(e);
    }
    for e in &failures {
        output.warn(e);
    }
    let done = count - failures.len();
    let seconds = started.elapsed().as_secs_f64();
    output.record(
        json!({"status": if failures.is_empty() { "ok" } else { "partial" }, "type": "summary",
               "objects": done, "bytes": bytes, "failed": failures.len(), "seconds": seconds}),
        || format!("{done} object(s), {} in {seconds:.2}s", human_size(bytes)),
    );
    match failures.len() {
        0 => Ok(()),
        n => Err(CliError::failure(format!(
            "{n} of {count} transfer(s) failed"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transfer_takes_one_request_per_piece_in_flight_up_to_four() {
        assert_eq!(requests(0, PART), 1, "an empty object is one request");
        assert_eq!(requests(4096, PART), 1);
        assert_eq!(requests(PART, PART), 1);
        assert_eq!(requests(PART + 1, PART), 2);
        assert_eq!(requests(3 * RANGE, RANGE), 3);
        assert_eq!(
            requests(1 << 30, PART),
            4,
            "a large file: its parts in flight"
        );
        assert_eq!(requests(u64::MAX, RANGE), 4);
    }
}
