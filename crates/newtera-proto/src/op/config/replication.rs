//! Replication (S3 API reference: PutBucketReplication,
//! `ReplicationConfiguration`). No server tested here implements it; the
//! document follows the S3 model.

use super::{BucketConfig, check_rule_id, check_unique_ids, number};
use crate::error::Error;
use crate::op::common::parse_root;
use crate::xml::{Node, XmlWriter};

/// A bucket's replication rules.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReplicationConfiguration {
    /// The IAM role the server replicates as.
    pub role: String,
    /// The rules.
    pub rules: Vec<ReplicationRule>,
}

/// One replication rule.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReplicationRule {
    /// An optional id.
    pub id: Option<String>,
    /// Whether the rule is applied.
    pub enabled: bool,
    /// Which rule wins when several match (higher first).
    pub priority: Option<u32>,
    /// Only keys starting with this.
    pub prefix: Option<String>,
    /// The destination bucket's ARN (`arn:aws:s3:::bucket`).
    pub destination_bucket: String,
    /// The storage class of the replicas.
    pub storage_class: Option<String>,
    /// Replicate delete markers.
    pub delete_marker_replication: bool,
}

impl BucketConfig for ReplicationConfiguration {
    const SUBRESOURCE: &'static str = "replication";
    const NOT_FOUND: &'static str = "ReplicationConfigurationNotFoundError";

    fn to_body(&self) -> Result<String, Error> {
        if self.rules.is_empty() {
            return Err(Error::InvalidArgument(
                "a replication configuration needs a rule".into(),
            ));
        }
        let flag = |b: bool| if b { "Enabled" } else { "Disabled" };
        let mut w = XmlWriter::new("ReplicationConfiguration");
        w.leaf("Role", &self.role);
        check_unique_ids(self.rules.iter().map(|r| r.id.as_deref()))?;
        for rule in &self.rules {
            check_rule_id(rule.id.as_deref())?;
            w.open("Rule");
            if let Some(id) = &rule.id {
                w.leaf("ID", id);
            }
            if let Some(priority) = rule.priority {
                w.leaf("Priority", &priority.to_string());
            }
            w.open("Filter");
            w.leaf("Prefix", rule.prefix.as_deref().unwrap_or_default());
            w.close("Filter");
            w.leaf("Status", flag(rule.enabled));
            w.open("Destination");
            w.leaf("Bucket", &rule.destination_bucket);
            if let Some(class) = &rule.storage_class {
                w.leaf("StorageClass", class);
            }
            w.close("Destination");
            w.open("DeleteMarkerReplication");
            w.leaf("Status", flag(rule.delete_marker_replication));
            w.close("DeleteMarkerReplication");
            w.close("Rule");
        }
        Ok(w.finish("ReplicationConfiguration"))
    }

    fn from_body(body: &[u8]) -> Result<Self, Error> {
        let root = parse_root(body, "ReplicationConfiguration")?;
        Ok(Self {
            role: root.text_of("Role").unwrap_or_default().to_owned(),
            rules: root
                .children("Rule")
                .map(read_rule)
                .collect::<Result<_, _>>()?,
        })
    }
}

fn read_rule(node: &Node<'_>) -> Result<ReplicationRule, Error> {
    let destination = node
        .child("Destination")
        .ok_or(Error::MissingField("Destination"))?;
    let enabled = |n: Option<&Node<'_>>| n.and_then(|n| n.text_of("Status")) == Some("Enabled");
    Ok(ReplicationRule {
        id: node.text_of("ID").map(str::to_owned),
        enabled: node.required("Status")?.trim() == "Enabled",
        priority: node
            .text_of("Priority")
            .map(|p| number("Priority", p))
            .transpose()?,
        prefix: node
            .child("Filter")
            .and_then(|f| f.text_of("Prefix"))
            .or_else(|| node.text_of("Prefix"))
            .map(str::to_owned),
        destination_bucket: destination.required("Bucket")?.to_owned(),
        storage_class: destination.text_of("StorageClass").map(str::to_owned),
        delete_marker_replication: enabled(node.child("DeleteMarkerReplication")),
    })
}
