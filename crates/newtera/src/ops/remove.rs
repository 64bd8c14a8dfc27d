//! `remove_object` and `remove_objects` (batch delete, lazily).

use std::collections::VecDeque;

use newtera_proto::op::delete::{DeleteObjects, MAX_DELETE_KEYS, ObjectIdentifier};
use newtera_proto::op::object::DeleteObject;

use crate::client::{Newtera, SendOptions};
use crate::error::Result;
use crate::future::{OpFuture, OpStream};
use crate::types::DeleteError;

/// An object to delete: a key, optionally a version.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    pub fn remove_object(&self, bucket: &str, object: &str) -> OpFuture<()> {
        let client = self.clone();
        let (bucket, key) = (bucket.to_owned(), object.to_owned());
        OpFuture::new(async move {
            client
                .execute(
                    &DeleteObject {
                        bucket,
                        key,
                        version_id: None,
                    },
                    SendOptions::default(),
                )
                .await?;
            Ok(())
        })
    }

    /// Removes many objects in batches of at most 1,000 keys (quiet
    /// DeleteObjects). Lazy: nothing is sent until the stream is polled,
    /// and keys are drawn from `objects` one batch at a time.
    ///
    /// The stream yields only failures: `Ok(DeleteError)` for each key the
    /// server refused, `Err` when a whole batch failed (then the stream ends).
    pub fn remove_objects<I>(&self, bucket: &str, objects: I) -> OpStream<DeleteError>
    where
        I: IntoIterator,
        I::Item: Into<DeleteObjectRef>,
        I::IntoIter: Send + 'static,
    {
        let state = Batches {
            client: self.clone(),
            bucket: bucket.to_owned(),
            keys: objects.into_iter(),
            pending: VecDeque::new(),
            done: false,
        };
        OpStream::new(futures_util::stream::unfold(state, Batches::next))
    }
}

struct Batches<I> {
    client: Newtera,
    bucket: String,
    keys: I,
    pending: VecDeque<DeleteError>,
    done: bool,
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
        };
        let out = self.client.execute(&op, SendOptions::default()).await?;
        self.pending
            .extend(out.errors.into_iter().map(|e| DeleteError {
                object_name: e.key,
                error_code: e.code.as_str().to_owned(),
                error_message: e.message,
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
        };
        if let Err(e) = self.client.execute(&op, SendOptions::default()).await {
            self.pending.push_back(DeleteError {
                error_code: e.code().unwrap_or("DeleteObject").to_owned(),
                error_message: e.to_string(),
                object_name: op.key,
            });
        }
    }
}
