//! `remove_object` (a version, with or without the governance bypass) and
//! `remove_objects` (batch delete, lazily).

use std::collections::VecDeque;
use std::future::IntoFuture;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use futures_core::Stream;

use newtera_proto::op::delete::{DeleteObjects, MAX_DELETE_KEYS, ObjectIdentifier};
use newtera_proto::op::object::DeleteObject;

use crate::client::{Newtera, SendOptions};
use crate::error::Result;
use crate::future::{OpFuture, OpStream};
use crate::types::{DeleteError, RemovedObject};

/// An object to delete: a key, optionally a version. Made with
/// [`new`](Self::new) or [`with_version`](Self::with_version).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeleteObjectRef {
    /// The key.
    pub name: String,
    /// A specific version.
    pub version_id: Option<String>,
}

impl DeleteObjectRef {
    /// A key to delete.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            version_id: None,
        }
    }

    /// A specific version of a key.
    pub fn with_version(name: impl Into<String>, version_id: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            version_id: Some(version_id.into()),
        }
    }
}

impl From<String> for DeleteObjectRef {
    fn from(name: String) -> Self {
        Self::new(name)
    }
}

impl From<&str> for DeleteObjectRef {
    fn from(name: &str) -> Self {
        Self::new(name)
    }
}

impl From<&String> for DeleteObjectRef {
    fn from(name: &String) -> Self {
        Self::new(name.clone())
    }
}

impl Newtera {
    /// Removes an object (removing a missing object succeeds, as in S3).
    /// On a versioned bucket this adds a delete marker; name a version
    /// with [`RemoveObject::version_id`] to remove that version for good.
    ///
    /// ```no_run
    /// # async fn run(client: newtera::Newtera) -> newtera::Result<()> {
    /// client.remove_object("photos", "old.jpg").await?;
    /// let removed = client
    ///     .remove_object("photos", "kept.jpg")
    ///     .version_id("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY")
    ///     .bypass_governance_retention(true)
    ///     .await?;
    /// println!("delete marker: {}", removed.delete_marker);
    /// # Ok(()) }
    /// ```
    pub fn remove_object(&self, bucket: &str, object: &str) -> RemoveObject {
        RemoveObject {
            client: self.clone(),
            bucket: bucket.to_owned(),
            key: object.to_owned(),
            version_id: None,
            bypass_governance: false,
        }
    }

    /// Removes many objects in batches of at most 1,000 keys (quiet
    /// DeleteObjects). Lazy: nothing is sent until the stream is polled,
    /// and keys are drawn from `objects` one batch at a time. Keys may name
    /// versions ([`DeleteObjectRef::with_version`]).
    ///
    /// The stream yields only failures: `Ok(DeleteError)` for each key the
    /// server refused, `Err` when a whole batch failed (then the stream ends).
    pub fn remove_objects<I>(&self, bucket: &str, objects: I) -> RemoveObjects
    where
        I: IntoIterator,
        I::Item: Into<DeleteObjectRef>,
        I::IntoIter: Send + 'static,
    {
        let bypass = Arc::new(AtomicBool::new(false));
        let state = Batches {
            client: self.clone(),
            bucket: bucket.to_owned(),
            keys: objects.into_iter(),
            pending: VecDeque::new(),
            done: false,
            bypass: bypass.clone(),
        };
        RemoveObjects {
            stream: OpStream::new(futures_util::stream::unfold(state, Batches::next)),
            bypass,
        }
    }
}

/// The builder [`Newtera::remove_object`] returns; await it to send.
#[derive(Debug)]
#[must_use = "nothing is removed until this is awaited"]
pub struct RemoveObject {
    client: Newtera,
    bucket: String,
    key: String,
    version_id: Option<String>,
    bypass_governance: bool,
}

impl RemoveObject {
    /// Removes this version (or delete marker) instead of adding a delete
    /// marker.
    pub fn version_id(mut self, version_id: impl Into<String>) -> Self {
        self.version_id = Some(version_id.into());
        self
    }

    /// Removes a version under a GOVERNANCE-mode retention too
    /// (`x-amz-bypass-governance-retention`; needs the
    /// `s3:BypassGovernanceRetention` permission). A COMPLIANCE-mode
    /// retention or a legal hold still refuses.
    pub fn bypass_governance_retention(mut self, bypass: bool) -> Self {
        self.bypass_governance = bypass;
        self
    }
}

impl IntoFuture for RemoveObject {
    type Output = Result<RemovedObject>;
    type IntoFuture = OpFuture<RemovedObject>;

