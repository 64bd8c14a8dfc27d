//! A scripted S3 server that lists keys no honest server should hold
//! (`p/../evil`, `p//abs`) and serves any object, so the download side of
//! path-traversal protection is tested against keys that really arrive.
//! s3s-fs cannot be used for this: it resolves `p/../evil` to `evil` when
//! the object is written.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::thread::JoinHandle;

/// The keys the scripted server lists under every prefix.
pub(crate) const KEYS: [&str; 4] = [
    "p/good.txt",
    "p/../evil",
    "p/sub/../../evil2",
    "p//abs/evil3",
];

/// A running scripted server; it stops after `requests` requests.
pub(crate) struct Hostile {
    pub(crate) endpoint: String,
    thread: Option<JoinHandle<()>>,
}

impl Hostile {
    /// Serves exactly `requests` requests on a loopback port.
    pub(crate) fn start(requests: usize) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let endpoint = format!("http://{}", listener.local_addr()?);
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming().take(requests).flatten() {
                let _ = answer(stream);
            }
        });
        Ok(Self {
            endpoint,
            thread: Some(thread),
        })
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        // The thread ends after its requests; a test that failed early
        // must not hang on it, so it is detached rather than joined.
        drop(self.thread.take());
    }
}

fn answer(mut stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" {
            break;
        }
    }
    let target = request_line.split(' ').nth(1).unwrap_or("/");
    let (body, kind) = if target.contains("list-type=2") {
        (listing(), "application/xml")
    } else {
        (format!("content of {target}"), "application/octet-stream")
    };
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nETag: \"0123456789abcdef0123456789abcdef\"\r\nLast-Modified: Sun, 01 Nov 2026 00:00:00 GMT\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
}

fn listing() -> String {
    let contents: String = KEYS
        .iter()
        .map(|k| {
            format!(
                "<Contents><Key>{k}</Key><LastModified>2026-11-01T00:00:00.000Z</LastModified><ETag>\"0123456789abcdef0123456789abcdef\"</ETag><Size>10</Size><StorageClass>STANDARD</StorageClass></Contents>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>evil</Name><Prefix>p/</Prefix><KeyCount>{}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>{contents}</ListBucketResult>",
        KEYS.len()
    )
}

/// The size a stalling server announces for every object.
pub(crate) const STALLED_SIZE: usize = 10 << 20;

/// A server that answers HEAD with a 10 MiB object and GET with the first
/// MiB of it, then stalls (for at most 30 s), as a dying connection would.
pub(crate) fn stalling() -> std::io::Result<Hostile> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let endpoint = format!("http://{}", listener.local_addr()?);
    let thread = std::thread::spawn(move || {
        for stream in listener.incoming().take(2).flatten() {
            let _ = stall(stream);
        }
    });
    Ok(Hostile {
        endpoint,
        thread: Some(thread),
    })
}

fn stall(mut stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" {
            break;
        }
    }
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {STALLED_SIZE}\r\nETag: \"0123456789abcdef0123456789abcdef\"\r\nLast-Modified: Sun, 01 Nov 2026 00:00:00 GMT\r\n\r\n"
    )?;
    if request_line.starts_with("GET") {
        stream.write_all(&vec![b'x'; 1 << 20])?;
        stream.flush()?;
        std::thread::sleep(std::time::Duration::from_secs(30));
    }
    stream.flush()
}
