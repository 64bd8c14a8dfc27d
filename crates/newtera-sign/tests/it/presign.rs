//! Query signing: the S3 presigned GET example and presign options.

use std::time::Duration;

use newtera_sign::{
    Credentials, PayloadMode, Query, SignableRequest, SignedHeaders, SigningParams, UrlPresigner,
    presign, presign_url, presign_url_detailed,
};

use crate::support::{S3_EXAMPLES, at, load, s, s3_params};

#[test]
fn presigned_get_example_matches_stage_by_stage() {
    let doc = load(S3_EXAMPLES);
    let ex = &doc["presign"];
    let params = s3_params();
    let expires = Duration::from_secs(ex["expires"].as_u64().expect("expires"));
    let headers = [("host", "examplebucket.s3.amazonaws.com")];
    let request = SignableRequest::new("GET", "/test.txt", &headers);
    let signed = presign(&request, expires, &params).expect("presigns");
    assert_eq!(signed.canonical_request(), s(ex, "creq"));
    assert_eq!(signed.string_to_sign(), s(ex, "sts"));
    assert_eq!(signed.signature(), s(ex, "signature"));
    let url = presign_url(s(ex, "method"), s(ex, "url"), expires, &[], &params).expect("url");
    assert_eq!(url, s(ex, "presigned_url"));
}

#[test]
fn extra_query_and_existing_query_are_signed_and_sorted() {
    let params = s3_params();
    let url = presign_url(
        "GET",
        "http://127.0.0.1:9000/b/a%20b.txt?versionId=3",
        Duration::from_secs(60),
        &[("response-content-type", "text/plain; charset=utf-8")],
        &params,
    )
    .expect("url");
    let query = url.split_once('?').expect("query").1;
    assert!(url.starts_with("http://127.0.0.1:9000/b/a%20b.txt?X-Amz-Algorithm="));
    // Upper-case `X-Amz-*` sort before lower-case names.
    let names: Vec<&str> = query
        .split('&')
        .map(|p| p.split('=').next().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        [
            "X-Amz-Algorithm",
            "X-Amz-Credential",
            "X-Amz-Date",
            "X-Amz-Expires",
            "X-Amz-SignedHeaders",
            "response-content-type",
            "versionId",
            "X-Amz-Signature"
        ]
    );
    assert!(query.contains("response-content-type=text%2Fplain%3B%20charset%3Dutf-8"));
}

#[test]
fn host_header_drops_only_the_default_port() {
    let params = s3_params();
    let sign =
        |url: &str| presign_url("GET", url, Duration::from_secs(60), &[], &params).expect("url");
    let sig = |url: String| url.rsplit("X-Amz-Signature=").next().map(str::to_owned);
    assert_eq!(sig(sign("https://h:443/k")), sig(sign("https://h/k")));
    assert_ne!(sig(sign("http://h:9000/k")), sig(sign("http://h/k")));
}

#[test]
fn session_token_is_signed_in_the_query() {
    let params = SigningParams::builder()
        .credentials(Credentials::new("AKID", "secret").with_session_token("tok/en+=="))
        .region("us-east-1")
        .time(at(1_369_353_600))
        .build()
        .expect("params");
    let headers = [("host", "h")];
    let request = SignableRequest::new("PUT", "/b/k", &headers)
        .with_query(Query::Pairs(&[("partNumber", "1"), ("uploadId", "x y")]));
    let signed = presign(&request, Duration::from_secs(1), &params).expect("presigns");
    let qs = signed.query_string();
    assert!(qs.contains("X-Amz-Security-Token=tok%2Fen%2B%3D%3D"));
    assert!(
        signed
            .canonical_request()
            .contains("X-Amz-Security-Token=tok%2Fen%2B%3D%3D")
    );
    assert!(qs.contains("uploadId=x%20y") && qs.contains("X-Amz-Expires=1&"));
}

#[test]
fn detailed_url_exposes_the_published_stages() {
    let doc = load(S3_EXAMPLES);
    let ex = &doc["presign"];
    let expires = Duration::from_secs(ex["expires"].as_u64().expect("expires"));
    let signed = presign_url_detailed(s(ex, "method"), s(ex, "url"), expires, &[], &s3_params())
        .expect("url");
    assert_eq!(signed.canonical_request(), s(ex, "creq"));
    assert_eq!(signed.string_to_sign(), s(ex, "sts"));
    assert_eq!(signed.signature(), s(ex, "signature"));
    assert_eq!(signed.url(), s(ex, "presigned_url"));
    assert!(!format!("{signed:?}").contains(s(ex, "signature")));
}

