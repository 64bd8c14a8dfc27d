//! URI encoding exactly as S3 canonicalises it.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, percent_encode};

use crate::error::{Error, Result};

/// Everything but the RFC 3986 unreserved characters `A-Za-z0-9-._~`.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// As [`COMPONENT`], but keeps `/` so object keys stay hierarchical.
const PATH: &AsciiSet = &COMPONENT.remove(b'/');

/// Percent-encodes every byte except `A-Za-z0-9-._~`, with upper-case hex.
///
/// This is the encoding of query names and values and of single path
/// segments (a bucket name, or a key used as one segment).
///
/// ```
/// assert_eq!(newtera_sign::encode_uri_component("a b+c/ü"), "a%20b%2Bc%2F%C3%BC");
/// ```
pub fn encode_uri_component(s: &str) -> String {
    percent_encode(s.as_bytes(), COMPONENT).to_string()
}

/// Percent-encodes an object key for use in a path: as
/// [`encode_uri_component`] but `/` is kept.
///
/// S3 neither normalises (`./`, `//` survive) nor double-encodes paths, so
/// the result is exactly the canonical URI of the key. No leading `/` is added.
///
/// ```
/// assert_eq!(newtera_sign::encode_path("dir//./a b~%.txt"), "dir//./a%20b~%25.txt");
/// ```
pub fn encode_path(key: &str) -> String {
    percent_encode(key.as_bytes(), PATH).to_string()
}

/// The path-style URI path of an object: `/` + bucket + `/` + encoded key.
///
/// The bucket is checked with [`NameRules::Relaxed`](crate::NameRules)
/// (path style works with legacy names) and the key with
/// [`validate_object_key`](crate::validate_object_key), as the newtera
/// client checks them before a request.
///
/// Errors: [`Error::InvalidBucketName`], [`Error::InvalidObjectKey`].
///
/// ```
/// assert_eq!(newtera_sign::object_path("bkt", "x/y z")?, "/bkt/x/y%20z");
/// assert!(newtera_sign::object_path("", "k").is_err());
/// assert!(newtera_sign::object_path("bkt", "").is_err());
/// # Ok::<(), newtera_sign::Error>(())
/// ```
pub fn object_path(bucket: &str, key: &str) -> Result<String> {
    crate::names::validate_bucket_name(bucket, crate::names::NameRules::Relaxed)?;
    crate::names::validate_object_key(key)?;
    Ok(format!(
        "/{}/{}",
        encode_uri_component(bucket),
        encode_path(key)
    ))
}

/// Checks that `path` is already encoded the way [`encode_path`] encodes,
/// so that the bytes on the wire are the canonical URI; returns `/` for "".
pub(crate) fn canonical_path(path: &str) -> Result<&str> {
    if path.is_empty() {
        return Ok("/");
    }
    let bytes = path.as_bytes();
    let invalid = || Error::InvalidPath {
        path: path.to_owned(),
    };
    if bytes.first() != Some(&b'/') {
        return Err(invalid());
    }
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).ok_or_else(invalid)?;
                if !hex
                    .iter()
                    .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b))
                {
                    return Err(invalid());
                }
                i += 3;
            }
            b if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) => i += 1,
            _ => return Err(invalid()),
        }
    }
    Ok(path)
}

/// The canonical query string of unencoded name/value pairs: each encoded
/// with [`encode_uri_component`], sorted by name then value, joined by `&`.
pub fn canonical_query_from_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    join_sorted(encoded_pairs(pairs))
}

/// Encodes unencoded pairs for a canonical query, unsorted.
pub(crate) fn encoded_pairs<K: AsRef<str>, V: AsRef<str>>(
    pairs: &[(K, V)],
) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| {
            (
                encode_uri_component(k.as_ref()),
                encode_uri_component(v.as_ref()),
            )
        })
        .collect()
}

/// The canonical query string of a raw query (`a=1&b=%20`): each name and
/// value is percent-decoded, then re-encoded strictly, so both encoded and
/// unencoded input give the same result. A name without `=` gets an empty
/// value (`?lifecycle` signs as `lifecycle=`).
pub fn canonical_query_from_raw(raw: &str) -> String {
    join_sorted(encoded_pairs_from_raw(raw))
}

/// Splits and re-encodes a raw query for a canonical query, unsorted.
pub(crate) fn encoded_pairs_from_raw(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            (reencode(k), reencode(v))
        })
        .collect()
}

