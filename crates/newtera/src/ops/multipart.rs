//! The multipart calls as public methods, for callers who manage parts
//! themselves (S3 API reference: CreateMultipartUpload, UploadPart,
//! UploadPartCopy, CompleteMultipartUpload, AbortMultipartUpload,
//! ListParts). `put_object`, `fput_object` and `copy_object` use the same
//! requests and clean up after themselves; with these methods aborting an
//! unfinished upload is the caller's job.

use std::collections::VecDeque;
use std::future::IntoFuture;

use bytes::Bytes;
use newtera_proto::op::copy::CopySource;
use newtera_proto::op::multipart::{
    AbortMultipartUpload, CompleteMultipartUpload as CompleteOp, CreateMultipartUpload as CreateOp,
    ListParts as ListPartsOp, UploadPart as UploadPartOp, UploadPartCopy as UploadPartCopyOp,
    multipart_etag,
};
use newtera_proto::op::object::{Conditions, Sse, WriteOptions};
use newtera_proto::types::{CompletedPart, Part, StorageClass};
use newtera_transport::Body;

use crate::client::{Newtera, SendOptions};
use crate::error::{Error, Result};
use crate::future::{OpFuture, OpStream};
use crate::ops::Extras;
use crate::paginate::Progress;
use crate::types::{ETag, ObjectWriteResult};

impl Newtera {
    /// Starts a multipart upload and returns its id
    /// (CreateMultipartUpload). Parts are then sent with
    /// [`upload_part`](Self::upload_part) or
    /// [`upload_part_copy`](Self::upload_part_copy), and the upload ends
    /// with [`complete_multipart_upload`](Self::complete_multipart_upload)
    /// or [`abort_multipart_upload`](Self::abort_multipart_upload); an
    /// upload never ended keeps its parts on the server.
    ///
    /// ```no_run
    /// # async fn run(client: newtera::Newtera) -> newtera::Result<()> {
    /// let id = client.create_multipart_upload("b", "big").await?;
    /// let one = client.upload_part("b", "big", &id, 1, vec![1u8; 5 << 20]).await?;
    /// let two = client.upload_part("b", "big", &id, 2, vec![2u8; 100]).await?;
    /// client.complete_multipart_upload("b", "big", &id, vec![one, two]).await?;
    /// # Ok(()) }
    /// ```
    pub fn create_multipart_upload(&self, bucket: &str, object: &str) -> CreateMultipartUpload {
        CreateMultipartUpload {
            client: self.clone(),
            op: CreateOp {
                bucket: bucket.to_owned(),
                key: object.to_owned(),
                ..CreateOp::default()
            },
            extras: Extras::default(),
        }
    }

    /// Uploads part `part_number` (1 to 10,000; every part but the last at
    /// least 5 MiB) of an upload; the answer, with the part's ETag, is what
    /// [`complete_multipart_upload`](Self::complete_multipart_upload)
    /// takes.
    pub fn upload_part(
        &self,
        bucket: &str,
        object: &str,
        upload_id: &str,
        part_number: u32,
        data: impl Into<Bytes>,
    ) -> UploadPart {
        UploadPart {
            client: self.clone(),
            op: UploadPartOp {
                bucket: bucket.to_owned(),
                key: object.to_owned(),
                upload_id: upload_id.to_owned(),
                part_number,
                ..UploadPartOp::default()
            },
            data: data.into(),
            extras: Extras::default(),
        }
    }

    /// Copies `source`, or a byte range of it
    /// ([`source_range`](UploadPartCopy::source_range)), into part
    /// `part_number` of an upload (UploadPartCopy).
    pub fn upload_part_copy(
        &self,
        bucket: &str,
        object: &str,
        upload_id: &str,
        part_number: u32,
        source: CopySource,
    ) -> UploadPartCopy {
        UploadPartCopy {
            client: self.clone(),
            op: UploadPartCopyOp {
                bucket: bucket.to_owned(),
                key: object.to_owned(),
                upload_id: upload_id.to_owned(),
                part_number,
                source,
                ..UploadPartCopyOp::default()
            },
            extras: Extras::default(),
        }
    }

    /// Completes an upload from its parts (CompleteMultipartUpload; the
    /// parts are sorted by number here). When the server's answer has no
    /// ETag (Ceph RGW), it is learned with a HEAD.
    pub fn complete_multipart_upload(
        &self,
        bucket: &str,
        object: &str,
        upload_id: &str,
        parts: Vec<CompletedPart>,
    ) -> CompleteMultipartUpload {
        CompleteMultipartUpload {
            client: self.clone(),
            op: CompleteOp {
                bucket: bucket.to_owned(),
                key: object.to_owned(),
                upload_id: upload_id.to_owned(),
                parts,
                ..CompleteOp::default()
            },
            extras: Extras::default(),
        }
    }

