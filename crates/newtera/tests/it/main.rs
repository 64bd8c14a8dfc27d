//! Integration tests of the client: minio-py's examples against the
//! embedded server, the blocking facade, `Send + Sync` guarantees, and exact
//! wire behaviour against a scripted loopback server.

mod accepted;
mod answers;
mod blocking;
mod blocking_faults;
mod blocking_mirror;
mod builder_options;
mod classify;
mod cleanup;
mod conditions_wire;
mod defaults;
mod docs_words;
mod errors;
mod examples;
mod idempotency;
mod memory;
mod notify;
mod pagination;
mod refused;
mod refused_config;
mod resume;
mod review_19;
mod review_27;
mod scripted;
mod send_sync;
mod sse_wire;
mod versions;
mod wire;

/// A client for a fault server with fast retries (3 attempts, 5–20 ms
/// backoff, no budget), for the tests that count attempts.
pub(crate) fn fast_retry_client(endpoint: &str) -> newtera::Newtera {
    let retry = newtera::transport::retry::RetryConfig::default()
        .max_attempts(3)
        .base_delay(std::time::Duration::from_millis(5))
        .max_delay(std::time::Duration::from_millis(20))
        .no_budget();
    newtera::Newtera::builder(endpoint)
        .credentials("AKIDEXAMPLE", "secret")
        .region("us-east-1")
        .retry(retry)
        .build()
        .expect("client")
}
