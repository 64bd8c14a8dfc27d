//! `TraceLayer`: opens one span per request.

use tower_layer::Layer;

use super::Trace;

/// Wraps each request in a `tracing` span (see [`crate::trace`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct TraceLayer {
    _private: (),
}

impl TraceLayer {
    /// A layer opening an `INFO` span named `s3.request` per request.
    pub fn new() -> Self {
        Self::default()
    }
}

impl<S> Layer<S> for TraceLayer {
    type Service = Trace<S>;

    fn layer(&self, inner: S) -> Trace<S> {
        Trace::new(inner)
    }
}
