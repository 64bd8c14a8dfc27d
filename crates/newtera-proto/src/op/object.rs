//! Single-object operations: HeadObject, GetObject, PutObject, DeleteObject.

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};

use crate::error::Error;
use crate::error_code::Target;
use crate::op::Operation;
use crate::op::common::{check_status, header, header_checksums, header_owned};
use crate::request::RequestParts;
use crate::types::{Checksum, StorageClass};
use crate::validate::{NameRules, validate_bucket_name, validate_object_name};

pub use crate::op::headers::{
    Conditions, MAX_OBJECT_TAGS, Sse, content_md5, md5_etag, tagging_header,
};
pub use crate::op::object_info::{ContentRange, ObjectInfo};

/// Headers an object request's map has room for from the start.
const OBJECT_HEADER_ROOM: usize = 8;

/// Validates both names and builds the bare parts for an object request.
pub(crate) fn object_parts(method: Method, bucket: &str, key: &str) -> Result<RequestParts, Error> {
    let mut parts = unnamed_object_parts(method, bucket, key)?;
    (parts.bucket, parts.key) = (Some(bucket.to_owned()), Some(key.to_owned()));
    Ok(parts)
}

/// [`object_parts`] without the names, which the caller adds (copied, or
/// moved by an `encode_moving_names`).
fn unnamed_object_parts(method: Method, bucket: &str, key: &str) -> Result<RequestParts, Error> {
    validate_bucket_name(bucket, NameRules::Relaxed)?;
    validate_object_name(key)?;
    let mut parts = RequestParts::new(method, None, None);
    // Room for the operation's headers and the four the signer and HTTP
    // add (host, date, payload hash, authorization): the map is allocated
    // once instead of growing while the request is signed and sent.
    parts.headers.reserve(OBJECT_HEADER_ROOM);
    Ok(parts)
}

/// `parts` named after `bucket` and `key`, which move into it (left empty).
fn moving_names(mut parts: RequestParts, bucket: &mut String, key: &mut String) -> RequestParts {
    parts.bucket = Some(std::mem::take(bucket));
    parts.key = Some(std::mem::take(key));
    parts
}

/// A byte range of an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteRange {
    /// From this offset to the end.
    From(u64),
    /// From the first offset to the second, inclusive.
    Inclusive(u64, u64),
    /// The last N bytes.
    Suffix(u64),
}

impl ByteRange {
    /// The `Range` header value; fails on an empty or inverted range.
    pub fn header_value(&self) -> Result<String, Error> {
        use std::fmt::Write as _;
        // Allocated at its exact length, so a `HeaderValue` can take the
        // buffer over without copying it.
        let digits = |n: u64| n.checked_ilog10().map_or(1, |d| d as usize + 1);
        let len = "bytes=-".len()
            + match *self {
                Self::From(a) | Self::Suffix(a) => digits(a),
                Self::Inclusive(a, b) => digits(a) + digits(b),
            };
        let mut out = String::with_capacity(len);
        let written = match *self {
            Self::From(a) => write!(out, "bytes={a}-"),
            Self::Inclusive(a, b) if a <= b => write!(out, "bytes={a}-{b}"),
            Self::Suffix(n) if n > 0 => write!(out, "bytes=-{n}"),
            _ => {
                return Err(Error::InvalidArgument(
                    "empty or inverted byte range".into(),
                ));
            }
        };
        // Writing to a `String` cannot fail.
        written.map_or_else(
            |_| Err(Error::InvalidArgument("byte range".into())),
            |()| Ok(out),
        )
    }
}

/// `response-*` query overrides for GetObject (and presigned GETs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseOverrides {
    /// `response-content-type`.
    pub content_type: Option<String>,
    /// `response-content-disposition`.
    pub content_disposition: Option<String>,
    /// `response-content-encoding`.
    pub content_encoding: Option<String>,
    /// `response-content-language`.
    pub content_language: Option<String>,
    /// `response-cache-control`.
    pub cache_control: Option<String>,
    /// `response-expires`.
    pub expires: Option<String>,
}

impl ResponseOverrides {
    /// The query pairs, in a fixed order.
    pub fn query_pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("response-cache-control", &self.cache_control),
            ("response-content-disposition", &self.content_disposition),
            ("response-content-encoding", &self.content_encoding),
            ("response-content-language", &self.content_language),
            ("response-content-type", &self.content_type),
            ("response-expires", &self.expires),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
        .collect()
    }
}

/// Reads an object's metadata (`HEAD /bucket/key`).
#[derive(Debug, Clone, Default)]
pub struct HeadObject {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
    /// A specific version.
    pub version_id: Option<String>,
    /// Conditional headers.
    pub conditions: Conditions,
    /// The SSE-C key, for encrypted objects.
    pub sse: Option<Sse>,
    /// Ask for `x-amz-checksum-*` headers (`x-amz-checksum-mode: ENABLED`).
    pub checksum_mode: bool,
}

impl HeadObject {
    /// Metadata of the latest version of `bucket/key`.
    pub fn new(bucket: impl Into<String>, key: impl Into<String>) -> Self {
        Self {
            bucket: bucket.into(),
            key: key.into(),
            ..Self::default()
        }
    }

