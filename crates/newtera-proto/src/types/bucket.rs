//! Buckets and owners.

use crate::types::Timestamp;

/// A bucket as listed by ListBuckets.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Bucket {
    /// The bucket name.
    pub name: String,
    /// When it was created, if the server says.
    pub creation_date: Option<Timestamp>,
    /// Its region, when the server reports it (newer AWS responses).
    pub region: Option<String>,
}

/// The owner of a bucket, object or upload.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Owner {
    /// The canonical user id.
    pub id: Option<String>,
    /// The display name, when the server sends one.
    pub display_name: Option<String>,
}
