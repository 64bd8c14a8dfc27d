//! One reader of S3 error documents: what the decoder calls a transient
//! error, the retry layer retries (the codes and the document shape come
//! from `newtera-proto`).

use std::sync::atomic::{AtomicUsize, Ordering};

use newtera_faults::{Action, FaultServer, Reply};

use crate::fast_retry_client as client;

const COPIED: &str = "<CopyObjectResult><ETag>\"0123456789abcdef0123456789abcdef\"</ETag><LastModified>2026-11-01T00:00:00.000Z</LastModified></CopyObjectResult>";

/// HEAD answers a 5-byte source; the first copy answers `first`, the next a
/// success.
async fn copy_server(first: Reply) -> FaultServer {
    let puts = AtomicUsize::new(0);
    FaultServer::with_handler(move |seen, _| match seen.method.as_str() {
        "HEAD" => Action::Reply(
            Reply::new(200, "")
                .content_length("5")
                .header("etag", "\"0123456789abcdef0123456789abcdef\""),
        ),
        _ if puts.fetch_add(1, Ordering::SeqCst) == 0 => Action::Reply(first.clone()),
        _ => Action::Reply(Reply::new(200, COPIED)),
    })
    .await
    .expect("server")
}

fn puts(server: &FaultServer) -> usize {
    server.seen().iter().filter(|s| s.method == "PUT").count()
}

#[tokio::test]
async fn a_namespaced_error_inside_a_200_is_retried() {
    let doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Code>InternalError</Code><Message>late</Message></Error>";
    let server = copy_server(Reply::new(200, doc)).await;
    client(server.endpoint())
        .copy_object("bkt", "to", newtera::CopySource::new("bkt", "from"))
        .await
        .expect("the retry succeeds");
    assert_eq!(puts(&server), 2);
}

#[tokio::test]
async fn every_retryable_code_is_retried() {
    // The union of what the transport's old table and proto each knew.
    let codes = [
        "BandwidthLimitExceeded",
        "IncompleteBody",
        "RequestTimeoutException",
        "SlowDown",
        "ThrottlingException",
        "OperationAborted",
    ];
    for code in codes {
        let server = copy_server(Reply::s3_error(400, code)).await;
        client(server.endpoint())
            .copy_object("bkt", "to", newtera::CopySource::new("bkt", "from"))
            .await
            .unwrap_or_else(|e| panic!("{code}: {e}"));
        assert_eq!(puts(&server), 2, "{code}");
    }
}
