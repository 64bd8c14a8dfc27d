//! Shared set-up: the real server, clients for it and for fault servers,
//! canned S3 answers, and a stable description of errors for the table.

use std::sync::OnceLock;
use std::time::Duration;

use newtera::transport::retry::RetryConfig;
use newtera::{Error, Newtera, NewteraBuilder};
use newtera_faults::Reply;
use newtera_testkit::{ServerKind, TestTarget};

/// The secret key of fault-server clients; the secrets case looks for it.
pub(crate) const FAULT_SECRET: &str = "fault-secret-key-MUST-NOT-LEAK-0123456789";
/// Attempts the fault-server clients make per request.
pub(crate) const ATTEMPTS: u32 = 3;

/// The real server: Garage under `cargo xtask test`, else embedded s3s-fs.
pub(crate) fn target() -> &'static TestTarget {
    static TARGET: OnceLock<TestTarget> = OnceLock::new();
    TARGET.get_or_init(|| TestTarget::from_env().expect("a test server"))
}

/// The real server's name, for the table's heading.
pub(crate) fn server_name() -> &'static str {
    target().kind.name()
}

/// Whether the real server is the Garage cluster.
pub(crate) fn is_garage() -> bool {
    target().kind == ServerKind::Garage
}

/// A client for the real server.
pub(crate) fn real_client() -> Newtera {
    real_builder().build().expect("client")
}

/// A builder for the real server.
pub(crate) fn real_builder() -> NewteraBuilder {
    let t = target();
    Newtera::builder(&t.endpoint)
        .credentials(&t.access_key, &t.secret_key)
        .region(&t.region)
}

/// A fresh bucket on the real server.
pub(crate) async fn real_bucket(client: &Newtera, name: &str) -> String {
    let bucket = target().unique_bucket(name);
    client.make_bucket(&bucket).await.expect("make_bucket");
    bucket
}

/// Retries that are fast enough for tests: 3 attempts, 10–50 ms backoff,
/// no budget (a budget would make counts depend on earlier cases).
pub(crate) fn fast_retry() -> RetryConfig {
    RetryConfig::default()
        .max_attempts(ATTEMPTS)
        .base_delay(Duration::from_millis(10))
        .max_delay(Duration::from_millis(50))
        .no_budget()
}

/// A builder for a fault server at `endpoint`.
pub(crate) fn fault_builder(endpoint: &str) -> NewteraBuilder {
    Newtera::builder(endpoint)
        .credentials("AKIDFAULTEXAMPLE", FAULT_SECRET)
        .region("us-east-1")
        .retry(fast_retry())
}

/// A client for a fault server at `endpoint`.
pub(crate) fn fault_client(endpoint: &str) -> Newtera {
    fault_builder(endpoint).build().expect("client")
}

/// Deterministic test data.
pub(crate) fn data(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed) ^ (i >> 11) as u8)
        .collect()
}

/// The error's phase and S3 code, without ports or ids, for the table.
pub(crate) fn describe(e: &Error) -> String {
    match e {
        Error::InvalidArgument(_) => "Error::InvalidArgument".into(),
        Error::Response(r) => format!("Error::Response {} (HTTP {})", r.code, r.status.as_u16()),
        Error::Credentials(_) => "Error::Credentials".into(),
        Error::Transport(_) => "Error::Transport".into(),
        Error::Timeout(_) => "Error::Timeout".into(),
        Error::Io(_) => "Error::Io".into(),
        Error::MalformedResponse(_) => "Error::MalformedResponse".into(),
        Error::Integrity(_) => "Error::Integrity".into(),
        other => format!("other error: {other}"),
    }
}

/// An empty `ListAllMyBucketsResult`.
pub(crate) fn no_buckets() -> Reply {
    Reply::new(
        200,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListAllMyBucketsResult><Owner><ID>o</ID></Owner><Buckets></Buckets></ListAllMyBucketsResult>",
    )
    .header("content-type", "application/xml")
}

/// A successful PutObject/UploadPart answer.
pub(crate) fn put_ok() -> Reply {
    Reply::new(200, "").header("etag", "\"0123456789abcdef0123456789abcdef\"")
}

/// A 200 whose body is an S3 `<Error>` (CompleteMultipartUpload and
/// CopyObject may answer so).
pub(crate) fn error_in_200(code: &str) -> Reply {
    let mut r = Reply::s3_error(200, code);
    r.status = 200;
    r
}

/// A HEAD answer for an object of `size` bytes with `etag`.
pub(crate) fn head_ok(size: u64, etag: &str) -> Reply {
    Reply::new(200, "")
        .content_length(size.to_string())
        .header("etag", format!("\"{etag}\""))
        .header("last-modified", "Sun, 01 Nov 2026 00:00:00 GMT")
        .header("content-type", "application/octet-stream")
}
