//! MinIO's ListenBucketNotification: `GET /bucket?events=…` answered with
//! a never-ending stream of JSON lines, each `{"Records": [...]}` or a
//! blank keep-alive line (MinIO extension; no S3 server here speaks it).

use http::{HeaderMap, Method, StatusCode};

use crate::error::Error;
use crate::error_code::Target;
use crate::op::Operation;
use crate::op::bucket::bucket_parts;
use crate::op::common::check_status;
use crate::request::RequestParts;

/// Subscribes to a bucket's events. The request is encoded here; the
/// answer's body is a stream the caller reads line by line, and `decode`
/// only checks the status.
#[derive(Debug, Clone, Default)]
pub struct ListenBucketNotification {
    /// The bucket.
    pub bucket: String,
    /// Only keys starting with this.
    pub prefix: Option<String>,
    /// Only keys ending with this.
    pub suffix: Option<String>,
    /// Event types, e.g. `s3:ObjectCreated:*`; at least one.
    pub events: Vec<String>,
}

impl Operation for ListenBucketNotification {
    type Output = ();

    fn encode(&self) -> Result<RequestParts, Error> {
        if self.events.is_empty() {
            return Err(Error::InvalidArgument(
                "listening needs at least one event type".into(),
            ));
        }
        let mut parts = bucket_parts(Method::GET, &self.bucket)?;
        for event in &self.events {
            parts.push_query("events", event.clone());
        }
        parts.push_query("prefix", self.prefix.clone().unwrap_or_default());
        parts.push_query("suffix", self.suffix.clone().unwrap_or_default());
        Ok(parts)
    }

    fn decode(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<(), Error> {
        check_status(status, headers, body, Target::Bucket)
    }
}
