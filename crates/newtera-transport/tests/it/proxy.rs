//! A loopback proxy: plain HTTP is forwarded in absolute form, HTTPS goes through CONNECT.

use std::sync::{Arc, Mutex};

use newtera_transport::{ErrorKind, HttpService, ProxyConfig};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt as _;

use crate::support::{get, serve, serve_with, test_certs, text};

/// What the proxy saw: each request line and its `Proxy-Authorization` value.
type Log = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// Answers plain requests itself with `proxied`, tunnels CONNECT, and refuses CONNECT
/// with 407 when `require` credentials are missing.
async fn proxy(require: Option<&'static str>) -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let log = Log::default();
    let seen = log.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            tokio::spawn(handle(tcp, seen.clone(), require));
        }
    });
    (url, log)
}

async fn handle(mut tcp: TcpStream, log: Log, require: Option<&'static str>) {
    let Some(head) = read_head(&mut tcp).await else {
        return;
    };
    let line = head.lines().next().unwrap_or_default().to_owned();
    let auth = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("proxy-authorization: ")
                .or_else(|| l.strip_prefix("Proxy-Authorization: "))
        })
        .map(str::to_owned);
    log.lock().expect("log").push((line.clone(), auth.clone()));
    if require.is_some() && auth.as_deref() != require {
        let _ = tcp
            .write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")
            .await;
        return;
    }
    if let Some(target) = line
        .strip_prefix("CONNECT ")
        .and_then(|r| r.split(' ').next())
    {
        let Ok(mut upstream) = TcpStream::connect(target).await else {
            return;
        };
        let _ = tcp
            .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            .await;
        let _ = tokio::io::copy_bidirectional(&mut tcp, &mut upstream).await;
        return;
    }
    let _ = tcp
        .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nproxied")
        .await;
}

async fn read_head(tcp: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        if tcp.read(&mut byte).await.ok()? == 0 {
            return None;
        }
        buf.push(byte[0]);
    }
    String::from_utf8(buf).ok()
}

fn service(proxy: ProxyConfig) -> HttpService {
    HttpService::builder()
        .proxy(proxy)
        .native_roots(false)
        .build()
        .expect("service")
}

#[tokio::test]
async fn plain_http_goes_through_the_proxy_in_absolute_form_with_credentials() {
    let (proxy_url, log) = proxy(None).await;
    let http = service(ProxyConfig::all(&proxy_url).basic_auth("alice", "wonder"));
    let response = http
        .oneshot(get("http://origin.test:9000/bucket/key?x=1"))
        .await
        .expect("response");
    assert_eq!(
        response.into_body().collect().await.expect("body"),
        "proxied"
    );
    let log = log.lock().expect("log").clone();
    assert_eq!(log.len(), 1);
    assert_eq!(
        log[0].0,
        "GET http://origin.test:9000/bucket/key?x=1 HTTP/1.1"
    );
    // base64("alice:wonder")
    assert_eq!(log[0].1.as_deref(), Some("Basic YWxpY2U6d29uZGVy"));
}

#[tokio::test]
async fn https_is_tunnelled_with_connect() {
    let certs = test_certs();
    let origin = serve_with(
        |_req| async { text(200, "secure") },
        Some(certs.acceptor.clone()),
    )
    .await;
    let (proxy_url, log) = proxy(Some("Basic dTpw")).await;
    let with_creds = proxy_url.replace("http://", "http://u:p@");
    let http = HttpService::builder()
        .proxy(ProxyConfig::none().https(with_creds))
        .native_roots(false)
        .add_root_certificate_pem(certs.ca_pem.clone())
        .build()
        .expect("service");
    let response = http
        .oneshot(get(&format!("https://{}/b", origin.addr)))
        .await
        .expect("response");
    assert_eq!(
        response.into_body().collect().await.expect("body"),
        "secure"
    );
    let log = log.lock().expect("log").clone();
    assert_eq!(log[0].0, format!("CONNECT {} HTTP/1.1", origin.addr));
    assert_eq!(log[0].1.as_deref(), Some("Basic dTpw"));
}

#[tokio::test]
async fn refused_proxy_credentials_are_a_proxy_error() {
    let certs = test_certs();
    let origin = serve_with(
        |_req| async { text(200, "secure") },
        Some(certs.acceptor.clone()),
    )
    .await;
    let (proxy_url, _) = proxy(Some("Basic right")).await;
    let http = service(ProxyConfig::all(proxy_url).basic_auth("wrong", "creds"));
    let err = http
        .oneshot(get(&format!("https://{}/b", origin.addr)))
        .await
        .expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::Proxy, "{err:?}");
}

#[tokio::test]
async fn no_proxy_hosts_go_direct() {
    let origin = serve(|_req| async { text(200, "direct") }).await;
    let (proxy_url, log) = proxy(None).await;
    let http = service(ProxyConfig::all(proxy_url).no_proxy("localhost, 127.0.0.1"));
    let response = http
        .oneshot(get(&origin.url("/b")))
        .await
        .expect("response");
    assert_eq!(
        response.into_body().collect().await.expect("body"),
        "direct"
    );
    assert!(log.lock().expect("log").is_empty());
    assert_eq!(origin.connections(), 1);
}

#[tokio::test]
async fn environment_style_configuration_is_honoured() {
    let (proxy_url, log) = proxy(None).await;
    let env = move |name: &str| (name == "HTTP_PROXY").then(|| proxy_url.clone());
    let http = service(ProxyConfig::from_lookup(env));
    let response = http
        .oneshot(get("http://origin.test/k"))
        .await
        .expect("response");
    assert_eq!(
        response.into_body().collect().await.expect("body"),
        "proxied"
    );
    assert_eq!(log.lock().expect("log").len(), 1);
}
