//! Bucket configuration, object lock, conditions, presign and copy limits:
//! bad input refused before any request, hostile answers ending in a typed
//! error (never a panic or a hang), secrets kept out of `Debug` and errors.

use std::time::{Duration, SystemTime};

use newtera::{
    ComposeSource, CorsConfiguration, CorsRule, Error, Expiration, LifecycleConfiguration,
    LifecycleFilter, LifecycleRule, Newtera, NotificationConfiguration, NotificationTarget,
    RetentionMode, Tags,
};
use newtera_faults::{Action, FaultServer, Reply};

use crate::refused::silent_server;

fn invalid<T: std::fmt::Debug>(what: &str, result: newtera::Result<T>) -> Error {
    let err = result.expect_err(what);
    assert!(matches!(err, Error::InvalidArgument(_)), "{what}: {err:?}");
    err
}

#[tokio::test]
async fn a_retention_date_not_in_the_future_is_refused_before_sending() {
    let (server, client) = silent_server().await;
    let now = SystemTime::now();
    for (what, until) in [
        ("an hour ago", now - Duration::from_secs(3600)),
        ("the epoch", SystemTime::UNIX_EPOCH),
        (
            "before the epoch",
            SystemTime::UNIX_EPOCH - Duration::from_secs(86_400),
        ),
        ("now", now),
    ] {
        for mode in [RetentionMode::Governance, RetentionMode::Compliance] {
            let err = invalid(
                what,
                client
                    .set_object_retention("b-1", "k", mode, until)
                    .bypass_governance_retention(true)
                    .await,
            );
            assert!(err.to_string().contains("future"), "{what}: {err}");
        }
    }
    // A date S3's RFC 3339 form cannot write (after the year 9999).
    let far = SystemTime::UNIX_EPOCH + Duration::from_secs(400_000_000_000);
    invalid(
        "after 9999",
        client
            .set_object_retention("b-1", "k", RetentionMode::Governance, far)
            .await,
    );
    assert_eq!(server.requests(), 0, "nothing is sent");
}

#[tokio::test]
async fn a_retention_date_in_the_future_is_sent() {
    let server = FaultServer::start(vec![Action::Reply(Reply::new(200, ""))])
        .await
        .unwrap();
    let client = crate::fast_retry_client(server.endpoint());
    let until = SystemTime::now() + Duration::from_secs(60);
    client
        .set_object_retention("b-1", "k", RetentionMode::Governance, until)
        .await
        .unwrap();
    assert_eq!(server.requests(), 1);
}

fn lifecycle_with(filter: LifecycleFilter, id: Option<&str>) -> LifecycleConfiguration {
    LifecycleConfiguration {
        rules: vec![LifecycleRule {
            id: id.map(str::to_owned),
            enabled: true,
            filter,
            expiration: Some(Expiration {
                days: Some(1),
                ..Expiration::default()
            }),
            ..LifecycleRule::default()
        }],
    }
}

#[tokio::test]
async fn configuration_text_xml_cannot_carry_is_refused_before_sending() {
    let (server, client) = silent_server().await;
    for bad in ["nul\u{0}", "bell\u{7}", "esc\u{1b}", "\u{fffe}", "\u{ffff}"] {
        let prefix = LifecycleFilter {
            prefix: Some(bad.to_owned()),
            ..LifecycleFilter::default()
        };
        let err = invalid(
            "lifecycle prefix",
            client
                .set_bucket_lifecycle("b-1", lifecycle_with(prefix, None))
                .await,
        );
        assert!(err.to_string().contains("<Prefix>"), "{err}");
        invalid(
            "lifecycle id",
            client
                .set_bucket_lifecycle("b-1", lifecycle_with(LifecycleFilter::default(), Some(bad)))
                .await,
        );
        let tag = LifecycleFilter {
            tags: vec![("k".to_owned(), bad.to_owned())],
            ..LifecycleFilter::default()
        };
        invalid(
            "lifecycle tag",
            client
                .set_bucket_lifecycle("b-1", lifecycle_with(tag, None))
                .await,
        );
        let cors = CorsConfiguration {
            rules: vec![CorsRule {
                allowed_origins: vec![format!("https://{bad}")],
                allowed_methods: vec!["GET".to_owned()],
                ..CorsRule::default()
            }],
        };
        invalid("cors origin", client.set_bucket_cors("b-1", cors).await);
        let notification = NotificationConfiguration {
            queues: vec![NotificationTarget {
                arn: "arn:minio:sqs::1:webhook".to_owned(),
                events: vec!["s3:ObjectCreated:*".to_owned()],
                prefix: Some(bad.to_owned()),
                ..NotificationTarget::default()
            }],
            ..NotificationConfiguration::default()
        };
        invalid(
            "notification prefix",
            client.set_bucket_notification("b-1", notification).await,
        );
    }
    assert_eq!(server.requests(), 0, "nothing is sent");
}

