//! A caching wrapper that refreshes expiring credentials ahead of time.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::sync::Mutex;

use super::{Credentials, CredentialsFuture, ProvideCredentials};

/// Caches another provider's answer. Credentials without an expiry (and anonymity) are kept
/// for good; expiring ones are refreshed once less than the refresh window (default 5 min)
/// remains. Credentials that arrive with less than the window left are used for half of
/// their remaining life before the next refresh, so a short-lived answer does not cause
/// a refresh per request. Concurrent callers share one refresh (they wait on one lock);
/// errors are not cached.
#[derive(Debug, Clone)]
pub struct CachedCredentials {
    inner: Arc<dyn ProvideCredentials>,
    window: Duration,
    clock: fn() -> SystemTime,
    cached: Arc<Mutex<Option<Entry>>>,
}

/// A cached answer and when to ask again (`None`: never).
#[derive(Debug)]
struct Entry {
    credentials: Option<Credentials>,
    refresh_at: Option<SystemTime>,
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

    /// When to refresh credentials fetched at `now`.
    fn refresh_at(&self, credentials: &Option<Credentials>, now: SystemTime) -> Option<SystemTime> {
        let expiry = credentials.as_ref().and_then(Credentials::expiry)?;
        let left = expiry.duration_since(now).unwrap_or_default();
        Some(match left > self.window {
            true => expiry - self.window,
            false => now + left / 2,
        })
    }
}

impl ProvideCredentials for CachedCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let mut cached = self.cached.lock().await;
            let now = (self.clock)();
            let fresh = |e: &&Entry| e.refresh_at.is_none_or(|at| now < at);
            if let Some(entry) = cached.as_ref().filter(fresh) {
                return Ok(entry.credentials.clone());
            }
            let credentials = self.inner.provide_credentials().await?;
            let refresh_at = self.refresh_at(&credentials, (self.clock)());
            // The access key id and times only: never the secret or the token.
            tracing::debug!(
                access_key = credentials.as_ref().map(|c| c.keys().access_key()),
                refresh_at = ?refresh_at,
                "credentials fetched"
            );
            *cached = Some(Entry {
                credentials: credentials.clone(),
                refresh_at,
            });
            Ok(credentials)
        })
    }

    fn credentials_now(&self) -> Option<Option<Credentials>> {
        // Busy (a refresh under way) counts as not at hand.
        let cached = self.cached.try_lock().ok()?;
        let now = (self.clock)();
        cached
            .as_ref()
            .filter(|e| e.refresh_at.is_none_or(|at| now < at))
            .map(|e| e.credentials.clone())
    }
}
