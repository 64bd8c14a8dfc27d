//! `fget_object`: to a file, atomically.

use crate::support::{bucket, client, data};

#[tokio::test(flavor = "multi_thread")]
async fn downloads_into_new_folders_in_parallel_ranges() {
    let client = client();
    let b = bucket(&client, "fget").await;
    let dir = tempfile::tempdir().unwrap();
    for (key, len) in [("empty", 0), ("small", 777), ("large", 37 << 20)] {
        let body = data(len, 6);
        client.put_object(&b, key, body.clone()).await.unwrap();
        let path = dir.path().join("a/b").join(key);
        let stat = client.fget_object(&b, key, &path).await.unwrap();
        assert_eq!(stat.size, len as u64);
        assert!(std::fs::read(&path).unwrap() == body, "{key}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("a/b"))
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    assert_eq!(leftovers.len(), 3, "no part files left: {leftovers:?}");
}

#[tokio::test]
async fn a_failed_download_leaves_the_old_file_and_no_part_file() {
    let client = client();
    let b = bucket(&client, "fgetfail").await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keep.txt");
    std::fs::write(&path, b"precious").unwrap();
    let err = client.fget_object(&b, "missing", &path).await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), b"precious");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
