//! The sink server: answers every S3 request the workloads send without
//! storing anything, so a benchmark against it measures the client.
//!
//! Object sizes come from the key: the number after its last `-`
//! (`big-1073741824`), 4 KiB otherwise. Bodies are slices of one shared
//! pattern buffer; listings are synthesised for `list_keys` keys.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::stream;
use http::{HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// The size of one body chunk the sink writes.
const CHUNK: usize = 1 << 20;
const XMLNS: &str = "http://s3.amazonaws.com/doc/2006-03-01/";
const LAST_MODIFIED: &str = "Sun, 29 Nov 2026 00:00:00 GMT";
const LAST_MODIFIED_ISO: &str = "2026-11-29T00:00:00.000Z";

type Body = BoxBody<Bytes, Infallible>;

struct State {
    pattern: Bytes,
    list_keys: u64,
}

/// Starts the sink on `127.0.0.1:0` on its own runtime thread; returns its
/// address. It lives until the process exits.
pub(crate) fn start(list_keys: u64) -> std::io::Result<SocketAddr> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let state = Arc::new(State {
        pattern: Bytes::from((0..CHUNK).map(|i| (i % 251) as u8).collect::<Vec<u8>>()),
        list_keys,
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    std::thread::spawn(move || runtime.block_on(serve(listener, state)));
    Ok(addr)
}

async fn serve(listener: std::net::TcpListener, state: Arc<State>) {
    let Ok(listener) = TcpListener::from_std(listener) else {
        return;
    };
    while let Ok((socket, _)) = listener.accept().await {
        let _ = socket.set_nodelay(true);
        let state = state.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| handle(state.clone(), req));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(socket), service)
                .await;
        });
    }
}

async fn handle(state: Arc<State>, req: Request<Incoming>) -> Result<Response<Body>, Infallible> {
    let (parts, body) = req.into_parts();
    let declared = parts.headers.get("x-amz-checksum-crc32c").cloned();
    let (body, crc) = read_body(body, parts.method == Method::POST, declared.is_some()).await;
    let query = Query::parse(parts.uri.query().unwrap_or(""));
    let path = parts.uri.path().trim_start_matches('/');
    let (bucket, key) = path.split_once('/').unwrap_or((path, ""));
    let response = match (&parts.method, key.is_empty()) {
        (&Method::GET, true) if query.has("location") => xml(format!(
            "<LocationConstraint xmlns=\"{XMLNS}\"></LocationConstraint>"
        )),
        (&Method::GET, true) => list(&state, bucket, &query),
        (&Method::HEAD, true) | (&Method::PUT, true) => empty(StatusCode::OK),
        (&Method::POST, true) => deleted(&body),
        (&Method::POST, false) if query.has("uploads") => xml(format!(
            "<InitiateMultipartUploadResult xmlns=\"{XMLNS}\"><Bucket>{bucket}</Bucket><Key>{key}</Key><UploadId>sink-upload</UploadId></InitiateMultipartUploadResult>"
        )),
        (&Method::POST, false) => xml(format!(
            "<CompleteMultipartUploadResult xmlns=\"{XMLNS}\"><Location>/{bucket}/{key}</Location><Bucket>{bucket}</Bucket><Key>{key}</Key><ETag>\"sink-multipart-1\"</ETag></CompleteMultipartUploadResult>"
        )),
        (&Method::PUT, false) => stored(declared, crc),
        (&Method::DELETE, _) => empty(StatusCode::NO_CONTENT),
        (&Method::GET, false) | (&Method::HEAD, false) => object(
            &state,
            key,
            parts.headers.get(http::header::RANGE),
            parts.method == Method::HEAD,
        ),
        _ => empty(StatusCode::METHOD_NOT_ALLOWED),
    };
    Ok(response)
}

/// Reads a request body to the end. Uploads are dropped frame by frame,
/// their CRC32C computed when the client declared one (as S3 does); only
/// POST bodies (small XML) are kept.
async fn read_body(mut body: Incoming, keep: bool, crc: bool) -> (Bytes, Option<u32>) {
    let (mut kept, mut sum) = (bytes::BytesMut::new(), crc.then_some(0u32));
    while let Some(Ok(frame)) = body.frame().await {
        let Ok(data) = frame.into_data() else {
            continue;
        };
        if let Some(sum) = &mut sum {
            *sum = crc32c::crc32c_append(*sum, &data);
        }
        if keep {
            kept.extend_from_slice(&data);
        }
    }
    (kept.freeze(), sum)
}

