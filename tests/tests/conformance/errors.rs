//! Errors map to the right codes.

use crate::support::{bucket, client, target};

#[tokio::test]
async fn bad_credentials_are_access_denied() {
    let t = target();
    let bad = newtera::Newtera::builder(&t.endpoint)
        .credentials(&t.access_key, "not-the-secret")
        .region(&t.region)
        .build()
        .unwrap();
    let err = bad.list_buckets().await.unwrap_err();
    assert!(err.is_access_denied(), "{err}");
    let code = err.code().unwrap_or_default();
    assert!(
        [
            "SignatureDoesNotMatch",
            "AccessDenied",
            "InvalidAccessKeyId"
        ]
        .contains(&code),
        "{err}"
    );
    assert!(
        !format!("{err} {err:?}").contains("not-the-secret"),
        "secrets never in errors"
    );
}

#[tokio::test]
async fn unknown_access_key_is_refused() {
    let t = target();
    let bad = newtera::Newtera::builder(&t.endpoint)
        .credentials("GKnobody0000000000000000", "x")
        .region(&t.region)
        .build()
        .unwrap();
    let err = bad.list_buckets().await.unwrap_err();
    assert!(err.is_access_denied(), "{err}");
}

#[tokio::test]
async fn anonymous_requests_are_refused_by_a_private_server() {
    let t = target();
    let anon = newtera::Newtera::builder(&t.endpoint)
        .anonymous()
        .region(&t.region)
        .build()
        .unwrap();
    let owner = crate::support::client();
    let b = crate::support::bucket(&owner, "private").await;
    owner.put_object(&b, "secret", "secret").await.unwrap();
    let err = anon.get_object(&b, "secret").await.unwrap_err();
    assert!(err.is_access_denied(), "{err}");
    let err = anon.stat_object(&b, "secret").await.unwrap_err();
    assert!(err.is_access_denied(), "{err}");
    let buckets = anon.list_buckets().await;
    if crate::support::kind() == newtera_testkit::ServerKind::Ceph {
        // Ceph lists the buckets an anonymous user owns: none.
        crate::support::unsupported("403 on an anonymous ListBuckets (answers an empty list)");
        assert_eq!(buckets.unwrap(), Vec::new());
    } else {
        let err = buckets.unwrap_err();
        assert!(err.is_access_denied(), "{err}");
    }
    let err = anon.presigned_get_object("b", "k").await.unwrap_err();
    assert!(
        err.is_invalid_argument(),
        "an anonymous client cannot presign: {err}"
    );
}

#[tokio::test]
async fn empty_and_too_long_keys_are_refused_before_any_request() {
    let client = client();
    let b = bucket(&client, "badkeys").await;
    for key in [String::new(), "k".repeat(1025)] {
        let err = client.put_object(&b, &key, "x").await.unwrap_err();
        assert!(err.is_invalid_argument(), "{err}");
        let err = client.stat_object(&b, &key).await.unwrap_err();
        assert!(err.is_invalid_argument(), "{err}");
    }
}
