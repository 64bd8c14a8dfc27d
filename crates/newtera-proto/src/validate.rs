//! Bucket and object name rules and metadata entries, checked before any
//! request is built.

use crate::error::Error;
use crate::request::is_header_text;

/// Which rule set applies to bucket names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NameRules {
    /// AWS's current rules: lowercase, digits, `.` and `-` only, plus the
    /// reserved prefixes and suffixes. Used when talking to AWS.
    Strict,
    /// The legacy rules other S3 servers accept: also uppercase, `_` and `:`.
    #[default]
    Relaxed,
}

/// Why a bucket name is rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BucketNameError {
    /// Shorter than 3 or longer than 63 characters.
    #[error("must be 3 to 63 characters long, is {0}")]
    Length(usize),
    /// A character outside the allowed set.
    #[error("character {0:?} is not allowed")]
    Character(char),
    /// The first or last character is not a letter or digit.
    #[error("must begin and end with a letter or digit")]
    Edge,
    /// `..`, `.-` or `-.` appears.
    #[error("must not contain `..`, `.-` or `-.`")]
    AdjacentPunctuation,
    /// Looks like an IPv4 address.
    #[error("must not be formatted as an IP address")]
    IpAddress,
    /// A prefix or suffix AWS reserves.
    #[error("uses the reserved affix `{0}`")]
    Reserved(&'static str),
}

/// Why an object name is rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ObjectNameError {
    /// The name is empty.
    #[error("must not be empty")]
    Empty,
    /// The name is longer than 1024 bytes of UTF-8.
    #[error("must be at most 1024 bytes, is {0}")]
    TooLong(usize),
}

const RESERVED_PREFIXES: [&str; 3] = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES: [&str; 5] = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/// Checks a bucket name against `rules`.
pub fn validate_bucket_name(name: &str, rules: NameRules) -> Result<(), BucketNameError> {
    let len = name.chars().count();
    if !(3..=63).contains(&len) {
        return Err(BucketNameError::Length(len));
    }
    if let Some(c) = name.chars().find(|&c| !allowed(c, rules)) {
        return Err(BucketNameError::Character(c));
    }
    let alnum = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    if !alnum(name.as_bytes().first()) || !alnum(name.as_bytes().last()) {
        return Err(BucketNameError::Edge);
    }
    if ["..", ".-", "-."].iter().any(|p| name.contains(p)) {
        return Err(BucketNameError::AdjacentPunctuation);
    }
    if looks_like_ipv4(name) {
        return Err(BucketNameError::IpAddress);
    }
    if rules == NameRules::Strict {
        check_reserved(name)?;
    }
    Ok(())
}

fn allowed(c: char, rules: NameRules) -> bool {
    match rules {
        NameRules::Strict => c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-',
        NameRules::Relaxed => c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'),
    }
}

fn check_reserved(name: &str) -> Result<(), BucketNameError> {
    if let Some(p) = RESERVED_PREFIXES.iter().find(|p| name.starts_with(*p)) {
        return Err(BucketNameError::Reserved(p));
    }
    if let Some(s) = RESERVED_SUFFIXES.iter().find(|s| name.ends_with(*s)) {
        return Err(BucketNameError::Reserved(s));
    }
    Ok(())
}

