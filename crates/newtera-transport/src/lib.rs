//! The composable HTTP stack of newtera: a tower `Service<http::Request<Body>>` over
//! hyper 1 / hyper-util, with layers for SigV4 signing, S3-aware retries, timeouts and
//! tracing.
//!
//! # Where it sits
//!
//! This is the middle of the newtera stack. The high-level client (`newtera`) erases it
//! into one [`BoxService`]; users who want their own middleware (rate limits, metrics,
//! custom retries) compose these layers with tower's directly. It signs with
//! `newtera-sign` (sans-IO) and exposes only `http`, `http-body`, `bytes` and tower
//! types — hyper-util stays an implementation detail.
//!
//! The standard order, built by [`StackConfig`] (outermost first):
//!
//! ```text
//!   request
//!      │
//!      ▼
//!   [user layers]          rate limit, concurrency limit, metrics …
//!   TraceLayer             one span per request: method, host, path, status, attempts
//!   TimeoutLayer::operation  the whole operation, all attempts and backoff included
//!   RetryLayer             backoff with full jitter, budget, Retry-After, replayable bodies only
//!   TimeoutLayer::attempt  one attempt
//!   SigV4Layer             signs each attempt anew (fresh x-amz-date)
//!   HttpService            hyper-util pool, rustls, proxies, connect/read timeouts
//!      │
//!      ▼
//!   network
//! ```
//!
//! Retry sits outside signing on purpose: a retried request is signed again with a fresh
//! date, so retries can run long after the first attempt without stale signatures.
//!
//! # Example
//!
//! ```no_run
//! use http::Request;
//! use newtera_transport::retry::RetryConfig;
//! use newtera_transport::sigv4::{Credentials, StaticCredentials};
//! use newtera_transport::{Body, HttpService, ServiceBuilderExt as _};
//! use tower::{Service as _, ServiceBuilder, ServiceExt as _};
//!
//! # async fn run() -> Result<(), newtera_transport::BoxError> {
//! let http = HttpService::builder().build()?;
//! let credentials = Credentials::new("demo1", "secret-key");
//! let mut s3 = ServiceBuilder::new()
//!     .concurrency_limit(32)
//!     .s3_trace()
//!     .s3_retry(RetryConfig::default())
//!     .sigv4(StaticCredentials::new(credentials), "us-east-1")
//!     .service(http);
//!
//! let req = Request::get("http://localhost:9000/").body(Body::empty())?;
//! let response = s3.ready().await?.call(req).await?;
//! let xml = response.into_body().collect_limited(1 << 20).await?;
//! println!("{}", String::from_utf8_lossy(&xml));
//! # Ok(())
//! # }
//! ```
//!
//! # What is where
//!
//! | item | what it does |
//! |---|---|
//! | [`HttpService`] | keep-alive pool, `TCP_NODELAY`, HTTP/1.1 (HTTP/2 by ALPN on request), connect and read timeouts, rustls (webpki + native roots, extra CAs, explicit opt-out), HTTP and CONNECT proxies from configuration or `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` |
//! | [`Body`], [`ResponseBody`] | replayable (bytes, file ranges) and one-shot (stream) request bodies; the response body behind one type |
//! | [`sigv4`] | signing layer and credential providers (static, environment, shared file, cache) |
//! | [`retry`] | the S3-aware retry layer and its settings |
//! | [`timeout`] | per-attempt and per-operation deadlines |
//! | [`trace`] | `tracing` spans (never the query string) |
//! | [`fs`] | positional file reads and writes on Unix and Windows alike |
//! | [`ServiceBuilderExt`] | `.s3_retry(..)`, `.sigv4(..)`, `.attempt_timeout(..)` … on `ServiceBuilder` |
//! | [`StackConfig`], [`BoxService`] | the standard stack as one boxed `Clone + Send + Sync` service |
//!
//! # Errors
//!
//! [`HttpService`] fails with [`Error`] (a kind, a source chain, never a URL: presigned
//! signatures live in query strings). The layers, like tower's own, return [`BoxError`];
//! downcast to [`Error`], [`timeout::Elapsed`] or your own layers' errors.

// Nothing a server sends may panic this crate: no unchecked indexing or
// slicing, no unwrap/expect, no panic! outside tests.
#![warn(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

#[cfg(doctest)]
mod api_guards;
mod body;
mod builder_ext;
mod connect;
mod error;
mod extensions;
pub mod fs;
pub mod retry;
pub mod service;
pub mod sigv4;
mod stack;
pub mod timeout;
pub mod trace;

pub use body::{Body, ReplayableBody, ResponseBody, SignableBody};
pub use builder_ext::ServiceBuilderExt;
pub use connect::ProxyConfig;
pub use error::{BoxError, Error, ErrorKind, Result};
pub use extensions::{ErrorIn200, Idempotent, SigningRegion, Unsigned, idempotent_by_method};
pub use service::{HttpService, HttpServiceBuilder};
pub use stack::{BoxService, StackConfig};
