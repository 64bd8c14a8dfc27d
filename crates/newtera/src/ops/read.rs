//! The options every object read shares (`get_object`, `get_object_bytes`,
//! `fget_object`, `stat_object`): version, conditions, SSE-C key, extra
//! headers and query parameters.

use std::time::SystemTime;

use newtera_proto::op::object::{Conditions, HeadObject, Sse};
use newtera_proto::types::Timestamp;

use crate::ops::Extras;

/// What a read asks of the object beside its name.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReadOptions {
    pub(crate) version_id: Option<String>,
    pub(crate) conditions: Conditions,
    pub(crate) sse: Option<Sse>,
    pub(crate) extras: Extras,
}

impl ReadOptions {
    /// The HEAD (or the head of a GET) these options make.
    pub(crate) fn head(&self, bucket: String, key: String, checksum_mode: bool) -> HeadObject {
        HeadObject {
            bucket,
            key,
            version_id: self.version_id.clone(),
            conditions: self.conditions.clone(),
            sse: self.sse.clone(),
            checksum_mode,
        }
    }

    /// The same read pinned to `etag` (`If-Match`) instead of the caller's
    /// conditions: the ranges after the first of a download, which already
    /// met them.
    pub(crate) fn pinned(&self, etag: Option<String>) -> Self {
        Self {
            conditions: Conditions {
                if_match: etag,
                ..Conditions::default()
            },
            ..self.clone()
        }
    }
}

/// A `SystemTime` as the protocol's timestamp (whole milliseconds).
pub(crate) fn timestamp(time: SystemTime) -> Timestamp {
    match time.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => Timestamp::from_unix(
            i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            u16::try_from(d.subsec_millis()).unwrap_or(0),
        ),
        Err(e) => {
            let d = e.duration();
            let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
            Timestamp::from_unix(-secs, 0)
        }
    }
}

/// The setters of [`ReadOptions`] on a builder whose field `read` holds
/// them.
macro_rules! read_setters {
    () => {
        /// A specific version (`versionId`).
        pub fn version_id(mut self, version_id: impl Into<String>) -> Self {
            self.read.version_id = Some(version_id.into());
            self
        }

        /// The SSE-C key the object was written with (S3 needs it for every
        /// read of an SSE-C object; SSE-S3 and SSE-KMS objects need
        /// nothing, and those settings send nothing here).
        pub fn sse(mut self, sse: crate::Sse) -> Self {
            self.read.sse = Some(sse);
            self
        }

        /// Only if the object's ETag is this one (`If-Match`); otherwise the
        /// server answers 412 and the error's
        /// [`is_precondition_failed`](crate::Error::is_precondition_failed)
        /// is true.
        pub fn if_match(mut self, etag: impl Into<String>) -> Self {
            self.read.conditions.if_match = Some(etag.into());
            self
        }

        /// Only if the object's ETag is not this one (`If-None-Match`);
        /// otherwise the server answers 304 and the error's
        /// [`is_not_modified`](crate::Error::is_not_modified) is true.
        pub fn if_none_match(mut self, etag: impl Into<String>) -> Self {
            self.read.conditions.if_none_match = Some(etag.into());
            self
        }

        /// Only if the object changed after `time` (`If-Modified-Since`,
        /// whole seconds); otherwise 304
        /// ([`is_not_modified`](crate::Error::is_not_modified)).
        pub fn if_modified_since(mut self, time: std::time::SystemTime) -> Self {
            self.read.conditions.if_modified_since = Some(crate::ops::read::timestamp(time));
            self
        }

        /// Only if the object did not change after `time`
        /// (`If-Unmodified-Since`, whole seconds); otherwise 412
        /// ([`is_precondition_failed`](crate::Error::is_precondition_failed)).
        pub fn if_unmodified_since(mut self, time: std::time::SystemTime) -> Self {
            self.read.conditions.if_unmodified_since = Some(crate::ops::read::timestamp(time));
            self
        }

        /// An extra request header (minio-py's `request_headers` /
        /// `extra_headers`); it replaces a header of the same name the
        /// operation sets. A name or value HTTP cannot carry (values must be
        /// visible ASCII) is [`Error::InvalidArgument`](crate::Error::InvalidArgument)
        /// before any request.
        pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.read.extras.header(name.into(), value.into());
            self
        }

        /// An extra query parameter (minio-py's `extra_query_params`),
        /// appended to every request of the operation.
        pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.read.extras.query(name.into(), value.into());
            self
        }
    };
}

pub(crate) use read_setters;
