//! Object Lock: the bucket's configuration (default retention), object
//! retention and legal hold (S3 API reference:
//! GetObjectLockConfiguration, PutObjectLockConfiguration,
//! GetObjectRetention, PutObjectRetention, GetObjectLegalHold,
//! PutObjectLegalHold). Object Lock works only on a bucket made with it
//! ([`MakeBucket::object_lock`](crate::MakeBucket::object_lock)), which is
//! versioned.

use std::future::IntoFuture;
use std::time::SystemTime;

use newtera_proto::op::config::{ObjectLockConfiguration, RetentionMode};
use newtera_proto::op::object_config::{LegalHold, ObjectTarget, Retention};

use super::subresource::{ObjectRequest, get, put};
use crate::client::Newtera;
use crate::error::{Error, Result};
use crate::future::OpFuture;
use crate::types::{ObjectRetention, system_time, timestamp};

impl Newtera {
    /// The bucket's Object Lock configuration, or `None` when the bucket
    /// has none (it was made without Object Lock).
    pub fn get_object_lock_config(
        &self,
        bucket: &str,
    ) -> OpFuture<Option<ObjectLockConfiguration>> {
        self.get_config::<ObjectLockConfiguration>(bucket)
    }

    /// Sets the bucket's default retention (a period of 0 is an
    /// invalid-argument error before any request).
    ///
    /// ```no_run
    /// # async fn run(client: newtera::Newtera) -> newtera::Result<()> {
    /// use newtera::{ObjectLockConfiguration, RetentionMode, RetentionPeriod};
    /// let config = ObjectLockConfiguration::new(RetentionMode::Governance, RetentionPeriod::Days(30));
    /// client.set_object_lock_config("records", config).await?;
    /// # Ok(()) }
    /// ```
    pub fn set_object_lock_config(
        &self,
        bucket: &str,
        config: ObjectLockConfiguration,
    ) -> OpFuture<()> {
        self.put_config(bucket, config)
    }

    /// Removes the bucket's default retention (Object Lock stays on: S3
    /// cannot turn it off).
    pub fn delete_object_lock_config(&self, bucket: &str) -> OpFuture<()> {
        self.put_config(
            bucket,
            ObjectLockConfiguration {
                enabled: true,
                default_retention: None,
            },
        )
    }

    /// The object's retention, or `None` when it has none.
    pub fn get_object_retention(
        &self,
        bucket: &str,
        object: &str,
    ) -> ObjectRequest<Option<ObjectRetention>> {
        ObjectRequest::new(self, bucket, object, |client, target| {
            let get = get::<Retention>(client, target);
            OpFuture::new(async move {
                Ok(get.await?.map(|r| ObjectRetention {
                    mode: r.mode,
                    retain_until: system_time(&r.retain_until),
                }))
            })
        })
    }

    /// Sets the object's retention: kept in `mode` until `retain_until`
    /// (sent to the millisecond). A date not in the future (by this
    /// machine's clock) or after the year 9999 is an
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) before any
    /// request. Shortening a GOVERNANCE-mode retention
    /// needs [`SetObjectRetention::bypass_governance_retention`]; a
    /// COMPLIANCE-mode one can only be extended.
    pub fn set_object_retention(
        &self,
        bucket: &str,
        object: &str,
        mode: RetentionMode,
        retain_until: SystemTime,
    ) -> SetObjectRetention {
        SetObjectRetention {
            client: self.clone(),
            target: ObjectTarget::new(bucket, object),
            retention: Retention {
                mode,
                retain_until: timestamp(retain_until),
            },
            bypass_governance: false,
        }
    }

    /// Puts the object under a legal hold: it cannot be removed until the
    /// hold is lifted, whatever its retention.
    pub fn enable_object_legal_hold(&self, bucket: &str, object: &str) -> ObjectRequest<()> {
        self.set_legal_hold(bucket, object, true)
    }

    /// Lifts the object's legal hold.
    pub fn disable_object_legal_hold(&self, bucket: &str, object: &str) -> ObjectRequest<()> {
        self.set_legal_hold(bucket, object, false)
    }

    /// Whether the object is under a legal hold (`false` when it never
    /// was).
    pub fn is_object_legal_hold_enabled(&self, bucket: &str, object: &str) -> ObjectRequest<bool> {
        ObjectRequest::new(self, bucket, object, |client, target| {
            let get = get::<LegalHold>(client, target);
            OpFuture::new(async move { Ok(get.await?.is_some_and(|h| h.on)) })
        })
    }

    fn set_legal_hold(&self, bucket: &str, object: &str, on: bool) -> ObjectRequest<()> {
        ObjectRequest::new(self, bucket, object, move |client, target| {
            put(client, target, LegalHold { on }, false)
        })
    }
}

/// The builder [`Newtera::set_object_retention`] returns; await it to send.
#[derive(Debug)]
#[must_use = "nothing is sent until this is awaited"]
pub struct SetObjectRetention {
    client: Newtera,
    target: ObjectTarget,
    retention: Retention,
    bypass_governance: bool,
}

impl SetObjectRetention {
    /// A specific version.
    pub fn version_id(mut self, version_id: impl Into<String>) -> Self {
        self.target.version_id = Some(version_id.into());
        self
    }

    /// Allows shortening or removing a GOVERNANCE-mode retention
    /// (`x-amz-bypass-governance-retention`; needs the
    /// `s3:BypassGovernanceRetention` permission).
    pub fn bypass_governance_retention(mut self, bypass: bool) -> Self {
        self.bypass_governance = bypass;
        self
    }
}

impl IntoFuture for SetObjectRetention {
    type Output = Result<()>;
    type IntoFuture = OpFuture<()>;

    fn into_future(self) -> Self::IntoFuture {
        // S3 refuses a RetainUntilDate that is not in the future
        // (PutObjectRetention: InvalidArgument), also with the bypass.
        let until = self.retention.retain_until;
        if until <= timestamp(SystemTime::now()) {
            return OpFuture::new(async move {
                Err(Error::invalid(format!(
                    "the retention date {until} is not in the future"
                )))
            });
        }
        put(
            self.client,
            self.target,
            self.retention,
            self.bypass_governance,
        )
    }
}
