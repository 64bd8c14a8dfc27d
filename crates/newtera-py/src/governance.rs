//! Versioning, tags, Object Lock, retention and legal hold: the calls of
//! `newtera.api`'s bucket and object governance methods, taking and
//! returning plain Python values (`newtera.commonconfig` and friends make
//! them into minio-py's classes).

use std::time::{Duration, SystemTime};

use newtera::{
    ObjectLockConfiguration, RetentionMode, RetentionPeriod, Tags, VersioningConfiguration,
};
use pyo3::prelude::*;

use crate::client::{Client, epoch_seconds};
use crate::{errors, runtime};

/// Name/value pairs (tags).
type Pairs = Vec<(String, String)>;

/// A default retention: mode, `"DAYS"` or `"YEARS"`, count.
type DefaultRetention = (String, String, u32);

/// The bucket's versioning: status (`"Enabled"`, `"Suspended"`, or `None`
/// for never enabled) and MFA delete (`None` when not reported).
#[pyfunction]
pub(crate) fn get_bucket_versioning(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
) -> PyResult<(Option<String>, Option<bool>)> {
    let c = client.inner();
    let config = runtime::wait(py, c, c.get_bucket_versioning(bucket))?;
    Ok((
        config.status.map(|s| s.as_str().to_owned()),
        config.mfa_delete,
    ))
}

/// Sets versioning to `status` (`"Enabled"` or `"Suspended"`).
#[pyfunction]
#[pyo3(signature = (client, bucket, status, mfa_delete=None))]
pub(crate) fn set_bucket_versioning(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
    status: &str,
    mfa_delete: Option<bool>,
) -> PyResult<()> {
    let mut config = match status {
        "Enabled" => VersioningConfiguration::enabled(),
        "Suspended" => VersioningConfiguration::suspended(),
        other => {
            return Err(errors::invalid(
                py,
                &format!("versioning status must be Enabled or Suspended, got {other:?}"),
            ));
        }
    };
    config.mfa_delete = mfa_delete;
    let c = client.inner();
    runtime::wait(py, c, c.set_bucket_versioning(bucket, config))
}

/// The object's tags (of `version_id` when given).
#[pyfunction]
#[pyo3(signature = (client, bucket, object, version_id=None))]
pub(crate) fn get_object_tags(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
    object: &str,
    version_id: Option<String>,
) -> PyResult<Pairs> {
    let c = client.inner();
    let mut req = c.get_object_tags(bucket, object);
    if let Some(v) = version_id {
        req = req.version_id(v);
    }
    let tags = runtime::wait(py, c, async move { req.await })?;
    Ok(pairs(&tags))
}

/// Replaces the object's tags.
#[pyfunction]
#[pyo3(signature = (client, bucket, object, tags, version_id=None))]
pub(crate) fn set_object_tags(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
    object: &str,
    tags: Pairs,
    version_id: Option<String>,
) -> PyResult<()> {
    let tags = to_tags(py, tags)?;
    let c = client.inner();
    let mut req = c.set_object_tags(bucket, object, tags);
    if let Some(v) = version_id {
        req = req.version_id(v);
    }
    runtime::wait(py, c, async move { req.await })
}

/// Removes the object's tags.
#[pyfunction]
#[pyo3(signature = (client, bucket, object, version_id=None))]
pub(crate) fn delete_object_tags(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
    object: &str,
    version_id: Option<String>,
) -> PyResult<()> {
    let c = client.inner();
    let mut req = c.delete_object_tags(bucket, object);
    if let Some(v) = version_id {
        req = req.version_id(v);
    }
    runtime::wait(py, c, async move { req.await })
}

/// The bucket's tags (empty when it has none).
#[pyfunction]
pub(crate) fn get_bucket_tags(py: Python<'_>, client: &Client, bucket: &str) -> PyResult<Pairs> {
    let c = client.inner();
    let tags = runtime::wait(py, c, c.get_bucket_tags(bucket))?;
    Ok(pairs(&tags))
}

/// Replaces the bucket's tags.
#[pyfunction]
pub(crate) fn set_bucket_tags(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
    tags: Pairs,
) -> PyResult<()> {
    let tags = to_tags(py, tags)?;
    let c = client.inner();
    runtime::wait(py, c, c.set_bucket_tags(bucket, tags))
}

/// Removes the bucket's tags.
#[pyfunction]
pub(crate) fn delete_bucket_tags(py: Python<'_>, client: &Client, bucket: &str) -> PyResult<()> {
    let c = client.inner();
    runtime::wait(py, c, c.delete_bucket_tags(bucket))
}

/// The bucket's Object Lock configuration: `None` when it has none, else
/// whether the lock is on and the default retention as (mode,
/// `"DAYS"`/`"YEARS"`, count), `None` when there is none.
#[pyfunction]
pub(crate) fn get_object_lock_config(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
) -> PyResult<Option<(bool, Option<DefaultRetention>)>> {
    let c = client.inner();
    let config = runtime::wait(py, c, c.get_object_lock_config(bucket))?;
    Ok(config.map(|config| {
        let default = config.default_retention.map(|r| {
            let (unit, n) = match r.period {
                RetentionPeriod::Days(n) => ("DAYS", n),
                RetentionPeriod::Years(n) => ("YEARS", n),
            };
            (r.mode.as_str().to_owned(), unit.to_owned(), n)
        });
        (config.enabled, default)
    }))
}

