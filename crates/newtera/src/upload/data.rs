//! What an upload reads from: memory, a file, or a stream.

use std::path::PathBuf;
use std::pin::Pin;

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use futures_util::StreamExt;
use sync_wrapper::SyncStream;
use tokio::io::AsyncRead;

use crate::error::{Error, Result};

type ByteStream = SyncStream<Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>>>;

/// The data of an upload: bytes in memory, a file, or a stream of known or
/// unknown length.
///
/// Memory (`Bytes`, `Vec<u8>`, `String`, static slices) is never copied:
/// parts are slices of it. Files are read part by part at their offsets.
/// Streams are read one part at a time, so memory stays bounded by the
/// parts in flight.
pub struct ObjectData {
    pub(crate) source: Source,
}

pub(crate) enum Source {
    Memory(Bytes),
    File {
        path: PathBuf,
        len: u64,
    },
    Stream {
        stream: ByteStream,
        len: Option<u64>,
    },
}

impl std::fmt::Debug for ObjectData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.source {
            Source::Memory(b) => write!(f, "ObjectData::Memory({} bytes)", b.len()),
            Source::File { path, len } => {
                write!(f, "ObjectData::File({}, {len} bytes)", path.display())
            }
            Source::Stream { len, .. } => write!(f, "ObjectData::Stream({len:?} bytes)"),
        }
    }
}

impl ObjectData {
    /// Reads from a tokio `AsyncRead`; `length` is the number of bytes it
    /// will yield, or `None` when unknown.
    pub fn from_reader(reader: impl AsyncRead + Send + 'static, length: Option<u64>) -> Self {
        let stream = tokio_util::io::ReaderStream::with_capacity(reader, 256 << 10);
        Self {
            source: Source::Stream {
                stream: SyncStream::new(Box::pin(stream)),
                len: length,
            },
        }
    }

    /// Reads from a stream of chunks; `length` is the total, or `None`.
    pub fn from_stream<S, E>(stream: S, length: Option<u64>) -> Self
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let stream = stream.map(|r| r.map_err(std::io::Error::other));
        Self {
            source: Source::Stream {
                stream: SyncStream::new(Box::pin(stream)),
                len: length,
            },
        }
    }

    /// The data's length, when known.
    pub fn len(&self) -> Option<u64> {
        match &self.source {
            Source::Memory(b) => Some(b.len() as u64),
            Source::File { len, .. } => Some(*len),
            Source::Stream { len, .. } => *len,
        }
    }

    /// Whether the data is known to be empty.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    pub(crate) fn file(path: PathBuf, len: u64) -> Self {
        Self {
            source: Source::File { path, len },
        }
    }
}

impl From<Bytes> for ObjectData {
    fn from(bytes: Bytes) -> Self {
        Self {
            source: Source::Memory(bytes),
        }
    }
}

impl From<Vec<u8>> for ObjectData {
    fn from(bytes: Vec<u8>) -> Self {
        Bytes::from(bytes).into()
    }
}

impl From<String> for ObjectData {
    fn from(text: String) -> Self {
        Bytes::from(text).into()
    }
}

impl From<&'static str> for ObjectData {
    fn from(text: &'static str) -> Self {
        Bytes::from_static(text.as_bytes()).into()
    }
}

impl From<&'static [u8]> for ObjectData {
    fn from(bytes: &'static [u8]) -> Self {
        Bytes::from_static(bytes).into()
    }
}

/// Reads a stream into parts of exactly `size` bytes (the last may be
/// shorter), copying each chunk once.
pub(crate) struct Chunker {
    stream: ByteStream,
    carry: Bytes,
    ended: bool,
    pub(crate) total: u64,
}

impl Chunker {
    pub(crate) fn new(stream: ByteStream) -> Self {
        Self {
            stream,
            carry: Bytes::new(),
            ended: false,
            total: 0,
        }
    }

    /// The next part, or `None` at the end of the stream.
    pub(crate) async fn next_part(&mut self, size: usize) -> Result<Option<Bytes>> {
        let mut part = BytesMut::new();
        while part.len() < size {
            if self.carry.is_empty() {
                if self.ended {
                    break;
                }
                match self.stream.next().await {
                    Some(chunk) => self.carry = chunk.map_err(Error::Io)?,
                    None => self.ended = true,
                }
                continue;
            }
            let take = self.carry.len().min(size - part.len());
            if part.is_empty() && take == size {
                // A chunk that is a whole part goes through without a copy.
                let whole = self.carry.split_to(take);
                self.total += whole.len() as u64;
                return Ok(Some(whole));
            }
            if part.capacity() == 0 {
                part.reserve(size);
            }
            part.extend_from_slice(&self.carry.split_to(take));
        }
        self.total += part.len() as u64;
        Ok((!part.is_empty()).then(|| part.freeze()))
    }
}
