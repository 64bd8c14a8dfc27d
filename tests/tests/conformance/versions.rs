//! Versioning: the bucket's state, `list_object_versions` with delete
//! markers, prefixes and markers, the version id on reads, copies and
//! removals, and `remove_bucket_force` on a versioned bucket. Ceph RGW
//! versions; Garage and s3s-fs do not, and their actual answers are
//! asserted.

use std::future::IntoFuture;

use futures_util::TryStreamExt;
use newtera::{DeleteObjectRef, Newtera, ObjectVersion, VersioningConfiguration, VersioningStatus};
use newtera_testkit::ServerKind;

use crate::support::{bucket, client, kind, plain_http, unsupported};

/// (key, is_delete_marker, is_latest, is_dir) of each listed entry.
fn shape(versions: &[ObjectVersion]) -> Vec<(String, bool, bool, bool)> {
    versions
        .iter()
        .map(|v| {
            (
                v.object_name.clone(),
                v.is_delete_marker,
                v.is_latest,
                v.is_dir,
            )
        })
        .collect()
}

fn entry(key: &str, marker: bool, latest: bool) -> (String, bool, bool, bool) {
    (key.to_owned(), marker, latest, false)
}

async fn versions(client: &Newtera, b: &str, page: Option<u32>) -> Vec<ObjectVersion> {
    let mut list = client.list_object_versions(b).recursive(true);
    if let Some(page) = page {
        list = list.page_size(page);
    }
    list.into_stream()
        .try_collect()
        .await
        .expect("list versions")
}

/// Enables versioning where the server can; `false` (said out loud, with
/// the server's answer asserted) where it cannot.
pub(crate) async fn enable_versioning(client: &Newtera, b: &str) -> bool {
    let before = client.get_bucket_versioning(b).await;
    let set = client
        .set_bucket_versioning(b, VersioningConfiguration::enabled())
        .await;
    match kind() {
        ServerKind::Ceph => {
            assert_eq!(before.unwrap(), VersioningConfiguration::default());
            set.unwrap();
            let now = client.get_bucket_versioning(b).await.unwrap();
            assert_eq!(now.status, Some(VersioningStatus::Enabled));
            true
        }
        other => {
            unsupported("bucket versioning (PutBucketVersioning)");
            println!("{}: get {before:?}, set {set:?}", other.name());
            match other {
                // Garage reads every bucket as never versioned.
                ServerKind::Garage => {
                    assert_eq!(before.unwrap(), VersioningConfiguration::default())
                }
                _ => assert_eq!(before.unwrap_err().code(), Some("NotImplemented")),
            }
            let err = set.unwrap_err();
            assert_eq!(err.code(), Some("NotImplemented"), "{err}");
            false
        }
    }
}

