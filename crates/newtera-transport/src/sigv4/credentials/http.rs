//! One small HTTP exchange with a credentials endpoint: a deadline, a size cap, and
//! errors that never print the URL (it may carry a token) or the body (it may carry keys).

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{Request, StatusCode};
use newtera_proto::types::Timestamp;
use tower::ServiceExt as _;

use super::Credentials;
use crate::body::Body;
use crate::error::{Error, ErrorKind};
use crate::service::HttpService;

/// Credentials documents are a few KiB; anything larger is refused unread.
const MAX_BODY: usize = 64 * 1024;

/// Sends `req` and reads the whole (capped) body before `deadline` passes.
pub(super) async fn exchange(
    http: &HttpService,
    req: Request<Body>,
    deadline: Duration,
) -> Result<(StatusCode, Bytes), Error> {
    let http = http.clone();
    let work = async move {
        let response = http.oneshot(req).await?;
        let status = response.status();
        let body = response.into_body().collect_limited(MAX_BODY).await?;
        Ok::<_, Error>((status, body))
    };
    match tokio::time::timeout(deadline, work).await {
        Ok(result) => result,
        Err(_) => Err(Error::new(ErrorKind::Timeout).detail("credentials endpoint did not answer")),
    }
}

/// An HTTP service for a local metadata endpoint: never through a proxy (`HTTPS_PROXY`
/// must not see instance credentials), short connect timeout, system roots only for HTTPS.
pub(super) fn local_client(connect_timeout: Duration, https: bool) -> Result<HttpService, Error> {
    HttpService::builder()
        .proxy(crate::ProxyConfig::none())
        .connect_timeout(Some(connect_timeout))
        .webpki_roots(https)
        .native_roots(https)
        .build()
}

/// A credentials error with a short detail (never a secret, token or URL).
pub(super) fn failure(detail: impl Into<String>) -> Error {
    Error::new(ErrorKind::Credentials).detail(detail)
}

/// A credentials error caused by `source`, with a short detail.
pub(super) fn failure_from(
    detail: impl Into<String>,
    source: impl Into<crate::error::BoxError>,
) -> Error {
    Error::with_source(ErrorKind::Credentials, source).detail(detail)
}

/// The instant a wire timestamp names.
pub(super) fn system_time(ts: Timestamp) -> SystemTime {
    let secs = u64::try_from(ts.unix_seconds()).unwrap_or(0);
    SystemTime::UNIX_EPOCH + Duration::from_secs(secs) + Duration::from_millis(ts.millis().into())
}

/// Refuses credentials that have already expired: using them would only fail later,
/// in a place harder to understand.
pub(super) fn unexpired(credentials: Credentials, now: SystemTime) -> Result<Credentials, Error> {
    match credentials.expiry() {
        Some(expiry) if expiry <= now => Err(failure("the source returned expired credentials")),
        _ => Ok(credentials),
    }
}

/// Parses an RFC 3339 `Expiration` from a JSON document.
pub(super) fn parse_expiration(text: &str) -> Result<SystemTime, Error> {
    Timestamp::parse_rfc3339(text.trim())
        .map(system_time)
        .map_err(|_| failure("Expiration is not an RFC 3339 time"))
}

/// The JSON credentials document of IMDS, the container endpoint and
/// `credential_process` (`AccessKeyId`, `SecretAccessKey`, `Token` or `SessionToken`,
/// `Expiration`).
#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct JsonCredentials {
    access_key_id: Option<String>,
    secret_access_key: Option<String>,
    #[serde(alias = "SessionToken")]
    token: Option<String>,
    expiration: Option<String>,
    code: Option<String>,
}

impl JsonCredentials {
    /// Parses and checks a document; the error never quotes it.
    pub(super) fn parse(body: &[u8], now: SystemTime) -> Result<Credentials, Error> {
        let doc: Self = serde_json::from_slice(body).map_err(|e| {
            failure(format!(
                "malformed credentials document (line {}, column {})",
                e.line(),
                e.column()
            ))
        })?;
        doc.into_credentials(now)
    }

    fn into_credentials(self, now: SystemTime) -> Result<Credentials, Error> {
        if let Some(code) = self.code.filter(|c| c != "Success") {
            return Err(failure(format!("credentials document says {code:?}")));
        }
        let non_empty = |v: Option<String>| v.filter(|v| !v.is_empty());
        let (Some(access), Some(secret)) = (
            non_empty(self.access_key_id),
            non_empty(self.secret_access_key),
        ) else {
            return Err(failure(
                "credentials document lacks AccessKeyId or SecretAccessKey",
            ));
        };
        let mut credentials = Credentials::new(access, secret);
        if let Some(token) = non_empty(self.token) {
            credentials = credentials.with_session_token(token);
        }
        if let Some(expiration) = non_empty(self.expiration) {
            credentials = credentials.with_expiry(parse_expiration(&expiration)?);
        }
        unexpired(credentials, now)
    }
}
