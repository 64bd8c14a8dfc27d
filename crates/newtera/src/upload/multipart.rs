//! Multipart upload: create, parts in parallel, complete; aborted on any
//! failure, and when the caller drops the upload midway, unless it is
//! resumable (then kept for a later upload to finish).

use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use futures_util::stream::{self, StreamExt, TryStreamExt};
use newtera_proto::op::multipart::{
    CompleteMultipartUpload, CreateMultipartUpload, CreateMultipartUploadOutput, UploadPart,
    multipart_etag,
};
use newtera_proto::types::CompletedPart;
use newtera_transport::Body;

use crate::client::{Newtera, SendOptions};
use crate::config::MAX_PARTS;
use crate::error::{Error, Result, UploadKept};
use crate::ops::Extras;
use crate::progress::{self, OptMeter};
use crate::types::{ETag, StoredPart};
use crate::upload::etag::learn_etag;
use crate::upload::{WriteConditions, integrity};
use newtera_proto::op::object::Sse;

/// One part to send: its number and its body.
pub(crate) struct PartBody {
    pub(crate) number: u32,
    pub(crate) body: PartSource,
}

impl PartBody {
    /// The part's length in bytes.
    pub(crate) fn len(&self) -> u64 {
        match &self.body {
            PartSource::Memory(b) => b.len() as u64,
            PartSource::File { len, .. } => *len,
        }
    }
}

/// Where a part's bytes come from.
#[derive(Clone)]
pub(crate) enum PartSource {
    Memory(Bytes),
    File {
        file: Arc<std::fs::File>,
        offset: u64,
        len: u64,
    },
}

/// An upload in progress. Dropping it before [`Upload::finish`] aborts
/// the upload in the background, unless it is kept (resumable).
pub(crate) struct Upload {
    client: Newtera,
    bucket: String,
    key: String,
    upload_id: String,
    /// Whether parts carry a CRC32C instead of a signed SHA-256.
    checksums: bool,
    /// The SSE-C key every part and the completion carry.
    sse: Option<Sse>,
    /// Conditions of the completion.
    conditions: WriteConditions,
    finished: bool,
    /// Kept on the server when it fails or is dropped, to be resumed.
    keep: bool,
    meter: OptMeter,
    /// The parts known to be stored: reused ones and those sent.
    stored: Mutex<Vec<StoredPart>>,
    /// Whether stored parts were reused, so the result is checked against
    /// the ETag the local data makes.
    resumed: bool,
    /// The tags CreateMultipartUpload asked for, set again once the
    /// object exists (see [`Upload::confirm_tags`]).
    tags: Vec<(String, String)>,
}

impl Upload {
    /// Starts an upload (CreateMultipartUpload with `extras`).
    ///
    /// The request runs as a task of its own, tracked for
    /// `Newtera::wait_for_cleanup`: when the caller is dropped after the
    /// server made the upload but before its id arrived, the task still
    /// learns the id and aborts the upload.
    pub(crate) async fn create_with(
        client: &Newtera,
        op: CreateMultipartUpload,
        extras: &Extras,
    ) -> Result<Self> {
        let checksums = op.checksum_algorithm.is_some();
        let sse = op.options.sse.clone().filter(Sse::is_customer);
        let tags = op.options.tags.clone();
        let extras = extras.clone();
        let (bucket, key) = (op.bucket.clone(), op.key.clone());
        let (tx, rx) = tokio::sync::oneshot::channel();
        let task_client = client.clone();
        client.inner.cleanup.spawn(async move {
            let created = task_client
                .execute_with(&op, &extras, SendOptions::default())
                .await;
            if let Err(Ok(orphan)) = tx.send(created) {
                let _ = task_client
                    .abort_upload(&op.bucket, &op.key, &orphan.upload_id)
                    .await;
            }
        });
        let mut answer = Answer {
            rx,
            client: client.clone(),
            bucket,
            key,
        };
        let out = (&mut answer.rx).await.map_err(|_| {
            Error::Transport(Box::new(std::io::Error::other(
                "CreateMultipartUpload was cut short (the runtime is shutting down)",
            )))
        })??;
        let target = (
            std::mem::take(&mut answer.bucket),
            std::mem::take(&mut answer.key),
        );
        let mut upload = Self::existing(client, target, out.upload_id, checksums, sse);
        upload.tags = tags;
        Ok(upload)
    }

