//! Bad input is refused with a typed error before any request: the fault
//! server behind the client must see nothing.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use newtera::{Error, Newtera, ObjectData};
use newtera_faults::FaultServer;

use crate::case;
use crate::harness::{Case, Outcome};
use crate::report::Row;
use crate::support::{describe, fault_client};

pub(crate) fn cases() -> Vec<Case> {
    vec![
        case!("bad_input::invalid_bucket_names", bucket_names),
        case!("bad_input::invalid_object_names", object_names),
        case!("bad_input::out_of_range_arguments", out_of_range),
        case!("bad_input::file_paths", file_paths),
    ]
}

type Attempt = Pin<Box<dyn Future<Output = Result<(), Error>> + Send>>;

/// Every operation that takes a bucket, with `bucket` and key `k`.
fn bucket_ops(c: &Newtera, bucket: &str) -> Vec<Attempt> {
    let (c, b) = (c.clone(), bucket.to_owned());
    vec![
        Box::pin({
            let (c, b) = (c.clone(), b.clone());
            async move { c.make_bucket(&b).await.map(drop) }
        }),
        Box::pin({
            let (c, b) = (c.clone(), b.clone());
            async move { c.bucket_exists(&b).await.map(drop) }
        }),
        Box::pin({
            let (c, b) = (c.clone(), b.clone());
            async move { c.put_object(&b, "k", "x").await.map(drop) }
        }),
        Box::pin({
            let (c, b) = (c.clone(), b.clone());
            async move { c.get_object(&b, "k").await.map(drop) }
        }),
        Box::pin({
            let (c, b) = (c.clone(), b.clone());
            async move { c.stat_object(&b, "k").await.map(drop) }
        }),
        Box::pin({
            let (c, b) = (c.clone(), b.clone());
            async move { c.remove_object(&b, "k").await.map(drop) }
        }),
        Box::pin({
            let (c, b) = (c.clone(), b.clone());
            async move { c.presigned_get_object(&b, "k").await.map(drop) }
        }),
        Box::pin(async move {
            c.copy_object("good-bucket", "k", newtera::CopySource::new(&b, "k"))
                .await
                .map(drop)
        }),
    ]
}

/// Every operation that takes a key, with `key`.
fn key_ops(c: &Newtera, key: &str) -> Vec<Attempt> {
    let (c, k) = (c.clone(), key.to_owned());
    vec![
        Box::pin({
            let (c, k) = (c.clone(), k.clone());
            async move { c.put_object("good-bucket", &k, "x").await.map(drop) }
        }),
        Box::pin({
            let (c, k) = (c.clone(), k.clone());
            async move { c.get_object("good-bucket", &k).await.map(drop) }
        }),
        Box::pin({
            let (c, k) = (c.clone(), k.clone());
            async move { c.stat_object("good-bucket", &k).await.map(drop) }
        }),
        Box::pin({
            let (c, k) = (c.clone(), k.clone());
            async move { c.remove_object("good-bucket", &k).await.map(drop) }
        }),
        Box::pin({
            let (c, k) = (c.clone(), k.clone());
            async move { c.presigned_put_object("good-bucket", &k).await.map(drop) }
        }),
        Box::pin({
            let (c, k) = (c.clone(), k.clone());
            let dir = std::env::temp_dir().join("newtera-rel-never-written");
            async move { c.fget_object("good-bucket", &k, dir).await.map(drop) }
        }),
        Box::pin(async move {
            c.copy_object(
                "good-bucket",
                &k,
                newtera::CopySource::new("good-bucket", "src"),
            )
            .await
            .map(drop)
        }),
    ]
}

/// Runs `attempts`, each of which must fail with `InvalidArgument`, and
/// checks the server saw no request.
async fn expect_invalid(server: &FaultServer, what: &str, attempts: Vec<Attempt>) -> u64 {
    let n = attempts.len() as u64;
    for (i, attempt) in attempts.into_iter().enumerate() {
        let err = attempt.await.expect_err(what);
        assert!(err.is_invalid_argument(), "{what} (op {i}): {err:?}");
    }
    assert_eq!(server.requests(), 0, "{what}: no request may be sent");
    n
}

async fn bucket_names() -> Outcome {
    let server = FaultServer::start(Vec::new()).await.expect("server");
    let client = fault_client(server.endpoint());
    let long = "a".repeat(64);
    let names: [(&str, &str); 9] = [
        ("", "empty"),
        ("ab", "2 characters"),
        (&long, "64 characters"),
        ("-bucket", "leading hyphen"),
        ("bucket-", "trailing hyphen"),
        ("buck..et", "two dots"),
        ("192.168.1.1", "an IP address"),
        ("has space", "a space"),
        ("sl/ash", "a slash"),
    ];
    let mut rows = Vec::new();
    for (name, what) in names {
        let tries = expect_invalid(&server, what, bucket_ops(&client, name)).await;
        rows.push(Row::new(
            "Bad input",
            format!("bucket name: {what}"),
            tries,
            "Error::InvalidArgument from every operation; no request sent",
        ));
    }
    Outcome::Rows(rows)
}

