//! The Tokio runtime every client shares, and the one way Python waits on
//! it: GIL released, Ctrl-C checked between short waits.

use std::future::Future;
use std::sync::OnceLock;
use std::time::Duration;

use pyo3::prelude::*;
use tokio::runtime::Runtime;

use crate::errors;

/// How often a waiting call wakes to look for Ctrl-C (Python runs signal
/// handlers only when the interpreter gets control back).
const SIGNAL_TICK: Duration = Duration::from_millis(50);

/// How long an interrupted call waits for its background aborts.
const CLEANUP_WAIT: Duration = Duration::from_secs(10);

static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();

/// The shared multi-threaded runtime, made on first use.
pub(crate) fn runtime() -> PyResult<&'static Runtime> {
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .thread_name("newtera")
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(format!("tokio runtime: {e}")))
}

/// Runs `fut` to completion with the GIL released, so other Python threads
/// run meanwhile. Between waits of [`SIGNAL_TICK`] it runs Python's signal
/// handlers; when one raises (Ctrl-C's `KeyboardInterrupt`), the operation
/// is dropped inside the runtime, which is how newtera cancels cleanly: a
/// download removes its part file, a multipart upload is aborted (and the
/// abort is given [`CLEANUP_WAIT`] to reach the server before the
/// `KeyboardInterrupt` propagates, so a program that exits on it leaves
/// no upload behind).
pub(crate) fn wait<T, F>(py: Python<'_>, client: &newtera::Newtera, fut: F) -> PyResult<T>
where
    F: Future<Output = newtera::Result<T>> + Send + 'static,
    T: Send + 'static,
{
    let rt = runtime()?;
    // Spawned, so the operation runs where its connection's I/O is driven
    // (a body's chunks then need no wake-up of this thread each).
    let mut task = rt.spawn(fut);
    loop {
        let step = py.allow_threads(|| {
            rt.block_on(async { tokio::time::timeout(SIGNAL_TICK, &mut task).await.ok() })
        });
        match step {
            Some(Ok(result)) => return result.map_err(|e| errors::to_py(py, &e)),
            Some(Err(join)) => {
                return Err(pyo3::exceptions::PyRuntimeError::new_err(format!(
                    "newtera task failed: {join}"
                )));
            }
            None => {
                if let Err(interrupt) = py.check_signals() {
                    task.abort();
                    py.allow_threads(|| {
                        rt.block_on(async {
                            // The aborted task is dropped inside the runtime:
                            // a part file is removed, an upload's abort queued.
                            let _ = (&mut task).await;
                            let _ =
                                tokio::time::timeout(CLEANUP_WAIT, client.wait_for_cleanup()).await;
                        });
                    });
                    return Err(interrupt);
                }
            }
        }
    }
}

/// Like [`wait`], for a future that borrows from the caller (a buffer it
/// fills): polled on this thread with the GIL released, the connections'
/// I/O driven by the runtime's workers. Ctrl-C drops the future here, which
/// cancels its requests.
pub(crate) fn wait_borrowed<T, F>(py: Python<'_>, fut: F) -> PyResult<T>
where
    F: Future<Output = newtera::Result<T>> + Send,
    T: Send,
{
    let rt = runtime()?;
    let mut fut = std::pin::pin!(fut);
    loop {
        let step = py.allow_threads(|| {
            rt.block_on(async { tokio::time::timeout(SIGNAL_TICK, fut.as_mut()).await.ok() })
        });
        match step {
            Some(result) => return result.map_err(|e| errors::to_py(py, &e)),
            None => py.check_signals()?,
        }
    }
}