    /// [`Operation::encode`], except that the bucket and key move into the
    /// parts instead of being copied: on success they are left empty here;
    /// after an error they are untouched.
    pub fn encode_moving_names(&mut self) -> Result<RequestParts, Error> {
        let parts = self.unnamed_parts(Method::HEAD)?;
        Ok(moving_names(parts, &mut self.bucket, &mut self.key))
    }

    fn parts(&self, method: Method) -> Result<RequestParts, Error> {
        let mut parts = self.unnamed_parts(method)?;
        (parts.bucket, parts.key) = (Some(self.bucket.clone()), Some(self.key.clone()));
        Ok(parts)
    }

    fn unnamed_parts(&self, method: Method) -> Result<RequestParts, Error> {
        let mut parts = unnamed_object_parts(method, &self.bucket, &self.key)?;
        parts.push_version_id(self.version_id.as_deref())?;
        self.conditions.apply(&mut parts, "if-")?;
        if let Some(sse) = &self.sse {
            sse.apply_read(&mut parts)?;
        }
        if self.checksum_mode {
            parts.headers.insert(
                http::HeaderName::from_static("x-amz-checksum-mode"),
                http::HeaderValue::from_static("ENABLED"),
            );
        }
        Ok(parts)
    }
}

impl Operation for HeadObject {
    type Output = ObjectInfo;

    fn encode(&self) -> Result<RequestParts, Error> {
        self.parts(Method::HEAD)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<ObjectInfo, Error> {
        check_status(status, headers, body, Target::Object)?;
        ObjectInfo::from_headers(headers)
    }
}

/// Downloads an object (`GET /bucket/key`); the body is streamed by the
/// caller, only the headers are decoded.
#[derive(Debug, Clone, Default)]
pub struct GetObject {
    /// Key, version, conditions, SSE-C and checksum mode, as for HEAD.
    pub head: HeadObject,
    /// A byte range.
    pub range: Option<ByteRange>,
    /// `response-*` overrides.
    pub overrides: ResponseOverrides,
}

impl GetObject {
    /// The whole latest version of `bucket/key`.
    pub fn new(bucket: impl Into<String>, key: impl Into<String>) -> Self {
        Self {
            head: HeadObject::new(bucket, key),
            ..Self::default()
        }
    }
}

impl GetObject {
    /// [`Operation::encode`], except that the bucket and key move into the
    /// parts instead of being copied: on success they are left empty here;
    /// after an error they are untouched.
    pub fn encode_moving_names(&mut self) -> Result<RequestParts, Error> {
        let parts = self.unnamed_parts()?;
        Ok(moving_names(
            parts,
            &mut self.head.bucket,
            &mut self.head.key,
        ))
    }

    fn unnamed_parts(&self) -> Result<RequestParts, Error> {
        let mut parts = self.head.unnamed_parts(Method::GET)?;
        for (k, v) in self.overrides.query_pairs() {
            parts.push_query(k, v);
        }
        if let Some(range) = &self.range {
            // The value's buffer moves into the header (digits only, no copy).
            let value = http::HeaderValue::try_from(range.header_value()?)
                .map_err(|_| Error::InvalidArgument("byte range".into()))?;
            parts.headers.insert(http::header::RANGE, value);
        }
        Ok(parts)
    }
}

impl Operation for GetObject {
    type Output = ObjectInfo;

    fn encode(&self) -> Result<RequestParts, Error> {
        let mut parts = self.unnamed_parts()?;
        (parts.bucket, parts.key) = (Some(self.head.bucket.clone()), Some(self.head.key.clone()));
        Ok(parts)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<ObjectInfo, Error> {
        check_status(status, headers, body, Target::Object)?;
        ObjectInfo::from_headers(headers)
    }
}

/// Headers every object write shares (PutObject, CreateMultipartUpload).
///
/// `Debug` shows the names of `extra_headers`, not their values: one may be
/// a secret set by hand (an SSE-C key).
#[derive(Clone, Default)]
pub struct WriteOptions {
    /// `Content-Type` (S3 defaults to `binary/octet-stream`).
    pub content_type: Option<String>,
    /// User metadata, names without `x-amz-meta-`.
    pub metadata: Vec<(String, String)>,
    /// Server-side encryption.
    pub sse: Option<Sse>,
    /// The storage class.
    pub storage_class: Option<StorageClass>,
    /// Other standard headers (`Cache-Control`, `Content-Disposition` …).
    pub extra_headers: Vec<(String, String)>,
    /// Object tags (`x-amz-tagging`), at most 10.
    pub tags: Vec<(String, String)>,
}

impl std::fmt::Debug for WriteOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let extra: Vec<&str> = self.extra_headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("WriteOptions")
            .field("content_type", &self.content_type)
            .field("metadata", &self.metadata)
            .field("sse", &self.sse)
            .field("storage_class", &self.storage_class)
            .field("extra_headers", &extra)
            .field("tags", &self.tags)
            .finish()
    }
}

