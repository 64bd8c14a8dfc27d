//! Helpers shared by the operation decoders.

use http::{HeaderMap, StatusCode};

use crate::error::Error;
use crate::error_code::Target;
use crate::error_doc::{decode_error, error_in_200_body};
use crate::types::{Checksum, ChecksumAlgorithm, Owner, StorageClass, Timestamp};
use crate::xml::Node;

/// Turns a non-2xx response into [`Error::Service`].
pub(crate) fn check_status(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    target: Target,
) -> Result<(), Error> {
    if status.is_success() {
        Ok(())
    } else {
        Err(decode_error(status, headers, body, target).into())
    }
}

/// As [`check_status`], and also rejects an `<Error>` document in a 200 body.
pub(crate) fn check_status_and_body(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    target: Target,
) -> Result<(), Error> {
    check_status(status, headers, body, target)?;
    match error_in_200_body(body) {
        Some(err) => Err(err.into()),
        None => Ok(()),
    }
}

/// A header as text; values that are not visible ASCII count as absent.
pub(crate) fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// A header as an owned string.
pub(crate) fn header_owned(headers: &HeaderMap, name: &str) -> Option<String> {
    header(headers, name).map(str::to_owned)
}

/// Parses a decimal number field.
pub(crate) fn parse_u64(field: &'static str, text: &str) -> Result<u64, Error> {
    text.trim()
        .parse()
        .map_err(|_| Error::invalid(field, "not a non-negative integer"))
}

/// Parses an optional number field.
pub(crate) fn opt_u64(node: &Node<'_>, field: &'static str) -> Result<Option<u64>, Error> {
    node.text_of(field)
        .filter(|t| !t.trim().is_empty())
        .map(|t| parse_u64(field, t))
        .transpose()
}

/// Parses an optional `true`/`false` field; absent means `false`.
pub(crate) fn opt_bool(node: &Node<'_>, field: &'static str) -> Result<bool, Error> {
    node.text_of(field)
        .map_or(Ok(false), |t| parse_bool(field, t))
}

/// Parses `true`/`false` in any common casing; empty means `false`.
pub(crate) fn parse_bool(field: &'static str, text: &str) -> Result<bool, Error> {
    match text.trim() {
        "" | "false" | "False" | "FALSE" => Ok(false),
        "true" | "True" | "TRUE" => Ok(true),
        _ => Err(Error::invalid(field, "not a boolean")),
    }
}

/// Parses an optional timestamp field.
pub(crate) fn opt_time(node: &Node<'_>, field: &'static str) -> Result<Option<Timestamp>, Error> {
    node.text_of(field)
        .filter(|t| !t.is_empty())
        .map(Timestamp::parse)
        .transpose()
}

/// An optional text field, owned; empty counts as absent.
pub(crate) fn opt_text(node: &Node<'_>, field: &str) -> Option<String> {
    node.text_of(field)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// An `Owner`-shaped child (`Owner`, `Initiator`).
pub(crate) fn opt_owner(node: &Node<'_>, field: &str) -> Option<Owner> {
    node.child(field).map(|o| Owner {
        id: opt_text(o, "ID"),
        display_name: opt_text(o, "DisplayName"),
    })
}

/// The storage class child.
pub(crate) fn opt_storage_class(node: &Node<'_>) -> Option<StorageClass> {
    node.text_of("StorageClass")
        .filter(|t| !t.is_empty())
        .map(StorageClass::parse)
}

/// `ChecksumCRC32` … children present in a body element.
pub(crate) fn body_checksums(node: &Node<'_>) -> Vec<Checksum> {
    ChecksumAlgorithm::KNOWN
        .iter()
        .filter_map(|a| {
            opt_text(node, &a.element_name()).map(|value| Checksum {
                algorithm: a.clone(),
                value,
            })
        })
        .collect()
}

/// `x-amz-checksum-*` headers present in a response.
pub(crate) fn header_checksums(headers: &HeaderMap) -> Vec<Checksum> {
    let mut found: Vec<Checksum> = headers
        .iter()
        .filter_map(|(name, value)| {
            let algorithm = checksum_algorithm(name.as_str())?;
            let value = value.to_str().ok()?.to_owned();
            Some(Checksum { algorithm, value })
        })
        .collect();
    // One value per algorithm (the first), in the order of `KNOWN`.
    found.sort_by_key(|c| known_rank(&c.algorithm));
    found.dedup_by(|b, a| a.algorithm == b.algorithm);
    found
}

/// The algorithm an `x-amz-checksum-*` header carries, if it is a value
/// header of a known algorithm (not `-type` or `-mode`).
pub(crate) fn checksum_algorithm(header: &str) -> Option<ChecksumAlgorithm> {
    let suffix = header.strip_prefix("x-amz-checksum-")?;
    ChecksumAlgorithm::KNOWN
        .iter()
        .find(|a| a.as_str().eq_ignore_ascii_case(suffix))
        .cloned()
}

fn known_rank(algorithm: &ChecksumAlgorithm) -> usize {
    ChecksumAlgorithm::KNOWN
        .iter()
        .position(|a| a == algorithm)
        .unwrap_or(usize::MAX)
}

/// Parses a response body whose root must be `root`.
pub(crate) fn parse_root<'a>(body: &'a [u8], root: &'static str) -> Result<Node<'a>, Error> {
    let node = crate::xml::parse(body)?;
    if node.name == root {
        Ok(node)
    } else {
        Err(Error::xml(format!("expected root element `{root}`")))
    }
}