    /// An upload the server already holds (to resume); `sse` is its SSE-C
    /// key, if any.
    pub(crate) fn existing(
        client: &Newtera,
        (bucket, key): (String, String),
        upload_id: String,
        checksums: bool,
        sse: Option<Sse>,
    ) -> Self {
        Self {
            client: client.clone(),
            checksums,
            sse: sse.filter(Sse::is_customer),
            conditions: WriteConditions::default(),
            bucket,
            key,
            upload_id,
            finished: false,
            keep: false,
            meter: None,
            stored: Mutex::new(Vec::new()),
            resumed: false,
            tags: Vec::new(),
        }
    }

    /// Keeps the upload on the server when it fails or is dropped.
    pub(crate) fn keep(mut self, keep: bool) -> Self {
        self.keep = keep;
        self
    }

    /// Counts the parts stored into `meter`.
    pub(crate) fn meter(mut self, meter: OptMeter) -> Self {
        self.meter = meter;
        self
    }

    /// Parts already stored and verified, completed with the rest.
    pub(crate) fn reuse(&mut self, parts: &[(CompletedPart, u64)]) {
        self.resumed = !parts.is_empty();
        let mut stored = self.stored.lock().unwrap_or_else(PoisonError::into_inner);
        stored.extend(parts.iter().map(|(p, size)| StoredPart {
            part_number: p.part_number,
            etag: p.etag.clone(),
            size: *size,
        }));
    }

    /// `If-Match` / `If-None-Match` to send with CompleteMultipartUpload.
    pub(crate) fn conditions(mut self, conditions: WriteConditions) -> Self {
        self.conditions = conditions;
        self
    }

    /// The SSE-C key of the destination, when the caller decides it after
    /// creating (a multipart copy).
    pub(crate) fn sse(&self) -> Option<&Sse> {
        self.sse.as_ref()
    }

    /// The upload id the server gave.
    pub(crate) fn upload_id(&self) -> &str {
        &self.upload_id
    }

    /// Uploads every part from `parts`, at most `parallelism` at once, then
    /// completes the upload. The part stream is polled only when a slot is
    /// free, so memory stays bounded by the parts in flight.
    pub(crate) async fn run<S>(self, parts: S, parallelism: usize) -> Result<(ETag, Option<String>)>
    where
        S: futures_core::Stream<Item = Result<PartBody>> + Send,
    {
        let parts = self.upload_parts(parts, parallelism).await;
        self.finish(parts).await
    }

    /// Completes the upload with `parts` (in any order), or aborts it when
    /// they failed or the completion fails. A kept upload is left on the
    /// server instead when what failed may pass on a later attempt; the
    /// error is then [`Error::UploadKept`].
    pub(crate) async fn finish(
        self,
        parts: Result<Vec<CompletedPart>>,
    ) -> Result<(ETag, Option<String>)> {
        let outcome = match parts {
            Ok(parts) => self.complete(parts).await.map_err(|e| (e, false)),
            Err(e) => Err((e, true)),
        };
        self.settle(outcome).await
    }

