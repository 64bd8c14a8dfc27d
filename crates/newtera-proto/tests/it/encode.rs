//! Every operation's request parts.

use bytes::Bytes;
use http::Method;
use newtera_proto::op::bucket::{
    CreateBucket, DeleteBucket, GetBucketLocation, HeadBucket, ListBuckets,
};
use newtera_proto::op::copy::{CopyObject, CopySource, MetadataDirective};
use newtera_proto::op::delete::{DeleteObjects, ObjectIdentifier};
use newtera_proto::op::list::{ListObjects, ListObjectsV2};
use newtera_proto::op::list_uploads::ListMultipartUploads;
use newtera_proto::op::multipart::{
    AbortMultipartUpload, CompleteMultipartUpload, CreateMultipartUpload, ListParts, UploadPart,
    UploadPartCopy,
};
use newtera_proto::op::object::{
    ByteRange, Conditions, DeleteObject, GetObject, HeadObject, PutObject, ResponseOverrides, Sse,
    WriteOptions, content_md5,
};
use newtera_proto::types::{Checksum, ChecksumAlgorithm, CompletedPart, StorageClass, Timestamp};
use newtera_proto::{Endpoint, Error, Operation, RequestParts};

fn uri(parts: &RequestParts) -> String {
    let ep = Endpoint::new(false, "localhost", Some(9000)).unwrap();
    parts.uri(&ep).unwrap().to_string()
}

fn h<'a>(parts: &'a RequestParts, name: &str) -> Option<&'a str> {
    parts.headers.get(name).map(|v| v.to_str().unwrap())
}

#[test]
fn bucket_operations() {
    let p = ListBuckets::default().encode().unwrap();
    assert_eq!(
        (p.method.clone(), uri(&p)),
        (Method::GET, "http://localhost:9000/".into())
    );
    let p = HeadBucket {
        bucket: "b12".into(),
    }
    .encode()
    .unwrap();
    assert_eq!(
        (p.method.clone(), uri(&p)),
        (Method::HEAD, "http://localhost:9000/b12".into())
    );
    let p = DeleteBucket {
        bucket: "b12".into(),
    }
    .encode()
    .unwrap();
    assert_eq!(p.method, Method::DELETE);
    let p = GetBucketLocation {
        bucket: "b12".into(),
    }
    .encode()
    .unwrap();
    assert_eq!(uri(&p), "http://localhost:9000/b12?location");
    let p = CreateBucket {
        bucket: "b12".into(),
        location: Some("garage".into()),
        object_lock: true,
    }
    .encode()
    .unwrap();
    assert_eq!(h(&p, "x-amz-bucket-object-lock-enabled"), Some("true"));
    assert!(
        std::str::from_utf8(&p.body)
            .unwrap()
            .contains("<LocationConstraint>garage</LocationConstraint>")
    );
    assert!(matches!(
        HeadBucket { bucket: "a".into() }.encode(),
        Err(Error::InvalidBucketName(_))
    ));
}

#[test]
fn listings() {
    let mut v2 = ListObjectsV2::new("b12");
    v2.continuation_token = Some("a/b=".into());
    v2.start_after = Some("k 1".into());
    v2.max_keys = Some(10);
    v2.fetch_owner = true;
    assert_eq!(
        uri(&v2.encode().unwrap()),
        "http://localhost:9000/b12?list-type=2&continuation-token=a%2Fb%3D&encoding-type=url&fetch-owner=true&max-keys=10&start-after=k%201"
    );
    let mut v1 = ListObjects::new("b12");
    v1.marker = Some("m".into());
    v1.url_encoding = false;
    assert_eq!(
        uri(&v1.encode().unwrap()),
        "http://localhost:9000/b12?marker=m"
    );
    let mut up = ListMultipartUploads::new("b12");
    up.key_marker = Some("k".into());
    up.upload_id_marker = Some("u".into());
    assert_eq!(
        uri(&up.encode().unwrap()),
        "http://localhost:9000/b12?uploads&encoding-type=url&key-marker=k&upload-id-marker=u"
    );
}

