//! Interop against a real SigV4 verifier: an in-process s3s-fs server
//! (`server.rs`), reached by a tiny blocking HTTP/1.1 client.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, SystemTime};

use crate::server::{ACCESS_KEY, SECRET_KEY};
use base64::Engine as _;
use newtera_sign::{
    ChunkSigner, ChunkedEncoding, Credentials, PayloadMode, PostPolicy, SignableRequest,
    SigningParams, aws_chunked_length, encode_path, object_path, presign_url, sign_headers,
    unsigned_chunk_header, unsigned_final_chunk,
};

struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

/// Sends one request with `Connection: close` and reads the whole response.
fn send(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut req = format!("{method} {target} HTTP/1.1\r\n");
    for (name, value) in headers {
        req.push_str(&format!("{name}: {value}\r\n"));
    }
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-length"))
    {
        req.push_str(&format!("content-length: {}\r\n", body.len()));
    }
    req.push_str("connection: close\r\n\r\n");
    stream.write_all(req.as_bytes()).expect("write head");
    stream.write_all(body).expect("write body");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    parse(&raw)
}

fn parse(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("head end");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head[9..12].parse().expect("status");
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    Response { status, head, body }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk line");
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("0").trim(), 16)
            .expect("chunk size");
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[line_end + 2..line_end + 2 + size]);
        data = &data[line_end + 4 + size..];
    }
}

struct Fixture {
    addr: SocketAddr,
    endpoint: String,
    host: String,
}

impl Fixture {
    fn new() -> Self {
        let addr = crate::server::addr();
        Self {
            addr,
            endpoint: format!("http://{addr}"),
            host: addr.to_string(),
        }
    }

    fn params(&self) -> SigningParams {
        SigningParams::builder()
            .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY))
            .region("us-east-1")
            .time(SystemTime::now())
            .build()
            .expect("params")
    }

    /// Signs (header signing) and sends a request; `query` is raw.
    fn signed(
        &self,
        method: &str,
        path: &str,
        query: &str,
        extra: &[(&str, &str)],
        payload: PayloadMode<'_>,
        body: &[u8],
    ) -> Response {
        let mut headers = vec![("host", self.host.as_str())];
        headers.extend_from_slice(extra);
        let request = SignableRequest::new(method, path, &headers)
            .with_query(newtera_sign::Query::Raw(query));
        let out = sign_headers(&request, payload, &self.params()).expect("signs");
        let mut all: Vec<(String, String)> = headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        all.extend(
            out.headers()
                .iter()
                .map(|(n, v)| ((*n).to_owned(), v.clone())),
        );
        let target = if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}")
        };
        send(self.addr, method, &target, &all, body)
    }

    fn presigned(&self, method: &str, path: &str, extra: &[(&str, &str)], body: &[u8]) -> Response {
        let url = format!("{}{path}", self.endpoint);
        let url = presign_url(
            method,
            &url,
            Duration::from_secs(300),
            extra,
            &self.params(),
        )
        .expect("presigns");
        let target = url.trim_start_matches(self.endpoint.as_str()).to_owned();
        let headers = [("host".to_owned(), self.host.clone())];
        send(self.addr, method, &target, &headers, body)
    }

    fn make_bucket(&self, bucket: &str) {
        let r = self.signed(
            "PUT",
            &format!("/{bucket}"),
            "",
            &[],
            PayloadMode::Bytes(b""),
            b"",
        );
        assert_eq!(
            r.status,
            200,
            "make bucket: {}",
            String::from_utf8_lossy(&r.body)
        );
    }
}

const KEY: &str = "dir/a b+c%~ü😀//./x.txt";

#[test]
fn signed_put_then_presigned_get_round_trips_an_awkward_key() {
    let fx = Fixture::new();
    fx.make_bucket("interop");
    let path = object_path("interop", KEY).expect("valid names");
    let body = b"hello, signed world";
    let put = fx.signed(
        "PUT",
        &path,
        "",
        &[("content-type", "text/plain")],
        PayloadMode::Bytes(body),
        body,
    );
    assert_eq!(put.status, 200, "{}", String::from_utf8_lossy(&put.body));
    let get = fx.presigned("GET", &path, &[], b"");
    assert_eq!(get.status, 200, "{}", String::from_utf8_lossy(&get.body));
    assert_eq!(get.body, body);
    let list = fx.signed(
        "GET",
        "/interop",
        "list-type=2&prefix=dir%2F",
        &[],
        PayloadMode::Unsigned,
        b"",
    );
    assert_eq!(list.status, 200);
    let listing = String::from_utf8_lossy(&list.body);
    // s3s-fs stores keys as file paths and so collapses `//./`; the
    // signatures above covered the key exactly as written.
    assert!(listing.contains("<Key>dir/a b+c%~ü😀/"), "{listing}");
}

