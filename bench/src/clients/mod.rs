//! One adapter per client under test, behind one object-safe trait so every
//! workload drives every client the same way.

mod aws;
mod minio_rs;
mod newtera;
pub(crate) use newtera::REPORTS as PROGRESS_REPORTS;
mod objstore;
mod raw;
mod rust_s3;

use std::future::Future;
use std::path::Path;
use std::pin::Pin;

use bytes::Bytes;

/// Errors of any client, as text: the harness only reports them.
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;
/// What every adapter call returns.
pub(crate) type Res<T> = Result<T, BoxError>;
/// A boxed, sendable future borrowing the adapter.
pub(crate) type Fut<'a, T> = Pin<Box<dyn Future<Output = Res<T>> + Send + 'a>>;

/// Where and as whom a client connects.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub(crate) endpoint: String,
    pub(crate) bucket: String,
    pub(crate) access_key: String,
    pub(crate) secret_key: String,
    pub(crate) region: String,
}

/// Large transfers split into parts of this size, this many at once, for
/// the adapters that have to do it by hand (the same as newtera's defaults).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Split {
    pub(crate) part_size: u64,
    pub(crate) parallelism: usize,
}

/// The operations the workloads need. An adapter that lacks one returns
/// an error saying so, reported as "n/a".
pub(crate) trait S3Client: Send + Sync {
    fn put(&self, key: &str, data: Bytes) -> Fut<'_, ()>;
    fn put_file(&self, key: &str, path: &Path, len: u64) -> Fut<'_, ()>;
    /// Downloads into memory; returns the byte count.
    fn get(&self, key: &str) -> Fut<'_, u64>;
    fn get_file(&self, key: &str, path: &Path) -> Fut<'_, u64>;
    /// Returns the object's size.
    fn head(&self, key: &str) -> Fut<'_, u64>;
    /// Lists recursively; returns the key count.
    fn list(&self, prefix: &str) -> Fut<'_, u64>;
    /// Deletes keys using the client's batch API where it has one.
    fn delete_many(&self, keys: Vec<String>) -> Fut<'_, ()>;
    fn presign(&self, key: &str) -> Fut<'_, String>;
    /// `put_file` with a progress callback counting every report.
    fn put_file_progress(&self, _key: &str, _path: &Path, _len: u64) -> Fut<'_, ()> {
        Box::pin(async { unsupported("progress reporting") })
    }
    /// `get_file` with a progress callback; returns the byte count.
    fn get_file_progress(&self, _key: &str, _path: &Path) -> Fut<'_, u64> {
        Box::pin(async { unsupported("progress reporting") })
    }
    /// Uploads the file through a network that breaks half way (untimed),
    /// then resumes it; returns the bytes sent again and the resume's time.
    fn resume_file(
        &self,
        _key: &str,
        _path: &Path,
        _len: u64,
    ) -> Fut<'_, (u64, std::time::Duration)> {
        Box::pin(async { unsupported("resumable uploads") })
    }
}

/// Every Rust client, by the name used on the command line.
pub(crate) const RUST_CLIENTS: &[&str] = &[
    "newtera",
    "aws-sdk-s3",
    "object_store",
    "rust-s3",
    "minio-rs",
    "hyper-raw",
];

/// Builds the named client.
pub(crate) fn make(name: &str, target: &Target, split: Split) -> Res<Box<dyn S3Client>> {
    Ok(match name {
        "newtera" => Box::new(newtera::Client::new(target, split)?),
        "aws-sdk-s3" => Box::new(aws::Client::new(target, split)),
        "object_store" => Box::new(objstore::Client::new(target, split)?),
        "rust-s3" => Box::new(rust_s3::Client::new(target)?),
        "minio-rs" => Box::new(minio_rs::Client::new(target)?),
        "hyper-raw" => Box::new(raw::Client::new(target, split)),
        other => return Err(format!("unknown client {other}").into()),
    })
}

/// The error an adapter returns for an operation its client lacks.
pub(crate) fn unsupported<T>(what: &str) -> Res<T> {
    Err(format!("n/a: {what}").into())
}

/// The byte ranges of a parallel transfer: (offset, length).
pub(crate) fn ranges(len: u64, part: u64) -> Vec<(u64, u64)> {
    (0..len.div_ceil(part).max(1))
        .map(|i| (i * part, part.min(len - i * part)))
        .collect()
}
