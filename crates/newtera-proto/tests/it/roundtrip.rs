//! Request bodies encode and decode back to the same values.

use newtera_proto::Operation;
use newtera_proto::op::bucket::{CreateBucket, decode_create_bucket_configuration};
use newtera_proto::op::delete::{DeleteObjects, ObjectIdentifier, decode_delete_request};
use newtera_proto::op::multipart::{CompleteMultipartUpload, decode_complete_request};
use newtera_proto::types::{Checksum, ChecksumAlgorithm, CompletedPart};
use proptest::prelude::*;

#[test]
fn create_bucket_configuration_round_trips() {
    let create = CreateBucket {
        bucket: "b-1".into(),
        location: Some("eu-central-1".into()),
        object_lock: false,
    };
    let parts = create.encode().unwrap();
    assert_eq!(
        decode_create_bucket_configuration(&parts.body)
            .unwrap()
            .as_deref(),
        Some("eu-central-1")
    );
    let us = CreateBucket {
        location: Some("us-east-1".into()),
        ..create
    };
    let parts = us.encode().unwrap();
    assert!(parts.body.is_empty(), "us-east-1 takes no body");
    assert_eq!(
        decode_create_bucket_configuration(&parts.body).unwrap(),
        None
    );
}

#[test]
fn complete_multipart_upload_round_trips_with_checksums() {
    let mut part = CompletedPart::new(1, "\"etag-1\"");
    part.checksums.push(Checksum {
        algorithm: ChecksumAlgorithm::Crc32c,
        value: "sOO8/Q==".into(),
    });
    let parts = vec![part, CompletedPart::new(2, "\"etag&2\"")];
    let complete = CompleteMultipartUpload {
        bucket: "bkt".into(),
        key: "k".into(),
        upload_id: "u".into(),
        parts: parts.clone(),

        ..CompleteMultipartUpload::default()
    };
    let request = complete.encode().unwrap();
    assert_eq!(decode_complete_request(&request.body).unwrap(), parts);
}

fn key_strategy() -> impl Strategy<Value = String> {
    // Any printable text plus the characters XML makes awkward.
    proptest::collection::vec(
        prop_oneof![
            any::<char>().prop_filter("XML-legal", |c| xml_legal(*c)),
            Just('\r'),
            Just('&'),
            Just('<')
        ],
        1..40,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

fn xml_legal(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn delete_body_round_trips(keys in proptest::collection::vec(key_strategy(), 1..20), quiet: bool) {
        let objects: Vec<_> = keys.into_iter().map(ObjectIdentifier::new).collect();
        let delete = DeleteObjects { bucket: "bucket".into(), objects: objects.clone(), quiet, bypass_governance: false };
        let parts = delete.encode().unwrap();
        let (decoded, decoded_quiet) = decode_delete_request(&parts.body).unwrap();
        prop_assert_eq!(decoded, objects);
        prop_assert_eq!(decoded_quiet, quiet);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn key_encoding_is_reversible_and_only_unreserved(key in "\\PC{1,64}") {
        let encoded = newtera_proto::encode::encode_path(&key);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~/%".contains(&b)), "{}", encoded);
        let decoded = percent_encoding::percent_decode_str(&encoded).decode_utf8().unwrap();
        prop_assert_eq!(decoded.as_ref(), key.as_str());
    }

    #[test]
    fn url_decoding_inverts_form_encoding(key in "\\PC{1,64}") {
        // What S3 does for encoding-type=url: spaces as '+', the rest %XX.
        let encoded = newtera_proto::encode::encode_query(&key).replace("%20", "+");
        prop_assert_eq!(newtera_proto::encode::decode_url(&encoded).unwrap(), key);
    }

    #[test]
    fn timestamps_round_trip(secs in -62_135_596_800i64..253_402_300_799, millis in 0u16..1000) {
        let t = newtera_proto::types::Timestamp::from_unix(secs, millis);
        prop_assert_eq!(newtera_proto::types::Timestamp::parse(&t.to_string()).unwrap(), t);
        let http = newtera_proto::types::Timestamp::parse(&t.to_http_date()).unwrap();
        prop_assert_eq!(http.unix_seconds(), secs);
    }
}
