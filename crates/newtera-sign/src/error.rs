//! The one error type of this crate.

use std::fmt;

/// A convenient alias for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while signing.
///
/// No variant ever carries a secret key, a session token or a signature, so
/// errors are safe to log.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A presigned URL expiry outside 1 second ..= 7 days (604 800 s).
    ExpiryOutOfRange {
        /// The rejected expiry, in whole seconds.
        seconds: u64,
    },
    /// A header value with a byte that is not visible ASCII, space or tab.
    InvalidHeaderValue {
        /// The (lower-cased) header name.
        name: String,
    },
    /// A header name that is empty or not an HTTP token.
    InvalidHeaderName {
        /// The rejected name.
        name: String,
    },
    /// The request has no (or an empty) `host` header, which SigV4 always signs.
    MissingHost,
    /// The region is empty or holds characters other than `A-Za-z0-9-_.`.
    InvalidRegion {
        /// The rejected region.
        region: String,
    },
    /// The service is empty or holds characters other than `a-z0-9-`.
    InvalidService {
        /// The rejected service.
        service: String,
    },
    /// The HTTP method is empty, not an HTTP token, or not upper case.
    ///
    /// Methods are case-sensitive (RFC 9110, section 9.1): `get` is not
    /// `GET`, and S3 refuses a request signed for `get`. Like the AWS SDKs,
    /// which sign the method exactly as given, this crate does not
    /// upper-case it; unlike them it refuses the value up front, so the
    /// mistake shows here instead of as a 403 later.
    InvalidMethod {
        /// The rejected method.
        method: String,
    },
    /// The path does not start with `/` or is not URI-encoded per S3 rules
    /// (only unreserved characters, `/` and `%XX` with upper-case hex).
    InvalidPath {
        /// The rejected path.
        path: String,
    },
    /// A URL given to [`presign_url`](crate::presign_url) that cannot be used.
    InvalidUrl {
        /// Why the URL was rejected.
        reason: &'static str,
    },
    /// The access key is empty or contains `/` or non-visible characters,
    /// or the secret key is empty.
    InvalidCredentials {
        /// What is wrong (never the secret itself).
        reason: &'static str,
    },
    /// The signing time is before 1970 or after year 9999.
    InvalidTime,
    /// A precomputed payload hash that is not 64 lower-case hex digits.
    InvalidPayloadHash,
    /// A required signing parameter was not given to the builder.
    MissingParameter {
        /// The name of the missing builder parameter.
        name: &'static str,
    },
    /// A POST policy that cannot be signed (for example, no key condition).
    InvalidPolicy {
        /// Why the policy was rejected.
        reason: &'static str,
    },
    /// An aws-chunked chunk size of zero.
    InvalidChunkSize,
    /// A checksum value or multipart checksum that cannot be used.
    InvalidChecksum {
        /// Why it was rejected.
        reason: &'static str,
    },
    /// A checksum algorithm name S3 does not define (or this build lacks:
    /// all but SHA-256 need the `checksums` feature).
    UnknownChecksumAlgorithm {
        /// The rejected name.
        name: String,
    },
    /// A bucket name that breaks S3's naming rules.
    InvalidBucketName {
        /// The rejected name.
        name: String,
        /// Which rule it breaks.
        reason: &'static str,
    },
    /// An object key that is empty or longer than 1024 bytes of UTF-8.
    InvalidObjectKey {
        /// Which rule it breaks.
        reason: &'static str,
    },
    /// An `x-amz-date` that is not `YYYYMMDD'T'HHMMSS'Z'` with a real date
    /// and time between 1970 and 9999.
    InvalidAmzDate {
        /// The rejected text.
        value: String,
    },
    /// A trailer name or value that cannot be written into an aws-chunked body.
    InvalidTrailer {
        /// The trailer name.
        name: String,
    },
    /// A query parameter of a URL to presign that the signature itself
    /// sets (`X-Amz-Algorithm`, `-Credential`, `-Date`, `-Expires`,
    /// `-SignedHeaders`, `-Signature`, `-Security-Token`, in any case): the
    /// URL would carry two contradicting values.
    ReservedQueryParameter {
        /// The parameter name, as given (encoded).
        name: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ExpiryOutOfRange { seconds } => write!(
                f,
                "presigned URL expiry of {seconds} s is outside 1 s ..= 604800 s (7 days)"
            ),
            Self::InvalidHeaderValue { name } => {
                write!(f, "the value of header `{name}` is not visible ASCII")
            }
            Self::InvalidHeaderName { name } => write!(f, "invalid header name `{name}`"),
            Self::MissingHost => f.write_str("the request has no host header"),
            Self::InvalidRegion { region } => write!(f, "invalid signing region `{region}`"),
            Self::InvalidService { service } => write!(f, "invalid signing service `{service}`"),
            Self::InvalidMethod { method } => write!(
                f,
                "invalid HTTP method `{method}`: methods are case-sensitive upper-case tokens such as GET or PUT"
            ),
            Self::InvalidPath { path } => write!(
                f,
                "path `{path}` is not an S3 URI-encoded path (use `encode_path`)"
            ),
            Self::InvalidUrl { reason } => write!(f, "invalid URL: {reason}"),
            Self::InvalidCredentials { reason } => write!(f, "invalid credentials: {reason}"),
            Self::InvalidTime => f.write_str("signing time is outside 1970 ..= 9999"),
            Self::InvalidPayloadHash => {
                f.write_str("precomputed payload hash is not 64 lower-case hex digits")
            }
            Self::MissingParameter { name } => write!(f, "missing signing parameter `{name}`"),
            Self::InvalidPolicy { reason } => write!(f, "invalid POST policy: {reason}"),
            Self::InvalidChunkSize => f.write_str("aws-chunked chunk size must be positive"),
            Self::InvalidChecksum { reason } => write!(f, "invalid checksum: {reason}"),
            Self::UnknownChecksumAlgorithm { name } => {
                write!(f, "unknown or disabled checksum algorithm `{name}`")
            }
            Self::InvalidBucketName { name, reason } => {
                write!(f, "invalid bucket name `{name}`: {reason}")
            }
            Self::InvalidObjectKey { reason } => write!(f, "invalid object key: {reason}"),
            Self::InvalidAmzDate { value } => write!(
                f,
                "`{value}` is not an x-amz-date (YYYYMMDDTHHMMSSZ, 1970 ..= 9999)"
            ),
            Self::InvalidTrailer { name } => write!(f, "invalid trailer `{name}`"),
            Self::ReservedQueryParameter { name } => write!(
                f,
                "query parameter `{name}` is one the presigned URL's signature sets"
            ),
        }
    }
}

impl std::error::Error for Error {}
