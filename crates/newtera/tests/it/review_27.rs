//! A fresh user's attacks on this session's download paths: ranged answers
//! that do not hold the bytes asked for must fail, never be handed out (or
//! written into a larger download) as if they did.

use newtera::{Error, Newtera};
use newtera_faults::{Action, FaultServer, Reply};

const SIZE: usize = 40 << 20;

fn client(server: &FaultServer) -> Newtera {
    Newtera::builder(server.endpoint())
        .credentials("AKIDEXAMPLE", "SECRETEXAMPLE")
        .region("us-east-1")
        .build()
        .unwrap()
}

fn object() -> Vec<u8> {
    (0..SIZE as u32).map(|i| (i % 251) as u8).collect()
}

/// `(first, last)` of a `Range: bytes=first-last` or `bytes=first-`.
fn asked(range: &str) -> (usize, usize) {
    let (a, b) = range.trim_start_matches("bytes=").split_once('-').unwrap();
    let first = a.parse().unwrap();
    (first, b.parse::<usize>().unwrap_or(SIZE - 1).min(SIZE - 1))
}

/// A server whose ranged answers past byte 0 are wrong in the way `lie`
/// says; the first range and unranged GETs are right.
async fn lying(lie: fn(&[u8], usize, usize) -> Reply) -> FaultServer {
    let data = object();
    FaultServer::with_handler(move |seen, _| {
        let reply = match seen.header("range").map(asked) {
            None => Reply::new(200, data.clone()),
            Some((0, last)) => Reply::new(206, data[..=last].to_vec())
                .header("content-range", format!("bytes 0-{last}/{SIZE}")),
            Some((first, last)) => lie(&data, first, last),
        };
        Action::Reply(reply.header("etag", "\"abc\""))
    })
    .await
    .unwrap()
}

/// The range's length of bytes from byte 0, labelled as from byte 0.
fn from_zero(data: &[u8], first: usize, last: usize) -> Reply {
    let len = last - first + 1;
    Reply::new(206, data[..len].to_vec())
        .header("content-range", format!("bytes 0-{}/{SIZE}", len - 1))
}

/// The whole object as a 200 (the Range header ignored).
fn ignored(data: &[u8], _: usize, _: usize) -> Reply {
    Reply::new(200, data.to_vec())
}

/// The right bytes with a shifted label.
fn shifted(data: &[u8], first: usize, last: usize) -> Reply {
    Reply::new(206, data[first..=last].to_vec()).header(
        "content-range",
        format!("bytes {}-{}/{SIZE}", first + 1, last + 1),
    )
}

/// The range's label with a byte more than it says.
fn longer_than_its_label(data: &[u8], first: usize, last: usize) -> Reply {
    Reply::new(206, data[first..=last + 1].to_vec())
        .header("content-range", format!("bytes {first}-{last}/{SIZE}"))
}

/// More bytes than asked, labelled as such.
fn longer_than_asked(data: &[u8], first: usize, last: usize) -> Reply {
    Reply::new(206, data[first..=last + 1].to_vec()).header(
        "content-range",
        format!("bytes {first}-{}/{SIZE}", last + 1),
    )
}

/// A 206 without `Content-Range`.
fn unlabelled(data: &[u8], first: usize, last: usize) -> Reply {
    Reply::new(206, data[first..=last].to_vec())
}

#[tokio::test]
async fn a_range_answer_for_other_bytes_is_refused_by_get_object() {
    for (name, lie) in [
        ("from byte 0", from_zero as fn(&[u8], usize, usize) -> Reply),
        ("Range ignored (200)", ignored),
        ("shifted label", shifted),
        ("longer than its label", longer_than_its_label),
        ("longer than asked", longer_than_asked),
        ("no Content-Range", unlabelled),
    ] {
        let server = lying(lie).await;
        let got = client(&server)
            .get_object("b-1", "k")
            .offset(1000)
            .length(10)
            .await;
        let got = match got {
            Ok(response) => response.bytes().await.map(|b| b.to_vec()),
            Err(e) => Err(e),
        };
        assert!(
            matches!(got, Err(Error::Integrity(_))),
            "{name}: {:?}",
            got.map(|b| b.len())
        );
    }
}

