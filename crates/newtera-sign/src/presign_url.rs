//! Presigning a URL string, with every stage available for debugging.

use std::fmt;
use std::time::Duration;

use crate::encode::decoded_pairs_from_raw;
use crate::error::Result;
use crate::params::SigningParams;
use crate::presign::{PresignedQuery, presign_with_payload};
use crate::request::{PayloadMode, Query, SignableRequest};
use crate::url::ParsedUrl;

/// Presigns a full URL string `http(s)://host[:port]/path?query` and
/// returns the presigned URL, with payload `UNSIGNED-PAYLOAD`.
///
/// The path must already be URI-encoded per S3 rules (see
/// [`encode_path`](crate::encode_path)); the existing query and
/// `extra_query` (unencoded pairs, e.g. `response-content-type`) are signed.
/// The existing query is percent-decoded (as UTF-8, lossily) and re-encoded
/// strictly, so the returned URL carries it in canonical form. The method
/// must be upper case (`get` is refused, see
/// [`Error::InvalidMethod`](crate::Error::InvalidMethod)). For the
/// canonical request and string to sign use [`presign_url_detailed`]; to
/// sign a payload hash or extra headers use [`UrlPresigner`].
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
/// assert!(presign_url("get", "https://h/k", Duration::from_secs(60), &[], &params).is_err());
/// # Ok::<(), newtera_sign::Error>(())
/// ```
pub fn presign_url(
    method: &str,
    url: &str,
    expires: Duration,
    extra_query: &[(&str, &str)],
    params: &SigningParams,
) -> Result<String> {
    presign_url_detailed(method, url, expires, extra_query, params).map(PresignedUrl::into_url)
}

/// As [`presign_url`], returning the URL with its canonical request, string
/// to sign and signature: compare them with the `CanonicalRequest` and
/// `StringToSign` of an S3 `SignatureDoesNotMatch` error to find a 403's
/// cause.
pub fn presign_url_detailed(
    method: &str,
    url: &str,
    expires: Duration,
    extra_query: &[(&str, &str)],
    params: &SigningParams,
) -> Result<PresignedUrl> {
    UrlPresigner::new(method, url, expires)
        .query(extra_query)
        .sign(params)
}

/// A presigned URL under construction: method, URL and expiry, plus
/// optional extra query pairs, signed headers and payload.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use newtera_sign::{Credentials, PayloadMode, SigningParams, UrlPresigner};
///
/// let params = SigningParams::builder()
///     .credentials(Credentials::new("AKID", "secret"))
///     .region("us-east-1")
///     .time(UNIX_EPOCH)
///     .build()?;
/// let body = b"the only body this URL accepts";
/// let signed = UrlPresigner::new("PUT", "https://h.example/bucket/key", Duration::from_secs(600))
///     .headers(&[("content-type", "text/plain")])
///     .payload(PayloadMode::Bytes(body))
///     .sign(&params)?;
/// assert!(signed.url().contains("X-Amz-SignedHeaders=content-type%3Bhost"));
/// assert!(signed.canonical_request().starts_with("PUT\n/bucket/key\n"));
/// # Ok::<(), newtera_sign::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
#[must_use]
pub struct UrlPresigner<'a> {
    method: &'a str,
    url: &'a str,
    expires: Duration,
    query: &'a [(&'a str, &'a str)],
    headers: &'a [(&'a str, &'a str)],
    payload: PayloadMode<'a>,
    body_sha256: Option<&'a str>,
}

impl<'a> UrlPresigner<'a> {
    /// `method` (upper case) on `url` (S3-encoded path), valid for
    /// `expires` (1 s ..= 7 days); no extra query, only `host` signed,
    /// payload `UNSIGNED-PAYLOAD`.
    pub fn new(method: &'a str, url: &'a str, expires: Duration) -> Self {
        Self {
            method,
            url,
            expires,
            query: &[],
            headers: &[],
            payload: PayloadMode::Unsigned,
            body_sha256: None,
        }
    }

    /// Extra unencoded query pairs to sign, e.g. `response-content-type`.
    pub fn query(mut self, pairs: &'a [(&'a str, &'a str)]) -> Self {
        self.query = pairs;
        self
    }

    /// Headers to sign besides `host` (taken from the URL); whoever uses
    /// the URL must send them with exactly these values.
    pub fn headers(mut self, headers: &'a [(&'a str, &'a str)]) -> Self {
        self.headers = headers;
        self
    }

    /// The payload line of the canonical request (default
    /// [`PayloadMode::Unsigned`]); see [`presign_with_payload`]. S3 servers
    /// sign presigned requests with `UNSIGNED-PAYLOAD` whatever the body:
    /// to bind an S3 upload to one body use [`body_sha256`](Self::body_sha256).
    pub fn payload(mut self, payload: PayloadMode<'a>) -> Self {
        self.payload = payload;
        self
    }

    /// Binds the URL to one body the way S3 servers check it (AWS S3,
    /// MinIO, s3s): the `x-amz-content-sha256` header with this hex SHA-256
    /// is signed, the payload line stays `UNSIGNED-PAYLOAD`, and the uploader
    /// must send that header; the server refuses a body with another hash.
    /// Errors at [`sign`](Self::sign): [`Error::InvalidPayloadHash`](crate::Error::InvalidPayloadHash)
    /// unless 64 lower-case hex digits.
    pub fn body_sha256(mut self, hex: &'a str) -> Self {
        self.body_sha256 = Some(hex);
        self
    }

    /// Signs. Errors: [`Error::InvalidUrl`](crate::Error::InvalidUrl) and
    /// those of [`presign`](crate::presign).
    pub fn sign(&self, params: &SigningParams) -> Result<PresignedUrl> {
        let parsed = ParsedUrl::parse(self.url)?;
        let mut owned = decoded_pairs_from_raw(parsed.query);
        owned.extend(
            self.query
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        let pairs: Vec<(&str, &str)> = owned
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let mut headers = vec![("host", parsed.host_header.as_str())];
        let not_host = |(name, _): &&(&str, &str)| !name.eq_ignore_ascii_case("host");
        headers.extend(self.headers.iter().filter(not_host).copied());
        if let Some(hex) = self.body_sha256 {
            PayloadMode::Precomputed(hex).content_sha256()?;
            headers.push(("x-amz-content-sha256", hex));
        }
        let request = SignableRequest {
            method: self.method,
            path: parsed.path,
            query: Query::Pairs(&pairs),
            headers: &headers,
        };
        let query = presign_with_payload(&request, self.payload, self.expires, params)?;
        let url = format!(
            "{}://{}{}?{}",
            parsed.scheme,
            parsed.authority,
            parsed.path,
            query.query_string()
        );
        Ok(PresignedUrl { url, query })
    }
}

/// A presigned URL and the stages that produced it.
///
/// `Debug` hides the URL and signature: a presigned URL is a bearer
/// credential.
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedUrl {
    url: String,
    query: PresignedQuery,
}

impl PresignedUrl {
    /// The presigned URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Consumes this into the URL.
    pub fn into_url(self) -> String {
        self.url
    }

    /// The canonical request that was signed.
    pub fn canonical_request(&self) -> &str {
        self.query.canonical_request()
    }

    /// The string to sign.
    pub fn string_to_sign(&self) -> &str {
        self.query.string_to_sign()
    }

    /// The hex signature (`X-Amz-Signature`).
    pub fn signature(&self) -> &str {
        self.query.signature()
    }
}

impl fmt::Debug for PresignedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresignedUrl")
            .field("url", &"***")
            .finish_non_exhaustive()
    }
}
