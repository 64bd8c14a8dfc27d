//! Request header groups shared by several operations, and the object
//! headers HeadObject, GetObject and PutObject answer with.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use md5::{Digest, Md5};

use crate::error::Error;
use crate::request::RequestParts;
use crate::types::{Checksum, Timestamp};

/// Conditional request headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conditions {
    /// `If-Match`: only if the ETag matches.
    pub if_match: Option<String>,
    /// `If-None-Match`: only if the ETag differs (`*` = only if absent).
    pub if_none_match: Option<String>,
    /// `If-Modified-Since`.
    pub if_modified_since: Option<Timestamp>,
    /// `If-Unmodified-Since`.
    pub if_unmodified_since: Option<Timestamp>,
}

impl Conditions {
    /// Whether no condition is set.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }

    /// Checks the conditions as a request would carry them, sending
    /// nothing: for an operation that sends other requests first (a copy
    /// reads its source's size before copying).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for an empty ETag, a time after the year
    /// 9999, or an ETag HTTP cannot carry.
    pub fn check(&self) -> Result<(), Error> {
        self.apply(
            &mut RequestParts::new(http::Method::HEAD, None, None),
            "if-",
        )
    }

    /// Writes the headers, each under `prefix` (`if-` for reads,
    /// `x-amz-copy-source-if-` for copy sources).
    pub(crate) fn apply(&self, parts: &mut RequestParts, prefix: &str) -> Result<(), Error> {
        // Names are formatted only for the conditions that are set: most
        // reads carry none.
        if let Some(v) = &self.if_match {
            set_etag_condition(parts, &format!("{prefix}match"), Some(v))?;
        }
        if let Some(v) = &self.if_none_match {
            set_etag_condition(parts, &format!("{prefix}none-match"), Some(v))?;
        }
        if let Some(t) = self.if_modified_since {
            parts.set_header(&format!("{prefix}modified-since"), &http_date(t)?)?;
        }
        if let Some(t) = self.if_unmodified_since {
            parts.set_header(&format!("{prefix}unmodified-since"), &http_date(t)?)?;
        }
        Ok(())
    }
}

/// Sets an ETag condition (`If-Match`, `If-None-Match` and their copy
/// source forms). An empty one is refused: it names no entity tag
/// (RFC 9110, section 13.1.1), so the condition could not mean what the
/// caller asked.
pub(crate) fn set_etag_condition(
    parts: &mut RequestParts,
    name: &str,
    etag: Option<&str>,
) -> Result<(), Error> {
    let Some(etag) = etag else { return Ok(()) };
    if etag.trim().is_empty() {
        return Err(Error::InvalidArgument(format!("an empty ETag in `{name}`")));
    }
    parts.set_header(name, etag)
}

/// A condition's time as an HTTP date, whose years have four digits
/// (RFC 9110, section 5.6.7): a later time cannot be written, and a
/// server would ignore the condition.
fn http_date(t: Timestamp) -> Result<String, Error> {
    // 9999-12-31T23:59:59Z and 0001-01-01T00:00:00Z.
    if !(-62_135_596_800..=253_402_300_799).contains(&t.unix_seconds()) {
        return Err(Error::InvalidArgument(
            "a condition time outside the years 1 to 9999".into(),
        ));
    }
    Ok(t.to_http_date())
}

/// Server-side encryption of an object (S3 API reference, "Protecting data
/// with server-side encryption"): on a write it says how to encrypt; on a
/// read (GET, HEAD, UploadPart, a copy source) only SSE-C sends anything,
/// the key the object was written with.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Sse {
    /// SSE-S3: the server manages the key (`x-amz-server-side-encryption: AES256`).
    S3,
    /// SSE-KMS (`x-amz-server-side-encryption: aws:kms`).
    Kms {
        /// The KMS key id (`x-amz-server-side-encryption-aws-kms-key-id`);
        /// the server's default key when `None`.
        key_id: Option<String>,
        /// The encryption context, a JSON object of string pairs, sent
        /// base64-encoded in `x-amz-server-side-encryption-context`.
        context: Option<String>,
        /// Whether to use an S3 Bucket Key
        /// (`x-amz-server-side-encryption-bucket-key-enabled`).
        bucket_key: Option<bool>,
    },
    /// SSE-C: the caller supplies a 256-bit AES key with every request that
    /// reads or writes the object's data
    /// (`x-amz-server-side-encryption-customer-algorithm`, `-key`, `-key-MD5`).
    Customer {
        /// The raw key; never printed.
        key: [u8; 32],
    },
}

impl std::fmt::Debug for Sse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::S3 => f.write_str("Sse::S3"),
            Self::Kms {
                key_id,
                context,
                bucket_key,
            } => f
                .debug_struct("Sse::Kms")
                .field("key_id", key_id)
                .field("context", context)
                .field("bucket_key", bucket_key)
                .finish(),
            Self::Customer { .. } => f.write_str("Sse::Customer { key: <redacted> }"),
        }
    }
}

impl Sse {
    /// SSE-C with this 256-bit key.
    pub fn customer(key: [u8; 32]) -> Self {
        Self::Customer { key }
    }

    /// SSE-KMS with `key_id` (the server's default key when `None`), no
    /// context, the bucket's Bucket Key setting.
    pub fn kms(key_id: Option<String>) -> Self {
        Self::Kms {
            key_id,
            context: None,
            bucket_key: None,
        }
    }

    /// Whether this is SSE-C (the key must accompany every read).
    pub fn is_customer(&self) -> bool {
        matches!(self, Self::Customer { .. })
    }

    /// Whether an object written this way gets the MD5 of its bytes as ETag
    /// (single PUT): true without encryption and for SSE-S3, false for
    /// SSE-KMS and SSE-C (S3 API reference, "Common Response Headers":
    /// ETag).
    pub fn keeps_md5_etag(sse: Option<&Self>) -> bool {
        matches!(sse, None | Some(Self::S3))
    }

