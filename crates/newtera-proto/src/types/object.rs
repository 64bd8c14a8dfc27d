//! Listed objects, common prefixes and checksums.

use crate::types::{ChecksumAlgorithm, ChecksumType, Owner, StorageClass, Timestamp};

/// An object as listed by ListObjects / ListObjectsV2.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Object {
    /// The key, URL-decoded when the listing used `encoding-type=url`.
    pub key: String,
    /// The size in bytes.
    pub size: u64,
    /// The entity tag as the server sent it (usually with its quotes).
    pub etag: Option<String>,
    /// When the object was last written.
    pub last_modified: Option<Timestamp>,
    /// The storage class; unknown classes are kept.
    pub storage_class: Option<StorageClass>,
    /// The owner (V1 always; V2 with `fetch-owner=true`).
    pub owner: Option<Owner>,
    /// Algorithms the object was uploaded with.
    pub checksum_algorithms: Vec<ChecksumAlgorithm>,
    /// Whether those checksums are full-object or composite.
    pub checksum_type: Option<ChecksumType>,
}

/// A key prefix rolled up by the delimiter (a "directory").
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommonPrefix {
    /// The prefix, ending with the delimiter; URL-decoded when needed.
    pub prefix: String,
}

/// One checksum value, base64 as on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checksum {
    /// Which algorithm.
    pub algorithm: ChecksumAlgorithm,
    /// The base64 value (for composite checksums, with its `-N` suffix).
    pub value: String,
}
