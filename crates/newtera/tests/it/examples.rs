//! Every example in `examples/`, run against the embedded server.

#![allow(
    clippy::duplicate_mod,
    reason = "each example includes `examples/common` itself, as a standalone program must"
)]

use std::time::Duration;

#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/bucket_exists.rs"]
mod bucket_exists;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/custom_http_client.rs"]
mod custom_http_client;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/fget_object.rs"]
mod fget_object;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/fput_object.rs"]
mod fput_object;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/get_object.rs"]
mod get_object;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/layers.rs"]
mod layers;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/list_buckets.rs"]
mod list_buckets;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/list_objects.rs"]
mod list_objects;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/presigned_get_object.rs"]
mod presigned_get_object;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/presigned_post_policy.rs"]
mod presigned_post_policy;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/presigned_put_object.rs"]
mod presigned_put_object;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/put_object.rs"]
mod put_object;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/remove_incomplete_upload.rs"]
mod remove_incomplete_upload;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/remove_object.rs"]
mod remove_object;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/remove_objects.rs"]
mod remove_objects;
#[allow(dead_code, reason = "the example's `main` is not used here; `run` is")]
#[path = "../../examples/stat_object.rs"]
mod stat_object;

#[tokio::test(flavor = "multi_thread")]
async fn every_seed_example_runs() {
    let server = newtera_testkit::EmbeddedServer::start().unwrap();
    let client = newtera::Newtera::builder(server.endpoint())
        .credentials(server.access_key(), server.secret_key())
        .build()
        .unwrap();
    list_buckets::run(&client)
        .await
        .unwrap_or_else(|e| panic!("list_buckets: {e}"));
    bucket_exists::run(&client)
        .await
        .unwrap_or_else(|e| panic!("bucket_exists: {e}"));
    list_objects::run(&client)
        .await
        .unwrap_or_else(|e| panic!("list_objects: {e}"));
    get_object::run(&client)
        .await
        .unwrap_or_else(|e| panic!("get_object: {e}"));
    fget_object::run(&client)
        .await
        .unwrap_or_else(|e| panic!("fget_object: {e}"));
    put_object::run(&client)
        .await
        .unwrap_or_else(|e| panic!("put_object: {e}"));
    fput_object::run(&client)
        .await
        .unwrap_or_else(|e| panic!("fput_object: {e}"));
    stat_object::run(&client)
        .await
        .unwrap_or_else(|e| panic!("stat_object: {e}"));
    remove_object::run(&client)
        .await
        .unwrap_or_else(|e| panic!("remove_object: {e}"));
    remove_objects::run(&client)
        .await
        .unwrap_or_else(|e| panic!("remove_objects: {e}"));
    remove_incomplete_upload::run(&client)
        .await
        .unwrap_or_else(|e| panic!("remove_incomplete_upload: {e}"));
    presigned_get_object::run(&client)
        .await
        .unwrap_or_else(|e| panic!("presigned_get_object: {e}"));
    presigned_put_object::run(&client)
        .await
        .unwrap_or_else(|e| panic!("presigned_put_object: {e}"));
    let curl = presigned_post_policy::run(&client)
        .await
        .unwrap_or_else(|e| panic!("presigned_post_policy: {e}"));
    post_with_curl(&client, &curl).await;
}

/// Runs the printed `curl` command as a user pasting it would (`sh -c`;
/// curl must be installed) and checks that the object arrived.
async fn post_with_curl(client: &newtera::Newtera, command: &str) {
    let status = std::process::Command::new("sh")
        .args(["-c", command])
        .status()
        .expect("sh runs (and curl is installed)");
    assert!(
        status.success(),
        "the printed curl command failed: {command}"
    );
    let stat = client
        .stat_object("mybucket", "myobject.txt")
        .await
        .expect("the form upload arrived");
    assert_eq!(stat.size, 26);
}

