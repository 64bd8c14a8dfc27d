//! Empty request bodies say `Content-Length: 0`, and answers that lack a
//! field S3 documents as present are completed or refused clearly,
//! against the scripted server.

use crate::scripted::{Reply, Scripted, Seen};

const INIT: &str = "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key>\
    <UploadId>UP</UploadId></InitiateMultipartUploadResult>";
const PART_COPY: &str = "<CopyPartResult><ETag>\"0123456789abcdef0123456789abcdef\"</ETag>\
    <LastModified>2024-01-02T03:04:05.000Z</LastModified></CopyPartResult>";
const COPY: &str = "<CopyObjectResult><ETag>\"0123456789abcdef0123456789abcdef\"</ETag>\
    <LastModified>2024-01-02T03:04:05.000Z</LastModified></CopyObjectResult>";

fn length(seen: &Seen) -> Option<&str> {
    seen.header("content-length")
}

#[tokio::test]
async fn every_empty_body_says_content_length_zero() {
    let server = Scripted::start(vec![
        Reply::ok(""),                                                        // make_bucket
        Reply::ok("").header("etag", "\"d41d8cd98f00b204e9800998ecf8427e\""), // put 0 bytes
        Reply::status(204, ""),                                               // remove_object
        Reply::ok(""),                                                        // stat (HEAD)
    ])
    .await;
    let client = server.client(Some("us-east-1"));
    client.make_bucket("bkt").await.unwrap();
    client.put_object("bkt", "zero", Vec::new()).await.unwrap();
    client.remove_object("bkt", "zero").await.unwrap();
    let _ = client.stat_object("bkt", "zero").await;
    let seen = server.seen();
    assert_eq!(seen.len(), 4, "{seen:?}");
    for s in &seen[..3] {
        assert_eq!(length(s), Some("0"), "{} {}", s.method, s.target);
    }
    assert_eq!(seen[3].method, "HEAD");
    assert_eq!(length(&seen[3]), None, "HEAD carries no length");
}

#[tokio::test]
async fn copies_and_upload_posts_say_content_length_zero() {
    let done =
        "<CompleteMultipartUploadResult><ETag>\"abc-2\"</ETag></CompleteMultipartUploadResult>";
    let stat = Reply::head(12 << 20).header("etag", "\"src\"");
    let server = Scripted::start(vec![
        stat.clone(), // HEAD of the source (single copy)
        Reply::ok(COPY),
        stat, // HEAD of the source (multipart copy)
        Reply::ok(INIT),
        Reply::ok(PART_COPY),
        Reply::ok(PART_COPY),
        Reply::ok(PART_COPY),
        Reply::ok(done),
    ])
    .await;
    let client = server.client(Some("us-east-1"));
    client
        .copy_object("bkt", "one", newtera::CopySource::new("bkt", "src"))
        .await
        .unwrap();
    client
        .copy_object("bkt", "parts", newtera::CopySource::new("bkt", "src"))
        .multipart_above(5 << 20, 5 << 20)
        .await
        .unwrap();
    let seen = server.seen();
    for s in seen
        .iter()
        .filter(|s| s.method == "PUT" || s.method == "POST")
    {
        if s.body.is_empty() {
            assert_eq!(length(s), Some("0"), "{} {}", s.method, s.target);
        }
    }
    assert!(
        seen.iter()
            .any(|s| s.method == "POST" && s.target.contains("uploads")),
        "a CreateMultipartUpload was sent: {seen:?}"
    );
}

