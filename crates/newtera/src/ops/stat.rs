//! `stat_object` and the conversion of response headers to [`ObjectStat`].

use std::future::IntoFuture;

use newtera_proto::op::object::{HeadObject, ObjectInfo};

use crate::client::{Newtera, SendOptions};
use crate::convert::Target;
use crate::error::{Error, Result};
use crate::future::OpFuture;
use crate::ops::read::ReadOptions;
use crate::types::{ETag, ObjectStat, system_time};

impl Newtera {
    /// An object's size, ETag, content type, modification time, user
    /// metadata, storage class and encryption (HeadObject). Conditions that
    /// fail are errors: 412 ([`Error::is_precondition_failed`]) or 304
    /// ([`Error::is_not_modified`]).
    pub fn stat_object(&self, bucket: &str, object: &str) -> StatObject {
        StatObject {
            client: self.clone(),
            bucket: bucket.to_owned(),
            key: object.to_owned(),
            read: ReadOptions::default(),
        }
    }
}

/// The builder [`Newtera::stat_object`] returns; await it to send.
#[derive(Debug)]
#[must_use = "nothing is sent until this is awaited"]
pub struct StatObject {
    client: Newtera,
    bucket: String,
    key: String,
    read: ReadOptions,
}

impl StatObject {
    crate::ops::read::read_setters!();
}

impl IntoFuture for StatObject {
    type Output = Result<ObjectStat>;
    type IntoFuture = OpFuture<ObjectStat>;

    fn into_future(self) -> Self::IntoFuture {
        let Self {
            client,
            bucket,
            key,
            read,
        } = self;
        OpFuture::new(async move {
            // The names move into the request, and back out into the result.
            let mut op = read.head(bucket, key, false);
            let mut parts = op
                .encode_moving_names()
                .map_err(|e| Target::new(Some(&op.bucket), Some(&op.key)).encode_error(e))?;
            read.extras.apply(&mut parts)?;
            let info = client
                .execute_keeping::<HeadObject>(&mut parts, None, SendOptions::default())
                .await?;
            let (bucket, key) = (
                parts.bucket.unwrap_or_default(),
                parts.key.unwrap_or_default(),
            );
            object_stat(bucket, key, info)
        })
    }
}

/// An [`ObjectStat`] from HEAD or GET headers.
pub(crate) fn object_stat(bucket: String, key: String, info: ObjectInfo) -> Result<ObjectStat> {
    let size = info
        .size()
        .ok_or_else(|| Error::malformed("the response has no Content-Length"))?;
    Ok(object_stat_with_size(bucket, key, info, size))
}

/// The stat of an answer whose size the caller worked out; the decoded
/// strings move into it.
pub(crate) fn object_stat_with_size(
    bucket: String,
    key: String,
    info: ObjectInfo,
    size: u64,
) -> ObjectStat {
    ObjectStat {
        bucket_name: bucket,
        object_name: key,
        size,
        etag: info.etag.map(ETag::parse_owned).unwrap_or_default(),
        content_type: info.content_type,
        last_modified: info.last_modified.as_ref().map(system_time),
        metadata: info
            .metadata
            .into_iter()
            .map(|(mut k, v)| {
                k.make_ascii_lowercase();
                (k, v)
            })
            .collect(),
        version_id: info.version_id,
        storage_class: info.storage_class.as_ref().map(|s| s.as_str().to_owned()),
        server_side_encryption: info.server_side_encryption,
        sse_kms_key_id: info.sse_kms_key_id,
        sse_customer_algorithm: info.sse_customer_algorithm,
        tag_count: info.tag_count,
        cache_control: info.cache_control.clone(),
        content_disposition: info.content_disposition.clone(),
        content_encoding: info.content_encoding.clone(),
        content_language: info.content_language.clone(),
        expires: info.expires.clone(),
    }
}
