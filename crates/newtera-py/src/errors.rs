//! newtera's errors as the exceptions of `newtera.error`.
//!
//! The exception classes live in Python (`python/newtera/error.py`); this
//! file only says which class and which fields. The text is the Rust error's
//! own, which never holds a secret or a presigned signature.

use std::error::Error as _;

use newtera::Error;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The exception for `err`, an instance of a `newtera.error` class.
pub(crate) fn to_py(py: Python<'_>, err: &Error) -> PyErr {
    match build(py, err) {
        Ok(e) => e,
        // Only when `newtera.error` itself is broken.
        Err(e) => PyRuntimeError::new_err(format!("{err} (and newtera.error failed: {e})")),
    }
}

fn build(py: Python<'_>, err: &Error) -> PyResult<PyErr> {
    let fields = PyDict::new(py);
    let kind = match err {
        Error::InvalidArgument(_) => "invalid_argument",
        Error::Response(r) => {
            fields.set_item("status", r.status.as_u16())?;
            fields.set_item("code", r.code.as_str())?;
            fields.set_item("message", &r.message)?;
            fields.set_item("bucket_name", &r.bucket_name)?;
            fields.set_item("object_name", &r.object_name)?;
            fields.set_item("resource", &r.resource)?;
            fields.set_item("request_id", &r.request_id)?;
            fields.set_item("host_id", &r.host_id)?;
            fields.set_item("region", &r.region)?;
            "response"
        }
        Error::Credentials(_) => "credentials",
        Error::Transport(_) => "transport",
        Error::Timeout(_) => "timeout",
        Error::Io(io) => {
            fields.set_item("errno", io.raw_os_error())?;
            "io"
        }
        Error::MalformedResponse(_) => "malformed",
        Error::Integrity(_) => "integrity",
        _ => "other",
    };
    let make = py.import("newtera.error")?.getattr("_from_rust")?;
    let exc = make.call1((kind, full_text(err), fields))?;
    Ok(PyErr::from_value(exc))
}

/// The error and its sources, `a: b: c`, without repeating a source the
/// text already shows.
fn full_text(err: &Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        let part = s.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = s.source();
    }
    text
}

/// `newtera.error.InvalidArgumentError(message)`, for arguments the Python
/// layer checks itself.
pub(crate) fn invalid(py: Python<'_>, message: &str) -> PyErr {
    let made = py
        .import("newtera.error")
        .and_then(|m| m.getattr("InvalidArgumentError"))
        .and_then(|cls| cls.call1((message,)));
    match made {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => e,
    }
}
