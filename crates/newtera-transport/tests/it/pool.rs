//! Keep-alive pooling: connections are reused across requests and clones.

use newtera_transport::{HttpService, ProxyConfig};
use tower::{Service as _, ServiceExt as _};

use crate::support::{get, http_service, serve, text};

async fn fetch(http: &mut HttpService, url: &str) -> String {
    let response = http
        .ready()
        .await
        .expect("ready")
        .call(get(url))
        .await
        .expect("response");
    assert_eq!(response.status(), 200);
    let body = response.into_body().collect().await.expect("body");
    String::from_utf8(body.to_vec()).expect("utf8")
}

#[tokio::test]
async fn sequential_requests_share_one_connection_across_clones() {
    let server = serve(|_req| async { text(200, "pong") }).await;
    let http = http_service();
    for _ in 0..5 {
        // Each request goes through a fresh clone: they share the pool.
        assert_eq!(fetch(&mut http.clone(), &server.url("/ping")).await, "pong");
    }
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn a_pool_without_idle_connections_reconnects() {
    let server = serve(|_req| async { text(200, "pong") }).await;
    let mut http = HttpService::builder()
        .proxy(ProxyConfig::none())
        .pool_max_idle_per_host(0)
        .build()
        .expect("service");
    for _ in 0..3 {
        assert_eq!(fetch(&mut http, &server.url("/ping")).await, "pong");
    }
    assert_eq!(server.connections(), 3);
}

#[tokio::test]
async fn concurrent_requests_open_parallel_connections_then_reuse_them() {
    let server = serve(|_req| async {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        text(200, "pong")
    })
    .await;
    let http = http_service();
    let url = server.url("/ping");
    let round = || {
        let tasks: Vec<_> = (0..4)
            .map(|_| {
                let mut http = http.clone();
                let url = url.clone();
                tokio::spawn(async move { fetch(&mut http, &url).await })
            })
            .collect();
        futures_util::future::join_all(tasks)
    };
    round().await;
    let after_first = server.connections();
    round().await;
    assert!(after_first <= 4);
    assert_eq!(
        server.connections(),
        after_first,
        "second round reuses pooled connections"
    );
}

#[tokio::test]
async fn retried_error_responses_are_drained_so_the_connection_is_reused() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use newtera_transport::retry::{RetryConfig, RetryLayer};
    use tower::Layer as _;

    static ERROR_BODY: &str =
        "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>";
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let server = serve(move |_req| {
        let first = counter.fetch_add(1, Ordering::SeqCst) == 0;
        async move {
            if first {
                text(503, ERROR_BODY)
            } else {
                text(200, "ok")
            }
        }
    })
    .await;
    let retry = RetryConfig::default().base_delay(std::time::Duration::from_millis(1));
    let svc = RetryLayer::new(retry).layer(http_service());
    let response = svc
        .oneshot(get(&server.url("/b/k")))
        .await
        .expect("response");
    assert_eq!(response.into_body().collect().await.expect("body"), "ok");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(
        server.connections(),
        1,
        "the 503's connection went back to the pool"
    );
}

#[tokio::test]
async fn file_bodies_upload_with_content_length() {
    use http_body_util::BodyExt as _;
    use std::io::Write as _;

    let server = serve(|req| async move {
        let declared = req
            .headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = req
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        let sum: u64 = body.iter().map(|b| u64::from(*b)).sum();
        let reply = format!(
            "cl={} len={} sum={sum}",
            declared.unwrap_or_default(),
            body.len()
        );
        http::Response::new(http_body_util::Full::new(bytes::Bytes::from(reply)))
    })
    .await;
    let path = std::env::temp_dir().join(format!("newtera-upload-{}", fastrand::u64(..)));
    let data: Vec<u8> = (0..700_000u32).map(|i| (i % 253) as u8).collect();
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(&data))
        .expect("write");
    let file = std::sync::Arc::new(std::fs::File::open(&path).expect("open"));
    let range = &data[100_000..400_000];
    let expected_sum: u64 = range.iter().map(|b| u64::from(*b)).sum();

    let req = http::Request::put(server.url("/b/k"))
        .body(newtera_transport::Body::from_file(file, 100_000, 300_000))
        .expect("request");
    let response = http_service().oneshot(req).await.expect("response");
    let echoed = response.into_body().collect().await.expect("body");
    assert_eq!(
        echoed,
        format!("cl=300000 len=300000 sum={expected_sum}").as_bytes()
    );
    let _ = std::fs::remove_file(&path);
}
