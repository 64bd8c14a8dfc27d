//! Shared set-up: one server per test binary, a client, a fresh bucket, and
//! a plain HTTP/1.1 client for presigned URLs.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::OnceLock;

use newtera::Newtera;
use newtera_testkit::{ServerKind, TestTarget};

/// The server this run talks to (started once, kept for the whole run).
pub(crate) fn target() -> &'static TestTarget {
    static TARGET: OnceLock<TestTarget> = OnceLock::new();
    TARGET.get_or_init(|| TestTarget::from_env().expect("a test server"))
}

/// The server's kind, for recording what it lacks.
pub(crate) fn kind() -> ServerKind {
    target().kind
}

/// A client with the target's credentials and region.
pub(crate) fn client() -> Newtera {
    let t = target();
    Newtera::builder(&t.endpoint)
        .credentials(&t.access_key, &t.secret_key)
        .region(&t.region)
        .build()
        .expect("client")
}

/// A client that must find the region itself.
pub(crate) fn client_without_region() -> Newtera {
    let t = target();
    Newtera::builder(&t.endpoint)
        .credentials(&t.access_key, &t.secret_key)
        .build()
        .expect("client")
}

/// Creates a bucket unique to the calling test.
pub(crate) async fn bucket(client: &Newtera, name: &str) -> String {
    let bucket = target().unique_bucket(name);
    client.make_bucket(&bucket).await.expect("make_bucket");
    bucket
}

/// Says that the server lacks a feature, in the test output.
pub(crate) fn unsupported(feature: &str) {
    println!("UNSUPPORTED by {}: {feature}", kind().name());
}

/// The number of unfinished uploads in `bucket`, or `None` (said out loud)
/// when the server cannot list them.
pub(crate) async fn incomplete_uploads(client: &Newtera, bucket: &str) -> Option<usize> {
    use futures_util::TryStreamExt;
    match client
        .list_incomplete_uploads(bucket)
        .into_stream()
        .try_collect::<Vec<_>>()
        .await
    {
        Ok(uploads) => Some(uploads.len()),
        Err(e) if e.code() == Some("NotImplemented") => {
            unsupported("ListMultipartUploads (list_incomplete_uploads)");
            None
        }
        Err(e) => panic!("listing uploads: {e}"),
    }
}

/// Asserts that `bucket` holds no unfinished upload: exactly none where the
/// server lists them, and the known `NotImplemented` (said out loud) on
/// s3s-fs, so a server that stops listing uploads is noticed.
pub(crate) async fn assert_no_uploads(client: &Newtera, bucket: &str) {
    client.wait_for_cleanup().await;
    let listed = settled_uploads(client, bucket, 0).await;
    match kind() {
        ServerKind::S3sFs => assert_eq!(listed, None, "s3s-fs started listing uploads"),
        _ => assert_eq!(listed, Some(0), "no orphaned upload"),
    }
}

/// The number of unfinished uploads in `bucket` once it is `expected`, or
/// what it still is after 5 s (`None` where uploads cannot be listed).
/// Garage's upload index follows an abort a moment later on a 3-node
/// cluster (seen about once in twenty runs): the abort was answered, the
/// listing must catch up within a few seconds, never stay. Other servers
/// are asked once.
pub(crate) async fn settled_uploads(
    client: &Newtera,
    bucket: &str,
    expected: usize,
) -> Option<usize> {
    let mut listed = incomplete_uploads(client, bucket).await;
    for _ in 0..20 {
        if kind() != ServerKind::Garage || listed == Some(expected) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        listed = incomplete_uploads(client, bucket).await;
    }
    listed
}

/// Deterministic test data.
pub(crate) fn data(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed) ^ (i >> 13) as u8)
        .collect()
}

/// A plain HTTP/1.1 answer.
#[derive(Debug)]
pub(crate) struct Plain {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

/// Sends one request with nothing but a socket: what `curl` would do with a
/// presigned URL.
pub(crate) fn plain_http(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> Plain {
    let rest = url.strip_prefix("http://").expect("an http:// URL");
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let mut stream = TcpStream::connect(authority).expect("connect");
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).expect("write head");
    stream.write_all(body).expect("write body");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Plain {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Plain {
        status,
        headers,
        body,
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&raw[..eol])
                .split(';')
                .next()
                .unwrap_or("0")
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&raw[eol + 2..eol + 2 + size]);
        raw = &raw[eol + 2 + size + 2..];
    }
    out
}
