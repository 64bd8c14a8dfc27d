//! Published checksum values, one-shot and incremental, and the multipart forms.

use newtera_sign::checksum::{
    Checksum, ChecksumAlgorithm, composite, full_object, sha256, sha256_base64,
};
use newtera_sign::{Error, sha256_hex};
use serde_json::Value;

use crate::support::{CHECKSUMS, load, s};

/// The input bytes of a vector: `text` (optionally repeated) or `hex_input`.
fn input(v: &Value) -> Vec<u8> {
    if let Some(hex) = v.get("hex_input") {
        return hex::decode(hex.as_str().expect("hex")).expect("hex input");
    }
    let text = s(v, "text").as_bytes();
    let times = v.get("repeat").and_then(Value::as_u64).unwrap_or(1);
    text.repeat(usize::try_from(times).expect("fits"))
}

/// The expected checksum: `base64`, or big-endian `hex`.
fn expected(algorithm: ChecksumAlgorithm, v: &Value) -> Checksum {
    let b64 = match v.get("base64") {
        Some(b64) => b64.as_str().expect("base64").to_owned(),
        None => {
            use base64::Engine as _;
            let bytes = hex::decode(s(v, "hex")).expect("hex");
            base64::engine::general_purpose::STANDARD.encode(bytes)
        }
    };
    Checksum::from_base64(algorithm, &b64).expect("a valid published value")
}

#[test]
fn every_published_value_matches_one_shot_and_incremental() {
    let doc = load(CHECKSUMS);
    let vectors = doc["one_shot"].as_array().expect("vectors");
    assert_eq!(vectors.len(), 29);
    for v in vectors {
        let algorithm: ChecksumAlgorithm = s(v, "algorithm").parse().expect("known algorithm");
        let data = input(v);
        let want = expected(algorithm, v);
        let label = format!("{} of {:?} ({})", algorithm, s(v, "source"), data.len());
        assert_eq!(algorithm.checksum(&data), want, "{label}");
        // Fed in uneven pieces, the result is the same.
        let mut hasher = algorithm.hasher();
        for piece in data.chunks(7) {
            hasher.update(piece);
        }
        assert_eq!(hasher.finalize(), want, "{label} incremental");
    }
}

#[test]
fn published_full_object_crc64nvme_combination() {
    let doc = load(CHECKSUMS);
    for v in doc["full_object"].as_array().expect("vectors") {
        let algorithm: ChecksumAlgorithm = s(v, "algorithm").parse().expect("algorithm");
        let parts: Vec<(Checksum, u64)> = v["parts"]
            .as_array()
            .expect("parts")
            .iter()
            .map(|p| {
                let data = input(p);
                let crc = algorithm.checksum(&data);
                assert_eq!(crc, expected(algorithm, p), "part");
                (crc, data.len() as u64)
            })
            .collect();
        assert_eq!(full_object(&parts), Ok(expected(algorithm, v)));
    }
}

#[test]
fn full_object_equals_the_crc_of_the_whole_for_every_crc() {
    let data: Vec<u8> = (0..10_000u32).map(|i| (i * 31 % 251) as u8).collect();
    for algorithm in ChecksumAlgorithm::ALL.iter().copied() {
        let parts: Vec<(Checksum, u64)> = [0..1, 1..4096, 4096..4096, 4096..10_000]
            .into_iter()
            .map(|r| (algorithm.checksum(&data[r.clone()]), r.len() as u64))
            .collect();
        let whole = algorithm.checksum(&data);
        match algorithm {
            ChecksumAlgorithm::Sha1 | ChecksumAlgorithm::Sha256 => assert!(matches!(
                full_object(&parts),
                Err(Error::InvalidChecksum { .. })
            )),
            _ => assert_eq!(full_object(&parts), Ok(whole), "{algorithm}"),
        }
    }
}

#[test]
fn composite_is_the_checksum_of_the_part_checksums_with_the_count() {
    for algorithm in ChecksumAlgorithm::ALL.iter().copied() {
        let parts = [
            algorithm.checksum(b"part one"),
            algorithm.checksum(b"part two"),
        ];
        let joined = [parts[0].as_bytes(), parts[1].as_bytes()].concat();
        let want = format!("{}-2", algorithm.checksum(&joined));
        assert_eq!(composite(&parts), Ok(want), "{algorithm}");
    }
}

#[test]
fn multipart_forms_refuse_bad_part_lists() {
    let crc = ChecksumAlgorithm::Crc32c.checksum(b"x");
    let sha = ChecksumAlgorithm::Sha256.checksum(b"x");
    let invalid = |r: Result<String, Error>| matches!(r, Err(Error::InvalidChecksum { .. }));
    assert!(invalid(composite(&[])));
    assert!(invalid(composite(&[crc.clone(), sha])));
    assert!(invalid(composite(&vec![crc.clone(); 10_001])));
    assert!(matches!(
        full_object(&[]),
        Err(Error::InvalidChecksum { .. })
    ));
}

#[test]
fn names_headers_and_parsing() {
    let crc = ChecksumAlgorithm::Crc64Nvme;
    assert_eq!(crc.name(), "CRC64NVME");
    assert_eq!(crc.header_name(), "x-amz-checksum-crc64nvme");
    assert_eq!("crc32c".parse(), Ok(ChecksumAlgorithm::Crc32c));
    assert_eq!("X-Amz-Checksum-Sha1".parse(), Ok(ChecksumAlgorithm::Sha1));
    assert!(matches!(
        "md5".parse::<ChecksumAlgorithm>(),
        Err(Error::UnknownChecksumAlgorithm { .. })
    ));
    let value = crc.checksum(b"Hello world");
    assert_eq!(
        value.header(),
        ("x-amz-checksum-crc64nvme", "OOJZ0D8xKts=".to_owned())
    );
    assert_eq!(value.to_string(), "OOJZ0D8xKts=");
    for bad in ["not base64!", "AAAA", "AAAAAA==-2"] {
        assert!(
            matches!(
                Checksum::from_base64(crc, bad),
                Err(Error::InvalidChecksum { .. })
            ),
            "{bad}"
        );
    }
}

#[test]
fn sha256_in_three_forms_agree() {
    // The Welcome-to-Amazon-S3 body of the S3 PUT example.
    let body = b"Welcome to Amazon S3.";
    let hex = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
    assert_eq!(sha256_hex(body), hex);
    assert_eq!(hex::encode(sha256(body)), hex);
    assert_eq!(
        sha256_base64(body),
        ChecksumAlgorithm::Sha256.checksum(body).to_base64()
    );
}
