//! Query signing: presigned URLs.

use std::fmt;
use std::time::Duration;

use crate::canonical::{
    ALGORITHM, canonical_headers, canonical_request, check_method, string_to_sign,
};
use crate::encode::{canonical_path, encoded_pairs, join_sorted};
use crate::error::{Error, Result};
use crate::params::SigningParams;
use crate::request::{Query, SignableRequest, UNSIGNED_PAYLOAD};
use crate::url::ParsedUrl;

/// The longest expiry S3 accepts for a presigned URL: 7 days.
pub const MAX_PRESIGN_EXPIRY: Duration = Duration::from_secs(7 * 24 * 3600);

/// The signed query of a presigned request.
///
/// `Debug` hides the signature: a presigned URL is a bearer credential.
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedQuery {
    query: String,
    signature: String,
    canonical_request: String,
    string_to_sign: String,
}

impl PresignedQuery {
    /// The full query string to put after `?`: the canonical query (the
    /// request's own pairs and the `X-Amz-*` ones, sorted) then
    /// `X-Amz-Signature`.
    pub fn query_string(&self) -> String {
        let sep = if self.query.is_empty() { "" } else { "&" };
        format!("{}{sep}X-Amz-Signature={}", self.query, self.signature)
    }

    /// The hex signature.
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// The canonical request that was signed.
    pub fn canonical_request(&self) -> &str {
        &self.canonical_request
    }

    /// The string to sign.
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }
}

impl fmt::Debug for PresignedQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresignedQuery")
            .field("signature", &"***")
            .finish_non_exhaustive()
    }
}

/// Checks an expiry against S3's 1 s ..= 7 days and returns it in seconds.
pub fn validate_expiry(expires: Duration) -> Result<u64> {
    let seconds = expires.as_secs();
    if !(1..=MAX_PRESIGN_EXPIRY.as_secs()).contains(&seconds) {
        return Err(Error::ExpiryOutOfRange { seconds });
    }
    Ok(seconds)
}

/// Presigns `request` (query signing) for `expires`.
///
/// Extra signed query parameters such as `response-content-type` belong in
/// `request.query`; headers in `request.headers` (at least `host`) are
/// signed and must then be sent by whoever uses the URL. With a session
/// token, `X-Amz-Security-Token` is signed too. The payload is
/// `UNSIGNED-PAYLOAD`.
pub fn presign(
    request: &SignableRequest<'_>,
    expires: Duration,
    params: &SigningParams,
) -> Result<PresignedQuery> {
    let seconds = validate_expiry(expires)?;
    check_method(request.method)?;
    let path = canonical_path(request.path)?;
    let headers = canonical_headers(request.headers, &[])?;
    let mut pairs = request.query.encoded_pairs();
    pairs.extend(auth_pairs(params, seconds, &headers.signed));
    let query = join_sorted(pairs);
    let creq = canonical_request(request.method, path, &query, &headers, UNSIGNED_PAYLOAD);
    let sts = string_to_sign(&creq, params);
    Ok(PresignedQuery {
        signature: params.signing_key().sign(&sts),
        query,
        canonical_request: creq,
        string_to_sign: sts,
    })
}

fn auth_pairs(params: &SigningParams, seconds: u64, signed: &str) -> Vec<(String, String)> {
    let expires = seconds.to_string();
    let amz_date = params.time().amz_date();
    let credential = params.credential();
    let mut pairs = vec![
        ("X-Amz-Algorithm", ALGORITHM),
        ("X-Amz-Credential", credential.as_str()),
        ("X-Amz-Date", amz_date.as_str()),
        ("X-Amz-Expires", expires.as_str()),
        ("X-Amz-SignedHeaders", signed),
    ];
    if let Some(token) = params.credentials().session_token() {
        pairs.push(("X-Amz-Security-Token", token));
    }
    encoded_pairs(&pairs)
}

/// Presigns a full URL string `http(s)://host[:port]/path?query` and
/// returns the presigned URL.
///
/// The path must already be URI-encoded per S3 rules (see
/// [`encode_path`](crate::encode_path)); the existing query and
/// `extra_query` (unencoded pairs, e.g. `response-content-type`) are signed.
/// The existing query is percent-decoded (as UTF-8, lossily) and re-encoded
/// strictly, so the returned URL carries it in canonical form.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use newtera_sign::{presign_url, Credentials, SigningParams};
///
/// let params = SigningParams::builder()
///     .credentials(Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
///     .region("us-east-1")
///     .time(UNIX_EPOCH + Duration::from_secs(1_369_353_600))
///     .build()?;
/// let url = presign_url("GET", "https://examplebucket.s3.amazonaws.com/test.txt",
///     Duration::from_secs(86400), &[], &params)?;
/// assert!(url.ends_with("X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"));
/// # Ok::<(), newtera_sign::Error>(())
/// ```
pub fn presign_url(
    method: &str,
    url: &str,
    expires: Duration,
    extra_query: &[(&str, &str)],
    params: &SigningParams,
) -> Result<String> {
    let parsed = ParsedUrl::parse(url)?;
    // The raw query and the extra pairs are merged into one pair list.
    let mut owned: Vec<(String, String)> = crate::encode::decoded_pairs_from_raw(parsed.query);
    owned.extend(
        extra_query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    let borrowed: Vec<(&str, &str)> = owned
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let headers = [("host", parsed.host_header.as_str())];
    let request = SignableRequest {
        method,
        path: parsed.path,
        query: Query::Pairs(&borrowed),
        headers: &headers,
    };
    let signed = presign(&request, expires, params)?;
    Ok(format!(
        "{}://{}{}?{}",
        parsed.scheme,
        parsed.authority,
        parsed.path,
        signed.query_string()
    ))
}
