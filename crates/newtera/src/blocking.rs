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

use std::future::{Future, IntoFuture};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::TryStreamExt;

use crate::error::{Error, Result};
use crate::types::{
    Bucket, DeleteError, IncompleteUpload, Object, ObjectRetention, ObjectStat, ObjectVersion,
    ObjectWriteResult, PresignedPost, RemovedObject,
};
use crate::{
    CompletedPart, ComposeSource, DeleteObjectRef, NewteraBuilder, ObjectAttributes, ObjectData,
    ObjectLockConfiguration, ObjectRequest, Part, PostPolicy, Tags, VersioningConfiguration,
};

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

    /// Runs any operation builder of the async client to completion: the
    /// way to use per-request options (encryption, conditions, storage
    /// class, tags, extra headers…) from blocking code.
    ///
    /// ```no_run
    /// # fn run(client: newtera::blocking::Newtera) -> newtera::Result<()> {
    /// let key = newtera::Sse::customer([7; 32]);
    /// let put = client.async_client().put_object("b", "k", "secret").sse(key.clone());
    /// client.wait(put)?;
    /// let data = client.wait(client.async_client().get_object_bytes("b", "k").sse(key))?;
    /// # Ok(()) }
    /// ```
    pub fn wait<T>(&self, op: impl std::future::IntoFuture<Output = Result<T>>) -> Result<T> {
        self.run(op.into_future())
    }

    /// See [`crate::Newtera::get_object_bytes`].
    pub fn get_object_bytes(&self, bucket: &str, object: &str) -> Result<Bytes> {
        self.wait(self.client.get_object_bytes(bucket, object))
    }

    /// See [`crate::Newtera::presigned_url`].
    pub fn presigned_url(
        &self,
        method: http::Method,
        bucket: &str,
        object: &str,
        expires: Duration,
    ) -> Result<String> {
        self.wait(
            self.client
                .presigned_url(method, bucket, object)
                .expires(expires),
        )
    }

    /// See [`crate::Newtera::create_multipart_upload`]; returns the upload id.
    pub fn create_multipart_upload(&self, bucket: &str, object: &str) -> Result<String> {
        self.wait(self.client.create_multipart_upload(bucket, object))
    }

    /// See [`crate::Newtera::upload_part`].
    pub fn upload_part(
        &self,
        bucket: &str,
        object: &str,
        upload_id: &str,
        part_number: u32,
        data: impl Into<Bytes>,
    ) -> Result<CompletedPart> {
        self.wait(
            self.client
                .upload_part(bucket, object, upload_id, part_number, data),
        )
    }

    /// See [`crate::Newtera::upload_part_copy`].
    pub fn upload_part_copy(
        &self,
        bucket: &str,
        object: &str,
        upload_id: &str,
        part_number: u32,
        source: crate::CopySource,
    ) -> Result<CompletedPart> {
        self.wait(
            self.client
                .upload_part_copy(bucket, object, upload_id, part_number, source),
        )
    }

    /// See [`crate::Newtera::complete_multipart_upload`].
    pub fn complete_multipart_upload(
        &self,
        bucket: &str,
        object: &str,
        upload_id: &str,
        parts: Vec<CompletedPart>,
    ) -> Result<ObjectWriteResult> {
        self.wait(
            self.client
                .complete_multipart_upload(bucket, object, upload_id, parts),
        )
    }

    /// See [`crate::Newtera::abort_multipart_upload`].
    pub fn abort_multipart_upload(
        &self,
        bucket: &str,
        object: &str,
        upload_id: &str,
    ) -> Result<()> {
        self.wait(
            self.client
                .abort_multipart_upload(bucket, object, upload_id),
        )
    }

    /// See [`crate::Newtera::list_parts`]; all pages.
    pub fn list_parts(&self, bucket: &str, object: &str, upload_id: &str) -> Result<Vec<Part>> {
        self.run(
            self.client
                .list_parts(bucket, object, upload_id)
                .into_stream()
                .try_collect(),
        )
    }

    /// See [`crate::Newtera::compose_object`].
    pub fn compose_object(
        &self,
        bucket: &str,
        object: &str,
        sources: Vec<ComposeSource>,
    ) -> Result<ObjectWriteResult> {
        self.wait(self.client.compose_object(bucket, object, sources))
    }

    /// See [`crate::Newtera::get_object_attributes`].
    pub fn get_object_attributes(&self, bucket: &str, object: &str) -> Result<ObjectAttributes> {
        self.wait(self.client.get_object_attributes(bucket, object))
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
    /// pass the builder to [`wait`](Self::wait).
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
    /// pass the builder to [`wait`](Self::wait).
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
    pub fn remove_object(&self, bucket: &str, object: &str) -> Result<RemovedObject> {
        self.run(self.client.remove_object(bucket, object).into_future())
    }

    /// Removes one version (see [`crate::RemoveObject::version_id`] and
    /// [`crate::RemoveObject::bypass_governance_retention`]).
    pub fn remove_object_version(
        &self,
        bucket: &str,
        object: &str,
        version_id: &str,
        bypass_governance: bool,
    ) -> Result<RemovedObject> {
        let remove = self
            .client
            .remove_object(bucket, object)
            .version_id(version_id)
            .bypass_governance_retention(bypass_governance);
        self.run(remove.into_future())
    }

    /// Removes many objects or versions, optionally under a GOVERNANCE
    /// retention too; returns the ones that failed.
    pub fn remove_object_versions(
        &self,
        bucket: &str,
        objects: Vec<DeleteObjectRef>,
        bypass_governance: bool,
    ) -> Result<Vec<DeleteError>> {
        let remove = self
            .client
            .remove_objects(bucket, objects)
            .bypass_governance_retention(bypass_governance);
        self.run(remove.try_collect())
    }

    /// See [`crate::Newtera::remove_bucket_force`].
    pub fn remove_bucket_force(&self, bucket: &str, bypass_governance: bool) -> Result<u64> {
        let remove = self
            .client
            .remove_bucket_force(bucket)
            .bypass_governance_retention(bypass_governance);
        self.run(remove.into_future())
    }

    /// See [`crate::Newtera::get_bucket_versioning`].
    pub fn get_bucket_versioning(&self, bucket: &str) -> Result<VersioningConfiguration> {
        self.run(self.client.get_bucket_versioning(bucket))
    }

    /// See [`crate::Newtera::set_bucket_versioning`].
    pub fn set_bucket_versioning(
        &self,
        bucket: &str,
        config: VersioningConfiguration,
    ) -> Result<()> {
        self.run(self.client.set_bucket_versioning(bucket, config))
    }

    /// See [`crate::Newtera::list_object_versions`]; every version under
    /// `prefix`, collected.
    pub fn list_object_versions(
        &self,
        bucket: &str,
        prefix: Option<&str>,
        recursive: bool,
    ) -> Result<Vec<ObjectVersion>> {
        let mut list = self
            .client
            .list_object_versions(bucket)
            .recursive(recursive);
        if let Some(prefix) = prefix {
            list = list.prefix(prefix);
        }
        self.run(list.into_stream().try_collect())
    }

    /// See [`crate::Newtera::get_object_tags`].
    pub fn get_object_tags(
        &self,
        bucket: &str,
        object: &str,
        version_id: Option<&str>,
    ) -> Result<Tags> {
        self.run(versioned(self.client.get_object_tags(bucket, object), version_id).into_future())
    }

    /// See [`crate::Newtera::set_object_tags`].
    pub fn set_object_tags(
        &self,
        bucket: &str,
        object: &str,
        tags: Tags,
        version_id: Option<&str>,
    ) -> Result<()> {
        let set = self.client.set_object_tags(bucket, object, tags);
        self.run(versioned(set, version_id).into_future())
    }

    /// See [`crate::Newtera::delete_object_tags`].
    pub fn delete_object_tags(
        &self,
        bucket: &str,
        object: &str,
        version_id: Option<&str>,
    ) -> Result<()> {
        let delete = self.client.delete_object_tags(bucket, object);
        self.run(versioned(delete, version_id).into_future())
    }

    /// See [`crate::Newtera::get_bucket_tags`].
    pub fn get_bucket_tags(&self, bucket: &str) -> Result<Tags> {
        self.run(self.client.get_bucket_tags(bucket))
    }

    /// See [`crate::Newtera::set_bucket_tags`].
    pub fn set_bucket_tags(&self, bucket: &str, tags: Tags) -> Result<()> {
        self.run(self.client.set_bucket_tags(bucket, tags))
    }

    /// See [`crate::Newtera::delete_bucket_tags`].
    pub fn delete_bucket_tags(&self, bucket: &str) -> Result<()> {
        self.run(self.client.delete_bucket_tags(bucket))
    }

    /// See [`crate::Newtera::get_object_lock_config`].
    pub fn get_object_lock_config(&self, bucket: &str) -> Result<Option<ObjectLockConfiguration>> {
        self.run(self.client.get_object_lock_config(bucket))
    }

    /// See [`crate::Newtera::set_object_lock_config`].
    pub fn set_object_lock_config(
        &self,
        bucket: &str,
        config: ObjectLockConfiguration,
    ) -> Result<()> {
        self.run(self.client.set_object_lock_config(bucket, config))
    }

    /// See [`crate::Newtera::delete_object_lock_config`].
    pub fn delete_object_lock_config(&self, bucket: &str) -> Result<()> {
        self.run(self.client.delete_object_lock_config(bucket))
    }

    /// See [`crate::Newtera::get_object_retention`].
    pub fn get_object_retention(
        &self,
        bucket: &str,
        object: &str,
        version_id: Option<&str>,
    ) -> Result<Option<ObjectRetention>> {
        let get = self.client.get_object_retention(bucket, object);
        self.run(versioned(get, version_id).into_future())
    }

    /// See [`crate::Newtera::set_object_retention`].
    pub fn set_object_retention(
        &self,
        bucket: &str,
        object: &str,
        retention: ObjectRetention,
        version_id: Option<&str>,
        bypass_governance: bool,
    ) -> Result<()> {
        let mut set = self
            .client
            .set_object_retention(bucket, object, retention.mode, retention.retain_until)
            .bypass_governance_retention(bypass_governance);
        if let Some(v) = version_id {
            set = set.version_id(v);
        }
        self.run(set.into_future())
    }

    /// See [`crate::Newtera::enable_object_legal_hold`] and
    /// [`crate::Newtera::disable_object_legal_hold`].
    pub fn set_object_legal_hold(
        &self,
        bucket: &str,
        object: &str,
        on: bool,
        version_id: Option<&str>,
    ) -> Result<()> {
        let set = if on {
            self.client.enable_object_legal_hold(bucket, object)
        } else {
            self.client.disable_object_legal_hold(bucket, object)
        };
        self.run(versioned(set, version_id).into_future())
    }

    /// See [`crate::Newtera::is_object_legal_hold_enabled`].
    pub fn is_object_legal_hold_enabled(
        &self,
        bucket: &str,
        object: &str,
        version_id: Option<&str>,
    ) -> Result<bool> {
        let get = self.client.is_object_legal_hold_enabled(bucket, object);
        self.run(versioned(get, version_id).into_future())
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
        source: crate::CopySource,
    ) -> Result<ObjectWriteResult> {
        self.run(async { self.client.copy_object(bucket, object, source).await })
    }
}

/// Names a version on an object request when one is given.
fn versioned<T>(request: ObjectRequest<T>, version_id: Option<&str>) -> ObjectRequest<T> {
    match version_id {
        Some(v) => request.version_id(v),
        None => request,
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
