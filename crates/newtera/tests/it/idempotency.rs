//! Retries respect idempotency on the wire: a request that may have reached
//! the server is sent again only when repeating it is harmless.

use bytes::Bytes;
use newtera_faults::{Action, FaultServer, Reply, Seen};

use crate::fast_retry_client as client;

fn count(seen: &[Seen], method: &str, query: &str) -> usize {
    seen.iter()
        .filter(|s| s.method == method && s.target.contains(query))
        .count()
}

#[tokio::test]
async fn create_multipart_upload_is_not_repeated_after_a_lost_answer() {
    // The server receives CreateMultipartUpload and the connection breaks
    // before the answer: a repeat would orphan the first upload.
    let server = FaultServer::with_handler(|seen, _| {
        if seen.method == "POST" && seen.target.contains("uploads") {
            Action::ResetAfterRequest
        } else {
            Action::Reply(Reply::s3_error(400, "Unexpected"))
        }
    })
    .await
    .expect("server");
    let data = Bytes::from(vec![7u8; 6 << 20]);
    let err = client(server.endpoint())
        .put_object("bkt", "big", data)
        .await
        .expect_err("the lost answer is an error");
    assert!(!err.is_invalid_argument(), "{err:?}");
    assert_eq!(count(&server.seen(), "POST", "uploads"), 1, "{err}");
}

#[tokio::test]
async fn create_multipart_upload_is_retried_after_a_server_error() {
    // A 503 says the server did not act: the retry is safe.
    let server = FaultServer::start(vec![
        Action::Reply(Reply::s3_error(503, "SlowDown")),
        Action::Reply(Reply::s3_error(403, "AccessDenied")),
    ])
    .await
    .expect("server");
    let data = Bytes::from(vec![7u8; 6 << 20]);
    let err = client(server.endpoint())
        .put_object("bkt", "big", data)
        .await
        .expect_err("the second answer is a refusal");
    assert!(err.is_access_denied(), "{err:?}");
    assert_eq!(count(&server.seen(), "POST", "uploads"), 2);
}

#[tokio::test]
async fn delete_objects_is_repeated_after_a_lost_answer() {
    use futures_util::TryStreamExt as _;
    let done = "<?xml version=\"1.0\"?><DeleteResult></DeleteResult>";
    let server = FaultServer::start(vec![
        Action::ResetAfterRequest,
        Action::Reply(Reply::new(200, done).header("content-type", "application/xml")),
    ])
    .await
    .expect("server");
    let failures: Vec<_> = client(server.endpoint())
        .remove_objects("bkt", vec!["a".to_owned(), "b".to_owned()])
        .try_collect()
        .await
        .expect("the repeat succeeds");
    assert!(failures.is_empty());
    assert_eq!(count(&server.seen(), "POST", "delete"), 2);
}
