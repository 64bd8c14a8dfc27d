//! What HeadObject and GetObject answer with in their headers.

use http::HeaderMap;

use crate::error::Error;
use crate::op::common::{header, header_checksums, header_owned, parse_u64};
use crate::types::{Checksum, ChecksumType, StorageClass, Timestamp};

/// An object's metadata from response headers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ObjectInfo {
    /// `Content-Length`: the bytes in this response (the whole object for
    /// HEAD and unranged GET).
    pub content_length: Option<u64>,
    /// The ETag as sent (with quotes).
    pub etag: Option<String>,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// `Last-Modified`.
    pub last_modified: Option<Timestamp>,
    /// User metadata (`x-amz-meta-*`), names without the prefix, lowercased.
    pub metadata: Vec<(String, String)>,
    /// `x-amz-checksum-*` values.
    pub checksums: Vec<Checksum>,
    /// `x-amz-checksum-type`.
    pub checksum_type: Option<ChecksumType>,
    /// `x-amz-version-id`.
    pub version_id: Option<String>,
    /// `x-amz-storage-class` (absent means STANDARD on AWS).
    pub storage_class: Option<StorageClass>,
    /// `Content-Range` of a ranged GET.
    pub content_range: Option<ContentRange>,
    /// `Content-Encoding`.
    pub content_encoding: Option<String>,
    /// `Content-Disposition`.
    pub content_disposition: Option<String>,
    /// `Cache-Control`.
    pub cache_control: Option<String>,
    /// `x-amz-server-side-encryption`.
    pub server_side_encryption: Option<String>,
    /// `x-amz-delete-marker: true`.
    pub delete_marker: bool,
}

impl ObjectInfo {
    /// The whole object's size: from `Content-Range` when ranged, else
    /// `Content-Length`.
    pub fn size(&self) -> Option<u64> {
        self.content_range
            .as_ref()
            .and_then(|r| r.total)
            .or(self.content_length)
    }

    /// A user metadata value by (case-insensitive) name.
    pub fn meta(&self, name: &str) -> Option<&str> {
        self.metadata
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Reads the headers; malformed numbers and dates are errors.
    pub fn from_headers(headers: &HeaderMap) -> Result<Self, Error> {
        Ok(Self {
            content_length: header(headers, "content-length")
                .map(|v| parse_u64("Content-Length", v))
                .transpose()?,
            etag: header_owned(headers, "etag"),
            content_type: header_owned(headers, "content-type"),
            last_modified: header(headers, "last-modified")
                .map(Timestamp::parse)
                .transpose()?,
            metadata: user_metadata(headers),
            checksums: header_checksums(headers),
            checksum_type: header(headers, "x-amz-checksum-type").map(ChecksumType::parse),
            version_id: header_owned(headers, "x-amz-version-id"),
            storage_class: header(headers, "x-amz-storage-class").map(StorageClass::parse),
            content_range: header(headers, "content-range")
                .map(ContentRange::parse)
                .transpose()?,
            content_encoding: header_owned(headers, "content-encoding"),
            content_disposition: header_owned(headers, "content-disposition"),
            cache_control: header_owned(headers, "cache-control"),
            server_side_encryption: header_owned(headers, "x-amz-server-side-encryption"),
            delete_marker: header(headers, "x-amz-delete-marker") == Some("true"),
        })
    }
}

/// `x-amz-meta-*` headers; non-ASCII values are kept lossily since servers
/// may send raw UTF-8.
fn user_metadata(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .filter_map(|(name, value)| {
            let key = name.as_str().strip_prefix("x-amz-meta-")?;
            Some((
                key.to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            ))
        })
        .collect()
}

/// A parsed `Content-Range: bytes first-last/total` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentRange {
    /// The first byte served and the last (inclusive); `None` for
    /// `bytes */total` (unsatisfiable range answers).
    pub range: Option<(u64, u64)>,
    /// The object's full size; `None` for `*`.
    pub total: Option<u64>,
}

impl ContentRange {
    /// Parses the header value.
    pub fn parse(value: &str) -> Result<Self, Error> {
        let bad = || Error::invalid("Content-Range", "expected `bytes first-last/total`");
        let spec = value
            .trim()
            .strip_prefix("bytes")
            .ok_or_else(bad)?
            .trim_start();
        let (range, total) = spec.split_once('/').ok_or_else(bad)?;
        let total = match total.trim() {
            "*" => None,
            t => Some(parse_u64("Content-Range", t)?),
        };
        let range = match range.trim() {
            "*" => None,
            r => {
                let (a, b) = r.split_once('-').ok_or_else(bad)?;
                let (a, b) = (
                    parse_u64("Content-Range", a)?,
                    parse_u64("Content-Range", b)?,
                );
                if a > b || total.is_some_and(|t| b >= t) {
                    return Err(bad());
                }
                Some((a, b))
            }
        };
        Ok(Self { range, total })
    }
}
