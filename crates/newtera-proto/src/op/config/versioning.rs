//! Bucket versioning (S3 API reference: PutBucketVersioning,
//! GetBucketVersioning, `VersioningConfiguration`).

use super::BucketConfig;
use crate::error::Error;
use crate::op::common::parse_root;
use crate::xml::XmlWriter;

/// Whether a bucket keeps versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum VersioningStatus {
    /// Every write makes a new version.
    Enabled,
    /// New writes replace the `null` version; existing versions stay.
    Suspended,
}

impl VersioningStatus {
    /// The wire form (`Enabled` / `Suspended`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Enabled => "Enabled",
            Self::Suspended => "Suspended",
        }
    }
}

/// A bucket's versioning state. A bucket that was never versioned has
/// neither field (GetBucketVersioning answers an empty document).
///
/// Turning MFA delete on or off needs the `x-amz-mfa` header of the root
/// account's device, which this crate does not send: `mfa_delete` is read,
/// and written only as the server already has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct VersioningConfiguration {
    /// `Enabled`, `Suspended`, or `None` when never versioned.
    pub status: Option<VersioningStatus>,
    /// The `MfaDelete` field: `Some(true)` for `Enabled`, `Some(false)` for
    /// `Disabled`, `None` when absent.
    pub mfa_delete: Option<bool>,
}

impl VersioningConfiguration {
    /// Versioning on.
    pub fn enabled() -> Self {
        Self {
            status: Some(VersioningStatus::Enabled),
            mfa_delete: None,
        }
    }

    /// Versioning suspended.
    pub fn suspended() -> Self {
        Self {
            status: Some(VersioningStatus::Suspended),
            mfa_delete: None,
        }
    }
}

impl BucketConfig for VersioningConfiguration {
    const SUBRESOURCE: &'static str = "versioning";
    // Every bucket has a versioning state; there is no 404 for it.
    const NOT_FOUND: &'static str = "";

    fn to_body(&self) -> Result<String, Error> {
        let Some(status) = self.status else {
            return Err(Error::InvalidArgument(
                "a versioning configuration needs a status (Enabled or Suspended)".into(),
            ));
        };
        let mut w = XmlWriter::new("VersioningConfiguration");
        w.leaf("Status", status.as_str());
        if let Some(mfa) = self.mfa_delete {
            w.leaf("MfaDelete", if mfa { "Enabled" } else { "Disabled" });
        }
        Ok(w.finish("VersioningConfiguration"))
    }

    fn from_body(body: &[u8]) -> Result<Self, Error> {
        let root = parse_root(body, "VersioningConfiguration")?;
        let status = match root.text_of("Status").map(str::trim) {
            None | Some("") => None,
            Some("Enabled") => Some(VersioningStatus::Enabled),
            Some("Suspended") => Some(VersioningStatus::Suspended),
            Some(_) => return Err(Error::invalid("Status", "not Enabled or Suspended")),
        };
        let mfa_delete = match root.text_of("MfaDelete").map(str::trim) {
            None | Some("") => None,
            Some("Enabled") => Some(true),
            Some("Disabled") => Some(false),
            Some(_) => return Err(Error::invalid("MfaDelete", "not Enabled or Disabled")),
        };
        Ok(Self { status, mfa_delete })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_reads_a_never_versioned_bucket() {
        for config in [
            VersioningConfiguration::enabled(),
            VersioningConfiguration::suspended(),
            VersioningConfiguration {
                status: Some(VersioningStatus::Enabled),
                mfa_delete: Some(false),
            },
        ] {
            let body = config.to_body().unwrap();
            assert_eq!(
                VersioningConfiguration::from_body(body.as_bytes()).unwrap(),
                config
            );
        }
        let never =
            br#"<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>"#;
        assert_eq!(
            VersioningConfiguration::from_body(never).unwrap(),
            VersioningConfiguration::default()
        );
        assert!(VersioningConfiguration::default().to_body().is_err());
        assert!(
            VersioningConfiguration::from_body(
                b"<VersioningConfiguration><Status>On</Status></VersioningConfiguration>"
            )
            .is_err()
        );
    }
}