#[tokio::test]
async fn versions_and_delete_markers_list_read_and_remove_by_id() {
    let client = client();
    let b = bucket(&client, "versions").await;
    if !enable_versioning(&client, &b).await {
        return unversioned_listing(&client, &b).await;
    }
    let v1 = client
        .put_object(&b, "k", "one")
        .await
        .unwrap()
        .version_id
        .unwrap();
    let v2 = client
        .put_object(&b, "k", "two")
        .await
        .unwrap()
        .version_id
        .unwrap();
    let dir = client
        .put_object(&b, "dir/x", "x")
        .await
        .unwrap()
        .version_id
        .unwrap();
    assert_ne!(v1, v2);
    let removed = client.remove_object(&b, "k").await.unwrap();
    assert!(removed.delete_marker, "{removed:?}");
    let marker = removed.version_id.expect("the delete marker's version id");

    let all = versions(&client, &b, None).await;
    assert_eq!(
        shape(&all),
        [
            entry("dir/x", false, true),
            entry("k", true, true),
            entry("k", false, false),
            entry("k", false, false),
        ]
    );
    let ids: Vec<&str> = all.iter().map(|v| v.version_id.as_str()).collect();
    assert_eq!(ids, [dir.as_str(), &marker, &v2, &v1]);
    assert_eq!((all[2].size, all[1].size), (3, 0));
    assert!(all[1].etag.is_none() && all[2].etag.is_some());
    // Page by page through both markers, the same entries.
    for page in [1, 2, 3] {
        assert_eq!(versions(&client, &b, Some(page)).await, all, "page {page}");
    }
    // One level, with the folder rolled up; a prefix; both markers.
    let top: Vec<ObjectVersion> = client
        .list_object_versions(&b)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    let mut top_shape = shape(&top);
    top_shape.sort();
    assert_eq!(
        top_shape,
        [
            ("dir/".to_owned(), false, true, true),
            entry("k", false, false),
            entry("k", false, false),
            entry("k", true, true),
        ]
    );
    let under_dir: Vec<ObjectVersion> = client
        .list_object_versions(&b)
        .prefix("dir/")
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(shape(&under_dir), [entry("dir/x", false, true)]);
    let after: Vec<ObjectVersion> = client
        .list_object_versions(&b)
        .recursive(true)
        .key_marker("k")
        .version_id_marker(marker.clone())
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    let after_ids: Vec<&str> = after.iter().map(|v| v.version_id.as_str()).collect();
    assert_eq!(after_ids, [v2.as_str(), &v1]);

    // The version id on every read: the latest is gone, old versions stay.
    assert!(
        client
            .stat_object(&b, "k")
            .await
            .unwrap_err()
            .is_not_found()
    );
    let old = client.get_object(&b, "k").version_id(&v1).await.unwrap();
    assert_eq!(old.bytes().await.unwrap(), "one");
    let stat = client.stat_object(&b, "k").version_id(&v2).await.unwrap();
    assert_eq!(
        (stat.size, stat.version_id.as_deref()),
        (3, Some(v2.as_str()))
    );
    let dir_path = tempfile::tempdir().unwrap();
    let file = dir_path.path().join("k");
    let fget = client
        .fget_object(&b, "k", &file)
        .version_id(&v1)
        .await
        .unwrap();
    assert_eq!(fget.version_id.as_deref(), Some(v1.as_str()));
    assert_eq!(std::fs::read(&file).unwrap(), b"one");
    let url = client
        .presigned_get_object(&b, "k")
        .version_id(&v2)
        .await
        .unwrap();
    assert_eq!(plain_http("GET", &url, &[], b"").body, b"two");
    let copied = client
        .copy_object(
            &b,
            "copy",
            newtera::CopySource::new(&b, "k").version_id(&v1),
        )
        .await
        .unwrap();
    let copy = client.get_object_bytes(&b, "copy").await.unwrap();
    assert_eq!(copy, "one");
    let copy_version = client.stat_object(&b, "copy").await.unwrap().version_id;
    assert!(copy_version.is_some());
    // Ceph RGW 16.2 sends no `x-amz-version-id` with CopyObject's answer.
    println!("CopyObject answered version {:?}", copied.version_id);
    assert_eq!(
        copied.version_id, None,
        "Ceph started sending the copy's version"
    );

    // Removing a version by id removes it for good; removing the delete
    // marker by id brings the key back.
    let gone = client.remove_object(&b, "k").version_id(&v1).await.unwrap();
    assert_eq!(gone.version_id.as_deref(), Some(v1.as_str()));
    assert!(!gone.delete_marker);
    let err = client
        .stat_object(&b, "k")
        .version_id(&v1)
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
    let unmarked = client
        .remove_object(&b, "k")
        .version_id(&marker)
        .await
        .unwrap();
    assert!(unmarked.delete_marker, "{unmarked:?}");
    let back = client.stat_object(&b, "k").await.unwrap();
    assert_eq!(back.version_id.as_deref(), Some(v2.as_str()));

    // Suspended: the state says so; writes make `null` versions.
    client
        .set_bucket_versioning(&b, VersioningConfiguration::suspended())
        .await
        .unwrap();
    let state = client.get_bucket_versioning(&b).await.unwrap();
    assert_eq!(state.status, Some(VersioningStatus::Suspended));
    client.put_object(&b, "k", "three").await.unwrap();
    let latest = versions(&client, &b, None).await;
    let k_latest = latest
        .iter()
        .find(|v| v.object_name == "k" && v.is_latest)
        .unwrap();
    assert_eq!(k_latest.version_id, "null");

    let removed = client.remove_bucket_force(&b).await.unwrap();
    assert_eq!(removed, latest.len() as u64);
    assert!(!client.bucket_exists(&b).await.unwrap());
}

/// Without versioning, ListObjectVersions lists each key once as its
/// `null` version, or is not implemented.
async fn unversioned_listing(client: &Newtera, b: &str) {
    client.put_object(b, "k", "one").await.unwrap();
    client.put_object(b, "dir/x", "x").await.unwrap();
    let listed: newtera::Result<Vec<ObjectVersion>> = client
        .list_object_versions(b)
        .recursive(true)
        .into_stream()
        .try_collect()
        .await;
    println!("{}: ListObjectVersions answers {listed:?}", kind().name());
    match kind() {
        ServerKind::Garage | ServerKind::S3sFs => {
            unsupported("ListObjectVersions");
            let err = listed.unwrap_err();
            assert_eq!(err.code(), Some("NotImplemented"), "{err}");
        }
        _ => {
            let listed = listed.unwrap();
            assert_eq!(
                shape(&listed),
                [entry("dir/x", false, true), entry("k", false, true)]
            );
            assert!(listed.iter().all(|v| v.version_id == "null"), "{listed:?}");
        }
    }
    // The library empties and removes such a bucket all the same.
    assert_eq!(client.remove_bucket_force(b).await.unwrap(), 2);
    assert!(!client.bucket_exists(b).await.unwrap());
}

