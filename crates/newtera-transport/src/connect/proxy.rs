//! Proxy configuration: explicit URLs or the `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` variables.

use std::fmt;

use base64::Engine as _;
use http::{HeaderValue, Uri};
use hyper_util::client::proxy::matcher::Matcher;

use crate::error::Error;

/// Which proxy to use for which destination.
///
/// Only `http://` proxy URLs are supported: plain-HTTP requests are forwarded in absolute form,
/// HTTPS requests are tunnelled with `CONNECT`. Credentials come from the URL's user info
/// (`http://user:pass@proxy:3128`) or from [`basic_auth`](Self::basic_auth) and are sent as
/// `Proxy-Authorization: Basic …`. `Debug` never shows them.
#[derive(Clone, Default)]
pub struct ProxyConfig {
    http: Option<String>,
    https: Option<String>,
    no_proxy: Option<String>,
    auth: Option<(String, String)>,
}

impl ProxyConfig {
    /// No proxy at all, whatever the environment says.
    pub fn none() -> Self {
        Self::default()
    }

    /// One proxy for every destination.
    pub fn all(url: impl Into<String>) -> Self {
        let url = url.into();
        Self {
            http: Some(url.clone()),
            https: Some(url),
            ..Self::default()
        }
    }

    /// Reads `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` (either case), as curl does.
    pub fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// As [`from_env`](Self::from_env), with variables looked up by `lookup` (for tests and
    /// embedders that keep their own environment).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let var = |upper: &str| {
            lookup(upper)
                .or_else(|| lookup(&upper.to_ascii_lowercase()))
                .filter(|v| !v.trim().is_empty())
        };
        let all = var("ALL_PROXY");
        // Under CGI, `HTTP_PROXY` comes from the client's `Proxy:` header ("httpoxy"), so
        // only the lower-case variable is trusted there, as curl does.
        let http = if lookup("REQUEST_METHOD").is_some() {
            lookup("http_proxy").filter(|v| !v.trim().is_empty())
        } else {
            var("HTTP_PROXY")
        };
        Self {
            http: http.or_else(|| all.clone()),
            https: var("HTTPS_PROXY").or(all),
            no_proxy: var("NO_PROXY"),
            auth: None,
        }
    }

    /// The proxy for `http://` destinations.
    pub fn http(mut self, url: impl Into<String>) -> Self {
        self.http = Some(url.into());
        self
    }

    /// The proxy for `https://` destinations (tunnelled with `CONNECT`).
    pub fn https(mut self, url: impl Into<String>) -> Self {
        self.https = Some(url.into());
        self
    }

    /// Hosts that bypass the proxy: comma-separated domains (suffix match), IPs, CIDR blocks, `*`.
    pub fn no_proxy(mut self, list: impl Into<String>) -> Self {
        self.no_proxy = Some(list.into());
        self
    }

    /// Credentials for the proxy, overriding any in the URLs.
    pub fn basic_auth(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.auth = Some((user.into(), password.into()));
        self
    }

    /// Whether any proxy is configured.
    pub fn is_empty(&self) -> bool {
        self.http.is_none() && self.https.is_none()
    }

    pub(crate) fn build(&self) -> Result<Option<ProxyRules>, Error> {
        if self.is_empty() {
            return Ok(None);
        }
        let mut builder = Matcher::builder();
        if let Some(url) = &self.http {
            builder = builder.http(validated(url)?);
        }
        if let Some(url) = &self.https {
            builder = builder.https(validated(url)?);
        }
        if let Some(no) = &self.no_proxy {
            builder = builder.no(no.as_str());
        }
        let auth = self
            .auth
            .as_ref()
            .map(|(u, p)| basic_header(u, p))
            .transpose()?;
        Ok(Some(ProxyRules {
            matcher: builder.build(),
            auth,
        }))
    }
}

/// Checks a proxy URL up front, because the matcher silently ignores values it cannot parse.
fn validated(url: &str) -> Result<&str, Error> {
    let uri: Uri = url
        .parse()
        .map_err(|_| Error::builder("proxy URL does not parse"))?;
    match uri.scheme_str() {
        Some("http") if uri.host().is_some() => Ok(url),
        Some("http") => Err(Error::builder("proxy URL has no host")),
        _ => Err(Error::builder("only http:// proxy URLs are supported")),
    }
}

