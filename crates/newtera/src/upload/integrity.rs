//! How upload payloads are protected where they are not signed with their
//! SHA-256: a CRC32C checksum header that the server verifies, with the
//! signature declaring `UNSIGNED-PAYLOAD`.
//!
//! Hashing a payload with SHA-256 for the signature costs about 0.5 CPU
//! seconds per GiB even with SHA instructions; CRC32C runs an order of
//! magnitude faster (see `docs/BENCHMARKS.md`). But a checksum only
//! protects where the server checks it, and not every server does
//! (s3s-fs ignores the checksum of an UploadPart, and keeps a PutObject
//! whose checksum it refused). So:
//!
//! - over HTTPS, TLS guards the bytes in flight and every payload carries
//!   a CRC32C with `UNSIGNED-PAYLOAD` (the end-to-end check is cheap);
//! - over plain HTTP a single PUT is signed with its SHA-256, refused
//!   before anything is stored by every server;
//! - over plain HTTP multipart parts carry a CRC32C *and* a signed SHA-256
//!   until the server has shown that it checks part checksums (it echoes
//!   the CRC32C it computed in the UploadPart answer); from then on, for
//!   the life of the client, parts carry only the CRC32C
//!   ([`PartChecksums`]). A part the server refuses is never completed
//!   into an object: the upload fails and is aborted.
//!
//! File parts are streamed from the file (memory stays one read buffer
//! per part in flight) after a pre-pass that computes their digests.

use std::fs::File;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

use base64::Engine as _;
use bytes::Bytes;
use newtera_proto::RequestParts;
use newtera_proto::types::{Checksum, ChecksumAlgorithm};

use crate::error::{Error, Result};

/// The `x-amz-checksum-crc32c` value of `data`: base64 of the big-endian
/// CRC.
pub(crate) fn crc32c(data: &Bytes) -> Checksum {
    encode(crc32c::crc32c(data))
}

/// The `x-amz-checksum-crc32c` value of a CRC computed elsewhere.
pub(crate) fn crc32c_value(crc: u32) -> Checksum {
    encode(crc)
}

fn encode(crc: u32) -> Checksum {
    Checksum {
        algorithm: ChecksumAlgorithm::Crc32c,
        value: base64::engine::general_purpose::STANDARD.encode(crc.to_be_bytes()),
    }
}

/// Whether the server is known to check the CRC32C of an uploaded part,
/// learned from its first UploadPart answer and kept for the client's life.
#[derive(Debug, Default)]
pub(crate) struct PartChecksums(AtomicU8);

const UNKNOWN: u8 = 0;
const CHECKED: u8 = 1;
const IGNORED: u8 = 2;

impl PartChecksums {
    /// The server has echoed a part's CRC32C: it computes and checks them.
    pub(crate) fn checked(&self) -> bool {
        self.0.load(Ordering::Relaxed) == CHECKED
    }

    /// Records what one UploadPart answer showed, unless already known.
    pub(crate) fn learn(&self, echoed: bool) {
        let state = if echoed { CHECKED } else { IGNORED };
        let _ = self
            .0
            .compare_exchange(UNKNOWN, state, Ordering::Relaxed, Ordering::Relaxed);
    }
}

/// Compares the checksum a server returned for an upload with the one
/// sent. `Ok(true)`: echoed and equal; `Ok(false)`: not returned.
pub(crate) fn echoed(sent: &Checksum, returned: &[Checksum]) -> Result<bool> {
    match returned.iter().find(|c| c.algorithm == sent.algorithm) {
        None => Ok(false),
        Some(c) if c.value == sent.value => Ok(true),
        Some(c) => Err(Error::Integrity(format!(
            "the server computed {} {} for an upload sent as {}",
            sent.algorithm.header_name(),
            c.value,
            sent.value
        ))),
    }
}

/// The bytes read per step when checksumming a file range: the range
/// itself is then streamed from the file, so a part never sits whole in
/// memory.
const FILE_STEP: usize = 1 << 20;

