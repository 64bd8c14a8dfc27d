//! Object and bucket tags: round trips (of one version, where the server
//! versions), removal, and the limits refused before any request.

use newtera::{Tags, VersioningConfiguration};
use newtera_testkit::ServerKind;

use crate::support::{bucket, client, kind, unsupported};

fn tags(pairs: &[(&str, &str)]) -> Tags {
    Tags::from_pairs(pairs.iter().copied()).unwrap()
}

#[tokio::test]
async fn object_tags_round_trip_and_are_removed() {
    let client = client();
    let b = bucket(&client, "objtags").await;
    client.put_object(&b, "k", "x").await.unwrap();
    let none = client.get_object_tags(&b, "k").await;
    let wanted = tags(&[("project", "blue sky"), ("owner", "a&b<c>"), ("empty", "")]);
    let set = client.set_object_tags(&b, "k", wanted.clone()).await;
    println!("{}: get {none:?}, set {set:?}", kind().name());
    if kind() != ServerKind::Ceph {
        unsupported("object tags (PutObjectTagging)");
        assert_eq!(none.unwrap_err().code(), Some("NotImplemented"));
        assert_eq!(set.unwrap_err().code(), Some("NotImplemented"));
        return;
    }
    assert!(none.unwrap().is_empty());
    set.unwrap();
    assert_eq!(client.get_object_tags(&b, "k").await.unwrap(), wanted);
    client.delete_object_tags(&b, "k").await.unwrap();
    assert!(client.get_object_tags(&b, "k").await.unwrap().is_empty());
    // Removing tags that are not there succeeds.
    client.delete_object_tags(&b, "k").await.unwrap();
    let missing = client.get_object_tags(&b, "missing").await.unwrap_err();
    assert!(missing.is_not_found(), "{missing}");
}

#[tokio::test]
async fn tags_of_one_version_stay_with_it() {
    let client = client();
    let b = bucket(&client, "versiontags").await;
    let enabled = client
        .set_bucket_versioning(&b, VersioningConfiguration::enabled())
        .await;
    if kind() != ServerKind::Ceph {
        unsupported("tags of a version (no versioning)");
        assert_eq!(enabled.unwrap_err().code(), Some("NotImplemented"));
        return;
    }
    enabled.unwrap();
    let v1 = client
        .put_object(&b, "k", "1")
        .await
        .unwrap()
        .version_id
        .unwrap();
    let v2 = client
        .put_object(&b, "k", "2")
        .await
        .unwrap()
        .version_id
        .unwrap();
    client
        .set_object_tags(&b, "k", tags(&[("v", "one")]))
        .version_id(&v1)
        .await
        .unwrap();
    client
        .set_object_tags(&b, "k", tags(&[("v", "two")]))
        .await
        .unwrap();
    let of = |v: &str| client.get_object_tags(&b, "k").version_id(v);
    assert_eq!(of(&v1).await.unwrap(), tags(&[("v", "one")]));
    assert_eq!(of(&v2).await.unwrap(), tags(&[("v", "two")]));
    client
        .delete_object_tags(&b, "k")
        .version_id(&v1)
        .await
        .unwrap();
    assert!(of(&v1).await.unwrap().is_empty());
    assert_eq!(
        client.get_object_tags(&b, "k").await.unwrap(),
        tags(&[("v", "two")])
    );
    client.remove_bucket_force(&b).await.unwrap();
}

#[tokio::test]
async fn bucket_tags_round_trip_and_are_removed() {
    let client = client();
    let b = bucket(&client, "buckettags").await;
    let none = client.get_bucket_tags(&b).await;
    let many =
        Tags::from_pairs((0..50).map(|i| (format!("key{i:02}"), format!("value {i}")))).unwrap();
    let set = client.set_bucket_tags(&b, many.clone()).await;
    println!("{}: get {none:?}, set {set:?}", kind().name());
    if kind() != ServerKind::Ceph {
        unsupported("bucket tags (PutBucketTagging)");
        assert_eq!(none.unwrap_err().code(), Some("NotImplemented"));
        assert_eq!(set.unwrap_err().code(), Some("NotImplemented"));
        return;
    }
    assert!(none.unwrap().is_empty());
    set.unwrap();
    assert_eq!(client.get_bucket_tags(&b).await.unwrap(), many);
    client.delete_bucket_tags(&b).await.unwrap();
    assert!(client.get_bucket_tags(&b).await.unwrap().is_empty());
    client.delete_bucket_tags(&b).await.unwrap();
}

#[tokio::test]
async fn tag_limits_are_refused_before_any_request() {
    // A bucket that does not exist: any request would fail differently.
    let client = client();
    let eleven = Tags::from_pairs((0..11).map(|i| (format!("k{i}"), "v"))).unwrap();
    let err = client
        .set_object_tags("no-such-bucket-for-tags", "k", eleven)
        .await
        .unwrap_err();
    assert!(err.is_invalid_argument(), "{err}");
    let fifty_one = Tags::from_pairs((0..51).map(|i| (format!("k{i}"), "v"))).unwrap();
    let err = client
        .set_bucket_tags("no-such-bucket-for-tags", fifty_one)
        .await
        .unwrap_err();
    assert!(err.is_invalid_argument(), "{err}");
    let mut long = Tags::new();
    assert!(long.insert("k".repeat(129), "v").is_err());
    assert!(long.insert("k", "v".repeat(257)).is_err());
}

/// Ceph RGW 16.2, in a bucket made with Object Lock, answers
/// DeleteObjectTagging without a version id with success and keeps the
/// tags; with the version id (or a PUT of an empty tag set) they go.
#[tokio::test]
async fn tags_in_a_locked_bucket_are_removed_by_version() {
    let client = client();
    let b = crate::support::target().unique_bucket("locktags");
    let made = client.make_bucket(&b).object_lock(true).await;
    if kind() != ServerKind::Ceph {
        unsupported("object tags in a bucket with Object Lock");
        assert_eq!(made.unwrap_err().code(), Some("NotImplemented"));
        return;
    }
    made.unwrap();
    client.put_object(&b, "t", "x").await.unwrap();
    client
        .set_object_tags(&b, "t", tags(&[("a", "1")]))
        .await
        .unwrap();
    client.delete_object_tags(&b, "t").await.unwrap();
    let kept = client.get_object_tags(&b, "t").await.unwrap();
    println!("ceph: DeleteObjectTagging without a version id in a locked bucket keeps {kept:?}");
    assert_eq!(kept, tags(&[("a", "1")]), "Ceph started removing them");
    let v = client
        .stat_object(&b, "t")
        .await
        .unwrap()
        .version_id
        .unwrap();
    client
        .delete_object_tags(&b, "t")
        .version_id(&v)
        .await
        .unwrap();
    assert!(client.get_object_tags(&b, "t").await.unwrap().is_empty());
    client
        .set_object_tags(&b, "t", tags(&[("a", "1")]))
        .await
        .unwrap();
    client.set_object_tags(&b, "t", Tags::new()).await.unwrap();
    assert!(client.get_object_tags(&b, "t").await.unwrap().is_empty());
    client.remove_bucket_force(&b).await.unwrap();
}
