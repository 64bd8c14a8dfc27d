//! Object Lock: the bucket's configuration (S3 API reference:
//! PutObjectLockConfiguration, GetObjectLockConfiguration,
//! `ObjectLockConfiguration`) and the retention mode it shares with
//! per-object retention.

use super::{BucketConfig, number};
use crate::error::Error;
use crate::op::common::parse_root;
use crate::xml::{Node, XmlWriter};

/// How strictly a retention period holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetentionMode {
    /// Users with `s3:BypassGovernanceRetention` may remove the object or
    /// shorten its retention, by asking for the bypass explicitly.
    Governance,
    /// Nobody can remove the object or shorten its retention until the
    /// date passes.
    Compliance,
}

impl RetentionMode {
    /// The wire form (`GOVERNANCE` / `COMPLIANCE`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Governance => "GOVERNANCE",
            Self::Compliance => "COMPLIANCE",
        }
    }

    /// Reads the wire form (any casing).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidField`] for anything else.
    pub fn parse(text: &str) -> Result<Self, Error> {
        match text.trim().to_ascii_uppercase().as_str() {
            "GOVERNANCE" => Ok(Self::Governance),
            "COMPLIANCE" => Ok(Self::Compliance),
            _ => Err(Error::invalid("Mode", "not GOVERNANCE or COMPLIANCE")),
        }
    }
}

/// A default retention period: whole days or whole years (S3 takes one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetentionPeriod {
    /// Days, at least 1.
    Days(u32),
    /// Years, at least 1.
    Years(u32),
}

/// The retention new objects get when their write names none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefaultRetention {
    /// The mode.
    pub mode: RetentionMode,
    /// How long.
    pub period: RetentionPeriod,
}

/// A bucket's Object Lock configuration. Object Lock is turned on when the
/// bucket is made (`x-amz-bucket-object-lock-enabled`); this document then
/// says so and holds the default retention, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ObjectLockConfiguration {
    /// `ObjectLockEnabled` is `Enabled`.
    pub enabled: bool,
    /// The default retention, if any.
    pub default_retention: Option<DefaultRetention>,
}

impl ObjectLockConfiguration {
    /// Object Lock on, with `mode` for `period` by default.
    pub fn new(mode: RetentionMode, period: RetentionPeriod) -> Self {
        Self {
            enabled: true,
            default_retention: Some(DefaultRetention { mode, period }),
        }
    }
}

impl BucketConfig for ObjectLockConfiguration {
    const SUBRESOURCE: &'static str = "object-lock";
    const NOT_FOUND: &'static str = "ObjectLockConfigurationNotFoundError";

    fn to_body(&self) -> Result<String, Error> {
        let mut w = XmlWriter::new("ObjectLockConfiguration");
        if self.enabled {
            w.leaf("ObjectLockEnabled", "Enabled");
        }
        if let Some(rule) = &self.default_retention {
            let (unit, count) = match rule.period {
                RetentionPeriod::Days(n) => ("Days", n),
                RetentionPeriod::Years(n) => ("Years", n),
            };
            if count == 0 {
                return Err(Error::InvalidArgument(
                    "a default retention period of 0 (at least 1 day or year)".into(),
                ));
            }
            w.open("Rule");
            w.open("DefaultRetention");
            w.leaf("Mode", rule.mode.as_str());
            w.leaf(unit, &count.to_string());
            w.close("DefaultRetention");
            w.close("Rule");
        }
        Ok(w.finish("ObjectLockConfiguration"))
    }

    fn from_body(body: &[u8]) -> Result<Self, Error> {
        let root = parse_root(body, "ObjectLockConfiguration")?;
        let enabled = root
            .text_of("ObjectLockEnabled")
            .is_some_and(|t| t.trim() == "Enabled");
        let default_retention = root
            .child("Rule")
            .and_then(|r| r.child("DefaultRetention"))
            .map(read_default)
            .transpose()?;
        Ok(Self {
            enabled,
            default_retention,
        })
    }
}

fn read_default(node: &Node<'_>) -> Result<DefaultRetention, Error> {
    let mode = RetentionMode::parse(node.required("Mode")?)?;
    let period = match (node.text_of("Days"), node.text_of("Years")) {
        (Some(days), None) => RetentionPeriod::Days(number("Days", days)?),
        (None, Some(years)) => RetentionPeriod::Years(number("Years", years)?),
        _ => {
            return Err(Error::invalid(
                "DefaultRetention",
                "needs exactly one of Days and Years",
            ));
        }
    };
    Ok(DefaultRetention { mode, period })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for config in [
            ObjectLockConfiguration::new(RetentionMode::Governance, RetentionPeriod::Days(1)),
            ObjectLockConfiguration::new(RetentionMode::Compliance, RetentionPeriod::Years(7)),
            ObjectLockConfiguration {
                enabled: true,
                default_retention: None,
            },
        ] {
            let body = config.to_body().unwrap();
            assert_eq!(
                ObjectLockConfiguration::from_body(body.as_bytes()).unwrap(),
                config
            );
        }
        let zero =
            ObjectLockConfiguration::new(RetentionMode::Governance, RetentionPeriod::Days(0));
        assert!(zero.to_body().is_err());
    }

    #[test]
    fn hostile_documents_are_errors() {
        for body in [
            "<ObjectLockConfiguration><Rule><DefaultRetention><Mode>X</Mode><Days>1</Days></DefaultRetention></Rule></ObjectLockConfiguration>",
            "<ObjectLockConfiguration><Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>1</Days><Years>1</Years></DefaultRetention></Rule></ObjectLockConfiguration>",
            "<ObjectLockConfiguration><Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>-1</Days></DefaultRetention></Rule></ObjectLockConfiguration>",
            "<ObjectLockConfiguration><Rule><DefaultRetention><Days>1</Days></DefaultRetention></Rule></ObjectLockConfiguration>",
        ] {
            assert!(
                ObjectLockConfiguration::from_body(body.as_bytes()).is_err(),
                "{body}"
            );
        }
    }
}
