//! Per-request options: storage class, tags, all six `response-*`
//! overrides, extra headers and query parameters, and encryption on
//! presigned URLs.

use futures_util::TryStreamExt;
use newtera::{ResponseOverrides, Sse};
use newtera_testkit::ServerKind;

use crate::support::{bucket, client, data, kind, plain_http, unsupported};

#[tokio::test]
async fn storage_class_on_writes_shows_in_stat_and_listing() {
    let client = client();
    let b = bucket(&client, "sclass").await;
    let put = client
        .put_object(&b, "rr", "x")
        .storage_class("REDUCED_REDUNDANCY")
        .await;
    let standard = client
        .put_object(&b, "std", "x")
        .storage_class("STANDARD")
        .await;
    let bogus = client
        .put_object(&b, "bogus", "x")
        .storage_class("NO_SUCH_CLASS")
        .await;
    standard.expect("STANDARD is accepted everywhere");
    let stat = client.stat_object(&b, "rr").await;
    let listed: Vec<newtera::Object> = client
        .list_objects(&b)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    let listed_class = |k: &str| {
        listed
            .iter()
            .find(|o| o.object_name == k)
            .and_then(|o| o.storage_class.clone())
    };
    println!(
        "{}: put RR {:?}, stat {:?}, listed {:?}, bogus {:?}",
        kind().name(),
        put.as_ref().map(drop),
        stat.as_ref().map(|s| s.storage_class.clone()),
        listed_class("rr"),
        bogus.as_ref().map(drop).map_err(|e| e.to_string())
    );
    match kind() {
        ServerKind::Ceph => {
            // One placement target: only STANDARD exists; other classes
            // are refused with InvalidArgument (AWS: InvalidStorageClass).
            for e in [put.unwrap_err(), bogus.unwrap_err()] {
                assert_eq!(e.code(), Some("InvalidArgument"), "{e}");
            }
            assert_eq!(listed_class("std").as_deref(), Some("STANDARD"));
            unsupported("storage classes other than STANDARD (400 InvalidArgument)");
        }
        ServerKind::S3sFs => {
            put.expect("accepted");
            assert_eq!(bogus.unwrap_err().code(), Some("InvalidStorageClass"));
            assert_eq!(stat.unwrap().storage_class, None);
            assert_eq!(listed_class("rr"), None);
            unsupported("storage class (a known class is accepted, not stored)");
        }
        _ => {
            // Garage 2.5 takes any class and lists every object STANDARD.
            put.expect("accepted");
            bogus.expect("any class accepted");
            assert_eq!(stat.unwrap().storage_class, None);
            assert_eq!(listed_class("rr").as_deref(), Some("STANDARD"));
            unsupported("storage class (any accepted, listed as STANDARD)");
        }
    }
}

#[tokio::test]
async fn tags_on_put_and_copy() {
    let client = client();
    let b = bucket(&client, "tags").await;
    client
        .put_object(&b, "k", "tagged")
        .tag("project", "newtera")
        .tag("stage", "a b&c=d")
        .await
        .expect("put with tags");
    let got = client.get_object(&b, "k").await.unwrap();
    println!("{}: tag count {:?}", kind().name(), got.stat.tag_count);
    client
        .copy_object(&b, "kept", newtera::CopySource::new(&b, "k"))
        .await
        .expect("copy keeping tags");
    client
        .copy_object(&b, "replaced", newtera::CopySource::new(&b, "k"))
        .tags([("only", "one")])
        .await
        .expect("copy replacing tags");
    let kept = client.get_object(&b, "kept").await.unwrap().stat.tag_count;
    let replaced = client
        .get_object(&b, "replaced")
        .await
        .unwrap()
        .stat
        .tag_count;
    println!("{}: copies {kept:?} {replaced:?}", kind().name());
    match kind() {
        ServerKind::Ceph => {
            assert_eq!(got.stat.tag_count, Some(2));
            assert_eq!(kept, Some(2));
            // 16.2 ignores `x-amz-tagging-directive: REPLACE` on CopyObject.
            assert_eq!(replaced, Some(2));
            unsupported(
                "x-amz-tagging-directive REPLACE on CopyObject (the source's tags are kept)",
            );
        }
        _ => {
            assert_eq!((got.stat.tag_count, kept, replaced), (None, None, None));
            unsupported("x-amz-tagging-count on GET (tags on put/copy not visible)");
        }
    }
    let too_many: Vec<(String, String)> = (0..11).map(|i| (format!("k{i}"), "v".into())).collect();
    let e = client
        .put_object(&b, "k2", "x")
        .tags(too_many)
        .await
        .unwrap_err();
    assert!(e.is_invalid_argument(), "{e}");
}

