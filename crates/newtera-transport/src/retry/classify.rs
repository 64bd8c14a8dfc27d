//! The injection point for protocol knowledge: which error bodies name a transient failure.
//!
//! The retry *policy* lives here (what to retry, how often, how long to wait); the S3
//! *facts* (which error codes are throttling or transient, how an `<Error>` document is
//! read, with or without a namespace) live in `newtera-proto`. The high-level client plugs
//! one into the other with a [`ClassifyBody`], the way tower-http's `classify` and smithy's
//! retry classifiers separate the two.

use std::fmt;

use http::StatusCode;

/// Says whether a buffered error answer names a transient failure.
///
/// The retry layer buffers (up to 64 KiB) and asks about a `400` answer, and about a `200`
/// answer to a request carrying [`ErrorIn200`](crate::ErrorIn200). Statuses (429, 5xx) and
/// connection failures are judged without it.
pub trait ClassifyBody: Send + Sync + fmt::Debug {
    /// Whether `body`, the answer with `status`, says retrying may succeed.
    fn is_transient(&self, status: StatusCode, body: &[u8]) -> bool;
}

/// The default classifier: bodies say nothing, so only statuses and connection failures
/// are retried. `newtera::Newtera` installs one that reads S3 error documents.
#[derive(Debug, Clone, Copy, Default)]
pub struct StatusOnly;

impl ClassifyBody for StatusOnly {
    fn is_transient(&self, _status: StatusCode, _body: &[u8]) -> bool {
        false
    }
}
