//! The signing layer's response future.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use pin_project_lite::pin_project;

use crate::error::BoxError;

/// Fetching credentials, signing and sending, boxed: the path of a provider that must be
/// awaited.
type Waiting<T> = Pin<Box<dyn Future<Output = Result<T, BoxError>> + Send>>;

pin_project! {
    /// The future of [`SigV4`](super::SigV4): the inner service's future when the
    /// credentials were at hand (the request was signed before it was sent), else one
    /// that fetches credentials, signs, then sends.
    pub struct ResponseFuture<F, T> {
        #[pin]
        state: State<F, T>,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<F, T> {
        Sending { #[pin] inner: F },
        Waiting { inner: Waiting<T> },
        Failed { error: Option<BoxError> },
    }
}

impl<F, T> ResponseFuture<F, T> {
    pub(super) fn sending(inner: F) -> Self {
        Self {
            state: State::Sending { inner },
        }
    }

    pub(super) fn waiting(inner: Waiting<T>) -> Self {
        Self {
            state: State::Waiting { inner },
        }
    }

    pub(super) fn failed(error: BoxError) -> Self {
        Self {
            state: State::Failed { error: Some(error) },
        }
    }
}

impl<F, T, E> Future for ResponseFuture<F, T>
where
    F: Future<Output = Result<T, E>>,
    E: Into<BoxError>,
{
    type Output = Result<T, BoxError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProj::Sending { inner } => inner.poll(cx).map_err(Into::into),
            StateProj::Waiting { inner } => inner.as_mut().poll(cx),
            StateProj::Failed { error } => Poll::Ready(Err(error
                .take()
                .unwrap_or_else(|| "the signing future was polled after it failed".into()))),
        }
    }
}

impl<F, T> fmt::Debug for ResponseFuture<F, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}
