//! `put_object`'s data: any Python object with `.read(n)`, read on a thread
//! of its own (holding the GIL only while `read` runs) and handed to the
//! upload as a stream of chunks.

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyByteArray, PyBytes};
use tokio::sync::mpsc;

/// How much one `.read(n)` call asks for.
const CHUNK: usize = 1 << 20;

/// Data up to this length is read whole before the upload starts (one
/// request, and a body the client can send again on a retry); longer data
/// is streamed part by part. The multipart threshold: 5 MiB.
pub(crate) const READ_WHOLE_UP_TO: u64 = 5 << 20;

/// Whether `reader` holds its data in memory already (`io.BytesIO`), so
/// reading it whole costs no more memory than the caller already spends.
pub(crate) fn in_memory(py: Python<'_>, reader: &Py<PyAny>) -> bool {
    py.import("io")
        .and_then(|io| io.getattr("BytesIO"))
        .is_ok_and(|cls| reader.bind(py).is_instance(&cls).unwrap_or(false))
}

/// Reads `length` bytes on the calling thread; a reader that ends sooner
/// is an `InvalidArgumentError` (nothing is sent).
pub(crate) fn read_whole(py: Python<'_>, reader: &Py<PyAny>, length: u64) -> PyResult<Bytes> {
    let want = usize::try_from(length).unwrap_or(usize::MAX);
    let first = read(py, reader, want)?;
    if first.len() >= want {
        // A reader that returned more than asked: keep what length says.
        return Ok(first.slice(..want));
    }
    let mut all = bytes::BytesMut::from(first.as_ref());
    while all.len() < want {
        let more = read(py, reader, (want - all.len()).min(CHUNK))?;
        if more.is_empty() {
            return Err(crate::errors::invalid(
                py,
                &format!(
                    "data ended after {} of the {length} bytes length gives",
                    all.len()
                ),
            ));
        }
        all.extend_from_slice(&more);
    }
    all.truncate(want);
    Ok(all.freeze())
}

/// The exception a reader raised, kept so the caller sees it instead of
/// the I/O error the upload reports.
pub(crate) type Failure = Arc<Mutex<Option<PyErr>>>;

/// A stream of the reader's bytes: at most `length` of them when the length
/// is known (the reader is not asked for more), else up to its end (a
/// `read` that returns nothing).
pub(crate) fn stream(
    reader: Py<PyAny>,
    length: Option<u64>,
    failure: Failure,
) -> impl futures_util::Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    let (tx, rx) = mpsc::channel(4);
    // Should no thread be had, the sender is dropped with the closure, the
    // stream ends at once and the upload fails as short of its length.
    let _spawned = std::thread::Builder::new()
        .name("newtera-reader".into())
        .spawn(move || pump(&reader, length, &tx, &failure));
    futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|c| (c, rx)) })
}

fn pump(
    reader: &Py<PyAny>,
    length: Option<u64>,
    tx: &mpsc::Sender<std::io::Result<Bytes>>,
    failure: &Failure,
) {
    let mut remaining = length;
    loop {
        let want = remaining.map_or(CHUNK, |r| usize::try_from(r).unwrap_or(CHUNK).min(CHUNK));
        if want == 0 {
            return;
        }
        let chunk = match Python::with_gil(|py| read(py, reader, want)) {
            Ok(chunk) => chunk,
            Err(e) => {
                let text = e.to_string();
                if let Ok(mut slot) = failure.lock() {
                    *slot = Some(e);
                }
                let _ =
                    tx.blocking_send(Err(std::io::Error::other(format!("data.read(): {text}"))));
                return;
            }
        };
        if chunk.is_empty() {
            return;
        }
        if let Some(r) = remaining.as_mut() {
            *r = r.saturating_sub(chunk.len() as u64);
        }
        if tx.blocking_send(Ok(chunk)).is_err() {
            return;
        }
    }
}

fn read(py: Python<'_>, reader: &Py<PyAny>, n: usize) -> PyResult<Bytes> {
    let got = reader.bind(py).call_method1("read", (n,))?;
    if got.downcast::<PyBytes>().is_ok() {
        // No copy: the chunk keeps the Python bytes object alive.
        return Ok(Bytes::from_owner(got.extract::<PyBackedBytes>()?));
    }
    if let Ok(b) = got.downcast::<PyByteArray>() {
        return Ok(Bytes::from(b.to_vec()));
    }
    if got.is_none() {
        // A non-blocking raw stream with nothing ready: treat as the end.
        return Ok(Bytes::new());
    }
    if got.is_instance_of::<pyo3::types::PyString>() {
        return Err(PyTypeError::new_err(
            "data.read() returned str, not bytes: open the file in binary mode ('rb')",
        ));
    }
    let bytes = py.import("builtins")?.getattr("bytes")?.call1((got,))?;
    Ok(Bytes::copy_from_slice(
        bytes.downcast::<PyBytes>()?.as_bytes(),
    ))
}
