//! Exact wire behaviour of versions, tags and Object Lock against a
//! scripted server: version ids and the governance bypass where they
//! belong, answers read into typed results, and a version listing that
//! cannot move on stopped.

use std::time::{Duration, SystemTime};

use futures_util::TryStreamExt;
use newtera::{DeleteObjectRef, RetentionMode, Tags};

use crate::scripted::{Reply, Scripted};

#[tokio::test]
async fn remove_object_names_the_version_and_the_bypass() {
    let server = Scripted::start(vec![
        Reply::status(204, "")
            .header("x-amz-delete-marker", "true")
            .header("x-amz-version-id", "dm1"),
    ])
    .await;
    let client = server.client(Some("us-east-1"));
    let removed = client
        .remove_object("bkt", "a b")
        .version_id("v+1")
        .bypass_governance_retention(true)
        .await
        .unwrap();
    assert!(removed.delete_marker);
    assert_eq!(removed.version_id.as_deref(), Some("dm1"));
    let seen = &server.seen()[0];
    assert_eq!(seen.method, "DELETE");
    assert_eq!(seen.target, "/bkt/a%20b?versionId=v%2B1");
    assert_eq!(
        seen.header("x-amz-bypass-governance-retention"),
        Some("true")
    );
}

#[tokio::test]
async fn remove_objects_sends_versions_and_the_bypass_and_reports_versions() {
    let answer = "<DeleteResult><Error><Key>a</Key><VersionId>v1</VersionId>\
        <Code>AccessDenied</Code><Message>locked</Message></Error></DeleteResult>";
    let server = Scripted::start(vec![Reply::ok(answer)]).await;
    let client = server.client(Some("us-east-1"));
    let failures: Vec<_> = client
        .remove_objects(
            "bkt",
            [
                DeleteObjectRef::with_version("a", "v1"),
                DeleteObjectRef::new("b"),
            ],
        )
        .bypass_governance_retention(true)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].version_id.as_deref(), Some("v1"));
    assert_eq!(failures[0].error_code, "AccessDenied");
    let seen = &server.seen()[0];
    assert_eq!(
        seen.header("x-amz-bypass-governance-retention"),
        Some("true")
    );
    let body = String::from_utf8_lossy(&seen.body);
    assert!(
        body.contains("<Object><Key>a</Key><VersionId>v1</VersionId></Object>")
            && body.contains("<Object><Key>b</Key></Object>"),
        "{body}"
    );
}

#[tokio::test]
async fn a_version_listing_that_repeats_its_markers_stops() {
    let page = "<ListVersionsResult><IsTruncated>true</IsTruncated>\
        <NextKeyMarker>k</NextKeyMarker><NextVersionIdMarker>v</NextVersionIdMarker>\
        <Version><Key>k</Key><VersionId>v</VersionId></Version></ListVersionsResult>";
    let server = Scripted::start(vec![Reply::ok(page), Reply::ok(page)]).await;
    let client = server.client(Some("us-east-1"));
    let listed: newtera::Result<Vec<_>> = tokio::time::timeout(
        Duration::from_secs(10),
        client
            .list_object_versions("bkt")
            .recursive(true)
            .into_stream()
            .try_collect(),
    )
    .await
    .expect("the listing ends");
    let err = listed.unwrap_err();
    assert!(matches!(err, newtera::Error::MalformedResponse(_)), "{err}");
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert!(
        seen[1].target.contains("key-marker=k") && seen[1].target.contains("version-id-marker=v"),
        "{}",
        seen[1].target
    );
}

#[tokio::test]
async fn retention_and_tags_carry_an_integrity_header_and_the_version() {
    let server = Scripted::start(vec![Reply::ok(""), Reply::ok("")]).await;
    let client = server.client(Some("us-east-1"));
    let until = SystemTime::UNIX_EPOCH + Duration::from_millis(1_893_553_445_678);
    client
        .set_object_retention("bkt", "k", RetentionMode::Compliance, until)
        .version_id("v1")
        .bypass_governance_retention(true)
        .await
        .unwrap();
    let tags = Tags::from_pairs([("a&b", "<c>")]).unwrap();
    client.set_object_tags("bkt", "k", tags).await.unwrap();
    let seen = server.seen();
    assert_eq!(seen[0].method, "PUT");
    assert_eq!(seen[0].target, "/bkt/k?retention&versionId=v1");
    assert!(seen[0].header("content-md5").is_some());
    assert_eq!(
        seen[0].header("x-amz-bypass-governance-retention"),
        Some("true")
    );
    let body = String::from_utf8_lossy(&seen[0].body);
    assert!(
        body.contains(
            "<Mode>COMPLIANCE</Mode><RetainUntilDate>2030-01-02T03:04:05.678Z</RetainUntilDate>"
        ),
        "{body}"
    );
    assert_eq!(seen[1].target, "/bkt/k?tagging");
    let body = String::from_utf8_lossy(&seen[1].body);
    assert!(
        body.contains("<Key>a&amp;b</Key><Value>&lt;c&gt;</Value>"),
        "{body}"
    );
}
