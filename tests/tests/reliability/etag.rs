//! `fget_object` pins its ranged GETs to the object's ETag: an object that
//! changes between ranges fails the download instead of mixing versions,
//! whether the server honours `If-Match` or ignores it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use newtera_faults::{Action, FaultServer, Reply, Seen};

use crate::case;
use crate::harness::{Case, Outcome};
use crate::report::Row;
use crate::support::{data, describe, fault_client, head_ok};

pub(crate) fn cases() -> Vec<Case> {
    vec![case!(
        "etag::object_changing_between_ranges",
        changing_object
    )]
}

/// Three 16 MiB ranges at least.
const SIZE: usize = 40 << 20;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Server {
    /// The object never changes.
    Stable,
    /// After the first range the object changes; `If-Match` is honoured.
    HonoursIfMatch,
    /// After the first range the object changes; `If-Match` is ignored.
    IgnoresIfMatch,
}

fn parse_range(req: &Seen) -> Option<(usize, usize)> {
    let spec = req.header("range")?.strip_prefix("bytes=")?;
    let (a, b) = spec.split_once('-')?;
    let start: usize = a.parse().ok()?;
    let end: usize = b.parse::<usize>().ok()?.min(SIZE - 1);
    Some((start, end))
}

fn handler(kind: Server, v1: Arc<Vec<u8>>) -> impl Fn(&Seen, usize) -> Action + Send + Sync {
    let changed = Arc::new(AtomicBool::new(false));
    move |req: &Seen, _| {
        if req.method == "HEAD" {
            return Action::Reply(head_ok(SIZE as u64, "v1"));
        }
        let Some((start, end)) = parse_range(req) else {
            return Action::Reply(Reply::s3_error(400, "ExpectedARange"));
        };
        let was_changed = changed.swap(kind != Server::Stable, Ordering::SeqCst);
        let (etag, fill) = if was_changed { ("v2", 0xAA) } else { ("v1", 0) };
        if was_changed && kind == Server::HonoursIfMatch && req.header("if-match") != Some("\"v2\"")
        {
            return Action::Reply(Reply::s3_error(412, "PreconditionFailed"));
        }
        let mut body = v1[start..=end].to_vec();
        if fill != 0 {
            body.iter_mut().for_each(|b| *b ^= fill);
        }
        Action::Reply(
            Reply::new(206, body)
                .header("etag", format!("\"{etag}\""))
                .header("content-range", format!("bytes {start}-{end}/{SIZE}"))
                .header("last-modified", "Sun, 01 Nov 2026 00:00:00 GMT"),
        )
    }
}

/// Leftover files in `dir` (the target or a `.part` temporary).
fn files_in(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

async fn changing_object() -> Outcome {
    let v1 = Arc::new(data(SIZE, 5));
    let mut rows = Vec::new();
    for kind in [
        Server::Stable,
        Server::HonoursIfMatch,
        Server::IgnoresIfMatch,
    ] {
        let server = FaultServer::with_handler(handler(kind, v1.clone()))
            .await
            .expect("server");
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("download.bin");
        let got = fault_client(server.endpoint())
            .fget_object("bkt", "k", &path)
            .await;
        let ranges = server.seen().iter().filter(|s| s.method == "GET").count();
        // The first range tells the ETag; every later one is pinned to it.
        let pinned = server
            .seen()
            .iter()
            .filter(|s| s.method == "GET" && parse_range(s).is_some_and(|(start, _)| start > 0))
            .all(|s| s.header("if-match") == Some("\"v1\""));
        assert!(
            pinned,
            "every range after the first carries If-Match of its ETag"
        );
        if kind == Server::Stable {
            got.expect("a stable object downloads");
            let written = std::fs::read(&path).expect("file");
            assert!(written == *v1, "content matches");
            assert_eq!(files_in(dir.path()), vec!["download.bin".to_owned()]);
            rows.push(Row::new(
                "ETag pinning",
                "fget_object (40 MiB, 3 ranges): object stable",
                1,
                "downloaded; every range after the first sent If-Match of the first's ETag; content verified",
            ));
            continue;
        }
        let err = got.expect_err("a changed object must fail");
        // The first range may still be streaming when the second fails,
        // so only the failed one is sure to be recorded.
        assert!(ranges >= 1, "{kind:?}: {err:?}");
        assert!(files_in(dir.path()).is_empty(), "no file, no .part left");
        let expected = match kind {
            Server::HonoursIfMatch => err.code() == Some("PreconditionFailed"),
            _ => matches!(err, newtera::Error::Integrity(_)),
        };
        assert!(expected, "{kind:?}: {err:?}");
        let what = match kind {
            Server::HonoursIfMatch => {
                "object changes after the first range; server honours If-Match"
            }
            _ => {
                "object changes after the first range; server ignores If-Match and sends the new ETag"
            }
        };
        rows.push(Row::new(
            "ETag pinning",
            format!("fget_object (40 MiB, 3 ranges): {what}"),
            1,
            format!(
                "{}; no mixed file: target and temporary file absent",
                describe(&err)
            ),
        ));
    }
    Outcome::Rows(rows)
}
