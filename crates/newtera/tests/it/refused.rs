//! Issue 15: input the client refuses clearly, before any request.

use newtera::{Error, Newtera};
use newtera_faults::FaultServer;

/// A scripted server that answers nothing, and a client of it: a test
/// asserts afterwards that no request reached it.
pub(crate) async fn silent_server() -> (FaultServer, Newtera) {
    let server = FaultServer::start(Vec::new()).await.unwrap();
    let client = Newtera::builder(server.endpoint())
        .credentials("AKIDEXAMPLE", "SECRETEXAMPLE")
        .region("us-east-1")
        .build()
        .unwrap();
    (server, client)
}

#[tokio::test]
async fn metadata_that_is_not_visible_ascii_is_refused_naming_the_entry() {
    let (server, client) = silent_server().await;
    for (name, value, shown) in [
        ("name", "testà", "`name`"),
        ("name", "日本", "`name`"),
        ("name", "line\nbreak", "`name`"),
        ("name", "bell\u{7}", "`name`"),
        ("name", "del\u{7f}", "`name`"),
        ("näme", "x", "`näme`"),
        ("with space", "x", "`with space`"),
        ("", "x", "empty"),
    ] {
        let err = client
            .put_object("b-1", "k", "data")
            .metadata(name, value)
            .await
            .expect_err(value);
        assert!(
            matches!(err, Error::InvalidArgument(_)),
            "{name}={value:?}: {err:?}"
        );
        assert!(err.to_string().contains(shown), "{name}={value:?}: {err}");
        let err = client
            .copy_object("b-1", "k2", newtera::CopySource::new("b-1", "k"))
            .metadata(name, value)
            .await
            .expect_err(value);
        assert!(
            matches!(err, Error::InvalidArgument(_)),
            "copy {name}={value:?}: {err:?}"
        );
    }
    let err = client
        .put_object("b-1", "k", "data")
        .header("content-disposition", "attachment; filename=\"é.txt\"")
        .await
        .expect_err("a non-ASCII header");
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    let err = client
        .get_object("b-1", "k")
        .header("x-custom", "ü")
        .await
        .expect_err("a non-ASCII request header");
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    assert_eq!(server.requests(), 0, "nothing is sent");
}

#[test]
fn malformed_or_ambiguous_ipv6_endpoints_are_refused_at_build_time() {
    for (endpoint, shown) in [
        ("::1", "[::1]"),
        ("[::1", "[addr]:port"),
        ("::1:9000", "[::1]:9000"),
        ("http://fe80::1:80", "[fe80::1]:80"),
    ] {
        let err = Newtera::builder(endpoint).build().expect_err(endpoint);
        assert!(
            matches!(err, Error::InvalidArgument(_)),
            "{endpoint}: {err:?}"
        );
        assert!(err.to_string().contains(shown), "{endpoint}: {err}");
    }
    Newtera::builder("[::1]:9000")
        .build()
        .expect("bracketed with a port");
}

#[tokio::test]
async fn bad_options_of_the_new_operations_send_nothing() {
    let (server, client) = silent_server().await;
    let eleven: Vec<(String, String)> = (0..11).map(|i| (format!("k{i}"), "v".into())).collect();
    let checks = [
        client
            .put_object("b-1", "k", "x")
            .tags(eleven.clone())
            .await
            .map(drop),
        client
            .copy_object("b-1", "d", newtera::CopySource::new("b-1", "s"))
            .tags(eleven)
            .await
            .map(drop),
        client
            .copy_object("b-1", "d", newtera::CopySource::new("b-1", "s"))
            .header("bad name", "x")
            .await
            .map(drop),
        client
            .compose_object("b-1", "d", Vec::new())
            .await
            .map(drop),
        client
            .compose_object("b-1", "d", vec![newtera::ComposeSource::new("b-1", "s")])
            .tag("", "empty key")
            .await
            .map(drop),
        client.upload_part("b-1", "k", "id", 0, "x").await.map(drop),
        client.upload_part("b-1", "k", "", 1, "x").await.map(drop),
        client
            .complete_multipart_upload("b-1", "k", "id", Vec::new())
            .await
            .map(drop),
        client
            .upload_part_copy("b-1", "k", "id", 1, newtera::CopySource::new("b-1", "s"))
            .source_range(9, 3)
            .await
            .map(drop),
        client
            .presigned_get_object("b-1", "k")
            .header("x-custom", "ü")
            .await
            .map(drop),
        client
            .stat_object("b-1", "k")
            .header("x-custom", "ü")
            .await
            .map(drop),
    ];
    for (i, r) in checks.into_iter().enumerate() {
        let e = r.expect_err("refused");
        assert!(e.is_invalid_argument(), "case {i}: {e}");
    }
    assert_eq!(server.requests(), 0, "nothing was sent");
}
