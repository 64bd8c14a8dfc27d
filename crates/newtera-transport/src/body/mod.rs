//! Request and response bodies.
//!
//! A request [`Body`] is either replayable (in-memory bytes, a file range) and can be cloned
//! for a retry, or a one-shot stream that cannot. A [`ResponseBody`] hides hyper's body type.

mod file;
mod replay;
mod response;

use std::fmt;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::Stream;
use http_body::{Frame, SizeHint};

use crate::error::{BoxError, Error, ErrorKind};

use file::FileSource;
pub use replay::{ReplayableBody, SignableBody};
pub use response::ResponseBody;

use file::FileRange;

type BoxStream = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;

/// The body of a request sent through the stack.
///
/// Known lengths are sent as `Content-Length`; bodies of unknown length use chunked encoding.
pub struct Body {
    kind: Kind,
}

enum Kind {
    /// In-memory bytes; `sent` records that the single data frame was yielded.
    Bytes {
        data: Bytes,
        sent: bool,
    },
    File(FileRange),
    Stream {
        stream: BoxStream,
        len: Option<u64>,
    },
}

impl Body {
    /// An empty body (`Content-Length: 0` where the method allows a body).
    pub fn empty() -> Self {
        Self::from(Bytes::new())
    }

    /// `len` bytes of an open file starting at `offset`, read in chunks by position.
    ///
    /// Positioned reads leave the file's cursor alone, so the same `Arc<File>` can back many
    /// bodies at once (parallel multipart parts). The body is replayable.
    pub fn from_file(file: Arc<std::fs::File>, offset: u64, len: u64) -> Self {
        Self {
            kind: Kind::File(FileRange::new(FileSource::Open(file), offset, len)),
        }
    }

    /// `len` bytes of the file at `path` starting at `offset`; the file is opened on first read.
    pub fn from_path(path: impl Into<PathBuf>, offset: u64, len: u64) -> Self {
        let source = FileSource::Path(Arc::new(path.into()));
        Self {
            kind: Kind::File(FileRange::new(source, offset, len)),
        }
    }

    /// A one-shot body from a stream of chunks; `len`, if known, is sent as `Content-Length`
    /// and must match the stream's total size. Such a body cannot be retried.
    pub fn from_stream<S, E>(stream: S, len: Option<u64>) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError> + 'static,
    {
        use futures_util::StreamExt as _;
        let stream: BoxStream = Box::pin(stream.map(|r| r.map_err(Into::into)));
        Self {
            kind: Kind::Stream { stream, len },
        }
    }

    /// A fresh copy of this body for another attempt, or `None` for one-shot streams.
    pub fn try_clone(&self) -> Option<Body> {
        let kind = match &self.kind {
            Kind::Bytes { data, .. } => Kind::Bytes {
                data: data.clone(),
                sent: false,
            },
            Kind::File(range) => Kind::File(range.restart()),
            Kind::Stream { .. } => return None,
        };
        Some(Self { kind })
    }

    /// Whether [`try_clone`](Self::try_clone) would succeed.
    pub fn is_replayable(&self) -> bool {
        !matches!(self.kind, Kind::Stream { .. })
    }

    /// The body's total length, when known.
    pub fn content_length(&self) -> Option<u64> {
        match &self.kind {
            Kind::Bytes { data, .. } => Some(data.len() as u64),
            Kind::File(range) => Some(range.len()),
            Kind::Stream { len, .. } => *len,
        }
    }

    /// The whole body when it is in memory (for payload hashing).
    pub fn as_bytes(&self) -> Option<&Bytes> {
        match &self.kind {
            Kind::Bytes { data, .. } => Some(data),
            _ => None,
        }
    }
}

impl Default for Body {
    fn default() -> Self {
        Self::empty()
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.kind {
            Kind::Bytes { .. } => "bytes",
            Kind::File(_) => "file",
            Kind::Stream { .. } => "stream",
        };
        f.debug_struct("Body")
            .field("kind", &kind)
            .field("len", &self.content_length())
            .finish()
    }
}

impl From<Bytes> for Body {
    fn from(data: Bytes) -> Self {
        Self {
            kind: Kind::Bytes { data, sent: false },
        }
    }
}

impl From<Vec<u8>> for Body {
    fn from(v: Vec<u8>) -> Self {
        Self::from(Bytes::from(v))
    }
}

impl From<&'static str> for Body {
    fn from(s: &'static str) -> Self {
        Self::from(Bytes::from_static(s.as_bytes()))
    }
}

impl From<String> for Body {
    fn from(s: String) -> Self {
        Self::from(Bytes::from(s))
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Error>>> {
        match &mut self.get_mut().kind {
            Kind::Bytes { data, sent } => {
                if *sent || data.is_empty() {
                    return Poll::Ready(None);
                }
                *sent = true;
                Poll::Ready(Some(Ok(Frame::data(data.clone()))))
            }
            Kind::File(range) => range.poll_chunk(cx).map(|r| r.map(|c| c.map(Frame::data))),
            Kind::Stream { stream, .. } => stream
                .as_mut()
                .poll_next(cx)
                .map(|r| r.map(|c| c.map(Frame::data).map_err(stream_error))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Bytes { data, sent } => *sent || data.is_empty(),
            Kind::File(range) => range.is_done(),
            Kind::Stream { len, .. } => *len == Some(0),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self.content_length() {
            Some(len) => SizeHint::with_exact(len),
            None => SizeHint::default(),
        }
    }
}

fn stream_error(e: BoxError) -> Error {
    Error::with_source(ErrorKind::Io, e).detail("request body stream failed")
}
