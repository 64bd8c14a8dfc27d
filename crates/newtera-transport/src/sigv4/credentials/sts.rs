//! STS providers: `AssumeRole` (signed with source credentials) and
//! `AssumeRoleWithWebIdentity` (a token file, re-read on every refresh).
//!
//! The wire format lives in [`newtera_proto::sts`]; this module sends it. AWS sources:
//! <https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html>,
//! <https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html>.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http::{Request, Uri};
use newtera_proto::sts::{CONTENT_TYPE, StsRequest, decode_credentials};
use newtera_sign::{PayloadMode, SigningParams};

use super::http::{exchange, failure, failure_from, system_time, unexpired};
use super::{Credentials, CredentialsFuture, Lookup, ProvideCredentials, process_env};
use crate::body::Body;
use crate::error::{Error, ErrorKind};
use crate::service::HttpService;

/// The default deadline of one STS call, connection included.
const STS_TIMEOUT: Duration = Duration::from_secs(10);

/// Where STS requests go and how they are signed.
#[derive(Debug, Clone)]
pub struct StsEndpoint {
    http: HttpService,
    uri: Uri,
    region: String,
    timeout: Duration,
}

impl StsEndpoint {
    /// STS at `uri` (e.g. `https://sts.eu-west-1.amazonaws.com`, or an S3-compatible
    /// server's own endpoint: Ceph RGW and MinIO answer STS on their S3 port), signing
    /// for `region`.
    pub fn new(uri: &str, region: impl Into<String>) -> Result<Self, Error> {
        let uri: Uri = uri
            .parse()
            .map_err(|_| failure("the STS endpoint is not a valid URL"))?;
        if uri.scheme().is_none() || uri.authority().is_none() {
            return Err(failure("the STS endpoint must be an absolute http(s) URL"));
        }
        let http = HttpService::builder()
            .connect_timeout(Some(Duration::from_secs(5)))
            .build()?;
        Ok(Self {
            http,
            uri,
            region: region.into(),
            timeout: STS_TIMEOUT,
        })
    }

    /// The endpoint the environment names: `AWS_ENDPOINT_URL_STS`, then
    /// `AWS_ENDPOINT_URL`, else AWS's regional endpoint `https://sts.{region}.amazonaws.com`
    /// (`https://sts.amazonaws.com` for `us-east-1`). The region is `region`, else
    /// `AWS_REGION` / `AWS_DEFAULT_REGION`, else `us-east-1`.
    pub fn from_env(region: Option<&str>) -> Result<Self, Error> {
        Self::from_lookup(&process_env(), region, None)
    }

    pub(super) fn from_lookup(
        env: &Lookup,
        region: Option<&str>,
        endpoint: Option<&str>,
    ) -> Result<Self, Error> {
        let var = |name: &str| env(name).filter(|v| !v.is_empty());
        let region = region
            .map(str::to_owned)
            .or_else(|| var("AWS_REGION"))
            .or_else(|| var("AWS_DEFAULT_REGION"))
            .unwrap_or_else(|| "us-east-1".to_owned());
        let uri = var("AWS_ENDPOINT_URL_STS")
            .or_else(|| endpoint.map(str::to_owned))
            .or_else(|| var("AWS_ENDPOINT_URL"))
            .unwrap_or_else(|| match region.as_str() {
                "us-east-1" => "https://sts.amazonaws.com".to_owned(),
                r => format!("https://sts.{r}.amazonaws.com"),
            });
        Self::new(&uri, region)
    }

    /// Sends through `http` instead of a default HTTP service (proxies, extra CAs, mTLS).
    #[must_use]
    pub fn http(mut self, http: HttpService) -> Self {
        self.http = http;
        self
    }

    /// The deadline of one call (default 10 s).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sends `request`, signed with `signer` when given, and decodes the credentials.
    pub(super) async fn call(
        &self,
        request: &StsRequest,
        signer: Option<&Credentials>,
    ) -> Result<Credentials, Error> {
        let body = request.form();
        let mut req = Request::post(self.uri.clone())
            .header(http::header::CONTENT_TYPE, CONTENT_TYPE)
            .body(Body::from(body.clone()))
            .map_err(|e| failure_from("building the STS request", e))?;
        if let Some(signer) = signer {
            self.sign(&mut req, body.as_bytes(), signer)?;
        }
        let (status, bytes) = exchange(&self.http, req, self.timeout).await?;
        let answer = decode_credentials(status, &bytes)
            .map_err(|e| failure_from(format!("STS {} failed", request.action()), e))?;
        let credentials = Credentials::new(answer.access_key_id, answer.secret_access_key)
            .with_session_token(answer.session_token)
            .with_expiry(system_time(answer.expiration));
        tracing::debug!(
            action = request.action(),
            "STS issued temporary credentials"
        );
        unexpired(credentials, SystemTime::now())
    }