/// A PutObject / UploadPart answer: the computed CRC32C echoed when it
/// matches the declared one, `BadDigest` when it does not.
fn stored(declared: Option<HeaderValue>, crc: Option<u32>) -> Response<Body> {
    use base64::Engine as _;
    let response = with_etag(empty(StatusCode::OK), "\"sink-put\"");
    let (Some(declared), Some(crc)) = (declared, crc) else {
        return response;
    };
    let computed = base64::engine::general_purpose::STANDARD.encode(crc.to_be_bytes());
    if declared.as_bytes() != computed.as_bytes() {
        let mut bad = xml(
            "<Error><Code>BadDigest</Code><Message>CRC32C mismatch</Message></Error>".to_owned(),
        );
        *bad.status_mut() = StatusCode::BAD_REQUEST;
        return bad;
    }
    let mut response = response;
    if let Ok(value) = HeaderValue::from_str(&computed) {
        response
            .headers_mut()
            .insert("x-amz-checksum-crc32c", value);
    }
    response
}

/// A DeleteObjects answer: nothing in quiet mode, else every key as
/// deleted (some clients reject an empty non-quiet result).
fn deleted(body: &[u8]) -> Response<Body> {
    let text = String::from_utf8_lossy(body);
    let mut out =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><DeleteResult xmlns=\"{XMLNS}\">");
    if !text.contains("<Quiet>true</Quiet>") {
        for piece in text.split("<Key>").skip(1) {
            if let Some((key, _)) = piece.split_once("</Key>") {
                out.push_str(&format!("<Deleted><Key>{key}</Key></Deleted>"));
            }
        }
    }
    out.push_str("</DeleteResult>");
    xml(out)
}

/// The size a key stands for.
fn size_of(key: &str) -> u64 {
    key.rsplit_once('-')
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or(4096)
}

fn object(state: &State, key: &str, range: Option<&HeaderValue>, head: bool) -> Response<Body> {
    let size = size_of(key);
    let (status, start, end) = match range.and_then(|r| parse_range(r, size)) {
        Some((s, e)) => (StatusCode::PARTIAL_CONTENT, s, e),
        None => (StatusCode::OK, 0, size),
    };
    let body = if head {
        empty_body()
    } else {
        pattern_body(state.pattern.clone(), start, end)
    };
    let mut builder = Response::builder()
        .status(status)
        .header("content-length", end - start)
        .header("etag", format!("\"sink-{size}\""))
        .header("last-modified", LAST_MODIFIED)
        .header("accept-ranges", "bytes")
        .header("content-type", "application/octet-stream");
    if status == StatusCode::PARTIAL_CONTENT {
        builder = builder.header("content-range", format!("bytes {start}-{}/{size}", end - 1));
    }
    builder
        .body(body)
        .unwrap_or_else(|_| empty(StatusCode::INTERNAL_SERVER_ERROR))
}

/// `bytes=a-b`, `bytes=a-` or `bytes=-n` as a half-open range.
fn parse_range(value: &HeaderValue, size: u64) -> Option<(u64, u64)> {
    let spec = value.to_str().ok()?.strip_prefix("bytes=")?;
    let (a, b) = spec.split_once('-')?;
    let (start, end) = match (a.parse::<u64>().ok(), b.parse::<u64>().ok()) {
        (Some(a), Some(b)) => (a, b.saturating_add(1).min(size)),
        (Some(a), None) => (a, size),
        (None, Some(n)) => (size.saturating_sub(n), size),
        (None, None) => return None,
    };
    (start < end).then_some((start, end))
}

