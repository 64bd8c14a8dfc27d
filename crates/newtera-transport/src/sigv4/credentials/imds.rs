//! EC2 instance metadata (IMDSv2): a session token, the role name, then its credentials.
//!
//! 1. `PUT /latest/api/token` with `X-aws-ec2-metadata-token-ttl-seconds: 21600` → token;
//! 2. `GET /latest/meta-data/iam/security-credentials/` with `X-aws-ec2-metadata-token`
//!    → the role name;
//! 3. `GET /latest/meta-data/iam/security-credentials/{role}` → JSON (`Code`,
//!    `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`).
//!
//! Source: <https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html>
//! and <https://docs.aws.amazon.com/sdkref/latest/guide/feature-imds-credentials.html>.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use http::header::HeaderValue;
use http::{Method, Request, StatusCode};
use tokio::sync::Mutex;

use super::http::{JsonCredentials, exchange, failure, failure_from, local_client};
use super::{Credentials, CredentialsFuture, Lookup, ProvideCredentials, process_env};
use crate::body::Body;
use crate::error::Error;
use crate::service::HttpService;

const TOKEN_HEADER: &str = "x-aws-ec2-metadata-token";
const TTL_HEADER: &str = "x-aws-ec2-metadata-token-ttl-seconds";
const TOKEN_TTL: Duration = Duration::from_secs(21_600);
const ROLE_PATH: &str = "/latest/meta-data/iam/security-credentials/";

/// Credentials of the IAM role attached to the EC2 instance.
///
/// Defaults: endpoint `http://169.254.169.254` (`AWS_EC2_METADATA_SERVICE_ENDPOINT`, or
/// `http://[fd00:ec2::254]` when `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6`), 1 s per
/// request so a chain off EC2 does not stall, IMDSv1 fallback **off** (on when
/// `AWS_EC2_METADATA_V1_DISABLED=false` or [`allow_v1`](Self::allow_v1)).
/// `AWS_EC2_METADATA_DISABLED=true` turns the provider off (`Ok(None)`).
///
/// Outcomes: `Ok(None)` when the token endpoint cannot be reached in time (not on EC2);
/// [`ErrorKind::Credentials`](crate::ErrorKind::Credentials) for a refused token without
/// v1 fallback, no role attached (404), a malformed or already expired document. A 401
/// (stale token) fetches a new token and retries once. The session token is cached for
/// its TTL (6 hours) less a minute.
#[derive(Clone)]
pub struct ImdsCredentials {
    endpoint: String,
    disabled: bool,
    allow_v1: bool,
    timeout: Duration,
    token: Arc<Mutex<Option<(HeaderValue, Instant)>>>,
}

/// How a token request ended.
enum Token {
    Session(HeaderValue),
    /// v1: no token, allowed.
    None,
    /// Nothing answered: not on EC2.
    Unreachable,
}

impl ImdsCredentials {
    /// Reads the settings from the process environment.
    pub fn new() -> Self {
        Self::from_lookup(&process_env())
    }