/// Splits a raw query into percent-decoded (lossy UTF-8) pairs.
pub(crate) fn decoded_pairs_from_raw(raw: &str) -> Vec<(String, String)> {
    let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
    raw.split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Encoded pairs like [`encoded_pairs`] and [`encoded_pairs_from_raw`],
/// borrowing every part that encoding leaves unchanged.
pub(crate) fn canonical_pairs<'a>(
    query: &crate::request::Query<'a>,
) -> Vec<(Cow<'a, str>, Cow<'a, str>)> {
    use crate::request::Query;
    let component = |s: &'a str| Cow::from(percent_encode(s.as_bytes(), COMPONENT));
    match *query {
        Query::None => Vec::new(),
        Query::Pairs(pairs) => pairs
            .iter()
            .map(|&(k, v)| (component(k), component(v)))
            .collect(),
        Query::Raw(raw) => raw
            .split('&')
            .filter(|part| !part.is_empty())
            .map(|part| {
                let (k, v) = part.split_once('=').unwrap_or((part, ""));
                (reencoded(k), reencoded(v))
            })
            .collect(),
    }
}

/// [`reencode`], borrowed when `s` has no escapes and needs none.
fn reencoded(s: &str) -> Cow<'_, str> {
    if s.contains('%') {
        Cow::Owned(reencode(s))
    } else {
        Cow::from(percent_encode(s.as_bytes(), COMPONENT))
    }
}

fn reencode(s: &str) -> String {
    let decoded: Cow<'_, [u8]> = percent_decode_str(s).into();
    percent_encode(&decoded, COMPONENT).to_string()
}

pub(crate) fn join_sorted<S: AsRef<str> + Ord>(mut pairs: Vec<(S, S)>) -> String {
    pairs.sort_unstable();
    let len = pairs
        .iter()
        .map(|(k, v)| k.as_ref().len() + v.as_ref().len() + 2);
    let mut out = String::with_capacity(len.sum());
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k.as_ref());
        out.push('=');
        out.push_str(v.as_ref());
    }
    out
}

/// A header value as SigV4 signs it: leading and trailing spaces and tabs
/// removed, and every inner run of them folded into one space.
///
/// ```
/// assert_eq!(newtera_sign::fold_header_value("  a   b \t c  "), "a b c");
/// ```
pub fn fold_header_value(value: &str) -> String {
    folded_header_value(value).into_owned()
}

/// [`fold_header_value`], borrowed when the value has nothing to fold.
pub(crate) fn folded_header_value(value: &str) -> Cow<'_, str> {
    let tidy = !value.contains('\t')
        && !value.starts_with(' ')
        && !value.ends_with(' ')
        && !value.contains("  ");
    if tidy {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    for word in value.split([' ', '\t']).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_validation() {
        assert_eq!(canonical_path(""), Ok("/"));
        assert_eq!(canonical_path("/a%20b/~"), Ok("/a%20b/~"));
        for bad in ["a", "/a b", "/%2", "/%2f", "/a+b", "/ü"] {
            assert!(canonical_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn raw_query_is_normalised() {
        assert_eq!(canonical_query_from_raw("lifecycle"), "lifecycle=");
        assert_eq!(canonical_query_from_raw("b=2&a=%7e&&a=1"), "a=1&a=~&b=2");
        assert_eq!(canonical_query_from_raw("k=a+b"), "k=a%2Bb");
    }

    #[test]
    fn borrowed_header_values_equal_the_folded_ones() {
        let reference = |v: &str| {
            let words: Vec<&str> = v.split([' ', '\t']).filter(|w| !w.is_empty()).collect();
            words.join(" ")
        };
        for value in [
            "", "a", "a b", " a", "a ", "a  b", "a\tb", "\t", "  ", "a \t b c", "x=y; z",
        ] {
            let folded = folded_header_value(value);
            assert_eq!(folded, reference(value), "{value:?}");
            let tidy = folded == value;
            assert_eq!(matches!(folded, Cow::Borrowed(_)), tidy, "{value:?}");
        }
    }

    #[test]
    fn borrowed_query_pairs_equal_the_encoded_ones() {
        use crate::request::Query;
        let owned = |pairs: Vec<(String, String)>| join_sorted(pairs);
        for raw in [
            "",
            "uploads",
            "list-type=2&prefix=list%2F&delimiter=",
            "b=2&a=%7e&&a=1",
            "k=a+b",
            "x=%2f%2F&y=a b",
            "\u{e9}=\u{fc}",
        ] {
            let borrowed = join_sorted(canonical_pairs(&Query::Raw(raw)));
            assert_eq!(borrowed, owned(encoded_pairs_from_raw(raw)), "{raw:?}");
        }
        let pairs = [
            ("prefix", "a/b c"),
            ("max-keys", "1000"),
            ("\u{e9}", ""),
            ("tag", "~-._"),
        ];
        let borrowed = join_sorted(canonical_pairs(&Query::Pairs(&pairs)));
        assert_eq!(borrowed, owned(encoded_pairs(&pairs)));
        let plain = canonical_pairs(&Query::Raw("list-type=2&max-keys=1000"));
        assert!(
            plain
                .iter()
                .all(|(k, v)| matches!((k, v), (Cow::Borrowed(_), Cow::Borrowed(_))))
        );
    }
}
