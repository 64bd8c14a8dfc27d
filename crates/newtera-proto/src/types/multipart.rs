//! Multipart uploads and their parts.

use crate::types::{Checksum, ChecksumAlgorithm, ChecksumType, Owner, StorageClass, Timestamp};

/// A part as listed by ListParts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Part {
    /// The part number (1 to 10,000).
    pub part_number: u32,
    /// The part's entity tag as sent.
    pub etag: String,
    /// The part's size.
    pub size: u64,
    /// When it was uploaded.
    pub last_modified: Option<Timestamp>,
    /// Its checksums.
    pub checksums: Vec<Checksum>,
}

/// A part to name in CompleteMultipartUpload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletedPart {
    /// The part number.
    pub part_number: u32,
    /// The ETag UploadPart returned.
    pub etag: String,
    /// Checksums UploadPart returned, when the upload uses them.
    pub checksums: Vec<Checksum>,
}

impl CompletedPart {
    /// A part with no checksum.
    pub fn new(part_number: u32, etag: impl Into<String>) -> Self {
        Self {
            part_number,
            etag: etag.into(),
            checksums: Vec::new(),
        }
    }
}

/// An unfinished multipart upload as listed by ListMultipartUploads.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Upload {
    /// The object key, URL-decoded when needed.
    pub key: String,
    /// The upload id.
    pub upload_id: String,
    /// When the upload was started.
    pub initiated: Option<Timestamp>,
    /// The storage class.
    pub storage_class: Option<StorageClass>,
    /// The owner.
    pub owner: Option<Owner>,
    /// The initiator.
    pub initiator: Option<Owner>,
    /// The checksum algorithm, if any.
    pub checksum_algorithm: Option<ChecksumAlgorithm>,
    /// The checksum type, if any.
    pub checksum_type: Option<ChecksumType>,
}
