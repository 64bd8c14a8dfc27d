//! Versioning: the bucket's versioning state and `list_object_versions`, a
//! lazy stream of versions and delete markers over ListObjectVersions
//! pages (S3 API reference: GetBucketVersioning, PutBucketVersioning,
//! ListObjectVersions).

use std::collections::VecDeque;
use std::sync::Arc;

use newtera_proto::op::config::VersioningConfiguration;
use newtera_proto::op::versions::{ListObjectVersions as ListOp, ListObjectVersionsOutput};

use crate::client::{Newtera, SendOptions};
use crate::error::Result;
use crate::future::{OpFuture, OpStream};
use crate::paginate::Progress;
use crate::types::{ETag, ObjectVersion, system_time};

impl Newtera {
    /// The bucket's versioning state: `status` is `None` for a bucket that
    /// was never versioned (S3 API reference: GetBucketVersioning).
    pub fn get_bucket_versioning(&self, bucket: &str) -> OpFuture<VersioningConfiguration> {
        let get = self.get_config::<VersioningConfiguration>(bucket);
        OpFuture::new(async move { Ok(get.await?.unwrap_or_default()) })
    }

    /// Enables or suspends versioning (S3 API reference:
    /// PutBucketVersioning). A configuration without a status is an
    /// invalid-argument error before any request.
    ///
    /// ```no_run
    /// # async fn run(client: newtera::Newtera) -> newtera::Result<()> {
    /// use newtera::VersioningConfiguration;
    /// client.set_bucket_versioning("photos", VersioningConfiguration::enabled()).await?;
    /// # Ok(()) }
    /// ```
    pub fn set_bucket_versioning(
        &self,
        bucket: &str,
        config: VersioningConfiguration,
    ) -> OpFuture<()> {
        self.put_config(bucket, config)
    }

    /// Lists object versions and delete markers lazily, in key order with
    /// each key's newest version first. Non-recursive by default, like
    /// [`Newtera::list_objects`]: keys are rolled up at `/` and common
    /// prefixes come back as directory entries (`is_dir`).
    ///
    /// ```no_run
    /// # async fn run(client: newtera::Newtera) -> newtera::Result<()> {
    /// use futures_util::TryStreamExt;
    /// let mut versions = client.list_object_versions("photos").recursive(true).into_stream();
    /// while let Some(v) = versions.try_next().await? {
    ///     println!("{} {} latest={} marker={}", v.object_name, v.version_id, v.is_latest, v.is_delete_marker);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list_object_versions(&self, bucket: &str) -> ListObjectVersions {
        ListObjectVersions {
            client: self.clone(),
            bucket: bucket.to_owned(),
            prefix: None,
            recursive: false,
            key_marker: None,
            version_id_marker: None,
            page_size: None,
        }
    }
}

/// The builder [`Newtera::list_object_versions`] returns; turn it into a
/// stream with [`ListObjectVersions::into_stream`].
#[derive(Debug)]
#[must_use = "nothing is listed until the stream is polled"]
pub struct ListObjectVersions {
    client: Newtera,
    bucket: String,
    prefix: Option<String>,
    recursive: bool,
    key_marker: Option<String>,
    version_id_marker: Option<String>,
    page_size: Option<u32>,
}

impl ListObjectVersions {
    /// Only keys that start with `prefix`.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// List every key under the prefix instead of one level.
    pub fn recursive(mut self, recursive: bool) -> Self {
        self.recursive = recursive;
        self
    }

    /// Start after this key (`key-marker`) …
    pub fn key_marker(mut self, key: impl Into<String>) -> Self {
        self.key_marker = Some(key.into());
        self
    }

    /// … and, within it, after this version (`version-id-marker`; needs a
    /// key marker, else the stream's first item is an invalid-argument
    /// error and nothing is sent).
    pub fn version_id_marker(mut self, version_id: impl Into<String>) -> Self {
        self.version_id_marker = Some(version_id.into());
        self
    }

