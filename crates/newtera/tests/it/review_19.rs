//! A fresh user's attacks on the issue-19 object API: hostile answers to
//! the new decoders, and bad input that must fail before anything is sent.

use std::time::Duration;

use futures_util::TryStreamExt;
use newtera::{ComposeSource, DeleteObjectRef, Error};

use crate::scripted::{Reply, Scripted};

/// Answers each new decoder cannot make sense of: not XML, the wrong root,
/// a truncated document, numbers out of range, a huge entity-like text.
const HOSTILE: &[&str] = &[
    "",
    "not xml at all",
    "<?xml version=\"1.0\"?><Other/>",
    "<ListVersionsResult><IsTruncated>maybe</IsTruncated></ListVersionsResult>",
    "<ListVersionsResult><IsTruncated>true</IsTruncated></ListVersionsResult>",
    "<ListVersionsResult><Version><Key>k</Key><Size>-1</Size></Version>",
    "<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>9999999-99-99</RetainUntilDate></Retention>",
    "<LegalHold><Status>on</Status></LegalHold>",
    "<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>",
    "<ObjectLockConfiguration><Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>99999999999</Days></DefaultRetention></Rule></ObjectLockConfiguration>",
    "<VersioningConfiguration><Status>Enabled</Status><MfaDelete>Sure</MfaDelete></VersioningConfiguration>",
    "<ListPartsResult><IsTruncated>true</IsTruncated><Part><PartNumber>99999999999</PartNumber></Part></ListPartsResult>",
    "<GetObjectAttributesResponse><ObjectParts><Part><PartNumber>4294967296</PartNumber></Part></ObjectParts></GetObjectAttributesResponse>",
    "<GetObjectAttributesResponse><ObjectSize>-5</ObjectSize></GetObjectAttributesResponse>",
    "<a><b><c><d><e><f><g><h><i><j><k><l><m><n><o><p><q><r><s><t><u><v><w><x><y><z>",
];

/// Runs `call` against a server answering `body` (then 500s) and returns
/// its outcome; a hang fails the test.
async fn against<T, F>(body: &str, call: impl FnOnce(newtera::Newtera) -> F) -> newtera::Result<T>
where
    F: std::future::Future<Output = newtera::Result<T>>,
{
    let server = Scripted::start(vec![Reply::ok(body)]).await;
    let client = server.client(Some("us-east-1"));
    tokio::time::timeout(Duration::from_secs(20), call(client))
        .await
        .unwrap_or_else(|_| panic!("hung on {body:?}"))
}

#[tokio::test]
async fn hostile_answers_to_the_new_decoders_are_errors_not_panics() {
    for body in HOSTILE {
        // An empty 200 answer to a bucket configuration GET means "none"
        // (Garage answers so), by design.
        // A document that happens to be valid for one decoder is fine there;
        // what matters is no panic and no hang, and an Ok only for a
        // document of the right shape.
        let versions = against(body, |c| async move {
            c.list_object_versions("bkt")
                .into_stream()
                .try_collect::<Vec<_>>()
                .await
        })
        .await;
        assert!(
            versions.is_err() || body.starts_with("<ListVersionsResult>"),
            "versions {body}: {versions:?}"
        );
        let retention = against(
            body,
            |c| async move { c.get_object_retention("bkt", "k").await },
        )
        .await;
        assert!(retention.is_err(), "retention {body}: {retention:?}");
        let hold = against(body, |c| async move {
            c.is_object_legal_hold_enabled("bkt", "k").await
        })
        .await;
        assert!(hold.is_err(), "legal hold {body}: {hold:?}");
        let tags = against(body, |c| async move { c.get_object_tags("bkt", "k").await }).await;
        assert!(tags.is_err(), "tags {body}: {tags:?}");
        let bucket_tags = against(body, |c| async move { c.get_bucket_tags("bkt").await }).await;
        assert!(
            bucket_tags.is_err() || body.is_empty(),
            "bucket tags {body}: {bucket_tags:?}"
        );
        let lock = against(
            body,
            |c| async move { c.get_object_lock_config("bkt").await },
        )
        .await;
        assert!(lock.is_err() || body.is_empty(), "lock {body}: {lock:?}");
        let versioning = against(
            body,
            |c| async move { c.get_bucket_versioning("bkt").await },
        )
        .await;
        assert!(
            versioning.is_err() || body.is_empty(),
            "versioning {body}: {versioning:?}"
        );
        let parts = against(body, |c| async move {
            c.list_parts("bkt", "k", "up")
                .into_stream()
                .try_collect::<Vec<_>>()
                .await
        })
        .await;
        assert!(parts.is_err(), "parts {body}: {parts:?}");
        let attributes = against(body, |c| async move {
            c.get_object_attributes("bkt", "k").await
        })
        .await;
        assert!(attributes.is_err(), "attributes {body}: {attributes:?}");
    }
}

