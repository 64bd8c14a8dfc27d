//! The operations, one module per family. Each public method lives on
//! [`Newtera`](crate::Newtera); options use fluent builders that implement
//! `IntoFuture`.

pub(crate) mod bucket;
pub(crate) mod config;
pub(crate) mod copy;
pub(crate) mod get;
pub(crate) mod list;
pub(crate) mod notify;
pub(crate) mod presign;
pub(crate) mod remove;
pub(crate) mod stat;
pub(crate) mod uploads;
mod verify;

use crate::error::{Error, Result};

/// Checks a bucket name with the endpoint's rules before any request.
pub(crate) fn check_bucket(client: &crate::Newtera, bucket: &str) -> Result<()> {
    newtera_proto::validate::validate_bucket_name(bucket, client.endpoint().name_rules())
        .map_err(|e| Error::invalid_because(format!("bucket name {bucket:?}"), e))
}

/// Checks a bucket and an object name before any request.
pub(crate) fn check_object(client: &crate::Newtera, bucket: &str, key: &str) -> Result<()> {
    check_bucket(client, bucket)?;
    newtera_proto::validate::validate_object_name(key)
        .map_err(|e| Error::invalid_because(format!("object name {key:?}"), e))
}
