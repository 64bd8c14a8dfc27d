//! `compose_object`: a new object made on the server from several existing
//! objects or byte ranges of them, in order (minio-py's `compose_object`),
//! with one UploadPartCopy per piece.

use std::future::IntoFuture;

use futures_util::stream::{self, StreamExt, TryStreamExt};
use newtera_proto::op::copy::CopySource;
use newtera_proto::op::multipart::{CreateMultipartUpload, UploadPartCopy};
use newtera_proto::op::object::{Conditions, Sse, WriteOptions};
use newtera_proto::types::{CompletedPart, StorageClass};

use crate::client::{Newtera, SendOptions};
use crate::config::{MAX_PART_SIZE, MAX_PARTS, MIN_PART_SIZE};
use crate::error::{Error, Result};
use crate::future::OpFuture;
use crate::ops::Extras;
use crate::types::{ETag, ObjectWriteResult};
use crate::upload::Upload;

/// One source of [`Newtera::compose_object`]: an object, or the byte range
/// `offset .. offset + length` of it (minio-py's `ComposeSource`).
#[derive(Debug, Clone)]
pub struct ComposeSource {
    bucket: String,
    object: String,
    offset: Option<u64>,
    length: Option<u64>,
    version_id: Option<String>,
    sse: Option<Sse>,
    if_match: Option<String>,
}

impl ComposeSource {
    /// The whole of `bucket/object`.
    pub fn new(bucket: impl Into<String>, object: impl Into<String>) -> Self {
        Self {
            bucket: bucket.into(),
            object: object.into(),
            offset: None,
            length: None,
            version_id: None,
            sse: None,
            if_match: None,
        }
    }

    /// Start at this byte (default 0).
    pub fn offset(mut self, offset: u64) -> Self {
        self.offset = Some(offset);
        self
    }

    /// Take this many bytes (default: to the end).
    pub fn length(mut self, length: u64) -> Self {
        self.length = Some(length);
        self
    }

    /// A specific version of the source.
    pub fn version_id(mut self, version_id: impl Into<String>) -> Self {
        self.version_id = Some(version_id.into());
        self
    }

    /// The source's SSE-C key.
    pub fn sse(mut self, sse: Sse) -> Self {
        self.sse = Some(sse);
        self
    }

    /// Only if the source's ETag is this one (else 412).
    pub fn if_match(mut self, etag: impl Into<String>) -> Self {
        self.if_match = Some(etag.into());
        self
    }

    /// The object (and version) to copy from.
    fn copy_source(&self) -> CopySource {
        let source = CopySource::new(self.bucket.clone(), self.object.clone());
        match &self.version_id {
            Some(v) => source.version_id(v.clone()),
            None => source,
        }
    }

    /// The range to copy of a source of `size` bytes, checked.
    fn range(&self, size: u64) -> Result<(u64, u64)> {
        let offset = self.offset.unwrap_or(0);
        let length = self.length.unwrap_or(size.saturating_sub(offset));
        let end = offset.checked_add(length).filter(|end| *end <= size);
        if offset >= size.max(1) || length == 0 || end.is_none() {
            return Err(Error::invalid(format!(
                "compose source {}/{}: the range {offset}+{length} is not inside its {size} bytes",
                self.bucket, self.object
            )));
        }
        Ok((offset, length))
    }
}

