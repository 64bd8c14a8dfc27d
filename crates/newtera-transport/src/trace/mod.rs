//! `tracing` spans per request.
//!
//! The span `s3.request` carries `method`, `host`, `path`, `status`, `attempts` (updated by
//! the retry layer inside it) and `duration_ms`. The query string is **never** recorded:
//! presigned signatures and security tokens travel there.

pub mod future;
mod layer;

use std::task::{Context, Poll};
use std::time::Instant;

use http::{Request, Response};
use tower_service::Service;

use crate::error::BoxError;

pub use layer::TraceLayer;

/// The tracing middleware.
#[derive(Debug, Clone)]
pub struct Trace<S> {
    inner: S,
}

impl<S> Trace<S> {
    pub(crate) fn new(inner: S) -> Self {
        Self { inner }
    }

    /// The wrapped service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }
}

impl<S, B, RB> Service<Request<B>> for Trace<S>
where
    S: Service<Request<B>, Response = Response<RB>>,
    S::Error: Into<BoxError>,
{
    type Response = Response<RB>;
    type Error = BoxError;
    type Future = future::ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        let span = request_span(&req);
        let start = Instant::now();
        let inner = span.in_scope(|| self.inner.call(req));
        future::ResponseFuture::new(inner, span, start)
    }
}

/// The span for one request: path only, never the query.
fn request_span<B>(req: &Request<B>) -> tracing::Span {
    tracing::info_span!(
        "s3.request",
        method = %req.method(),
        host = req.uri().host().unwrap_or(""),
        path = req.uri().path(),
        status = tracing::field::Empty,
        attempts = 1u32,
        duration_ms = tracing::field::Empty,
    )
}
