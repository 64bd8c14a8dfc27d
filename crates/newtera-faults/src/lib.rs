//! Fault injection for newtera's reliability tests.
//!
//! This crate sits beside the client, never under it: the reliability test
//! binary (`tests/tests/reliability`) uses it to make the network and the
//! server misbehave on purpose, and `cargo xtask fuzz` runs its fuzzer.
//!
//! | item | what it does |
//! |---|---|
//! | [`FaultServer`] | a loopback HTTP/1.1 server that answers each request with the next scripted [`Action`]: a reply, a reset, a stall, a truncated body… and records what it saw |
//! | [`CorruptingProxy`] | a loopback TCP proxy that flips one byte of a response (or request) body in flight |
//! | [`fuzz`] | a mutation fuzzer over XML fixtures for `newtera_proto::fuzz_decode_all`, built for the stable toolchain (no sanitizers) |
//!
//! Every server here binds `127.0.0.1:0` only and stops when dropped.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use newtera_faults::{Action, FaultServer, Reply};
//! let server = FaultServer::start(vec![Action::Reply(Reply::new(503, "busy"))]).await.unwrap();
//! assert!(server.endpoint().starts_with("http://127.0.0.1:"));
//! assert_eq!(server.requests(), 0);
//! # }
//! ```

pub mod fuzz;
mod http1;
mod proxy;
mod server;

pub use http1::Seen;
pub use proxy::{CorruptingProxy, Direction};
pub use server::{Action, FaultServer, Reply};
