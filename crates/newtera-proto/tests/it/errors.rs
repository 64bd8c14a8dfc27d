//! Error mapping and header-only decoders.

use http::{HeaderMap, HeaderValue, StatusCode};
use newtera_proto::op::bucket::{HeadBucket, ListBuckets};
use newtera_proto::op::multipart::UploadPart;
use newtera_proto::op::object::{ContentRange, GetObject, HeadObject, PutObject};
use newtera_proto::types::{ChecksumAlgorithm, StorageClass, Timestamp};
use newtera_proto::{Error, ErrorCode, Operation, error_in_200_body};

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (k, v) in pairs {
        map.append(*k, HeaderValue::from_str(v).unwrap());
    }
    map
}

fn service(err: Error) -> newtera_proto::S3Error {
    match err {
        Error::Service(e) => *e,
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[test]
fn body_less_404s_are_named_from_the_target() {
    let h = headers(&[("x-amz-request-id", "RID"), ("x-amz-id-2", "HID")]);
    let e = service(HeadObject::decode(StatusCode::NOT_FOUND, &h, b"").unwrap_err());
    assert_eq!(e.code, ErrorCode::NoSuchKey);
    assert_eq!(
        (e.request_id.as_deref(), e.host_id.as_deref()),
        (Some("RID"), Some("HID"))
    );
    let e = service(HeadBucket::decode(StatusCode::NOT_FOUND, &h, b"").unwrap_err());
    assert_eq!(e.code, ErrorCode::NoSuchBucket);
    let moved = headers(&[("x-amz-bucket-region", "eu-west-3")]);
    let e = service(HeadBucket::decode(StatusCode::MOVED_PERMANENTLY, &moved, b"").unwrap_err());
    assert_eq!(
        (e.code, e.region.as_deref()),
        (ErrorCode::PermanentRedirect, Some("eu-west-3"))
    );
    let e = service(ListBuckets::decode(StatusCode::NOT_FOUND, &h, b"").unwrap_err());
    assert_eq!(e.code, ErrorCode::NotFound);
    let e =
        service(HeadObject::decode(StatusCode::FORBIDDEN, &h, b"<html>proxy</html>").unwrap_err());
    assert_eq!(e.code, ErrorCode::AccessDenied);
    let e = service(HeadObject::decode(StatusCode::SERVICE_UNAVAILABLE, &h, b"").unwrap_err());
    assert!(e.is_retryable());
    let e = service(HeadObject::decode(StatusCode::PRECONDITION_FAILED, &h, b"").unwrap_err());
    assert_eq!(e.code, ErrorCode::PreconditionFailed);
}

#[test]
fn error_codes_classify_and_round_trip() {
    for code in [
        "SlowDown",
        "Throttling",
        "RequestLimitExceeded",
        "TooManyRequests",
        "ThrottlingException",
    ] {
        assert!(ErrorCode::parse(code).is_throttling(), "{code}");
        assert_eq!(ErrorCode::parse(code).as_str(), code);
    }
    for code in ["InternalError", "RequestTimeout", "ServiceUnavailable"] {
        assert!(
            ErrorCode::parse(code).is_transient() && !ErrorCode::parse(code).is_throttling(),
            "{code}"
        );
    }
    for code in [
        "NoSuchKey",
        "AccessDenied",
        "SignatureDoesNotMatch",
        "Brand New",
    ] {
        assert!(!ErrorCode::parse(code).is_retryable(), "{code}");
    }
    assert_eq!(
        ErrorCode::parse("Brand New"),
        ErrorCode::Other("Brand New".into())
    );
    assert_eq!(ErrorCode::parse("Brand New").to_string(), "Brand New");
}

#[test]
fn error_in_200_is_cheap_and_exact() {
    assert!(error_in_200_body(b"").is_none());
    assert!(
        error_in_200_body(
            b"<CompleteMultipartUploadResult><ETag>x</ETag></CompleteMultipartUploadResult>"
        )
        .is_none()
    );
    assert!(error_in_200_body(b"<ErrorDocument/>").is_none());
    let e = error_in_200_body(
        b"<?xml version=\"1.0\"?>\n<!-- c --><Error><Code>SlowDown</Code></Error>",
    )
    .unwrap();
    assert_eq!((e.code, e.status), (ErrorCode::SlowDown, StatusCode::OK));
}

#[test]
fn object_headers_decode() {
    let h = headers(&[
        ("content-length", "1024"),
        ("content-range", "bytes 0-1023/4096"),
        ("etag", "\"abc\""),
        ("content-type", "text/plain"),
        ("last-modified", "Wed, 12 Oct 2009 17:50:00 GMT"),
        ("x-amz-meta-color", "blue"),
        ("x-amz-meta-Shape", "round"),
        ("x-amz-checksum-crc32c", "yZRlqg=="),
        ("x-amz-checksum-type", "FULL_OBJECT"),
        ("x-amz-version-id", "v1"),
        ("x-amz-storage-class", "GLACIER_IR"),
        ("cache-control", "max-age=60"),
        ("content-disposition", "inline"),
        ("content-encoding", "gzip"),
        ("content-language", "de-CH"),
        ("expires", "0"),
    ]);
    let info = GetObject::decode(StatusCode::PARTIAL_CONTENT, &h, b"").unwrap();
    assert_eq!((info.content_length, info.size()), (Some(1024), Some(4096)));
    assert_eq!(info.content_range.unwrap().range, Some((0, 1023)));
    assert_eq!(info.etag.as_deref(), Some("\"abc\""));
    assert_eq!(
        info.last_modified,
        Some(Timestamp::parse("2009-10-12T17:50:00Z").unwrap())
    );
    assert_eq!(info.meta("color"), Some("blue"));
    assert_eq!(info.meta("shape"), Some("round"));
    assert_eq!(info.checksums[0].algorithm, ChecksumAlgorithm::Crc32c);
    assert_eq!(info.version_id.as_deref(), Some("v1"));
    assert_eq!(info.storage_class, Some(StorageClass::GlacierIr));
    let standard = [
        &info.cache_control,
        &info.content_disposition,
        &info.content_encoding,
        &info.content_language,
        &info.expires,
    ];
    let standard = standard.map(|v| v.as_deref());
    assert_eq!(
        standard,
        [
            Some("max-age=60"),
            Some("inline"),
            Some("gzip"),
            Some("de-CH"),
            Some("0")
        ],
        "an invalid Expires date is kept as sent"
    );
    let bad = headers(&[("content-length", "lots")]);
    assert!(matches!(
        HeadObject::decode(StatusCode::OK, &bad, b""),
        Err(Error::InvalidField { .. })
    ));
}

#[test]
fn content_range_forms() {
    assert_eq!(
        ContentRange::parse("bytes */100").unwrap(),
        ContentRange {
            range: None,
            total: Some(100)
        }
    );
    assert_eq!(
        ContentRange::parse("bytes 5-9/*").unwrap(),
        ContentRange {
            range: Some((5, 9)),
            total: None
        }
    );
    for bad in [
        "bytes 9-5/100",
        "bytes 0-100/100",
        "items 0-1/2",
        "bytes 0-1",
        "",
    ] {
        assert!(ContentRange::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn write_outputs_decode() {
    let h = headers(&[
        ("etag", "\"e\""),
        ("x-amz-version-id", "v"),
        ("x-amz-checksum-sha256", "abc="),
    ]);
    let out = PutObject::decode(StatusCode::OK, &h, b"").unwrap();
    assert_eq!(
        (out.etag.as_deref(), out.version_id.as_deref()),
        (Some("\"e\""), Some("v"))
    );
    assert_eq!(out.checksums[0].algorithm, ChecksumAlgorithm::Sha256);
    let part = UploadPart::decode(StatusCode::OK, &h, b"").unwrap();
    assert_eq!(part, out);
}

#[test]
fn errors_never_echo_secrets() {
    let e = service(
        HeadObject::decode(
            StatusCode::FORBIDDEN,
            &HeaderMap::new(),
            b"<Error><Code>SignatureDoesNotMatch</Code><Message>m</Message></Error>",
        )
        .unwrap_err(),
    );
    assert_eq!(
        e.to_string(),
        "S3 error SignatureDoesNotMatch (HTTP 403 Forbidden): m"
    );
}

#[test]
fn header_only_outputs_decode_and_fail() {
    use newtera_proto::op::bucket::{CreateBucket, DeleteBucket};
    use newtera_proto::op::multipart::AbortMultipartUpload;
    use newtera_proto::op::object::DeleteObject;
    let h = headers(&[
        ("x-amz-bucket-region", "eu-west-1"),
        ("location", "/b12"),
        ("x-amz-delete-marker", "true"),
        ("x-amz-version-id", "v"),
    ]);
    assert_eq!(
        HeadBucket::decode(StatusCode::OK, &h, b"")
            .unwrap()
            .region
            .as_deref(),
        Some("eu-west-1")
    );
    assert_eq!(
        CreateBucket::decode(StatusCode::OK, &h, b"")
            .unwrap()
            .location
            .as_deref(),
        Some("/b12")
    );
    let del = DeleteObject::decode(StatusCode::NO_CONTENT, &h, b"").unwrap();
    assert!(del.delete_marker && del.version_id.as_deref() == Some("v"));
    assert!(DeleteBucket::decode(StatusCode::NO_CONTENT, &h, b"").is_ok());
    assert!(AbortMultipartUpload::decode(StatusCode::NO_CONTENT, &h, b"").is_ok());
    let conflict = b"<Error><Code>BucketNotEmpty</Code><Message>m</Message><BucketName>b12</BucketName></Error>";
    let e = service(DeleteBucket::decode(StatusCode::CONFLICT, &h, conflict).unwrap_err());
    assert_eq!(
        (e.code, e.bucket_name.as_deref()),
        (ErrorCode::BucketNotEmpty, Some("b12"))
    );
    let e = service(
        AbortMultipartUpload::decode(
            StatusCode::NOT_FOUND,
            &h,
            b"<Error><Code>NoSuchUpload</Code></Error>",
        )
        .unwrap_err(),
    );
    assert_eq!(e.code, ErrorCode::NoSuchUpload);
}

#[test]
fn broken_error_in_200_is_still_an_error() {
    let e = error_in_200_body(b"<Error><Code>Intern").unwrap();
    assert_eq!(
        (e.code, e.status),
        (ErrorCode::InternalError, StatusCode::OK)
    );
    let e = error_in_200_body(b"<Error><Message>late failure</Message></Error>").unwrap();
    assert_eq!(
        (e.code, e.message.as_str()),
        (ErrorCode::InternalError, "late failure")
    );
}

#[test]
fn not_found_and_retryable_predicates() {
    let err = HeadObject::decode(StatusCode::NOT_FOUND, &HeaderMap::new(), b"").unwrap_err();
    assert!(err.as_service().unwrap().is_not_found());
    assert!(!err.is_retryable());
    let err =
        HeadObject::decode(StatusCode::SERVICE_UNAVAILABLE, &HeaderMap::new(), b"").unwrap_err();
    assert!(err.is_retryable() && !err.as_service().unwrap().is_not_found());
    assert!(!Error::MissingField("Key").is_retryable());
    assert!(ErrorCode::NoSuchUpload.is_not_found() && !ErrorCode::AccessDenied.is_not_found());
}
