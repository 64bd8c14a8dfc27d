//! The named future and stream types every operation returns: boxed, and
//! `Send + Sync` so they can be held across `.await` in any task.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::StreamExt;
use sync_wrapper::{SyncFuture, SyncStream};

use crate::error::Result;

type Boxed<T> = Pin<Box<dyn Future<Output = Result<T>> + Send>>;
type BoxedStream<T> = Pin<Box<dyn Stream<Item = Result<T>> + Send>>;

/// The future of a client operation. `Send + Sync + 'static`.
#[must_use = "futures do nothing unless awaited"]
pub struct OpFuture<T> {
    inner: SyncFuture<Boxed<T>>,
}

impl<T> OpFuture<T> {
    pub(crate) fn new(fut: impl Future<Output = Result<T>> + Send + 'static) -> Self {
        Self {
            inner: SyncFuture::new(Box::pin(fut)),
        }
    }
}

impl<T> Future for OpFuture<T> {
    type Output = Result<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.inner).poll(cx)
    }
}

impl<T> std::fmt::Debug for OpFuture<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OpFuture")
    }
}

/// A lazy stream of results (listings, batch deletes). `Send + Sync + 'static`.
/// Fused: once it has ended, polling it again gives `None` again.
#[must_use = "streams do nothing unless polled"]
pub struct OpStream<T> {
    inner: SyncStream<BoxedStream<T>>,
}

impl<T> OpStream<T> {
    pub(crate) fn new(stream: impl Stream<Item = Result<T>> + Send + 'static) -> Self {
        Self {
            // Fused, so a caller (or a chain) that polls an ended stream
            // again gets `None`, not the panic of `stream::unfold`.
            inner: SyncStream::new(Box::pin(stream.fuse())),
        }
    }
}

impl<T> Stream for OpStream<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.inner).poll_next(cx)
    }
}

impl<T> std::fmt::Debug for OpStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OpStream")
    }
}
