//! Bucket notifications: the configuration (S3), and MinIO's
//! `listen_bucket_notification` event stream.

use std::collections::VecDeque;

use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt};
use newtera_proto::Operation;
use newtera_proto::op::config::{
    ListenBucketNotification as ListenOp, NotificationConfiguration, ReplicationConfiguration,
};

use crate::client::{Newtera, SendOptions};
use crate::convert::{Target, body_error};
use crate::error::{Error, Result};
use crate::future::{OpFuture, OpStream};

/// The longest event line read (MinIO's records are a few KiB).
const MAX_LINE: usize = 1 << 20;

impl Newtera {
    /// The bucket's notification configuration (empty when it has none)
    /// (S3 API reference: GetBucketNotificationConfiguration).
    pub fn get_bucket_notification(&self, bucket: &str) -> OpFuture<NotificationConfiguration> {
        let get = self.get_config::<NotificationConfiguration>(bucket);
        OpFuture::new(async move { Ok(get.await?.unwrap_or_default()) })
    }

    /// Sets (replaces) the bucket's notification configuration (S3 API
    /// reference: PutBucketNotificationConfiguration).
    pub fn set_bucket_notification(
        &self,
        bucket: &str,
        config: NotificationConfiguration,
    ) -> OpFuture<()> {
        self.put_config(bucket, config)
    }

    /// Turns the bucket's notifications off: sets an empty configuration,
    /// as S3 has no Delete for it; a server that refuses an empty one as
    /// `MalformedXML` (Ceph RGW) gets its own `DELETE ?notification`.
    pub fn delete_bucket_notification(&self, bucket: &str) -> OpFuture<()> {
        let client = self.clone();
        let bucket = bucket.to_owned();
        OpFuture::new(async move {
            let empty = client.put_config(&bucket, NotificationConfiguration::default());
            match empty.await {
                Err(e) if e.code() == Some("MalformedXML") => {
                    client
                        .delete_config::<NotificationConfiguration>(&bucket)
                        .await
                }
                other => other,
            }
        })
    }

    /// The bucket's replication configuration, or `None` (S3 API
    /// reference: GetBucketReplication).
    pub fn get_bucket_replication(
        &self,
        bucket: &str,
    ) -> OpFuture<Option<ReplicationConfiguration>> {
        self.get_config::<ReplicationConfiguration>(bucket)
    }

    /// Sets the bucket's replication configuration (S3 API reference:
    /// PutBucketReplication).
    pub fn set_bucket_replication(
        &self,
        bucket: &str,
        config: ReplicationConfiguration,
    ) -> OpFuture<()> {
        self.put_config(bucket, config)
    }

    /// Removes the bucket's replication configuration.
    pub fn delete_bucket_replication(&self, bucket: &str) -> OpFuture<()> {
        self.delete_config::<ReplicationConfiguration>(bucket)
    }

    /// Follows a bucket's events as they happen (MinIO's
    /// ListenBucketNotification extension): a lazy, endless stream of
    /// records, ended by dropping it. `events` are event types such as
    /// `s3:ObjectCreated:*`.
    ///
    /// ```no_run
    /// # async fn run(client: newtera::Newtera) -> newtera::Result<()> {
    /// use futures_util::TryStreamExt;
    /// let mut events = client
    ///     .listen_bucket_notification("photos", ["s3:ObjectCreated:*"])
    ///     .suffix(".jpg")
    ///     .into_stream();
    /// while let Some(record) = events.try_next().await? {
    ///     println!("{} {}", record.event_name, record.key);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn listen_bucket_notification<I, S>(
        &self,
        bucket: &str,
        events: I,
    ) -> ListenBucketNotification
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ListenBucketNotification {
            client: self.clone(),
            op: ListenOp {
                bucket: bucket.to_owned(),
                events: events.into_iter().map(Into::into).collect(),
                ..ListenOp::default()
            },
        }
    }
}

/// The options of [`Newtera::listen_bucket_notification`].
#[derive(Debug)]
#[must_use = "nothing is sent until the stream is polled"]
pub struct ListenBucketNotification {
    client: Newtera,
    op: ListenOp,
}

