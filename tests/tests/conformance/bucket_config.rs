//! Bucket configuration: policy, CORS, lifecycle, default encryption,
//! public access block, website, location. Each round-trips where the
//! server implements it; elsewhere the server's actual answer is asserted
//! and recorded as UNSUPPORTED.

use newtera::{
    CorsConfiguration, CorsRule, EncryptionConfiguration, Expiration, LifecycleConfiguration,
    LifecycleFilter, LifecycleRule, PublicAccessBlockConfiguration, WebsiteConfiguration,
};
use newtera_testkit::ServerKind;

use crate::support::{bucket, client, kind, plain_http, target, unsupported};

/// The error code of a result, for servers that refuse a configuration.
fn code<T: std::fmt::Debug>(result: &newtera::Result<T>) -> Option<String> {
    result
        .as_ref()
        .err()
        .and_then(|e| e.code())
        .map(str::to_owned)
}

fn anonymous() -> newtera::Newtera {
    let t = target();
    newtera::Newtera::builder(&t.endpoint)
        .anonymous()
        .region(&t.region)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_public_read_policy_opens_the_bucket_and_removing_it_closes_it() {
    let client = client();
    let b = bucket(&client, "policy").await;
    client.put_object(&b, "doc.txt", "public").await.unwrap();
    assert_eq!(client.get_bucket_policy(&b).await.unwrap_or_default(), None);
    let set = client
        .set_bucket_policy(&b, newtera::policy::public_read(&b))
        .await;
    if kind() != ServerKind::Ceph {
        unsupported("bucket policies (PutBucketPolicy)");
        println!("{} answers {:?}", kind().name(), code(&set));
        assert!(set.is_err(), "{set:?}");
        return;
    }
    set.unwrap();
    let stored = client.get_bucket_policy_json(&b).await.unwrap().unwrap();
    assert!(stored.to_string().contains("s3:GetObject"), "{stored}");
    // The same policy set as a JSON value reads back the same.
    client.set_bucket_policy_json(&b, &stored).await.unwrap();
    let again = client.get_bucket_policy_json(&b).await.unwrap().unwrap();
    assert_eq!(again["Statement"], stored["Statement"]);
    let got = anonymous().get_object(&b, "doc.txt").await.unwrap();
    assert_eq!(got.bytes().await.unwrap(), "public");
    client.delete_bucket_policy(&b).await.unwrap();
    assert_eq!(client.get_bucket_policy(&b).await.unwrap(), None);
    let err = anonymous().get_object(&b, "doc.txt").await.unwrap_err();
    assert!(err.is_access_denied(), "{err}");
    client.delete_bucket_policy(&b).await.unwrap();
}

fn cors_rule() -> CorsConfiguration {
    CorsConfiguration {
        rules: vec![CorsRule {
            id: Some("browser".into()),
            allowed_origins: vec!["https://app.example".into()],
            allowed_methods: vec!["GET".into(), "PUT".into()],
            allowed_headers: vec!["*".into()],
            expose_headers: vec!["ETag".into()],
            max_age_seconds: Some(600),
        }],
    }
}

#[tokio::test]
async fn cors_rules_round_trip_and_answer_a_preflight() {
    let client = client();
    let b = bucket(&client, "cors").await;
    let none = client.get_bucket_cors(&b).await;
    let set = client.set_bucket_cors(&b, cors_rule()).await;
    if kind() == ServerKind::S3sFs {
        unsupported("CORS configuration (PutBucketCors)");
        println!("s3s-fs answers {:?} / {:?}", code(&none), code(&set));
        assert!(set.is_err());
        return;
    }
    assert_eq!(none.unwrap(), None);
    set.unwrap();
    let got = client.get_bucket_cors(&b).await.unwrap().unwrap();
    assert_eq!(got.rules.len(), 1);
    let rule = &got.rules[0];
    assert_eq!(rule.allowed_origins, ["https://app.example"]);
    assert_eq!(rule.allowed_methods, ["GET", "PUT"]);
    assert_eq!(rule.max_age_seconds, Some(600));
    let url = format!("{}/{b}/any-key", target().endpoint);
    let preflight = plain_http(
        "OPTIONS",
        &url,
        &[
            ("Origin", "https://app.example"),
            ("Access-Control-Request-Method", "PUT"),
        ],
        b"",
    );
    assert_eq!(preflight.status, 200, "{preflight:?}");
    let allow = preflight
        .headers
        .iter()
        .find(|(k, _)| k == "access-control-allow-origin")
        .map(|(_, v)| v.as_str());
    if kind() == ServerKind::Garage {
        // Garage's S3 endpoint answers every preflight permissively; the
        // bucket's rules apply on its website endpoint.
        unsupported("bucket CORS rules on the S3 endpoint's preflight (answers `*`)");
        assert_eq!(allow, Some("*"), "{preflight:?}");
    } else {
        assert_eq!(allow, Some("https://app.example"), "{preflight:?}");
    }
    client.delete_bucket_cors(&b).await.unwrap();
    assert_eq!(client.get_bucket_cors(&b).await.unwrap(), None);
}

fn expire_tmp_after(days: u32) -> LifecycleConfiguration {
    LifecycleConfiguration {
        rules: vec![LifecycleRule {
            id: Some("expire-tmp".into()),
            enabled: true,
            filter: LifecycleFilter {
                prefix: Some("tmp/".into()),
                ..LifecycleFilter::default()
            },
            expiration: Some(Expiration {
                days: Some(days),
                ..Expiration::default()
            }),
            abort_incomplete_multipart_upload_days: None,
            ..LifecycleRule::default()
        }],
    }
}

/// Whether PutBucketLifecycleConfiguration succeeded; on s3s-fs, which
/// lacks it, asserts and prints its refusal and answers `false`.
fn lifecycle_set(set: newtera::Result<()>) -> bool {
    if kind() == ServerKind::S3sFs {
        unsupported("lifecycle configuration (PutBucketLifecycleConfiguration)");
        println!("s3s-fs answers {:?}", code(&set));
        assert!(set.is_err());
        return false;
    }
    set.unwrap();
    true
}

#[tokio::test(flavor = "multi_thread")]
async fn lifecycle_rules_round_trip_and_expire_objects() {
    let client = client();
    let b = bucket(&client, "ilm").await;
    let set = client.set_bucket_lifecycle(&b, expire_tmp_after(1)).await;
    if !lifecycle_set(set) {
        return;
    }
    let got = client.get_bucket_lifecycle(&b).await.unwrap().unwrap();
    assert_eq!(got.rules.len(), 1);
    assert_eq!(got.rules[0].filter.prefix.as_deref(), Some("tmp/"));
    assert_eq!(
        got.rules[0].expiration.as_ref().and_then(|e| e.days),
        Some(1)
    );
    assert!(got.rules[0].enabled);
    if kind() == ServerKind::Ceph {
        // `rgw lc debug interval = 10`: a lifecycle "day" lasts 10 s.
        client.put_object(&b, "tmp/old", "x").await.unwrap();
        client.put_object(&b, "keep", "x").await.unwrap();
        let expired = async {
            for _ in 0..120 {
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                if client.stat_object(&b, "tmp/old").await.is_err() {
                    return true;
                }
            }
            false
        };
        assert!(expired.await, "tmp/old expired within 120 s");
        client.stat_object(&b, "keep").await.unwrap();
    }
    client.delete_bucket_lifecycle(&b).await.unwrap();
    assert_eq!(client.get_bucket_lifecycle(&b).await.unwrap(), None);
}

/// The limits the client checks before sending (rule ids of 255
/// characters, expiration dates at midnight UTC) are accepted as such.
#[tokio::test]
async fn lifecycle_rules_at_the_client_checked_limits_are_accepted() {
    let client = client();
    let b = bucket(&client, "ilm-limits").await;
    let id = "i".repeat(255);
    let config = |date: &str| LifecycleConfiguration {
        rules: vec![LifecycleRule {
            id: Some(id.clone()),
            enabled: true,
            filter: LifecycleFilter {
                prefix: Some("tmp/".into()),
                ..LifecycleFilter::default()
            },
            expiration: Some(Expiration {
                date: Some(date.into()),
                ..Expiration::default()
            }),
            ..LifecycleRule::default()
        }],
    };
    // With milliseconds, as S3 writes dates: Garage refuses the form.
    let millis = client
        .set_bucket_lifecycle(&b, config("2099-01-01T00:00:00.000Z"))
        .await;
    match kind() {
        ServerKind::Garage => {
            println!(
                "Garage answers {:?} to a date with milliseconds",
                code(&millis)
            );
            assert_eq!(code(&millis).as_deref(), Some("InvalidRequest"));
        }
        ServerKind::S3sFs => assert!(millis.is_err()),
        _ => millis.unwrap(),
    }
    let set = client
        .set_bucket_lifecycle(&b, config("2099-01-01T00:00:00Z"))
        .await;
    if !lifecycle_set(set) {
        return;
    }
    let got = client.get_bucket_lifecycle(&b).await.unwrap().unwrap();
    assert_eq!(got.rules.len(), 1);
    assert_eq!(got.rules[0].id.as_deref(), Some(id.as_str()));
    let date = got.rules[0]
        .expiration
        .as_ref()
        .and_then(|e| e.date.clone());
    let date = date.expect("the date is kept");
    assert!(date.starts_with("2099-01-01T00:00:00"), "{date}");
    client.delete_bucket_lifecycle(&b).await.unwrap();
}

#[tokio::test]
async fn default_encryption_round_trips() {
    let client = client();
    let b = bucket(&client, "sse").await;
    let set = client
        .set_bucket_encryption(&b, EncryptionConfiguration::sse_s3())
        .await;
    match set {
        Ok(()) => {
            let got = client.get_bucket_encryption(&b).await.unwrap().unwrap();
            assert_eq!(got.rules[0].sse_algorithm, "AES256");
            client.delete_bucket_encryption(&b).await.unwrap();
            assert_eq!(client.get_bucket_encryption(&b).await.unwrap(), None);
        }
        Err(e) => {
            // Ceph RGW 16.2 wants a Vault backend for SSE-S3 and refuses
            // SSE-KMS defaults too.
            unsupported("default encryption (PutBucketEncryption)");
            println!("{} answers {:?}: {e}", kind().name(), e.code());
            let expected = match kind() {
                ServerKind::Ceph => "InvalidArgument",
                _ => "NotImplemented",
            };
            assert_eq!(e.code(), Some(expected), "{e}");
            // Clearing what the server does not know must never reach it as
            // a DELETE: Ceph 16.2 takes `DELETE ?encryption` for
            // DeleteBucket.
            let cleared = client.delete_bucket_encryption(&b).await;
            assert!(cleared.is_err(), "{cleared:?}");
            assert!(
                client.bucket_exists(&b).await.unwrap(),
                "the bucket is still there"
            );
        }
    }
}

#[tokio::test]
async fn public_access_block_round_trips() {
    let client = client();
    let b = bucket(&client, "pab").await;
    let set = client
        .set_public_access_block(&b, PublicAccessBlockConfiguration::all())
        .await;
    match set {
        Ok(()) => {
            let got = client.get_public_access_block(&b).await.unwrap().unwrap();
            assert_eq!(got, PublicAccessBlockConfiguration::all());
            client.delete_public_access_block(&b).await.unwrap();
        }
        Err(e) => {
            unsupported("public access block (PutPublicAccessBlock)");
            println!("{} answers {:?}: {e}", kind().name(), e.code());
            assert_ne!(kind(), ServerKind::Ceph, "{e}");
            assert_eq!(e.code(), Some("NotImplemented"), "{e}");
        }
    }
}

#[tokio::test]
async fn website_round_trips() {
    let client = client();
    let b = bucket(&client, "web").await;
    let config = WebsiteConfiguration {
        index_document: Some("index.html".into()),
        error_document: Some("error.html".into()),
        redirect_all_requests_to: None,
    };
    match client.set_bucket_website(&b, config.clone()).await {
        Ok(()) => {
            let got = client.get_bucket_website(&b).await.unwrap().unwrap();
            assert_eq!(got, config);
            client.delete_bucket_website(&b).await.unwrap();
            assert_eq!(client.get_bucket_website(&b).await.unwrap(), None);
        }
        Err(e) => {
            unsupported("website configuration (PutBucketWebsite)");
            println!("{} answers {:?}: {e}", kind().name(), e.code());
            assert_eq!(kind(), ServerKind::S3sFs, "{e}");
            assert_eq!(e.code(), Some("NotImplemented"), "{e}");
        }
    }
}

#[tokio::test]
async fn bucket_location_is_public() {
    let client = client();
    let b = bucket(&client, "loc").await;
    let region = client.get_bucket_location(&b).await.unwrap();
    // Ceph answers its zonegroup's API name, `default` here.
    let expected = match kind() {
        ServerKind::Garage => "garage",
        ServerKind::Ceph => "default",
        _ => "us-east-1",
    };
    assert_eq!(region, expected);
    let err = client
        .get_bucket_location("no-such-bucket-xyz")
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
}

/// Creates a Ceph RGW topic that pushes to `endpoint` (Ceph's SNS API, a
/// signed form POST to the gateway) and returns its ARN.
async fn ceph_topic(name: &str, endpoint: &str) -> String {
    use newtera_transport::sigv4::{Credentials, StaticCredentials};
    use newtera_transport::{Body, StackConfig};
    use tower::ServiceExt;
    let t = target();
    let stack = StackConfig::new(
        StaticCredentials::new(Credentials::new(&t.access_key, &t.secret_key)),
        &t.region,
    )
    .build()
    .unwrap();
    let form = format!(
        "Action=CreateTopic&Name={name}&Attributes.entry.1.key=push-endpoint\
         &Attributes.entry.1.value={}",
        endpoint.replace(':', "%3A").replace('/', "%2F")
    );
    let request = http::Request::post(format!("{}/", t.endpoint))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(bytes::Bytes::from(form)))
        .unwrap();
    let response = stack.oneshot(request).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap();
    let text = String::from_utf8_lossy(&body).into_owned();
    assert_eq!(status, 200, "{text}");
    let start = text.find("<TopicArn>").expect("a TopicArn") + "<TopicArn>".len();
    let end = text[start..].find('<').expect("</TopicArn>") + start;
    text[start..end].to_owned()
}

