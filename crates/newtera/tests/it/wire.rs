//! Exact wire behaviour, against the scripted server.

use crate::scripted::{Reply, Scripted};

const BUCKETS: &str = "<ListAllMyBucketsResult><Buckets><Bucket><Name>b</Name>\
    <CreationDate>2024-01-02T03:04:05.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>";

#[tokio::test]
async fn follows_the_region_hint_once() {
    let hint = "<Error><Code>AuthorizationHeaderMalformed</Code><Message>wrong region</Message>\
        <Region>eu-west-9</Region></Error>";
    let server = Scripted::start(vec![
        Reply::status(400, hint),
        Reply::ok(BUCKETS),
        Reply::ok(BUCKETS),
    ])
    .await;
    let client = server.client(None);
    let buckets = client.list_buckets().await.unwrap();
    assert_eq!(buckets[0].name, "b");
    client.list_buckets().await.unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    assert!(
        seen[0]
            .header("authorization")
            .unwrap()
            .contains("/us-east-1/s3/aws4_request")
    );
    assert!(
        seen[1]
            .header("authorization")
            .unwrap()
            .contains("/eu-west-9/s3/aws4_request")
    );
    assert!(
        seen[2]
            .header("authorization")
            .unwrap()
            .contains("/eu-west-9/s3/aws4_request"),
        "the region is remembered"
    );
}

