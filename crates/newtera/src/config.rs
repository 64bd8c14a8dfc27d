//! Transfer settings: part sizes and how many requests run at once.

/// The smallest part S3 accepts (except the last).
pub const MIN_PART_SIZE: u64 = 5 << 20;
/// The largest part S3 accepts.
pub const MAX_PART_SIZE: u64 = newtera_proto::op::multipart::MAX_PART_SIZE;
/// The most parts an upload may have.
pub const MAX_PARTS: u64 = 10_000;
/// The largest object S3 stores.
pub const MAX_OBJECT_SIZE: u64 = 5 << 40;
/// Above this size an upload of known length uses multipart (minio-py's rule).
pub const MULTIPART_THRESHOLD: u64 = 5 << 20;

/// How uploads and downloads are split and parallelised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TransferConfig {
    /// The part size to start from; grown when an object needs more than
    /// 10,000 parts.
    pub(crate) part_size: u64,
    /// Parts in flight per upload; memory for a stream upload is bounded by
    /// `parallelism × part_size` (the current part size, which grows along
    /// a stream of unknown length).
    pub(crate) parallelism: usize,
    /// Ranged GETs in flight per download.
    pub(crate) download_parallelism: usize,
    /// The size of one ranged GET.
    pub(crate) download_part_size: u64,
    /// Parts of one size in a stream of unknown length before the size
    /// doubles ([`STREAM_TIER_PARTS`]; smaller in tests).
    pub(crate) stream_tier_parts: u32,
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
            stream_tier_parts: STREAM_TIER_PARTS,
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

/// Parts of one size in a stream of unknown length before the size
/// doubles.
pub(crate) const STREAM_TIER_PARTS: u32 = 1_000;

/// The smallest part a stream of unknown length grows from, so that its
/// 10,000 parts hold 5 TiB: 1,000 parts each of 8, 16, … 4096 MiB add up to
/// about 7.8 TiB (8 MiB × 1,000 × 1,023).
const STREAM_BASE_PART: u64 = 8 << 20;

/// The size of part `number` (1-based) of a stream of unknown length that
/// prefers `preferred`-byte parts: `preferred` (at least 5 MiB) while that
/// keeps up with a schedule that doubles every `tier` parts from 8 MiB,
/// so 10,000 parts always reach [`MAX_OBJECT_SIZE`]; never above
/// [`MAX_PART_SIZE`]. Memory in flight grows with it (parallelism × the
/// current part size).
pub(crate) fn stream_part_size(number: u32, preferred: u64, tier: u32) -> u64 {
    let doublings = (number.saturating_sub(1) / tier.max(1)).min(20);
    let scheduled = STREAM_BASE_PART << doublings;
    preferred
        .max(MIN_PART_SIZE)
        .max(scheduled)
        .min(MAX_PART_SIZE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_of_unknown_length_reaches_five_tib_in_ten_thousand_parts() {
        for preferred in [MIN_PART_SIZE, 8 << 20, 100 << 20, 1 << 30, MAX_PART_SIZE] {
            let sizes: Vec<u64> = (1..=MAX_PARTS as u32)
                .map(|n| stream_part_size(n, preferred, STREAM_TIER_PARTS))
                .collect();
            let total: u64 = sizes.iter().sum();
            assert!(total >= MAX_OBJECT_SIZE, "{preferred}: {total}");
            assert!(
                sizes
                    .iter()
                    .all(|s| (MIN_PART_SIZE..=MAX_PART_SIZE).contains(s))
            );
            assert!(sizes.iter().all(|s| s % (1 << 20) == 0));
            assert!(sizes.windows(2).all(|w| w[0] <= w[1]), "never shrinks");
            assert_eq!(
                sizes[0],
                preferred.max(8 << 20),
                "starts at the preferred size"
            );
        }
        // The case: 8 MiB parts, 78 GiB used to be part 10,001.
        let parts_for_78_gib = (1..)
            .scan(0u64, |sum, n| {
                *sum += stream_part_size(n, 8 << 20, STREAM_TIER_PARTS);
                Some(*sum)
            })
            .position(|sum| sum >= 78 << 30)
            .unwrap();
        assert!(parts_for_78_gib < 4_000, "{parts_for_78_gib}");
    }

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
