//! HTTPS against a loopback server with a generated certificate.

use newtera_transport::{ErrorKind, HttpService, ProxyConfig};
use tower::ServiceExt as _;

use crate::support::{get, serve_with, test_certs, text};

#[tokio::test]
async fn verification_accepts_the_added_ca_and_refuses_without_it() {
    let certs = test_certs();
    let server = serve_with(
        |_req| async { text(200, "secure") },
        Some(certs.acceptor.clone()),
    )
    .await;
    let url = format!("https://{}/b", server.addr);

    let trusted = HttpService::builder()
        .proxy(ProxyConfig::none())
        .native_roots(false)
        .add_root_certificate_pem(certs.ca_pem.clone())
        .build()
        .expect("service");
    let response = trusted.oneshot(get(&url)).await.expect("trusted");
    assert_eq!(
        response.into_body().collect().await.expect("body"),
        "secure"
    );

    let untrusted = HttpService::builder()
        .proxy(ProxyConfig::none())
        .native_roots(false)
        .build()
        .expect("service");
    let err = untrusted.oneshot(get(&url)).await.expect_err("untrusted");
    assert_eq!(err.kind(), ErrorKind::Tls, "{err:?}");
    assert!(err.is_connect());
}

#[tokio::test]
async fn the_explicit_opt_out_accepts_any_certificate() {
    let certs = test_certs();
    let server = serve_with(
        |_req| async { text(200, "whatever") },
        Some(certs.acceptor.clone()),
    )
    .await;
    let http = HttpService::builder()
        .proxy(ProxyConfig::none())
        .native_roots(false)
        .danger_accept_invalid_certs(true)
        .build()
        .expect("service");
    let response = http
        .oneshot(get(&format!("https://{}/", server.addr)))
        .await
        .expect("accepted");
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn http2_is_negotiated_when_enabled() {
    let certs = test_certs();
    // The test server speaks HTTP/1.1 only, so ALPN falls back and requests still work.
    let server = serve_with(
        |_req| async { text(200, "h1") },
        Some(certs.acceptor.clone()),
    )
    .await;
    let http = HttpService::builder()
        .proxy(ProxyConfig::none())
        .native_roots(false)
        .http2(true)
        .add_root_certificate_pem(certs.ca_pem.clone())
        .build()
        .expect("service");
    let response = http
        .oneshot(get(&format!("https://{}/", server.addr)))
        .await
        .expect("response");
    assert_eq!(response.version(), http::Version::HTTP_11);
}

#[tokio::test]
async fn http2_is_used_when_the_server_offers_it() {
    use std::sync::Arc;

    use hyper_util::rt::{TokioExecutor, TokioIo};

    let certs = test_certs();
    let mut config = (*certs.server_config).clone();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let svc = hyper::service::service_fn(
                    |req: http::Request<hyper::body::Incoming>| async move {
                        let version = format!("{:?}", req.version());
                        Ok::<_, std::convert::Infallible>(http::Response::new(
                            http_body_util::Full::new(bytes::Bytes::from(version)),
                        ))
                    },
                );
                let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(tls), svc)
                    .await;
            });
        }
    });
    let http = HttpService::builder()
        .proxy(ProxyConfig::none())
        .native_roots(false)
        .http2(true)
        .add_root_certificate_pem(certs.ca_pem.clone())
        .build()
        .expect("service");
    let response = http
        .oneshot(get(&format!("https://{addr}/")))
        .await
        .expect("response");
    assert_eq!(response.version(), http::Version::HTTP_2);
    assert_eq!(
        response.into_body().collect().await.expect("body"),
        "HTTP/2.0"
    );
}

#[test]
fn bad_ca_pem_is_a_builder_error() {
    let err = HttpService::builder()
        .add_root_certificate_pem("not a pem")
        .build()
        .expect_err("bad pem");
    assert_eq!(err.kind(), ErrorKind::Builder);
}
