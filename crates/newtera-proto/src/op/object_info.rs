//! What HeadObject and GetObject answer with in their headers.

use http::HeaderMap;

use crate::error::Error;
use crate::op::common::{header_checksums, parse_u64};
use crate::types::{Checksum, ChecksumType, StorageClass, Timestamp};

/// An object's metadata from response headers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
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
    /// `Content-Language`.
    pub content_language: Option<String>,
    /// `Expires`, as sent (RFC 9111 lets a cache treat an invalid date as
    /// already expired, so the text is kept rather than parsed).
    pub expires: Option<String>,
    /// `x-amz-server-side-encryption`.
    pub server_side_encryption: Option<String>,
    /// `x-amz-delete-marker: true`.
    pub delete_marker: bool,
    /// `x-amz-server-side-encryption-aws-kms-key-id`.
    pub sse_kms_key_id: Option<String>,
    /// `x-amz-server-side-encryption-customer-algorithm` (`AES256` for an
    /// SSE-C object).
    pub sse_customer_algorithm: Option<String>,
    /// `x-amz-tagging-count`: how many tags the object has.
    pub tag_count: Option<u64>,
}

impl ObjectInfo {
    /// The whole object's size: from `Content-Range` when ranged (`None`
    /// for a `*` total: the range's length is not the object's), else
    /// `Content-Length`; `None` for a body of unknown length (chunked).
    pub fn size(&self) -> Option<u64> {
        match &self.content_range {
            Some(range) => range.total,
            None => self.content_length,
        }
    }

    /// A user metadata value by (case-insensitive) name.
    pub fn meta(&self, name: &str) -> Option<&str> {
        self.metadata
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Reads the headers; malformed numbers and dates are errors.
    ///
    /// One pass over the headers (a response has a handful; looking up
    /// each field by name would hash every name again). For a repeated
    /// header the first value counts, as with `HeaderMap::get`.
    pub fn from_headers(headers: &HeaderMap) -> Result<Self, Error> {
        let mut info = Self::default();
        for (name, value) in headers {
            let name = name.as_str();
            if let Some(key) = name.strip_prefix("x-amz-meta-") {
                // Servers may send raw UTF-8: kept lossily.
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                info.metadata.push((key.to_owned(), value));
                continue;
            }
            let Ok(text) = value.to_str() else {
                continue;
            };
            info.field(name, text)?;
        }
        info.checksums = header_checksums(headers);
        Ok(info)
    }

    /// Sets the field header `name` carries, unless already set.
    fn field(&mut self, name: &str, text: &str) -> Result<(), Error> {
        fn first(slot: &mut Option<String>, text: &str) {
            slot.get_or_insert_with(|| text.to_owned());
        }
        match name {
            "content-length" if self.content_length.is_none() => {
                self.content_length = Some(parse_u64("Content-Length", text)?);
            }
            "etag" => first(&mut self.etag, text),
            "content-type" => first(&mut self.content_type, text),
            "last-modified" if self.last_modified.is_none() => {
                self.last_modified = Some(Timestamp::parse(text)?);
            }
            "x-amz-checksum-type" if self.checksum_type.is_none() => {
                self.checksum_type = Some(ChecksumType::parse(text));
            }
            "x-amz-version-id" => first(&mut self.version_id, text),
            "x-amz-storage-class" if self.storage_class.is_none() => {
                self.storage_class = Some(StorageClass::parse(text));
            }
            "content-range" if self.content_range.is_none() => {
                self.content_range = Some(ContentRange::parse(text)?);
            }
            "content-encoding" => first(&mut self.content_encoding, text),
            "content-disposition" => first(&mut self.content_disposition, text),
            "cache-control" => first(&mut self.cache_control, text),
            "content-language" => first(&mut self.content_language, text),
            "expires" => first(&mut self.expires, text),
            "x-amz-server-side-encryption" => first(&mut self.server_side_encryption, text),
            "x-amz-delete-marker" => self.delete_marker |= text == "true",
            "x-amz-server-side-encryption-aws-kms-key-id" => first(&mut self.sse_kms_key_id, text),
            "x-amz-server-side-encryption-customer-algorithm" => {
                first(&mut self.sse_customer_algorithm, text);
            }
            "x-amz-tagging-count" if self.tag_count.is_none() => {
                self.tag_count = Some(parse_u64("x-amz-tagging-count", text)?);
            }
            _ => {}
        }
        Ok(())
    }
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
