//! The table-driven fixture test: every captured response, decoded and checked.

use http::{HeaderMap, StatusCode};
use newtera_proto::op::bucket::{GetBucketLocation, ListBuckets};
use newtera_proto::op::config::{
    GetBucketConfig, ObjectLockConfiguration, RetentionMode, RetentionPeriod,
    VersioningConfiguration, VersioningStatus,
};
use newtera_proto::op::copy::CopyObject;
use newtera_proto::op::delete::DeleteObjects;
use newtera_proto::op::list::{ListObjects, ListObjectsV2, UrlDecoding, decode_listing_with};
use newtera_proto::op::list_uploads::ListMultipartUploads;
use newtera_proto::op::multipart::{
    CompleteMultipartUpload, CreateMultipartUpload, ListParts, UploadPartCopy,
};
use newtera_proto::op::object_config::{GetObjectConfig, LegalHold, Retention};
use newtera_proto::op::versions::ListObjectVersions;
use newtera_proto::types::{ChecksumAlgorithm, ChecksumType, StorageClass, Tags, Timestamp};
use newtera_proto::{ErrorCode, Operation, Target, decode_error, error_in_200_body};

use crate::fixture;

type Check = fn(&[u8]);

fn ok<O: Operation>(body: &[u8]) -> O::Output
where
    O::Output: std::fmt::Debug,
{
    O::decode(StatusCode::OK, &HeaderMap::new(), body).expect("decodes")
}

fn ts(s: &str) -> Option<Timestamp> {
    Some(Timestamp::parse(s).unwrap())
}

