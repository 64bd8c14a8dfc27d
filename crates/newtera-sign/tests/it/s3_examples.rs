//! The S3 documentation examples for header signing, stage by stage.

use newtera_sign::{PayloadMode, Query, SignableRequest, encode_path, sign_headers};

use crate::support::{S3_EXAMPLES, load, pairs, s, s3_params};

#[test]
fn header_signing_examples_match_stage_by_stage() {
    let doc = load(S3_EXAMPLES);
    let params = s3_params();
    let examples = doc["header_signing"].as_array().expect("examples");
    assert_eq!(examples.len(), 4);
    for ex in examples {
        let name = s(ex, "name");
        let path = match ex.get("key") {
            Some(key) => format!("/{}", encode_path(key.as_str().expect("key"))),
            None => s(ex, "path").to_owned(),
        };
        assert_eq!(path, s(ex, "path"), "{name}: encode_path");
        let headers = pairs(&ex["headers"]);
        let request = SignableRequest::new(s(ex, "method"), &path, &headers)
            .with_query(Query::Raw(s(ex, "query")));
        let body = s(ex, "body").as_bytes();
        let out = sign_headers(&request, PayloadMode::Bytes(body), &params)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            out.canonical_request(),
            s(ex, "creq"),
            "{name}: canonical request"
        );
        assert_eq!(out.string_to_sign(), s(ex, "sts"), "{name}: string to sign");
        // The S3 pages print `Credential=…,SignedHeaders=…` without the
        // space after the comma that this crate (like the AWS SDKs) emits.
        assert_eq!(
            out.authorization().replace(", ", ","),
            s(ex, "authz"),
            "{name}: authorization"
        );
    }
}

#[test]
fn get_object_with_unsigned_payload_signs_the_literal() {
    let params = s3_params();
    let headers = [("Host", "examplebucket.s3.amazonaws.com")];
    let request = SignableRequest::new("GET", "/test.txt", &headers);
    let out = sign_headers(&request, PayloadMode::Unsigned, &params).expect("signs");
    assert!(out.canonical_request().ends_with("\nUNSIGNED-PAYLOAD"));
    assert_eq!(out.header("x-amz-content-sha256"), Some("UNSIGNED-PAYLOAD"));
}

#[test]
fn precomputed_hash_equals_hashing_the_bytes() {
    let params = s3_params();
    let headers = [("host", "h")];
    let request = SignableRequest::new("PUT", "/b/k", &headers);
    let hashed = sign_headers(
        &request,
        PayloadMode::Bytes(b"Welcome to Amazon S3."),
        &params,
    )
    .expect("signs");
    let pre = PayloadMode::Precomputed(
        "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
    );
    let precomputed = sign_headers(&request, pre, &params).expect("signs");
    assert_eq!(hashed, precomputed);
}