async fn object_names() -> Outcome {
    let server = FaultServer::start(Vec::new()).await.expect("server");
    let client = fault_client(server.endpoint());
    let mut rows = Vec::new();
    for (key, what) in [
        (String::new(), "empty key"),
        ("k".repeat(1025), "key of 1,025 bytes"),
    ] {
        let tries = expect_invalid(&server, what, key_ops(&client, &key)).await;
        rows.push(Row::new(
            "Bad input",
            format!("object name: {what}"),
            tries,
            "Error::InvalidArgument from every operation; no request sent",
        ));
    }
    Outcome::Rows(rows)
}

async fn out_of_range() -> Outcome {
    let server = FaultServer::start(Vec::new()).await.expect("server");
    let c = fault_client(server.endpoint());
    let days8 = Duration::from_secs(8 * 24 * 3600);
    let cases: Vec<(&str, Attempt)> = vec![
        ("presign expiry 0 s", {
            let c = c.clone();
            Box::pin(async move {
                c.presigned_get_object("b-1", "k")
                    .expires(Duration::ZERO)
                    .await
                    .map(drop)
            })
        }),
        ("presign expiry 8 days (over 7)", {
            let c = c.clone();
            Box::pin(async move {
                c.presigned_put_object("b-1", "k")
                    .expires(days8)
                    .await
                    .map(drop)
            })
        }),
        ("GetObject offset u64::MAX with length 2 (overflows)", {
            let c = c.clone();
            Box::pin(async move {
                c.get_object("b-1", "k")
                    .offset(u64::MAX)
                    .length(2)
                    .await
                    .map(drop)
            })
        }),
        ("PutObject part size 1 byte (under 5 MiB)", {
            let c = c.clone();
            Box::pin(async move {
                c.put_object("b-1", "k", vec![0u8; 16])
                    .part_size(1)
                    .await
                    .map(drop)
            })
        }),
        ("PutObject stream declaring 6 TiB (over 5 TiB)", {
            let c = c.clone();
            Box::pin(async move {
                let data = ObjectData::from_reader(tokio::io::empty(), Some(6 << 40));
                c.put_object("b-1", "k", data).await.map(drop)
            })
        }),
        ("client part size 1 MiB (under 5 MiB)", {
            let endpoint = server.endpoint().to_owned();
            Box::pin(async move {
                Newtera::builder(endpoint)
                    .part_size(1 << 20)
                    .build()
                    .map(drop)
            })
        }),
        (
            "client endpoint with a path and a bad port",
            Box::pin(async move {
                Newtera::builder("http://127.0.0.1:99999/x")
                    .build()
                    .map(drop)
            }),
        ),
    ];
    let mut rows = Vec::new();
    for (what, attempt) in cases {
        let err = attempt.await.expect_err(what);
        assert!(err.is_invalid_argument(), "{what}: {err:?}");
        rows.push(Row::new(
            "Bad input",
            what,
            1,
            format!("{}; no request sent", describe(&err)),
        ));
    }
    assert_eq!(server.requests(), 0);
    Outcome::Rows(rows)
}

/// Paths need not be UTF-8 on Unix: a missing one is an I/O error before
/// any request, an existing one uploads.
async fn file_paths() -> Outcome {
    use std::os::unix::ffi::OsStrExt;
    let server = FaultServer::start(vec![
        newtera_faults::Action::Reply(crate::support::put_ok()),
    ])
    .await
    .expect("server");
    let client = fault_client(server.endpoint());
    let dir = tempfile::tempdir().expect("tempdir");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9-\xff.bin");
    let missing = dir.path().join(name);
    let err = client
        .fput_object("b-1", "k", &missing)
        .await
        .expect_err("missing file");
    assert!(matches!(err, Error::Io(_)), "{err:?}");
    assert_eq!(server.requests(), 0);
    let as_dir = client
        .fput_object("b-1", "k", dir.path())
        .await
        .expect_err("a directory");
    assert!(as_dir.is_invalid_argument(), "{as_dir:?}");
    let fget_dir = client
        .fget_object("b-1", "k", dir.path())
        .await
        .expect_err("a directory");
    assert!(fget_dir.is_invalid_argument(), "{fget_dir:?}");
    assert_eq!(server.requests(), 0);
    std::fs::write(&missing, b"non-UTF-8 path").expect("write");
    client
        .fput_object("b-1", "k", &missing)
        .await
        .expect("upload from a non-UTF-8 path");
    assert_eq!(server.seen()[0].body, b"non-UTF-8 path");
    Outcome::Rows(vec![
        Row::new(
            "Bad input",
            "fput_object from a missing non-UTF-8 path",
            1,
            format!("{}; no request sent", describe(&err)),
        ),
        Row::new(
            "Bad input",
            "fput_object from a directory",
            1,
            format!("{}; no request sent", describe(&as_dir)),
        ),
        Row::new(
            "Bad input",
            "fget_object to a directory",
            1,
            format!("{}; no request sent", describe(&fget_dir)),
        ),
        Row::new(
            "Bad input",
            "fput_object from an existing non-UTF-8 path",
            1,
            "uploaded; body intact",
        ),
    ])
}
