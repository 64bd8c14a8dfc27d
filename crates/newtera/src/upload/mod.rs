//! `put_object` and `fput_object`: one PUT for small objects, a parallel
//! multipart upload above 5 MiB.
//!
//! # Failed uploads: kept or aborted
//!
//! minio-py's reference says a multipart upload that fails keeps its parts,
//! so that only the failed parts are sent again, and offers
//! `remove_incomplete_upload` for what is left. But stored parts cost
//! storage until someone removes them, and a caller who never asked to
//! resume would pay for parts nobody will use, invisibly (they are not
//! objects; listings do not show them). So newtera aborts a failed, dropped
//! or cancelled upload by default, and keeps it only when the caller asks
//! for a resumable upload ([`PutObject::resumable`]): then the error says
//! what is stored and how to resume or remove it ([`crate::UploadKept`]),
//! and uploading the same data again sends only what is missing.

mod data;
mod etag;
pub(crate) mod integrity;
mod multipart;
mod resume;

use std::future::IntoFuture;
use std::path::PathBuf;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::stream;
use http::header::{CONTENT_TYPE, HeaderValue};
use newtera_proto::RequestParts;
use newtera_proto::op::multipart::CreateMultipartUpload;
use newtera_proto::op::object::{PutObject as PutOp, Sse, WriteOptions, md5_etag};
use newtera_proto::types::{Checksum, StorageClass};
use newtera_transport::Body;

pub use data::ObjectData;
use data::{Chunker, Source};
pub(crate) use etag::learn_etag;
use multipart::{PartBody, PartSource, file_parts, memory_parts};
pub(crate) use multipart::{Upload, plan};

use crate::client::{Newtera, SendOptions};
use crate::config::{MAX_OBJECT_SIZE, MULTIPART_THRESHOLD, part_size_for, stream_part_size};
use crate::error::{Error, Result, UploadKept};
use crate::future::OpFuture;
use crate::ops::Extras;
use crate::progress::{self, OptMeter, Progress};
use crate::types::{ETag, ObjectWriteResult, StoredPart};
use resume::{Local, Resume};

/// The content type minio-py's `put_object` defaults to.
const DEFAULT_CONTENT_TYPE: &str = "application/octet-stream";

impl Newtera {
    /// Uploads `data` (bytes, a reader or a stream, of known or unknown
    /// length) as `object`, up to 5 TiB. Above 5 MiB it uploads parts in
    /// parallel, with memory bounded by the parts in flight, and aborts the
    /// upload on failure (or keeps it to resume, see
    /// [`PutObject::resumable`]). A stream of unknown length starts with the part
    /// size (default 8 MiB) and doubles it every 1,000 parts, up to 4 GiB,
    /// so its 10,000 parts hold 5 TiB; memory grows with the part size
    /// (parallelism × the current part).
    ///
    /// ```no_run
    /// # async fn run(client: newtera::Newtera) -> newtera::Result<()> {
    /// let result = client
    ///     .put_object("photos", "notes.txt", "hello")
    ///     .content_type("text/plain")
    ///     .metadata("author", "me")
    ///     .await?;
    /// println!("etag {}", result.etag);
    /// # Ok(()) }
    /// ```
    pub fn put_object(&self, bucket: &str, object: &str, data: impl Into<ObjectData>) -> PutObject {
        PutObject {
            client: self.clone(),
            bucket: bucket.to_owned(),
            key: object.to_owned(),
            data: Ok(data.into()),
            options: WriteOptions::default(),
            part_size: None,
            parallelism: None,
            conditions: WriteConditions::default(),
            extras: Extras::default(),
            meter: None,
            resumable: false,
            resume_upload_id: None,
            remembered: Vec::new(),
        }
    }

    /// Uploads a local file, reading its parts in parallel by offset.
    pub fn fput_object(
        &self,
        bucket: &str,
        object: &str,
        file_path: impl Into<PathBuf>,
    ) -> PutObject {
        let path = file_path.into();
        let data = std::fs::metadata(&path)
            .map_err(|e| {
                Error::Io(std::io::Error::new(
                    e.kind(),
                    format!("{}: {e}", path.display()),
                ))
            })
            .and_then(|m| {
                if m.is_file() {
                    Ok(ObjectData::file(path.clone(), m.len()))
                } else {
                    Err(Error::invalid(format!("{} is not a file", path.display())))
                }
            });
        let mut put = self.put_object(bucket, object, Bytes::new());
        put.data = data;
        put
    }
}

