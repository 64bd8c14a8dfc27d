//! Checksum algorithms, incremental checksummers and checksum values.

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::Digest as _;

#[cfg(feature = "checksums")]
use super::combine::{self, Poly};
use crate::error::{Error, Result};

/// An S3 additional-checksum algorithm.
///
/// All but [`Sha256`](Self::Sha256) need the default `checksums` feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChecksumAlgorithm {
    /// CRC32 (CRC-32/ISO-HDLC, as zlib), 4 bytes.
    #[cfg(feature = "checksums")]
    Crc32,
    /// CRC32C (CRC-32/ISCSI, Castagnoli), 4 bytes.
    #[cfg(feature = "checksums")]
    Crc32c,
    /// CRC64NVME (CRC-64/NVME), 8 bytes.
    #[cfg(feature = "checksums")]
    Crc64Nvme,
    /// SHA-1, 20 bytes.
    #[cfg(feature = "checksums")]
    Sha1,
    /// SHA-256, 32 bytes.
    Sha256,
}

impl ChecksumAlgorithm {
    /// Every algorithm this build supports.
    pub const ALL: &'static [Self] = &[
        #[cfg(feature = "checksums")]
        Self::Crc32,
        #[cfg(feature = "checksums")]
        Self::Crc32c,
        #[cfg(feature = "checksums")]
        Self::Crc64Nvme,
        #[cfg(feature = "checksums")]
        Self::Sha1,
        Self::Sha256,
    ];

    /// The name S3 uses in `x-amz-checksum-algorithm` and
    /// `x-amz-sdk-checksum-algorithm`: `CRC32`, `CRC32C`, `CRC64NVME`,
    /// `SHA1`, `SHA256`.
    pub fn name(self) -> &'static str {
        match self {
            #[cfg(feature = "checksums")]
            Self::Crc32 => "CRC32",
            #[cfg(feature = "checksums")]
            Self::Crc32c => "CRC32C",
            #[cfg(feature = "checksums")]
            Self::Crc64Nvme => "CRC64NVME",
            #[cfg(feature = "checksums")]
            Self::Sha1 => "SHA1",
            Self::Sha256 => "SHA256",
        }
    }

    /// The header (or trailer) carrying the value, e.g. `x-amz-checksum-crc32c`.
    pub fn header_name(self) -> &'static str {
        match self {
            #[cfg(feature = "checksums")]
            Self::Crc32 => "x-amz-checksum-crc32",
            #[cfg(feature = "checksums")]
            Self::Crc32c => "x-amz-checksum-crc32c",
            #[cfg(feature = "checksums")]
            Self::Crc64Nvme => "x-amz-checksum-crc64nvme",
            #[cfg(feature = "checksums")]
            Self::Sha1 => "x-amz-checksum-sha1",
            Self::Sha256 => "x-amz-checksum-sha256",
        }
    }

    /// The length of a value in bytes: 4, 4, 8, 20 or 32.
    pub fn digest_len(self) -> usize {
        match self {
            #[cfg(feature = "checksums")]
            Self::Crc32 | Self::Crc32c => 4,
            #[cfg(feature = "checksums")]
            Self::Crc64Nvme => 8,
            #[cfg(feature = "checksums")]
            Self::Sha1 => 20,
            Self::Sha256 => 32,
        }
    }

    /// A fresh incremental checksummer.
    pub fn hasher(self) -> Checksummer {
        Checksummer::new(self)
    }

    /// The checksum of `data` in one call.
    ///
    /// ```
    /// use newtera_sign::checksum::ChecksumAlgorithm;
    /// assert_eq!(ChecksumAlgorithm::Sha256.checksum(b"").to_base64(),
    ///     "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    /// ```
    pub fn checksum(self, data: &[u8]) -> Checksum {
        let mut hasher = self.hasher();
        hasher.update(data);
        hasher.finalize()
    }

    #[cfg(feature = "checksums")]
    pub(crate) fn crc_poly(self) -> Option<Poly> {
        match self {
            Self::Crc32 => Some(combine::CRC32),
            Self::Crc32c => Some(combine::CRC32C),
            Self::Crc64Nvme => Some(combine::CRC64_NVME),
            Self::Sha1 | Self::Sha256 => None,
        }
    }
}

impl FromStr for ChecksumAlgorithm {
    type Err = Error;

    /// Parses a [`name`](Self::name) or a header name, in any case.
    fn from_str(s: &str) -> Result<Self> {
        let matches =
            |a: &&Self| s.eq_ignore_ascii_case(a.name()) || s.eq_ignore_ascii_case(a.header_name());
        Self::ALL
            .iter()
            .find(matches)
            .copied()
            .ok_or_else(|| Error::UnknownChecksumAlgorithm { name: s.to_owned() })
    }
}

impl fmt::Display for ChecksumAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An incremental checksum: feed bytes with [`update`](Self::update) in
/// any split, then [`finalize`](Self::finalize).
///
/// ```
/// use newtera_sign::checksum::ChecksumAlgorithm;
/// let mut h = ChecksumAlgorithm::Sha256.hasher();
/// h.update(b"hello ");
/// h.update(b"world");
/// assert_eq!(h.finalize(), ChecksumAlgorithm::Sha256.checksum(b"hello world"));
/// ```
#[derive(Clone)]
pub struct Checksummer {
    state: State,
}

#[derive(Clone)]
enum State {
    #[cfg(feature = "checksums")]
    Crc32(crc32fast::Hasher),
    #[cfg(feature = "checksums")]
    Crc32c(u32),
    #[cfg(feature = "checksums")]
    Crc64Nvme(crc64fast_nvme::Digest),
    #[cfg(feature = "checksums")]
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
}

