//! Shared helpers: vector loading and parameter construction.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use newtera_sign::{Credentials, SigningParams};
use serde_json::Value;

/// Parses a vector file embedded at compile time.
pub(crate) fn load(text: &str) -> Value {
    serde_json::from_str(text).expect("vector file is valid JSON")
}

/// A string field of a JSON object.
pub(crate) fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("field `{key}` is a string"))
}

/// `[[name, value], ...]` as borrowed pairs.
pub(crate) fn pairs(v: &Value) -> Vec<(&str, &str)> {
    v.as_array()
        .expect("array of pairs")
        .iter()
        .map(|p| (p[0].as_str().expect("name"), p[1].as_str().expect("value")))
        .collect()
}

/// The instant `secs` after the Unix epoch.
pub(crate) fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

/// Params from a vector file's `config` object.
pub(crate) fn params(config: &Value, service: &str, token: Option<&str>) -> SigningParams {
    let mut creds = Credentials::new(s(config, "access_key"), s(config, "secret_key"));
    if let Some(token) = token {
        creds = creds.with_session_token(token);
    }
    SigningParams::builder()
        .credentials(creds)
        .region(s(config, "region"))
        .service(service)
        .time(at(config["epoch_seconds"].as_u64().expect("epoch seconds")))
        .build()
        .expect("valid params")
}

/// The AWS S3 documentation credentials at 2013-05-24T00:00:00Z.
pub(crate) fn s3_params() -> SigningParams {
    params(&load(S3_EXAMPLES)["config"], "s3", None)
}

/// The S3 documentation examples.
pub(crate) const S3_EXAMPLES: &str = include_str!("../data/s3-examples.json");
/// The AWS SigV4 test-suite vectors that apply to S3.
pub(crate) const SUITE: &str = include_str!("../data/aws-sigv4-suite.json");
/// Published checksum values.
#[cfg(feature = "checksums")]
pub(crate) const CHECKSUMS: &str = include_str!("../data/checksums.json");
/// The aws-c-auth SigV4 test suite (header and query signing).
pub(crate) const C_AUTH_SUITE: &str = include_str!("../data/aws-c-auth-v4.json");
