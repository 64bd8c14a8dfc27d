//! The operations, one module per family. Each public method lives on
//! [`Newtera`](crate::Newtera); options use fluent builders that implement
//! `IntoFuture`.

pub(crate) mod attributes;
pub(crate) mod bucket;
pub(crate) mod compose;
pub(crate) mod config;
pub(crate) mod copy;
pub(crate) mod empty;
mod extras;
pub(crate) mod get;
pub(crate) mod list;
pub(crate) mod lock;
pub(crate) mod multipart;
pub(crate) mod notify;
pub(crate) mod presign;
pub(crate) mod read;
pub(crate) mod remove;
pub(crate) mod stat;
pub(crate) mod subresource;
pub(crate) mod tags;
pub(crate) mod uploads;
mod verify;
pub(crate) mod versions;

pub(crate) use extras::Extras;

use newtera_proto::validate::NameRules;

use crate::error::{Error, Result};

/// Checks a bucket name before any request, for operations whose names are
/// sent only by a later request (a copy's target, a listing's pages): the
/// rules proto's encoders apply to every request (`NameRules::Relaxed`), so
/// a bucket that exists (AWS keeps legacy names with capitals and `_`) is
/// never refused by the client. An operation of one request needs no
/// pre-check: its encoder validates before anything is sent.
pub(crate) fn check_bucket(_client: &crate::Newtera, bucket: &str) -> Result<()> {
    newtera_proto::validate::validate_bucket_name(bucket, NameRules::Relaxed)
        .map_err(|e| Error::invalid_because(format!("bucket name {bucket:?}"), e))
}

/// Checks the name of a bucket to create with the endpoint's rules: AWS's
/// current naming rules apply to new buckets only.
pub(crate) fn check_new_bucket(client: &crate::Newtera, bucket: &str) -> Result<()> {
    newtera_proto::validate::validate_bucket_name(bucket, client.endpoint().name_rules())
        .map_err(|e| Error::invalid_because(format!("bucket name {bucket:?}"), e))
}

/// Checks a bucket and an object name before any request.
pub(crate) fn check_object(client: &crate::Newtera, bucket: &str, key: &str) -> Result<()> {
    check_bucket(client, bucket)?;
    newtera_proto::validate::validate_object_name(key)
        .map_err(|e| Error::invalid_because(format!("object name {key:?}"), e))
}
