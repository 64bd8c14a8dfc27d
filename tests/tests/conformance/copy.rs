//! Server-side copy.

use newtera_testkit::ServerKind;

use crate::support::{bucket, client, data, kind, unsupported};

#[tokio::test]
async fn copies_data_and_metadata() {
    let client = client();
    let b = bucket(&client, "copy").await;
    client
        .put_object(&b, "src", data(5000, 4))
        .content_type("text/x-src")
        .metadata("k", "v")
        .await
        .unwrap();
    let out = client
        .copy_object(&b, "dst", newtera::CopySource::new(&b, "src"))
        .await
        .unwrap();
    assert!(!out.etag.is_empty());
    let got = client.get_object(&b, "dst").await.unwrap();
    assert_eq!(got.stat.content_type.as_deref(), Some("text/x-src"));
    assert_eq!(got.stat.metadata.get("k").map(String::as_str), Some("v"));
    assert!(got.bytes().await.unwrap() == data(5000, 4));

    client
        .copy_object(&b, "dst2", newtera::CopySource::new(&b, "src"))
        .content_type("text/x-new")
        .metadata("n", "1")
        .await
        .unwrap();
    let stat = client.stat_object(&b, "dst2").await.unwrap();
    assert_eq!(stat.content_type.as_deref(), Some("text/x-new"));
    assert_eq!(stat.metadata.get("n").map(String::as_str), Some("1"));
    assert!(!stat.metadata.contains_key("k"));

    // REPLACE with nothing given: the copy has no user metadata.
    client
        .copy_object(&b, "dst4", newtera::CopySource::new(&b, "src"))
        .replace_metadata()
        .await
        .unwrap();
    let stat = client.stat_object(&b, "dst4").await.unwrap();
    assert!(stat.metadata.is_empty(), "{:?}", stat.metadata);
    assert_eq!(
        client
            .get_object(&b, "dst4")
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap(),
        data(5000, 4)
    );

    let err = client
        .copy_object(&b, "dst3", newtera::CopySource::new(&b, "missing"))
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn multipart_copy_in_parallel_parts() {
    let client = client();
    let b = bucket(&client, "copymp").await;
    let body = data(12 << 20, 8);
    client
        .put_object(&b, "src", body.clone())
        .content_type("text/x-big")
        .metadata("m", "1")
        .await
        .unwrap();
    let out = client
        .copy_object(&b, "dst", newtera::CopySource::new(&b, "src"))
        .multipart_above(1, 5 << 20)
        .await
        .unwrap();
    assert!(
        out.etag.as_str().ends_with("-3"),
        "3 copied parts: {}",
        out.etag
    );
    let got = client.get_object(&b, "dst").await.unwrap();
    assert_eq!(
        got.stat.content_type.as_deref(),
        Some("text/x-big"),
        "metadata copied from the source"
    );
    assert_eq!(got.stat.metadata.get("m").map(String::as_str), Some("1"));
    assert!(got.bytes().await.unwrap() == body);
}

/// Keys that need escaping in `x-amz-copy-source`, copied whole and in
/// parts (radosgw 16.2.15 once aborted on a part copy of a `%#` key).
#[tokio::test(flavor = "multi_thread")]
async fn awkward_keys_copy_whole_and_in_parts() {
    let client = client();
    let b = bucket(&client, "copykeys").await;
    let body = data(13 << 20, 9);
    for key in ["pct%#hash", "sp ace+plus", "ü/é?q=1&r", "a//b/./c"] {
        client.put_object(&b, key, body.clone()).await.unwrap();
        for (dst, multipart) in [("whole", false), ("parts", true)] {
            let dst = format!("{dst}/{key}");
            let copy = client.copy_object(&b, &dst, newtera::CopySource::new(&b, key));
            let copy = if multipart {
                copy.multipart_above(1, 5 << 20)
            } else {
                copy
            };
            let out = copy.await.unwrap_or_else(|e| panic!("{dst}: {e}"));
            assert!(!out.etag.is_empty(), "{dst}");
            let got = client.get_object(&b, &dst).await.unwrap();
            assert!(got.bytes().await.unwrap() == body, "{dst}");
        }
    }
}

/// A copy in parts keeps what a one-request copy keeps: content type, user
/// metadata, the standard headers and the tags (CopyObject's `COPY`
/// directives), read from the source because CreateMultipartUpload has to
/// set them.
#[tokio::test(flavor = "multi_thread")]
async fn multipart_copy_keeps_headers_and_tags() {
    let client = client();
    let b = bucket(&client, "copyhdr").await;
    let body = data(11 << 20, 5);
    // Only Ceph keeps object tags (the others answer NotImplemented).
    let tagged = kind() == ServerKind::Ceph;
    // The source is a multipart upload too: Ceph RGW 16.2 stores the tags
    // of CreateMultipartUpload unreadably (GetObjectTagging: 200, no
    // document), so the upload sets them again once the object exists.
    let put = client
        .put_object(&b, "src", body.clone())
        .part_size(5 << 20)
        .content_type("text/x-kept")
        .metadata("m", "1")
        .header("Cache-Control", "max-age=60")
        .header("Content-Disposition", "attachment; filename=\"a.txt\"")
        .header("Content-Encoding", "identity")
        .header("Content-Language", "de-CH")
        .header("Expires", "Wed, 21 Oct 2037 07:28:00 GMT");
    let put = if tagged {
        put.tags([("team", "blue"), ("tier", "2")])
    } else {
        put
    };
    put.await.unwrap();
    let source = client.stat_object(&b, "src").await.unwrap();
    assert_eq!(source.cache_control.as_deref(), Some("max-age=60"));
    assert_eq!(
        source.content_disposition.as_deref(),
        Some("attachment; filename=\"a.txt\"")
    );
    if tagged {
        let pairs = client.get_object_tags(&b, "src").await.unwrap();
        let pairs: Vec<_> = pairs.iter().collect();
        assert_eq!(pairs, [("team", "blue"), ("tier", "2")], "multipart upload");
    } else {
        unsupported("object tags kept by a copy");
    }
    for (dst, in_parts) in [("whole", false), ("parts", true)] {
        let copy = client.copy_object(&b, dst, newtera::CopySource::new(&b, "src"));
        let copy = if in_parts {
            copy.multipart_above(1, 5 << 20)
        } else {
            copy
        };
        copy.await.unwrap();
        let stat = client.stat_object(&b, dst).await.unwrap();
        let what = format!("{dst} copy");
        assert_eq!(stat.content_type, source.content_type, "{what}");
        assert_eq!(stat.metadata, source.metadata, "{what}");
        assert_eq!(stat.cache_control, source.cache_control, "{what}");
        assert_eq!(
            stat.content_disposition, source.content_disposition,
            "{what}"
        );
        assert_eq!(stat.content_encoding, source.content_encoding, "{what}");
        assert_eq!(stat.content_language, source.content_language, "{what}");
        assert_eq!(stat.expires, source.expires, "{what}");
        if tagged {
            let copied = client.get_object_tags(&b, dst).await.unwrap();
            let pairs: Vec<_> = copied.iter().collect();
            assert_eq!(pairs, [("team", "blue"), ("tier", "2")], "{what}");
        }
    }
}
