//! Server-side copy.

use crate::support::{bucket, client, data};

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
