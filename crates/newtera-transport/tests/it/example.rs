//! Runs the `rate_limit` example's logic against a loopback server.

#[path = "../../examples/rate_limit.rs"]
#[allow(dead_code, reason = "the example's main is not called from tests")]
mod rate_limit;

use std::time::{Duration, Instant};

use crate::support::{http_service, serve, text};

#[tokio::test]
async fn the_rate_limited_stack_paces_requests() {
    let server = serve(|_req| async { text(200, "ok") }).await;
    let start = Instant::now();
    let statuses = rate_limit::run(http_service(), &server.url("/"), 5)
        .await
        .expect("run");
    assert_eq!(statuses.len(), 5);
    assert!(statuses.iter().all(|s| *s == 200));
    // 2 requests per 100 ms: the fifth waits for the third window.
    assert!(
        start.elapsed() >= Duration::from_millis(200),
        "{:?}",
        start.elapsed()
    );
}