/// The builder [`Newtera::put_object`] and [`Newtera::fput_object`] return;
/// await it to upload.
#[derive(Debug)]
#[must_use = "nothing is uploaded until this is awaited"]
pub struct PutObject {
    client: Newtera,
    bucket: String,
    key: String,
    data: Result<ObjectData>,
    options: WriteOptions,
    part_size: Option<u64>,
    parallelism: Option<usize>,
    conditions: WriteConditions,
    extras: Extras,
    meter: OptMeter,
    resumable: bool,
    resume_upload_id: Option<String>,
    remembered: Vec<StoredPart>,
}

/// `If-Match` / `If-None-Match` of a write: on the single PUT, or on
/// CompleteMultipartUpload.
#[derive(Debug, Clone, Default)]
pub(crate) struct WriteConditions {
    pub(crate) if_match: Option<String>,
    pub(crate) if_none_match: Option<String>,
}

impl PutObject {
    /// Calls `progress` with the bytes stored so far and the total (see
    /// [`crate::progress`]): after every part the server stored, or after
    /// the single PUT of a small object. A resumed upload starts with the
    /// parts it reuses.
    pub fn progress(mut self, progress: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        self.meter = progress::meter(progress);
        self
    }

    /// A resumable upload (default `false`: a failed upload is aborted).
    /// For data that can be read again by offset (memory, a file; a
    /// stream is uploaded as without it) above 5 MiB:
    ///
    /// - before starting, an unfinished upload of this object is looked
    ///   for (ListMultipartUploads, newest first); its parts are listed
    ///   (ListParts) and each is verified against the local data (its
    ///   ETag, the MD5 of its bytes, and its CRC32C where the server lists
    ///   one); only missing or differing parts are sent, with the part
    ///   size of that upload, then it is completed and its ETag checked
    ///   against the one the local data makes. An upload whose parts do
    ///   not fit the data (another size or layout) is aborted, never
    ///   reused;
    /// - when the upload fails, or is dropped, it is kept on the server
    ///   and the error is [`Error::UploadKept`], saying what is stored,
    ///   the `UploadId`, and how to resume or remove it. Failures a retry
    ///   cannot fix (refused input, an integrity failure, a refused
    ///   completion) still abort it.
    ///
    /// Servers without ListMultipartUploads (s3s-fs) find nothing to
    /// resume: pass the kept upload with [`resume_from`](Self::resume_from)
    /// or [`resume_upload_id`](Self::resume_upload_id) there.
    pub fn resumable(mut self, resumable: bool) -> Self {
        self.resumable = resumable;
        self
    }

    /// Resumes this upload id (from [`UploadKept::upload_id`] or
    /// `list_incomplete_uploads`) instead of looking for one; implies
    /// [`resumable`](Self::resumable). Where the server lists parts without
    /// ETags (s3s-fs), parts cannot be verified from the id alone and are
    /// all sent again: prefer [`resume_from`](Self::resume_from).
    pub fn resume_upload_id(mut self, upload_id: impl Into<String>) -> Self {
        self.resume_upload_id = Some(upload_id.into());
        self.resumable = true;
        self
    }

    /// Resumes the upload a failed attempt kept, using the part ETags that
    /// attempt was given where the server does not list them; implies
    /// [`resumable`](Self::resumable).
    pub fn resume_from(mut self, kept: &UploadKept) -> Self {
        self.resume_upload_id = Some(kept.upload_id.clone());
        self.remembered = kept.parts.clone();
        self.resumable = true;
        self
    }

    /// Server-side encryption: [`Sse::S3`], [`Sse::Kms`] (key id, context,
    /// Bucket Key) or [`Sse::Customer`] (SSE-C, whose key goes with
    /// CreateMultipartUpload, every UploadPart and CompleteMultipartUpload
    /// of a multipart upload, and must be given again to read the object).
    /// The ETag of an SSE-KMS or SSE-C object is not the MD5 of its bytes.
    /// AWS S3 accepts SSE-C only over HTTPS; other servers may be
    /// configured to accept it over plain HTTP.
    pub fn sse(mut self, sse: Sse) -> Self {
        self.options.sse = Some(sse);
        self
    }

