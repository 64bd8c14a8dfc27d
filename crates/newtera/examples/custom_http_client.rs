//! minio-py's `http_client` example, in Rust: the HTTP client under the
//! signer is one of yours. minio-py's passes a `urllib3.PoolManager` with
//! `Retry(total=5, backoff_factor=0.2, status_forcelist=[500, 502, 503,
//! 504])`; here the built-in `HttpService` is wrapped in tower's retry
//! middleware with the same rule. (A proxy would be set on the service's
//! builder: `HttpService::builder().proxy(..)`.)

#[path = "common/mod.rs"]
mod common;

use std::time::Duration;

use http::{Request, Response};
use newtera::Newtera;
use newtera::transport::{Body, HttpService, ResponseBody};
use tower::retry::{Policy, RetryLayer};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (endpoint, _server) = common::endpoint()?;
    let client = with_retrying_http_client(endpoint)?;
    run(&client).await?;
    Ok(())
}

/// A client for `endpoint` whose HTTP client retries 500, 502, 503 and 504
/// up to five times, backing off 0.2 s, 0.4 s, 0.8 s … like urllib3's Retry.
pub(crate) fn with_retrying_http_client(endpoint: String) -> newtera::Result<Newtera> {
    let http = tower::ServiceBuilder::new()
        .layer(RetryLayer::new(StatusRetry {
            left: 5,
            delay: Duration::from_millis(200),
        }))
        .service(HttpService::new().map_err(|e| newtera::Error::Transport(Box::new(e)))?);
    let (access, secret) = common::keys();
    Newtera::builder(endpoint)
        .credentials(access, secret)
        .http_client(http)
        .build()
}

/// The example itself: the client works as any other.
pub(crate) async fn run(client: &Newtera) -> newtera::Result<()> {
    common::prepare(client, "mybucket", "myobject").await?;
    for bucket in client.list_buckets().await? {
        println!("{}", bucket.name);
    }
    Ok(())
}

/// urllib3's `Retry(total, backoff_factor, status_forcelist)` as a tower
/// retry policy.
#[derive(Clone, Debug)]
pub(crate) struct StatusRetry {
    pub(crate) left: u32,
    pub(crate) delay: Duration,
}

impl<E> Policy<Request<Body>, Response<ResponseBody>, E> for StatusRetry {
    type Future = tokio::time::Sleep;

    fn retry(
        &mut self,
        _request: &mut Request<Body>,
        result: &mut Result<Response<ResponseBody>, E>,
    ) -> Option<Self::Future> {
        let status = result.as_ref().ok()?.status().as_u16();
        if self.left == 0 || ![500, 502, 503, 504].contains(&status) {
            return None;
        }
        self.left -= 1;
        let wait = self.delay;
        self.delay *= 2;
        Some(tokio::time::sleep(wait))
    }

    fn clone_request(&mut self, request: &Request<Body>) -> Option<Request<Body>> {
        // Bodies that can be replayed (memory, file ranges) are retried.
        let mut copy = Request::new(request.body().try_clone()?);
        *copy.method_mut() = request.method().clone();
        *copy.uri_mut() = request.uri().clone();
        *copy.headers_mut() = request.headers().clone();
        *copy.extensions_mut() = request.extensions().clone();
        Some(copy)
    }
}
