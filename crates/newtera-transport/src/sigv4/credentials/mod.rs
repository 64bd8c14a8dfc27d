//! Where signing credentials come from: an object-safe async provider trait and its
//! implementations.
//!
//! | provider | source | refreshes |
//! |---|---|---|
//! | [`StaticCredentials`] | keys in code, or anonymous | never |
//! | [`EnvCredentials`] | `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, `MINIO_ACCESS_KEY` / `MINIO_SECRET_KEY` | read on each call |
//! | [`ProfileCredentials`] | `~/.aws/config` and `~/.aws/credentials`: keys, `credential_process`, `role_arn` with `source_profile` / `credential_source`, `web_identity_token_file` | at the expiry of what it resolves to |
//! | [`ProcessCredentials`] | a command printing JSON (`credential_process`) | at its `Expiration` |
//! | [`AssumeRoleProvider`] | STS `AssumeRole` with source credentials | at `Expiration` |
//! | [`WebIdentityProvider`] | STS `AssumeRoleWithWebIdentity`, token file re-read each time | at `Expiration` |
//! | [`ContainerCredentials`] | ECS / EKS Pod Identity endpoint | at `Expiration` |
//! | [`ImdsCredentials`] | EC2 instance metadata (IMDSv2) | at `Expiration` |
//! | [`MinioStsProvider`] | MinIO STS: LDAP, client grants, custom token, client certificate | at `Expiration` |
//! | [`McConfigCredentials`] | an alias of MinIO client's `~/.mc/config.json` | never |
//! | [`ChainProvider`] | the first of several that has credentials; [`ChainProvider::default_chain`] is environment → profile → web identity → container → IMDS | — |
//! | [`CachedCredentials`] | caches another provider, one refresh shared by concurrent callers, 5 minutes before expiry | — |
//!
//! Every provider's `Debug`, errors and logs leave out secret keys, session tokens,
//! web identity tokens, passwords and authorization tokens.

mod cache;
mod chain;
mod container;
mod env;
mod http;
mod imds;
mod ini;
mod mc;
mod minio;
mod process;
mod profile;
mod sts;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::SystemTime;

use crate::error::Error;

pub use cache::CachedCredentials;
pub use chain::ChainProvider;
pub use container::ContainerCredentials;
pub use env::EnvCredentials;
pub use imds::ImdsCredentials;
pub use mc::McConfigCredentials;
pub use minio::MinioStsProvider;
pub use process::ProcessCredentials;
pub use profile::ProfileCredentials;
pub use sts::{AssumeRoleProvider, StsEndpoint, WebIdentityProvider};

/// Reads one environment variable (injectable, so tests need not touch the process's).
pub(super) type Lookup = std::sync::Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// The process environment as a [`Lookup`].
pub(super) fn process_env() -> Lookup {
    std::sync::Arc::new(|name| std::env::var(name).ok())
}

/// The future a provider returns.
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Option<Credentials>, Error>> + Send + 'a>>;

/// Supplies credentials for each request; `Ok(None)` means anonymous (requests go unsigned).
///
/// Object safe, so the layer holds an `Arc<dyn ProvideCredentials>`.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// The credentials to sign the next request with.
    fn provide_credentials(&self) -> CredentialsFuture<'_>;

    /// The answer [`provide_credentials`](Self::provide_credentials) would give, when the
    /// provider has it at hand without waiting (static keys, a fresh cache); `None` when it
    /// must be awaited. The signing layer asks this first, so a request signed with keys
    /// at hand allocates no future. The default is `None`.
    fn credentials_now(&self) -> Option<Option<Credentials>> {
        None
    }
}

/// Signing credentials plus, for temporary ones, when they expire.
///
/// `Debug` shows the access key only.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    keys: newtera_sign::Credentials,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// Long-term credentials.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        newtera_sign::Credentials::new(access_key, secret_key).into()
    }

    /// Adds the session token of temporary credentials.
    #[must_use]
    pub fn with_session_token(mut self, token: impl Into<String>) -> Self {
        self.keys = self.keys.with_session_token(token);
        self
    }

    /// Marks the credentials as expiring at `expiry`.
    #[must_use]
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// When the credentials stop working, if they do.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// The keys handed to the signer.
    pub fn keys(&self) -> &newtera_sign::Credentials {
        &self.keys
    }
}

impl From<newtera_sign::Credentials> for Credentials {
    fn from(keys: newtera_sign::Credentials) -> Self {
        Self { keys, expiry: None }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // newtera_sign::Credentials' Debug already masks the secret and token.
        f.debug_struct("Credentials")
            .field("keys", &self.keys)
            .field("expiry", &self.expiry)
            .finish()
    }
}

/// Fixed credentials, or none (anonymous).
#[derive(Debug, Clone)]
pub struct StaticCredentials {
    credentials: Option<Credentials>,
}

impl StaticCredentials {
    /// Always these credentials.
    pub fn new(credentials: Credentials) -> Self {
        Self {
            credentials: Some(credentials),
        }
    }

    /// Always anonymous: requests are sent unsigned.
    pub fn anonymous() -> Self {
        Self { credentials: None }
    }
}

impl ProvideCredentials for StaticCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let credentials = self.credentials.clone();
        Box::pin(std::future::ready(Ok(credentials)))
    }

    fn credentials_now(&self) -> Option<Option<Credentials>> {
        Some(self.credentials.clone())
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for std::sync::Arc<T> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        (**self).provide_credentials()
    }

    fn credentials_now(&self) -> Option<Option<Credentials>> {
        (**self).credentials_now()
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Box<T> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        (**self).provide_credentials()
    }

    fn credentials_now(&self) -> Option<Option<Credentials>> {
        (**self).credentials_now()
    }
}
