//! `--debug`: one line on stderr per HTTP request the run sends, with its
//! method, URL (without signature or credential query parameters), status
//! and time. Headers are never printed, so neither keys, signatures, nor
//! SSE-C keys can appear.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use http::{Request, Response, Uri};
use tower::{Layer, Service};

use crate::terminal::escape;

/// The layer `--debug` adds to every client.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TraceLayer;

impl<S> Layer<S> for TraceLayer {
    type Service = Trace<S>;

    fn layer(&self, inner: S) -> Trace<S> {
        Trace { inner }
    }
}

/// A service that reports each request it passes on.
#[derive(Debug, Clone)]
pub(crate) struct Trace<S> {
    inner: S,
}

type Boxed<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

impl<S, B, R> Service<Request<B>> for Trace<S>
where
    S: Service<Request<B>, Response = Response<R>>,
    S::Future: Send + 'static,
    S::Error: std::fmt::Display,
    R: Send + 'static,
{
    type Response = Response<R>;
    type Error = S::Error;
    type Future = Boxed<Response<R>, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let line = format!("{} {}", request.method(), shown(request.uri()));
        let started = Instant::now();
        let response = self.inner.call(request);
        Box::pin(async move {
            let result = response.await;
            let ms = started.elapsed().as_millis();
            let outcome = match &result {
                Ok(r) => r.status().as_u16().to_string(),
                Err(e) => format!("error: {e}"),
            };
            eprintln!(
                "newtera: debug: {} -> {} ({ms} ms)",
                escape(&line),
                escape(&outcome)
            );
            result
        })
    }
}

/// Query parameters that carry signatures or credentials.
const SECRET_PARAMS: &[&str] = &[
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
    "signature",
    "awsaccesskeyid",
];

/// The URL without the query parameters that carry secrets.
pub(crate) fn shown(uri: &Uri) -> String {
    let mut text = String::new();
    if let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) {
        text.push_str(scheme);
        text.push_str("://");
        text.push_str(authority.as_str());
    }
    text.push_str(uri.path());
    if let Some(query) = uri.query() {
        let kept: Vec<&str> = query
            .split('&')
            .filter(|pair| {
                let name = pair.split('=').next().unwrap_or_default();
                !SECRET_PARAMS.contains(&name.to_ascii_lowercase().as_str())
            })
            .collect();
        if !kept.is_empty() {
            text.push('?');
            text.push_str(&kept.join("&"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_and_credentials_are_left_out() {
        let uri: Uri =
            "http://h:9000/b/k?uploads&X-Amz-Credential=AK%2F1&X-Amz-Signature=abc&partNumber=2"
                .parse()
                .unwrap_or_default();
        assert_eq!(shown(&uri), "http://h:9000/b/k?uploads&partNumber=2");
        let plain: Uri = "/b?list-type=2".parse().unwrap_or_default();
        assert_eq!(shown(&plain), "/b?list-type=2");
    }
}
