//! The conformance suite: every operation of the client against a real
//! server — the embedded s3s-fs server under `cargo test`, the Garage
//! cluster under `cargo xtask test` (see `newtera_testkit::TestTarget`).
//!
//! Where a server lacks a feature, the test prints
//! `UNSUPPORTED by <server>: <feature>` and asserts the server's actual
//! answer, so a change either way is noticed; `docs/COMPATIBILITY.md`
//! records the results.

mod blocking;
mod bucket_config;
mod buckets;
mod conditions;
mod copy;
mod errors;
mod fget;
mod listing;
mod lock;
mod low_level_multipart;
mod multipart;
mod objects;
mod presign;
mod remove;
mod resume;
mod review_19;
mod sse;
mod sts;
mod sts_web;
mod support;
mod tags;
mod versions;
mod write_options;
