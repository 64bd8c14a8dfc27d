//! TLS verification is on by default: a self-signed server is refused
//! unless the user opts out explicitly or trusts its certificate.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use newtera::{Error, Newtera};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use crate::case;
use crate::harness::{Case, Outcome};
use crate::report::Row;
use crate::support::{FAULT_SECRET, describe, fast_retry};

pub(crate) fn cases() -> Vec<Case> {
    vec![case!("tls::self_signed_server", self_signed)]
}

/// A loopback HTTPS server with a fresh self-signed certificate that
/// answers every request with an empty bucket list.
struct TlsServer {
    port: u16,
    cert_pem: String,
    requests: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn start() -> TlsServer {
    let key =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
            .expect("certificate");
    let cert_der: CertificateDer<'static> = key.cert.der().clone();
    let key_der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.signing_key.serialize_der()));
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("versions")
    .with_no_client_auth()
    .with_single_cert(vec![cert_der], key_der)
    .expect("server config");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    let task = tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let (acceptor, counter) = (acceptor.clone(), counter.clone());
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(socket).await else {
                    return;
                };
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                counter.fetch_add(1, Ordering::SeqCst);
                let body = crate::support::no_buckets().body;
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/xml\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = tls.write_all(reply.as_bytes()).await;
                let _ = tls.write_all(&body).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    TlsServer {
        port,
        cert_pem: key.cert.pem(),
        requests,
        task,
    }
}

fn builder(server: &TlsServer) -> newtera::NewteraBuilder {
    Newtera::builder(format!("https://127.0.0.1:{}", server.port))
        .credentials("AKIDFAULTEXAMPLE", FAULT_SECRET)
        .region("us-east-1")
        .retry(fast_retry())
}

async fn self_signed() -> Outcome {
    let server = start().await;
    let refused = builder(&server)
        .build()
        .expect("client")
        .list_buckets()
        .await;
    let err = refused.expect_err("a self-signed certificate must be refused by default");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    let text = format!("{err} {:?}", std::error::Error::source(&err));
    assert!(
        text.to_lowercase().contains("certificate"),
        "says why: {text}"
    );
    assert!(
        text.contains("cannot reach https://"),
        "names the server: {text}"
    );
    let hint = err.hint().unwrap_or_default();
    assert!(
        hint.contains("CA certificate"),
        "says what to check: {hint:?}"
    );
    assert_eq!(
        server.requests.load(Ordering::SeqCst),
        0,
        "no request reached the server"
    );

    let opted_out = builder(&server)
        .danger_accept_invalid_certs(true)
        .build()
        .expect("client")
        .list_buckets()
        .await;
    assert!(opted_out.is_ok(), "{opted_out:?}");

    let trusted = builder(&server)
        .add_root_certificate_pem(server.cert_pem.clone().into_bytes())
        .build()
        .expect("client")
        .list_buckets()
        .await;
    assert!(trusted.is_ok(), "{trusted:?}");
    assert_eq!(server.requests.load(Ordering::SeqCst), 2);
    Outcome::Rows(vec![
        Row::new(
            "TLS",
            "self-signed HTTPS server, default client",
            1,
            format!(
                "refused (certificate not trusted): {}; no request sent",
                describe(&err)
            ),
        ),
        Row::new(
            "TLS",
            "self-signed HTTPS server, `danger_accept_invalid_certs(true)`",
            1,
            "connected (explicit opt-out)",
        ),
        Row::new(
            "TLS",
            "self-signed HTTPS server, its certificate added with `add_root_certificate_pem`",
            1,
            "connected (verified against the added root)",
        ),
    ])
}
