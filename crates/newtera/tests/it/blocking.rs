//! The blocking facade, from a plain thread.

use std::io::Read as _;

use newtera::blocking::{Newtera, from_reader};

fn client(server: &newtera_testkit::EmbeddedServer) -> Newtera {
    Newtera::new(&server.endpoint(), server.access_key(), server.secret_key()).unwrap()
}

fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

#[test]
fn blocking_put_and_get_with_options_stream() {
    let server = newtera_testkit::EmbeddedServer::start().unwrap();
    let client = client(&server);
    client.make_bucket("blocking").send().unwrap();
    assert!(client.bucket_exists("blocking").send().unwrap());
    // A reader of 6 MiB in 5 MiB parts, with a content type and metadata.
    let data = pattern(6 << 20);
    let put = client
        .put_object(
            "blocking",
            "reader",
            from_reader(std::io::Cursor::new(data.clone()), Some(6 << 20)),
        )
        .content_type("application/x-seven")
        .metadata("owner", "ann")
        .part_size(5 << 20)
        .send()
        .unwrap();
    assert!(put.etag.as_str().ends_with("-2"), "{}", put.etag);
    let stat = client.stat_object("blocking", "reader").send().unwrap();
    assert_eq!(
        (stat.size, stat.content_type.as_deref()),
        (6 << 20, Some("application/x-seven"))
    );
    assert_eq!(stat.metadata.get("owner").map(String::as_str), Some("ann"));
    // The whole body, read through a small buffer.
    let mut reader = client.get_object("blocking", "reader").send().unwrap();
    assert_eq!(reader.stat().size, 6 << 20);
    let mut back = Vec::new();
    let mut buf = [0u8; 1000];
    loop {
        let n = reader.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        back.extend_from_slice(&buf[..n]);
    }
    assert!(back == data, "the body read back differs");
    // A range: the reader carries the range, the stat the whole size.
    let mut ranged = client
        .get_object("blocking", "reader")
        .offset(5 << 20)
        .length(10)
        .if_match(put.etag.as_str())
        .send()
        .unwrap();
    assert_eq!(
        (ranged.content_length(), ranged.stat().size),
        (Some(10), 6 << 20)
    );
    let mut ten = Vec::new();
    ranged.read_to_end(&mut ten).unwrap();
    assert_eq!(ten, data[5 << 20..(5 << 20) + 10]);
    // Conditions reach the server.
    // s3s-fs ignores If-Match on GET; the client's own check of the
    // answer's ETag still refuses the other object.
    let stale = client
        .get_object("blocking", "reader")
        .if_match("\"00000000000000000000000000000000\"")
        .send()
        .unwrap_err();
    assert!(stale.to_string().contains("If-Match"), "{stale}");
    // Create-only puts, and the whole body at once.
    client
        .put_object("blocking", "c", "once")
        .create_only()
        .send()
        .unwrap();
    let again = client
        .put_object("blocking", "c", "twice")
        .create_only()
        .send();
    assert!(again.unwrap_err().is_precondition_failed());
    assert_eq!(
        client.get_object_bytes("blocking", "c").send().unwrap(),
        "once"
    );
    let reader = client.get_object("blocking", "c").send().unwrap();
    assert_eq!(reader.bytes().unwrap(), "once");
    assert_eq!(client.remove_bucket_force("blocking").send().unwrap(), 2);
}

