//! A scripted S3 server holding keys s3s-fs cannot store (`x/a//b` beside
//! `x/a/b`, a 16-byte `mk/` beside `mk/child`, a key with an ESC sequence):
//! it lists them URL-encoded, serves `content of KEY` for each, answers
//! server-side copies, and records every request line.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// A running server; its thread serves until the test process ends.
pub(crate) struct KeyServer {
    pub(crate) endpoint: String,
    seen: Arc<Mutex<Vec<String>>>,
}

impl KeyServer {
    /// Serves `keys` (every bucket holds them), and for a key named
    /// `denied`, a 403 whose message holds `message`.
    pub(crate) fn start(keys: &[&str]) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let endpoint = format!("http://{}", listener.local_addr()?);
        let keys: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (keys, log) = (keys.clone(), log.clone());
                std::thread::spawn(move || {
                    let _ = serve(stream, &keys, &log);
                });
            }
        });
        Ok(Self { endpoint, seen })
    }

    /// `METHOD target` of every request so far.
    pub(crate) fn seen(&self) -> Vec<String> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

/// The body every object has: empty for a folder marker named `…empty/`.
pub(crate) fn content(key: &str) -> String {
    if key.ends_with("empty/") {
        String::new()
    } else {
        format!("content of {key}")
    }
}

/// The `note` metadata every object has: a right-to-left override.
pub(crate) const NOTE: &str = "invoice\u{202E}fdp.exe";

/// A 403 message with a bidirectional override and an ESC sequence.
pub(crate) const DENIED_MESSAGE: &str = "denied \u{202E}txt.exe\u{1b}[31m";

fn serve(stream: TcpStream, keys: &[String], log: &Mutex<Vec<String>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut length = 0usize;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header)? == 0 || header == "\r\n" {
                break;
            }
            if let Some(v) = header.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        std::io::copy(&mut (&mut reader).take(length as u64), &mut std::io::sink())?;
        let mut parts = line.split(' ');
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
        if let Ok(mut log) = log.lock() {
            log.push(format!("{method} {target}"));
        }
        let (status, kind, body) = answer(method, target, keys);
        write!(
            writer,
            "HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nETag: \"0123456789abcdef0123456789abcdef\"\r\nLast-Modified: Sun, 01 Nov 2026 00:00:00 GMT\r\nx-amz-meta-note: {NOTE}\r\n\r\n",
            body.len()
        )?;
        if method != "HEAD" {
            writer.write_all(body.as_bytes())?;
        }
        writer.flush()?;
    }
}

fn answer(method: &str, target: &str, keys: &[String]) -> (u16, &'static str, String) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let key = decode(
        path.trim_start_matches('/')
            .split_once('/')
            .map_or("", |(_, k)| k),
    );
    if key.is_empty() && method == "GET" {
        let prefix = query
            .split('&')
            .find_map(|q| q.strip_prefix("prefix="))
            .map(decode)
            .unwrap_or_default();
        return (200, "application/xml", listing(keys, &prefix));
    }
    if key == "denied" {
        let body = format!(
            "<Error><Code>AccessDenied</Code><Message>{}</Message></Error>",
            DENIED_MESSAGE.replace('\u{1b}', "")
        );
        return (403, "application/xml", body);
    }
    if method == "PUT" {
        let body = "<CopyObjectResult><ETag>\"0123456789abcdef0123456789abcdef\"</ETag><LastModified>2026-11-01T00:00:00.000Z</LastModified></CopyObjectResult>";
        return (200, "application/xml", body.to_owned());
    }
    (200, "application/octet-stream", content(&key))
}

fn listing(keys: &[String], prefix: &str) -> String {
    let contents: String = keys
        .iter()
        .filter(|k| k.starts_with(prefix))
        .map(|k| {
            format!(
                "<Contents><Key>{}</Key><LastModified>2026-11-01T00:00:00.000Z</LastModified><Size>{}</Size></Contents>",
                encode(k),
                content(k).len()
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult><Name>b</Name><Prefix>{}</Prefix><IsTruncated>false</IsTruncated>{contents}<EncodingType>url</EncodingType></ListBucketResult>",
        encode(prefix)
    )
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
