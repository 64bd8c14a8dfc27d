//! The transport error: one opaque type with a kind, like hyper's and reqwest's.

use std::fmt;

/// A boxed error, the error type of the layers (as in tower's own middleware).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What went wrong while sending a request, in broad strokes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The service could not be configured (bad proxy URL, unreadable CA file …).
    Builder,
    /// No connection could be opened (DNS, TCP refused, unreachable).
    Connect,
    /// The TLS handshake failed (untrusted certificate, protocol mismatch).
    Tls,
    /// The proxy refused or broke the connection (CONNECT failed, bad credentials).
    Proxy,
    /// A connect, read, attempt or operation deadline passed.
    Timeout,
    /// The connection failed after it was opened and before a response arrived
    /// (reset, closed early): the server may or may not have seen the request.
    Request,
    /// The response body failed while it was being read.
    Body,
    /// A local I/O error (reading a file body).
    Io,
    /// Credentials could not be obtained.
    Credentials,
    /// The request could not be signed (not an absolute URI, bad header value).
    Signing,
}

impl ErrorKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Builder => "invalid transport configuration",
            Self::Connect => "connection failed",
            Self::Tls => "TLS handshake failed",
            Self::Proxy => "proxy error",
            Self::Timeout => "timed out",
            Self::Request => "request failed before a response",
            Self::Body => "response body failed",
            Self::Io => "I/O error",
            Self::Credentials => "credentials unavailable",
            Self::Signing => "request signing failed",
        }
    }
}

/// The error of [`HttpService`](crate::HttpService) and of the transport helpers.
///
/// Its text never contains a request URL: presigned signatures and tokens live in query
/// strings, so only the kind, a short static-ish detail and the source chain are printed.
pub struct Error {
    kind: ErrorKind,
    /// No connection was opened, so no byte of the request left the client.
    unsent: bool,
    detail: Option<String>,
    source: Option<BoxError>,
}

/// `Result` with the transport [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error of `kind` with no further detail.
    pub fn new(kind: ErrorKind) -> Self {
        Self {
            kind,
            unsent: false,
            detail: None,
            source: None,
        }
    }

    /// An error of `kind` caused by `source`.
    pub fn with_source(kind: ErrorKind, source: impl Into<BoxError>) -> Self {
        Self {
            kind,
            unsent: false,
            detail: None,
            source: Some(source.into()),
        }
    }

    /// Adds a short detail to the message; callers must never pass URLs or secrets.
    pub(crate) fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Marks the error as one that happened while connecting (a connect timeout keeps
    /// its [`ErrorKind::Timeout`] but is still known to be unsent).
    pub(crate) fn unsent(mut self) -> Self {
        self.unsent = true;
        self
    }

    pub(crate) fn builder(detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::Builder).detail(detail)
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Whether a deadline passed.
    pub fn is_timeout(&self) -> bool {
        self.kind == ErrorKind::Timeout
    }

    /// Whether no connection could be opened (TCP, TLS or proxy failure).
    pub fn is_connect(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Connect | ErrorKind::Tls | ErrorKind::Proxy
        )
    }

    /// Whether the request provably never reached the server: no connection was opened
    /// (TCP, TLS or proxy failure, or a connect timeout). Only such a failure lets the
    /// retry layer send a non-idempotent request (a `POST`) again.
    pub fn is_unsent(&self) -> bool {
        self.unsent || self.is_connect()
    }

    /// Whether the request failed before any response arrived, so the server answered nothing.
    pub fn is_before_response(&self) -> bool {
        self.is_connect() || matches!(self.kind, ErrorKind::Request)
    }

    /// Whether the response body failed while being read.
    pub fn is_body(&self) -> bool {
        self.kind == ErrorKind::Body
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.kind);
        if let Some(detail) = &self.detail {
            d.field("detail", detail);
        }
        if let Some(source) = &self.source {
            d.field("source", source);
        }
        d.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.as_str())?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Self::with_source(ErrorKind::Io, e)
    }
}

/// Walks an error's source chain looking for a `T`.
pub(crate) fn find_source<'a, T: std::error::Error + 'static>(
    err: &'a (dyn std::error::Error + 'static),
) -> Option<&'a T> {
    let mut cur = Some(err);
    while let Some(e) = cur {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        cur = next_in_chain(e);
    }
    None
}

/// The next error down the chain. `io::Error::source` skips the error it wraps, so look
/// inside it explicitly (hyper and rustls errors travel wrapped in `io::Error`).
fn next_in_chain<'a>(
    e: &'a (dyn std::error::Error + 'static),
) -> Option<&'a (dyn std::error::Error + 'static)> {
    if let Some(inner) = e
        .downcast_ref::<std::io::Error>()
        .and_then(|io| io.get_ref())
    {
        return Some(inner as &(dyn std::error::Error + 'static));
    }
    e.source()
}

/// Whether any error in the chain is an I/O timeout.
pub(crate) fn chain_has_timeout(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(err);
    while let Some(e) = cur {
        let io_timeout = e
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut);
        if io_timeout || e.downcast_ref::<tokio::time::error::Elapsed>().is_some() {
            return true;
        }
        cur = next_in_chain(e);
    }
    false
}
