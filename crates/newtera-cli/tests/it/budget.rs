//! `--parallel N` bounds the requests a command has in flight, the parts
//! and ranges of one large transfer included: measured as the most
//! connections open at once through a counting relay. A connection handed
//! back to the pool a moment after the next request starts is replaced by
//! a new one, so the count may exceed the requests in flight by one.

use std::io::Write as _;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::support::{ACCESS, Harness, SECRET, TestResult};

/// Relays connections to `target`, counting those open at once.
struct Relay {
    endpoint: String,
    open: Arc<AtomicUsize>,
    peak: Arc<AtomicUsize>,
}

impl Relay {
    fn start(target: &str) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let endpoint = format!("http://{}", listener.local_addr()?);
        let target = target.trim_start_matches("http://").to_owned();
        let (open, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (o, p) = (open.clone(), peak.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = TcpStream::connect(&target) else {
                    continue;
                };
                let now = o.fetch_add(1, Ordering::SeqCst) + 1;
                p.fetch_max(now, Ordering::SeqCst);
                let (c2, s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                std::thread::spawn(move || pipe(s2, c2));
                let o = o.clone();
                std::thread::spawn(move || {
                    pipe(client, server);
                    o.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        Ok(Self {
            endpoint,
            open,
            peak,
        })
    }

    /// Waits for every connection to close, then starts a new count.
    fn reset(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.open.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        self.peak.store(0, Ordering::SeqCst);
    }

    fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
}

fn pipe(mut from: TcpStream, mut to: TcpStream) {
    let _ = std::io::copy(&mut from, &mut to);
    let _ = to.shutdown(Shutdown::Both);
    let _ = from.shutdown(Shutdown::Both);
}

#[test]
fn parallel_bounds_the_parts_and_ranges_of_one_large_transfer() -> TestResult {
    let h = Harness::new()?;
    h.bucket("budget")?;
    let relay = Relay::start(&h.server.endpoint())?;
    h.run(&["alias", "set", "r", &relay.endpoint, ACCESS, SECRET])
        .expect(0);
    // Six 8 MiB parts up, three 16 MiB ranges down.
    let data: Vec<u8> = (0..(48u32 << 20)).map(|i| (i % 251) as u8).collect();
    std::fs::File::create(h.local("big"))?.write_all(&data)?;
    for parallel in ["1", "2"] {
        let want: usize = parallel.parse()?;
        relay.reset();
        h.run(&["cp", "--parallel", parallel, "big", "r/budget/big"])
            .expect(0);
        assert!(
            relay.peak() <= want + 1,
            "upload with --parallel {parallel}: {} requests at once",
            relay.peak()
        );
        relay.reset();
        let out = format!("back{parallel}");
        h.run(&["cp", "--parallel", parallel, "r/budget/big", &out])
            .expect(0);
        assert!(
            relay.peak() <= want + 1,
            "download with --parallel {parallel}: {} requests at once",
            relay.peak()
        );
        assert!(std::fs::read(h.local(&out))? == data);
    }
    // The default still sends a large file's parts in parallel.
    relay.reset();
    h.run(&["cp", "big", "r/budget/big"]).expect(0);
    assert!(relay.peak() > 1, "default: {} at once", relay.peak());
    Ok(())
}
