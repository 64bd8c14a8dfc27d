//! A request body that signals, by being dropped, that hyper has finished sending it.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use tokio::sync::oneshot;

use crate::body::Body;

use crate::error::Error;

pub(crate) struct Tracked {
    body: Body,
    /// Dropped with the body; the receiver then knows the upload is over.
    _sent: oneshot::Sender<()>,
}

impl Tracked {
    pub(crate) fn new(body: Body, sent: oneshot::Sender<()>) -> Self {
        Self { body, _sent: sent }
    }
}

impl http_body::Body for Tracked {
    type Data = Bytes;
    type Error = Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