#[test]
fn head_and_get_object() {
    let t = Timestamp::parse("2024-01-02T03:04:05Z").unwrap();
    let head = HeadObject {
        bucket: "b12".into(),
        key: "a/b c".into(),
        version_id: Some("v1".into()),
        conditions: Conditions {
            if_match: Some("\"e\"".into()),
            if_none_match: Some("\"f\"".into()),
            if_modified_since: Some(t),
            if_unmodified_since: Some(t),
        },
        sse: Some(Sse::Customer { key: [7; 32] }),
        checksum_mode: true,
    };
    let p = head.encode().unwrap();
    assert_eq!(
        (p.method.clone(), uri(&p)),
        (
            Method::HEAD,
            "http://localhost:9000/b12/a/b%20c?versionId=v1".into()
        )
    );
    assert_eq!(h(&p, "if-match"), Some("\"e\""));
    assert_eq!(h(&p, "if-none-match"), Some("\"f\""));
    assert_eq!(
        h(&p, "if-modified-since"),
        Some("Tue, 02 Jan 2024 03:04:05 GMT")
    );
    assert_eq!(
        h(&p, "if-unmodified-since"),
        Some("Tue, 02 Jan 2024 03:04:05 GMT")
    );
    assert_eq!(
        h(&p, "x-amz-server-side-encryption-customer-algorithm"),
        Some("AES256")
    );
    assert_eq!(
        h(&p, "x-amz-server-side-encryption-customer-key-md5"),
        Some(content_md5(&[7; 32]).as_str())
    );
    assert_eq!(h(&p, "x-amz-checksum-mode"), Some("ENABLED"));

    let get = GetObject {
        head: HeadObject {
            bucket: "b12".into(),
            key: "k".into(),
            ..Default::default()
        },
        range: Some(ByteRange::Inclusive(0, 1023)),
        overrides: ResponseOverrides {
            content_type: Some("text/plain".into()),
            ..Default::default()
        },
    };
    let p = get.encode().unwrap();
    assert_eq!(
        uri(&p),
        "http://localhost:9000/b12/k?response-content-type=text%2Fplain"
    );
    assert_eq!(h(&p, "range"), Some("bytes=0-1023"));
    assert_eq!(ByteRange::Suffix(5).header_value().unwrap(), "bytes=-5");
    assert_eq!(ByteRange::From(5).header_value().unwrap(), "bytes=5-");
    assert!(ByteRange::Inclusive(5, 4).header_value().is_err());
    // Written at its exact length (the header takes the buffer over).
    for range in [
        ByteRange::Inclusive(0, 0),
        ByteRange::Inclusive(9, 10),
        ByteRange::Inclusive(0, u64::MAX),
        ByteRange::From(0),
        ByteRange::From(99),
        ByteRange::Suffix(1),
        ByteRange::Suffix(u64::MAX),
    ] {
        let value = range.header_value().unwrap();
        assert_eq!(value.len(), value.capacity(), "{value}");
    }
    let empty_key = HeadObject {
        bucket: "b12".into(),
        ..Default::default()
    };
    assert!(matches!(
        empty_key.encode(),
        Err(Error::InvalidObjectName(_))
    ));
}

