//! Your own tower middleware around every request the client sends:
//! a concurrency limit, a rate limit and a request counter; then a
//! deadline per request and load shedding. Layers added first end up
//! outermost; they see each operation's requests before signing and
//! retries (so a retried request passes them once).

#[path = "common/mod.rs"]
mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use newtera::{Newtera, NewteraBuilder};
use tower::ServiceBuilder;
use tower::buffer::BufferLayer;
use tower::limit::{ConcurrencyLimitLayer, RateLimitLayer};
use tower::load_shed::LoadShedLayer;
use tower::timeout::TimeoutLayer;
use tower::util::MapRequestLayer;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (endpoint, _server) = common::endpoint()?;
    let counter = Arc::new(AtomicUsize::new(0));
    let client = limited_and_counted(endpoint, counter.clone())?;
    run(&client).await?;
    println!("requests sent: {}", counter.load(Ordering::Relaxed));

    let (endpoint, _server) = common::endpoint()?;
    let (access, secret) = common::keys();
    let builder = Newtera::builder(endpoint).credentials(access, secret);
    let client = deadline_and_shedding(builder, Duration::from_secs(5), 4)?;
    run(&client).await?;
    Ok(())
}

/// A client allowing 8 requests in flight and 100 a second, counting what
/// it sends into `counter`. Call inside a Tokio runtime: the rate limit
/// sits behind a buffer, whose worker task starts when the client is built.
pub(crate) fn limited_and_counted(
    endpoint: String,
    counter: Arc<AtomicUsize>,
) -> newtera::Result<Newtera> {
    let (access, secret) = common::keys();
    // `RateLimit` keeps its budget in the service, so it cannot be cloned
    // per request; a buffer shares one rate limit between all clones.
    let rate_limit = ServiceBuilder::new()
        .layer(BufferLayer::new(1024))
        .layer(RateLimitLayer::new(100, Duration::from_secs(1)))
        .into_inner();
    Newtera::builder(endpoint)
        .credentials(access, secret)
        .layer(MapRequestLayer::new(move |request| {
            counter.fetch_add(1, Ordering::Relaxed);
            request
        }))
        .layer(ConcurrencyLimitLayer::new(8))
        .layer(rate_limit)
        .build()
}

/// A client that gives each request (with its retries) `deadline`, and
/// fails a request at once, instead of queueing it, while `in_flight`
/// requests are already out: tower's `TimeoutLayer` ends as
/// [`newtera::Error::Timeout`], a shed request as
/// [`newtera::Error::Transport`] whose source is tower's `Overloaded`.
pub(crate) fn deadline_and_shedding(
    builder: NewteraBuilder,
    deadline: Duration,
    in_flight: usize,
) -> newtera::Result<Newtera> {
    builder
        .layer(LoadShedLayer::new())
        .layer(ConcurrencyLimitLayer::new(in_flight))
        .layer(TimeoutLayer::new(deadline))
        .build()
}

/// The example itself: a few operations through the layers.
pub(crate) async fn run(client: &Newtera) -> newtera::Result<()> {
    common::prepare(client, "mybucket", "myobject").await?;
    let stat = client.stat_object("mybucket", "myobject").await?;
    println!("myobject: {} bytes", stat.size);
    Ok(())
}