fn pattern_body(pattern: Bytes, start: u64, end: u64) -> Body {
    let chunks = stream::iter((start..end).step_by(CHUNK).map(move |at| {
        let len = (end - at).min(CHUNK as u64) as usize;
        let offset = (at % CHUNK as u64) as usize;
        let chunk = if offset + len <= CHUNK {
            pattern.slice(offset..offset + len)
        } else {
            // A range that starts mid-pattern wraps around.
            let mut v = Vec::with_capacity(len);
            v.extend_from_slice(&pattern[offset..]);
            v.extend_from_slice(&pattern[..len - (CHUNK - offset)]);
            Bytes::from(v)
        };
        Ok::<_, Infallible>(Frame::data(chunk))
    }));
    BodyExt::boxed(StreamBody::new(chunks))
}

fn list(state: &State, bucket: &str, query: &Query) -> Response<Body> {
    let prefix = query.get("prefix").unwrap_or("");
    let max = query
        .get("max-keys")
        .and_then(|m| m.parse().ok())
        .unwrap_or(1000u64)
        .min(1000);
    let v2 = query.get("list-type") == Some("2");
    let after = if v2 {
        query.get("continuation-token").or(query.get("start-after"))
    } else {
        query.get("marker")
    };
    let start = after.and_then(index_of).map_or(0, |i| i + 1);
    let end = (start + max).min(state.list_keys);
    let truncated = end < state.list_keys;
    let mut out = String::with_capacity(300 * (end - start) as usize + 512);
    out.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"{XMLNS}\"><Name>{bucket}</Name><Prefix>{prefix}</Prefix><MaxKeys>{max}</MaxKeys><IsTruncated>{truncated}</IsTruncated>"
    ));
    if query.get("encoding-type") == Some("url") {
        out.push_str("<EncodingType>url</EncodingType>");
    }
    let last = format!("{prefix}k{:08}", end.saturating_sub(1));
    if v2 {
        out.push_str(&format!("<KeyCount>{}</KeyCount>", end - start));
        if let Some(token) = query.get("continuation-token") {
            out.push_str(&format!("<ContinuationToken>{token}</ContinuationToken>"));
        }
        if truncated {
            out.push_str(&format!(
                "<NextContinuationToken>{last}</NextContinuationToken>"
            ));
        }
    } else if truncated {
        out.push_str(&format!("<NextMarker>{last}</NextMarker>"));
    }
    for i in start..end {
        out.push_str(&format!(
            "<Contents><Key>{prefix}k{i:08}</Key><LastModified>{LAST_MODIFIED_ISO}</LastModified><ETag>\"sink-4096\"</ETag><Size>4096</Size><StorageClass>STANDARD</StorageClass></Contents>"
        ));
    }
    out.push_str("</ListBucketResult>");
    xml(out)
}

/// The index in a synthesised key (`…k00000042`).
fn index_of(key: &str) -> Option<u64> {
    let decoded = key.replace("%2F", "/");
    decoded.rsplit_once('k').and_then(|(_, n)| n.parse().ok())
}

fn xml(text: String) -> Response<Body> {
    Response::builder()
        .header("content-type", "application/xml")
        .header("x-amz-request-id", "sink")
        .body(BodyExt::boxed(Full::new(Bytes::from(text))))
        .unwrap_or_else(|_| empty(StatusCode::INTERNAL_SERVER_ERROR))
}

fn with_etag(mut response: Response<Body>, etag: &'static str) -> Response<Body> {
    response
        .headers_mut()
        .insert("etag", HeaderValue::from_static(etag));
    response
}

fn empty_body() -> Body {
    BodyExt::boxed(Full::new(Bytes::new()))
}

fn empty(status: StatusCode) -> Response<Body> {
    let mut response = Response::new(empty_body());
    *response.status_mut() = status;
    response
}

/// A decoded query string.
struct Query(Vec<(String, String)>);

impl Query {
    fn parse(raw: &str) -> Self {
        Self(
            raw.split('&')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or((p, ""));
                    (decode(k), decode(v))
                })
                .collect(),
        )
    }

    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Percent-decoding of the few escapes these queries carry.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1..i + 3)) {
            (b'%', Some(hex)) => match std::str::from_utf8(hex)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(b) => {
                    out.push(b);
                    i += 3;
                    continue;
                }
                None => out.push(b'%'),
            },
            (b'+', _) => out.push(b' '),
            (b, _) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
