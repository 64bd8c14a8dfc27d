//! The default configuration against a server that sends a response head
//! and then goes silent: every operation ends with `Error::Timeout` (the
//! default 60 s read timeout), none hangs.

use std::future::Future;
use std::time::{Duration, Instant};

use futures_util::TryStreamExt as _;
use newtera::{Error, Newtera};
use newtera_faults::{Action, FaultServer, Reply};

/// Longer than the 60 s default read timeout plus scheduling slack on a
/// loaded machine; today's code (no body timeout) runs into it.
const HANG: Duration = Duration::from_secs(90);

/// A `200` announcing a body it never sends: XML for the listing calls,
/// bytes for GETs.
fn head_then_silence() -> Action {
    let body = b"<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>".to_vec();
    Action::StallMidResponse {
        reply: Reply::new(200, body)
            .header("content-type", "application/xml")
            .header("etag", "\"0123456789abcdef0123456789abcdef\"")
            .header("content-range", "bytes 0-67/68"),
        keep: 0,
        stall: Duration::from_secs(600),
    }
}

/// Runs `op`, failing the test if it outlives [`HANG`] or ends in anything
/// but a timeout.
async fn times_out<T, F>(what: &str, op: F) -> Duration
where
    F: Future<Output = Result<T, Error>>,
{
    let started = Instant::now();
    let outcome = tokio::time::timeout(HANG, op).await;
    let Ok(outcome) = outcome else {
        panic!("{what}: still waiting after {HANG:?} on a stalled body");
    };
    match outcome {
        Err(e) => assert!(e.is_timeout(), "{what}: {e:?}"),
        Ok(_) => panic!("{what}: succeeded on a body that never came"),
    }
    started.elapsed()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_client_gives_up_on_a_stalled_body() {
    let server = FaultServer::with_handler(|_, _| head_then_silence())
        .await
        .expect("server");
    // Region fixed so no discovery request runs first; no timeout is set.
    let client = Newtera::builder(server.endpoint())
        .credentials("AKIDEXAMPLE", "secret")
        .region("us-east-1")
        .build()
        .expect("client");
    let listing = client.list_objects("bkt").recursive(true).into_stream();
    let stream = async {
        let mut body = client.get_object("bkt", "k").await?.into_body();
        while body.try_next().await?.is_some() {}
        Ok::<_, Error>(())
    };
    let took = tokio::join!(
        times_out("list_buckets", client.list_buckets()),
        times_out("list_objects", listing.try_collect::<Vec<_>>()),
        times_out("get_object(..).bytes()", async {
            client.get_object("bkt", "k").await?.bytes().await
        }),
        times_out("get_object stream", stream),
        times_out(
            "list_incomplete_uploads",
            client
                .list_incomplete_uploads("bkt")
                .into_stream()
                .try_collect::<Vec<_>>()
        ),
    );
    for took in [took.0, took.1, took.2, took.3, took.4] {
        assert!(
            took >= Duration::from_secs(55),
            "gave up too early: {took:?}"
        );
    }
}
