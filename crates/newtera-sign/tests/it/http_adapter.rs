//! The `http` crate adapters.

use std::time::Duration;

use newtera_sign::{
    Error, PayloadMode, presign_http_uri, presign_url, sign_http_request, sign_http_request_only,
};

use crate::support::{S3_EXAMPLES, load, s, s3_params};

#[test]
fn signs_an_http_request_in_place_like_the_s3_example() {
    let params = s3_params();
    let mut request = http::Request::get("https://examplebucket.s3.amazonaws.com/test.txt")
        .header("Range", "bytes=0-9")
        .header("x-amz-date", "stale, replaced")
        .body(())
        .expect("request");
    let out = sign_http_request(&mut request, PayloadMode::Bytes(b""), &params).expect("signs");
    let doc = load(S3_EXAMPLES);
    let expected = s(&doc["header_signing"][0], "authz");
    let h = request.headers();
    assert_eq!(h["host"], "examplebucket.s3.amazonaws.com");
    assert_eq!(h["x-amz-date"], "20130524T000000Z");
    let authorization = h["authorization"].to_str().expect("ascii");
    assert_eq!(authorization.replace(", ", ","), expected);
    assert_eq!(authorization, out.authorization());
}

#[test]
fn signing_only_sets_the_same_headers() {
    let params = s3_params();
    let request = || {
        http::Request::put("http://127.0.0.1:9000/bucket/a%20key?uploads")
            .header("content-type", "text/plain")
            .body(())
            .expect("request")
    };
    let (mut full, mut only) = (request(), request());
    sign_http_request(&mut full, PayloadMode::Bytes(b"body"), &params).expect("signs");
    sign_http_request_only(&mut only, PayloadMode::Bytes(b"body"), &params).expect("signs");
    assert_eq!(full.headers(), only.headers());
    assert!(only.headers().contains_key("authorization"));
    let mut bad = request();
    let value = http::HeaderValue::from_bytes(b"caf\xc3\xa9").expect("opaque bytes");
    bad.headers_mut().insert("x-amz-meta-name", value);
    let err = sign_http_request_only(&mut bad, PayloadMode::Unsigned, &params).err();
    assert!(matches!(err, Some(Error::InvalidHeaderValue { .. })));
}

#[test]
fn rejects_non_ascii_header_values() {
    let params = s3_params();
    let value = http::HeaderValue::from_bytes(b"caf\xc3\xa9").expect("opaque bytes");
    let mut request = http::Request::put("http://h/b/k")
        .body(())
        .expect("request");
    request.headers_mut().insert("x-amz-meta-name", value);
    let err = sign_http_request(&mut request, PayloadMode::Unsigned, &params).err();
    assert!(matches!(err, Some(Error::InvalidHeaderValue { .. })));
}

#[test]
fn presigns_a_uri_like_the_url_function() {
    let params = s3_params();
    let day = Duration::from_secs(86_400);
    let uri: http::Uri = "https://examplebucket.s3.amazonaws.com/test.txt"
        .parse()
        .expect("uri");
    let signed = presign_http_uri(&http::Method::GET, &uri, day, &[], &params).expect("presign");
    let doc = load(S3_EXAMPLES);
    assert_eq!(signed.to_string(), s(&doc["presign"], "presigned_url"));
    let via_url = presign_url("GET", &uri.to_string(), day, &[], &params).expect("presign");
    assert_eq!(signed.to_string(), via_url);
}
