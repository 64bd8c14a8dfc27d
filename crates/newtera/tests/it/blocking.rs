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

/// The builders' options through `send`: a resumable upload with progress,
/// a download with progress.
#[test]
fn blocking_client_sends_builders_with_their_options() {
    use std::sync::{Arc, Mutex};
    let server = newtera_testkit::EmbeddedServer::start().unwrap();
    let client = newtera::blocking::Newtera::new(
        &server.endpoint(),
        server.access_key(),
        server.secret_key(),
    )
    .unwrap();
    client.make_bucket("options").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.bin");
    std::fs::write(&path, vec![3u8; 11 << 20]).unwrap();
    let last = Arc::new(Mutex::new(None));
    let seen = last.clone();
    let put = client
        .async_client()
        .fput_object("options", "f", &path)
        .resumable(true)
        .progress(move |p| *seen.lock().unwrap() = Some(p));
    client.send(put).unwrap();
    let done = last.lock().unwrap().take().unwrap();
    assert_eq!((done.done, done.total), (11 << 20, Some(11 << 20)));
    let seen = last.clone();
    let get = client
        .async_client()
        .fget_object("options", "f", dir.path().join("back.bin"))
        .progress(move |p| *seen.lock().unwrap() = Some(p));
    let stat = client.send(get).unwrap();
    assert_eq!(stat.size, 11 << 20);
    let done = last.lock().unwrap().take().unwrap();
    assert_eq!((done.done, done.total), (11 << 20, Some(11 << 20)));
}
