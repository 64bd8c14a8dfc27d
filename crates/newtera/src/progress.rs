//! Progress of a transfer: a callback the builders of `put_object`,
//! `fput_object`, `get_object`, `get_object_bytes`, `fget_object` and
//! `copy_object` take with `.progress(..)`.
//!
//! # Why a callback
//!
//! A callback (`Fn(Progress)`) costs one indirect call per step and
//! nothing at all when none is set (the builders hold an `Option`, and no
//! counting code runs without one). It needs no runtime on the caller's
//! side and works the same from the blocking facade; a caller who wants a
//! `tokio::sync::watch` channel (or a terminal bar) sends into it from the
//! callback. A watch channel built in would cost an allocation and a lock
//! per transfer even for callers who ignore it, and ties the API to tokio.
//!
//! # What is counted, and when
//!
//! - Uploads count a part when the server has stored it (its UploadPart
//!   answer came back), a single PUT when it is answered. A part that a
//!   retry sends again is counted once: the count happens after the last
//!   attempt. Parts an upload resumes from count at the start.
//! - Downloads count every chunk of the body as it arrives. Retries of a
//!   download happen before the body is read, so a chunk is never counted
//!   twice.
//! - A server-side copy counts a part when UploadPartCopy is answered, a
//!   single CopyObject when it is answered.
//!
//! `done` only grows, calls never overlap (they are serialized), and a
//! transfer that succeeds ends with `done == total`.

use std::sync::{Arc, Mutex, PoisonError};

/// How far a transfer is: bytes done and, when known, bytes in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// Bytes transferred so far (for a resumed upload, including the parts
    /// already stored).
    pub done: u64,
    /// The bytes of the whole transfer; `None` while unknown (a stream of
    /// unknown length, a download the server sends without a length).
    pub total: Option<u64>,
}

/// The callback, shared by the builders and the tasks of one transfer.
pub(crate) type ProgressFn = Arc<dyn Fn(Progress) + Send + Sync>;

/// Counts one transfer's bytes and reports them to its callback.
pub(crate) struct Meter {
    callback: ProgressFn,
    state: Mutex<Progress>,
}

impl std::fmt::Debug for Meter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = *self.state.lock().unwrap_or_else(PoisonError::into_inner);
        f.debug_struct("Meter").field("progress", &state).finish()
    }
}

impl Meter {
    pub(crate) fn new(callback: ProgressFn) -> Arc<Self> {
        Arc::new(Self {
            callback,
            state: Mutex::new(Progress {
                done: 0,
                total: None,
            }),
        })
    }

    /// Sets the total (once it is known) and reports it.
    pub(crate) fn start(&self, total: Option<u64>) {
        self.update(|p| p.total = total);
    }

    /// Adds `bytes` done and reports.
    pub(crate) fn add(&self, bytes: u64) {
        if bytes > 0 {
            self.update(|p| p.done = p.done.saturating_add(bytes));
        }
    }

    /// The transfer succeeded: a total that was unknown becomes the bytes
    /// done, and the last report says so.
    pub(crate) fn finish(&self) {
        self.update(|p| {
            if p.total.is_none() {
                p.total = Some(p.done);
            }
        });
    }

    fn update(&self, change: impl FnOnce(&mut Progress)) {
        // The lock is held through the call, so reports never overlap and
        // `done` is seen growing.
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        change(&mut state);
        (self.callback)(*state);
    }
}

/// An optional meter, as the builders hold it.
pub(crate) type OptMeter = Option<Arc<Meter>>;

/// Adds `bytes` to the meter, when there is one.
pub(crate) fn add(meter: &OptMeter, bytes: u64) {
    if let Some(m) = meter {
        m.add(bytes);
    }
}

/// Starts the meter, when there is one.
pub(crate) fn start(meter: &OptMeter, total: Option<u64>) {
    if let Some(m) = meter {
        m.start(total);
    }
}

/// Finishes the meter, when there is one.
pub(crate) fn finish(meter: &OptMeter) {
    if let Some(m) = meter {
        m.finish();
    }
}

/// Counts every chunk of a body stream into `meter` (started with the
/// stream's `total`), finishing it at the end of the stream.
pub(crate) fn counted<S>(
    stream: S,
    meter: Arc<Meter>,
    total: Option<u64>,
) -> impl futures_core::Stream<Item = crate::Result<bytes::Bytes>> + Send
where
    S: futures_core::Stream<Item = crate::Result<bytes::Bytes>> + Send,
{
    use futures_util::StreamExt as _;
    meter.start(total);
    let end = meter.clone();
    stream
        .map(move |chunk| {
            if let Ok(c) = &chunk {
                meter.add(c.len() as u64);
            }
            chunk
        })
        .chain(futures_util::stream::poll_fn(move |_| {
            end.finish();
            std::task::Poll::Ready(None)
        }))
}

/// Wraps a callback into a meter.
pub(crate) fn meter(callback: impl Fn(Progress) + Send + Sync + 'static) -> OptMeter {
    Some(Meter::new(Arc::new(callback)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_grow_and_end_at_the_total() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let m = meter(move |p| log.lock().expect("log").push(p));
        start(&m, Some(10));
        add(&m, 4);
        add(&m, 0);
        add(&m, 6);
        finish(&m);
        let seen = seen.lock().expect("log");
        let done: Vec<u64> = seen.iter().map(|p| p.done).collect();
        assert_eq!(done, [0, 4, 10, 10]);
        assert!(seen.iter().all(|p| p.total == Some(10)));
    }

    /// A report costs a lock and a call: measured here (a debug build,
    /// on a shared machine, so the bound is loose) to show that even one
    /// report per 16 KiB chunk is far below 1 % of a transfer.
    #[test]
    fn a_progress_report_is_cheap() {
        let m = meter(|p| {
            std::hint::black_box(p);
        });
        start(&m, Some(u64::MAX));
        let n = 200_000u32;
        let began = std::time::Instant::now();
        for _ in 0..n {
            add(&m, 1);
        }
        let each = began.elapsed() / n;
        println!("one progress report: {each:?}");
        assert!(each < std::time::Duration::from_micros(2), "{each:?}");
    }

    #[test]
    fn an_unknown_total_becomes_the_bytes_done() {
        let last = Arc::new(Mutex::new(None));
        let log = last.clone();
        let m = meter(move |p| *log.lock().expect("log") = Some(p));
        start(&m, None);
        add(&m, 7);
        finish(&m);
        assert_eq!(
            *last.lock().expect("log"),
            Some(Progress {
                done: 7,
                total: Some(7)
            })
        );
    }
}
