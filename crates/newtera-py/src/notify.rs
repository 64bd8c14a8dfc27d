//! Bucket notification and replication configurations, as plain tuples
//! from and to `newtera.notificationconfig` and `newtera.replicationconfig`.

// Filled field by field from `default()`, as in `bucket_config.rs`, so they
// keep building when the client adds fields.
#![allow(clippy::field_reassign_with_default)]

use newtera::{NotificationConfiguration, NotificationTarget, ReplicationConfiguration};
use pyo3::prelude::*;

use crate::client::Client;
use crate::runtime;

/// A notification target: id, ARN, events, key prefix, key suffix.
type Target = (
    Option<String>,
    String,
    Vec<String>,
    Option<String>,
    Option<String>,
);

/// A notification configuration: topics, queues, cloud functions.
type Targets = (Vec<Target>, Vec<Target>, Vec<Target>);

/// A replication rule: id, enabled, priority, prefix, destination bucket
/// ARN, storage class, delete-marker replication.
type Rule = (
    Option<String>,
    bool,
    Option<u32>,
    Option<String>,
    String,
    Option<String>,
    bool,
);

/// The bucket's notification targets (all empty when it has none).
#[pyfunction]
pub(crate) fn get_bucket_notification(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
) -> PyResult<Targets> {
    let c = client.inner();
    let config = runtime::wait(py, c, c.get_bucket_notification(bucket))?;
    let out = |targets: Vec<NotificationTarget>| -> Vec<Target> {
        targets
            .into_iter()
            .map(|t| (t.id, t.arn, t.events, t.prefix, t.suffix))
            .collect()
    };
    Ok((out(config.topics), out(config.queues), out(config.lambdas)))
}

/// Replaces the bucket's notification targets.
#[pyfunction]
pub(crate) fn set_bucket_notification(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
    targets: Targets,
) -> PyResult<()> {
    let into = |targets: Vec<Target>| -> Vec<NotificationTarget> {
        targets
            .into_iter()
            .map(|(id, arn, events, prefix, suffix)| {
                let mut t = NotificationTarget::default();
                t.id = id;
                t.arn = arn;
                t.events = events;
                t.prefix = prefix;
                t.suffix = suffix;
                t
            })
            .collect()
    };
    let (topics, queues, lambdas) = targets;
    let mut config = NotificationConfiguration::default();
    config.topics = into(topics);
    config.queues = into(queues);
    config.lambdas = into(lambdas);
    let c = client.inner();
    runtime::wait(py, c, c.set_bucket_notification(bucket, config))
}

/// Turns the bucket's notifications off.
#[pyfunction]
pub(crate) fn delete_bucket_notification(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
) -> PyResult<()> {
    let c = client.inner();
    runtime::wait(py, c, c.delete_bucket_notification(bucket))
}

/// The bucket's replication (role, rules), `None` when it has none.
#[pyfunction]
pub(crate) fn get_bucket_replication(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
) -> PyResult<Option<(String, Vec<Rule>)>> {
    let c = client.inner();
    let got = runtime::wait(py, c, c.get_bucket_replication(bucket))?;
    Ok(got.map(|config| {
        let rules = config
            .rules
            .into_iter()
            .map(|r| {
                (
                    r.id,
                    r.enabled,
                    r.priority,
                    r.prefix,
                    r.destination_bucket,
                    r.storage_class,
                    r.delete_marker_replication,
                )
            })
            .collect();
        (config.role, rules)
    }))
}

/// Replaces the bucket's replication configuration.
#[pyfunction]
pub(crate) fn set_bucket_replication(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
    role: String,
    rules: Vec<Rule>,
) -> PyResult<()> {
    let mut config = ReplicationConfiguration::default();
    config.role = role;
    config.rules = rules
        .into_iter()
        .map(
            |(id, enabled, priority, prefix, destination, class, markers)| {
                let mut rule = newtera::ReplicationRule::default();
                rule.id = id;
                rule.enabled = enabled;
                rule.priority = priority;
                rule.prefix = prefix;
                rule.destination_bucket = destination;
                rule.storage_class = class;
                rule.delete_marker_replication = markers;
                rule
            },
        )
        .collect();
    let c = client.inner();
    runtime::wait(py, c, c.set_bucket_replication(bucket, config))
}

/// Removes the bucket's replication configuration.
#[pyfunction]
pub(crate) fn delete_bucket_replication(
    py: Python<'_>,
    client: &Client,
    bucket: &str,
) -> PyResult<()> {
    let c = client.inner();
    runtime::wait(py, c, c.delete_bucket_replication(bucket))
}

/// Registers this file's functions on the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(get_bucket_notification, m)?)?;
    m.add_function(wrap_pyfunction!(set_bucket_notification, m)?)?;
    m.add_function(wrap_pyfunction!(delete_bucket_notification, m)?)?;
    m.add_function(wrap_pyfunction!(get_bucket_replication, m)?)?;
    m.add_function(wrap_pyfunction!(set_bucket_replication, m)?)?;
    m.add_function(wrap_pyfunction!(delete_bucket_replication, m)?)?;
    Ok(())
}