    /// [`Upload::finish`] for an upload that reused stored parts: while the
    /// server refuses the completion with `InvalidPart`, the next group of
    /// reused parts in `resend` (their bodies from the local data) is sent
    /// again and the upload completed once more. A stored part can be
    /// listed complete and still be refused: Garage lists the newest
    /// finished attempt of a part number but completes with the newest
    /// attempt, finished or not, and an UploadPart interrupted while it
    /// recorded the part leaves that part listed with its data dropped. So
    /// what ListParts showed is not proof that the completion will take it.
    pub(crate) async fn finish_resumed<S>(
        mut self,
        parts: Result<Vec<CompletedPart>>,
        resend: Vec<S>,
        parallelism: usize,
    ) -> Result<(ETag, Option<String>)>
    where
        S: futures_core::Stream<Item = Result<PartBody>> + Send,
    {
        let mut parts = match parts {
            Ok(parts) if self.resumed => parts,
            other => return self.finish(other).await,
        };
        let mut groups = resend.into_iter();
        let outcome = loop {
            let refused = match self.complete(parts.clone()).await {
                Err(e) if e.code() == Some("InvalidPart") => e,
                other => break other.map_err(|e| (e, false)),
            };
            let Some(group) = groups.next() else {
                break Err((refused, false));
            };
            tracing::info!(bucket = %self.bucket, key = %self.key, upload_id = %self.upload_id, "the server refused a reused part; sending reused parts again");
            // Reused parts were counted as done when reused.
            self.meter = None;
            match self.upload_parts(group, parallelism).await {
                Ok(again) => {
                    let renewed: std::collections::HashSet<u32> =
                        again.iter().map(|p| p.part_number).collect();
                    parts.retain(|p| !renewed.contains(&p.part_number));
                    parts.extend(again);
                }
                Err(e) => break Err((e, true)),
            }
        };
        self.settle(outcome).await
    }

    /// Ends the upload with the completion's `outcome`: confirms its tags,
    /// or keeps or aborts it.
    async fn settle(
        mut self,
        outcome: std::result::Result<(ETag, Option<String>), (Error, bool)>,
    ) -> Result<(ETag, Option<String>)> {
        match outcome {
            Ok(done) => {
                self.finished = true;
                self.confirm_tags(done.1.as_deref()).await?;
                Ok(done)
            }
            Err((error, in_parts)) if self.keep && worth_keeping(&error, in_parts) => {
                self.finished = true;
                let mut parts = std::mem::take(
                    &mut *self.stored.lock().unwrap_or_else(PoisonError::into_inner),
                );
                // A part sent again is named once, as its copy stored
                // last (the sort keeps the reversed order among equals).
                parts.reverse();
                parts.sort_by_key(|p| p.part_number);
                parts.dedup_by_key(|p| p.part_number);
                tracing::info!(bucket = %self.bucket, key = %self.key, upload_id = %self.upload_id, parts = parts.len(), "kept a failed multipart upload to resume");
                Err(Error::UploadKept(Box::new(UploadKept {
                    bucket_name: self.bucket.clone(),
                    object_name: self.key.clone(),
                    upload_id: self.upload_id.clone(),
                    parts,
                    error,
                })))
            }
            Err((error, _)) => {
                // Not finished until the abort is answered: a caller
                // cancelled while it is on its way (it may never reach the
                // server) drops the upload unkept, which aborts it again.
                self.keep = false;
                self.abort().await;
                self.finished = true;
                Err(error)
            }
        }
    }

    pub(crate) async fn upload_parts<S>(
        &self,
        parts: S,
        parallelism: usize,
    ) -> Result<Vec<CompletedPart>>
    where
        S: futures_core::Stream<Item = Result<PartBody>> + Send,
    {
        parts
            .map(|part| async move { self.upload_part(part?).await })
            .buffer_unordered(parallelism.max(1))
            .try_collect()
            .await
    }

