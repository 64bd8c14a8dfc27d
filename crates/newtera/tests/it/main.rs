//! Integration tests of the client: minio-py's examples against the
//! embedded server, the blocking facade, `Send + Sync` guarantees, and exact
//! wire behaviour against a scripted loopback server.

mod accepted;
mod answers;
mod blocking;
mod classify;
mod cleanup;
mod defaults;
mod docs_words;
mod errors;
mod examples;
mod idempotency;
mod notify;
mod pagination;
mod refused;
mod scripted;
mod send_sync;
mod wire;
