//! Transfer settings: part sizes and how many requests run at once.

/// The smallest part S3 accepts (except the last).
pub const MIN_PART_SIZE: u64 = 5 << 20;
/// The largest part S3 accepts.
pub const MAX_PART_SIZE: u64 = 5 << 30;
/// The most parts an upload may have.
pub const MAX_PARTS: u64 = 10_000;
/// The largest object S3 stores.
pub const MAX_OBJECT_SIZE: u64 = 5 << 40;
/// Above this size an upload of known length uses multipart (the seed's rule).
pub const MULTIPART_THRESHOLD: u64 = 5 << 20;

/// How uploads and downloads are split and parallelised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TransferConfig {
    /// The part size to start from; grown when an object needs more than
    /// 10,000 parts.
    pub(crate) part_size: u64,
    /// Parts in flight per upload; memory for a stream upload is bounded by
    /// `parallelism × part_size`.
    pub(crate) parallelism: usize,
    /// Ranged GETs in flight per download.
    pub(crate) download_parallelism: usize,
    /// The size of one ranged GET.
    pub(crate) download_part_size: u64,
    /// Uploads carry a CRC32C checksum header: every payload over HTTPS,
    /// multipart parts over plain HTTP (with a signed SHA-256 as well until
    /// the server shows it checks them; see `upload::integrity`).
    pub(crate) checksums: bool,
}

impl Default for TransferConfig {
    fn default() -> Self {
        Self {
            part_size: 8 << 20,
            parallelism: 4,
            download_parallelism: 4,
            download_part_size: 16 << 20,
            checksums: true,
        }
    }
}

/// The part size for an object of `size` bytes: at least `preferred` (and
/// 5 MiB), grown to whole MiB until the object fits in 10,000 parts.
pub(crate) fn part_size_for(size: u64, preferred: u64) -> u64 {
    let needed = size.div_ceil(MAX_PARTS).next_multiple_of(1 << 20);
    preferred.max(MIN_PART_SIZE).max(needed).min(MAX_PART_SIZE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_size_grows_to_fit_ten_thousand_parts() {
        assert_eq!(part_size_for(1 << 30, 8 << 20), 8 << 20);
        assert_eq!(part_size_for(1, 1), MIN_PART_SIZE);
        let five_tib = MAX_OBJECT_SIZE;
        let part = part_size_for(five_tib, 8 << 20);
        assert!(five_tib.div_ceil(part) <= MAX_PARTS, "{part}");
        assert_eq!(part % (1 << 20), 0);
    }
}
