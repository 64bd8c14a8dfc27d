//! MinIO's ListenBucketNotification stream, against a loopback server
//! speaking its wire format: JSON lines of `{"Records": [...]}` with blank
//! keep-alive lines between them.

use futures_util::TryStreamExt;
use newtera_faults::{Action, FaultServer, Reply};

fn record(key: &str, size: u64) -> String {
    format!(
        r#"{{"eventVersion":"2.0","eventSource":"minio:s3","eventTime":"2024-01-02T03:04:05.000Z","eventName":"s3:ObjectCreated:Put","s3":{{"bucket":{{"name":"photos"}},"object":{{"key":"{key}","size":{size},"eTag":"abc"}}}}}}"#
    )
}

fn client(server: &FaultServer) -> newtera::Newtera {
    newtera::Newtera::builder(server.endpoint())
        .credentials("AKID", "SECRET")
        .region("us-east-1")
        .build()
        .unwrap()
}

#[tokio::test]
async fn records_are_read_across_keep_alive_lines() {
    let body = format!(
        "\n{{\"Records\":[{}]}}\n \n{{\"Records\":[{},{}]}}\n",
        record("a.jpg", 1),
        record("b%20c.jpg", 2),
        record("d.jpg", 3)
    );
    let server = FaultServer::start(vec![Action::Reply(Reply::new(200, body))])
        .await
        .unwrap();
    let records: Vec<newtera::NotificationRecord> = client(&server)
        .listen_bucket_notification("photos", ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"])
        .prefix("2024/")
        .suffix(".jpg")
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    let keys: Vec<&str> = records.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["a.jpg", "b%20c.jpg", "d.jpg"]);
    assert_eq!(records[2].size, Some(3));
    assert_eq!(records[0].event_name, "s3:ObjectCreated:Put");
    assert_eq!(records[0].bucket, "photos");
    let target = &server.seen()[0].target;
    for part in [
        "events=s3%3AObjectCreated%3A%2A",
        "events=s3%3AObjectRemoved%3A%2A",
        "prefix=2024%2F",
        "suffix=.jpg",
    ] {
        assert!(target.contains(part), "{target}");
    }
}

#[tokio::test]
async fn a_broken_line_and_a_refusal_are_errors_not_panics() {
    let server = FaultServer::start(vec![
        Action::Reply(Reply::new(200, "{\"Records\":[\n")),
        Action::Reply(Reply::new(200, "\n{\"Records\":[]}")),
        Action::Reply(Reply::s3_error(501, "NotImplemented")),
    ])
    .await
    .unwrap();
    let client = client(&server);
    let broken: Result<Vec<_>, _> = client
        .listen_bucket_notification("photos", ["s3:ObjectCreated:*"])
        .into_stream()
        .try_collect()
        .await;
    assert!(broken.is_err(), "{broken:?}");
    let cut: Result<Vec<_>, _> = client
        .listen_bucket_notification("photos", ["s3:ObjectCreated:*"])
        .into_stream()
        .try_collect()
        .await;
    assert!(cut.is_err(), "a stream ending mid-line: {cut:?}");
    let refused: Result<Vec<_>, _> = client
        .listen_bucket_notification("photos", ["s3:ObjectCreated:*"])
        .into_stream()
        .try_collect()
        .await;
    assert_eq!(refused.unwrap_err().code(), Some("NotImplemented"));
    let none: Result<Vec<_>, _> = client
        .listen_bucket_notification("photos", Vec::<String>::new())
        .into_stream()
        .try_collect()
        .await;
    assert!(none.unwrap_err().is_invalid_argument());
    assert_eq!(server.requests(), 3, "no request without an event type");
}
