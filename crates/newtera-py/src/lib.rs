//! `newtera._newtera`: the Rust half of the `newtera` Python package.
//!
//! The Python half (`python/newtera/`) holds the public API (minio-py's names)
//! (`Newtera`, `newtera.error`, `PostPolicy`, the `http_client` mapping and
//! the datetime handling) and calls the classes here for every request.
//! Every call that waits on the network releases the GIL and runs on one
//! Tokio runtime shared by all clients, checking for Ctrl-C while it waits.

// Nothing a server sends may panic the interpreter: no unchecked indexing or
// slicing, no unwrap/expect, no panic!.
#![warn(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use pyo3::prelude::*;

mod body;
mod bucket_config;
mod client;
mod config;
mod errors;
mod governance;
mod list;
mod listen;
mod notify;
mod reader;
mod runtime;
mod sse;
mod uninit;

/// The module `newtera._newtera`.
#[pymodule]
fn _newtera(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<client::Client>()?;
    m.add_class::<body::Body>()?;
    m.add_class::<list::ListIter>()?;
    governance::register(m)?;
    bucket_config::register(m)?;
    notify::register(m)?;
    m.add_class::<listen::EventIter>()?;
    m.add_function(wrap_pyfunction!(listen::listen_bucket_notification, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