    /// Abandons an upload and frees its parts (AbortMultipartUpload). An
    /// upload that does not exist (or no longer) is an error whose
    /// [`code`](Error::code) is `NoSuchUpload`.
    pub fn abort_multipart_upload(
        &self,
        bucket: &str,
        object: &str,
        upload_id: &str,
    ) -> OpFuture<()> {
        let client = self.clone();
        let op = AbortMultipartUpload {
            bucket: bucket.to_owned(),
            key: object.to_owned(),
            upload_id: upload_id.to_owned(),
        };
        OpFuture::new(async move { client.execute(&op, SendOptions::default()).await })
    }

    /// The parts uploaded so far (ListParts), lazily, page by page.
    pub fn list_parts(&self, bucket: &str, object: &str, upload_id: &str) -> ListParts {
        ListParts {
            client: self.clone(),
            op: ListPartsOp {
                bucket: bucket.to_owned(),
                key: object.to_owned(),
                upload_id: upload_id.to_owned(),
                ..ListPartsOp::default()
            },
        }
    }
}

/// Extra header and query-parameter setters for a builder with `extras`.
macro_rules! extras_setters {
    () => {
        /// An extra request header; it replaces a header of the same name
        /// the request sets.
        pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.extras.header(name.into(), value.into());
            self
        }

        /// An extra query parameter.
        pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.extras.query(name.into(), value.into());
            self
        }
    };
}

/// The builder [`Newtera::create_multipart_upload`] returns; await it for
/// the upload id.
#[derive(Debug)]
#[must_use = "nothing is sent until this is awaited"]
pub struct CreateMultipartUpload {
    client: Newtera,
    op: CreateOp,
    extras: Extras,
}

impl CreateMultipartUpload {
    /// The object's content type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.op.options.content_type = Some(content_type.into());
        self
    }

    /// A user metadata entry (`x-amz-meta-NAME`).
    pub fn metadata(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.op.options.metadata.push((name.into(), value.into()));
        self
    }

    /// Server-side encryption; an SSE-C key must then go with every
    /// [`UploadPart::sse`] and [`CompleteMultipartUpload::sse`] too.
    pub fn sse(mut self, sse: Sse) -> Self {
        self.op.options.sse = Some(sse);
        self
    }

    /// The storage class.
    pub fn storage_class(mut self, class: impl Into<StorageClass>) -> Self {
        self.op.options.storage_class = Some(class.into());
        self
    }

    /// A tag of the object (at most 10).
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.op.options.tags.push((key.into(), value.into()));
        self
    }

    extras_setters!();

    /// The write options (content type, metadata, encryption…) at once.
    pub fn options(mut self, options: WriteOptions) -> Self {
        self.op.options = options;
        self
    }
}

impl IntoFuture for CreateMultipartUpload {
    type Output = Result<String>;
    type IntoFuture = OpFuture<String>;

    fn into_future(self) -> Self::IntoFuture {
        OpFuture::new(async move {
            let out = self
                .client
                .execute_with(&self.op, &self.extras, SendOptions::default())
                .await?;
            Ok(out.upload_id)
        })
    }
}

/// The builder [`Newtera::upload_part`] returns; await it for the part's
/// [`CompletedPart`].
#[derive(Debug)]
#[must_use = "nothing is sent until this is awaited"]
pub struct UploadPart {
    client: Newtera,
    op: UploadPartOp,
    data: Bytes,
    extras: Extras,
}

impl UploadPart {
    /// The SSE-C key of an SSE-C upload (the others need nothing here).
    pub fn sse(mut self, sse: Sse) -> Self {
        self.op.sse = Some(sse);
        self
    }

    extras_setters!();
}

impl IntoFuture for UploadPart {
    type Output = Result<CompletedPart>;
    type IntoFuture = OpFuture<CompletedPart>;

    fn into_future(self) -> Self::IntoFuture {
        OpFuture::new(async move {
            let mut parts =
                newtera_proto::Operation::encode(&self.op).map_err(Error::from_encode)?;
            self.extras.apply(&mut parts)?;
            let out = self
                .client
                .execute_parts::<UploadPartOp>(
                    parts,
                    Some(Body::from(self.data)),
                    SendOptions::default(),
                )
                .await?;
            let etag = out
                .etag
                .ok_or_else(|| Error::malformed("the part has no ETag"))?;
            Ok(CompletedPart::new(self.op.part_number, etag))
        })
    }
}

/// The builder [`Newtera::upload_part_copy`] returns; await it for the
/// part's [`CompletedPart`].
#[derive(Debug)]
#[must_use = "nothing is sent until this is awaited"]
pub struct UploadPartCopy {
    client: Newtera,
    op: UploadPartCopyOp,
    extras: Extras,
}

impl UploadPartCopy {
    /// Copy bytes `first..=last` of the source
    /// (`x-amz-copy-source-range`); the whole source when not set.
    pub fn source_range(mut self, first: u64, last: u64) -> Self {
        self.op.source_range = Some((first, last));
        self
    }

    /// The source's SSE-C key.
    pub fn source_sse(mut self, sse: Sse) -> Self {
        self.op.source_sse = Some(sse);
        self
    }