    /// The storage class (`x-amz-storage-class`, e.g. `STANDARD_IA`); the
    /// server's default (`STANDARD`) when not set. A class the server
    /// does not offer is refused by it (`InvalidStorageClass`).
    pub fn storage_class(mut self, class: impl Into<StorageClass>) -> Self {
        self.options.storage_class = Some(class.into());
        self
    }

    /// A tag of the new object (`x-amz-tagging`): at most 10 tags, keys of
    /// 1 to 128 characters, values of at most 256, else
    /// [`Error::InvalidArgument`] before any request.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.tags.push((key.into(), value.into()));
        self
    }

    /// Several tags (see [`PutObject::tag`]).
    pub fn tags<K: Into<String>, V: Into<String>>(
        mut self,
        tags: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let tags = tags.into_iter().map(|(k, v)| (k.into(), v.into()));
        self.options.tags.extend(tags);
        self
    }

    /// Write only if the key holds an object with this ETag (`If-Match`,
    /// on the PUT or on CompleteMultipartUpload); otherwise the server
    /// answers 412 ([`Error::is_precondition_failed`]) and a multipart
    /// upload is aborted.
    pub fn if_match(mut self, etag: impl Into<String>) -> Self {
        self.conditions.if_match = Some(etag.into());
        self
    }

    /// `If-None-Match` on the PUT or CompleteMultipartUpload; S3 supports
    /// only `*`: see [`PutObject::create_only`].
    pub fn if_none_match(mut self, etag: impl Into<String>) -> Self {
        self.conditions.if_none_match = Some(etag.into());
        self
    }

    /// Write only if the key holds no object (`If-None-Match: *`);
    /// otherwise 412 ([`Error::is_precondition_failed`]).
    pub fn create_only(self) -> Self {
        self.if_none_match("*")
    }

    /// An extra query parameter on the PUT (or CreateMultipartUpload).
    pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extras.query(name.into(), value.into());
        self
    }

    /// The object's content type (default `application/octet-stream`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.options.content_type = Some(content_type.into());
        self
    }

    /// A user metadata entry, stored as `x-amz-meta-NAME`. The name must be
    /// an HTTP token and the value visible ASCII (space and tab allowed):
    /// anything else (`testà`) is [`Error::InvalidArgument`] naming the
    /// entry, before any request; encode such values first (RFC 2047 or
    /// percent-encoding).
    pub fn metadata(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.metadata.push((name.into(), value.into()));
        self
    }

    /// Several user metadata entries.
    pub fn user_metadata<K: Into<String>, V: Into<String>>(
        mut self,
        entries: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.options
            .metadata
            .extend(entries.into_iter().map(|(k, v)| (k.into(), v.into())));
        self
    }

    /// An extra standard header (`Cache-Control`, `Content-Disposition` …).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.extra_headers.push((name.into(), value.into()));
        self
    }

    /// The part size for multipart uploads in bytes (5 MiB to 5 GiB, else
    /// [`Error::InvalidArgument`]; default 8 MiB). Grown when an object of
    /// known length needs more than 10,000 parts, and every 1,000 parts of
    /// a stream of unknown length.
    pub fn part_size(mut self, bytes: u64) -> Self {
        self.part_size = Some(bytes);
        self
    }

    /// Parts in flight at once.
    pub fn parallelism(mut self, parts: usize) -> Self {
        self.parallelism = Some(parts);
        self
    }

    async fn send(mut self) -> Result<ObjectWriteResult> {
        super::ops::check_object(&self.client, &self.bucket, &self.key)?;
        let data = std::mem::replace(&mut self.data, Ok(ObjectData::from(Bytes::new())))?;
        if let Some(size) = self
            .part_size
            .filter(|s| !(crate::config::MIN_PART_SIZE..=crate::config::MAX_PART_SIZE).contains(s))
        {
            return Err(Error::invalid(format!(
                "part size {size} is outside 5 MiB to 5 GiB"
            )));
        }
        if self.parallelism == Some(0) {
            return Err(Error::invalid("parallelism must be at least 1"));
        }
        if let Some(len) = data.len().filter(|l| *l > MAX_OBJECT_SIZE) {
            return Err(Error::invalid(format!(
                "{len} bytes is more than the 5 TiB an object can hold"
            )));
        }
        progress::start(&self.meter, data.len());
        let (etag, version_id) = match data.source {
            Source::Memory(bytes) => self.upload_memory(bytes).await?,
            Source::File { path, len } => self.upload_file(path, len).await?,
            Source::Stream { stream, len } => self.upload_stream(Chunker::new(stream), len).await?,
        };
        progress::finish(&self.meter);
        Ok(ObjectWriteResult {
            bucket_name: self.bucket,
            object_name: self.key,
            etag,
            version_id,
        })
    }

    fn part_size_for(&self, len: Option<u64>) -> u64 {
        let preferred = self
            .part_size
            .unwrap_or(self.client.inner.transfer.part_size);
        part_size_for(len.unwrap_or(0), preferred)
    }

    fn parallel(&self) -> usize {
        self.parallelism
            .unwrap_or(self.client.inner.transfer.parallelism)
            .max(1)
    }

    async fn upload_memory(&mut self, bytes: Bytes) -> Result<(ETag, Option<String>)> {
        let len = bytes.len() as u64;
        if len <= MULTIPART_THRESHOLD {
            return self.single(bytes).await;
        }
        if self.resumable {
            return self.resume(Local::Memory(bytes), len).await;
        }
        let parts = memory_parts(bytes, self.part_size_for(Some(len)));
        self.multipart(parts, self.part_checksums()).await
    }

    async fn upload_file(&mut self, path: PathBuf, len: u64) -> Result<(ETag, Option<String>)> {
        if len <= MULTIPART_THRESHOLD {
            let bytes = tokio::fs::read(&path).await?;
            if bytes.len() as u64 != len {
                return Err(Error::Io(std::io::Error::other(format!(
                    "{} changed size during the upload",
                    path.display()
                ))));
            }
            return self.single(Bytes::from(bytes)).await;
        }
        let file = Arc::new(std::fs::File::open(&path)?);
        if self.resumable {
            return self.resume(Local::File(file), len).await;
        }
        let parts = file_parts(file, len, self.part_size_for(Some(len)));
        self.multipart(parts, self.part_checksums()).await
    }

    /// A stream: the first part decides between one PUT and multipart.
    async fn upload_stream(
        &mut self,
        mut chunker: Chunker,
        len: Option<u64>,
    ) -> Result<(ETag, Option<String>)> {
        let preferred = self
            .part_size
            .unwrap_or(self.client.inner.transfer.part_size);
        let tier = self.client.inner.transfer.stream_tier_parts;
        let part_size = match len {
            Some(_) => self.part_size_for(len),
            None => stream_part_size(1, preferred, tier),
        };
        let first_size = if len.is_some_and(|l| l <= MULTIPART_THRESHOLD) {
            MULTIPART_THRESHOLD
        } else {
            part_size
        };
        let first = chunker
            .next_part(usize::try_from(first_size).unwrap_or(usize::MAX))
            .await?
            .unwrap_or_default();
        // A known length decides (minio-py's rule: multipart above 5 MiB);
        // an unknown one is a single PUT when it fits in the first part.
        let single = match len {
            Some(l) => l <= MULTIPART_THRESHOLD,
            None => (first.len() as u64) < first_size,
        };
        if single {
            check_length(len, chunker.total, chunker.next_part(1).await?.is_some())?;
            return self.single(first).await;
        }
        let first = stream::iter([Ok(PartBody {
            number: 1,
            body: PartSource::Memory(first),
        })]);
        // A known length fixed the part size; an unknown one grows it as the
        // stream goes on, so 10,000 parts hold 5 TiB.
        let size_of = move |number: u32| match len {
            Some(_) => part_size,
            None => stream_part_size(number, preferred, tier),
        };
        let rest = stream_rest(chunker, len, size_of);
        self.multipart(
            futures_util::StreamExt::chain(first, rest),
            self.part_checksums(),
        )
        .await
    }

    async fn single(&mut self, bytes: Bytes) -> Result<(ETag, Option<String>)> {
        let checksum = self.single_checksum().then(|| integrity::crc32c(&bytes));
        let mut parts = self.encode_single(checksum)?;
        let body = Body::from(bytes.clone());
        let sent = self
            .client
            .execute_keeping::<PutOp>(&mut parts, Some(body), SendOptions::default())
            .await;
        self.names_back(&mut parts);
        let mut out = sent?;
        progress::add(&self.meter, bytes.len() as u64);
        let etag = out.etag.take().map(ETag::parse_owned).unwrap_or_default();
        if !etag.is_empty() {
            return Ok((etag, out.version_id));
        }
        let sse = self.options.sse.as_ref();
        let expected = Sse::keeps_md5_etag(sse).then(|| md5_etag(&bytes));
        let etag = learn_etag(
            &self.client,
            (&self.bucket, &self.key),
            expected,
            &out.version_id,
            sse,
        )
        .await?;
        Ok((etag, out.version_id))
    }

    /// The single PUT's parts, with the default content type when none is
    /// set. The write options move into the operation and back, and the
    /// names into the parts ([`PutObject::names_back`] returns them),
    /// rather than being copied; after an error they are here.
    fn encode_single(&mut self, checksum: Option<Checksum>) -> Result<RequestParts> {
        let unsigned = checksum.is_some();
        let mut op = PutOp {
            bucket: std::mem::take(&mut self.bucket),
            key: std::mem::take(&mut self.key),
            body: Bytes::new(),
            options: std::mem::take(&mut self.options),
            checksums: checksum.into_iter().collect(),
            if_none_match: self.conditions.if_none_match.clone(),
            if_match: self.conditions.if_match.clone(),
        };
        let encoded = op.encode_moving_names().map_err(Error::from_encode);
        // The names are empty after a success (they are in the parts).
        (self.bucket, self.key, self.options) = (op.bucket, op.key, op.options);
        let mut parts = encoded?;
        let finished = self.extras.apply(&mut parts).and_then(|()| match unsigned {
            true => integrity::unsigned_payload(&mut parts),
            false => Ok(()),
        });
        if let Err(e) = finished {
            self.names_back(&mut parts);
            return Err(e);
        }
        // A static value: no string is made for the default.
        if !parts.headers.contains_key(CONTENT_TYPE) {
            parts
                .headers
                .insert(CONTENT_TYPE, HeaderValue::from_static(DEFAULT_CONTENT_TYPE));
        }
        Ok(parts)
    }

    /// The bucket and key back from the parts that took them.
    fn names_back(&mut self, parts: &mut RequestParts) {
        self.bucket = parts.bucket.take().unwrap_or_default();
        self.key = parts.key.take().unwrap_or_default();
    }

    /// A single PUT over plain HTTP is signed with its payload's SHA-256
    /// (the transport hashes it): a server refuses a changed byte before
    /// storing anything, which not every server does for a checksum (see
    /// [`integrity`]). Over HTTPS, where TLS already guards the bytes in
    /// flight, a CRC32C header is the cheaper end-to-end check.
    fn single_checksum(&self) -> bool {
        self.client.inner.transfer.checksums && self.client.endpoint().is_secure()
    }

    /// Multipart parts, from memory or from a file, carry a CRC32C instead
    /// of a signed SHA-256 on every scheme: a refused part never becomes
    /// part of an object (the upload fails and is aborted), and CRC32C
    /// costs a tenth of SHA-256 (see [`integrity`]).
    fn part_checksums(&self) -> bool {
        self.client.inner.transfer.checksums
    }

    /// `checksums`: whether every part carries a CRC32C (declared on
    /// CreateMultipartUpload, as S3 requires).
    async fn multipart<S>(&self, parts: S, checksums: bool) -> Result<(ETag, Option<String>)>
    where
        S: futures_core::Stream<Item = Result<PartBody>> + Send,
    {
        let upload = Upload::create_with(&self.client, self.create_op(checksums), &self.extras)
            .await?
            .meter(self.meter.clone());
        upload
            .conditions(self.conditions.clone())
            .run(parts, self.parallel())
            .await
    }

    fn create_op(&self, checksums: bool) -> CreateMultipartUpload {
        let mut options = self.options.clone();
        options
            .content_type
            .get_or_insert_with(|| DEFAULT_CONTENT_TYPE.into());
        CreateMultipartUpload {
            bucket: self.bucket.clone(),
            key: self.key.clone(),
            options,
            checksum_algorithm: checksums
                .then_some(newtera_proto::types::ChecksumAlgorithm::Crc32c),
            checksum_type: None,
        }
    }

    /// A resumable multipart upload of `len` bytes of `local`: continues
    /// the kept upload that fits (sending only missing or differing
    /// parts), else starts one that is kept on failure.
    async fn resume(&self, local: Local, len: u64) -> Result<(ETag, Option<String>)> {
        let checksums = self.part_checksums();
        let found = Resume {
            client: &self.client,
            bucket: &self.bucket,
            key: &self.key,
            upload_id: self.resume_upload_id.clone(),
            remembered: &self.remembered,
            preferred_part_size: self.part_size_for(Some(len)),
            checksums,
            parallelism: self.parallel(),
        }
        .find(&local, len)
        .await?;
        let (mut upload, part_size, reused, newest_first) = match found {
            Some(found) => {
                let upload = Upload::existing(
                    &self.client,
                    (self.bucket.clone(), self.key.clone()),
                    found.upload_id,
                    checksums,
                    self.options.sse.clone(),
                );
                (upload, found.part_size, found.reused, found.newest_first)
            }
            None => {
                let op = self.create_op(checksums);
                let upload = Upload::create_with(&self.client, op, &self.extras).await?;
                (
                    upload,
                    self.part_size_for(Some(len)),
                    Vec::new(),
                    Vec::new(),
                )
            }
        };
        upload.reuse(&reused);
        let upload = upload
            .keep(true)
            .meter(self.meter.clone())
            .conditions(self.conditions.clone());
        progress::add(&self.meter, reused.iter().map(|(_, size)| size).sum());
        let skip: Vec<u32> = reused.iter().map(|(p, _)| p.part_number).collect();
        let parts = local.parts(len, part_size, &skip);
        let sent = upload.upload_parts(parts, self.parallel()).await;
        // The reused parts to send again if the completion refuses one:
        // first as many of the newest as this upload sends at once, then
        // the others.
        let (newest, older) = newest_first.split_at(self.parallel().min(newest_first.len()));
        let resend = [newest, older]
            .into_iter()
            .filter(|numbers| !numbers.is_empty())
            .map(|numbers| local.parts(len, part_size, &unreused(len, part_size, numbers)))
            .collect();
        let all = sent.map(|mut parts| {
            parts.extend(reused.into_iter().map(|(p, _)| p));
            parts
        });
        upload.finish_resumed(all, resend, self.parallel()).await
    }
}

