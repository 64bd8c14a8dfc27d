//! `copy_object`: server-side copy; multipart copy above 5 GiB.

use std::future::IntoFuture;

use futures_util::stream::{self, StreamExt, TryStreamExt};
use newtera_proto::op::copy::{CopyObject as CopyOp, CopySource, MetadataDirective};
use newtera_proto::op::multipart::{CreateMultipartUpload, UploadPartCopy};
use newtera_proto::op::object::{Conditions, Sse, WriteOptions};
use newtera_proto::types::CompletedPart;
use newtera_proto::types::StorageClass;

use crate::client::{Newtera, SendOptions};
use crate::config::{MAX_PART_SIZE, MAX_PARTS, part_size_for};
use crate::error::{Error, Result};
use crate::future::OpFuture;
use crate::ops::Extras;
use crate::ops::read::timestamp;
use crate::types::{ETag, ObjectStat, ObjectWriteResult};
use crate::upload::Upload;

/// The part size of a multipart copy.
const COPY_PART_SIZE: u64 = 512 << 20;

impl Newtera {
    /// Copies `source` to `bucket/object` on the server (minio-py's
    /// `copy_object(bucket, object, CopySource(..))`). Objects over 5 GiB
    /// are copied in parts (UploadPartCopy), and so is an SSE-C source a
    /// server refuses to copy in one request (501 `NotImplemented`, as Ceph
    /// RGW answers). A failed condition on the source is
    /// [`Error::is_precondition_failed`].
    ///
    /// ```no_run
    /// # async fn run(client: newtera::Newtera) -> newtera::Result<()> {
    /// use newtera::CopySource;
    /// client
    ///     .copy_object("backup", "cat.jpg", CopySource::new("photos", "cat.jpg"))
    ///     .await?;
    /// let old = CopySource::new("photos", "cat.jpg").version_id("3HL4kqtJlcpXroDTDmJ");
    /// client.copy_object("backup", "cat-v1.jpg", old).await?;
    /// # Ok(()) }
    /// ```
    pub fn copy_object(&self, bucket: &str, object: &str, source: CopySource) -> CopyObject {
        CopyObject {
            client: self.clone(),
            bucket: bucket.to_owned(),
            key: object.to_owned(),
            source,
            content_type: None,
            metadata: None,
            multipart_above: MAX_PART_SIZE,
            part_size: COPY_PART_SIZE,
            sse: None,
            source_sse: None,
            source_conditions: Conditions::default(),
            storage_class: None,
            tags: None,
            extras: Extras::default(),
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
    sse: Option<Sse>,
    source_sse: Option<Sse>,
    source_conditions: Conditions,
    storage_class: Option<StorageClass>,
    tags: Option<Vec<(String, String)>>,
    extras: Extras,
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

    /// Encryption of the copy (see [`crate::PutObject::sse`]); an SSE-C key
    /// here goes with every UploadPartCopy and the completion of a
    /// multipart copy too.
    pub fn sse(mut self, sse: Sse) -> Self {
        self.sse = Some(sse);
        self
    }

    /// The SSE-C key of the source
    /// (`x-amz-copy-source-server-side-encryption-customer-*`); S3 needs it
    /// to read an SSE-C source (other kinds send nothing).
    pub fn source_sse(mut self, sse: Sse) -> Self {
        self.source_sse = Some(sse);
        self
    }

    /// Copy only if the source's ETag is this one
    /// (`x-amz-copy-source-if-match`); otherwise 412
    /// ([`Error::is_precondition_failed`]).
    pub fn source_if_match(mut self, etag: impl Into<String>) -> Self {
        self.source_conditions.if_match = Some(etag.into());
        self
    }

    /// Copy only if the source's ETag is not this one
    /// (`x-amz-copy-source-if-none-match`); otherwise 412.
    pub fn source_if_none_match(mut self, etag: impl Into<String>) -> Self {
        self.source_conditions.if_none_match = Some(etag.into());
        self
    }

    /// Copy only if the source changed after `time`
    /// (`x-amz-copy-source-if-modified-since`); otherwise 412.
    pub fn source_if_modified_since(mut self, time: std::time::SystemTime) -> Self {
        self.source_conditions.if_modified_since = Some(timestamp(time));
        self
    }

    /// Copy only if the source did not change after `time`
    /// (`x-amz-copy-source-if-unmodified-since`); otherwise 412.
    pub fn source_if_unmodified_since(mut self, time: std::time::SystemTime) -> Self {
        self.source_conditions.if_unmodified_since = Some(timestamp(time));
        self
    }

    /// The copy's storage class (`x-amz-storage-class`).
    pub fn storage_class(mut self, class: impl Into<StorageClass>) -> Self {
        self.storage_class = Some(class.into());
        self
    }

    /// Replace the source's tags with these
    /// (`x-amz-tagging-directive: REPLACE`; an empty list gives the copy no
    /// tags). Without it a single-request copy keeps the source's tags and
    /// a multipart copy has none (CreateMultipartUpload cannot copy them).
    /// The limits of [`crate::PutObject::tag`] apply.
    pub fn tags<K: Into<String>, V: Into<String>>(
        mut self,
        tags: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let tags = tags.into_iter().map(|(k, v)| (k.into(), v.into()));
        self.tags = Some(tags.collect());
        self
    }

    /// An extra request header on the copy requests (CopyObject, or
    /// CreateMultipartUpload of a multipart copy).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extras.header(name.into(), value.into());
        self
    }

    /// An extra query parameter on the same requests as
    /// [`CopyObject::header`].
    pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extras.query(name.into(), value.into());
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

    /// Replace the source's user metadata and content type
    /// (`x-amz-metadata-directive: REPLACE`) even when no
    /// [`CopyObject::metadata`] is given: the copy then has no user
    /// metadata (S3 API reference: CopyObject).
    pub fn replace_metadata(mut self) -> Self {
        self.metadata.get_or_insert_with(Vec::new);
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
        self.extras.check()?;
        self.source_conditions.check().map_err(Error::from_encode)?;
        if let Some(tags) = &self.tags {
            newtera_proto::op::object::tagging_header(tags).map_err(Error::from_encode)?;
        }
        let mut stat = self
            .client
            .stat_object(&self.source.bucket, &self.source.key);
        if let Some(sse) = &self.source_sse {
            stat = stat.sse(sse.clone());
        }
        if let Some(v) = &self.source.version_id {
            stat = stat.version_id(v.clone());
        }
        let source = stat.await?;
        crate::progress::start(&self.meter, Some(source.size));
        let (etag, version_id) = if self.copies_in_parts(source.size) {
            self.multipart(&source).await?
        } else {
            match self.single().await {
                Err(e) if self.parts_instead(&e) => self.multipart(&source).await?,
                other => {
                    let copied = other?;
                    crate::progress::add(&self.meter, source.size);
                    copied
                }
            }
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

    /// Whether a refused single-request copy is tried again in parts: Ceph
    /// RGW 16.2 answers CopyObject of an SSE-C source with 501
    /// `NotImplemented` but copies it with UploadPartCopy. Not for a source
    /// key with `%` (see [`CopyObject::copies_in_parts`]).
    fn parts_instead(&self, e: &Error) -> bool {
        self.source_sse.as_ref().is_some_and(Sse::is_customer)
            && e.status() == Some(http::StatusCode::NOT_IMPLEMENTED)
            && !self.source.key.contains('%')
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
            sse: self.sse.clone(),
            source_sse: self.source_sse.clone(),
            source_conditions: self.source_conditions.clone(),
            storage_class: self.storage_class.clone(),
            tags: self.tags.clone(),
        };
        let out = self
            .client
            .execute_with(&op, &self.extras, SendOptions { error_in_200: true })
            .await?;
        Ok((
            out.etag.as_deref().map(ETag::parse).unwrap_or_default(),
            out.version_id,
        ))
    }

    async fn multipart(&self, source: &ObjectStat) -> Result<(ETag, Option<String>)> {
        let (size, etag) = (source.size, &source.etag);
        // Known from the HEAD: no upload is made for a copy that cannot
        // finish (a source, or a server's claim, above 10,000 × 5 GiB).
        if size.div_ceil(part_size_for(size, self.part_size)) > MAX_PARTS {
            return Err(Error::invalid(format!(
                "the copy source {}/{} has {size} bytes, more than 10,000 parts of 5 GiB hold",
                self.source.bucket, self.source.key
            )));
        }
        let tags = match &self.tags {
            Some(tags) => tags.clone(),
            None => self.source_tags(source).await?,
        };
        let create = CreateMultipartUpload {
            bucket: self.bucket.clone(),
            key: self.key.clone(),
            options: WriteOptions {
                sse: self.sse.clone(),
                storage_class: self.storage_class.clone(),
                tags,
                ..self.copied_headers(source)
            },
            checksum_algorithm: None,
            checksum_type: None,
        };
        let upload = Upload::create_with(&self.client, create, &self.extras).await?;
        let parts = self
            .copy_parts(upload.upload_id(), upload.sse(), size, etag)
            .await;
        upload.finish(parts).await
    }

    /// The headers a multipart copy gives the new object. CopyObject's
    /// `COPY` directive keeps the source's content type, user metadata and
    /// standard headers (`Cache-Control`, `Content-Disposition`,
    /// `Content-Encoding`, `Content-Language`, `Expires`); a multipart copy
    /// takes them from CreateMultipartUpload, so they are read from the
    /// source's HEAD. With `REPLACE` (a content type or metadata given),
    /// only what the caller set is written, as CopyObject does.
    fn copied_headers(&self, source: &ObjectStat) -> WriteOptions {
        if self.replaces() {
            return WriteOptions {
                content_type: self.content_type.clone(),
                metadata: self.metadata.clone().unwrap_or_default(),
                ..WriteOptions::default()
            };
        }
        let standard = [
            ("cache-control", &source.cache_control),
            ("content-disposition", &source.content_disposition),
            ("content-encoding", &source.content_encoding),
            ("content-language", &source.content_language),
            ("expires", &source.expires),
        ];
        WriteOptions {
            content_type: source.content_type.clone(),
            metadata: source.metadata.clone().into_iter().collect(),
            extra_headers: standard
                .into_iter()
                .filter_map(|(name, value)| Some((name.to_owned(), value.clone()?)))
                .collect(),
            ..WriteOptions::default()
        }
    }

    /// The source's tags, which CopyObject's default `COPY` tagging
    /// directive keeps; read only when the source's HEAD counts some (a
    /// server that sends no `x-amz-tagging-count` has none to copy).
    async fn source_tags(&self, source: &ObjectStat) -> Result<Vec<(String, String)>> {
        if source.tag_count.unwrap_or(0) == 0 {
            return Ok(Vec::new());
        }
        let mut get = self
            .client
            .get_object_tags(&self.source.bucket, &self.source.key);
        if let Some(v) = &self.source.version_id {
            get = get.version_id(v.clone());
        }
        let tags = get.await?;
        Ok(tags
            .iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect())
    }

    async fn copy_parts(
        &self,
        upload_id: &str,
        sse: Option<&Sse>,
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
                    // The caller's own `If-Match`, when given, must hold
                    // as well; it pins just the same.
                    source_conditions: Conditions {
                        if_match: self.source_conditions.if_match.clone().or_else(|| {
                            (!etag.is_empty() && !etag.is_weak()).then(|| etag.header_value())
                        }),
                        ..self.source_conditions.clone()
                    },
                    source_sse: self.source_sse.clone(),
                    sse: sse.cloned(),
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
