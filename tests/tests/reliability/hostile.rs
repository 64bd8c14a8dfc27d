//! Hostile answers: garbage, huge, deeply nested or truncated XML, wrong
//! content types, missing headers, listings that never end. Each is an
//! error (or a sane value), never a panic, a hang or unbounded memory.

use std::time::Duration;

use futures_util::TryStreamExt;
use newtera::Error;
use newtera_faults::{Action, FaultServer, Reply};

use crate::case;
use crate::harness::{Case, Outcome};
use crate::report::Row;
use crate::support::{describe, fault_client};

pub(crate) fn cases() -> Vec<Case> {
    vec![
        case!("hostile::bad_xml_bodies", bad_xml),
        case!("hostile::missing_headers", missing_headers),
        case!("hostile::endless_listings", endless_listings),
        case!(
            "hostile::cli_listing_outside_prefix",
            cli_listing_outside_prefix
        ),
    ]
}

fn xml(body: impl Into<Vec<u8>>) -> Reply {
    Reply::new(200, body).header("content-type", "application/xml")
}

fn nested(depth: usize) -> Vec<u8> {
    let mut v = b"<ListAllMyBucketsResult><Buckets>".to_vec();
    v.extend(std::iter::repeat_n(&b"<Bucket>"[..], depth).flatten());
    v.extend(std::iter::repeat_n(&b"</Bucket>"[..], depth).flatten());
    v.extend_from_slice(b"</Buckets></ListAllMyBucketsResult>");
    v
}

fn laughs() -> Vec<u8> {
    let mut doc = String::from("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        doc.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">",
            format!("&{prev};").repeat(10)
        ));
    }
    doc.push_str("]><ListAllMyBucketsResult><Buckets><Bucket><Name>&lol9;</Name></Bucket></Buckets></ListAllMyBucketsResult>");
    doc.into_bytes()
}

fn bad_bodies() -> Vec<(&'static str, Reply)> {
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let full = crate::support::no_buckets().body;
    vec![
        ("200 with 4 KiB of random bytes", xml(garbage)),
        ("200 with an empty body", xml(Vec::new())),
        (
            "200 with XML cut in half",
            xml(full[..full.len() / 2].to_vec()),
        ),
        ("200 with 100,000 nested elements", xml(nested(100_000))),
        (
            "200 with a 40 MiB body (over the 32 MiB limit)",
            xml(vec![b' '; 40 << 20]),
        ),
        (
            "200 with an entity-expansion (billion laughs) DOCTYPE",
            xml(laughs()),
        ),
        (
            "200 text/html (a captive portal page)",
            Reply::new(200, "<html><body>Please log in</body></html>")
                .header("content-type", "text/html"),
        ),
        (
            "200 with the wrong root element",
            xml("<CopyObjectResult><ETag>x</ETag></CopyObjectResult>"),
        ),
        (
            "403 with an HTML body (not an S3 error)",
            Reply::new(403, "<html><h1>Forbidden</h1></html>").header("content-type", "text/html"),
        ),
        ("404 with an empty body", Reply::new(404, "")),
    ]
}

async fn bad_xml() -> Outcome {
    let mut rows = Vec::new();
    for (what, reply) in bad_bodies() {
        let server = FaultServer::start(vec![Action::Reply(reply)])
            .await
            .expect("server");
        let client = fault_client(server.endpoint());
        let got = tokio::time::timeout(Duration::from_secs(30), client.list_buckets())
            .await
            .expect("no hang");
        let outcome = match &got {
            Ok(buckets) if buckets.is_empty() && what.contains("nested") => {
                "nested elements ignored: an empty list".to_owned()
            }
            Ok(buckets) => panic!("{what}: accepted as {buckets:?}"),
            Err(e) => {
                let typed = matches!(
                    e,
                    Error::MalformedResponse(_) | Error::Transport(_) | Error::Response(_)
                );
                assert!(typed, "{what}: {e:?}");
                describe(e)
            }
        };
        rows.push(Row::new(
            "Hostile servers",
            format!("ListBuckets: {what}"),
            1,
            outcome,
        ));
    }
    Outcome::Rows(rows)
}

async fn missing_headers() -> Outcome {
    let body = b"an object body".to_vec();
    let server = FaultServer::start(vec![
        // No Content-Length (the body ends at close), no ETag, no dates.
        Action::Reply(Reply::new(200, body.clone()).content_length("")),
        Action::Reply(Reply::new(200, "").content_length("")),
        Action::Reply(Reply::new(200, "")),
    ])
    .await
    .expect("server");
    let client = fault_client(server.endpoint());
    let got = async { client.get_object("b-1", "k").await?.bytes().await }.await;
    let get_outcome = match &got {
        Ok(bytes) => {
            assert_eq!(bytes.as_ref(), body.as_slice(), "the close-delimited body");
            "accepted; body read to connection close".to_owned()
        }
        Err(e) => describe(e),
    };
    let stat = client.stat_object("b-1", "k").await;
    let stat_outcome = match &stat {
        Ok(s) => format!("accepted: size {}, ETag {:?}", s.size, s.etag.to_string()),
        Err(e) => describe(e),
    };
    let put = client.put_object("b-1", "k", "x").await;
    let put_outcome = match &put {
        Ok(r) => format!("accepted: ETag {:?}", r.etag.to_string()),
        Err(e) => describe(e),
    };
    Outcome::Rows(vec![
        Row::new(
            "Hostile servers",
            "GetObject: 200 without Content-Length, ETag or Last-Modified",
            1,
            get_outcome,
        ),
        Row::new(
            "Hostile servers",
            "HeadObject: 200 without Content-Length, ETag or Last-Modified",
            1,
            stat_outcome,
        ),
        Row::new(
            "Hostile servers",
            "PutObject: 200 without ETag",
            1,
            put_outcome,
        ),
    ])
}

