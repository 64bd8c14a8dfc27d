//! Bucket-name and object-key rules: the same checks the newtera client
//! makes before any request (`newtera-proto`'s `validate` module; a test
//! in `tests/it/names.rs` keeps the two in agreement).

use crate::error::{Error, Result};

/// Which bucket-name rules apply.
///
/// Source: Amazon S3 User Guide, "General purpose bucket naming rules".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NameRules {
    /// AWS's current rules: 3–63 characters of `a-z`, `0-9`, `.` and `-`,
    /// starting and ending with a letter or digit, no `..`, `.-` or `-.`,
    /// not an IPv4 address, none of the reserved prefixes (`xn--`,
    /// `sthree-`, `amzn-s3-demo-`) and suffixes (`-s3alias`, `--ol-s3`,
    /// `.mrap`, `--x-s3`, `--table-s3`). Every S3 server accepts these names,
    /// and only these can be a virtual-hosted DNS label.
    Strict,
    /// The legacy rules MinIO and other servers still accept: also `A-Z`,
    /// `_` and `:`, and no reserved affixes. Works with path-style URLs only.
    #[default]
    Relaxed,
}

const RESERVED_PREFIXES: [&str; 3] = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES: [&str; 5] = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/// Checks a bucket name against `rules`.
///
/// Errors: [`Error::InvalidBucketName`] naming the broken rule.
///
/// ```
/// use newtera_sign::{validate_bucket_name, NameRules};
/// assert!(validate_bucket_name("photos-2024", NameRules::Strict).is_ok());
/// assert!(validate_bucket_name("Bad_Bucket", NameRules::Strict).is_err());
/// assert!(validate_bucket_name("Bad_Bucket", NameRules::Relaxed).is_ok());
/// assert!(validate_bucket_name("", NameRules::Relaxed).is_err());
/// ```
pub fn validate_bucket_name(name: &str, rules: NameRules) -> Result<()> {
    bucket_rule(name, rules).map_err(|reason| Error::InvalidBucketName {
        name: name.to_owned(),
        reason,
    })
}

fn bucket_rule(name: &str, rules: NameRules) -> Result<(), &'static str> {
    if !(3..=63).contains(&name.chars().count()) {
        return Err("must be 3 to 63 characters long");
    }
    if !name.chars().all(|c| allowed(c, rules)) {
        return Err(match rules {
            NameRules::Strict => "only a-z, 0-9, `.` and `-` are allowed",
            NameRules::Relaxed => "only A-Z, a-z, 0-9, `.`, `-`, `_` and `:` are allowed",
        });
    }
    let alnum = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    if !alnum(name.as_bytes().first()) || !alnum(name.as_bytes().last()) {
        return Err("must begin and end with a letter or digit");
    }
    if ["..", ".-", "-."].iter().any(|p| name.contains(p)) {
        return Err("must not contain `..`, `.-` or `-.`");
    }
    if looks_like_ipv4(name) {
        return Err("must not be formatted as an IP address");
    }
    if rules == NameRules::Strict && reserved(name) {
        return Err("uses a prefix or suffix AWS reserves");
    }
    Ok(())
}

fn allowed(c: char, rules: NameRules) -> bool {
    match rules {
        NameRules::Strict => c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-',
        NameRules::Relaxed => c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'),
    }
}

fn reserved(name: &str) -> bool {
    RESERVED_PREFIXES.iter().any(|p| name.starts_with(p))
        || RESERVED_SUFFIXES.iter().any(|s| name.ends_with(s))
}

fn looks_like_ipv4(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Checks an object key: non-empty and at most 1024 bytes of UTF-8 (Amazon
/// S3 User Guide, "Naming Amazon S3 objects").
///
/// Errors: [`Error::InvalidObjectKey`].
pub fn validate_object_key(key: &str) -> Result<()> {
    let reason = match key.len() {
        0 => "must not be empty",
        n if n > 1024 => "must be at most 1024 bytes of UTF-8",
        _ => return Ok(()),
    };
    Err(Error::InvalidObjectKey { reason })
}
