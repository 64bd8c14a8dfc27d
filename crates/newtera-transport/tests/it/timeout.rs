//! Deadlines: the timeout layer (mock) and the HttpService's connect/read timeouts (loopback).

use std::time::Duration;

use http::Request;
use newtera_transport::retry::{RetryConfig, RetryLayer};
use newtera_transport::timeout::{Elapsed, Scope, TimeoutLayer};
use newtera_transport::{Body, ErrorKind, HttpService, ProxyConfig};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tower::{Layer as _, Service as _, ServiceExt as _};

use crate::support::{Step, drive, get, reply, serve, text};

fn req() -> Request<Body> {
    Request::get("http://h/b").body(Body::empty()).expect("req")
}

#[tokio::test(start_paused = true)]
async fn attempt_timeouts_say_attempt() {
    let (mock, mut handle) = tower_test::mock::pair();
    let svc = TimeoutLayer::attempt(Duration::from_secs(2)).layer(mock);
    let (outcome, _) = drive(svc, &mut handle, req(), vec![Step::Stall]).await;
    let err = outcome.expect_err("timeout");
    let elapsed = err.downcast_ref::<Elapsed>().expect("elapsed");
    assert_eq!(elapsed.scope(), Scope::Attempt);
    assert!(err.to_string().contains("attempt timed out"), "{err}");
}

#[tokio::test(start_paused = true)]
async fn operation_timeouts_bound_all_retries() {
    let (mock, mut handle) = tower_test::mock::pair();
    let svc = tower::ServiceBuilder::new()
        .layer(TimeoutLayer::operation(Duration::from_secs(3)))
        .layer(RetryLayer::new(
            RetryConfig::default().no_budget().max_attempts(10),
        ))
        .layer(TimeoutLayer::attempt(Duration::from_secs(2)))
        .service(mock);
    let start = tokio::time::Instant::now();
    let script = (0..10).map(|_| Step::Stall).collect();
    let (outcome, seen) = drive(svc, &mut handle, req(), script).await;
    let err = outcome.expect_err("timeout");
    assert!(
        err.downcast_ref::<Elapsed>()
            .is_some_and(Elapsed::is_operation),
        "{err}"
    );
    assert!(start.elapsed() < Duration::from_secs(4));
    assert_eq!(
        seen.len(),
        2,
        "one full attempt, a retry cut short by the operation deadline"
    );
}

#[tokio::test(start_paused = true)]
async fn fast_answers_pass_through() {
    let (mock, mut handle) = tower_test::mock::pair();
    let svc = TimeoutLayer::operation(Duration::from_secs(1)).layer(mock);
    let (outcome, _) = drive(svc, &mut handle, req(), vec![reply(204, "")]).await;
    assert_eq!(outcome.expect("response").status(), 204);
}

#[tokio::test]
async fn a_silent_server_hits_the_read_timeout() {
    let server = serve(|_req| async {
        tokio::time::sleep(Duration::from_secs(30)).await;
        text(200, "late")
    })
    .await;
    let mut http = HttpService::builder()
        .proxy(ProxyConfig::none())
        .read_timeout(Some(Duration::from_millis(200)))
        .build()
        .expect("service");
    let start = std::time::Instant::now();
    let err = http
        .ready()
        .await
        .expect("ready")
        .call(get(&server.url("/slow")))
        .await
        .expect_err("timeout");
    assert!(err.is_timeout(), "{err:?}");
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_stalled_body_hits_the_read_timeout() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let (mut tcp, _) = listener.accept().await.expect("accept");
        let mut buf = [0u8; 4096];
        let _ = tcp.read(&mut buf).await;
        let _ = tcp
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc")
            .await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    });
    let mut http = HttpService::builder()
        .proxy(ProxyConfig::none())
        .read_timeout(Some(Duration::from_millis(200)))
        .build()
        .expect("service");
    let response = http
        .ready()
        .await
        .expect("ready")
        .call(get(&format!("http://{addr}/")))
        .await
        .expect("head");
    let err = response
        .into_body()
        .collect()
        .await
        .expect_err("stalled body");
    assert_eq!(err.kind(), ErrorKind::Timeout);
}

#[tokio::test]
async fn a_stalled_tls_handshake_hits_the_connect_timeout() {
    // Accepts TCP but never speaks TLS.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((tcp, _)) = listener.accept().await {
            held.push(tcp);
        }
    });
    let mut http = HttpService::builder()
        .proxy(ProxyConfig::none())
        .native_roots(false)
        .connect_timeout(Some(Duration::from_millis(300)))
        .build()
        .expect("service");
    let url = format!("https://{addr}/");
    let err = http
        .ready()
        .await
        .expect("ready")
        .call(get(&url))
        .await
        .expect_err("timeout");
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn a_slow_reader_is_not_blamed_on_the_server() {
    // The head comes at once, the body 350 ms later.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let (mut tcp, _) = listener.accept().await.expect("accept");
        let mut buf = [0u8; 4096];
        let _ = tcp.read(&mut buf).await;
        let _ = tcp
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n")
            .await;
        tokio::time::sleep(Duration::from_millis(350)).await;
        let _ = tcp.write_all(b"complete").await;
        tokio::time::sleep(Duration::from_secs(5)).await;
    });
    let mut http = HttpService::builder()
        .proxy(ProxyConfig::none())
        .read_timeout(Some(Duration::from_millis(150)))
        .build()
        .expect("service");
    let url = format!("http://{addr}/");
    let response = http
        .ready()
        .await
        .expect("ready")
        .call(get(&url))
        .await
        .expect("head");
    // The caller dawdles past the read timeout; the server's own silence afterwards is
    // only 50 ms, well within it.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        response.into_body().collect().await.expect("body"),
        "complete"
    );
}