fn basic_header(user: &str, password: &str) -> Result<HeaderValue, Error> {
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    let mut value = HeaderValue::try_from(format!("Basic {token}"))
        .map_err(|_| Error::builder("proxy credentials are not a valid header value"))?;
    value.set_sensitive(true);
    Ok(value)
}

impl fmt::Debug for ProxyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyConfig")
            .field("http", &self.http.as_deref().map(redact))
            .field("https", &self.https.as_deref().map(redact))
            .field("no_proxy", &self.no_proxy)
            .field("auth", &self.auth.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Drops the user info (credentials) from a proxy URL for display.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.rsplit_once('@') {
        Some((_, host)) => format!("{scheme}://<redacted>@{host}"),
        None => url.to_owned(),
    }
}

/// The built rules: which proxy a destination goes through and with which credentials.
pub(crate) struct ProxyRules {
    matcher: Matcher,
    auth: Option<HeaderValue>,
}

/// The proxy chosen for one destination.
pub(crate) struct Route {
    pub(crate) proxy: Uri,
    pub(crate) auth: Option<HeaderValue>,
}

impl ProxyRules {
    pub(crate) fn route(&self, dst: &Uri) -> Option<Route> {
        let intercept = self.matcher.intercept(dst)?;
        let auth = self
            .auth
            .clone()
            .or_else(|| intercept.basic_auth().cloned());
        Some(Route {
            proxy: intercept.uri().clone(),
            auth,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(cfg: ProxyConfig) -> ProxyRules {
        cfg.build().ok().flatten().expect("rules")
    }

    #[test]
    fn env_lookup_picks_https_http_and_no_proxy() {
        let env = |name: &str| match name {
            "https_proxy" => Some("http://u:p@secure-proxy:3128".to_owned()),
            "HTTP_PROXY" => Some("http://plain-proxy:8080".to_owned()),
            "NO_PROXY" => Some("internal.example, 10.0.0.0/8".to_owned()),
            _ => None,
        };
        let rules = rules(ProxyConfig::from_lookup(env));
        let https = rules
            .route(&Uri::from_static("https://s3.example.com/b"))
            .expect("https");
        assert_eq!(https.proxy.host(), Some("secure-proxy"));
        assert_eq!(
            https.auth.as_ref().map(|v| v.as_bytes()),
            Some(&b"Basic dTpw"[..])
        );
        let http = rules
            .route(&Uri::from_static("http://s3.example.com/b"))
            .expect("http");
        assert_eq!(http.proxy.host(), Some("plain-proxy"));
        assert!(http.auth.is_none());
        assert!(
            rules
                .route(&Uri::from_static("http://a.internal.example/"))
                .is_none()
        );
        assert!(
            rules
                .route(&Uri::from_static("https://10.1.2.3/"))
                .is_none()
        );
    }

    #[test]
    fn cgi_requests_cannot_inject_a_proxy() {
        let env = |name: &str| match name {
            "REQUEST_METHOD" => Some("GET".to_owned()),
            "HTTP_PROXY" => Some("http://attacker:1".to_owned()),
            _ => None,
        };
        assert!(
            ProxyConfig::from_lookup(env)
                .build()
                .ok()
                .flatten()
                .is_none()
        );
    }

    #[test]
    fn empty_environment_means_no_proxy() {
        assert!(
            ProxyConfig::from_lookup(|_| None)
                .build()
                .ok()
                .flatten()
                .is_none()
        );
    }

    #[test]
    fn explicit_credentials_override_url_and_never_print() {
        let cfg = ProxyConfig::all("http://user:hunter2@proxy:1").basic_auth("a", "s3cret");
        let shown = format!("{cfg:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("s3cret"),
            "{shown}"
        );
        let route = rules(cfg)
            .route(&Uri::from_static("https://x/"))
            .expect("route");
        assert_eq!(
            route.auth.as_ref().map(|v| v.as_bytes()),
            Some(&b"Basic YTpzM2NyZXQ="[..])
        );
    }

    #[test]
    fn rejects_https_and_garbage_proxy_urls() {
        assert!(ProxyConfig::all("https://proxy:443").build().is_err());
        assert!(ProxyConfig::all("not a url").build().is_err());
    }
}