    fn sign(
        &self,
        req: &mut Request<Body>,
        body: &[u8],
        signer: &Credentials,
    ) -> Result<(), Error> {
        let params = SigningParams::builder()
            .credentials(signer.keys().clone())
            .region(self.region.clone())
            .service("sts")
            .content_sha256_header(false)
            .time(SystemTime::now())
            .build()
            .map_err(|e| Error::with_source(ErrorKind::Signing, e))?;
        newtera_sign::sign_http_request(req, PayloadMode::Bytes(body), &params)
            .map_err(|e| Error::with_source(ErrorKind::Signing, e))?;
        Ok(())
    }
}

/// Optional parameters shared by the role providers.
#[derive(Debug, Clone, Default)]
pub(super) struct RoleOptions {
    pub(super) session_name: Option<String>,
    pub(super) external_id: Option<String>,
    pub(super) duration: Option<Duration>,
    pub(super) policy: Option<String>,
}

impl RoleOptions {
    fn session_name(&self) -> String {
        self.session_name.clone().unwrap_or_else(|| {
            let millis = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis());
            format!("newtera-{millis}")
        })
    }

    fn apply(&self, mut request: StsRequest) -> StsRequest {
        if let Some(id) = &self.external_id {
            request = request.external_id(id.clone());
        }
        if let Some(duration) = self.duration {
            request =
                request.duration_seconds(u32::try_from(duration.as_secs()).unwrap_or(u32::MAX));
        }
        if let Some(policy) = &self.policy {
            request = request.policy(policy.clone());
        }
        request
    }
}

/// Temporary credentials for a role, from STS `AssumeRole` signed with a source
/// provider's credentials.
///
/// Defaults: session name `newtera-<unix ms>`, duration chosen by STS (AWS: 1 hour),
/// no external id or session policy. Errors: [`ErrorKind::Credentials`] when the source
/// has no credentials or STS refuses (the source error carries the STS code), a
/// [`ErrorKind::Timeout`] when STS does not answer in time. Wrap it in
/// [`CachedCredentials`](super::CachedCredentials) so STS is called once per expiry.
///
/// ```no_run
/// use newtera_transport::sigv4::credentials::{AssumeRoleProvider, CachedCredentials, EnvCredentials, StsEndpoint};
/// # fn run() -> Result<(), newtera_transport::Error> {
/// let sts = StsEndpoint::new("https://sts.eu-west-1.amazonaws.com", "eu-west-1")?;
/// let role = AssumeRoleProvider::new("arn:aws:iam::123456789012:role/reader", EnvCredentials::new(), sts)
///     .session_name("nightly-report")
///     .external_id("f00d")
///     .duration(std::time::Duration::from_secs(3600));
/// let provider = CachedCredentials::new(role);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct AssumeRoleProvider {
    role_arn: String,
    source: Arc<dyn ProvideCredentials>,
    sts: StsEndpoint,
    options: RoleOptions,
}

impl AssumeRoleProvider {
    /// Assumes `role_arn` with `source`'s credentials through `sts`.
    pub fn new(
        role_arn: impl Into<String>,
        source: impl ProvideCredentials + 'static,
        sts: StsEndpoint,
    ) -> Self {
        Self::from_arc(role_arn, Arc::new(source), sts)
    }

    pub(super) fn from_arc(
        role_arn: impl Into<String>,
        source: Arc<dyn ProvideCredentials>,
        sts: StsEndpoint,
    ) -> Self {
        Self {
            role_arn: role_arn.into(),
            source,
            sts,
            options: RoleOptions::default(),
        }
    }