    fn into_future(self) -> Self::IntoFuture {
        OpFuture::new(async move {
            let op = DeleteObject {
                bucket: self.bucket,
                key: self.key,
                version_id: self.version_id,
                bypass_governance: self.bypass_governance,
            };
            let out = self.client.execute(&op, SendOptions::default()).await?;
            Ok(RemovedObject {
                delete_marker: out.delete_marker,
                version_id: out.version_id,
            })
        })
    }
}

/// The stream [`Newtera::remove_objects`] returns: the keys the server
/// refused. Lazy; set options before the first poll.
#[must_use = "streams do nothing unless polled"]
pub struct RemoveObjects {
    stream: OpStream<DeleteError>,
    bypass: Arc<AtomicBool>,
}

impl RemoveObjects {
    /// Removes versions under a GOVERNANCE-mode retention too (see
    /// [`RemoveObject::bypass_governance_retention`]); applies to the
    /// batches sent after this call.
    pub fn bypass_governance_retention(self, bypass: bool) -> Self {
        self.bypass.store(bypass, Ordering::Relaxed);
        self
    }
}

impl Stream for RemoveObjects {
    type Item = Result<DeleteError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.stream).poll_next(cx)
    }
}

impl std::fmt::Debug for RemoveObjects {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoveObjects")
            .field("bypass_governance", &self.bypass.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

struct Batches<I> {
    client: Newtera,
    bucket: String,
    keys: I,
    pending: VecDeque<DeleteError>,
    done: bool,
    bypass: Arc<AtomicBool>,
}

impl<I> Batches<I>
where
    I: Iterator + Send,
    I::Item: Into<DeleteObjectRef>,
{
    async fn next(mut self) -> Option<(Result<DeleteError>, Self)> {
        loop {
            if let Some(err) = self.pending.pop_front() {
                return Some((Ok(err), self));
            }
            if self.done {
                return None;
            }
            let batch: Vec<ObjectIdentifier> = self
                .keys
                .by_ref()
                .take(MAX_DELETE_KEYS)
                .map(Into::into)
                .map(|o: DeleteObjectRef| ObjectIdentifier {
                    key: o.name,
                    version_id: o.version_id,
                })
                .collect();
            if batch.is_empty() {
                return None;
            }
            if let Err(e) = self.send(batch).await {
                self.done = true;
                return Some((Err(e), self));
            }
        }
    }

    async fn send(&mut self, objects: Vec<ObjectIdentifier>) -> Result<()> {
        super::check_bucket(&self.client, &self.bucket)?;
        // A key the server would refuse anyway is reported without a request.
        let (valid, invalid): (Vec<_>, Vec<_>) = objects
            .into_iter()
            .partition(|o| newtera_proto::validate::validate_object_name(&o.key).is_ok());
        self.pending
            .extend(invalid.into_iter().map(|o| DeleteError {
                object_name: o.key,
                error_code: "InvalidArgument".into(),
                error_message: "invalid object name".into(),
                version_id: o.version_id,
            }));
        let (valid, outside_xml): (Vec<_>, Vec<_>) = valid
            .into_iter()
            .partition(|o| newtera_proto::op::delete::fits_in_xml(&o.key));
        for object in outside_xml {
            self.delete_one(object).await;
        }
        if valid.is_empty() {
            return Ok(());
        }
        let op = DeleteObjects {
            bucket: self.bucket.clone(),
            objects: valid,
            quiet: true,
            bypass_governance: self.bypass.load(Ordering::Relaxed),
        };
        let out = self.client.execute(&op, SendOptions::default()).await?;
        self.pending
            .extend(out.errors.into_iter().map(|e| DeleteError {
                object_name: e.key,
                error_code: e.code.as_str().to_owned(),
                error_message: e.message,
                version_id: e.version_id,
            }));
        Ok(())
    }

    /// A key no DeleteObjects body can carry, deleted alone; a failure is
    /// reported like a batch's.
    async fn delete_one(&mut self, object: ObjectIdentifier) {
        let op = DeleteObject {
            bucket: self.bucket.clone(),
            key: object.key,
            version_id: object.version_id,
            bypass_governance: self.bypass.load(Ordering::Relaxed),
        };
        if let Err(e) = self.client.execute(&op, SendOptions::default()).await {
            self.pending.push_back(DeleteError {
                error_code: e.code().unwrap_or("DeleteObject").to_owned(),
                error_message: e.to_string(),
                object_name: op.key,
                version_id: op.version_id,
            });
        }
    }
}
