//! Retries with an S3-aware policy, exponential backoff with full jitter and a budget.
//!
//! Retried: connection failures before a response (connect errors, resets), per-attempt
//! timeouts, HTTP 429/500/502/503/504, and error bodies the configured [`ClassifyBody`]
//! calls transient in a `400` answer, or in a `200` answer when the request carries
//! [`crate::ErrorIn200`] (the `newtera` client's classifier reads S3 error documents with
//! `newtera-proto`: `SlowDown`, `RequestTimeout`, `InternalError` …). Only requests whose
//! body is replayable ([`ReplayableBody::try_clone`]) are retried; one-shot streams get one
//! attempt.
//!
//! # Over another HTTP client
//!
//! The request body may be any [`ReplayableBody`] (newtera's [`Body`](crate::Body),
//! `Bytes`, `String`, `Vec<u8>`, `http_body_util::Full<Bytes>`, `Empty<Bytes>`, or a type of
//! yours). Responses must be `http::Response<`[`ResponseBody`]`>`, since error bodies are
//! read to classify them: wrap another client's body with [`ResponseBody::new`] (for
//! example with tower's `map_response`).
//! Its errors are connection failures when an `std::io::Error` of a connection kind is in
//! their source chain (hyper-util's connect errors carry one).
//!
//! # Idempotency
//!
//! A failure without an answer may come after the server received the request and acted
//! on it: a reset or close before the response head, a timed-out attempt, a body that
//! broke off. Such a request is sent again only when repeating it is harmless: its method
//! is `GET`, `HEAD`, `PUT`, `DELETE` or `OPTIONS`, or it carries [`crate::Idempotent`].
//! A `POST` (CreateMultipartUpload, CompleteMultipartUpload, a browser-form upload) is
//! retried only when it provably never left the client ([`crate::Error::is_unsent`]: no
//! connection could be opened), and after an answer that says it failed (a retryable
//! status or error code), since the server then did not act on it.
//! `Retry-After` (seconds) replaces the backoff, capped by the maximum delay.
//!
//! The layer sits outside signing, so every attempt is signed anew with a fresh date.

pub mod classify;
mod config;
pub mod future;
mod layer;
mod policy;

use std::sync::Arc;
use std::task::{Context, Poll};

use http::{Request, Response};
use tower::ServiceExt as _;
use tower::retry::budget::{Budget as _, TpsBudget};
use tower_service::Service;

use crate::body::{ReplayableBody, ResponseBody};
use crate::error::BoxError;
use crate::extensions::{ErrorIn200, is_idempotent};

pub use classify::{ClassifyBody, StatusOnly};
pub use config::{BudgetConfig, RetryConfig};
pub use future::ResponseFuture;
pub use layer::RetryLayer;
use policy::Verdict;

/// The retry middleware; see the [module docs](self).
#[derive(Clone, Debug)]
pub struct Retry<S> {
    inner: S,
    config: Arc<RetryConfig>,
    budget: Option<Arc<TpsBudget>>,
}

impl<S> Retry<S> {
    pub(crate) fn new(inner: S, config: Arc<RetryConfig>, budget: Option<Arc<TpsBudget>>) -> Self {
        Self {
            inner,
            config,
            budget,
        }
    }

    /// The wrapped service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }
}

impl<S, B> Service<Request<B>> for Retry<S>
where
    B: ReplayableBody + Send + 'static,
    S: Service<Request<B>, Response = Response<ResponseBody>> + Clone + Send + 'static,
    S::Error: Into<BoxError>,
    S::Future: Send,
{
    type Response = Response<ResponseBody>;
    type Error = BoxError;
    type Future = ResponseFuture;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, req: Request<B>) -> ResponseFuture {
        // Take the service that was driven to readiness and leave a fresh clone behind.
        let clone = self.inner.clone();
        let ready = std::mem::replace(&mut self.inner, clone);
        let attempts = Attempts {
            config: self.config.clone(),
            budget: self.budget.clone(),
        };
        ResponseFuture::new(Box::pin(attempts.run(ready, req)))
    }
}

struct Attempts {
    config: Arc<RetryConfig>,
    budget: Option<Arc<TpsBudget>>,
}

impl Attempts {
    async fn run<S, B>(self, mut svc: S, first: Request<B>) -> policy::Outcome
    where
        B: ReplayableBody,
        S: Service<Request<B>, Response = Response<ResponseBody>>,
        S::Error: Into<BoxError>,
    {
        let traits = policy::Traits {
            error_in_200: first.extensions().get::<ErrorIn200>().is_some(),
            idempotent: is_idempotent(&first),
        };
        let mut req = first;
        let mut attempt = 1;
        loop {
            let spare = if attempt < self.config.max_attempts {
                clone_request(&req)
            } else {
                None
            };
            let outcome = attempt_once(&mut svc, req).await;
            let (outcome, retry_after, reason) =
                match policy::judge(outcome, traits, self.config.body_classifier()).await {
                    Verdict::Done(outcome) => return self.finish(outcome),
                    Verdict::Retry {
                        outcome,
                        retry_after,
                        reason,
                    } => (outcome, retry_after, reason),
                };
            let Some(next) = spare.filter(|_| self.withdraw()) else {
                return outcome;
            };
            policy::discard(outcome).await;
            let delay = self.config.delay(attempt, retry_after);
            tracing::debug!(
                attempt,
                reason,
                delay_ms = delay.as_millis() as u64,
                "retrying"
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
            tracing::Span::current().record("attempts", attempt);
            req = next;
        }
    }

    fn finish(&self, outcome: policy::Outcome) -> policy::Outcome {
        if let (Some(budget), Ok(_)) = (&self.budget, &outcome) {
            budget.deposit();
        }
        outcome
    }

    fn withdraw(&self) -> bool {
        let allowed = self.budget.as_ref().is_none_or(|b| b.withdraw());
        if !allowed {
            tracing::debug!("retry budget exhausted");
        }
        allowed
    }
}

/// Sends one attempt; the readiness result is converted at once so the future stays `Send`.
async fn attempt_once<S, B>(svc: &mut S, req: Request<B>) -> policy::Outcome
where
    S: Service<Request<B>, Response = Response<ResponseBody>>,
    S::Error: Into<BoxError>,
{
    let ready: Result<&mut S, BoxError> = svc.ready().await.map_err(Into::into);
    ready?.call(req).await.map_err(Into::into)
}

/// A copy of `req` for another attempt, when its body is replayable.
fn clone_request<B: ReplayableBody>(req: &Request<B>) -> Option<Request<B>> {
    let mut copy = Request::new(req.body().try_clone()?);
    *copy.method_mut() = req.method().clone();
    *copy.uri_mut() = req.uri().clone();
    *copy.version_mut() = req.version();
    // A map with room but no entries still allocates its table when cloned.
    if !req.headers().is_empty() {
        *copy.headers_mut() = req.headers().clone();
    }
    *copy.extensions_mut() = req.extensions().clone();
    Some(copy)
}
