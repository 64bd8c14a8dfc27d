//! The ETag of an object just written, for servers whose answer has none
//! (Ceph RGW answers CompleteMultipartUpload with an empty `<ETag/>`).

use http::StatusCode;
use newtera_proto::op::object::{Conditions, HeadObject, Sse};

use crate::client::{Newtera, SendOptions};
use crate::error::{Error, Result};
use crate::types::ETag;

/// Learns the ETag of the object the caller just wrote with a HEAD pinned
/// to that write: by version id when the server gave one, else by
/// `If-Match` on `expected`, the ETag the written bytes make (an MD5 or a
/// multipart ETag; `None` when it cannot be known, as for a single PUT
/// under SSE-KMS or SSE-C; `sse` carries the SSE-C key the HEAD needs). When
/// the object was replaced in the meantime (412), `expected` is still this
/// write's ETag and is returned.
///
/// # Errors
///
/// The HEAD's error, or a malformed-answer error when neither the write nor
/// the HEAD gave an ETag.
pub(crate) async fn learn_etag(
    client: &Newtera,
    (bucket, key): (&str, &str),
    expected: Option<String>,
    version_id: &Option<String>,
    sse: Option<&Sse>,
) -> Result<ETag> {
    let head = HeadObject {
        bucket: bucket.to_owned(),
        key: key.to_owned(),
        version_id: version_id.clone(),
        conditions: Conditions {
            if_match: expected.clone().filter(|_| version_id.is_none()),
            ..Conditions::default()
        },
        // An SSE-C object is read (even by HEAD) only with its key.
        sse: sse.filter(|s| s.is_customer()).cloned(),
        checksum_mode: false,
    };
    let learned = match client.execute(&head, SendOptions::default()).await {
        Ok(info) => info.etag.or(expected),
        Err(e) if e.status() == Some(StatusCode::PRECONDITION_FAILED) && expected.is_some() => {
            tracing::debug!(%key, "the object was replaced right after it was written");
            expected
        }
        Err(e) => return Err(e),
    };
    learned
        .as_deref()
        .map(ETag::parse)
        .filter(|etag| !etag.is_empty())
        .ok_or_else(|| Error::malformed("neither the write nor a HEAD gave the object's ETag"))
}