#[tokio::test]
async fn a_download_never_assembles_bytes_from_the_wrong_offset() {
    let want = object();
    for (name, lie) in [
        ("from byte 0", from_zero as fn(&[u8], usize, usize) -> Reply),
        ("Range ignored (200)", ignored),
        ("shifted label", shifted),
    ] {
        let server = lying(lie).await;
        let got = client(&server).get_object_bytes("b-1", "k").await;
        match got {
            Ok(bytes) => assert!(
                bytes == want,
                "{name}: get_object_bytes returned {} bytes that differ from the object",
                bytes.len()
            ),
            Err(e) => assert!(matches!(e, Error::Integrity(_)), "{name}: {e:?}"),
        }
    }
}

/// A client that learns its region from the server's hints.
fn roaming(server: &FaultServer) -> Newtera {
    let retry = newtera::transport::retry::RetryConfig::default()
        .max_attempts(3)
        .base_delay(std::time::Duration::from_millis(5))
        .max_delay(std::time::Duration::from_millis(20))
        .no_budget();
    Newtera::builder(server.endpoint())
        .credentials("AKIDEXAMPLE", "SECRETEXAMPLE")
        .retry(retry)
        .build()
        .unwrap()
}

/// The first failures each call meets before its final 404.
fn detours() -> Vec<(&'static str, Vec<Action>)> {
    let hint = Reply::new(
        400,
        "<Error><Code>AuthorizationHeaderMalformed</Code><Region>eu-west-9</Region></Error>",
    )
    // A HEAD's answer has no body: the region comes in the header then.
    .header("x-amz-bucket-region", "eu-west-9");
    let moved = Reply::new(301, "").header("x-amz-bucket-region", "eu-west-9");
    vec![
        ("none", vec![]),
        ("a region hint (400)", vec![Action::Reply(hint)]),
        ("a region redirect (301)", vec![Action::Reply(moved)]),
        ("a dropped connection", vec![Action::ResetAfterRequest]),
        (
            "a 503",
            vec![Action::Reply(Reply::s3_error(503, "SlowDown"))],
        ),
    ]
}

/// Every request seen asked for `/b-1/my%20key` (or its bucket, for the
/// region lookup), and each was signed over it.
fn all_about_the_object(server: &FaultServer, what: &str, region: &str) {
    for seen in server.seen() {
        assert!(
            seen.target.starts_with("/b-1/my%20key") || seen.target.starts_with("/b-1?"),
            "{what}: {} {}",
            seen.method,
            seen.target
        );
        assert!(seen.header("authorization").is_some(), "{what}: signed");
    }
    let seen = server.seen();
    let last = seen.last().unwrap();
    assert!(
        last.header("authorization")
            .unwrap()
            .contains(&format!("/{region}/s3/aws4_request")),
        "{what}: the last attempt is signed for the bucket's region"
    );
    assert!(seen.len() >= 2, "{what}: {} requests", seen.len());
}

fn names_the_object(err: &Error, what: &str) {
    let Some(response) = err.as_response() else {
        panic!("{what}: {err:?}");
    };
    assert_eq!(
        response.bucket_name.as_deref(),
        Some("b-1"),
        "{what}: {err}"
    );
    assert_eq!(
        response.object_name.as_deref(),
        Some("my key"),
        "{what}: {err}"
    );
    assert!(err.to_string().contains("b-1/my key"), "{what}: {err}");
}

