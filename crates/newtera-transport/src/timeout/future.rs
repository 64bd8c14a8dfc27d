//! The timeout layer's response future.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use pin_project_lite::pin_project;
use tokio::time::Sleep;

use super::error::{Elapsed, Scope};
use crate::error::BoxError;

pin_project! {
    /// The future of [`Timeout`](super::Timeout): the inner future raced against a timer.
    #[derive(Debug)]
    pub struct ResponseFuture<F> {
        #[pin]
        inner: F,
        #[pin]
        sleep: Sleep,
        elapsed: Elapsed,
    }
}

impl<F> ResponseFuture<F> {
    pub(super) fn new(inner: F, scope: Scope, after: std::time::Duration) -> Self {
        Self {
            inner,
            sleep: tokio::time::sleep(after),
            elapsed: Elapsed::new(scope, after),
        }
    }
}

impl<F, T, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<T, E>>,
    E: Into<BoxError>,
{
    type Output = Result<T, BoxError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(result) = this.inner.poll(cx) {
            return Poll::Ready(result.map_err(Into::into));
        }
        ready!(this.sleep.poll(cx));
        Poll::Ready(Err(Box::new(*this.elapsed)))
    }
}
