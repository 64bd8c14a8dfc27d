//! The boxed standard stack over a loopback server.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use newtera_transport::retry::RetryConfig;
use newtera_transport::sigv4::{Credentials, StaticCredentials};
use newtera_transport::{BoxService, StackConfig};
use tower::ServiceExt as _;

use crate::support::{get, http_service, serve, text};

#[test]
fn public_services_layers_and_bodies_are_send_sync() {
    fn clone_send_sync<T: Clone + Send + Sync + 'static>() {}
    fn layer<T: Clone + std::fmt::Debug + Send + Sync + 'static>() {}
    fn send<T: Send + 'static>() {}
    fn send_sync<T: Send + Sync + 'static>() {}
    clone_send_sync::<BoxService>();
    clone_send_sync::<newtera_transport::HttpService>();
    send::<newtera_transport::service::ResponseFuture>();
    send::<newtera_transport::Body>();
    send_sync::<newtera_transport::ResponseBody>();
    send_sync::<newtera_transport::Error>();
    layer::<newtera_transport::retry::RetryLayer>();
    layer::<newtera_transport::sigv4::SigV4Layer>();
    layer::<newtera_transport::timeout::TimeoutLayer>();
    layer::<newtera_transport::trace::TraceLayer>();
    layer::<StackConfig>();
    send::<newtera_transport::retry::ResponseFuture>();
    send::<
        newtera_transport::sigv4::ResponseFuture<
            newtera_transport::service::ResponseFuture,
            http::Response<newtera_transport::ResponseBody>,
        >,
    >();
}

/// `HttpService`'s future is a named, documented type (not a boxed
/// `dyn Future` alias that leaks into its public `Service` impl): it can be
/// named in a user's struct and printed.
#[test]
fn the_http_service_future_is_a_named_type() {
    fn named<T: std::fmt::Debug + Send + 'static>() -> &'static str {
        std::any::type_name::<T>()
    }
    type Future = <newtera_transport::HttpService as tower::Service<
        http::Request<newtera_transport::Body>,
    >>::Future;
    assert_eq!(
        named::<Future>(),
        "newtera_transport::service::ResponseFuture"
    );
}

#[tokio::test]
async fn the_standard_stack_signs_and_retries() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let server = serve(move |req| {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        let signed = req.headers().contains_key("authorization");
        async move {
            match (n, signed) {
                (_, false) => text(403, "unsigned"),
                (0, true) => text(503, "<Error><Code>SlowDown</Code></Error>"),
                _ => text(200, "ok"),
            }
        }
    })
    .await;
    let config = StackConfig::new(
        StaticCredentials::new(Credentials::new("AK", "SK")),
        "us-east-1",
    )
    .retry(RetryConfig::default().base_delay(Duration::from_millis(1)))
    .operation_timeout(Some(Duration::from_secs(10)));
    let svc: BoxService = config.service(http_service());
    let response = svc
        .clone()
        .oneshot(get(&server.url("/b/k")))
        .await
        .expect("response");
    assert_eq!(response.status(), 200);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}