/// Sets the bucket's default retention: `mode` (`"GOVERNANCE"` or
/// `"COMPLIANCE"`) for `count` days or years (`unit`).
#[pyfunction]
pub(crate) fn set_object_lock_config(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
    mode: &str,
    unit: &str,
    count: u32,
) -> PyResult<()> {
    let mode = to_mode(py, mode)?;
    let period = match unit {
        "DAYS" => RetentionPeriod::Days(count),
        "YEARS" => RetentionPeriod::Years(count),
        other => {
            return Err(errors::invalid(
                py,
                &format!("duration unit must be DAYS or YEARS, got {other:?}"),
            ));
        }
    };
    let c = client.inner();
    let config = ObjectLockConfiguration::new(mode, period);
    runtime::wait(py, c, c.set_object_lock_config(bucket, config))
}

/// Removes the bucket's default retention (Object Lock stays on).
#[pyfunction]
pub(crate) fn delete_object_lock_config(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
) -> PyResult<()> {
    let c = client.inner();
    runtime::wait(py, c, c.delete_object_lock_config(bucket))
}

/// The object's retention: (mode, retain-until in epoch seconds), or
/// `None` when it has none.
#[pyfunction]
#[pyo3(signature = (client, bucket, object, version_id=None))]
pub(crate) fn get_object_retention(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
    object: &str,
    version_id: Option<String>,
) -> PyResult<Option<(String, Option<f64>)>> {
    let c = client.inner();
    let mut req = c.get_object_retention(bucket, object);
    if let Some(v) = version_id {
        req = req.version_id(v);
    }
    let got = runtime::wait(py, c, async move { req.await })?;
    Ok(got.map(|r| (r.mode.as_str().to_owned(), epoch_seconds(r.retain_until))))
}

/// Sets the object's retention: `mode` until `until` (epoch seconds).
#[pyfunction]
#[pyo3(signature = (client, bucket, object, mode, until, version_id=None, bypass_governance=false))]
#[allow(clippy::too_many_arguments)] // Mirrors minio-py's set_object_retention.
pub(crate) fn set_object_retention(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
    object: &str,
    mode: &str,
    until: f64,
    version_id: Option<String>,
    bypass_governance: bool,
) -> PyResult<()> {
    let mode = to_mode(py, mode)?;
    let until = Duration::try_from_secs_f64(until)
        .map(|d| SystemTime::UNIX_EPOCH + d)
        .map_err(|_| errors::invalid(py, "retain_until_date must be after 1970"))?;
    let c = client.inner();
    let mut req = c
        .set_object_retention(bucket, object, mode, until)
        .bypass_governance_retention(bypass_governance);
    if let Some(v) = version_id {
        req = req.version_id(v);
    }
    runtime::wait(py, c, async move { req.await })
}

/// Turns the object's legal hold on (`on`) or off.
#[pyfunction]
#[pyo3(signature = (client, bucket, object, on, version_id=None))]
pub(crate) fn set_object_legal_hold(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
    object: &str,
    on: bool,
    version_id: Option<String>,
) -> PyResult<()> {
    let c = client.inner();
    let mut req = if on {
        c.enable_object_legal_hold(bucket, object)
    } else {
        c.disable_object_legal_hold(bucket, object)
    };
    if let Some(v) = version_id {
        req = req.version_id(v);
    }
    runtime::wait(py, c, async move { req.await })
}

/// Whether the object's legal hold is on.
#[pyfunction]
#[pyo3(signature = (client, bucket, object, version_id=None))]
pub(crate) fn is_object_legal_hold_enabled(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
    object: &str,
    version_id: Option<String>,
) -> PyResult<bool> {
    let c = client.inner();
    let mut req = c.is_object_legal_hold_enabled(bucket, object);
    if let Some(v) = version_id {
        req = req.version_id(v);
    }
    runtime::wait(py, c, async move { req.await })
}

/// Registers this file's functions on the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(get_bucket_versioning, m)?)?;
    m.add_function(wrap_pyfunction!(set_bucket_versioning, m)?)?;
    m.add_function(wrap_pyfunction!(get_object_tags, m)?)?;
    m.add_function(wrap_pyfunction!(set_object_tags, m)?)?;
    m.add_function(wrap_pyfunction!(delete_object_tags, m)?)?;
    m.add_function(wrap_pyfunction!(get_bucket_tags, m)?)?;
    m.add_function(wrap_pyfunction!(set_bucket_tags, m)?)?;
    m.add_function(wrap_pyfunction!(delete_bucket_tags, m)?)?;
    m.add_function(wrap_pyfunction!(get_object_lock_config, m)?)?;
    m.add_function(wrap_pyfunction!(set_object_lock_config, m)?)?;
    m.add_function(wrap_pyfunction!(delete_object_lock_config, m)?)?;
    m.add_function(wrap_pyfunction!(get_object_retention, m)?)?;
    m.add_function(wrap_pyfunction!(set_object_retention, m)?)?;
    m.add_function(wrap_pyfunction!(set_object_legal_hold, m)?)?;
    m.add_function(wrap_pyfunction!(is_object_legal_hold_enabled, m)?)?;
    Ok(())
}

fn pairs(tags: &Tags) -> Pairs {
    tags.iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn to_tags(py: Python<'_>, tags: Pairs) -> PyResult<Tags> {
    Tags::from_pairs(tags).map_err(|e| errors::invalid(py, &e.to_string()))
}

fn to_mode(py: Python<'_>, mode: &str) -> PyResult<RetentionMode> {
    match mode {
        "GOVERNANCE" => Ok(RetentionMode::Governance),
        "COMPLIANCE" => Ok(RetentionMode::Compliance),
        other => Err(errors::invalid(
            py,
            &format!("retention mode must be GOVERNANCE or COMPLIANCE, got {other:?}"),
        )),
    }
}
