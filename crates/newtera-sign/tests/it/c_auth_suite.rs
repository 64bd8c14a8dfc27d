//! The aws-c-auth SigV4 test suite: every case S3 semantics can express,
//! header signing and query signing (presign with the payload hash), stage
//! by stage.

use std::time::Duration;

use newtera_sign::{
    Credentials, PayloadMode, Query, SignableRequest, SignedHeaders, SigningParams, SigningTime,
    encode_path, presign_with_payload, sign_headers,
};
use percent_encoding::percent_decode_str;
use serde_json::Value;

use crate::support::{C_AUTH_SUITE, load, pairs, s};

/// Cases whose expected path is normalised (`.`/`..` resolved, `//`
/// merged): S3 signs the path as sent, so they do not apply; their
/// `-unnormalized` twins are checked instead.
const NORMALISED_PATH: &[&str] = &[
    "get-relative-normalized",
    "get-relative-relative-normalized",
    "get-slash-dot-slash-normalized",
    "get-slash-normalized",
    "get-slash-pointless-dot-normalized",
    "get-slashes-normalized",
];

fn params(config: &Value, v: &Value) -> SigningParams {
    let mut creds = Credentials::new(s(config, "access_key"), s(config, "secret_key"));
    if let Some(token) = v["session_token"].as_str() {
        creds = creds.with_session_token(token);
    }
    // The suite's timestamp, parsed as a replay would.
    let time = SigningTime::parse_amz_date(s(config, "time")).expect("x-amz-date");
    let mut builder = SigningParams::builder()
        .credentials(creds)
        .region(s(config, "region"))
        .service(s(config, "service"))
        .time(time.to_system_time())
        .content_sha256_header(v["sign_body"].as_bool().expect("sign_body"));
    if v["omit_session_token"].as_bool() == Some(true) {
        builder = builder.signed_headers(SignedHeaders::except(["x-amz-security-token"]));
    }
    builder.build().expect("params")
}

fn applicable(doc: &Value) -> Vec<&Value> {
    let all = doc["vectors"].as_array().expect("vectors");
    assert_eq!(all.len(), 38, "the whole v4 suite is stored");
    all.iter()
        .filter(|v| !NORMALISED_PATH.contains(&s(v, "name")))
        .collect()
}

#[test]
fn header_signing_matches_every_applicable_case() {
    let doc = load(C_AUTH_SUITE);
    let cases = applicable(&doc);
    assert_eq!(cases.len(), 32);
    for v in cases {
        let name = s(v, "name");
        let params = params(&doc["config"], v);
        let path = encode_path(s(v, "path"));
        let headers = pairs(&v["headers"]);
        let request = SignableRequest::new(s(v, "method"), &path, &headers)
            .with_query(Query::Raw(s(v, "query")));
        let body = PayloadMode::Bytes(s(v, "body").as_bytes());
        let out = sign_headers(&request, body, &params).unwrap_or_else(|e| panic!("{name}: {e}"));
        let want = &v["header"];
        assert_eq!(out.canonical_request(), s(want, "creq"), "{name}: creq");
        assert_eq!(out.string_to_sign(), s(want, "sts"), "{name}: sts");
        assert_eq!(out.signature(), s(want, "signature"), "{name}: signature");
        assert_eq!(
            out.authorization(),
            s(want, "authz"),
            "{name}: authorization"
        );
        let token = out.header("x-amz-security-token");
        assert_eq!(token, v["session_token"].as_str(), "{name}: token sent");
    }
}

#[test]
fn query_signing_matches_every_applicable_case() {
    let doc = load(C_AUTH_SUITE);
    for v in applicable(&doc) {
        let name = s(v, "name");
        let params = params(&doc["config"], v);
        let path = encode_path(s(v, "path"));
        let headers = pairs(&v["headers"]);
        let request = SignableRequest::new(s(v, "method"), &path, &headers)
            .with_query(Query::Raw(s(v, "query")));
        let expires = Duration::from_secs(v["expires"].as_u64().expect("expires"));
        // The suite binds the payload hash (of the empty body, mostly).
        let body = PayloadMode::Bytes(s(v, "body").as_bytes());
        let out = presign_with_payload(&request, body, expires, &params)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let want = &v["query_signing"];
        assert_eq!(out.canonical_request(), s(want, "creq"), "{name}: creq");
        assert_eq!(out.string_to_sign(), s(want, "sts"), "{name}: sts");
        assert_eq!(out.signature(), s(want, "signature"), "{name}: signature");
        assert_eq!(
            query_set(&out.query_string()),
            query_set(published_query(s(want, "signed_request_line"))),
            "{name}: signed URL query"
        );
    }
}

/// The query of `METHOD /path?query HTTP/1.1` (the path may hold spaces).
fn published_query(line: &str) -> &str {
    let target = line.strip_suffix(" HTTP/1.1").expect("request line");
    target.split_once('?').map_or("", |(_, q)| q)
}

/// Decoded, sorted pairs: the published lines keep the request's order
/// and raw UTF-8, this crate sorts and encodes.
fn query_set(query: &str) -> Vec<(String, String)> {
    let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    pairs.sort();
    pairs
}
