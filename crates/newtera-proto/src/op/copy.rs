//! CopyObject (server-side copy) and the copy-source header it shares with
//! UploadPartCopy.

use http::{HeaderMap, Method, StatusCode};

use crate::encode::{encode_path, encode_query};
use crate::error::Error;
use crate::error_code::Target;
use crate::op::Operation;
use crate::op::common::{
    body_checksums, check_status_and_body, header_owned, opt_text, opt_time, parse_root,
};
use crate::op::headers::{Conditions, Sse, apply_metadata, tagging_header};
use crate::op::object::object_parts;
use crate::request::RequestParts;
use crate::types::{Checksum, StorageClass, Timestamp};
use crate::validate::{NameRules, validate_bucket_name, validate_object_name};

/// The object to copy from: a bucket, a key and optionally a version
/// (minio-py's `CopySource(bucket, object, version_id=..)`). A type of its
/// own, so a copy's source cannot be swapped with its destination.
///
/// ```
/// use newtera_proto::op::copy::CopySource;
/// let source = CopySource::new("photos", "2024/cat.jpg").version_id("3HL4kqtJlcpXroDTDmJ");
/// assert_eq!(source.bucket, "photos");
/// assert_eq!(source.version_id.as_deref(), Some("3HL4kqtJlcpXroDTDmJ"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CopySource {
    /// Source bucket.
    pub bucket: String,
    /// Source key.
    pub key: String,
    /// A specific source version (`None`: the latest).
    pub version_id: Option<String>,
}

impl CopySource {
    /// The latest version of `bucket/key`. Names are checked when the
    /// request is built (an invalid one is an error before anything is
    /// sent).
    pub fn new(bucket: impl Into<String>, key: impl Into<String>) -> Self {
        Self {
            bucket: bucket.into(),
            key: key.into(),
            version_id: None,
        }
    }

    /// This version of the source (`?versionId=` in `x-amz-copy-source`).
    #[must_use]
    pub fn version_id(mut self, version_id: impl Into<String>) -> Self {
        self.version_id = Some(version_id.into());
        self
    }

    /// The `x-amz-copy-source` value: `/bucket/key` percent-encoded like a
    /// path, plus `?versionId=`.
    pub fn header_value(&self) -> Result<String, Error> {
        validate_bucket_name(&self.bucket, NameRules::Relaxed)?;
        validate_object_name(&self.key)?;
        let mut value = format!("/{}/{}", encode_path(&self.bucket), encode_path(&self.key));
        if let Some(v) = &self.version_id {
            crate::validate::validate_version_id(v)?;
            value.push_str("?versionId=");
            value.push_str(&encode_query(v));
        }
        Ok(value)
    }

    /// Writes the source header, its conditions and its SSE-C key.
    pub(crate) fn apply(
        &self,
        parts: &mut RequestParts,
        conditions: &Conditions,
        sse: Option<&Sse>,
    ) -> Result<(), Error> {
        parts.set_header("x-amz-copy-source", &self.header_value()?)?;
        conditions.apply(parts, "x-amz-copy-source-if-")?;
        sse.map_or(Ok(()), |s| s.apply_copy_source(parts))
    }
}

/// Whether a copy keeps the source's metadata or replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MetadataDirective {
    /// Keep the source metadata (the S3 default).
    #[default]
    Copy,
    /// Use the metadata and content type given with the request.
    Replace,
}

/// Copies an object server-side (`PUT /bucket/key` with `x-amz-copy-source`),
/// up to 5 GiB; larger objects need UploadPartCopy.
#[derive(Debug, Clone, Default)]
pub struct CopyObject {
    /// Destination bucket.
    pub bucket: String,
    /// Destination key.
    pub key: String,
    /// The source.
    pub source: CopySource,
    /// Conditions on the source (`x-amz-copy-source-if-*`).
    pub source_conditions: Conditions,
    /// The SSE-C key of the source.
    pub source_sse: Option<Sse>,
    /// Copy or replace metadata.
    pub metadata_directive: MetadataDirective,
    /// New content type (with [`MetadataDirective::Replace`]).
    pub content_type: Option<String>,
    /// New user metadata (with [`MetadataDirective::Replace`]).
    pub metadata: Vec<(String, String)>,
    /// Encryption of the destination.
    pub sse: Option<Sse>,
    /// Storage class of the destination.
    pub storage_class: Option<StorageClass>,
    /// The destination's tags: `None` copies the source's, `Some` replaces
    /// them (`x-amz-tagging-directive: REPLACE`, an empty list removes them).
    pub tags: Option<Vec<(String, String)>>,
}

/// The result of a copy (`CopyObjectResult` / `CopyPartResult`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct CopyResult {
    /// The new ETag.
    pub etag: Option<String>,
    /// When the copy was written.
    pub last_modified: Option<Timestamp>,
    /// Checksums of the copy.
    pub checksums: Vec<Checksum>,
    /// The destination version id.
    pub version_id: Option<String>,
}

/// Decodes a copy result body whose root is `root`, rejecting a 200 that
/// carries an `<Error>` document.
pub(crate) fn decode_copy_result(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    root: &'static str,
) -> Result<CopyResult, Error> {
    check_status_and_body(status, headers, body, Target::Object)?;
    let node = parse_root(body, root)?;
    Ok(CopyResult {
        etag: opt_text(&node, "ETag"),
        last_modified: opt_time(&node, "LastModified")?,
        checksums: body_checksums(&node),
        version_id: header_owned(headers, "x-amz-version-id"),
    })
}

impl Operation for CopyObject {
    type Output = CopyResult;

    fn encode(&self) -> Result<RequestParts, Error> {
        let mut parts = object_parts(Method::PUT, &self.bucket, &self.key)?;
        self.source.apply(
            &mut parts,
            &self.source_conditions,
            self.source_sse.as_ref(),
        )?;
        // Ceph RGW (16.2 measured) reads the conditions of a CopyObject
        // under their pre-standard names `x-amz-copy-if-*` only; servers
        // that know the standard names ignore these.
        self.source_conditions.apply(&mut parts, "x-amz-copy-if-")?;
        if self.metadata_directive == MetadataDirective::Replace {
            parts.set_header("x-amz-metadata-directive", "REPLACE")?;
            parts.set_header_opt("content-type", self.content_type.as_deref())?;
            apply_metadata(&mut parts, &self.metadata)?;
        }
        if let Some(sse) = &self.sse {
            sse.apply_write(&mut parts)?;
        }
        parts.set_header_opt(
            "x-amz-storage-class",
            self.storage_class.as_ref().map(|s| s.as_str()),
        )?;
        if let Some(tags) = &self.tags {
            parts.set_header("x-amz-tagging-directive", "REPLACE")?;
            parts.set_header("x-amz-tagging", &tagging_header(tags)?)?;
        }
        Ok(parts)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<CopyResult, Error> {
        decode_copy_result(status, headers, body, "CopyObjectResult")
    }
}