#[tokio::test]
async fn every_failure_on_the_way_still_names_the_bucket_and_key() {
    for (detour, first) in detours() {
        let bucket_region = Reply::new(
            200,
            "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">eu-west-8</LocationConstraint>",
        );
        let script = |last: Reply| {
            let mut script = vec![Action::Reply(bucket_region.clone())];
            script.extend(first.clone());
            script.push(Action::Reply(last));
            script
        };
        let gone = Reply::s3_error(404, "NoSuchKey");
        let head_gone = Reply::new(404, "");
        for call in [
            "stat",
            "get",
            "get range",
            "get_object_bytes",
            "fget",
            "put",
        ] {
            let what = format!("{call} after {detour}");
            let last = if call == "stat" {
                head_gone.clone()
            } else {
                gone.clone()
            };
            let server = FaultServer::start(script(last)).await.unwrap();
            let client = roaming(&server);
            let dir = tempfile::tempdir().unwrap();
            let err = match call {
                "stat" => client.stat_object("b-1", "my key").await.map(drop),
                "get" => client.get_object("b-1", "my key").await.map(drop),
                "get range" => client
                    .get_object("b-1", "my key")
                    .offset(5)
                    .length(5)
                    .await
                    .map(drop),
                "get_object_bytes" => client.get_object_bytes("b-1", "my key").await.map(drop),
                "fget" => client
                    .fget_object("b-1", "my key", dir.path().join("o"))
                    .await
                    .map(drop),
                "put multipart" => client
                    .put_object("b-1", "my key", vec![1u8; 20 << 20])
                    .await
                    .map(drop),
                _ => client
                    .put_object("b-1", "my key", bytes::Bytes::from_static(b"hello"))
                    .await
                    .map(drop),
            }
            .unwrap_err();
            names_the_object(&err, &what);
            assert_eq!(
                server.seen().len(),
                2 + usize::from(!first.is_empty()),
                "{what}: the lookup, the detour, the final answer"
            );
            let region = if detour.contains("region") {
                "eu-west-9"
            } else {
                "eu-west-8"
            };
            all_about_the_object(&server, &what, region);
        }
    }
}

#[tokio::test]
async fn a_416_then_a_404_names_the_bucket_and_key() {
    for call in ["get_object_bytes", "fget"] {
        let server = FaultServer::start(vec![
            Action::Reply(Reply::new(
                200,
                "<LocationConstraint>eu-west-8</LocationConstraint>",
            )),
            Action::Reply(Reply::s3_error(416, "InvalidRange")),
            Action::Reply(Reply::s3_error(404, "NoSuchKey")),
        ])
        .await
        .unwrap();
        let client = roaming(&server);
        let dir = tempfile::tempdir().unwrap();
        let err = match call {
            "fget" => client
                .fget_object("b-1", "my key", dir.path().join("o"))
                .await
                .map(drop),
            _ => client.get_object_bytes("b-1", "my key").await.map(drop),
        }
        .unwrap_err();
        names_the_object(&err, call);
        all_about_the_object(&server, call, "eu-west-8");
        let seen = server.seen();
        assert_eq!(seen.len(), 3, "{call}");
        assert!(seen[1].header("range").is_some(), "{call}: ranged first");
        assert!(seen[2].header("range").is_none(), "{call}: then whole");
    }
}

#[tokio::test]
async fn invalid_names_are_named_and_nothing_is_sent() {
    let long = "k".repeat(1025);
    let mut unnamed = Vec::new();
    for (bucket, key, named) in [
        ("a..b", "k", "a..b"),
        ("bad bucket", "k", "bad bucket"),
        ("ab", "k", "\"ab\""),
        ("b-1", "", "object name"),
        ("b-1", long.as_str(), "object name"),
    ] {
        for call in [
            "stat",
            "get",
            "get range",
            "get_object_bytes",
            "fget",
            "put",
        ] {
            let server = FaultServer::start(vec![]).await.unwrap();
            let client = client(&server);
            let dir = tempfile::tempdir().unwrap();
            let err = match call {
                "stat" => client.stat_object(bucket, key).await.map(drop),
                "get" => client.get_object(bucket, key).await.map(drop),
                "get range" => client
                    .get_object(bucket, key)
                    .offset(5)
                    .length(5)
                    .await
                    .map(drop),
                "get_object_bytes" => client.get_object_bytes(bucket, key).await.map(drop),
                "fget" => client
                    .fget_object(bucket, key, dir.path().join("o"))
                    .await
                    .map(drop),
                _ => client
                    .put_object(bucket, key, bytes::Bytes::from_static(b"hello"))
                    .await
                    .map(drop),
            }
            .unwrap_err();
            let what = format!("{call} {bucket:?} {:?}", key.get(..10));
            assert!(err.is_invalid_argument(), "{what}: {err:?}");
            if !err.to_string().contains(named) {
                unnamed.push(format!("{what}: {err}"));
            }
            assert_eq!(server.requests(), 0, "{what}: nothing sent");
        }
    }
    assert!(unnamed.is_empty(), "{unnamed:#?}");
}

