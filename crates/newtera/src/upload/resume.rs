//! Resuming a multipart upload the server kept: finding it, checking that
//! its layout fits the local data, and verifying every stored part against
//! the local bytes before reusing it.
//!
//! A stored part is reused only when its bytes are shown to be the local
//! ones: its ETag is the MD5 of its bytes for an unencrypted upload (what
//! AWS S3, Ceph RGW and Garage store), and a CRC32C the server lists for
//! it (`ChecksumCRC32C`, S3 API reference, ListParts) must match too. A
//! part with neither is sent again. s3s-fs lists parts without ETags; the
//! ETags its UploadPart answers gave (kept in [`crate::UploadKept`]) stand
//! in for them there.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use bytes::Bytes;
use futures_util::stream::{self, StreamExt, TryStreamExt};
use newtera_proto::op::multipart::ListParts;
use newtera_proto::types::{ChecksumAlgorithm, CompletedPart, Part};

use crate::client::{Newtera, SendOptions};
use crate::config::{MAX_PART_SIZE, MAX_PARTS, MIN_PART_SIZE};
use crate::error::{Error, Result};
use crate::types::StoredPart;
use crate::upload::integrity;
use crate::upload::multipart::{PartBody, PartSource, plan};

/// Local data that can be read again by offset: what a resumed upload
/// compares stored parts with, and sends the missing parts from.
#[derive(Clone)]
pub(crate) enum Local {
    Memory(Bytes),
    File(Arc<std::fs::File>),
}

impl Local {
    fn source(&self, offset: u64, len: u64) -> PartSource {
        match self {
            // Offsets come from `plan` over the data's own length.
            Self::Memory(b) => {
                PartSource::Memory(b.slice(offset as usize..(offset + len) as usize))
            }
            Self::File(file) => PartSource::File {
                file: file.clone(),
                offset,
                len,
            },
        }
    }

    /// The parts of `len` bytes cut at `part_size`, except `skip`.
    pub(crate) fn parts(
        &self,
        len: u64,
        part_size: u64,
        skip: &[u32],
    ) -> impl futures_core::Stream<Item = Result<PartBody>> + Send + use<> {
        let skip: HashSet<u32> = skip.iter().copied().collect();
        let parts: Vec<_> = plan(len, part_size)
            .filter(|(number, _, _)| !skip.contains(number))
            .map(|(number, offset, len)| {
                Ok(PartBody {
                    number,
                    body: self.source(offset, len),
                })
            })
            .collect();
        stream::iter(parts)
    }

    /// The MD5 (hex) and CRC32C of a range, on the blocking pool.
    async fn digest(
        &self,
        offset: u64,
        len: u64,
    ) -> Result<(String, newtera_proto::types::Checksum)> {
        let local = self.clone();
        tokio::task::spawn_blocking(move || {
            use md5::Digest as _;
            let mut md5 = md5::Md5::new();
            let mut crc = 0u32;
            match local.source(offset, len) {
                PartSource::Memory(b) => {
                    md5.update(&b);
                    crc = crc32c::crc32c_append(crc, &b);
                }
                PartSource::File { file, offset, len } => {
                    let mut buf =
                        vec![0u8; (1usize << 20).min(usize::try_from(len).unwrap_or(1 << 20))];
                    let mut done = 0u64;
                    while done < len {
                        let step = buf
                            .len()
                            .min(usize::try_from(len - done).unwrap_or(buf.len()));
                        let chunk = buf.get_mut(..step).unwrap_or_default();
                        newtera_transport::fs::read_exact_at(&file, chunk, offset + done)?;
                        md5.update(&*chunk);
                        crc = crc32c::crc32c_append(crc, chunk);
                        done += step as u64;
                    }
                }
            }
            Ok((hex::encode(md5.finalize()), integrity::crc32c_value(crc)))
        })
        .await
        .map_err(|e| Error::Io(std::io::Error::other(e)))?
    }
}

