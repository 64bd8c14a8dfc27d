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