fn looks_like_ipv4(name: &str) -> bool {
    name.split('.').count() == 4
        && name
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Checks an object name: non-empty and at most 1024 bytes of UTF-8.
pub fn validate_object_name(name: &str) -> Result<(), ObjectNameError> {
    match name.len() {
        0 => Err(ObjectNameError::Empty),
        n if n > 1024 => Err(ObjectNameError::TooLong(n)),
        _ => Ok(()),
    }
}

/// Checks a version id before any request: an empty one is refused, since
/// servers read `versionId=` as no version at all and would act on the
/// latest version (Ceph RGW removes it with a delete marker) instead of
/// the one asked for.
///
/// # Errors
///
/// [`Error::InvalidArgument`] for an empty version id.
pub fn validate_version_id(version_id: &str) -> Result<(), Error> {
    if version_id.is_empty() {
        return Err(Error::InvalidArgument(
            "an empty version id (leave it out for the latest version)".into(),
        ));
    }
    Ok(())
}

/// Whether a bucket name can be a DNS label set (needed for
/// virtual-hosted-style addressing): the strict character set with the
/// common shape rules; AWS's reserved affixes do not matter to DNS.
pub fn is_dns_compatible(name: &str) -> bool {
    name.bytes()
        .all(|b| allowed(char::from(b), NameRules::Strict))
        && validate_bucket_name(name, NameRules::Relaxed).is_ok()
}

/// Checks one user metadata entry before any request: the name must be an
/// HTTP token and the value visible ASCII (space and tab allowed), since S3
/// carries metadata in `x-amz-meta-*` headers that SigV4 signs as ASCII.
/// The error names the entry and the first character at fault. Values
/// with other characters must be encoded by the caller (RFC 2047 or
/// percent-encoding).
pub fn validate_metadata_entry(name: &str, value: &str) -> Result<(), Error> {
    let entry = || name.escape_debug().to_string();
    if name.is_empty() {
        return Err(Error::InvalidArgument("a metadata name is empty".into()));
    }
    if let Some(c) = name.chars().find(|c| !is_token_char(*c)) {
        return Err(Error::InvalidArgument(format!(
            "metadata entry `{}`: the name holds {}, which an HTTP header name cannot",
            entry(),
            describe(c)
        )));
    }
    if let Some(c) = value.chars().find(|c| !is_header_text(*c)) {
        return Err(Error::InvalidArgument(format!(
            "metadata entry `{}`: the value holds {}; S3 metadata values must be visible ASCII \
             (encode it first, for example with RFC 2047 or percent-encoding)",
            entry(),
            describe(c)
        )));
    }
    Ok(())
}

/// A character allowed in an HTTP token (RFC 9110 §5.6.2).
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

fn describe(c: char) -> String {
    format!("`{}` (U+{:04X})", c.escape_debug(), u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_and_relaxed() {
        assert!(validate_bucket_name("my-bucket.01", NameRules::Strict).is_ok());
        assert_eq!(
            validate_bucket_name("My_Bucket", NameRules::Strict),
            Err(BucketNameError::Character('M'))
        );
        assert!(validate_bucket_name("My_Bucket", NameRules::Relaxed).is_ok());
        assert_eq!(
            validate_bucket_name("ab", NameRules::Relaxed),
            Err(BucketNameError::Length(2))
        );
        assert_eq!(
            validate_bucket_name(&"a".repeat(64), NameRules::Relaxed),
            Err(BucketNameError::Length(64))
        );
        assert_eq!(
            validate_bucket_name("-abc", NameRules::Relaxed),
            Err(BucketNameError::Edge)
        );
        assert_eq!(
            validate_bucket_name("a..b", NameRules::Relaxed),
            Err(BucketNameError::AdjacentPunctuation)
        );
        assert_eq!(
            validate_bucket_name("192.168.5.4", NameRules::Relaxed),
            Err(BucketNameError::IpAddress)
        );
        assert_eq!(
            validate_bucket_name("xn--abc", NameRules::Strict),
            Err(BucketNameError::Reserved("xn--"))
        );
        assert!(validate_bucket_name("xn--abc", NameRules::Relaxed).is_ok());
    }

    #[test]
    fn object_names() {
        assert_eq!(validate_object_name(""), Err(ObjectNameError::Empty));
        assert!(validate_object_name(&"é".repeat(512)).is_ok());
        assert_eq!(
            validate_object_name(&"é".repeat(513)),
            Err(ObjectNameError::TooLong(1026))
        );
    }

    #[test]
    fn dns_compatibility() {
        assert!(is_dns_compatible("my.bucket"));
        assert!(!is_dns_compatible("My_Bucket"));
    }
}
