//! Transient server answers are retried with backoff up to the configured
//! limit, then reported as a clear error carrying the server's code.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use newtera_faults::{Action, FaultServer, Reply, Seen};

use crate::case;
use crate::harness::{Case, Outcome};
use crate::report::Row;
use crate::support::{ATTEMPTS, describe, error_in_200, fault_client, no_buckets, put_ok};

pub(crate) fn cases() -> Vec<Case> {
    vec![
        case!(
            "retry::transient_status_then_success",
            transient_then_success
        ),
        case!("retry::transient_status_exhausted", transient_exhausted),
        case!(
            "retry::complete_multipart_error_in_200",
            complete_error_in_200
        ),
        case!("retry::copy_object_error_in_200", copy_error_in_200),
        case!("retry::client_errors_are_not_retried", not_retried),
    ]
}

/// The transient answers the issue names, with the status S3 sends them.
const TRANSIENT: &[(u16, &str)] = &[
    (503, "SlowDown"),
    (500, "InternalError"),
    (400, "RequestTimeout"),
    (503, "ServiceUnavailable"),
];

async fn transient_then_success() -> Outcome {
    let mut rows = Vec::new();
    for &(status, code) in TRANSIENT {
        let fault = Action::Reply(Reply::s3_error(status, code));
        let script = vec![fault.clone(), fault, Action::Reply(put_ok())];
        let server = FaultServer::start(script).await.expect("server");
        let client = fault_client(server.endpoint());
        let put = client.put_object("bkt", "k", "payload").await;
        assert!(put.is_ok(), "{code}: {put:?}");
        assert_eq!(server.requests(), 3, "{code}: two faults, one success");
        let bodies: Vec<_> = server.seen().into_iter().map(|s| s.body).collect();
        assert!(
            bodies.iter().all(|b| b == b"payload"),
            "{code}: replayed body"
        );
        rows.push(Row::new(
            "Retries",
            format!("PutObject: {status} {code} twice, then 200"),
            2,
            "retried with backoff; succeeded on attempt 3; body replayed intact",
        ));
    }
    Outcome::Rows(rows)
}

