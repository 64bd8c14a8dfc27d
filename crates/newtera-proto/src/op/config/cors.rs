//! CORS configuration (S3 API reference: PutBucketCors, `CORSConfiguration`).

use super::{BucketConfig, check_rule_id, number};
use crate::error::Error;
use crate::op::common::parse_root;
use crate::xml::{Node, XmlWriter};

/// The CORS rules of a bucket (at most 100).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CorsConfiguration {
    /// The rules, matched in order.
    pub rules: Vec<CorsRule>,
}

/// One CORS rule.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CorsRule {
    /// An optional id (up to 255 characters).
    pub id: Option<String>,
    /// Origins allowed, e.g. `https://example.com` or `*`.
    pub allowed_origins: Vec<String>,
    /// Methods allowed: `GET`, `PUT`, `POST`, `DELETE`, `HEAD`.
    pub allowed_methods: Vec<String>,
    /// Request headers allowed in a preflight (`Access-Control-Request-Headers`).
    pub allowed_headers: Vec<String>,
    /// Response headers the browser may read.
    pub expose_headers: Vec<String>,
    /// How long, in seconds, a browser may cache the preflight answer.
    pub max_age_seconds: Option<u32>,
}

const METHODS: [&str; 5] = ["GET", "PUT", "POST", "DELETE", "HEAD"];

impl BucketConfig for CorsConfiguration {
    const SUBRESOURCE: &'static str = "cors";
    const NOT_FOUND: &'static str = "NoSuchCORSConfiguration";

    fn to_body(&self) -> Result<String, Error> {
        if self.rules.is_empty() || self.rules.len() > 100 {
            return Err(Error::InvalidArgument(
                "a CORS configuration holds 1 to 100 rules".into(),
            ));
        }
        let mut w = XmlWriter::new("CORSConfiguration");
        for rule in &self.rules {
            check_rule_id(rule.id.as_deref())?;
            rule.write(&mut w)?;
        }
        Ok(w.finish("CORSConfiguration"))
    }

    fn from_body(body: &[u8]) -> Result<Self, Error> {
        let root = parse_root(body, "CORSConfiguration")?;
        let rules = root
            .children("CORSRule")
            .map(CorsRule::read)
            .collect::<Result<_, _>>()?;
        Ok(Self { rules })
    }
}

impl CorsRule {
    fn write(&self, w: &mut XmlWriter) -> Result<(), Error> {
        if self.allowed_origins.is_empty() || self.allowed_methods.is_empty() {
            return Err(Error::InvalidArgument(
                "a CORS rule needs at least one allowed origin and one allowed method".into(),
            ));
        }
        if let Some(bad) = self
            .allowed_methods
            .iter()
            .find(|m| !METHODS.contains(&m.as_str()))
        {
            return Err(Error::InvalidArgument(format!(
                "CORS method {bad:?} is not one of GET, PUT, POST, DELETE, HEAD"
            )));
        }
        w.open("CORSRule");
        if let Some(id) = &self.id {
            w.leaf("ID", id);
        }
        for (element, values) in [
            ("AllowedHeader", &self.allowed_headers),
            ("AllowedMethod", &self.allowed_methods),
            ("AllowedOrigin", &self.allowed_origins),
            ("ExposeHeader", &self.expose_headers),
        ] {
            for value in values {
                w.leaf(element, value);
            }
        }
        if let Some(age) = self.max_age_seconds {
            w.leaf("MaxAgeSeconds", &age.to_string());
        }
        w.close("CORSRule");
        Ok(())
    }

    fn read(node: &Node<'_>) -> Result<Self, Error> {
        let all = |name: &str| {
            node.children(name)
                .map(|c| c.text.trim().to_owned())
                .collect::<Vec<_>>()
        };
        Ok(Self {
            id: node.text_of("ID").map(str::to_owned),
            allowed_origins: all("AllowedOrigin"),
            allowed_methods: all("AllowedMethod"),
            allowed_headers: all("AllowedHeader"),
            expose_headers: all("ExposeHeader"),
            max_age_seconds: node
                .text_of("MaxAgeSeconds")
                .map(|t| number("MaxAgeSeconds", t))
                .transpose()?,
        })
    }
}