#[test]
fn presigned_put_and_response_overrides_are_accepted() {
    let fx = Fixture::new();
    fx.make_bucket("presign");
    let path = format!("/presign/{}", encode_path("k e y"));
    let put = fx.presigned("PUT", &path, &[], b"via presigned PUT");
    assert_eq!(put.status, 200, "{}", String::from_utf8_lossy(&put.body));
    let get = fx.presigned(
        "GET",
        &path,
        &[("response-content-type", "text/x-test")],
        b"",
    );
    assert_eq!(get.status, 200);
    assert_eq!(get.body, b"via presigned PUT");
}

#[test]
fn presigned_put_bound_to_a_body_accepts_only_that_body() {
    let fx = Fixture::new();
    fx.make_bucket("bound");
    let path = object_path("bound", "k").expect("valid names");
    let body = b"the one body";
    let hash = newtera_sign::sha256_hex(body);
    // S3 servers sign presigned requests with UNSIGNED-PAYLOAD and check
    // the body against the signed `x-amz-content-sha256` header.
    let url = format!("{}{path}", fx.endpoint);
    let signed = newtera_sign::UrlPresigner::new("PUT", &url, Duration::from_secs(60))
        .body_sha256(&hash)
        .sign(&fx.params())
        .expect("presigns");
    assert!(signed.canonical_request().ends_with("UNSIGNED-PAYLOAD"));
    let target = signed
        .url()
        .trim_start_matches(fx.endpoint.as_str())
        .to_owned();
    let headers = [
        ("host".to_owned(), fx.host.clone()),
        ("x-amz-content-sha256".to_owned(), hash.clone()),
    ];
    let other = send(fx.addr, "PUT", &target, &headers, b"another body");
    assert!(other.status >= 400, "status {}", other.status);
    let put = send(fx.addr, "PUT", &target, &headers, body);
    assert_eq!(put.status, 200, "{}", String::from_utf8_lossy(&put.body));
}

#[test]
fn tampering_is_rejected() {
    let fx = Fixture::new();
    fx.make_bucket("tamper");
    let path = object_path("tamper", "k").expect("valid names");
    // The payload hash is signed, so a different body must fail.
    let put = fx.signed(
        "PUT",
        &path,
        "",
        &[],
        PayloadMode::Bytes(b"expected"),
        b"tampered",
    );
    assert!(put.status >= 400, "status {}", put.status);
    let url = presign_url(
        "GET",
        &format!("{}{path}", fx.endpoint),
        Duration::from_secs(60),
        &[],
        &fx.params(),
    )
    .expect("presigns");
    let forged = url.replace("X-Amz-Expires=60", "X-Amz-Expires=61");
    let target = forged.trim_start_matches(fx.endpoint.as_str()).to_owned();
    let get = send(
        fx.addr,
        "GET",
        &target,
        &[("host".to_owned(), fx.host.clone())],
        b"",
    );
    assert_eq!(get.status, 403, "{}", get.head);
}

#[test]
fn aws_chunked_signed_upload_is_verified_chunk_by_chunk() {
    let fx = Fixture::new();
    fx.make_bucket("chunked");
    let path = object_path("chunked", "big.bin").expect("valid names");
    let data: Vec<u8> = (0..150_000u32).map(|i| (i % 251) as u8).collect();
    let chunk = 64 * 1024;
    let len = aws_chunked_length(
        data.len() as u64,
        chunk as u64,
        ChunkedEncoding::Signed,
        &[],
    )
    .expect("length");
    let (decoded, encoded) = (data.len().to_string(), len.to_string());
    let headers = [
        ("host", fx.host.as_str()),
        ("content-encoding", "aws-chunked"),
        ("x-amz-decoded-content-length", decoded.as_str()),
        ("content-length", encoded.as_str()),
    ];
    let params = fx.params();
    let request = SignableRequest::new("PUT", &path, &headers);
    let seed = sign_headers(&request, PayloadMode::Streaming, &params).expect("seed");
    let mut signer = ChunkSigner::new(seed.signature(), &params);
    let mut body = Vec::new();
    for piece in data.chunks(chunk) {
        body.extend(signer.frame_chunk(piece));
    }
    body.extend_from_slice(signer.final_chunk().as_bytes());
    assert_eq!(body.len() as u64, len);
    let mut all: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    all.extend(
        seed.headers()
            .iter()
            .map(|(n, v)| ((*n).to_owned(), v.clone())),
    );
    let put = send(fx.addr, "PUT", &path, &all, &body);
    assert_eq!(put.status, 200, "{}", String::from_utf8_lossy(&put.body));
    let get = fx.presigned("GET", &path, &[], b"");
    assert_eq!(get.body, data);

    // A flipped byte inside a chunk breaks that chunk's signature.
    let mut bad = body.clone();
    let flip = bad.len() / 2;
    bad[flip] ^= 1;
    let put = send(
        fx.addr,
        "PUT",
        &object_path("chunked", "bad.bin").expect("valid names"),
        &all,
        &bad,
    );
    assert!(put.status >= 400, "status {}", put.status);
}

