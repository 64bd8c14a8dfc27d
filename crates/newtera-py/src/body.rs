//! The body of `get_object`: read on demand, never buffered whole unless
//! `read()` asks for all of it. A whole read of a large object fetches the
//! rest of it in parallel ranged GETs written straight into the one
//! Python `bytes` returned (one allocation, one copy, the GIL released,
//! no zero-fill first: see [`crate::uninit`]).

use std::mem::MaybeUninit;
use std::sync::Mutex;

use bytes::{Bytes, BytesMut};
use futures_util::future::{BoxFuture, FutureExt};
use futures_util::{StreamExt, TryStreamExt, stream};
use newtera::ObjectBody;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::runtime;
use crate::uninit::{self, Cursor};

/// A whole read of at least this many bytes goes in parallel ranges.
const PARALLEL_ABOVE: u64 = 16 << 20;

/// The size of each range of a parallel whole read (the Rust client's
/// download part size).
const RANGE: usize = 8 << 20;

/// Ranged GETs in flight during a parallel whole read (the Rust client's
/// download parallelism).
const RANGES_IN_FLIGHT: usize = 4;

/// What a whole-object GET asked for, so the rest of the object can be
/// fetched in ranges pinned to the same version and ETag. Its `Debug`
/// names the extra headers without their values (an SSE-C key may be one).
#[derive(Clone)]
pub(crate) struct Source {
    pub(crate) bucket: String,
    pub(crate) key: String,
    pub(crate) version_id: Option<String>,
    /// The request's extra headers (SSE-C keys among them).
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) query: Vec<(String, String)>,
    /// The SSE-C key the object is read with.
    pub(crate) sse: Option<newtera::Sse>,
    /// The first answer's strong ETag as sent in `If-Match`.
    pub(crate) etag: String,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Source")
            .field("bucket", &self.bucket)
            .field("key", &self.key)
            .field("version_id", &self.version_id)
            .field("header_names", &header_names)
            .field("query", &self.query)
            .field("sse", &self.sse)
            .field("etag", &self.etag)
            .finish()
    }
}

impl Source {
    fn range(&self, client: &newtera::Newtera, offset: u64, len: u64) -> newtera::GetObject {
        let mut get = client
            .get_object(&self.bucket, &self.key)
            .offset(offset)
            .length(len)
            .if_match(self.etag.clone());
        if let Some(v) = &self.version_id {
            get = get.version_id(v.clone());
        }
        if let Some(sse) = &self.sse {
            get = get.sse(sse.clone());
        }
        for (name, value) in &self.headers {
            get = get.header(name.clone(), value.clone());
        }
        for (name, value) in &self.query {
            get = get.query_param(name.clone(), value.clone());
        }
        get
    }
}

/// A streamed object body. `read(amt)` returns up to `amt` bytes (`b""` at
/// the end); `read(None)` the rest. One reader at a time: a second thread
/// reading while a read runs gets a `RuntimeError`.
#[pyclass(module = "newtera._newtera", frozen)]
pub(crate) struct Body {
    client: newtera::Newtera,
    slot: Mutex<Slot>,
    /// Set for a whole-object GET whose rest may be fetched in ranges.
    source: Option<Source>,
    /// The bytes the body carries, when announced: with what is left, where
    /// in the object the rest starts.
    length: Option<u64>,
}

enum Slot {
    Ready(State),
    /// A read is running (the state is with it).
    Busy,
    Closed,
}

struct State {
    body: ObjectBody,
    /// Bytes of the last chunk not handed out yet.
    pending: Bytes,
    done: bool,
    /// Bytes not handed out yet, when the length was announced.
    left: Option<u64>,
}

impl Body {
    /// `length`: the bytes the body will carry, when announced (sizes the
    /// buffer of a whole read).
    pub(crate) fn new(
        client: newtera::Newtera,
        body: ObjectBody,
        length: Option<u64>,
        source: Option<Source>,
    ) -> Self {
        Self {
            client,
            source,
            length,
            slot: Mutex::new(Slot::Ready(State {
                body,
                pending: Bytes::new(),
                done: false,
                left: length,
            })),
        }
    }
}

