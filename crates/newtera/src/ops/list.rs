//! `list_objects`: a lazy stream over ListObjectsV2 pages, with a V1
//! fallback for servers without V2.

use std::collections::VecDeque;

use newtera_proto::op::list::{ListObjects as ListV1, ListObjectsOutput, ListObjectsV2};

use crate::client::{Newtera, SendOptions};
use crate::error::Result;
use crate::future::OpStream;
use crate::types::{Object, bare_etag, system_time};

impl Newtera {
    /// Lists a bucket lazily. Non-recursive by default: keys are rolled up
    /// at `/` and common prefixes come back as directory entries
    /// (`is_dir`). Pages are fetched as the stream is polled.
    ///
    /// ```no_run
    /// # async fn run(client: newtera::Newtera) -> newtera::Result<()> {
    /// use futures_util::TryStreamExt;
    /// let mut objects = client.list_objects("photos").prefix("2024/").recursive(true).into_stream();
    /// while let Some(object) = objects.try_next().await? {
    ///     println!("{} {}", object.object_name, object.size);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list_objects(&self, bucket: &str) -> ListObjects {
        ListObjects {
            client: self.clone(),
            bucket: bucket.to_owned(),
            prefix: None,
            recursive: false,
            start_after: None,
            page_size: None,
            use_v1: false,
        }
    }
}

/// The builder [`Newtera::list_objects`] returns; turn it into a stream
/// with [`ListObjects::into_stream`].
#[derive(Debug)]
#[must_use = "nothing is listed until the stream is polled"]
pub struct ListObjects {
    client: Newtera,
    bucket: String,
    prefix: Option<String>,
    recursive: bool,
    start_after: Option<String>,
    page_size: Option<u32>,
    use_v1: bool,
}

impl ListObjects {
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

    /// Start after this key.
    pub fn start_after(mut self, key: impl Into<String>) -> Self {
        self.start_after = Some(key.into());
        self
    }

    /// Keys per request (the server caps it, usually at 1,000).
    pub fn page_size(mut self, keys: u32) -> Self {
        self.page_size = Some(keys);
        self
    }

    /// Use ListObjects V1 (markers) from the start.
    pub fn use_v1(mut self, v1: bool) -> Self {
        self.use_v1 = v1;
        self
    }

    /// The objects, page by page.
    pub fn into_stream(self) -> OpStream<Object> {
        let mode = if self.use_v1 {
            Mode::V1 {
                marker: self.start_after.clone(),
            }
        } else {
            Mode::V2 { token: None }
        };
        let pager = Pager {
            query: self,
            mode,
            buffer: VecDeque::new(),
            done: false,
        };
        OpStream::new(futures_util::stream::unfold(pager, Pager::next))
    }
}

#[derive(Debug)]
enum Mode {
    V2 { token: Option<String> },
    V1 { marker: Option<String> },
}

struct Pager {
    query: ListObjects,
    mode: Mode,
    buffer: VecDeque<Object>,
    done: bool,
}

impl Pager {
    async fn next(mut self) -> Option<(Result<Object>, Self)> {
        loop {
            if let Some(object) = self.buffer.pop_front() {
                return Some((Ok(object), self));
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
        let page = match &self.mode {
            Mode::V2 { token } => {
                let op = self.v2(token.clone());
                match self.query.client.execute(&op, SendOptions::default()).await {
                    Err(e) if self.v2_unsupported(&e) => {
                        tracing::debug!(error = %e, "ListObjectsV2 unsupported; falling back to V1");
                        self.mode = Mode::V1 {
                            marker: self.query.start_after.clone(),
                        };
                        return Ok(());
                    }
                    other => other?,
                }
            }
            Mode::V1 { marker } => {
                let op = self.v1(marker.clone());
                self.query
                    .client
                    .execute(&op, SendOptions::default())
                    .await?
            }
        };
        self.absorb(page)
    }

    fn v2(&self, token: Option<String>) -> ListObjectsV2 {
        let mut op = ListObjectsV2::new(self.query.bucket.clone());
        op.prefix = self.query.prefix.clone();
        op.delimiter = (!self.query.recursive).then(|| "/".to_owned());
        op.start_after = self.query.start_after.clone();
        op.max_keys = self.query.page_size;
        op.continuation_token = token;
        op
    }

    fn v1(&self, marker: Option<String>) -> ListV1 {
        let mut op = ListV1::new(self.query.bucket.clone());
        op.prefix = self.query.prefix.clone();
        op.delimiter = (!self.query.recursive).then(|| "/".to_owned());
        op.max_keys = self.query.page_size;
        op.marker = marker;
        op
    }

    fn v2_unsupported(&self, e: &crate::Error) -> bool {
        matches!(e.code(), Some("NotImplemented"))
    }

    /// Buffers a page's entries and works out the next page, if any.
    fn absorb(&mut self, page: ListObjectsOutput) -> Result<()> {
        let next_v1 = page.next_marker_v1();
        let previous = match &self.mode {
            Mode::V1 { marker } => marker.clone(),
            Mode::V2 { .. } => None,
        };
        let bucket = &self.query.bucket;
        self.buffer.extend(page.objects.into_iter().map(|o| Object {
            bucket_name: bucket.clone(),
            object_name: o.key,
            is_dir: false,
            size: o.size,
            etag: o.etag.as_deref().map(bare_etag),
            last_modified: o.last_modified.as_ref().map(system_time),
            storage_class: o.storage_class.map(|s| s.as_str().to_owned()),
        }));
        self.buffer
            .extend(page.common_prefixes.into_iter().map(|p| Object {
                bucket_name: bucket.clone(),
                object_name: p.prefix,
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
        self.mode = match (&self.mode, page.next_continuation_token) {
            (Mode::V2 { token }, Some(next)) if token.as_ref() != Some(&next) => {
                Mode::V2 { token: Some(next) }
            }
            // A server that ignored `list-type=2` answered like V1: go on
            // with markers.
            (_, _) => match next_v1 {
                Some(marker) => Mode::V1 {
                    marker: Some(marker),
                },
                None => return Err(self.stuck("a truncated page without a continuation token")),
            },
        };
        self.guard_progress(previous)
    }

    /// A server that repeats a token or marker would loop forever, and
    /// stopping quietly would return a short listing: both are errors.
    fn guard_progress(&mut self, previous: Option<String>) -> Result<()> {
        let Mode::V1 { marker: Some(m) } = &self.mode else {
            return Ok(());
        };
        if previous.as_ref() == Some(m) {
            return Err(self.stuck("the same marker twice"));
        }
        if self.query.start_after.as_ref() == Some(m) && self.buffer.is_empty() {
            return Err(self.stuck("a marker that does not advance"));
        }
        Ok(())
    }

    fn stuck(&mut self, what: &str) -> crate::Error {
        self.done = true;
        crate::Error::malformed(format!(
            "listing {}: the server sent {what}; stopping instead of looping or returning a partial list",
            self.query.bucket
        ))
    }
}