/// Uploads `data` as an aws-chunked body ending in a CRC32C trailer, signed
/// or not, and returns the response.
fn trailer_upload(fx: &Fixture, key: &str, data: &[u8], signed: bool) -> Response {
    let path = object_path("trailers", key).expect("valid names");
    let crc = crc32c::crc32c(data).to_be_bytes();
    let checksum = base64::engine::general_purpose::STANDARD.encode(crc);
    let trailers = [("x-amz-checksum-crc32c", checksum.as_str())];
    let (encoding, mode) = if signed {
        (
            ChunkedEncoding::SignedWithTrailer,
            PayloadMode::StreamingTrailer,
        )
    } else {
        (
            ChunkedEncoding::UnsignedWithTrailer,
            PayloadMode::StreamingUnsignedTrailer,
        )
    };
    let chunk = 16 * 1024;
    let len =
        aws_chunked_length(data.len() as u64, chunk as u64, encoding, &trailers).expect("length");
    let (decoded, encoded) = (data.len().to_string(), len.to_string());
    let headers = [
        ("host", fx.host.as_str()),
        ("content-encoding", "aws-chunked"),
        ("x-amz-decoded-content-length", decoded.as_str()),
        ("x-amz-trailer", "x-amz-checksum-crc32c"),
        ("content-length", encoded.as_str()),
    ];
    let params = fx.params();
    let request = SignableRequest::new("PUT", &path, &headers);
    let seed = sign_headers(&request, mode, &params).expect("seed");
    let mut body = Vec::new();
    if signed {
        let mut signer = ChunkSigner::new(seed.signature(), &params);
        for piece in data.chunks(chunk) {
            body.extend(signer.frame_chunk(piece));
        }
        let tail = signer.final_chunk_with_trailers(&trailers).expect("tail");
        body.extend_from_slice(tail.as_bytes());
    } else {
        for piece in data.chunks(chunk) {
            body.extend_from_slice(unsigned_chunk_header(piece.len()).as_bytes());
            body.extend_from_slice(piece);
            body.extend_from_slice(b"\r\n");
        }
        let tail = unsigned_final_chunk(&trailers).expect("tail");
        body.extend_from_slice(tail.as_bytes());
    }
    assert_eq!(body.len() as u64, len);
    let mut all: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    all.extend(
        seed.headers()
            .iter()
            .map(|(n, v)| ((*n).to_owned(), v.clone())),
    );
    send(fx.addr, "PUT", &path, &all, &body)
}

#[test]
fn trailer_uploads_signed_and_unsigned_are_accepted() {
    let fx = Fixture::new();
    fx.make_bucket("trailers");
    let data: Vec<u8> = (0..40_000u32).map(|i| (i * 7 % 256) as u8).collect();
    for (key, signed) in [("signed.bin", true), ("unsigned.bin", false)] {
        let put = trailer_upload(&fx, key, &data, signed);
        assert_eq!(
            put.status,
            200,
            "{key}: {}",
            String::from_utf8_lossy(&put.body)
        );
        let get = fx.presigned(
            "GET",
            &object_path("trailers", key).expect("valid names"),
            &[],
            b"",
        );
        assert_eq!(get.body, data, "{key}");
    }
}

#[test]
fn post_policy_form_uploads() {
    let fx = Fixture::new();
    fx.make_bucket("forms");
    let params = fx.params();
    let form = PostPolicy::new("forms", SystemTime::now() + Duration::from_secs(600))
        .key_starts_with("uploads/")
        .content_type("text/plain")
        .content_length_range(1, 1024)
        .sign(&params)
        .expect("form");
    let boundary = "----newtera-boundary";
    let mut body = Vec::new();
    for (name, value) in form.fields() {
        let value = value.replace("${filename}", "note.txt");
        body.extend(
            format!(
                "--{boundary}\r\ncontent-disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .into_bytes(),
        );
    }
    body.extend(format!("--{boundary}\r\ncontent-disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\ncontent-type: text/plain\r\n\r\nposted by a form\r\n--{boundary}--\r\n").into_bytes());
    let headers = [
        ("host".to_owned(), fx.host.clone()),
        (
            "content-type".to_owned(),
            format!("multipart/form-data; boundary={boundary}"),
        ),
    ];
    let post = send(fx.addr, "POST", "/forms", &headers, &body);
    assert!(
        post.status < 300,
        "{} {}",
        post.head,
        String::from_utf8_lossy(&post.body)
    );
    let get = fx.presigned("GET", "/forms/uploads/note.txt", &[], b"");
    assert_eq!(get.body, b"posted by a form");
}

#[cfg(feature = "http")]
#[test]
fn http_adapter_requests_are_accepted() {
    let fx = Fixture::new();
    fx.make_bucket("adapter");
    let uri = format!("{}/adapter/x%20y", fx.endpoint);
    let mut request = http::Request::put(uri)
        .header("content-type", "text/plain")
        .body(())
        .expect("request");
    newtera_sign::sign_http_request(&mut request, PayloadMode::Bytes(b"adapter"), &fx.params())
        .expect("signs");
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().expect("ascii").to_owned()))
        .collect();
    let put = send(fx.addr, "PUT", "/adapter/x%20y", &headers, b"adapter");
    assert_eq!(put.status, 200, "{}", String::from_utf8_lossy(&put.body));
}