#[tokio::test]
async fn configuration_text_with_tabs_and_markup_is_sent() {
    let server = FaultServer::start(vec![Action::Reply(Reply::new(200, ""))])
        .await
        .unwrap();
    let client = crate::fast_retry_client(server.endpoint());
    let filter = LifecycleFilter {
        prefix: Some("a\tb\n<&>\"'é".to_owned()),
        ..LifecycleFilter::default()
    };
    client
        .set_bucket_lifecycle("b-1", lifecycle_with(filter, Some("id")))
        .await
        .unwrap();
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn already_refused_before_sending() {
    let (server, client) = silent_server().await;
    // Tags over S3's limits.
    let eleven = Tags::from_pairs((0..11).map(|i| (format!("k{i}"), "v"))).unwrap();
    invalid(
        "11 object tags",
        client.set_object_tags("b-1", "k", eleven.clone()).await,
    );
    let fifty_one = Tags::from_pairs((0..51).map(|i| (format!("k{i}"), "v"))).unwrap();
    invalid(
        "51 bucket tags",
        client.set_bucket_tags("b-1", fifty_one).await,
    );
    // Names.
    // Uppercase and `_` are the relaxed rules of a non-AWS endpoint.
    for bucket in [
        "",
        "a",
        "-b1",
        "b1-",
        "b..1",
        "1.2.3.4",
        "b 1",
        "bé1",
        &"b".repeat(64),
    ] {
        invalid(
            bucket,
            client.set_object_tags(bucket, "k", Tags::new()).await,
        );
        invalid(bucket, client.get_bucket_tags(bucket).await);
        invalid(bucket, client.get_bucket_lifecycle(bucket).await);
        invalid(
            bucket,
            client.is_object_legal_hold_enabled(bucket, "k").await,
        );
    }
    invalid("empty key", client.get_object_tags("b-1", "").await);
    invalid(
        "1025-byte key",
        client.get_object_retention("b-1", &"k".repeat(1025)).await,
    );
    invalid(
        "empty version",
        client.get_object_tags("b-1", "k").version_id("").await,
    );
    // Compose.
    invalid(
        "no sources",
        client.compose_object("b-1", "k", Vec::new()).await,
    );
    let many: Vec<ComposeSource> = (0..10_001)
        .map(|i| ComposeSource::new("b-1", format!("s{i}")))
        .collect();
    invalid(
        "10,001 sources",
        client.compose_object("b-1", "k", many).await,
    );
    // Presigned expiry.
    for expires in [Duration::ZERO, Duration::from_secs(7 * 24 * 3600 + 1)] {
        invalid(
            "expiry",
            client
                .presigned_get_object("b-1", "k")
                .expires(expires)
                .await,
        );
    }
    // Lifecycle, CORS shapes.
    invalid(
        "no rules",
        client
            .set_bucket_lifecycle("b-1", LifecycleConfiguration::default())
            .await,
    );
    invalid(
        "no cors rules",
        client
            .set_bucket_cors("b-1", CorsConfiguration::default())
            .await,
    );
    // A bucket policy that is not a JSON object.
    for policy in [
        "",
        "  ",
        "not json",
        "[]",
        "\"s\"",
        "{\"Version\":",
        "<Error/>",
        "{} {}",
    ] {
        invalid(policy, client.set_bucket_policy("b-1", policy).await);
    }
    assert_eq!(server.requests(), 0, "nothing is sent");
}

#[tokio::test]
async fn a_copy_source_too_big_for_10000_parts_sends_no_upload() {
    use crate::scripted::{Reply as Scripted_, Scripted};
    const INIT: &str = "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key>\
        <UploadId>UP</UploadId></InitiateMultipartUploadResult>";
    // 10,000 parts of 5 GiB and one byte more; and what a hostile HEAD
    // can claim.
    for size in [10_000 * (5u64 << 30) + 1, u64::MAX] {
        let server = Scripted::start(vec![
            Scripted_::head(size).header("etag", "\"src\""),
            Scripted_::ok(INIT),
        ])
        .await;
        let client = server.client(Some("us-east-1"));
        let err = client
            .copy_object("bkt", "dst", newtera::CopySource::new("bkt", "src"))
            .await
            .expect_err("too big to copy");
        let seen = server.seen();
        assert_eq!(seen.len(), 1, "only the HEAD: {err:?} {seen:?}");
        assert!(err.to_string().contains("10,000"), "{err}");
    }
}

/// Every read of the newest operations, against one hostile answer.
async fn read_everything(client: &Newtera) -> Vec<(&'static str, bool, String)> {
    use futures_util::TryStreamExt;
    let t = |r: String| r.chars().take(160).collect::<String>();
    let mut out = Vec::new();
    macro_rules! probe {
        ($name:expr, $fut:expr) => {
            let r = tokio::time::timeout(Duration::from_secs(20), $fut)
                .await
                .expect(concat!($name, " hangs"));
            out.push(($name, r.is_err(), t(format!("{r:?}"))));
        };
    }
    probe!(
        "get_object_tags",
        client.get_object_tags("b-1", "k").into_future()
    );
    probe!("get_bucket_tags", client.get_bucket_tags("b-1"));
    probe!(
        "get_object_retention",
        client.get_object_retention("b-1", "k").into_future()
    );
    probe!(
        "legal_hold",
        client
            .is_object_legal_hold_enabled("b-1", "k")
            .into_future()
    );
    probe!("lifecycle", client.get_bucket_lifecycle("b-1"));
    probe!("cors", client.get_bucket_cors("b-1"));
    probe!("encryption", client.get_bucket_encryption("b-1"));
    probe!("versioning", client.get_bucket_versioning("b-1"));
    probe!("object_lock", client.get_object_lock_config("b-1"));
    probe!("notification", client.get_bucket_notification("b-1"));
    probe!("replication", client.get_bucket_replication("b-1"));
    probe!("policy", client.get_bucket_policy("b-1"));
    probe!("website", client.get_bucket_website("b-1"));
    probe!("public_access", client.get_public_access_block("b-1"));
    probe!(
        "versions",
        client
            .list_object_versions("b-1")
            .into_stream()
            .try_collect::<Vec<_>>()
    );
    probe!(
        "attributes",
        client.get_object_attributes("b-1", "k").into_future()
    );
    probe!("stat", client.stat_object("b-1", "k").into_future());
    probe!(
        "set_tags",
        client
            .set_object_tags("b-1", "k", Tags::new())
            .into_future()
    );
    probe!(
        "set_retention",
        client
            .set_object_retention(
                "b-1",
                "k",
                RetentionMode::Governance,
                SystemTime::now() + Duration::from_secs(99)
            )
            .into_future()
    );
    probe!(
        "copy",
        client
            .copy_object("b-1", "k2", newtera::CopySource::new("b-1", "k"))
            .into_future()
    );
    probe!(
        "compose",
        client
            .compose_object("b-1", "k2", vec![ComposeSource::new("b-1", "k")])
            .into_future()
    );
    out
}

#[tokio::test]
async fn hostile_answers_to_the_newest_reads_are_typed_errors() {
    let error_in_200 =
        "<?xml version=\"1.0\"?><Error><Code>InternalError</Code><Message>m</Message></Error>";
    let big = format!(
        "<Tagging><TagSet>{}</TagSet></Tagging>",
        " ".repeat(33 << 20)
    );
    let cases: Vec<(&str, Action)> = vec![
        ("error in 200", Action::Reply(Reply::new(200, error_in_200))),
        (
            "truncated xml",
            Action::Reply(Reply::new(200, "<Tagging><TagSet><Tag><Key>a")),
        ),
        (
            "not utf-8",
            Action::Reply(Reply::new(200, vec![0xff, 0xfe, b'<', 0x80])),
        ),
        ("wrong root", Action::Reply(Reply::new(200, "<Other/>"))),
        ("huge", Action::Reply(Reply::new(200, big))),
        (
            "short body",
            Action::Truncate {
                reply: Reply::new(200, "<Tagging><TagSet></TagSet></Tagging>"),
                keep: 10,
            },
        ),
        ("299", Action::Reply(Reply::new(299, ""))),
        ("302", Action::Reply(Reply::new(302, ""))),
        ("418", Action::Reply(Reply::new(418, "teapot"))),
        ("599", Action::Reply(Reply::new(599, ""))),
        (
            "non-ascii headers",
            Action::Reply(
                Reply::new(200, "")
                    .header("etag", "\"\u{ff}\"")
                    .header("x-amz-version-id", "v\u{ff}")
                    .header("last-modified", "\u{ff}")
                    .header("content-length-x", "1"),
            ),
        ),
    ];
    for (what, action) in cases {
        let server = FaultServer::with_handler(move |_, _| action.clone())
            .await
            .unwrap();
        let client = crate::fast_retry_client(server.endpoint());
        for (op, failed, outcome) in read_everything(&client).await {
            println!("{what:>18} | {op:>20} | {outcome}");
            // A HEAD has no body to judge, a PUT's body is not read, and a
            // policy is taken as the text sent; an empty 2xx body is a
            // configuration the bucket does not have.
            let body_read = !matches!(op, "stat" | "set_tags" | "set_retention" | "policy");
            let empty_2xx = matches!(what, "299" | "non-ascii headers");
            let status_error = matches!(what, "302" | "418" | "599");
            if status_error || (body_read && !empty_2xx) {
                assert!(failed, "{what}: {op} succeeded: {outcome}");
            }
        }
    }
}

#[tokio::test]
async fn secrets_stay_out_of_debug_and_errors() {
    let key = [0x41u8; 32];
    let key_b64 = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=";
    let server =
        FaultServer::with_handler(|_, _| Action::Reply(Reply::s3_error(400, "InvalidArgument")))
            .await
            .unwrap();
    let client = Newtera::builder(server.endpoint())
        .credentials("AKIDEXAMPLE", "TOPSECRETKEY")
        .region("us-east-1")
        .build()
        .unwrap();
    let sse = || newtera::Sse::customer(key);
    let secret_header = "x-amz-server-side-encryption-customer-key";
    let mut texts = Vec::new();
    let get = client
        .get_object("b-1", "k")
        .sse(sse())
        .header(secret_header, "HEADERSECRET");
    texts.push(format!("{get:?}"));
    texts.push(format!("{:?}", get.await.err()));
    let put = client
        .put_object("b-1", "k", "x")
        .sse(sse())
        .header(secret_header, "HEADERSECRET");
    texts.push(format!("{put:?}"));
    texts.push(format!("{:?}", put.await.err()));
    // A header value that is not ASCII: the error must not quote it.
    for value in ["HEADERSECRET\u{e9}", "HEADERSECRET\n"] {
        let e = client
            .get_object("b-1", "k")
            .header(secret_header, value)
            .await
            .err();
        texts.push(format!(
            "{e:?} {}",
            e.as_ref().map(ToString::to_string).unwrap_or_default()
        ));
        let e = client
            .presigned_get_object("b-1", "k")
            .header(secret_header, value)
            .await
            .err();
        texts.push(format!(
            "{e:?} {}",
            e.as_ref().map(ToString::to_string).unwrap_or_default()
        ));
    }
    let copy = client
        .copy_object("b-1", "k2", newtera::CopySource::new("b-1", "k"))
        .sse(sse())
        .source_sse(sse());
    texts.push(format!("{copy:?}"));
    texts.push(format!("{:?}", copy.await.err()));
    let compose = client
        .compose_object("b-1", "k2", vec![ComposeSource::new("b-1", "k").sse(sse())])
        .sse(sse());
    texts.push(format!("{compose:?}"));
    texts.push(format!("{:?}", compose.await.err()));
    let presign = client
        .presigned_get_object("b-1", "k")
        .sse(sse())
        .header(secret_header, "HEADERSECRET");
    texts.push(format!("{presign:?}"));
    let stat = client.stat_object("b-1", "k").sse(sse());
    texts.push(format!("{stat:?}"));
    texts.push(format!("{:?}", stat.await.err()));
    texts.push(format!("{client:?}"));
    for text in &texts {
        for secret in [
            "TOPSECRETKEY",
            "HEADERSECRET",
            key_b64,
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
}

#[tokio::test]
async fn a_presign_query_parameter_the_signature_sets_is_refused() {
    let (server, client) = silent_server().await;
    for name in [
        "X-Amz-Expires",
        "x-amz-expires",
        "X-Amz-Signature",
        "x-amz-signature",
        "X-Amz-Credential",
        "X-Amz-Date",
        "X-Amz-Algorithm",
        "X-AMZ-SIGNEDHEADERS",
        "X-Amz-Security-Token",
    ] {
        let err = invalid(
            name,
            client
                .presigned_get_object("b-1", "k")
                .query_param(name, "FORGED")
                .await,
        );
        assert!(err.to_string().contains(name), "{name}: {err}");
        assert!(!err.to_string().contains("FORGED"), "{err}");
        invalid(
            name,
            client
                .presigned_url(http::Method::PUT, "b-1", "k")
                .response_header(name, "FORGED")
                .await,
        );
    }
    // Other parameters are signed in.
    let url = client
        .presigned_get_object("b-1", "k")
        .query_param("X-Amz-Other", "v")
        .query_param("x-id", "GetObject")
        .await
        .unwrap();
    assert!(
        url.contains("X-Amz-Other=v") && url.contains("x-id=GetObject"),
        "{url}"
    );
    assert_eq!(url.matches("X-Amz-Expires=").count(), 1, "{url}");
    assert_eq!(server.requests(), 0);
}

fn rule(id: Option<&str>, expiration: Expiration) -> LifecycleRule {
    LifecycleRule {
        id: id.map(str::to_owned),
        enabled: true,
        expiration: Some(expiration),
        ..LifecycleRule::default()
    }
}

fn days(n: u32) -> Expiration {
    Expiration {
        days: Some(n),
        ..Expiration::default()
    }
}

fn on(date: &str) -> Expiration {
    Expiration {
        date: Some(date.to_owned()),
        ..Expiration::default()
    }
}

#[tokio::test]
async fn lifecycle_and_rule_limits_are_checked_before_sending() {
    use newtera::{
        NoncurrentVersionExpiration, ReplicationConfiguration, ReplicationRule, Transition,
    };
    let (server, client) = silent_server().await;
    let long = "i".repeat(256);
    let bad_lifecycles = [
        ("id of 256", vec![rule(Some(&long), days(1))]),
        (
            "same id twice",
            vec![rule(Some("a"), days(1)), rule(Some("a"), days(2))],
        ),
        ("expiration after 0 days", vec![rule(None, days(0))]),
        ("not a date", vec![rule(None, on("tomorrow"))]),
        ("not midnight", vec![rule(None, on("2030-01-01T12:00:00Z"))]),
        (
            "not midnight UTC",
            vec![rule(None, on("2030-01-01T00:00:00+02:00"))],
        ),
        ("date only", vec![rule(None, on("2030-01-01"))]),
        (
            "noncurrent after 0 days",
            vec![LifecycleRule {
                noncurrent_version_expiration: Some(NoncurrentVersionExpiration {
                    noncurrent_days: 0,
                    newer_noncurrent_versions: None,
                }),
                ..rule(None, days(1))
            }],
        ),
        (
            "abort after 0 days",
            vec![LifecycleRule {
                abort_incomplete_multipart_upload_days: Some(0),
                ..rule(None, days(1))
            }],
        ),
        (
            "transition on a bad date",
            vec![LifecycleRule {
                transitions: vec![Transition {
                    date: Some("2030-13-01T00:00:00Z".into()),
                    storage_class: "GLACIER".into(),
                    ..Transition::default()
                }],
                ..rule(None, days(1))
            }],
        ),
    ];
    for (what, rules) in bad_lifecycles {
        invalid(
            what,
            client
                .set_bucket_lifecycle("b-1", LifecycleConfiguration { rules })
                .await,
        );
    }
    let cors = CorsConfiguration {
        rules: vec![CorsRule {
            id: Some(long.clone()),
            allowed_origins: vec!["*".into()],
            allowed_methods: vec!["GET".into()],
            ..CorsRule::default()
        }],
    };
    invalid("cors id of 256", client.set_bucket_cors("b-1", cors).await);
    let replication_rule = |id: &str| ReplicationRule {
        id: Some(id.to_owned()),
        destination_bucket: "arn:aws:s3:::dst".into(),
        ..ReplicationRule::default()
    };
    for rules in [
        vec![replication_rule(&long)],
        vec![replication_rule("a"), replication_rule("a")],
    ] {
        let config = ReplicationConfiguration {
            role: "arn:aws:iam::1:role/r".into(),
            rules,
        };
        invalid(
            "replication ids",
            client.set_bucket_replication("b-1", config).await,
        );
    }
    assert_eq!(server.requests(), 0, "nothing is sent");
}

#[tokio::test]
async fn lifecycle_rules_at_the_limits_are_sent() {
    use newtera::Transition;
    let server = FaultServer::with_handler(|_, _| Action::Reply(Reply::new(200, "")))
        .await
        .unwrap();
    let client = crate::fast_retry_client(server.endpoint());
    let at_limits = vec![
        rule(Some(&"é".repeat(255)), days(1)),
        rule(Some("b"), on("2030-01-01T00:00:00Z")),
        rule(None, on("2030-01-01T00:00:00.000Z")),
        LifecycleRule {
            transitions: vec![Transition {
                days: Some(0),
                storage_class: "GLACIER".into(),
                ..Transition::default()
            }],
            ..LifecycleRule::default()
        },
    ];
    client
        .set_bucket_lifecycle("b-1", LifecycleConfiguration { rules: at_limits })
        .await
        .unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    let body = String::from_utf8_lossy(&seen[0].body);
    assert!(
        body.contains("<Date>2030-01-01T00:00:00.000Z</Date>"),
        "{body}"
    );
}

#[tokio::test]
async fn an_upload_part_copy_range_above_5_gib_is_refused_before_sending() {
    let (server, client) = silent_server().await;
    let source = || newtera::CopySource::new("b-1", "src");
    for (first, last) in [
        (0, 5u64 << 30),
        (1, (5u64 << 30) + 1),
        (0, u64::MAX),
        (9, 8),
    ] {
        invalid(
            "range",
            client
                .upload_part_copy("b-1", "k", "UP", 1, source())
                .source_range(first, last)
                .await,
        );
    }
    assert_eq!(server.requests(), 0, "nothing is sent");
    // Exactly 5 GiB is a part.
    let server = FaultServer::start(vec![Action::Reply(Reply::new(
        200,
        "<CopyPartResult><ETag>\"e\"</ETag></CopyPartResult>",
    ))])
    .await
    .unwrap();
    let client = crate::fast_retry_client(server.endpoint());
    client
        .upload_part_copy("b-1", "k", "UP", 1, source())
        .source_range(0, (5u64 << 30) - 1)
        .await
        .unwrap();
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn an_empty_etag_or_unwritable_time_in_a_condition_is_refused_before_sending() {
    let (server, client) = silent_server().await;
    let source = || newtera::CopySource::new("b-1", "src");
    for etag in ["", "  "] {
        invalid(
            "get if_match",
            client.get_object("b-1", "k").if_match(etag).await,
        );
        invalid(
            "get if_none_match",
            client.get_object("b-1", "k").if_none_match(etag).await,
        );
        invalid(
            "stat if_match",
            client.stat_object("b-1", "k").if_match(etag).await,
        );
        invalid(
            "bytes if_match",
            client.get_object_bytes("b-1", "k").if_match(etag).await,
        );
        invalid(
            "put if_match",
            client.put_object("b-1", "k", "x").if_match(etag).await,
        );
        invalid(
            "copy source_if_match",
            client
                .copy_object("b-1", "k2", source())
                .source_if_match(etag)
                .await,
        );
        invalid(
            "copy source_if_none_match",
            client
                .copy_object("b-1", "k2", source())
                .source_if_none_match(etag)
                .await,
        );
        invalid(
            "compose if_match",
            client
                .compose_object(
                    "b-1",
                    "k2",
                    vec![ComposeSource::new("b-1", "s").if_match(etag)],
                )
                .await,
        );
    }
    let after_9999 = SystemTime::UNIX_EPOCH + Duration::from_secs(253_402_300_800);
    invalid(
        "if_modified_since after 9999",
        client
            .get_object("b-1", "k")
            .if_modified_since(after_9999)
            .await,
    );
    invalid(
        "source_if_unmodified_since after 9999",
        client
            .copy_object("b-1", "k2", source())
            .source_if_unmodified_since(after_9999)
            .await,
    );
    assert_eq!(server.requests(), 0, "nothing is sent");
}

/// The blocking client runs the same checks.
#[test]
fn the_blocking_client_refuses_the_same_input() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(FaultServer::start(Vec::new())).unwrap();
    let client = newtera::blocking::Newtera::from_builder(
        Newtera::builder(server.endpoint())
            .credentials("AKIDEXAMPLE", "SECRETEXAMPLE")
            .region("us-east-1"),
    )
    .unwrap();
    let past = SystemTime::now() - Duration::from_secs(60);
    invalid(
        "blocking retention",
        client
            .set_object_retention("b-1", "k", RetentionMode::Governance, past)
            .send(),
    );
    invalid(
        "blocking policy",
        client.set_bucket_policy("b-1", "not json").send(),
    );
    invalid(
        "blocking presign",
        client
            .presigned_get_object("b-1", "k")
            .query_param("X-Amz-Expires", "1")
            .send(),
    );
    invalid(
        "blocking if_match",
        client.stat_object("b-1", "k").if_match("").send(),
    );
    assert_eq!(server.requests(), 0, "nothing is sent");
}