#[pymethods]
impl Body {
    /// Up to `amt` bytes, or everything left when `amt` is `None`; `b""`
    /// once the body is exhausted or closed.
    #[pyo3(signature = (amt=None))]
    fn read<'py>(&self, py: Python<'py>, amt: Option<i64>) -> PyResult<Bound<'py, PyBytes>> {
        let limit = match amt {
            None => None,
            Some(n) if n < 0 => None,
            Some(n) => Some(usize::try_from(n).map_err(|_| PyValueError::new_err("amt"))?),
        };
        let mut state = match self.set(Slot::Busy) {
            Slot::Ready(state) => state,
            Slot::Closed => {
                self.set(Slot::Closed);
                return Ok(PyBytes::new(py, b""));
            }
            Slot::Busy => {
                return Err(PyRuntimeError::new_err(
                    "another thread is reading this response",
                ));
            }
        };
        if let Some(n) = limit {
            // Already received (or arrived meanwhile): no wait, the GIL kept.
            match state.ready(n) {
                Ok(Some(piece)) => {
                    self.set(Slot::Ready(state));
                    return Ok(PyBytes::new(py, &piece));
                }
                Ok(None) => {}
                Err(e) => {
                    self.set(Slot::Closed);
                    return Err(crate::errors::to_py(py, &e));
                }
            }
        }
        if let Some(total) = limit
            .is_none()
            .then(|| self.parallel_size(&state))
            .flatten()
        {
            return self.read_parallel(py, state, total);
        }
        let result = runtime::wait(py, &self.client, async move {
            let data = state.take(limit).await;
            data.map(|d| (d, state))
        });
        // A failed or interrupted read leaves the body closed: its position
        // is unknown.
        let (data, state) = result.inspect_err(|_| {
            self.set(Slot::Closed);
        })?;
        self.set(Slot::Ready(state));
        Ok(PyBytes::new(py, &data))
    }

    /// Drops the connection; later reads return `b""`.
    fn close(&self) {
        self.set(Slot::Closed);
    }

    /// Whether the body is closed (by `close()` or a failed read).
    #[getter]
    fn closed(&self) -> bool {
        self.slot
            .lock()
            .map_or(true, |s| matches!(&*s, Slot::Closed))
    }
}

impl Body {
    /// The length of a whole read that goes in parallel ranges: a large
    /// whole-object body not read from yet.
    fn parallel_size(&self, state: &State) -> Option<usize> {
        let untouched = state.pending.is_empty() && !state.done;
        self.source.as_ref()?;
        let left = state.left.filter(|&l| untouched && l >= PARALLEL_ABOVE)?;
        usize::try_from(left).ok()
    }

    /// The whole object: the first range from the open body, the rest in
    /// parallel ranged GETs, all written into one new `bytes`.
    fn read_parallel<'py>(
        &self,
        py: Python<'py>,
        state: State,
        total: usize,
    ) -> PyResult<Bound<'py, PyBytes>> {
        // Drained or failed, the body is closed after this read.
        self.set(Slot::Closed);
        let Some(source) = self.source.as_ref() else {
            return Ok(PyBytes::new(py, b""));
        };
        let client = &self.client;
        // Partial reads may have taken whole chunks already: the rest starts
        // past them.
        let start = self
            .length
            .zip(state.left)
            .map_or(0, |(length, left)| length.saturating_sub(left));
        uninit::bytes_filled_by(py, total, |buffer| {
            runtime::wait_borrowed(py, fill_parallel(client, source, state.body, start, buffer))
        })
    }

    /// Puts `next` in the slot and returns what was there. The lock is only
    /// held for the swap, never across a wait.
    fn set(&self, next: Slot) -> Slot {
        match self.slot.lock() {
            Ok(mut slot) => std::mem::replace(&mut *slot, next),
            Err(_) => Slot::Closed,
        }
    }
}

