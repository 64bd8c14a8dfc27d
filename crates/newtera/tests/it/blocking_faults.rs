//! The blocking facade against hostile answers: a body cut short or
//! stalled mid-stream, a reader dropped half-read.

use std::io::Read as _;
use std::time::{Duration, Instant};

use newtera::blocking::Newtera;
use newtera_faults::{Action, FaultServer, Reply};

const LAST_MODIFIED: &str = "Wed, 09 Nov 2016 16:24:52 GMT";

fn body() -> Vec<u8> {
    (0..(1u32 << 20)).map(|i| (i % 251) as u8).collect()
}

fn object() -> Reply {
    Reply::new(200, body())
        .header("etag", "\"abc\"")
        .header("last-modified", LAST_MODIFIED)
}

/// A fault server answering with `action`, kept alive by its own runtime
/// (the blocking client has another one).
fn serving(action: Action) -> (tokio::runtime::Runtime, FaultServer) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(FaultServer::with_handler(move |_, _| action.clone()))
        .unwrap();
    (runtime, server)
}

fn client(server: &FaultServer) -> Newtera {
    Newtera::from_builder(
        newtera::Newtera::builder(server.endpoint())
            .credentials("AKIDEXAMPLE", "SECRETEXAMPLE")
            .region("us-east-1")
            .read_timeout(Duration::from_millis(300)),
    )
    .unwrap()
}

/// A body cut short fails the read that meets the cut, and every read
/// after it: a caller that retries a failed read must not see a clean end
/// of a truncated object.
#[test]
fn a_failed_read_is_not_followed_by_a_clean_end() {
    let (_rt, server) = serving(Action::Truncate {
        reply: object(),
        keep: 300_000,
    });
    let client = client(&server);
    let mut reader = client.get_object("b-1", "k").send().unwrap();
    let mut got = Vec::new();
    let first = reader.read_to_end(&mut got);
    assert!(
        first.is_err(),
        "a truncated body read to its end: {first:?}"
    );
    assert!(got.len() < 1 << 20);
    let mut buf = [0u8; 4096];
    let again = reader.read(&mut buf);
    assert!(
        again.is_err(),
        "the read after a failed one gave {again:?} (a clean end of a truncated body)"
    );
    let mut whole = client.get_object("b-1", "k").send().unwrap();
    let _ = whole.read(&mut buf).unwrap();
    let _ = whole.read_to_end(&mut Vec::new());
    assert!(
        whole.bytes().is_err(),
        "bytes() after a failed read must fail too"
    );
}

/// A body that stalls mid-stream fails the read after the read timeout
/// (not a hang), with the client's timeout error as the source.
#[test]
fn a_stalled_body_fails_the_read_in_time() {
    let (_rt, server) = serving(Action::StallMidResponse {
        reply: object(),
        keep: 100_000,
        stall: Duration::from_secs(30),
    });
    let client = client(&server);
    let mut reader = client.get_object("b-1", "k").send().unwrap();
    let started = Instant::now();
    let err = reader.read_to_end(&mut Vec::new()).unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let source = err
        .get_ref()
        .and_then(|e| e.downcast_ref::<newtera::Error>())
        .unwrap_or_else(|| panic!("no newtera::Error inside {err:?}"));
    assert!(source.is_timeout(), "{source:?}");
}

/// A reader dropped half-read, then the client dropped while a second
/// reader still streams: the second reader reads on to the end.
#[test]
fn readers_outlive_a_dropped_client() {
    let (_rt, server) = serving(Action::Reply(object()));
    let client = client(&server);
    let mut first = client.get_object("b-1", "k").send().unwrap();
    let mut buf = [0u8; 1000];
    first.read_exact(&mut buf).unwrap();
    drop(first);
    let mut second = client.get_object("b-1", "k").send().unwrap();
    drop(client);
    let mut got = Vec::new();
    second.read_to_end(&mut got).unwrap();
    assert!(got == body());
}

/// A blocking multipart upload cut off by a panic (its progress callback
/// panics once a part is stored) is aborted, and dropping the client
/// waits for that abort.
#[test]
fn a_blocking_upload_cut_off_by_a_panic_is_aborted_before_the_client_is_gone() {
    const INIT: &str = "<InitiateMultipartUploadResult><Bucket>bkt</Bucket><Key>k</Key>\
        <UploadId>UP</UploadId></InitiateMultipartUploadResult>";
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(FaultServer::with_handler(|seen, _| {
            match seen.method.as_str() {
                "POST" if seen.query().starts_with("uploads") => {
                    Action::Reply(Reply::new(200, INIT))
                }
                "PUT" => Action::Reply(Reply::new(200, "").header("etag", "\"abc\"")),
                "DELETE" => {
                    std::thread::sleep(Duration::from_millis(200));
                    Action::Reply(Reply::new(204, ""))
                }
                _ => Action::Reply(Reply::s3_error(400, "Unexpected")),
            }
        }))
        .unwrap();
    let client = client(&server);
    let put = client
        .put_object("bkt", "k", vec![3u8; 12 << 20])
        .part_size(5 << 20)
        .parallelism(1)
        .progress(|p: newtera::Progress| assert!(p.done == 0, "cut off after a part"));
    let cut = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| put.send()));
    assert!(cut.is_err(), "the callback's panic reaches the caller");
    drop(client);
    let aborts = server
        .seen()
        .iter()
        .filter(|s| s.method == "DELETE" && s.target.contains("uploadId=UP"))
        .count();
    assert_eq!(aborts, 1, "{:?}", server.seen());
}
