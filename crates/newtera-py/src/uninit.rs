//! A Python `bytes` filled by Rust without zeroing it first.
//!
//! `PyBytes::new_with` zero-fills its buffer on the calling thread before
//! the fill starts: for a 1 GiB download that is 1 GiB of page faults and
//! `memset` (0.5-0.8 s here) in series with the network. Here the pages are
//! first touched by the copy from the socket, spread over the download.

// The one place this package writes into memory Python owns: the object is
// created uninitialised by CPython's documented `PyBytes_FromStringAndSize(
// NULL, n)` and handed to Python only after `fill` wrote every byte.
#![allow(unsafe_code)]

use std::mem::MaybeUninit;

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// A new `bytes` of `len` bytes, each written by `fill`. `fill` must write
/// every byte of the slice it gets when it returns `Ok`; on `Err` the
/// object is released without ever reaching Python.
pub(crate) fn bytes_filled_by<'py>(
    py: Python<'py>,
    len: usize,
    fill: impl FnOnce(&mut [MaybeUninit<u8>]) -> PyResult<()>,
) -> PyResult<Bound<'py, PyBytes>> {
    let size = ffi::Py_ssize_t::try_from(len)
        .map_err(|_| pyo3::exceptions::PyOverflowError::new_err("object larger than memory"))?;
    // SAFETY: a NULL source asks CPython for an uninitialised object of
    // `size` bytes; a NULL result is turned into the raised MemoryError.
    let object = unsafe {
        Bound::from_owned_ptr_or_err(py, ffi::PyBytes_FromStringAndSize(std::ptr::null(), size))?
    };
    // SAFETY: `object` is a `bytes` of `len` bytes that no one else has
    // seen; its buffer stays valid while `object` lives, which outlives the
    // slice. `MaybeUninit` makes no claim about the contents.
    let buffer = unsafe {
        let start = ffi::PyBytes_AsString(object.as_ptr()).cast::<MaybeUninit<u8>>();
        std::slice::from_raw_parts_mut(start, len)
    };
    fill(buffer)?;
    Ok(object.downcast_into::<PyBytes>()?)
}

/// Writes into an uninitialised slice front to back and tells when it is
/// full.
pub(crate) struct Cursor<'a> {
    slice: &'a mut [MaybeUninit<u8>],
    at: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(slice: &'a mut [MaybeUninit<u8>]) -> Self {
        Self { slice, at: 0 }
    }

    /// Bytes still to write.
    pub(crate) fn room(&self) -> usize {
        self.slice.len() - self.at
    }

    /// Bytes written so far.
    pub(crate) fn written(&self) -> usize {
        self.at
    }

    /// Appends as much of `data` as fits; returns how much that was.
    pub(crate) fn write(&mut self, data: &[u8]) -> usize {
        let n = data.len().min(self.room());
        if let (Some(dest), Some(src)) = (self.slice.get_mut(self.at..self.at + n), data.get(..n)) {
            dest.write_copy_of_slice(src);
            self.at += n;
            n
        } else {
            0
        }
    }

    /// Whether every byte is written.
    pub(crate) fn is_full(&self) -> bool {
        self.room() == 0
    }
}