/// Serves HTTP on loopback and hands over every POST body.
async fn event_sink() -> (String, tokio::sync::mpsc::UnboundedReceiver<Vec<u8>>) {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let mut reader = BufReader::new(socket);
                loop {
                    let mut length = 0usize;
                    let mut line = String::new();
                    while reader.read_line(&mut line).await.unwrap_or(0) > 0 {
                        if line == "\r\n" {
                            break;
                        }
                        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                            length = v.trim().parse().unwrap_or(0);
                        }
                        line.clear();
                    }
                    if line.is_empty() {
                        return;
                    }
                    let mut body = vec![0; length];
                    if reader.read_exact(&mut body).await.is_err() {
                        return;
                    }
                    let _ = tx.send(body);
                    let ok = b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n";
                    if reader.get_mut().write_all(ok).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (endpoint, rx)
}

#[tokio::test(flavor = "multi_thread")]
async fn notifications_round_trip_and_deliver_a_put_event() {
    use newtera::{NotificationConfiguration, NotificationRecord, NotificationTarget};
    let client = client();
    let b = bucket(&client, "events").await;
    let (endpoint, mut events) = event_sink().await;
    let arn = if kind() == ServerKind::Ceph {
        ceph_topic(&format!("topic-{b}"), &endpoint).await
    } else {
        "arn:aws:sns:us-east-1:000000000000:none".to_owned()
    };
    let config = NotificationConfiguration {
        topics: vec![NotificationTarget {
            id: Some("puts".into()),
            arn: arn.clone(),
            events: vec!["s3:ObjectCreated:*".into()],
            prefix: Some("in/".into()),
            suffix: None,
        }],
        ..NotificationConfiguration::default()
    };
    let set = client.set_bucket_notification(&b, config.clone()).await;
    if kind() != ServerKind::Ceph {
        unsupported("bucket notifications (PutBucketNotificationConfiguration)");
        println!("{} answers {:?}", kind().name(), code(&set));
        assert_eq!(code(&set).as_deref(), Some("NotImplemented"), "{set:?}");
        return;
    }
    set.unwrap();
    let got = client.get_bucket_notification(&b).await.unwrap();
    assert_eq!(got.topics.len(), 1, "{got:?}");
    assert_eq!(got.topics[0].arn, arn);
    assert_eq!(got.topics[0].prefix.as_deref(), Some("in/"));
    client.put_object(&b, "in/a b+c", "hello").await.unwrap();
    let message = tokio::time::timeout(std::time::Duration::from_secs(30), events.recv())
        .await
        .expect("an event within 30 s")
        .expect("the sink runs");
    let records = NotificationRecord::parse_message(&message).unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].bucket, b);
    // Ceph sends the key as is and the event name without `s3:`.
    assert_eq!(records[0].key, "in/a b+c");
    assert_eq!(records[0].event_name, "ObjectCreated:Put");
    assert_eq!(records[0].size, Some(5));
    client.delete_bucket_notification(&b).await.unwrap();
    assert_eq!(
        client.get_bucket_notification(&b).await.unwrap(),
        NotificationConfiguration::default()
    );
}
