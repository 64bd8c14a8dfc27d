//! Compile-time guards of the public API, run as doctests only
//! (`cargo test --doc -p newtera-transport`). Each block below must NOT
//! compile; each compiled before the change it guards.
//!
//! `FileSource` was an implementation detail of file bodies exported by
//! mistake; file bodies are made with `Body::from_file` and
//! `Body::from_path`:
//!
//! ```compile_fail,E0432
//! use newtera_transport::FileSource;
//! ```
//!
//! What compiles instead:
//!
//! ```
//! let body = newtera_transport::Body::from_path("/dev/null", 0, 0);
//! # let _ = body;
//! ```
