//! Header signing: the `Authorization` header and its companions.

use std::fmt;

use crate::canonical::{
    ALGORITHM, canonical_headers, canonical_request, check_method, string_to_sign,
};
use crate::encode::{canonical_pairs, canonical_path, join_sorted};
use crate::error::Result;
use crate::params::SigningParams;
use crate::request::{PayloadMode, SignableRequest};

/// The signing instructions of header signing: headers to add to the
/// request (replacing any of the same name), plus every intermediate stage
/// for inspection and tests.
///
/// `Debug` shows header names only, never the signature.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningOutput {
    headers: Vec<(&'static str, String)>,
    signature: String,
    canonical_request: String,
    string_to_sign: String,
}

impl SigningOutput {
    /// Headers to set: `x-amz-date`, `x-amz-content-sha256` (unless
    /// disabled), `x-amz-security-token` (with a session token) and
    /// `authorization`, with lower-case names.
    pub fn headers(&self) -> &[(&'static str, String)] {
        &self.headers
    }

    /// Consumes the output into its headers.
    pub fn into_headers(self) -> Vec<(&'static str, String)> {
        self.headers
    }

    /// The value of one added header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The `Authorization` header value.
    pub fn authorization(&self) -> &str {
        self.header("authorization").unwrap_or_default()
    }

    /// The hex signature; for an aws-chunked body also the first link of the
    /// chunk-signature chain (AWS's "seed signature").
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

impl fmt::Debug for SigningOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| *n).collect();
        f.debug_struct("SigningOutput")
            .field("headers", &names)
            .field("signature", &"***")
            .finish_non_exhaustive()
    }
}

/// Signs `request` for the `Authorization` header.
///
/// `x-amz-date`, `x-amz-content-sha256` and `x-amz-security-token` are set
/// by the signer (request headers of those names are ignored); `host` must be
/// among the request headers. Which other headers are signed is
/// [`SigningParams::signed_headers`]: by default all but the few that
/// proxies rewrite (`user-agent`, `expect`, `transfer-encoding`, …).
///
/// Errors: [`Error::InvalidMethod`](crate::Error::InvalidMethod) (empty or
/// lower-case method), [`Error::InvalidPath`](crate::Error::InvalidPath),
/// [`Error::InvalidPayloadHash`](crate::Error::InvalidPayloadHash),
/// [`Error::MissingHost`](crate::Error::MissingHost), and invalid header
/// names or values. Source: AWS S3 API Reference, "Authenticating Requests:
/// Using the Authorization Header (AWS Signature Version 4)".
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use newtera_sign::{sign_headers, Credentials, PayloadMode, SignableRequest, SigningParams};
///
/// let params = SigningParams::builder()
///     .credentials(Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
///     .region("us-east-1")
///     .time(UNIX_EPOCH + Duration::from_secs(1_369_353_600)) // 2013-05-24
///     .build()?;
/// let headers = [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9")];
/// let request = SignableRequest::new("GET", "/test.txt", &headers);
/// let out = sign_headers(&request, PayloadMode::Bytes(b""), &params)?;
/// assert!(out.authorization().ends_with(
///     "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
/// # Ok::<(), newtera_sign::Error>(())
/// ```
pub fn sign_headers(
    request: &SignableRequest<'_>,
    payload: PayloadMode<'_>,
    params: &SigningParams,
) -> Result<SigningOutput> {
    check_method(request.method)?;
    let path = canonical_path(request.path)?;
    // Room for every header added, so the `Vec` is allocated once.
    let mut added: Vec<(&'static str, String)> = Vec::with_capacity(4);
    added.push(("x-amz-date", params.time().amz_date()));
    let payload_hash = payload.content_sha256()?;
    let own_hash = if params.content_sha256_header() {
        added.push(("x-amz-content-sha256", payload_hash));
        None
    } else {
        Some(payload_hash)
    };
    if let Some(token) = params.credentials().session_token() {
        added.push(("x-amz-security-token", token.to_owned()));
    }
    let headers = canonical_headers(request.headers, &added, params.signed_headers())?;
    let query = join_sorted(canonical_pairs(&request.query));
    let payload_hash = match &own_hash {
        Some(hash) => hash.as_str(),
        None => added.get(1).map_or("", |(_, hash)| hash.as_str()),
    };
    let creq = canonical_request(request.method, path, &query, &headers, payload_hash);
    let sts = string_to_sign(&creq, params);
    let signature = params.signing_key().sign(&sts);
    let authorization = authorization(params, &headers.signed, &signature);
    added.push(("authorization", authorization));
    Ok(SigningOutput {
        headers: added,
        signature,
        canonical_request: creq,
        string_to_sign: sts,
    })
}

/// `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
fn authorization(params: &SigningParams, signed: &str, signature: &str) -> String {
    const CREDENTIAL: &str = " Credential=";
    const SIGNED_HEADERS: &str = ", SignedHeaders=";
    const SIGNATURE: &str = ", Signature=";
    let len = ALGORITHM.len()
        + CREDENTIAL.len()
        + params.credential_len()
        + SIGNED_HEADERS.len()
        + signed.len()
        + SIGNATURE.len()
        + signature.len();
    let mut out = String::with_capacity(len);
    out.push_str(ALGORITHM);
    out.push_str(CREDENTIAL);
    params.write_credential(&mut out);
    out.push_str(SIGNED_HEADERS);
    out.push_str(signed);
    out.push_str(SIGNATURE);
    out.push_str(signature);
    out
}
