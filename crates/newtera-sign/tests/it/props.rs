//! Property tests (bounded case counts): encoding, query order, folding.

use newtera_sign::{
    canonical_query_from_pairs, canonical_query_from_raw, encode_path, encode_uri_component,
    fold_header_value,
};
use percent_encoding::percent_decode_str;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(256)
}

fn decode(s: &str) -> String {
    percent_decode_str(s)
        .decode_utf8()
        .expect("utf-8")
        .into_owned()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn component_encoding_round_trips_and_is_strict(s in "\\PC*") {
        let enc = encode_uri_component(&s);
        prop_assert_eq!(decode(&enc), s);
        prop_assert!(enc.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        prop_assert!(!enc.contains("%2f") && !enc.contains("%e"), "upper-case hex");
    }

    #[test]
    fn path_encoding_keeps_slashes_and_round_trips(s in "[a-z/ .+%~\u{e9}\u{1f600}]{0,24}") {
        let enc = encode_path(&s);
        prop_assert_eq!(decode(&enc), s.clone());
        prop_assert_eq!(enc.matches('/').count(), s.matches('/').count());
        prop_assert!(enc.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%/".contains(&b)));
    }

    #[test]
    fn canonical_query_is_sorted_and_order_independent(
        mut pairs in proptest::collection::vec(("[a-zA-Z0-9 _~=&+-]{0,6}", "[a-zA-Z0-9 _~=&+-]{0,6}"), 0..8)
    ) {
        let canonical = canonical_query_from_pairs(&pairs);
        let parts: Vec<&str> = if canonical.is_empty() { vec![] } else { canonical.split('&').collect() };
        prop_assert_eq!(parts.len(), pairs.len());
        let keys: Vec<(String, String)> = parts
            .iter()
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (k.to_owned(), v.to_owned())
            })
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        prop_assert_eq!(&keys, &sorted);
        pairs.reverse();
        prop_assert_eq!(canonical_query_from_pairs(&pairs), canonical.clone());
        // Re-parsing the canonical form as a raw query is a fixed point.
        prop_assert_eq!(canonical_query_from_raw(&canonical), canonical);
    }

    #[test]
    fn header_folding_trims_and_collapses(words in proptest::collection::vec("[!-~]{1,5}", 0..6), pad in "[ \t]{0,3}") {
        let spaced = format!("{pad}{}{pad}", words.join(&format!(" {pad}")));
        let folded = fold_header_value(&spaced);
        prop_assert_eq!(&folded, &words.join(" "));
        prop_assert!(!folded.contains("  ") && !folded.contains('\t'));
        prop_assert_eq!(fold_header_value(&folded), folded.clone());
    }
}

proptest! {
    #![proptest_config(config())]

    /// Parsers of untrusted text return errors, never panic, and a parsed
    /// `x-amz-date` formats back to itself.
    #[test]
    fn parsers_never_panic(text in "\\PC{0,40}", digits in "[0-9T Z]{14,18}") {
        for candidate in [text.as_str(), digits.as_str()] {
            if let Ok(t) = newtera_sign::SigningTime::parse_amz_date(candidate) {
                prop_assert_eq!(t.amz_date(), candidate);
            }
            let _ = candidate.parse::<newtera_sign::checksum::ChecksumAlgorithm>();
            let _ = newtera_sign::checksum::Checksum::from_base64(
                newtera_sign::checksum::ChecksumAlgorithm::Sha256,
                candidate,
            );
            let _ = newtera_sign::validate_bucket_name(candidate, newtera_sign::NameRules::Strict);
            let _ = newtera_sign::object_path(candidate, candidate);
        }
    }
}