/// An upload found to resume: its id, its part size, and the parts that
/// passed verification (with their sizes).
pub(crate) struct Found {
    pub(crate) upload_id: String,
    pub(crate) part_size: u64,
    pub(crate) reused: Vec<(CompletedPart, u64)>,
    /// The reused part numbers, the most recently stored first: the parts
    /// in flight when the earlier attempt stopped were stored last, and
    /// one of them is what a completion may refuse (see
    /// `Upload::finish_resumed`).
    pub(crate) newest_first: Vec<u32>,
}

/// What a resumable upload knows before it starts.
pub(crate) struct Resume<'a> {
    pub(crate) client: &'a Newtera,
    pub(crate) bucket: &'a str,
    pub(crate) key: &'a str,
    /// An upload id the caller kept, else `None` (found by listing).
    pub(crate) upload_id: Option<String>,
    /// Part ETags an earlier attempt was given, by part number.
    pub(crate) remembered: &'a [StoredPart],
    pub(crate) preferred_part_size: u64,
    /// Whether parts carry a CRC32C (reused parts then name theirs).
    pub(crate) checksums: bool,
    pub(crate) parallelism: usize,
}

impl Resume<'_> {
    /// The kept upload to continue, verified against `local` (`len`
    /// bytes), or `None` to start a new one. An upload of this object
    /// whose parts do not fit the data is aborted: it can never become
    /// this object (so is one that holds no part).
    pub(crate) async fn find(&self, local: &Local, len: u64) -> Result<Option<Found>> {
        for upload_id in self.candidates().await? {
            let mut listed = match self.list_parts(&upload_id).await {
                Ok(parts) => parts,
                Err(e) if e.is_not_found() => {
                    tracing::info!(key = %self.key, %upload_id, "the upload to resume is gone; starting a new one");
                    continue;
                }
                Err(e) => return Err(e),
            };
            self.fill_etags(&mut listed);
            // An upload without parts saves nothing; s3s-fs also lists a
            // gone upload as one without parts. Either way a new one is
            // started, and the old one aborted.
            let fits = fit(&listed, len, self.preferred_part_size).filter(|_| !listed.is_empty());
            let Some(part_size) = fits else {
                tracing::info!(key = %self.key, %upload_id, "the kept upload holds no part that fits the data; aborting it");
                // Best effort: the upload may be gone already (s3s-fs then
                // answers AccessDenied); the new upload goes on either way.
                if let Err(e) = self
                    .client
                    .abort_upload(self.bucket, self.key, &upload_id)
                    .await
                {
                    tracing::warn!(key = %self.key, %upload_id, error = %e, "could not abort an upload that cannot be resumed");
                }
                continue;
            };
            let reused = self.verify(local, &listed, len, part_size).await?;
            let newest_first = newest_first(&listed, &reused);
            return Ok(Some(Found {
                upload_id,
                part_size,
                reused,
                newest_first,
            }));
        }
        Ok(None)
    }

    /// The caller's upload id, or this object's unfinished uploads, newest
    /// first. A server without ListMultipartUploads (s3s-fs) gives none:
    /// only a kept upload id resumes there.
    async fn candidates(&self) -> Result<Vec<String>> {
        if let Some(id) = &self.upload_id {
            return Ok(vec![id.clone()]);
        }
        let listed: Result<Vec<_>> = self
            .client
            .list_incomplete_uploads(self.bucket)
            .prefix(self.key)
            .into_stream()
            .try_collect()
            .await;
        let mut uploads: Vec<_> = match listed {
            Ok(uploads) => uploads
                .into_iter()
                .filter(|u| u.object_name == self.key)
                .collect(),
            Err(e) if e.code() == Some("NotImplemented") => {
                tracing::info!(bucket = %self.bucket, "the server cannot list uploads; pass a kept upload id to resume");
                Vec::new()
            }
            Err(e) => return Err(e),
        };
        uploads.sort_by_key(|u| std::cmp::Reverse(u.initiated));
        Ok(uploads.into_iter().map(|u| u.upload_id).collect())
    }

    /// Every part of the upload (ListParts, page by page).
    async fn list_parts(&self, upload_id: &str) -> Result<Vec<Part>> {
        let mut parts = Vec::new();
        let mut marker = None;
        loop {
            let op = ListParts {
                bucket: self.bucket.to_owned(),
                key: self.key.to_owned(),
                upload_id: upload_id.to_owned(),
                max_parts: None,
                part_number_marker: marker,
            };
            let page = self.client.execute(&op, SendOptions::default()).await?;
            parts.extend(page.parts);
            if !page.is_truncated {
                break;
            }
            let next = page
                .next_part_number_marker
                .or_else(|| parts.last().map(|p| u64::from(p.part_number)))
                .and_then(|n| u32::try_from(n).ok());
            if next.is_none() || next <= marker || parts.len() as u64 > MAX_PARTS {
                return Err(Error::malformed(
                    "ListParts is truncated without a next part number marker that moves on",
                ));
            }
            marker = next;
        }
        Ok(parts)
    }

    /// Parts listed without an ETag take the one an earlier attempt was
    /// given for the same number and size.
    fn fill_etags(&self, listed: &mut [Part]) {
        let known: HashMap<u32, &StoredPart> =
            self.remembered.iter().map(|p| (p.part_number, p)).collect();
        for part in listed.iter_mut().filter(|p| p.etag.is_empty()) {
            if let Some(k) = known.get(&part.part_number).filter(|k| k.size == part.size) {
                part.etag = k.etag.clone();
            }
        }
    }

    /// The listed parts whose bytes are the local ones, each listed once.
    async fn verify(
        &self,
        local: &Local,
        listed: &[Part],
        len: u64,
        part_size: u64,
    ) -> Result<Vec<(CompletedPart, u64)>> {
        let ranges: HashMap<u32, (u64, u64)> = plan(len, part_size)
            .map(|(n, offset, len)| (n, (offset, len)))
            .collect();
        // A number listed more than once is sent again: which copy the
        // completion would take is unknown.
        let mut listings: HashMap<u32, usize> = HashMap::new();
        for part in listed {
            *listings.entry(part.part_number).or_default() += 1;
        }
        type Check<'a> = futures_util::future::BoxFuture<'a, Result<Option<(CompletedPart, u64)>>>;
        // Collected first: a lazy `map` closure held across the awaits below
        // trips the compiler's lifetime inference for `Send` futures.
        let checks: Vec<Check<'_>> = listed.iter().filter_map(|part| {
            listings.get(&part.part_number).filter(|&&n| n == 1)?;
            let (offset, size) = *ranges.get(&part.part_number)?;
            let checksums = self.checksums;
            let key = self.key;
            Some(Box::pin(async move {
                let (md5, crc) = local.digest(offset, size).await?;
                let same = matches_local(part, &md5, &crc);
                if !same {
                    tracing::info!(%key, part = part.part_number, "a stored part differs from the local data; sending it again");
                }
                let mut completed = CompletedPart::new(part.part_number, part.etag.clone());
                if checksums {
                    completed.checksums.push(crc);
                }
                Ok::<_, Error>(same.then_some((completed, size)))
            }) as Check<'_>)
        }).collect();
        let verified: Vec<Option<(CompletedPart, u64)>> = stream::iter(checks)
            .buffer_unordered(self.parallelism.max(1))
            .try_collect()
            .await?;
        Ok(verified.into_iter().flatten().collect())
    }
}

