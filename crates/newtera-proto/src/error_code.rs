//! S3 error codes: the known ones as variants, every other one kept as text.

use std::fmt;

macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident),+ $(,)?) => {
        /// An S3 error code. Codes this crate does not know are kept in
        /// [`ErrorCode::Other`], so newer servers never break decoding.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)+
            /// Any code not listed above, verbatim.
            Other(String),
        }

        impl ErrorCode {
            /// The code as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => stringify!($variant),)+
                    Self::Other(s) => s,
                }
            }

            /// Parses a wire code; never fails.
            pub fn parse(code: &str) -> Self {
                match code {
                    $(stringify!($variant) => Self::$variant,)+
                    other => Self::Other(other.to_owned()),
                }
            }
        }
    };
}

error_codes! {
    /// Access to the resource is denied.
    AccessDenied,
    /// The bucket name is taken by another account.
    BucketAlreadyExists,
    /// The caller already owns the bucket.
    BucketAlreadyOwnedByYou,
    /// The bucket is not empty.
    BucketNotEmpty,
    /// The request needs a body integrity header or has a wrong one.
    BadDigest,
    /// The object is larger than the limit.
    EntityTooLarge,
    /// A part is smaller than the minimum.
    EntityTooSmall,
    /// An internal server fault (transient).
    InternalError,
    /// The access key id is unknown.
    InvalidAccessKeyId,
    /// An argument is invalid.
    InvalidArgument,
    /// The bucket name is invalid.
    InvalidBucketName,
    /// A multipart part is missing or its ETag does not match.
    InvalidPart,
    /// The list of parts is not in ascending order.
    InvalidPartOrder,
    /// The requested range cannot be satisfied.
    InvalidRange,
    /// The request is not valid.
    InvalidRequest,
    /// The object's storage class does not allow the operation.
    InvalidObjectState,
    /// The XML body is malformed.
    MalformedXML,
    /// The method is not allowed on this resource.
    MethodNotAllowed,
    /// A required header is missing.
    MissingContentLength,
    /// The bucket does not exist.
    NoSuchBucket,
    /// The key does not exist.
    NoSuchKey,
    /// The multipart upload does not exist.
    NoSuchUpload,
    /// The version does not exist.
    NoSuchVersion,
    /// Generic 404 (HEAD requests have no body to say more).
    NotFound,
    /// The operation is not implemented by this server.
    NotImplemented,
    /// A precondition (`If-Match` …) failed.
    PreconditionFailed,
    /// The object was not modified (`If-None-Match` …).
    NotModified,
    /// The request must go to another endpoint.
    PermanentRedirect,
    /// The request must go to another endpoint for now.
    TemporaryRedirect,
    /// The request was sent to the wrong region.
    AuthorizationHeaderMalformed,
    /// Too many requests for the account (throttling).
    RequestLimitExceeded,
    /// The request time is too far from the server's.
    RequestTimeTooSkewed,
    /// The socket was idle too long (transient).
    RequestTimeout,
    /// The request timed out (transient; the SDKs' spelling).
    RequestTimeoutException,
    /// A previous request on the resource has not finished (transient).
    PriorRequestNotComplete,
    /// The server is unavailable (transient).
    ServiceUnavailable,
    /// The signature does not match.
    SignatureDoesNotMatch,
    /// Reduce the request rate (throttling).
    SlowDown,
    /// Throttled.
    Throttling,
    /// Throttled.
    ThrottlingException,
    /// Throttled.
    TooManyRequests,
    /// Throttled.
    RequestThrottled,
    /// Throttled by bandwidth.
    BandwidthLimitExceeded,
    /// Throttled.
    ProvisionedThroughputExceededException,
    /// Throttled because of a conflicting operation.
    OperationAborted,
    /// The object was modified while being read (transient).
    IncompleteBody,
    /// The server is not ready to answer (transient, MinIO).
    XMinioServerNotInitialized,
}

impl ErrorCode {
    /// Whether the server asks the client to slow down.
    pub fn is_throttling(&self) -> bool {
        matches!(
            self,
            Self::SlowDown
                | Self::Throttling
                | Self::ThrottlingException
                | Self::TooManyRequests
                | Self::RequestThrottled
                | Self::RequestLimitExceeded
                | Self::BandwidthLimitExceeded
                | Self::ProvisionedThroughputExceededException
        )
    }

    /// Whether the code names a fault that a later retry may not hit.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::InternalError
                | Self::RequestTimeout
                | Self::RequestTimeoutException
                | Self::PriorRequestNotComplete
                | Self::ServiceUnavailable
                | Self::OperationAborted
                | Self::IncompleteBody
                | Self::XMinioServerNotInitialized
        )
    }

    /// Whether the code says the bucket, key, version or upload is missing.
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            Self::NoSuchKey
                | Self::NoSuchBucket
                | Self::NoSuchUpload
                | Self::NoSuchVersion
                | Self::NotFound
        )
    }

    /// Throttling or transient: retrying may succeed.
    pub fn is_retryable(&self) -> bool {
        self.is_throttling() || self.is_transient()
    }

    /// The code a body-less error response stands for (HEAD requests and
    /// some proxies send none); `target` says what was addressed, which turns
    /// a 404 into `NoSuchKey`, `NoSuchBucket` or plain `NotFound`.
    pub fn from_status(status: http::StatusCode, target: Target) -> Self {
        match status.as_u16() {
            301 => Self::PermanentRedirect,
            307 => Self::TemporaryRedirect,
            304 => Self::NotModified,
            400 => Self::InvalidRequest,
            403 => Self::AccessDenied,
            404 => match target {
                Target::Object => Self::NoSuchKey,
                Target::Bucket => Self::NoSuchBucket,
                Target::Service => Self::NotFound,
            },
            405 => Self::MethodNotAllowed,
            409 => Self::OperationAborted,
            412 => Self::PreconditionFailed,
            416 => Self::InvalidRange,
            429 => Self::TooManyRequests,
            501 => Self::NotImplemented,
            503 => Self::ServiceUnavailable,
            s if s >= 500 => Self::InternalError,
            _ => Self::Other(format!("Http{}", status.as_u16())),
        }
    }

    /// A generic message for a code when the server sent no text.
    pub(crate) fn default_message(&self) -> &'static str {
        match self {
            Self::NoSuchKey => "The specified key does not exist.",
            Self::NoSuchBucket => "The specified bucket does not exist.",
            Self::NotFound => "Not Found",
            Self::AccessDenied => "Access Denied",
            Self::PreconditionFailed => "At least one of the preconditions did not hold.",
            Self::NotModified => "Not Modified",
            _ => "",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for ErrorCode {
    fn from(s: &str) -> Self {
        Self::parse(s)
    }
}

/// What a request addressed; used to name body-less 404 responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The service itself (ListBuckets).
    Service,
    /// A bucket (bucket operations, listings).
    Bucket,
    /// An object or an upload of one.
    Object,
}
