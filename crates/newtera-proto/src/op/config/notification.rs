//! Event notifications (S3 API reference:
//! PutBucketNotificationConfiguration, `NotificationConfiguration`).

use super::BucketConfig;
use crate::error::Error;
use crate::op::common::parse_root;
use crate::xml::{Node, XmlWriter};

/// Where a bucket's events go. An empty configuration turns
/// notifications off (S3 has no Delete for it).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NotificationConfiguration {
    /// SNS topics (`TopicConfiguration`); Ceph RGW's topics too.
    pub topics: Vec<NotificationTarget>,
    /// SQS queues (`QueueConfiguration`); MinIO's targets
    /// (`arn:minio:sqs:…`) too.
    pub queues: Vec<NotificationTarget>,
    /// Lambda functions (`CloudFunctionConfiguration`).
    pub lambdas: Vec<NotificationTarget>,
}

/// One destination and what is sent to it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NotificationTarget {
    /// An optional id.
    pub id: Option<String>,
    /// The destination's ARN.
    pub arn: String,
    /// Event types, e.g. `s3:ObjectCreated:*`, `s3:ObjectRemoved:Delete`.
    pub events: Vec<String>,
    /// Only keys starting with this.
    pub prefix: Option<String>,
    /// Only keys ending with this.
    pub suffix: Option<String>,
}

/// (configuration element, ARN element) of each kind of destination.
const TOPIC: (&str, &str) = ("TopicConfiguration", "Topic");
const QUEUE: (&str, &str) = ("QueueConfiguration", "Queue");
const LAMBDA: (&str, &str) = ("CloudFunctionConfiguration", "CloudFunction");

impl BucketConfig for NotificationConfiguration {
    const SUBRESOURCE: &'static str = "notification";
    /// A bucket without notifications answers an empty configuration.
    const NOT_FOUND: &'static str = "";

    fn to_body(&self) -> Result<String, Error> {
        let mut w = XmlWriter::new("NotificationConfiguration");
        for (targets, names) in [
            (&self.topics, TOPIC),
            (&self.queues, QUEUE),
            (&self.lambdas, LAMBDA),
        ] {
            for target in targets {
                target.write(&mut w, names)?;
            }
        }
        Ok(w.finish("NotificationConfiguration"))
    }

    fn from_body(body: &[u8]) -> Result<Self, Error> {
        let root = parse_root(body, "NotificationConfiguration")?;
        let read = |(element, arn): (&str, &'static str)| {
            root.children(element)
                .map(|n| NotificationTarget::read(n, arn))
                .collect::<Result<Vec<_>, _>>()
        };
        Ok(Self {
            topics: read(TOPIC)?,
            queues: read(QUEUE)?,
            lambdas: read(LAMBDA)?,
        })
    }
}

impl NotificationTarget {
    fn write(&self, w: &mut XmlWriter, (element, arn): (&str, &str)) -> Result<(), Error> {
        if self.arn.is_empty() || self.events.is_empty() {
            return Err(Error::InvalidArgument(
                "a notification target needs an ARN and at least one event".into(),
            ));
        }
        w.open(element);
        if let Some(id) = &self.id {
            w.leaf("Id", id);
        }
        w.leaf(arn, &self.arn);
        for event in &self.events {
            w.leaf("Event", event);
        }
        if self.prefix.is_some() || self.suffix.is_some() {
            w.open("Filter");
            w.open("S3Key");
            for (name, value) in [("prefix", &self.prefix), ("suffix", &self.suffix)] {
                if let Some(value) = value {
                    w.open("FilterRule");
                    w.leaf("Name", name);
                    w.leaf("Value", value);
                    w.close("FilterRule");
                }
            }
            w.close("S3Key");
            w.close("Filter");
        }
        w.close(element);
        Ok(())
    }

    fn read(node: &Node<'_>, arn: &'static str) -> Result<Self, Error> {
        let rule = |name: &str| {
            node.child("Filter")
                .and_then(|f| f.child("S3Key"))
                .into_iter()
                .flat_map(|k| k.children("FilterRule"))
                .find(|r| {
                    r.text_of("Name")
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
                })
                .and_then(|r| r.text_of("Value"))
                .map(str::to_owned)
        };
        Ok(Self {
            id: node.text_of("Id").map(str::to_owned),
            arn: node.required(arn)?.to_owned(),
            events: node
                .children("Event")
                .map(|e| e.text.trim().to_owned())
                .collect(),
            prefix: rule("prefix"),
            suffix: rule("suffix"),
        })
    }
}
