//! Bucket tags (S3 API reference: PutBucketTagging, GetBucketTagging,
//! DeleteBucketTagging, `Tagging`).

use super::BucketConfig;
use crate::error::Error;
use crate::types::{TagTarget, Tags};

impl BucketConfig for Tags {
    const SUBRESOURCE: &'static str = "tagging";
    const NOT_FOUND: &'static str = "NoSuchTagSet";

    /// Checks the bucket limits (50 tags) before anything is sent.
    fn to_body(&self) -> Result<String, Error> {
        self.check(TagTarget::Bucket)?;
        Ok(self.to_xml())
    }

    fn from_body(body: &[u8]) -> Result<Self, Error> {
        Self::from_xml(body)
    }
}
