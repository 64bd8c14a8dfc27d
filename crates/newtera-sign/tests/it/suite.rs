//! The published AWS SigV4 test suite, stage by stage.

use newtera_sign::{PayloadMode, Query, SignableRequest, encode_path, sign_headers};

use crate::support::{load, pairs, params, s};

#[test]
fn every_suite_vector_matches_stage_by_stage() {
    let doc = load(crate::support::SUITE);
    let vectors = doc["vectors"].as_array().expect("vectors");
    assert!(vectors.len() >= 20, "the suite subset is loaded");
    for v in vectors {
        let name = s(v, "name");
        let token = v["session_token"].as_str();
        // The generic suite (service `service`) does not use x-amz-content-sha256.
        let params = {
            let base = params(&doc["config"], "service", token);
            newtera_sign::SigningParams::builder()
                .credentials(base.credentials().clone())
                .region(base.region())
                .service(base.service())
                .time(crate::support::at(base.time().epoch_seconds()))
                .content_sha256_header(false)
                .build()
                .expect("params")
        };
        // Suite paths are raw; S3 signs the encoded path as is.
        let path = encode_path(s(v, "path"));
        let headers = pairs(&v["headers"]);
        let request = SignableRequest::new(s(v, "method"), &path, &headers)
            .with_query(Query::Raw(s(v, "query")));
        let out = sign_headers(
            &request,
            PayloadMode::Bytes(s(v, "body").as_bytes()),
            &params,
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            out.canonical_request(),
            s(v, "creq"),
            "{name}: canonical request"
        );
        assert_eq!(out.string_to_sign(), s(v, "sts"), "{name}: string to sign");
        let authz = s(v, "authz");
        let signature = authz.rsplit("Signature=").next().expect("signature");
        assert_eq!(out.signature(), signature, "{name}: signature");
        assert_eq!(out.authorization(), authz, "{name}: authorization");
        assert_eq!(out.header("x-amz-date"), Some("20150830T123600Z"), "{name}");
        assert_eq!(out.header("x-amz-security-token"), token, "{name}");
    }
}
