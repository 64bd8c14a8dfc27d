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
    /// Writes the headers, each under `prefix` (`if-` for reads,
    /// `x-amz-copy-source-if-` for copy sources).
    pub(crate) fn apply(&self, parts: &mut RequestParts, prefix: &str) -> Result<(), Error> {
        parts.set_header_opt(&format!("{prefix}match"), self.if_match.as_deref())?;
        parts.set_header_opt(
            &format!("{prefix}none-match"),
            self.if_none_match.as_deref(),
        )?;
        let modified = self.if_modified_since.map(|t| t.to_http_date());
        parts.set_header_opt(&format!("{prefix}modified-since"), modified.as_deref())?;
        let unmodified = self.if_unmodified_since.map(|t| t.to_http_date());
        parts.set_header_opt(&format!("{prefix}unmodified-since"), unmodified.as_deref())
    }
}

/// Server-side encryption for a write or a read of an encrypted object.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Sse {
    /// SSE-S3: the server manages the key (`AES256`).
    S3,
    /// SSE-KMS with an optional key id.
    Kms {
        /// The KMS key id; the default key when `None`.
        key_id: Option<String>,
    },
    /// SSE-C: the caller supplies a 256-bit key with every request.
    Customer {
        /// The raw key; never printed.
        key: [u8; 32],
    },
}

impl std::fmt::Debug for Sse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::S3 => f.write_str("Sse::S3"),
            Self::Kms { key_id } => f.debug_struct("Sse::Kms").field("key_id", key_id).finish(),
            Self::Customer { .. } => f.write_str("Sse::Customer { key: <redacted> }"),
        }
    }
}

impl Sse {
    /// Headers for a write (PutObject, CreateMultipartUpload, copy target).
    pub(crate) fn apply_write(&self, parts: &mut RequestParts) -> Result<(), Error> {
        match self {
            Self::S3 => parts.set_header("x-amz-server-side-encryption", "AES256"),
            Self::Kms { key_id } => {
                parts.set_header("x-amz-server-side-encryption", "aws:kms")?;
                parts.set_header_opt(
                    "x-amz-server-side-encryption-aws-kms-key-id",
                    key_id.as_deref(),
                )
            }
            Self::Customer { key } => {
                apply_customer_key(parts, "x-amz-server-side-encryption-customer-", key)
            }
        }
    }

    /// Headers for reading an encrypted object (only SSE-C needs any).
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
