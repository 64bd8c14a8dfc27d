//! `ServiceBuilderExt`: the transport's layers as `tower::ServiceBuilder` methods.

use std::time::Duration;

use tower::ServiceBuilder;
use tower::layer::util::Stack;

use crate::retry::{RetryConfig, RetryLayer};
use crate::sigv4::{ProvideCredentials, SigV4Layer};
use crate::timeout::TimeoutLayer;
use crate::trace::TraceLayer;

mod sealed {
    pub trait Sealed {}
    impl<L> Sealed for tower::ServiceBuilder<L> {}
}

/// Adds the transport's layers to a `ServiceBuilder`, outermost first as usual:
///
/// ```
/// use newtera_transport::sigv4::StaticCredentials;
/// use newtera_transport::{ServiceBuilderExt as _, retry::RetryConfig};
/// use std::time::Duration;
/// use tower::ServiceBuilder;
///
/// let builder = ServiceBuilder::new()
///     .concurrency_limit(64)
///     .s3_trace()
///     .s3_retry(RetryConfig::default())
///     .attempt_timeout(Duration::from_secs(30))
///     .sigv4(StaticCredentials::anonymous(), "us-east-1");
/// # let _ = builder;
/// ```
pub trait ServiceBuilderExt<L>: sealed::Sealed + Sized {
    /// Retries with the S3-aware policy ([`RetryLayer`]).
    fn s3_retry(self, config: RetryConfig) -> ServiceBuilder<Stack<RetryLayer, L>>;

    /// Signs each request with SigV4 ([`SigV4Layer`]).
    fn sigv4(
        self,
        provider: impl ProvideCredentials + 'static,
        region: impl Into<String>,
    ) -> ServiceBuilder<Stack<SigV4Layer, L>>;

    /// A per-attempt deadline (place it inside `s3_retry`).
    fn attempt_timeout(self, after: Duration) -> ServiceBuilder<Stack<TimeoutLayer, L>>;

    /// A whole-operation deadline (place it outside `s3_retry`).
    fn operation_timeout(self, after: Duration) -> ServiceBuilder<Stack<TimeoutLayer, L>>;

    /// One `tracing` span per request ([`TraceLayer`]).
    fn s3_trace(self) -> ServiceBuilder<Stack<TraceLayer, L>>;
}

impl<L> ServiceBuilderExt<L> for ServiceBuilder<L> {
    fn s3_retry(self, config: RetryConfig) -> ServiceBuilder<Stack<RetryLayer, L>> {
        self.layer(RetryLayer::new(config))
    }

    fn sigv4(
        self,
        provider: impl ProvideCredentials + 'static,
        region: impl Into<String>,
    ) -> ServiceBuilder<Stack<SigV4Layer, L>> {
        self.layer(SigV4Layer::new(provider, region))
    }

    fn attempt_timeout(self, after: Duration) -> ServiceBuilder<Stack<TimeoutLayer, L>> {
        self.layer(TimeoutLayer::attempt(after))
    }

    fn operation_timeout(self, after: Duration) -> ServiceBuilder<Stack<TimeoutLayer, L>> {
        self.layer(TimeoutLayer::operation(after))
    }

    fn s3_trace(self) -> ServiceBuilder<Stack<TraceLayer, L>> {
        self.layer(TraceLayer::new())
    }
}
