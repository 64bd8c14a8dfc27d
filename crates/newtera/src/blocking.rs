//! A blocking facade: the same client for programs without an async
//! runtime, like `reqwest::blocking`.
//!
//! ```no_run
//! # fn run() -> newtera::Result<()> {
//! let client = newtera::blocking::Newtera::new("localhost:9000", "demo1", "888")?;
//! for bucket in client.list_buckets()? {
//!     println!("{}", bucket.name);
//! }
//! # Ok(()) }
//! ```

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::TryStreamExt;

use crate::error::{Error, Result};
use crate::types::{
    Bucket, DeleteError, IncompleteUpload, Object, ObjectStat, ObjectWriteResult, PresignedPost,
};
use crate::{NewteraBuilder, ObjectData, PostPolicy};

/// The blocking client: each method runs the async one to completion on a
/// runtime the client owns. Must not be called from inside an async task.
#[derive(Clone, Debug)]
pub struct Newtera {
    client: crate::Newtera,
    runtime: Arc<tokio::runtime::Runtime>,
}

impl Newtera {
    /// A client with static credentials (see [`crate::Newtera::new`]).
    pub fn new(endpoint: &str, access_key: &str, secret_key: &str) -> Result<Self> {
        Self::from_builder(crate::Newtera::builder(endpoint).credentials(access_key, secret_key))
    }

