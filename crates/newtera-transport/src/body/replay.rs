//! What the signing and retry layers need of a request body, so they can
//! sit over any HTTP client (the way aws-sigv4's signable body and
//! reqwest's `try_clone` do it).

use std::borrow::Cow;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use http_body::Body as _;
use http_body_util::{Empty, Full};

use super::Body;

/// A request body [`SigV4`](crate::sigv4::SigV4) can sign: it tells
/// whether it holds its whole payload in memory.
///
/// Over plain HTTP (without an `x-amz-content-sha256` header on the
/// request) an in-memory payload is hashed into the signature; a body that
/// answers `None` (a file, a stream) is signed as `UNSIGNED-PAYLOAD`.
/// Implemented for [`Body`], `Bytes`, `String`, `Vec<u8>`, and
/// `http_body_util`'s `Full<Bytes>` and `Empty<Bytes>`.
pub trait SignableBody {
    /// The whole payload when it is in memory.
    fn payload(&self) -> Option<Cow<'_, [u8]>>;
}

/// A request body [`Retry`](crate::retry::Retry) can send again: a fresh
/// copy for another attempt, or `None` when the body is one-shot (that
/// request then gets one attempt). Implemented for the same types as
/// [`SignableBody`].
pub trait ReplayableBody: Sized {
    /// A copy of the body from its start.
    fn try_clone(&self) -> Option<Self>;
}

impl SignableBody for Body {
    fn payload(&self) -> Option<Cow<'_, [u8]>> {
        self.as_bytes().map(|b| Cow::Borrowed(&b[..]))
    }
}

impl ReplayableBody for Body {
    fn try_clone(&self) -> Option<Self> {
        Body::try_clone(self)
    }
}

/// Bodies that are their own bytes.
macro_rules! in_memory {
    ($($body:ty),*) => {$(
        impl SignableBody for $body {
            fn payload(&self) -> Option<Cow<'_, [u8]>> {
                Some(Cow::Borrowed(self.as_ref()))
            }
        }

        impl ReplayableBody for $body {
            fn try_clone(&self) -> Option<Self> {
                Some(self.clone())
            }
        }
    )*};
}

in_memory!(Bytes, String, Vec<u8>);

impl SignableBody for Full<Bytes> {
    /// `Full` does not lend its bytes: a copy's single frame is taken (it
    /// is ready at once) and copied.
    fn payload(&self) -> Option<Cow<'_, [u8]>> {
        let mut copy = self.clone();
        let mut cx = Context::from_waker(Waker::noop());
        match Pin::new(&mut copy).poll_frame(&mut cx) {
            Poll::Ready(None) => Some(Cow::Borrowed(&[])),
            Poll::Ready(Some(Ok(frame))) => {
                let data = frame.into_data().ok()?;
                Some(Cow::Owned(data.to_vec()))
            }
            _ => None,
        }
    }
}

impl ReplayableBody for Full<Bytes> {
    fn try_clone(&self) -> Option<Self> {
        Some(self.clone())
    }
}

impl SignableBody for Empty<Bytes> {
    fn payload(&self) -> Option<Cow<'_, [u8]>> {
        Some(Cow::Borrowed(&[]))
    }
}

impl ReplayableBody for Empty<Bytes> {
    fn try_clone(&self) -> Option<Self> {
        Some(Empty::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_lends_its_payload_and_replays() {
        let full = Full::new(Bytes::from_static(b"abc"));
        assert_eq!(full.payload().as_deref(), Some(&b"abc"[..]));
        assert_eq!(full.payload().as_deref(), Some(&b"abc"[..]), "not consumed");
        assert!(ReplayableBody::try_clone(&full).is_some());
        let empty = Full::new(Bytes::new());
        assert_eq!(empty.payload().as_deref(), Some(&b""[..]));
        assert_eq!(Empty::<Bytes>::new().payload().as_deref(), Some(&b""[..]));
    }

    #[test]
    fn streams_are_neither_hashed_nor_replayed() {
        let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from("x"))]);
        let stream = Body::from_stream(chunks, Some(1));
        assert!(stream.payload().is_none());
        assert!(ReplayableBody::try_clone(&stream).is_none());
        let bytes = Body::from("abc");
        assert_eq!(bytes.payload().as_deref(), Some(&b"abc"[..]));
    }
}
