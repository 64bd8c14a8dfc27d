//! Lifecycle configuration (S3 API reference:
//! PutBucketLifecycleConfiguration, `LifecycleConfiguration`). Elements are
//! written in the order of the S3 model, the order boto3 writes them.

use super::{BucketConfig, check_rule_id, check_unique_ids, number};
use crate::error::Error;
use crate::op::common::parse_root;
use crate::xml::{Node, XmlWriter};

/// The lifecycle rules of a bucket (1 to 1,000).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LifecycleConfiguration {
    /// The rules.
    pub rules: Vec<LifecycleRule>,
}

/// One lifecycle rule: which objects (the filter) and what happens to them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LifecycleRule {
    /// An optional id (up to 255 characters).
    pub id: Option<String>,
    /// Whether the rule is applied (`Status` `Enabled` / `Disabled`).
    pub enabled: bool,
    /// Which objects the rule applies to.
    pub filter: LifecycleFilter,
    /// When current versions expire.
    pub expiration: Option<Expiration>,
    /// Moves to other storage classes.
    pub transitions: Vec<Transition>,
    /// When noncurrent versions expire.
    pub noncurrent_version_expiration: Option<NoncurrentVersionExpiration>,
    /// Aborts multipart uploads this many days after they were started.
    pub abort_incomplete_multipart_upload_days: Option<u32>,
}

/// Which objects a rule applies to; every condition set must hold. All
/// unset: every object.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LifecycleFilter {
    /// Keys starting with this.
    pub prefix: Option<String>,
    /// Objects carrying every one of these tags (key, value).
    pub tags: Vec<(String, String)>,
    /// Objects larger than this many bytes.
    pub object_size_greater_than: Option<u64>,
    /// Objects smaller than this many bytes.
    pub object_size_less_than: Option<u64>,
}

/// When objects expire: after a number of days, on a date, or (for
/// versioned buckets) when only a delete marker is left.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expiration {
    /// Days after creation.
    pub days: Option<u32>,
    /// A date, ISO 8601 at midnight UTC, in whole seconds
    /// (`2030-01-01T00:00:00Z`; Garage refuses `…00.000Z`).
    pub date: Option<String>,
    /// Removes delete markers with no noncurrent versions behind them.
    pub expired_object_delete_marker: Option<bool>,
}

/// A move to another storage class, after days or on a date.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Transition {
    /// Days after creation.
    pub days: Option<u32>,
    /// A date, ISO 8601 at midnight UTC.
    pub date: Option<String>,
    /// The target storage class, e.g. `GLACIER`.
    pub storage_class: String,
}

/// When noncurrent versions expire.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NoncurrentVersionExpiration {
    /// Days after the version became noncurrent.
    pub noncurrent_days: u32,
    /// Keep this many newer noncurrent versions.
    pub newer_noncurrent_versions: Option<u32>,
}

impl BucketConfig for LifecycleConfiguration {
    const SUBRESOURCE: &'static str = "lifecycle";
    const NOT_FOUND: &'static str = "NoSuchLifecycleConfiguration";

    fn to_body(&self) -> Result<String, Error> {
        if self.rules.is_empty() || self.rules.len() > 1000 {
            return Err(Error::InvalidArgument(
                "a lifecycle configuration holds 1 to 1,000 rules".into(),
            ));
        }
        check_unique_ids(self.rules.iter().map(|r| r.id.as_deref()))?;
        let mut w = XmlWriter::new("LifecycleConfiguration");
        for rule in &self.rules {
            check_rule_id(rule.id.as_deref())?;
            rule.write(&mut w)?;
        }
        Ok(w.finish("LifecycleConfiguration"))
    }

    fn from_body(body: &[u8]) -> Result<Self, Error> {
        let root = parse_root(body, "LifecycleConfiguration")?;
        let rules = root
            .children("Rule")
            .map(LifecycleRule::read)
            .collect::<Result<_, _>>()?;
        Ok(Self { rules })
    }
}

