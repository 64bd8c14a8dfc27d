//! The connection stream handed to hyper, remembering whether it leads to a forwarding proxy,
//! and asking the kernel to acknowledge each response without delay.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_util::client::legacy::connect::{Connected, Connection};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// A TCP connection; `proxied` makes hyper send absolute-form request targets.
pub(crate) struct Conn {
    io: TokioIo<TcpStream>,
    proxied: bool,
    /// Written to since the last read: the next read first turns on quick ACKs.
    wrote: bool,
}

impl Conn {
    pub(crate) fn direct(io: TokioIo<TcpStream>) -> Self {
        Self::new(io, false)
    }

    pub(crate) fn proxied(io: TokioIo<TcpStream>) -> Self {
        Self::new(io, true)
    }

    fn new(io: TokioIo<TcpStream>, proxied: bool) -> Self {
        Self {
            io,
            proxied,
            wrote: false,
        }
    }
}

/// Turns on `TCP_QUICKACK` for the answer to what was just sent.
///
/// Having sent a request, Linux delays its ACK of the answer's first segment
/// (up to 40 ms) hoping to piggyback it on more data from this side. A server
/// that writes the response head and body in separate small segments with
/// Nagle's algorithm on (Ceph RGW's beast front end does) holds the body until
/// that ACK: every small GET took 44 ms against Ceph 16.2 here, 0.6 ms with
/// quick ACKs (docs/BENCHMARKS.md, "Delayed ACKs"). One `setsockopt` per
/// request; failures are ignored (the option is only a hint).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn ack_quickly(tcp: &TcpStream) {
    let _ = socket2::SockRef::from(tcp).set_tcp_quickack(true);
}

/// Other systems have no `TCP_QUICKACK`.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn ack_quickly(_tcp: &TcpStream) {}

impl Connection for Conn {
    fn connected(&self) -> Connected {
        // Not `TcpStream::connected`: its peer and local addresses (hyper-util's
        // `HttpInfo`), which nothing reads, cost every response two allocations.
        Connected::new().proxy(self.proxied)
    }
}

impl Read for Conn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if std::mem::take(&mut this.wrote) {
            ack_quickly(this.io.inner());
        }
        Pin::new(&mut this.io).poll_read(cx, buf)
    }
}

impl Write for Conn {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.wrote = true;
        Pin::new(&mut this.io).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.wrote = true;
        Pin::new(&mut this.io).poll_write_vectored(cx, bufs)
    }
}

#[cfg(all(test, any(target_os = "linux", target_os = "android")))]
mod tests {
    use super::*;

    #[tokio::test]
    async fn quick_acks_are_switched_on_for_the_socket() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (client, _server) = tokio::join!(TcpStream::connect(addr), listener.accept());
        let client = client.expect("connect");
        let sock = socket2::SockRef::from(&client);
        sock.set_tcp_quickack(false).expect("off");
        assert!(!sock.tcp_quickack().expect("read"));
        ack_quickly(&client);
        assert!(sock.tcp_quickack().expect("read"));
    }
}
