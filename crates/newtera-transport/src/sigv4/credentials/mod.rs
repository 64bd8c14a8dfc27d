//! Where signing credentials come from: an object-safe async provider trait and its
//! implementations (static, environment, shared credentials file, caching wrapper).

mod cache;
mod env;
mod profile;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::SystemTime;

use crate::error::Error;

pub use cache::CachedCredentials;
pub use env::EnvCredentials;
pub use profile::ProfileCredentials;

/// The future a provider returns.
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Option<Credentials>, Error>> + Send + 'a>>;

/// Supplies credentials for each request; `Ok(None)` means anonymous (requests go unsigned).
///
/// Object safe, so the layer holds an `Arc<dyn ProvideCredentials>`.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// The credentials to sign the next request with.
    fn provide_credentials(&self) -> CredentialsFuture<'_>;
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
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for std::sync::Arc<T> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}