/// The part numbers of a `len`-byte upload in `part_size` parts that are
/// not in `reused`.
fn unreused(len: u64, part_size: u64, reused: &[u32]) -> Vec<u32> {
    let reused: std::collections::HashSet<u32> = reused.iter().copied().collect();
    plan(len, part_size)
        .map(|(number, _, _)| number)
        .filter(|n| !reused.contains(n))
        .collect()
}

/// A stream that yields more or fewer bytes than announced is an error, so
/// a truncated source never becomes a complete-looking object.
fn check_length(expected: Option<u64>, read: u64, more: bool) -> Result<()> {
    match expected {
        Some(len) if more || read != len => Err(Error::invalid(format!(
            "the data was announced as {len} bytes but {} were read",
            if more {
                format!("more than {read}")
            } else {
                read.to_string()
            }
        ))),
        _ => Ok(()),
    }
}

impl IntoFuture for PutObject {
    type Output = Result<ObjectWriteResult>;
    type IntoFuture = OpFuture<ObjectWriteResult>;

    fn into_future(self) -> Self::IntoFuture {
        OpFuture::new(self.send())
    }
}

/// Parts 2, 3, … of a stream, part `n` being `size_of(n)` bytes (the
/// last may be shorter); a known `len` is checked at the end.
fn stream_rest(
    chunker: Chunker,
    len: Option<u64>,
    size_of: impl Fn(u32) -> u64 + Send + Copy + 'static,
) -> impl futures_core::Stream<Item = Result<PartBody>> + Send {
    stream::unfold(
        (chunker, 2u32, false),
        move |(mut chunker, number, done)| async move {
            if done {
                return None;
            }
            let size = usize::try_from(size_of(number)).unwrap_or(usize::MAX);
            match chunker.next_part(size).await {
                Ok(Some(bytes)) => Some((
                    Ok(PartBody {
                        number,
                        body: PartSource::Memory(bytes),
                    }),
                    (chunker, number + 1, false),
                )),
                Ok(None) => match check_length(len, chunker.total, false) {
                    Ok(()) => None,
                    Err(e) => Some((Err(e), (chunker, number, true))),
                },
                Err(e) => Some((Err(e), (chunker, number, true))),
            }
        },
    )
}

