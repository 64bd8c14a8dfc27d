//! Canonical headers, canonical request and string to sign.

use std::borrow::Cow;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::key::write_hex_lower;
use crate::params::SigningParams;
use crate::policy::{SignedHeaders, TOKEN};
use crate::time::AMZ_DATE_LEN;

/// The SigV4 algorithm name.
pub(crate) const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The signed headers, sorted, lower-case and folded, and the signed-header
/// list; the canonical request writes their lines (`name:value\n` each).
#[derive(Debug)]
pub(crate) struct CanonicalHeaders<'a> {
    sorted: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    pub(crate) signed: String,
}

impl CanonicalHeaders<'_> {
    /// The length of the lines [`write_lines`](Self::write_lines) writes, at most.
    fn lines_len(&self) -> usize {
        self.sorted.iter().map(|(n, v)| n.len() + v.len() + 2).sum()
    }

    /// Appends the canonical header lines; a repeated header's values join
    /// with commas on one line.
    fn write_lines(&self, out: &mut String) {
        let mut previous: Option<&str> = None;
        for (name, value) in &self.sorted {
            if previous == Some(name.as_ref()) {
                out.pop();
                out.push(',');
            } else {
                out.push_str(name);
                out.push(':');
            }
            out.push_str(value);
            out.push('\n');
            previous = Some(name.as_ref());
        }
    }
}

/// Builds canonical headers from the request's headers plus `added` ones
/// (which replace request headers of the same name), as `policy` selects,
/// checking names and values and that `host` is present.
pub(crate) fn canonical_headers<'a>(
    headers: &[(&'a str, &'a str)],
    added: &'a [(&'static str, String)],
    policy: &SignedHeaders,
) -> Result<CanonicalHeaders<'a>> {
    let mut all: Vec<(Cow<'a, str>, Cow<'a, str>)> =
        Vec::with_capacity(headers.len() + added.len());
    for (name, value) in headers {
        let name = lower_name(name)?;
        let replaced = added.iter().any(|(n, _)| *n == name);
        if replaced || !policy.signs(&name) {
            continue;
        }
        let value = checked_value(&name, value)?;
        all.push((name, value));
    }
    for (name, value) in added {
        if *name == TOKEN && !policy.signs_token() {
            continue;
        }
        let value = checked_value(name, value)?;
        all.push((Cow::Borrowed(*name), value));
    }
    // Stable sort: values of a repeated header keep their request order.
    all.sort_by(|a, b| a.0.cmp(&b.0));
    if !all.iter().any(|(n, v)| n == "host" && !v.is_empty()) {
        return Err(Error::MissingHost);
    }
    let mut signed = String::with_capacity(all.iter().map(|(n, _)| n.len() + 1).sum());
    let mut previous: Option<&str> = None;
    for (name, _) in &all {
        if previous != Some(name.as_ref()) {
            if previous.is_some() {
                signed.push(';');
            }
            signed.push_str(name);
        }
        previous = Some(name.as_ref());
    }
    Ok(CanonicalHeaders {
        sorted: all,
        signed,
    })
}

/// The name in lower case, borrowed when it already is (as `http`'s are).
fn lower_name(name: &str) -> Result<Cow<'_, str>> {
    let tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(tchar) {
        return Err(Error::InvalidHeaderName {
            name: name.to_owned(),
        });
    }
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Ok(Cow::Owned(name.to_ascii_lowercase()))
    } else {
        Ok(Cow::Borrowed(name))
    }
}

/// Rejects control and non-ASCII bytes, then trims and folds spaces.
fn checked_value<'a>(name: &str, value: &'a str) -> Result<Cow<'a, str>> {
    let visible = |b: u8| (b' '..=b'~').contains(&b) || b == b'\t';
    if !value.bytes().all(visible) {
        return Err(Error::InvalidHeaderValue {
            name: name.to_owned(),
        });
    }
    Ok(crate::encode::folded_header_value(value))
}

/// Validates an HTTP method: an RFC 9110 token without lower-case letters
/// (every S3 method is upper case, and methods are case-sensitive).
pub(crate) fn check_method(method: &str) -> Result<()> {
    let tchar =
        |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit() || b"!#$%&'*+-.^_`|~".contains(&b);
    if method.is_empty() || !method.bytes().all(tchar) {
        return Err(Error::InvalidMethod {
            method: method.to_owned(),
        });
    }
    Ok(())
}

/// `METHOD\nPATH\nQUERY\nHEADERS\nSIGNED\nPAYLOAD`.
pub(crate) fn canonical_request(
    method: &str,
    path: &str,
    query: &str,
    headers: &CanonicalHeaders<'_>,
    payload_hash: &str,
) -> String {
    let len = method.len()
        + path.len()
        + query.len()
        + headers.lines_len()
        + headers.signed.len()
        + payload_hash.len()
        + 5;
    let mut out = String::with_capacity(len);
    for part in [method, path, query] {
        out.push_str(part);
        out.push('\n');
    }
    headers.write_lines(&mut out);
    out.push('\n');
    out.push_str(&headers.signed);
    out.push('\n');
    out.push_str(payload_hash);
    out
}

/// `AWS4-HMAC-SHA256\nDATE\nSCOPE\nHEX(SHA256(canonical request))`.
pub(crate) fn string_to_sign(canonical_request: &str, params: &SigningParams) -> String {
    let mut out = String::with_capacity(ALGORITHM.len() + AMZ_DATE_LEN + params.scope_len() + 67);
    out.push_str(ALGORITHM);
    out.push('\n');
    params.time().write_amz_date(&mut out);
    out.push('\n');
    params.write_scope(&mut out);
    out.push('\n');
    write_hex_lower(&Sha256::digest(canonical_request.as_bytes()), &mut out);
    out
}
