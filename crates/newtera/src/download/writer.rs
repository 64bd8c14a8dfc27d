//! The file side of `fget_object`: one blocking task writes every chunk at
//! its offset as it arrives, so the network never waits for the disk and
//! no chunk is copied again on the way.

use std::fs::File;
use std::path::PathBuf;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::TryStreamExt;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::error::{Error, Result};

/// Chunks queued for the disk. hyper hands out chunks of at most ~400 KiB,
/// so a stalled disk holds at most ~13 MiB in memory.
const QUEUE: usize = 32;

/// The writing task and the queue feeding it.
pub(super) struct Writer {
    meter: crate::progress::OptMeter,
    queue: mpsc::Sender<(u64, Bytes)>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Writer {
    pub(super) fn spawn(file: Arc<File>, meter: crate::progress::OptMeter) -> Self {
        let (queue, mut chunks) = mpsc::channel::<(u64, Bytes)>(QUEUE);
        let task = tokio::task::spawn_blocking(move || {
            while let Some((at, data)) = chunks.blocking_recv() {
                newtera_transport::fs::write_all_at(&file, &data, at)?;
            }
            Ok(())
        });
        Self { meter, queue, task }
    }

    /// Queues every chunk of `body` from `offset` on and returns its length;
    /// the body must carry exactly `len` bytes when given (else it is read
    /// to its end).
    pub(super) async fn stream(
        &self,
        mut body: crate::ObjectBody,
        offset: u64,
        len: Option<u64>,
    ) -> Result<u64> {
        let end = len.map(|len| offset + len);
        let mut at = offset;
        while let Some(chunk) = body.try_next().await? {
            let next = at + chunk.len() as u64;
            if end.is_some_and(|end| next > end) {
                return Err(Error::Integrity(format!(
                    "range at {offset} returned more than {} bytes",
                    len.unwrap_or(0)
                )));
            }
            let n = chunk.len() as u64;
            if self.queue.send((at, chunk)).await.is_err() {
                // The task stopped on a write error; `finish` reports it.
                return Err(Error::Io(std::io::Error::other("the file writer stopped")));
            }
            crate::progress::add(&self.meter, n);
            at = next;
        }
        if end.is_some_and(|end| at != end) {
            return Err(Error::Integrity(format!(
                "range at {offset} returned {} bytes, expected {}",
                at - offset,
                len.unwrap_or(0)
            )));
        }
        Ok(at - offset)
    }

    /// Waits until every queued chunk is written; the first write error.
    pub(super) async fn finish(self) -> Result<()> {
        drop(self.queue);
        self.task
            .await
            .map_err(|e| Error::Io(std::io::Error::other(e)))?
            .map_err(Error::Io)
    }
}

/// Creates the part file at its final size (a sparse file the ranges fill),
/// and its folder first if missing.
pub(super) async fn create_sized(path: PathBuf, size: u64) -> Result<Arc<File>> {
    tokio::task::spawn_blocking(move || {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        let file = File::create(&path)?;
        file.set_len(size)?;
        Ok(Arc::new(file))
    })
    .await
    .map_err(|e| Error::Io(std::io::Error::other(e)))?
}
