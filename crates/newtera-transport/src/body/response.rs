//! The response body: hyper's `Incoming`, buffered bytes, or any boxed body, behind one type.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_util::Stream;
use http_body::{Body as _, Frame, SizeHint};
use http_body_util::BodyExt as _;
use http_body_util::combinators::BoxBody;
use tokio::time::Sleep;

use crate::error::{BoxError, Error, ErrorKind, chain_has_timeout};

/// The body of a response from the stack.
///
/// Implements `http_body::Body<Data = Bytes, Error = Error>`; hyper's own type stays hidden.
pub struct ResponseBody {
    inner: Inner,
    /// The longest silence allowed between two frames, with the running timer.
    idle: Option<Idle>,
}

enum Inner {
    Incoming(hyper::body::Incoming),
    Full(Option<Bytes>),
    Boxed(BoxBody<Bytes, Error>),
    /// Bytes already read off `rest`, yielded before it.
    Prefixed(Option<Bytes>, Box<ResponseBody>),
}

impl ResponseBody {
    /// An empty body.
    pub fn empty() -> Self {
        Self::from_inner(Inner::Full(None))
    }

    /// Wraps any body whose data is `Bytes` (a test double, a decoded stream …).
    pub fn new<B>(body: B) -> Self
    where
        B: http_body::Body<Data = Bytes> + Send + Sync + 'static,
        B::Error: Into<BoxError>,
    {
        let boxed = body
            .map_err(|e| Error::with_source(ErrorKind::Body, e))
            .boxed();
        Self::from_inner(Inner::Boxed(boxed))
    }

    pub(crate) fn incoming(body: hyper::body::Incoming, idle: Option<Duration>) -> Self {
        let mut this = Self::from_inner(Inner::Incoming(body));
        this.idle = idle.map(|limit| Idle {
            limit,
            sleep: Box::pin(tokio::time::sleep(limit)),
            armed: false,
        });
        this
    }

    fn from_inner(inner: Inner) -> Self {
        Self { inner, idle: None }
    }

    /// Reads the whole body into memory.
    pub async fn collect(self) -> Result<Bytes, Error> {
        Ok(http_body_util::BodyExt::collect(self).await?.to_bytes())
    }

    /// Reads the whole body, failing with a [`ErrorKind::Body`] error past `max` bytes, so an
    /// unexpectedly large answer cannot exhaust memory.
    pub async fn collect_limited(mut self, max: usize) -> Result<Bytes, Error> {
        // A Content-Length over the limit fails at once: waiting for a body
        // that will be refused anyway could hang on a hostile server.
        let announced = self.size_hint().lower();
        if announced > max as u64 {
            return Err(Error::new(ErrorKind::Body).detail(format!(
                "the announced body of {announced} bytes exceeds {max} bytes"
            )));
        }
        let mut buf = BytesMut::new();
        while let Some(frame) = self.frame().await {
            let Ok(data) = frame?.into_data() else {
                continue;
            };
            if buf.len() + data.len() > max {
                return Err(Error::new(ErrorKind::Body).detail(format!("body exceeds {max} bytes")));
            }
            buf.extend_from_slice(&data);
        }
        Ok(buf.freeze())
    }

    /// Reads up to `max` bytes; gives back the bytes and, if the body is longer, the rest.
    pub(crate) async fn buffer_prefix(
        mut self,
        max: usize,
    ) -> Result<(Bytes, Option<Self>), Error> {
        let mut buf = BytesMut::new();
        while buf.len() <= max {
            let Some(frame) = self.frame().await else {
                return Ok((buf.freeze(), None));
            };
            if let Ok(data) = frame?.into_data() {
                buf.extend_from_slice(&data);
            }
        }
        Ok((buf.freeze(), Some(self)))
    }

    /// `prefix` followed by `rest`.
    pub(crate) fn prefixed(prefix: Bytes, rest: Self) -> Self {
        Self::from_inner(Inner::Prefixed(Some(prefix), Box::new(rest)))
    }