#[tokio::test]
async fn a_configured_region_ignores_hints() {
    let hint = "<Error><Code>AuthorizationHeaderMalformed</Code><Region>eu-west-9</Region></Error>";
    let server = Scripted::start(vec![Reply::status(400, hint)]).await;
    let err = server
        .client(Some("garage"))
        .list_buckets()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("AuthorizationHeaderMalformed"));
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn slow_down_is_retried_then_succeeds() {
    let slow = "<Error><Code>SlowDown</Code><Message>reduce your rate</Message></Error>";
    let server = Scripted::start(vec![Reply::status(503, slow), Reply::ok(BUCKETS)]).await;
    assert_eq!(
        server
            .client(Some("us-east-1"))
            .list_buckets()
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(server.seen().len(), 2);
}

#[tokio::test]
async fn errors_carry_the_whole_error_document() {
    let doc = "<Error><Code>NoSuchKey</Code><Message>gone</Message><Resource>/b/k</Resource>\
        <RequestId>RID</RequestId><HostId>HID</HostId><Key>k</Key><BucketName>b</BucketName></Error>";
    let server = Scripted::start(vec![Reply::status(404, doc)]).await;
    let err = server
        .client(Some("us-east-1"))
        .get_object("bkt", "k")
        .await
        .unwrap_err();
    let r = err.as_response().expect("a service error");
    assert_eq!(
        (r.status.as_u16(), r.code.as_str(), r.message.as_str()),
        (404, "NoSuchKey", "gone")
    );
    assert_eq!(
        (r.request_id.as_deref(), r.host_id.as_deref()),
        (Some("RID"), Some("HID"))
    );
    assert_eq!(
        (
            r.bucket_name.as_deref(),
            r.object_name.as_deref(),
            r.resource.as_deref()
        ),
        (Some("b"), Some("k"), Some("/b/k"))
    );
    assert!(err.is_not_found());
}

#[tokio::test]
async fn garbage_answers_are_malformed_not_panics() {
    let server = Scripted::start(vec![
        Reply::ok("<ListAllMyBucketsResult><Buckets><Bucket>"),
        Reply::ok("\u{0}\u{1}garbage"),
    ])
    .await;
    let client = server.client(Some("us-east-1"));
    for _ in 0..2 {
        let err = client.list_buckets().await.unwrap_err();
        assert!(matches!(err, newtera::Error::MalformedResponse(_)), "{err}");
    }
}

#[tokio::test]
async fn complete_with_an_error_in_a_200_is_retried() {
    let init = "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>UP</UploadId></InitiateMultipartUploadResult>";
    let internal = "<Error><Code>InternalError</Code><Message>try again</Message></Error>";
    let done = "<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><ETag>\"abc-2\"</ETag></CompleteMultipartUploadResult>";
    let part = Reply::ok("").header("etag", "\"p\"");
    let server = Scripted::start(vec![
        Reply::ok(init),
        part.clone(),
        part,
        Reply::ok(internal),
        Reply::ok(done),
    ])
    .await;
    let client = server.client(Some("us-east-1"));
    let put = client
        .put_object("bkt", "k", vec![1u8; 6 << 20])
        .part_size(5 << 20)
        .await
        .unwrap();
    assert_eq!(put.etag, "abc-2");
    let seen = server.seen();
    let completes: Vec<_> = seen
        .iter()
        .filter(|s| s.method == "POST" && s.target.contains("uploadId=UP"))
        .collect();
    assert_eq!(completes.len(), 2, "the 200-with-error was retried");
    let body = String::from_utf8_lossy(&completes[1].body);
    assert!(
        body.contains("<PartNumber>1</PartNumber>") && body.contains("<PartNumber>2</PartNumber>"),
        "{body}"
    );
}

#[tokio::test]
async fn a_failed_part_aborts_the_upload() {
    let init = "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>UP</UploadId></InitiateMultipartUploadResult>";
    let denied = "<Error><Code>AccessDenied</Code><Message>no</Message></Error>";
    let server = Scripted::start(vec![
        Reply::ok(init),
        Reply::status(403, denied),
        Reply::status(403, denied),
        Reply::status(204, ""),
    ])
    .await;
    let client = server.client(Some("us-east-1"));
    let err = client
        .put_object("bkt", "k", vec![1u8; 6 << 20])
        .part_size(5 << 20)
        .parallelism(1)
        .await
        .unwrap_err();
    assert!(err.is_access_denied(), "{err}");
    let seen = server.seen();
    assert!(
        seen.iter()
            .any(|s| s.method == "DELETE" && s.target.contains("uploadId=UP")),
        "aborted: {seen:?}"
    );
}

#[tokio::test]
async fn delete_objects_sends_a_quiet_batch_with_an_integrity_header() {
    let server = Scripted::start(vec![Reply::ok("<DeleteResult></DeleteResult>")]).await;
    let client = server.client(Some("us-east-1"));
    use futures_util::TryStreamExt;
    let errors: Vec<_> = client
        .remove_objects("bkt", ["a", "b c"])
        .try_collect()
        .await
        .unwrap();
    assert!(errors.is_empty());
    let seen = &server.seen()[0];
    assert_eq!(seen.method, "POST");
    assert!(seen.target.starts_with("/bkt?delete"), "{}", seen.target);
    assert!(
        seen.header("content-md5").is_some()
            || seen
                .headers
                .iter()
                .any(|(k, _)| k.starts_with("x-amz-checksum-"))
    );
    let body = String::from_utf8_lossy(&seen.body);
    assert!(
        body.contains("<Quiet>true</Quiet>") && body.contains("<Key>b c</Key>"),
        "{body}"
    );
}

#[tokio::test]
async fn invalid_arguments_send_nothing() {
    let server = Scripted::start(vec![]).await;
    let client = server.client(Some("us-east-1"));
    assert!(
        client
            .stat_object("Bad_Bucket!", "k")
            .await
            .unwrap_err()
            .is_invalid_argument()
    );
    assert!(
        client
            .get_object("b", "")
            .await
            .unwrap_err()
            .is_invalid_argument()
    );
    assert!(
        client
            .put_object("bkt", "k", "x")
            .part_size(1024)
            .await
            .unwrap_err()
            .is_invalid_argument()
    );
    let err = client
        .presigned_get_object("bkt", "k")
        .expires(std::time::Duration::from_secs(8 * 86400))
        .await
        .unwrap_err();
    assert!(err.is_invalid_argument());
    assert!(
        newtera::Newtera::builder("http://host/path")
            .build()
            .unwrap_err()
            .is_invalid_argument()
    );
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn part_size_and_parallelism_are_checked_even_for_small_objects() {
    let server = Scripted::start(vec![]).await;
    let client = server.client(Some("us-east-1"));
    assert!(
        client
            .put_object("bkt", "k", "x")
            .part_size(6 << 30)
            .await
            .unwrap_err()
            .is_invalid_argument()
    );
    assert!(
        client
            .put_object("bkt", "k", "x")
            .parallelism(0)
            .await
            .unwrap_err()
            .is_invalid_argument()
    );
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn listing_falls_back_to_v1_when_v2_is_not_implemented() {
    use futures_util::TryStreamExt;
    let not_implemented = "<Error><Code>NotImplemented</Code><Message>no V2</Message></Error>";
    let v1_page1 = "<ListBucketResult><Name>bkt</Name><IsTruncated>true</IsTruncated>\
        <Contents><Key>a</Key><Size>1</Size></Contents><Contents><Key>b</Key><Size>2</Size></Contents></ListBucketResult>";
    let v1_page2 = "<ListBucketResult><Name>bkt</Name><IsTruncated>false</IsTruncated>\
        <Contents><Key>c</Key><Size>3</Size></Contents></ListBucketResult>";
    let server = Scripted::start(vec![
        Reply::status(501, not_implemented),
        Reply::ok(v1_page1),
        Reply::ok(v1_page2),
    ])
    .await;
    let client = server.client(Some("us-east-1"));
    let keys: Vec<String> = client
        .list_objects("bkt")
        .recursive(true)
        .into_stream()
        .map_ok(|o| o.object_name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(keys, ["a", "b", "c"]);
    let seen = server.seen();
    assert!(seen[0].target.contains("list-type=2"), "{}", seen[0].target);
    assert!(!seen[1].target.contains("list-type"), "{}", seen[1].target);
    assert!(
        seen[2].target.contains("marker=b"),
        "the V1 marker is the last key: {}",
        seen[2].target
    );
}

#[tokio::test]
async fn an_empty_object_is_asked_for_again_without_a_range() {
    let invalid = "<Error><Code>InvalidRange</Code><Message>empty</Message></Error>";
    let server = Scripted::start(vec![
        Reply::status(416, invalid),
        Reply::ok("")
            .header("etag", "\"d41d8cd98f00b204e9800998ecf8427e\"")
            .header("content-type", "text/plain"),
    ])
    .await;
    let client = server.client(Some("us-east-1"));
    let got = client
        .get_object_bytes("bkt", "empty key")
        .await
        .expect("bytes");
    assert!(got.is_empty());
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].header("range"), Some("bytes=0-16777215"));
    // The second request still names the object (its names were kept).
    assert_eq!(seen[1].target, seen[0].target);
    assert_eq!(seen[1].target, "/bkt/empty%20key");
    assert_eq!(seen[1].header("range"), None);
}

#[tokio::test]
async fn a_put_sends_the_default_content_type_unless_one_is_set() {
    let stored = || Reply::ok("").header("etag", "\"5d41402abc4b2a76b9719d911017c592\"");
    let server = Scripted::start(vec![stored(), stored(), stored()]).await;
    let client = server.client(Some("us-east-1"));
    client.put_object("bkt", "k", "hello").await.expect("put");
    client
        .put_object("bkt", "k", "hello")
        .content_type("text/plain")
        .await
        .expect("put");
    client
        .put_object("bkt", "k", "hello")
        .header("Content-Type", "image/png")
        .await
        .expect("put");
    let types: Vec<_> = server
        .seen()
        .iter()
        .map(|s| s.header("content-type").map(str::to_owned))
        .collect();
    assert_eq!(
        types,
        [
            Some("application/octet-stream".to_owned()),
            Some("text/plain".to_owned()),
            Some("image/png".to_owned())
        ]
    );
}
