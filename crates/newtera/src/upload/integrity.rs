//! How upload payloads are protected where they are not signed with their
//! SHA-256: a CRC32C checksum header that the server verifies, with the
//! signature declaring `UNSIGNED-PAYLOAD`.
//!
//! Hashing a payload with SHA-256 for the signature costs about 0.5 CPU
//! seconds per GiB even with SHA instructions; CRC32C runs an order of
//! magnitude faster (see `docs/BENCHMARKS.md`). Over plain HTTP in-memory
//! payloads stay SHA-256-signed all the same: s3s-fs answers a CRC32C
//! mismatch on PutObject with an error but keeps the corrupted object,
//! while a signed payload is refused before anything is stored. File
//! parts always use CRC32C: they are streamed from the file (memory stays
//! one read buffer per part in flight), and a refused part aborts the
//! whole multipart upload, so nothing corrupted is ever completed.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::sync::Arc;

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

fn encode(crc: u32) -> Checksum {
    Checksum {
        algorithm: ChecksumAlgorithm::Crc32c,
        value: base64::engine::general_purpose::STANDARD.encode(crc.to_be_bytes()),
    }
}

/// The bytes read per step when checksumming a file range: the range
/// itself is then streamed from the file, so a part never sits whole in
/// memory.
const FILE_STEP: usize = 1 << 20;

/// The CRC32C of `len` bytes of `file` at `offset`, read on the blocking
/// pool through one small buffer.
pub(crate) async fn crc32c_of_file(file: Arc<File>, offset: u64, len: u64) -> Result<Checksum> {
    tokio::task::spawn_blocking(move || {
        let mut buf = vec![0u8; FILE_STEP.min(usize::try_from(len).unwrap_or(FILE_STEP))];
        let (mut crc, mut done) = (0u32, 0u64);
        while done < len {
            let step = buf
                .len()
                .min(usize::try_from(len - done).unwrap_or(buf.len()));
            file.read_exact_at(&mut buf[..step], offset + done)?;
            crc = crc32c::crc32c_append(crc, &buf[..step]);
            done += step as u64;
        }
        Ok(encode(crc))
    })
    .await
    .map_err(|e| Error::Io(std::io::Error::other(e)))?
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
        let from_file = crc32c_of_file(Arc::new(file), offset, len)
            .await
            .expect("crc");
        let range = Bytes::copy_from_slice(&data[offset as usize..(offset + len) as usize]);
        assert_eq!(from_file, crc32c(&range));
        assert_ne!(
            from_file,
            crc32c(&Bytes::copy_from_slice(&data[..len as usize]))
        );
    }
}
