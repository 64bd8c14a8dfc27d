//! Access keys, with secrets that never reach `Debug` or `Display`.

use std::fmt;
use std::sync::Arc;

use crate::error::{Error, Result};

/// An access key, its secret and an optional session token.
///
/// `Debug` and `Display` show the access key only; the secret and the token
/// are replaced by `***`.
///
/// ```
/// use newtera_sign::Credentials;
/// let c = Credentials::new("AKID", "very-secret").with_session_token("token");
/// assert_eq!(c.session_token(), Some("token"));
/// assert!(!format!("{c:?}{c}").contains("very-secret"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    // Shared: signing clones the credentials for every request.
    access_key: Arc<str>,
    secret_key: Arc<str>,
    session_token: Option<Arc<str>>,
}

impl Credentials {
    /// Long-term credentials: an access key and its secret.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self {
            access_key: access_key.into().into(),
            secret_key: secret_key.into().into(),
            session_token: None,
        }
    }

    /// Adds the session token of temporary (STS) credentials.
    #[must_use]
    pub fn with_session_token(mut self, token: impl Into<String>) -> Self {
        self.session_token = Some(token.into().into());
        self
    }

    /// The access key id.
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// The secret access key. Handle with care: never log it.
    pub fn secret_key(&self) -> &str {
        &self.secret_key
    }

    /// The session token, if these are temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// Checks what signing relies on: the access key goes into the
    /// credential scope (so it cannot hold `/`), the secret must exist, and
    /// the token travels in a header.
    pub(crate) fn validate(&self) -> Result<()> {
        let visible = |s: &str| s.bytes().all(|b| b.is_ascii_graphic());
        if self.access_key.is_empty() || !visible(&self.access_key) {
            return Err(Error::InvalidCredentials {
                reason: "access key is empty or not visible ASCII",
            });
        }
        if self.access_key.contains('/') {
            return Err(Error::InvalidCredentials {
                reason: "access key contains `/`",
            });
        }
        if self.secret_key.is_empty() {
            return Err(Error::InvalidCredentials {
                reason: "secret key is empty",
            });
        }
        match &self.session_token {
            Some(t) if t.is_empty() || !visible(t) => Err(Error::InvalidCredentials {
                reason: "session token is empty or not visible ASCII",
            }),
            _ => Ok(()),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .field("secret_key", &"***")
            .field("session_token", &self.session_token.as_ref().map(|_| "***"))
            .finish()
    }
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (secret ***)", self.access_key)
    }
}
