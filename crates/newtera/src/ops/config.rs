//! Bucket configuration: policy, CORS, lifecycle, default encryption,
//! public access block, website, and the bucket's location.
//!
//! Each `get_*` answers `None` when the bucket has no such configuration
//! (the server's 404 `NoSuch…Configuration`); `delete_*` of a configuration
//! that is not there succeeds. A missing bucket is an error
//! (`is_not_found()`), as is a server that does not implement the
//! configuration (`NotImplemented`).

use newtera_proto::op::bucket::GetBucketLocation;
use newtera_proto::op::config::{
    BucketConfig, BucketPolicy, CorsConfiguration, DeleteBucketConfig, EncryptionConfiguration,
    GetBucketConfig, LifecycleConfiguration, PublicAccessBlockConfiguration, PutBucketConfig,
    WebsiteConfiguration,
};

use crate::client::{Newtera, SendOptions};
use crate::error::Error;
use crate::future::OpFuture;

macro_rules! config_methods {
    ($config:ty, $what:literal, $get:ident, $set:ident, $delete:ident) => {
        #[doc = concat!("The bucket's ", $what, ", or `None` when it has none.")]
        pub fn $get(&self, bucket: &str) -> OpFuture<Option<$config>> {
            self.get_config::<$config>(bucket)
        }

        #[doc = concat!("Sets (replaces) the bucket's ", $what, ".")]
        pub fn $set(&self, bucket: &str, config: $config) -> OpFuture<()> {
            self.put_config(bucket, config)
        }

        #[doc = concat!("Removes the bucket's ", $what, " (done when there is none).")]
        pub fn $delete(&self, bucket: &str) -> OpFuture<()> {
            self.delete_config::<$config>(bucket)
        }
    };
}

impl Newtera {
    config_methods!(
        CorsConfiguration,
        "CORS rules (S3 API reference: PutBucketCors)",
        get_bucket_cors,
        set_bucket_cors,
        delete_bucket_cors
    );
    config_methods!(
        LifecycleConfiguration,
        "lifecycle rules (S3 API reference: PutBucketLifecycleConfiguration)",
        get_bucket_lifecycle,
        set_bucket_lifecycle,
        delete_bucket_lifecycle
    );
    config_methods!(
        EncryptionConfiguration,
        "default encryption (S3 API reference: PutBucketEncryption)",
        get_bucket_encryption,
        set_bucket_encryption,
        delete_bucket_encryption
    );
    config_methods!(
        PublicAccessBlockConfiguration,
        "public access block (S3 API reference: PutPublicAccessBlock)",
        get_public_access_block,
        set_public_access_block,
        delete_public_access_block
    );
    config_methods!(
        WebsiteConfiguration,
        "website configuration (S3 API reference: PutBucketWebsite)",
        get_bucket_website,
        set_bucket_website,
        delete_bucket_website
    );

    /// The bucket's policy as its JSON text, or `None` when it has none
    /// (S3 API reference: GetBucketPolicy).
    pub fn get_bucket_policy(&self, bucket: &str) -> OpFuture<Option<String>> {
        let get = self.get_config::<BucketPolicy>(bucket);
        OpFuture::new(async move { Ok(get.await?.map(|p| p.0)) })
    }

    /// Sets the bucket's policy from its JSON text; see
    /// [`crate::policy`] for the common ones (S3 API reference:
    /// PutBucketPolicy). Text that is not a JSON object is an
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) before any
    /// request.
    pub fn set_bucket_policy(&self, bucket: &str, policy: impl Into<String>) -> OpFuture<()> {
        let policy = policy.into();
        // A policy document is a JSON object (IAM JSON policy reference);
        // the server would answer MalformedPolicy.
        if let Err(e) = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&policy)
        {
            return OpFuture::new(async move {
                Err(crate::Error::invalid(format!(
                    "the bucket policy is not a JSON object: {e}"
                )))
            });
        }
        self.put_config(bucket, BucketPolicy(policy))
    }

    /// The bucket's policy as JSON, or `None` when it has none.
    ///
    /// # Errors
    ///
    /// As [`Newtera::get_bucket_policy`], and a malformed-answer error when
    /// the stored policy is not JSON.
    pub fn get_bucket_policy_json(&self, bucket: &str) -> OpFuture<Option<serde_json::Value>> {
        let get = self.get_bucket_policy(bucket);
        OpFuture::new(async move {
            get.await?
                .map(|text| {
                    serde_json::from_str(&text).map_err(|e| {
                        Error::malformed(format!("the bucket policy is not JSON: {e}"))
                    })
                })
                .transpose()
        })
    }

    /// Sets the bucket's policy from a JSON value (see
    /// [`Newtera::set_bucket_policy`]).
    pub fn set_bucket_policy_json(&self, bucket: &str, policy: &serde_json::Value) -> OpFuture<()> {
        self.set_bucket_policy(bucket, policy.to_string())
    }

    /// Removes the bucket's policy (done when there is none).
    pub fn delete_bucket_policy(&self, bucket: &str) -> OpFuture<()> {
        self.delete_config::<BucketPolicy>(bucket)
    }

    /// The bucket's region, asked of the server (S3 API reference:
    /// GetBucketLocation): an empty location constraint is `us-east-1`.
    pub fn get_bucket_location(&self, bucket: &str) -> OpFuture<String> {
        let client = self.clone();
        let bucket = bucket.to_owned();
        OpFuture::new(async move {
            client
                .execute(&GetBucketLocation { bucket }, SendOptions::default())
                .await
        })
    }

    pub(crate) fn get_config<C: BucketConfig>(&self, bucket: &str) -> OpFuture<Option<C>> {
        let client = self.clone();
        let bucket = bucket.to_owned();
        OpFuture::new(async move {
            let op = GetBucketConfig::<C>::new(bucket);
            client.execute(&op, SendOptions::default()).await
        })
    }

    pub(crate) fn put_config<C: BucketConfig>(&self, bucket: &str, config: C) -> OpFuture<()> {
        let client = self.clone();
        let bucket = bucket.to_owned();
        OpFuture::new(async move {
            let op = PutBucketConfig { bucket, config };
            client.execute(&op, SendOptions::default()).await
        })
    }

    /// Reads the configuration first and sends the DELETE only when there
    /// is one: a server that does not know a subresource may take
    /// `DELETE /bucket?encryption` for DeleteBucket (Ceph RGW 16.2 deletes
    /// an empty bucket so, and boto3's `delete_bucket_encryption` with it).
    /// A server that cannot read the configuration gets no DELETE: its error
    /// is returned.
    pub(crate) fn delete_config<C: BucketConfig>(&self, bucket: &str) -> OpFuture<()> {
        let client = self.clone();
        let bucket = bucket.to_owned();
        OpFuture::new(async move {
            if client.get_config::<C>(&bucket).await?.is_none() {
                return Ok(());
            }
            let op = DeleteBucketConfig::<C>::new(bucket);
            client.execute(&op, SendOptions::default()).await
        })
    }
}