impl LifecycleRule {
    fn write(&self, w: &mut XmlWriter) -> Result<(), Error> {
        let acts = self.expiration.is_some()
            || !self.transitions.is_empty()
            || self.noncurrent_version_expiration.is_some()
            || self.abort_incomplete_multipart_upload_days.is_some();
        if !acts {
            return Err(Error::InvalidArgument(
                "a lifecycle rule needs an action (expiration, transition, noncurrent \
                 expiration or abort of incomplete uploads)"
                    .into(),
            ));
        }
        // S3: these counts are positive integers (a transition may
        // happen after 0 days).
        let zero = [
            (
                "expiration days",
                self.expiration.as_ref().and_then(|e| e.days),
            ),
            (
                "noncurrent days",
                self.noncurrent_version_expiration
                    .as_ref()
                    .map(|n| n.noncurrent_days),
            ),
            (
                "days after initiation",
                self.abort_incomplete_multipart_upload_days,
            ),
        ]
        .into_iter()
        .find(|(_, days)| *days == Some(0));
        if let Some((what, _)) = zero {
            return Err(Error::InvalidArgument(format!(
                "a lifecycle rule's {what} must be at least 1"
            )));
        }
        w.open("Rule");
        if let Some(e) = &self.expiration {
            e.write(w)?;
        }
        if let Some(id) = &self.id {
            w.leaf("ID", id);
        }
        self.filter.write(w);
        w.leaf("Status", if self.enabled { "Enabled" } else { "Disabled" });
        for t in &self.transitions {
            t.write(w)?;
        }
        if let Some(n) = &self.noncurrent_version_expiration {
            w.open("NoncurrentVersionExpiration");
            w.leaf("NoncurrentDays", &n.noncurrent_days.to_string());
            if let Some(keep) = n.newer_noncurrent_versions {
                w.leaf("NewerNoncurrentVersions", &keep.to_string());
            }
            w.close("NoncurrentVersionExpiration");
        }
        if let Some(days) = self.abort_incomplete_multipart_upload_days {
            w.open("AbortIncompleteMultipartUpload");
            w.leaf("DaysAfterInitiation", &days.to_string());
            w.close("AbortIncompleteMultipartUpload");
        }
        w.close("Rule");
        Ok(())
    }

    fn read(node: &Node<'_>) -> Result<Self, Error> {
        let filter = match (node.child("Filter"), node.text_of("Prefix")) {
            (Some(f), _) => LifecycleFilter::read(f)?,
            // The older form: a bare `<Prefix>` beside the rule.
            (None, prefix) => LifecycleFilter {
                prefix: prefix.map(str::to_owned),
                ..LifecycleFilter::default()
            },
        };
        let status = node.required("Status")?;
        Ok(Self {
            id: node.text_of("ID").map(str::to_owned),
            enabled: status.trim() == "Enabled",
            filter,
            expiration: node.child("Expiration").map(Expiration::read).transpose()?,
            transitions: node
                .children("Transition")
                .map(Transition::read)
                .collect::<Result<_, _>>()?,
            noncurrent_version_expiration: node
                .child("NoncurrentVersionExpiration")
                .map(|n| {
                    Ok::<_, Error>(NoncurrentVersionExpiration {
                        noncurrent_days: number("NoncurrentDays", n.required("NoncurrentDays")?)?,
                        newer_noncurrent_versions: opt_number(n, "NewerNoncurrentVersions")?,
                    })
                })
                .transpose()?,
            abort_incomplete_multipart_upload_days: node
                .child("AbortIncompleteMultipartUpload")
                .map(|a| number("DaysAfterInitiation", a.required("DaysAfterInitiation")?))
                .transpose()?,
        })
    }
}

impl LifecycleFilter {
    fn conditions(&self) -> usize {
        usize::from(self.prefix.is_some())
            + self.tags.len()
            + usize::from(self.object_size_greater_than.is_some())
            + usize::from(self.object_size_less_than.is_some())
    }

    fn write(&self, w: &mut XmlWriter) {
        w.open("Filter");
        match self.conditions() {
            0 => w.leaf("Prefix", ""),
            1 => self.write_conditions(w),
            _ => {
                w.open("And");
                self.write_conditions(w);
                w.close("And");
            }
        }
        w.close("Filter");
    }

