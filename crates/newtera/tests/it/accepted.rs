//! Issue 15: answers other S3 clients accept — a GET without
//! `Content-Length`, obsolete HTTP dates, weak ETags — from a scripted
//! server, since the embedded one never sends them.

use newtera::{ETag, Error, Newtera};
use newtera_faults::{Action, FaultServer, Reply};

const LAST_MODIFIED: &str = "Wed, 09 Nov 2016 16:24:52 GMT";

fn client(server: &FaultServer) -> Newtera {
    Newtera::builder(server.endpoint())
        .credentials("AKIDEXAMPLE", "SECRETEXAMPLE")
        .region("us-east-1")
        .build()
        .unwrap()
}

/// `body` as a chunked 200 (no `Content-Length`), in chunks of `size`.
fn chunked(body: &[u8], size: usize) -> Reply {
    let mut wire = Vec::new();
    for chunk in body.chunks(size) {
        wire.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        wire.extend_from_slice(chunk);
        wire.extend_from_slice(b"\r\n");
    }
    wire.extend_from_slice(b"0\r\n\r\n");
    Reply::new(200, wire)
        .content_length("")
        .header("transfer-encoding", "chunked")
        .header("etag", "\"abc\"")
        .header("last-modified", LAST_MODIFIED)
}

fn body() -> Vec<u8> {
    (0..100_000u32).map(|i| (i % 251) as u8).collect()
}

async fn serving(reply: Reply) -> FaultServer {
    FaultServer::with_handler(move |_, _| Action::Reply(reply.clone()))
        .await
        .unwrap()
}

#[tokio::test]
async fn a_chunked_get_streams_in_every_download_api() {
    for chunk in [1 << 20, 4096, 7] {
        let server = serving(chunked(&body(), chunk)).await;
        let client = client(&server);
        let got = client.get_object("b-1", "k").await.expect("get_object");
        assert_eq!(got.content_length(), None);
        assert_eq!(got.stat.etag, "abc");
        assert!(
            got.bytes().await.unwrap() == body(),
            "get_object, chunks of {chunk}"
        );

        let bytes = client
            .get_object_bytes("b-1", "k")
            .await
            .expect("get_object_bytes");
        assert!(bytes == body(), "get_object_bytes, chunks of {chunk}");

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.bin");
        let stat = client
            .fget_object("b-1", "k", &path)
            .await
            .expect("fget_object");
        assert!(
            std::fs::read(&path).unwrap() == body(),
            "fget_object, chunks of {chunk}"
        );
        assert_eq!(stat.size, body().len() as u64, "the size read");
    }
}

#[tokio::test]
async fn a_chunked_get_is_still_checked_against_its_checksum() {
    let wrong = chunked(&body(), 4096).header("x-amz-checksum-crc32c", "AAAAAA==");
    let server = serving(wrong).await;
    let err = client(&server)
        .get_object_bytes("b-1", "k")
        .await
        .map(|b| b.len())
        .unwrap_err();
    assert!(matches!(err, Error::Integrity(_)), "{err:?}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.bin");
    let err = client(&server)
        .fget_object("b-1", "k", &path)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Integrity(_)), "{err:?}");
    assert!(!path.exists(), "no file after a failed check");
}

#[tokio::test]
async fn a_range_of_unknown_total_falls_back_to_one_stream() {
    // 206 `bytes 0-9/*` to the first ranged GET: no size to plan with, so
    // the whole object is asked for once.
    let data = body();
    let server = FaultServer::with_handler(move |seen, _| {
        if seen.header("range").is_some() {
            Action::Reply(
                Reply::new(206, data[..10].to_vec())
                    .header("content-range", "bytes 0-9/*")
                    .header("etag", "\"abc\""),
            )
        } else {
            Action::Reply(chunked(&data, 999))
        }
    })
    .await
    .unwrap();
    let client = client(&server);
    let got = client.get_object_bytes("b-1", "k").await;
    assert!(
        got.as_ref().map(|b| b.len()).ok() == Some(body().len()),
        "{:?}",
        got.map(|b| b.len())
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.bin");
    client.fget_object("b-1", "k", &path).await.unwrap();
    assert!(std::fs::read(&path).unwrap() == body());
}

#[tokio::test]
async fn obsolete_http_dates_are_read() {
    let want = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_478_708_692);
    for date in [
        "Wed, 09 Nov 2016 16:24:52 GMT",
        "Wednesday, 09-Nov-16 16:24:52 GMT",
        "Wed Nov  9 16:24:52 2016",
    ] {
        let reply = Reply::new(200, Vec::new())
            .content_length("5")
            .header("etag", "\"abc\"")
            .header("last-modified", date);
        let server = FaultServer::start(vec![Action::Reply(reply)])
            .await
            .unwrap();
        let stat = client(&server).stat_object("b-1", "k").await.expect(date);
        assert_eq!(stat.last_modified, Some(want), "{date}");
    }
}

#[tokio::test]
async fn weak_etags_stay_weak_and_never_pin_ranges() {
    // A 40 MiB object whose first ranged GET answers with a weak ETag: the
    // download cannot pin the other ranges with `If-Match` (a strong
    // comparison), so it asks for the object once, unranged.
    let size: usize = 40 << 20;
    let server = FaultServer::with_handler(move |seen, _| {
        let reply = match seen.header("range") {
            Some(_) => Reply::new(206, vec![7u8; 16 << 20]).header(
                "content-range",
                format!("bytes 0-{}/{size}", (16 << 20) - 1),
            ),
            None => Reply::new(200, vec![7u8; size]),
        };
        Action::Reply(reply.header("etag", "W/\"abc\""))
    })
    .await
    .unwrap();
    let client = client(&server);
    let stat = client.stat_object("b-1", "k").await.unwrap();
    assert_eq!(stat.etag, ETag::weak("abc"));
    assert_eq!(stat.etag.to_string(), "W/\"abc\"");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.bin");
    let got = client.fget_object("b-1", "k", &path).await.unwrap();
    assert!(got.etag.is_weak());
    assert_eq!(std::fs::metadata(&path).unwrap().len(), size as u64);
    let seen = server.seen();
    assert!(
        seen.iter().all(|r| r.header("if-match").is_none()),
        "no If-Match with a weak tag"
    );
    assert_eq!(seen.len(), 3, "stat, the first range, one whole GET");
}

#[tokio::test]
async fn strong_etags_pin_ranges_with_a_well_formed_if_match() {
    let size: usize = 40 << 20;
    let server = FaultServer::with_handler(move |seen, _| {
        let range = seen.header("range").unwrap_or("bytes=0-").to_owned();
        let (first, last) = range
            .trim_start_matches("bytes=")
            .split_once('-')
            .map(|(a, b)| {
                (
                    a.parse::<usize>().unwrap(),
                    b.parse::<usize>().unwrap_or(size - 1),
                )
            })
            .unwrap();
        let last = last.min(size - 1);
        Action::Reply(
            Reply::new(206, vec![7u8; last - first + 1])
                .header("content-range", format!("bytes {first}-{last}/{size}"))
                .header("etag", "\"abc\""),
        )
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    client(&server)
        .fget_object("b-1", "k", dir.path().join("o"))
        .await
        .unwrap();
    let pinned: Vec<String> = server
        .seen()
        .iter()
        .filter_map(|r| r.header("if-match").map(str::to_owned))
        .collect();
    assert_eq!(pinned, ["\"abc\"", "\"abc\""], "two ranges after the first");
}
