//! A caching wrapper that refreshes expiring credentials ahead of time.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::sync::Mutex;

use super::{Credentials, CredentialsFuture, ProvideCredentials};

/// Caches another provider's answer. Credentials without an expiry (and anonymity) are kept
/// for good; expiring ones are refreshed once less than the refresh window (default 5 min)
/// remains. Concurrent callers share one refresh.
#[derive(Debug, Clone)]
pub struct CachedCredentials {
    inner: Arc<dyn ProvideCredentials>,
    window: Duration,
    clock: fn() -> SystemTime,
    cached: Arc<Mutex<Option<Option<Credentials>>>>,
}

impl CachedCredentials {
    /// Caches `inner`'s credentials.
    pub fn new(inner: impl ProvideCredentials + 'static) -> Self {
        Self {
            inner: Arc::new(inner),
            window: Duration::from_secs(300),
            clock: SystemTime::now,
            cached: Arc::new(Mutex::new(None)),
        }
    }

    /// How long before expiry credentials are refreshed.
    #[must_use]
    pub fn refresh_window(mut self, window: Duration) -> Self {
        self.window = window;
        self
    }

    /// Uses `clock` instead of the system clock (tests).
    #[must_use]
    pub fn with_clock(mut self, clock: fn() -> SystemTime) -> Self {
        self.clock = clock;
        self
    }

    fn is_fresh(&self, credentials: &Option<Credentials>) -> bool {
        match credentials.as_ref().and_then(Credentials::expiry) {
            None => true,
            Some(expiry) => (self.clock)() + self.window < expiry,
        }
    }
}

impl ProvideCredentials for CachedCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let mut cached = self.cached.lock().await;
            if let Some(credentials) = cached.as_ref().filter(|c| self.is_fresh(c)) {
                return Ok(credentials.clone());
            }
            let fresh = self.inner.provide_credentials().await?;
            *cached = Some(fresh.clone());
            Ok(fresh)
        })
    }
}
