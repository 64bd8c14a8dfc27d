//! POST policy: the S3 browser-upload example and the form this crate builds.

use std::time::Duration;

use base64::Engine as _;
use newtera_sign::{Credentials, Error, PostPolicy, SigningKey, SigningParams};

use crate::support::{S3_EXAMPLES, at, load, s};

#[test]
fn browser_post_example_signature() {
    let doc = load(S3_EXAMPLES);
    let ex = &doc["post"];
    let config = &doc["config"];
    let key = SigningKey::derive(s(config, "secret_key"), "20151229", s(ex, "region"), "s3");
    assert_eq!(key.sign(s(ex, "policy_base64")), s(ex, "signature"));
}

fn params(token: Option<&str>) -> SigningParams {
    let mut creds = Credentials::new(
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    );
    if let Some(token) = token {
        creds = creds.with_session_token(token);
    }
    SigningParams::builder()
        .credentials(creds)
        .region("us-east-1")
        .time(at(1_451_347_200))
        .build()
        .expect("params")
}

#[test]
fn form_fields_policy_and_signature_agree() {
    let params = params(Some("session"));
    let expiry = at(1_451_347_200) + Duration::from_secs(36 * 3600);
    let form = PostPolicy::new("sigv4examplebucket", expiry)
        .key_starts_with("user/user1/")
        .content_type("image/jpeg")
        .content_length_range(1, 1024)
        .condition("x-amz-meta-uuid", "14365123651274")
        .starts_with("x-amz-meta-tag", "")
        .sign(&params)
        .expect("signs");
    let names: Vec<&str> = form.fields().iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "key",
            "Content-Type",
            "x-amz-meta-uuid",
            "x-amz-algorithm",
            "x-amz-credential",
            "x-amz-date",
            "x-amz-security-token",
            "policy",
            "x-amz-signature"
        ]
    );
    assert_eq!(form.field("key"), Some("user/user1/${filename}"));
    assert_eq!(
        form.field("x-amz-credential"),
        Some("AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request")
    );
    assert_eq!(form.field("x-amz-date"), Some("20151229T000000Z"));
    let json = form.policy_json();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(form.policy())
        .expect("base64");
    assert_eq!(decoded, json.as_bytes());
    let value: serde_json::Value = serde_json::from_str(json).expect("policy is JSON");
    assert_eq!(value["expiration"], "2015-12-30T12:00:00.000Z");
    let conditions = value["conditions"].as_array().expect("conditions");
    assert!(conditions.contains(&serde_json::json!({"bucket": "sigv4examplebucket"})));
    assert!(conditions.contains(&serde_json::json!(["starts-with", "$key", "user/user1/"])));
    assert!(conditions.contains(&serde_json::json!(["content-length-range", 1, 1024])));
    assert!(conditions.contains(&serde_json::json!({"x-amz-security-token": "session"})));
    let key = SigningKey::derive(
        params.credentials().secret_key(),
        "20151229",
        "us-east-1",
        "s3",
    );
    assert_eq!(form.signature(), key.sign(form.policy()));
    assert_eq!(form.field("x-amz-signature"), Some(form.signature()));
}

#[test]
fn json_strings_are_escaped() {
    let params = params(None);
    let form = PostPolicy::new("bkt", at(1_451_400_000))
        .key("a\"b\\c\n")
        .sign(&params)
        .expect("signs");
    let value: serde_json::Value = serde_json::from_str(form.policy_json()).expect("JSON");
    assert_eq!(value["conditions"][1][2], "a\"b\\c\n");
}

#[test]
fn invalid_policies_are_typed_errors() {
    let params = params(None);
    let later = at(1_451_400_000);
    let no_key = PostPolicy::new("bkt", later).sign(&params);
    assert!(matches!(no_key, Err(Error::InvalidPolicy { .. })));
    let expired = PostPolicy::new("bkt", at(1_451_347_200))
        .key("k")
        .sign(&params);
    assert!(matches!(expired, Err(Error::InvalidPolicy { .. })));
    let range = PostPolicy::new("bkt", later)
        .key("k")
        .content_length_range(5, 1)
        .sign(&params);
    assert!(matches!(range, Err(Error::InvalidPolicy { .. })));
    let bucket = PostPolicy::new("", later).key("k").sign(&params);
    assert!(matches!(bucket, Err(Error::InvalidBucketName { .. })));
}

#[test]
fn a_condition_on_a_field_the_policy_sets_is_refused() {
    let params = params(Some("token"));
    let later = at(1_451_400_000);
    for field in [
        "key",
        "Key",
        "bucket",
        "policy",
        "file",
        "x-amz-date",
        "X-Amz-Credential",
        "x-amz-algorithm",
        "x-amz-signature",
        "x-amz-security-token",
        "",
    ] {
        let eq = PostPolicy::new("bkt", later)
            .key("k")
            .condition(field, "forged")
            .sign(&params);
        assert!(matches!(eq, Err(Error::InvalidPolicy { .. })), "{field:?}");
        let prefix = PostPolicy::new("bkt", later)
            .key("k")
            .starts_with(field, "")
            .sign(&params);
        assert!(
            matches!(prefix, Err(Error::InvalidPolicy { .. })),
            "{field:?}"
        );
    }
    // Other fields are conditions and form fields.
    let form = PostPolicy::new("bkt", later)
        .key("k")
        .condition("success_action_status", "201")
        .starts_with("x-amz-meta-tag", "")
        .sign(&params)
        .expect("signs");
    assert_eq!(form.field("success_action_status"), Some("201"));
}
