//! Decoders never panic: random bytes, mutated fixtures, deep nesting, huge text.

use http::{HeaderMap, StatusCode};
use newtera_proto::fuzz_decode_all;
use newtera_proto::op::list::ListObjectsV2;
use newtera_proto::{Error, Operation};
use proptest::prelude::*;

use crate::all_fixtures;

#[test]
fn deep_nesting_is_rejected_not_overflowed() {
    let depth = 10_000;
    let body = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    fuzz_decode_all(body.as_bytes());
    let err =
        ListObjectsV2::decode(StatusCode::OK, &HeaderMap::new(), body.as_bytes()).unwrap_err();
    assert!(matches!(err, Error::Xml(_)), "{err:?}");
    let unclosed = "<ListBucketResult>".repeat(depth);
    fuzz_decode_all(unclosed.as_bytes());
}

#[test]
fn huge_text_decodes() {
    let key = "k".repeat(4 << 20);
    let body = format!(
        "<ListBucketResult><Contents><Key>{key}</Key><Size>1</Size></Contents></ListBucketResult>"
    );
    let out = ListObjectsV2::decode(StatusCode::OK, &HeaderMap::new(), body.as_bytes()).unwrap();
    assert_eq!(out.objects[0].key.len(), 4 << 20);
    fuzz_decode_all(body.as_bytes());
}

#[test]
fn every_fixture_survives_every_decoder() {
    for body in all_fixtures() {
        fuzz_decode_all(&body);
    }
}

/// A fixture with one of several mutations applied.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    let fixtures = all_fixtures();
    let n = fixtures.len();
    (0..n, any::<u8>(), any::<prop::sample::Index>(), 0..6u8).prop_map(
        move |(i, byte, at, kind)| {
            let mut body = fixtures[i].clone();
            let pos = at.index(body.len().max(1)).min(body.len());
            match kind {
                0 => body.truncate(pos),
                1 if !body.is_empty() => {
                    let last = body.len() - 1;
                    body[pos.min(last)] ^= byte | 1;
                }
                2 => body.insert(pos, byte),
                _ => {
                    body.drain(pos..(pos + 16).min(body.len()));
                }
            }
            body
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..512)) {
        fuzz_decode_all(&body);
    }

    #[test]
    fn mutated_fixtures_never_panic(body in mutated()) {
        fuzz_decode_all(&body);
    }

    #[test]
    fn xmlish_text_never_panics(body in "(<[A-Za-z:]{0,6}/?>|</[A-Za-z]{0,6}>|&[a-z#0-9]{0,5};|[^<&]{0,8}){0,40}") {
        fuzz_decode_all(body.as_bytes());
    }
}
