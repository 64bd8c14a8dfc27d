//! Canonical headers, canonical request and string to sign.

use crate::error::{Error, Result};
use crate::key::sha256_hex;
use crate::params::SigningParams;
use crate::policy::{SignedHeaders, TOKEN};

/// The SigV4 algorithm name.
pub(crate) const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Canonical header lines (`name:value\n` each) and the signed-header list.
#[derive(Debug)]
pub(crate) struct CanonicalHeaders {
    pub(crate) lines: String,
    pub(crate) signed: String,
}

/// Builds canonical headers from the request's headers plus `added` ones
/// (which replace request headers of the same name), as `policy` selects,
/// checking names and values and that `host` is present.
pub(crate) fn canonical_headers(
    headers: &[(&str, &str)],
    added: &[(&'static str, String)],
    policy: &SignedHeaders,
) -> Result<CanonicalHeaders> {
    let mut all = Vec::with_capacity(headers.len() + added.len());
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
        all.push(((*name).to_owned(), value));
    }
    // Stable sort: values of a repeated header keep their request order.
    all.sort_by(|a, b| a.0.cmp(&b.0));
    if !all.iter().any(|(n, v)| n == "host" && !v.is_empty()) {
        return Err(Error::MissingHost);
    }
    Ok(join_headers(&all))
}

fn join_headers(all: &[(String, String)]) -> CanonicalHeaders {
    let mut lines = String::new();
    let mut signed = String::new();
    let mut previous: Option<&str> = None;
    for (name, value) in all {
        if previous == Some(name.as_str()) {
            // A repeated header: its values join with commas on one line.
            lines.pop();
            lines.push(',');
        } else {
            if previous.is_some() {
                signed.push(';');
            }
            signed.push_str(name);
            lines.push_str(name);
            lines.push(':');
        }
        lines.push_str(value);
        lines.push('\n');
        previous = Some(name);
    }
    CanonicalHeaders { lines, signed }
}

fn lower_name(name: &str) -> Result<String> {
    let tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(tchar) {
        return Err(Error::InvalidHeaderName {
            name: name.to_owned(),
        });
    }
    Ok(name.to_ascii_lowercase())
}

/// Rejects control and non-ASCII bytes, then trims and folds spaces.
fn checked_value(name: &str, value: &str) -> Result<String> {
    let visible = |b: u8| (b' '..=b'~').contains(&b) || b == b'\t';
    if !value.bytes().all(visible) {
        return Err(Error::InvalidHeaderValue {
            name: name.to_owned(),
        });
    }
    Ok(crate::encode::fold_header_value(value))
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
    headers: &CanonicalHeaders,
    payload_hash: &str,
) -> String {
    format!(
        "{method}\n{path}\n{query}\n{}\n{}\n{payload_hash}",
        headers.lines, headers.signed
    )
}

/// `AWS4-HMAC-SHA256\nDATE\nSCOPE\nHEX(SHA256(canonical request))`.
pub(crate) fn string_to_sign(canonical_request: &str, params: &SigningParams) -> String {
    format!(
        "{ALGORITHM}\n{}\n{}\n{}",
        params.time().amz_date(),
        params.scope(),
        sha256_hex(canonical_request.as_bytes())
    )
}
