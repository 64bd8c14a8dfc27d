//! Connection faults: resets and closes mid-request and mid-response, a
//! stalled server, short bodies and absurd lengths. Before a response
//! arrives a fault is retried; once a body is streaming it is an error,
//! never a silently short result.

use std::time::{Duration, Instant};

use newtera::Error;
use newtera_faults::{Action, FaultServer, Reply};

use crate::case;
use crate::harness::{Case, Outcome};
use crate::report::Row;
use crate::support::{ATTEMPTS, data, describe, fault_builder, fault_client, no_buckets, put_ok};

pub(crate) fn cases() -> Vec<Case> {
    vec![
        case!(
            "connection::faults_before_the_response_are_retried",
            retried
        ),
        case!("connection::faults_on_every_attempt", exhausted),
        case!("connection::stalled_server_times_out", stalled),
        case!("connection::faults_mid_body_are_errors", mid_body),
        case!("connection::absurd_content_length", absurd_length),
    ]
}

/// The pre-response faults, each followed by a healthy answer.
fn pre_response_faults() -> Vec<(&'static str, Action)> {
    vec![
        (
            "connection reset mid-request (during a 1 MiB body)",
            Action::ResetMidRequest,
        ),
        (
            "connection reset after the request, no response",
            Action::ResetAfterRequest,
        ),
        (
            "connection closed after the request, no response",
            Action::CloseAfterRequest,
        ),
        (
            "connection reset after 10 bytes of the response head's body",
            Action::ResetMidResponse {
                reply: Reply::s3_error(503, "SlowDown"),
                keep: 10,
            },
        ),
    ]
}

async fn retried() -> Outcome {
    let body = data(1 << 20, 1);
    let mut rows = Vec::new();
    for (what, fault) in pre_response_faults() {
        let server = FaultServer::start(vec![fault, Action::Reply(put_ok())])
            .await
            .expect("server");
        let client = fault_client(server.endpoint());
        let put = client.put_object("bkt", "k", body.clone()).await;
        assert!(put.is_ok(), "{what}: {put:?}");
        let seen = server.seen();
        assert_eq!(seen.len(), 2, "{what}");
        assert_eq!(seen[1].body, body, "{what}: body replayed intact");
        rows.push(Row::new(
            "Connection faults",
            format!("PutObject: {what}, then 200"),
            1,
            "retried on a new connection; full body replayed; succeeded",
        ));
    }
    Outcome::Rows(rows)
}

async fn exhausted() -> Outcome {
    let mut rows = Vec::new();
    for (what, fault) in pre_response_faults() {
        let server = FaultServer::start(vec![fault; 10]).await.expect("server");
        let client = fault_client(server.endpoint());
        let err = client.list_buckets().await.expect_err(what);
        assert_eq!(server.requests(), ATTEMPTS as usize, "{what}: {err}");
        let clear = matches!(err, Error::Transport(_) | Error::Response(_));
        assert!(clear, "{what}: {err:?}");
        rows.push(Row::new(
            "Connection faults",
            format!("ListBuckets: {what}, every attempt"),
            u64::from(ATTEMPTS),
            format!("gave up after {ATTEMPTS} attempts: {}", describe(&err)),
        ));
    }
    Outcome::Rows(rows)
}

