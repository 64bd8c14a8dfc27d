//! `list_objects`' lazy iterator (of objects, or of versions): pages are
//! fetched as Python iterates.

use std::sync::Mutex;

use futures_util::stream::BoxStream;
use futures_util::{FutureExt, StreamExt};
use newtera::{Object, ObjectVersion, OpStream};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use crate::runtime;

/// The most entries one `next_batch` call returns (a ListObjects page).
const BATCH: usize = 1000;

/// One listed entry: bucket, key, is_dir, size, etag, last-modified
/// (seconds since the Unix epoch, UTC), storage class, and for versions the
/// version id, whether it is the latest, whether it is a delete marker.
pub(crate) type Entry = (
    String,
    String,
    bool,
    u64,
    Option<String>,
    Option<f64>,
    Option<String>,
    Option<String>,
    bool,
    bool,
);

type Entries = BoxStream<'static, newtera::Result<Entry>>;

/// The listing, handed to Python in batches of what is already fetched.
#[pyclass(module = "newtera._newtera", frozen)]
pub(crate) struct ListIter {
    client: newtera::Newtera,
    slot: Mutex<Slot>,
}

enum Slot {
    Open(Entries),
    /// A batch is being fetched (the stream is with it).
    Busy,
    /// The listing ended or failed.
    Done,
}

impl ListIter {
    pub(crate) fn new(client: newtera::Newtera, stream: OpStream<Object>) -> Self {
        Self::of(client, stream.map(|o| o.map(entry)).boxed())
    }

    /// A listing of versions and delete markers.
    pub(crate) fn versions(client: newtera::Newtera, stream: OpStream<ObjectVersion>) -> Self {
        Self::of(client, stream.map(|v| v.map(version)).boxed())
    }

    fn of(client: newtera::Newtera, stream: Entries) -> Self {
        Self {
            client,
            slot: Mutex::new(Slot::Open(stream)),
        }
    }
}

#[pymethods]
impl ListIter {
    /// The next entries: at least one, waiting for the next page when
    /// needed, plus those already fetched (at most 1000); an empty list at
    /// the end.
    fn next_batch(&self, py: Python<'_>) -> PyResult<Vec<Entry>> {
        let mut stream = match self.set(Slot::Busy) {
            Slot::Open(stream) => stream,
            Slot::Done => {
                self.set(Slot::Done);
                return Ok(Vec::new());
            }
            Slot::Busy => {
                return Err(PyRuntimeError::new_err(
                    "another thread is iterating this listing",
                ));
            }
        };
        let batch = runtime::wait(py, &self.client, async {
            let mut batch = Vec::new();
            let Some(first) = stream.next().await else {
                return Ok((batch, None));
            };
            batch.push(first?);
            while batch.len() < BATCH {
                match stream.next().now_or_never() {
                    Some(Some(item)) => batch.push(item?),
                    Some(None) => return Ok((batch, None)),
                    None => break,
                }
            }
            Ok((batch, Some(stream)))
        });
        let (batch, rest) = batch.inspect_err(|_| {
            self.set(Slot::Done);
        })?;
        self.set(rest.map_or(Slot::Done, Slot::Open));
        Ok(batch)
    }
}

impl ListIter {
    /// Puts `next` in the slot and returns what was there; the lock is only
    /// held for the swap.
    fn set(&self, next: Slot) -> Slot {
        match self.slot.lock() {
            Ok(mut slot) => std::mem::replace(&mut *slot, next),
            Err(_) => Slot::Done,
        }
    }
}

fn entry(o: Object) -> Entry {
    (
        o.bucket_name.to_string(),
        o.object_name,
        o.is_dir,
        o.size,
        o.etag.map(|e| e.as_str().to_owned()),
        o.last_modified.and_then(crate::client::epoch_seconds),
        o.storage_class,
        None,
        false,
        false,
    )
}

fn version(v: ObjectVersion) -> Entry {
    (
        v.bucket_name.to_string(),
        v.object_name,
        v.is_dir,
        v.size,
        v.etag.map(|e| e.as_str().to_owned()),
        v.last_modified.and_then(crate::client::epoch_seconds),
        v.storage_class,
        Some(v.version_id).filter(|id| !id.is_empty()),
        v.is_latest,
        v.is_delete_marker,
    )
}
