//! Buckets: `list_buckets`, `bucket_exists`, `make_bucket`, `remove_bucket`.

use std::future::IntoFuture;

use http::StatusCode;
use newtera_proto::ErrorCode;

use newtera_proto::op::bucket::{CreateBucket, DeleteBucket, HeadBucket, ListBuckets};

use crate::client::{Newtera, SendOptions};
use crate::error::{Error, ResponseError, Result};
use crate::future::OpFuture;
use crate::paginate::Progress;
use crate::types::{Bucket, system_time};

impl Newtera {
    /// Lists every bucket the credentials can see.
    pub fn list_buckets(&self) -> OpFuture<Vec<Bucket>> {
        let client = self.clone();
        OpFuture::new(async move { client.list_all_buckets().await })
    }

    async fn list_all_buckets(&self) -> Result<Vec<Bucket>> {
        let mut op = ListBuckets::default();
        let mut buckets = Vec::new();
        let mut progress = Progress::new("listing buckets", None);
        loop {
            let page = self.execute(&op, SendOptions::default()).await?;
            let entries = page.buckets.len();
            buckets.extend(page.buckets.into_iter().map(|b| Bucket {
                creation_date: b.creation_date.as_ref().map(system_time),
                name: b.name,
            }));
            let Some(token) = page.continuation_token.filter(|t| !t.is_empty()) else {
                return Ok(buckets);
            };
            progress.page(entries)?;
            progress.token(&token)?;
            op.continuation_token = Some(token);
        }
    }

    /// Whether `bucket` exists: `false` on 404, an error on 403 and other
    /// failures.
    pub fn bucket_exists(&self, bucket: &str) -> OpFuture<bool> {
        let client = self.clone();
        let bucket = bucket.to_owned();
        OpFuture::new(async move {
            match client
                .execute(&HeadBucket { bucket }, SendOptions::default())
                .await
            {
                Ok(_) => Ok(true),
                Err(e) if e.is_not_found() => Ok(false),
                Err(e) => Err(e),
            }
        })
    }

    /// Creates a bucket; `.location(region)` sets its location constraint.
    pub fn make_bucket(&self, bucket: &str) -> MakeBucket {
        MakeBucket {
            client: self.clone(),
            bucket: bucket.to_owned(),
            location: None,
            object_lock: false,
        }
    }

    /// Removes an empty bucket.
    pub fn remove_bucket(&self, bucket: &str) -> OpFuture<()> {
        let client = self.clone();
        let bucket = bucket.to_owned();
        OpFuture::new(async move {
            client
                .execute(
                    &DeleteBucket {
                        bucket: bucket.clone(),
                    },
                    SendOptions::default(),
                )
                .await?;
            client.regions().forget(&bucket);
            Ok(())
        })
    }
}

/// The builder [`Newtera::make_bucket`] returns; await it to send.
#[derive(Debug)]
#[must_use = "the bucket is created only when this is awaited"]
pub struct MakeBucket {
    client: Newtera,
    bucket: String,
    location: Option<String>,
    object_lock: bool,
}

impl MakeBucket {
    /// The region to create the bucket in (default: the client's region).
    pub fn location(mut self, region: impl Into<String>) -> Self {
        self.location = Some(region.into());
        self
    }

    /// Enables Object Lock (and with it versioning) on the new bucket.
    ///
    /// Some servers make the bucket and ignore the request for a lock
    /// (Garage, s3s-fs): the bucket's lock is read back, and a bucket
    /// made without one is removed again and the call fails (with the
    /// server's `NotImplemented`, or a malformed-answer error when the
    /// server says the bucket has no lock), so no caller relies on a
    /// lock that is not there. A bucket that was already there is never
    /// removed: if it has no lock, the call fails with
    /// `BucketAlreadyOwnedByYou` (409) and leaves it as it was.
    pub fn object_lock(mut self, enabled: bool) -> Self {
        self.object_lock = enabled;
        self
    }
}

impl IntoFuture for MakeBucket {
    type Output = Result<()>;
    type IntoFuture = OpFuture<()>;

    fn into_future(self) -> Self::IntoFuture {
        OpFuture::new(async move {
            let client = self.client;
            super::check_new_bucket(&client, &self.bucket)?;
            let location = match self.location {
                Some(l) => Some(l),
                None => client.configured_region(),
            };
            // Some servers answer 200 to making a bucket the caller already
            // owns (Ceph RGW, AWS in us-east-1): such a bucket must never be
            // removed by the lock check below. In doubt it counts as there.
            let existed =
                self.object_lock && client.bucket_exists(&self.bucket).await.unwrap_or(true);
            let op = CreateBucket {
                bucket: self.bucket.clone(),
                location: location.clone(),
                object_lock: self.object_lock,
            };
            client.execute(&op, SendOptions::default()).await?;
            if let Some(region) = location {
                client.regions().learn(Some(&self.bucket), &region);
            }
            if self.object_lock {
                check_lock(&client, &self.bucket, existed).await?;
            }
            Ok(())
        })
    }
}

/// Reads back the lock of a bucket just made with one; removes the bucket
/// when it has none (see [`MakeBucket::object_lock`]), unless it was there
/// before the call (then it is left as it was).
async fn check_lock(client: &Newtera, bucket: &str, existed: bool) -> Result<()> {
    let error = match client.get_object_lock_config(bucket).await {
        Ok(Some(config)) if config.enabled => return Ok(()),
        Ok(_) if existed => return Err(already_owned(bucket)),
        Ok(_) => Error::malformed(format!(
            "the server made bucket {bucket:?} without Object Lock; it was removed again"
        )),
        Err(e) if existed => return Err(e),
        Err(e) => e,
    };
    if let Err(e) = client.remove_bucket(bucket).await {
        tracing::warn!(bucket, error = %e, "removing a bucket made without Object Lock failed");
    }
    Err(error)
}

/// The error S3 gives outside us-east-1 for making a bucket the caller
/// owns, here for one that exists without Object Lock (S3 API reference,
/// CreateBucket: `BucketAlreadyOwnedByYou`).
fn already_owned(bucket: &str) -> Error {
    Error::Response(Box::new(ResponseError {
        status: StatusCode::CONFLICT,
        code: ErrorCode::parse("BucketAlreadyOwnedByYou"),
        message: format!(
            "bucket {bucket:?} already exists without Object Lock; it was left as it was"
        ),
        bucket_name: Some(bucket.to_owned()),
        object_name: None,
        resource: None,
        request_id: None,
        host_id: None,
        region: None,
        request: Some(format!("PUT {bucket}")),
        has_document: false,
    }))
}