async fn stalled() -> Outcome {
    let stall = Action::Stall(Duration::from_secs(30));
    let server = FaultServer::start(vec![stall.clone(), stall.clone(), stall])
        .await
        .expect("server");
    let client = fault_builder(server.endpoint())
        .read_timeout(Duration::from_millis(300))
        .build()
        .expect("client");
    let started = Instant::now();
    let err = client.list_buckets().await.expect_err("stall");
    let took = started.elapsed();
    assert!(err.is_timeout(), "{err:?}");
    assert!(took < Duration::from_secs(10), "{took:?}");
    assert_eq!(server.requests(), ATTEMPTS as usize);

    // The attempt timeout bounds a stall too, without a read timeout.
    let server = FaultServer::start(vec![Action::Stall(Duration::from_secs(30)); 3])
        .await
        .expect("server");
    let client = fault_builder(server.endpoint())
        .attempt_timeout(Some(Duration::from_millis(300)))
        .build()
        .expect("client");
    let err2 = client.list_buckets().await.expect_err("stall");
    assert!(err2.is_timeout(), "{err2:?}");
    Outcome::Rows(vec![
        Row::new(
            "Connection faults",
            "ListBuckets: server accepts, then sends nothing (read timeout 300 ms)",
            u64::from(ATTEMPTS),
            format!("read timeout fired on each attempt: {}", describe(&err)),
        ),
        Row::new(
            "Connection faults",
            "ListBuckets: server sends nothing (attempt timeout 300 ms)",
            u64::from(ATTEMPTS),
            format!("attempt timeout fired on each attempt: {}", describe(&err2)),
        ),
    ])
}

/// A GET whose headers are fine but whose body breaks: the stream errors.
async fn mid_body() -> Outcome {
    let object = data(64 << 10, 9);
    let reply = Reply::new(200, object.clone())
        .header("etag", "\"0123456789abcdef0123456789abcdef\"")
        .header("last-modified", "Sun, 01 Nov 2026 00:00:00 GMT");
    let faults = vec![
        (
            "body shorter than Content-Length, then close",
            Action::Truncate {
                reply: reply.clone(),
                keep: 1000,
            },
        ),
        (
            "connection reset mid-body",
            Action::ResetMidResponse {
                reply: reply.clone(),
                keep: 1000,
            },
        ),
        (
            "server stalls mid-body (read timeout 300 ms)",
            Action::StallMidResponse {
                reply: reply.clone(),
                keep: 1000,
                stall: Duration::from_secs(30),
            },
        ),
    ];
    let mut rows = Vec::new();
    for (what, fault) in faults {
        let server = FaultServer::start(vec![fault]).await.expect("server");
        let client = fault_builder(server.endpoint())
            .read_timeout(Duration::from_millis(300))
            .build()
            .expect("client");
        let got = tokio::time::timeout(Duration::from_secs(20), async {
            client.get_object("bkt", "k").await?.bytes().await
        })
        .await
        .expect("the body must fail, not hang");
        let err = got.expect_err(what);
        if what.contains("stalls") {
            assert!(err.is_timeout(), "{what}: {err:?}");
        }
        rows.push(Row::new(
            "Connection faults",
            format!("GetObject (64 KiB): {what}"),
            1,
            format!("body stream failed, no short result: {}", describe(&err)),
        ));
    }
    // The same fault on an XML answer (read whole) is an error too.
    let xml = no_buckets();
    let keep = xml.body.len() / 2;
    let server = FaultServer::start(vec![Action::Truncate { reply: xml, keep }; 3])
        .await
        .expect("server");
    let err = fault_client(server.endpoint())
        .list_buckets()
        .await
        .expect_err("truncated XML");
    rows.push(Row::new(
        "Connection faults",
        "ListBuckets: XML body shorter than Content-Length",
        1,
        format!("error, not a partial list: {}", describe(&err)),
    ));
    Outcome::Rows(rows)
}

async fn absurd_length() -> Outcome {
    let lengths = [
        ("-5", "negative"),
        ("99999999999999999999999", "beyond u64"),
        ("12abc", "not a number"),
        ("1099511627776", "1 TiB with a 100-byte body"),
    ];
    let mut rows = Vec::new();
    for (value, what) in lengths {
        let reply = no_buckets().content_length(value);
        let server = FaultServer::start(vec![Action::Reply(reply); 3])
            .await
            .expect("server");
        let client = fault_client(server.endpoint());
        let got = tokio::time::timeout(Duration::from_secs(20), client.list_buckets())
            .await
            .expect("no hang");
        let err = got.expect_err(what);
        rows.push(Row::new(
            "Hostile servers",
            format!("ListBuckets: Content-Length {what} ({value})"),
            1,
            format!("error, memory bounded: {}", describe(&err)),
        ));
    }
    Outcome::Rows(rows)
}