    async fn upload_part(&self, part: PartBody) -> Result<CompletedPart> {
        if u64::from(part.number) > MAX_PARTS {
            return Err(Error::invalid(
                "the upload needs more than 10,000 parts; use a larger part size",
            ));
        }
        let len = part.len();
        // Over plain HTTP a part is also signed with its SHA-256 until the
        // server has shown that it checks part checksums (see `integrity`).
        let learning = self.checksums
            && !self.client.endpoint().is_secure()
            && !self.client.inner.part_checksums.checked();
        let (body, checksum, sha256) = match part.body {
            PartSource::Memory(bytes) => {
                let checksum = self.checksums.then(|| integrity::crc32c(&bytes));
                (Body::from(bytes), checksum, None)
            }
            // A file part is digested, then streamed from the file, so
            // memory per part in flight is a read buffer, not the part.
            PartSource::File { file, offset, len } => {
                let (checksum, sha256) = if self.checksums {
                    let (crc, sha) =
                        integrity::digest_file(file.clone(), offset, len, learning).await?;
                    (Some(crc), sha)
                } else {
                    (None, None)
                };
                (Body::from_file(file, offset, len), checksum, sha256)
            }
        };
        let op = UploadPart {
            bucket: self.bucket.clone(),
            key: self.key.clone(),
            upload_id: self.upload_id.clone(),
            part_number: part.number,
            body: Bytes::new(),
            checksums: checksum.iter().cloned().collect(),
            sse: self.sse.clone(),
        };
        let mut parts = newtera_proto::Operation::encode(&op).map_err(Error::from_encode)?;
        match (&checksum, &sha256) {
            (Some(_), Some(hash)) => integrity::signed_payload(&mut parts, hash)?,
            // A memory part while learning is hashed by the transport.
            (Some(_), None) if !learning => integrity::unsigned_payload(&mut parts)?,
            _ => {}
        }
        let out = self
            .client
            .execute_parts::<UploadPart>(parts, Some(body), SendOptions::default())
            .await?;
        if let Some(sent) = &checksum {
            let echoed = integrity::echoed(sent, &out.checksums)?;
            self.client.inner.part_checksums.learn(echoed);
        }
        let etag = out
            .etag
            .ok_or_else(|| Error::malformed(format!("part {} has no ETag", part.number)))?;
        self.stored
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(StoredPart {
                part_number: part.number,
                etag: etag.clone(),
                size: len,
            });
        progress::add(&self.meter, len);
        let mut completed = CompletedPart::new(part.number, etag);
        completed.checksums.extend(checksum);
        Ok(completed)
    }

    /// Sets the object's tags again with PutObjectTagging (of the version
    /// just written, on a versioned bucket). `x-amz-tagging` on
    /// CreateMultipartUpload is how S3 tags a multipart upload, but Ceph
    /// RGW 16.2 stores those tags in a form its GetObjectTagging cannot
    /// read (it answers `200` with no document), so the tags would be
    /// lost; one more request per tagged multipart upload makes them hold
    /// everywhere. A server without the tagging API (`NotImplemented`)
    /// keeps no tags either way.
    async fn confirm_tags(&self, version_id: Option<&str>) -> Result<()> {
        if self.tags.is_empty() {
            return Ok(());
        }
        let tags = newtera_proto::types::Tags::from_pairs(self.tags.iter().cloned())
            .map_err(Error::from_encode)?;
        let mut set = self.client.set_object_tags(&self.bucket, &self.key, tags);
        if let Some(v) = version_id {
            set = set.version_id(v);
        }
        match set.await {
            Err(e) if e.code() == Some("NotImplemented") => Ok(()),
            other => other,
        }
    }