#[test]
fn put_and_delete_object() {
    let put = PutObject {
        bucket: "b12".into(),
        key: "k".into(),
        body: Bytes::from_static(b"hello"),
        options: WriteOptions {
            content_type: Some("text/plain".into()),
            metadata: vec![("Color".into(), "blue".into())],
            sse: Some(Sse::S3),
            storage_class: Some(StorageClass::ReducedRedundancy),
            extra_headers: vec![("cache-control".into(), "no-cache".into())],
            tags: Vec::new(),
        },
        checksums: vec![Checksum {
            algorithm: ChecksumAlgorithm::Crc32c,
            value: "yZRlqg==".into(),
        }],
        if_none_match: Some("*".into()),
        if_match: None,
    };
    let p = put.encode().unwrap();
    assert_eq!(p.method, Method::PUT);
    assert_eq!(&p.body[..], b"hello");
    assert_eq!(h(&p, "content-type"), Some("text/plain"));
    assert_eq!(h(&p, "x-amz-meta-color"), Some("blue"));
    assert_eq!(h(&p, "x-amz-server-side-encryption"), Some("AES256"));
    assert_eq!(h(&p, "x-amz-storage-class"), Some("REDUCED_REDUNDANCY"));
    assert_eq!(h(&p, "x-amz-checksum-crc32c"), Some("yZRlqg=="));
    assert_eq!(h(&p, "cache-control"), Some("no-cache"));
    assert_eq!(h(&p, "if-none-match"), Some("*"));
    let bad = PutObject {
        bucket: "b12".into(),
        key: "k".into(),
        options: WriteOptions {
            content_type: Some("a\nb".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    assert!(matches!(bad.encode(), Err(Error::InvalidArgument(_))));

    let p = DeleteObject {
        bucket: "b12".into(),
        key: "k".into(),
        version_id: Some("v".into()),
        bypass_governance: false,
    }
    .encode()
    .unwrap();
    assert_eq!(
        (p.method.clone(), uri(&p)),
        (
            Method::DELETE,
            "http://localhost:9000/b12/k?versionId=v".into()
        )
    );
}

#[test]
fn copy_object() {
    let copy = CopyObject {
        bucket: "dst".into(),
        key: "d".into(),
        source: CopySource::new("src", "dir/a b+é").version_id("v 1"),
        metadata_directive: MetadataDirective::Replace,
        content_type: Some("image/png".into()),
        metadata: vec![("k".into(), "v".into())],
        source_conditions: Conditions {
            if_match: Some("\"e\"".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let p = copy.encode().unwrap();
    assert_eq!(
        h(&p, "x-amz-copy-source"),
        Some("/src/dir/a%20b%2B%C3%A9?versionId=v%201")
    );
    assert_eq!(h(&p, "x-amz-metadata-directive"), Some("REPLACE"));
    assert_eq!(h(&p, "x-amz-copy-source-if-match"), Some("\"e\""));
    assert_eq!(h(&p, "content-type"), Some("image/png"));
    assert_eq!(h(&p, "x-amz-meta-k"), Some("v"));
}

#[test]
fn delete_objects_carries_md5() {
    let del = DeleteObjects {
        bucket: "b12".into(),
        objects: vec![ObjectIdentifier::new("a"), ObjectIdentifier::new("b")],
        quiet: true,
        bypass_governance: false,
    };
    let p = del.encode().unwrap();
    assert_eq!(
        (p.method.clone(), uri(&p)),
        (Method::POST, "http://localhost:9000/b12?delete".into())
    );
    assert_eq!(h(&p, "content-md5"), Some(content_md5(&p.body).as_str()));
    assert!(
        std::str::from_utf8(&p.body)
            .unwrap()
            .contains("<Quiet>true</Quiet>")
    );
    let too_many = DeleteObjects {
        bucket: "b12".into(),
        objects: vec![ObjectIdentifier::new("a"); 1001],
        quiet: true,
        bypass_governance: false,
    };
    assert!(matches!(too_many.encode(), Err(Error::InvalidArgument(_))));
    let none = DeleteObjects {
        objects: vec![],
        ..del.clone()
    };
    assert!(none.encode().is_err());
    assert_eq!(h(&p, "x-amz-bypass-governance-retention"), None);
    let bypass = DeleteObjects {
        bypass_governance: true,
        ..del
    };
    let p = bypass.encode().unwrap();
    assert_eq!(h(&p, "x-amz-bypass-governance-retention"), Some("true"));
    // The published MD5 of the empty string, to pin the digest itself.
    assert_eq!(content_md5(b""), "1B2M2Y8AsgTpgAmY7PhCfg==");
}

#[test]
fn multipart_operations() {
    let create = CreateMultipartUpload {
        bucket: "b12".into(),
        key: "k".into(),
        checksum_algorithm: Some(ChecksumAlgorithm::Crc64Nvme),
        ..Default::default()
    };
    let p = create.encode().unwrap();
    assert_eq!(
        (p.method.clone(), uri(&p)),
        (Method::POST, "http://localhost:9000/b12/k?uploads".into())
    );
    assert_eq!(h(&p, "x-amz-checksum-algorithm"), Some("CRC64NVME"));

    let part = UploadPart {
        bucket: "b12".into(),
        key: "k".into(),
        upload_id: "u/1".into(),
        part_number: 3,
        ..Default::default()
    };
    assert_eq!(
        uri(&part.encode().unwrap()),
        "http://localhost:9000/b12/k?partNumber=3&uploadId=u%2F1"
    );
    assert!(
        UploadPart {
            part_number: 0,
            ..part.clone()
        }
        .encode()
        .is_err()
    );
    assert!(
        UploadPart {
            part_number: 10_001,
            ..part
        }
        .encode()
        .is_err()
    );

    let copy = UploadPartCopy {
        bucket: "b12".into(),
        key: "k".into(),
        upload_id: "u".into(),
        part_number: 1,
        source: CopySource::new("src", "s"),
        source_range: Some((0, 5_242_879)),
        ..Default::default()
    };
    let p = copy.encode().unwrap();
    assert_eq!(h(&p, "x-amz-copy-source-range"), Some("bytes=0-5242879"));
    assert_eq!(h(&p, "x-amz-copy-source"), Some("/src/s"));

    let complete = CompleteMultipartUpload {
        bucket: "b12".into(),
        key: "k".into(),
        upload_id: "u".into(),
        parts: vec![CompletedPart::new(1, "\"e\"")],

        ..CompleteMultipartUpload::default()
    };
    let p = complete.encode().unwrap();
    assert_eq!(
        (p.method.clone(), uri(&p)),
        (
            Method::POST,
            "http://localhost:9000/b12/k?uploadId=u".into()
        )
    );
    assert!(
        std::str::from_utf8(&p.body)
            .unwrap()
            .contains("<Part><PartNumber>1</PartNumber><ETag>&quot;e&quot;</ETag></Part>")
    );
    assert!(
        CompleteMultipartUpload {
            parts: vec![],
            ..complete
        }
        .encode()
        .is_err()
    );

    let abort = AbortMultipartUpload {
        bucket: "b12".into(),
        key: "k".into(),
        upload_id: "u".into(),
    };
    assert_eq!(abort.encode().unwrap().method, Method::DELETE);
    assert!(
        AbortMultipartUpload {
            upload_id: String::new(),
            ..abort
        }
        .encode()
        .is_err()
    );

    let list = ListParts {
        bucket: "b12".into(),
        key: "k".into(),
        upload_id: "u".into(),
        max_parts: Some(5),
        part_number_marker: Some(2),
    };
    assert_eq!(
        uri(&list.encode().unwrap()),
        "http://localhost:9000/b12/k?uploadId=u&max-parts=5&part-number-marker=2"
    );
}

#[test]
fn sse_c_key_never_printed() {
    let sse = Sse::Customer { key: [0x41; 32] };
    let printed = format!("{sse:?}");
    assert!(
        !printed.contains("AAAA") && !printed.contains("65"),
        "{printed}"
    );
}

#[test]
fn sse_c_key_hidden_in_request_debug() {
    let head = HeadObject {
        bucket: "b12".into(),
        key: "k".into(),
        sse: Some(Sse::Customer { key: [0x41; 32] }),
        ..Default::default()
    };
    let parts = head.encode().unwrap();
    let key_b64 = h(&parts, "x-amz-server-side-encryption-customer-key")
        .unwrap()
        .to_owned();
    assert_eq!(key_b64, "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=");
    let printed = format!("{parts:?}");
    assert!(!printed.contains(&key_b64), "{printed}");
}

#[test]
fn convenience_constructors() {
    let p = GetObject::new("b12", "k").encode().unwrap();
    assert_eq!(
        (p.method.clone(), uri(&p)),
        (Method::GET, "http://localhost:9000/b12/k".into())
    );
    let p = PutObject::new("b12", "k", "data").encode().unwrap();
    assert_eq!(&p.body[..], b"data");
    assert!(p.headers.is_empty());
    assert_eq!(
        HeadObject::new("b12", "k").encode().unwrap().method,
        Method::HEAD
    );
}

#[test]
fn sse_kms_with_context_and_bucket_key() {
    let sse = Sse::Kms {
        key_id: Some("k1".into()),
        context: Some(r#"{"a":"b"}"#.into()),
        bucket_key: Some(true),
    };
    let headers = sse.write_headers().unwrap();
    let get = |n: &str| {
        headers
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("x-amz-server-side-encryption"), Some("aws:kms"));
    assert_eq!(
        get("x-amz-server-side-encryption-aws-kms-key-id"),
        Some("k1")
    );
    assert_eq!(
        get("x-amz-server-side-encryption-context"),
        Some("eyJhIjoiYiJ9")
    );
    assert_eq!(
        get("x-amz-server-side-encryption-bucket-key-enabled"),
        Some("true")
    );
    assert!(
        sse.read_headers().unwrap().is_empty(),
        "nothing to read with"
    );
    assert!(!Sse::keeps_md5_etag(Some(&sse)));
    assert!(Sse::keeps_md5_etag(Some(&Sse::S3)) && Sse::keeps_md5_etag(None));
    let c = Sse::customer([1; 32]);
    assert_eq!(c.read_headers().unwrap().len(), 3);
    assert!(!Sse::keeps_md5_etag(Some(&c)));
}

#[test]
fn tags_and_write_conditions() {
    let put = PutObject {
        bucket: "b12".into(),
        key: "k".into(),
        options: WriteOptions {
            tags: vec![("a b".into(), "c&d=e".into()), ("x".into(), String::new())],
            ..WriteOptions::default()
        },
        if_none_match: Some("*".into()),
        if_match: Some("\"e\"".into()),
        ..PutObject::default()
    };
    let p = put.encode().unwrap();
    assert_eq!(h(&p, "x-amz-tagging"), Some("a%20b=c%26d%3De&x="));
    assert_eq!(h(&p, "if-none-match"), Some("*"));
    assert_eq!(h(&p, "if-match"), Some("\"e\""));
    let eleven: Vec<(String, String)> = (0..11).map(|i| (i.to_string(), String::new())).collect();
    assert!(newtera_proto::op::object::tagging_header(&eleven).is_err());
    let twice = vec![
        ("a".to_owned(), "1".to_owned()),
        ("a".to_owned(), "2".to_owned()),
    ];
    assert!(newtera_proto::op::object::tagging_header(&twice).is_err());
    let long = vec![("k".repeat(129), String::new())];
    assert!(newtera_proto::op::object::tagging_header(&long).is_err());

    let complete = CompleteMultipartUpload {
        bucket: "b12".into(),
        key: "k".into(),
        upload_id: "u".into(),
        parts: vec![CompletedPart::new(1, "\"e\"")],
        sse: Some(Sse::customer([2; 32])),
        if_match: None,
        if_none_match: Some("*".into()),
    };
    let p = complete.encode().unwrap();
    assert_eq!(h(&p, "if-none-match"), Some("*"));
    assert_eq!(
        h(&p, "x-amz-server-side-encryption-customer-algorithm"),
        Some("AES256")
    );

    let copy = CopyObject {
        bucket: "b12".into(),
        key: "d".into(),
        source: CopySource::new("b12", "s"),
        tags: Some(vec![("t".into(), "1".into())]),
        ..CopyObject::default()
    };
    let p = copy.encode().unwrap();
    assert_eq!(h(&p, "x-amz-tagging-directive"), Some("REPLACE"));
    assert_eq!(h(&p, "x-amz-tagging"), Some("t=1"));
}

/// The same parts as `encode`, with the names moved out of the operation.
fn same_parts(moved: &RequestParts, copied: &RequestParts) {
    assert_eq!(moved.method, copied.method);
    assert_eq!(uri(moved), uri(copied));
    assert_eq!(moved.headers, copied.headers);
    assert_eq!(moved.body, copied.body);
    assert_eq!(moved.idempotent, copied.idempotent);
}

#[test]
fn encoding_moving_names_matches_encode_and_keeps_names_on_errors() {
    let mut head = HeadObject {
        version_id: Some("v1".into()),
        checksum_mode: true,
        ..HeadObject::new("b12", "a key")
    };
    let copied = head.encode().unwrap();
    same_parts(&head.encode_moving_names().unwrap(), &copied);
    assert_eq!((head.bucket.as_str(), head.key.as_str()), ("", ""));

    let mut get = GetObject {
        range: Some(ByteRange::Inclusive(0, 9)),
        ..GetObject::new("b12", "k")
    };
    let copied = get.encode().unwrap();
    let moved = get.encode_moving_names().unwrap();
    same_parts(&moved, &copied);
    assert_eq!(moved.bucket.as_deref(), Some("b12"));
    assert!(get.head.bucket.is_empty() && get.head.key.is_empty());

    let mut put = PutObject {
        options: WriteOptions {
            content_type: Some("text/plain".into()),
            ..Default::default()
        },
        ..PutObject::new("b12", "k", "body")
    };
    let copied = put.encode().unwrap();
    same_parts(&put.encode_moving_names().unwrap(), &copied);
    assert!(put.bucket.is_empty() && put.key.is_empty());

    // An error leaves the names where they were.
    let mut bad = GetObject {
        range: Some(ByteRange::Inclusive(5, 4)),
        ..GetObject::new("b12", "k")
    };
    assert!(bad.encode_moving_names().is_err());
    assert_eq!(
        (bad.head.bucket.as_str(), bad.head.key.as_str()),
        ("b12", "k")
    );
    let mut bad = PutObject {
        if_match: Some("bad\nvalue".into()),
        ..PutObject::new("b12", "k", "body")
    };
    assert!(bad.encode_moving_names().is_err());
    assert_eq!((bad.bucket.as_str(), bad.key.as_str()), ("b12", "k"));
    let mut bad = HeadObject::new("b12", "");
    assert!(bad.encode_moving_names().is_err());
    assert_eq!(bad.bucket, "b12");
}
