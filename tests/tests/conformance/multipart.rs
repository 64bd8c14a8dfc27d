//! Multipart uploads: an interrupted upload is found and removed; a failing
//! source aborts its upload.

use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt, stream};
use http::Request;
use newtera_proto::op::multipart::{CreateMultipartUpload, UploadPart};
use newtera_proto::{Endpoint, Operation};
use newtera_transport::sigv4::{Credentials, StaticCredentials};
use newtera_transport::{Body, StackConfig};
use tower::ServiceExt;

use crate::support::{
    assert_no_uploads, bucket, client, data, incomplete_uploads, settled_uploads, target,
};

/// Sends one operation through a hand-built transport stack, as a client
/// that crashed midway would have.
async fn send<O: Operation + Sync>(op: &O, body: Bytes) -> O::Output {
    let t = target();
    let (host, port) = t.authority().rsplit_once(':').expect("host:port");
    let endpoint = Endpoint::new(false, host, port.parse().ok()).unwrap();
    let stack = StackConfig::new(
        StaticCredentials::new(Credentials::new(&t.access_key, &t.secret_key)),
        &t.region,
    )
    .build()
    .unwrap();
    let parts = op.encode().unwrap();
    let mut request = Request::new(Body::from(if body.is_empty() {
        parts.body.clone()
    } else {
        body
    }));
    *request.method_mut() = parts.method.clone();
    *request.uri_mut() = parts.uri(&endpoint).unwrap();
    *request.headers_mut() = parts.headers.clone();
    let response = stack.oneshot(request).await.unwrap();
    let (head, body) = response.into_parts();
    let bytes = body.collect().await.unwrap();
    O::decode(head.status, &head.headers, &bytes).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_interrupted_upload_is_listed_and_removed() {
    let client = client();
    let b = bucket(&client, "orphan").await;
    let create = CreateMultipartUpload {
        bucket: b.clone(),
        key: "half".into(),
        ..Default::default()
    };
    let upload = send(&create, Bytes::new()).await;
    let part = UploadPart {
        bucket: b.clone(),
        key: "half".into(),
        upload_id: upload.upload_id.clone(),
        part_number: 1,
        ..Default::default()
    };
    send(&part, Bytes::from(data(5 << 20, 1))).await;
    let create_other = CreateMultipartUpload {
        bucket: b.clone(),
        key: "half-other".into(),
        ..Default::default()
    };
    send(&create_other, Bytes::new()).await;

    if incomplete_uploads(&client, &b).await.is_none() {
        // Without ListMultipartUploads the upload cannot be found by key;
        // the client reports the server's answer.
        let err = client
            .remove_incomplete_upload(&b, "half")
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some("NotImplemented"));
        return;
    }
    let uploads: Vec<_> = client
        .list_incomplete_uploads(&b)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert!(
        uploads
            .iter()
            .any(|u| u.object_name == "half" && u.upload_id == upload.upload_id),
        "{uploads:?}"
    );

    client.remove_incomplete_upload(&b, "half").await.unwrap();
    settled_uploads(&client, &b, 1).await;
    let left: Vec<_> = client
        .list_incomplete_uploads(&b)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        left.len(),
        1,
        "only the other key's upload remains: {left:?}"
    );
    assert_eq!(left[0].object_name, "half-other");
    assert!(
        client
            .stat_object(&b, "half")
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_source_that_fails_midway_aborts_the_upload() {
    let client = client();
    let b = bucket(&client, "abort").await;
    let chunks = stream::iter(0..6).map(|i| {
        if i < 5 {
            Ok(Bytes::from(data(3 << 20, i as u8)))
        } else {
            Err(std::io::Error::other("disk on fire"))
        }
    });
    let err = client
        .put_object(&b, "broken", newtera::ObjectData::from_stream(chunks, None))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("disk on fire"), "{err}");
    assert_no_uploads(&client, &b).await;
    assert!(
        client
            .stat_object(&b, "broken")
            .await
            .unwrap_err()
            .is_not_found()
    );
}

/// Keys that need encoding are listed exactly and removed one by one: a
/// server that encodes ListMultipartUploads keys without saying so (Ceph
/// RGW) must not turn `remove_incomplete_upload` into a silent no-op.
#[tokio::test(flavor = "multi_thread")]
async fn awkward_keys_are_listed_and_removed_exactly() {
    let client = client();
    let b = bucket(&client, "orphankeys").await;
    let keys = [
        "with space",
        "plus+sign",
        "per%cent",
        "per%20cent",
        "ü/ñ é",
        "amp&er=sand?",
        "dir/sub dir/file",
    ];
    let mut ids = Vec::new();
    for key in keys {
        let create = CreateMultipartUpload {
            bucket: b.clone(),
            key: key.into(),
            ..Default::default()
        };
        ids.push(send(&create, Bytes::new()).await.upload_id);
    }
    if incomplete_uploads(&client, &b).await.is_none() {
        return;
    }
    let mut listed: Vec<(String, String)> = client
        .list_incomplete_uploads(&b)
        .into_stream()
        .map_ok(|u| (u.object_name, u.upload_id))
        .try_collect()
        .await
        .unwrap();
    listed.sort();
    let mut expected: Vec<(String, String)> = keys
        .iter()
        .map(|k| k.to_string())
        .zip(ids.iter().cloned())
        .collect();
    expected.sort();
    assert_eq!(listed, expected, "listed keys");
    for (n, key) in keys.iter().enumerate() {
        client.remove_incomplete_upload(&b, key).await.unwrap();
        let expected = keys.len() - n - 1;
        let left = settled_uploads(&client, &b, expected).await.unwrap();
        assert_eq!(left, expected, "after removing {key:?}");
    }
}
