//! Capturing `tracing` output per test.
//!
//! Tests run on parallel threads in one process. Per-thread subscribers
//! (`set_default`) race on tracing's global callsite-interest cache: a
//! callsite first hit while only another thread's subscriber existed can
//! stay cached as disabled, and a log line goes missing (seen once in CI).
//! So the binary has one global subscriber whose filter is asked on every
//! event (a dynamic filter: no callsite is ever cached as off) and writes to a buffer only on the thread that asked for it
//! (every test here runs on a current-thread runtime, so the tasks a test
//! spawns log on its thread).

use std::cell::RefCell;
use std::io::Write;
use std::sync::{Arc, Mutex, Once, PoisonError};

use tracing_subscriber::Layer as _;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::layer::SubscriberExt as _;

/// Everything logged on one thread while its [`CaptureGuard`] lived.
#[derive(Clone, Default)]
pub(crate) struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

thread_local! {
    static SINK: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

fn sink() -> Option<Captured> {
    SINK.with(|s| s.borrow().clone())
}

/// Stops capturing on this thread when dropped.
pub(crate) struct CaptureGuard(());

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        SINK.with(|s| s.borrow_mut().take());
    }
}

/// Captures every event (TRACE and up) and span close logged on this thread.
pub(crate) fn capture() -> (Captured, CaptureGuard) {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let layer = tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_span_events(FmtSpan::CLOSE)
            .with_writer(|| -> Box<dyn Write> {
                match sink() {
                    Some(c) => Box::new(c),
                    None => Box::new(std::io::sink()),
                }
            })
            .with_filter(tracing_subscriber::filter::dynamic_filter_fn(|_, _| {
                sink().is_some()
            }));
        let subscriber = tracing_subscriber::registry().with(layer);
        tracing::subscriber::set_global_default(subscriber).expect("the only global subscriber");
    });
    let captured = Captured::default();
    SINK.with(|s| *s.borrow_mut() = Some(captured.clone()));
    (captured, CaptureGuard(()))
}
