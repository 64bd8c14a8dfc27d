//! The S3-aware retry decision for one attempt's outcome.

use std::time::Duration;

use bytes::Bytes;
use http::{Response, StatusCode};

use super::ClassifyBody;
use crate::body::ResponseBody;
use crate::error::{BoxError, Error, ErrorKind};

/// Error bodies larger than this are not inspected (S3 error documents are under 1 KiB).
const MAX_INSPECTED_BODY: u64 = 64 * 1024;

pub(super) type Outcome = Result<Response<ResponseBody>, BoxError>;

/// What to do with an attempt's outcome.
pub(super) enum Verdict {
    /// Hand it back as is.
    Done(Outcome),
    /// Transient: retry if the body is replayable and the budget allows.
    Retry {
        outcome: Outcome,
        retry_after: Option<Duration>,
        reason: &'static str,
    },
}

/// What the request allows: whether a `200` may carry an `<Error>` document, and whether
/// the request may be repeated after it may have reached the server.
#[derive(Debug, Clone, Copy)]
pub(super) struct Traits {
    pub(super) error_in_200: bool,
    pub(super) idempotent: bool,
}

/// Judges one outcome.
pub(super) async fn judge(
    outcome: Outcome,
    traits: Traits,
    classify: &dyn ClassifyBody,
) -> Verdict {
    let response = match outcome {
        Err(e) => return judge_error(e, traits.idempotent),
        Ok(response) => response,
    };
    let status = response.status();
    if is_retryable_status(status) {
        let retry_after = retry_after(&response);
        return Verdict::Retry {
            outcome: Ok(response),
            retry_after,
            reason: "status",
        };
    }
    let inspect =
        (status == StatusCode::OK && traits.error_in_200) || status == StatusCode::BAD_REQUEST;
    if inspect {
        return judge_body(response, traits.idempotent, classify).await;
    }
    Verdict::Done(Ok(response))
}

/// A failure without an answer. The server may have received the request and acted on
/// it (a reset after the request was written, a timed-out attempt), so only an idempotent
/// request is sent again, unless the request provably never left the client.
fn judge_error(e: BoxError, idempotent: bool) -> Verdict {
    let repeatable = idempotent || is_unsent(&*e);
    if repeatable && is_retryable_error(&*e) {
        Verdict::Retry {
            outcome: Err(e),
            retry_after: None,
            reason: "connection",
        }
    } else {
        Verdict::Done(Err(e))
    }
}

/// 5xx gateway and availability failures, and 429 throttling.
fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// Whether the error proves the request never reached the server.
fn is_unsent(e: &(dyn std::error::Error + 'static)) -> bool {
    e.downcast_ref::<Error>().is_some_and(Error::is_unsent)
}

/// Connection failures before a response and per-attempt timeouts are transient; TLS and
/// proxy refusals, signing and credential failures are not. Another HTTP client's error
/// (the layer may sit over any) counts when an `std::io::Error` of a connection kind is in
/// its source chain.
pub(crate) fn is_retryable_error(e: &(dyn std::error::Error + 'static)) -> bool {
    if let Some(own) = e.downcast_ref::<Error>() {
        return matches!(
            own.kind(),
            ErrorKind::Connect | ErrorKind::Request | ErrorKind::Timeout
        );
    }
    if let Some(elapsed) = e.downcast_ref::<crate::timeout::error::Elapsed>() {
        return elapsed.is_attempt();
    }
    if e.downcast_ref::<tower::timeout::error::Elapsed>().is_some() {
        return true;
    }
    let mut cause = Some(e);
    while let Some(e) = cause {
        if e.downcast_ref::<Error>().is_some() {
            // Our own error, wrapped: its kind decides (above), not its io cause.
            return is_retryable_error(e);
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return is_connection_failure(io);
        }
        cause = e.source();
    }
    false
}

fn is_connection_failure(io: &std::io::Error) -> bool {
    use std::io::ErrorKind as K;
    matches!(
        io.kind(),
        K::ConnectionRefused
            | K::ConnectionReset
            | K::ConnectionAborted
            | K::BrokenPipe
            | K::UnexpectedEof
            | K::TimedOut
    )
}

/// Buffers a small body, retries transient `<Error>` codes, and otherwise rebuilds the
/// response from the buffered bytes so the caller still sees it whole.
async fn judge_body(
    response: Response<ResponseBody>,
    idempotent: bool,
    classify: &dyn ClassifyBody,
) -> Verdict {
    let (parts, body) = response.into_parts();
    let bytes: Bytes = match body.buffer_prefix(MAX_INSPECTED_BODY as usize).await {
        Ok((bytes, None)) => bytes,
        // Too large to be an error document: hand it back whole, prefix first.
        Ok((prefix, Some(rest))) => {
            let body = ResponseBody::prefixed(prefix, rest);
            return Verdict::Done(Ok(Response::from_parts(parts, body)));
        }
        // The connection broke or stalled mid-body: as transient as a reset before the head,
        // and as ambiguous (the server acted on the request), so idempotent requests only.
        Err(e) => {
            let e = Error::with_source(ErrorKind::Request, e);
            if !idempotent {
                return Verdict::Done(Err(e.into()));
            }
            return Verdict::Retry {
                outcome: Err(e.into()),
                retry_after: None,
                reason: "body",
            };
        }
    };
    let transient = classify.is_transient(parts.status, &bytes);
    let rebuilt = Ok(Response::from_parts(parts, ResponseBody::from(bytes)));
    if transient {
        Verdict::Retry {
            outcome: rebuilt,
            retry_after: None,
            reason: "error code",
        }
    } else {
        Verdict::Done(rebuilt)
    }
}

/// `Retry-After` in seconds (the HTTP-date form is rare from S3 and ignored).
fn retry_after(response: &Response<ResponseBody>) -> Option<Duration> {
    let value = response
        .headers()
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// Reads (up to a bound) and drops a response that will be retried, so its connection can
/// go back to the pool instead of being closed mid-body.
pub(super) async fn discard(outcome: Outcome) {
    let Ok(response) = outcome else { return };
    let body = response.into_body();
    let drain = body.collect_limited(MAX_INSPECTED_BODY as usize);
    let _ = tokio::time::timeout(Duration::from_secs(1), drain).await;
}