impl State {
    /// `n` bytes from what is already received, when there are that many:
    /// chunks the connection has ready are taken without waiting (polled
    /// once, inside the runtime).
    fn ready(&mut self, n: usize) -> newtera::Result<Option<Bytes>> {
        if n == 0 {
            return Ok(None);
        }
        if self.pending.len() < n && !self.done {
            let Ok(rt) = runtime::runtime() else {
                return Ok(None);
            };
            let _inside = rt.enter();
            let mut gathered = BytesMut::new();
            while self.pending.len() + gathered.len() < n {
                match self.body.next().now_or_never() {
                    Some(Some(Ok(chunk))) => {
                        if gathered.is_empty() {
                            gathered.extend_from_slice(&self.pending);
                        }
                        gathered.extend_from_slice(&chunk);
                        self.pending = Bytes::new();
                    }
                    Some(None) => {
                        self.done = true;
                        break;
                    }
                    Some(Some(Err(e))) => return Err(e),
                    None => break,
                }
            }
            if !gathered.is_empty() {
                self.pending = gathered.freeze();
            }
        }
        if self.pending.len() < n {
            return Ok(None);
        }
        let piece = self.pending.split_to(n);
        if let Some(left) = self.left.as_mut() {
            *left = left.saturating_sub(n as u64);
        }
        Ok(Some(piece))
    }

    async fn take(&mut self, limit: Option<usize>) -> newtera::Result<Bytes> {
        let data = self.fill(limit).await?;
        if let Some(left) = self.left.as_mut() {
            *left = left.saturating_sub(data.len() as u64);
        }
        Ok(data)
    }

    async fn fill(&mut self, limit: Option<usize>) -> newtera::Result<Bytes> {
        let expected = self
            .left
            .and_then(|l| usize::try_from(l).ok())
            .map_or(0, |l| limit.map_or(l, |n| n.min(l)));
        let mut out = BytesMut::with_capacity(expected);
        loop {
            let room = limit.map_or(usize::MAX, |l| l - out.len());
            if room == 0 {
                break;
            }
            if !self.pending.is_empty() {
                let n = room.min(self.pending.len());
                let piece = self.pending.split_to(n);
                // A chunk that answers the whole read is handed out as is.
                if out.is_empty() && n == room {
                    return Ok(piece);
                }
                out.extend_from_slice(&piece);
                continue;
            }
            if self.done {
                break;
            }
            match self.body.next().await {
                Some(chunk) => self.pending = chunk?,
                None => self.done = true,
            }
        }
        Ok(out.freeze())
    }
}

/// Fills `buffer` with the object from byte `start` on: its first range
/// from `first` (the open whole-object body, positioned at `start`, dropped
/// once that range is in), the others with ranged GETs pinned to the same
/// ETag, [`RANGES_IN_FLIGHT`] at a time.
async fn fill_parallel(
    client: &newtera::Newtera,
    source: &Source,
    first: ObjectBody,
    start: u64,
    buffer: &mut [MaybeUninit<u8>],
) -> newtera::Result<()> {
    let mut slices = buffer.chunks_mut(RANGE);
    let head = slices.next().unwrap_or_default();
    let first: BoxFuture<'_, newtera::Result<()>> = fill(first, head, start, false).boxed();
    let rest = slices.enumerate().map(|(i, slice)| {
        let at = start + ((i + 1) * RANGE) as u64;
        let get = source.range(client, at, slice.len() as u64);
        async move { fill(get.await?.into_body(), slice, at, true).await }.boxed()
    });
    let fetches: Vec<_> = std::iter::once(first).chain(rest).collect();
    stream::iter(fetches)
        .buffer_unordered(RANGES_IN_FLIGHT)
        .try_collect::<Vec<()>>()
        .await
        .map(drop)
}

/// Copies `body` into `slice` until the slice is full; a body that ends
/// sooner is an integrity error, and so is a longer one when `exact` (a
/// range's answer; the open whole-object body is dropped once its first
/// range is in). `Ok` means every byte of `slice` is written.
async fn fill(
    mut body: ObjectBody,
    slice: &mut [MaybeUninit<u8>],
    offset: u64,
    exact: bool,
) -> newtera::Result<()> {
    let mut cursor = Cursor::new(slice);
    while !cursor.is_full() {
        let Some(chunk) = body.try_next().await? else {
            return Err(newtera::Error::Integrity(format!(
                "range at {offset} ended after {} of {} bytes",
                cursor.written(),
                cursor.written() + cursor.room()
            )));
        };
        if cursor.write(&chunk) < chunk.len() && exact {
            return Err(longer(offset));
        }
    }
    while exact && let Some(chunk) = body.try_next().await? {
        if !chunk.is_empty() {
            return Err(longer(offset));
        }
    }
    Ok(())
}

fn longer(offset: u64) -> newtera::Error {
    newtera::Error::Integrity(format!("range at {offset} returned more bytes than asked"))
}
