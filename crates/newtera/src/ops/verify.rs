//! Download integrity: a full-object checksum the server returns
//! (`x-amz-checksum-crc32c` or `-crc32`, asked for with
//! `x-amz-checksum-mode: ENABLED`) is checked as the body streams, and the
//! last chunk is held back until it matches, so a corrupted download ends
//! in [`Error::Integrity`] instead of bad data.
//!
//! Servers differ: s3s-fs returns the checksum an object was uploaded with
//! on whole-object GETs; AWS S3 does when the mode header is sent; ranged
//! GETs and composite (multipart, `-N`) checksums are never verifiable as a
//! whole and are skipped. SHA-1/SHA-256/CRC64NVME are not verified yet.

use std::pin::Pin;
use std::task::{Context, Poll};

use base64::Engine as _;
use bytes::Bytes;
use futures_core::Stream;
use newtera_proto::op::object::ObjectInfo;
use newtera_proto::types::{ChecksumAlgorithm, ChecksumType};

use crate::error::{Error, Result};

/// A running checksum.
#[derive(Debug, Clone, Copy)]
enum Hasher {
    Crc32c(u32),
    Crc32(u32),
}

impl Hasher {
    fn update(&mut self, chunk: &[u8]) {
        match self {
            Self::Crc32c(c) => *c = crc32c::crc32c_append(*c, chunk),
            Self::Crc32(c) => *c = crc32_append(*c, chunk),
        }
    }

    fn value(self) -> u32 {
        match self {
            Self::Crc32c(c) | Self::Crc32(c) => c,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Crc32c(_) => "CRC32C",
            Self::Crc32(_) => "CRC32",
        }
    }
}

/// What to check a body against.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Expected {
    hasher: Hasher,
    value: u32,
}

impl Expected {
    /// The full-object checksum in `info` that can be verified, if any.
    pub(crate) fn from_info(info: &ObjectInfo) -> Option<Self> {
        if info.checksum_type == Some(ChecksumType::Composite) {
            return None;
        }
        info.checksums.iter().find_map(|c| {
            let hasher = match c.algorithm {
                ChecksumAlgorithm::Crc32c => Hasher::Crc32c(0),
                ChecksumAlgorithm::Crc32 => Hasher::Crc32(0),
                _ => return None,
            };
            // A `-N` suffix marks a checksum of part checksums.
            let raw = base64::engine::general_purpose::STANDARD
                .decode(c.value.as_bytes())
                .ok()?;
            let value = u32::from_be_bytes(raw.try_into().ok()?);
            Some(Self { hasher, value })
        })
    }
}

type Inner = Pin<Box<dyn Stream<Item = Result<Bytes>> + Send>>;

/// A body stream that verifies `expected` and holds the last chunk back
/// until it does.
pub(crate) struct Verified {
    inner: Inner,
    expected: Expected,
    hasher: Hasher,
    held: Option<Bytes>,
    finished: bool,
}

impl Verified {
    pub(crate) fn new(inner: Inner, expected: Expected) -> Self {
        Self {
            inner,
            expected,
            hasher: expected.hasher,
            held: None,
            finished: false,
        }
    }

    fn verdict(&mut self) -> Option<Result<Bytes>> {
        self.finished = true;
        if self.hasher.value() == self.expected.value {
            return self.held.take().map(Ok);
        }
        self.held = None;
        Some(Err(Error::Integrity(format!(
            "{} of the downloaded body is {:08x}, the server's is {:08x}",
            self.hasher.name(),
            self.hasher.value(),
            self.expected.value
        ))))
    }
}

impl Stream for Verified {
    type Item = Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.finished {
            return Poll::Ready(None);
        }
        loop {
            match self.inner.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Err(e))) => {
                    self.finished = true;
                    return Poll::Ready(Some(Err(e)));
                }
                Poll::Ready(Some(Ok(chunk))) => {
                    self.hasher.update(&chunk);
                    if chunk.is_empty() {
                        continue;
                    }
                    if let Some(previous) = self.held.replace(chunk) {
                        return Poll::Ready(Some(Ok(previous)));
                    }
                }
                Poll::Ready(None) => return Poll::Ready(self.verdict()),
            }
        }
    }
}

/// CRC-32 (IEEE 802.3, reflected 0xEDB88320) continued over `data`.
#[allow(
    clippy::indexing_slicing,
    reason = "the index is masked to 0..=255, the table's length"
)]
fn crc32_append(crc: u32, data: &[u8]) -> u32 {
    let mut c = !crc;
    for &b in data {
        c = CRC32_TABLE[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

const CRC32_TABLE: [u32; 256] = crc32_table();

#[allow(
    clippy::indexing_slicing,
    reason = "i runs over 0..256, the table's length; a const fn cannot use iterators"
)]
const fn crc32_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::{StreamExt, stream};

    #[test]
    fn crc32_matches_the_check_value() {
        // The standard check value of CRC-32/ISO-HDLC.
        assert_eq!(crc32_append(0, b"123456789"), 0xCBF4_3926);
        assert_eq!(
            crc32_append(crc32_append(0, b"1234"), b"56789"),
            0xCBF4_3926
        );
    }

    async fn run(chunks: &[&'static [u8]], expected: u32) -> Vec<Result<Bytes>> {
        let inner: Inner = Box::pin(stream::iter(
            chunks
                .iter()
                .map(|c| Ok(Bytes::from_static(c)))
                .collect::<Vec<_>>(),
        ));
        let expected = Expected {
            hasher: Hasher::Crc32c(0),
            value: expected,
        };
        Verified::new(inner, expected).collect().await
    }

    #[tokio::test]
    async fn passes_a_matching_body_and_fails_a_corrupted_one() {
        let good = crc32c::crc32c(b"hello, world");
        let ok = run(&[b"hello", b", ", b"world"], good).await;
        let joined: Vec<u8> = ok
            .iter()
            .flat_map(|r| r.as_ref().unwrap().to_vec())
            .collect();
        assert_eq!(joined, b"hello, world");
        let bad = run(&[b"hello", b", ", b"w0rld"], good).await;
        assert!(matches!(bad.last(), Some(Err(Error::Integrity(_)))));
        // The corrupted last chunk is never handed out.
        assert!(
            bad.iter()
                .all(|r| r.as_ref().map_or(true, |b| b.as_ref() != b"w0rld"))
        );
    }
}