    /// The destination upload's SSE-C key.
    pub fn sse(mut self, sse: Sse) -> Self {
        self.op.sse = Some(sse);
        self
    }

    /// Conditions on the source (`x-amz-copy-source-if-*`).
    pub fn source_conditions(mut self, conditions: Conditions) -> Self {
        self.op.source_conditions = conditions;
        self
    }

    extras_setters!();
}

impl IntoFuture for UploadPartCopy {
    type Output = Result<CompletedPart>;
    type IntoFuture = OpFuture<CompletedPart>;

    fn into_future(self) -> Self::IntoFuture {
        OpFuture::new(async move {
            let out = self
                .client
                .execute_with(&self.op, &self.extras, SendOptions { error_in_200: true })
                .await?;
            let etag = out
                .etag
                .ok_or_else(|| Error::malformed("a copied part has no ETag"))?;
            Ok(CompletedPart::new(self.op.part_number, etag))
        })
    }
}

/// The builder [`Newtera::complete_multipart_upload`] returns; await it to
/// complete.
#[derive(Debug)]
#[must_use = "nothing is sent until this is awaited"]
pub struct CompleteMultipartUpload {
    client: Newtera,
    op: CompleteOp,
    extras: Extras,
}

impl CompleteMultipartUpload {
    /// The SSE-C key of an SSE-C upload.
    pub fn sse(mut self, sse: Sse) -> Self {
        self.op.sse = Some(sse);
        self
    }

    /// Complete only over an object with this ETag (`If-Match`).
    pub fn if_match(mut self, etag: impl Into<String>) -> Self {
        self.op.if_match = Some(etag.into());
        self
    }

    /// Complete only if the key holds no object (`If-None-Match: *`).
    pub fn create_only(mut self) -> Self {
        self.op.if_none_match = Some("*".into());
        self
    }

    extras_setters!();
}

impl IntoFuture for CompleteMultipartUpload {
    type Output = Result<ObjectWriteResult>;
    type IntoFuture = OpFuture<ObjectWriteResult>;

    fn into_future(mut self) -> Self::IntoFuture {
        OpFuture::new(async move {
            self.op.parts.sort_by_key(|p| p.part_number);
            let out = self
                .client
                .execute_with(&self.op, &self.extras, SendOptions { error_in_200: true })
                .await?;
            let mut etag = out.etag.as_deref().map(ETag::parse).unwrap_or_default();
            if etag.is_empty() {
                etag = crate::upload::learn_etag(
                    &self.client,
                    (&self.op.bucket, &self.op.key),
                    multipart_etag(&self.op.parts),
                    &out.version_id,
                    self.op.sse.as_ref(),
                )
                .await?;
            }
            Ok(ObjectWriteResult {
                bucket_name: self.op.bucket,
                object_name: self.op.key,
                etag,
                version_id: out.version_id,
            })
        })
    }
}

/// The builder [`Newtera::list_parts`] returns.
#[derive(Debug)]
#[must_use = "nothing is listed until the stream is polled"]
pub struct ListParts {
    client: Newtera,
    op: ListPartsOp,
}

impl ListParts {
    /// Parts per page (at most 1,000, the server's default).
    pub fn max_parts(mut self, max: u32) -> Self {
        self.op.max_parts = Some(max);
        self
    }

    /// The parts, page by page (following `NextPartNumberMarker`, which
    /// must grow: a server that repeats it ends the stream with
    /// [`Error::MalformedResponse`]).
    pub fn into_stream(self) -> OpStream<Part> {
        let progress = Progress::new(format!("listing parts of {}", self.op.upload_id), None);
        let state = (self, Some(None::<u32>), VecDeque::new(), progress);
        OpStream::new(futures_util::stream::unfold(
            state,
            |(mut query, mut marker, mut buffer, mut progress)| async move {
                loop {
                    if let Some(part) = buffer.pop_front() {
                        return Some((Ok(part), (query, marker, buffer, progress)));
                    }
                    let at = marker.take()?;
                    match query.page(at, &mut buffer, &mut progress).await {
                        Ok(next) => marker = next.map(Some),
                        Err(e) => return Some((Err(e), (query, None, buffer, progress))),
                    }
                }
            },
        ))
    }

    /// Fetches the page after `at` into `buffer`; returns the next marker
    /// when the listing goes on.
    async fn page(
        &mut self,
        at: Option<u32>,
        buffer: &mut VecDeque<Part>,
        progress: &mut Progress,
    ) -> Result<Option<u32>> {
        self.op.part_number_marker = at;
        let page = self
            .client
            .execute(&self.op, SendOptions::default())
            .await?;
        let count = page.parts.len();
        buffer.extend(page.parts);
        if !page.is_truncated {
            return Ok(None);
        }
        progress.page(count)?;
        let next = page
            .next_part_number_marker
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| at.is_none_or(|at| *n > at))
            .ok_or_else(|| progress.stuck("a truncated page without a growing part marker"))?;
        Ok(Some(next))
    }
}
