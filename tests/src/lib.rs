//! Cross-server conformance tests for newtera.
//!
//! The tests live in `tests/conformance/`; they are written once and run
//! against whatever [`newtera_testkit::TestTarget::from_env`] selects: the
//! embedded s3s-fs server under plain `cargo test`, the Garage cluster under
//! `cargo xtask test`.
