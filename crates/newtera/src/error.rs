//! The client's error type, split by the phase that failed.

use std::fmt;

use http::StatusCode;
use newtera_proto::ErrorCode;

/// A boxed error from the transport stack (a user's tower layer may return
/// any error).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The result of every client operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in a client operation.
///
/// The phases are distinct: invalid input is reported before any request is
/// sent; a service response carries the S3 error document; transport,
/// timeout, I/O and malformed-response failures each have their own variant.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument was rejected before any request was sent (bucket name,
    /// empty object name, expiry range, part sizes, endpoint).
    /// The source says what was wrong: a message, or the lower layer's
    /// typed error (`newtera_proto::validate::BucketNameError`, a
    /// `newtera_sign` or `newtera_transport` error) with its own sources.
    #[error("invalid argument: {0}")]
    InvalidArgument(#[source] BoxError),
    /// The server answered with an S3 error (minio-py's `S3Error`/`ResponseError`).
    #[error(transparent)]
    Response(Box<ResponseError>),
    /// Credentials could not be obtained, at build time or while a request
    /// was being signed (the provider's error is the source).
    #[error("credentials: {0}")]
    Credentials(#[source] BoxError),
    /// The request could not be sent or the response not received.
    #[error("transport: {0}")]
    Transport(#[source] BoxError),
    /// An attempt or the whole operation took too long.
    #[error("timed out: {0}")]
    Timeout(#[source] BoxError),
    /// A local file or stream failed.
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
    /// The server's answer could not be understood; the source is the
    /// decoder's error (for example [`newtera_proto::Error`]).
    #[error("malformed response: {0}")]
    MalformedResponse(#[source] BoxError),
    /// A downloaded object failed an integrity check (checksum or ETag).
    #[error("integrity check failed: {0}")]
    Integrity(String),
    /// A resumable upload stopped (`PutObject::resumable`): the server
    /// keeps the parts it stored, to be resumed or removed. The inner
    /// error is what stopped it (the source); the accessors of a service
    /// error ([`status`](Self::status), [`code`](Self::code),
    /// [`is_not_found`](Self::is_not_found) …) look through to it.
    #[error("{0}")]
    UploadKept(#[source] Box<UploadKept>),
}

/// An unfinished multipart upload kept on the server after a resumable
/// upload stopped: where it is, what is stored, and why it stopped.
///
/// Resume it by uploading the same data to the same object again with
/// `.resumable(true)` (the upload is found with ListMultipartUploads), or
/// with `.resume_from(&kept)` / `.resume_upload_id(id)` where the server
/// cannot list uploads (s3s-fs). Free its parts with
/// `remove_incomplete_upload` (or by resuming and finishing it).
#[derive(Debug)]
#[non_exhaustive]
pub struct UploadKept {
    /// The bucket.
    pub bucket_name: String,
    /// The object being uploaded.
    pub object_name: String,
    /// The S3 `UploadId` of the kept upload.
    pub upload_id: String,
    /// The parts known to be stored (parts cut off in flight may be
    /// stored too), in part-number order.
    pub parts: Vec<crate::types::StoredPart>,
    /// What stopped the upload.
    pub error: Error,
}

impl UploadKept {
    /// The bytes of [`parts`](Self::parts).
    pub fn bytes_stored(&self) -> u64 {
        self.parts.iter().map(|p| p.size).sum()
    }
}

impl fmt::Display for UploadKept {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}; the server keeps {} parts ({} bytes) of the upload of {}/{} (UploadId {}): \
             upload the same data again with resumable(true) to send only what is missing \
             (resume_upload_id(\"{}\") where the server cannot list uploads), \
             or free it with remove_incomplete_upload",
            self.error,
            self.parts.len(),
            self.bytes_stored(),
            self.bucket_name,
            self.object_name,
            self.upload_id,
            self.upload_id,
        )
    }
}

impl std::error::Error for UploadKept {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// An S3 error response: status, code, message and the ids needed to ask
/// the operator about it.
///
/// An answer without an error document (a `HEAD`, or a proxy's bare `500`)
/// has [`has_document`](Self::has_document) false; its text then names the
/// status, the request (method and resource) and the request id, and says
/// that the server gave no detail.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResponseError {
    /// The HTTP status (`200` for an error document inside a `200` answer).
    pub status: StatusCode,
    /// The S3 error code, typed: `ErrorCode::NoSuchKey`, or
    /// `ErrorCode::Other("…")` for a code newtera does not know. For a
    /// bodiless answer it is derived from the status (`403` →
    /// `AccessDenied`).
    pub code: ErrorCode,
    /// The server's message.
    pub message: String,
    /// The bucket the request was about.
    pub bucket_name: Option<String>,
    /// The object the request was about.
    pub object_name: Option<String>,
    /// The resource the server names.
    pub resource: Option<String>,
    /// `x-amz-request-id`.
    pub request_id: Option<String>,
    /// `x-amz-id-2`.
    pub host_id: Option<String>,
    /// The bucket's region when the server names it (`<Region>` or
    /// `x-amz-bucket-region`).
    pub region: Option<String>,
    /// The request that failed: method and resource (`PUT bucket/key`),
    /// never the query string (it may hold a presigned signature).
    pub request: Option<String>,
    /// Whether the server sent an S3 error document; `false` when the
    /// answer had no body to explain it.
    pub has_document: bool,
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.has_document {
            return self.fmt_bodiless(f);
        }
        write!(f, "{} (HTTP {})", self.code, self.status.as_u16())?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        match (&self.bucket_name, &self.object_name) {
            (Some(b), Some(k)) => write!(f, " [{b}/{k}]")?,
            (Some(b), None) => write!(f, " [{b}]")?,
            _ => {}
        }
        self.fmt_request_id(f)
    }
}

impl ResponseError {
    /// `HTTP 500 Internal Server Error to PUT bucket/key, with no error
    /// document: the server gave no detail (request id …)`.
    fn fmt_bodiless(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status.as_u16())?;
        if let Some(reason) = self.status.canonical_reason() {
            write!(f, " {reason}")?;
        }
        if let Some(request) = &self.request {
            write!(f, " to {request}")?;
        }
        f.write_str(", with no error document: the server gave no detail")?;
        self.fmt_request_id(f)
    }

    fn fmt_request_id(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.request_id {
            Some(id) => write!(f, " (request id {id})"),
            None if !self.has_document => f.write_str(" (no request id)"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for ResponseError {}

impl Error {
    pub(crate) fn invalid(msg: impl Into<String>) -> Self {
        Self::InvalidArgument(msg.into().into())
    }

    /// An argument rejected by a lower layer's typed error, with what it
    /// was about (`bucket name "x"`): the error stays the source.
    pub(crate) fn invalid_because(
        what: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self::InvalidArgument(Box::new(Context {
            what: what.into(),
            source: Box::new(source),
        }))
    }

    /// A transport failure or timeout said to be about `what` (`cannot
    /// reach http://host:port`); the original error stays the source.
    /// Other variants are returned unchanged.
    pub(crate) fn about(self, what: impl Into<String>) -> Self {
        let wrap = |source| {
            Box::new(Context {
                what: what.into(),
                source,
            })
        };
        match self {
            Self::Transport(source) => Self::Transport(wrap(source)),
            Self::Timeout(source) => Self::Timeout(wrap(source)),
            other => other,
        }
    }

    pub(crate) fn malformed(msg: impl fmt::Display) -> Self {
        Self::MalformedResponse(msg.to_string().into())
    }

    /// The service's error response, if the server sent one.
    pub fn as_response(&self) -> Option<&ResponseError> {
        match self {
            Self::Response(r) => Some(r),
            Self::UploadKept(k) => k.error.as_response(),
            _ => None,
        }
    }

    /// The HTTP status of a service error.
    pub fn status(&self) -> Option<StatusCode> {
        self.as_response().map(|r| r.status)
    }

    /// The S3 error code of a service error.
    pub fn code(&self) -> Option<&str> {
        self.as_response().map(|r| r.code.as_str())
    }

    /// The typed S3 error code of a service error.
    pub fn error_code(&self) -> Option<&ErrorCode> {
        self.as_response().map(|r| &r.code)
    }

    /// The request id of a service error.
    pub fn request_id(&self) -> Option<&str> {
        self.as_response().and_then(|r| r.request_id.as_deref())
    }

    /// A missing bucket, object, version or upload: a 404, or a code that
    /// says so ([`ErrorCode::is_not_found`], which also holds for an error
    /// document inside a 200 answer).
    pub fn is_not_found(&self) -> bool {
        self.as_response()
            .is_some_and(|r| r.status == StatusCode::NOT_FOUND || r.code.is_not_found())
    }

    /// Access refused: a 403, or an `AccessDenied` code (also inside a 200
    /// answer, as CompleteMultipartUpload and CopyObject may send it).
    pub fn is_access_denied(&self) -> bool {
        self.as_response()
            .is_some_and(|r| r.status == StatusCode::FORBIDDEN || r.code == ErrorCode::AccessDenied)
    }

    /// A condition of the request did not hold: a 412, or a
    /// `PreconditionFailed` code (`If-Match`, `If-Unmodified-Since`, a
    /// create-only write over an existing key, a copy source condition).
    pub fn is_precondition_failed(&self) -> bool {
        self.as_response().is_some_and(|r| {
            r.status == StatusCode::PRECONDITION_FAILED || r.code == ErrorCode::PreconditionFailed
        })
    }

    /// The object did not change: a 304 to a read with `If-None-Match` or
    /// `If-Modified-Since` (RFC 9110, section 15.4.5).
    pub fn is_not_modified(&self) -> bool {
        self.as_response().is_some_and(|r| {
            r.status == StatusCode::NOT_MODIFIED || r.code == ErrorCode::NotModified
        })
    }

    /// Credentials could not be obtained.
    pub fn is_credentials(&self) -> bool {
        matches!(self, Self::Credentials(_))
    }

    /// An argument rejected before any request was sent.
    pub fn is_invalid_argument(&self) -> bool {
        matches!(self, Self::InvalidArgument(_))
    }

    /// A timeout of an attempt or of the whole operation.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout(_))
    }
}

/// A lower layer's error and what it was about; displays as
/// `what: source` and keeps the source in the chain.
#[derive(Debug)]
struct Context {
    what: String,
    source: BoxError,
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.what, self.source)
    }
}

impl std::error::Error for Context {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}
