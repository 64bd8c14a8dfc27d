//! The one builder for requests that address an object's subresource
//! (tags, retention, legal hold): a bucket, a key, an optional version id.

use std::future::IntoFuture;

use newtera_proto::op::object_config::{
    DeleteObjectConfig, GetObjectConfig, ObjectConfig, ObjectTarget, PutObjectConfig,
};

use crate::client::{Newtera, SendOptions};
use crate::error::Result;
use crate::future::OpFuture;

type Action<T> = Box<dyn FnOnce(Newtera, ObjectTarget) -> OpFuture<T> + Send + Sync>;

/// A request about one object (the latest version unless
/// [`ObjectRequest::version_id`] names one); await it to send.
#[must_use = "nothing is sent until this is awaited"]
pub struct ObjectRequest<T> {
    client: Newtera,
    target: ObjectTarget,
    action: Action<T>,
}

impl<T> ObjectRequest<T> {
    pub(crate) fn new(
        client: &Newtera,
        bucket: &str,
        key: &str,
        action: impl FnOnce(Newtera, ObjectTarget) -> OpFuture<T> + Send + Sync + 'static,
    ) -> Self {
        Self {
            client: client.clone(),
            target: ObjectTarget::new(bucket, key),
            action: Box::new(action),
        }
    }

    /// A specific version.
    pub fn version_id(mut self, version_id: impl Into<String>) -> Self {
        self.target.version_id = Some(version_id.into());
        self
    }
}

impl<T> IntoFuture for ObjectRequest<T> {
    type Output = Result<T>;
    type IntoFuture = OpFuture<T>;

    fn into_future(self) -> Self::IntoFuture {
        (self.action)(self.client, self.target)
    }
}

impl<T> std::fmt::Debug for ObjectRequest<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObjectRequest")
            .field("target", &self.target)
            .finish_non_exhaustive()
    }
}

/// Reads `target`'s document; `None` when it has none.
pub(crate) fn get<C: ObjectConfig>(client: Newtera, target: ObjectTarget) -> OpFuture<Option<C>> {
    OpFuture::new(async move {
        let op = GetObjectConfig::<C>::new(target);
        client.execute(&op, SendOptions::default()).await
    })
}

/// Sets `target`'s document.
pub(crate) fn put<C: ObjectConfig>(
    client: Newtera,
    target: ObjectTarget,
    config: C,
    bypass_governance: bool,
) -> OpFuture<()> {
    OpFuture::new(async move {
        let op = PutObjectConfig {
            target,
            config,
            bypass_governance,
        };
        client.execute(&op, SendOptions::default()).await?;
        Ok(())
    })
}

/// Removes `target`'s document.
pub(crate) fn delete<C: ObjectConfig>(client: Newtera, target: ObjectTarget) -> OpFuture<()> {
    OpFuture::new(async move {
        let op = DeleteObjectConfig::<C>::new(target);
        client.execute(&op, SendOptions::default()).await
    })
}