/// The CRC32C of `len` bytes of `file` at `offset` and, when `sha256`,
/// their SHA-256 in hex too (one read for both), read on the blocking pool
/// through one small buffer.
pub(crate) async fn digest_file(
    file: Arc<File>,
    offset: u64,
    len: u64,
    sha256: bool,
) -> Result<(Checksum, Option<String>)> {
    use sha2::Digest as _;
    tokio::task::spawn_blocking(move || {
        let mut buf = vec![0u8; FILE_STEP.min(usize::try_from(len).unwrap_or(FILE_STEP))];
        let (mut crc, mut done) = (0u32, 0u64);
        let mut hasher = sha256.then(sha2::Sha256::new);
        while done < len {
            let step = buf
                .len()
                .min(usize::try_from(len - done).unwrap_or(buf.len()));
            let chunk = buf.get_mut(..step).unwrap_or_default();
            newtera_transport::fs::read_exact_at(&file, chunk, offset + done)?;
            crc = crc32c::crc32c_append(crc, chunk);
            if let Some(h) = &mut hasher {
                h.update(&*chunk);
            }
            done += step as u64;
        }
        Ok((encode(crc), hasher.map(|h| hex::encode(h.finalize()))))
    })
    .await
    .map_err(|e| Error::Io(std::io::Error::other(e)))?
}

/// Signs the body with a SHA-256 computed here (a file body the transport
/// cannot hash).
pub(crate) fn signed_payload(parts: &mut RequestParts, sha256_hex: &str) -> Result<()> {
    parts
        .set_header("x-amz-content-sha256", sha256_hex)
        .map_err(Error::from_encode)
}

/// Tells the signing layer not to hash the body: the checksum header
/// covers it, and the signature still covers that header.
pub(crate) fn unsigned_payload(parts: &mut RequestParts) -> Result<()> {
    parts
        .set_header("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
        .map_err(Error::from_encode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_answer_decides_what_the_server_checks() {
        let learned = PartChecksums::default();
        assert!(!learned.checked());
        learned.learn(true);
        learned.learn(false);
        assert!(learned.checked(), "the first answer is kept");
        let ignored = PartChecksums::default();
        ignored.learn(false);
        ignored.learn(true);
        assert!(!ignored.checked());
    }

    #[test]
    fn a_different_echoed_checksum_is_an_integrity_error() {
        let sent = crc32c(&Bytes::from_static(b"abc"));
        assert!(!echoed(&sent, &[]).expect("absent"));
        assert!(echoed(&sent, std::slice::from_ref(&sent)).expect("equal"));
        let other = crc32c(&Bytes::from_static(b"abd"));
        assert!(matches!(echoed(&sent, &[other]), Err(Error::Integrity(_))));
    }

    #[test]
    fn crc32c_is_base64_of_the_big_endian_value() {
        // CRC32C("123456789") = 0xE3069283, the algorithm's check value.
        let c = crc32c(&Bytes::from_static(b"123456789"));
        assert_eq!(c.value, "4waSgw==");
        assert_eq!(c.algorithm, ChecksumAlgorithm::Crc32c);
    }

    #[tokio::test]
    async fn a_file_range_checksums_like_the_same_bytes_in_memory() {
        let data: Vec<u8> = (0..(3 * FILE_STEP + 17)).map(|i| (i % 251) as u8).collect();
        let mut file = tempfile::tempfile().expect("temp file");
        std::io::Write::write_all(&mut file, &data).expect("write");
        let (offset, len) = (5u64, (2 * FILE_STEP + 3) as u64);
        let (from_file, sha) = digest_file(Arc::new(file), offset, len, true)
            .await
            .expect("crc");
        let range = Bytes::copy_from_slice(&data[offset as usize..(offset + len) as usize]);
        assert_eq!(from_file, crc32c(&range));
        use sha2::Digest as _;
        assert_eq!(sha, Some(hex::encode(sha2::Sha256::digest(&range))));
        assert_ne!(
            from_file,
            crc32c(&Bytes::copy_from_slice(&data[..len as usize]))
        );
    }
}