impl Newtera {
    /// Makes `bucket/object` from `sources`, in order, on the server: each
    /// source (or its range) becomes one or more parts of a multipart
    /// upload copied with UploadPartCopy (S3 API reference), up to 5 GiB a
    /// part. Every source but the last must give at least 5 MiB, and the
    /// whole at most 10,000 parts; otherwise [`Error::InvalidArgument`]
    /// after the sources' sizes are read (HEAD), before anything is
    /// written (no sources, or more than 10,000: before any request).
    /// Each part is pinned to its source's ETag, so a source
    /// replaced meanwhile fails the compose; on any failure the upload is
    /// aborted.
    ///
    /// ```no_run
    /// # async fn run(client: newtera::Newtera) -> newtera::Result<()> {
    /// use newtera::ComposeSource;
    /// let sources = vec![
    ///     ComposeSource::new("logs", "2024-01.log"),
    ///     ComposeSource::new("logs", "2024-02.log").offset(0).length(6 << 20),
    /// ];
    /// client.compose_object("logs", "2024.log", sources).await?;
    /// # Ok(()) }
    /// ```
    pub fn compose_object(
        &self,
        bucket: &str,
        object: &str,
        sources: Vec<ComposeSource>,
    ) -> ComposeObject {
        ComposeObject {
            client: self.clone(),
            bucket: bucket.to_owned(),
            key: object.to_owned(),
            sources,
            options: WriteOptions::default(),
            extras: Extras::default(),
        }
    }
}

/// The builder [`Newtera::compose_object`] returns; await it to compose.
#[derive(Debug)]
#[must_use = "nothing is written until this is awaited"]
pub struct ComposeObject {
    client: Newtera,
    bucket: String,
    key: String,
    sources: Vec<ComposeSource>,
    options: WriteOptions,
    extras: Extras,
}

/// One UploadPartCopy of the plan.
struct Piece {
    number: u32,
    source: usize,
    first: u64,
    last: u64,
    etag: ETag,
}

