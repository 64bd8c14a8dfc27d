//! Unfinished multipart uploads: `list_incomplete_uploads` and
//! `remove_incomplete_upload`.

use std::collections::VecDeque;

use futures_util::TryStreamExt;
use newtera_proto::op::list_uploads::ListMultipartUploads;
use newtera_proto::op::multipart::AbortMultipartUpload;

use crate::client::{Newtera, SendOptions};
use crate::error::Result;
use crate::future::{OpFuture, OpStream};
use crate::paginate::Progress;
use crate::types::{IncompleteUpload, system_time};

impl Newtera {
    /// Lists unfinished multipart uploads, lazily; `.prefix(..)` narrows it.
    pub fn list_incomplete_uploads(&self, bucket: &str) -> ListIncompleteUploads {
        ListIncompleteUploads {
            client: self.clone(),
            bucket: bucket.to_owned(),
            prefix: None,
        }
    }

    /// Aborts every unfinished multipart upload of `object`, freeing the
    /// parts stored so far.
    pub fn remove_incomplete_upload(&self, bucket: &str, object: &str) -> OpFuture<()> {
        let client = self.clone();
        let (bucket, key) = (bucket.to_owned(), object.to_owned());
        OpFuture::new(async move {
            super::check_object(&client, &bucket, &key)?;
            let uploads: Vec<IncompleteUpload> = client
                .list_incomplete_uploads(&bucket)
                .prefix(key.clone())
                .into_stream()
                .try_collect()
                .await?;
            for upload in uploads.into_iter().filter(|u| u.object_name == key) {
                client
                    .abort_upload(&bucket, &key, &upload.upload_id)
                    .await?;
            }
            Ok(())
        })
    }

    pub(crate) async fn abort_upload(
        &self,
        bucket: &str,
        key: &str,
        upload_id: &str,
    ) -> Result<()> {
        let op = AbortMultipartUpload {
            bucket: bucket.to_owned(),
            key: key.to_owned(),
            upload_id: upload_id.to_owned(),
        };
        match self.execute(&op, SendOptions::default()).await {
            Err(e) if e.code() == Some("NoSuchUpload") => Ok(()),
            other => other,
        }
    }
}

/// The builder [`Newtera::list_incomplete_uploads`] returns.
#[derive(Debug)]
#[must_use = "nothing is listed until the stream is polled"]
pub struct ListIncompleteUploads {
    client: Newtera,
    bucket: String,
    prefix: Option<String>,
}

impl ListIncompleteUploads {
    /// Only uploads of keys that start with `prefix`.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// The uploads, page by page.
    pub fn into_stream(self) -> OpStream<IncompleteUpload> {
        let state = UploadPager {
            progress: Progress::new(format!("listing uploads in {}", self.bucket), None),
            query: self,
            markers: Some((None, None)),
            buffer: VecDeque::new(),
            literal_keys: false,
        };
        OpStream::new(futures_util::stream::unfold(state, UploadPager::next))
    }
}

struct UploadPager {
    query: ListIncompleteUploads,
    /// The next page's (key marker, upload id marker); `None` when done.
    markers: Option<(Option<String>, Option<String>)>,
    buffer: VecDeque<IncompleteUpload>,
    /// The server leaves unsaid whether it URL-encoded the keys, so pages
    /// are asked for without `encoding-type=url`.
    literal_keys: bool,
    progress: Progress,
}

impl UploadPager {
    async fn next(mut self) -> Option<(Result<IncompleteUpload>, Self)> {
        loop {
            if let Some(upload) = self.buffer.pop_front() {
                return Some((Ok(upload), self));
            }
            let (key_marker, upload_id_marker) = self.markers.take()?;
            if let Err(e) = self.fetch(key_marker, upload_id_marker).await {
                return Some((Err(e), self));
            }
        }
    }

    async fn fetch(
        &mut self,
        key_marker: Option<String>,
        upload_id_marker: Option<String>,
    ) -> Result<()> {
        super::check_bucket(&self.query.client, &self.query.bucket)?;
        let mut op = ListMultipartUploads::new(self.query.bucket.clone());
        op.prefix = self.query.prefix.clone();
        op.key_marker = key_marker.clone();
        op.upload_id_marker = upload_id_marker.clone();
        op.url_encoding = !self.literal_keys;
        let client = &self.query.client;
        let mut page = client.execute(&op, SendOptions::default()).await?;
        let listed = !page.uploads.is_empty() || !page.common_prefixes.is_empty();
        if op.url_encoding && !page.url_decoded && listed {
            // Encoded or not? Ceph RGW encodes without saying so; ask for
            // the literal keys instead of guessing.
            self.literal_keys = true;
            op.url_encoding = false;
            page = client.execute(&op, SendOptions::default()).await?;
        }
        self.buffer
            .extend(page.uploads.into_iter().map(|u| IncompleteUpload {
                object_name: u.key,
                upload_id: u.upload_id,
                initiated: u.initiated.as_ref().map(system_time),
            }));
        if !page.is_truncated {
            return Ok(());
        }
        self.progress.page(self.buffer.len())?;
        let Some(key) = page.next_key_marker else {
            return Err(self
                .progress
                .stuck("a truncated page without a next key marker"));
        };
        let upload_id = page.next_upload_id_marker;
        self.progress
            .position(&key, upload_id.as_deref().unwrap_or(""))?;
        self.markers = Some((Some(key), upload_id));
        Ok(())
    }
}