#[tokio::test]
async fn remove_objects_takes_versions_and_reports_them() {
    let client = client();
    let b = bucket(&client, "batchversions").await;
    if !enable_versioning(&client, &b).await {
        // Without versions, a named version the server does not have is
        // refused or ignored; either way the key is reported or removed.
        client.put_object(&b, "a", "1").await.unwrap();
        let failures: Vec<_> = client
            .remove_objects(&b, [DeleteObjectRef::with_version("a", "no-such-version")])
            .try_collect()
            .await
            .unwrap();
        // Both servers ignore the version id: the request succeeds and
        // the key itself is removed.
        println!("{}: a missing version answers {failures:?}", kind().name());
        assert!(failures.is_empty(), "{failures:?}");
        let left = client.stat_object(&b, "a").await;
        println!("{}: the key afterwards: {left:?}", kind().name());
        assert!(left.unwrap_err().is_not_found());
        client.remove_bucket_force(&b).await.unwrap();
        return;
    }
    let mut refs = Vec::new();
    for i in 0..3 {
        for round in 0..2 {
            let put = client
                .put_object(&b, &format!("k{i}"), format!("{round}"))
                .await;
            refs.push(DeleteObjectRef::with_version(
                format!("k{i}"),
                put.unwrap().version_id.unwrap(),
            ));
        }
    }
    let failures: Vec<_> = client.remove_objects(&b, refs).try_collect().await.unwrap();
    assert!(failures.is_empty(), "{failures:?}");
    assert!(
        versions(&client, &b, None).await.is_empty(),
        "every version removed"
    );
    client.remove_bucket(&b).await.unwrap();
}

/// Keys whose listing form differs from their name, two versions each,
/// listed page by page: every version once, in order (Ceph RGW sends
/// `NextKeyMarker` raw while it encodes the keys).
#[tokio::test]
async fn awkward_keys_list_every_version_once_page_by_page() {
    let client = client();
    let b = bucket(&client, "oddversions").await;
    if !enable_versioning(&client, &b).await {
        return client.remove_bucket_force(&b).await.map(drop).unwrap();
    }
    let keys = ["a b", "a+b", "a%2Bb", "p%x", "dir ü/1", "dir ü+/2"];
    let mut expected = Vec::new();
    for key in keys {
        let mut ids = Vec::new();
        for round in 0..2 {
            let put = client
                .put_object(&b, key, format!("{round}"))
                .await
                .unwrap();
            ids.push(put.version_id.unwrap());
        }
        ids.reverse();
        expected.extend(ids.into_iter().map(|id| (key.to_owned(), id)));
    }
    expected.sort_by(|x, y| x.0.cmp(&y.0));
    for page in [1, 2, 3, 1000] {
        let got: Vec<(String, String)> = versions(&client, &b, Some(page))
            .await
            .into_iter()
            .map(|v| (v.object_name, v.version_id))
            .collect();
        assert_eq!(got, expected, "page {page}");
    }
    client.remove_bucket_force(&b).await.unwrap();
}

/// More versions than one DeleteObjects request takes: the forced removal
/// goes batch by batch while the listing pages on.
#[tokio::test]
async fn remove_bucket_force_empties_more_than_one_batch() {
    use futures_util::StreamExt;
    let client = client();
    let b = bucket(&client, "forcebatch").await;
    let versioned = enable_versioning(&client, &b).await;
    let keys: Vec<String> = (0..1001).map(|i| format!("k/{i:04}")).collect();
    let puts: Vec<newtera::Result<newtera::ObjectWriteResult>> = futures_util::stream::iter(
        keys.iter()
            .map(|k| client.put_object(&b, k, "x").into_future()),
    )
    .buffer_unordered(16)
    .collect()
    .await;
    assert!(puts.iter().all(|p| p.is_ok()));
    // On a versioned bucket every key also gets a delete marker; without
    // versions the keys themselves are listed and removed in batches.
    if versioned {
        let failures: Vec<_> = client
            .remove_objects(&b, keys.clone())
            .try_collect()
            .await
            .unwrap();
        assert!(failures.is_empty(), "{failures:?}");
    }
    let expected = if versioned { 2002 } else { 1001 };
    let removed = client.remove_bucket_force(&b).await.unwrap();
    assert_eq!(removed, expected);
    assert!(!client.bucket_exists(&b).await.unwrap());
}
