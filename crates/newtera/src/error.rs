//! The client's error type, split by the phase that failed.

use std::fmt;

use http::StatusCode;

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
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// The server answered with an S3 error (minio-py's `S3Error`/`ResponseError`).
    #[error(transparent)]
    Response(Box<ResponseError>),
    /// Credentials could not be obtained.
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
    /// The server's answer could not be understood.
    #[error("malformed response: {0}")]
    MalformedResponse(String),
    /// A downloaded object failed an integrity check (checksum or ETag).
    #[error("integrity check failed: {0}")]
    Integrity(String),
}

/// An S3 error response: status, code, message and the ids needed to ask
/// the operator about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The S3 error code, such as `NoSuchKey`.
    pub code: String,
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
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {})", self.code, self.status.as_u16())?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        match (&self.bucket_name, &self.object_name) {
            (Some(b), Some(k)) => write!(f, " [{b}/{k}]")?,
            (Some(b), None) => write!(f, " [{b}]")?,
            _ => {}
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ResponseError {}

impl Error {
    pub(crate) fn invalid(msg: impl Into<String>) -> Self {
        Self::InvalidArgument(msg.into())
    }

    pub(crate) fn malformed(msg: impl fmt::Display) -> Self {
        Self::MalformedResponse(msg.to_string())
    }

    /// The service's error response, if the server sent one.
    pub fn as_response(&self) -> Option<&ResponseError> {
        match self {
            Self::Response(r) => Some(r),
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

    /// The request id of a service error.
    pub fn request_id(&self) -> Option<&str> {
        self.as_response().and_then(|r| r.request_id.as_deref())
    }

    /// A missing bucket, object or upload (404).
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
            || matches!(
                self.code(),
                Some("NoSuchKey" | "NoSuchBucket" | "NoSuchUpload" | "NotFound")
            )
    }

    /// Access refused (403): bad credentials, signature or policy.
    pub fn is_access_denied(&self) -> bool {
        self.status() == Some(StatusCode::FORBIDDEN)
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
