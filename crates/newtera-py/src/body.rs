//! The body of `get_object`: read on demand, never buffered whole unless
//! `read()` asks for all of it.

use std::sync::Mutex;

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use newtera::ObjectBody;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::runtime;

/// A streamed object body. `read(amt)` returns up to `amt` bytes (`b""` at
/// the end); `read(None)` the rest. One reader at a time: a second thread
/// reading while a read runs gets a `RuntimeError`.
#[pyclass(module = "newtera._newtera", frozen)]
pub(crate) struct Body {
    client: newtera::Newtera,
    slot: Mutex<Slot>,
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
    pub(crate) fn new(client: newtera::Newtera, body: ObjectBody, length: Option<u64>) -> Self {
        Self {
            client,
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
