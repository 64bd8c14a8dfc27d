//! What the client's operations return.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

pub use newtera_proto::types::ETag;
use newtera_proto::types::Timestamp;

/// A bucket, as `list_buckets` returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Bucket {
    /// The bucket's name.
    pub name: String,
    /// When it was created, if the server says.
    pub creation_date: Option<SystemTime>,
}

/// An object or a directory (common prefix) from `list_objects`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Object {
    /// The bucket listed, shared by every entry of the listing.
    pub bucket_name: Arc<str>,
    /// The key; for a directory, the prefix ending with `/`.
    pub object_name: String,
    /// Whether this is a common prefix of a non-recursive listing.
    pub is_dir: bool,
    /// The size in bytes (0 for directories).
    pub size: u64,
    /// The ETag (`None` for directories).
    pub etag: Option<ETag>,
    /// When the object was last written.
    pub last_modified: Option<SystemTime>,
    /// The storage class, when the server lists it.
    pub storage_class: Option<String>,
}

/// An object's metadata, from `stat_object` (and the downloads).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ObjectStat {
    /// The bucket.
    pub bucket_name: String,
    /// The key.
    pub object_name: String,
    /// The object's size in bytes.
    pub size: u64,
    /// The ETag (empty when the server sent none); weak tags stay weak.
    pub etag: ETag,
    /// The content type.
    pub content_type: Option<String>,
    /// When the object was last written.
    pub last_modified: Option<SystemTime>,
    /// User metadata (`x-amz-meta-*`), names lowercased without the prefix.
    pub metadata: BTreeMap<String, String>,
    /// The version id, on versioned buckets.
    pub version_id: Option<String>,
    /// The storage class (`x-amz-storage-class`); servers leave it out for
    /// `STANDARD`.
    pub storage_class: Option<String>,
    /// The server-side encryption (`x-amz-server-side-encryption`:
    /// `AES256`, `aws:kms`); `None` for SSE-C and unencrypted objects.
    pub server_side_encryption: Option<String>,
    /// The KMS key of an SSE-KMS object.
    pub sse_kms_key_id: Option<String>,
    /// `AES256` for an SSE-C object.
    pub sse_customer_algorithm: Option<String>,
    /// How many tags the object has (`x-amz-tagging-count`), when the
    /// server says.
    pub tag_count: Option<u64>,
    /// `Cache-Control`, as stored with the object.
    pub cache_control: Option<String>,
    /// `Content-Disposition`, as stored with the object.
    pub content_disposition: Option<String>,
    /// `Content-Encoding`, as stored with the object.
    pub content_encoding: Option<String>,
    /// `Content-Language`, as stored with the object.
    pub content_language: Option<String>,
    /// `Expires`, as stored with the object (the text as sent).
    pub expires: Option<String>,
}

/// The result of an upload.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ObjectWriteResult {
    /// The bucket.
    pub bucket_name: String,
    /// The key.
    pub object_name: String,
    /// The new object's ETag (multipart ETags end in `-N`).
    pub etag: ETag,
    /// The version id, on versioned buckets.
    pub version_id: Option<String>,
}

/// A key that `remove_objects` could not delete (minio-py's `DeleteError`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeleteError {
    /// The key.
    pub object_name: String,
    /// The S3 error code, such as `AccessDenied`.
    pub error_code: String,
    /// The server's message.
    pub error_message: String,
    /// The version that could not be removed, when one was named.
    pub version_id: Option<String>,
}

/// One version of an object, or a delete marker, from
/// `list_object_versions`; or a directory (common prefix) of a
/// non-recursive listing.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ObjectVersion {
    /// The bucket listed, shared by every entry of the listing.
    pub bucket_name: Arc<str>,
    /// The key; for a directory, the prefix ending with `/`.
    pub object_name: String,
    /// The version id (`null` for a version written before versioning was
    /// enabled, and for directories).
    pub version_id: String,
    /// Whether this is the key's current version.
    pub is_latest: bool,
    /// Whether this is a delete marker (no data, size 0, no ETag).
    pub is_delete_marker: bool,
    /// Whether this is a common prefix of a non-recursive listing.
    pub is_dir: bool,
    /// The size in bytes.
    pub size: u64,
    /// The ETag (versions only).
    pub etag: Option<ETag>,
    /// When the version was written.
    pub last_modified: Option<SystemTime>,
    /// The storage class, when the server lists it.
    pub storage_class: Option<String>,
}

/// What `remove_object` did, as the server says (S3 API reference:
/// DeleteObject response headers).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct RemovedObject {
    /// `x-amz-delete-marker`: a delete marker was made (removing the latest
    /// version of a versioned object) or removed (removing a marker by its
    /// version id).
    pub delete_marker: bool,
    /// `x-amz-version-id`: the version removed, or the new delete marker's.
    pub version_id: Option<String>,
}

/// An object's retention (S3 API reference: GetObjectRetention).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ObjectRetention {
    /// GOVERNANCE or COMPLIANCE.
    pub mode: newtera_proto::op::config::RetentionMode,
    /// Until when the version is kept (whole milliseconds on the wire).
    pub retain_until: SystemTime,
}

/// An unfinished multipart upload.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IncompleteUpload {
    /// The key being uploaded.
    pub object_name: String,
    /// The upload id.
    pub upload_id: String,
    /// When the upload started.
    pub initiated: Option<SystemTime>,
}

/// A part an unfinished multipart upload holds on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StoredPart {
    /// The part number (1 to 10,000).
    pub part_number: u32,
    /// The ETag the server gave the part (the MD5 of its bytes, in hex,
    /// for an unencrypted upload).
    pub etag: String,
    /// The part's size in bytes.
    pub size: u64,
}

/// A presigned POST: the URL to post to and the form fields to send with the
/// file (the file goes last, in a field named `file`).
///
/// `Debug` shows the URL and the field names, not their values: the
/// signature and a session token are credentials.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PresignedPost {
    /// The URL to post the form to.
    pub url: String,
    /// The form fields, in order.
    pub fields: Vec<(String, String)>,
}

impl std::fmt::Debug for PresignedPost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.fields.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("PresignedPost")
            .field("url", &self.url)
            .field("fields", &names)
            .finish()
    }
}

pub(crate) fn system_time(ts: &Timestamp) -> SystemTime {
    let secs = ts.unix_seconds();
    let millis = Duration::from_millis(u64::from(ts.millis()));
    if secs >= 0 {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs.unsigned_abs()) + millis
    } else {
        SystemTime::UNIX_EPOCH - Duration::from_secs(secs.unsigned_abs()) + millis
    }
}

/// A [`Timestamp`] from a [`SystemTime`], to the millisecond (times before
/// 1970 clamp to the epoch; S3 has none).
pub(crate) fn timestamp(time: SystemTime) -> Timestamp {
    let since = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = i64::try_from(since.as_secs()).unwrap_or(i64::MAX);
    let millis = u16::try_from(since.subsec_millis()).unwrap_or(0);
    Timestamp::from_unix(secs, millis)
}