#[cfg(test)]
mod tests {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_file_uploads_in_streamed_parts_with_crc32c_and_reads_back() {
        let (client, _server) = crate::test_support::embedded_client("files").await;
        // Two 8 MiB parts and a short third: CRC32C per part, declared on
        // CreateMultipartUpload and repeated in CompleteMultipartUpload.
        let data: Vec<u8> = (0..(17u32 << 20)).map(|i| (i % 253) as u8).collect();
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("source.bin");
        std::fs::write(&path, &data).expect("write");
        let put = client
            .fput_object("files", "copy", &path)
            .await
            .expect("fput");
        assert!(
            put.etag.as_str().ends_with("-3"),
            "a 3-part ETag: {}",
            put.etag
        );
        let got = client.get_object_bytes("files", "copy").await.expect("get");
        assert!(got == data, "round trip differs");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_stream_of_unknown_length_uploads_in_growing_parts() {
        let server = newtera_testkit::EmbeddedServer::start().expect("server");
        let client = crate::Newtera::builder(server.endpoint())
            .credentials(server.access_key(), server.secret_key())
            .region("us-east-1")
            .stream_tier_parts(2)
            .build()
            .expect("client");
        client.make_bucket("grow").await.expect("bucket");
        // Parts of 8, 8, 16, 16 and the last 5 MiB: five parts, where a
        // fixed 8 MiB part size makes seven.
        let data: Vec<u8> = (0..(53u32 << 20)).map(|i| (i % 249) as u8).collect();
        let chunks: Vec<Result<bytes::Bytes, std::io::Error>> = data
            .chunks(1 << 20)
            .map(|c| Ok(bytes::Bytes::copy_from_slice(c)))
            .collect();
        let source = super::ObjectData::from_stream(futures_util::stream::iter(chunks), None);
        let put = client.put_object("grow", "s", source).await.expect("put");
        assert!(put.etag.as_str().ends_with("-5"), "{}", put.etag);
        let got = client.get_object_bytes("grow", "s").await.expect("get");
        assert!(got == data, "round trip differs");
    }