/// The numbers of the `reused` parts, ordered by the time `listed` says
/// each was stored, newest first (a part without a time counts as newest).
fn newest_first(listed: &[Part], reused: &[(CompletedPart, u64)]) -> Vec<u32> {
    let reused: HashSet<u32> = reused.iter().map(|(r, _)| r.part_number).collect();
    let mut aged: Vec<_> = listed
        .iter()
        .filter(|p| reused.contains(&p.part_number))
        .map(|p| (p.last_modified.is_none(), p.last_modified, p.part_number))
        .collect();
    aged.sort_unstable_by(|a, b| b.cmp(a));
    aged.dedup_by_key(|a| a.2);
    aged.into_iter().map(|(_, _, number)| number).collect()
}

/// Whether a stored part is shown to hold the local bytes: every proof the
/// server gives (an MD5 ETag, a CRC32C) matches, and there is at least one.
fn matches_local(part: &Part, md5_hex: &str, crc: &newtera_proto::types::Checksum) -> bool {
    let etag = part.etag.trim().trim_matches('"');
    let etag_check = (etag.len() == 32 && etag.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| etag.eq_ignore_ascii_case(md5_hex));
    let crc_check = part
        .checksums
        .iter()
        .find(|c| c.algorithm == ChecksumAlgorithm::Crc32c)
        .map(|c| c.value == crc.value);
    let proofs = [etag_check, crc_check];
    proofs.iter().any(Option::is_some) && !proofs.contains(&Some(false))
}

