//! Query signing: presigned URLs.

use std::fmt;
use std::time::Duration;

use crate::canonical::{
    ALGORITHM, canonical_headers, canonical_request, check_method, string_to_sign,
};
use crate::encode::{canonical_path, encoded_pairs, join_sorted};
use crate::error::{Error, Result};
use crate::params::SigningParams;
use crate::request::{PayloadMode, SignableRequest};

/// The longest expiry S3 accepts for a presigned URL: 7 days.
pub const MAX_PRESIGN_EXPIRY: Duration = Duration::from_secs(7 * 24 * 3600);

/// The signed query of a presigned request.
///
/// `Debug` hides the signature: a presigned URL is a bearer credential.
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedQuery {
    query: String,
    /// Pairs sent but not signed (an unsigned session token), encoded.
    unsigned: String,
    signature: String,
    canonical_request: String,
    string_to_sign: String,
}

impl PresignedQuery {
    /// The full query string to put after `?`: the canonical query (the
    /// request's own pairs and the `X-Amz-*` ones, sorted) then
    /// `X-Amz-Signature`.
    pub fn query_string(&self) -> String {
        let mut out = self.query.clone();
        for part in [self.unsigned.as_str(), "X-Amz-Signature="] {
            if part.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(part);
        }
        out.push_str(&self.signature);
        out
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

/// Checks an expiry against S3's 1 s ..= 7 days and returns it in whole
/// seconds (sub-second parts are dropped).
///
/// Errors: [`Error::ExpiryOutOfRange`].
pub fn validate_expiry(expires: Duration) -> Result<u64> {
    let seconds = expires.as_secs();
    if !(1..=MAX_PRESIGN_EXPIRY.as_secs()).contains(&seconds) {
        return Err(Error::ExpiryOutOfRange { seconds });
    }
    Ok(seconds)
}

/// Presigns `request` (query signing) for `expires`, with the payload
/// `UNSIGNED-PAYLOAD` (what S3 presigned URLs normally use); see
/// [`presign_with_payload`] to bind the body.
///
/// Extra signed query parameters such as `response-content-type` belong in
/// `request.query`; headers in `request.headers` (at least `host`) are
/// signed as [`SigningParams::signed_headers`] selects and must then be
/// sent by whoever uses the URL. With a session token,
/// `X-Amz-Security-Token` is signed too.
///
/// Errors: [`Error::ExpiryOutOfRange`] (outside 1 s ..= 7 days),
/// [`Error::ReservedQueryParameter`] (a query parameter the signature
/// sets, such as `X-Amz-Expires`), and those
/// of [`sign_headers`](crate::sign_headers). Source: AWS S3 API Reference,
/// "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)".
pub fn presign(
    request: &SignableRequest<'_>,
    expires: Duration,
    params: &SigningParams,
) -> Result<PresignedQuery> {
    presign_with_payload(request, PayloadMode::Unsigned, expires, params)
}

/// Presigns `request` as [`presign`] does, with the payload line of the
/// canonical request chosen by the caller: [`PayloadMode::Bytes`] or
/// [`PayloadMode::Precomputed`] bind the URL to one body (S3 then refuses
/// any other), [`PayloadMode::Unsigned`] is `UNSIGNED-PAYLOAD`, and the
/// streaming modes sign their `STREAMING-*` literal. No
/// `X-Amz-Content-Sha256` query parameter is added: the hash is only in the
/// signature, so the uploader must send a body with exactly that hash.
///
/// This is the generic SigV4 query signing of the AWS test suites and of
/// services other than S3. S3 servers (AWS S3, MinIO, s3s) build the
/// canonical request of a presigned URL with `UNSIGNED-PAYLOAD` whatever
/// the body (AWS S3 API Reference, "Authenticating Requests: Using Query
/// Parameters"), so for them bind a body by signing the
/// `x-amz-content-sha256` header instead and keep the payload unsigned
/// ([`UrlPresigner::body_sha256`](crate::UrlPresigner::body_sha256)).
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use newtera_sign::{presign_with_payload, Credentials, PayloadMode, SignableRequest, SigningParams};
///
/// let params = SigningParams::builder()
///     .credentials(Credentials::new("AKID", "secret"))
///     .region("us-east-1")
///     .time(UNIX_EPOCH)
///     .build()?;
/// let headers = [("host", "h")];
/// let request = SignableRequest::new("PUT", "/b/k", &headers);
/// let signed = presign_with_payload(&request, PayloadMode::Bytes(b"exact body"),
///     Duration::from_secs(60), &params)?;
/// assert!(!signed.canonical_request().ends_with("UNSIGNED-PAYLOAD"));
/// # Ok::<(), newtera_sign::Error>(())
/// ```
pub fn presign_with_payload(
    request: &SignableRequest<'_>,
    payload: PayloadMode<'_>,
    expires: Duration,
    params: &SigningParams,
) -> Result<PresignedQuery> {
    let seconds = validate_expiry(expires)?;
    check_method(request.method)?;
    let path = canonical_path(request.path)?;
    let payload_hash = payload.content_sha256()?;
    let headers = canonical_headers(request.headers, &[], params.signed_headers())?;
    let mut pairs = request.query.encoded_pairs();
    if let Some((name, _)) = pairs.iter().find(|(name, _)| {
        AUTH_PARAMETERS
            .iter()
            .any(|auth| name.eq_ignore_ascii_case(auth))
    }) {
        return Err(Error::ReservedQueryParameter { name: name.clone() });
    }
    let (signed, unsigned) = auth_pairs(params, seconds, &headers.signed);
    pairs.extend(signed);
    let query = join_sorted(pairs);
    let creq = canonical_request(request.method, path, &query, &headers, &payload_hash);
    let sts = string_to_sign(&creq, params);
    Ok(PresignedQuery {
        signature: params.signing_key().sign(&sts),
        query,
        unsigned: join_sorted(unsigned),
        canonical_request: creq,
        string_to_sign: sts,
    })
}

/// The query parameters a presigned URL's signature sets (their names
/// are unreserved characters, so encoded and decoded forms match).
const AUTH_PARAMETERS: [&str; 7] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
    "X-Amz-Security-Token",
];

/// Encoded query pairs.
type Pairs = Vec<(String, String)>;

/// The `X-Amz-*` pairs: those signed, and the session token when the
/// policy leaves it unsigned.
fn auth_pairs(params: &SigningParams, seconds: u64, signed: &str) -> (Pairs, Pairs) {
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
    let mut unsigned = Vec::new();
    if let Some(token) = params.credentials().session_token() {
        let pair = ("X-Amz-Security-Token", token);
        if params.signed_headers().signs_token() {
            pairs.push(pair);
        } else {
            unsigned.push(pair);
        }
    }
    (encoded_pairs(&pairs), encoded_pairs(&unsigned))
}
