//! What a kept body holds on to: a small object read whole must not keep
//! the connection's read buffer (1 MiB) alive.

use newtera::Newtera;

#[tokio::test]
async fn a_small_body_read_whole_owns_just_its_bytes() {
    let server = newtera_testkit::EmbeddedServer::start().expect("server");
    let client = Newtera::builder(server.endpoint())
        .credentials(server.access_key(), server.secret_key())
        .region(server.region())
        .build()
        .expect("client");
    let bucket = format!("memory-{}", std::process::id());
    client.make_bucket(&bucket).await.expect("bucket");
    client
        .put_object(&bucket, "small", b"ten bytes!".to_vec())
        .await
        .expect("put");

    let got = client.get_object(&bucket, "small").await.expect("get");
    let body = got.bytes().await.expect("bytes");
    // A slice of the connection's buffer is shared with it (the connection
    // stays in the pool), so it cannot become a unique `BytesMut`.
    let owned = body.try_into_mut().expect("the body owns its allocation");
    assert_eq!(&owned[..], b"ten bytes!");
    assert!(owned.capacity() < 4096, "capacity {}", owned.capacity());

    let whole = client
        .get_object_bytes(&bucket, "small")
        .await
        .expect("get_object_bytes");
    let owned = whole.try_into_mut().expect("the body owns its allocation");
    assert!(owned.capacity() < 4096, "capacity {}", owned.capacity());
}