impl ListenBucketNotification {
    /// Only keys starting with `prefix`.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.op.prefix = Some(prefix.into());
        self
    }

    /// Only keys ending with `suffix`.
    pub fn suffix(mut self, suffix: impl Into<String>) -> Self {
        self.op.suffix = Some(suffix.into());
        self
    }

    /// The records, as they come.
    pub fn into_stream(self) -> OpStream<NotificationRecord> {
        let records = futures_util::stream::once(self.open()).flat_map(|opened| match opened {
            Ok(lines) => lines.left_stream(),
            Err(e) => futures_util::stream::iter([Err(e)]).right_stream(),
        });
        OpStream::new(records)
    }

    async fn open(self) -> Result<impl Stream<Item = Result<NotificationRecord>> + Send> {
        super::check_bucket(&self.client, &self.op.bucket)?;
        let target = Target::new(Some(&self.op.bucket), None);
        let parts = self.op.encode().map_err(Error::from_encode)?;
        let response = self
            .client
            .send(parts, None, SendOptions::default())
            .await?;
        if !response.status().is_success() {
            return Err(crate::dispatch::refused::<ListenOp>(response, &target).await);
        }
        let body = response.into_body().into_stream();
        let state = Lines {
            body: Box::pin(body),
            buf: BytesMut::new(),
            ready: VecDeque::new(),
        };
        Ok(futures_util::stream::unfold(state, Lines::next))
    }
}

/// One event, as S3's event message structure carries it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct NotificationRecord {
    /// The event type, e.g. `s3:ObjectCreated:Put` (Ceph RGW leaves out
    /// the `s3:`).
    pub event_name: String,
    /// The bucket.
    pub bucket: String,
    /// The key as the server sent it: AWS S3 and MinIO URL-encode it
    /// (space as `+`), Ceph RGW does not.
    pub key: String,
    /// The object's size in bytes, when the event has one.
    pub size: Option<u64>,
    /// The object's ETag, when the event has one.
    pub etag: Option<String>,
    /// When it happened (ISO 8601), as sent.
    pub event_time: Option<String>,
    /// The whole record.
    pub raw: serde_json::Value,
}

impl NotificationRecord {
    /// The records of one `{"Records": [...]}` message.
    pub fn parse_message(message: &[u8]) -> Result<Vec<Self>> {
        let value: serde_json::Value = serde_json::from_slice(message)
            .map_err(|e| Error::malformed(format!("an event message is not JSON: {e}")))?;
        let records = value
            .get("Records")
            .and_then(serde_json::Value::as_array)
            .cloned()
            .unwrap_or_default();
        Ok(records.into_iter().map(Self::from_value).collect())
    }

    #[allow(
        clippy::indexing_slicing,
        reason = "indexing a serde_json::Value by a key never panics: a missing key or a non-object gives Null"
    )]
    fn from_value(raw: serde_json::Value) -> Self {
        let text = |v: &serde_json::Value| v.as_str().map(str::to_owned);
        let object = &raw["s3"]["object"];
        Self {
            event_name: text(&raw["eventName"]).unwrap_or_default(),
            bucket: text(&raw["s3"]["bucket"]["name"]).unwrap_or_default(),
            key: text(&object["key"]).unwrap_or_default(),
            size: object["size"].as_u64(),
            etag: text(&object["eTag"]).or_else(|| text(&object["etag"])),
            event_time: text(&raw["eventTime"]),
            raw,
        }
    }
}

type ByteStream = std::pin::Pin<
    Box<dyn Stream<Item = std::result::Result<Bytes, newtera_transport::Error>> + Send + Sync>,
>;

/// Splits the body into lines and the lines into records.
struct Lines {
    body: ByteStream,
    buf: BytesMut,
    ready: VecDeque<NotificationRecord>,
}

impl Lines {
    async fn next(mut self) -> Option<(Result<NotificationRecord>, Self)> {
        loop {
            if let Some(record) = self.ready.pop_front() {
                return Some((Ok(record), self));
            }
            if let Some(end) = self.buf.iter().position(|b| *b == b'\n') {
                let line = self.buf.split_to(end + 1);
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                match NotificationRecord::parse_message(&line) {
                    Ok(records) => self.ready.extend(records),
                    Err(e) => return Some((Err(e), self)),
                }
                continue;
            }
            if self.buf.len() > MAX_LINE {
                self.buf.clear();
                let e = Error::malformed("an event line longer than 1 MiB");
                return Some((Err(e), self));
            }
            match self.body.next().await {
                Some(Ok(chunk)) => self.buf.extend_from_slice(&chunk),
                Some(Err(e)) => return Some((Err(body_error(e)), self)),
                None if self.buf.iter().all(u8::is_ascii_whitespace) => return None,
                None => {
                    self.buf.clear();
                    let e = Error::malformed("the event stream ended in the middle of a line");
                    return Some((Err(e), self));
                }
            }
        }
    }
}
