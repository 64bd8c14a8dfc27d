//! Aliases: a name for an endpoint and its credentials, saved in the
//! configuration file or given by environment variables.

use std::fmt;

use newtera::Newtera;
use newtera::transport::sigv4::credentials::{CachedCredentials, ProfileCredentials};
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::error::{CliError, CliResult};

/// The name of the alias defined by `NEWTERA_ENDPOINT` and friends.
pub(crate) const ENV_ALIAS: &str = "env";

/// One alias: where the server is and how to sign for it.
///
/// Credentials, first match wins: `anonymous` (unsigned requests), keys,
/// a named `profile` of `~/.aws/config` / `~/.aws/credentials`, else the
/// default chain (environment, profile, web identity, container, EC2
/// instance metadata).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Alias {
    /// The endpoint: `host:port` (HTTPS) or an `http://` / `https://` URL.
    pub(crate) url: String,
    /// The access key (shown by `alias list`); empty: no keys.
    #[serde(default)]
    pub(crate) access_key: String,
    /// The secret key (never printed).
    #[serde(default)]
    pub(crate) secret_key: String,
    /// The signing region, when the server needs a fixed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) region: Option<String>,
    /// A profile of the shared AWS config files to take credentials from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) profile: Option<String>,
    /// Unsigned requests, asked for explicitly.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) anonymous: bool,
    /// How bucket names go in URLs; `None` lets the client choose (path
    /// style for IP addresses and custom endpoints).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) path_style: Option<PathStyle>,
    /// TLS certificates are not verified (test servers only).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) insecure: bool,
    /// An extra CA certificate file (PEM) to trust.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) ca: Option<std::path::PathBuf>,
}

/// Where an alias puts the bucket name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub(crate) enum PathStyle {
    /// The client decides (the default).
    Auto,
    /// `https://host/bucket/key`.
    Path,
    /// `https://bucket.host/key`.
    Virtual,
}

impl fmt::Debug for Alias {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Alias")
            .field("url", &self.url)
            .field("access_key", &self.access_key)
            .field("secret_key", &"<redacted>")
            .field("region", &self.region)
            .field("profile", &self.profile)
            .field("anonymous", &self.anonymous)
            .field("path_style", &self.path_style)
            .field("insecure", &self.insecure)
            .field("ca", &self.ca)
            .finish()
    }
}

impl Alias {
    /// The alias defined by `NEWTERA_ENDPOINT`, `NEWTERA_ACCESS_KEY`,
    /// `NEWTERA_SECRET_KEY` and `NEWTERA_REGION`, if the endpoint is set.
    pub(crate) fn from_env() -> Option<Self> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Some(Self {
            url: var("NEWTERA_ENDPOINT")?,
            access_key: var("NEWTERA_ACCESS_KEY").unwrap_or_default(),
            secret_key: var("NEWTERA_SECRET_KEY").unwrap_or_default(),
            region: var("NEWTERA_REGION"),
            profile: var("NEWTERA_PROFILE"),
            anonymous: false,
            path_style: None,
            insecure: false,
            ca: None,
        })
    }

    /// Where the alias's credentials come from, for `alias list`.
    pub(crate) fn credentials_source(&self) -> String {
        match (self.anonymous, &self.profile, self.access_key.is_empty()) {
            (true, ..) => "anonymous".to_owned(),
            (false, _, false) => self.access_key.clone(),
            (false, Some(profile), true) => format!("profile {profile}"),
            (false, None, true) => "default chain".to_owned(),
        }
    }

    /// A client for this alias. Building it checks the endpoint's syntax
    /// without sending anything.
    pub(crate) fn client(&self) -> CliResult<Newtera> {
        self.client_with(|b| b)
    }

    /// Like [`Alias::client`], with `extra` settings applied to the builder.
    pub(crate) fn client_with(
        &self,
        extra: impl FnOnce(newtera::NewteraBuilder) -> newtera::NewteraBuilder,
    ) -> CliResult<Newtera> {
        let builder = Newtera::builder(&self.url);
        let mut builder = match (self.anonymous, &self.profile, self.access_key.is_empty()) {
            (true, ..) => builder.anonymous(),
            (false, _, false) => builder.credentials(&self.access_key, &self.secret_key),
            (false, Some(profile), true) => builder.credentials_provider(CachedCredentials::new(
                ProfileCredentials::new().profile(profile),
            )),
            // No keys: the client's default credentials chain.
            (false, None, true) => builder,
        };
        if let Some(region) = &self.region {
            builder = builder.region(region);
        }
        builder = match self.path_style {
            Some(PathStyle::Path) => builder.path_style(),
            Some(PathStyle::Virtual) => builder.virtual_hosted_style(),
            Some(PathStyle::Auto) | None => builder,
        };
        if self.insecure {
            builder = builder.danger_accept_invalid_certs(true);
        }
        if let Some(ca) = &self.ca {
            let pem = std::fs::read(ca).map_err(|e| {
                CliError::from(e).context(format!("the alias's CA file {}", ca.display()))
            })?;
            builder = builder.add_root_certificate_pem(pem);
        }
        extra(builder).build().map_err(|e| {
            let e = CliError::from(e);
            CliError::new(e.kind(), format!("endpoint {}: {}", self.url, e.message()))
        })
    }
}

