//! The path rules every transfer goes through: `ALIAS/bucket/key` parsing,
//! local/remote classification, and the safe join that keeps downloads in
//! their folder. A plain timing loop (no criterion): warm-up, then N
//! iterations, reporting ns/op and ops/s.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use newtera_cli::path::{Location, RemotePath, safe_join};

const WARMUP: u32 = 20_000;
const ITERATIONS: u32 = 500_000;

fn bench(name: &str, mut op: impl FnMut()) {
    for _ in 0..WARMUP {
        op();
    }
    let started = Instant::now();
    for _ in 0..ITERATIONS {
        op();
    }
    let elapsed = started.elapsed();
    let ns = elapsed.as_nanos() as f64 / f64::from(ITERATIONS);
    println!("{name:<36} {ns:>9.1} ns/op {:>14.0} ops/s", 1e9 / ns);
}

fn main() {
    let root = Path::new("/srv/downloads");
    bench("RemotePath::parse (4 segments)", || {
        black_box(RemotePath::parse(black_box("play/photos/2026/11/cat.jpg")));
    });
    bench("Location::classify (remote)", || {
        black_box(Location::classify(black_box("play/photos/a.jpg"), |a| {
            a == "play"
        }));
    });
    bench("safe_join (accepted, 4 segments)", || {
        black_box(safe_join(root, black_box("2026/11/29/cat.jpg")).ok());
    });
    bench("safe_join (refused, '..')", || {
        black_box(safe_join(root, black_box("2026/../../etc/passwd")).err());
    });
}
