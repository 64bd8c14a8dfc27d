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
fn the_boxed_stack_is_clone_send_sync() {
    fn assert_traits<T: Clone + Send + Sync + 'static>() {}
    assert_traits::<BoxService>();
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
