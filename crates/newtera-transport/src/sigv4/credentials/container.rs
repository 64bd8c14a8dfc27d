//! Container credentials: ECS task roles and EKS Pod Identity.
//!
//! `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is a path on `http://169.254.170.2`;
//! `AWS_CONTAINER_CREDENTIALS_FULL_URI` a whole URL, which must be HTTPS or name a
//! loopback address or the ECS / EKS link-local hosts. The `Authorization` header is the
//! content of `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on each call, as EKS
//! rotates it) or `AWS_CONTAINER_AUTHORIZATION_TOKEN`. The answer is JSON with
//! `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`. Source:
//! <https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html>.

use std::net::IpAddr;
use std::time::{Duration, SystemTime};

use http::header::{AUTHORIZATION, HeaderValue};
use http::{Request, StatusCode, Uri};

use super::http::{JsonCredentials, exchange, failure, failure_from, local_client};
use super::{Credentials, CredentialsFuture, Lookup, ProvideCredentials, process_env};
use crate::body::Body;
use crate::error::Error;

const ECS_HOST: &str = "http://169.254.170.2";
const TIMEOUT: Duration = Duration::from_secs(5);

/// Where the endpoint's settings come from.
#[derive(Clone, Debug, Default)]
struct Settings {
    relative: Option<String>,
    full: Option<String>,
    token: Option<String>,
    token_file: Option<String>,
}

/// Credentials from the container credentials endpoint.
///
/// `Ok(None)` when neither URI variable is set; errors
/// ([`ErrorKind::Credentials`](crate::ErrorKind::Credentials)) for a host that is not
/// allowed, an unreadable token file, a non-200 answer, a malformed or already expired
/// document; [`ErrorKind::Timeout`](crate::ErrorKind::Timeout) after 5 s without an
/// answer (configurable).
#[derive(Clone)]
pub struct ContainerCredentials {
    settings: Settings,
    timeout: Duration,
}

impl ContainerCredentials {
    /// Reads the settings from the process environment.
    pub fn new() -> Self {
        Self::from_lookup(&process_env())
    }

    /// As [`new`](Self::new), reading variables through `lookup` instead of the process
    /// environment (tests, embedders with their own environment).
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self::from_lookup(&(std::sync::Arc::new(lookup) as Lookup))
    }

    pub(super) fn from_lookup(env: &Lookup) -> Self {
        let var = |name: &str| env(name).filter(|v| !v.is_empty());
        Self {
            settings: Settings {
                relative: var("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
                full: var("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
                token: var("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
                token_file: var("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"),
            },
            timeout: TIMEOUT,
        }
    }

    /// The deadline of one fetch (default 5 s).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Whether the environment configures an endpoint.
    pub fn is_configured(&self) -> bool {
        self.settings.relative.is_some() || self.settings.full.is_some()
    }

    fn uri(&self) -> Result<Option<Uri>, Error> {
        if let Some(relative) = &self.settings.relative {
            let uri = format!("{ECS_HOST}{relative}");
            return uri.parse().map(Some).map_err(|_| {
                failure("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is not a valid path")
            });
        }
        let Some(full) = &self.settings.full else {
            return Ok(None);
        };
        let uri: Uri = full
            .parse()
            .map_err(|_| failure("AWS_CONTAINER_CREDENTIALS_FULL_URI is not a valid URL"))?;
        check_allowed(&uri)?;
        Ok(Some(uri))
    }

    async fn authorization(&self) -> Result<Option<HeaderValue>, Error> {
        let token =
            match &self.settings.token_file {
                Some(file) => Some(tokio::fs::read_to_string(file).await.map_err(|e| {
                    failure_from("reading AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", e)
                })?),
                None => self.settings.token.clone(),
            };
        token
            .map(|t| HeaderValue::from_str(t.trim()))
            .transpose()
            .map_err(|_| failure("the container authorization token is not a valid header value"))
    }

    async fn fetch(&self) -> Result<Option<Credentials>, Error> {
        let Some(uri) = self.uri()? else {
            return Ok(None);
        };
        let https = uri.scheme_str() == Some("https");
        let mut req = Request::get(uri)
            .body(Body::empty())
            .map_err(|e| failure_from("building the container request", e))?;
        if let Some(mut value) = self.authorization().await? {
            value.set_sensitive(true);
            req.headers_mut().insert(AUTHORIZATION, value);
        }
        let http = local_client(Duration::from_secs(2), https)?;
        let (status, body) = exchange(&http, req, self.timeout).await?;
        if status != StatusCode::OK {
            return Err(failure(format!("the container endpoint answered {status}")));
        }
        JsonCredentials::parse(&body, SystemTime::now()).map(Some)
    }
}

/// HTTPS anywhere; plain HTTP only to loopback, the ECS host or EKS Pod Identity's.
fn check_allowed(uri: &Uri) -> Result<(), Error> {
    match uri.scheme_str() {
        Some("https") => return Ok(()),
        Some("http") => {}
        _ => {
            return Err(failure(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI must be http or https",
            ));
        }
    }
    let host = uri
        .host()
        .unwrap_or("")
        .trim_start_matches('[')
        .trim_end_matches(']');
    let allowed = host == "localhost"
        || host.parse::<IpAddr>().is_ok_and(|ip| {
            ip.is_loopback()
                || ip == IpAddr::from([169, 254, 170, 2])
                || ip == IpAddr::from([169, 254, 170, 23])
                || ip == IpAddr::from([0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x23])
        });
    if allowed {
        Ok(())
    } else {
        Err(failure(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI over plain HTTP must name a loopback or container host",
        ))
    }
}

impl Default for ContainerCredentials {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for ContainerCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URIs are not secret but may embed query tokens; print only what is set.
        f.debug_struct("ContainerCredentials")
            .field("configured", &self.is_configured())
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for ContainerCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_to_allowed_hosts() {
        for ok in [
            "http://127.0.0.1:8080/creds",
            "http://127.1.2.3/x",
            "http://localhost/x",
            "http://[::1]:9/x",
            "http://169.254.170.2/v2/credentials/abc",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/v1/credentials",
            "https://creds.example.com/x",
        ] {
            assert!(check_allowed(&ok.parse().expect("uri")).is_ok(), "{ok}");
        }
        for bad in [
            "http://10.0.0.1/x",
            "http://example.com/x",
            "ftp://127.0.0.1/x",
            "http://169.254.169.254/",
        ] {
            assert!(check_allowed(&bad.parse().expect("uri")).is_err(), "{bad}");
        }
    }

    #[test]
    fn relative_uri_goes_to_the_ecs_host() {
        let env: Lookup = std::sync::Arc::new(|name: &str| {
            (name == "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
                .then(|| "/v2/credentials/id".to_owned())
        });
        let c = ContainerCredentials::from_lookup(&env);
        let uri = c.uri().expect("uri").expect("configured");
        assert_eq!(uri.to_string(), "http://169.254.170.2/v2/credentials/id");
    }
}
