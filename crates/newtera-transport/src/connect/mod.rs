//! Connecting: TCP (with `TCP_NODELAY`), proxies (absolute-form forwarding or `CONNECT`
//! tunnels), then TLS, all under one connect deadline.

mod proxy;
mod stream;
pub(crate) mod tls;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::Uri;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use tower_service::Service;

use crate::error::BoxError;

pub use proxy::ProxyConfig;
pub(crate) use proxy::ProxyRules;
pub(crate) use stream::Conn;

type BoxFuture<T> = Pin<Box<dyn Future<Output = Result<T, BoxError>> + Send>>;

/// The inner connector: direct TCP, or through the proxy that the rules pick.
#[derive(Clone)]
pub(crate) struct ProxyConnector {
    http: HttpConnector,
    proxies: Option<Arc<ProxyRules>>,
}

impl ProxyConnector {
    pub(crate) fn new(http: HttpConnector, proxies: Option<Arc<ProxyRules>>) -> Self {
        Self { http, proxies }
    }
}

impl Service<Uri> for ProxyConnector {
    type Response = Conn;
    type Error = BoxError;
    type Future = BoxFuture<Conn>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        // HttpConnector is always ready; each call clones it.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let mut http = self.http.clone();
        let route = self.proxies.as_ref().and_then(|p| p.route(&dst));
        Box::pin(async move {
            let Some(route) = route else {
                return Ok(Conn::direct(http.call(dst).await?));
            };
            if dst.scheme_str() == Some("https") {
                // Tunnel through the proxy; TLS to the origin runs inside the tunnel.
                let mut tunnel = Tunnel::new(route.proxy, http);
                if let Some(auth) = route.auth {
                    tunnel = tunnel.with_auth(auth);
                }
                let io = tunnel.call(dst).await.map_err(ProxyFailure::boxed)?;
                return Ok(Conn::direct(io));
            }
            // Plain HTTP goes to the proxy itself, which forwards absolute-form requests.
            let io = http.call(route.proxy).await.map_err(ProxyFailure::boxed)?;
            Ok(Conn::proxied(io))
        })
    }
}

/// Bounds a whole connect (TCP, proxy handshake, TLS) by one deadline.
#[derive(Clone)]
pub(crate) struct TimeoutConnector<C> {
    inner: C,
    timeout: Option<Duration>,
}

impl<C> TimeoutConnector<C> {
    pub(crate) fn new(inner: C, timeout: Option<Duration>) -> Self {
        Self { inner, timeout }
    }
}

impl<C> Service<Uri> for TimeoutConnector<C>
where
    C: Service<Uri>,
    C::Future: Send + 'static,
    C::Error: Into<BoxError>,
{
    type Response = C::Response;
    type Error = BoxError;
    type Future = BoxFuture<C::Response>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let connecting = self.inner.call(dst);
        let timeout = self.timeout;
        Box::pin(async move {
            let Some(limit) = timeout else {
                return connecting.await.map_err(Into::into);
            };
            match tokio::time::timeout(limit, connecting).await {
                Ok(result) => result.map_err(Into::into),
                Err(_) => Err(Box::new(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "connect timeout",
                )) as BoxError),
            }
        })
    }
}

/// Marks a failure to reach or use a proxy, so it is reported as a proxy error.
#[derive(Debug)]
pub(crate) struct ProxyFailure(BoxError);

impl ProxyFailure {
    fn boxed(e: impl Into<BoxError>) -> BoxError {
        Box::new(Self(e.into()))
    }
}

impl std::fmt::Display for ProxyFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("could not connect through the proxy")
    }
}

impl std::error::Error for ProxyFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}
