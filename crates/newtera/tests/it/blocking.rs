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

/// The blocking versions of the version, tag and lock calls, against the
/// embedded server (which has none of them: its `NotImplemented` comes
/// through, and a forced removal empties the bucket by its keys).
#[test]
fn blocking_versions_tags_and_forced_removal() {
    let server = newtera_testkit::EmbeddedServer::start().unwrap();
    let client = newtera::blocking::Newtera::new(
        &server.endpoint(),
        server.access_key(),
        server.secret_key(),
    )
    .unwrap();
    client.make_bucket("forced").unwrap();
    for key in ["a", "b/c"] {
        client.put_bytes("forced", key, "x").unwrap();
    }
    let not_implemented = |e: newtera::Error| e.code() == Some("NotImplemented");
    assert!(not_implemented(
        client.get_bucket_versioning("forced").unwrap_err()
    ));
    let versions = client.list_object_versions("forced", None, true);
    assert!(not_implemented(versions.unwrap_err()));
    let tags = newtera::Tags::from_pairs([("k", "v")]).unwrap();
    let set = client.set_object_tags("forced", "a", tags, None);
    assert!(not_implemented(set.unwrap_err()));
    let eleven = newtera::Tags::from_pairs((0..11).map(|i| (format!("k{i}"), "v"))).unwrap();
    let err = client
        .set_object_tags("forced", "a", eleven, None)
        .unwrap_err();
    assert!(err.is_invalid_argument(), "{err}");
    let removed = client.remove_object("forced", "missing").unwrap();
    assert_eq!(removed, newtera::RemovedObject::default());
    assert_eq!(client.remove_bucket_force("forced", false).unwrap(), 2);
    assert!(!client.bucket_exists("forced").unwrap());
}