    /// Entries per request (the server caps it, usually at 1,000).
    pub fn page_size(mut self, entries: u32) -> Self {
        self.page_size = Some(entries);
        self
    }

    /// The versions, page by page. A page the server cannot move past (a
    /// repeated or backward marker, endless empty pages) ends the stream
    /// with [`crate::Error::MalformedResponse`].
    pub fn into_stream(self) -> OpStream<ObjectVersion> {
        let pager = Pager {
            progress: Progress::new(format!("versions of {}", self.bucket), None),
            key_marker: self.key_marker.clone(),
            version_id_marker: self.version_id_marker.clone(),
            query: self,
            buffer: VecDeque::new(),
            done: false,
        };
        OpStream::new(futures_util::stream::unfold(pager, Pager::next))
    }
}

struct Pager {
    query: ListObjectVersions,
    key_marker: Option<String>,
    version_id_marker: Option<String>,
    progress: Progress,
    buffer: VecDeque<ObjectVersion>,
    done: bool,
}

impl Pager {
    async fn next(mut self) -> Option<(Result<ObjectVersion>, Self)> {
        loop {
            if let Some(version) = self.buffer.pop_front() {
                return Some((Ok(version), self));
            }
            if self.done {
                return None;
            }
            if let Err(e) = self.fetch().await {
                self.done = true;
                return Some((Err(e), self));
            }
        }
    }

    async fn fetch(&mut self) -> Result<()> {
        super::check_bucket(&self.query.client, &self.query.bucket)?;
        let mut op = ListOp::new(self.query.bucket.clone());
        op.prefix = self.query.prefix.clone();
        op.delimiter = (!self.query.recursive).then(|| "/".to_owned());
        op.key_marker = self.key_marker.clone();
        op.version_id_marker = self.version_id_marker.clone();
        op.max_keys = self.query.page_size;
        // A server found to send listings raw under `encoding-type=url`
        // (s3s-fs) is not asked to encode.
        op.url_encoding = self.query.client.inner.listing_encodes.get() != Some(&false);
        let page = self
            .query
            .client
            .execute(&op, SendOptions::default())
            .await?;
        self.absorb(page)
    }

    /// Buffers a page's entries and moves the markers on.
    fn absorb(&mut self, page: ListObjectVersionsOutput) -> Result<()> {
        let entries = page.versions.len() + page.common_prefixes.len();
        // One shared copy of the bucket name per page, not one per entry.
        let bucket: Arc<str> = Arc::from(self.query.bucket.as_str());
        self.buffer
            .extend(page.versions.into_iter().map(|v| ObjectVersion {
                bucket_name: bucket.clone(),
                object_name: v.key,
                version_id: v.version_id,
                is_latest: v.is_latest,
                is_delete_marker: v.is_delete_marker,
                is_dir: false,
                size: v.size,
                etag: v.etag.map(ETag::parse_owned),
                last_modified: v.last_modified.as_ref().map(system_time),
                storage_class: v.storage_class.map(|s| s.as_str().to_owned()),
            }));
        self.buffer
            .extend(page.common_prefixes.into_iter().map(|p| ObjectVersion {
                bucket_name: bucket.clone(),
                object_name: p.prefix,
                version_id: "null".to_owned(),
                is_latest: true,
                is_delete_marker: false,
                is_dir: true,
                size: 0,
                etag: None,
                last_modified: None,
                storage_class: None,
            }));
        self.done = !page.is_truncated;
        if self.done {
            return Ok(());
        }
        self.progress.page(entries)?;
        let Some(key) = page.next_key_marker else {
            return Err(self
                .progress
                .stuck("a truncated page without a next key marker"));
        };
        let tie = page.next_version_id_marker.clone().unwrap_or_default();
        self.progress.position(&key, &tie)?;
        self.key_marker = Some(key);
        self.version_id_marker = page.next_version_id_marker;
        Ok(())
    }
}