/// Listings fetch a page when the iteration reaches it, and batch deletes
/// send nothing until iterated: observed on the server.
#[test]
fn blocking_listings_and_removals_are_lazy() {
    let server = newtera_testkit::EmbeddedServer::start().unwrap();
    let client = client(&server);
    client.make_bucket("lazy").send().unwrap();
    let keys: Vec<String> = (0..5).map(|i| format!("k{i}")).collect();
    for key in &keys {
        client.put_object("lazy", key, "x").send().unwrap();
    }
    let all: Vec<_> = client
        .list_objects("lazy")
        .page_size(2)
        .into_iter()
        .collect::<newtera::Result<_>>()
        .unwrap();
    assert_eq!(all.len(), 5, "three pages of at most two");
    // Pull the first entry (the first page of two), then remove the rest:
    // a lazy iterator asks for the second page only now, and finds nothing.
    let mut listing = client.list_objects("lazy").page_size(2).into_iter();
    assert_eq!(listing.next().unwrap().unwrap().object_name, "k0");
    let removal = client.remove_objects("lazy", keys[2..].to_vec());
    assert_eq!(
        client.list_objects("lazy").into_iter().count(),
        5,
        "nothing removed before the iteration"
    );
    let failed: Vec<_> = removal.into_iter().collect::<newtera::Result<_>>().unwrap();
    assert!(failed.is_empty(), "{failed:?}");
    let rest: Vec<String> = listing.map(|o| o.unwrap().object_name).collect();
    assert_eq!(
        rest,
        ["k1"],
        "the second page was fetched after the removal"
    );
    assert_eq!(client.list_objects("lazy").into_iter().count(), 2);
    // Upload listings and parts iterate the same way.
    let id = client.create_multipart_upload("lazy", "mp").send().unwrap();
    client
        .upload_part("lazy", "mp", &id, 1, vec![1u8; 10])
        .send()
        .unwrap();
    let parts: Vec<_> = client
        .list_parts("lazy", "mp", &id)
        .max_parts(1)
        .into_iter()
        .collect();
    assert_eq!(parts.len(), 1);
    // s3s-fs has no ListMultipartUploads: the error is the first item.
    let mut uploads = client
        .list_incomplete_uploads("lazy")
        .prefix("mp")
        .into_iter();
    let err = uploads.next().unwrap().unwrap_err();
    assert_eq!(err.code(), Some("NotImplemented"), "{err}");
    assert!(uploads.next().is_none());
    client
        .abort_multipart_upload("lazy", "mp", &id)
        .send()
        .unwrap();
}

/// Inside `spawn_blocking` the facade works; inside an async task it
/// panics with Tokio's message before sending anything (as documented),
/// and dropping the client there is safe.
#[tokio::test]
async fn blocking_client_in_spawn_blocking_and_inside_a_runtime() {
    let server = newtera_testkit::EmbeddedServer::start().unwrap();
    let endpoint = server.endpoint();
    let (access, secret) = (
        server.access_key().to_owned(),
        server.secret_key().to_owned(),
    );
    let (client, reader) = tokio::task::spawn_blocking(move || {
        let client = Newtera::new(&endpoint, &access, &secret).unwrap();
        client.make_bucket("inside").send().unwrap();
        client.put_object("inside", "k", "data").send().unwrap();
        assert_eq!(client.list_objects("inside").into_iter().count(), 1);
        let reader = client.get_object("inside", "k").send().unwrap();
        (client, reader)
    })
    .await
    .unwrap();
    let panics = |f: &mut dyn FnMut()| {
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        let payload = caught.expect_err("blocking inside an async task must panic");
        let text = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        assert!(
            text.contains("Cannot start a runtime from within a runtime"),
            "{text}"
        );
    };
    panics(&mut || drop(client.put_object("inside", "never", "x").send()));
    panics(&mut || drop(client.list_objects("inside").into_iter().next()));
    let mut reader = reader;
    panics(&mut || drop(reader.read(&mut [0u8; 4])));
    panics(&mut || drop(client.wait(client.async_client().list_buckets())));
    // Nothing was sent by the calls that panicked.
    let keys = client.async_client().list_objects("inside").into_stream();
    let keys: Vec<_> = futures_util::TryStreamExt::try_collect::<Vec<_>>(keys)
        .await
        .unwrap();
    assert_eq!(keys.len(), 1, "{keys:?}");
    // The last clone dropped inside the runtime: no panic.
    drop(reader);
    drop(client);
}

