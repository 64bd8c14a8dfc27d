//! Test support for newtera: the servers that tests, examples and the demo
//! run against.
//!
//! [`EmbeddedServer`] starts the s3s-fs S3 server in-process on
//! `127.0.0.1:0`, with SigV4 authentication on, over a temporary directory.
//! It runs on its own thread and runtime, so it can be used from synchronous
//! code and from any async runtime alike, and it stops when dropped.
//!
//! [`TestTarget`] chooses the server a test talks to: the Garage cluster (or
//! any S3 server) named by `NEWTERA_TEST_*` environment variables, or else a
//! fresh embedded server.
//!
//! ```
//! let server = newtera_testkit::EmbeddedServer::start().unwrap();
//! assert!(server.endpoint().starts_with("http://127.0.0.1:"));
//! ```

mod embedded;
mod target;

pub use embedded::{ACCESS_KEY, EmbeddedServer, SECRET_KEY};
pub use target::{ServerKind, TestTarget};