    async fn complete(&self, mut parts: Vec<CompletedPart>) -> Result<(ETag, Option<String>)> {
        parts.sort_by_key(|p| p.part_number);
        let op = CompleteMultipartUpload {
            bucket: self.bucket.clone(),
            key: self.key.clone(),
            upload_id: self.upload_id.clone(),
            parts,
            sse: self.sse.clone(),
            if_match: self.conditions.if_match.clone(),
            if_none_match: self.conditions.if_none_match.clone(),
        };
        let out = self
            .client
            .execute(&op, SendOptions { error_in_200: true })
            .await?;
        let etag = out.etag.as_deref().map(ETag::parse).unwrap_or_default();
        let expected = multipart_etag(&op.parts);
        // Reused parts were checked against the local data; the object
        // must also be what those parts make.
        if let Some(want) = expected
            .as_deref()
            .filter(|_| self.resumed && !etag.is_empty())
            && ETag::parse(want).as_str() != etag.as_str()
        {
            return Err(Error::Integrity(format!(
                "the resumed upload completed as ETag {etag}, the local data makes {want}"
            )));
        }
        if !etag.is_empty() {
            return Ok((etag, out.version_id));
        }
        let etag = learn_etag(
            &self.client,
            (&self.bucket, &self.key),
            expected,
            &out.version_id,
            self.sse.as_ref(),
        )
        .await?;
        Ok((etag, out.version_id))
    }

    async fn abort(&self) {
        if let Err(e) = self
            .client
            .abort_upload(&self.bucket, &self.key, &self.upload_id)
            .await
        {
            tracing::warn!(bucket = %self.bucket, key = %self.key, error = %e, "could not abort a failed multipart upload");
        }
    }
}

/// CreateMultipartUpload's answer on its way from the task that sent the
/// request. The request runs in its own task so that a caller cancelled
/// while it is in flight leaves no upload behind (the task aborts what the
/// answer names); this guard covers the moment after: an answer delivered
/// but not yet taken when the caller is cancelled is an upload too, and is
/// aborted.
struct Answer {
    rx: tokio::sync::oneshot::Receiver<Result<CreateMultipartUploadOutput>>,
    client: Newtera,
    bucket: String,
    key: String,
}

impl Drop for Answer {
    fn drop(&mut self) {
        // Closed first, so an answer is either here now or refused to the
        // task (which then aborts it), never dropped with the channel.
        self.rx.close();
        if let Ok(Ok(created)) = self.rx.try_recv() {
            let target = (
                std::mem::take(&mut self.bucket),
                std::mem::take(&mut self.key),
            );
            // Dropped unfinished and not kept: the upload aborts itself.
            drop(Upload::existing(
                &self.client,
                target,
                created.upload_id,
                false,
                None,
            ));
        }
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        if self.keep {
            tracing::info!(bucket = %self.bucket, key = %self.key, upload_id = %self.upload_id, "a resumable multipart upload was dropped; it is kept on the server");
            return;
        }
        // The caller dropped the upload midway: abort it so no parts are
        // left behind, if a runtime is there to run the request; tracked so
        // `Newtera::wait_for_cleanup` can wait for it.
        let (client, bucket, key, upload_id) = (
            self.client.clone(),
            std::mem::take(&mut self.bucket),
            std::mem::take(&mut self.key),
            std::mem::take(&mut self.upload_id),
        );
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            let tracker = client.inner.cleanup.clone();
            tracker.spawn_on(
                async move {
                    if let Err(e) = client.abort_upload(&bucket, &key, &upload_id).await {
                        tracing::warn!(%bucket, %key, error = %e, "could not abort a dropped multipart upload");
                    }
                },
                &handle,
            );
        } else {
            tracing::warn!(%bucket, %key, "a multipart upload was dropped outside a runtime; it is left on the server");
        }
    }
}

/// Whether an upload that failed with `error` is worth keeping to resume:
/// not when the input was refused or the data failed a check, nor when
/// the server refused to complete it (a later attempt would fail alike).
fn worth_keeping(error: &Error, in_parts: bool) -> bool {
    match error {
        Error::InvalidArgument(_) | Error::Integrity(_) | Error::MalformedResponse(_) => false,
        Error::Response(r) if !in_parts => r.status.is_server_error(),
        _ => true,
    }
}