impl Checksummer {
    fn new(algorithm: ChecksumAlgorithm) -> Self {
        let state = match algorithm {
            #[cfg(feature = "checksums")]
            ChecksumAlgorithm::Crc32 => State::Crc32(crc32fast::Hasher::new()),
            #[cfg(feature = "checksums")]
            ChecksumAlgorithm::Crc32c => State::Crc32c(0),
            #[cfg(feature = "checksums")]
            ChecksumAlgorithm::Crc64Nvme => State::Crc64Nvme(crc64fast_nvme::Digest::new()),
            #[cfg(feature = "checksums")]
            ChecksumAlgorithm::Sha1 => State::Sha1(sha1::Sha1::new()),
            ChecksumAlgorithm::Sha256 => State::Sha256(sha2::Sha256::new()),
        };
        Self { state }
    }

    /// The algorithm.
    pub fn algorithm(&self) -> ChecksumAlgorithm {
        match self.state {
            #[cfg(feature = "checksums")]
            State::Crc32(_) => ChecksumAlgorithm::Crc32,
            #[cfg(feature = "checksums")]
            State::Crc32c(_) => ChecksumAlgorithm::Crc32c,
            #[cfg(feature = "checksums")]
            State::Crc64Nvme(_) => ChecksumAlgorithm::Crc64Nvme,
            #[cfg(feature = "checksums")]
            State::Sha1(_) => ChecksumAlgorithm::Sha1,
            State::Sha256(_) => ChecksumAlgorithm::Sha256,
        }
    }

    /// Feeds the next bytes.
    pub fn update(&mut self, data: &[u8]) {
        match &mut self.state {
            #[cfg(feature = "checksums")]
            State::Crc32(h) => h.update(data),
            #[cfg(feature = "checksums")]
            State::Crc32c(crc) => *crc = crc32c::crc32c_append(*crc, data),
            #[cfg(feature = "checksums")]
            State::Crc64Nvme(h) => h.write(data),
            #[cfg(feature = "checksums")]
            State::Sha1(h) => h.update(data),
            State::Sha256(h) => h.update(data),
        }
    }

    /// The checksum of every byte fed so far.
    pub fn finalize(self) -> Checksum {
        let algorithm = self.algorithm();
        let bytes = match self.state {
            #[cfg(feature = "checksums")]
            State::Crc32(h) => h.finalize().to_be_bytes().to_vec(),
            #[cfg(feature = "checksums")]
            State::Crc32c(crc) => crc.to_be_bytes().to_vec(),
            #[cfg(feature = "checksums")]
            State::Crc64Nvme(h) => h.sum64().to_be_bytes().to_vec(),
            #[cfg(feature = "checksums")]
            State::Sha1(h) => h.finalize().to_vec(),
            State::Sha256(h) => h.finalize().to_vec(),
        };
        Checksum { algorithm, bytes }
    }
}

impl fmt::Debug for Checksummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Checksummer")
            .field("algorithm", &self.algorithm())
            .finish_non_exhaustive()
    }
}

/// A checksum value: its algorithm and big-endian bytes. `Display` is the
/// base64 form S3 sends and expects.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Checksum {
    algorithm: ChecksumAlgorithm,
    bytes: Vec<u8>,
}

impl Checksum {
    /// Parses a base64 value as S3 sends it in `x-amz-checksum-*`.
    ///
    /// Errors: [`Error::InvalidChecksum`] when the text is not base64 or
    /// not [`digest_len`](ChecksumAlgorithm::digest_len) bytes long (a
    /// composite value with `-N` is not a single checksum).
    pub fn from_base64(algorithm: ChecksumAlgorithm, value: &str) -> Result<Self> {
        let bytes = STANDARD
            .decode(value.trim())
            .map_err(|_| Error::InvalidChecksum {
                reason: "the value is not base64",
            })?;
        if bytes.len() != algorithm.digest_len() {
            return Err(Error::InvalidChecksum {
                reason: "the value has the wrong length for its algorithm",
            });
        }
        Ok(Self { algorithm, bytes })
    }

    #[cfg(feature = "checksums")]
    pub(crate) fn from_crc(algorithm: ChecksumAlgorithm, crc: u64) -> Self {
        let bytes = crc.to_be_bytes();
        let start = bytes.len().saturating_sub(algorithm.digest_len());
        Self {
            algorithm,
            bytes: bytes.get(start..).unwrap_or_default().to_vec(),
        }
    }

    /// The algorithm.
    pub fn algorithm(&self) -> ChecksumAlgorithm {
        self.algorithm
    }

    /// The raw big-endian bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The base64 text of `x-amz-checksum-*`.
    pub fn to_base64(&self) -> String {
        STANDARD.encode(&self.bytes)
    }

    /// The header (or trailer) name and value, ready to send.
    pub fn header(&self) -> (&'static str, String) {
        (self.algorithm.header_name(), self.to_base64())
    }

    /// The CRC as an integer, for the CRC algorithms (`None` for SHA).
    pub fn crc_value(&self) -> Option<u64> {
        let fold = || {
            self.bytes
                .iter()
                .fold(0, |acc, &b| (acc << 8) | u64::from(b))
        };
        (self.bytes.len() <= 8).then(fold)
    }
}

impl fmt::Display for Checksum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_base64())
    }
}

impl fmt::Debug for Checksum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Checksum({} {})", self.algorithm, self.to_base64())
    }
}