#[tokio::test]
async fn an_empty_complete_etag_is_learned_by_a_pinned_head() {
    let done = "<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><ETag></ETag>\
        </CompleteMultipartUploadResult>";
    // Parts' MD5s: the multipart ETag is the MD5 of their binary concatenation.
    let p1 = "\"0cc175b9c0f1b6a831c399e269772661\"";
    let p2 = "\"92eb5ffee6ae2fec3ad71c777531578f\"";
    let expected = "\"96e024ba2074fe77e8e965ba43a704be-2\"";
    let server = Scripted::start(vec![
        Reply::ok(INIT),
        Reply::ok("").header("etag", p1),
        Reply::ok("").header("etag", p2),
        Reply::ok(done),
        Reply::ok("").header("etag", expected),
    ])
    .await;
    let client = server.client(Some("us-east-1"));
    let put = client
        .put_object("bkt", "k", vec![1u8; 6 << 20])
        .part_size(5 << 20)
        .parallelism(1)
        .await
        .unwrap();
    assert_eq!(put.etag, expected.trim_matches('"'));
    let seen = server.seen();
    let last = seen.last().unwrap();
    assert_eq!(last.method, "HEAD");
    let pinned = last.header("if-match").unwrap_or_default();
    let computed = newtera_proto::op::multipart::multipart_etag(&[
        newtera_proto::types::CompletedPart::new(1, p1),
        newtera_proto::types::CompletedPart::new(2, p2),
    ])
    .unwrap();
    assert_eq!(pinned, computed, "the HEAD is pinned to this upload's ETag");
}

#[tokio::test]
async fn a_replaced_object_keeps_the_uploads_own_etag() {
    let done = "<CompleteMultipartUploadResult><ETag/></CompleteMultipartUploadResult>";
    let p = "\"0cc175b9c0f1b6a831c399e269772661\"";
    let server = Scripted::start(vec![
        Reply::ok(INIT),
        Reply::ok("").header("etag", p),
        Reply::ok("").header("etag", p),
        Reply::ok(done),
        Reply::status(412, ""),
    ])
    .await;
    let client = server.client(Some("us-east-1"));
    let put = client
        .put_object("bkt", "k", vec![1u8; 6 << 20])
        .part_size(5 << 20)
        .await
        .unwrap();
    // MD5 of the two parts' binary MD5s, computed independently.
    assert_eq!(put.etag, "7b3c799ee8b11a11c798c8b41bed8502-2");
}

#[tokio::test]
async fn a_put_without_etag_is_learned_by_a_head_pinned_to_its_md5() {
    let md5 = "\"5d41402abc4b2a76b9719d911017c592\""; // md5("hello")
    let server = Scripted::start(vec![Reply::ok(""), Reply::ok("").header("etag", md5)]).await;
    let client = server.client(Some("us-east-1"));
    let put = client.put_object("bkt", "k", "hello").await.unwrap();
    assert_eq!(put.etag, md5.trim_matches('"'));
    let seen = server.seen();
    assert_eq!(seen[1].method, "HEAD");
    assert_eq!(seen[1].header("if-match"), Some(md5));
}

#[tokio::test]
async fn no_etag_anywhere_is_a_clear_error() {
    // Part ETags that are not MD5s: the upload's ETag cannot be computed.
    let server = Scripted::start(vec![
        Reply::ok(INIT),
        Reply::ok("").header("etag", "\"p1\""),
        Reply::ok("").header("etag", "\"p2\""),
        Reply::ok("<CompleteMultipartUploadResult/>"),
        Reply::ok(""),
    ])
    .await;
    let client = server.client(Some("us-east-1"));
    let err = client
        .put_object("bkt", "k", vec![1u8; 6 << 20])
        .part_size(5 << 20)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("ETag"), "{err}");
    assert_eq!(server.seen().last().unwrap().header("if-match"), None);
}

#[tokio::test]
async fn a_head_without_last_modified_or_etag_still_gives_a_stat() {
    let server = Scripted::start(vec![Reply::ok("")]).await;
    let client = server.client(Some("us-east-1"));
    let stat = client.stat_object("bkt", "k").await.unwrap();
    assert_eq!(stat.size, 0);
    assert_eq!(stat.last_modified, None);
    assert_eq!(stat.etag, "");
}

#[tokio::test]
async fn a_source_key_with_percent_is_copied_in_one_request() {
    let stat = Reply::head(12 << 20).header("etag", "\"src\"");
    let server = Scripted::start(vec![stat, Reply::ok(COPY)]).await;
    let client = server.client(Some("us-east-1"));
    client
        .copy_object("bkt", "dst", newtera::CopySource::new("bkt", "a%41"))
        .multipart_above(5 << 20, 5 << 20)
        .await
        .unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "HEAD, then one CopyObject: {seen:?}");
    assert_eq!(seen[1].header("x-amz-copy-source"), Some("/bkt/a%2541"));
}