#[test]
fn blocking_multipart_by_hand_compose_and_copy() {
    let server = newtera_testkit::EmbeddedServer::start().unwrap();
    let client = client(&server);
    client.make_bucket("bmp").send().unwrap();
    let id = client.create_multipart_upload("bmp", "k").send().unwrap();
    let one = client
        .upload_part("bmp", "k", &id, 1, vec![1u8; 5 << 20])
        .send()
        .unwrap();
    let two = client
        .upload_part("bmp", "k", &id, 2, vec![2u8; 10])
        .send()
        .unwrap();
    let done = client
        .complete_multipart_upload("bmp", "k", &id, vec![one, two])
        .send()
        .unwrap();
    assert!(done.etag.as_str().ends_with("-2"), "{}", done.etag);
    let sources = vec![
        newtera::ComposeSource::new("bmp", "k"),
        newtera::ComposeSource::new("bmp", "k").offset(5 << 20),
    ];
    let joined = client
        .compose_object("bmp", "j", sources)
        .content_type("application/x-joined")
        .send()
        .unwrap();
    assert!(joined.etag.as_str().ends_with("-2"));
    let stat = client.stat_object("bmp", "j").send().unwrap();
    assert_eq!(
        (stat.size, stat.content_type.as_deref()),
        ((5 << 20) + 20, Some("application/x-joined"))
    );
    client
        .copy_object("bmp", "copy", newtera::CopySource::new("bmp", "k"))
        .content_type("application/x-copy")
        .send()
        .unwrap();
    let stat = client.stat_object("bmp", "copy").send().unwrap();
    assert_eq!(stat.content_type.as_deref(), Some("application/x-copy"));
}

/// The version, tag and lock calls against the embedded server (which has
/// none of them: its `NotImplemented` comes through), and a forced removal.
#[test]
fn blocking_versions_tags_and_forced_removal() {
    let server = newtera_testkit::EmbeddedServer::start().unwrap();
    let client = client(&server);
    client.make_bucket("forced").send().unwrap();
    for key in ["a", "b/c"] {
        client.put_object("forced", key, "x").send().unwrap();
    }
    let not_implemented = |e: newtera::Error| e.code() == Some("NotImplemented");
    assert!(not_implemented(
        client.get_bucket_versioning("forced").send().unwrap_err()
    ));
    let mut versions = client
        .list_object_versions("forced")
        .recursive(true)
        .into_iter();
    assert!(not_implemented(versions.next().unwrap().unwrap_err()));
    let tags = newtera::Tags::from_pairs([("k", "v")]).unwrap();
    let set = client.set_object_tags("forced", "a", tags).send();
    assert!(not_implemented(set.unwrap_err()));
    let eleven = newtera::Tags::from_pairs((0..11).map(|i| (format!("k{i}"), "v"))).unwrap();
    let err = client
        .set_object_tags("forced", "a", eleven)
        .version_id("v1")
        .send()
        .unwrap_err();
    assert!(err.is_invalid_argument(), "{err}");
    let removed = client.remove_object("forced", "missing").send().unwrap();
    assert_eq!(removed, newtera::RemovedObject::default());
    let forced = client
        .remove_bucket_force("forced")
        .bypass_governance_retention(false);
    assert_eq!(forced.send().unwrap(), 2);
    assert!(!client.bucket_exists("forced").send().unwrap());
}

/// Progress and resuming options on file transfers.
#[test]
fn blocking_file_transfers_with_progress_and_resuming() {
    use std::sync::{Arc, Mutex};
    let server = newtera_testkit::EmbeddedServer::start().unwrap();
    let client = client(&server);
    client.make_bucket("options").send().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.bin");
    std::fs::write(&path, vec![3u8; 11 << 20]).unwrap();
    let last = Arc::new(Mutex::new(None));
    let seen = last.clone();
    client
        .fput_object("options", "f", &path)
        .resumable(true)
        .progress(move |p| *seen.lock().unwrap() = Some(p))
        .send()
        .unwrap();
    let done = last.lock().unwrap().take().unwrap();
    assert_eq!((done.done, done.total), (11 << 20, Some(11 << 20)));
    let seen = last.clone();
    let stat = client
        .fget_object("options", "f", dir.path().join("back.bin"))
        .progress(move |p| *seen.lock().unwrap() = Some(p))
        .send()
        .unwrap();
    assert_eq!(stat.size, 11 << 20);
    let done = last.lock().unwrap().take().unwrap();
    assert_eq!((done.done, done.total), (11 << 20, Some(11 << 20)));
    let url = client
        .presigned_get_object("options", "f")
        .expires(std::time::Duration::from_secs(60))
        .send()
        .unwrap();
    assert!(url.contains("X-Amz-Expires=60"), "{url}");
}