impl ComposeObject {
    /// The new object's content type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.options.content_type = Some(content_type.into());
        self
    }

    /// A user metadata entry of the new object.
    pub fn metadata(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.metadata.push((name.into(), value.into()));
        self
    }

    /// The new object's encryption.
    pub fn sse(mut self, sse: Sse) -> Self {
        self.options.sse = Some(sse);
        self
    }

    /// The new object's storage class.
    pub fn storage_class(mut self, class: impl Into<StorageClass>) -> Self {
        self.options.storage_class = Some(class.into());
        self
    }

    /// A tag of the new object.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.tags.push((key.into(), value.into()));
        self
    }

    /// An extra header on CreateMultipartUpload.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extras.header(name.into(), value.into());
        self
    }

    /// An extra query parameter on CreateMultipartUpload.
    pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extras.query(name.into(), value.into());
        self
    }

    async fn send(self) -> Result<ObjectWriteResult> {
        super::check_object(&self.client, &self.bucket, &self.key)?;
        if self.sources.is_empty() {
            return Err(Error::invalid("compose_object needs at least one source"));
        }
        // Each source is at least one part: too many sources is known
        // before any source is read.
        if self.sources.len() as u64 > MAX_PARTS {
            return Err(Error::invalid(format!(
                "compose_object takes at most 10,000 sources, got {}",
                self.sources.len()
            )));
        }
        for s in &self.sources {
            super::check_object(&self.client, &s.bucket, &s.object)?;
        }
        self.extras.check()?;
        if !self.options.tags.is_empty() {
            newtera_proto::op::object::tagging_header(&self.options.tags)
                .map_err(Error::from_encode)?;
        }
        for (name, value) in &self.options.metadata {
            newtera_proto::validate::validate_metadata_entry(name, value)
                .map_err(Error::from_encode)?;
        }
        let pieces = self.plan().await?;
        let create = CreateMultipartUpload {
            bucket: self.bucket.clone(),
            key: self.key.clone(),
            options: self.options.clone(),
            checksum_algorithm: None,
            checksum_type: None,
        };
        let upload = Upload::create_with(&self.client, create, &self.extras).await?;
        let parts = self
            .copy(upload.upload_id(), upload.sse().cloned(), pieces)
            .await;
        let (etag, version_id) = upload.finish(parts).await?;
        Ok(ObjectWriteResult {
            bucket_name: self.bucket,
            object_name: self.key,
            etag,
            version_id,
        })
    }

    /// Reads each source's size and ETag and cuts the parts.
    async fn plan(&self) -> Result<Vec<Piece>> {
        let mut pieces = Vec::new();
        let last = self.sources.len() - 1;
        for (index, source) in self.sources.iter().enumerate() {
            let mut stat = self.client.stat_object(&source.bucket, &source.object);
            if let Some(v) = &source.version_id {
                stat = stat.version_id(v.clone());
            }
            if let Some(sse) = &source.sse {
                stat = stat.sse(sse.clone());
            }
            if let Some(etag) = &source.if_match {
                stat = stat.if_match(etag.clone());
            }
            let stat = stat.await?;
            let (offset, length) = source.range(stat.size)?;
            if index < last && length < MIN_PART_SIZE {
                return Err(Error::invalid(format!(
                    "compose source {}/{} gives {length} bytes; every source but the last needs at least 5 MiB",
                    source.bucket, source.object
                )));
            }
            let count = length.div_ceil(MAX_PART_SIZE);
            let step = length.div_ceil(count);
            for i in 0..count {
                let first = offset + i * step;
                let number = u32::try_from(pieces.len() + 1).unwrap_or(u32::MAX);
                if u64::from(number) > MAX_PARTS {
                    return Err(Error::invalid("the sources make more than 10,000 parts"));
                }
                pieces.push(Piece {
                    number,
                    source: index,
                    first,
                    last: (first + step).min(offset + length) - 1,
                    etag: stat.etag.clone(),
                });
            }
        }
        Ok(pieces)
    }

    async fn copy(
        &self,
        upload_id: &str,
        sse: Option<Sse>,
        pieces: Vec<Piece>,
    ) -> Result<Vec<CompletedPart>> {
        let parallel = self.client.inner.transfer.parallelism.max(1);
        stream::iter(pieces)
            .map(|piece| {
                let source = self.sources.get(piece.source);
                let op = source.map(|s| UploadPartCopy {
                    bucket: self.bucket.clone(),
                    key: self.key.clone(),
                    upload_id: upload_id.to_owned(),
                    part_number: piece.number,
                    source: s.copy_source(),
                    source_range: Some((piece.first, piece.last)),
                    // The caller's `If-Match` when given (a server that
                    // ignores it on HEAD still checks it here), else the
                    // ETag the plan saw.
                    source_conditions: Conditions {
                        if_match: s.if_match.clone().or_else(|| {
                            (!piece.etag.is_empty() && !piece.etag.is_weak())
                                .then(|| piece.etag.header_value())
                        }),
                        ..Conditions::default()
                    },
                    source_sse: s.sse.clone(),
                    sse: sse.clone(),
                });
                async move {
                    let op = op.ok_or_else(|| Error::invalid("compose source out of range"))?;
                    let out = self
                        .client
                        .execute(&op, SendOptions { error_in_200: true })
                        .await?;
                    let etag = out
                        .etag
                        .ok_or_else(|| Error::malformed("a copied part has no ETag"))?;
                    Ok::<_, Error>(CompletedPart::new(piece.number, etag))
                }
            })
            .buffer_unordered(parallel)
            .try_collect()
            .await
    }
}

impl IntoFuture for ComposeObject {
    type Output = Result<ObjectWriteResult>;
    type IntoFuture = OpFuture<ObjectWriteResult>;

    fn into_future(self) -> Self::IntoFuture {
        OpFuture::new(self.send())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_must_lie_inside_the_source() {
        let s = ComposeSource::new("b", "k");
        assert_eq!(s.range(10).expect("whole"), (0, 10));
        assert_eq!(s.clone().offset(4).range(10).expect("tail"), (4, 6));
        assert_eq!(
            s.clone().offset(2).length(3).range(10).expect("mid"),
            (2, 3)
        );
        assert!(s.clone().offset(10).range(10).is_err());
        assert!(s.clone().offset(8).length(3).range(10).is_err());
        assert!(s.clone().length(0).range(10).is_err());
        assert!(s.range(0).is_err(), "an empty source gives nothing");
    }
}
