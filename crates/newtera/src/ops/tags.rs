//! Object and bucket tags (S3 API reference: GetObjectTagging,
//! PutObjectTagging, DeleteObjectTagging, GetBucketTagging,
//! PutBucketTagging, DeleteBucketTagging). Limits (10 tags per object, 50
//! per bucket, keys ≤ 128 and values ≤ 256 characters) are checked before
//! any request: see [`Tags`].

use newtera_proto::types::Tags;

use super::subresource::{ObjectRequest, delete, get, put};
use crate::client::Newtera;
use crate::future::OpFuture;

impl Newtera {
    /// The object's tags (empty when it has none).
    ///
    /// ```no_run
    /// # async fn run(client: newtera::Newtera) -> newtera::Result<()> {
    /// use newtera::Tags;
    /// let tags = Tags::from_pairs([("project", "apollo")])?;
    /// client.set_object_tags("photos", "a.jpg", tags).await?;
    /// let tags = client.get_object_tags("photos", "a.jpg").version_id("v1").await?;
    /// # Ok(()) }
    /// ```
    pub fn get_object_tags(&self, bucket: &str, object: &str) -> ObjectRequest<Tags> {
        ObjectRequest::new(self, bucket, object, |client, target| {
            let get = get::<Tags>(client, target);
            OpFuture::new(async move { Ok(get.await?.unwrap_or_default()) })
        })
    }

    /// Replaces the object's tags. More than 10 tags, or a key or value
    /// over its limit, is an invalid-argument error before any request.
    pub fn set_object_tags(&self, bucket: &str, object: &str, tags: Tags) -> ObjectRequest<()> {
        ObjectRequest::new(self, bucket, object, move |client, target| {
            put(client, target, tags, false)
        })
    }

    /// Removes the object's tags (done when it has none).
    pub fn delete_object_tags(&self, bucket: &str, object: &str) -> ObjectRequest<()> {
        ObjectRequest::new(self, bucket, object, |client, target| {
            delete::<Tags>(client, target)
        })
    }

    /// The bucket's tags (empty when it has none).
    pub fn get_bucket_tags(&self, bucket: &str) -> OpFuture<Tags> {
        let get = self.get_config::<Tags>(bucket);
        OpFuture::new(async move { Ok(get.await?.unwrap_or_default()) })
    }

    /// Replaces the bucket's tags. More than 50 tags, or a key or value
    /// over its limit, is an invalid-argument error before any request.
    pub fn set_bucket_tags(&self, bucket: &str, tags: Tags) -> OpFuture<()> {
        self.put_config(bucket, tags)
    }

    /// Removes the bucket's tags (done when it has none).
    pub fn delete_bucket_tags(&self, bucket: &str) -> OpFuture<()> {
        self.delete_config::<Tags>(bucket)
    }
}