    fn write_conditions(&self, w: &mut XmlWriter) {
        if let Some(prefix) = &self.prefix {
            w.leaf("Prefix", prefix);
        }
        for (key, value) in &self.tags {
            w.open("Tag");
            w.leaf("Key", key);
            w.leaf("Value", value);
            w.close("Tag");
        }
        if let Some(size) = self.object_size_greater_than {
            w.leaf("ObjectSizeGreaterThan", &size.to_string());
        }
        if let Some(size) = self.object_size_less_than {
            w.leaf("ObjectSizeLessThan", &size.to_string());
        }
    }

    fn read(node: &Node<'_>) -> Result<Self, Error> {
        let node = node.child("And").unwrap_or(node);
        let tags = node
            .children("Tag")
            .map(|t| {
                Ok((
                    t.required("Key")?.to_owned(),
                    t.text_of("Value").unwrap_or_default().to_owned(),
                ))
            })
            .collect::<Result<_, Error>>()?;
        Ok(Self {
            prefix: node.text_of("Prefix").map(str::to_owned),
            tags,
            object_size_greater_than: opt_number(node, "ObjectSizeGreaterThan")?,
            object_size_less_than: opt_number(node, "ObjectSizeLessThan")?,
        })
    }
}

impl Expiration {
    fn write(&self, w: &mut XmlWriter) -> Result<(), Error> {
        w.open("Expiration");
        match (self.days, &self.date, self.expired_object_delete_marker) {
            (Some(days), None, None) => w.leaf("Days", &days.to_string()),
            (None, Some(date), None) => w.leaf("Date", check_midnight(date)?),
            (None, None, Some(marker)) => w.leaf(
                "ExpiredObjectDeleteMarker",
                if marker { "true" } else { "false" },
            ),
            _ => {
                return Err(Error::InvalidArgument(
                    "an expiration has exactly one of days, date or expired-object-delete-marker"
                        .into(),
                ));
            }
        }
        w.close("Expiration");
        Ok(())
    }

    fn read(node: &Node<'_>) -> Result<Self, Error> {
        Ok(Self {
            days: opt_number(node, "Days")?,
            date: node.text_of("Date").map(str::to_owned),
            expired_object_delete_marker: node
                .text_of("ExpiredObjectDeleteMarker")
                .map(|t| t.trim() == "true"),
        })
    }
}

impl Transition {
    fn write(&self, w: &mut XmlWriter) -> Result<(), Error> {
        w.open("Transition");
        match (self.days, &self.date) {
            (Some(days), None) => w.leaf("Days", &days.to_string()),
            (None, Some(date)) => w.leaf("Date", check_midnight(date)?),
            _ => {
                return Err(Error::InvalidArgument(
                    "a transition has exactly one of days or date".into(),
                ));
            }
        }
        w.leaf("StorageClass", &self.storage_class);
        w.close("Transition");
        Ok(())
    }

    fn read(node: &Node<'_>) -> Result<Self, Error> {
        Ok(Self {
            days: opt_number(node, "Days")?,
            date: node.text_of("Date").map(str::to_owned),
            storage_class: node.required("StorageClass")?.to_owned(),
        })
    }
}

/// Checks a rule's date: S3 takes ISO 8601 at midnight UTC
/// (`2030-01-01T00:00:00Z`, PutBucketLifecycleConfiguration).
fn check_midnight(date: &str) -> Result<&str, Error> {
    let at_midnight = crate::types::Timestamp::parse_rfc3339(date.trim())
        .is_ok_and(|t| t.unix_seconds().rem_euclid(86_400) == 0 && t.millis() == 0);
    if !at_midnight {
        return Err(Error::InvalidArgument(format!(
            "the lifecycle date {:?} is not ISO 8601 at midnight UTC (2030-01-01T00:00:00Z)",
            date.chars().take(40).collect::<String>()
        )));
    }
    Ok(date.trim())
}

fn opt_number<T: std::str::FromStr>(
    node: &Node<'_>,
    field: &'static str,
) -> Result<Option<T>, Error> {
    node.text_of(field).map(|t| number(field, t)).transpose()
}