    /// The headers a write of an object with this encryption carries
    /// (PutObject, CreateMultipartUpload, a copy's target), as name/value
    /// pairs: what the user of a presigned PUT URL must send. The SSE-C
    /// key is among them, base64-encoded.
    pub fn write_headers(&self) -> Result<Vec<(String, String)>, Error> {
        let mut parts = RequestParts::new(http::Method::PUT, None, None);
        self.apply_write(&mut parts)?;
        Ok(header_pairs(&parts))
    }

    /// The headers a read of such an object carries (GET, HEAD, and
    /// UploadPart of an SSE-C upload): the SSE-C key, none for the others.
    pub fn read_headers(&self) -> Result<Vec<(String, String)>, Error> {
        let mut parts = RequestParts::new(http::Method::GET, None, None);
        self.apply_read(&mut parts)?;
        Ok(header_pairs(&parts))
    }

    /// Headers for a write (PutObject, CreateMultipartUpload, copy target).
    pub(crate) fn apply_write(&self, parts: &mut RequestParts) -> Result<(), Error> {
        match self {
            Self::S3 => parts.set_header("x-amz-server-side-encryption", "AES256"),
            Self::Kms {
                key_id,
                context,
                bucket_key,
            } => {
                parts.set_header("x-amz-server-side-encryption", "aws:kms")?;
                parts.set_header_opt(
                    "x-amz-server-side-encryption-aws-kms-key-id",
                    key_id.as_deref(),
                )?;
                let context = context.as_deref().map(|c| STANDARD.encode(c));
                parts.set_header_opt("x-amz-server-side-encryption-context", context.as_deref())?;
                let bucket_key = bucket_key.map(|b| if b { "true" } else { "false" });
                parts.set_header_opt(
                    "x-amz-server-side-encryption-bucket-key-enabled",
                    bucket_key,
                )
            }
            Self::Customer { key } => {
                apply_customer_key(parts, "x-amz-server-side-encryption-customer-", key)
            }
        }
    }

    /// Headers for reading an encrypted object, or for UploadPart and
    /// CompleteMultipartUpload of an SSE-C upload (only SSE-C needs any).
    pub(crate) fn apply_read(&self, parts: &mut RequestParts) -> Result<(), Error> {
        match self {
            Self::Customer { key } => {
                apply_customer_key(parts, "x-amz-server-side-encryption-customer-", key)
            }
            _ => Ok(()),
        }
    }

    /// Headers for reading an SSE-C copy source.
    pub(crate) fn apply_copy_source(&self, parts: &mut RequestParts) -> Result<(), Error> {
        match self {
            Self::Customer { key } => apply_customer_key(
                parts,
                "x-amz-copy-source-server-side-encryption-customer-",
                key,
            ),
            _ => Ok(()),
        }
    }
}

/// The most tags an object can carry (S3 API reference, PutObjectTagging).
pub use crate::types::MAX_OBJECT_TAGS;

/// The `x-amz-tagging` value of a write: `key=value` pairs URL-encoded as a
/// query string. The pairs are checked as object [`Tags`](crate::types::Tags)
/// are (at most 10 tags, keys of 1 to 128 characters, values of at most
/// 256, no key twice; S3 API reference, "Categorizing your storage using
/// tags"); anything else is an [`Error::InvalidArgument`].
pub fn tagging_header(tags: &[(String, String)]) -> Result<String, Error> {
    let tags = crate::types::Tags::from_pairs(tags.iter().cloned())?;
    tags.check(crate::types::TagTarget::Object)?;
    Ok(tags.to_query_string())
}

fn header_pairs(parts: &RequestParts) -> Vec<(String, String)> {
    parts
        .headers
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
        .collect()
}

fn apply_customer_key(parts: &mut RequestParts, prefix: &str, key: &[u8; 32]) -> Result<(), Error> {
    parts.set_header(&format!("{prefix}algorithm"), "AES256")?;
    parts.set_header(&format!("{prefix}key"), &STANDARD.encode(key))?;
    parts.set_header(&format!("{prefix}key-md5"), &content_md5(key))
}

/// The base64 MD5 digest S3 expects in `Content-MD5`.
pub fn content_md5(data: &[u8]) -> String {
    STANDARD.encode(Md5::digest(data))
}

/// The ETag S3 gives an object stored by one PUT without SSE-KMS or
/// SSE-C: its MD5 in hex, quoted (S3 API reference, "Common Response
/// Headers": ETag).
pub fn md5_etag(data: &[u8]) -> String {
    let hex: String = Md5::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("\"{hex}\"")
}

/// User metadata as `x-amz-meta-*` headers; names are lowercased by HTTP.
///
/// S3 carries metadata in header values, which SigV4 signs as visible
/// ASCII: a value with any other character (`testà`, a control
/// character) is refused here, naming the entry, rather than failing at
/// signing or reaching the server mangled. Encode such values first (RFC
/// 2047 or percent-encoding) and decode them after reading.
pub(crate) fn apply_metadata(
    parts: &mut RequestParts,
    metadata: &[(String, String)],
) -> Result<(), Error> {
    for (name, value) in metadata {
        crate::validate::validate_metadata_entry(name, value)?;
        parts.set_header(&format!("x-amz-meta-{name}"), value)?;
    }
    Ok(())
}

/// Precomputed checksums as `x-amz-checksum-*` headers.
pub(crate) fn apply_checksums(
    parts: &mut RequestParts,
    checksums: &[Checksum],
) -> Result<(), Error> {
    for c in checksums {
        parts.set_header(&c.algorithm.header_name(), &c.value)?;
    }
    Ok(())
}
