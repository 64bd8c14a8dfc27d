//! Integration tests of `newtera-sign`: published vectors stage by stage,
//! error cases, secrecy, properties and the `http` adapter.

mod c_auth_suite;
#[cfg(feature = "checksums")]
mod checksums;
mod chunked;
mod errors;
#[cfg(feature = "http")]
mod http_adapter;
mod interop;
mod names;
mod post_policy;
mod presign;
mod props;
mod s3_examples;
mod secrets;
mod server;
mod suite;
mod support;
