//! Object legal hold (S3 API reference: PutObjectLegalHold,
//! GetObjectLegalHold, `LegalHold`).

use super::ObjectConfig;
use crate::error::Error;
use crate::op::common::parse_root;
use crate::xml::XmlWriter;

/// Whether an object version is under a legal hold: while on, it cannot be
/// removed, whatever its retention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegalHold {
    /// `ON` is `true`, `OFF` is `false`.
    pub on: bool,
}

impl ObjectConfig for LegalHold {
    const SUBRESOURCE: &'static str = "legal-hold";
    const NOT_FOUND: &'static [&'static str] = &[
        "NoSuchObjectLockConfiguration",
        "ObjectLockConfigurationNotFoundError",
    ];

    fn to_body(&self) -> Result<String, Error> {
        let mut w = XmlWriter::new("LegalHold");
        w.leaf("Status", if self.on { "ON" } else { "OFF" });
        Ok(w.finish("LegalHold"))
    }

    fn from_body(body: &[u8]) -> Result<Self, Error> {
        let root = parse_root(body, "LegalHold")?;
        match root.required("Status")?.trim() {
            "ON" => Ok(Self { on: true }),
            "OFF" => Ok(Self { on: false }),
            _ => Err(Error::invalid("Status", "not ON or OFF")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_other_states() {
        for on in [true, false] {
            let body = LegalHold { on }.to_body().unwrap();
            assert_eq!(
                LegalHold::from_body(body.as_bytes()).unwrap(),
                LegalHold { on }
            );
        }
        assert!(LegalHold::from_body(b"<LegalHold><Status>maybe</Status></LegalHold>").is_err());
        assert!(LegalHold::from_body(b"<LegalHold/>").is_err());
    }
}