#[test]
fn the_payload_hash_is_bound_when_the_caller_chooses_it() {
    let params = s3_params();
    let hash = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
    let url = "https://examplebucket.s3.amazonaws.com/test%24file.text";
    let bound = UrlPresigner::new("PUT", url, Duration::from_secs(60))
        .payload(PayloadMode::Precomputed(hash))
        .headers(&[
            ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            ("Host", "ignored"),
        ])
        .sign(&params)
        .expect("signs");
    assert!(
        bound
            .canonical_request()
            .ends_with(&format!("\nhost;x-amz-storage-class\n{hash}"))
    );
    let from_bytes = UrlPresigner::new("PUT", url, Duration::from_secs(60))
        .payload(PayloadMode::Bytes(b"Welcome to Amazon S3."))
        .headers(&[("x-amz-storage-class", "REDUCED_REDUNDANCY")])
        .sign(&params)
        .expect("signs");
    assert_eq!(bound, from_bytes);
    let unsigned = presign_url("PUT", url, Duration::from_secs(60), &[], &params).expect("url");
    assert_ne!(unsigned, bound.url());
    let bad = UrlPresigner::new("PUT", url, Duration::from_secs(60))
        .payload(PayloadMode::Precomputed("XYZ"))
        .sign(&params);
    assert_eq!(bad, Err(newtera_sign::Error::InvalidPayloadHash));
}

#[test]
fn an_unsigned_session_token_follows_the_signed_query() {
    let params = SigningParams::builder()
        .credentials(Credentials::new("AKID", "secret").with_session_token("tok"))
        .region("us-east-1")
        .time(at(1_369_353_600))
        .signed_headers(SignedHeaders::except(["X-Amz-Security-Token"]))
        .build()
        .expect("params");
    let headers = [("host", "h")];
    let request = SignableRequest::new("GET", "/b/k", &headers);
    let signed = presign(&request, Duration::from_secs(60), &params).expect("presigns");
    assert!(!signed.canonical_request().contains("tok"));
    let qs = signed.query_string();
    assert!(
        qs.contains("&X-Amz-Security-Token=tok&X-Amz-Signature="),
        "{qs}"
    );
}

#[test]
fn body_sha256_signs_the_header_the_s3_way() {
    let params = s3_params();
    let hash = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
    let signed = UrlPresigner::new("PUT", "https://h/b/k", Duration::from_secs(60))
        .body_sha256(hash)
        .sign(&params)
        .expect("signs");
    let creq = signed.canonical_request();
    assert!(creq.contains(&format!("\nx-amz-content-sha256:{hash}\n")));
    assert!(creq.ends_with("\nhost;x-amz-content-sha256\nUNSIGNED-PAYLOAD"));
    let bad = UrlPresigner::new("PUT", "https://h/b/k", Duration::from_secs(60))
        .body_sha256("ABC")
        .sign(&params);
    assert_eq!(bad, Err(newtera_sign::Error::InvalidPayloadHash));
}

#[test]
fn a_query_parameter_the_signature_sets_is_refused() {
    let params = s3_params();
    let expires = Duration::from_secs(60);
    let url = "http://127.0.0.1:9000/b/k";
    for name in ["X-Amz-Expires", "x-amz-signature", "X-AMZ-SECURITY-TOKEN"] {
        let err = presign_url("GET", url, expires, &[(name, "1")], &params).expect_err(name);
        assert_eq!(
            err,
            newtera_sign::Error::ReservedQueryParameter { name: name.into() }
        );
    }
    // Already in the URL, encoded or not.
    for url in [
        "http://127.0.0.1:9000/b/k?X-Amz-Credential=x",
        "http://127.0.0.1:9000/b/k?X%2DAmz%2DDate=x",
    ] {
        assert!(
            matches!(
                presign_url("GET", url, expires, &[], &params),
                Err(newtera_sign::Error::ReservedQueryParameter { .. })
            ),
            "{url}"
        );
    }
    assert!(presign_url("GET", url, expires, &[("X-Amz-Other", "1")], &params).is_ok());
}
