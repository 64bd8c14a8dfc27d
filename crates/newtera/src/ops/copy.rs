//! `copy_object`: server-side copy; multipart copy above 5 GiB.

use std::future::IntoFuture;

use futures_util::stream::{self, StreamExt, TryStreamExt};
use newtera_proto::op::copy::{CopyObject as CopyOp, CopySource, MetadataDirective};
use newtera_proto::op::multipart::{CreateMultipartUpload, UploadPartCopy};
use newtera_proto::op::object::{Conditions, WriteOptions};
use newtera_proto::types::CompletedPart;

use crate::client::{Newtera, SendOptions};
use crate::config::{MAX_PART_SIZE, part_size_for};
use crate::error::{Error, Result};
use crate::future::OpFuture;
use crate::types::{ETag, ObjectStat, ObjectWriteResult};
use crate::upload::Upload;

/// The part size of a multipart copy.
const COPY_PART_SIZE: u64 = 512 << 20;

impl Newtera {
    /// Copies `source_bucket/source_object` to `bucket/object` on the server.
    /// Objects over 5 GiB are copied in parts.
    pub fn copy_object(
        &self,
        bucket: &str,
        object: &str,
        source_bucket: &str,
        source_object: &str,
    ) -> CopyObject {
        CopyObject {
            client: self.clone(),
            bucket: bucket.to_owned(),
            key: object.to_owned(),
            source: CopySource {
                bucket: source_bucket.to_owned(),
                key: source_object.to_owned(),
                version_id: None,
            },
            content_type: None,
            metadata: None,
            multipart_above: MAX_PART_SIZE,
            part_size: COPY_PART_SIZE,
            meter: None,
        }
    }
}

/// The builder [`Newtera::copy_object`] returns; await it to copy.
#[derive(Debug)]
#[must_use = "nothing is copied until this is awaited"]
pub struct CopyObject {
    client: Newtera,
    bucket: String,
    key: String,
    source: CopySource,
    content_type: Option<String>,
    metadata: Option<Vec<(String, String)>>,
    multipart_above: u64,
    part_size: u64,
    meter: crate::progress::OptMeter,
}

impl CopyObject {
    /// Calls `progress` with the bytes copied so far and the source's size
    /// (see [`crate::progress`]): after each part of a multipart copy, or
    /// once when a single CopyObject is answered.
    pub fn progress(mut self, progress: impl Fn(crate::Progress) + Send + Sync + 'static) -> Self {
        self.meter = crate::progress::meter(progress);
        self
    }

    /// Copy this version of the source.
    pub fn source_version_id(mut self, version_id: impl Into<String>) -> Self {
        self.source.version_id = Some(version_id.into());
        self
    }

    /// Replace the user metadata instead of copying the source's. The same
    /// rules as [`crate::PutObject::metadata`]: a name that is not an HTTP
    /// token or a value that is not visible ASCII is
    /// [`Error::InvalidArgument`], before any request.
    pub fn metadata(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.metadata
            .get_or_insert_with(Vec::new)
            .push((name.into(), value.into()));
        self
    }

    /// Replace the content type instead of copying the source's.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Copy in parallel parts (UploadPartCopy) when the source is larger
    /// than `bytes` (default and maximum: 5 GiB, the most one CopyObject
    /// can copy), `part_size` bytes each (at least 5 MiB).
    pub fn multipart_above(mut self, bytes: u64, part_size: u64) -> Self {
        self.multipart_above = bytes.min(MAX_PART_SIZE);
        self.part_size = part_size;
        self
    }

    async fn send(self) -> Result<ObjectWriteResult> {
        if self.part_size < crate::config::MIN_PART_SIZE {
            return Err(Error::invalid(format!(
                "copy part size {} is below the 5 MiB minimum",
                self.part_size
            )));
        }
        super::check_object(&self.client, &self.bucket, &self.key)?;
        super::check_object(&self.client, &self.source.bucket, &self.source.key)?;
        // The source is read before the copy carries the metadata: check it
        // first, so bad input sends nothing.
        for (name, value) in self.metadata.iter().flatten() {
            newtera_proto::validate::validate_metadata_entry(name, value)
                .map_err(Error::from_encode)?;
        }
        let source = self
            .client
            .stat_object(&self.source.bucket, &self.source.key)
            .await?;
        crate::progress::start(&self.meter, Some(source.size));
        let (etag, version_id) = if self.copies_in_parts(source.size) {
            self.multipart(&source).await?
        } else {
            let copied = self.single().await?;
            crate::progress::add(&self.meter, source.size);
            copied
        };
        crate::progress::finish(&self.meter);
        Ok(ObjectWriteResult {
            bucket_name: self.bucket,
            object_name: self.key,
            etag,
            version_id,
        })
    }

