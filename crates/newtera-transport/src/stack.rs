//! The standard stack, erased into one boxed, cloneable, `Send + Sync` service.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::{Request, Response};
use tower::ServiceBuilder;
use tower::util::BoxCloneSyncService;
use tower_service::Service;

use crate::body::{Body, ResponseBody};
use crate::error::{BoxError, Error};
use crate::retry::{RetryConfig, RetryLayer};
use crate::service::HttpService;
use crate::sigv4::{ProvideCredentials, SigV4Layer};
use crate::timeout::TimeoutLayer;
use crate::trace::TraceLayer;

/// The stack as one type: what the high-level client holds.
pub type BoxService = BoxCloneSyncService<Request<Body>, Response<ResponseBody>, BoxError>;

/// Settings of the standard stack (`trace → op timeout → retry → attempt timeout → sigv4`).
///
/// Defaults: [`RetryConfig::default`], no operation deadline, 60 s per attempt.
#[derive(Clone)]
#[must_use]
pub struct StackConfig {
    signer: SigV4Layer,
    retry: RetryConfig,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
}

impl StackConfig {
    /// Signs with `provider`'s credentials for `region` by default.
    pub fn new(provider: impl ProvideCredentials + 'static, region: impl Into<String>) -> Self {
        Self::with_signer(SigV4Layer::from_arc(Arc::new(provider), region))
    }

    /// Uses an already configured signing layer (custom clock, shared provider).
    pub fn with_signer(signer: SigV4Layer) -> Self {
        Self {
            signer,
            retry: RetryConfig::default(),
            attempt_timeout: Some(Duration::from_secs(60)),
            operation_timeout: None,
        }
    }

    /// The retry settings.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// The deadline of each attempt, until the response head (`None`: none).
    pub fn attempt_timeout(mut self, after: Option<Duration>) -> Self {
        self.attempt_timeout = after;
        self
    }

    /// The deadline of the whole operation, retries included (`None`: none).
    pub fn operation_timeout(mut self, after: Option<Duration>) -> Self {
        self.operation_timeout = after;
        self
    }

    /// Builds the stack over `http` (an [`HttpService`] or any compatible service).
    pub fn service<S>(&self, http: S) -> BoxService
    where
        S: Service<Request<Body>, Response = Response<ResponseBody>>
            + Clone
            + Send
            + Sync
            + 'static,
        S::Error: Into<BoxError>,
        S::Future: Send + 'static,
    {
        let stack = ServiceBuilder::new()
            .layer(TraceLayer::new())
            .option_layer(self.operation_timeout.map(TimeoutLayer::operation))
            .layer(RetryLayer::new(self.retry.clone()))
            .option_layer(self.attempt_timeout.map(TimeoutLayer::attempt))
            .layer(self.signer.clone())
            .service(http);
        BoxCloneSyncService::new(stack)
    }

    /// Builds the stack over a default [`HttpService`].
    pub fn build(&self) -> Result<BoxService, Error> {
        Ok(self.service(HttpService::new()?))
    }
}

impl fmt::Debug for StackConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StackConfig")
            .field("signer", &self.signer)
            .field("retry", &self.retry)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .finish()
    }
}
