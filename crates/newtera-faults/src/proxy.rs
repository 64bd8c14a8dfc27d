//! A loopback TCP proxy that flips one byte of a message body in flight,
//! the way a faulty NIC, switch or middlebox would.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Which way the corrupted bytes travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Server to client: a download is corrupted.
    Response,
    /// Client to server: an upload is corrupted.
    Request,
}

/// The proxy. It forwards every connection to `upstream`; while armed, the
/// first message in the chosen [`Direction`] on each new connection gets
/// the byte at body offset `at` inverted. Dropping it stops listening.
#[derive(Debug)]
pub struct CorruptingProxy {
    endpoint: String,
    armed: Arc<AtomicUsize>,
    flipped: Arc<AtomicUsize>,
    accept: JoinHandle<()>,
}

#[derive(Debug, Clone, Copy)]
struct Plan {
    direction: Direction,
    at: usize,
}

impl CorruptingProxy {
    /// Starts a proxy to `upstream` (`host:port`) that corrupts body byte
    /// `at` of messages going `direction`, once armed.
    pub async fn start(upstream: &str, direction: Direction, at: usize) -> io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let endpoint = format!("http://{}", listener.local_addr()?);
        let armed = Arc::new(AtomicUsize::new(0));
        let flipped = Arc::new(AtomicUsize::new(0));
        let plan = Plan { direction, at };
        let accept = tokio::spawn(accept_loop(
            listener,
            upstream.to_owned(),
            plan,
            armed.clone(),
            flipped.clone(),
        ));
        Ok(Self {
            endpoint,
            armed,
            flipped,
            accept,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Corrupts the next `times` messages (one per connection).
    pub fn arm(&self, times: usize) {
        self.armed.store(times, Ordering::SeqCst);
    }

    /// How many bytes were flipped so far.
    pub fn flipped(&self) -> usize {
        self.flipped.load(Ordering::SeqCst)
    }
}

impl Drop for CorruptingProxy {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

async fn accept_loop(
    listener: TcpListener,
    upstream: String,
    plan: Plan,
    armed: Arc<AtomicUsize>,
    flipped: Arc<AtomicUsize>,
) {
    while let Ok((client, _)) = listener.accept().await {
        let Ok(server) = TcpStream::connect(&upstream).await else {
            continue;
        };
        // Arming is per connection, decided when it opens.
        let corrupt = armed
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
        let at = corrupt.then_some(plan.at);
        let (cr, cw) = client.into_split();
        let (sr, sw) = server.into_split();
        let (up_at, down_at) = match plan.direction {
            Direction::Request => (at, None),
            Direction::Response => (None, at),
        };
        tokio::spawn(pump(cr, sw, up_at, flipped.clone()));
        tokio::spawn(pump(sr, cw, down_at, flipped.clone()));
    }
}

/// Copies `from` to `to`, inverting body byte `at` of the first message.
async fn pump(
    mut from: impl AsyncRead + Unpin,
    mut to: impl AsyncWrite + Unpin,
    at: Option<usize>,
    flipped: Arc<AtomicUsize>,
) {
    let mut finder = at.map(BodyByte::new);
    let mut buf = vec![0u8; 64 << 10];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if let Some(f) = &mut finder
            && let Some(i) = f.scan(&buf[..n])
        {
            buf[i] ^= 0xff;
            flipped.fetch_add(1, Ordering::SeqCst);
            finder = None;
        }
        if to.write_all(&buf[..n]).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}

/// Finds the stream position of body byte `at`: past the first blank line
/// (`\r\n\r\n`), then `at` bytes on.
#[derive(Debug)]
struct BodyByte {
    /// The last bytes seen while looking for the end of the head.
    tail: u32,
    in_body: bool,
    remaining: usize,
}

impl BodyByte {
    fn new(at: usize) -> Self {
        Self {
            tail: 0,
            in_body: false,
            remaining: at,
        }
    }

    /// The index in `chunk` of the byte to flip, if it is in this chunk.
    fn scan(&mut self, chunk: &[u8]) -> Option<usize> {
        for (i, &b) in chunk.iter().enumerate() {
            if !self.in_body {
                self.tail = (self.tail << 8) | u32::from(b);
                self.in_body = self.tail == u32::from_be_bytes(*b"\r\n\r\n");
                continue;
            }
            if self.remaining == 0 {
                return Some(i);
            }
            self.remaining -= 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_body_byte_across_chunks() {
        let mut f = BodyByte::new(3);
        assert_eq!(f.scan(b"HTTP/1.1 200 OK\r\nA: b\r"), None);
        assert_eq!(f.scan(b"\n\r\nab"), None);
        assert_eq!(f.scan(b"cdef"), Some(1));
    }
}
