//! The client handle; every request goes through its [`Dispatch`].

use std::sync::Arc;

use newtera_proto::{Endpoint, Operation, RequestParts};
use newtera_transport::{Body, ResponseBody};

use crate::config::TransferConfig;
use crate::credentials::Signer;
use crate::dispatch::Dispatch;
use crate::error::Result;

pub(crate) use crate::dispatch::SendOptions;

/// An S3 client: cheap to clone (clones share one connection pool), and
/// `Send + Sync`.
///
/// ```no_run
/// # async fn run() -> newtera::Result<()> {
/// let client = newtera::Newtera::new("localhost:9000", "demo1", "888")?;
/// for bucket in client.list_buckets().await? {
///     println!("{}", bucket.name);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Newtera {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) dispatch: Dispatch,
    pub(crate) signer: Signer,
    pub(crate) transfer: TransferConfig,
    /// Whether the server checks part checksums, once known.
    pub(crate) part_checksums: crate::upload::integrity::PartChecksums,
    /// Clean-up started in the background: aborts of multipart uploads
    /// dropped midway.
    pub(crate) cleanup: tokio_util::task::TaskTracker,
    /// Whether the server URL-encodes listings when asked, once a listing
    /// needed to know (s3s-fs claims to but does not).
    pub(crate) listing_encodes: std::sync::OnceLock<bool>,
}

impl std::fmt::Debug for Newtera {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Newtera")
            .field("endpoint", &self.inner.dispatch.endpoint.authority())
            .field("secure", &self.inner.dispatch.endpoint.is_secure())
            .field("signer", &self.inner.signer)
            .finish_non_exhaustive()
    }
}

impl Newtera {
    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &Endpoint {
        &self.inner.dispatch.endpoint
    }

    /// Waits until the clean-up this client (or any clone of it) started in
    /// the background has finished: today, the AbortMultipartUpload of
    /// every multipart upload whose future was dropped midway (a cancelled
    /// `put_object`, `fput_object` or multipart `copy_object`).
    ///
    /// A dropped upload can only send its abort while a Tokio runtime runs,
    /// so a program that cancels uploads should await this before its
    /// runtime shuts down (before `main` returns); otherwise the abort may
    /// never be sent and the unfinished upload keeps its parts on the
    /// server until removed (`remove_incomplete_upload`, or a lifecycle
    /// rule). Aborts that fail are logged with `tracing` at warn level.
    ///
    /// ```no_run
    /// # async fn run(client: newtera::Newtera) {
    /// let upload = client.fput_object("b", "big.iso", "/tmp/big.iso");
    /// let _ = tokio::time::timeout(std::time::Duration::from_secs(1), upload).await;
    /// client.wait_for_cleanup().await; // the timed-out upload is aborted now
    /// # }
    /// ```
    pub async fn wait_for_cleanup(&self) {
        let tracker = &self.inner.cleanup;
        tracker.close();
        tracker.wait().await;
        tracker.reopen();
    }

    /// Sends one request and decodes its answer with `O`'s decoder.
    pub(crate) async fn execute<O: Operation + Sync>(
        &self,
        op: &O,
        opts: SendOptions,
    ) -> Result<O::Output> {
        self.inner.dispatch.execute(op, opts).await
    }

    /// Like [`Newtera::execute`] for parts already built, with an optional
    /// body that replaces the parts' in-memory one.
    pub(crate) async fn execute_parts<O: Operation>(
        &self,
        parts: RequestParts,
        body: Option<Body>,
        opts: SendOptions,
    ) -> Result<O::Output> {
        self.inner
            .dispatch
            .execute_parts::<O>(parts, body, opts)
            .await
    }

    /// [`Newtera::execute_parts`], leaving the parts' names with the caller.
    pub(crate) async fn execute_keeping<O: Operation>(
        &self,
        parts: &mut RequestParts,
        body: Option<Body>,
        opts: SendOptions,
    ) -> Result<O::Output> {
        self.inner
            .dispatch
            .execute_keeping::<O>(parts, body, opts)
            .await
    }

    /// [`Newtera::send`], leaving the parts' names with the caller.
    pub(crate) async fn send_keeping(
        &self,
        parts: &mut RequestParts,
        body: Option<Body>,
        opts: SendOptions,
    ) -> Result<http::Response<ResponseBody>> {
        self.inner.dispatch.send_parts(parts, body, opts).await
    }

    /// Sends one request; the response may have any status.
    pub(crate) async fn send(
        &self,
        parts: RequestParts,
        body: Option<Body>,
        opts: SendOptions,
    ) -> Result<http::Response<ResponseBody>> {
        self.inner.dispatch.send(parts, body, opts).await
    }

    /// The region to sign a request about `bucket` for.
    pub(crate) async fn region_for(&self, bucket: Option<&str>) -> Result<String> {
        let region = self.inner.dispatch.region_for(bucket).await?;
        Ok(region.to_string())
    }

    /// The region given to the builder, if any.
    pub(crate) fn configured_region(&self) -> Option<String> {
        self.inner.dispatch.configured_region()
    }

    /// The region cache.
    pub(crate) fn regions(&self) -> &crate::region::Regions {
        &self.inner.dispatch.regions
    }
}
