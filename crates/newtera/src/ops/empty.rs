//! `remove_bucket_force`: empties a bucket of every object version, delete
//! marker and unfinished multipart upload, then removes it (the MinIO
//! client's `mc rb --force`).

use std::future::IntoFuture;

use futures_util::{StreamExt, TryStreamExt};
use http::StatusCode;
use newtera_proto::ErrorCode;

use crate::client::Newtera;
use crate::error::{Error, ResponseError, Result};
use crate::future::{OpFuture, OpStream};
use crate::ops::remove::DeleteObjectRef;
use crate::types::DeleteError;

/// Entries removed per DeleteObjects request.
const BATCH: usize = 1000;

impl Newtera {
    /// Removes a bucket with everything in it: every object version and
    /// delete marker (ListObjectVersions; plain ListObjects on a server
    /// without versions), every unfinished multipart upload, then the
    /// bucket. A version that cannot be removed (a legal hold, a retention
    /// not yet passed) stops it with that key's error, and the bucket
    /// stays. The output is how many versions, delete markers (or, without
    /// versions, keys) were removed.
    ///
    /// ```no_run
    /// # async fn run(client: newtera::Newtera) -> newtera::Result<()> {
    /// let removed = client.remove_bucket_force("scratch").await?;
    /// println!("{removed} versions removed with the bucket");
    /// # Ok(()) }
    /// ```
    pub fn remove_bucket_force(&self, bucket: &str) -> RemoveBucketForce {
        RemoveBucketForce {
            client: self.clone(),
            bucket: bucket.to_owned(),
            bypass_governance: false,
        }
    }
}

/// The builder [`Newtera::remove_bucket_force`] returns; await it to send.
#[derive(Debug)]
#[must_use = "nothing is removed until this is awaited"]
pub struct RemoveBucketForce {
    client: Newtera,
    bucket: String,
    bypass_governance: bool,
}

impl RemoveBucketForce {
    /// Removes versions under a GOVERNANCE-mode retention too (see
    /// [`RemoveObject::bypass_governance_retention`](crate::RemoveObject::bypass_governance_retention)).
    pub fn bypass_governance_retention(mut self, bypass: bool) -> Self {
        self.bypass_governance = bypass;
        self
    }
}

impl IntoFuture for RemoveBucketForce {
    type Output = Result<u64>;
    type IntoFuture = OpFuture<u64>;

    fn into_future(self) -> Self::IntoFuture {
        OpFuture::new(async move {
            super::check_bucket(&self.client, &self.bucket)?;
            let removed = self.remove_versions().await?;
            self.abort_uploads().await?;
            self.client.remove_bucket(&self.bucket).await?;
            Ok(removed)
        })
    }
}

impl RemoveBucketForce {
    /// Removes every version, a batch at a time as the listing goes.
    async fn remove_versions(&self) -> Result<u64> {
        // Fused: the listing is asked again after it ended a batch.
        let mut listing = self.listing().await?.fuse();
        let mut removed = 0u64;
        loop {
            let mut batch = Vec::with_capacity(BATCH);
            while batch.len() < BATCH {
                match listing.try_next().await? {
                    Some(entry) => batch.push(entry),
                    None => break,
                }
            }
            if batch.is_empty() {
                return Ok(removed);
            }
            let sent = batch.len() as u64;
            let failures: Vec<DeleteError> = self
                .client
                .remove_objects(&self.bucket, batch)
                .bypass_governance_retention(self.bypass_governance)
                .try_collect()
                .await?;
            if let Some(failure) = failures.into_iter().next() {
                return Err(self.refused(failure));
            }
            removed += sent;
        }
    }

    /// Every version and delete marker, or every key where the server has
    /// no ListObjectVersions (it then keeps no versions either).
    async fn listing(&self) -> Result<OpStream<DeleteObjectRef>> {
        let mut versions = self
            .client
            .list_object_versions(&self.bucket)
            .recursive(true)
            .into_stream();
        let first = match versions.try_next().await {
            Err(e) if e.code() == Some("NotImplemented") => {
                tracing::debug!(error = %e, "no ListObjectVersions; removing the listed keys");
                let keys = self
                    .client
                    .list_objects(&self.bucket)
                    .recursive(true)
                    .into_stream()
                    .map_ok(|o| DeleteObjectRef::new(o.object_name));
                return Ok(OpStream::new(keys));
            }
            other => other?,
        };
        let rest = versions.map_ok(|v| DeleteObjectRef::with_version(v.object_name, v.version_id));
        let first = first.map(|v| Ok(DeleteObjectRef::with_version(v.object_name, v.version_id)));
        Ok(OpStream::new(futures_util::stream::iter(first).chain(rest)))
    }

    /// Aborts every unfinished upload; a server without upload listings
    /// (s3s-fs answers `NotImplemented`) has none to abort.
    async fn abort_uploads(&self) -> Result<()> {
        let uploads = self
            .client
            .list_incomplete_uploads(&self.bucket)
            .into_stream()
            .try_collect::<Vec<_>>()
            .await;
        let uploads = match uploads {
            Err(e) if e.code() == Some("NotImplemented") => return Ok(()),
            other => other?,
        };
        for upload in uploads {
            self.client
                .abort_upload(&self.bucket, &upload.object_name, &upload.upload_id)
                .await?;
        }
        Ok(())
    }

    /// A key the server would not remove, as the error of the whole call.
    fn refused(&self, failure: DeleteError) -> Error {
        let what = match &failure.version_id {
            Some(v) => format!("{} (version {v})", failure.object_name),
            None => failure.object_name.clone(),
        };
        Error::Response(Box::new(ResponseError {
            status: StatusCode::OK,
            code: ErrorCode::parse(&failure.error_code),
            message: format!("{what} was not removed: {}", failure.error_message),
            bucket_name: Some(self.bucket.clone()),
            object_name: Some(failure.object_name),
            resource: None,
            request_id: None,
            host_id: None,
            region: None,
            request: Some(format!("POST {}?delete", self.bucket)),
            has_document: true,
        }))
    }
}