    /// The body as a stream of data chunks (trailers are skipped).
    pub fn into_stream(self) -> impl Stream<Item = Result<Bytes, Error>> + Send + Sync + 'static {
        http_body_util::BodyDataStream::new(self)
    }

    fn poll_inner(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Error>>> {
        match &mut self.inner {
            Inner::Incoming(body) => Pin::new(body)
                .poll_frame(cx)
                .map(|f| f.map(|r| r.map_err(incoming_error))),
            Inner::Full(data) => Poll::Ready(data.take().map(|d| Ok(Frame::data(d)))),
            Inner::Boxed(body) => Pin::new(body).poll_frame(cx),
            Inner::Prefixed(prefix, rest) => match prefix.take() {
                Some(data) => Poll::Ready(Some(Ok(Frame::data(data)))),
                None => Pin::new(rest.as_mut()).poll_frame(cx),
            },
        }
    }

    /// Runs the silence timer while the body waits on the server. The timer starts when a
    /// wait starts, so time the caller spends between polls is never blamed on the server.
    fn poll_idle(&mut self, cx: &mut Context<'_>) -> Poll<Error> {
        let Some(idle) = &mut self.idle else {
            return Poll::Pending;
        };
        if !idle.armed {
            idle.armed = true;
            let deadline = tokio::time::Instant::now() + idle.limit;
            idle.sleep.as_mut().reset(deadline);
        }
        idle.sleep.as_mut().poll(cx).map(|()| {
            Error::new(ErrorKind::Timeout).detail("read timeout while receiving the body")
        })
    }

    fn disarm_idle(&mut self) {
        if let Some(idle) = &mut self.idle {
            idle.armed = false;
        }
    }
}

/// The read timeout between body frames.
struct Idle {
    limit: Duration,
    sleep: Pin<Box<Sleep>>,
    /// Whether a wait is under way (the timer counts only then).
    armed: bool,
}

use std::future::Future as _;

fn incoming_error(e: hyper::Error) -> Error {
    let kind = if chain_has_timeout(&e) {
        ErrorKind::Timeout
    } else {
        ErrorKind::Body
    };
    Error::with_source(kind, e)
}

impl http_body::Body for ResponseBody {
    type Data = Bytes;
    type Error = Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Error>>> {
        let this = self.get_mut();
        match this.poll_inner(cx) {
            Poll::Ready(frame) => {
                this.disarm_idle();
                Poll::Ready(frame)
            }
            Poll::Pending => this.poll_idle(cx).map(|e| Some(Err(e))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.inner {
            Inner::Incoming(body) => body.is_end_stream(),
            Inner::Full(data) => data.is_none(),
            Inner::Boxed(body) => body.is_end_stream(),
            Inner::Prefixed(prefix, rest) => prefix.is_none() && rest.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.inner {
            Inner::Incoming(body) => body.size_hint(),
            Inner::Full(data) => SizeHint::with_exact(data.as_ref().map_or(0, |d| d.len() as u64)),
            Inner::Boxed(body) => body.size_hint(),
            Inner::Prefixed(prefix, rest) => {
                let extra = prefix.as_ref().map_or(0, |p| p.len() as u64);
                let inner = rest.size_hint();
                let mut hint = SizeHint::new();
                hint.set_lower(inner.lower() + extra);
                if let Some(upper) = inner.upper() {
                    hint.set_upper(upper + extra);
                }
                hint
            }
        }
    }
}

impl Default for ResponseBody {
    fn default() -> Self {
        Self::empty()
    }
}

impl fmt::Debug for ResponseBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.inner {
            Inner::Incoming(_) => "incoming",
            Inner::Full(_) => "full",
            Inner::Boxed(_) => "boxed",
            Inner::Prefixed(..) => "prefixed",
        };
        f.debug_struct("ResponseBody").field("kind", &kind).finish()
    }
}

impl From<Bytes> for ResponseBody {
    fn from(data: Bytes) -> Self {
        Self::from_inner(Inner::Full((!data.is_empty()).then_some(data)))
    }
}

impl From<Vec<u8>> for ResponseBody {
    fn from(v: Vec<u8>) -> Self {
        Self::from(Bytes::from(v))
    }
}

impl From<&'static str> for ResponseBody {
    fn from(s: &'static str) -> Self {
        Self::from(Bytes::from_static(s.as_bytes()))
    }
}

impl From<String> for ResponseBody {
    fn from(s: String) -> Self {
        Self::from(Bytes::from(s))
    }
}