const CASES: &[(&str, Check)] = &[
    ("ceph_list_versions_raw_marker.xml", |b| {
        let out = ok::<ListObjectVersions>(b);
        assert!(out.is_truncated && out.url_decoded);
        // The keys come encoded, NextKeyMarker raw: both read `a+b`.
        assert_eq!(out.next_key_marker.as_deref(), Some("a+b"));
        let got: Vec<(&str, bool, bool, u64)> = out
            .versions
            .iter()
            .map(|v| (v.key.as_str(), v.is_delete_marker, v.is_latest, v.size))
            .collect();
        assert_eq!(got, [("a+b", true, true, 0), ("a+b", false, false, 4)]);
        assert_eq!(
            out.next_version_id_marker.as_deref(),
            Some(out.versions[1].version_id.as_str())
        );
        assert_eq!(out.versions[1].storage_class, Some(StorageClass::Standard));
    }),
    ("ceph_versioning.xml", |b| {
        let out = ok::<GetBucketConfig<VersioningConfiguration>>(b).unwrap();
        assert_eq!(out.status, Some(VersioningStatus::Enabled));
        assert_eq!(out.mfa_delete, Some(false));
    }),
    ("ceph_object_lock.xml", |b| {
        let out = ok::<GetBucketConfig<ObjectLockConfiguration>>(b).unwrap();
        assert_eq!(
            out,
            ObjectLockConfiguration::new(RetentionMode::Compliance, RetentionPeriod::Years(1))
        );
    }),
    ("ceph_tagging.xml", |b| {
        let out = ok::<GetObjectConfig<Tags>>(b).unwrap();
        let pairs: Vec<(&str, &str)> = out.iter().collect();
        assert_eq!(pairs, [("empty", ""), ("project", "blue sky & co")]);
    }),
    ("ceph_retention.xml", |b| {
        // Ceph writes nanoseconds.
        let out = ok::<GetObjectConfig<Retention>>(b).unwrap();
        assert_eq!(out.mode, RetentionMode::Governance);
        assert_eq!(
            out.retain_until,
            Timestamp::parse("2030-01-02T03:04:05.678Z").unwrap()
        );
    }),
    ("ceph_legal_hold.xml", |b| {
        assert_eq!(
            ok::<GetObjectConfig<LegalHold>>(b),
            Some(LegalHold { on: true })
        );
    }),
    ("aws_list_buckets.xml", |b| {
        let out = ok::<ListBuckets>(b);
        assert_eq!(out.buckets.len(), 2);
        assert_eq!(out.buckets[0].name, "quotes");
        assert_eq!(out.buckets[0].creation_date, ts("2006-02-03T16:45:09.000Z"));
        assert_eq!(out.buckets[1].region.as_deref(), Some("us-west-2"));
        assert_eq!(out.owner.unwrap().display_name.as_deref(), Some("webfile"));
    }),
    ("s3s_list_buckets_empty.xml", |b| {
        let out = ok::<ListBuckets>(b);
        assert!(out.buckets.is_empty());
        assert_eq!(out.owner.unwrap().id.as_deref(), Some("s3s"));
    }),
    ("aws_location_empty.xml", |b| {
        assert_eq!(ok::<GetBucketLocation>(b), "us-east-1")
    }),
    ("aws_location_eu.xml", |b| {
        assert_eq!(ok::<GetBucketLocation>(b), "eu-west-1")
    }),
    ("garage_location.xml", |b| {
        assert_eq!(ok::<GetBucketLocation>(b), "garage")
    }),
    ("aws_list_v2.xml", |b| {
        let out = ok::<ListObjectsV2>(b);
        assert_eq!(
            (
                out.name.as_str(),
                out.key_count,
                out.max_keys,
                out.is_truncated
            ),
            ("bucket", Some(205), Some(1000), false)
        );
        assert_eq!(out.prefix, None, "an empty <Prefix/> counts as absent");
        assert_eq!(out.objects.len(), 2);
        let o = &out.objects[1];
        assert_eq!((o.key.as_str(), o.size), ("my-third-image.jpg", 64994));
        assert_eq!(
            o.etag.as_deref(),
            Some("\"1b2cf535f27731c974343645a3985328\"")
        );
        assert_eq!(o.storage_class, Some(StorageClass::StandardIa));
        assert_eq!(o.checksum_algorithms, vec![ChecksumAlgorithm::Crc32]);
        assert_eq!(o.checksum_type, Some(ChecksumType::FullObject));
        assert_eq!(o.last_modified, ts("2009-10-12T17:50:30.000Z"));
    }),
    ("aws_list_v2_truncated.xml", |b| {
        let out = ok::<ListObjectsV2>(b);
        assert!(out.is_truncated);
        assert_eq!(
            out.next_continuation_token.as_deref(),
            Some("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
        );
        assert_eq!(out.delimiter.as_deref(), Some("/"));
        let prefixes: Vec<_> = out
            .common_prefixes
            .iter()
            .map(|p| p.prefix.as_str())
            .collect();
        assert_eq!(prefixes, ["photos/", "videos/"]);
        assert_eq!(
            out.objects[0]
                .owner
                .as_ref()
                .unwrap()
                .display_name
                .as_deref(),
            Some("mtd@amazon.com")
        );
    }),
    ("garage_list_v2_encoded.xml", |b| {
        let out = ok::<ListObjectsV2>(b);
        assert_eq!(out.prefix.as_deref(), Some("dir/"));
        assert_eq!(out.delimiter.as_deref(), Some("/"));
        assert_eq!(out.start_after.as_deref(), Some("dir/a"));
        assert_eq!(out.objects[0].key, "dir/a b+c");
        assert_eq!(
            out.objects[0].etag.as_deref(),
            Some("\"d41d8cd98f00b204e9800998ecf8427e\"")
        );
        assert_eq!(out.objects[0].last_modified.unwrap().millis(), 123);
        assert_eq!(out.objects[1].key, "dir/€\r\n%");
        assert_eq!(out.objects[1].size, 10_485_760);
        assert_eq!(out.common_prefixes[0].prefix, "dir/sub dir/");
    }),
    ("s3s_list_v2_empty.xml", |b| {
        let out = ok::<ListObjectsV2>(b);
        assert!(out.objects.is_empty() && out.common_prefixes.is_empty() && !out.is_truncated);
        assert_eq!(
            (out.name.as_str(), out.key_count, out.prefix.as_deref()),
            ("empty", Some(0), Some("nothing/"))
        );
    }),
    ("s3s_list_v2_unencoded.xml", |b| {
        // s3s-fs echoes EncodingType=url but sends keys raw, after the keys.
        let trusting = ok::<ListObjectsV2>(b);
        assert_eq!(
            trusting.objects[0].key, "dir/a b c",
            "decoded as the body claims"
        );
        let raw = decode_listing_with(b, UrlDecoding::Never).unwrap();
        assert_eq!(raw.objects[0].key, "dir/a+b%20c");
        assert_eq!(raw.delimiter.as_deref(), Some("/"));
        assert_eq!(raw.objects[0].last_modified, ts("2024-05-01T10:00:00.000Z"));
    }),
    ("garage_list_v2_start_after.xml", |b| {
        let out = ok::<ListObjectsV2>(b);
        assert_eq!(
            (out.name.as_str(), out.prefix.as_deref()),
            ("quotes", Some("E"))
        );
        assert_eq!(out.start_after.as_deref(), Some("ExampleGuide.pdf"));
        assert_eq!(
            out.objects[0].etag.as_deref(),
            Some("\"599bab3ed2c697f1d26842727561fd94\"")
        );
        assert_eq!(out.objects[0].last_modified.unwrap().unix_seconds(), 0);
        assert_eq!(
            out.objects[0].storage_class,
            Some(StorageClass::ReducedRedundancy)
        );
    }),
    ("garage_list_v2_continuation.xml", |b| {
        let out = ok::<ListObjectsV2>(b);
        assert_eq!(
            out.continuation_token.as_deref(),
            Some("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
        );
        assert_eq!(out.next_continuation_token.as_deref(), Some("qsdfjklm"));
        assert_eq!((out.key_count, out.objects[0].size), (Some(112), 1111));
    }),
    ("quirk_list_v2_prefixed_unknown.xml", |b| {
        let out = ok::<ListObjectsV2>(b);
        assert_eq!(out.next_continuation_token.as_deref(), Some("tok&en"));
        assert_eq!(out.objects[0].key, "a<b>&c");
        assert_eq!(
            out.objects[0].storage_class,
            Some(StorageClass::Other("ULTRA_COLD".into()))
        );
        assert_eq!(
            out.objects[0].checksum_type,
            Some(ChecksumType::Other("SOMETHING_NEW".into()))
        );
        let prefixes: Vec<_> = out
            .common_prefixes
            .iter()
            .map(|p| p.prefix.as_str())
            .collect();
        assert_eq!(prefixes, ["p1/", "p2/"]);
    }),
    ("aws_list_v1.xml", |b| {
        let out = ok::<ListObjects>(b);
        assert_eq!(
            out.objects[0].owner.as_ref().unwrap().id.as_deref(),
            Some("8a6925ce4a7f21c32aa379004fef")
        );
        assert_eq!(out.next_marker_v1(), None);
    }),
    ("garage_list_v1_truncated.xml", |b| {
        let out = ok::<ListObjects>(b);
        assert_eq!(out.marker.as_deref(), Some("a a"));
        assert_eq!(out.next_marker, None);
        assert_eq!(
            out.next_marker_v1().as_deref(),
            Some("c c"),
            "falls back to the last key"
        );
    }),
    ("aws_list_v1_next_marker.xml", |b| {
        let out = ok::<ListObjects>(b);
        assert_eq!(
            out.next_marker_v1().as_deref(),
            Some("photos/2006/February/")
        );
        assert_eq!(out.common_prefixes.len(), 2);
    }),
    ("aws_delete_result.xml", |b| {
        let out = ok::<DeleteObjects>(b);
        assert_eq!(out.deleted.len(), 2);
        assert!(out.deleted[1].delete_marker);
        assert_eq!(
            out.deleted[1].delete_marker_version_id.as_deref(),
            Some("NeQt5xeFTfgPJD8B4CGWnkSLtluMr11s")
        );
        assert_eq!(out.errors[0].key, "sample2.txt");
        assert_eq!(out.errors[0].code, ErrorCode::AccessDenied);
    }),
    ("s3s_delete_result_quiet.xml", |b| {
        let out = ok::<DeleteObjects>(b);
        assert!(out.deleted.is_empty() && out.errors.is_empty());
    }),
    ("aws_initiate_mpu.xml", |b| {
        let out = ok::<CreateMultipartUpload>(b);
        assert_eq!(
            out.upload_id,
            "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA"
        );
        assert_eq!(out.key, "example-object");
    }),
    ("aws_complete_mpu.xml", |b| {
        let out = ok::<CompleteMultipartUpload>(b);
        assert_eq!(
            out.etag.as_deref(),
            Some("\"3858f62230ac3c915f300c664312c11f-9\"")
        );
        assert_eq!(out.checksums[0].algorithm, ChecksumAlgorithm::Crc32c);
        assert_eq!(out.checksums[0].value, "sOO8/Q==-9");
        assert_eq!(out.checksum_type, Some(ChecksumType::Composite));
    }),
    ("aws_complete_mpu_error_200.xml", |b| {
        let err =
            CompleteMultipartUpload::decode(StatusCode::OK, &HeaderMap::new(), b).unwrap_err();
        let s3 = err.as_service().expect("service error");
        assert_eq!(
            (s3.code.clone(), s3.status),
            (ErrorCode::InternalError, StatusCode::OK)
        );
        assert!(s3.is_retryable());
        assert_eq!(
            s3.request_id.as_deref(),
            Some("656c76696e6727732072657175657374")
        );
        assert!(CopyObject::decode(StatusCode::OK, &HeaderMap::new(), b).is_err());
        assert!(UploadPartCopy::decode(StatusCode::OK, &HeaderMap::new(), b).is_err());
        assert!(error_in_200_body(b).is_some());
    }),
    ("aws_copy_object_result.xml", |b| {
        let out = ok::<CopyObject>(b);
        assert_eq!(
            out.etag.as_deref(),
            Some("\"9b2cf535f27731c974343645a3985328\"")
        );
        assert_eq!(out.last_modified, ts("2009-10-28T22:32:00.000Z"));
        assert!(error_in_200_body(b).is_none());
    }),
    ("garage_copy_part_result.xml", |b| {
        let out = ok::<UploadPartCopy>(b);
        assert_eq!(out.checksums[0].algorithm, ChecksumAlgorithm::Crc32);
    }),
    ("aws_list_parts.xml", |b| {
        let out = ok::<ListParts>(b);
        assert_eq!(
            (
                out.part_number_marker,
                out.next_part_number_marker,
                out.max_parts
            ),
            (Some(1), Some(3), Some(2))
        );
        assert!(out.is_truncated);
        assert_eq!(out.parts.len(), 2);
        assert_eq!(
            (out.parts[0].part_number, out.parts[0].size),
            (2, 10_485_760)
        );
        assert_eq!(
            out.parts[1].checksums[0].algorithm,
            ChecksumAlgorithm::Sha256
        );
        assert_eq!(
            out.initiator.unwrap().display_name.as_deref(),
            Some("umat-user-11116a31-17b5-4fb7-9df5-b288870f11xx")
        );
    }),
    ("aws_list_uploads.xml", |b| {
        let out = ok::<ListMultipartUploads>(b);
        assert_eq!(out.next_key_marker.as_deref(), Some("my-movie.m2ts"));
        assert_eq!(
            out.next_upload_id_marker.as_deref(),
            Some("YW55IGlkZWEgd2h5IGVsdmluZydzIHVwbG9hZCBmYWlsZWQ")
        );
        assert_eq!(out.uploads.len(), 2);
        assert_eq!(out.uploads[0].key, "my-divisor");
        assert_eq!(out.uploads[1].initiated, ts("2010-11-10T20:48:33.000Z"));
        assert_eq!(out.key_marker, None);
    }),
    ("garage_list_uploads_encoded.xml", |b| {
        let out = ok::<ListMultipartUploads>(b);
        assert_eq!(out.prefix.as_deref(), Some("up/"));
        assert_eq!(out.uploads[0].key, "up/a file");
        assert_eq!(out.common_prefixes[0].prefix, "up/dir/");
    }),
    ("garage_list_uploads_prefixes.xml", |b| {
        let out = ok::<ListMultipartUploads>(b);
        assert!(out.uploads.is_empty() && !out.is_truncated);
        let prefixes: Vec<_> = out
            .common_prefixes
            .iter()
            .map(|p| p.prefix.as_str())
            .collect();
        assert_eq!(
            prefixes,
            [
                "photos/2006/February/",
                "photos/2006/January/",
                "photos/2006/March/"
            ]
        );
        assert_eq!(
            (out.delimiter.as_deref(), out.max_uploads),
            (Some("/"), Some(1000))
        );
    }),
    ("aws_error_no_such_key.xml", |b| {
        let e = decode_error(StatusCode::NOT_FOUND, &HeaderMap::new(), b, Target::Object);
        assert_eq!(e.code, ErrorCode::NoSuchKey);
        assert_eq!(e.bucket_name.as_deref(), Some("mybucket"));
        assert_eq!(e.key.as_deref(), Some("myfoto.jpg"));
        assert_eq!(e.resource.as_deref(), Some("/mybucket/myfoto.jpg"));
        assert_eq!(e.host_id.as_deref(), Some("Y0J0cmQrY2FmZQ=="));
        assert!(!e.is_retryable());
    }),
    ("garage_error.xml", |b| {
        let e = decode_error(StatusCode::NOT_FOUND, &HeaderMap::new(), b, Target::Bucket);
        assert_eq!(e.code, ErrorCode::NoSuchBucket);
        assert_eq!(e.message, "Bucket not found: nope");
        assert_eq!(e.region.as_deref(), Some("garage"));
    }),
    ("quirk_error_unknown_code.xml", |b| {
        let e = decode_error(
            StatusCode::BAD_REQUEST,
            &HeaderMap::new(),
            b,
            Target::Object,
        );
        assert_eq!(e.code, ErrorCode::Other("XAmzContentSHA256Mismatch".into()));
        assert_eq!(
            e.message,
            "The provided 'x-amz-content-sha256' header does not match"
        );
    }),
    ("aws_error_slow_down.xml", |b| {
        let e = decode_error(
            StatusCode::SERVICE_UNAVAILABLE,
            &HeaderMap::new(),
            b,
            Target::Object,
        );
        assert!(e.code.is_throttling() && e.is_retryable());
    }),
];

#[test]
fn every_fixture_decodes_to_the_expected_values() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let on_disk = std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "xml")
        })
        .count();
    assert_eq!(
        on_disk,
        CASES.len(),
        "every fixture file has a row in the table"
    );
    for (name, check) in CASES {
        let body = fixture(name);
        let outcome = std::panic::catch_unwind(|| check(&body));
        assert!(outcome.is_ok(), "fixture {name} failed its checks");
    }
}
