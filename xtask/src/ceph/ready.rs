//! Readiness: a signed ListBuckets that answers 200.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, SystemTime};

use newtera_sign::{Credentials, PayloadMode, SignableRequest, SigningParams, sign_headers};

/// Sends a SigV4-signed `GET /` and returns the HTTP status.
pub(crate) fn list_buckets_status(port: u16, access: &str, secret: &str) -> Result<u16, String> {
    let host = format!("127.0.0.1:{port}");
    let params = SigningParams::builder()
        .credentials(Credentials::new(access, secret))
        .region("us-east-1")
        .time(SystemTime::now())
        .build()
        .map_err(|e| e.to_string())?;
    let headers = [("host", host.as_str())];
    let signed = sign_headers(
        &SignableRequest::new("GET", "/", &headers),
        PayloadMode::Bytes(b""),
        &params,
    )
    .map_err(|e| e.to_string())?;
    let mut request = format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in signed.headers() {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    let mut stream = TcpStream::connect(&host).map_err(|e| format!("{host}: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .map_err(|e| e.to_string())?;
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut head = [0u8; 32];
    let n = stream.read(&mut head).map_err(|e| e.to_string())?;
    let line = String::from_utf8_lossy(head.get(..n).unwrap_or_default()).into_owned();
    line.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("not an HTTP answer: {line:?}"))
}
