//! Bucket configuration documents: lifecycle, CORS and default encryption,
//! as plain tuples from and to `newtera.lifecycleconfig`,
//! `newtera.corsconfig` and `newtera.sseconfig`.

// The documents are filled field by field from `default()`, not with struct
// literals, so they keep building when the client adds fields.
#![allow(clippy::field_reassign_with_default)]

use newtera::{
    CorsConfiguration, CorsRule, EncryptionConfiguration, Expiration, LifecycleConfiguration,
    LifecycleRule, NoncurrentVersionExpiration, Transition,
};
use pyo3::prelude::*;

use crate::client::Client;
use crate::runtime;

/// Name/value pairs (tags).
type Pairs = Vec<(String, String)>;

/// A default-encryption rule: algorithm (`AES256`, `aws:kms`), KMS key id.
type EncryptionTuple = (String, Option<String>);

/// A transition: days, date (ISO 8601), storage class.
type TransitionTuple = (Option<u32>, Option<String>, String);

/// A lifecycle rule: id, enabled, filter prefix, filter tags, expiration
/// days, expiration date (ISO 8601), expired-object delete marker,
/// noncurrent days, newer noncurrent versions, abort-incomplete-upload
/// days, transitions.
#[derive(FromPyObject, IntoPyObject)]
pub(crate) struct Rule(
    Option<String>,
    bool,
    Option<String>,
    Pairs,
    Option<u32>,
    Option<String>,
    Option<bool>,
    Option<u32>,
    Option<u32>,
    Option<u32>,
    Vec<TransitionTuple>,
);

/// A CORS rule: id, allowed origins, allowed methods, allowed headers,
/// expose headers, max age (seconds).
#[derive(FromPyObject, IntoPyObject)]
pub(crate) struct Cors(
    Option<String>,
    Vec<String>,
    Vec<String>,
    Vec<String>,
    Vec<String>,
    Option<u32>,
);

/// The bucket's lifecycle rules, `None` when it has none.
#[pyfunction]
pub(crate) fn get_bucket_lifecycle(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
) -> PyResult<Option<Vec<Rule>>> {
    let c = client.inner();
    let got = runtime::wait(py, c, c.get_bucket_lifecycle(bucket))?;
    Ok(got.map(|config| config.rules.into_iter().map(from_rule).collect()))
}

/// Replaces the bucket's lifecycle rules.
#[pyfunction]
pub(crate) fn set_bucket_lifecycle(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
    rules: Vec<Rule>,
) -> PyResult<()> {
    let mut config = LifecycleConfiguration::default();
    config.rules = rules.into_iter().map(to_rule).collect();
    let c = client.inner();
    runtime::wait(py, c, c.set_bucket_lifecycle(bucket, config))
}

/// Removes the bucket's lifecycle rules.
#[pyfunction]
pub(crate) fn delete_bucket_lifecycle(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
) -> PyResult<()> {
    let c = client.inner();
    runtime::wait(py, c, c.delete_bucket_lifecycle(bucket))
}

/// The bucket's CORS rules, `None` when it has none.
#[pyfunction]
pub(crate) fn get_bucket_cors(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
) -> PyResult<Option<Vec<Cors>>> {
    let c = client.inner();
    let got = runtime::wait(py, c, c.get_bucket_cors(bucket))?;
    Ok(got.map(|config| {
        config
            .rules
            .into_iter()
            .map(|r| {
                Cors(
                    r.id,
                    r.allowed_origins,
                    r.allowed_methods,
                    r.allowed_headers,
                    r.expose_headers,
                    r.max_age_seconds,
                )
            })
            .collect()
    }))
}

/// Replaces the bucket's CORS rules.
#[pyfunction]
pub(crate) fn set_bucket_cors(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
    rules: Vec<Cors>,
) -> PyResult<()> {
    let mut config = CorsConfiguration::default();
    config.rules = rules
        .into_iter()
        .map(|Cors(id, origins, methods, headers, expose, max_age)| {
            let mut rule = CorsRule::default();
            rule.id = id;
            rule.allowed_origins = origins;
            rule.allowed_methods = methods;
            rule.allowed_headers = headers;
            rule.expose_headers = expose;
            rule.max_age_seconds = max_age;
            rule
        })
        .collect();
    let c = client.inner();
    runtime::wait(py, c, c.set_bucket_cors(bucket, config))
}

