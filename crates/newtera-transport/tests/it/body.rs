//! Request and response bodies: replayability, lengths, file ranges, limits.

use std::io::Write as _;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::StreamExt as _;
use http_body::Body as _;
use http_body_util::BodyExt as _;
use newtera_transport::{Body, ErrorKind, ResponseBody};

async fn collect(body: Body) -> Result<Bytes, newtera_transport::Error> {
    Ok(body.collect().await?.to_bytes())
}

#[tokio::test]
async fn bytes_bodies_replay_and_expose_their_bytes() {
    let body = Body::from("hello");
    assert_eq!(body.content_length(), Some(5));
    assert_eq!(body.as_bytes().map(|b| &b[..]), Some(&b"hello"[..]));
    let copy = body.try_clone().expect("replayable");
    assert_eq!(collect(body).await.expect("first"), "hello");
    assert_eq!(collect(copy).await.expect("copy"), "hello");
    assert_eq!(Body::from(vec![1u8, 2, 3]).content_length(), Some(3));
    assert!(Body::empty().is_end_stream());
    assert_eq!(Body::empty().size_hint().exact(), Some(0));
}

#[tokio::test]
async fn file_ranges_read_by_offset_and_replay() {
    let mut file = tempfile_in_target();
    let data: Vec<u8> = (0..1_000_000u32).map(|i| (i % 251) as u8).collect();
    file.1.write_all(&data).expect("write");
    let shared = Arc::new(std::fs::File::open(&file.0).expect("open"));
    let body = Body::from_file(shared.clone(), 1000, 600_000);
    assert_eq!(body.content_length(), Some(600_000));
    assert!(body.as_bytes().is_none());
    let copy = body.try_clone().expect("replayable");
    let read = collect(body).await.expect("read");
    assert_eq!(&read[..], &data[1000..601_000]);
    assert_eq!(collect(copy).await.expect("replay"), read);
    let by_path = Body::from_path(&file.0, 999_990, 10);
    assert_eq!(&collect(by_path).await.expect("path")[..], &data[999_990..]);
    let _ = std::fs::remove_file(&file.0);
}

#[tokio::test]
async fn a_file_shorter_than_declared_is_an_error_not_a_hang() {
    let mut file = tempfile_in_target();
    file.1.write_all(b"short").expect("write");
    let err = collect(Body::from_path(&file.0, 0, 100))
        .await
        .expect_err("short file");
    assert_eq!(err.kind(), ErrorKind::Io);
    let missing = collect(Body::from_path("/nonexistent/newtera", 0, 1)).await;
    assert_eq!(missing.expect_err("missing").kind(), ErrorKind::Io);
    let _ = std::fs::remove_file(&file.0);
}

#[tokio::test]
async fn streams_are_one_shot() {
    let chunks = futures_util::stream::iter(vec![
        Ok::<_, std::io::Error>(Bytes::from_static(b"ab")),
        Ok(Bytes::from_static(b"cd")),
    ]);
    let body = Body::from_stream(chunks, Some(4));
    assert!(body.try_clone().is_none());
    assert!(!body.is_replayable());
    assert_eq!(body.content_length(), Some(4));
    assert_eq!(collect(body).await.expect("stream"), "abcd");
    let failing = futures_util::stream::iter(vec![Err::<Bytes, _>(std::io::Error::other("boom"))]);
    let err = collect(Body::from_stream(failing, None))
        .await
        .expect_err("error");
    assert_eq!(err.kind(), ErrorKind::Io);
}

#[tokio::test]
async fn response_bodies_collect_with_and_without_limits() {
    assert_eq!(
        ResponseBody::from("abc").collect().await.expect("collect"),
        "abc"
    );
    assert_eq!(
        ResponseBody::from(Bytes::new())
            .collect()
            .await
            .expect("empty"),
        ""
    );
    let err = ResponseBody::from("0123456789")
        .collect_limited(4)
        .await
        .expect_err("limit");
    assert_eq!(err.kind(), ErrorKind::Body);
    let ok = ResponseBody::from("0123")
        .collect_limited(4)
        .await
        .expect("at limit");
    assert_eq!(ok, "0123");
}

#[tokio::test]
async fn response_body_streams_are_send_sync_and_wrap_other_bodies() {
    fn assert_send_sync<T: Send + Sync + 'static>(_: &T) {}
    let inner = http_body_util::Full::new(Bytes::from_static(b"xyz"));
    let stream = ResponseBody::new(inner).into_stream();
    assert_send_sync(&stream);
    let chunks: Vec<_> = stream.collect().await;
    assert_eq!(chunks.len(), 1);
    assert_eq!(chunks[0].as_ref().expect("chunk"), "xyz");
}

/// A scratch file under the OS temp dir, removed by each test.
fn tempfile_in_target() -> (std::path::PathBuf, std::fs::File) {
    let name = format!(
        "newtera-transport-{}-{}",
        std::process::id(),
        fastrand::u64(..)
    );
    let path = std::env::temp_dir().join(name);
    let file = std::fs::File::create(&path).expect("create");
    (path, file)
}