#[tokio::test]
async fn a_presigned_upload_part_outside_1_to_10000_is_refused() {
    let server = Scripted::start(vec![]).await;
    let client = server.client(Some("us-east-1"));
    for number in [0, 10_001, u32::MAX] {
        let url = client
            .presigned_url(http::Method::PUT, "bkt", "k")
            .upload_part("upload", number)
            .await;
        assert!(
            matches!(url, Err(Error::InvalidArgument(_))),
            "part {number}: {url:?}"
        );
    }
    let ok = client
        .presigned_url(http::Method::PUT, "bkt", "k")
        .upload_part("upload", 10_000)
        .await;
    assert!(ok.is_ok(), "{ok:?}");
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn compose_with_more_sources_than_parts_sends_nothing() {
    let server = Scripted::start(vec![]).await;
    let client = server.client(Some("us-east-1"));
    let sources = (0..10_001)
        .map(|i| ComposeSource::new("bkt", format!("k{i}")))
        .collect();
    let out = tokio::time::timeout(
        Duration::from_secs(20),
        client.compose_object("bkt", "all", sources).into_future(),
    )
    .await
    .expect("no hang");
    assert!(matches!(out, Err(Error::InvalidArgument(_))), "{out:?}");
    assert!(
        server.seen().is_empty(),
        "{} requests sent before refusing",
        server.seen().len()
    );
}

#[tokio::test]
async fn an_empty_version_id_is_refused_before_sending() {
    let server = Scripted::start(vec![]).await;
    let client = server.client(Some("us-east-1"));
    let removed = client.remove_object("bkt", "k").version_id("").await;
    assert!(
        matches!(removed, Err(Error::InvalidArgument(_))),
        "{removed:?}"
    );
    let stat = client.stat_object("bkt", "k").version_id("").await;
    assert!(matches!(stat, Err(Error::InvalidArgument(_))), "{stat:?}");
    let tags = client.get_object_tags("bkt", "k").version_id("").await;
    assert!(matches!(tags, Err(Error::InvalidArgument(_))), "{tags:?}");
    let attributes = client
        .get_object_attributes("bkt", "k")
        .version_id("")
        .await;
    assert!(
        matches!(attributes, Err(Error::InvalidArgument(_))),
        "{attributes:?}"
    );
    let copy = client
        .copy_object(
            "bkt",
            "dst",
            newtera::CopySource::new("bkt", "k").version_id(""),
        )
        .await;
    assert!(matches!(copy, Err(Error::InvalidArgument(_))), "{copy:?}");
    let batch: newtera::Result<Vec<_>> = client
        .remove_objects("bkt", [DeleteObjectRef::with_version("k", "")])
        .try_collect()
        .await;
    assert!(matches!(batch, Err(Error::InvalidArgument(_))), "{batch:?}");
    let url = client.presigned_get_object("bkt", "k").version_id("").await;
    assert!(matches!(url, Err(Error::InvalidArgument(_))), "{url:?}");
    assert!(server.seen().is_empty(), "{:?}", server.seen());
}

use std::future::IntoFuture;

#[tokio::test]
async fn presigning_a_method_s3_has_no_object_request_for_is_refused() {
    let server = Scripted::start(vec![]).await;
    let client = server.client(Some("us-east-1"));
    for method in ["OPTIONS", "TRACE", "CONNECT", "PATCH", "FOO"] {
        let m = http::Method::from_bytes(method.as_bytes()).unwrap();
        let url = client.presigned_url(m, "bkt", "k").await;
        assert!(
            matches!(url, Err(Error::InvalidArgument(_))),
            "{method}: {url:?}"
        );
    }
    for method in ["GET", "PUT", "HEAD", "DELETE", "POST"] {
        let m = http::Method::from_bytes(method.as_bytes()).unwrap();
        let url = client.presigned_url(m, "bkt", "k").await;
        assert!(url.is_ok(), "{method}: {url:?}");
    }
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn a_tag_with_a_control_character_is_refused_before_sending() {
    let server = Scripted::start(vec![]).await;
    let client = server.client(Some("us-east-1"));
    let put = client
        .put_object("bkt", "k", "x")
        .tag("ctl\u{1}", "v")
        .await;
    assert!(matches!(put, Err(Error::InvalidArgument(_))), "{put:?}");
    let copy = client
        .copy_object("bkt", "dst", newtera::CopySource::new("bkt", "k"))
        .tags([("k", "nul\u{0}")])
        .await;
    assert!(matches!(copy, Err(Error::InvalidArgument(_))), "{copy:?}");
    assert!(newtera::Tags::from_pairs([("k", "\u{1b}[31m")]).is_err());
    assert!(server.seen().is_empty(), "{:?}", server.seen());
}

#[tokio::test]
async fn a_locked_version_stops_remove_bucket_force_with_a_lock_hint() {
    let listing = "<ListVersionsResult><IsTruncated>false</IsTruncated>\
        <Version><Key>a</Key><VersionId>v1</VersionId></Version></ListVersionsResult>";
    let refused = "<DeleteResult><Error><Key>a</Key><VersionId>v1</VersionId>\
        <Code>AccessDenied</Code><Message>locked</Message></Error></DeleteResult>";
    let server = Scripted::start(vec![Reply::ok(listing), Reply::ok(refused)]).await;
    let client = server.client(Some("us-east-1"));
    let err = client.remove_bucket_force("bkt").await.unwrap_err();
    assert!(err.is_access_denied(), "{err:?}");
    let hint = err.hint().unwrap_or_default();
    assert!(
        hint.contains("legal hold") && !hint.contains("secret key"),
        "the keys worked; the object is protected: {hint}"
    );
    // The bucket was not removed: no DELETE /bkt after the refusal.
    let seen = server.seen();
    assert!(
        seen.iter()
            .all(|s| !(s.method == "DELETE" && s.target == "/bkt")),
        "{seen:?}"
    );
}

#[tokio::test]
async fn no_builder_prints_an_ssec_key_or_a_raw_header_value() {
    use base64::Engine;
    let server = Scripted::start(vec![]).await;
    let client = server.client(Some("us-east-1"));
    let key = [0x5au8; 32];
    let sse = newtera::Sse::customer(key);
    let b64 = base64::engine::general_purpose::STANDARD.encode(key);
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    let secret = "TOPSECRETHEADERVALUE";
    let shown = [
        format!(
            "{:?}",
            client
                .put_object("b", "k", "x")
                .sse(sse.clone())
                .header("x-amz-server-side-encryption-customer-key", secret)
        ),
        format!(
            "{:?}",
            client
                .get_object("b", "k")
                .sse(sse.clone())
                .header("x-secret", secret)
        ),
        format!("{:?}", client.stat_object("b", "k").sse(sse.clone())),
        format!(
            "{:?}",
            client.fget_object("b", "k", "/tmp/x").sse(sse.clone())
        ),
        format!(
            "{:?}",
            client
                .copy_object("b", "k", newtera::CopySource::new("b", "s"))
                .sse(sse.clone())
                .source_sse(sse.clone())
                .header("x-secret", secret)
        ),
        format!(
            "{:?}",
            client
                .compose_object(
                    "b",
                    "k",
                    vec![ComposeSource::new("b", "s").sse(sse.clone())]
                )
                .sse(sse.clone())
                .header("x-secret", secret)
        ),
        format!(
            "{:?}",
            client
                .create_multipart_upload("b", "k")
                .sse(sse.clone())
                .header("x-secret", secret)
        ),
        format!(
            "{:?}",
            client
                .upload_part("b", "k", "u", 1, bytes::Bytes::from_static(b"x"))
                .sse(sse.clone())
                .header("x-secret", secret)
        ),
        format!(
            "{:?}",
            client
                .upload_part_copy("b", "k", "u", 1, newtera::CopySource::new("b", "s"))
                .sse(sse.clone())
                .source_sse(sse.clone())
        ),
        format!(
            "{:?}",
            client
                .complete_multipart_upload("b", "k", "u", vec![])
                .sse(sse.clone())
        ),
        format!(
            "{:?}",
            client
                .get_object_attributes("b", "k")
                .sse(sse.clone())
                .header("x-secret", secret)
        ),
        format!(
            "{:?}",
            client
                .presigned_get_object("b", "k")
                .sse(sse.clone())
                .header("x-secret", secret)
        ),
        format!("{:?}", sse.write_headers().map(|h| h.len())),
    ];
    for text in shown {
        for leak in [b64.as_str(), hex.as_str(), secret, "90, 90, 90"] {
            assert!(!text.contains(leak), "{leak} in {text}");
        }
    }
}

#[tokio::test]
async fn remove_bucket_force_of_an_empty_versioned_bucket_removes_it() {
    let empty = "<ListVersionsResult><IsTruncated>false</IsTruncated></ListVersionsResult>";
    let no_uploads = "<ListMultipartUploadsResult><IsTruncated>false</IsTruncated>\
        </ListMultipartUploadsResult>";
    let server = Scripted::start(vec![
        Reply::ok(empty),
        Reply::ok(no_uploads),
        Reply::status(204, ""),
    ])
    .await;
    let client = server.client(Some("us-east-1"));
    let removed = tokio::time::timeout(
        Duration::from_secs(20),
        client.remove_bucket_force("bkt").into_future(),
    )
    .await
    .expect("no hang");
    assert_eq!(removed.unwrap(), 0);
    let seen = server.seen();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert_eq!(
        (seen[2].method.as_str(), seen[2].target.as_str()),
        ("DELETE", "/bkt")
    );
}

#[tokio::test]
async fn an_ended_listing_polled_again_ends_again() {
    let empty = "<ListVersionsResult><IsTruncated>false</IsTruncated></ListVersionsResult>";
    let server = Scripted::start(vec![Reply::ok(empty)]).await;
    let client = server.client(Some("us-east-1"));
    let mut versions = client.list_object_versions("bkt").into_stream();
    assert!(versions.try_next().await.unwrap().is_none());
    assert!(versions.try_next().await.unwrap().is_none());
}

#[tokio::test]
async fn dates_at_the_edge_of_time_do_not_panic() {
    for date in [
        "292277026596-12-04T15:30:07.999Z",
        "292277026597-01-01T00:00:00Z",
        "99999999999999999-01-01T00:00:00Z",
        "-000001-01-01T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999Z",
    ] {
        let four_digits = date.find('-') == Some(4);
        let body = format!(
            "<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>{date}</RetainUntilDate></Retention>"
        );
        let got = against(&body, |c| async move {
            c.get_object_retention("bkt", "k").await
        })
        .await;
        assert_eq!(got.is_ok(), four_digits, "{date}: {got:?}");
        let listing = format!(
            "<ListVersionsResult><IsTruncated>false</IsTruncated><Version><Key>k</Key>\
             <VersionId>v</VersionId><LastModified>{date}</LastModified></Version></ListVersionsResult>"
        );
        let got = against(&listing, |c| async move {
            c.list_object_versions("bkt")
                .into_stream()
                .try_collect::<Vec<_>>()
                .await
        })
        .await;
        assert_eq!(got.is_ok(), four_digits, "{date}: {got:?}");
    }
}
