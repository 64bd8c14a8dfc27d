//! The crate's error type and the parsed S3 error document.

use http::StatusCode;

use crate::error_code::ErrorCode;

/// Everything that can go wrong while encoding a request or decoding a
/// response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The response body is not well-formed XML or not the expected document.
    #[error("malformed XML: {0}")]
    Xml(String),
    /// A field the document or headers must carry is absent.
    #[error("missing field `{0}`")]
    MissingField(&'static str),
    /// A field is present but its value cannot be understood.
    #[error("invalid value for `{field}`: {reason}")]
    InvalidField {
        /// The element or header name.
        field: &'static str,
        /// What is wrong with it (never contains secrets).
        reason: String,
    },
    /// The bucket name breaks the naming rules.
    #[error("invalid bucket name: {0}")]
    InvalidBucketName(#[from] crate::validate::BucketNameError),
    /// The object name breaks the naming rules.
    #[error("invalid object name: {0}")]
    InvalidObjectName(#[from] crate::validate::ObjectNameError),
    /// A request argument is out of range or inconsistent.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// The server answered with an S3 error (a non-2xx status, or an error
    /// document inside a 200 response).
    #[error(transparent)]
    Service(Box<S3Error>),
}

impl Error {
    pub(crate) fn xml(msg: impl Into<String>) -> Self {
        Self::Xml(msg.into())
    }

    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Self::InvalidField {
            field,
            reason: reason.into(),
        }
    }

    /// Whether retrying may succeed: only service errors can say so.
    pub fn is_retryable(&self) -> bool {
        self.as_service().is_some_and(S3Error::is_retryable)
    }

    /// The S3 error, when the server sent one.
    pub fn as_service(&self) -> Option<&S3Error> {
        match self {
            Self::Service(e) => Some(e),
            _ => None,
        }
    }
}

impl From<S3Error> for Error {
    fn from(e: S3Error) -> Self {
        Self::Service(Box::new(e))
    }
}

/// A parsed S3 `<Error>` document together with the HTTP status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("S3 error {code} (HTTP {status}): {message}")]
#[non_exhaustive]
pub struct S3Error {
    /// The HTTP status of the response (200 for errors inside a 200 body).
    pub status: StatusCode,
    /// The S3 error code (`NoSuchKey`, `SlowDown` …).
    pub code: ErrorCode,
    /// The human-readable message; empty when the server sent none.
    pub message: String,
    /// The resource the error is about.
    pub resource: Option<String>,
    /// The request id (`RequestId` element or `x-amz-request-id` header).
    pub request_id: Option<String>,
    /// The host id (`HostId` element or `x-amz-id-2` header).
    pub host_id: Option<String>,
    /// The bucket, when the server names it.
    pub bucket_name: Option<String>,
    /// The object key, when the server names it.
    pub key: Option<String>,
    /// The region the bucket lives in, when the server says (`<Region>`
    /// element or `x-amz-bucket-region` header, e.g. on a 301 redirect or an
    /// `AuthorizationHeaderMalformed` error): lets a client retry in the
    /// right region.
    pub region: Option<String>,
    /// Whether the fields come from an `<Error>` document; `false` when the
    /// answer had no body (or not an S3 one) and the code was derived from
    /// the status alone.
    pub has_document: bool,
}

impl S3Error {
    /// An error with only a status and a code, as for a body-less response.
    pub fn from_status(status: StatusCode, code: ErrorCode) -> Self {
        Self {
            status,
            message: code.default_message().to_owned(),
            code,
            resource: None,
            request_id: None,
            host_id: None,
            bucket_name: None,
            key: None,
            region: None,
            has_document: false,
        }
    }

    /// Whether retrying the same request may succeed (throttling or a
    /// transient server fault, or any 5xx status).
    pub fn is_retryable(&self) -> bool {
        self.code.is_retryable() || self.status.is_server_error()
    }

    /// Whether the addressed bucket, key or upload does not exist.
    pub fn is_not_found(&self) -> bool {
        self.code.is_not_found() || self.status == StatusCode::NOT_FOUND
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
