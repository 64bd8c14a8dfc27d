//! Object retention (S3 API reference: PutObjectRetention,
//! GetObjectRetention, `Retention`).

use super::ObjectConfig;
use crate::error::Error;
use crate::op::common::parse_root;
use crate::op::config::RetentionMode;
use crate::types::Timestamp;
use crate::xml::XmlWriter;

/// 9999-12-31T23:59:59Z, the last second RFC 3339's four-digit years
/// can write.
const LAST_WRITABLE_SECOND: i64 = 253_402_300_799;

/// How long, and how strictly, an object version is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// GOVERNANCE or COMPLIANCE.
    pub mode: RetentionMode,
    /// Until when (sent as RFC 3339 UTC with milliseconds).
    pub retain_until: Timestamp,
}

impl ObjectConfig for Retention {
    const SUBRESOURCE: &'static str = "retention";
    const NOT_FOUND: &'static [&'static str] = &[
        "NoSuchObjectLockConfiguration",
        "ObjectLockConfigurationNotFoundError",
    ];

    fn to_body(&self) -> Result<String, Error> {
        if self.retain_until > Timestamp::from_unix(LAST_WRITABLE_SECOND, 999) {
            return Err(Error::InvalidArgument(format!(
                "the retention date {} is after the year 9999 (RFC 3339 has four-digit years)",
                self.retain_until
            )));
        }
        let mut w = XmlWriter::new("Retention");
        w.leaf("Mode", self.mode.as_str());
        w.leaf("RetainUntilDate", &self.retain_until.to_string());
        Ok(w.finish("Retention"))
    }

    fn from_body(body: &[u8]) -> Result<Self, Error> {
        let root = parse_root(body, "Retention")?;
        Ok(Self {
            mode: RetentionMode::parse(root.required("Mode")?)?,
            retain_until: Timestamp::parse(root.required("RetainUntilDate")?.trim())?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_hostile_documents() {
        let r = Retention {
            mode: RetentionMode::Compliance,
            retain_until: Timestamp::parse("2030-01-02T03:04:05.678Z").unwrap(),
        };
        let body = r.to_body().unwrap();
        assert!(body.contains("<RetainUntilDate>2030-01-02T03:04:05.678Z</RetainUntilDate>"));
        assert_eq!(Retention::from_body(body.as_bytes()).unwrap(), r);
        for bad in [
            "<Retention><Mode>GOVERNANCE</Mode></Retention>",
            "<Retention><Mode>LOOSE</Mode><RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate></Retention>",
            "<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>soon</RetainUntilDate></Retention>",
        ] {
            assert!(Retention::from_body(bad.as_bytes()).is_err(), "{bad}");
        }
    }
}
