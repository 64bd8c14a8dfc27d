//! `SigV4Layer`: credentials provider, default region, clock and signing-key cache.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use newtera_sign::SigningKeyCache;
use tower_layer::Layer;

use super::SigV4;
use super::credentials::ProvideCredentials;

pub(super) type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// Signs every request with AWS Signature Version 4 (see [`crate::sigv4`]).
#[derive(Clone)]
pub struct SigV4Layer {
    pub(super) settings: Arc<Settings>,
}

pub(super) struct Settings {
    pub(super) provider: Arc<dyn ProvideCredentials>,
    pub(super) region: Arc<str>,
    pub(super) clock: Clock,
    pub(super) keys: Arc<SigningKeyCache>,
}

impl SigV4Layer {
    /// Signs with `provider`'s credentials for `region` (unless a request says otherwise).
    pub fn new(provider: impl ProvideCredentials + 'static, region: impl Into<String>) -> Self {
        Self::from_arc(Arc::new(provider), region)
    }

    /// As [`new`](Self::new), sharing an existing provider.
    pub fn from_arc(provider: Arc<dyn ProvideCredentials>, region: impl Into<String>) -> Self {
        let settings = Settings {
            provider,
            region: region.into().into(),
            clock: Arc::new(SystemTime::now),
            keys: Arc::new(SigningKeyCache::new()),
        };
        Self {
            settings: Arc::new(settings),
        }
    }

    /// Reads the signing time from `clock` instead of the system clock (tests, replays).
    #[must_use]
    pub fn with_clock(self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        let s = &self.settings;
        let settings = Settings {
            provider: s.provider.clone(),
            region: s.region.clone(),
            clock: Arc::new(clock),
            keys: s.keys.clone(),
        };
        Self {
            settings: Arc::new(settings),
        }
    }
}

impl fmt::Debug for SigV4Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigV4Layer")
            .field("provider", &self.settings.provider)
            .field("region", &self.settings.region)
            .finish_non_exhaustive()
    }
}

impl<S> Layer<S> for SigV4Layer {
    type Service = SigV4<S>;

    fn layer(&self, inner: S) -> SigV4<S> {
        SigV4::new(inner, self.settings.clone())
    }
}
