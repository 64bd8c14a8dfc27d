//! The root service: hyper-util's pooled client behind an always-ready tower `Service`.

mod builder;
mod tracked;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::header::PROXY_AUTHORIZATION;
use http::{Request, Response};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use tokio::sync::oneshot;
use tower_service::Service;

use crate::body::{Body, ResponseBody};
use crate::connect::{ProxyConnector, ProxyRules, TimeoutConnector};
use crate::error::{Error, ErrorKind, chain_has_timeout, find_source};

pub use builder::HttpServiceBuilder;
use tracked::Tracked;

type Connector = TimeoutConnector<HttpsConnector<ProxyConnector>>;

/// Sends requests over a shared keep-alive pool (HTTP/1.1, optionally HTTP/2 over TLS).
///
/// Always ready: back-pressure comes from the pool, as with hyper-util's `Client`. Cloning is
/// cheap and every clone shares the pool.
#[derive(Clone)]
pub struct HttpService {
    // One `Arc` around everything: cloning hyper-util's client touches
    // about ten reference counts, and the stack clones its service for
    // every request (the profile of small requests showed it at ~8 %).
    shared: Arc<Shared>,
}

struct Shared {
    client: Client<Connector, Tracked>,
    proxies: Option<Arc<ProxyRules>>,
    read_timeout: Option<Duration>,
}

/// The future of [`HttpService::call`]: the response once its head has
/// arrived (the body streams afterwards, under the read timeout), or a
/// transport [`Error`]. `Send` and `'static`; dropping it cancels the
/// request.
#[must_use = "futures do nothing unless polled"]
pub struct ResponseFuture {
    inner: Pin<Box<dyn Future<Output = Result<Response<ResponseBody>, Error>> + Send + 'static>>,
}

impl Future for ResponseFuture {
    type Output = Result<Response<ResponseBody>, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.inner.as_mut().poll(cx)
    }
}

impl fmt::Debug for ResponseFuture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

impl HttpService {
    /// Starts configuring a service.
    pub fn builder() -> HttpServiceBuilder {
        HttpServiceBuilder::default()
    }

    /// A service with the default settings.
    pub fn new() -> Result<Self, Error> {
        Self::builder().build()
    }

    /// Plain-HTTP requests through a forwarding proxy carry its credentials in each request.
    fn add_proxy_auth(&self, req: &mut Request<Body>) {
        if req.uri().scheme_str() != Some("http") {
            return;
        }
        let route = self
            .shared
            .proxies
            .as_ref()
            .and_then(|p| p.route(req.uri()));
        if let Some(auth) = route.and_then(|r| r.auth) {
            req.headers_mut().entry(PROXY_AUTHORIZATION).or_insert(auth);
        }
    }
}

impl fmt::Debug for HttpService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpService")
            .field("proxy", &self.shared.proxies.is_some())
            .field("read_timeout", &self.shared.read_timeout)
            .finish_non_exhaustive()
    }
}

impl Service<Request<Body>> for HttpService {
    type Response = Response<ResponseBody>;
    type Error = Error;
    type Future = ResponseFuture;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut req: Request<Body>) -> ResponseFuture {
        self.add_proxy_auth(&mut req);
        let (sent_tx, sent_rx) = oneshot::channel();
        let req = req.map(|body| Tracked::new(body, sent_tx));
        let pending = self.shared.client.request(req);
        let read_timeout = self.shared.read_timeout;
        let inner = Box::pin(async move {
            let response = match read_timeout {
                None => pending.await.map_err(map_client_error)?,
                Some(limit) => wait_with_read_timeout(pending, sent_rx, limit).await?,
            };
            Ok(response.map(|b| ResponseBody::incoming(b, read_timeout)))
        });
        ResponseFuture { inner }
    }
}

/// Waits for the response head; the read deadline starts once the request body is sent (hyper
/// drops the body then), so slow uploads are not mistaken for a silent server.
async fn wait_with_read_timeout<F, T>(
    pending: F,
    body_sent: oneshot::Receiver<()>,
    limit: Duration,
) -> Result<T, Error>
where
    F: Future<Output = Result<T, hyper_util::client::legacy::Error>>,
{
    let mut pending = std::pin::pin!(pending);
    tokio::select! {
        biased;
        result = &mut pending => return result.map_err(map_client_error),
        _ = body_sent => {}
    }
    match tokio::time::timeout(limit, pending).await {
        Ok(result) => result.map_err(map_client_error),
        Err(_) => {
            Err(Error::new(ErrorKind::Timeout).detail("read timeout waiting for the response"))
        }
    }
}

/// Sorts hyper-util's error into the transport kinds by looking down its source chain.
fn map_client_error(e: hyper_util::client::legacy::Error) -> Error {
    let kind = classify_client_error(&e);
    let connecting = e.is_connect();
    let error = Error::with_source(kind, e);
    if connecting { error.unsent() } else { error }
}

fn classify_client_error(e: &hyper_util::client::legacy::Error) -> ErrorKind {
    if let Some(own) = find_source::<Error>(e) {
        // Our own request body failed (a file read): keep its kind.
        return own.kind();
    }
    if find_source::<crate::connect::ProxyFailure>(e).is_some() {
        return ErrorKind::Proxy;
    }
    if find_source::<rustls::Error>(e).is_some() {
        return ErrorKind::Tls;
    }
    if chain_has_timeout(e) {
        return ErrorKind::Timeout;
    }
    if e.is_connect() {
        ErrorKind::Connect
    } else {
        ErrorKind::Request
    }
}