impl WriteOptions {
    /// Writes the headers.
    pub(crate) fn apply(&self, parts: &mut RequestParts) -> Result<(), Error> {
        parts.set_header_opt("content-type", self.content_type.as_deref())?;
        crate::op::headers::apply_metadata(parts, &self.metadata)?;
        if let Some(sse) = &self.sse {
            sse.apply_write(parts)?;
        }
        parts.set_header_opt(
            "x-amz-storage-class",
            self.storage_class.as_ref().map(|s| s.as_str()),
        )?;
        if !self.tags.is_empty() {
            parts.set_header("x-amz-tagging", &tagging_header(&self.tags)?)?;
        }
        for (name, value) in &self.extra_headers {
            parts.set_header(name, value)?;
        }
        Ok(())
    }
}

/// Uploads an object in one request (`PUT /bucket/key`).
#[derive(Debug, Clone, Default)]
pub struct PutObject {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
    /// The payload; a caller streaming its own body leaves this empty and
    /// sets `Content-Length` itself.
    pub body: Bytes,
    /// Content type, metadata, encryption, storage class.
    pub options: WriteOptions,
    /// Precomputed checksums of the body.
    pub checksums: Vec<Checksum>,
    /// Conditional write (`If-None-Match: *` = create only).
    pub if_none_match: Option<String>,
    /// Conditional write: only over the object with this ETag (`If-Match`).
    pub if_match: Option<String>,
}

/// What a write answers with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct PutObjectOutput {
    /// The new object's (or part's) ETag.
    pub etag: Option<String>,
    /// The version id, on versioned buckets.
    pub version_id: Option<String>,
    /// Checksums the server computed or verified.
    pub checksums: Vec<Checksum>,
}

impl PutObjectOutput {
    /// Reads the write headers.
    pub(crate) fn from_headers(headers: &HeaderMap) -> Self {
        Self {
            etag: header_owned(headers, "etag"),
            version_id: header_owned(headers, "x-amz-version-id"),
            checksums: header_checksums(headers),
        }
    }
}

impl PutObject {
    /// Uploads `body` to `bucket/key` with no extra headers.
    pub fn new(bucket: impl Into<String>, key: impl Into<String>, body: impl Into<Bytes>) -> Self {
        Self {
            bucket: bucket.into(),
            key: key.into(),
            body: body.into(),
            ..Self::default()
        }
    }
}

impl PutObject {
    /// [`Operation::encode`], except that the bucket and key move into the
    /// parts instead of being copied: on success they are left empty here;
    /// after an error they are untouched.
    pub fn encode_moving_names(&mut self) -> Result<RequestParts, Error> {
        let parts = self.unnamed_parts()?;
        Ok(moving_names(parts, &mut self.bucket, &mut self.key))
    }

    fn unnamed_parts(&self) -> Result<RequestParts, Error> {
        let mut parts = unnamed_object_parts(Method::PUT, &self.bucket, &self.key)?;
        self.options.apply(&mut parts)?;
        crate::op::headers::apply_checksums(&mut parts, &self.checksums)?;
        crate::op::headers::set_etag_condition(
            &mut parts,
            "if-none-match",
            self.if_none_match.as_deref(),
        )?;
        crate::op::headers::set_etag_condition(&mut parts, "if-match", self.if_match.as_deref())?;
        parts.body = self.body.clone();
        Ok(parts)
    }
}

impl Operation for PutObject {
    type Output = PutObjectOutput;

    fn encode(&self) -> Result<RequestParts, Error> {
        let mut parts = self.unnamed_parts()?;
        (parts.bucket, parts.key) = (Some(self.bucket.clone()), Some(self.key.clone()));
        Ok(parts)
    }

    fn decode(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<PutObjectOutput, Error> {
        check_status(status, headers, body, Target::Object)?;
        Ok(PutObjectOutput::from_headers(headers))
    }
}

/// Deletes an object (`DELETE /bucket/key`); deleting a missing key succeeds.
#[derive(Debug, Clone, Default)]
pub struct DeleteObject {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
    /// A specific version.
    pub version_id: Option<String>,
    /// `x-amz-bypass-governance-retention: true`: remove a version under a
    /// GOVERNANCE-mode retention (S3 API reference: DeleteObject).
    pub bypass_governance: bool,
}

/// The answer to [`DeleteObject`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct DeleteObjectOutput {
    /// Whether a delete marker was created or removed.
    pub delete_marker: bool,
    /// The version id affected.
    pub version_id: Option<String>,
}

impl Operation for DeleteObject {
    type Output = DeleteObjectOutput;

    fn encode(&self) -> Result<RequestParts, Error> {
        let mut parts = object_parts(Method::DELETE, &self.bucket, &self.key)?;
        parts.push_version_id(self.version_id.as_deref())?;
        if self.bypass_governance {
            parts.set_header("x-amz-bypass-governance-retention", "true")?;
        }
        Ok(parts)
    }

    fn decode(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<DeleteObjectOutput, Error> {
        check_status(status, headers, body, Target::Object)?;
        Ok(DeleteObjectOutput {
            delete_marker: header(headers, "x-amz-delete-marker") == Some("true"),
            version_id: header_owned(headers, "x-amz-version-id"),
        })
    }
}
