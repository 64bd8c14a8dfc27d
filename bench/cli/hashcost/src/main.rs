//! CPU seconds per GiB of each digest an upload part can carry, with the
//! crate versions newtera uses: SHA-256 (the signed payload), MD5
//! (`Content-MD5`, and the part ETag of most servers) and CRC32C (the
//! `x-amz-checksum-crc32c` header). Hashes 8 MiB buffers (a part) from
//! memory, best of five passes over 1 GiB, timed in this thread's CPU time
//! (`/proc/thread-self/schedstat`), so other work on the machine does not
//! count.

use std::hint::black_box;

use md5::Digest as _;

const PART: usize = 8 << 20;
const GIB: usize = 1 << 30;

fn best(name: &str, mut f: impl FnMut(&[u8])) {
    let part: Vec<u8> = (0..PART).map(|i| (i * 31 % 251) as u8).collect();
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = cpu_seconds();
        for _ in 0..GIB / PART {
            f(black_box(&part));
        }
        best = best.min(cpu_seconds() - start);
    }
    println!("| {name} | {best:.3} s/GiB | {:.2} GiB/s |", 1.0 / best);
}

/// This thread's time on a CPU so far.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    let ns: f64 = stat
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(f64::NAN);
    ns / 1e9
}

fn main() {
    println!("| digest | CPU per GiB | rate |\n|---|---|---|");
    best("SHA-256 (sha2)", |b| {
        black_box(sha2::Sha256::digest(b));
    });
    best("MD5 (md-5)", |b| {
        black_box(md5::Md5::digest(b));
    });
    best("CRC32C (crc32c)", |b| {
        black_box(crc32c::crc32c(b));
    });
    best("SHA-256 + CRC32C, one pass", |b| {
        let mut h = sha2::Sha256::new();
        let mut crc = 0;
        for chunk in b.chunks(1 << 20) {
            h.update(chunk);
            crc = crc32c::crc32c_append(crc, chunk);
        }
        black_box((h.finalize(), crc));
    });
}