async fn transient_exhausted() -> Outcome {
    let mut rows = Vec::new();
    for &(status, code) in TRANSIENT {
        let script = vec![Action::Reply(Reply::s3_error(status, code)); 10];
        let server = FaultServer::start(script).await.expect("server");
        let client = fault_client(server.endpoint());
        let err = client.list_buckets().await.expect_err(code);
        assert_eq!(server.requests(), ATTEMPTS as usize, "{code}");
        assert_eq!(err.code(), Some(code), "{err}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert!(err.to_string().contains(code), "{err}");
        rows.push(Row::new(
            "Retries",
            format!("ListBuckets: {status} {code} on every attempt"),
            u64::from(ATTEMPTS),
            format!("gave up after {ATTEMPTS} attempts: {}", describe(&err)),
        ));
    }
    Outcome::Rows(rows)
}

/// A multipart server whose CompleteMultipartUpload answers 200 with an
/// `<Error>` the first `bad` times.
fn multipart_server(bad: usize) -> impl Fn(&Seen, usize) -> Action + Send + Sync {
    let completes = Arc::new(AtomicUsize::new(0));
    move |req: &Seen, _| {
        let q = req.query();
        if req.method == "POST" && q.contains("uploads") {
            return Action::Reply(Reply::new(
                200,
                "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>big</Key><UploadId>up-1</UploadId></InitiateMultipartUploadResult>",
            ));
        }
        if req.method == "PUT" && q.contains("partNumber") {
            return Action::Reply(put_ok());
        }
        if req.method == "POST" && q.contains("uploadId") {
            if completes.fetch_add(1, Ordering::SeqCst) < bad {
                return Action::Reply(error_in_200("InternalError"));
            }
            return Action::Reply(Reply::new(
                200,
                "<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>big</Key><ETag>\"abc-2\"</ETag></CompleteMultipartUploadResult>",
            ));
        }
        if req.method == "DELETE" && q.contains("uploadId") {
            return Action::Reply(Reply::new(204, ""));
        }
        Action::Reply(Reply::s3_error(400, "Unexpected"))
    }
}

fn count(seen: &[Seen], method: &str, query: &str) -> usize {
    seen.iter()
        .filter(|s| s.method == method && s.query().contains(query))
        .count()
}

async fn complete_error_in_200() -> Outcome {
    let data = crate::support::data(11 << 20, 3);
    // Twice an error-in-200, then success.
    let server = FaultServer::with_handler(multipart_server(2))
        .await
        .expect("server");
    let client = fault_client(server.endpoint());
    let put = client.put_object("bkt", "big", data.clone()).await;
    assert!(put.is_ok(), "{put:?}");
    let seen = server.seen();
    assert_eq!(count(&seen, "POST", "uploadId"), 3, "complete retried");
    assert_eq!(count(&seen, "DELETE", "uploadId"), 0, "no abort on success");

    // Always an error-in-200: a clear error, and the upload is aborted.
    let server = FaultServer::with_handler(multipart_server(usize::MAX))
        .await
        .expect("server");
    let client = fault_client(server.endpoint());
    let err = client
        .put_object("bkt", "big", data)
        .await
        .expect_err("error");
    let seen = server.seen();
    assert_eq!(err.code(), Some("InternalError"), "{err}");
    assert_eq!(count(&seen, "POST", "uploadId"), ATTEMPTS as usize);
    assert_eq!(count(&seen, "DELETE", "uploadId"), 1, "aborted: no orphan");
    Outcome::Rows(vec![
        Row::new(
            "Retries",
            "CompleteMultipartUpload: 200 with <Error>InternalError twice, then success",
            2,
            "retried; upload completed; no abort sent",
        ),
        Row::new(
            "Retries",
            "CompleteMultipartUpload: 200 with <Error>InternalError on every attempt",
            u64::from(ATTEMPTS),
            format!(
                "{} after {ATTEMPTS} attempts; AbortMultipartUpload sent (no orphaned upload)",
                describe(&err)
            ),
        ),
    ])
}

fn copy_server(bad: usize) -> impl Fn(&Seen, usize) -> Action + Send + Sync {
    let copies = Arc::new(AtomicUsize::new(0));
    move |req: &Seen, _| {
        if req.method == "HEAD" {
            return Action::Reply(crate::support::head_ok(
                10,
                "0123456789abcdef0123456789abcdef",
            ));
        }
        if req.method == "PUT" && req.header("x-amz-copy-source").is_some() {
            if copies.fetch_add(1, Ordering::SeqCst) < bad {
                return Action::Reply(error_in_200("InternalError"));
            }
            return Action::Reply(Reply::new(
                200,
                "<CopyObjectResult><LastModified>2026-11-01T00:00:00.000Z</LastModified><ETag>\"fedcba9876543210fedcba9876543210\"</ETag></CopyObjectResult>",
            ));
        }
        Action::Reply(Reply::s3_error(400, "Unexpected"))
    }
}

async fn copy_error_in_200() -> Outcome {
    let server = FaultServer::with_handler(copy_server(2))
        .await
        .expect("server");
    let client = fault_client(server.endpoint());
    let copied = client
        .copy_object("bkt", "dst", newtera::CopySource::new("bkt", "src"))
        .await;
    let copied = copied.expect("copy succeeds after retries");
    assert_eq!(copied.etag, "fedcba9876543210fedcba9876543210");
    assert_eq!(count(&server.seen(), "PUT", ""), 3);

    let server = FaultServer::with_handler(copy_server(usize::MAX))
        .await
        .expect("server");
    let client = fault_client(server.endpoint());
    let err = client
        .copy_object("bkt", "dst", newtera::CopySource::new("bkt", "src"))
        .await
        .expect_err("error");
    assert_eq!(err.code(), Some("InternalError"), "{err}");
    assert_eq!(count(&server.seen(), "PUT", ""), ATTEMPTS as usize);
    Outcome::Rows(vec![
        Row::new(
            "Retries",
            "CopyObject: 200 with <Error>InternalError twice, then success",
            2,
            "retried; copy succeeded with the final ETag",
        ),
        Row::new(
            "Retries",
            "CopyObject: 200 with <Error>InternalError on every attempt",
            u64::from(ATTEMPTS),
            format!("{} after {ATTEMPTS} attempts", describe(&err)),
        ),
    ])
}

/// Permanent errors must not be retried: one request each.
async fn not_retried() -> Outcome {
    let mut rows = Vec::new();
    for (status, code) in [
        (403, "AccessDenied"),
        (404, "NoSuchBucket"),
        (400, "InvalidArgument"),
    ] {
        let script = vec![
            Action::Reply(Reply::s3_error(status, code)),
            Action::Reply(no_buckets()),
        ];
        let server = FaultServer::start(script).await.expect("server");
        let client = fault_client(server.endpoint());
        let err = client.list_buckets().await.expect_err(code);
        assert_eq!(server.requests(), 1, "{code} must not be retried");
        assert_eq!(err.code(), Some(code));
        rows.push(Row::new(
            "Retries",
            format!("ListBuckets: {status} {code} (permanent)"),
            1,
            format!("not retried: {}", describe(&err)),
        ));
    }
    Outcome::Rows(rows)
}
