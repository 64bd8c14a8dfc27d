//! Streaming in the blocking facade: object bodies as `std::io::Read`,
//! listings as iterators, uploads from a `std::io::Read`.

use std::future::IntoFuture;
use std::pin::Pin;

use bytes::Bytes;
use futures_core::Stream;
use futures_util::StreamExt as _;
use sync_wrapper::SyncStream;

use super::sealed::{Runtime, Sealed};
use super::{Operation, Request};
use crate::error::Result;
use crate::types::ObjectStat;
use crate::{ObjectBody, ObjectData};

/// A downloading object: `std::io::Read` over its body, fetched chunk by
/// chunk as it is read (memory stays at one chunk), and its metadata.
///
/// A failure while reading (the connection broke, the body stalled past
/// the client's body idle timeout) is an `io::Error` whose source is the
/// [`crate::Error`]; every read after it fails too (the body's position is
/// lost), never ending as if the object were complete.
pub struct ObjectReader {
    stat: ObjectStat,
    content_length: Option<u64>,
    body: Option<ObjectBody>,
    chunk: Bytes,
    /// A read failed: what is left of the body is unknown.
    failed: bool,
    runtime: Runtime,
}

/// The error of a read after a failed one.
const AFTER_FAILURE: &str = "an earlier read of this object body failed";

impl ObjectReader {
    /// The object's metadata (see [`crate::GetObjectResponse::stat`]).
    pub fn stat(&self) -> &ObjectStat {
        &self.stat
    }

    /// The bytes this response carries (see
    /// [`crate::GetObjectResponse::content_length`]).
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// Reads the rest of the body into memory.
    pub fn bytes(mut self) -> Result<Bytes> {
        if self.failed {
            return Err(std::io::Error::other(AFTER_FAILURE).into());
        }
        let Some(body) = self.body.take() else {
            return Ok(std::mem::take(&mut self.chunk));
        };
        let rest = self.runtime.block_on(body.bytes())?;
        if self.chunk.is_empty() {
            return Ok(rest);
        }
        let mut all = bytes::BytesMut::from(std::mem::take(&mut self.chunk));
        all.extend_from_slice(&rest);
        Ok(all.freeze())
    }

    /// The next chunk of the body, or `None` at its end.
    fn next_chunk(&mut self) -> std::io::Result<Option<Bytes>> {
        if self.failed {
            return Err(std::io::Error::other(AFTER_FAILURE));
        }
        let Some(body) = self.body.as_mut() else {
            return Ok(None);
        };
        match self
            .runtime
            .block_on(async { body.next().await.transpose() })
        {
            Ok(Some(chunk)) => Ok(Some(chunk)),
            Ok(None) => {
                self.body = None;
                Ok(None)
            }
            Err(e) => {
                self.failed = true;
                self.body = None;
                Err(std::io::Error::other(e))
            }
        }
    }
}

impl std::io::Read for ObjectReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.chunk.is_empty() {
            match self.next_chunk()? {
                Some(chunk) => self.chunk = chunk,
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.chunk.len());
        let part = self.chunk.split_to(n);
        if let Some(dst) = buf.get_mut(..n) {
            dst.copy_from_slice(&part);
        }
        Ok(n)
    }
}

impl std::fmt::Debug for ObjectReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObjectReader")
            .field("stat", &self.stat)
            .field("content_length", &self.content_length)
            .finish_non_exhaustive()
    }
}

impl Sealed for crate::GetObject {}

impl Operation for crate::GetObject {
    type Output = ObjectReader;

    fn run(self, runtime: &Runtime) -> Result<ObjectReader> {
        let response = runtime.block_on(self.into_future())?;
        let content_length = response.content_length();
        let stat = response.stat.clone();
        Ok(ObjectReader {
            stat,
            content_length,
            body: Some(response.into_body()),
            chunk: Bytes::new(),
            failed: false,
            runtime: runtime.clone(),
        })
    }
}

type BoxStream<T> = SyncStream<Pin<Box<dyn Stream<Item = Result<T>> + Send>>>;

/// A lazy iterator over a listing or a batch delete: each page (or batch)
/// is requested when the iteration reaches it. Ends after the first error
/// it yields.
pub struct Iter<T> {
    stream: Option<BoxStream<T>>,
    runtime: Runtime,
}

impl<T> Iter<T> {
    fn new(stream: impl Stream<Item = Result<T>> + Send + 'static, runtime: Runtime) -> Self {
        Self {
            stream: Some(SyncStream::new(Box::pin(stream))),
            runtime,
        }
    }
}

impl<T> Iterator for Iter<T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        let stream = self.stream.as_mut()?;
        let item = self
            .runtime
            .block_on(async { stream.next().await.transpose() })
            .transpose();
        if !matches!(item, Some(Ok(_))) {
            self.stream = None;
        }
        item
    }
}

impl<T> std::fmt::Debug for Iter<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Iter")
            .field("done", &self.stream.is_none())
            .finish_non_exhaustive()
    }
}

/// Makes the async listings iterable.
macro_rules! iterated {
    ($($builder:ty => $item:ty, |$b:ident| $stream:expr;)*) => {$(
        impl IntoIterator for Request<$builder> {
            type Item = Result<$item>;
            type IntoIter = Iter<$item>;

            fn into_iter(self) -> Iter<$item> {
                let $b = self.inner;
                Iter::new($stream, self.runtime)
            }
        }
    )*};
}

iterated! {
    crate::ListObjects => crate::Object, |b| b.into_stream();
    crate::ListObjectVersions => crate::ObjectVersion, |b| b.into_stream();
    crate::ListIncompleteUploads => crate::IncompleteUpload, |b| b.into_stream();
    crate::ListParts => crate::Part, |b| b.into_stream();
    crate::RemoveObjects => crate::DeleteError, |b| b;
    crate::ListenBucketNotification => crate::NotificationRecord, |b| b.into_stream();
}

/// Upload data read from a `std::io::Read` of `length` bytes (`None` when
/// unknown), for [`put_object`](super::Newtera::put_object). A thread reads
/// it 256 KiB at a time, a few chunks ahead of the upload; it stops when
/// the reader ends or fails (the upload then fails with its error) or the
/// upload is dropped.
pub fn from_reader(reader: impl std::io::Read + Send + 'static, length: Option<u64>) -> ObjectData {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(4);
    std::thread::spawn(move || pump(reader, tx));
    let stream = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    ObjectData::from_stream(stream, length)
}

/// Reads a synchronous reader into a channel, 256 KiB at a time.
fn pump(mut data: impl std::io::Read, tx: tokio::sync::mpsc::Sender<std::io::Result<Bytes>>) {
    loop {
        let mut buf = vec![0u8; 256 << 10];
        match data.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => {
                buf.truncate(n);
                if tx.blocking_send(Ok(Bytes::from(buf))).is_err() {
                    return;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                let _ = tx.blocking_send(Err(e));
                return;
            }
        }
    }
}