    /// As [`new`](Self::new), reading variables through `lookup` instead of the process
    /// environment (tests, embedders with their own environment).
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self::from_lookup(&(Arc::new(lookup) as Lookup))
    }

    pub(super) fn from_lookup(env: &Lookup) -> Self {
        let var = |name: &str| env(name).filter(|v| !v.is_empty());
        let is = |name: &str, value: &str| var(name).is_some_and(|v| v.eq_ignore_ascii_case(value));
        let endpoint = var("AWS_EC2_METADATA_SERVICE_ENDPOINT").unwrap_or_else(|| {
            match is("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6") {
                true => "http://[fd00:ec2::254]".to_owned(),
                false => "http://169.254.169.254".to_owned(),
            }
        });
        Self {
            endpoint: endpoint.trim_end_matches('/').to_owned(),
            disabled: is("AWS_EC2_METADATA_DISABLED", "true"),
            allow_v1: is("AWS_EC2_METADATA_V1_DISABLED", "false"),
            timeout: Duration::from_secs(1),
            token: Arc::default(),
        }
    }

    /// Talks to `endpoint` (e.g. `http://127.0.0.1:8080`) instead.
    #[must_use]
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into().trim_end_matches('/').to_owned();
        self
    }

    /// Falls back to IMDSv1 (no token) when the token request is refused.
    #[must_use]
    pub fn allow_v1(mut self, allow: bool) -> Self {
        self.allow_v1 = allow;
        self
    }

    /// The deadline of each request (default 1 s).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Whether `AWS_EC2_METADATA_DISABLED` turned the provider off.
    pub fn is_disabled(&self) -> bool {
        self.disabled
    }

    async fn send(
        &self,
        http: &HttpService,
        method: Method,
        path: &str,
        header: Option<(&'static str, HeaderValue)>,
    ) -> Result<(StatusCode, bytes::Bytes), Error> {
        let mut req = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.endpoint))
            .body(Body::empty())
            .map_err(|e| failure_from("building the IMDS request", e))?;
        if let Some((name, value)) = header {
            req.headers_mut().insert(name, value);
        }
        exchange(http, req, self.timeout).await
    }

    async fn token(&self, http: &HttpService, fresh: bool) -> Result<Token, Error> {
        let mut cached = self.token.lock().await;
        let usable = |(_, at): &&(HeaderValue, Instant)| {
            !fresh && at.elapsed() + Duration::from_secs(60) < TOKEN_TTL
        };
        if let Some((token, _)) = cached.as_ref().filter(usable) {
            return Ok(Token::Session(token.clone()));
        }
        let ttl = HeaderValue::from(TOKEN_TTL.as_secs());
        let answer = self
            .send(
                http,
                Method::PUT,
                "/latest/api/token",
                Some((TTL_HEADER, ttl)),
            )
            .await;
        let (status, body) = match answer {
            Ok(answer) => answer,
            Err(e) if e.is_timeout() || e.is_connect() => return Ok(Token::Unreachable),
            Err(e) => return Err(e),
        };
        if status == StatusCode::OK {
            let mut token = std::str::from_utf8(&body)
                .ok()
                .and_then(|t| HeaderValue::from_str(t.trim()).ok())
                .filter(|t| !t.is_empty())
                .ok_or_else(|| failure("IMDS sent a malformed session token"))?;
            token.set_sensitive(true);
            *cached = Some((token.clone(), Instant::now()));
            return Ok(Token::Session(token));
        }
        *cached = None;
        match self.allow_v1 {
            true => Ok(Token::None),
            false => Err(failure(format!(
                "IMDS refused a session token ({status}) and IMDSv1 fallback is off"
            ))),
        }
    }

    /// A GET with the token; a 401 (stale token) gets a new token and one retry.
    async fn get(
        &self,
        http: &HttpService,
        path: &str,
    ) -> Result<(StatusCode, bytes::Bytes), Error> {
        let mut fresh = false;
        loop {
            let header = match self.token(http, fresh).await? {
                Token::Session(token) => Some((TOKEN_HEADER, token)),
                Token::None => None,
                Token::Unreachable => return Err(failure("IMDS stopped answering")),
            };
            let (status, body) = self.send(http, Method::GET, path, header).await?;
            if status == StatusCode::UNAUTHORIZED && !fresh {
                tracing::debug!("IMDS token rejected (401): fetching a new one");
                fresh = true;
                continue;
            }
            return Ok((status, body));
        }
    }

    async fn fetch(&self) -> Result<Option<Credentials>, Error> {
        if self.disabled {
            return Ok(None);
        }
        let http = local_client(self.timeout, false)?;
        if let Token::Unreachable = self.token(&http, false).await? {
            tracing::debug!("IMDS unreachable: not on EC2");
            return Ok(None);
        }
        let role = self.role(&http).await?;
        let (status, body) = self.get(&http, &format!("{ROLE_PATH}{role}")).await?;
        match status {
            StatusCode::OK => JsonCredentials::parse(&body, SystemTime::now()).map(Some),
            StatusCode::NOT_FOUND => Err(failure(format!(
                "IMDS has no credentials for role {role:?}"
            ))),
            other => Err(failure(format!(
                "IMDS answered {other} for the role's credentials"
            ))),
        }
    }

    async fn role(&self, http: &HttpService) -> Result<String, Error> {
        let (status, body) = self.get(http, ROLE_PATH).await?;
        match status {
            StatusCode::OK => {}
            StatusCode::NOT_FOUND => {
                return Err(failure("no IAM role is attached to this instance"));
            }
            other => return Err(failure(format!("IMDS answered {other} for the role name"))),
        }
        std::str::from_utf8(&body)
            .ok()
            .and_then(|text| text.lines().map(str::trim).find(|l| !l.is_empty()))
            .filter(|role| {
                role.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
            })
            .map(str::to_owned)
            .ok_or_else(|| failure("IMDS sent a malformed role name"))
    }
}

impl Default for ImdsCredentials {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for ImdsCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImdsCredentials")
            .field("endpoint", &self.endpoint)
            .field("disabled", &self.disabled)
            .field("allow_v1", &self.allow_v1)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for ImdsCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}