    #[tokio::test]
    async fn stream_parts_grow_with_the_schedule() {
        use futures_util::TryStreamExt;
        // 5 MiB preferred, doubling every 2 parts in this test (every 1,000
        // in uploads): parts 2..=5 are 8, 16, 16, 32 MiB, then the rest.
        let total = 8 + 16 + 16 + 32 + 3;
        let chunks = (0..total).map(|_| Ok(bytes::Bytes::from(vec![7u8; 1 << 20])));
        let chunks: std::pin::Pin<Box<dyn futures_core::Stream<Item = _> + Send>> =
            Box::pin(futures_util::stream::iter(chunks));
        let chunker = super::Chunker::new(sync_wrapper::SyncStream::new(chunks));
        let size_of = |n| crate::config::stream_part_size(n, 5 << 20, 2);
        let parts: Vec<super::PartBody> = super::stream_rest(chunker, None, size_of)
            .try_collect()
            .await
            .expect("parts");
        let sizes: Vec<(u32, usize)> = parts
            .iter()
            .map(|p| match &p.body {
                super::PartSource::Memory(b) => (p.number, b.len() >> 20),
                super::PartSource::File { .. } => unreachable!("memory parts"),
            })
            .collect();
        assert_eq!(sizes, [(2, 8), (3, 16), (4, 16), (5, 32), (6, 3)]);
    }
}
