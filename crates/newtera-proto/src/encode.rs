//! Percent-encoding as S3 (and SigV4) expects it.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use crate::error::Error;

/// Everything but the unreserved characters `A-Za-z0-9-._~`.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// As [`QUERY`] but keeping `/`, for object keys in paths.
const PATH: &AsciiSet = &QUERY.remove(b'/');

/// Encodes an object key (or any path) for the URI path: every byte except
/// unreserved characters and `/` is escaped, and nothing is normalised, so
/// `a//b`, `./` and `../` reach the server as written.
pub fn encode_path(path: &str) -> Cow<'_, str> {
    utf8_percent_encode(path, PATH).into()
}

/// Encodes a query-string key or value (also escapes `/`, `+`, `=`, `&`).
pub fn encode_query(value: &str) -> Cow<'_, str> {
    utf8_percent_encode(value, QUERY).into()
}

/// The pieces of [`encode_path`]'s output, without building a string.
pub(crate) fn path_pieces(path: &str) -> impl Iterator<Item = &str> {
    utf8_percent_encode(path, PATH)
}

/// The pieces of [`encode_query`]'s output, without building a string.
pub(crate) fn query_pieces(value: &str) -> impl Iterator<Item = &str> {
    utf8_percent_encode(value, QUERY)
}

/// Decodes a value from a listing that used `encoding-type=url`: `+` is a
/// space (S3 form-encodes) and `%XX` a byte; the result must be UTF-8.
pub fn decode_url(value: &str) -> Result<String, Error> {
    let spaced: Cow<'_, str> = if value.contains('+') {
        value.replace('+', " ").into()
    } else {
        value.into()
    };
    percent_decode_str(&spaced)
        .decode_utf8()
        .map(Cow::into_owned)
        .map_err(|_| Error::invalid("encoding-type=url", "decoded value is not UTF-8"))
}

/// Whether `value` cannot be the output of `encoding-type=url`: it holds
/// whitespace, a control or non-ASCII character, or a `%` that starts no
/// `%XX` escape. Encoders escape all of those, so a server that claims
/// `EncodingType=url` and sends such a value did not encode (s3s-fs 0.14).
pub fn is_raw_text(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'%' => !matches!(
            bytes.get(i + 1..i + 3),
            Some([h, l]) if h.is_ascii_hexdigit() && l.is_ascii_hexdigit()
        ),
        _ => b.is_ascii_whitespace() || b.is_ascii_control() || !b.is_ascii(),
    })
}

/// Decodes only when `url_encoded` says the server encoded the value.
pub(crate) fn maybe_decode(value: &str, url_encoded: bool) -> Result<String, Error> {
    if url_encoded {
        decode_url(value)
    } else {
        Ok(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_keeps_slashes_and_dots() {
        assert_eq!(encode_path("a b/../c//d~e+f"), "a%20b/../c//d~e%2Bf");
        assert_eq!(encode_path("é"), "%C3%A9");
    }

    #[test]
    fn query_escapes_reserved() {
        assert_eq!(encode_query("a/b=c&d e"), "a%2Fb%3Dc%26d%20e");
    }

    #[test]
    fn url_decoding() {
        assert_eq!(decode_url("a+b%2Bc%20%E2%82%AC").unwrap(), "a b+c €");
        assert!(decode_url("%FF").is_err());
    }

    #[test]
    fn raw_text_is_what_no_encoder_writes() {
        for raw in ["p x/1", "p%x/1", "dir ü+%/a", "tab\t", "50%", "%2", "é"] {
            assert!(is_raw_text(raw), "{raw:?}");
        }
        for encoded in ["p+x/1", "p%2Bx/1", "dir+%C3%BC%2B%25/a", "a/b", ""] {
            assert!(!is_raw_text(encoded), "{encoded:?}");
        }
    }
}