/// Parts of a known-size source: numbers and offsets.
pub(crate) fn plan(len: u64, part_size: u64) -> impl Iterator<Item = (u32, u64, u64)> {
    let count = len.div_ceil(part_size).max(1);
    (0..count).map(move |i| {
        let offset = i * part_size;
        (
            u32::try_from(i + 1).unwrap_or(u32::MAX),
            offset,
            part_size.min(len - offset),
        )
    })
}

/// Part bodies of an in-memory source: zero-copy slices.
pub(crate) fn memory_parts(
    bytes: Bytes,
    part_size: u64,
) -> impl futures_core::Stream<Item = Result<PartBody>> + Send {
    let parts: Vec<_> = plan(bytes.len() as u64, part_size)
        .map(|(number, offset, len)| {
            let (start, end) = (offset as usize, (offset + len) as usize);
            Ok(PartBody {
                number,
                body: PartSource::Memory(bytes.slice(start..end)),
            })
        })
        .collect();
    stream::iter(parts)
}

/// Part bodies of a file: independent reads by offset.
pub(crate) fn file_parts(
    file: Arc<std::fs::File>,
    len: u64,
    part_size: u64,
) -> impl futures_core::Stream<Item = Result<PartBody>> + Send {
    let parts: Vec<_> = plan(len, part_size)
        .map(|(number, offset, len)| {
            Ok(PartBody {
                number,
                body: PartSource::File {
                    file: file.clone(),
                    offset,
                    len,
                },
            })
        })
        .collect();
    stream::iter(parts)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use newtera_proto::Operation as _;

    use super::*;

    /// A CreateMultipartUpload answer sent while its guard is dropped is
    /// either taken by the guard (which aborts the upload) or refused to
    /// the sender (whose task then aborts it): never delivered into a
    /// channel that is dropped unread. The two threads meet at a varying
    /// offset so that some sends land inside the drop.
    #[test]
    fn an_answer_sent_as_its_guard_is_dropped_is_never_lost() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        // Tasks are spawned but never run: the tracker counts the aborts.
        let _entered = runtime.enter();
        let client = Newtera::builder("http://127.0.0.1:9")
            .credentials("AKID", "SECRET")
            .region("us-east-1")
            .build()
            .expect("client");
        let init = "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key>\
            <UploadId>UP</UploadId></InitiateMultipartUploadResult>";
        let created = CreateMultipartUpload::decode(
            http::StatusCode::OK,
            &http::HeaderMap::new(),
            init.as_bytes(),
        )
        .expect("answer");
        let go = Arc::new(AtomicUsize::new(0));
        let (to_sender, senders) = std::sync::mpsc::channel::<(
            usize,
            tokio::sync::oneshot::Sender<Result<CreateMultipartUploadOutput>>,
        )>();
        let (reports, sent) = std::sync::mpsc::channel::<bool>();
        let sender = {
            let go = go.clone();
            std::thread::spawn(move || {
                for (round, tx) in senders {
                    while go.load(Ordering::Acquire) != round {
                        std::hint::spin_loop();
                    }
                    let _ = reports.send(tx.send(Ok(created.clone())).is_ok());
                }
            })
        };
        let mut lost = 0;
        for round in 1..=100_000usize {
            let (tx, rx) = tokio::sync::oneshot::channel();
            let answer = Answer {
                rx,
                client: client.clone(),
                bucket: "b".into(),
                key: "k".into(),
            };
            let before = client.inner.cleanup.len();
            to_sender.send((round, tx)).expect("sender thread");
            go.store(round, Ordering::Release);
            for _ in 0..(round * 7919) % 397 {
                std::hint::spin_loop();
            }
            drop(answer);
            let delivered = sent.recv().expect("sender thread");
            let aborted = client.inner.cleanup.len() > before;
            if delivered && !aborted {
                lost += 1;
            }
        }
        drop(to_sender);
        sender.join().expect("sender thread");
        assert_eq!(lost, 0, "answers delivered and then dropped unaborted");
    }
}
