//! Bucket and key rules: refused up front, and in agreement with the
//! client's rules in `newtera-proto`.

use std::time::Duration;

use newtera_proto::validate as proto;
use newtera_sign::{
    Credentials, Error, NameRules, PostPolicy, SigningParams, object_path, presign_url,
    validate_bucket_name, validate_object_key,
};
use proptest::prelude::*;

use crate::support::{at, s3_params};

fn agree(name: &str) {
    for (ours, theirs) in [
        (NameRules::Strict, proto::NameRules::Strict),
        (NameRules::Relaxed, proto::NameRules::Relaxed),
    ] {
        assert_eq!(
            validate_bucket_name(name, ours).is_ok(),
            proto::validate_bucket_name(name, theirs).is_ok(),
            "{name:?} under {ours:?}"
        );
    }
    assert_eq!(
        validate_object_key(name).is_ok(),
        proto::validate_object_name(name).is_ok()
    );
}

#[test]
fn the_rules_agree_with_the_client_on_awkward_names() {
    for name in [
        "",
        "ab",
        "abc",
        "Bad_Bucket",
        "my.bucket",
        "a..b",
        "a.-b",
        "-abc",
        "abc-",
        "192.168.5.4",
        "1.2.3",
        "xn--abc",
        "abc-s3alias",
        "sthree-x",
        "a:b:c",
        "ü-bucket",
        "abc.mrap",
    ] {
        agree(name);
    }
    agree(&"a".repeat(63));
    agree(&"a".repeat(64));
    agree(&"é".repeat(513));
}

proptest! {
    #[test]
    fn the_rules_agree_with_the_client(name in "[a-zA-Z0-9._:\\-é]{0,66}") {
        agree(&name);
    }
}

#[test]
fn object_path_refuses_empty_names() {
    assert!(matches!(
        object_path("", "k"),
        Err(Error::InvalidBucketName { .. })
    ));
    assert!(matches!(
        object_path("bkt", ""),
        Err(Error::InvalidObjectKey { .. })
    ));
    assert_eq!(
        object_path("My_Bucket", "a b"),
        Ok("/My_Bucket/a%20b".to_owned())
    );
}

#[test]
fn post_policy_refuses_bad_buckets_unless_relaxed() {
    let params = SigningParams::builder()
        .credentials(Credentials::new("AKID", "secret"))
        .region("us-east-1")
        .time(at(1_451_347_200))
        .build()
        .expect("params");
    let later = at(1_451_347_200) + Duration::from_secs(60);
    let strict = PostPolicy::new("Bad_Bucket", later).key("k").sign(&params);
    let Err(Error::InvalidBucketName { name, reason }) = strict else {
        panic!("Bad_Bucket was signed: {strict:?}");
    };
    assert_eq!(name, "Bad_Bucket");
    assert!(reason.contains("a-z"), "{reason}");
    let relaxed = PostPolicy::new("Bad_Bucket", later)
        .name_rules(NameRules::Relaxed)
        .key("k")
        .sign(&params)
        .expect("legacy names are allowed when asked");
    assert_eq!(
        relaxed.action_url("http://127.0.0.1:9000"),
        Ok("http://127.0.0.1:9000/Bad_Bucket".to_owned())
    );
    assert!(matches!(
        relaxed.virtual_hosted_action_url("https://s3.amazonaws.com"),
        Err(Error::InvalidBucketName { .. })
    ));
    assert!(matches!(
        relaxed.action_url("http://h/path"),
        Err(Error::InvalidUrl { .. })
    ));
    let empty_key = PostPolicy::new("bkt", later).key("").sign(&params);
    assert!(matches!(empty_key, Err(Error::InvalidObjectKey { .. })));
}

#[test]
fn lower_case_methods_are_refused_with_a_hint() {
    let params = s3_params();
    let url = presign_url(
        "get",
        "https://h/b/k",
        Duration::from_secs(60),
        &[],
        &params,
    );
    let Err(err @ Error::InvalidMethod { .. }) = url else {
        panic!("a lower-case method was signed: {url:?}");
    };
    assert!(err.to_string().contains("upper-case"), "{err}");
    for method in ["Get", "pUT", ""] {
        assert!(
            presign_url(
                method,
                "https://h/b/k",
                Duration::from_secs(60),
                &[],
                &params
            )
            .is_err()
        );
    }
}
