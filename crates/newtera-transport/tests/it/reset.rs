//! Servers that break connections: before the response and in the middle of the body.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use newtera_transport::retry::RetryConfig;
use newtera_transport::sigv4::StaticCredentials;
use newtera_transport::{ErrorKind, ServiceBuilderExt as _};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;
use tower::{Service as _, ServiceExt as _};

use crate::support::{get, http_service};

/// Serves each connection with `script[n]` (by connection order): raw bytes to write, then
/// the connection is reset (SO_LINGER 0) or closed.
async fn raw_server(script: Vec<&'static [u8]>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/b/k", listener.local_addr().expect("addr"));
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    tokio::spawn(async move {
        for reply in script {
            let Ok((mut tcp, _)) = listener.accept().await else {
                return;
            };
            counter.fetch_add(1, Ordering::SeqCst);
            let mut buf = [0u8; 8192];
            let _ = tcp.read(&mut buf).await;
            let _ = tcp.write_all(reply).await;
            let _ = tcp.flush().await;
            let _ = tcp.set_zero_linger();
            drop(tcp);
        }
    });
    (url, count)
}

#[tokio::test]
async fn a_reset_before_the_response_is_a_request_error() {
    let (url, _) = raw_server(vec![b""]).await;
    let err = http_service().oneshot(get(&url)).await.expect_err("reset");
    assert_eq!(err.kind(), ErrorKind::Request, "{err:?}");
    assert!(err.is_before_response());
    // The server read the request: sending it again may repeat its effect.
    assert!(!err.is_unsent(), "{err:?}");
}

#[tokio::test]
async fn a_reset_mid_body_is_a_body_error() {
    let (url, _) = raw_server(vec![
        b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial",
    ])
    .await;
    let response = http_service()
        .oneshot(get(&url))
        .await
        .expect("head arrives");
    let err = response.into_body().collect().await.expect_err("body cut");
    assert_eq!(err.kind(), ErrorKind::Body, "{err:?}");
}

#[tokio::test]
async fn the_stack_retries_a_reset_connection() {
    let ok: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    let (url, count) = raw_server(vec![b"", ok]).await;
    let mut svc = tower::ServiceBuilder::new()
        .s3_retry(RetryConfig::default().base_delay(std::time::Duration::from_millis(1)))
        .sigv4(StaticCredentials::anonymous(), "us-east-1")
        .service(http_service());
    let response = svc
        .ready()
        .await
        .expect("ready")
        .call(get(&url))
        .await
        .expect("retried");
    assert_eq!(response.into_body().collect().await.expect("body"), "ok");
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn errors_never_show_the_query_string() {
    // Nothing listens on this port once the listener is dropped: the connect is refused.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let url =
        format!("http://{addr}/b/k?X-Amz-Signature=SECRETSIG&X-Amz-Security-Token=SECRETTOKEN");
    let err = http_service()
        .oneshot(get(&url))
        .await
        .expect_err("refused");
    assert!(err.is_connect(), "{err:?}");
    assert!(
        err.is_unsent(),
        "a refused connect never sent anything: {err:?}"
    );
    let mut text = format!("{err} {err:?}");
    let mut source = std::error::Error::source(&err);
    while let Some(e) = source {
        text.push_str(&format!(" {e} {e:?}"));
        source = e.source();
    }
    assert!(!text.contains("SECRET"), "{text}");
}