fn page(token: Option<&str>, key: &str, truncated: bool) -> Reply {
    let next = token
        .map(|t| format!("<NextContinuationToken>{t}</NextContinuationToken>"))
        .unwrap_or_default();
    xml(format!(
        "<ListBucketResult><Name>b-1</Name><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>{truncated}</IsTruncated>{next}<Contents><Key>{key}</Key><Size>1</Size></Contents></ListBucketResult>"
    ))
}

async fn endless_listings() -> Outcome {
    let variants: Vec<(&str, Reply)> = vec![
        (
            "ListObjectsV2: IsTruncated with the same continuation token every page",
            page(Some("again"), "k", true),
        ),
        (
            "ListObjectsV2: IsTruncated without any continuation token",
            page(None, "k", true),
        ),
    ];
    let mut rows = Vec::new();
    for (what, reply) in variants {
        let server = FaultServer::with_handler(move |_, _| Action::Reply(reply.clone()))
            .await
            .expect("server");
        let client = fault_client(server.endpoint());
        let listed = tokio::time::timeout(
            Duration::from_secs(20),
            client
                .list_objects("b-1")
                .recursive(true)
                .into_stream()
                .try_collect::<Vec<_>>(),
        )
        .await
        .expect("the listing must end");
        let requests = server.requests();
        assert!(requests <= 4, "{what}: {requests} requests");
        let err = listed.expect_err(what);
        assert!(
            matches!(err, Error::MalformedResponse(_)),
            "{what}: {err:?}"
        );
        rows.push(Row::new(
            "Hostile servers",
            what,
            1,
            format!(
                "{} after {requests} pages, not an endless or silently short listing",
                describe(&err)
            ),
        ));
    }
    Outcome::Rows(rows)
}

/// A listing for prefix `data/` whose keys are not under it: shorter than
/// the prefix, cut inside a multi-byte character, and elsewhere.
fn listing_outside_prefix(seen: &newtera_faults::Seen) -> Action {
    if !seen.target.contains("list-type=2") {
        return Action::Reply(Reply::s3_error(404, "NoSuchKey"));
    }
    let keys = ["d", "data\u{e9}", "other/x"];
    let contents: String = keys
        .iter()
        .map(|k| format!("<Contents><Key>{k}</Key><Size>1</Size></Contents>"))
        .collect();
    Action::Reply(xml(format!(
        "<ListBucketResult><Name>b-1</Name><Prefix>data/</Prefix><KeyCount>3</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>{contents}</ListBucketResult>"
    )))
}

/// `newtera cp -r` over a listing with keys outside the requested prefix:
/// each such key is refused with an error (exit 1), the tool never panics.
async fn cli_listing_outside_prefix() -> Outcome {
    let server = FaultServer::with_handler(|seen, _| listing_outside_prefix(seen))
        .await
        .expect("server");
    let config = tempfile::tempdir().expect("config folder");
    let scratch = tempfile::tempdir().expect("scratch folder");
    let endpoint = server.endpoint().to_owned();
    let dir = config.path().to_owned();
    let dest = scratch.path().join("out");
    let code = tokio::task::spawn_blocking(move || {
        let cli = |args: &[&str]| {
            let mut all = vec!["newtera", "--config-dir", dir.to_str().expect("utf-8")];
            all.extend_from_slice(args);
            newtera_cli::run_from(all)
        };
        let access = "AKIDFAULTEXAMPLE";
        let set = cli(&[
            "alias",
            "set",
            "f",
            &endpoint,
            access,
            crate::support::FAULT_SECRET,
            // The fault server answers this test's listing only.
            "--no-verify",
        ]);
        assert_eq!(set, std::process::ExitCode::SUCCESS, "alias set");
        cli(&["cp", "-r", "f/b-1/data/", dest.to_str().expect("utf-8")])
    })
    .await
    .expect("the CLI must not panic on a server's listing");
    assert_eq!(
        code,
        std::process::ExitCode::from(1),
        "a failure, not success"
    );
    assert!(
        !scratch.path().join("out").join("x").exists(),
        "nothing written outside the prefix"
    );
    Outcome::Rows(vec![Row::new(
        "Hostile servers",
        "CLI cp -r: ListObjectsV2 keys outside the requested prefix",
        1,
        "each key refused (exit 1), no panic, nothing written".to_owned(),
    )])
}