    /// Whether a source of `size` bytes is copied in parts. A source key
    /// with `%` is copied in one request whenever one request can (up to
    /// 5 GiB): Ceph RGW 16.2 decodes UploadPartCopy's `x-amz-copy-source`
    /// twice, so `a%41` names `aA` there, and a `%` not followed by two hex
    /// digits aborts the gateway. Above 5 GiB such a key goes in parts,
    /// each pinned to the source's ETag, so a misread source fails instead
    /// of copying another object.
    fn copies_in_parts(&self, size: u64) -> bool {
        let one_request_can = size <= MAX_PART_SIZE && self.source.key.contains('%');
        size > self.multipart_above && !one_request_can
    }

    fn replaces(&self) -> bool {
        self.content_type.is_some() || self.metadata.is_some()
    }

    async fn single(&self) -> Result<(ETag, Option<String>)> {
        let op = CopyOp {
            bucket: self.bucket.clone(),
            key: self.key.clone(),
            source: self.source.clone(),
            metadata_directive: if self.replaces() {
                MetadataDirective::Replace
            } else {
                MetadataDirective::Copy
            },
            content_type: self.content_type.clone(),
            metadata: self.metadata.clone().unwrap_or_default(),
            ..CopyOp::default()
        };
        let out = self
            .client
            .execute(&op, SendOptions { error_in_200: true })
            .await?;
        Ok((
            out.etag.as_deref().map(ETag::parse).unwrap_or_default(),
            out.version_id,
        ))
    }

    async fn multipart(&self, source: &ObjectStat) -> Result<(ETag, Option<String>)> {
        let (size, etag) = (source.size, &source.etag);
        // A multipart copy takes its metadata from CreateMultipartUpload:
        // the source's, unless the caller replaces it.
        let (content_type, metadata) = if self.replaces() {
            (
                self.content_type.clone(),
                self.metadata.clone().unwrap_or_default(),
            )
        } else {
            (
                source.content_type.clone(),
                source.metadata.clone().into_iter().collect(),
            )
        };
        let create = CreateMultipartUpload {
            bucket: self.bucket.clone(),
            key: self.key.clone(),
            options: WriteOptions {
                content_type,
                metadata,
                ..WriteOptions::default()
            },
            checksum_algorithm: None,
            checksum_type: None,
        };
        let upload = Upload::create(&self.client, create).await?;
        let parts = self.copy_parts(upload.upload_id(), size, etag).await;
        upload.finish(parts).await
    }

    async fn copy_parts(
        &self,
        upload_id: &str,
        size: u64,
        etag: &ETag,
    ) -> Result<Vec<CompletedPart>> {
        let part_size = part_size_for(size, self.part_size);
        let ranges = crate::upload::plan(size, part_size);
        let parallel = self.client.inner.transfer.parallelism;
        stream::iter(ranges)
            .map(|(number, offset, len)| {
                let op = UploadPartCopy {
                    bucket: self.bucket.clone(),
                    key: self.key.clone(),
                    upload_id: upload_id.to_owned(),
                    part_number: number,
                    source: self.source.clone(),
                    source_range: Some((offset, offset + len - 1)),
                    // Pinned to the ETag seen, so a concurrent overwrite
                    // fails the copy instead of mixing two objects (a weak
                    // tag never matches strongly, so it cannot pin).
                    source_conditions: Conditions {
                        if_match: (!etag.is_empty() && !etag.is_weak())
                            .then(|| etag.header_value()),
                        ..Conditions::default()
                    },
                    source_sse: None,
                    sse: None,
                };
                async move {
                    let out = self
                        .client
                        .execute(&op, SendOptions { error_in_200: true })
                        .await?;
                    let etag = out
                        .etag
                        .ok_or_else(|| Error::malformed("a copied part has no ETag"))?;
                    crate::progress::add(&self.meter, len);
                    Ok::<_, Error>(CompletedPart::new(number, etag))
                }
            })
            .buffer_unordered(parallel)
            .try_collect()
            .await
    }
}

impl IntoFuture for CopyObject {
    type Output = Result<ObjectWriteResult>;
    type IntoFuture = OpFuture<ObjectWriteResult>;

    fn into_future(self) -> Self::IntoFuture {
        OpFuture::new(self.send())
    }
}
