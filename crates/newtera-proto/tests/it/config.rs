//! Bucket configurations: the bodies newtera writes equal boto3's for the
//! same settings (captured from botocore 1.x's serializer), read back to
//! the same values, and malformed answers are typed errors.

use http::{HeaderMap, StatusCode};
use newtera_proto::Operation;
use newtera_proto::op::config::*;

/// boto3's bodies carry no XML declaration; newtera's do.
fn body<C: BucketConfig>(config: &C) -> String {
    let body = config.to_body().unwrap();
    body.strip_prefix(r#"<?xml version="1.0" encoding="UTF-8"?>"#)
        .unwrap_or(&body)
        .to_owned()
}

fn round_trip<C: BucketConfig + PartialEq + std::fmt::Debug>(config: &C) {
    let text = config.to_body().unwrap();
    let back = GetBucketConfig::<C>::decode(StatusCode::OK, &HeaderMap::new(), text.as_bytes())
        .unwrap()
        .unwrap();
    assert_eq!(&back, config);
}

const BOTO3_CORS: &str = r#"<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule><ID>browser</ID><AllowedHeader>*</AllowedHeader><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedOrigin>https://app.example</AllowedOrigin><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule></CORSConfiguration>"#;
const BOTO3_LIFECYCLE: &str = r#"<LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><Expiration><Days>1</Days></Expiration><ID>expire-tmp</ID><Filter><Prefix>tmp/</Prefix></Filter><Status>Enabled</Status></Rule><Rule><ID>multi</ID><Filter><And><Prefix>logs/</Prefix><Tag><Key>k</Key><Value>v</Value></Tag><ObjectSizeGreaterThan>100</ObjectSizeGreaterThan></And></Filter><Status>Disabled</Status><Transition><Days>30</Days><StorageClass>GLACIER</StorageClass></Transition><NoncurrentVersionExpiration><NoncurrentDays>7</NoncurrentDays><NewerNoncurrentVersions>2</NewerNoncurrentVersions></NoncurrentVersionExpiration><AbortIncompleteMultipartUpload><DaysAfterInitiation>3</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule></LifecycleConfiguration>"#;
const BOTO3_ENCRYPTION: &str = r#"<ServerSideEncryptionConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>testkey-1</KMSMasterKeyID></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>"#;
const BOTO3_PUBLIC_ACCESS: &str = r#"<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>"#;
const BOTO3_WEBSITE: &str = r#"<WebsiteConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><ErrorDocument><Key>error.html</Key></ErrorDocument><IndexDocument><Suffix>index.html</Suffix></IndexDocument></WebsiteConfiguration>"#;

fn cors() -> CorsConfiguration {
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

fn lifecycle() -> LifecycleConfiguration {
    LifecycleConfiguration {
        rules: vec![
            LifecycleRule {
                id: Some("expire-tmp".into()),
                enabled: true,
                filter: LifecycleFilter {
                    prefix: Some("tmp/".into()),
                    ..LifecycleFilter::default()
                },
                expiration: Some(Expiration {
                    days: Some(1),
                    ..Expiration::default()
                }),
                ..LifecycleRule::default()
            },
            LifecycleRule {
                id: Some("multi".into()),
                enabled: false,
                filter: LifecycleFilter {
                    prefix: Some("logs/".into()),
                    tags: vec![("k".into(), "v".into())],
                    object_size_greater_than: Some(100),
                    object_size_less_than: None,
                },
                transitions: vec![Transition {
                    days: Some(30),
                    date: None,
                    storage_class: "GLACIER".into(),
                }],
                noncurrent_version_expiration: Some(NoncurrentVersionExpiration {
                    noncurrent_days: 7,
                    newer_noncurrent_versions: Some(2),
                }),
                abort_incomplete_multipart_upload_days: Some(3),
                ..LifecycleRule::default()
            },
        ],
    }
}

fn encryption() -> EncryptionConfiguration {
    let mut config = EncryptionConfiguration::sse_kms("testkey-1");
    config.rules[0].bucket_key_enabled = Some(true);
    config
}

fn website() -> WebsiteConfiguration {
    WebsiteConfiguration {
        index_document: Some("index.html".into()),
        error_document: Some("error.html".into()),
        redirect_all_requests_to: None,
    }
}

#[test]
fn bodies_match_boto3() {
    assert_eq!(body(&cors()), BOTO3_CORS);
    assert_eq!(body(&lifecycle()), BOTO3_LIFECYCLE);
    assert_eq!(body(&encryption()), BOTO3_ENCRYPTION);
    assert_eq!(
        body(&PublicAccessBlockConfiguration::all()),
        BOTO3_PUBLIC_ACCESS
    );
    assert_eq!(body(&website()), BOTO3_WEBSITE);
}

#[test]
fn configurations_round_trip() {
    round_trip(&cors());
    round_trip(&lifecycle());
    round_trip(&encryption());
    round_trip(&PublicAccessBlockConfiguration::all());
    round_trip(&website());
    round_trip(&BucketPolicy(
        r#"{"Version":"2012-10-17","Statement":[]}"#.into(),
    ));
}

#[test]
fn missing_configurations_are_none() {
    let h = HeaderMap::new();
    let doc = |code: &str| format!("<Error><Code>{code}</Code><Message>none</Message></Error>");
    let cors = GetBucketConfig::<CorsConfiguration>::decode(
        StatusCode::NOT_FOUND,
        &h,
        doc("NoSuchCORSConfiguration").as_bytes(),
    );
    assert_eq!(cors.unwrap(), None);
    let policy = GetBucketConfig::<BucketPolicy>::decode(
        StatusCode::NOT_FOUND,
        &h,
        doc("NoSuchBucketPolicy").as_bytes(),
    );
    assert_eq!(policy.unwrap(), None);
    // A missing bucket stays an error.
    let bucket = GetBucketConfig::<CorsConfiguration>::decode(
        StatusCode::NOT_FOUND,
        &h,
        doc("NoSuchBucket").as_bytes(),
    );
    assert!(bucket.is_err());
    // Garage: 204 with no body.
    let empty = GetBucketConfig::<WebsiteConfiguration>::decode(StatusCode::NO_CONTENT, &h, b"");
    assert_eq!(empty.unwrap(), None);
}

#[test]
fn ceph_public_access_block_root_is_read() {
    let ceph = b"<BlockPublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls>\
        <IgnorePublicAcls>false</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy>\
        <RestrictPublicBuckets>false</RestrictPublicBuckets></BlockPublicAccessBlockConfiguration>";
    let got = GetBucketConfig::<PublicAccessBlockConfiguration>::decode(
        StatusCode::OK,
        &HeaderMap::new(),
        ceph,
    )
    .unwrap()
    .unwrap();
    assert!(got.block_public_acls && got.block_public_policy);
    assert!(!got.ignore_public_acls && !got.restrict_public_buckets);
}

#[test]
fn malformed_answers_are_typed_errors() {
    fn fails<C: BucketConfig + std::fmt::Debug>(body: &[u8]) {
        let got = GetBucketConfig::<C>::decode(StatusCode::OK, &HeaderMap::new(), body);
        assert!(got.is_err(), "{}: {got:?}", String::from_utf8_lossy(body));
    }
    fails::<CorsConfiguration>(
        b"<CORSConfiguration><CORSRule><MaxAgeSeconds>soon</MaxAgeSeconds></CORSRule></CORSConfiguration>",
    );
    fails::<LifecycleConfiguration>(
        b"<LifecycleConfiguration><Rule><Status>Enabled</Status><Expiration><Days>-1</Days></Expiration></Rule></LifecycleConfiguration>",
    );
    fails::<LifecycleConfiguration>(
        b"<LifecycleConfiguration><Rule><ID>x</ID></Rule></LifecycleConfiguration>",
    );
    fails::<EncryptionConfiguration>(
        b"<ServerSideEncryptionConfiguration><Rule/></ServerSideEncryptionConfiguration>",
    );
    fails::<WebsiteConfiguration>(
        b"<WebsiteConfiguration><RedirectAllRequestsTo/></WebsiteConfiguration>",
    );
    fails::<PublicAccessBlockConfiguration>(b"<Other/>");
    fails::<BucketPolicy>(b"\xff\xfe");
    for garbage in [&b"<<<"[..], b"<Other/>"] {
        fails::<CorsConfiguration>(garbage);
        fails::<LifecycleConfiguration>(garbage);
        fails::<EncryptionConfiguration>(garbage);
        fails::<WebsiteConfiguration>(garbage);
    }
}

#[test]
fn bad_configurations_are_refused_before_sending() {
    let empty = PutBucketConfig {
        bucket: "bucket".into(),
        config: CorsConfiguration::default(),
    };
    assert!(empty.encode().is_err());
    let mut bad_method = cors();
    bad_method.rules[0].allowed_methods = vec!["PATCH".into()];
    assert!(bad_method.to_body().is_err());
    let mut no_action = lifecycle();
    no_action.rules[0].expiration = None;
    assert!(no_action.to_body().is_err());
    let both = WebsiteConfiguration {
        redirect_all_requests_to: Some(WebsiteRedirect {
            host_name: "example.com".into(),
            protocol: None,
        }),
        ..website()
    };
    assert!(both.to_body().is_err());
    assert!(BucketPolicy(" ".into()).to_body().is_err());
    // An index suffix empty or with a slash, a redirect without a
    // host or with another protocol.
    for index in ["", "dir/index.html", "/"] {
        let bad = WebsiteConfiguration {
            index_document: Some(index.into()),
            ..website()
        };
        assert!(bad.to_body().is_err(), "{index:?}");
    }
    for (host, protocol) in [
        ("", None),
        (" ", Some("https")),
        ("example.com", Some("ftp")),
    ] {
        let bad = WebsiteConfiguration {
            redirect_all_requests_to: Some(WebsiteRedirect {
                host_name: host.into(),
                protocol: protocol.map(Into::into),
            }),
            ..WebsiteConfiguration::default()
        };
        assert!(bad.to_body().is_err(), "{host:?} {protocol:?}");
    }
    let redirect = WebsiteConfiguration {
        redirect_all_requests_to: Some(WebsiteRedirect {
            host_name: "example.com".into(),
            protocol: Some("https".into()),
        }),
        ..WebsiteConfiguration::default()
    };
    assert!(redirect.to_body().is_ok());
}

#[test]
fn puts_carry_content_md5_and_the_subresource() {
    let put = PutBucketConfig {
        bucket: "bucket".into(),
        config: cors(),
    };
    let parts = put.encode().unwrap();
    assert!(parts.headers.contains_key("content-md5"));
    assert_eq!(parts.encoded_query(), "cors");
}

const BOTO3_NOTIFICATION: &str = r#"<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TopicConfiguration><Id>puts</Id><Topic>arn:aws:sns:us-east-1:1:t</Topic><Event>s3:ObjectCreated:*</Event><Filter><S3Key><FilterRule><Name>prefix</Name><Value>in/</Value></FilterRule><FilterRule><Name>suffix</Name><Value>.jpg</Value></FilterRule></S3Key></Filter></TopicConfiguration><QueueConfiguration><Queue>arn:minio:sqs::1:webhook</Queue><Event>s3:ObjectRemoved:*</Event></QueueConfiguration></NotificationConfiguration>"#;
const BOTO3_REPLICATION: &str = r#"<ReplicationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Role>arn:aws:iam::1:role/r</Role><Rule><ID>r1</ID><Priority>1</Priority><Filter><Prefix>docs/</Prefix></Filter><Status>Enabled</Status><Destination><Bucket>arn:aws:s3:::dst</Bucket><StorageClass>STANDARD</StorageClass></Destination><DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication></Rule></ReplicationConfiguration>"#;

#[test]
fn notification_and_replication_match_boto3_and_round_trip() {
    let notification = NotificationConfiguration {
        topics: vec![NotificationTarget {
            id: Some("puts".into()),
            arn: "arn:aws:sns:us-east-1:1:t".into(),
            events: vec!["s3:ObjectCreated:*".into()],
            prefix: Some("in/".into()),
            suffix: Some(".jpg".into()),
        }],
        queues: vec![NotificationTarget {
            arn: "arn:minio:sqs::1:webhook".into(),
            events: vec!["s3:ObjectRemoved:*".into()],
            ..NotificationTarget::default()
        }],
        lambdas: Vec::new(),
    };
    assert_eq!(body(&notification), BOTO3_NOTIFICATION);
    round_trip(&notification);
    let replication = ReplicationConfiguration {
        role: "arn:aws:iam::1:role/r".into(),
        rules: vec![ReplicationRule {
            id: Some("r1".into()),
            enabled: true,
            priority: Some(1),
            prefix: Some("docs/".into()),
            destination_bucket: "arn:aws:s3:::dst".into(),
            storage_class: Some("STANDARD".into()),
            delete_marker_replication: false,
        }],
    };
    assert_eq!(body(&replication), BOTO3_REPLICATION);
    round_trip(&replication);
    // No notifications: an empty document, read as an empty configuration.
    let empty = NotificationConfiguration::default();
    round_trip(&empty);
    let missing = NotificationTarget {
        arn: String::new(),
        ..NotificationTarget::default()
    };
    let bad = NotificationConfiguration {
        topics: vec![missing],
        ..NotificationConfiguration::default()
    };
    assert!(bad.to_body().is_err());
}
