//! File-range bodies read by position in chunks on the blocking pool.

use std::fs::File;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use tokio::task::JoinHandle;

use crate::error::{Error, ErrorKind};

/// Chunk size: large enough to amortise the blocking-pool hop, small enough to bound memory.
const CHUNK: u64 = 256 * 1024;

/// Where a file body's bytes come from (built by `Body::from_file*`; not
/// public: nothing outside the transport takes one).
#[derive(Debug, Clone)]
pub(crate) enum FileSource {
    /// An open file shared by several bodies (positioned reads do not move its cursor).
    Open(Arc<File>),
    /// A path opened on first read.
    Path(Arc<PathBuf>),
}

type ReadTask = JoinHandle<io::Result<(Arc<File>, Bytes)>>;

pub(super) struct FileRange {
    source: FileSource,
    offset: u64,
    len: u64,
    /// Bytes already yielded.
    pos: u64,
    task: Option<ReadTask>,
}

impl FileRange {
    pub(super) fn new(source: FileSource, offset: u64, len: u64) -> Self {
        Self {
            source,
            offset,
            len,
            pos: 0,
            task: None,
        }
    }

    /// A copy positioned at the start, sharing the file once it has been opened.
    pub(super) fn restart(&self) -> Self {
        Self::new(self.source.clone(), self.offset, self.len)
    }

    pub(super) fn len(&self) -> u64 {
        self.len
    }

    pub(super) fn is_done(&self) -> bool {
        self.pos >= self.len
    }

    pub(super) fn poll_chunk(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Error>>> {
        if self.is_done() {
            return Poll::Ready(None);
        }
        let task = self.task.get_or_insert_with(|| {
            let source = self.source.clone();
            let at = self.offset + self.pos;
            let want = (self.len - self.pos).min(CHUNK);
            tokio::task::spawn_blocking(move || read_chunk(source, at, want))
        });
        let joined = ready!(std::pin::Pin::new(task).poll(cx));
        self.task = None;
        Poll::Ready(Some(self.finish_read(joined)))
    }

    fn finish_read(
        &mut self,
        joined: Result<io::Result<(Arc<File>, Bytes)>, tokio::task::JoinError>,
    ) -> Result<Bytes, Error> {
        let (file, chunk) = joined
            .map_err(|e| Error::with_source(ErrorKind::Io, e))?
            .map_err(|e| Error::with_source(ErrorKind::Io, e).detail("reading the file body"))?;
        if chunk.is_empty() {
            // The file shrank under us; sending fewer bytes than Content-Length would hang the server.
            return Err(Error::new(ErrorKind::Io).detail("file ended before the declared length"));
        }
        // Later chunks and retries reuse the handle instead of reopening the path.
        self.source = FileSource::Open(file);
        self.pos += chunk.len() as u64;
        Ok(chunk)
    }
}

use std::future::Future as _;

fn read_chunk(source: FileSource, at: u64, want: u64) -> io::Result<(Arc<File>, Bytes)> {
    let file = match source {
        FileSource::Open(file) => file,
        FileSource::Path(path) => Arc::new(File::open(path.as_path())?),
    };
    let mut buf = vec![0u8; usize::try_from(want).unwrap_or(usize::MAX)];
    let mut filled = 0;
    while filled < buf.len() {
        let rest = buf.get_mut(filled..).unwrap_or_default();
        let n = crate::fs::read_at(&file, rest, at + filled as u64)?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    buf.truncate(filled);
    Ok((file, Bytes::from(buf)))
}
