//! Buckets: make, exists, list, remove, and their errors.

use newtera_testkit::ServerKind;

use crate::support::{bucket, client, client_without_region, kind, target, unsupported};

#[tokio::test]
async fn make_list_exists_remove() {
    let client = client();
    let name = bucket(&client, "buckets").await;
    assert!(client.bucket_exists(&name).await.unwrap());
    let listed = client.list_buckets().await.unwrap();
    let found = listed
        .iter()
        .find(|b| b.name == name)
        .expect("the new bucket is listed");
    assert!(found.creation_date.is_some(), "{found:?}");
    client.remove_bucket(&name).await.unwrap();
    assert!(!client.bucket_exists(&name).await.unwrap());
}

#[tokio::test]
async fn missing_bucket_is_not_found() {
    let client = client();
    let name = target().unique_bucket("missing");
    assert!(!client.bucket_exists(&name).await.unwrap());
    let err = client.remove_bucket(&name).await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(err.code(), Some("NoSuchBucket"), "{err}");
    let err = client.stat_object(&name, "k").await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
}

#[tokio::test]
async fn removing_a_non_empty_bucket_fails() {
    let client = client();
    let name = bucket(&client, "nonempty").await;
    client.put_object(&name, "k", "v").await.unwrap();
    if kind() == ServerKind::S3sFs {
        unsupported("BucketNotEmpty: removing a non-empty bucket succeeds");
        client.remove_bucket(&name).await.unwrap();
        return;
    }
    let err = client.remove_bucket(&name).await.unwrap_err();
    assert_eq!(err.code(), Some("BucketNotEmpty"), "{err}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(409));
}

#[tokio::test]
async fn creating_an_existing_bucket_fails() {
    let client = client();
    let name = bucket(&client, "twice").await;
    client.put_object(&name, "kept", "kept").await.unwrap();
    let again = client.make_bucket(&name).await;
    if kind() == ServerKind::Ceph {
        // The AWS us-east-1 legacy rule: re-creating your own bucket
        // answers 200 and changes nothing.
        unsupported("BucketAlreadyOwnedByYou (re-creating one's own bucket answers 200)");
        assert!(again.is_ok(), "{again:?}");
        let kept = client.get_object(&name, "kept").await.unwrap();
        assert_eq!(
            kept.bytes().await.unwrap(),
            "kept",
            "the bucket is untouched"
        );
        return;
    }
    let err = again.unwrap_err();
    let code = err.code().unwrap_or_default().to_owned();
    assert!(
        code == "BucketAlreadyOwnedByYou" || code == "BucketAlreadyExists",
        "{err}"
    );
}

#[tokio::test]
async fn invalid_bucket_names_are_refused_before_any_request() {
    let client = client();
    for bad in [
        "",
        "ab",
        "has_underscore_and-too-long-".repeat(4).as_str(),
        "-dash",
        "a..b",
    ] {
        let err = client.bucket_exists(bad).await.unwrap_err();
        assert!(err.is_invalid_argument(), "{bad}: {err}");
    }
}

#[tokio::test]
async fn region_is_discovered_without_configuration() {
    let client = client_without_region();
    let name = target().unique_bucket("region");
    client.make_bucket(&name).await.unwrap();
    client.put_object(&name, "k", "v").await.unwrap();
    assert_eq!(
        client
            .get_object(&name, "k")
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap(),
        "v"
    );
    assert!(!client.list_buckets().await.unwrap().is_empty());
}
