//! S3 additional checksums: `x-amz-checksum-*` values, one-shot,
//! incremental, and the two multipart forms.
//!
//! S3 carries a checksum as the base64 of its big-endian bytes, in the
//! `x-amz-checksum-{crc32,crc32c,crc64nvme,sha1,sha256}` header or aws-chunked
//! trailer (Amazon S3 User Guide, "Checking object integrity"). For a
//! multipart upload it reports one of two forms:
//!
//! - **composite** ([`composite`]): the checksum of the concatenated part
//!   checksums, followed by `-N` (N parts), e.g. `"VGhpcyBpcyBhIHRlc3Q=-3"`;
//!   every algorithm has it.
//! - **full object** ([`full_object`]): the CRC of the whole object,
//!   combined from the parts' CRCs and lengths; CRC algorithms only (and
//!   the only form CRC64NVME has).
//!
//! CRC32, CRC32C, CRC64NVME and SHA-1 need the default `checksums`
//! feature; SHA-256 is always available (signing needs it).

#[cfg(feature = "checksums")]
mod combine;
mod value;

pub use value::{Checksum, ChecksumAlgorithm, Checksummer};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::error::{Error, Result};

/// The composite checksum of a multipart upload: the `algorithm` checksum
/// of the parts' raw checksums concatenated in part order, base64, then
/// `-N` with N the number of parts.
///
/// Errors: [`Error::InvalidChecksum`] when `parts` is empty, holds more
/// than 10 000 parts (S3's limit) or mixes algorithms.
///
/// ```
/// use newtera_sign::checksum::{composite, ChecksumAlgorithm};
/// let parts = [
///     ChecksumAlgorithm::Sha256.checksum(b"part one"),
///     ChecksumAlgorithm::Sha256.checksum(b"part two"),
/// ];
/// assert!(composite(&parts)?.ends_with("-2"));
/// # Ok::<(), newtera_sign::Error>(())
/// ```
pub fn composite(parts: &[Checksum]) -> Result<String> {
    let algorithm = same_algorithm(parts)?;
    let mut hasher = algorithm.hasher();
    for part in parts {
        hasher.update(part.as_bytes());
    }
    Ok(format!("{}-{}", hasher.finalize().to_base64(), parts.len()))
}

/// The full-object checksum of a multipart upload: the CRC of the whole
/// object, combined from each part's CRC and length in bytes, in part order.
///
/// Errors: [`Error::InvalidChecksum`] when `parts` is empty, holds more
/// than 10 000 parts, mixes algorithms, or the algorithm is not a CRC
/// (SHA-1 and SHA-256 have no full-object form in S3).
///
/// ```
/// use newtera_sign::checksum::{full_object, ChecksumAlgorithm};
/// let crc = ChecksumAlgorithm::Crc64Nvme;
/// let parts = [(crc.checksum(b"hello "), 6), (crc.checksum(b"world"), 5)];
/// assert_eq!(full_object(&parts)?, crc.checksum(b"hello world"));
/// # Ok::<(), newtera_sign::Error>(())
/// ```
#[cfg(feature = "checksums")]
pub fn full_object(parts: &[(Checksum, u64)]) -> Result<Checksum> {
    let checksums: Vec<Checksum> = parts.iter().map(|(c, _)| c.clone()).collect();
    let algorithm = same_algorithm(&checksums)?;
    let poly = algorithm.crc_poly().ok_or(Error::InvalidChecksum {
        reason: "full-object checksums exist only for CRC32, CRC32C and CRC64NVME",
    })?;
    let mut total = 0;
    for (i, (part, len)) in parts.iter().enumerate() {
        let crc = part.crc_value().unwrap_or_default();
        total = if i == 0 {
            crc
        } else {
            poly.combine(total, crc, *len)
        };
    }
    Ok(Checksum::from_crc(algorithm, total))
}

/// The most parts a multipart upload has (S3 quotas).
const MAX_PARTS: usize = 10_000;

fn same_algorithm(parts: &[Checksum]) -> Result<ChecksumAlgorithm> {
    let invalid = |reason| Err(Error::InvalidChecksum { reason });
    let Some(first) = parts.first() else {
        return invalid("a multipart checksum needs at least one part");
    };
    if parts.len() > MAX_PARTS {
        return invalid("more than 10 000 parts");
    }
    if parts.iter().any(|p| p.algorithm() != first.algorithm()) {
        return invalid("the parts use different algorithms");
    }
    Ok(first.algorithm())
}

/// Raw SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::Digest as _;
    sha2::Sha256::digest(data).into()
}

/// Base64 SHA-256 of `data`, the `x-amz-checksum-sha256` form (the
/// payload hash of signing, `x-amz-content-sha256`, is hex instead:
/// [`sha256_hex`](crate::sha256_hex)).
pub fn sha256_base64(data: &[u8]) -> String {
    STANDARD.encode(sha256(data))
}