/// Checks an alias name: letters, digits, `-` and `_`, so it can never be
/// mistaken for a local path.
pub(crate) fn validate_name(name: &str) -> CliResult<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(CliError::usage(format!(
            "invalid alias name {name:?}: use letters, digits, '-' and '_'"
        )))
    }
}

/// Every alias the command knows: the saved ones and the environment's.
#[derive(Debug, Default)]
pub(crate) struct Aliases {
    saved: Config,
    env: Option<Alias>,
}

impl Aliases {
    pub(crate) fn new(saved: Config, env: Option<Alias>) -> Self {
        Self { saved, env }
    }

    /// The alias called `name`. The environment's alias shadows a saved
    /// alias of the same name, so a script's variables always win.
    pub(crate) fn get(&self, name: &str) -> Option<&Alias> {
        match &self.env {
            Some(env) if name == ENV_ALIAS => Some(env),
            _ => self.saved.aliases.get(name),
        }
    }

    /// Whether `name` is a known alias.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alias(url: &str) -> Alias {
        Alias {
            url: url.into(),
            access_key: "AK".into(),
            secret_key: "very-secret".into(),
            region: None,
            profile: None,
            anonymous: false,
            path_style: None,
            insecure: false,
            ca: None,
        }
    }

    #[test]
    fn debug_hides_the_secret() {
        let text = format!("{:?}", alias("localhost:9000"));
        assert!(!text.contains("very-secret"), "{text}");
        assert!(text.contains("AK"));
    }

    #[test]
    fn old_files_and_keyless_aliases_load() {
        let old: Alias = serde_json::from_str(r#"{"url":"u","access_key":"AK","secret_key":"S"}"#)
            .expect("old alias");
        assert_eq!(old.credentials_source(), "AK");
        let keyless: Alias =
            serde_json::from_str(r#"{"url":"http://127.0.0.1:1","profile":"work"}"#)
                .expect("profile alias");
        assert_eq!(keyless.credentials_source(), "profile work");
        assert!(keyless.client().is_ok());
        let chain: Alias = serde_json::from_str(r#"{"url":"u"}"#).expect("chain alias");
        assert_eq!(chain.credentials_source(), "default chain");
        let text = serde_json::to_string(&chain).expect("json");
        assert!(
            !text.contains("profile") && !text.contains("anonymous"),
            "{text}"
        );
    }

    #[test]
    fn names_are_checked() {
        assert!(validate_name("play-1_x").is_ok());
        for bad in ["", "a/b", "..", "a b", "./x"] {
            assert!(validate_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn env_alias_shadows_saved() {
        let mut saved = Config::default();
        saved.aliases.insert("env".into(), alias("saved:1"));
        saved.aliases.insert("other".into(), alias("other:1"));
        let aliases = Aliases::new(saved, Some(alias("fromenv:1")));
        assert_eq!(
            aliases.get("env").map(|a| a.url.as_str()),
            Some("fromenv:1")
        );
        assert!(aliases.contains("other"));
        assert!(!aliases.contains("missing"));
    }

    #[test]
    fn bad_endpoint_is_an_error_not_a_panic() {
        assert!(alias("http://host:notaport").client().is_err());
    }
}
