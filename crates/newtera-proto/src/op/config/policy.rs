//! Bucket policy: an IAM policy document in JSON (S3 API reference:
//! PutBucketPolicy, GetBucketPolicy, DeleteBucketPolicy).

use super::BucketConfig;
use crate::error::Error;

/// A bucket policy, as the JSON text the server stores. This crate does
/// not interpret it; the client has helpers for the common ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketPolicy(pub String);

impl BucketConfig for BucketPolicy {
    const SUBRESOURCE: &'static str = "policy";
    const NOT_FOUND: &'static str = "NoSuchBucketPolicy";
    const CONTENT_TYPE: &'static str = "application/json";

    fn to_body(&self) -> Result<String, Error> {
        if self.0.trim().is_empty() {
            return Err(Error::InvalidArgument(
                "an empty bucket policy (use DeleteBucketPolicy to remove one)".into(),
            ));
        }
        Ok(self.0.clone())
    }

    fn from_body(body: &[u8]) -> Result<Self, Error> {
        String::from_utf8(body.to_vec())
            .map(Self)
            .map_err(|_| Error::InvalidField {
                field: "Policy",
                reason: "not UTF-8".into(),
            })
    }
}
