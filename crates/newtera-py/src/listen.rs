//! `listen_bucket_notification`'s lazy iterator: MinIO's
//! ListenBucketNotification stream, one event record at a time.

use std::sync::Mutex;

use futures_util::StreamExt;
use newtera::{NotificationRecord, OpStream};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use crate::client::Client;
use crate::runtime;

/// The event stream; each `next_record` waits for the next record and
/// returns it as JSON text (`None` once the stream ends).
#[pyclass(module = "newtera._newtera", frozen)]
pub(crate) struct EventIter {
    client: newtera::Newtera,
    stream: Mutex<Option<OpStream<NotificationRecord>>>,
}

#[pymethods]
impl EventIter {
    fn next_record(&self, py: Python<'_>) -> PyResult<Option<String>> {
        let taken = self.stream.lock().ok().and_then(|mut s| s.take());
        let Some(mut stream) = taken else {
            return Err(PyRuntimeError::new_err(
                "the stream ended, failed, or is read by another thread",
            ));
        };
        let next = runtime::wait(py, &self.client, async move {
            match stream.next().await {
                Some(Ok(record)) => Ok(Some((record.raw.to_string(), stream))),
                Some(Err(e)) => Err(e),
                None => Ok(None),
            }
        })?;
        Ok(next.map(|(record, stream)| {
            if let Ok(mut slot) = self.stream.lock() {
                *slot = Some(stream);
            }
            record
        }))
    }
}

/// Starts listening on `bucket` for `events` on keys with `prefix` and
/// `suffix` (MinIO's ListenBucketNotification; other servers refuse it).
#[pyfunction]
pub(crate) fn listen_bucket_notification(
    client: &Client,
    bucket: &str,
    prefix: String,
    suffix: String,
    events: Vec<String>,
) -> EventIter {
    let c = client.inner();
    let mut listen = c.listen_bucket_notification(bucket, events);
    if !prefix.is_empty() {
        listen = listen.prefix(prefix);
    }
    if !suffix.is_empty() {
        listen = listen.suffix(suffix);
    }
    EventIter {
        client: c.clone(),
        stream: Mutex::new(Some(listen.into_stream())),
    }
}