    /// A client from a configured builder.
    pub fn from_builder(builder: NewteraBuilder) -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("newtera-blocking")
            .enable_all()
            .build()?;
        // The built-in HTTP client needs the runtime while it is built.
        let client = {
            let _guard = runtime.enter();
            builder.build()?
        };
        Ok(Self {
            client,
            runtime: Arc::new(runtime),
        })
    }

    /// The async client underneath.
    pub fn async_client(&self) -> &crate::Newtera {
        &self.client
    }

    fn run<T>(&self, fut: impl Future<Output = Result<T>>) -> Result<T> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::invalid(
                "the blocking client cannot be used inside an async runtime",
            ));
        }
        self.runtime.block_on(fut)
    }

    /// Runs any builder of the async client to completion, with every
    /// option it has: a resumable upload with progress, a download with
    /// progress, a copy with progress.
    ///
    /// ```no_run
    /// # fn run(client: newtera::blocking::Newtera) -> newtera::Result<()> {
    /// let put = client.async_client().fput_object("photos", "big.bin", "big.bin");
    /// let done = client.send(
    ///     put.resumable(true)
    ///         .progress(|p| eprintln!("{} of {:?} bytes", p.done, p.total)),
    /// )?;
    /// println!("{}", done.etag);
    /// # Ok(()) }
    /// ```
    pub fn send<T, F>(&self, operation: F) -> Result<T>
    where
        F: std::future::IntoFuture<Output = Result<T>>,
    {
        self.run(operation.into_future())
    }

    /// See [`crate::Newtera::list_buckets`].
    pub fn list_buckets(&self) -> Result<Vec<Bucket>> {
        self.run(self.client.list_buckets())
    }

    /// See [`crate::Newtera::bucket_exists`].
    pub fn bucket_exists(&self, bucket: &str) -> Result<bool> {
        self.run(self.client.bucket_exists(bucket))
    }

    /// See [`crate::Newtera::make_bucket`].
    pub fn make_bucket(&self, bucket: &str) -> Result<()> {
        self.run(async { self.client.make_bucket(bucket).await })
    }

    /// See [`crate::Newtera::remove_bucket`].
    pub fn remove_bucket(&self, bucket: &str) -> Result<()> {
        self.run(self.client.remove_bucket(bucket))
    }

    /// Lists objects (see [`crate::Newtera::list_objects`]), all pages.
    pub fn list_objects(
        &self,
        bucket: &str,
        prefix: Option<&str>,
        recursive: bool,
    ) -> Result<Vec<Object>> {
        let mut list = self.client.list_objects(bucket).recursive(recursive);
        if let Some(p) = prefix {
            list = list.prefix(p);
        }
        self.run(list.into_stream().try_collect())
    }

    /// Downloads an object into memory (see [`crate::Newtera::get_object`]).
    pub fn get_object(&self, bucket: &str, object: &str) -> Result<Bytes> {
        self.run(async { self.client.get_object(bucket, object).await?.bytes().await })
    }

    /// See [`crate::Newtera::fget_object`]; for its options (progress, resuming)
    /// pass the builder to [`send`](Self::send).
    pub fn fget_object(
        &self,
        bucket: &str,
        object: &str,
        file_path: impl Into<PathBuf>,
    ) -> Result<ObjectStat> {
        self.run(async { self.client.fget_object(bucket, object, file_path).await })
    }

    /// Uploads from a synchronous reader of `length` bytes (`None` if unknown).
    pub fn put_object(
        &self,
        bucket: &str,
        object: &str,
        data: impl std::io::Read + Send + 'static,
        length: Option<u64>,
        content_type: Option<&str>,
    ) -> Result<ObjectWriteResult> {
        let (tx, rx) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(4);
        std::thread::spawn(move || pump(data, tx));
        let stream = tokio_stream_from(rx);
        let mut put =
            self.client
                .put_object(bucket, object, ObjectData::from_stream(stream, length));
        if let Some(ct) = content_type {
            put = put.content_type(ct);
        }
        self.run(async { put.await })
    }

    /// Uploads bytes in memory.
    pub fn put_bytes(
        &self,
        bucket: &str,
        object: &str,
        data: impl Into<Bytes>,
    ) -> Result<ObjectWriteResult> {
        self.run(async { self.client.put_object(bucket, object, data.into()).await })
    }

    /// See [`crate::Newtera::fput_object`]; for its options (progress, resuming)
    /// pass the builder to [`send`](Self::send).
    pub fn fput_object(
        &self,
        bucket: &str,
        object: &str,
        file_path: impl Into<PathBuf>,
    ) -> Result<ObjectWriteResult> {
        self.run(async { self.client.fput_object(bucket, object, file_path).await })
    }

    /// See [`crate::Newtera::stat_object`].
    pub fn stat_object(&self, bucket: &str, object: &str) -> Result<ObjectStat> {
        self.run(async { self.client.stat_object(bucket, object).await })
    }

    /// See [`crate::Newtera::remove_object`].
    pub fn remove_object(&self, bucket: &str, object: &str) -> Result<()> {
        self.run(self.client.remove_object(bucket, object))
    }

    /// Removes many objects; returns the keys that failed.
    pub fn remove_objects(&self, bucket: &str, objects: Vec<String>) -> Result<Vec<DeleteError>> {
        self.run(self.client.remove_objects(bucket, objects).try_collect())
    }

    /// See [`crate::Newtera::remove_incomplete_upload`].
    pub fn remove_incomplete_upload(&self, bucket: &str, object: &str) -> Result<()> {
        self.run(self.client.remove_incomplete_upload(bucket, object))
    }

    /// See [`crate::Newtera::list_incomplete_uploads`].
    pub fn list_incomplete_uploads(&self, bucket: &str) -> Result<Vec<IncompleteUpload>> {
        self.run(
            self.client
                .list_incomplete_uploads(bucket)
                .into_stream()
                .try_collect(),
        )
    }

    /// See [`crate::Newtera::presigned_get_object`].
    pub fn presigned_get_object(
        &self,
        bucket: &str,
        object: &str,
        expires: Duration,
    ) -> Result<String> {
        self.run(async {
            self.client
                .presigned_get_object(bucket, object)
                .expires(expires)
                .await
        })
    }

    /// See [`crate::Newtera::presigned_put_object`].
    pub fn presigned_put_object(
        &self,
        bucket: &str,
        object: &str,
        expires: Duration,
    ) -> Result<String> {
        self.run(async {
            self.client
                .presigned_put_object(bucket, object)
                .expires(expires)
                .await
        })
    }

    /// See [`crate::Newtera::presigned_post_policy`].
    pub fn presigned_post_policy(&self, policy: PostPolicy) -> Result<PresignedPost> {
        self.run(self.client.presigned_post_policy(policy))
    }

    /// See [`crate::Newtera::copy_object`].
    pub fn copy_object(
        &self,
        bucket: &str,
        object: &str,
        src_bucket: &str,
        src_object: &str,
    ) -> Result<ObjectWriteResult> {
        self.run(async {
            self.client
                .copy_object(bucket, object, src_bucket, src_object)
                .await
        })
    }
}

/// Reads a synchronous reader into a channel, 256 KiB at a time.
fn pump(mut data: impl std::io::Read, tx: tokio::sync::mpsc::Sender<std::io::Result<Bytes>>) {
    loop {
        let mut buf = vec![0u8; 256 << 10];
        match data.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => {
                buf.truncate(n);
                if tx.blocking_send(Ok(Bytes::from(buf))).is_err() {
                    return;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                let _ = tx.blocking_send(Err(e));
                return;
            }
        }
    }
}

fn tokio_stream_from(
    mut rx: tokio::sync::mpsc::Receiver<std::io::Result<Bytes>>,
) -> impl futures_core::Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}
