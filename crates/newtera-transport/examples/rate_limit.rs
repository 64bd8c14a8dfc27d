//! Composes tower's rate limit and concurrency limit with the transport's layers.
//!
//! ```text
//! cargo run -p newtera-transport --example rate_limit -- http://127.0.0.1:9000/
//! ```
//!
//! Sends a handful of anonymous `GET`s at most 2 per 100 ms and prints each status.

use std::time::Duration;

use http::{Request, StatusCode};
use newtera_transport::retry::RetryConfig;
use newtera_transport::sigv4::StaticCredentials;
use newtera_transport::{Body, BoxError, HttpService, ServiceBuilderExt as _};
use tower::{Service as _, ServiceBuilder, ServiceExt as _};

/// Sends `count` requests to `url` through
/// `rate limit → concurrency limit → retry → sigv4 → HttpService` and returns the statuses.
pub(crate) async fn run(
    http: HttpService,
    url: &str,
    count: usize,
) -> Result<Vec<StatusCode>, BoxError> {
    let mut svc = ServiceBuilder::new()
        .rate_limit(2, Duration::from_millis(100))
        .concurrency_limit(4)
        .s3_retry(RetryConfig::default())
        .sigv4(StaticCredentials::anonymous(), "us-east-1")
        .service(http);
    let mut statuses = Vec::with_capacity(count);
    for _ in 0..count {
        let req = Request::get(url).body(Body::empty())?;
        let response = svc.ready().await?.call(req).await?;
        statuses.push(response.status());
        // Reading the body to the end returns the connection to the pool.
        response.into_body().collect().await?;
    }
    Ok(statuses)
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "http://127.0.0.1:9000/".to_owned());
    for status in run(HttpService::new()?, &url, 5).await? {
        println!("{status}");
    }
    Ok(())
}