/// Removes the bucket's CORS rules.
#[pyfunction]
pub(crate) fn delete_bucket_cors(py: Python<'_>, client: &Client, bucket: &str) -> PyResult<()> {
    let c = client.inner();
    runtime::wait(py, c, c.delete_bucket_cors(bucket))
}

/// The bucket's default encryption as (algorithm, KMS key id) rules,
/// `None` when it has none.
#[pyfunction]
pub(crate) fn get_bucket_encryption(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
) -> PyResult<Option<Vec<EncryptionTuple>>> {
    let c = client.inner();
    let got = runtime::wait(py, c, c.get_bucket_encryption(bucket))?;
    Ok(got.map(|config| {
        config
            .rules
            .into_iter()
            .map(|r| (r.sse_algorithm, r.kms_master_key_id))
            .collect()
    }))
}

/// Sets the bucket's default encryption: SSE-S3 when `kms_key_id` is
/// `None`, else SSE-KMS with that key (empty: the server's default key).
#[pyfunction]
#[pyo3(signature = (client, bucket, kms_key_id=None))]
pub(crate) fn set_bucket_encryption(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
    kms_key_id: Option<String>,
) -> PyResult<()> {
    let config = match kms_key_id {
        None => EncryptionConfiguration::sse_s3(),
        Some(key) if key.is_empty() => {
            let mut config = EncryptionConfiguration::sse_kms(key);
            for rule in &mut config.rules {
                rule.kms_master_key_id = None;
            }
            config
        }
        Some(key) => EncryptionConfiguration::sse_kms(key),
    };
    let c = client.inner();
    runtime::wait(py, c, c.set_bucket_encryption(bucket, config))
}

/// Removes the bucket's default encryption.
#[pyfunction]
pub(crate) fn delete_bucket_encryption(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
) -> PyResult<()> {
    let c = client.inner();
    runtime::wait(py, c, c.delete_bucket_encryption(bucket))
}

/// Registers this file's functions on the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(get_bucket_lifecycle, m)?)?;
    m.add_function(wrap_pyfunction!(set_bucket_lifecycle, m)?)?;
    m.add_function(wrap_pyfunction!(delete_bucket_lifecycle, m)?)?;
    m.add_function(wrap_pyfunction!(get_bucket_cors, m)?)?;
    m.add_function(wrap_pyfunction!(set_bucket_cors, m)?)?;
    m.add_function(wrap_pyfunction!(delete_bucket_cors, m)?)?;
    m.add_function(wrap_pyfunction!(get_bucket_encryption, m)?)?;
    m.add_function(wrap_pyfunction!(set_bucket_encryption, m)?)?;
    m.add_function(wrap_pyfunction!(delete_bucket_encryption, m)?)?;
    Ok(())
}

fn to_rule(r: Rule) -> LifecycleRule {
    let Rule(id, enabled, prefix, tags, days, date, marker, noncurrent, newer, abort, moves) = r;
    let mut rule = LifecycleRule::default();
    rule.id = id;
    rule.enabled = enabled;
    rule.filter.prefix = prefix;
    rule.filter.tags = tags;
    if days.is_some() || date.is_some() || marker.is_some() {
        let mut expiration = Expiration::default();
        expiration.days = days;
        expiration.date = date;
        expiration.expired_object_delete_marker = marker;
        rule.expiration = Some(expiration);
    }
    if let Some(days) = noncurrent {
        let mut expiration = NoncurrentVersionExpiration::default();
        expiration.noncurrent_days = days;
        expiration.newer_noncurrent_versions = newer;
        rule.noncurrent_version_expiration = Some(expiration);
    }
    rule.abort_incomplete_multipart_upload_days = abort;
    rule.transitions = moves
        .into_iter()
        .map(|(days, date, class)| {
            let mut t = Transition::default();
            t.days = days;
            t.date = date;
            t.storage_class = class;
            t
        })
        .collect();
    rule
}

fn from_rule(r: LifecycleRule) -> Rule {
    let (days, date, marker) = r.expiration.map_or((None, None, None), |e| {
        (e.days, e.date, e.expired_object_delete_marker)
    });
    let (noncurrent, newer) = r.noncurrent_version_expiration.map_or((None, None), |n| {
        (Some(n.noncurrent_days), n.newer_noncurrent_versions)
    });
    Rule(
        r.id,
        r.enabled,
        r.filter.prefix,
        r.filter.tags,
        days,
        date,
        marker,
        noncurrent,
        newer,
        r.abort_incomplete_multipart_upload_days,
        r.transitions
            .into_iter()
            .map(|t| (t.days, t.date, t.storage_class))
            .collect(),
    )
}