    /// `RoleSessionName` (2–64 characters of `[\w+=,.@-]`).
    #[must_use]
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.options.session_name = Some(name.into());
        self
    }

    /// `ExternalId`, when the role's trust policy requires one.
    #[must_use]
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.options.external_id = Some(id.into());
        self
    }

    /// `DurationSeconds`, whole seconds (AWS: 15 minutes up to the role's maximum).
    #[must_use]
    pub fn duration(mut self, duration: Duration) -> Self {
        self.options.duration = Some(duration);
        self
    }

    /// An inline session policy (JSON) narrowing the role's permissions.
    #[must_use]
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.options.policy = Some(policy.into());
        self
    }

    pub(super) fn options(mut self, options: RoleOptions) -> Self {
        self.options = options;
        self
    }

    async fn assume(&self) -> Result<Option<Credentials>, Error> {
        let source = self.source.provide_credentials().await?.ok_or_else(|| {
            failure("AssumeRole needs source credentials, and the source has none")
        })?;
        let request = StsRequest::assume_role(self.role_arn.clone(), self.options.session_name());
        let request = self.options.apply(request);
        self.sts.call(&request, Some(&source)).await.map(Some)
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.assume())
    }
}

/// Temporary credentials from STS `AssumeRoleWithWebIdentity`: an OpenID Connect token
/// read from a file on every call (EKS rotates it), sent unsigned.
///
/// From the environment ([`from_env`](Self::from_env)): `AWS_WEB_IDENTITY_TOKEN_FILE`,
/// `AWS_ROLE_ARN`, optional `AWS_ROLE_SESSION_NAME`. Errors as for
/// [`AssumeRoleProvider`]; an unreadable or empty token file is
/// [`ErrorKind::Credentials`].
#[derive(Debug, Clone)]
pub struct WebIdentityProvider {
    role_arn: String,
    token_file: PathBuf,
    sts: StsEndpoint,
    options: RoleOptions,
}

impl WebIdentityProvider {
    /// Assumes `role_arn` with the token in `token_file` through `sts`.
    pub fn new(
        role_arn: impl Into<String>,
        token_file: impl Into<PathBuf>,
        sts: StsEndpoint,
    ) -> Self {
        Self {
            role_arn: role_arn.into(),
            token_file: token_file.into(),
            sts,
            options: RoleOptions::default(),
        }
    }

    /// The provider the environment describes, or `None` when `AWS_WEB_IDENTITY_TOKEN_FILE`
    /// or `AWS_ROLE_ARN` is unset.
    pub fn from_env() -> Result<Option<Self>, Error> {
        Self::from_lookup(&process_env())
    }

    /// As [`from_env`](Self::from_env), reading variables through `lookup`.
    pub fn from_env_with(
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Result<Option<Self>, Error> {
        Self::from_lookup(&(Arc::new(lookup) as Lookup))
    }

    pub(super) fn from_lookup(env: &Lookup) -> Result<Option<Self>, Error> {
        let var = |name: &str| env(name).filter(|v| !v.is_empty());
        let (Some(file), Some(role)) = (var("AWS_WEB_IDENTITY_TOKEN_FILE"), var("AWS_ROLE_ARN"))
        else {
            return Ok(None);
        };
        let sts = StsEndpoint::from_lookup(env, None, None)?;
        let mut provider = Self::new(role, file, sts);
        provider.options.session_name = var("AWS_ROLE_SESSION_NAME");
        Ok(Some(provider))
    }

    /// `RoleSessionName` (default `newtera-<unix ms>`).
    #[must_use]
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.options.session_name = Some(name.into());
        self
    }

    /// `DurationSeconds`, whole seconds.
    #[must_use]
    pub fn duration(mut self, duration: Duration) -> Self {
        self.options.duration = Some(duration);
        self
    }

    /// An inline session policy (JSON).
    #[must_use]
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.options.policy = Some(policy.into());
        self
    }

    async fn assume(&self) -> Result<Option<Credentials>, Error> {
        let token = tokio::fs::read_to_string(&self.token_file)
            .await
            .map_err(|e| failure_from("reading the web identity token file", e))?;
        let token = token.trim();
        if token.is_empty() {
            return Err(failure("the web identity token file is empty"));
        }
        let request = StsRequest::assume_role_with_web_identity(
            self.role_arn.clone(),
            self.options.session_name(),
            token,
        );
        let request = self.options.apply(request);
        self.sts.call(&request, None).await.map(Some)
    }
}

impl ProvideCredentials for WebIdentityProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.assume())
    }
}
