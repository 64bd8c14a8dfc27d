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

#[test]
fn blocking_multipart_by_hand_compose_and_options() {
    let server = newtera_testkit::EmbeddedServer::start().unwrap();
    let client = newtera::blocking::Newtera::new(
        &server.endpoint(),
        server.access_key(),
        server.secret_key(),
    )
    .unwrap();
    client.make_bucket("bmp").unwrap();
    let id = client.create_multipart_upload("bmp", "k").unwrap();
    let one = client
        .upload_part("bmp", "k", &id, 1, vec![1u8; 5 << 20])
        .unwrap();
    let two = client
        .upload_part("bmp", "k", &id, 2, vec![2u8; 10])
        .unwrap();
    assert_eq!(client.list_parts("bmp", "k", &id).unwrap().len(), 2);
    let done = client
        .complete_multipart_upload("bmp", "k", &id, vec![one, two])
        .unwrap();
    assert!(done.etag.as_str().ends_with("-2"), "{}", done.etag);
    let joined = client
        .compose_object(
            "bmp",
            "j",
            vec![
                newtera::ComposeSource::new("bmp", "k"),
                newtera::ComposeSource::new("bmp", "k").offset(5 << 20),
            ],
        )
        .unwrap();
    assert!(joined.etag.as_str().ends_with("-2"));
    assert_eq!(client.stat_object("bmp", "j").unwrap().size, (5 << 20) + 20);
    // Per-request options through `wait`.
    let put = client
        .async_client()
        .put_object("bmp", "c", "only once")
        .create_only();
    client.wait(put).unwrap();
    let again = client
        .async_client()
        .put_object("bmp", "c", "twice")
        .create_only();
    assert!(client.wait(again).unwrap_err().is_precondition_failed());
    assert_eq!(client.get_object_bytes("bmp", "c").unwrap(), "only once");
}
