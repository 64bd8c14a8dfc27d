//! The signing layer's response future.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::error::BoxError;

type Inner<T> = Pin<Box<dyn Future<Output = Result<T, BoxError>> + Send>>;

/// The future of [`SigV4`](super::SigV4): fetches credentials, signs, then sends.
pub struct ResponseFuture<T> {
    inner: Inner<T>,
}

impl<T> ResponseFuture<T> {
    pub(super) fn new(inner: Inner<T>) -> Self {
        Self { inner }
    }
}

impl<T> Future for ResponseFuture<T> {
    type Output = Result<T, BoxError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.inner.as_mut().poll(cx)
    }
}

impl<T> fmt::Debug for ResponseFuture<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}
