//! Timing loops for header signing, presigning and chunk signing
//! (`cargo bench -p newtera-sign`); no external harness.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant, UNIX_EPOCH};

use newtera_sign::{
    ChunkSigner, Credentials, PayloadMode, SignableRequest, SigningKeyCache, SigningParams,
    presign_url, sign_headers,
};

fn params(cache: Option<Arc<SigningKeyCache>>) -> SigningParams {
    let mut builder = SigningParams::builder()
        .credentials(Credentials::new(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        ))
        .region("us-east-1")
        .time(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
    if let Some(cache) = cache {
        builder = builder.key_cache(cache);
    }
    match builder.build() {
        Ok(params) => params,
        Err(e) => panic!("bench params: {e}"),
    }
}

/// Runs `f` for a warm-up, then `iters` times, and prints ns/op and ops/s.
fn bench(name: &str, iters: u32, mut f: impl FnMut()) {
    for _ in 0..iters / 10 {
        f();
    }
    let start = Instant::now();
    for _ in 0..iters {
        f();
    }
    let elapsed = start.elapsed();
    let ns = elapsed.as_nanos() as f64 / f64::from(iters);
    println!("{name:<44} {ns:>10.0} ns/op {:>12.0} ops/s", 1e9 / ns);
}

fn main() {
    let cached = params(Some(Arc::new(SigningKeyCache::new())));
    let uncached = params(None);
    let headers = [
        ("host", "localhost:9000"),
        ("content-type", "application/octet-stream"),
        ("x-amz-meta-owner", "bench"),
    ];
    let request = SignableRequest::new("PUT", "/bucket/some/object%20key.bin", &headers);
    bench(
        "sign_headers UNSIGNED-PAYLOAD (key cached)",
        200_000,
        || {
            let out = sign_headers(black_box(&request), PayloadMode::Unsigned, &cached);
            black_box(out.ok());
        },
    );
    bench("sign_headers UNSIGNED-PAYLOAD (no cache)", 100_000, || {
        let out = sign_headers(black_box(&request), PayloadMode::Unsigned, &uncached);
        black_box(out.ok());
    });
    let body = vec![7u8; 64 * 1024];
    bench("sign_headers 64 KiB signed payload (cached)", 5_000, || {
        let out = sign_headers(black_box(&request), PayloadMode::Bytes(&body), &cached);
        black_box(out.ok());
    });
    bench("presign_url GET 1 h (key cached)", 200_000, || {
        let url = presign_url(
            "GET",
            black_box("http://localhost:9000/bucket/some/object%20key.bin"),
            Duration::from_secs(3600),
            &[("response-content-type", "text/plain")],
            &cached,
        );
        black_box(url.ok());
    });
    let chunk = vec![b'a'; 64 * 1024];
    let mut signer = ChunkSigner::new("0".repeat(64), &cached);
    bench("ChunkSigner::chunk_header 64 KiB chunk", 5_000, || {
        black_box(signer.chunk_header(black_box(&chunk)));
    });
    bench("ChunkSigner::chunk_header empty chunk", 200_000, || {
        black_box(signer.chunk_header(black_box(&[])));
    });
}
