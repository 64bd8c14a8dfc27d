//! Deadlines: per attempt (inside retry) and per operation (outside retry).
//!
//! Both bound the wait for the response head; the body is bounded by the
//! [`HttpService`](crate::HttpService) read timeout between chunks. The error,
//! [`error::Elapsed`], says which deadline passed.

pub mod error;
pub mod future;
mod layer;

use std::task::{Context, Poll};
use std::time::Duration;

use tower_service::Service;

use crate::error::BoxError;

pub use error::{Elapsed, Scope};
pub use layer::TimeoutLayer;

/// The timeout middleware.
#[derive(Debug, Clone)]
pub struct Timeout<S> {
    inner: S,
    scope: Scope,
    after: Duration,
}

impl<S> Timeout<S> {
    pub(crate) fn new(inner: S, scope: Scope, after: Duration) -> Self {
        Self {
            inner,
            scope,
            after,
        }
    }

    /// The wrapped service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }
}

impl<S, R> Service<R> for Timeout<S>
where
    S: Service<R>,
    S::Error: Into<BoxError>,
{
    type Response = S::Response;
    type Error = BoxError;
    type Future = future::ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, req: R) -> Self::Future {
        future::ResponseFuture::new(self.inner.call(req), self.scope, self.after)
    }
}