/// The `layers` example: the user's layers see every request (a fresh
/// server: GetBucketLocation for the region, HEAD bucket, PUT bucket, PUT
/// object, HEAD object), and the rate limit behind a buffer composes.
#[tokio::test(flavor = "multi_thread")]
async fn user_layers_see_every_request() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let server = newtera_testkit::EmbeddedServer::start().unwrap();
    let counter = Arc::new(AtomicUsize::new(0));
    let client = layers::limited_and_counted(server.endpoint(), counter.clone()).unwrap();
    layers::run(&client).await.unwrap();
    assert_eq!(counter.load(Ordering::Relaxed), 5);
}

/// The `layers` example's tower `TimeoutLayer`: a stalled server ends the
/// request at the user's deadline, as a timeout.
#[tokio::test(flavor = "multi_thread")]
async fn a_user_timeout_layer_ends_a_stalled_request_as_a_timeout() {
    use newtera_faults::{Action, FaultServer};
    let server = FaultServer::start(vec![Action::Stall(Duration::from_secs(5))])
        .await
        .unwrap();
    let builder = newtera::Newtera::builder(server.endpoint())
        .credentials("AKIDEXAMPLE", "secret")
        .region("us-east-1")
        .retry(newtera::transport::retry::RetryConfig::disabled());
    let client = layers::deadline_and_shedding(builder, Duration::from_millis(200), 4).unwrap();
    let started = std::time::Instant::now();
    let err = client.stat_object("bkt", "k").await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
}

/// The `layers` example's load shedding: with one request allowed in
/// flight, a second one fails at once with tower's `Overloaded` as source.
#[tokio::test(flavor = "multi_thread")]
async fn a_user_load_shed_layer_fails_the_request_over_the_limit() {
    use newtera_faults::{Action, FaultServer};
    let server = FaultServer::start(vec![Action::Stall(Duration::from_secs(2))])
        .await
        .unwrap();
    let builder = newtera::Newtera::builder(server.endpoint())
        .credentials("AKIDEXAMPLE", "secret")
        .region("us-east-1")
        .retry(newtera::transport::retry::RetryConfig::disabled());
    let client = layers::deadline_and_shedding(builder, Duration::from_secs(10), 1).unwrap();
    let first = {
        let client = client.clone();
        tokio::spawn(async move { client.stat_object("bkt", "first").await })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let err = client.stat_object("bkt", "second").await.unwrap_err();
    assert!(matches!(err, newtera::Error::Transport(_)), "{err:?}");
    let mut source = std::error::Error::source(&err);
    let mut shed = false;
    while let Some(e) = source {
        shed |= e.is::<tower::load_shed::error::Overloaded>();
        source = e.source();
    }
    assert!(shed, "{err:?}");
    assert!(
        first.await.unwrap().is_err(),
        "the stalled request fails too"
    );
}

/// The `custom_http_client` example: the user's HTTP client retries 503s
/// itself (the client's own retries are off here, so only it can).
#[tokio::test(flavor = "multi_thread")]
async fn a_custom_http_client_retries_as_configured() {
    use newtera_faults::{Action, FaultServer, Reply};
    let buckets = "<ListAllMyBucketsResult><Buckets><Bucket><Name>b-1</Name>\
        <CreationDate>2024-01-02T03:04:05.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>";
    let server = FaultServer::start(vec![
        Action::Reply(Reply::new(503, "")),
        Action::Reply(Reply::new(502, "")),
        Action::Reply(Reply::new(200, buckets)),
    ])
    .await
    .unwrap();
    let policy = custom_http_client::StatusRetry {
        left: 5,
        delay: std::time::Duration::from_millis(10),
    };
    let http = tower::ServiceBuilder::new()
        .layer(tower::retry::RetryLayer::new(policy))
        .service(newtera::transport::HttpService::new().unwrap());
    let client = newtera::Newtera::builder(server.endpoint())
        .credentials("AKID", "SECRET")
        .region("us-east-1")
        .retry(newtera::transport::retry::RetryConfig::default().max_attempts(1))
        .http_client(http)
        .build()
        .unwrap();
    let listed = client.list_buckets().await.unwrap();
    assert_eq!(listed[0].name, "b-1");
    assert_eq!(server.requests(), 3, "two retries by the user's client");
}
