//! The trace layer's response future.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Instant;

use http::Response;
use pin_project_lite::pin_project;
use tracing::Span;

use crate::error::BoxError;

pin_project! {
    /// The future of [`Trace`](super::Trace): polls the inner future inside the request span
    /// and records the outcome on it.
    #[derive(Debug)]
    pub struct ResponseFuture<F> {
        #[pin]
        inner: F,
        span: Span,
        start: Instant,
    }
}

impl<F> ResponseFuture<F> {
    pub(super) fn new(inner: F, span: Span, start: Instant) -> Self {
        Self { inner, span, start }
    }
}

impl<F, B, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<B>, E>>,
    E: Into<BoxError>,
{
    type Output = Result<Response<B>, BoxError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let _entered = this.span.enter();
        let result = ready!(this.inner.poll(cx)).map_err(Into::into);
        let duration_ms = this.start.elapsed().as_millis() as u64;
        this.span.record("duration_ms", duration_ms);
        match &result {
            Ok(response) => {
                let status = response.status().as_u16();
                this.span.record("status", status);
                tracing::debug!(status, duration_ms, "response");
            }
            // Transport errors never carry URLs, so they are safe to log.
            Err(error) => tracing::debug!(error = %error, duration_ms, "request failed"),
        }
        Poll::Ready(result)
    }
}