/// A relay to `upstream` that cuts the first `cut` connections once a
/// request has arrived on them (nothing answered), then forwards.
async fn cutting_relay(
    upstream: std::net::SocketAddr,
    cut: usize,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let seen = std::sync::Arc::new(AtomicUsize::new(0));
    let connections = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let n = seen.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                if n < cut {
                    let mut buf = vec![0u8; 64 << 10];
                    let _ = client.read(&mut buf).await;
                    return;
                }
                let Ok(mut server) = tokio::net::TcpStream::connect(upstream).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
            });
        }
    });
    (endpoint, connections)
}

#[tokio::test]
async fn requests_retried_after_a_dropped_connection_are_signed_again_validly() {
    let server = newtera_testkit::EmbeddedServer::start().unwrap();
    let direct = Newtera::builder(server.endpoint())
        .credentials(server.access_key(), server.secret_key())
        .region(server.region())
        .build()
        .unwrap();
    let bucket = format!("r27-{}", std::process::id());
    direct.make_bucket(&bucket).await.unwrap();
    let retry = newtera::transport::retry::RetryConfig::default()
        .max_attempts(3)
        .base_delay(std::time::Duration::from_millis(5))
        .max_delay(std::time::Duration::from_millis(20))
        .no_budget();
    for call in [
        "put",
        "stat",
        "get",
        "get range",
        "get_object_bytes",
        "fget",
    ] {
        // A fresh relay per call: its first connection is cut.
        let (relay, connections) = cutting_relay(server.addr(), 1).await;
        let client = Newtera::builder(relay)
            .credentials(server.access_key(), server.secret_key())
            .region(server.region())
            .retry(retry.clone())
            .build()
            .unwrap();
        let key = "dir/my key+ü";
        let dir = tempfile::tempdir().unwrap();
        let got = match call {
            "put" => client
                .put_object(&bucket, key, bytes::Bytes::from_static(b"hello world"))
                .await
                .map(drop),
            "stat" => client
                .stat_object(&bucket, key)
                .await
                .map(|s| assert_eq!(s.size, 11)),
            "get" => match client.get_object(&bucket, key).await {
                Ok(r) => r.bytes().await.map(|b| assert_eq!(&b[..], b"hello world")),
                Err(e) => Err(e),
            },
            "get range" => match client.get_object(&bucket, key).offset(6).length(5).await {
                Ok(r) => r.bytes().await.map(|b| assert_eq!(&b[..], b"world")),
                Err(e) => Err(e),
            },
            "get_object_bytes" => client
                .get_object_bytes(&bucket, key)
                .await
                .map(|b| assert_eq!(&b[..], b"hello world")),
            _ => client
                .fget_object(&bucket, key, dir.path().join("o"))
                .await
                .map(|_| assert_eq!(std::fs::read(dir.path().join("o")).unwrap(), b"hello world")),
        };
        assert!(got.is_ok(), "{call} after a dropped connection: {got:?}");
        let connections = connections.load(std::sync::atomic::Ordering::SeqCst);
        assert!(
            connections >= 2,
            "{call}: {connections} connections (no retry?)"
        );
    }
}