/// The part size that cuts `len` bytes into the listed parts (each part
/// number in range, each of its planned size), trying the size these
/// settings would choose, then the largest listed part; `None` when the
/// upload was made for other data or another layout.
fn fit(listed: &[Part], len: u64, preferred: u64) -> Option<u64> {
    let largest = listed.iter().map(|p| p.size).max().unwrap_or(preferred);
    [preferred, largest].into_iter().find(|&size| {
        (MIN_PART_SIZE..=MAX_PART_SIZE).contains(&size)
            && len.div_ceil(size) <= MAX_PARTS
            && listed.iter().all(|p| {
                let count = len.div_ceil(size).max(1);
                let number = u64::from(p.part_number);
                number >= 1 && number <= count && p.size == size.min(len - (number - 1) * size)
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A listed part, decoded as ListParts answers it (proto's `Part` is
    /// an output type: only its decoder makes one).
    fn part(number: u32, size: u64) -> Part {
        use newtera_proto::op::Operation;
        let xml = format!(
            "<ListPartsResult><Part><PartNumber>{number}</PartNumber>\
             <Size>{size}</Size></Part></ListPartsResult>"
        );
        let listed = ListParts::decode(
            http::StatusCode::OK,
            &http::HeaderMap::new(),
            xml.as_bytes(),
        )
        .expect("a ListPartsResult");
        listed.parts.into_iter().next().expect("one part")
    }

    const MIB: u64 = 1 << 20;

    #[test]
    fn the_layout_of_the_kept_upload_decides_the_part_size() {
        // 20 MiB in 8 MiB parts: 8, 8, 4.
        let listed = [part(1, 8 * MIB), part(3, 4 * MIB)];
        assert_eq!(fit(&listed, 20 * MIB, 8 * MIB), Some(8 * MIB));
        // Kept with 16 MiB parts, resumed with 8 MiB settings: 16 wins.
        assert_eq!(fit(&[part(1, 16 * MIB)], 20 * MIB, 8 * MIB), Some(16 * MIB));
        // Another size of data: the last part does not fit.
        assert_eq!(fit(&listed, 21 * MIB, 8 * MIB), None);
        // A part beyond the end, or of a size no plan makes.
        assert_eq!(fit(&[part(4, 8 * MIB)], 20 * MIB, 8 * MIB), None);
        assert_eq!(fit(&[part(1, 7 * MIB)], 20 * MIB, 8 * MIB), Some(7 * MIB));
        let uneven = [part(1, 7 * MIB), part(3, 7 * MIB)]; // 7, 7, 6
        assert_eq!(fit(&uneven, 20 * MIB, 8 * MIB), None);
        assert_eq!(fit(&[], 20 * MIB, 8 * MIB), Some(8 * MIB));
    }

    #[test]
    fn a_part_is_reused_only_when_every_proof_matches() {
        let crc = integrity::crc32c(&Bytes::from_static(b"abc"));
        let md5 = "900150983cd24fb0d6963f7d28e17f72"; // MD5("abc")
        let mut p = part(1, 3);
        assert!(!matches_local(&p, md5, &crc), "no proof: sent again");
        p.etag = format!("\"{md5}\"");
        assert!(matches_local(&p, md5, &crc));
        p.checksums
            .push(integrity::crc32c(&Bytes::from_static(b"abd")));
        assert!(!matches_local(&p, md5, &crc), "a CRC32C that differs");
        p.checksums = vec![crc.clone()];
        p.etag = "\"00000000000000000000000000000000\"".into();
        assert!(!matches_local(&p, md5, &crc), "an MD5 that differs");
        p.etag = "\"opaque-sse-tag\"".into();
        assert!(matches_local(&p, md5, &crc), "the CRC32C alone proves it");
    }
}
