//! Default encryption (S3 API reference: PutBucketEncryption,
//! `ServerSideEncryptionConfiguration`).

use super::BucketConfig;
use crate::error::Error;
use crate::op::common::parse_root;
use crate::xml::{Node, XmlWriter};

/// A bucket's default encryption: what new objects are encrypted with when
/// the request names nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EncryptionConfiguration {
    /// The rules (S3 takes exactly one).
    pub rules: Vec<EncryptionRule>,
}

/// One default-encryption rule.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EncryptionRule {
    /// `AES256` (SSE-S3), `aws:kms` or `aws:kms:dsse`.
    pub sse_algorithm: String,
    /// The KMS key for `aws:kms`.
    pub kms_master_key_id: Option<String>,
    /// Use an S3 Bucket Key for SSE-KMS.
    pub bucket_key_enabled: Option<bool>,
}

impl EncryptionConfiguration {
    /// SSE-S3 (`AES256`) by default.
    pub fn sse_s3() -> Self {
        Self {
            rules: vec![EncryptionRule {
                sse_algorithm: "AES256".into(),
                ..EncryptionRule::default()
            }],
        }
    }

    /// SSE-KMS with `key_id` by default.
    pub fn sse_kms(key_id: impl Into<String>) -> Self {
        Self {
            rules: vec![EncryptionRule {
                sse_algorithm: "aws:kms".into(),
                kms_master_key_id: Some(key_id.into()),
                bucket_key_enabled: None,
            }],
        }
    }
}

impl BucketConfig for EncryptionConfiguration {
    const SUBRESOURCE: &'static str = "encryption";
    const NOT_FOUND: &'static str = "ServerSideEncryptionConfigurationNotFoundError";

    fn to_body(&self) -> Result<String, Error> {
        if self.rules.is_empty() {
            return Err(Error::InvalidArgument(
                "a default-encryption configuration needs a rule".into(),
            ));
        }
        let mut w = XmlWriter::new("ServerSideEncryptionConfiguration");
        for rule in &self.rules {
            w.open("Rule");
            w.open("ApplyServerSideEncryptionByDefault");
            w.leaf("SSEAlgorithm", &rule.sse_algorithm);
            if let Some(key) = &rule.kms_master_key_id {
                w.leaf("KMSMasterKeyID", key);
            }
            w.close("ApplyServerSideEncryptionByDefault");
            if let Some(enabled) = rule.bucket_key_enabled {
                w.leaf("BucketKeyEnabled", if enabled { "true" } else { "false" });
            }
            w.close("Rule");
        }
        Ok(w.finish("ServerSideEncryptionConfiguration"))
    }

    fn from_body(body: &[u8]) -> Result<Self, Error> {
        let root = parse_root(body, "ServerSideEncryptionConfiguration")?;
        let rules = root
            .children("Rule")
            .map(read_rule)
            .collect::<Result<_, _>>()?;
        Ok(Self { rules })
    }
}

fn read_rule(node: &Node<'_>) -> Result<EncryptionRule, Error> {
    let default = node
        .child("ApplyServerSideEncryptionByDefault")
        .ok_or(Error::MissingField("ApplyServerSideEncryptionByDefault"))?;
    Ok(EncryptionRule {
        sse_algorithm: default.required("SSEAlgorithm")?.to_owned(),
        kms_master_key_id: default.text_of("KMSMasterKeyID").map(str::to_owned),
        bucket_key_enabled: node.text_of("BucketKeyEnabled").map(|t| t.trim() == "true"),
    })
}
