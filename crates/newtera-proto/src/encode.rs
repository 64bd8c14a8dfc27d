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
}
