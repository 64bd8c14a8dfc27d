//! The blocking facade, from a plain thread.

#[test]
fn blocking_client_round_trips() {
    let server = newtera_testkit::EmbeddedServer::start().unwrap();
    let client = newtera::blocking::Newtera::new(
        &server.endpoint(),
        server.access_key(),
        server.secret_key(),
    )
    .unwrap();
    client.make_bucket("blocking").unwrap();
    assert!(client.bucket_exists("blocking").unwrap());
    let data = std::io::Cursor::new(vec![7u8; 6 << 20]);
    let put = client
        .put_object(
            "blocking",
            "reader",
            data,
            Some(6 << 20),
            Some("application/x-seven"),
        )
        .unwrap();
    assert!(
        put.etag.as_str().contains('-'),
        "multipart from a reader: {}",
        put.etag
    );
    client.put_bytes("blocking", "small", "hi").unwrap();
    assert_eq!(client.get_object("blocking", "small").unwrap(), "hi");
    let stat = client.stat_object("blocking", "reader").unwrap();
    assert_eq!(
        (stat.size, stat.content_type.as_deref()),
        (6 << 20, Some("application/x-seven"))
    );
    let listed = client.list_objects("blocking", None, true).unwrap();
    assert_eq!(listed.len(), 2);
    let failed = client
        .remove_objects("blocking", vec!["reader".into(), "small".into()])
        .unwrap();
    assert!(failed.is_empty());
    client.remove_bucket("blocking").unwrap();
}

#[tokio::test]
async fn blocking_client_refuses_to_run_inside_a_runtime() {
    let server = newtera_testkit::EmbeddedServer::start().unwrap();
    let endpoint = server.endpoint();
    let client = tokio::task::spawn_blocking(move || {
        newtera::blocking::Newtera::new(&endpoint, "a", "b").unwrap()
    })
    .await
    .unwrap();
    let err = client.list_buckets().unwrap_err();
    assert!(err.is_invalid_argument(), "{err}");
    tokio::task::spawn_blocking(move || drop(client))
        .await
        .unwrap();
}