#[tokio::test]
async fn response_overrides_and_extra_headers_and_query() {
    let client = client();
    let b = bucket(&client, "overrides6").await;
    client.put_object(&b, "k", data(100, 1)).await.unwrap();
    let overrides = ResponseOverrides {
        content_type: Some("text/x-o".into()),
        content_disposition: Some("attachment; filename=\"o.txt\"".into()),
        content_encoding: Some("identity".into()),
        content_language: Some("fr".into()),
        cache_control: Some("no-cache".into()),
        expires: Some("Thu, 01 Dec 2033 16:00:00 GMT".into()),
    };
    let url = client
        .presigned_get_object(&b, "k")
        .response_overrides(overrides.clone())
        .await
        .unwrap();
    let answer = plain_http("GET", &url, &[], b"");
    assert_eq!(answer.status, 200);
    let header = |name: &str| {
        answer
            .headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let seen = [
        header("content-type"),
        header("content-disposition"),
        header("content-encoding"),
        header("content-language"),
        header("cache-control"),
        header("expires"),
    ];
    let wanted = [
        overrides.content_type.clone(),
        overrides.content_disposition.clone(),
        overrides.content_encoding.clone(),
        overrides.content_language.clone(),
        overrides.cache_control.clone(),
        overrides.expires.clone(),
    ];
    println!("{}: overrides {seen:?}", kind().name());
    assert_eq!(seen, wanted, "all six overrides honoured");

    let got = client
        .get_object(&b, "k")
        .response_overrides(overrides)
        .await
        .unwrap();
    assert_eq!(got.stat.content_type.as_deref(), Some("text/x-o"));
    // An extra query parameter and an extra header reach the server.
    let got = client
        .get_object(&b, "k")
        .query_param("response-content-type", "text/x-q")
        .await
        .unwrap();
    assert_eq!(got.stat.content_type.as_deref(), Some("text/x-q"));
    let got = client
        .get_object(&b, "k")
        .header("range", "bytes=0-3")
        .await
        .unwrap();
    assert_eq!(got.bytes().await.unwrap().len(), 4);
    let stat = client
        .stat_object(&b, "k")
        .query_param("response-content-type", "text/x-s")
        .await
        .unwrap();
    assert_eq!(stat.size, 100);
    let e = client
        .get_object(&b, "k")
        .header("bad header", "x")
        .await
        .unwrap_err();
    assert!(e.is_invalid_argument(), "{e}");
}

#[tokio::test]
async fn presigned_urls_with_encryption() {
    let client = client();
    let b = bucket(&client, "presignsse").await;
    let key = Sse::customer([9; 32]);
    let body = data(5000, 2);
    let put = client
        .presigned_put_object(&b, "c")
        .sse(key.clone())
        .await
        .unwrap();
    assert!(
        !put.contains(&key.write_headers().unwrap()[1].1),
        "no key in the URL"
    );
    let write: Vec<(String, String)> = key.write_headers().unwrap();
    let write: Vec<(&str, &str)> = write
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let answer = plain_http("PUT", &put, &write, &body);
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let get = client
        .presigned_get_object(&b, "c")
        .sse(key.clone())
        .await
        .unwrap();
    let read: Vec<(String, String)> = key.read_headers().unwrap();
    let read: Vec<(&str, &str)> = read.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let answer = plain_http("GET", &get, &read, b"");
    assert_eq!(answer.status, 200);
    assert!(answer.body == body);
    // Without the signed headers the URL does not work.
    let answer = plain_http("GET", &get, &[], b"");
    match kind() {
        // Garage checks for the SSE-C key before the signature.
        ServerKind::Garage => assert_eq!(answer.status, 400, "SSE-C key missing"),
        _ => assert_eq!(answer.status, 403, "signed headers missing"),
    }
    let stat = client.stat_object(&b, "c").sse(key).await.unwrap();
    if kind() != ServerKind::S3sFs {
        assert_eq!(stat.sse_customer_algorithm.as_deref(), Some("AES256"));
    }
    if kind() == ServerKind::Ceph {
        // SSE-KMS signed into a presigned PUT.
        let kms = Sse::kms(std::env::var("NEWTERA_TEST_KMS_KEY_ID").ok());
        let url = client
            .presigned_put_object(&b, "kms")
            .sse(kms.clone())
            .await
            .unwrap();
        let headers = kms.write_headers().unwrap();
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let answer = plain_http("PUT", &url, &headers, &body);
        assert_eq!(
            answer.status,
            200,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        let stat = client.stat_object(&b, "kms").await.unwrap();
        assert_eq!(stat.server_side_encryption.as_deref(), Some("aws:kms"));
    }
}
