//! Loopback servers, certificates and small helpers shared by the tests.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use newtera_transport::{HttpService, ProxyConfig};
use tokio::net::{TcpListener, TcpStream};

pub(crate) type Reply = Response<Full<Bytes>>;

/// A loopback HTTP/1.1 server running `handler`, counting accepted connections.
pub(crate) struct TestServer {
    pub(crate) addr: SocketAddr,
    pub(crate) accepted: Arc<AtomicUsize>,
}

impl TestServer {
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub(crate) fn connections(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

pub(crate) async fn serve<F, Fut>(handler: F) -> TestServer
where
    F: Fn(Request<Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Reply> + Send + 'static,
{
    serve_with(handler, None).await
}

/// As [`serve`], over TLS when `tls` is given.
pub(crate) async fn serve_with<F, Fut>(
    handler: F,
    tls: Option<tokio_rustls::TlsAcceptor>,
) -> TestServer
where
    F: Fn(Request<Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Reply> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(serve_conn(tcp, handler.clone(), tls.clone()));
        }
    });
    TestServer { addr, accepted }
}

async fn serve_conn<F, Fut>(tcp: TcpStream, handler: F, tls: Option<tokio_rustls::TlsAcceptor>)
where
    F: Fn(Request<Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Reply> + Send + 'static,
{
    let svc = service_fn(move |req| {
        let fut = handler(req);
        async move { Ok::<_, Infallible>(fut.await) }
    });
    let http = hyper::server::conn::http1::Builder::new();
    match tls {
        None => {
            let _ = http.serve_connection(TokioIo::new(tcp), svc).await;
        }
        Some(acceptor) => {
            if let Ok(stream) = acceptor.accept(tcp).await {
                let _ = http.serve_connection(TokioIo::new(stream), svc).await;
            }
        }
    }
}

pub(crate) fn text(status: u16, body: &'static str) -> Reply {
    Response::builder()
        .status(status)
        .body(Full::new(Bytes::from_static(body.as_bytes())))
        .expect("response")
}

/// An HttpService that ignores the environment's proxies and the system roots.
pub(crate) fn http_service() -> HttpService {
    HttpService::builder()
        .proxy(ProxyConfig::none())
        .native_roots(false)
        .build()
        .expect("service")
}

pub(crate) fn get(url: &str) -> Request<newtera_transport::Body> {
    Request::get(url)
        .body(newtera_transport::Body::empty())
        .expect("request")
}

/// A CA and a leaf certificate for `localhost` / 127.0.0.1, signed by it.
pub(crate) struct TestCerts {
    pub(crate) ca_pem: String,
    pub(crate) acceptor: tokio_rustls::TlsAcceptor,
    pub(crate) server_config: Arc<rustls::ServerConfig>,
}

pub(crate) fn test_certs() -> TestCerts {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
    let ca_key = KeyPair::generate().expect("ca key");
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("ca params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).expect("ca");
    let leaf_key = KeyPair::generate().expect("leaf key");
    let leaf_params = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
        .expect("leaf params");
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let leaf = leaf_params.signed_by(&leaf_key, &issuer).expect("leaf");
    let key =
        rustls::pki_types::PrivateKeyDer::try_from(leaf_key.serialize_der()).expect("key der");
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("versions")
    .with_no_client_auth()
    .with_single_cert(vec![leaf.der().clone()], key)
    .expect("server config");
    let server_config = Arc::new(config);
    TestCerts {
        ca_pem: ca.pem(),
        acceptor: tokio_rustls::TlsAcceptor::from(server_config.clone()),
        server_config,
    }
}

/// What the mock answers to one attempt.
pub(crate) enum Step {
    Reply(Response<newtera_transport::ResponseBody>),
    Fail(newtera_transport::BoxError),
    /// Never answer (the attempt hangs until a timeout).
    Stall,
}

pub(crate) type MockHandle = tower_test::mock::Handle<
    Request<newtera_transport::Body>,
    Response<newtera_transport::ResponseBody>,
>;
pub(crate) type Outcome =
    Result<Response<newtera_transport::ResponseBody>, newtera_transport::BoxError>;

pub(crate) fn reply(status: u16, body: &'static str) -> Step {
    Step::Reply(response(status, body))
}

pub(crate) fn response(
    status: u16,
    body: &'static str,
) -> Response<newtera_transport::ResponseBody> {
    Response::builder()
        .status(status)
        .body(body.into())
        .expect("response")
}

/// Calls `svc` once and answers its attempts from `script`; returns the outcome and every
/// request the mock saw. Panics if the service makes more attempts than scripted.
pub(crate) async fn drive<S>(
    svc: S,
    handle: &mut MockHandle,
    req: Request<newtera_transport::Body>,
    script: Vec<Step>,
) -> (Outcome, Vec<Request<newtera_transport::Body>>)
where
    S: tower::Service<
            Request<newtera_transport::Body>,
            Response = Response<newtera_transport::ResponseBody>,
        > + Send
        + 'static,
    S::Error: Into<newtera_transport::BoxError>,
    S::Future: Send,
{
    use tower::ServiceExt as _;
    let mut call = tokio::spawn(async move { svc.oneshot(req).await.map_err(Into::into) });
    let mut script = script.into_iter();
    let mut seen = Vec::new();
    let mut stalled = Vec::new();
    loop {
        tokio::select! {
            biased;
            outcome = &mut call => return (outcome.expect("join"), seen),
            next = handle.next_request() => {
                // Every mock clone is gone (oneshot drops the service once called): wait.
                let Some((req, send)) = next else {
                    let outcome = call.await.expect("join");
                    drop(stalled);
                    return (outcome, seen);
                };
                seen.push(req);
                match script.next().expect("more attempts than scripted") {
                    Step::Reply(resp) => send.send_response(resp),
                    Step::Fail(err) => send.send_error(err),
                    Step::Stall => stalled.push(send),
                }
            }
        }
    }
}
